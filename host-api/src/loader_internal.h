/* SPDX-License-Identifier: MIT */
/*
 * loader_internal.h -- what the files of libauthloader share: the loader and
 * instance structs and the internal helpers, one file per job:
 *   ltdl_guard.c  serialized, refcounted libltdl (open, resolve, close)
 *   negotiate.c   ABI negotiation and the ops table checks
 *   host_log.c    the host callback table and the log trampoline
 *   registry.c    the instance and failure lists
 *   auth_loader.c create, load_file, unload_all, destroy, introspection
 *   load_dir.c    auth_loader_load_dir
 *   dispatch.c    auth_loader_login and auth_loader_check
 *   dispatch_account.c  auth_loader_supports and auth_loader_account
 *   exported_helpers.c  the inline helpers, exported for FFI hosts and bindings
 *   loader_result.c  the loader's own answers in the caller's auth_result
 *   path_trust.c  who could have written a file: the trust rule
 */
#ifndef LOADER_INTERNAL_H
#define LOADER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <panelsso/auth_loader.h>

/* The library is built with hidden visibility; only these are exported. */
#define AUTH_LOADER_API __attribute__((visibility("default")))

/* Room for a failure reason: the plugin's own message plus our sentence. */
#define LOADER_REASON_MAX 1024

typedef struct loader_module loader_module; /* an open libltdl handle */

/* One loaded plugin instance.  Allocated once and never moved, because the
 * plugin may keep `api` (and so host_ctx, which points back here) until
 * teardown. */
typedef struct loader_instance {
    auth_host_api api;          /* handed to init; host_ctx == this */
    struct auth_loader *loader; /* for the log sink */
    char *name;
    char *file;
    loader_module *module;
    auth_provider_ops ops;      /* zeroed, then what both the plugin's
                                   struct_size and the negotiated minor
                                   hold (loader_ops_size_for) */
    uint32_t abi_version;       /* negotiated */
    const auth_provider_info *info;
    auth_instance *inst;
} loader_instance;

typedef struct loader_failure {
    char *file;
    char *reason;
} loader_failure;

struct auth_loader {
    /* a copy of the caller's config, missing trailing fields as zero */
    auth_loader_log_fn log;
    void *log_ctx;
    int log_level;
    auth_loader_settings_fn settings_for;
    void *settings_ctx;
    uint32_t abi_version;

    loader_instance **instances;
    size_t n_instances, cap_instances;
    loader_failure *failures;
    size_t n_failures, cap_failures;
};

/* ---- ltdl_guard.c ---- */
/* lt_dlinit under the process-wide lock (refcounted).  0 or -1 with a
 * sentence in err. */
int loader_ltdl_acquire(char *err, size_t err_size);
/* lt_dlexit under the lock; pairs with a successful acquire. */
void loader_ltdl_release(void);
/* Open `path` (which must contain a '/') with local scope and immediate
 * binding.  0, or -1 with the reason in err. */
int loader_module_open(const char *path, loader_module **out, char *err,
                       size_t err_size);
/* The plugin's entry point, or NULL with the reason in err. */
auth_provider_entry_fn loader_module_entry(loader_module *m, char *err,
                                           size_t err_size);
/* lt_dlclose; NULL is a no-op. */
void loader_module_close(loader_module *m);

/* ---- negotiate.c ---- */
/* How many bytes of auth_provider_ops the minor of `version` defines: the
 * most of a plugin's table a negotiation at that version may use. */
size_t loader_ops_size_for(uint32_t version);
/* Call the entry point offering `offered`; check the answer and the ops
 * table.  On AUTH_OK fills *ops (a zeroed local copy) and *version; else
 * returns AUTH_ERR_VERSION with a reason sentence in err. */
int loader_negotiate(auth_provider_entry_fn entry, uint32_t offered,
                     auth_provider_ops *ops, uint32_t *version, char *err,
                     size_t err_size);

/* ---- host_log.c ---- */
/* Fill inst->api for a plugin that negotiated `version`. */
void loader_host_api_init(loader_instance *inst, uint32_t version);
/* Format and pass one line to the loader's log sink, if the level passes. */
void loader_log(const struct auth_loader *l, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- registry.c ---- */
loader_instance *loader_find(const struct auth_loader *l, const char *name);
/* Take ownership of inst.  0, or -1 when out of memory. */
int loader_add_instance(struct auth_loader *l, loader_instance *inst);
/* Copy and keep a failure; logs it at ERROR.  Out of memory only loses the
 * record, never the log line. */
void loader_add_failure(struct auth_loader *l, const char *file,
                        const char *reason);
/* Tear down every instance (teardown, module close) and forget failures. */
void loader_clear(struct auth_loader *l);
/* Tear down and free one instance that is not (or no longer) registered. */
void loader_instance_free(loader_instance *inst);

/* ---- path_trust.c ---- */
/* The rule of auth_loader_check_path_trust.  On AUTH_OK, if `resolved` is
 * not NULL, *resolved is the absolute resolved path that was judged (the
 * caller frees it, and opens that path, not the one given). */
int loader_trust_path(const char *path, int kind, char **resolved, char *reason,
                      size_t reason_size);

/* ---- loader_result.c ---- */
/* Replace the caller's result (if any) with a status and log_message,
 * within its struct_size.  Returns status. */
int loader_result(auth_result *result, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* LOADER_INTERNAL_H */
