/* SPDX-License-Identifier: MIT */
/*
 * account_plugin.c -- the test-only provider of the account operations of
 * ABI 1.1 (module "account").  Built a second time with ACCOUNT_READS_ONLY
 * (module "account_reads"): then only state, offerings and catalog are in
 * its ops table, the others NULL.
 *
 * It keeps its accounts in memory, per instance, behind a lock, so any
 * number of threads may use one instance; every answer depends only on the
 * request and on what earlier requests did to the same account:
 *   create         the profile field username=U (required) makes account_id
 *                  "acct-U", state "activated" ("test" with test_account),
 *                  and keeps the request's offerings (at most ACCOUNT_KEEP);
 *                  an existing account: AUTH_ERR_INVALID_REQUEST
 *   state          the account's state
 *   suspend        state "deactivated";  unsuspend: "activated"
 *   offerings      the kept offerings;  set_offerings: replaces them
 *   delete         forgets the account
 *   catalog        CATALOG_SIZE offerings, more than AUTH_OFFERINGS_MAX:
 *                  the first AUTH_OFFERINGS_MAX are filled in, and
 *                  offering_total says how many there are
 * Every op but create takes account_id=ID; an unknown ID is
 * AUTH_ERR_NOT_FOUND.  Every op answers, in log_message, exactly what it was
 * given (what a test checks to see the loader passed it on):
 *   "<op> attrs=[k=v k=v] request=none"
 *   "<op> attrs=[...] profile=[k=v ...] offerings=[name:type:qty ...] test_account=N"
 * and http_status 200.  The attribute answer=STATUS_NAME makes any op
 * answer that status instead, changing nothing: user_message "account:
 * answered STATUS_NAME as asked", retry_after_s 7, error_id "asked".  Its
 * own failures say why in log_message, with user_message auth_strerror().
 *
 * login answers AUTH_OK with log_message
 *   "account: login abi=MAJOR.MINOR account_calls=N"
 * where ABI is what the host table says and N counts the account operations
 * this instance ran, so a test can show that a host never called one.
 * Answers are built in full-size local storage and delivered with
 * auth_result_deliver / auth_account_deliver: nothing is written past the
 * caller's struct_size.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

#include "plugin_kit.h"

#ifdef ACCOUNT_READS_ONLY
#define MODULE_NAME "account_reads"
#else
#define MODULE_NAME "account"
#endif

#define ACCOUNT_KEEP 4
#define CATALOG_SIZE (AUTH_OFFERINGS_MAX + 6)

typedef struct account_rec {
    char id[AUTH_ID_MAX];
    char state[AUTH_STATE_MAX];
    size_t n_offerings;
    auth_offering offerings[ACCOUNT_KEEP];
} account_rec;

struct auth_instance {
    const auth_host_api *host;
    pthread_mutex_t lock;       /* guards everything below */
    account_rec *recs;
    size_t n_recs, cap_recs;
    unsigned long account_calls;
};

/* Append printf output to buf, never past size. */
static void add(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    if (used + 1 >= size)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
}

static void add_list(char *buf, size_t size, const char *label,
                     const char *const *kv)
{
    add(buf, size, " %s=[", label);
    for (size_t i = 0; kv != NULL && kv[i] != NULL; i++)
        add(buf, size, "%s%s", i ? " " : "", kv[i]);
    add(buf, size, "]");
}

/* What the op was given, as the header comment above spells it. */
static void describe(char *buf, size_t size, const char *op,
                     const char *const *attributes,
                     const auth_account_request *request)
{
    buf[0] = '\0';
    add(buf, size, "%s", op);
    add_list(buf, size, "attrs", attributes);
    if (request == NULL) {
        add(buf, size, " request=none");
        return;
    }
    add_list(buf, size, "profile", request->profile);
    add(buf, size, " offerings=[");
    for (size_t i = 0; i < request->offering_count; i++)
        add(buf, size, "%s%.*s:%.*s:%u", i ? " " : "",
            AUTH_OFFERING_NAME_MAX, request->offerings[i].name,
            AUTH_OFFERING_TYPE_MAX, request->offerings[i].type,
            request->offerings[i].quantity);
    add(buf, size, "] test_account=%d", request->test_account);
}

static int status_named(const char *name)
{
    for (int s = 0; s < AUTH_STATUS_COUNT; s++)
        if (strcmp(auth_status_name(s), name) == 0)
            return s;
    return -1;
}

/* Called with the lock held. */
static account_rec *find(auth_instance *inst, const char *id)
{
    for (size_t i = 0; id != NULL && i < inst->n_recs; i++)
        if (strcmp(inst->recs[i].id, id) == 0)
            return &inst->recs[i];
    return NULL;
}

static void copy_offerings(auth_offering *dst, uint32_t *count,
                           const auth_offering *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = src[i];
    *count = (uint32_t)n;
}

