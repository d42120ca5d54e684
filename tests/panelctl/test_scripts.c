/* SPDX-License-Identifier: MIT */
/*
 * test_scripts.c -- docs/integrating.md's examples for programs that call
 * panelctl --json: samples/panelctl-scripts/open_sendgrid.sh (shell, jq)
 * and open_sendgrid.pl (Perl, JSON::PP), each run as the panel would run
 * it, against two HTTPS sandboxes (global and EU) with the test CA, a
 * configuration without tenants in a private (0700) directory, and the
 * tenant's account_id and region on the command line.
 *
 * usage: test_panelctl_scripts run         (ctest panelctl.scripts)
 *        test_panelctl_scripts doc [DOC]   (ctest panelctl.scripts_doc):
 *            DOC (default docs/integrating.md) shows each script whole,
 *            byte for byte, in a ```sh or ```perl block
 *
 * "run" needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN; and
 * jq and perl on PATH.  The API key and every code are secrets: stderr is
 * scanned for them, and the test never prints a URL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "testsupport.h"
#include "ts_host.h"

#if !defined(PANELCTL_BIN) || !defined(SCRIPTS_DIR) || !defined(INTEGRATING_DOC)
#error "PANELCTL_BIN, SCRIPTS_DIR and INTEGRATING_DOC must be defined by the build"
#endif

static const struct {
    const char *file;      /* in SCRIPTS_DIR */
    const char *fence;     /* the docs' code block language */
    const char *name;      /* as its own messages name it */
} scripts[] = {
    {"open_sendgrid.sh", "sh", "open_sendgrid.sh"},
    {"open_sendgrid.pl", "perl", "open_sendgrid.pl"},
};
#define SCRIPT_COUNT (sizeof scripts / sizeof scripts[0])

static ts_upstream up;
static char config_path[300], bad_config_path[300];
static char *path_with_panelctl, *path_without_panelctl;

/* Is `program` an executable file in one of PATH's directories? */
static int on_path(const char *program)
{
    const char *path = getenv("PATH");
    char dir[4096], file[4200];
    while (path != NULL && *path != '\0') {
        size_t len = strcspn(path, ":");
        snprintf(dir, sizeof dir, "%.*s", (int)len, path);
        snprintf(file, sizeof file, "%s/%s", dir[0] ? dir : ".", program);
        if (access(file, X_OK) == 0)
            return 1;
        path += len + (path[len] == ':');
    }
    return 0;
}

static int suite_setup(void)
{
    const char *path = getenv("PATH");
    char bindir[600];

    /* What the scripts need besides panelctl: missing is a failure. */
    if (!on_path("jq") || !on_path("perl")) {
        fprintf(stderr, "FATAL: the scripts need jq and perl on PATH (%s): install them "
                "(scripts/deps.sh test)\n", path != NULL ? path : "(unset)");
        return -1;
    }
    snprintf(bindir, sizeof bindir, "%s", PANELCTL_BIN);
    *strrchr(bindir, '/') = '\0';
    if (asprintf(&path_with_panelctl, "%s:%s", bindir, path != NULL ? path : "/usr/bin:/bin") < 0 ||
        (path_without_panelctl = strdup(path != NULL ? path : "/usr/bin:/bin")) == NULL)
        return -1;

    /* Its directory is 0700: the configuration names the key file. */
    if (ts_upstream_start(&up) != 0)
        return -1;
    snprintf(config_path, sizeof config_path, "%s/panelsso.json", up.dir);
    snprintf(bad_config_path, sizeof bad_config_path, "%s/no-key.json", up.dir);
    char missing_key[400];
    snprintf(missing_key, sizeof missing_key, "%s/no-such.key", up.dir);
    /* providers only: the scripts pass the tenant with --provider/--attr */
    if (ts_upstream_write_config(&up, config_path, up.key_path, NULL) != 0 ||
        ts_upstream_write_config(&up, bad_config_path, missing_key, NULL) != 0)
        return -1;
    return 0;
}

