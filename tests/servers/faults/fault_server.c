/* SPDX-License-Identifier: MIT */
/* fault_server.c -- a one-behaviour HTTPS server on loopback; see
 * fault_server.h.  Listening, TLS, threads, timed I/O and reading the
 * request are tests/servers/common's (srv.h): this file is the behaviours
 * and the counters. */
#include "fault_server.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srv.h"

/* A request head up to this size is read; the plugin's are far smaller. */
#define REQUEST_HEAD_MAX (64 * 1024)
/* The plugin's requests carry no body; one up to this size is read and
 * dropped all the same. */
#define REQUEST_BODY_MAX (1024 * 1024)
/* A connection idle this long is given up: far beyond any client timeout in
 * the suite, so it only matters if a test goes wrong. */
#define IDLE_LIMIT_MS 30000

struct fs_server {
    fs_options opts;
    char *response;             /* copy of opts.response */
    srv_server *srv;
    char base_url[64];
    pthread_mutex_t lock;       /* guards counts */
    fs_counts counts;
};

static void count(fs_server *s, long *field)
{
    pthread_mutex_lock(&s->lock);
    ++*field;
    pthread_mutex_unlock(&s->lock);
}

/* Read and drop whatever comes until the peer closes, goes quiet for
 * IDLE_LIMIT_MS, or the server stops. */
static void linger_until_closed(srv_conn *c)
{
    char sink[4096];
    while (srv_conn_read(c, sink, sizeof sink) > 0)
        ;
}

/* Did a whole request head come?  Only the plugin's requests come here, so
 * one that does not parse is still a request that reached the server. */
static int read_request(srv_conn *c)
{
    srv_request r;
    if (srv_request_init(&r, REQUEST_HEAD_MAX, REQUEST_BODY_MAX) != 0)
        return -1;
    int rc = srv_read_request(c, &r);
    srv_request_free(&r);
    return rc == SRV_NO_REQUEST || rc == 431 ? -1 : 0;
}

static void serve(srv_conn *c, void *arg)
{
    fs_server *s = arg;
    count(s, &s->counts.accepted);
    if (s->opts.mode == FS_ACCEPT_SILENT) {
        linger_until_closed(c);   /* the client's TLS hello goes unanswered */
        return;
    }
    if (srv_conn_handshake(c) != 0)
        return;   /* e.g. the client refused our certificate */
    count(s, &s->counts.handshakes);
    if (read_request(c) != 0)
        return;
    count(s, &s->counts.requests);

    switch (s->opts.mode) {
    case FS_REQUEST_SILENT:
        linger_until_closed(c);
        return;
    case FS_TRICKLE:
        for (size_t i = 0; i < s->opts.response_len; i++) {
            if (srv_conn_write_all(c, s->response + i, 1) != 0 ||
                srv_conn_pause(c, 1000) != 0)
                return;
        }
        break;
    default:
        if (srv_conn_write_all(c, s->response, s->opts.response_len) != 0)
            return;
        break;
    }
    if (!s->opts.abort_close)
        srv_conn_close_notify(c);
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
    if (s == NULL) {
        fprintf(stderr, "fault server: out of memory\n");
        return -1;
    }
    s->opts = *opts;
    pthread_mutex_init(&s->lock, NULL);
    if (opts->response != NULL) {
        if (s->opts.response_len == 0)
            s->opts.response_len = strlen(opts->response);
        s->response = malloc(s->opts.response_len + 1);
        if (s->response == NULL) {
            fprintf(stderr, "fault server: out of memory\n");
            fs_stop(s);
            return -1;
        }
        memcpy(s->response, opts->response, s->opts.response_len);
        s->response[s->opts.response_len] = '\0';
    }
    s->opts.response = NULL;    /* only the copy is used */

    srv_options so;
    memset(&so, 0, sizeof so);
    so.name = "fault server";
    so.host = "127.0.0.1";
    so.port = "0";
    so.cert_file = opts->cert_file;
    so.key_file = opts->key_file;
    so.max_conns = FS_MAX_CONNS;
    so.read_timeout_ms = IDLE_LIMIT_MS;
    so.write_timeout_ms = IDLE_LIMIT_MS;
    so.serve = serve;
    so.arg = s;
    if (srv_open(&so, &s->srv) != 0) {
        fs_stop(s);
        return -1;
    }
    snprintf(s->base_url, sizeof s->base_url, "https://127.0.0.1:%d", srv_port(s->srv));
    if (srv_start(s->srv) != 0) {
        fs_stop(s);
        return -1;
    }
    *out = s;
    return 0;
}

int fs_port(const fs_server *s)
{
    return srv_port(s->srv);
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
    srv_stop(s->srv);   /* joins every thread that could touch s */
    free(s->response);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
