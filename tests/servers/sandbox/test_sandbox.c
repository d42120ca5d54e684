/*
 * test_sandbox.c -- the SendGrid sandbox as its clients see it: over HTTPS
 * with the test PKI and over plain HTTP, through raw libcurl.
 *
 * Needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN.
 */
#include <CUnit/CUnit.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testsupport.h"

#define API_KEY "SG.sandbox-test-key.0123456789abcdef"
#define WRONG_KEY "SG.not-the-partner-key"

static ts_sandbox sb_tls, sb_plain;
static char tmpdir[256], key_path[512], ca_file[512];

/* ---- a raw libcurl client ------------------------------------------------- */

typedef struct reply {
    long status;
    char body[256 * 1024];
    size_t len;
    char location[512];       /* first Location header, raw */
    size_t n_locations;
    char content_type[128];
    char rate_reset[64];
    CURLcode rc;
} reply;

static reply rep;  /* big: not on the stack */

static size_t on_body(char *p, size_t sz, size_t nm, void *ud)
{
    reply *r = ud;
    size_t n = sz * nm, room = sizeof r->body - 1 - r->len;
    size_t k = n < room ? n : room;
    memcpy(r->body + r->len, p, k);
    r->len += k;
    r->body[r->len] = '\0';
    return n;
}

static void header_value(CURL *h, const char *name, char *out, size_t n, size_t *count)
{
    struct curl_header *hd = NULL;
    out[0] = '\0';
    if (count)
        *count = 0;
    if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) == CURLHE_OK) {
        snprintf(out, n, "%s", hd->value);
        if (count)
            *count = hd->amount;
    }
}

/* One request on handle h (reused across calls: keep-alive).  key NULL: no
 * Authorization header. */
static CURLcode request(CURL *h, const ts_sandbox *sb, const char *method, const char *path,
                        const char *key, reply *r)
{
    char url[1024], auth[256];
    struct curl_slist *hdrs = NULL;
    memset(r, 0, sizeof *r);
    snprintf(url, sizeof url, "%s%s", sb->base_url, path);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 20000L);
    if (sb->tls)
        curl_easy_setopt(h, CURLOPT_CAINFO, ca_file);
    if (key) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
        hdrs = curl_slist_append(hdrs, auth);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    }
    if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    r->rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    header_value(h, "Location", r->location, sizeof r->location, &r->n_locations);
    header_value(h, "Content-Type", r->content_type, sizeof r->content_type, NULL);
    header_value(h, "X-RateLimit-Reset", r->rate_reset, sizeof r->rate_reset, NULL);
    curl_slist_free_all(hdrs);
    /* Every login code we see is a secret the logs must not contain. */
    const char *q = strstr(r->location, "code=");
    if (q)
        ts_secrets_add(q + 5);
    return r->rc;
}

/* One request on a fresh handle. */
static CURLcode request1(const ts_sandbox *sb, const char *method, const char *path,
                         const char *key, reply *r)
{
    CURL *h = curl_easy_init();
    CURLcode rc = request(h, sb, method, path, key, r);
    curl_easy_cleanup(h);
    return rc;
}

static int is_code(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return 0;
    return i == 32;
}

