/* SPDX-License-Identifier: MIT */
/* ts_http.c -- a verifying libcurl client for login URLs and the sandbox's
 * test hooks. */
#include "testsupport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct sink {
    char *buf;      /* fixed buffer (body) or NULL */
    size_t size, len;
    char *dyn;      /* growing buffer when buf is NULL */
    size_t cap;
    int oom;
} sink;

static size_t on_data(char *p, size_t sz, size_t nm, void *ud)
{
    sink *s = ud;
    size_t n = sz * nm;
    if (s->buf) {
        size_t room = s->size - 1 - s->len;
        size_t k = n < room ? n : room;
        memcpy(s->buf + s->len, p, k);
        s->len += k;
        s->buf[s->len] = '\0';
        return n;
    }
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16384;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *d = realloc(s->dyn, cap);
        if (!d) {
            s->oom = 1;
            return 0;
        }
        s->dyn = d;
        s->cap = cap;
    }
    memcpy(s->dyn + s->len, p, n);
    s->len += n;
    s->dyn[s->len] = '\0';
    return n;
}

/* The URL without its query, for messages: a login URL's query is secret. */
static void url_for_message(const char *url, char *out, size_t n)
{
    size_t l = strcspn(url, "?#");
    snprintf(out, n, "%.*s%s", (int)(l < 200 ? l : 200), url, url[l] ? "?<redacted>" : "");
}

static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Once per process; never cleaned up, as other code of the test program may
 * still use libcurl at exit. */
static void ensure_global_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, global_init);
}

static int perform(CURL *h, const char *method, const char *url, const char *ca_file,
                   long *status, sink *s, struct curl_slist *headers, const char *body,
                   size_t body_len)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    if (ca_file && *ca_file)
        curl_easy_setopt(h, CURLOPT_CAINFO, ca_file);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
    if (strcmp(method, "POST") == 0) {
        /* The path goes out as given: a test may send what a normalizing
         * client would have changed. */
        curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)(body ? body_len : 0));
    }
    if (headers != NULL)
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    if (rc != CURLE_OK) {
        char shown[300];
        url_for_message(url, shown, sizeof shown);
        fprintf(stderr, "HTTP %s %s failed: %s (%s)\n", method, shown, curl_easy_strerror(rc),
                errbuf[0] ? errbuf : "no details");
        return -1;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    return 0;
}

int ts_http_get_with(CURL *handle, const char *url, const char *ca_file, long *status,
                     char *body, size_t body_size)
{
    if (!handle || !url || !status || !body || body_size == 0) {
        fprintf(stderr, "ts_http_get: bad arguments\n");
        return -1;
    }
    body[0] = '\0';
    *status = 0;
    sink s = {body, body_size, 0, NULL, 0, 0};
    return perform(handle, "GET", url, ca_file, status, &s, NULL, NULL, 0);
}

int ts_http_get(const char *url, const char *ca_file, long *status, char *body,
                size_t body_size)
{
    ensure_global_init();
    CURL *h = curl_easy_init();
    if (!h) {
        fprintf(stderr, "ts_http_get: curl_easy_init failed\n");
        return -1;
    }
    int rc = ts_http_get_with(h, url, ca_file, status, body, body_size);
    curl_easy_cleanup(h);
    return rc;
}

int ts_http_post(const char *url, const char *ca_file, const char *const *headers,
                 const char *body, size_t body_len, long *status, char **answer)
{
    if (answer != NULL)
        *answer = NULL;
    *status = 0;
    ensure_global_init();
    CURL *h = curl_easy_init();
    if (!h) {
        fprintf(stderr, "ts_http_post: curl_easy_init failed\n");
        return -1;
    }
    struct curl_slist *list = NULL;
    for (const char *const *p = headers; p != NULL && *p != NULL; p++)
        list = curl_slist_append(list, *p);
    sink s = {0};
    int rc = perform(h, "POST", url, ca_file, status, &s, list, body, body_len);
    curl_slist_free_all(list);
    curl_easy_cleanup(h);
    if (rc == 0 && s.oom) {
        fprintf(stderr, "ts_http_post: out of memory reading the answer\n");
        rc = -1;
    }
    if (rc == 0 && answer != NULL)
        *answer = s.dyn ? s.dyn : calloc(1, 1);
    else
        free(s.dyn);
    return rc;
}

