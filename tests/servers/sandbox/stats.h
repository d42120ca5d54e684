/* stats.h -- counters and the SSO request log behind GET /_sandbox/stats. */
#ifndef SBX_STATS_H
#define SBX_STATS_H

#include <stddef.h>

/* How many SSO requests the log keeps (the most recent ones). */
#define SBX_STATS_SSO_LOG_MAX 20000

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
/* Record one SSO request (strings are copied, truncated if very long). */
void sbx_stats_sso_log(unsigned long long conn, const char *account, const char *raw_path,
                   int status);
/* The stats document as JSON in a malloc'd buffer (*len bytes), or NULL. */
char *sbx_stats_json(const char *region, size_t *len);
/* Zero the counters and empty the log. */
void sbx_stats_reset(void);

#endif
