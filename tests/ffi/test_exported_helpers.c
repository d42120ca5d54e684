/* SPDX-License-Identifier: MIT */
/*
 * test_exported_helpers.c -- libauthloader's exported helpers give the same
 * answers as auth_provider.h's inline ones, for every status and op from
 * -1 to 20 and the extremes of int; the customer's sentences hold no
 * internals; the initializers and wipes touch exactly the bytes they say;
 * and the loader accepts what the initializers make (and refuses what a too
 * small size makes) with the account test plugin.
 *
 * Needs (from the build): ACCOUNT_PLUGIN, the account test plugin.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>

#include "testsupport.h"

#ifndef ACCOUNT_PLUGIN
#error "ACCOUNT_PLUGIN must be defined by the build"
#endif

/* Every value the helpers are asked about: the statuses and ops there are,
 * one before, a few after, and the extremes. */
static const int probes[] = {INT_MIN, -1000, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                             11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 1000, INT_MAX};
#define N_PROBES (sizeof probes / sizeof probes[0])

static const char *const generic_user_text = "Something went wrong. Please contact support.";

static void test_status_names_and_texts_match_the_inline_ones(void)
{
    for (size_t i = 0; i < N_PROBES; i++) {
        int s = probes[i];
        const char *name = auth_loader_status_name(s), *text = auth_loader_status_text(s);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        if (strcmp(name, auth_status_name(s)) != 0 || strcmp(text, auth_strerror(s)) != 0)
            fprintf(stderr, "status %d: exported \"%s\" / \"%s\", inline \"%s\" / \"%s\"\n",
                    s, name, text, auth_status_name(s), auth_strerror(s));
        CU_ASSERT_STRING_EQUAL(name, auth_status_name(s));
        CU_ASSERT_STRING_EQUAL(text, auth_strerror(s));
    }
    /* What a host sees for a value it does not know. */
    CU_ASSERT_STRING_EQUAL(auth_loader_status_name(-1), "AUTH_ERR_UNKNOWN");
    CU_ASSERT_STRING_EQUAL(auth_loader_status_name(AUTH_STATUS_COUNT), "AUTH_ERR_UNKNOWN");
    CU_ASSERT_STRING_EQUAL(auth_loader_status_name(AUTH_ERR_UNAVAILABLE), "AUTH_ERR_UNAVAILABLE");
    CU_ASSERT_STRING_EQUAL(auth_loader_status_text(-1), "unknown status");
}

static void test_op_names_match_the_inline_ones(void)
{
    for (size_t i = 0; i < N_PROBES; i++) {
        int op = probes[i];
        const char *mine = auth_loader_account_op_name(op), *inl = auth_account_op_name(op);
        if (inl == NULL) {
            CU_ASSERT_PTR_NULL(mine);
        } else {
            CU_ASSERT_PTR_NOT_NULL_FATAL(mine);
            CU_ASSERT_STRING_EQUAL(mine, inl);
        }
    }
    CU_ASSERT_STRING_EQUAL(auth_loader_account_op_name(AUTH_ACCOUNT_CREATE), "account_create");
    CU_ASSERT_STRING_EQUAL(auth_loader_account_op_name(AUTH_ACCOUNT_CATALOG), "catalog");
    CU_ASSERT_PTR_NULL(auth_loader_account_op_name(AUTH_ACCOUNT_OP_COUNT));
    CU_ASSERT_PTR_NULL(auth_loader_account_op_name(-1));
}

/* A customer's sentence names no status, code, protocol or setting. */
static int has_internals(const char *s)
{
    static const char *const words[] = {"AUTH_", "ERR", "HTTP", "TLS", "status", "api_key",
                                        "config", "plugin", "provider", "SendGrid", "http"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(s, words[i]) != NULL)
            return 1;
    for (const char *p = s; *p != '\0'; p++)
        if (*p >= '0' && *p <= '9')
            return 1;
    return 0;
}

