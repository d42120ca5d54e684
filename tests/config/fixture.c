/* SPDX-License-Identifier: MIT */
/* fixture.c -- per-test directories and message checks for the
 * configuration suites. */
#include "fixture.h"

#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testsupport.h"

char fx_dir[512];
static char slots[4][700];

void fx_setup(void)
{
    fx_dir[0] = '\0';
    if (ts_make_tempdir(fx_dir, sizeof fx_dir) != 0)
        fx_dir[0] = '\0';
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)flag;
    (void)f;
    if (remove(path) != 0)
        fprintf(stderr, "cannot remove %s: test files are left behind\n", path);
    return 0;
}

void fx_teardown(void)
{
    if (fx_dir[0] != '\0')
        nftw(fx_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    fx_dir[0] = '\0';
}

const char *fx_path(int slot, const char *name)
{
    snprintf(slots[slot], sizeof slots[slot], "%s/%s", fx_dir, name);
    return slots[slot];
}

const char *fx_write(const char *name, const char *text, size_t len, mode_t mode)
{
    const char *path = fx_path(0, name);
    FILE *f;
    CU_ASSERT_FATAL(fx_dir[0] != '\0');
    f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(text, 1, len, f), len);
    CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
    CU_ASSERT_EQUAL_FATAL(chmod(path, mode), 0);
    return path;
}

const char *fx_write_str(const char *name, const char *text, mode_t mode)
{
    return fx_write(name, text, strlen(text), mode);
}

static int one_line(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

void fx_expect(int st, const auth_result *r, int want, const char *const *needles)
{
    int ok = st == want && r->status == want && one_line(r->log_message);
    CU_ASSERT_EQUAL(st, want);
    CU_ASSERT_EQUAL(r->status, want);
    CU_ASSERT_TRUE(one_line(r->log_message));
    for (; needles != NULL && *needles != NULL; needles++) {
        int found = strstr(r->log_message, *needles) != NULL;
        CU_ASSERT_TRUE(found);
        if (!found) {
            fprintf(stderr, "\n  missing in the message: %s", *needles);
            ok = 0;
        }
    }
    if (!ok)
        fprintf(stderr, "\n  status %s (want %s), message: [%s]\n", auth_status_name(st),
                auth_status_name(want), r->log_message);
}

void fx_expect_refused(const char *text, const char *const *needles)
{
    auth_config *cfg = NULL;
    auth_result r;
    int st;
    auth_result_init(&r);
    st = auth_config_parse(text, strlen(text), "t.json", &cfg, &r);
    fx_expect(st, &r, AUTH_ERR_CONFIG, needles);
    CU_ASSERT_PTR_NULL(cfg);
    auth_config_free(cfg);
}

void fx_expect_refused_saying(const char *text, const char *needle)
{
    const char *n[] = {needle, NULL};
    fx_expect_refused(text, n);
}

int fx_require_root(const char *why)
{
    if (geteuid() == 0)
        return 1;
    fprintf(stderr, "\n  this test needs root: %s; run the config suite as root\n", why);
    CU_FAIL("this test needs root (see stderr)");
    return 0;
}
