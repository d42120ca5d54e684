/* SPDX-License-Identifier: MIT */
/*
 * variant_plugin.c -- one source for the test-only plugins that differ from
 * a good one in exactly one way, chosen at compile time:
 *   VARIANT_MODULE=name   the module name (required)
 *   VARIANT_MAJOR=2       declares another ABI major (refuses a 1.x host)
 *   VARIANT_MINOR=7       declares a later minor ("future": with
 *                         VARIANT_FUTURE its ops table has extra fields)
 *   VARIANT_GREEDY        answers its own minor instead of min(host, own)
 *   VARIANT_NULL_LOGIN    the mandatory login op is NULL
 *   VARIANT_TINY_OPS      struct_size covers only struct_size itself
 *   VARIANT_OLD           built "before get_info and check existed": its ops
 *                         table is AUTH_PROVIDER_OPS_MIN_SIZE bytes, and the
 *                         memory right after it holds non-NULL junk a host
 *                         must not read
 *   VARIANT_INIT_FAILS    init fails with AUTH_ERR_CONFIG and a message
 * login answers AUTH_OK with log_message "<module>: login", error_id
 * "abi=MAJOR.MINOR host_api=SIZE" (what the host table says) and
 * user_message "entry saw MAJOR.MINOR" (the version the host offered).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_provider.h>

#ifndef VARIANT_MODULE
#error "VARIANT_MODULE must be defined by the build"
#endif
#ifndef VARIANT_MAJOR
#define VARIANT_MAJOR AUTH_PROVIDER_ABI_MAJOR
#endif
#ifndef VARIANT_MINOR
#define VARIANT_MINOR 0
#endif
#define VARIANT_VERSION AUTH_PROVIDER_MKVERSION(VARIANT_MAJOR, VARIANT_MINOR)
#define STR2(x) #x
#define STR(x) STR2(x)

struct auth_instance {
    const auth_host_api *host;
};

/* The version the host offered last.  Test-only state: a real plugin keeps
 * no mutable globals, but the tests load each variant once at a time. */
static uint32_t offered;

static int variant_init(const auth_host_api *host, const char *const *settings,
                        auth_instance **out, auth_result *result)
{
    auth_result r;
    (void)settings;
    *out = NULL;
    auth_result_init(&r);
#ifdef VARIANT_INIT_FAILS
    (void)host;
    r.status = AUTH_ERR_CONFIG;
    snprintf(r.log_message, sizeof r.log_message,
             STR(VARIANT_MODULE) ": the setting api_key is missing");
    auth_result_deliver(result, &r);
    return r.status;
#else
    *out = calloc(1, sizeof **out);
    if (*out == NULL) {
        r.status = AUTH_ERR_INTERNAL;
        auth_result_deliver(result, &r);
        return r.status;
    }
    (*out)->host = host;
    auth_result_deliver(result, &r);
    return AUTH_OK;
#endif
}

#ifdef VARIANT_NULL_LOGIN
__attribute__((unused))
#endif
static int variant_login(auth_instance *inst, const char *const *attributes,
                         auth_result *result)
{
    auth_result r;
    const auth_host_api *h = inst->host;
    (void)attributes;
    auth_result_init(&r);
    r.status = AUTH_OK;
    snprintf(r.redirect_url, sizeof r.redirect_url, "https://variant.invalid/login");
    snprintf(r.log_message, sizeof r.log_message, STR(VARIANT_MODULE) ": login");
    snprintf(r.error_id, sizeof r.error_id, "abi=%u.%u host_api=%zu",
             AUTH_PROVIDER_VERSION_MAJOR(h->abi_version),
             AUTH_PROVIDER_VERSION_MINOR(h->abi_version), h->struct_size);
    snprintf(r.user_message, sizeof r.user_message, "entry saw %u.%u",
             AUTH_PROVIDER_VERSION_MAJOR(offered), AUTH_PROVIDER_VERSION_MINOR(offered));
    auth_result_deliver(result, &r);
    return AUTH_OK;
}

static void variant_teardown(auth_instance *inst)
{
    free(inst);
}

#ifdef VARIANT_NULL_LOGIN
#define LOGIN_OP NULL
#else
#define LOGIN_OP variant_login
#endif

#if defined(VARIANT_OLD)
/* The 1.0 table as an old header declared it, and junk after it. */
struct old_ops {
    size_t struct_size;
    int (*init)(const auth_host_api *, const char *const *, auth_instance **,
                auth_result *);
    int (*login)(auth_instance *, const char *const *, auth_result *);
    void (*teardown)(auth_instance *);
};
static int junk_op(void) { return 0; }
static const struct {
    struct old_ops ops;
    int (*junk[4])(void);
} old_table = {{AUTH_PROVIDER_OPS_MIN_SIZE, variant_init, variant_login,
                variant_teardown},
               {junk_op, junk_op, junk_op, junk_op}};
#define OPS_TABLE ((const auth_provider_ops *)(const void *)&old_table.ops)
#elif defined(VARIANT_FUTURE)
/* A later minor appended fields a 1.0 host does not know. */
static int frobnicate(auth_instance *inst) { (void)inst; return 0; }
static const struct future_ops {
    auth_provider_ops base;
    int (*frobnicate)(auth_instance *);
    const char *motto;
} future_table = {{.struct_size = sizeof(struct future_ops), .init = variant_init,
                   .login = variant_login, .teardown = variant_teardown},
                  frobnicate, "appended by minor 7"};
#define OPS_TABLE (&future_table.base)
#else
static const auth_provider_ops variant_ops = {
#ifdef VARIANT_TINY_OPS
    .struct_size = sizeof(size_t),
#else
    .struct_size = sizeof(auth_provider_ops),
#endif
    .init = variant_init, .login = LOGIN_OP, .teardown = variant_teardown};
#define OPS_TABLE (&variant_ops)
#endif

static int variant_entry(uint32_t host_version, const auth_provider_ops **out_ops,
                         uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    int rc = auth_provider_negotiate(host_version, VARIANT_VERSION, out_version,
                                     errbuf, errbuf_size);
    offered = host_version;
    if (rc != AUTH_OK)
        return rc;
#ifdef VARIANT_GREEDY
    *out_version = VARIANT_VERSION;
#endif
    *out_ops = OPS_TABLE;
    return AUTH_OK;
}

#if defined(VARIANT_OLD)
/* The old plugin is also written the way 1.0 headers spelled the macro,
 * with a module name: that source must still build, into the same one
 * exported symbol (its exports test checks the symbol, loader.negotiation
 * loads it). */
AUTH_PROVIDER_DEFINE_ENTRY(VARIANT_MODULE, variant_entry)
#else
AUTH_PROVIDER_DEFINE_ENTRY(variant_entry)
#endif
