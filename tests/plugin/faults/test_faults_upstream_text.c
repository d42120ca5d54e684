/* SPDX-License-Identifier: MIT */
/*
 * plugin.faults.upstream_text: what an upstream's words can do to the text the
 * plugin hands back and logs, through the real plugin loaded by the host
 * loader, against fault_server.c's scripted HTTPS answers (real sockets,
 * real TLS with the test CA).
 *
 *   - An upstream that echoes the API key (in its error message, at any
 *     length before it, in error_id, or written as \u00XX escapes) must not
 *     get any 8 characters of the key into a log line, log_message,
 *     user_message or error_id.
 *   - error_id and message text cannot add fields to the audit line: the
 *     line reads back (fuzz/logfmt_reader.c) as exactly its fixed fields.
 *   - Line and paragraph separators, C1 controls, bidi overrides and bytes
 *     that are not UTF-8, from upstream or from the panel's attributes,
 *     arrive escaped in every log line and message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>
#include "fault_server.h"
#include "logfmt_reader.h"
#include "testsupport.h"

#define TIMEOUT_MS 5000L

static const char *pki, *plugin_path;
static char tmpdir[256], key_path[300], ca_file[300];
/* SendGrid-shaped, 74 characters: SG.<22>.<48>; fresh each run. */
static char api_key[80];

static int suite_setup(void)
{
    pki = ts_env_required("TEST_PKI_DIR");
    plugin_path = ts_env_required("SENDGRID_PLUGIN");
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0)
        return -1;
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    size_t n = 0;
    n += (size_t)snprintf(api_key, sizeof api_key, "SG.");
    for (int i = 0; i < 22; i++)
        api_key[n++] = b64[rand() % 64];
    api_key[n++] = '.';
    for (int i = 0; i < 48; i++)
        api_key[n++] = b64[rand() % 64];
    api_key[n] = '\0';
    ts_secrets_add(api_key);
    snprintf(key_path, sizeof key_path, "%s/sendgrid.key", tmpdir);
    char line[96];
    snprintf(line, sizeof line, "%s\n", api_key);
    return ts_write_file(key_path, line, 0600);
}

static int suite_cleanup(void)
{
    ts_secrets_clear();
    return 0;
}

/* ---- one login against one scripted answer -------------------------------- */

typedef struct outcome {
    int rc;
    auth_result r;
    ts_logcap *log;
    char *lines;                /* every captured line, "LEVEL text\n" */
    long requests;              /* requests the server read */
} outcome;

/* Serves `body` with `status_line` ("401 Unauthorized") from a fresh fault
 * server and logs in once through a fresh loader with tenant/account. */
static int login_against(const char *status_line, const char *body, size_t body_len,
                         const char *tenant, const char *account, outcome *o)
{
    memset(o, 0, sizeof *o);
    o->rc = -1;
    size_t size = body_len + 256;
    char *response = malloc(size);
    CU_ASSERT_FATAL(response != NULL);
    int head = snprintf(response, size, "HTTP/1.1 %s\r\nContent-Type: application/json"
                        "\r\nContent-Length: %zu\r\n\r\n", status_line, body_len);
    memcpy(response + head, body, body_len);
    char cert[400], key[400];
    snprintf(cert, sizeof cert, "%s/server.pem", pki);
    snprintf(key, sizeof key, "%s/server.key", pki);
    fs_options fo = {.mode = FS_RESPOND, .cert_file = cert, .key_file = key,
                     .response = response, .response_len = (size_t)head + body_len};
    fs_server *s = NULL;
    int started = fs_start(&fo, &s);
    free(response);
    CU_ASSERT_EQUAL_FATAL(started, 0);

    char s_t[40];
    snprintf(s_t, sizeof s_t, "timeout_ms=%ld", TIMEOUT_MS);
    const char *extra[] = {s_t, "max_retries=0", NULL};
    ts_sendgrid_setup setup = {key_path, NULL, fs_base_url(s), fs_base_url(s), ca_file, extra};
    o->log = ts_logcap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(o->log);
    auth_loader *loader = ts_loader_new(o->log, AUTH_LOG_DEBUG, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(loader);
    CU_ASSERT_EQUAL_FATAL(ts_sendgrid_load(loader, "sendgrid", &setup, NULL), AUTH_OK);

    char a_t[600], a_a[600];
    snprintf(a_t, sizeof a_t, "tenant=%s", tenant);
    snprintf(a_a, sizeof a_a, "account_id=%s", account);
    const char *attrs[] = {a_t, a_a, "region=global", NULL};
    auth_result_init(&o->r);
    o->rc = auth_loader_login(loader, "sendgrid", attrs, &o->r);
    auth_loader_destroy(loader);
    fs_counts seen;
    fs_get_counts(s, &seen);
    o->requests = seen.requests;
    fs_stop(s);
    o->lines = ts_logcap_text(o->log);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o->lines);
    return o->rc;
}

