/* SPDX-License-Identifier: MIT */
/*
 * test_json.c -- panelctl --json: every command, success and failure,
 * prints one JSON object on one line of stdout, which is parsed back here
 * (json-c, strict, UTF-8 checked) and checked field by field; the exit
 * status is the one documented, and equals the object's exit_code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <panelsso/auth_provider.h>

#include "fixture.h"
#include "suites.h"

/* The keys of every command's object, in order. */
static const char *const command_keys[] = {
    "ok", "status", "status_name", "exit_code", "message", "redirect_url",
    "expires_at_ms", "retry_after_s", "user_message", "log_message", "error_id",
    "region", "http_status", "account_id", "state", "offerings", NULL};

/* stdout as one strict JSON object on one line, or NULL (the test fails). */
static json_object *parse_one(const ts_proc_result *r)
{
    size_t len = strlen(r->out);
    CU_ASSERT_EQUAL(ts_count_lines(r->out), 1);
    CU_ASSERT_TRUE(len > 0 && r->out[len - 1] == '\n');
    json_tokener *tok = json_tokener_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *o = json_tokener_parse_ex(tok, r->out, (int)(len > 0 ? len - 1 : 0));
    enum json_tokener_error e = json_tokener_get_error(tok);
    json_tokener_free(tok);
    CU_ASSERT_EQUAL(e, json_tokener_success);
    CU_ASSERT_TRUE(o != NULL && json_object_is_type(o, json_type_object));
    if (e != json_tokener_success || o == NULL || !json_object_is_type(o, json_type_object)) {
        fprintf(stderr, "\n  not one JSON object (%s):", json_tokener_error_desc(e));
        SHOW(*r);
        json_object_put(o);
        return NULL;
    }
    return o;
}

/* Exactly these keys, no others. */
static void expect_keys(json_object *o, const char *const *keys)
{
    size_t n = 0;
    for (; keys[n] != NULL; n++) {
        CU_ASSERT_TRUE(json_object_object_get_ex(o, keys[n], NULL));
        if (!json_object_object_get_ex(o, keys[n], NULL))
            fprintf(stderr, "\n  missing key %s", keys[n]);
    }
    CU_ASSERT_EQUAL((size_t)json_object_object_length(o), n);
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    json_object_object_get_ex(o, key, &v);
    return v;
}

static void expect_null(json_object *o, const char *key)
{
    CU_ASSERT_TRUE(json_object_object_get_ex(o, key, NULL) && get(o, key) == NULL);
    if (get(o, key) != NULL)
        fprintf(stderr, "\n  %s should be null, is %s", key,
                json_object_to_json_string(get(o, key)));
}

static void expect_string(json_object *o, const char *key, const char *want)
{
    json_object *v = get(o, key);
    CU_ASSERT_TRUE(v != NULL && json_object_is_type(v, json_type_string));
    CU_ASSERT_STRING_EQUAL(v != NULL ? json_object_get_string(v) : "(null)", want);
}

static void expect_int(json_object *o, const char *key, int64_t want)
{
    json_object *v = get(o, key);
    CU_ASSERT_TRUE(v != NULL && json_object_is_type(v, json_type_int));
    CU_ASSERT_EQUAL(v != NULL ? json_object_get_int64(v) : -12345, want);
    if (v == NULL || json_object_get_int64(v) != want)
        fprintf(stderr, "\n  %s: wanted %lld, got %s", key, (long long)want,
                v != NULL ? json_object_to_json_string(v) : "null");
}

static void expect_bool(json_object *o, const char *key, int want)
{
    json_object *v = get(o, key);
    CU_ASSERT_TRUE(v != NULL && json_object_is_type(v, json_type_boolean));
    CU_ASSERT_EQUAL(v != NULL ? json_object_get_boolean(v) : -1, want);
}

/* ok, status, status_name, exit_code; the process exit status agrees. */
static void expect_status(json_object *o, const ts_proc_result *r, int status,
                          const char *name, int exit_code)
{
    CU_ASSERT_EQUAL(r->exit_code, exit_code);
    expect_bool(o, "ok", status == 0 && exit_code == 0);
    expect_int(o, "status", status);
    expect_string(o, "status_name", name);
    expect_int(o, "exit_code", exit_code);
}

/* A failure's message is the stderr line without "panelctl: ". */
static void expect_message_is_stderr(json_object *o, const ts_proc_result *r)
{
    char line[4096];
    CU_ASSERT_EQUAL(ts_count_lines(r->err), 1);
    CU_ASSERT_EQUAL(strncmp(r->err, "panelctl: ", 10), 0);
    snprintf(line, sizeof line, "%s", r->err + 10);
    line[strcspn(line, "\n")] = '\0';
    expect_string(o, "message", line);
}

