#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the extension's phpt tests with PHP's own run-tests.php against a
# global and an EU HTTPS sandbox, each test a php process of its own that
# loads the extension with the configuration its --INI-- section names.
#
# usage: run-phpt.sh EXT_DIR [--valgrind]
#   EXT_DIR     what tests/build-extension.sh made (EXT_DIR/panelsso.so,
#               EXT_DIR/prefix with the SendGrid plugin)
#   --valgrind  every test under valgrind memcheck (run-tests.php -m, with
#               USE_ZEND_ALLOC=0): a leak or memory error fails it
# environment (set by ctest): SANDBOX_BIN, TEST_PKI_DIR, STATUS_PLUGIN (the
# test plugin "status"), SCAN_BIN (tests/support's scan_test_output);
# VALGRIND_SUPP (suppressions) with --valgrind.
#
# Everything lives in one mkdtemp directory: the tests (copied there, as
# run-tests.php writes its files beside them), their configurations (0600,
# trusted as the library requires), the key, the plugin directories and the
# sandboxes' logs.  The run ends with a scan of all of it for the key and
# for any one-time code, then removes it, pass or fail.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ext_dir=${1:?usage: $0 EXT_DIR [--valgrind]}
mode=${2:-}
. "$here/sandboxes.sh"
need_env SANDBOX_BIN TEST_PKI_DIR STATUS_PLUGIN SCAN_BIN
[ -f "$ext_dir/panelsso.so" ] || { echo "missing prerequisite: $ext_dir/panelsso.so (ctest php.build)" >&2; exit 1; }
ext=$(cd "$ext_dir" && pwd)/panelsso.so
sendgrid=$(find "$ext_dir/prefix" -path '*/panelsso/plugins/sendgrid.so' | head -1)
[ -n "$sendgrid" ] || { echo "missing prerequisite: sendgrid.so in $ext_dir/prefix" >&2; exit 1; }
run_tests=/usr/lib/php/20220829/build/run-tests.php
[ -f "$run_tests" ] || { echo "missing prerequisite: $run_tests (php8.2-dev)" >&2; exit 1; }

# What a login may take: short, as some tests wait it out against a
# sandbox that never answers; under valgrind everything is many times
# slower, a TLS handshake included.
timeout_ms=3000
[ "$mode" != --valgrind ] || timeout_ms=30000

