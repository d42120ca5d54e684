/* SPDX-License-Identifier: MIT */
/* A login's or check's attributes (tenant, account_id, region), read and
 * validated before anything is sent.  Pure: fuzzed and unit-tested. */
#ifndef SG_REQUEST_H
#define SG_REQUEST_H

#include <panelsso/auth_provider.h>
#include "sg_clean.h"
#include "sg_settings.h"

#define SG_ACCOUNT_ID_MAX 256

typedef struct sg_request {
    /* Borrowed from the attributes (the caller's, alive for the call). */
    const char *tenant;          /* NULL if absent */
    const char *region_asked;    /* NULL if absent */
    const char *account_id;      /* NULL if absent or empty */
    enum sg_region region;       /* the region to call */
} sg_request;

/* What a call does with an account_id attribute. */
enum sg_account_rule {
    SG_ACCOUNT_ID_REQUIRED,      /* login and the account operations on one */
    SG_ACCOUNT_ID_OPTIONAL,      /* check, catalog: checked when given */
    SG_ACCOUNT_ID_REFUSED        /* create: SendGrid assigns the ID */
};

/* Reads `attributes` (NULL-terminated "key=value"; others' keys ignored)
 * into *req; req's fields are set even when this fails, for the audit line.
 * Returns AUTH_OK, or AUTH_ERR_INVALID_REQUEST with r's status, user and
 * log messages filled (attribute values quoted in them are sg_clean'ed
 * against `keys`).  need_account: an account_id is required (login). */
int sg_request_parse(const char *const *attributes, enum sg_region default_region,
                     int need_account, const sg_keys *keys, sg_request *req,
                     auth_result *r);

/* sg_request_parse with the account_id rule spelled out. */
int sg_request_parse_for(const char *const *attributes,
                         enum sg_region default_region, enum sg_account_rule rule,
                         const sg_keys *keys, sg_request *req, auth_result *r);

/* The region for the audit line: as asked, or the default's name. */
const char *sg_request_region_text(const sg_request *req);

#endif
