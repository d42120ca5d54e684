/* fault_server.c -- a one-behaviour HTTPS server on loopback; see
 * fault_server.h.  Sockets are non-blocking and every wait is a poll on the
 * socket and the stop pipe, so no peer can keep fs_stop waiting. */
#include "fault_server.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#define REQUEST_HEAD_MAX (64 * 1024)
/* A connection idle this long is given up: far beyond any client timeout in
 * the suite, so it only matters if a test goes wrong. */
#define IDLE_LIMIT_MS 30000

typedef struct fs_conn {
    struct fs_server *server;
    int fd;
    SSL *ssl;
    pthread_t thread;
    int in_use;                 /* slot taken (thread started) */
    int done;                   /* thread finished; guarded by server lock */
} fs_conn;

struct fs_server {
    fs_options opts;
    char *response;             /* copy of opts.response */
    SSL_CTX *ctx;
    int listen_fd;
    int stop_pipe[2];           /* written once by fs_stop; never read */
    int port;
    char base_url[64];
    pthread_t accept_thread;
    int running;                /* accept_thread was started */
    pthread_mutex_t lock;
    fs_counts counts;
    fs_conn conns[FS_MAX_CONNS];
};

/* ---- waiting ---------------------------------------------------------------- */

/* Wait until fd has `events` or timeout_ms passes.  1 ready, 0 timeout,
 * -1 stopping or the socket failed. */
static int wait_fd(const fs_server *s, int fd, short events, int timeout_ms)
{
    struct pollfd p[2] = {{fd, events, 0}, {s->stop_pipe[0], POLLIN, 0}};
    for (;;) {
        int n = poll(p, 2, timeout_ms);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || p[1].revents != 0)
            return -1;
        if (n == 0)
            return 0;
        return 1;   /* POLLERR/POLLHUP count as ready: the next I/O says why */
    }
}

/* After an SSL call returned rc <= 0: wait as OpenSSL asks.  1 retry the
 * call, -1 give up (stopping, peer gone, protocol error, idle too long). */
static int ssl_wait(fs_conn *c, int rc)
{
    switch (SSL_get_error(c->ssl, rc)) {
    case SSL_ERROR_WANT_READ:
        return wait_fd(c->server, c->fd, POLLIN, IDLE_LIMIT_MS) == 1 ? 1 : -1;
    case SSL_ERROR_WANT_WRITE:
        return wait_fd(c->server, c->fd, POLLOUT, IDLE_LIMIT_MS) == 1 ? 1 : -1;
    default:
        ERR_clear_error();
        return -1;
    }
}

/* Pause ms milliseconds unless the server stops: 0, or -1 if stopping. */
static int pause_ms(const fs_server *s, int ms)
{
    struct pollfd p = {s->stop_pipe[0], POLLIN, 0};
    int n;
    while ((n = poll(&p, 1, ms)) < 0 && errno == EINTR)
        ;
    return n == 0 ? 0 : -1;
}

/* ---- one connection ----------------------------------------------------- */

static void count(fs_server *s, long *field)
{
    pthread_mutex_lock(&s->lock);
    ++*field;
    pthread_mutex_unlock(&s->lock);
}