/* Run `op` on the store, with the lock held; fills r and a. */
static int run_locked(auth_instance *inst, int op, const char *const *attributes,
                      const auth_account_request *request, auth_result *r,
                      auth_account *a)
{
    const char *id = kit_value_of(attributes, "account_id");
    if (op == AUTH_ACCOUNT_CATALOG) {
        for (size_t i = 0; i < AUTH_OFFERINGS_MAX; i++) {
            auth_offering *o = &a->offerings[i];
            snprintf(o->name, sizeof o->name, i == 0 ? "plan-basic" : "addon-%zu", i);
            snprintf(o->type, sizeof o->type, i == 0 ? "package" : "addon");
            o->quantity = 1;
        }
        a->offering_count = AUTH_OFFERINGS_MAX;
        a->offering_total = CATALOG_SIZE;
        return AUTH_OK;
    }
    if (op == AUTH_ACCOUNT_CREATE) {
        const char *user = request != NULL ? kit_value_of(request->profile, "username") : NULL;
        char new_id[AUTH_ID_MAX];
        if (user == NULL || request->offering_count > ACCOUNT_KEEP) {
            snprintf(r->log_message, sizeof r->log_message,
                     "account: create needs the profile field username and at "
                     "most %d offerings", ACCOUNT_KEEP);
            return AUTH_ERR_INVALID_REQUEST;
        }
        snprintf(new_id, sizeof new_id, "acct-%s", user);
        if (find(inst, new_id) != NULL) {
            snprintf(r->log_message, sizeof r->log_message,
                     "account: %s exists already", new_id);
            return AUTH_ERR_INVALID_REQUEST;
        }
        if (inst->n_recs == inst->cap_recs) {
            size_t cap = inst->cap_recs ? inst->cap_recs * 2 : 16;
            account_rec *n = realloc(inst->recs, cap * sizeof *n);
            if (n == NULL)
                return AUTH_ERR_INTERNAL;
            inst->recs = n;
            inst->cap_recs = cap;
        }
        account_rec *rec = &inst->recs[inst->n_recs++];
        memset(rec, 0, sizeof *rec);
        snprintf(rec->id, sizeof rec->id, "%s", new_id);
        snprintf(rec->state, sizeof rec->state, "%s",
                 request->test_account ? "test" : "activated");
        for (size_t i = 0; i < request->offering_count; i++)
            rec->offerings[i] = request->offerings[i];
        rec->n_offerings = request->offering_count;
        snprintf(a->account_id, sizeof a->account_id, "%s", rec->id);
        return AUTH_OK;
    }
    account_rec *rec = find(inst, id);
    if (rec == NULL) {
        snprintf(r->log_message, sizeof r->log_message,
                 "account: no account '%.64s'", id != NULL ? id : "(none)");
        return AUTH_ERR_NOT_FOUND;
    }
    switch (op) {
    case AUTH_ACCOUNT_SUSPEND:
        snprintf(rec->state, sizeof rec->state, "deactivated");
        break;
    case AUTH_ACCOUNT_UNSUSPEND:
        snprintf(rec->state, sizeof rec->state, "activated");
        break;
    case AUTH_ACCOUNT_SET_OFFERINGS:
        if (request == NULL || request->offering_count > ACCOUNT_KEEP) {
            snprintf(r->log_message, sizeof r->log_message,
                     "account: set_offerings needs a request of at most %d "
                     "offerings", ACCOUNT_KEEP);
            return AUTH_ERR_INVALID_REQUEST;
        }
        for (size_t i = 0; i < request->offering_count; i++)
            rec->offerings[i] = request->offerings[i];
        rec->n_offerings = request->offering_count;
        break;
    case AUTH_ACCOUNT_DELETE:
        *rec = inst->recs[--inst->n_recs];
        return AUTH_OK;
    default:
        break;
    }
    if (op == AUTH_ACCOUNT_STATE || op == AUTH_ACCOUNT_SUSPEND ||
        op == AUTH_ACCOUNT_UNSUSPEND)
        snprintf(a->state, sizeof a->state, "%s", rec->state);
    if (op == AUTH_ACCOUNT_OFFERINGS || op == AUTH_ACCOUNT_SET_OFFERINGS) {
        copy_offerings(a->offerings, &a->offering_count, rec->offerings,
                       rec->n_offerings);
        a->offering_total = a->offering_count;
    }
    return AUTH_OK;
}

