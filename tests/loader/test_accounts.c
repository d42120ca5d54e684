/* SPDX-License-Identifier: MIT */
/*
 * test_accounts.c -- the account operations of ABI 1.1 through libauthloader,
 * for every pairing of host and plugin versions the loader can meet:
 *   - a 1.1 host and a 1.1 plugin (plugins/account_plugin.c): every op runs
 *     with its attributes and request passed on, the answer comes back, the
 *     plugin's statuses pass through, and the caller's struct sizes are kept;
 *   - a 1.0 host (the loader offering 1.0) and the same 1.1 plugin: login
 *     works, no account op is visible or callable, the plugin never runs one;
 *   - a 1.1 host and 1.0 plugins (the minimal sample, a plugin with a short
 *     table and junk after it) and 1.1 plugins without account ops: every op
 *     is AUTH_ERR_NOT_SUPPORTED with a sentence saying what to do;
 *   - 8 threads on one instance, each answer its own request's.
 * The loader's own refusals (sizes, unknown op, missing request, no such
 * instance) are here too.  A host of the real 1.0 header, with no loader in
 * between, is abi10_host.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_test.h"

#if !defined(ACCOUNT_PLUGIN) || !defined(ACCOUNT_READS_PLUGIN) || !defined(EXAMPLE_PLUGIN)
#error "ACCOUNT_PLUGIN, ACCOUNT_READS_PLUGIN and EXAMPLE_PLUGIN come from the build"
#endif

/* The minimal sample's one required setting. */
static const char *const example_settings[] = {
    "login_url_base=https://login.example.test/sso", NULL};

static const auth_offering plan_pro = {"plan-pro", "package", 1};
static const auth_offering ip_extra = {"ip-extra", "addon", 2};
static const auth_offering plan_basic = {"plan-basic", "package", 1};

static void load(auth_loader *l, const char *path, const char *name,
                 const char *const *settings)
{
    auth_result r;
    auth_result_init(&r);
    int rc = auth_loader_load_file(l, path, name, settings, &r);
    if (rc != AUTH_OK)
        fprintf(stderr, "%s: %s: %s\n", path, auth_status_name(rc), r.log_message);
    CU_ASSERT_EQUAL_FATAL(rc, AUTH_OK);
}

static uint32_t abi_of(const auth_loader *l, const char *name)
{
    auth_loader_entry e;
    for (size_t i = 0; i < auth_loader_count(l); i++)
        if (auth_loader_get(l, i, &e) == AUTH_OK && strcmp(e.name, name) == 0)
            return e.abi_version;
    return 0;
}

static void request_init(auth_account_request *q, const char *const *profile,
                         const auth_offering *offerings, size_t n)
{
    memset(q, 0, sizeof *q);
    q->struct_size = sizeof *q;
    q->profile = profile;
    q->offerings = offerings;
    q->offering_count = n;
}

/* One account operation with fresh caller storage. */
static int run_op(auth_loader *l, const char *name, int op,
                  const char *const *attrs, const auth_account_request *q,
                  auth_result *r, auth_account *a)
{
    auth_result_init(r);
    auth_account_init(a);
    return auth_loader_account(l, name, op, attrs, q, r, a);
}

/* How many account ops the test plugin `name` ran, as its login says; -1 if
 * the login did not say. */
static long account_calls(auth_loader *l, const char *name)
{
    auth_result r;
    long calls = -1;
        CU_ASSERT_EQUAL(login_into(l, name, NULL, &r), AUTH_OK);
    const char *at = strstr(r.log_message, "account_calls=");
    if (at == NULL || sscanf(at, "account_calls=%ld", &calls) != 1)
        fprintf(stderr, "login of %s said '%s'\n", name, r.log_message);
    auth_result_wipe(&r);
    return calls;
}

static int is_empty(const auth_account *a)
{
    return a->account_id[0] == '\0' && a->state[0] == '\0' &&
           a->offering_count == 0 && a->offering_total == 0;
}

static int offering_is(const auth_offering *o, const auth_offering *want)
{
    return strcmp(o->name, want->name) == 0 && strcmp(o->type, want->type) == 0 &&
           o->quantity == want->quantity;
}

