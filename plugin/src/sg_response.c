/* SPDX-License-Identifier: MIT */
/* One HTTP exchange in, one auth_result out.  This is the only place that
 * decides what a SendGrid answer means, and it never sees the clock or the
 * network, so every mapping is tested and fuzzed directly. */
#include "sg_response.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_account_answer.h"
#include "sg_redirect_check.h"
#include "sg_text.h"

#define SSO_CODE_LIFETIME_MS 60000

uint32_t sg_rate_limit_wait(const char *value, int64_t now_ms)
{
    if (value == NULL)
        return 0;
    while (*value == ' ' || *value == '\t')
        value++;
    char *end;
    errno = 0;
    long long v = strtoll(value, &end, 10);
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
        end++;
    if (errno != 0 || end == value || *end != '\0' || v < 0)
        return 0;
    /* Over 10^9 can only be an epoch time (2001 onward); smaller values are a
     * number of seconds.  Waits are capped at a day. */
    long long wait = v > 1000000000LL ? v - now_ms / 1000 : v;
    if (wait < 1)
        wait = 1;
    if (wait > 86400)
        wait = 86400;
    return (uint32_t)wait;
}

static void set(auth_result *r, int status, const char *user_message)
{
    r->status = status;
    sg_copy(r->user_message, sizeof r->user_message, user_message);
}

/* ---- what each call is ------------------------------------------------------ */

static const struct call_info {
    const char *prose;          /* in sentences: "the account creation" */
    long success;               /* the one status that means it worked */
    const char *expected;       /* that status in words */
} calls[SG_CALL_COUNT] = {
    [SG_CALL_SSO] = {"single sign-on", 303, "303 See Other"},
    [SG_CALL_CHECK] = {"connection check", 200, "200"},
    [SG_CALL_ACCOUNT_CREATE] = {"account creation", 201, "201 Created"},
    [SG_CALL_ACCOUNT_STATE] = {"account state read", 200, "200"},
    [SG_CALL_ACCOUNT_SUSPEND] = {"account suspension", 204, "204 No Content"},
    [SG_CALL_ACCOUNT_UNSUSPEND] = {"account unsuspension", 204, "204 No Content"},
    [SG_CALL_ACCOUNT_OFFERINGS] = {"offerings read", 200, "200"},
    [SG_CALL_ACCOUNT_SET_OFFERINGS] = {"offerings change", 200, "200"},
    [SG_CALL_ACCOUNT_DELETE] = {"account deletion", 204, "204 No Content"},
    [SG_CALL_CATALOG] = {"catalog read", 200, "200"},
};

static const struct call_info *info_of(const sg_exchange *ex)
{
    return &calls[(unsigned)ex->call < SG_CALL_COUNT ? ex->call : SG_CALL_CHECK];
}

static const char *call_name(const sg_exchange *ex)
{
    return info_of(ex)->prose;
}

const char *sg_call_op_name(enum sg_call call)
{
    if (call == SG_CALL_SSO)
        return "login";
    if (sg_call_is_account(call))
        return auth_account_op_name((int)(call - SG_CALL_ACCOUNT_CREATE));
    return "check";
}

/* The end user's sentence for a failure of kind `status`: login's words
 * for login and check, account management's for the others. */
static const char *failure_text(const sg_exchange *ex, int status)
{
    int account = sg_call_is_account(ex->call);
    switch (status) {
    case AUTH_ERR_AUTH_REJECTED:
        return account ? "SendGrid account management is not available right "
                         "now: the hosting provider's SendGrid connection needs "
                         "attention. Please contact support."
                       : "SendGrid login is not available right now: the hosting "
                         "provider's SendGrid connection needs attention. Please "
                         "contact support.";
    case AUTH_ERR_FORBIDDEN:
        return account ? "This SendGrid account cannot be managed from here. "
                         "Please contact support."
                       : "Your SendGrid account cannot be opened from here. Please "
                         "contact support.";
    case AUTH_ERR_NOT_FOUND:
        return account ? "The SendGrid account could not be found. Please contact "
                         "support."
                       : "Your SendGrid account could not be found. Please contact "
                         "support.";
    case AUTH_ERR_OUTCOME_UNKNOWN:
        return "The SendGrid account may or may not have been created. Please "
               "check before trying again.";
    default:
        return account ? "SendGrid account management failed. Please try again "
                         "later or contact support."
                       : "SendGrid login failed. Please try again later or contact "
                         "support.";
    }
}

