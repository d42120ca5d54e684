/* SPDX-License-Identifier: MIT */
/*
 * path_trust.c -- may this process trust a file it is about to load (a
 * plugin) or believe (a configuration file)?
 *
 * The rule is sudo's for its plugins: the file, its directory and every
 * directory above it up to "/" must be owned by root or by this process's
 * effective uid, and none may be writable by group or others.  Whoever
 * could write any of them could put their own file in its place, and a
 * plugin's constructors run inside dlopen, before the host can check
 * anything else.  One exception: an ancestor directory with the sticky bit
 * (like /tmp) may be writable by all, since there nobody may rename or
 * remove what another user owns.  Never the file's own directory: anyone
 * may add files to it, and load_dir loads every *.so it finds.
 *
 * Symlinks are resolved first (realpath) and the resolved path is judged,
 * component by component with lstat.  The loader then opens that resolved
 * path, never the name it was given: a link in a place others can write
 * cannot be re-pointed between the check and the open, and every
 * component of the resolved path is one only root or this process can
 * change.
 *
 * A refusal says which path, which bit (or owner) and the command that
 * fixes it.  Paths in the sentence come from the file system, where anyone
 * who could write a directory also chose its names: control characters in
 * them are shown as '?' so the sentence cannot drive a terminal or forge a
 * log line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader_internal.h"

/* The reason sentence, built piece by piece; never overflows, always
 * NUL-terminated (when there is room for anything at all). */
typedef struct sentence {
    char *buf;
    size_t size, used;
} sentence;

static void put_char(sentence *s, char c)
{
    if (s->buf == NULL || s->size == 0 || s->used + 1 >= s->size)
        return;
    s->buf[s->used++] = c;
    s->buf[s->used] = '\0';
}

static void put(sentence *s, const char *text)
{
    for (; *text != '\0'; text++)
        put_char(s, *text);
}

