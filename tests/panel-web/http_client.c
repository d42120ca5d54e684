/* http_client.c -- libcurl, no redirects, no proxies. */
#include "http_client.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    pw_response *r = ctx;
    size_t len = size * n, room = sizeof r->body - 1 - r->body_len;
    memcpy(r->body + r->body_len, p, len < room ? len : room);
    r->body_len += len < room ? len : room;
    r->body[r->body_len] = '\0';
    return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    pw_response *r = ctx;
    size_t len = size * n, have = strlen(r->headers), room = sizeof r->headers - 1 - have;
    /* A redirect's status line starts a new block: keep the last one. */
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
        r->headers[0] = '\0';
        have = 0;
        room = sizeof r->headers - 1;
    }
    memcpy(r->headers + have, p, len < room ? len : room);
    r->headers[have + (len < room ? len : room)] = '\0';
    return len;
}

int pw_http(const char *method, const char *url, const char *const *headers,
            const char *body, pw_response *out)
{
    CURL *h = curl_easy_init();
    struct curl_slist *list = NULL;
    char err[CURL_ERROR_SIZE] = "";
    CURLcode rc;
    memset(out, 0, sizeof *out);
    if (h == NULL) {
        fprintf(stderr, "curl_easy_init failed\n");
        return -1;
    }
    for (; headers != NULL && *headers != NULL; headers++)
        list = curl_slist_append(list, *headers);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (body != NULL) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, out);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
    rc = curl_easy_perform(h);
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    else
        fprintf(stderr, "%s request to the panel failed: %s\n", method,
                err[0] ? err : curl_easy_strerror(rc));
    curl_slist_free_all(list);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

int pw_post_open(const char *base_url, const char *tenant, pw_response *out)
{
    static const char *const form[] = {
        "Content-Type: application/x-www-form-urlencoded", NULL};
    char url[256], body[512];
    char *enc = curl_easy_escape(NULL, tenant, 0);
    int rc;
    snprintf(url, sizeof url, "%s/open", base_url);
    snprintf(body, sizeof body, "tenant=%s", enc ? enc : "");
    curl_free(enc);
    rc = pw_http("POST", url, form, body, out);
    return rc;
}

int pw_header(const pw_response *r, const char *name, char *out, size_t size)
{
    const char *p = r->headers;
    size_t nl = strlen(name);
    while (p != NULL && *p != '\0') {
        const char *eol = strstr(p, "\r\n");
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            size_t n;
            while (*v == ' ')
                v++;
            n = eol != NULL ? (size_t)(eol - v) : strlen(v);
            if (n >= size)
                n = size - 1;
            memcpy(out, v, n);
            out[n] = '\0';
            return 1;
        }
        p = eol != NULL ? eol + 2 : NULL;
    }
    if (size > 0)
        out[0] = '\0';
    return 0;
}
