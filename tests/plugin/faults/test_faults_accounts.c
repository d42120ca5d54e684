/* SPDX-License-Identifier: MIT */
/*
 * plugin.faults.accounts -- the account operations under faults: what a
 * create, the one
 * operation that must never be sent twice, and suspend, an idempotent one,
 * make of a server that fails after it has read the request.
 *
 * As in test_faults_transport.c, each case points the GLOBAL region of a fresh
 * instance (the built plugin, loaded by the host loader, real TLS with the
 * test CA) at one fault_server.c behaviour and its EU region at a healthy
 * sandbox.  A request the server read may have been carried out, so:
 *   - create ends AUTH_ERR_OUTCOME_UNKNOWN, and the server read it exactly
 *     once (fs_counts.requests): never retried, never re-sent;
 *   - suspend ends AUTH_ERR_UNAVAILABLE, retried after a dropped
 *     connection (1 + max_retries requests read) -- but not after a
 *     timeout, which spends the whole timeout_ms the call has;
 *   - a create that provably never left (no TLS handshake, a refused port)
 *     is AUTH_ERR_UNAVAILABLE, "not sent": safe to send again;
 * each within timeout_ms + 10% (x TS_TIME_SCALE, testsupport.h), with a
 * message naming the region and what happened, the audit line saying the
 * same, the instance still logging the healthy region in before and after,
 * and no key or code in any message or log line.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>
#include "fault_server.h"
#include "testsupport.h"
#include "ts_plugin_suite.h"

#define TIMEOUT_MS 1500L
#define CONNECT_TIMEOUT_MS 1000L
#define MAX_RETRIES 2
/* For the dropped connections (see account_fault.timeout_ms). */
#define DROP_TIMEOUT_MS 10000L
#define DROP_CONNECT_TIMEOUT_MS 5000L

static const char *pki, *plugin_path;
static char tmpdir[256], key_path[300], ca_file[300];
static char api_key[64];
static ts_sandbox sandbox;      /* the healthy upstream (the EU region) */

/* The ID the healthy control's 201 hands out. */
#define FAULT_ACCOUNT_ID "sg0123456789abcdef0123456789abcdef"

static const auth_offering FREE = {"org.ei.free.v1", "package", 1};

/* ---- the summary printed at the end ----------------------------------------- */

typedef struct outcome {
    char fault[120];
    int status;
    long requests;
    long long ms;
    long limit_ms;
} outcome;

static outcome outcomes[32];
static size_t outcome_count;

/* The bound for a call with `timeout_ms`: timeout_ms + 10%, scaled. */
static long limit_for(long timeout_ms)
{
    return (long)((double)timeout_ms * 1.1 * ts_time_scale());
}

static int suite_setup(void)
{
    if ((pki = ts_plugin_suite_prereqs(&plugin_path, ca_file, sizeof ca_file, tmpdir,
                                      sizeof tmpdir)) == NULL)
        return -1;
    if (ts_make_key(tmpdir, "pk", api_key, sizeof api_key, key_path, sizeof key_path) != 0)
        return -1;
    return ts_sandbox_start_tls(&sandbox, "eu", key_path);
}

static int suite_cleanup(void)
{
    ts_sandbox_stop(&sandbox);
    int leaked = sandbox.log_path[0] != '\0' && ts_secrets_scan_file(sandbox.log_path) != 0;
    if (leaked)
        fprintf(stderr, "a secret reached the sandbox's log\n");
    ts_secrets_clear();
    printf("\naccount fault summary (timeout_ms %ld, %ld for the drops, max_retries %d, "
           "bound timeout_ms x 1.1 x TS_TIME_SCALE %.2g):\n", TIMEOUT_MS, DROP_TIMEOUT_MS,
           MAX_RETRIES, ts_time_scale());
    for (size_t i = 0; i < outcome_count; i++)
        printf("  %-52s %-25s %ld request(s) read %5lld ms (limit %ld ms)\n",
               outcomes[i].fault, auth_status_name(outcomes[i].status),
               outcomes[i].requests, outcomes[i].ms, outcomes[i].limit_ms);
    return leaked ? -1 : 0;
}

