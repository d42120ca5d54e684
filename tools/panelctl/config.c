/* config.c -- JSON configuration file to settings/attribute vectors. */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <panelsso/auth_provider.h>

/* A config file is a few kilobytes; anything this big is a wrong path. */
#define CONFIG_MAX_BYTES (1024 * 1024)

static int fail(char *err, size_t err_size, int status, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(4, 5);

static int fail(char *err, size_t err_size, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return status;
}

#define OOM(err, n) \
    fail(err, n, AUTH_ERR_INTERNAL, "out of memory reading the configuration: free some memory and retry")

void panelctl_offset_to_line_col(const char *text, size_t offset,
                                 unsigned *line, unsigned *column)
{
    unsigned l = 1, c = 1;
    size_t i;
    for (i = 0; i < offset && text[i] != '\0'; i++) {
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

/* Read the whole file into a NUL-terminated buffer the caller frees. */
static int read_file(const char *path, char **out, size_t *out_len, char *err,
                     size_t err_size)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (f == NULL)
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "cannot open config file %s: %s: check the path given with -c",
                    path, strerror(errno));
    for (;;) {
        size_t n;
        if (cap - len < 4096) {
            char *grown;
            if (cap >= CONFIG_MAX_BYTES) {
                free(buf);
                fclose(f);
                return fail(err, err_size, AUTH_ERR_CONFIG,
                            "config file %s is larger than %d bytes: check the path given with -c",
                            path, CONFIG_MAX_BYTES);
            }
            cap = cap ? cap * 2 : 8192;
            grown = realloc(buf, cap + 1);
            if (grown == NULL) {
                free(buf);
                fclose(f);
                return OOM(err, err_size);
            }
            buf = grown;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "cannot read config file %s: %s: check the file and its permissions",
                    path, strerror(e));
    }
    fclose(f);
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return AUTH_OK;
}

static int parse_json(const char *path, const char *text, size_t len,
                      json_object **out, char *err, size_t err_size)
{
    json_tokener *tok = json_tokener_new();
    json_object *obj;
    enum json_tokener_error jerr;
    size_t end;
    unsigned line, col;
    if (tok == NULL)
        return OOM(err, err_size);
    /* Strict: no single quotes, no trailing commas, nothing after the
     * value -- what is accepted here must be what every JSON tool accepts. */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    obj = json_tokener_parse_ex(tok, text, (int)len);
    jerr = json_tokener_get_error(tok);
    end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (obj != NULL && jerr == json_tokener_success) {
        /* Only whitespace may follow the value. */
        size_t i = end;
        while (i < len && strchr(" \t\r\n", text[i]) != NULL)
            i++;
        if (i == len) {
            *out = obj;
            return AUTH_OK;
        }
        json_object_put(obj);
        panelctl_offset_to_line_col(text, i, &line, &col);
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s is not valid JSON: line %u, column %u: unexpected data after the top-level object: fix the JSON syntax",
                    path, line, col);
    }
    json_object_put(obj);
    if (jerr == json_tokener_continue) {
        panelctl_offset_to_line_col(text, len, &line, &col);
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s is not valid JSON: line %u, column %u: unexpected end of file: fix the JSON syntax",
                    path, line, col);
    }
    panelctl_offset_to_line_col(text, end, &line, &col);
    return fail(err, err_size, AUTH_ERR_CONFIG,
                "config file %s is not valid JSON: line %u, column %u: %s: fix the JSON syntax",
                path, line, col, json_tokener_error_desc(jerr));
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

/* "KEY=VALUE" for a scalar member at path PREFIX.KEY. */
static int make_pair(const char *path, const char *prefix, const char *key,
                     json_object *v, char **out, char *err, size_t err_size)
{
    const char *text;
    size_t klen = strlen(key), vlen;
    enum json_type t = json_object_get_type(v);
    if (klen == 0 || strchr(key, '=') != NULL)
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s: %s.\"%s\": a key must be non-empty and must not contain '=': rename it",
                    path, prefix, key);
    if (t != json_type_string && t != json_type_int && t != json_type_double &&
        t != json_type_boolean)
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s: %s.%s must be a string, number or boolean, not %s: fix its value",
                    path, prefix, key, type_name(v));
    text = json_object_get_string(v);
    vlen = strlen(text);
    if (t == json_type_string && (size_t)json_object_get_string_len(v) != vlen)
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s: %s.%s contains a NUL character: remove it",
                    path, prefix, key);
    *out = malloc(klen + 1 + vlen + 1);
    if (*out == NULL)
        return OOM(err, err_size);
    memcpy(*out, key, klen);
    (*out)[klen] = '=';
    memcpy(*out + klen + 1, text, vlen + 1);
    return AUTH_OK;
}

