/* response.h -- writes the sandbox's HTTP responses onto a connection. */
#ifndef SBX_RESPONSE_H
#define SBX_RESPONSE_H

#include <stddef.h>

#include "conn.h"

/* Send a full response with Content-Length.  extra_headers is a block of
 * "Name: value\r\n" lines or NULL.  Adds "Connection: close" when c->close.
 * Returns status (for logging); a failed write sets c->close. */
int sbx_respond(sbx_conn *c, int status, const char *ctype, const char *extra_headers,
                const void *body, size_t body_len);

/* SendGrid's error shape: {"errors":[{"message":M,"field":null,"error_id":ID}]}.
 * message and error_id must need no JSON escaping. */
int sbx_respond_error(sbx_conn *c, int status, const char *message, const char *error_id,
                      const char *extra_headers);

#endif
