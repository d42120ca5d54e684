/* webdriver.c -- chromedriver as a child, WebDriver calls over libcurl. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "webdriver.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#define CALL_TIMEOUT_MS 90000L  /* a first session start can be slow */

/* ---- redaction ------------------------------------------------------------- */

void wd_redact(const char *text, char *out, size_t size)
{
    size_t n = 0;
    const char *p = text ? text : "";
    if (size == 0)
        return;
    while (*p && n + 1 < size) {
        if (strncmp(p, "code=", 5) == 0) {
            const char *rep = "code=<redacted>";
            while (*rep && n + 1 < size)
                out[n++] = *rep++;
            p += 5;
            while (*p && *p != '&' && *p != '"' && *p != ' ' && *p != '\'' && *p != '\n')
                p++;
            continue;
        }
        out[n++] = *p++;
    }
    out[n] = '\0';
}

/* ---- the HTTP side ------------------------------------------------------------ */

typedef struct buf {
    char *data;
    size_t len;
} buf;

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
    buf *b = ctx;
    size_t len = size * n;
    char *g = realloc(b->data, b->len + len + 1);
    if (g == NULL)
        return 0;
    memcpy(g + b->len, p, len);
    b->data = g;
    b->len += len;
    b->data[b->len] = '\0';
    return len;
}

/* One WebDriver command.  On success stores the response's "value" (a new
 * reference the caller puts) in *value if value is not NULL. */
static int wd_call(wd_driver *d, const char *method, const char *path,
                   json_object *body, json_object **value, const char *what)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    char url[512], err[CURL_ERROR_SIZE] = "";
    buf resp = {NULL, 0};
    long status = 0;
    CURLcode rc;
    json_object *doc = NULL, *v = NULL;
    int ok = -1;

    if (value != NULL)
        *value = NULL;
    if (h == NULL)
        return -1;
    snprintf(url, sizeof url, "%s%s", d->base, path);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json; charset=utf-8");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (body != NULL) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS,
                         json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN));
    } else if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "{}");
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, CALL_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
    rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);

    if (rc != CURLE_OK) {
        fprintf(stderr, "webdriver %s: chromedriver did not answer: %s\n", what,
                err[0] ? err : curl_easy_strerror(rc));
        goto out;
    }
    doc = resp.data ? json_tokener_parse(resp.data) : NULL;
    if (doc == NULL || !json_object_object_get_ex(doc, "value", &v)) {
        fprintf(stderr, "webdriver %s: HTTP %ld without a JSON value\n", what, status);
        goto out;
    }
    if (status != 200) {
        json_object *e = NULL, *m = NULL;
        char msg[1024];
        json_object_object_get_ex(v, "error", &e);
        json_object_object_get_ex(v, "message", &m);
        wd_redact(m ? json_object_get_string(m) : "", msg, sizeof msg);
        fprintf(stderr, "webdriver %s: HTTP %ld %s: %s\n", what, status,
                e ? json_object_get_string(e) : "?", msg);
        goto out;
    }
    if (value != NULL)
        *value = json_object_get(v);
    ok = 0;
out:
    json_object_put(doc);
    free(resp.data);
    return ok;
}

static int session_path(wd_driver *d, char *out, size_t size, const char *suffix)
{
    if (d->session[0] == '\0') {
        fprintf(stderr, "webdriver: no session\n");
        return -1;
    }
    snprintf(out, size, "/session/%s%s", d->session, suffix);
    return 0;
}

/* A string "value" into out[size]. */
static int get_string(wd_driver *d, const char *suffix, char *out, size_t size,
                      const char *what)
{
    char path[256];
    json_object *v = NULL;
    int rc = -1;
    if (session_path(d, path, sizeof path, suffix) != 0)
        return -1;
    if (wd_call(d, "GET", path, NULL, &v, what) == 0 && json_object_is_type(v, json_type_string)) {
        snprintf(out, size, "%s", json_object_get_string(v));
        rc = 0;
    }
    json_object_put(v);
    return rc;
}

static char *get_string_alloc(wd_driver *d, const char *method, const char *suffix,
                              json_object *body, const char *what)
{
    char path[256];
    json_object *v = NULL;
    char *s = NULL;
    if (session_path(d, path, sizeof path, suffix) != 0)
        return NULL;
    if (wd_call(d, method, path, body, &v, what) == 0 && json_object_is_type(v, json_type_string))
        s = strdup(json_object_get_string(v));
    json_object_put(v);
    return s;
}

/* ---- browser set-up -------------------------------------------------------------- */

static int free_port(void)
{
    struct sockaddr_in a;
    socklen_t l = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &l) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* An NSS database under HOME that trusts the test CA for TLS servers: how
 * Chromium on Linux learns about a locally trusted root. */
