/* SPDX-License-Identifier: MIT */
/* srv_tls.c -- the OpenSSL server context the test servers answer with. */
#include "srv_internal.h"

#include <stdio.h>

#include <openssl/err.h>

/* Print "NAME: WHAT FILE: <OpenSSL's reason>" and empty the error queue. */
static void tls_error(const char *name, const char *what, const char *file)
{
    char reason[256] = "unknown error";
    unsigned long e = ERR_get_error();
    if (e != 0)
        ERR_error_string_n(e, reason, sizeof reason);
    ERR_clear_error();
    fprintf(stderr, "%s: %s %s: %s\n", name, what, file, reason);
}

SSL_CTX *srv_tls_context(const char *name, const char *cert_file, const char *key_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL) {
        tls_error(name, "cannot create a TLS context for", cert_file);
        return NULL;
    }
    /* Older versions are not something any client here may fall back to;
     * renegotiation is attack surface that no client needs. */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    /* Names this server's sessions, so a client can resume one (OpenSSL
     * refuses to without a context once client certificates are in play). */
    static const unsigned char sid_ctx[] = "panelsso-test-server";
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
        tls_error(name, "cannot load the TLS certificate chain", cert_file);
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
        tls_error(name, "cannot load the TLS private key", key_file);
        goto fail;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        tls_error(name, "the TLS private key does not match the certificate", cert_file);
        goto fail;
    }
    return ctx;
fail:
    SSL_CTX_free(ctx);
    return NULL;
}
