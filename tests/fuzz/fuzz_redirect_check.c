/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the redirect check on arbitrary bytes.  Whatever it
 * accepts must be https (or http to loopback), free of control characters
 * and user-info, at most 4096 bytes, on an allowed host. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "sg_redirect_check.h"

/* Differential: every URL the check accepts must parse with libcurl to the
 * same host the check compared (lower-cased, without brackets), so the
 * hand-written parser and libcurl never disagree on where a browser goes. */
static void curl_agrees(const char *url)
{
    const char *a = strstr(url, "://") + 3;
    size_t n = strcspn(a, "/?#");
    const char *h = a;
    size_t hl;
    if (n > 0 && a[0] == '[') {
        h = a + 1;
        hl = (size_t)((const char *)memchr(a, ']', n) - h);
    } else {
        const char *colon = memchr(a, ':', n);
        hl = colon ? (size_t)(colon - a) : n;
    }
    CURLU *u = curl_url();
    char *ch = NULL;
    if (u == NULL)
        abort();
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &ch, 0) != CURLUE_OK)
        abort();   /* we accepted what libcurl cannot parse */
    const char *c = ch;
    size_t cl = strlen(ch);
    if (cl >= 2 && c[0] == '[' && c[cl - 1] == ']') {
        c++;
        cl -= 2;
    }
    if (cl != hl)
        abort();
    for (size_t i = 0; i < hl; i++)
        if (tolower((unsigned char)c[i]) != tolower((unsigned char)h[i]))
            abort();
    curl_free(ch);
    curl_url_cleanup(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const sg_host_pattern hosts[] = {
        {"sendgrid.com", 0}, {".sendgrid.com", 1}, {"127.0.0.1", 0}};
    char *url = malloc(size + 1);
    memcpy(url, data, size);
    url[size] = '\0';
    char why[200];
    if (sg_redirect_check(url, hosts, 3, why, sizeof why) == 0) {
        size_t n = strlen(url);
        if (n > SG_REDIRECT_MAX_LEN)
            abort();
        for (size_t i = 0; i < n; i++)
            if (iscntrl((unsigned char)url[i]) || url[i] == ' ')
                abort();
        if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://127.0.0.1", 16) != 0)
            abort(); /* http only to loopback, written canonically */
        const char *auth = strstr(url, "://") + 3;
        if (memchr(auth, '@', strcspn(auth, "/?#")) != NULL)
            abort();
        curl_agrees(url);
    }
    if (memchr(why, '\0', sizeof why) == NULL)
        abort();
    free(url);
    return 0;
}
