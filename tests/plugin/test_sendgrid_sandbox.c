/* SPDX-License-Identifier: MIT */
/* The SendGrid provider, loaded through the host loader as a panel would,
 * against two sandboxes (global and EU) over real TLS with a test CA.
 * Every assertion is on what a panel or its user sees: the status, the
 * messages, the URL, and what the sandbox says happened on the wire. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <CUnit/CUnit.h>
#include <curl/curl.h>

#include <panelsso/auth_loader.h>
#include "testsupport.h"
#include "ts_plugin_suite.h"

#define TIMEOUT_MS 2000

static char tmpdir[256], key_path[300], wrong_key_path[300];
static char api_key[64];
static const char *plugin_path;
static char ca_file[300], other_ca_file[300];
static ts_sandbox sb_global, sb_eu;
static ts_logcap *logcap;
static auth_loader *loader;

/* Everything the suite showed: result messages, for the secret scan. */
static ts_logcap *shown_texts;

static void seen(const char *text)
{
    ts_logcap_log(shown_texts, 0, text);
}

static int do_call(int check, const char *instance, const char *tenant,
                   const char *account, const char *region, auth_result *r)
{
    ts_attrs b;
    const char *const *attrs = ts_attrs_of(&b, tenant, account, region);
    auth_result_init(r);
    int rc = check ? auth_loader_check(loader, instance, attrs, r)
                   : auth_loader_login(loader, instance, attrs, r);
    seen(r->log_message);
    seen(r->user_message);
    if (r->redirect_url[0])
        ts_secrets_add_code(r->redirect_url);
    return rc;
}

static int login(const char *account, const char *region, auth_result *r)
{
    return do_call(0, "sendgrid", "acme", account, region, r);
}

static int load_instance(const char *name, const char *const *settings,
                         auth_result *r)
{
    auth_result_init(r);
    int rc = auth_loader_load_file(loader, plugin_path, name, settings, r);
    seen(r->log_message);
    return rc;
}

static int suite_setup(void)
{
    const char *pki =
        ts_plugin_suite_prereqs(&plugin_path, ca_file, sizeof ca_file, tmpdir, sizeof tmpdir);
    if (pki == NULL)
        return -1;
    snprintf(other_ca_file, sizeof other_ca_file, "%s/other-ca.pem", pki);
    /* A fresh key per run, so the scan cannot pass by luck. */
    snprintf(wrong_key_path, sizeof wrong_key_path, "%s/wrong.key", tmpdir);
    if (ts_make_key(tmpdir, "pk", api_key, sizeof api_key, key_path, sizeof key_path) != 0 ||
        ts_write_file(wrong_key_path, "SG.not-the-partner-key\n", 0600) != 0)
        return -1;

    if (ts_sandbox_start_tls(&sb_global, "global", key_path) != 0 ||
        ts_sandbox_start_tls(&sb_eu, "eu", key_path) != 0 ||
        (logcap = ts_logcap_new()) == NULL || (shown_texts = ts_logcap_new()) == NULL ||
        (loader = ts_loader_new(logcap, AUTH_LOG_DEBUG, 0)) == NULL)
        return -1;
    static const char *const extra[] = {"timeout_ms=2000", "connect_timeout_ms=1000",
                                        "max_retries=1", NULL};
    const ts_sendgrid_setup setup = {key_path, NULL, sb_global.base_url, sb_eu.base_url,
                                     ca_file, extra};
    auth_result r;
    int rc = ts_sendgrid_load(loader, "sendgrid", &setup, &r);
    seen(r.log_message);
    return rc == AUTH_OK ? 0 : -1;
}

static int suite_cleanup(void)
{
    auth_loader_destroy(loader);
    ts_sandbox_stop(&sb_global);
    ts_sandbox_stop(&sb_eu);
    ts_logcap_free(logcap);
    ts_logcap_free(shown_texts);
    return 0;
}

/* ---- region routing and the one-time URL -------------------------------- */

static long sso_requests(const ts_sandbox *sb)
{
    return ts_sandbox_stat(sb, ca_file, "sso_requests");
}