/* ---- one panel: a loader, one instance, its log ------------------------------ */

static int panel_open_with(ts_panel *p, const char *global_base, long timeout_ms,
                           long connect_timeout_ms)
{
    char s_t[40], s_c[40], s_r[40];
    snprintf(s_t, sizeof s_t, "timeout_ms=%ld", timeout_ms);
    snprintf(s_c, sizeof s_c, "connect_timeout_ms=%ld", connect_timeout_ms);
    snprintf(s_r, sizeof s_r, "max_retries=%d", MAX_RETRIES);
    const char *extra[] = {s_t, s_c, s_r, NULL};
    ts_sendgrid_setup setup = {key_path, NULL, global_base, sandbox.base_url, ca_file, extra};
    return ts_panel_open(p, &setup);
}

/* A login to the healthy EU region: the pool still works. */
static void expect_healthy_login(ts_panel *p, const char *when)
{
    const char *attrs[] = {"tenant=acme", "account_id=acct-healthy", "region=eu", NULL};
    auth_result r;
    auth_result_init(&r);
    int rc = auth_loader_login(p->loader, "sendgrid", attrs, &r);
    if (rc != AUTH_OK)
        fprintf(stderr, "\n  healthy login %s: %s: %s\n", when, auth_status_name(rc),
                r.log_message);
    CU_ASSERT_EQUAL(rc, AUTH_OK);
    CU_ASSERT_EQUAL(strncmp(r.redirect_url, "https://127.0.0.1", 17), 0);
    auth_result_wipe(&r);
}

/* The operation a case runs against the fault: create (with a profile and
 * the free plan) or suspend (of an existing account). */
static int run_op(ts_panel *p, int op, auth_result *r, auth_account *a)
{
    static const char *const create_attrs[] = {"tenant=acme", "region=global", NULL};
    static const char *const suspend_attrs[] = {"tenant=acme", "account_id=sg-fault",
                                                "region=global", NULL};
    static const char *const profile[] = {"email=owner@acme.example", NULL};
    auth_account_request q;
    memset(&q, 0, sizeof q);
    q.struct_size = sizeof q;
    q.profile = profile;
    q.offerings = &FREE;
    q.offering_count = 1;
    auth_result_init(r);
    auth_account_init(a);
    int create = op == AUTH_ACCOUNT_CREATE;
    int rc = auth_loader_account(p->loader, "sendgrid", op,
                                 create ? create_attrs : suspend_attrs,
                                 create ? &q : NULL, r, a);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->log_message, "log_message"), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->user_message, "user_message"), 0);
    return rc;
}

typedef struct account_fault {
    const char *name;
    int op;
    int want;
    long want_requests;        /* requests the server read in full */
    const char *log_has[2];    /* both in log_message */
    const char *user_message;  /* exactly, NULL: not checked */
    const char *attempts;      /* the audit line's attempts= */
    /* 0: TIMEOUT_MS and CONNECT_TIMEOUT_MS.  The cases that count retries
     * after a drop give the call more: under valgrind on a loaded machine
     * three TLS handshakes have taken longer than 1.5 s, and what they
     * test is how often the request is sent, not the timeout. */
    long timeout_ms, connect_timeout_ms;
} account_fault;

static const char CREATE_UNKNOWN_USER[] =
    "The SendGrid account may or may not have been created. Please check before "
    "trying again.";
static const char UNKNOWN_ADVICE[] =
    "SendGrid (global) account creation: outcome unknown: the account may or may "
    "not exist now; look for it (SendGrid's account list) before creating it again";

/* One fault, against `global_base`, with `counts` read after it (may be
 * NULL when no fault server is behind it). */
