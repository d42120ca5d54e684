/* SPDX-License-Identifier: MIT */
/* armed.h -- scripted answers armed for the next requests of an
 * operation (POST /_sandbox/script), for operations whose requests no
 * script-* account id can steer, such as create. */
#ifndef SBX_ARMED_H
#define SBX_ARMED_H

#include "ops.h"

typedef enum sbx_armed_kind {
    SBX_ARMED_STATUS,       /* answer `status` (as the script-<status> ids) */
    SBX_ARMED_HANG,         /* no answer, nothing done */
    SBX_ARMED_DROP,
    SBX_ARMED_APPLY_HANG,   /* carry the request out, then no answer */
    SBX_ARMED_APPLY_DROP
} sbx_armed_kind;

typedef struct sbx_armed {
    sbx_armed_kind kind;
    int status;             /* SBX_ARMED_STATUS */
} sbx_armed;

/* How many arms an operation may have queued at once. */
#define SBX_ARMED_QUEUE_MAX 32

/* Parse an answer name: "400" "401" "403" "404" "429" "500" "502" "503"
 * "504" "hang" "drop" "apply-hang" "apply-drop".  0, or -1 if unknown. */
int sbx_armed_parse(const char *answer, sbx_armed *out);

/* Queue `a` for the next `count` requests of `op`, after those queued
 * before.  0, or -1 if the queue is full. */
int sbx_armed_push(sbx_op op, const sbx_armed *a, long count);

/* Take the answer armed for this request of `op`: 1 and *out, or 0. */
int sbx_armed_take(sbx_op op, sbx_armed *out);

/* Disarm everything. */
void sbx_armed_clear(void);

#endif
