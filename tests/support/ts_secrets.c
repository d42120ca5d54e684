/* SPDX-License-Identifier: MIT */
/* ts_secrets.c -- finds secrets in text, files and directory trees (by
 * value, and by the shape of a SendGrid key or an unredacted code),
 * reporting where without ever printing a secret; makes test keys. */
#include "testsupport.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **secrets;
static size_t n_secrets, cap_secrets;

/* 1 if it was new, 0 if known or too short. */
static int add_locked(const char *secret)
{
    if (!secret || strlen(secret) < 8)
        return 0;
    for (size_t i = 0; i < n_secrets; i++)
        if (strcmp(secrets[i], secret) == 0)
            return 0;
    if (n_secrets == cap_secrets) {
        size_t ncap = cap_secrets ? cap_secrets * 2 : 16;
        char **ns = realloc(secrets, ncap * sizeof *ns);
        if (!ns)
            goto oom;
        secrets = ns;
        cap_secrets = ncap;
    }
    if ((secrets[n_secrets] = strdup(secret)) == NULL)
        goto oom;
    n_secrets++;
    return 1;
oom:
    fprintf(stderr, "ts_secrets_add: out of memory: a secret will not be scanned for\n");
    abort(); /* a scan that silently misses a secret would pass wrongly */
}

void ts_secrets_add(const char *secret)
{
    pthread_mutex_lock(&lock);
    add_locked(secret);
    pthread_mutex_unlock(&lock);
}

void ts_secrets_clear(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_secrets; i++)
        free(secrets[i]);
    n_secrets = 0;
    pthread_mutex_unlock(&lock);
}

void ts_secrets_add_code(const char *url)
{
    const char *c = url ? strstr(url, "code=") : NULL;
    if (c != NULL && strlen(c + 5) >= 16)
        ts_secrets_add(c + 5);
}

/* ---- finding them ------------------------------------------------------------ */

static size_t line_of(const char *data, const char *at)
{
    size_t line = 1;
    for (const char *p = data; p < at; p++)
        line += *p == '\n';
    return line;
}

static void report(const char *where, const char *data, const char *at, const char *what,
                   size_t len)
{
    fprintf(stderr, "SECRET LEAK: %s line %zu: %s (%zu chars, not shown)\n", where,
            line_of(data, at), what, len);
}

static int scan_remembered(const char *data, size_t len, const char *where)
{
    int found = 0;
    const char *end = data + len;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_secrets; i++) {
        size_t sl = strlen(secrets[i]);
        for (const char *p = data; (p = memmem(p, (size_t)(end - p), secrets[i], sl)) != NULL;
             p += sl) {
            report(where, data, p, "a known secret", sl);
            found++;
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}

static int is_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The length of an unredacted code at p ("code=" and 32 hex), or 0. */
static size_t code_at(const char *p, const char *end)
{
    if (p + 5 + 32 > end || memcmp(p, "code=", 5) != 0)
        return 0;
    for (size_t n = 0; n < 32; n++)
        if (!is_hex(p[5 + n]))
            return 0;
    return 37;
}

int ts_has_code(const char *text)
{
    if (text == NULL)
        return 0;
    const char *end = text + strlen(text);
    for (const char *p = text; (p = strstr(p, "code=")) != NULL; p++)
        if (code_at(p, end))
            return 1;
    return 0;
}

int ts_secrets_scan_text(const char *text, const char *where)
{
    if (!text)
        return 0;
    return scan_remembered(text, strlen(text), where ? where : "text");
}

int ts_secrets_scan_file(const char *path)
{
    size_t len = 0;
    char *buf = ts_read_file(path, &len);
    if (buf == NULL)
        return -1;
    int found = scan_remembered(buf, len, path);
    free(buf);
    return found;
}

int ts_secrets_scan_shapes(const char *data, size_t len, const char *where)
{
    int found = 0;
    const char *end = data + len;
    for (const char *p = data; p + 3 <= end; p++) {
        size_t code;
        if (p[0] == 'S' && p[1] == 'G' && p[2] == '.') {
            size_t n = 0;
            while (p + 3 + n < end && is_key_char(p[3 + n]))
                n++;
            if (n >= 6) {
                report(where, data, p, "a SendGrid-shaped key", 3 + n);
                found++;
                p += 2 + n;
            }
        } else if ((code = code_at(p, end)) != 0) {
            report(where, data, p, "an unredacted one-time code", code);
            found++;
            p += code - 1;
        }
    }
    return found + scan_remembered(data, len, where);
}

/* ---- files and directory trees --------------------------------------------- */

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* nftw passes no context: the walks below run one at a time, under
 * walk_lock, with their state here. */
static pthread_mutex_t walk_lock = PTHREAD_MUTEX_INITIALIZER;
static int walk_found;
static size_t walk_files;

/* One file of a scan: *.key and *.pem hold keys by design. */
static int scan_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_DNR || flag == FTW_NS) {
        if (access(path, F_OK) == 0) {
            fprintf(stderr, "secret scan: cannot read %s\n", path);
            walk_found++;
        }
        return 0;
    }
    if (flag != FTW_F || !S_ISREG(st->st_mode) || has_suffix(path, ".key") ||
        has_suffix(path, ".pem"))
        return 0;
    /* A file the test made unreadable (a trust case) is opened up to be read. */
    if (access(path, R_OK) != 0)
        chmod(path, (st->st_mode & 07777) | 0600);
    size_t len = 0;
    char *data = ts_read_file(path, &len);
    if (data == NULL) {
        walk_found += access(path, F_OK) == 0; /* vanished: nothing to scan */
        return 0;
    }
    walk_files++;
    walk_found += ts_secrets_scan_shapes(data, len, path);
    free(data);
    return 0;
}

