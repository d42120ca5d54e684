/* SPDX-License-Identifier: MIT */
/*
 * plugin.faults.ca_pinning: the SendGrid plugin's `ca_file` setting
 * REPLACES the machine's trust store; it does not add to it.
 *
 * Why it needs a test: an operator who sets ca_file to pin one CA means
 * "trust only this CA".  Debian's libcurl has two built-in trust sources, a
 * bundle file (CAINFO, /etc/ssl/certs/ca-certificates.crt) and a hashed CA
 * directory (CAPATH, /etc/ssl/certs).  CURLOPT_CAINFO replaces only the
 * first; unless the plugin also clears CAPATH, a certificate signed by any
 * system CA is still accepted.
 *
 * How, without touching the machine: a forked child (ns_child.h) enters its
 * own user and mount namespaces and bind-mounts a directory the test made
 * over libcurl's default CA directory, so "the system's trust store" is one
 * the test controls.  That store trusts other-ca, which signed
 * other-server.pem (127.0.0.1, from make-test-pki.sh).  The child serves
 * that certificate from a fault server (fault_server.h, same namespace) and
 * logs in through the real plugin, loaded by the host loader:
 *   1. control, no ca_file: AUTH_OK.  This proves the fake store is what
 *      libcurl reads; if it fails, the test's set-up is wrong and the test
 *      fails saying so;
 *   2. ca_file = the test CA, which did not sign the server: AUTH_ERR_TLS,
 *      and no request reached the server (the API key never went out);
 *   3. ca_file = other-ca.pem: AUTH_OK.
 * It does this twice: with other-ca only in the hashed directory (as
 * <subject hash>.0, while the bundle file holds only the test CA), and with
 * other-ca only in the bundle file, so each of libcurl's two defaults is
 * shown to be live (step 1) and to be replaced by ca_file (step 2).
 *
 * Needs unprivileged user namespaces; where they are not allowed the test
 * fails with a sentence saying so, it never skips.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <CUnit/CUnit.h>
#include <curl/curl.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <panelsso/auth_loader.h>
#include "fault_server.h"
#include "testsupport.h"

/* No timed assertion here: the timeouts only keep a broken run short. */
#define TIMEOUT_MS 10000L
#define CHILD_TIMEOUT_S 240

/* The one-time code in the server's Location: a secret like any. */
#define PIN_CODE "p1nn3dc0de0123456789abcdef012345"
#define GOOD_LOCATION "https://127.0.0.1/login?code=" PIN_CODE
#define GOOD_303 "HTTP/1.1 303 See Other\r\nLocation: " GOOD_LOCATION \
                 "\r\nContent-Length: 0\r\n\r\n"

/* Written into each fake store, and looked for through the mount. */
#define MARKER_NAME "panelsso-fake-trust-store"

static const char *pki, *plugin_path;
static char tmpdir[256], key_path[300];
static char api_key[64];
static char default_capath[512];    /* libcurl's built-in CA directory */
static char default_bundle[256];    /* its bundle file's name inside it */
static char other_ca_hash_name[16]; /* "<subject hash>.0" of other-ca */

/* ---- what the child reports ---------------------------------------------- */

typedef struct case_result {
    int status;                 /* the login's return value */
    int url_matches;            /* AUTH_OK: the URL is the server's Location */
    long requests;              /* requests the server read during the login */
    char log_message[AUTH_MESSAGE_MAX];
} case_result;

typedef struct pin_report {
    /* input, set before the fork */
    char server_cert[400], server_key[400];
    char test_ca[400], other_ca[400];
    /* output */
    case_result no_ca_file;     /* 1. the control */
    case_result test_ca_pinned; /* 2. ca_file = the CA that did not sign */
    case_result other_ca_pinned;/* 3. ca_file = the CA that did */
    int secret_hits;
    char error[256];            /* the child's own set-up failure, if any */
} pin_report;

/* ---- the fake trust store -------------------------------------------------- */

typedef struct store {
    const char *name;           /* for messages */
    char dir[400];              /* made by the parent, mounted by the child */
} store;

/* A directory standing in for libcurl's default CA directory, holding its
 * default bundle file (always: a missing one fails every handshake) and,
 * when other_ca_in_dir, other-ca under its OpenSSL subject-hash name. */
