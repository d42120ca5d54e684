/*
 * test_panel_web_http.c -- panel-web over plain HTTP with libcurl: the page,
 * the login redirect and its headers, every failure page, concurrency, the
 * log, SIGTERM and the command line.  The browser suite
 * (test_panel_web_browser.c) covers what a real browser does with it.
 *
 * Needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN, PANEL_WEB_BIN.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <curl/curl.h>

#include "fixture.h"
#include "http_client.h"

static pw_fixture fx;

static int has(const char *hay, const char *needle)
{
    return hay != NULL && strstr(hay, needle) != NULL;
}

static int suite_init(void)
{
    return pw_fixture_start(&fx) == 0 ? 0 : -1;
}

static int suite_clean(void)
{
    pw_fixture_stop(&fx);
    return 0;
}

static void get_root(pw_response *r)
{
    char url[128];
    snprintf(url, sizeof url, "%s/", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("GET", url, NULL, NULL, r), 0);
}

/* ---- the panel page ------------------------------------------------------ */

static void test_page_lists_tenants_with_post_forms(void)
{
    static pw_response r;
    char v[256];
    get_root(&r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_TRUE(pw_header(&r, "Content-Type", v, sizeof v) && has(v, "text/html"));
    CU_ASSERT_TRUE(pw_header(&r, "Cache-Control", v, sizeof v) && strcmp(v, "no-store") == 0);
    CU_ASSERT_TRUE(has(r.body, "<td class=\"tenant\">acme</td><td class=\"region\">global</td>"));
    CU_ASSERT_TRUE(has(r.body, "<td class=\"tenant\">muller</td><td class=\"region\">eu</td>"));
    CU_ASSERT_TRUE(has(r.body, "<form method=\"post\" action=\"/open\">"
                               "<input type=\"hidden\" name=\"tenant\" value=\"muller\">"
                               "<button type=\"submit\" id=\"open-muller\">Open SendGrid</button>"));
    CU_ASSERT_TRUE(has(r.body, "id=\"open-acme\""));
    CU_ASSERT_TRUE(has(r.body, "id=\"open-locked\""));
    /* POST forms only: no link may start a login. */
    CU_ASSERT_FALSE(has(r.body, "href=\"/open"));
    CU_ASSERT_FALSE(has(r.body, "method=\"get\""));
}

static void test_page_holds_no_secret(void)
{
    static pw_response r;
    get_root(&r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_FALSE(has(r.body, fx.api_key));
    CU_ASSERT_FALSE(has(r.body, "code="));
    CU_ASSERT_FALSE(has(r.body, fx.key_path));
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r.body, "panel page"), 0);
}

static void test_page_escapes_tenant_names(void)
{
    static pw_response r;
    get_root(&r);
    CU_ASSERT_TRUE(has(r.body, "<td class=\"tenant\">o&#39;hara &amp; &lt;sons&gt; &quot;ltd&quot;</td>"));
    CU_ASSERT_TRUE(has(r.body, "value=\"o&#39;hara &amp; &lt;sons&gt; &quot;ltd&quot;\""));
    CU_ASSERT_FALSE(has(r.body, "<sons>"));
}

static void test_head_root(void)
{
    static pw_response r;
    char url[128];
    snprintf(url, sizeof url, "%s/", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("HEAD", url, NULL, NULL, &r), 0);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(r.body_len, 0);
}

/* ---- logging in ---------------------------------------------------------- */

