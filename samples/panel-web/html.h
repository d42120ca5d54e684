/*
 * html.h -- a growing text buffer and HTML escaping, for building pages.
 */
#ifndef PANEL_WEB_HTML_H
#define PANEL_WEB_HTML_H

#include <stddef.h>

#include "auth_provider.h"

typedef struct html_buf {
    char *data;     /* NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
    int failed;     /* an allocation failed: the content is incomplete */
} html_buf;

/* Zero it before first use; html_buf_free releases it and zeroes it again. */
void html_buf_free(html_buf *b);

/* Append text as is (markup the caller wrote). */
void html_raw(html_buf *b, const char *text);
/* Append printf-formatted markup: only for trusted text and numbers. */
void html_rawf(html_buf *b, const char *fmt, ...) AUTH_PROVIDER_PRINTF(2, 3);
/* Append `text` escaped for element content and quoted attribute values:
 * & < > " ' become entities, other control characters except tab and
 * newline become U+FFFD. */
void html_escaped(html_buf *b, const char *text);

/* AUTH_OK, or AUTH_ERR_INTERNAL when an allocation failed along the way. */
int html_buf_status(const html_buf *b);

#endif
