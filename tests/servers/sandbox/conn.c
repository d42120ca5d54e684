/* SPDX-License-Identifier: MIT */
/* conn.c -- the sandbox's per-connection loop: read a request (srv.h),
 * route it, log it, and go on while the connection is kept alive. */
#include "conn.h"

#include <string.h>

#include "reqlog.h"
#include "response.h"
#include "routes.h"
#include "stats.h"

/* Request heads beyond this are refused with 431: no client of the partner
 * API needs more, so more is a bug worth showing. */
#define HEAD_MAX 16384
/* Bodies beyond this are refused rather than read. */
#define BODY_MAX (64LL * 1024 * 1024)
/* Bodies up to this are kept for the operations that read them (account
 * create and updates, the script hook); beyond it they are read and
 * dropped, and those operations answer 413. */
#define BODY_KEEP_MAX (64 * 1024)

/* The status of the status line at the start of buf, or 0. */
static int status_of(const char *buf, size_t n)
{
    if (n < 12 || memcmp(buf, "HTTP/1.1 ", 9) != 0)
        return 0;
    int st = 0;
    for (size_t i = 9; i < 12; i++) {
        if (buf[i] < '0' || buf[i] > '9')
            return 0;
        st = st * 10 + (buf[i] - '0');
    }
    return st;
}

/* Record the pending SSO and create requests with the status answered. */
static void record_pending(sbx_conn *c, int status)
{
    if (c->sso_pending_account != NULL) {
        sbx_stats_sso_log(c->id, c->sso_pending_account, c->req.path, status);
        c->sso_pending_account = NULL;
    }
    if (c->create_pending != NULL) {
        sbx_stats_create_log(c->id, c->create_pending, status);
        c->create_pending = NULL;
    }
}

int sbx_conn_no_answer(sbx_conn *c, int how)
{
    record_pending(c, 0);
    c->withhold = 0;
    c->withheld = how;
    c->close = 1;
    c->abort = 1;
    if (how == SBX_NO_ANSWER_HANG) {
        char scratch[4096];
        while (srv_conn_read(c->io, scratch, sizeof scratch) > 0)
            ;
    }
    return how;
}

int sbx_conn_write(sbx_conn *c, const void *buf, size_t n)
{
    if (c->withheld)
        return -1;
    if (c->withhold) {
        sbx_conn_no_answer(c, c->withhold);
        return -1;
    }
    record_pending(c, status_of(buf, n));
    return srv_conn_write_all(c->io, buf, n);
}

/* The answer to a request srv_read_request refused with `status`. */
static int refuse(sbx_conn *c, int status)
{
    switch (status) {
    case 413:
        return sbx_respond_error(c, 413, "request body too large", "sbx-body-too-large", NULL);
    case 431:
        return sbx_respond_error(c, 431, "request header fields too large",
                                 "sbx-header-too-large", NULL);
    default:
        return sbx_respond_error(c, status, "malformed or unsupported request",
                                 "sbx-bad-request", NULL);
    }
}

static void serve(sbx_conn *c)
{
    const srv_request *r = &c->req;
    for (;;) {
        int refused = srv_read_request(c->io, &c->req);
        if (refused == SRV_NO_REQUEST)
            return;
        if (refused != 0) {
            c->close = 1;
            int st = refuse(c, refused);
            sbx_reqlog_line(c->id, r->method, r->path, r->query != NULL, "none", st);
            return;
        }
        c->close = r->close;
        c->auth_state = "none";
        c->withhold = c->withheld = 0;
        int status = sbx_route_request(c);
        if (c->withheld)
            status = c->withheld;
        sbx_reqlog_line(c->id, r->method, r->path, r->query != NULL, c->auth_state, status);
        if (c->close)
            return;
    }
}

void sbx_conn_serve(srv_conn *io, void *arg)
{
    (void)arg;
    sbx_conn c;
    memset(&c, 0, sizeof c);
    c.io = io;
    c.id = srv_conn_id(io);
    sbx_stats_inc(SBX_ST_CONNECTIONS);
    if (srv_conn_handshake(io) != 0 || srv_request_init(&c.req, HEAD_MAX, BODY_MAX) != 0)
        return;
    if (srv_request_keep_bodies(&c.req, BODY_KEEP_MAX) != 0) {
        srv_request_free(&c.req);
        return;
    }
    serve(&c);
    srv_request_free(&c.req);
    if (!c.abort)
        srv_conn_close_notify(io);
}
