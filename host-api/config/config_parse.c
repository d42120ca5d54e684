/* SPDX-License-Identifier: MIT */
/*
 * config_parse.c -- the configuration format: strict JSON text to the
 * key=value vectors the loader and plugins take, with a message naming the
 * JSON path for everything the format does not allow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config_internal.h"

/* Longest key shown whole in a message; a longer one is cut (at a UTF-8
 * character boundary) and ends in "...", so the message keeps its "what to
 * do" within AUTH_MESSAGE_MAX. */
#define SHOWN_KEY_MAX 64

/* Room for a JSON path of at most three shown keys. */
#define JSON_PATH_MAX (3 * (SHOWN_KEY_MAX + 4) + 16)

typedef struct shown_key {
    char text[SHOWN_KEY_MAX + 4];
} shown_key;

static const char *show_key(const char *key, shown_key *buf)
{
    size_t n = strlen(key);
    if (n <= SHOWN_KEY_MAX)
        return key;
    n = SHOWN_KEY_MAX - 3;
    while (n > 0 && ((unsigned char)key[n] & 0xc0) == 0x80)
        n--; /* do not split a multi-byte character */
    memcpy(buf->text, key, n);
    memcpy(buf->text + n, "...", 4);
    return buf->text;
}

/* 1-based line and column of byte `offset` of text. */
static void offset_to_line_col(const char *text, size_t offset, unsigned *line,
                               unsigned *column)
{
    unsigned l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

/* What json-c's strict mode lets through that JSON (RFC 8259) does not,
 * or that no C string can hold, found in one pass before json-c reads the
 * text: a NUL byte anywhere (json-c would take it for the end of the
 * text), a control character or the escape \u0000 inside a string, and a
 * single quote outside one (json-c takes 'key' as a key).  Numbers json-c
 * accepts but JSON does not (NaN, Infinity, "1.") are caught where they are
 * used, in make_pair. */
static int check_text(const char *origin, const char *text, size_t len,
                      auth_result *result)
{
    const char *what = NULL, *fix = NULL;
    int in_string = 0, valid_json = 0;
    size_t i;
    for (i = 0; i < len && what == NULL; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\0') {
            what = "a NUL byte";
            fix = "remove it (a configuration file is text)";
        } else if (!in_string) {
            if (c == '"') {
                in_string = 1;
            } else if (c == '\'') {
                what = "a single quote";
                fix = "JSON strings and keys take double quotes";
            }
        } else if (c == '"') {
            in_string = 0;
        } else if (c < 0x20) {
            what = "a control character inside a string";
            fix = "write it as an escape such as \\n or \\t";
        } else if (c == '\\' && i + 1 < len) {
            if (len - i >= 6 && memcmp(text + i + 1, "u0000", 5) == 0) {
                what = "the escape \\u0000 (a NUL character) inside a string";
                fix = "remove it";
                valid_json = 1;
            } else if (text[i + 1] != '\0') {
                i++; /* the escaped character cannot end the string */
            }
        }
    }
    if (what == NULL)
        return AUTH_OK;
    unsigned line, col;
    offset_to_line_col(text, i - 1, &line, &col);
    return config_fail(result, AUTH_ERR_CONFIG, "config file %s%s: line %u, column %u: %s: %s",
                       origin, valid_json ? "" : " is not valid JSON", line, col, what, fix);
}

