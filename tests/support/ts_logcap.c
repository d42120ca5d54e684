/* SPDX-License-Identifier: MIT */
/* ts_logcap.c -- a thread-safe capture of log lines (auth_loader_log_fn). */
#include "testsupport.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct cap_line {
    int level;
    char text[];
} cap_line;

struct ts_logcap {
    pthread_mutex_t lock;
    cap_line **lines;
    size_t n, cap;
    int oom;
};

ts_logcap *ts_logcap_new(void)
{
    ts_logcap *c = calloc(1, sizeof *c);
    if (!c) {
        fprintf(stderr, "ts_logcap_new: out of memory\n");
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void ts_logcap_clear(ts_logcap *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n; i++)
        free(c->lines[i]);
    c->n = 0;
    pthread_mutex_unlock(&c->lock);
}

void ts_logcap_free(ts_logcap *c)
{
    if (!c)
        return;
    ts_logcap_clear(c);
    free(c->lines);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void ts_logcap_log(void *ctx, int level, const char *line)
{
    ts_logcap *c = ctx;
    if (!c || !line)
        return;
    size_t l = strlen(line);
    cap_line *e = malloc(sizeof *e + l + 1);
    pthread_mutex_lock(&c->lock);
    if (e && c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 256;
        cap_line **nl = realloc(c->lines, ncap * sizeof *nl);
        if (nl) {
            c->lines = nl;
            c->cap = ncap;
        }
    }
    if (e && c->n < c->cap) {
        e->level = level;
        memcpy(e->text, line, l + 1);
        c->lines[c->n++] = e;
        e = NULL;
    } else if (!c->oom) {
        c->oom = 1;
        fprintf(stderr, "ts_logcap: out of memory; lines are being lost\n");
    }
    pthread_mutex_unlock(&c->lock);
    free(e);
}

/* Lines at `level` (-1: any) holding `sub`. */
static size_t count_at(ts_logcap *c, int level, const char *sub)
{
    size_t k = 0;
    if (!c || !sub)
        return 0;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n; i++)
        if ((level < 0 || c->lines[i]->level == level) && strstr(c->lines[i]->text, sub))
            k++;
    pthread_mutex_unlock(&c->lock);
    return k;
}

size_t ts_logcap_count(ts_logcap *c, const char *sub)
{
    return count_at(c, -1, sub);
}

int ts_logcap_contains(ts_logcap *c, const char *sub)
{
    return count_at(c, -1, sub) > 0;
}

int ts_logcap_has(ts_logcap *c, int level, const char *sub)
{
    return count_at(c, level, sub) > 0;
}

size_t ts_logcap_total(ts_logcap *c)
{
    if (!c)
        return 0;
    pthread_mutex_lock(&c->lock);
    size_t n = c->n;
    pthread_mutex_unlock(&c->lock);
    return n;
}

char *ts_logcap_text(ts_logcap *c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL) {
        fprintf(stderr, "ts_logcap_text: out of memory\n");
        return NULL;
    }
    ts_logcap_dump_to(c, f);
    fclose(f);
    return text;
}

void ts_logcap_dump_to(ts_logcap *c, FILE *out)
{
    if (!c || !out)
        return;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n; i++)
        fprintf(out, "%d %s\n", c->lines[i]->level, c->lines[i]->text);
    pthread_mutex_unlock(&c->lock);
    fflush(out);
}
