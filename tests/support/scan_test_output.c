/* SPDX-License-Identifier: MIT */
/*
 * scan_test_output -- neither an API key nor a one-time code appears in any
 * log line, message or test output of a whole run, the fuzzers' replays
 * included.
 *
 * usage: scan_test_output PATH...
 *   PATH  files or directory trees to scan: ctest's
 *         Testing/Temporary/LastTest.log (every test's whole output,
 *         complete only once ctest has ended: scripts/test.sh runs this
 *         then), fuzzer logs.  Each must exist and hold a file.
 *
 * It finds anything SendGrid-key-shaped ("SG." and 6+ key characters; every
 * test key of the project has that prefix), any unredacted code ("code="
 * and 32 hex digits), and the keys of *.key files under the directories
 * given (ts_secrets_scan_tree in testsupport.h).  Each test program scans
 * its own temporary files the same way before it removes them
 * (ts_tempdirs_finish); the scanner's positive control is in support.self.
 * Exit status: 0 when nothing is found, 1 otherwise, including when there
 * is nothing to scan (a missing prerequisite never passes).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "testsupport.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "missing prerequisite: nothing to scan (usage: %s PATH...)\n", argv[0]);
        return 1;
    }
    int found = 0, missing = 0;
    size_t files = 0;
    for (int i = 1; i < argc; i++)
        ts_secrets_harvest_keys(argv[i]);
    for (int i = 1; i < argc; i++) {
        if (access(argv[i], R_OK) != 0) {
            fprintf(stderr, "missing prerequisite: cannot read %s: %s\n", argv[i],
                    strerror(errno));
            missing++;
            continue;
        }
        size_t before = files;
        found += ts_secrets_scan_tree(argv[i], &files);
        if (files == before) {
            fprintf(stderr, "%s holds no file to scan\n", argv[i]);
            missing++;
        }
    }
    printf("scanned %zu files for key-shaped text, unredacted codes and the keys of "
           "*.key files: %d finding%s\n", files, found, found == 1 ? "" : "s");
    return found == 0 && missing == 0 ? 0 : 1;
}
