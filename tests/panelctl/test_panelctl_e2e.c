/* SPDX-License-Identifier: MIT */
/*
 * panelctl.e2e -- panelctl with the real SendGrid plugin against two
 * HTTPS sandboxes (global and EU) signed by the test CA: the URL panelctl
 * prints must lead to the right region's sandbox and log the right account
 * in; an account's whole life (create in either region, state, suspend,
 * login refused while suspended, unsuspend, offerings, set-offerings,
 * catalog, delete) goes through panelctl's account verbs; --json answers
 * parse back; and nothing secret may reach stderr, even with -vv.
 *
 * Needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "testsupport.h"
#include "ts_host.h"

#ifndef PANELCTL_BIN
#error "PANELCTL_BIN must be defined by the build"
#endif

static ts_upstream up;
static char wrong_key_path[300], config_path[300], wrong_config_path[300];

static int write_config(const char *path, const char *key_file)
{
    return ts_upstream_write_config(&up, path, key_file,
        "    \"acme\":   { \"provider\": \"sendgrid\", \"account_id\": \"acct-acme\", \"region\": \"global\" },\n"
        "    \"muller\": { \"provider\": \"sendgrid\", \"account_id\": \"acct-muller\", \"region\": \"eu\" },\n"
        "    \"newco\":  { \"provider\": \"sendgrid\", \"region\": \"global\" },\n"
        "    \"neweu\":  { \"provider\": \"sendgrid\", \"region\": \"eu\" }\n");
}

static ts_proc_result run(const char *first, ...)
{
    const char *argv[40];
    int n = 0;
    const char *a;
    va_list ap;
    ts_proc_result r;
    argv[n++] = PANELCTL_BIN;
    va_start(ap, first);
    for (a = first; a != NULL && n < 39; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    if (ts_proc_run(argv, NULL, 0, &r) != 0)
        CU_FAIL_FATAL("panelctl could not be started");
    return r;
}

static int has(const char *hay, const char *needle)
{
    return hay != NULL && needle != NULL && *needle != '\0' && strstr(hay, needle) != NULL;
}

/* stdout minus its newline, after checking it is exactly one line. */
static char *the_line(ts_proc_result *r)
{
    size_t n = strlen(r->out);
    CU_ASSERT_EQUAL(ts_count_lines(r->out), 1);
    CU_ASSERT_TRUE(n > 0 && r->out[n - 1] == '\n');
    if (n > 0 && r->out[n - 1] == '\n')
        r->out[n - 1] = '\0';
    return r->out;
}

/* Whatever follows '?' in a login URL is its secret. */
static const char *query_of(const char *url)
{
    const char *q = strchr(url, '?');
    return q != NULL ? q + 1 : NULL;
}

static void expect_logged_in(const char *url, const char *account, const char *region)
{
    CU_ASSERT_TRUE(ts_visit_logs_into(NULL, url, up.ca_file, account, region));
}

static void test_login_global_and_eu(void)
{
    const struct {
        const char *tenant, *account, *region;
        int port;
    } logins[] = {{"acme", "acct-acme", "global", up.global.port},
                  {"muller", "acct-muller", "eu", up.eu.port}};
    for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
        ts_proc_result r = run("-c", config_path, "login", logins[i].tenant, NULL);
        char *url;
        CU_ASSERT_EQUAL(r.exit_code, 0);
        CU_ASSERT_STRING_EQUAL(r.err, "");
        url = the_line(&r);
        if (query_of(url) != NULL)
            ts_secrets_add(query_of(url));
        CU_ASSERT_EQUAL(ts_url_port(url), logins[i].port);
        expect_logged_in(url, logins[i].account, logins[i].region);
        ts_proc_free(&r);
    }
}

static void test_login_with_region(void)
{
    ts_proc_result r = run("-c", config_path, "login", "--with-region", "muller", NULL);
    char *line;
    CU_ASSERT_EQUAL(r.exit_code, 0);
    line = the_line(&r);
    CU_ASSERT_EQUAL(strncmp(line, "eu https://", 11), 0);
    if (strncmp(line, "eu ", 3) == 0) {
        CU_ASSERT_EQUAL(ts_url_port(line + 3), up.eu.port);
        expect_logged_in(line + 3, "acct-muller", "eu");
    }
    ts_proc_free(&r);
}