/* The loader's answer for an op the instance cannot run. */
static void expect_not_supported(auth_loader *l, const char *name, int op,
                                 const char *why)
{
    const char *const attrs[] = {"tenant=acme", "account_id=acct-alice", NULL};
    const char *const profile[] = {"username=alice", NULL};
    auth_account_request q;
    auth_result r;
    auth_account a;
    char want[AUTH_MESSAGE_MAX];
    request_init(&q, profile, &plan_pro, 1);
    CU_ASSERT_FALSE(auth_loader_supports(l, name, op));
    CU_ASSERT_EQUAL(run_op(l, name, op, attrs, &q, &r, &a), AUTH_ERR_NOT_SUPPORTED);
    CU_ASSERT_EQUAL(r.status, AUTH_ERR_NOT_SUPPORTED);
    snprintf(want, sizeof want, "provider '%s' does not support %s (%s): %s", name,
             auth_account_op_name(op), why,
             contains(why, "negotiated ABI 1.0")
                 ? "upgrade the plugin or manage the account in the provider's "
                   "own console"
                 : "upgrade the plugin if a later version does, or manage the "
                   "account in the provider's own console");
    CU_ASSERT_STRING_EQUAL(r.log_message, want);
    if (strcmp(r.log_message, want) != 0)
        fprintf(stderr, "\n  got  '%s'\n  want '%s'\n", r.log_message, want);
    CU_ASSERT_STRING_EQUAL(r.user_message, auth_loader_status_user_text(AUTH_ERR_NOT_SUPPORTED));
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
    CU_ASSERT_TRUE(is_empty(&a));
    CU_ASSERT_EQUAL(a.struct_size, sizeof a);
    /* the same without a request or an account */
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_account(l, name, op, attrs, NULL, &r, NULL),
                    AUTH_ERR_NOT_SUPPORTED);
    CU_ASSERT_STRING_EQUAL(r.log_message, want);
}

/* ---- 1.1 host, 1.1 plugin ---------------------------------------------------- */

