/* SPDX-License-Identifier: MIT */
/* account_ops.c -- create, list, state, offerings and delete as the
 * OpenAPI file has them (tsg_account_provisioning_v3.json), on the store
 * in accounts.c, answering in SendGrid's shapes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* memmem */
#endif
#include "account_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bodies.h"
#include "response.h"
#include "routes.h"
#include "sandbox.h"
#include "urls.h"

#define LIST_LIMIT_DEFAULT 10
#define LIST_LIMIT_MAX 100

static int out_of_memory(sbx_conn *c)
{
    return sbx_respond_error(c, 500, "out of memory", "sbx-internal", NULL);
}

static int account_gone(sbx_conn *c)
{
    return sbx_respond_error(c, 404, "account not found", "sbx-account-not-found", NULL);
}

/* The request's body as a JSON object, or NULL with the answer sent
 * (413 when it was too large to keep, 400 when it is no JSON object). */
static json_object *body_or_answer(sbx_conn *c, int *status)
{
    if (c->req.body_too_large) {
        *status = sbx_respond_error(c, 413, "request body too large", "sbx-body-too-large", NULL);
        return NULL;
    }
    sbx_errors errs = {.n = 0};
    json_object *doc = sbx_body_parse(c->req.body, (size_t)c->req.content_length, &errs);
    if (!doc)
        *status = sbx_respond_errors(c, 400, &errs);
    return doc;
}

/* The profile's email as the create log shows it: printable ASCII only,
 * and never anything holding the partner key. */
static void log_email(json_object *doc, char *out, size_t n)
{
    json_object *profile;
    const char *email = NULL;
    out[0] = '\0';
    if (doc && json_object_object_get_ex(doc, "profile", &profile))
        email = sbx_body_string(profile, "email");
    if (!email)
        return;
    if (memmem(email, strlen(email), sbx_cfg.api_key, sbx_cfg.api_key_len)) {
        snprintf(out, n, "<redacted>");
        return;
    }
    size_t o = 0;
    for (const char *p = email; *p && o + 1 < n; p++)
        out[o++] = (*p > 0x20 && *p < 0x7f) ? *p : '?';
    out[o] = '\0';
}

int sbx_op_create(sbx_conn *c)
{
    sbx_create_record rec;
    sbx_errors errs = {.n = 0};
    memset(&rec, 0, sizeof rec);
    const char *test = srv_request_field(&c->req, "T-Test-Account");
    rec.test_account = test && strcasecmp(test, "true") == 0;
    json_object *doc = NULL;
    if (!c->req.body_too_large)
        doc = sbx_body_parse(c->req.body, (size_t)c->req.content_length, &errs);
    log_email(doc, rec.email, sizeof rec.email);
    c->create_pending = &rec;

    int status;
    if (sbx_gate(c, SBX_OP_CREATE, &status))
        goto out;
    if (c->req.body_too_large) {
        status = sbx_respond_error(c, 413, "request body too large", "sbx-body-too-large", NULL);
        goto out;
    }
    sbx_profile profile;
    sbx_offering_list offerings;
    if (!doc || sbx_body_create(doc, &profile, &offerings, &errs) != 0) {
        status = sbx_respond_errors(c, 400, &errs);
        goto out;
    }
    char id[SBX_ACCOUNT_ID_LEN + 1];
    json_object *answer = NULL;
    if (sbx_accounts_create(&profile, &offerings, rec.test_account, id) != 0 ||
        !(answer = json_object_new_object()) ||
        json_object_object_add(answer, "account_id", json_object_new_string(id)) != 0) {
        status = sbx_respond_error(c, 500, "could not create the account", "sbx-internal", NULL);
    } else {
        memcpy(rec.account_id, id, sizeof id);
        status = sbx_respond_json(c, 201, answer);
    }
    json_object_put(answer);
    sbx_profile_free(&profile);
out:
    if (c->create_pending != NULL) {
        /* Nothing was written: record it now. */
        c->create_pending = NULL;
        sbx_stats_create_log(c->id, &rec, status);
    }
    json_object_put(doc);
    return status;
}

