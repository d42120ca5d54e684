/*
 * test_support.c -- the test-support library checks itself: log capture
 * under threads, the secret scanner, files, and that the runner's exit
 * status reports failures ("fail" mode must exit 1; see CMakeLists.txt).
 */
#include <CUnit/CUnit.h>
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
    CU_ASSERT_EQUAL(ts_logcap_count(cap, "thread 3 "), LINES_EACH);
    CU_ASSERT_TRUE(ts_logcap_contains(cap, "thread 7 line 1999"));
    CU_ASSERT_FALSE(ts_logcap_contains(cap, "thread 8 "));

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ts_logcap_dump_to(cap, f);
    fclose(f);
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
    snprintf(path, sizeof path, "%s/absent", dir);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(path), -1);  /* unreadable is not clean */
    ts_secrets_clear();
    CU_ASSERT_EQUAL(ts_secrets_scan_text("SG.first-secret-value", "after clear"), 0);
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

static void test_deliberate_failure(void)
{
    CU_ASSERT_EQUAL(1, 2);  /* "fail" mode only: the runner must exit 1 */
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("support", NULL, NULL);
    CU_add_test(s, "logcap keeps every line from every thread",
                test_logcap_keeps_every_line_from_every_thread);
    CU_add_test(s, "the secret scanner finds and counts", test_secret_scanner_finds_and_counts);
    CU_add_test(s, "ts_write_file sets the exact mode", test_write_file_sets_the_exact_mode);
    CU_pSuite f = CU_add_suite("fail", NULL, NULL);
    CU_add_test(f, "a deliberate failure", test_deliberate_failure);
    /* Without an argument run only "support": "fail" exists to be asked for. */
    char *only_support[] = {argv[0], "support", NULL};
    if (argc < 2)
        return ts_run_suites(2, only_support);
    return ts_run_suites(argc, argv);
}
