/* SPDX-License-Identifier: MIT */
/* Loading the API key.  The file must be a regular file that only the
 * panel's side can read or write: a panel's key sells mail on the
 * operator's account, so a leak or a swapped key is expensive.  The key goes
 * straight into secure memory (sg_secure_mem.h): no copy of it is left on
 * the stack or in the malloc heap. */
#include "sg_secret.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <panelsso/auth_provider.h>

void sg_secret_free(char *secret)
{
    sg_secure_free(secret);
}

static int validate_key(char *buf, size_t *len, const char *what, char *err,
                        size_t err_size)
{
    while (*len > 0 && (buf[*len - 1] == '\n' || buf[*len - 1] == '\r'))
        buf[--*len] = '\0';
    if (*len == 0) {
        snprintf(err, err_size, "%s: the API key is empty: put the SendGrid "
                 "partner API key in it", what);
        return AUTH_ERR_CONFIG;
    }
    for (size_t i = 0; i < *len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (isspace(c) || iscntrl(c) || c >= 0x7f) {
            /* Position only: never echo any part of the key. */
            snprintf(err, err_size, "%s: the API key contains whitespace or a "
                     "control character at byte %zu: the file must hold the "
                     "key alone, optionally followed by a newline", what, i + 1);
            return AUTH_ERR_CONFIG;
        }
    }
    return AUTH_OK;
}

/* What kind of file `mode` is, for the message refusing it. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    return "a file of another kind";
}

/* Like sshd's StrictModes: whoever can write the key file can put their own
 * key in it and watch which accounts the panel opens, and whoever can read
 * it can sell mail on the operator's account.  Returns AUTH_OK, or
 * AUTH_ERR_CONFIG with the chmod that fixes the mode. */
static int check_mode(mode_t mode, const char *path, const char *what,
                      char *err, size_t err_size)
{
    int group_writes = (mode & S_IWGRP) != 0;
    int others_read = (mode & S_IROTH) != 0, others_write = (mode & S_IWOTH) != 0;
    if (!group_writes && !others_read && !others_write)
        return AUTH_OK;
    const char *fix = group_writes && (others_read || others_write) ? "g-w,o-rwx"
                      : group_writes                              ? "g-w"
                                                                  : "o-rwx";
    const char *problem =
        others_read && others_write ? (group_writes ? "is readable by every user "
                                                      "and writable by its group "
                                                      "and every user"
                                                    : "is readable and writable "
                                                      "by every user")
        : others_read  ? (group_writes ? "is readable by every user and writable "
                                         "by its group"
                                       : "is readable by every user")
        : others_write ? (group_writes ? "is writable by its group and every user"
                                       : "is writable by every user")
                       : "is writable by its group";
    snprintf(err, err_size, "%s: '%.200s' %s: run 'chmod %s %.200s' (0600 or "
             "0640 is right)", what, path, problem, fix, path);
    return AUTH_ERR_CONFIG;
}

static int load_file(const char *path, const char *what, char **out, char *err,
                     size_t err_size)
{
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
     * writer, forever, and nothing bounds init's time.  Non-blocking, the
     * open returns at once and the type check below refuses it. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        int saved = errno;
        struct stat st;
        /* A socket cannot be opened (ENXIO): say what it is instead. */
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            snprintf(err, err_size, "%s: '%.200s' is not a regular file but %s: "
                     "give the path of the file holding the key", what, path,
                     file_kind(st.st_mode));
            return AUTH_ERR_CONFIG;
        }
        snprintf(err, err_size, "%s: cannot open '%.200s' (%s): check the path "
                 "and that the panel's user may read it", what, path,
                 strerror(saved));
        return AUTH_ERR_CONFIG;
    }
    struct stat st;
    int rc = AUTH_ERR_CONFIG;
    char *buf = NULL;
    size_t cap = SG_KEY_MAX + 2;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_size, "%s: cannot examine '%.200s' (%s)", what, path,
                 strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: '%.200s' is not a regular file but %s: give "
                 "the path of the file holding the key", what, path,
                 file_kind(st.st_mode));
        goto out;
    }
    if (check_mode(st.st_mode, path, what, err, err_size) != AUTH_OK)
        goto out;
    /* A regular file: back to ordinary blocking reads. */
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        snprintf(err, err_size, "%s: cannot read '%.200s' (%s)", what, path,
                 strerror(errno));
        goto out;
    }
    buf = sg_secure_alloc(cap);
    if (buf == NULL) {
        snprintf(err, err_size, "%s: out of memory", what);
        rc = AUTH_ERR_INTERNAL;
        goto out;
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, err_size, "%s: reading '%.200s' failed (%s)", what, path,
                     strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > SG_KEY_MAX) {
            snprintf(err, err_size, "%s: '%.200s' is larger than %d bytes: it "
                     "must hold only the API key", what, path, SG_KEY_MAX);
            goto out;
        }
    }
    buf[len] = '\0';
    rc = validate_key(buf, &len, what, err, err_size);
    if (rc == AUTH_OK) {
        *out = buf;
        buf = NULL;
    }
out:
    sg_secure_free(buf);
    close(fd);
    return rc;
}

int sg_secret_load(const char *path, const char *env_name, const char *what,
                   char **out, char *err, size_t err_size)
{
    *out = NULL;
    if (path != NULL)
        return load_file(path, what, out, err, err_size);
    const char *value = getenv(env_name);
    if (value == NULL) {
        snprintf(err, err_size, "%s: environment variable '%.100s' is not set: "
                 "export it in the panel's environment", what, env_name);
        return AUTH_ERR_CONFIG;
    }
    size_t len = strlen(value);
    if (len > SG_KEY_MAX) {
        snprintf(err, err_size, "%s: environment variable '%.100s' is longer than "
                 "%d bytes", what, env_name, SG_KEY_MAX);
        return AUTH_ERR_CONFIG;
    }
    char *copy = sg_secure_alloc(len + 1);
    if (copy == NULL) {
        snprintf(err, err_size, "%s: out of memory", what);
        return AUTH_ERR_INTERNAL;
    }
    memcpy(copy, value, len + 1);
    int rc = validate_key(copy, &len, what, err, err_size);
    if (rc != AUTH_OK) {
        sg_secret_free(copy);
        return rc;
    }
    *out = copy;
    return AUTH_OK;
}