static void outcome_free(outcome *o)
{
    auth_result_wipe(&o->r);
    ts_logcap_free(o->log);
    free(o->lines);
    memset(o, 0, sizeof *o);
}

/* How many 8-character pieces of the key appear in `text`; each finding is
 * printed with where and the piece's offset in the key, never the piece. */
static int key_pieces_in(const char *text, const char *where)
{
    size_t klen = strlen(api_key);
    int found = 0;
    for (size_t k = 0; k + 8 <= klen; k++)
        if (memmem(text, strlen(text), api_key + k, 8) != NULL) {
            if (found == 0)
                fprintf(stderr, "\n  KEY LEAK in %s: the key's characters %zu-%zu",
                        where, k, k + 7);
            found++;
        }
    if (found > 0)
        fprintf(stderr, " (and %d more 8-character pieces)\n", found - 1);
    return found;
}

/* Everything the panel sees of this login: no piece of the key. */
static void expect_no_key_anywhere(const outcome *o, const char *label)
{
    char where[200];
    snprintf(where, sizeof where, "%s: the log lines", label);
    CU_ASSERT_EQUAL(key_pieces_in(o->lines, where), 0);
    snprintf(where, sizeof where, "%s: log_message", label);
    CU_ASSERT_EQUAL(key_pieces_in(o->r.log_message, where), 0);
    snprintf(where, sizeof where, "%s: user_message", label);
    CU_ASSERT_EQUAL(key_pieces_in(o->r.user_message, where), 0);
    snprintf(where, sizeof where, "%s: error_id", label);
    CU_ASSERT_EQUAL(key_pieces_in(o->r.error_id, where), 0);
}

/* The login's audit line as logged, in line[4096]; 0 or -1 (printed). */
static int audit_line_text(const outcome *o, char *line)
{
    const char *start = strstr(o->lines, " sendgrid: login ");
    if (start == NULL) {
        fprintf(stderr, "\n  no audit line in:\n%s\n", o->lines);
        return -1;
    }
    start++;
    const char *end = strchr(start, '\n');
    size_t n = end ? (size_t)(end - start) : strlen(start);
    if (n >= 4096)
        n = 4095;
    memcpy(line, start, n);
    line[n] = '\0';
    return 0;
}

/* The one audit line of the login, read back; 0 or -1 (printed). */
static int read_audit_line(const outcome *o, logfmt_line *l)
{
    char line[4096];
    if (audit_line_text(o, line) != 0)
        return -1;
    return logfmt_read_audit_line(line, l);
}

/* A SendGrid error body whose message is `message` and error_id `id`,
 * both already JSON-escaped. */
static size_t error_body(char *out, size_t size, const char *message, const char *id)
{
    int n = snprintf(out, size, "{\"errors\":[{\"message\":\"%s\",\"field\":null,"
                     "\"error_id\":\"%s\"}]}", message, id);
    CU_ASSERT_FATAL(n > 0 && (size_t)n < size);
    return (size_t)n;
}

/* ---- the key echoed by upstream -------------------------------------------- */

static void test_401_message_of_200_chars_then_the_key(void)
{
    /* The case that leaked 48 of 74 characters: 200 characters, then the
     * key, so the key straddled the message's cut. */
    char message[600], body[1200], label[80];
    memset(message, 'm', 200);
    snprintf(message + 200, sizeof message - 200, "%s", api_key);
    outcome o;
    size_t len = error_body(body, sizeof body, message, "e-401");
    CU_ASSERT_EQUAL(login_against("401 Unauthorized", body, len, "acme", "acct-1", &o),
                    AUTH_ERR_AUTH_REJECTED);
    expect_no_key_anywhere(&o, "401, 200 characters then the key");
    /* SendGrid's words are still quoted, up to where the key began. */
    CU_ASSERT_PTR_NOT_NULL(strstr(o.r.log_message, "rejected the partner API key with 401"));
    CU_ASSERT_PTR_NOT_NULL(strstr(o.r.log_message, "SendGrid says \"mmmm"));
    CU_ASSERT_STRING_EQUAL(o.r.error_id, "e-401");
    logfmt_line l;
    CU_ASSERT_EQUAL(read_audit_line(&o, &l), 0);
    outcome_free(&o);

    /* Every length of message before the key around the cuts. */
    for (size_t pre = 120; pre <= 280; pre += 4) {
        memset(message, 'm', pre);
        snprintf(message + pre, sizeof message - pre, "%s", api_key);
        len = error_body(body, sizeof body, message, "e-401");
        snprintf(label, sizeof label, "401, %zu characters then the key", pre);
        CU_ASSERT_EQUAL(login_against("401 Unauthorized", body, len, "acme", "acct-1", &o),
                        AUTH_ERR_AUTH_REJECTED);
        expect_no_key_anywhere(&o, label);
        /* Where the mask fits, it says that something was taken out. */
        if (pre <= 150)
            CU_ASSERT_PTR_NOT_NULL(strstr(o.r.log_message, "mmmm[redacted]"));
        outcome_free(&o);
    }
}

