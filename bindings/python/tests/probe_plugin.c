/* SPDX-License-Identifier: MIT */
/*
 * probe_plugin.c -- a test-only provider (module "probe") for the Python
 * binding's suite: it answers whatever its login attributes ask for, so a
 * test can see each field and status cross into Python, statuses no real
 * provider returns included (AUTH_ERR_INTERNAL, AUTH_ERR_VERSION, values
 * no header defines):
 *   status=N           the status (any int; default AUTH_OK)
 *   url=U              redirect_url, whatever the status
 *   expires_at_ms=N, retry_after_s=N, http_status=N
 *   user_message=T, log_message=T, error_id=T, region=T
 *   sleep_ms=N         sleep before answering
 *   lines=N            log N lines "probe: line K of N" first (K from 1),
 *   line_level=L       at auth_log_level L (default AUTH_LOG_INFO),
 *   line_bytes=B       each padded with '.' to B characters (at most 4095)
 * check answers the same.  It has no account operations and no settings
 * (any setting fails init, naming it).  It logs "probe: login status=N" at
 * INFO for each login, last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static void text_of(const char *const *kv, const char *key, char *out, size_t size)
{
    const char *v = value_of(kv, key);
    if (v != NULL)
        snprintf(out, size, "%s", v);
}

static int probe_init(const auth_host_api *host, const char *const *settings,
                      auth_instance **out, auth_result *result)
{
    auth_result r;
    auth_result_init(&r);
    *out = NULL;
    if (settings != NULL && settings[0] != NULL) {
        r.status = AUTH_ERR_CONFIG;
        snprintf(r.log_message, sizeof r.log_message,
                 "probe: unknown setting '%.64s': probe takes no settings", settings[0]);
        auth_result_deliver(result, &r);
        return r.status;
    }
    auth_instance *inst = calloc(1, sizeof *inst);
    if (inst == NULL) {
        r.status = AUTH_ERR_INTERNAL;
        snprintf(r.log_message, sizeof r.log_message, "probe: out of memory");
        auth_result_deliver(result, &r);
        return r.status;
    }
    inst->host = host;
    *out = inst;
    auth_result_deliver(result, &r);
    return AUTH_OK;
}

static void log_lines(auth_instance *inst, const char *const *attributes)
{
    char line[4096];
    long long count = number_of(attributes, "lines", 0);
    int level = (int)number_of(attributes, "line_level", AUTH_LOG_INFO);
    long long bytes = number_of(attributes, "line_bytes", 0);
    if (bytes < 0 || bytes >= (long long)sizeof line)
        bytes = sizeof line - 1;
    for (long long k = 1; k <= count && inst->host->log != NULL; k++) {
        int n = snprintf(line, sizeof line, "probe: line %lld of %lld", k, count);
        if (n >= 0 && n < bytes) {
            memset(line + n, '.', (size_t)(bytes - n));
            line[bytes] = '\0';
        }
        inst->host->log(inst->host->host_ctx, level, "%s", line);
    }
}

static int probe_answer(auth_instance *inst, const char *const *attributes,
                        auth_result *result)
{
    auth_result r;
    auth_result_init(&r);
    long long sleep_ms = number_of(attributes, "sleep_ms", 0);
    if (sleep_ms > 0) {
        struct timespec ts = {(time_t)(sleep_ms / 1000), (long)(sleep_ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0)
            ;
    }
    log_lines(inst, attributes);
    r.status = (int)number_of(attributes, "status", AUTH_OK);
    r.http_status = (int)number_of(attributes, "http_status", 0);
    r.expires_at_ms = (int64_t)number_of(attributes, "expires_at_ms", 0);
    r.retry_after_s = (uint32_t)number_of(attributes, "retry_after_s", 0);
    text_of(attributes, "url", r.redirect_url, sizeof r.redirect_url);
    text_of(attributes, "user_message", r.user_message, sizeof r.user_message);
    text_of(attributes, "log_message", r.log_message, sizeof r.log_message);
    text_of(attributes, "error_id", r.error_id, sizeof r.error_id);
    text_of(attributes, "region", r.region, sizeof r.region);
    if (inst->host->log != NULL)
        inst->host->log(inst->host->host_ctx, AUTH_LOG_INFO, "probe: login status=%d",
                        r.status);
    auth_result_deliver(result, &r);
    return r.status;
}

static void probe_teardown(auth_instance *inst)
{
    free(inst);
}

static const auth_provider_ops probe_ops = {
    .struct_size = sizeof(auth_provider_ops),
    .init = probe_init,
    .login = probe_answer,
    .teardown = probe_teardown,
    .check = probe_answer,
};

static int probe_entry(uint32_t host_version, const auth_provider_ops **out_ops,
                       uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    int rc = auth_provider_negotiate(host_version, AUTH_PROVIDER_ABI_VERSION,
                                     out_version, errbuf, errbuf_size);
    if (rc == AUTH_OK)
        *out_ops = &probe_ops;
    return rc;
}

AUTH_PROVIDER_DEFINE_ENTRY(probe_entry)
