/* tls.c -- builds the OpenSSL server context. */
#include "tls.h"

#include <openssl/err.h>
#include <stdio.h>

static void print_ssl_error(const char *what, const char *file)
{
    char buf[256];
    unsigned long e = ERR_get_error();
    ERR_error_string_n(e, buf, sizeof buf);
    fprintf(stderr, "sandbox: %s %s: %s\n", what, file ? file : "", e ? buf : "unknown error");
}

SSL_CTX *tls_server_ctx(const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        print_ssl_error("cannot create TLS context", NULL);
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    static const unsigned char sid_ctx[] = "sendgrid-sandbox";
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
        print_ssl_error("cannot load --tls-cert", cert);
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
        print_ssl_error("cannot load --tls-key", key);
        goto fail;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        print_ssl_error("--tls-key does not match --tls-cert", cert);
        goto fail;
    }
    return ctx;
fail:
    SSL_CTX_free(ctx);
    return NULL;
}
