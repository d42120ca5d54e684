/* SPDX-License-Identifier: MIT */
/*
 * test_support.c -- the test support library checks itself: log capture
 * under threads, the secret scanner (planted leaks of each kind must be
 * found, redacted text must not, so a scanner that cannot fail fails),
 * files, temporary directories, the process launcher, and that the runner's
 * exit status reports failures ("fail" and "leave" modes must exit 1; see
 * CMakeLists.txt).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testsupport.h"

#define THREADS 8
#define LINES_EACH 2000

static ts_logcap *cap;

static void *logger(void *arg)
{
    char line[64];
    for (int i = 0; i < LINES_EACH; i++) {
        snprintf(line, sizeof line, "thread %ld line %d", (long)(size_t)arg, i);
        ts_logcap_log(cap, i % 4, line);
    }
    return NULL;
}

static void test_logcap_keeps_every_line_from_every_thread(void)
{
    pthread_t t[THREADS];
    cap = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(cap);
    for (size_t i = 0; i < THREADS; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, logger, (void *)i), 0);
    for (size_t i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    CU_ASSERT_EQUAL(ts_logcap_count(cap, "thread "), THREADS * LINES_EACH);
    CU_ASSERT_EQUAL(ts_logcap_total(cap), THREADS * LINES_EACH);
    CU_ASSERT_EQUAL(ts_logcap_count(cap, "thread 3 "), LINES_EACH);
    CU_ASSERT_TRUE(ts_logcap_contains(cap, "thread 7 line 1999"));
    CU_ASSERT_TRUE(ts_logcap_has(cap, 3, "thread 7 line 1999"));
    CU_ASSERT_FALSE(ts_logcap_has(cap, 2, "thread 7 line 1999"));
    CU_ASSERT_FALSE(ts_logcap_contains(cap, "thread 8 "));

    char *buf = ts_logcap_text(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "3 thread 0 line 3\n"));
    free(buf);

    ts_logcap_clear(cap);
    CU_ASSERT_EQUAL(ts_logcap_count(cap, "thread"), 0);
    ts_logcap_free(cap);
}

static void test_secret_scanner_finds_and_counts(void)
{
    char dir[256], path[512];
    ts_secrets_add("SG.first-secret-value");
    ts_secrets_add("0123456789abcdef0123456789abcdef");
    ts_secrets_add("SG.first-secret-value");  /* duplicates count once */
    CU_ASSERT_EQUAL(ts_secrets_scan_text("nothing to see", "clean text"), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_text("key=SG.first-secret-value", "text with one (expected)"), 1);
    CU_ASSERT_EQUAL(ts_secrets_scan_text("SG.first-secret-value ?code=0123456789abcdef0123456789abcdef",
                                         "text with two (expected)"), 2);

    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/f", dir);
    CU_ASSERT_EQUAL_FATAL(ts_write_file(path, "x\n0123456789abcdef0123456789abcdef\n", 0640), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(path), 1);
    CU_ASSERT_EQUAL(unlink(path), 0); /* planted: it must not fail the clean-up */
    snprintf(path, sizeof path, "%s/absent", dir);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(path), -1);  /* unreadable is not clean */
    ts_secrets_clear();
    CU_ASSERT_EQUAL(ts_secrets_scan_text("SG.first-secret-value", "after clear"), 0);
}

