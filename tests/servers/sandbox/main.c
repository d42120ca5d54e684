/* SPDX-License-Identifier: MIT */
/* main.c -- the SendGrid partner-API sandbox: a loopback stand-in for
 * api.sendgrid.com's partner operations (accounts with real state, their
 * offerings, the catalog, single sign-on), with scripted failures.
 * See README.md.  Listening, TLS, connection threads and reading requests
 * are tests/servers/common's (srv.h); the sandbox is what it answers. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "accounts.h"
#include "codes.h"
#include "conn.h"
#include "options.h"
#include "reqlog.h"
#include "sandbox.h"
#include "scripts.h"
#include "srv.h"
#include "stats.h"

/* Connections served at once; more wait in the kernel's backlog.  Enough
 * for the benchmark's and the load tests' clients together. */
#define MAX_CONNS 512
/* A keep-alive connection idle this long is closed; a client that reads
 * nothing of an answer for WRITE_TIMEOUT_MS is dropped. */
#define IDLE_TIMEOUT_MS 60000
#define WRITE_TIMEOUT_MS 30000

sbx_config sbx_cfg;

int main(int argc, char **argv)
{
    if (sbx_options_parse(argc, argv, &sbx_cfg) != 0)
        return 2;
    if (sbx_reqlog_open(sbx_cfg.log_file) != 0)
        return 1;
    if (sbx_stats_init() != 0 || sbx_codes_init(sbx_cfg.code_ttl_s) != 0 ||
        sbx_scripts_init() != 0 || sbx_accounts_init() != 0) {
        fputs("sandbox: out of memory at start-up\n", stderr);
        return 1;
    }

    /* SIGTERM and SIGINT stay blocked in every thread (the server's
     * inherit this mask) and are taken here by sigwait: the one place the
     * sandbox stops, after which the server ends every connection. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

    srv_options o = {
        .name = "sandbox",
        .host = sbx_cfg.bind_host,
        .port = sbx_cfg.listen_port,
        .port_file = sbx_cfg.port_file,
        .cert_file = sbx_cfg.tls_cert,
        .key_file = sbx_cfg.tls_key,
        .max_conns = MAX_CONNS,
        .read_timeout_ms = IDLE_TIMEOUT_MS,
        .write_timeout_ms = WRITE_TIMEOUT_MS,
        .serve = sbx_conn_serve,
        .arg = NULL,
    };
    srv_server *srv;
    if (srv_open(&o, &srv) != 0)
        return 1;
    /* Login URLs carry the port: known before the first client is served. */
    sbx_cfg.port = srv_port(srv);
    if (srv_start(srv) != 0) {
        srv_stop(srv);
        return 1;
    }
    fprintf(stderr, "sandbox[%s]: listening on %s://%s:%d\n", sbx_cfg.region, sbx_cfg.scheme,
            sbx_cfg.listen_host, sbx_cfg.port);

    int sig;
    while (sigwait(&stop_signals, &sig) != 0)
        ;
    srv_stop(srv);
    return 0;
}
