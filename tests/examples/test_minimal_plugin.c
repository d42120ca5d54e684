/* SPDX-License-Identifier: MIT */
/*
 * test_minimal_plugin.c -- examples.minimal_plugin: the example plugin of
 * docs/abi.md (samples/minimal-plugin/minimal_plugin.c) does what the doc
 * says, seen from a host that loads it with libauthloader:
 *   - get_info through the loader's entry,
 *   - a tenant's login URL, its expiry, the audit line, and no URL in logs,
 *   - check without a URL,
 *   - one instance answering many threads at once, each its own tenant,
 *   - bad settings refused at load with AUTH_ERR_CONFIG naming the key,
 *   - missing attributes refused with AUTH_ERR_INVALID_REQUEST,
 *   - hosts of a newer and of an older minor both load it at the lower
 *     minor; a host of another major is refused with a sentence.
 * usage: test_minimal_plugin [SUITE]
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>
#include "testsupport.h"

#if !defined(EXAMPLE_PLUGIN) || !defined(EXAMPLE_NEXT_PLUGIN)
#error "EXAMPLE_PLUGIN and EXAMPLE_NEXT_PLUGIN come from the build"
#endif

#define BASE "https://login.example.test/sso"

static const char *const good_settings[] = {"login_url_base=" BASE, NULL};
static const char *const acme[] = {"tenant=acme", "account_id=acme-42", NULL};

/* A loader offering `abi` (0: the current version) that logs everything,
 * up to DEBUG, into `cap`.  Fails the test fatally if it cannot be made. */
static auth_loader *new_loader(uint32_t abi, ts_logcap *cap)
{
    auth_loader *l = ts_loader_new(cap, AUTH_LOG_DEBUG, abi);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    return l;
}

/* Load `path` as `name` with `settings`; print the reason if it fails. */
static int load(auth_loader *l, const char *path, const char *name,
                const char *const *settings, auth_result *r)
{
    int rc;
    auth_result_init(r);
    rc = auth_loader_load_file(l, path, name, settings, r);
    if (rc != AUTH_OK)
        fprintf(stderr, "load %s: %s: %s\n", path, auth_status_name(rc),
                r->log_message);
    return rc;
}

