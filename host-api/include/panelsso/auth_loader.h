/* SPDX-License-Identifier: MIT */
/*
 * auth_loader.h -- the host side of the auth_provider ABI, so hosts need not
 * write loading code.  Link with -lauthloader (pkg-config: authloader).
 *
 * A loader holds any number of provider instances, each a plugin module
 * (loaded with libltdl, local symbol scope, immediate binding) plus one
 * instance created with its own settings.  Instances are found by name.
 *
 * Ownership follows auth_provider.h's single rule: whoever allocates frees;
 * out-parameters go into storage the caller supplies (auth_result); strings
 * handed back (names, files, failure reasons) are owned by the loader and stay
 * valid until the loader is destroyed or auth_loader_unload_all is called.
 *
 * Threading: creating, loading, unloading and destroying must not run
 * concurrently with anything else on the same loader.  auth_loader_login,
 * auth_loader_check, auth_loader_account and auth_loader_supports may run
 * concurrently from any number of threads once loading is done.  libltdl calls are serialized internally across all
 * loaders of the process (libltdl is not thread-safe).
 */
#ifndef AUTH_LOADER_H
#define AUTH_LOADER_H

#include "auth_provider.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct auth_loader auth_loader;

/* The host's log sink; same contract as auth_host_api.log, but va_list-free
 * so it is easy to implement: the loader formats the line first. */
typedef void (*auth_loader_log_fn)(void *ctx, int level, const char *line);

/* Settings for a provider found by auth_loader_load_dir: return a
 * NULL-terminated "key=value" vector (borrowed for the call), or NULL for
 * "no settings".  `name` is the provider's module name. */
typedef const char *const *(*auth_loader_settings_fn)(void *ctx,
                                                       const char *name);

typedef struct auth_loader_config {
    size_t struct_size;              /* sizeof(auth_loader_config) */
    auth_loader_log_fn log;          /* may be NULL: no logging */
    void *log_ctx;
    int log_level;                   /* lines above this level are dropped;
                                        0 (AUTH_LOG_ERROR) if unset */
    auth_loader_settings_fn settings_for; /* for load_dir; may be NULL */
    void *settings_ctx;
    uint32_t abi_version;            /* version to offer plugins; 0 means
                                        AUTH_PROVIDER_ABI_VERSION.  Tests set
                                        it to act as an older host. */
} auth_loader_config;

/* Create a loader.  cfg may be NULL (defaults).  Stores the loader in *out.
 * Returns AUTH_OK, AUTH_ERR_INTERNAL (out of memory or libltdl failed to
 * initialize; `result` says which) or AUTH_ERR_CONFIG (bad cfg). */
int auth_loader_create(const auth_loader_config *cfg, auth_loader **out,
                       auth_result *result);

/* Load one plugin file and create an instance of it under `name` (NULL: the
 * module name, i.e. the file's base name without ".so").  Before the file is
 * opened (and so before any code of it runs) it must pass the trust rule of
 * auth_loader_check_path_trust; the resolved path it was judged by is the
 * one opened.  Fails with AUTH_ERR_CONFIG if the name is taken, the file is
 * missing, untrusted, not a loadable shared object or has no entry symbol;
 * AUTH_ERR_VERSION if negotiation or the struct size check fails; the
 * plugin's own status if its init fails.  result->log_message names the
 * file and the reason.  The failure is also recorded (auth_loader_failure). */
int auth_loader_load_file(auth_loader *l, const char *path, const char *name,
                          const char *const *settings, auth_result *result);

/* Load every "*.so" file of `dir` (exactly that directory; no search path is
 * consulted) in name order, each under its module name with settings from
 * cfg->settings_for.  A plugin that fails (an untrusted one too) is skipped
 * and recorded; the others still load.  A directory that fails the trust
 * rule (as AUTH_LOADER_TRUST_DIR) is recorded as one failure of `dir`, and
 * no file in it is opened.  Returns the number of instances created. */
size_t auth_loader_load_dir(auth_loader *l, const char *dir);

/* What auth_loader_check_path_trust judges a path as. */
typedef enum auth_loader_trust_kind {
    AUTH_LOADER_TRUST_FILE = 1,  /* a regular file: a plugin, a config file */
    AUTH_LOADER_TRUST_DIR = 2    /* a directory whose files will be loaded */
} auth_loader_trust_kind;

