/* SPDX-License-Identifier: MIT */
/* control.c -- the test hooks: GET /_sandbox/stats, POST /_sandbox/reset
 * and POST /_sandbox/script (answers armed per operation, see armed.h). */
#include "control.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "armed.h"
#include "bodies.h"
#include "response.h"
#include "sandbox.h"
#include "stats.h"

#define SCRIPT_COUNT_MAX 1000000

static int wrong_method(sbx_conn *c, const char *allow)
{
    char hdr[64], msg[64];
    snprintf(hdr, sizeof hdr, "Allow: %s\r\n", allow);
    snprintf(msg, sizeof msg, "use %s", allow);
    return sbx_respond_error(c, 405, msg, "sbx-method", hdr);
}

static int stats(sbx_conn *c)
{
    size_t len;
    char *json = sbx_stats_json(sbx_cfg.region, sbx_accounts_live(), &len);
    if (!json)
        return sbx_respond_error(c, 500, "out of memory", "sbx-internal", NULL);
    int st = sbx_respond(c, 200, "application/json", NULL, json, len);
    free(json);
    return st;
}

/* {"op":NAME,"answer":ANSWER,"count":N}: arm ANSWER for the next N
 * requests of NAME (N 1 by default). */
static int script(sbx_conn *c)
{
    sbx_errors errs = {.n = 0};
    if (c->req.body_too_large)
        return sbx_respond_error(c, 413, "request body too large", "sbx-body-too-large", NULL);
    json_object *doc = sbx_body_parse(c->req.body, (size_t)c->req.content_length, &errs);
    if (!doc)
        return sbx_respond_errors(c, 400, &errs);
    const char *op_name = sbx_body_string(doc, "op");
    const char *answer = sbx_body_string(doc, "answer");
    int op = op_name ? sbx_op_from_name(op_name) : -1;
    sbx_armed a = {SBX_ARMED_STATUS, 0};
    long count = 1;
    json_object *v;
    if (op < 0)
        sbx_errors_add(&errs, "op", "sbx-invalid-value",
                       "Field must be one of create, list, state, set_state, offerings, "
                       "set_offerings, delete, sso, catalog");
    if (!answer || sbx_armed_parse(answer, &a) != 0)
        sbx_errors_add(&errs, "answer", "sbx-invalid-value",
                       "Field must be one of 400, 401, 403, 404, 429, 500, 502, 503, 504, "
                       "hang, drop, apply-hang, apply-drop");
    if (json_object_object_get_ex(doc, "count", &v)) {
        long long n = json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
        if (n < 1 || n > SCRIPT_COUNT_MAX)
            sbx_errors_add(&errs, "count", "sbx-invalid-value",
                           "Field must be an integer from 1 to %d", SCRIPT_COUNT_MAX);
        else
            count = (long)n;
    }
    int status;
    if (errs.n)
        status = sbx_respond_errors(c, 400, &errs);
    else if (sbx_armed_push((sbx_op)op, &a, count) != 0) {
        sbx_errors_add(&errs, "op", "sbx-queue-full",
                       "%d answers are queued for this operation already", SBX_ARMED_QUEUE_MAX);
        status = sbx_respond_errors(c, 400, &errs);
    } else {
        char body[160];
        int n = snprintf(body, sizeof body, "{\"op\":\"%s\",\"answer\":\"%s\",\"count\":%ld}",
                         op_name, answer, count);
        status = sbx_respond(c, 200, "application/json", NULL, body, (size_t)n);
    }
    json_object_put(doc);
    return status;
}

int sbx_control(sbx_conn *c)
{
    const char *path = c->req.path, *method = c->req.method;
    if (strcmp(path, "/_sandbox/stats") == 0) {
        if (strcmp(method, "GET") != 0)
            return wrong_method(c, "GET");
        return stats(c);
    }
    if (strcmp(path, "/_sandbox/reset") == 0) {
        if (strcmp(method, "POST") != 0)
            return wrong_method(c, "POST");
        sbx_stats_reset();
        sbx_armed_clear();
        static const char ok[] = "{\"reset\":true}";
        return sbx_respond(c, 200, "application/json", NULL, ok, sizeof ok - 1);
    }
    if (strcmp(path, "/_sandbox/script") == 0) {
        if (strcmp(method, "POST") != 0)
            return wrong_method(c, "POST");
        return script(c);
    }
    return sbx_respond_error(c, 404, "route not found", "sbx-route-not-found", NULL);
}
