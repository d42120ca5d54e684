/* form.c -- decoding x-www-form-urlencoded fields. */
#include "form.h"

#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode [p, end) into out[size]; -1 if malformed or too long. */
static int decode(const char *p, const char *end, char *out, size_t size)
{
    size_t n = 0;
    while (p < end) {
        int c = (unsigned char)*p;
        if (c == '+') {
            c = ' ';
            p++;
        } else if (c == '%') {
            int hi;
            if (end - p < 3)
                return -1;
            hi = hexval(p[1]);
            if (hi < 0 || hexval(p[2]) < 0)
                return -1;
            c = hi * 16 + hexval(p[2]);
            p += 3;
        } else {
            p++;
        }
        if (c == 0 || n + 1 >= size)
            return -1;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return 0;
}

int form_field(const char *body, size_t len, const char *name, char *out, size_t size)
{
    const char *p = body, *end = body + len;
    size_t nl = strlen(name);
    if (size == 0)
        return -1;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pe = amp != NULL ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(pe - p));
        const char *ke = eq != NULL ? eq : pe;
        if ((size_t)(ke - p) == nl && memcmp(p, name, nl) == 0)
            return decode(eq != NULL ? eq + 1 : pe, pe, out, size) == 0 ? 1 : -1;
        p = amp != NULL ? amp + 1 : end;
    }
    return 0;
}

int form_is_urlencoded(const char *content_type)
{
    static const char want[] = "application/x-www-form-urlencoded";
    size_t n = sizeof want - 1;
    if (strncasecmp(content_type, want, n) != 0)
        return 0;
    content_type += n;
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    return *content_type == '\0' || *content_type == ';';
}
