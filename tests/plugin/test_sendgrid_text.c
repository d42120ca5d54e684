/* SPDX-License-Identifier: MIT */
/* Unit tests of the text that leaves the SendGrid plugin: sg_clean (keys
 * masked on the whole text before any cut, controls escaped, cut between
 * characters), the audit line (sg_audit_format, read back by an independent
 * logfmt reader), log lines (sg_log through a host callback), the response
 * mapping's messages and error_id, and the request's attribute checks.
 *
 * Each field is driven with an upstream (or attribute) that echoes the key
 * at every offset around each cut, as is and as \u00XX JSON escapes; no 8
 * characters of the key may appear in anything the plugin hands out. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "logfmt_reader.h"
#include "sg_audit.h"
#include "sg_clean.h"
#include "sg_instance.h"
#include "sg_log.h"
#include "sg_request.h"
#include "sg_response.h"
#include "testsupport.h"
#include "ts_plugin_suite.h"

/* SendGrid-shaped, 74 characters, made up. */
#define KEY "SG.Zk3r9QmW1xTq7LbN2vYp8s.Hd4Jf6Gk0Lm2Nn8Pq5Rs1Tt3Uv7Wx9Yz0Ab2Cd4Ef6Gh8Ij1K"
#define EU_KEY "SG.euKey7Hy2Lp9Qs4Tv6Wx8Za.Mn3Bc5Df7Gh9Jk1Lm3Np5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh"
#define NOW_MS 1800000000000LL

static sg_settings settings;
static sg_keys keys;

static int setup(void)
{
    const char *kv[] = {"api_key_env=UNUSED", "redirect_hosts=127.0.0.1", NULL};
    char err[512];
    if (sg_settings_parse(kv, &settings, err, sizeof err) != AUTH_OK)
        return -1;
    sg_keys_init(&keys);
    sg_keys_add(&keys, KEY);
    sg_keys_add(&keys, EU_KEY);
    return 0;
}

static int cleanup(void)
{
    sg_settings_free(&settings);
    return 0;
}

/* ---- what the host sees of sg_log -------------------------------------- */

typedef struct capture {
    char text[65536];
    size_t len;
    size_t lines;
    size_t longest;
} capture;

static void capture_log(void *ctx, int level, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);
static void capture_log(void *ctx, int level, const char *fmt, ...)
{
    capture *c = ctx;
    (void)level;
    char line[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > c->longest)
        c->longest = (size_t)n;
    c->lines++;
    c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, "%s\n", line);
    if (c->len >= sizeof c->text)
        c->len = 0; /* only the last lines matter to each check */
}

/* An instance as far as sg_log reads one: the host's callback and keys. */
static void fake_instance(struct auth_instance *inst, capture *cap)
{
    memset(inst, 0, sizeof *inst);
    memset(cap, 0, sizeof *cap);
    inst->host.struct_size = sizeof inst->host;
    inst->host.host_ctx = cap;
    inst->host.log = capture_log;
    inst->key[SG_REGION_GLOBAL] = (char *)KEY;
    inst->key[SG_REGION_EU] = (char *)EU_KEY;
}

/* ---- the check every field must pass ------------------------------------- */

/* 1 if any 8 consecutive characters of either key are in `text`. */
static int has_key_piece(const char *text)
{
    return ts_has_piece_of(text, KEY, 8) || ts_has_piece_of(text, EU_KEY, 8);
}

static size_t failures_shown;

static void expect_no_key_piece(const char *text, const char *field, size_t offset)
{
    int leak = has_key_piece(text);
    if (leak && failures_shown++ < 5)
        fprintf(stderr, "\n  %s: 8 characters of a key at offset %zu (text not shown)\n",
                field, offset);
    CU_ASSERT_FALSE(leak);
}

/* ---- sg_clean ----------------------------------------------------------- */

static void expect_clean(const char *in, size_t len, size_t size, const char *want)
{
    char out[600];
    CU_ASSERT_FATAL(size <= sizeof out);
    size_t n = sg_clean(out, size, in, len, &keys);
    CU_ASSERT_EQUAL(n, strlen(out));
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\n  sg_clean: got '%s', want '%s'\n", out, want);
    CU_ASSERT_STRING_EQUAL(out, want);
}

