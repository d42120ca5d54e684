/* SPDX-License-Identifier: MIT */
/*
 * fake_plugin.c -- a test-only provider (module "fake") whose answers are
 * dictated by the request, so panelctl's tests can reach every status
 * without any network.  Login, check and every account operation read:
 *   attribute status=AUTH_ERR_...  fail with that status (log_message says
 *                                  so; see `message`)
 *   attribute status_code=N        return N as the status, also one that
 *                                  no auth_status names
 *   attribute retry_after_s=N      copied into the result
 *   attribute message=TEXT         replaces the log_message
 *   attribute user_message=TEXT    copied into the result
 *   attribute error_id=TEXT        copied into the result
 *   attribute http_status=N        copied into the result
 *   attribute region=R             reported as the region that answered
 *   attribute expires_at_ms=N      copied into the result
 *   attribute url=TEXT             a successful login answers exactly TEXT
 *                                  as its URL (how the tests play a hostile
 *                                  or broken plugin)
 *   setting   fail_init=AUTH_ERR_... init fails with that status
 * A successful login's URL otherwise echoes every setting and attribute:
 *   https://fake.invalid/login?code=fake-one-time-code&s.K=V...&a.K=V...
 * The "code" part stands for the secret a real provider returns.
 *
 * The account operations (ABI 1.1) keep no state; besides the above they
 * read:
 *   attribute account_id=ID        required by all but create and catalog;
 *                                  create refuses one (the ABI's rules)
 *   attribute new_account_id=TEXT  create's answer (default "fake-account-1")
 *   attribute state=TEXT           state/suspend/unsuspend's answer
 *                                  (default "activated", for suspend
 *                                  "deactivated"); "" answers none
 *   attribute offerings=LIST       offerings' answer, LIST being
 *                                  TYPE:NAME:QTY,... (default
 *                                  "package:org.fake.free:1"); set_offerings
 *                                  answers the list it was given
 *   attribute catalog=LIST         catalog's answer (default: two packages
 *                                  and an add-on)
 *   attribute offering_total=N     the total it claims to have listed
 * A successful account operation's log_message says what it was given:
 *   "fake: OP got attributes [K=V ...] profile [K=V ...]
 *    offerings [TYPE:NAME:QTY ...] test_account=N"
 *
 * Built with FAKE_ABI_1_0 it is module "fakeold", a plugin of ABI 1.0:
 * the loader shows none of its account operations.
 *
 * init logs, at DEBUG, "fake: init in a process with dumpable=N", N being
 * prctl(PR_GET_DUMPABLE) at that moment: what a plugin reading its key in
 * init would be protected by.
 */
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

#include "plugin_kit.h"

struct auth_instance {
    const auth_host_api *host;
    char **settings;
};

static int status_by_name(const char *name)
{
    int i;
    for (i = 0; i < AUTH_STATUS_COUNT; i++)
        if (strcmp(auth_status_name(i), name) == 0)
            return i;
    return -1;
}

static void say(const auth_host_api *host, int level, const char *what,
                const char *tenant)
{
    if (host != NULL && host->log != NULL)
        host->log(host->host_ctx, level, "fake: %s for tenant %s", what,
                  tenant ? tenant : "?");
}

static void append(char *buf, size_t size, const char *prefix,
                   const char *const *kv)
{
    for (; kv != NULL && *kv != NULL; kv++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "&%s%s", prefix, *kv);
    }
}

/* The result every call starts from: the status and fields the
 * attributes dictate. */