static void test_key_written_as_json_escapes(void)
{
    /* "\u0053\u0047..." is the key to any JSON reader. */
    char message[1000], body[1600];
    size_t n = 0;
    memset(message, 'm', 200);
    n = 200;
    for (const char *k = api_key; *k; k++)
        n += (size_t)snprintf(message + n, sizeof message - n, "\\u%04x",
                              (unsigned char)*k);
    outcome o;
    size_t len = error_body(body, sizeof body, message, "e-403");
    CU_ASSERT_EQUAL(login_against("403 Forbidden", body, len, "acme", "acct-1", &o),
                    AUTH_ERR_FORBIDDEN);
    expect_no_key_anywhere(&o, "403, the key as \\u00XX escapes");
    outcome_free(&o);
}

static void test_key_echoed_in_error_id(void)
{
    char id[300], body[800], label[80];
    for (size_t pre = 0; pre <= 130; pre += 10) {
        memset(id, 'i', pre);
        snprintf(id + pre, sizeof id - pre, "%s", api_key);
        size_t len = error_body(body, sizeof body, "not found", id);
        outcome o;
        snprintf(label, sizeof label, "404, error_id of %zu characters then the key", pre);
        CU_ASSERT_EQUAL(login_against("404 Not Found", body, len, "acme", "acct-1", &o),
                        AUTH_ERR_NOT_FOUND);
        expect_no_key_anywhere(&o, label);
        logfmt_line l;
        CU_ASSERT_EQUAL(read_audit_line(&o, &l), 0);
        outcome_free(&o);
    }
}

/* ---- upstream text cannot forge log fields ------------------------------------ */

static void test_error_id_cannot_add_audit_fields(void)
{
    char body[400];
    size_t len = error_body(body, sizeof body, "account not found",
                            "x outcome=AUTH_OK http=303");
    outcome o;
    CU_ASSERT_EQUAL(login_against("404 Not Found", body, len, "acme", "acct-1", &o),
                    AUTH_ERR_NOT_FOUND);
    logfmt_line l;
    if (read_audit_line(&o, &l) == 0) {
        CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "outcome"), "AUTH_ERR_NOT_FOUND");
        CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "http"), "404");
        CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "error_id"), "x outcome=AUTH_OK http=303");
        CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "tenant"), "acme");
    } else {
        CU_FAIL("the audit line does not read back as its fixed fields");
    }
    /* As the operator reads it. */
    CU_ASSERT_PTR_NOT_NULL(strstr(o.lines, "outcome=AUTH_ERR_NOT_FOUND http=404 "
                                           "error_id=\"x outcome=AUTH_OK http=303\" "));
    char line[4096];
    if (audit_line_text(&o, line) == 0)
        printf("\n    %s\n", line);
    outcome_free(&o);
}

/* Raw byte sequences that must never reach a line or a message, and how
 * each must appear instead. */
static const struct {
    const char *name, *raw, *escaped;
} hostile[] = {
    {"U+0085 (NEL)", "\xC2\x85", "\\u0085"},
    {"U+2028 (line separator)", "\xE2\x80\xA8", "\\u2028"},
    {"U+2029 (paragraph separator)", "\xE2\x80\xA9", "\\u2029"},
    {"U+009B (CSI)", "\xC2\x9B", "\\u009b"},
    {"U+202E (right-to-left override)", "\xE2\x80\xAE", "\\u202e"},
    {"invalid UTF-8 (0xFF)", "\xFF", "\\xff"},
    {"invalid UTF-8 (truncated sequence)", "\xE2\x80", "\\xe2\\x80"},
};

