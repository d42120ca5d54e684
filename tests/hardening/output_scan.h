/*
 * output_scan.h -- finds secrets in what the test suites and fuzzers left
 * behind (ctest's log, sandbox logs, captured stderr, fuzzer logs), without
 * ever printing one.  Three kinds of finding:
 *   - a SendGrid-shaped key: "SG." followed by 6 or more of [A-Za-z0-9._-]
 *     (every test key of the project starts with "SG.", as real keys do);
 *   - an unredacted one-time code: "code=" followed by 32 hex digits;
 *   - any key read from a *.key file of a test run (os_harvest_keys), by
 *     value, whatever its shape.
 * Each finding is printed as "SECRET LEAK: FILE line N: WHAT" where WHAT
 * names the kind and the length, never the text.
 */
#ifndef OUTPUT_SCAN_H
#define OUTPUT_SCAN_H

#include <stddef.h>
#include <time.h>

typedef struct os_scan os_scan;

/* A new scan with no known keys, or NULL (out of memory, printed). */
os_scan *os_new(void);
void os_free(os_scan *s);

/* Remember `key` (copied) as a secret to find by value; shorter than 8
 * characters is ignored (too likely to occur by chance). */
void os_add_key(os_scan *s, const char *key);

/* Findings in `len` bytes of `data`; `where` names it in the report. */
int os_scan_buffer(os_scan *s, const char *data, size_t len, const char *where);

/* Findings in a file, or in every regular file under a directory
 * (recursively), skipping *.key and *.pem files: they hold keys by design.
 * Files that vanish while being scanned are skipped; any other read error
 * prints the reason and counts as a finding, so it cannot pass silently.
 * *files (may be NULL) is increased by the number of files scanned. */
int os_scan_path(os_scan *s, const char *path, size_t *files);

/* Read every *.key file under `dir` that is not a PEM key and remember its
 * content (first line, trimmed) as a secret.  Returns how many. */
int os_harvest_keys(os_scan *s, const char *dir);

/* The test runs' directories: every <tmp>/panelsso-test-* directory (tmp is
 * $TMPDIR or /tmp) modified at or after `since`.  Calls fn for each; returns
 * how many, or -1 if the temporary directory cannot be read (printed). */
int os_each_run_dir(time_t since, void (*fn)(void *ctx, const char *dir), void *ctx);

#endif /* OUTPUT_SCAN_H */
