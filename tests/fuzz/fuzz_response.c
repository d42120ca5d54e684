/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: one HTTP exchange (status, Location headers, rate-limit
 * header, body, or a transport failure sent or not sent) through
 * sg_response_map_account, for login, check and every account operation.
 * Checks the invariants a panel relies on: a known status, and for login
 * and check one of ABI 1.0's; a URL only on a login's success, and then one
 * that passes the redirect check; never the URL's query in a message;
 * AUTH_ERR_OUTCOME_UNKNOWN only for a create, and always for a create whose
 * request went out without an answer or that got a 5xx; an account filled
 * only on success, with texts a panel can show and send back; never a piece
 * of the key in anything handed out. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_redirect_check.h"
#include "sg_response.h"

#define KEY "SG.fUzZrEsPoNsEkEy0123456789.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_aBcDeF"

static sg_settings settings;
static sg_keys keys;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *kv[] = {"api_key_env=UNUSED", "redirect_hosts=127.0.0.1,*.sendgrid.com", NULL};
    char err[512];
    if (sg_settings_parse(kv, &settings, err, sizeof err) != AUTH_OK)
        abort();
    sg_keys_init(&keys);
    sg_keys_add(&keys, KEY);
    return 0;
}

static int has_key_piece(const char *text, size_t size)
{
    static const char key[] = KEY;
    size_t n = strnlen(text, size);
    for (size_t i = 0; i + 8 <= sizeof key - 1; i++)
        if (memmem(text, n, key + i, 8) != NULL)
            return 1;
    return 0;
}

/* NUL-terminated within its array, without C0 controls or DEL. */
static int is_terminated_text(const char *s, size_t size)
{
    size_t n = strnlen(s, size);
    if (n == size)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7F)
            return 0;
    return 1;
}

/* Printable ASCII, 1 byte or more, NUL-terminated within its array: what a
 * panel may send back as it is. */
static int is_sendable(const char *s, size_t size)
{
    size_t n = strnlen(s, size);
    if (n == 0 || n == size)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
            return 0;
    return 1;
}

/* The body with "@K" standing for the key, so echoes of it are easy to
 * reach; malloc'd, *len its length (it may hold NULs). */
