/* SPDX-License-Identifier: MIT */
/* The audit line: one per login, check and account operation, in logfmt, so a log parser
 * reads back exactly its fixed fields whatever the values hold.  Pure: it
 * only formats, so it is unit-tested and fuzzed directly. */
#ifndef SG_AUDIT_H
#define SG_AUDIT_H

#include <stddef.h>

#include "sg_clean.h"
#include "sg_response.h"

/* Room for the longest line: every value at its cap, every byte of it
 * escaped.  sg_log passes a line this long on uncut. */
#define SG_AUDIT_LINE_MAX 2048

/* Each value is cut to this many bytes of cleaned text before quoting. */
#define SG_AUDIT_TENANT_MAX 96
#define SG_AUDIT_ACCOUNT_MAX 96
#define SG_AUDIT_REGION_MAX 32
#define SG_AUDIT_ERROR_ID_MAX 127
#define SG_AUDIT_DETAIL_MAX 511

typedef struct sg_audit {
    enum sg_call call;          /* the operation: "login", "check",
                                   "account_create" ... (sg_call_op_name) */
    const char *tenant;         /* the tenant attribute, NULL: "-" */
    const char *account;        /* the account_id attribute, NULL: "-" */
    const char *region;         /* the region as asked or defaulted */
    int status;                 /* shown by name */
    int http_status;
    const char *error_id;       /* NULL or "": "-" */
    int attempts;
    long long ms;
    const char *detail;         /* NULL: no detail field (success) */
} sg_audit;

/* Writes the line into dst (size >= SG_AUDIT_LINE_MAX) and returns its
 * length:
 *   sendgrid: OP tenant=T account=A region=R outcome=S http=N
 *   error_id=E attempts=N ms=N[ detail=D]
 * Every value is sg_clean'ed against `keys`, cut to its cap, then written
 * bare if it is non-empty and all printable ASCII other than '"', '=' and
 * '\', otherwise in double quotes with '"' and '\' escaped by '\'.  A value
 * in which key material appears only once quoted is written as
 * [redacted]. */
size_t sg_audit_format(char *dst, size_t size, const sg_audit *a,
                       const sg_keys *keys);

#endif
