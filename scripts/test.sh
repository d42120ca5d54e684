#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every test: installs what is missing, configures, builds, runs the
# whole ctest suite; then the same suite under AddressSanitizer +
# UndefinedBehaviorSanitizer, the concurrency tests under ThreadSanitizer,
# the loader, plugin and config suites under valgrind memcheck, and
# each libFuzzer harness for a bounded time; then the install as others use
# it (an out-of-tree plugin and host against an installed prefix,
# scripts/ci-install.sh) and the Debian packages (built, linted, installed,
# used against the sandboxes, purged: scripts/ci-packages.sh).  Every build
# here turns warnings into errors (-DPANELSSO_WERROR=ON).  Any failure stops
# the run and names the stage.
#
# usage: scripts/test.sh          (as root on a fresh Debian 12 machine)
#   PANELSSO_QUICK=1  only the first part (deps, build, ctest): for quick
#                     local runs; CI (.ci/run) always runs everything
#   STAGE=NAME        only that stage of the second part (asan+ubsan, tsan,
#                     valgrind, fuzz, install, packages), after deps and build
#   BUILD_DIR=build   the ordinary build; the others go next to it
#                     (build-asan, build-tsan, build-fuzz)
#   FUZZ_SECONDS=60   how long each fuzz harness runs
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
timings=

now() { date +%s; }

# stage NAME COMMAND...: runs one stage, timing it; a failure ends the run
# with the stage's name.
stage() {
  name=$1
  shift
  echo "==== test.sh: stage '$name' starts"
  t0=$(now)
  if "$@"; then
    t=$(($(now) - t0))
    timings="$timings
  $name: ${t} s"
    echo "==== test.sh: stage '$name' passed in ${t} s"
  else
    echo "==== test.sh: FAIL: stage '$name' failed after $(($(now) - t0)) s (see above)" >&2
    exit 1
  fi
}

quick_build() {
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANELSSO_WERROR=ON >/dev/null &&
    cmake --build "$build" -j"$(nproc)"
}

# No API key or one-time code in any test's output: ctest's LastTest.log,
# complete only once ctest has ended (each test program scanned its own
# temporary files before removing them; tests/support/README.md).
secret_scan() {
  scanner="$1/tests/support/scan_test_output"
  [ -x "$scanner" ] || { echo "secret scan: $scanner is missing (tests/support)" >&2; return 1; }
  "$scanner" "$1/Testing/Temporary/LastTest.log"
}

# wants NAME: does this run include stage NAME?  All of them, unless STAGE
# names one.
wants() { [ -z "${STAGE:-}" ] || [ "$STAGE" = "$1" ]; }
case " ${STAGE:-ctest} " in
  " ctest "|" asan+ubsan "|" tsan "|" valgrind "|" fuzz "|" install "|" packages ") ;;
  *) echo "test.sh: unknown STAGE '$STAGE': ctest, asan+ubsan, tsan, valgrind, fuzz, install or packages" >&2
     exit 2 ;;
esac

t_start=$(now)
stage deps scripts/deps.sh test
# Formatting of changed C lines and SPDX lines: seconds, so first.
stage style scripts/check-style.sh
stage build quick_build
if wants ctest; then
  stage ctest ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 600
  stage secret-scan secret_scan "$build"
fi
if [ "${PANELSSO_QUICK:-0}" = 1 ]; then
  echo "==== test.sh: PANELSSO_QUICK=1: sanitizers, valgrind, fuzzing, install and packages skipped (CI runs them)"
else
  if wants asan+ubsan; then
    stage asan+ubsan scripts/ci-sanitizers.sh asan "$build-asan"
    stage asan-secret-scan secret_scan "$build-asan"
  fi
  if wants tsan; then stage tsan scripts/ci-sanitizers.sh tsan "$build-tsan"; fi
  if wants valgrind; then stage valgrind scripts/ci-valgrind.sh "$build"; fi
  if wants fuzz; then stage fuzz scripts/ci-fuzz.sh "$build-fuzz"; fi
  if wants install; then stage install scripts/ci-install.sh; fi
  if wants packages; then stage packages scripts/ci-packages.sh "$build"; fi
fi
echo "==== test.sh: all stages passed in $(($(now) - t_start)) s:$timings"
