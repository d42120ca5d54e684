/* SPDX-License-Identifier: MIT */
/*
 * plugin.faults.path_normalizing: account IDs that a server reads as path steps.
 *
 * The plugin sends an account ID as one percent-escaped path segment, so
 * ".." goes out as %2E%2E.  RFC 3986 lets a server decode unreserved
 * characters before it resolves dot-segments, and nginx does: behind it,
 * /v3/partners/accounts/%2E%2E/sso becomes /v3/partners/sso, and the
 * partner key is sent to an endpoint nobody chose.
 *
 * Against a real nginx (the Debian package) run as a reverse proxy on
 * loopback in front of the sandbox (plain HTTP, which the plugin allows to
 * loopback bases), this shows:
 *   a. the proxy normalizes: a raw request for .../accounts/%2E%2E/sso
 *      reaches the sandbox as /v3/partners/sso with the key, while the same
 *      request sent to the sandbox directly arrives as sent;
 *   b. the plugin refuses account IDs ".", ".." and "..." as invalid
 *      requests and sends nothing (the sandbox counts no request);
 *   c. IDs with dots that are not only dots ("a.b", ".a") still log in
 *      through the proxy, as the right account.
 * nginx missing is a failure (NGINX_BIN, found by CMake), never a skip.
 * The nginx process is stopped and every temporary file removed
 * afterwards, pass or fail (testsupport.h's temporary directories).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <CUnit/CUnit.h>
#include <curl/curl.h>

#include <panelsso/auth_loader.h>
#include "testsupport.h"

static const char *plugin_path, *nginx_bin;
static char tmpdir[256], key_path[300], nginx_dir[300];
static char api_key[64];
static ts_sandbox sandbox;
static ts_proc nginx;
static int nginx_port;
static char nginx_base[64];

/* nginx in the foreground, one process, everything under nginx_dir, as a
 * reverse proxy to the sandbox.  proxy_pass with a URI part ("/") sends
 * the upstream nginx's normalized URI: the everyday configuration.  The
 * access log leaves out query strings, as a deployment in front of login
 * URLs must: their query is the one-time code. */
static int start_nginx(void)
{
    if (ts_make_tempdir(nginx_dir, sizeof nginx_dir) != 0)
        return -1;
    for (int attempt = 0; attempt < 5; attempt++) {
        int fd;
        nginx_port = ts_refusing_port(&fd);
        if (fd >= 0)
            close(fd);
        char conf[4096], path[400], err_log[400];
        snprintf(conf, sizeof conf,
                 "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                 "pid %s/nginx.pid;\nerror_log %s/error.log info;\n"
                 "events { worker_connections 64; }\n"
                 "http {\n"
                 "  log_format no_query '$remote_addr \"$request_method $uri\" $status';\n"
                 "  access_log %s/access.log no_query;\n"
                 "  client_body_temp_path %s/body;\n  proxy_temp_path %s/proxy;\n"
                 "  fastcgi_temp_path %s/fastcgi;\n  uwsgi_temp_path %s/uwsgi;\n"
                 "  scgi_temp_path %s/scgi;\n"
                 "  server {\n    listen 127.0.0.1:%d;\n"
                 "    location / {\n      proxy_pass http://127.0.0.1:%d/;\n"
                 "      proxy_set_header Host $host;\n    }\n  }\n}\n",
                 nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir,
                 nginx_dir, nginx_dir, nginx_port, sandbox.port);
        snprintf(path, sizeof path, "%s/nginx.conf", nginx_dir);
        snprintf(err_log, sizeof err_log, "%s/error.log", nginx_dir);
        if (ts_write_file(path, conf, 0600) != 0)
            return -1;
        const char *argv[] = {nginx_bin, "-p", nginx_dir, "-c", path, "-e", err_log, NULL};
        char out_path[400];
        snprintf(out_path, sizeof out_path, "%s/output.txt", nginx_dir);
        if (ts_proc_start(&nginx, argv, out_path) != 0)
            return -1;
        for (int i = 0; i < 100; i++) {
            if (ts_proc_exited(&nginx, NULL)) {
                ts_show_file(out_path, "nginx's output");
                break;
            }
            if (ts_port_answers(nginx_port)) {
                snprintf(nginx_base, sizeof nginx_base, "http://127.0.0.1:%d",
                         nginx_port);
                return 0;
            }
            struct timespec ts = {0, 100000000L};
            nanosleep(&ts, NULL);
        }
        ts_proc_stop(&nginx);
        fprintf(stderr, "nginx (%s) did not come up on port %d\n", nginx_bin, nginx_port);
        ts_show_file(err_log, "nginx's error log");
    }
    return -1;
}