/* What a panel must do with an account creation whose outcome is unknown:
 * the first words of every such log_message, so no cut can lose them. */
#define UNKNOWN_OUTCOME_ADVICE                                                 \
    "outcome unknown: the account may or may not exist now; look for it "      \
    "(SendGrid's account list) before creating it again"

/* Upstream's message, cleaned, is cut to this many bytes so that with an
 * error_id of AUTH_ID_MAX - 1 bytes, inside the longest sentence below, the
 * log_message still fits whole: the cut falls only where sg_clean chose. */
#define MESSAGE_SHOWN_MAX 200

/* 400 to an account operation: SendGrid names the fields it refused. */
static void map_invalid(const sg_exchange *ex, auth_result *r)
{
    char detail[320], fields[120];
    int n = sg_error_body_fields(ex->body, ex->body_len, ex->keys, detail,
                                 sizeof detail, fields, sizeof fields,
                                 r->error_id, sizeof r->error_id);
    r->status = AUTH_ERR_INVALID_REQUEST;
    if (fields[0] != '\0')
        sg_fmt(r->user_message, sizeof r->user_message,
               "SendGrid refused the account details (%s). Please correct them "
               "and try again.", fields);
    else
        sg_copy(r->user_message, sizeof r->user_message,
                "SendGrid refused the request. Please check the account details "
                "and try again.");
    if (n > 0 && detail[0] != '\0')
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) refused the %s with 400: %s%s%s%s; correct the named "
               "field(s) and send it again", sg_region_name(ex->region),
               call_name(ex), detail, r->error_id[0] ? " (error_id " : "",
               r->error_id, r->error_id[0] ? ")" : "");
    else
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) refused the %s with 400: %s; check the request's "
               "profile and offerings", sg_region_name(ex->region), call_name(ex),
               n < 0 ? "the error body was not SendGrid's JSON error format"
                     : "SendGrid named no field");
}

/* What the 404's sentence adds: what was not found, and what to check. */
static const char *not_found_advice(const sg_exchange *ex)
{
    switch (ex->call) {
    case SG_CALL_ACCOUNT_CREATE:
    case SG_CALL_CATALOG:
        return "this endpoint is part of the API: check the base URL";
    case SG_CALL_ACCOUNT_DELETE:
        return ex->earlier_attempt_sent
                   ? "the account does not exist; an earlier attempt of this "
                     "deletion went out without a usable answer and may have "
                     "deleted it"
                   : "the account does not exist (deleted already?): check the "
                     "tenant's account_id and region";
    default:
        return "check the tenant's account_id and region";
    }
}

/* 401/403/404 and the other 4xx: SendGrid's message and error_id travel to
 * the operator's log; the end user gets a sentence without internals. */
