/* SPDX-License-Identifier: MIT */
/*
 * fixedurl.c -- a plugin from outside the panelsso tree (module
 * "fixedurl"), written from <panelsso/auth_provider.h> alone.  No network:
 * login answers "<login_url>?tenant=<tenant>" from its one setting,
 * login_url=https://..., so the install test can see which plugin answered
 * and for whom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

struct auth_instance {
    char login_url[1024];
};

static const char *value_of(const char *const *kv, const char *key)
{
    size_t klen = strlen(key);
    for (; kv != NULL && *kv != NULL; kv++)
        if (strncmp(*kv, key, klen) == 0 && (*kv)[klen] == '=')
            return *kv + klen + 1;
    return NULL;
}

/* Declared the way a bundled library's header declares its API, with
 * default visibility: hidden visibility does not hide it, the version
 * script of panelsso_add_plugin must (scripts/ci-install.sh checks the
 * exports). */
__attribute__((visibility("default"))) int fixedurl_bundled_helper(int status);
__attribute__((visibility("default"))) int fixedurl_bundled_helper(int status)
{
    return status;
}

static int answer(auth_result *result, int status, const char *message)
{
    auth_result r;
    auth_result_init(&r);
    r.status = fixedurl_bundled_helper(status);
    snprintf(r.log_message, sizeof r.log_message, "%s", message);
    auth_result_deliver(result, &r);
    return status;
}

static int fixedurl_init(const auth_host_api *host, const char *const *settings,
                         auth_instance **out, auth_result *result)
{
    (void)host;
    *out = NULL;
    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    const char *url = value_of(settings, "login_url");
    if (url == NULL || strncmp(url, "https://", 8) != 0 ||
        strlen(url) >= sizeof ((auth_instance *)0)->login_url)
        return answer(result, AUTH_ERR_CONFIG,
                      "fixedurl: set login_url to an https:// URL");
    auth_instance *inst = calloc(1, sizeof *inst);
    if (inst == NULL)
        return answer(result, AUTH_ERR_INTERNAL, "fixedurl: out of memory");
    snprintf(inst->login_url, sizeof inst->login_url, "%s", url);
    *out = inst;
    return answer(result, AUTH_OK, "fixedurl: ready");
}

#ifdef FIXEDURL_UNDEFINED_SYMBOL
void fixedurl_nowhere_defined(void);
#endif

static int fixedurl_login(auth_instance *inst, const char *const *attributes,
                          auth_result *result)
{
    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
#ifdef FIXEDURL_UNDEFINED_SYMBOL
    fixedurl_nowhere_defined();
#endif
    const char *tenant = value_of(attributes, "tenant");
    static const char allowed[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
    if (tenant == NULL || tenant[0] == '\0' ||
        strspn(tenant, allowed) != strlen(tenant))
        return answer(result, AUTH_ERR_INVALID_REQUEST,
                      "fixedurl: the tenant name must be lower-case letters, "
                      "digits and '-'");
    auth_result r;
    auth_result_init(&r);
    r.status = AUTH_OK;
    snprintf(r.redirect_url, sizeof r.redirect_url, "%s?tenant=%s",
             inst->login_url, tenant);
    snprintf(r.log_message, sizeof r.log_message, "fixedurl: login ok");
    auth_result_deliver(result, &r);
    auth_result_wipe(&r);
    return AUTH_OK;
}

static void fixedurl_teardown(auth_instance *inst)
{
    free(inst);
}

static const auth_provider_ops fixedurl_ops = {
    .struct_size = sizeof(auth_provider_ops),
    .init = fixedurl_init,
    .login = fixedurl_login,
    .teardown = fixedurl_teardown,
};

static int fixedurl_entry(uint32_t host_version, const auth_provider_ops **out_ops,
                          uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    int rc = auth_provider_negotiate(host_version, AUTH_PROVIDER_MKVERSION(1, 0),
                                     out_version, errbuf, errbuf_size);
    if (rc == AUTH_OK)
        *out_ops = &fixedurl_ops;
    return rc;
}

AUTH_PROVIDER_DEFINE_ENTRY(fixedurl_entry)
