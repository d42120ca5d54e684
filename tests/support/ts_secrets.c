/* ts_secrets.c -- finds remembered secrets in text and files, reporting
 * where without ever printing a secret. */
#include "testsupport.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **secrets;
static size_t n_secrets, cap_secrets;

void ts_secrets_add(const char *secret)
{
    if (!secret || !*secret)
        return;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_secrets; i++)
        if (strcmp(secrets[i], secret) == 0)
            goto out;
    if (n_secrets == cap_secrets) {
        size_t ncap = cap_secrets ? cap_secrets * 2 : 16;
        char **ns = realloc(secrets, ncap * sizeof *ns);
        if (!ns)
            goto oom;
        secrets = ns;
        cap_secrets = ncap;
    }
    char *copy = strdup(secret);
    if (!copy)
        goto oom;
    secrets[n_secrets++] = copy;
    goto out;
oom:
    fprintf(stderr, "ts_secrets_add: out of memory: a secret will not be scanned for\n");
    abort();  /* a scan that silently misses a secret would pass wrongly */
out:
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

static int scan(const char *data, size_t len, const char *where)
{
    int found = 0;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_secrets; i++) {
        size_t sl = strlen(secrets[i]);
        const char *hit = memmem(data, len, secrets[i], sl);
        if (hit) {
            found++;
            fprintf(stderr, "SECRET LEAK in %s: secret #%zu (%zu chars, starts \"%.2s\") at "
                            "byte %zu\n", where, i + 1, sl, sl >= 8 ? secrets[i] : "",
                    (size_t)(hit - data));
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}

int ts_secrets_scan_text(const char *text, const char *where)
{
    if (!text)
        return 0;
    return scan(text, strlen(text), where ? where : "text");
}

int ts_secrets_scan_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "ts_secrets_scan_file: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                fprintf(stderr, "ts_secrets_scan_file: out of memory reading %s\n", path);
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
            cap = ncap;
        }
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (r == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "ts_secrets_scan_file: read error on %s\n", path);
        free(buf);
        return -1;
    }
    int found = scan(buf ? buf : "", len, path);
    free(buf);
    return found;
}
