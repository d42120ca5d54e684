/* SPDX-License-Identifier: MIT */
/*
 * fixture.h -- what panelctl's suites share: a private temporary directory
 * with trusted plugin directories holding the test-only "fake" plugin,
 * configuration files written at test time, running the real panelctl
 * binary, and the shape every error line must have.
 */
#ifndef PANELCTL_TEST_FIXTURE_H
#define PANELCTL_TEST_FIXTURE_H

#include <CUnit/CUnit.h>

#include "testsupport.h"

#define FAKE_URL "https://fake.invalid/login?code=fake-one-time-code"
#define SECRET "fake-one-time-code"

extern char fx_tmpdir[];        /* the private directory of this run */
extern char fx_good_dir[512];   /* fake.so only */
extern char fx_mixed_dir[512];  /* fake.so and a broken.so */
extern char fx_old_dir[512];    /* fakeold.so: ABI 1.0, no account ops */

/* Make the directory (a ts_make_tempdir one) and the plugin directories;
 * 0, or -1 with the reason printed.  fx_cleanup removes everything. */
int fx_setup(void);
void fx_cleanup(void);

/* fx_tmpdir/NAME, in one of 4 slots that stay valid until reused. */
const char *fx_tmp_path(int slot, const char *name);
int fx_write_file(const char *path, const char *text);

/* Write a config file (printf-style body), mode 0644, and return its path
 * (a fresh file each call). */
const char *fx_config(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A config loading fx_good_dir, with settings for fake, and the tenants
 * given as a JSON object body. */
const char *fx_fake_config(const char *tenants);
/* fx_fake_config with tenant "t" (account_id X1, region eu, plus the JSON
 * members `more`, may be NULL) and "newco" without an account_id, for
 * create. */
const char *fx_account_config(const char *more);

/* Every failure status the fake plugin can be told to answer, and the exit
 * status panelctl(1) documents for it. */
typedef struct fx_status_exit {
    const char *status;
    int exit_code;
} fx_status_exit;
extern const fx_status_exit fx_status_exits[];
extern const size_t fx_status_exit_count;

/* Run panelctl with the arguments (NULL-terminated; fx_run takes at most
 * 60, fx_runv 254). */
ts_proc_result fx_run(const char *first, ...);
ts_proc_result fx_runv(const char *const *args);

int fx_has(const char *hay, const char *needle);

/* The shape of every error without --json: exactly one line,
 * "panelctl: what went wrong: what to do", nothing on stdout, no secret. */
void fx_assert_one_error(const ts_proc_result *r);

/* r succeeded: exit 0, stdout exactly `out`, nothing on stderr; shows r
 * when not.  Frees r. */
void fx_expect_output(ts_proc_result *r, const char *out);

/* r exited with `exit_code` and printed one error line (fx_assert_one_error)
 * holding every needle (the arguments up to NULL); shows r when not.  Frees
 * r. */
void fx_expect_failure(ts_proc_result *r, int exit_code, ...) __attribute__((sentinel));

#define SHOW(r) \
    fprintf(stderr, "\n  exit=%d\n  stdout=[%s]\n  stderr=[%s]\n", (r).exit_code, (r).out, (r).err)

/* A suite: tests named and listed up to {NULL, NULL}. */
typedef struct test_def {
    const char *name;
    CU_TestFunc fn;
} test_def;

#endif
