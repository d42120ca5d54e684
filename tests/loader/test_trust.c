/* SPDX-License-Identifier: MIT */
/*
 * test_trust.c -- the loader refuses a plugin that someone other than root
 * or this process could have written, before any code of it runs.
 *
 * Each case copies the test-only "marker" plugin (plugins/marker_plugin.c,
 * whose constructor creates the file named by PANELSSO_TEST_MARKER) into a
 * fresh directory under $TMPDIR with one bad mode or owner, loads it with
 * auth_loader_load_file and auth_loader_load_dir, and checks the recorded
 * reason (the path, the bit, the command that fixes it) and that the marker
 * was never created.  The positive controls load trusted copies and see the
 * marker appear, so the marker does prove that a load ran the constructor.
 *
 * The owner cases chown to uid 65534 ("nobody") and so need root; run as
 * anyone else they fail, saying so.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader_test.h"

#define MARKER_ENV "PANELSSO_TEST_MARKER"
#define NOBODY 65534

/* One case's private directory tree: BASE (ts_make_tempdir, mode 0700) and the
 * marker file BASE/marker, outside every plugin directory. */
typedef struct fixture {
    char base[256];
    char marker[300];
    char paths[4][512];
} fixture;

/* The case's fixture lives here, not on the test's stack, so the suite's
 * tear-down (trust_teardown) removes it even after a fatal assertion left
 * the test function early. */
static fixture current;

static fixture *fx_open(void)
{
    fixture *f = &current;
    memset(f, 0, sizeof *f);
    if (ts_make_tempdir(f->base, sizeof f->base) != 0) {
        f->base[0] = '\0';
        CU_FAIL_FATAL("cannot make the test's temporary directory (is TMPDIR too long?)");
    }
    if (snprintf(f->marker, sizeof f->marker, "%s/marker", f->base) >= (int)sizeof f->marker)
        CU_FAIL_FATAL("the marker path is too long");
    CU_ASSERT_EQUAL_FATAL(setenv(MARKER_ENV, f->marker, 1), 0);
    return f;
}

/* BASE/rel, in one of four slots. */
static const char *fx_path(fixture *f, int slot, const char *rel)
{
    snprintf(f->paths[slot], sizeof f->paths[slot], "%s/%s", f->base, rel);
    return f->paths[slot];
}

/* Modes are set with chmod, so the umask cannot change them. */
static void fx_mkdir(fixture *f, const char *rel, mode_t mode)
{
    const char *p = fx_path(f, 3, rel);
    if (mkdir(p, 0700) != 0 || chmod(p, mode) != 0) {
        fprintf(stderr, "mkdir/chmod %s: %s\n", p, strerror(errno));
        CU_FAIL_FATAL("cannot make a test directory");
    }
}

static void fx_plugin(fixture *f, const char *rel, mode_t mode)
{
    const char *p = fx_path(f, 3, rel);
    FILE *in = fopen(MARKER_PLUGIN, "rb"), *out = fopen(p, "wb");
    char b[65536];
    size_t n;
    int ok = in != NULL && out != NULL;
    while (ok && (n = fread(b, 1, sizeof b, in)) > 0)
        ok = fwrite(b, 1, n, out) == n;
    if (in != NULL)
        fclose(in);
    if (out != NULL && fclose(out) != 0)
        ok = 0;
    if (!ok || chmod(p, mode) != 0) {
        fprintf(stderr, "copying %s to %s: %s\n", MARKER_PLUGIN, p, strerror(errno));
        CU_FAIL_FATAL("cannot copy the marker plugin");
    }
}

/* Give rel to uid/gid 65534; only root may. */
static int fx_give_away(fixture *f, const char *rel)
{
    const char *p = fx_path(f, 3, rel);
    if (geteuid() != 0) {
        CU_FAIL("this test needs root: it gives a file to uid 65534 (nobody) with "
                "chown; run the loader suite as root");
        return -1;
    }
    if (lchown(p, NOBODY, NOBODY) != 0) {
        fprintf(stderr, "chown %s: %s\n", p, strerror(errno));
        CU_FAIL("chown to uid 65534 failed");
        return -1;
    }
    return 0;
}

static int marker_ran(const fixture *f)
{
    return access(f->marker, F_OK) == 0;
}

void trust_teardown(void)
{
    fixture *f = &current;
    unsetenv(MARKER_ENV);
    if (f->base[0] != '\0')
        ts_remove_tree(f->base);
    memset(f, 0, sizeof *f);
}