static void expect_redirect(const char *tenant, const ts_sandbox *sb, const char *account)
{
    static pw_response r;
    char loc[4200], v[128], expect[256], body[4096];
    long status = 0;
    CU_ASSERT_EQUAL_FATAL(pw_post_open(fx.panel_url, tenant, &r), 0);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_TRUE_FATAL(pw_header(&r, "Location", loc, sizeof loc));
    pw_remember_url_secret(loc);
    CU_ASSERT_TRUE(pw_header(&r, "Cache-Control", v, sizeof v) && strcmp(v, "no-store") == 0);
    CU_ASSERT_TRUE(pw_header(&r, "Referrer-Policy", v, sizeof v) && strcmp(v, "no-referrer") == 0);
    CU_ASSERT_EQUAL(r.body_len, 0);
    CU_ASSERT_EQUAL(strncmp(loc, "https://127.0.0.1:", 18), 0);
    CU_ASSERT_EQUAL(pw_url_port(loc), sb->port);
    CU_ASSERT_TRUE(has(loc, "/login?code="));

    CU_ASSERT_EQUAL_FATAL(ts_http_get(loc, fx.ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 200);
    snprintf(expect, sizeof expect, "Logged in to SendGrid account <b>%s</b> (region %s)",
             account, sb->region);
    CU_ASSERT_TRUE(has(body, expect));
    /* One-time: the same URL again is refused. */
    CU_ASSERT_EQUAL_FATAL(ts_http_get(loc, fx.ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 403);
    CU_ASSERT_TRUE(has(body, "This login link has expired or was already used"));
}

static void test_open_eu_tenant(void)
{
    expect_redirect("muller", &fx.eu, "acct-muller");
}

static void test_open_global_tenant(void)
{
    expect_redirect("acme", &fx.global, "acct-acme");
}

static void test_open_tenant_with_odd_name(void)
{
    expect_redirect(PW_ODD_TENANT, &fx.global, "acct-odd");
}

/* ---- failures -------------------------------------------------------------- */

static void expect_failure(const pw_response *r, long status, const char *message)
{
    char v[128], expect[600];
    CU_ASSERT_EQUAL(r->status, status);
    CU_ASSERT_FALSE(pw_header(r, "Location", v, sizeof v));
    CU_ASSERT_TRUE(pw_header(r, "Content-Type", v, sizeof v) && has(v, "text/html"));
    CU_ASSERT_TRUE(pw_header(r, "Cache-Control", v, sizeof v) && strcmp(v, "no-store") == 0);
    snprintf(expect, sizeof expect, "<p id=\"message\">%s</p>", message);
    CU_ASSERT_TRUE(has(r->body, expect));
    if (!has(r->body, expect))
        fprintf(stderr, "\n  expected %s in:\n%s\n", expect, r->body);
    CU_ASSERT_TRUE(has(r->body, "<a id=\"back\" href=\"/\">"));
}

static void test_forbidden_shows_user_message_only(void)
{
    static pw_response r;
    CU_ASSERT_EQUAL_FATAL(pw_post_open(fx.panel_url, "locked", &r), 0);
    expect_failure(&r, 502, "Your SendGrid account cannot be opened from here. Please "
                            "contact support.");
    CU_ASSERT_TRUE(has(r.body, "Could not open SendGrid"));
    /* The operator's detail stays in the log. */
    CU_ASSERT_FALSE(has(r.body, "sbx-403"));
    CU_ASSERT_FALSE(has(r.body, "SendGrid says"));
    CU_ASSERT_FALSE(has(r.body, "AUTH_ERR"));
    CU_ASSERT_FALSE(has(r.body, "script-403"));
}

static void test_rate_limited_is_429_with_retry_after(void)
{
    static pw_response r;
    char v[64];
    CU_ASSERT_EQUAL_FATAL(pw_post_open(fx.panel_url, "busy", &r), 0);
    expect_failure(&r, 429, "SendGrid is busy right now. Please try again in a minute.");
    CU_ASSERT_TRUE(pw_header(&r, "Retry-After", v, sizeof v));
    CU_ASSERT_STRING_EQUAL(v, "30");
}

static void test_unknown_tenant_is_404(void)
{
    static pw_response r;
    CU_ASSERT_EQUAL_FATAL(pw_post_open(fx.panel_url, "nobody<script>", &r), 0);
    expect_failure(&r, 404, "There is no such tenant in this panel.");
    CU_ASSERT_FALSE(has(r.body, "<script>"));
}

static void test_bad_requests_are_400(void)
{
    static const char *const form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    static const char *const json[] = {"Content-Type: application/json", NULL};
    static pw_response r;
    char url[128];
    snprintf(url, sizeof url, "%s/open", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("POST", url, form, "other=1", &r), 0);
    expect_failure(&r, 400, "No tenant was chosen.");
    CU_ASSERT_EQUAL_FATAL(pw_http("POST", url, form, "tenant=%zz", &r), 0);
    expect_failure(&r, 400, "The request was malformed.");
    CU_ASSERT_EQUAL_FATAL(pw_http("POST", url, json, "{\"tenant\":\"acme\"}", &r), 0);
    expect_failure(&r, 400, "The request was not a form submission.");
}

static void test_cross_site_post_is_refused_before_any_login(void)
{
    static const char *const evil[] = {
        "Content-Type: application/x-www-form-urlencoded",
        "Origin: http://evil.example", NULL};
    static const char *const site[] = {
        "Content-Type: application/x-www-form-urlencoded",
        "Sec-Fetch-Site: cross-site", NULL};
    static pw_response r;
    char url[128];
    long before = ts_sandbox_stat(&fx.eu, NULL, "sso_requests");
    snprintf(url, sizeof url, "%s/open", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("POST", url, evil, "tenant=muller", &r), 0);
    expect_failure(&r, 403, "This request did not come from the panel&#39;s own page. "
                            "Open the panel and use its buttons.");
    CU_ASSERT_EQUAL_FATAL(pw_http("POST", url, site, "tenant=muller", &r), 0);
    CU_ASSERT_EQUAL(r.status, 403);
    CU_ASSERT_TRUE(before >= 0);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&fx.eu, NULL, "sso_requests"), before);
}

