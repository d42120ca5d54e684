/* SPDX-License-Identifier: MIT */
/* Unit tests of the SendGrid provider's account operations (ABI 1.1):
 *   inputs    every refusal of the profile, offerings and attribute checks,
 *             through the operation itself against a recording HTTPS server:
 *             the status, the field named, and not one byte sent;
 *   bodies    the JSON bodies, parsed back;
 *   mapping   sg_response_map_account for every operation and answer
 *             (success bodies, 400 with SendGrid's field errors, 401, 403,
 *             404, 429, 5xx, transport failures before and after sending,
 *             bodies over 64 KiB, truncated lists, both catalog shapes);
 *   wire      each operation against a small spec-following HTTPS server in
 *             this file (real TLS, the test CA): method, path, headers and
 *             body as SendGrid's spec has them, the region's URL and key,
 *             retries for everything but create, the audit line;
 *   faults    create and an idempotent operation against fault_server.c
 *             (silent after the request, closing after it, silent before
 *             the handshake) and a refusing port: sent or not sent;
 *   entry     the built plugin's negotiation (1.0 and 1.1) and capabilities.
 * Each asserts what a panel or an operator would see.  The API keys never
 * appear in this program's output. */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <json-c/json.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "fault_server.h"
#include "logfmt_reader.h"
#include "sg_account_answer.h"
#include "sg_account_body.h"
#include "sg_account_input.h"
#include "sg_instance.h"
#include "sg_response.h"
#include "testsupport.h"
#include "ts_plugin_suite.h"

#define KEY "SG.aCcOuNtUnItKeY0123456789.zYxWvUtSrQpOnMlKjIhGfEdCbA9876543210-_AbCdEf"
#define EU_KEY "SG.eUaCcOuNtKeY9876543210aB.cDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-ZyXwVu"
#define NOW_MS 1800000000000LL
/* Calls that should succeed get room for several TLS handshakes (valgrind
 * runs this suite); the faults that wait for a timeout get a short one. */
#define TIMEOUT_MS 10000
#define CONNECT_TIMEOUT_MS 5000
#define SHORT_TIMEOUT_MS 1500
#define SHORT_CONNECT_TIMEOUT_MS 1000
#define MAX_RETRIES 2

static sg_settings settings;
static sg_keys keys;
static char tmpdir[512], key_path[600], eu_key_path[600];
static const char *pki;

/* ===========================================================================
 * The host: a log capture
 * ======================================================================== */

#define CAPTURE_LINES 64
static struct {
    pthread_mutex_t lock;
    char line[CAPTURE_LINES][SG_LOG_LINE_MAX];
    size_t count;
} cap = {PTHREAD_MUTEX_INITIALIZER, {{0}}, 0};

static void capture_log(void *ctx, int level, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);
static void capture_log(void *ctx, int level, const char *fmt, ...)
{
    (void)ctx;
    (void)level;
    pthread_mutex_lock(&cap.lock);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cap.line[cap.count % CAPTURE_LINES], SG_LOG_LINE_MAX, fmt, ap);
    va_end(ap);
    cap.count++;
    pthread_mutex_unlock(&cap.lock);
}

/* The last audit line logged (the last line starting "sendgrid: OP "), read
 * back by the independent logfmt reader into *l.  0, or -1. */
static int last_audit(const char *op, logfmt_line *l)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "sendgrid: %s ", op);
    int rc = -1;
    pthread_mutex_lock(&cap.lock);
    for (size_t i = cap.count; i > 0 && cap.count - i < CAPTURE_LINES; i--) {
        const char *line = cap.line[(i - 1) % CAPTURE_LINES];
        if (strncmp(line, prefix, strlen(prefix)) == 0) {
            rc = logfmt_read_audit_line(line, l);
            break;
        }
    }
    pthread_mutex_unlock(&cap.lock);
    return rc;
}

/* A field of an audit line, "(absent)" when the line has none: a missing
 * field fails the comparison instead of crashing the suite. */
static const char *field_of(const logfmt_line *l, const char *name)
{
    const char *v = logfmt_get(l, name);
    return v != NULL ? v : "(absent)";
}

/* 1 if any 8 consecutive characters of either key are in `text`. */
static int has_key_piece(const char *text)
{
    return ts_has_piece_of(text, KEY, 8) || ts_has_piece_of(text, EU_KEY, 8);
}

/* ===========================================================================
 * A spec-following HTTPS server: records each request, answers from a
 * script (one step per request), a thread per connection.
 * ======================================================================== */

typedef struct wire_request {
    int conn;                    /* which connection carried it, from 1 */
    char method[16];
    char path[512];
    char head[4096];             /* the header lines, as sent */
    char body[16384];
    size_t body_len;
} wire_request;

enum step_kind { STEP_RESPOND, STEP_HANG_UP };

typedef struct step {
    enum step_kind kind;
    char *response;              /* STEP_RESPOND: the raw answer */
    int keep_alive;
} step;

#define SCRIPT_MAX 16
#define RECORD_MAX 16
#define CONN_MAX 256

typedef struct spec_server {
    SSL_CTX *ctx;
    int fd;
    char base_url[64];
    pthread_t acceptor;
    pthread_t conn_thread[CONN_MAX];
    int conn_fd[CONN_MAX];
    atomic_int stop;
    pthread_mutex_t lock;
    step script[SCRIPT_MAX];
    size_t script_len, script_next;
    wire_request *req;           /* RECORD_MAX of them */
    size_t nreq;
    int conns;                   /* TCP connections accepted */
} spec_server;

typedef struct conn_arg {
    spec_server *s;
    int fd;
    int id;
} conn_arg;

static spec_server global_srv, eu_srv;

/* Waits until `fd` has bytes (or SSL has some buffered), the server stops,
 * or 5 s pass.  1 when readable. */
static int wait_readable(spec_server *s, SSL *ssl, int fd)
{
    for (int waited = 0; waited < 5000; waited += 50) {
        if (atomic_load(&s->stop))
            return 0;
        if (SSL_pending(ssl) > 0)
            return 1;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 50) > 0)
            return 1;
    }
    return 0;
}

/* One request, head and Content-Length body, into *w.  0, or -1 when the
 * peer closed, went silent or sent something else. */
static int read_request(spec_server *s, SSL *ssl, int fd, wire_request *w)
{
    static const size_t cap_size = 32768;
    char *buf = malloc(cap_size);
    size_t len = 0, need = 0;
    char *end = NULL;
    int rc = -1;
    if (buf == NULL)
        return -1;
    while (len < cap_size - 1) {
        if (!wait_readable(s, ssl, fd))
            goto out;
        int n = SSL_read(ssl, buf + len, (int)(cap_size - 1 - len));
        if (n <= 0)
            goto out;
        len += (size_t)n;
        buf[len] = '\0';
        if (end == NULL && (end = strstr(buf, "\r\n\r\n")) != NULL) {
            size_t head_len = (size_t)(end - buf) + 4;
            size_t body_len = 0;
            for (char *h = strstr(buf, "\r\n"); h != NULL && h < end;
                 h = strstr(h + 2, "\r\n"))
                if (strncasecmp(h + 2, "Content-Length:", 15) == 0)
                    body_len = strtoul(h + 17, NULL, 10);
            need = head_len + body_len;
        }
        if (end != NULL && len >= need)
            break;
    }
    if (end == NULL || len < need)
        goto out;
    memset(w, 0, sizeof *w);
    if (sscanf(buf, "%15s %511s", w->method, w->path) != 2)
        goto out;
    char *first_line_end = strstr(buf, "\r\n");
    size_t hl = (size_t)(end - first_line_end);
    if (hl >= sizeof w->head)
        hl = sizeof w->head - 1;
    memcpy(w->head, first_line_end, hl);
    w->body_len = need - ((size_t)(end - buf) + 4);
    if (w->body_len >= sizeof w->body)
        goto out;
    memcpy(w->body, end + 4, w->body_len);
    rc = 0;
out:
    free(buf);
    return rc;
}

static void *serve_conn(void *arg)
{
    conn_arg a = *(conn_arg *)arg;
    free(arg);
    spec_server *s = a.s;
    SSL *ssl = SSL_new(s->ctx);
    if (ssl == NULL || SSL_set_fd(ssl, a.fd) != 1 || SSL_accept(ssl) != 1)
        goto out;
    for (;;) {
        wire_request *w = malloc(sizeof *w);
        if (w == NULL || read_request(s, ssl, a.fd, w) != 0) {
            free(w);
            break;
        }
        w->conn = a.id;
        pthread_mutex_lock(&s->lock);
        if (s->nreq < RECORD_MAX)
            s->req[s->nreq++] = *w;
        step st = {STEP_RESPOND,
                   "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                   "Connection: close\r\n\r\n", 0};
        if (s->script_next < s->script_len)
            st = s->script[s->script_next++];
        pthread_mutex_unlock(&s->lock);
        free(w);
        if (st.kind == STEP_HANG_UP)
            break;              /* no answer, no close_notify */
        if (SSL_write(ssl, st.response, (int)strlen(st.response)) <= 0)
            break;
        if (!st.keep_alive) {
            SSL_shutdown(ssl);
            break;
        }
    }
out:
    SSL_free(ssl);
    shutdown(a.fd, SHUT_RDWR);
    return NULL;
}

static void *accept_loop(void *arg)
{
    spec_server *s = arg;
    while (!atomic_load(&s->stop)) {
        struct pollfd p = {s->fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int cfd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);
        if (cfd < 0)
            continue;
        struct timeval tv = {5, 0};
        setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        pthread_mutex_lock(&s->lock);
        int id = s->conns < CONN_MAX ? ++s->conns : 0;
        pthread_mutex_unlock(&s->lock);
        conn_arg *a = malloc(sizeof *a);
        if (id == 0 || a == NULL) {
            free(a);
            close(cfd);
            continue;
        }
        a->s = s;
        a->fd = cfd;
        a->id = id;
        s->conn_fd[id - 1] = cfd;
        if (pthread_create(&s->conn_thread[id - 1], NULL, serve_conn, a) != 0) {
            free(a);
            close(cfd);
            s->conn_fd[id - 1] = -1;
        }
    }
    return NULL;
}

static int server_start(spec_server *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    for (int i = 0; i < CONN_MAX; i++)
        s->conn_fd[i] = -1;
    char cert[600], key[600];
    snprintf(cert, sizeof cert, "%s/server.pem", pki);
    snprintf(key, sizeof key, "%s/server.key", pki);
    s->req = calloc(RECORD_MAX, sizeof *s->req);
    s->ctx = SSL_CTX_new(TLS_server_method());
    if (s->req == NULL || s->ctx == NULL ||
        SSL_CTX_set_min_proto_version(s->ctx, TLS1_2_VERSION) != 1 ||
        SSL_CTX_use_certificate_chain_file(s->ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(s->ctx, key, SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "spec server: cannot load %s / %s\n", cert, key);
        return -1;
    }
    s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(s->fd, 16) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &alen) != 0) {
        perror("spec server: listen");
        return -1;
    }
    snprintf(s->base_url, sizeof s->base_url, "https://127.0.0.1:%d",
             ntohs(a.sin_port));
    if (pthread_create(&s->acceptor, NULL, accept_loop, s) != 0) {
        fprintf(stderr, "spec server: no thread\n");
        return -1;
    }
    return 0;
}