static void free_vector(char **v)
{
    size_t i;
    if (v == NULL)
        return;
    for (i = 0; v[i] != NULL; i++)
        free(v[i]);
    free(v);
}

/* The scalar members of object `obj` (at `prefix`) as a NULL-terminated
 * vector, skipping `skip` (may be NULL) and leaving `extra` free slots
 * before the terminator for the caller. */
static int object_to_vector(const char *path, const char *prefix,
                            json_object *obj, const char *skip, size_t extra,
                            char ***out, size_t *out_n, char *err,
                            size_t err_size)
{
    size_t n = 0, cap = (size_t)json_object_object_length(obj) + extra + 1;
    char **v = calloc(cap, sizeof *v);
    if (v == NULL)
        return OOM(err, err_size);
    json_object_object_foreach(obj, key, val) {
        int st;
        if (skip != NULL && strcmp(key, skip) == 0)
            continue;
        st = make_pair(path, prefix, key, val, &v[n], err, err_size);
        if (st != AUTH_OK) {
            free_vector(v);
            return st;
        }
        n++;
    }
    *out = v;
    *out_n = n;
    return AUTH_OK;
}

static int expect_object(const char *path, const char *what, json_object *v,
                         char *err, size_t err_size)
{
    if (json_object_is_type(v, json_type_object))
        return AUTH_OK;
    return fail(err, err_size, AUTH_ERR_CONFIG,
                "config file %s: %s must be an object, not %s: fix its value",
                path, what, type_name(v));
}

static int load_providers(const char *path, json_object *obj,
                          panelctl_config *cfg, char *err, size_t err_size)
{
    size_t n = 0;
    int st = expect_object(path, "providers", obj, err, err_size);
    if (st != AUTH_OK)
        return st;
    n = (size_t)json_object_object_length(obj);
    cfg->providers = calloc(n ? n : 1, sizeof *cfg->providers);
    if (cfg->providers == NULL)
        return OOM(err, err_size);
    json_object_object_foreach(obj, name, val) {
        panelctl_provider *p = &cfg->providers[cfg->provider_count];
        char prefix[512];
        size_t count;
        snprintf(prefix, sizeof prefix, "providers.%s", name);
        st = expect_object(path, prefix, val, err, err_size);
        if (st != AUTH_OK)
            return st;
        p->name = strdup(name);
        if (p->name == NULL)
            return OOM(err, err_size);
        cfg->provider_count++;
        st = object_to_vector(path, prefix, val, NULL, 0, &p->settings, &count,
                              err, err_size);
        if (st != AUTH_OK)
            return st;
    }
    return AUTH_OK;
}

static int load_tenant(const char *path, const char *name, json_object *val,
                       panelctl_tenant *t, char *err, size_t err_size)
{
    char prefix[512];
    json_object *prov;
    size_t n = 0;
    int st;
    snprintf(prefix, sizeof prefix, "tenants.%s", name);
    st = expect_object(path, prefix, val, err, err_size);
    if (st != AUTH_OK)
        return st;
    if (!json_object_object_get_ex(val, "provider", &prov))
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s: %s has no \"provider\": add the name of the provider plugin to use",
                    path, prefix);
    if (!json_object_is_type(prov, json_type_string) ||
        json_object_get_string_len(prov) == 0)
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s: %s.provider must be a non-empty string, not %s: set it to a provider name",
                    path, prefix, type_name(prov));
    if (json_object_object_get_ex(val, "tenant", NULL))
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s: %s.tenant is reserved (panelctl sets tenant=%s itself): remove it",
                    path, prefix, name);
    t->provider = strdup(json_object_get_string(prov));
    if (t->provider == NULL)
        return OOM(err, err_size);
    st = object_to_vector(path, prefix, val, "provider", 1, &t->attributes, &n,
                          err, err_size);
    if (st != AUTH_OK)
        return st;
    t->attributes[n] = malloc(strlen("tenant=") + strlen(name) + 1);
    if (t->attributes[n] == NULL)
        return OOM(err, err_size);
    strcpy(t->attributes[n], "tenant=");
    strcat(t->attributes[n], name);
    return AUTH_OK;
}

