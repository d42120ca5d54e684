/* SPDX-License-Identifier: MIT */
/*
 * config_result.c -- the configuration reader's answers in the caller's
 * auth_result, through the loader's own (never past its struct_size).
 */
#include <stdarg.h>
#include <stdio.h>

#include "config_internal.h"

int config_fail(auth_result *result, int status, const char *fmt, ...)
{
    char line[AUTH_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* Keys and paths come from the file or the file system: a newline or
     * an escape sequence in one must not split or drive the log line. */
    for (char *p = line; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return loader_result(result, status, "%s", line);
}

int config_out_of_memory(auth_result *result)
{
    return config_fail(result, AUTH_ERR_INTERNAL,
                       "out of memory reading the configuration: free some memory and retry");
}
