/* SPDX-License-Identifier: MIT */
/* The clients being compared.  Each logs one tenant in per call and hands
 * back the one-time URL, as a panel would before redirecting the browser. */
#ifndef BENCH_VARIANTS_H
#define BENCH_VARIANTS_H

#include <stddef.h>

typedef struct bench_config {
    const char *base_url;        /* https://127.0.0.1:PORT (the sandbox) */
    const char *ca_file;         /* the sandbox's CA */
    const char *key_file;        /* the partner API key */
    const char *plugin_path;     /* sendgrid.so (plugin variant only) */
    const char *account_id;
} bench_config;

typedef struct bench_variant {
    const char *name;
    /* Once per process; *shared is handed to every other call.  0 or -1. */
    int (*setup)(const bench_config *cfg, void **shared);
    /* Once per thread, before its first login.  0 or -1. */
    int (*thread_init)(void *shared, void **per_thread);
    /* One login: 0 when a 303 with a Location came back (copied into
     * url[size]), -1 otherwise (the reason on stderr, without secrets). */
    int (*login)(void *shared, void *per_thread, char *url, size_t size);
    void (*thread_done)(void *per_thread);
    void (*teardown)(void *shared);
} bench_variant;

/* "plugin", "raw" or "naive"; NULL if unknown. */
const bench_variant *bench_variant_find(const char *name);

#endif
