/*
 * main.c -- test_config: the configuration reader of libauthloader
 * (panelsso/auth_config.h), through its public API only.
 *
 * usage: test_config [SUITE]   (no argument: every suite)
 * Every test gets a fresh private directory, removed after it, pass or
 * fail.
 */
#include <stdio.h>

#include <CUnit/CUnit.h>

#include "fixture.h"
#include "suites.h"
#include "testsupport.h"

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        const test_def *(*tests)(void);
    } suites[] = {{"parse", parse_tests},     {"load", load_tests},
                  {"trust", trust_tests},     {"access", access_tests},
                  {"example", example_tests}, {"install", install_tests}};
    size_t i;
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "cannot initialize CUnit: %s\n", CU_get_error_msg());
        return 1;
    }
    for (i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        const test_def *t;
        CU_pSuite s = CU_add_suite_with_setup_and_teardown(suites[i].name, NULL, NULL,
                                                           fx_setup, fx_teardown);
        if (s == NULL) {
            fprintf(stderr, "cannot add suite %s: %s\n", suites[i].name, CU_get_error_msg());
            return 1;
        }
        for (t = suites[i].tests(); t->name != NULL; t++)
            if (CU_add_test(s, t->name, t->fn) == NULL) {
                fprintf(stderr, "cannot add test %s: %s\n", t->name, CU_get_error_msg());
                return 1;
            }
    }
    return ts_run_suites(argc, argv);
}