static void putf(sentence *s, const char *fmt, ...) AUTH_PROVIDER_PRINTF(2, 3);
static void putf(sentence *s, const char *fmt, ...)
{
    char piece[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    put(s, piece);
}

static int is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* A path as the reader should see it. */
static void put_path(sentence *s, const char *path)
{
    for (; *path != '\0'; path++)
        put_char(s, is_control((unsigned char)*path) ? '?' : *path);
}

/* A path as one shell word: bare when it holds only characters no shell
 * treats specially, else in double quotes with ", \, $ and ` escaped. */
static void put_shell_word(sentence *s, const char *path)
{
    static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789/._+,:@%=-";
    if (strspn(path, plain) == strlen(path)) {
        put(s, path);
        return;
    }
    put_char(s, '"');
    for (const char *p = path; *p != '\0'; p++) {
        if (strchr("\"\\$`", *p) != NULL)
            put_char(s, '\\');
        put_char(s, is_control((unsigned char)*p) ? '?' : *p);
    }
    put_char(s, '"');
}

/* What a path is to the rule: the file judged, the directory it is in
 * (for AUTH_LOADER_TRUST_DIR, the directory judged), or a directory above. */
typedef enum role { ROLE_TARGET, ROLE_OWN_DIR, ROLE_ANCESTOR } role;

/* Apply the rule to one component.  0, or -1 with the reason in s. */
static int judge(const char *path, const struct stat *st, role r, uid_t me,
                 sentence *s)
{
    mode_t writable = st->st_mode & (S_IWGRP | S_IWOTH);
    int sticky = (st->st_mode & S_ISVTX) != 0;

    if (st->st_uid != 0 && st->st_uid != me) {
        put_path(s, path);
        putf(s, " is owned by uid %u, not root or this process's uid %u: run 'chown root ",
             (unsigned)st->st_uid, (unsigned)me);
        put_shell_word(s, path);
        put(s, "'");
        return -1;
    }
    if (writable == 0 || (r == ROLE_ANCESTOR && sticky))
        return 0;
    const char *who, *flag;
    if (writable == (S_IWGRP | S_IWOTH)) {
        who = "group and others";
        flag = "go-w";
    } else if (writable == S_IWGRP) {
        who = "group";
        flag = "g-w";
    } else {
        who = "others";
        flag = "o-w";
    }
    put_path(s, path);
    putf(s, " is writable by %s (mode %04o", who, (unsigned)(st->st_mode & 07777));
    if (r == ROLE_OWN_DIR && sticky)
        put(s, "; the sticky bit is enough only for directories further up: "
               "anyone may add files here");
    putf(s, "): run 'chmod %s ", flag);
    put_shell_word(s, path);
    put(s, "'");
    return -1;
}

static int cannot_examine(const char *path, int err, sentence *s)
{
    put(s, "cannot examine ");
    put_path(s, path);
    putf(s, " (%s): check the path and the permissions of its directories",
         strerror(err));
    return err == ENOMEM ? AUTH_ERR_INTERNAL : AUTH_ERR_CONFIG;
}

/* Is the resolved path's first component of the kind asked for? */
static int check_kind(const char *path, const struct stat *st, int kind, sentence *s)
{
    if (S_ISLNK(st->st_mode)) {
        put_path(s, path);
        put(s, " changed while it was being checked (it is now a symbolic link): "
               "find out who changes it, then retry");
        return -1;
    }
    if (kind == AUTH_LOADER_TRUST_FILE && !S_ISREG(st->st_mode)) {
        put_path(s, path);
        put(s, " is not a regular file: name the file itself");
        return -1;
    }
    if (kind == AUTH_LOADER_TRUST_DIR && !S_ISDIR(st->st_mode)) {
        put_path(s, path);
        put(s, " is not a directory: name the directory itself");
        return -1;
    }
    return 0;
}

/* Judge `walk` (an absolute, resolved path, cut shorter as it goes) and
 * every directory above it. */
static int judge_all(char *walk, int kind, sentence *s)
{
    uid_t me = geteuid();
    role r = kind == AUTH_LOADER_TRUST_DIR ? ROLE_OWN_DIR : ROLE_TARGET;
    struct stat st;

    if (lstat(walk, &st) != 0)
        return cannot_examine(walk, errno, s);
    if (check_kind(walk, &st, kind, s) != 0)
        return AUTH_ERR_CONFIG;
    for (;;) {
        if (judge(walk, &st, r, me, s) != 0)
            return AUTH_ERR_CONFIG;
        if (strcmp(walk, "/") == 0)
            return AUTH_OK;
        char *slash = strrchr(walk, '/');
        if (slash == walk)
            slash[1] = '\0';
        else
            *slash = '\0';
        r = r == ROLE_TARGET ? ROLE_OWN_DIR : ROLE_ANCESTOR;
        if (lstat(walk, &st) != 0)
            return cannot_examine(walk, errno, s);
        if (!S_ISDIR(st.st_mode)) {
            put_path(s, walk);
            put(s, " changed while it was being checked (it is no longer a "
                   "directory): find out who changes it, then retry");
            return AUTH_ERR_CONFIG;
        }
    }
}

int loader_trust_path(const char *path, int kind, char **resolved, char *reason,
                      size_t reason_size)
{
    sentence s = {reason, reason_size, 0};

    if (reason != NULL && reason_size > 0)
        reason[0] = '\0';
    if (resolved != NULL)
        *resolved = NULL;
    if (path == NULL || path[0] == '\0' ||
        (kind != AUTH_LOADER_TRUST_FILE && kind != AUTH_LOADER_TRUST_DIR)) {
        put(&s, "the trust check needs a path and AUTH_LOADER_TRUST_FILE or "
                "AUTH_LOADER_TRUST_DIR: pass both");
        return AUTH_ERR_INVALID_REQUEST;
    }
    char *real = realpath(path, NULL);
    if (real == NULL) {
        int err = errno;
        put(&s, "cannot resolve ");
        put_path(&s, path);
        putf(&s, " (%s): check the path and the permissions of its directories",
             strerror(err));
        return err == ENOMEM ? AUTH_ERR_INTERNAL : AUTH_ERR_CONFIG;
    }
    char *walk = strdup(real);
    if (walk == NULL) {
        free(real);
        put(&s, "out of memory checking who may write the file: free memory and retry");
        return AUTH_ERR_INTERNAL;
    }
    int rc = judge_all(walk, kind, &s);
    free(walk);
    if (rc == AUTH_OK && resolved != NULL)
        *resolved = real;
    else
        free(real);
    return rc;
}

AUTH_LOADER_API int auth_loader_check_path_trust(const char *path, int kind,
                                                 char *reason, size_t reason_size)
{
    return loader_trust_path(path, kind, NULL, reason, reason_size);
}
