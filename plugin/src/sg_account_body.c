/* SPDX-License-Identifier: MIT */
/* Building request bodies as json-c objects, then serializing them. */
#include "sg_account_body.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

/* Adds key: value to obj, or returns -1 when value is NULL (its allocation
 * failed) or the add fails; json_object_object_add keeps value only when it
 * succeeds, so here it is released otherwise. */
static int add(json_object *obj, const char *key, json_object *value)
{
    if (value == NULL)
        return -1;
    if (json_object_object_add(obj, key, value) != 0) {
        json_object_put(value);
        return -1;
    }
    return 0;
}

static json_object *offering_list(const auth_offering *o, size_t count)
{
    json_object *list = json_object_new_array_ext((int)count);
    for (size_t i = 0; list != NULL && i < count; i++) {
        json_object *item = json_object_new_object();
        size_t n = strnlen(o[i].name, sizeof o[i].name);
        size_t t = strnlen(o[i].type, sizeof o[i].type);
        if (item == NULL ||
            add(item, "name", json_object_new_string_len(o[i].name, (int)n)) != 0 ||
            add(item, "type", json_object_new_string_len(o[i].type, (int)t)) != 0 ||
            add(item, "quantity", json_object_new_int64(o[i].quantity)) != 0 ||
            json_object_array_add(list, item) != 0) {
            json_object_put(item);
            json_object_put(list);
            return NULL;
        }
    }
    return list;
}

/* Serializes and frees `root` into *out. */
static int finish(json_object *root, sg_body *out)
{
    out->text = NULL;
    out->len = 0;
    if (root == NULL)
        return AUTH_ERR_INTERNAL;
    size_t len = 0;
    /* Plain: no spaces or newlines; "/" left as it is (json-c would write
     * "\/", which is valid JSON but not what anyone reads). */
    const char *text = json_object_to_json_string_length(
        root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
    if (text != NULL) {
        out->text = malloc(len + 1);
        if (out->text != NULL) {
            memcpy(out->text, text, len + 1);
            out->len = len;
        }
    }
    json_object_put(root);
    return out->text != NULL ? AUTH_OK : AUTH_ERR_INTERNAL;
}

int sg_body_create(const sg_profile *profile, const auth_offering *offerings,
                   size_t count, sg_body *out)
{
    json_object *root = json_object_new_object();
    json_object *prof = NULL;
    int given = 0;
    for (int f = 0; f < SG_PROFILE_FIELD_COUNT; f++)
        given += profile != NULL && profile->value[f] != NULL;
    if (root != NULL && given > 0) {
        prof = json_object_new_object();
        for (int f = 0; prof != NULL && f < SG_PROFILE_FIELD_COUNT; f++) {
            const char *v = profile->value[f];
            if (v != NULL &&
                add(prof, sg_profile_field_name((enum sg_profile_field)f),
                    json_object_new_string(v)) != 0) {
                json_object_put(prof);
                prof = NULL;
            }
        }
        if (add(root, "profile", prof) != 0) {
            json_object_put(root);
            root = NULL;
        }
    }
    if (root != NULL && add(root, "offerings", offering_list(offerings, count)) != 0) {
        json_object_put(root);
        root = NULL;
    }
    return finish(root, out);
}

int sg_body_offerings(const auth_offering *offerings, size_t count, sg_body *out)
{
    json_object *root = json_object_new_object();
    if (root != NULL && add(root, "offerings", offering_list(offerings, count)) != 0) {
        json_object_put(root);
        root = NULL;
    }
    return finish(root, out);
}

int sg_body_state(const char *state, sg_body *out)
{
    json_object *root = json_object_new_object();
    if (root != NULL && add(root, "state", json_object_new_string(state)) != 0) {
        json_object_put(root);
        root = NULL;
    }
    return finish(root, out);
}

void sg_body_free(sg_body *body)
{
    free(body->text);
    body->text = NULL;
    body->len = 0;
}
