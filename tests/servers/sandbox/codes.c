/* SPDX-License-Identifier: MIT */
/* codes.c -- a mutex-guarded hash table of one-time codes.
 *
 * Every code lives for the same TTL, so insertion order is expiry order: a
 * FIFO list lets each mint drop the expired codes at its head in O(1)
 * amortized, and a hard cap evicts the oldest when a benchmark mints faster
 * than codes expire. */
#include "codes.h"

#include <openssl/rand.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NBUCKETS (1u << 18)
#define MAX_CODES (1u << 20)

typedef struct code_node {
    struct code_node *hnext;          /* bucket chain */
    struct code_node *fprev, *fnext;  /* FIFO, oldest first */
    int64_t expires_ms;
    char code[SBX_CODE_LEN + 1];
    char account[];
} code_node;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static code_node **buckets;
static code_node *fifo_head, *fifo_tail;
static size_t count;
static int64_t ttl_ms;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sbx_codes_init(long ttl_s)
{
    ttl_ms = (int64_t)ttl_s * 1000;
    buckets = calloc(NBUCKETS, sizeof *buckets);
    return buckets ? 0 : -1;
}

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h & (NBUCKETS - 1);
}

/* Unlink n from its bucket and the FIFO and free it.  Lock held. */
static void drop(code_node *n)
{
    code_node **pp = &buckets[hash(n->code, SBX_CODE_LEN)];
    while (*pp != n)
        pp = &(*pp)->hnext;
    *pp = n->hnext;
    if (n->fprev) n->fprev->fnext = n->fnext; else fifo_head = n->fnext;
    if (n->fnext) n->fnext->fprev = n->fprev; else fifo_tail = n->fprev;
    count--;
    free(n);
}

int sbx_codes_mint(const char *account, char out[SBX_CODE_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char raw[SBX_CODE_LEN / 2];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    for (size_t i = 0; i < sizeof raw; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[SBX_CODE_LEN] = '\0';

    size_t alen = strlen(account);
    code_node *n = malloc(sizeof *n + alen + 1);
    if (!n)
        return -1;
    memcpy(n->code, out, SBX_CODE_LEN + 1);
    memcpy(n->account, account, alen + 1);
    int64_t now = now_ms();
    n->expires_ms = now + ttl_ms;
    n->fnext = NULL;

    pthread_mutex_lock(&lock);
    while (fifo_head && (fifo_head->expires_ms <= now || count >= MAX_CODES))
        drop(fifo_head);
    uint32_t h = hash(n->code, SBX_CODE_LEN);
    n->hnext = buckets[h];
    buckets[h] = n;
    n->fprev = fifo_tail;
    if (fifo_tail) fifo_tail->fnext = n; else fifo_head = n;
    fifo_tail = n;
    count++;
    pthread_mutex_unlock(&lock);
    return 0;
}

int sbx_codes_consume(const char *code, size_t code_len, char *account_out, size_t n)
{
    if (code_len != SBX_CODE_LEN)
        return 0;
    int ok = 0;
    int64_t now = now_ms();
    pthread_mutex_lock(&lock);
    for (code_node *c = buckets[hash(code, SBX_CODE_LEN)]; c; c = c->hnext) {
        if (memcmp(c->code, code, SBX_CODE_LEN) == 0) {
            if (c->expires_ms > now) {
                size_t l = strlen(c->account);
                if (l >= n)
                    l = n - 1;
                memcpy(account_out, c->account, l);
                account_out[l] = '\0';
                ok = 1;
            }
            drop(c);
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return ok;
}
