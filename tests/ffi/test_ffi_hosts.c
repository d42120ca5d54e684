/* SPDX-License-Identifier: MIT */
/*
 * test_ffi_hosts.c -- libauthloader from PHP's FFI and from cffi's ABI mode,
 * each loading panelsso/auth_loader_ffi.h unmodified: the examples
 * samples/ffi/open_sendgrid_ffi.php and open_sendgrid_cffi.py run as
 * subprocesses against two HTTPS sandboxes (global and EU) signed by the
 * test CA, and tests/ffi/dump_helpers.{php,py} show what the exported
 * helpers answer through each FFI.  Every assertion is on what a user sees:
 * the example's answer on stdout, the operator's log on stderr, and what
 * following its URL does.
 *
 * usage: test_ffi_hosts php|python|php_doc
 *   php, python  the host in that language (a missing interpreter, FFI or
 *                cffi fails, never skips)
 *   php_doc      docs/integrating.md shows open_sendgrid_ffi.php verbatim
 *
 * Needs (from ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN,
 * PANELSSO_FFI_HEADER, PANELSSO_LIBAUTHLOADER, PHP_BIN, PYTHON_BIN; and
 * FFI_PRELOAD in sanitizer builds (the sanitizer runtime, which an
 * interpreter that was not built with it must load first).  The API key
 * and every one-time code are registered as secrets and every output is
 * scanned; the test never prints a URL.  It removes every file it made.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>

#include "testsupport.h"
#include "ts_host.h"

#if !defined(SAMPLES_DIR) || !defined(TESTS_DIR) || !defined(INTEGRATING_DOC)
#error "SAMPLES_DIR, TESTS_DIR and INTEGRATING_DOC must be defined by the build"
#endif

/* One host language: how to run it and what it runs. */
typedef struct host_lang {
    const char *name;        /* in messages and in the log prefix */
    const char *bin_env;     /* the variable naming its interpreter */
    const char *package;     /* the Debian package that brings what it needs */
    const char *probe;       /* a program that fails without the FFI */
    const char *example;     /* samples/ffi/... */
    const char *dump;        /* tests/ffi/dump_helpers.* */
    char bin[512];           /* the interpreter, resolved */
} host_lang;

static host_lang php = {
    "open_sendgrid_ffi", "PHP_BIN", "php8.2-cli",
    "try { FFI::cdef(''); } catch (Throwable $e) { fwrite(STDERR, $e->getMessage()); exit(3); }",
    SAMPLES_DIR "/open_sendgrid_ffi.php", TESTS_DIR "/dump_helpers.php", ""};
static host_lang python = {
    "open_sendgrid_cffi", "PYTHON_BIN", "python3-cffi", "import cffi",
    SAMPLES_DIR "/open_sendgrid_cffi.py", TESTS_DIR "/dump_helpers.py", ""};
static host_lang *lang;

static ts_upstream up;

/* ---- running the interpreter ------------------------------------------------------ */

/* The interpreter in `value`: a path, or a name looked up in PATH. */
static int resolve_bin(const char *value, char *out, size_t size)
{
    if (strchr(value, '/') != NULL) {
        snprintf(out, size, "%s", value);
        return access(out, X_OK);
    }
    const char *path = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s", path ? path : "/usr/bin:/bin");
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(out, size, "%s/%s", d, value);
        if (access(out, X_OK) == 0)
            return 0;
    }
    return -1;
}

/* Run the interpreter on `script` with args (NULL-terminated).  In a
 * sanitizer build the interpreter, built without one, preloads FFI_PRELOAD
 * (the runtime, and for PHP no_deepbind.c ahead of it, so the runtime is not
 * first: verify_asan_link_order=0), and its own leaks at exit are not this
 * project's: leak checking is off for it (the C suites check
 * libauthloader's). */
