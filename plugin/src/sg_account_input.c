/* SPDX-License-Identifier: MIT */
/* Checking a profile and an offerings list before anything is sent.  Each
 * rule refuses with the field's name and what to send instead; nothing
 * here does I/O. */
#include "sg_account_input.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "sg_text.h"

static const char *const field_names[SG_PROFILE_FIELD_COUNT] = {
    "first_name", "last_name", "company_name", "company_website",
    "email", "phone", "timezone"};

static const size_t field_max[SG_PROFILE_FIELD_COUNT] = {
    SG_PROFILE_NAME_MAX, SG_PROFILE_NAME_MAX, SG_PROFILE_COMPANY_MAX,
    SG_PROFILE_WEBSITE_MAX, SG_PROFILE_EMAIL_MAX, SG_PROFILE_PHONE_MAX,
    SG_PROFILE_TIMEZONE_MAX};

const char *sg_profile_field_name(enum sg_profile_field f)
{
    return (f >= 0 && f < SG_PROFILE_FIELD_COUNT) ? field_names[f] : "unknown";
}

/* Fills an invalid-request result: `what` names the field for the user,
 * the sentence after it is the operator's. */
static int refuse(auth_result *r, const char *what, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);
static int refuse(auth_result *r, const char *what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->status = AUTH_ERR_INVALID_REQUEST;
    vsnprintf(r->log_message, sizeof r->log_message, fmt, ap);
    va_end(ap);
    sg_fmt(r->user_message, sizeof r->user_message,
           "The SendGrid account details are not valid (%s). Please correct "
           "them and try again.", what);
    return r->status;
}

/* ---- the profile ----------------------------------------------------------- */

/* Is v[0..n) text that sg_clean leaves as it is: valid UTF-8 without
 * control, line-breaking or direction-changing characters? */
static int is_plain_text(const char *v, size_t n)
{
    char cleaned[6 * SG_PROFILE_VALUE_MAX + 1];
    return n <= SG_PROFILE_VALUE_MAX &&
           sg_clean(cleaned, sizeof cleaned, v, n, NULL) == n &&
           memcmp(cleaned, v, n) == 0;
}

static int is_ascii_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* local@domain, as the brief rule in sg_account_input.h has it.  A full
 * RFC 5322 parser would take quoted local parts and comments that no
 * mailbox a panel collects has; SendGrid judges deliverability itself. */
static const char *email_problem(const char *v)
{
    const char *at = strchr(v, '@');
    if (at == NULL || strchr(at + 1, '@') != NULL)
        return "must hold exactly one '@' (local@domain)";
    if (strpbrk(v, " <>()[],;:\\\"") != NULL)
        return "must be a bare address (local@domain), without a display "
               "name, spaces or any of <>()[],;:\\\"";
    size_t local = (size_t)(at - v);
    if (local == 0 || local > 64)
        return "needs a local part (before the '@') of 1 to 64 bytes";
    const char *domain = at + 1;
    if (strchr(domain, '.') == NULL)
        return "needs a domain with a dot after the '@' (e.g. example.com)";
    if (domain[0] == '.' || domain[strlen(domain) - 1] == '.' ||
        strstr(domain, "..") != NULL)
        return "has an empty label in its domain (a leading, trailing or "
               "double dot)";
    return NULL;
}

/* E.164: '+', the country code and the subscriber number, 15 digits at
 * most, nothing else (no spaces, dashes or brackets). */
static const char *phone_problem(const char *v)
{
    size_t digits = 0;
    if (v[0] != '+')
        return "must be in E.164 form: '+', then 1 to 15 digits, the first "
               "not 0 (e.g. +4930901820)";
    for (const char *p = v + 1; *p; p++) {
        if (!is_digit(*p))
            return "must be in E.164 form: '+' and digits only, without "
                   "spaces, dashes or brackets (e.g. +4930901820)";
        digits++;
    }
    if (digits == 0 || digits > 15)
        return "must be in E.164 form: 1 to 15 digits after the '+'";
    if (v[1] == '0')
        return "must be in E.164 form: a country code never starts with 0";
    return NULL;
}

