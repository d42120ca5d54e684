/* SPDX-License-Identifier: MIT */
/* ts_scale.c -- how hard and how long: load and time scales for slow
 * runs, the monotonic clock, and resident memory. */
#include "testsupport.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The number in environment variable `name`, `unset` when it is unset or
 * empty.  Anything but a number from 1 to `max` (a whole one if `whole`)
 * prints `what` and exits 1: a bad scale must not quietly change a test. */
static double read_scale(const char *name, double unset, int whole, double max,
                         const char *what)
{
    const char *v = getenv(name);
    if (v == NULL || *v == '\0')
        return unset;
    char *end = NULL;
    errno = 0;
    double n = strtod(v, &end);
    if (errno != 0 || end == v || *end != '\0' || !(n >= 1 && n <= max) ||
        (whole && n != (double)(long)n)) {
        fprintf(stderr, "%s is '%s': %s\n", name, v, what);
        exit(1);
    }
    return n;
}

int ts_load_scale(void)
{
    static int scale; /* 0: not read yet */
    if (scale == 0)
        scale = (int)read_scale("TS_LOAD_SCALE", 1, 1, 1000,
                                "give a whole number from 1 to 1000 that divides the "
                                "iteration counts, e.g. 10 for a tenth (unset means 1, "
                                "the full load)");
    return scale;
}

int ts_scaled(int n, int floor_n)
{
    int s = n / ts_load_scale();
    return s < floor_n ? floor_n : s;
}

int ts_under_valgrind(void)
{
    /* valgrind runs the program with its preload library. */
    const char *pre = getenv("LD_PRELOAD");
    return pre != NULL && (strstr(pre, "vgpreload") || strstr(pre, "valgrind"));
}

double ts_time_scale(void)
{
    static double scale; /* 0: not read yet */
    /* Under valgrind everything around a timeout (TLS, the loader, the
     * plugin's bookkeeping) runs 10-50 times slower. */
    if (scale == 0)
        scale = read_scale("TS_TIME_SCALE", ts_under_valgrind() ? 4.0 : 1.0, 0, 1e6,
                           "give a number >= 1 that widens the time bounds (never the "
                           "timeouts) for a slow runner");
    return scale;
}

long long ts_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long ts_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) {
        fprintf(stderr, "ts_rss_bytes: cannot read /proc/self/status: %s\n",
                strerror(errno));
        return -1;
    }
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(f);
    if (kb < 0)
        fprintf(stderr, "ts_rss_bytes: no VmRSS line in /proc/self/status\n");
    return kb < 0 ? -1 : kb * 1024;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TS_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TS_UNDER_SANITIZER 1
#endif

int ts_rss_is_meaningful(const char **why)
{
#ifdef TS_UNDER_SANITIZER
    *why = "a sanitizer build: its shadow memory and quarantine grow without any "
           "leak, so the sanitizer checks for leaks instead";
    return 0;
#else
    if (ts_under_valgrind()) {
        *why = "running under valgrind: memcheck's own heap bookkeeping grows "
               "without any leak, so memcheck checks for leaks instead";
        return 0;
    }
    *why = NULL;
    return 1;
#endif
}

int ts_rss_growth_within(long before, long after, long limit)
{
    printf("\n    resident memory %ld bytes, then %ld: growth %ld bytes (limit %ld)\n", before,
           after, after - before, limit);
    if (before <= 0 || after <= 0)
        return 0;
    const char *why = NULL;
    if (!ts_rss_is_meaningful(&why)) {
        printf("    the limit is not applied: %s\n", why);
        return 1;
    }
    return after - before < limit;
}