static int trust_ca(wd_driver *d, const wd_paths *p)
{
    char pki[600], nssdb[700], db[720], out[600];
    const char *create[] = {p->certutil, "-N", "-d", db, "--empty-password", NULL};
    const char *add[] = {p->certutil, "-A", "-d", db, "-n", "panelsso-test-ca",
                         "-t", "C,,", "-i", p->ca_file, NULL};
    snprintf(pki, sizeof pki, "%s/.pki", d->home);
    snprintf(nssdb, sizeof nssdb, "%s/nssdb", pki);
    snprintf(db, sizeof db, "sql:%s", nssdb);
    snprintf(out, sizeof out, "%s/certutil.log", d->home);
    if (make_dir(pki) != 0 || make_dir(nssdb) != 0)
        return -1;
    if (pw_run(create, NULL, out, 30000) != 0 || pw_run(add, NULL, out, 30000) != 0) {
        fprintf(stderr, "certutil could not make the browser's NSS database trust %s\n",
                p->ca_file);
        pw_show_file("certutil", out);
        return -1;
    }
    return 0;
}

static int wait_ready(wd_driver *d)
{
    long waited = 0;
    for (;;) {
        json_object *v = NULL, *ready = NULL;
        int status = 0;
        /* Quiet while it starts: connection refused is expected. */
        CURL *h = curl_easy_init();
        char url[128];
        buf resp = {NULL, 0};
        snprintf(url, sizeof url, "%s/status", d->base);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_PROXY, "");
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
        if (curl_easy_perform(h) == CURLE_OK && resp.data != NULL) {
            json_object *doc = json_tokener_parse(resp.data);
            if (doc && json_object_object_get_ex(doc, "value", &v) &&
                json_object_object_get_ex(v, "ready", &ready))
                status = json_object_get_boolean(ready);
            json_object_put(doc);
        }
        curl_easy_cleanup(h);
        free(resp.data);
        if (status)
            return 0;
        if (waited >= 20000) {
            fprintf(stderr, "chromedriver did not become ready on %s within 20 s\n", d->base);
            pw_show_file("chromedriver", d->log);
            return -1;
        }
        pw_sleep_ms(100);
        waited += 100;
    }
}

static int new_session(wd_driver *d, const wd_paths *p)
{
    char profile_arg[600];
    const char *args[] = {
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
        "--no-proxy-server", "--password-store=basic", profile_arg, NULL};
    json_object *req = json_object_new_object(), *caps = json_object_new_object();
    json_object *always = json_object_new_object(), *opts = json_object_new_object();
    json_object *arr = json_object_new_array(), *v = NULL, *sid = NULL;
    size_t i;
    int rc = -1;
    snprintf(profile_arg, sizeof profile_arg, "--user-data-dir=%s", d->profile);
    for (i = 0; args[i] != NULL; i++)
        json_object_array_add(arr, json_object_new_string(args[i]));
    json_object_object_add(opts, "binary", json_object_new_string(p->chromium));
    json_object_object_add(opts, "args", arr);
    json_object_object_add(always, "browserName", json_object_new_string("chrome"));
    /* Real verification: the test CA is trusted through NSS, nothing else. */
    json_object_object_add(always, "acceptInsecureCerts", json_object_new_boolean(0));
    json_object_object_add(always, "pageLoadStrategy", json_object_new_string("normal"));
    json_object_object_add(always, "goog:chromeOptions", opts);
    json_object_object_add(caps, "alwaysMatch", always);
    json_object_object_add(req, "capabilities", caps);
    if (wd_call(d, "POST", "/session", req, &v, "new session") == 0 &&
        json_object_object_get_ex(v, "sessionId", &sid)) {
        snprintf(d->session, sizeof d->session, "%s", json_object_get_string(sid));
        rc = 0;
    } else {
        fprintf(stderr, "could not start %s through chromedriver\n", p->chromium);
        pw_show_file("chromedriver", d->log);
    }
    json_object_put(v);
    json_object_put(req);
    return rc;
}

int wd_start(wd_driver *d, const wd_paths *p)
{
    char port_arg[32], home_env[600];
    const char *argv[4];
    const char *env[2];
    memset(d, 0, sizeof *d);
    snprintf(d->home, sizeof d->home, "%s/browser-home", p->workdir);
    snprintf(d->profile, sizeof d->profile, "%s/browser-profile", p->workdir);
    snprintf(d->log, sizeof d->log, "%s/chromedriver.log", p->workdir);
    if (make_dir(d->home) != 0 || make_dir(d->profile) != 0 || trust_ca(d, p) != 0)
        return -1;
    d->port = free_port();
    if (d->port <= 0) {
        fprintf(stderr, "no free port for chromedriver\n");
        return -1;
    }
    snprintf(d->base, sizeof d->base, "http://127.0.0.1:%d", d->port);
    snprintf(port_arg, sizeof port_arg, "--port=%d", d->port);
    snprintf(home_env, sizeof home_env, "HOME=%s", d->home);
    argv[0] = p->chromedriver;
    argv[1] = port_arg;
    argv[2] = NULL;
    env[0] = home_env;
    env[1] = NULL;
    if (pw_child_start(&d->proc, "chromedriver", argv, env, d->log) != 0)
        return -1;
    if (wait_ready(d) != 0)
        return -1;
    return new_session(d, p);
}

