/* SPDX-License-Identifier: MIT */
/*
 * plugin_kit.h -- what the test-only plugins (echo, marker, account, and
 * panelctl's fake) have in common: reading a "key=value" list, answering
 * a plain answer, and the entry that negotiates and hands over the ops table.
 * Header-only (static inline), so each plugin stays one source file and
 * exports nothing more.  install/oot-plugin/fixedurl.c does not use it: it
 * is built out of the tree, from the installed headers alone.
 */
#ifndef PLUGIN_KIT_H
#define PLUGIN_KIT_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <panelsso/auth_provider.h>

/* The value of `key` in a NULL-terminated "key=value" list, or NULL. */
static inline const char *kit_value_of(const char *const *kv, const char *key)
{
    size_t klen = strlen(key);
    for (; kv != NULL && *kv != NULL; kv++)
        if (strncmp(*kv, key, klen) == 0 && (*kv)[klen] == '=')
            return *kv + klen + 1;
    return NULL;
}

/* Deliver a result of `status` (a failure, or AUTH_OK) whose log_message
 * is the formatted text, and return the status. */
static inline int kit_answer(auth_result *result, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline int kit_answer(auth_result *result, int status, const char *fmt, ...)
{
    auth_result r;
    va_list ap;
    auth_result_init(&r);
    r.status = status;
    va_start(ap, fmt);
    vsnprintf(r.log_message, sizeof r.log_message, fmt, ap);
    va_end(ap);
    auth_result_deliver(result, &r);
    return status;
}

/* `login` and `check` of the ABI as one function, answer(inst, attributes,
 * result, is_login), for plugins whose check is a login without the URL. */
#define KIT_LOGIN_AND_CHECK(login, check, answer)                                   \
    static int login(auth_instance *inst, const char *const *attributes,           \
                     auth_result *result)                                          \
    {                                                                              \
        return answer(inst, attributes, result, 1);                                \
    }                                                                              \
    static int check(auth_instance *inst, const char *const *attributes,           \
                     auth_result *result)                                          \
    {                                                                              \
        return answer(inst, attributes, result, 0);                                \
    }

/* `fn`, an account operation of the ABI, as one function taking the
 * operation: dispatch(inst, op, attributes, request, result, account). */
#define KIT_ACCOUNT_OP(fn, op, dispatch)                                           \
    static int fn(auth_instance *inst, const char *const *attributes,              \
                  const auth_account_request *request, auth_result *result,        \
                  auth_account *account)                                           \
    {                                                                              \
        return dispatch(inst, op, attributes, request, result, account);          \
    }

/* The plugin's entry: speak ABI `version` (the lower minor if the host's is
 * lower, a different major refused) and hand the host `ops`. */
#define KIT_DEFINE_ENTRY(ops, version)                                             \
    static int kit_entry(uint32_t host_version, const auth_provider_ops **out_ops, \
                         uint32_t *out_version, char *errbuf, size_t errbuf_size)  \
    {                                                                              \
        int rc = auth_provider_negotiate(host_version, (version), out_version,    \
                                         errbuf, errbuf_size);                     \
        if (rc == AUTH_OK)                                                         \
            *out_ops = (ops);                                                      \
        return rc;                                                                 \
    }                                                                              \
    AUTH_PROVIDER_DEFINE_ENTRY(kit_entry)

#endif
