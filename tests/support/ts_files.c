/* SPDX-License-Identifier: MIT */
/* ts_files.c -- prerequisites from the environment, files, and the
 * temporary directories that are scanned for secrets and removed when the
 * program ends. */
#include "testsupport.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
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

char *ts_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, k;
    char *buf = malloc(cap + 1);
    while (buf != NULL && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (buf == NULL || err) {
        fprintf(stderr, "cannot read %s: %s\n", path, buf == NULL ? "out of memory"
                                                                 : "read error");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

int ts_copy_file(const char *from, const char *to)
{
    size_t len = 0;
    char *data = ts_read_file(from, &len);
    if (data == NULL)
        return -1;
    FILE *f = fopen(to, "wb");
    int ok = f != NULL && fwrite(data, 1, len, f) == len;
    if (f != NULL && fclose(f) != 0)
        ok = 0;
    free(data);
    if (!ok || chmod(to, 0644) != 0) {
        fprintf(stderr, "cannot copy %s to %s: %s\n", from, to, strerror(errno));
        return -1;
    }
    return 0;
}

static int remove_failures;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    /* A directory without search permission (a test may make one) must
     * be opened up before its content can go. */
    if (flag == FTW_DNR)
        chmod(path, 0700);
    if (remove(path) != 0 && errno != ENOENT) {
        fprintf(stderr, "cannot remove %s: %s\n", path, strerror(errno));
        remove_failures++;
    }
    return 0;
}

/* Directories a test made unreadable or unsearchable are opened up first,
 * so that the walk can see what is inside. */
static int open_up(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if ((flag == FTW_D || flag == FTW_DNR) && (st->st_mode & 0700) != 0700)
        chmod(path, (st->st_mode & 07777) | 0700);
    return 0;
}

int ts_remove_tree(const char *path)
{
    struct stat st;
    if (path == NULL || path[0] == '\0' || lstat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode))
        chmod(path, (st.st_mode & 07777) | 0700);
    nftw(path, open_up, 16, FTW_PHYS);
    remove_failures = 0;
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT) {
        fprintf(stderr, "cannot remove %s: %s\n", path, strerror(errno));
        return -1;
    }
    return remove_failures ? -1 : 0;
}

/* ---- temporary directories ------------------------------------------------- */

static pthread_mutex_t dirs_lock = PTHREAD_MUTEX_INITIALIZER;
static char **dirs;
static size_t n_dirs, cap_dirs;
static pid_t dirs_owner;

static void finish_at_exit(void)
{
    /* Reached only when the program did not end through ts_run_suites
     * (a missing prerequisite, a crash path that still calls exit): its
     * outcome is unknown, so it counts as failed. */
    ts_tempdirs_finish(1);
}

static int remember_dir(const char *path)
{
    pthread_mutex_lock(&dirs_lock);
    if (dirs_owner != getpid()) {
        /* The first directory of this process (or of a forked child, which
         * must never remove its parent's directories). */
        dirs_owner = getpid();
        n_dirs = 0;
        static int registered;
        if (!registered && atexit(finish_at_exit) == 0)
            registered = 1;
    }
    int rc = 0;
    if (n_dirs == cap_dirs) {
        size_t ncap = cap_dirs ? 2 * cap_dirs : 16;
        char **nd = realloc(dirs, ncap * sizeof *nd);
        if (nd == NULL)
            rc = -1;
        else {
            dirs = nd;
            cap_dirs = ncap;
        }
    }
    if (rc == 0 && (dirs[n_dirs] = strdup(path)) != NULL)
        n_dirs++;
    else
        rc = -1;
    pthread_mutex_unlock(&dirs_lock);
    if (rc != 0)
        fprintf(stderr, "ts_make_tempdir: out of memory remembering %s\n", path);
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
    if (remember_dir(out) != 0) {
        rmdir(out);
        return -1;
    }
    return 0;
}

int ts_tempdirs_finish(int failed)
{
    pthread_mutex_lock(&dirs_lock);
    if (dirs_owner != getpid() || n_dirs == 0) {
        pthread_mutex_unlock(&dirs_lock);
        return 0;
    }
    const char *keep_env = getenv("PANELSSO_KEEP_TEST_FILES");
    int keep = failed && keep_env != NULL && strcmp(keep_env, "1") == 0;
    int found = 0;
    /* Every key of the run first, so that each is looked for everywhere;
     * what a test locked down is opened up to be read. */
    for (size_t i = 0; i < n_dirs; i++) {
        chmod(dirs[i], 0700);
        nftw(dirs[i], open_up, 16, FTW_PHYS);
        ts_secrets_harvest_keys(dirs[i]);
    }
    for (size_t i = 0; i < n_dirs; i++) {
        int here = ts_secrets_scan_tree(dirs[i], NULL);
        found += here;
        if (here)
            fprintf(stderr, "a secret was left in a file under %s (see above)\n", dirs[i]);
        if (keep)
            fprintf(stderr, "kept: %s (PANELSSO_KEEP_TEST_FILES=1)\n", dirs[i]);
        else
            ts_remove_tree(dirs[i]);
        free(dirs[i]);
    }
    n_dirs = 0;
    pthread_mutex_unlock(&dirs_lock);
    if (failed && !keep)
        fprintf(stderr, "the test files were removed; PANELSSO_KEEP_TEST_FILES=1 keeps "
                        "a failing program's files\n");
    return found;
}
