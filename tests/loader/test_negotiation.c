/* SPDX-License-Identifier: MIT */
/*
 * test_negotiation.c -- version negotiation both ways: an old plugin in a
 * new host, a new plugin in an older host, another major, and an older
 * host's smaller auth_result.
 */
#include <stdio.h>
#include <string.h>

#include "loader_test.h"

static const char *const attrs[] = {"tenant=acme", NULL};

/* Load `path` as `name` into a loader offering `abi`; its negotiated version. */
static uint32_t negotiated(auth_loader *l, const char *path, const char *name)
{
    auth_result r;
    auth_loader_entry e;
    size_t i;
    int rc;
    auth_result_init(&r);
    rc = auth_loader_load_file(l, path, name, NULL, &r);
    if (rc != AUTH_OK)
        fprintf(stderr, "%s: %s: %s\n", path, auth_status_name(rc), r.log_message);
    CU_ASSERT_EQUAL_FATAL(rc, AUTH_OK);
    for (i = 0; i < auth_loader_count(l); i++)
        if (auth_loader_get(l, i, &e) == AUTH_OK && strcmp(e.name, name) == 0)
            return e.abi_version;
    CU_FAIL_FATAL("loaded instance not listed");
    return 0;
}

/* Built before get_info and check existed: they read as NULL (the junk
 * after its short table is never read), check is refused, login works. */
static void test_old_plugin_in_new_host(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_loader_entry e;
    auth_result r;
    CU_ASSERT_EQUAL(negotiated(l, OLD_PLUGIN, "old"), AUTH_PROVIDER_MKVERSION(1, 0));
    CU_ASSERT_EQUAL_FATAL(auth_loader_get(l, 0, &e), AUTH_OK);
    CU_ASSERT_PTR_NULL(e.info);
        CU_ASSERT_EQUAL(check_into(l, "old", attrs, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_EQUAL(r.status, AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(r.log_message, "provider old does not support check"));
        CU_ASSERT_EQUAL(login_into(l, "old", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.log_message, "old: login");
    auth_loader_destroy(l);
}

/* Speaks minor 7 with a bigger ops table: loads at the host's version, and
 * the host table it gets says so. */
static void test_new_plugin_in_current_host(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    char want[64];
    CU_ASSERT_EQUAL(negotiated(l, FUTURE_PLUGIN, "future"), AUTH_PROVIDER_ABI_VERSION);
        CU_ASSERT_EQUAL(login_into(l, "future", attrs, &r), AUTH_OK);
    snprintf(want, sizeof want, "abi=%u.%u host_api=%zu", AUTH_PROVIDER_ABI_MAJOR,
             AUTH_PROVIDER_ABI_MINOR, sizeof(auth_host_api));
    CU_ASSERT_STRING_EQUAL(r.error_id, want);
    snprintf(want, sizeof want, "entry saw %u.%u", AUTH_PROVIDER_ABI_MAJOR,
             AUTH_PROVIDER_ABI_MINOR);
    CU_ASSERT_STRING_EQUAL(r.user_message, want);
    /* its table has no check (NULL within the part the host knows) */
        CU_ASSERT_EQUAL(check_into(l, "future", attrs, &r), AUTH_ERR_CONFIG);
    auth_loader_destroy(l);
}

/* min(host minor, plugin minor) from both sides.  A host offering 1.3
 * stands in for "a later host" (later than this header): the 1.7 plugin
 * settles on 1.3 (the host is older than the plugin), the echo plugin on
 * this header's version and the 1.0 plugin on 1.0 (the plugin is older than
 * the host). */
static void test_both_sides_take_the_lower_minor(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, AUTH_PROVIDER_MKVERSION(1, 3),
                                NULL, NULL);
    auth_result r;
    char want[32];
    CU_ASSERT_EQUAL(negotiated(l, FUTURE_PLUGIN, "future"), AUTH_PROVIDER_MKVERSION(1, 3));
    CU_ASSERT_EQUAL(negotiated(l, ECHO_PLUGIN, "echo"), AUTH_PROVIDER_ABI_VERSION);
    CU_ASSERT_EQUAL(negotiated(l, OLD_PLUGIN, "old"), AUTH_PROVIDER_MKVERSION(1, 0));
    /* what each plugin was told in its host table */
        CU_ASSERT_EQUAL(login_into(l, "future", attrs, &r), AUTH_OK);
    CU_ASSERT_TRUE(contains(r.error_id, "abi=1.3 "));
    CU_ASSERT_STRING_EQUAL(r.user_message, "entry saw 1.3");
        CU_ASSERT_EQUAL(login_into(l, "echo", attrs, &r), AUTH_OK);
    snprintf(want, sizeof want, "abi=%u.%u", AUTH_PROVIDER_ABI_MAJOR,
             AUTH_PROVIDER_ABI_MINOR);
    CU_ASSERT_STRING_EQUAL(r.error_id, want);
        CU_ASSERT_EQUAL(login_into(l, "old", attrs, &r), AUTH_OK);
    CU_ASSERT_TRUE(contains(r.error_id, "abi=1.0 "));
    auth_loader_destroy(l);
}

/* A 1.0 host (one built before 1.1) and the plugins of this header: they
 * settle on 1.0 and tell the plugin so. */
static void test_a_1_0_host_gets_1_0(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, AUTH_PROVIDER_MKVERSION(1, 0),
                                NULL, NULL);
    auth_result r;
    CU_ASSERT_EQUAL(negotiated(l, ECHO_PLUGIN, "echo"), AUTH_PROVIDER_MKVERSION(1, 0));
    CU_ASSERT_EQUAL(negotiated(l, FUTURE_PLUGIN, "future"), AUTH_PROVIDER_MKVERSION(1, 0));
        CU_ASSERT_EQUAL(login_into(l, "echo", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.error_id, "abi=1.0");
        CU_ASSERT_EQUAL(login_into(l, "future", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.user_message, "entry saw 1.0");
    auth_loader_destroy(l);
}

/* Both load_dir'd from their own directory without failures. */
static void test_versions_directory_loads(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    CU_ASSERT_EQUAL(auth_loader_load_dir(l, VERSIONS_DIR), 2);
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), 0);
    CU_ASSERT_TRUE(auth_loader_has(l, "old"));
    CU_ASSERT_TRUE(auth_loader_has(l, "future"));
    auth_loader_destroy(l);
}

static void test_other_major_host_is_refused(void)
{
    ts_logcap *sink;
    auth_loader *l;
    auth_result r;
    const char *file = NULL, *reason = NULL;
    l = new_logged_loader(&sink, AUTH_LOG_ERROR, AUTH_PROVIDER_MKVERSION(2, 0));
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, ECHO_PLUGIN, NULL, NULL, &r), AUTH_ERR_VERSION);
    CU_ASSERT_EQUAL(auth_loader_count(l), 0);
    CU_ASSERT_EQUAL_FATAL(auth_loader_failure(l, 0, &file, &reason), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(file, ECHO_PLUGIN);
    CU_ASSERT_TRUE(contains(reason, "the plugin refused ABI version 2.0 (AUTH_ERR_VERSION)"));
    CU_ASSERT_TRUE(contains(reason, "plugin speaks auth_provider ABI major 1, host speaks major 2"));
    CU_ASSERT_TRUE(contains(r.log_message, reason));
    CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_ERROR, "host speaks major 2"));
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