/* Is `pid` a process whose command line names our profile directory? */
static int uses_profile(const char *pid, const char *profile_arg)
{
    char path[64], cmd[8192];
    size_t n, i;
    FILE *f;
    snprintf(path, sizeof path, "/proc/%s/cmdline", pid);
    f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    n = fread(cmd, 1, sizeof cmd - 1, f);
    fclose(f);
    for (i = 0; i < n; i++)
        if (cmd[i] == '\0')
            cmd[i] = ' ';
    cmd[n] = '\0';
    return strstr(cmd, profile_arg) != NULL;
}

/* Browser processes that escaped chromedriver's group (the crash handler
 * daemonizes): found by our own unique profile directory on their command
 * line, so nothing else is touched. */
static void kill_profile_users(const wd_driver *d)
{
    const char *profile_arg = d->profile;
    DIR *dir;
    struct dirent *e;
    if (d->profile[0] == '\0')
        return;
    dir = opendir("/proc");
    if (dir == NULL)
        return;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        if (uses_profile(e->d_name, profile_arg))
            kill((pid_t)atoi(e->d_name), SIGKILL);
    }
    closedir(dir);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void wd_kill_now(const wd_driver *d)
{
    if (d->proc.pid > 0)
        kill(-d->proc.pid, SIGKILL);
}

void wd_stop(wd_driver *d)
{
    if (d->session[0] != '\0') {
        char path[256];
        snprintf(path, sizeof path, "/session/%s", d->session);
        wd_call(d, "DELETE", path, NULL, NULL, "delete session");
        d->session[0] = '\0';
    }
    pw_child_stop(&d->proc, 5000);
    kill_profile_users(d);
    /* The profile is megabytes of browser state; the logs stay for
     * inspection. */
    if (d->profile[0] != '\0') {
        nftw(d->profile, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        d->profile[0] = '\0';
    }
}

/* ---- commands --------------------------------------------------------------------- */

int wd_navigate(wd_driver *d, const char *url)
{
    char path[256];
    json_object *body;
    int rc;
    if (session_path(d, path, sizeof path, "/url") != 0)
        return -1;
    body = json_object_new_object();
    json_object_object_add(body, "url", json_object_new_string(url));
    rc = wd_call(d, "POST", path, body, NULL, "navigate");
    json_object_put(body);
    return rc;
}

int wd_current_url(wd_driver *d, char *out, size_t size)
{
    return get_string(d, "/url", out, size, "current url");
}

int wd_wait_url(wd_driver *d, const char *prefix, long timeout_ms, char *out, size_t size)
{
    long waited = 0;
    for (;;) {
        if (wd_current_url(d, out, size) == 0 && strncmp(out, prefix, strlen(prefix)) == 0)
            return 0;
        if (waited >= timeout_ms)
            return -1;
        pw_sleep_ms(100);
        waited += 100;
    }
}

int wd_title(wd_driver *d, char *out, size_t size)
{
    return get_string(d, "/title", out, size, "title");
}

int wd_click(wd_driver *d, const char *css)
{
    char path[512];
    json_object *body = json_object_new_object(), *v = NULL;
    json_object *ref = NULL;
    const char *element = NULL;
    int rc = -1;
    json_object_object_add(body, "using", json_object_new_string("css selector"));
    json_object_object_add(body, "value", json_object_new_string(css));
    if (session_path(d, path, sizeof path, "/element") == 0 &&
        wd_call(d, "POST", path, body, &v, css) == 0 && json_object_is_type(v, json_type_object)) {
        /* The W3C web element identifier's fixed key. */
        if (json_object_object_get_ex(v, "element-6066-11e4-a52e-4f735466cecf", &ref))
            element = json_object_get_string(ref);
    }
    if (element != NULL) {
        char suffix[300];
        snprintf(suffix, sizeof suffix, "/element/%s/click", element);
        if (session_path(d, path, sizeof path, suffix) == 0)
            rc = wd_call(d, "POST", path, NULL, NULL, "click");
    } else {
        fprintf(stderr, "webdriver: no element matches %s\n", css);
    }
    json_object_put(v);
    json_object_put(body);
    return rc;
}

char *wd_page_source(wd_driver *d)
{
    return get_string_alloc(d, "GET", "/source", NULL, "page source");
}

char *wd_page_text(wd_driver *d)
{
    json_object *body = json_object_new_object();
    char *s;
    json_object_object_add(body, "script",
                           json_object_new_string("return document.body ? document.body.innerText : '';"));
    json_object_object_add(body, "args", json_object_new_array());
    s = get_string_alloc(d, "POST", "/execute/sync", body, "page text");
    json_object_put(body);
    return s;
}