/* Does every needle (NULL-terminated) occur in text?  Says which does not. */
static int has_all(const char *what, const char *text, const char *const *needles)
{
    int ok = 1;
    for (; *needles != NULL; needles++) {
        if (!contains(text, *needles)) {
            fprintf(stderr, "\n  %s '%s' lacks '%s'", what, text ? text : "(null)",
                    *needles);
            ok = 0;
        }
    }
    return ok;
}

/*
 * Load `plugin` (relative to BASE) with load_file, then the directory `dir`
 * with load_dir; both must be refused with a reason holding every needle,
 * and the marker must never appear.  `refused` is what load_dir records the
 * failure for: the directory itself (dir-level problems) or the plugin file
 * in it.
 */
static void expect_refused(fixture *f, const char *plugin, const char *dir,
                           const char *refused, const char *const *needles)
{
    ts_logcap *sink;
    auth_loader *l;
    auth_result r;
    const char *file = NULL, *reason = NULL;
    char plugin_path[700], dir_path[700], refused_path[700];

    snprintf(plugin_path, sizeof plugin_path, "%s/%s", f->base, plugin);
    snprintf(dir_path, sizeof dir_path, "%s/%s", f->base, dir);
    snprintf(refused_path, sizeof refused_path, "%s/%s", f->base, refused);
    l = new_logged_loader(&sink, AUTH_LOG_ERROR, 0);

    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, plugin_path, NULL, NULL, &r), AUTH_ERR_CONFIG);
    CU_ASSERT_EQUAL(strncmp(r.log_message, plugin_path, strlen(plugin_path)), 0);
    CU_ASSERT_TRUE(has_all("load_file result", r.log_message, needles));
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), 1);
    if (auth_loader_failure(l, 0, &file, &reason) == AUTH_OK) {
        CU_ASSERT_STRING_EQUAL(file, plugin_path);
        CU_ASSERT_TRUE(has_all("load_file failure", reason, needles));
        CU_ASSERT_TRUE(contains(reason, "no code of it ran"));
    }
    CU_ASSERT_FALSE(marker_ran(f));
    CU_ASSERT_EQUAL(auth_loader_count(l), 0);
    auth_loader_unload_all(l);
    unlink(f->marker);

    CU_ASSERT_EQUAL(auth_loader_load_dir(l, dir_path), 0);
    CU_ASSERT_EQUAL(auth_loader_count(l), 0);
    /* exactly one failure: a refused directory's files are not tried */
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), 1);
    if (auth_loader_failure(l, 0, &file, &reason) == AUTH_OK) {
        CU_ASSERT_STRING_EQUAL(file, refused_path);
        CU_ASSERT_TRUE(has_all("load_dir failure", reason, needles));
    }
    CU_ASSERT_TRUE(ts_logcap_has(sink, AUTH_LOG_ERROR, needles[0]));
    CU_ASSERT_FALSE(marker_ran(f));
    auth_loader_destroy(l);
    ts_logcap_free(sink);
}

/* "<BASE/rel> is writable by <who> (mode <mode>)" and its chmod command. */
static void writable_needles(fixture *f, const char *rel, const char *who,
                             const char *mode, const char *flag, char what[1024],
                             char fix[1024])
{
    const char *p = fx_path(f, 0, rel);
    snprintf(what, 1024, "%s is writable by %s (mode %s", p, who, mode);
    snprintf(fix, 1024, "run 'chmod %s %s'", flag, p);
}

static void owner_needles(fixture *f, const char *rel, char what[1024], char fix[1024])
{
    const char *p = fx_path(f, 0, rel);
    snprintf(what, 1024, "%s is owned by uid %d, not root or this process's uid %u", p,
             NOBODY, (unsigned)geteuid());
    snprintf(fix, 1024, "run 'chown root %s'", p);
}

/* What makes a layout untrusted: `bad` (relative to BASE) is writable by
 * `who`, shown as `mode`, fixed by chmod `flag`; `extra`, when not NULL, is
 * one more phrase the reason must hold. */
typedef struct writable {
    const char *bad, *who, *mode, *flag, *extra;
} writable;

static void expect_refused_writable(fixture *f, const char *plugin, const char *dir,
                                    const char *refused, const writable *w)
{
    char what[1024], fix[1024];
    const char *const n[] = {what, fix, w->extra, NULL};
    writable_needles(f, w->bad, w->who, w->mode, w->flag, what, fix);
    expect_refused(f, plugin, dir, refused, n);
}

