/* loader_test_support.c -- the shared helpers of loader_test.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loader_test.h"

void sink_init(log_sink *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
}

void sink_destroy(log_sink *s)
{
    pthread_mutex_destroy(&s->lock);
}

void sink_log(void *ctx, int level, const char *line)
{
    log_sink *s = ctx;
    pthread_mutex_lock(&s->lock);
    if (s->kept < SINK_KEEP) {
        snprintf(s->lines[s->kept], SINK_LINE, "%s", line);
        s->levels[s->kept] = level;
        s->kept++;
    }
    s->total++;
    pthread_mutex_unlock(&s->lock);
}

int sink_has(log_sink *s, int level, const char *needle)
{
    size_t i;
    int found = 0;
    pthread_mutex_lock(&s->lock);
    for (i = 0; i < s->kept && !found; i++)
        found = (level < 0 || s->levels[i] == level) &&
                strstr(s->lines[i], needle) != NULL;
    pthread_mutex_unlock(&s->lock);
    return found;
}

void sink_dump(log_sink *s)
{
    size_t i;
    pthread_mutex_lock(&s->lock);
    for (i = 0; i < s->kept; i++)
        fprintf(stderr, "  log[%d]: %s\n", s->levels[i], s->lines[i]);
    pthread_mutex_unlock(&s->lock);
}

auth_loader *new_loader(log_sink *sink, int level, uint32_t abi,
                        auth_loader_settings_fn settings_for, void *settings_ctx)
{
    auth_loader_config cfg;
    auth_loader *l = NULL;
    auth_result r;
    int rc;
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = sink != NULL ? sink_log : NULL;
    cfg.log_ctx = sink;
    cfg.log_level = level;
    cfg.settings_for = settings_for;
    cfg.settings_ctx = settings_ctx;
    cfg.abi_version = abi;
    auth_result_init(&r);
    rc = auth_loader_create(&cfg, &l, &r);
    if (rc != AUTH_OK)
        fprintf(stderr, "auth_loader_create: %s: %s\n", auth_status_name(rc),
                r.log_message);
    CU_ASSERT_EQUAL_FATAL(rc, AUTH_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    return l;
}

int contains(const char *haystack, const char *needle)
{
    return haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
}

long rss_bytes(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * sysconf(_SC_PAGESIZE);
}
