/*
 * loader_test.h -- what the loader's CUnit suites share: the plugin paths
 * from the build, a thread-safe log sink that remembers what the loader and
 * the plugins logged, and small helpers.
 */
#ifndef LOADER_TEST_H
#define LOADER_TEST_H

#include <pthread.h>
#include <stddef.h>

#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>

#if !defined(MIXED_DIR) || !defined(VERSIONS_DIR) || !defined(ECHO_PLUGIN) || \
    !defined(OLD_PLUGIN) || !defined(FUTURE_PLUGIN) || !defined(MARKER_PLUGIN)
#error "MIXED_DIR, VERSIONS_DIR, ECHO_PLUGIN, OLD_PLUGIN, FUTURE_PLUGIN, MARKER_PLUGIN come from the build"
#endif

#define SINK_KEEP 64
#define SINK_LINE 1024

typedef struct log_sink {
    pthread_mutex_t lock;
    char lines[SINK_KEEP][SINK_LINE]; /* the first SINK_KEEP lines */
    int levels[SINK_KEEP];
    size_t kept;
    size_t total;                     /* every line, kept or not */
} log_sink;

void sink_init(log_sink *s);
void sink_destroy(log_sink *s);
/* An auth_loader_log_fn; ctx is a log_sink. */
void sink_log(void *ctx, int level, const char *line);
/* Did a kept line at `level` (-1: any) contain `needle`? */
int sink_has(log_sink *s, int level, const char *needle);
/* Print the kept lines (for a failing test's output). */
void sink_dump(log_sink *s);

/* A loader logging into `sink` (may be NULL) up to `level`, offering `abi`
 * (0: the default).  Fails the current test (fatally) if creation fails. */
auth_loader *new_loader(log_sink *sink, int level, uint32_t abi,
                        auth_loader_settings_fn settings_for, void *settings_ctx);

int contains(const char *haystack, const char *needle);
/* Resident set size of this process in bytes (/proc/self/statm), or -1. */
long rss_bytes(void);

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
