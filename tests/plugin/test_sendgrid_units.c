/* SPDX-License-Identifier: MIT */
/* Unit tests of the SendGrid provider's pure parts: the response mapping,
 * the redirect check, rate-limit parsing, settings validation and the key
 * file rules (the last through the whole instance init).  Each
 * asserts what an operator or user would see: the status, and the sentence
 * in the message. */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

#include "sg_instance.h"
#include "sg_redirect_check.h"
#include "sg_response.h"
#include "sg_secret.h"
#include "sg_settings.h"
#include "testsupport.h"

#define NOW_MS 1800000000000LL
#define CODE "c0ffee1234567890c0ffee1234567890"

static sg_settings settings;

static int setup(void)
{
    const char *kv[] = {"api_key_env=UNUSED", NULL};
    char err[512];
    return sg_settings_parse(kv, &settings, err, sizeof err) == AUTH_OK ? 0 : -1;
}

static int cleanup(void)
{
    sg_settings_free(&settings);
    return 0;
}

static sg_exchange http(long status)
{
    sg_exchange ex = {.call = SG_CALL_SSO, .region = SG_REGION_EU, .http_status = status,
                      .now_ms = NOW_MS};
    return ex;
}

static int map(const sg_exchange *ex, auth_result *r)
{
    auth_result_init(r);
    return sg_response_map(ex, &settings, r);
}

/* `ex` maps to `want`, the log message saying `log_has`; *r is left for
 * more checks. */
static void expect_map(const sg_exchange *ex, auth_result *r, int want, const char *log_has)
{
    CU_ASSERT_EQUAL(map(ex, r), want);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->log_message, log_has));
}

static void test_303_good_location_is_success(void)
{
    sg_exchange ex = http(303);
    ex.location = "https://app.sendgrid.com/sso?code=" CODE;
    ex.location_count = 1;
    auth_result r;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, ex.location);
    CU_ASSERT_EQUAL(r.expires_at_ms, NOW_MS + 60000);
    CU_ASSERT_STRING_EQUAL(r.region, "eu");
    CU_ASSERT_EQUAL(r.http_status, 303);
    CU_ASSERT_PTR_NULL(strstr(r.log_message, CODE));
}

static void test_303_without_usable_location_is_protocol_error(void)
{
    auth_result r;
    sg_exchange ex = http(303);
    expect_map(&ex, &r, AUTH_ERR_PROTOCOL, "0 Location headers");
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");

    ex.location = "https://app.sendgrid.com/sso?code=" CODE;
    ex.location_count = 2;
    expect_map(&ex, &r, AUTH_ERR_PROTOCOL, "2 Location headers");

    ex.location_count = 1;
    ex.location = "https://evil.example.net/login?code=" CODE;
    expect_map(&ex, &r, AUTH_ERR_PROTOCOL, "'evil.example.net'");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "redirect_hosts"));
    CU_ASSERT_PTR_NULL(strstr(r.log_message, CODE));
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");

    ex.location = "/login?code=" CODE;
    expect_map(&ex, &r, AUTH_ERR_PROTOCOL, "not an absolute");
}

static void test_2xx_is_protocol_error(void)
{
    auth_result r;
    for (long s = 200; s <= 204; s++) {
        sg_exchange ex = http(s);
        expect_map(&ex, &r, AUTH_ERR_PROTOCOL, "303 See Other");
    }
    sg_exchange ex = http(302);
    ex.location = "https://app.sendgrid.com/x";
    ex.location_count = 1;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_PROTOCOL);
}

static const char *sg_error(void)
{
    return "{\"errors\":[{\"message\":\"authorization required\",\"field\":null,"
           "\"error_id\":\"abc-123\"}]}";
}

static void test_401_403_404_carry_message_and_error_id(void)
{
    static const struct { long status; int want; } cases[] = {
        {401, AUTH_ERR_AUTH_REJECTED}, {403, AUTH_ERR_FORBIDDEN},
        {404, AUTH_ERR_NOT_FOUND}};
    for (size_t i = 0; i < 3; i++) {
        sg_exchange ex = http(cases[i].status);
        ex.body = sg_error();
        ex.body_len = strlen(ex.body);
        auth_result r;
        CU_ASSERT_EQUAL(map(&ex, &r), cases[i].want);
        CU_ASSERT_STRING_EQUAL(r.error_id, "abc-123");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "\"authorization required\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "error_id abc-123"));
        CU_ASSERT(strlen(r.user_message) > 0);
        CU_ASSERT_PTR_NULL(strstr(r.user_message, "abc-123"));
    }
}

