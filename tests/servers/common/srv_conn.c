/* SPDX-License-Identifier: MIT */
/* srv_conn.c -- I/O on one connection, plain or TLS.  The socket is
 * non-blocking: each call tries first and, when the kernel or OpenSSL says
 * "not yet", waits in poll on the socket and the stop pipe, so a timeout or
 * srv_stop always ends the wait. */
#include "srv_internal.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>

#include <openssl/err.h>

int srv_wait(int fd, short events, int stop_fd, int timeout_ms)
{
    struct pollfd p[2] = {{fd, events, 0}, {stop_fd, POLLIN, 0}};
    for (;;) {
        int n = poll(p, 2, timeout_ms);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || p[1].revents != 0)
            return -1;
        return n > 0 ? 1 : 0;
    }
}

/* After an OpenSSL call on c returned rc <= 0: wait as OpenSSL asks.
 * 1 retry the call, -1 give up (the peer closed or failed, a timeout, or
 * stopping). */
static int tls_wait(srv_conn *c, int rc)
{
    switch (SSL_get_error(c->ssl, rc)) {
    case SSL_ERROR_WANT_READ:
        return srv_wait(c->fd, POLLIN, c->stop_fd, c->read_timeout_ms) == 1 ? 1 : -1;
    case SSL_ERROR_WANT_WRITE:
        return srv_wait(c->fd, POLLOUT, c->stop_fd, c->write_timeout_ms) == 1 ? 1 : -1;
    default:
        /* The reason stays in this thread's error queue otherwise, and
         * would be blamed on the next call that fails. */
        ERR_clear_error();
        return -1;
    }
}

unsigned long long srv_conn_id(const srv_conn *c)
{
    return c->id;
}

int srv_conn_handshake(srv_conn *c)
{
    if (c->tls == NULL)
        return 0;
    c->ssl = SSL_new(c->tls);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
        ERR_clear_error();
        return -1;
    }
    int rc;
    while ((rc = SSL_accept(c->ssl)) != 1)
        if (tls_wait(c, rc) < 0)
            return -1;
    c->handshake_done = 1;
    return 0;
}

/* One call moves at most INT_MAX bytes: OpenSSL counts in int. */
static int clamp(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

ssize_t srv_conn_read(srv_conn *c, void *buf, size_t n)
{
    for (;;) {
        if (c->ssl != NULL) {
            int rc = SSL_read(c->ssl, buf, clamp(n));
            if (rc > 0)
                return rc;
            if (SSL_get_error(c->ssl, rc) == SSL_ERROR_ZERO_RETURN)
                return 0;
            if (tls_wait(c, rc) < 0)
                return -1;
            continue;
        }
        ssize_t r = recv(c->fd, buf, n, 0);
        if (r >= 0)
            return r;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -1;
        if (srv_wait(c->fd, POLLIN, c->stop_fd, c->read_timeout_ms) != 1)
            return -1;
    }
}

int srv_conn_write_all(srv_conn *c, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        if (c->ssl != NULL) {
            /* Without SSL_MODE_ENABLE_PARTIAL_WRITE a call that succeeds
             * wrote it all; one that must wait is retried with the same
             * arguments, as OpenSSL requires. */
            int rc = SSL_write(c->ssl, p, clamp(n));
            if (rc > 0) {
                p += rc;
                n -= (size_t)rc;
            } else if (tls_wait(c, rc) < 0) {
                return -1;
            }
            continue;
        }
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (srv_wait(c->fd, POLLOUT, c->stop_fd, c->write_timeout_ms) != 1)
                return -1;
        } else {
            return -1;
        }
    }
    return 0;
}

int srv_conn_pause(srv_conn *c, long ms)
{
    struct pollfd p = {c->stop_fd, POLLIN, 0};
    int n;
    while ((n = poll(&p, 1, ms > INT_MAX ? INT_MAX : (int)ms)) < 0 && errno == EINTR)
        ;
    return n == 0 ? 0 : -1;
}

void srv_conn_close_notify(srv_conn *c)
{
    if (c->ssl == NULL || !c->handshake_done)
        return;
    /* One attempt: if the peer is gone or its window is full, the bare
     * close that follows is all it gets anyway. */
    if (SSL_shutdown(c->ssl) < 0)
        ERR_clear_error();
}
