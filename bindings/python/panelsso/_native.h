/* SPDX-License-Identifier: MIT */
/*
 * _native.h -- the C side of the Python binding (built by build_native.py with
 * cffi in API mode against the installed <panelsso/...> headers).
 *
 * A psso_handle is the loader as Python owns it: the auth_loader, the
 * configuration its plugins were given, and a read-write lock.  Calls hold
 * it for reading, so any number run at once; psso_close holds it for
 * writing, so it waits for the calls in flight and a call that comes after
 * it is refused (it returns 0) instead of touching a destroyed loader.
 *
 * Attribute and profile vectors cross from Python as one buffer of
 * `count` NUL-terminated "key=value" strings back to back, which these
 * functions turn into the NULL-terminated vectors of auth_loader.h.
 */
#ifndef PANELSSO_PY_NATIVE_H
#define PANELSSO_PY_NATIVE_H

#include <stddef.h>

#include <panelsso/auth_config.h>
#include <panelsso/auth_loader.h>

typedef struct psso_handle psso_handle;

/* A handle with no loader yet.  NULL when out of memory. */
psso_handle *psso_new(void);

/* Create the handle's loader.  `config` (may be NULL) becomes the
 * handle's: it gives load_dir each plugin's settings and is freed by
 * psso_close.  `log` may be NULL (no logging).  Returns the status of
 * auth_loader_create, with `result` filled. */
int psso_create_loader(psso_handle *h, auth_config *config,
                       auth_loader_log_fn log, void *log_ctx, int log_level,
                       auth_result *result);

/* The loader, for loading and listing while only one thread knows the
 * handle (Loader.__init__); NULL if none was created. */
auth_loader *psso_loader(psso_handle *h);

/* Load `path` as instance `name` with the packed settings. */
int psso_load_file(psso_handle *h, const char *path, const char *name,
                   const char *settings, size_t count, auth_result *result);

/* The calls.  Each returns 0 if the handle is closed (nothing ran,
 * `result` untouched), else 1 plus the number of bytes of log lines it
 * queued on this thread (the status is in `result`): when that is more
 * than 1, take them with psso_take_queued before this thread makes another
 * call. */
int psso_login(psso_handle *h, const char *name, const char *attributes,
               size_t count, auth_result *result);
int psso_check(psso_handle *h, const char *name, const char *attributes,
               size_t count, auth_result *result);
/* `with_request` 0: no auth_account_request (the ops that take none). */
int psso_account(psso_handle *h, const char *name, int op,
                 const char *attributes, size_t count, int with_request,
                 const char *profile, size_t profile_count,
                 const auth_offering *offerings, size_t offering_count,
                 int test_account, auth_result *result, auth_account *account);

/* This thread's queued log lines, and the queue emptied: the `size` bytes
 * the call said, each line being its auth_log_level as one character ('0' +
 * level, '?' for a level outside 0..9), the text and a NUL.  Read them
 * before this thread makes another call.  NULL if the queue does not hold
 * `size` bytes (another call on this thread came in between). */
const char *psso_take_queued(size_t size);

/* Destroy the loader and free the configuration, once the calls in flight
 * have returned.  Later calls are refused.  Idempotent. */
void psso_close(psso_handle *h);

/* psso_close, then free the handle itself.  NULL is a no-op. */
void psso_free(psso_handle *h);

/* In a child process after fork: the lock as if new.  Threads that held it
 * in the parent do not exist in the child, so their holds are void. */
void psso_after_fork_in_child(psso_handle *h);

#endif
