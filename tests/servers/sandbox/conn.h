/* conn.h -- one client connection of the sandbox: its requests, one after
 * another, and what the sandbox remembers about the one being answered. */
#ifndef SBX_CONN_H
#define SBX_CONN_H

#include <stddef.h>

#include "srv.h"

typedef struct sbx_conn {
    srv_conn *io;
    unsigned long long id;       /* per-connection sequence number */
    srv_request req;             /* the request being answered */
    int close;                   /* close after the current response */
    int abort;                   /* close without TLS close_notify */
    const char *auth_state;      /* "yes", "no" or "none", for the log */
    /* An SSO request not yet in the stats' sso_log: the first write of its
     * answer records it (with the status from the status line), so a client
     * that reads /_sandbox/stats right after the answer always finds it. */
    const char *sso_pending_account;
} sbx_conn;

/* Serve one connection until the client, an error or the server's stop
 * ends it (srv_options.serve). */
void sbx_conn_serve(srv_conn *io, void *arg);

/* Write all n bytes.  0 or -1 (then the connection is beyond use). */
int sbx_conn_write(sbx_conn *c, const void *buf, size_t n);

#endif