static int load_tenants(const char *path, json_object *obj,
                        panelctl_config *cfg, char *err, size_t err_size)
{
    size_t n;
    int st = expect_object(path, "tenants", obj, err, err_size);
    if (st != AUTH_OK)
        return st;
    n = (size_t)json_object_object_length(obj);
    cfg->tenants = calloc(n ? n : 1, sizeof *cfg->tenants);
    if (cfg->tenants == NULL)
        return OOM(err, err_size);
    json_object_object_foreach(obj, name, val) {
        panelctl_tenant *t = &cfg->tenants[cfg->tenant_count];
        t->name = strdup(name);
        if (t->name == NULL)
            return OOM(err, err_size);
        cfg->tenant_count++;
        st = load_tenant(path, name, val, t, err, err_size);
        if (st != AUTH_OK)
            return st;
    }
    return AUTH_OK;
}

static int load_root(const char *path, json_object *root, panelctl_config *cfg,
                     char *err, size_t err_size)
{
    int st;
    if (!json_object_is_type(root, json_type_object))
        return fail(err, err_size, AUTH_ERR_CONFIG,
                    "config file %s: the top level must be an object, not %s: see panelctl(1) for the format",
                    path, type_name(root));
    json_object_object_foreach(root, key, val) {
        if (strcmp(key, "plugin_dir") == 0) {
            if (!json_object_is_type(val, json_type_string))
                return fail(err, err_size, AUTH_ERR_CONFIG,
                            "config file %s: plugin_dir must be a string, not %s: fix its value",
                            path, type_name(val));
            cfg->plugin_dir = strdup(json_object_get_string(val));
            if (cfg->plugin_dir == NULL)
                return OOM(err, err_size);
            st = AUTH_OK;
        } else if (strcmp(key, "providers") == 0) {
            st = load_providers(path, val, cfg, err, err_size);
        } else if (strcmp(key, "tenants") == 0) {
            st = load_tenants(path, val, cfg, err, err_size);
        } else {
            st = fail(err, err_size, AUTH_ERR_CONFIG,
                      "config file %s: unknown top-level key \"%s\": use plugin_dir, providers and tenants only",
                      path, key);
        }
        if (st != AUTH_OK)
            return st;
    }
    return AUTH_OK;
}

int panelctl_config_load(const char *path, panelctl_config *cfg, char *err,
                         size_t err_size)
{
    char *text = NULL;
    size_t len = 0;
    json_object *root = NULL;
    int st;
    memset(cfg, 0, sizeof *cfg);
    st = read_file(path, &text, &len, err, err_size);
    if (st != AUTH_OK)
        return st;
    st = parse_json(path, text, len, &root, err, err_size);
    free(text);
    if (st != AUTH_OK)
        return st;
    st = load_root(path, root, cfg, err, err_size);
    json_object_put(root);
    if (st != AUTH_OK)
        panelctl_config_free(cfg);
    return st;
}

void panelctl_config_free(panelctl_config *cfg)
{
    size_t i;
    for (i = 0; i < cfg->provider_count; i++) {
        free(cfg->providers[i].name);
        free_vector(cfg->providers[i].settings);
    }
    for (i = 0; i < cfg->tenant_count; i++) {
        free(cfg->tenants[i].name);
        free(cfg->tenants[i].provider);
        free_vector(cfg->tenants[i].attributes);
    }
    free(cfg->providers);
    free(cfg->tenants);
    free(cfg->plugin_dir);
    memset(cfg, 0, sizeof *cfg);
}

const panelctl_provider *panelctl_config_provider(const panelctl_config *cfg,
                                                  const char *name)
{
    size_t i;
    for (i = 0; i < cfg->provider_count; i++)
        if (strcmp(cfg->providers[i].name, name) == 0)
            return &cfg->providers[i];
    return NULL;
}

const panelctl_tenant *panelctl_config_tenant(const panelctl_config *cfg,
                                              const char *name)
{
    size_t i;
    for (i = 0; i < cfg->tenant_count; i++)
        if (strcmp(cfg->tenants[i].name, name) == 0)
            return &cfg->tenants[i];
    return NULL;
}

void panelctl_config_tenant_names(const panelctl_config *cfg, char *buf,
                                  size_t size)
{
    size_t i, used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (cfg->tenant_count == 0) {
        snprintf(buf, size, "(none)");
        return;
    }
    for (i = 0; i < cfg->tenant_count && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         cfg->tenants[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