/* Forgets the script and the recorded requests, and waits for the
 * connections of the previous test to end (the plugin's idle connections
 * stay open until its instance goes). */
static void server_reset(spec_server *s)
{
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->script_len; i++)
        free(s->script[i].response);
    s->script_len = s->script_next = 0;
    s->nreq = 0;
    pthread_mutex_unlock(&s->lock);
}

static void server_stop(spec_server *s)
{
    if (s->ctx == NULL)
        return;
    atomic_store(&s->stop, 1);
    pthread_join(s->acceptor, NULL);
    for (int i = 0; i < s->conns && i < CONN_MAX; i++) {
        if (s->conn_fd[i] < 0)
            continue;
        pthread_join(s->conn_thread[i], NULL);
        close(s->conn_fd[i]);
    }
    server_reset(s);
    close(s->fd);
    SSL_CTX_free(s->ctx);
    free(s->req);
    pthread_mutex_destroy(&s->lock);
    memset(s, 0, sizeof *s);
}

/* Appends a step: an answer with `status_line` ("201 Created") and `body`
 * (JSON, may be ""), or a hang-up when status_line is NULL. */
static void script(spec_server *s, const char *status_line, const char *body,
                   int keep_alive)
{
    pthread_mutex_lock(&s->lock);
    step *st = &s->script[s->script_len++];
    if (status_line == NULL) {
        st->kind = STEP_HANG_UP;
        st->response = NULL;
    } else {
        size_t n = strlen(body) + 256;
        st->kind = STEP_RESPOND;
        st->response = malloc(n);
        snprintf(st->response, n,
                 "HTTP/1.1 %s\r\n%sContent-Length: %zu\r\nConnection: %s\r\n\r\n%s",
                 status_line, body[0] ? "Content-Type: application/json\r\n" : "",
                 strlen(body), keep_alive ? "keep-alive" : "close", body);
        st->keep_alive = keep_alive;
    }
    pthread_mutex_unlock(&s->lock);
}

static size_t recorded(spec_server *s)
{
    pthread_mutex_lock(&s->lock);
    size_t n = s->nreq;
    pthread_mutex_unlock(&s->lock);
    return n;
}

static int accepted(spec_server *s)
{
    pthread_mutex_lock(&s->lock);
    int n = s->conns;
    pthread_mutex_unlock(&s->lock);
    return n;
}

/* The value of header `name` in a recorded request's head into out, or
 * NULL (and out "") if it was not sent. */
static const char *header(const wire_request *w, const char *name, char *out,
                          size_t size)
{
    size_t n = strlen(name);
    out[0] = '\0';
    for (const char *h = w->head; (h = strstr(h, "\r\n")) != NULL; h += 2) {
        if (strncasecmp(h + 2, name, n) == 0 && h[2 + n] == ':') {
            const char *v = h + 3 + n;
            while (*v == ' ')
                v++;
            const char *e = strstr(v, "\r\n");
            size_t len = e ? (size_t)(e - v) : strlen(v);
            if (len >= size)
                len = size - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return out;
        }
    }
    return NULL;
}

/* ===========================================================================
 * Instances
 * ======================================================================== */

static auth_host_api host = {sizeof(auth_host_api), AUTH_PROVIDER_ABI_VERSION,
                             NULL, capture_log};

/* An instance whose global region is `global_base` and EU region
 * `eu_base` (with its own key), with the given timeouts. */
static struct auth_instance *instance_with(const char *global_base, const char *eu_base,
                                           int timeout_ms, int connect_timeout_ms)
{
    char k[700], ek[700], g[128], e[128], ca[600], t[64], ct[64], mr[64];
    snprintf(k, sizeof k, "api_key_file=%s", key_path);
    snprintf(ek, sizeof ek, "eu_api_key_file=%s", eu_key_path);
    snprintf(g, sizeof g, "global_base_url=%s", global_base);
    snprintf(e, sizeof e, "eu_base_url=%s", eu_base);
    snprintf(ca, sizeof ca, "ca_file=%s/ca.pem", pki);
    snprintf(t, sizeof t, "timeout_ms=%d", timeout_ms);
    snprintf(ct, sizeof ct, "connect_timeout_ms=%d", connect_timeout_ms);
    snprintf(mr, sizeof mr, "max_retries=%d", MAX_RETRIES);
    const char *kv[] = {k, ek, g, e, ca, t, ct, mr, NULL};
    struct auth_instance *inst = NULL;
    auth_result r;
    auth_result_init(&r);
    if (sg_instance_init(&host, kv, &inst, &r) != AUTH_OK)
        fprintf(stderr, "instance: %s\n", r.log_message);
    return inst;
}

static struct auth_instance *instance_at(const char *global_base, const char *eu_base)
{
    return instance_with(global_base, eu_base, TIMEOUT_MS, CONNECT_TIMEOUT_MS);
}

static struct auth_instance *instance(void)
{
    return instance_at(global_srv.base_url, eu_srv.base_url);
}

/* ===========================================================================
 * Suite set-up
 * ======================================================================== */

static int setup(void)
{
    const char *kv[] = {"api_key_env=UNUSED", NULL};
    char err[512];
    if (sg_settings_parse(kv, &settings, err, sizeof err) != AUTH_OK)
        return -1;
    sg_keys_init(&keys);
    sg_keys_add(&keys, KEY);
    sg_keys_add(&keys, EU_KEY);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0)
        return -1;
    snprintf(key_path, sizeof key_path, "%s/key", tmpdir);
    snprintf(eu_key_path, sizeof eu_key_path, "%s/eu-key", tmpdir);
    if (ts_write_file(key_path, KEY "\n", 0600) != 0 ||
        ts_write_file(eu_key_path, EU_KEY "\n", 0600) != 0)
        return -1;
    if (server_start(&global_srv) != 0 || server_start(&eu_srv) != 0)
        return -1;
    return 0;
}

static int cleanup(void)
{
    server_stop(&global_srv);
    server_stop(&eu_srv);
    sg_settings_free(&settings);
    ts_remove_tree(tmpdir);
    return 0;
}

/* ===========================================================================
 * inputs: every refusal names its field and sends nothing
 * ======================================================================== */

static const auth_offering FREE = {"org.ei.free.v1", "package", 1};
static const auth_offering MARKETING = {"org.ei.marketing.v1", "addon", 1};

/* Runs `op` with the given inputs against the spec server and checks that
 * it was refused as an invalid request naming `named`, without a
 * connection. */
static void expect_refused(auth_account_fn op, const char *const *attrs,
                           const auth_account_request *q, const char *named,
                           const char *op_name)
{
    struct auth_instance *inst = instance();
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    server_reset(&global_srv);
    int conns = accepted(&global_srv);
    auth_result r;
    auth_account a;
    auth_result_init(&r);
    auth_account_init(&a);
    int rc = op(inst, attrs, q, &r, &a);
    CU_ASSERT_EQUAL(rc, AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(r.status, AUTH_ERR_INVALID_REQUEST);
    if (strstr(r.log_message, named) == NULL)
        fprintf(stderr, "\n    wanted \"%s\" in: %s\n", named, r.log_message);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, named));
    CU_ASSERT(strlen(r.user_message) > 0);
    CU_ASSERT_EQUAL(r.http_status, 0);
    CU_ASSERT_STRING_EQUAL(a.account_id, "");
    CU_ASSERT_EQUAL(a.offering_count, 0);
    /* Nothing sent: no connection, no request. */
    CU_ASSERT_EQUAL(accepted(&global_srv), conns);
    CU_ASSERT_EQUAL(recorded(&global_srv), 0);
    logfmt_line *l = malloc(sizeof *l);
    CU_ASSERT_FATAL(l != NULL);
    CU_ASSERT_EQUAL(last_audit(op_name, l), 0);
    CU_ASSERT_STRING_EQUAL(field_of(l, "outcome"), "AUTH_ERR_INVALID_REQUEST");
    CU_ASSERT_STRING_EQUAL(field_of(l, "attempts"), "0");
    free(l);
    CU_ASSERT_FALSE(has_key_piece(r.log_message));
    sg_instance_teardown(inst);
}

static const char *const ACME[] = {"tenant=acme", NULL};

static void refused_profile(const char *entry, const char *named)
{
    const char *profile[] = {"first_name=Ada", entry, NULL};
    auth_account_request q = {sizeof q, profile, &FREE, 1, 0};
    expect_refused(sg_account_create, ACME, &q, named, "account_create");
}

static void refused_profiles(const char *const *bad, size_t n, const char *named)
{
    for (size_t i = 0; i < n; i++)
        refused_profile(bad[i], named);
}

/* Each entry alone is a profile the parser takes. */
static void accepted_profiles(const char *const *good, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *profile[] = {good[i], NULL};
        sg_profile p;
        auth_result r;
        auth_result_init(&r);
        CU_ASSERT_EQUAL(sg_profile_parse(profile, &keys, &p, &r), AUTH_OK);
    }
}

static void test_profile_unknown_key_is_named(void)
{
    refused_profile("fax=+4930123", "profile field 'fax' is not one SendGrid takes");
}

static void test_profile_entry_without_equals(void)
{
    refused_profile("email", "profile entry #2 is not of the form key=value");
}

static void test_profile_field_twice(void)
{
    refused_profile("first_name=Bob", "profile field 'first_name' is given twice");
}

static void test_profile_empty_value(void)
{
    refused_profile("last_name=", "profile field 'last_name' is empty");
}

