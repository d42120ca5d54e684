/* SPDX-License-Identifier: MIT */
/* codes.h -- the one-time login codes the SSO operation mints. */
#ifndef SBX_CODES_H
#define SBX_CODES_H

#include <stddef.h>

#define SBX_CODE_LEN 32

/* ttl_s: how long a code stays valid.  0 or -1 (out of memory). */
int sbx_codes_init(long ttl_s);

/* Mint a random code bound to `account` into out (SBX_CODE_LEN hex + NUL).
 * 0, or -1 if randomness or memory failed. */
int sbx_codes_mint(const char *account, char out[SBX_CODE_LEN + 1]);

/* Spend a code: 1 and the account copied into account_out if the code exists
 * and has not expired (it is then gone), 0 otherwise. */
int sbx_codes_consume(const char *code, size_t code_len, char *account_out, size_t n);

#endif