static void run_account_fault(const account_fault *f, const char *global_base,
                              fs_server *server)
{
    long timeout_ms = f->timeout_ms ? f->timeout_ms : TIMEOUT_MS;
    long limit = limit_for(timeout_ms);
    ts_panel p;
    if (panel_open_with(&p, global_base, timeout_ms,
                        f->connect_timeout_ms ? f->connect_timeout_ms
                                              : CONNECT_TIMEOUT_MS) != 0) {
        CU_FAIL("the panel could not load the plugin");
        ts_panel_close(&p);
        return;
    }
    expect_healthy_login(&p, "before the fault");
    auth_result r;
    auth_account a;
    long long t0 = ts_now_ms();
    int rc = run_op(&p, f->op, &r, &a);
    long long took = ts_now_ms() - t0;
    long requests = 0;
    if (server != NULL) {
        fs_counts c;
        fs_get_counts(server, &c);
        requests = c.requests;
    }
    int texts = strstr(r.log_message, f->log_has[0]) != NULL &&
                (f->log_has[1] == NULL || strstr(r.log_message, f->log_has[1]) != NULL);
    printf("\n    %s: %s in %lld ms, %ld request(s) read: %s", f->name,
           auth_status_name(rc), took, requests, r.log_message);
    if (rc != f->want || requests != f->want_requests || !texts || took > limit)
        fprintf(stderr, "\n  FAULT %s: want %s, %ld request(s), within %ld ms; got %s, "
                "%ld, in %lld ms\n    log: %s\n    user: %s\n", f->name,
                auth_status_name(f->want), f->want_requests, limit,
                auth_status_name(rc), requests, took, r.log_message, r.user_message);
    CU_ASSERT_EQUAL(rc, f->want);
    CU_ASSERT_EQUAL(r.status, f->want);
    CU_ASSERT_EQUAL(requests, f->want_requests);
    CU_ASSERT(took <= limit);
    CU_ASSERT(texts);
    CU_ASSERT_STRING_EQUAL(r.region, "global");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "SendGrid (global)"));
    CU_ASSERT_EQUAL(r.http_status, 0);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
    CU_ASSERT_STRING_EQUAL(a.account_id, "");
    CU_ASSERT_STRING_EQUAL(a.state, "");
    CU_ASSERT(strlen(r.user_message) > 0);
    if (f->user_message != NULL)
        CU_ASSERT_STRING_EQUAL(r.user_message, f->user_message);
    CU_ASSERT_PTR_NULL(strstr(r.user_message, "curl"));
    CU_ASSERT_PTR_NULL(strstr(r.user_message, "127.0.0.1"));
    /* the audit line says the same */
    char audit[200];
    snprintf(audit, sizeof audit, "sendgrid: %s tenant=acme account=%s region=global "
             "outcome=%s http=0 error_id=- attempts=%s ", auth_account_op_name(f->op),
             f->op == AUTH_ACCOUNT_CREATE ? "-" : "sg-fault", auth_status_name(f->want),
             f->attempts);
    CU_ASSERT_TRUE(ts_logcap_contains(p.log, audit));
    expect_healthy_login(&p, "after the fault");
    ts_panel_close(&p);
    if (outcome_count < sizeof outcomes / sizeof outcomes[0]) {
        outcome *o = &outcomes[outcome_count++];
        snprintf(o->fault, sizeof o->fault, "%s", f->name);
        o->status = rc;
        o->requests = requests;
        o->ms = took;
        o->limit_ms = limit;
    }
}