static void test_check(void)
{
    ts_proc_result r = run("-c", config_path, "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "OK: tenant 'acme' (provider sendgrid", 36), 0);
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    r = run("-c", config_path, "check", "muller", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "OK: tenant 'muller' (provider sendgrid", 38), 0);
    ts_proc_free(&r);
}

static void test_verbose_never_shows_secrets(void)
{
    ts_proc_result r = run("-vv", "-c", config_path, "login", "muller", NULL);
    char *url;
    CU_ASSERT_EQUAL(r.exit_code, 0);
    url = the_line(&r);
    CU_ASSERT_EQUAL(ts_url_port(url), up.eu.port);
    CU_ASSERT_PTR_NOT_NULL_FATAL(query_of(url));
    ts_secrets_add(query_of(url));
    /* the plugin did log (through the loader), and panelctl named region */
    CU_ASSERT_TRUE(has(r.err, "panelctl: info: sendgrid"));
    CU_ASSERT_TRUE(has(r.err, "region eu answered"));
    CU_ASSERT_FALSE(has(r.err, up.key));
    CU_ASSERT_FALSE(has(r.err, query_of(url)));
    CU_ASSERT_FALSE(has(r.err, url));
    if (!has(r.err, "region eu answered"))
        fprintf(stderr, "\n  stderr=[%s]\n", r.err);
    ts_proc_free(&r);

    r = run("-vv", "-c", config_path, "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_FALSE(has(r.err, up.key));
    ts_proc_free(&r);
}

static void test_wrong_key_is_exit_4(void)
{
    ts_proc_result r = run("-vv", "-c", wrong_config_path, "login", "acme", NULL);
    const char *last;
    CU_ASSERT_EQUAL(r.exit_code, 4);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_TRUE(has(r.err, "AUTH_ERR_AUTH_REJECTED"));
    CU_ASSERT_FALSE(has(r.err, up.key));
    CU_ASSERT_FALSE(has(r.err, "SG.not-the-partner-key"));
    ts_proc_free(&r);
    /* without -v: exactly the one error line */
    r = run("-c", wrong_config_path, "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 4);
    CU_ASSERT_EQUAL(ts_count_lines(r.err), 1);
    last = r.err;
    CU_ASSERT_EQUAL(strncmp(last, "panelctl: login for tenant 'acme' failed (AUTH_ERR_AUTH_REJECTED): ", 67), 0);
    ts_proc_free(&r);
}

static void test_plugins_lists_sendgrid(void)
{
    ts_proc_result r = run("-c", config_path, "plugins", NULL);
    char expect[512];
    snprintf(expect, sizeof expect, "loaded\tsendgrid\t");
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, expect, strlen(expect)), 0);
    CU_ASSERT_TRUE(has(r.out, "\t1.1\t"));
    CU_ASSERT_TRUE(has(r.out, "/sendgrid.so\taccount_create,account_state,account_suspend,"
                              "account_unsuspend,account_offerings,account_set_offerings,"
                              "account_delete,catalog\n"));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    ts_proc_free(&r);
}

/* ---- account verbs -------------------------------------------------------- */

/* The account's region as --attr pairs for --provider sendgrid. */
static ts_proc_result run_for(const char *verb1, const char *verb2, const char *id,
                           const char *region)
{
    char a_id[200], a_region[64];
    snprintf(a_id, sizeof a_id, "account_id=%s", id);
    snprintf(a_region, sizeof a_region, "region=%s", region);
    if (verb2 == NULL)
        return run("-c", config_path, verb1, "--provider", "sendgrid", "--attr", a_id,
                   "--attr", a_region, NULL);
    return run("-c", config_path, verb1, verb2, "--provider", "sendgrid", "--attr", a_id,
               "--attr", a_region, NULL);
}

/* A sandbox-minted id: "sg" and 32 lowercase hex digits. */
static int is_sandbox_id(const char *id)
{
    if (strncmp(id, "sg", 2) != 0 || strlen(id) != 34)
        return 0;
    return strspn(id + 2, "0123456789abcdef") == 32;
}

/* Log in through --provider and follow the URL: it must log `id` in. */
static void expect_login_works(const char *id, const char *region, int port)
{
    ts_proc_result r = run_for("login", NULL, id, region);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    char *url = the_line(&r);
    if (query_of(url) != NULL)
        ts_secrets_add(query_of(url));
    CU_ASSERT_EQUAL(ts_url_port(url), port);
    if (r.exit_code == 0)
        expect_logged_in(url, id, region);
    ts_proc_free(&r);
}

static void expect_state(const char *id, const char *region, const char *state)
{
    char want[64];
    ts_proc_result r = run_for("account", "state", id, region);
    snprintf(want, sizeof want, "%s\n", state);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, want);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

/* What `account create` answered: exit 0, the new account's id (into id)
 * as the one line of stdout, nothing on stderr; the account is active in
 * `region` and its tenant can log in there (the sandbox at `port`). */
static void expect_created(ts_proc_result *r, char id[64], const char *region, int port)
{
    CU_ASSERT_EQUAL_FATAL(r->exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r->err, "");
    snprintf(id, 64, "%s", the_line(r));
    CU_ASSERT_TRUE(is_sandbox_id(id));
    ts_proc_free(r);
    expect_state(id, region, "activated");
    expect_login_works(id, region, port);
}

/* Created in the global sandbox from a tenant of the file, then managed
 * through --provider/--attr as a panel holding the id would. */
static void test_account_lifecycle_global(void)
{
    char id[64];
    ts_proc_result r = run("-c", config_path, "account", "create", "newco", "--package",
                        "org.ei.free.v1", "--addon", "org.ei.addon.dedicated_ip.v1=2",
                        "--email", "ops@newco.example", "--company", "Newco",
                        "--phone", "+4930123456", NULL);
    expect_created(&r, id, "global", up.global.port);

    r = run_for("account", "suspend", id, "global");
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    expect_state(id, "global", "deactivated");

    /* a suspended account cannot be logged into: 403, exit 5 */
    r = run_for("login", NULL, id, "global");
    CU_ASSERT_EQUAL(r.exit_code, 5);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_EQUAL(ts_count_lines(r.err), 1);
    CU_ASSERT_TRUE(has(r.err, "panelctl: login through provider 'sendgrid' failed "
                              "(AUTH_ERR_FORBIDDEN): "));
    CU_ASSERT_TRUE(has(r.err, "account is deactivated"));
    ts_proc_free(&r);

    r = run_for("account", "unsuspend", id, "global");
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    ts_proc_free(&r);
    expect_state(id, "global", "activated");
    expect_login_works(id, "global", up.global.port);

    r = run_for("account", "offerings", id, "global");
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "package org.ei.free.v1 1\n"
                                  "addon org.ei.addon.dedicated_ip.v1 2\n");
    ts_proc_free(&r);

    {
        char a_id[200];
        snprintf(a_id, sizeof a_id, "account_id=%s", id);
        r = run("-c", config_path, "account", "set-offerings", "--provider", "sendgrid",
                "--attr", a_id, "--attr", "region=global", "--package", "org.ei.pro.v1",
                "--addon", "org.ei.addon.marketing_campaigns.v1", NULL);
    }
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "package org.ei.pro.v1 1\n"
                                  "addon org.ei.addon.marketing_campaigns.v1 1\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    r = run_for("account", "offerings", id, "global");
    CU_ASSERT_STRING_EQUAL(r.out, "package org.ei.pro.v1 1\n"
                                  "addon org.ei.addon.marketing_campaigns.v1 1\n");
    ts_proc_free(&r);

    r = run_for("account", "delete", id, "global");
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    r = run_for("account", "state", id, "global");
    CU_ASSERT_EQUAL(r.exit_code, 6);
    CU_ASSERT_TRUE(has(r.err, "(AUTH_ERR_NOT_FOUND)"));
    ts_proc_free(&r);
}

