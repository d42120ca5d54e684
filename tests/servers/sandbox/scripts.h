/* SPDX-License-Identifier: MIT */
/* scripts.h -- scripted misbehaviour chosen by the account id, for every
 * operation on that id (see README.md for the list). */
#ifndef SBX_SCRIPTS_H
#define SBX_SCRIPTS_H

#include "conn.h"
#include "ops.h"

/* Prepare the canned bodies.  0 or -1 (out of memory). */
int sbx_scripts_init(void);

/* If `account` names a script that answers `op` on its own, answer (or
 * withhold the answer) and return 1 with *status set (for the logs).
 * Return 0 to let the caller answer normally (not a script, one that does
 * not apply to `op`, script-slow after its delay, or a script-503-once-*
 * id already seen for `op`). */
int sbx_scripts_handle(sbx_conn *c, sbx_op op, const char *account, int *status);

/* The scripted answer with this status, as script-<status> gives it: 400
 * with the OpenAPI file's example field errors, 429 with X-RateLimit-Reset
 * 30 s ahead (Unix seconds), any other an error in SendGrid's shape with
 * error_id "sbx-<status>".  Returns status. */
int sbx_scripts_status(sbx_conn *c, int status);

#endif
