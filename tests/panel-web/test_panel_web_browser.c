/*
 * test_panel_web_browser.c -- panel-web end to end in a real headless
 * Chromium (Debian's chromium + chromium-driver), driven over WebDriver:
 * clicking a tenant's "Open SendGrid" button must land the browser on the
 * right region's sandbox, logged in to the right account, over HTTPS
 * verified against the test CA; the one-time URL must not work twice; a
 * failing tenant must show the user-safe message; the panel page must hold
 * no key and no code.
 *
 * Needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN,
 * PANEL_WEB_BIN, CHROMEDRIVER, CHROMIUM, CERTUTIL.  A missing browser fails
 * the test; it never skips.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <curl/curl.h>

#include "fixture.h"
#include "webdriver.h"

#define NAV_TIMEOUT_MS 30000

static pw_fixture fx;
static wd_driver wd;
/* The last login URLs the browser landed on (SECRET: never printed). */
static char eu_login_url[4200], global_login_url[4200];

static int has(const char *hay, const char *needle)
{
    return hay != NULL && strstr(hay, needle) != NULL;
}

/* A fatal signal must not leave a browser behind. */
static void on_fatal(int sig)
{
    wd_kill_now(&wd);
    signal(sig, SIG_DFL);
    raise(sig);
}

static const char *required_executable(const char *var, const char *package)
{
    const char *path = ts_env_required(var);
    if (access(path, X_OK) != 0) {
        fprintf(stderr,
                "missing prerequisite: %s=%s is not an executable (%s): install the %s "
                "package (scripts/deps.sh test); this test never skips\n",
                var, path, strerror(errno), package);
        exit(1);
    }
    return path;
}

static int suite_init(void)
{
    wd_paths p;
    if (pw_fixture_start(&fx) != 0)
        return -1;
    memset(&p, 0, sizeof p);
    p.chromedriver = getenv("CHROMEDRIVER");
    p.chromium = getenv("CHROMIUM");
    p.certutil = getenv("CERTUTIL");
    p.ca_file = fx.ca_file;
    p.workdir = fx.dir;
    if (wd_start(&wd, &p) != 0) {
        fprintf(stderr, "the browser could not be started (see above)\n");
        return -1;
    }
    return 0;
}

static int suite_clean(void)
{
    wd_stop(&wd);
    pw_fixture_stop(&fx);
    return 0;
}

static void open_panel(void)
{
    char url[128], title[256];
    snprintf(url, sizeof url, "%s/", fx.panel_url);
    CU_ASSERT_EQUAL_FATAL(wd_navigate(&wd, url), 0);
    CU_ASSERT_EQUAL(wd_title(&wd, title, sizeof title), 0);
    CU_ASSERT_STRING_EQUAL(title, "Control panel - email accounts");
}

