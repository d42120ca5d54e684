/* SPDX-License-Identifier: MIT */
/*
 * abi10_host.c -- a host built against the 1.0 header, with plugins of a
 * later minor installed: what a panel compiled before 1.1 meets after an
 * upgrade of its plugins.  It compiles against the frozen 1.0 header
 * (abi-1.0/panelsso/auth_provider.h) and not libauthloader, loads each
 * plugin with dlopen as a 1.0 host would, offers 1.0, keeps only the ops
 * table fields 1.0 defines, inits and logs in:
 *   account   the loader suite's 1.1 test plugin: it settles on 1.0, logs
 *             in, and no account op of it ever ran;
 *   sendgrid  the real SendGrid plugin against an HTTPS sandbox with the
 *             test CA: the login URL logs the user in, and a failure comes
 *             back with a status 1.0 knows.
 * Needs TEST_PKI_DIR, SANDBOX_BIN and SENDGRID_PLUGIN (ctest sets them);
 * without one it exits 1 saying which.  Everything it writes goes in
 * temporary directories it removes, pass or fail.
 */
#include <dlfcn.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include <panelsso/auth_provider.h>

#include "testsupport.h"

#if AUTH_PROVIDER_ABI_MAJOR != 1 || AUTH_PROVIDER_ABI_MINOR != 0
#error "abi10_host.c must compile against the frozen 1.0 header in tests/loader/abi-1.0"
#endif
#ifndef ACCOUNT_PLUGIN
#error "ACCOUNT_PLUGIN comes from the build"
#endif

/* ---- the 1.0 host ------------------------------------------------------------ */

typedef struct host10 {
    void *dl;
    size_t their_ops_size;      /* the plugin's struct_size, for the test */
    auth_provider_ops ops;      /* the 1.0 fields: all this host knows */
    uint32_t version;
    auth_host_api api;
    auth_instance *inst;
    char log[16384];            /* every line the plugin logged */
    size_t log_len;
} host10;

static void host_log(void *ctx, int level, const char *fmt, ...)
    AUTH_PROVIDER_PRINTF(3, 4);
static void host_log(void *ctx, int level, const char *fmt, ...)
{
    host10 *h = ctx;
    va_list ap;
    (void)level;
    if (h->log_len + 2 >= sizeof h->log)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(h->log + h->log_len, sizeof h->log - h->log_len - 1, fmt, ap);
    va_end(ap);
    if (n > 0)
        h->log_len += (size_t)n < sizeof h->log - h->log_len - 2
                          ? (size_t)n
                          : sizeof h->log - h->log_len - 2;
    h->log[h->log_len++] = '\n';
    h->log[h->log_len] = '\0';
}

/* dlopen, negotiate offering 1.0, keep the 1.0 part of the table, init.
 * AUTH_OK, or the failing status with the reason printed. */
static int host10_open(host10 *h, const char *path, const char *const *settings)
{
    char err[512] = "";
    const auth_provider_ops *theirs = NULL;
    auth_result r;

    memset(h, 0, sizeof *h);
    h->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h->dl == NULL) {
        fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
        return AUTH_ERR_CONFIG;
    }
    /* Through a union: ISO C has no cast from void * to a function pointer. */
    union { void *p; auth_provider_entry_fn fn; } entry;
    entry.p = dlsym(h->dl, AUTH_PROVIDER_ENTRY_SYMBOL);
    if (entry.p == NULL) {
        fprintf(stderr, "%s has no %s\n", path, AUTH_PROVIDER_ENTRY_SYMBOL);
        return AUTH_ERR_CONFIG;
    }
    int rc = entry.fn(AUTH_PROVIDER_ABI_VERSION, &theirs, &h->version, err, sizeof err);
    if (rc != AUTH_OK || theirs == NULL ||
        theirs->struct_size < AUTH_PROVIDER_OPS_MIN_SIZE) {
        fprintf(stderr, "%s refused ABI 1.0 (%s): %s\n", path, auth_status_name(rc), err);
        return rc != AUTH_OK ? rc : AUTH_ERR_VERSION;
    }
    h->their_ops_size = theirs->struct_size;
    memcpy(&h->ops, theirs,
           theirs->struct_size < sizeof h->ops ? theirs->struct_size : sizeof h->ops);
    h->api.struct_size = sizeof h->api;
    h->api.abi_version = h->version;
    h->api.host_ctx = h;
    h->api.log = host_log;
    auth_result_init(&r);
    rc = h->ops.init(&h->api, settings, &h->inst, &r);
    if (rc != AUTH_OK) {
        fprintf(stderr, "%s: init failed (%s): %s\n", path, auth_status_name(rc),
                r.log_message);
        h->inst = NULL;
    }
    return rc;
}