static void test_malformed_error_bodies_still_explain(void)
{
    const char *bodies[] = {"<html>oops</html>", "{\"errors\":", "{\"errors\":[]}",
                            "[1,2]", "{\"errors\":[{\"message\":42}]}",
                            "{\"errors\":[]} trailing", ""};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        sg_exchange ex = http(401);
        ex.body = bodies[i];
        ex.body_len = strlen(bodies[i]);
        auth_result r;
        expect_map(&ex, &r, AUTH_ERR_AUTH_REJECTED, "rejected the partner API key");
        CU_ASSERT(strstr(r.log_message, "not SendGrid's JSON error format") != NULL ||
                  strstr(r.log_message, "gave no error message") != NULL);
    }
}

static void test_error_message_control_characters_are_neutralized(void)
{
    sg_exchange ex = http(403);
    ex.body = "{\"errors\":[{\"message\":\"bad\\r\\nFAKE LOG LINE\",\"error_id\":\"x\"}]}";
    ex.body_len = strlen(ex.body);
    auth_result r;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_FORBIDDEN);
    CU_ASSERT_PTR_NULL(strchr(r.log_message, '\n'));
    CU_ASSERT_PTR_NULL(strchr(r.log_message, '\r'));
}

static void test_429_both_reset_forms(void)
{
    sg_exchange ex = http(429);
    char epoch[32];
    snprintf(epoch, sizeof epoch, "%lld", NOW_MS / 1000 + 30);
    ex.rate_limit_reset = epoch;
    auth_result r;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_RATE_LIMITED);
    CU_ASSERT_EQUAL(r.retry_after_s, 30);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "retry after 30 s"));
    ex.rate_limit_reset = "30";
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_RATE_LIMITED);
    CU_ASSERT_EQUAL(r.retry_after_s, 30);
    ex.rate_limit_reset = NULL;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_RATE_LIMITED);
    CU_ASSERT_EQUAL(r.retry_after_s, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "no usable X-RateLimit-Reset"));
}

static void test_rate_limit_wait_parsing(void)
{
    CU_ASSERT_EQUAL(sg_rate_limit_wait("30", NOW_MS), 30);
    CU_ASSERT_EQUAL(sg_rate_limit_wait(" 7 ", NOW_MS), 7);
    CU_ASSERT_EQUAL(sg_rate_limit_wait("1800000100", NOW_MS), 100);
    CU_ASSERT_EQUAL(sg_rate_limit_wait("1700000000", NOW_MS), 1); /* past */
    CU_ASSERT_EQUAL(sg_rate_limit_wait("abc", NOW_MS), 0);
    CU_ASSERT_EQUAL(sg_rate_limit_wait("-5", NOW_MS), 0);
    CU_ASSERT_EQUAL(sg_rate_limit_wait("", NOW_MS), 0);
    CU_ASSERT_EQUAL(sg_rate_limit_wait("99999999999999999999", NOW_MS), 0);
    CU_ASSERT_EQUAL(sg_rate_limit_wait("999999", NOW_MS), 86400);
}

static void test_5xx_is_unavailable(void)
{
    for (long s = 500; s <= 504; s++) {
        sg_exchange ex = http(s);
        auth_result r;
        expect_map(&ex, &r, AUTH_ERR_UNAVAILABLE, "retry later");
    }
}

static void test_oversized_body_is_protocol_error(void)
{
    sg_exchange ex = http(401);
    ex.body_truncated = 1;
    auth_result r;
    expect_map(&ex, &r, AUTH_ERR_PROTOCOL, "over 64 KiB");
}

static void test_transport_errors_keep_their_status(void)
{
    sg_exchange ex = http(0);
    ex.transport_error = 1;
    ex.transport_status = AUTH_ERR_TLS;
    ex.transport_detail = "the server's TLS certificate could not be verified";
    auth_result r;
    expect_map(&ex, &r, AUTH_ERR_TLS, "could not be verified");
    CU_ASSERT_EQUAL(r.http_status, 0);
    /* libcurl's own words follow, made printable. */
    ex.transport_text = "SSL certificate problem: certificate has expired\n";
    expect_map(&ex, &r, AUTH_ERR_TLS,
               "(libcurl: SSL certificate problem: certificate has expired)");
}

