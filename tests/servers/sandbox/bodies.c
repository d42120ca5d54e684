/* SPDX-License-Identifier: MIT */
/* bodies.c -- the checks SendGrid makes on account bodies, as far as its
 * OpenAPI file tells them: the profile's email, phone and website with the
 * spec's own messages and error ids, and offerings that must come from the
 * catalog, with exactly one package (quantity 1) and add-ons of quantity 1
 * or more.  What the file does not tell (other messages, the limits on
 * lengths) is the sandbox's own, with error ids starting "sbx-". */
#include "bodies.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PROFILE_VALUE_MAX 255

json_object *sbx_body_parse(const char *body, size_t len, sbx_errors *errs)
{
    json_tokener *tok = json_tokener_new_ex(16);
    json_object *doc = NULL;
    if (!tok) {
        sbx_errors_add(errs, "", "sbx-internal", "out of memory");
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    if (body && len > 0 && len < INT32_MAX)
        doc = json_tokener_parse_ex(tok, body, (int)len);
    int complete = doc != NULL && json_tokener_get_error(tok) == json_tokener_success;
    for (size_t i = complete ? json_tokener_get_parse_end(tok) : len; i < len; i++)
        if (!isspace((unsigned char)body[i]))
            complete = 0;
    json_tokener_free(tok);
    if (!complete) {
        json_object_put(doc);
        sbx_errors_add(errs, "", "sbx-invalid-json", "The request body is not valid JSON");
        return NULL;
    }
    if (!json_object_is_type(doc, json_type_object)) {
        json_object_put(doc);
        sbx_errors_add(errs, "", "sbx-invalid-body", "The request body must be a JSON object");
        return NULL;
    }
    return doc;
}

const char *sbx_body_string(json_object *obj, const char *name)
{
    json_object *v;
    if (obj && json_object_object_get_ex(obj, name, &v) && json_object_is_type(v, json_type_string))
        return json_object_get_string(v);
    return NULL;
}

/* local@domain: the local part of the characters RFC 5322 allows unquoted
 * (no leading, trailing or double dot), a domain of two or more DNS labels,
 * 254 characters at most. */
static int valid_email(const char *s)
{
    static const char local_ok[] = "!#$%&'*+-/=?^_`{|}~.";
    const char *at = strchr(s, '@');
    if (!at || strchr(at + 1, '@') || at == s || at - s > 64 || strlen(s) > 254)
        return 0;
    for (const char *p = s; p < at; p++)
        if (!isalnum((unsigned char)*p) && !strchr(local_ok, *p))
            return 0;
    if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
        return 0;
    int labels = 0;
    for (const char *p = at + 1;; labels++) {
        const char *e = p;
        while (isalnum((unsigned char)*e) || *e == '-')
            e++;
        if (e == p || e - p > 63 || *p == '-' || e[-1] == '-')
            return 0;
        if (*e == '\0')
            return labels + 1 >= 2;
        if (*e != '.')
            return 0;
        p = e + 1;
    }
}

/* E.164: "+", a country code that does not start with 0, and the
 * subscriber number: 7 to 15 digits in all. */
static int valid_phone(const char *s)
{
    if (s[0] != '+' || s[1] < '1' || s[1] > '9')
        return 0;
    size_t digits = 0;
    for (const char *p = s + 1; *p; p++, digits++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return digits >= 7 && digits <= 15;
}

/* http:// or https://, a host of DNS labels with at least one dot, then
 * nothing or a port, path, query or fragment; no blanks or controls. */
static int valid_url(const char *s)
{
    const char *p;
    if (strncasecmp(s, "https://", 8) == 0)
        p = s + 8;
    else if (strncasecmp(s, "http://", 7) == 0)
        p = s + 7;
    else
        return 0;
    const char *host = p;
    while (isalnum((unsigned char)*p) || *p == '-' || *p == '.')
        p++;
    if (p == host || !memchr(host, '.', (size_t)(p - host)) || *host == '.' || p[-1] == '.')
        return 0;
    if (*p && !strchr(":/?#", *p))
        return 0;
    for (; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f)
            return 0;
    return 1;
}

static int check_profile(json_object *doc, sbx_profile *profile, sbx_errors *errs)
{
    json_object *obj;
    size_t before = errs->n;
    if (!json_object_object_get_ex(doc, "profile", &obj) || json_object_is_type(obj, json_type_null))
        return 0;   /* optional */
    if (!json_object_is_type(obj, json_type_object)) {
        sbx_errors_add(errs, "profile", "sbx-invalid-type", "Field must be an object");
        return -1;
    }
    for (int i = 0; i < SBX_PROFILE_N; i++) {
        const char *name = sbx_profile_names[i];
        json_object *v;
        if (!json_object_object_get_ex(obj, name, &v))
            continue;
        if (!json_object_is_type(v, json_type_string)) {
            sbx_errors_add(errs, name, "sbx-invalid-type", "Field must be a string");
            continue;
        }
        const char *s = json_object_get_string(v);
        size_t len = (size_t)json_object_get_string_len(v);
        if (len > PROFILE_VALUE_MAX || strlen(s) != len) {
            sbx_errors_add(errs, name, "sbx-invalid-value",
                           "Field must be a text of at most %d bytes", PROFILE_VALUE_MAX);
            continue;
        }
        if (i == SBX_P_EMAIL && !valid_email(s)) {
            sbx_errors_add(errs, name, "10-40002", "Field must be a valid email");
            continue;
        }
        if (i == SBX_P_PHONE && !valid_phone(s)) {
            sbx_errors_add(errs, name, "10-40010",
                           "Field must be formatted using the E.164 standard consisting of [+] "
                           "[country code] [subscriber number including area code] and can have "
                           "a maximum of fifteen digits.");
            continue;
        }
        if (i == SBX_P_COMPANY_WEBSITE && !valid_url(s)) {
            sbx_errors_add(errs, name, "10-40008", "Field must be a valid URL");
            continue;
        }
        profile->v[i] = strdup(s);
        if (!profile->v[i])
            sbx_errors_add(errs, "", "sbx-internal", "out of memory");
    }
    return errs->n == before ? 0 : -1;
}

/* A client's text quoted in a message: at most 64 bytes of it. */
#define QUOTE(s) 64, (s)

static int check_offering(json_object *item, size_t i, sbx_offering_list *out,
                          sbx_errors *errs)
{
    char f[64];
    if (!json_object_is_type(item, json_type_object)) {
        snprintf(f, sizeof f, "offerings[%zu]", i);
        sbx_errors_add(errs, f, "sbx-invalid-type", "Field must be an object");
        return -1;
    }
    json_object *name, *type, *qty;
    snprintf(f, sizeof f, "offerings[%zu].name", i);
    if (!json_object_object_get_ex(item, "name", &name)) {
        sbx_errors_add(errs, f, "sbx-required", "Field is required");
        return -1;
    }
    if (!json_object_is_type(name, json_type_string)) {
        sbx_errors_add(errs, f, "sbx-invalid-type", "Field must be a string");
        return -1;
    }
    const char *n = json_object_get_string(name);
    int found = sbx_catalog_find(n);
    if (found < 0) {
        sbx_errors_add(errs, f, "sbx-unknown-offering",
                       "Offering '%.*s' is not in the catalog (GET /v3/partners/offerings)",
                       QUOTE(n));
        return -1;
    }
    for (size_t k = 0; k < out->n; k++)
        if (out->o[k].item == found) {
            sbx_errors_add(errs, f, "sbx-duplicate-offering", "Offering '%s' is listed twice", n);
            return -1;
        }
    const sbx_catalog_item *ci = sbx_catalog_item_at((size_t)found);

    snprintf(f, sizeof f, "offerings[%zu].type", i);
    if (!json_object_object_get_ex(item, "type", &type)) {
        sbx_errors_add(errs, f, "sbx-required", "Field is required");
        return -1;
    }
    const char *t = json_object_is_type(type, json_type_string) ? json_object_get_string(type) : "";
    if (strcmp(t, "package") != 0 && strcmp(t, "addon") != 0) {
        sbx_errors_add(errs, f, "sbx-invalid-value", "Field must be package or addon");
        return -1;
    }
    if (strcmp(t, ci->type) != 0) {
        sbx_errors_add(errs, f, "sbx-wrong-type", "Offering '%s' is of type %s, not %s", n,
                       ci->type, t);
        return -1;
    }

    snprintf(f, sizeof f, "offerings[%zu].quantity", i);
    long long q = 1;   /* optional in the spec */
    if (json_object_object_get_ex(item, "quantity", &qty)) {
        if (!json_object_is_type(qty, json_type_int)) {
            sbx_errors_add(errs, f, "sbx-invalid-type", "Field must be an integer");
            return -1;
        }
        q = json_object_get_int64(qty);
    }
    if (strcmp(t, "package") == 0 && q != 1) {
        sbx_errors_add(errs, f, "sbx-package-quantity",
                       "The quantity of a package must be 1, not %lld", q);
        return -1;
    }
    if (q < 1 || q > INT32_MAX) {
        sbx_errors_add(errs, f, "sbx-addon-quantity",
                       "The quantity of an add-on must be from 1 to %d, not %lld", INT32_MAX, q);
        return -1;
    }
    out->o[out->n].item = found;
    out->o[out->n].quantity = q;
    out->n++;
    return 0;
}

static int check_offerings(json_object *doc, sbx_offering_list *out, sbx_errors *errs)
{
    json_object *list;
    out->n = 0;
    if (!json_object_object_get_ex(doc, "offerings", &list)) {
        sbx_errors_add(errs, "offerings", "sbx-required", "Field is required");
        return -1;
    }
    if (!json_object_is_type(list, json_type_array)) {
        sbx_errors_add(errs, "offerings", "sbx-invalid-type", "Field must be an array");
        return -1;
    }
    size_t n = json_object_array_length(list);
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        if (check_offering(json_object_array_get_idx(list, i), i, out, errs) != 0)
            bad = 1;
    if (bad)
        return -1;
    size_t packages = 0;
    for (size_t i = 0; i < out->n; i++)
        if (strcmp(sbx_catalog_item_at((size_t)out->o[i].item)->type, "package") == 0)
            packages++;
    if (packages > 1) {
        sbx_errors_add(errs, "offerings", "sbx-many-packages",
                       "An account can have only one package offering, not %zu", packages);
        return -1;
    }
    if (packages == 0) {
        sbx_errors_add(errs, "offerings", "sbx-no-package",
                       "An account needs one package offering");
        return -1;
    }
    return 0;
}

int sbx_body_create(json_object *doc, sbx_profile *profile, sbx_offering_list *offerings,
                    sbx_errors *errs)
{
    memset(profile, 0, sizeof *profile);
    int p = check_profile(doc, profile, errs);
    int o = check_offerings(doc, offerings, errs);
    if (p != 0 || o != 0) {
        sbx_profile_free(profile);
        return -1;
    }
    return 0;
}

int sbx_body_state(json_object *doc, int *deactivated, sbx_errors *errs)
{
    json_object *v;
    if (!json_object_object_get_ex(doc, "state", &v)) {
        sbx_errors_add(errs, "state", "sbx-required", "Field is required");
        return -1;
    }
    const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
    if (strcmp(s, "activated") == 0)
        *deactivated = 0;
    else if (strcmp(s, "deactivated") == 0)
        *deactivated = 1;
    else {
        sbx_errors_add(errs, "state", "sbx-invalid-value", "Field must be activated or deactivated");
        return -1;
    }
    return 0;
}

int sbx_body_offerings(json_object *doc, sbx_offering_list *offerings, sbx_errors *errs)
{
    return check_offerings(doc, offerings, errs);
}
