/* SPDX-License-Identifier: MIT */
/*
 * plugin.faults.transport -- the SendGrid provider under network and HTTP
 * faults.
 *
 * Each test points the GLOBAL region of a fresh instance at one fault (a host
 * that cannot resolve, a port that refuses, or a fault server from
 * fault_server.c: bad certificates, broken HTTP, silence, trickling) and its
 * EU region at a healthy sandbox.  Through the real plugin, loaded by the
 * host loader, with real sockets and TLS verification on (the test CA from
 * the `pki` fixture), every fault must:
 *   - end in its documented status (auth_provider.h; docs/security.md T6):
 *     unreachable, refused, timed out, cut short -> AUTH_ERR_UNAVAILABLE,
 *     certificate failure -> AUTH_ERR_TLS, unusable answer -> AUTH_ERR_PROTOCOL;
 *   - end within timeout_ms + 10% (the only timed assertion: a fault must
 *     cost no more than the timeout a panel configured; see TS_TIME_SCALE
 *     below);
 *   - leave no URL behind, and explain itself: a user message, and a log
 *     message naming the region and what happened;
 *   - not poison the instance: a login to the healthy region just before and
 *     just after the fault, on the same connection pool, succeeds;
 *   - leak nothing and crash nothing (the suite runs clean under valgrind
 *     --leak-check=full and under ASan/UBSan).
 * Neither the API key nor any one-time code may appear in a message or log.
 *
 * TS_TIME_SCALE (testsupport.h): a factor (>= 1) for the time bound only,
 * for slow runners; timeouts themselves are never scaled.  Default 1, or 4
 * under valgrind, where everything around the timeout -- TLS, the loader,
 * the plugin's bookkeeping -- runs 10-50x slower.
 */
#include <netinet/in.h>
#include <pthread.h>
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

/* Short timeouts keep the suite fast; the slow faults each cost one. */
#define TIMEOUT_MS 1500L
#define CONNECT_TIMEOUT_MS 1000L

/* The one-time code in the fault servers' Locations: a secret like any. */
#define FAULT_CODE "f4u1tc0de0123456789abcdef0123456"
#define GOOD_LOCATION "https://127.0.0.1/login?code=" FAULT_CODE
/* A complete, correct answer: what a healthy SendGrid says. */
#define GOOD_303 "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION \
                 "\r\nContent-Length: 0\r\n\r\n"

static const char *pki, *plugin_path;
static char tmpdir[256], key_path[300], ca_file[300];
static char api_key[64];
static ts_sandbox sandbox;      /* the healthy upstream (the EU region) */

/* ---- the summary printed at the end (the report's figures) --------------- */

typedef struct outcome {
    char fault[160];
    int status;
    long long ms;
    long limit_ms;
} outcome;

static outcome outcomes[64];
static size_t outcome_count;

static void record(const char *fault, int status, long long ms, long limit_ms)
{
    if (outcome_count < sizeof outcomes / sizeof outcomes[0]) {
        outcome *o = &outcomes[outcome_count++];
        snprintf(o->fault, sizeof o->fault, "%s", fault);
        o->status = status;
        o->ms = ms;
        o->limit_ms = limit_ms;
    }
}

/* ---- helpers ------------------------------------------------------------- */

static int suite_setup(void)
{
    if ((pki = ts_plugin_suite_prereqs(&plugin_path, ca_file, sizeof ca_file, tmpdir,
                                      sizeof tmpdir)) == NULL)
        return -1;
    /* A fresh key per run, so the secret scan cannot pass by luck. */
    ts_secrets_add(FAULT_CODE);
    if (ts_make_key(tmpdir, "pk", api_key, sizeof api_key, key_path, sizeof key_path) != 0)
        return -1;
    return ts_sandbox_start_tls(&sandbox, "eu", key_path);
}

static int suite_cleanup(void)
{
    ts_sandbox_stop(&sandbox);
    if (sandbox.log_path[0] != '\0' && ts_secrets_scan_file(sandbox.log_path) != 0)
        fprintf(stderr, "a secret reached the sandbox's log\n");
    ts_secrets_clear();
    printf("\nfault injection summary (timeout_ms %ld, bound timeout_ms x 1.1 x "
           "TS_TIME_SCALE %.2g):\n", TIMEOUT_MS, ts_time_scale());
    for (size_t i = 0; i < outcome_count; i++)
        printf("  %-58s %-22s %5lld ms (limit %ld ms)\n", outcomes[i].fault,
               auth_status_name(outcomes[i].status), outcomes[i].ms,
               outcomes[i].limit_ms);
    return 0;
}

