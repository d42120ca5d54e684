/* SPDX-License-Identifier: MIT */
/*
 * test_concurrency.c -- 8 threads log in through one instance 1000 times
 * each; every answer must be the one for that thread's own request, and
 * every plugin log line must arrive.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "loader_test.h"

enum { THREADS = 8, LOGINS = 1000 };

typedef struct worker {
    auth_loader *l;
    int id;
    int ok;       /* answers that were this thread's */
    int wrong;    /* answers that were not */
} worker;

static void *run_worker(void *arg)
{
    worker *w = arg;
    char tenant[32], region[32], n[32], want[128];
    const char *attrs[4];
    int i;
    snprintf(tenant, sizeof tenant, "tenant=t%d", w->id);
    snprintf(region, sizeof region, "region=r%d", w->id);
    attrs[0] = tenant;
    attrs[1] = region;
    attrs[2] = n;
    attrs[3] = NULL;
    for (i = 0; i < LOGINS; i++) {
        auth_result r;
        int rc;
        snprintf(n, sizeof n, "n=%d", i);
        snprintf(want, sizeof want, "%s %s %s", tenant, region, n);
        auth_result_init(&r);
        rc = auth_loader_login(w->l, "echo", attrs, &r);
        if (rc == AUTH_OK && strcmp(r.log_message, want) == 0 &&
            strcmp(r.region, region + 7) == 0 && strcmp(r.user_message, "shared") == 0)
            w->ok++;
        else
            w->wrong++;
        auth_result_wipe(&r);
    }
    return NULL;
}

static void test_eight_threads_one_instance(void)
{
    ts_logcap *sink;
    auth_loader *l;
    auth_result r;
    pthread_t t[THREADS];
    worker w[THREADS];
    const char *const settings[] = {"greeting=shared", NULL};
    int i, started = 0;

    l = new_logged_loader(&sink, AUTH_LOG_INFO, 0);
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_load_file(l, ECHO_PLUGIN, NULL, settings, &r), AUTH_OK);
    ts_logcap_clear(sink);
    for (i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].l = l;
        w[i].id = i;
        if (pthread_create(&t[i], NULL, run_worker, &w[i]) != 0)
            break;
        started++;
    }
    CU_ASSERT_EQUAL(started, THREADS);
    for (i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    for (i = 0; i < started; i++) {
        CU_ASSERT_EQUAL(w[i].ok, LOGINS);
        CU_ASSERT_EQUAL(w[i].wrong, 0);
        if (w[i].wrong != 0)
            fprintf(stderr, "thread %d: %d of %d answers were not its own\n", i,
                    w[i].wrong, LOGINS);
    }
    /* one INFO line per login, through the trampoline, none lost */
    CU_ASSERT_EQUAL(ts_logcap_total(sink), (size_t)THREADS * LOGINS);
    printf("\n  %d threads x %d logins: %zu log lines\n", THREADS, LOGINS, ts_logcap_total(sink));
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

CU_TestInfo concurrency_tests[] = {
    {"8 threads x 1000 logins on one instance", test_eight_threads_one_instance},
    CU_TEST_INFO_NULL};