static char *expand(const char *src, size_t len, size_t *out_len)
{
    char *out = malloc(len * (sizeof KEY) + 1);
    size_t o = 0;
    if (out == NULL)
        abort();
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '@' && i + 1 < len && src[i + 1] == 'K') {
            memcpy(out + o, KEY, sizeof KEY - 1);
            o += sizeof KEY - 1;
            i++;
        } else {
            out[o++] = src[i];
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Input: [status hi][status lo][flags][location\0][reset\0][body...]
 * flags: bit 0 check instead of login; bit 1 EU; bits 2-3 how many Location
 * headers; bit 4 a body over 64 KiB; bits 5-7, when not 0, an account
 * operation instead: op = bits 5-7 - 1 + bit 0 (create ... catalog), and
 * then bit 2 is a transport failure and bit 3 says it came after sending. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    sg_exchange ex;
    memset(&ex, 0, sizeof ex);
    ex.http_status = ((long)data[0] << 8 | data[1]) % 1000;
    uint8_t flags = data[2];
    unsigned sel = (flags >> 5) & 7;
    ex.call = (flags & 1) ? SG_CALL_CHECK : SG_CALL_SSO;
    if (sel != 0)
        ex.call = SG_CALL_OF_ACCOUNT_OP(sel - 1 + (flags & 1));
    int account_call = sg_call_is_account(ex.call);
    ex.region = (flags & 2) ? SG_REGION_EU : SG_REGION_GLOBAL;
    ex.body_truncated = (flags >> 4) & 1;
    ex.request_sent = 1;
    if (account_call) {
        ex.transport_error = (flags >> 2) & 1;
        ex.request_sent = (flags >> 3) & 1;
        ex.earlier_attempt_sent = (flags >> 1) & 1;
        if (ex.transport_error) {
            ex.transport_status = AUTH_ERR_UNAVAILABLE;
            ex.transport_detail = "the connection was closed before a complete "
                                  "response arrived";
        }
    } else {
        ex.location_count = (flags >> 2) & 3;
    }
    ex.now_ms = 1800000000000LL;
    ex.keys = &keys;
    char *p = copy + 3, *end = copy + size;
    char *loc = p;
    p += strlen(p) + 1;
    char *reset = p < end ? p : NULL;
    if (reset)
        p += strlen(p) + 1;
    ex.location = ex.location_count ? loc : NULL;
    ex.rate_limit_reset = reset;
    size_t body_len = 0;
    char *body = p < end ? expand(p, (size_t)(end - p), &body_len) : NULL;
    ex.body = body;
    ex.body_len = body_len;
    if (ex.transport_error)
        ex.transport_text = body;

    auth_result r;
    auth_result_init(&r);
    auth_account a, empty;
    auth_account_init(&a);
    auth_account_init(&empty);
    int rc = sg_response_map_account(&ex, &settings, &r, &a);
    if (rc != r.status || rc < 0 || rc >= AUTH_STATUS_COUNT ||
        rc == AUTH_ERR_NOT_SUPPORTED)
        abort();
    if (!account_call && rc >= AUTH_ERR_NOT_SUPPORTED)
        abort();    /* a 1.0 host would not know it */
    if (rc == AUTH_OK && ex.call == SG_CALL_SSO) {
        char why[200];
        if (r.redirect_url[0] == '\0' ||
            sg_redirect_check(r.redirect_url, settings.redirect_hosts,
                              settings.redirect_host_count, why, sizeof why) != 0)
            abort();
    } else if (r.redirect_url[0] != '\0') {
        abort();
    }
    /* Create is the only call whose outcome can be unknown, and it is
     * unknown whenever the request may have arrived without an answer. */
    int create = ex.call == SG_CALL_ACCOUNT_CREATE;
    if (rc == AUTH_ERR_OUTCOME_UNKNOWN && !create)
        abort();
    if (create && ex.transport_error && ex.request_sent &&
        rc != AUTH_ERR_OUTCOME_UNKNOWN)
        abort();
    if (create && !ex.transport_error && ex.http_status >= 500 &&
        ex.http_status <= 599 && rc != AUTH_ERR_OUTCOME_UNKNOWN)
        abort();
    if (create && ex.transport_error && !ex.request_sent &&
        rc != AUTH_ERR_UNAVAILABLE)
        abort();
    /* The account: untouched unless it worked, and then usable. */
    if (rc != AUTH_OK && memcmp(&a, &empty, sizeof a) != 0)
        abort();
    if (rc == AUTH_OK) {
        if (create && !is_sendable(a.account_id, sizeof a.account_id))
            abort();
        if (!is_terminated_text(a.account_id, sizeof a.account_id) ||
            !is_terminated_text(a.state, sizeof a.state) ||
            a.offering_count > AUTH_OFFERINGS_MAX || a.offering_count > a.offering_total)
            abort();
        for (uint32_t i = 0; i < a.offering_count; i++)
            if (!is_sendable(a.offerings[i].name, sizeof a.offerings[i].name) ||
                !is_sendable(a.offerings[i].type, sizeof a.offerings[i].type))
                abort();
        for (uint32_t i = a.offering_count; i < AUTH_OFFERINGS_MAX; i++)
            if (a.offerings[i].name[0] != '\0')
                abort();
    }
    /* The one-time code (the Location's query) never reaches a message --
     * unless the body says the same text itself: SendGrid's own error
     * message is quoted to the operator, whatever it contains. */
    const char *q = ex.location ? strchr(ex.location, '?') : NULL;
    if (q != NULL && strlen(q) > 8 && (ex.body == NULL || !strstr(ex.body, q)) &&
        (strstr(r.log_message, q) || strstr(r.user_message, q)))
        abort();
    if (memchr(r.log_message, '\n', sizeof r.log_message) ||
        memchr(r.log_message, '\r', sizeof r.log_message))
        abort();
    /* No piece of the key in anything handed out, once the texts are
     * finished as sg_call_finish finishes them. */
    sg_clean_in_place(r.log_message, sizeof r.log_message, &keys);
    sg_clean_in_place(r.user_message, sizeof r.user_message, &keys);
    sg_clean_in_place(r.error_id, sizeof r.error_id, &keys);
    if (has_key_piece(r.log_message, sizeof r.log_message) ||
        has_key_piece(r.user_message, sizeof r.user_message) ||
        has_key_piece(r.error_id, sizeof r.error_id) ||
        has_key_piece(a.account_id, sizeof a.account_id) ||
        has_key_piece(a.state, sizeof a.state))
        abort();
    for (uint32_t i = 0; i < a.offering_count; i++)
        if (has_key_piece(a.offerings[i].name, sizeof a.offerings[i].name) ||
            has_key_piece(a.offerings[i].type, sizeof a.offerings[i].type))
            abort();
    free(body);
    free(copy);
    return 0;
}