int ts_url_port(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    p = p ? strchr(p + 3, ':') : NULL;
    return p ? atoi(p + 1) : -1;
}

int ts_url_is_login_on(const char *url, const ts_sandbox *sb)
{
    size_t n = strlen(sb->base_url);
    return strncmp(url, sb->base_url, n) == 0 && strncmp(url + n, "/login?", 7) == 0;
}

int ts_visit_logs_into(CURL *handle, const char *url, const char *ca_file,
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

/* GET or POST a /_sandbox/ hook; the body in a malloc'd string. */
static int hook(const ts_sandbox *sb, const char *ca_file, const char *method,
                const char *path, char **out)
{
    *out = NULL;
    if (!sb || sb->port <= 0) {
        fprintf(stderr, "sandbox hook %s: the sandbox is not running\n", path);
        return -1;
    }
    ensure_global_init();
    CURL *h = curl_easy_init();
    if (!h) {
        fprintf(stderr, "sandbox hook %s: curl_easy_init failed\n", path);
        return -1;
    }
    char url[256];
    snprintf(url, sizeof url, "%s%s", sb->base_url, path);
    sink s = {0};
    long status = 0;
    int rc = perform(h, method, url, ca_file ? ca_file : sb->ca_file, &status, &s, NULL, NULL,
                     0);
    curl_easy_cleanup(h);
    if (rc == 0 && (status != 200 || s.oom || !s.dyn)) {
        fprintf(stderr, "sandbox hook %s %s answered %ld%s\n", method, url, status,
                s.oom ? " (out of memory reading it)" : "");
        rc = -1;
    }
    if (rc != 0) {
        free(s.dyn);
        return -1;
    }
    *out = s.dyn;
    return 0;
}

int ts_sandbox_stats(const ts_sandbox *sb, const char *ca_file, char **json_out)
{
    return hook(sb, ca_file, "GET", "/_sandbox/stats", json_out);
}

long ts_sandbox_stat(const ts_sandbox *sb, const char *ca_file, const char *field)
{
    char *json;
    if (ts_sandbox_stats(sb, ca_file, &json) != 0)
        return -1;
    char needle[128];
    snprintf(needle, sizeof needle, "\"%s\":", field);
    /* Top-level numeric fields come before "sso_log", whose entries could
     * hold look-alike text inside strings. */
    char *log = strstr(json, "\"sso_log\":");
    if (log)
        *log = '\0';
    char *p = strstr(json, needle);
    long v = -1;
    if (p) {
        char *end;
        v = strtol(p + strlen(needle), &end, 10);
        if (end == p + strlen(needle))
            v = -1;
    }
    if (v < 0)
        fprintf(stderr, "ts_sandbox_stat: no numeric field \"%s\" in the sandbox's stats\n", field);
    free(json);
    return v;
}

int ts_sandbox_reset(const ts_sandbox *sb, const char *ca_file)
{
    char *body;
    if (hook(sb, ca_file, "POST", "/_sandbox/reset", &body) != 0)
        return -1;
    free(body);
    return 0;
}

/* ---- ports ------------------------------------------------------------------- */

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

int ts_refusing_port(int *fd)
{
    struct sockaddr_in a = loopback(0);
    socklen_t alen = sizeof a;
    *fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (*fd < 0 || bind(*fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(*fd, (struct sockaddr *)&a, &alen) != 0) {
        fprintf(stderr, "ts_refusing_port: %s\n", strerror(errno));
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
        return -1;
    }
    return ntohs(a.sin_port);
}

int ts_port_answers(int port)
{
    struct sockaddr_in a = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}
