#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds every target with sanitizers and runs tests in that build; any
# sanitizer report, in a test or in any program a test starts (sandbox,
# panelctl, forked children), fails.
#
# usage: scripts/ci-sanitizers.sh asan|tsan [BUILD_DIR]
#   asan  AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer,
#         the WHOLE ctest suite            (default BUILD_DIR: build-asan)
#   tsan  ThreadSanitizer, the concurrency tests (TSAN_TESTS below)
#                                           (default BUILD_DIR: build-tsan)
#
# Every report goes to a file under BUILD_DIR/sanitizer-logs (log_path),
# so reports from child processes are caught even when the test that
# started them does not look at their exit status; the script fails when
# that directory is not empty after the run, and prints each report.
set -eu
cd "$(dirname "$0")/.."
kind=${1:?usage: $0 asan|tsan [BUILD_DIR]}
supp="$(pwd)/scripts/suppressions"
# The tests where threads meet: the loader's concurrent use, the plugin
# against the sandbox (16 threads x 500 logins; 8 threads x 100 account
# creates), the sandbox's own suite, forking hosts, tenant isolation under
# load, load/unload cycles, secrets in memory, and the secret scanner and
# prerequisite checks that ran beside them.
TSAN_TESTS='^(loader\.concurrency|loader\.accounts|plugin\.(sandbox|accounts|fork|isolation|cycles|memory|missing_plugin_exits_1|bad_load_scale_exits_1)|servers\.sandbox|support\.secret_scan_finds_leaks)$'

case "$kind" in
  asan) build=${2:-build-asan}; sanitize=address,undefined ;;
  tsan) build=${2:-build-tsan}; sanitize=thread ;;
  *) echo "usage: $0 asan|tsan [BUILD_DIR]" >&2; exit 2 ;;
esac

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANELSSO_WERROR=ON \
      -DPANELSSO_SANITIZE="$sanitize" >/dev/null
cmake --build "$build" -j"$(nproc)"

# The plugin, a MODULE loaded with dlopen, must carry the instrumentation
# too: check it needs the runtime rather than trust the flags.
case "$kind" in asan) rt=libasan ;; tsan) rt=libtsan ;; esac
if ! readelf -d "$build/plugins/sendgrid.so" | grep -q "NEEDED.*$rt"; then
  echo "$kind: FAIL: $build/plugins/sendgrid.so is not linked with $rt: the plugin is not instrumented" >&2
  exit 1
fi

logs="$(cd "$build" && pwd)/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"

# halt_on_error: the first report ends the process with a failure status.
# detect_leaks: LeakSanitizer at every exit.  (Plugins link with
# -z nodelete, so leaks in unloaded plugins still have symbols.)
ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1:log_path=$logs/asan"
LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:report_error_type=1:log_path=$logs/ubsan"
# die_after_fork=0: the fork test's children start libcurl's resolver
# thread after a fork; glibc supports that and the children are checked
# like any other process.
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:die_after_fork=0:suppressions=$supp/tsan.supp:print_suppressions=0:log_path=$logs/tsan"
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS

status=0
if [ "$kind" = asan ]; then
  ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 900 || status=$?
else
  ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 900 \
        -R "$TSAN_TESTS" || status=$?
fi

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
  for r in $reports; do
    echo "==== sanitizer report: $r" >&2
    cat "$r" >&2
  done
  echo "$kind: FAIL: $(echo "$reports" | wc -l) sanitizer report(s), listed above" >&2
  exit 1
fi
if [ "$status" != 0 ]; then
  echo "$kind: FAIL: ctest failed in $build (see the output above)" >&2
  exit 1
fi
echo "$kind: every test passed with no sanitizer report"
