/* SPDX-License-Identifier: MIT */
/* srv_internal.h -- what the files of the common server module share with
 * each other and with nobody else. */
#ifndef SRV_INTERNAL_H
#define SRV_INTERNAL_H

#include <pthread.h>

#include <openssl/ssl.h>

#include "srv.h"

struct srv_conn {
    int fd;                     /* non-blocking */
    SSL *ssl;                   /* set by srv_conn_handshake */
    int handshake_done;
    unsigned long long id;
    /* Copied from the server, so the I/O code needs nothing else. */
    SSL_CTX *tls;               /* NULL: plain HTTP */
    int stop_fd;                /* readable once the server is stopping */
    int read_timeout_ms, write_timeout_ms;
    /* The accept thread's bookkeeping. */
    srv_server *server;
    int slot;
    int in_use;                 /* a thread runs (or ran) on this slot */
    pthread_t thread;
};

/* Wait until fd has `events`, timeout_ms passes (-1: never) or stop_fd
 * becomes readable.  1 ready (an error or hang-up counts: the next I/O
 * says which), 0 timed out, -1 stopping or poll failed. */
int srv_wait(int fd, short events, int stop_fd, int timeout_ms);

/* A server context for TLS 1.2 or newer with this chain and key, or NULL
 * with the reason printed to stderr after "NAME: ". */
SSL_CTX *srv_tls_context(const char *name, const char *cert_file, const char *key_file);

#endif
