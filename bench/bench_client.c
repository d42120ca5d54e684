/* SPDX-License-Identifier: MIT */
/* bench-client: times sequential or threaded logins of one client variant
 * against the sandbox and prints one JSON object with the figures.
 *
 *   bench-client --variant plugin|raw|naive --threads N --logins TOTAL
 *                --warmup PER_THREAD --base-url URL --ca-file FILE
 *                --key-file FILE [--plugin sendgrid.so] [--account ID]
 *   bench-client --versions      (prints curl_version())
 *
 * Each thread warms up first (connections open, code paths hot); then the
 * sandbox's counters are reset, and the timed part starts on a barrier so
 * every thread begins together.  CPU time and the sandbox's CPU are taken
 * around the timed part only; peak RSS is the whole process's. */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#include "bench_measure.h"
#include "bench_sandbox.h"
#include "bench_variants.h"

typedef struct worker {
    const bench_variant *v;
    void *shared;
    pthread_barrier_t *ready, *go;
    long warmup, logins;
    long long *lat_ns;           /* logins entries */
    long failures;
    pthread_t tid;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    void *mine = NULL;
    char url[4097];
    int ok = w->v->thread_init(w->shared, &mine) == 0;
    /* A failing login makes the figures meaningless: stop at the first. */
    for (long i = 0; ok && i < w->warmup; i++)
        ok = w->v->login(w->shared, mine, url, sizeof url) == 0;
    pthread_barrier_wait(w->ready);
    pthread_barrier_wait(w->go);
    for (long i = 0; ok && i < w->logins; i++) {
        long long t0 = bench_now_ns();
        ok = w->v->login(w->shared, mine, url, sizeof url) == 0 &&
             strncmp(url, "https://", 8) == 0;
        w->lat_ns[i] = bench_now_ns() - t0;
    }
    if (!ok)
        w->failures = 1;
    w->v->thread_done(mine);
    return NULL;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench-client --variant plugin|raw|naive --threads N "
            "--logins TOTAL --warmup PER_THREAD --base-url URL --ca-file FILE "
            "--key-file FILE [--plugin FILE] [--account ID]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"variant", required_argument, NULL, 'v'},
        {"threads", required_argument, NULL, 't'},
        {"logins", required_argument, NULL, 'n'},
        {"warmup", required_argument, NULL, 'w'},
        {"base-url", required_argument, NULL, 'b'},
        {"ca-file", required_argument, NULL, 'c'},
        {"key-file", required_argument, NULL, 'k'},
        {"plugin", required_argument, NULL, 'p'},
        {"account", required_argument, NULL, 'a'},
        {NULL, 0, NULL, 0}};
    bench_config cfg = {0};
    const char *variant = NULL;
    long threads = 1, logins = 1000, warmup = 50;
    int o;
    cfg.account_id = "bench-account";
    if (argc == 2 && strcmp(argv[1], "--versions") == 0) {
        /* What the report names: the libcurl and TLS library in use. */
        printf("%s\n", curl_version());
        return 0;
    }
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'v': variant = optarg; break;
        case 't': threads = strtol(optarg, NULL, 10); break;
        case 'n': logins = strtol(optarg, NULL, 10); break;
        case 'w': warmup = strtol(optarg, NULL, 10); break;
        case 'b': cfg.base_url = optarg; break;
        case 'c': cfg.ca_file = optarg; break;
        case 'k': cfg.key_file = optarg; break;
        case 'p': cfg.plugin_path = optarg; break;
        case 'a': cfg.account_id = optarg; break;
        default: usage();
        }
    }
    const bench_variant *v = variant ? bench_variant_find(variant) : NULL;
    if (v == NULL || threads < 1 || threads > 64 || logins < threads ||
        warmup < 0 || !cfg.base_url || !cfg.ca_file || !cfg.key_file ||
        (strcmp(v->name, "plugin") == 0 && !cfg.plugin_path))
        usage();

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "bench: libcurl failed to initialize\n");
        return 1;
    }
    void *shared = NULL;
    if (v->setup(&cfg, &shared) != 0)
        return 1;

    pthread_barrier_t ready, go;
    pthread_barrier_init(&ready, NULL, (unsigned)threads + 1);
    pthread_barrier_init(&go, NULL, (unsigned)threads + 1);
    worker *w = calloc((size_t)threads, sizeof *w);
    long long *lat = calloc((size_t)logins, sizeof *lat);
    if (w == NULL || lat == NULL) {
        fprintf(stderr, "bench: out of memory\n");
        return 1;
    }
    long given = 0;
    for (long i = 0; i < threads; i++) {
        w[i].v = v;
        w[i].shared = shared;
        w[i].ready = &ready;
        w[i].go = &go;
        w[i].warmup = warmup;
        w[i].logins = logins / threads + (i < logins % threads);
        w[i].lat_ns = lat + given;
        given += w[i].logins;
        if (pthread_create(&w[i].tid, NULL, work, &w[i]) != 0) {
            fprintf(stderr, "bench: cannot start thread %ld\n", i);
            return 1;
        }
    }
    pthread_barrier_wait(&ready);
    bench_sandbox_counts before, after;
    if (bench_sandbox_reset(cfg.base_url, cfg.ca_file) != 0 ||
        bench_sandbox_stats(cfg.base_url, cfg.ca_file, &before) != 0)
        return 1;
    long long cpu0 = bench_cpu_us(), t0 = bench_now_ns();
    pthread_barrier_wait(&go);
    long failures = 0;
    for (long i = 0; i < threads; i++) {
        pthread_join(w[i].tid, NULL);
        failures += w[i].failures;
    }
    long long t1 = bench_now_ns(), cpu1 = bench_cpu_us();
    if (bench_sandbox_stats(cfg.base_url, cfg.ca_file, &after) != 0)
        return 1;
    v->teardown(shared);

    double wall_s = (double)(t1 - t0) / 1e9;
    double p50 = bench_percentile_us(lat, (size_t)logins, 50);
    double p99 = bench_percentile_us(lat, (size_t)logins, 99);
    printf("{\"variant\":\"%s\",\"threads\":%ld,\"logins\":%ld,\"failures\":%ld,"
           "\"wall_s\":%.4f,\"logins_per_s\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f,"
           "\"cpu_us_per_login\":%.2f,\"peak_rss_kib\":%ld,"
           "\"sandbox_cpu_us_per_login\":%.2f,\"sandbox_cpu_share\":%.3f,"
           "\"sandbox_sso_requests\":%lld,\"sandbox_connections\":%lld}\n",
           v->name, threads, logins, failures, wall_s, (double)logins / wall_s,
           p50, p99, (double)(cpu1 - cpu0) / (double)logins,
           bench_peak_rss_kib(),
           (double)(after.cpu_ms - before.cpu_ms) * 1000.0 / (double)logins,
           (double)(after.cpu_ms - before.cpu_ms) / 1000.0 / wall_s,
           after.sso_requests,
           after.connections - before.connections - 1 /* the last stats call */);
    free(lat);
    free(w);
    curl_global_cleanup();
    if (failures) {
        fprintf(stderr, "bench: %s: %ld thread(s) stopped at a failed login; "
                "the figures above are not valid\n", v->name, failures);
        return 1;
    }
    return 0;
}