static void add_time(json_object *obj, const char *name, time_t t)
{
    struct tm tm;
    char buf[32];
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_object_add(obj, name, json_object_new_string(buf));
}

/* ?limit: 1 to 100 (default 10).  0, or -1 with an error added. */
static int read_limit(const char *query, size_t *limit, sbx_errors *errs)
{
    size_t len;
    const char *v = query ? sbx_query_param(query, "limit", &len) : NULL;
    *limit = LIST_LIMIT_DEFAULT;
    if (!v)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < len && n <= LIST_LIMIT_MAX; i++) {
        if (v[i] < '0' || v[i] > '9')
            goto bad;
        n = n * 10 + (size_t)(v[i] - '0');
    }
    if (len == 0 || n < 1 || n > LIST_LIMIT_MAX)
        goto bad;
    *limit = n;
    return 0;
bad:
    sbx_errors_add(errs, "limit", "sbx-invalid-value", "Field must be an integer from 1 to %d",
                   LIST_LIMIT_MAX);
    return -1;
}

int sbx_op_list(sbx_conn *c)
{
    sbx_errors errs = {.n = 0};
    size_t limit, n = 0, len;
    char offset[1024];
    const char *raw = c->req.query ? sbx_query_param(c->req.query, "offset", &len) : NULL;
    if (read_limit(c->req.query, &limit, &errs) != 0)
        return sbx_respond_errors(c, 400, &errs);
    if (raw && (len == 0 || sbx_pct_decode(raw, len, offset, sizeof offset) != 0)) {
        sbx_errors_add(&errs, "offset", "sbx-invalid-value",
                       "Field must be an account id from an earlier page");
        return sbx_respond_errors(c, 400, &errs);
    }
    sbx_account_summary *page = calloc(limit, sizeof *page);
    if (!page)
        return out_of_memory(c);
    if (sbx_accounts_page(raw ? offset : NULL, limit, page, &n) != 0) {
        free(page);
        sbx_errors_add(&errs, "offset", "sbx-unknown-offset",
                       "No account with this id was ever listed here");
        return sbx_respond_errors(c, 400, &errs);
    }
    json_object *doc = json_object_new_object(), *list = json_object_new_array(),
                *pages = json_object_new_object();
    int status;
    if (!doc || !list || !pages) {
        json_object_put(list);
        json_object_put(pages);
        status = out_of_memory(c);
        goto out;
    }
    json_object_object_add(doc, "accounts", list);
    json_object_object_add(doc, "pages", pages);
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_new_object();
        if (!a || json_object_array_add(list, a) != 0) {
            json_object_put(a);
            status = out_of_memory(c);
            goto out;
        }
        json_object_object_add(a, "id", json_object_new_string(page[i].id));
        json_object_object_add(a, "email", json_object_new_string(page[i].email));
        json_object_object_add(a, "company_name", json_object_new_string(page[i].company_name));
        add_time(a, "created_at", page[i].created_at);
        add_time(a, "updated_at", page[i].updated_at);
    }
    if (n)
        json_object_object_add(pages, "last", json_object_new_string(page[n - 1].id));
    status = sbx_respond_json(c, 200, doc);
out:
    json_object_put(doc);
    free(page);
    return status;
}

/* {"name":..,"type":..,"quantity":..}, or NULL (out of memory). */
static json_object *offering_json(int item, long long quantity)
{
    const sbx_catalog_item *ci = sbx_catalog_item_at((size_t)item);
    json_object *o = json_object_new_object();
    if (o) {
        json_object_object_add(o, "name", json_object_new_string(ci->name));
        json_object_object_add(o, "type", json_object_new_string(ci->type));
        json_object_object_add(o, "quantity", json_object_new_int64(quantity));
    }
    return o;
}

