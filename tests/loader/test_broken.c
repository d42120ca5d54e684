/* SPDX-License-Identifier: MIT */
/*
 * test_broken.c -- plugins that must not load are skipped, each with the
 * file and a reason that says what to do, and the good one next to them
 * still loads; plus the loader's own refusals (missing file, duplicate
 * name, unknown instance) and unload_all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader_test.h"

/* The loader offers the version of the header it was built with. */
#define STR2(x) #x
#define STR(x) STR2(x)
#define HOST_VERSION STR(AUTH_PROVIDER_ABI_MAJOR) "." STR(AUTH_PROVIDER_ABI_MINOR)

/* Every broken file of MIXED_DIR in load (name) order, the status
 * load_file gives it and what its reason must say. */
static const struct broken_case {
    const char *file;
    int status;
    const char *reason[3];
} broken[] = {
    {"badinit.so", AUTH_ERR_CONFIG,
     {"init failed with AUTH_ERR_CONFIG", "badinit: the setting api_key is missing",
      "fix the provider's settings"}},
    {"greedy.so", AUTH_ERR_VERSION,
     {"answered ABI version 1.7 to a host offering " HOST_VERSION, "fix its negotiation", NULL}},
    {"noentry.so", AUTH_ERR_CONFIG,
     {"no auth_provider_entry symbol", "not an auth_provider plugin",
      "AUTH_PROVIDER_DEFINE_ENTRY"}},
    {"notaplugin.so", AUTH_ERR_CONFIG,
     {"not a loadable shared object", "notaplugin.so", "remove the file"}},
    {"nullop.so", AUTH_ERR_VERSION,
     {"mandatory op login is NULL", "implement init, login and teardown", NULL}},
    {"tinyops.so", AUTH_ERR_VERSION,
     {"the plugin's ops table is", "bytes of the three mandatory ops",
      "set struct_size = sizeof(auth_provider_ops)"}},
    {"wrongmajor.so", AUTH_ERR_VERSION,
     {"refused ABI version " HOST_VERSION " ",
      "plugin speaks auth_provider ABI major 2, host speaks major 1",
      "rebuild the plugin"}},
};
#define N_BROKEN (sizeof broken / sizeof broken[0])

typedef struct asked {
    char names[16][64];
    size_t n;
} asked;

static const char *const dir_settings[] = {"greeting=from-dir", NULL};

static const char *const *settings_for(void *ctx, const char *name)
{
    asked *a = ctx;
    if (a->n < 16)
        snprintf(a->names[a->n++], sizeof a->names[0], "%s", name);
    return strcmp(name, "echo") == 0 ? dir_settings : NULL;
}

static int was_asked(const asked *a, const char *name)
{
    size_t i;
    for (i = 0; i < a->n; i++)
        if (strcmp(a->names[i], name) == 0)
            return 1;
    return 0;
}

