/* stats.h -- counters and the SSO request log behind GET /_sandbox/stats. */
#ifndef SBX_STATS_H
#define SBX_STATS_H

#include <stddef.h>

/* How many SSO requests the log keeps (the most recent ones). */
#define STATS_SSO_LOG_MAX 20000

typedef enum stat_id {
    ST_REQUESTS,        /* every request except /_sandbox/ ones */
    ST_SSO_REQUESTS,    /* requests routed to the SSO operation */
    ST_AUTHORIZED,      /* API requests with the right Bearer key */
    ST_UNAUTHORIZED,    /* API requests refused with 401 for the key */
    ST_LOGIN_PAGE_HITS, /* GET /login */
    ST_LOGIN_OK,        /* GET /login that spent a valid code */
    ST_CONNECTIONS,     /* accepted connections */
    ST_COUNT
} stat_id;

/* Allocate the log.  0 or -1 (out of memory). */
int stats_init(void);
void stats_inc(stat_id id);
/* Record one SSO request (strings are copied, truncated if very long). */
void stats_sso_log(unsigned long long conn, const char *account, const char *raw_path,
                   int status);
/* The stats document as JSON in a malloc'd buffer (*len bytes), or NULL. */
char *stats_json(const char *region, size_t *len);
/* Zero the counters and empty the log. */
void stats_reset(void);

#endif
