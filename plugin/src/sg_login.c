/* SPDX-License-Identifier: MIT */
/* login and check: validate the tenant's attributes, make the call
 * (sg_call.c: the tenant's region, retries inside the overall timeout, the
 * answer mapped), audit. */
#include <string.h>

#include "sg_call.h"
#include "sg_instance.h"
#include "sg_request.h"
#include "sg_secret.h"

static int run(struct auth_instance *inst, enum sg_call what,
               const char *const *attributes, auth_result *result)
{
    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    int64_t started = sg_clock_ms();
    /* A caller whose result is at least ours gets it filled in place (no
     * second 5 KiB buffer to copy and wipe per login); an older, smaller
     * one gets a full-size local copy delivered, then wiped. */
    auth_result local;
    int in_place = result->struct_size >= sizeof local;
    auth_result *r = in_place ? result : &local;
    size_t caller_size = result->struct_size;
    auth_result_init(r);
    if (in_place)
        r->struct_size = caller_size;  /* a newer host's larger struct */
    sg_keys keys;
    sg_keys_of(inst, &keys);
    sg_request req;
    int attempts = 0;
    if (sg_request_parse(attributes, inst->settings.default_region,
                         what == SG_CALL_SSO, &keys, &req, r) == AUTH_OK) {
        sg_call_input in = {what, req.region, req.account_id, NULL, 0, 0};
        sg_call_run(inst, &in, &keys, r, NULL, &attempts);
    }
    sg_call_finish(inst, &keys, what, &req, req.account_id, r, attempts, started);
    if (!in_place) {
        auth_result_deliver(result, &local);
        sg_secure_zero(local.redirect_url, sizeof local.redirect_url);
    }
    return result->status;
}

int sg_login(struct auth_instance *inst, const char *const *attributes,
             auth_result *result)
{
    return run(inst, SG_CALL_SSO, attributes, result);
}

int sg_check(struct auth_instance *inst, const char *const *attributes,
             auth_result *result)
{
    return run(inst, SG_CALL_CHECK, attributes, result);
}