/* May this process trust the file or directory at `path`: could anyone but
 * root or this process have written it?  The rule the loader applies to
 * every plugin before opening it, for hosts to apply to their own files
 * (configuration files naming plugin directories and key files):
 *   - `path` is resolved (symlinks followed; a link is judged by the file it
 *     resolves to), and must be a regular file (AUTH_LOADER_TRUST_FILE) or a
 *     directory (AUTH_LOADER_TRUST_DIR);
 *   - the resolved file, its directory and every directory above it up to
 *     "/" must be owned by root or by this process's effective uid, and
 *     none may be writable by group or others;
 *   - except that a directory above the file's own directory may be
 *     writable by all if it has the sticky bit (like /tmp).  The directory
 *     the file is in (for AUTH_LOADER_TRUST_DIR, the directory itself) may
 *     never rely on the sticky bit.
 * POSIX ACLs are not read: a named user's or group's write permission shows
 * as group write in the mode and is refused as such.
 * Returns AUTH_OK; AUTH_ERR_CONFIG if the path cannot be resolved, is of the
 * wrong kind or fails the rule; AUTH_ERR_INVALID_REQUEST if path is NULL or
 * empty or kind unknown; AUTH_ERR_INTERNAL if out of memory.  On failure a
 * one-line sentence goes into `reason` (may be NULL; truncated to
 * reason_size, always NUL-terminated when reason_size > 0): which path,
 * which bit or owner, and the command that fixes it, e.g.
 *   "/opt/p is writable by others (mode 0777): run 'chmod o-w /opt/p'".
 * Control characters in paths are shown as '?'.  It only reads file
 * metadata: nothing is opened. */
int auth_loader_check_path_trust(const char *path, int kind, char *reason,
                                 size_t reason_size);

/* What was loaded.  Index from 0 to auth_loader_count() - 1. */
typedef struct auth_loader_entry {
    const char *name;                /* instance name */
    const char *file;                /* path it was loaded from */
    uint32_t abi_version;            /* negotiated version */
    const auth_provider_info *info;  /* from get_info, or NULL */
} auth_loader_entry;

size_t auth_loader_count(const auth_loader *l);
/* Returns AUTH_OK and fills *out, or AUTH_ERR_INVALID_REQUEST if out of range. */
int auth_loader_get(const auth_loader *l, size_t index, auth_loader_entry *out);

/* What failed to load: the file and the reason, in load order. */
size_t auth_loader_failure_count(const auth_loader *l);
int auth_loader_failure(const auth_loader *l, size_t index, const char **file,
                        const char **reason);

/* Is an instance named `name` loaded?  Returns 1 or 0. */
int auth_loader_has(const auth_loader *l, const char *name);

/* Log a tenant in through the instance `name`.  `attributes` is a
 * NULL-terminated "key=value" vector.  `result` must be initialized by the
 * caller (auth_result_init).  Returns result->status; AUTH_ERR_CONFIG with a
 * message if no instance has that name. */
int auth_loader_login(auth_loader *l, const char *name,
                      const char *const *attributes, auth_result *result);

/* Verify credentials and reachability for a tenant, as login does but
 * without logging anyone in.  AUTH_ERR_CONFIG if the provider has no check. */
int auth_loader_check(auth_loader *l, const char *name,
                      const char *const *attributes, auth_result *result);

/* ---- account operations (ABI 1.1) --------------------------------------------
 * A provider may also manage the tenant's account at the upstream: create
 * it, read its state, suspend and unsuspend it, read and replace its
 * offerings, delete it, and list the catalog (auth_provider.h, "ACCOUNTS").
 * Every one is optional.  The loader calls one only for an instance that
 * negotiated ABI 1.1 or later and implements it; for any other it answers
 * AUTH_ERR_NOT_SUPPORTED itself, so a host may ask any provider, old or new,
 * and nothing else happens. */

/* Will auth_loader_account run `op` (an auth_account_op) on the instance
 * `name`?  1 if that instance is loaded, negotiated ABI 1.1 or later, and
 * implements the op; 0 otherwise, also for an unknown op or a NULL loader
 * or name.  This, not the capabilities a plugin lists in get_info, is what
 * the loader will call, so a host lists an instance's account operations
 * with it:
 *     for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++)
 *         if (auth_loader_supports(l, name, op))
 *             puts(auth_account_op_name(op));
 */
int auth_loader_supports(const auth_loader *l, const char *name, int op);

/* Run the account operation `op` (an auth_account_op) through the instance
 * `name`:
 *   attributes  a NULL-terminated "key=value" vector, as for login: the
 *               tenant, the region, and (for every op but create and
 *               catalog) the account_id.  Borrowed for the call.
 *   request     what the op needs beyond them (auth_account_request):
 *               AUTH_ACCOUNT_CREATE and AUTH_ACCOUNT_SET_OFFERINGS need
 *               one; the others take NULL (or ignore one).  Borrowed.
 *   result      caller-owned, initialized with auth_result_init.
 *   account     caller-owned, initialized with auth_account_init: receives
 *               the answer (create: account_id; state, suspend, unsuspend:
 *               state; offerings, set_offerings, catalog: the list).  May be
 *               NULL when the caller wants no answer: the plugin then fills
 *               a zeroed one of the loader's, which is dropped.
 * Returns result->status.  When the plugin runs the op that is the plugin's
 * status (auth_provider.h: AUTH_ERR_OUTCOME_UNKNOWN from create means it may
 * or may not have happened).  Otherwise the loader answers itself, without
 * calling the plugin:
 *   AUTH_ERR_INVALID_REQUEST  result is NULL (nothing is written); the loader
 *                             or name is NULL; op is not an auth_account_op;
 *                             create or set_offerings without a request; a
 *                             request with offering_count but no offerings
 *   AUTH_ERR_VERSION          result->struct_size is below
 *                             AUTH_RESULT_MIN_SIZE (nothing is written);
 *                             account->struct_size is below
 *                             AUTH_ACCOUNT_MIN_SIZE, or request->struct_size
 *                             below the auth_account_request of 1.1 (every
 *                             field up to test_account)
 *   AUTH_ERR_CONFIG           no instance named `name` is loaded
 *   AUTH_ERR_NOT_SUPPORTED    the instance negotiated ABI 1.0 (account
 *                             operations need 1.1), or does not implement op
 * and writes `result` as login's refusals are written: the status, a
 * log_message saying what happened and what to do (e.g. "provider 'example'
 * does not support account_create (it negotiated ABI 1.0; account operations
 * need 1.1): upgrade the plugin or manage the account in the provider's own
 * console"), user_message auth_loader_status_user_text(status), never past
 * struct_size.
 * An `account` whose size it accepts it empties first (zero within its
 * struct_size, struct_size kept), so it holds only this call's answer, and
 * nothing after a refusal; one it refuses as too small it does not touch. */
