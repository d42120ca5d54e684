/* SPDX-License-Identifier: MIT */
/* srv_server.c -- the listening socket, the port file, the accept thread,
 * one thread per connection, and stopping all of it; see srv.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* accept4, pipe2 */
#endif
#include "srv_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

/* Many connections may be open at once and none recurses deeply. */
#define CONN_STACK_SIZE (256 * 1024)
/* How often a full or out-of-descriptors server looks again. */
#define RETRY_MS 50

struct srv_server {
    srv_options opts;
    SSL_CTX *tls;               /* NULL: plain HTTP */
    int listen_fd;
    int port;
    int stop_pipe[2];           /* written once by srv_stop, never read */
    pthread_t accept_thread;
    int running;                /* accept_thread was started */
    unsigned long long next_id;
    srv_conn *conns;            /* opts.max_conns slots */
    int *free_slots;            /* the accept thread's alone */
    int n_free;
    pthread_mutex_t lock;       /* guards done_slots */
    int *done_slots;            /* threads that ended, to be joined */
    int n_done;
};

/* ---- listening ---------------------------------------------------------------- */

static int listen_on(srv_server *s)
{
    const srv_options *o = &s->opts;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(o->host, o->port, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot listen on %s port %s: %s\n", o->name, o->host, o->port,
                gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0)
            continue;
        /* A test that restarts a server on a fixed port must not wait for
         * the old one's TIME_WAIT. */
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
            fprintf(stderr, "%s: cannot listen on %s port %s: %s\n", o->name, o->host,
                    o->port, strerror(errno));
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        return -1;

    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
        fprintf(stderr, "%s: getsockname: %s\n", o->name, strerror(errno));
        close(fd);
        return -1;
    }
    s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                             : ((struct sockaddr_in *)&ss)->sin_port);
    s->listen_fd = fd;
    return 0;
}

/* Write "PORT\n" to a temporary file and rename it over the port file, so
 * a reader polling for it never sees half a number. */
