/* ts_files.c -- prerequisites from the environment, files and directories. */
#include "testsupport.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *ts_env_required(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr,
                "missing prerequisite: environment variable %s is not set; run this "
                "test through ctest (its CMakeLists.txt sets %s)\n", name, name);
        fflush(stderr);
        exit(1);
    }
    return v;
}

int ts_write_file(const char *path, const char *content, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        fprintf(stderr, "ts_write_file: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t left = strlen(content);
    const char *p = content;
    int rc = fchmod(fd, mode);
    while (rc == 0 && left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = -1;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "ts_write_file: cannot write %s: %s\n", path, strerror(errno));
    return rc;
}

int ts_make_tempdir(char *out, size_t n)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    int w = snprintf(out, n, "%s/panelsso-test-XXXXXX", base);
    if (w < 0 || (size_t)w >= n) {
        fprintf(stderr, "ts_make_tempdir: buffer of %zu bytes too small for %s\n", n, base);
        return -1;
    }
    if (!mkdtemp(out)) {
        fprintf(stderr, "ts_make_tempdir: cannot create a directory in %s: %s\n", base,
                strerror(errno));
        return -1;
    }
    return 0;
}
