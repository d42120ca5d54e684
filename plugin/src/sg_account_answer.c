/* SPDX-License-Identifier: MIT */
/* The success bodies of the account operations.  Untrusted input: parsed
 * by sg_json_parse, every type checked before a value is read, every text
 * checked (IDs and names, which a panel sends back) or cleaned (a state,
 * which it only shows) before it leaves the plugin. */
#include "sg_account_answer.h"

#include <stdint.h>
#include <string.h>

#include "sg_account_input.h"
#include "sg_json.h"
#include "sg_text.h"

/* The parsed body if it is a JSON object, else NULL with `why` set. */
static json_object *object_body(const char *body, size_t len, char *why,
                                size_t why_size)
{
    json_object *root = sg_json_parse(body, len);
    if (root == NULL) {
        sg_fmt(why, why_size, "the body is not a JSON document (%zu bytes)", len);
        return NULL;
    }
    if (!json_object_is_type(root, json_type_object)) {
        sg_fmt(why, why_size, "the body is JSON but not an object");
        json_object_put(root);
        return NULL;
    }
    return root;
}

static int only_dots(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '.')
            return 0;
    return 1;
}

int sg_answer_account_id(const char *body, size_t len, const sg_keys *keys,
                         auth_account *out, char *why, size_t why_size)
{
    json_object *root = object_body(body, len, why, why_size);
    if (root == NULL)
        return -1;
    int rc = -1;
    json_object *v = sg_json_member(root, "account_id", json_type_string);
    const char *id = v ? json_object_get_string(v) : NULL;
    size_t n = v ? (size_t)json_object_get_string_len(v) : 0;
    int printable = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)id[i] <= 0x20 || (unsigned char)id[i] >= 0x7F)
            printable = 0;
    if (v == NULL)
        sg_fmt(why, why_size, "the body has no string account_id");
    else if (n == 0 || n > AUTH_ID_MAX - 1)
        sg_fmt(why, why_size, "its account_id is %zu bytes long, not 1 to %d",
               n, AUTH_ID_MAX - 1);
    else if (!printable)
        sg_fmt(why, why_size, "its account_id holds a byte that is not printable "
               "ASCII or is a space");
    else if (only_dots(id, n))
        sg_fmt(why, why_size, "its account_id is only dots");
    else if (sg_keys_found(keys, id, n))
        sg_fmt(why, why_size, "its account_id holds a part of the partner API key");
    else {
        memcpy(out->account_id, id, n + 1);
        rc = 0;
    }
    json_object_put(root);
    return rc;
}

int sg_answer_state(const char *body, size_t len, const sg_keys *keys,
                    auth_account *out, char *why, size_t why_size)
{
    json_object *root = object_body(body, len, why, why_size);
    if (root == NULL)
        return -1;
    int rc = -1;
    json_object *v = sg_json_member(root, "state", json_type_string);
    if (v == NULL) {
        sg_fmt(why, why_size, "the body has no string state");
    } else if (json_object_get_string_len(v) == 0) {
        sg_fmt(why, why_size, "its state is empty");
    } else {
        sg_clean(out->state, sizeof out->state, json_object_get_string(v),
                 (size_t)json_object_get_string_len(v), keys);
        /* Once more over the cleaned text, as sg_call_finish does for the
         * messages: an escape's last hex digit next to seven bytes of a key
         * that upstream echoed spells eight, which only the cleaned text
         * shows. */
        sg_clean_in_place(out->state, sizeof out->state, keys);
        rc = 0;
    }
    json_object_put(root);
    return rc;
}

/* One offering object into *o; 0, or -1 with `why` naming it (#pos,
 * 1-based). */
