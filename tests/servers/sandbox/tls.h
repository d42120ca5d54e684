/* tls.h -- the server's TLS context. */
#ifndef SBX_TLS_H
#define SBX_TLS_H

#include <openssl/ssl.h>

/* A TLS 1.2+ server context with cert (chain) and key, or NULL with the
 * reason printed. */
SSL_CTX *tls_server_ctx(const char *cert, const char *key);

#endif
