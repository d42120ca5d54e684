/* suites.h -- the suites of test_config, each in its own file. */
#ifndef CONFIG_TEST_SUITES_H
#define CONFIG_TEST_SUITES_H

typedef struct test_def {
    const char *name;
    void (*fn)(void);
} test_def;

/* Each returns its tests, ended by {NULL, NULL}. */
const test_def *parse_tests(void);    /* test_parse.c: auth_config_parse */
const test_def *load_tests(void);     /* test_load.c: auth_config_load */
const test_def *trust_tests(void);    /* test_load.c: the trust rule (root) */
const test_def *access_tests(void);   /* test_access.c: look-ups */
const test_def *example_tests(void);  /* test_example.c: the shipped file */
const test_def *install_tests(void);  /* test_example.c: installing it */

#endif
