/* SPDX-License-Identifier: MIT */
/*
 * echo_plugin.c -- the test-only good provider (module "echo").  It answers
 * from its settings and the request alone, so tests can tell which instance
 * answered and what the host handed it:
 *   setting   greeting=G     (default "hello"); any other key fails init
 *   login     status AUTH_OK, http_status 200, and
 *               redirect_url "https://echo.invalid/login?code=echo-secret"
 *               user_message G
 *               log_message  the attributes joined by ' '
 *               region       the attribute region=..., if any
 *               error_id     "abi=MAJOR.MINOR" as the host table says
 *             logs "echo[G]: login <attributes>" at INFO and a DEBUG line
 *   check     like login, without a URL, log_message "check <attributes>"
 * It writes results through auth_result_deliver, so a smaller (older) host
 * result is never written past its struct_size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

#include "plugin_kit.h"

struct auth_instance {
    const auth_host_api *host;
    char greeting[64];
};

static void join(char *buf, size_t size, const char *const *kv)
{
    size_t used = 0;
    buf[0] = '\0';
    for (; kv != NULL && *kv != NULL && used < size; kv++) {
        int n = snprintf(buf + used, size - used, "%s%s", used ? " " : "", *kv);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static int echo_init(const auth_host_api *host, const char *const *settings,
                     auth_instance **out, auth_result *result)
{
    auth_instance *inst;
    const char *const *kv;
    const char *g = kit_value_of(settings, "greeting");
    *out = NULL;
    for (kv = settings; kv != NULL && *kv != NULL; kv++)
        if (strncmp(*kv, "greeting=", 9) != 0)
            return kit_answer(result, AUTH_ERR_CONFIG,
                            "echo: unknown setting '%.64s': only greeting is known", *kv);
    inst = calloc(1, sizeof *inst);
    if (inst == NULL)
        return kit_answer(result, AUTH_ERR_INTERNAL, "echo: out of memory");
    inst->host = host;
    snprintf(inst->greeting, sizeof inst->greeting, "%s", g != NULL ? g : "hello");
    *out = inst;
    return kit_answer(result, AUTH_OK, "%s", "");
}

static int answer(auth_instance *inst, const char *const *attributes,
                  auth_result *result, int is_login)
{
    auth_result r;
    char attrs[400];
    const char *region = kit_value_of(attributes, "region");
    const auth_host_api *h = inst->host;
    auth_result_init(&r);
    join(attrs, sizeof attrs, attributes);
    if (h != NULL && h->log != NULL) {
        h->log(h->host_ctx, AUTH_LOG_INFO, "echo[%s]: %s %s", inst->greeting,
               is_login ? "login" : "check", attrs);
        h->log(h->host_ctx, AUTH_LOG_DEBUG, "echo[%s]: debug detail", inst->greeting);
    }
    r.status = AUTH_OK;
    r.http_status = 200;
    if (is_login)
        snprintf(r.redirect_url, sizeof r.redirect_url,
                 "https://echo.invalid/login?code=echo-secret");
    snprintf(r.user_message, sizeof r.user_message, "%s", inst->greeting);
    snprintf(r.log_message, sizeof r.log_message, "%s%s", is_login ? "" : "check ",
             attrs);
    snprintf(r.region, sizeof r.region, "%s", region != NULL ? region : "");
    snprintf(r.error_id, sizeof r.error_id, "abi=%u.%u",
             h != NULL ? AUTH_PROVIDER_VERSION_MAJOR(h->abi_version) : 0u,
             h != NULL ? AUTH_PROVIDER_VERSION_MINOR(h->abi_version) : 0u);
    auth_result_deliver(result, &r);
    auth_result_wipe(&r);
    return AUTH_OK;
}

KIT_LOGIN_AND_CHECK(echo_login, echo_check, answer)

static void echo_teardown(auth_instance *inst)
{
    free(inst);
}

static const char *const echo_settings[] = {"greeting", NULL};
static const char *const echo_capabilities[] = {"check", NULL};

static const auth_provider_info echo_info = {
    sizeof(auth_provider_info), "echo", "1.0.0-echo",
    "test-only provider that echoes its request", NULL, echo_settings, NULL,
    echo_capabilities};

static const auth_provider_info *echo_get_info(void)
{
    return &echo_info;
}

static const auth_provider_ops echo_ops = {
    .struct_size = sizeof(auth_provider_ops), .init = echo_init,
    .login = echo_login, .teardown = echo_teardown,
    .get_info = echo_get_info, .check = echo_check};

KIT_DEFINE_ENTRY(&echo_ops, AUTH_PROVIDER_ABI_VERSION)
