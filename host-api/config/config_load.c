/* SPDX-License-Identifier: MIT */
/*
 * config_load.c -- auth_config_load: the configuration file itself.
 *
 * The file names the plugins that run in the host's process and the key
 * files they read, so it gets the loader's trust rule before a byte of it
 * is read: whoever could write it, or a directory above it, could make the
 * host load their code.  It is opened first (without blocking, so a FIFO
 * cannot stall the host) only to say plainly what is wrong with a missing
 * file or a directory; the file judged is then checked to be the file
 * opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_internal.h"

static const char *kind_of(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    return "not a regular file";
}

/* Open `path` and check what it is: AUTH_OK with *fd and *st filled, or a
 * refusal with the descriptor closed. */
static int open_regular(const char *path, int *fd, struct stat *st,
                        auth_result *result)
{
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (*fd < 0)
        return config_fail(result, AUTH_ERR_CONFIG,
                           "cannot open config file %s: %s: check the path and the file's permissions",
                           path, strerror(errno));
    if (fstat(*fd, st) != 0) {
        int e = errno;
        close(*fd);
        return config_fail(result, AUTH_ERR_CONFIG,
                           "cannot read config file %s: %s: check the file and its permissions",
                           path, strerror(e));
    }
    if (S_ISREG(st->st_mode))
        return AUTH_OK;
    close(*fd);
    if (S_ISDIR(st->st_mode))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "cannot read config file %s: %s: give the path of the JSON file, not of its directory",
                           path, strerror(EISDIR));
    return config_fail(result, AUTH_ERR_CONFIG,
                       "config file %s is %s, not a regular file: give the path of the JSON file itself",
                       path, kind_of(st->st_mode));
}

/* The loader's trust rule, and that the path still leads to the file
 * opened (the rule judges the path; the text read must be that file's). */
static int check_trust(const char *path, const struct stat *opened,
                       auth_result *result)
{
    char reason[AUTH_MESSAGE_MAX];
    int st = auth_loader_check_path_trust(path, AUTH_LOADER_TRUST_FILE, reason,
                                          sizeof reason);
    if (st != AUTH_OK)
        return config_fail(result, st,
                           "config file %s refused (it names the plugins to load and the key files they read): %s",
                           path, reason);
    struct stat now;
    if (stat(path, &now) != 0 || now.st_dev != opened->st_dev ||
        now.st_ino != opened->st_ino)
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s was replaced while it was being opened: retry, and find out what changes it",
                           path);
    return AUTH_OK;
}

/* Read all of fd, at most AUTH_CONFIG_MAX_BYTES, into a buffer the caller
 * frees. */
static int read_all(const char *path, int fd, char **out, size_t *out_len,
                    auth_result *result)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            if (cap > AUTH_CONFIG_MAX_BYTES) {
                free(buf);
                return config_fail(result, AUTH_ERR_CONFIG,
                                   "config file %s is larger than %d bytes: check that it is the configuration file",
                                   path, AUTH_CONFIG_MAX_BYTES);
            }
            /* One byte over the limit tells a file of exactly the limit
             * from a bigger one. */
            cap = cap ? cap * 2 : 16384;
            if (cap > (size_t)AUTH_CONFIG_MAX_BYTES + 1)
                cap = (size_t)AUTH_CONFIG_MAX_BYTES + 1;
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                free(buf);
                return config_out_of_memory(result);
            }
            buf = grown;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(buf);
            return config_fail(result, AUTH_ERR_CONFIG,
                               "cannot read config file %s: %s: check the file and its permissions",
                               path, strerror(e));
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    *out = buf;
    *out_len = len;
    return AUTH_OK;
}

AUTH_LOADER_API int auth_config_load(const char *path, auth_config **out,
                                     auth_result *result)
{
    if (out == NULL)
        return config_fail(result, AUTH_ERR_INVALID_REQUEST,
                           "auth_config_load was given no place for the config (out is NULL): pass the address of an auth_config pointer");
    *out = NULL;
    if (path == NULL)
        return config_fail(result, AUTH_ERR_INVALID_REQUEST,
                           "auth_config_load was given no path (NULL): pass the configuration file's path");
    struct stat opened;
    int fd;
    int st = open_regular(path, &fd, &opened, result);
    if (st != AUTH_OK)
        return st;
    char *text = NULL;
    size_t len = 0;
    st = check_trust(path, &opened, result);
    if (st == AUTH_OK)
        st = read_all(path, fd, &text, &len, result);
    close(fd);
    if (st != AUTH_OK)
        return st;
    st = auth_config_parse(text, len, path, out, result);
    free(text);
    return st;
}
