/* SPDX-License-Identifier: MIT */
/* What an account operation needs beyond its attributes -- the profile of
 * a new account and the offerings of create and set_offerings -- checked
 * before anything is sent.  Pure: unit-tested.
 *
 * Every refusal is AUTH_ERR_INVALID_REQUEST with a log_message naming the
 * field ("profile field 'phone' ...", "offering #2 ('x'): ...") and saying
 * what to send instead.  Profile values are never quoted in a message:
 * they are a person's name, address and phone number, and the operator's
 * log is no place for them. */
#ifndef SG_ACCOUNT_INPUT_H
#define SG_ACCOUNT_INPUT_H

#include <stddef.h>

#include <panelsso/auth_provider.h>
#include "sg_clean.h"

/* The profile keys SendGrid's partner API defines, in the order the create
 * body lists them. */
enum sg_profile_field {
    SG_PROFILE_FIRST_NAME,
    SG_PROFILE_LAST_NAME,
    SG_PROFILE_COMPANY_NAME,
    SG_PROFILE_COMPANY_WEBSITE,
    SG_PROFILE_EMAIL,
    SG_PROFILE_PHONE,
    SG_PROFILE_TIMEZONE,
    SG_PROFILE_FIELD_COUNT
};

/* Byte limits (UTF-8), chosen here: SendGrid's spec states none but the
 * phone's 15 digits.  Generous for real names and addresses, and they keep
 * a create body far below SG_BODY_MAX.  If SendGrid's own limits are
 * tighter, its 400 names the field and comes back as an invalid request. */
#define SG_PROFILE_NAME_MAX 100      /* first_name, last_name */
#define SG_PROFILE_COMPANY_MAX 200   /* company_name */
#define SG_PROFILE_WEBSITE_MAX 2048  /* company_website */
#define SG_PROFILE_EMAIL_MAX 254     /* RFC 5321's path limit */
#define SG_PROFILE_PHONE_MAX 32      /* E.164 itself allows 16 bytes ('+'
                                        and 15 digits) and says so when a
                                        number is longer; this only bounds
                                        the work */
#define SG_PROFILE_TIMEZONE_MAX 64
#define SG_PROFILE_VALUE_MAX SG_PROFILE_WEBSITE_MAX

/* The field's key as the request and SendGrid spell it ("first_name"). */
const char *sg_profile_field_name(enum sg_profile_field f);

/* A checked profile: the values, borrowed from the request (alive for the
 * call), NULL where the request gave none. */
typedef struct sg_profile {
    const char *value[SG_PROFILE_FIELD_COUNT];
} sg_profile;

/* Reads and checks a NULL-terminated "key=value" profile (NULL: empty):
 *   - every key one of the seven, none twice, no value empty;
 *   - every value within its byte limit, valid UTF-8 without control,
 *     line-breaking or direction-changing characters;
 *   - email: local@domain, one '@', a local part of 1 to 64 bytes, a domain
 *     with a dot and no empty label, no spaces or <>()[],;:\" ;
 *   - phone: E.164, '+' then 1 to 15 digits, the first not 0, nothing else;
 *   - timezone: the shape of an IANA tz database name (see
 *     sg_account_input.c for why only the shape);
 *   - company_website: an absolute http:// or https:// URL with a host.
 * Returns AUTH_OK with *out filled, AUTH_ERR_INVALID_REQUEST with `r`
 * filled, or AUTH_ERR_INTERNAL when out of memory.  A refused key is quoted
 * sg_clean'ed against `keys`. */
int sg_profile_parse(const char *const *profile, const sg_keys *keys,
                     sg_profile *out, auth_result *r);

/* Checks an offerings list for create or set_offerings: 1 to
 * AUTH_OFFERINGS_MAX offerings; each name as sg_offering_name_problem
 * accepts it and NUL-terminated within its array, listed once; each type
 * "package" or "addon"; a package's quantity exactly 1, an add-on's at
 * least 1; at most one package.  AUTH_OK, or AUTH_ERR_INVALID_REQUEST with
 * `r` filled (offering names quoted sg_clean'ed against `keys`). */
int sg_offerings_check(const auth_offering *offerings, size_t count,
                       const sg_keys *keys, auth_result *r);

/* What is wrong with an offering name of `len` bytes (NULL: nothing): it
 * must be 1 to AUTH_OFFERING_NAME_MAX - 1 bytes of printable ASCII
 * (spaces included).  The same rule for names sent and names received, so
 * a list read from SendGrid can be sent back as it is. */
const char *sg_offering_name_problem(const char *name, size_t len);

#endif
