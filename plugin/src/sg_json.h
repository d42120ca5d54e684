/* SPDX-License-Identifier: MIT */
/* Reading JSON that came from the network: one strict, bounded parser for
 * every body the plugin looks into (error bodies and account answers). */
#ifndef SG_JSON_H
#define SG_JSON_H

#include <stddef.h>
#include <json-c/json.h>

/* How deep a body may nest.  The deepest answer SendGrid documents is the
 * catalog's: object, array, entry, offering. */
#define SG_JSON_DEPTH_MAX 8

/* Parses body[0..len) (len <= SG_BODY_MAX) as one strict JSON document
 * (RFC 8259 as json-c's strict mode has it, nesting at most
 * SG_JSON_DEPTH_MAX, nothing but white space after it).  Returns the
 * document for json_object_put, or NULL if the body is none of that. */
json_object *sg_json_parse(const char *body, size_t len);

/* The member `name` of `obj` if it is of `type`, else NULL. */
json_object *sg_json_member(json_object *obj, const char *name, json_type type);

#endif
