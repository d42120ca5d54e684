/*
 * main.c -- test_config: the configuration reader of libauthloader
 * (panelsso/auth_config.h), through its public API only.
 *
 * usage: test_config [SUITE]   (no argument: every suite)
 * Every test gets a fresh private directory, removed after it, pass or
 * fail.
 */
#include <CUnit/CUnit.h>

#include "fixture.h"
#include "suites.h"
#include "testsupport.h"

/* Every test of every suite runs in its own fx_dir (fx_setup, fx_teardown). */
static CU_SuiteInfo suites[] = {
    {"parse", NULL, NULL, fx_setup, fx_teardown, parse_tests},
    {"load", NULL, NULL, fx_setup, fx_teardown, load_tests},
    {"trust", NULL, NULL, fx_setup, fx_teardown, trust_tests},
    {"access", NULL, NULL, fx_setup, fx_teardown, access_tests},
    {"example", NULL, NULL, fx_setup, fx_teardown, example_tests},
    {"install", NULL, NULL, fx_setup, fx_teardown, install_tests},
    CU_SUITE_INFO_NULL};

int main(int argc, char **argv)
{
    return ts_main(argc, argv, suites);
}
