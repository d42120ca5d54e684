/* conn.c -- the per-connection loop: read a request head, skip its body,
 * route it, log it, and go on while the connection is kept alive. */
#include "conn.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listener.h"
#include "reqlog.h"
#include "response.h"
#include "routes.h"
#include "sandbox.h"
#include "stats.h"

/* Bodies are read and ignored; beyond this we refuse rather than spin. */
#define BODY_MAX (64LL * 1024 * 1024)

ssize_t conn_read(conn *c, void *buf, size_t n)
{
    if (c->ssl) {
        int r = SSL_read(c->ssl, buf, n > 0x7fffffff ? 0x7fffffff : (int)n);
        if (r > 0)
            return r;
        return SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN ? 0 : -1;
    }
    for (;;) {
        ssize_t r = recv(c->fd, buf, n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        return r;
    }
}

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

int conn_write_all(conn *c, const void *buf, size_t n)
{
    const char *p = buf;
    if (c->sso_pending_account != NULL) {
        stats_sso_log(c->id, c->sso_pending_account, c->req.path, status_of(p, n));
        c->sso_pending_account = NULL;
    }
    while (n) {
        ssize_t w;
        if (c->ssl) {
            int r = SSL_write(c->ssl, p, n > 0x7fffffff ? 0x7fffffff : (int)n);
            if (r <= 0)
                return -1;
            w = r;
        } else {
            w = send(c->fd, p, n, MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Read and drop `n` more body bytes from the stream.  0 or -1. */
static int skip_bytes(conn *c, long long n)
{
    char scratch[8192];
    while (n > 0) {
        ssize_t r = conn_read(c, scratch, n < (long long)sizeof scratch ? (size_t)n : sizeof scratch);
        if (r <= 0)
            return -1;
        n -= r;
    }
    return 0;
}

static void serve(conn *c)
{
    for (;;) {
        size_t scan = 0, head_len;
        while ((head_len = http_find_head_end(c->in, c->in_len, &scan)) == 0) {
            if (c->in_len >= HTTP_HEAD_MAX) {
                c->close = 1;
                int st = respond_error(c, 431, "request header fields too large",
                                       "sbx-header-too-large", NULL);
                reqlog_line(c->id, "-", "-", 0, "none", st);
                return;
            }
            ssize_t n = conn_read(c, c->in + c->in_len, HTTP_HEAD_MAX - c->in_len);
            if (n <= 0)
                return;
            c->in_len += (size_t)n;
        }

        http_request *r = &c->req;
        int perr = http_parse(c->in, head_len, r);
        if (perr) {
            c->close = 1;
            int st = respond_error(c, perr, "malformed or unsupported request",
                                   "sbx-bad-request", NULL);
            reqlog_line(c->id, "-", "-", 0, "none", st);
            return;
        }
        if (r->content_length > BODY_MAX) {
            c->close = 1;
            int st = respond_error(c, 413, "request body too large", "sbx-body-too-large", NULL);
            reqlog_line(c->id, r->method, r->path, r->query != NULL, "none", st);
            return;
        }
        size_t have = c->in_len - head_len;
        /* A client waiting for permission to send its body gets it (the
         * body is then read and ignored like any other). */
        if (r->expect_continue && r->content_length > (long long)have) {
            static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
            if (conn_write_all(c, cont, sizeof cont - 1) != 0)
                return;
        }
        size_t in_buf = (long long)have < r->content_length ? have : (size_t)r->content_length;
        if (skip_bytes(c, r->content_length - (long long)in_buf))
            return;

        c->close = r->close;
        c->auth_state = "none";
        int status = route_request(c);
        reqlog_line(c->id, r->method, r->path, r->query != NULL, c->auth_state, status);
        if (c->close)
            return;

        size_t consumed = head_len + in_buf;
        memmove(c->in, c->in + consumed, c->in_len - consumed);
        c->in_len -= consumed;
    }
}

void *conn_thread(void *arg)
{
    conn *c = arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);  /* the listener handles them */

    int ok = 1;
    if (g_cfg.ssl_ctx) {
        c->ssl = SSL_new(g_cfg.ssl_ctx);
        ok = c->ssl && SSL_set_fd(c->ssl, c->fd) == 1 && SSL_accept(c->ssl) == 1;
    }
    if (ok)
        serve(c);
    if (c->ssl) {
        if (ok && !c->abort)
            SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
    }
    close(c->fd);
    free(c);
    listener_conn_done();
    return NULL;
}
