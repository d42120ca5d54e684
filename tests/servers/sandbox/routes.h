/* routes.h -- dispatches a parsed request to its operation. */
#ifndef SBX_ROUTES_H
#define SBX_ROUTES_H

#include <stddef.h>

#include "conn.h"

/* Answer c->req; sets c->auth_state and maybe c->close.  Returns the status
 * sent (for the log). */
int sbx_route_request(sbx_conn *c);

/* "{scheme}://{login_host}:{port}/login?code=CODE" into out.  0 or -1. */
int sbx_login_url(const char *code, char *out, size_t n);

/* Mint a code for `account` and answer 303 with its login URL. */
int sbx_sso_redirect(sbx_conn *c, const char *account);

#endif
