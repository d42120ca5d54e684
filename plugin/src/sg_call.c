/* SPDX-License-Identifier: MIT */
/* The exchange every operation shares: build the URL, take a pooled
 * handle, send with retries inside one deadline, map, audit. */
#include "sg_call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sg_audit.h"

/* Where each call goes and how: the path is `before`, then the account ID
 * as one escaped segment when `after` is not NULL, then `after`.
 *
 * Whether a call is repeated after a failure: login, check and every
 * account operation but create ask for the same outcome however often
 * they are sent (suspend twice is suspended; delete after a lost answer
 * finds nothing to delete, which sg_response says).  A create sent twice
 * can make two accounts, each billed: it is sent once, on a connection of
 * its own -- libcurl itself sends a request again when a reused
 * connection turns out closed before any answer came, and that connection
 * may have carried it to SendGrid already.  A fresh connection costs one
 * TLS handshake, on an operation a tenant makes once. */
static const struct route {
    enum sg_method method;
    const char *before, *after;
    int repeatable;
} routes[SG_CALL_COUNT] = {
    [SG_CALL_SSO] = {SG_METHOD_POST, "/v3/partners/accounts/", "/sso", 1},
    [SG_CALL_CHECK] = {SG_METHOD_GET, "/v3/partners/offerings", NULL, 1},
    [SG_CALL_ACCOUNT_CREATE] = {SG_METHOD_POST, "/v3/partners/accounts", NULL, 0},
    [SG_CALL_ACCOUNT_STATE] = {SG_METHOD_GET, "/v3/partners/accounts/", "/state", 1},
    [SG_CALL_ACCOUNT_SUSPEND] = {SG_METHOD_PUT, "/v3/partners/accounts/", "/state", 1},
    [SG_CALL_ACCOUNT_UNSUSPEND] = {SG_METHOD_PUT, "/v3/partners/accounts/", "/state", 1},
    [SG_CALL_ACCOUNT_OFFERINGS] = {SG_METHOD_GET, "/v3/partners/accounts/",
                                   "/offerings", 1},
    [SG_CALL_ACCOUNT_SET_OFFERINGS] = {SG_METHOD_PUT, "/v3/partners/accounts/",
                                       "/offerings", 1},
    [SG_CALL_ACCOUNT_DELETE] = {SG_METHOD_DELETE, "/v3/partners/accounts/", "", 1},
    [SG_CALL_CATALOG] = {SG_METHOD_GET, "/v3/partners/offerings", NULL, 1},
};

int64_t sg_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t epoch_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* dst = a b c d; the caller sized dst for all four. */
static void concat(char *dst, const char *a, const char *b, const char *c,
                   const char *d)
{
    const char *parts[] = {a, b, c, d};
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(parts[i]);
        memcpy(dst, parts[i], n);
        dst += n;
    }
    *dst = '\0';
}

/* The account ID as one path segment: every byte but A-Za-z0-9-_~ is
 * percent-escaped, so "a/b" or "../x" can never change the path.  Dots are
 * escaped too, so libcurl never resolves ".." itself; a server that decodes
 * %2E first would still, which is why sg_request_parse refuses IDs that are
 * only dots. */
static void escape_segment(char *dst, const char *src)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *src; src++) {
        unsigned char c = (unsigned char)*src;
        /* ASCII ranges, not isalnum(): the host's locale must not matter. */
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~') {
            *dst++ = (char)c;
        } else {
            *dst++ = '%';
            *dst++ = hex[c >> 4];
            *dst++ = hex[c & 15];
        }
    }
    *dst = '\0';
}

static const struct curl_slist *headers_for(const struct auth_instance *inst,
                                            const sg_call_input *in)
{
    enum sg_header_set set = in->body == NULL ? SG_HEADERS_NO_BODY
                             : in->test_account ? SG_HEADERS_JSON_TEST_ACCOUNT
                                                : SG_HEADERS_JSON;
    return inst->headers[set][in->region];
}

