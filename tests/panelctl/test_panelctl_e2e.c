/*
 * panelctl.e2e -- panelctl with the real SendGrid plugin against two
 * HTTPS sandboxes (global and EU) signed by the test CA: the URL panelctl
 * prints must lead to the right region's sandbox and log the right account
 * in, and nothing secret may reach stderr, even with -vv.
 *
 * Needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testsupport.h"

#ifndef PANELCTL_BIN
#error "PANELCTL_BIN must be defined by the build"
#endif

static char tmpdir[256], plugin_dir[300], key_path[300], wrong_key_path[300];
static char config_path[300], wrong_config_path[300], ca_file[300];
static char api_key[64];
static ts_sandbox sb_global, sb_eu;

static int write_config(const char *path, const char *key_file)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\n"
             "  \"plugin_dir\": \"%s\",\n"
             "  \"providers\": {\n"
             "    \"sendgrid\": {\n"
             "      \"api_key_file\": \"%s\",\n"
             "      \"global_base_url\": \"%s\",\n"
             "      \"eu_base_url\": \"%s\",\n"
             "      \"ca_file\": \"%s\",\n"
             "      \"redirect_hosts\": \"127.0.0.1\",\n"
             "      \"timeout_ms\": 5000\n"
             "    }\n"
             "  },\n"
             "  \"tenants\": {\n"
             "    \"acme\":   { \"provider\": \"sendgrid\", \"account_id\": \"acct-acme\", \"region\": \"global\" },\n"
             "    \"muller\": { \"provider\": \"sendgrid\", \"account_id\": \"acct-muller\", \"region\": \"eu\" }\n"
             "  }\n"
             "}\n",
             plugin_dir, key_file, sb_global.base_url, sb_eu.base_url, ca_file);
    return ts_write_file(path, text, 0600);
}

static ts_proc_result run(const char *first, ...)
{
    const char *argv[12];
    int n = 0;
    const char *a;
    va_list ap;
    ts_proc_result r;
    argv[n++] = PANELCTL_BIN;
    va_start(ap, first);
    for (a = first; a != NULL && n < 11; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    if (ts_proc_run(argv, NULL, 0, &r) != 0)
        CU_FAIL_FATAL("panelctl could not be started");
    return r;
}

static int has(const char *hay, const char *needle)
{
    return hay != NULL && needle != NULL && *needle != '\0' && strstr(hay, needle) != NULL;
}

/* stdout minus its newline, after checking it is exactly one line. */
static char *the_line(ts_proc_result *r)
{
    size_t n = strlen(r->out);
    CU_ASSERT_EQUAL(ts_count_lines(r->out), 1);
    CU_ASSERT_TRUE(n > 0 && r->out[n - 1] == '\n');
    if (n > 0 && r->out[n - 1] == '\n')
        r->out[n - 1] = '\0';
    return r->out;
}

/* Whatever follows '?' in a login URL is its secret. */
static const char *query_of(const char *url)
{
    const char *q = strchr(url, '?');
    return q != NULL ? q + 1 : NULL;
}

static void expect_logged_in(const char *url, const char *account, const char *region)
{
    CU_ASSERT_TRUE(ts_visit_logs_into(NULL, url, ca_file, account, region));
}