static void test_every_op_runs_on_a_1_1_plugin(void)
{
    ts_logcap *sink;
    sink = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(sink);
    auth_loader *l = new_loader(sink, AUTH_LOG_INFO, 0, NULL, NULL);
    load(l, ACCOUNT_PLUGIN, NULL, NULL);
    CU_ASSERT_EQUAL(abi_of(l, "account"), AUTH_PROVIDER_ABI_VERSION);
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++)
        CU_ASSERT_TRUE(auth_loader_supports(l, "account", op));
    CU_ASSERT_FALSE(auth_loader_supports(l, "account", -1));
    CU_ASSERT_FALSE(auth_loader_supports(l, "account", AUTH_ACCOUNT_OP_COUNT));
    CU_ASSERT_FALSE(auth_loader_supports(l, "nosuch", AUTH_ACCOUNT_STATE));
    CU_ASSERT_FALSE(auth_loader_supports(l, NULL, AUTH_ACCOUNT_STATE));
    CU_ASSERT_FALSE(auth_loader_supports(NULL, "account", AUTH_ACCOUNT_STATE));

    const char *const create_attrs[] = {"tenant=acme", "region=eu", NULL};
    const char *const alice[] = {"tenant=acme", "account_id=acct-alice", NULL};
    const char *const profile[] = {"username=alice", "email=alice@example.test", NULL};
    const auth_offering two[] = {plan_pro, ip_extra};
    auth_account_request q;
    auth_result r;
    auth_account a;

    request_init(&q, profile, two, 2);
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_CREATE, create_attrs, &q, &r, &a),
                    AUTH_OK);
    CU_ASSERT_EQUAL(r.status, AUTH_OK);
    CU_ASSERT_EQUAL(r.http_status, 200);
    CU_ASSERT_STRING_EQUAL(r.log_message,
                           "account_create attrs=[tenant=acme region=eu] "
                           "profile=[username=alice email=alice@example.test] "
                           "offerings=[plan-pro:package:1 ip-extra:addon:2] "
                           "test_account=0");
    CU_ASSERT_STRING_EQUAL(a.account_id, "acct-alice");
    CU_ASSERT_STRING_EQUAL(a.state, "");
    CU_ASSERT_EQUAL(a.offering_count, 0);
    CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_INFO, "account: account_create -> AUTH_OK"));

    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_STATE, alice, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.log_message,
                           "account_state attrs=[tenant=acme account_id=acct-alice] "
                           "request=none");
    CU_ASSERT_STRING_EQUAL(a.state, "activated");
    CU_ASSERT_STRING_EQUAL(a.account_id, "");

    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_SUSPEND, alice, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "deactivated");
    CU_ASSERT_TRUE(contains(r.log_message, "account_suspend attrs=[tenant=acme "));
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_STATE, alice, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "deactivated");
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_UNSUSPEND, alice, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "activated");
    CU_ASSERT_TRUE(contains(r.log_message, "account_unsuspend attrs=[tenant=acme "));

    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_OFFERINGS, alice, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(a.offering_count, 2);
    CU_ASSERT_EQUAL(a.offering_total, 2);
    CU_ASSERT_TRUE(offering_is(&a.offerings[0], &plan_pro));
    CU_ASSERT_TRUE(offering_is(&a.offerings[1], &ip_extra));

    request_init(&q, NULL, &plan_basic, 1);
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_SET_OFFERINGS, alice, &q, &r, &a),
                    AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.log_message,
                           "account_set_offerings attrs=[tenant=acme account_id=acct-alice] "
                           "profile=[] offerings=[plan-basic:package:1] test_account=0");
    CU_ASSERT_EQUAL_FATAL(a.offering_count, 1);
    CU_ASSERT_TRUE(offering_is(&a.offerings[0], &plan_basic));
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_OFFERINGS, alice, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_EQUAL(a.offering_count, 1);

    /* more offerings than fit: the first AUTH_OFFERINGS_MAX, and how many */
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_CATALOG, create_attrs, NULL, &r, &a),
                    AUTH_OK);
    CU_ASSERT_EQUAL(a.offering_count, AUTH_OFFERINGS_MAX);
    CU_ASSERT_EQUAL(a.offering_total, AUTH_OFFERINGS_MAX + 6);
    CU_ASSERT_TRUE(offering_is(&a.offerings[0], &plan_basic));
    CU_ASSERT_STRING_EQUAL(a.offerings[AUTH_OFFERINGS_MAX - 1].name, "addon-63");
    CU_ASSERT_STRING_EQUAL(a.offerings[AUTH_OFFERINGS_MAX - 1].type, "addon");

    /* a test account says so */
    const char *const bob[] = {"username=bob", NULL};
    request_init(&q, bob, NULL, 0);
    q.test_account = 1;
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_CREATE, create_attrs, &q, &r, &a),
                    AUTH_OK);
    CU_ASSERT_TRUE(contains(r.log_message, "offerings=[] test_account=1"));
    const char *const bob_attrs[] = {"account_id=acct-bob", NULL};
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_STATE, bob_attrs, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "test");

    /* delete, and the plugin's own NOT_FOUND after it */
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_DELETE, alice, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_TRUE(is_empty(&a));
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_STATE, alice, NULL, &r, &a),
                    AUTH_ERR_NOT_FOUND);
    CU_ASSERT_EQUAL(r.status, AUTH_ERR_NOT_FOUND);
    CU_ASSERT_STRING_EQUAL(r.log_message, "account: no account 'acct-alice'");
    CU_ASSERT_STRING_EQUAL(r.user_message, auth_strerror(AUTH_ERR_NOT_FOUND));
    CU_ASSERT_TRUE(is_empty(&a));
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_DELETE, alice, NULL, &r, &a),
                    AUTH_ERR_NOT_FOUND);
    CU_ASSERT_EQUAL(account_calls(l, "account"), 14);
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

/* Every status the plugin answers reaches the host as it was, with its
 * messages and retry hint, through every op. */
static void test_plugin_statuses_pass_through(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    const char *const profile[] = {"username=carol", NULL};
    auth_account_request q;
    load(l, ACCOUNT_PLUGIN, NULL, NULL);
    request_init(&q, profile, NULL, 0);
    for (int status = 1; status < AUTH_STATUS_COUNT; status++) {
        for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++) {
            char answer[64], user[128];
            auth_result r;
            auth_account a;
            snprintf(answer, sizeof answer, "answer=%s", auth_status_name(status));
            const char *const attrs[] = {"account_id=acct-carol", answer, NULL};
            int rc = run_op(l, "account", op, attrs, &q, &r, &a);
            CU_ASSERT_EQUAL(rc, status);
            CU_ASSERT_EQUAL(r.status, status);
            snprintf(user, sizeof user, "account: answered %s as asked",
                     auth_status_name(status));
            CU_ASSERT_STRING_EQUAL(r.user_message, user);
            CU_ASSERT_STRING_EQUAL(r.error_id, "asked");
            CU_ASSERT_EQUAL(r.retry_after_s, 7);
            CU_ASSERT_TRUE(contains(r.log_message, auth_account_op_name(op)));
            CU_ASSERT_TRUE(is_empty(&a));
            if (rc != status)
                fprintf(stderr, "%s answered %s, not %s\n", auth_account_op_name(op),
                        auth_status_name(rc), auth_status_name(status));
        }
    }
    CU_ASSERT_EQUAL(account_calls(l, "account"),
                    (long)(AUTH_STATUS_COUNT - 1) * AUTH_ACCOUNT_OP_COUNT);
    auth_loader_destroy(l);
}