static void test_check_maps_200_to_ok(void)
{
    sg_exchange ex = http(200);
    ex.call = SG_CALL_CHECK;
    auth_result r;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
    ex.http_status = 401;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_AUTH_REJECTED);
}

/* ---- the redirect check ------------------------------------------------- */

static int allowed(const char *url)
{
    char why[200];
    return sg_redirect_check(url, settings.redirect_hosts,
                             settings.redirect_host_count, why, sizeof why) == 0;
}

static void test_redirect_check(void)
{
    CU_ASSERT_TRUE(allowed("https://app.sendgrid.com/sso?code=x"));
    CU_ASSERT_TRUE(allowed("https://sendgrid.com/x"));
    CU_ASSERT_TRUE(allowed("https://APP.SendGrid.com/x"));
    CU_ASSERT_TRUE(allowed("https://a.b.sendgrid.com:8443/x"));
    CU_ASSERT_FALSE(allowed("https://evilsendgrid.com/x"));
    CU_ASSERT_FALSE(allowed("https://sendgrid.com.evil.net/x"));
    CU_ASSERT_FALSE(allowed("http://app.sendgrid.com/x"));
    CU_ASSERT_FALSE(allowed("https://user@app.sendgrid.com/x"));
    CU_ASSERT_FALSE(allowed("https://user:pw@app.sendgrid.com/x"));
    CU_ASSERT_FALSE(allowed("https://@app.sendgrid.com/x"));
    CU_ASSERT_FALSE(allowed("https://app.sendgrid.com/x\r\nSet-Cookie: a=b"));
    CU_ASSERT_FALSE(allowed("https://app.sendgrid.com/\x01"));
    CU_ASSERT_FALSE(allowed("https://app.sendgrid.com/a b"));
    CU_ASSERT_FALSE(allowed("javascript:alert(1)"));
    CU_ASSERT_FALSE(allowed("//app.sendgrid.com/x"));
    CU_ASSERT_FALSE(allowed(""));
    char *longurl = malloc(5000);
    strcpy(longurl, "https://app.sendgrid.com/");
    memset(longurl + 25, 'a', 4071);
    longurl[4096] = '\0';
    CU_ASSERT_TRUE(allowed(longurl)); /* exactly 4096 bytes */
    longurl[4096] = 'a';
    longurl[4097] = '\0';
    CU_ASSERT_FALSE(allowed(longurl));
    free(longurl);
}

static void test_redirect_check_loopback_http_only(void)
{
    sg_host_pattern hosts[3] = {{"127.0.0.1", 0}, {"::1", 0}, {"example.com", 0}};
    char why[200];
    CU_ASSERT_EQUAL(sg_redirect_check("http://127.0.0.1:8080/login?code=x", hosts,
                                      3, why, sizeof why), 0);
    CU_ASSERT_EQUAL(sg_redirect_check("http://[::1]:8080/login", hosts, 3, why,
                                      sizeof why), 0);
    CU_ASSERT_EQUAL(sg_redirect_check("http://example.com/login", hosts, 3, why,
                                      sizeof why), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "not https"));
    /* Found by fuzz_redirect_check: curl reads "127.0.01" as 127.0.0.1;
     * only canonically written hosts pass, so browser and check agree. */
    CU_ASSERT_EQUAL(sg_redirect_check("http://127.0.01/login?code=x", hosts, 3, why,
                                      sizeof why), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "canonical"));
    CU_ASSERT_EQUAL(sg_redirect_check("https://app.sendgrid%2ecom/x", hosts, 3, why,
                                      sizeof why), -1);
    /* Found by the differential fuzz against libcurl's parser: an IPv4
     * address in brackets is not an IPv6 literal. */
    CU_ASSERT_EQUAL(sg_redirect_check("http://[127.0.0.1]/login", hosts, 3, why,
                                      sizeof why), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "IPv6"));
}