static int contains(const char *haystack, const char *needle)
{
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Is `word` one of the NULL-terminated `list`? */
static int listed(const char *const *list, const char *word)
{
    for (; list != NULL && *list != NULL; list++)
        if (strcmp(*list, word) == 0)
            return 1;
    return 0;
}

static long long wall_ms(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- what a host sees ---------------------------------------------------- */

static void test_info_through_the_loader(void)
{
    ts_logcap *cap = ts_logcap_new();
    auth_loader *l = new_loader(0, cap);
    auth_loader_entry e;
    const auth_provider_info *info;
    auth_result r;

    CU_ASSERT_EQUAL_FATAL(load(l, EXAMPLE_PLUGIN, NULL, good_settings, &r), AUTH_OK);
    CU_ASSERT_EQUAL(auth_loader_count(l), 1);
    CU_ASSERT_TRUE(auth_loader_has(l, "example")); /* named after example.so */
    CU_ASSERT_EQUAL_FATAL(auth_loader_get(l, 0, &e), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(e.name, "example");
    CU_ASSERT_STRING_EQUAL(e.file, EXAMPLE_PLUGIN);
    CU_ASSERT_EQUAL(e.abi_version, AUTH_PROVIDER_MKVERSION(1, 0));
    info = e.info;
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_TRUE(AUTH_STRUCT_HAS(info, auth_provider_info, capabilities));
    CU_ASSERT_STRING_EQUAL(info->name, "example");
    CU_ASSERT_STRING_EQUAL(info->version, "1.0.0");
    CU_ASSERT_TRUE(contains(info->description, "minimal example provider"));
    CU_ASSERT_PTR_NULL(info->regions);
    CU_ASSERT_TRUE(listed(info->settings, "login_url_base"));
    CU_ASSERT_TRUE(listed(info->settings, "link_ttl_s"));
    CU_ASSERT_TRUE(listed(info->attributes, "tenant"));
    CU_ASSERT_TRUE(listed(info->attributes, "account_id"));
    CU_ASSERT_TRUE(listed(info->capabilities, "login"));
    CU_ASSERT_TRUE(listed(info->capabilities, "check"));
    CU_ASSERT_TRUE(ts_logcap_contains(cap, "example: ready (ABI 1.0, links valid 60 s)"));
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), 0);
    auth_loader_destroy(l);
    ts_logcap_free(cap);
}

static void test_login_gives_the_tenants_url(void)
{
    ts_logcap *cap = ts_logcap_new();
    auth_loader *l = new_loader(0, cap);
    /* Characters that would break a query unescaped: space, '/', '&', '#'. */
    const char *const odd[] = {"tenant=acme", "account_id=acme 42/x&y#z",
                               "region=ignored", NULL};
    auth_result r;
    long long before, after;

    CU_ASSERT_EQUAL_FATAL(load(l, EXAMPLE_PLUGIN, NULL, good_settings, &r), AUTH_OK);
    auth_result_init(&r);
    before = wall_ms();
    CU_ASSERT_EQUAL(auth_loader_login(l, "example", acme, &r), AUTH_OK);
    after = wall_ms();
    CU_ASSERT_EQUAL(r.status, AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, BASE "?account=acme-42");
    /* link_ttl_s defaults to 60: the link expires 60 s after the call */
    CU_ASSERT_TRUE(r.expires_at_ms >= before + 60000);
    CU_ASSERT_TRUE(r.expires_at_ms <= after + 60000);
    CU_ASSERT_STRING_EQUAL(r.log_message, "example: login for tenant 'acme' ok");
    CU_ASSERT_STRING_EQUAL(r.user_message, "");
    auth_result_wipe(&r);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");

    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_login(l, "example", odd, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, BASE "?account=acme%2042%2Fx%26y%23z");
    auth_result_wipe(&r);

    /* The audit line names the tenant and account; no line holds a URL. */
    CU_ASSERT_TRUE(ts_logcap_contains(cap, "example: login tenant 'acme' account 'acme-42': ok"));
    CU_ASSERT_EQUAL(ts_logcap_count(cap, "?account="), 0);
    CU_ASSERT_EQUAL(ts_logcap_count(cap, BASE), 0);
    auth_loader_destroy(l);
    ts_logcap_free(cap);
}

/* Two instances of one plugin, each with its own settings, side by side. */
static void test_instances_keep_their_own_settings(void)
{
    ts_logcap *cap = ts_logcap_new();
    auth_loader *l = new_loader(0, cap);
    const char *const other[] = {"login_url_base=https://other.example.test/go",
                                 "link_ttl_s=300", NULL};
    auth_result r;
    long long before;

    CU_ASSERT_EQUAL_FATAL(load(l, EXAMPLE_PLUGIN, "reseller-a", good_settings, &r), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(load(l, EXAMPLE_PLUGIN, "reseller-b", other, &r), AUTH_OK);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_login(l, "reseller-b", acme, &r), AUTH_OK);
    before = wall_ms();
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "https://other.example.test/go?account=acme-42");
    /* 300 s from the call, which ended before `before` */
    CU_ASSERT_TRUE(r.expires_at_ms <= before + 300000);
    CU_ASSERT_TRUE(r.expires_at_ms > before + 60000);
    auth_result_wipe(&r);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_login(l, "reseller-a", acme, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, BASE "?account=acme-42");
    auth_result_wipe(&r);
    auth_loader_destroy(l);
    ts_logcap_free(cap);
}

static void test_check_has_no_url(void)
{
    ts_logcap *cap = ts_logcap_new();
    auth_loader *l = new_loader(0, cap);
    auth_result r;

    CU_ASSERT_EQUAL_FATAL(load(l, EXAMPLE_PLUGIN, NULL, good_settings, &r), AUTH_OK);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_check(l, "example", acme, &r), AUTH_OK);
    CU_ASSERT_EQUAL(r.status, AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
    CU_ASSERT_EQUAL(r.expires_at_ms, 0);
    CU_ASSERT_STRING_EQUAL(r.log_message, "example: check for tenant 'acme' ok");
    CU_ASSERT_TRUE(ts_logcap_contains(cap, "example: check tenant 'acme' account 'acme-42': ok"));
    auth_loader_destroy(l);
    ts_logcap_free(cap);
}

/* The doc's threading claim: login only reads the instance, so threads
 * sharing one instance each get their own tenant's URL. */