/* An older host's auth_account would be smaller, but no host older than 1.1
 * has one: the 1.1 size is the least, kept to the byte; a newer host's
 * larger one has fields no one here knows, and they stay as the host left
 * them; one byte less than 1.1 is refused before the plugin runs, untouched. */
static void test_account_sizes_are_respected(void)
{
    static guarded_account buf;
    const char *const attrs[] = {"tenant=acme", NULL};
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    load(l, ACCOUNT_PLUGIN, NULL, NULL);

    /* the smallest a 1.1 receiver takes, guarded after it */
    memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
    buf.a.struct_size = AUTH_ACCOUNT_MIN_SIZE;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_CATALOG, attrs, NULL,
                                        &r, &buf.a), AUTH_OK);
    CU_ASSERT_EQUAL(buf.a.struct_size, AUTH_ACCOUNT_MIN_SIZE);
    CU_ASSERT_EQUAL(buf.a.offering_count, AUTH_OFFERINGS_MAX);
    CU_ASSERT_STRING_EQUAL(buf.a.offerings[AUTH_OFFERINGS_MAX - 1].name, "addon-63");
    CU_ASSERT_STRING_EQUAL(buf.a.account_id, "");
    CU_ASSERT_EQUAL(guard_changed(buf.bytes, AUTH_ACCOUNT_MIN_SIZE, sizeof buf.bytes), 0);

    /* a newer host's: its own trailing fields are left alone */
    memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
    buf.a.struct_size = sizeof buf.bytes;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_CATALOG, attrs, NULL,
                                        &r, &buf.a), AUTH_OK);
    CU_ASSERT_EQUAL(buf.a.struct_size, sizeof buf.bytes);
    CU_ASSERT_EQUAL(buf.a.offering_count, AUTH_OFFERINGS_MAX);
    CU_ASSERT_EQUAL(buf.a.offering_total, AUTH_OFFERINGS_MAX + 6);
    CU_ASSERT_STRING_EQUAL(buf.a.state, "");
    CU_ASSERT_EQUAL(guard_changed(buf.bytes, sizeof(auth_account), sizeof buf.bytes), 0);
    /* ...and a refusal empties only what this loader knows of it */
    memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
    buf.a.struct_size = sizeof buf.bytes;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_account(l, "nosuch", AUTH_ACCOUNT_STATE, attrs, NULL,
                                        &r, &buf.a), AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(is_empty(&buf.a));
    CU_ASSERT_EQUAL(guard_changed(buf.bytes, sizeof(auth_account), sizeof buf.bytes), 0);

    /* one byte too small: refused, not written, the plugin not called */
    long before = account_calls(l, "account");
    memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
    buf.a.struct_size = AUTH_ACCOUNT_MIN_SIZE - 1;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_CATALOG, attrs, NULL,
                                        &r, &buf.a), AUTH_ERR_VERSION);
    CU_ASSERT_EQUAL(r.status, AUTH_ERR_VERSION);
    CU_ASSERT_TRUE(contains(r.log_message, "smaller than the"));
    CU_ASSERT_TRUE(contains(r.log_message, "initialize it with auth_account_init"));
    CU_ASSERT_EQUAL(buf.a.struct_size, AUTH_ACCOUNT_MIN_SIZE - 1);
    CU_ASSERT_EQUAL(guard_changed(buf.bytes, sizeof buf.a.struct_size, sizeof buf.bytes), 0);
    CU_ASSERT_EQUAL(account_calls(l, "account"), before);

    /* no account at all: the op still runs, its answer is dropped */
    const char *const profile[] = {"username=dave", NULL};
    const char *const dave[] = {"account_id=acct-dave", NULL};
    auth_account_request q;
    auth_account a;
    request_init(&q, profile, NULL, 0);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_CREATE, attrs, &q,
                                        &r, NULL), AUTH_OK);
    CU_ASSERT_TRUE(contains(r.log_message, "account_create attrs=[tenant=acme]"));
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_STATE, dave, NULL, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "activated");
    auth_loader_destroy(l);
}

