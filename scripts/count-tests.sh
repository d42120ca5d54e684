#!/bin/sh
# SPDX-License-Identifier: MIT
# Counts the CUnit tests and assertions that a ctest run executed, from its
# log: the sum of every CUnit program's "Run Summary" rows ("tests" and
# "asserts", the Ran column), and how many programs printed one.  Each
# program prints one summary per run, so a suite run as several ctest
# entries (one per CUnit suite) is counted once per entry, as it ran.
#
# usage: scripts/count-tests.sh [-v] [LOG]
#   -v   also one line per ctest test: its CUnit tests and assertions run
#   LOG  a ctest log (default: build/Testing/Temporary/LastTest.log)
set -eu
verbose=0
if [ "${1:-}" = -v ]; then verbose=1; shift; fi
log=${1:-build/Testing/Temporary/LastTest.log}
[ -r "$log" ] || { echo "count-tests: cannot read $log (run ctest first)" >&2; exit 1; }
awk -v verbose="$verbose" '
  / Testing: / { name = $NF }
  $1 == "Run" && $2 == "Summary:" { summaries++ }
  $1 == "tests" && NF >= 5 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
    tests += $3; failed_t += $5; t[name] += $3 }
  $1 == "asserts" && NF >= 5 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
    asserts += $3; failed_a += $5; a[name] += $3 }
  END {
    if (verbose == 1)
      for (n in t)
        printf "%-40s tests %4d  asserts %6d\n", n, t[n], a[n] | "sort"
    if (verbose == 1)
      close("sort")
    printf "CUnit programs run: %d\ntests run: %d (failed %d)\nassertions run: %d (failed %d)\n",
           summaries, tests, failed_t, asserts, failed_a
  }' "$log"