static int suite_setup_parts(void);
static int suite_cleanup(void);

static int suite_setup(void)
{
    if (suite_setup_parts() != 0) {
        suite_cleanup();  /* CUnit does not call it when set-up fails */
        return -1;
    }
    return 0;
}

static int suite_setup_parts(void)
{
    ts_env_required("SANDBOX_BIN");
    plugin_path = ts_env_required("SENDGRID_PLUGIN");
    nginx_bin = ts_env_required("NGINX_BIN");
    if (access(nginx_bin, X_OK) != 0) {
        fprintf(stderr, "missing prerequisite: nginx at '%s' (%s): install it with "
                "scripts/deps.sh test\n", nginx_bin, strerror(errno));
        return -1;
    }
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0 || ts_make_key(tmpdir, "pk", api_key, sizeof api_key, key_path, sizeof key_path) != 0)
        return -1;
    ts_sandbox_opts o;
    memset(&o, 0, sizeof o);
    o.api_key_file = key_path;
    if (ts_sandbox_start(&sandbox, &o) != 0)
        return -1;
    return start_nginx();
}

static int suite_cleanup(void)
{
    ts_proc_stop(&nginx);
    ts_sandbox_stop(&sandbox);
    if (sandbox.log_path[0] != '\0' && ts_secrets_scan_file(sandbox.log_path) != 0)
        fprintf(stderr, "a secret reached the sandbox's log\n");
    return 0;
}

/* ---- a. the proxy normalizes ------------------------------------------------ */

/* POST base + path verbatim (libcurl told not to touch the path), with the
 * partner key, as the plugin would send it.  The HTTP status, or -1. */
static long raw_post(const char *base, const char *path)
{
    char url[300], auth[120];
    snprintf(url, sizeof url, "%s%s", base, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", api_key);
    const char *headers[] = {auth, NULL};
    long status = -1;
    if (ts_http_post(url, NULL, headers, "", 0, &status, NULL) != 0)
        status = -1;
    return status;
}

/* How many lines the sandbox's request log holds; its last in `last`. */
static size_t log_lines(char *last, size_t size)
{
    size_t n = 0;
    last[0] = '\0';
    FILE *f = fopen(sandbox.log_path, "r");
    char line[1024];
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        snprintf(last, size, "%s", line);
        n++;
    }
    if (f != NULL)
        fclose(f);
    return n;
}

/* The sandbox logs a request after answering it: wait (up to 5 s) for the
 * line after the `before`th, and return it in out. */
static void next_log_line(size_t before, char *out, size_t size)
{
    for (int i = 0; i < 50 && log_lines(out, size) <= before; i++) {
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
}

/* Sends path with the key to base, and returns the request log's line
 * for it. */
static long post_and_log(const char *base, const char *path, char *line, size_t size)
{
    size_t before = log_lines(line, size);
    long status = raw_post(base, path);
    next_log_line(before, line, size);
    return status;
}

static void test_nginx_resolves_encoded_dot_segments(void)
{
    char line[1024];
    /* Straight to the sandbox: the path arrives as sent, and the sandbox
     * takes ".." for an account name like any other. */
    CU_ASSERT_EQUAL(post_and_log(sandbox.base_url, "/v3/partners/accounts/%2E%2E/sso",
                                 line, sizeof line), 303);
    printf("\n    direct:        %s", line);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "POST /v3/partners/accounts/%2E%2E/sso auth=yes"));
    /* Through nginx: decoded, resolved, and the key went one level up. */
    CU_ASSERT_EQUAL(post_and_log(nginx_base, "/v3/partners/accounts/%2E%2E/sso",
                                 line, sizeof line), 404);
    printf("    through nginx: %s", line);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "POST /v3/partners/sso auth=yes -> 404"));
    /* The same for a single dot: the account segment disappears, and the
     * POST lands on an account's own path (DeleteAccount), which takes no
     * POST. */
    CU_ASSERT_EQUAL(post_and_log(nginx_base, "/v3/partners/accounts/%2E/sso",
                                 line, sizeof line), 405);
    printf("    through nginx: %s", line);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "POST /v3/partners/accounts/sso auth=yes -> 405"));
}