/* The result: the smallest 1.x one is filled within its size; a smaller one
 * is refused and neither it nor the account is written. */
static void test_result_sizes_are_respected(void)
{
    static guarded_result buf;
    const char *const attrs[] = {"account_id=acct-none", "answer=AUTH_ERR_RATE_LIMITED", NULL};
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_account a;
    load(l, ACCOUNT_PLUGIN, NULL, NULL);
    load(l, EXAMPLE_PLUGIN, NULL, example_settings);

    /* the plugin's answer and the loader's own, in the smallest result */
    const char *names[] = {"account", "example"};
    const int want[] = {AUTH_ERR_RATE_LIMITED, AUTH_ERR_NOT_SUPPORTED};
    for (int k = 0; k < 2; k++) {
        memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
        buf.r.struct_size = AUTH_RESULT_MIN_SIZE;
        auth_account_init(&a);
        CU_ASSERT_EQUAL(auth_loader_account(l, names[k], AUTH_ACCOUNT_STATE, attrs, NULL,
                                            &buf.r, &a), want[k]);
        CU_ASSERT_EQUAL(buf.r.struct_size, AUTH_RESULT_MIN_SIZE);
        CU_ASSERT_EQUAL(buf.r.status, want[k]);
        CU_ASSERT_TRUE(strlen(buf.r.log_message) > 0);
        CU_ASSERT_EQUAL(guard_changed(buf.bytes, AUTH_RESULT_MIN_SIZE, sizeof buf.bytes), 0);
    }

    long before = account_calls(l, "account");
    memset(buf.bytes, GUARD_BYTE, sizeof buf.bytes);
    buf.r.struct_size = AUTH_RESULT_MIN_SIZE - 1;
    auth_account_init(&a);
    snprintf(a.account_id, sizeof a.account_id, "kept");
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_STATE, attrs, NULL,
                                        &buf.r, &a), AUTH_ERR_VERSION);
    CU_ASSERT_EQUAL(buf.r.struct_size, AUTH_RESULT_MIN_SIZE - 1);
    CU_ASSERT_EQUAL(guard_changed(buf.bytes, sizeof buf.r.struct_size, sizeof buf.bytes), 0);
    CU_ASSERT_STRING_EQUAL(a.account_id, "kept");
    CU_ASSERT_EQUAL(auth_loader_account(l, "account", AUTH_ACCOUNT_STATE, attrs, NULL,
                                        NULL, &a), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_STRING_EQUAL(a.account_id, "kept");
    CU_ASSERT_EQUAL(account_calls(l, "account"), before);
    auth_loader_destroy(l);
}

/* What the loader refuses itself: said in the result, with the status the
 * header documents, the account left empty, the plugin never called. */
