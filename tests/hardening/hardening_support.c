/* hardening_support.c -- the helpers of hardening.h. */
#include "hardening.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* ---- load scale ---------------------------------------------------------- */

int hz_load_scale(void)
{
    static int scale; /* 0: not read yet */
    if (scale > 0)
        return scale;
    const char *v = getenv("TS_LOAD_SCALE");
    if (v == NULL || *v == '\0') {
        scale = 1;
        return scale;
    }
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < 1 || n > 1000) {
        fprintf(stderr, "TS_LOAD_SCALE is '%s': give a whole number from 1 to 1000 "
                        "that divides the iteration counts, e.g. 10 for a tenth "
                        "(unset means 1, the full load)\n", v);
        exit(1);
    }
    scale = (int)n;
    return scale;
}

int hz_scaled(int n, int floor_n)
{
    int s = n / hz_load_scale();
    return s < floor_n ? floor_n : s;
}

/* ---- keys and sandboxes ---------------------------------------------------- */

int hz_make_key(const char *dir, const char *label, char *key, size_t key_size,
                char *path, size_t path_size)
{
    unsigned char raw[16];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
        fprintf(stderr, "hz_make_key: getrandom failed: %s\n", strerror(errno));
        return -1;
    }
    char hex[2 * sizeof raw + 1];
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    int k = snprintf(key, key_size, HZ_KEY_PREFIX "%s-%s", label, hex);
    int p = snprintf(path, path_size, "%s/%s.key", dir, label);
    if (k < 0 || (size_t)k >= key_size || p < 0 || (size_t)p >= path_size) {
        fprintf(stderr, "hz_make_key: buffer too small for the key or its path\n");
        return -1;
    }
    ts_secrets_add(key);
    char line[256];
    snprintf(line, sizeof line, "%s\n", key);
    return ts_write_file(path, line, 0600);
}

int hz_start_sandbox(ts_sandbox *sb, const char *region, const char *key_path)
{
    ts_sandbox_opts o;
    memset(&o, 0, sizeof o);
    o.tls = 1;
    o.region = region;
    o.api_key_file = key_path;
    return ts_sandbox_start(sb, &o);
}

/* ---- login URLs ------------------------------------------------------------ */

int hz_url_is_on(const char *url, const ts_sandbox *sb)
{
    size_t n = strlen(sb->base_url);
    return strncmp(url, sb->base_url, n) == 0 && strncmp(url + n, "/login?", 7) == 0;
}

void hz_remember_code(const char *url)
{
    const char *c = strstr(url, "code=");
    if (c != NULL && strlen(c + 5) >= 16)
        ts_secrets_add(c + 5);
}

int hz_visit_logs_into(CURL *handle, const char *url, const char *ca_file,
                       const char *account, const char *region)
{
    long status = 0;
    char body[4096], want[600];
    snprintf(want, sizeof want, "Logged in to SendGrid account <b>%s</b> (region %s)",
             account, region);
    int rc = handle ? ts_http_get_with(handle, url, ca_file, &status, body, sizeof body)
                    : ts_http_get(url, ca_file, &status, body, sizeof body);
    if (rc != 0)
        return 0; /* ts_http_get printed why */
    if (status == 200 && strstr(body, want) != NULL)
        return 1;
    const char *seen = strstr(body, "Logged in to");
    fprintf(stderr, "login page for account '%s' (region %s): HTTP %ld, %.*s\n", account,
            region, status, seen ? 120 : 80, seen ? seen : body);
    return 0;
}

/* ---- the sandbox's sso_log --------------------------------------------------- */

int hz_sso_entries(const char *json, const char *account, long *conn)
{
    /* Entries look like {"conn":N,"account":"...","raw_path":"...","status":S}. */
    char needle[600];
    snprintf(needle, sizeof needle, "\"account\":\"%s\"", account);
    int n = 0;
    *conn = -1;
    const char *log = strstr(json, "\"sso_log\"");
    for (const char *p = log; p != NULL && (p = strstr(p, needle)) != NULL; p++) {
        const char *c = p;
        while (c > log && strncmp(c, "\"conn\":", 7) != 0)
            c--;
        if (strncmp(c, "\"conn\":", 7) != 0)
            continue;
        if (n++ == 0)
            *conn = atol(c + 7);
    }
    return n;
}

/* ---- secrets in text --------------------------------------------------------- */

int hz_has_code(const char *text)
{
    for (const char *p = text; (p = strstr(p, "code=")) != NULL; p++) {
        size_t i = 0;
        while (i < 32 && isxdigit((unsigned char)p[5 + i]))
            i++;
        if (i == 32)
            return 1;
    }
    return 0;
}

/* ---- memory ---------------------------------------------------------------- */

long hz_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) {
        fprintf(stderr, "hz_rss_bytes: cannot read /proc/self/status: %s\n",
                strerror(errno));
        return -1;
    }
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(f);
    if (kb < 0)
        fprintf(stderr, "hz_rss_bytes: no VmRSS line in /proc/self/status\n");
    return kb < 0 ? -1 : kb * 1024;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HZ_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HZ_UNDER_SANITIZER 1
#endif

int hz_rss_is_meaningful(const char **why)
{
#ifdef HZ_UNDER_SANITIZER
    *why = "a sanitizer build: its shadow memory and quarantine grow without any "
           "leak, so the sanitizer checks for leaks instead";
    return 0;
#else
    /* valgrind runs the program with its preload library. */
    const char *pre = getenv("LD_PRELOAD");
    if (pre != NULL && (strstr(pre, "vgpreload") || strstr(pre, "valgrind"))) {
        *why = "running under valgrind: memcheck's own heap bookkeeping grows "
               "without any leak, so memcheck checks for leaks instead";
        return 0;
    }
    *why = NULL;
    return 1;
#endif
}

int hz_loader_with_logcap(int level, auth_loader **loader, ts_logcap **cap)
{
    *loader = NULL;
    *cap = ts_logcap_new();
    if (*cap == NULL)
        return -1;
    auth_loader_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = ts_logcap_log;
    cfg.log_ctx = *cap;
    cfg.log_level = level;
    auth_result r;
    auth_result_init(&r);
    if (auth_loader_create(&cfg, loader, &r) != AUTH_OK) {
        fprintf(stderr, "auth_loader_create: %s\n", r.log_message);
        ts_logcap_free(*cap);
        *cap = NULL;
        return -1;
    }
    return 0;
}
