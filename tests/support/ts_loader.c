/* ts_loader.c -- loaders as a panel makes them, and the SendGrid plugin
 * loaded into one. */
#include "testsupport.h"

#include <string.h>

#include <panelsso/auth_loader.h>

auth_loader *ts_loader_new(ts_logcap *cap, int level, uint32_t abi)
{
    auth_loader_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = cap != NULL ? ts_logcap_log : NULL;
    cfg.log_ctx = cap;
    cfg.log_level = level;
    cfg.abi_version = abi;
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
    char key[600], eu_key[600], g[200], e[200], ca[600];
    const char *settings[40];
    size_t n = 0;
    snprintf(key, sizeof key, "api_key_file=%s", s->key_path);
    settings[n++] = key;
    if (s->eu_key_path != NULL) {
        snprintf(eu_key, sizeof eu_key, "eu_api_key_file=%s", s->eu_key_path);
        settings[n++] = eu_key;
    }
    if (s->global_base != NULL) {
        snprintf(g, sizeof g, "global_base_url=%s", s->global_base);
        settings[n++] = g;
    }
    if (s->eu_base != NULL) {
        snprintf(e, sizeof e, "eu_base_url=%s", s->eu_base);
        settings[n++] = e;
    }
    if (s->ca_file != NULL) {
        snprintf(ca, sizeof ca, "ca_file=%s", s->ca_file);
        settings[n++] = ca;
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
