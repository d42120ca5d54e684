/*
 * scan_test_output -- requirement 7 of issue 6: neither an API key nor a
 * one-time code appears in any log line, message or test output, across the
 * whole suite and the fuzzers.
 *
 * usage: scan_test_output [--runs-since FILE] [PATH...]
 *   --runs-since FILE  scan every $TMPDIR/panelsso-test-* directory made at
 *                      or after FILE was last modified: what this run's
 *                      suites left (sandbox request logs, captured stderr,
 *                      log captures), and take
 *                      every key from their *.key files to look for by value.
 *                      ctest passes test-pki/ca.pem, which pki.setup rewrites
 *                      at the start of every run.
 *   PATH               also scan these files or directory trees: ctest's
 *                      Testing/Temporary/LastTest.log (every test's whole
 *                      output), fuzzer logs.  Each must exist.
 *
 * Beside the keys by value it finds anything SendGrid-key-shaped ("SG." and
 * 6+ key characters; every test key of the project has that prefix) and any
 * unredacted code ("code=" and 32 hex digits): see output_scan.h.
 *
 * The first suite is a positive control: the scanner must find planted
 * leaks of each kind (and nothing in redacted text), so a scanner that cannot
 * fail fails.  Exit status: 0 when both suites pass, 1 otherwise, including
 * when there is nothing to scan (a missing prerequisite never passes).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

#include "output_scan.h"
#include "testsupport.h"

static const char *runs_since;    /* --runs-since FILE, or NULL */
static char **paths;              /* the PATH arguments */
static int n_paths;

/* ---- positive control ------------------------------------------------------ */

static char self_dir[512];

static int write_text(const char *dir, const char *name, const char *text)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ts_write_file(path, text, 0600);
}

static void remove_self_dir(void)
{
    const char *names[] = {"planted.key", "pem.key", "log.txt", "clean.txt", NULL};
    for (int i = 0; names[i] != NULL; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", self_dir, names[i]);
        unlink(path);
    }
    rmdir(self_dir);
}

