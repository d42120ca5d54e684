/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the audit line, from hostile inputs on both sides,
 * for login, check and every account operation.  Arbitrary attribute
 * values go through the real request parsing, an arbitrary upstream answer
 * (or libcurl text) through the real response mapping, and the line
 * sg_audit_format makes goes out through sg_log to a host callback.  What the host got is read back with an independent
 * logfmt reader (logfmt_reader.c); the harness aborts unless
 *   - it reads back as exactly the audit line's fields, in order, under the
 *     operation's name, with the outcome and http status of the result
 *     (AUTH_ERR_OUTCOME_UNKNOWN only for a create);
 *   - no 8 characters of either test key appear in it, nor in the result's
 *     log_message, user_message or error_id, nor in the account's ID,
 *     state or offerings;
 *   - none of these holds a control character, a C1 control, U+2028/2029,
 *     a bidi control or invalid UTF-8;
 *   - an attribute made only of plain characters reads back unchanged.
 *
 * Input: [status hi][status lo][flags][tenant\0][account\0][region\0][body]
 * flags: bit 0-2 send the tenant / account_id / region attribute; bit 3 a
 * check instead of a login; bit 4 a transport error whose libcurl text is
 * the body (sent, or when the status is even, not sent); bits 5-7, when not
 * 0, an account operation instead: op = bits 5-7 - 1 + bit 3 (create ...
 * catalog), its answer going to an auth_account that is checked too.  In the attributes and the body, "@K" stands for the global
 * key, "@E" for the EU key, and in the body "@J" for the global key
 * written as JSON \u00XX escapes, so that echoes of the key are easy to
 * reach. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logfmt_reader.h"
#include "sg_audit.h"
#include "sg_instance.h"
#include "sg_request.h"
#include "sg_response.h"

#define KEY "SG.fUzZaUd1tKeY0123456789.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_aBcDeFgHiJ"
#define EU_KEY "SG.eUrOpEaNkEy9876543210zY.xWvUtSrQpOnMlKjIhGfEdCbA9876543210_-zYxWvUtSrQ"

static sg_settings settings;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *kv[] = {"api_key_env=UNUSED", "redirect_hosts=127.0.0.1,*.sendgrid.com",
                        NULL};
    char err[512];
    if (sg_settings_parse(kv, &settings, err, sizeof err) != AUTH_OK)
        abort();
    return 0;
}

/* ---- the host ----------------------------------------------------------- */

typedef struct capture {
    char line[8192];
    int lines;
} capture;

static void capture_log(void *ctx, int level, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);
static void capture_log(void *ctx, int level, const char *fmt, ...)
{
    capture *c = ctx;
    (void)level;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->line, sizeof c->line, fmt, ap);
    va_end(ap);
    c->lines++;
}

/* ---- the checks ------------------------------------------------------------ */

static int has_key_piece(const char *text)
{
    static const char *const keys[] = {KEY, EU_KEY};
    size_t n = strlen(text);
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i + 8 <= strlen(keys[k]); i++)
            if (memmem(text, n, keys[k] + i, 8) != NULL)
                return 1;
    return 0;
}

/* Valid UTF-8 with no C0/DEL, C1, U+2028/2029 or bidi control: checked by
 * its own decoder, not the plugin's. */
static int is_safe_text(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        uint32_t cp;
        size_t n;
        if (*s < 0x80) {
            if (*s < 0x20 || *s == 0x7F)
                return 0;
            s++;
            continue;
        }
        if ((*s & 0xE0) == 0xC0) {
            n = 2;
            cp = *s & 0x1F;
        } else if ((*s & 0xF0) == 0xE0) {
            n = 3;
            cp = *s & 0x0F;
        } else if ((*s & 0xF8) == 0xF0) {
            n = 4;
            cp = *s & 0x07;
        } else {
            return 0;
        }
        for (size_t k = 1; k < n; k++) {
            if ((s[k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[k] & 0x3F);
        }
        static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
            cp == 0x061C || cp == 0x200E || cp == 0x200F ||
            (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            return 0;
        s += n;
    }
    return 1;
}

static int is_plain(const char *v)
{
    if (*v == '\0' || strlen(v) > 32)
        return 0;
    for (; *v; v++)
        if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
              (*v >= '0' && *v <= '9') || *v == '-' || *v == '_'))
            return 0;
    return 1;
}

