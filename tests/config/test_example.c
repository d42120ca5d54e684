/* SPDX-License-Identifier: MIT */
/*
 * test_example.c -- suites "example" and "install": the configuration file
 * the project ships (tools/panelctl/panelsso.json).
 * "example": it loads with the library, its sendgrid settings are ones the
 * SendGrid plugin accepts, and panelctl(1) shows exactly this file.
 * "install": cmake's install rules put it at the default path with mode
 * 0640, where it loads, and never replace a file that is already there.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "fixture.h"
#include "sg_settings.h"
#include "suites.h"

#ifndef EXAMPLE_CONFIG
#error "EXAMPLE_CONFIG (the shipped example's source path) must be defined by the build"
#endif
#ifndef MAN_PAGE
#error "MAN_PAGE (panelctl.1's source path) must be defined by the build"
#endif
#ifndef PANELCTL_INSTALL_SCRIPT
#error "PANELCTL_INSTALL_SCRIPT (tools/panelctl's cmake_install.cmake) must be defined by the build"
#endif
#ifndef INSTALLED_CONFIG
#error "INSTALLED_CONFIG (the absolute path it installs to) must be defined by the build"
#endif
#ifndef CMAKE_COMMAND
#error "CMAKE_COMMAND must be defined by the build"
#endif

/* The whole file, NUL-terminated, or NULL (the test fails). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL) {
        fprintf(stderr, "\n  cannot open %s\n", path);
        CU_FAIL("a file the test needs is missing");
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
    } else {
        free(buf);
        buf = NULL;
        CU_FAIL("cannot read a file the test needs");
    }
    fclose(f);
    return buf;
}

static void check_example_config(const auth_config *cfg)
{
    auth_config_provider p;
    auth_config_tenant t;
    static const char *const acme[] = {"account_id=ZGkrHSypTsudrGkmdpJJ", "region=global",
                                       "tenant=acme", NULL};
    size_t i;
    CU_ASSERT_PTR_NULL(auth_config_plugin_dir(cfg)); /* hosts use their default */
    CU_ASSERT_EQUAL(auth_config_provider_count(cfg), 1);
    CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, "sendgrid", &p), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(p.settings[0], "api_key_file=/etc/panelsso/sendgrid.key");
    CU_ASSERT_EQUAL(auth_config_tenant_count(cfg), 2);
    CU_ASSERT_EQUAL_FATAL(auth_config_tenant_find(cfg, "acme", &t), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(t.provider, "sendgrid");
    for (i = 0; acme[i] != NULL; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(t.attributes[i]);
        CU_ASSERT_STRING_EQUAL(t.attributes[i], acme[i]);
    }
    CU_ASSERT_PTR_NULL(t.attributes[i]);
    CU_ASSERT_EQUAL_FATAL(auth_config_tenant_find(cfg, "muller", &t), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(t.attributes[1], "region=eu");
}

/* ---- suite: example ---------------------------------------------------------- */

static void test_example_loads(void)
{
    char *text = slurp(EXAMPLE_CONFIG);
    const char *path;
    auth_config *cfg = NULL;
    auth_result r;
    if (text == NULL)
        return;
    /* through auth_config_load, at the installed mode, in a private
     * directory: the source tree's own directories are not under test */
    path = fx_write_str("panelsso.json", text, 0640);
    free(text);
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_config_load(path, &cfg, &r), AUTH_OK);
    if (cfg == NULL) {
        fprintf(stderr, "\n  refused: %s\n", r.log_message);
        return;
    }
    check_example_config(cfg);
    auth_config_free(cfg);
}

