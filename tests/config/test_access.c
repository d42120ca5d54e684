/* SPDX-License-Identifier: MIT */
/*
 * test_access.c -- suite "access": the look-ups a host uses on a parsed
 * configuration, and auth_config_settings_for as the loader's callback.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>

#include "fixture.h"
#include "suites.h"

static const char text[] =
    "{ \"providers\": { \"sendgrid\": { \"api_key_file\": \"/k\" },\n"
    "                 \"other\": { \"url\": \"https://x\", \"n\": 2 },\n"
    "                 \"bare\": {} },\n"
    "  \"tenants\": { \"zeta\": { \"provider\": \"other\" },\n"
    "               \"acme\": { \"provider\": \"sendgrid\", \"account_id\": \"A\" } } }";

static auth_config *parse_text(void)
{
    auth_config *cfg = NULL;
    auth_result r;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_config_parse(text, strlen(text), "t.json", &cfg, &r), AUTH_OK);
    return cfg;
}

static void test_providers_by_index_and_name(void)
{
    auth_config *cfg = parse_text();
    auth_config_provider p, by_name;
    static const char *const names[] = {"sendgrid", "other", "bare"};
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_EQUAL(auth_config_provider_count(cfg), 3);
    for (i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL_FATAL(auth_config_provider_get(cfg, i, &p), AUTH_OK);
        CU_ASSERT_STRING_EQUAL(p.name, names[i]); /* file order */
        CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, names[i], &by_name), AUTH_OK);
        CU_ASSERT_PTR_EQUAL(by_name.name, p.name);
        CU_ASSERT_PTR_EQUAL(by_name.settings, p.settings);
    }
    CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, "other", &p), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(p.settings[0], "url=https://x");
    CU_ASSERT_STRING_EQUAL(p.settings[1], "n=2");
    CU_ASSERT_PTR_NULL(p.settings[2]);
    /* an empty provider object: an empty vector, never NULL */
    CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, "bare", &p), AUTH_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p.settings);
    CU_ASSERT_PTR_NULL(p.settings[0]);

    /* misses leave *out alone */
    memset(&p, 0x5a, sizeof p);
    CU_ASSERT_EQUAL(auth_config_provider_get(cfg, 3, &p), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_provider_find(cfg, "nope", &p), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_provider_find(cfg, "Sendgrid", &p), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_provider_find(cfg, NULL, &p), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(((unsigned char *)&p)[0], 0x5a);
    CU_ASSERT_EQUAL(auth_config_provider_get(cfg, 0, NULL), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_provider_find(cfg, "bare", NULL), AUTH_ERR_INVALID_REQUEST);
    auth_config_free(cfg);
}

static void test_tenants_by_index_and_name(void)
{
    auth_config *cfg = parse_text();
    auth_config_tenant t, by_name;
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_EQUAL(auth_config_tenant_count(cfg), 2);
    CU_ASSERT_EQUAL_FATAL(auth_config_tenant_get(cfg, 0, &t), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(t.name, "zeta"); /* file order, not sorted */
    CU_ASSERT_STRING_EQUAL(t.provider, "other");
    CU_ASSERT_STRING_EQUAL(t.attributes[0], "tenant=zeta");
    CU_ASSERT_PTR_NULL(t.attributes[1]);
    CU_ASSERT_EQUAL_FATAL(auth_config_tenant_get(cfg, 1, &t), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(auth_config_tenant_find(cfg, "acme", &by_name), AUTH_OK);
    CU_ASSERT_PTR_EQUAL(by_name.name, t.name);
    CU_ASSERT_PTR_EQUAL(by_name.attributes, t.attributes);
    CU_ASSERT_STRING_EQUAL(t.attributes[0], "account_id=A");
    CU_ASSERT_STRING_EQUAL(t.attributes[1], "tenant=acme");
    CU_ASSERT_PTR_NULL(t.attributes[2]);
    CU_ASSERT_EQUAL(auth_config_tenant_get(cfg, 2, &t), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_tenant_find(cfg, "sendgrid", &t), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_tenant_find(cfg, NULL, &t), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_tenant_get(cfg, 0, NULL), AUTH_ERR_INVALID_REQUEST);
    auth_config_free(cfg);
}

/* auth_config_settings_for is an auth_loader_settings_fn: a host sets it
 * and the config as the context, and each plugin gets its settings. */
static void test_settings_for_is_the_loaders_callback(void)
{
    auth_config *cfg = parse_text();
    auth_loader_config lc;
    auth_config_provider p;
    const char *const *got;
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    memset(&lc, 0, sizeof lc);
    lc.struct_size = sizeof lc;
    lc.settings_for = auth_config_settings_for; /* the type must match */
    lc.settings_ctx = cfg;
    CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, "sendgrid", &p), AUTH_OK);
    got = lc.settings_for(lc.settings_ctx, "sendgrid");
    CU_ASSERT_PTR_EQUAL(got, p.settings);
    CU_ASSERT_STRING_EQUAL(got[0], "api_key_file=/k");
    /* a plugin the file does not name loads with no settings */
    CU_ASSERT_PTR_NULL(lc.settings_for(lc.settings_ctx, "unnamed"));
    CU_ASSERT_PTR_NULL(auth_config_settings_for(NULL, "sendgrid"));
    CU_ASSERT_PTR_NULL(auth_config_settings_for(cfg, NULL));
    auth_config_free(cfg);
}

/* A NULL config reads as an empty one; freeing NULL is a no-op. */
static void test_null_config(void)
{
    auth_config_provider p;
    auth_config_tenant t;
    CU_ASSERT_PTR_NULL(auth_config_plugin_dir(NULL));
    CU_ASSERT_EQUAL(auth_config_provider_count(NULL), 0);
    CU_ASSERT_EQUAL(auth_config_tenant_count(NULL), 0);
    CU_ASSERT_EQUAL(auth_config_provider_get(NULL, 0, &p), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_provider_find(NULL, "x", &p), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_tenant_get(NULL, 0, &t), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_config_tenant_find(NULL, "x", &t), AUTH_ERR_INVALID_REQUEST);
    auth_config_free(NULL);
}

CU_TestInfo access_tests[] = {
    {"providers by index and by name", test_providers_by_index_and_name},
    {"tenants by index and by name", test_tenants_by_index_and_name},
    {"settings_for is the loader's settings callback", test_settings_for_is_the_loaders_callback},
    {"a NULL config reads as empty", test_null_config},
    CU_TEST_INFO_NULL};