static void test_loader_refusals(void)
{
    const char *const attrs[] = {"tenant=acme", "account_id=acct-erin", NULL};
    const char *const profile[] = {"username=erin", NULL};
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_account_request q;
    auth_result r;
    auth_account a;
    load(l, ACCOUNT_PLUGIN, NULL, NULL);

    static const struct refusal {
        const char *name;
        int op;
        int request;   /* 0: NULL, 1: good, 2: tiny, 3: count without array */
        int status;
        const char *says;
    } cases[] = {
        {"account", -1, 0, AUTH_ERR_INVALID_REQUEST,
         "auth_loader_account got operation -1, which is no auth_account_op "
         "(this libauthloader knows 0 to 7): pass one of AUTH_ACCOUNT_CREATE ... "
         "AUTH_ACCOUNT_CATALOG"},
        {"account", AUTH_ACCOUNT_OP_COUNT, 1, AUTH_ERR_INVALID_REQUEST,
         "got operation 8, which is no auth_account_op"},
        {"nosuch", AUTH_ACCOUNT_STATE, 0, AUTH_ERR_CONFIG,
         "no provider instance named 'nosuch' is loaded: load its plugin or fix "
         "the provider name"},
        {NULL, AUTH_ACCOUNT_STATE, 0, AUTH_ERR_INVALID_REQUEST,
         "auth_loader_account needs a loader and a provider name: pass both"},
        {"account", AUTH_ACCOUNT_CREATE, 0, AUTH_ERR_INVALID_REQUEST,
         "account_create needs an auth_account_request (the profile and the "
         "offerings): pass one"},
        {"account", AUTH_ACCOUNT_SET_OFFERINGS, 0, AUTH_ERR_INVALID_REQUEST,
         "account_set_offerings needs an auth_account_request (the offerings): "
         "pass one"},
        {"account", AUTH_ACCOUNT_CREATE, 2, AUTH_ERR_VERSION,
         "set struct_size = sizeof(auth_account_request)"},
        {"account", AUTH_ACCOUNT_STATE, 2, AUTH_ERR_VERSION,
         "the auth_account_request for account_state is 8 bytes"},
        {"account", AUTH_ACCOUNT_SET_OFFERINGS, 3, AUTH_ERR_INVALID_REQUEST,
         "the auth_account_request for account_set_offerings has offering_count 3 "
         "but no offerings: pass the array or a count of 0"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct refusal *c = &cases[k];
        request_init(&q, profile, NULL, 0);
        if (c->request == 2)
            q.struct_size = sizeof q.struct_size;
        if (c->request == 3)
            q.offering_count = 3;
        auth_result_init(&r);
        auth_account_init(&a);
        /* an earlier answer in the caller's storage must not survive */
        snprintf(a.account_id, sizeof a.account_id, "stale");
        a.offering_count = 2;
        int rc = auth_loader_account(l, c->name, c->op, attrs, c->request ? &q : NULL,
                                     &r, &a);
        CU_ASSERT_EQUAL(rc, c->status);
        CU_ASSERT_EQUAL(r.status, c->status);
        CU_ASSERT_TRUE(contains(r.log_message, c->says));
        if (rc != c->status || !contains(r.log_message, c->says))
            fprintf(stderr, "\n  case %zu: %s '%s'\n", k, auth_status_name(rc),
                    r.log_message);
        CU_ASSERT_STRING_EQUAL(r.user_message, auth_loader_status_user_text(c->status));
        CU_ASSERT_TRUE(is_empty(&a));
    }
    /* no loader */
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_account(NULL, "account", AUTH_ACCOUNT_STATE, attrs, NULL,
                                        &r, NULL), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_TRUE(contains(r.log_message, "needs a loader and a provider name"));
    CU_ASSERT_EQUAL(account_calls(l, "account"), 0);

    /* a newer host's larger request is taken (the plugin reads what it knows) */
    static union {
        auth_account_request q;
        unsigned char bytes[sizeof(auth_account_request) + 64];
    } big;
    memset(&big, 0, sizeof big);
    big.q.struct_size = sizeof big;
    big.q.profile = profile;
    CU_ASSERT_EQUAL(run_op(l, "account", AUTH_ACCOUNT_CREATE, attrs, &big.q, &r, &a),
                    AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.account_id, "acct-erin");
    auth_loader_destroy(l);
}

/* ---- 1.0 host, 1.1 plugin ------------------------------------------------------ */

static void test_1_0_host_sees_no_account_op(void)
{
    ts_logcap *sink;
    sink = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(sink);
    auth_loader *l = new_loader(sink, AUTH_LOG_DEBUG, AUTH_PROVIDER_MKVERSION(1, 0),
                                NULL, NULL);
    auth_result r;
    load(l, ACCOUNT_PLUGIN, NULL, NULL);
    CU_ASSERT_EQUAL(abi_of(l, "account"), AUTH_PROVIDER_MKVERSION(1, 0));
        CU_ASSERT_EQUAL(login_into(l, "account", NULL, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.log_message, "account: login abi=1.0 account_calls=0");
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "https://account.invalid/login");
    auth_result_wipe(&r);
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++)
        expect_not_supported(l, "account", op,
                             "it negotiated ABI 1.0; account operations need 1.1");
    /* its table has every op, yet none of them ran */
    CU_ASSERT_EQUAL(account_calls(l, "account"), 0);
    CU_ASSERT_FALSE(ts_logcap_has(sink, -1, "account: account_"));
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

/* ---- 1.1 host, plugins without account ops ------------------------------------- */

static void test_1_0_plugins_answer_not_supported(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    auth_result r;
    /* the minimal sample stays at 1.0 */
    load(l, EXAMPLE_PLUGIN, NULL, example_settings);
    CU_ASSERT_EQUAL(abi_of(l, "example"), AUTH_PROVIDER_MKVERSION(1, 0));
    /* built against the first 1.0 header: a three-op table, and non-NULL junk
     * right after it where a longer table would have its later ops */
    load(l, OLD_PLUGIN, NULL, NULL);
    CU_ASSERT_EQUAL(abi_of(l, "old"), AUTH_PROVIDER_MKVERSION(1, 0));
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++) {
        expect_not_supported(l, "example", op,
                             "it negotiated ABI 1.0; account operations need 1.1");
        expect_not_supported(l, "old", op,
                             "it negotiated ABI 1.0; account operations need 1.1");
    }
    /* and both still log in */
    const char *const acme[] = {"tenant=acme", "account_id=acme-42", NULL};
        CU_ASSERT_EQUAL(login_into(l, "example", acme, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url,
                           "https://login.example.test/sso?account=acme-42");
    auth_result_wipe(&r);
        CU_ASSERT_EQUAL(login_into(l, "old", acme, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.log_message, "old: login");
    auth_result_wipe(&r);
    auth_loader_destroy(l);
}

static void test_1_1_plugins_without_the_op(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    const char *const reads[] = {"account_id=acct-nobody", NULL};
    auth_result r;
    auth_account a;
    /* this header's plugins that implement no account op; "future" speaks
     * 1.7 and has fields after this header's table */
    load(l, ECHO_PLUGIN, NULL, NULL);
    load(l, FUTURE_PLUGIN, NULL, NULL);
    load(l, ACCOUNT_READS_PLUGIN, NULL, NULL);
    CU_ASSERT_EQUAL(abi_of(l, "echo"), AUTH_PROVIDER_ABI_VERSION);
    CU_ASSERT_EQUAL(abi_of(l, "future"), AUTH_PROVIDER_ABI_VERSION);
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++) {
        expect_not_supported(l, "echo", op, "its plugin does not implement it");
        expect_not_supported(l, "future", op, "its plugin does not implement it");
    }
    /* only some: each op is judged by its own slot */
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++) {
        int has = op == AUTH_ACCOUNT_STATE || op == AUTH_ACCOUNT_OFFERINGS ||
                  op == AUTH_ACCOUNT_CATALOG;
        if (!has) {
            expect_not_supported(l, "account_reads", op,
                                 "its plugin does not implement it");
            continue;
        }
        CU_ASSERT_TRUE(auth_loader_supports(l, "account_reads", op));
        int rc = run_op(l, "account_reads", op, reads, NULL, &r, &a);
        CU_ASSERT_TRUE(contains(r.log_message, auth_account_op_name(op)) ||
                       contains(r.log_message, "no account 'acct-nobody'"));
        CU_ASSERT_EQUAL(rc, op == AUTH_ACCOUNT_CATALOG ? AUTH_OK : AUTH_ERR_NOT_FOUND);
    }
    CU_ASSERT_EQUAL(account_calls(l, "account_reads"), 3);
    auth_loader_destroy(l);
}

