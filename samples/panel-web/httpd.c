/* httpd.c -- the listening socket, the accept loop, and one thread per
 * connection that reads one request, hands it to the handler and closes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* ppoll, accept4, explicit_bzero */
#endif
#include "httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth_provider.h"
#include "weblog.h"

/* Threads serving at once; more connections wait in the kernel backlog. */
#define MAX_ACTIVE 256
/* A client that sends nothing for this long is dropped. */
#define READ_TIMEOUT_S 15
/* How long a stop waits for requests in progress (a login may take the
 * plugin's whole timeout). */
#define STOP_GRACE_S 30

struct http_conn {
    int fd;
    int status;                 /* what http_send sent, 0 if nothing yet */
    char buf[HTTPD_HEAD_MAX + HTTPD_BODY_MAX + 1];
};

static volatile sig_atomic_t stop_requested;
static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t active_zero = PTHREAD_COND_INITIALIZER;
static int active;
static http_handler g_handler;
static void *g_handler_ctx;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void httpd_block_signals(void)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* ---- sending ------------------------------------------------------------- */

static const char *reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default:  return "Status";
    }
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int http_send(http_conn *c, const http_answer *a)
{
    /* Room for the longest login URL plus the fixed headers. */
    char head[AUTH_URL_MAX + 2048];
    int n, rc;
    if (c->status != 0)
        return -1;  /* one answer per request: a second is a handler bug */
    c->status = a->status;
    n = snprintf(head, sizeof head,
                 "HTTP/1.1 %d %s\r\n"
                 "Cache-Control: no-store\r\n"
                 "Referrer-Policy: %s\r\n"
                 "X-Content-Type-Options: nosniff\r\n"
                 "X-Frame-Options: DENY\r\n"
                 "Connection: close\r\n"
                 "%s%s%s"
                 "%s%s%s"
                 "%s"
                 "Content-Length: %zu\r\n\r\n",
                 a->status, reason(a->status),
                 a->referrer_policy ? a->referrer_policy : "no-referrer",
                 a->location ? "Location: " : "", a->location ? a->location : "",
                 a->location ? "\r\n" : "",
                 a->content_type ? "Content-Type: " : "",
                 a->content_type ? a->content_type : "", a->content_type ? "\r\n" : "",
                 a->extra_headers ? a->extra_headers : "", a->body_len);
    if (n < 0 || (size_t)n >= sizeof head) {
        explicit_bzero(head, sizeof head);
        c->status = 500;
        static const char oops[] = "HTTP/1.1 500 Internal Server Error\r\n"
                                   "Cache-Control: no-store\r\nConnection: close\r\n"
                                   "Content-Length: 0\r\n\r\n";
        return send_all(c->fd, oops, sizeof oops - 1);
    }
    rc = send_all(c->fd, head, (size_t)n);
    /* The head may hold the one-time login URL: it lives no longer than the
     * write. */
    explicit_bzero(head, sizeof head);
    if (rc == 0 && !a->head_only && a->body_len > 0)
        rc = send_all(c->fd, a->body, a->body_len);
    return rc;
}

static void send_plain(http_conn *c, int status, const char *text)
{
    http_answer a = {0};
    a.status = status;
    a.content_type = "text/plain; charset=utf-8";
    a.body = text;
    a.body_len = strlen(text);
    http_send(c, &a);
}

/* ---- reading and parsing ------------------------------------------------- */

/* Copy the header value [v, end) into out[size], trimmed; truncated. */
static void copy_value(const char *v, const char *end, char *out, size_t size)
{
    size_t n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    n = (size_t)(end - v);
    if (n >= size)
        n = size - 1;
    memcpy(out, v, n);
    out[n] = '\0';
}

