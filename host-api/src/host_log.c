/* SPDX-License-Identifier: MIT */
/*
 * host_log.c -- the callback table the loader hands each plugin, and the
 * loader's own logging, both ending in the host's va_list-free log sink.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "loader_internal.h"

/* Long enough for any sane log line; longer ones are truncated. */
#define LOADER_LOG_LINE_MAX 2048

static void emit(const struct auth_loader *l, int level, const char *fmt,
                 va_list ap) __attribute__((format(printf, 3, 0)));
static void emit(const struct auth_loader *l, int level, const char *fmt,
                 va_list ap)
{
    /* On the stack: plugins log from any number of threads at once, and the
     * sink is thread-safe by contract, so nothing here is shared. */
    char line[LOADER_LOG_LINE_MAX];
    if (l == NULL || l->log == NULL || fmt == NULL || level > l->log_level)
        return;
    /* Plugins that format their own lines log them as ("%s", line): hand
     * that line on as is instead of copying it through printf (the audit
     * line of every login takes this path).  Still cut at the same length. */
    if (fmt[0] == '%' && fmt[1] == 's' && fmt[2] == '\0') {
        va_list copy;
        va_copy(copy, ap);
        const char *s = va_arg(copy, const char *);
        va_end(copy);
        if (s != NULL && strnlen(s, sizeof line) < sizeof line) {
            l->log(l->log_ctx, level, s);
            return;
        }
    }
    vsnprintf(line, sizeof line, fmt, ap);
    l->log(l->log_ctx, level, line);
}

static void plugin_log(void *host_ctx, int level, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);
static void plugin_log(void *host_ctx, int level, const char *fmt, ...)
{
    const loader_instance *inst = host_ctx;
    if (inst == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(inst->loader, level, fmt, ap);
    va_end(ap);
}

void loader_host_api_init(loader_instance *inst, uint32_t version)
{
    memset(&inst->api, 0, sizeof inst->api);
    inst->api.struct_size = sizeof inst->api;
    inst->api.abi_version = version;
    inst->api.host_ctx = inst;
    inst->api.log = plugin_log;
}

void loader_log(const struct auth_loader *l, int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(l, level, fmt, ap);
    va_end(ap);
}
