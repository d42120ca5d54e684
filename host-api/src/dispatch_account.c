/* SPDX-License-Identifier: MIT */
/*
 * dispatch_account.c -- auth_loader_supports and auth_loader_account: find
 * the instance by name, check what the ABI lets the loader check, and hand
 * the caller's storage to the plugin's account operation, or answer
 * AUTH_ERR_NOT_SUPPORTED for an instance that has none.
 */
#include <string.h>

#include "loader_internal.h"

/* The ops-table slot of `op`, or NULL.  The loader's copy of the table was
 * cut at the negotiated minor when the plugin was loaded (negotiate.c), so
 * after a 1.0 negotiation every slot here is NULL, whatever the plugin's own
 * table holds: that one rule decides what may be called. */
static auth_account_fn account_op(const loader_instance *inst, int op)
{
    switch (op) {
    case AUTH_ACCOUNT_CREATE: return inst->ops.account_create;
    case AUTH_ACCOUNT_STATE: return inst->ops.account_state;
    case AUTH_ACCOUNT_SUSPEND: return inst->ops.account_suspend;
    case AUTH_ACCOUNT_UNSUSPEND: return inst->ops.account_unsuspend;
    case AUTH_ACCOUNT_OFFERINGS: return inst->ops.account_offerings;
    case AUTH_ACCOUNT_SET_OFFERINGS: return inst->ops.account_set_offerings;
    case AUTH_ACCOUNT_DELETE: return inst->ops.account_delete;
    case AUTH_ACCOUNT_CATALOG: return inst->ops.catalog;
    default: return NULL;
    }
}

AUTH_LOADER_API int auth_loader_supports(const auth_loader *l, const char *name,
                                         int op)
{
    if (l == NULL || name == NULL)
        return 0;
    const loader_instance *inst = loader_find(l, name);
    return inst != NULL && account_op(inst, op) != NULL;
}

/* Empty the caller's account: zero within its struct_size, as far as this
 * header knows the struct (a newer caller's trailing fields are not ours to
 * write), struct_size kept. */
static void account_clear(auth_account *account)
{
    if (account == NULL)
        return;
    size_t keep = account->struct_size;
    memset(account, 0, keep < sizeof *account ? keep : sizeof *account);
    account->struct_size = keep;
}

static int needs_request(int op)
{
    return op == AUTH_ACCOUNT_CREATE || op == AUTH_ACCOUNT_SET_OFFERINGS;
}

AUTH_LOADER_API int auth_loader_account(auth_loader *l, const char *name, int op,
                                        const char *const *attributes,
                                        const auth_account_request *request,
                                        auth_result *result, auth_account *account)
{
    if (result == NULL)
        return AUTH_ERR_INVALID_REQUEST;
    /* Too small to hold even a 1.0 result: nobody touches it. */
    if (result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    /* An account too small for the fields of 1.1 is not written either: the
     * plugin could not answer in it. */
    if (account != NULL && account->struct_size < AUTH_ACCOUNT_MIN_SIZE)
        return loader_result(result, AUTH_ERR_VERSION,
                             "auth_loader_account got an auth_account of %zu "
                             "bytes, smaller than the %zu bytes of ABI 1.1 "
                             "(struct_size not set?): initialize it with "
                             "auth_account_init", account->struct_size,
                             (size_t)AUTH_ACCOUNT_MIN_SIZE);
    /* From here on every answer, the loader's or the plugin's, starts from
     * an empty account: nothing of an earlier call can pass for this one's. */
    account_clear(account);
    const char *op_name = auth_account_op_name(op);
    if (l == NULL || name == NULL)
        return loader_result(result, AUTH_ERR_INVALID_REQUEST,
                             "auth_loader_account needs a loader and a "
                             "provider name: pass both");
    if (op_name == NULL)
        return loader_result(result, AUTH_ERR_INVALID_REQUEST,
                             "auth_loader_account got operation %d, which is "
                             "no auth_account_op (this libauthloader knows 0 "
                             "to %d): pass one of AUTH_ACCOUNT_CREATE ... "
                             "AUTH_ACCOUNT_CATALOG",
                             op, AUTH_ACCOUNT_OP_COUNT - 1);
    if (request != NULL && request->struct_size < AUTH_ACCOUNT_REQUEST_MIN_SIZE)
        return loader_result(result, AUTH_ERR_VERSION,
                             "the auth_account_request for %s is %zu bytes, smaller "
                             "than the %zu bytes of ABI 1.1 (struct_size not set?): "
                             "set struct_size = sizeof(auth_account_request)",
                             op_name, request->struct_size,
                             (size_t)AUTH_ACCOUNT_REQUEST_MIN_SIZE);
    const loader_instance *inst = loader_find(l, name);
    if (inst == NULL)
        return loader_result(result, AUTH_ERR_CONFIG,
                             "no provider instance named '%s' is loaded: load its "
                             "plugin or fix the provider name", name);
    auth_account_fn fn = account_op(inst, op);
    if (fn == NULL && AUTH_PROVIDER_VERSION_MINOR(inst->abi_version) < 1)
        return loader_result(result, AUTH_ERR_NOT_SUPPORTED,
                             "provider '%s' does not support %s (it negotiated ABI "
                             "%u.%u; account operations need 1.1): upgrade the plugin "
                             "or manage the account in the provider's own console",
                             name, op_name,
                             AUTH_PROVIDER_VERSION_MAJOR(inst->abi_version),
                             AUTH_PROVIDER_VERSION_MINOR(inst->abi_version));
    if (fn == NULL)
        return loader_result(result, AUTH_ERR_NOT_SUPPORTED,
                             "provider '%s' does not support %s (its plugin does not "
                             "implement it): upgrade the plugin if a later version "
                             "does, or manage the account in the provider's own console",
                             name, op_name);
    if (request == NULL && needs_request(op))
        return loader_result(result, AUTH_ERR_INVALID_REQUEST,
                             "%s needs an auth_account_request (%s): pass one", op_name,
                             op == AUTH_ACCOUNT_CREATE ? "the profile and the offerings"
                                                : "the offerings");
    if (request != NULL && request->offering_count > 0 && request->offerings == NULL)
        return loader_result(result, AUTH_ERR_INVALID_REQUEST,
                             "the auth_account_request for %s has offering_count %zu "
                             "but no offerings: pass the array or a count of 0",
                             op_name, request->offering_count);
    if (account != NULL)
        return fn(inst->inst, attributes, request, result, account);
    /* The caller wants no answer, but a plugin may always write one. */
    auth_account dropped;
    auth_account_init(&dropped);
    return fn(inst->inst, attributes, request, result, &dropped);
}
