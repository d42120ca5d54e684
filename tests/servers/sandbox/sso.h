/* SPDX-License-Identifier: MIT */
/* sso.h -- single sign-on: the redirect AuthenticateAccount answers and
 * the login page it leads to. */
#ifndef SBX_SSO_H
#define SBX_SSO_H

#include <stddef.h>

#include "accounts.h"
#include "conn.h"

/* "{scheme}://{login_host}:{port}/login?code=CODE" into out.  0 or -1. */
int sbx_login_url(const char *code, char *out, size_t n);

/* Mint a code for `account` and answer 303 with its login URL. */
int sbx_sso_redirect(sbx_conn *c, const char *account);

/* AuthenticateAccount for an existing account: 403 if it is deactivated,
 * as SendGrid refuses it, else the redirect.  Returns the status. */
int sbx_sso(sbx_conn *c, const char *account, const sbx_account_view *view);

/* GET /login?code=X: the page, once per code. */
int sbx_login_page(sbx_conn *c);

#endif