static void test_profile_lengths(void)
{
    static const struct { const char *key; size_t len; } cases[] = {
        {"last_name", SG_PROFILE_NAME_MAX + 1},
        {"company_name", SG_PROFILE_COMPANY_MAX + 1},
        {"email", SG_PROFILE_EMAIL_MAX + 1},
        {"timezone", SG_PROFILE_TIMEZONE_MAX + 1},
        {"company_website", SG_PROFILE_WEBSITE_MAX + 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char entry[4200], named[128];
        int n = snprintf(entry, sizeof entry, "%s=", cases[i].key);
        memset(entry + n, 'a', cases[i].len);
        entry[(size_t)n + cases[i].len] = '\0';
        snprintf(named, sizeof named, "profile field '%s' is %zu bytes long",
                 cases[i].key, cases[i].len);
        refused_profile(entry, named);
    }
    /* At the limit, a name is taken. */
    char entry[200] = "last_name=";
    memset(entry + 10, 'a', SG_PROFILE_NAME_MAX);
    entry[10 + SG_PROFILE_NAME_MAX] = '\0';
    const char *const at_limit[] = {entry};
    accepted_profiles(at_limit, 1);
}

static void test_profile_controls_and_bad_utf8(void)
{
    refused_profile("last_name=Love\nlace",
                    "profile field 'last_name' holds a control");
    refused_profile("company_name=Acme\xC3", "profile field 'company_name' holds");
    refused_profile("company_name=Acme \xE2\x80\xAE" "evil",
                    "profile field 'company_name' holds");
    /* Plain UTF-8 is text. */
    const char *ok[] = {"last_name=M\xC3\xBCller-L\xC3\xBC" "denscheid",
                        "company_name=O'Brien \"&\" Sons", NULL};
    sg_profile p;
    auth_result r;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(sg_profile_parse(ok, &keys, &p, &r), AUTH_OK);
}

static void test_profile_email_shape(void)
{
    static const char *const bad[] = {
        "email=ada.example.com", "email=ada@example", "email=a da@example.com",
        "email=Ada <ada@example.com>", "email=ada@@example.com", "email=@example.com",
        "email=ada@.example.com", "email=ada@example..com", "email=ada@example.com.",
        "email=ada@exa@mple.com"};
    refused_profiles(bad, sizeof bad / sizeof bad[0], "profile field 'email'");
    char local65[128] = "email=";
    memset(local65 + 6, 'a', 65);
    strcpy(local65 + 71, "@example.com");
    refused_profile(local65, "profile field 'email' needs a local part");
    static const char *const good[] = {"email=ada@example.com",
                                       "email=ada.lovelace+sg@mail.example.co.uk",
                                       "email=j\xC3\xBCrgen@b\xC3\xBC" "ro.example"};
    accepted_profiles(good, sizeof good / sizeof good[0]);
}

static void test_profile_phone_e164(void)
{
    static const char *const bad[] = {"phone=4930901820", "phone=+", "phone=+0301234",
                                      "phone=+1234567890123456", "phone=+49 30 901820",
                                      "phone=+49-30-901820", "phone=+49(30)901820"};
    refused_profiles(bad, sizeof bad / sizeof bad[0], "profile field 'phone' must be in E.164 form");
    static const char *const good[] = {"phone=+4930901820", "phone=+1",
                                       "phone=+123456789012345"};
    accepted_profiles(good, sizeof good / sizeof good[0]);
}

static void test_profile_timezone_iana(void)
{
    static const char *const bad[] = {
        "timezone=Europe//Berlin", "timezone=/UTC", "timezone=Europe/",
        "timezone=../etc/passwd", "timezone=Europe/Berlin/Mitte/Nord",
        "timezone=1Europe/Berlin", "timezone=Europe/Ber lin", "timezone=+02:00",
        "timezone=Europe/Berlin.tab"};
    refused_profiles(bad, sizeof bad / sizeof bad[0], "profile field 'timezone' must be an IANA time zone");
    static const char *const good[] = {
        "timezone=UTC", "timezone=Europe/Berlin", "timezone=Asia/Tokyo",
        "timezone=America/Argentina/Buenos_Aires", "timezone=Etc/GMT+5",
        "timezone=Etc/GMT-14", "timezone=EST5EDT", "timezone=America/Port-au-Prince"};
    accepted_profiles(good, sizeof good / sizeof good[0]);
}

static void test_profile_website_url(void)
{
    static const char *const bad[] = {
        "company_website=example.com", "company_website=ftp://example.com",
        "company_website=https://", "company_website=javascript:alert(1)",
        "company_website=http://exa mple.com", "company_website=mailto:ada@example.com"};
    refused_profiles(bad, sizeof bad / sizeof bad[0], "profile field 'company_website'");
    static const char *const good[] = {"company_website=https://example.com",
                                       "company_website=http://example.com/about?x=1",
                                       "company_website=HTTPS://Example.COM:8443/"};
    accepted_profiles(good, sizeof good / sizeof good[0]);
}

static void refused_offerings(auth_account_fn op, const char *const *attrs,
                              const auth_offering *o, size_t n, const char *named,
                              const char *op_name)
{
    auth_account_request q = {sizeof q, NULL, o, n, 0};
    expect_refused(op, attrs, &q, named, op_name);
}

static void test_offerings_rules(void)
{
    static const char *const acct[] = {"tenant=acme", "account_id=sg1", NULL};
    const struct { auth_account_fn op; const char *const *attrs; const char *name; }
        ops[] = {{sg_account_create, ACME, "account_create"},
                 {sg_account_set_offerings, acct, "account_set_offerings"}};
    for (size_t k = 0; k < 2; k++) {
        auth_account_fn op = ops[k].op;
        const char *const *at = ops[k].attrs;
        const char *nm = ops[k].name;
        refused_offerings(op, at, NULL, 0, "the request lists no offerings", nm);
        refused_offerings(op, at, &FREE, 0, "the request lists no offerings", nm);
        refused_offerings(op, at, NULL, 2, "the request lists no offerings", nm);
        auth_offering many[AUTH_OFFERINGS_MAX + 1];
        for (size_t i = 0; i < AUTH_OFFERINGS_MAX + 1; i++) {
            snprintf(many[i].name, sizeof many[i].name, "addon.%zu", i);
            strcpy(many[i].type, "addon");
            many[i].quantity = 1;
        }
        refused_offerings(op, at, many, AUTH_OFFERINGS_MAX + 1,
                          "the request lists 65 offerings", nm);
        auth_offering two[2] = {FREE, MARKETING};
        two[0].quantity = 2;
        refused_offerings(op, at, two, 2,
                          "offering #1 ('org.ei.free.v1'): a package has quantity 1, "
                          "not 2", nm);
        two[0].quantity = 1;
        two[1].quantity = 0;
        refused_offerings(op, at, two, 2,
                          "offering #2 ('org.ei.marketing.v1'): an add-on needs a "
                          "quantity of at least 1", nm);
        two[1] = FREE;
        strcpy(two[1].name, "org.ei.pro.v1");
        refused_offerings(op, at, two, 2,
                          "offering #2 ('org.ei.pro.v1'): a second package "
                          "(offering #1 is one)", nm);
        two[1] = MARKETING;
        strcpy(two[1].type, "bundle");
        refused_offerings(op, at, two, 2,
                          "offering #2 ('org.ei.marketing.v1'): its type 'bundle' is "
                          "neither 'package' nor 'addon'", nm);
        two[1] = MARKETING;
        two[1].name[0] = '\0';
        refused_offerings(op, at, two, 2, "offering #2 (''): its name is empty", nm);
        strcpy(two[1].name, "org.ei\tmarketing");
        refused_offerings(op, at, two, 2,
                          "offering #2 ('org.ei\\x09marketing'): its name holds a "
                          "byte that is not printable ASCII", nm);
        memset(two[1].name, 'n', sizeof two[1].name);
        refused_offerings(op, at, two, 2, "offering #2 ('nnnn", nm);
        two[1] = MARKETING;
        auth_offering dup[3] = {FREE, MARKETING, MARKETING};
        refused_offerings(op, at, dup, 3,
                          "offering #3 ('org.ei.marketing.v1'): listed twice (also #2)",
                          nm);
    }
    /* No request at all. */
    expect_refused(sg_account_create, ACME, NULL, "the request lists no offerings",
                   "account_create");
    expect_refused(sg_account_set_offerings, acct, NULL,
                   "the request lists no offerings", "account_set_offerings");
    /* The limits themselves are taken. */
    auth_offering max[AUTH_OFFERINGS_MAX];
    max[0] = FREE;
    for (size_t i = 1; i < AUTH_OFFERINGS_MAX; i++) {
        snprintf(max[i].name, sizeof max[i].name, "addon.%zu", i);
        strcpy(max[i].type, "addon");
        max[i].quantity = (uint32_t)i;
    }
    auth_result r;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(sg_offerings_check(max, AUTH_OFFERINGS_MAX, &keys, &r), AUTH_OK);
}

static void test_attributes_per_operation(void)
{
    auth_account_request q = {sizeof q, NULL, &FREE, 1, 0};
    static const char *const create_with_id[] = {"tenant=acme", "account_id=sg9", NULL};
    expect_refused(sg_account_create, create_with_id, &q,
                   "account_id 'sg9' was given to an account creation, which takes "
                   "none", "account_create");
    static const char *const no_id[] = {"tenant=acme", NULL};
    const struct { auth_account_fn op; const char *name; } need[] = {
        {sg_account_state, "account_state"},
        {sg_account_suspend, "account_suspend"},
        {sg_account_unsuspend, "account_unsuspend"},
        {sg_account_offerings, "account_offerings"},
        {sg_account_set_offerings, "account_set_offerings"},
        {sg_account_delete, "account_delete"}};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        expect_refused(need[i].op, no_id, &q, "the request has no account_id",
                       need[i].name);
    static const char *const dots[] = {"tenant=acme", "account_id=..", NULL};
    expect_refused(sg_account_delete, dots, NULL, "account_id '..' is only dots",
                   "account_delete");
    static const char *const region[] = {"tenant=acme", "account_id=sg1",
                                         "region=us", NULL};
    expect_refused(sg_account_state, region, NULL, "region 'us' is not supported",
                   "account_state");
    static const char *const catalog_region[] = {"region=mars", NULL};
    expect_refused(sg_account_catalog, catalog_region, NULL,
                   "region 'mars' is not supported", "catalog");
}

static void test_account_struct_too_small_is_version(void)
{
    struct auth_instance *inst = instance();
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    server_reset(&global_srv);
    auth_result r;
    auth_account a;
    auth_result_init(&r);
    auth_account_init(&a);
    a.struct_size = offsetof(auth_account, offerings);
    static const char *const attrs[] = {"account_id=sg1", NULL};
    CU_ASSERT_EQUAL(sg_account_state(inst, attrs, NULL, &r, &a), AUTH_ERR_VERSION);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "auth_account is smaller"));
    CU_ASSERT_EQUAL(recorded(&global_srv), 0);
    /* NULL: the caller wants no answer, which is fine. */
    script(&global_srv, "200 OK", "{\"state\":\"activated\"}", 0);
    CU_ASSERT_EQUAL(sg_account_state(inst, attrs, NULL, &r, NULL), AUTH_OK);
    sg_instance_teardown(inst);
}

/* ===========================================================================
 * bodies: built with json-c, parsed back
 * ======================================================================== */

static json_object *parse_back(const sg_body *b)
{
    CU_ASSERT_EQUAL(strlen(b->text), b->len);
    return json_tokener_parse(b->text);
}

/* A string member, "(absent)" when there is none (so a comparison fails
 * instead of crashing). */
