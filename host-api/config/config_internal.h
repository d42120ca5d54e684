/* SPDX-License-Identifier: MIT */
/*
 * config_internal.h -- what the files of the configuration reader share,
 * one file per job:
 *   config_load.c    auth_config_load: the file, its kind, size and trust
 *   config_parse.c   auth_config_parse: JSON text to a config, every rule of
 *                    the format and its messages
 *   config_access.c  the look-ups, auth_config_settings_for, auth_config_free
 *   config_result.c  the reader's answers in the caller's auth_result
 */
#ifndef CONFIG_INTERNAL_H
#define CONFIG_INTERNAL_H

#include <stddef.h>

#include <panelsso/auth_config.h>

/* AUTH_LOADER_API (the export attribute) and loader_result: the config
 * reader is part of libauthloader and answers the way the loader does. */
#include "loader_internal.h"

typedef struct config_provider {
    char *name;
    char **settings;        /* NULL-terminated "key=value" vector */
} config_provider;

typedef struct config_tenant {
    char *name;
    char *provider;
    char **attributes;      /* NULL-terminated, ends with "tenant=NAME" */
} config_tenant;

struct auth_config {
    char *plugin_dir;       /* NULL when the file sets none */
    config_provider *providers;
    size_t provider_count;
    config_tenant *tenants;
    size_t tenant_count;
};

/* ---- config_access.c ---- */
/* Free a NULL-terminated vector and its strings.  NULL is a no-op. */
void config_free_vector(char **v);

/* ---- config_result.c ---- */
/* Put status and the formatted sentence into `result` (may be NULL), with
 * control characters shown as '?' so the message stays one line whatever a
 * key or path holds.  Returns status. */
int config_fail(auth_result *result, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The answer to running out of memory. */
int config_out_of_memory(auth_result *result);

#endif /* CONFIG_INTERNAL_H */