static int has_raw(const char *text, const char *raw)
{
    return strstr(text, raw) != NULL;
}

static void expect_escaped_everywhere(const outcome *o, size_t h)
{
    const char *raw = hostile[h].raw;
    if (has_raw(o->lines, raw) || has_raw(o->r.log_message, raw) ||
        has_raw(o->r.user_message, raw) || has_raw(o->r.error_id, raw))
        fprintf(stderr, "\n  %s arrived raw:\n%s\n  log_message: %s\n  error_id: %s\n",
                hostile[h].name, o->lines, o->r.log_message, o->r.error_id);
    CU_ASSERT_FALSE(has_raw(o->lines, raw));
    CU_ASSERT_FALSE(has_raw(o->r.log_message, raw));
    CU_ASSERT_FALSE(has_raw(o->r.user_message, raw));
    CU_ASSERT_FALSE(has_raw(o->r.error_id, raw));
    /* No C0 control either, anywhere but the lines' own newlines. */
    for (const char *p = o->lines; *p; p++)
        CU_ASSERT_FALSE((unsigned char)*p < 0x20 && *p != '\n');
    logfmt_line l;
    CU_ASSERT_EQUAL(read_audit_line(o, &l), 0);
}

static void test_separators_and_controls_from_upstream_are_escaped(void)
{
    for (size_t h = 0; h < sizeof hostile / sizeof hostile[0]; h++) {
        /* Raw bytes inside the JSON strings: valid JSON for the UTF-8 ones;
         * json-c also takes the others as string bytes. */
        char message[200], id[100], body[600];
        snprintf(message, sizeof message, "before%safter", hostile[h].raw);
        snprintf(id, sizeof id, "id%sx outcome=AUTH_OK", hostile[h].raw);
        size_t len = error_body(body, sizeof body, message, id);
        outcome o;
        int rc = login_against("404 Not Found", body, len, "acme", "acct-1", &o);
        CU_ASSERT_EQUAL(rc, AUTH_ERR_NOT_FOUND);
        expect_escaped_everywhere(&o, h);
        /* SendGrid's words are still there, escaped where they were. */
        char shown[100];
        snprintf(shown, sizeof shown, "before%safter", hostile[h].escaped);
        if (strstr(o.r.log_message, shown) == NULL)
            fprintf(stderr, "\n  %s: '%s' not in log_message: %s\n", hostile[h].name,
                    shown, o.r.log_message);
        CU_ASSERT_PTR_NOT_NULL(strstr(o.r.log_message, shown));
        outcome_free(&o);
    }
}

static void test_separators_and_controls_in_attributes_are_escaped(void)
{
    char body[200];
    size_t len = error_body(body, sizeof body, "account not found", "e-404");
    for (size_t h = 0; h < sizeof hostile / sizeof hostile[0]; h++) {
        char tenant[100], account[100];
        snprintf(tenant, sizeof tenant, "t%s outcome=AUTH_OK", hostile[h].raw);
        snprintf(account, sizeof account, "a%sb", hostile[h].raw);
        outcome o;
        CU_ASSERT_EQUAL(login_against("404 Not Found", body, len, tenant, account, &o),
                        AUTH_ERR_NOT_FOUND);
        expect_escaped_everywhere(&o, h);
        logfmt_line l;
        char line[4096];
        if (h == 1 && audit_line_text(&o, line) == 0)
            printf("\n    %s\n", line);
        if (read_audit_line(&o, &l) == 0) {
            char want[100];
            snprintf(want, sizeof want, "t%s outcome=AUTH_OK", hostile[h].escaped);
            CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "tenant"), want);
            snprintf(want, sizeof want, "a%sb", hostile[h].escaped);
            CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "account"), want);
            CU_ASSERT_STRING_EQUAL(logfmt_get(&l, "outcome"), "AUTH_ERR_NOT_FOUND");
        }
        outcome_free(&o);
    }
}

static CU_TestInfo tests[] = {
    {"a 401 whose message is 200 characters and then the key",
     test_401_message_of_200_chars_then_the_key},
    {"the key written as \\u00XX escapes", test_key_written_as_json_escapes},
    {"the key echoed in error_id", test_key_echoed_in_error_id},
    {"error_id cannot add audit fields", test_error_id_cannot_add_audit_fields},
    {"separators and controls from upstream are escaped",
     test_separators_and_controls_from_upstream_are_escaped},
    {"separators and controls in attributes are escaped",
     test_separators_and_controls_in_attributes_are_escaped},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("upstream_text", suite_setup, suite_cleanup, tests)
