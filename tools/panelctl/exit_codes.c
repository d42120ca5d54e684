/* SPDX-License-Identifier: MIT */
/* exit_codes.c -- the auth_status -> exit code table (see exit_codes.h). */
#include "exit_codes.h"

#include <panelsso/auth_provider.h>

static const panelctl_exit_row rows[] = {
    {PANELCTL_EXIT_OK, "success"},
    {PANELCTL_EXIT_INTERNAL, "internal error (a bug, out of memory, output failed)"},
    {PANELCTL_EXIT_USAGE, "usage or configuration error (ABI mismatch, operation "
                          "unsupported)"},
    {PANELCTL_EXIT_INVALID_REQUEST, "invalid request: the attributes or arguments are wrong"},
    {PANELCTL_EXIT_AUTH_REJECTED, "authentication rejected by the provider"},
    {PANELCTL_EXIT_FORBIDDEN, "forbidden: credentials may not act on this account"},
    {PANELCTL_EXIT_NOT_FOUND, "not found: the account does not exist at the provider"},
    {PANELCTL_EXIT_RATE_LIMITED, "rate limited: retry later"},
    {PANELCTL_EXIT_UNAVAILABLE, "unavailable: provider unreachable or failing, retry later"},
    {PANELCTL_EXIT_PROTOCOL, "protocol error: the provider's answer was unusable"},
    {PANELCTL_EXIT_TLS, "TLS error: the secure connection could not be verified"},
    {PANELCTL_EXIT_OUTCOME_UNKNOWN, "outcome unknown: it may have happened; look "
                                    "before retrying"},
};

/* Indexed by auth_status; the single place statuses meet exit codes.  A
 * status appended to auth_provider.h must get its row here: an empty row
 * would read as exit 0. */
_Static_assert(AUTH_STATUS_COUNT == 14,
               "auth_provider.h has a new status: give it a row in by_status");
static const struct {
    int exit_code;
    const char *advice;
} by_status[AUTH_STATUS_COUNT] = {
    [AUTH_OK] = {PANELCTL_EXIT_OK, "nothing to do"},
    [AUTH_ERR_INVALID_REQUEST] = {PANELCTL_EXIT_INVALID_REQUEST,
        "fix the tenant's attributes or the command's arguments"},
    [AUTH_ERR_CONFIG] = {PANELCTL_EXIT_USAGE,
        "fix the provider's settings in the configuration file"},
    [AUTH_ERR_AUTH_REJECTED] = {PANELCTL_EXIT_AUTH_REJECTED,
        "check the provider's API key"},
    [AUTH_ERR_FORBIDDEN] = {PANELCTL_EXIT_FORBIDDEN,
        "give the API key the permissions this account needs"},
    [AUTH_ERR_NOT_FOUND] = {PANELCTL_EXIT_NOT_FOUND,
        "check the tenant's account_id and region"},
    [AUTH_ERR_RATE_LIMITED] = {PANELCTL_EXIT_RATE_LIMITED,
        "wait and retry"},
    [AUTH_ERR_UNAVAILABLE] = {PANELCTL_EXIT_UNAVAILABLE,
        "retry later; check the network and the provider's status"},
    [AUTH_ERR_PROTOCOL] = {PANELCTL_EXIT_PROTOCOL,
        "retry later; report it if it persists"},
    [AUTH_ERR_TLS] = {PANELCTL_EXIT_TLS,
        "check the CA file, the system clock and the provider's certificate"},
    [AUTH_ERR_INTERNAL] = {PANELCTL_EXIT_INTERNAL,
        "report this as a bug, with the -vv output"},
    [AUTH_ERR_VERSION] = {PANELCTL_EXIT_USAGE,
        "install a plugin built for this panelctl's auth_provider ABI"},
    /* Retrying cannot help, and the command line was fine for panelctl:
     * like a configuration that asks for something this installation
     * cannot do. */
    [AUTH_ERR_NOT_SUPPORTED] = {PANELCTL_EXIT_USAGE,
        "do it in the provider's own console, or install a plugin that "
        "implements it"},
    /* Its own code: a script must never treat it as a failure to retry. */
    [AUTH_ERR_OUTCOME_UNKNOWN] = {PANELCTL_EXIT_OUTCOME_UNKNOWN,
        "do not repeat it blindly: look at the provider (its account list "
        "or console) whether it took effect first"},
};

const panelctl_exit_row *panelctl_exit_rows(unsigned *count)
{
    *count = (unsigned)(sizeof rows / sizeof rows[0]);
    return rows;
}

int panelctl_exit_for_status(int status)
{
    if (status < 0 || status >= AUTH_STATUS_COUNT)
        return PANELCTL_EXIT_INTERNAL;
    return by_status[status].exit_code;
}

const char *panelctl_advice_for_status(int status)
{
    if (status < 0 || status >= AUTH_STATUS_COUNT)
        return "report this as a bug: the plugin returned an unknown status";
    return by_status[status].advice;
}
