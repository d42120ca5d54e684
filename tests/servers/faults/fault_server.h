/* SPDX-License-Identifier: MIT */
/*
 * fault_server.h -- a deliberately broken HTTPS server for the fault
 * injection suite.  Each server listens on its own loopback port, serves TLS
 * (OpenSSL, TLS 1.2 or newer) with the certificate it is given, and behaves
 * in exactly one way on every connection, so a test can point the plugin's
 * base URL at "the server that trickles" or "the server with the expired
 * certificate".
 *
 * It runs in the test's own process on tests/servers/common's threads
 * (srv.h): an accept thread and one thread per connection, at most
 * FS_MAX_CONNS at once (more wait in the kernel's backlog).  Every wait
 * also watches for fs_stop, so fs_stop never hangs on a slow or silent
 * peer, and every thread is joined and everything freed, so the suite stays
 * clean under valgrind.  SIGPIPE is blocked in the server's threads only (a
 * peer that hangs up mid-write is the normal case here).
 */
#ifndef FAULT_SERVER_H
#define FAULT_SERVER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FS_MAX_CONNS 16

typedef enum fs_mode {
    /* TLS handshake, read the request head, write `response`, then close
     * (with a TLS close_notify unless abort_close is set). */
    FS_RESPOND,
    /* Accept the TCP connection and never read or write: the client's TLS
     * handshake gets no answer. */
    FS_ACCEPT_SILENT,
    /* TLS handshake and read the request head, then never answer. */
    FS_REQUEST_SILENT,
    /* TLS handshake, read the request head, then write `response` one byte
     * a second (each byte its own TLS record). */
    FS_TRICKLE
} fs_mode;

typedef struct fs_options {
    fs_mode mode;
    const char *cert_file;      /* required: PEM chain */
    const char *key_file;       /* required: PEM key */
    const char *response;       /* FS_RESPOND, FS_TRICKLE: raw bytes to send */
    size_t response_len;        /* 0: strlen(response) */
    int abort_close;            /* FS_RESPOND: end with a bare TCP close, no
                                   TLS close_notify */
} fs_options;

/* What the server saw, so a test can tell at which stage a fault struck. */
typedef struct fs_counts {
    long accepted;              /* TCP connections accepted */
    long handshakes;            /* TLS handshakes completed */
    long requests;              /* request heads read in full */
} fs_counts;

typedef struct fs_server fs_server;

/* Listen on 127.0.0.1 with a free port and start serving.  The options (and
 * the response bytes) are copied.  0 and *out set, or -1 with the reason
 * printed to stderr. */
int fs_start(const fs_options *opts, fs_server **out);

/* The port, and "https://127.0.0.1:PORT" (owned by the server). */
int fs_port(const fs_server *s);
const char *fs_base_url(const fs_server *s);

/* A snapshot of the counters. */
void fs_get_counts(fs_server *s, fs_counts *out);

/* Stop accepting, end every connection, join every thread, free everything.
 * NULL is a no-op. */
void fs_stop(fs_server *s);

#ifdef __cplusplus
}
#endif

#endif /* FAULT_SERVER_H */
