/* routes.c -- the partner API operations (SSO, offerings), the login page
 * and the /_sandbox/ control endpoints. */
#include "routes.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"
#include "response.h"
#include "sandbox.h"
#include "scripts.h"
#include "stats.h"

#define ACCOUNTS_PREFIX "/v3/partners/accounts/"

/* "yes" (the partner key), "no" (another) or "none" (no Authorization). */
static const char *auth_state(const srv_request *r)
{
    const char *a = r->authorization;
    if (!a)
        return "none";
    if (strlen(a) > 7 && strncasecmp(a, "Bearer ", 7) == 0) {
        const char *k = a + 7;
        while (*k == ' ')
            k++;
        size_t kl = strlen(k);
        if (kl == sbx_cfg.api_key_len && CRYPTO_memcmp(k, sbx_cfg.api_key, kl) == 0)
            return "yes";
    }
    return "no";
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Percent-decode src[0..len) into dst (size dst_size).  Fails (-1) on a bad
 * escape, an encoded NUL, or when it does not fit. */
static int pct_decode(const char *src, size_t len, char *dst, size_t dst_size)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '%') {
            if (i + 2 >= len)
                return -1;
            int hi = hexval(src[i + 1]), lo = hexval(src[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            if (c == '\0')
                return -1;
            i += 2;
        }
        if (o + 1 >= dst_size)
            return -1;
        dst[o++] = c;
    }
    dst[o] = '\0';
    return 0;
}

