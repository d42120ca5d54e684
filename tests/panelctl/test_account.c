/* SPDX-License-Identifier: MIT */
/*
 * test_account.c -- panelctl's account verbs and catalog against the
 * test-only "fake" plugin (its answers dictated by the attributes), their
 * command-line refusals, and --provider with --attr in place of a tenant.
 * Every assertion is on what a user sees: stdout, stderr, the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

#include "fixture.h"
#include "suites.h"

/* The verbs as typed, with the arguments each needs beyond TARGET. */
static const struct {
    const char *words[2];
    const char *extra[3];
} verbs[] = {
    {{"account", "create"}, {"--package", "org.fake.free", NULL}},
    {{"account", "state"}, {NULL}},
    {{"account", "suspend"}, {NULL}},
    {{"account", "unsuspend"}, {NULL}},
    {{"account", "offerings"}, {NULL}},
    {{"account", "set-offerings"}, {"--package", "org.fake.free", NULL}},
    {{"account", "delete"}, {NULL}},
    {{"catalog", NULL}, {NULL}},
};
#define VERB_COUNT (sizeof verbs / sizeof verbs[0])

/* Build argv: -c CFG [pre...] VERB... TARGET-WORDS... EXTRA... */
static ts_proc_result run_verb(size_t v, const char *cfg, const char *const *pre,
                            const char *const *target)
{
    const char *args[64];
    size_t n = 0;
    args[n++] = "-c";
    args[n++] = cfg;
    for (; pre != NULL && *pre != NULL; pre++)
        args[n++] = *pre;
    for (size_t i = 0; i < 2 && verbs[v].words[i] != NULL; i++)
        args[n++] = verbs[v].words[i];
    for (; target != NULL && *target != NULL; target++)
        args[n++] = *target;
    for (size_t i = 0; verbs[v].extra[i] != NULL; i++)
        args[n++] = verbs[v].extra[i];
    args[n] = NULL;
    return fx_runv(args);
}

static const char *verb_name(size_t v, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", verbs[v].words[0], verbs[v].words[1] ? " " : "",
             verbs[v].words[1] ? verbs[v].words[1] : "");
    return buf;
}

/* The tenant each verb runs for: create needs one without an account_id. */
static const char *tenant_for(size_t v)
{
    return v == 0 ? "newco" : "t";
}

/* ---- suite: account -------------------------------------------------------- */

static void test_create_prints_only_the_id(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config(NULL), "account", "create", "newco",
                           "--package", "org.fake.free", NULL);
    fx_expect_output(&r, "fake-account-1\n");
    r = fx_run("-c", fx_account_config("\"new_account_id\": \"sg2a2bcd3ef4ab5c67d8efab91c01de2fa\""),
               "account", "create", "newco", "--package", "p", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "sg2a2bcd3ef4ab5c67d8efab91c01de2fa\n");
    ts_proc_free(&r);
}

/* The state verbs: state prints the state, the others nothing. */
static void test_state_suspend_unsuspend_delete(void)
{
    const char *cfg = fx_account_config(NULL);
    ts_proc_result r = fx_run("-c", cfg, "account", "state", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "activated\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    r = fx_run("-c", fx_account_config("\"state\": \"deactivated\""), "account", "state", "t",
               NULL);
    CU_ASSERT_STRING_EQUAL(r.out, "deactivated\n");
    ts_proc_free(&r);
    static const char *const silent[] = {"suspend", "unsuspend", "delete"};
    for (size_t i = 0; i < 3; i++) {
        r = fx_run("-c", cfg, "account", silent[i], "t", NULL);
        fx_expect_output(&r, "");
    }
}