/* The shape of a tz database name ("UTC", "Europe/Berlin",
 * "America/Argentina/Buenos_Aires", "Etc/GMT+5", "EST5EDT"): one to three
 * components separated by '/', each starting with an ASCII letter and made
 * of letters, digits, '_', '-' and '+' (tz's Theory file; its 14-byte
 * component limit is raised to 30 for the legacy names longer than that).
 * Only the shape: whether the zone exists is SendGrid's to say (its 400
 * names the field).  Looking in /usr/share/zoneinfo would judge by the
 * panel host's tz data, which may be missing (containers) or older or
 * newer than SendGrid's, so the same request would be valid on one host
 * and refused on the next, and it would turn tenant input into file paths
 * in the panel's process. */
static const char *timezone_problem(const char *v)
{
    static const char *const why =
        "must be an IANA time zone name: Area/Location such as "
        "Europe/Berlin, America/Argentina/Buenos_Aires or UTC";
    size_t components = 0;
    for (const char *p = v; ; ) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0 || n > 30 || !is_ascii_letter(p[0]))
            return why;
        for (size_t i = 1; i < n; i++)
            if (!is_ascii_letter(p[i]) && !is_digit(p[i]) && p[i] != '_' &&
                p[i] != '-' && p[i] != '+')
                return why;
        if (++components > 3)
            return why;
        if (end == NULL)
            return NULL;
        p = end + 1;
    }
}

/* An absolute http(s) URL with a host, as libcurl's URL parser reads it.
 * *oom is set when the parser could not get memory. */
static const char *website_problem(const char *v, int *oom)
{
    static const char *const why =
        "must be an absolute http:// or https:// URL with a host (e.g. "
        "https://example.com)";
    const char *problem = why;
    CURLU *u = curl_url();
    if (u == NULL) {
        *oom = 1;
        return "could not be checked (out of memory)";
    }
    char *scheme = NULL, *host = NULL;
    if (curl_url_set(u, CURLUPART_URL, v, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        (strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0) &&
        host[0] != '\0')
        problem = NULL;
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return problem;
}

static int field_of(const char *key, size_t klen)
{
    for (int f = 0; f < SG_PROFILE_FIELD_COUNT; f++)
        if (strlen(field_names[f]) == klen && memcmp(field_names[f], key, klen) == 0)
            return f;
    return -1;
}

int sg_profile_parse(const char *const *profile, const sg_keys *keys,
                     sg_profile *out, auth_result *r)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; profile != NULL && profile[i] != NULL; i++) {
        const char *kv = profile[i];
        const char *eq = strchr(kv, '=');
        char shown[65];
        if (eq == NULL)
            return refuse(r, "profile", "profile entry #%zu is not of the form "
                          "key=value: give each profile field as key=value", i + 1);
        int f = field_of(kv, (size_t)(eq - kv));
        if (f < 0) {
            sg_clean(shown, sizeof shown, kv, (size_t)(eq - kv), keys);
            return refuse(r, "profile", "profile field '%s' is not one SendGrid "
                          "takes: use first_name, last_name, company_name, "
                          "company_website, email, phone or timezone", shown);
        }
        const char *name = field_names[f];
        if (out->value[f] != NULL)
            return refuse(r, name, "profile field '%s' is given twice: give it "
                          "once", name);
        const char *v = eq + 1;
        size_t n = strlen(v);
        if (n == 0)
            return refuse(r, name, "profile field '%s' is empty: give a value or "
                          "leave the field out", name);
        if (n > field_max[f])
            return refuse(r, name, "profile field '%s' is %zu bytes long, more "
                          "than the %zu it may have", name, n, field_max[f]);
        if (!is_plain_text(v, n))
            return refuse(r, name, "profile field '%s' holds a control, "
                          "line-breaking or direction-changing character or "
                          "invalid UTF-8: send plain text", name);
        const char *problem = NULL;
        int oom = 0;
        switch (f) {
        case SG_PROFILE_EMAIL:
            problem = email_problem(v);
            break;
        case SG_PROFILE_PHONE:
            problem = phone_problem(v);
            break;
        case SG_PROFILE_TIMEZONE:
            problem = timezone_problem(v);
            break;
        case SG_PROFILE_COMPANY_WEBSITE:
            problem = website_problem(v, &oom);
            break;
        default:
            break;
        }
        if (oom) {
            r->status = AUTH_ERR_INTERNAL;
            sg_fmt(r->log_message, sizeof r->log_message, "out of memory while "
                   "checking profile field '%s'", name);
            sg_copy(r->user_message, sizeof r->user_message,
                    "SendGrid account management failed. Please try again later.");
            return r->status;
        }
        if (problem != NULL)
            return refuse(r, name, "profile field '%s' %s", name, problem);
        out->value[f] = v;
    }
    return AUTH_OK;
}

