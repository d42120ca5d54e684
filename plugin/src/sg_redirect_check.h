/* SPDX-License-Identifier: MIT */
/* The check a Location must pass before we hand it to a browser. */
#ifndef SG_REDIRECT_CHECK_H
#define SG_REDIRECT_CHECK_H

#include <stddef.h>
#include "sg_settings.h"

#define SG_REDIRECT_MAX_LEN 4096

/* Returns 0 if `url` is an absolute https URL (http only to a loopback host)
 * with no user-info, no control characters, at most 4096 bytes, whose host
 * matches one of `hosts`.  Otherwise -1 and a reason in `why` that never
 * contains the URL's query (it holds the one-time code). */
int sg_redirect_check(const char *url, const sg_host_pattern *hosts,
                      size_t host_count, char *why, size_t why_size);

/* Does `host` (lower-case) match `p`? */
int sg_host_matches(const char *host, const sg_host_pattern *p);

#endif
