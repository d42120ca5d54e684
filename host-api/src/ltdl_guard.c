/* SPDX-License-Identifier: MIT */
/*
 * ltdl_guard.c -- every libltdl call of the process goes through here, under
 * one mutex: libltdl keeps global state (its handle list, its error string)
 * and is not thread-safe, and several loaders may live in one process.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ltdl.h>

#include "loader_internal.h"

struct loader_module {
    lt_dlhandle handle;
};

static pthread_mutex_t ltdl_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned ltdl_users; /* loaders alive; lt_dlinit/lt_dlexit pair per user */

static const char *ltdl_error_text(void)
{
    const char *e = lt_dlerror();
    return e != NULL ? e : "libltdl gave no reason";
}

int loader_ltdl_acquire(char *err, size_t err_size)
{
    int rc = 0;
    pthread_mutex_lock(&ltdl_lock);
    if (lt_dlinit() != 0) {
        snprintf(err, err_size,
                 "libltdl failed to initialize (%s): check that libltdl is "
                 "installed correctly", ltdl_error_text());
        rc = -1;
    } else {
        ltdl_users++;
    }
    pthread_mutex_unlock(&ltdl_lock);
    return rc;
}

void loader_ltdl_release(void)
{
    pthread_mutex_lock(&ltdl_lock);
    if (ltdl_users > 0) {
        ltdl_users--;
        lt_dlexit();
    }
    pthread_mutex_unlock(&ltdl_lock);
}

/*
 * Immediate binding: libltdl's dlopen loader always passes RTLD_LAZY, so a
 * plugin with an unresolvable symbol would load and then crash at its first
 * call.  We therefore dlopen the file ourselves first with
 * RTLD_NOW | RTLD_LOCAL: that resolves every symbol now or fails now (with
 * dlerror()'s reason).  While our handle keeps the object mapped, libltdl's
 * own dlopen of the same path only takes another reference to the already
 * relocated object; then we drop ours.  The path always contains a '/', so
 * neither dlopen nor libltdl consults any search path.
 */
int loader_module_open(const char *path, loader_module **out, char *err,
                       size_t err_size)
{
    *out = NULL;
    loader_module *m = calloc(1, sizeof *m);
    if (m == NULL) {
        snprintf(err, err_size, "out of memory while loading: free memory and retry");
        return -1;
    }
    int rc = -1;
    lt_dladvise advise;
    pthread_mutex_lock(&ltdl_lock);
    void *now = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (now == NULL) {
        const char *e = dlerror();
        snprintf(err, err_size,
                 "not a loadable shared object (%s): install a plugin built "
                 "for this system, with its libraries, or remove the file",
                 e != NULL ? e : "dlopen gave no reason");
        goto out;
    }
    if (lt_dladvise_init(&advise) != 0) {
        snprintf(err, err_size, "libltdl could not prepare the load (%s): "
                 "free memory and retry", ltdl_error_text());
        goto out;
    }
    if (lt_dladvise_local(&advise) != 0) {
        snprintf(err, err_size, "libltdl refused local symbol scope (%s): "
                 "check the libltdl installation", ltdl_error_text());
    } else {
        m->handle = lt_dlopenadvise(path, advise);
        if (m->handle == NULL)
            snprintf(err, err_size,
                     "libltdl cannot open it (%s): install a plugin built for "
                     "this system or remove the file", ltdl_error_text());
        else
            rc = 0;
    }
    lt_dladvise_destroy(&advise);
out:
    if (now != NULL)
        dlclose(now);
    pthread_mutex_unlock(&ltdl_lock);
    if (rc != 0) {
        free(m);
        return -1;
    }
    *out = m;
    return 0;
}

auth_provider_entry_fn loader_module_entry(loader_module *m, char *err,
                                           size_t err_size)
{
    pthread_mutex_lock(&ltdl_lock);
    void *sym = lt_dlsym(m->handle, AUTH_PROVIDER_ENTRY_SYMBOL);
    if (sym == NULL)
        snprintf(err, err_size,
                 "no %s symbol (%s): it is not an auth_provider plugin; build "
                 "it with AUTH_PROVIDER_DEFINE_ENTRY or remove it",
                 AUTH_PROVIDER_ENTRY_SYMBOL, ltdl_error_text());
    pthread_mutex_unlock(&ltdl_lock);
    /* POSIX dlsym's object-to-function-pointer conversion. */
    auth_provider_entry_fn fn = NULL;
    if (sym != NULL)
        memcpy(&fn, &sym, sizeof fn);
    return fn;
}

void loader_module_close(loader_module *m)
{
    if (m == NULL)
        return;
    pthread_mutex_lock(&ltdl_lock);
    if (m->handle != NULL)
        lt_dlclose(m->handle);
    pthread_mutex_unlock(&ltdl_lock);
    free(m);
}