static int make_store(store *st, const char *name, const char *bundle_from,
                      int other_ca_in_dir)
{
    char path[800], other_ca[400];
    st->name = name;
    snprintf(st->dir, sizeof st->dir, "%s/%s", tmpdir, name);
    if (mkdir(st->dir, 0755) != 0) {
        fprintf(stderr, "mkdir %s: %s\n", st->dir, strerror(errno));
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", st->dir, MARKER_NAME);
    if (ts_write_file(path, name, 0644) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/%s", st->dir, default_bundle);
    if (ts_copy_file(bundle_from, path) != 0)
        return -1;
    if (other_ca_in_dir) {
        snprintf(other_ca, sizeof other_ca, "%s/other-ca.pem", pki);
        snprintf(path, sizeof path, "%s/%s", st->dir, other_ca_hash_name);
        if (ts_copy_file(other_ca, path) != 0)
            return -1;
    }
    return 0;
}

static void remove_store(const store *st)
{
    char path[800];
    const char *names[] = {MARKER_NAME, default_bundle, other_ca_hash_name};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", st->dir, names[i]);
        unlink(path);
    }
    rmdir(st->dir);
}

/* In the child, inside its namespaces: the fake store over the real one. */
static int mount_store(void *ctx, char *err, size_t n)
{
    const store *st = ctx;
    if (ts_ns_bind_mount(st->dir, default_capath, err, n) != 0)
        return -1;
    /* Check libcurl will read what we think. */
    char path[800], seen[64] = "";
    snprintf(path, sizeof path, "%s/%s", default_capath, MARKER_NAME);
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        size_t got = fread(seen, 1, sizeof seen - 1, f);
        seen[got] = '\0';
        fclose(f);
    }
    if (strcmp(seen, st->name) != 0) {
        snprintf(err, n, "%.300s does not show the fake trust store after the "
                 "bind mount", default_capath);
        return -1;
    }
    return 0;
}

/* ---- the child's part --------------------------------------------------- */

/* Scan what the plugin logged, and keep it in the run's directory, whose
 * files are scanned again with the run's keys before they are removed. */
static int count_secrets_in_log(ts_logcap *log)
{
    char path[400];
    snprintf(path, sizeof path, "%s/plugin-log.txt", tmpdir);
    FILE *kept = fopen(path, "a");
    if (kept != NULL) {
        ts_logcap_dump_to(log, kept);
        fclose(kept);
    }
    char *text = NULL;
    size_t len = 0;
    int hits = 0;
    FILE *f = open_memstream(&text, &len);
    if (f != NULL) {
        ts_logcap_dump_to(log, f);
        fclose(f);
        hits = ts_secrets_scan_text(text, "the plugin's log lines");
    }
    free(text);
    return hits;
}

/* One fresh loader and instance (so nothing is shared between cases), one
 * login to `base`, with ca_file = `ca` or no ca_file when NULL. */
static void login_once(fs_server *srv, const char *ca, case_result *out,
                       int *secret_hits)
{
    out->status = -1;
    ts_logcap *log = ts_logcap_new();
    auth_loader *loader = log != NULL ? ts_loader_new(log, AUTH_LOG_DEBUG, 0) : NULL;
    if (loader == NULL) {
        snprintf(out->log_message, sizeof out->log_message,
                 "(test) no loader: the reason is printed above");
        ts_logcap_free(log);
        return;
    }
    char s_key[400], s_base[120], s_ca[420], s_t[40];
    snprintf(s_key, sizeof s_key, "api_key_file=%s", key_path);
    snprintf(s_base, sizeof s_base, "global_base_url=%s", fs_base_url(srv));
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", ca != NULL ? ca : "");
    snprintf(s_t, sizeof s_t, "timeout_ms=%ld", TIMEOUT_MS);
    const char *settings[] = {s_key, s_base, "redirect_hosts=127.0.0.1", s_t,
                              "max_retries=0", ca != NULL ? s_ca : NULL, NULL};
    auth_result r;
    auth_result_init(&r);
    if (auth_loader_load_file(loader, plugin_path, "sendgrid", settings, &r) !=
        AUTH_OK) {
        snprintf(out->log_message, sizeof out->log_message,
                 "(test) loading %.100s failed: %.380s", plugin_path, r.log_message);
    } else {
        fs_counts before, after;
        fs_get_counts(srv, &before);
        const char *attrs[] = {"tenant=acme", "account_id=acct-pinned",
                               "region=global", NULL};
        auth_result_init(&r);
        out->status = auth_loader_login(loader, "sendgrid", attrs, &r);
        fs_get_counts(srv, &after);
        out->requests = after.requests - before.requests;
        out->url_matches = strcmp(r.redirect_url, GOOD_LOCATION) == 0;
        *secret_hits += ts_secrets_scan_text(r.log_message, "log_message");
        *secret_hits += ts_secrets_scan_text(r.user_message, "user_message");
        snprintf(out->log_message, sizeof out->log_message, "%s", r.log_message);
        auth_result_wipe(&r);
    }
    auth_loader_destroy(loader);
    *secret_hits += count_secrets_in_log(log);
    ts_logcap_free(log);
}

