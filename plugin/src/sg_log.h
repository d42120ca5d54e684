/* What leaves the plugin as text: log lines through the host's callback,
 * with the instance's keys masked out. */
#ifndef SG_LOG_H
#define SG_LOG_H

#include <stddef.h>

#include "auth_provider.h"

struct auth_instance;

/* Logs through the host's callback, if any. */
void sg_log(const struct auth_instance *inst, int level, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);

/* Replaces every occurrence of the instance's keys in `buf` with
 * "[redacted]" (in place, truncating if needed): a last line of defence
 * against an upstream echoing the key back in an error message. */
void sg_redact_keys(const struct auth_instance *inst, char *buf, size_t size);

#endif
