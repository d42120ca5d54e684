/* The plugin's entry point: negotiation and the static ops table.  This is
 * the only file that knows the ABI's entry symbol. */
#include <panelsso/auth_provider.h>
#include "sg_instance.h"

/* The ABI version this plugin was written against. */
#define SG_ABI_VERSION AUTH_PROVIDER_MKVERSION(1, 0)

extern const char *const sg_setting_keys[];

static const char *const regions[] = {"global", "eu", NULL};
static const char *const attributes[] = {"tenant", "account_id", "region", NULL};
static const char *const capabilities[] = {"login", "check", NULL};

static const auth_provider_info *get_info(void)
{
    static const auth_provider_info info = {
        sizeof(auth_provider_info),
        "sendgrid",
        SENDGRID_PLUGIN_VERSION,
        "SendGrid partner single sign-on (one-time login URLs)",
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
};

static int entry(uint32_t host_version, const auth_provider_ops **out_ops,
                 uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    int rc = auth_provider_negotiate(host_version, SG_ABI_VERSION, out_version,
                                     errbuf, errbuf_size);
    if (rc == AUTH_OK)
        *out_ops = &ops;
    return rc;
}

AUTH_PROVIDER_DEFINE_ENTRY(entry)