static void test_clean_escapes_what_can_break_a_line(void)
{
    static const struct { const char *in, *want; } cases[] = {
        {"plain ASCII, quotes \" and \\ kept", "plain ASCII, quotes \" and \\ kept"},
        {"M\xC3\xBCller \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80", "M\xC3\xBCller \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"},
        {"a\rb\nc\td\x1b[31m\x7f", "a\\x0db\\x0ac\\x09d\\x1b[31m\\x7f"},
        {"nel\xC2\x85x", "nel\\u0085x"},
        {"csi\xC2\x9B" "31m", "csi\\u009b31m"},
        {"c1 \xC2\x80 \xC2\x9F", "c1 \\u0080 \\u009f"},
        {"ls\xE2\x80\xA8ps\xE2\x80\xA9", "ls\\u2028ps\\u2029"},
        {"\xE2\x80\xAE" "rtl\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD",
         "\\u202ertl\\u202a\\u202b\\u202c\\u202d"},
        {"\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C",
         "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c"},
        /* Not valid UTF-8: each byte on its own. */
        {"\xFF\xFE", "\\xff\\xfe"},
        {"\x80x", "\\x80x"},
        {"\xC0\x80", "\\xc0\\x80"},                 /* overlong NUL */
        {"\xE0\x80\xAF", "\\xe0\\x80\\xaf"},        /* overlong '/' */
        {"\xED\xA0\x80", "\\xed\\xa0\\x80"},        /* a surrogate */
        {"\xF4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},/* past U+10FFFF */
        {"\xF5\x80", "\\xf5\\x80"},
        {"cut \xE2\x80", "cut \\xe2\\x80"},          /* sequence cut short */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_clean(cases[i].in, strlen(cases[i].in), 600, cases[i].want);
    /* A NUL inside (JSON's \u0000) does not end the text. */
    expect_clean("a\0b", 3, 600, "a\\x00b");
}

static void test_clean_cuts_between_characters(void)
{
    /* size 5 leaves 4 bytes: never half an escape or a character. */
    expect_clean("ab\ncd", 5, 5, "ab");
    expect_clean("\n\n", 2, 5, "\\x0a");
    expect_clean("\xC3\xBC\xC3\xBC\xC3\xBC", 6, 6, "\xC3\xBC\xC3\xBC");
    expect_clean("x\xE2\x80\xA8y", 5, 7, "x");
    expect_clean("x\xE2\x80\xA8y", 5, 8, "x\\u2028");
    expect_clean("", 0, 1, "");
    expect_clean("abc", 3, 1, "");
}

static void test_clean_of_clean_text_changes_nothing(void)
{
    const char *inputs[] = {"a\r\nb", "\xC2\x85\xE2\x80\xA8\xFF", "M\xC3\xBCller \"q\" \\",
                            "pre " KEY " post", "[redacted]", "\\x41\\u2028"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char once[600], twice[600];
        sg_clean_str(once, sizeof once, inputs[i], &keys);
        sg_clean_str(twice, sizeof twice, once, &keys);
        CU_ASSERT_STRING_EQUAL(once, twice);
    }
}

static void test_clean_masks_keys_whole_and_in_part(void)
{
    expect_clean("key " KEY " end", strlen("key " KEY " end"), 600, "key [redacted] end");
    expect_clean(EU_KEY, strlen(EU_KEY), 600, "[redacted]");
    /* Part of a key, anywhere, 8 characters or more. */
    char part[100];
    snprintf(part, sizeof part, "shortened %.12s... and %.9s", KEY, KEY + 40);
    expect_clean(part, strlen(part), 600, "shortened [redacted]... and [redacted]");
    /* Seven characters are not key material (the public "SG." prefix and a
     * few more could be anything). */
    snprintf(part, sizeof part, "%.7s", KEY);
    expect_clean(part, strlen(part), 600, part);
    /* Two keys back to back: each masked. */
    expect_clean(KEY EU_KEY, strlen(KEY EU_KEY), 600, "[redacted][redacted]");
    /* A key shorter than the run is masked whole. */
    sg_keys shortk;
    sg_keys_init(&shortk);
    sg_keys_add(&shortk, "SG.ab1");
    char out[64];
    sg_clean_str(out, sizeof out, "x SG.ab1 y SG.ab", &shortk);
    CU_ASSERT_STRING_EQUAL(out, "x [redacted] y SG.ab");
    /* No keys, or NULL: nothing masked. */
    sg_clean_str(out, sizeof out, "SG.abcdefghij", NULL);
    CU_ASSERT_STRING_EQUAL(out, "SG.abcdefghij");
    /* At a cut: the mask does not fit, so nothing of the key is left. */
    for (size_t size = 1; size < 40; size++) {
        char text[200];
        snprintf(text, sizeof text, "0123456789%s", KEY);
        sg_clean(out, size, text, strlen(text), &keys);
        expect_no_key_piece(out, "sg_clean at a cut", size);
        CU_ASSERT(strlen(out) < size);
    }
}

static void test_keys_set_rules(void)
{
    sg_keys k;
    sg_keys_init(&k);
    CU_ASSERT_EQUAL(sg_keys_add(&k, NULL), 0);
    CU_ASSERT_EQUAL(sg_keys_add(&k, ""), 0);
    CU_ASSERT_EQUAL(sg_keys_add(&k, KEY), 0);
    CU_ASSERT_EQUAL(sg_keys_add(&k, KEY), 0);       /* the EU slot may alias */
    CU_ASSERT_EQUAL(k.count, 1);
    CU_ASSERT_EQUAL(sg_keys_add(&k, "k2k2k2k2k2"), 0);
    CU_ASSERT_EQUAL(sg_keys_add(&k, "k3k3k3k3k3"), 0);
    CU_ASSERT_EQUAL(sg_keys_add(&k, "k4k4k4k4k4"), 0);
    CU_ASSERT_EQUAL(sg_keys_add(&k, "k5k5k5k5k5"), -1);
    CU_ASSERT_EQUAL(k.count, SG_KEYS_MAX);
}

/* ---- each field, the key at every offset around each cut ------------------ */

/* A SendGrid error body with `message` and `id` as JSON strings; escape:
 * write every byte of them as \u00XX. */
static void json_string(char *out, size_t size, const char *s, int escape)
{
    size_t o = 0;
    for (; *s && o + 8 < size; s++) {
        if (escape || *s == '"' || *s == '\\')
            o += (size_t)snprintf(out + o, size - o, "\\u%04x", (unsigned char)*s);
        else
            out[o++] = *s;
    }
    out[o] = '\0';
}

static char body_buf[8192];

static const char *error_body(const char *message, const char *id, int escape)
{
    char m[3000], i[3000];
    json_string(m, sizeof m, message, escape);
    json_string(i, sizeof i, id, escape);
    snprintf(body_buf, sizeof body_buf,
             "{\"errors\":[{\"message\":\"%s\",\"field\":null,\"error_id\":\"%s\"}]}", m, i);
    return body_buf;
}

/* The whole way out for one answer: the mapping, the audit line and the
 * log line carrying it, as sg_login does. */
static void through_everything(long status, const char *body, const char *label,
                               size_t offset)
{
    sg_exchange ex = {.call = SG_CALL_SSO, .region = SG_REGION_GLOBAL, .http_status = status,
                      .body = body, .body_len = strlen(body), .now_ms = NOW_MS,
                      .keys = &keys};
    auth_result r;
    auth_result_init(&r);
    sg_response_map(&ex, &settings, &r);
    char where[120];
    snprintf(where, sizeof where, "%s: log_message", label);
    expect_no_key_piece(r.log_message, where, offset);
    snprintf(where, sizeof where, "%s: user_message", label);
    expect_no_key_piece(r.user_message, where, offset);
    snprintf(where, sizeof where, "%s: error_id", label);
    expect_no_key_piece(r.error_id, where, offset);

    sg_audit a = {SG_CALL_SSO, "acme", "acct", "global", r.status, r.http_status,
                  r.error_id, 1, 5, r.log_message};
    char line[SG_AUDIT_LINE_MAX];
    sg_audit_format(line, sizeof line, &a, &keys);
    snprintf(where, sizeof where, "%s: audit line", label);
    expect_no_key_piece(line, where, offset);

    struct auth_instance inst;
    capture cap;
    fake_instance(&inst, &cap);
    sg_log_text(&inst, &keys, AUTH_LOG_INFO, line);
    snprintf(where, sizeof where, "%s: logged line", label);
    expect_no_key_piece(cap.text, where, offset);
    logfmt_line l;
    char err[120];
    int ok = logfmt_read(line, &l, err, sizeof err) == 0 &&
             logfmt_is_audit_line(&l, err, sizeof err) == 0;
    if (!ok)
        fprintf(stderr, "\n  %s at offset %zu: audit line does not read back: %s\n",
                label, offset, err);
    CU_ASSERT_TRUE(ok);
}

/* The key at every offset from 0 to `last` of an error body's message (or,
 * with `in_error_id`, its error_id), for each of the `n` statuses, escaped
 * as \u00XX and not. */
static void key_at_every_offset(const long *statuses, size_t n, size_t last, int in_error_id)
{
    const char *field = in_error_id ? "error_id" : "message";
    char text[1200], label[80];
    for (int escape = 0; escape <= 1; escape++)
        for (size_t s = 0; s < n; s++)
            for (size_t pre = 0; pre <= last; pre++) {
                memset(text, in_error_id ? 'i' : 'm', pre);
                snprintf(text + pre, sizeof text - pre, "%s%s", KEY,
                         in_error_id ? "" : " tail");
                snprintf(label, sizeof label, "HTTP %ld %s%s", statuses[s], field,
                         escape ? " (\\u00XX)" : "");
                through_everything(statuses[s],
                                   in_error_id ? error_body("m", text, escape)
                                               : error_body(text, "eid", escape),
                                   label, pre);
            }
}

static void test_message_echoing_the_key_at_every_offset(void)
{
    static const long statuses[] = {400, 401, 403, 404, 429, 500, 503};
    key_at_every_offset(statuses, sizeof statuses / sizeof statuses[0], 300, 0);
}

static void test_error_id_echoing_the_key_at_every_offset(void)
{
    static const long statuses[] = {401, 404, 503};
    key_at_every_offset(statuses, sizeof statuses / sizeof statuses[0], 220, 1);
}

static void test_libcurl_text_echoing_the_key_at_every_offset(void)
{
    char text[600];
    for (size_t pre = 0; pre <= 220; pre++) {
        memset(text, 't', pre);
        snprintf(text + pre, sizeof text - pre, "%s", KEY);
        sg_exchange ex;
        memset(&ex, 0, sizeof ex);
        ex.transport_error = 1;
        ex.transport_status = AUTH_ERR_UNAVAILABLE;
        ex.transport_detail = "could not connect";
        ex.transport_text = text;
        ex.keys = &keys;
        auth_result r;
        auth_result_init(&r);
        sg_response_map(&ex, &settings, &r);
        expect_no_key_piece(r.log_message, "libcurl text: log_message", pre);
    }
}

static void test_attributes_echoing_the_key_at_every_offset(void)
{
    char value[1200], a_t[1300], a_a[1300], a_r[1300];
    for (size_t pre = 0; pre <= 240; pre++) {
        memset(value, 'v', pre);
        snprintf(value + pre, sizeof value - pre, "%s", KEY);
        snprintf(a_t, sizeof a_t, "tenant=%s", value);
        snprintf(a_a, sizeof a_a, "account_id=%s", value);
        snprintf(a_r, sizeof a_r, "region=%s", value);
        /* The region refused (its value quoted in log_message), the
         * account refused as too long past 256 bytes, or accepted. */
        const char *attrs[] = {a_t, a_a, a_r, NULL};
        const char *attrs_ok[] = {a_t, a_a, NULL};
        const char *const *sets[] = {attrs, attrs_ok};
        for (size_t s = 0; s < 2; s++) {
            sg_request req;
            auth_result r;
            auth_result_init(&r);
            sg_request_parse(sets[s], SG_REGION_GLOBAL, 1, &keys, &req, &r);
            expect_no_key_piece(r.log_message, "attributes: log_message", pre);
            expect_no_key_piece(r.user_message, "attributes: user_message", pre);
            sg_audit a = {SG_CALL_SSO, req.tenant, req.account_id,
                          sg_request_region_text(&req), r.status, 0, r.error_id, 0, 0,
                          r.status == AUTH_OK ? NULL : r.log_message};
            char line[SG_AUDIT_LINE_MAX];
            sg_audit_format(line, sizeof line, &a, &keys);
            expect_no_key_piece(line, "attributes: audit line", pre);
            logfmt_line l;
            char err[120];
            CU_ASSERT_TRUE(logfmt_read(line, &l, err, sizeof err) == 0 &&
                           logfmt_is_audit_line(&l, err, sizeof err) == 0);
        }
    }
    /* A request attribute without '=' is quoted in the message too. */
    for (size_t pre = 0; pre <= 100; pre++) {
        memset(value, 'v', pre);
        snprintf(value + pre, sizeof value - pre, "%s", KEY);
        const char *attrs[] = {value, NULL};
        sg_request req;
        auth_result r;
        auth_result_init(&r);
        CU_ASSERT_EQUAL(sg_request_parse(attrs, SG_REGION_GLOBAL, 1, &keys, &req, &r),
                        AUTH_ERR_INVALID_REQUEST);
        expect_no_key_piece(r.log_message, "attribute without '=': log_message", pre);
    }
}

static void test_log_lines_echoing_the_key_at_every_offset(void)
{
    struct auth_instance inst;
    capture cap;
    char *text = malloc(5000);
    CU_ASSERT_FATAL(text != NULL);
    for (size_t pre = SG_LOG_LINE_MAX - 100; pre <= SG_LOG_LINE_MAX + 20; pre++) {
        fake_instance(&inst, &cap);
        memset(text, 'l', pre);
        snprintf(text + pre, 5000 - pre, "%s and more", KEY);
        sg_log(&inst, AUTH_LOG_ERROR, "sendgrid: init failed: %s", text);
        CU_ASSERT_EQUAL(cap.lines, 1);
        expect_no_key_piece(cap.text, "log line", pre);
        CU_ASSERT(cap.longest < SG_LOG_LINE_MAX);
    }
    /* Short lines: the key anywhere, masked, the rest kept. */
    fake_instance(&inst, &cap);
    sg_log(&inst, AUTH_LOG_ERROR, "key %s, eu %s, line\nbreak", KEY, EU_KEY);
    CU_ASSERT_STRING_EQUAL(cap.text, "key [redacted], eu [redacted], line\\x0abreak\n");
    free(text);
}

/* ---- the audit line ----------------------------------------------------------- */

static void test_audit_line_format(void)
{
    char line[SG_AUDIT_LINE_MAX];
    sg_audit ok = {SG_CALL_SSO, "acme", "ZGkrHSypTsudrGkmdpJJ", "global", AUTH_OK, 303,
                   "", 1, 6, NULL};
    sg_audit_format(line, sizeof line, &ok, &keys);
    CU_ASSERT_STRING_EQUAL(line, "sendgrid: login tenant=acme account=ZGkrHSypTsudrGkmdpJJ "
                           "region=global outcome=AUTH_OK http=303 error_id=- attempts=1 ms=6");
    sg_audit bad = {SG_CALL_CHECK, "M\xC3\xBCller GmbH", NULL, "us",
                    AUTH_ERR_INVALID_REQUEST, 0, NULL, 0, 0,
                    "region 'us' is not supported: use 'global' or 'eu'"};
    sg_audit_format(line, sizeof line, &bad, &keys);
    CU_ASSERT_STRING_EQUAL(line, "sendgrid: check tenant=\"M\xC3\xBCller GmbH\" account=- "
                           "region=us outcome=AUTH_ERR_INVALID_REQUEST http=0 error_id=- "
                           "attempts=0 ms=0 detail=\"region 'us' is not supported: use "
                           "'global' or 'eu'\"");
    sg_audit quotes = {SG_CALL_SSO, "", "a\"b\\c=d", "eu", AUTH_ERR_FORBIDDEN, 403,
                       "sbx-403", 1, 5, "SendGrid says \"no\" (error_id sbx-403)"};
    sg_audit_format(line, sizeof line, &quotes, &keys);
    CU_ASSERT_STRING_EQUAL(line, "sendgrid: login tenant=\"\" account=\"a\\\"b\\\\c=d\" "
                           "region=eu outcome=AUTH_ERR_FORBIDDEN http=403 error_id=sbx-403 "
                           "attempts=1 ms=5 detail=\"SendGrid says \\\"no\\\" (error_id "
                           "sbx-403)\"");
    logfmt_line l;
    CU_ASSERT_EQUAL_FATAL(logfmt_read_audit_line(line, &l), 0);
    CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "account"), "a\"b\\c=d");
    CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "detail"), "SendGrid says \"no\" (error_id sbx-403)");
    CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "tenant"), "");
}