int auth_loader_account(auth_loader *l, const char *name, int op,
                        const char *const *attributes,
                        const auth_account_request *request,
                        auth_result *result, auth_account *account);

/* Tear down every instance and unload every module; the loader stays usable
 * for new loads.  Recorded failures are cleared too. */
void auth_loader_unload_all(auth_loader *l);

/* auth_loader_unload_all, then free the loader.  NULL is a no-op. */
void auth_loader_destroy(auth_loader *l);

/* ---- the inline helpers, exported ----------------------------------------------
 * For hosts that cannot call auth_provider.h's inline functions: a foreign
 * function interface (PHP's FFI, Python's cffi; panelsso/auth_loader_ffi.h
 * declares everything they need) or a language binding.  Each gives the
 * same answer as its inline twin, and a C host may use either.  The
 * initializers take the size the caller allocated, since a host whose
 * declarations are older than this library allocated the smaller struct of
 * its own release: that size becomes struct_size, as STRUCT SIZES wants. */

/* sizeof(auth_result) as this library was built.  A host whose own size
 * differs has declarations of another release (they still work together:
 * struct_size tells the loader what the host has). */
size_t auth_loader_result_size(void);

/* auth_result_init for `size` bytes at `result`: zero them all and set
 * struct_size to size.  Pass the size the caller allocated (sizeof, or
 * FFI::sizeof / ffi.sizeof).  A size below AUTH_RESULT_MIN_SIZE is written
 * as given, and the loader writes nothing into such a result (login, check
 * and the account operations answer AUTH_ERR_VERSION).  NULL, or a size
 * too small for struct_size itself, is a no-op. */
void auth_loader_result_init(auth_result *result, size_t size);

/* auth_result_wipe: erase redirect_url (the secret), whatever the compiler
 * thinks of the stores, never past struct_size; the other fields stay
 * readable.  NULL is a no-op.
 * A copy of the URL the host made (a PHP or Python string) is out of its
 * reach: never make one that outlives the redirect. */
void auth_loader_result_wipe(auth_result *result);

/* auth_status_name: "AUTH_OK" ... "AUTH_ERR_OUTCOME_UNKNOWN", and
 * "AUTH_ERR_UNKNOWN" for any other value.  Never NULL. */
const char *auth_loader_status_name(int status);

/* auth_strerror: the one-line operator's text of a status ("unknown
 * status" for any other value).  For logs, not for customers.  Never NULL. */
const char *auth_loader_status_text(int status);

/* A sentence a host may show its customer when a result has no
 * user_message of its own, e.g. "The service cannot be reached right now.
 * Please try again in a few minutes." for AUTH_ERR_UNAVAILABLE.  It names
 * no status, code, host or setting.  Any other value gets "Something went
 * wrong. Please contact support."  Never NULL. */
const char *auth_loader_status_user_text(int status);

/* sizeof(auth_account) as this library was built. */
size_t auth_loader_account_size(void);

/* auth_account_init for `size` bytes at `account`, as
 * auth_loader_result_init (below AUTH_ACCOUNT_MIN_SIZE the loader refuses
 * it with AUTH_ERR_VERSION). */
void auth_loader_account_init(auth_account *account, size_t size);

/* Erase everything an account answer holds (account_id, state, offerings,
 * and any field of a later release) up to its struct_size, keeping
 * struct_size: it is ready for the next call.  NULL is a no-op. */
void auth_loader_account_wipe(auth_account *account);

/* auth_account_op_name: "account_create" ... "catalog", NULL for a value
 * that is not an auth_account_op. */
const char *auth_loader_account_op_name(int op);

/* sizeof(auth_account_request) as this library was built, and its
 * initializer (zero `size` bytes, struct_size = size), as for results. */
size_t auth_loader_account_request_size(void);
void auth_loader_account_request_init(auth_account_request *request,
                                      size_t size);

#ifdef __cplusplus
}
#endif

#endif /* AUTH_LOADER_H */
