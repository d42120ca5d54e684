/* SPDX-License-Identifier: MIT */
/* A small locked pool of libcurl easy handles, one in use per thread at a
 * time, so logins reuse connections (keep-alive, TLS sessions) without ever
 * sharing a connection cache across threads (libcurl KNOWN_BUGS 11.11). */
#ifndef SG_HTTP_H
#define SG_HTTP_H

#include <stddef.h>
#include <pthread.h>
#include <curl/curl.h>

#include "sg_response.h"
#include "sg_settings.h"

#define SG_MAX_SOCKETS_PER_HANDLE 8

typedef struct sg_conn {
    CURL *easy;
    char errbuf[CURL_ERROR_SIZE];
    char *body;                  /* SG_BODY_MAX + 1 bytes of secure memory */
    size_t body_len;
    int body_truncated;
    int location_malformed;      /* see check_header in sg_http.c */
    int custom_request;          /* the last request set options a login's
                                    must not inherit (method, fresh
                                    connection): sg_conn_perform resets them */
    /* Sockets this handle opened, so a forked child can neutralize them
     * before cleanup (see sg_pool_acquire). */
    int fds[SG_MAX_SOCKETS_PER_HANDLE];
    size_t nfds;
    struct sg_pool_gen *gen;     /* the pool generation it was acquired from */
    pthread_t owner;             /* the thread that last acquired it */
    struct sg_conn *next;        /* idle list */
} sg_conn;

typedef struct sg_pool sg_pool;
typedef struct sg_pool_gen sg_pool_gen;

/* Creates a pool whose handles carry the instance-wide options (CA,
 * proxy, TLS floor, protocols).  `settings` must outlive the pool.
 * Returns AUTH_OK or AUTH_ERR_INTERNAL. */
int sg_pool_create(const sg_settings *settings, const char *user_agent,
                   sg_pool **out);
/* Frees every idle handle.  Handles still checked out must be released
 * first (the threading contract guarantees it at teardown). */
void sg_pool_destroy(sg_pool *pool);

/* Takes an idle handle or makes a new one; NULL when out of memory.  Safe
 * in a process forked while other threads were using the pool, even one
 * that then runs several threads: it never takes a lock inherited from the
 * parent.  The first call in such a child gives the pool a generation of
 * its own and discards the inherited idle handles, their sockets replaced
 * by /dev/null so that cleanup cannot write a TLS close_notify into a
 * connection the parent still uses. */
sg_conn *sg_pool_acquire(sg_pool *pool);
/* Returns a handle, its response body wiped; beyond max_idle_connections
 * it is freed instead. */
void sg_pool_release(sg_pool *pool, sg_conn *conn);

enum sg_method { SG_METHOD_GET, SG_METHOD_POST, SG_METHOD_PUT, SG_METHOD_DELETE };

/* One HTTP request, as the caller built it (everything borrowed). */
typedef struct sg_http_request {
    enum sg_method method;
    const char *url;
    const struct curl_slist *headers;  /* one of the instance's prebuilt
                                          lists (they carry the key) */
    const char *body;                  /* POST, PUT: the body, or NULL for
                                          an empty one */
    size_t body_len;
    int fresh_connection;              /* never on a reused connection (see
                                          sg_call.c: account creation) */
} sg_http_request;

/* One request within `timeout_ms`.  Fills `ex` (transport outcome, whether
 * the request may have been sent, status, headers, body) and sets
 * *retryable when another try may help: a connection-level failure or a
 * 502/503/504 (whether to retry is the caller's: it knows which calls may
 * be repeated).  The strings `ex` points to belong to `conn` and stay valid
 * until the next call on it or its release. */
void sg_conn_perform(sg_conn *conn, const sg_http_request *req, long timeout_ms,
                     sg_exchange *ex, int *retryable);

#endif