static void test_redirect_check_reads_hosts_strictly(void)
{
    /* Forms a browser could read differently from the text are refused. */
    CU_ASSERT_FALSE(allowed("https://0x7f.sendgrid.com.0x1/x"));
    CU_ASSERT_FALSE(allowed("https://sendgrid.com./x"));        /* trailing dot */
    CU_ASSERT_FALSE(allowed("https://a..sendgrid.com/x"));      /* empty label */
    CU_ASSERT_FALSE(allowed("https://evil.com\\.sendgrid.com/x")); /* '\' is '/' */
    CU_ASSERT_FALSE(allowed("https://app_x.sendgrid.com/x"));
    CU_ASSERT_FALSE(allowed("https://sendgrid.com:/x"));         /* empty port */
    CU_ASSERT_FALSE(allowed("https://sendgrid.com:0/x"));
    CU_ASSERT_FALSE(allowed("https://sendgrid.com:65536/x"));
    CU_ASSERT_FALSE(allowed("https://sendgrid.com:44a/x"));
    CU_ASSERT_FALSE(allowed("HTTPS://sendgrid.com/x"));          /* scheme as written */
    CU_ASSERT_TRUE(allowed("https://sendgrid.com:443/x"));
    CU_ASSERT_TRUE(allowed("https://app-1.sendgrid.com?code=x"));
    CU_ASSERT_TRUE(allowed("https://app.sendgrid.com#frag"));
    sg_host_pattern ips[2] = {{"10.1.2.3", 0}, {"2001:db8::1", 0}};
    char why[200];
    CU_ASSERT_EQUAL(sg_redirect_check("https://10.1.2.3/x", ips, 2, why, sizeof why), 0);
    CU_ASSERT_EQUAL(sg_redirect_check("https://10.1.2.03/x", ips, 2, why, sizeof why), -1);
    CU_ASSERT_EQUAL(sg_redirect_check("https://10.1.515/x", ips, 2, why, sizeof why), -1);
    CU_ASSERT_EQUAL(sg_redirect_check("https://[2001:db8::1]:8443/x", ips, 2, why,
                                      sizeof why), 0);
    CU_ASSERT_EQUAL(sg_redirect_check("https://[2001:db8::1%25eth0]/x", ips, 2, why,
                                      sizeof why), -1);
}

/* ---- settings ------------------------------------------------------------ */

static void expect_config_error(const char *const *kv, const char *needle)
{
    sg_settings s;
    char err[512] = "";
    int rc = sg_settings_parse(kv, &s, err, sizeof err);
    CU_ASSERT_EQUAL(rc, AUTH_ERR_CONFIG);
    if (strstr(err, needle) == NULL)
        fprintf(stderr, "\n  expected '%s' in: %s\n", needle, err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, needle));
}

static void test_settings_defaults(void)
{
    CU_ASSERT_STRING_EQUAL(settings.base_url[SG_REGION_GLOBAL], "https://api.sendgrid.com");
    CU_ASSERT_STRING_EQUAL(settings.base_url[SG_REGION_EU], "https://api.eu.sendgrid.com");
    CU_ASSERT_EQUAL(settings.timeout_ms, 10000);
    CU_ASSERT_EQUAL(settings.connect_timeout_ms, 3000);
    CU_ASSERT_EQUAL(settings.max_retries, 1);
    CU_ASSERT_EQUAL(settings.default_region, SG_REGION_GLOBAL);
    CU_ASSERT_EQUAL(settings.redirect_host_count, 2);
    CU_ASSERT_PTR_NULL(settings.proxy);
    CU_ASSERT_PTR_NULL(settings.ca_file);
}

