/*
 * http_client.h -- one HTTP request with libcurl for the panel-web tests,
 * keeping the status, the response headers and the body.  Redirects are not
 * followed, proxies from the environment are ignored.
 */
#ifndef PW_HTTP_CLIENT_H
#define PW_HTTP_CLIENT_H

#include <stddef.h>

typedef struct pw_response {
    long status;
    char headers[8192];         /* raw header block, truncated */
    char body[65536];           /* NUL-terminated, truncated */
    size_t body_len;
} pw_response;

/* `method` "GET", "POST"...; `body` may be NULL; `headers` a NULL-terminated
 * list of "Name: value" (may be NULL).  0 when a response arrived, -1 on a
 * transport error (printed, without any URL query). */
int pw_http(const char *method, const char *url, const char *const *headers,
            const char *body, pw_response *out);

/* POST tenant=<name> (form-encoded) to base_url/open. */
int pw_post_open(const char *base_url, const char *tenant, pw_response *out);

/* The value of response header `name` (case-insensitive) into out[size];
 * 1 if present, 0 if not. */
int pw_header(const pw_response *r, const char *name, char *out, size_t size);

#endif
