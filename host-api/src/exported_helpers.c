/* SPDX-License-Identifier: MIT */
/*
 * exported_helpers.c -- auth_provider.h's inline helpers as exported
 * functions, for hosts that cannot call inline code (foreign function
 * interfaces, language bindings), plus the customer's sentence per status.
 * The names and operator texts come from the inline helpers themselves, so
 * there is one table of each; loader.exported_helpers checks every answer
 * against them.
 */
#include <stdint.h>
#include <string.h>

#include "loader_internal.h"

/* A size a caller says it allocated: it must at least hold struct_size. */
static int holds_struct_size(const void *p, size_t size)
{
    return p != NULL && size >= sizeof(size_t);
}

/* Zero `size` bytes and record the size, as the inline initializers do for
 * sizeof; struct_size is the first member of each struct. */
static void init_sized(void *p, size_t size)
{
    memset(p, 0, size);
    memcpy(p, &size, sizeof size);
}

/* The bytes [offset, offset + len) of a struct whose caller allocated
 * struct_size bytes, cut to those bytes.  Returns the length to touch. */
static size_t within(size_t struct_size, size_t offset, size_t len)
{
    if (struct_size <= offset)
        return 0;
    return struct_size - offset < len ? struct_size - offset : len;
}

AUTH_LOADER_API size_t auth_loader_result_size(void)
{
    return sizeof(auth_result);
}

AUTH_LOADER_API void auth_loader_result_init(auth_result *result, size_t size)
{
    if (holds_struct_size(result, size))
        init_sized(result, size);
}

AUTH_LOADER_API void auth_loader_result_wipe(auth_result *result)
{
    if (result == NULL)
        return;
    /* explicit_bzero: stores the compiler may not drop as dead, as the
     * inline auth_result_wipe's volatile memset; never past struct_size. */
    explicit_bzero(result->redirect_url,
                   within(result->struct_size, offsetof(auth_result, redirect_url),
                          sizeof result->redirect_url));
}

AUTH_LOADER_API const char *auth_loader_status_name(int status)
{
    return auth_status_name(status);
}

AUTH_LOADER_API const char *auth_loader_status_text(int status)
{
    return auth_strerror(status);
}

/* What a customer may read: what happened to them and what they can do,
 * without a status name, an HTTP code, a host or a setting (those are the
 * operator's, in log_message and auth_loader_status_text). */
AUTH_LOADER_API const char *auth_loader_status_user_text(int status)
{
    static const char *const text[AUTH_STATUS_COUNT] = {
        [AUTH_OK] = "Done.",
        [AUTH_ERR_INVALID_REQUEST] =
            "Your account is not set up correctly for this service. "
            "Please contact support.",
        [AUTH_ERR_CONFIG] = "This service is not set up correctly. Please contact support.",
        [AUTH_ERR_AUTH_REJECTED] = "The service refused our request. Please contact support.",
        [AUTH_ERR_FORBIDDEN] = "Access to your account was refused. Please contact support.",
        [AUTH_ERR_NOT_FOUND] = "Your account could not be found. Please contact support.",
        [AUTH_ERR_RATE_LIMITED] =
            "The service is busy right now. Please try again in a minute.",
        [AUTH_ERR_UNAVAILABLE] =
            "The service cannot be reached right now. Please try again in a few minutes.",
        [AUTH_ERR_PROTOCOL] =
            "The service gave an answer we could not use. Please try again in a few minutes.",
        [AUTH_ERR_TLS] =
            "A secure connection to the service could not be made. Please contact support.",
        [AUTH_ERR_INTERNAL] =
            "Something went wrong on our side. Please try again; if it keeps happening, "
            "contact support.",
        [AUTH_ERR_VERSION] = "This service is not set up correctly. Please contact support.",
        [AUTH_ERR_NOT_SUPPORTED] =
            "This action is not available for your account. Please contact support.",
        [AUTH_ERR_OUTCOME_UNKNOWN] =
            "We could not confirm that your request went through. Please check again in a "
            "few minutes before repeating it.",
    };
    if (status >= 0 && status < AUTH_STATUS_COUNT && text[status] != NULL)
        return text[status];
    return "Something went wrong. Please contact support.";
}

AUTH_LOADER_API size_t auth_loader_account_size(void)
{
    return sizeof(auth_account);
}

AUTH_LOADER_API void auth_loader_account_init(auth_account *account, size_t size)
{
    if (holds_struct_size(account, size))
        init_sized(account, size);
}

AUTH_LOADER_API void auth_loader_account_wipe(auth_account *account)
{
    if (account == NULL)
        return;
    /* Everything after struct_size the caller allocated, fields of a later
     * release included: all of it is the answer. */
    size_t body = offsetof(auth_account, account_id);
    explicit_bzero((char *)account + body, within(account->struct_size, body, SIZE_MAX));
}

AUTH_LOADER_API const char *auth_loader_account_op_name(int op)
{
    return auth_account_op_name(op);
}

AUTH_LOADER_API size_t auth_loader_account_request_size(void)
{
    return sizeof(auth_account_request);
}

AUTH_LOADER_API void auth_loader_account_request_init(auth_account_request *request,
                                                      size_t size)
{
    if (holds_struct_size(request, size))
        init_sized(request, size);
}
