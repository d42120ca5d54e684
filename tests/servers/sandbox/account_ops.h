/* SPDX-License-Identifier: MIT */
/* account_ops.h -- the partner API's account operations and its catalog,
 * with real state (accounts.h).  Each is called by routes.c after the
 * checks every operation shares (key, armed scripts; for those on an id:
 * the id, its existence and its scripts) and returns the status sent. */
#ifndef SBX_ACCOUNT_OPS_H
#define SBX_ACCOUNT_OPS_H

#include "accounts.h"
#include "conn.h"

/* POST /v3/partners/accounts, whole: it runs the shared checks itself,
 * since every create is logged, answered or not. */
int sbx_op_create(sbx_conn *c);

int sbx_op_list(sbx_conn *c);
int sbx_op_catalog(sbx_conn *c);
int sbx_op_state(sbx_conn *c, const sbx_account_view *view);
int sbx_op_set_state(sbx_conn *c, const char *id);
int sbx_op_offerings(sbx_conn *c, const sbx_account_view *view);
int sbx_op_set_offerings(sbx_conn *c, const char *id);
int sbx_op_delete(sbx_conn *c, const char *id);

#endif