int sbx_op_catalog(sbx_conn *c)
{
    json_object *doc = json_object_new_object(), *list = json_object_new_array();
    int status;
    if (!doc || !list || json_object_object_add(doc, "catalog", list) != 0) {
        json_object_put(list);
        status = out_of_memory(c);
        goto out;
    }
    for (size_t i = 0; i < sbx_catalog_count(); i++) {
        const sbx_catalog_item *ci = sbx_catalog_item_at(i);
        json_object *entry = json_object_new_object(), *ent = json_object_new_object();
        json_object *off = offering_json((int)i, 1);
        if (!entry || !ent || !off || json_object_array_add(list, entry) != 0) {
            json_object_put(entry);
            json_object_put(ent);
            json_object_put(off);
            status = out_of_memory(c);
            goto out;
        }
        json_object_object_add(entry, "offering", off);
        json_object_object_add(entry, "entitlements", ent);
        json_object_object_add(ent, "email_sends_max_monthly",
                               json_object_new_int64(ci->email_sends_max_monthly));
        json_object_object_add(ent, "ip_count", json_object_new_int64(ci->ip_count));
        json_object_object_add(ent, "teammates_max_total",
                               json_object_new_int64(ci->teammates_max_total));
        json_object_object_add(ent, "users_max_total", json_object_new_int64(ci->users_max_total));
    }
    status = sbx_respond_json(c, 200, doc);
out:
    json_object_put(doc);
    return status;
}

int sbx_op_state(sbx_conn *c, const sbx_account_view *view)
{
    char body[64];
    int n = snprintf(body, sizeof body, "{\"state\":\"%s\"}",
                     view->deactivated ? "deactivated" : "activated");
    return sbx_respond(c, 200, "application/json", NULL, body, (size_t)n);
}

int sbx_op_set_state(sbx_conn *c, const char *id)
{
    int status, deactivated;
    sbx_errors errs = {.n = 0};
    json_object *doc = body_or_answer(c, &status);
    if (!doc)
        return status;
    if (sbx_body_state(doc, &deactivated, &errs) != 0)
        status = sbx_respond_errors(c, 400, &errs);
    else {
        int done = sbx_accounts_set_state(id, deactivated);
        status = done > 0 ? sbx_respond(c, 204, NULL, NULL, NULL, 0)
               : done == 0 ? account_gone(c) : out_of_memory(c);
    }
    json_object_put(doc);
    return status;
}

/* {"offerings":[...]} answered with `status`. */
static int answer_offerings(sbx_conn *c, int status, const sbx_offering_list *l)
{
    json_object *doc = json_object_new_object(), *list = json_object_new_array();
    int st;
    if (!doc || !list || json_object_object_add(doc, "offerings", list) != 0) {
        json_object_put(list);
        st = out_of_memory(c);
        goto out;
    }
    for (size_t i = 0; i < l->n; i++) {
        json_object *o = offering_json(l->o[i].item, l->o[i].quantity);
        if (!o || json_object_array_add(list, o) != 0) {
            json_object_put(o);
            st = out_of_memory(c);
            goto out;
        }
    }
    st = sbx_respond_json(c, status, doc);
out:
    json_object_put(doc);
    return st;
}

int sbx_op_offerings(sbx_conn *c, const sbx_account_view *view)
{
    return answer_offerings(c, 200, &view->offerings);
}

int sbx_op_set_offerings(sbx_conn *c, const char *id)
{
    int status;
    sbx_errors errs = {.n = 0};
    sbx_offering_list l;
    json_object *doc = body_or_answer(c, &status);
    if (!doc)
        return status;
    if (sbx_body_offerings(doc, &l, &errs) != 0)
        status = sbx_respond_errors(c, 400, &errs);
    else {
        int done = sbx_accounts_set_offerings(id, &l);
        status = done > 0 ? answer_offerings(c, 200, &l)
               : done == 0 ? account_gone(c) : out_of_memory(c);
    }
    json_object_put(doc);
    return status;
}

int sbx_op_delete(sbx_conn *c, const char *id)
{
    int done = sbx_accounts_delete(id);
    return done > 0 ? sbx_respond(c, 204, NULL, NULL, NULL, 0)
         : done == 0 ? account_gone(c) : out_of_memory(c);
}