static void test_settings_refused(void)
{
    /* Settings (up to 3, the rest NULL) and what the error must say. */
    static const struct {
        const char *kv[4];
        const char *needle;
    } cases[] = {
        {{"api_key_env=K", "timeuot_ms=5"}, "unknown setting 'timeuot_ms'"},
        {{"timeout_ms=5"}, "no API key configured"},
        {{"api_key_env=K", "api_key_file=/x"}, "both given"},
        {{"api_key_env=K", "timeout_ms=0"}, "'timeout_ms' must be a whole number from 1"},
        {{"api_key_env=K", "timeout_ms=12abc"}, "'timeout_ms' must be a whole number"},
        {{"api_key_env=K", "global_base_url=http://api.sendgrid.com"}, "http to a non-loopback host"},
        {{"api_key_env=K", "eu_base_url=ftp://x"}, "must use https"},
        {{"api_key_env=K", "eu_base_url=https://u:p@x.example"}, "user-info"},
        {{"api_key_env=K", "default_region=us"}, "'default_region' is 'us'"},
        {{"api_key_env=K", "redirect_hosts=a b,c"}, "invalid entry"},
        {{"api_key_env=K", "redirect_hosts="}, "redirect_hosts"},
        {{"api_key_env=K", "ca_file=/nonexistent/ca.pem"}, "cannot read '/nonexistent/ca.pem'"},
        {{"api_key_env=K", "timeout_ms=1000", "connect_timeout_ms=2000"}, "larger than 'timeout_ms'"},
        {{"api_key_env=K", "max_retries=11"}, "'max_retries' must be a whole number from 0 to 10"},
        {{"api_key_env=K", "proxy=not a url"}, "'proxy' must be a proxy URL"},
        {{"api_key_env=K", "proxy=proxy.example:3128"}, "'proxy' must be a proxy URL"},
        {{"api_key_env=K", "proxy=ftp://proxy.example:21"}, "'proxy' must be a proxy URL"},
        {{"api_key_env=K", "timeout_ms=5", "timeout_ms=6"}, "given twice"},
        {{"api_key_env=K", "noequals"}, "not of the form key=value"},
        {{"api_key_env=K", "eu_api_key_env=A", "eu_api_key_file=/b"}, "'eu_api_key_file' and 'eu_api_key_env'"},
        {{"api_key_env="}, "'api_key_env' is empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_config_error(cases[i].kv, cases[i].needle);
}

static void test_settings_accepted(void)
{
    const char *kv[] = {"api_key_env=K", "global_base_url=http://127.0.0.1:8080/",
                        "eu_base_url=https://eu.example:8443/base",
                        "redirect_hosts=127.0.0.1, *.Example.com",
                        "default_region=eu", "max_retries=0", NULL};
    sg_settings s;
    char err[512];
    CU_ASSERT_EQUAL_FATAL(sg_settings_parse(kv, &s, err, sizeof err), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(s.base_url[SG_REGION_GLOBAL], "http://127.0.0.1:8080");
    CU_ASSERT_TRUE(s.base_is_http[SG_REGION_GLOBAL]);
    CU_ASSERT_STRING_EQUAL(s.base_url[SG_REGION_EU], "https://eu.example:8443/base");
    CU_ASSERT_EQUAL(s.redirect_host_count, 2);
    CU_ASSERT_STRING_EQUAL(s.redirect_hosts[1].text, ".example.com");
    CU_ASSERT_EQUAL(s.default_region, SG_REGION_EU);
    CU_ASSERT_PTR_NULL(s.proxy);
    sg_settings_free(&s);

    const char *env_proxy[] = {"api_key_env=K", "proxy=env", NULL};
    CU_ASSERT_EQUAL_FATAL(sg_settings_parse(env_proxy, &s, err, sizeof err), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(s.proxy, "env");
    sg_settings_free(&s);

    /* Every proxy kind libcurl speaks, SOCKS included (a SOCKS scheme is not
     * a transfer protocol, and the URL parser refused it once). */
    const char *const proxies[] = {"http://p.example:3128", "https://p.example:443",
                                   "socks4://p.example:1080", "socks4a://p.example:1080",
                                   "socks5://p.example:1080", "socks5h://u:pw@p.example:1080"};
    for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++) {
        char setting[128];
        snprintf(setting, sizeof setting, "proxy=%s", proxies[i]);
        const char *pv[] = {"api_key_env=K", setting, NULL};
        int rc = sg_settings_parse(pv, &s, err, sizeof err);
        if (rc != AUTH_OK)
            fprintf(stderr, "\n  proxy %s refused: %s\n", proxies[i], err);
        CU_ASSERT_EQUAL_FATAL(rc, AUTH_OK);
        CU_ASSERT_STRING_EQUAL(s.proxy, proxies[i]);
        sg_settings_free(&s);
    }
}

/* Parses kv, which must be accepted, and returns the connect timeout. */
static long connect_timeout_of(const char *const *kv)
{
    sg_settings s;
    char err[512] = "";
    if (sg_settings_parse(kv, &s, err, sizeof err) != AUTH_OK) {
        fprintf(stderr, "\n  refused: %s\n", err);
        return -1;
    }
    long v = s.connect_timeout_ms;
    sg_settings_free(&s);
    return v;
}

static void test_connect_timeout_default_follows_timeout(void)
{
    /* Only timeout_ms written: the connect timeout the operator never wrote
     * follows it down instead of being blamed. */
    const char *short_total[] = {"api_key_env=K", "timeout_ms=1500", NULL};
    CU_ASSERT_EQUAL(connect_timeout_of(short_total), 1500);
    const char *long_total[] = {"api_key_env=K", "timeout_ms=5000", NULL};
    CU_ASSERT_EQUAL(connect_timeout_of(long_total), 3000);
    /* Only connect_timeout_ms written, above the default total: the total
     * (10000) still bounds every attempt, as libcurl would. */
    const char *long_connect[] = {"api_key_env=K", "connect_timeout_ms=20000", NULL};
    CU_ASSERT_EQUAL(connect_timeout_of(long_connect), 10000);
    const char *both_ok[] = {"api_key_env=K", "timeout_ms=1500",
                             "connect_timeout_ms=1500", NULL};
    CU_ASSERT_EQUAL(connect_timeout_of(both_ok), 1500);
    /* Two values the operator wrote that contradict each other: refused. */
    const char *both_bad[] = {"api_key_env=K", "connect_timeout_ms=3000",
                              "timeout_ms=1500", NULL};
    expect_config_error(both_bad, "setting 'connect_timeout_ms' (3000) is larger "
                                  "than 'timeout_ms' (1500)");
}

static void test_plain_http_base_through_a_proxy_is_refused(void)
{
    /* The Authorization header would cross the proxy in cleartext. */
    static const char *const proxies[] = {"proxy=http://p.example:3128", "proxy=env",
                                          "proxy=socks5h://p.example:1080",
                                          "proxy=https://u:hunter2@p.example:443"};
    for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++) {
        const char *g[] = {"api_key_env=K", "global_base_url=http://127.0.0.1:8080",
                           proxies[i], NULL};
        expect_config_error(g, "setting 'global_base_url' is plain http and "
                               "setting 'proxy' is '");
        expect_config_error(g, "the proxy would see the API key in cleartext");
        const char *e[] = {"api_key_env=K", proxies[i],
                           "eu_base_url=http://localhost:8081", NULL};
        expect_config_error(e, "setting 'eu_base_url' is plain http and setting "
                               "'proxy' is '");
    }
    const char *env[] = {"api_key_env=K", "global_base_url=http://[::1]:8080",
                         "proxy=env", NULL};
    expect_config_error(env, "setting 'proxy' is 'env'");
    /* The proxy URL may hold credentials: never echoed. */
    sg_settings s;
    char err[512] = "";
    const char *cred[] = {"api_key_env=K", "global_base_url=http://127.0.0.1:1",
                          "proxy=https://u:hunter2@p.example:443", NULL};
    CU_ASSERT_EQUAL(sg_settings_parse(cred, &s, err, sizeof err), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
    CU_ASSERT_PTR_NULL(strstr(err, "p.example"));
    /* https through a proxy, and plain http without one, stay allowed. */
    const char *https_proxy[] = {"api_key_env=K", "proxy=http://p.example:3128",
                                 "global_base_url=https://127.0.0.1:8443", NULL};
    CU_ASSERT_EQUAL(connect_timeout_of(https_proxy), 3000);
    const char *http_direct[] = {"api_key_env=K", "global_base_url=http://127.0.0.1:8080",
                                 NULL};
    CU_ASSERT_EQUAL(connect_timeout_of(http_direct), 3000);
}

/* ---- the key file -------------------------------------------------------- */

static void test_key_file_rules(void)
{
    char dir[256], path[300], err[512];
    char *key = NULL;
    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/key", dir);

    CU_ASSERT_EQUAL(ts_write_file(path, "SG.secret-key\n", 0600), 0);
    CU_ASSERT_EQUAL(sg_secret_load(path, NULL, "api_key_file", &key, err, sizeof err), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(key, "SG.secret-key"); /* trailing newline ignored */
    sg_secret_free(key);

    CU_ASSERT_EQUAL(chmod(path, 0644), 0);
    CU_ASSERT_EQUAL(sg_secret_load(path, NULL, "api_key_file", &key, err, sizeof err), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "readable by every user"));
    CU_ASSERT_PTR_NULL(key);

    CU_ASSERT_EQUAL(ts_write_file(path, "SG.a b\n", 0600), 0);
    CU_ASSERT_EQUAL(chmod(path, 0600), 0);
    CU_ASSERT_EQUAL(sg_secret_load(path, NULL, "api_key_file", &key, err, sizeof err), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "whitespace or a control character at byte 5"));
    CU_ASSERT_PTR_NULL(strstr(err, "SG.a"));

    CU_ASSERT_EQUAL(ts_write_file(path, "\n", 0600), 0);
    CU_ASSERT_EQUAL(sg_secret_load(path, NULL, "api_key_file", &key, err, sizeof err), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "empty"));

    CU_ASSERT_EQUAL(sg_secret_load(dir, NULL, "api_key_file", &key, err, sizeof err), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a regular file"));

    unsetenv("SG_TEST_UNSET_KEY");
    CU_ASSERT_EQUAL(sg_secret_load(NULL, "SG_TEST_UNSET_KEY", "api_key_env", &key, err, sizeof err), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "'SG_TEST_UNSET_KEY' is not set"));
    unlink(path);
    rmdir(dir);
}

static int load_key(const char *path, char *err, size_t err_size)
{
    char *key = NULL;
    err[0] = '\0';
    int rc = sg_secret_load(path, NULL, "api_key_file", &key, err, err_size);
    if (rc == AUTH_OK) {
        CU_ASSERT_STRING_EQUAL(key, "SG.mode-test");
    } else {
        CU_ASSERT_PTR_NULL(key);
    }
    sg_secret_free(key);
    return rc;
}

static void test_key_file_writable_by_others_is_refused(void)
{
    static const struct {
        mode_t mode;
        const char *problem, *chmod, *fixed_mode_note;
    } cases[] = {
        {0622, "is writable by its group and every user", "g-w,o-rwx", "0600"},
        {0602, "is writable by every user", "o-rwx", "0600"},
        {0620, "is writable by its group", "g-w", "0600"},
        {0660, "is writable by its group", "g-w", "0640"},
        {0642, "is writable by every user", "o-rwx", "0640"},
        {0644, "is readable by every user", "o-rwx", "0640"},
        {0664, "is readable by every user and writable by its group", "g-w,o-rwx",
         "0640"},
        {0646, "is readable and writable by every user", "o-rwx", "0640"},
        {0666, "is readable by every user and writable by its group and every user",
         "g-w,o-rwx", "0640"},
    };
    char dir[256], path[300], err[512], want[700];
    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/sendgrid.key", dir);
    CU_ASSERT_EQUAL_FATAL(ts_write_file(path, "SG.mode-test\n", 0600), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CU_ASSERT_EQUAL(chmod(path, cases[i].mode), 0);
        CU_ASSERT_EQUAL(load_key(path, err, sizeof err), AUTH_ERR_CONFIG);
        snprintf(want, sizeof want, "api_key_file: '%s' %s: run 'chmod %s %s' "
                 "(0600 or 0640 is right)", path, cases[i].problem, cases[i].chmod,
                 path);
        if (strcmp(err, want) != 0)
            fprintf(stderr, "\n  mode %04o: expected: %s\n  got: %s\n",
                    (unsigned)cases[i].mode, want, err);
        CU_ASSERT_STRING_EQUAL(err, want);
        /* Doing what the message says fixes it. */
        char cmd[700];
        snprintf(cmd, sizeof cmd, "chmod %s '%s'", cases[i].chmod, path);
        CU_ASSERT_EQUAL(system(cmd), 0);
        struct stat st;
        CU_ASSERT_EQUAL(stat(path, &st), 0);
        char mode[8];
        snprintf(mode, sizeof mode, "%04o", (unsigned)(st.st_mode & 07777));
        CU_ASSERT_STRING_EQUAL(mode, cases[i].fixed_mode_note);
        CU_ASSERT_EQUAL(load_key(path, err, sizeof err), AUTH_OK);
    }
    static const mode_t fine[] = {0600, 0640, 0400, 0440};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        CU_ASSERT_EQUAL(chmod(path, fine[i]), 0);
        CU_ASSERT_EQUAL(load_key(path, err, sizeof err), AUTH_OK);
    }
    unlink(path);
    rmdir(dir);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Opens the FIFO for writing (then closes it) if init has not returned
 * within 2 s, so that an init blocked in open() ends and the test can fail
 * on the time it took instead of hanging. */
typedef struct fifo_rescue {
    const char *path;
    atomic_int done;
    int rescued;
} fifo_rescue;

static void *rescue_fifo(void *arg)
{
    fifo_rescue *fr = arg;
    for (int i = 0; i < 200 && !atomic_load(&fr->done); i++) {
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (!atomic_load(&fr->done)) {
        int fd = open(fr->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
            fr->rescued = 1;
            close(fd);
        }
    }
    return NULL;
}

/* init with api_key_file=path, through the whole instance set-up: the
 * status, the message in result.log_message, and the time it took. */
static int init_with_key_file(const char *path, auth_result *r, long long *took_ms)
{
    char setting[400];
    snprintf(setting, sizeof setting, "api_key_file=%s", path);
    const char *kv[] = {setting, NULL};
    struct auth_instance *inst = NULL;
    auth_result_init(r);
    long long t0 = now_ms();
    int rc = sg_instance_init(NULL, kv, &inst, r);
    *took_ms = now_ms() - t0;
    sg_instance_teardown(inst);
    return rc;
}

static void test_key_file_that_is_not_a_file_is_refused_at_once(void)
{
    char dir[256], fifo[300], sock[300], want[600];
    CU_ASSERT_EQUAL_FATAL(ts_make_tempdir(dir, sizeof dir), 0);
    snprintf(fifo, sizeof fifo, "%s/key.fifo", dir);
    snprintf(sock, sizeof sock, "%s/key.sock", dir);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);

    fifo_rescue fr = {fifo, 0, 0};
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, rescue_fifo, &fr), 0);
    auth_result r;
    long long took = 0;
    int rc = init_with_key_file(fifo, &r, &took);
    atomic_store(&fr.done, 1);
    pthread_join(t, NULL);
    printf("\n    a FIFO as api_key_file: init returned in %lld ms%s\n", took,
           fr.rescued ? " (only because the test opened the FIFO's other end)" : "");
    CU_ASSERT_EQUAL(rc, AUTH_ERR_CONFIG);
    CU_ASSERT_FALSE(fr.rescued);
    CU_ASSERT(took < 1000);
    snprintf(want, sizeof want, "api_key_file: '%s' is not a regular file but a "
             "FIFO (named pipe): give the path of the file holding the key", fifo);
    CU_ASSERT_STRING_EQUAL(r.log_message, want);

    /* A socket cannot even be opened; the message still says what it is. */
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    CU_ASSERT_FATAL(strlen(sock) < sizeof sa.sun_path);
    memcpy(sa.sun_path, sock, strlen(sock) + 1);
    CU_ASSERT_EQUAL_FATAL(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    CU_ASSERT_EQUAL(listen(s, 1), 0);
    CU_ASSERT_EQUAL(init_with_key_file(sock, &r, &took), AUTH_ERR_CONFIG);
    CU_ASSERT(took < 1000);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "is not a regular file but a socket"));
    close(s);

    CU_ASSERT_EQUAL(init_with_key_file("/dev/null", &r, &took), AUTH_ERR_CONFIG);
    CU_ASSERT(took < 1000);
    CU_ASSERT_STRING_EQUAL(r.log_message, "api_key_file: '/dev/null' is not a "
                           "regular file but a character device: give the path of "
                           "the file holding the key");
    CU_ASSERT_EQUAL(init_with_key_file(dir, &r, &took), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "is not a regular file but a directory"));
    unlink(fifo);
    unlink(sock);
    rmdir(dir);
}

