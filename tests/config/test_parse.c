/* SPDX-License-Identifier: MIT */
/*
 * test_parse.c -- suite "parse": auth_config_parse on text from memory.
 * What the format accepts, how scalars become key=value, and every kind of
 * refusal with the message a host would log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "fixture.h"
#include "suites.h"

static auth_config *parse_ok(const char *text)
{
    auth_config *cfg = NULL;
    auth_result r;
    auth_result_init(&r);
    int st = auth_config_parse(text, strlen(text), "t.json", &cfg, &r);
    CU_ASSERT_EQUAL(st, AUTH_OK);
    if (st != AUTH_OK)
        fprintf(stderr, "\n  refused: %s\n", r.log_message);
    CU_ASSERT_PTR_NOT_NULL(cfg);
    return cfg;
}

static void assert_vector(const char *const *got, const char *const *want)
{
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    for (i = 0; want[i] != NULL; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(got[i]);
        CU_ASSERT_STRING_EQUAL(got[i], want[i]);
    }
    CU_ASSERT_PTR_NULL(got[i]);
}

/* Strings as they are; numbers and booleans as their JSON text; in file
 * order; the tenant's provider is not an attribute and tenant=NAME ends
 * the vector. */
static void test_scalars_become_key_value(void)
{
    auth_config *cfg = parse_ok(
        "{ \"plugin_dir\": \"/opt/p\",\n"
        "  \"providers\": { \"sendgrid\": { \"api_key_file\": \"/etc/k\", \"timeout_ms\": 5000,\n"
        "    \"ratio\": 1.50, \"neg\": -3, \"on\": true, \"off\": false, \"empty\": \"\",\n"
        "    \"spaced\": \" a b \", \"utf8\": \"M\\u00fcller\", \"eq\": \"a=b\" } },\n"
        "  \"tenants\": { \"acme\": { \"account_id\": \"X1\", \"provider\": \"sendgrid\",\n"
        "    \"region\": \"eu\" } } }");
    static const char *const settings[] = {
        "api_key_file=/etc/k", "timeout_ms=5000", "ratio=1.50", "neg=-3", "on=true",
        "off=false", "empty=", "spaced= a b ", "utf8=M\xc3\xbcller", "eq=a=b", NULL};
    static const char *const attributes[] = {"account_id=X1", "region=eu", "tenant=acme",
                                             NULL};
    auth_config_provider p;
    auth_config_tenant t;
    if (cfg == NULL)
        return;
    CU_ASSERT_STRING_EQUAL(auth_config_plugin_dir(cfg), "/opt/p");
    CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, "sendgrid", &p), AUTH_OK);
    assert_vector(p.settings, settings);
    CU_ASSERT_EQUAL_FATAL(auth_config_tenant_find(cfg, "acme", &t), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(t.provider, "sendgrid");
    assert_vector(t.attributes, attributes);
    auth_config_free(cfg);
}

/* PHP and Python hosts keep tenants in the panel's database: a file with
 * only providers (or nothing at all) is a whole configuration. */
