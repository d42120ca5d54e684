/* SPDX-License-Identifier: MIT */
/* Reading a login's attributes.  Every refusal names the attribute, shows
 * its value cleaned, and says what to set instead. */
#include "sg_request.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* How much of a refused value a message shows. */
#define SHOWN_SIZE 65

static int has_control(const char *s)
{
    for (; *s; s++)
        if (iscntrl((unsigned char)*s))
            return 1;
    return 0;
}

static int only_dots(const char *s)
{
    for (; *s; s++)
        if (*s != '.')
            return 0;
    return 1;
}

/* `value` cleaned and cut for a message. */
static const char *shown(char buf[SHOWN_SIZE], const char *value,
                         const sg_keys *keys)
{
    sg_clean_str(buf, SHOWN_SIZE, value, keys);
    return buf;
}

/* Fills an invalid-request result. */
static int invalid(auth_result *r, const char *fmt, ...) AUTH_PROVIDER_PRINTF(2, 3);
static int invalid(auth_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->status = AUTH_ERR_INVALID_REQUEST;
    vsnprintf(r->log_message, sizeof r->log_message, fmt, ap);
    va_end(ap);
    snprintf(r->user_message, sizeof r->user_message,
             "This SendGrid account is not set up correctly in the panel. "
             "Please contact support.");
    return r->status;
}

int sg_request_parse(const char *const *attributes, enum sg_region default_region,
                     int need_account, const sg_keys *keys, sg_request *req,
                     auth_result *r)
{
    return sg_request_parse_for(attributes, default_region,
                                need_account ? SG_ACCOUNT_ID_REQUIRED
                                             : SG_ACCOUNT_ID_OPTIONAL,
                                keys, req, r);
}

int sg_request_parse_for(const char *const *attributes,
                         enum sg_region default_region, enum sg_account_rule rule,
                         const sg_keys *keys, sg_request *req, auth_result *r)
{
    char buf[SHOWN_SIZE];
    const char *id = NULL;
    req->tenant = NULL;
    req->region_asked = NULL;
    req->account_id = NULL;
    req->region = default_region;
    for (size_t i = 0; attributes != NULL && attributes[i] != NULL; i++) {
        const char *kv = attributes[i];
        const char *eq = strchr(kv, '=');
        if (eq == NULL)
            return invalid(r, "request attribute '%s' is not of the form "
                           "key=value", shown(buf, kv, keys));
        size_t klen = (size_t)(eq - kv);
        if (klen == 10 && strncmp(kv, "account_id", 10) == 0)
            id = eq + 1;
        else if (klen == 6 && strncmp(kv, "region", 6) == 0)
            req->region_asked = eq + 1;
        else if (klen == 6 && strncmp(kv, "tenant", 6) == 0)
            req->tenant = eq + 1;
        /* Other attributes belong to the host or other providers: ignored. */
    }
    if (id != NULL && *id != '\0')
        req->account_id = id;
    if (req->region_asked != NULL &&
        sg_region_parse(req->region_asked, &req->region) != 0)
        return invalid(r, "region '%s' is not supported: use 'global' or 'eu'",
                       shown(buf, req->region_asked, keys));
    if (req->account_id != NULL && rule == SG_ACCOUNT_ID_REFUSED)
        return invalid(r, "account_id '%s' was given to an account creation, "
                       "which takes none (SendGrid assigns the new account's "
                       "ID): leave it out", shown(buf, id, keys));
    if (req->account_id == NULL) {
        if (rule != SG_ACCOUNT_ID_REQUIRED)
            return AUTH_OK;
        return invalid(r, "the request has no account_id: set the tenant's "
                       "SendGrid account ID");
    }
    if (strlen(id) > SG_ACCOUNT_ID_MAX)
        return invalid(r, "account_id '%s...' is longer than 256 bytes",
                       shown(buf, id, keys));
    if (has_control(id))
        return invalid(r, "account_id '%s' contains control characters",
                       shown(buf, id, keys));
    /* Sent as %2E, but a server may decode unreserved characters before it
     * resolves dot-segments (RFC 3986 allows it; nginx does): ".." would
     * then take the key one level up the path, to an endpoint nobody
     * chose.  No SendGrid account ID is only dots. */
    if (only_dots(id))
        return invalid(r, "account_id '%s' is only dots, which a server can "
                       "read as a path step ('.' or '..') instead of an "
                       "account: set the tenant's SendGrid account ID",
                       shown(buf, id, keys));
    return AUTH_OK;
}

const char *sg_request_region_text(const sg_request *req)
{
    return req->region_asked ? req->region_asked : sg_region_name(req->region);
}
