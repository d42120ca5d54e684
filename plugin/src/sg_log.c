/* Logging through the host and masking the keys out of outgoing text. */
#include "sg_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sg_instance.h"
#include "sg_secret.h"

void sg_log(const struct auth_instance *inst, int level, const char *fmt, ...)
{
    if (inst == NULL || inst->host.log == NULL)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sg_redact_keys(inst, line, sizeof line);
    inst->host.log(inst->host.host_ctx, level, "%s", line);
}

void sg_redact_keys(const struct auth_instance *inst, char *buf, size_t size)
{
    static const char mark[] = "[redacted]";
    char out[2048];
    if (size > sizeof out)
        size = sizeof out; /* callers' buffers are smaller; never overrun */
    for (int r = 0; r < SG_REGION_COUNT; r++) {
        const char *key = inst->key[r];
        size_t klen = key ? strlen(key) : 0;
        if (klen == 0 || strstr(buf, key) == NULL)
            continue;
        size_t o = 0;
        for (const char *p = buf; *p && o + 1 < size;) {
            if (strncmp(p, key, klen) == 0) {
                for (size_t i = 0; mark[i] && o + 1 < size; i++)
                    out[o++] = mark[i];
                p += klen;
            } else {
                out[o++] = *p++;
            }
        }
        out[o] = '\0';
        memcpy(buf, out, o + 1);
        sg_secure_zero(out, sizeof out);
    }
}

