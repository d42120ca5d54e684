/* SPDX-License-Identifier: MIT */
/* scripts.c -- the scripted accounts: error statuses, rate limits, broken
 * redirects, odd bodies, a slow answer, no answer and a dropped
 * connection, so clients can be tested against everything SendGrid might
 * do, in every operation on an account. */
#include "scripts.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codes.h"
#include "response.h"
#include "sso.h"
#include "sandbox.h"

#define BIG_LEN (100 * 1024)
#define ONCE_PREFIX "script-503-once-"
#define ONCE_BUCKETS 4096

static char *big_body;  /* BIG_LEN bytes of JSON-ish error */

typedef struct once_node {
    struct once_node *next;
    char id[];
} once_node;

static pthread_mutex_t once_lock = PTHREAD_MUTEX_INITIALIZER;
static once_node *once_seen[ONCE_BUCKETS];

int sbx_scripts_init(void)
{
    static const char head[] = "{\"errors\":[{\"message\":\"";
    static const char tail[] = "\",\"field\":\"\",\"error_id\":\"sbx-big-body\"}]}";
    big_body = malloc(BIG_LEN);
    if (!big_body)
        return -1;
    memset(big_body, 'x', BIG_LEN);
    memcpy(big_body, head, sizeof head - 1);
    memcpy(big_body + BIG_LEN - (sizeof tail - 1), tail, sizeof tail - 1);
    return 0;
}

/* 1 the first time `id` is seen, 0 afterwards (or if out of memory). */
static int first_time(const char *id)
{
    unsigned h = 5381;
    for (const char *p = id; *p; p++)
        h = h * 33 + (unsigned char)*p;
    h %= ONCE_BUCKETS;
    int first = 1;
    pthread_mutex_lock(&once_lock);
    for (once_node *n = once_seen[h]; n; n = n->next)
        if (strcmp(n->id, id) == 0) {
            first = 0;
            break;
        }
    if (first) {
        size_t l = strlen(id);
        once_node *n = malloc(sizeof *n + l + 1);
        if (n) {
            memcpy(n->id, id, l + 1);
            n->next = once_seen[h];
            once_seen[h] = n;
        } else {
            first = 0;
        }
    }
    pthread_mutex_unlock(&once_lock);
    return first;
}

static int scripted_error(sbx_conn *c, int status)
{
    const char *msg;
    char id[32];
    switch (status) {
    case 401: msg = "scripted: authorization required"; break;
    case 403: msg = "scripted: access forbidden"; break;
    case 404: msg = "scripted: resource not found"; break;
    case 500: msg = "scripted: internal server error"; break;
    case 502: msg = "scripted: bad gateway"; break;
    case 503: msg = "scripted: service unavailable"; break;
    case 504: msg = "scripted: gateway timeout"; break;
    default: msg = "scripted error"; break;
    }
    snprintf(id, sizeof id, "sbx-%d", status);
    return sbx_respond_error(c, status, msg, id, NULL);
}

/* A 303 whose Location headers are given as printf-style prefixes of a
 * fresh code each: "Location: PREFIX<code>". */
static int redirect_with(sbx_conn *c, const char *account, const char *prefix1, const char *prefix2)
{
    char code[SBX_CODE_LEN + 1], code2[SBX_CODE_LEN + 1], hdr[1024];
    if (sbx_codes_mint(account, code) != 0 || sbx_codes_mint(account, code2) != 0)
        return sbx_respond_error(c, 500, "could not mint a login code", "sbx-internal", NULL);
    int n = snprintf(hdr, sizeof hdr, "Location: %s%s\r\n", prefix1, code);
    if (prefix2 && n > 0 && (size_t)n < sizeof hdr)
        snprintf(hdr + n, sizeof hdr - (size_t)n, "Location: %s%s\r\n", prefix2, code2);
    return sbx_respond(c, 303, NULL, hdr, NULL, 0);
}

static int big_chunked(sbx_conn *c)
{
    char head[256];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 401 Unauthorized\r\nServer: sendgrid-sandbox\r\n"
                     "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n%s\r\n",
                     c->close ? "Connection: close\r\n" : "");
    if (sbx_conn_write(c, head, (size_t)n) != 0)
        goto broken;
    for (size_t off = 0; off < BIG_LEN; off += 4096) {
        size_t len = BIG_LEN - off < 4096 ? BIG_LEN - off : 4096;
        char sz[16];
        int sl = snprintf(sz, sizeof sz, "%zx\r\n", len);
        if (sbx_conn_write(c, sz, (size_t)sl) != 0 ||
            sbx_conn_write(c, big_body + off, len) != 0 || sbx_conn_write(c, "\r\n", 2) != 0)
            goto broken;
    }
    if (sbx_conn_write(c, "0\r\n\r\n", 5) != 0)
        goto broken;
    return 401;
broken:
    c->close = 1;
    return 401;
}

