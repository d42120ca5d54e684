/* SPDX-License-Identifier: MIT */
/* stats.c -- lock-free counters plus mutex-guarded rings of SSO and create
 * requests. */
#include "stats.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define ACCOUNT_MAX 192
#define PATH_MAX_LEN 320

typedef struct sso_entry {
    unsigned long long conn;
    int status;
    char account[ACCOUNT_MAX];
    char raw_path[PATH_MAX_LEN];
} sso_entry;

typedef struct create_entry {
    unsigned long long conn;
    int status;
    sbx_create_record r;
} create_entry;

static atomic_ullong counters[SBX_ST_COUNT];
static atomic_ullong op_counters[SBX_OP_COUNT];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static sso_entry *ring;   /* calloc'd: untouched pages cost nothing */
static size_t ring_next, ring_len;
static create_entry *creates;   /* the same for creates */
static size_t creates_next, creates_len;

int sbx_stats_init(void)
{
    ring = calloc(SBX_STATS_SSO_LOG_MAX, sizeof *ring);
    creates = calloc(SBX_STATS_CREATE_LOG_MAX, sizeof *creates);
    return ring && creates ? 0 : -1;
}

void sbx_stats_inc(sbx_stat id)
{
    atomic_fetch_add_explicit(&counters[id], 1, memory_order_relaxed);
}

void sbx_stats_op(sbx_op op)
{
    atomic_fetch_add_explicit(&op_counters[op], 1, memory_order_relaxed);
}

void sbx_stats_create_log(unsigned long long conn, const sbx_create_record *r, int status)
{
    pthread_mutex_lock(&log_lock);
    create_entry *e = &creates[creates_next];
    e->conn = conn;
    e->status = status;
    e->r = *r;
    creates_next = (creates_next + 1) % SBX_STATS_CREATE_LOG_MAX;
    if (creates_len < SBX_STATS_CREATE_LOG_MAX)
        creates_len++;
    pthread_mutex_unlock(&log_lock);
}

/* As much of src as fits in dst[n], terminated. */
static void copy_trunc(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
}

void sbx_stats_sso_log(unsigned long long conn, const char *account, const char *raw_path,
                   int status)
{
    pthread_mutex_lock(&log_lock);
    sso_entry *e = &ring[ring_next];
    e->conn = conn;
    e->status = status;
    copy_trunc(e->account, sizeof e->account, account);
    copy_trunc(e->raw_path, sizeof e->raw_path, raw_path);
    ring_next = (ring_next + 1) % SBX_STATS_SSO_LOG_MAX;
    if (ring_len < SBX_STATS_SSO_LOG_MAX)
        ring_len++;
    pthread_mutex_unlock(&log_lock);
}

void sbx_stats_reset(void)
{
    for (int i = 0; i < SBX_ST_COUNT; i++)
        atomic_store(&counters[i], 0);
    for (int i = 0; i < SBX_OP_COUNT; i++)
        atomic_store(&op_counters[i], 0);
    pthread_mutex_lock(&log_lock);
    ring_next = ring_len = 0;
    creates_next = creates_len = 0;
    pthread_mutex_unlock(&log_lock);
}

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* A JSON string literal. */
static void sb_json(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            sb_put(b, esc, 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            sb_put(b, esc, 6);
        } else {
            sb_put(b, (const char *)p, 1);
        }
    }
    sb_put(b, "\"", 1);
}

static void sb_num(sbuf *b, const char *name, unsigned long long v)
{
    char t[96];
    int n = snprintf(t, sizeof t, ",\"%s\":%llu", name, v);
    sb_put(b, t, (size_t)n);
}

char *sbx_stats_json(const char *region, size_t accounts, size_t *len)
{
    static const char *const names[SBX_ST_COUNT] = {
        "requests", "sso_requests", "authorized", "unauthorized",
        "login_page_hits", "login_ok", "connections"};
    sbuf b = {0};
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    sb_str(&b, "{\"region\":");
    sb_json(&b, region);
    for (int i = 0; i < SBX_ST_COUNT; i++)
        sb_num(&b, names[i], atomic_load(&counters[i]));
    sb_num(&b, "cpu_user_ms",
           (unsigned long long)ru.ru_utime.tv_sec * 1000 + (unsigned long long)ru.ru_utime.tv_usec / 1000);
    sb_num(&b, "cpu_sys_ms",
           (unsigned long long)ru.ru_stime.tv_sec * 1000 + (unsigned long long)ru.ru_stime.tv_usec / 1000);
    sb_num(&b, "accounts", accounts);
    sb_str(&b, ",\"ops\":{");
    for (int i = 0; i < SBX_OP_COUNT; i++) {
        char t[64];
        int n = snprintf(t, sizeof t, "%s\"%s\":%llu", i ? "," : "", sbx_op_name((sbx_op)i),
                         atomic_load(&op_counters[i]));
        sb_put(&b, t, (size_t)n);
    }
    sb_str(&b, "},\"sso_log\":[");

    pthread_mutex_lock(&log_lock);
    size_t start = (ring_next + SBX_STATS_SSO_LOG_MAX - ring_len) % SBX_STATS_SSO_LOG_MAX;
    for (size_t i = 0; i < ring_len; i++) {
        const sso_entry *e = &ring[(start + i) % SBX_STATS_SSO_LOG_MAX];
        char t[64];
        int n = snprintf(t, sizeof t, "%s{\"conn\":%llu,\"account\":", i ? "," : "", e->conn);
        sb_put(&b, t, (size_t)n);
        sb_json(&b, e->account);
        sb_str(&b, ",\"raw_path\":");
        sb_json(&b, e->raw_path);
        n = snprintf(t, sizeof t, ",\"status\":%d}", e->status);
        sb_put(&b, t, (size_t)n);
    }
    sb_str(&b, "],\"create_log\":[");
    start = (creates_next + SBX_STATS_CREATE_LOG_MAX - creates_len) % SBX_STATS_CREATE_LOG_MAX;
    for (size_t i = 0; i < creates_len; i++) {
        const create_entry *e = &creates[(start + i) % SBX_STATS_CREATE_LOG_MAX];
        char t[96];
        int n = snprintf(t, sizeof t, "%s{\"conn\":%llu,\"email\":", i ? "," : "", e->conn);
        sb_put(&b, t, (size_t)n);
        sb_json(&b, e->r.email);
        n = snprintf(t, sizeof t, ",\"test_account\":%s,\"status\":%d,\"account_id\":",
                     e->r.test_account ? "true" : "false", e->status);
        sb_put(&b, t, (size_t)n);
        sb_json(&b, e->r.account_id);
        sb_put(&b, "}", 1);
    }
    pthread_mutex_unlock(&log_lock);
    sb_str(&b, "]}");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}
