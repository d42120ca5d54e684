#!/bin/sh
# SPDX-License-Identifier: MIT
# The test suite's size in three figures, the same way for any tree:
#   1. CUnit tests and assertions a ctest run executed: the sum of every
#      CUnit program's "Run Summary" rows in ctest's log (scripts/count-tests.sh);
#   2. pairs of places under tests/ that repeat six or more lines (the
#      `duplicates` tool, if it is installed);
#   3. lines of shared test infrastructure at REV: every *.c and *.h under
#      tests/ that is neither a test program nor something under test,
#      i.e. leaving out test_*.c, the servers' own code (tests/servers/sandbox,
#      tests/servers/faults), fuzz harnesses, the install tests, test plugins
#      (*/plugins/*, fake_plugin.c, abi-1.0 headers), header checks
#      (*c99.c), and the single-purpose programs abi10_host.c,
#      scan_test_output.c, no_deepbind.c and memscan.*.  What is left is
#      what test programs share: tests/support, tests/servers/common and any
#      per-suite helper (fixtures, runners, process launchers).
#
# usage: scripts/test-counts.sh [-v] [REV [LOG]]
#   REV  a git revision for figures 2 and 3 (default, or "-": the working tree)
#   LOG  a ctest log (default: build/Testing/Temporary/LastTest.log)
#   -v   list the infrastructure files with their lines
set -eu
cd "$(dirname "$0")/.."
verbose=0
if [ "${1:-}" = -v ]; then verbose=1; shift; fi
rev=${1:-}
[ "$rev" != - ] || rev=
log=${2:-build/Testing/Temporary/LastTest.log}

echo "== CUnit tests and assertions run ($log)"
if [ -r "$log" ]; then
  scripts/count-tests.sh "$log"
else
  echo "no ctest log at $log (run ctest first)"
fi

infra_files() {
  if [ -n "$rev" ]; then git ls-tree -r --name-only "$rev" tests; else git ls-files tests; fi |
    grep -E '\.[ch]$' |
    grep -vE '(^|/)test_[^/]*\.c$|^tests/servers/(sandbox|faults)/|^tests/fuzz/|^tests/install/|/plugins/|/abi-1\.0/|fake_plugin\.c$|c99\.c$|(abi10_host|scan_test_output|no_deepbind)\.c$|/memscan\.[ch]$'
}
lines_of() {
  if [ -n "$rev" ]; then git show "$rev:$1" | wc -l; else wc -l <"$1"; fi
}

echo "== duplicates over tests/ (${rev:-working tree})"
if command -v duplicates >/dev/null 2>&1; then
  if [ -n "$rev" ]; then
    tree=$(mktemp -d "${TMPDIR:-/tmp}/panelsso-counts.XXXXXX")
    trap 'rm -rf "$tree"' EXIT
    git archive "$rev" tests | tar -x -C "$tree"
    (cd "$tree/tests" && duplicates --seconds 120 | head -1)
  else
    (cd tests && duplicates --seconds 120 | head -1)
  fi
else
  echo "duplicates is not installed"
fi

echo "== shared test infrastructure (${rev:-working tree})"
total=0
files=0
for f in $(infra_files); do
  n=$(lines_of "$f")
  [ "$verbose" = 0 ] || printf '%6d %s\n' "$n" "$f"
  total=$((total + n))
  files=$((files + 1))
done
echo "lines: $total in $files files"