/* ---- b and c. the plugin through nginx -------------------------------------- */

typedef struct panel {
    auth_loader *loader;
    ts_logcap *log;
} panel;

static void panel_open(panel *p)
{
    memset(p, 0, sizeof *p);
    const char *extra[] = {"timeout_ms=10000", "max_retries=0", NULL};
    ts_sendgrid_setup setup = {key_path, NULL, nginx_base, nginx_base, NULL, extra};
    p->log = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->log);
    p->loader = ts_loader_new(p->log, AUTH_LOG_DEBUG, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->loader);
    CU_ASSERT_EQUAL_FATAL(ts_sendgrid_load(p->loader, "sendgrid", &setup, NULL), AUTH_OK);
}

static void panel_close(panel *p)
{
    auth_loader_destroy(p->loader);
    char *text = ts_logcap_text(p->log);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(text, "the plugin's log lines"), 0);
    free(text);
    ts_logcap_free(p->log);
}

static int login(panel *p, const char *account, auth_result *r)
{
    char a[300];
    snprintf(a, sizeof a, "account_id=%s", account);
    const char *attrs[] = {"tenant=dots", a, "region=global", NULL};
    auth_result_init(r);
    int rc = auth_loader_login(p->loader, "sendgrid", attrs, r);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->log_message, "log_message"), 0);
    return rc;
}

static void test_dot_only_account_ids_are_refused_unsent(void)
{
    static const char *const dots[] = {".", "..", "..."};
    panel p;
    panel_open(&p);
    for (size_t i = 0; i < 3; i++) {
        long before = ts_sandbox_stat(&sandbox, NULL, "requests");
        auth_result r;
        int rc = login(&p, dots[i], &r);
        long after = ts_sandbox_stat(&sandbox, NULL, "requests");
        printf("\n    account_id '%s': %s, sandbox requests %ld -> %ld: %s", dots[i],
               auth_status_name(rc), before, after, r.log_message);
        CU_ASSERT_EQUAL(rc, AUTH_ERR_INVALID_REQUEST);
        CU_ASSERT_EQUAL(r.http_status, 0);
        CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "is only dots"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "set the tenant's SendGrid account ID"));
        CU_ASSERT(before >= 0);
        CU_ASSERT_EQUAL(after, before);
        auth_result_wipe(&r);
    }
    char audit[200];
    snprintf(audit, sizeof audit, "account=.. region=global "
             "outcome=AUTH_ERR_INVALID_REQUEST http=0 error_id=- attempts=0 ");
    CU_ASSERT_TRUE(ts_logcap_contains(p.log, audit));
    panel_close(&p);
}

static void test_ids_with_dots_still_log_in_through_nginx(void)
{
    static const char *const ids[] = {"a.b", ".a", "a..", "acct.example.com"};
    panel p;
    panel_open(&p);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        auth_result r;
        int rc = login(&p, ids[i], &r);
        if (rc != AUTH_OK)
            fprintf(stderr, "\n  '%s': %s: %s\n", ids[i], auth_status_name(rc),
                    r.log_message);
        CU_ASSERT_EQUAL(rc, AUTH_OK);
        if (rc == AUTH_OK) {
            /* The code was minted for this account: the login page says so. */
            long status = 0;
            char body[2048], want[200];
            CU_ASSERT_EQUAL(ts_http_get(r.redirect_url, NULL, &status, body, sizeof body), 0);
            CU_ASSERT_EQUAL(status, 200);
            snprintf(want, sizeof want, "Logged in to SendGrid account <b>%s</b>", ids[i]);
            CU_ASSERT_PTR_NOT_NULL(strstr(body, want));
        }
        auth_result_wipe(&r);
    }
    panel_close(&p);
    /* Neither the sandbox nor nginx wrote the key down. */
    char path[400];
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sandbox.log_path), 0);
    snprintf(path, sizeof path, "%s/access.log", nginx_dir);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(path), 0);
    snprintf(path, sizeof path, "%s/error.log", nginx_dir);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(path), 0);
}

static CU_TestInfo tests[] = {
    {"a. nginx resolves %2E%2E before it proxies", test_nginx_resolves_encoded_dot_segments},
    {"b. account IDs of only dots are refused and never sent",
     test_dot_only_account_ids_are_refused_unsent},
    {"c. account IDs with other dots still log in through nginx",
     test_ids_with_dots_still_log_in_through_nginx},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("path_normalizing", suite_setup, suite_cleanup, tests)
