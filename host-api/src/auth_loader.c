/* SPDX-License-Identifier: MIT */
/*
 * auth_loader.c -- the loader's life cycle: create, load one plugin file
 * into a named instance, introspection, unload_all, destroy.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loader_internal.h"

AUTH_LOADER_API int auth_loader_create(const auth_loader_config *cfg,
                                       auth_loader **out, auth_result *result)
{
    if (result != NULL && result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    if (out == NULL)
        return loader_result(result, AUTH_ERR_CONFIG,
                             "auth_loader_create got no place to store the "
                             "loader: pass a non-NULL out");
    *out = NULL;
    if (cfg != NULL && !AUTH_STRUCT_HAS(cfg, auth_loader_config, log_level))
        return loader_result(result, AUTH_ERR_CONFIG,
                             "auth_loader_config.struct_size is %zu: set it to "
                             "sizeof(auth_loader_config)", cfg->struct_size);
    auth_loader *l = calloc(1, sizeof *l);
    if (l == NULL)
        return loader_result(result, AUTH_ERR_INTERNAL,
                             "out of memory creating the loader: free memory "
                             "and retry");
    l->log_level = AUTH_LOG_ERROR;
    l->abi_version = AUTH_PROVIDER_ABI_VERSION;
    /* A shorter (older) config simply lacks the trailing fields. */
    if (cfg != NULL) {
        l->log = cfg->log;
        l->log_ctx = cfg->log_ctx;
        l->log_level = cfg->log_level;
        if (AUTH_STRUCT_HAS(cfg, auth_loader_config, settings_ctx)) {
            l->settings_for = cfg->settings_for;
            l->settings_ctx = cfg->settings_ctx;
        }
        /* Any version is offered as given, even another major: that is how
         * tests act as an older or foreign host, and the plugin decides. */
        if (AUTH_STRUCT_HAS(cfg, auth_loader_config, abi_version) &&
            cfg->abi_version != 0)
            l->abi_version = cfg->abi_version;
    }
    char err[LOADER_REASON_MAX];
    if (loader_ltdl_acquire(err, sizeof err) != 0) {
        free(l);
        return loader_result(result, AUTH_ERR_INTERNAL, "%s", err);
    }
    *out = l;
    return loader_result(result, AUTH_OK, "loader ready, offering ABI %u.%u",
                         AUTH_PROVIDER_VERSION_MAJOR(l->abi_version),
                         AUTH_PROVIDER_VERSION_MINOR(l->abi_version));
}

/* "dir/echo.so" -> "echo"; a name without ".so" is kept whole. */
static char *module_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".so") == 0)
        n -= 3;
    return strndup(base, n);
}

/* Is `path` a regular file we can see?  0, or -1 with the reason in err. */
static int check_file(const char *path, char *err, size_t err_size)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        snprintf(err, err_size, "cannot read it (%s): check the plugin path "
                 "and its permissions", strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, err_size, "not a regular file: point at the plugin's "
                 ".so file");
        return -1;
    }
    return 0;
}

/* Record the failure, log it, and describe it in the caller's result. */
static int fail(auth_loader *l, const char *path, int status,
                const char *reason, auth_result *result)
{
    loader_add_failure(l, path, reason);
    return loader_result(result, status, "%s: %s", path, reason);
}

static const char *advice_for_init(int status)
{
    switch (status) {
    case AUTH_ERR_CONFIG: return "fix the provider's settings";
    case AUTH_ERR_VERSION: return "rebuild the plugin against this host's auth_provider.h";
    case AUTH_ERR_INTERNAL: return "check memory and the plugin's log, then retry";
    default: return "see the plugin's documentation for this status";
    }
}

/* Negotiate, create the instance and run its init.  On failure returns the
 * status with the reason in err and frees everything but `module`. */
static int start_instance(auth_loader *l, loader_module *module,
                          const char *const *settings, loader_instance **out,
                          char *err, size_t err_size)
{
    *out = NULL;
    auth_provider_entry_fn entry = loader_module_entry(module, err, err_size);
    if (entry == NULL)
        return AUTH_ERR_CONFIG;
    loader_instance *inst = calloc(1, sizeof *inst);
    if (inst == NULL) {
        snprintf(err, err_size, "out of memory: free memory and retry");
        return AUTH_ERR_INTERNAL;
    }
    inst->loader = l;
    int rc = loader_negotiate(entry, l->abi_version, &inst->ops,
                              &inst->abi_version, err, err_size);
    if (rc != AUTH_OK) {
        free(inst);
        return rc;
    }
    loader_host_api_init(inst, inst->abi_version);
    if (inst->ops.get_info != NULL)
        inst->info = inst->ops.get_info();
    auth_result r;
    auth_result_init(&r);
    rc = inst->ops.init(&inst->api, settings, &inst->inst, &r);
    if (rc == AUTH_OK && inst->inst == NULL) {
        snprintf(err, err_size, "init returned AUTH_OK but no instance: fix "
                 "the plugin's init");
        rc = AUTH_ERR_INTERNAL;
    } else if (rc != AUTH_OK) {
        r.log_message[sizeof r.log_message - 1] = '\0';
        snprintf(err, err_size, "init failed with %s (%s): %s",
                 auth_status_name(rc),
                 r.log_message[0] != '\0' ? r.log_message : auth_strerror(rc),
                 advice_for_init(rc));
        /* The contract says init stores NULL on failure; never trust a
         * half-made instance. */
        inst->inst = NULL;
    }
    auth_result_wipe(&r);
    if (rc != AUTH_OK) {
        free(inst);
        return rc;
    }
    *out = inst;
    return AUTH_OK;
}