static int panel_open_timed(ts_panel *p, const char *global_base, const char *eu_base,
                            long timeout_ms, long connect_timeout_ms)
{
    char s_t[40], s_c[40];
    snprintf(s_t, sizeof s_t, "timeout_ms=%ld", timeout_ms);
    snprintf(s_c, sizeof s_c, "connect_timeout_ms=%ld", connect_timeout_ms);
    const char *extra[] = {s_t, s_c, "max_retries=1", NULL};
    ts_sendgrid_setup setup = {key_path, NULL, global_base, eu_base, ca_file, extra};
    return ts_panel_open(p, &setup);
}

static int panel_open_with(ts_panel *p, const char *global_base, const char *eu_base)
{
    return panel_open_timed(p, global_base, eu_base, TIMEOUT_MS, CONNECT_TIMEOUT_MS);
}

static int panel_open(ts_panel *p, const char *global_base)
{
    return panel_open_with(p, global_base, sandbox.base_url);
}

static int do_login(ts_panel *p, const char *account, const char *region, auth_result *r)
{
    char a[300], g[40];
    snprintf(a, sizeof a, "account_id=%s", account);
    snprintf(g, sizeof g, "region=%s", region);
    const char *attrs[] = {"tenant=acme", a, g, NULL};
    auth_result_init(r);
    int rc = auth_loader_login(p->loader, "sendgrid", attrs, r);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->log_message, "log_message"), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->user_message, "user_message"), 0);
    return rc;
}

static int do_check(ts_panel *p, const char *region, auth_result *r)
{
    char g[40];
    snprintf(g, sizeof g, "region=%s", region);
    const char *attrs[] = {"tenant=acme", g, NULL};
    auth_result_init(r);
    int rc = auth_loader_check(p->loader, "sendgrid", attrs, r);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->log_message, "log_message"), 0);
    return rc;
}

/* A login to the healthy region (the EU one): AUTH_OK with a loopback
 * login URL, or the status it got instead. */
static int healthy_login(ts_panel *p, const char *when)
{
    auth_result r;
    int rc = do_login(p, "acct-healthy", "eu", &r);
    if (rc == AUTH_OK && strncmp(r.redirect_url, "https://127.0.0.1", 17) != 0)
        rc = -1;
    if (rc != AUTH_OK)
        fprintf(stderr, "\n  healthy login %s: %s: %s\n", when, auth_status_name(rc),
                r.log_message);
    auth_result_wipe(&r);
    return rc;
}

static void expect_healthy_login(ts_panel *p, const char *when)
{
    CU_ASSERT_EQUAL(healthy_login(p, when), AUTH_OK);
}

/* What one fault must look like to the panel. */
typedef struct fault {
    const char *name;           /* for messages and the summary */
    const char *global_base;    /* where the fault lives */
    int want;                   /* the documented status */
    /* log_message must contain every one of all_of, and at least one of
     * any_of (when given). */
    const char *all_of[3];
    const char *any_of[3];
    int also_check;             /* run the "Test connection" call too */
} fault;

