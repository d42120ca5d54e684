/* SPDX-License-Identifier: MIT */
/*
 * plugin.isolation -- tenant isolation under load: one plugin instance
 * configured for both regions (a global and an EU HTTPS sandbox, each
 * accepting only its own region's key: api_key_file and eu_api_key_file),
 * 32 threads logging in 64 tenants (each with its own account id and
 * region, half global, half EU), every thread going through every tenant
 * in each of several rounds.  Every result must belong to the tenant asked
 * for: AUTH_OK, result.region the tenant's, the URL on its region's sandbox,
 * and the URL, visited once, logs into exactly the tenant's account.  The
 * sandboxes must have seen each region's key only, and the audit log one
 * line per login naming the right tenant, account and region.
 *
 * Rounds: 8 / TS_LOAD_SCALE (at least 1); see testsupport.h.  Runs under
 * ThreadSanitizer too (plugin.isolation is in its ctest selection).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <curl/curl.h>

#include <panelsso/auth_loader.h>
#include "testsupport.h"
#include "ts_plugin_suite.h"

enum { THREADS = 32, TENANTS = 64 };

typedef struct tenant {
    char name[32];
    char account[48];
    const char *region;          /* "global" or "eu" */
    const ts_sandbox *sandbox;   /* its region's sandbox */
} tenant;

static char tmpdir[256], ca_file[300];
static char global_key[128], global_key_path[300], eu_key[128], eu_key_path[300];
static ts_sandbox sb_global, sb_eu;
static ts_logcap *logcap;
static auth_loader *loader;
static tenant tenants[TENANTS];
static int rounds;

static int suite_setup(void)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    ts_env_required("SANDBOX_BIN");
    const char *plugin_path = ts_env_required("SENDGRID_PLUGIN");
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    rounds = ts_scaled(8, 1);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0 ||
        ts_make_key(tmpdir, "isolation-global", global_key, sizeof global_key,
                    global_key_path, sizeof global_key_path) != 0 ||
        ts_make_key(tmpdir, "isolation-eu", eu_key, sizeof eu_key, eu_key_path,
                    sizeof eu_key_path) != 0 ||
        ts_sandbox_start_tls(&sb_global, "global", global_key_path) != 0 ||
        ts_sandbox_start_tls(&sb_eu, "eu", eu_key_path) != 0)
        return -1;
    for (int i = 0; i < TENANTS; i++) {
        tenant *t = &tenants[i];
        t->region = i % 2 ? "eu" : "global";
        t->sandbox = i % 2 ? &sb_eu : &sb_global;
        snprintf(t->name, sizeof t->name, "tenant-%02d", i);
        snprintf(t->account, sizeof t->account, "iso-acct-%02d-%s", i, t->region);
    }

    if ((logcap = ts_logcap_new()) == NULL || (loader = ts_loader_new(logcap, AUTH_LOG_INFO, 0)) == NULL)
        return -1;
    auth_result r;
    auth_result_init(&r);
    char s_key[400], s_eukey[400], s_g[120], s_e[120], s_ca[400];
    snprintf(s_key, sizeof s_key, "api_key_file=%s", global_key_path);
    snprintf(s_eukey, sizeof s_eukey, "eu_api_key_file=%s", eu_key_path);
    snprintf(s_g, sizeof s_g, "global_base_url=%s", sb_global.base_url);
    snprintf(s_e, sizeof s_e, "eu_base_url=%s", sb_eu.base_url);
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", ca_file);
    const char *settings[] = {s_key, s_eukey, s_g, s_e, s_ca, "redirect_hosts=127.0.0.1",
                              "timeout_ms=20000", "connect_timeout_ms=10000",
                              "max_idle_connections=64", NULL};
    auth_result_init(&r);
    if (auth_loader_load_file(loader, plugin_path, "sendgrid", settings, &r) != AUTH_OK) {
        fprintf(stderr, "loading %s: %s\n", plugin_path, r.log_message);
        return -1;
    }
    return 0;
}

static int suite_cleanup(void)
{
    auth_loader_destroy(loader);
    ts_logcap_free(logcap);
    ts_sandbox_stop(&sb_global);
    ts_sandbox_stop(&sb_eu);
    return 0;
}

