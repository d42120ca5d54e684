/* SPDX-License-Identifier: MIT */
/* bench-memory: what the plugin costs a host in memory.
 *
 *   bench-memory --baseline
 *       a host with a loader and no plugin: prints its RSS;
 *   bench-memory --plugin FILE --base-url URL --ca-file FILE --key-file FILE
 *                [--first N] [--total N]
 *       the same host with one plugin instance: prints its RSS after init,
 *       after the first N logins (1,000) and after TOTAL logins (100,000).
 *
 * It links only libauthloader (not libcurl), so the baseline is a host that
 * has not mapped libcurl or OpenSSL: the plugin is charged for them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_loader.h>
#include "bench_measure.h"

static void drop_log(void *ctx, int level, const char *line)
{
    (void)ctx;
    (void)level;
    (void)line;
}

static int login_many(auth_loader *l, long n)
{
    const char *const attrs[] = {"tenant=bench", "account_id=bench-account", NULL};
    auth_result r;
    for (long i = 0; i < n; i++) {
        auth_result_init(&r);
        if (auth_loader_login(l, "sendgrid", attrs, &r) != AUTH_OK) {
            fprintf(stderr, "bench-memory: login failed: %s\n", r.log_message);
            return -1;
        }
        auth_result_wipe(&r);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"baseline", no_argument, NULL, 'B'},
        {"plugin", required_argument, NULL, 'p'},
        {"base-url", required_argument, NULL, 'b'},
        {"ca-file", required_argument, NULL, 'c'},
        {"key-file", required_argument, NULL, 'k'},
        {"first", required_argument, NULL, 'f'},
        {"total", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0}};
    const char *plugin = NULL, *base = NULL, *ca = NULL, *key = NULL;
    long first = 1000, total = 100000;
    int baseline = 0, o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'B': baseline = 1; break;
        case 'p': plugin = optarg; break;
        case 'b': base = optarg; break;
        case 'c': ca = optarg; break;
        case 'k': key = optarg; break;
        case 'f': first = strtol(optarg, NULL, 10); break;
        case 'n': total = strtol(optarg, NULL, 10); break;
        default: return 2;
        }
    }
    if (!baseline && (!plugin || !base || !ca || !key || first < 1 || total < first)) {
        fprintf(stderr, "usage: bench-memory --baseline | --plugin FILE --base-url URL "
                "--ca-file FILE --key-file FILE [--first N] [--total N]\n");
        return 2;
    }

    auth_loader_config lc;
    auth_loader *l = NULL;
    auth_result r;
    memset(&lc, 0, sizeof lc);
    lc.struct_size = sizeof lc;
    lc.log = drop_log;
    lc.log_level = AUTH_LOG_INFO;
    auth_result_init(&r);
    if (auth_loader_create(&lc, &l, &r) != AUTH_OK) {
        fprintf(stderr, "bench-memory: %s\n", r.log_message);
        return 1;
    }
    if (baseline) {
        printf("{\"rss_host_kib\":%ld}\n", bench_rss_kib());
        auth_loader_destroy(l);
        return 0;
    }
    char s_base[512], s_ca[512], s_key[512];
    snprintf(s_base, sizeof s_base, "global_base_url=%s", base);
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", ca);
    snprintf(s_key, sizeof s_key, "api_key_file=%s", key);
    const char *const settings[] = {s_key, s_base, s_ca, "redirect_hosts=127.0.0.1", NULL};
    auth_result_init(&r);
    if (auth_loader_load_file(l, plugin, "sendgrid", settings, &r) != AUTH_OK) {
        fprintf(stderr, "bench-memory: loading %s: %s\n", plugin, r.log_message);
        return 1;
    }
    long after_init = bench_rss_kib();
    if (login_many(l, first) != 0)
        return 1;
    long after_first = bench_rss_kib();
    if (login_many(l, total - first) != 0)
        return 1;
    long after_total = bench_rss_kib();
    printf("{\"rss_plugin_init_kib\":%ld,\"first\":%ld,\"rss_after_first_kib\":%ld,"
           "\"total\":%ld,\"rss_after_total_kib\":%ld}\n",
           after_init, first, after_first, total, after_total);
    auth_loader_destroy(l);
    return 0;
}