static void map_error_status(const sg_exchange *ex, auth_result *r)
{
    if (ex->http_status == 400 && sg_call_is_account(ex->call)) {
        map_invalid(ex, r);
        return;
    }
    char message[MESSAGE_SHOWN_MAX + 1];
    int shaped = sg_error_body_parse(ex->body, ex->body_len, ex->keys, message,
                                     sizeof message, r->error_id,
                                     sizeof r->error_id) == 0;
    const char *region = sg_region_name(ex->region);
    char detail[MESSAGE_SHOWN_MAX + AUTH_ID_MAX + 64];
    if (message[0] != '\0')
        sg_fmt(detail, sizeof detail, "SendGrid says \"%s\"%s%s%s", message,
                 r->error_id[0] ? " (error_id " : "", r->error_id,
                 r->error_id[0] ? ")" : "");
    else if (shaped)
        sg_fmt(detail, sizeof detail, "SendGrid gave no error message");
    else
        sg_fmt(detail, sizeof detail, "the error body was not SendGrid's JSON "
                 "error format (%zu bytes)", ex->body_len);

    switch (ex->http_status) {
    case 401:
        set(r, AUTH_ERR_AUTH_REJECTED, failure_text(ex, AUTH_ERR_AUTH_REJECTED));
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) rejected the partner API key with 401: %s; check "
                 "that the %s key is a current partner key", region, detail,
                 ex->region == SG_REGION_EU ? "EU" : "global");
        break;
    case 403:
        set(r, AUTH_ERR_FORBIDDEN, failure_text(ex, AUTH_ERR_FORBIDDEN));
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) refused the %s with 403: %s; the key lacks the "
                 "partner scope or the account is not yours or is suspended",
                 region, call_name(ex), detail);
        break;
    case 404:
        set(r, AUTH_ERR_NOT_FOUND, failure_text(ex, AUTH_ERR_NOT_FOUND));
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered 404 for the %s: %s; %s", region,
                 call_name(ex), detail, not_found_advice(ex));
        break;
    case 429:
        r->retry_after_s = sg_rate_limit_wait(ex->rate_limit_reset, ex->now_ms);
        set(r, AUTH_ERR_RATE_LIMITED,
            "SendGrid is busy right now. Please try again in a minute.");
        if (r->retry_after_s > 0)
            sg_fmt(r->log_message, sizeof r->log_message,
                     "SendGrid (%s) rate-limited the %s (429): %s; retry after %"
                     PRIu32 " s", region, call_name(ex), detail, r->retry_after_s);
        else
            sg_fmt(r->log_message, sizeof r->log_message,
                     "SendGrid (%s) rate-limited the %s (429): %s; no usable "
                     "X-RateLimit-Reset, retry later", region, call_name(ex), detail);
        break;
    default:
        set(r, AUTH_ERR_PROTOCOL, failure_text(ex, AUTH_ERR_PROTOCOL));
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered HTTP %ld to the %s: %s; this status is "
                 "not part of the API, check the base URL", region,
                 ex->http_status, call_name(ex), detail);
        break;
    }
}

static void map_sso_success(const sg_exchange *ex, const sg_settings *settings,
                            auth_result *r)
{
    const char *region = sg_region_name(ex->region);
    char why[200];
    if (ex->location_count != 1 || ex->location == NULL) {
        set(r, AUTH_ERR_PROTOCOL,
            "SendGrid login failed. Please try again later or contact support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered 303 with %zu Location headers instead of "
                 "exactly one; no login URL was issued", region, ex->location_count);
        return;
    }
    if (ex->location_malformed) {
        set(r, AUTH_ERR_PROTOCOL,
            "SendGrid login failed. Please try again later or contact support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered 303 with a Location header holding a "
                 "control character (a bare CR or a NUL); the URL was not used",
                 region);
        return;
    }
    if (sg_redirect_check(ex->location, settings->redirect_hosts,
                          settings->redirect_host_count, why, sizeof why) != 0) {
        /* `why` may name the Location's host: upstream's text. */
        char shown[sizeof why];
        sg_clean_str(shown, sizeof shown, why, ex->keys);
        set(r, AUTH_ERR_PROTOCOL,
            "SendGrid login failed. Please try again later or contact support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered 303 but %s; the URL was not used (if "
                 "SendGrid moved its login host, add it to redirect_hosts)",
                 region, shown);
        return;
    }
    set(r, AUTH_OK, "");
    sg_copy(r->redirect_url, sizeof r->redirect_url, ex->location);
    r->expires_at_ms = ex->now_ms + SSO_CODE_LIFETIME_MS;
    sg_fmt(r->log_message, sizeof r->log_message,
             "SendGrid (%s) issued a one-time login URL, valid 60 s", region);
}

/* The success status of an account operation: its body read into
 * `account`.  A body that cannot be read is a protocol error, except for
 * create, whose account then exists with an ID nobody knows. */
