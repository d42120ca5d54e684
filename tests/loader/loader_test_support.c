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
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = cap != NULL ? ts_logcap_log : NULL;
    cfg.log_ctx = cap;
    cfg.log_level = level;
    cfg.settings_for = settings_for;
    cfg.settings_ctx = settings_ctx;
    cfg.abi_version = abi;
    auth_result_init(&r);
    rc = auth_loader_create(&cfg, &l, &r);
    if (rc != AUTH_OK)
        fprintf(stderr, "auth_loader_create: %s: %s\n", auth_status_name(rc),
                r.log_message);
    CU_ASSERT_EQUAL_FATAL(rc, AUTH_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    return l;
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
