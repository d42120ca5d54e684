/* SPDX-License-Identifier: MIT */
/* The plugin's entry point: negotiation and the static ops tables.  This is
 * the only file that knows the ABI's entry symbol. */
#include <panelsso/auth_provider.h>
#include "sg_instance.h"

/* The ABI version this plugin was written against: 1.1, with the account
 * operations.  A 1.0 host negotiates 1.0 and gets the 1.0 table. */
#define SG_ABI_VERSION AUTH_PROVIDER_MKVERSION(1, 1)

extern const char *const sg_setting_keys[];

static const char *const regions[] = {"global", "eu", NULL};
static const char *const attributes[] = {"tenant", "account_id", "region", NULL};
/* "login" is mandatory and listed as before; the account operations by
 * their auth_account_op_name. */
static const char *const capabilities[] = {
    "login", "check", "account_create", "account_state", "account_suspend",
    "account_unsuspend", "account_offerings", "account_set_offerings",
    "account_delete", "catalog", NULL};

static const auth_provider_info *get_info(void)
{
    static const auth_provider_info info = {
        sizeof(auth_provider_info),
        "sendgrid",
        SENDGRID_PLUGIN_VERSION,
        "SendGrid partner single sign-on (one-time login URLs) and account "
        "management",
        regions,
        sg_setting_keys,
        attributes,
        capabilities,
    };
    return &info;
}

static int op_init(const auth_host_api *host, const char *const *settings,
                   auth_instance **out, auth_result *result)
{
    return sg_instance_init(host, settings, out, result);
}

static const auth_provider_ops ops = {
    .struct_size = sizeof(auth_provider_ops),
    .init = op_init,
    .login = sg_login,
    .teardown = sg_instance_teardown,
    .get_info = get_info,
    .check = sg_check,
    .account_create = sg_account_create,
    .account_state = sg_account_state,
    .account_suspend = sg_account_suspend,
    .account_unsuspend = sg_account_unsuspend,
    .account_offerings = sg_account_offerings,
    .account_set_offerings = sg_account_set_offerings,
    .account_delete = sg_account_delete,
    .catalog = sg_account_catalog,
};

/* What a 1.0 host gets: the table as a 1.0 plugin has it, so a host that
 * reads past its minor finds no account operation there either, and no
 * call can return a status 1.0 does not have. */
static const auth_provider_ops ops_1_0 = {
    .struct_size = AUTH_PROVIDER_OPS_SIZE_1_0,
    .init = op_init,
    .login = sg_login,
    .teardown = sg_instance_teardown,
    .get_info = get_info,
    .check = sg_check,
};

static int entry(uint32_t host_version, const auth_provider_ops **out_ops,
                 uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    uint32_t version = 0;
    int rc = auth_provider_negotiate(host_version, SG_ABI_VERSION, &version,
                                     errbuf, errbuf_size);
    if (rc != AUTH_OK)
        return rc;
    if (out_version != NULL)
        *out_version = version;
    *out_ops = AUTH_PROVIDER_VERSION_MINOR(version) >= 1 ? &ops : &ops_1_0;
    return AUTH_OK;
}

AUTH_PROVIDER_DEFINE_ENTRY(entry)