/* ---- offerings --------------------------------------------------------------- */

const char *sg_offering_name_problem(const char *name, size_t len)
{
    if (len == 0)
        return "its name is empty";
    if (len > AUTH_OFFERING_NAME_MAX - 1)
        return "its name is longer than 127 bytes";
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7E)
            return "its name holds a byte that is not printable ASCII";
    return NULL;
}

int sg_offerings_check(const auth_offering *offerings, size_t count,
                       const sg_keys *keys, auth_result *r)
{
    if (count == 0 || offerings == NULL)
        return refuse(r, "offerings", "the request lists no offerings: give at "
                      "least one (the package, e.g. org.ei.free.v1)");
    if (count > AUTH_OFFERINGS_MAX)
        return refuse(r, "offerings", "the request lists %zu offerings, more than "
                      "the %d an account can be given at once", count,
                      AUTH_OFFERINGS_MAX);
    size_t package = 0; /* 1-based index of the package, 0: none yet */
    for (size_t i = 0; i < count; i++) {
        const auth_offering *o = &offerings[i];
        size_t n = strnlen(o->name, sizeof o->name);
        char shown[65];
        sg_clean(shown, sizeof shown, o->name, n, keys);
        if (n == sizeof o->name)
            return refuse(r, "offerings", "offering #%zu ('%s...'): its name is "
                          "not NUL-terminated within its %zu bytes", i + 1, shown,
                          sizeof o->name);
        const char *problem = sg_offering_name_problem(o->name, n);
        if (problem != NULL)
            return refuse(r, "offerings", "offering #%zu ('%s'): %s: give the "
                          "offering's name as the catalog lists it", i + 1, shown,
                          problem);
        for (size_t j = 0; j < i; j++)
            if (strcmp(offerings[j].name, o->name) == 0)
                return refuse(r, "offerings", "offering #%zu ('%s'): listed twice "
                              "(also #%zu): give it once, with the total quantity",
                              i + 1, shown, j + 1);
        int is_package = strncmp(o->type, "package", sizeof o->type) == 0;
        int is_addon = strncmp(o->type, "addon", sizeof o->type) == 0;
        if (!is_package && !is_addon) {
            char type[sizeof o->type + 1];
            sg_clean(type, sizeof type, o->type, strnlen(o->type, sizeof o->type),
                     keys);
            return refuse(r, "offerings", "offering #%zu ('%s'): its type '%s' is "
                          "neither 'package' nor 'addon'", i + 1, shown, type);
        }
        if (is_package && o->quantity != 1)
            return refuse(r, "offerings", "offering #%zu ('%s'): a package has "
                          "quantity 1, not %u", i + 1, shown, (unsigned)o->quantity);
        if (is_addon && o->quantity < 1)
            return refuse(r, "offerings", "offering #%zu ('%s'): an add-on needs a "
                          "quantity of at least 1", i + 1, shown);
        if (is_package && package != 0)
            return refuse(r, "offerings", "offering #%zu ('%s'): a second package "
                          "(offering #%zu is one): an account has at most one "
                          "package", i + 1, shown, package);
        if (is_package)
            package = i + 1;
    }
    return AUTH_OK;
}