static void map_account_success(const sg_exchange *ex, auth_result *r,
                                auth_account *account)
{
    const char *region = sg_region_name(ex->region);
    char why[200] = "";
    int rc = 0;
    switch (ex->call) {
    case SG_CALL_ACCOUNT_CREATE:
        rc = sg_answer_account_id(ex->body, ex->body_len, ex->keys, account, why,
                                  sizeof why);
        if (rc != 0) {
            set(r, AUTH_ERR_OUTCOME_UNKNOWN,
                failure_text(ex, AUTH_ERR_OUTCOME_UNKNOWN));
            sg_fmt(r->log_message, sizeof r->log_message,
                   "SendGrid (%s) account creation: " UNKNOWN_OUTCOME_ADVICE
                   "; it answered 201 Created, but %s, so the new account's ID "
                   "is not known", region, why);
            return;
        }
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) created account %s", region, account->account_id);
        break;
    case SG_CALL_ACCOUNT_STATE:
        rc = sg_answer_state(ex->body, ex->body_len, ex->keys, account, why,
                             sizeof why);
        if (rc == 0)
            sg_fmt(r->log_message, sizeof r->log_message,
                   "SendGrid (%s) says the account's state is '%s'", region,
                   account->state);
        break;
    case SG_CALL_ACCOUNT_SUSPEND:
    case SG_CALL_ACCOUNT_UNSUSPEND: {
        const char *state = ex->call == SG_CALL_ACCOUNT_SUSPEND
                                ? SG_STATE_SUSPENDED : SG_STATE_ACTIVE;
        sg_copy(account->state, sizeof account->state, state);
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) set the account's state to '%s'", region, state);
        break;
    }
    case SG_CALL_ACCOUNT_OFFERINGS:
    case SG_CALL_ACCOUNT_SET_OFFERINGS:
    case SG_CALL_CATALOG:
        rc = ex->call == SG_CALL_CATALOG
                 ? sg_answer_catalog(ex->body, ex->body_len, ex->keys, account, why,
                                     sizeof why)
                 : sg_answer_offerings(ex->body, ex->body_len, ex->keys, account,
                                       why, sizeof why);
        if (rc == 0)
            sg_fmt(r->log_message, sizeof r->log_message,
                   "SendGrid (%s) %s %" PRIu32 " offering%s%s", region,
                   ex->call == SG_CALL_CATALOG ? "has a catalog of"
                   : ex->call == SG_CALL_ACCOUNT_SET_OFFERINGS
                       ? "changed the offerings; the account now has"
                       : "says the account has",
                   account->offering_total, account->offering_total == 1 ? "" : "s",
                   account->offering_total > account->offering_count
                       ? " (only the first 64 are passed on)" : "");
        break;
    default: /* SG_CALL_ACCOUNT_DELETE */
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) deleted the account", region);
        break;
    }
    if (rc != 0) {
        set(r, AUTH_ERR_PROTOCOL, failure_text(ex, AUTH_ERR_PROTOCOL));
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) answered %ld to the %s, but %s", region,
               ex->http_status, call_name(ex), why);
        return;
    }
    set(r, AUTH_OK, "");
}

static void map_transport(const sg_exchange *ex, auth_result *r)
{
    const char *region = sg_region_name(ex->region);
    int st = ex->transport_status;
    /* libcurl's text tells "expired" from "wrong host", "refused" from
     * "could not resolve": the operator's next step differs. */
    char said[140], text[160] = "";
    const char *t = ex->transport_text ? ex->transport_text : "";
    size_t tlen = strlen(t);
    while (tlen > 0 && (t[tlen - 1] == '\n' || t[tlen - 1] == '\r' ||
                        t[tlen - 1] == ' '))
        tlen--;     /* libcurl ends some of its messages with a newline */
    if (tlen > 0) {
        sg_clean(said, sizeof said, t, tlen, ex->keys);
        sg_fmt(text, sizeof text, " (libcurl: %s)", said);
    }
    const char *detail = ex->transport_detail ? ex->transport_detail
                                              : "transfer failed";
    if (ex->call == SG_CALL_ACCOUNT_CREATE && ex->request_sent) {
        set(r, AUTH_ERR_OUTCOME_UNKNOWN, failure_text(ex, AUTH_ERR_OUTCOME_UNKNOWN));
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) account creation: " UNKNOWN_OUTCOME_ADVICE
               "; the request went out, then: %s%s", region, detail, text);
        return;
    }
    set(r, st, st == AUTH_ERR_TLS
                   ? "SendGrid could not be reached securely. Please contact "
                     "support."
                   : "SendGrid could not be reached. Please try again in a "
                     "few minutes.");
    sg_fmt(r->log_message, sizeof r->log_message, "SendGrid (%s) %s: %s%s%s",
           region, call_name(ex), detail,
           ex->call == SG_CALL_ACCOUNT_CREATE
               ? "; the request was not sent, so trying again is safe" : "",
           text);
}

