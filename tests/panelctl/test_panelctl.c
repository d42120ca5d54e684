/* SPDX-License-Identifier: MIT */
/*
 * test_panelctl.c -- runs the real panelctl binary with configurations
 * written at test time and the test-only "fake" plugin, and checks what a
 * user sees: stdout, stderr and the exit status.  The command line, login
 * and check, exit codes, the configuration, plugins and trust; the
 * account verbs and --json have their own files.
 *
 * usage: test_panelctl [SUITE]   (no argument: every suite)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "fixture.h"
#include "ts_modes.h"
#include "suites.h"

#ifndef PANELCTL_MAN_PAGE
#error "PANELCTL_MAN_PAGE must be defined by the build"
#endif

/* ---- suite: cli ---------------------------------------------------------- */

static void test_help(void)
{
    ts_proc_result r = fx_run("--help", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(fx_has(r.out, "usage: panelctl"));
    CU_ASSERT_TRUE(fx_has(r.out, "login [--with-region] TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "check TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "TARGET is a TENANT, or --provider NAME [--attr KEY=VALUE]..."));
    CU_ASSERT_TRUE(fx_has(r.out, "account create TARGET --package NAME [--addon NAME[=QTY]]..."));
    CU_ASSERT_TRUE(fx_has(r.out, "[--email E] [--first-name F] [--last-name L] [--company C]"));
    CU_ASSERT_TRUE(fx_has(r.out, "[--website URL] [--phone P] [--timezone TZ] [--test-account]"));
    CU_ASSERT_TRUE(fx_has(r.out, "account state TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "account suspend TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "account unsuspend TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "account offerings TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "account set-offerings TARGET --package NAME"));
    CU_ASSERT_TRUE(fx_has(r.out, "account delete TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "catalog TARGET"));
    CU_ASSERT_TRUE(fx_has(r.out, "--json"));
    CU_ASSERT_TRUE(fx_has(r.out, "--attr KEY=VALUE"));
    /* the new exit code, and examples for shell with jq and for Perl */
    CU_ASSERT_TRUE(fx_has(r.out, "  11  outcome unknown"));
    CU_ASSERT_TRUE(fx_has(r.out, "| jq -r "));
    CU_ASSERT_TRUE(fx_has(r.out, "perl -MJSON::PP -e "));
    CU_ASSERT_TRUE(fx_has(r.out, "plugins"));
    CU_ASSERT_TRUE(fx_has(r.out, "--plugin-dir DIR"));
    /* the one configuration file every panelsso host reads */
    CU_ASSERT_TRUE(fx_has(r.out, "/panelsso/panelsso.json)"));
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    r = fx_run("-h", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(fx_has(r.out, "usage: panelctl"));
    ts_proc_free(&r);
}

static void test_version(void)
{
    ts_proc_result r = fx_run("--version", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "panelctl ", 9), 0);
    CU_ASSERT_TRUE(fx_has(r.out, "ABI 1."));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

static void test_bad_usage(void)
{
    const char *cfg = fx_fake_config("\"acme\": { \"provider\": \"fake\" }");
    struct {
        const char *args[6];   /* NULL-terminated */
        const char *expect;
    } cases[] = {
        {{NULL}, "no command given"},
        {{"-c", cfg, NULL}, "no command given"},
        {{"-c", cfg, "frobnicate", NULL}, "unknown command 'frobnicate'"},
        {{"-c", cfg, "login", NULL}, "'login' needs a TENANT"},
        {{"-c", cfg, "check", NULL}, "'check' needs a TENANT"},
        {{"-c", cfg, "login", "acme", "extra"}, "takes one TENANT"},
        {{"-c", cfg, "account", NULL}, "'account' needs an operation: create, state, "
                                       "suspend, unsuspend, offerings, set-offerings or delete"},
        {{"-c", cfg, "account", "frobnicate", "acme"}, "unknown account operation 'frobnicate'"},
        {{"-c", cfg, "account", "state", NULL}, "'account state' needs a TENANT (or --provider NAME"},
        {{"-c", cfg, "catalog", NULL}, "'catalog' needs a TENANT"},
        {{"--json=yes", "plugins", NULL}, "option --json=yes takes no value"},
        {{"-c", cfg, "plugins", "extra", NULL}, "'plugins' takes no arguments"},
        {{"--bogus", NULL}, "unknown option --bogus"},
        {{"-x", NULL}, "unknown option -x"},
        {{"-c", NULL}, "option -c needs an argument"},
        {{"-c", cfg, "--with-region", "check", "acme"}, "--with-region only applies to 'login'"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ts_proc_result r = fx_runv(cases[i].args);
        CU_ASSERT_EQUAL(r.exit_code, 2);
        fx_assert_one_error(&r);
        CU_ASSERT_TRUE(fx_has(r.err, cases[i].expect));
        CU_ASSERT_TRUE(fx_has(r.err, "panelctl --help"));
        if (r.exit_code != 2 || !fx_has(r.err, cases[i].expect))
            SHOW(r);
        ts_proc_free(&r);
    }
}

/* --help's exit-status table (generated from exit_codes.c) and the man
 * page's must say the same thing. */
static void test_man_page_matches_exit_table(void)
{
    ts_proc_result r = fx_run("--help", NULL);
    FILE *f = fopen(PANELCTL_MAN_PAGE, "r");
    char *man = NULL, *line, *save = NULL;
    size_t cap = 0;
    int rows = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_TRUE(getdelim(&man, &cap, '\0', f) > 0);
    fclose(f);
    line = strstr(r.out, "exit status:\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    for (line = strtok_r(line + 13, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        int code, off = 0;
        char row[256];
        if (sscanf(line, " %d %n", &code, &off) != 1 || off == 0)
            break;
        snprintf(row, sizeof row, "\n%d\t%s\n", code, line + off);
        CU_ASSERT_TRUE(fx_has(man, row));
        if (!fx_has(man, row))
            fprintf(stderr, "\n  man page lacks row: %s", row + 1);
        CU_ASSERT_EQUAL(code, rows);
        rows++;
    }
    CU_ASSERT_EQUAL(rows, 12);
    free(man);
    ts_proc_free(&r);
}

/* The man page documents what --help lists. */
static void test_man_page_documents_the_commands(void)
{
    char *man = ts_read_file(PANELCTL_MAN_PAGE, NULL);
    static const char *const wanted[] = {
        ".B account create\n", ".BI \\-\\-package \" NAME\"", ".RB [ \\-\\-test\\-account ]",
        ".BR state | suspend | unsuspend | offerings | delete", ".B account set\\-offerings\n",
        ".B catalog\n", ".SH TARGETS", ".SH JSON OUTPUT", ".BI \\-\\-provider \" NAME\"",
        "AUTH_ERR_OUTCOME_UNKNOWN 11", "AUTH_ERR_NOT_SUPPORTED 2", "jq \\-j '",
        "use JSON::PP ();", NULL};
    CU_ASSERT_PTR_NOT_NULL_FATAL(man);
    for (const char *const *w = wanted; *w != NULL; w++) {
        CU_ASSERT_TRUE(fx_has(man, *w));
        if (!fx_has(man, *w))
            fprintf(stderr, "\n  man page lacks: %s", *w);
    }
    free(man);
}

/* ---- suite: login -------------------------------------------------------- */

static const char *acme_config(void)
{
    return fx_fake_config("\"acme\": { \"provider\": \"fake\", \"account_id\": \"X1\", "
                       "\"region\": \"eu\", \"n\": 5000, \"b\": true, "
                       "\"expires_at_ms\": 1700000000000 }");
}

#define ACME_URL FAKE_URL "&s.label=L&s.timeout_ms=5000&s.flag=false" \
    "&a.account_id=X1&a.region=eu&a.n=5000&a.b=true&a.expires_at_ms=1700000000000&a.tenant=acme"

static void test_login_prints_only_the_url(void)
{
    ts_proc_result r = fx_run("-c", acme_config(), "login", "acme", NULL);
    /* also proves settings and attributes arrive as key=value, numbers and
     * booleans as their JSON text, plus tenant=NAME */
    fx_expect_output(&r, ACME_URL "\n");
}

static void test_login_with_region(void)
{
    ts_proc_result r = fx_run("-c", acme_config(), "login", "--with-region", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "eu " ACME_URL "\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    /* a plugin that names no region: "-" */
    r = fx_run("-c", fx_fake_config("\"t\": { \"provider\": \"fake\" }"), "--with-region",
            "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "- " FAKE_URL "&s.label=L&s.timeout_ms=5000&s.flag=false&a.tenant=t\n");
    ts_proc_free(&r);
}

static void test_login_verbose(void)
{
    ts_proc_result r = fx_run("-v", "-c", acme_config(), "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, ACME_URL "\n");
    /* the plugin's own line, through the loader's log callback */
    CU_ASSERT_TRUE(fx_has(r.err, "panelctl: info: fake: login for tenant acme\n"));
    /* region and expiry, never the URL */
    CU_ASSERT_TRUE(fx_has(r.err, "region eu answered"));
    CU_ASSERT_TRUE(fx_has(r.err, "2023-11-14T22:13:20Z"));
    CU_ASSERT_FALSE(fx_has(r.err, SECRET));
    CU_ASSERT_FALSE(fx_has(r.err, "https://"));
    CU_ASSERT_FALSE(fx_has(r.err, "debug"));
    if (!fx_has(r.err, "region eu answered"))
        SHOW(r);
    ts_proc_free(&r);

    r = fx_run("-vv", "-c", acme_config(), "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, ACME_URL "\n");
    CU_ASSERT_TRUE(fx_has(r.err, "panelctl: debug: fake: debug detail for tenant acme\n"));
    CU_ASSERT_FALSE(fx_has(r.err, SECRET));
    ts_proc_free(&r);

    /* without -v: silence on stderr */
    r = fx_run("-c", acme_config(), "check", "acme", NULL);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

/* panelctl turns core dumps and same-user ptrace off before any plugin
 * runs (and so before a plugin reads its key); the fake plugin reports what
 * it saw at init. */
static void test_plugins_run_non_dumpable(void)
{
    ts_proc_result r = fx_run("-vv", "-c", acme_config(), "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(fx_has(r.err, "panelctl: debug: fake: init in a process with dumpable=0\n"));
    CU_ASSERT_FALSE(fx_has(r.err, "dumpable=1"));
    if (!fx_has(r.err, "dumpable=0"))
        SHOW(r);
    ts_proc_free(&r);
}

static void test_check_ok(void)
{
    ts_proc_result r = fx_run("-c", acme_config(), "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "OK: tenant 'acme' (provider fake, region eu): "
                                  "credentials and connection verified\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

static void test_plugin_dir_option_overrides_config(void)
{
    const char *cfg = fx_config("{ \"plugin_dir\": \"%s/nowhere\", "
                             "\"tenants\": { \"t\": { \"provider\": \"fake\" } } }",
                             fx_tmpdir);
    ts_proc_result r = fx_run("-c", cfg, "login", "t", NULL);
    fx_expect_failure(&r, 2, "nowhere: No such file or directory",
                      "--plugin-dir", NULL);
    r = fx_run("-c", cfg, "--plugin-dir", fx_good_dir, "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    /* no providers entry: the plugin loads with no settings */
    CU_ASSERT_STRING_EQUAL(r.out, FAKE_URL "&a.tenant=t\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

/* ---- suite: exit_codes --------------------------------------------------- */

static void check_every_status(const char *command)
{
    size_t i;
    for (i = 0; i < fx_status_exit_count; i++) {
        char tenants[256], msg[256];
        ts_proc_result r;
        snprintf(tenants, sizeof tenants,
                 "\"t\": { \"provider\": \"fake\", \"status\": \"%s\" }",
                 fx_status_exits[i].status);
        r = fx_run("-c", fx_fake_config(tenants), command, "t", NULL);
        CU_ASSERT_EQUAL(r.exit_code, fx_status_exits[i].exit_code);
        fx_assert_one_error(&r);
        /* the status name and the plugin's operator message */
        CU_ASSERT_TRUE(fx_has(r.err, fx_status_exits[i].status));
        snprintf(msg, sizeof msg, ": fake plugin was told to fail with %s: ",
                 fx_status_exits[i].status);
        CU_ASSERT_TRUE(fx_has(r.err, msg));
        CU_ASSERT_TRUE(fx_has(r.err, "tenant 't'"));
        if (r.exit_code != fx_status_exits[i].exit_code || !fx_has(r.err, msg))
            SHOW(r);
        ts_proc_free(&r);
    }
}

static void test_login_exit_codes(void) { check_every_status("login"); }
static void test_check_exit_codes(void) { check_every_status("check"); }

static void test_rate_limited_says_when_to_retry(void)
{
    ts_proc_result r = fx_run("-c", fx_fake_config("\"t\": { \"provider\": \"fake\", "
                                          "\"status\": \"AUTH_ERR_RATE_LIMITED\", "
                                          "\"retry_after_s\": 30 }"),
                        "login", "t", NULL);
    fx_expect_failure(&r, 7, "retry in 30 seconds",
                      "retry_after_s", NULL);
    r = fx_run("-c", fx_fake_config("\"t\": { \"provider\": \"fake\", "
                              "\"status\": \"AUTH_ERR_RATE_LIMITED\" }"),
            "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 7);
    CU_ASSERT_TRUE(fx_has(r.err, "wait and retry"));
    ts_proc_free(&r);
}

static void test_multiline_plugin_message_stays_one_line(void)
{
    ts_proc_result r = fx_run("-c", fx_fake_config("\"t\": { \"provider\": \"fake\", "
                                          "\"status\": \"AUTH_ERR_PROTOCOL\", "
                                          "\"message\": \"first\\nsecond\\r\\nthird\" }"),
                        "login", "t", NULL);
    fx_expect_failure(&r, 9, "first second  third", NULL);
}

/* A plugin's URL goes to the terminal as is: one holding a control
 * character or a space is refused as a protocol error, and neither stream
 * shows any of it. */
static void test_url_with_control_characters_is_refused(void)
{
    static const struct {
        const char *json;   /* the URL as a JSON string body */
        const char *what;   /* how stderr names the character */
    } cases[] = {
        {"https://fake.invalid/login?code=" SECRET "\\rInjected", "a carriage return"},
        {"https://fake.invalid/login?code=" SECRET "\\nInjected", "a line feed"},
        {"https://fake.invalid/login?code=" SECRET "\\u001b[2JInjected", "an escape character"},
        {"https://fake.invalid/login?code=" SECRET "\\u007fInjected", "a delete character"},
        {"https://fake.invalid/login?code=" SECRET " Injected", "a space"},
        {"https://fake.invalid/login?code=" SECRET "\\tInjected", "a tab"},
        {"https://fake.invalid/login?code=" SECRET "\\u0007Injected", "control character 0x07"},
        {"https://fake.invalid/login?code=" SECRET "\\u009b2JInjected", "non-ASCII byte 0xc2"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tenants[512];
        ts_proc_result r;
        snprintf(tenants, sizeof tenants, "\"t\": { \"provider\": \"fake\", \"url\": \"%s\" }",
                 cases[i].json);
        r = fx_run("-c", fx_fake_config(tenants), "login", "t", NULL);
        CU_ASSERT_EQUAL(r.exit_code, 9);
        fx_assert_one_error(&r);
        CU_ASSERT_TRUE(fx_has(r.err, "provider 'fake' returned a login URL holding"));
        CU_ASSERT_TRUE(fx_has(r.err, cases[i].what));
        CU_ASSERT_TRUE(fx_has(r.err, "AUTH_ERR_PROTOCOL"));
        CU_ASSERT_FALSE(fx_has(r.err, "Injected"));
        CU_ASSERT_FALSE(fx_has(r.err, "fake.invalid"));
        CU_ASSERT_FALSE(fx_has(r.out, "Injected"));
        if (r.exit_code != 9 || !fx_has(r.err, cases[i].what))
            SHOW(r);
        ts_proc_free(&r);
        /* --with-region prints the same URL: refused the same way */
        r = fx_run("-c", fx_fake_config(tenants), "login", "--with-region", "t", NULL);
        CU_ASSERT_EQUAL(r.exit_code, 9);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        CU_ASSERT_FALSE(fx_has(r.err, SECRET));
        ts_proc_free(&r);
    }
}

/* The region is printed too (login --with-region, check's OK line). */
static void test_region_with_control_characters_is_refused(void)
{
    const char *cfg = fx_fake_config("\"t\": { \"provider\": \"fake\", "
                                  "\"url\": \"" FAKE_URL "\", "
                                  "\"region\": \"eu\\u001b[2J\" }");
    ts_proc_result r = fx_run("-c", cfg, "login", "--with-region", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 9);
    fx_assert_one_error(&r);
    CU_ASSERT_TRUE(fx_has(r.err, "returned a region holding an escape character"));
    CU_ASSERT_PTR_NULL(strchr(r.err, '\033'));
    ts_proc_free(&r);
    r = fx_run("-c", cfg, "check", "t", NULL);
    fx_expect_failure(&r, 9, "returned a region holding an escape character", NULL);
    /* without --with-region the region is not printed, only logged (and
     * the log makes control characters spaces) */
    r = fx_run("-c", cfg, "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, FAKE_URL "\n");
    ts_proc_free(&r);
}

/* ---- suite: trust ---------------------------------------------------------
 * panelctl's config file names the plugin directory and the key files:
 * panelctl refuses it, as the loader refuses a plugin, when anyone but root
 * or panelctl's own user could have written it or a directory above it. */

static void expect_trust_refusal(const char *cfg, const char *what, const char *fix)
{
    ts_proc_result r = fx_run("-c", cfg, "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    fx_assert_one_error(&r);
    CU_ASSERT_TRUE(fx_has(r.err, "config file "));
    CU_ASSERT_TRUE(fx_has(r.err, what));
    CU_ASSERT_TRUE(fx_has(r.err, fix));
    if (r.exit_code != 2 || !fx_has(r.err, what) || !fx_has(r.err, fix)) {
        fprintf(stderr, "\n  wanted: %s ... %s", what, fix);
        SHOW(r);
    }
    ts_proc_free(&r);
}

static void test_config_writable_by_others_or_group(void)
{
    for (size_t i = 0; i < ts_writable_mode_count; i++) {
        const char *cfg = acme_config();
        char what[700], fix[700];
        CU_ASSERT_EQUAL_FATAL(chmod(cfg, ts_writable_modes[i].mode), 0);
        ts_writable_reason(&ts_writable_modes[i], cfg, what, sizeof what, fix, sizeof fix);
        expect_trust_refusal(cfg, what, fix);
    }
}

static void test_config_owned_by_another_user(void)
{
    const char *cfg = acme_config();
    char what[700], fix[700];
    if (geteuid() != 0) {
        CU_FAIL("this test needs root: it gives the config file to uid 65534 (nobody); "
                "run the panelctl suite as root");
        return;
    }
    CU_ASSERT_EQUAL_FATAL(chown(cfg, 65534, 65534), 0);
    snprintf(what, sizeof what, "%s is owned by uid 65534, not root or this process's uid 0",
             cfg);
    snprintf(fix, sizeof fix, "run 'chown root %s'", cfg);
    expect_trust_refusal(cfg, what, fix);
}

static void test_config_in_a_directory_others_may_write(void)
{
    const char *dir = fx_tmp_path(1, "open-config-dir");
    char cfg[600], what[700], fix[700];
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(dir, 0777), 0);
    snprintf(cfg, sizeof cfg, "%s/panelsso.json", dir);
    CU_ASSERT_EQUAL_FATAL(rename(acme_config(), cfg), 0);
    snprintf(what, sizeof what, "%s is writable by group and others (mode 0777)", dir);
    snprintf(fix, sizeof fix, "run 'chmod go-w %s'", dir);
    expect_trust_refusal(cfg, what, fix);
    CU_ASSERT_EQUAL(chmod(dir, 0755), 0);
}

/* A plugin directory others may write: `plugins` lists it as failed, and a
 * tenant of a provider in it gets the loader's reason. */
static void test_untrusted_plugin_directory(void)
{
    const char *dir = fx_tmp_path(1, "plugins-open");
    char so[600], cfg_text[1200], want[1400];
    const char *cfg;
    ts_proc_result r;
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
    snprintf(so, sizeof so, "%s/fake.so", dir);
    CU_ASSERT_EQUAL_FATAL(ts_copy_file(FAKE_PLUGIN, so), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(so, 0644), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(dir, 0757), 0);
    snprintf(cfg_text, sizeof cfg_text, "{ \"plugin_dir\": \"%s\", \"tenants\": "
             "{ \"acme\": { \"provider\": \"fake\" } } }", dir);
    cfg = fx_config("%s", cfg_text);
    snprintf(want, sizeof want, "%s is writable by others (mode 0757): run 'chmod o-w %s'",
             dir, dir);

    r = fx_run("-c", cfg, "plugins", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "failed\t", 7), 0);
    CU_ASSERT_TRUE(fx_has(r.out, dir));
    CU_ASSERT_TRUE(fx_has(r.out, want));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    ts_proc_free(&r);

    r = fx_run("-c", cfg, "login", "acme", NULL);
    fx_expect_failure(&r, 2, "tenant 'acme' uses provider 'fake', but the plugin directory",
                      want, NULL);

    /* the same plugin file, writable by others, in a good directory */
    CU_ASSERT_EQUAL(chmod(dir, 0755), 0);
    CU_ASSERT_EQUAL(chmod(so, 0666), 0);
    snprintf(want, sizeof want, "%s is writable by group and others (mode 0666): "
             "run 'chmod go-w %s'", so, so);
    r = fx_run("-c", cfg, "login", "acme", NULL);
    fx_expect_failure(&r, 2, "uses provider 'fake', which failed to load",
                      want, NULL);
}

/* ---- suite: config ------------------------------------------------------- */

static void expect_config_error(const char *cfg, const char *const *needles)
{
    ts_proc_result r = fx_run("-c", cfg, "login", "acme", NULL);
    int ok = 1;
    CU_ASSERT_EQUAL(r.exit_code, 2);
    fx_assert_one_error(&r);
    for (; *needles != NULL; needles++) {
        CU_ASSERT_TRUE(fx_has(r.err, *needles));
        if (!fx_has(r.err, *needles)) {
            fprintf(stderr, "\n  missing in stderr: %s", *needles);
            ok = 0;
        }
    }
    if (!ok || r.exit_code != 2)
        SHOW(r);
    ts_proc_free(&r);
}

static void test_missing_config(void)
{
    const char *path = fx_tmp_path(1, "does-not-exist.json");
    /* the library's advice fits every host, not only panelctl's -c */
    const char *n[] = {path, "No such file or directory", "check the path", NULL};
    expect_config_error(path, n);
}

static void test_unreadable_config(void)
{
    /* a directory opens but cannot be read, even for root */
    const char *n[] = {"cannot read config file", fx_tmpdir, "Is a directory", NULL};
    expect_config_error(fx_tmpdir, n);
}

static void test_invalid_json(void)
{
    {
        const char *cfg = fx_config("{\n  \"tenants\": {\n    \"acme\": { \"provider\": \"fake\",, }\n  }\n}\n");
        const char *n[] = {"not valid JSON", "line 3, column 34", cfg, "fix the JSON syntax", NULL};
        expect_config_error(cfg, n);
    }
    {
        const char *cfg = fx_config("{\n  \"tenants\": {\n");
        const char *n[] = {"line 3, column 1", "unexpected end of file", NULL};
        expect_config_error(cfg, n);
    }
    {
        const char *cfg = fx_config("{ \"tenants\": {} }\n\nx\n");
        const char *n[] = {"line 3, column 1", NULL};
        expect_config_error(cfg, n);
    }
    {
        const char *cfg = fx_config("%s", "");
        const char *n[] = {"line 1, column 1", "unexpected end of file", NULL};
        expect_config_error(cfg, n);
    }
}

static void test_wrong_types(void)
{
    struct {
        const char *body;
        const char *needle;
    } cases[] = {
        {"{ \"providers\": { \"fake\": { \"timeout_ms\": {} } } }",
         "providers.fake.timeout_ms must be a string, number or boolean, not an object"},
        {"{ \"providers\": { \"fake\": { \"hosts\": [1] } } }",
         "providers.fake.hosts must be a string, number or boolean, not an array"},
        {"{ \"tenants\": { \"acme\": { \"provider\": \"fake\", \"region\": null } } }",
         "tenants.acme.region must be a string, number or boolean, not null"},
        {"{ \"tenants\": { \"acme\": { \"provider\": 3 } } }",
         "tenants.acme.provider must be a non-empty string, not a number"},
        {"{ \"tenants\": { \"acme\": { \"account_id\": \"x\" } } }",
         "tenants.acme has no \"provider\""},
        {"{ \"tenants\": { \"acme\": { \"provider\": \"fake\", \"tenant\": \"x\" } } }",
         "tenants.acme.tenant is reserved"},
        {"{ \"tenants\": { \"acme\": \"fake\" } }",
         "tenants.acme must be an object, not a string"},
        {"{ \"tenants\": [] }", "tenants must be an object, not an array"},
        {"{ \"providers\": { \"fake\": 1 } }", "providers.fake must be an object, not a number"},
        {"{ \"plugin_dir\": false }", "plugin_dir must be a string, not a boolean"},
        {"{ \"tennants\": {} }", "unknown top-level key \"tennants\""},
        {"[]", "the top level must be an object, not an array"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *cfg = fx_config("%s", cases[i].body);
        const char *n[] = {cases[i].needle, cfg, NULL};
        expect_config_error(cfg, n);
    }
}

static void test_unknown_tenant(void)
{
    const char *cfg = fx_fake_config("\"acme\": { \"provider\": \"fake\" }, "
                                  "\"muller\": { \"provider\": \"fake\" }");
    ts_proc_result r = fx_run("-c", cfg, "login", "nobody", NULL);
    fx_expect_failure(&r, 2, "unknown tenant 'nobody'",
                      "use one of: acme, muller", NULL);
    r = fx_run("-c", cfg, "check", "nobody", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    CU_ASSERT_TRUE(fx_has(r.err, "use one of: acme, muller"));
    ts_proc_free(&r);
}

/* The reason `plugins` gives for broken.so. */
static char *broken_reason(void)
{
    ts_proc_result r = fx_run("-c", fx_config("{}"), "--plugin-dir", fx_mixed_dir, "plugins", NULL);
    char *line = strstr(r.out, "failed\t"), *reason = NULL;
    if (line != NULL && (line = strchr(line + 7, '\t')) != NULL) {
        size_t n = strcspn(line + 1, "\n");
        reason = strndup(line + 1, n);
    }
    ts_proc_free(&r);
    return reason;
}

static void test_provider_not_loaded(void)
{
    char *reason = broken_reason();
    CU_ASSERT_PTR_NOT_NULL_FATAL(reason);
    CU_ASSERT_TRUE(strlen(reason) > 0);
    {   /* the plugin file is there but does not load: the loader's reason */
        const char *cfg = fx_config("{ \"plugin_dir\": \"%s\", \"tenants\": { \"acme\": "
                                 "{ \"provider\": \"broken\" } } }", fx_mixed_dir);
        const char *n[] = {"tenant 'acme' uses provider 'broken', which failed to load",
                           reason, "providers.broken", NULL};
        expect_config_error(cfg, n);
    }
    {   /* no such file at all */
        const char *cfg = fx_config("{ \"plugin_dir\": \"%s\", \"tenants\": { \"acme\": "
                                 "{ \"provider\": \"nosuch\" } } }", fx_good_dir);
        char msg[700];
        const char *n[] = {msg, "install nosuch.so there or fix tenants.acme.provider", NULL};
        snprintf(msg, sizeof msg, "no plugin named nosuch in %s", fx_good_dir);
        expect_config_error(cfg, n);
    }
    {   /* the plugin's init refused its settings */
        const char *cfg = fx_config("{ \"plugin_dir\": \"%s\", \"providers\": { \"fake\": "
                                 "{ \"fail_init\": \"AUTH_ERR_CONFIG\" } }, \"tenants\": "
                                 "{ \"acme\": { \"provider\": \"fake\" } } }", fx_good_dir);
        const char *n[] = {"which failed to load", "fake: init refused because fail_init=AUTH_ERR_CONFIG",
                           NULL};
        expect_config_error(cfg, n);
    }
    free(reason);
}

/* ---- suite: plugins ------------------------------------------------------- */

static void test_plugins_lists_loaded_and_failed(void)
{
    const char *cfg = fx_config("{ \"plugin_dir\": \"%s\", \"providers\": { \"fake\": {} } }",
                             fx_mixed_dir);
    ts_proc_result r = fx_run("-c", cfg, "plugins", NULL);
    char loaded[700], failed[700], abi[16] = "";
    /* The fake plugin is built from the same auth_provider.h as panelctl, so
     * they settle on the version panelctl's --version names. */
    ts_proc_result v = fx_run("--version", NULL);
    const char *at = strstr(v.out, "(auth_provider ABI ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    CU_ASSERT_EQUAL(sscanf(at, "(auth_provider ABI %15[0-9.])", abi), 1);
    ts_proc_free(&v);
    snprintf(loaded, sizeof loaded, "loaded\tfake\t1.0.0-fake\t%s\t%s/fake.so\t"
             "account_create,account_state,account_suspend,account_unsuspend,"
             "account_offerings,account_set_offerings,account_delete,catalog\n",
             abi, fx_mixed_dir);
    snprintf(failed, sizeof failed, "failed\t%s/broken.so\t", fx_mixed_dir);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, loaded, strlen(loaded)), 0);
    CU_ASSERT_TRUE(fx_has(r.out, failed));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 2);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    if (r.exit_code != 0 || !fx_has(r.out, failed) || strncmp(r.out, loaded, strlen(loaded)) != 0)
        SHOW(r);
    ts_proc_free(&r);
}

static void test_plugins_shows_init_failure(void)
{
    const char *cfg = fx_config("{ \"plugin_dir\": \"%s\", \"providers\": { \"fake\": "
                             "{ \"fail_init\": \"AUTH_ERR_CONFIG\" } } }", fx_good_dir);
    ts_proc_result r = fx_run("-c", cfg, "plugins", NULL);
    char failed[700];
    snprintf(failed, sizeof failed, "failed\t%s/fake.so\t", fx_good_dir);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, failed, strlen(failed)), 0);
    CU_ASSERT_TRUE(fx_has(r.out, "fail_init=AUTH_ERR_CONFIG"));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    ts_proc_free(&r);
}

/* ---- the suites ----------------------------------------------------------- */

const test_def cli_tests[] = {
    {"--help prints usage on stdout, exit 0", test_help},
    {"--version", test_version},
    {"bad usage: one line on stderr, exit 2", test_bad_usage},
    {"man page exit table matches --help", test_man_page_matches_exit_table},
    {"man page documents the account verbs, --json, targets, examples",
     test_man_page_documents_the_commands},
    {NULL, NULL}};
const test_def login_tests[] = {
    {"login prints only the URL", test_login_prints_only_the_url},
    {"login --with-region prints REGION URL", test_login_with_region},
    {"-v/-vv log region, expiry, plugin lines, never the URL", test_login_verbose},
    {"check prints one OK line", test_check_ok},
    {"plugins run in a non-dumpable process", test_plugins_run_non_dumpable},
    {"--plugin-dir overrides plugin_dir", test_plugin_dir_option_overrides_config},
    {NULL, NULL}};
const test_def exit_tests[] = {
    {"login: every status maps to its exit code", test_login_exit_codes},
    {"check: every status maps to its exit code", test_check_exit_codes},
    {"rate limited mentions retry_after_s", test_rate_limited_says_when_to_retry},
    {"multi-line plugin message stays one line", test_multiline_plugin_message_stays_one_line},
    {"a URL with a control character or space is refused", test_url_with_control_characters_is_refused},
    {"a region with a control character is refused", test_region_with_control_characters_is_refused},
    {NULL, NULL}};
const test_def config_tests[] = {
    {"missing config file", test_missing_config},
    {"unreadable config file", test_unreadable_config},
    {"invalid JSON names line and column", test_invalid_json},
    {"wrong types name the JSON path", test_wrong_types},
    {"unknown tenant lists the known ones", test_unknown_tenant},
    {"provider not loaded gives the reason", test_provider_not_loaded},
    {NULL, NULL}};
const test_def plugins_tests[] = {
    {"plugins lists loaded and failed plugins", test_plugins_lists_loaded_and_failed},
    {"plugins shows a plugin whose init failed", test_plugins_shows_init_failure},
    {NULL, NULL}};

const test_def trust_tests[] = {
    {"a config file group or others may write is refused", test_config_writable_by_others_or_group},
    {"a config file owned by another user is refused", test_config_owned_by_another_user},
    {"a config file in a directory others may write is refused",
     test_config_in_a_directory_others_may_write},
    {"an untrusted plugin directory or file is named with its fix", test_untrusted_plugin_directory},
    {NULL, NULL}};


static const struct {
    const char *name;
    const test_def *tests;
} suites[] = {
    {"cli", cli_tests},         {"login", login_tests}, {"exit_codes", exit_tests},
    {"config", config_tests},   {"plugins", plugins_tests}, {"trust", trust_tests},
    {"account", account_tests}, {"account_args", account_args_tests},
    {"attr", attr_tests},       {"json", json_tests},
};

int main(int argc, char **argv)
{
    if (fx_setup() != 0)
        return 1;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        CU_pSuite s = CU_add_suite(suites[i].name, NULL, NULL);
        for (const test_def *t = suites[i].tests; s != NULL && t->name != NULL; t++)
            CU_add_test(s, t->name, t->fn);
    }
    int status = ts_run_suites(argc, argv);
    fx_cleanup();
    return status;
}
