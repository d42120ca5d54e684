/* Loading the API key.  The file must not be world-readable: a panel's key
 * sells mail on the operator's account, so a leak is expensive. */
#include "sg_secret.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth_provider.h"

void sg_secure_zero(void *p, size_t n)
{
    /* glibc's explicit_bzero is a memset the compiler may not drop: as safe
     * as a volatile byte loop, and a 4 KiB URL buffer costs ~100 cycles
     * instead of ~4000 on every login (see docs/benchmarks.md). */
    explicit_bzero(p, n);
}

void sg_secret_free(char *secret)
{
    if (secret != NULL) {
        sg_secure_zero(secret, strlen(secret));
        free(secret);
    }
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

static int load_file(const char *path, const char *what, char **out, char *err,
                     size_t err_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot open '%.200s' (%s): check the path "
                 "and that the panel's user may read it", what, path,
                 strerror(errno));
        return AUTH_ERR_CONFIG;
    }
    struct stat st;
    int rc = AUTH_ERR_CONFIG;
    char buf[SG_KEY_MAX + 2];
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: '%.200s' is not a regular file", what, path);
        goto out;
    }
    if (st.st_mode & S_IROTH) {
        snprintf(err, err_size, "%s: '%.200s' is readable by every user: run "
                 "'chmod o-rwx %.200s' (0600 or 0640 is right)", what, path, path);
        goto out;
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
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
        *out = strdup(buf);
        if (*out == NULL) {
            snprintf(err, err_size, "%s: out of memory", what);
            rc = AUTH_ERR_INTERNAL;
        }
    }
out:
    sg_secure_zero(buf, sizeof buf);
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
    char *copy = strdup(value);
    if (copy == NULL) {
        snprintf(err, err_size, "%s: out of memory", what);
        return AUTH_ERR_INTERNAL;
    }
    int rc = validate_key(copy, &len, what, err, err_size);
    if (rc != AUTH_OK) {
        sg_secret_free(copy);
        return rc;
    }
    *out = copy;
    return AUTH_OK;
}
