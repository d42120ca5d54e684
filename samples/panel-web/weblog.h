/*
 * weblog.h -- panel-web's stderr log: one line per call, written with a
 * single write(2) so lines from concurrent requests never interleave.
 *
 * Callers never pass a login URL or a key: the log is for operators.
 */
#ifndef PANEL_WEB_WEBLOG_H
#define PANEL_WEB_WEBLOG_H

#include "auth_provider.h"

/* Log "panel-web: <formatted text>\n".  Long lines are truncated. */
void weblog(const char *fmt, ...) AUTH_PROVIDER_PRINTF(1, 2);

/* Copy `in` into out[size] with every byte outside printable ASCII replaced
 * by '?' and at most `max` characters kept: for echoing client input (a
 * requested tenant name, a path) into the log safely. */
void weblog_sanitize(const char *in, size_t max, char *out, size_t size);

/* An auth_loader_log_fn: plugin and loader lines, prefixed with the level. */
void weblog_loader_sink(void *ctx, int level, const char *line);

#endif
