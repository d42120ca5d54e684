/* SPDX-License-Identifier: MIT */
/* stats.h -- counters, the SSO request log and the create log behind
 * GET /_sandbox/stats. */
#ifndef SBX_STATS_H
#define SBX_STATS_H

#include <stddef.h>

#include "accounts.h"
#include "ops.h"

/* How many SSO requests the log keeps (the most recent ones). */
#define SBX_STATS_SSO_LOG_MAX 20000
/* How many create requests the create log keeps (the most recent ones). */
#define SBX_STATS_CREATE_LOG_MAX 20000

/* A create request, as the create log shows it. */
typedef struct sbx_create_record {
    char email[256];            /* the profile's email, "" if none */
    int test_account;           /* it came with "T-Test-Account: true" */
    char account_id[SBX_ACCOUNT_ID_LEN + 1]; /* "" unless one was created */
} sbx_create_record;

typedef enum sbx_stat {
    SBX_ST_REQUESTS,        /* every request except /_sandbox/ ones */
    SBX_ST_SSO_REQUESTS,    /* requests routed to the SSO operation */
    SBX_ST_AUTHORIZED,      /* API requests with the right Bearer key */
    SBX_ST_UNAUTHORIZED,    /* API requests refused with 401 for the key */
    SBX_ST_LOGIN_PAGE_HITS, /* GET /login */
    SBX_ST_LOGIN_OK,        /* GET /login that spent a valid code */
    SBX_ST_CONNECTIONS,     /* accepted connections */
    SBX_ST_COUNT
} sbx_stat;

/* Allocate the log.  0 or -1 (out of memory). */
int sbx_stats_init(void);
void sbx_stats_inc(sbx_stat id);
/* Count one request routed to `op`. */
void sbx_stats_op(sbx_op op);
/* Record one create request and the status answered (0: none). */
void sbx_stats_create_log(unsigned long long conn, const sbx_create_record *r, int status);
/* Record one SSO request (strings are copied, truncated if very long). */
void sbx_stats_sso_log(unsigned long long conn, const char *account, const char *raw_path,
                   int status);
/* The stats document as JSON in a malloc'd buffer (*len bytes), or NULL.
 * `accounts` is shown as the number of created accounts alive. */
char *sbx_stats_json(const char *region, size_t accounts, size_t *len);
/* Zero the counters and empty the logs. */
void sbx_stats_reset(void);

#endif