static void test_panel_page(void)
{
    char *source, *text;
    open_panel();
    source = wd_page_source(&wd);
    text = wd_page_text(&wd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(source);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_TRUE(has(text, "acme"));
    CU_ASSERT_TRUE(has(text, "muller"));
    CU_ASSERT_TRUE(has(text, "Open SendGrid"));
    CU_ASSERT_TRUE(has(source, "id=\"open-muller\""));
    CU_ASSERT_TRUE(has(source, "id=\"open-acme\""));
    /* Nothing secret in what the browser got. */
    CU_ASSERT_FALSE(has(source, fx.api_key));
    CU_ASSERT_FALSE(has(source, "code="));
    CU_ASSERT_EQUAL(ts_secrets_scan_text(source, "panel page in the browser"), 0);
    free(source);
    free(text);
}

/* Click the tenant's button; the browser must land on `sb`'s login page,
 * logged in to `account`.  The login URL goes to url_out. */
static void click_and_land(const char *tenant, const ts_sandbox *sb, const char *account,
                           char *url_out, size_t url_size)
{
    char css[128], prefix[128], expect[256], title[256];
    char *text, *source;
    open_panel();
    snprintf(css, sizeof css, "#open-%s", tenant);
    CU_ASSERT_EQUAL_FATAL(wd_click(&wd, css), 0);
    snprintf(prefix, sizeof prefix, "https://127.0.0.1:%d/login?", sb->port);
    if (wd_wait_url(&wd, prefix, NAV_TIMEOUT_MS, url_out, url_size) != 0) {
        char shown[600];
        wd_redact(url_out, shown, sizeof shown);
        fprintf(stderr, "\n  after clicking %s the browser is at %s, not on %s\n", css,
                shown, prefix);
        CU_FAIL_FATAL("the browser did not land on the sandbox's login page");
    }
    pw_remember_url_secret(url_out);
    CU_ASSERT_EQUAL(pw_url_port(url_out), sb->port);

    text = wd_page_text(&wd);
    source = wd_page_source(&wd);
    snprintf(expect, sizeof expect, "Logged in to SendGrid account %s (region %s)", account,
             sb->region);
    CU_ASSERT_TRUE(has(text, expect));
    if (!has(text, expect))
        fprintf(stderr, "\n  expected \"%s\" in the page, which shows:\n%s\n", expect,
                text ? text : "(nothing)");
    snprintf(expect, sizeof expect, "<b>%s</b>", account);
    CU_ASSERT_TRUE(has(source, expect));
    CU_ASSERT_EQUAL(wd_title(&wd, title, sizeof title), 0);
    snprintf(expect, sizeof expect, "SendGrid sandbox - %s", account);
    CU_ASSERT_STRING_EQUAL(title, expect);
    free(text);
    free(source);
}

static void test_click_eu_tenant(void)
{
    click_and_land("muller", &fx.eu, "acct-muller", eu_login_url, sizeof eu_login_url);
}

static void test_click_global_tenant(void)
{
    click_and_land("acme", &fx.global, "acct-acme", global_login_url,
                   sizeof global_login_url);
}

static void expect_spent(const char *url)
{
    char *text;
    CU_ASSERT_FATAL(url[0] != '\0');
    CU_ASSERT_EQUAL_FATAL(wd_navigate(&wd, url), 0);
    text = wd_page_text(&wd);
    CU_ASSERT_TRUE(has(text, "This login link has expired or was already used"));
    CU_ASSERT_FALSE(has(text, "Logged in to SendGrid account"));
    free(text);
}

static void test_login_url_works_once(void)
{
    expect_spent(global_login_url);
    expect_spent(eu_login_url);
}

static void test_failing_tenant_shows_user_message(void)
{
    char prefix[128], url[4200], *text, *source;
    open_panel();
    CU_ASSERT_EQUAL_FATAL(wd_click(&wd, "#open-locked"), 0);
    snprintf(prefix, sizeof prefix, "%s/open", fx.panel_url);
    CU_ASSERT_EQUAL(wd_wait_url(&wd, prefix, NAV_TIMEOUT_MS, url, sizeof url), 0);
    CU_ASSERT_STRING_EQUAL(url, prefix);
    text = wd_page_text(&wd);
    source = wd_page_source(&wd);
    CU_ASSERT_TRUE(has(text, "Could not open SendGrid"));
    CU_ASSERT_TRUE(has(text, "Your SendGrid account cannot be opened from here. Please "
                             "contact support."));
    CU_ASSERT_TRUE(has(text, "Back to the panel"));
    CU_ASSERT_FALSE(has(source, "sbx-403"));
    CU_ASSERT_FALSE(has(source, "SendGrid says"));
    CU_ASSERT_FALSE(has(source, fx.api_key));
    free(text);
    free(source);
}

/* Each click spent exactly one SSO call: nothing prefetched or resubmitted. */
static void test_one_sso_call_per_click(void)
{
    CU_ASSERT_EQUAL(ts_sandbox_stat(&fx.global, NULL, "sso_requests"), 1);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&fx.eu, NULL, "sso_requests"), 2);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&fx.global, NULL, "login_ok"), 1);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&fx.eu, NULL, "login_ok"), 1);
}

static void test_logs_have_no_secret(void)
{
    char *log = pw_read_file(fx.panel_log);
    CU_ASSERT_PTR_NOT_NULL_FATAL(log);
    CU_ASSERT_TRUE(has(log, "panel-web: POST /open -> 303\n"));
    CU_ASSERT_TRUE(has(log, "panel-web: POST /open -> 502\n"));
    CU_ASSERT_FALSE(has(log, "code="));
    CU_ASSERT_EQUAL(ts_secrets_scan_text(log, "panel-web's log"), 0);
    /* chromedriver saw every URL the browser went to; its log keeps none. */
    CU_ASSERT_EQUAL(ts_secrets_scan_file(wd.log), 0);
    free(log);
}

int main(int argc, char **argv)
{
    CU_pSuite s;
    int rc;
    /* Checked first: without a browser this test fails, loudly. */
    required_executable("CHROMIUM", "chromium");
    required_executable("CHROMEDRIVER", "chromium-driver");
    required_executable("CERTUTIL", "libnss3-tools");
    signal(SIGTERM, on_fatal);
    signal(SIGINT, on_fatal);
    signal(SIGSEGV, on_fatal);
    signal(SIGABRT, on_fatal);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    s = CU_add_suite("browser", suite_init, suite_clean);
    CU_add_test(s, "panel page lists tenants and holds no secret", test_panel_page);
    CU_add_test(s, "EU tenant's button lands on the EU sandbox, logged in", test_click_eu_tenant);
    CU_add_test(s, "global tenant's button lands on the global sandbox, logged in", test_click_global_tenant);
    CU_add_test(s, "a login URL works once", test_login_url_works_once);
    CU_add_test(s, "failing tenant shows the user-safe message", test_failing_tenant_shows_user_message);
    CU_add_test(s, "one SSO call per click", test_one_sso_call_per_click);
    CU_add_test(s, "panel-web's and chromedriver's logs hold no secret", test_logs_have_no_secret);
    rc = ts_run_suites(argc, argv);
    curl_global_cleanup();
    return rc;
}
