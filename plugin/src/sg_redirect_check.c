/* SPDX-License-Identifier: MIT */
/* The Location of a 303 goes straight into a customer's browser, logged in.
 * A compromised or misrouted upstream must not be able to send that browser
 * anywhere else, so the URL is checked against an allow-list first. */
#include "sg_redirect_check.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int sg_host_matches(const char *host, const sg_host_pattern *p)
{
    if (!p->wildcard)
        return strcmp(host, p->text) == 0;
    /* ".sendgrid.com" matches "x.sendgrid.com", not "sendgrid.com" nor
     * "evilsendgrid.com". */
    size_t hl = strlen(host), pl = strlen(p->text);
    return hl > pl && strcmp(host + hl - pl, p->text) == 0;
}

/* A strict reading of the authority of an absolute http(s) URL, written by
 * hand rather than with curl_url(): this runs on every login, and the
 * strictness is the point.  Only hosts that every URL parser (libcurl's,
 * a browser's WHATWG parser) reads the same way pass: letters, digits,
 * '-' and '.' in non-empty labels, a canonical dotted-quad when the last
 * label is numeric (browsers read "127.0.01" or "0x7f.1" as IPv4 addresses,
 * so those forms are refused rather than guessed), or a bracketed IPv6
 * literal of hex digits, ':' and '.'.  fuzz_redirect_check compares every
 * accepted URL with libcurl's own parse. */

/* Is `s` (n bytes) a decimal 0..255 without leading zeros? */
static int ipv4_part(const char *s, size_t n)
{
    if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
        return 0;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    return v <= 255;
}

/* Checks a registered name or IPv4 host of n bytes; 0 if canonical. */
static int check_name(const char *h, size_t n)
{
    if (n == 0 || n > 253)
        return -1;
    size_t labels = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && h[i] != '.') {
            char c = h[i];   /* ASCII ranges: the locale must not matter */
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-'))
                return -1;
            continue;
        }
        size_t len = i - start;   /* a label ends: no empty ones, <= 63 */
        if (len == 0 || len > 63)
            return -1;
        labels++;
        start = i + 1;
    }
    /* The last label decides whether a browser reads an IPv4 address. */
    const char *last = h + n;
    while (last > h && last[-1] != '.')
        last--;
    size_t ll = (size_t)(h + n - last);
    int numeric = ll > 1 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X');
    if (!numeric) {
        numeric = 1;
        for (size_t i = 0; i < ll; i++)
            if (last[i] < '0' || last[i] > '9')
                numeric = 0;
    }
    if (!numeric)
        return 0;
    if (labels != 4)
        return -1;
    start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && h[i] != '.')
            continue;
        if (!ipv4_part(h + start, i - start))
            return -1;
        start = i + 1;
    }
    return 0;
}

/* Splits the authority after "://" into host (as written, brackets
 * stripped) and checks its form and the port's.  0, or -1 with a reason. */
static int parse_authority(const char *url, const char **host, size_t *host_len,
                           char *why, size_t why_size)
{
    const char *a = strstr(url, "://") + 3;
    size_t n = strcspn(a, "/?#");
    /* User-info is refused on the raw text, whatever a parser would make
     * of it: any '@' in the authority. */
    if (memchr(a, '@', n) != NULL) {
        snprintf(why, why_size, "the login URL carries user-info (user@host)");
        return -1;
    }
    const char *port = NULL;
    if (n > 0 && a[0] == '[') {
        const char *close = memchr(a, ']', n);
        if (close == NULL || close == a + 1) {
            snprintf(why, why_size, "the login URL's host is not a valid IPv6 literal");
            return -1;
        }
        /* inet_pton is the reference for an IPv6 literal ("[127.0.0.1]"
         * or a zone id "%eth0" are not one). */
        char lit[INET6_ADDRSTRLEN + 1];
        unsigned char bin[16];
        size_t ll = (size_t)(close - a - 1);
        if (ll >= sizeof lit) {
            snprintf(why, why_size, "the login URL's host is not a valid IPv6 literal");
            return -1;
        }
        memcpy(lit, a + 1, ll);
        lit[ll] = '\0';
        if (inet_pton(AF_INET6, lit, bin) != 1) {
            snprintf(why, why_size, "the login URL's host is not a valid IPv6 literal");
            return -1;
        }
        *host = a + 1;
        *host_len = (size_t)(close - a - 1);
        if (close + 1 < a + n) {
            if (close[1] != ':') {
                snprintf(why, why_size, "the login URL's authority is malformed");
                return -1;
            }
            port = close + 2;
        }
    } else {
        const char *colon = memchr(a, ':', n);
        *host = a;
        *host_len = colon ? (size_t)(colon - a) : n;
        if (colon != NULL)
            port = colon + 1;
        if (check_name(*host, *host_len) != 0) {
            snprintf(why, why_size, "the login URL's host is not written in "
                     "canonical form");
            return -1;
        }
    }
    if (port != NULL) {
        size_t pl = (size_t)(a + n - port);
        unsigned long v = 0;
        for (size_t i = 0; i < pl; i++) {
            if (port[i] < '0' || port[i] > '9') {
                pl = 0;
                break;
            }
            v = v * 10 + (unsigned long)(port[i] - '0');
            if (v > 65535)
                break;
        }
        if (pl == 0 || pl > 5 || v == 0 || v > 65535) {
            snprintf(why, why_size, "the login URL's port is not a number from "
                     "1 to 65535");
            return -1;
        }
    }
    return 0;
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
    /* An absolute URL starts with a scheme, written in lower case. */
    int https = strncmp(url, "https://", 8) == 0;
    if (!https && strncmp(url, "http://", 7) != 0) {
        snprintf(why, why_size, "the login URL is not an absolute http(s) URL");
        return -1;
    }
    const char *host;
    size_t hl;
    if (parse_authority(url, &host, &hl, why, why_size) != 0)
        return -1;
    /* Lower-case for comparison. */
    char h[256];
    if (hl == 0 || hl >= sizeof h) {
        snprintf(why, why_size, "the login URL's host is empty or too long");
        return -1;
    }
    for (size_t i = 0; i < hl; i++)
        h[i] = (char)tolower((unsigned char)host[i]);
    h[hl] = '\0';
    if (!https && !sg_host_is_loopback(h)) {
        snprintf(why, why_size, "the login URL uses http, not https");
        return -1;
    }
    for (size_t i = 0; i < host_count; i++)
        if (sg_host_matches(h, &hosts[i]))
            return 0;
    /* The host is not secret; naming it tells the operator what to allow. */
    snprintf(why, why_size, "the login URL points to host '%.100s', which is not "
             "in redirect_hosts", h);
    return -1;
}