/* `text` holds len bytes and a NUL after them. */
static int parse_json(const char *origin, const char *text, size_t len,
                      json_object **out, auth_result *result)
{
    int st = check_text(origin, text, len, result);
    if (st != AUTH_OK)
        return st;
    json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return config_out_of_memory(result);
    /* Strict: no trailing commas, no comments, nothing after the value --
     * what is accepted here must be what every JSON tool accepts (with
     * check_text before and the number checks of make_pair after, for
     * what json-c's strict mode still lets through). */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    unsigned line, col;
    if (end > len)
        end = len;
    if (obj != NULL && jerr == json_tokener_success) {
        /* Only whitespace may follow the value. */
        size_t i = end;
        while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
                           text[i] == '\n'))
            i++;
        if (i == len) {
            *out = obj;
            return AUTH_OK;
        }
        json_object_put(obj);
        offset_to_line_col(text, i, &line, &col);
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s is not valid JSON: line %u, column %u: unexpected data after the top-level object: fix the JSON syntax",
                           origin, line, col);
    }
    json_object_put(obj);
    if (jerr == json_tokener_continue) {
        offset_to_line_col(text, len, &line, &col);
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s is not valid JSON: line %u, column %u: unexpected end of file: fix the JSON syntax",
                           origin, line, col);
    }
    offset_to_line_col(text, end, &line, &col);
    return config_fail(result, AUTH_ERR_CONFIG,
                       "config file %s is not valid JSON: line %u, column %u: %s: fix the JSON syntax",
                       origin, line, col, json_tokener_error_desc(jerr));
}

static const char *type_name(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_double:
    case json_type_int: return "a number";
    case json_type_object: return "an object";
    case json_type_array: return "an array";
    case json_type_string: return "a string";
    }
    return "an unknown type";
}

/* Does `text` follow JSON's number grammar?  json-c keeps the text of a
 * number with a fraction or exponent as written, and also reads NaN,
 * Infinity and "1." as numbers. */
static int is_json_number(const char *text)
{
    const char *p = text;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return 0;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* json-c stores an integer in 64 bits and clamps a bigger one to the limit
 * without a word: a written limit cannot be told from a clamped value, so
 * all three are refused rather than passed on changed. */
static int is_clamped_integer(const char *text)
{
    return strcmp(text, "9223372036854775807") == 0 ||
           strcmp(text, "-9223372036854775808") == 0 ||
           strcmp(text, "18446744073709551615") == 0;
}

/* Does string `v` hold a NUL?  check_text refuses the escape \u0000, the
 * only way to write one, before json-c sees the text; this stays so a
 * later json-c that makes one some other way cannot cut a string short. */
static int has_nul(json_object *v)
{
    return (size_t)json_object_get_string_len(v) != strlen(json_object_get_string(v));
}

/* "KEY=VALUE" for a scalar member at JSON path PREFIX.KEY. */
static int make_pair(const char *origin, const char *prefix, const char *key,
                     json_object *v, char **out, auth_result *result)
{
    size_t klen = strlen(key);
    enum json_type t = json_object_get_type(v);
    shown_key k;
    if (klen == 0 || strchr(key, '=') != NULL)
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.\"%s\": a key must be non-empty and must not contain '=': rename it",
                           origin, prefix, show_key(key, &k));
    if (t != json_type_string && t != json_type_int && t != json_type_double &&
        t != json_type_boolean)
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.%s must be a string, number or boolean, not %s: fix its value",
                           origin, prefix, show_key(key, &k), type_name(v));
    const char *text = json_object_get_string(v);
    if (t == json_type_double && !is_json_number(text))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.%s is not a JSON number (NaN, Infinity and a trailing '.' are not JSON): fix its value",
                           origin, prefix, show_key(key, &k));
    if (t == json_type_int && is_clamped_integer(text))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.%s is an integer at or beyond the 64-bit limits, which json-c cannot hold exactly: write it as a string",
                           origin, prefix, show_key(key, &k));
    if (t == json_type_string && has_nul(v))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.%s contains a NUL character: remove it",
                           origin, prefix, show_key(key, &k));
    size_t vlen = strlen(text);
    *out = malloc(klen + 1 + vlen + 1);
    if (*out == NULL)
        return config_out_of_memory(result);
    memcpy(*out, key, klen);
    (*out)[klen] = '=';
    memcpy(*out + klen + 1, text, vlen + 1);
    return AUTH_OK;
}

/* The scalar members of object `obj` (at `prefix`) as a NULL-terminated
 * vector, skipping `skip` (may be NULL) and leaving `extra` free slots
 * before the terminator for the caller. */