/* Created in the EU sandbox: it exists there only. */
static void test_account_create_eu(void)
{
    char id[64];
    ts_proc_result r = run("-c", config_path, "account", "create", "neweu", "--package",
                        "org.ei.essentials.v1", "--test-account", NULL);
    expect_created(&r, id, "eu", up.eu.port);
    r = run_for("account", "state", id, "global");
    CU_ASSERT_EQUAL(r.exit_code, 6);
    ts_proc_free(&r);
    r = run_for("account", "offerings", id, "eu");
    CU_ASSERT_STRING_EQUAL(r.out, "package org.ei.essentials.v1 1\n");
    ts_proc_free(&r);
    r = run_for("account", "delete", id, "eu");
    CU_ASSERT_EQUAL(r.exit_code, 0);
    ts_proc_free(&r);
}

static void test_catalog(void)
{
    static const char *const regions[] = {"acme", "muller"};
    for (size_t i = 0; i < 2; i++) {
        ts_proc_result r = run("-c", config_path, "catalog", regions[i], NULL);
        CU_ASSERT_EQUAL(r.exit_code, 0);
        CU_ASSERT_STRING_EQUAL(r.out, "package org.ei.free.v1 1\n"
                                      "package org.ei.essentials.v1 1\n"
                                      "package org.ei.pro.v1 1\n"
                                      "addon org.ei.addon.dedicated_ip.v1 1\n"
                                      "addon org.ei.addon.marketing_campaigns.v1 1\n");
        CU_ASSERT_STRING_EQUAL(r.err, "");
        ts_proc_free(&r);
    }
}

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * n;
}