static int pinning_part(void *buf, size_t size)
{
    pin_report *rep = buf;
    if (size != sizeof *rep)
        return 1;
    fs_options o;
    memset(&o, 0, sizeof o);
    o.mode = FS_RESPOND;
    o.cert_file = rep->server_cert;
    o.key_file = rep->server_key;
    o.response = GOOD_303;
    fs_server *srv = NULL;
    if (fs_start(&o, &srv) != 0) {
        snprintf(rep->error, sizeof rep->error,
                 "the HTTPS server with other-server.pem did not start");
        return 2;
    }
    login_once(srv, NULL, &rep->no_ca_file, &rep->secret_hits);
    login_once(srv, rep->test_ca, &rep->test_ca_pinned, &rep->secret_hits);
    login_once(srv, rep->other_ca, &rep->other_ca_pinned, &rep->secret_hits);
    fs_stop(srv);
    return 0;
}

/* ---- the parent: set-up and assertions ----------------------------------- */

/* libcurl's built-in CA locations, read from a fresh handle, so the test
 * replaces the directory this libcurl really uses. */
static int read_curl_defaults(void)
{
    int rc = -1;
    char *cainfo = NULL, *capath = NULL;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "curl_global_init failed\n");
        return -1;
    }
    CURL *e = curl_easy_init();
    if (e != NULL && curl_easy_getinfo(e, CURLINFO_CAINFO, &cainfo) == CURLE_OK &&
        curl_easy_getinfo(e, CURLINFO_CAPATH, &capath) == CURLE_OK) {
        size_t plen = capath != NULL ? strlen(capath) : 0;
        if (capath == NULL || cainfo == NULL) {
            fprintf(stderr, "this libcurl has no built-in CA %s, so the test "
                    "cannot stand in for it (CAINFO %s, CAPATH %s); Debian 12's "
                    "libcurl4 has both\n", capath == NULL ? "directory" : "file",
                    cainfo != NULL ? cainfo : "unset",
                    capath != NULL ? capath : "unset");
        } else if (strncmp(cainfo, capath, plen) != 0 || cainfo[plen] != '/' ||
                   strchr(cainfo + plen + 1, '/') != NULL ||
                   plen >= sizeof default_capath ||
                   strlen(cainfo + plen + 1) >= sizeof default_bundle) {
            fprintf(stderr, "libcurl's default CA file %s is not directly in its "
                    "default CA directory %s, as the test expects (Debian 12)\n",
                    cainfo, capath);
        } else {
            snprintf(default_capath, sizeof default_capath, "%s", capath);
            snprintf(default_bundle, sizeof default_bundle, "%s", cainfo + plen + 1);
            rc = 0;
        }
    } else {
        fprintf(stderr, "cannot read libcurl's default CA locations "
                "(CURLINFO_CAINFO/CAPATH need libcurl 7.84 or newer)\n");
    }
    curl_easy_cleanup(e);
    curl_global_cleanup();
    return rc;
}

/* The name OpenSSL's hashed directory lookup looks for: what
 * `openssl x509 -hash` prints, plus ".0". */
static int hash_other_ca(void)
{
    char path[400];
    snprintf(path, sizeof path, "%s/other-ca.pem", pki);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot read %s: %s (the pki fixture makes it)\n", path,
                strerror(errno));
        return -1;
    }
    X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    if (x == NULL) {
        fprintf(stderr, "%s is not a PEM certificate\n", path);
        return -1;
    }
    snprintf(other_ca_hash_name, sizeof other_ca_hash_name, "%08lx.0",
             X509_subject_name_hash(x));
    X509_free(x);
    return 0;
}

static int suite_setup(void)
{
    pki = ts_env_required("TEST_PKI_DIR");
    plugin_path = ts_env_required("SENDGRID_PLUGIN");
    if (read_curl_defaults() != 0 || hash_other_ca() != 0)
        return -1;
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0)
        return -1;
    /* A fresh key per run, so the secret scan cannot pass by luck. */
    ts_secrets_add(PIN_CODE);
    return ts_make_key(tmpdir, "pk", api_key, sizeof api_key, key_path, sizeof key_path);
}

/* The temporary directory is scanned for leaked keys, then removed, when
 * the program ends (ts_tempdirs_finish): the secrets stay remembered. */
static int suite_cleanup(void)
{
    return 0;
}

static void print_case(const char *store_name, const char *what,
                       const case_result *c)
{
    printf("\n  %s store, %-38s -> %s", store_name, what,
           auth_status_name(c->status));
}

