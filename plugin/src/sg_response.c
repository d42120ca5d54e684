/* One HTTP exchange in, one auth_result out.  This is the only place that
 * decides what a SendGrid answer means, and it never sees the clock or the
 * network, so every mapping is tested and fuzzed directly. */
#include "sg_response.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char *call_name(const sg_exchange *ex)
{
    return ex->call == SG_CALL_SSO ? "single sign-on" : "connection check";
}

/* Upstream's message, cleaned, is cut to this many bytes so that with an
 * error_id of AUTH_ID_MAX - 1 bytes, inside the longest sentence below, the
 * log_message still fits whole: the cut falls only where sg_clean chose. */
#define MESSAGE_SHOWN_MAX 200

/* 401/403/404 and the other 4xx: SendGrid's message and error_id travel to
 * the operator's log; the end user gets a sentence without internals. */
static void map_error_status(const sg_exchange *ex, auth_result *r)
{
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
        set(r, AUTH_ERR_AUTH_REJECTED,
            "SendGrid login is not available right now: the hosting provider's "
            "SendGrid connection needs attention. Please contact support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) rejected the partner API key with 401: %s; check "
                 "that the %s key is a current partner key", region, detail,
                 ex->region == SG_REGION_EU ? "EU" : "global");
        break;
    case 403:
        set(r, AUTH_ERR_FORBIDDEN,
            "Your SendGrid account cannot be opened from here. Please contact "
            "support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) refused the %s with 403: %s; the key lacks the "
                 "partner scope or the account is not yours or is suspended",
                 region, call_name(ex), detail);
        break;
    case 404:
        set(r, AUTH_ERR_NOT_FOUND,
            "Your SendGrid account could not be found. Please contact support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered 404 for the %s: %s; check the tenant's "
                 "account_id and region", region, call_name(ex), detail);
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
        set(r, AUTH_ERR_PROTOCOL,
            "SendGrid login failed. Please try again later or contact support.");
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

int sg_response_map(const sg_exchange *ex, const sg_settings *settings,
                    auth_result *r)
{
    sg_copy(r->region, sizeof r->region, sg_region_name(ex->region));
    r->http_status = ex->transport_error ? 0 : (int)ex->http_status;
    const char *region = sg_region_name(ex->region);

    if (ex->transport_error) {
        int st = ex->transport_status;
        set(r, st, st == AUTH_ERR_TLS
                       ? "SendGrid could not be reached securely. Please contact "
                         "support."
                       : "SendGrid could not be reached. Please try again in a "
                         "few minutes.");
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
        sg_fmt(r->log_message, sizeof r->log_message, "SendGrid (%s) %s: %s%s",
                 region, call_name(ex),
                 ex->transport_detail ? ex->transport_detail : "transfer failed",
                 text);
        return r->status;
    }
    if (ex->body_truncated) {
        set(r, AUTH_ERR_PROTOCOL,
            "SendGrid login failed. Please try again later or contact support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) sent a response body over %d KiB with HTTP %ld to "
                 "the %s; refused as malformed", region, SG_BODY_MAX / 1024,
                 ex->http_status, call_name(ex));
        return r->status;
    }
    long s = ex->http_status;
    if (ex->call == SG_CALL_SSO && s == 303) {
        map_sso_success(ex, settings, r);
    } else if (ex->call == SG_CALL_CHECK && s == 200) {
        set(r, AUTH_OK, "");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) is reachable and accepted the partner API key",
                 region);
    } else if (s >= 500 && s <= 599) {
        set(r, AUTH_ERR_UNAVAILABLE,
            "SendGrid is temporarily unavailable. Please try again in a few "
            "minutes.");
        char message[MESSAGE_SHOWN_MAX + 1];
        sg_error_body_parse(ex->body, ex->body_len, ex->keys, message,
                            sizeof message, r->error_id, sizeof r->error_id);
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered HTTP %ld to the %s%s%s%s; retry later",
                 region, s, call_name(ex), message[0] ? ": \"" : "", message,
                 message[0] ? "\"" : "");
    } else if (s >= 400 && s <= 499) {
        map_error_status(ex, r);
    } else {
        set(r, AUTH_ERR_PROTOCOL,
            "SendGrid login failed. Please try again later or contact support.");
        sg_fmt(r->log_message, sizeof r->log_message,
                 "SendGrid (%s) answered HTTP %ld to the %s where %s was expected; "
                 "check the base URL", region, s, call_name(ex),
                 ex->call == SG_CALL_SSO ? "303 See Other" : "200");
    }
    return r->status;
}