static const char *str_member(json_object *o, const char *name)
{
    json_object *v;
    if (!json_object_object_get_ex(o, name, &v) || !json_object_is_type(v, json_type_string))
        return "(absent)";
    return json_object_get_string(v);
}

static void test_create_body(void)
{
    const char *profile_kv[] = {
        "timezone=Asia/Tokyo", "email=ada@example.com", "first_name=Ada",
        "company_name=Acme \"Quotes\", \\Backslash\\ & M\xC3\xBCller",
        "last_name=\", \"admin\": true, \"x\": \"", "phone=+4930901820",
        "company_website=https://example.com/a/b", NULL};
    sg_profile p;
    auth_result r;
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(sg_profile_parse(profile_kv, &keys, &p, &r), AUTH_OK);
    auth_offering o[2] = {FREE, MARKETING};
    o[1].quantity = 3;
    sg_body b;
    CU_ASSERT_EQUAL_FATAL(sg_body_create(&p, o, 2, &b), AUTH_OK);
    json_object *root = parse_back(&b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_EQUAL(json_object_object_length(root), 2);
    json_object *prof, *list;
    CU_ASSERT_FATAL(json_object_object_get_ex(root, "profile", &prof));
    CU_ASSERT_EQUAL(json_object_object_length(prof), 7);
    CU_ASSERT_STRING_EQUAL(str_member(prof, "first_name"), "Ada");
    CU_ASSERT_STRING_EQUAL(str_member(prof, "last_name"),
                           "\", \"admin\": true, \"x\": \"");
    CU_ASSERT_STRING_EQUAL(str_member(prof, "company_name"),
                           "Acme \"Quotes\", \\Backslash\\ & M\xC3\xBCller");
    CU_ASSERT_STRING_EQUAL(str_member(prof, "company_website"), "https://example.com/a/b");
    CU_ASSERT_STRING_EQUAL(str_member(prof, "email"), "ada@example.com");
    CU_ASSERT_STRING_EQUAL(str_member(prof, "phone"), "+4930901820");
    CU_ASSERT_STRING_EQUAL(str_member(prof, "timezone"), "Asia/Tokyo");
    CU_ASSERT_FATAL(json_object_object_get_ex(root, "offerings", &list));
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(list), 2);
    for (size_t i = 0; i < 2; i++) {
        json_object *item = json_object_array_get_idx(list, i), *q;
        CU_ASSERT_STRING_EQUAL(str_member(item, "name"), o[i].name);
        CU_ASSERT_STRING_EQUAL(str_member(item, "type"), o[i].type);
        CU_ASSERT(json_object_object_get_ex(item, "quantity", &q) &&
                  json_object_is_type(q, json_type_int) &&
                  json_object_get_int64(q) == o[i].quantity);
    }
    /* Slashes as they are. */
    CU_ASSERT_PTR_NOT_NULL(strstr(b.text, "https://example.com/a/b"));
    json_object_put(root);
    sg_body_free(&b);

    /* No profile field: no profile member. */
    sg_profile none;
    CU_ASSERT_EQUAL(sg_profile_parse(NULL, &keys, &none, &r), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(sg_body_create(&none, &FREE, 1, &b), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(b.text, "{\"offerings\":[{\"name\":\"org.ei.free.v1\","
                                   "\"type\":\"package\",\"quantity\":1}]}");
    sg_body_free(&b);
}

static void test_state_and_offerings_bodies(void)
{
    sg_body b;
    CU_ASSERT_EQUAL_FATAL(sg_body_state(SG_STATE_SUSPENDED, &b), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(b.text, "{\"state\":\"deactivated\"}");
    sg_body_free(&b);
    CU_ASSERT_EQUAL_FATAL(sg_body_state(SG_STATE_ACTIVE, &b), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(b.text, "{\"state\":\"activated\"}");
    sg_body_free(&b);
    auth_offering o[2] = {FREE, MARKETING};
    CU_ASSERT_EQUAL_FATAL(sg_body_offerings(o, 2, &b), AUTH_OK);
    json_object *root = parse_back(&b), *list;
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_EQUAL(json_object_object_length(root), 1);
    CU_ASSERT_FATAL(json_object_object_get_ex(root, "offerings", &list));
    CU_ASSERT_EQUAL(json_object_array_length(list), 2);
    CU_ASSERT_STRING_EQUAL(str_member(json_object_array_get_idx(list, 1), "name"),
                           "org.ei.marketing.v1");
    json_object_put(root);
    sg_body_free(&b);
}

/* ===========================================================================
 * mapping: sg_response_map_account with constructed exchanges
 * ======================================================================== */

static const enum sg_call ALL_ACCOUNT_CALLS[] = {
    SG_CALL_ACCOUNT_CREATE, SG_CALL_ACCOUNT_STATE, SG_CALL_ACCOUNT_SUSPEND,
    SG_CALL_ACCOUNT_UNSUSPEND, SG_CALL_ACCOUNT_OFFERINGS,
    SG_CALL_ACCOUNT_SET_OFFERINGS, SG_CALL_ACCOUNT_DELETE, SG_CALL_CATALOG};
#define N_CALLS (sizeof ALL_ACCOUNT_CALLS / sizeof ALL_ACCOUNT_CALLS[0])

static sg_exchange answer(enum sg_call call, long status, const char *body)
{
    sg_exchange ex;
    memset(&ex, 0, sizeof ex);
    ex.call = call;
    ex.region = SG_REGION_GLOBAL;
    ex.http_status = status;
    ex.request_sent = 1;
    ex.body = body;
    ex.body_len = body ? strlen(body) : 0;
    ex.now_ms = NOW_MS;
    ex.keys = &keys;
    return ex;
}

static int map(const sg_exchange *ex, auth_result *r, auth_account *a)
{
    auth_result_init(r);
    auth_account_init(a);
    int rc = sg_response_map_account(ex, &settings, r, a);
    CU_ASSERT_EQUAL(rc, r->status);
    CU_ASSERT_STRING_EQUAL(r->redirect_url, "");
    CU_ASSERT_FALSE(has_key_piece(r->log_message));
    CU_ASSERT_FALSE(has_key_piece(r->user_message));
    CU_ASSERT_FALSE(has_key_piece(r->error_id));
    CU_ASSERT(strlen(r->user_message) > 0 || rc == AUTH_OK);
    return rc;
}

static int is_empty_account(const auth_account *a)
{
    return a->account_id[0] == '\0' && a->state[0] == '\0' &&
           a->offering_count == 0 && a->offering_total == 0;
}

static void test_success_of_each_operation(void)
{
    auth_result r;
    auth_account a;
    sg_exchange ex = answer(SG_CALL_ACCOUNT_CREATE, 201,
                            "{\"account_id\":\"sg2a2bcd3ef4ab5c67d8efab91c01de2fa\"}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.account_id, "sg2a2bcd3ef4ab5c67d8efab91c01de2fa");
    CU_ASSERT_EQUAL(r.http_status, 201);
    CU_ASSERT_STRING_EQUAL(r.region, "global");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "created account sg2a2bcd"));

    ex = answer(SG_CALL_ACCOUNT_STATE, 200, "{\"state\":\"activated\"}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "activated");

    ex = answer(SG_CALL_ACCOUNT_SUSPEND, 204, NULL);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "deactivated");
    CU_ASSERT_EQUAL(r.http_status, 204);

    ex = answer(SG_CALL_ACCOUNT_UNSUSPEND, 204, NULL);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, "activated");

    static const char list[] =
        "{\"offerings\":[{\"name\":\"org.ei.free.v1\",\"type\":\"package\","
        "\"quantity\":1},{\"name\":\"org.ei.ip.v1\",\"type\":\"addon\","
        "\"quantity\":3},{\"name\":\"org.ei.ease.v1\",\"type\":\"addon\"}]}";
    for (int set = 0; set < 2; set++) {
        ex = answer(set ? SG_CALL_ACCOUNT_SET_OFFERINGS : SG_CALL_ACCOUNT_OFFERINGS,
                    200, list);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
        CU_ASSERT_EQUAL(a.offering_count, 3);
        CU_ASSERT_EQUAL(a.offering_total, 3);
        CU_ASSERT_STRING_EQUAL(a.offerings[0].name, "org.ei.free.v1");
        CU_ASSERT_STRING_EQUAL(a.offerings[0].type, "package");
        CU_ASSERT_EQUAL(a.offerings[0].quantity, 1);
        CU_ASSERT_STRING_EQUAL(a.offerings[1].type, "addon");
        CU_ASSERT_EQUAL(a.offerings[1].quantity, 3);
        /* No quantity: the spec requires only name and type; read as one. */
        CU_ASSERT_EQUAL(a.offerings[2].quantity, 1);
    }

    ex = answer(SG_CALL_ACCOUNT_DELETE, 204, NULL);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT(is_empty_account(&a));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "deleted the account"));
}

static void test_unknown_state_is_passed_on_as_text(void)
{
    static const char *const states[] = {"suspended", "banned", "indeterminate",
                                         "frozen_by_compliance"};
    auth_result r;
    auth_account a;
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"state\":\"%s\"}", states[i]);
        sg_exchange ex = answer(SG_CALL_ACCOUNT_STATE, 200, body);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
        CU_ASSERT_STRING_EQUAL(a.state, states[i]);
    }
    /* Cleaned and cut, never refused. */
    sg_exchange ex = answer(SG_CALL_ACCOUNT_STATE, 200,
                            "{\"state\":\"on\\nhold\\u202e and a very long tail\"}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_EQUAL(strlen(a.state), AUTH_STATE_MAX - 1);
    CU_ASSERT_EQUAL(strncmp(a.state, "on\\x0ahold\\u202e", 16), 0);
    ex = answer(SG_CALL_ACCOUNT_STATE, 200, "{\"state\":\"" KEY "\"}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(a.state, SG_MASK);
    /* Absent, empty or not a string: unusable. */
    static const char *const bad[] = {"{}", "{\"state\":\"\"}", "{\"state\":1}",
                                      "[\"activated\"]", "activated"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ex = answer(SG_CALL_ACCOUNT_STATE, 200, bad[i]);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
        CU_ASSERT(is_empty_account(&a));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "answered 200 to the account "
                                                     "state read, but"));
    }
}

