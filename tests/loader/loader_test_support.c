/* SPDX-License-Identifier: MIT */
/* loader_test_support.c -- the helpers of loader_test.h and the suites
 * of test_loader. */
#include <stdio.h>
#include <string.h>

#include "loader_test.h"

auth_loader *new_loader(ts_logcap *cap, int level, uint32_t abi,
                        auth_loader_settings_fn settings_for, void *settings_ctx)
{
    auth_loader_config cfg;
    auth_loader *l = NULL;
    auth_result r;
    int rc;
    ts_loader_config_init(&cfg, cap, level, abi);
    cfg.settings_for = settings_for;
    cfg.settings_ctx = settings_ctx;
    auth_result_init(&r);
    rc = auth_loader_create(&cfg, &l, &r);
    if (rc != AUTH_OK)
        fprintf(stderr, "auth_loader_create: %s: %s\n", auth_status_name(rc),
                r.log_message);
    CU_ASSERT_EQUAL_FATAL(rc, AUTH_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    return l;
}

auth_loader *new_logged_loader(ts_logcap **sink, int level, uint32_t abi)
{
    *sink = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(*sink);
    return new_loader(*sink, level, abi, NULL, NULL);
}

int login_into(auth_loader *l, const char *name, const char *const *attrs, auth_result *r)
{
    auth_result_init(r);
    return auth_loader_login(l, name, attrs, r);
}

int check_into(auth_loader *l, const char *name, const char *const *attrs, auth_result *r)
{
    auth_result_init(r);
    return auth_loader_check(l, name, attrs, r);
}

size_t guard_changed(const unsigned char *bytes, size_t from, size_t size)
{
    size_t changed = 0;
    for (size_t i = from; i < size; i++)
        changed += bytes[i] != GUARD_BYTE;
    return changed;
}

int contains(const char *haystack, const char *needle)
{
    return haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
}

static CU_SuiteInfo suites[] = {
    {"broken", NULL, NULL, NULL, NULL, broken_tests},
    {"negotiation", NULL, NULL, NULL, NULL, negotiation_tests},
    {"instances", NULL, NULL, NULL, NULL, instances_tests},
    {"concurrency", NULL, NULL, NULL, NULL, concurrency_tests},
    {"cycles", NULL, NULL, NULL, NULL, cycles_tests},
    {"trust", NULL, NULL, NULL, trust_teardown, trust_tests},
    {"accounts", NULL, NULL, NULL, NULL, accounts_tests},
    CU_SUITE_INFO_NULL};

/* usage: test_loader [SUITE]   (no argument: every suite) */
int main(int argc, char **argv)
{
    return ts_main(argc, argv, suites);
}