static void host10_close(host10 *h)
{
    if (h->inst != NULL)
        h->ops.teardown(h->inst);
    h->inst = NULL;
    if (h->dl != NULL)
        dlclose(h->dl);
    h->dl = NULL;
}

static int host10_login(host10 *h, const char *const *attrs, auth_result *r)
{
    auth_result_init(r);
    return h->ops.login(h->inst, attrs, r);
}

static int listed(const char *const *list, const char *name)
{
    for (; list != NULL && *list != NULL; list++)
        if (strcmp(*list, name) == 0)
            return 1;
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    if (remove(path) != 0)
        perror(path);
    return 0;
}

static void remove_tree(const char *dir)
{
    if (dir[0] != '\0')
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- the 1.1 account test plugin ----------------------------------------------- */

static void test_account_plugin_in_a_1_0_host(void)
{
    static host10 h;
    auth_result r;
    CU_ASSERT_EQUAL_FATAL(host10_open(&h, ACCOUNT_PLUGIN, NULL), AUTH_OK);
    /* a newer plugin: its table is longer than any this host knows */
    CU_ASSERT_EQUAL(h.version, AUTH_PROVIDER_MKVERSION(1, 0));
    CU_ASSERT_TRUE(h.their_ops_size > sizeof(auth_provider_ops));
    CU_ASSERT_PTR_NOT_NULL_FATAL(h.ops.get_info);
    const auth_provider_info *info = h.ops.get_info();
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_TRUE(AUTH_STRUCT_HAS(info, auth_provider_info, capabilities));
    CU_ASSERT_STRING_EQUAL(info->name, "account");
    /* names this host does not know are just names to it */
    CU_ASSERT_TRUE(listed(info->capabilities, "account_create"));

    const char *const attrs[] = {"tenant=acme", "account_id=acct-1", NULL};
    CU_ASSERT_EQUAL(host10_login(&h, attrs, &r), AUTH_OK);
    CU_ASSERT_EQUAL(r.status, AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "https://account.invalid/login");
    CU_ASSERT_STRING_EQUAL(r.log_message, "account: login abi=1.0 account_calls=0");
    auth_result_wipe(&r);
    CU_ASSERT_PTR_NULL(strstr(h.log, "account_"));
    host10_close(&h);
}

/* ---- the SendGrid plugin against the sandbox ------------------------------------ */

static char tmpdir[256], key_path[320], key[64];
static ts_sandbox sandbox;

static int sendgrid_cleanup(void)
{
    ts_sandbox_stop(&sandbox);
    remove_tree(sandbox.dir);
    remove_tree(tmpdir);
    return 0;
}

static int sendgrid_setup(void)
{
    char line[80];
    ts_env_required("TEST_PKI_DIR");
    ts_env_required("SANDBOX_BIN");
    ts_env_required("SENDGRID_PLUGIN");
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0)
        return -1;
    snprintf(key, sizeof key, "SG.abi10-%08lx.partner", (unsigned long)getpid());
    snprintf(key_path, sizeof key_path, "%s/sendgrid.key", tmpdir);
    snprintf(line, sizeof line, "%s\n", key);
    ts_secrets_add(key);
    ts_sandbox_opts o;
    memset(&o, 0, sizeof o);
    o.tls = 1;
    o.api_key_file = key_path;
    o.region = "global";
    if (ts_write_file(key_path, line, 0600) != 0 || ts_sandbox_start(&sandbox, &o) != 0) {
        /* CUnit runs no cleanup after a failed set-up: remove the files here */
        sendgrid_cleanup();
        return -1;
    }
    return 0;
}

