/* The partner API key: read once at init, kept only as the prebuilt
 * Authorization header, wiped at teardown. */
#ifndef SG_SECRET_H
#define SG_SECRET_H

#include <stddef.h>

#define SG_KEY_MAX 1024

/* Reads a key from a file (refused if world-readable or not a regular file;
 * trailing CR/LF ignored) or from an environment variable.  Exactly one of
 * path / env_name is non-NULL.  On success stores a malloc'd copy in *out
 * (the caller wipes it with sg_secret_free) and returns AUTH_OK; otherwise
 * AUTH_ERR_CONFIG with a sentence in err (never containing the key).
 * `what` names the setting for messages ("api_key_file"). */
int sg_secret_load(const char *path, const char *env_name, const char *what,
                   char **out, char *err, size_t err_size);

/* Overwrites then frees a secret string; NULL is a no-op. */
void sg_secret_free(char *secret);

/* Overwrites n bytes in a way the compiler keeps. */
void sg_secure_zero(void *p, size_t n);

#endif