work=$(mktemp -d "${TMPDIR:-/tmp}/panelsso-php.XXXXXX")
cleanup() {
  stop_sandboxes
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

make_key "$work/sendgrid.key"
start_sandbox global "$work/sendgrid.key"
start_sandbox eu "$work/sendgrid.key"
gport=$(cat "$work/global.port")
eport=$(cat "$work/eu.port")

# Plugin directories: the real one, one with broken plugins, one anybody
# may write to (refused whole).
mkdir -m 0755 "$work/plugins" "$work/plugins-broken" "$work/plugins-open"
for d in plugins plugins-broken plugins-open; do
  cp "$sendgrid" "$STATUS_PLUGIN" "$work/$d/"
done
echo "this is a text file, not a shared object" >"$work/plugins-broken/broken.so"
chmod 0777 "$work/plugins-open"

mkdir -m 0755 "$work/tests" "$work/tests/conf" "$work/examples"
cp "$here"/*.phpt "$here"/*.inc "$work/tests/"
cp "$here"/../examples/*.php "$work/examples/"
conf="$work/tests/conf"
# sendgrid_settings [CA_FILE [KEY_FILE]]
sendgrid_settings() {
  cat <<JSON
      "api_key_file": "${2:-$work/sendgrid.key}",
      "global_base_url": "https://127.0.0.1:$gport",
      "eu_base_url": "https://127.0.0.1:$eport",
      "ca_file": "${1:-$TEST_PKI_DIR/ca.pem}",
      "redirect_hosts": "127.0.0.1",
      "timeout_ms": $timeout_ms
JSON
}
# write_config NAME PLUGIN_DIR [CA_FILE [KEY_FILE]]: mode 0600, as trusted
# configurations are.
write_config() {
  (umask 077 && cat >"$conf/$1.json" <<JSON
{
  "plugin_dir": "$2",
  "providers": {
    "sendgrid": {
$(sendgrid_settings "${3:-}" "${4:-}")
    }
  },
  "tenants": {
    "ignored": { "provider": "sendgrid", "account_id": "not-used-by-php" }
  }
}
JSON
  )
}
write_config sandbox "$work/plugins"
write_config wrong-ca "$work/plugins" /etc/ssl/certs/ca-certificates.crt
write_config broken-plugins "$work/plugins-broken" "" "$work/no-such.key"
write_config open-plugin-dir "$work/plugins-open"
write_config untrusted "$work/plugins"
chmod 0666 "$conf/untrusted.json"
(umask 077 && printf '{ "plugin_dir": "%s",\n  "providers": { oops } }\n' "$work/plugins" >"$conf/invalid.json")

export PANELSSO_TEST_GLOBAL="https://127.0.0.1:$gport"
export PANELSSO_TEST_EU="https://127.0.0.1:$eport"
export PANELSSO_TEST_CA="$TEST_PKI_DIR/ca.pem"
export PANELSSO_TEST_KEY_FILE="$work/sendgrid.key"
export PANELSSO_TEST_WORK="$work"
export PANELSSO_TEST_TIMEOUT_MS="$timeout_ms"
export NO_INTERACTION=1 NO_COLOR=1
# Every test names its configuration in --INI--; this one is for
# run-tests.php's own runs of php (its checks of the binary).  The tests
# run one at a time: some arm answers of the shared sandboxes.
set -- -q -p "$(command -v php8.2)" -d "extension=$ext" -d "panelsso.config=$conf/sandbox.json" \
  --show-diff -W "$work/results.txt"
if [ "$mode" = --valgrind ]; then
  command -v valgrind >/dev/null 2>&1 || { echo "missing prerequisite: valgrind (scripts/deps.sh test)" >&2; exit 1; }
  # run-tests.php runs valgrind -q, so only errors and, with these options,
  # definitely and indirectly lost blocks print: any output is a failure
  # it reports as LEAK.
  VALGRIND_OPTS="--leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --num-callers=40${VALGRIND_SUPP:+ --suppressions=$VALGRIND_SUPP}"
  export VALGRIND_OPTS
  # PCRE's JIT runs generated code memcheck cannot follow (it reports
  # uninitialised values inside it): the tests' preg_* run interpreted.
  set -- "$@" -m -d pcre.jit=0 --set-timeout 600
fi
status=0
php8.2 "$run_tests" "$@" "$work/tests" >"$work/run-tests.out" 2>&1 || status=$?
cat "$work/run-tests.out"

expected=$(ls "$work/tests"/*.phpt | wc -l)
passed=$(grep -c '^PASSED' "$work/results.txt" || true)
others=$(grep -v '^PASSED' "$work/results.txt" || true)
for mem in "$work/tests"/*.mem; do
  [ -s "$mem" ] || continue
  echo "==== valgrind found this in $(basename "$mem" .mem).phpt:"
  cat "$mem"
done
# The secret scan covers what the tests printed and logged and the
# sandboxes' logs; the key file itself is read for the key, not reported.
"$SCAN_BIN" "$work" >"$work/scan.out" 2>&1 || { cat "$work/scan.out"; status=1; }
if [ "$status" != 0 ] || [ "$passed" != "$expected" ] || [ -n "$others" ]; then
  [ -z "$others" ] || printf 'not passed:\n%s\n' "$others" >&2
  echo "php tests: FAIL: $passed of $expected passed (run-tests.php status $status)" >&2
  exit 1
fi
echo "php tests: $passed passed, 0 failed${mode:+ ($mode)}"
