/* SPDX-License-Identifier: MIT */
/* memscan.c -- see memscan.h. */
#include "memscan.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
    SMAPS_CAP = 16 << 20,        /* /proc/self/smaps text */
    CHUNK = 1 << 20,             /* memory read at a time */
    CARRY_MAX = 4096,            /* longest needle */
    USER_CAP = 1 << 16,          /* the caller's secrets */
};

struct ms_workspace {
    size_t size;                 /* of the whole mapping, this struct first */
    char *smaps;
    unsigned char *chunk;        /* CARRY_MAX + CHUNK */
    unsigned char *user;
    size_t user_used;
};

ms_workspace *ms_workspace_new(void)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t size = sizeof(ms_workspace) + SMAPS_CAP + CARRY_MAX + CHUNK + USER_CAP;
    size = (size + (size_t)page - 1) / (size_t)page * (size_t)page;
    unsigned char *base = mmap(NULL, size, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        fprintf(stderr, "memscan: cannot map a %zu-byte workspace: %s\n", size,
                strerror(errno));
        return NULL;
    }
    /* A real core dump of the test (gcore) must not hold the test's own
     * copies either. */
    if (madvise(base, size, MADV_DONTDUMP) != 0) {
        fprintf(stderr, "memscan: madvise(MADV_DONTDUMP): %s\n", strerror(errno));
        munmap(base, size);
        return NULL;
    }
    ms_workspace *ws = (ms_workspace *)base;
    ws->size = size;
    ws->smaps = (char *)(base + sizeof *ws);
    ws->chunk = (unsigned char *)ws->smaps + SMAPS_CAP;
    ws->user = ws->chunk + CARRY_MAX + CHUNK;
    ws->user_used = 0;
    return ws;
}

void ms_workspace_free(ms_workspace *ws)
{
    if (ws != NULL) {
        size_t size = ws->size;
        explicit_bzero(ws, size);
        munmap(ws, size);
    }
}

void *ms_workspace_alloc(ms_workspace *ws, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size > USER_CAP - ws->user_used) {
        fprintf(stderr, "memscan: the workspace has no room for %zu more bytes\n", size);
        return NULL;
    }
    void *p = ws->user + ws->user_used;
    ws->user_used += size;
    return p;
}

/* Counts the needles in [addr, end), reading through /proc/self/mem. */
static void scan_range(int mem, ms_workspace *ws, uintptr_t addr, uintptr_t end,
                       const ms_needle *needles, size_t n, long *counts,
                       size_t *bytes)
{
    size_t longest = 0;
    for (size_t i = 0; i < n; i++)
        if (needles[i].len > longest)
            longest = needles[i].len;
    unsigned char *buf = ws->chunk;
    size_t carry = 0;
    long page = sysconf(_SC_PAGESIZE);
    while (addr < end) {
        size_t want = end - addr < CHUNK ? (size_t)(end - addr) : CHUNK;
        ssize_t got = pread(mem, buf + carry, want, (off_t)addr);
        if (got <= 0) {
            /* An unreadable page (a guard page, I/O memory): skip one page. */
            addr = (addr / (uintptr_t)page + 1) * (uintptr_t)page;
            carry = 0;
            continue;
        }
        size_t len = carry + (size_t)got;
        for (size_t i = 0; i < n; i++) {
            const unsigned char *p = buf, *stop = buf + len;
            while ((size_t)(stop - p) >= needles[i].len) {
                const unsigned char *hit = memmem(p, (size_t)(stop - p),
                                                  needles[i].bytes, needles[i].len);
                if (hit == NULL)
                    break;
                /* A match wholly inside the carried bytes was counted with
                 * the previous chunk. */
                if ((size_t)(hit - buf) + needles[i].len > carry)
                    counts[i]++;
                p = hit + 1;
            }
        }
        *bytes += (size_t)got;
        addr += (uintptr_t)got;
        carry = longest > 1 && len >= longest - 1 ? longest - 1 : 0;
        memmove(buf, buf + len - carry, carry);
    }
}

static int read_smaps(ms_workspace *ws, size_t *len)
{
    int fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "memscan: cannot open /proc/self/smaps: %s\n", strerror(errno));
        return -1;
    }
    *len = 0;
    for (;;) {
        ssize_t k = read(fd, ws->smaps + *len, SMAPS_CAP - 1 - *len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            fprintf(stderr, "memscan: reading /proc/self/smaps: %s\n", strerror(errno));
            close(fd);
            return -1;
        }
        if (k == 0)
            break;
        *len += (size_t)k;
        if (*len >= SMAPS_CAP - 1) {
            fprintf(stderr, "memscan: /proc/self/smaps is larger than %d bytes\n",
                    SMAPS_CAP);
            close(fd);
            return -1;
        }
    }
    close(fd);
    ws->smaps[*len] = '\0';
    return 0;
}

/* Does a VmFlags line hold the two-letter flag `flag`? */
static int has_flag(const char *line, const char *flag)
{
    for (const char *p = line + strlen("VmFlags:"); *p && *p != '\n'; p++)
        if (p[0] == flag[0] && p[1] == flag[1] && (p[2] == ' ' || p[2] == '\n'))
            return 1;
    return 0;
}

int ms_scan(ms_workspace *ws, const ms_needle *needles, size_t n, ms_counts *out)
{
    memset(out, 0, sizeof *out);
    if (n > MS_MAX_NEEDLES) {
        fprintf(stderr, "memscan: at most %d needles\n", MS_MAX_NEEDLES);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (needles[i].len == 0 || needles[i].len > CARRY_MAX) {
            fprintf(stderr, "memscan: a needle must be 1 to %d bytes\n", CARRY_MAX);
            return -1;
        }
    }
    size_t len;
    if (read_smaps(ws, &len) != 0)
        return -1;
    int mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    if (mem < 0) {
        fprintf(stderr, "memscan: cannot open /proc/self/mem: %s\n", strerror(errno));
        return -1;
    }
    uintptr_t ws_start = (uintptr_t)ws, ws_end = ws_start + ws->size;
    uintptr_t start = 0, end = 0;
    int readable_writable = 0;
    for (char *line = ws->smaps; line != NULL && *line;) {
        char *next = strchr(line, '\n');
        next = next ? next + 1 : NULL;
        char perms[5] = "";
        uintptr_t s, e;
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &s, &e, perms) == 3) {
            start = s;
            end = e;
            readable_writable = perms[0] == 'r' && perms[1] == 'w';
        } else if (strncmp(line, "VmFlags:", 8) == 0 && readable_writable) {
            /* The last line of a mapping's entry: scan it now. */
            int dumped = !has_flag(line, "dd");
            if (end - start > MS_HUGE_MAPPING) {
                out->huge_skipped++;
            } else {
                long counts[MS_MAX_NEEDLES] = {0};
                /* The workspace may share a mapping with a neighbour. */
                if (start < ws_start)
                    scan_range(mem, ws, start, end < ws_start ? end : ws_start,
                               needles, n, counts, &out->bytes);
                if (end > ws_end)
                    scan_range(mem, ws, start > ws_end ? start : ws_end, end,
                               needles, n, counts, &out->bytes);
                for (size_t i = 0; i < n; i++) {
                    out->all[i] += counts[i];
                    if (dumped)
                        out->dump[i] += counts[i];
                }
                out->mappings++;
            }
            readable_writable = 0;
        }
        line = next;
    }
    close(mem);
    return 0;
}
