/* SPDX-License-Identifier: MIT */
/*
 * ts_host.c -- running a sample host against the sandboxes and checking
 * what it answers the browser (ts_host.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ts_host.h"

ts_proc_result ts_proc_capture(const char *const *argv, const char *const *env)
{
    ts_proc_result r;
    if (ts_proc_run(argv, env, 0, &r) != 0) {
        memset(&r, 0, sizeof r);
        r.out = calloc(1, 1);
        r.err = calloc(1, 1);
        r.exit_code = -1;
    }
    return r;
}

int ts_answer_header(const char *answer, const char *name, char *out, size_t size)
{
    char key[64];
    const char *p, *end;
    snprintf(key, sizeof key, "\r\n%s: ", name);
    p = strstr(answer, key);
    if (p == NULL)
        return -1;
    p += strlen(key);
    end = strstr(p, "\r\n");
    if (end == NULL || (size_t)(end - p) >= size)
        return -1;
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return 0;
}

const char *const *ts_host_args_for(ts_host_args *a, const ts_upstream *u,
                                    const char *program, const char *key_file,
                                    const char *tenant, const char *account,
                                    const char *region)
{
    size_t n = 0;
    snprintf(a->global, sizeof a->global, "global_base_url=%s", u->global.base_url);
    snprintf(a->eu, sizeof a->eu, "eu_base_url=%s", u->eu.base_url);
    snprintf(a->ca, sizeof a->ca, "ca_file=%s", u->ca_file);
    if (program != NULL)
        a->argv[n++] = program;
    a->argv[n++] = u->plugin_dir;
    a->argv[n++] = key_file != NULL ? key_file : u->key_path;
    a->argv[n++] = tenant;
    a->argv[n++] = account;
    a->argv[n++] = region;
    a->argv[n++] = a->global;
    a->argv[n++] = a->eu;
    a->argv[n++] = a->ca;
    a->argv[n++] = "redirect_hosts=127.0.0.1";
    a->argv[n++] = "timeout_ms=5000";
    a->argv[n] = NULL;
    return a->argv;
}

int ts_upstream_write_config(const ts_upstream *u, const char *path, const char *key_file,
                             const char *tenants)
{
    char text[4096];
    int n = snprintf(text, sizeof text,
                     "{\n"
                     "  \"plugin_dir\": \"%s\",\n"
                     "  \"providers\": {\n"
                     "    \"sendgrid\": {\n"
                     "      \"api_key_file\": \"%s\",\n"
                     "      \"global_base_url\": \"%s\",\n"
                     "      \"eu_base_url\": \"%s\",\n"
                     "      \"ca_file\": \"%s\",\n"
                     "      \"redirect_hosts\": \"127.0.0.1\",\n"
                     "      \"timeout_ms\": 5000\n"
                     "    }\n"
                     "  }%s%s%s\n"
                     "}\n",
                     u->plugin_dir, key_file, u->global.base_url, u->eu.base_url, u->ca_file,
                     tenants != NULL ? ",\n  \"tenants\": {\n" : "",
                     tenants != NULL ? tenants : "", tenants != NULL ? "  }" : "");
    if (n < 0 || (size_t)n >= sizeof text) {
        fprintf(stderr, "the configuration for %s does not fit in %zu bytes\n", path,
                sizeof text);
        return -1;
    }
    return ts_write_file(path, text, 0600);
}

void ts_check_host_exit(const ts_proc_result *r, const char *name, int expected_exit)
{
    char where[200];
    snprintf(where, sizeof where, "%s stderr", name);
    int leaks = ts_secrets_scan_text(r->err, where);
    CU_ASSERT_EQUAL(leaks, 0);
    CU_ASSERT_EQUAL(r->exit_code, expected_exit);
    if (r->exit_code != expected_exit && leaks == 0)
        fprintf(stderr, "%s exited %d (expected %d); its stderr:\n%s", name, r->exit_code,
                expected_exit, r->err);
}

void ts_check_login_answer(const char *answer, const ts_sandbox *sb, const char *ca_file,
                           const char *account, const char *region)
{
    char url[4200], prefix[128], cache[64], body[4096], expect[256];
    long status = 0;

    CU_ASSERT_EQUAL(strncmp(answer, "HTTP/1.1 303 See Other\r\n", 24), 0);
    CU_ASSERT_EQUAL_FATAL(ts_answer_header(answer, "Location", url, sizeof url), 0);
    ts_secrets_add_code(url);
    CU_ASSERT_EQUAL(ts_answer_header(answer, "Cache-Control", cache, sizeof cache), 0);
    CU_ASSERT_STRING_EQUAL(cache, "no-store");
    snprintf(prefix, sizeof prefix, "%s/login?code=", sb->base_url);
    CU_ASSERT_EQUAL(strncmp(url, prefix, strlen(prefix)), 0);

    /* The browser follows it: logged in to the right account and region. */
    CU_ASSERT_EQUAL_FATAL(ts_http_get(url, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 200);
    snprintf(expect, sizeof expect, "Logged in to SendGrid account <b>%s</b> (region %s)",
             account, region);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, expect));
    /* A second visit (a reload, a proxy, a leaked log) gets nothing. */
    CU_ASSERT_EQUAL_FATAL(ts_http_get(url, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 403);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "This login link has expired or was already used"));
    CU_ASSERT_EQUAL(ts_secrets_scan_text(body, "login page"), 0);
    memset(url, 0, sizeof url);
}