/* ---- the workers ----------------------------------------------------------- */

typedef struct worker {
    int id;
    int logins, ok, right_region, right_host, right_account, leaks;
    int per_tenant[TENANTS];     /* logins of each tenant that were AUTH_OK */
} worker;

/* Log tenant t in and check everything about the result; the worker's
 * counters say what held.  CUnit asserts stay in the main thread. */
static void login_and_check(worker *w, CURL *visitor, const tenant *t)
{
    char a_tenant[64], a_account[80], a_region[32];
    snprintf(a_tenant, sizeof a_tenant, "tenant=%s", t->name);
    snprintf(a_account, sizeof a_account, "account_id=%s", t->account);
    snprintf(a_region, sizeof a_region, "region=%s", t->region);
    const char *attrs[] = {a_tenant, a_account, a_region, NULL};
    auth_result r;
    auth_result_init(&r);
    int rc = auth_loader_login(loader, "sendgrid", attrs, &r);
    w->logins++;
    if (ts_secrets_scan_text(r.log_message, "a log_message") != 0 ||
        ts_secrets_scan_text(r.user_message, "a user_message") != 0 ||
        ts_has_code(r.log_message) || ts_has_code(r.user_message))
        w->leaks++;
    if (rc != AUTH_OK) {
        fprintf(stderr, "%s (%s): %s: %s\n", t->name, t->region, auth_status_name(rc),
                r.log_message);
        return;
    }
    w->ok++;
    w->per_tenant[t - tenants]++;
    if (strcmp(r.region, t->region) == 0)
        w->right_region++;
    else
        fprintf(stderr, "%s: asked for region %s, result.region is '%s'\n", t->name,
                t->region, r.region);
    if (ts_url_is_login_on(r.redirect_url, t->sandbox)) {
        w->right_host++;
        /* Visited once: the login page of this tenant's account. */
        if (ts_visit_logs_into(visitor, r.redirect_url, ca_file, t->account, t->region))
            w->right_account++;
    } else {
        fprintf(stderr, "%s: the URL is not on its region's sandbox (%s)\n", t->name,
                t->sandbox->base_url);
    }
    auth_result_wipe(&r);
}

static void *work(void *arg)
{
    worker *w = arg;
    CURL *visitor = curl_easy_init();
    if (visitor == NULL) {
        fprintf(stderr, "thread %d: curl_easy_init failed\n", w->id);
        return NULL;
    }
    /* Every thread goes through every tenant each round, from its own
     * starting point, so all tenants are in flight at once. */
    for (int round = 0; round < rounds; round++)
        for (int k = 0; k < TENANTS; k++)
            login_and_check(w, visitor, &tenants[(w->id * 2 + round + k) % TENANTS]);
    curl_easy_cleanup(visitor);
    return NULL;
}