static void assert_fault_result(const fault *f, const char *call, int rc,
                                const auth_result *r, long long took)
{
    long limit = (long)((double)TIMEOUT_MS * 1.1 * ts_time_scale());
    int ok_text = 1, any = f->any_of[0] == NULL;
    for (int i = 0; i < 3 && f->all_of[i] != NULL; i++)
        ok_text &= strstr(r->log_message, f->all_of[i]) != NULL;
    for (int i = 0; i < 3 && f->any_of[i] != NULL; i++)
        any |= strstr(r->log_message, f->any_of[i]) != NULL;
    printf("\n    %s (%s): %s in %lld ms: %s", f->name, call, auth_status_name(rc),
           took, r->log_message);
    if (rc != f->want || !ok_text || !any || took > limit)
        fprintf(stderr, "\n  FAULT %s (%s): want %s within %ld ms, got %s in %lld "
                "ms\n    log: %s\n    user: %s\n", f->name, call,
                auth_status_name(f->want), limit, auth_status_name(rc), took,
                r->log_message, r->user_message);
    CU_ASSERT_EQUAL(rc, f->want);
    CU_ASSERT_EQUAL(r->status, f->want);
    CU_ASSERT(took <= limit);
    CU_ASSERT_STRING_EQUAL(r->redirect_url, "");
    CU_ASSERT_EQUAL(r->expires_at_ms, 0);
    CU_ASSERT(strlen(r->user_message) > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->log_message, "SendGrid (global)"));
    CU_ASSERT_STRING_EQUAL(r->region, "global");
    CU_ASSERT(ok_text);
    CU_ASSERT(any);
    /* The user is told what to do, not libcurl's internals. */
    CU_ASSERT_PTR_NULL(strstr(r->user_message, "curl"));
    CU_ASSERT_PTR_NULL(strstr(r->user_message, "127.0.0.1"));
    char label[160];
    snprintf(label, sizeof label, "%s (%s)", f->name, call);
    record(label, rc, took, limit);
}

/* The whole ritual for one fault; returns the login's status. */
static int run_fault(const fault *f, const char *account)
{
    ts_panel p;
    if (panel_open(&p, f->global_base) != 0) {
        CU_FAIL("the panel could not load the plugin");
        ts_panel_close(&p);
        return -1;
    }
    /* A live keep-alive connection in the pool before the fault... */
    expect_healthy_login(&p, "before the fault");

    auth_result r;
    long long t0 = ts_now_ms();
    int rc = do_login(&p, account, "global", &r);
    long long took = ts_now_ms() - t0;
    assert_fault_result(f, "login", rc, &r, took);
    /* The audit line says the same. */
    char audit[160];
    snprintf(audit, sizeof audit, "region=global outcome=%s", auth_status_name(f->want));
    CU_ASSERT_TRUE(ts_logcap_contains(p.log, audit));

    if (f->also_check) {
        t0 = ts_now_ms();
        rc = do_check(&p, "global", &r);
        took = ts_now_ms() - t0;
        assert_fault_result(f, "check", rc, &r, took);
    }
    /* ...and the same pool serves a normal login right after it. */
    expect_healthy_login(&p, "after the fault");
    ts_panel_close(&p);
    return rc;
}

/* Start a fault server; NULL (and a failed assertion) if it cannot.
 * response_len 0: strlen(response). */
static fs_server *start_server_n(fs_mode mode, const char *cert, const char *response,
                                 size_t response_len, int abort_close)
{
    char cert_file[400], key_file[400];
    snprintf(cert_file, sizeof cert_file, "%s/%s.pem", pki, cert);
    snprintf(key_file, sizeof key_file, "%s/%s.key", pki, cert);
    fs_options o = {.mode = mode, .cert_file = cert_file, .key_file = key_file,
                    .response = response, .response_len = response_len,
                    .abort_close = abort_close};
    fs_server *s = NULL;
    CU_ASSERT_EQUAL(fs_start(&o, &s), 0);
    return s;
}

static fs_server *start_server(fs_mode mode, const char *cert, const char *response,
                               int abort_close)
{
    return start_server_n(mode, cert, response, 0, abort_close);
}

/* One fault server, one behaviour, one login (see start_server_n). */
static void server_fault_n(const char *name, fs_mode mode, const char *cert,
                           const char *response, size_t response_len,
                           int abort_close, int want, const char *needle,
                           int also_check, fs_counts *seen)
{
    if (seen != NULL)
        memset(seen, 0, sizeof *seen);
    fs_server *s = start_server_n(mode, cert, response, response_len, abort_close);
    if (s == NULL)
        return;
    fault f;
    memset(&f, 0, sizeof f);
    f.name = name;
    f.global_base = fs_base_url(s);
    f.want = want;
    f.all_of[0] = needle;
    f.also_check = also_check;
    run_fault(&f, "acct-fault");
    if (seen != NULL)
        fs_get_counts(s, seen);
    fs_stop(s);
}

static void server_fault(const char *name, fs_mode mode, const char *cert,
                         const char *response, int abort_close, int want,
                         const char *needle, int also_check, fs_counts *seen)
{
    server_fault_n(name, mode, cert, response, 0, abort_close, want, needle,
                   also_check, seen);
}

/* ---- 1. DNS failure ------------------------------------------------------ */