static void test_audit_line_longest_values_fit_uncut(void)
{
    /* Every value at its cap and every byte of it needing an escape. */
    char big[1200];
    memset(big, '"', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sg_audit a = {SG_CALL_SSO, big, big, big, AUTH_ERR_INVALID_REQUEST, -2147483647 - 1,
                  big, -2147483647 - 1, -9223372036854775807LL - 1, big};
    char line[SG_AUDIT_LINE_MAX];
    size_t n = sg_audit_format(line, sizeof line, &a, &keys);
    CU_ASSERT(n < SG_AUDIT_LINE_MAX - 1);
    CU_ASSERT_EQUAL(n, strlen(line));
    logfmt_line l;
    CU_ASSERT_EQUAL(logfmt_read_audit_line(line, &l), 0);
    CU_ASSERT_EQUAL(strlen(logfmt_get(&l, "detail")), SG_AUDIT_DETAIL_MAX);
    CU_ASSERT_EQUAL(strlen(logfmt_get(&l, "tenant")), SG_AUDIT_TENANT_MAX);
}

static void test_error_id_cannot_add_audit_fields(void)
{
    sg_exchange ex;
    memset(&ex, 0, sizeof ex);
    ex.call = SG_CALL_SSO;
    ex.http_status = 404;
    ex.body = error_body("account not found", "x outcome=AUTH_OK http=303", 0);
    ex.body_len = strlen(ex.body);
    ex.keys = &keys;
    auth_result r;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(sg_response_map(&ex, &settings, &r), AUTH_ERR_NOT_FOUND);
    CU_ASSERT_STRING_EQUAL(r.error_id, "x outcome=AUTH_OK http=303");
    sg_audit a = {SG_CALL_SSO, "acme", "acct", "global", r.status, r.http_status,
                  r.error_id, 1, 3, r.log_message};
    char line[SG_AUDIT_LINE_MAX];
    sg_audit_format(line, sizeof line, &a, &keys);
    logfmt_line l;
    CU_ASSERT_EQUAL_FATAL(logfmt_read_audit_line(line, &l), 0);
    CU_ASSERT_EQUAL(l.count, 9);
    CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "outcome"), "AUTH_ERR_NOT_FOUND");
    CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "http"), "404");
    CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "error_id"), "x outcome=AUTH_OK http=303");
    CU_ASSERT_PTR_NOT_NULL(strstr(line, " error_id=\"x outcome=AUTH_OK http=303\" "));
}

