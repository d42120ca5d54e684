/* SPDX-License-Identifier: MIT */
/* replay_main.c -- drives a libFuzzer harness's entry point from a plain
 * main, so the seed corpus and every input that once crashed a fuzzer are
 * replayed as a ctest in every build (gcc included, no libFuzzer needed).
 *
 * usage: replay_<harness> DIR...
 * Feeds each regular file in each DIR to LLVMFuzzerTestOneInput (after
 * LLVMFuzzerInitialize, when the harness has one).  A harness that finds
 * a broken invariant aborts, which fails the test.  A DIR that does not
 * exist holds no inputs yet (fuzz/regressions/<harness>/ appears with the
 * first crash); replaying no input at all is a failure, never a pass. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Weak: only some harnesses define it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Reads the file at path into a malloc'd buffer; returns 0 or -1 with a
 * message on stderr. */
static int read_input(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    /* Inputs are regular files that nothing writes while they replay: their
     * size is what there is to read (+1: malloc(0) may be NULL). */
    struct stat st;
    size_t len = 0;
    uint8_t *buf = NULL;
    int bad = fstat(fileno(f), &st) != 0 || (buf = malloc((size_t)st.st_size + 1)) == NULL ||
              (len = fread(buf, 1, (size_t)st.st_size, f)) != (size_t)st.st_size || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path,
                buf == NULL ? "cannot size it or out of memory" : "read error");
        free(buf);
        return -1;
    }
    *data = buf;
    *size = len;
    return 0;
}

/* Replays every regular file in dir, in name order so runs are repeatable;
 * returns how many, or -1 on an error. */
static long replay_dir(const char *dir)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        if (errno == ENOENT) {
            printf("replay: %s does not exist: no inputs there yet\n", dir);
            return 0;
        }
        fprintf(stderr, "replay: cannot list %s: %s\n", dir, strerror(errno));
        return -1;
    }
    long done = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        int fits = snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) <
                   (int)sizeof path;
        free(names[i]);
        if (done < 0)
            continue;
        if (!fits) {
            fprintf(stderr, "replay: a path in %s is too long\n", dir);
            done = -1;
            continue;
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        uint8_t *data;
        size_t size;
        if (read_input(path, &data, &size) != 0) {
            done = -1;
            continue;
        }
        printf("replay: %s (%zu bytes)\n", path, size);
        fflush(stdout); /* so a crash names the input that caused it */
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        done++;
    }
    free(names);
    return done;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize != NULL)
        LLVMFuzzerInitialize(&argc, &argv);
    long total = 0;
    for (int i = 1; i < argc; i++) {
        long n = replay_dir(argv[i]);
        if (n < 0)
            return 1;
        total += n;
    }
    if (total == 0) {
        fprintf(stderr, "replay: FAIL: no input found in any of the %d "
                        "directories: the seed corpus is missing\n", argc - 1);
        return 1;
    }
    printf("replay: %ld inputs, no invariant broken\n", total);
    return 0;
}
