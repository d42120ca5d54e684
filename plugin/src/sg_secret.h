/* SPDX-License-Identifier: MIT */
/* The partner API key: read once at init into secure memory (left out of
 * core dumps, wiped at teardown). */
#ifndef SG_SECRET_H
#define SG_SECRET_H

#include <stddef.h>

#include "sg_secure_mem.h"

#define SG_KEY_MAX 1024

/* Reads a key from a file or from an environment variable.  Exactly one of
 * path / env_name is non-NULL.  The file must be a regular file (a FIFO,
 * socket or device is refused at once, without waiting on it) that neither
 * every user may read nor its group or every user may write; trailing
 * CR/LF are ignored.  On success stores the key, NUL-terminated, in secure
 * memory at *out (the caller releases it with sg_secret_free) and returns
 * AUTH_OK; otherwise AUTH_ERR_CONFIG (AUTH_ERR_INTERNAL when out of memory)
 * with a sentence in err that never contains the key.  `what` names the
 * setting for messages ("api_key_file"). */
int sg_secret_load(const char *path, const char *env_name, const char *what,
                   char **out, char *err, size_t err_size);

/* Wipes and releases a key from sg_secret_load; NULL is a no-op. */
void sg_secret_free(char *secret);

#endif