static int run(auth_instance *inst, int op, const char *const *attributes,
               const auth_account_request *request, auth_result *result,
               auth_account *account)
{
    auth_result r;
    auth_account a;
    char given[AUTH_MESSAGE_MAX];
    const char *asked = kit_value_of(attributes, "answer");
    int status;

    auth_result_init(&r);
    auth_account_init(&a);
    describe(given, sizeof given, auth_account_op_name(op), attributes, request);
    pthread_mutex_lock(&inst->lock);
    inst->account_calls++;
    if (asked != NULL && status_named(asked) >= 0) {
        status = status_named(asked);
        snprintf(r.user_message, sizeof r.user_message,
                 "account: answered %s as asked", asked);
        snprintf(r.error_id, sizeof r.error_id, "asked");
        r.retry_after_s = 7;
    } else {
        status = run_locked(inst, op, attributes, request, &r, &a);
    }
    pthread_mutex_unlock(&inst->lock);
    r.status = status;
    r.http_status = 200;
    /* A failure's own reason wins; otherwise say what was given. */
    if (status == AUTH_OK || r.log_message[0] == '\0')
        snprintf(r.log_message, sizeof r.log_message, "%s", given);
    if (status != AUTH_OK && r.user_message[0] == '\0')
        snprintf(r.user_message, sizeof r.user_message, "%s", auth_strerror(status));
    if (inst->host != NULL && inst->host->log != NULL)
        inst->host->log(inst->host->host_ctx, AUTH_LOG_INFO, "account: %s -> %s",
                        auth_account_op_name(op), auth_status_name(status));
    auth_result_deliver(result, &r);
    if (account != NULL)
        auth_account_deliver(account, &a);
    return status;
}

#define ACCOUNT_OP(fn, op) KIT_ACCOUNT_OP(fn, op, run)
#ifndef ACCOUNT_READS_ONLY
ACCOUNT_OP(op_create, AUTH_ACCOUNT_CREATE)
ACCOUNT_OP(op_suspend, AUTH_ACCOUNT_SUSPEND)
ACCOUNT_OP(op_unsuspend, AUTH_ACCOUNT_UNSUSPEND)
ACCOUNT_OP(op_set_offerings, AUTH_ACCOUNT_SET_OFFERINGS)
ACCOUNT_OP(op_delete, AUTH_ACCOUNT_DELETE)
#endif
ACCOUNT_OP(op_state, AUTH_ACCOUNT_STATE)
ACCOUNT_OP(op_offerings, AUTH_ACCOUNT_OFFERINGS)
ACCOUNT_OP(op_catalog, AUTH_ACCOUNT_CATALOG)

static int account_init(const auth_host_api *host, const char *const *settings,
                        auth_instance **out, auth_result *result)
{
    auth_result r;
    (void)settings;
    *out = NULL;
    auth_result_init(&r);
    auth_instance *inst = calloc(1, sizeof *inst);
    if (inst == NULL || pthread_mutex_init(&inst->lock, NULL) != 0) {
        free(inst);
        r.status = AUTH_ERR_INTERNAL;
        snprintf(r.log_message, sizeof r.log_message, "account: out of memory");
        auth_result_deliver(result, &r);
        return r.status;
    }
    inst->host = host;
    *out = inst;
    auth_result_deliver(result, &r);
    return AUTH_OK;
}

static int account_login(auth_instance *inst, const char *const *attributes,
                         auth_result *result)
{
    auth_result r;
    (void)attributes;
    auth_result_init(&r);
    pthread_mutex_lock(&inst->lock);
    unsigned long calls = inst->account_calls;
    pthread_mutex_unlock(&inst->lock);
    r.status = AUTH_OK;
    snprintf(r.redirect_url, sizeof r.redirect_url, "https://account.invalid/login");
    snprintf(r.log_message, sizeof r.log_message,
             "account: login abi=%u.%u account_calls=%lu",
             AUTH_PROVIDER_VERSION_MAJOR(inst->host->abi_version),
             AUTH_PROVIDER_VERSION_MINOR(inst->host->abi_version), calls);
    auth_result_deliver(result, &r);
    return AUTH_OK;
}

static void account_teardown(auth_instance *inst)
{
    if (inst == NULL)
        return;
    pthread_mutex_destroy(&inst->lock);
    free(inst->recs);
    free(inst);
}

#ifdef ACCOUNT_READS_ONLY
static const char *const capabilities[] = {"account_state", "account_offerings",
                                           "catalog", NULL};
#else
static const char *const capabilities[] = {
    "account_create", "account_state", "account_suspend", "account_unsuspend",
    "account_offerings", "account_set_offerings", "account_delete", "catalog", NULL};
#endif
static const char *const attribute_keys[] = {"tenant", "account_id", "answer", NULL};

static const auth_provider_info info = {
    .struct_size = sizeof(auth_provider_info),
    .name = MODULE_NAME,
    .version = "1.1.0-" MODULE_NAME,
    .description = "test-only provider of the account operations, in memory",
    .attributes = attribute_keys,
    .capabilities = capabilities};

static const auth_provider_info *account_get_info(void)
{
    return &info;
}

static const auth_provider_ops ops = {
    .struct_size = sizeof(auth_provider_ops),
    .init = account_init,
    .login = account_login,
    .teardown = account_teardown,
    .get_info = account_get_info,
#ifndef ACCOUNT_READS_ONLY
    .account_create = op_create,
    .account_suspend = op_suspend,
    .account_unsuspend = op_unsuspend,
    .account_set_offerings = op_set_offerings,
    .account_delete = op_delete,
#endif
    .account_state = op_state,
    .account_offerings = op_offerings,
    .catalog = op_catalog};

KIT_DEFINE_ENTRY(&ops, AUTH_PROVIDER_ABI_VERSION)
