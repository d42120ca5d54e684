/* The Location of a 303 goes straight into a customer's browser, logged in.
 * A compromised or misrouted upstream must not be able to send that browser
 * anywhere else, so the URL is checked against an allow-list first. */
#include "sg_redirect_check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

int sg_host_matches(const char *host, const sg_host_pattern *p)
{
    if (!p->wildcard)
        return strcmp(host, p->text) == 0;
    /* ".sendgrid.com" matches "x.sendgrid.com", not "sendgrid.com" nor
     * "evilsendgrid.com". */
    size_t hl = strlen(host), pl = strlen(p->text);
    return hl > pl && strcmp(host + hl - pl, p->text) == 0;
}

/* curl may not report an empty user ("https://@host/"): look for '@' in the
 * authority ourselves. */
static int authority_has_at(const char *url)
{
    const char *a = strstr(url, "://");
    if (a == NULL)
        return 0;
    a += 3;
    return memchr(a, '@', strcspn(a, "/?#")) != NULL;
}

/* Is the host as written in `url` exactly the host libcurl parsed (up to
 * case)?  Browsers and libcurl normalize odd forms ("127.0.01", "0x7f.1",
 * percent-escapes) differently; accepting only canonical hosts means the
 * browser goes exactly where we checked. */
static int host_is_canonical(const char *url, const char *parsed)
{
    const char *a = strstr(url, "://") + 3;
    size_t n = strcspn(a, "/?#");
    if (n > 0 && a[0] == '[') {
        const char *close = memchr(a, ']', n);
        n = close ? (size_t)(close - a) + 1 : n;
    } else {
        const char *colon = memchr(a, ':', n);
        if (colon != NULL)
            n = (size_t)(colon - a);
    }
    return strlen(parsed) == n && strncasecmp(a, parsed, n) == 0;
}

int sg_redirect_check(const char *url, const sg_host_pattern *hosts,
                      size_t host_count, char *why, size_t why_size)
{
    size_t len = strnlen(url, SG_REDIRECT_MAX_LEN + 1);
    if (len > SG_REDIRECT_MAX_LEN) {
        snprintf(why, why_size, "the login URL is longer than %d bytes",
                 SG_REDIRECT_MAX_LEN);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (iscntrl(c) || c == ' ' || c >= 0x7f) {
            snprintf(why, why_size, "the login URL contains a control, space or "
                     "non-ASCII character at byte %zu", i + 1);
            return -1;
        }
    }
    /* An absolute URL starts with a scheme; curl would otherwise guess one. */
    if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) {
        snprintf(why, why_size, "the login URL is not an absolute http(s) URL");
        return -1;
    }
    int rc = -1;
    char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL;
    CURLU *u = curl_url();
    if (u == NULL) {
        snprintf(why, why_size, "out of memory checking the login URL");
        return -1;
    }
    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        snprintf(why, why_size, "the login URL could not be parsed");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
        curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK ||
        authority_has_at(url)) {
        snprintf(why, why_size, "the login URL carries user-info (user@host)");
        goto out;
    }
    if (!host_is_canonical(url, host)) {
        snprintf(why, why_size, "the login URL's host is not written in "
                 "canonical form");
        goto out;
    }
    /* Lower-case and unbracket the host for comparison. */
    char h[256];
    size_t hl = strlen(host);
    const char *hs = host;
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        hs = host + 1;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof h) {
        snprintf(why, why_size, "the login URL's host is empty or too long");
        goto out;
    }
    for (size_t i = 0; i < hl; i++)
        h[i] = (char)tolower((unsigned char)hs[i]);
    h[hl] = '\0';
    if (strcmp(scheme, "https") != 0 &&
        !(strcmp(scheme, "http") == 0 && sg_host_is_loopback(h))) {
        snprintf(why, why_size, "the login URL uses %.10s, not https", scheme);
        goto out;
    }
    for (size_t i = 0; i < host_count; i++) {
        if (sg_host_matches(h, &hosts[i])) {
            rc = 0;
            goto out;
        }
    }
    /* The host is not secret; naming it tells the operator what to allow. */
    snprintf(why, why_size, "the login URL points to host '%.100s', which is not "
             "in redirect_hosts", h);
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_free(password);
    curl_url_cleanup(u);
    return rc;
}