int sg_response_map(const sg_exchange *ex, const sg_settings *settings,
                    auth_result *r)
{
    return sg_response_map_account(ex, settings, r, NULL);
}

int sg_response_map_account(const sg_exchange *ex, const sg_settings *settings,
                            auth_result *r, auth_account *account)
{
    sg_copy(r->region, sizeof r->region, sg_region_name(ex->region));
    r->http_status = ex->transport_error ? 0 : (int)ex->http_status;
    const char *region = sg_region_name(ex->region);
    int create = ex->call == SG_CALL_ACCOUNT_CREATE;

    if (ex->transport_error) {
        map_transport(ex, r);
        return r->status;
    }
    long s = ex->http_status;
    if (ex->body_truncated) {
        /* A create refused with a 4xx made nothing, whatever its body;
         * any other answer to it may have come from one that did. */
        if (create && !(s >= 400 && s <= 499)) {
            set(r, AUTH_ERR_OUTCOME_UNKNOWN, failure_text(ex, AUTH_ERR_OUTCOME_UNKNOWN));
            sg_fmt(r->log_message, sizeof r->log_message,
                   "SendGrid (%s) account creation: " UNKNOWN_OUTCOME_ADVICE
                   "; it answered HTTP %ld with a body over %d KiB", region, s,
                   SG_BODY_MAX / 1024);
            return r->status;
        }
        set(r, AUTH_ERR_PROTOCOL, failure_text(ex, AUTH_ERR_PROTOCOL));
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) sent a response body over %d KiB with HTTP %ld to "
                 "the %s; refused as malformed", region, SG_BODY_MAX / 1024,
                 ex->http_status, call_name(ex));
        return r->status;
    }
    if (s == info_of(ex)->success) {
        if (ex->call == SG_CALL_SSO) {
            map_sso_success(ex, settings, r);
        } else if (ex->call == SG_CALL_CHECK) {
            set(r, AUTH_OK, "");
            sg_fmt(r->log_message, sizeof r->log_message,
                     "SendGrid (%s) is reachable and accepted the partner API key",
                     region);
        } else if (account != NULL) {
            map_account_success(ex, r, account);
        } else {
            auth_account scratch;
            auth_account_init(&scratch);
            map_account_success(ex, r, &scratch);
        }
    } else if (s >= 500 && s <= 599) {
        char message[MESSAGE_SHOWN_MAX + 1];
        sg_error_body_parse(ex->body, ex->body_len, ex->keys, message,
                            sizeof message, r->error_id, sizeof r->error_id);
        if (create) {
            set(r, AUTH_ERR_OUTCOME_UNKNOWN, failure_text(ex, AUTH_ERR_OUTCOME_UNKNOWN));
            sg_fmt(r->log_message, sizeof r->log_message,
                   "SendGrid (%s) account creation: " UNKNOWN_OUTCOME_ADVICE
                   "; it answered HTTP %ld%s%s%s", region, s,
                   message[0] ? ": \"" : "", message, message[0] ? "\"" : "");
            return r->status;
        }
        set(r, AUTH_ERR_UNAVAILABLE,
            "SendGrid is temporarily unavailable. Please try again in a few "
            "minutes.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered HTTP %ld to the %s%s%s%s; retry later",
                 region, s, call_name(ex), message[0] ? ": \"" : "", message,
                 message[0] ? "\"" : "");
    } else if (s >= 400 && s <= 499) {
        map_error_status(ex, r);
    } else if (create) {
        set(r, AUTH_ERR_OUTCOME_UNKNOWN, failure_text(ex, AUTH_ERR_OUTCOME_UNKNOWN));
        sg_fmt(r->log_message, sizeof r->log_message,
               "SendGrid (%s) account creation: " UNKNOWN_OUTCOME_ADVICE
               "; it answered HTTP %ld where 201 Created was expected", region, s);
    } else {
        set(r, AUTH_ERR_PROTOCOL, failure_text(ex, AUTH_ERR_PROTOCOL));
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered HTTP %ld to the %s where %s was expected; "
                 "check the base URL", region, s, call_name(ex),
                 info_of(ex)->expected);
    }
    return r->status;
}
