/* SPDX-License-Identifier: MIT */
/*
 * plugin.cycles -- a host that loads, uses and unloads the SendGrid plugin
 * again and again: 1000 cycles of auth_loader create, load_file (the real
 * sendgrid.so, init), login against an HTTPS sandbox, unload (teardown and
 * dlclose) and destroy, in one process.  No crash, every login AUTH_OK with a
 * URL that logs into the account, nothing secret logged, and resident memory
 * grows by under 1 MiB from the end of a warm-up to the end.
 *
 * The cycle count is 1000 / TS_LOAD_SCALE (testsupport.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/CUnit.h>
#include <curl/curl.h>

#include <panelsso/auth_loader.h>
#include "testsupport.h"

#define MAX_GROWTH (1024L * 1024L)

static const char *plugin_path;
static char tmpdir[256], key_path[300], api_key[128], ca_file[300];
static ts_sandbox sb;

/* The log sink keeps nothing (a growing capture would hide or fake a leak):
 * it counts lines and checks each for the key and for a one-time code. */
static long log_lines, log_leaks;

static void count_and_check(void *ctx, int level, const char *line)
{
    (void)ctx;
    (void)level;
    log_lines++;
    if (strstr(line, api_key) != NULL || ts_has_code(line)) {
        log_leaks++;
        fprintf(stderr, "SECRET LEAK in a log line (level %d, %zu chars)\n", level,
                strlen(line));
    }
}

static int suite_setup(void)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    ts_env_required("SANDBOX_BIN");
    plugin_path = ts_env_required("SENDGRID_PLUGIN");
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0 ||
        ts_make_key(tmpdir, "cycles", api_key, sizeof api_key, key_path,
                    sizeof key_path) != 0 ||
        ts_sandbox_start_tls(&sb, "global", key_path) != 0)
        return -1;
    return 0;
}

static int suite_cleanup(void)
{
    ts_sandbox_stop(&sb);
    return 0;
}

/* One cycle, as a host would run it.  1 if everything a user would see was
 * right, 0 otherwise (printed). */
static int one_cycle(int i, CURL *visitor)
{
    char s_key[400], s_g[120], s_ca[400], account[64], acct_attr[80];
    snprintf(s_key, sizeof s_key, "api_key_file=%s", key_path);
    snprintf(s_g, sizeof s_g, "global_base_url=%s", sb.base_url);
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", ca_file);
    const char *settings[] = {s_key, s_g, s_ca, "redirect_hosts=127.0.0.1",
                              "timeout_ms=5000", "connect_timeout_ms=2000", NULL};
    /* A different account each cycle, so a URL from an old cycle would show. */
    snprintf(account, sizeof account, "cycle-%04d", i);
    snprintf(acct_attr, sizeof acct_attr, "account_id=%s", account);
    const char *attrs[] = {"tenant=cycles", acct_attr, "region=global", NULL};

    auth_loader_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = count_and_check;
    cfg.log_level = AUTH_LOG_INFO;
    auth_loader *l = NULL;
    auth_result r;
    auth_result_init(&r);
    if (auth_loader_create(&cfg, &l, &r) != AUTH_OK) {
        fprintf(stderr, "cycle %d: auth_loader_create: %s\n", i, r.log_message);
        return 0;
    }
    int good = 0;
    auth_result_init(&r);
    if (auth_loader_load_file(l, plugin_path, "sendgrid", settings, &r) != AUTH_OK) {
        fprintf(stderr, "cycle %d: loading %s: %s\n", i, plugin_path, r.log_message);
    } else {
        auth_result_init(&r);
        int rc = auth_loader_login(l, "sendgrid", attrs, &r);
        if (rc != AUTH_OK)
            fprintf(stderr, "cycle %d: login: %s: %s\n", i, auth_status_name(rc),
                    r.log_message);
        else if (!ts_url_is_login_on(r.redirect_url, &sb))
            fprintf(stderr, "cycle %d: the URL is not the sandbox's login page\n", i);
        else
            good = ts_visit_logs_into(visitor, r.redirect_url, ca_file, account, "global");
        if (strstr(r.log_message, api_key) || strstr(r.user_message, api_key) ||
            ts_has_code(r.log_message) || ts_has_code(r.user_message)) {
            fprintf(stderr, "SECRET LEAK in cycle %d's result messages\n", i);
            log_leaks++;
        }
    }
    auth_result_wipe(&r);
    auth_loader_unload_all(l);
    auth_loader_destroy(l);
    return good;
}

static void test_cycles_do_not_crash_fail_or_grow(void)
{
    const int cycles = ts_scaled(1000, 2);
    const int warm = ts_scaled(50, 1);
    CURL *visitor = curl_easy_init();
    CU_ASSERT_PTR_NOT_NULL_FATAL(visitor);
    int ok = 0;
    long rss_warm = -1, rss_end = -1;
    log_lines = log_leaks = 0;
    for (int i = 1; i <= cycles; i++) {
        ok += one_cycle(i, visitor);
        if (i == warm)
            rss_warm = ts_rss_bytes();
    }
    rss_end = ts_rss_bytes();
    curl_easy_cleanup(visitor);

    long sso = ts_sandbox_stat(&sb, ca_file, "sso_requests");
    long conns = ts_sandbox_stat(&sb, ca_file, "connections");
    printf("\n    %d cycles: %d logins AUTH_OK whose URL logged into its account; "
           "sandbox saw %ld SSO requests on %ld connections; %ld log lines\n",
           cycles, ok, sso, conns, log_lines);
    printf("    RSS after cycle %d and after cycle %d:", warm, cycles);
    CU_ASSERT_EQUAL(ok, cycles);
    CU_ASSERT_EQUAL(sso, cycles);
    /* Each instance has its own pool: a connection per cycle, none reused
     * from an unloaded instance (plus the visitor's and the stats calls). */
    CU_ASSERT(conns >= cycles);
    CU_ASSERT(log_lines >= cycles); /* at least the audit line of each login */
    CU_ASSERT_EQUAL(log_leaks, 0);
    CU_ASSERT_FATAL(rss_warm > 0 && rss_end > 0);
    CU_ASSERT(ts_rss_growth_within(rss_warm, rss_end, MAX_GROWTH));
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb.log_path), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb.stderr_path), 0);
}

static CU_TestInfo tests[] = {
    {"1000 create/load/login/unload/destroy cycles", test_cycles_do_not_crash_fail_or_grow},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("cycles", suite_setup, suite_cleanup, tests)
