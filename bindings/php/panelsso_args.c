/* SPDX-License-Identifier: MIT */
/*
 * panelsso_args.c -- PHP arrays turned into the C API's vectors and
 * offering lists (see panelsso_args.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "php.h"
#include "zend_exceptions.h"

#include "panelsso_args.h"

/* Enough of a key to recognise it in a message. */
#define SHOWN_KEY_MAX 64

/* The key as a message shows it: quoted, printable ASCII only, cut short. */
static void show_key(const zend_string *key, zend_ulong index, char *buf, size_t size)
{
    size_t n = 0;
    if (key == NULL) {
        snprintf(buf, size, ZEND_LONG_FMT, (zend_long)index);
        return;
    }
    buf[n++] = '"';
    for (size_t i = 0; i < ZSTR_LEN(key) && n + 5 < size; i++) {
        unsigned char c = (unsigned char)ZSTR_VAL(key)[i];
        if (i == SHOWN_KEY_MAX) {
            memcpy(buf + n, "...", 3);
            n += 3;
            break;
        }
        buf[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    buf[n++] = '"';
    buf[n] = '\0';
}

static int has_nul(const char *s, size_t len) { return memchr(s, '\0', len) != NULL; }

/* Check one key; throws and returns FAILURE when it cannot be sent. */
static zend_result check_key(const zend_string *key, zend_ulong index, uint32_t arg_num)
{
    char shown[SHOWN_KEY_MAX + 8];
    if (key == NULL)
        return SUCCESS;  /* digits only: never empty, never '=' or NUL */
    show_key(key, index, shown, sizeof shown);
    if (ZSTR_LEN(key) == 0) {
        zend_argument_value_error(arg_num, "must not contain an empty key");
        return FAILURE;
    }
    if (has_nul(ZSTR_VAL(key), ZSTR_LEN(key))) {
        zend_argument_value_error(arg_num, "keys must not contain any null bytes, %s given",
                                  shown);
        return FAILURE;
    }
    if (memchr(ZSTR_VAL(key), '=', ZSTR_LEN(key)) != NULL) {
        zend_argument_value_error(arg_num, "keys must not contain \"=\", %s given", shown);
        return FAILURE;
    }
    return SUCCESS;
}

zend_result panelsso_kv_from_array(HashTable *ht, uint32_t arg_num, panelsso_kv *out)
{
    zend_string *key;
    zend_ulong index;
    zval *val;
    size_t n = 0, total = zend_hash_num_elements(ht);
    char shown[SHOWN_KEY_MAX + 8];

    out->items = NULL;
    out->count = 0;
    if (total == 0)
        return SUCCESS;
    out->items = safe_emalloc(total + 1, sizeof(char *), 0);
    out->items[0] = NULL;
    ZEND_HASH_FOREACH_KEY_VAL(ht, index, key, val) {
        char digits[24];
        const char *k;
        size_t klen;
        ZVAL_DEREF(val);
        if (check_key(key, index, arg_num) != SUCCESS)
            goto fail;
        if (Z_TYPE_P(val) != IS_STRING) {
            show_key(key, index, shown, sizeof shown);
            zend_argument_type_error(arg_num, "must contain only string values, %s given for key %s",
                                     zend_zval_type_name(val), shown);
            goto fail;
        }
        if (has_nul(Z_STRVAL_P(val), Z_STRLEN_P(val))) {
            show_key(key, index, shown, sizeof shown);
            zend_argument_value_error(arg_num, "values must not contain any null bytes (key %s)",
                                      shown);
            goto fail;
        }
        if (key != NULL) {
            k = ZSTR_VAL(key);
            klen = ZSTR_LEN(key);
        } else {
            /* Integer keys are signed: [-5 => 'x'] sends "-5=x". */
            klen = (size_t)snprintf(digits, sizeof digits, ZEND_LONG_FMT, (zend_long)index);
            k = digits;
        }
        /* key + '=' + value + NUL; safe_emalloc refuses a sum that wraps. */
        char *item = safe_emalloc(1, klen + 2, Z_STRLEN_P(val));
        memcpy(item, k, klen);
        item[klen] = '=';
        memcpy(item + klen + 1, Z_STRVAL_P(val), Z_STRLEN_P(val));
        item[klen + 1 + Z_STRLEN_P(val)] = '\0';
        out->items[n++] = item;
        out->items[n] = NULL;
        out->count = n;
    } ZEND_HASH_FOREACH_END();
    return SUCCESS;
fail:
    panelsso_kv_free(out);
    return FAILURE;
}

const char *const *panelsso_kv_vector(const panelsso_kv *kv)
{
    static const char *const none[] = {NULL};
    return kv->items != NULL ? (const char *const *)kv->items : none;
}

void panelsso_kv_free(panelsso_kv *kv)
{
    if (kv->items == NULL)
        return;
    for (size_t i = 0; i < kv->count; i++) {
        ZEND_SECURE_ZERO(kv->items[i], strlen(kv->items[i]));
        efree(kv->items[i]);
    }
    efree(kv->items);
    kv->items = NULL;
    kv->count = 0;
}

/* Copy a string member of an offering into `dst` (size bytes with NUL). */
static zend_result offering_text(zval *v, const char *field, char *dst, size_t size,
                                 uint32_t arg_num, const char *at)
{
    ZVAL_DEREF(v);
    if (Z_TYPE_P(v) != IS_STRING) {
        zend_argument_type_error(arg_num, "offering %s: \"%s\" must be of type string, %s given",
                                 at, field, zend_zval_type_name(v));
        return FAILURE;
    }
    if (has_nul(Z_STRVAL_P(v), Z_STRLEN_P(v))) {
        zend_argument_value_error(arg_num, "offering %s: \"%s\" must not contain any null bytes",
                                  at, field);
        return FAILURE;
    }
    if (Z_STRLEN_P(v) >= size) {
        zend_argument_value_error(arg_num, "offering %s: \"%s\" must be at most %zu bytes long",
                                  at, field, size - 1);
        return FAILURE;
    }
    memcpy(dst, Z_STRVAL_P(v), Z_STRLEN_P(v) + 1);
    return SUCCESS;
}

static zend_result one_offering(zval *entry, uint32_t arg_num, const char *at,
                                auth_offering *o)
{
    zend_string *key;
    zend_ulong index;
    zval *v;
    int have_name = 0, have_type = 0;
    char shown[SHOWN_KEY_MAX + 8];

    ZVAL_DEREF(entry);
    if (Z_TYPE_P(entry) != IS_ARRAY) {
        zend_argument_type_error(arg_num, "must be a list of offering arrays, %s given for offering %s",
                                 zend_zval_type_name(entry), at);
        return FAILURE;
    }
    memset(o, 0, sizeof *o);
    o->quantity = 1;
    ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(entry), index, key, v) {
        if (key != NULL && zend_string_equals_literal(key, "name")) {
            if (offering_text(v, "name", o->name, sizeof o->name, arg_num, at) != SUCCESS)
                return FAILURE;
            have_name = 1;
        } else if (key != NULL && zend_string_equals_literal(key, "type")) {
            if (offering_text(v, "type", o->type, sizeof o->type, arg_num, at) != SUCCESS)
                return FAILURE;
            have_type = 1;
        } else if (key != NULL && zend_string_equals_literal(key, "quantity")) {
            ZVAL_DEREF(v);
            if (Z_TYPE_P(v) != IS_LONG) {
                zend_argument_type_error(arg_num, "offering %s: \"quantity\" must be of type int, %s given",
                                         at, zend_zval_type_name(v));
                return FAILURE;
            }
            if (Z_LVAL_P(v) < 0 || (uint64_t)Z_LVAL_P(v) > UINT32_MAX) {
                zend_argument_value_error(arg_num, "offering %s: \"quantity\" must be between 0 and %" PRIu32,
                                          at, UINT32_MAX);
                return FAILURE;
            }
            o->quantity = (uint32_t)Z_LVAL_P(v);
        } else {
            show_key(key, index, shown, sizeof shown);
            zend_argument_value_error(arg_num, "offering %s: unknown key %s (the keys are name, type and quantity)",
                                      at, shown);
            return FAILURE;
        }
    } ZEND_HASH_FOREACH_END();
    if (!have_name || !have_type) {
        zend_argument_value_error(arg_num, "offering %s must have a \"%s\"", at,
                                  have_name ? "type" : "name");
        return FAILURE;
    }
    return SUCCESS;
}

zend_result panelsso_offerings_from_array(HashTable *ht, uint32_t arg_num,
                                          panelsso_offerings *out)
{
    zend_string *key;
    zend_ulong index;
    zval *entry;
    size_t n = 0, total = zend_hash_num_elements(ht);
    char at[SHOWN_KEY_MAX + 8];

    out->items = NULL;
    out->count = 0;
    if (total == 0)
        return SUCCESS;
    out->items = safe_emalloc(total, sizeof(auth_offering), 0);
    ZEND_HASH_FOREACH_KEY_VAL(ht, index, key, entry) {
        show_key(key, index, at, sizeof at);
        if (one_offering(entry, arg_num, at, &out->items[n]) != SUCCESS) {
            panelsso_offerings_free(out);
            return FAILURE;
        }
        out->count = ++n;
    } ZEND_HASH_FOREACH_END();
    return SUCCESS;
}

void panelsso_offerings_free(panelsso_offerings *o)
{
    if (o->items != NULL)
        efree(o->items);
    o->items = NULL;
    o->count = 0;
}
