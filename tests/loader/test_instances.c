/* SPDX-License-Identifier: MIT */
/*
 * test_instances.c -- several instances of one plugin file, each with its
 * own settings; the host log callback and its level filter; check.
 */
#include <string.h>

#include "loader_test.h"

static void test_two_instances_of_one_file_answer_differently(void)
{
    ts_logcap *sink;
    auth_loader *l;
    auth_loader_entry a, b;
    auth_result r;
    const char *const alpha_settings[] = {"greeting=hello from alpha", NULL};
    const char *const beta_settings[] = {"greeting=hello from beta", NULL};
    const char *const attrs[] = {"tenant=acme", NULL};

    l = new_logged_loader(&sink, AUTH_LOG_INFO, 0);
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_load_file(l, ECHO_PLUGIN, "alpha", alpha_settings, &r),
                          AUTH_OK);
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_load_file(l, ECHO_PLUGIN, "beta", beta_settings, &r),
                          AUTH_OK);
    CU_ASSERT_EQUAL(auth_loader_count(l), 2);
    CU_ASSERT_EQUAL_FATAL(auth_loader_get(l, 0, &a), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(auth_loader_get(l, 1, &b), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.name, "alpha");
    CU_ASSERT_STRING_EQUAL(b.name, "beta");
    CU_ASSERT_STRING_EQUAL(a.file, ECHO_PLUGIN);
    CU_ASSERT_STRING_EQUAL(b.file, ECHO_PLUGIN);
    CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_INFO, "loaded plugin " ECHO_PLUGIN " as 'alpha'"));

        CU_ASSERT_EQUAL(login_into(l, "alpha", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.user_message, "hello from alpha");
        CU_ASSERT_EQUAL(login_into(l, "beta", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.user_message, "hello from beta");
    /* each instance logs through its own host table */
    CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_INFO, "echo[hello from alpha]: login tenant=acme"));
    CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_INFO, "echo[hello from beta]: login tenant=acme"));

    /* unloading one file's instances leaves nothing behind; reload works */
    auth_loader_unload_all(l);
        CU_ASSERT_EQUAL(login_into(l, "alpha", attrs, &r), AUTH_ERR_CONFIG);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, ECHO_PLUGIN, "alpha", beta_settings, &r), AUTH_OK);
        CU_ASSERT_EQUAL(login_into(l, "alpha", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.user_message, "hello from beta");
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

static void test_init_refusal_reaches_the_caller(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    const char *const bad[] = {"greeting=hi", "colour=blue", NULL};
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, ECHO_PLUGIN, "picky", bad, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(r.log_message, ECHO_PLUGIN ": init failed with AUTH_ERR_CONFIG"));
    CU_ASSERT_TRUE(contains(r.log_message, "echo: unknown setting 'colour=blue'"));
    CU_ASSERT_FALSE(auth_loader_has(l, "picky"));
    auth_loader_destroy(l);
}

static void test_log_level_filter(void)
{
    ts_logcap *info, *debug;
    auth_loader *li, *ld, *quiet;
    auth_result r;
    const char *const attrs[] = {"tenant=acme", NULL};
    int level;

    info = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    debug = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(debug);
    li = new_loader(info, AUTH_LOG_INFO, 0, NULL, NULL);
    ld = new_loader(debug, AUTH_LOG_DEBUG, 0, NULL, NULL);
    quiet = new_loader(NULL, AUTH_LOG_DEBUG, 0, NULL, NULL);
    for (level = 0; level < 3; level++) {
        auth_loader *l = level == 0 ? li : level == 1 ? ld : quiet;
        auth_result_init(&r);
        CU_ASSERT_EQUAL_FATAL(auth_loader_load_file(l, ECHO_PLUGIN, NULL, NULL, &r), AUTH_OK);
                CU_ASSERT_EQUAL(login_into(l, "echo", attrs, &r), AUTH_OK);
        /* the URL is a secret: the loader never logs it */
        CU_ASSERT_TRUE(contains(r.redirect_url, "echo-secret"));
        auth_result_wipe(&r);
        CU_ASSERT_EQUAL(r.redirect_url[0], '\0');
    }
    CU_ASSERT_TRUE(ts_logcap_has(info, AUTH_LOG_INFO, "echo[hello]: login tenant=acme"));
    CU_ASSERT_FALSE(ts_logcap_has(info, -1, "debug detail"));
    CU_ASSERT_TRUE(ts_logcap_has(debug, AUTH_LOG_DEBUG, "echo[hello]: debug detail"));
    CU_ASSERT_FALSE(ts_logcap_has(info, -1, "echo-secret"));
    CU_ASSERT_FALSE(ts_logcap_has(debug, -1, "echo-secret"));
    auth_loader_destroy(li);
    auth_loader_destroy(ld);
    auth_loader_destroy(quiet);
    ts_logcap_free(info);
    ts_logcap_free(debug);
}

static void test_check_goes_to_the_instance(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_loader_entry e;
    auth_result r;
    const char *const attrs[] = {"tenant=acme", "region=us", NULL};
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_load_file(l, ECHO_PLUGIN, NULL, NULL, &r), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(auth_loader_get(l, 0, &e), AUTH_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e.info);
    CU_ASSERT_STRING_EQUAL(e.info->capabilities[0], "check");
        CU_ASSERT_EQUAL(check_into(l, "echo", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.log_message, "check tenant=acme region=us");
    CU_ASSERT_STRING_EQUAL(r.region, "us");
    CU_ASSERT_EQUAL(r.redirect_url[0], '\0');
    auth_loader_destroy(l);
}

CU_TestInfo instances_tests[] = {
    {"two instances of one file answer differently",
     test_two_instances_of_one_file_answer_differently},
    {"init's refusal reaches the caller", test_init_refusal_reaches_the_caller},
    {"log level filter and no secret in logs", test_log_level_filter},
    {"check goes to the instance", test_check_goes_to_the_instance},
    CU_TEST_INFO_NULL};