static void test_create_answer_without_usable_id_is_outcome_unknown(void)
{
    static const char *const bad[] = {
        "", "not json", "{}", "{\"account_id\":7}", "{\"account_id\":\"\"}",
        "{\"account_id\":\"sg 1\"}", "{\"account_id\":\"..\"}",
        "{\"account_id\":\"sg\\u0000x\"}", "{\"account_id\":\"" KEY "\"}",
        "{\"account_id\":\"sg1\"} trailing"};
    auth_result r;
    auth_account a;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sg_exchange ex = answer(SG_CALL_ACCOUNT_CREATE, 201, bad[i]);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_OUTCOME_UNKNOWN);
        CU_ASSERT_EQUAL(r.http_status, 201);
        CU_ASSERT_STRING_EQUAL(a.account_id, "");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "outcome unknown"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "before creating it again"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.user_message, "may or may not"));
    }
    char long_id[300];
    snprintf(long_id, sizeof long_id, "{\"account_id\":\"%0*d\"}", AUTH_ID_MAX, 7);
    sg_exchange ex = answer(SG_CALL_ACCOUNT_CREATE, 201, long_id);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_OUTCOME_UNKNOWN);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "128 bytes long"));
}

static void test_offering_lists_cut_at_the_maximum(void)
{
    size_t n = AUTH_OFFERINGS_MAX + 6;
    char *body = malloc(n * 80 + 64);
    size_t o = (size_t)sprintf(body, "{\"offerings\":[");
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(body + o, "%s{\"name\":\"addon.%zu\",\"type\":\"addon\","
                             "\"quantity\":%zu}", i ? "," : "", i, i + 1);
    strcpy(body + o, "]}");
    auth_result r;
    auth_account a;
    sg_exchange ex = answer(SG_CALL_ACCOUNT_OFFERINGS, 200, body);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_EQUAL(a.offering_count, AUTH_OFFERINGS_MAX);
    CU_ASSERT_EQUAL(a.offering_total, n);
    CU_ASSERT_STRING_EQUAL(a.offerings[AUTH_OFFERINGS_MAX - 1].name, "addon.63");
    CU_ASSERT_EQUAL(a.offerings[AUTH_OFFERINGS_MAX - 1].quantity, 64);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "70 offerings (only the first 64"));
    free(body);

    ex = answer(SG_CALL_ACCOUNT_OFFERINGS, 200, "{\"offerings\":[]}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_EQUAL(a.offering_count, 0);
    CU_ASSERT_EQUAL(a.offering_total, 0);
}

static void test_unusable_offering_lists_are_protocol_errors(void)
{
    static const struct { const char *body; const char *why; } bad[] = {
        {"{\"result\":[]}", "no offerings array"},
        {"{\"offerings\":[1]}", "offering #1 is not a JSON object"},
        {"{\"offerings\":[{\"type\":\"addon\"}]}", "offering #1 has no string name"},
        {"{\"offerings\":[{\"name\":\"a\"}]}", "offering #1 has no string type"},
        {"{\"offerings\":[{\"name\":\"\",\"type\":\"addon\"}]}", "its name is empty"},
        {"{\"offerings\":[{\"name\":\"a\\nb\",\"type\":\"addon\"}]}", "not printable"},
        {"{\"offerings\":[{\"name\":\"" KEY "\",\"type\":\"addon\"}]}",
         "holds a part of the partner API key"},
        {"{\"offerings\":[{\"name\":\"a\",\"type\":\"addon\",\"quantity\":-1}]}",
         "its quantity is not an integer"},
        {"{\"offerings\":[{\"name\":\"a\",\"type\":\"addon\",\"quantity\":1.5}]}",
         "its quantity is not an integer"},
        {"{\"offerings\":[{\"name\":\"a\",\"type\":\"addon\",\"quantity\":4294967296}]}",
         "its quantity is not an integer"},
        {"{\"offerings\":[{\"name\":\"a\",\"type\":\"a-type-much-too-long\"}]}",
         "its type is not"},
        {"{\"offerings\":[{\"name\":\"a\",\"type\":\"addon\"},{\"name\":7,"
         "\"type\":\"addon\"}]}", "offering #2 has no string name"},
    };
    auth_result r;
    auth_account a;
    for (size_t k = 0; k < 2; k++) {
        enum sg_call c = k ? SG_CALL_ACCOUNT_SET_OFFERINGS : SG_CALL_ACCOUNT_OFFERINGS;
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            sg_exchange ex = answer(c, 200, bad[i].body);
            CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
            CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, bad[i].why));
            CU_ASSERT(is_empty_account(&a));
        }
    }
}

static void test_catalog_in_both_shapes(void)
{
    static const char spec[] =
        "{\"catalog\":[{\"offering\":{\"name\":\"org.ei.free.v1\",\"type\":\"package\","
        "\"quantity\":1},\"entitlements\":{\"email_sends_max_monthly\":10000,"
        "\"ip_count\":0,\"teammates_max_total\":0,\"users_max_total\":0}},"
        "{\"offering\":{\"name\":\"org.ei.ip.v1\",\"type\":\"addon\",\"quantity\":1},"
        "\"entitlements\":{\"ip_count\":1}}]}";
    /* What the sandbox sends today. */
    static const char sandbox[] =
        "{\"result\":[{\"name\":\"org:sendgrid\",\"type\":\"package\",\"quantity\":1},"
        "{\"name\":\"org:sendgrid:marketing\",\"type\":\"addon\",\"quantity\":1}],"
        "\"offerings\":[{\"name\":\"org:sendgrid\",\"type\":\"package\",\"quantity\":1},"
        "{\"name\":\"org:sendgrid:marketing\",\"type\":\"addon\",\"quantity\":1}]}";
    auth_result r;
    auth_account a;
    sg_exchange ex = answer(SG_CALL_CATALOG, 200, spec);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_EQUAL(a.offering_count, 2);
    CU_ASSERT_STRING_EQUAL(a.offerings[0].name, "org.ei.free.v1");
    CU_ASSERT_STRING_EQUAL(a.offerings[1].name, "org.ei.ip.v1");
    CU_ASSERT_STRING_EQUAL(a.offerings[1].type, "addon");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "catalog of 2 offerings"));
    ex = answer(SG_CALL_CATALOG, 200, sandbox);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
    CU_ASSERT_EQUAL(a.offering_count, 2);
    CU_ASSERT_STRING_EQUAL(a.offerings[1].name, "org:sendgrid:marketing");
    /* Neither shape, or a catalog entry without its offering. */
    ex = answer(SG_CALL_CATALOG, 200, "{\"result\":[]}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "neither a catalog nor"));
    ex = answer(SG_CALL_CATALOG, 200, "{\"catalog\":[{\"entitlements\":{}}]}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "catalog entry #1 has no offering"));
    CU_ASSERT(is_empty_account(&a));
    /* check stays what it was: any 200 is reachable, the body unread. */
    ex = answer(SG_CALL_CHECK, 200, "{\"result\":[]}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_OK);
}

static void test_400_names_sendgrids_fields(void)
{
    static const char spec400[] =
        "{\"errors\":[{\"message\":\"Field must be a valid email\",\"field\":\"email\","
        "\"error_id\":\"10-40002\"},{\"message\":\"Field must be formatted using the "
        "E.164 standard\",\"field\":\"phone\",\"error_id\":\"10-40010\"},"
        "{\"message\":\"Field must be a valid URL\",\"field\":\"company_website\","
        "\"error_id\":\"10-40008\"}]}";
    auth_result r;
    auth_account a;
    for (size_t i = 0; i < N_CALLS; i++) {
        sg_exchange ex = answer(ALL_ACCOUNT_CALLS[i], 400, spec400);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_INVALID_REQUEST);
        CU_ASSERT_EQUAL(r.http_status, 400);
        CU_ASSERT_STRING_EQUAL(r.error_id, "10-40002");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message,
                                      "field 'email': \"Field must be a valid email\"; "
                                      "field 'phone': "));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "field 'company_website'"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.user_message, "(email, phone, company_website)"));
        CU_ASSERT(is_empty_account(&a));
    }
    sg_exchange ex = answer(SG_CALL_ACCOUNT_CREATE, 400, "<html>bad request</html>");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "not SendGrid's JSON error format"));
    ex = answer(SG_CALL_ACCOUNT_CREATE, 400,
                "{\"errors\":[{\"message\":\"bad " KEY "\",\"field\":\"" KEY "\"}]}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "field '[redacted]'"));
    /* Login's 400 stays what it was: not part of the SSO API. */
    ex = answer(SG_CALL_SSO, 400, spec400);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
}

static void test_401_403_404_429_for_each_operation(void)
{
    static const char err[] =
        "{\"errors\":[{\"message\":\"nope\",\"field\":\"\",\"error_id\":\"10-4xx\"}]}";
    auth_result r;
    auth_account a;
    for (size_t i = 0; i < N_CALLS; i++) {
        enum sg_call c = ALL_ACCOUNT_CALLS[i];
        sg_exchange ex = answer(c, 401, err);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_AUTH_REJECTED);
        CU_ASSERT_STRING_EQUAL(r.error_id, "10-4xx");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.user_message, "account management"));
        ex = answer(c, 403, err);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_FORBIDDEN);
        ex = answer(c, 404, err);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_NOT_FOUND);
        CU_ASSERT_EQUAL(r.http_status, 404);
        ex = answer(c, 429, err);
        ex.rate_limit_reset = "1800000030";
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_RATE_LIMITED);
        CU_ASSERT_EQUAL(r.retry_after_s, 30);
        CU_ASSERT(is_empty_account(&a));
        ex = answer(c, 418, err);
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
    }
    /* Delete of an account that is not there: not found, not success. */
    sg_exchange ex = answer(SG_CALL_ACCOUNT_DELETE, 404, err);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_NOT_FOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "the account does not exist"));
    CU_ASSERT_PTR_NULL(strstr(r.log_message, "may have deleted it"));
    ex.earlier_attempt_sent = 1;
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_NOT_FOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "an earlier attempt of this "
                                                 "deletion went out"));
    ex = answer(SG_CALL_ACCOUNT_CREATE, 404, err);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_NOT_FOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "check the base URL"));
}

static void test_5xx_unavailable_but_create_outcome_unknown(void)
{
    static const long statuses[] = {500, 502, 503, 504, 599};
    auth_result r;
    auth_account a;
    for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++) {
        for (size_t i = 0; i < N_CALLS; i++) {
            enum sg_call c = ALL_ACCOUNT_CALLS[i];
            sg_exchange ex = answer(c, statuses[s],
                                    "{\"errors\":[{\"message\":\"Something went "
                                    "wrong\",\"field\":\"\",\"error_id\":\"10-50000\"}]}");
            int want = c == SG_CALL_ACCOUNT_CREATE ? AUTH_ERR_OUTCOME_UNKNOWN
                                                   : AUTH_ERR_UNAVAILABLE;
            CU_ASSERT_EQUAL(map(&ex, &r, &a), want);
            CU_ASSERT_EQUAL(r.http_status, statuses[s]);
            CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "Something went wrong"));
            CU_ASSERT(is_empty_account(&a));
        }
    }
    /* Any other answer to a create may come from one that worked. */
    static const long odd[] = {200, 202, 204, 302, 303, 100};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        sg_exchange ex = answer(SG_CALL_ACCOUNT_CREATE, odd[i],
                                "{\"account_id\":\"sg1\"}");
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_OUTCOME_UNKNOWN);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "where 201 Created was expected"));
        CU_ASSERT_STRING_EQUAL(a.account_id, "");
    }
    /* The others: the status they document, or a protocol error. */
    sg_exchange ex = answer(SG_CALL_ACCOUNT_SUSPEND, 200, "{}");
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "where 204 No Content was expected"));
    ex = answer(SG_CALL_ACCOUNT_STATE, 204, NULL);
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
}

