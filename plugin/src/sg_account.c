/* SPDX-License-Identifier: MIT */
/* The account operations: read the attributes and the request, check
 * them, build the JSON body, make the call (sg_call.c), audit, and hand
 * the result and the account over.  Nothing is sent before every input
 * passed its check. */
#include <string.h>

#include "sg_account_body.h"
#include "sg_account_input.h"
#include "sg_call.h"
#include "sg_instance.h"
#include "sg_request.h"
#include "sg_text.h"

/* The request's fields, each read only if the caller's struct holds it. */
typedef struct request_view {
    const char *const *profile;
    const auth_offering *offerings;
    size_t offering_count;
    int test_account;
} request_view;

static request_view view_of(const auth_account_request *q)
{
    request_view v = {NULL, NULL, 0, 0};
    if (AUTH_STRUCT_HAS(q, auth_account_request, profile))
        v.profile = q->profile;
    if (AUTH_STRUCT_HAS(q, auth_account_request, offerings))
        v.offerings = q->offerings;
    if (AUTH_STRUCT_HAS(q, auth_account_request, offering_count))
        v.offering_count = q->offering_count;
    if (AUTH_STRUCT_HAS(q, auth_account_request, test_account))
        v.test_account = q->test_account;
    return v;
}

/* The body `call` sends, built from checked inputs.  AUTH_OK (body->text
 * NULL for a call without one), or a refusal or AUTH_ERR_INTERNAL in r. */
static int prepare(enum sg_call call, const request_view *v, const sg_keys *keys,
                   sg_body *body, auth_result *r)
{
    body->text = NULL;
    body->len = 0;
    int rc = AUTH_OK;
    sg_profile profile;
    switch (call) {
    case SG_CALL_ACCOUNT_CREATE:
        if ((rc = sg_profile_parse(v->profile, keys, &profile, r)) != AUTH_OK ||
            (rc = sg_offerings_check(v->offerings, v->offering_count, keys, r)) !=
                AUTH_OK)
            return rc;
        rc = sg_body_create(&profile, v->offerings, v->offering_count, body);
        break;
    case SG_CALL_ACCOUNT_SET_OFFERINGS:
        if ((rc = sg_offerings_check(v->offerings, v->offering_count, keys, r)) !=
            AUTH_OK)
            return rc;
        rc = sg_body_offerings(v->offerings, v->offering_count, body);
        break;
    case SG_CALL_ACCOUNT_SUSPEND:
        rc = sg_body_state(SG_STATE_SUSPENDED, body);
        break;
    case SG_CALL_ACCOUNT_UNSUSPEND:
        rc = sg_body_state(SG_STATE_ACTIVE, body);
        break;
    default:
        return AUTH_OK;
    }
    if (rc != AUTH_OK) {
        r->status = rc;
        sg_copy(r->log_message, sizeof r->log_message,
                "out of memory while building the request body");
        sg_copy(r->user_message, sizeof r->user_message,
                "SendGrid account management failed. Please try again later.");
    }
    return rc;
}

static enum sg_account_rule account_rule(enum sg_call call)
{
    if (call == SG_CALL_ACCOUNT_CREATE)
        return SG_ACCOUNT_ID_REFUSED;
    if (call == SG_CALL_CATALOG)
        return SG_ACCOUNT_ID_OPTIONAL;
    return SG_ACCOUNT_ID_REQUIRED;
}

static int run(struct auth_instance *inst, enum sg_call call,
               const char *const *attributes, const auth_account_request *request,
               auth_result *result, auth_account *account)
{
    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    int64_t started = sg_clock_ms();
    /* Built full-size here and delivered into whatever size the caller's
     * structs have (account operations are not the hot path). */
    auth_result r;
    auth_result_init(&r);
    auth_account acct;
    auth_account_init(&acct);
    sg_keys keys;
    sg_keys_of(inst, &keys);
    sg_request req;
    int attempts = 0;
    request_view v = view_of(request);
    sg_body body = {NULL, 0};
    if (sg_request_parse_for(attributes, inst->settings.default_region,
                             account_rule(call), &keys, &req, &r) != AUTH_OK) {
        /* refused: r says why */
    } else if (account != NULL && account->struct_size < AUTH_ACCOUNT_MIN_SIZE) {
        r.status = AUTH_ERR_VERSION;
        sg_copy(r.log_message, sizeof r.log_message,
                "the host's auth_account is smaller than ABI 1.1's: rebuild the "
                "host against the current auth_provider.h");
        sg_copy(r.user_message, sizeof r.user_message,
                "SendGrid account management failed. Please contact support.");
    } else if (prepare(call, &v, &keys, &body, &r) == AUTH_OK) {
        sg_call_input in = {call, req.region, req.account_id, body.text, body.len,
                            call == SG_CALL_ACCOUNT_CREATE && v.test_account};
        sg_call_run(inst, &in, &keys, &r, &acct, &attempts);
        if (in.test_account && r.status == AUTH_OK) {
            char said[sizeof r.log_message];
            sg_copy(said, sizeof said, r.log_message);
            sg_fmt(r.log_message, sizeof r.log_message, "%s (a test account)", said);
        }
    }
    sg_body_free(&body);
    const char *named = call == SG_CALL_ACCOUNT_CREATE
                            ? (r.status == AUTH_OK ? acct.account_id : NULL)
                            : req.account_id;
    sg_call_finish(inst, &keys, call, &req, named, &r, attempts, started);
    auth_result_deliver(result, &r);
    if (account != NULL && account->struct_size >= AUTH_ACCOUNT_MIN_SIZE)
        auth_account_deliver(account, &acct);
    return result->status;
}

#define ACCOUNT_OP(fn, call)                                                     \
    int fn(struct auth_instance *inst, const char *const *attributes,            \
           const auth_account_request *request, auth_result *result,             \
           auth_account *account)                                                \
    {                                                                            \
        return run(inst, call, attributes, request, result, account);            \
    }

ACCOUNT_OP(sg_account_create, SG_CALL_ACCOUNT_CREATE)
ACCOUNT_OP(sg_account_state, SG_CALL_ACCOUNT_STATE)
ACCOUNT_OP(sg_account_suspend, SG_CALL_ACCOUNT_SUSPEND)
ACCOUNT_OP(sg_account_unsuspend, SG_CALL_ACCOUNT_UNSUSPEND)
ACCOUNT_OP(sg_account_offerings, SG_CALL_ACCOUNT_OFFERINGS)
ACCOUNT_OP(sg_account_set_offerings, SG_CALL_ACCOUNT_SET_OFFERINGS)
ACCOUNT_OP(sg_account_delete, SG_CALL_ACCOUNT_DELETE)
ACCOUNT_OP(sg_account_catalog, SG_CALL_CATALOG)