/* The common layout: BASE/plugins (dir_mode) holding marker.so (file_mode),
 * refused for `w`, which names the file or the directory. */
static void refuse_plugins_dir(mode_t dir_mode, mode_t file_mode, const writable *w)
{
    fixture *f = fx_open();
    fx_mkdir(f, "plugins", dir_mode);
    fx_plugin(f, "plugins/marker.so", file_mode);
    expect_refused_writable(f, "plugins/marker.so", "plugins", w->bad, w);
}

/* The common layout with `rel` (the file or the directory) given to nobody. */
static void refuse_owned_by_another_user(const char *rel)
{
    fixture *f = fx_open();
    char what[1024], fix[1024];
    fx_mkdir(f, "plugins", 0755);
    fx_plugin(f, "plugins/marker.so", 0644);
    if (fx_give_away(f, rel) == 0) {
        const char *const n[] = {what, fix, NULL};
        owner_needles(f, rel, what, fix);
        expect_refused(f, "plugins/marker.so", "plugins", rel, n);
    }
}

/* ---- refusals ---------------------------------------------------------- */

static void test_file_writable_by_others(void)
{
    const writable w = {"plugins/marker.so", "others", "0646", "o-w", NULL};
    refuse_plugins_dir(0755, 0646, &w);
}

static void test_file_writable_by_group(void)
{
    const writable w = {"plugins/marker.so", "group", "0664", "g-w", NULL};
    refuse_plugins_dir(0755, 0664, &w);
}

static void test_file_writable_by_group_and_others(void)
{
    const writable w = {"plugins/marker.so", "group and others", "0777", "go-w", NULL};
    refuse_plugins_dir(0755, 0777, &w);
}

static void test_directory_writable_by_others(void)
{
    const writable w = {"plugins", "others", "0757", "o-w", NULL};
    refuse_plugins_dir(0757, 0644, &w);
}

static void test_directory_writable_by_group(void)
{
    const writable w = {"plugins", "group", "0775", "g-w", NULL};
    refuse_plugins_dir(0775, 0644, &w);
}

/* The sticky bit lets anyone add files: never enough for the plugin's own
 * directory, even though it is for an ancestor. */
static void test_sticky_own_directory(void)
{
    const writable w = {"plugins", "group and others", "1777", "go-w", "sticky bit"};
    refuse_plugins_dir(01777, 0644, &w);
}

static void test_file_owned_by_another_user(void)
{
    refuse_owned_by_another_user("plugins/marker.so");
}

static void test_directory_owned_by_another_user(void)
{
    refuse_owned_by_another_user("plugins");
}

/* A link in a trusted directory is judged by what it points to: here a
 * file in a directory anyone may write. */
static void test_symlink_into_untrusted_directory(void)
{
    const writable w = {"open", "group and others", "0777", "go-w", NULL};
    fixture *f = fx_open();
    fx_mkdir(f, "plugins", 0755);
    fx_mkdir(f, "open", 0777);
    fx_plugin(f, "open/real.so", 0644);
    CU_ASSERT_EQUAL_FATAL(symlink(fx_path(f, 1, "open/real.so"),
                                  fx_path(f, 2, "plugins/marker.so")), 0);
    expect_refused_writable(f, "plugins/marker.so", "plugins", "plugins/marker.so", &w);
}

/* Every directory up to "/" counts, not only the plugin's own. */
static void test_ancestor_writable_by_others(void)
{
    const writable w = {"open", "group and others", "0777", "go-w", NULL};
    fixture *f = fx_open();
    fx_mkdir(f, "open", 0777);
    fx_mkdir(f, "open/plugins", 0755);
    fx_plugin(f, "open/plugins/marker.so", 0644);
    expect_refused_writable(f, "open/plugins/marker.so", "open/plugins", "open/plugins", &w);
}

/* ---- what is trusted: the positive controls ------------------------------ */

static void expect_loaded(fixture *f, auth_loader *l, const char *file, const char *name)
{
    auth_result r;
    auth_loader_entry e;
    size_t i, n;
    int found = 0;
    auth_result_init(&r);
    CU_ASSERT_EQUAL(auth_loader_load_file(l, file, name, NULL, &r), AUTH_OK);
    if (r.status != AUTH_OK)
        fprintf(stderr, "\n  %s: %s", file, r.log_message);
    CU_ASSERT_TRUE(marker_ran(f));
    n = auth_loader_count(l);
    for (i = 0; i < n; i++)
        if (auth_loader_get(l, i, &e) == AUTH_OK && strcmp(e.name, name) == 0)
            found = strcmp(e.file, file) == 0;
    CU_ASSERT_TRUE(found);
    unlink(f->marker);
}

