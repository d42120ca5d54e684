/* SPDX-License-Identifier: MIT */
/* What leaves the plugin as log lines: through the host's callback, every
 * line cleaned by sg_clean against the instance's keys. */
#ifndef SG_LOG_H
#define SG_LOG_H

#include <stddef.h>

#include <panelsso/auth_provider.h>
#include "sg_clean.h"

/* The longest line the plugin logs, NUL included.  libauthloader hands a
 * line this long on unchanged; a longer one would be cut by the host, after
 * the plugin, where no mask can follow. */
#define SG_LOG_LINE_MAX 2048

struct auth_instance;

/* The instance's API keys, for sg_clean. */
void sg_keys_of(const struct auth_instance *inst, sg_keys *out);

/* Formats the line in full, then cleans it (the keys masked, controls
 * escaped, cut to SG_LOG_LINE_MAX) and logs it through the host's
 * callback, if any. */
void sg_log(const struct auth_instance *inst, int level, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);

/* sg_log of a finished line, with the keys already gathered. */
void sg_log_text(const struct auth_instance *inst, const sg_keys *keys,
                 int level, const char *text);

#endif