static int suite_cleanup(void)
{
    int leaks;
    ts_upstream_stop(&up);
    /* the sandboxes' logs: no key, no code either */
    leaks = (up.global.log_path[0] && ts_secrets_scan_file(up.global.log_path) != 0) ||
            (up.eu.log_path[0] && ts_secrets_scan_file(up.eu.log_path) != 0);
    free(path_with_panelctl);
    free(path_without_panelctl);
    return leaks ? -1 : 0;
}

/* Run script `i` with PATH `path` (panelctl on it or not). */
static ts_proc_result run_script(size_t i, const char *path, const char *config,
                              const char *account, const char *region)
{
    char file[600];
    snprintf(file, sizeof file, "%s/%s", SCRIPTS_DIR, scripts[i].file);
    const char *argv[] = {file, config, account, region, NULL};
    if (config == NULL)
        argv[1] = NULL;
    char path_var[4200];
    snprintf(path_var, sizeof path_var, "PATH=%s", path);
    const char *env[] = {path_var, NULL};
    return ts_proc_capture(argv, env);
}

/* stderr is the operator's log: no key, no code. */
static void check_stderr(size_t i, const ts_proc_result *r)
{
    char where[64];
    snprintf(where, sizeof where, "%s stderr", scripts[i].name);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->err, where), 0);
}

/* A login that fails: run script `i` with panelctl on PATH; it exits 1 and
 * its stderr holds no secret. */
static ts_proc_result run_failed_login(size_t i, const char *config, const char *account,
                                       const char *region)
{
    ts_proc_result r = run_script(i, path_with_panelctl, config, account, region);
    check_stderr(i, &r);
    CU_ASSERT_EQUAL(r.exit_code, 1);
    return r;
}

/* A login answers 303, Location on the region's sandbox, no-store; the URL
 * logs the account in once. */
static void login_and_follow(size_t i, const ts_sandbox *sb, const char *account,
                             const char *region)
{
    ts_proc_result r = run_script(i, path_with_panelctl, config_path, account, region);
    char value[64];
    check_stderr(i, &r);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    if (r.exit_code != 0 && ts_secrets_scan_text(r.err, "") == 0)
        fprintf(stderr, "\n  %s exited %d, stderr: %s\n", scripts[i].name, r.exit_code, r.err);
    CU_ASSERT_EQUAL(ts_answer_header(r.out, "Content-Length", value, sizeof value), 0);
    CU_ASSERT_STRING_EQUAL(value, "0");
    /* the answer ends with its empty line, and nothing follows */
    size_t len = strlen(r.out);
    CU_ASSERT_TRUE(len >= 4 && strcmp(r.out + len - 4, "\r\n\r\n") == 0);
    CU_ASSERT_PTR_EQUAL(strstr(r.out, "\r\n\r\n"), r.out + len - 4);
    ts_check_login_answer(r.out, sb, up.ca_file, account, region);
    ts_proc_free(&r);
}

static void test_global_and_eu(void)
{
    for (size_t i = 0; i < SCRIPT_COUNT; i++) {
        login_and_follow(i, &up.global, "acct-acme-42", "global");
        login_and_follow(i, &up.eu, "acct-muller-7", "eu");
    }
}

/* A failed login: the user message for the browser, nothing internal; the
 * cause is panelctl's one line on stderr. */
static void test_unknown_account(void)
{
    for (size_t i = 0; i < SCRIPT_COUNT; i++) {
        ts_proc_result r = run_failed_login(i, config_path, "script-404", "global");
        ts_check_not_found_answer(r.out);
        CU_ASSERT_EQUAL(ts_count_lines(r.err), 1);
        CU_ASSERT_EQUAL(strncmp(r.err, "panelctl: login through provider 'sendgrid' failed "
                                       "(AUTH_ERR_NOT_FOUND): SendGrid (global) answered 404",
                                84), 0);
        if (r.exit_code != 1)
            fprintf(stderr, "\n  %s exited %d\n", scripts[i].name, r.exit_code);
        ts_proc_free(&r);
    }
}