int sg_call_run(struct auth_instance *inst, const sg_call_input *in,
                const sg_keys *keys, auth_result *r, auth_account *account,
                int *attempts)
{
    const sg_settings *s = &inst->settings;
    const struct route *route = &routes[in->call];
    const char *base = s->base_url[in->region];
    char escaped[SG_ACCOUNT_ID_MAX * 3 + 1] = "";
    size_t url_size = strlen(base) + sizeof escaped + 64;
    char *url = malloc(url_size);
    sg_conn *conn = url ? sg_pool_acquire(inst->pool) : NULL;
    *attempts = 0;
    if (conn == NULL) {
        free(url);
        r->status = AUTH_ERR_INTERNAL;
        snprintf(r->log_message, sizeof r->log_message, "out of memory");
        snprintf(r->user_message, sizeof r->user_message,
                 sg_call_is_account(in->call)
                     ? "SendGrid account management failed. Please try again later."
                     : "SendGrid login failed. Please try again later.");
        return r->status;
    }
    /* Plain concatenation (url_size leaves room for every part). */
    if (route->after != NULL && in->account_id != NULL) {
        escape_segment(escaped, in->account_id);
        concat(url, base, route->before, escaped, route->after);
    } else {
        concat(url, base, route->before, "", "");
    }
    sg_http_request req = {route->method, url, headers_for(inst, in), in->body,
                           in->body_len, !route->repeatable};

    int64_t deadline = sg_clock_ms() + s->timeout_ms;
    sg_exchange ex;
    int retryable = 0, earlier_sent = 0;
    memset(&ex, 0, sizeof ex);
    ex.call = in->call;
    ex.region = in->region;
    ex.keys = keys;
    for (;;) {
        int64_t left = deadline - sg_clock_ms();
        if (left <= 0)
            break; /* keep the last answer (or the timeout below) */
        sg_conn_perform(conn, &req, (long)left, &ex, &retryable);
        ++*attempts;
        if (!retryable || !route->repeatable || *attempts > s->max_retries)
            break;
        /* A short pause before the next try, never past the deadline. */
        int64_t pause = 100LL << (*attempts - 1);
        left = deadline - sg_clock_ms();
        if (pause >= left)
            break;
        earlier_sent |= ex.request_sent;
        struct timespec ts = {(time_t)(pause / 1000), (long)(pause % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (*attempts == 0) {
        ex.transport_error = 1;
        ex.request_sent = 0;
        ex.transport_status = AUTH_ERR_UNAVAILABLE;
        ex.transport_detail = "timed out; the service is slow or unreachable "
                              "(see timeout_ms)";
    }
    ex.earlier_attempt_sent = earlier_sent;
    ex.now_ms = epoch_ms();
    sg_response_map_account(&ex, s, r, account);
    sg_pool_release(inst->pool, conn);
    free(url);
    return r->status;
}

void sg_call_finish(const struct auth_instance *inst, const sg_keys *keys,
                    enum sg_call call, const sg_request *req,
                    const char *account, auth_result *r, int attempts,
                    int64_t started)
{
    /* Each text was cleaned as it was made; once more over the finished
     * ones, so nothing reaches the host that did not pass sg_clean. */
    sg_clean_in_place(r->log_message, sizeof r->log_message, keys);
    sg_clean_in_place(r->user_message, sizeof r->user_message, keys);
    sg_clean_in_place(r->error_id, sizeof r->error_id, keys);
    sg_audit a;
    a.call = call;
    a.tenant = req->tenant;
    a.account = account;
    a.region = sg_request_region_text(req);
    a.status = r->status;
    a.http_status = r->http_status;
    a.error_id = r->error_id;
    a.attempts = attempts;
    a.ms = (long long)(sg_clock_ms() - started);
    a.detail = r->status == AUTH_OK ? NULL : r->log_message;
    char line[SG_AUDIT_LINE_MAX];
    sg_audit_format(line, sizeof line, &a, keys);
    sg_log_text(inst, keys, AUTH_LOG_INFO, line);
}
