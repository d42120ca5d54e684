/* SPDX-License-Identifier: MIT */
/*
 * report.h -- how a command that failed ends: one line on stderr
 * ("panelctl: what went wrong: what to do"), and with --json the same
 * message in the JSON object on stdout (json_out.h), then the exit code.
 * stderr gets the line with --json too, so an operator's log reads the
 * same whichever form a program parses.
 */
#ifndef PANELCTL_REPORT_H
#define PANELCTL_REPORT_H

#include <panelsso/auth_provider.h>
#include "json_out.h"

/* Report a failure with `status` (an auth_status) and `exit_code`;
 * `answer` is what the provider answered (NULL: no call was made).
 * Returns exit_code, or PANELCTL_EXIT_INTERNAL if the JSON object could
 * not be written (a second stderr line says so). */
int panelctl_fail(int json, int status, int exit_code, const panelctl_answer *answer,
                  const char *fmt, ...) AUTH_PROVIDER_PRINTF(5, 6);

/* The same with the exit code that exit_codes.c gives `status`. */
int panelctl_fail_status(int json, int status, const panelctl_answer *answer,
                         const char *fmt, ...) AUTH_PROVIDER_PRINTF(4, 5);

/* The provider answered `status` (not AUTH_OK) in `r`:
 *   COMMAND WHO failed (STATUS_NAME): LOG_MESSAGE: ADVICE
 * with "retry in N seconds" for the advice when the provider said when.
 * The JSON object carries `r`. */
int panelctl_provider_failed(int json, const char *command, const char *who, int status,
                             const auth_result *r);

/* The provider said AUTH_OK but `field` ("a login URL", "a region"...) of
 * its answer holds `why` (panelctl_check_word's wording): a protocol error
 * (exit 9).  The text itself is not quoted: a URL is a secret, and the
 * bytes are the problem. */
int panelctl_refuse_unprintable(int json, const char *command, const char *who,
                                const char *provider, const char *field,
                                const char *why, const auth_result *r);

/* A success's JSON object (message null).  Returns PANELCTL_EXIT_OK, or
 * PANELCTL_EXIT_INTERNAL with a stderr line if stdout failed. */
int panelctl_json_success(const panelctl_answer *answer);

/* stdout failed while printing a success in text: the stderr line, and
 * PANELCTL_EXIT_INTERNAL. */
int panelctl_stdout_failed(void);

#endif
