/* SPDX-License-Identifier: MIT */
/*
 * auth_config.h -- the panelsso configuration file, read the same way by
 * every host (panelctl, the PHP and Python bindings).  Part of
 * libauthloader: link with -lauthloader (pkg-config: authloader).
 *
 * The file is one strict JSON object:
 *
 *   {
 *     "plugin_dir": "/usr/lib/x86_64-linux-gnu/panelsso/plugins",
 *     "providers": {
 *       "sendgrid": { "api_key_file": "/etc/panelsso/sendgrid.key",
 *                     "timeout_ms": 5000 }
 *     },
 *     "tenants": {
 *       "acme": { "provider": "sendgrid", "account_id": "ZGkrHSypTsudrGkmdpJJ",
 *                 "region": "global" }
 *     }
 *   }
 *
 *   plugin_dir          string, optional: where the plugins are
 *   providers.NAME.KEY  scalar, becomes the setting "KEY=VALUE" of the
 *                       plugin NAME.so (auth_config_settings_for)
 *   tenants.T.provider  string, required in a tenant: the provider to use
 *   tenants.T.KEY       scalar, becomes T's login attribute "KEY=VALUE"; the
 *                       attribute "tenant=T" is added at the end, so "tenant"
 *                       is reserved
 * A scalar is a string (taken as is), a number (as written) or a boolean.
 * All three members are optional; a host whose tenants live elsewhere (a
 * panel's database) reads only plugin_dir and providers.  Anything else is
 * refused with a message naming the JSON path (or, for syntax, the line and
 * column): an unknown top-level key, a value of the wrong type, a key that
 * is empty or holds '=', the escape \u0000, and what json-c would take but
 * JSON does not (single-quoted keys, raw control characters in strings,
 * NaN, Infinity, "1.", integers json-c would clamp to 64 bits).  A key given
 * twice keeps its last value.
 *
 * Ownership follows auth_loader.h: the caller owns out storage (the
 * auth_result, the entry structs below); the config object owns every
 * string and vector handed back, valid until auth_config_free.  A config is
 * never changed after it is made, so any number of threads may read it at
 * once.
 *
 * Messages: every function that can fail returns an auth_status and fills
 * `result` (which may be NULL) with status and a one-line log_message,
 * "what happened: what to do", naming the file.  Messages never quote a
 * value from the file (values hold key file paths and may hold secrets),
 * only its JSON path.
 */
#ifndef AUTH_CONFIG_H
#define AUTH_CONFIG_H

#include "auth_provider.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct auth_config auth_config;

/* A file or text bigger than this is refused: a configuration is a few
 * kilobytes, so this much is a wrong path. */
#define AUTH_CONFIG_MAX_BYTES (1024 * 1024)

/* Read, check and parse the configuration file at `path`, and store the
 * config in *out (free it with auth_config_free).
 * The file must be a regular file and must pass the loader's trust rule
 * (auth_loader_check_path_trust with AUTH_LOADER_TRUST_FILE: it, its
 * directory and every directory above owned by root or this process's
 * user, none writable by group or others), since it names the plugins that
 * run in this process and the key files they read.  The file judged is the
 * file read.
 * Returns AUTH_OK; AUTH_ERR_CONFIG if the file cannot be opened or read, is
 * not a regular file, is refused by the trust rule, is larger than
 * AUTH_CONFIG_MAX_BYTES, is not valid JSON (the message gives line and
 * column) or breaks the format; AUTH_ERR_INVALID_REQUEST if path or out is
 * NULL; AUTH_ERR_INTERNAL if out of memory.  On failure *out is NULL. */
int auth_config_load(const char *path, auth_config **out, auth_result *result);

/* The same from `len` bytes of `text` (need not be NUL-terminated), without
 * the file checks: for text that did not come from a file, and for tests.
 * `origin` names the source in messages ("config file ORIGIN: ..."); NULL
 * reads as "(text)".  Returns as auth_config_load; AUTH_ERR_INVALID_REQUEST
 * if text (with len > 0) or out is NULL. */
int auth_config_parse(const char *text, size_t len, const char *origin,
                      auth_config **out, auth_result *result);

/* Free a config and everything it handed out.  NULL is a no-op. */
void auth_config_free(auth_config *cfg);

/* The plugin_dir, or NULL when the file sets none (the host then uses its
 * default, e.g. pkg-config --variable=plugindir authloader). */
const char *auth_config_plugin_dir(const auth_config *cfg);

/* ---- providers: providers.NAME ------------------------------------------------
 * The entry structs below stay as they are for every 1.x release (callers
 * allocate them); what a later release adds comes as new functions. */

typedef struct auth_config_provider {
    const char *name;                /* NAME: the plugin NAME.so */
    const char *const *settings;     /* NULL-terminated "key=value" vector,
                                        in file order; never NULL */
} auth_config_provider;

/* How many providers the file names; 0 for a NULL config. */
size_t auth_config_provider_count(const auth_config *cfg);

/* Fill *out with the provider at `index` (0 to count - 1, in file order) or
 * named `name`.  Returns AUTH_OK, or AUTH_ERR_INVALID_REQUEST (out of
 * range, no such name, or a NULL argument) leaving *out untouched. */
int auth_config_provider_get(const auth_config *cfg, size_t index,
                             auth_config_provider *out);
int auth_config_provider_find(const auth_config *cfg, const char *name,
                              auth_config_provider *out);

/* The settings of the provider `name`, or NULL if the file has none for it
 * (the plugin then loads with no settings).  Its signature is
 * auth_loader_settings_fn's, with the config as the context:
 *     lc.settings_for = auth_config_settings_for;
 *     lc.settings_ctx = cfg;
 * so auth_loader_load_dir gives each plugin its providers.NAME settings.
 * The loader keeps the context: cfg must outlive every auth_loader_load_dir
 * call on it.  The vectors are only lent to each plugin's init. */
const char *const *auth_config_settings_for(void *cfg, const char *name);

/* ---- tenants: tenants.NAME ------------------------------------------------------ */

typedef struct auth_config_tenant {
    const char *name;                /* NAME */
    const char *provider;            /* tenants.NAME.provider, non-empty */
    const char *const *attributes;   /* NULL-terminated "key=value" vector,
                                        in file order, ending with
                                        "tenant=NAME"; for auth_loader_login
                                        and auth_loader_check */
} auth_config_tenant;

/* How many tenants the file names; 0 when it has no tenants section. */
size_t auth_config_tenant_count(const auth_config *cfg);

/* As the provider look-ups. */
int auth_config_tenant_get(const auth_config *cfg, size_t index,
                           auth_config_tenant *out);
int auth_config_tenant_find(const auth_config *cfg, const char *name,
                            auth_config_tenant *out);

#ifdef __cplusplus
}
#endif

#endif /* AUTH_CONFIG_H */
