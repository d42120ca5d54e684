/* SPDX-License-Identifier: MIT */
/* SendGrid's error body: {"errors":[{"message":..,"field":..,"error_id":..}]}.
 * Untrusted input: parsed by sg_json_parse (size-capped, depth-bounded,
 * strict), types checked before values are read.  What it hands back is
 * already cleaned for output (sg_clean.h). */
#include "sg_response.h"

#include <stdio.h>
#include <string.h>

#include "sg_json.h"

/* A JSON string member of `obj`, cleaned into dst (untouched if absent or
 * not a string).  The whole decoded string, NULs included, is cleaned at
 * once: a key echoed anywhere in it, or written as \u00XX escapes, is
 * masked before the cut. */
static void copy_member(json_object *obj, const char *name, char *dst,
                        size_t size, const sg_keys *keys)
{
    json_object *v = sg_json_member(obj, name, json_type_string);
    if (v != NULL)
        sg_clean(dst, size, json_object_get_string(v),
                 (size_t)json_object_get_string_len(v), keys);
}

/* The body's "errors" array, or NULL if it is not SendGrid's shape. */
static json_object *errors_of(json_object *root)
{
    return sg_json_member(root, "errors", json_type_array);
}

int sg_error_body_parse(const char *body, size_t len, const sg_keys *keys,
                        char *message, size_t message_size, char *error_id,
                        size_t error_id_size)
{
    message[0] = '\0';
    error_id[0] = '\0';
    json_object *root = sg_json_parse(body, len);
    json_object *errors = errors_of(root);
    int rc = -1;
    if (errors != NULL) {
        rc = 0; /* the shape is SendGrid's, even if the list is empty */
        json_object *first = json_object_array_length(errors) > 0
                                 ? json_object_array_get_idx(errors, 0)
                                 : NULL;
        if (first != NULL && json_object_is_type(first, json_type_object)) {
            copy_member(first, "message", message, message_size, keys);
            copy_member(first, "error_id", error_id, error_id_size, keys);
        }
    }
    json_object_put(root);
    return rc;
}

/* Appends `piece` to dst (of `size`, holding *len bytes) after `sep` if
 * both fit whole; otherwise leaves dst as it is, so a list is only ever cut
 * between pieces. */
static void append_piece(char *dst, size_t size, size_t *len, const char *sep,
                         const char *piece)
{
    size_t s = *len > 0 ? strlen(sep) : 0, p = strlen(piece);
    if (p == 0 || *len + s + p >= size)
        return;
    memcpy(dst + *len, sep, s);
    memcpy(dst + *len + s, piece, p + 1);
    *len += s + p;
}

/* Upstream's words per error, cut so that several fit one message. */
#define FIELD_SHOWN_MAX 48
#define MESSAGE_SHOWN_MAX 160

int sg_error_body_fields(const char *body, size_t len, const sg_keys *keys,
                         char *detail, size_t detail_size, char *fields,
                         size_t fields_size, char *error_id,
                         size_t error_id_size)
{
    detail[0] = '\0';
    fields[0] = '\0';
    error_id[0] = '\0';
    json_object *root = sg_json_parse(body, len);
    json_object *errors = errors_of(root);
    if (errors == NULL) {
        json_object_put(root);
        return -1;
    }
    size_t n = json_object_array_length(errors), dlen = 0, flen = 0;
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(errors, i);
        if (!json_object_is_type(e, json_type_object))
            continue;
        char field[FIELD_SHOWN_MAX + 1] = "", message[MESSAGE_SHOWN_MAX + 1] = "";
        copy_member(e, "field", field, sizeof field, keys);
        copy_member(e, "message", message, sizeof message, keys);
        if (error_id[0] == '\0')
            copy_member(e, "error_id", error_id, error_id_size, keys);
        char piece[FIELD_SHOWN_MAX + MESSAGE_SHOWN_MAX + 16];
        if (field[0] != '\0' && message[0] != '\0')
            snprintf(piece, sizeof piece, "field '%s': \"%s\"", field, message);
        else if (field[0] != '\0')
            snprintf(piece, sizeof piece, "field '%s'", field);
        else if (message[0] != '\0')
            snprintf(piece, sizeof piece, "\"%s\"", message);
        else
            piece[0] = '\0';
        append_piece(detail, detail_size, &dlen, "; ", piece);
        append_piece(fields, fields_size, &flen, ", ", field);
    }
    json_object_put(root);
    return n > (size_t)0x7fffffff ? 0x7fffffff : (int)n;
}
