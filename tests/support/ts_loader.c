/* SPDX-License-Identifier: MIT */
/* ts_loader.c -- loaders as a panel makes them, and the SendGrid plugin
 * loaded into one. */
#include "testsupport.h"

#include <string.h>

#include <panelsso/auth_loader.h>

void ts_loader_config_init(auth_loader_config *cfg, ts_logcap *cap, int level, uint32_t abi)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->struct_size = sizeof *cfg;
    cfg->log = cap != NULL ? ts_logcap_log : NULL;
    cfg->log_ctx = cap;
    cfg->log_level = level;
    cfg->abi_version = abi;
}

auth_loader *ts_loader_new(ts_logcap *cap, int level, uint32_t abi)
{
    auth_loader_config cfg;
    ts_loader_config_init(&cfg, cap, level, abi);
    auth_loader *l = NULL;
    auth_result r;
    auth_result_init(&r);
    int rc = auth_loader_create(&cfg, &l, &r);
    if (rc != AUTH_OK) {
        fprintf(stderr, "auth_loader_create: %s: %s\n", auth_status_name(rc), r.log_message);
        return NULL;
    }
    return l;
}

int ts_sendgrid_load(auth_loader *l, const char *name, const ts_sendgrid_setup *s,
                     auth_result *out)
{
    const char *plugin = ts_env_required("SENDGRID_PLUGIN");
    /* Each "name=value" in its own buffer; a NULL value leaves it out. */
    const struct {
        const char *name, *value;
    } given[] = {{"api_key_file", s->key_path},   {"eu_api_key_file", s->eu_key_path},
                 {"global_base_url", s->global_base}, {"eu_base_url", s->eu_base},
                 {"ca_file", s->ca_file}};
    char buf[sizeof given / sizeof given[0]][700];
    const char *settings[40];
    size_t n = 0;
    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++) {
        if (given[i].value == NULL)
            continue;
        snprintf(buf[i], sizeof buf[i], "%s=%s", given[i].name, given[i].value);
        settings[n++] = buf[i];
    }
    settings[n++] = "redirect_hosts=127.0.0.1";
    for (const char *const *x = s->extra; x != NULL && *x != NULL; x++) {
        if (n >= sizeof settings / sizeof settings[0] - 1) {
            fprintf(stderr, "ts_sendgrid_load: too many settings\n");
            return AUTH_ERR_CONFIG;
        }
        settings[n++] = *x;
    }
    settings[n] = NULL;
    auth_result r;
    auth_result_init(&r);
    int rc = auth_loader_load_file(l, plugin, name, settings, &r);
    if (rc != AUTH_OK)
        fprintf(stderr, "loading %s as '%s': %s: %s\n", plugin, name, auth_status_name(rc),
                r.log_message);
    if (out != NULL)
        *out = r;
    return rc;
}
