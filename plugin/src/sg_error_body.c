/* SendGrid's error body: {"errors":[{"message":..,"field":..,"error_id":..}]}.
 * Untrusted input: size-capped before we get here, depth-bounded, types
 * checked before values are read, trailing garbage refused.  What it
 * hands back is already cleaned for output (sg_clean.h). */
#include "sg_response.h"

#include <ctype.h>
#include <string.h>
#include <json-c/json.h>

/* A JSON string member of `obj`, cleaned into dst (untouched if absent or
 * not a string).  The whole decoded string, NULs included, is cleaned at
 * once: a key echoed anywhere in it, or written as \u00XX escapes, is
 * masked before the cut. */
static void copy_member(json_object *obj, const char *name, char *dst,
                        size_t size, const sg_keys *keys)
{
    json_object *v;
    if (json_object_object_get_ex(obj, name, &v) &&
        json_object_is_type(v, json_type_string))
        sg_clean(dst, size, json_object_get_string(v),
                 (size_t)json_object_get_string_len(v), keys);
}

int sg_error_body_parse(const char *body, size_t len, const sg_keys *keys,
                        char *message, size_t message_size, char *error_id,
                        size_t error_id_size)
{
    message[0] = '\0';
    error_id[0] = '\0';
    if (body == NULL || len == 0 || len > SG_BODY_MAX)
        return -1;
    json_tokener *tok = json_tokener_new_ex(8);
    if (tok == NULL)
        return -1;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *root = json_tokener_parse_ex(tok, body, (int)len);
    int rc = -1;
    if (root == NULL || json_tokener_get_error(tok) != json_tokener_success)
        goto out;
    for (size_t i = json_tokener_get_parse_end(tok); i < len; i++)
        if (!isspace((unsigned char)body[i]))
            goto out; /* trailing garbage: not a JSON document */
    json_object *errors, *first;
    if (!json_object_is_type(root, json_type_object) ||
        !json_object_object_get_ex(root, "errors", &errors) ||
        !json_object_is_type(errors, json_type_array))
        goto out;
    rc = 0; /* the shape is SendGrid's, even if the list is empty */
    if (json_object_array_length(errors) == 0)
        goto out;
    first = json_object_array_get_idx(errors, 0);
    if (!json_object_is_type(first, json_type_object))
        goto out;
    copy_member(first, "message", message, message_size, keys);
    copy_member(first, "error_id", error_id, error_id_size, keys);
out:
    json_object_put(root);
    json_tokener_free(tok);
    return rc;
}