static void test_tenants_are_optional(void)
{
    static const struct {
        const char *text;
        size_t providers;
    } cases[] = {{"{ \"providers\": { \"sendgrid\": { \"api_key_file\": \"/k\" } } }", 1},
                 {"{}", 0},
                 {"{ \"tenants\": {}, \"providers\": {} }", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        auth_config *cfg = parse_ok(cases[i].text);
        auth_config_tenant t;
        if (cfg == NULL)
            continue; /* parse_ok has failed the test, saying why */
        CU_ASSERT_EQUAL(auth_config_tenant_count(cfg), 0);
        CU_ASSERT_EQUAL(auth_config_tenant_find(cfg, "acme", &t), AUTH_ERR_INVALID_REQUEST);
        CU_ASSERT_EQUAL(auth_config_provider_count(cfg), cases[i].providers);
        CU_ASSERT_PTR_NULL(auth_config_plugin_dir(cfg));
        auth_config_free(cfg);
    }
}

static void test_invalid_json_names_line_and_column(void)
{
    {
        const char *n[] = {"config file t.json is not valid JSON: line 3, column 34",
                           "fix the JSON syntax", NULL};
        fx_expect_refused("{\n  \"tenants\": {\n    \"acme\": { \"provider\": \"fake\",, }\n  }\n}\n", n);
    }
    fx_expect_refused_saying("{\n  \"tenants\": {\n",
                             "line 3, column 1: unexpected end of file");
    {
        const char *n[] = {"line 3, column 1: ", "fix the JSON syntax", NULL};
        fx_expect_refused("{ \"tenants\": {} }\n\nx\n", n);
    }
    fx_expect_refused_saying("",
                             "line 1, column 1: unexpected end of file");
    {   /* strict: no trailing comma, no comments, no single-quoted value */
        const char *n[] = {"not valid JSON", "line 1", NULL};
        fx_expect_refused("{ \"providers\": {}, }", n);
        fx_expect_refused("{ /* c */ }", n);
        fx_expect_refused("{ \"plugin_dir\": 'x' }", n);
    }
}

/* A NUL byte in the text, raw: json-c would stop there and call it the end
 * of the text; it is named where it is. */
static void test_nul_byte_in_text(void)
{
    static const char text[] = "{ \"providers\": {}\n }\0 garbage";
    auth_config *cfg = NULL;
    auth_result r;
    const char *n[] = {"config file t.json is not valid JSON: line 2, column 3: a NUL byte: remove it (a configuration file is text)",
                       NULL};
    auth_result_init(&r);
    fx_expect(auth_config_parse(text, sizeof text - 1, "t.json", &cfg, &r), &r,
              AUTH_ERR_CONFIG, n);
    CU_ASSERT_PTR_NULL(cfg);
    /* the same text without the NUL and what follows is fine */
    CU_ASSERT_EQUAL(auth_config_parse(text, strlen(text), "t.json", &cfg, &r), AUTH_OK);
    auth_config_free(cfg);
}

/* The escape \u0000 would cut a string short in every C host (and json-c
 * cuts a key there): refused wherever it is, values and keys alike. */
static void test_nul_in_strings(void)
{
    fx_expect_refused_saying("{ \"providers\": { \"sendgrid\":\n  { \"api_key_file\": \"/etc/k\\u0000.bak\" } } }",
                             "config file t.json: line 2, column 28: the escape \\u0000 (a NUL character) inside a string: remove it");
    fx_expect_refused_saying("{ \"tenants\": { \"acme\": { \"provider\": \"s\", \"account_id\": \"a\\u0000b\" } } }",
                             "line 1, column 59: the escape \\u0000");
    {   /* json-c would read this key as "acme" */
        fx_expect_refused_saying("{ \"tenants\": { \"acme\\u0000evil\": { \"provider\": \"s\" } } }",
                                 "line 1, column 21: the escape \\u0000");
    }
    fx_expect_refused_saying("{ \"plugin_dir\": \"/opt\\u0000/x\" }",
                             "line 1, column 22: the escape \\u0000");
    {   /* an escaped backslash before u0000 is no escape of a NUL */
        auth_config *cfg = parse_ok("{ \"providers\": { \"s\": { \"k\": \"a\\\\u0000\" } } }");
        auth_config_provider p;
        if (cfg != NULL) {
            CU_ASSERT_EQUAL(auth_config_provider_find(cfg, "s", &p), AUTH_OK);
            CU_ASSERT_STRING_EQUAL(p.settings[0], "k=a\\u0000");
            auth_config_free(cfg);
        }
    }
}

/* What json-c takes in its strict mode but JSON does not: refused, so the
 * file is one every JSON tool reads the same way. */
static void test_only_json(void)
{
    fx_expect_refused_saying("{ 'providers': {} }",
                             "config file t.json is not valid JSON: line 1, column 3: a single quote: JSON strings and keys take double quotes");
    fx_expect_refused_saying("{ \"providers\":\n { \"s\": { \"k\": \"a\tb\" } } }",
                             "is not valid JSON: line 2, column 18: a control character inside a string: write it as an escape such as \\n or \\t");
    {   /* not inside a string: whitespace, fine */
        auth_config *cfg = parse_ok("{\t\"providers\":\r\n{}\t}");
        auth_config_free(cfg);
    }
    {
        /* not JSON numbers; and integers json-c would clamp to 64 bits without a word */
#define NOT_A_NUMBER(v) "{ \"providers\": { \"s\": { \"k\": " v " } } }"
#define TOO_BIG(v) "{ \"tenants\": { \"a\": { \"provider\": \"s\", \"n\": " v " } } }"
        static const char nan[] = "config file t.json: providers.s.k is not a JSON number (NaN, Infinity and a trailing '.' are not JSON): fix its value";
        static const char big[] = "config file t.json: tenants.a.n is an integer at or beyond the 64-bit limits, which json-c cannot hold exactly: write it as a string";
        static const struct {
            const char *text, *says;
        } numbers[] = {{NOT_A_NUMBER("NaN"), nan},
                       {NOT_A_NUMBER("Infinity"), nan},
                       {NOT_A_NUMBER("1."), nan},
                       {TOO_BIG("99999999999999999999"), big},
                       {TOO_BIG("-99999999999999999999"), big},
                       {TOO_BIG("9223372036854775807"), big},
                       {TOO_BIG("18446744073709551615"), big}};
#undef NOT_A_NUMBER
#undef TOO_BIG
        for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
            fx_expect_refused_saying(numbers[i].text, numbers[i].says);
    }
    {   /* every other JSON number is passed on as written */
        static const char *const settings[] = {"a=1e3", "b=0.1E-2", "c=-7", "d=12345678901234567890",
                                               "e=9223372036854775806", NULL};
        auth_config *cfg = parse_ok("{ \"providers\": { \"s\": { \"a\": 1e3, \"b\": 0.1E-2, \"c\": -7,"
                                    " \"d\": 12345678901234567890, \"e\": 9223372036854775806 } } }");
        auth_config_provider p;
        if (cfg != NULL) {
            CU_ASSERT_EQUAL(auth_config_provider_find(cfg, "s", &p), AUTH_OK);
            assert_vector(p.settings, settings);
            auth_config_free(cfg);
        }
    }
}

static void test_wrong_types_name_the_json_path(void)
{
    static const struct {
        const char *body, *needle;
    } cases[] = {
        {"{ \"providers\": { \"fake\": { \"timeout_ms\": {} } } }",
         "providers.fake.timeout_ms must be a string, number or boolean, not an object: fix its value"},
        {"{ \"providers\": { \"fake\": { \"hosts\": [1] } } }",
         "providers.fake.hosts must be a string, number or boolean, not an array"},
        {"{ \"tenants\": { \"acme\": { \"provider\": \"fake\", \"region\": null } } }",
         "tenants.acme.region must be a string, number or boolean, not null"},
        {"{ \"tenants\": { \"acme\": { \"provider\": 3 } } }",
         "tenants.acme.provider must be a non-empty string, not a number: set it to a provider name"},
        {"{ \"tenants\": { \"acme\": { \"provider\": \"\" } } }",
         "tenants.acme.provider must be a non-empty string, not an empty string"},
        {"{ \"tenants\": { \"acme\": { \"account_id\": \"x\" } } }",
         "tenants.acme has no \"provider\": add the name of the provider plugin to use"},
        {"{ \"tenants\": { \"acme\": \"fake\" } }",
         "tenants.acme must be an object, not a string"},
        {"{ \"tenants\": [] }", "tenants must be an object, not an array"},
        {"{ \"providers\": { \"fake\": 1 } }", "providers.fake must be an object, not a number"},
        {"{ \"providers\": true }", "providers must be an object, not a boolean"},
        {"{ \"plugin_dir\": false }", "plugin_dir must be a string, not a boolean"},
        {"[]", "the top level must be an object, not an array"},
        {"\"x\"", "the top level must be an object, not a string"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *n[] = {"config file t.json: ", cases[i].needle, NULL};
        fx_expect_refused(cases[i].body, n);
    }
}

static void test_unknown_top_level_key(void)
{
    fx_expect_refused_saying("{ \"tennants\": {} }",
                             "config file t.json: unknown top-level key \"tennants\": use plugin_dir, providers and tenants only");
}

static void test_reserved_tenant_key(void)
{
    fx_expect_refused_saying("{ \"tenants\": { \"acme\": { \"provider\": \"fake\", \"tenant\": \"x\" } } }",
                             "config file t.json: tenants.acme.tenant is reserved (the attribute tenant=acme is added from the tenant's name): remove it");
}

/* A key with '=' would split in the wrong place ("a=b=c"); an empty one
 * would make "=value". */
static void test_key_with_equals_or_empty(void)
{
    fx_expect_refused_saying("{ \"providers\": { \"fake\": { \"a=b\": \"c\" } } }",
                             "config file t.json: providers.fake.\"a=b\": a key must be non-empty and must not contain '=': rename it");
    fx_expect_refused_saying("{ \"tenants\": { \"acme\": { \"provider\": \"f\", \"=x\": 1 } } }",
                             "tenants.acme.\"=x\": a key must be non-empty");
    fx_expect_refused_saying("{ \"providers\": { \"fake\": { \"\": 1 } } }",
                             "providers.fake.\"\": a key must be non-empty");
}

/* Messages stay one line (a newline or escape in a key shows as '?'), a
 * very long key is cut so the "what to do" still fits, and no value of
 * the file appears in a message: values name key files and may be
 * secret. */
static void test_messages_are_one_line_and_hold_no_values(void)
{
    fx_expect_refused_saying("{ \"providers\": { \"fake\": { \"a\\nb\": [] } } }",
                             "providers.fake.a?b must be a string");
    fx_expect_refused_saying("{ \"\\u001b[2J\": 1 }",
                             "unknown top-level key \"?[2J\"");
    {
        char text[1200], want[200];
        char key[1001];
        memset(key, 'k', 1000);
        key[1000] = '\0';
        snprintf(text, sizeof text, "{ \"providers\": { \"fake\": { \"%s\": null } } }", key);
        snprintf(want, sizeof want, "providers.fake.%.61s... must be a string, number or boolean, not null: fix its value", key);
        const char *n[] = {want, NULL};
        fx_expect_refused(text, n);
    }
    {
        auth_config *cfg = NULL;
        auth_result r;
        static const char text[] =
            "{ \"providers\": { \"s\": { \"api_key_file\": \"/etc/SECRET-PATH\",\n"
            "  \"proxy\": \"http://user:SECRET-PW@proxy:3128\", \"bad\": {} } } }";
        auth_result_init(&r);
        CU_ASSERT_EQUAL(auth_config_parse(text, strlen(text), "t.json", &cfg, &r), AUTH_ERR_CONFIG);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "providers.s.bad"));
        CU_ASSERT_PTR_NULL(strstr(r.log_message, "SECRET"));
    }
}

