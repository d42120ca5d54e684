/* SPDX-License-Identifier: MIT */
/* One call to SendGrid's partner API, whatever the operation: the URL in
 * the tenant's region, the region's key (in a prebuilt header list), the
 * retry policy, the mapping of the answer, and the audit line.  login,
 * check and the account operations all go through here. */
#ifndef SG_CALL_H
#define SG_CALL_H

#include <stdint.h>

#include <panelsso/auth_provider.h>
#include "sg_instance.h"
#include "sg_request.h"

/* What to send: the operation, its region and account, and its JSON body
 * (NULL for none).  test_account picks the header list with
 * T-Test-Account (create only). */
typedef struct sg_call_input {
    enum sg_call call;
    enum sg_region region;
    const char *account_id;      /* the path's account, NULL for calls
                                    without one (check, create, catalog) */
    const char *body;
    size_t body_len;
    int test_account;
} sg_call_input;

/* Runs the call inside the instance's overall timeout and maps the final
 * answer (its texts cleaned against `keys`) into `r` (full-size,
 * initialized) and `account` (full-size, initialized, or NULL).  Calls that may be repeated (everything but
 * create) are retried after connection-level failures and 502/503/504, as
 * login always was; create is sent once (see sg_call.c).  *attempts gets
 * how many requests were made.  Returns r->status. */
int sg_call_run(struct auth_instance *inst, const sg_call_input *in,
                const sg_keys *keys, auth_result *r, auth_account *account,
                int *attempts);

/* A monotonic clock in milliseconds, for durations and deadlines. */
int64_t sg_clock_ms(void);

/* Cleans the result's texts once more and logs the audit line:
 *   sendgrid: OP tenant=.. account=.. region=.. outcome=.. http=..
 *   error_id=.. attempts=.. ms=..[ detail=..]
 * `account` is what the line names (the attribute, or create's new ID),
 * `started` the sg_clock_ms at the call's start. */
void sg_call_finish(const struct auth_instance *inst, const sg_keys *keys,
                    enum sg_call call, const sg_request *req,
                    const char *account, auth_result *r, int attempts,
                    int64_t started);

#endif