static int write_all(fs_conn *c, const char *buf, size_t len)
{
    while (len > 0) {
        int chunk = len > 16384 ? 16384 : (int)len;
        int rc = SSL_write(c->ssl, buf, chunk);
        if (rc > 0) {
            buf += rc;
            len -= (size_t)rc;
        } else if (ssl_wait(c, rc) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Reads until the blank line that ends the request head.  The plugin's
 * requests carry no body (an empty POST, a GET), so that is the request. */
static int read_request_head(fs_conn *c)
{
    char *buf = malloc(REQUEST_HEAD_MAX + 1);
    size_t len = 0;
    int result = -1;
    if (buf == NULL)
        return -1;
    while (len < REQUEST_HEAD_MAX) {
        int rc = SSL_read(c->ssl, buf + len, (int)(REQUEST_HEAD_MAX - len));
        if (rc > 0) {
            len += (size_t)rc;
            buf[len] = '\0';
            if (strstr(buf, "\r\n\r\n") != NULL) {
                result = 0;
                break;
            }
        } else if (ssl_wait(c, rc) < 0) {
            break;
        }
    }
    free(buf);
    return result;
}

/* Wait, reading and discarding, until the peer closes or the server stops. */
static void linger_until_closed(fs_conn *c)
{
    char sink[4096];
    for (;;) {
        if (wait_fd(c->server, c->fd, POLLIN, IDLE_LIMIT_MS) != 1)
            return;
        ssize_t n = recv(c->fd, sink, sizeof sink, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return;
    }
}

static void serve(fs_conn *c)
{
    fs_server *s = c->server;
    if (s->opts.mode == FS_ACCEPT_SILENT) {
        linger_until_closed(c);
        return;
    }
    c->ssl = SSL_new(s->ctx);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1)
        return;
    int rc;
    while ((rc = SSL_accept(c->ssl)) != 1)
        if (ssl_wait(c, rc) < 0)
            return;   /* e.g. the client refused our certificate */
    count(s, &s->counts.handshakes);
    if (read_request_head(c) != 0)
        return;
    count(s, &s->counts.requests);

    switch (s->opts.mode) {
    case FS_REQUEST_SILENT:
        linger_until_closed(c);
        return;
    case FS_TRICKLE:
        for (size_t i = 0; i < s->opts.response_len; i++) {
            if (write_all(c, s->response + i, 1) != 0 || pause_ms(s, 1000) != 0)
                return;
        }
        break;
    default:
        if (write_all(c, s->response, s->opts.response_len) != 0)
            return;
        break;
    }
    if (!s->opts.abort_close) {
        /* One close_notify; no need to wait for the peer's. */
        if (SSL_shutdown(c->ssl) < 0)
            ERR_clear_error();
    }
}

static void *conn_main(void *arg)
{
    fs_conn *c = arg;
    serve(c);
    SSL_free(c->ssl);
    c->ssl = NULL;
    close(c->fd);
    c->fd = -1;
    ERR_clear_error();
    /* OpenSSL keeps a per-thread error queue; free it before the thread ends
     * so valgrind sees nothing left behind. */
    OPENSSL_thread_stop();
    pthread_mutex_lock(&c->server->lock);
    c->done = 1;
    pthread_mutex_unlock(&c->server->lock);
    return NULL;
}

/* ---- accepting ---------------------------------------------------------- */

/* Join finished connection threads and free their slots.  Returns a free
 * slot, or NULL if all are busy. */
static fs_conn *reap_and_find_slot(fs_server *s)
{
    fs_conn *free_slot = NULL;
    for (int i = 0; i < FS_MAX_CONNS; i++) {
        fs_conn *c = &s->conns[i];
        pthread_mutex_lock(&s->lock);
        int finished = c->in_use && c->done;
        pthread_mutex_unlock(&s->lock);
        if (finished) {
            pthread_join(c->thread, NULL);
            c->in_use = 0;
            c->done = 0;
        }
        if (!c->in_use && free_slot == NULL)
            free_slot = c;
    }
    return free_slot;
}

static void *accept_main(void *arg)
{
    fs_server *s = arg;
    for (;;) {
        if (wait_fd(s, s->listen_fd, POLLIN, -1) != 1)
            break;
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        count(s, &s->counts.accepted);
        fs_conn *c = reap_and_find_slot(s);
        if (c == NULL) {
            close(fd);
            continue;
        }
        c->server = s;
        c->fd = fd;
        c->ssl = NULL;
        c->done = 0;
        if (pthread_create(&c->thread, NULL, conn_main, c) != 0) {
            close(fd);
            continue;
        }
        c->in_use = 1;
    }
    /* Stopping: every connection thread sees the stop pipe too. */
    for (int i = 0; i < FS_MAX_CONNS; i++) {
        if (s->conns[i].in_use) {
            pthread_join(s->conns[i].thread, NULL);
            s->conns[i].in_use = 0;
        }
    }
    OPENSSL_thread_stop();
    return NULL;
}

/* ---- start and stop ------------------------------------------------------- */

static int fail(const char *what)
{
    fprintf(stderr, "fault server: %s: %s\n", what, strerror(errno));
    return -1;
}

static SSL_CTX *make_ctx(const fs_options *o)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(ctx, o->cert_file) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, o->key_file, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        char err[256];
        ERR_error_string_n(ERR_get_error(), err, sizeof err);
        ERR_clear_error();
        fprintf(stderr, "fault server: cannot use certificate '%s' / key '%s': %s\n",
                o->cert_file, o->key_file, err);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static int listen_loopback(fs_server *s)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->listen_fd < 0)
        return fail("socket");
    if (bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) != 0)
        return fail("bind 127.0.0.1:0");
    if (listen(s->listen_fd, 64) != 0)
        return fail("listen");
    if (getsockname(s->listen_fd, (struct sockaddr *)&a, &alen) != 0)
        return fail("getsockname");
    s->port = ntohs(a.sin_port);
    snprintf(s->base_url, sizeof s->base_url, "https://127.0.0.1:%d", s->port);
    return 0;
}

int fs_start(const fs_options *opts, fs_server **out)
{
    *out = NULL;
    if (opts == NULL || opts->cert_file == NULL || opts->key_file == NULL ||
        ((opts->mode == FS_RESPOND || opts->mode == FS_TRICKLE) &&
         opts->response == NULL)) {
        fprintf(stderr, "fault server: a certificate, a key and (to respond) a "
                "response are required\n");
        return -1;
    }
    fs_server *s = calloc(1, sizeof *s);
    if (s == NULL)
        return fail("calloc");
    s->opts = *opts;
    s->listen_fd = -1;
    s->stop_pipe[0] = s->stop_pipe[1] = -1;
    pthread_mutex_init(&s->lock, NULL);
    if (opts->response != NULL) {
        if (s->opts.response_len == 0)
            s->opts.response_len = strlen(opts->response);
        s->response = malloc(s->opts.response_len + 1);
        if (s->response == NULL) {
            fs_stop(s);
            return fail("malloc");
        }
        memcpy(s->response, opts->response, s->opts.response_len);
        s->response[s->opts.response_len] = '\0';
    }
    s->opts.response = NULL;    /* only the copy is used */
    if ((s->ctx = make_ctx(opts)) == NULL || pipe2(s->stop_pipe, O_CLOEXEC) != 0 ||
        listen_loopback(s) != 0) {
        fs_stop(s);
        return -1;
    }
    /* The server's threads inherit a mask with SIGPIPE blocked: a write to a
     * peer that hung up fails with EPIPE instead of killing the test.  The
     * calling thread's mask is restored at once. */
    sigset_t pipe_only, old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    int rc = pthread_create(&s->accept_thread, NULL, accept_main, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        errno = rc;
        fail("pthread_create");
        fs_stop(s);
        return -1;
    }
    s->running = 1;
    *out = s;
    return 0;
}

int fs_port(const fs_server *s)
{
    return s->port;
}

const char *fs_base_url(const fs_server *s)
{
    return s->base_url;
}

void fs_get_counts(fs_server *s, fs_counts *out)
{
    pthread_mutex_lock(&s->lock);
    *out = s->counts;
    pthread_mutex_unlock(&s->lock);
}

void fs_stop(fs_server *s)
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
    SSL_CTX_free(s->ctx);
    free(s->response);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
