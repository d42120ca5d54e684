/* SPDX-License-Identifier: MIT */
/*
 * srv.h -- what the test servers share: a listening socket on loopback, a
 * thread per connection, TLS, timed I/O that a stop interrupts, and reading
 * HTTP/1.x requests.
 *
 * The sandbox (a program) and the fault server (a library inside test
 * programs) both accept a connection, maybe do a TLS handshake, read a
 * request and answer it.  This module is everything but the answer, the way
 * curl's tests/server/util.c serves curl's test servers; each server keeps
 * only what it answers and what it counts.
 *
 * Threads: srv_start starts an accept thread, and each connection gets its
 * own thread running opts.serve, at most opts.max_conns at once (more wait
 * in the kernel's backlog until one ends).  Sockets are non-blocking and
 * every wait (accept, handshake, read, write, srv_conn_pause) also watches a
 * stop pipe, so srv_stop ends every connection promptly whatever its peer
 * does, then joins every thread and frees everything: a server inside a
 * test program leaves nothing behind for valgrind or the sanitizers.
 *
 * Signals: the server's threads start with SIGPIPE blocked (a peer that
 * hangs up mid-write is the normal case here, and a test program must not
 * die of it) on top of whatever the thread calling srv_start had blocked.
 */
#ifndef SRV_H
#define SRV_H

#include <stddef.h>
#include <sys/types.h>

typedef struct srv_server srv_server;
typedef struct srv_conn srv_conn;

/* ---- a server --------------------------------------------------------------- */

typedef struct srv_options {
    const char *name;           /* starts every error message, e.g. "sandbox" */
    const char *host;           /* address to bind: "127.0.0.1", "::1" */
    const char *port;           /* "0": a free one (srv_port says which) */
    const char *port_file;      /* NULL, or where srv_start writes "PORT\n" */
    const char *cert_file;      /* PEM chain; NULL (with key_file): plain HTTP */
    const char *key_file;       /* PEM private key */
    int max_conns;              /* connection threads at once */
    int read_timeout_ms;        /* a peer silent this long is given up */
    int write_timeout_ms;       /* a peer reading nothing this long is given up */
    /* Serves one connection on its own thread; when it returns, the TLS
     * session is freed and the socket closed (no close_notify unless it
     * called srv_conn_close_notify). */
    void (*serve)(srv_conn *c, void *arg);
    void *arg;
} srv_options;

/* Listen (and load the certificate) without serving yet, so the caller can
 * learn the port before any client is answered.  The options are copied
 * (the strings must last until srv_start returns).  0 and *out set, or -1 with the
 * reason printed to stderr. */
int srv_open(const srv_options *opts, srv_server **out);

/* The port actually bound. */
int srv_port(const srv_server *s);

/* Write the port file (if any) and start accepting.  0, or -1 with the
 * reason printed (the server is then still open: srv_stop it). */
int srv_start(srv_server *s);

/* Stop accepting, end every connection, join every thread, free
 * everything.  NULL is a no-op. */
void srv_stop(srv_server *s);

/* ---- a connection (inside opts.serve) ----------------------------------------- */

/* 1, 2, 3, ... in the order connections were accepted. */
unsigned long long srv_conn_id(const srv_conn *c);

/* The TLS server handshake, if the server has a certificate (else
 * nothing).  0, or -1 (the peer refused our certificate, went away or went
 * quiet, or the server is stopping). */
int srv_conn_handshake(srv_conn *c);

/* Read up to n bytes: > 0 bytes read, 0 the peer closed (TLS: with a
 * close_notify), -1 an error, a timeout or the server is stopping.  Before
 * srv_conn_handshake (or without TLS) this reads the raw socket. */
ssize_t srv_conn_read(srv_conn *c, void *buf, size_t n);

/* Write all n bytes.  0, or -1 (the connection is then beyond use). */
int srv_conn_write_all(srv_conn *c, const void *buf, size_t n);

/* Wait ms milliseconds.  0, or -1 as soon as the server is stopping. */
int srv_conn_pause(srv_conn *c, long ms);

/* Send a TLS close_notify (without waiting for the peer's).  Without it a
 * TLS connection ends with a bare TCP close, which clients treat as a
 * possibly truncated answer. */
void srv_conn_close_notify(srv_conn *c);

/* ---- reading HTTP/1.x requests ------------------------------------------------ */

/* srv_read_request's answer when there is no request to answer: the peer
 * closed or went quiet, I/O failed, or the server is stopping. */
#define SRV_NO_REQUEST (-1)

/* Header fields a request may have; more is answered 431. */
#define SRV_FIELDS_MAX 64

/* One header field, both parts NUL-terminated in the input buffer. */
typedef struct srv_field {
    const char *name;           /* as received (compare without case) */
    const char *value;          /* trimmed */
} srv_field;

/* One request, parsed in place in its connection's input buffer: the
 * pointers stay valid until the next srv_read_request on it. */
typedef struct srv_request {
    const char *method;         /* NULL unless the head parsed */
    const char *path;           /* the target up to '?', as received */
    const char *query;          /* after '?', or NULL */
    const char *authorization;  /* the value, trimmed, or NULL */
    long long content_length;   /* 0 if absent */
    int close;                  /* the client does not keep the connection */
    srv_field fields[SRV_FIELDS_MAX];
    size_t n_fields;

    /* The body, when bodies are kept (srv_request_keep_bodies) and this
     * one fits: content_length bytes and a NUL after them (the body may
     * hold NULs of its own).  NULL otherwise. */
    const char *body;
    int body_too_large;         /* kept bodies, but this one was over the
                                   limit: read and dropped */

    /* The input buffer: a keep-alive client may have sent the next request
     * already, so what follows a request stays for the next read. */
    char *buf;
    size_t head_max, len, used;
    long long body_max;
    char *body_buf;             /* body_keep_max + 1 bytes, or NULL */
    size_t body_keep_max;
} srv_request;

/* A buffer for heads of up to head_max bytes (request line, fields and the
 * blank line); bodies up to body_max are read and dropped.  0, or -1 (out
 * of memory). */
int srv_request_init(srv_request *r, size_t head_max, long long body_max);
void srv_request_free(srv_request *r);

/* From now on keep bodies of up to keep_max bytes in r->body (larger ones,
 * up to body_max, are still read and dropped, with r->body_too_large set).
 * 0, or -1 (out of memory). */
int srv_request_keep_bodies(srv_request *r, size_t keep_max);

/* The value of the first header field called `name` (any case), or NULL. */
const char *srv_request_field(const srv_request *r, const char *name);

/* Read the connection's next request and its body.  0: r holds it.
 * SRV_NO_REQUEST: nothing to answer.  Otherwise an HTTP status to answer
 * before closing: 400 malformed, 413 body over body_max (r then holds the
 * head), 431 head over head_max or more than SRV_FIELDS_MAX fields, 501 a
 * chunked body, 505 not HTTP/1.x.  A client that sent
 * "Expect: 100-continue" is told to go on. */
int srv_read_request(srv_conn *c, srv_request *r);

#endif /* SRV_H */