/* ---- separators and controls in every field -------------------------------- */

static const struct {
    const char *raw, *escaped;
} hostile[] = {
    {"\xC2\x85", "\\u0085"}, {"\xE2\x80\xA8", "\\u2028"}, {"\xE2\x80\xA9", "\\u2029"},
    {"\xC2\x9B", "\\u009b"}, {"\xE2\x80\xAE", "\\u202e"}, {"\xFF", "\\xff"},
    {"\r\n", "\\x0d\\x0a"},
};

static void expect_escaped(const char *text, size_t h, const char *field)
{
    int raw = strstr(text, hostile[h].raw) != NULL;
    if (raw)
        fprintf(stderr, "\n  %s holds %s raw: %s\n", field, hostile[h].escaped, text);
    CU_ASSERT_FALSE(raw);
}

static void test_separators_and_controls_are_escaped_everywhere(void)
{
    for (size_t h = 0; h < sizeof hostile / sizeof hostile[0]; h++) {
        char text[100], tenant[100], account[100], a_t[120], a_a[120];
        snprintf(text, sizeof text, "x%sy", hostile[h].raw);
        snprintf(tenant, sizeof tenant, "t%s outcome=AUTH_OK", hostile[h].raw);
        snprintf(account, sizeof account, "a%sb", hostile[h].raw);
        snprintf(a_t, sizeof a_t, "tenant=%s", tenant);
        snprintf(a_a, sizeof a_a, "account_id=%s", account);
        const char *attrs[] = {a_t, a_a, NULL};
        sg_request req;
        auth_result r;
        auth_result_init(&r);
        int rc = sg_request_parse(attrs, SG_REGION_GLOBAL, 1, &keys, &req, &r);
        if (strcmp(hostile[h].raw, "\r\n") == 0) {
            /* A control in account_id is refused; the message shows it escaped. */
            CU_ASSERT_EQUAL(rc, AUTH_ERR_INVALID_REQUEST);
            CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "a\\x0d\\x0ab"));
        } else {
            CU_ASSERT_EQUAL(rc, AUTH_OK);
        }
        sg_exchange ex;
        memset(&ex, 0, sizeof ex);
        ex.call = SG_CALL_SSO;
        ex.http_status = 404;
        ex.body = error_body(text, text, 0);
        ex.body_len = strlen(ex.body);
        ex.keys = &keys;
        if (rc == AUTH_OK) {
            auth_result_init(&r);
            sg_response_map(&ex, &settings, &r);
            char shown[100];
            snprintf(shown, sizeof shown, "x%sy", hostile[h].escaped);
            CU_ASSERT_STRING_EQUAL(r.error_id, shown);
            CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, shown));
        }
        expect_escaped(r.log_message, h, "log_message");
        expect_escaped(r.user_message, h, "user_message");
        expect_escaped(r.error_id, h, "error_id");
        sg_audit a = {SG_CALL_SSO, req.tenant, req.account_id, "global", r.status,
                      r.http_status, r.error_id, 1, 3, r.log_message};
        char line[SG_AUDIT_LINE_MAX];
        sg_audit_format(line, sizeof line, &a, &keys);
        struct auth_instance inst;
        capture cap;
        fake_instance(&inst, &cap);
        sg_log_text(&inst, &keys, AUTH_LOG_INFO, line);
        sg_log(&inst, AUTH_LOG_WARNING, "formatted: %s", text);
        expect_escaped(cap.text, h, "log lines");
        logfmt_line l;
        CU_ASSERT_EQUAL_FATAL(logfmt_read_audit_line(line, &l), 0);
        char want[100];
        snprintf(want, sizeof want, "t%s outcome=AUTH_OK", hostile[h].escaped);
        CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "tenant"), want);
        CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "outcome"), auth_status_name(r.status));
    }
}