#define THREADS 8
#define LOGINS_PER_THREAD 200

typedef struct worker {
    auth_loader *loader;
    int index;
    int wrong;          /* logins whose status or URL was not this thread's */
} worker;

static void *login_many(void *arg)
{
    worker *w = arg;
    char id[32], attr[48], want[128];
    const char *attrs[3];
    int i;
    snprintf(id, sizeof id, "tenant-%d", w->index);
    snprintf(attr, sizeof attr, "account_id=%s", id);
    snprintf(want, sizeof want, BASE "?account=%s", id);
    attrs[0] = "tenant=acme";
    attrs[1] = attr;
    attrs[2] = NULL;
    for (i = 0; i < LOGINS_PER_THREAD; i++) {
        auth_result r;
        auth_result_init(&r);
        if (auth_loader_login(w->loader, "example", attrs, &r) != AUTH_OK ||
            strcmp(r.redirect_url, want) != 0)
            w->wrong++;
        auth_result_wipe(&r);
    }
    return NULL;
}

static void test_one_instance_many_threads(void)
{
    ts_logcap *cap = ts_logcap_new();
    auth_loader *l = new_loader(0, cap);
    pthread_t threads[THREADS];
    worker workers[THREADS];
    auth_result r;
    int i, started = 0, wrong = 0;

    CU_ASSERT_EQUAL_FATAL(load(l, EXAMPLE_PLUGIN, NULL, good_settings, &r), AUTH_OK);
    for (i = 0; i < THREADS; i++) {
        workers[i].loader = l;
        workers[i].index = i;
        workers[i].wrong = 0;
        if (pthread_create(&threads[i], NULL, login_many, &workers[i]) != 0)
            break;
        started++;
    }
    CU_ASSERT_EQUAL(started, THREADS);
    for (i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
        wrong += workers[i].wrong;
    }
    CU_ASSERT_EQUAL(wrong, 0);
    /* every login wrote its audit line */
    CU_ASSERT_EQUAL(ts_logcap_count(cap, "example: login tenant 'acme' account 'tenant-"),
                    (size_t)(started * LOGINS_PER_THREAD));
    auth_loader_destroy(l);
    ts_logcap_free(cap);
}

/* ---- what an operator sees when the config is wrong ------------------------ */

