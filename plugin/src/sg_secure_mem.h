/* SPDX-License-Identifier: MIT */
/* Memory for secrets (the API key, the Authorization header, response
 * bytes that may carry a one-time login URL): whole pages of their own,
 * mapped anonymously, left out of core dumps (MADV_DONTDUMP), locked in RAM
 * when RLIMIT_MEMLOCK allows it, and wiped before they are unmapped.  Kept
 * apart from the malloc heap, whose freed chunks keep their old contents. */
#ifndef SG_SECURE_MEM_H
#define SG_SECURE_MEM_H

#include <stddef.h>

/* n zeroed bytes (n > 0), aligned for any object, or NULL when the mapping
 * fails.  Never fails because memory cannot be locked: locking is a bonus
 * (no swap), leaving the pages out of core dumps is not optional. */
void *sg_secure_alloc(size_t n);

/* Wipes and unmaps what sg_secure_alloc returned.  NULL is a no-op. */
void sg_secure_free(void *p);

/* Overwrites n bytes in a way the compiler keeps. */
void sg_secure_zero(void *p, size_t n);

#endif
