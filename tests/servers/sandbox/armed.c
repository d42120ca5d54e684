/* SPDX-License-Identifier: MIT */
/* armed.c -- per-operation FIFO queues of scripted answers, behind one
 * mutex: each entry answers the next `left` requests of its operation. */
#include "armed.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef struct entry {
    sbx_armed a;
    long left;
} entry;

typedef struct queue {
    entry e[SBX_ARMED_QUEUE_MAX];
    size_t head, len;
} queue;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static queue queues[SBX_OP_COUNT];

int sbx_armed_parse(const char *answer, sbx_armed *out)
{
    static const int statuses[] = {400, 401, 403, 404, 429, 500, 502, 503, 504};
    static const struct { const char *name; sbx_armed_kind kind; } kinds[] = {
        {"hang", SBX_ARMED_HANG},
        {"drop", SBX_ARMED_DROP},
        {"apply-hang", SBX_ARMED_APPLY_HANG},
        {"apply-drop", SBX_ARMED_APPLY_DROP},
    };
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        char name[8];
        snprintf(name, sizeof name, "%d", statuses[i]);
        if (strcmp(answer, name) == 0) {
            out->kind = SBX_ARMED_STATUS;
            out->status = statuses[i];
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(answer, kinds[i].name) == 0) {
            out->kind = kinds[i].kind;
            out->status = 0;
            return 0;
        }
    return -1;
}

int sbx_armed_push(sbx_op op, const sbx_armed *a, long count)
{
    int rc = -1;
    pthread_mutex_lock(&lock);
    queue *q = &queues[op];
    if (q->len < SBX_ARMED_QUEUE_MAX) {
        entry *e = &q->e[(q->head + q->len) % SBX_ARMED_QUEUE_MAX];
        e->a = *a;
        e->left = count;
        q->len++;
        rc = 0;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int sbx_armed_take(sbx_op op, sbx_armed *out)
{
    int got = 0;
    pthread_mutex_lock(&lock);
    queue *q = &queues[op];
    if (q->len) {
        entry *e = &q->e[q->head];
        *out = e->a;
        got = 1;
        if (--e->left == 0) {
            q->head = (q->head + 1) % SBX_ARMED_QUEUE_MAX;
            q->len--;
        }
    }
    pthread_mutex_unlock(&lock);
    return got;
}

void sbx_armed_clear(void)
{
    pthread_mutex_lock(&lock);
    memset(queues, 0, sizeof queues);
    pthread_mutex_unlock(&lock);
}
