/* SPDX-License-Identifier: MIT */
/* Bounded formatting for messages that must fit the ABI's fixed buffers. */
#ifndef SG_TEXT_H
#define SG_TEXT_H

#include <stddef.h>
#include <panelsso/auth_provider.h>

/* snprintf into a fixed buffer where cutting a long message short is the
 * intended behaviour; keeps GCC's -Wformat-truncation for the places where
 * it is not.  Untrusted text goes through sg_clean (sg_clean.h) first. */
void sg_fmt(char *dst, size_t size, const char *fmt, ...) AUTH_PROVIDER_PRINTF(3, 4);

/* sg_fmt(dst, size, "%s", src) without printf's machinery (it runs several
 * times per login): copies at most size - 1 bytes and terminates.  size > 0.
 * For the plugin's own text; untrusted text goes through sg_clean. */
void sg_copy(char *dst, size_t size, const char *src);

#endif