static void test_transport_before_and_after_sending(void)
{
    auth_result r;
    auth_account a;
    for (size_t i = 0; i < N_CALLS; i++) {
        enum sg_call c = ALL_ACCOUNT_CALLS[i];
        sg_exchange ex = answer(c, 0, NULL);
        ex.transport_error = 1;
        ex.transport_status = AUTH_ERR_UNAVAILABLE;
        ex.transport_detail = "the connection was closed before a complete response "
                              "arrived";
        ex.transport_text = "Empty reply from server " KEY;
        ex.request_sent = 1;
        int rc = map(&ex, &r, &a);
        CU_ASSERT_EQUAL(rc, c == SG_CALL_ACCOUNT_CREATE ? AUTH_ERR_OUTCOME_UNKNOWN
                                                        : AUTH_ERR_UNAVAILABLE);
        CU_ASSERT_EQUAL(r.http_status, 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "Empty reply from server"));
        /* Nothing went out: what login says, for every operation. */
        ex.request_sent = 0;
        ex.transport_detail = "could not connect; check the base URL, firewall and "
                              "proxy";
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_UNAVAILABLE);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "could not connect"));
        if (c == SG_CALL_ACCOUNT_CREATE)
            CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "the request was not sent, "
                                                         "so trying again is safe"));
        ex.transport_status = AUTH_ERR_TLS;
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_TLS);
    }
    sg_exchange ex = answer(SG_CALL_ACCOUNT_CREATE, 0, NULL);
    ex.transport_error = 1;
    ex.transport_status = AUTH_ERR_UNAVAILABLE;
    ex.transport_detail = "timed out; the service is slow or unreachable";
    ex.request_sent = 1;
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_OUTCOME_UNKNOWN);
    /* The advice comes first, so no cut can lose it. */
    static const char first[] = "SendGrid (global) account creation: outcome unknown";
    CU_ASSERT_EQUAL(strncmp(r.log_message, first, strlen(first)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.user_message, "check before trying again"));
}

static void test_bodies_over_64_kib(void)
{
    size_t n = SG_BODY_MAX + 1;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    memcpy(big, "{\"state\":\"activated\"}", 21);
    big[n] = '\0';
    auth_result r;
    auth_account a;
    /* What sg_http does with more than 64 KiB: cut, flagged. */
    sg_exchange ex = answer(SG_CALL_ACCOUNT_STATE, 200, big);
    ex.body_len = SG_BODY_MAX;
    ex.body_truncated = 1;
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.log_message, "over 64 KiB"));
    ex.call = SG_CALL_ACCOUNT_CREATE;
    ex.http_status = 201;
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_OUTCOME_UNKNOWN);
    ex.http_status = 400;
    CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_PROTOCOL);
    /* The readers refuse more than 64 KiB themselves. */
    char why[200];
    auth_account_init(&a);
    CU_ASSERT_EQUAL(sg_answer_state(big, n, &keys, &a, why, sizeof why), -1);
    CU_ASSERT_EQUAL(sg_answer_state(big, SG_BODY_MAX, &keys, &a, why, sizeof why), 0);
    free(big);
}

static void test_login_and_check_never_answer_1_1_statuses(void)
{
    /* A 1.0 host must never see a status 1.0 does not have. */
    auth_result r;
    auth_account a;
    for (int call = SG_CALL_SSO; call <= SG_CALL_CHECK; call++) {
        for (long s = 0; s < 1000; s += (s < 600 ? 1 : 97)) {
            sg_exchange ex = answer((enum sg_call)call, s, "{\"errors\":[]}");
            CU_ASSERT(map(&ex, &r, &a) < AUTH_ERR_NOT_SUPPORTED);
            ex.body_truncated = 1;
            CU_ASSERT(map(&ex, &r, &a) < AUTH_ERR_NOT_SUPPORTED);
        }
        sg_exchange ex = answer((enum sg_call)call, 0, NULL);
        ex.transport_error = 1;
        ex.transport_status = AUTH_ERR_UNAVAILABLE;
        ex.request_sent = 1;
        CU_ASSERT_EQUAL(map(&ex, &r, &a), AUTH_ERR_UNAVAILABLE);
    }
}

/* ===========================================================================
 * wire: each operation against the spec server
 * ======================================================================== */

typedef struct outcome {
    auth_result r;
    auth_account a;
} outcome;

static int call_op(struct auth_instance *inst, auth_account_fn op,
                   const char *const *attrs, const auth_account_request *q,
                   outcome *o)
{
    auth_result_init(&o->r);
    auth_account_init(&o->a);
    int rc = op(inst, attrs, q, &o->r, &o->a);
    CU_ASSERT_EQUAL(rc, o->r.status);
    CU_ASSERT_FALSE(has_key_piece(o->r.log_message));
    return rc;
}

static wire_request *request_no(spec_server *s, size_t i)
{
    CU_ASSERT_FATAL(recorded(s) > i);
    return &s->req[i];
}

/* The Authorization header is the region's key, compared without printing. */
static int authorized_with(const wire_request *w, const char *key)
{
    char v[256], want[256];
    snprintf(want, sizeof want, "Bearer %s", key);
    return header(w, "Authorization", v, sizeof v) != NULL && strcmp(v, want) == 0;
}

static void test_wire_each_operation(void)
{
    struct auth_instance *inst = instance();
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    outcome *o = malloc(sizeof *o);
    char v[256];
    wire_request *w;
    static const char *const acct[] = {"tenant=acme", "account_id=sg2a2b", NULL};

    /* create */
    server_reset(&global_srv);
    script(&global_srv, "201 Created", "{\"account_id\":\"sg2a2b\"}", 0);
    const char *profile[] = {"email=ada@example.com", "timezone=Asia/Tokyo", NULL};
    auth_offering off[2] = {FREE, MARKETING};
    auth_account_request q = {sizeof q, profile, off, 2, 0};
    CU_ASSERT_EQUAL(call_op(inst, sg_account_create, ACME, &q, o), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(o->a.account_id, "sg2a2b");
    CU_ASSERT_EQUAL(o->r.http_status, 201);
    CU_ASSERT_EQUAL_FATAL(recorded(&global_srv), 1);
    w = request_no(&global_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->method, "POST");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts");
    CU_ASSERT(authorized_with(w, KEY));
    CU_ASSERT_PTR_NOT_NULL(header(w, "Content-Type", v, sizeof v));
    CU_ASSERT_STRING_EQUAL(v, "application/json");
    CU_ASSERT_PTR_NULL(header(w, "T-Test-Account", v, sizeof v));
    CU_ASSERT_PTR_NULL(header(w, "Expect", v, sizeof v));
    json_object *body = json_tokener_parse(w->body), *prof, *list;
    CU_ASSERT_FATAL(body != NULL && json_object_object_get_ex(body, "profile", &prof) &&
                    json_object_object_get_ex(body, "offerings", &list));
    CU_ASSERT_STRING_EQUAL(str_member(prof, "email"), "ada@example.com");
    CU_ASSERT_EQUAL(json_object_array_length(list), 2);
    json_object_put(body);
    logfmt_line *l = malloc(sizeof *l);
    CU_ASSERT_EQUAL_FATAL(last_audit("account_create", l), 0);
    CU_ASSERT_STRING_EQUAL(field_of(l, "tenant"), "acme");
    CU_ASSERT_STRING_EQUAL(field_of(l, "account"), "sg2a2b");
    CU_ASSERT_STRING_EQUAL(field_of(l, "region"), "global");
    CU_ASSERT_STRING_EQUAL(field_of(l, "outcome"), "AUTH_OK");
    CU_ASSERT_STRING_EQUAL(field_of(l, "http"), "201");
    CU_ASSERT_STRING_EQUAL(field_of(l, "attempts"), "1");
    CU_ASSERT_EQUAL(l->count, 8);

    /* a test account: the header, nothing else changes */
    server_reset(&global_srv);
    script(&global_srv, "201 Created", "{\"account_id\":\"sgtest1\"}", 0);
    q.test_account = 1;
    CU_ASSERT_EQUAL(call_op(inst, sg_account_create, ACME, &q, o), AUTH_OK);
    w = request_no(&global_srv, 0);
    CU_ASSERT_PTR_NOT_NULL(header(w, "T-Test-Account", v, sizeof v));
    CU_ASSERT_STRING_EQUAL(v, "true");
    CU_ASSERT(authorized_with(w, KEY));
    CU_ASSERT_PTR_NOT_NULL(strstr(o->r.log_message, "(a test account)"));

    /* state */
    server_reset(&global_srv);
    script(&global_srv, "200 OK", "{\"state\":\"activated\"}", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_state, acct, NULL, o), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(o->a.state, "activated");
    w = request_no(&global_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->method, "GET");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts/sg2a2b/state");
    CU_ASSERT_PTR_NULL(header(w, "Content-Type", v, sizeof v));
    CU_ASSERT_EQUAL(w->body_len, 0);

    /* suspend, unsuspend */
    for (int un = 0; un < 2; un++) {
        server_reset(&global_srv);
        script(&global_srv, "204 No Content", "", 0);
        CU_ASSERT_EQUAL(call_op(inst, un ? sg_account_unsuspend : sg_account_suspend,
                                acct, NULL, o), AUTH_OK);
        CU_ASSERT_STRING_EQUAL(o->a.state, un ? "activated" : "deactivated");
        w = request_no(&global_srv, 0);
        CU_ASSERT_STRING_EQUAL(w->method, "PUT");
        CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts/sg2a2b/state");
        CU_ASSERT_STRING_EQUAL(w->body, un ? "{\"state\":\"activated\"}"
                                           : "{\"state\":\"deactivated\"}");
        CU_ASSERT_PTR_NOT_NULL(header(w, "Content-Type", v, sizeof v));
        CU_ASSERT_STRING_EQUAL(v, "application/json");
        CU_ASSERT_EQUAL_FATAL(last_audit(un ? "account_unsuspend" : "account_suspend",
                                         l), 0);
        CU_ASSERT_STRING_EQUAL(field_of(l, "account"), "sg2a2b");
        CU_ASSERT_STRING_EQUAL(field_of(l, "http"), "204");
    }

    /* offerings, set_offerings */
    static const char list_body[] =
        "{\"offerings\":[{\"name\":\"org.ei.free.v1\",\"type\":\"package\","
        "\"quantity\":1}]}";
    server_reset(&global_srv);
    script(&global_srv, "200 OK", list_body, 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_offerings, acct, NULL, o), AUTH_OK);
    CU_ASSERT_EQUAL(o->a.offering_count, 1);
    w = request_no(&global_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->method, "GET");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts/sg2a2b/offerings");
    server_reset(&global_srv);
    script(&global_srv, "200 OK", list_body, 0);
    auth_account_request change = {sizeof change, NULL, &FREE, 1, 0};
    CU_ASSERT_EQUAL(call_op(inst, sg_account_set_offerings, acct, &change, o), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(o->a.offerings[0].name, "org.ei.free.v1");
    w = request_no(&global_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->method, "PUT");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts/sg2a2b/offerings");
    CU_ASSERT_STRING_EQUAL(w->body, "{\"offerings\":[{\"name\":\"org.ei.free.v1\","
                                    "\"type\":\"package\",\"quantity\":1}]}");

    /* delete */
    server_reset(&global_srv);
    script(&global_srv, "204 No Content", "", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_delete, acct, NULL, o), AUTH_OK);
    w = request_no(&global_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->method, "DELETE");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts/sg2a2b");
    CU_ASSERT_EQUAL(w->body_len, 0);
    server_reset(&global_srv);
    script(&global_srv, "404 Not Found",
           "{\"errors\":[{\"message\":\"account not found\",\"field\":\"\","
           "\"error_id\":\"10-40400\"}]}", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_delete, acct, NULL, o), AUTH_ERR_NOT_FOUND);
    CU_ASSERT_EQUAL(recorded(&global_srv), 1);

    /* catalog: with or without an account */
    server_reset(&global_srv);
    script(&global_srv, "200 OK",
           "{\"catalog\":[{\"offering\":{\"name\":\"org.ei.free.v1\",\"type\":"
           "\"package\",\"quantity\":1},\"entitlements\":{\"ip_count\":0}}]}", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_catalog, ACME, NULL, o), AUTH_OK);
    CU_ASSERT_EQUAL(o->a.offering_count, 1);
    w = request_no(&global_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->method, "GET");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/offerings");
    CU_ASSERT_EQUAL_FATAL(last_audit("catalog", l), 0);
    CU_ASSERT_STRING_EQUAL(field_of(l, "account"), "-");

    /* login and check after them, on the same handle: no method, body or
     * fresh-connection option of an account call is left behind */
    server_reset(&global_srv);
    script(&global_srv, "303 See Other", "", 0);
    pthread_mutex_lock(&global_srv.lock);
    free(global_srv.script[0].response);
    global_srv.script[0].response = strdup(
        "HTTP/1.1 303 See Other\r\nLocation: https://app.sendgrid.com/login?code="
        "c0ffee1234567890c0ffee1234567890\r\nContent-Length: 0\r\nConnection: close"
        "\r\n\r\n");
    pthread_mutex_unlock(&global_srv.lock);
    script(&global_srv, "200 OK", "{\"offerings\":[]}", 0);
    auth_result lr;
    auth_result_init(&lr);
    CU_ASSERT_EQUAL(sg_login(inst, acct, &lr), AUTH_OK);
    auth_result_wipe(&lr);
    CU_ASSERT_EQUAL(sg_check(inst, ACME, &lr), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(recorded(&global_srv), 2);
    w = request_no(&global_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->method, "POST");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts/sg2a2b/sso");
    CU_ASSERT_EQUAL(w->body_len, 0);
    CU_ASSERT_PTR_NULL(header(w, "Content-Type", v, sizeof v));
    w = request_no(&global_srv, 1);
    CU_ASSERT_STRING_EQUAL(w->method, "GET");
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/offerings");
    free(l);
    free(o);
    sg_instance_teardown(inst);
}

