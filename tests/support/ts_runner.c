/* SPDX-License-Identifier: MIT */
/* ts_runner.c -- runs CUnit suites and turns the outcome into an exit
 * status, so ctest sees every kind of failure; then removes the run's
 * temporary directories, pass or fail. */
#include "testsupport.h"

#include <CUnit/Basic.h>

int ts_run_suites(int argc, char **argv)
{
    if (CU_get_registry() == NULL) {
        fprintf(stderr, "ts_run_suites: the CUnit registry is not initialized\n");
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_ErrorCode rc;
    if (argc > 1 && argv[1] && argv[1][0]) {
        CU_pSuite s = CU_get_suite(argv[1]);
        if (!s) {
            fprintf(stderr, "ts_run_suites: no suite named \"%s\"\n", argv[1]);
            CU_cleanup_registry();
            ts_tempdirs_finish(1);
            return 1;
        }
        rc = CU_basic_run_suite(s);
    } else {
        rc = CU_basic_run_tests();
    }
    unsigned asserts_failed = CU_get_number_of_failures();
    unsigned tests_failed = CU_get_number_of_tests_failed();
    unsigned suites_failed = CU_get_number_of_suites_failed();
    unsigned tests_run = CU_get_number_of_tests_run();
    printf("\n");
    CU_basic_show_failures(CU_get_failure_list());
    printf("\n%u tests run, %u failed, %u assertion(s) failed, %u suite set-up(s) failed\n",
           tests_run, tests_failed, asserts_failed, suites_failed);
    int status = 0;
    if (rc != CUE_SUCCESS) {
        fprintf(stderr, "CUnit error: %s\n", CU_get_error_msg());
        status = 1;
    }
    if (asserts_failed || tests_failed || suites_failed)
        status = 1;
    if (tests_run == 0) {
        fprintf(stderr, "FAIL: no test ran\n");
        status = 1;
    }
    CU_cleanup_registry();
    fflush(stdout);
    int leaks = ts_tempdirs_finish(status);
    if (leaks != 0) {
        fprintf(stderr, "FAIL: %d secret(s) in the files this program left to remove\n",
                leaks);
        status = 1;
    }
    return status;
}

int ts_main(int argc, char **argv, CU_SuiteInfo *suites)
{
    ts_load_scale();
    ts_time_scale();
    if (CU_initialize_registry() != CUE_SUCCESS || CU_register_suites(suites) != CUE_SUCCESS) {
        fprintf(stderr, "cannot set up CUnit: %s\n", CU_get_error_msg());
        return 1;
    }
    return ts_run_suites(argc, argv);
}
