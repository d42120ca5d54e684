/* SPDX-License-Identifier: MIT */
/*
 * loader_test.h -- what the loader's CUnit suites share: the plugin paths
 * from the build and a loader made for a test (the rest is in
 * tests/support/testsupport.h).
 */
#ifndef LOADER_TEST_H
#define LOADER_TEST_H

#include <stddef.h>

#include <panelsso/auth_loader.h>

#include "testsupport.h"

#if !defined(MIXED_DIR) || !defined(VERSIONS_DIR) || !defined(ECHO_PLUGIN) || \
    !defined(OLD_PLUGIN) || !defined(FUTURE_PLUGIN) || !defined(MARKER_PLUGIN)
#error "MIXED_DIR, VERSIONS_DIR, ECHO_PLUGIN, OLD_PLUGIN, FUTURE_PLUGIN, MARKER_PLUGIN come from the build"
#endif

/* A loader logging into `cap` (may be NULL) up to `level`, offering `abi`
 * (0: the default).  Fails the current test (fatally) if creation fails. */
auth_loader *new_loader(ts_logcap *cap, int level, uint32_t abi,
                        auth_loader_settings_fn settings_for, void *settings_ctx);

/* A fresh log capture in *sink (fails the test fatally if it cannot be made)
 * and a loader logging into it, as new_loader. */
auth_loader *new_logged_loader(ts_logcap **sink, int level, uint32_t abi);

/* auth_loader_login / auth_loader_check into a freshly initialised *r. */
int login_into(auth_loader *l, const char *name, const char *const *attrs, auth_result *r);
int check_into(auth_loader *l, const char *name, const char *const *attrs, auth_result *r);

int contains(const char *haystack, const char *needle);

/* Guarded receivers: a struct that claims fewer bytes than it has, followed
 * by GUARD bytes of GUARD_BYTE; nothing may write past what it claims. */
#define GUARD_BYTE 0xA5
enum { GUARD = 256 };
typedef union guarded_result {
    auth_result r;
    unsigned char bytes[sizeof(auth_result) + GUARD];
} guarded_result;
typedef union guarded_account {
    auth_account a;
    unsigned char bytes[sizeof(auth_account) + GUARD];
} guarded_account;
/* How many of bytes[from, size) are no longer GUARD_BYTE. */
size_t guard_changed(const unsigned char *bytes, size_t from, size_t size);

/* Suites (one file each). */
extern CU_TestInfo broken_tests[];
extern CU_TestInfo negotiation_tests[];
extern CU_TestInfo instances_tests[];
extern CU_TestInfo concurrency_tests[];
extern CU_TestInfo cycles_tests[];
extern CU_TestInfo trust_tests[];
extern CU_TestInfo accounts_tests[];
/* The trust suite's per-test tear-down: removes the case's files. */
void trust_teardown(void);

#endif /* LOADER_TEST_H */
