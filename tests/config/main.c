/* SPDX-License-Identifier: MIT */
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

/* A suite whose every test runs in its own fx_dir (fx_setup, fx_teardown). */
#define FX_SUITE(name, tests) {name, NULL, NULL, fx_setup, fx_teardown, tests}

static CU_SuiteInfo suites[] = {
    FX_SUITE("parse", parse_tests),     FX_SUITE("load", load_tests),
    FX_SUITE("trust", trust_tests),     FX_SUITE("access", access_tests),
    FX_SUITE("example", example_tests), FX_SUITE("install", install_tests),
    CU_SUITE_INFO_NULL};

int main(int argc, char **argv)
{
    return ts_main(argc, argv, suites);
}