static int header_is(const char *name, size_t len, const char *want)
{
    return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* Parse the head in c->buf[0, head_len) into *req.  Returns 0, or the HTTP
 * status to refuse the request with (text in *why).  *content_length and
 * *expect_continue describe the body still to come. */
static int parse_head(http_conn *c, size_t head_len, http_request *req,
                      size_t *content_length, int *expect_continue, const char **why)
{
    char *p = c->buf, *end = c->buf + head_len - 2, *eol, *sp1, *sp2, *q;
    int saw_length = 0;
    *content_length = 0;
    *expect_continue = 0;

    eol = memchr(p, '\r', (size_t)(end - p));
    if (eol == NULL || eol[1] != '\n')
        return *why = "malformed request line\n", 400;
    sp1 = memchr(p, ' ', (size_t)(eol - p));
    sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
    if (sp1 == NULL || sp2 == NULL || sp1 == p ||
        (size_t)(sp1 - p) >= sizeof req->method ||
        (size_t)(eol - sp2 - 1) != 8 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0)
        return *why = "malformed request line\n", 400;
    memcpy(req->method, p, (size_t)(sp1 - p));
    req->method[sp1 - p] = '\0';
    q = memchr(sp1 + 1, '?', (size_t)(sp2 - sp1 - 1));
    if (q == NULL)
        q = sp2;
    if (sp1[1] != '/')
        return *why = "the request target must be a path\n", 400;
    if ((size_t)(q - sp1 - 1) >= sizeof req->path)
        return *why = "the path is too long\n", 414;
    memcpy(req->path, sp1 + 1, (size_t)(q - sp1 - 1));
    req->path[q - sp1 - 1] = '\0';

    for (p = eol + 2; p < end; p = eol + 2) {
        char *colon;
        eol = memchr(p, '\r', (size_t)(end - p) + 1);
        if (eol == NULL || eol[1] != '\n')
            return *why = "malformed header line\n", 400;
        colon = memchr(p, ':', (size_t)(eol - p));
        if (colon == NULL || colon == p)
            return *why = "malformed header line\n", 400;
        size_t nl = (size_t)(colon - p);
        if (header_is(p, nl, "Host")) {
            copy_value(colon + 1, eol, req->host, sizeof req->host);
        } else if (header_is(p, nl, "Origin")) {
            copy_value(colon + 1, eol, req->origin, sizeof req->origin);
        } else if (header_is(p, nl, "Sec-Fetch-Site")) {
            copy_value(colon + 1, eol, req->fetch_site, sizeof req->fetch_site);
        } else if (header_is(p, nl, "Content-Type")) {
            copy_value(colon + 1, eol, req->content_type, sizeof req->content_type);
        } else if (header_is(p, nl, "Transfer-Encoding")) {
            return *why = "chunked request bodies are not supported: send Content-Length\n", 501;
        } else if (header_is(p, nl, "Expect")) {
            char v[32];
            copy_value(colon + 1, eol, v, sizeof v);
            *expect_continue = strcasecmp(v, "100-continue") == 0;
        } else if (header_is(p, nl, "Content-Length")) {
            char v[32], *e;
            unsigned long long n;
            copy_value(colon + 1, eol, v, sizeof v);
            errno = 0;
            n = strtoull(v, &e, 10);
            if (v[0] < '0' || v[0] > '9' || *e != '\0' || errno != 0 ||
                (saw_length && n != *content_length))
                return *why = "invalid Content-Length\n", 400;
            if (n > HTTPD_BODY_MAX)
                return *why = "the request body is too large\n", 413;
            *content_length = (size_t)n;
            saw_length = 1;
        }
    }
    return 0;
}

/* Read until the head is complete; returns its length, or 0 with the
 * status to answer in *status (0: the client left, answer nothing). */
static size_t read_head(http_conn *c, size_t *have, int *status)
{
    size_t len = 0;
    *status = 0;
    for (;;) {
        ssize_t r;
        if (len >= 4) {
            char *e = memmem(c->buf, len, "\r\n\r\n", 4);
            if (e != NULL) {
                *have = len;
                return (size_t)(e - c->buf) + 4;
            }
        }
        if (len >= HTTPD_HEAD_MAX) {
            *status = 431;
            return 0;
        }
        r = recv(c->fd, c->buf + len, sizeof c->buf - 1 - len, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            *status = len > 0 ? 408 : 0;
            return 0;
        }
        if (r <= 0)
            return 0;
        len += (size_t)r;
    }
}

/* Read the rest of a body of `want` bytes that starts at c->buf[start]. */
static int read_body(http_conn *c, size_t start, size_t have, size_t want)
{
    while (have - start < want) {
        ssize_t r = recv(c->fd, c->buf + have, start + want - have, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        have += (size_t)r;
    }
    c->buf[start + want] = '\0';
    return 0;
}

/* Half-close, then read what the client still sends (briefly), so closing
 * does not reset the connection before it has read our answer. */
static void finish(int fd)
{
    char sink[4096];
    struct timeval t = {1, 0};
    size_t total = 0;
    shutdown(fd, SHUT_WR);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
    while (total < 64 * 1024) {
        ssize_t r = recv(fd, sink, sizeof sink, 0);
        if (r <= 0)
            break;
        total += (size_t)r;
    }
    close(fd);
}

static void serve(http_conn *c)
{
    http_request req;
    size_t have = 0, head_len, content_length = 0;
    int status, expect_continue = 0;
    const char *why = NULL;
    char logpath[96];

    memset(&req, 0, sizeof req);
    head_len = read_head(c, &have, &status);
    if (head_len == 0) {
        if (status != 0) {
            send_plain(c, status, status == 431 ? "request head too large\n"
                                                : "request timed out\n");
            weblog("- - -> %d", status);
        }
        return;
    }
    status = parse_head(c, head_len, &req, &content_length, &expect_continue, &why);
    if (status == 0 && expect_continue && content_length > have - head_len) {
        static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
        if (send_all(c->fd, cont, sizeof cont - 1) != 0)
            return;
    }
    if (status == 0 && read_body(c, head_len, have, content_length) != 0)
        return;  /* the client left mid-body */
    if (status == 0) {
        req.body = c->buf + head_len;
        req.body_len = content_length;
        g_handler(g_handler_ctx, c, &req);
        if (c->status == 0)
            send_plain(c, 500, "internal error\n");
    } else {
        send_plain(c, status, why);
    }
    /* Paths are the client's: logged sanitized and short; never a query. */
    weblog_sanitize(req.path[0] ? req.path : "-", 80, logpath, sizeof logpath);
    weblog("%s %s -> %d", req.method[0] ? req.method : "-", logpath, c->status);
}

static void *conn_thread(void *arg)
{
    http_conn *c = arg;
    serve(c);
    finish(c->fd);
    free(c);
    pthread_mutex_lock(&active_lock);
    if (--active == 0)
        pthread_cond_broadcast(&active_zero);
    pthread_mutex_unlock(&active_lock);
    return NULL;
}

/* ---- listening ----------------------------------------------------------- */

static int is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
    return 0;
}

/* Split "HOST:PORT" / "[V6]:PORT" into host[] and port[]. */
static int split_listen(const char *listen_addr, char *host, size_t hsize, char *port,
                        size_t psize)
{
    const char *colon = strrchr(listen_addr, ':');
    const char *h = listen_addr, *he;
    if (colon == NULL || colon[1] == '\0' || strlen(colon + 1) >= psize)
        return -1;
    he = colon;
    if (*h == '[') {
        h++;
        if (he == h || he[-1] != ']')
            return -1;
        he--;
    }
    if (he == h || (size_t)(he - h) >= hsize)
        return -1;
    memcpy(host, h, (size_t)(he - h));
    host[he - h] = '\0';
    strcpy(port, colon + 1);
    return 0;
}

static int open_listener(const char *listen_addr, int *port_out)
{
    char host[256], port[16];
    struct addrinfo hints, *res = NULL, *ai;
    int fd = -1, rc;
    if (split_listen(listen_addr, host, sizeof host, port, sizeof port) != 0) {
        weblog("--listen %s: expected HOST:PORT, e.g. 127.0.0.1:8080", listen_addr);
        return -1;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        weblog("--listen %s: %s: give a numeric loopback address such as 127.0.0.1",
               listen_addr, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        int one = 1;
        if (!is_loopback(ai->ai_addr)) {
            weblog("--listen %s: not a loopback address: panel-web serves plain "
                   "HTTP and only listens on 127.0.0.0/8 or ::1", listen_addr);
            break;
        }
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0)
            break;
        weblog("cannot listen on %s: %s: pick another port", listen_addr, strerror(errno));
        close(fd);
        fd = -1;
    }
    if (fd >= 0) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        getsockname(fd, (struct sockaddr *)&ss, &sl);
        *port_out = ntohs(ss.ss_family == AF_INET6
                              ? ((struct sockaddr_in6 *)&ss)->sin6_port
                              : ((struct sockaddr_in *)&ss)->sin_port);
    }
    freeaddrinfo(res);
    return fd;
}

