/* SPDX-License-Identifier: MIT */
/* fixture.c -- the shared set-up of panelctl's suites (see fixture.h). */
#include "fixture.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PANELCTL_BIN
#error "PANELCTL_BIN must be defined by the build"
#endif
#ifndef FAKE_PLUGIN
#error "FAKE_PLUGIN must be defined by the build"
#endif
#ifndef FAKE_OLD_PLUGIN
#error "FAKE_OLD_PLUGIN must be defined by the build"
#endif

char fx_tmpdir[400];
char fx_good_dir[512];
char fx_mixed_dir[512];
char fx_old_dir[512];
static char path_buf[4][512];

const char *fx_tmp_path(int slot, const char *name)
{
    snprintf(path_buf[slot], sizeof path_buf[slot], "%s/%s", fx_tmpdir, name);
    return path_buf[slot];
}

int fx_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

const char *fx_config(const char *fmt, ...)
{
    static int seq;
    char name[64], text[16384];
    const char *path;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    snprintf(name, sizeof name, "config-%d.json", ++seq);
    path = fx_tmp_path(0, name);
    /* panelctl refuses a config others could have written: whatever the
     * umask, this one is the operator's own */
    CU_ASSERT_FATAL(fx_write_file(path, text) == 0 && chmod(path, 0644) == 0);
    return path;
}

const char *fx_fake_config(const char *tenants)
{
    return fx_config("{\n  \"plugin_dir\": \"%s\",\n"
                     "  \"providers\": { \"fake\": { \"label\": \"L\", \"timeout_ms\": 5000, \"flag\": false } },\n"
                     "  \"tenants\": { %s }\n}\n",
                     fx_good_dir, tenants);
}

const char *fx_account_config(const char *more)
{
    char tenants[2048];
    snprintf(tenants, sizeof tenants,
             "\"t\": { \"provider\": \"fake\", \"account_id\": \"X1\", \"region\": \"eu\"%s%s },"
             " \"newco\": { \"provider\": \"fake\", \"region\": \"eu\"%s%s }",
             more ? ", " : "", more ? more : "", more ? ", " : "", more ? more : "");
    return fx_fake_config(tenants);
}

const fx_status_exit fx_status_exits[] = {
    {"AUTH_ERR_INTERNAL", 1},       {"AUTH_ERR_CONFIG", 2},
    {"AUTH_ERR_VERSION", 2},        {"AUTH_ERR_INVALID_REQUEST", 3},
    {"AUTH_ERR_AUTH_REJECTED", 4},  {"AUTH_ERR_FORBIDDEN", 5},
    {"AUTH_ERR_NOT_FOUND", 6},      {"AUTH_ERR_RATE_LIMITED", 7},
    {"AUTH_ERR_UNAVAILABLE", 8},    {"AUTH_ERR_PROTOCOL", 9},
    {"AUTH_ERR_TLS", 10},           {"AUTH_ERR_NOT_SUPPORTED", 2},
    {"AUTH_ERR_OUTCOME_UNKNOWN", 11},
};
const size_t fx_status_exit_count = sizeof fx_status_exits / sizeof fx_status_exits[0];

ts_proc_result fx_runv(const char *const *args)
{
    const char *argv[256];
    int n = 0;
    ts_proc_result r;
    argv[n++] = PANELCTL_BIN;
    for (; *args != NULL && n < 255; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    if (ts_proc_run(argv, NULL, 0, &r) != 0) {
        fprintf(stderr, "cannot run %s: %s\n", PANELCTL_BIN, strerror(errno));
        CU_FAIL_FATAL("panelctl could not be started");
    }
    return r;
}

ts_proc_result fx_run(const char *first, ...)
{
    const char *args[64];
    int n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a != NULL && n < 60; a = va_arg(ap, const char *))
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    return fx_runv(args);
}

int fx_has(const char *hay, const char *needle)
{
    return hay != NULL && strstr(hay, needle) != NULL;
}

void fx_assert_one_error(const ts_proc_result *r)
{
    CU_ASSERT_EQUAL(ts_count_lines(r->err), 1);
    CU_ASSERT_EQUAL(strncmp(r->err, "panelctl: ", 10), 0);
    CU_ASSERT_STRING_EQUAL(r->out, "");
    /* "what went wrong: what to do" -- at least two colon-separated parts
     * after the program name. */
    CU_ASSERT_PTR_NOT_NULL(strchr(r->err + 10, ':'));
    CU_ASSERT_FALSE(fx_has(r->err, SECRET));
}