static void test_sendgrid_plugin_in_a_1_0_host(void)
{
    static host10 h;
    char s_key[400], s_url[120], s_ca[600];
    auth_result r;
    snprintf(s_key, sizeof s_key, "api_key_file=%s", key_path);
    snprintf(s_url, sizeof s_url, "global_base_url=%s", sandbox.base_url);
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", sandbox.ca_file);
    const char *const settings[] = {s_key, s_url, s_ca, "redirect_hosts=127.0.0.1",
                                    "timeout_ms=5000", NULL};
    CU_ASSERT_EQUAL_FATAL(host10_open(&h, getenv("SENDGRID_PLUGIN"), settings), AUTH_OK);
    /* (how long a table it hands a 1.0 host is its own choice) */
    CU_ASSERT_EQUAL(h.version, AUTH_PROVIDER_MKVERSION(1, 0));
    const auth_provider_info *info = h.ops.get_info != NULL ? h.ops.get_info() : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_STRING_EQUAL(info->name, "sendgrid");

    const char *const attrs[] = {"tenant=acme", "account_id=acct-abi10",
                                 "region=global", NULL};
    CU_ASSERT_EQUAL(host10_login(&h, attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.region, "global");
    CU_ASSERT_EQUAL(strncmp(r.redirect_url, sandbox.base_url, strlen(sandbox.base_url)), 0);
    if (r.status != AUTH_OK)
        fprintf(stderr, "login: %s: %s\n", auth_status_name(r.status), r.log_message);
    /* the user follows the URL and is in */
    long status = 0;
    char body[4096] = "";
    CU_ASSERT_EQUAL(ts_http_get(r.redirect_url, sandbox.ca_file, &status, body,
                                sizeof body), 0);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "Logged in to SendGrid account <b>acct-abi10</b>"));
    const char *code = strstr(r.redirect_url, "code=");
    CU_ASSERT_PTR_NOT_NULL(code);
    if (code != NULL)
        ts_secrets_add(code + 5);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r.log_message, "login log_message"), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r.user_message, "login user_message"), 0);
    auth_result_wipe(&r);

    /* a failure: a status this host knows, with its messages */
    const char *const missing[] = {"tenant=acme", "account_id=missing-account", NULL};
    CU_ASSERT_EQUAL(host10_login(&h, missing, &r), AUTH_ERR_NOT_FOUND);
    CU_ASSERT_TRUE(r.status >= 0 && r.status < AUTH_STATUS_COUNT);
    CU_ASSERT_TRUE(strlen(r.user_message) > 0);
    CU_ASSERT_STRING_EQUAL(r.redirect_url, "");
    host10_close(&h);
    /* This suite removes its files, so the scan of every run's files after
     * ctest never sees them: it scans them itself. */
    CU_ASSERT_EQUAL(ts_secrets_scan_text(h.log, "the plugin's log lines"), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sandbox.log_path), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sandbox.stderr_path), 0);
    CU_ASSERT_TRUE(strstr(h.log, "account=acct-abi10") != NULL);
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("account", NULL, NULL);
    CU_pSuite g = CU_add_suite("sendgrid", sendgrid_setup, sendgrid_cleanup);
    if (s == NULL || g == NULL ||
        CU_add_test(s, "a 1.1 plugin in a 1.0 host: login, no account op",
                    test_account_plugin_in_a_1_0_host) == NULL ||
        CU_add_test(g, "the SendGrid plugin in a 1.0 host: login against the sandbox",
                    test_sendgrid_plugin_in_a_1_0_host) == NULL) {
        CU_cleanup_registry();
        return 1;
    }
    return ts_run_suites(argc, argv);
}