static void test_rate_limited(void)
{
    for (size_t i = 0; i < SCRIPT_COUNT; i++) {
        ts_proc_result r = run_failed_login(i, config_path, "script-429-seconds", "eu");
        ts_check_rate_limited_answer(r.out);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "(AUTH_ERR_RATE_LIMITED)"));
        ts_proc_free(&r);
    }
}

/* panelctl refuses to load the plugin (its key file is missing): still a
 * page for the browser, and the reason on stderr. */
static void test_plugin_that_does_not_load(void)
{
    for (size_t i = 0; i < SCRIPT_COUNT; i++) {
        ts_proc_result r = run_failed_login(i, bad_config_path, "acct-acme-42", "global");
        CU_ASSERT_EQUAL(strncmp(r.out, "HTTP/1.1 502 Bad Gateway\r\n", 26), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\r\n\r\nSendGrid login failed. Please contact "
                                             "support.\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "which failed to load") ||
                               strstr(r.err, "the plugin failed to load"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "api_key_file"));
        ts_proc_free(&r);
    }
}

/* No panelctl, or the wrong arguments: nothing on stdout, never 0 or 1. */
static void test_usage_and_missing_panelctl(void)
{
    for (size_t i = 0; i < SCRIPT_COUNT; i++) {
        ts_proc_result r = run_script(i, path_with_panelctl, NULL, NULL, NULL);
        CU_ASSERT_EQUAL(r.exit_code, 2);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "usage: "));
        ts_proc_free(&r);
        r = run_script(i, path_without_panelctl, config_path, "acct-acme-42", "global");
        CU_ASSERT_TRUE(r.exit_code != 0 && r.exit_code != 1 && r.exit_code != -1);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        if (r.exit_code == 0 || r.exit_code == 1 || r.out[0] != '\0')
            fprintf(stderr, "\n  %s without panelctl: exit %d, stdout [%s]\n",
                    scripts[i].name, r.exit_code, r.out);
        ts_proc_free(&r);
    }
}

/* ---- doc ---------------------------------------------------------------- */

static const char *doc_path = INTEGRATING_DOC;

/* The docs show the scripts the test runs, whole, not copies that drifted. */
static void test_docs_show_the_scripts(void)
{
    for (size_t i = 0; i < SCRIPT_COUNT; i++) {
        char file[600];
        snprintf(file, sizeof file, "%s/%s", SCRIPTS_DIR, scripts[i].file);
        ts_check_doc_shows(doc_path, file, scripts[i].fence);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "run") != 0 && strcmp(argv[1], "doc") != 0)) {
        fprintf(stderr, "usage: %s run | doc [DOC]\n", argv[0]);
        return 1;
    }
    if (argc > 2)
        doc_path = argv[2];
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    if (strcmp(argv[1], "run") == 0) {
        CU_pSuite s = CU_add_suite("run", suite_setup, suite_cleanup);
        CU_add_test(s, "global and EU logins redirect to their sandbox, once",
                    test_global_and_eu);
        CU_add_test(s, "an unknown account gets the user message, 502",
                    test_unknown_account);
        CU_add_test(s, "rate limited: 429 with Retry-After", test_rate_limited);
        CU_add_test(s, "a plugin that does not load: 502, the reason on stderr",
                    test_plugin_that_does_not_load);
        CU_add_test(s, "usage, and no panelctl: nothing on stdout",
                    test_usage_and_missing_panelctl);
    } else {
        CU_pSuite s = CU_add_suite("doc", NULL, NULL);
        CU_add_test(s, "the docs show both scripts byte for byte", test_docs_show_the_scripts);
    }
    char *suite_argv[] = {argv[0], argv[1], NULL};
    return ts_run_suites(2, suite_argv);
}
