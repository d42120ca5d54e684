/* SPDX-License-Identifier: MIT */
/*
 * loader_result.c -- the loader's own answers in the caller's auth_result,
 * written like a plugin's: never past the caller's struct_size.
 */
#include <stdarg.h>
#include <stdio.h>

#include "loader_internal.h"

int loader_result(auth_result *result, int status, const char *fmt, ...)
{
    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return status;
    auth_result r;
    auth_result_init(&r);
    r.status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r.log_message, sizeof r.log_message, fmt, ap);
    va_end(ap);
    /* The customer-safe sentence: user_message is what a panel shows its
     * customer, and the operator text would name configuration internals. */
    snprintf(r.user_message, sizeof r.user_message, "%s",
             auth_loader_status_user_text(status));
    auth_result_deliver(result, &r);
    return status;
}
