/* html.c -- buffer growth and escaping; nothing here knows any page. */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_buf_free(html_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int reserve(html_buf *b, size_t more)
{
    size_t cap;
    char *grown;
    if (b->failed)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 1024;
    while (cap < b->len + more + 1)
        cap *= 2;
    grown = realloc(b->data, cap);
    if (grown == NULL) {
        b->failed = 1;
        return -1;
    }
    b->data = grown;
    b->cap = cap;
    return 0;
}

static void append(html_buf *b, const char *p, size_t n)
{
    if (reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void html_raw(html_buf *b, const char *text)
{
    append(b, text, strlen(text));
}

void html_rawf(html_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        append(b, small, (size_t)n);
        return;
    }
    if (reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void html_escaped(html_buf *b, const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    for (; *p; p++) {
        switch (*p) {
        case '&': html_raw(b, "&amp;"); break;
        case '<': html_raw(b, "&lt;"); break;
        case '>': html_raw(b, "&gt;"); break;
        case '"': html_raw(b, "&quot;"); break;
        case '\'': html_raw(b, "&#39;"); break;
        default:
            if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
                html_raw(b, "\xef\xbf\xbd");
            else
                append(b, (const char *)p, 1);
        }
    }
}

int html_buf_status(const html_buf *b)
{
    return b->failed ? AUTH_ERR_INTERNAL : AUTH_OK;
}