/* A global region whose host never resolves: unavailable, the message saying
 * `likely` or `other` (which one depends on the resolver). */
static void dns_fault(fault *f, const char *name, const char *likely, const char *other)
{
    memset(f, 0, sizeof *f);
    f->name = name;
    f->global_base = "https://nonexistent.invalid";
    f->want = AUTH_ERR_UNAVAILABLE;
    f->any_of[0] = likely;
    f->any_of[1] = other;
}

static void test_dns_failure(void)
{
    /* .invalid never resolves (RFC 6761).  Offline, the resolver either says
     * so at once or gets no answer and the transfer times out: both are
     * "unreachable", so the status is the same either way. */
    fault f;
    dns_fault(&f, "1 DNS failure", "could not resolve the host name", "timed out");
    f.also_check = 1;
    run_fault(&f, "acct-fault");
}

/* What the child in the silent-DNS namespaces saw (see ts_ns_run_silent_dns in testsupport.h). */
typedef struct dns_report {
    int before_rc, after_rc;    /* healthy logins around the fault */
    int login_rc, check_rc;
    long long login_ms, check_ms;
    auth_result login, check;
    unsigned failures;          /* CUnit assertions that failed in the child */
} dns_report;

static int silent_dns_part(void *buf, size_t size)
{
    dns_report *rep = buf;
    if (size != sizeof *rep)
        return 1;
    unsigned failures0 = CU_get_number_of_failures();
    /* The sandbox lives in the machine's network namespace: here the
     * healthy region is a fault server that answers correctly. */
    fs_server *healthy = start_server(FS_RESPOND, "server", GOOD_303, 0);
    if (healthy == NULL)
        return 2;
    ts_panel p;
    if (panel_open_with(&p, "https://nonexistent.invalid", fs_base_url(healthy)) != 0) {
        ts_panel_close(&p);
        fs_stop(healthy);
        return 3;
    }
    rep->before_rc = healthy_login(&p, "before the fault");
    long long t0 = ts_now_ms();
    rep->login_rc = do_login(&p, "acct-fault", "global", &rep->login);
    rep->login_ms = ts_now_ms() - t0;
    t0 = ts_now_ms();
    rep->check_rc = do_check(&p, "global", &rep->check);
    rep->check_ms = ts_now_ms() - t0;
    rep->after_rc = healthy_login(&p, "after the fault");
    ts_panel_close(&p);
    fs_stop(healthy);
    rep->failures = CU_get_number_of_failures() - failures0;
    return 0;
}

