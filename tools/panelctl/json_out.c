/* SPDX-License-Identifier: MIT */
/* json_out.c -- panelctl's JSON objects on stdout (see json_out.h). */
#include "json_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "output.h"

/* One object being built; any failure (out of memory) is remembered and
 * reported once, when printing. */
typedef struct builder {
    json_object *o;
    int failed;
} builder;

static void put(builder *b, const char *key, json_object *v)
{
    if (v == NULL) {
        b->failed = 1;
    } else if (json_object_object_add(b->o, key, v) != 0) {
        json_object_put(v);
        b->failed = 1;
    }
}

static void put_null(builder *b, const char *key)
{
    if (json_object_object_add(b->o, key, NULL) != 0)
        b->failed = 1;
}

/* A string as panelctl_clean_text leaves it (valid UTF-8, one line). */
static json_object *text(const char *s)
{
    size_t size = strlen(s) + 1;
    char *clean = malloc(size);
    json_object *v;
    if (clean == NULL)
        return NULL;
    panelctl_clean_text(clean, size, s);
    v = json_object_new_string(clean);
    free(clean);
    return v;
}

static void put_text(builder *b, const char *key, const char *s)
{
    put(b, key, text(s != NULL ? s : ""));
}

/* null for NULL or "": the provider gave none. */
static void put_text_or_null(builder *b, const char *key, const char *s)
{
    if (s == NULL || s[0] == '\0')
        put_null(b, key);
    else
        put_text(b, key, s);
}

static void put_status(builder *b, int status, int exit_code, const char *message)
{
    int known = status >= 0 && status < AUTH_STATUS_COUNT;
    put(b, "ok", json_object_new_boolean(status == AUTH_OK && exit_code == 0));
    put(b, "status", json_object_new_int(known ? status : -1));
    put_text(b, "status_name", auth_status_name(known ? status : -1));
    put(b, "exit_code", json_object_new_int(exit_code));
    put_text_or_null(b, "message", message);
}

/* memset through a volatile pointer, as auth_result_wipe does, so the
 * stores stay. */
static void wipe(const char *p, size_t n)
{
    void *(*volatile erase)(void *, int, size_t) = memset;
    if (p != NULL)
        erase((char *)p, 0, n);
}

/* Serialize, write one line, and wipe the serialized text if it held a
 * secret.  Frees the object. */