/* Run the three logins with `st` as the system's trust store. */
static void run_with_store(store *st)
{
    pin_report rep;
    memset(&rep, 0, sizeof rep);
    snprintf(rep.server_cert, sizeof rep.server_cert, "%s/other-server.pem", pki);
    snprintf(rep.server_key, sizeof rep.server_key, "%s/other-server.key", pki);
    snprintf(rep.test_ca, sizeof rep.test_ca, "%s/ca.pem", pki);
    snprintf(rep.other_ca, sizeof rep.other_ca, "%s/other-ca.pem", pki);

    ts_ns_options o;
    memset(&o, 0, sizeof o);
    o.setup = mount_store;
    o.setup_ctx = st;
    o.timeout_s = CHILD_TIMEOUT_S;
    char err[600];
    int rc = ts_ns_run(&o, pinning_part, &rep, sizeof rep, err, sizeof err);
    remove_store(st);
    if (rc != 0)
        fprintf(stderr, "\n  %s store: the child in its own namespaces failed: "
                "%s%s%s\n", st->name, err, rep.error[0] ? "; " : "", rep.error);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_EQUAL(rep.secret_hits, 0);

    print_case(st->name, "no ca_file (control)", &rep.no_ca_file);
    print_case(st->name, "ca_file = ca.pem (did not sign it)", &rep.test_ca_pinned);
    print_case(st->name, "ca_file = other-ca.pem (signed it)", &rep.other_ca_pinned);
    printf("\n");

    /* 1. The control: without it, a pass of step 2 would prove nothing. */
    if (rep.no_ca_file.status != AUTH_OK)
        fprintf(stderr, "\n  TEST SET-UP IS WRONG (%s store): with no ca_file the "
                "login should succeed through the fake system trust store "
                "mounted over %s, but it got %s: %s\n", st->name, default_capath,
                auth_status_name(rep.no_ca_file.status), rep.no_ca_file.log_message);
    CU_ASSERT_EQUAL_FATAL(rep.no_ca_file.status, AUTH_OK);
    CU_ASSERT(rep.no_ca_file.url_matches);

    /* 2. Pinned to a CA that did not sign the server: refused, even though
     * the system store trusts the CA that did. */
    if (rep.test_ca_pinned.status != AUTH_ERR_TLS)
        fprintf(stderr, "\n  %s store: with ca_file = ca.pem the login got %s, "
                "not AUTH_ERR_TLS: ca_file added to the system's trust instead "
                "of replacing it (%s)\n", st->name,
                auth_status_name(rep.test_ca_pinned.status),
                rep.test_ca_pinned.log_message);
    CU_ASSERT_EQUAL(rep.test_ca_pinned.status, AUTH_ERR_TLS);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.test_ca_pinned.log_message,
                                  "certificate could not be verified"));
    CU_ASSERT_EQUAL(rep.test_ca_pinned.requests, 0);

    /* 3. Pinned to the CA that did sign it. */
    if (rep.other_ca_pinned.status != AUTH_OK)
        fprintf(stderr, "\n  %s store: with ca_file = other-ca.pem the login got "
                "%s: %s\n", st->name, auth_status_name(rep.other_ca_pinned.status),
                rep.other_ca_pinned.log_message);
    CU_ASSERT_EQUAL(rep.other_ca_pinned.status, AUTH_OK);
    CU_ASSERT(rep.other_ca_pinned.url_matches);
    CU_ASSERT(rep.other_ca_pinned.requests >= 1);
}

/* A fake store named `name` whose bundle file holds $TEST_PKI_DIR/<bundle>,
 * with other-ca under its hash name too when other_ca_in_dir; then the
 * three logins with it. */
static void run_with_new_store(const char *name, const char *bundle, int other_ca_in_dir)
{
    char bundle_path[400];
    snprintf(bundle_path, sizeof bundle_path, "%s/%s", pki, bundle);
    store st;
    if (make_store(&st, name, bundle_path, other_ca_in_dir) != 0) {
        remove_store(&st);
        CU_FAIL_FATAL("cannot make the fake trust store");
    }
    run_with_store(&st);
}

static void test_ca_file_replaces_the_ca_directory(void)
{
    /* other-ca only as <hash>.0 in the directory; the bundle file holds
     * only the test CA, which did not sign the server. */
    run_with_new_store("hashed-directory", "ca.pem", 1);
}

static void test_ca_file_replaces_the_bundle_file(void)
{
    /* other-ca only in the bundle file; nothing under a hash name. */
    run_with_new_store("bundle-file", "other-ca.pem", 0);
}

static CU_TestInfo tests[] = {
    {"ca_file replaces the system CA directory (CAPATH)",
     test_ca_file_replaces_the_ca_directory},
    {"ca_file replaces the system CA bundle file (CAINFO)",
     test_ca_file_replaces_the_bundle_file},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("ca_file_pins_trust", suite_setup, suite_cleanup, tests)
