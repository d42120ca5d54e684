/* SPDX-License-Identifier: MIT */
/* suites.h -- the suites of test_config, each in its own file. */
#ifndef CONFIG_TEST_SUITES_H
#define CONFIG_TEST_SUITES_H

#include <CUnit/CUnit.h>

extern CU_TestInfo parse_tests[];    /* test_parse.c: auth_config_parse */
extern CU_TestInfo load_tests[];     /* test_load.c: auth_config_load */
extern CU_TestInfo trust_tests[];    /* test_load.c: the trust rule (root) */
extern CU_TestInfo access_tests[];   /* test_access.c: look-ups */
extern CU_TestInfo example_tests[];  /* test_example.c: the shipped file */
extern CU_TestInfo install_tests[];  /* test_example.c: installing it */

#endif
