/* SPDX-License-Identifier: MIT */
/* Page-aligned, dump-excluded, wiped-on-free memory for secrets. */
#include "sg_secure_mem.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Each allocation is its own mapping; its first bytes record the mapping's
 * size for sg_secure_free.  The offset keeps the caller's bytes aligned for
 * any object. */
#define HEADER 64

void sg_secure_zero(void *p, size_t n)
{
    /* glibc's explicit_bzero is a memset the compiler may not drop: as safe
     * as a volatile byte loop, and far cheaper on the 4 KiB URL buffer that
     * every login wipes. */
    explicit_bzero(p, n);
}

void *sg_secure_alloc(size_t n)
{
    long page = sysconf(_SC_PAGESIZE);
    if (n == 0 || page <= 0 || n > SIZE_MAX - HEADER - (size_t)page)
        return NULL;
    size_t size = (n + HEADER + (size_t)page - 1) / (size_t)page * (size_t)page;
    unsigned char *base = mmap(NULL, size, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    /* A kernel that cannot leave these pages out of a core dump gets no
     * secret in them: the caller fails instead. */
    if (madvise(base, size, MADV_DONTDUMP) != 0) {
        munmap(base, size);
        return NULL;
    }
    /* Kept out of swap when RLIMIT_MEMLOCK allows; a refusal is fine (the
     * limit is the operator's, and swap is encrypted or absent on many
     * servers). */
    (void)mlock(base, size);
    memcpy(base, &size, sizeof size);
    return base + HEADER;
}

void sg_secure_free(void *p)
{
    if (p == NULL)
        return;
    unsigned char *base = (unsigned char *)p - HEADER;
    size_t size;
    memcpy(&size, base, sizeof size);
    /* The kernel zeroes unmapped pages before it reuses them; the wipe
     * covers the time in between. */
    sg_secure_zero(base, size);
    munlock(base, size);
    munmap(base, size);
}