static void test_wire_region_and_escaping(void)
{
    struct auth_instance *inst = instance();
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    outcome *o = malloc(sizeof *o);
    server_reset(&global_srv);
    server_reset(&eu_srv);
    script(&eu_srv, "200 OK", "{\"state\":\"deactivated\"}", 0);
    static const char *const eu[] = {"tenant=acme", "account_id=a/b c", "region=eu",
                                     NULL};
    CU_ASSERT_EQUAL(call_op(inst, sg_account_state, eu, NULL, o), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(o->r.region, "eu");
    CU_ASSERT_EQUAL(recorded(&global_srv), 0);
    CU_ASSERT_EQUAL_FATAL(recorded(&eu_srv), 1);
    wire_request *w = request_no(&eu_srv, 0);
    CU_ASSERT_STRING_EQUAL(w->path, "/v3/partners/accounts/a%2Fb%20c/state");
    CU_ASSERT(authorized_with(w, EU_KEY));
    /* create in the EU: the EU URL, the EU key, the JSON lists of the EU */
    server_reset(&eu_srv);
    script(&eu_srv, "201 Created", "{\"account_id\":\"sgeu1\"}", 0);
    static const char *const eu_create[] = {"tenant=acme", "region=eu", NULL};
    auth_account_request q = {sizeof q, NULL, &FREE, 1, 1};
    CU_ASSERT_EQUAL(call_op(inst, sg_account_create, eu_create, &q, o), AUTH_OK);
    w = request_no(&eu_srv, 0);
    CU_ASSERT(authorized_with(w, EU_KEY));
    char v[64];
    CU_ASSERT_PTR_NOT_NULL(header(w, "T-Test-Account", v, sizeof v));
    CU_ASSERT_EQUAL(recorded(&global_srv), 0);
    free(o);
    sg_instance_teardown(inst);
}

static void test_wire_retries_all_but_create(void)
{
    struct auth_instance *inst = instance();
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    outcome *o = malloc(sizeof *o);
    static const char *const acct[] = {"tenant=acme", "account_id=sg1", NULL};
    static const char busy[] = "{\"errors\":[{\"message\":\"Service Unavailable\","
                               "\"field\":\"\",\"error_id\":\"10-50300\"}]}";
    /* suspend: 503, 503, then 204 within max_retries (2) */
    server_reset(&global_srv);
    script(&global_srv, "503 Service Unavailable", busy, 0);
    script(&global_srv, "503 Service Unavailable", busy, 0);
    script(&global_srv, "204 No Content", "", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_suspend, acct, NULL, o), AUTH_OK);
    CU_ASSERT_EQUAL(recorded(&global_srv), 3);
    logfmt_line *l = malloc(sizeof *l);
    CU_ASSERT_EQUAL_FATAL(last_audit("account_suspend", l), 0);
    CU_ASSERT_STRING_EQUAL(field_of(l, "attempts"), "3");
    /* create: one 503 is the end of it */
    server_reset(&global_srv);
    script(&global_srv, "503 Service Unavailable", busy, 0);
    script(&global_srv, "201 Created", "{\"account_id\":\"sg-second\"}", 0);
    auth_account_request q = {sizeof q, NULL, &FREE, 1, 0};
    CU_ASSERT_EQUAL(call_op(inst, sg_account_create, ACME, &q, o),
                    AUTH_ERR_OUTCOME_UNKNOWN);
    CU_ASSERT_EQUAL(o->r.http_status, 503);
    CU_ASSERT_STRING_EQUAL(o->a.account_id, "");
    CU_ASSERT_EQUAL(recorded(&global_srv), 1);
    CU_ASSERT_EQUAL_FATAL(last_audit("account_create", l), 0);
    CU_ASSERT_STRING_EQUAL(field_of(l, "outcome"), "AUTH_ERR_OUTCOME_UNKNOWN");
    CU_ASSERT_STRING_EQUAL(field_of(l, "attempts"), "1");
    CU_ASSERT_STRING_EQUAL(field_of(l, "account"), "-");
    CU_ASSERT_PTR_NOT_NULL(strstr(field_of(l, "detail"), "outcome unknown"));
    /* create: a connection closed after the request is not retried either */
    server_reset(&global_srv);
    script(&global_srv, NULL, NULL, 0);
    script(&global_srv, "201 Created", "{\"account_id\":\"sg-second\"}", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_create, ACME, &q, o),
                    AUTH_ERR_OUTCOME_UNKNOWN);
    CU_ASSERT_EQUAL(o->r.http_status, 0);
    CU_ASSERT_EQUAL(recorded(&global_srv), 1);
    /* delete: the first answer lost, the retry finds nothing: not found,
     * and the log says the first attempt may have been the one */
    server_reset(&global_srv);
    script(&global_srv, NULL, NULL, 0);
    script(&global_srv, "404 Not Found", "{\"errors\":[]}", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_delete, acct, NULL, o), AUTH_ERR_NOT_FOUND);
    CU_ASSERT_EQUAL(recorded(&global_srv), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(o->r.log_message, "may have deleted it"));
    free(l);
    free(o);
    sg_instance_teardown(inst);
}

/* libcurl sends a request again by itself when a reused connection turns
 * out closed before any answer; for a create that may be a second account.
 * The create goes on a connection of its own, so the one that carried a
 * read before cannot be the one it is lost on. */
static void test_wire_create_never_resent_on_a_reused_connection(void)
{
    struct auth_instance *inst = instance();
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    outcome *o = malloc(sizeof *o);
    static const char *const acct[] = {"tenant=acme", "account_id=sg1", NULL};
    server_reset(&global_srv);
    /* A read, its connection kept open; then whatever comes next is read
     * and the connection dropped without an answer; then a 201. */
    script(&global_srv, "200 OK", "{\"state\":\"activated\"}", 1);
    script(&global_srv, NULL, NULL, 0);
    script(&global_srv, "201 Created", "{\"account_id\":\"sg-duplicate\"}", 0);
    CU_ASSERT_EQUAL(call_op(inst, sg_account_state, acct, NULL, o), AUTH_OK);
    auth_account_request q = {sizeof q, NULL, &FREE, 1, 0};
    int rc = call_op(inst, sg_account_create, ACME, &q, o);
    CU_ASSERT_EQUAL(rc, AUTH_ERR_OUTCOME_UNKNOWN);
    size_t creates = 0;
    for (size_t i = 0; i < recorded(&global_srv); i++)
        creates += strcmp(global_srv.req[i].method, "POST") == 0;
    CU_ASSERT_EQUAL(creates, 1);
    CU_ASSERT_EQUAL_FATAL(recorded(&global_srv), 2);
    CU_ASSERT_NOT_EQUAL(global_srv.req[1].conn, global_srv.req[0].conn);
    free(o);
    sg_instance_teardown(inst);
}

/* ===========================================================================
 * faults: sent or not sent, from libcurl's facts
 * ======================================================================== */

