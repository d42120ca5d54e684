/* SPDX-License-Identifier: MIT */
/* logfmt_reader.c -- see logfmt_reader.h. */
#include "logfmt_reader.h"

#include <stdio.h>
#include <string.h>

static int fail(char *err, size_t n, const char *why, size_t at)
{
    snprintf(err, n, "%s at byte %zu", why, at);
    return -1;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || c == '_';
}

static int is_bare_char(unsigned char c)
{
    return c > 0x20 && c != 0x7F && c != '"' && c != '=' && c != '\\';
}

int logfmt_read(const char *line, logfmt_line *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    size_t i = 0, len = strlen(line);
    /* The prefix: words with no '=' up to the first word that has one. */
    for (;;) {
        size_t w = i;
        while (w < len && line[w] != ' ' && line[w] != '=')
            w++;
        if (w < len && line[w] == '=')
            break;
        if (w >= len)
            return fail(err, err_size, "no field", i);
        if (w - 0 >= sizeof out->prefix)
            return fail(err, err_size, "prefix too long", i);
        i = w + 1;
    }
    if (i == 0)
        return fail(err, err_size, "no prefix", 0);
    memcpy(out->prefix, line, i - 1);
    out->prefix[i - 1] = '\0';
    while (i < len) {
        if (out->count == LOGFMT_MAX_FIELDS)
            return fail(err, err_size, "too many fields", i);
        logfmt_field *f = &out->field[out->count++];
        size_t n = 0;
        while (i < len && is_name_char(line[i])) {
            if (n + 1 >= sizeof f->name)
                return fail(err, err_size, "name too long", i);
            f->name[n++] = line[i++];
        }
        if (n == 0 || i >= len || line[i] != '=')
            return fail(err, err_size, "expected name=", i);
        i++;
        size_t v = 0;
        if (i < len && line[i] == '"') {
            f->quoted = 1;
            for (i++;; i++) {
                if (i >= len)
                    return fail(err, err_size, "unterminated quote", i);
                char c = line[i];
                if (c == '"')
                    break;
                if (c == '\\') {
                    if (i + 1 >= len || (line[i + 1] != '"' && line[i + 1] != '\\'))
                        return fail(err, err_size, "bad escape", i);
                    c = line[++i];
                }
                if (v + 1 >= sizeof f->value)
                    return fail(err, err_size, "value too long", i);
                f->value[v++] = c;
            }
            i++; /* the closing quote */
        } else {
            while (i < len && is_bare_char((unsigned char)line[i])) {
                if (v + 1 >= sizeof f->value)
                    return fail(err, err_size, "value too long", i);
                f->value[v++] = line[i++];
            }
            if (v == 0)
                return fail(err, err_size, "empty bare value", i);
        }
        f->value[v] = '\0';
        if (i == len)
            break;
        if (line[i] != ' ' || i + 1 >= len)
            return fail(err, err_size, "expected one space between fields", i);
        i++;
    }
    return 0;
}

const char *logfmt_get(const logfmt_line *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->field[i].name, name) == 0)
            return l->field[i].value;
    return NULL;
}

int logfmt_is_audit_line(const logfmt_line *l, char *err, size_t err_size)
{
    static const char *const want[] = {"tenant", "account", "region", "outcome",
                                       "http", "error_id", "attempts", "ms",
                                       "detail"};
    /* Written out here rather than taken from the plugin: the reader
     * checks the plugin's words against the documented ones. */
    static const char *const ops[] = {
        "login", "check", "account_create", "account_state", "account_suspend",
        "account_unsuspend", "account_offerings", "account_set_offerings",
        "account_delete", "catalog"};
    int known = 0;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        char want_prefix[64];
        snprintf(want_prefix, sizeof want_prefix, "sendgrid: %s", ops[i]);
        known |= strcmp(l->prefix, want_prefix) == 0;
    }
    if (!known) {
        snprintf(err, err_size, "prefix '%s'", l->prefix);
        return -1;
    }
    if (l->count != 8 && l->count != 9) {
        snprintf(err, err_size, "%zu fields instead of 8 or 9", l->count);
        return -1;
    }
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->field[i].name, want[i]) != 0) {
            snprintf(err, err_size, "field %zu is '%s', not '%s'", i + 1,
                     l->field[i].name, want[i]);
            return -1;
        }
    return 0;
}

int logfmt_read_audit_line(const char *line, logfmt_line *out)
{
    char err[200];
    if (logfmt_read(line, out, err, sizeof err) != 0 ||
        logfmt_is_audit_line(out, err, sizeof err) != 0) {
        /* Not the line itself: it is what is under test, and a leak in it
         * must not reach the test's output. */
        fprintf(stderr, "\n  the audit line does not read back: %s\n", err);
        return -1;
    }
    return 0;
}