static int print_and_free(builder *b, json_object *secret)
{
    size_t len = 0;
    const char *s = NULL;
    int rc = AUTH_ERR_INTERNAL;
    errno = b->failed ? ENOMEM : 0;
    if (!b->failed)
        s = json_object_to_json_string_length(
            b->o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
    if (s != NULL && fwrite(s, 1, len, stdout) == len && fputc('\n', stdout) != EOF &&
        fflush(stdout) != EOF)
        rc = AUTH_OK;
    if (secret != NULL) {
        /* The object's buffer and the string's own copy.  The cast drops a
         * const json-c puts on memory it allocated and frees next. */
        wipe(s, len);
        wipe(json_object_get_string(secret), (size_t)json_object_get_string_len(secret));
    }
    json_object_put(b->o);
    return rc;
}

static json_object *offerings_array(const auth_account *a)
{
    json_object *arr = json_object_new_array();
    if (arr == NULL || a == NULL)
        return arr;
    uint32_t n = a->offering_count < AUTH_OFFERINGS_MAX ? a->offering_count
                                                         : AUTH_OFFERINGS_MAX;
    for (uint32_t i = 0; i < n; i++) {
        builder item = {json_object_new_object(), 0};
        if (item.o == NULL) {
            json_object_put(arr);
            return NULL;
        }
        put_text(&item, "name", a->offerings[i].name);
        put_text(&item, "type", a->offerings[i].type);
        put(&item, "quantity", json_object_new_int64(a->offerings[i].quantity));
        if (item.failed || json_object_array_add(arr, item.o) != 0) {
            json_object_put(item.o);
            json_object_put(arr);
            return NULL;
        }
    }
    return arr;
}

int panelctl_json_print(int status, int exit_code, const char *message,
                        const panelctl_answer *answer)
{
    static const panelctl_answer none = {NULL, NULL, NULL};
    const panelctl_answer *a = answer != NULL ? answer : &none;
    const auth_result *r = a->result;
    const auth_account *acct = a->account;
    builder b = {json_object_new_object(), 0};
    json_object *url = NULL;
    if (b.o == NULL)
        return AUTH_ERR_INTERNAL;
    put_status(&b, status, exit_code, message);
    if (a->redirect_url != NULL) {
        /* Checked printable ASCII before it got here: no cleaning copy. */
        url = json_object_new_string(a->redirect_url);
        if (url != NULL && json_object_object_add(b.o, "redirect_url", url) != 0) {
            wipe(json_object_get_string(url), (size_t)json_object_get_string_len(url));
            json_object_put(url);
            url = NULL;
        }
        if (url == NULL)
            b.failed = 1;
    } else {
        put_null(&b, "redirect_url");
    }
    if (r != NULL && r->expires_at_ms > 0)
        put(&b, "expires_at_ms", json_object_new_int64(r->expires_at_ms));
    else
        put_null(&b, "expires_at_ms");
    put(&b, "retry_after_s", json_object_new_int64(r != NULL ? r->retry_after_s : 0));
    put_text(&b, "user_message", r != NULL ? r->user_message : "");
    put_text(&b, "log_message", r != NULL ? r->log_message : "");
    put_text_or_null(&b, "error_id", r != NULL ? r->error_id : NULL);
    put_text_or_null(&b, "region", r != NULL ? r->region : NULL);
    if (r != NULL && r->http_status != 0)
        put(&b, "http_status", json_object_new_int(r->http_status));
    else
        put_null(&b, "http_status");
    put_text_or_null(&b, "account_id", acct != NULL ? acct->account_id : NULL);
    put_text_or_null(&b, "state", acct != NULL ? acct->state : NULL);
    put(&b, "offerings", offerings_array(acct));
    return print_and_free(&b, url);
}

/* Does the plugin list `name` among its capabilities? */
static int lists_capability(const auth_provider_info *info, const char *name)
{
    if (info == NULL || !AUTH_STRUCT_HAS(info, auth_provider_info, capabilities) ||
        info->capabilities == NULL)
        return 0;
    for (const char *const *c = info->capabilities; *c != NULL; c++)
        if (strcmp(*c, name) == 0)
            return 1;
    return 0;
}

static void add_capability(builder *b, json_object *caps, const char *name)
{
    json_object *v = json_object_new_string(name);
    if (v == NULL || json_object_array_add(caps, v) != 0) {
        json_object_put(v);
        b->failed = 1;
    }
}

static json_object *loaded_entry(const auth_loader *l, const auth_loader_entry *e)
{
    builder item = {json_object_new_object(), 0};
    json_object *caps = json_object_new_array();
    char abi[16];
    if (item.o == NULL || caps == NULL) {
        json_object_put(item.o);
        json_object_put(caps);
        return NULL;
    }
    put_text(&item, "name", e->name);
    if (e->info != NULL && AUTH_STRUCT_HAS(e->info, auth_provider_info, version) &&
        e->info->version != NULL)
        put_text(&item, "version", e->info->version);
    else
        put_null(&item, "version");
    snprintf(abi, sizeof abi, "%u.%u", AUTH_PROVIDER_VERSION_MAJOR(e->abi_version),
             AUTH_PROVIDER_VERSION_MINOR(e->abi_version));
    put_text(&item, "abi", abi);
    put_text(&item, "file", e->file);
    add_capability(&item, caps, "login");
    if (lists_capability(e->info, "check"))
        add_capability(&item, caps, "check");
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++)
        if (auth_loader_supports(l, e->name, op))
            add_capability(&item, caps, auth_account_op_name(op));
    put(&item, "capabilities", caps);
    if (item.failed) {
        json_object_put(item.o);
        return NULL;
    }
    return item.o;
}

static json_object *failed_entry(const char *file, const char *reason)
{
    builder item = {json_object_new_object(), 0};
    if (item.o == NULL)
        return NULL;
    put_text_or_null(&item, "file", file);
    put_text(&item, "reason", reason != NULL ? reason : "unknown reason");
    if (item.failed) {
        json_object_put(item.o);
        return NULL;
    }
    return item.o;
}

int panelctl_json_print_plugins(const auth_loader *l)
{
    builder b = {json_object_new_object(), 0};
    json_object *loaded = json_object_new_array(), *failed = json_object_new_array();
    if (b.o == NULL || loaded == NULL || failed == NULL) {
        json_object_put(b.o);
        json_object_put(loaded);
        json_object_put(failed);
        return AUTH_ERR_INTERNAL;
    }
    put_status(&b, AUTH_OK, 0, NULL);
    for (size_t i = 0; i < auth_loader_count(l); i++) {
        auth_loader_entry e;
        if (auth_loader_get(l, i, &e) != AUTH_OK)
            continue;
        json_object *item = loaded_entry(l, &e);
        if (item == NULL || json_object_array_add(loaded, item) != 0) {
            json_object_put(item);
            b.failed = 1;
        }
    }
    for (size_t i = 0; i < auth_loader_failure_count(l); i++) {
        const char *file = NULL, *reason = NULL;
        if (auth_loader_failure(l, i, &file, &reason) != AUTH_OK)
            continue;
        json_object *item = failed_entry(file, reason);
        if (item == NULL || json_object_array_add(failed, item) != 0) {
            json_object_put(item);
            b.failed = 1;
        }
    }
    put(&b, "loaded", loaded);
    put(&b, "failed", failed);
    return print_and_free(&b, NULL);
}

int panelctl_json_print_version(const char *version)
{
    builder b = {json_object_new_object(), 0};
    char abi[16];
    if (b.o == NULL)
        return AUTH_ERR_INTERNAL;
    put_status(&b, AUTH_OK, 0, NULL);
    put_text(&b, "version", version);
    snprintf(abi, sizeof abi, "%d.%d", AUTH_PROVIDER_ABI_MAJOR, AUTH_PROVIDER_ABI_MINOR);
    put_text(&b, "abi", abi);
    return print_and_free(&b, NULL);
}