/* The text need not be NUL-terminated; origin NULL reads "(text)". */
static void test_text_by_length_and_origin(void)
{
    static const char buf[] = "{ \"plugin_dir\": \"/a\" }{ \"junk\"";
    auth_config *cfg = NULL;
    auth_result r;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_config_parse(buf, 22, NULL, &cfg, &r), AUTH_OK);
    if (cfg != NULL)
        CU_ASSERT_STRING_EQUAL(auth_config_plugin_dir(cfg), "/a");
    auth_config_free(cfg);
    cfg = NULL;
    {
        const char *n[] = {"config file (text): unknown top-level key \"junk\"", NULL};
        static const char junk[] = "{ \"junk\": 1 }";
        fx_expect(auth_config_parse(junk, strlen(junk), NULL, &cfg, &r), &r, AUTH_ERR_CONFIG, n);
    }
}

/* AUTH_CONFIG_MAX_BYTES of text is read; one byte more is refused. */
static void test_size_limit(void)
{
    char *text = malloc(AUTH_CONFIG_MAX_BYTES + 1);
    auth_config *cfg = NULL;
    auth_result r;
    const char *n[] = {"config file big.json is larger than 1048576 bytes: check that it is the configuration file", NULL};
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    memset(text, ' ', AUTH_CONFIG_MAX_BYTES + 1);
    memcpy(text, "{}", 2);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_config_parse(text, AUTH_CONFIG_MAX_BYTES, "big.json", &cfg, &r), AUTH_OK);
    auth_config_free(cfg);
    cfg = NULL;
    fx_expect(auth_config_parse(text, AUTH_CONFIG_MAX_BYTES + 1, "big.json", &cfg, &r), &r,
              AUTH_ERR_CONFIG, n);
    CU_ASSERT_PTR_NULL(cfg);
    free(text);
}