static void test_user_texts_are_for_customers(void)
{
    for (size_t i = 0; i < N_PROBES; i++) {
        int s = probes[i];
        const char *t = auth_loader_status_user_text(s);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        size_t n = strlen(t);
        CU_ASSERT(n > 0 && t[n - 1] == '.');
        if (has_internals(t))
            fprintf(stderr, "status %d: the customer's text holds internals: %s\n", s, t);
        CU_ASSERT_FALSE(has_internals(t));
        /* Every status there is has its own sentence; any other value
         * gets the general one. */
        if (s >= 0 && s < AUTH_STATUS_COUNT) {
            CU_ASSERT_STRING_NOT_EQUAL(t, generic_user_text);
        } else {
            CU_ASSERT_STRING_EQUAL(t, generic_user_text);
        }
    }
    CU_ASSERT_STRING_EQUAL(auth_loader_status_user_text(AUTH_ERR_UNAVAILABLE),
                           "The service cannot be reached right now. Please try again in a "
                           "few minutes.");
    CU_ASSERT_PTR_NOT_NULL(strstr(auth_loader_status_user_text(AUTH_ERR_RATE_LIMITED),
                                  "try again"));
    CU_ASSERT_PTR_NOT_NULL(strstr(auth_loader_status_user_text(AUTH_ERR_NOT_FOUND),
                                  "contact support"));
    /* Not a retry prompt: the request may have happened. */
    CU_ASSERT_PTR_NOT_NULL(strstr(auth_loader_status_user_text(AUTH_ERR_OUTCOME_UNKNOWN),
                                  "before repeating it"));
}

static void test_sizes_are_the_library_s(void)
{
    CU_ASSERT_EQUAL(auth_loader_result_size(), sizeof(auth_result));
    CU_ASSERT_EQUAL(auth_loader_account_size(), sizeof(auth_account));
    CU_ASSERT_EQUAL(auth_loader_account_request_size(), sizeof(auth_account_request));
}

/* The initializers, given sizeof, make exactly what the inline ones make;
 * given less, they touch that much and say so in struct_size. */
static void test_result_init(void)
{
    static unsigned char mine[sizeof(auth_result) + 64], inl[sizeof(auth_result) + 64];
    memset(mine, 0xa5, sizeof mine);
    memset(inl, 0xa5, sizeof inl);
    auth_loader_result_init((auth_result *)mine, sizeof(auth_result));
    auth_result_init((auth_result *)inl);
    CU_ASSERT_EQUAL(memcmp(mine, inl, sizeof mine), 0);
    CU_ASSERT_EQUAL(((auth_result *)mine)->struct_size, sizeof(auth_result));

    /* A host with an older, smaller auth_result. */
    memset(mine, 0xa5, sizeof mine);
    auth_loader_result_init((auth_result *)mine, AUTH_RESULT_MIN_SIZE);
    CU_ASSERT_EQUAL(((auth_result *)mine)->struct_size, AUTH_RESULT_MIN_SIZE);
    CU_ASSERT_EQUAL(mine[sizeof(size_t)], 0);
    CU_ASSERT_EQUAL(mine[AUTH_RESULT_MIN_SIZE - 1], 0);
    CU_ASSERT_EQUAL(mine[AUTH_RESULT_MIN_SIZE], 0xa5);

    /* Too small for struct_size, or NULL: nothing is written. */
    memset(mine, 0xa5, sizeof mine);
    auth_loader_result_init((auth_result *)mine, sizeof(size_t) - 1);
    CU_ASSERT_EQUAL(mine[0], 0xa5);
    auth_loader_result_init(NULL, sizeof(auth_result));
}