/* A fault server of `mode`, answering `response` (NULL: nothing). */
static void server_case(const account_fault *f, fs_mode mode, const char *response,
                        int abort_close)
{
    char cert[400], key[400];
    snprintf(cert, sizeof cert, "%s/server.pem", pki);
    snprintf(key, sizeof key, "%s/server.key", pki);
    fs_options o;
    memset(&o, 0, sizeof o);
    o.mode = mode;
    o.cert_file = cert;
    o.key_file = key;
    o.response = response;
    o.abort_close = abort_close;
    fs_server *s = NULL;
    CU_ASSERT_EQUAL_FATAL(fs_start(&o, &s), 0);
    run_account_fault(f, fs_base_url(s), s);
    fs_stop(s);
}

/* ---- the positive controls ------------------------------------------------------- */

static void test_fault_server_healthy_answers_work(void)
{
    /* The same harness with a good answer succeeds: each fault below fails
     * because of its fault. */
    static const char body[] = "{\"account_id\":\"" FAULT_ACCOUNT_ID "\"}";
    char created[300];
    snprintf(created, sizeof created, "HTTP/1.1 201 Created\r\nContent-Type: "
             "application/json\r\nContent-Length: %zu\r\n\r\n%s", sizeof body - 1, body);
    static const char no_content[] = "HTTP/1.1 204 No Content\r\n\r\n";
    char cert[400], key[400];
    snprintf(cert, sizeof cert, "%s/server.pem", pki);
    snprintf(key, sizeof key, "%s/server.key", pki);
    const char *answers[] = {created, no_content};
    const int ops[] = {AUTH_ACCOUNT_CREATE, AUTH_ACCOUNT_SUSPEND};
    for (int i = 0; i < 2; i++) {
        fs_options o;
        memset(&o, 0, sizeof o);
        o.mode = FS_RESPOND;
        o.cert_file = cert;
        o.key_file = key;
        o.response = answers[i];
        fs_server *s = NULL;
        CU_ASSERT_EQUAL_FATAL(fs_start(&o, &s), 0);
        /* Time to spare: under valgrind the first TLS handshake of the
         * process, with the server in the same process, has taken over
         * a second; the controls show the answers work, not a timeout. */
        ts_panel p;
        CU_ASSERT_FATAL(panel_open_with(&p, fs_base_url(s), 20000, 15000) == 0);
        auth_result r;
        auth_account a;
        int rc = run_op(&p, ops[i], &r, &a);
        if (rc != AUTH_OK)
            fprintf(stderr, "\n  control %d: %s: %s\n", i, auth_status_name(rc),
                    r.log_message);
        CU_ASSERT_EQUAL(rc, AUTH_OK);
        if (i == 0) {
            CU_ASSERT_STRING_EQUAL(a.account_id, FAULT_ACCOUNT_ID);
        } else {
            CU_ASSERT_STRING_EQUAL(a.state, "deactivated");
        }
        fs_counts c;
        fs_get_counts(s, &c);
        CU_ASSERT_EQUAL(c.requests, 1);
        ts_panel_close(&p);
        fs_stop(s);
    }
}

/* ---- silence after the request ------------------------------------------------------ */

static void test_create_hang_after_request_is_outcome_unknown(void)
{
    const account_fault f = {"create: request read, then silence", AUTH_ACCOUNT_CREATE,
                             AUTH_ERR_OUTCOME_UNKNOWN, 1,
                             {UNKNOWN_ADVICE, "the request went out, then: timed out"},
                             CREATE_UNKNOWN_USER, "1", 0, 0};
    server_case(&f, FS_REQUEST_SILENT, NULL, 0);
}

static void test_suspend_hang_after_request_is_unavailable(void)
{
    /* A timeout spends the call's whole timeout_ms: no time is left to try
     * again, so one request. */
    const account_fault f = {"suspend: request read, then silence", AUTH_ACCOUNT_SUSPEND,
                             AUTH_ERR_UNAVAILABLE, 1,
                             {"SendGrid (global) account suspension: timed out", NULL},
                             "SendGrid could not be reached. Please try again in a few "
                             "minutes.", "1", 0, 0};
    server_case(&f, FS_REQUEST_SILENT, NULL, 0);
}