static int object_to_vector(const char *origin, const char *prefix,
                            json_object *obj, const char *skip, size_t extra,
                            char ***out, size_t *out_n, auth_result *result)
{
    size_t n = 0, cap = (size_t)json_object_object_length(obj) + extra + 1;
    char **v = calloc(cap, sizeof *v);
    if (v == NULL)
        return config_out_of_memory(result);
    json_object_object_foreach(obj, key, val) {
        if (skip != NULL && strcmp(key, skip) == 0)
            continue;
        int st = make_pair(origin, prefix, key, val, &v[n], result);
        if (st != AUTH_OK) {
            config_free_vector(v);
            return st;
        }
        n++;
    }
    *out = v;
    *out_n = n;
    return AUTH_OK;
}

static int expect_object(const char *origin, const char *what, json_object *v,
                         auth_result *result)
{
    if (json_object_is_type(v, json_type_object))
        return AUTH_OK;
    return config_fail(result, AUTH_ERR_CONFIG,
                       "config file %s: %s must be an object, not %s: fix its value",
                       origin, what, type_name(v));
}

static int load_providers(const char *origin, json_object *obj,
                          auth_config *cfg, auth_result *result)
{
    int st = expect_object(origin, "providers", obj, result);
    if (st != AUTH_OK)
        return st;
    size_t n = (size_t)json_object_object_length(obj);
    cfg->providers = calloc(n ? n : 1, sizeof *cfg->providers);
    if (cfg->providers == NULL)
        return config_out_of_memory(result);
    json_object_object_foreach(obj, name, val) {
        config_provider *p = &cfg->providers[cfg->provider_count];
        char prefix[JSON_PATH_MAX];
        shown_key k;
        snprintf(prefix, sizeof prefix, "providers.%s", show_key(name, &k));
        st = expect_object(origin, prefix, val, result);
        if (st != AUTH_OK)
            return st;
        p->name = strdup(name);
        if (p->name == NULL)
            return config_out_of_memory(result);
        cfg->provider_count++;
        size_t count;
        st = object_to_vector(origin, prefix, val, NULL, 0, &p->settings, &count,
                              result);
        if (st != AUTH_OK)
            return st;
    }
    return AUTH_OK;
}

static int load_tenant(const char *origin, const char *name, json_object *val,
                       config_tenant *t, auth_result *result)
{
    static const char tenant_key[] = "tenant=";
    char prefix[JSON_PATH_MAX];
    shown_key k;
    snprintf(prefix, sizeof prefix, "tenants.%s", show_key(name, &k));
    int st = expect_object(origin, prefix, val, result);
    if (st != AUTH_OK)
        return st;
    json_object *prov;
    if (!json_object_object_get_ex(val, "provider", &prov))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s has no \"provider\": add the name of the provider plugin to use",
                           origin, prefix);
    if (!json_object_is_type(prov, json_type_string) ||
        json_object_get_string_len(prov) == 0)
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.provider must be a non-empty string, not %s: set it to a provider name",
                           origin, prefix,
                           json_object_is_type(prov, json_type_string) ? "an empty string"
                                                                       : type_name(prov));
    if (has_nul(prov))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.provider contains a NUL character: remove it",
                           origin, prefix);
    if (json_object_object_get_ex(val, "tenant", NULL))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: %s.tenant is reserved (the attribute tenant=%s is added from the tenant's name): remove it",
                           origin, prefix, show_key(name, &k));
    t->provider = strdup(json_object_get_string(prov));
    if (t->provider == NULL)
        return config_out_of_memory(result);
    size_t n = 0, name_len = strlen(name);
    st = object_to_vector(origin, prefix, val, "provider", 1, &t->attributes, &n,
                          result);
    if (st != AUTH_OK)
        return st;
    t->attributes[n] = malloc(sizeof tenant_key + name_len);
    if (t->attributes[n] == NULL)
        return config_out_of_memory(result);
    memcpy(t->attributes[n], tenant_key, sizeof tenant_key - 1);
    memcpy(t->attributes[n] + sizeof tenant_key - 1, name, name_len + 1);
    return AUTH_OK;
}