/* The account field of the last sso_log entry with that account's conn. */
static long conn_of_nth(const char *json, const char *account, int nth)
{
    char needle[256];
    snprintf(needle, sizeof needle, "\"account\":\"%s\"", account);
    const char *p = json;
    for (int i = 0; (p = strstr(p, needle)) != NULL; i++, p++) {
        if (i != nth)
            continue;
        /* {"conn":N,"account":... : walk back to the entry's start. */
        const char *start = p;
        while (start > json && *start != '{')
            start--;
        long conn = -1;
        if (sscanf(start, "{\"conn\":%ld", &conn) == 1)
            return conn;
        return -1;
    }
    return -1;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_sso_redirects_to_login_on_same_port(void)
{
    char expect[128];
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/acme/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(rep.len, 0);
    CU_ASSERT_EQUAL(rep.n_locations, 1);
    snprintf(expect, sizeof expect, "https://127.0.0.1:%d/login?code=", sb_tls.port);
    CU_ASSERT_EQUAL(strncmp(rep.location, expect, strlen(expect)), 0);
    CU_ASSERT_TRUE(is_code(rep.location + strlen(expect)));
}

static void test_login_page_works_once(void)
{
    long status = 0;
    char body[4096], url[512];
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/acme/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL_FATAL(rep.status, 303);
    snprintf(url, sizeof url, "%s", rep.location);

    CU_ASSERT_EQUAL_FATAL(ts_http_get(url, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "Logged in to SendGrid account <b>acme</b> (region global)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "<title>SendGrid sandbox - acme</title>"));

    CU_ASSERT_EQUAL_FATAL(ts_http_get(url, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 403);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "This login link has expired or was already used"));
    CU_ASSERT_PTR_NULL(strstr(body, "Logged in"));

    char bogus[128];
    snprintf(bogus, sizeof bogus, "%s/login?code=0123456789abcdef0123456789abcdef", sb_tls.base_url);
    CU_ASSERT_EQUAL_FATAL(ts_http_get(bogus, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 403);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "This login link has expired or was already used"));
}

static void test_wrong_or_missing_key_is_401_in_sendgrid_shape(void)
{
    static const char want[] =
        "{\"errors\":[{\"message\":\"authorization required\",\"field\":null,"
        "\"error_id\":\"sbx-unauthorized\"}]}";
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/acme/sso", WRONG_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 401);
    CU_ASSERT_STRING_EQUAL(rep.body, want);
    CU_ASSERT_EQUAL(strncmp(rep.content_type, "application/json", 16), 0);
    CU_ASSERT_EQUAL(rep.n_locations, 0);

    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/acme/sso", NULL, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 401);
    CU_ASSERT_STRING_EQUAL(rep.body, want);

    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "GET", "/v3/partners/offerings", WRONG_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 401);
    CU_ASSERT_STRING_EQUAL(rep.body, want);
}

static void test_offerings_with_the_key(void)
{
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "GET", "/v3/partners/offerings", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 200);
    CU_ASSERT_EQUAL(strncmp(rep.content_type, "application/json", 16), 0);
    CU_ASSERT_EQUAL(strncmp(rep.body, "{\"result\":[{\"name\":\"org:sendgrid\",\"type\":\"package\"", 50), 0);
}

static void test_unknown_account_and_route_are_404(void)
{
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/missing-42/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 404);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.body, "\"error_id\":\"sbx-account-not-found\""));
    CU_ASSERT_EQUAL(strncmp(rep.body, "{\"errors\":[{\"message\":", 22), 0);

    /* Exactly one segment: a literal slash makes another route. */
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/a/b/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 404);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.body, "route not found"));
}

static void test_escaped_slash_is_one_account(void)
{
    char *json = NULL;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb_tls, ca_file), 0);
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/a%2Fb/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_stats(&sb_tls, ca_file, &json), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"account\":\"a/b\",\"raw_path\":\"/v3/partners/accounts/a%2Fb/sso\""));
    free(json);

    long status = 0;
    char body[4096];
    CU_ASSERT_EQUAL_FATAL(ts_http_get(rep.location, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "Logged in to SendGrid account <b>a/b</b>"));
}

static void test_stats_count_what_happened(void)
{
    long status = 0;
    char body[4096];
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb_tls, ca_file), 0);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "sso_requests"), 0);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "requests"), 0);

    request1(&sb_tls, "POST", "/v3/partners/accounts/s1/sso", API_KEY, &rep);
    request1(&sb_tls, "POST", "/v3/partners/accounts/s2/sso", API_KEY, &rep);
    char url[512];
    snprintf(url, sizeof url, "%s", rep.location);
    request1(&sb_tls, "POST", "/v3/partners/accounts/s3/sso", WRONG_KEY, &rep);
    CU_ASSERT_EQUAL(ts_http_get(url, ca_file, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(ts_http_get(url, ca_file, &status, body, sizeof body), 0);

    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "requests"), 5);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "sso_requests"), 3);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "authorized"), 2);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "unauthorized"), 1);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "login_page_hits"), 2);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "login_ok"), 1);
    CU_ASSERT(ts_sandbox_stat(&sb_tls, ca_file, "connections") >= 5);
    CU_ASSERT(ts_sandbox_stat(&sb_tls, ca_file, "cpu_user_ms") >= 0);

    char *json = NULL;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_stats(&sb_tls, ca_file, &json), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"region\":\"global\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"account\":\"s3\",\"raw_path\":\"/v3/partners/accounts/s3/sso\",\"status\":401"));
    free(json);
}