static CU_TestInfo tests[] = {
    {"303 with a good Location is success", test_303_good_location_is_success},
    {"303 without a usable Location is a protocol error",
     test_303_without_usable_location_is_protocol_error},
    {"2xx and other 3xx are protocol errors", test_2xx_is_protocol_error},
    {"401/403/404 carry message and error_id", test_401_403_404_carry_message_and_error_id},
    {"malformed error bodies still explain", test_malformed_error_bodies_still_explain},
    {"control characters in messages are neutralized",
     test_error_message_control_characters_are_neutralized},
    {"429 with both X-RateLimit-Reset forms", test_429_both_reset_forms},
    {"X-RateLimit-Reset parsing", test_rate_limit_wait_parsing},
    {"5xx is unavailable", test_5xx_is_unavailable},
    {"an oversized body is a protocol error", test_oversized_body_is_protocol_error},
    {"transport errors keep their status", test_transport_errors_keep_their_status},
    {"check maps 200 to ok", test_check_maps_200_to_ok},
    {"the redirect check", test_redirect_check},
    {"hosts are read strictly", test_redirect_check_reads_hosts_strictly},
    {"http redirects only to loopback", test_redirect_check_loopback_http_only},
    {"settings defaults", test_settings_defaults},
    {"invalid settings are refused by name", test_settings_refused},
    {"valid settings are accepted", test_settings_accepted},
    {"connect_timeout_ms defaults to at most timeout_ms",
     test_connect_timeout_default_follows_timeout},
    {"plain http base URL through a proxy is refused",
     test_plain_http_base_through_a_proxy_is_refused},
    {"API key file rules", test_key_file_rules},
    {"a key file others may write is refused", test_key_file_writable_by_others_is_refused},
    {"a FIFO, socket or device as key file is refused at once",
     test_key_file_that_is_not_a_file_is_refused_at_once},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("sendgrid_units", setup, cleanup, tests)