static int load_tenants(const char *origin, json_object *obj, auth_config *cfg,
                        auth_result *result)
{
    int st = expect_object(origin, "tenants", obj, result);
    if (st != AUTH_OK)
        return st;
    size_t n = (size_t)json_object_object_length(obj);
    cfg->tenants = calloc(n ? n : 1, sizeof *cfg->tenants);
    if (cfg->tenants == NULL)
        return config_out_of_memory(result);
    json_object_object_foreach(obj, name, val) {
        config_tenant *t = &cfg->tenants[cfg->tenant_count];
        t->name = strdup(name);
        if (t->name == NULL)
            return config_out_of_memory(result);
        cfg->tenant_count++;
        st = load_tenant(origin, name, val, t, result);
        if (st != AUTH_OK)
            return st;
    }
    return AUTH_OK;
}

static int load_root(const char *origin, json_object *root, auth_config *cfg,
                     auth_result *result)
{
    if (!json_object_is_type(root, json_type_object))
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s: the top level must be an object, not %s: write one JSON object with plugin_dir, providers and tenants",
                           origin, type_name(root));
    json_object_object_foreach(root, key, val) {
        int st;
        if (strcmp(key, "plugin_dir") == 0) {
            if (!json_object_is_type(val, json_type_string))
                return config_fail(result, AUTH_ERR_CONFIG,
                                   "config file %s: plugin_dir must be a string, not %s: fix its value",
                                   origin, type_name(val));
            if (has_nul(val))
                return config_fail(result, AUTH_ERR_CONFIG,
                                   "config file %s: plugin_dir contains a NUL character: remove it",
                                   origin);
            cfg->plugin_dir = strdup(json_object_get_string(val));
            if (cfg->plugin_dir == NULL)
                return config_out_of_memory(result);
            st = AUTH_OK;
        } else if (strcmp(key, "providers") == 0) {
            st = load_providers(origin, val, cfg, result);
        } else if (strcmp(key, "tenants") == 0) {
            st = load_tenants(origin, val, cfg, result);
        } else {
            shown_key k;
            st = config_fail(result, AUTH_ERR_CONFIG,
                             "config file %s: unknown top-level key \"%s\": use plugin_dir, providers and tenants only",
                             origin, show_key(key, &k));
        }
        if (st != AUTH_OK)
            return st;
    }
    return AUTH_OK;
}

AUTH_LOADER_API int auth_config_parse(const char *text, size_t len,
                                      const char *origin, auth_config **out,
                                      auth_result *result)
{
    if (out == NULL)
        return config_fail(result, AUTH_ERR_INVALID_REQUEST,
                           "auth_config_parse was given no place for the config (out is NULL): pass the address of an auth_config pointer");
    *out = NULL;
    if (text == NULL && len > 0)
        return config_fail(result, AUTH_ERR_INVALID_REQUEST,
                           "auth_config_parse was given %zu bytes at NULL: pass the text", len);
    if (origin == NULL)
        origin = "(text)";
    if (len > AUTH_CONFIG_MAX_BYTES)
        return config_fail(result, AUTH_ERR_CONFIG,
                           "config file %s is larger than %d bytes: check that it is the configuration file",
                           origin, AUTH_CONFIG_MAX_BYTES);
    /* The tokener is given the length, but a NUL after the text keeps any
     * look-ahead of json-c (which the sanitizers do not instrument) inside
     * the buffer, whatever the caller passed. */
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return config_out_of_memory(result);
    if (len > 0)
        memcpy(copy, text, len);
    copy[len] = '\0';
    json_object *root = NULL;
    int st = parse_json(origin, copy, len, &root, result);
    free(copy);
    if (st != AUTH_OK)
        return st;
    auth_config *cfg = calloc(1, sizeof *cfg);
    if (cfg == NULL) {
        json_object_put(root);
        return config_out_of_memory(result);
    }
    st = load_root(origin, root, cfg, result);
    json_object_put(root);
    if (st != AUTH_OK) {
        auth_config_free(cfg);
        return st;
    }
    *out = cfg;
    return AUTH_OK;
}
