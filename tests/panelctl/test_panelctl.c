/*
 * test_panelctl.c -- runs the real panelctl binary with configurations
 * written at test time and the test-only "fake" plugin, and checks what a
 * user sees: stdout, stderr and the exit status.
 *
 * usage: test_panelctl [SUITE]   (no argument: every suite)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testsupport.h"

#ifndef PANELCTL_BIN
#error "PANELCTL_BIN must be defined by the build"
#endif
#ifndef FAKE_PLUGIN
#error "FAKE_PLUGIN must be defined by the build"
#endif
#ifndef PANELCTL_MAN_PAGE
#error "PANELCTL_MAN_PAGE must be defined by the build"
#endif

#define FAKE_URL "https://fake.invalid/login?code=fake-one-time-code"
#define SECRET "fake-one-time-code"

static char tmpdir[256];
static char good_dir[512];   /* fake.so only */
static char mixed_dir[512];  /* fake.so and a broken.so */
static char path_buf[4][512];

/* ---- fixture helpers ---------------------------------------------------- */

static const char *tmp_path(int slot, const char *name)
{
    snprintf(path_buf[slot], sizeof path_buf[slot], "%s/%s", tmpdir, name);
    return path_buf[slot];
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* Write a config file (printf-style body) and return its path. */
static const char *config(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *config(const char *fmt, ...)
{
    static int seq;
    char name[64], text[8192];
    const char *path;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    snprintf(name, sizeof name, "config-%d.json", ++seq);
    path = tmp_path(0, name);
    /* panelctl refuses a config others could have written: whatever the
     * umask, this one is the operator's own */
    CU_ASSERT_FATAL(write_file(path, text) == 0 && chmod(path, 0644) == 0);
    return path;
}

/* A config for the fake plugin in good_dir with tenants given as a JSON
 * object body. */
static const char *fake_config(const char *tenants)
{
    return config("{\n  \"plugin_dir\": \"%s\",\n"
                  "  \"providers\": { \"fake\": { \"label\": \"L\", \"timeout_ms\": 5000, \"flag\": false } },\n"
                  "  \"tenants\": { %s }\n}\n",
                  good_dir, tenants);
}

/* Run panelctl with up to 8 arguments (NULL-terminated). */
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
    if (ts_proc_run(argv, NULL, 0, &r) != 0) {
        CU_FAIL_FATAL("panelctl could not be started");
    }
    return r;
}

static int has(const char *hay, const char *needle)
{
    return hay != NULL && strstr(hay, needle) != NULL;
}

/* The shape of every error: exactly one line, "panelctl: ...", and nothing
 * on stdout. */
static void assert_one_error(const ts_proc_result *r)
{
    CU_ASSERT_EQUAL(ts_count_lines(r->err), 1);
    CU_ASSERT_EQUAL(strncmp(r->err, "panelctl: ", 10), 0);
    CU_ASSERT_STRING_EQUAL(r->out, "");
    /* "what went wrong: what to do" -- at least two colon-separated parts
     * after the program name. */
    CU_ASSERT_PTR_NOT_NULL(strchr(r->err + 10, ':'));
    CU_ASSERT_FALSE(has(r->err, SECRET));
}

#define SHOW(r) \
    fprintf(stderr, "\n  exit=%d\n  stdout=[%s]\n  stderr=[%s]\n", (r).exit_code, (r).out, (r).err)

/* ---- suite: cli ---------------------------------------------------------- */

static void test_help(void)
{
    ts_proc_result r = run("--help", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(has(r.out, "usage: panelctl"));
    CU_ASSERT_TRUE(has(r.out, "login [--with-region] TENANT"));
    CU_ASSERT_TRUE(has(r.out, "check TENANT"));
    CU_ASSERT_TRUE(has(r.out, "plugins"));
    CU_ASSERT_TRUE(has(r.out, "--plugin-dir DIR"));
    /* the one configuration file every panelsso host reads */
    CU_ASSERT_TRUE(has(r.out, "/panelsso/panelsso.json)"));
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    r = run("-h", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(has(r.out, "usage: panelctl"));
    ts_proc_free(&r);
}

static void test_version(void)
{
    ts_proc_result r = run("--version", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "panelctl ", 9), 0);
    CU_ASSERT_TRUE(has(r.out, "ABI 1."));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

static void test_bad_usage(void)
{
    const char *cfg = fake_config("\"acme\": { \"provider\": \"fake\" }");
    struct {
        const char *args[5];
        const char *expect;
    } cases[] = {
        {{NULL}, "no command given"},
        {{"-c", cfg, NULL}, "no command given"},
        {{"-c", cfg, "frobnicate", NULL}, "unknown command 'frobnicate'"},
        {{"-c", cfg, "login", NULL}, "'login' needs a TENANT"},
        {{"-c", cfg, "check", NULL}, "'check' needs a TENANT"},
        {{"-c", cfg, "login", "acme", "extra"}, "takes one TENANT"},
        {{"-c", cfg, "plugins", "extra", NULL}, "'plugins' takes no arguments"},
        {{"--bogus", NULL}, "unknown option --bogus"},
        {{"-x", NULL}, "unknown option -x"},
        {{"-c", NULL}, "option -c needs an argument"},
        {{"-c", cfg, "--with-region", "check", "acme"}, "--with-region only applies to 'login'"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *const *a = cases[i].args;
        ts_proc_result r = run(a[0], a[0] ? a[1] : NULL, a[0] && a[1] ? a[2] : NULL,
                            a[0] && a[1] && a[2] ? a[3] : NULL,
                            a[0] && a[1] && a[2] && a[3] ? a[4] : NULL, NULL);
        CU_ASSERT_EQUAL(r.exit_code, 2);
        assert_one_error(&r);
        CU_ASSERT_TRUE(has(r.err, cases[i].expect));
        CU_ASSERT_TRUE(has(r.err, "panelctl --help"));
        if (r.exit_code != 2 || !has(r.err, cases[i].expect))
            SHOW(r);
        ts_proc_free(&r);
    }
}

/* --help's exit-status table (generated from exit_codes.c) and the man
 * page's must say the same thing. */
static void test_man_page_matches_exit_table(void)
{
    ts_proc_result r = run("--help", NULL);
    FILE *f = fopen(PANELCTL_MAN_PAGE, "r");
    char *man = NULL, *line, *save = NULL;
    size_t cap = 0;
    int rows = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_TRUE(getdelim(&man, &cap, '\0', f) > 0);
    fclose(f);
    line = strstr(r.out, "exit status:\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    for (line = strtok_r(line + 13, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        int code, off = 0;
        char row[256];
        if (sscanf(line, " %d %n", &code, &off) != 1 || off == 0)
            break;
        snprintf(row, sizeof row, "\n%d\t%s\n", code, line + off);
        CU_ASSERT_TRUE(has(man, row));
        if (!has(man, row))
            fprintf(stderr, "\n  man page lacks row: %s", row + 1);
        CU_ASSERT_EQUAL(code, rows);
        rows++;
    }
    CU_ASSERT_EQUAL(rows, 11);
    free(man);
    ts_proc_free(&r);
}

/* ---- suite: login -------------------------------------------------------- */

static const char *acme_config(void)
{
    return fake_config("\"acme\": { \"provider\": \"fake\", \"account_id\": \"X1\", "
                       "\"region\": \"eu\", \"n\": 5000, \"b\": true, "
                       "\"expires_at_ms\": 1700000000000 }");
}

#define ACME_URL FAKE_URL "&s.label=L&s.timeout_ms=5000&s.flag=false" \
    "&a.account_id=X1&a.region=eu&a.n=5000&a.b=true&a.expires_at_ms=1700000000000&a.tenant=acme"

static void test_login_prints_only_the_url(void)
{
    ts_proc_result r = run("-c", acme_config(), "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    /* also proves settings and attributes arrive as key=value, numbers and
     * booleans as their JSON text, plus tenant=NAME */
    CU_ASSERT_STRING_EQUAL(r.out, ACME_URL "\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    if (r.exit_code != 0)
        SHOW(r);
    ts_proc_free(&r);
}

static void test_login_with_region(void)
{
    ts_proc_result r = run("-c", acme_config(), "login", "--with-region", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "eu " ACME_URL "\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
    /* a plugin that names no region: "-" */
    r = run("-c", fake_config("\"t\": { \"provider\": \"fake\" }"), "--with-region",
            "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "- " FAKE_URL "&s.label=L&s.timeout_ms=5000&s.flag=false&a.tenant=t\n");
    ts_proc_free(&r);
}

static void test_login_verbose(void)
{
    ts_proc_result r = run("-v", "-c", acme_config(), "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, ACME_URL "\n");
    /* the plugin's own line, through the loader's log callback */
    CU_ASSERT_TRUE(has(r.err, "panelctl: info: fake: login for tenant acme\n"));
    /* region and expiry, never the URL */
    CU_ASSERT_TRUE(has(r.err, "region eu answered"));
    CU_ASSERT_TRUE(has(r.err, "2023-11-14T22:13:20Z"));
    CU_ASSERT_FALSE(has(r.err, SECRET));
    CU_ASSERT_FALSE(has(r.err, "https://"));
    CU_ASSERT_FALSE(has(r.err, "debug"));
    if (!has(r.err, "region eu answered"))
        SHOW(r);
    ts_proc_free(&r);

    r = run("-vv", "-c", acme_config(), "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, ACME_URL "\n");
    CU_ASSERT_TRUE(has(r.err, "panelctl: debug: fake: debug detail for tenant acme\n"));
    CU_ASSERT_FALSE(has(r.err, SECRET));
    ts_proc_free(&r);

    /* without -v: silence on stderr */
    r = run("-c", acme_config(), "check", "acme", NULL);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

/* panelctl turns core dumps and same-user ptrace off before any plugin
 * runs (and so before a plugin reads its key); the fake plugin reports what
 * it saw at init. */
static void test_plugins_run_non_dumpable(void)
{
    ts_proc_result r = run("-vv", "-c", acme_config(), "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_TRUE(has(r.err, "panelctl: debug: fake: init in a process with dumpable=0\n"));
    CU_ASSERT_FALSE(has(r.err, "dumpable=1"));
    if (!has(r.err, "dumpable=0"))
        SHOW(r);
    ts_proc_free(&r);
}

static void test_check_ok(void)
{
    ts_proc_result r = run("-c", acme_config(), "check", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "OK: tenant 'acme' (provider fake, region eu): "
                                  "credentials and connection verified\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

static void test_plugin_dir_option_overrides_config(void)
{
    const char *cfg = config("{ \"plugin_dir\": \"%s/nowhere\", "
                             "\"tenants\": { \"t\": { \"provider\": \"fake\" } } }",
                             tmpdir);
    ts_proc_result r = run("-c", cfg, "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "nowhere: No such file or directory"));
    CU_ASSERT_TRUE(has(r.err, "--plugin-dir"));
    ts_proc_free(&r);
    r = run("-c", cfg, "--plugin-dir", good_dir, "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    /* no providers entry: the plugin loads with no settings */
    CU_ASSERT_STRING_EQUAL(r.out, FAKE_URL "&a.tenant=t\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    ts_proc_free(&r);
}

/* ---- suite: exit_codes --------------------------------------------------- */

static const struct {
    const char *status;
    int exit_code;
} expected_exits[] = {
    {"AUTH_ERR_INTERNAL", 1},       {"AUTH_ERR_CONFIG", 2},
    {"AUTH_ERR_VERSION", 2},        {"AUTH_ERR_INVALID_REQUEST", 3},
    {"AUTH_ERR_AUTH_REJECTED", 4},  {"AUTH_ERR_FORBIDDEN", 5},
    {"AUTH_ERR_NOT_FOUND", 6},      {"AUTH_ERR_RATE_LIMITED", 7},
    {"AUTH_ERR_UNAVAILABLE", 8},    {"AUTH_ERR_PROTOCOL", 9},
    {"AUTH_ERR_TLS", 10},
};

static void check_every_status(const char *command)
{
    size_t i;
    for (i = 0; i < sizeof expected_exits / sizeof expected_exits[0]; i++) {
        char tenants[256], msg[256];
        ts_proc_result r;
        snprintf(tenants, sizeof tenants,
                 "\"t\": { \"provider\": \"fake\", \"status\": \"%s\" }",
                 expected_exits[i].status);
        r = run("-c", fake_config(tenants), command, "t", NULL);
        CU_ASSERT_EQUAL(r.exit_code, expected_exits[i].exit_code);
        assert_one_error(&r);
        /* the status name and the plugin's operator message */
        CU_ASSERT_TRUE(has(r.err, expected_exits[i].status));
        snprintf(msg, sizeof msg, ": fake plugin was told to fail with %s: ",
                 expected_exits[i].status);
        CU_ASSERT_TRUE(has(r.err, msg));
        CU_ASSERT_TRUE(has(r.err, "tenant 't'"));
        if (r.exit_code != expected_exits[i].exit_code || !has(r.err, msg))
            SHOW(r);
        ts_proc_free(&r);
    }
}

static void test_login_exit_codes(void) { check_every_status("login"); }
static void test_check_exit_codes(void) { check_every_status("check"); }

static void test_rate_limited_says_when_to_retry(void)
{
    ts_proc_result r = run("-c", fake_config("\"t\": { \"provider\": \"fake\", "
                                          "\"status\": \"AUTH_ERR_RATE_LIMITED\", "
                                          "\"retry_after_s\": 30 }"),
                        "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 7);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "retry in 30 seconds"));
    CU_ASSERT_TRUE(has(r.err, "retry_after_s"));
    ts_proc_free(&r);
    r = run("-c", fake_config("\"t\": { \"provider\": \"fake\", "
                              "\"status\": \"AUTH_ERR_RATE_LIMITED\" }"),
            "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 7);
    CU_ASSERT_TRUE(has(r.err, "wait and retry"));
    ts_proc_free(&r);
}

static void test_multiline_plugin_message_stays_one_line(void)
{
    ts_proc_result r = run("-c", fake_config("\"t\": { \"provider\": \"fake\", "
                                          "\"status\": \"AUTH_ERR_PROTOCOL\", "
                                          "\"message\": \"first\\nsecond\\r\\nthird\" }"),
                        "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 9);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "first second  third"));
    ts_proc_free(&r);
}

/* A plugin's URL goes to the terminal as is: one holding a control
 * character or a space is refused as a protocol error, and neither stream
 * shows any of it. */
static void test_url_with_control_characters_is_refused(void)
{
    static const struct {
        const char *json;   /* the URL as a JSON string body */
        const char *what;   /* how stderr names the character */
    } cases[] = {
        {"https://fake.invalid/login?code=" SECRET "\\rInjected", "a carriage return"},
        {"https://fake.invalid/login?code=" SECRET "\\nInjected", "a line feed"},
        {"https://fake.invalid/login?code=" SECRET "\\u001b[2JInjected", "an escape character"},
        {"https://fake.invalid/login?code=" SECRET "\\u007fInjected", "a delete character"},
        {"https://fake.invalid/login?code=" SECRET " Injected", "a space"},
        {"https://fake.invalid/login?code=" SECRET "\\tInjected", "a tab"},
        {"https://fake.invalid/login?code=" SECRET "\\u0007Injected", "control character 0x07"},
        {"https://fake.invalid/login?code=" SECRET "\\u009b2JInjected", "non-ASCII byte 0xc2"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tenants[512];
        ts_proc_result r;
        snprintf(tenants, sizeof tenants, "\"t\": { \"provider\": \"fake\", \"url\": \"%s\" }",
                 cases[i].json);
        r = run("-c", fake_config(tenants), "login", "t", NULL);
        CU_ASSERT_EQUAL(r.exit_code, 9);
        assert_one_error(&r);
        CU_ASSERT_TRUE(has(r.err, "provider 'fake' returned a login URL holding"));
        CU_ASSERT_TRUE(has(r.err, cases[i].what));
        CU_ASSERT_TRUE(has(r.err, "AUTH_ERR_PROTOCOL"));
        CU_ASSERT_FALSE(has(r.err, "Injected"));
        CU_ASSERT_FALSE(has(r.err, "fake.invalid"));
        CU_ASSERT_FALSE(has(r.out, "Injected"));
        if (r.exit_code != 9 || !has(r.err, cases[i].what))
            SHOW(r);
        ts_proc_free(&r);
        /* --with-region prints the same URL: refused the same way */
        r = run("-c", fake_config(tenants), "login", "--with-region", "t", NULL);
        CU_ASSERT_EQUAL(r.exit_code, 9);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        CU_ASSERT_FALSE(has(r.err, SECRET));
        ts_proc_free(&r);
    }
}

/* The region is printed too (login --with-region, check's OK line). */
static void test_region_with_control_characters_is_refused(void)
{
    const char *cfg = fake_config("\"t\": { \"provider\": \"fake\", "
                                  "\"url\": \"" FAKE_URL "\", "
                                  "\"region\": \"eu\\u001b[2J\" }");
    ts_proc_result r = run("-c", cfg, "login", "--with-region", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 9);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "returned a region holding an escape character"));
    CU_ASSERT_PTR_NULL(strchr(r.err, '\033'));
    ts_proc_free(&r);
    r = run("-c", cfg, "check", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 9);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "returned a region holding an escape character"));
    ts_proc_free(&r);
    /* without --with-region the region is not printed, only logged (and
     * the log makes control characters spaces) */
    r = run("-c", cfg, "login", "t", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r.out, FAKE_URL "\n");
    ts_proc_free(&r);
}

/* ---- suite: trust ---------------------------------------------------------
 * panelctl's config file names the plugin directory and the key files:
 * panelctl refuses it, as the loader refuses a plugin, when anyone but root
 * or panelctl's own user could have written it or a directory above it. */

static void expect_trust_refusal(const char *cfg, const char *what, const char *fix)
{
    ts_proc_result r = run("-c", cfg, "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "config file "));
    CU_ASSERT_TRUE(has(r.err, what));
    CU_ASSERT_TRUE(has(r.err, fix));
    if (r.exit_code != 2 || !has(r.err, what) || !has(r.err, fix)) {
        fprintf(stderr, "\n  wanted: %s ... %s", what, fix);
        SHOW(r);
    }
    ts_proc_free(&r);
}

static void test_config_writable_by_others_or_group(void)
{
    static const struct {
        mode_t mode;
        const char *who, *flag;
    } cases[] = {{0646, "others (mode 0646)", "o-w"},
                 {0664, "group (mode 0664)", "g-w"},
                 {0666, "group and others (mode 0666)", "go-w"}};
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *cfg = acme_config();
        char what[700], fix[700];
        CU_ASSERT_EQUAL_FATAL(chmod(cfg, cases[i].mode), 0);
        snprintf(what, sizeof what, "%s is writable by %s", cfg, cases[i].who);
        snprintf(fix, sizeof fix, "run 'chmod %s %s'", cases[i].flag, cfg);
        expect_trust_refusal(cfg, what, fix);
    }
}

static void test_config_owned_by_another_user(void)
{
    const char *cfg = acme_config();
    char what[700], fix[700];
    if (geteuid() != 0) {
        CU_FAIL("this test needs root: it gives the config file to uid 65534 (nobody); "
                "run the panelctl suite as root");
        return;
    }
    CU_ASSERT_EQUAL_FATAL(chown(cfg, 65534, 65534), 0);
    snprintf(what, sizeof what, "%s is owned by uid 65534, not root or this process's uid 0",
             cfg);
    snprintf(fix, sizeof fix, "run 'chown root %s'", cfg);
    expect_trust_refusal(cfg, what, fix);
}

static void test_config_in_a_directory_others_may_write(void)
{
    const char *dir = tmp_path(1, "open-config-dir");
    char cfg[600], what[700], fix[700];
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(dir, 0777), 0);
    snprintf(cfg, sizeof cfg, "%s/panelsso.json", dir);
    CU_ASSERT_EQUAL_FATAL(rename(acme_config(), cfg), 0);
    snprintf(what, sizeof what, "%s is writable by group and others (mode 0777)", dir);
    snprintf(fix, sizeof fix, "run 'chmod go-w %s'", dir);
    expect_trust_refusal(cfg, what, fix);
    CU_ASSERT_EQUAL(chmod(dir, 0755), 0);
}

/* A plugin directory others may write: `plugins` lists it as failed, and a
 * tenant of a provider in it gets the loader's reason. */
static void test_untrusted_plugin_directory(void)
{
    const char *dir = tmp_path(1, "plugins-open");
    char so[600], cfg_text[1200], want[1400];
    const char *cfg;
    ts_proc_result r;
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
    snprintf(so, sizeof so, "%s/fake.so", dir);
    CU_ASSERT_EQUAL_FATAL(ts_copy_file(FAKE_PLUGIN, so), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(so, 0644), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(dir, 0757), 0);
    snprintf(cfg_text, sizeof cfg_text, "{ \"plugin_dir\": \"%s\", \"tenants\": "
             "{ \"acme\": { \"provider\": \"fake\" } } }", dir);
    cfg = config("%s", cfg_text);
    snprintf(want, sizeof want, "%s is writable by others (mode 0757): run 'chmod o-w %s'",
             dir, dir);

    r = run("-c", cfg, "plugins", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, "failed\t", 7), 0);
    CU_ASSERT_TRUE(has(r.out, dir));
    CU_ASSERT_TRUE(has(r.out, want));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    ts_proc_free(&r);

    r = run("-c", cfg, "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "tenant 'acme' uses provider 'fake', but the plugin directory"));
    CU_ASSERT_TRUE(has(r.err, want));
    if (!has(r.err, want))
        SHOW(r);
    ts_proc_free(&r);

    /* the same plugin file, writable by others, in a good directory */
    CU_ASSERT_EQUAL(chmod(dir, 0755), 0);
    CU_ASSERT_EQUAL(chmod(so, 0666), 0);
    snprintf(want, sizeof want, "%s is writable by group and others (mode 0666): "
             "run 'chmod go-w %s'", so, so);
    r = run("-c", cfg, "login", "acme", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "uses provider 'fake', which failed to load"));
    CU_ASSERT_TRUE(has(r.err, want));
    if (!has(r.err, want))
        SHOW(r);
    ts_proc_free(&r);
}

/* ---- suite: config ------------------------------------------------------- */

static void expect_config_error(const char *cfg, const char *const *needles)
{
    ts_proc_result r = run("-c", cfg, "login", "acme", NULL);
    int ok = 1;
    CU_ASSERT_EQUAL(r.exit_code, 2);
    assert_one_error(&r);
    for (; *needles != NULL; needles++) {
        CU_ASSERT_TRUE(has(r.err, *needles));
        if (!has(r.err, *needles)) {
            fprintf(stderr, "\n  missing in stderr: %s", *needles);
            ok = 0;
        }
    }
    if (!ok || r.exit_code != 2)
        SHOW(r);
    ts_proc_free(&r);
}

static void test_missing_config(void)
{
    const char *path = tmp_path(1, "does-not-exist.json");
    /* the library's advice fits every host, not only panelctl's -c */
    const char *n[] = {path, "No such file or directory", "check the path", NULL};
    expect_config_error(path, n);
}

static void test_unreadable_config(void)
{
    /* a directory opens but cannot be read, even for root */
    const char *n[] = {"cannot read config file", tmpdir, "Is a directory", NULL};
    expect_config_error(tmpdir, n);
}

static void test_invalid_json(void)
{
    {
        const char *cfg = config("{\n  \"tenants\": {\n    \"acme\": { \"provider\": \"fake\",, }\n  }\n}\n");
        const char *n[] = {"not valid JSON", "line 3, column 34", cfg, "fix the JSON syntax", NULL};
        expect_config_error(cfg, n);
    }
    {
        const char *cfg = config("{\n  \"tenants\": {\n");
        const char *n[] = {"line 3, column 1", "unexpected end of file", NULL};
        expect_config_error(cfg, n);
    }
    {
        const char *cfg = config("{ \"tenants\": {} }\n\nx\n");
        const char *n[] = {"line 3, column 1", NULL};
        expect_config_error(cfg, n);
    }
    {
        const char *cfg = config("%s", "");
        const char *n[] = {"line 1, column 1", "unexpected end of file", NULL};
        expect_config_error(cfg, n);
    }
}

static void test_wrong_types(void)
{
    struct {
        const char *body;
        const char *needle;
    } cases[] = {
        {"{ \"providers\": { \"fake\": { \"timeout_ms\": {} } } }",
         "providers.fake.timeout_ms must be a string, number or boolean, not an object"},
        {"{ \"providers\": { \"fake\": { \"hosts\": [1] } } }",
         "providers.fake.hosts must be a string, number or boolean, not an array"},
        {"{ \"tenants\": { \"acme\": { \"provider\": \"fake\", \"region\": null } } }",
         "tenants.acme.region must be a string, number or boolean, not null"},
        {"{ \"tenants\": { \"acme\": { \"provider\": 3 } } }",
         "tenants.acme.provider must be a non-empty string, not a number"},
        {"{ \"tenants\": { \"acme\": { \"account_id\": \"x\" } } }",
         "tenants.acme has no \"provider\""},
        {"{ \"tenants\": { \"acme\": { \"provider\": \"fake\", \"tenant\": \"x\" } } }",
         "tenants.acme.tenant is reserved"},
        {"{ \"tenants\": { \"acme\": \"fake\" } }",
         "tenants.acme must be an object, not a string"},
        {"{ \"tenants\": [] }", "tenants must be an object, not an array"},
        {"{ \"providers\": { \"fake\": 1 } }", "providers.fake must be an object, not a number"},
        {"{ \"plugin_dir\": false }", "plugin_dir must be a string, not a boolean"},
        {"{ \"tennants\": {} }", "unknown top-level key \"tennants\""},
        {"[]", "the top level must be an object, not an array"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *cfg = config("%s", cases[i].body);
        const char *n[] = {cases[i].needle, cfg, NULL};
        expect_config_error(cfg, n);
    }
}

static void test_unknown_tenant(void)
{
    const char *cfg = fake_config("\"acme\": { \"provider\": \"fake\" }, "
                                  "\"muller\": { \"provider\": \"fake\" }");
    ts_proc_result r = run("-c", cfg, "login", "nobody", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    assert_one_error(&r);
    CU_ASSERT_TRUE(has(r.err, "unknown tenant 'nobody'"));
    CU_ASSERT_TRUE(has(r.err, "use one of: acme, muller"));
    ts_proc_free(&r);
    r = run("-c", cfg, "check", "nobody", NULL);
    CU_ASSERT_EQUAL(r.exit_code, 2);
    CU_ASSERT_TRUE(has(r.err, "use one of: acme, muller"));
    ts_proc_free(&r);
}

/* The reason `plugins` gives for broken.so. */
static char *broken_reason(void)
{
    ts_proc_result r = run("-c", config("{}"), "--plugin-dir", mixed_dir, "plugins", NULL);
    char *line = strstr(r.out, "failed\t"), *reason = NULL;
    if (line != NULL && (line = strchr(line + 7, '\t')) != NULL) {
        size_t n = strcspn(line + 1, "\n");
        reason = strndup(line + 1, n);
    }
    ts_proc_free(&r);
    return reason;
}

static void test_provider_not_loaded(void)
{
    char *reason = broken_reason();
    CU_ASSERT_PTR_NOT_NULL_FATAL(reason);
    CU_ASSERT_TRUE(strlen(reason) > 0);
    {   /* the plugin file is there but does not load: the loader's reason */
        const char *cfg = config("{ \"plugin_dir\": \"%s\", \"tenants\": { \"acme\": "
                                 "{ \"provider\": \"broken\" } } }", mixed_dir);
        const char *n[] = {"tenant 'acme' uses provider 'broken', which failed to load",
                           reason, "providers.broken", NULL};
        expect_config_error(cfg, n);
    }
    {   /* no such file at all */
        const char *cfg = config("{ \"plugin_dir\": \"%s\", \"tenants\": { \"acme\": "
                                 "{ \"provider\": \"nosuch\" } } }", good_dir);
        char msg[700];
        const char *n[] = {msg, "install nosuch.so there or fix tenants.acme.provider", NULL};
        snprintf(msg, sizeof msg, "no plugin named nosuch in %s", good_dir);
        expect_config_error(cfg, n);
    }
    {   /* the plugin's init refused its settings */
        const char *cfg = config("{ \"plugin_dir\": \"%s\", \"providers\": { \"fake\": "
                                 "{ \"fail_init\": \"AUTH_ERR_CONFIG\" } }, \"tenants\": "
                                 "{ \"acme\": { \"provider\": \"fake\" } } }", good_dir);
        const char *n[] = {"which failed to load", "fake: init refused because fail_init=AUTH_ERR_CONFIG",
                           NULL};
        expect_config_error(cfg, n);
    }
    free(reason);
}

/* ---- suite: plugins ------------------------------------------------------- */

static void test_plugins_lists_loaded_and_failed(void)
{
    const char *cfg = config("{ \"plugin_dir\": \"%s\", \"providers\": { \"fake\": {} } }",
                             mixed_dir);
    ts_proc_result r = run("-c", cfg, "plugins", NULL);
    char loaded[700], failed[700], abi[16] = "";
    /* The fake plugin is built from the same auth_provider.h as panelctl, so
     * they settle on the version panelctl's --version names. */
    ts_proc_result v = run("--version", NULL);
    const char *at = strstr(v.out, "(auth_provider ABI ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    CU_ASSERT_EQUAL(sscanf(at, "(auth_provider ABI %15[0-9.])", abi), 1);
    ts_proc_free(&v);
    snprintf(loaded, sizeof loaded, "loaded\tfake\t1.0.0-fake\t%s\t%s/fake.so\n",
             abi, mixed_dir);
    snprintf(failed, sizeof failed, "failed\t%s/broken.so\t", mixed_dir);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, loaded, strlen(loaded)), 0);
    CU_ASSERT_TRUE(has(r.out, failed));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 2);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    if (r.exit_code != 0 || !has(r.out, failed) || strncmp(r.out, loaded, strlen(loaded)) != 0)
        SHOW(r);
    ts_proc_free(&r);
}

static void test_plugins_shows_init_failure(void)
{
    const char *cfg = config("{ \"plugin_dir\": \"%s\", \"providers\": { \"fake\": "
                             "{ \"fail_init\": \"AUTH_ERR_CONFIG\" } } }", good_dir);
    ts_proc_result r = run("-c", cfg, "plugins", NULL);
    char failed[700];
    snprintf(failed, sizeof failed, "failed\t%s/fake.so\t", good_dir);
    CU_ASSERT_EQUAL(r.exit_code, 0);
    CU_ASSERT_EQUAL(strncmp(r.out, failed, strlen(failed)), 0);
    CU_ASSERT_TRUE(has(r.out, "fail_init=AUTH_ERR_CONFIG"));
    CU_ASSERT_EQUAL(ts_count_lines(r.out), 1);
    ts_proc_free(&r);
}

/* ---- setup and runner ---------------------------------------------------- */

static int setup(void)
{
    struct stat sb;
    if (stat(PANELCTL_BIN, &sb) != 0 || !(sb.st_mode & S_IXUSR)) {
        fprintf(stderr, "FATAL: panelctl binary %s is missing: build it first\n", PANELCTL_BIN);
        return -1;
    }
    if (stat(FAKE_PLUGIN, &sb) != 0) {
        fprintf(stderr, "FATAL: fake plugin %s is missing: build it first\n", FAKE_PLUGIN);
        return -1;
    }
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0)
        return -1;
    snprintf(good_dir, sizeof good_dir, "%s/plugins-good", tmpdir);
    snprintf(mixed_dir, sizeof mixed_dir, "%s/plugins-mixed", tmpdir);
    /* Modes set with chmod, not left to the umask: the loader refuses
     * plugins and directories that group or others could write. */
    if (mkdir(good_dir, 0755) != 0 || mkdir(mixed_dir, 0755) != 0 ||
        chmod(good_dir, 0755) != 0 || chmod(mixed_dir, 0755) != 0 ||
        ts_copy_file(FAKE_PLUGIN, tmp_path(1, "plugins-good/fake.so")) != 0 ||
        chmod(tmp_path(1, "plugins-good/fake.so"), 0644) != 0 ||
        ts_copy_file(FAKE_PLUGIN, tmp_path(1, "plugins-mixed/fake.so")) != 0 ||
        chmod(tmp_path(1, "plugins-mixed/fake.so"), 0644) != 0 ||
        write_file(tmp_path(1, "plugins-mixed/broken.so"), "this is not a shared object\n") != 0 ||
        chmod(tmp_path(1, "plugins-mixed/broken.so"), 0644) != 0) {
        fprintf(stderr, "FATAL: cannot prepare plugin directories in %s: %s\n", tmpdir,
                strerror(errno));
        return -1;
    }
    return 0;
}

typedef struct test_def {
    const char *name;
    CU_TestFunc fn;
} test_def;

static const test_def cli_tests[] = {
    {"--help prints usage on stdout, exit 0", test_help},
    {"--version", test_version},
    {"bad usage: one line on stderr, exit 2", test_bad_usage},
    {"man page exit table matches --help", test_man_page_matches_exit_table},
    {NULL, NULL}};
static const test_def login_tests[] = {
    {"login prints only the URL", test_login_prints_only_the_url},
    {"login --with-region prints REGION URL", test_login_with_region},
    {"-v/-vv log region, expiry, plugin lines, never the URL", test_login_verbose},
    {"check prints one OK line", test_check_ok},
    {"plugins run in a non-dumpable process", test_plugins_run_non_dumpable},
    {"--plugin-dir overrides plugin_dir", test_plugin_dir_option_overrides_config},
    {NULL, NULL}};
static const test_def exit_tests[] = {
    {"login: every status maps to its exit code", test_login_exit_codes},
    {"check: every status maps to its exit code", test_check_exit_codes},
    {"rate limited mentions retry_after_s", test_rate_limited_says_when_to_retry},
    {"multi-line plugin message stays one line", test_multiline_plugin_message_stays_one_line},
    {"a URL with a control character or space is refused", test_url_with_control_characters_is_refused},
    {"a region with a control character is refused", test_region_with_control_characters_is_refused},
    {NULL, NULL}};
static const test_def config_tests[] = {
    {"missing config file", test_missing_config},
    {"unreadable config file", test_unreadable_config},
    {"invalid JSON names line and column", test_invalid_json},
    {"wrong types name the JSON path", test_wrong_types},
    {"unknown tenant lists the known ones", test_unknown_tenant},
    {"provider not loaded gives the reason", test_provider_not_loaded},
    {NULL, NULL}};
static const test_def plugins_tests[] = {
    {"plugins lists loaded and failed plugins", test_plugins_lists_loaded_and_failed},
    {"plugins shows a plugin whose init failed", test_plugins_shows_init_failure},
    {NULL, NULL}};

static const test_def trust_tests[] = {
    {"a config file group or others may write is refused", test_config_writable_by_others_or_group},
    {"a config file owned by another user is refused", test_config_owned_by_another_user},
    {"a config file in a directory others may write is refused",
     test_config_in_a_directory_others_may_write},
    {"an untrusted plugin directory or file is named with its fix", test_untrusted_plugin_directory},
    {NULL, NULL}};

static const struct {
    const char *name;
    const test_def *tests;
} suites[] = {
    {"cli", cli_tests},         {"login", login_tests}, {"exit_codes", exit_tests},
    {"config", config_tests},   {"plugins", plugins_tests}, {"trust", trust_tests},
};

int main(int argc, char **argv)
{
    size_t i;
    if (setup() != 0)
        return 1;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    for (i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        CU_pSuite s = CU_add_suite(suites[i].name, NULL, NULL);
        const test_def *t;
        for (t = suites[i].tests; s != NULL && t->name != NULL; t++)
            CU_add_test(s, t->name, t->fn);
    }
    return ts_run_suites(argc, argv);
}
