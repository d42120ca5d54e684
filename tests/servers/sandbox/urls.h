/* SPDX-License-Identifier: MIT */
/* urls.h -- reading request targets: percent-decoding and query strings. */
#ifndef SBX_URLS_H
#define SBX_URLS_H

#include <stddef.h>

/* Percent-decode src[0..len) into dst (size dst_size).  Fails (-1) on a bad
 * escape, an encoded NUL, or when it does not fit. */
int sbx_pct_decode(const char *src, size_t len, char *dst, size_t dst_size);

/* The value of query parameter `name` (raw, not decoded) and its length,
 * or NULL. */
const char *sbx_query_param(const char *query, const char *name, size_t *len);

#endif
