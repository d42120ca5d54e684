/* SPDX-License-Identifier: MIT */
/* ts_plugin_suite.h -- what the suites that run the SendGrid plugin share:
 * their prerequisites, and one panel's loader with its captured log. */
#ifndef TS_PLUGIN_SUITE_H
#define TS_PLUGIN_SUITE_H

#include <stddef.h>

#include "testsupport.h"

/* The prerequisites of a suite that runs the plugin against the sandbox:
 * $TEST_PKI_DIR, $SENDGRID_PLUGIN and $SANDBOX_BIN (a missing one exits 1,
 * never skips), the test CA (TEST_PKI_DIR/ca.pem) into `ca_file` and a new
 * temporary directory into `tmpdir`.  *plugin_path (if not NULL) is the
 * plugin.  Returns TEST_PKI_DIR, or NULL when the directory cannot be made. */
const char *ts_plugin_suite_prereqs(const char **plugin_path, char *ca_file, size_t ca_size,
                                    char *tmpdir, size_t tmpdir_size);

/* 1 if any `piece` consecutive characters of `secret` are in `text`: a key
 * cut short or wrapped is still a leak. */
int ts_has_piece_of(const char *text, const char *secret, size_t piece);

/* A call's attributes "tenant=", "account_id=", "region=": a NULL piece is
 * left out.  ts_attrs_of fills `b` and returns its NULL-terminated list. */
typedef struct ts_attrs {
    char tenant[200], account_id[600], region[100];
    const char *list[4];
} ts_attrs;
const char *const *ts_attrs_of(ts_attrs *b, const char *tenant, const char *account_id,
                               const char *region);

/* One panel's view of the plugin: a loader logging at debug level into
 * `log`, holding the SendGrid instance "sendgrid". */
typedef struct ts_panel {
    struct auth_loader *loader;
    ts_logcap *log;
} ts_panel;

/* Opens *p with an instance loaded with the settings of `s`.  0, or -1
 * with the reason printed (what was made is left for ts_panel_close). */
int ts_panel_open(ts_panel *p, const ts_sendgrid_setup *s);

/* Tears the instance down (after a fault this must not hang or crash), then
 * asserts that nothing it logged holds a secret, and frees the log. */
void ts_panel_close(ts_panel *p);

/* The scan that ends a suite, each part one assertion: every line `log`
 * captured, written to a file in `dir` and scanned there (the file is
 * removed after), the texts the suite was handed (`shown`, described as
 * `shown_what`; NULL: none kept) and the request log of each of the `n`
 * sandboxes. */
void ts_scan_suite_output(const char *dir, ts_logcap *log, ts_logcap *shown,
                          const char *shown_what, const ts_sandbox *const *sandboxes,
                          size_t n);

#endif
