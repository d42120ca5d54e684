/* SPDX-License-Identifier: MIT */
/* response.h -- writes the sandbox's HTTP responses onto a connection. */
#ifndef SBX_RESPONSE_H
#define SBX_RESPONSE_H

#include <stddef.h>

#include <json-c/json.h>

#include "conn.h"

/* Send a full response with Content-Length.  extra_headers is a block of
 * "Name: value\r\n" lines or NULL.  Adds "Connection: close" when c->close.
 * Returns status (for logging); a failed write sets c->close. */
int sbx_respond(sbx_conn *c, int status, const char *ctype, const char *extra_headers,
                const void *body, size_t body_len);

/* SendGrid's error shape with one error that names no field:
 * {"errors":[{"message":M,"field":"","error_id":ID}]}.
 * message and error_id must need no JSON escaping. */
int sbx_respond_error(sbx_conn *c, int status, const char *message, const char *error_id,
                      const char *extra_headers);

/* Errors that name the request's fields, for one answer. */
#define SBX_ERRORS_MAX 16

typedef struct sbx_error {
    char field[64];
    char message[256];
    char error_id[32];
} sbx_error;

typedef struct sbx_errors {
    sbx_error e[SBX_ERRORS_MAX];
    size_t n;
} sbx_errors;

/* Add one (beyond SBX_ERRORS_MAX they are dropped; texts are cut to fit). */
void sbx_errors_add(sbx_errors *errs, const char *field, const char *error_id,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* SendGrid's error shape with all of errs, any text escaped. */
int sbx_respond_errors(sbx_conn *c, int status, const sbx_errors *errs);

/* `doc` as JSON (application/json); doc stays the caller's. */
int sbx_respond_json(sbx_conn *c, int status, json_object *doc);

#endif
