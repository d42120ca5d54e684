/* Unit tests of the SendGrid provider's pure parts: the response mapping,
 * the redirect check, rate-limit parsing and settings validation.  Each
 * asserts what an operator or user would see: the status, and the sentence
 * in the message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

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
    sg_exchange ex;
    memset(&ex, 0, sizeof ex);
    ex.call = SG_CALL_SSO;
    ex.region = SG_REGION_EU;
    ex.http_status = status;
    ex.now_ms = NOW_MS;
    return ex;
}

static int map(const sg_exchange *ex, auth_result *r)
{
    auth_result_init(r);
    return sg_response_map(ex, &settings, r);
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
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "0 Location headers"));
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");

    ex.location = "https://app.sendgrid.com/sso?code=" CODE;
    ex.location_count = 2;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "2 Location headers"));

    ex.location_count = 1;
    ex.location = "https://evil.example.net/login?code=" CODE;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "'evil.example.net'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "redirect_hosts"));
    CU_ASSERT_PTR_NULL(strstr(r.log_message, CODE));
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");

    ex.location = "/login?code=" CODE;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "not an absolute"));
}

static void test_2xx_is_protocol_error(void)
{
    auth_result r;
    for (long s = 200; s <= 204; s++) {
        sg_exchange ex = http(s);
        CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_PROTOCOL);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "303 See Other"));
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
        CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_AUTH_REJECTED);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "rejected the partner API key"));
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
        CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_UNAVAILABLE);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "retry later"));
    }
}

static void test_oversized_body_is_protocol_error(void)
{
    sg_exchange ex = http(401);
    ex.body_truncated = 1;
    auth_result r;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "over 64 KiB"));
}

static void test_transport_errors_keep_their_status(void)
{
    sg_exchange ex = http(0);
    ex.transport_error = 1;
    ex.transport_status = AUTH_ERR_TLS;
    ex.transport_detail = "the server's TLS certificate could not be verified";
    auth_result r;
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_TLS);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "could not be verified"));
    CU_ASSERT_EQUAL(r.http_status, 0);
    /* libcurl's own words follow, made printable. */
    ex.transport_text = "SSL certificate problem: certificate has expired\n";
    CU_ASSERT_EQUAL(map(&ex, &r), AUTH_ERR_TLS);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message,
        "(libcurl: SSL certificate problem: certificate has expired?)"));
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
    const char *a[] = {"api_key_env=K", "timeuot_ms=5", NULL};
    expect_config_error(a, "unknown setting 'timeuot_ms'");
    const char *b[] = {"timeout_ms=5", NULL};
    expect_config_error(b, "no API key configured");
    const char *c[] = {"api_key_env=K", "api_key_file=/x", NULL};
    expect_config_error(c, "both given");
    const char *d[] = {"api_key_env=K", "timeout_ms=0", NULL};
    expect_config_error(d, "'timeout_ms' must be a whole number from 1");
    const char *e[] = {"api_key_env=K", "timeout_ms=12abc", NULL};
    expect_config_error(e, "'timeout_ms' must be a whole number");
    const char *f[] = {"api_key_env=K", "global_base_url=http://api.sendgrid.com", NULL};
    expect_config_error(f, "http to a non-loopback host");
    const char *g[] = {"api_key_env=K", "eu_base_url=ftp://x", NULL};
    expect_config_error(g, "must use https");
    const char *h[] = {"api_key_env=K", "eu_base_url=https://u:p@x.example", NULL};
    expect_config_error(h, "user-info");
    const char *i[] = {"api_key_env=K", "default_region=us", NULL};
    expect_config_error(i, "'default_region' is 'us'");
    const char *j[] = {"api_key_env=K", "redirect_hosts=a b,c", NULL};
    expect_config_error(j, "invalid entry");
    const char *k[] = {"api_key_env=K", "redirect_hosts=", NULL};
    expect_config_error(k, "redirect_hosts");
    const char *l[] = {"api_key_env=K", "ca_file=/nonexistent/ca.pem", NULL};
    expect_config_error(l, "cannot read '/nonexistent/ca.pem'");
    const char *m[] = {"api_key_env=K", "timeout_ms=1000", "connect_timeout_ms=2000", NULL};
    expect_config_error(m, "larger than 'timeout_ms'");
    const char *n[] = {"api_key_env=K", "max_retries=11", NULL};
    expect_config_error(n, "'max_retries' must be a whole number from 0 to 10");
    const char *o[] = {"api_key_env=K", "proxy=not a url", NULL};
    expect_config_error(o, "'proxy' must be a proxy URL");
    const char *o2[] = {"api_key_env=K", "proxy=proxy.example:3128", NULL};
    expect_config_error(o2, "'proxy' must be a proxy URL");
    const char *o3[] = {"api_key_env=K", "proxy=ftp://proxy.example:21", NULL};
    expect_config_error(o3, "'proxy' must be a proxy URL");
    const char *p[] = {"api_key_env=K", "timeout_ms=5", "timeout_ms=6", NULL};
    expect_config_error(p, "given twice");
    const char *q[] = {"api_key_env=K", "noequals", NULL};
    expect_config_error(q, "not of the form key=value");
    const char *r[] = {"api_key_env=K", "eu_api_key_env=A", "eu_api_key_file=/b", NULL};
    expect_config_error(r, "'eu_api_key_file' and 'eu_api_key_env'");
    const char *s[] = {"api_key_env=", NULL};
    expect_config_error(s, "'api_key_env' is empty");
}