/* An older host's auth_result: only AUTH_RESULT_MIN_SIZE bytes.  The plugin
 * fills it and writes nothing past it; one byte smaller is refused before
 * the plugin is called. */
static void test_smaller_result_is_respected(void)
{
    guarded_result buf;
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    const char *const tenant_attrs[] = {"tenant=acme", "region=eu", NULL};
    size_t bad;
    int op;

    auth_result_init(&buf.r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_load_file(l, ECHO_PLUGIN, NULL, NULL, &buf.r), AUTH_OK);
    for (op = 0; op < 2; op++) {
        memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
        buf.r.struct_size = AUTH_RESULT_MIN_SIZE;
        CU_ASSERT_EQUAL(op == 0 ? auth_loader_login(l, "echo", tenant_attrs, &buf.r)
                                : auth_loader_check(l, "echo", tenant_attrs, &buf.r),
                        AUTH_OK);
        CU_ASSERT_EQUAL(buf.r.struct_size, AUTH_RESULT_MIN_SIZE);
        CU_ASSERT_EQUAL(buf.r.status, AUTH_OK);
        CU_ASSERT_STRING_EQUAL(buf.r.region, "eu");
        CU_ASSERT_TRUE(contains(buf.r.log_message, "tenant=acme region=eu"));
        bad = guard_changed(buf.bytes, AUTH_RESULT_MIN_SIZE, sizeof buf.bytes);
        CU_ASSERT_EQUAL(bad, 0);
        if (bad != 0)
            fprintf(stderr, "%zu guard bytes after a %zu-byte result were written\n",
                    bad, (size_t)AUTH_RESULT_MIN_SIZE);
    }
    for (op = 0; op < 2; op++) {
        memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
        buf.r.struct_size = AUTH_RESULT_MIN_SIZE - 1;
        CU_ASSERT_EQUAL(op == 0 ? auth_loader_login(l, "echo", tenant_attrs, &buf.r)
                                : auth_loader_check(l, "echo", tenant_attrs, &buf.r),
                        AUTH_ERR_VERSION);
        CU_ASSERT_EQUAL(buf.r.struct_size, AUTH_RESULT_MIN_SIZE - 1);
        bad = guard_changed(buf.bytes, sizeof buf.r.struct_size, sizeof buf.bytes);
        CU_ASSERT_EQUAL(bad, 0);
    }
    auth_loader_destroy(l);
}

CU_TestInfo negotiation_tests[] = {
    {"old plugin (1.0, short ops) in a new host", test_old_plugin_in_new_host},
    {"new plugin (1.7, longer ops) in the current host", test_new_plugin_in_current_host},
    {"both sides settle on the lower minor", test_both_sides_take_the_lower_minor},
    {"a 1.0 host settles on 1.0", test_a_1_0_host_gets_1_0},
    {"a directory of other-minor plugins loads", test_versions_directory_loads},
    {"a host of another major is refused by the plugin", test_other_major_host_is_refused},
    {"an older host's smaller result is respected", test_smaller_result_is_respected},
    CU_TEST_INFO_NULL};