static int write_port_file(const srv_server *s)
{
    const char *path = s->opts.port_file;
    if (path == NULL)
        return 0;
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp) {
        fprintf(stderr, "%s: port file name too long: %s\n", s->opts.name, path);
        return -1;
    }
    FILE *f = fopen(tmp, "w");
    if (f == NULL || fprintf(f, "%d\n", s->port) < 0 || fclose(f) != 0 ||
        rename(tmp, path) != 0) {
        fprintf(stderr, "%s: cannot write the port file %s: %s\n", s->opts.name, path,
                strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* ---- connection threads ------------------------------------------------------- */

static void *conn_main(void *arg)
{
    srv_conn *c = arg;
    srv_server *s = c->server;
    s->opts.serve(c, s->opts.arg);
    SSL_free(c->ssl);
    c->ssl = NULL;
    close(c->fd);
    c->fd = -1;
    /* OpenSSL keeps a per-thread error queue; free it before the thread
     * ends so valgrind sees nothing left behind. */
    ERR_clear_error();
    OPENSSL_thread_stop();
    pthread_mutex_lock(&s->lock);
    s->done_slots[s->n_done++] = c->slot;
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Join the threads that have ended and give their slots back. */
static void reap(srv_server *s)
{
    for (;;) {
        pthread_mutex_lock(&s->lock);
        int slot = s->n_done > 0 ? s->done_slots[--s->n_done] : -1;
        pthread_mutex_unlock(&s->lock);
        if (slot < 0)
            return;
        pthread_join(s->conns[slot].thread, NULL);
        s->conns[slot].in_use = 0;
        s->free_slots[s->n_free++] = slot;
    }
}

static void start_conn(srv_server *s, int fd, const pthread_attr_t *attr)
{
    /* Answers are written whole: Nagle would only hold back their last
     * segment for an acknowledgement. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int slot = s->free_slots[--s->n_free];
    srv_conn *c = &s->conns[slot];
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->id = ++s->next_id;
    c->tls = s->tls;
    c->stop_fd = s->stop_pipe[0];
    c->read_timeout_ms = s->opts.read_timeout_ms;
    c->write_timeout_ms = s->opts.write_timeout_ms;
    c->server = s;
    c->slot = slot;
    if (pthread_create(&c->thread, attr, conn_main, c) != 0) {
        close(fd);
        s->free_slots[s->n_free++] = slot;
        return;
    }
    c->in_use = 1;
}

static void *accept_main(void *arg)
{
    srv_server *s = arg;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, CONN_STACK_SIZE);
    for (;;) {
        reap(s);
        int ready = s->n_free == 0
                        ? srv_wait(s->stop_pipe[0], POLLIN, s->stop_pipe[0], RETRY_MS)
                        : srv_wait(s->listen_fd, POLLIN, s->stop_pipe[0], -1);
        if (ready < 0)
            break;
        if (ready == 0 || s->n_free == 0)
            continue;  /* full: the kernel's backlog holds the next ones */
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            start_conn(s, fd, &attr);
        } else if (errno == EMFILE || errno == ENFILE) {
            /* Out of descriptors: let connections end rather than spin. */
            if (srv_wait(s->stop_pipe[0], POLLIN, s->stop_pipe[0], RETRY_MS) < 0)
                break;
        }
    }
    pthread_attr_destroy(&attr);
    /* Stopping: every connection thread watches the stop pipe too. */
    for (int i = 0; i < s->opts.max_conns; i++)
        if (s->conns[i].in_use)
            pthread_join(s->conns[i].thread, NULL);
    OPENSSL_thread_stop();
    return NULL;
}

/* ---- open, start, stop -------------------------------------------------------- */

int srv_open(const srv_options *opts, srv_server **out)
{
    *out = NULL;
    if (opts->name == NULL || opts->serve == NULL || opts->max_conns < 1 || opts->host == NULL ||
        opts->port == NULL || (opts->cert_file == NULL) != (opts->key_file == NULL)) {
        fprintf(stderr, "%s: srv_open: a name, a handler, max_conns >= 1, a host, a port, "
                "and a certificate with its key (or neither) are required\n",
                opts->name ? opts->name : "server");
        return -1;
    }
    srv_server *s = calloc(1, sizeof *s);
    if (s == NULL) {
        fprintf(stderr, "%s: out of memory\n", opts->name);
        return -1;
    }
    s->opts = *opts;
    s->listen_fd = -1;
    s->stop_pipe[0] = s->stop_pipe[1] = -1;
    pthread_mutex_init(&s->lock, NULL);
    int n = opts->max_conns;
    s->conns = calloc((size_t)n, sizeof *s->conns);
    s->free_slots = malloc((size_t)n * sizeof *s->free_slots);
    s->done_slots = malloc((size_t)n * sizeof *s->done_slots);
    if (s->conns == NULL || s->free_slots == NULL || s->done_slots == NULL) {
        fprintf(stderr, "%s: out of memory\n", opts->name);
        srv_stop(s);
        return -1;
    }
    for (int i = 0; i < n; i++)
        s->free_slots[s->n_free++] = n - 1 - i;
    if (pipe2(s->stop_pipe, O_CLOEXEC) != 0) {
        fprintf(stderr, "%s: pipe: %s\n", opts->name, strerror(errno));
        srv_stop(s);
        return -1;
    }
    if ((opts->cert_file != NULL &&
         (s->tls = srv_tls_context(opts->name, opts->cert_file, opts->key_file)) == NULL) ||
        listen_on(s) != 0) {
        srv_stop(s);
        return -1;
    }
    *out = s;
    return 0;
}

int srv_port(const srv_server *s)
{
    return s->port;
}

int srv_start(srv_server *s)
{
    if (write_port_file(s) != 0)
        return -1;
    /* The server's threads inherit this mask: SIGPIPE blocked, so a write
     * to a peer that hung up fails with EPIPE instead of ending the
     * process.  The caller's own mask is restored at once. */
    sigset_t pipe_only, old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    int rc = pthread_create(&s->accept_thread, NULL, accept_main, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot start the accept thread: %s\n", s->opts.name,
                strerror(rc));
        return -1;
    }
    s->running = 1;
    return 0;
}

void srv_stop(srv_server *s)
{
    if (s == NULL)
        return;
    if (s->running) {
        ssize_t w;
        do
            w = write(s->stop_pipe[1], "x", 1);
        while (w < 0 && errno == EINTR);
        pthread_join(s->accept_thread, NULL);
    }
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    for (int i = 0; i < 2; i++)
        if (s->stop_pipe[i] >= 0)
            close(s->stop_pipe[i]);
    SSL_CTX_free(s->tls);
    free(s->conns);
    free(s->free_slots);
    free(s->done_slots);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