static void test_bad_settings_are_refused_by_name(void)
{
    static const struct {
        const char *settings[3];
        const char *says;
    } cases[] = {
        {{"login_url_base=" BASE, "colour=blue", NULL},
         "example: unknown setting 'colour': the known settings are "
         "login_url_base and link_ttl_s"},
        {{NULL}, "example: setting 'login_url_base' is required"},
        {{"link_ttl_s=30", NULL}, "example: setting 'login_url_base' is required"},
        {{"login_url_base=http://login.example.test/sso", NULL},
         "example: setting 'login_url_base' must be an https:// URL"},
        {{"login_url_base=" BASE "?x=1", NULL},
         "example: setting 'login_url_base' must be an https:// URL"},
        {{"login_url_base=" BASE, "link_ttl_s=0", NULL},
         "example: setting 'link_ttl_s' must be a whole number of seconds from 1 to 3600"},
        {{"login_url_base=" BASE, "link_ttl_s=10s", NULL},
         "example: setting 'link_ttl_s' must be a whole number"},
        {{"login_url_base=" BASE, "login_url_base=" BASE, NULL},
         "example: setting 'login_url_base' is given twice"},
        {{"login_url_base", NULL},
         "example: setting 'login_url_base' is not of the form key=value"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ts_logcap *cap = ts_logcap_new();
        auth_loader *l = new_loader(0, cap);
        const char *file = NULL, *reason = NULL;
        auth_result r;
        int rc;
        auth_result_init(&r);
        rc = auth_loader_load_file(l, EXAMPLE_PLUGIN, NULL,
                                   cases[i].settings[0] != NULL ? cases[i].settings : NULL,
                                   &r);
        CU_ASSERT_EQUAL(rc, AUTH_ERR_CONFIG);
        CU_ASSERT_EQUAL(r.status, AUTH_ERR_CONFIG);
        /* The loader's sentence: the file, the status, the plugin's reason,
         * what to do. */
        CU_ASSERT_TRUE(contains(r.log_message, EXAMPLE_PLUGIN));
        CU_ASSERT_TRUE(contains(r.log_message, "init failed with AUTH_ERR_CONFIG"));
        CU_ASSERT_TRUE(contains(r.log_message, cases[i].says));
        CU_ASSERT_TRUE(contains(r.log_message, "fix the provider's settings"));
        if (!contains(r.log_message, cases[i].says))
            fprintf(stderr, "case %zu: got '%s', want '%s'\n", i, r.log_message,
                    cases[i].says);
        CU_ASSERT_EQUAL(auth_loader_count(l), 0);
        CU_ASSERT_FALSE(auth_loader_has(l, "example"));
        CU_ASSERT_EQUAL(auth_loader_failure_count(l), 1);
        CU_ASSERT_EQUAL(auth_loader_failure(l, 0, &file, &reason), AUTH_OK);
        CU_ASSERT_TRUE(contains(file, EXAMPLE_PLUGIN));
        CU_ASSERT_TRUE(contains(reason, cases[i].says));
        CU_ASSERT_TRUE(ts_logcap_contains(cap, cases[i].says));
        auth_loader_destroy(l);
        ts_logcap_free(cap);
    }
}

/* ---- what a tenant with incomplete data gets --------------------------------- */

static void test_missing_attributes_are_invalid_requests(void)
{
    static const struct {
        const char *attributes[3];
        const char *says;
    } cases[] = {
        {{"tenant=acme", NULL}, "example: the request has no account_id attribute"},
        {{"tenant=acme", "account_id=", NULL}, "example: the request has no account_id attribute"},
        {{"account_id=acme-42", NULL}, "example: the request has no tenant attribute"},
        {{NULL}, "example: the request has no tenant attribute"},
    };
    ts_logcap *cap = ts_logcap_new();
    auth_loader *l = new_loader(0, cap);
    auth_result r;
    size_t i;
    int op;

    CU_ASSERT_EQUAL_FATAL(load(l, EXAMPLE_PLUGIN, NULL, good_settings, &r), AUTH_OK);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const *attrs = cases[i].attributes[0] != NULL ? cases[i].attributes : NULL;
        for (op = 0; op < 2; op++) {
            auth_result_init(&r);
            CU_ASSERT_EQUAL(op == 0 ? auth_loader_login(l, "example", attrs, &r)
                                    : auth_loader_check(l, "example", attrs, &r),
                            AUTH_ERR_INVALID_REQUEST);
            CU_ASSERT_EQUAL(r.status, AUTH_ERR_INVALID_REQUEST);
            CU_ASSERT_TRUE(contains(r.log_message, cases[i].says));
            CU_ASSERT_STRING_EQUAL(r.user_message, "This account is not set up "
                                   "correctly in the panel. Please contact support.");
            CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
            CU_ASSERT_EQUAL(r.expires_at_ms, 0);
        }
    }
    CU_ASSERT_TRUE(ts_logcap_contains(cap, "example: the request has no account_id attribute"));
    auth_loader_destroy(l);
    ts_logcap_free(cap);
}

/* ---- versions: both directions, and another major ------------------------------ */

/* Load `path` into a host offering `offered`; the version they settled on,
 * after checking a login works at it. */
