/* SPDX-License-Identifier: MIT */
/*
 * test_load.c -- suites "load" and "trust": auth_config_load on real files.
 * "load": the file's kinds, sizes and errors, and that it reads the same as
 * auth_config_parse.  "trust": the loader's trust rule, applied before the
 * file is read (these tests give files to another user, so they need root).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "fixture.h"
#include "ts_modes.h"
#include "suites.h"

#define GOOD_TEXT                                                                  \
    "{\n  \"plugin_dir\": \"/usr/lib/panelsso/plugins\",\n"                        \
    "  \"providers\": { \"sendgrid\": { \"api_key_file\": \"/etc/panelsso/k\",\n"  \
    "                  \"timeout_ms\": 5000 } },\n"                                \
    "  \"tenants\": { \"acme\": { \"provider\": \"sendgrid\", \"region\": \"eu\" } }\n}\n"

static int load(const char *path, auth_config **cfg, auth_result *r)
{
    *cfg = NULL;
    auth_result_init(r);
    return auth_config_load(path, cfg, r);
}

static void expect_load_refused(const char *path, int want, const char *const *needles)
{
    auth_config *cfg;
    auth_result r;
    int st = load(path, &cfg, &r);
    fx_expect(st, &r, want, needles);
    CU_ASSERT_PTR_NULL(cfg);
    auth_config_free(cfg);
}

/* expect_load_refused with one needle: the formatted text. */
static void expect_load_refused_saying(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void expect_load_refused_saying(const char *path, const char *fmt, ...)
{
    char want[700];
    const char *n[] = {want, NULL};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(want, sizeof want, fmt, ap);
    va_end(ap);
    expect_load_refused(path, AUTH_ERR_CONFIG, n);
}

/* ---- suite: load ------------------------------------------------------------ */

static void assert_same_vectors(const char *const *a, const char *const *b)
{
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    for (i = 0; a[i] != NULL && b[i] != NULL; i++)
        CU_ASSERT_STRING_EQUAL(a[i], b[i]);
    CU_ASSERT_PTR_NULL(a[i]);
    CU_ASSERT_PTR_NULL(b[i]);
}

/* The file reads as its text parses; load's messages name the path where
 * parse's name the origin. */
static void test_load_reads_as_parse(void)
{
    const char *path = fx_write_str("panelsso.json", GOOD_TEXT, 0600);
    auth_config *from_file, *from_text = NULL;
    auth_config_provider p1, p2;
    auth_config_tenant t1, t2;
    auth_result r;
    CU_ASSERT_EQUAL_FATAL(load(path, &from_file, &r), AUTH_OK);
    CU_ASSERT_EQUAL_FATAL(auth_config_parse(GOOD_TEXT, strlen(GOOD_TEXT), "x", &from_text, &r),
                          AUTH_OK);
    CU_ASSERT_STRING_EQUAL(auth_config_plugin_dir(from_file), auth_config_plugin_dir(from_text));
    CU_ASSERT_EQUAL(auth_config_provider_count(from_file), 1);
    CU_ASSERT_EQUAL(auth_config_tenant_count(from_file), 1);
    CU_ASSERT_EQUAL(auth_config_provider_get(from_file, 0, &p1), AUTH_OK);
    CU_ASSERT_EQUAL(auth_config_provider_get(from_text, 0, &p2), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(p1.name, p2.name);
    assert_same_vectors(p1.settings, p2.settings);
    CU_ASSERT_EQUAL(auth_config_tenant_get(from_file, 0, &t1), AUTH_OK);
    CU_ASSERT_EQUAL(auth_config_tenant_get(from_text, 0, &t2), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(t1.provider, t2.provider);
    assert_same_vectors(t1.attributes, t2.attributes);
    auth_config_free(from_file);
    auth_config_free(from_text);

    path = fx_write_str("bad.json", "{\n  \"tenants\": {\n", 0600);
    expect_load_refused_saying(path, "config file %s is not valid JSON: line 3, column 1: "
                               "unexpected end of file: fix the JSON syntax", path);
}

static void test_missing_file(void)
{
    const char *path = fx_path(1, "does-not-exist.json");
    expect_load_refused_saying(path, "cannot open config file %s: No such file or directory: "
                               "check the path and the file's permissions", path);
    {
        const char *n2[] = {"cannot open config file : No such file or directory", NULL};
        expect_load_refused("", AUTH_ERR_CONFIG, n2);
    }
}

/* A directory opens but cannot be read, even by root. */
static void test_directory(void)
{
    expect_load_refused_saying(fx_dir, "cannot read config file %s: Is a directory: give the "
                               "path of the JSON file, not of its directory", fx_dir);
}

/* A FIFO, a device: refused at once (a FIFO without a writer would block
 * a host that opened it to read). */
static void test_not_a_regular_file(void)
{
    const char *fifo = fx_path(1, "fifo.json");
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    alarm(10); /* a hang ends the program, loudly */
    expect_load_refused_saying(fifo, "config file %s is a FIFO (named pipe), not a regular "
                               "file: give the path of the JSON file itself", fifo);
    alarm(0);
    {
        const char *n2[] = {"config file /dev/null is a character device, not a regular file", NULL};
        expect_load_refused("/dev/null", AUTH_ERR_CONFIG, n2);
    }
}

/* A file this process may not open: as uid 65534, a file in a directory
 * only root may enter. */
static void test_unreadable_file(void)
{
    const char *path;
    int fds[2], status = 0;
    char msg[AUTH_MESSAGE_MAX + 1];
    ssize_t n;
    pid_t pid;
    if (!fx_require_root("it reads the file as uid 65534"))
        return;
    path = fx_write_str("panelsso.json", GOOD_TEXT, 0600);
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        auth_config *cfg = NULL;
        auth_result r;
        int st;
        close(fds[0]);
        if (setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0)
            _exit(99);
        auth_result_init(&r);
        st = auth_config_load(path, &cfg, &r);
        if (write(fds[1], r.log_message, strlen(r.log_message)) < 0)
            _exit(98);
        _exit(st);
    }
    close(fds[1]);
    n = read(fds[0], msg, sizeof msg - 1);
    close(fds[0]);
    msg[n > 0 ? n : 0] = '\0';
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    CU_ASSERT_TRUE(WIFEXITED(status));
    CU_ASSERT_EQUAL(WEXITSTATUS(status), AUTH_ERR_CONFIG);
    {
        char want[700];
        snprintf(want, sizeof want,
                 "cannot open config file %s: Permission denied: check the path and the file's permissions",
                 path);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
        if (strstr(msg, want) == NULL)
            fprintf(stderr, "\n  want [%s]\n  got  [%s] (exit %d)\n", want, msg, WEXITSTATUS(status));
    }
}

/* AUTH_CONFIG_MAX_BYTES of file is read; one byte more is refused. */
static void test_size_limit(void)
{
    char *text = malloc(AUTH_CONFIG_MAX_BYTES + 1);
    const char *path;
    auth_config *cfg;
    auth_result r;
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    memset(text, '\n', AUTH_CONFIG_MAX_BYTES + 1);
    memcpy(text, "{}", 2);
    path = fx_write("exact.json", text, AUTH_CONFIG_MAX_BYTES, 0600);
    CU_ASSERT_EQUAL(load(path, &cfg, &r), AUTH_OK);
    auth_config_free(cfg);
    path = fx_write("big.json", text, AUTH_CONFIG_MAX_BYTES + 1, 0600);
    free(text);
    expect_load_refused_saying(path, "config file %s is larger than 1048576 bytes: check that "
                               "it is the configuration file", path);
}

/* A symbolic link is judged (and read) as the file it resolves to. */
static void test_symlink(void)
{
    const char *target = fx_write_str("real.json", GOOD_TEXT, 0600);
    const char *link = fx_path(1, "link.json");
    auth_config *cfg;
    auth_result r;
    CU_ASSERT_EQUAL_FATAL(symlink(target, link), 0);
    CU_ASSERT_EQUAL(load(link, &cfg, &r), AUTH_OK);
    if (cfg != NULL)
        CU_ASSERT_EQUAL(auth_config_tenant_count(cfg), 1);
    auth_config_free(cfg);
    /* the link's target may not be written by others, wherever the link is */
    CU_ASSERT_EQUAL(chmod(target, 0606), 0);
    expect_load_refused_saying(link, "%s is writable by others (mode 0606)", target);
}

static void test_bad_arguments(void)
{
    auth_config *cfg = NULL;
    auth_result r;
    const char *n_path[] = {"auth_config_load was given no path (NULL)", NULL};
    const char *n_out[] = {"out is NULL", NULL};
    auth_result_init(&r);
    fx_expect(auth_config_load(NULL, &cfg, &r), &r, AUTH_ERR_INVALID_REQUEST, n_path);
    fx_expect(auth_config_load("/etc/passwd", NULL, &r), &r, AUTH_ERR_INVALID_REQUEST, n_out);
    CU_ASSERT_EQUAL(auth_config_load(fx_path(1, "none.json"), &cfg, NULL), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(cfg);
}

/* ---- suite: trust ------------------------------------------------------------- */

static void expect_trust_refusal(const char *path, const char *what, const char *fix)
{
    char lead[1024];
    const char *n[] = {lead, what, fix, NULL};
    snprintf(lead, sizeof lead,
             "config file %s refused (it names the plugins to load and the key files they read): ",
             path);
    expect_load_refused(path, AUTH_ERR_CONFIG, n);
}

static void test_writable_by_group_or_others(void)
{
    for (size_t i = 0; i < ts_writable_mode_count; i++) {
        const char *path = fx_write_str("panelsso.json", GOOD_TEXT, ts_writable_modes[i].mode);
        char what[700], fix[700];
        ts_writable_reason(&ts_writable_modes[i], path, what, sizeof what, fix, sizeof fix);
        expect_trust_refusal(path, what, fix);
    }
    /* readable by the group (0640, the installed mode) is fine */
    {
        auth_config *cfg;
        auth_result r;
        CU_ASSERT_EQUAL(load(fx_write_str("panelsso.json", GOOD_TEXT, 0640), &cfg, &r), AUTH_OK);
        auth_config_free(cfg);
    }
}

static void test_owned_by_another_user(void)
{
    const char *path;
    char what[700], fix[700];
    if (!fx_require_root("it gives the config file to uid 65534 (nobody)"))
        return;
    path = fx_write_str("panelsso.json", GOOD_TEXT, 0644);
    CU_ASSERT_EQUAL_FATAL(chown(path, 65534, 65534), 0);
    snprintf(what, sizeof what,
             "%s is owned by uid 65534, not root or this process's uid 0", path);
    snprintf(fix, sizeof fix, "run 'chown root %s'", path);
    expect_trust_refusal(path, what, fix);
}

/* The file's own directory may not be writable by others, not even with
 * the sticky bit; a directory further up may, with the sticky bit. */
static void test_directories(void)
{
    const char *open_dir = fx_path(1, "open");
    const char *inner = fx_path(2, "open/inner");
    char path[800], what[700], fix[700];
    auth_config *cfg;
    auth_result r;
    FILE *f;
    CU_ASSERT_EQUAL_FATAL(mkdir(open_dir, 0700), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(open_dir, 0777), 0);
    snprintf(path, sizeof path, "%s/panelsso.json", open_dir);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(GOOD_TEXT, f);
    CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(path, 0600), 0);
    snprintf(what, sizeof what, "%s is writable by group and others (mode 0777)", open_dir);
    snprintf(fix, sizeof fix, "run 'chmod go-w %s'", open_dir);
    expect_trust_refusal(path, what, fix);

    CU_ASSERT_EQUAL(chmod(open_dir, 01777), 0);
    snprintf(what, sizeof what, "%s is writable by group and others (mode 1777; "
             "the sticky bit is enough only for directories further up", open_dir);
    expect_trust_refusal(path, what, fix);

    /* open/inner/panelsso.json: open is a sticky ancestor, like /tmp */
    CU_ASSERT_EQUAL_FATAL(mkdir(inner, 0755), 0);
    snprintf(path, sizeof path, "%s/panelsso.json", inner);
    CU_ASSERT_EQUAL_FATAL(rename(fx_path(3, "open/panelsso.json"), path), 0);
    CU_ASSERT_EQUAL(load(path, &cfg, &r), AUTH_OK);
    if (cfg == NULL)
        fprintf(stderr, "\n  refused: %s\n", r.log_message);
    auth_config_free(cfg);
}

/* Nothing of an untrusted file is read: broken JSON in it gets the trust
 * refusal, not a JSON message that would quote its layout. */
static void test_refused_before_reading(void)
{
    const char *path = fx_write_str("panelsso.json", "{ this is not JSON", 0666);
    char what[700];
    auth_config *cfg;
    auth_result r;
    snprintf(what, sizeof what, "%s is writable by group and others (mode 0666)", path);
    expect_trust_refusal(path, what, "go-w");
    CU_ASSERT_EQUAL(load(path, &cfg, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(strstr(r.log_message, "JSON"));
}

CU_TestInfo load_tests[] = {
    {"load reads as parse; messages name the path", test_load_reads_as_parse},
    {"a missing file", test_missing_file},
    {"a directory", test_directory},
    {"a FIFO or a device is refused at once", test_not_a_regular_file},
    {"a file this user may not open", test_unreadable_file},
    {"1 MiB is read, one byte more refused", test_size_limit},
    {"a symbolic link is judged by its target", test_symlink},
    {"bad arguments", test_bad_arguments},
    CU_TEST_INFO_NULL};

CU_TestInfo trust_tests[] = {
    {"a file group or others may write is refused", test_writable_by_group_or_others},
    {"a file owned by another user is refused", test_owned_by_another_user},
    {"directories: own never open, a sticky one above may be", test_directories},
    {"an untrusted file is refused before it is read", test_refused_before_reading},
    CU_TEST_INFO_NULL};
