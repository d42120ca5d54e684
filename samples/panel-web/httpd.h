/*
 * httpd.h -- a small HTTP/1.1 server for panel-web: plain HTTP on a loopback
 * address, one detached thread per connection, one request per connection
 * (every answer says "Connection: close"), request bodies only with
 * Content-Length.  SIGTERM or SIGINT stops it cleanly.
 */
#ifndef PANEL_WEB_HTTPD_H
#define PANEL_WEB_HTTPD_H

#include <stddef.h>

/* Limits; a request beyond them is answered 431 / 413 and closed. */
#define HTTPD_HEAD_MAX (16 * 1024)
#define HTTPD_BODY_MAX (8 * 1024)

typedef struct http_request {
    char method[16];
    char path[1024];            /* the target without its query */
    char host[256];             /* Host header, "" if absent */
    char origin[256];           /* Origin header, "" if absent */
    char fetch_site[32];        /* Sec-Fetch-Site header, "" if absent */
    char content_type[128];     /* Content-Type header, "" if absent */
    const char *body;           /* NUL-terminated, owned by the server */
    size_t body_len;
} http_request;

typedef struct http_conn http_conn;

/* What to send.  Every answer also gets Cache-Control: no-store,
 * X-Content-Type-Options: nosniff, X-Frame-Options: DENY and
 * Connection: close. */
typedef struct http_answer {
    int status;
    const char *content_type;   /* NULL: no body is described */
    const char *body;           /* may be NULL when body_len is 0 */
    size_t body_len;
    const char *location;       /* NULL or the Location value (may be a
                                   secret: the server wipes its own copy) */
    const char *referrer_policy;/* NULL: "no-referrer" */
    const char *extra_headers;  /* NULL or "Name: value\r\n"... */
    int head_only;              /* HEAD: headers only */
} http_answer;

/* Send `a` on `c`.  The server logs "METHOD PATH -> STATUS" for it after the
 * handler returns.  Returns 0, or -1 if the client went away. */
int http_send(http_conn *c, const http_answer *a);

/* Called once per request on the connection's thread; must call http_send
 * exactly once.  Runs concurrently with other requests. */
typedef void (*http_handler)(void *ctx, http_conn *c, const http_request *req);

typedef struct httpd_config {
    const char *listen;         /* "HOST:PORT" or "[V6]:PORT", loopback only */
    const char *port_file;      /* NULL, or where to write "PORT\n" */
    http_handler handler;
    void *handler_ctx;
} httpd_config;

/* Listen, write the port file, serve until SIGTERM/SIGINT, then wait for
 * requests in progress (up to 30 s).  The caller blocks SIGTERM, SIGINT in
 * every thread before creating any (httpd_block_signals), so only this loop
 * sees them.  Returns 0 after a clean stop, 1 if it could not start (the
 * reason is logged), 2 if requests were still running after the grace
 * period (the caller must then not free what the handler uses). */
int httpd_run(const httpd_config *cfg);

/* Block SIGTERM and SIGINT in the calling thread (and threads it creates
 * afterwards) and ignore SIGPIPE.  Call first thing in main. */
void httpd_block_signals(void);

#endif
