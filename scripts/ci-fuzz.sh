#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer harnesses (clang, ASan + UBSan + LeakSanitizer on
# the harness and the code under test) and runs each for a bounded time
# from a copy of its committed seed corpus plus its regression inputs.
# Any crash, leak, timeout (-timeout) or memory blow-up (-rss_limit_mb)
# fails.  New corpus entries go to the copy under BUILD_DIR/fuzz-runs,
# never into the repository.
#
# usage: scripts/ci-fuzz.sh [BUILD_DIR]       (default: build-fuzz)
#   FUZZ_SECONDS=60  how long each harness runs (harnesses run nproc at a time)
#
# A crash leaves its input in BUILD_DIR/fuzz-runs/<harness>/artifacts/.
# Once the bug is fixed, commit that input as tests/fuzz/regressions/<harness>/
# <what-it-found>: the ctest fuzz.replay.<harness> replays it in every build.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
secs=${FUZZ_SECONDS:-60}
harnesses="settings response redirect_check config audit"

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DPANELSSO_WERROR=ON -DPANELSSO_FUZZ=ON -DPANELSSO_SANITIZE=address,undefined -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target fuzzers -j"$(nproc)"

runs="$(cd "$build" && pwd)/fuzz-runs"
rm -rf "$runs"
# halt_on_error/-fno-sanitize-recover: the first report is a crash, which
# libFuzzer saves as an artifact; detect_leaks: a leak is a failure too.
ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:report_error_type=1"
export ASAN_OPTIONS UBSAN_OPTIONS

run_one() {
  h=$1
  d="$runs/$h"
  mkdir -p "$d/corpus" "$d/artifacts"
  cp tests/fuzz/corpus/"$h"/* "$d/corpus/"
  if [ -d "tests/fuzz/regressions/$h" ]; then
    cp tests/fuzz/regressions/"$h"/* "$d/corpus/"
  fi
  rc=0
  "$build/tests/fuzz/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
      -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$d/artifacts/" \
      "$d/corpus" >"$d/log" 2>&1 || rc=$?
  echo "$rc" >"$d/rc"
}

echo "fuzzing $harnesses for ${secs} s each, $(nproc) at a time"
n=0
for h in $harnesses; do
  run_one "$h" &
  n=$((n + 1))
  if [ "$n" -ge "$(nproc)" ]; then
    wait
    n=0
  fi
done
wait

# Secrets: no harness holds an API key, and the harnesses print nothing
# of their own; the code under test must not either.  What libFuzzer
# itself echoes of its inputs (its mutation dictionary, which replays the
# seeds' made-up codes) is left out; everything else in the log is
# scanned for a SendGrid-shaped key and for the one-time codes in the
# response seeds (code that echoed a Location would show them).
codes=$(cat tests/fuzz/corpus/response/* | tr '\000' '\n' |
        sed -n 's/.*[?&]code=\([^&#]\{8,\}\).*/code=\1/p' | sort -u)
own_output() {
  sed -e '/Recommended dictionary/,/End of recommended dictionary/d' \
      -e 's/ DE: .*//' "$1"
}

failed=
for h in $harnesses; do
  d="$runs/$h"
  rc=$(cat "$d/rc")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log")
  corpus=$(ls "$d/corpus" | wc -l)
  leaked=
  if own_output "$d/log" | grep -qE 'SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}'; then
    leaked="an API key"
  fi
  for c in $codes; do
    if own_output "$d/log" | grep -qF "$c"; then leaked="a one-time code"; fi
  done
  if [ "$rc" != 0 ] || [ -n "$(ls "$d/artifacts")" ] || [ -z "$execs" ]; then
    # The report only (from its ERROR line to its SUMMARY line): the
    # input itself is in the artifact, not in the CI log.
    echo "==== fuzz_$h: the report in $d/log" >&2
    sed -n '/ERROR/,/^SUMMARY/p' "$d/log" |
      sed -e '/^MS: /,/^artifact_prefix/{/^MS: /!{/^artifact_prefix/!d}}' \
          -e '/^Base64:/d' -e 's/ DE: .*//' >&2
    ls -l "$d/artifacts" >&2
    echo "fuzz_$h: FAIL (exit $rc, ${execs:-no} executions): the input is in $d/artifacts/; fix the bug, then commit the input as tests/fuzz/regressions/$h/<what-it-found>" >&2
    failed="$failed $h"
  elif [ -n "$leaked" ]; then
    echo "fuzz_$h: FAIL: its output ($d/log) shows $leaked" >&2
    failed="$failed $h"
  else
    echo "fuzz_$h: $execs executions in ${secs} s, corpus now $corpus inputs, no crash, leak, timeout or secret"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: FAIL:$failed" >&2
  exit 1
fi
echo "fuzz: every harness ran ${secs} s with no crash, leak, timeout or secret in its output"