void fx_expect_output(ts_proc_result *r, const char *out)
{
    CU_ASSERT_EQUAL(r->exit_code, 0);
    CU_ASSERT_STRING_EQUAL(r->out, out);
    CU_ASSERT_STRING_EQUAL(r->err, "");
    if (r->exit_code != 0 || strcmp(r->out, out) != 0 || r->err[0] != '\0')
        SHOW(*r);
    ts_proc_free(r);
}

void fx_expect_failure(ts_proc_result *r, int exit_code, ...)
{
    const char *needle;
    va_list ap;
    int ok = r->exit_code == exit_code;
    CU_ASSERT_EQUAL(r->exit_code, exit_code);
    fx_assert_one_error(r);
    va_start(ap, exit_code);
    while ((needle = va_arg(ap, const char *)) != NULL) {
        char what[300];
        int found = fx_has(r->err, needle);
        /* the assertion's text names the needle, as a literal would */
        snprintf(what, sizeof what, "fx_has(r.err, \"%s\")", needle);
        CU_assertImplementation(found ? CU_TRUE : CU_FALSE, __LINE__, what, __FILE__, "",
                                CU_FALSE);
        ok = ok && found;
    }
    va_end(ap);
    if (!ok)
        SHOW(*r);
    ts_proc_free(r);
}

/* A plugin file copied into a directory, both as the loader trusts them
 * (modes set with chmod, not left to the umask). */
static int install_plugin(const char *from, const char *dir, const char *name)
{
    char to[700];
    snprintf(to, sizeof to, "%s/%s", dir, name);
    return ts_copy_file(from, to) == 0 && chmod(to, 0644) == 0 ? 0 : -1;
}

int fx_setup(void)
{
    struct stat sb;
    if (stat(PANELCTL_BIN, &sb) != 0 || !(sb.st_mode & S_IXUSR)) {
        fprintf(stderr, "FATAL: panelctl binary %s is missing: build it first\n", PANELCTL_BIN);
        return -1;
    }
    if (stat(FAKE_PLUGIN, &sb) != 0 || stat(FAKE_OLD_PLUGIN, &sb) != 0) {
        fprintf(stderr, "FATAL: fake plugin %s or %s is missing: build them first\n",
                FAKE_PLUGIN, FAKE_OLD_PLUGIN);
        return -1;
    }
    if (ts_make_tempdir(fx_tmpdir, sizeof fx_tmpdir) != 0) {
        fx_tmpdir[0] = '\0';
        return -1;
    }
    snprintf(fx_good_dir, sizeof fx_good_dir, "%s/plugins-good", fx_tmpdir);
    snprintf(fx_mixed_dir, sizeof fx_mixed_dir, "%s/plugins-mixed", fx_tmpdir);
    snprintf(fx_old_dir, sizeof fx_old_dir, "%s/plugins-old", fx_tmpdir);
    /* The loader refuses plugins and directories that group or others
     * could write: modes set with chmod. */
    if (mkdir(fx_good_dir, 0755) != 0 || mkdir(fx_mixed_dir, 0755) != 0 ||
        mkdir(fx_old_dir, 0755) != 0 || chmod(fx_good_dir, 0755) != 0 ||
        chmod(fx_mixed_dir, 0755) != 0 || chmod(fx_old_dir, 0755) != 0 ||
        install_plugin(FAKE_PLUGIN, fx_good_dir, "fake.so") != 0 ||
        install_plugin(FAKE_PLUGIN, fx_mixed_dir, "fake.so") != 0 ||
        install_plugin(FAKE_OLD_PLUGIN, fx_old_dir, "fakeold.so") != 0 ||
        fx_write_file(fx_tmp_path(1, "plugins-mixed/broken.so"),
                      "this is not a shared object\n") != 0 ||
        chmod(fx_tmp_path(1, "plugins-mixed/broken.so"), 0644) != 0) {
        fprintf(stderr, "FATAL: cannot prepare plugin directories in %s: %s\n", fx_tmpdir,
                strerror(errno));
        return -1;
    }
    return 0;
}

void fx_cleanup(void)
{
    if (fx_tmpdir[0] == '\0')
        return;
    ts_remove_tree(fx_tmpdir);
    fx_tmpdir[0] = '\0';
}