static void test_shape_scan_finds_planted_leaks(void)
{
    /* The leaks are assembled at run time and only ever written to a
     * private directory, never printed. */
    char key[64], code[64], plain[64], text[256], dir[256], path[512];
    snprintf(key, sizeof key, "%s.%s", "SG", "planted-0123456789abcdef");
    snprintf(code, sizeof code, "%s=%s", "code", "0123456789abcdef0123456789ABCDEF");
    snprintf(plain, sizeof plain, "%s%s", "plain-hex-", "5f3c9a1e77d04b2e");

    fprintf(stderr, "positive control: the next 6 SECRET LEAK lines are expected "
                    "(planted leaks)\n");
    snprintf(text, sizeof text, "login with key %s failed\n", key);
    CU_ASSERT_EQUAL(ts_secrets_scan_shapes(text, strlen(text), "planted text 1"), 1);
    snprintf(text, sizeof text, "GET /login?%s HTTP/1.1\n", code);
    CU_ASSERT_EQUAL(ts_secrets_scan_shapes(text, strlen(text), "planted text 2"), 1);
    CU_ASSERT_TRUE(ts_has_code(text));
    snprintf(text, sizeof text, "%s then %s", key, code);
    CU_ASSERT_EQUAL(ts_secrets_scan_shapes(text, strlen(text), "planted text 3"), 2);

    /* A key without the prefix is found by value, read from a key file;
     * the key files themselves are not findings. */
    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/planted.key", dir);
    snprintf(text, sizeof text, "%s\n", plain);
    CU_ASSERT_EQUAL(ts_write_file(path, text, 0600), 0);
    snprintf(path, sizeof path, "%s/pem.key", dir);
    CU_ASSERT_EQUAL(ts_write_file(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n", 0600), 0);
    snprintf(path, sizeof path, "%s/log.txt", dir);
    snprintf(text, sizeof text, "line one\nsandbox: key %s\n", plain);
    CU_ASSERT_EQUAL(ts_write_file(path, text, 0600), 0);
    CU_ASSERT_EQUAL(ts_secrets_harvest_keys(dir), 1);
    size_t files = 0;
    CU_ASSERT_EQUAL(ts_secrets_scan_tree(dir, &files), 1);
    CU_ASSERT_EQUAL(files, 1);

    /* Redacted and harmless text is clean. */
    const char *clean =
        "sandbox[global] conn=8 GET /login?code=<redacted> auth=none -> 200\n"
        "SECRET LEAK: x line 3: a known secret (40 chars, not shown)\n"
        "an SG. key, SG.short, code=abc, code=0123456789abcdef (16 hex)\n"
        "outcome=AUTH_OK http=303 error_id=- attempts=1 ms=3\n";
    CU_ASSERT_EQUAL(ts_secrets_scan_shapes(clean, strlen(clean), "clean text"), 0);
    CU_ASSERT_FALSE(ts_has_code(clean));
    snprintf(path, sizeof path, "%s/clean.txt", dir);
    CU_ASSERT_EQUAL(ts_write_file(path, clean, 0600), 0);
    files = 0;
    CU_ASSERT_EQUAL(ts_secrets_scan_tree(dir, &files), 1); /* log.txt still */
    CU_ASSERT_EQUAL(files, 2);
    /* Planted: removed here, so that the clean-up's own scan stays clean. */
    snprintf(path, sizeof path, "%s/log.txt", dir);
    CU_ASSERT_EQUAL(unlink(path), 0);
    ts_secrets_clear();
}

static void test_write_file_sets_the_exact_mode(void)
{
    char dir[256], path[512];
    struct stat st;
    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    CU_ASSERT_EQUAL(stat(dir, &st), 0);
    CU_ASSERT_TRUE(S_ISDIR(st.st_mode));
    snprintf(path, sizeof path, "%s/key", dir);
    mode_t old = umask(077);
    CU_ASSERT_EQUAL(ts_write_file(path, "abc", 0644), 0);
    umask(old);
    CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0644);
    CU_ASSERT_EQUAL(st.st_size, 3);
    CU_ASSERT_EQUAL(ts_write_file("/nonexistent-dir/x", "abc", 0600), -1);
}

static void test_tempdirs_are_removed_even_when_locked_down(void)
{
    char dir[256], sub[300], path[400];
    struct stat st;
    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    snprintf(sub, sizeof sub, "%s/locked", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/file", sub);
    CU_ASSERT_EQUAL(ts_write_file(path, "x", 0000), 0);
    CU_ASSERT_EQUAL(chmod(sub, 0000), 0);
    CU_ASSERT_EQUAL(ts_tempdirs_finish(0), 0);
    CU_ASSERT_NOT_EQUAL(lstat(dir, &st), 0);
}

static void test_proc_run_captures_and_times_out(void)
{
    ts_proc_result r;
    const char *echo[] = {"/bin/sh", "-c", "echo out; echo err >&2; echo \"$TS_X\"; exit 3",
                          NULL};
    const char *env[] = {"TS_X=from-env", NULL};
    CU_ASSERT_EQUAL_FATAL(ts_proc_run(echo, env, 10000, &r), 0);
    CU_ASSERT_STRING_EQUAL(r.out, "out\nfrom-env\n");
    CU_ASSERT_STRING_EQUAL(r.err, "err\n");
    CU_ASSERT_EQUAL(r.exit_code, 3);
    CU_ASSERT_EQUAL(r.timed_out, 0);
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 2);
    ts_proc_free(&r);

    const char *slow[] = {"/bin/sleep", "30", NULL};
    long long t0 = ts_now_ms();
    CU_ASSERT_EQUAL_FATAL(ts_proc_run(slow, NULL, 300, &r), 0);
    CU_ASSERT_EQUAL(r.timed_out, 1);
    CU_ASSERT_EQUAL(r.exit_code, -1);
    CU_ASSERT(ts_now_ms() - t0 < 10000);
    ts_proc_free(&r);
}

static void test_deliberate_failure(void)
{
    CU_ASSERT_EQUAL(1, 2);  /* "fail" mode only: the runner must exit 1 */
}

static void test_leaves_a_secret_behind(void)
{
    /* "leave" mode only: every assertion passes, but a code is left in a
     * temporary file, so the clean-up's scan must fail the program. */
    char dir[256], path[400], line[80];
    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/request.log", dir);
    snprintf(line, sizeof line, "GET /login?%s=%s\n", "code", "0123456789abcdef0123456789abcdef");
    CU_ASSERT_EQUAL(ts_write_file(path, line, 0600), 0);
}

static CU_TestInfo support_tests[] = {
    {"logcap keeps every line from every thread", test_logcap_keeps_every_line_from_every_thread},
    {"the secret scanner finds and counts", test_secret_scanner_finds_and_counts},
    {"the shape scan finds planted leaks", test_shape_scan_finds_planted_leaks},
    {"ts_write_file sets the exact mode", test_write_file_sets_the_exact_mode},
    {"temporary directories are removed", test_tempdirs_are_removed_even_when_locked_down},
    {"ts_proc_run captures and times out", test_proc_run_captures_and_times_out},
    CU_TEST_INFO_NULL};
static CU_TestInfo fail_tests[] = {{"a deliberate failure", test_deliberate_failure},
                                   CU_TEST_INFO_NULL};
static CU_TestInfo leave_tests[] = {{"a secret left behind", test_leaves_a_secret_behind},
                                    CU_TEST_INFO_NULL};

static CU_SuiteInfo suites[] = {{"support", NULL, NULL, NULL, NULL, support_tests},
                                {"fail", NULL, NULL, NULL, NULL, fail_tests},
                                {"leave", NULL, NULL, NULL, NULL, leave_tests},
                                CU_SUITE_INFO_NULL};

int main(int argc, char **argv)
{
    /* Without an argument run only "support": the others exist to be asked for. */
    char *only_support[] = {argv[0], "support", NULL};
    return argc < 2 ? ts_main(2, only_support, suites) : ts_main(argc, argv, suites);
}