void ts_check_host_login(const ts_proc_result *r, const char *name, const ts_sandbox *sb,
                         const char *ca_file, const char *tenant, const char *account,
                         const char *region)
{
    char audit[256];
    ts_check_host_exit(r, name, 0);
    snprintf(audit, sizeof audit, "sendgrid: login tenant=%s account=%s region=%s "
             "outcome=AUTH_OK", tenant, account, region);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->err, audit));
    ts_check_login_answer(r->out, sb, ca_file, account, region);
}

void ts_check_not_found_answer(const char *answer)
{
    CU_ASSERT_EQUAL(ts_secrets_scan_text(answer, "the host's answer"), 0);
    CU_ASSERT_EQUAL(strncmp(answer, "HTTP/1.1 502 Bad Gateway\r\n", 26), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(answer, "\r\nCache-Control: no-store\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(answer, "\r\n\r\nYour SendGrid account could not be found. "
                                          "Please contact support.\n"));
    CU_ASSERT_PTR_NULL(strstr(answer, "Location:"));
    CU_ASSERT_PTR_NULL(strstr(answer, "404")); /* no internals for the user */
    CU_ASSERT_PTR_NULL(strstr(answer, "sbx-"));
}

void ts_check_rate_limited_answer(const char *answer)
{
    char retry[32] = "";
    CU_ASSERT_EQUAL(strncmp(answer, "HTTP/1.1 429 Too Many Requests\r\n", 32), 0);
    CU_ASSERT_EQUAL(ts_answer_header(answer, "Retry-After", retry, sizeof retry), 0);
    CU_ASSERT_STRING_EQUAL(retry, "30");
    CU_ASSERT_PTR_NOT_NULL(strstr(answer, "SendGrid is busy right now. Please try again in a "
                                          "minute."));
}

void ts_check_doc_shows(const char *doc_path, const char *src_path, const char *fence)
{
    char *doc = ts_read_file(doc_path, NULL), *src = ts_read_file(src_path, NULL);
    char *block = src != NULL ? malloc(strlen(src) + strlen(fence) + 16) : NULL;
    CU_ASSERT_PTR_NOT_NULL(doc);
    CU_ASSERT_PTR_NOT_NULL(src);
    CU_ASSERT_PTR_NOT_NULL(block);
    if (doc != NULL && block != NULL) {
        sprintf(block, "```%s\n%s```\n", fence, src);
        if (strstr(doc, block) == NULL)
            fprintf(stderr, "%s does not contain %s verbatim in a ```%s block: paste the "
                    "file again\n", doc_path, src_path, fence);
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, block));
    }
    free(block);
    free(src);
    free(doc);
}
