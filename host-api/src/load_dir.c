/* SPDX-License-Identifier: MIT */
/*
 * load_dir.c -- auth_loader_load_dir: every "*.so" regular file of exactly
 * one directory, in byte order of their names.  No search path (libltdl's,
 * LTDL_LIBRARY_PATH, LD_LIBRARY_PATH) is ever consulted: each file is
 * loaded by its full path.  A directory that fails the trust rule
 * (path_trust.c) is one failure, and none of its files is opened.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loader_internal.h"

/* "*.so" as a shell would glob it: no hidden files, something before .so. */
static int is_plugin_name(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 3 && strcmp(d->d_name + n - 3, ".so") == 0;
}

/* Byte order, not the locale's collation: the load order must not depend
 * on LANG. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* One clear failure for a directory others could have filled, instead of
 * one per file; each file would be refused anyway (its own directory is
 * judged with it).  0 if the directory is trusted, else -1. */
static int refuse_untrusted(auth_loader *l, const char *dir)
{
    char trust[LOADER_REASON_MAX - 64];
    int rc = loader_trust_path(dir, AUTH_LOADER_TRUST_DIR, NULL, trust, sizeof trust);
    if (rc == AUTH_OK)
        return 0;
    char reason[LOADER_REASON_MAX];
    if (rc == AUTH_ERR_INTERNAL)
        snprintf(reason, sizeof reason, "out of memory checking the plugin "
                 "directory: free memory and retry");
    else
        snprintf(reason, sizeof reason, "refused the plugin directory, no code "
                 "of any file in it ran: %s", trust);
    loader_add_failure(l, dir, reason);
    return -1;
}

AUTH_LOADER_API size_t auth_loader_load_dir(auth_loader *l, const char *dir)
{
    if (l == NULL || dir == NULL || dir[0] == '\0')
        return 0;
    struct dirent **names = NULL;
    int n = scandir(dir, &names, is_plugin_name, by_name);
    if (n < 0) {
        char reason[LOADER_REASON_MAX];
        snprintf(reason, sizeof reason, "cannot read the plugin directory (%s): "
                 "check the path and its permissions", strerror(errno));
        loader_add_failure(l, dir, reason);
        return 0;
    }
    if (refuse_untrusted(l, dir) != 0) {
        for (int i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return 0;
    }
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    size_t loaded = 0;
    for (int i = 0; i < n; i++) {
        const char *file = names[i]->d_name;
        size_t flen = strlen(file);
        char *path = malloc(dlen + flen + 2);
        char *name = strndup(file, flen - 3);
        if (path == NULL || name == NULL) {
            loader_add_failure(l, file, "out of memory: free memory and retry");
        } else {
            snprintf(path, dlen + flen + 2, "%.*s/%s", (int)dlen, dir, file);
            /* Only regular files (a symlink to one counts); a directory
             * called x.so is not a plugin and not an error either. */
            struct stat sb;
            if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
                free(path);
                free(name);
                free(names[i]);
                continue;
            }
            const char *const *settings = l->settings_for != NULL
                           ? l->settings_for(l->settings_ctx, name)
                           : NULL;
            if (auth_loader_load_file(l, path, name, settings, NULL) == AUTH_OK)
                loaded++;
        }
        free(path);
        free(name);
        free(names[i]);
    }
    free(names);
    return loaded;
}
