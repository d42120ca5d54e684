/* SPDX-License-Identifier: MIT */
/* Logging through the host, every line cleaned on its way out. */
#include "sg_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_instance.h"
#include "sg_secret.h"

void sg_keys_of(const struct auth_instance *inst, sg_keys *out)
{
    sg_keys_init(out);
    for (int r = 0; r < SG_REGION_COUNT; r++)
        sg_keys_add(out, inst->key[r]);
}

static void emit(const struct auth_instance *inst, const sg_keys *keys,
                 int level, const char *text, size_t len)
{
    char line[SG_LOG_LINE_MAX];
    sg_clean(line, sizeof line, text, len, keys);
    inst->host.log(inst->host.host_ctx, level, "%s", line);
}

void sg_log_text(const struct auth_instance *inst, const sg_keys *keys,
                 int level, const char *text)
{
    if (inst == NULL || inst->host.log == NULL)
        return;
    emit(inst, keys, level, text, strlen(text));
}

void sg_log(const struct auth_instance *inst, int level, const char *fmt, ...)
{
    if (inst == NULL || inst->host.log == NULL)
        return;
    /* Formatted whole first (on the heap when long), so the keys are
     * masked before the line is cut. */
    char buf[SG_LOG_LINE_MAX];
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(again);
        return;
    }
    char *text = buf;
    size_t len = (size_t)n;
    if (len >= sizeof buf) {
        char *full = malloc(len + 1);
        if (full != NULL) {
            vsnprintf(full, len + 1, fmt, again);
            text = full;
        } else {
            len = sizeof buf - 1; /* out of memory: the cut line, still masked */
        }
    }
    va_end(again);
    sg_keys keys;
    sg_keys_of(inst, &keys);
    emit(inst, &keys, level, text, len);
    sg_secure_zero(text, len);
    if (text != buf)
        free(text);
}
