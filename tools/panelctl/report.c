/* SPDX-License-Identifier: MIT */
/* report.c -- a command's failure, as text and as JSON (see report.h). */
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exit_codes.h"
#include "output.h"

static int vfail(int json, int status, int exit_code, const panelctl_answer *answer,
                 const char *fmt, va_list ap)
{
    char message[2048];
    vsnprintf(message, sizeof message, fmt, ap);
    panelctl_error_line(message);
    if (json && panelctl_json_print(status, exit_code, message, answer) != AUTH_OK)
        return panelctl_stdout_failed();
    return exit_code;
}

int panelctl_fail(int json, int status, int exit_code, const panelctl_answer *answer,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int code = vfail(json, status, exit_code, answer, fmt, ap);
    va_end(ap);
    return code;
}

int panelctl_fail_status(int json, int status, const panelctl_answer *answer,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int code = vfail(json, status, panelctl_exit_for_status(status), answer, fmt, ap);
    va_end(ap);
    return code;
}

int panelctl_json_success(const panelctl_answer *answer)
{
    if (panelctl_json_print(AUTH_OK, PANELCTL_EXIT_OK, NULL, answer) != AUTH_OK)
        return panelctl_stdout_failed();
    return PANELCTL_EXIT_OK;
}

int panelctl_stdout_failed(void)
{
    panelctl_error("cannot write to standard output: %s: check where stdout goes",
                   errno != 0 ? strerror(errno) : "out of memory");
    return PANELCTL_EXIT_INTERNAL;
}

int panelctl_provider_failed(int json, const char *command, const char *who, int status,
                             const auth_result *r)
{
    const panelctl_answer answer = {r, NULL, NULL};
    const char *detail = r->log_message[0] != '\0' ? r->log_message
                                                   : auth_strerror(status);
    if ((status == AUTH_ERR_RATE_LIMITED || status == AUTH_ERR_UNAVAILABLE) &&
        r->retry_after_s > 0)
        return panelctl_fail_status(json, status, &answer,
                                    "%s %s failed (%s): %s: retry in %u seconds "
                                    "(the provider's retry_after_s)",
                                    command, who, auth_status_name(status), detail,
                                    (unsigned)r->retry_after_s);
    /* A plugin's message that already ends with the same advice gets it
     * once. */
    const char *advice = panelctl_advice_for_status(status);
    size_t dlen = strlen(detail), alen = strlen(advice);
    if (dlen >= alen && strcmp(detail + dlen - alen, advice) == 0)
        return panelctl_fail_status(json, status, &answer, "%s %s failed (%s): %s", command,
                                    who, auth_status_name(status), detail);
    return panelctl_fail_status(json, status, &answer, "%s %s failed (%s): %s: %s",
                                command, who, auth_status_name(status), detail, advice);
}

int panelctl_refuse_unprintable(int json, const char *command, const char *who,
                                const char *provider, const char *field,
                                const char *why, const auth_result *r)
{
    const panelctl_answer answer = {r, NULL, NULL};
    return panelctl_fail_status(json, AUTH_ERR_PROTOCOL, &answer,
                                "%s %s failed (%s): provider '%s' returned %s holding "
                                "%s, which panelctl does not write to the terminal: "
                                "report this bug in the plugin", command, who,
                                auth_status_name(AUTH_ERR_PROTOCOL), provider, field, why);
}