static void test_load_dir_skips_broken_keeps_good(void)
{
    ts_logcap *sink;
    asked a;
    auth_loader *l;
    auth_loader_entry e;
    auth_result r;
    const char *const attrs[] = {"tenant=acme", NULL};
    size_t i, loaded;

    memset(&a, 0, sizeof a);
    sink = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(sink);
    l = new_loader(sink, AUTH_LOG_ERROR, 0, settings_for, &a);
    loaded = auth_loader_load_dir(l, MIXED_DIR);
    CU_ASSERT_EQUAL(loaded, 1);
    CU_ASSERT_EQUAL(auth_loader_count(l), 1);
    CU_ASSERT_EQUAL_FATAL(auth_loader_get(l, 0, &e), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(e.name, "echo");
    CU_ASSERT_STRING_EQUAL(e.file, MIXED_DIR "/echo.so");
    CU_ASSERT_EQUAL(e.abi_version, AUTH_PROVIDER_ABI_VERSION);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e.info);
    CU_ASSERT_STRING_EQUAL(e.info->name, "echo");
    CU_ASSERT_STRING_EQUAL(e.info->version, "1.0.0-echo");
    CU_ASSERT_TRUE(auth_loader_has(l, "echo"));
    CU_ASSERT_FALSE(auth_loader_has(l, "badinit"));
    CU_ASSERT_TRUE(was_asked(&a, "echo"));
    CU_ASSERT_TRUE(was_asked(&a, "badinit"));

    /* every broken file, in name order, with its file and reason; nothing
     * about README.txt or the subdir.so directory */
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), N_BROKEN);
    for (i = 0; i < N_BROKEN && i < auth_loader_failure_count(l); i++) {
        const char *file = NULL, *reason = NULL;
        char want[512], line[700];
        size_t k;
        snprintf(want, sizeof want, "%s/%s", MIXED_DIR, broken[i].file);
        CU_ASSERT_EQUAL(auth_loader_failure(l, i, &file, &reason), AUTH_OK);
        CU_ASSERT_PTR_NOT_NULL_FATAL(file);
        CU_ASSERT_PTR_NOT_NULL_FATAL(reason);
        CU_ASSERT_STRING_EQUAL(file, want);
        for (k = 0; k < 3 && broken[i].reason[k] != NULL; k++) {
            CU_ASSERT_TRUE(contains(reason, broken[i].reason[k]));
            if (!contains(reason, broken[i].reason[k]))
                fprintf(stderr, "%s: reason '%s' lacks '%s'\n", file, reason,
                        broken[i].reason[k]);
        }
        CU_ASSERT_PTR_NULL(strchr(reason, '\n'));
        /* ...and the same sentence was logged at ERROR */
        snprintf(line, sizeof line, "cannot load plugin %s: %s", want, reason);
        CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_ERROR, line));
    }
    CU_ASSERT_FALSE(ts_logcap_has(sink, -1, "README.txt"));
    CU_ASSERT_FALSE(ts_logcap_has(sink, -1, "subdir.so"));
    CU_ASSERT_EQUAL(auth_loader_failure(l, N_BROKEN, NULL, NULL),
                    AUTH_ERR_INVALID_REQUEST);

    /* the good one works, with the settings settings_for gave it */
        CU_ASSERT_EQUAL(login_into(l, "echo", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.user_message, "from-dir");
    CU_ASSERT_STRING_EQUAL(r.log_message, "tenant=acme");
    if (auth_loader_failure_count(l) != N_BROKEN)
        ts_logcap_dump_to(sink, stderr);
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

static void test_load_file_statuses_and_messages(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    size_t i;
    for (i = 0; i < N_BROKEN; i++) {
        char path[512];
        auth_result r;
        int rc;
        const char *file = NULL, *reason = NULL;
        snprintf(path, sizeof path, "%s/%s", MIXED_DIR, broken[i].file);
        auth_result_init(&r);
        rc = auth_loader_load_file(l, path, NULL, NULL, &r);
        CU_ASSERT_EQUAL(rc, broken[i].status);
        CU_ASSERT_EQUAL(r.status, broken[i].status);
        if (rc != broken[i].status)
            fprintf(stderr, "%s: %s (%s)\n", path, auth_status_name(rc), r.log_message);
        /* the result names the file, then the recorded reason */
        CU_ASSERT_EQUAL(strncmp(r.log_message, path, strlen(path)), 0);
        CU_ASSERT_EQUAL(auth_loader_failure(l, i, &file, &reason), AUTH_OK);
        CU_ASSERT_TRUE(contains(r.log_message, reason));
        CU_ASSERT_TRUE(contains(reason, broken[i].reason[0]));
    }
    CU_ASSERT_EQUAL(auth_loader_count(l), 0);
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), N_BROKEN);
    auth_loader_destroy(l);
}

static void test_missing_file_and_directory(void)
{
    ts_logcap *sink;
    auth_loader *l;
    auth_result r;
    const char *file = NULL, *reason = NULL;
    l = new_logged_loader(&sink, AUTH_LOG_ERROR, 0);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, MIXED_DIR "/nosuch.so", NULL, NULL, &r),
                    AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(r.log_message, "nosuch.so: cannot read it (No such file or directory)"));
    CU_ASSERT_TRUE(contains(r.log_message, "check the plugin path"));

    CU_ASSERT_EQUAL(auth_loader_load_dir(l, MIXED_DIR "/no-such-dir"), 0);
    CU_ASSERT_EQUAL_FATAL(auth_loader_failure_count(l), 2);
    CU_ASSERT_EQUAL(auth_loader_failure(l, 1, &file, &reason), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(file, MIXED_DIR "/no-such-dir");
    CU_ASSERT_TRUE(contains(reason, "cannot read the plugin directory (No such file or directory)"));
    CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_ERROR, "cannot read the plugin directory"));

    /* a directory is not a plugin file */
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, MIXED_DIR "/subdir.so", NULL, NULL, &r),
                    AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(r.log_message, "not a regular file"));
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

/* A bare file name means that file in the current directory, never a
 * search-path lookup (LTDL_LIBRARY_PATH, LD_LIBRARY_PATH). */
