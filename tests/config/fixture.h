/* SPDX-License-Identifier: MIT */
/*
 * fixture.h -- what the configuration suites share: a fresh private
 * directory per test (removed after it, pass or fail), writing files into
 * it, and checking a refusal's status and message.
 */
#ifndef CONFIG_TEST_FIXTURE_H
#define CONFIG_TEST_FIXTURE_H

#include <stddef.h>
#include <sys/types.h>

#include <CUnit/CUnit.h>

#include <panelsso/auth_config.h>

/* The current test's directory (0700, root-owned when run as root). */
extern char fx_dir[];

/* Per-test set-up and tear-down for CU_add_suite_with_setup_and_teardown:
 * make fx_dir, and remove it with everything in it. */
void fx_setup(void);
void fx_teardown(void);

/* fx_dir/name into a static slot (0..3) and return it. */
const char *fx_path(int slot, const char *name);

/* Write `text` (len bytes) to fx_dir/name with `mode` and return the path
 * (slot 0); fails the test on error. */
const char *fx_write(const char *name, const char *text, size_t len, mode_t mode);
const char *fx_write_str(const char *name, const char *text, mode_t mode);

/* Assert that `st` is `want`, that r says the same, that its message is one
 * line, and that it contains every string of the NULL-terminated
 * `needles`; print what was seen when not. */
void fx_expect(int st, const auth_result *r, int want, const char *const *needles);

/* auth_config_parse of a NUL-terminated text, named "t.json"; expect a
 * refusal with AUTH_ERR_CONFIG whose message holds every needle. */
void fx_expect_refused(const char *text, const char *const *needles);
/* The same with one needle. */
void fx_expect_refused_saying(const char *text, const char *needle);

/* Fail the test, loudly, unless this process runs as root: the suites that
 * give files to other users need it.  1 if root. */
int fx_require_root(const char *why);

#endif