static void test_region_routing(void)
{
    long g0 = sso_requests(&sb_global), e0 = sso_requests(&sb_eu);
    auth_result r;
    CU_ASSERT_EQUAL_FATAL(login("acct-global-1", "global", &r), AUTH_OK);
    CU_ASSERT_EQUAL(ts_url_port(r.redirect_url), sb_global.port);
    CU_ASSERT_STRING_EQUAL(r.region, "global");
    CU_ASSERT_EQUAL(sso_requests(&sb_global), g0 + 1);
    CU_ASSERT_EQUAL(sso_requests(&sb_eu), e0);

    CU_ASSERT_EQUAL_FATAL(login("acct-eu-1", "eu", &r), AUTH_OK);
    CU_ASSERT_EQUAL(ts_url_port(r.redirect_url), sb_eu.port);
    CU_ASSERT_STRING_EQUAL(r.region, "eu");
    CU_ASSERT_EQUAL(sso_requests(&sb_global), g0 + 1);
    CU_ASSERT_EQUAL(sso_requests(&sb_eu), e0 + 1);

    /* No region: the default (global). */
    CU_ASSERT_EQUAL_FATAL(login("acct-default", NULL, &r), AUTH_OK);
    CU_ASSERT_EQUAL(ts_url_port(r.redirect_url), sb_global.port);
}

static void test_url_logs_in_once_and_expires_in_60s(void)
{
    auth_result r;
    struct timespec now;
    CU_ASSERT_EQUAL_FATAL(login("acct-eu-visit", "eu", &r), AUTH_OK);
    clock_gettime(CLOCK_REALTIME, &now);
    long long now_ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    CU_ASSERT(r.expires_at_ms > now_ms + 55000 && r.expires_at_ms <= now_ms + 60000);
    CU_ASSERT_EQUAL(r.http_status, 303);
    long status = 0;
    char body[4096];
    CU_ASSERT_EQUAL(ts_http_get(r.redirect_url, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "Logged in to SendGrid account <b>acct-eu-visit</b> (region eu)"));
    CU_ASSERT_EQUAL(ts_http_get(r.redirect_url, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 403);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "This login link has expired or was already used"));
}

static void test_location_is_never_followed(void)
{
    long g0 = ts_sandbox_stat(&sb_global, ca_file, "login_page_hits");
    long e0 = ts_sandbox_stat(&sb_eu, ca_file, "login_page_hits");
    CU_ASSERT(g0 >= 0 && e0 >= 0);
    auth_result r;
    for (int i = 0; i < 10; i++) {
        CU_ASSERT_EQUAL(login("acct-nofollow", i % 2 ? "eu" : "global", &r), AUTH_OK);
    }
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_global, ca_file, "login_page_hits"), g0);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_eu, ca_file, "login_page_hits"), e0);
}

/* ---- every mapping, scripted by the sandbox ----------------------------- */

static void expect(const char *account, int status, const char *needle)
{
    auth_result r;
    int rc = login(account, "global", &r);
    if (rc != status || (needle && !strstr(r.log_message, needle)))
        fprintf(stderr, "\n  %s: got %s: %s\n", account, auth_status_name(rc),
                r.log_message);
    CU_ASSERT_EQUAL(rc, status);
    CU_ASSERT_EQUAL(r.status, status);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
    CU_ASSERT(strlen(r.user_message) > 0);
    if (needle)
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, needle));
}

