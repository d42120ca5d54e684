/* SPDX-License-Identifier: MIT */
/* The JSON request bodies of the account operations, built with json-c
 * (never by printing strings, so no value can change the document's
 * shape).  Pure: unit-tested by parsing them back. */
#ifndef SG_ACCOUNT_BODY_H
#define SG_ACCOUNT_BODY_H

#include <stddef.h>

#include <panelsso/auth_provider.h>
#include "sg_account_input.h"

/* A body: `text` (malloc'd, NUL-terminated) of `len` bytes.  Free it with
 * sg_body_free. */
typedef struct sg_body {
    char *text;
    size_t len;
} sg_body;

/* create: {"profile": {FIELD: VALUE...}, "offerings": [OFFERING...]}, the
 * profile's fields in sg_profile_field order and left out when none is
 * given; OFFERING is {"name": N, "type": T, "quantity": Q}.  The inputs
 * are checked already (sg_account_input.h).  AUTH_OK, or
 * AUTH_ERR_INTERNAL when out of memory. */
int sg_body_create(const sg_profile *profile, const auth_offering *offerings,
                   size_t count, sg_body *out);

/* set_offerings: {"offerings": [OFFERING...]}. */
int sg_body_offerings(const auth_offering *offerings, size_t count, sg_body *out);

/* suspend, unsuspend: {"state": STATE}. */
int sg_body_state(const char *state, sg_body *out);

void sg_body_free(sg_body *body);

#endif
