/* SPDX-License-Identifier: MIT */
/*
 * loader.cycles -- 1000 full cycles (create, load + init, login, teardown +
 * unload, destroy) in one process: no crash, and no leak.  The leak check
 * compares resident memory after cycle 100 (once every lazy one-time
 * allocation has happened) with after cycle 1000; it is not a timing test.
 */
#include <stdio.h>
#include <string.h>

#include "loader_test.h"

enum { CYCLES = 1000, WARM = 100 };
#define MAX_GROWTH (1024L * 1024L)

static void test_thousand_cycles_do_not_leak(void)
{
    const char *const settings[] = {"greeting=cycle", NULL};
    const char *const attrs[] = {"tenant=acme", NULL};
    long rss_warm = -1, rss_end = -1;
    int i, failed = 0;

    for (i = 1; i <= CYCLES; i++) {
        auth_loader_config cfg;
        auth_loader *l = NULL;
        auth_result r;
        memset(&cfg, 0, sizeof cfg);
        cfg.struct_size = sizeof cfg;
        auth_result_init(&r);
        if (auth_loader_create(&cfg, &l, &r) != AUTH_OK) {
            failed++;
            continue;
        }
        auth_result_init(&r);
        if (auth_loader_load_file(l, ECHO_PLUGIN, NULL, settings, &r) != AUTH_OK)
            failed++;
        auth_result_init(&r);
        if (auth_loader_login(l, "echo", attrs, &r) != AUTH_OK ||
            strcmp(r.user_message, "cycle") != 0)
            failed++;
        auth_result_wipe(&r);
        auth_loader_unload_all(l);
        auth_loader_destroy(l);
        if (i == WARM)
            rss_warm = ts_rss_bytes();
    }
    rss_end = ts_rss_bytes();
    printf("\n  RSS after cycle %d and after cycle %d:", WARM, CYCLES);
    CU_ASSERT_EQUAL(failed, 0);
    CU_ASSERT_TRUE_FATAL(rss_warm > 0 && rss_end > 0);
    CU_ASSERT_TRUE(ts_rss_growth_within(rss_warm, rss_end, MAX_GROWTH));
}

CU_TestInfo cycles_tests[] = {
    {"1000 create/load/login/unload/destroy cycles, no leak",
     test_thousand_cycles_do_not_leak},
    CU_TEST_INFO_NULL};