/* ---- account IDs a server reads as path steps -------------------------------- */

static int parse_account(const char *id, auth_result *r)
{
    char a[300];
    snprintf(a, sizeof a, "account_id=%s", id);
    const char *attrs[] = {"tenant=acme", a, NULL};
    sg_request req;
    auth_result_init(r);
    return sg_request_parse(attrs, SG_REGION_GLOBAL, 1, &keys, &req, r);
}

static void test_dot_only_account_ids_are_refused(void)
{
    static const char *const refused[] = {".", "..", "...", "........"};
    static const char *const accepted[] = {"a.b", ".a", "a.", ".a.", "..a", "a..",
                                           "ZGkrHSypTsudrGkmdpJJ"};
    auth_result r;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        CU_ASSERT_EQUAL(parse_account(refused[i], &r), AUTH_ERR_INVALID_REQUEST);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "is only dots"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.user_message, "not set up correctly"));
    }
    CU_ASSERT_EQUAL(parse_account("..", &r), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_STRING_EQUAL(r.log_message, "account_id '..' is only dots, which a server "
                           "can read as a path step ('.' or '..') instead of an account: "
                           "set the tenant's SendGrid account ID");
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
        CU_ASSERT_EQUAL(parse_account(accepted[i], &r), AUTH_OK);
}