static void test_bare_name_uses_no_search_path(void)
{
    char cwd[4096];
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    setenv("LTDL_LIBRARY_PATH", MIXED_DIR, 1);
    CU_ASSERT_EQUAL_FATAL(chdir("/"), 0);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, "echo.so", NULL, NULL, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(r.log_message, "echo.so: cannot read it"));
    CU_ASSERT_EQUAL_FATAL(chdir(MIXED_DIR), 0);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, "echo.so", NULL, NULL, &r), AUTH_OK);
    CU_ASSERT_TRUE(auth_loader_has(l, "echo"));
    unsetenv("LTDL_LIBRARY_PATH");
    CU_ASSERT_EQUAL(chdir(cwd), 0);
    auth_loader_destroy(l);
}

static void test_duplicate_name_is_refused(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    const char *file = NULL, *reason = NULL;
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_load_file(l, ECHO_PLUGIN, NULL, NULL, &r), AUTH_OK);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, ECHO_PLUGIN, NULL, NULL, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(r.log_message, "an instance named 'echo' is already loaded (from "
                                           ECHO_PLUGIN ")"));
    CU_ASSERT_TRUE(contains(r.log_message, "give this one another name"));
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), 1);
    CU_ASSERT_EQUAL(auth_loader_failure(l, 0, &file, &reason), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(file, ECHO_PLUGIN);
    CU_ASSERT_EQUAL(auth_loader_count(l), 1);
    /* under another name the same file loads again */
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, ECHO_PLUGIN, "echo2", NULL, &r), AUTH_OK);
    CU_ASSERT_EQUAL(auth_loader_count(l), 2);
    auth_loader_destroy(l);
}

static void test_unknown_instance_and_bad_arguments(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    auth_loader_entry e;
    const char *const attrs[] = {"tenant=acme", NULL};
        CU_ASSERT_EQUAL(login_into(l, "nosuch", attrs, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_EQUAL(r.status, AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(r.log_message, "no provider instance named 'nosuch' is loaded"));
        CU_ASSERT_EQUAL(check_into(l, "nosuch", attrs, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_EQUAL(auth_loader_get(l, 0, &e), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_loader_login(l, "nosuch", attrs, NULL), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_loader_count(NULL), 0);
    CU_ASSERT_FALSE(auth_loader_has(l, NULL));
    auth_loader_destroy(NULL);
    auth_loader_destroy(l);
}

static void test_create_rejects_bad_config(void)
{
    auth_loader_config cfg;
    auth_loader *l = (auth_loader *)&cfg; /* must be reset to NULL */
    auth_result r;
    memset(&cfg, 0, sizeof cfg);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_create(&cfg, &l, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_TRUE(contains(r.log_message, "set it to sizeof(auth_loader_config)"));
    /* no config at all means defaults */
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_create(NULL, &l, &r), AUTH_OK);
    auth_loader_destroy(l);
}

static void test_unload_all_is_repeatable(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    const char *const attrs[] = {"tenant=acme", NULL};
    int round;
    for (round = 0; round < 3; round++) {
        CU_ASSERT_EQUAL(auth_loader_load_dir(l, MIXED_DIR), 1);
        CU_ASSERT_EQUAL(auth_loader_count(l), 1);
        CU_ASSERT_EQUAL(auth_loader_failure_count(l), N_BROKEN);
                CU_ASSERT_EQUAL(login_into(l, "echo", attrs, &r), AUTH_OK);
        auth_loader_unload_all(l);
        CU_ASSERT_EQUAL(auth_loader_count(l), 0);
        CU_ASSERT_EQUAL(auth_loader_failure_count(l), 0);
        CU_ASSERT_FALSE(auth_loader_has(l, "echo"));
        auth_loader_unload_all(l);
    }
    auth_loader_destroy(l);
}

CU_TestInfo broken_tests[] = {
    {"load_dir skips each broken plugin, loads the good one",
     test_load_dir_skips_broken_keeps_good},
    {"load_file: status and message per broken plugin", test_load_file_statuses_and_messages},
    {"missing file, missing directory, directory as file", test_missing_file_and_directory},
    {"a bare file name uses no search path", test_bare_name_uses_no_search_path},
    {"a duplicate instance name is refused", test_duplicate_name_is_refused},
    {"unknown instance and bad arguments", test_unknown_instance_and_bad_arguments},
    {"create rejects a config without struct_size", test_create_rejects_bad_config},
    {"unload_all is repeatable", test_unload_all_is_repeatable},
    CU_TEST_INFO_NULL};