static void test_status_mappings(void)
{
    expect("script-303-no-location", AUTH_ERR_PROTOCOL, "0 Location headers");
    expect("script-303-two-locations", AUTH_ERR_PROTOCOL, "2 Location headers");
    expect("script-303-foreign", AUTH_ERR_PROTOCOL, "'evil.example.net', which is not in redirect_hosts");
    expect("script-303-relative", AUTH_ERR_PROTOCOL, "not an absolute");
    expect("script-200", AUTH_ERR_PROTOCOL, "HTTP 200");
    expect("script-401", AUTH_ERR_AUTH_REJECTED, "error_id sbx-401");
    expect("script-403", AUTH_ERR_FORBIDDEN, "error_id sbx-403");
    expect("script-404", AUTH_ERR_NOT_FOUND, "error_id sbx-404");
    expect("missing-account", AUTH_ERR_NOT_FOUND, "sbx-account-not-found");
    expect("script-500", AUTH_ERR_UNAVAILABLE, "HTTP 500");
    expect("script-big-body", AUTH_ERR_PROTOCOL, "over 64 KiB");
    expect("script-big-chunked", AUTH_ERR_PROTOCOL, "over 64 KiB");
    expect("script-bad-json", AUTH_ERR_AUTH_REJECTED, "not SendGrid's JSON error format");
    expect("script-empty-errors", AUTH_ERR_AUTH_REJECTED, "gave no error message");
    expect("script-drop", AUTH_ERR_UNAVAILABLE, "closed before a complete response");
}

static void test_rate_limit_both_forms(void)
{
    const char *accounts[] = {"script-429-epoch", "script-429-seconds"};
    for (int i = 0; i < 2; i++) {
        auth_result r;
        CU_ASSERT_EQUAL(login(accounts[i], "global", &r), AUTH_ERR_RATE_LIMITED);
        /* The sandbox says 30 s; a second may pass between its clock and ours. */
        CU_ASSERT(r.retry_after_s >= 29 && r.retry_after_s <= 31);
        CU_ASSERT_EQUAL(r.http_status, 429);
    }
}

static long sso_log_count(const ts_sandbox *sb, const char *account)
{
    char *json = NULL;
    if (ts_sandbox_stats(sb, ca_file, &json) != 0)
        return -1;
    char needle[200];
    snprintf(needle, sizeof needle, "\"account\":\"%s\"", account);
    long n = 0;
    for (const char *p = json; (p = strstr(p, needle)) != NULL; p++)
        n++;
    free(json);
    return n;
}

static void test_retries(void)
{
    char account[64];
    snprintf(account, sizeof account, "script-503-once-%d", (int)getpid());
    auth_result r;
    CU_ASSERT_EQUAL(login(account, "global", &r), AUTH_OK);
    CU_ASSERT_EQUAL(sso_log_count(&sb_global, account), 2);

    /* Always 503: one try plus max_retries=1 more, then unavailable. */
    CU_ASSERT_EQUAL(login("script-503", "global", &r), AUTH_ERR_UNAVAILABLE);
    long n503 = sso_log_count(&sb_global, "script-503");
    CU_ASSERT(n503 >= 2 && n503 % 2 == 0);

    /* 500 is not retried. */
    long before = sso_log_count(&sb_global, "script-500");
    CU_ASSERT_EQUAL(login("script-500", "global", &r), AUTH_ERR_UNAVAILABLE);
    CU_ASSERT_EQUAL(sso_log_count(&sb_global, "script-500"), before + 1);
}

static void test_slow_server_times_out(void)
{
    auth_result r;
    long long t0 = ts_now_ms();
    CU_ASSERT_EQUAL(login("script-slow", "global", &r), AUTH_ERR_UNAVAILABLE);
    long long took = ts_now_ms() - t0;
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "timed out"));
    /* The feature under test is the timeout: the call ends at timeout_ms
     * (2000), far before the sandbox's 5000 ms answer. */
    CU_ASSERT(took >= TIMEOUT_MS - 50 && took < TIMEOUT_MS + 1500);
}

/* An instance `name` with the key file `key` and the CA `ca`: both a login
 * (call 0) and a check (call 1) end in `status`, the login's log message
 * saying `why`. */
static void expect_both_calls_fail(const char *name, const char *key, const char *ca,
                                   int status, const char *why)
{
    char s_key[400], s_g[120], s_ca[400];
    snprintf(s_key, sizeof s_key, "api_key_file=%s", key);
    snprintf(s_g, sizeof s_g, "global_base_url=%s", sb_global.base_url);
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", ca);
    const char *settings[] = {s_key, s_g, s_ca, "redirect_hosts=127.0.0.1", NULL};
    auth_result r;
    CU_ASSERT_EQUAL_FATAL(load_instance(name, settings, &r), AUTH_OK);
    CU_ASSERT_EQUAL(do_call(0, name, "acme", "acct-1", "global", &r), status);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, why));
    CU_ASSERT_EQUAL(do_call(1, name, "acme", NULL, "global", &r), status);
}

