/* SPDX-License-Identifier: MIT */
/*
 * ts_host.h -- checks shared by the suites that run a sample host (the
 * integration example, the FFI hosts, the panelctl scripts) as a
 * subprocess against ts_upstream's sandboxes and read what it answers the
 * browser: an HTTP answer on stdout.  The ts_check_* functions assert with
 * CUnit, so each assertion counts in the calling test.
 */
#ifndef TS_HOST_H
#define TS_HOST_H

#include <stddef.h>

#include "testsupport.h"

/* ts_proc_run, but a program that could not be started is a result too:
 * empty output and exit_code -1, so the caller's assertions say it failed. */
ts_proc_result ts_proc_capture(const char *const *argv, const char *const *env);

/* The value of header `name` in an HTTP answer (up to "\r\n"), copied into
 * out; 0 if found, -1 if not or if it does not fit. */
int ts_answer_header(const char *answer, const char *name, char *out, size_t size);

/* A sample host's arguments: [PROGRAM] PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID
 * REGION and the settings that point the plugin at u's sandboxes, as the
 * docs show them.  `program` NULL: the list starts at PLUGIN_DIR; `key_file`
 * NULL: u's key.  argv (NULL-terminated) points into *a. */
typedef struct ts_host_args {
    char global[160], eu[160], ca[400];
    const char *argv[16];
} ts_host_args;
const char *const *ts_host_args_for(ts_host_args *a, const ts_upstream *u,
                                    const char *program, const char *key_file,
                                    const char *tenant, const char *account,
                                    const char *region);

/* Write panelctl's configuration for u (mode 0600): u's plugin directory,
 * the provider "sendgrid" with `key_file` and u's sandboxes, and, unless
 * `tenants` is NULL, the members of "tenants" (JSON text).  0 or -1. */
int ts_upstream_write_config(const ts_upstream *u, const char *path, const char *key_file,
                             const char *tenants);

/* The host `name` exited with `expected_exit`, and its stderr (the
 * operator's log) holds no secret; that stderr is printed, to explain a
 * wrong exit, only when it is clean. */
void ts_check_host_exit(const ts_proc_result *r, const char *name, int expected_exit);

/* A successful login's answer: 303 with Cache-Control no-store and a
 * Location on sb's login page (its code is remembered as a secret); the
 * browser following it is logged in to `account` in `region`, once: a
 * second visit gets 403 with the expired page, and neither page holds a
 * secret. */
void ts_check_login_answer(const char *answer, const ts_sandbox *sb, const char *ca_file,
                           const char *account, const char *region);

/* The whole of a sample host's successful login for `tenant`: it exited 0
 * with a clean stderr (ts_check_host_exit) holding the plugin's audit line
 * "sendgrid: login tenant=T account=A region=R outcome=AUTH_OK", and its
 * answer is ts_check_login_answer's. */
void ts_check_host_login(const ts_proc_result *r, const char *name, const ts_sandbox *sb,
                         const char *ca_file, const char *tenant, const char *account,
                         const char *region);

/* A login for an account SendGrid does not know: 502 with no-store and the
 * user message, and nothing internal (no Location, no 404, no request id,
 * no secret). */
void ts_check_not_found_answer(const char *answer);

/* A login SendGrid rate limited: 429, Retry-After 30 and the user message. */
void ts_check_rate_limited_answer(const char *answer);

/* `doc_path` shows the file `src_path` whole, byte for byte, in a ```fence
 * block; when it does not, says which file to paste again. */
void ts_check_doc_shows(const char *doc_path, const char *src_path, const char *fence);

#endif
