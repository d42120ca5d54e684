/* SPDX-License-Identifier: MIT */
/* Turning one HTTP exchange (status, headers, body, curl outcome) into an
 * auth_result.  Pure: no I/O, no clock, so it is fuzzed and unit-tested
 * directly. */
#ifndef SG_RESPONSE_H
#define SG_RESPONSE_H

#include <stddef.h>
#include <stdint.h>
#include <panelsso/auth_provider.h>
#include "sg_clean.h"
#include "sg_settings.h"

#define SG_BODY_MAX (64 * 1024)

/* What one exchange was for.  The account operations come in
 * auth_account_op's order, so SG_CALL_OF_ACCOUNT_OP maps one to the other. */
enum sg_call {
    SG_CALL_SSO,
    SG_CALL_CHECK,
    SG_CALL_ACCOUNT_CREATE,
    SG_CALL_ACCOUNT_STATE,
    SG_CALL_ACCOUNT_SUSPEND,
    SG_CALL_ACCOUNT_UNSUSPEND,
    SG_CALL_ACCOUNT_OFFERINGS,
    SG_CALL_ACCOUNT_SET_OFFERINGS,
    SG_CALL_ACCOUNT_DELETE,
    SG_CALL_CATALOG,
    SG_CALL_COUNT
};

#define SG_CALL_OF_ACCOUNT_OP(op) ((enum sg_call)(SG_CALL_ACCOUNT_CREATE + (op)))

_Static_assert(SG_CALL_CATALOG == SG_CALL_OF_ACCOUNT_OP(AUTH_ACCOUNT_CATALOG) &&
               SG_CALL_COUNT == SG_CALL_ACCOUNT_CREATE + AUTH_ACCOUNT_OP_COUNT,
               "enum sg_call follows auth_account_op");

/* Is it one of the account operations (ABI 1.1)? */
static inline int sg_call_is_account(enum sg_call call)
{
    return call >= SG_CALL_ACCOUNT_CREATE && call < SG_CALL_COUNT;
}

/* The operation's name in the audit line: "login", "check", or the account
 * operation's auth_account_op_name ("account_create" ... "catalog"). */
const char *sg_call_op_name(enum sg_call call);

/* The states suspend and unsuspend write (SendGrid's names). */
#define SG_STATE_SUSPENDED "deactivated"
#define SG_STATE_ACTIVE "activated"

typedef struct sg_exchange {
    enum sg_call call;
    enum sg_region region;
    int transport_error;         /* 0: an HTTP response arrived */
    int request_sent;            /* the request (or a part of it) may have
                                    reached the server: always 1 when a
                                    response arrived; for a transport error,
                                    sg_conn_perform's rule (sg_http.c) */
    int earlier_attempt_sent;    /* an earlier attempt of the same call went
                                    out and got no usable answer, so it may
                                    have taken effect before this one */
    int transport_status;        /* auth_status for a transport error */
    const char *transport_detail;/* sentence for a transport error */
    const char *transport_text;  /* libcurl's own words for it (its error
                                    buffer: "certificate has expired"), or
                                    NULL; never holds the key or a code */
    long http_status;
    size_t location_count;       /* how many Location headers came */
    const char *location;        /* the raw first Location, or NULL */
    int location_malformed;      /* a Location line held a control character
                                    (bare CR, NUL) that libcurl's header API
                                    cuts off before `location` */
    const char *rate_limit_reset;/* X-RateLimit-Reset, or NULL */
    const char *body;            /* may be NULL */
    size_t body_len;
    int body_truncated;          /* more than SG_BODY_MAX arrived */
    int64_t now_ms;              /* when the response arrived (epoch ms) */
    const sg_keys *keys;         /* masked out of every text the answer puts
                                    in the result; NULL masks nothing */
} sg_exchange;

/* Fills `out` (a full-size, initialized auth_result) and returns its status.
 * log_message never contains the Location's query; log_message and
 * error_id carry upstream text only as sg_clean leaves it (ex->keys
 * masked, controls escaped), cut before the plugin's own words so those
 * always fit. */
int sg_response_map(const sg_exchange *ex, const sg_settings *settings,
                    auth_result *out);

/* sg_response_map for any call, an account operation's answer going to
 * `account` (a full-size auth_account, initialized; NULL: the answer is
 * checked but kept nowhere).  The account is written only on success:
 * account_id (create), state (state, suspend, unsuspend), the offerings
 * (offerings, set_offerings, catalog), each text checked or cleaned
 * (sg_account_answer.c).  Create never maps to AUTH_ERR_UNAVAILABLE once
 * its request may have gone out: then it is AUTH_ERR_OUTCOME_UNKNOWN. */
int sg_response_map_account(const sg_exchange *ex, const sg_settings *settings,
                            auth_result *out, auth_account *account);

/* Seconds to wait from an X-RateLimit-Reset value: an epoch time (> 10^9)
 * or a number of seconds.  0 if absent or unparseable. */
uint32_t sg_rate_limit_wait(const char *value, int64_t now_ms);

/* Extracts SendGrid's first error message and error_id from a JSON error
 * body into the buffers (empty strings if absent), each sg_clean'ed whole
 * against `keys` (NULL: no masking) before it is cut to its buffer.
 * Returns 0 if the body was SendGrid's error shape, -1 otherwise. */
int sg_error_body_parse(const char *body, size_t len, const sg_keys *keys,
                        char *message, size_t message_size, char *error_id,
                        size_t error_id_size);

/* Every error of SendGrid's error body, for a 400 that names fields:
 * `detail` gets them as `field 'F': "message"` (or the message alone when
 * no field is named) joined by "; ", `fields` the field names alone joined
 * by ", ", error_id the first error's; each piece sg_clean'ed against
 * `keys`, and each buffer cut between whole pieces.  Returns how many
 * errors the body lists, or -1 if it is not SendGrid's error shape. */
int sg_error_body_fields(const char *body, size_t len, const sg_keys *keys,
                         char *detail, size_t detail_size, char *fields,
                         size_t fields_size, char *error_id,
                         size_t error_id_size);

#endif