/* Each load needs its own copy: the dynamic linker runs a constructor once
 * per file (by device and inode), and plugins stay mapped (-z nodelete), so
 * every copy exists before the first load and until the end. */
static void test_trusted_copies_run_their_constructor(void)
{
    fixture *f = fx_open();
    auth_loader *l;
    auth_result r;
    const char *const attrs[] = {"tenant=acme", NULL};
    fx_mkdir(f, "good", 0755);
    fx_plugin(f, "good/marker.so", 0644);
    /* the owner may write its own file: only group and others matter */
    fx_mkdir(f, "own", 0700);
    fx_plugin(f, "own/marker.so", 0600);
    /* a sticky ancestor (like /tmp) is allowed */
    fx_mkdir(f, "sticky", 01777);
    fx_mkdir(f, "sticky/plugins", 0755);
    fx_plugin(f, "sticky/plugins/marker.so", 0644);
    /* a link is judged by its target, not by where the link lives */
    fx_mkdir(f, "target", 0755);
    fx_plugin(f, "target/marker.so", 0644);
    fx_mkdir(f, "open", 0777);
    CU_ASSERT_EQUAL_FATAL(symlink(fx_path(f, 1, "target/marker.so"),
                                  fx_path(f, 2, "open/link.so")), 0);
    /* a directory for load_dir */
    fx_mkdir(f, "dir", 0755);
    fx_plugin(f, "dir/marker.so", 0644);

    CU_ASSERT_FALSE(marker_ran(f));
    l = new_loader(NULL, AUTH_LOG_ERROR, 0, NULL, NULL);
    expect_loaded(f, l, fx_path(f, 0, "good/marker.so"), "good");
    expect_loaded(f, l, fx_path(f, 0, "own/marker.so"), "own");
    expect_loaded(f, l, fx_path(f, 0, "sticky/plugins/marker.so"), "sticky");
    expect_loaded(f, l, fx_path(f, 0, "open/link.so"), "link");
    CU_ASSERT_EQUAL(auth_loader_load_dir(l, fx_path(f, 0, "dir")), 1);
    CU_ASSERT_TRUE(marker_ran(f));
    CU_ASSERT_TRUE(auth_loader_has(l, "marker"));
    CU_ASSERT_EQUAL(auth_loader_failure_count(l), 0);
        CU_ASSERT_EQUAL(login_into(l, "marker", attrs, &r), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(r.log_message, "marker: login");
    auth_loader_destroy(l);
}

/* ---- the exported check, as hosts call it for their own files ----------- */

static void test_check_path_trust_answers(void)
{
    fixture *f = fx_open();
    char reason[1024], want[1024];
    const char *p;
    fx_mkdir(f, "good", 0755);
    fx_plugin(f, "good/marker.so", 0644);
    fx_mkdir(f, "open", 0777);
    fx_plugin(f, "open/x.so", 0644);

    strcpy(reason, "junk");
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(fx_path(f, 0, "good/marker.so"),
                                                 AUTH_LOADER_TRUST_FILE, reason,
                                                 sizeof reason), AUTH_OK);
    CU_ASSERT_STRING_EQUAL(reason, "");
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(fx_path(f, 0, "good"),
                                                 AUTH_LOADER_TRUST_DIR, reason,
                                                 sizeof reason), AUTH_OK);
    /* the kind must match */
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(fx_path(f, 0, "good"),
                                                 AUTH_LOADER_TRUST_FILE, reason,
                                                 sizeof reason), AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(reason, "good is not a regular file: name the file itself"));
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(fx_path(f, 0, "good/marker.so"),
                                                 AUTH_LOADER_TRUST_DIR, reason,
                                                 sizeof reason), AUTH_ERR_CONFIG);
    CU_ASSERT_TRUE(contains(reason, "marker.so is not a directory"));
    /* missing */
    p = fx_path(f, 0, "good/nosuch.so");
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(p, AUTH_LOADER_TRUST_FILE, reason,
                                                 sizeof reason), AUTH_ERR_CONFIG);
    snprintf(want, sizeof want, "cannot resolve %s (No such file or directory)", p);
    CU_ASSERT_TRUE(contains(reason, want));
    /* bad arguments */
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(NULL, AUTH_LOADER_TRUST_FILE, reason,
                                                 sizeof reason), AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_TRUE(contains(reason, "needs a path"));
    CU_ASSERT_EQUAL(auth_loader_check_path_trust("", AUTH_LOADER_TRUST_FILE, NULL, 0),
                    AUTH_ERR_INVALID_REQUEST);
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(fx_path(f, 0, "good"), 0, reason,
                                                 sizeof reason), AUTH_ERR_INVALID_REQUEST);
    /* no reason buffer, a tiny one, an empty one */
    p = fx_path(f, 0, "open/x.so");
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(p, AUTH_LOADER_TRUST_FILE, NULL, 0),
                    AUTH_ERR_CONFIG);
    memset(reason, 'x', sizeof reason);
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(p, AUTH_LOADER_TRUST_FILE, reason, 8),
                    AUTH_ERR_CONFIG);
    CU_ASSERT_EQUAL(strlen(reason), 7);
    CU_ASSERT_EQUAL(reason[8], 'x');
    reason[0] = 'x';
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(p, AUTH_LOADER_TRUST_FILE, reason, 0),
                    AUTH_ERR_CONFIG);
    CU_ASSERT_EQUAL(reason[0], 'x');
}

