/* conn.h -- one client connection: its socket or TLS stream and buffers. */
#ifndef SBX_CONN_H
#define SBX_CONN_H

#include <openssl/ssl.h>
#include <sys/types.h>

#include "http.h"

typedef struct conn {
    int fd;
    SSL *ssl;                    /* NULL for plain HTTP */
    unsigned long long id;       /* per-connection sequence number */
    int close;                   /* close after the current response */
    int abort;                   /* close without TLS close_notify */
    const char *auth_state;      /* "yes", "no" or "none", for the log */
    /* An SSO request not yet in the stats' sso_log: the first write of its
     * answer records it (with the status from the status line), so a client
     * that reads /_sandbox/stats right after the answer always finds it. */
    const char *sso_pending_account;
    char in[HTTP_HEAD_MAX + 1];
    size_t in_len;
    http_request req;
} conn;

/* Serve one accepted socket until the client or an error ends it; frees c.
 * A pthread start routine. */
void *conn_thread(void *c);

/* Read up to n bytes: > 0 bytes read, 0 on orderly close, -1 on error. */
ssize_t conn_read(conn *c, void *buf, size_t n);

/* Write all n bytes.  0 or -1 (then the connection is beyond use). */
int conn_write_all(conn *c, const void *buf, size_t n);

#endif
