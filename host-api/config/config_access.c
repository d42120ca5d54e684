/* SPDX-License-Identifier: MIT */
/*
 * config_access.c -- reading a parsed configuration: the look-ups the
 * hosts use, the settings callback for auth_loader_load_dir, and freeing.
 * Nothing here changes a config, so readers need no lock.
 */
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static void fill_provider(const config_provider *p, auth_config_provider *out)
{
    out->name = p->name;
    out->settings = (const char *const *)p->settings;
}

static void fill_tenant(const config_tenant *t, auth_config_tenant *out)
{
    out->name = t->name;
    out->provider = t->provider;
    out->attributes = (const char *const *)t->attributes;
}

static const config_provider *find_provider(const auth_config *cfg, const char *name)
{
    if (cfg == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < cfg->provider_count; i++)
        if (strcmp(cfg->providers[i].name, name) == 0)
            return &cfg->providers[i];
    return NULL;
}

static const config_tenant *find_tenant(const auth_config *cfg, const char *name)
{
    if (cfg == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < cfg->tenant_count; i++)
        if (strcmp(cfg->tenants[i].name, name) == 0)
            return &cfg->tenants[i];
    return NULL;
}

AUTH_LOADER_API const char *auth_config_plugin_dir(const auth_config *cfg)
{
    return cfg != NULL ? cfg->plugin_dir : NULL;
}

AUTH_LOADER_API size_t auth_config_provider_count(const auth_config *cfg)
{
    return cfg != NULL ? cfg->provider_count : 0;
}

AUTH_LOADER_API int auth_config_provider_get(const auth_config *cfg, size_t index,
                                             auth_config_provider *out)
{
    if (cfg == NULL || out == NULL || index >= cfg->provider_count)
        return AUTH_ERR_INVALID_REQUEST;
    fill_provider(&cfg->providers[index], out);
    return AUTH_OK;
}

AUTH_LOADER_API int auth_config_provider_find(const auth_config *cfg, const char *name,
                                              auth_config_provider *out)
{
    const config_provider *p = find_provider(cfg, name);
    if (p == NULL || out == NULL)
        return AUTH_ERR_INVALID_REQUEST;
    fill_provider(p, out);
    return AUTH_OK;
}

AUTH_LOADER_API const char *const *auth_config_settings_for(void *cfg, const char *name)
{
    const config_provider *p = find_provider(cfg, name);
    return p != NULL ? (const char *const *)p->settings : NULL;
}

AUTH_LOADER_API size_t auth_config_tenant_count(const auth_config *cfg)
{
    return cfg != NULL ? cfg->tenant_count : 0;
}

AUTH_LOADER_API int auth_config_tenant_get(const auth_config *cfg, size_t index,
                                           auth_config_tenant *out)
{
    if (cfg == NULL || out == NULL || index >= cfg->tenant_count)
        return AUTH_ERR_INVALID_REQUEST;
    fill_tenant(&cfg->tenants[index], out);
    return AUTH_OK;
}

AUTH_LOADER_API int auth_config_tenant_find(const auth_config *cfg, const char *name,
                                            auth_config_tenant *out)
{
    const config_tenant *t = find_tenant(cfg, name);
    if (t == NULL || out == NULL)
        return AUTH_ERR_INVALID_REQUEST;
    fill_tenant(t, out);
    return AUTH_OK;
}

void config_free_vector(char **v)
{
    if (v == NULL)
        return;
    for (size_t i = 0; v[i] != NULL; i++)
        free(v[i]);
    free(v);
}

AUTH_LOADER_API void auth_config_free(auth_config *cfg)
{
    if (cfg == NULL)
        return;
    for (size_t i = 0; i < cfg->provider_count; i++) {
        free(cfg->providers[i].name);
        config_free_vector(cfg->providers[i].settings);
    }
    for (size_t i = 0; i < cfg->tenant_count; i++) {
        free(cfg->tenants[i].name);
        free(cfg->tenants[i].provider);
        config_free_vector(cfg->tenants[i].attributes);
    }
    free(cfg->providers);
    free(cfg->tenants);
    free(cfg->plugin_dir);
    free(cfg);
}