static void fault_case(fs_mode mode, const char *response, int abort_close,
                       auth_account_fn op, const char *const *attrs,
                       const auth_account_request *q, int want, long want_requests,
                       const char *want_text)
{
    char cert[600], key[600];
    snprintf(cert, sizeof cert, "%s/server.pem", pki);
    snprintf(key, sizeof key, "%s/server.key", pki);
    fs_options fo = {mode, cert, key, response, 0, abort_close};
    fs_server *fs = NULL;
    CU_ASSERT_EQUAL_FATAL(fs_start(&fo, &fs), 0);
    /* Only the silent servers need the timeout to pass. */
    int silent = mode == FS_REQUEST_SILENT || mode == FS_ACCEPT_SILENT;
    struct auth_instance *inst =
        instance_with(fs_base_url(fs), eu_srv.base_url,
                      silent ? SHORT_TIMEOUT_MS : TIMEOUT_MS,
                      silent ? SHORT_CONNECT_TIMEOUT_MS : CONNECT_TIMEOUT_MS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    outcome *o = malloc(sizeof *o);
    int rc = call_op(inst, op, attrs, q, o);
    CU_ASSERT_EQUAL(rc, want);
    if (rc != want)
        fprintf(stderr, "\n    got %s: %s\n", auth_status_name(rc), o->r.log_message);
    CU_ASSERT_PTR_NOT_NULL(strstr(o->r.log_message, want_text));
    CU_ASSERT_EQUAL(o->r.http_status, 0);
    sg_instance_teardown(inst);
    fs_counts c;
    fs_get_counts(fs, &c);
    CU_ASSERT_EQUAL(c.requests, want_requests);
    if (c.requests != want_requests)
        fprintf(stderr, "\n    %ld requests, wanted %ld\n", c.requests, want_requests);
    fs_stop(fs);
    free(o);
}

static void test_faults_create_sent_or_not(void)
{
    auth_account_request q = {sizeof q, NULL, &FREE, 1, 0};
    static const char *const acct[] = {"tenant=acme", "account_id=sg1", NULL};
    /* Read, then silence until the timeout: it went out. */
    fault_case(FS_REQUEST_SILENT, NULL, 0, sg_account_create, ACME, &q,
               AUTH_ERR_OUTCOME_UNKNOWN, 1, "outcome unknown");
    fault_case(FS_REQUEST_SILENT, NULL, 0, sg_account_suspend, acct, NULL,
               AUTH_ERR_UNAVAILABLE, 1, "timed out");
    /* Read, then closed without a word: went out; the idempotent call is
     * retried, the create is not. */
    fault_case(FS_RESPOND, "", 1, sg_account_create, ACME, &q,
               AUTH_ERR_OUTCOME_UNKNOWN, 1, "the request went out, then");
    fault_case(FS_RESPOND, "", 1, sg_account_suspend, acct, NULL,
               AUTH_ERR_UNAVAILABLE, 1 + MAX_RETRIES, "closed before a complete");
    /* The handshake never answered: nothing went out. */
    fault_case(FS_ACCEPT_SILENT, NULL, 0, sg_account_create, ACME, &q,
               AUTH_ERR_UNAVAILABLE, 0, "the request was not sent");
}

static void test_faults_refused_port_is_not_sent(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    CU_ASSERT_FATAL(getsockname(fd, (struct sockaddr *)&a, &alen) == 0);
    char base[64];
    snprintf(base, sizeof base, "https://127.0.0.1:%d", ntohs(a.sin_port));
    struct auth_instance *inst = instance_at(base, eu_srv.base_url);
    CU_ASSERT_PTR_NOT_NULL_FATAL(inst);
    outcome *o = malloc(sizeof *o);
    auth_account_request q = {sizeof q, NULL, &FREE, 1, 0};
    CU_ASSERT_EQUAL(call_op(inst, sg_account_create, ACME, &q, o), AUTH_ERR_UNAVAILABLE);
    CU_ASSERT_PTR_NOT_NULL(strstr(o->r.log_message, "could not connect"));
    CU_ASSERT_PTR_NOT_NULL(strstr(o->r.log_message, "the request was not sent"));
    logfmt_line *l = malloc(sizeof *l);
    CU_ASSERT_EQUAL_FATAL(last_audit("account_create", l), 0);
    CU_ASSERT_STRING_EQUAL(field_of(l, "attempts"), "1");
    static const char *const acct[] = {"tenant=acme", "account_id=sg1", NULL};
    CU_ASSERT_EQUAL(call_op(inst, sg_account_unsuspend, acct, NULL, o),
                    AUTH_ERR_UNAVAILABLE);
    CU_ASSERT_EQUAL_FATAL(last_audit("account_unsuspend", l), 0);
    CU_ASSERT_STRING_EQUAL(field_of(l, "attempts"), "3");
    free(l);
    free(o);
    sg_instance_teardown(inst);
    close(fd);
}

/* ===========================================================================
 * entry: the built plugin's negotiation and capabilities
 * ======================================================================== */

static void test_entry_negotiates_1_0_and_1_1(void)
{
    const char *path = ts_env_required("SENDGRID_PLUGIN");
    void *so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(so);
    auth_provider_entry_fn entry =
        (auth_provider_entry_fn)(uintptr_t)dlsym(so, AUTH_PROVIDER_ENTRY_SYMBOL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(entry);
    const auth_provider_ops *ops = NULL;
    uint32_t version = 0;
    char err[256] = "";
    CU_ASSERT_EQUAL(entry(AUTH_PROVIDER_MKVERSION(1, 1), &ops, &version, err,
                          sizeof err), AUTH_OK);
    CU_ASSERT_EQUAL(version, AUTH_PROVIDER_MKVERSION(1, 1));
    CU_ASSERT_FATAL(ops != NULL && ops->struct_size == sizeof(auth_provider_ops));
    CU_ASSERT(ops->account_create && ops->account_state && ops->account_suspend &&
              ops->account_unsuspend && ops->account_offerings &&
              ops->account_set_offerings && ops->account_delete && ops->catalog);
    const auth_provider_info *info = ops->get_info();
    for (int op = 0; op < AUTH_ACCOUNT_OP_COUNT; op++) {
        int found = 0;
        for (size_t i = 0; info->capabilities[i] != NULL; i++)
            found |= strcmp(info->capabilities[i], auth_account_op_name(op)) == 0;
        CU_ASSERT(found);
    }
    /* A 1.0 host: 1.0, and a table that ends where 1.0's does. */
    CU_ASSERT_EQUAL(entry(AUTH_PROVIDER_MKVERSION(1, 0), &ops, &version, err,
                          sizeof err), AUTH_OK);
    CU_ASSERT_EQUAL(version, AUTH_PROVIDER_MKVERSION(1, 0));
    CU_ASSERT_FATAL(ops != NULL);
    CU_ASSERT_EQUAL(ops->struct_size, AUTH_PROVIDER_OPS_SIZE_1_0);
    CU_ASSERT_PTR_NOT_NULL(ops->login);
    CU_ASSERT_PTR_NOT_NULL(ops->check);
    /* A newer minor settles on 1.1; another major is refused. */
    CU_ASSERT_EQUAL(entry(AUTH_PROVIDER_MKVERSION(1, 7), &ops, &version, err,
                          sizeof err), AUTH_OK);
    CU_ASSERT_EQUAL(version, AUTH_PROVIDER_MKVERSION(1, 1));
    CU_ASSERT_EQUAL(entry(AUTH_PROVIDER_MKVERSION(2, 0), &ops, &version, err,
                          sizeof err), AUTH_ERR_VERSION);
    dlclose(so);
}

int main(int argc, char **argv)
{
    pki = ts_env_required("TEST_PKI_DIR");
    ts_env_required("SENDGRID_PLUGIN");
    /* The spec server writes to clients that may have hung up. */
    signal(SIGPIPE, SIG_IGN);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("account", setup, cleanup);
    static const struct { const char *name; CU_TestFunc fn; } tests[] = {
        {"inputs: an unknown profile key is named",
         test_profile_unknown_key_is_named},
        {"inputs: a profile entry without '='",
         test_profile_entry_without_equals},
        {"inputs: a profile field given twice",
         test_profile_field_twice},
        {"inputs: an empty profile value",
         test_profile_empty_value},
        {"inputs: profile lengths",
         test_profile_lengths},
        {"inputs: controls and invalid UTF-8",
         test_profile_controls_and_bad_utf8},
        {"inputs: email shape",
         test_profile_email_shape},
        {"inputs: phone in E.164",
         test_profile_phone_e164},
        {"inputs: timezone as an IANA name",
         test_profile_timezone_iana},
        {"inputs: company_website an http(s) URL",
         test_profile_website_url},
        {"inputs: offerings rules (create, set_offerings)",
         test_offerings_rules},
        {"inputs: account_id and region per operation",
         test_attributes_per_operation},
        {"inputs: a too small auth_account",
         test_account_struct_too_small_is_version},
        {"bodies: create",
         test_create_body},
        {"bodies: state and offerings",
         test_state_and_offerings_bodies},
        {"mapping: success of each operation",
         test_success_of_each_operation},
        {"mapping: an unknown state is passed on",
         test_unknown_state_is_passed_on_as_text},
        {"mapping: 201 without a usable ID",
         test_create_answer_without_usable_id_is_outcome_unknown},
        {"mapping: lists cut at AUTH_OFFERINGS_MAX",
         test_offering_lists_cut_at_the_maximum},
        {"mapping: unusable offering lists",
         test_unusable_offering_lists_are_protocol_errors},
        {"mapping: catalog in both shapes",
         test_catalog_in_both_shapes},
        {"mapping: 400 names SendGrid's fields",
         test_400_names_sendgrids_fields},
        {"mapping: 401 403 404 429",
         test_401_403_404_429_for_each_operation},
        {"mapping: 5xx, and create's outcome unknown",
         test_5xx_unavailable_but_create_outcome_unknown},
        {"mapping: transport failure before and after sending",
         test_transport_before_and_after_sending},
        {"mapping: bodies over 64 KiB",
         test_bodies_over_64_kib},
        {"mapping: login and check stay within 1.0",
         test_login_and_check_never_answer_1_1_statuses},
        {"wire: each operation as the spec has it",
         test_wire_each_operation},
        {"wire: the region's URL and key, escaped IDs",
         test_wire_region_and_escaping},
        {"wire: retries for all but create",
         test_wire_retries_all_but_create},
        {"wire: create never re-sent on a reused connection",
         test_wire_create_never_resent_on_a_reused_connection},
        {"faults: create sent or not sent",
         test_faults_create_sent_or_not},
        {"faults: a refusing port sends nothing",
         test_faults_refused_port_is_not_sent},
        {"entry: negotiates 1.0 and 1.1",
         test_entry_negotiates_1_0_and_1_1},
    };
    for (size_t i = 0; s != NULL && i < sizeof tests / sizeof tests[0]; i++)
        CU_add_test(s, tests[i].name, tests[i].fn);
    return ts_run_suites(argc, argv);
}
