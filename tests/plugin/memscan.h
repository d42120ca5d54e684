/* SPDX-License-Identifier: MIT */
/*
 * memscan.h -- counting copies of secrets in this process's own memory, as
 * a core dump would hold them and as all of it holds them.
 *
 * The scan reads every readable and writable mapping listed in
 * /proc/self/smaps through /proc/self/mem (pread: a page that cannot be
 * read is skipped, never a crash) and counts each needle's occurrences:
 *   - `all`:  in every such mapping;
 *   - `dump`: only in mappings a core dump includes, i.e. without the
 *             VmFlags "dd" (MADV_DONTDUMP).
 * The needles themselves and the scan's buffers live in a workspace the
 * scan leaves out, so the test's own copies are never counted; the scan
 * allocates nothing on the heap, so it does not disturb what it measures.
 *
 * Mappings larger than MS_HUGE_MAPPING (a sanitizer's shadow memory, tens
 * of terabytes of metadata reserved with MAP_NORESERVE, never a copy of
 * user data) are not read; the result says how many there were.
 */
#ifndef MEMSCAN_H
#define MEMSCAN_H

#include <stddef.h>

#define MS_HUGE_MAPPING ((size_t)64 << 30)
#define MS_MAX_NEEDLES 4

typedef struct ms_workspace ms_workspace;

/* A workspace: one anonymous mapping holding the scan's buffers and room
 * for the caller's secrets.  NULL (printed) on failure. */
ms_workspace *ms_workspace_new(void);
void ms_workspace_free(ms_workspace *ws);

/* `size` bytes of the workspace for the caller (zeroed), e.g. the key the
 * test makes and the code it saves; NULL (printed) when it is full.  Live
 * until ms_workspace_free. */
void *ms_workspace_alloc(ms_workspace *ws, size_t size);

typedef struct ms_needle {
    const void *bytes;           /* in the workspace */
    size_t len;
} ms_needle;

typedef struct ms_counts {
    long dump[MS_MAX_NEEDLES];   /* copies a core dump would hold */
    long all[MS_MAX_NEEDLES];    /* copies in all writable memory */
    size_t mappings;             /* mappings read */
    size_t bytes;                /* bytes read */
    size_t huge_skipped;         /* mappings over MS_HUGE_MAPPING, not read */
} ms_counts;

/* Counts n (<= MS_MAX_NEEDLES) needles.  0, or -1 with the reason printed. */
int ms_scan(ms_workspace *ws, const ms_needle *needles, size_t n, ms_counts *out);

#endif /* MEMSCAN_H */