/* No provider call: every answer field empty. */
static void expect_no_answer(json_object *o)
{
    expect_null(o, "redirect_url");
    expect_null(o, "expires_at_ms");
    expect_int(o, "retry_after_s", 0);
    expect_string(o, "user_message", "");
    expect_string(o, "log_message", "");
    expect_null(o, "error_id");
    expect_null(o, "region");
    expect_null(o, "http_status");
    expect_null(o, "account_id");
    expect_null(o, "state");
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 0);
}

static void expect_offering(json_object *o, size_t i, const char *type, const char *name,
                            int64_t quantity)
{
    json_object *list = get(o, "offerings");
    CU_ASSERT_FATAL(list != NULL && json_object_is_type(list, json_type_array));
    json_object *item = json_object_array_get_idx(list, i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(item);
    static const char *const keys[] = {"name", "type", "quantity", NULL};
    expect_keys(item, keys);
    expect_string(item, "name", name);
    expect_string(item, "type", type);
    expect_int(item, "quantity", quantity);
}

/* A failed command's one JSON object: a command's keys, the status, its
 * name and the exit status, and the message stderr shows. */
static json_object *parse_failure(const ts_proc_result *r, int status, const char *name,
                                  int exit_code)
{
    json_object *o = parse_one(r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, r, status, name, exit_code);
    expect_message_is_stderr(o, r);
    return o;
}

/* ---- login and check --------------------------------------------------------- */

static void test_login_success(void)
{
    ts_proc_result r = fx_run("--json", "-c", fx_account_config("\"expires_at_ms\": 1700000000000"),
                           "login", "t", NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    expect_null(o, "message");
    expect_string(o, "redirect_url", FAKE_URL "&s.label=L&s.timeout_ms=5000&s.flag=false"
                  "&a.account_id=X1&a.region=eu&a.expires_at_ms=1700000000000&a.tenant=t");
    expect_int(o, "expires_at_ms", 1700000000000LL);
    expect_int(o, "retry_after_s", 0);
    expect_string(o, "user_message", "");
    expect_string(o, "log_message", "");
    expect_null(o, "error_id");
    expect_string(o, "region", "eu");
    expect_null(o, "http_status");
    expect_null(o, "account_id");
    expect_null(o, "state");
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    /* the URL's slashes as they are (no "\/") */
    CU_ASSERT_TRUE(fx_has(r.out, "\"https://fake.invalid/login?code="));
    json_object_put(o);
    ts_proc_free(&r);
    /* -v logs the region, never the URL, with --json too */
    r = fx_run("--json", "-v", "-c", fx_account_config(NULL), "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(fx_has(r.err, "region eu answered"));
    CU_ASSERT_FALSE(fx_has(r.err, SECRET));
    ts_proc_free(&r);
}

static void test_login_failure(void)
{
    ts_proc_result r = fx_run("--json", "-c",
                           fx_account_config("\"status\": \"AUTH_ERR_RATE_LIMITED\", "
                                         "\"retry_after_s\": 30, \"error_id\": \"E-429\", "
                                         "\"http_status\": 429, \"user_message\": "
                                         "\"Try again in a minute.\""),
                           "login", "t", NULL);
    json_object *o = parse_failure(&r, 6, "AUTH_ERR_RATE_LIMITED", 7);
    expect_null(o, "redirect_url");
    expect_null(o, "expires_at_ms");
    expect_int(o, "retry_after_s", 30);
    expect_string(o, "user_message", "Try again in a minute.");
    expect_string(o, "log_message", "fake plugin was told to fail with AUTH_ERR_RATE_LIMITED");
    expect_string(o, "error_id", "E-429");
    expect_string(o, "region", "eu");
    expect_int(o, "http_status", 429);
    expect_null(o, "account_id");
    expect_null(o, "state");
    CU_ASSERT_TRUE(fx_has(r.err, "retry in 30 seconds"));
    json_object_put(o);
    ts_proc_free(&r);
}

/* A URL panelctl will not print is not put in the JSON either (a consumer
 * may print it): exit 9, no URL anywhere. */
static void test_login_unprintable_url(void)
{
    ts_proc_result r = fx_run("--json", "-c",
                           fx_account_config("\"url\": \"https://fake.invalid/login?code="
                                         SECRET "\\u001b[2J\""),
                           "login", "t", NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_status(o, &r, 8, "AUTH_ERR_PROTOCOL", 9);
    expect_null(o, "redirect_url");
    expect_message_is_stderr(o, &r);
    CU_ASSERT_TRUE(fx_has(r.err, "returned a login URL holding an escape character"));
    CU_ASSERT_FALSE(fx_has(r.out, SECRET));
    CU_ASSERT_FALSE(fx_has(r.err, SECRET));
    json_object_put(o);
    ts_proc_free(&r);
}

static void test_check_success_and_failure(void)
{
    ts_proc_result r = fx_run("--json", "-c", fx_account_config(NULL), "check", "t", NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    expect_null(o, "message");
    expect_null(o, "redirect_url");
    expect_string(o, "region", "eu");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    json_object_put(o);
    ts_proc_free(&r);
    r = fx_run("--json", "-c", fx_account_config("\"status\": \"AUTH_ERR_TLS\""), "check", "t",
               NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, 9, "AUTH_ERR_TLS", 10);
    expect_message_is_stderr(o, &r);
    json_object_put(o);
    ts_proc_free(&r);
}

/* ---- account verbs ---------------------------------------------------------- */

static void test_account_successes(void)
{
    const char *cfg = fx_account_config(NULL);
    ts_proc_result r = fx_run("--json", "-c", cfg, "account", "create", "newco", "--package",
                           "org.fake.free", NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    expect_null(o, "message");
    expect_string(o, "account_id", "fake-account-1");
    expect_null(o, "state");
    expect_null(o, "redirect_url");
    expect_string(o, "region", "eu");
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 0);
    json_object_put(o);
    ts_proc_free(&r);

    static const struct {
        const char *verb;
        const char *state;
    } states[] = {{"state", "activated"}, {"suspend", "deactivated"},
                  {"unsuspend", "activated"}};
    for (size_t i = 0; i < 3; i++) {
        r = fx_run("--json", "-c", cfg, "account", states[i].verb, "t", NULL);
        o = parse_one(&r);
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        expect_keys(o, command_keys);
        expect_status(o, &r, 0, "AUTH_OK", 0);
        expect_string(o, "state", states[i].state);
        expect_null(o, "account_id");
        json_object_put(o);
        ts_proc_free(&r);
    }

    r = fx_run("--json", "-c", cfg, "account", "delete", "t", NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    expect_null(o, "state");
    expect_null(o, "account_id");
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    json_object_put(o);
    ts_proc_free(&r);

    r = fx_run("--json", "-c",
               fx_account_config("\"offerings\": \"package:Fake Plan:1,addon:org.fake.ip:3\""),
               "account", "offerings", "t", NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 2);
    expect_offering(o, 0, "package", "Fake Plan", 1);
    expect_offering(o, 1, "addon", "org.fake.ip", 3);
    json_object_put(o);
    ts_proc_free(&r);

    r = fx_run("--json", "-c", cfg, "account", "set-offerings", "t", "--package", "org.fake.pro",
               "--addon", "org.fake.ip=4294967295", NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 2);
    expect_offering(o, 0, "package", "org.fake.pro", 1);
    expect_offering(o, 1, "addon", "org.fake.ip", 4294967295LL);
    json_object_put(o);
    ts_proc_free(&r);

    r = fx_run("--json", "-c", cfg, "catalog", "t", NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 3);
    expect_offering(o, 0, "package", "org.fake.free", 1);
    expect_offering(o, 1, "package", "org.fake.pro", 1);
    expect_offering(o, 2, "addon", "org.fake.ip", 1);
    json_object_put(o);
    ts_proc_free(&r);
}

static void test_account_failures(void)
{
    ts_proc_result r = fx_run("--json", "-c",
                           fx_account_config("\"status\": \"AUTH_ERR_OUTCOME_UNKNOWN\""),
                           "account", "create", "newco", "--package", "p", NULL);
    json_object *o = parse_failure(&r, 13, "AUTH_ERR_OUTCOME_UNKNOWN", 11);
    expect_null(o, "account_id");
    json_object_put(o);
    ts_proc_free(&r);

    /* not supported: the loader's answer for an ABI 1.0 plugin */
    const char *old = fx_config("{ \"plugin_dir\": \"%s\", \"tenants\": { \"t\": "
                                "{ \"provider\": \"fakeold\", \"account_id\": \"X1\" } } }",
                                fx_old_dir);
    r = fx_run("--json", "-c", old, "account", "offerings", "t", NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, 12, "AUTH_ERR_NOT_SUPPORTED", 2);
    expect_message_is_stderr(o, &r);
    CU_ASSERT_TRUE(fx_has(json_object_get_string(get(o, "log_message")),
                          "provider 'fakeold' does not support account_offerings"));
    CU_ASSERT_EQUAL(json_object_array_length(get(o, "offerings")), 0);
    json_object_put(o);
    ts_proc_free(&r);

    /* a status no auth_status names: -1, AUTH_ERR_UNKNOWN, never ok */
    r = fx_run("--json", "-c", fx_account_config("\"status_code\": 99"), "account", "state", "t",
               NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, command_keys);
    expect_status(o, &r, -1, "AUTH_ERR_UNKNOWN", 1);
    expect_message_is_stderr(o, &r);
    json_object_put(o);
    ts_proc_free(&r);

    /* an unprintable state: protocol error, and no state in the object */
    r = fx_run("--json", "-c", fx_account_config("\"state\": \"on\\u001b[2J\""), "account", "state",
               "t", NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_status(o, &r, 8, "AUTH_ERR_PROTOCOL", 9);
    expect_null(o, "state");
    json_object_put(o);
    ts_proc_free(&r);
}

/* ---- refusals before any call ------------------------------------------------- */

static void test_usage_and_config_errors(void)
{
    static const struct {
        const char *args[10];
        int status;
        const char *name;
    } cases[] = {
        {{"--json", "--bogus", "plugins", NULL}, 1, "AUTH_ERR_INVALID_REQUEST"},
        /* --json counts wherever it stands, also after the refusal */
        {{"account", "create", "newco", "--json", NULL}, 1, "AUTH_ERR_INVALID_REQUEST"},
        {{"login", "--provider", "fake", "--attr", "a=1", "--attr", "a=2", "--json", NULL}, 1,
         "AUTH_ERR_INVALID_REQUEST"},
        {{"--json", "-c", "/nonexistent/panelsso.json", "login", "t", NULL}, 2,
         "AUTH_ERR_CONFIG"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ts_proc_result r = fx_runv(cases[i].args);
        json_object *o = parse_failure(&r, cases[i].status, cases[i].name, 2);
        expect_no_answer(o);
        json_object_put(o);
        ts_proc_free(&r);
    }
    /* an unknown tenant, and a tenant that has an account for create */
    ts_proc_result r = fx_run("--json", "-c", fx_account_config(NULL), "account", "state", "nobody",
                           NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_status(o, &r, 2, "AUTH_ERR_CONFIG", 2);
    CU_ASSERT_TRUE(fx_has(json_object_get_string(get(o, "message")),
                          "unknown tenant 'nobody'"));
    expect_no_answer(o);
    json_object_put(o);
    ts_proc_free(&r);
    r = fx_run("--json", "-c", fx_account_config(NULL), "account", "create", "t", "--package", "p",
               NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_status(o, &r, 1, "AUTH_ERR_INVALID_REQUEST", 2);
    expect_message_is_stderr(o, &r);
    json_object_put(o);
    ts_proc_free(&r);
}

/* Whatever bytes a plugin's message holds, the object stays valid JSON
 * (strict, UTF-8 checked): invalid UTF-8 becomes '?', controls spaces;
 * quotes and backslashes come back as they were. */
static void test_strings_stay_valid_json(void)
{
    const char *cfg = fx_config("{ \"plugin_dir\": \"%s\" }", fx_good_dir);
    ts_proc_result r = fx_run("--json", "-c", cfg, "check", "--provider", "fake", "--attr",
                           "status=AUTH_ERR_PROTOCOL", "--attr",
                           "message=bad \xff\xfe byte, \xc2\x9b" "C1, \"quoted\" \\ back\nslash "
                           "caf\xc3\xa9",
                           "--attr", "user_message=\xe2\x82", NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_status(o, &r, 8, "AUTH_ERR_PROTOCOL", 9);
    expect_string(o, "log_message", "bad ?? byte,  C1, \"quoted\" \\ back slash caf\xc3\xa9");
    expect_string(o, "user_message", "??");
    expect_message_is_stderr(o, &r);
    json_object_put(o);
    ts_proc_free(&r);
}

/* ---- plugins and --version ---------------------------------------------------- */

static void expect_capabilities(json_object *entry, const char *const *want)
{
    json_object *caps = get(entry, "capabilities");
    size_t n = 0;
    CU_ASSERT_FATAL(caps != NULL && json_object_is_type(caps, json_type_array));
    for (; want[n] != NULL; n++) {
        json_object *c = json_object_array_get_idx(caps, n);
        CU_ASSERT_STRING_EQUAL(c != NULL ? json_object_get_string(c) : "(none)", want[n]);
    }
    CU_ASSERT_EQUAL(json_object_array_length(caps), n);
}

static void test_plugins(void)
{
    static const char *const keys[] = {"ok", "status", "status_name", "exit_code", "message",
                                       "loaded", "failed", NULL};
    static const char *const entry_keys[] = {"name", "version", "abi", "file",
                                             "capabilities", NULL};
    static const char *const fake_caps[] = {
        "login", "check", "account_create", "account_state", "account_suspend",
        "account_unsuspend", "account_offerings", "account_set_offerings", "account_delete",
        "catalog", NULL};
    static const char *const old_caps[] = {"login", "check", NULL};
    char file[700], abi[16];
    const char *cfg = fx_config("{}");
    snprintf(abi, sizeof abi, "%d.%d", AUTH_PROVIDER_ABI_MAJOR, AUTH_PROVIDER_ABI_MINOR);

    ts_proc_result r = fx_run("--json", "-c", cfg, "--plugin-dir", fx_mixed_dir, "plugins", NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, keys);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    expect_null(o, "message");
    json_object *loaded = get(o, "loaded"), *failed = get(o, "failed");
    CU_ASSERT_FATAL(json_object_array_length(loaded) == 1 && json_object_array_length(failed) == 1);
    json_object *e = json_object_array_get_idx(loaded, 0);
    expect_keys(e, entry_keys);
    expect_string(e, "name", "fake");
    expect_string(e, "version", "1.0.0-fake");
    expect_string(e, "abi", abi);
    snprintf(file, sizeof file, "%s/fake.so", fx_mixed_dir);
    expect_string(e, "file", file);
    expect_capabilities(e, fake_caps);
    json_object *f = json_object_array_get_idx(failed, 0);
    static const char *const failed_keys[] = {"file", "reason", NULL};
    expect_keys(f, failed_keys);
    snprintf(file, sizeof file, "%s/broken.so", fx_mixed_dir);
    expect_string(f, "file", file);
    CU_ASSERT_TRUE(strlen(json_object_get_string(get(f, "reason"))) > 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    json_object_put(o);
    ts_proc_free(&r);

    /* an ABI 1.0 plugin lists account operations in get_info, but the
     * loader runs none: the capabilities are what the loader will call */
    r = fx_run("--json", "-c", cfg, "--plugin-dir", fx_old_dir, "plugins", NULL);
    o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    e = json_object_array_get_idx(get(o, "loaded"), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    expect_string(e, "name", "fakeold");
    expect_string(e, "abi", "1.0");
    expect_capabilities(e, old_caps);
    json_object_put(o);
    ts_proc_free(&r);

    /* and in text: "-" for no account operation */
    r = fx_run("-c", cfg, "--plugin-dir", fx_old_dir, "plugins", NULL);
    snprintf(file, sizeof file, "loaded\tfakeold\t1.0.0-fake\t1.0\t%s/fakeold.so\t-\n",
             fx_old_dir);
    CU_ASSERT_STRING_EQUAL(r.out, file);
    ts_proc_free(&r);
}

static void test_version(void)
{
    static const char *const keys[] = {"ok", "status", "status_name", "exit_code", "message",
                                       "version", "abi", NULL};
    char abi[16];
    ts_proc_result r = fx_run("--version", "--json", NULL);
    json_object *o = parse_one(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    expect_keys(o, keys);
    expect_status(o, &r, 0, "AUTH_OK", 0);
    snprintf(abi, sizeof abi, "%d.%d", AUTH_PROVIDER_ABI_MAJOR, AUTH_PROVIDER_ABI_MINOR);
    expect_string(o, "abi", abi);
    CU_ASSERT_TRUE(strlen(json_object_get_string(get(o, "version"))) > 0);
    json_object_put(o);
    ts_proc_free(&r);
}

const test_def json_tests[] = {
    {"login: success, field by field", test_login_success},
    {"login: failure with every result field", test_login_failure},
    {"login: a URL with a control character is refused, exit 9", test_login_unprintable_url},
    {"check: success and failure", test_check_success_and_failure},
    {"account verbs and catalog: successes", test_account_successes},
    {"account verbs: outcome unknown, not supported, unknown status",
     test_account_failures},
    {"usage and configuration errors print JSON too", test_usage_and_config_errors},
    {"any plugin bytes still give valid JSON", test_strings_stay_valid_json},
    {"plugins: loaded with capabilities, failed with reason", test_plugins},
    {"--version", test_version},
    {NULL, NULL}};