static void test_same_origin_post_is_accepted(void)
{
    static pw_response r;
    static char origin[128];
    const char *hdrs[3];
    char url[128];
    snprintf(origin, sizeof origin, "Origin: %s", fx.panel_url);
    hdrs[0] = "Content-Type: application/x-www-form-urlencoded";
    hdrs[1] = origin;
    hdrs[2] = NULL;
    snprintf(url, sizeof url, "%s/open", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("POST", url, hdrs, "tenant=acme", &r), 0);
    CU_ASSERT_EQUAL(r.status, 303);
}

static void test_methods_and_paths(void)
{
    static pw_response r;
    char url[128], v[64];
    snprintf(url, sizeof url, "%s/open", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("GET", url, NULL, NULL, &r), 0);
    CU_ASSERT_EQUAL(r.status, 405);
    CU_ASSERT_TRUE(pw_header(&r, "Allow", v, sizeof v) && strcmp(v, "POST") == 0);
    snprintf(url, sizeof url, "%s/", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("DELETE", url, NULL, NULL, &r), 0);
    CU_ASSERT_EQUAL(r.status, 405);
    CU_ASSERT_TRUE(pw_header(&r, "Allow", v, sizeof v) && strcmp(v, "GET, HEAD") == 0);
    snprintf(url, sizeof url, "%s/admin?x=1", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(pw_http("GET", url, NULL, NULL, &r), 0);
    expect_failure(&r, 404, "There is no such page in this panel.");
}

/* ---- concurrency ----------------------------------------------------------- */

#define PARALLEL 12

typedef struct login_job {
    const char *tenant;
    long status;
    char location[4200];
} login_job;

static void *login_thread(void *arg)
{
    login_job *j = arg;
    pw_response *r = malloc(sizeof *r);
    if (r != NULL && pw_post_open(fx.panel_url, j->tenant, r) == 0) {
        j->status = r->status;
        pw_header(r, "Location", j->location, sizeof j->location);
    }
    free(r);
    return NULL;
}

static void test_concurrent_logins_get_distinct_urls(void)
{
    static login_job jobs[PARALLEL];
    pthread_t t[PARALLEL];
    int i, k, started[PARALLEL];
    for (i = 0; i < PARALLEL; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        jobs[i].tenant = i % 2 ? "muller" : "acme";
        started[i] = pthread_create(&t[i], NULL, login_thread, &jobs[i]) == 0;
        CU_ASSERT_TRUE(started[i]);
    }
    for (i = 0; i < PARALLEL; i++)
        if (started[i])
            pthread_join(t[i], NULL);
    for (i = 0; i < PARALLEL; i++) {
        CU_ASSERT_EQUAL(jobs[i].status, 303);
        pw_remember_url_secret(jobs[i].location);
        CU_ASSERT_EQUAL(pw_url_port(jobs[i].location), i % 2 ? fx.eu.port : fx.global.port);
        for (k = 0; k < i; k++)
            CU_ASSERT_STRING_NOT_EQUAL(jobs[i].location, jobs[k].location);
    }
}

/* ---- the log and the stop (run last: they stop panel-web) ----------------- */

static void test_log_names_requests_but_no_secret(void)
{
    char *log = pw_read_file(fx.panel_log);
    CU_ASSERT_PTR_NOT_NULL_FATAL(log);
    CU_ASSERT_TRUE(has(log, "panel-web: GET / -> 200\n"));
    CU_ASSERT_TRUE(has(log, "panel-web: POST /open -> 303\n"));
    CU_ASSERT_TRUE(has(log, "panel-web: POST /open -> 502\n"));
    CU_ASSERT_TRUE(has(log, "panel-web: GET /admin -> 404\n"));
    /* The operator's detail for the forbidden tenant is logged... */
    CU_ASSERT_TRUE(has(log, "tenant 'locked' (provider sendgrid): AUTH_ERR_FORBIDDEN:"));
    CU_ASSERT_TRUE(has(log, "sbx-403"));
    /* ...and no key, login code or URL query ever is. */
    CU_ASSERT_FALSE(has(log, "code="));
    CU_ASSERT_FALSE(has(log, "?x=1"));
    CU_ASSERT_EQUAL(ts_secrets_scan_text(log, "panel-web's log"), 0);
    free(log);
}

static void test_sigterm_stops_cleanly(void)
{
    char *log;
    CU_ASSERT_EQUAL(pw_fixture_stop_panel(&fx), 0);
    log = pw_read_file(fx.panel_log);
    CU_ASSERT_PTR_NOT_NULL_FATAL(log);
    CU_ASSERT_TRUE(has(log, "panel-web: stopped\n"));
    free(log);
}

/* ---- the command line -------------------------------------------------------- */

static int run_panel(const char *const *args, char **output)
{
    char path[600];
    const char *argv[12];
    int n = 0, rc;
    argv[n++] = ts_env_required("PANEL_WEB_BIN");
    for (; *args != NULL && n < 11; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    snprintf(path, sizeof path, "%s/cli.out", fx.dir);
    rc = pw_run(argv, NULL, path, 20000);
    *output = pw_read_file(path);
    return rc;
}

static void test_cli_refuses_non_loopback(void)
{
    const char *args[] = {"-c", fx.config_path, "--listen", "0.0.0.0:0", NULL};
    char *out = NULL;
    CU_ASSERT_EQUAL(run_panel(args, &out), 1);
    CU_ASSERT_TRUE(has(out, "not a loopback address"));
    free(out);
}

static void test_cli_requires_config(void)
{
    const char *args[] = {"--listen", "127.0.0.1:0", NULL};
    char *out = NULL;
    CU_ASSERT_EQUAL(run_panel(args, &out), 2);
    CU_ASSERT_TRUE(has(out, "pass -c CONFIG"));
    free(out);
}

static void test_cli_bad_config_says_where(void)
{
    char bad[600];
    const char *args[] = {"-c", bad, NULL};
    char *out = NULL;
    snprintf(bad, sizeof bad, "%s/bad.json", fx.dir);
    CU_ASSERT_EQUAL_FATAL(ts_write_file(bad, "{\"tenants\": [}\n", 0600), 0);
    CU_ASSERT_EQUAL(run_panel(args, &out), 1);
    CU_ASSERT_TRUE(has(out, "bad.json"));
    free(out);
}

int main(int argc, char **argv)
{
    CU_pSuite s;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("http", suite_init, suite_clean);
    CU_add_test(s, "page lists tenants with POST forms", test_page_lists_tenants_with_post_forms);
    CU_add_test(s, "page holds no secret", test_page_holds_no_secret);
    CU_add_test(s, "page escapes tenant names", test_page_escapes_tenant_names);
    CU_add_test(s, "HEAD /", test_head_root);
    CU_add_test(s, "open EU tenant: 303 to the EU sandbox, one-time", test_open_eu_tenant);
    CU_add_test(s, "open global tenant: 303 to the global sandbox", test_open_global_tenant);
    CU_add_test(s, "open tenant with an odd name", test_open_tenant_with_odd_name);
    CU_add_test(s, "forbidden: 502 with the user message only", test_forbidden_shows_user_message_only);
    CU_add_test(s, "rate limited: 429 with Retry-After", test_rate_limited_is_429_with_retry_after);
    CU_add_test(s, "unknown tenant: 404", test_unknown_tenant_is_404);
    CU_add_test(s, "bad requests: 400", test_bad_requests_are_400);
    CU_add_test(s, "cross-site POST refused before any login", test_cross_site_post_is_refused_before_any_login);
    CU_add_test(s, "same-origin POST accepted", test_same_origin_post_is_accepted);
    CU_add_test(s, "methods and paths", test_methods_and_paths);
    CU_add_test(s, "concurrent logins get distinct URLs", test_concurrent_logins_get_distinct_urls);
    CU_add_test(s, "log names requests but no secret", test_log_names_requests_but_no_secret);
    CU_add_test(s, "SIGTERM stops cleanly", test_sigterm_stops_cleanly);
    CU_add_test(s, "cli: refuses a non-loopback address", test_cli_refuses_non_loopback);
    CU_add_test(s, "cli: requires -c", test_cli_requires_config);
    CU_add_test(s, "cli: a bad config names the file", test_cli_bad_config_says_where);
    {
        int rc = ts_run_suites(argc, argv);
        curl_global_cleanup();
        return rc;
    }
}
