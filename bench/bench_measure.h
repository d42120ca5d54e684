/* SPDX-License-Identifier: MIT */
/* Measuring a run: per-login latencies, process CPU time and memory. */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

#include <stddef.h>

/* Monotonic time in nanoseconds. */
long long bench_now_ns(void);

/* This process's CPU time so far (user + system, all threads), in
 * microseconds. */
long long bench_cpu_us(void);

/* Peak resident set size of this process so far, in KiB (ru_maxrss). */
long bench_peak_rss_kib(void);

/* Current resident set size in KiB (VmRSS from /proc/self/status), or -1. */
long bench_rss_kib(void);

/* Sorts `ns` (n latencies in nanoseconds) in place and returns the
 * nearest-rank percentile `pct` (0 < pct <= 100) in microseconds. */
double bench_percentile_us(long long *ns, size_t n, double pct);

#endif
