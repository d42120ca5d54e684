/* SPDX-License-Identifier: MIT */
/* Strict parsing of untrusted JSON.  Bodies are size-capped before they
 * get here (SG_BODY_MAX); the depth is bounded so that a body of nested
 * brackets costs no more than any other; types are checked by the callers
 * before values are read. */
#include "sg_json.h"

#include <ctype.h>

#include "sg_response.h"

json_object *sg_json_parse(const char *body, size_t len)
{
    if (body == NULL || len == 0 || len > SG_BODY_MAX)
        return NULL;
    json_tokener *tok = json_tokener_new_ex(SG_JSON_DEPTH_MAX);
    if (tok == NULL)
        return NULL;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *root = json_tokener_parse_ex(tok, body, (int)len);
    if (root != NULL && json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(root);
        root = NULL;
    }
    for (size_t i = root ? json_tokener_get_parse_end(tok) : len; i < len; i++) {
        if (!isspace((unsigned char)body[i])) {
            /* Trailing garbage: not one JSON document. */
            json_object_put(root);
            root = NULL;
            break;
        }
    }
    json_tokener_free(tok);
    return root;
}

json_object *sg_json_member(json_object *obj, const char *name, json_type type)
{
    json_object *v;
    if (obj != NULL && json_object_is_type(obj, json_type_object) &&
        json_object_object_get_ex(obj, name, &v) && json_object_is_type(v, type))
        return v;
    return NULL;
}