static void test_dns_failure_silent_name_server(void)
{
    /* The name server never answers: libcurl's resolver thread would sit in
     * getaddrinfo for 10 s, and the login must still end at its timeout. */
    dns_report rep;
    memset(&rep, 0, sizeof rep);
    char err[600];
    int rc = ts_ns_run_silent_dns(tmpdir, silent_dns_part, &rep, sizeof rep, 60, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "\n  silent name server: %s\n", err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(rep.failures, 0);
    CU_ASSERT_EQUAL(rep.before_rc, AUTH_OK);
    CU_ASSERT_EQUAL(rep.after_rc, AUTH_OK);
    fault f;
    dns_fault(&f, "1 DNS failure (name server never answers)", "timed out",
              "could not resolve the host name");
    assert_fault_result(&f, "login", rep.login_rc, &rep.login, rep.login_ms);
    assert_fault_result(&f, "check", rep.check_rc, &rep.check, rep.check_ms);
}

/* ---- 2. connection refused ----------------------------------------------- */

static void test_connection_refused(void)
{
    /* A port bound but not listening refuses connections (RST), and staying
     * bound keeps anyone else from taking it during the test. */
    int fd;
    int port = ts_refusing_port(&fd);
    CU_ASSERT_FATAL(port > 0);
    char base[64];
    snprintf(base, sizeof base, "https://127.0.0.1:%d", port);
    fault f;
    memset(&f, 0, sizeof f);
    f.name = "2 connection refused";
    f.global_base = base;
    f.want = AUTH_ERR_UNAVAILABLE;
    f.all_of[0] = "could not connect";
    f.also_check = 1;
    run_fault(&f, "acct-fault");
    close(fd);
}

/* ---- 3 and 4. certificates ------------------------------------------------ */

static void test_tls_wrong_host_name(void)
{
    /* The server would answer a perfect 303: only the certificate (signed by
     * the trusted CA, but for wrong.example) stands in the way. */
    fs_counts seen;
    memset(&seen, 0, sizeof seen);
    server_fault("3 TLS: certificate for the wrong host name", FS_RESPOND,
                 "wronghost", GOOD_303, 0, AUTH_ERR_TLS,
                 /* libcurl's words, so the operator can tell the cases apart */
                 "subject name matches target host", 1, &seen);
    CU_ASSERT(seen.accepted >= 1);
    /* The client hung up during the handshake: the key never went out. */
    CU_ASSERT_EQUAL(seen.requests, 0);
}

static void test_tls_expired_certificate(void)
{
    fs_counts seen;
    memset(&seen, 0, sizeof seen);
    server_fault("4 TLS: expired certificate", FS_RESPOND, "expired", GOOD_303, 0,
                 AUTH_ERR_TLS, "certificate has expired", 1, &seen);
    CU_ASSERT(seen.accepted >= 1);
    CU_ASSERT_EQUAL(seen.requests, 0);
}

/* ---- 5. closes after the headers ------------------------------------------ */

/* The server reads the request, sends `response` and closes (`abort_close`:
 * without close_notify): an answer cut short is unavailable, never used. */
static void cut_short(const char *name, const char *response, int abort_close)
{
    fs_counts seen;
    server_fault(name, FS_RESPOND, "server", response, abort_close, AUTH_ERR_UNAVAILABLE,
                 "closed before a complete response", 0, &seen);
    CU_ASSERT(seen.requests >= 1);
}

static void test_closes_after_headers(void)
{
    /* A 303 whose headers promise a body that never comes: the answer is
     * incomplete, so its Location must not be used. */
    static const char headers_only[] =
        "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION "\r\n"
        "Content-Type: application/json\r\nContent-Length: 64\r\n\r\n";
    cut_short("5 closes after the headers (close_notify)", headers_only, 0);
    cut_short("5 closes after the headers (bare TCP close)", headers_only, 1);
}

/* ---- 6. truncated chunked body ------------------------------------------- */

static void test_truncated_chunked_body(void)
{
    /* A chunk announced as 0x40 bytes, 10 sent, then the end. */
    static const char mid_chunk[] =
        "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION "\r\n"
        "Transfer-Encoding: chunked\r\n\r\n40\r\n0123456789";
    /* Whole chunks, but never the last (zero-size) chunk. */
    static const char no_last_chunk[] =
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
        "b\r\n{\"errors\":[\r\n";
    cut_short("6 truncated chunked body (mid-chunk)", mid_chunk, 0);
    cut_short("6 truncated chunked body (no last chunk)", no_last_chunk, 1);
}

/* ---- 7. a 100 KB header line ---------------------------------------------- */

/* A response with one header line of `n` value bytes, malloc'd. */
static char *with_long_header(const char *name, const char *prefix, size_t n,
                              const char *rest)
{
    size_t size = 64 + strlen(name) + strlen(prefix) + n + strlen(rest);
    char *buf = malloc(size);
    if (buf == NULL)
        return NULL;
    int len = snprintf(buf, size, "HTTP/1.1 303 See Other\r\n%s: %s", name, prefix);
    size_t pos = (size_t)len;
    memset(buf + pos, 'a', n - strlen(prefix));
    pos += n - strlen(prefix);
    snprintf(buf + pos, size - pos, "\r\n%s", rest);
    return buf;
}

static void test_100kb_header_line(void)
{
    /* 100 KiB in a header of no interest next to a good Location: more
     * than any header a client should buffer. */
    char *filler = with_long_header("X-Filler", "", 100 * 1024,
                                    "Location: " GOOD_LOCATION
                                    "\r\nContent-Length: 0\r\n\r\n");
    /* 100 KB in the Location itself, small enough for libcurl to take: the
     * plugin must refuse it (it would go to the browser). */
    char *location = with_long_header("Location", GOOD_LOCATION "&pad=", 100 * 1000,
                                      "Content-Length: 0\r\n\r\n");
    CU_ASSERT_FATAL(filler != NULL && location != NULL);
    server_fault("7 100 KiB header line (X-Filler)", FS_RESPOND, "server", filler, 0,
                 AUTH_ERR_PROTOCOL, "a response header was too large", 0, NULL);
    server_fault("7 100 KB header line (Location)", FS_RESPOND, "server", location, 0,
                 AUTH_ERR_PROTOCOL, "longer than 4096 bytes", 0, NULL);
    free(filler);
    free(location);
}

/* ---- 8. two Location headers ---------------------------------------------- */

static void test_two_location_headers(void)
{
    /* The sandbox's scripted case: a real server answering two Locations. */
    fault f;
    memset(&f, 0, sizeof f);
    f.name = "8 two Location headers (sandbox script)";
    f.global_base = sandbox.base_url;
    f.want = AUTH_ERR_PROTOCOL;
    f.all_of[0] = "2 Location headers";
    run_fault(&f, "script-303-two-locations");

    /* A good one and a foreign one: neither may be picked. */
    server_fault("8 two Location headers (good + foreign)", FS_RESPOND, "server",
                 "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION "\r\n"
                 "Location: https://evil.example.net/login?code=" FAULT_CODE "\r\n"
                 "Content-Length: 0\r\n\r\n",
                 0, AUTH_ERR_PROTOCOL, "2 Location headers", 0, NULL);
}

/* ---- 9. a Location containing CR/LF ---------------------------------------- */

static void test_location_with_cr_lf(void)
{
    /* HTTP/1.1 ends a header line at LF (RFC 9112 lets a recipient accept a
     * bare LF), so a raw LF can never sit inside a value libcurl hands over:
     * it starts a new header.  A bare CR can, and a browser or the panel's
     * own HTTP stack might split on it (response splitting): refused. */
    server_fault("9 Location with a bare CR inside", FS_RESPOND, "server",
                 "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION
                 "\rSet-Cookie: panel=evil\r\nContent-Length: 0\r\n\r\n",
                 0, AUTH_ERR_PROTOCOL, "control character", 0, NULL);
    /* The same with a NUL: a C string would end there just as quietly. */
    static const char nul[] = "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION
                              "\0\r\nSet-Cookie: panel=evil\r\nContent-Length: "
                              "0\r\n\r\n";
    fs_server *s = start_server_n(FS_RESPOND, "server", nul, sizeof nul - 1, 0);
    if (s != NULL) {
        /* libcurl 7.88 refuses a NUL in any header itself; the plugin's own
         * check is the second line of defence. */
        fault f;
        memset(&f, 0, sizeof f);
        f.name = "9 Location with a NUL inside";
        f.global_base = fs_base_url(s);
        f.want = AUTH_ERR_PROTOCOL;
        f.any_of[0] = "not valid HTTP";
        f.any_of[1] = "control character";
        run_fault(&f, "acct-fault");
        fs_stop(s);
    }
    /* A raw LF injecting a second Location: two Locations, refused. */
    server_fault("9 Location with LF injecting a second Location", FS_RESPOND,
                 "server",
                 "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION
                 "\nLocation: https://evil.example.net/\r\nContent-Length: 0\r\n\r\n",
                 0, AUTH_ERR_PROTOCOL, "2 Location headers", 0, NULL);
    /* CRLF followed by white space: an obsolete line folding, so the value
     * would continue on the next line.  Refused either way: folded into one
     * value it holds a space, kept apart it is not a valid header. */
    server_fault("9 Location folded over CRLF + space", FS_RESPOND, "server",
                 "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION
                 "\r\n https://evil.example.net/\r\nContent-Length: 0\r\n\r\n",
                 0, AUTH_ERR_PROTOCOL, "", 0, NULL);
}

static void test_location_with_encoded_cr_lf_is_passed_verbatim(void)
{
    /* "%0D%0A" is not a line break: it is three URL characters twice, which
     * the browser sends back to SendGrid as they are.  The plugin has no
     * reason to refuse it, and must hand it over byte for byte, never
     * decoded into a raw CR/LF. */
    static const char location[] = "https://127.0.0.1/login?code=" FAULT_CODE
                                   "%0D%0ASet-Cookie:%20panel=evil";
    fs_server *s = start_server(FS_RESPOND, "server",
                                "HTTP/1.1 303 See Other\r\nLocation: https://127.0.0.1"
                                "/login?code=" FAULT_CODE "%0D%0ASet-Cookie:%20panel="
                                "evil\r\nContent-Length: 0\r\n\r\n", 0);
    if (s == NULL)
        return;
    ts_panel p;
    CU_ASSERT_FATAL(panel_open(&p, fs_base_url(s)) == 0);
    auth_result r;
    long long t0 = ts_now_ms();
    int rc = do_login(&p, "acct-fault", "global", &r);
    long long took = ts_now_ms() - t0;
    CU_ASSERT_EQUAL(rc, AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, location);
    CU_ASSERT_PTR_NULL(strpbrk(r.redirect_url, "\r\n"));
    record("9 Location with percent-encoded %0D%0A (not a fault)", rc, took,
           (long)((double)TIMEOUT_MS * 1.1 * ts_time_scale()));
    auth_result_wipe(&r);
    expect_healthy_login(&p, "after an encoded CR/LF");
    ts_panel_close(&p);
    fs_stop(s);
}

/* ---- 10 and 11. silence and trickling --------------------------------------- */

static void test_accepts_and_never_answers(void)
{
    fs_counts seen;
    /* Accepted, then nothing at all: the TLS handshake gets no answer. */
    server_fault("10 accepts, never answers (no handshake)", FS_ACCEPT_SILENT,
                 "server", NULL, 0, AUTH_ERR_UNAVAILABLE, "timed out", 1, &seen);
    CU_ASSERT(seen.accepted >= 1);
    /* Handshake done, request read, then silence. */
    server_fault("10 accepts, never answers (after the request)", FS_REQUEST_SILENT,
                 "server", NULL, 0, AUTH_ERR_UNAVAILABLE, "timed out", 1, &seen);
    CU_ASSERT(seen.requests >= 1);
}

static void test_trickles_one_byte_a_second(void)
{
    fs_counts seen;
    server_fault("11 trickles one byte a second", FS_TRICKLE, "server", GOOD_303, 0,
                 AUTH_ERR_UNAVAILABLE, "timed out", 1, &seen);
    CU_ASSERT(seen.requests >= 1);
}

/* ---- the positive control ----------------------------------------------------- */

static void test_fault_server_healthy_answer_logs_in(void)
{
    /* The same fault server with the good certificate and a good answer
     * logs in: so each fault above fails because of its fault, not because
     * the harness cannot work at all.  It is the process's first TLS
     * handshake, which under valgrind on a loaded machine can take longer
     * than the faults' 1 s connect timeout: the control gets time to spare,
     * as it tests the harness, not the timeouts. */
    fs_server *s = start_server(FS_RESPOND, "server", GOOD_303, 0);
    if (s == NULL)
        return;
    ts_panel p;
    CU_ASSERT_FATAL(panel_open_timed(&p, fs_base_url(s), sandbox.base_url, 20000, 15000) == 0);
    auth_result r;
    CU_ASSERT_EQUAL(do_login(&p, "acct-fault", "global", &r), AUTH_OK);
    if (r.status != AUTH_OK)
        printf("\n    the control's login: %s: %s\n", auth_status_name(r.status), r.log_message);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, GOOD_LOCATION);
    auth_result_wipe(&r);
    ts_panel_close(&p);
    fs_stop(s);
}

static CU_TestInfo tests[] = {
    {"the fault server's healthy answer logs in", test_fault_server_healthy_answer_logs_in},
    {"1 DNS failure", test_dns_failure},
    {"1 DNS failure: the name server never answers", test_dns_failure_silent_name_server},
    {"2 connection refused", test_connection_refused},
    {"3 TLS handshake with the wrong host name", test_tls_wrong_host_name},
    {"4 an expired certificate", test_tls_expired_certificate},
    {"5 a server that closes after the headers", test_closes_after_headers},
    {"6 a truncated chunked body", test_truncated_chunked_body},
    {"7 a 100 KB header line", test_100kb_header_line},
    {"8 two Location headers", test_two_location_headers},
    {"9 a Location containing CR/LF", test_location_with_cr_lf},
    {"9 a percent-encoded CR/LF is passed verbatim",
     test_location_with_encoded_cr_lf_is_passed_verbatim},
    {"10 a server that accepts and never answers", test_accepts_and_never_answers},
    {"11 a server that trickles one byte a second", test_trickles_one_byte_a_second},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("faults", suite_setup, suite_cleanup, tests)
