/* http.c -- parses HTTP/1.x request heads in place. */
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t http_find_head_end(const char *buf, size_t len, size_t *scan)
{
    size_t i = *scan;
    for (; i + 3 < len; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n')
            return i + 4;
    }
    *scan = i;
    return 0;
}

static int is_tchar(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *end = '\0';
    return s;
}

/* Does the comma-separated list `v` contain token `tok` (case-insensitive)? */
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

int http_parse(char *buf, size_t head_len, http_request *req)
{
    char *end = buf + head_len - 2;  /* at the final CRLF */
    int keep_alive = 0, saw_cl = 0;

    req->method = req->target = NULL;
    req->path = req->path_buf;
    req->path_buf[0] = '\0';
    req->query = NULL;
    req->auth = NULL;
    req->auth_len = 0;
    req->content_length = 0;
    req->close = 0;
    req->chunked = 0;
    req->expect_continue = 0;
    req->http_minor = 1;

    /* Request line: METHOD SP TARGET SP HTTP/1.x CRLF */
    char *eol = memchr(buf, '\r', (size_t)(end - buf));
    if (!eol || eol[1] != '\n')
        return 400;
    *eol = '\0';
    char *sp1 = strchr(buf, ' ');
    if (!sp1 || sp1 == buf)
        return 400;
    *sp1 = '\0';
    for (char *m = buf; *m; m++)
        if (!is_tchar((unsigned char)*m))
            return 400;
    char *target = sp1 + 1;
    char *sp2 = strchr(target, ' ');
    if (!sp2 || sp2 == target)
        return 400;
    *sp2 = '\0';
    for (char *t = target; *t; t++)
        if ((unsigned char)*t <= 0x20 || (unsigned char)*t == 0x7f)
            return 400;
    const char *ver = sp2 + 1;
    if (strncmp(ver, "HTTP/", 5) != 0)
        return 400;
    if (strcmp(ver, "HTTP/1.1") == 0)
        req->http_minor = 1;
    else if (strcmp(ver, "HTTP/1.0") == 0)
        req->http_minor = 0;
    else
        return 505;
    req->method = buf;
    req->target = target;
    if (target[0] != '/')
        return 400;

    char *q = strchr(target, '?');
    size_t plen = q ? (size_t)(q - target) : strlen(target);
    memcpy(req->path_buf, target, plen);
    req->path_buf[plen] = '\0';
    req->query = q ? q + 1 : NULL;

    /* Header fields. */
    char *line = eol + 2;
    while (line < end) {
        char *le = memchr(line, '\r', (size_t)(end - line) + 1);
        if (!le || le[1] != '\n')
            return 400;
        *le = '\0';
        char *colon = strchr(line, ':');
        if (!colon || colon == line)
            return 400;
        for (char *n = line; n < colon; n++)
            if (!is_tchar((unsigned char)*n))
                return 400;
        size_t nlen = (size_t)(colon - line);
        char *val = trim(colon + 1, le);
        if (nlen == 13 && strncasecmp(line, "Authorization", 13) == 0) {
            if (req->auth)
                return 400;
            req->auth = val;
            req->auth_len = strlen(val);
        } else if (nlen == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
            char *e;
            if (*val < '0' || *val > '9')
                return 400;
            long long v = strtoll(val, &e, 10);
            if (*e || v < 0 || (saw_cl && v != req->content_length))
                return 400;
            req->content_length = v;
            saw_cl = 1;
        } else if (nlen == 10 && strncasecmp(line, "Connection", 10) == 0) {
            if (has_token(val, "close"))
                req->close = 1;
            if (has_token(val, "keep-alive"))
                keep_alive = 1;
        } else if (nlen == 6 && strncasecmp(line, "Expect", 6) == 0) {
            if (strcasecmp(val, "100-continue") == 0)
                req->expect_continue = 1;
        } else if (nlen == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
            req->chunked = 1;
        }
        line = le + 2;
    }
    if (req->http_minor == 0 && !keep_alive)
        req->close = 1;
    if (req->chunked)
        return 501;  /* no client of the partner API sends chunked bodies */
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int http_pct_decode(const char *src, size_t len, char *dst, size_t dst_size)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '%') {
            if (i + 2 >= len)
                return -1;
            int hi = hexval(src[i + 1]), lo = hexval(src[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            if (c == '\0')
                return -1;
            i += 2;
        }
        if (o + 1 >= dst_size)
            return -1;
        dst[o++] = c;
    }
    dst[o] = '\0';
    return 0;
}

const char *http_query_param(const char *query, const char *name, size_t *len)
{
    size_t nl = strlen(name);
    const char *p = query;
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t seg = amp ? (size_t)(amp - p) : strlen(p);
        if (seg > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            *len = seg - nl - 1;
            return p + nl + 1;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}