static int read_offering(json_object *item, size_t pos, const sg_keys *keys,
                         auth_offering *o, char *why, size_t why_size)
{
    if (!json_object_is_type(item, json_type_object)) {
        sg_fmt(why, why_size, "offering #%zu is not a JSON object", pos);
        return -1;
    }
    json_object *name = sg_json_member(item, "name", json_type_string);
    json_object *type = sg_json_member(item, "type", json_type_string);
    json_object *qty;
    const char *problem;
    if (name == NULL) {
        sg_fmt(why, why_size, "offering #%zu has no string name", pos);
        return -1;
    }
    size_t n = (size_t)json_object_get_string_len(name);
    const char *s = json_object_get_string(name);
    if ((problem = sg_offering_name_problem(s, n)) != NULL) {
        sg_fmt(why, why_size, "offering #%zu: %s", pos, problem);
        return -1;
    }
    if (sg_keys_found(keys, s, n)) {
        sg_fmt(why, why_size, "offering #%zu: its name holds a part of the "
               "partner API key", pos);
        return -1;
    }
    if (type == NULL) {
        sg_fmt(why, why_size, "offering #%zu has no string type", pos);
        return -1;
    }
    size_t t = (size_t)json_object_get_string_len(type);
    const char *ts = json_object_get_string(type);
    if (t == 0 || t > AUTH_OFFERING_TYPE_MAX - 1 ||
        sg_offering_name_problem(ts, t) != NULL || sg_keys_found(keys, ts, t)) {
        sg_fmt(why, why_size, "offering #%zu: its type is not 1 to %d bytes of "
               "printable ASCII", pos, AUTH_OFFERING_TYPE_MAX - 1);
        return -1;
    }
    uint32_t quantity = 1;
    if (json_object_object_get_ex(item, "quantity", &qty)) {
        int is_int = json_object_is_type(qty, json_type_int);
        int64_t q = is_int ? json_object_get_int64(qty) : -1;
        if (q < 0 || q > UINT32_MAX) {
            sg_fmt(why, why_size, "offering #%zu: its quantity is not an integer "
                   "from 0 to %lu", pos, (unsigned long)UINT32_MAX);
            return -1;
        }
        quantity = (uint32_t)q;
    }
    memcpy(o->name, s, n + 1);
    memcpy(o->type, ts, t + 1);
    o->quantity = quantity;
    return 0;
}

/* The list `list` (of offerings, or of catalog entries when `catalog`) into
 * out.  0, or -1 with `why`. */
static int read_list(json_object *list, int catalog, const sg_keys *keys,
                     auth_account *out, char *why, size_t why_size)
{
    size_t total = json_object_array_length(list);
    size_t keep = total < AUTH_OFFERINGS_MAX ? total : AUTH_OFFERINGS_MAX;
    for (size_t i = 0; i < keep; i++) {
        json_object *item = json_object_array_get_idx(list, i);
        if (catalog) {
            json_object *offering = sg_json_member(item, "offering", json_type_object);
            if (offering == NULL) {
                sg_fmt(why, why_size, "catalog entry #%zu has no offering object",
                       i + 1);
                return -1;
            }
            item = offering;
        }
        if (read_offering(item, i + 1, keys, &out->offerings[i], why, why_size) != 0)
            return -1;
    }
    out->offering_count = (uint32_t)keep;
    out->offering_total = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
    return 0;
}

/* On failure the list is emptied again, so nothing half-read is handed on. */
static int read_into(json_object *list, int catalog, const sg_keys *keys,
                     auth_account *out, char *why, size_t why_size)
{
    int rc = read_list(list, catalog, keys, out, why, why_size);
    if (rc != 0) {
        memset(out->offerings, 0, sizeof out->offerings);
        out->offering_count = 0;
        out->offering_total = 0;
    }
    return rc;
}

int sg_answer_offerings(const char *body, size_t len, const sg_keys *keys,
                        auth_account *out, char *why, size_t why_size)
{
    json_object *root = object_body(body, len, why, why_size);
    if (root == NULL)
        return -1;
    json_object *list = sg_json_member(root, "offerings", json_type_array);
    int rc = -1;
    if (list == NULL)
        sg_fmt(why, why_size, "the body has no offerings array");
    else
        rc = read_into(list, 0, keys, out, why, why_size);
    json_object_put(root);
    return rc;
}

int sg_answer_catalog(const char *body, size_t len, const sg_keys *keys,
                      auth_account *out, char *why, size_t why_size)
{
    json_object *root = object_body(body, len, why, why_size);
    if (root == NULL)
        return -1;
    json_object *catalog = sg_json_member(root, "catalog", json_type_array);
    json_object *offerings = sg_json_member(root, "offerings", json_type_array);
    int rc = -1;
    if (catalog != NULL)
        rc = read_into(catalog, 1, keys, out, why, why_size);
    else if (offerings != NULL)
        rc = read_into(offerings, 0, keys, out, why, why_size);
    else
        sg_fmt(why, why_size, "the body has neither a catalog nor an offerings "
               "array");
    json_object_put(root);
    return rc;
}