/* Names in a writable directory are chosen by whoever can write it: the
 * reason shows control characters as '?', and quotes the path in the
 * command when a shell would read it otherwise. */
static void test_reason_shows_hostile_names_safely(void)
{
    fixture *f = fx_open();
    char reason[1024], want[1024];
    fx_mkdir(f, "my dir $HOME", 0777);
    fx_plugin(f, "my dir $HOME/x.so", 0644);
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(fx_path(f, 0, "my dir $HOME/x.so"),
                                                 AUTH_LOADER_TRUST_FILE, reason,
                                                 sizeof reason), AUTH_ERR_CONFIG);
    snprintf(want, sizeof want, "%s/my dir $HOME is writable by group and others (mode 0777): "
             "run 'chmod go-w \"%s/my dir \\$HOME\"'", f->base, f->base);
    CU_ASSERT_TRUE(contains(reason, want));
    if (!contains(reason, want))
        fprintf(stderr, "\n  reason: %s\n  wanted: %s", reason, want);

    fx_mkdir(f, "evil\033[2J\n", 0757);
    fx_plugin(f, "evil\033[2J\n/x.so", 0644);
    CU_ASSERT_EQUAL(auth_loader_check_path_trust(fx_path(f, 0, "evil\033[2J\n/x.so"),
                                                 AUTH_LOADER_TRUST_FILE, reason,
                                                 sizeof reason), AUTH_ERR_CONFIG);
    snprintf(want, sizeof want, "%s/evil?[2J? is writable by others (mode 0757)", f->base);
    CU_ASSERT_TRUE(contains(reason, want));
    CU_ASSERT_PTR_NULL(strchr(reason, '\033'));
    CU_ASSERT_PTR_NULL(strchr(reason, '\n'));
}

CU_TestInfo trust_tests[] = {
    {"trusted copies load and run their constructor (positive control)",
     test_trusted_copies_run_their_constructor},
    {"a plugin file writable by others is refused unopened", test_file_writable_by_others},
    {"a plugin file writable by group is refused unopened", test_file_writable_by_group},
    {"a plugin file writable by group and others is refused unopened",
     test_file_writable_by_group_and_others},
    {"a plugin directory writable by others is refused unopened",
     test_directory_writable_by_others},
    {"a plugin directory writable by group is refused unopened",
     test_directory_writable_by_group},
    {"a sticky plugin directory is refused unopened", test_sticky_own_directory},
    {"a plugin file owned by another user is refused unopened",
     test_file_owned_by_another_user},
    {"a plugin directory owned by another user is refused unopened",
     test_directory_owned_by_another_user},
    {"a symlink into an untrusted directory is refused unopened",
     test_symlink_into_untrusted_directory},
    {"an ancestor writable by others is refused unopened", test_ancestor_writable_by_others},
    {"auth_loader_check_path_trust: kinds, missing paths, arguments, buffers",
     test_check_path_trust_answers},
    {"hostile names are shown safely in the reason", test_reason_shows_hostile_names_safely},
    CU_TEST_INFO_NULL};