/* ---- 8 threads on one instance --------------------------------------------------- */

#define THREADS 8
#define ROUNDS 25
#define OPS_PER_ROUND 8

typedef struct worker {
    pthread_t thread;
    auth_loader *loader;
    int index;
    int wrong;             /* answers that were not this request's */
    char first[400];       /* the first of them, said */
} worker;

static void note_wrong(worker *w, int round, const char *what, const auth_result *r)
{
    if (w->wrong++ == 0)
        snprintf(w->first, sizeof w->first, "thread %d round %d: %s (%s: %.300s)", w->index,
                 round, what, auth_status_name(r->status), r->log_message);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    auth_result *r = malloc(sizeof *r);
    auth_account *a = malloc(sizeof *a);
    if (r == NULL || a == NULL) {
        w->wrong = -1;
        free(r);
        free(a);
        return NULL;
    }
    for (int round = 0; round < ROUNDS; round++) {
        char user[32], id[48], id_attr[64], username[48], mine[160];
        snprintf(user, sizeof user, "t%d-r%d", w->index, round);
        snprintf(id, sizeof id, "acct-%s", user);
        snprintf(id_attr, sizeof id_attr, "account_id=%s", id);
        snprintf(username, sizeof username, "username=%s", user);
        const char *const attrs[] = {id_attr, NULL};
        const char *const profile[] = {username, NULL};
        auth_offering plan = {"", "package", 1}, addon = {"", "addon", 0};
        snprintf(plan.name, sizeof plan.name, "plan-%s", user);
        snprintf(addon.name, sizeof addon.name, "addon-%s", user);
        addon.quantity = (uint32_t)round + 1;
        auth_account_request q;
        request_init(&q, profile, &plan, 1);

        if (run_op(w->loader, "account", AUTH_ACCOUNT_CREATE, NULL, &q, r, a) != AUTH_OK ||
            strcmp(a->account_id, id) != 0)
            note_wrong(w, round, "create", r);
        snprintf(mine, sizeof mine, "profile=[%s] offerings=[plan-%s:package:1]",
                 username, user);
        if (!contains(r->log_message, mine))
            note_wrong(w, round, "create was given another request", r);
        if (run_op(w->loader, "account", AUTH_ACCOUNT_STATE, attrs, NULL, r, a) != AUTH_OK ||
            strcmp(a->state, "activated") != 0 || !contains(r->log_message, id_attr))
            note_wrong(w, round, "state", r);
        if (run_op(w->loader, "account", AUTH_ACCOUNT_SUSPEND, attrs, NULL, r, a) != AUTH_OK ||
            strcmp(a->state, "deactivated") != 0 || !contains(r->log_message, id_attr))
            note_wrong(w, round, "suspend", r);
        if (run_op(w->loader, "account", AUTH_ACCOUNT_OFFERINGS, attrs, NULL, r, a) != AUTH_OK ||
            a->offering_count != 1 || !offering_is(&a->offerings[0], &plan))
            note_wrong(w, round, "offerings", r);
        request_init(&q, NULL, &addon, 1);
        if (run_op(w->loader, "account", AUTH_ACCOUNT_SET_OFFERINGS, attrs, &q, r, a) != AUTH_OK ||
            a->offering_count != 1 || !offering_is(&a->offerings[0], &addon))
            note_wrong(w, round, "set_offerings", r);
        if (run_op(w->loader, "account", AUTH_ACCOUNT_UNSUSPEND, attrs, NULL, r, a) != AUTH_OK ||
            strcmp(a->state, "activated") != 0)
            note_wrong(w, round, "unsuspend", r);
        if (run_op(w->loader, "account", AUTH_ACCOUNT_DELETE, attrs, NULL, r, a) != AUTH_OK ||
            !contains(r->log_message, id_attr))
            note_wrong(w, round, "delete", r);
        if (run_op(w->loader, "account", AUTH_ACCOUNT_STATE, attrs, NULL, r, a) !=
                AUTH_ERR_NOT_FOUND || !contains(r->log_message, id))
            note_wrong(w, round, "state after delete", r);
    }
    free(r);
    free(a);
    return NULL;
}

