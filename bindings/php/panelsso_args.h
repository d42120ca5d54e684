/* SPDX-License-Identifier: MIT */
/*
 * panelsso_args.h -- PHP arrays turned into what the C API takes: the
 * NULL-terminated "key=value" vectors of attributes and profiles, and the
 * auth_offering list.
 *
 * Misuse throws PHP's own errors, naming the argument: TypeError for a
 * value of the wrong type, ValueError for a key that is empty or holds '='
 * or a NUL byte, a NUL byte in a value, or an offering that does not fit.
 * Values are never quoted in a message (they may be secrets); keys are,
 * with anything but printable ASCII shown as '?'.
 */
#ifndef PANELSSO_ARGS_H
#define PANELSSO_ARGS_H

#include <panelsso/auth_provider.h>

typedef struct panelsso_kv {
    char **items;        /* "key=value" strings and a NULL; NULL if empty */
    size_t count;
} panelsso_kv;

/* Fill *out from the array `ht` passed as argument `arg_num`.  Integer
 * keys are taken as their decimal form (PHP turns the key "123" into the
 * integer 123).  Returns SUCCESS, or FAILURE with an exception thrown and
 * *out empty. */
zend_result panelsso_kv_from_array(HashTable *ht, uint32_t arg_num, panelsso_kv *out);

/* The vector for the C API (never NULL: an empty one is just the NULL). */
const char *const *panelsso_kv_vector(const panelsso_kv *kv);

/* Wipe every string (attributes and profiles may hold secrets and
 * personal data) and free them. */
void panelsso_kv_free(panelsso_kv *kv);

typedef struct panelsso_offerings {
    auth_offering *items; /* NULL if empty */
    size_t count;
} panelsso_offerings;

/* Fill *out from a list of ['name' => string, 'type' => string,
 * 'quantity' => int (optional, 1)] passed as argument `arg_num` (the shape
 * Result::$offerings has, so a list read can be sent back).  Returns
 * SUCCESS, or FAILURE with an exception thrown and *out empty. */
zend_result panelsso_offerings_from_array(HashTable *ht, uint32_t arg_num,
                                          panelsso_offerings *out);

void panelsso_offerings_free(panelsso_offerings *o);

#endif /* PANELSSO_ARGS_H */
