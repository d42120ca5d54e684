/* response.c -- formats status line and headers and writes responses. */
#include "response.h"

#include <stdio.h>
#include <string.h>

/* The reason phrase of a status the sandbox sends. */
static const char *reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

int sbx_respond(sbx_conn *c, int status, const char *ctype, const char *extra_headers,
                const void *body, size_t body_len)
{
    /* Small responses go out in one write: with keep-alive and TCP_NODELAY
     * that is one segment (or TLS record) per answer. */
    char buf[8192];
    int n = snprintf(buf, sizeof buf,
                     "HTTP/1.1 %d %s\r\n"
                     "Server: sendgrid-sandbox\r\n"
                     "%s%s%s"
                     "Content-Length: %zu\r\n"
                     "%s%s"
                     "\r\n",
                     status, reason_phrase(status),
                     ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "",
                     body_len,
                     extra_headers ? extra_headers : "",
                     c->close ? "Connection: close\r\n" : "");
    if (n < 0 || (size_t)n >= sizeof buf) {
        c->close = 1;
        return status;
    }
    size_t hl = (size_t)n;
    int rc;
    if (hl + body_len <= sizeof buf) {
        if (body_len)
            memcpy(buf + hl, body, body_len);
        rc = sbx_conn_write(c, buf, hl + body_len);
    } else {
        rc = sbx_conn_write(c, buf, hl);
        if (rc == 0 && body_len)
            rc = sbx_conn_write(c, body, body_len);
    }
    if (rc != 0)
        c->close = 1;  /* the peer is gone; the caller's loop ends */
    return status;
}

int sbx_respond_error(sbx_conn *c, int status, const char *message, const char *error_id,
                      const char *extra_headers)
{
    char body[512];
    int n = snprintf(body, sizeof body,
                     "{\"errors\":[{\"message\":\"%s\",\"field\":null,\"error_id\":\"%s\"}]}",
                     message, error_id);
    if (n < 0 || (size_t)n >= sizeof body)
        n = 0;
    return sbx_respond(c, status, "application/json", extra_headers, body, (size_t)n);
}
