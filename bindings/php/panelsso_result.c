/* SPDX-License-Identifier: MIT */
/*
 * panelsso_result.c -- final class PanelSso\Result (see panelsso_result.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "php.h"
#include "zend_exceptions.h"

#include "php_panelsso.h"
#include "panelsso_result.h"

#include <panelsso/auth_loader.h>

zend_class_entry *panelsso_result_ce;
static zend_object_handlers result_handlers;

/* The properties, in the stub's order; their slots are found by name when
 * the class is registered, so the stub stays the one place they are
 * declared. */
enum {
    FIELD_OK, FIELD_STATUS, FIELD_STATUS_NAME, FIELD_REDIRECT_URL, FIELD_EXPIRES_AT, FIELD_RETRY_AFTER,
    FIELD_USER_MESSAGE, FIELD_LOG_MESSAGE, FIELD_ERROR_ID, FIELD_REGION, FIELD_HTTP_STATUS,
    FIELD_ACCOUNT_ID, FIELD_STATE, FIELD_OFFERINGS, FIELD_COUNT
};
static const char *const field_names[FIELD_COUNT] = {
    "ok", "status", "statusName", "redirectUrl", "expiresAt", "retryAfter",
    "userMessage", "logMessage", "errorId", "region", "httpStatus",
    "accountId", "state", "offerings"};
static uint32_t field_offset[FIELD_COUNT];

#define REDACTED "?<redacted>"

typedef struct panelsso_result_obj {
    zend_string *url;  /* the one-time URL itself, or NULL */
    zend_object std;
} panelsso_result_obj;

static inline panelsso_result_obj *result_from(zend_object *obj)
{
    return (panelsso_result_obj *)((char *)obj - XtOffsetOf(panelsso_result_obj, std));
}

static inline zval *slot(zend_object *obj, int field)
{
    return OBJ_PROP(obj, field_offset[field]);
}

static inline int is_redirect_url(const zend_string *name)
{
    return zend_string_equals_literal(name, "redirectUrl");
}

static zend_object *result_create(zend_class_entry *ce)
{
    panelsso_result_obj *r = zend_object_alloc(sizeof(panelsso_result_obj), ce);
    r->url = NULL;
    zend_object_std_init(&r->std, ce);
    object_properties_init(&r->std, ce);
    r->std.handlers = &result_handlers;
    return &r->std;
}

static void result_free(zend_object *obj)
{
    panelsso_result_obj *r = result_from(obj);
    if (r->url != NULL) {
        /* Only copies are ever handed out, so this is the last one. */
        ZEND_SECURE_ZERO(ZSTR_VAL(r->url), ZSTR_LEN(r->url));
        zend_string_release_ex(r->url, 0);
        r->url = NULL;
    }
    zend_object_std_dtor(obj);
}

static zend_object *result_clone(zend_object *old)
{
    zend_object *obj = result_create(old->ce);
    zend_objects_clone_members(obj, old);
    if (result_from(old)->url != NULL)
        result_from(obj)->url = zend_string_init(ZSTR_VAL(result_from(old)->url),
                                                 ZSTR_LEN(result_from(old)->url), 0);
    return obj;
}

static zend_function *result_get_constructor(zend_object *obj)
{
    (void)obj;
    zend_throw_error(NULL, "Cannot directly construct PanelSso\\Result, "
                           "use PanelSso\\login() or another PanelSso function instead");
    return NULL;
}

/* $result->redirectUrl reads the URL itself.  The engine caches where a
 * property lives per opcode and then reads the slot without asking this
 * handler; redirectUrl is never handed to the default handler with a cache
 * slot, so that cache never learns it and every read comes here. */
static zval *result_read_property(zend_object *obj, zend_string *name, int type,
                                  void **cache_slot, zval *rv)
{
    if (!is_redirect_url(name))
        return zend_std_read_property(obj, name, type, cache_slot, rv);
    panelsso_result_obj *r = result_from(obj);
    if ((type == BP_VAR_R || type == BP_VAR_IS) && r->url != NULL) {
        /* A copy: the caller may keep it, ours is wiped with the object. */
        ZVAL_STR(rv, zend_string_init(ZSTR_VAL(r->url), ZSTR_LEN(r->url), 0));
        return rv;
    }
    /* null, or a write through a read (refused: the property is readonly) */
    return zend_std_read_property(obj, name, type, NULL, rv);
}

/* No direct pointer to redirectUrl's slot (which holds the masked form):
 * the engine then goes through read_property and write_property. */
static zval *result_get_property_ptr_ptr(zend_object *obj, zend_string *name, int type,
                                         void **cache_slot)
{
    if (is_redirect_url(name))
        return NULL;
    return zend_std_get_property_ptr_ptr(obj, name, type, cache_slot);
}

/* The properties as an array, in declaration order: what __debugInfo and
 * jsonSerialize answer (redirectUrl in its masked form). */
static void properties_array(zend_object *obj, zval *out)
{
    array_init_size(out, FIELD_COUNT);
    for (int f = 0; f < FIELD_COUNT; f++) {
        zval *v = slot(obj, f);
        if (Z_TYPE_P(v) == IS_UNDEF)
            continue;
        Z_TRY_ADDREF_P(v);
        add_assoc_zval_ex(out, field_names[f], strlen(field_names[f]), v);
    }
}

ZEND_METHOD(PanelSso_Result, __debugInfo)
{
    ZEND_PARSE_PARAMETERS_NONE();
    properties_array(Z_OBJ_P(ZEND_THIS), return_value);
}

ZEND_METHOD(PanelSso_Result, jsonSerialize)
{
    ZEND_PARSE_PARAMETERS_NONE();
    properties_array(Z_OBJ_P(ZEND_THIS), return_value);
}

