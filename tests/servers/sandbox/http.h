/* http.h -- HTTP/1.1 request-head parsing (no I/O). */
#ifndef SBX_HTTP_H
#define SBX_HTTP_H

#include <stddef.h>

/* The largest request head (request line + headers + blank line) accepted. */
#define HTTP_HEAD_MAX 16384

typedef struct http_request {
    char *method;            /* NUL-terminated, inside the parsed buffer */
    char *target;            /* request-target as received, NUL-terminated */
    char *path;              /* copy of target's path part (no query) */
    const char *query;       /* after '?', or NULL; points into target */
    int http_minor;          /* 0 or 1 */
    const char *auth;        /* Authorization value (trimmed) or NULL */
    size_t auth_len;
    long long content_length;/* 0 if absent */
    int close;               /* the client wants the connection closed */
    int chunked;             /* request uses Transfer-Encoding */
    int expect_continue;     /* "Expect: 100-continue" */
    char path_buf[HTTP_HEAD_MAX];
} http_request;

/* Offset just past the "\r\n\r\n" ending the head in buf[0..len), or 0 if
 * it is not there yet.  *scan is where to resume searching (start at 0). */
size_t http_find_head_end(const char *buf, size_t len, size_t *scan);

/* Parse the head in buf[0..head_len) in place (it is modified).  Returns 0
 * or an HTTP status to answer with (400, 501, 505). */
int http_parse(char *buf, size_t head_len, http_request *req);

/* Percent-decode src[0..len) into dst (size dst_size).  Fails (-1) on a bad
 * escape, an encoded NUL, or when it does not fit. */
int http_pct_decode(const char *src, size_t len, char *dst, size_t dst_size);

/* The value of query parameter `name` (raw, not decoded), or NULL. */
const char *http_query_param(const char *query, const char *name, size_t *len);

#endif
