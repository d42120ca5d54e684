/* SPDX-License-Identifier: MIT */
/* routes.c -- which operation a request is, and the checks they share,
 * in this order: route, key, armed script, then for operations on an
 * account: its id, its existence, its script-* behaviour. */
#include "routes.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "account_ops.h"
#include "accounts.h"
#include "armed.h"
#include "control.h"
#include "response.h"
#include "sandbox.h"
#include "scripts.h"
#include "sso.h"
#include "stats.h"
#include "urls.h"

#define ACCOUNTS_PATH "/v3/partners/accounts"

/* "yes" (the partner key), "no" (another) or "none" (no Authorization). */
static const char *auth_state(const srv_request *r)
{
    const char *a = r->authorization;
    if (!a)
        return "none";
    if (strlen(a) > 7 && strncasecmp(a, "Bearer ", 7) == 0) {
        const char *k = a + 7;
        while (*k == ' ')
            k++;
        size_t kl = strlen(k);
        if (kl == sbx_cfg.api_key_len && CRYPTO_memcmp(k, sbx_cfg.api_key, kl) == 0)
            return "yes";
    }
    return "no";
}

int sbx_gate(sbx_conn *c, sbx_op op, int *status)
{
    sbx_stats_op(op);
    if (strcmp(c->auth_state, "yes") != 0) {
        sbx_stats_inc(SBX_ST_UNAUTHORIZED);
        *status = sbx_respond_error(c, 401, "authorization required", "sbx-unauthorized", NULL);
        return 1;
    }
    sbx_stats_inc(SBX_ST_AUTHORIZED);
    sbx_armed a;
    if (!sbx_armed_take(op, &a))
        return 0;
    switch (a.kind) {
    case SBX_ARMED_STATUS:
        *status = sbx_scripts_status(c, a.status);
        return 1;
    case SBX_ARMED_HANG:
        *status = sbx_conn_no_answer(c, SBX_NO_ANSWER_HANG);
        return 1;
    case SBX_ARMED_DROP:
        *status = sbx_conn_no_answer(c, SBX_NO_ANSWER_DROP);
        return 1;
    case SBX_ARMED_APPLY_HANG:
        c->withhold = SBX_NO_ANSWER_HANG;
        return 0;
    case SBX_ARMED_APPLY_DROP:
        c->withhold = SBX_NO_ANSWER_DROP;
        return 0;
    }
    return 0;
}

/* An operation on the account named by the path segment seg[0..len). */
static int on_account(sbx_conn *c, sbx_op op, const char *seg, size_t len)
{
    char id[1024];
    int status;
    int decoded = sbx_pct_decode(seg, len, id, sizeof id) == 0;
    if (!decoded) {
        /* Log what came, escaped or not. */
        size_t l = len < sizeof id - 1 ? len : sizeof id - 1;
        memcpy(id, seg, l);
        id[l] = '\0';
    }
    if (op == SBX_OP_SSO) {
        sbx_stats_inc(SBX_ST_SSO_REQUESTS);
        c->sso_pending_account = id;   /* logged by the answer's first write */
    }
    if (sbx_gate(c, op, &status))
        goto out;
    if (!decoded) {
        status = sbx_respond_error(c, 400, "account id is not a valid path segment",
                                   "sbx-bad-account-id", NULL);
        goto out;
    }
    sbx_account_view view;
    if (!sbx_accounts_get(id, &view)) {
        status = sbx_respond_error(c, 404, "account not found", "sbx-account-not-found", NULL);
        goto out;
    }
    if (sbx_scripts_handle(c, op, id, &status))
        goto out;
    switch (op) {
    case SBX_OP_SSO: status = sbx_sso(c, id, &view); break;
    case SBX_OP_STATE: status = sbx_op_state(c, &view); break;
    case SBX_OP_SET_STATE: status = sbx_op_set_state(c, id); break;
    case SBX_OP_OFFERINGS: status = sbx_op_offerings(c, &view); break;
    case SBX_OP_SET_OFFERINGS: status = sbx_op_set_offerings(c, id); break;
    case SBX_OP_DELETE: status = sbx_op_delete(c, id); break;
    default: status = sbx_respond_error(c, 500, "no such operation", "sbx-internal", NULL); break;
    }
out:
    if (c->sso_pending_account != NULL) {
        /* Nothing was written: log it now. */
        c->sso_pending_account = NULL;
        sbx_stats_sso_log(c->id, id, c->req.path, status);
    }
    return status;
}

static int wrong_method(sbx_conn *c, const char *allow)
{
    char hdr[64], msg[64];
    snprintf(hdr, sizeof hdr, "Allow: %s\r\n", allow);
    snprintf(msg, sizeof msg, "use %s", allow);
    return sbx_respond_error(c, 405, msg, "sbx-method", hdr);
}

/* /v3/partners/accounts/{id}[/state|/offerings|/sso] */
static int account_route(sbx_conn *c, const char *seg, const char *method)
{
    const char *slash = strchr(seg, '/');
    size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
    const char *rest = slash ? slash : "";
    if (len == 0)
        return sbx_respond_error(c, 404, "route not found", "sbx-route-not-found", NULL);
    if (strcmp(rest, "") == 0) {
        if (strcmp(method, "DELETE") == 0)
            return on_account(c, SBX_OP_DELETE, seg, len);
        return wrong_method(c, "DELETE");
    }
    if (strcmp(rest, "/sso") == 0) {
        if (strcmp(method, "POST") == 0)
            return on_account(c, SBX_OP_SSO, seg, len);
        return wrong_method(c, "POST");
    }
    if (strcmp(rest, "/state") == 0 || strcmp(rest, "/offerings") == 0) {
        int state = rest[1] == 's';
        if (strcmp(method, "GET") == 0)
            return on_account(c, state ? SBX_OP_STATE : SBX_OP_OFFERINGS, seg, len);
        if (strcmp(method, "PUT") == 0)
            return on_account(c, state ? SBX_OP_SET_STATE : SBX_OP_SET_OFFERINGS, seg, len);
        return wrong_method(c, "GET, PUT");
    }
    return sbx_respond_error(c, 404, "route not found", "sbx-route-not-found", NULL);
}

int sbx_route_request(sbx_conn *c)
{
    const srv_request *r = &c->req;
    const char *path = r->path, *method = r->method;
    int status;

    if (strncmp(path, "/_sandbox/", 10) == 0)
        return sbx_control(c);
    sbx_stats_inc(SBX_ST_REQUESTS);
    c->auth_state = auth_state(r);

    if (strcmp(path, ACCOUNTS_PATH) == 0) {
        if (strcmp(method, "POST") == 0)
            return sbx_op_create(c);
        if (strcmp(method, "GET") != 0)
            return wrong_method(c, "GET, POST");
        if (sbx_gate(c, SBX_OP_LIST, &status))
            return status;
        return sbx_op_list(c);
    }
    if (strncmp(path, ACCOUNTS_PATH "/", sizeof ACCOUNTS_PATH) == 0)
        return account_route(c, path + sizeof ACCOUNTS_PATH, method);
    if (strcmp(path, "/v3/partners/offerings") == 0) {
        if (strcmp(method, "GET") != 0)
            return wrong_method(c, "GET");
        if (sbx_gate(c, SBX_OP_CATALOG, &status))
            return status;
        return sbx_op_catalog(c);
    }
    if (strcmp(path, "/login") == 0) {
        if (strcmp(method, "GET") != 0)
            return wrong_method(c, "GET");
        return sbx_login_page(c);
    }
    return sbx_respond_error(c, 404, "route not found", "sbx-route-not-found", NULL);
}
