/* SPDX-License-Identifier: MIT */
/* bodies.h -- reading and checking the JSON bodies of the account
 * operations, with SendGrid's field errors (see README.md, "Checks"). */
#ifndef SBX_BODIES_H
#define SBX_BODIES_H

#include <stddef.h>

#include <json-c/json.h>

#include "accounts.h"
#include "response.h"

/* The body as a JSON object (strict JSON, the whole body, nesting at most
 * 16 deep), which the caller puts; or NULL with an error added. */
json_object *sbx_body_parse(const char *body, size_t len, sbx_errors *errs);

/* CreateAccount's {"profile":{...},"offerings":[...]}: 0 with *profile
 * (the caller frees it) and *offerings filled, or -1 with errors added
 * (and *profile empty). */
int sbx_body_create(json_object *doc, sbx_profile *profile, sbx_offering_list *offerings,
                    sbx_errors *errs);

/* UpdateAccountState's {"state":"activated"|"deactivated"}: 0 with
 * *deactivated set, or -1 with errors added. */
int sbx_body_state(json_object *doc, int *deactivated, sbx_errors *errs);

/* UpdateAccountOffering's {"offerings":[...]}: 0 with *offerings filled,
 * or -1 with errors added. */
int sbx_body_offerings(json_object *doc, sbx_offering_list *offerings, sbx_errors *errs);

/* The string member `name` of object `obj`, or NULL. */
const char *sbx_body_string(json_object *obj, const char *name);

#endif
