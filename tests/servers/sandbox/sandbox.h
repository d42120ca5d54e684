/* SPDX-License-Identifier: MIT */
/*
 * sandbox.h -- the configuration of the SendGrid partner-API sandbox.
 *
 * The sandbox is one process; its configuration is read once at start-up by
 * options.c and then only read by the connection threads, so a single global
 * is the simplest honest representation.
 */
#ifndef SBX_SANDBOX_H
#define SBX_SANDBOX_H

#include <stddef.h>

typedef struct sbx_config {
    char listen_host[256];   /* as given: "127.0.0.1" or "[::1]" */
    char bind_host[256];     /* listen_host without brackets, for binding */
    char listen_port[16];    /* as given; "0" picks a free port */
    const char *port_file;   /* NULL: none */
    const char *tls_cert;    /* both NULL: plain HTTP */
    const char *tls_key;
    const char *region;
    char api_key[1024];
    size_t api_key_len;
    char **accounts;         /* NULL with n_accounts 0: every account exists */
    size_t n_accounts;
    const char *login_host;  /* host of the Location URL */
    long slow_ms;
    long code_ttl_s;
    const char *log_file;    /* NULL: stderr */
    const char *scheme;      /* "http" or "https" */

    int port;                /* the port actually bound, set before serving */
} sbx_config;

extern sbx_config sbx_cfg;

#endif