static void test_account_and_request_init(void)
{
    static unsigned char mine[sizeof(auth_account) + 64], inl[sizeof(auth_account) + 64];
    memset(mine, 0x5a, sizeof mine);
    memset(inl, 0x5a, sizeof inl);
    auth_loader_account_init((auth_account *)mine, sizeof(auth_account));
    auth_account_init((auth_account *)inl);
    CU_ASSERT_EQUAL(memcmp(mine, inl, sizeof mine), 0);

    memset(mine, 0x5a, sizeof mine);
    auth_loader_account_init((auth_account *)mine, 100);
    CU_ASSERT_EQUAL(((auth_account *)mine)->struct_size, 100);
    CU_ASSERT_EQUAL(mine[99], 0);
    CU_ASSERT_EQUAL(mine[100], 0x5a);
    auth_loader_account_init(NULL, sizeof(auth_account));

    auth_account_request req;
    memset(&req, 0x77, sizeof req);
    auth_loader_account_request_init(&req, sizeof req);
    CU_ASSERT_EQUAL(req.struct_size, sizeof req);
    CU_ASSERT_PTR_NULL(req.profile);
    CU_ASSERT_PTR_NULL(req.offerings);
    CU_ASSERT_EQUAL(req.offering_count, 0);
    CU_ASSERT_EQUAL(req.test_account, 0);
    auth_loader_account_request_init(NULL, sizeof req);
}

/* Fill every byte after struct_size with a pattern. */
static void fill_after_size(void *p, size_t n, int c)
{
    memset((char *)p + sizeof(size_t), c, n - sizeof(size_t));
}

static void test_result_wipe(void)
{
    static auth_result mine, inl;
    auth_result_init(&mine);
    fill_after_size(&mine, sizeof mine, 'x');
    inl = mine;
    auth_loader_result_wipe(&mine);
    auth_result_wipe(&inl);
    CU_ASSERT_EQUAL(memcmp(&mine, &inl, sizeof mine), 0);
    for (size_t i = 0; i < sizeof mine.redirect_url; i++)
        if (mine.redirect_url[i] != 0) {
            CU_FAIL("a byte of redirect_url survived the wipe");
            break;
        }
    /* The rest stays readable. */
    CU_ASSERT_EQUAL(mine.user_message[0], 'x');
    CU_ASSERT_EQUAL(mine.log_message[sizeof mine.log_message - 1], 'x');
    CU_ASSERT_EQUAL(mine.retry_after_s, 0x78787878u);

    /* Never past struct_size: a result that ends inside redirect_url. */
    static unsigned char small[sizeof(auth_result)];
    size_t end = offsetof(auth_result, redirect_url) + 10;
    memset(small, 'y', sizeof small);
    ((auth_result *)small)->struct_size = end;
    auth_loader_result_wipe((auth_result *)small);
    CU_ASSERT_EQUAL(small[end - 1], 0);
    CU_ASSERT_EQUAL(small[end], 'y');
    CU_ASSERT_EQUAL(small[offsetof(auth_result, redirect_url) - 1], 'y');
    auth_loader_result_wipe(NULL);
}

static void test_account_wipe(void)
{
    static unsigned char buf[sizeof(auth_account) + 64];
    auth_account *a = (auth_account *)buf;

    auth_account_init(a);
    fill_after_size(buf, sizeof buf, 'z');
    auth_loader_account_wipe(a);
    CU_ASSERT_EQUAL(a->struct_size, sizeof(auth_account));
    for (size_t i = sizeof(size_t); i < sizeof(auth_account); i++)
        if (buf[i] != 0) {
            CU_FAIL("a byte of the account survived the wipe");
            break;
        }
    CU_ASSERT_EQUAL(buf[sizeof(auth_account)], 'z');

    /* A later release's larger account: all of it is wiped, no further. */
    a->struct_size = sizeof(auth_account) + 32;
    fill_after_size(buf, sizeof buf, 'z');
    auth_loader_account_wipe(a);
    CU_ASSERT_EQUAL(buf[sizeof(auth_account) + 31], 0);
    CU_ASSERT_EQUAL(buf[sizeof(auth_account) + 32], 'z');

    /* An older, smaller one: not past its end. */
    a->struct_size = 200;
    fill_after_size(buf, sizeof buf, 'z');
    auth_loader_account_wipe(a);
    CU_ASSERT_EQUAL(buf[199], 0);
    CU_ASSERT_EQUAL(buf[200], 'z');
    auth_loader_account_wipe(NULL);
}