int ts_secrets_scan_tree(const char *path, size_t *files)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        fprintf(stderr, "secret scan: cannot stat %s: %s\n", path, strerror(errno));
        return 1;
    }
    pthread_mutex_lock(&walk_lock);
    walk_found = 0;
    walk_files = 0;
    if (nftw(path, scan_entry, 16, FTW_PHYS) != 0 && errno != ENOENT) {
        fprintf(stderr, "secret scan: cannot walk %s: %s\n", path, strerror(errno));
        walk_found++;
    }
    int found = walk_found;
    if (files != NULL)
        *files += walk_files;
    pthread_mutex_unlock(&walk_lock);
    return found;
}

/* One file of a harvest: the first line of a *.key file that is not PEM. */
static int harvest_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F || !S_ISREG(st->st_mode) || !has_suffix(path, ".key"))
        return 0;
    FILE *f = fopen(path, "r");
    char line[1024];
    if (f != NULL && fgets(line, sizeof line, f) != NULL && strncmp(line, "-----BEGIN", 10) != 0) {
        line[strcspn(line, "\r\n")] = '\0';
        pthread_mutex_lock(&lock);
        walk_found += add_locked(line);
        pthread_mutex_unlock(&lock);
    }
    if (f != NULL)
        fclose(f);
    return 0;
}

int ts_secrets_harvest_keys(const char *dir)
{
    pthread_mutex_lock(&walk_lock);
    walk_found = 0;
    nftw(dir, harvest_entry, 16, FTW_PHYS);
    int n = walk_found;
    pthread_mutex_unlock(&walk_lock);
    return n;
}

int ts_make_key(const char *dir, const char *label, char *key, size_t key_size,
                char *path, size_t path_size)
{
    unsigned char raw[16];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
        fprintf(stderr, "ts_make_key: getrandom failed: %s\n", strerror(errno));
        return -1;
    }
    char hex[2 * sizeof raw + 1];
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    int k = snprintf(key, key_size, TS_KEY_PREFIX "%s-%s", label, hex);
    int p = snprintf(path, path_size, "%s/%s.key", dir, label);
    if (k < 0 || (size_t)k >= key_size || p < 0 || (size_t)p >= path_size) {
        fprintf(stderr, "ts_make_key: buffer too small for the key or its path\n");
        return -1;
    }
    ts_secrets_add(key);
    char line[256];
    snprintf(line, sizeof line, "%s\n", key);
    return ts_write_file(path, line, 0600);
}