/* ---- dropped after the request ---------------------------------------------------------- */

static void test_create_drop_after_request_is_outcome_unknown(void)
{
    /* The last: headers that promise a body that never comes, so the 201 is
     * not read as one (the account may exist, its ID is unknown). */
    static const struct {
        const char *name, *detail, *response;
        int abort_close;
    } drops[] = {
        {"create: request read, then a bare TCP close",
         "the request went out, then: the connection was closed before a complete response",
         "", 1},
        {"create: request read, then close_notify",
         "the request went out, then: the connection was closed before a complete response",
         "", 0},
        {"create: 201 headers, body cut short",
         "the connection was closed before a complete response",
         "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
         "Content-Length: 50\r\n\r\n{\"account_id\":\"sg01", 1},
    };
    for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++) {
        const account_fault f = {drops[i].name, AUTH_ACCOUNT_CREATE, AUTH_ERR_OUTCOME_UNKNOWN,
                                 1, {UNKNOWN_ADVICE, drops[i].detail}, CREATE_UNKNOWN_USER,
                                 "1", DROP_TIMEOUT_MS, DROP_CONNECT_TIMEOUT_MS};
        server_case(&f, FS_RESPOND, drops[i].response, drops[i].abort_close);
    }
}

static void test_suspend_drop_after_request_is_retried_then_unavailable(void)
{
    char attempts[8];
    snprintf(attempts, sizeof attempts, "%d", 1 + MAX_RETRIES);
    const account_fault f = {"suspend: request read, then a bare TCP close",
                             AUTH_ACCOUNT_SUSPEND, AUTH_ERR_UNAVAILABLE, 1 + MAX_RETRIES,
                             {"SendGrid (global) account suspension: the connection was "
                              "closed before a complete response", NULL},
                             "SendGrid could not be reached. Please try again in a few "
                             "minutes.", attempts, DROP_TIMEOUT_MS, DROP_CONNECT_TIMEOUT_MS};
    server_case(&f, FS_RESPOND, "", 1);
}

/* ---- never sent: safe to send again --------------------------------------------------------- */

static void test_create_never_sent_is_unavailable(void)
{
    /* No TLS handshake ever: nothing of the request left. */
    const account_fault silent = {"create: accepted, no handshake", AUTH_ACCOUNT_CREATE,
                                  AUTH_ERR_UNAVAILABLE, 0,
                                  {"account creation: timed out",
                                   "the request was not sent, so trying again is safe"},
                                  NULL, "1", 0, 0};
    server_case(&silent, FS_ACCEPT_SILENT, NULL, 0);

    /* A port that refuses. */
    int fd;
    int port = ts_refusing_port(&fd);
    CU_ASSERT_FATAL(port > 0);
    char base[64];
    snprintf(base, sizeof base, "https://127.0.0.1:%d", port);
    const account_fault refused = {"create: connection refused", AUTH_ACCOUNT_CREATE,
                                   AUTH_ERR_UNAVAILABLE, 0,
                                   {"could not connect",
                                    "the request was not sent, so trying again is safe"},
                                   NULL, "1", 0, 0};
    run_account_fault(&refused, base, NULL);
    close(fd);
}

static CU_TestInfo tests[] = {
    {"the fault server's good answers work", test_fault_server_healthy_answers_work},
    {"create: silence after the request is outcome unknown",
     test_create_hang_after_request_is_outcome_unknown},
    {"suspend: silence after the request is unavailable",
     test_suspend_hang_after_request_is_unavailable},
    {"create: dropped after the request is outcome unknown",
     test_create_drop_after_request_is_outcome_unknown},
    {"suspend: dropped after the request is retried, then unavailable",
     test_suspend_drop_after_request_is_retried_then_unavailable},
    {"create: never sent is unavailable", test_create_never_sent_is_unavailable},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("account_faults", suite_setup, suite_cleanup, tests)
