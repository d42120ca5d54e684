/* SPDX-License-Identifier: MIT */
/* sso.c -- single sign-on: one-time login codes in a 303 to the sandbox's
 * own login page, which spends them. */
#include "sso.h"

#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "response.h"
#include "sandbox.h"
#include "stats.h"
#include "urls.h"

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

int sbx_sso(sbx_conn *c, const char *account, const sbx_account_view *view)
{
    if (view->deactivated)
        return sbx_respond_error(c, 403, "account is deactivated", "sbx-account-deactivated",
                                 NULL);
    return sbx_sso_redirect(c, account);
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

int sbx_login_page(sbx_conn *c)
{
    static const char no_cache[] = "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n";
    static const char expired[] =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        "<title>SendGrid sandbox - login refused</title></head>\n"
        "<body><h1>SendGrid sandbox</h1>\n"
        "<p>This login link has expired or was already used.</p></body></html>\n";
    sbx_stats_inc(SBX_ST_LOGIN_PAGE_HITS);
    size_t clen = 0;
    const char *code = c->req.query ? sbx_query_param(c->req.query, "code", &clen) : NULL;
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