static void test_503_once_then_success(void)
{
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/script-503-once-x/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 503);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.body, "\"error_id\":\"sbx-503\""));
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/script-503-once-x/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(rep.n_locations, 1);
    /* The counter is per exact id. */
    CU_ASSERT_EQUAL_FATAL(request1(&sb_tls, "POST", "/v3/partners/accounts/script-503-once-y/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 503);
}

static void test_keep_alive_shares_a_connection(void)
{
    char *json = NULL;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb_tls, ca_file), 0);
    CURL *h = curl_easy_init();
    CU_ASSERT_EQUAL(request(h, &sb_tls, "POST", "/v3/partners/accounts/ka/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(request(h, &sb_tls, "POST", "/v3/partners/accounts/ka/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    /* Even an error answer keeps the connection. */
    CU_ASSERT_EQUAL(request(h, &sb_tls, "POST", "/v3/partners/accounts/ka/sso", WRONG_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 401);
    curl_easy_cleanup(h);
    CU_ASSERT_EQUAL(request1(&sb_tls, "POST", "/v3/partners/accounts/ka/sso", API_KEY, &rep), CURLE_OK);

    CU_ASSERT_EQUAL_FATAL(ts_sandbox_stats(&sb_tls, ca_file, &json), 0);
    long c0 = conn_of_nth(json, "ka", 0), c1 = conn_of_nth(json, "ka", 1);
    long c2 = conn_of_nth(json, "ka", 2), c3 = conn_of_nth(json, "ka", 3);
    CU_ASSERT(c0 > 0);
    CU_ASSERT_EQUAL(c0, c1);
    CU_ASSERT_EQUAL(c0, c2);
    CU_ASSERT(c3 > 0 && c3 != c0);
    free(json);
}

static void test_scripted_accounts(void)
{
    static const struct { const char *id; long status; const char *in_body; } cases[] = {
        {"script-401", 401, "\"error_id\":\"sbx-401\""},
        {"script-403", 403, "\"error_id\":\"sbx-403\""},
        {"script-404", 404, "\"error_id\":\"sbx-404\""},
        {"script-500", 500, "\"error_id\":\"sbx-500\""},
        {"script-502", 502, "\"error_id\":\"sbx-502\""},
        {"script-503", 503, "\"error_id\":\"sbx-503\""},
        {"script-504", 504, "\"error_id\":\"sbx-504\""},
        {"script-200", 200, "{"},
        {"script-bad-json", 401, "<html>oops</html>"},
        {"script-empty-errors", 401, "{\"errors\":[]}"},
    };
    char path[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(path, sizeof path, "/v3/partners/accounts/%s/sso", cases[i].id);
        CU_ASSERT_EQUAL(request1(&sb_tls, "POST", path, API_KEY, &rep), CURLE_OK);
        if (rep.status != cases[i].status || !strstr(rep.body, cases[i].in_body))
            fprintf(stderr, "  %s answered %ld\n", cases[i].id, rep.status);
        CU_ASSERT_EQUAL(rep.status, cases[i].status);
        CU_ASSERT_PTR_NOT_NULL(strstr(rep.body, cases[i].in_body));
    }

    request1(&sb_tls, "POST", "/v3/partners/accounts/script-429-seconds/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.status, 429);
    CU_ASSERT_STRING_EQUAL(rep.rate_reset, "30");
    request1(&sb_tls, "POST", "/v3/partners/accounts/script-429-epoch/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.status, 429);
    CU_ASSERT(atol(rep.rate_reset) > 1700000000L);

    request1(&sb_tls, "POST", "/v3/partners/accounts/script-303-no-location/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(rep.n_locations, 0);
    request1(&sb_tls, "POST", "/v3/partners/accounts/script-303-foreign/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(strncmp(rep.location, "https://evil.example.net/login?code=", 36), 0);
    request1(&sb_tls, "POST", "/v3/partners/accounts/script-303-relative/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(strncmp(rep.location, "/login?code=", 12), 0);
    request1(&sb_tls, "POST", "/v3/partners/accounts/script-303-two-locations/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(rep.n_locations, 2);

    request1(&sb_tls, "POST", "/v3/partners/accounts/script-big-body/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.status, 401);
    CU_ASSERT_EQUAL(rep.len, 100 * 1024);
    request1(&sb_tls, "POST", "/v3/partners/accounts/script-big-chunked/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.rc, CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 401);
    CU_ASSERT_EQUAL(rep.len, 100 * 1024);

    /* A dropped connection is a transfer error, not an answer. */
    CU_ASSERT_NOT_EQUAL(request1(&sb_tls, "POST", "/v3/partners/accounts/script-drop/sso", API_KEY, &rep), CURLE_OK);
}

static void test_plain_http_and_account_list(void)
{
    char expect[128];
    CU_ASSERT_EQUAL_FATAL(request1(&sb_plain, "POST", "/v3/partners/accounts/only-me/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    snprintf(expect, sizeof expect, "http://127.0.0.1:%d/login?code=", sb_plain.port);
    CU_ASSERT_EQUAL(strncmp(rep.location, expect, strlen(expect)), 0);

    long status = 0;
    char body[4096];
    CU_ASSERT_EQUAL_FATAL(ts_http_get(rep.location, NULL, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "Logged in to SendGrid account <b>only-me</b> (region eu)"));

    /* With --account, other ids do not exist; scripted ones still do. */
    request1(&sb_plain, "POST", "/v3/partners/accounts/acme/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.status, 404);
    request1(&sb_plain, "POST", "/v3/partners/accounts/script-502/sso", API_KEY, &rep);
    CU_ASSERT_EQUAL(rep.status, 502);
}

/* Many clients at once: every code is distinct, bound to its own account,
 * and good exactly once. */
#define WORKERS 8
#define LOGINS_EACH 150

typedef struct worker {
    int index;
    int ok_logins, wrong_account, reuse_refused, errors;
} worker;

static size_t on_small(char *p, size_t sz, size_t nm, void *ud)
{
    char *buf = ud;
    size_t have = strlen(buf), n = sz * nm;
    size_t k = n < 4095 - have ? n : 4095 - have;
    memcpy(buf + have, p, k);
    buf[have + k] = '\0';
    return n;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    CURL *api = curl_easy_init(), *browser = curl_easy_init();
    char auth[128], url[256], account[64], want[128], body[4096];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", API_KEY);
    struct curl_slist *hdrs = curl_slist_append(NULL, auth);
    for (int i = 0; i < LOGINS_EACH; i++) {
        snprintf(account, sizeof account, "worker-%d-%d", w->index, i);
        snprintf(url, sizeof url, "%s/v3/partners/accounts/%s/sso", sb_tls.base_url, account);
        body[0] = '\0';
        curl_easy_reset(api);
        curl_easy_setopt(api, CURLOPT_URL, url);
        curl_easy_setopt(api, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(api, CURLOPT_PROXY, "");
        curl_easy_setopt(api, CURLOPT_CAINFO, ca_file);
        curl_easy_setopt(api, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(api, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(api, CURLOPT_WRITEFUNCTION, on_small);
        curl_easy_setopt(api, CURLOPT_WRITEDATA, body);
        long status = 0;
        char *loc = NULL, login[512];
        if (curl_easy_perform(api) != CURLE_OK ||
            curl_easy_getinfo(api, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status != 303 ||
            curl_easy_getinfo(api, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK || !loc) {
            w->errors++;
            continue;
        }
        snprintf(login, sizeof login, "%s", loc);
        const char *q = strstr(login, "code=");
        if (q)
            ts_secrets_add(q + 5);
        if (ts_http_get_with(browser, login, ca_file, &status, body, sizeof body) != 0) {
            w->errors++;
            continue;
        }
        snprintf(want, sizeof want, "Logged in to SendGrid account <b>%s</b>", account);
        if (status == 200 && strstr(body, want))
            w->ok_logins++;
        else
            w->wrong_account++;
        if (i % 10 == 0 && ts_http_get_with(browser, login, ca_file, &status, body, sizeof body) == 0 &&
            status == 403)
            w->reuse_refused++;
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(api);
    curl_easy_cleanup(browser);
    return NULL;
}

static void test_concurrent_logins_are_each_their_own(void)
{
    pthread_t t[WORKERS];
    worker w[WORKERS];
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb_tls, ca_file), 0);
    for (int i = 0; i < WORKERS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].index = i;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    }
    int ok = 0, wrong = 0, refused = 0, errors = 0;
    for (int i = 0; i < WORKERS; i++) {
        pthread_join(t[i], NULL);
        ok += w[i].ok_logins;
        wrong += w[i].wrong_account;
        refused += w[i].reuse_refused;
        errors += w[i].errors;
    }
    CU_ASSERT_EQUAL(errors, 0);
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_EQUAL(ok, WORKERS * LOGINS_EACH);
    CU_ASSERT_EQUAL(refused, WORKERS * ((LOGINS_EACH + 9) / 10));
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "login_ok"), WORKERS * LOGINS_EACH);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb_tls, ca_file, "sso_requests"), WORKERS * LOGINS_EACH);
    /* Keep-alive: two handles per worker, far fewer connections than requests. */
    long conns = ts_sandbox_stat(&sb_tls, ca_file, "connections");
    CU_ASSERT(conns >= 2 * WORKERS && conns < WORKERS * LOGINS_EACH);

    /* For people, not asserted: what the logins cost each side. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long sbx = ts_sandbox_stat(&sb_tls, ca_file, "cpu_user_ms") +
               ts_sandbox_stat(&sb_tls, ca_file, "cpu_sys_ms");
    long mine = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
                (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    printf("\n    [%d SSO + login pairs: sandbox CPU %ld ms in total, this client %ld ms] ",
           WORKERS * LOGINS_EACH, sbx, mine);
}

/* Send raw bytes on a new plain connection; the first bytes of the answer
 * (or "" if the sandbox just closed) go to out. */
static void raw_exchange(const void *data, size_t len, char *out, size_t n)
{
    out[0] = '\0';
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)sb_plain.port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    ssize_t w = send(fd, data, len, MSG_NOSIGNAL);
    (void)w;
    shutdown(fd, SHUT_WR);
    ssize_t r = recv(fd, out, n - 1, 0);
    out[r > 0 ? r : 0] = '\0';
    close(fd);
}

static void test_garbage_does_not_hurt(void)
{
    char out[512];
    static char huge[20000];
    memcpy(huge, "GET / HTTP/1.1\r\nX: ", 19);
    memset(huge + 19, 'a', sizeof huge - 19);

    raw_exchange("GARBAGE\r\n\r\n", 11, out, sizeof out);
    CU_ASSERT_EQUAL(strncmp(out, "HTTP/1.1 400 ", 13), 0);
    raw_exchange(huge, sizeof huge, out, sizeof out);
    CU_ASSERT_EQUAL(strncmp(out, "HTTP/1.1 431 ", 13), 0);
    raw_exchange("\x16\x03\x01\x00\x05hello", 10, out, sizeof out);
    raw_exchange("POST /v3/partners/accounts/x/sso HTTP/1.1\r\nContent-Length: 10\r\n\r\nab", 68, out, sizeof out);
    raw_exchange("", 0, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "");

    /* Still serving, on both listeners. */
    CU_ASSERT_EQUAL(request1(&sb_plain, "POST", "/v3/partners/accounts/only-me/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(request1(&sb_tls, "GET", "/v3/partners/offerings", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 200);
}

/* --code-ttl-s 0: every code is born expired, so expiry needs no waiting;
 * --slow-ms: script-slow still ends in a normal 303. */
static void test_expired_code_and_slow_script(void)
{
    static const char *const args[] = {"--code-ttl-s", "0", "--slow-ms", "50", NULL};
    ts_sandbox sb;
    ts_sandbox_opts o;
    long status = 0;
    char body[4096];
    memset(&o, 0, sizeof o);
    o.api_key_file = key_path;
    o.extra_argv = args;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_start(&sb, &o), 0);
    CU_ASSERT_EQUAL(request1(&sb, "POST", "/v3/partners/accounts/late/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(ts_http_get(rep.location, NULL, &status, body, sizeof body), 0);
    CU_ASSERT_EQUAL(status, 403);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "This login link has expired or was already used"));
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb, NULL, "login_ok"), 0);

    CU_ASSERT_EQUAL(request1(&sb, "POST", "/v3/partners/accounts/script-slow/sso", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(rep.status, 303);
    CU_ASSERT_EQUAL(rep.n_locations, 1);
    ts_sandbox_stop(&sb);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb.log_path), 0);
}

static void test_sigterm_exits_zero(void)
{
    ts_sandbox sb;
    ts_sandbox_opts o;
    memset(&o, 0, sizeof o);
    o.api_key_file = key_path;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_start(&sb, &o), 0);
    CU_ASSERT_EQUAL(request1(&sb, "GET", "/v3/partners/offerings", API_KEY, &rep), CURLE_OK);
    CU_ASSERT_EQUAL(kill(sb.pid, SIGTERM), 0);
    int st = 0;
    CU_ASSERT_EQUAL(waitpid(sb.pid, &st, 0), sb.pid);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    sb.pid = 0;
    ts_sandbox_stop(&sb);  /* a no-op now */
}

/* A client waiting for script-slow's answer, on its own thread. */
typedef struct slow_client {
    const ts_sandbox *sb;
    reply *r;
} slow_client;

static void *slow_client_main(void *arg)
{
    slow_client *sc = arg;
    request1(sc->sb, "POST", "/v3/partners/accounts/script-slow/sso", API_KEY, sc->r);
    return NULL;
}

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* SIGTERM while an answer is being held back (script-slow for a minute):
 * the sandbox still ends at once, with status 0, since every wait in it
 * watches for the stop. */
static void test_sigterm_during_a_slow_answer_exits_at_once(void)
{
    static const char *const args[] = {"--slow-ms", "60000", NULL};
    ts_sandbox sb;
    ts_sandbox_opts o;
    memset(&o, 0, sizeof o);
    o.api_key_file = key_path;
    o.extra_argv = args;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_start(&sb, &o), 0);
    slow_client sc = {&sb, calloc(1, sizeof(reply))};
    pthread_t t;
    CU_ASSERT_FATAL(sc.r != NULL);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, slow_client_main, &sc), 0);
    /* The request has arrived once the SSO operation counted it. */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (ts_sandbox_stat(&sb, NULL, "sso_requests") < 1 && elapsed_ms(&t0) < 10000)
        usleep(10000);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&sb, NULL, "sso_requests"), 1);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(kill(sb.pid, SIGTERM), 0);
    int st = 0;
    pid_t r;
    while ((r = waitpid(sb.pid, &st, WNOHANG)) == 0 && elapsed_ms(&t0) < 10000)
        usleep(10000);
    long took = elapsed_ms(&t0);
    CU_ASSERT_EQUAL(r, sb.pid);
    if (r == sb.pid) {
        CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        sb.pid = 0;
    }
    printf("\n    [SIGTERM to exit, with an answer held back: %ld ms] ", took);
    CU_ASSERT(took < 3000);
    ts_sandbox_stop(&sb);  /* kills it if it did not end */
    pthread_join(t, NULL);
    free(sc.r);
}

/* Last: every key and code used above must be absent from the logs. */
static void test_logs_hold_no_key_and_no_code(void)
{
    ts_sandbox_stop(&sb_tls);
    ts_sandbox_stop(&sb_plain);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb_tls.log_path), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb_plain.log_path), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb_tls.stderr_path), 0);

    /* The log does say what happened. */
    FILE *f = fopen(sb_tls.log_path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[1024];
    int sso_ok = 0, login_redacted = 0, unauth = 0;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "sandbox[global] conn=") && strstr(line, "POST /v3/partners/accounts/acme/sso auth=yes -> 303"))
            sso_ok++;
        if (strstr(line, "GET /login?code=<redacted> auth=none -> 200"))
            login_redacted++;
        if (strstr(line, "auth=no -> 401"))
            unauth++;
    }
    fclose(f);
    CU_ASSERT(sso_ok >= 2);
    CU_ASSERT(login_redacted >= 2);
    CU_ASSERT(unauth >= 1);

    /* The scan can fail: the key file holds the key. */
    fprintf(stderr, "(expected: the next SECRET LEAK line proves the scanner works)\n");
    CU_ASSERT(ts_secrets_scan_file(key_path) >= 1);
}

