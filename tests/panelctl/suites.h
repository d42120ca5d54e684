/* SPDX-License-Identifier: MIT */
/* suites.h -- the suites of test_panelctl, each a list of tests ending
 * with {NULL, NULL}; ctest runs each as panelctl.NAME. */
#ifndef PANELCTL_TEST_SUITES_H
#define PANELCTL_TEST_SUITES_H

#include "fixture.h"

/* test_panelctl.c */
extern const test_def cli_tests[], login_tests[], exit_tests[], config_tests[],
    plugins_tests[], trust_tests[];
/* test_account.c */
extern const test_def account_tests[], account_args_tests[], attr_tests[];
/* test_json.c */
extern const test_def json_tests[];

#endif
