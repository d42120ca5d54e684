/* SPDX-License-Identifier: MIT */
/* accounts.h -- the sandbox's accounts: those created through the API,
 * with their state, offerings and profile, and the rule that makes other
 * ids exist without being created (so clients can log into any id).
 *
 * An id exists if it was created here and not deleted, or, never having
 * been created or deleted here, by the rule: script-* ids always; with
 * --account only those listed; without it every id not starting with
 * "missing", except ids some sandbox minted (so an account created in one
 * region's sandbox is not found in another's).  Such an implicit account is activated and
 * holds the free package until someone changes it: then it is stored like
 * a created one (but never listed).  A deleted id is gone for good.
 *
 * All functions are thread-safe (one mutex). */
#ifndef SBX_ACCOUNTS_H
#define SBX_ACCOUNTS_H

#include <stddef.h>
#include <time.h>

#include "catalog.h"

/* "sg" and 32 lowercase hex digits: 24 from RAND_bytes, fresh and
 * unguessable, and 8 that mark the id as minted by a sandbox. */
#define SBX_ACCOUNT_ID_LEN 34

/* The profile fields the spec names; values are malloc'd or NULL. */
typedef enum sbx_profile_field {
    SBX_P_FIRST_NAME,
    SBX_P_LAST_NAME,
    SBX_P_COMPANY_NAME,
    SBX_P_COMPANY_WEBSITE,
    SBX_P_EMAIL,
    SBX_P_PHONE,
    SBX_P_TIMEZONE,
    SBX_PROFILE_N
} sbx_profile_field;

/* "first_name", ... "timezone", as in the JSON. */
extern const char *const sbx_profile_names[SBX_PROFILE_N];

typedef struct sbx_profile {
    char *v[SBX_PROFILE_N];
} sbx_profile;

void sbx_profile_free(sbx_profile *p);

/* What GET .../state and GET .../offerings read. */
typedef struct sbx_account_view {
    int deactivated;
    sbx_offering_list offerings;
} sbx_account_view;

/* One entry of the list endpoint. */
typedef struct sbx_account_summary {
    char id[SBX_ACCOUNT_ID_LEN + 1];
    char email[256];            /* "" if the profile had none */
    char company_name[256];
    time_t created_at, updated_at;
} sbx_account_summary;

/* Empty the store.  0 or -1 (out of memory). */
int sbx_accounts_init(void);

/* A new activated account with a copy of this profile and these offerings;
 * its id into id_out.  0, or -1 (out of memory, or no random bytes). */
int sbx_accounts_create(const sbx_profile *profile, const sbx_offering_list *offerings,
                        int test_account, char id_out[SBX_ACCOUNT_ID_LEN + 1]);

/* 1 and *out filled if `id` exists, else 0. */
int sbx_accounts_get(const char *id, sbx_account_view *out);

/* 1 done, 0 no such account, -1 out of memory. */
int sbx_accounts_set_state(const char *id, int deactivated);
int sbx_accounts_set_offerings(const char *id, const sbx_offering_list *offerings);
int sbx_accounts_delete(const char *id);

/* The created accounts after `offset` (an id from an earlier page, or NULL
 * for the first page), oldest first, at most `limit` of them into out.
 * 0 with *n set, or -1 if offset names no account ever listed here. */
int sbx_accounts_page(const char *offset, size_t limit, sbx_account_summary *out, size_t *n);

/* Created accounts that still exist. */
size_t sbx_accounts_live(void);

#endif
