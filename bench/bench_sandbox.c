/* SPDX-License-Identifier: MIT */
/* Talking to the sandbox's test hooks with a throw-away libcurl handle. */
#include "bench_sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

typedef struct body {
    char *p;
    size_t len;
} body;

static size_t collect(char *data, size_t size, size_t nmemb, void *userp)
{
    body *b = userp;
    size_t n = size * nmemb;
    char *grown = realloc(b->p, b->len + n + 1);
    if (grown == NULL)
        return 0;
    b->p = grown;
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return n;
}

/* One request to base_url + path; the body goes to *out (malloc'd).  0/-1. */
static int hook(const char *base_url, const char *ca_file, const char *path,
                int post, body *out)
{
    char url[512];
    long status = 0;
    snprintf(url, sizeof url, "%s%s", base_url, path);
    CURL *e = curl_easy_init();
    if (e == NULL) {
        fprintf(stderr, "bench: out of memory creating a libcurl handle\n");
        return -1;
    }
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_CAINFO, ca_file);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, out);
    if (post)
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
    CURLcode rc = curl_easy_perform(e);
    if (rc == CURLE_OK)
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(e);
    if (rc != CURLE_OK || status != 200) {
        fprintf(stderr, "bench: %s %s failed (%s, HTTP %ld): is the sandbox "
                "running at that address?\n", post ? "POST" : "GET", path,
                curl_easy_strerror(rc), status);
        free(out->p);
        out->p = NULL;
        return -1;
    }
    return 0;
}

int bench_sandbox_reset(const char *base_url, const char *ca_file)
{
    body b = {0};
    int rc = hook(base_url, ca_file, "/_sandbox/reset", 1, &b);
    free(b.p);
    return rc;
}

static long long field(const char *json, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "\"%s\":", name);
    const char *p = strstr(json, key);
    return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

int bench_sandbox_stats(const char *base_url, const char *ca_file,
                        bench_sandbox_counts *out)
{
    body b = {0};
    if (hook(base_url, ca_file, "/_sandbox/stats", 0, &b) != 0)
        return -1;
    out->cpu_ms = field(b.p, "cpu_user_ms") + field(b.p, "cpu_sys_ms");
    out->sso_requests = field(b.p, "sso_requests");
    out->connections = field(b.p, "connections");
    free(b.p);
    return 0;
}
