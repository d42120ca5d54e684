/*
 * form.h -- application/x-www-form-urlencoded bodies.
 */
#ifndef PANEL_WEB_FORM_H
#define PANEL_WEB_FORM_H

#include <stddef.h>

/* Find field `name` in the form body[0, len) and store its decoded value
 * ('+' is a space, %XX a byte) in out[size].  Returns 1 if found, 0 if the
 * field is absent, -1 if its value is malformed (bad %-escape, a NUL byte)
 * or longer than size - 1.  The first occurrence wins. */
int form_field(const char *body, size_t len, const char *name, char *out, size_t size);

/* Is `content_type` application/x-www-form-urlencoded (parameters allowed)? */
int form_is_urlencoded(const char *content_type);

#endif