AUTH_LOADER_API int auth_loader_load_file(auth_loader *l, const char *path,
                                          const char *name,
                                          const char *const *settings,
                                          auth_result *result)
{
    if (result != NULL && result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    if (l == NULL || path == NULL || path[0] == '\0')
        return loader_result(result, AUTH_ERR_INVALID_REQUEST,
                             "auth_loader_load_file needs a loader and a file "
                             "path: pass both");
    char *own_name = name != NULL ? strdup(name) : module_name(path);
    if (own_name == NULL)
        return loader_result(result, AUTH_ERR_INTERNAL,
                             "out of memory loading %s: free memory and retry", path);
    if (own_name[0] == '\0') {
        free(own_name);
        return fail(l, path, AUTH_ERR_CONFIG,
                    "the instance name is empty: name the file <name>.so or "
                    "pass a name", result);
    }
    char err[LOADER_REASON_MAX];
    const loader_instance *taken = loader_find(l, own_name);
    if (taken != NULL) {
        snprintf(err, sizeof err, "an instance named '%s' is already loaded "
                 "(from %s): give this one another name or remove the "
                 "duplicate plugin", own_name, taken->file);
        free(own_name);
        return fail(l, path, AUTH_ERR_CONFIG, err, result);
    }
    if (check_file(path, err, sizeof err) != 0) {
        free(own_name);
        return fail(l, path, AUTH_ERR_CONFIG, err, result);
    }
    /* Who could have written the file is judged before it is opened: its
     * constructors run inside dlopen, before anything else can be checked.
     * The resolved path that was judged is the one opened, always absolute:
     * neither dlopen nor libltdl searches any path for it, and a symlink on
     * the way cannot be re-pointed in between. */
    char trust[LOADER_REASON_MAX - 64];
    char *open_path = NULL;
    int rc = loader_trust_path(path, AUTH_LOADER_TRUST_FILE, &open_path, trust,
                               sizeof trust);
    if (rc == AUTH_ERR_INTERNAL) {
        free(own_name);
        return loader_result(result, AUTH_ERR_INTERNAL,
                             "out of memory loading %s: free memory and retry", path);
    }
    if (rc != AUTH_OK) {
        free(own_name);
        snprintf(err, sizeof err, "refused before loading, no code of it ran: %s",
                 trust);
        return fail(l, path, AUTH_ERR_CONFIG, err, result);
    }
    loader_module *module = NULL;
    loader_instance *inst = NULL;
    rc = loader_module_open(open_path, &module, err, sizeof err) == 0
             ? start_instance(l, module, settings, &inst, err, sizeof err)
             : AUTH_ERR_CONFIG;
    free(open_path);
    if (rc != AUTH_OK) {
        loader_module_close(module);
        free(own_name);
        return fail(l, path, rc, err, result);
    }
    inst->module = module;
    inst->name = own_name;
    inst->file = strdup(path);
    if (inst->file == NULL || loader_add_instance(l, inst) != 0) {
        loader_instance_free(inst);
        return fail(l, path, AUTH_ERR_INTERNAL,
                    "out of memory registering the instance: free memory and retry",
                    result);
    }
    loader_log(l, AUTH_LOG_INFO, "loaded plugin %s as '%s' (ABI %u.%u)", path,
               inst->name, AUTH_PROVIDER_VERSION_MAJOR(inst->abi_version),
               AUTH_PROVIDER_VERSION_MINOR(inst->abi_version));
    return loader_result(result, AUTH_OK, "%s: loaded as '%s'", path, inst->name);
}

AUTH_LOADER_API size_t auth_loader_count(const auth_loader *l)
{
    return l != NULL ? l->n_instances : 0;
}

AUTH_LOADER_API int auth_loader_get(const auth_loader *l, size_t index,
                                    auth_loader_entry *out)
{
    if (l == NULL || out == NULL || index >= l->n_instances)
        return AUTH_ERR_INVALID_REQUEST;
    const loader_instance *inst = l->instances[index];
    out->name = inst->name;
    out->file = inst->file;
    out->abi_version = inst->abi_version;
    out->info = inst->info;
    return AUTH_OK;
}

AUTH_LOADER_API size_t auth_loader_failure_count(const auth_loader *l)
{
    return l != NULL ? l->n_failures : 0;
}

AUTH_LOADER_API int auth_loader_failure(const auth_loader *l, size_t index,
                                        const char **file, const char **reason)
{
    if (l == NULL || index >= l->n_failures)
        return AUTH_ERR_INVALID_REQUEST;
    if (file != NULL)
        *file = l->failures[index].file;
    if (reason != NULL)
        *reason = l->failures[index].reason;
    return AUTH_OK;
}

AUTH_LOADER_API int auth_loader_has(const auth_loader *l, const char *name)
{
    return l != NULL && name != NULL && loader_find(l, name) != NULL;
}

AUTH_LOADER_API void auth_loader_unload_all(auth_loader *l)
{
    if (l != NULL)
        loader_clear(l);
}

AUTH_LOADER_API void auth_loader_destroy(auth_loader *l)
{
    if (l == NULL)
        return;
    loader_clear(l);
    loader_ltdl_release();
    free(l);
}
