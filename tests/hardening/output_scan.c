/* output_scan.c -- the secret patterns of output_scan.h over buffers, files
 * and directory trees. */
#include "output_scan.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct os_scan {
    char **keys;
    size_t n_keys, cap_keys;
};

os_scan *os_new(void)
{
    os_scan *s = calloc(1, sizeof *s);
    if (s == NULL)
        fprintf(stderr, "output scan: out of memory\n");
    return s;
}

void os_free(os_scan *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_keys; i++)
        free(s->keys[i]);
    free(s->keys);
    free(s);
}

void os_add_key(os_scan *s, const char *key)
{
    if (strlen(key) < 8)
        return;
    for (size_t i = 0; i < s->n_keys; i++)
        if (strcmp(s->keys[i], key) == 0)
            return;
    if (s->n_keys == s->cap_keys) {
        size_t ncap = s->cap_keys ? 2 * s->cap_keys : 16;
        char **nk = realloc(s->keys, ncap * sizeof *nk);
        if (nk == NULL) {
            /* A scan that silently misses a key would pass wrongly. */
            fprintf(stderr, "output scan: out of memory\n");
            abort();
        }
        s->keys = nk;
        s->cap_keys = ncap;
    }
    s->keys[s->n_keys] = strdup(key);
    if (s->keys[s->n_keys] == NULL) {
        fprintf(stderr, "output scan: out of memory\n");
        abort();
    }
    s->n_keys++;
}

/* ---- patterns ------------------------------------------------------------- */

static int is_key_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

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

int os_scan_buffer(os_scan *s, const char *data, size_t len, const char *where)
{
    int found = 0;
    const char *end = data + len;
    for (const char *p = data; p + 3 <= end; p++) {
        if (p[0] == 'S' && p[1] == 'G' && p[2] == '.') {
            size_t n = 0;
            while (p + 3 + n < end && is_key_char(p[3 + n]))
                n++;
            if (n >= 6) {
                report(where, data, p, "a SendGrid-shaped key", 3 + n);
                found++;
                p += 2 + n;
            }
        } else if (p + 5 + 32 <= end && memcmp(p, "code=", 5) == 0) {
            size_t n = 0;
            while (n < 32 && is_hex(p[5 + n]))
                n++;
            if (n == 32) {
                report(where, data, p, "an unredacted one-time code", 37);
                found++;
                p += 36;
            }
        }
    }
    for (size_t i = 0; i < s->n_keys; i++) {
        size_t kl = strlen(s->keys[i]);
        for (const char *p = data; (p = memmem(p, (size_t)(end - p), s->keys[i], kl)) != NULL;
             p += kl) {
            report(where, data, p, "a key from a test run's key file", kl);
            found++;
        }
    }
    return found;
}

/* ---- files and directories ------------------------------------------------ */

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* The whole file in a malloc'd buffer; NULL with *vanished set if it is
 * gone, NULL with the reason printed on any other error. */
static char *slurp(const char *path, size_t *len, int *vanished)
{
    *vanished = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT)
            *vanished = 1;
        else
            fprintf(stderr, "output scan: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, k;
    char *buf = malloc(cap);
    while (buf != NULL && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(buf, 2 * cap);
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
        fprintf(stderr, "output scan: cannot read %s: %s\n", path,
                buf == NULL ? "out of memory" : "read error");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int os_scan_path(os_scan *s, const char *path, size_t *files)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        fprintf(stderr, "output scan: cannot stat %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d == NULL) {
            if (errno == ENOENT)
                return 0;
            fprintf(stderr, "output scan: cannot list %s: %s\n", path, strerror(errno));
            return 1;
        }
        int found = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[4096];
            if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child) {
                fprintf(stderr, "output scan: path too long under %s\n", path);
                found++;
                continue;
            }
            found += os_scan_path(s, child, files);
        }
        closedir(d);
        return found;
    }
    if (!S_ISREG(st.st_mode) || has_suffix(path, ".key") || has_suffix(path, ".pem"))
        return 0;
    size_t len = 0;
    int vanished = 0;
    char *data = slurp(path, &len, &vanished);
    if (data == NULL)
        return vanished ? 0 : 1;
    if (files != NULL)
        (*files)++;
    int found = os_scan_buffer(s, data, len, path);
    free(data);
    return found;
}

int os_harvest_keys(os_scan *s, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(child, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            n += os_harvest_keys(s, child);
            continue;
        }
        if (!S_ISREG(st.st_mode) || !has_suffix(e->d_name, ".key"))
            continue;
        FILE *f = fopen(child, "r");
        if (f == NULL)
            continue;
        char line[1024];
        if (fgets(line, sizeof line, f) != NULL && strncmp(line, "-----BEGIN", 10) != 0) {
            line[strcspn(line, "\r\n")] = '\0';
            size_t before = s->n_keys;
            os_add_key(s, line);
            n += s->n_keys > before;
        }
        fclose(f);
    }
    closedir(d);
    return n;
}

int os_each_run_dir(time_t since, void (*fn)(void *ctx, const char *dir), void *ctx)
{
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || *tmp == '\0')
        tmp = "/tmp";
    DIR *d = opendir(tmp);
    if (d == NULL) {
        fprintf(stderr, "output scan: cannot list %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "panelsso-test-", 14) != 0)
            continue;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", tmp, e->d_name);
        struct stat st;
        if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_mtime < since)
            continue;
        fn(ctx, dir);
        n++;
    }
    closedir(d);
    return n;
}