static void test_offerings_lines(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config(NULL), "account", "offerings", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "package org.fake.free 1\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    /* a name may hold spaces (SendGrid's allow printable ASCII): TYPE stays
     * first and QUANTITY last */
    r = fx_run("-c", fx_account_config("\"offerings\": \"package:Fake Plan:1,addon:org.fake.ip:3\""),
               "account", "offerings", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "package Fake Plan 1\naddon org.fake.ip 3\n");
    ts_proc_free(&r);
    /* none at all: nothing printed */
    r = fx_run("-c", fx_account_config("\"offerings\": \"\""), "account", "offerings", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

/* set-offerings sends the package first, then the add-ons in order, and
 * prints what the provider answers (the fake: what it got). */
static void test_set_offerings_prints_the_result(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config(NULL), "account", "set-offerings", "t",
                           "--addon", "org.fake.ip=2", "--package", "org.fake.pro",
                           "--addon", "org.fake.mc", NULL);
    fx_expect_output(&r, "package org.fake.pro 1\naddon org.fake.ip 2\n"
                                  "addon org.fake.mc 1\n");
}

static void test_catalog_lines(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config(NULL), "catalog", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "package org.fake.free 1\npackage org.fake.pro 1\n"
                                  "addon org.fake.ip 1\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    /* catalog needs no account_id: a tenant without one works */
    r = fx_run("-c", fx_account_config(NULL), "catalog", "newco", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 3);
    ts_proc_free(&r);
}

/* What reaches the plugin: the fake describes it in its log_message,
 * which --json shows. */
static void test_create_passes_profile_offerings_and_test_flag(void)
{
    ts_proc_result r = fx_run("--json", "-c", fx_account_config(NULL), "account", "create", "newco",
                           "--addon", "org.fake.ip=2", "--email", "ann@example.com",
                           "--first-name", "Ann", "--last-name", "Lee", "--company", "Acme",
                           "--website", "https://acme.example", "--phone", "+4930123456",
                           "--timezone", "Europe/Berlin", "--package", "org.fake.free",
                           "--addon", "org.fake.mc", "--test-account", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(fx_has(r.out, "fake: account_create got attributes [region=eu tenant=newco] "
                                 "profile [first_name=Ann last_name=Lee company_name=Acme "
                                 "company_website=https://acme.example email=ann@example.com "
                                 "phone=+4930123456 timezone=Europe/Berlin] offerings "
                                 "[package:org.fake.free:1 addon:org.fake.ip:2 "
                                 "addon:org.fake.mc:1] test_account=1"));
    if (r.exit_code != 0 || !fx_has(r.out, "test_account=1"))
        SHOW(r);
    ts_proc_free(&r);
    /* without the options: an empty profile, no test account */
    r = fx_run("--json", "-c", fx_account_config(NULL), "account", "create", "newco", "--package",
               "org.fake.free", NULL);
    CU_ASSERT_TRUE(fx_has(r.out, "got attributes [region=eu tenant=newco] profile [] "
                                 "offerings [package:org.fake.free:1] test_account=0"));
    ts_proc_free(&r);
    /* the other verbs pass the tenant's attributes and no request beyond
     * set-offerings' list */
    r = fx_run("--json", "-c", fx_account_config(NULL), "account", "state", "t", NULL);
    CU_ASSERT_TRUE(fx_has(r.out, "fake: account_state got attributes [account_id=X1 region=eu "
                                 "tenant=t] profile [] offerings [] test_account=0"));
    ts_proc_free(&r);
}

/* A tenant that already has an account: refused before any plugin call
 * (with -v the fake would log its call). */
static void test_create_refuses_a_tenant_with_an_account_id(void)
{
    const char *cfg = fx_account_config(NULL);
    ts_proc_result r = fx_run("-c", cfg, "account", "create", "t", "--package", "p", NULL);
    fx_expect_failure(&r, 2, "tenant 't' already has an account_id in ",
                      cfg,
                      "store the id panelctl prints in it (the panel must keep it", NULL);
    r = fx_run("-v", "-c", cfg, "account", "create", "t", "--package", "p", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    CU_ASSERT_FALSE(fx_has(r.err, "fake: account_create"));
    ts_proc_free(&r);
    r = fx_run("-v", "-c", cfg, "account", "create", "--provider", "fake", "--attr",
               "account_id=X9", "--package", "p", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    CU_ASSERT_TRUE(fx_has(r.err, "'account create' takes no --attr account_id: the provider "
                                 "assigns the new account's id"));
    CU_ASSERT_FALSE(fx_has(r.err, "fake: account_create"));
    ts_proc_free(&r);
}

static void test_every_status_of_every_verb(void)
{
    for (size_t v = 0; v < VERB_COUNT; v++) {
        char name[64];
        verb_name(v, name, sizeof name);
        for (size_t i = 0; i < fx_status_exit_count; i++) {
            char more[128], want[256];
            snprintf(more, sizeof more, "\"status\": \"%s\"", fx_status_exits[i].status);
            const char *target[] = {tenant_for(v), NULL};
            ts_proc_result r = run_verb(v, fx_account_config(more), NULL, target);
            CU_ASSERT_EQUAL(r.exit_code, fx_status_exits[i].exit_code);
            fx_assert_one_error(&r);
            snprintf(want, sizeof want, "panelctl: %s for tenant '%s' failed (%s): fake "
                     "plugin was told to fail with %s: ", name, tenant_for(v),
                     fx_status_exits[i].status, fx_status_exits[i].status);
            CU_ASSERT_EQUAL(strncmp(r.err, want, strlen(want)), 0);
            if (r.exit_code != fx_status_exits[i].exit_code || strncmp(r.err, want, strlen(want)) != 0) {
                fprintf(stderr, "\n  wanted: %s", want);
                SHOW(r);
            }
            ts_proc_free(&r);
        }
    }
}

/* The one new exit code, with what to do about it. */
static void test_outcome_unknown_is_exit_11(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config("\"status\": \"AUTH_ERR_OUTCOME_UNKNOWN\""),
                           "account", "create", "newco", "--package", "p", NULL);
    fx_expect_failure(&r, 11, "(AUTH_ERR_OUTCOME_UNKNOWN)",
                      "do not repeat it blindly: look at the provider", NULL);
}

/* A plugin of ABI 1.0 has no account operations: the loader answers
 * AUTH_ERR_NOT_SUPPORTED for it, exit 2, saying what to do. */
static void test_not_supported_by_an_abi_1_0_plugin(void)
{
    static const char *const op_names[VERB_COUNT] = {
        "account_create", "account_state", "account_suspend", "account_unsuspend",
        "account_offerings", "account_set_offerings", "account_delete", "catalog"};
    const char *cfg = fx_config("{ \"plugin_dir\": \"%s\", \"tenants\": {"
                                " \"t\": { \"provider\": \"fakeold\", \"account_id\": \"X1\" },"
                                " \"newco\": { \"provider\": \"fakeold\" } } }", fx_old_dir);
    for (size_t v = 0; v < VERB_COUNT; v++) {
        char name[64], want[400];
        const char *target[] = {tenant_for(v), NULL};
        ts_proc_result r = run_verb(v, cfg, NULL, target);
        CU_ASSERT_EQUAL(r.exit_code, 2);
        fx_assert_one_error(&r);
        snprintf(want, sizeof want, "panelctl: %s for tenant '%s' failed "
                 "(AUTH_ERR_NOT_SUPPORTED): provider 'fakeold' does not support %s (it "
                 "negotiated ABI 1.0; account operations need 1.1)",
                 verb_name(v, name, sizeof name), tenant_for(v), op_names[v]);
        CU_ASSERT_EQUAL(strncmp(r.err, want, strlen(want)), 0);
        CU_ASSERT_TRUE(fx_has(r.err, ": do it in the provider's own console, or install a "
                                     "plugin that implements it\n"));
        if (r.exit_code != 2 || strncmp(r.err, want, strlen(want)) != 0) {
            fprintf(stderr, "\n  wanted: %s", want);
            SHOW(r);
        }
        ts_proc_free(&r);
    }
    /* login still works through it */
    ts_proc_result r = fx_run("-c", cfg, "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, FAKE_URL, strlen(FAKE_URL)), 0);
    ts_proc_free(&r);
}

/* A status no auth_status names is a failure, never a success. */
static void test_unknown_status_is_internal(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config("\"status_code\": 99"), "account", "state", "t",
                           NULL);
    fx_expect_failure(&r, 1, "(AUTH_ERR_UNKNOWN)",
                      "the plugin returned an unknown status", NULL);
}

/* The plugin's message already ends with panelctl's advice: said once. */
static void test_advice_is_not_repeated(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config("\"status\": \"AUTH_ERR_NOT_FOUND\", "
                                                "\"message\": \"gone; check the tenant's "
                                                "account_id and region\""),
                           "account", "state", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 6);
    fx_assert_one_error(&r);
    CU_ASSERT_STRING_EQUAL(r.err, "panelctl: account state for tenant 't' failed "
                                  "(AUTH_ERR_NOT_FOUND): gone; check the tenant's account_id "
                                  "and region\n");
    ts_proc_free(&r);
}

static void test_rate_limited_account_op_says_when(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config("\"status\": \"AUTH_ERR_RATE_LIMITED\", "
                                                "\"retry_after_s\": 30"),
                           "account", "suspend", "t", NULL);
    fx_expect_failure(&r, 7, "retry in 30 seconds (the provider's retry_after_s)", NULL);
}

/* What a plugin answers is printed only if every byte may be: else a
 * protocol error, and for create an unknown outcome (the account exists,
 * its id cannot be printed). */
static void test_unprintable_answers_are_refused(void)
{
    static const struct {
        const char *more;
        const char *words[3];
        int exit_code;
        const char *want;
    } cases[] = {
        {"\"new_account_id\": \"sg1\\u001b[2J\"", {"account", "create", "newco"}, 11,
         "reported the account created but returned an account id holding an escape "
         "character at byte 4: the account may exist"},
        {"\"new_account_id\": \"\"", {"account", "create", "newco"}, 11,
         "reported the account created but gave no account id"},
        {"\"state\": \"act\\nivated\"", {"account", "state", "t"}, 9,
         "returned a state holding a line feed at byte 4"},
        {"\"state\": \"de activated\"", {"account", "suspend", "t"}, 9,
         "returned a state holding a space at byte 3"},
        {"\"state\": \"\"", {"account", "state", "t"}, 9,
         "reported success but gave no state"},
        {"\"offerings\": \"package:org.fake\\u001b[2J:1\"", {"account", "offerings", "t"}, 9,
         "returned offering #1's name holding an escape character at byte 9"},
        {"\"offerings\": \"package:ok:1,add on:x:1\"", {"account", "offerings", "t"}, 9,
         "returned offering #2's type holding a space at byte 4"},
        {"\"catalog\": \"package:caf\\u00e9:1\"", {"catalog", "t", NULL}, 9,
         "returned offering #1's name holding a non-ASCII byte 0xc3 at byte 4"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[12] = {"-c", fx_account_config(cases[i].more)};
        size_t n = 2;
        for (size_t k = 0; k < 3 && cases[i].words[k] != NULL; k++)
            args[n++] = cases[i].words[k];
        if (strcmp(cases[i].words[1], "create") == 0) {
            args[n++] = "--package";
            args[n++] = "p";
        }
        args[n] = NULL;
        ts_proc_result r = fx_runv(args);
        CU_ASSERT_EQUAL(r.exit_code, cases[i].exit_code);
        fx_assert_one_error(&r);
        CU_ASSERT_TRUE(fx_has(r.err, cases[i].want));
        CU_ASSERT_PTR_NULL(strchr(r.err, '\033'));
        if (r.exit_code != cases[i].exit_code || !fx_has(r.err, cases[i].want))
            SHOW(r);
        ts_proc_free(&r);
    }
}

/* A list the provider had to cut: printed, and stderr says so. */
static void test_cut_list_is_announced(void)
{
    ts_proc_result r = fx_run("-c", fx_account_config("\"offering_total\": 70"), "catalog", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 3);
    CU_ASSERT_EQUAL(ts_count_lines(r.err), 1);
    CU_ASSERT_TRUE(fx_has(r.err, "panelctl: catalog for tenant 't': provider 'fake' listed 70 "
                                 "offerings, of which only the first 3 fit panelctl's answer: "
                                 "see the others in the provider's console\n"));
    ts_proc_free(&r);
}

static void test_account_verbose(void)
{
    ts_proc_result r = fx_run("-v", "-c", fx_account_config(NULL), "account", "create", "newco",
                           "--package", "p", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "fake-account-1\n");
    CU_ASSERT_TRUE(fx_has(r.err, "panelctl: info: fake: account_create for tenant newco\n"));
    CU_ASSERT_TRUE(fx_has(r.err, "panelctl: info: account create for tenant 'newco': the "
                                 "provider created account fake-account-1\n"));
    ts_proc_free(&r);
}

/* ---- suite: account_args ---------------------------------------------------- */

/* A refusal of the command line: exit 2, one line, nothing loaded (with
 * -v the loader would have logged). */
static void expect_usage_error(const char *const *args, const char *want)
{
    const char *argv[256] = {"-v"};
    size_t n = 1;
    for (; *args != NULL; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    ts_proc_result r = fx_runv(argv);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    fx_assert_one_error(&r);
    CU_ASSERT_TRUE(fx_has(r.err, want));
    CU_ASSERT_FALSE(fx_has(r.err, "loaded "));
    if (r.exit_code != 2 || !fx_has(r.err, want)) {
        fprintf(stderr, "\n  wanted: %s", want);
        SHOW(r);
    }
    ts_proc_free(&r);
}

static void test_missing_package(void)
{
    const char *cfg = fx_account_config(NULL);
    const char *a1[] = {"-c", cfg, "account", "create", "newco", "--addon", "x", NULL};
    expect_usage_error(a1, "'account create' needs --package NAME (the plan the account gets; "
                           "'panelctl catalog' lists them)");
    const char *a2[] = {"-c", cfg, "account", "set-offerings", "t", NULL};
    expect_usage_error(a2, "'account set-offerings' needs --package NAME");
}

static void test_bad_addon_quantity(void)
{
    static const char *const bad[] = {"ip=0",    "ip=-1",  "ip=abc", "ip=",
                                      "ip=4294967296", "ip=1.5", "ip= 1", "ip=+2",
                                      "ip=99999999999999999999999"};
    const char *cfg = fx_account_config(NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[200];
        const char *a[] = {"-c", cfg, "account", "set-offerings", "t", "--package", "p",
                           "--addon", bad[i], NULL};
        snprintf(want, sizeof want, "--addon '%s': the quantity after '=' must be a whole "
                 "number from 1 to 4294967295: give NAME or NAME=QTY", bad[i]);
        expect_usage_error(a, want);
    }
    /* the largest quantity and the default of 1 are fine */
    ts_proc_result r = fx_run("-c", cfg, "account", "set-offerings", "t", "--package", "p",
                           "--addon", "ip=4294967295", "--addon", "mc", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "package p 1\naddon ip 4294967295\naddon mc 1\n");
    ts_proc_free(&r);
}

static void test_bad_offerings_and_profile(void)
{
    const char *cfg = fx_account_config(NULL);
    char long_name[300];
    memset(long_name, 'n', 200);
    long_name[200] = '\0';
    struct {
        const char *args[12];
        const char *want;
    } cases[] = {
        {{"-c", cfg, "account", "create", "newco", "--package", "p", "--addon", "=3", NULL},
         "--addon needs an offering name"},
        {{"-c", cfg, "account", "create", "newco", "--package", "", NULL},
         "--package needs an offering name"},
        {{"-c", cfg, "account", "create", "newco", "--package", "p", "--package", "q", NULL},
         "--package is given twice: an account has one package"},
        {{"-c", cfg, "account", "create", "newco", "--package", long_name, NULL},
         "which no offering name is"},
        {{"-c", cfg, "account", "create", "newco", "--package", "p", "--email", "a@b.c",
          "--email", "d@e.f", NULL}, "--email is given twice: give it once"},
        {{"-c", cfg, "account", "create", "newco", "--package", "p", "--phone", "", NULL},
         "--phone is empty: give a value or leave the option out"},
        {{"-c", cfg, "account", "state", "t", "--package", "p", NULL},
         "--package only applies to 'account create' and 'account set-offerings'"},
        {{"-c", cfg, "catalog", "t", "--addon", "x", NULL},
         "--addon only applies to 'account create' and 'account set-offerings'"},
        {{"-c", cfg, "account", "set-offerings", "t", "--package", "p", "--email", "a@b.c", NULL},
         "--email only applies to 'account create'"},
        {{"-c", cfg, "login", "t", "--timezone", "UTC", NULL},
         "--timezone only applies to 'account create'"},
        {{"-c", cfg, "account", "delete", "t", "--test-account", NULL},
         "--test-account only applies to 'account create'"},
        {{"-c", cfg, "account", "state", "t", "--with-region", NULL},
         "--with-region only applies to 'login'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_usage_error(cases[i].args, cases[i].want);
}

static void test_too_many_offerings(void)
{
    const char *args[200] = {"-c", fx_account_config(NULL), "account", "set-offerings", "t",
                             "--package", "p"};
    char names[AUTH_OFFERINGS_MAX][16];
    size_t n = 7;
    for (int i = 0; i < AUTH_OFFERINGS_MAX; i++) {
        snprintf(names[i], sizeof names[i], "addon%d", i);
        args[n++] = "--addon";
        args[n++] = names[i];
    }
    args[n] = NULL;
    expect_usage_error(args, "more than 64 offerings given: an account holds at most 64");
    /* 63 add-ons and the package: fine */
    args[n - 2] = NULL;
    ts_proc_result r = fx_runv(args);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 64);
    ts_proc_free(&r);
}

/* ---- suite: attr ------------------------------------------------------------- */

/* A configuration without tenants: --provider and --attr say everything. */
static const char *tenantless_config(void)
{
    return fx_config("{ \"plugin_dir\": \"%s\", \"providers\": { \"fake\": { \"label\": \"L\" } } }",
                     fx_good_dir);
}

static void test_attr_login_and_check(void)
{
    const char *cfg = tenantless_config();
    ts_proc_result r = fx_run("-c", cfg, "login", "--provider", "fake", "--attr", "account_id=X1",
                           "--attr", "region=eu", "--attr", "note=a=b", NULL);
    /* exactly the --attr pairs, in order, and no tenant=... */
    fx_expect_output(&r, FAKE_URL "&s.label=L&a.account_id=X1&a.region=eu&a.note=a=b\n");
    r = fx_run("-c", cfg, "check", "--provider", "fake", "--attr", "region=eu", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "OK: provider fake (region eu): credentials and connection "
                                  "verified\n");
    ts_proc_free(&r);
    r = fx_run("-c", cfg, "check", "--provider", "fake", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "OK: provider fake: credentials and connection verified\n");
    ts_proc_free(&r);
    /* failures name the provider */
    r = fx_run("-c", cfg, "login", "--provider", "fake", "--attr", "status=AUTH_ERR_NOT_FOUND",
               NULL);
    CU_ASSERT_EQUAL(r.exit_code, 6);
    fx_assert_one_error(&r);
    CU_ASSERT_EQUAL(strncmp(r.err, "panelctl: login through provider 'fake' failed "
                                   "(AUTH_ERR_NOT_FOUND): ", 69), 0);
    ts_proc_free(&r);
}

static void test_attr_account_verbs(void)
{
    const char *cfg = tenantless_config();
    ts_proc_result r = fx_run("--json", "-c", cfg, "account", "state", "--provider", "fake",
                           "--attr", "account_id=X1", "--attr", "region=eu", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(fx_has(r.out, "fake: account_state got attributes [account_id=X1 "
                                 "region=eu] profile []"));
    ts_proc_free(&r);
    r = fx_run("-c", cfg, "account", "create", "--provider", "fake", "--attr", "region=eu",
               "--package", "p", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "fake-account-1\n");
    ts_proc_free(&r);
    for (size_t v = 0; v < VERB_COUNT; v++) {
        const char *target_id[] = {"--provider", "fake", "--attr", "account_id=X1", NULL};
        const char *target_new[] = {"--provider", "fake", NULL};
        r = run_verb(v, cfg, NULL, v == 0 ? target_new : target_id);
        CU_ASSERT_EQUAL(r.exit_code, 0);
        CU_ASSERT_STRING_EQUAL(r.err, "");
        if (r.exit_code != 0)
            SHOW(r);
        ts_proc_free(&r);
    }
}

static void test_attr_refusals(void)
{
    const char *cfg = tenantless_config();
    struct {
        const char *args[12];
        const char *want;
    } cases[] = {
        {{"-c", cfg, "login", "--provider", "fake", "--attr", "region=eu", "--attr", "region=us",
          NULL}, "--attr key 'region' is given twice: give each key once"},
        {{"-c", cfg, "login", "--provider", "fake", "--attr", "region", NULL},
         "--attr 'region' is not KEY=VALUE: give each attribute as KEY=VALUE"},
        {{"-c", cfg, "login", "--provider", "fake", "--attr", "=eu", NULL},
         "--attr '=eu' has an empty key"},
        {{"-c", cfg, "login", "--provider", "fake", "--attr", "tenant=acme", NULL},
         "--attr key 'tenant' is reserved"},
        {{"-c", cfg, "account", "state", "--provider", "fake", "--attr", "tenant=", NULL},
         "--attr key 'tenant' is reserved"},
        {{"-c", cfg, "login", "acme", "--attr", "region=eu", NULL},
         "--attr needs --provider NAME"},
        {{"-c", cfg, "login", "acme", "--provider", "fake", NULL},
         "'login' takes a TENANT or --provider NAME, not both (got also 'acme')"},
        {{"-c", cfg, "login", "--provider", "fake", "--provider", "fake", NULL},
         "--provider is given twice"},
        {{"-c", cfg, "check", "--provider", "", NULL}, "--provider is empty"},
        {{"-c", cfg, "plugins", "--provider", "fake", NULL},
         "--provider does not apply to 'plugins'"},
        {{"-c", cfg, "login", "--provider", "fake", "--attr", "\033[2Jx", NULL},
         "--attr '?[2Jx' is not KEY=VALUE"},
        {{"-c", cfg, "login", "--provider", "fake", "--attr", "caf\xc3\xa9", NULL},
         "--attr 'caf?" "?' is not KEY=VALUE"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_usage_error(cases[i].args, cases[i].want);
}

static void test_attr_provider_not_loaded(void)
{
    const char *cfg = tenantless_config();
    char want[700];
    ts_proc_result r = fx_run("-c", cfg, "login", "--provider", "nosuch", NULL);
    snprintf(want, sizeof want, "--provider nosuch: there is no plugin named nosuch in %s: "
             "install nosuch.so there or fix the name (panelctl plugins lists them)",
             fx_good_dir);
    fx_expect_failure(&r, 2, want, NULL);
    /* a plugin that failed to load: the loader's reason */
    cfg = fx_config("{ \"plugin_dir\": \"%s\" }", fx_mixed_dir);
    r = fx_run("-c", cfg, "account", "state", "--provider", "broken", "--attr", "account_id=1",
               NULL);
    fx_expect_failure(&r, 2, "--provider broken: the plugin failed to load: ",
                      "fix the plugin or providers.broken in ", NULL);
}

/* ---- the suites -------------------------------------------------------------- */

const test_def account_tests[] = {
    {"create prints only the new account_id", test_create_prints_only_the_id},
    {"state prints the state; suspend, unsuspend, delete print nothing",
     test_state_suspend_unsuspend_delete},
    {"offerings prints TYPE NAME QUANTITY lines", test_offerings_lines},
    {"set-offerings prints the resulting list, package first",
     test_set_offerings_prints_the_result},
    {"catalog prints the offerings it may assign", test_catalog_lines},
    {"create passes profile, offerings and --test-account",
     test_create_passes_profile_offerings_and_test_flag},
    {"create refuses a tenant that has an account_id", test_create_refuses_a_tenant_with_an_account_id},
    {"every status of every verb maps to its exit code", test_every_status_of_every_verb},
    {"outcome unknown exits 11 and says to look first", test_outcome_unknown_is_exit_11},
    {"an ABI 1.0 plugin: not supported, exit 2", test_not_supported_by_an_abi_1_0_plugin},
    {"an unknown status is an internal error", test_unknown_status_is_internal},
    {"rate limited account op says when to retry", test_rate_limited_account_op_says_when},
    {"advice the plugin already gave is not repeated", test_advice_is_not_repeated},
    {"unprintable answers are refused", test_unprintable_answers_are_refused},
    {"a list the provider cut is announced on stderr", test_cut_list_is_announced},
    {"-v logs the plugin's line and the new account", test_account_verbose},
    {NULL, NULL}};

const test_def account_args_tests[] = {
    {"create and set-offerings need --package", test_missing_package},
    {"a bad --addon quantity is a usage error", test_bad_addon_quantity},
    {"bad offerings and profile options are usage errors", test_bad_offerings_and_profile},
    {"more than 64 offerings is a usage error", test_too_many_offerings},
    {NULL, NULL}};

const test_def attr_tests[] = {
    {"--provider/--attr: login and check with exactly those attributes",
     test_attr_login_and_check},
    {"--provider/--attr: every account verb", test_attr_account_verbs},
    {"--attr twice, without '=', empty key, tenant, misplaced: exit 2", test_attr_refusals},
    {"--provider not loaded names the reason", test_attr_provider_not_loaded},
    {NULL, NULL}};
