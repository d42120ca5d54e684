/* SPDX-License-Identifier: MIT */
/* Formatting the audit line.  Every field is written by the same encoder,
 * whatever its source (the panel's attributes, SendGrid's error_id, the
 * plugin's own words), so no value can end its field early or add one. */
#include "sg_audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Twice the largest cap (every byte escaped) plus the quotes. */
#define VALUE_MAX (2 * SG_AUDIT_DETAIL_MAX + 3)

_Static_assert(sizeof "sendgrid: account_set_offerings" - 1 +
               sizeof " tenant= account= region= outcome= http= error_id= "
                      "attempts= ms= detail=" - 1 +
               2 * (SG_AUDIT_TENANT_MAX + SG_AUDIT_ACCOUNT_MAX +
                    SG_AUDIT_REGION_MAX + SG_AUDIT_ERROR_ID_MAX +
                    SG_AUDIT_DETAIL_MAX + 5 * 2) +
               /* outcome, http, attempts, ms */ 40 + 3 * 21 < SG_AUDIT_LINE_MAX,
               "the longest audit line must fit SG_AUDIT_LINE_MAX");

static int is_bare(const char *v)
{
    if (*v == '\0')
        return 0;
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '=' || c == '\\')
            return 0;
    }
    return 1;
}

/* `value`, already clean, as one logfmt value into out[VALUE_MAX]. */
static size_t encode(char *out, const char *value)
{
    size_t o = 0;
    if (is_bare(value)) {
        size_t n = strlen(value);
        memcpy(out, value, n);
        o = n;
    } else {
        out[o++] = '"';
        for (; *value; value++) {
            if (*value == '"' || *value == '\\')
                out[o++] = '\\';
            out[o++] = *value;
        }
        out[o++] = '"';
    }
    out[o] = '\0';
    return o;
}

typedef struct line {
    char *buf;
    size_t size, len;
} line;

static void append(line *l, const char *s, size_t n)
{
    if (n > l->size - 1 - l->len)
        n = l->size - 1 - l->len; /* cannot happen: see the size check */
    memcpy(l->buf + l->len, s, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

/* " name=value", the value cleaned and cut to `cap` bytes, then encoded. */
static void field(line *l, const sg_keys *keys, const char *name,
                  const char *value, size_t cap)
{
    char clean[SG_AUDIT_DETAIL_MAX + 1], enc[VALUE_MAX + 1];
    if (cap > SG_AUDIT_DETAIL_MAX)
        cap = SG_AUDIT_DETAIL_MAX;
    sg_clean_str(clean, cap + 1, value, keys);
    size_t n = encode(enc, clean);
    /* A key that holds '"', '\' or '=' could be spelled anew by the
     * quoting or across "name=": the field is then only a mark.  Other
     * keys cannot (the value was cleaned), so the check is skipped. */
    size_t nl = strlen(name);
    if (keys != NULL && keys->has_quoting) {
        char token[VALUE_MAX + 32];
        memcpy(token, name, nl);
        token[nl] = '=';
        memcpy(token + nl + 1, enc, n);
        if (sg_keys_found(keys, token, nl + 1 + n)) {
            memcpy(enc, SG_MASK, sizeof SG_MASK);
            n = sizeof SG_MASK - 1;
        }
    }
    append(l, " ", 1);
    append(l, name, nl);
    append(l, "=", 1);
    append(l, enc, n);
}

static void number(line *l, const sg_keys *keys, const char *name, long long v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", v);
    field(l, keys, name, text, sizeof text);
}

size_t sg_audit_format(char *dst, size_t size, const sg_audit *a,
                       const sg_keys *keys)
{
    line l = {dst, size, 0};
    dst[0] = '\0';
    /* The operation's name is the plugin's own word, never a value. */
    const char *op = sg_call_op_name(a->call);
    append(&l, "sendgrid: ", 10);
    append(&l, op, strlen(op));
    field(&l, keys, "tenant", a->tenant ? a->tenant : "-", SG_AUDIT_TENANT_MAX);
    field(&l, keys, "account", a->account ? a->account : "-", SG_AUDIT_ACCOUNT_MAX);
    field(&l, keys, "region", a->region ? a->region : "-", SG_AUDIT_REGION_MAX);
    field(&l, keys, "outcome", auth_status_name(a->status), 40);
    number(&l, keys, "http", a->http_status);
    field(&l, keys, "error_id",
          a->error_id && a->error_id[0] ? a->error_id : "-", SG_AUDIT_ERROR_ID_MAX);
    number(&l, keys, "attempts", a->attempts);
    number(&l, keys, "ms", a->ms);
    if (a->detail != NULL)
        field(&l, keys, "detail", a->detail, SG_AUDIT_DETAIL_MAX);
    return l.len;
}
