/* SPDX-License-Identifier: MIT */
/* logfmt_reader.h -- a small, strict logfmt reader for checking the lines
 * the plugin writes (its audit line above all).  Written apart from the
 * plugin's encoder on purpose: it reads what a log pipeline would read.
 *
 * A line is a fixed prefix of bare words without '=' ("sendgrid: login"),
 * then fields separated by single spaces.  A field is name=value; a name
 * is [a-z_]+; a value is bare (one or more bytes other than space, '"',
 * '=', '\' and controls) or quoted ("..." in which \" and \\ stand for "
 * and \, and any other backslash is an error).  Used by fuzz_audit and the
 * plugin's text tests. */
#ifndef LOGFMT_READER_H
#define LOGFMT_READER_H

#include <stddef.h>

#define LOGFMT_MAX_FIELDS 32
#define LOGFMT_MAX_VALUE 2048

typedef struct logfmt_field {
    char name[32];
    char value[LOGFMT_MAX_VALUE];   /* unquoted */
    int quoted;
} logfmt_field;

typedef struct logfmt_line {
    char prefix[64];                /* the words before the first field */
    logfmt_field field[LOGFMT_MAX_FIELDS];
    size_t count;
} logfmt_line;

/* Reads `line` into *out.  0, or -1 with the reason in err[err_size]. */
int logfmt_read(const char *line, logfmt_line *out, char *err, size_t err_size);

/* The value of the field named `name`, or NULL. */
const char *logfmt_get(const logfmt_line *l, const char *name);

/* Is `line` exactly the audit line's fields, in order (detail optional,
 * last), under the prefix "sendgrid: OP", OP one of login, check and the
 * account operations (account_create ... catalog)?  0, or -1 with the
 * reason in err. */
int logfmt_is_audit_line(const logfmt_line *l, char *err, size_t err_size);

/* logfmt_read, then logfmt_is_audit_line, for a test: 0, or -1 with the
 * reason printed to stderr. */
int logfmt_read_audit_line(const char *line, logfmt_line *out);

#endif
