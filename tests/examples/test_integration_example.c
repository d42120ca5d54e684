/* SPDX-License-Identifier: MIT */
/*
 * test_integration_example.c -- docs/integrating.md's example host,
 * samples/integration-example/open_sendgrid, run as a subprocess against two
 * HTTPS sandboxes (global and EU) signed by the test CA.  Every assertion is
 * on what the example prints (the browser's answer on stdout, the
 * operator's log on stderr) and on what following its URL does.
 *
 * Needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN,
 * OPEN_SENDGRID_BIN; and (from the build) the paths EXAMPLE_SOURCE and
 * INTEGRATING_DOC, to check that the docs show exactly this program.  The one-time codes and the API key are registered as
 * secrets; every output is scanned, and the test never prints a URL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "testsupport.h"
#include "ts_host.h"

#if !defined(EXAMPLE_SOURCE) || !defined(INTEGRATING_DOC)
#error "EXAMPLE_SOURCE and INTEGRATING_DOC must be defined by the build"
#endif

static const char *example_bin;
static ts_upstream up;

static int suite_setup(void)
{
    example_bin = ts_env_required("OPEN_SENDGRID_BIN");
    /* The example's PLUGIN_DIR: a directory holding only sendgrid.so. */
    return ts_upstream_start(&up);
}

static int suite_cleanup(void)
{
    ts_upstream_stop(&up);
    return 0;
}

/* Run the example for one tenant, with the settings that point the plugin
 * at the sandboxes, as the docs show it.  `key_file` NULL: the right key. */
static ts_proc_result run_example(const char *key_file, const char *tenant,
                                  const char *account, const char *region)
{
    ts_host_args a;
    return ts_proc_capture(ts_host_args_for(&a, &up, example_bin, key_file, tenant, account,
                                            region), NULL);
}

/* A login in `region` answers 303 with a Location on that region's sandbox
 * that logs `account` in exactly once. */
static void login_and_follow(const ts_sandbox *sb, const char *tenant,
                             const char *account, const char *region)
{
    ts_proc_result r = run_example(NULL, tenant, account, region);
    /* the operator's log has the audit line, with tenant and account */
    ts_check_host_login(&r, "open_sendgrid", sb, up.ca_file, tenant, account, region);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\r\n\r\n"));
    ts_proc_free(&r);
}

static void test_global_tenant_is_redirected_and_url_works_once(void)
{
    login_and_follow(&up.global, "acme", "acct-acme-42", "global");
}

static void test_eu_tenant_goes_to_the_eu_region(void)
{
    login_and_follow(&up.eu, "muller", "acct-muller-7", "eu");
}

/* A failed login: the browser's page holds the user message and nothing
 * for the operator; the operator's log holds the cause. */
static void test_unknown_account_shows_user_message(void)
{
    ts_proc_result r = run_example(NULL, "ghost", "script-404", "global");
    ts_check_host_exit(&r, "open_sendgrid", 1);
    ts_check_not_found_answer(r.out);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "login for tenant ghost failed: "
                                         "AUTH_ERR_NOT_FOUND: SendGrid (global) "
                                         "answered 404"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "check the tenant's account_id and region"));
    ts_proc_free(&r);
}

static void test_rate_limit_says_when_to_retry(void)
{
    ts_proc_result r = run_example(NULL, "busy", "script-429-seconds", "eu");
    ts_check_host_exit(&r, "open_sendgrid", 1);
    ts_check_rate_limited_answer(r.out);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "AUTH_ERR_RATE_LIMITED"));
    ts_proc_free(&r);
}

/* A wrong setting stops the host at start-up, naming the setting. */
static void test_unreadable_key_fails_at_load(void)
{
    char missing[400];
    snprintf(missing, sizeof missing, "%s/no-such.key", up.dir);
    ts_proc_result r = run_example(missing, "acme", "acct-acme-42", "global");
    ts_check_host_exit(&r, "open_sendgrid", 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "open_sendgrid: cannot load SendGrid: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "AUTH_ERR_CONFIG"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "api_key_file: cannot open"));
    ts_proc_free(&r);
}

/* The docs show the program ctest runs, not a copy that drifted. */
static void test_docs_show_this_exact_source(void)
{
    ts_check_doc_shows(INTEGRATING_DOC, EXAMPLE_SOURCE, "c");
}

static void test_usage(void)
{
    const char *argv[] = {example_bin, up.plugin_dir, NULL};
    ts_proc_result r;
    CU_ASSERT_EQUAL_FATAL(ts_proc_run(argv, NULL, 0, &r), 0);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "usage: open_sendgrid PLUGIN_DIR KEY_FILE "
                                         "TENANT ACCOUNT_ID REGION"));
    ts_proc_free(&r);
}

static CU_TestInfo tests[] = {
    {"global tenant: 303, URL logs in once", test_global_tenant_is_redirected_and_url_works_once},
    {"EU tenant: the EU region", test_eu_tenant_goes_to_the_eu_region},
    {"unknown account: user message, operator log", test_unknown_account_shows_user_message},
    {"rate limited: Retry-After", test_rate_limit_says_when_to_retry},
    {"unreadable key: fails at load", test_unreadable_key_fails_at_load},
    {"usage", test_usage},
    {"docs/integrating.md shows this source", test_docs_show_this_exact_source},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("integration", suite_setup, suite_cleanup, tests)
