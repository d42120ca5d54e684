/* SPDX-License-Identifier: MIT */
/* routes.h -- dispatches a parsed request to its operation, after the
 * checks every partner-API operation shares. */
#ifndef SBX_ROUTES_H
#define SBX_ROUTES_H

#include "conn.h"
#include "ops.h"

/* Answer c->req; sets c->auth_state and maybe c->close.  Returns the status
 * sent (for the log), or SBX_NO_ANSWER_*. */
int sbx_route_request(sbx_conn *c);

/* What every partner-API operation does first: count the request for
 * `op`, check the key (401 if wrong), then apply the answer armed for
 * `op`, if any (POST /_sandbox/script).  1 if that answered (or withheld
 * the answer) with *status set; 0 to go on (with c->withhold set when
 * the armed answer withholds the answer of a request carried out). */
int sbx_gate(sbx_conn *c, sbx_op op, int *status);

#endif
