/* SPDX-License-Identifier: MIT */
/* Talking to the sandbox's test hooks (/_sandbox/reset, /_sandbox/stats)
 * around a timed run, so its CPU use is measured for exactly that run. */
#ifndef BENCH_SANDBOX_H
#define BENCH_SANDBOX_H

typedef struct bench_sandbox_stats {
    long long cpu_ms;            /* user + system, since the sandbox started */
    long long sso_requests;      /* since the last reset */
    long long connections;       /* accepted since the last reset */
} bench_sandbox_counts;

/* POST /_sandbox/reset.  0, or -1 with the reason on stderr. */
int bench_sandbox_reset(const char *base_url, const char *ca_file);

/* GET /_sandbox/stats into *out.  0, or -1 with the reason on stderr. */
int bench_sandbox_stats(const char *base_url, const char *ca_file,
                        bench_sandbox_counts *out);

#endif
