/* SPDX-License-Identifier: MIT */
/* ts_modes.c -- untrusted file modes and how refusals name them (ts_modes.h). */
#include <stdio.h>

#include "ts_modes.h"

const ts_writable_mode ts_writable_modes[] = {
    {0646, "others (mode 0646)", "o-w"},
    {0664, "group (mode 0664)", "g-w"},
    {0666, "group and others (mode 0666)", "go-w"},
    {0620, "group (mode 0620)", "g-w"},
};
const size_t ts_writable_mode_count = sizeof ts_writable_modes / sizeof ts_writable_modes[0];

void ts_writable_reason(const ts_writable_mode *m, const char *path, char *what,
                        size_t what_size, char *fix, size_t fix_size)
{
    snprintf(what, what_size, "%s is writable by %s", path, m->who);
    snprintf(fix, fix_size, "run 'chmod %s %s'", m->flag, path);
}