static ts_proc_result run_script(const char *script, const char *const *args)
{
    const char *argv[32];
    int n = 0;
    const char *preload = getenv("FFI_PRELOAD");
    const char *asan = getenv("ASAN_OPTIONS");
    char opts[1100], ld_preload[1100];
    const char *env[] = {opts, ld_preload, "USE_ZEND_ALLOC=0", "PYTHONMALLOC=malloc", NULL};

    argv[n++] = lang->bin;
    if (lang == &python)
        argv[n++] = "-B"; /* writes no .pyc file anywhere */
    argv[n++] = script;
    for (; args != NULL && *args != NULL && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    /* The interpreters' own allocators hand out pieces of big blocks,
     * inside which ASan sees no bounds: malloc, so it checks what the
     * library writes into memory the script allocated. */
    int preloading = preload != NULL && *preload != '\0';
    snprintf(opts, sizeof opts, "ASAN_OPTIONS=%s%sdetect_leaks=0:verify_asan_link_order=0",
             asan ? asan : "", asan ? ":" : "");
    snprintf(ld_preload, sizeof ld_preload, "LD_PRELOAD=%s", preloading ? preload : "");
    return ts_proc_capture(argv, preloading ? env : NULL);
}

/* Run the example for one tenant, with the settings that point the plugin
 * at the sandboxes.  `key_file` NULL: the right key. */
static ts_proc_result run_example(const char *key_file, const char *tenant, const char *account,
                               const char *region)
{
    ts_host_args a;
    return run_script(lang->example,
                      ts_host_args_for(&a, &up, NULL, key_file, tenant, account, region));
}

/* ---- the suites' setup ------------------------------------------------------------ */

static int find_interpreter(void)
{
    const char *value = ts_env_required(lang->bin_env);
    if (resolve_bin(value, lang->bin, sizeof lang->bin) != 0) {
        fprintf(stderr, "missing prerequisite: %s=%s is not an installed program: install %s "
                        "(scripts/deps.sh test)\n", lang->bin_env, value, lang->package);
        return -1;
    }
    const char *probe_args[] = {lang->probe, NULL};
    ts_proc_result r = run_script(lang == &php ? "-r" : "-c", probe_args);
    int ok = r.exit_code == 0;
    if (!ok)
        fprintf(stderr, "missing prerequisite: %s cannot use its FFI (install %s, "
                        "scripts/deps.sh test): %s\n", lang->bin, lang->package, r.err);
    ts_proc_free(&r);
    return ok ? 0 : -1;
}

static int setup(host_lang *which)
{
    lang = which;
    ts_env_required("PANELSSO_FFI_HEADER");
    ts_env_required("PANELSSO_LIBAUTHLOADER");
    if (find_interpreter() != 0)
        return -1;
    /* The example's PLUGIN_DIR: a private directory holding only sendgrid.so. */
    return ts_upstream_start(&up);
}

static int setup_php(void) { return setup(&php); }
static int setup_python(void) { return setup(&python); }

static int cleanup(void)
{
    ts_upstream_stop(&up);
    return 0;
}

/* ---- what the examples print ---------------------------------------------------- */

/* A login in `region` answers 303 with a Location on that region's sandbox
 * that logs `account` in, once. */
static void login_and_follow(const ts_sandbox *sb, const char *tenant, const char *account,
                             const char *region)
{
    ts_proc_result r = run_example(NULL, tenant, account, region);
    char expect[300];
    ts_check_host_login(&r, lang->name, sb, up.ca_file, tenant, account, region);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\r\nContent-Length: 0\r\n\r\n"));
    /* The operator's log, through the FFI callback: the audit line, at info. */
    snprintf(expect, sizeof expect, "%s: info: sendgrid: login tenant=%s account=%s region=%s "
             "outcome=AUTH_OK", lang->name, tenant, account, region);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, expect));
    ts_proc_free(&r);
}

static void test_global_tenant(void)
{
    login_and_follow(&up.global, "acme", "acct-acme-42", "global");
}

static void test_eu_tenant(void)
{
    login_and_follow(&up.eu, "muller", "acct-muller-7", "eu");
}

static void test_unknown_account(void)
{
    ts_proc_result r = run_example(NULL, "ghost", "script-404", "global");
    char expect[200];
    ts_check_host_exit(&r, lang->name, 1);
    ts_check_not_found_answer(r.out);
    /* The status's name comes from auth_loader_status_name, through the FFI. */
    snprintf(expect, sizeof expect, "%s: login for tenant ghost failed: AUTH_ERR_NOT_FOUND: "
             "SendGrid (global) answered 404", lang->name);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, expect));
    ts_proc_free(&r);
}

static void test_rate_limited(void)
{
    ts_proc_result r = run_example(NULL, "busy", "script-429-seconds", "eu");
    ts_check_host_exit(&r, lang->name, 1);
    ts_check_rate_limited_answer(r.out);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "AUTH_ERR_RATE_LIMITED"));
    ts_proc_free(&r);
}

static void test_unreadable_key(void)
{
    char missing[400], expect[100];
    snprintf(missing, sizeof missing, "%s/no-such.key", up.dir);
    ts_proc_result r = run_example(missing, "acme", "acct-acme-42", "global");
    ts_check_host_exit(&r, lang->name, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    snprintf(expect, sizeof expect, "%s: cannot load SendGrid: ", lang->name);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, expect));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "api_key_file: cannot open"));
    ts_proc_free(&r);
}