/* What the initializers make is what the loader takes; a size below the
 * minimum is refused, with nothing written into it. */
static void test_the_loader_takes_what_they_make(void)
{
    auth_loader *l = NULL;
    static auth_result r;
    static auth_account a;
    auth_account_request req;

    auth_loader_result_init(&r, sizeof r);
    CU_ASSERT_EQUAL_FATAL(auth_loader_create(NULL, &l, &r), AUTH_OK);
    auth_loader_result_init(&r, sizeof r);
    if (auth_loader_load_file(l, ACCOUNT_PLUGIN, "account", NULL, &r) != AUTH_OK)
        fprintf(stderr, "cannot load %s: %s\n", ACCOUNT_PLUGIN, r.log_message);
    CU_ASSERT_EQUAL_FATAL(r.status, AUTH_OK);

    const char *const login_attrs[] = {"tenant=acme", NULL};
    auth_loader_result_init(&r, sizeof r);
    CU_ASSERT_EQUAL(auth_loader_login(l, "account", login_attrs, &r), AUTH_OK);
    auth_loader_result_wipe(&r);
    CU_ASSERT_EQUAL(r.redirect_url[0], '\0');

    /* create, with a request and an account from the initializers */
    const char *const profile[] = {"username=ffi", NULL};
    const char *const attrs[] = {"tenant=acme", NULL};
    auth_loader_account_request_init(&req, sizeof req);
    req.profile = profile;
    auth_loader_result_init(&r, sizeof r);
    auth_loader_account_init(&a, sizeof a);
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_CREATE, attrs, &req, &r, &a),
                    AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.account_id, "acct-ffi");

    /* catalog: a full list, then wiped */
    auth_loader_result_init(&r, sizeof r);
    auth_loader_account_init(&a, sizeof a);
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_CATALOG, attrs, NULL, &r, &a),
                    AUTH_OK);
    CU_ASSERT_EQUAL(a.offering_count, AUTH_OFFERINGS_MAX);
    auth_loader_account_wipe(&a);
    CU_ASSERT_EQUAL(a.struct_size, sizeof a);
    CU_ASSERT_EQUAL(a.offering_count, 0);
    CU_ASSERT_EQUAL(a.offerings[0].name[0], '\0');

    /* too small: refused, untouched */
    auth_loader_result_init(&r, AUTH_RESULT_MIN_SIZE - 1);
    CU_ASSERT_EQUAL(auth_loader_login(l, "account", login_attrs, &r), AUTH_ERR_VERSION);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_EQUAL(r.log_message[0], '\0');
    auth_loader_result_init(&r, sizeof r);
    auth_loader_account_init(&a, AUTH_ACCOUNT_MIN_SIZE - 1);
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_CATALOG, attrs, NULL, &r, &a),
                    AUTH_ERR_VERSION);
    CU_ASSERT_EQUAL(a.offering_count, 0);

    auth_loader_destroy(l);
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("exported_helpers", NULL, NULL);
    if (s == NULL ||
        !CU_add_test(s, "status names and texts: as the inline ones, -1..20",
                     test_status_names_and_texts_match_the_inline_ones) ||
        !CU_add_test(s, "op names: as the inline one, -1..20",
                     test_op_names_match_the_inline_ones) ||
        !CU_add_test(s, "customer texts: one per status, no internals",
                     test_user_texts_are_for_customers) ||
        !CU_add_test(s, "sizes", test_sizes_are_the_library_s) ||
        !CU_add_test(s, "result init: as the inline one, sized", test_result_init) ||
        !CU_add_test(s, "account and request init", test_account_and_request_init) ||
        !CU_add_test(s, "result wipe: the URL only, within struct_size", test_result_wipe) ||
        !CU_add_test(s, "account wipe: all of it, within struct_size", test_account_wipe) ||
        !CU_add_test(s, "the loader takes what they make",
                     test_the_loader_takes_what_they_make)) {
        CU_cleanup_registry();
        return 1;
    }
    return ts_run_suites(argc, argv);
}