static void test_settings_accepted(void)
{
    const char *kv[] = {"api_key_env=K", "global_base_url=http://127.0.0.1:8080/",
                        "eu_base_url=https://eu.example:8443/base",
                        "redirect_hosts=127.0.0.1, *.Example.com",
                        "default_region=eu", "proxy=env", "max_retries=0", NULL};
    sg_settings s;
    char err[512];
    CU_ASSERT_EQUAL_FATAL(sg_settings_parse(kv, &s, err, sizeof err), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(s.base_url[SG_REGION_GLOBAL], "http://127.0.0.1:8080");
    CU_ASSERT_TRUE(s.base_is_http[SG_REGION_GLOBAL]);
    CU_ASSERT_STRING_EQUAL(s.base_url[SG_REGION_EU], "https://eu.example:8443/base");
    CU_ASSERT_EQUAL(s.redirect_host_count, 2);
    CU_ASSERT_STRING_EQUAL(s.redirect_hosts[1].text, ".example.com");
    CU_ASSERT_EQUAL(s.default_region, SG_REGION_EU);
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

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("sendgrid_units", setup, cleanup);
    CU_add_test(s, "303 with a good Location is success", test_303_good_location_is_success);
    CU_add_test(s, "303 without a usable Location is a protocol error", test_303_without_usable_location_is_protocol_error);
    CU_add_test(s, "2xx and other 3xx are protocol errors", test_2xx_is_protocol_error);
    CU_add_test(s, "401/403/404 carry message and error_id", test_401_403_404_carry_message_and_error_id);
    CU_add_test(s, "malformed error bodies still explain", test_malformed_error_bodies_still_explain);
    CU_add_test(s, "control characters in messages are neutralized", test_error_message_control_characters_are_neutralized);
    CU_add_test(s, "429 with both X-RateLimit-Reset forms", test_429_both_reset_forms);
    CU_add_test(s, "X-RateLimit-Reset parsing", test_rate_limit_wait_parsing);
    CU_add_test(s, "5xx is unavailable", test_5xx_is_unavailable);
    CU_add_test(s, "an oversized body is a protocol error", test_oversized_body_is_protocol_error);
    CU_add_test(s, "transport errors keep their status", test_transport_errors_keep_their_status);
    CU_add_test(s, "check maps 200 to ok", test_check_maps_200_to_ok);
    CU_add_test(s, "the redirect check", test_redirect_check);
    CU_add_test(s, "hosts are read strictly", test_redirect_check_reads_hosts_strictly);
    CU_add_test(s, "http redirects only to loopback", test_redirect_check_loopback_http_only);
    CU_add_test(s, "settings defaults", test_settings_defaults);
    CU_add_test(s, "invalid settings are refused by name", test_settings_refused);
    CU_add_test(s, "valid settings are accepted", test_settings_accepted);
    CU_add_test(s, "API key file rules", test_key_file_rules);
    return ts_run_suites(argc, argv);
}
