/* SPDX-License-Identifier: MIT */
/*
 * no_deepbind.c -- for the PHP host in sanitizer builds only: PHP opens its
 * extensions (FFI among them) with RTLD_DEEPBIND, which the AddressSanitizer
 * runtime refuses (google/sanitizers issue 611), so PHP could not load FFI
 * in a process that must carry ASan for the instrumented libauthloader.
 * Preloaded ahead of the runtime, this dlopen drops that one flag and passes
 * the call on (to the runtime's dlopen, which then checks the library).
 * Built without instrumentation; never part of a product.
 */
#include <dlfcn.h>
#include <stddef.h>

void *dlopen(const char *file, int mode);

void *dlopen(const char *file, int mode)
{
    static void *(*next)(const char *, int);
    if (next == NULL)
        *(void **)&next = dlsym(RTLD_NEXT, "dlopen");
    return next != NULL ? next(file, mode & ~RTLD_DEEPBIND) : NULL;
}
