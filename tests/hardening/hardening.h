/*
 * hardening.h -- what the hardening suites share: the load scale factor,
 * test keys, sandboxes, reading a login URL and the sandbox's sso_log, and
 * resident memory.  Built on tests/support/testsupport.h.
 *
 * Every helper fails loudly: it prints the reason and returns an error (or,
 * for a bad TS_LOAD_SCALE, exits 1).
 */
#ifndef HARDENING_H
#define HARDENING_H

#include <stddef.h>

#include <curl/curl.h>

#include <panelsso/auth_loader.h>
#include "testsupport.h"

/* ---- load scale ---------------------------------------------------------- */

/* The iteration-count divisor: environment variable TS_LOAD_SCALE, a whole
 * number N >= 1 (default 1) that divides every loop count, as it does for
 * tests/plugin's 16-thread test.  Valgrind and ThreadSanitizer runs may set
 * it to shrink the loops; in this suite it is read here and nowhere else.
 * Anything else prints why and exits 1. */
int hz_load_scale(void);

/* n divided by hz_load_scale(), and at least `floor_n`. */
int hz_scaled(int n, int floor_n);

/* ---- keys and sandboxes ---------------------------------------------------- */

/* The prefix of every key the hardening suites make.  Every test key of the
 * project starts with "SG." (as SendGrid's do), which is what the output
 * scanner (scan_test_output) looks for. */
#define HZ_KEY_PREFIX "SG.hardening-"

/* Make a fresh random key "SG.hardening-<label>-<32 hex>", register it with
 * the secret scanner (ts_secrets_add), and write it plus a newline to
 * dir/<label>.key with mode 0600.  Stores the key in key[key_size] and the
 * file's path in path[path_size].  0, or -1 with the reason printed. */
int hz_make_key(const char *dir, const char *label, char *key, size_t key_size,
                char *path, size_t path_size);

/* Start an HTTPS sandbox for `region` ("global" or "eu") accepting the key in
 * key_path, certificate from $TEST_PKI_DIR.  0 or -1 (printed). */
int hz_start_sandbox(ts_sandbox *sb, const char *region, const char *key_path);

/* A new log capture in *cap and a loader logging into it at `level` in
 * *loader.  0, or -1 with the reason printed (nothing left to free). */
int hz_loader_with_logcap(int level, auth_loader **loader, ts_logcap **cap);

/* ---- login URLs ------------------------------------------------------------ */

/* Does `url` point at the sandbox: "<sb->base_url>/login?" exactly? 1 or 0. */
int hz_url_is_on(const char *url, const ts_sandbox *sb);

/* Remember the code of a login URL as a secret (ts_secrets_add). */
void hz_remember_code(const char *url);

/* Visit `url` once (on `handle` if not NULL, so connections are reused) and
 * tell whether the page is the login of exactly `account` in `region`:
 * "Logged in to SendGrid account <b>ACCOUNT</b> (region REGION)".  1 if so;
 * 0 otherwise, with what was seen instead printed (never the URL's query). */
int hz_visit_logs_into(CURL *handle, const char *url, const char *ca_file,
                       const char *account, const char *region);

/* ---- the sandbox's sso_log --------------------------------------------------- */

/* In a /_sandbox/stats document, the entries of sso_log whose account is
 * exactly `account`: returns how many, and stores the connection id of the
 * first in *conn (-1 if none). */
int hz_sso_entries(const char *stats_json, const char *account, long *conn);

/* ---- secrets in text --------------------------------------------------------- */

/* Does `text` hold an unredacted one-time code: "code=" followed by 32 hex
 * digits?  1 or 0. */
int hz_has_code(const char *text);

/* ---- memory ---------------------------------------------------------------- */

/* This process's resident set size in bytes (VmRSS of /proc/self/status), or
 * -1 with the reason printed. */
long hz_rss_bytes(void);

/* Is resident memory a meaningful leak measure here?  Not under
 * AddressSanitizer or ThreadSanitizer (shadow memory and quarantines grow
 * with no leak) nor under valgrind (its own heap); there the tools find
 * leaks instead.  1 or 0; `why` receives the reason when 0. */
int hz_rss_is_meaningful(const char **why);

#endif /* HARDENING_H */