static void test_wrong_ca_is_tls_error(void)
{
    expect_both_calls_fail("sendgrid-wrong-ca", key_path, other_ca_file, AUTH_ERR_TLS,
                           "certificate");
}

static void test_wrong_key_is_rejected(void)
{
    expect_both_calls_fail("sendgrid-wrong-key", wrong_key_path, ca_file,
                           AUTH_ERR_AUTH_REJECTED, "authorization required");
}

static void test_check_does_not_mint_codes(void)
{
    long g0 = sso_requests(&sb_global), e0 = sso_requests(&sb_eu);
    auth_result r;
    CU_ASSERT_EQUAL(do_call(1, "sendgrid", "acme", NULL, "global", &r), AUTH_OK);
    CU_ASSERT_EQUAL(do_call(1, "sendgrid", "muller", NULL, "eu", &r), AUTH_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "accepted the partner API key"));
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
    CU_ASSERT_EQUAL(sso_requests(&sb_global), g0);
    CU_ASSERT_EQUAL(sso_requests(&sb_eu), e0);
}

/* ---- invalid requests and settings -------------------------------------- */

static void test_invalid_requests(void)
{
    auth_result r;
    CU_ASSERT_EQUAL(login(NULL, "global", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "no account_id"));
    CU_ASSERT_EQUAL(login("", "global", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(login("acct-1", "us", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "region 'us' is not supported"));
    char longid[300];
    memset(longid, 'a', 257);
    longid[257] = '\0';
    CU_ASSERT_EQUAL(login(longid, "global", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "longer than 256 bytes"));
    longid[256] = '\0';
    CU_ASSERT_EQUAL(login(longid, "global", &r), AUTH_OK); /* exactly 256 */
    CU_ASSERT_EQUAL(login("acct\x01x", "global", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "control characters"));
    CU_ASSERT_PTR_NULL(strchr(r.log_message, '\x01'));
}

static const char *last_raw_path(const ts_sandbox *sb, char *out, size_t n)
{
    char *json = NULL;
    out[0] = '\0';
    if (ts_sandbox_stats(sb, ca_file, &json) != 0)
        return out;
    const char *last = NULL;
    for (const char *p = json; (p = strstr(p, "\"raw_path\":\"")) != NULL; p++)
        last = p;
    if (last != NULL) {
        last += strlen("\"raw_path\":\"");
        size_t len = strcspn(last, "\"");
        snprintf(out, n, "%.*s", (int)len, last);
    }
    free(json);
    return out;
}

static void test_account_id_is_one_path_segment(void)
{
    char path[512];
    auth_result r;
    CU_ASSERT_EQUAL(login("a/b", "global", &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(last_raw_path(&sb_global, path, sizeof path),
                           "/v3/partners/accounts/a%2Fb/sso");
    CU_ASSERT_EQUAL(login("../x", "global", &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(last_raw_path(&sb_global, path, sizeof path),
                           "/v3/partners/accounts/%2E%2E%2Fx/sso");
    /* Only dots: a server may read it as a path step; never sent. */
    long before = sso_requests(&sb_global);
    CU_ASSERT_EQUAL(login("..", "global", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "account_id '..' is only dots"));
    CU_ASSERT_EQUAL(sso_requests(&sb_global), before);
    CU_ASSERT_EQUAL(login("a?b#c d", "global", &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(last_raw_path(&sb_global, path, sizeof path),
                           "/v3/partners/accounts/a%3Fb%23c%20d/sso");
}

static void test_invalid_settings_fail_at_init(void)
{
    auth_result r;
    const char *unknown[] = {"api_key_env=X", "timeuot_ms=1", NULL};
    CU_ASSERT_EQUAL(load_instance("bad1", unknown, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "unknown setting 'timeuot_ms'"));
    CU_ASSERT_FALSE(auth_loader_has(loader, "bad1"));

    char world[300], s_key[400];
    snprintf(world, sizeof world, "%s/world.key", tmpdir);
    CU_ASSERT_EQUAL(ts_write_file(world, "SG.world\n", 0644), 0);
    snprintf(s_key, sizeof s_key, "api_key_file=%s", world);
    const char *wr[] = {s_key, NULL};
    CU_ASSERT_EQUAL(load_instance("bad2", wr, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "readable by every user"));

    const char *none[] = {NULL};
    CU_ASSERT_EQUAL(load_instance("bad3", none, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "no API key configured"));
}

/* ---- concurrency: 16 threads x 500 logins on one instance --------------- */

#define THREADS 16
/* TS_LOAD_SCALE=N divides the logins per thread by N, for a quicker local
 * run under valgrind (where the threads run one at a time).  Unset, the
 * full 500, which is what CI runs, under valgrind too. */
#define PER_THREAD ts_scaled(500, 1)

typedef struct worker {
    int id;
    int ok, wrong, belongs;
} worker;

/* Each login's URL is spent right away, on the worker's own keep-alive
 * connection, well inside the code's 60 s lifetime however slow the run
 * (valgrind): the sandbox binds each code to the account it was minted
 * for, so the page proves which account the URL opens. */
static void *work(void *arg)
{
    worker *w = arg;
    CURL *visitor = curl_easy_init();
    for (int i = 0; i < PER_THREAD; i++) {
        char account[64];
        snprintf(account, sizeof account, "thr%02d-acct%03d", w->id, i);
        auth_result r;
        const char *region = (w->id + i) % 2 ? "eu" : "global";
        if (login(account, region, &r) == AUTH_OK &&
            ts_url_port(r.redirect_url) == (region[0] == 'e' ? sb_eu.port : sb_global.port)) {
            w->ok++;
            char want[128], body[2048];
            snprintf(want, sizeof want, "account <b>%s</b> (region %s)", account, region);
            long status = 0;
            if (visitor != NULL &&
                ts_http_get_with(visitor, r.redirect_url, ca_file, &status, body,
                                 sizeof body) == 0 &&
                status == 200 && strstr(body, want) != NULL)
                w->belongs++;
        } else {
            w->wrong++;
        }
        auth_result_wipe(&r);
    }
    curl_easy_cleanup(visitor);
    return NULL;
}

static void test_threads_each_get_their_own_account(void)
{
    static worker workers[THREADS];
    pthread_t tid[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t].id = t;
        workers[t].ok = workers[t].wrong = workers[t].belongs = 0;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&tid[t], NULL, work, &workers[t]), 0);
    }
    int ok = 0, belongs = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tid[t], NULL);
        ok += workers[t].ok;
        belongs += workers[t].belongs;
    }
    CU_ASSERT_EQUAL(ok, THREADS * PER_THREAD);
    CU_ASSERT_EQUAL(belongs, THREADS * PER_THREAD);
    printf("\n    %d logins from %d threads, %d URLs logged into their own account\n",
           ok, THREADS, belongs);
}

/* ---- a newer host's larger auth_result ------------------------------------ */

static void test_larger_result_from_a_newer_host(void)
{
    /* A host built against a later 1.x header passes a bigger auth_result:
     * the plugin fills what it knows, keeps the caller's struct_size and
     * never writes past its own fields. */
    enum { EXTRA = 64 };
    unsigned char *buf = malloc(sizeof(auth_result) + EXTRA);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    memset(buf, 0xAA, sizeof(auth_result) + EXTRA);
    auth_result *r = (auth_result *)buf;
    r->struct_size = sizeof(auth_result) + EXTRA;
    const char *attrs[] = {"tenant=acme", "account_id=newer-host", "region=eu", NULL};
    CU_ASSERT_EQUAL(auth_loader_login(loader, "sendgrid", attrs, r), AUTH_OK);
    seen(r->log_message);
    ts_secrets_add_code(r->redirect_url);
    CU_ASSERT_EQUAL(r->struct_size, sizeof(auth_result) + EXTRA);
    CU_ASSERT_EQUAL(ts_url_port(r->redirect_url), sb_eu.port);
    CU_ASSERT_STRING_EQUAL(r->region, "eu");
    size_t untouched = 0;
    for (size_t i = sizeof(auth_result); i < sizeof(auth_result) + EXTRA; i++)
        untouched += buf[i] == 0xAA;
    CU_ASSERT_EQUAL(untouched, EXTRA);
    auth_result_wipe(r);
    free(buf);
}

/* ---- audit and secrets -------------------------------------------------- */

static void test_audit_line_per_login(void)
{
    size_t before = ts_logcap_count(logcap, "sendgrid: login tenant=acme account=audit-me ");
    auth_result r;
    CU_ASSERT_EQUAL(login("audit-me", "eu", &r), AUTH_OK);
    CU_ASSERT_EQUAL(ts_logcap_count(logcap, "sendgrid: login tenant=acme account=audit-me "),
                    before + 1);
    CU_ASSERT_TRUE(ts_logcap_contains(logcap,
        "account=audit-me region=eu outcome=AUTH_OK http=303 error_id=- attempts=1 ms="));
    CU_ASSERT_EQUAL(login("script-403", "global", &r), AUTH_ERR_FORBIDDEN);
    CU_ASSERT_TRUE(ts_logcap_contains(logcap,
        "account=script-403 region=global outcome=AUTH_ERR_FORBIDDEN http=403 error_id=sbx-403"));
    /* A refused request is audited with what was asked, and a value made to
     * look like extra fields cannot add any. */
    CU_ASSERT_EQUAL(login("audit-me", "us", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_TRUE(ts_logcap_contains(logcap,
        "account=audit-me region=us outcome=AUTH_ERR_INVALID_REQUEST http=0"));
    CU_ASSERT_EQUAL(login("x outcome=AUTH_OK", "eu", &r), AUTH_OK);
    CU_ASSERT_TRUE(ts_logcap_contains(logcap,
        "account=\"x outcome=AUTH_OK\" region=eu outcome=AUTH_OK http=303"));
}

static void test_no_secret_in_any_log_or_message(void)
{
    /* Runs last: everything the suite logged, returned and the sandboxes
     * wrote, scanned for the key and every code handed out. */
    CU_ASSERT(ts_logcap_count(logcap, "sendgrid: login ") > (size_t)(THREADS * PER_THREAD));
    const ts_sandbox *const both[] = {&sb_global, &sb_eu};
    ts_scan_suite_output(tmpdir, logcap, shown_texts, "result messages", both, 2);
    /* The scan itself must be able to fail: the key is in the key file. */
    fprintf(stderr, "positive control: the next SECRET LEAK line is expected "
                    "(the key file holds the key)\n");
    CU_ASSERT(ts_secrets_scan_file(key_path) >= 1);
}

static CU_TestInfo tests[] = {
    {"region routing", test_region_routing},
    {"the URL logs in once and expires in 60 s", test_url_logs_in_once_and_expires_in_60s},
    {"the Location is never followed", test_location_is_never_followed},
    {"status mappings", test_status_mappings},
    {"429 with both reset forms", test_rate_limit_both_forms},
    {"retries", test_retries},
    {"a slow server times out", test_slow_server_times_out},
    {"the wrong CA is a TLS error", test_wrong_ca_is_tls_error},
    {"a wrong key is rejected", test_wrong_key_is_rejected},
    {"check does not mint codes", test_check_does_not_mint_codes},
    {"invalid requests", test_invalid_requests},
    {"account_id is one path segment", test_account_id_is_one_path_segment},
    {"invalid settings fail at init", test_invalid_settings_fail_at_init},
    {"16 threads x 500 logins", test_threads_each_get_their_own_account},
    {"a newer host's larger auth_result", test_larger_result_from_a_newer_host},
    {"one audit line per login", test_audit_line_per_login},
    {"no secret in any log or message", test_no_secret_in_any_log_or_message},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("sendgrid_sandbox", suite_setup, suite_cleanup, tests)
