/* SPDX-License-Identifier: MIT */
/* target.c -- the tenant or provider a command acts for (see target.h). */
#include "target.h"

#include <stdio.h>
#include <string.h>

#include "exit_codes.h"
#include "output.h"
#include "report.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* The loader's failure reason for the file DIR/NAME.so, or NULL. */
static const char *failure_for(const auth_loader *l, const char *name)
{
    size_t n = auth_loader_failure_count(l), len = strlen(name);
    for (size_t i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        if (auth_loader_failure(l, i, &file, &reason) != AUTH_OK || file == NULL)
            continue;
        const char *b = base_name(file);
        if (strncmp(b, name, len) == 0 && strcmp(b + len, ".so") == 0)
            return reason != NULL ? reason : "unknown reason";
    }
    return NULL;
}

/* The loader's reason for refusing the directory itself, or NULL. */
static const char *directory_failure(const auth_loader *l, const char *dir)
{
    size_t n = auth_loader_failure_count(l);
    for (size_t i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        if (auth_loader_failure(l, i, &file, &reason) == AUTH_OK && file != NULL &&
            strcmp(file, dir) == 0)
            return reason != NULL ? reason : "unknown reason";
    }
    return NULL;
}

/* The tenant names, comma-separated, into buf ("(none)" when there are
 * none); truncated to fit. */
static void tenant_names(const auth_config *cfg, char *buf, size_t size)
{
    size_t used = 0, n = auth_config_tenant_count(cfg);
    snprintf(buf, size, "%s", n == 0 ? "(none)" : "");
    for (size_t i = 0; i < n && used < size; i++) {
        auth_config_tenant t;
        if (auth_config_tenant_get(cfg, i, &t) != AUTH_OK)
            break;
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", t.name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* Is the provider loaded?  -1 if so, else the exit code after saying
 * why not. */
static int provider_loaded(const panelctl_args *a, const auth_loader *l, const char *dir,
                           const panelctl_target *t)
{
    char p[80], tn[80];
    if (auth_loader_has(l, t->provider))
        return -1;
    const char *reason = failure_for(l, t->provider);
    const char *refused_dir = directory_failure(l, dir);
    panelctl_printable(p, sizeof p, t->provider);
    if (t->tenant != NULL) {
        panelctl_printable(tn, sizeof tn, t->tenant);
        if (reason == NULL && refused_dir != NULL)
            return panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                                 "tenant '%s' uses provider '%s', but the plugin "
                                 "directory %s was not loaded: %s", tn, p, dir,
                                 refused_dir);
        if (reason != NULL)
            return panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                                 "tenant '%s' uses provider '%s', which failed to load: "
                                 "%s: fix the plugin or providers.%s in %s", tn, p,
                                 reason, p, a->config_path);
        return panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                             "tenant '%s' uses provider '%s', but there is no plugin "
                             "named %s in %s: install %s.so there or fix "
                             "tenants.%s.provider", tn, p, p, dir, p, tn);
    }
    if (reason == NULL && refused_dir != NULL)
        return panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                             "--provider %s: the plugin directory %s was not loaded: %s",
                             p, dir, refused_dir);
    if (reason != NULL)
        return panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                             "--provider %s: the plugin failed to load: %s: fix the "
                             "plugin or providers.%s in %s", p, reason, p,
                             a->config_path);
    return panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                         "--provider %s: there is no plugin named %s in %s: install "
                         "%s.so there or fix the name (panelctl plugins lists them)",
                         p, p, dir, p);
}

int panelctl_target_resolve(const panelctl_args *a, const auth_config *cfg,
                            const auth_loader *l, const char *dir, panelctl_target *t)
{
    char shown[80];
    memset(t, 0, sizeof *t);
    if (a->provider != NULL) {
        t->provider = a->provider;
        t->attributes = a->attrs;
        panelctl_printable(shown, sizeof shown, a->provider);
        snprintf(t->who, sizeof t->who, "through provider '%s'", shown);
    } else {
        auth_config_tenant tenant;
        if (auth_config_tenant_find(cfg, a->tenant, &tenant) != AUTH_OK) {
            char names[1024];
            tenant_names(cfg, names, sizeof names);
            panelctl_printable(shown, sizeof shown, a->tenant);
            return panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                                 "unknown tenant '%s' in %s: use one of: %s", shown,
                                 a->config_path, names);
        }
        t->provider = tenant.provider;
        t->attributes = tenant.attributes;
        t->tenant = tenant.name;
        panelctl_printable(t->tenant_shown, sizeof t->tenant_shown, tenant.name);
        snprintf(t->who, sizeof t->who, "for tenant '%s'", t->tenant_shown);
    }
    return provider_loaded(a, l, dir, t);
}

const char *panelctl_target_attr(const panelctl_target *t, const char *key)
{
    size_t klen = strlen(key);
    for (const char *const *kv = t->attributes; kv != NULL && *kv != NULL; kv++)
        if (strncmp(*kv, key, klen) == 0 && (*kv)[klen] == '=')
            return *kv + klen + 1;
    return NULL;
}
