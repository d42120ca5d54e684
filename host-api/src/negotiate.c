/* SPDX-License-Identifier: MIT */
/*
 * negotiate.c -- the host's half of the version handshake and the checks on
 * the ops table a plugin hands back (auth_provider.h, VERSIONING and STRUCT
 * SIZES).
 */
#include <stdio.h>
#include <string.h>

#include "loader_internal.h"

size_t loader_ops_size_for(uint32_t version)
{
    /* Minor 0 is the 1.0 table; 1.1 appended the account operations, which
     * end this header's table.  A later header appends a case here. */
    if (AUTH_PROVIDER_VERSION_MINOR(version) == 0)
        return AUTH_PROVIDER_OPS_SIZE_1_0;
    return sizeof(auth_provider_ops);
}

int loader_negotiate(auth_provider_entry_fn entry, uint32_t offered,
                     auth_provider_ops *ops, uint32_t *version, char *err,
                     size_t err_size)
{
    const auth_provider_ops *theirs = NULL;
    uint32_t answered = 0;
    char why[512];

    memset(ops, 0, sizeof *ops);
    why[0] = '\0';
    int rc = entry(offered, &theirs, &answered, why, sizeof why);
    why[sizeof why - 1] = '\0';
    if (rc != AUTH_OK) {
        snprintf(err, err_size,
                 "the plugin refused ABI version %u.%u (%s): %s",
                 AUTH_PROVIDER_VERSION_MAJOR(offered),
                 AUTH_PROVIDER_VERSION_MINOR(offered), auth_status_name(rc),
                 why[0] != '\0' ? why
                                : "it gave no reason; rebuild it against this "
                                  "host's auth_provider.h");
        return AUTH_ERR_VERSION;
    }
    if (AUTH_PROVIDER_VERSION_MAJOR(answered) != AUTH_PROVIDER_VERSION_MAJOR(offered) ||
        AUTH_PROVIDER_VERSION_MINOR(answered) > AUTH_PROVIDER_VERSION_MINOR(offered)) {
        snprintf(err, err_size,
                 "the plugin answered ABI version %u.%u to a host offering %u.%u "
                 "(it must keep the major and at most the host's minor): fix "
                 "its negotiation (auth_provider_negotiate) and rebuild it",
                 AUTH_PROVIDER_VERSION_MAJOR(answered),
                 AUTH_PROVIDER_VERSION_MINOR(answered),
                 AUTH_PROVIDER_VERSION_MAJOR(offered),
                 AUTH_PROVIDER_VERSION_MINOR(offered));
        return AUTH_ERR_VERSION;
    }
    if (theirs == NULL) {
        snprintf(err, err_size, "the plugin returned no ops table: fix its "
                 "entry point to set *out_ops and rebuild it");
        return AUTH_ERR_VERSION;
    }
    if (theirs->struct_size < AUTH_PROVIDER_OPS_MIN_SIZE) {
        snprintf(err, err_size,
                 "the plugin's ops table is %zu bytes, smaller than the %zu "
                 "bytes of the three mandatory ops (struct_size not set?): set "
                 "struct_size = sizeof(auth_provider_ops) and rebuild it",
                 theirs->struct_size, (size_t)AUTH_PROVIDER_OPS_MIN_SIZE);
        return AUTH_ERR_VERSION;
    }
    /* Only what the plugin says it has: an older plugin's table is shorter
     * than ours, and the missing trailing ops must read NULL.  And only what
     * the negotiated minor defines: a newer plugin offered an older version
     * has a longer table, but its later ops are not part of the agreement,
     * so they read NULL too and are never called. */
    size_t n = theirs->struct_size < sizeof *ops ? theirs->struct_size : sizeof *ops;
    size_t agreed = loader_ops_size_for(answered);
    if (n > agreed)
        n = agreed;
    memcpy(ops, theirs, n);
    ops->struct_size = n;
    int missing = (ops->init == NULL) + (ops->login == NULL) + (ops->teardown == NULL);
    if (missing > 0) {
        snprintf(err, err_size,
                 "the plugin's mandatory op%s%s%s%s %s NULL: implement init, "
                 "login and teardown and rebuild it",
                 missing > 1 ? "s" : "",
                 ops->init == NULL ? " init" : "",
                 ops->login == NULL ? " login" : "",
                 ops->teardown == NULL ? " teardown" : "",
                 missing > 1 ? "are" : "is");
        memset(ops, 0, sizeof *ops);
        return AUTH_ERR_VERSION;
    }
    *version = answered;
    return AUTH_OK;
}
