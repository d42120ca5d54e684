/*
 * cunit_main.c -- runs the loader's CUnit suites.
 * usage: test_loader [SUITE]   (no argument: every suite)
 * Exits 0 only if the suite exists, ran, and no assertion failed.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "loader_test.h"

static CU_SuiteInfo suites[] = {
    {"broken", NULL, NULL, NULL, NULL, broken_tests},
    {"negotiation", NULL, NULL, NULL, NULL, negotiation_tests},
    {"instances", NULL, NULL, NULL, NULL, instances_tests},
    {"concurrency", NULL, NULL, NULL, NULL, concurrency_tests},
    {"cycles", NULL, NULL, NULL, NULL, cycles_tests},
    {"trust", NULL, NULL, NULL, trust_teardown, trust_tests},
    {"accounts", NULL, NULL, NULL, NULL, accounts_tests},
    CU_SUITE_INFO_NULL};

int main(int argc, char **argv)
{
    unsigned failures;
    CU_ErrorCode rc;
    if (CU_initialize_registry() != CUE_SUCCESS ||
        CU_register_suites(suites) != CUE_SUCCESS) {
        fprintf(stderr, "cannot set up CUnit: %s\n", CU_get_error_msg());
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (argc > 1) {
        CU_pSuite s = CU_get_suite(argv[1]);
        if (s == NULL) {
            fprintf(stderr, "no suite named '%s'\n", argv[1]);
            CU_cleanup_registry();
            return 2;
        }
        rc = CU_basic_run_suite(s);
    } else {
        rc = CU_basic_run_tests();
    }
    printf("\n");
    failures = CU_get_number_of_failures();
    if (rc != CUE_SUCCESS || CU_get_number_of_tests_run() == 0) {
        fprintf(stderr, "CUnit could not run the tests: %s\n", CU_get_error_msg());
        failures++;
    }
    CU_cleanup_registry();
    return failures == 0 ? 0 : 1;
}
