/* SPDX-License-Identifier: MIT */
/*
 * status_plugin.c -- the PHP extension's test-only provider (module
 * "status"): it answers whatever its attributes ask, so the tests can see
 * every field and every status (known or not) reach PHP unchanged.
 *   login, check   status=N (default 0), http_status=N (default 200),
 *                  retry_after=S, expires_at=MS, error_id=X, region=R;
 *                  echo=K puts the value of the attribute K in error_id
 *                  (so a test sees exactly what arrived under a key);
 *                  login with status 0 also answers url=U (default
 *                  "https://status.invalid/login?code=status-one-time-code");
 *                  user_message "status: answered N", log_message
 *                  "status: <op> answered N with K attribute(s)"
 *   account_state  the same, and state=S (default "activated")
 *   other account operations: not implemented (the loader answers
 *                  AUTH_ERR_NOT_SUPPORTED)
 * With the attribute log=yes a call logs one line at each level ("status:
 * LEVEL line of <op>"), so the tests can see panelsso.log_level at work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

struct auth_instance {
    const auth_host_api *host;
};

static const char *value_of(const char *const *kv, const char *key)
{
    size_t klen = strlen(key);
    for (; kv != NULL && *kv != NULL; kv++)
        if (strncmp(*kv, key, klen) == 0 && (*kv)[klen] == '=')
            return *kv + klen + 1;
    return NULL;
}

static long long number_of(const char *const *kv, const char *key, long long dflt)
{
    const char *v = value_of(kv, key);
    return v != NULL ? strtoll(v, NULL, 10) : dflt;
}

static void log_every_level(const auth_instance *inst, const char *op)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    const auth_host_api *h = inst->host;
    if (h == NULL || h->log == NULL)
        return;
    for (int level = AUTH_LOG_ERROR; level <= AUTH_LOG_DEBUG; level++)
        h->log(h->host_ctx, level, "status: %s line of %s", names[level], op);
}

static int answer(auth_instance *inst, const char *op, const char *const *attributes,
                  auth_result *result, auth_account *account)
{
    auth_result r;
    size_t n = 0;
    const char *v;
    auth_result_init(&r);
    if (value_of(attributes, "log") != NULL)
        log_every_level(inst, op);
    for (const char *const *kv = attributes; kv != NULL && *kv != NULL; kv++)
        n++;
    r.status = (int)number_of(attributes, "status", 0);
    r.http_status = (int)number_of(attributes, "http_status", 200);
    r.retry_after_s = (uint32_t)number_of(attributes, "retry_after", 0);
    r.expires_at_ms = (int64_t)number_of(attributes, "expires_at", 0);
    snprintf(r.user_message, sizeof r.user_message, "status: answered %d", r.status);
    snprintf(r.log_message, sizeof r.log_message,
             "status: %s answered %d with %zu attribute(s)", op, r.status, n);
    if ((v = value_of(attributes, "error_id")) != NULL)
        snprintf(r.error_id, sizeof r.error_id, "%s", v);
    if ((v = value_of(attributes, "echo")) != NULL && (v = value_of(attributes, v)) != NULL)
        snprintf(r.error_id, sizeof r.error_id, "%s", v);
    if ((v = value_of(attributes, "region")) != NULL)
        snprintf(r.region, sizeof r.region, "%s", v);
    if (strcmp(op, "login") == 0 && r.status == AUTH_OK) {
        v = value_of(attributes, "url");
        snprintf(r.redirect_url, sizeof r.redirect_url, "%s",
                 v != NULL ? v : "https://status.invalid/login?code=status-one-time-code");
    }
    if (account != NULL) {
        auth_account a;
        auth_account_init(&a);
        v = value_of(attributes, "state");
        snprintf(a.state, sizeof a.state, "%s", v != NULL ? v : "activated");
        auth_account_deliver(account, &a);
    }
    auth_result_deliver(result, &r);
    auth_result_wipe(&r);
    return result->status;
}

static int status_init(const auth_host_api *host, const char *const *settings,
                       auth_instance **out, auth_result *result)
{
    auth_instance *inst;
    (void)settings;
    *out = NULL;
    inst = calloc(1, sizeof *inst);
    if (inst == NULL) {
        auth_result r;
        auth_result_init(&r);
        r.status = AUTH_ERR_INTERNAL;
        snprintf(r.log_message, sizeof r.log_message, "status: out of memory");
        auth_result_deliver(result, &r);
        return r.status;
    }
    inst->host = host;
    *out = inst;
    return AUTH_OK;
}

static int status_login(auth_instance *inst, const char *const *attributes,
                        auth_result *result)
{
    return answer(inst, "login", attributes, result, NULL);
}

static int status_check(auth_instance *inst, const char *const *attributes,
                        auth_result *result)
{
    return answer(inst, "check", attributes, result, NULL);
}

static int status_account_state(auth_instance *inst, const char *const *attributes,
                                const auth_account_request *request,
                                auth_result *result, auth_account *account)
{
    (void)request;
    return answer(inst, "account_state", attributes, result, account);
}

static void status_teardown(auth_instance *inst)
{
    free(inst);
}

static const char *const status_capabilities[] = {"login", "check", "account_state", NULL};

static const auth_provider_info status_info = {
    .struct_size = sizeof(auth_provider_info), .name = "status",
    .version = "1.0.0-test", .description = "test-only provider that answers what it is asked",
    .capabilities = status_capabilities};

static const auth_provider_info *status_get_info(void)
{
    return &status_info;
}

static const auth_provider_ops status_ops = {
    .struct_size = sizeof(auth_provider_ops), .init = status_init,
    .login = status_login, .teardown = status_teardown,
    .get_info = status_get_info, .check = status_check,
    .account_state = status_account_state};

static int status_entry(uint32_t host_version, const auth_provider_ops **out_ops,
                        uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    int rc = auth_provider_negotiate(host_version, AUTH_PROVIDER_ABI_VERSION,
                                     out_version, errbuf, errbuf_size);
    if (rc == AUTH_OK)
        *out_ops = &status_ops;
    return rc;
}

AUTH_PROVIDER_DEFINE_ENTRY(status_entry)