static CU_TestInfo tests[] = {
    {"sg_clean escapes what can break a line", test_clean_escapes_what_can_break_a_line},
    {"sg_clean cuts between characters", test_clean_cuts_between_characters},
    {"sg_clean of clean text changes nothing", test_clean_of_clean_text_changes_nothing},
    {"sg_clean masks keys whole and in part", test_clean_masks_keys_whole_and_in_part},
    {"the key set's rules", test_keys_set_rules},
    {"message echoing the key at every offset", test_message_echoing_the_key_at_every_offset},
    {"error_id echoing the key at every offset",
     test_error_id_echoing_the_key_at_every_offset},
    {"libcurl's text echoing the key at every offset",
     test_libcurl_text_echoing_the_key_at_every_offset},
    {"attributes echoing the key at every offset",
     test_attributes_echoing_the_key_at_every_offset},
    {"log lines echoing the key at every offset",
     test_log_lines_echoing_the_key_at_every_offset},
    {"the audit line's format", test_audit_line_format},
    {"the longest audit line fits uncut", test_audit_line_longest_values_fit_uncut},
    {"error_id cannot add audit fields", test_error_id_cannot_add_audit_fields},
    {"separators and controls are escaped everywhere",
     test_separators_and_controls_are_escaped_everywhere},
    {"account IDs of only dots are refused", test_dot_only_account_ids_are_refused},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("text", setup, cleanup, tests)