static void test_threads_each_get_their_own_answers(void)
{
    auth_loader *l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    worker w[THREADS];
    int started = 0;
    load(l, ACCOUNT_PLUGIN, NULL, NULL);
    memset(w, 0, sizeof w);
    for (int i = 0; i < THREADS; i++) {
        w[i].loader = l;
        w[i].index = i;
        if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) == 0)
            started++;
        else
            break;
    }
    CU_ASSERT_EQUAL(started, THREADS);
    for (int i = 0; i < started; i++) {
        pthread_join(w[i].thread, NULL);
        CU_ASSERT_EQUAL(w[i].wrong, 0);
        if (w[i].wrong != 0)
            fprintf(stderr, "%d wrong answers; first: %s\n", w[i].wrong, w[i].first);
    }
    CU_ASSERT_EQUAL(account_calls(l, "account"), (long)started * ROUNDS * OPS_PER_ROUND);
    auth_loader_destroy(l);
}

CU_TestInfo accounts_tests[] = {
    {"1.1 host, 1.1 plugin: every op runs with what it was given",
     test_every_op_runs_on_a_1_1_plugin},
    {"1.1 host, 1.1 plugin: every status passes through", test_plugin_statuses_pass_through},
    {"auth_account sizes: 1.1's, a newer host's, too small", test_account_sizes_are_respected},
    {"auth_result sizes: the smallest, too small, none", test_result_sizes_are_respected},
    {"the loader's own refusals", test_loader_refusals},
    {"1.0 host, 1.1 plugin: login works, no account op", test_1_0_host_sees_no_account_op},
    {"1.1 host, 1.0 plugins: not supported, login works",
     test_1_0_plugins_answer_not_supported},
    {"1.1 host, 1.1 plugins without the op: not supported", test_1_1_plugins_without_the_op},
    {"8 threads on one instance, each its own answers",
     test_threads_each_get_their_own_answers},
    CU_TEST_INFO_NULL};