/* The settings are ones the SendGrid plugin's settings parser takes. */
static void test_example_settings_suit_the_plugin(void)
{
    char *text = slurp(EXAMPLE_CONFIG);
    auth_config *cfg = NULL;
    auth_config_provider p;
    auth_result r;
    sg_settings s;
    char err[512] = "";
    if (text == NULL)
        return;
    auth_result_init(&r);
    CU_ASSERT_EQUAL_FATAL(auth_config_parse(text, strlen(text), EXAMPLE_CONFIG, &cfg, &r),
                          AUTH_OK);
    free(text);
    CU_ASSERT_EQUAL_FATAL(auth_config_provider_find(cfg, "sendgrid", &p), AUTH_OK);
    CU_ASSERT_EQUAL(sg_settings_parse(p.settings, &s, err, sizeof err), AUTH_OK);
    if (err[0] != '\0')
        fprintf(stderr, "\n  the plugin refuses the example: %s\n", err);
    else
        sg_settings_free(&s);
    auth_config_free(cfg);
}

/* panelctl(1) shows the shipped file, line for line, as its example. */
static void test_man_page_shows_the_example(void)
{
    char *text = slurp(EXAMPLE_CONFIG), *man = slurp(MAN_PAGE);
    char *block, *end, *line;
    if (text == NULL || man == NULL) {
        free(text);
        free(man);
        return;
    }
    block = strstr(man, ".SH CONFIGURATION");
    CU_ASSERT_PTR_NOT_NULL_FATAL(block);
    block = strstr(block, ".EX\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(block);
    block += 4;
    end = strstr(block, ".EE\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    *end = '\0';
    /* roff needs a backslash written as \e; the example has none */
    CU_ASSERT_PTR_NULL(strchr(text, '\\'));
    CU_ASSERT_STRING_EQUAL(block, text);
    if (strcmp(block, text) != 0) {
        for (line = strtok(block, "\n"); line != NULL; line = strtok(NULL, "\n"))
            if (strstr(text, line) == NULL)
                fprintf(stderr, "\n  man page line not in the example: [%s]", line);
    }
    free(text);
    free(man);
}

/* ---- suite: install ------------------------------------------------------------ */

/* Run tools/panelctl's install rules into DESTDIR=dest (NULL: none), with
 * CMAKE_INSTALL_PREFIX=prefix (NULL: the configured one); their output goes
 * to out_file.  The exit status, or -1. */
static int run_install_as(const char *dest, const char *prefix, const char *out_file)
{
    int status;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        char define[1200];
        int fd = open(out_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(127);
        if (dest != NULL)
            setenv("DESTDIR", dest, 1);
        else
            unsetenv("DESTDIR");
        if (prefix != NULL) {
            snprintf(define, sizeof define, "-DCMAKE_INSTALL_PREFIX=%s", prefix);
            execl(CMAKE_COMMAND, CMAKE_COMMAND, define, "-P", PANELCTL_INSTALL_SCRIPT,
                  (char *)NULL);
        } else {
            execl(CMAKE_COMMAND, CMAKE_COMMAND, "-P", PANELCTL_INSTALL_SCRIPT, (char *)NULL);
        }
        _exit(127);
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

static int run_install(const char *dest, const char *out_file)
{
    return run_install_as(dest, NULL, out_file);
}

static void show_file(const char *path)
{
    char *t = slurp(path);
    if (t != NULL)
        fprintf(stderr, "\n  %s:\n%s\n", path, t);
    free(t);
}

static void test_install_puts_it_at_the_default_path(void)
{
    const char *dest = fx_path(1, "dest");
    const char *log = fx_path(2, "install.log");
    char installed[1024];
    struct stat st;
    auth_config *cfg = NULL;
    auth_result r;
    char *want, *got;
    int rc;
    snprintf(installed, sizeof installed, "%s%s", dest, INSTALLED_CONFIG);
    rc = run_install(dest, log);
    CU_ASSERT_EQUAL(rc, 0);
    if (rc != 0)
        show_file(log);
    CU_ASSERT_EQUAL_FATAL(stat(installed, &st), 0);
    CU_ASSERT_TRUE(S_ISREG(st.st_mode));
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);
    want = slurp(EXAMPLE_CONFIG);
    got = slurp(installed);
    CU_ASSERT_TRUE(want != NULL && got != NULL && strcmp(want, got) == 0);
    free(want);
    free(got);
    /* the installed file, with the directories install made, passes the
     * trust rule and loads */
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_config_load(installed, &cfg, &r), AUTH_OK);
    if (cfg == NULL)
        fprintf(stderr, "\n  refused: %s\n", r.log_message);
    else
        check_example_config(cfg);
    auth_config_free(cfg);
}

/* The operator's edited file survives a second install. */
static void test_install_keeps_an_existing_file(void)
{
    const char *dest = fx_path(1, "dest");
    const char *log = fx_path(2, "install.log");
    static const char edited[] = "{ \"providers\": {} }\n";
    char installed[1024];
    char *got, *out;
    FILE *f;
    snprintf(installed, sizeof installed, "%s%s", dest, INSTALLED_CONFIG);
    CU_ASSERT_EQUAL_FATAL(run_install(dest, log), 0);
    f = fopen(installed, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(edited, f);
    CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
    CU_ASSERT_EQUAL(run_install(dest, log), 0);
    got = slurp(installed);
    CU_ASSERT_TRUE(got != NULL && strcmp(got, edited) == 0);
    free(got);
    out = slurp(log);
    CU_ASSERT_TRUE(out != NULL && strstr(out, "(an existing configuration is never replaced)") != NULL);
    if (out != NULL && strstr(out, "never replaced") == NULL)
        fprintf(stderr, "\n  install said:\n%s\n", out);
    free(out);
}

/* Where it goes follows the prefix given when installing, as
 * GNUInstallDirs has it: /usr and / put it in /etc, /opt/NAME in
 * /etc/opt/NAME, any other prefix in PREFIX/etc. */
static void test_install_follows_the_prefix(void)
{
    static const struct {
        const char *prefix, *config; /* config: under DESTDIR */
    } cases[] = {{"/usr", "/etc/panelsso/panelsso.json"},
                 {"/", "/etc/panelsso/panelsso.json"},
                 {"/opt/panelsso", "/etc/opt/panelsso/panelsso/panelsso.json"},
                 {"/srv/panel", "/srv/panel/etc/panelsso/panelsso.json"}};
    const char *log = fx_path(2, "install.log");
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dest[700], file[1400];
        struct stat st;
        int rc;
        snprintf(dest, sizeof dest, "%s/dest%zu", fx_dir, i);
        snprintf(file, sizeof file, "%s%s", dest, cases[i].config);
        rc = run_install_as(dest, cases[i].prefix, log);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_EQUAL(stat(file, &st), 0);
        if (rc != 0 || stat(file, &st) != 0) {
            fprintf(stderr, "\n  prefix %s: wanted %s", cases[i].prefix, file);
            show_file(log);
        } else {
            CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);
        }
    }
    /* no DESTDIR, a private prefix: nothing is written outside it */
    {
        char prefix[700], file[800];
        snprintf(prefix, sizeof prefix, "%s/prefix", fx_dir);
        snprintf(file, sizeof file, "%s/etc/panelsso/panelsso.json", prefix);
        CU_ASSERT_EQUAL(run_install_as(NULL, prefix, log), 0);
        CU_ASSERT_EQUAL(access(file, F_OK), 0);
    }
}

CU_TestInfo example_tests[] = {
    {"the shipped example loads", test_example_loads},
    {"its settings suit the SendGrid plugin", test_example_settings_suit_the_plugin},
    {"panelctl(1) shows exactly the shipped example", test_man_page_shows_the_example},
    CU_TEST_INFO_NULL};

CU_TestInfo install_tests[] = {
    {"install puts it at the default path, 0640, and it loads",
     test_install_puts_it_at_the_default_path},
    {"install keeps an existing configuration", test_install_keeps_an_existing_file},
    {"install follows the prefix given then", test_install_follows_the_prefix},
    CU_TEST_INFO_NULL};