void panelsso_result_register(zend_class_entry *ce)
{
    panelsso_result_ce = ce;
    ce->create_object = result_create;
    memcpy(&result_handlers, &std_object_handlers, sizeof result_handlers);
    result_handlers.offset = XtOffsetOf(panelsso_result_obj, std);
    result_handlers.free_obj = result_free;
    result_handlers.clone_obj = result_clone;
    result_handlers.get_constructor = result_get_constructor;
    result_handlers.read_property = result_read_property;
    result_handlers.get_property_ptr_ptr = result_get_property_ptr_ptr;
    for (int f = 0; f < FIELD_COUNT; f++) {
        zend_property_info *info =
            zend_hash_str_find_ptr(&ce->properties_info, field_names[f], strlen(field_names[f]));
        /* The stub declares every one of them; a build where it does not is
         * a broken build, not a condition to handle. */
        ZEND_ASSERT(info != NULL);
        field_offset[f] = info->offset;
    }
}

/* The URL as dumps show it: scheme, host and path, never the query or the
 * fragment, where the one-time code lives. */
static zend_string *masked_url(const char *url, size_t len)
{
    size_t keep = 0;
    while (keep < len && url[keep] != '?' && url[keep] != '#')
        keep++;
    return zend_string_concat2(url, keep, REDACTED, sizeof REDACTED - 1);
}

static void set_text(zend_object *obj, int field, const char *text, size_t size)
{
    ZVAL_STRINGL(slot(obj, field), text, strnlen(text, size));
}

static void set_optional_text(zend_object *obj, int field, const char *text, size_t size)
{
    if (text[0] == '\0')
        ZVAL_NULL(slot(obj, field));
    else
        set_text(obj, field, text, size);
}

static void set_offerings(zend_object *obj, const auth_account *account)
{
    zval *list = slot(obj, FIELD_OFFERINGS);
    uint32_t n = account != NULL ? account->offering_count : 0;
    if (n > AUTH_OFFERINGS_MAX)
        n = AUTH_OFFERINGS_MAX;
    array_init_size(list, n);
    for (uint32_t i = 0; i < n; i++) {
        const auth_offering *o = &account->offerings[i];
        zval entry;
        array_init_size(&entry, 3);
        add_assoc_stringl(&entry, "name", o->name, strnlen(o->name, sizeof o->name));
        add_assoc_stringl(&entry, "type", o->type, strnlen(o->type, sizeof o->type));
        add_assoc_long(&entry, "quantity", (zend_long)o->quantity);
        add_next_index_zval(list, &entry);
    }
}

void panelsso_result_make(zval *out, const auth_result *r, const auth_account *account,
                          int is_login)
{
    int known = r->status >= 0 && r->status < AUTH_STATUS_COUNT;
    int status = known ? r->status : PANELSSO_STATUS_UNKNOWN;
    zend_object *obj;

    object_init_ex(out, panelsso_result_ce);
    obj = Z_OBJ_P(out);
    ZVAL_BOOL(slot(obj, FIELD_OK), status == AUTH_OK);
    ZVAL_LONG(slot(obj, FIELD_STATUS), status);
    ZVAL_STRING(slot(obj, FIELD_STATUS_NAME), auth_status_name(status));
    ZVAL_NULL(slot(obj, FIELD_REDIRECT_URL));
    if (is_login && status == AUTH_OK && r->redirect_url[0] != '\0') {
        size_t len = strnlen(r->redirect_url, sizeof r->redirect_url);
        result_from(obj)->url = zend_string_init(r->redirect_url, len, 0);
        ZVAL_STR(slot(obj, FIELD_REDIRECT_URL), masked_url(r->redirect_url, len));
    }
    if (r->expires_at_ms > 0)
        ZVAL_LONG(slot(obj, FIELD_EXPIRES_AT), (zend_long)r->expires_at_ms);
    else
        ZVAL_NULL(slot(obj, FIELD_EXPIRES_AT));
    ZVAL_LONG(slot(obj, FIELD_RETRY_AFTER), (zend_long)r->retry_after_s);
    /* userMessage is for the customer: the provider's sentence, or the
     * loader's for its status (which names no status, code or setting). */
    if (r->user_message[0] != '\0')
        set_text(obj, FIELD_USER_MESSAGE, r->user_message, sizeof r->user_message);
    else
        ZVAL_STRING(slot(obj, FIELD_USER_MESSAGE), auth_loader_status_user_text(status));
    if (known) {
        set_text(obj, FIELD_LOG_MESSAGE, r->log_message, sizeof r->log_message);
    } else {
        ZVAL_STR(slot(obj, FIELD_LOG_MESSAGE),
                 zend_strpprintf(0, "the provider answered status %d, which this panelsso "
                                    "extension does not know: taken as a failure (upgrade "
                                    "the extension); the provider said: %.*s",
                                 r->status, (int)strnlen(r->log_message, sizeof r->log_message),
                                 r->log_message));
    }
    set_text(obj, FIELD_ERROR_ID, r->error_id, sizeof r->error_id);
    set_text(obj, FIELD_REGION, r->region, sizeof r->region);
    ZVAL_LONG(slot(obj, FIELD_HTTP_STATUS), r->http_status);
    if (account != NULL) {
        set_optional_text(obj, FIELD_ACCOUNT_ID, account->account_id, sizeof account->account_id);
        set_optional_text(obj, FIELD_STATE, account->state, sizeof account->state);
    } else {
        ZVAL_NULL(slot(obj, FIELD_ACCOUNT_ID));
        ZVAL_NULL(slot(obj, FIELD_STATE));
    }
    set_offerings(obj, account);
}