static void test_scanner_finds_planted_leaks(void)
{
    os_scan *s = os_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    /* The leaks are assembled at run time and only ever written to the
     * private directory below, never printed. */
    char key[64], code[64], plain[64];
    snprintf(key, sizeof key, "%s.%s", "SG", "planted-0123456789abcdef");
    snprintf(code, sizeof code, "%s=%s", "code", "0123456789abcdef0123456789ABCDEF");
    snprintf(plain, sizeof plain, "%s%s", "plain-hex-", "5f3c9a1e77d04b2e");

    fprintf(stderr, "positive control: the next 6 SECRET LEAK lines are expected "
                    "(planted leaks)\n");
    char text[256];
    snprintf(text, sizeof text, "login with key %s failed\n", key);
    CU_ASSERT_EQUAL(os_scan_buffer(s, text, strlen(text), "planted text 1"), 1);
    snprintf(text, sizeof text, "GET /login?%s HTTP/1.1\n", code);
    CU_ASSERT_EQUAL(os_scan_buffer(s, text, strlen(text), "planted text 2"), 1);
    snprintf(text, sizeof text, "%s then %s", key, code);
    CU_ASSERT_EQUAL(os_scan_buffer(s, text, strlen(text), "planted text 3"), 2);

    /* A key without the prefix is found by value, read from a key file of
     * a "test run"; the key files themselves are not findings. */
    const char *tmp = getenv("TMPDIR");
    snprintf(self_dir, sizeof self_dir, "%s/scan-self-check-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(self_dir));
    char line[128];
    snprintf(line, sizeof line, "%s\n", plain);
    CU_ASSERT_EQUAL(write_text(self_dir, "planted.key", line), 0);
    CU_ASSERT_EQUAL(write_text(self_dir, "pem.key",
                               "-----BEGIN PRIVATE KEY-----\nAAAA\n"), 0);
    snprintf(text, sizeof text, "line one\nsandbox: key %s\n", plain);
    CU_ASSERT_EQUAL(write_text(self_dir, "log.txt", text), 0);
    CU_ASSERT_EQUAL(os_harvest_keys(s, self_dir), 1);
    size_t files = 0;
    CU_ASSERT_EQUAL(os_scan_path(s, self_dir, &files), 1);
    CU_ASSERT_EQUAL(files, 1);

    /* Redacted and harmless text is clean. */
    const char *clean =
        "sandbox[global] conn=8 GET /login?code=<redacted> auth=none -> 200\n"
        "SECRET LEAK in x: secret #1 (40 chars, starts \"SG\") at byte 3\n"
        "an SG. key, SG.short, code=abc, code=0123456789abcdef (16 hex)\n"
        "outcome=AUTH_OK http=303 error_id=- attempts=1 ms=3\n";
    CU_ASSERT_EQUAL(os_scan_buffer(s, clean, strlen(clean), "clean text"), 0);
    CU_ASSERT_EQUAL(write_text(self_dir, "clean.txt", clean), 0);
    files = 0;
    CU_ASSERT_EQUAL(os_scan_path(s, self_dir, &files), 1); /* log.txt still */
    CU_ASSERT_EQUAL(files, 2);
    remove_self_dir();
    os_free(s);
}

/* ---- the real scan ------------------------------------------------------------ */

typedef struct run_dirs {
    char **dirs;
    int n;
} run_dirs;

static void collect(void *ctx, const char *dir)
{
    run_dirs *r = ctx;
    char **nd = realloc(r->dirs, (size_t)(r->n + 1) * sizeof *nd);
    if (nd == NULL || (nd[r->n] = strdup(dir)) == NULL) {
        fprintf(stderr, "scan_test_output: out of memory\n");
        abort();
    }
    r->dirs = nd;
    r->n++;
}

static void test_no_secret_in_any_output(void)
{
    CU_ASSERT_FATAL(runs_since != NULL || n_paths > 0);
    os_scan *s = os_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    run_dirs runs = {NULL, 0};
    int keys = 0;
    if (runs_since != NULL) {
        struct stat st;
        if (stat(runs_since, &st) != 0) {
            fprintf(stderr, "missing prerequisite: --runs-since %s: %s (ctest's "
                            "pki.setup makes it)\n", runs_since, strerror(errno));
            CU_FAIL_FATAL("the --runs-since file is missing");
        }
        CU_ASSERT_FATAL(os_each_run_dir(st.st_mtime, collect, &runs) >= 0);
        if (runs.n == 0)
            fprintf(stderr, "found no $TMPDIR/panelsso-test-* directory made since %s "
                            "was: run this scan after the suites (ctest runs it as "
                            "the cleanup of the pki fixture)\n", runs_since);
        CU_ASSERT(runs.n > 0);
        for (int i = 0; i < runs.n; i++)
            keys += os_harvest_keys(s, runs.dirs[i]);
    }
    int found = 0;
    size_t files = 0;
    for (int i = 0; i < runs.n; i++) {
        found += os_scan_path(s, runs.dirs[i], &files);
        free(runs.dirs[i]);
    }
    free(runs.dirs);
    for (int i = 0; i < n_paths; i++) {
        if (access(paths[i], R_OK) != 0) {
            fprintf(stderr, "missing prerequisite: cannot read %s: %s\n", paths[i],
                    strerror(errno));
            CU_FAIL("a path to scan is missing");
            continue;
        }
        size_t before = files;
        found += os_scan_path(s, paths[i], &files);
        if (files == before) {
            fprintf(stderr, "%s holds no file to scan\n", paths[i]);
            CU_FAIL("a path to scan holds nothing");
        }
    }
    printf("\n    scanned %zu files (%d test-run directories, %d other paths) for "
           "%d keys from key files, key-shaped text and unredacted codes: %d "
           "finding%s\n", files, runs.n, n_paths, keys, found, found == 1 ? "" : "s");
    CU_ASSERT(files > 0);
    CU_ASSERT_EQUAL(found, 0);
    os_free(s);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs-since") == 0 && i + 1 < argc) {
            runs_since = argv[++i];
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: %s [--runs-since FILE] [PATH...]\n", argv[0]);
            return 1;
        } else {
            if (paths == NULL)
                paths = &argv[i];
            n_paths++;
            if (&paths[n_paths - 1] != &argv[i]) {
                fprintf(stderr, "usage: %s [--runs-since FILE] [PATH...] (paths last)\n",
                        argv[0]);
                return 1;
            }
        }
    }
    if (runs_since == NULL && n_paths == 0) {
        fprintf(stderr, "missing prerequisite: nothing to scan: give --runs-since FILE "
                        "and/or files or directories (usage: %s [--runs-since FILE] "
                        "[PATH...])\n", argv[0]);
        return 1;
    }
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite control = CU_add_suite("scanner_positive_control", NULL, NULL);
    CU_add_test(control, "finds planted keys and codes, not redacted ones",
                test_scanner_finds_planted_leaks);
    CU_pSuite scan = CU_add_suite("scan_test_output", NULL, NULL);
    CU_add_test(scan, "no key or code in any output", test_no_secret_in_any_output);
    char *run_argv[] = {argv[0], NULL};
    return ts_run_suites(1, run_argv);
}
