/* SPDX-License-Identifier: MIT */
/*
 * json_out.h -- panelctl --json: one JSON object, on one line, on stdout,
 * for every command, success or failure.  Built with json-c; every string
 * in it is valid UTF-8 (panelctl_clean_text), so any JSON parser reads it.
 *
 * The object of a command (the same keys every time, null where they do
 * not apply):
 *   ok             true only for success (status AUTH_OK and exit_code 0)
 *   status         the auth_status (-1 for one this panelctl does not know)
 *   status_name    "AUTH_OK", "AUTH_ERR_..." ("AUTH_ERR_UNKNOWN" for -1)
 *   exit_code      panelctl's exit status (exit_codes.h)
 *   message        the line panelctl wrote on stderr, without "panelctl: ";
 *                  null on success
 *   redirect_url   login's one-time URL; null unless login succeeded
 *   expires_at_ms  when it expires (Unix ms); null if unknown
 *   retry_after_s  seconds to wait before retrying; 0 if unknown
 *   user_message, log_message   the provider's (strings, maybe empty)
 *   error_id, region            the provider's, null if it gave none
 *   http_status    the provider's HTTP status, null if none
 *   account_id     account create's new id, else null
 *   state          account state/suspend/unsuspend's state, else null
 *   offerings      [{name, type, quantity}] of account offerings,
 *                  set-offerings and catalog; [] otherwise
 */
#ifndef PANELCTL_JSON_OUT_H
#define PANELCTL_JSON_OUT_H

#include <panelsso/auth_loader.h>

/* What the provider answered, as far as there is an answer. */
typedef struct panelctl_answer {
    const auth_result *result;      /* NULL: no provider call was made */
    const char *redirect_url;       /* login's URL once checked, else NULL */
    const auth_account *account;    /* an account op's answer on success,
                                       else NULL */
} panelctl_answer;

/* Print the object of a command.  `message` NULL for success.  The URL,
 * if any, is erased from json-c's copies after writing (stdio's buffer and
 * copies json-c made while growing its buffer are out of reach; the
 * process is non-dumpable and exits next).  Returns AUTH_OK, or
 * AUTH_ERR_INTERNAL if out of memory or stdout failed. */
int panelctl_json_print(int status, int exit_code, const char *message,
                        const panelctl_answer *answer);

/* `plugins --json`: ok, status, status_name, exit_code 0, message null, and
 *   loaded  [{name, version, abi, file, capabilities}]: capabilities are
 *           "login", "check" if the plugin lists it in get_info, and the
 *           account operations auth_loader_supports says it runs
 *   failed  [{file, reason}]
 * Returns as panelctl_json_print. */
int panelctl_json_print_plugins(const auth_loader *l);

/* `--version --json`: ok, status, status_name, exit_code 0, message null,
 * version, abi ("1.1"). */
int panelctl_json_print_version(const char *version);

#endif