static void scripted(const char *const *attrs, auth_result *r)
{
    const char *wanted = kit_value_of(attrs, "status");
    const char *v;
    auth_result_init(r);
    r->status = AUTH_OK;
    if (wanted != NULL) {
        r->status = status_by_name(wanted);
        if (r->status < 0) {
            r->status = AUTH_ERR_INVALID_REQUEST;
            snprintf(r->log_message, sizeof r->log_message,
                     "fake plugin does not know status %s", wanted);
        } else {
            snprintf(r->log_message, sizeof r->log_message,
                     "fake plugin was told to fail with %s", wanted);
        }
    }
    if ((v = kit_value_of(attrs, "status_code")) != NULL) {
        r->status = (int)strtol(v, NULL, 10);
        snprintf(r->log_message, sizeof r->log_message,
                 "fake plugin was told to return status %d", r->status);
    }
    if ((v = kit_value_of(attrs, "message")) != NULL)
        snprintf(r->log_message, sizeof r->log_message, "%s", v);
    if ((v = kit_value_of(attrs, "user_message")) != NULL)
        snprintf(r->user_message, sizeof r->user_message, "%s", v);
    if ((v = kit_value_of(attrs, "error_id")) != NULL)
        snprintf(r->error_id, sizeof r->error_id, "%s", v);
    if ((v = kit_value_of(attrs, "http_status")) != NULL)
        r->http_status = (int)strtol(v, NULL, 10);
    if ((v = kit_value_of(attrs, "retry_after_s")) != NULL)
        r->retry_after_s = (uint32_t)strtoul(v, NULL, 10);
    if ((v = kit_value_of(attrs, "region")) != NULL)
        snprintf(r->region, sizeof r->region, "%s", v);
    if ((v = kit_value_of(attrs, "expires_at_ms")) != NULL)
        r->expires_at_ms = strtoll(v, NULL, 10);
}

/* The shared body of login and check. */
static int answer(auth_instance *inst, const char *const *attrs,
                  auth_result *dst, int is_login)
{
    auth_result r;
    const char *tenant = kit_value_of(attrs, "tenant");
    const char *v;
    say(inst->host, AUTH_LOG_INFO, is_login ? "login" : "check", tenant);
    say(inst->host, AUTH_LOG_DEBUG, "debug detail", tenant);
    scripted(attrs, &r);
    if (r.status == AUTH_OK && is_login && (v = kit_value_of(attrs, "url")) != NULL) {
        snprintf(r.redirect_url, sizeof r.redirect_url, "%s", v);
    } else if (r.status == AUTH_OK && is_login) {
        snprintf(r.redirect_url, sizeof r.redirect_url,
                 "https://fake.invalid/login?code=fake-one-time-code");
        append(r.redirect_url, sizeof r.redirect_url, "s.",
               (const char *const *)inst->settings);
        append(r.redirect_url, sizeof r.redirect_url, "a.", attrs);
    }
    auth_result_deliver(dst, &r);
    auth_result_wipe(&r);
    return r.status;
}

static void free_settings(char **v)
{
    size_t i;
    for (i = 0; v != NULL && v[i] != NULL; i++)
        free(v[i]);
    free(v);
}

