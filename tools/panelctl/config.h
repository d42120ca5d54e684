/*
 * config.h -- panelctl's JSON configuration file, turned into the key=value
 * vectors the loader and plugins take.
 *
 *   plugin_dir            string, optional (panelctl then uses its built-in
 *                         default or --plugin-dir)
 *   providers.NAME.KEY    scalar -> NAME's init setting "KEY=VALUE"
 *   tenants.T.provider    string, required: the provider (plugin) to use
 *   tenants.T.KEY         scalar -> T's login attribute "KEY=VALUE"; the
 *                         attribute "tenant=T" is added (so "tenant" is
 *                         reserved)
 * A scalar is a string (used as is), a number or a boolean (its JSON text).
 * Anything else, or an unknown top-level key, is an error naming the path.
 */
#ifndef PANELCTL_CONFIG_H
#define PANELCTL_CONFIG_H

#include <stddef.h>

typedef struct panelctl_provider {
    char *name;
    char **settings;        /* NULL-terminated "key=value" vector */
} panelctl_provider;

typedef struct panelctl_tenant {
    char *name;
    char *provider;
    char **attributes;      /* NULL-terminated, ends with "tenant=NAME" */
} panelctl_tenant;

typedef struct panelctl_config {
    char *plugin_dir;       /* NULL when the file sets none */
    panelctl_provider *providers;
    size_t provider_count;
    panelctl_tenant *tenants;
    size_t tenant_count;
} panelctl_config;

/* Read and validate the file at `path` into *cfg (caller-owned, filled
 * here; free with panelctl_config_free).  Returns AUTH_OK, AUTH_ERR_CONFIG
 * (unreadable, invalid JSON with line and column, wrong types) or
 * AUTH_ERR_INTERNAL (out of memory), with a one-line "what went wrong:
 * what to do" message in err.  On failure *cfg is left empty. */
int panelctl_config_load(const char *path, panelctl_config *cfg, char *err,
                         size_t err_size);

/* Free what panelctl_config_load stored; leaves *cfg empty.  Idempotent. */
void panelctl_config_free(panelctl_config *cfg);

/* Look-ups; NULL when absent. */
const panelctl_provider *panelctl_config_provider(const panelctl_config *cfg,
                                                  const char *name);
const panelctl_tenant *panelctl_config_tenant(const panelctl_config *cfg,
                                              const char *name);

/* Write the tenant names, comma-separated, into buf ("(none)" when there
 * are none); truncated to fit. */
void panelctl_config_tenant_names(const panelctl_config *cfg, char *buf,
                                  size_t size);

/* Convert a byte offset in `text` into a 1-based line and column. */
void panelctl_offset_to_line_col(const char *text, size_t offset,
                                 unsigned *line, unsigned *column);

#endif
