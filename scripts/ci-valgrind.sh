#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the loader, plugin (its fault suites included) and config suites under valgrind
# memcheck (ctest -T memcheck, options in cmake/Memcheck.cmake): any memory
# error and any definitely or indirectly lost block fails.  Suppressions:
# scripts/suppressions/valgrind.supp, documented third-party noise only.
#
# usage: scripts/ci-valgrind.sh [BUILD_DIR]   (default: build; an ordinary
#        build without sanitizers -- scripts/test.sh reuses its own)
#
# The plugin suite runs in full, its 16 threads x 500 logins included
# (about a minute under valgrind on two cores).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
VALGRIND_TESTS='^(loader|plugin|config)\.|^support\.secret_scan_finds_leaks$'

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANELSSO_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
# The options come from the cache; refuse a build configured without them.
grep -q '^MEMORYCHECK_COMMAND:FILEPATH=.*valgrind' "$build/CMakeCache.txt" || {
  echo "valgrind: FAIL: valgrind not found when $build was configured: install it (scripts/deps.sh test) and rerun" >&2
  exit 1
}

# The test PKI (fixture "pki") is made by a shell script, and the fixture
# "tmpclean" (nothing left in TMPDIR) is two: run them outside valgrind
# (which would check /bin/sh), around the checked run, and leave the
# fixtures out of it.
ctest --test-dir "$build" -R '^(pki\.setup|tmp\.record)$' --output-on-failure >/dev/null

rm -rf "$build/Testing/Temporary"/MemoryChecker.*
out="$build/valgrind-ctest.log"
status=0
ctest --test-dir "$build" -T memcheck -R "$VALGRIND_TESTS" -FA '^(pki|tmpclean)$' \
        --output-on-failure -j"$(nproc)" --timeout 1800 >"$out" 2>&1 || status=$?
cat "$out"
ctest --test-dir "$build" -R '^tmp\.check$' --output-on-failure || status=1
# ctest lists each kind of defect it found under "Memory checking results";
# valgrind's exit code (--error-exitcode=1) already fails the test, this
# also catches a defect in a test whose own status hid it.
defects=$(sed -n '/^Memory checking results:/,$p' "$out" | grep -E ' - [0-9]+$' || true)
if [ -n "$defects" ] || [ "$status" != 0 ]; then
  for f in "$build"/Testing/Temporary/MemoryChecker.*.log; do
    [ -s "$f" ] || continue
    grep -q 'ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|indirectly lost: [1-9]' "$f" || continue
    echo "==== valgrind log: $f" >&2
    cat "$f" >&2
  done
  echo "valgrind: FAIL: ${defects:+memory defects: $defects; }ctest status $status (see above)" >&2
  exit 1
fi
echo "valgrind: every test passed with no memory error and no leak"
