/* exit_codes.c -- the auth_status -> exit code table (see exit_codes.h). */
#include "exit_codes.h"

#include <panelsso/auth_provider.h>

static const panelctl_exit_row rows[] = {
    {PANELCTL_EXIT_OK, "success"},
    {PANELCTL_EXIT_INTERNAL, "internal error (a bug, out of memory, output failed)"},
    {PANELCTL_EXIT_USAGE, "usage or configuration error (including plugin ABI mismatch)"},
    {PANELCTL_EXIT_INVALID_REQUEST, "invalid request: the tenant's attributes are wrong"},
    {PANELCTL_EXIT_AUTH_REJECTED, "authentication rejected by the provider"},
    {PANELCTL_EXIT_FORBIDDEN, "forbidden: credentials may not act on this account"},
    {PANELCTL_EXIT_NOT_FOUND, "not found: the account does not exist at the provider"},
    {PANELCTL_EXIT_RATE_LIMITED, "rate limited: retry later"},
    {PANELCTL_EXIT_UNAVAILABLE, "unavailable: provider unreachable or failing, retry later"},
    {PANELCTL_EXIT_PROTOCOL, "protocol error: the provider's answer was unusable"},
    {PANELCTL_EXIT_TLS, "TLS error: the secure connection could not be verified"},
};

/* Indexed by auth_status; the single place statuses meet exit codes. */
static const struct {
    int exit_code;
    const char *advice;
} by_status[AUTH_STATUS_COUNT] = {
    [AUTH_OK] = {PANELCTL_EXIT_OK, "nothing to do"},
    [AUTH_ERR_INVALID_REQUEST] = {PANELCTL_EXIT_INVALID_REQUEST,
        "fix the tenant's attributes in the configuration file"},
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
