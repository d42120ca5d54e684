/*
 * fake_plugin.c -- a test-only provider (module "fake") whose answers are
 * dictated by the request, so panelctl's tests can reach every status
 * without any network:
 *   attribute status=AUTH_ERR_...  login/check fail with that status
 *                                  (log_message says so; see `message`)
 *   attribute retry_after_s=N      copied into the result
 *   attribute message=TEXT         replaces the log_message
 *   attribute region=R             reported as the region that answered
 *   attribute expires_at_ms=N      copied into the result
 *   attribute url=TEXT             a successful login answers exactly TEXT
 *                                  as its URL (how the tests play a hostile
 *                                  or broken plugin)
 *   setting   fail_init=AUTH_ERR_... init fails with that status
 * A successful login's URL otherwise echoes every setting and attribute:
 *   https://fake.invalid/login?code=fake-one-time-code&s.K=V...&a.K=V...
 * The "code" part stands for the secret a real provider returns.
 * init logs, at DEBUG, "fake: init in a process with dumpable=N", N being
 * prctl(PR_GET_DUMPABLE) at that moment: what a plugin reading its key in
 * init would be protected by.
 */
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

struct auth_instance {
    const auth_host_api *host;
    char **settings;
};

static const char *find(const char *const *kv, const char *key)
{
    size_t klen = strlen(key);
    for (; kv != NULL && *kv != NULL; kv++)
        if (strncmp(*kv, key, klen) == 0 && (*kv)[klen] == '=')
            return *kv + klen + 1;
    return NULL;
}

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

/* The shared body of login and check. */
static int answer(auth_instance *inst, const char *const *attrs,
                  auth_result *dst, int is_login)
{
    auth_result r;
    const char *tenant = find(attrs, "tenant");
    const char *wanted = find(attrs, "status");
    const char *v;
    auth_result_init(&r);
    say(inst->host, AUTH_LOG_INFO, is_login ? "login" : "check", tenant);
    say(inst->host, AUTH_LOG_DEBUG, "debug detail", tenant);
    r.status = AUTH_OK;
    if (wanted != NULL) {
        r.status = status_by_name(wanted);
        if (r.status < 0) {
            r.status = AUTH_ERR_INVALID_REQUEST;
            snprintf(r.log_message, sizeof r.log_message,
                     "fake plugin does not know status %s", wanted);
        } else {
            snprintf(r.log_message, sizeof r.log_message,
                     "fake plugin was told to fail with %s", wanted);
        }
    }
    if ((v = find(attrs, "message")) != NULL)
        snprintf(r.log_message, sizeof r.log_message, "%s", v);
    if ((v = find(attrs, "retry_after_s")) != NULL)
        r.retry_after_s = (uint32_t)strtoul(v, NULL, 10);
    if ((v = find(attrs, "region")) != NULL)
        snprintf(r.region, sizeof r.region, "%s", v);
    if ((v = find(attrs, "expires_at_ms")) != NULL)
        r.expires_at_ms = strtoll(v, NULL, 10);
    if (r.status == AUTH_OK && is_login && (v = find(attrs, "url")) != NULL) {
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
    const char *fail = find(settings, "fail_init");
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

static int fake_login(auth_instance *inst, const char *const *attrs,
                      auth_result *result)
{
    return answer(inst, attrs, result, 1);
}

static int fake_check(auth_instance *inst, const char *const *attrs,
                      auth_result *result)
{
    return answer(inst, attrs, result, 0);
}

static void fake_teardown(auth_instance *inst)
{
    if (inst == NULL)
        return;
    free_settings(inst->settings);
    free(inst);
}

static const char *const fake_regions[] = {"global", "eu", NULL};

static const auth_provider_info fake_info = {
    sizeof(auth_provider_info), "fake", "1.0.0-fake",
    "test-only provider driven by its request attributes",
    fake_regions, NULL, NULL, NULL};

static const auth_provider_info *fake_get_info(void) { return &fake_info; }

static const auth_provider_ops fake_ops = {
    .struct_size = sizeof(auth_provider_ops), .init = fake_init,
    .login = fake_login, .teardown = fake_teardown,
    .get_info = fake_get_info, .check = fake_check};

static int fake_entry(uint32_t host_version, const auth_provider_ops **out_ops,
                      uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    int st = auth_provider_negotiate(host_version, AUTH_PROVIDER_ABI_VERSION,
                                     out_version, errbuf, errbuf_size);
    if (st != AUTH_OK)
        return st;
    *out_ops = &fake_ops;
    return AUTH_OK;
}

AUTH_PROVIDER_DEFINE_ENTRY(fake_entry)
