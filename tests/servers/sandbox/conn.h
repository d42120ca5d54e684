/* SPDX-License-Identifier: MIT */
/* conn.h -- one client connection of the sandbox: its requests, one after
 * another, and what the sandbox remembers about the one being answered. */
#ifndef SBX_CONN_H
#define SBX_CONN_H

#include <stddef.h>

#include "srv.h"
#include "stats.h"

/* A request that gets no answer, in place of a status (logs, return
 * values): held until the client gave up, or the connection closed. */
#define SBX_NO_ANSWER_HANG (-1)
#define SBX_NO_ANSWER_DROP (-2)

typedef struct sbx_conn {
    srv_conn *io;
    unsigned long long id;       /* per-connection sequence number */
    srv_request req;             /* the request being answered */
    int close;                   /* close after the current response */
    int abort;                   /* close without TLS close_notify */
    const char *auth_state;      /* "yes", "no" or "none", for the log */
    /* SBX_NO_ANSWER_*: the request was carried out, and its answer is to
     * be withheld: the first write does that instead. */
    int withhold;
    /* SBX_NO_ANSWER_* once an answer was withheld (writes then fail). */
    int withheld;
    /* An SSO request not yet in the stats' sso_log, and a create request
     * not yet in create_log: the first write of the answer records them
     * (with the status from the status line), or the withholding of it
     * (status 0), so a client that reads /_sandbox/stats right after the
     * answer, or while it waits for one, always finds them. */
    const char *sso_pending_account;
    sbx_create_record *create_pending;
} sbx_conn;

/* Serve one connection until the client, an error or the server's stop
 * ends it (srv_options.serve). */
void sbx_conn_serve(srv_conn *io, void *arg);

/* Write all n bytes.  0 or -1 (then the connection is beyond use). */
int sbx_conn_write(sbx_conn *c, const void *buf, size_t n);

/* Give the current request no answer: `how` is SBX_NO_ANSWER_HANG (read
 * and drop whatever comes until the client closes, goes quiet for the idle
 * timeout, or the sandbox stops) or SBX_NO_ANSWER_DROP (close at once,
 * without a TLS close_notify).  Either way the connection then closes.
 * Returns how. */
int sbx_conn_no_answer(sbx_conn *c, int how);

#endif