static void test_every_result_belongs_to_its_tenant(void)
{
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb_global, ca_file), 0);
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb_eu, ca_file), 0);
    worker *workers = calloc(THREADS, sizeof *workers);
    CU_ASSERT_PTR_NOT_NULL_FATAL(workers);
    pthread_t tid[THREADS];
    int started = 0;
    for (int t = 0; t < THREADS; t++) {
        workers[t].id = t;
        if (pthread_create(&tid[t], NULL, work, &workers[t]) != 0)
            break;
        started++;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    CU_ASSERT_EQUAL_FATAL(started, THREADS);

    worker sum;
    memset(&sum, 0, sizeof sum);
    for (int t = 0; t < THREADS; t++) {
        sum.logins += workers[t].logins;
        sum.ok += workers[t].ok;
        sum.right_region += workers[t].right_region;
        sum.right_host += workers[t].right_host;
        sum.right_account += workers[t].right_account;
        sum.leaks += workers[t].leaks;
        for (int i = 0; i < TENANTS; i++)
            sum.per_tenant[i] += workers[t].per_tenant[i];
    }
    free(workers);
    const int expected = THREADS * TENANTS * rounds;
    printf("\n    %d threads x %d tenants x %d rounds: %d logins, %d AUTH_OK, %d with "
           "the tenant's region, %d on its region's sandbox, %d logged into the "
           "tenant's account\n", THREADS, TENANTS, rounds, sum.logins, sum.ok,
           sum.right_region, sum.right_host, sum.right_account);
    CU_ASSERT_EQUAL(sum.logins, expected);
    CU_ASSERT_EQUAL(sum.ok, expected);
    CU_ASSERT_EQUAL(sum.right_region, expected);
    CU_ASSERT_EQUAL(sum.right_host, expected);
    CU_ASSERT_EQUAL(sum.right_account, expected);
    CU_ASSERT_EQUAL(sum.leaks, 0);

    /* Each sandbox accepts only its region's key: every request it saw was
     * authorized, and it saw exactly its half of the logins. */
    const ts_sandbox *sbs[2] = {&sb_global, &sb_eu};
    for (int i = 0; i < 2; i++) {
        long sso = ts_sandbox_stat(sbs[i], ca_file, "sso_requests");
        long authorized = ts_sandbox_stat(sbs[i], ca_file, "authorized");
        long unauthorized = ts_sandbox_stat(sbs[i], ca_file, "unauthorized");
        long login_ok = ts_sandbox_stat(sbs[i], ca_file, "login_ok");
        printf("    %s sandbox: %ld SSO requests, %ld authorized, %ld unauthorized, "
               "%ld logins\n", sbs[i]->region, sso, authorized, unauthorized, login_ok);
        CU_ASSERT_EQUAL(sso, expected / 2);
        CU_ASSERT_EQUAL(authorized, expected / 2);
        CU_ASSERT_EQUAL(unauthorized, 0);
        CU_ASSERT_EQUAL(login_ok, expected / 2);
    }

    /* Each tenant: all its logins succeeded, and the audit log has exactly
     * one line per login naming its own account and region. */
    int tenants_right = 0;
    for (int i = 0; i < TENANTS; i++) {
        char line[200];
        int w1 = snprintf(line, sizeof line, "sendgrid: login tenant=%s account=%s "
                          "region=%s outcome=AUTH_OK ", tenants[i].name,
                          tenants[i].account, tenants[i].region);
        char any[64];
        int w2 = snprintf(any, sizeof any, "tenant=%s ", tenants[i].name);
        /* A cut needle would match the wrong lines. */
        CU_ASSERT_FATAL(w1 > 0 && (size_t)w1 < sizeof line);
        CU_ASSERT_FATAL(w2 > 0 && (size_t)w2 < sizeof any);
        size_t audits = ts_logcap_count(logcap, line);
        size_t mentions = ts_logcap_count(logcap, any);
        if (sum.per_tenant[i] == THREADS * rounds && audits == (size_t)(THREADS * rounds) &&
            mentions == audits)
            tenants_right++;
        else
            fprintf(stderr, "%s: %d logins OK, %zu audit lines, %zu lines naming it "
                    "(want %d each)\n", tenants[i].name, sum.per_tenant[i], audits,
                    mentions, THREADS * rounds);
    }
    CU_ASSERT_EQUAL(tenants_right, TENANTS);
}

static void test_nothing_secret_was_logged(void)
{
    CU_ASSERT(ts_logcap_count(logcap, "sendgrid: login ") >= (size_t)(THREADS * TENANTS));
    /* The keys, by value; codes, by shape (there are too many to list). */
    const ts_sandbox *const both[] = {&sb_global, &sb_eu};
    ts_scan_suite_output(tmpdir, logcap, NULL, NULL, both, 2);
    CU_ASSERT_EQUAL(ts_logcap_count(logcap, "code="), 0);
    fprintf(stderr, "positive control: the next SECRET LEAK line is expected "
                    "(the EU key file holds the EU key)\n");
    CU_ASSERT(ts_secrets_scan_file(eu_key_path) >= 1);
}

static CU_TestInfo tests[] = {
    {"32 threads x 64 tenants in both regions: every result is the tenant's",
     test_every_result_belongs_to_its_tenant},
    {"nothing secret was logged", test_nothing_secret_was_logged},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("isolation", suite_setup, suite_cleanup, tests)
