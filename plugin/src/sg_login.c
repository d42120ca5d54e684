/* login and check: validate the tenant's attributes, call the tenant's
 * region with retries inside the overall timeout, map the answer, audit. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sg_instance.h"
#include "sg_secret.h"
#include "sg_text.h"

#define ACCOUNT_ID_MAX 256

typedef struct sg_request {
    char tenant[129];            /* for the audit line; sanitized */
    char region_text[33];        /* the region as asked, for the audit line */
    const char *account_id;      /* borrowed from the attributes */
    enum sg_region region;
} sg_request;

static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* sg_copy_printable for one key=value field of the audit line: blanks and
 * quotes become '?' too, so a tenant or account named "x outcome=AUTH_OK"
 * cannot add fields to the line a log parser reads. */
static void copy_token(char *dst, size_t size, const char *src)
{
    sg_copy_printable(dst, size, src);
    for (; *dst; dst++)
        if (*dst == ' ' || *dst == '"' || *dst == '=')
            *dst = '?';
}

/* `value` made printable and cut to fit `buf` (72 bytes), for messages. */
static const char *shown(char buf[72], const char *value)
{
    sg_copy_printable(buf, 72, value);
    return buf;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if (iscntrl((unsigned char)*s))
            return 1;
    return 0;
}

/* Fills an invalid-request result.  The single %s in fmt receives `value`
 * made printable and cut to 64 bytes. */
static int invalid(auth_result *r, const char *fmt, ...) AUTH_PROVIDER_PRINTF(2, 3);
static int invalid(auth_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->status = AUTH_ERR_INVALID_REQUEST;
    vsnprintf(r->log_message, sizeof r->log_message, fmt, ap);
    va_end(ap);
    snprintf(r->user_message, sizeof r->user_message,
             "This SendGrid account is not set up correctly in the panel. "
             "Please contact support.");
    return r->status;
}

static int parse_request(const struct auth_instance *inst,
                         const char *const *attributes, int need_account,
                         sg_request *req, auth_result *r)
{
    const char *region = NULL, *tenant = NULL;
    char buf[72];
    req->account_id = NULL;
    req->region = inst->settings.default_region;
    /* Filled before anything can fail: the audit line reads them. */
    copy_token(req->tenant, sizeof req->tenant, "-");
    copy_token(req->region_text, sizeof req->region_text,
               sg_region_name(req->region));
    for (size_t i = 0; attributes != NULL && attributes[i] != NULL; i++) {
        const char *kv = attributes[i];
        const char *eq = strchr(kv, '=');
        if (eq == NULL)
            return invalid(r, "request attribute '%s' is not of the form "
                           "key=value", shown(buf, kv));
        size_t klen = (size_t)(eq - kv);
        if (klen == 10 && strncmp(kv, "account_id", 10) == 0)
            req->account_id = eq + 1;
        else if (klen == 6 && strncmp(kv, "region", 6) == 0)
            region = eq + 1;
        else if (klen == 6 && strncmp(kv, "tenant", 6) == 0)
            tenant = eq + 1;
        /* Other attributes belong to the host or other providers: ignored. */
    }
    copy_token(req->tenant, sizeof req->tenant, tenant ? tenant : "-");
    if (region != NULL)
        copy_token(req->region_text, sizeof req->region_text, region);
    if (region != NULL && sg_region_parse(region, &req->region) != 0)
        return invalid(r, "region '%s' is not supported: use 'global' or 'eu'",
                       shown(buf, region));
    const char *id = req->account_id;
    if (id == NULL || *id == '\0') {
        if (!need_account) {
            req->account_id = NULL;
            return AUTH_OK;
        }
        return invalid(r, "the request has no account_id: set the tenant's "
                       "SendGrid account ID");
    }
    if (strlen(id) > ACCOUNT_ID_MAX)
        return invalid(r, "account_id '%s...' is longer than 256 bytes",
                       shown(buf, id));
    if (has_control(id))
        return invalid(r, "account_id '%s' contains control characters",
                       shown(buf, id));
    return AUTH_OK;
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
 * escaped too: an ID of ".." would otherwise be a dot-segment that libcurl
 * (and any proxy) resolves away. */
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
                const sg_request *req, auth_result *r, int *attempts)
{
    const sg_settings *s = &inst->settings;
    const char *base = s->base_url[req->region];
    char escaped[ACCOUNT_ID_MAX * 3 + 1];
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

static void audit(const struct auth_instance *inst, const char *what,
                  const sg_request *req, const auth_result *r, int attempts,
                  int64_t started)
{
    char account[72];
    copy_token(account, sizeof account, req->account_id ? req->account_id : "-");
    long long ms = (long long)(clock_ms(CLOCK_MONOTONIC) - started);
    if (r->status == AUTH_OK)
        sg_log(inst, AUTH_LOG_INFO, "sendgrid: %s tenant=%s account=%s region=%s "
               "outcome=%s http=%d error_id=%s attempts=%d ms=%lld", what,
               req->tenant, account, req->region_text,
               auth_status_name(r->status), r->http_status,
               r->error_id[0] ? r->error_id : "-", attempts, ms);
    else
        sg_log(inst, AUTH_LOG_INFO, "sendgrid: %s tenant=%s account=%s region=%s "
               "outcome=%s http=%d error_id=%s attempts=%d ms=%lld detail=\"%s\"",
               what, req->tenant, account, req->region_text,
               auth_status_name(r->status), r->http_status,
               r->error_id[0] ? r->error_id : "-", attempts, ms, r->log_message);
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
    sg_request req;
    int attempts = 0;
    if (parse_request(inst, attributes, what == SG_CALL_SSO, &req, r) == AUTH_OK)
        call(inst, what, &req, r, &attempts);
    sg_redact_keys(inst, r->log_message, sizeof r->log_message);
    sg_redact_keys(inst, r->user_message, sizeof r->user_message);
    audit(inst, what == SG_CALL_SSO ? "login" : "check", &req, r, attempts,
          started);
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
