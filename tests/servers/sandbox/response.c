/* SPDX-License-Identifier: MIT */
/* response.c -- formats status line and headers and writes responses. */
#include "response.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The reason phrase of a status the sandbox sends. */
static const char *reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
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
    char buf[8192], length[48] = "";
    /* A 204 has no body and, by RFC 9110, no Content-Length either. */
    if (status != 204)
        snprintf(length, sizeof length, "Content-Length: %zu\r\n", body_len);
    int n = snprintf(buf, sizeof buf,
                     "HTTP/1.1 %d %s\r\n"
                     "Server: sendgrid-sandbox\r\n"
                     "%s%s%s"
                     "%s"
                     "%s%s"
                     "\r\n",
                     status, reason_phrase(status),
                     ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "",
                     length,
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
                     "{\"errors\":[{\"message\":\"%s\",\"field\":\"\",\"error_id\":\"%s\"}]}",
                     message, error_id);
    if (n < 0 || (size_t)n >= sizeof body)
        n = 0;
    return sbx_respond(c, status, "application/json", extra_headers, body, (size_t)n);
}

void sbx_errors_add(sbx_errors *errs, const char *field, const char *error_id,
                    const char *fmt, ...)
{
    if (errs->n >= SBX_ERRORS_MAX)
        return;
    sbx_error *e = &errs->e[errs->n++];
    snprintf(e->field, sizeof e->field, "%s", field);
    snprintf(e->error_id, sizeof e->error_id, "%s", error_id);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

int sbx_respond_json(sbx_conn *c, int status, json_object *doc)
{
    size_t len = 0;
    const char *text = json_object_to_json_string_length(
        doc, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
    if (!text)
        return sbx_respond_error(c, 500, "out of memory", "sbx-internal", NULL);
    return sbx_respond(c, status, "application/json", NULL, text, len);
}

int sbx_respond_errors(sbx_conn *c, int status, const sbx_errors *errs)
{
    json_object *doc = json_object_new_object(), *list = json_object_new_array();
    int st;
    if (!doc || !list || json_object_object_add(doc, "errors", list) != 0) {
        json_object_put(list);
        st = sbx_respond_error(c, 500, "out of memory", "sbx-internal", NULL);
        goto out;
    }
    for (size_t i = 0; i < errs->n; i++) {
        json_object *e = json_object_new_object();
        if (!e || json_object_array_add(list, e) != 0) {
            json_object_put(e);
            st = sbx_respond_error(c, 500, "out of memory", "sbx-internal", NULL);
            goto out;
        }
        json_object_object_add(e, "message", json_object_new_string(errs->e[i].message));
        json_object_object_add(e, "field", json_object_new_string(errs->e[i].field));
        json_object_object_add(e, "error_id", json_object_new_string(errs->e[i].error_id));
    }
    st = sbx_respond_json(c, status, doc);
out:
    json_object_put(doc);
    return st;
}
