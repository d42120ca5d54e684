/* SPDX-License-Identifier: MIT */
/* Reading the bodies of SendGrid's successful account answers into an
 * auth_account.  Pure: sg_response_map_account calls these, and they are
 * fuzzed through it. */
#ifndef SG_ACCOUNT_ANSWER_H
#define SG_ACCOUNT_ANSWER_H

#include <stddef.h>

#include <panelsso/auth_provider.h>
#include "sg_clean.h"

/* Each reads body[0..len) (JSON, at most SG_BODY_MAX bytes) into `out` (a
 * full-size auth_account) and returns 0, or returns -1 with a sentence in
 * why[why_size] saying what was wrong (never quoting the body, so no
 * upstream text and no key reaches it).  Texts taken from the body are
 * checked against `keys` too: key material in an ID or a name refuses the
 * answer, in a state it is masked.
 *
 * 201 to create: {"account_id": ID}.  ID must be 1 to AUTH_ID_MAX - 1
 * bytes of printable ASCII without spaces, not only dots: a value the
 * panel can send back as account_id unchanged. */
int sg_answer_account_id(const char *body, size_t len, const sg_keys *keys,
                         auth_account *out, char *why, size_t why_size);

/* 200 to a state read: {"state": S}.  S, any non-empty string, is passed on
 * as text: sg_clean'ed and cut to AUTH_STATE_MAX - 1 bytes, so a state this
 * plugin does not know ("suspended", "banned", a new one) still arrives. */
int sg_answer_state(const char *body, size_t len, const sg_keys *keys,
                    auth_account *out, char *why, size_t why_size);

/* 200 to an offerings read or change: {"offerings": [OFFERING...]}, where
 * OFFERING is {"name": N, "type": T, "quantity": Q}: N as
 * sg_offering_name_problem accepts it, T 1 to AUTH_OFFERING_TYPE_MAX - 1
 * bytes of printable ASCII (an unknown type is passed on), Q an integer
 * from 0 to 2^32 - 1, or absent (read as 1: the spec requires only name
 * and type).  The first AUTH_OFFERINGS_MAX are kept (offering_count),
 * offering_total counts them all. */
int sg_answer_offerings(const char *body, size_t len, const sg_keys *keys,
                        auth_account *out, char *why, size_t why_size);

/* 200 to a catalog read.  SendGrid's spec answers
 * {"catalog": [{"offering": OFFERING, "entitlements": {...}}...]} (the
 * entitlements are not kept: auth_offering has no place for them); an
 * answer without "catalog" is read as sg_answer_offerings reads one
 * ({"offerings": [...]}, what the local sandbox sends). */
int sg_answer_catalog(const char *body, size_t len, const sg_keys *keys,
                      auth_account *out, char *why, size_t why_size);

#endif