/* Arm the next `op` request of a sandbox with `answer` (its README,
 * "Armed answers"). */
static int arm(const ts_sandbox *sb, const char *op, const char *answer)
{
    char url[128], body[128];
    long status = 0;
    CURL *h = curl_easy_init();
    if (h == NULL)
        return -1;
    snprintf(url, sizeof url, "%s/_sandbox/script", sb->base_url);
    snprintf(body, sizeof body, "{\"op\":\"%s\",\"answer\":\"%s\",\"count\":1}", op, answer);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CAINFO, up.ca_file);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK || status != 200) {
        fprintf(stderr, "arming %s=%s failed: %s, HTTP %ld\n", op, answer,
                curl_easy_strerror(rc), status);
        return -1;
    }
    return 0;
}

/* A create whose answer is lost after the sandbox made the account: exit
 * 11, never a retry, and the account exists. */
static void test_create_outcome_unknown(void)
{
    long before = ts_sandbox_stat(&up.global, up.ca_file, "accounts");
    CU_ASSERT_EQUAL_FATAL(arm(&up.global, "create", "apply-drop"), 0);
    ts_proc_result r = run("-c", config_path, "account", "create", "newco", "--package",
                        "org.ei.free.v1", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 11);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_EQUAL(ts_count_lines(r.err), 1);
    CU_ASSERT_TRUE(has(r.err, "panelctl: account create for tenant 'newco' failed "
                              "(AUTH_ERR_OUTCOME_UNKNOWN): "));
    CU_ASSERT_TRUE(has(r.err, "do not repeat it blindly"));
    if (r.exit_code != 11)
        fprintf(stderr, "\n  exit=%d stderr=[%s]\n", r.exit_code, r.err);
    ts_proc_free(&r);
    /* it did happen, once */
    CU_ASSERT_EQUAL(ts_sandbox_stat(&up.global, up.ca_file, "accounts"), before + 1);

    /* a 503 may come from in front of a create that happened: 11 too, and
     * the create is sent once */
    long requests = ts_sandbox_stat(&up.global, up.ca_file, "requests");
    CU_ASSERT_EQUAL_FATAL(arm(&up.global, "create", "503"), 0);
    r = run("-c", config_path, "account", "create", "newco", "--package", "org.ei.free.v1",
            NULL);
    CU_ASSERT_EQUAL(r.exit_code, 11);
    ts_proc_free(&r);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&up.global, up.ca_file, "requests"), requests + 1);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&up.global, up.ca_file, "accounts"), before + 1);

    /* a create the API refused (400) made nothing: invalid request, exit 3 */
    CU_ASSERT_EQUAL_FATAL(arm(&up.global, "create", "400"), 0);
    r = run("-c", config_path, "account", "create", "newco", "--package", "org.ei.free.v1",
            NULL);
    CU_ASSERT_EQUAL(r.exit_code, 3);
    CU_ASSERT_TRUE(has(r.err, "(AUTH_ERR_INVALID_REQUEST)"));
    ts_proc_free(&r);
    CU_ASSERT_EQUAL(ts_sandbox_stat(&up.global, up.ca_file, "accounts"), before + 1);
}