static int fake_init(const auth_host_api *host, const char *const *settings,
                     auth_instance **out, auth_result *dst)
{
    auth_result r;
    auth_instance *inst;
    const char *fail = kit_value_of(settings, "fail_init");
    size_t n = 0, i;
    auth_result_init(&r);
    *out = NULL;
    if (host != NULL && host->log != NULL)
        host->log(host->host_ctx, AUTH_LOG_DEBUG, "fake: init in a process with dumpable=%d",
                  prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    if (fail != NULL) {
        r.status = status_by_name(fail) > 0 ? status_by_name(fail) : AUTH_ERR_CONFIG;
        snprintf(r.log_message, sizeof r.log_message,
                 "fake: init refused because fail_init=%s", fail);
        auth_result_deliver(dst, &r);
        return r.status;
    }
    while (settings != NULL && settings[n] != NULL)
        n++;
    inst = calloc(1, sizeof *inst);
    if (inst == NULL || (inst->settings = calloc(n + 1, sizeof(char *))) == NULL) {
        free(inst);
        r.status = AUTH_ERR_INTERNAL;
        snprintf(r.log_message, sizeof r.log_message, "fake: out of memory");
        auth_result_deliver(dst, &r);
        return r.status;
    }
    for (i = 0; i < n; i++) {
        size_t len = strlen(settings[i]) + 1;
        inst->settings[i] = malloc(len);
        if (inst->settings[i] == NULL) {
            free_settings(inst->settings);
            free(inst);
            r.status = AUTH_ERR_INTERNAL;
            snprintf(r.log_message, sizeof r.log_message, "fake: out of memory");
            auth_result_deliver(dst, &r);
            return r.status;
        }
        memcpy(inst->settings[i], settings[i], len);
    }
    inst->host = host;
    *out = inst;
    auth_result_deliver(dst, &r);
    return AUTH_OK;
}

KIT_LOGIN_AND_CHECK(fake_login, fake_check, answer)

static void fake_teardown(auth_instance *inst)
{
    if (inst == NULL)
        return;
    free_settings(inst->settings);
    free(inst);
}

/* ---- account operations -------------------------------------------------- */

/* Append `sep` and `text` to a message, cut silently at its end. */
static void say_more(char *buf, size_t size, const char *sep, const char *text)
{
    size_t used = strlen(buf);
    if (used + 1 < size)
        snprintf(buf + used, size - used, "%s%s", sep, text);
}

/* Copy as much of `src` as fits, always terminated. */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Parse TYPE:NAME:QTY,... into the account's list. */
static void parse_list(const char *list, auth_account *acct)
{
    const char *p = list;
    while (*p != '\0' && acct->offering_count < AUTH_OFFERINGS_MAX) {
        size_t len = strcspn(p, ",");
        char item[256];
        snprintf(item, sizeof item, "%.*s", (int)(len < 255 ? len : 255), p);
        char *c1 = strchr(item, ':');
        char *c2 = c1 != NULL ? strrchr(c1 + 1, ':') : NULL;
        if (c1 != NULL && c2 != NULL) {
            auth_offering *o = &acct->offerings[acct->offering_count++];
            *c1 = *c2 = '\0';
            copy_text(o->type, sizeof o->type, item);
            copy_text(o->name, sizeof o->name, c1 + 1);
            o->quantity = (uint32_t)strtoul(c2 + 1, NULL, 10);
        }
        p += len;
        if (*p == ',')
            p++;
    }
    acct->offering_total = acct->offering_count;
}

/* What the operation was given, for the tests to read back. */
static void describe(const char *op, const char *const *attrs,
                     const auth_account_request *req, char *msg, size_t size)
{
    char item[300];
    snprintf(msg, size, "fake: %s got attributes [", op);
    for (const char *const *kv = attrs; kv != NULL && *kv != NULL; kv++)
        say_more(msg, size, kv == attrs ? "" : " ", *kv);
    say_more(msg, size, "", "] profile [");
    for (const char *const *kv = req != NULL ? req->profile : NULL; kv != NULL && *kv != NULL;
         kv++)
        say_more(msg, size, kv == req->profile ? "" : " ", *kv);
    say_more(msg, size, "", "] offerings [");
    for (size_t i = 0; req != NULL && i < req->offering_count; i++) {
        snprintf(item, sizeof item, "%s%s:%s:%lu", i ? " " : "", req->offerings[i].type,
                 req->offerings[i].name, (unsigned long)req->offerings[i].quantity);
        say_more(msg, size, "", item);
    }
    snprintf(item, sizeof item, "] test_account=%d", req != NULL ? req->test_account : 0);
    say_more(msg, size, "", item);
}

static int account_op(auth_instance *inst, int op, const char *const *attrs,
                      const auth_account_request *req, auth_result *dst,
                      auth_account *out)
{
    auth_result r;
    auth_account acct;
    const char *name = auth_account_op_name(op);
    const char *id = kit_value_of(attrs, "account_id");
    const char *v;
    say(inst->host, AUTH_LOG_INFO, name, kit_value_of(attrs, "tenant"));
    scripted(attrs, &r);
    auth_account_init(&acct);
    if (r.status == AUTH_OK && op == AUTH_ACCOUNT_CREATE && id != NULL) {
        r.status = AUTH_ERR_INVALID_REQUEST;
        snprintf(r.log_message, sizeof r.log_message,
                 "fake: account_create takes no account_id");
    } else if (r.status == AUTH_OK && op != AUTH_ACCOUNT_CREATE &&
               op != AUTH_ACCOUNT_CATALOG && (id == NULL || *id == '\0')) {
        r.status = AUTH_ERR_INVALID_REQUEST;
        snprintf(r.log_message, sizeof r.log_message, "fake: %s needs an account_id", name);
    }
    if (r.status == AUTH_OK) {
        if (kit_value_of(attrs, "message") == NULL)
            describe(name, attrs, req, r.log_message, sizeof r.log_message);
        switch (op) {
        case AUTH_ACCOUNT_CREATE:
            v = kit_value_of(attrs, "new_account_id");
            snprintf(acct.account_id, sizeof acct.account_id, "%s",
                     v != NULL ? v : "fake-account-1");
            break;
        case AUTH_ACCOUNT_STATE:
        case AUTH_ACCOUNT_SUSPEND:
        case AUTH_ACCOUNT_UNSUSPEND:
            v = kit_value_of(attrs, "state");
            snprintf(acct.state, sizeof acct.state, "%s",
                     v != NULL ? v : op == AUTH_ACCOUNT_SUSPEND ? "deactivated" : "activated");
            break;
        case AUTH_ACCOUNT_OFFERINGS:
            v = kit_value_of(attrs, "offerings");
            parse_list(v != NULL ? v : "package:org.fake.free:1", &acct);
            break;
        case AUTH_ACCOUNT_SET_OFFERINGS:
            for (size_t i = 0; i < req->offering_count && i < AUTH_OFFERINGS_MAX; i++)
                acct.offerings[acct.offering_count++] = req->offerings[i];
            acct.offering_total = acct.offering_count;
            break;
        case AUTH_ACCOUNT_CATALOG:
            v = kit_value_of(attrs, "catalog");
            parse_list(v != NULL ? v
                                 : "package:org.fake.free:1,package:org.fake.pro:1,"
                                   "addon:org.fake.ip:1", &acct);
            break;
        default:
            break;
        }
        if ((v = kit_value_of(attrs, "offering_total")) != NULL)
            acct.offering_total = (uint32_t)strtoul(v, NULL, 10);
    }
    auth_result_deliver(dst, &r);
    if (out != NULL && r.status == AUTH_OK)
        auth_account_deliver(out, &acct);
    return r.status;
}

#define FAKE_ACCOUNT_OP(fn, op) KIT_ACCOUNT_OP(fn, op, account_op)

FAKE_ACCOUNT_OP(fake_create, AUTH_ACCOUNT_CREATE)
FAKE_ACCOUNT_OP(fake_state, AUTH_ACCOUNT_STATE)
FAKE_ACCOUNT_OP(fake_suspend, AUTH_ACCOUNT_SUSPEND)
FAKE_ACCOUNT_OP(fake_unsuspend, AUTH_ACCOUNT_UNSUSPEND)
FAKE_ACCOUNT_OP(fake_offerings, AUTH_ACCOUNT_OFFERINGS)
FAKE_ACCOUNT_OP(fake_set_offerings, AUTH_ACCOUNT_SET_OFFERINGS)
FAKE_ACCOUNT_OP(fake_delete, AUTH_ACCOUNT_DELETE)
FAKE_ACCOUNT_OP(fake_catalog, AUTH_ACCOUNT_CATALOG)

/* ---- the plugin ------------------------------------------------------------ */

#ifdef FAKE_ABI_1_0
#define FAKE_NAME "fakeold"
#define FAKE_ABI AUTH_PROVIDER_MKVERSION(1, 0)
#else
#define FAKE_NAME "fake"
#define FAKE_ABI AUTH_PROVIDER_ABI_VERSION
#endif

static const char *const fake_regions[] = {"global", "eu", NULL};
static const char *const fake_capabilities[] = {
    "check", "account_create", "account_state", "account_suspend", "account_unsuspend",
    "account_offerings", "account_set_offerings", "account_delete", "catalog", NULL};

static const auth_provider_info fake_info = {
    sizeof(auth_provider_info), FAKE_NAME, "1.0.0-fake",
    "test-only provider driven by its request attributes",
    fake_regions, NULL, NULL, fake_capabilities};

static const auth_provider_info *fake_get_info(void) { return &fake_info; }

static const auth_provider_ops fake_ops = {
    .struct_size = sizeof(auth_provider_ops), .init = fake_init,
    .login = fake_login, .teardown = fake_teardown,
    .get_info = fake_get_info, .check = fake_check,
    .account_create = fake_create, .account_state = fake_state,
    .account_suspend = fake_suspend, .account_unsuspend = fake_unsuspend,
    .account_offerings = fake_offerings, .account_set_offerings = fake_set_offerings,
    .account_delete = fake_delete, .catalog = fake_catalog};

KIT_DEFINE_ENTRY(&fake_ops, FAKE_ABI)
