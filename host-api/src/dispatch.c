/* SPDX-License-Identifier: MIT */
/*
 * dispatch.c -- auth_loader_login and auth_loader_check: find the instance
 * by name and hand the caller's result to the plugin.
 */
#include "loader_internal.h"

static int dispatch(auth_loader *l, const char *name,
                    const char *const *attributes, auth_result *result,
                    int is_check)
{
    const char *what = is_check ? "auth_loader_check" : "auth_loader_login";
    if (result == NULL)
        return AUTH_ERR_INVALID_REQUEST;
    /* Too small to hold even a 1.0 result: the plugin could not answer
     * without writing past it, so nobody touches it. */
    if (result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    if (l == NULL || name == NULL)
        return loader_result(result, AUTH_ERR_INVALID_REQUEST,
                             "%s needs a loader and a provider name: pass both",
                             what);
    const loader_instance *inst = loader_find(l, name);
    if (inst == NULL)
        return loader_result(result, AUTH_ERR_CONFIG,
                             "no provider instance named '%s' is loaded: load "
                             "its plugin or fix the provider name", name);
    if (!is_check)
        return inst->ops.login(inst->inst, attributes, result);
    if (inst->ops.check == NULL)
        return loader_result(result, AUTH_ERR_CONFIG,
                             "provider %s does not support check: upgrade the "
                             "plugin or test the connection with a login", name);
    return inst->ops.check(inst->inst, attributes, result);
}

AUTH_LOADER_API int auth_loader_login(auth_loader *l, const char *name,
                                      const char *const *attributes,
                                      auth_result *result)
{
    return dispatch(l, name, attributes, result, 0);
}

AUTH_LOADER_API int auth_loader_check(auth_loader *l, const char *name,
                                      const char *const *attributes,
                                      auth_result *result)
{
    return dispatch(l, name, attributes, result, 1);
}