/* ---- the input -------------------------------------------------------------- */

/* src[0..len) with the @K/@E (and, if json, @J) tokens expanded, malloc'd
 * and NUL-terminated; *out_len its length (it may hold NULs). */
static char *expand(const char *src, size_t len, int json, size_t *out_len)
{
    size_t tokens = 0;
    for (size_t i = 0; i < len; i++)
        tokens += src[i] == '@';
    size_t cap = len + tokens * 6 * strlen(KEY) + 1;
    char *out = malloc(cap);
    if (out == NULL)
        abort();
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '@' && i + 1 < len && (src[i + 1] == 'K' || src[i + 1] == 'E')) {
            const char *k = src[i + 1] == 'K' ? KEY : EU_KEY;
            memcpy(out + o, k, strlen(k));
            o += strlen(k);
            i++;
        } else if (json && src[i] == '@' && i + 1 < len && src[i + 1] == 'J') {
            for (const char *k = KEY; *k; k++)
                o += (size_t)snprintf(out + o, cap - o, "\\u%04x", (unsigned char)*k);
            i++;
        } else {
            out[o++] = src[i];
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* The next NUL-terminated field of data[*pos..size), or NULL at the end. */
static const char *next_field(const char *data, size_t size, size_t *pos, size_t *len)
{
    if (*pos >= size)
        return NULL;
    const char *start = data + *pos;
    const char *nul = memchr(start, '\0', size - *pos);
    *len = nul ? (size_t)(nul - start) : size - *pos;
    *pos += *len + 1;
    return start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const char *in = (const char *)data;
    long status = ((long)data[0] << 8 | data[1]) % 1000;
    uint8_t flags = data[2];
    size_t pos = 3, len[3] = {0, 0, 0};
    const char *raw[3];
    for (int i = 0; i < 3; i++)
        raw[i] = next_field(in, size, &pos, &len[i]);
    const char *body_raw = pos < size ? in + pos : "";
    size_t body_raw_len = pos < size ? size - pos : 0;

    static const char *const names[] = {"tenant=", "account_id=", "region="};
    char *values[3] = {NULL, NULL, NULL};
    char *attrs_store[3];
    const char *attrs[4];
    size_t na = 0;
    for (int i = 0; i < 3; i++) {
        if (!(flags & (1u << i)) || raw[i] == NULL)
            continue;
        size_t vlen;
        values[i] = expand(raw[i], len[i], 0, &vlen);
        size_t n = strlen(names[i]) + strlen(values[i]) + 1;
        attrs_store[na] = malloc(n);
        if (attrs_store[na] == NULL)
            abort();
        snprintf(attrs_store[na], n, "%s%s", names[i], values[i]);
        attrs[na] = attrs_store[na];
        na++;
    }
    attrs[na] = NULL;
    size_t body_len;
    char *body = expand(body_raw, body_raw_len, 1, &body_len);

    sg_keys keys;
    sg_keys_init(&keys);
    sg_keys_add(&keys, KEY);
    sg_keys_add(&keys, EU_KEY);
    enum sg_call call = (flags & 8) ? SG_CALL_CHECK : SG_CALL_SSO;
    unsigned sel = (flags >> 5) & 7;
    if (sel != 0)
        call = SG_CALL_OF_ACCOUNT_OP(sel - 1 + ((flags >> 3) & 1));
    enum sg_account_rule rule = call == SG_CALL_ACCOUNT_CREATE ? SG_ACCOUNT_ID_REFUSED
                                : call == SG_CALL_CHECK || call == SG_CALL_CATALOG
                                    ? SG_ACCOUNT_ID_OPTIONAL
                                    : SG_ACCOUNT_ID_REQUIRED;

    auth_result r;
    auth_result_init(&r);
    auth_account acct;
    auth_account_init(&acct);
    sg_request req;
    int attempts = 0;
    if (sg_request_parse_for(attrs, SG_REGION_GLOBAL, rule, &keys, &req, &r) == AUTH_OK) {
        sg_exchange ex;
        memset(&ex, 0, sizeof ex);
        ex.call = call;
        ex.region = req.region;
        ex.now_ms = 1800000000000LL;
        ex.keys = &keys;
        if (flags & 16) {
            ex.transport_error = 1;
            ex.transport_status = AUTH_ERR_UNAVAILABLE;
            ex.transport_detail = "could not connect";
            ex.transport_text = body;
            ex.request_sent = (int)(status & 1);
        } else {
            ex.http_status = status;
            ex.body = body;
            ex.body_len = body_len;
        }
        sg_response_map_account(&ex, &settings, &r, &acct);
        attempts = 1;
    }
    /* As sg_login finishes a result. */
    sg_clean_in_place(r.log_message, sizeof r.log_message, &keys);
    sg_clean_in_place(r.user_message, sizeof r.user_message, &keys);
    sg_clean_in_place(r.error_id, sizeof r.error_id, &keys);

    /* As sg_account.c names the account: create's new ID, else the
     * attribute. */
    const char *named = call == SG_CALL_ACCOUNT_CREATE
                            ? (r.status == AUTH_OK ? acct.account_id : NULL)
                            : req.account_id;
    sg_audit a = {call, req.tenant, named, sg_request_region_text(&req),
                  r.status, r.http_status, r.error_id, attempts, 12,
                  r.status == AUTH_OK ? NULL : r.log_message};
    char line[SG_AUDIT_LINE_MAX];
    sg_audit_format(line, sizeof line, &a, &keys);

    struct auth_instance inst;
    capture cap;
    memset(&inst, 0, sizeof inst);
    memset(&cap, 0, sizeof cap);
    inst.host.struct_size = sizeof inst.host;
    inst.host.host_ctx = &cap;
    inst.host.log = capture_log;
    inst.key[SG_REGION_GLOBAL] = (char *)KEY;
    inst.key[SG_REGION_EU] = (char *)EU_KEY;
    sg_log_text(&inst, &keys, AUTH_LOG_INFO, line);
    if (cap.lines != 1 || strlen(cap.line) >= SG_LOG_LINE_MAX)
        abort();

    logfmt_line *l = malloc(sizeof *l);
    if (l == NULL)
        abort();
    char err[160];
    if (logfmt_read(cap.line, l, err, sizeof err) != 0 ||
        logfmt_is_audit_line(l, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_audit: the line does not read back: %s\n", err);
        abort();
    }
    char http[16];
    snprintf(http, sizeof http, "%d", r.http_status);
    char want_prefix[64];
    snprintf(want_prefix, sizeof want_prefix, "sendgrid: %s", sg_call_op_name(call));
    if (strcmp(l->prefix, want_prefix) != 0)
        abort();
    if (r.status == AUTH_ERR_OUTCOME_UNKNOWN && call != SG_CALL_ACCOUNT_CREATE)
        abort();
    if (strcmp(logfmt_get(l, "outcome"), auth_status_name(r.status)) != 0 ||
        strcmp(logfmt_get(l, "http"), http) != 0 ||
        (r.status == AUTH_OK) != (l->count == 8))
        abort();
    for (int i = 0; i < 3; i++) {
        static const char *const field[] = {"tenant", "account", "region"};
        if (values[i] != NULL && is_plain(values[i]) && !has_key_piece(values[i]) &&
            !(i == 1 && (req.account_id == NULL || call == SG_CALL_ACCOUNT_CREATE)) &&
            strcmp(logfmt_get(l, field[i]), values[i]) != 0)
            abort();
    }
    const char *outputs[] = {cap.line, r.log_message, r.user_message, r.error_id,
                             acct.account_id, acct.state};
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        if (has_key_piece(outputs[i]) || !is_safe_text(outputs[i]))
            abort();
    for (uint32_t i = 0; i < acct.offering_count && i < AUTH_OFFERINGS_MAX; i++)
        if (has_key_piece(acct.offerings[i].name) || !is_safe_text(acct.offerings[i].name) ||
            has_key_piece(acct.offerings[i].type) || !is_safe_text(acct.offerings[i].type))
            abort();

    free(l);
    free(body);
    for (size_t i = 0; i < na; i++)
        free(attrs_store[i]);
    for (int i = 0; i < 3; i++)
        free(values[i]);
    return 0;
}