/* The value of query parameter `name` (raw, not decoded), or NULL. */
static const char *query_param(const char *query, const char *name, size_t *len)
{
    size_t nl = strlen(name);
    const char *p = query;
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t seg = amp ? (size_t)(amp - p) : strlen(p);
        if (seg > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            *len = seg - nl - 1;
            return p + nl + 1;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

static int account_exists(const char *id)
{
    if (strncmp(id, "script-", 7) == 0)
        return 1;
    if (sbx_cfg.n_accounts) {
        for (size_t i = 0; i < sbx_cfg.n_accounts; i++)
            if (strcmp(sbx_cfg.accounts[i], id) == 0)
                return 1;
        return 0;
    }
    return strncmp(id, "missing", 7) != 0;
}

int sbx_login_url(const char *code, char *out, size_t n)
{
    int w = snprintf(out, n, "%s://%s:%d/login?code=%s", sbx_cfg.scheme, sbx_cfg.login_host,
                     sbx_cfg.port, code);
    return (w < 0 || (size_t)w >= n) ? -1 : 0;
}

int sbx_sso_redirect(sbx_conn *c, const char *account)
{
    char code[SBX_CODE_LEN + 1], hdr[1024];
    if (sbx_codes_mint(account, code) != 0)
        return sbx_respond_error(c, 500, "could not mint a login code", "sbx-internal", NULL);
    memcpy(hdr, "Location: ", 10);
    if (sbx_login_url(code, hdr + 10, sizeof hdr - 12) != 0)
        return sbx_respond_error(c, 500, "login URL too long", "sbx-internal", NULL);
    strcat(hdr, "\r\n");
    return sbx_respond(c, 303, NULL, hdr, NULL, 0);
}

static int handle_sso(sbx_conn *c, const char *seg, size_t seg_len)
{
    char account[1024];
    int status;
    sbx_stats_inc(SBX_ST_SSO_REQUESTS);
    c->sso_pending_account = account;   /* logged by the answer's first write */
    if (pct_decode(seg, seg_len, account, sizeof account) != 0) {
        /* Log what came, escaped or not. */
        size_t l = seg_len < sizeof account - 1 ? seg_len : sizeof account - 1;
        memcpy(account, seg, l);
        account[l] = '\0';
        if (strcmp(c->auth_state, "yes") == 0) {
            sbx_stats_inc(SBX_ST_AUTHORIZED);
            status = sbx_respond_error(c, 400, "account id is not a valid path segment",
                                   "sbx-bad-account-id", NULL);
            goto out;
        }
    }
    if (strcmp(c->auth_state, "yes") != 0) {
        sbx_stats_inc(SBX_ST_UNAUTHORIZED);
        status = sbx_respond_error(c, 401, "authorization required", "sbx-unauthorized", NULL);
        goto out;
    }
    sbx_stats_inc(SBX_ST_AUTHORIZED);
    if (!account_exists(account)) {
        status = sbx_respond_error(c, 404, "account not found", "sbx-account-not-found", NULL);
        goto out;
    }
    if (!sbx_scripts_handle(c, account, &status))
        status = sbx_sso_redirect(c, account);
out:
    if (c->sso_pending_account != NULL) {
        /* Nothing was written (or the 400 above): log it now. */
        c->sso_pending_account = NULL;
        sbx_stats_sso_log(c->id, account, c->req.path, status);
    }
    return status;
}

static int handle_offerings(sbx_conn *c)
{
    static const char body[] =
        "{\"result\":[{\"name\":\"org:sendgrid\",\"type\":\"package\",\"quantity\":1},"
        "{\"name\":\"org:sendgrid:marketing\",\"type\":\"addon\",\"quantity\":1}],"
        "\"offerings\":[{\"name\":\"org:sendgrid\",\"type\":\"package\",\"quantity\":1},"
        "{\"name\":\"org:sendgrid:marketing\",\"type\":\"addon\",\"quantity\":1}]}";
    if (strcmp(c->auth_state, "yes") != 0) {
        sbx_stats_inc(SBX_ST_UNAUTHORIZED);
        return sbx_respond_error(c, 401, "authorization required", "sbx-unauthorized", NULL);
    }
    sbx_stats_inc(SBX_ST_AUTHORIZED);
    return sbx_respond(c, 200, "application/json", NULL, body, sizeof body - 1);
}

/* Append s HTML-escaped to out[*o..n). */
static void html_escape(char *out, size_t n, size_t *o, const char *s)
{
    for (; *s && *o + 7 < n; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep) {
            size_t l = strlen(rep);
            memcpy(out + *o, rep, l);
            *o += l;
        } else {
            out[(*o)++] = *s;
        }
    }
    out[*o] = '\0';
}

static void cat(char *out, size_t n, size_t *o, const char *s)
{
    size_t l = strlen(s);
    if (*o + l >= n)
        l = n - 1 - *o;
    memcpy(out + *o, s, l);
    *o += l;
    out[*o] = '\0';
}

static int handle_login(sbx_conn *c)
{
    static const char no_cache[] = "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n";
    static const char expired[] =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        "<title>SendGrid sandbox - login refused</title></head>\n"
        "<body><h1>SendGrid sandbox</h1>\n"
        "<p>This login link has expired or was already used.</p></body></html>\n";
    sbx_stats_inc(SBX_ST_LOGIN_PAGE_HITS);
    size_t clen = 0;
    const char *code = c->req.query ? query_param(c->req.query, "code", &clen) : NULL;
    char account[1024];
    if (!code || !sbx_codes_consume(code, clen, account, sizeof account))
        return sbx_respond(c, 403, "text/html; charset=utf-8", no_cache, expired, sizeof expired - 1);
    sbx_stats_inc(SBX_ST_LOGIN_OK);

    char page[4096];
    size_t o = 0;
    cat(page, sizeof page, &o,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>SendGrid sandbox - ");
    html_escape(page, sizeof page, &o, account);
    cat(page, sizeof page, &o,
        "</title></head>\n<body><h1>SendGrid sandbox</h1>\n<p>Logged in to SendGrid account <b>");
    html_escape(page, sizeof page, &o, account);
    cat(page, sizeof page, &o, "</b> (region ");
    html_escape(page, sizeof page, &o, sbx_cfg.region);
    cat(page, sizeof page, &o, ")</p></body></html>\n");
    return sbx_respond(c, 200, "text/html; charset=utf-8", no_cache, page, o);
}

static int handle_control(sbx_conn *c, const char *path, const char *method)
{
    if (strcmp(path, "/_sandbox/stats") == 0) {
        if (strcmp(method, "GET") != 0)
            return sbx_respond_error(c, 405, "use GET", "sbx-method", "Allow: GET\r\n");
        size_t len;
        char *json = sbx_stats_json(sbx_cfg.region, &len);
        if (!json)
            return sbx_respond_error(c, 500, "out of memory", "sbx-internal", NULL);
        int st = sbx_respond(c, 200, "application/json", NULL, json, len);
        free(json);
        return st;
    }
    if (strcmp(path, "/_sandbox/reset") == 0) {
        if (strcmp(method, "POST") != 0)
            return sbx_respond_error(c, 405, "use POST", "sbx-method", "Allow: POST\r\n");
        sbx_stats_reset();
        static const char ok[] = "{\"reset\":true}";
        return sbx_respond(c, 200, "application/json", NULL, ok, sizeof ok - 1);
    }
    return sbx_respond_error(c, 404, "route not found", "sbx-route-not-found", NULL);
}

int sbx_route_request(sbx_conn *c)
{
    const srv_request *r = &c->req;
    const char *path = r->path, *method = r->method;

    if (strncmp(path, "/_sandbox/", 10) == 0)
        return handle_control(c, path, method);
    sbx_stats_inc(SBX_ST_REQUESTS);
    c->auth_state = auth_state(r);

    if (strncmp(path, ACCOUNTS_PREFIX, sizeof ACCOUNTS_PREFIX - 1) == 0) {
        const char *seg = path + sizeof ACCOUNTS_PREFIX - 1;
        const char *slash = strchr(seg, '/');
        if (slash && slash != seg && strcmp(slash, "/sso") == 0) {
            if (strcmp(method, "POST") != 0)
                return sbx_respond_error(c, 405, "use POST", "sbx-method", "Allow: POST\r\n");
            return handle_sso(c, seg, (size_t)(slash - seg));
        }
    } else if (strcmp(path, "/v3/partners/offerings") == 0) {
        if (strcmp(method, "GET") != 0)
            return sbx_respond_error(c, 405, "use GET", "sbx-method", "Allow: GET\r\n");
        return handle_offerings(c);
    } else if (strcmp(path, "/login") == 0) {
        if (strcmp(method, "GET") != 0)
            return sbx_respond_error(c, 405, "use GET", "sbx-method", "Allow: GET\r\n");
        return handle_login(c);
    }
    return sbx_respond_error(c, 404, "route not found", "sbx-route-not-found", NULL);
}