/* "PORT\n" into a temporary file renamed over the port file, so a reader
 * never sees half a number. */
static int write_port_file(const char *path, int port)
{
    char tmp[4096];
    FILE *f;
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    f = fopen(tmp, "w");
    if (f == NULL || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 ||
        rename(tmp, path) != 0) {
        weblog("cannot write --port-file %s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static void start_conn(int fd, pthread_attr_t *attr)
{
    struct timeval rt = {READ_TIMEOUT_S, 0}, wt = {30, 0};
    int one = 1;
    pthread_t t;
    http_conn *c = malloc(sizeof *c);
    if (c == NULL) {
        close(fd);
        return;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &rt, sizeof rt);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wt, sizeof wt);
    c->fd = fd;
    c->status = 0;
    pthread_mutex_lock(&active_lock);
    active++;
    pthread_mutex_unlock(&active_lock);
    if (pthread_create(&t, attr, conn_thread, c) != 0) {
        weblog("cannot start a thread for a connection: dropping it");
        close(fd);
        free(c);
        pthread_mutex_lock(&active_lock);
        active--;
        pthread_mutex_unlock(&active_lock);
    }
}

static int active_count(void)
{
    int n;
    pthread_mutex_lock(&active_lock);
    n = active;
    pthread_mutex_unlock(&active_lock);
    return n;
}

int httpd_run(const httpd_config *cfg)
{
    struct sigaction sa;
    sigset_t waitmask;
    pthread_attr_t attr;
    struct timespec deadline;
    int lfd, port = 0, left;

    g_handler = cfg->handler;
    g_handler_ctx = cfg->handler_ctx;
    lfd = open_listener(cfg->listen, &port);
    if (lfd < 0)
        return 1;
    if (cfg->port_file != NULL && write_port_file(cfg->port_file, port) != 0) {
        close(lfd);
        return 1;
    }

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    /* SIGTERM/SIGINT are blocked everywhere (httpd_block_signals) except
     * inside this thread's ppoll, so the loop sees them at one point. */
    pthread_sigmask(SIG_BLOCK, NULL, &waitmask);
    sigdelset(&waitmask, SIGTERM);
    sigdelset(&waitmask, SIGINT);

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 512 * 1024);

    weblog("listening on %s (port %d)", cfg->listen, port);
    while (!stop_requested) {
        struct pollfd pfd = {lfd, POLLIN, 0};
        struct timespec tick = {0, 50 * 1000000L};
        int fd;
        if (active_count() >= MAX_ACTIVE) {
            ppoll(NULL, 0, &tick, &waitmask);
            continue;
        }
        if (ppoll(&pfd, 1, NULL, &waitmask) <= 0)
            continue;
        fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE)
                ppoll(NULL, 0, &tick, &waitmask);
            continue;
        }
        start_conn(fd, &attr);
    }
    close(lfd);
    pthread_attr_destroy(&attr);

    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += STOP_GRACE_S;
    pthread_mutex_lock(&active_lock);
    while (active > 0 &&
           pthread_cond_timedwait(&active_zero, &active_lock, &deadline) == 0)
        ;
    left = active;
    pthread_mutex_unlock(&active_lock);
    if (left > 0) {
        weblog("stopping with %d request(s) still running", left);
        return 2;
    }
    weblog("stopped");
    return 0;
}
