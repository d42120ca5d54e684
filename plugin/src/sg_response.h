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

enum sg_call { SG_CALL_SSO, SG_CALL_CHECK };

typedef struct sg_exchange {
    enum sg_call call;
    enum sg_region region;
    int transport_error;         /* 0: an HTTP response arrived */
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

#endif