/* --json login: the object parses back, its URL logs the account in. */
static void test_json_login(void)
{
    ts_proc_result r = run("--json", "-c", config_path, "login", "muller", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    json_object *o = json_tokener_parse(the_line(&r));
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    json_object *v = NULL;
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "ok", &v) && json_object_get_boolean(v));
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "exit_code", &v) && json_object_get_int(v) == 0);
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "region", &v) &&
                   strcmp(json_object_get_string(v), "eu") == 0);
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "http_status", &v) &&
                   json_object_get_int(v) == 303);
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "expires_at_ms", &v) &&
                   json_object_get_int64(v) > 0);
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "redirect_url", &v) &&
                   json_object_is_type(v, json_type_string));
    if (v != NULL && json_object_is_type(v, json_type_string)) {
        const char *url = json_object_get_string(v);
        if (query_of(url) != NULL)
            ts_secrets_add(query_of(url));
        CU_ASSERT_EQUAL(ts_url_port(url), up.eu.port);
        expect_logged_in(url, "acct-muller", "eu");
    }
    json_object_put(o);
    ts_proc_free(&r);

    /* and a failure: the wrong key */
    r = run("--json", "-c", wrong_config_path, "account", "state", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 4);
    o = json_tokener_parse(the_line(&r));
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "status_name", &v) &&
                   strcmp(json_object_get_string(v), "AUTH_ERR_AUTH_REJECTED") == 0);
    CU_ASSERT_TRUE(json_object_object_get_ex(o, "http_status", &v) &&
                   json_object_get_int(v) == 401);
    CU_ASSERT_FALSE(has(r.out, up.key));
    json_object_put(o);
    ts_proc_free(&r);
}

/* Nothing panelctl writes holds the key or a code, with -vv, for the
 * account verbs too. */
static void test_account_verbose_never_shows_secrets(void)
{
    ts_proc_result r = run("-vv", "-c", config_path, "account", "offerings", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(has(r.err, "panelctl: info: sendgrid"));
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r.err, "panelctl -vv account offerings stderr"), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r.out, "panelctl -vv account offerings stdout"), 0);
    ts_proc_free(&r);
}

static int setup(void)
{
    struct stat sb;
    if (stat(PANELCTL_BIN, &sb) != 0) {
        fprintf(stderr, "FATAL: panelctl binary %s is missing: build it first\n", PANELCTL_BIN);
        return -1;
    }
    if (ts_upstream_start(&up) != 0)
        return -1;
    snprintf(wrong_key_path, sizeof wrong_key_path, "%s/wrong.key", up.dir);
    snprintf(config_path, sizeof config_path, "%s/panelsso.json", up.dir);
    snprintf(wrong_config_path, sizeof wrong_config_path, "%s/wrong-key.json", up.dir);
    if (ts_write_file(wrong_key_path, "SG.not-the-partner-key\n", 0600) != 0 ||
        write_config(config_path, up.key_path) != 0 ||
        write_config(wrong_config_path, wrong_key_path) != 0)
        return -1;
    return 0;
}

static int suite_cleanup(void)
{
    ts_upstream_stop(&up);
    /* the sandboxes' logs must not hold the key or a code either */
    if (ts_secrets_scan_file(up.global.log_path) != 0 || ts_secrets_scan_file(up.eu.log_path) != 0)
        return -1;
    return 0;
}

static CU_TestInfo tests[] = {
    {"login: global and EU tenants reach their sandbox", test_login_global_and_eu},
    {"login --with-region against the EU sandbox", test_login_with_region},
    {"check: OK for both tenants", test_check},
    {"-vv never shows the key or the URL's code", test_verbose_never_shows_secrets},
    {"a wrong key exits 4 with one line", test_wrong_key_is_exit_4},
    {"plugins lists sendgrid with its account operations", test_plugins_lists_sendgrid},
    {"account: create (global), state, suspend, login refused, unsuspend, "
     "offerings, set-offerings, delete",
     test_account_lifecycle_global},
    {"account: create in the EU sandbox, only there", test_account_create_eu},
    {"catalog in both regions", test_catalog},
    {"create with a lost answer exits 11, not retried", test_create_outcome_unknown},
    {"--json login and a --json failure parse back", test_json_login},
    {"-vv account verbs never show the key", test_account_verbose_never_shows_secrets},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("panelctl_e2e", setup, suite_cleanup, tests)