/* Programming errors get AUTH_ERR_INVALID_REQUEST; a NULL result is fine;
 * a caller's smaller (1.0-sized) result is not written past. */
static void test_arguments_and_results(void)
{
    auth_config *cfg = NULL;
    auth_result r;
    const char *n_out[] = {"out is NULL", NULL};
    const char *n_text[] = {"auth_config_parse was given 5 bytes at NULL", NULL};
    auth_result_init(&r);
    fx_expect(auth_config_parse("{}", 2, "t", NULL, &r), &r, AUTH_ERR_INVALID_REQUEST, n_out);
    fx_expect(auth_config_parse(NULL, 5, "t", &cfg, &r), &r, AUTH_ERR_INVALID_REQUEST, n_text);
    CU_ASSERT_EQUAL(auth_config_parse("[]", 2, "t", &cfg, NULL), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(cfg);
    {
        /* a result of exactly the 1.0 size, inside a larger buffer */
        unsigned char buf[sizeof(auth_result) + 64];
        auth_result *small = (auth_result *)(void *)buf;
        memset(buf, 0xAB, sizeof buf);
        memset(buf, 0, AUTH_RESULT_MIN_SIZE);
        small->struct_size = AUTH_RESULT_MIN_SIZE;
        CU_ASSERT_EQUAL(auth_config_parse("[]", 2, "t", &cfg, small), AUTH_ERR_CONFIG);
        CU_ASSERT_EQUAL(small->status, AUTH_ERR_CONFIG);
        CU_ASSERT_EQUAL(buf[AUTH_RESULT_MIN_SIZE], 0xAB);
        CU_ASSERT_EQUAL(buf[sizeof buf - 1], 0xAB);
    }
    /* an empty text of length 0 at NULL is just an empty file */
    {
        const char *n[] = {"unexpected end of file", NULL};
        fx_expect(auth_config_parse(NULL, 0, "t", &cfg, &r), &r, AUTH_ERR_CONFIG, n);
    }
}

/* A key given twice keeps its last value, in the first one's place: what
 * json-c does, and what most JSON readers do. */
static void test_duplicate_keys_keep_the_last_value(void)
{
    auth_config *cfg = parse_ok("{ \"providers\": { \"s\": { \"a\": 1, \"b\": 2, \"a\": 3 } },"
                                " \"tenants\": { \"x\": { \"provider\": \"s\" }, \"x\": { \"provider\": \"t\" } } }");
    static const char *const settings[] = {"a=3", "b=2", NULL};
    auth_config_provider p;
    auth_config_tenant t;
    if (cfg == NULL)
        return;
    CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, "s", &p), AUTH_OK);
    assert_vector(p.settings, settings);
    CU_ASSERT_EQUAL(auth_config_tenant_count(cfg), 1);
    CU_ASSERT_EQUAL_FATAL(auth_config_tenant_find(cfg, "x", &t), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(t.provider, "t");
    auth_config_free(cfg);
}

CU_TestInfo parse_tests[] = {
    {"scalars become key=value in file order", test_scalars_become_key_value},
    {"the tenants section is optional", test_tenants_are_optional},
    {"invalid JSON names line and column", test_invalid_json_names_line_and_column},
    {"a NUL byte in the text is named where it is", test_nul_byte_in_text},
    {"the escape \\u0000 is refused in values and keys", test_nul_in_strings},
    {"what json-c takes but JSON does not is refused", test_only_json},
    {"wrong types name the JSON path", test_wrong_types_name_the_json_path},
    {"an unknown top-level key is refused", test_unknown_top_level_key},
    {"tenants.T.tenant is reserved", test_reserved_tenant_key},
    {"a key holding '=' or empty is refused", test_key_with_equals_or_empty},
    {"messages: one line, long keys cut, no values", test_messages_are_one_line_and_hold_no_values},
    {"text by length; origin NULL reads (text)", test_text_by_length_and_origin},
    {"1 MiB is read, one byte more refused", test_size_limit},
    {"bad arguments, NULL and 1.0-sized results", test_arguments_and_results},
    {"a key given twice keeps its last value", test_duplicate_keys_keep_the_last_value},
    CU_TEST_INFO_NULL};
