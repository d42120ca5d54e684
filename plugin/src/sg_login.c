/* login and check: validate the tenant's attributes, call the tenant's
 * region with retries inside the overall timeout, map the answer, audit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sg_audit.h"
#include "sg_instance.h"
#include "sg_request.h"
#include "sg_secret.h"

static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
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

/* Runs the call with retries (connection failures and 502/503/504 only)
 * inside the overall timeout, and maps the final answer into `r`. */
static int call(struct auth_instance *inst, enum sg_call what,
                const sg_request *req, const sg_keys *keys, auth_result *r,
                int *attempts)
{
    const sg_settings *s = &inst->settings;
    const char *base = s->base_url[req->region];
    char escaped[SG_ACCOUNT_ID_MAX * 3 + 1];
    char *url;
    size_t url_size = strlen(base) + sizeof escaped + 64;
    url = malloc(url_size);
    sg_conn *conn = url ? sg_pool_acquire(inst->pool) : NULL;
    if (conn == NULL) {
        free(url);
        r->status = AUTH_ERR_INTERNAL;
        snprintf(r->log_message, sizeof r->log_message, "out of memory");
        snprintf(r->user_message, sizeof r->user_message,
                 "SendGrid login failed. Please try again later.");
        return r->status;
    }
    /* Plain concatenation (url_size leaves room for every part). */
    if (what == SG_CALL_SSO) {
        escape_segment(escaped, req->account_id);
        concat(url, base, "/v3/partners/accounts/", escaped, "/sso");
    } else {
        concat(url, base, "/v3/partners/offerings", "", "");
    }

    int64_t deadline = clock_ms(CLOCK_MONOTONIC) + s->timeout_ms;
    sg_exchange ex;
    int retryable = 0;
    memset(&ex, 0, sizeof ex);
    ex.call = what;
    ex.region = req->region;
    ex.keys = keys;
    for (*attempts = 0;;) {
        int64_t left = deadline - clock_ms(CLOCK_MONOTONIC);
        if (left <= 0)
            break; /* keep the last answer (or the timeout below) */
        sg_conn_perform(conn, s, what, url, inst->headers[req->region], (long)left,
                        &ex, &retryable);
        ++*attempts;
        if (!retryable || *attempts > s->max_retries)
            break;
        /* A short pause before the next try, never past the deadline. */
        int64_t pause = 100LL << (*attempts - 1);
        left = deadline - clock_ms(CLOCK_MONOTONIC);
        if (pause >= left)
            break;
        struct timespec ts = {(time_t)(pause / 1000), (long)(pause % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (*attempts == 0) {
        ex.transport_error = 1;
        ex.transport_status = AUTH_ERR_UNAVAILABLE;
        ex.transport_detail = "timed out; the service is slow or unreachable "
                              "(see timeout_ms)";
    }
    ex.now_ms = clock_ms(CLOCK_REALTIME);
    sg_response_map(&ex, s, r);
    sg_pool_release(inst->pool, conn);
    free(url);
    return r->status;
}

static void audit(const struct auth_instance *inst, const sg_keys *keys,
                  enum sg_call what, const sg_request *req, const auth_result *r,
                  int attempts, int64_t started)
{
    sg_audit a;
    a.call = what;
    a.tenant = req->tenant;
    a.account = req->account_id;
    a.region = sg_request_region_text(req);
    a.status = r->status;
    a.http_status = r->http_status;
    a.error_id = r->error_id;
    a.attempts = attempts;
    a.ms = (long long)(clock_ms(CLOCK_MONOTONIC) - started);
    a.detail = r->status == AUTH_OK ? NULL : r->log_message;
    char line[SG_AUDIT_LINE_MAX];
    sg_audit_format(line, sizeof line, &a, keys);
    sg_log_text(inst, keys, AUTH_LOG_INFO, line);
}

static int run(struct auth_instance *inst, enum sg_call what,
               const char *const *attributes, auth_result *result)
{
    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    int64_t started = clock_ms(CLOCK_MONOTONIC);
    /* A caller whose result is at least ours gets it filled in place (no
     * second 5 KiB buffer to copy and wipe per login); an older, smaller
     * one gets a full-size local copy delivered, then wiped. */
    auth_result local;
    int in_place = result->struct_size >= sizeof local;
    auth_result *r = in_place ? result : &local;
    size_t caller_size = result->struct_size;
    auth_result_init(r);
    if (in_place)
        r->struct_size = caller_size;  /* a newer host's larger struct */
    sg_keys keys;
    sg_keys_of(inst, &keys);
    sg_request req;
    int attempts = 0;
    if (sg_request_parse(attributes, inst->settings.default_region,
                         what == SG_CALL_SSO, &keys, &req, r) == AUTH_OK)
        call(inst, what, &req, &keys, r, &attempts);
    /* Each text was cleaned as it was made; once more over the finished
     * ones, so nothing reaches the host that did not pass sg_clean. */
    sg_clean_in_place(r->log_message, sizeof r->log_message, &keys);
    sg_clean_in_place(r->user_message, sizeof r->user_message, &keys);
    sg_clean_in_place(r->error_id, sizeof r->error_id, &keys);
    audit(inst, &keys, what, &req, r, attempts, started);
    if (!in_place) {
        auth_result_deliver(result, &local);
        sg_secure_zero(local.redirect_url, sizeof local.redirect_url);
    }
    return result->status;
}

int sg_login(struct auth_instance *inst, const char *const *attributes,
             auth_result *result)
{
    return run(inst, SG_CALL_SSO, attributes, result);
}

int sg_check(struct auth_instance *inst, const char *const *attributes,
             auth_result *result)
{
    return run(inst, SG_CALL_CHECK, attributes, result);
}