static uint32_t settle(uint32_t offered, const char *path)
{
    ts_logcap *cap = ts_logcap_new();
    auth_loader *l = new_loader(offered, cap);
    auth_loader_entry e;
    auth_result r;
    uint32_t v = 0;
    char ready[64];

    CU_ASSERT_EQUAL_FATAL(load(l, path, NULL, good_settings, &r), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(auth_loader_get(l, 0, &e), AUTH_OK);
    v = e.abi_version;
    /* the plugin was told the same version in its host table */
    snprintf(ready, sizeof ready, "example: ready (ABI %u.%u,",
             AUTH_PROVIDER_VERSION_MAJOR(v), AUTH_PROVIDER_VERSION_MINOR(v));
    CU_ASSERT_TRUE(ts_logcap_contains(cap, ready));
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_login(l, "example", acme, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, BASE "?account=acme-42");
    auth_result_wipe(&r);
    auth_loader_destroy(l);
    ts_logcap_free(cap);
    return v;
}

/* The example speaks 1.0; a host of 1.4, and one of this header's version,
 * settle on 1.0. */
static void test_host_of_a_newer_minor(void)
{
    CU_ASSERT_EQUAL(settle(AUTH_PROVIDER_MKVERSION(1, 4), EXAMPLE_PLUGIN),
                    AUTH_PROVIDER_MKVERSION(1, 0));
    CU_ASSERT_EQUAL(settle(0, EXAMPLE_PLUGIN), AUTH_PROVIDER_MKVERSION(1, 0));
}

/* The same source built as 1.2: a host of 1.1, or of 1.0, settles on its
 * own minor. */
static void test_host_of_an_older_minor(void)
{
    CU_ASSERT_EQUAL(settle(AUTH_PROVIDER_MKVERSION(1, 1), EXAMPLE_NEXT_PLUGIN),
                    AUTH_PROVIDER_MKVERSION(1, 1));
    CU_ASSERT_EQUAL(settle(AUTH_PROVIDER_MKVERSION(1, 0), EXAMPLE_NEXT_PLUGIN),
                    AUTH_PROVIDER_MKVERSION(1, 0));
    CU_ASSERT_EQUAL(settle(AUTH_PROVIDER_MKVERSION(1, 9), EXAMPLE_NEXT_PLUGIN),
                    AUTH_PROVIDER_MKVERSION(1, 2));
}

static void test_host_of_another_major_is_refused(void)
{
    static const struct {
        uint32_t offered;
        const char *says;
    } cases[] = {
        {AUTH_PROVIDER_MKVERSION(2, 0),
         "the plugin refused ABI version 2.0 (AUTH_ERR_VERSION): plugin speaks "
         "auth_provider ABI major 1, host speaks major 2: rebuild the plugin "
         "against the host's auth_provider.h"},
        {AUTH_PROVIDER_MKVERSION(0, 9),
         "the plugin refused ABI version 0.9 (AUTH_ERR_VERSION): plugin speaks "
         "auth_provider ABI major 1, host speaks major 0"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ts_logcap *cap = ts_logcap_new();
        auth_loader *l = new_loader(cases[i].offered, cap);
        const char *file = NULL, *reason = NULL;
        auth_result r;
        auth_result_init(&r);
        CU_ASSERT_EQUAL(auth_loader_load_file(l, EXAMPLE_PLUGIN, NULL, good_settings, &r),
                        AUTH_ERR_VERSION);
        CU_ASSERT_EQUAL(r.status, AUTH_ERR_VERSION);
        CU_ASSERT_TRUE(contains(r.log_message, cases[i].says));
        if (!contains(r.log_message, cases[i].says))
            fprintf(stderr, "got '%s'\n", r.log_message);
        CU_ASSERT_EQUAL(auth_loader_count(l), 0);
        CU_ASSERT_EQUAL_FATAL(auth_loader_failure(l, 0, &file, &reason), AUTH_OK);
        CU_ASSERT_STRING_EQUAL(file, EXAMPLE_PLUGIN);
        CU_ASSERT_TRUE(contains(reason, cases[i].says));
        /* refused at the entry point: init never ran */
        CU_ASSERT_FALSE(ts_logcap_contains(cap, "example: ready"));
        auth_loader_destroy(l);
        ts_logcap_free(cap);
    }
}

static CU_TestInfo tests[] = {
    {"get_info through the loader's entry", test_info_through_the_loader},
    {"login gives the tenant's URL and expiry, logs no URL", test_login_gives_the_tenants_url},
    {"two instances keep their own settings", test_instances_keep_their_own_settings},
    {"check answers without a URL", test_check_has_no_url},
    {"one instance answers many threads at once", test_one_instance_many_threads},
    {"bad settings are refused at load, by name", test_bad_settings_are_refused_by_name},
    {"missing attributes are invalid requests", test_missing_attributes_are_invalid_requests},
    {"a host of a newer minor settles on the plugin's", test_host_of_a_newer_minor},
    {"a host of an older minor settles on its own", test_host_of_an_older_minor},
    {"a host of another major is refused with a reason", test_host_of_another_major_is_refused},
    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {
    {"minimal_plugin", NULL, NULL, NULL, NULL, tests},
    CU_SUITE_INFO_NULL};

int main(int argc, char **argv)
{
    return ts_main(argc, argv, suites);
}
