/* SPDX-License-Identifier: MIT */
/*
 * ts_modes.h -- the file modes that make a file untrusted (writable by
 * group or others) and how libauthloader's refusals name them, for the
 * suites that check those refusals (config, panelctl).
 */
#ifndef TS_MODES_H
#define TS_MODES_H

#include <stddef.h>
#include <sys/types.h>

typedef struct ts_writable_mode {
    mode_t mode;        /* what the file is given */
    const char *who;    /* "<path> is writable by <who>" */
    const char *flag;   /* "run 'chmod <flag> <path>'" */
} ts_writable_mode;

extern const ts_writable_mode ts_writable_modes[];
extern const size_t ts_writable_mode_count;

/* The refusal's two parts for `path` given m->mode: what is wrong, and the
 * command that fixes it. */
void ts_writable_reason(const ts_writable_mode *m, const char *path, char *what,
                        size_t what_size, char *fix, size_t fix_size);

#endif
