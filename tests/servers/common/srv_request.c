/* SPDX-License-Identifier: MIT */
/* srv_request.c -- reads HTTP/1.x requests off a connection and parses
 * their heads in place.  Strict where leniency would let a broken client
 * pass unnoticed: the test servers' job is to tell clients what they did
 * wrong, not to be robust. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* memmem */
#endif
#include "srv_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int srv_request_init(srv_request *r, size_t head_max, long long body_max)
{
    memset(r, 0, sizeof *r);
    r->buf = malloc(head_max + 1);
    if (r->buf == NULL)
        return -1;
    r->head_max = head_max;
    r->body_max = body_max;
    return 0;
}

void srv_request_free(srv_request *r)
{
    free(r->buf);
    free(r->body_buf);
    r->buf = r->body_buf = NULL;
}

int srv_request_keep_bodies(srv_request *r, size_t keep_max)
{
    char *b = malloc(keep_max + 1);
    if (b == NULL)
        return -1;
    free(r->body_buf);
    r->body_buf = b;
    r->body_keep_max = keep_max;
    return 0;
}

const char *srv_request_field(const srv_request *r, const char *name)
{
    for (size_t i = 0; i < r->n_fields; i++)
        if (strcasecmp(r->fields[i].name, name) == 0)
            return r->fields[i].value;
    return NULL;
}

/* ---- parsing -------------------------------------------------------------- */

/* A character of a token (RFC 9110 5.6.2): methods and field names. */
static int is_tchar(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* s..end without surrounding blanks, NUL-terminated in place. */
static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *end = '\0';
    return s;
}

/* Does the comma-separated list v hold the token tok (any case)? */
static int has_token(const char *v, const char *tok)
{
    size_t tl = strlen(tok);
    while (*v) {
        while (*v == ' ' || *v == '\t' || *v == ',')
            v++;
        const char *e = v;
        while (*e && *e != ',')
            e++;
        const char *t = e;
        while (t > v && (t[-1] == ' ' || t[-1] == '\t'))
            t--;
        if ((size_t)(t - v) == tl && strncasecmp(v, tok, tl) == 0)
            return 1;
        v = e;
    }
    return 0;
}

typedef struct head_extras {
    int expect_continue;
    int chunked;
} head_extras;

/* Parse buf[0..head_len), which ends in the blank line, into r.  0, or the
 * status to answer with. */
static int parse_head(char *buf, size_t head_len, srv_request *r, head_extras *x)
{
    char *end = buf + head_len - 2;  /* at the final CRLF */
    int http_minor, keep_alive = 0, saw_length = 0;

    /* Request line: METHOD SP TARGET SP HTTP/1.x CRLF */
    char *eol = memchr(buf, '\r', (size_t)(end - buf));
    if (eol == NULL || eol[1] != '\n')
        return 400;
    *eol = '\0';
    char *sp1 = strchr(buf, ' ');
    if (sp1 == NULL || sp1 == buf)
        return 400;
    *sp1 = '\0';
    for (char *m = buf; *m; m++)
        if (!is_tchar((unsigned char)*m))
            return 400;
    char *target = sp1 + 1;
    char *sp2 = strchr(target, ' ');
    if (sp2 == NULL || sp2 == target)
        return 400;
    *sp2 = '\0';
    for (char *t = target; *t; t++)
        if ((unsigned char)*t <= 0x20 || (unsigned char)*t == 0x7f)
            return 400;
    const char *version = sp2 + 1;
    if (strncmp(version, "HTTP/", 5) != 0)
        return 400;
    if (strcmp(version, "HTTP/1.1") == 0)
        http_minor = 1;
    else if (strcmp(version, "HTTP/1.0") == 0)
        http_minor = 0;
    else
        return 505;
    if (target[0] != '/')
        return 400;  /* origin-form only: no client sends these servers a proxy request */
    char *q = strchr(target, '?');
    if (q != NULL)
        *q = '\0';
    r->method = buf;
    r->path = target;
    r->query = q != NULL ? q + 1 : NULL;

    /* Header fields. */
    char *line = eol + 2;
    while (line < end) {
        char *le = memchr(line, '\r', (size_t)(end - line) + 1);
        if (le == NULL || le[1] != '\n')
            return 400;
        *le = '\0';
        char *colon = strchr(line, ':');
        if (colon == NULL || colon == line)
            return 400;
        for (char *n = line; n < colon; n++)
            if (!is_tchar((unsigned char)*n))
                return 400;
        size_t nlen = (size_t)(colon - line);
        char *val = trim(colon + 1, le);
        if (r->n_fields == SRV_FIELDS_MAX)
            return 431;
        *colon = '\0';
        r->fields[r->n_fields].name = line;
        r->fields[r->n_fields].value = val;
        r->n_fields++;
        if (nlen == 13 && strncasecmp(line, "Authorization", 13) == 0) {
            if (r->authorization != NULL)
                return 400;  /* which one would count? */
            r->authorization = val;
        } else if (nlen == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
            char *e;
            if (*val < '0' || *val > '9')
                return 400;
            long long v = strtoll(val, &e, 10);
            if (*e != '\0' || v < 0 || (saw_length && v != r->content_length))
                return 400;
            r->content_length = v;
            saw_length = 1;
        } else if (nlen == 10 && strncasecmp(line, "Connection", 10) == 0) {
            if (has_token(val, "close"))
                r->close = 1;
            if (has_token(val, "keep-alive"))
                keep_alive = 1;
        } else if (nlen == 6 && strncasecmp(line, "Expect", 6) == 0) {
            if (strcasecmp(val, "100-continue") == 0)
                x->expect_continue = 1;
        } else if (nlen == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
            x->chunked = 1;
        }
        line = le + 2;
    }
    if (http_minor == 0 && !keep_alive)
        r->close = 1;
    if (x->chunked)
        return 501;  /* no client of these servers sends chunked bodies */
    return 0;
}

