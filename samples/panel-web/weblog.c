/* weblog.c -- one line per write(2) to stderr. */
#include "weblog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WEBLOG_LINE_MAX 2048

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;  /* stderr gone: nothing sensible left to do */
        p += w;
        n -= (size_t)w;
    }
}

void weblog(const char *fmt, ...)
{
    char line[WEBLOG_LINE_MAX];
    static const char prefix[] = "panel-web: ";
    size_t n = sizeof prefix - 1;
    va_list ap;
    int k;
    memcpy(line, prefix, n);
    va_start(ap, fmt);
    k = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
    va_end(ap);
    if (k < 0)
        k = 0;
    n += (size_t)k < sizeof line - n - 1 ? (size_t)k : sizeof line - n - 2;
    line[n++] = '\n';
    write_all(line, n);
}

void weblog_sanitize(const char *in, size_t max, char *out, size_t size)
{
    size_t i = 0;
    if (size == 0)
        return;
    for (; in != NULL && in[i] != '\0' && i < max && i + 1 < size; i++) {
        unsigned char c = (unsigned char)in[i];
        out[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    out[i] = '\0';
}

void weblog_loader_sink(void *ctx, int level, const char *line)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    (void)ctx;
    weblog("%s: %s", level >= 0 && level <= 3 ? names[level] : "log", line);
}