static void test_login_global_and_eu(void)
{
    ts_proc_result r = run("-c", config_path, "login", "acme", NULL);
    char *url;
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    url = the_line(&r);
    if (query_of(url) != NULL)
        ts_secrets_add(query_of(url));
    CU_ASSERT_EQUAL(ts_url_port(url), sb_global.port);
    expect_logged_in(url, "acct-acme", "global");
    ts_proc_free(&r);

    r = run("-c", config_path, "login", "muller", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    url = the_line(&r);
    if (query_of(url) != NULL)
        ts_secrets_add(query_of(url));
    CU_ASSERT_EQUAL(ts_url_port(url), sb_eu.port);
    expect_logged_in(url, "acct-muller", "eu");
    ts_proc_free(&r);
}

static void test_login_with_region(void)
{
    ts_proc_result r = run("-c", config_path, "login", "--with-region", "muller", NULL);
    char *line;
    CU_ASSERT_EQUAL(r.exit_code, 0);
    line = the_line(&r);
    CU_ASSERT_EQUAL(strncmp(line, "eu https://", 11), 0);
    if (strncmp(line, "eu ", 3) == 0) {
        CU_ASSERT_EQUAL(ts_url_port(line + 3), sb_eu.port);
        expect_logged_in(line + 3, "acct-muller", "eu");
    }
    ts_proc_free(&r);
}

static void test_check(void)
{
    ts_proc_result r = run("-c", config_path, "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "OK: tenant 'acme' (provider sendgrid", 36), 0);
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    r = run("-c", config_path, "check", "muller", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "OK: tenant 'muller' (provider sendgrid", 38), 0);
    ts_proc_free(&r);
}

static void test_verbose_never_shows_secrets(void)
{
    ts_proc_result r = run("-vv", "-c", config_path, "login", "muller", NULL);
    char *url;
    CU_ASSERT_EQUAL(r.exit_code, 0);
    url = the_line(&r);
    CU_ASSERT_EQUAL(ts_url_port(url), sb_eu.port);
    CU_ASSERT_PTR_NOT_NULL_FATAL(query_of(url));
    ts_secrets_add(query_of(url));
    /* the plugin did log (through the loader), and panelctl named region */
    CU_ASSERT_TRUE(has(r.err, "panelctl: info: sendgrid"));
    CU_ASSERT_TRUE(has(r.err, "region eu answered"));
    CU_ASSERT_FALSE(has(r.err, api_key));
    CU_ASSERT_FALSE(has(r.err, query_of(url)));
    CU_ASSERT_FALSE(has(r.err, url));
    if (!has(r.err, "region eu answered"))
        fprintf(stderr, "\n  stderr=[%s]\n", r.err);
    ts_proc_free(&r);

    r = run("-vv", "-c", config_path, "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_FALSE(has(r.err, api_key));
    ts_proc_free(&r);
}

static void test_wrong_key_is_exit_4(void)
{
    ts_proc_result r = run("-vv", "-c", wrong_config_path, "login", "acme", NULL);
    const char *last;
    CU_ASSERT_EQUAL(r.exit_code, 4);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_TRUE(has(r.err, "AUTH_ERR_AUTH_REJECTED"));
    CU_ASSERT_FALSE(has(r.err, api_key));
    CU_ASSERT_FALSE(has(r.err, "SG.not-the-partner-key"));
    ts_proc_free(&r);
    /* without -v: exactly the one error line */
    r = run("-c", wrong_config_path, "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 4);
    CU_ASSERT_EQUAL(ts_count_lines(r.err), 1);
    last = r.err;
    CU_ASSERT_EQUAL(strncmp(last, "panelctl: login for tenant 'acme' failed (AUTH_ERR_AUTH_REJECTED): ", 67), 0);
    ts_proc_free(&r);
}

static void test_plugins_lists_sendgrid(void)
{
    ts_proc_result r = run("-c", config_path, "plugins", NULL);
    char expect[512];
    snprintf(expect, sizeof expect, "loaded\tsendgrid\t");
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, expect, strlen(expect)), 0);
    CU_ASSERT_TRUE(has(r.out, "\t1.1\t"));
    CU_ASSERT_TRUE(has(r.out, "/sendgrid.so\n"));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    ts_proc_free(&r);
}

static int setup(void)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    const char *plugin = ts_env_required("SENDGRID_PLUGIN");
    char so[400];
    struct stat sb;
    if (stat(PANELCTL_BIN, &sb) != 0) {
        fprintf(stderr, "FATAL: panelctl binary %s is missing: build it first\n", PANELCTL_BIN);
        return -1;
    }
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0)
        return -1;
    snprintf(plugin_dir, sizeof plugin_dir, "%s/plugins", tmpdir);
    snprintf(so, sizeof so, "%s/sendgrid.so", plugin_dir);
    /* Modes set with chmod, not left to the umask: the loader refuses a
     * plugin or directory that group or others could write. */
    if (mkdir(plugin_dir, 0755) != 0 || chmod(plugin_dir, 0755) != 0 ||
        ts_copy_file(plugin, so) != 0 || chmod(so, 0644) != 0) {
        fprintf(stderr, "FATAL: cannot copy %s to %s\n", plugin, so);
        return -1;
    }
    /* a fresh key per run, so a secret scan cannot pass by luck */
    snprintf(wrong_key_path, sizeof wrong_key_path, "%s/wrong.key", tmpdir);
    if (ts_make_key(tmpdir, "pk", api_key, sizeof api_key, key_path, sizeof key_path) != 0 ||
        ts_write_file(wrong_key_path, "SG.not-the-partner-key\n", 0600) != 0)
        return -1;
    if (ts_sandbox_start_tls(&sb_global, "global", key_path) != 0 ||
        ts_sandbox_start_tls(&sb_eu, "eu", key_path) != 0)
        return -1;
    snprintf(config_path, sizeof config_path, "%s/panelsso.json", tmpdir);
    snprintf(wrong_config_path, sizeof wrong_config_path, "%s/wrong-key.json", tmpdir);
    if (write_config(config_path, key_path) != 0 ||
        write_config(wrong_config_path, wrong_key_path) != 0)
        return -1;
    return 0;
}

static int suite_cleanup(void)
{
    ts_sandbox_stop(&sb_global);
    ts_sandbox_stop(&sb_eu);
    return 0;
}

static CU_TestInfo tests[] = {
    {"login: global and EU tenants reach their sandbox", test_login_global_and_eu},
    {"login --with-region against the EU sandbox", test_login_with_region},
    {"check: OK for both tenants", test_check},
    {"-vv never shows the key or the URL's code", test_verbose_never_shows_secrets},
    {"a wrong key exits 4 with one line", test_wrong_key_is_exit_4},
    {"plugins lists sendgrid", test_plugins_lists_sendgrid},
    CU_TEST_INFO_NULL};
TS_MAIN_ONE_SUITE("panelctl_e2e", setup, suite_cleanup, tests)
