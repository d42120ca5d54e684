/* output.c -- panelctl's stdout and stderr lines (see output.h). */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int log_level = -1;

/* Replace control characters so a message can never span lines or drive
 * the terminal. */
static void one_line(char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = ' ';
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
    one_line(line);
    fprintf(stderr, "panelctl: %s\n", line);
    fflush(stderr);
}

void panelctl_set_log_level(int level) { log_level = level; }
int panelctl_log_level(void) { return log_level; }

static void emit(int level, char *line)
{
    one_line(line);
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
    emit(level, line);
}

void panelctl_loader_log(void *ctx, int level, const char *line)
{
    char copy[2048];
    (void)ctx;
    if (level > log_level || line == NULL)
        return;
    snprintf(copy, sizeof copy, "%s", line);
    emit(level, copy);
}

void panelctl_format_time(int64_t epoch_ms, char *buf, unsigned size)
{
    time_t t = (time_t)(epoch_ms / 1000);
    struct tm tm;
    if (epoch_ms <= 0 || gmtime_r(&t, &tm) == NULL ||
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, size, "unknown");
}

int panelctl_check_word(const char *text, char *why, unsigned why_size)
{
    static const struct {
        unsigned char c;
        const char *name;
    } named[] = {{'\r', "a carriage return"}, {'\n', "a line feed"},
                 {'\t', "a tab"},             {' ', "a space"},
                 {0x1b, "an escape character"}, {0x7f, "a delete character"}};
    size_t i, k;
    for (i = 0; text[i] != '\0'; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c > 0x20 && c < 0x7f)
            continue;
        for (k = 0; k < sizeof named / sizeof named[0]; k++) {
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

int panelctl_print_line(const char *text)
{
    if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF ||
        fflush(stdout) == EOF)
        return AUTH_ERR_INTERNAL;
    return AUTH_OK;
}

int panelctl_print_plugins(const auth_loader *l)
{
    size_t i, n = auth_loader_count(l);
    for (i = 0; i < n; i++) {
        auth_loader_entry e;
        const char *version = "-";
        if (auth_loader_get(l, i, &e) != AUTH_OK)
            continue;
        if (e.info != NULL && AUTH_STRUCT_HAS(e.info, auth_provider_info, version) &&
            e.info->version != NULL)
            version = e.info->version;
        if (printf("loaded\t%s\t%s\t%u.%u\t%s\n", e.name, version,
                   AUTH_PROVIDER_VERSION_MAJOR(e.abi_version),
                   AUTH_PROVIDER_VERSION_MINOR(e.abi_version), e.file) < 0)
            return AUTH_ERR_INTERNAL;
    }
    n = auth_loader_failure_count(l);
    for (i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        char r[1024];
        if (auth_loader_failure(l, i, &file, &reason) != AUTH_OK)
            continue;
        snprintf(r, sizeof r, "%s", reason ? reason : "unknown reason");
        one_line(r);
        if (printf("failed\t%s\t%s\n", file ? file : "-", r) < 0)
            return AUTH_ERR_INTERNAL;
    }
    return fflush(stdout) == EOF ? AUTH_ERR_INTERNAL : AUTH_OK;
}
