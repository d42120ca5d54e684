/* SPDX-License-Identifier: MIT */
/* output.c -- panelctl's stdout and stderr lines (see output.h). */
#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int log_level = -1;

/* How many bytes the valid UTF-8 sequence at s has, or 0 if none starts
 * there (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF). */
static size_t utf8_length(const unsigned char *s)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4;
    else
        return 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return n;
}

void panelctl_clean_text(char *dst, size_t size, const char *src)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t used = 0;
    if (size == 0)
        return;
    while (*s != '\0') {
        size_t n = utf8_length(s);
        if (n == 0 || (n == 1 && (*s < 0x20 || *s == 0x7f)) ||
            (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)) {
            /* C0, DEL and C1 controls make one line no more, and an
             * invalid byte would make the JSON invalid */
            if (used + 1 >= size)
                break;
            dst[used++] = n == 0 ? '?' : ' ';
            s += n == 0 ? 1 : n;
            continue;
        }
        if (used + n >= size)
            break;
        memcpy(dst + used, s, n);
        used += n;
        s += n;
    }
    dst[used] = '\0';
}

void panelctl_printable(char *dst, size_t size, const char *src)
{
    size_t i, max = size - 4;
    for (i = 0; src[i] != '\0' && i < max; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
    if (src[i] != '\0')
        memcpy(dst + i, "...", 4);
    else
        dst[i] = '\0';
}

/* Make a formatted line (in a buffer of `size` bytes, at most 2048) safe
 * as one line of the terminal, in place. */
static void one_line(char *s, size_t size)
{
    char copy[2048];
    snprintf(copy, sizeof copy, "%s", s);
    panelctl_clean_text(s, size < sizeof copy ? size : sizeof copy, copy);
}

static const char *level_name(int level)
{
    switch (level) {
    case AUTH_LOG_ERROR: return "error";
    case AUTH_LOG_WARNING: return "warning";
    case AUTH_LOG_INFO: return "info";
    default: return "debug";
    }
}

void panelctl_error(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    panelctl_error_line(line);
}

void panelctl_error_line(const char *message)
{
    char line[2048];
    panelctl_clean_text(line, sizeof line, message);
    fprintf(stderr, "panelctl: %s\n", line);
    fflush(stderr);
}

void panelctl_set_log_level(int level) { log_level = level; }
int panelctl_log_level(void) { return log_level; }

static void emit(int level, char *line, size_t size)
{
    one_line(line, size);
    /* One fprintf per line: stdio locks the stream for the call, so lines
     * from plugin threads do not interleave. */
    fprintf(stderr, "panelctl: %s: %s\n", level_name(level), line);
}

void panelctl_log(int level, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    if (level > log_level)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    emit(level, line, sizeof line);
}

void panelctl_loader_log(void *ctx, int level, const char *line)
{
    char copy[2048];
    (void)ctx;
    if (level > log_level || line == NULL)
        return;
    snprintf(copy, sizeof copy, "%s", line);
    emit(level, copy, sizeof copy);
}

void panelctl_format_time(int64_t epoch_ms, char *buf, unsigned size)
{
    time_t t = (time_t)(epoch_ms / 1000);
    struct tm tm;
    if (epoch_ms <= 0 || gmtime_r(&t, &tm) == NULL ||
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, size, "unknown");
}

static int check_text(const char *text, int allow_space, char *why, unsigned why_size)
{
    static const struct {
        unsigned char c;
        const char *name;
    } named[] = {{'\r', "a carriage return"}, {'\n', "a line feed"},
                 {'\t', "a tab"},             {' ', "a space"},
                 {0x1b, "an escape character"}, {0x7f, "a delete character"}};
    for (size_t i = 0; text[i] != '\0'; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c > 0x20 && c < 0x7f) || (c == ' ' && allow_space))
            continue;
        for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
            if (named[k].c == c) {
                snprintf(why, why_size, "%s at byte %zu", named[k].name, i + 1);
                return -1;
            }
        }
        snprintf(why, why_size, "a %s 0x%02x at byte %zu",
                 c < 0x20 ? "control character" : "non-ASCII byte", c, i + 1);
        return -1;
    }
    return 0;
}

int panelctl_check_word(const char *text, char *why, unsigned why_size)
{
    return check_text(text, 0, why, why_size);
}

int panelctl_check_name(const char *text, char *why, unsigned why_size)
{
    return check_text(text, 1, why, why_size);
}

int panelctl_print_line(const char *text)
{
    if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF ||
        fflush(stdout) == EOF)
        return AUTH_ERR_INTERNAL;
    return AUTH_OK;
}

/* The account operations `name` runs, comma-separated, or "-". */
static void supported_ops(const auth_loader *l, const char *name, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++) {
        if (!auth_loader_supports(l, name, op))
            continue;
        int w = snprintf(buf + used, size - used, "%s%s", used ? "," : "",
                         auth_account_op_name(op));
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    if (used == 0)
        snprintf(buf, size, "-");
}

int panelctl_print_plugins(const auth_loader *l)
{
    size_t n = auth_loader_count(l);
    for (size_t i = 0; i < n; i++) {
        auth_loader_entry e;
        char version[128], ops[256];
        if (auth_loader_get(l, i, &e) != AUTH_OK)
            continue;
        if (e.info != NULL && AUTH_STRUCT_HAS(e.info, auth_provider_info, version) &&
            e.info->version != NULL)
            panelctl_clean_text(version, sizeof version, e.info->version);
        else
            snprintf(version, sizeof version, "-");
        supported_ops(l, e.name, ops, sizeof ops);
        if (printf("loaded\t%s\t%s\t%u.%u\t%s\t%s\n", e.name, version,
                   AUTH_PROVIDER_VERSION_MAJOR(e.abi_version),
                   AUTH_PROVIDER_VERSION_MINOR(e.abi_version), e.file, ops) < 0)
            return AUTH_ERR_INTERNAL;
    }
    n = auth_loader_failure_count(l);
    for (size_t i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        char r[1024];
        if (auth_loader_failure(l, i, &file, &reason) != AUTH_OK)
            continue;
        panelctl_clean_text(r, sizeof r, reason ? reason : "unknown reason");
        if (printf("failed\t%s\t%s\n", file ? file : "-", r) < 0)
            return AUTH_ERR_INTERNAL;
    }
    return fflush(stdout) == EOF ? AUTH_ERR_INTERNAL : AUTH_OK;
}