int sbx_scripts_status(sbx_conn *c, int status)
{
    /* The OpenAPI file's example of a 400, word for word. */
    static const char bad_request[] =
        "{\"errors\":[{\"message\":\"Field must be a valid email\",\"field\":\"email\","
        "\"error_id\":\"10-40002\"},{\"message\":\"Field must be formatted using the E.164 "
        "standard consisting of [+] [country code] [subscriber number including area code] "
        "and can have a maximum of fifteen digits.\",\"field\":\"phone\",\"error_id\":"
        "\"10-40010\"},{\"message\":\"Field must be a valid URL\",\"field\":"
        "\"company_website\",\"error_id\":\"10-40008\"}]}";
    if (status == 400)
        return sbx_respond(c, 400, "application/json", NULL, bad_request, sizeof bad_request - 1);
    if (status == 429) {
        char hdr[64];
        snprintf(hdr, sizeof hdr, "X-RateLimit-Reset: %lld\r\n", (long long)time(NULL) + 30);
        return sbx_respond_error(c, 429, "scripted: too many requests", "sbx-429", hdr);
    }
    return scripted_error(c, status);
}

/* A status line and headers promising a 64-byte body, 10 bytes of it, and
 * a close without close_notify.  libcurl takes headers cut off by EOF as
 * complete, so the body is what must be cut: the client must see a
 * transfer error, not a usable answer. */
static int drop_midway(sbx_conn *c, sbx_op op)
{
    char part[256];
    int status = op == SBX_OP_SSO ? 303 : 200;
    int n = snprintf(part, sizeof part,
                     "HTTP/1.1 %d %s\r\nServer: sendgrid-sandbox\r\n"
                     "Content-Type: application/json\r\n"
                     "Content-Length: 64\r\n\r\n{\"errors\":",
                     status, status == 303 ? "See Other" : "OK");
    sbx_conn_write(c, part, (size_t)n);
    c->close = 1;
    c->abort = 1;
    return status;
}

/* The scripts whose answer is a fixed body. */
static const struct {
    const char *name;
    int sso_only;       /* 1: only the SSO operation answers so */
    int status;
    const char *type, *body;
} canned[] = {
    {"bad-json", 0, 401, "text/html", "<html>oops</html>"},
    {"empty-errors", 0, 401, "application/json", "{\"errors\":[]}"},
    {"200", 1, 200, "application/json",
     "{\"result\":\"ok\",\"note\":\"script-200 answers 200 where SendGrid answers 303\"}"},
};

/* The SSO scripts whose one Location is not the login page's. */
static const struct {
    const char *name, *login_base;
} misdirected[] = {
    {"303-foreign", "https://evil.example.net/login?code="},
    {"303-relative", "/login?code="},
};

int sbx_scripts_handle(sbx_conn *c, sbx_op op, const char *account, int *status)
{
    static const int plain_errors[] = {400, 401, 403, 404, 500, 502, 503, 504};
    if (strncmp(account, "script-", 7) != 0)
        return 0;
    const char *name = account + 7;

    for (size_t i = 0; i < sizeof plain_errors / sizeof plain_errors[0]; i++) {
        char want[8];
        snprintf(want, sizeof want, "%d", plain_errors[i]);
        if (strcmp(name, want) == 0) {
            *status = sbx_scripts_status(c, plain_errors[i]);
            return 1;
        }
    }
    if (strncmp(account, ONCE_PREFIX, sizeof ONCE_PREFIX - 1) == 0) {
        char key[1200];
        snprintf(key, sizeof key, "%s %s", sbx_op_name(op), account);
        if (!first_time(key))
            return 0;
        *status = scripted_error(c, 503);
        return 1;
    }
    if (strcmp(name, "429-epoch") == 0) {
        *status = sbx_scripts_status(c, 429);
        return 1;
    }
    if (strcmp(name, "429-seconds") == 0) {
        *status = sbx_respond_error(c, 429, "scripted: too many requests", "sbx-429",
                                    "X-RateLimit-Reset: 30\r\n");
        return 1;
    }
    if (strcmp(name, "slow") == 0) {
        /* A stopping sandbox cuts the wait short; the answer then goes
         * out as usual, or fails with the connection. */
        (void)srv_conn_pause(c->io, sbx_cfg.slow_ms);
        return 0;
    }
    if (strcmp(name, "hang") == 0) {
        *status = sbx_conn_no_answer(c, SBX_NO_ANSWER_HANG);
        return 1;
    }
    if (strcmp(name, "big-body") == 0) {
        *status = sbx_respond(c, 401, "application/json", NULL, big_body, BIG_LEN);
        return 1;
    }
    if (strcmp(name, "big-chunked") == 0) {
        *status = big_chunked(c);
        return 1;
    }
    for (size_t i = 0; i < sizeof canned / sizeof canned[0]; i++)
        if (strcmp(name, canned[i].name) == 0 && (!canned[i].sso_only || op == SBX_OP_SSO)) {
            *status = sbx_respond(c, canned[i].status, canned[i].type, NULL, canned[i].body,
                                  strlen(canned[i].body));
            return 1;
        }
    if (strcmp(name, "drop") == 0) {
        *status = drop_midway(c, op);
        return 1;
    }
    if (op != SBX_OP_SSO)
        return 0;   /* the rest are about the SSO redirect */
    if (strcmp(name, "303-no-location") == 0) {
        *status = sbx_respond(c, 303, NULL, NULL, NULL, 0);
        return 1;
    }
    for (size_t i = 0; i < sizeof misdirected / sizeof misdirected[0]; i++)
        if (strcmp(name, misdirected[i].name) == 0) {
            *status = redirect_with(c, account, misdirected[i].login_base, NULL);
            return 1;
        }
    if (strcmp(name, "303-two-locations") == 0) {
        char base[512];
        if (sbx_login_url("", base, sizeof base) != 0)
            base[0] = '\0';
        *status = redirect_with(c, account, base, base);
        return 1;
    }
    return 0;
}