/* Without the header the example says what to install, and exits 2. */
static void test_missing_header(void)
{
    char *saved = strdup(getenv("PANELSSO_FFI_HEADER"));
    char expect[300];
    CU_ASSERT_PTR_NOT_NULL_FATAL(saved);
    setenv("PANELSSO_FFI_HEADER", "/nonexistent/auth_loader_ffi.h", 1);
    ts_proc_result r = run_example(NULL, "acme", "acct-acme-42", "global");
    setenv("PANELSSO_FFI_HEADER", saved, 1);
    free(saved);
    ts_check_host_exit(&r, lang->name, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    snprintf(expect, sizeof expect, "%s: cannot read /nonexistent/auth_loader_ffi.h: install "
             "libauthloader-dev or set PANELSSO_FFI_HEADER", lang->name);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, expect));
    ts_proc_free(&r);
}

static void test_usage(void)
{
    const char *args[] = {up.plugin_dir, NULL};
    char expect[100];
    ts_proc_result r = run_script(lang->example, args);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    snprintf(expect, sizeof expect, "usage: %s.", lang->name);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, expect));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, " PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID REGION"));
    ts_proc_free(&r);
}

/* ---- the helpers through the FFI ---------------------------------------------------- */

/* What dump_helpers.{php,py} must print: the library's answers as C sees
 * them, and the sizes as C compiled the real headers. */
static char *expected_helpers(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    fprintf(f, "sizeof auth_result %zu %zu\n", sizeof(auth_result), sizeof(auth_result));
    fprintf(f, "sizeof auth_account %zu %zu\n", sizeof(auth_account), sizeof(auth_account));
    fprintf(f, "sizeof auth_account_request %zu %zu\n", sizeof(auth_account_request),
            sizeof(auth_account_request));
    for (int s = -1; s <= 20; s++)
        fprintf(f, "status %d %s|%s|%s\n", s, auth_loader_status_name(s),
                auth_loader_status_text(s), auth_loader_status_user_text(s));
    for (int op = -1; op <= 9; op++) {
        const char *name = auth_loader_account_op_name(op);
        fprintf(f, "op %d %s\n", op, name ? name : "NULL");
    }
    fprintf(f, "enum %d %d %d %d\n", AUTH_ERR_OUTCOME_UNKNOWN, AUTH_ACCOUNT_CATALOG,
            AUTH_LOADER_TRUST_DIR, AUTH_LOG_DEBUG);
    fprintf(f, "init struct_size=%zu status=0 region=\"\"\n", sizeof(auth_result));
    fprintf(f, "wipe redirect_url=\"\" user_message=\"kept\"\n");
    fprintf(f, "account struct_size=%zu account_id=\"\"\n", sizeof(auth_account));
    fclose(f);
    return text;
}

static void test_helpers_answer_as_in_c(void)
{
    char *expected = expected_helpers();
    ts_proc_result r = run_script(lang->dump, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(expected);
    if (r.exit_code != 0 || strcmp(r.out, expected) != 0)
        fprintf(stderr, "%s exited %d; it printed:\n%s%s\nexpected:\n%s", lang->dump,
                r.exit_code, r.out, r.err, expected);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, expected);
    free(expected);
    ts_proc_free(&r);
}

/* ---- the docs ------------------------------------------------------------------------ */

/* docs/integrating.md shows the program ctest runs, not a copy that drifted. */
static void test_docs_show_this_exact_source(void)
{
    char *doc = ts_read_file(INTEGRATING_DOC, NULL);
    ts_check_doc_shows(INTEGRATING_DOC, php.example, "php");
    /* and says what PHP cannot do */
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_PTR_NOT_NULL(strstr(doc, "PHP strings cannot be wiped"));
    free(doc);
}

static int add_host_suite(const char *name, CU_InitializeFunc init)
{
    CU_pSuite s = CU_add_suite(name, init, cleanup);
    return s != NULL &&
           CU_add_test(s, "the helpers answer as in C", test_helpers_answer_as_in_c) &&
           CU_add_test(s, "global tenant: 303, URL logs in once", test_global_tenant) &&
           CU_add_test(s, "EU tenant: the EU region", test_eu_tenant) &&
           CU_add_test(s, "unknown account: user message, operator log",
                       test_unknown_account) &&
           CU_add_test(s, "rate limited: Retry-After", test_rate_limited) &&
           CU_add_test(s, "unreadable key: fails at load", test_unreadable_key) &&
           CU_add_test(s, "no header: says what to install", test_missing_header) &&
           CU_add_test(s, "usage", test_usage);
}

int main(int argc, char **argv)
{
    CU_pSuite doc;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    if (!add_host_suite("php", setup_php) || !add_host_suite("python", setup_python) ||
        (doc = CU_add_suite("php_doc", NULL, NULL)) == NULL ||
        !CU_add_test(doc, "docs/integrating.md shows open_sendgrid_ffi.php",
                     test_docs_show_this_exact_source)) {
        CU_cleanup_registry();
        return 1;
    }
    return ts_run_suites(argc, argv);
}