/* ---- reading -------------------------------------------------------------- */

/* Read exactly n bytes into buf.  0 or -1. */
static int read_exactly(srv_conn *c, char *buf, size_t n)
{
    while (n > 0) {
        ssize_t got = srv_conn_read(c, buf, n);
        if (got <= 0)
            return -1;
        buf += got;
        n -= (size_t)got;
    }
    return 0;
}

/* Read and drop n more bytes of body.  0 or -1. */
static int skip_body(srv_conn *c, long long n)
{
    char scratch[8192];
    while (n > 0) {
        size_t want = n < (long long)sizeof scratch ? (size_t)n : sizeof scratch;
        ssize_t got = srv_conn_read(c, scratch, want);
        if (got <= 0)
            return -1;
        n -= got;
    }
    return 0;
}

static void clear_fields(srv_request *r)
{
    r->method = r->path = r->query = r->authorization = NULL;
    r->content_length = 0;
    r->close = 0;
    r->n_fields = 0;
    r->body = NULL;
    r->body_too_large = 0;
}

int srv_read_request(srv_conn *c, srv_request *r)
{
    /* Drop the request answered last; keep what the client sent after it. */
    memmove(r->buf, r->buf + r->used, r->len - r->used);
    r->len -= r->used;
    r->used = 0;
    clear_fields(r);

    size_t head_len = 0;
    for (size_t searched = 0;;) {
        /* Resume 3 bytes back: the blank line may straddle two reads. */
        size_t from = searched > 3 ? searched - 3 : 0;
        const char *blank = memmem(r->buf + from, r->len - from, "\r\n\r\n", 4);
        if (blank != NULL) {
            head_len = (size_t)(blank - r->buf) + 4;
            break;
        }
        searched = r->len;
        if (r->len >= r->head_max) {
            r->used = r->len;
            return 431;
        }
        ssize_t n = srv_conn_read(c, r->buf + r->len, r->head_max - r->len);
        if (n <= 0)
            return SRV_NO_REQUEST;
        r->len += (size_t)n;
    }

    head_extras x = {0, 0};
    int status = parse_head(r->buf, head_len, r, &x);
    if (status != 0) {
        clear_fields(r);
        r->used = r->len;
        return status;
    }
    if (r->content_length > r->body_max) {
        r->used = r->len;
        return 413;
    }
    size_t have = r->len - head_len;
    /* A client waiting for leave to send its body gets it. */
    if (x.expect_continue && r->content_length > (long long)have) {
        static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
        if (srv_conn_write_all(c, go_on, sizeof go_on - 1) != 0)
            return SRV_NO_REQUEST;
    }
    size_t in_buf = (long long)have < r->content_length ? have : (size_t)r->content_length;
    if (r->body_buf != NULL && r->content_length <= (long long)r->body_keep_max) {
        size_t total = (size_t)r->content_length;
        memcpy(r->body_buf, r->buf + head_len, in_buf);
        if (read_exactly(c, r->body_buf + in_buf, total - in_buf) != 0)
            return SRV_NO_REQUEST;
        r->body_buf[total] = '\0';
        r->body = r->body_buf;
    } else {
        r->body_too_large = r->body_buf != NULL;
        if (skip_body(c, r->content_length - (long long)in_buf) != 0)
            return SRV_NO_REQUEST;
    }
    r->used = head_len + in_buf;
    return 0;
}