/* ---- setup ---------------------------------------------------------------- */

static int setup(void)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    ts_env_required("SANDBOX_BIN");
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0)
        return -1;
    snprintf(key_path, sizeof key_path, "%s/partner.key", tmpdir);
    if (ts_write_file(key_path, API_KEY "\n", 0600) != 0)
        return -1;
    ts_secrets_add(API_KEY);

    ts_sandbox_opts o;
    memset(&o, 0, sizeof o);
    o.tls = 1;
    o.api_key_file = key_path;
    o.region = "global";
    if (ts_sandbox_start(&sb_tls, &o) != 0)
        return -1;

    static const char *const plain_args[] = {"--account", "only-me", NULL};
    memset(&o, 0, sizeof o);
    o.api_key_file = key_path;
    o.region = "eu";
    o.extra_argv = plain_args;
    if (ts_sandbox_start(&sb_plain, &o) != 0)
        return -1;
    return 0;
}

static int cleanup(void)
{
    ts_sandbox_stop(&sb_tls);
    ts_sandbox_stop(&sb_plain);
    if (key_path[0])
        unlink(key_path);
    if (tmpdir[0])
        rmdir(tmpdir);
    return 0;
}

int main(int argc, char **argv)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("sandbox", setup, cleanup);
    CU_add_test(s, "SSO answers 303 to the login page on its own port", test_sso_redirects_to_login_on_same_port);
    CU_add_test(s, "the login page works once, then says expired/used", test_login_page_works_once);
    CU_add_test(s, "a wrong or missing key is 401 in SendGrid's shape", test_wrong_or_missing_key_is_401_in_sendgrid_shape);
    CU_add_test(s, "offerings with the key", test_offerings_with_the_key);
    CU_add_test(s, "unknown account and route are 404", test_unknown_account_and_route_are_404);
    CU_add_test(s, "an escaped slash is one account, logged escaped", test_escaped_slash_is_one_account);
    CU_add_test(s, "stats count what happened", test_stats_count_what_happened);
    CU_add_test(s, "script-503-once: 503, then 303", test_503_once_then_success);
    CU_add_test(s, "keep-alive requests share a connection", test_keep_alive_shares_a_connection);
    CU_add_test(s, "scripted accounts", test_scripted_accounts);
    CU_add_test(s, "plain HTTP, region and --account", test_plain_http_and_account_list);
    CU_add_test(s, "concurrent logins are each their own", test_concurrent_logins_are_each_their_own);
    CU_add_test(s, "garbage input does not hurt", test_garbage_does_not_hurt);
    CU_add_test(s, "an expired code is refused; script-slow answers", test_expired_code_and_slow_script);
    CU_add_test(s, "SIGTERM exits 0", test_sigterm_exits_zero);
    CU_add_test(s, "SIGTERM during a slow answer exits at once", test_sigterm_during_a_slow_answer_exits_at_once);
    CU_add_test(s, "logs hold no key and no code", test_logs_hold_no_key_and_no_code);
    return ts_run_suites(argc, argv);
}
