#!/bin/sh
# SPDX-License-Identifier: MIT
# The extension under a real php-fpm: the master starts as root, makes the
# loader in MINIT (the SendGrid plugin reads a root:root 0600 key file),
# then forks a pool running as www-data.  A FastCGI request (cgi-fcgi, as a
# web server would send it) runs a script in a worker that logs a tenant in
# through the loader it inherited:
#   - the worker runs as www-data and can neither read nor open the key
#     file, yet its login answers AUTH_OK with a URL on the sandbox that
#     logs into that tenant's account, once;
#   - every worker is a child of the root master, and the loader was made
#     once, in the master: one "loaded ... provider(s)" line in the log for
#     the whole pool;
#   - a php-fpm whose panelsso.config is missing starts all the same and
#     answers AUTH_ERR_CONFIG with the reason.
# Everything started is stopped and everything made is removed, after a
# scan of the logs for the key and for one-time codes.
#
# usage: fpm-test.sh EXT_DIR   (as root; EXT_DIR from tests/build-extension.sh)
# environment (set by ctest): SANDBOX_BIN, TEST_PKI_DIR, SCAN_BIN
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ext_dir=${1:?usage: $0 EXT_DIR}
. "$here/sandboxes.sh"
fail() { echo "php-fpm: FAIL: $*" >&2; exit 1; }
need_env SANDBOX_BIN TEST_PKI_DIR SCAN_BIN
[ "$(id -u)" = 0 ] || fail "this test runs as root: php-fpm's master starts as root and its pool drops to www-data"
id www-data >/dev/null 2>&1 || fail "there is no user www-data (Debian's base-passwd has one)"
for tool in php-fpm8.2 cgi-fcgi php8.2; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing: install php8.2-fpm, libfcgi-bin and php8.2-cli (scripts/deps.sh test)"
done
ext=$(cd "$ext_dir" && pwd)/panelsso.so
[ -f "$ext" ] || fail "missing prerequisite: $ext (ctest php.build)"
sendgrid=$(find "$ext_dir/prefix" -path '*/panelsso/plugins/sendgrid.so' | head -1)
[ -n "$sendgrid" ] || fail "missing prerequisite: sendgrid.so in $ext_dir/prefix"

# $work is root's, and only traversable by others (0711): www-data reaches
# the script and the CA in their own 0755 directories, nothing else.
work=$(mktemp -d "${TMPDIR:-/tmp}/panelsso-fpm.XXXXXX")
fpm_pid=
cleanup() {
  if [ -n "$fpm_pid" ]; then
    kill "$fpm_pid" 2>/dev/null || true
    wait "$fpm_pid" 2>/dev/null || true
  fi
  stop_sandboxes
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chmod 0711 "$work"
mkdir -m 0700 "$work/secret" "$work/etc" "$work/run"
mkdir -m 0755 "$work/www" "$work/ca" "$work/plugins"
make_key "$work/secret/sendgrid.key"
chown root:root "$work/secret/sendgrid.key"
chmod 0600 "$work/secret/sendgrid.key"
cp "$TEST_PKI_DIR/ca.pem" "$work/ca/ca.pem"
chmod 0644 "$work/ca/ca.pem"
cp "$sendgrid" "$work/plugins/"
cp "$here/fpm/sso.php" "$work/www/sso.php"
chmod 0644 "$work/www/sso.php"

start_sandbox global "$work/secret/sendgrid.key"
gport=$(cat "$work/global.port")
(umask 077 && cat >"$work/etc/panelsso.json" <<JSON
{
  "plugin_dir": "$work/plugins",
  "providers": {
    "sendgrid": {
      "api_key_file": "$work/secret/sendgrid.key",
      "global_base_url": "https://127.0.0.1:$gport",
      "ca_file": "$work/ca/ca.pem",
      "redirect_hosts": "127.0.0.1",
      "timeout_ms": 5000
    }
  }
}
JSON
)

# start_fpm NAME CONFIG: a master in the foreground (-F), with no php.ini
# but what is given here, and a pool of two www-data workers.
start_fpm() {
  cat >"$work/etc/$1.conf" <<CONF
[global]
pid = $work/run/$1.pid
error_log = $work/$1-fpm.log
log_level = notice
daemonize = no

[www]
user = www-data
group = www-data
listen = $work/run/$1.sock
listen.owner = root
listen.group = root
listen.mode = 0600
pm = static
pm.max_children = 2
catch_workers_output = yes
CONF
  # The master's own stderr gets what MINIT logs: php-fpm opens its
  # error_log only after the modules have started.
  php-fpm8.2 -F -n -y "$work/etc/$1.conf" -d extension=posix -d "extension=$ext" \
    -d "panelsso.config=$2" -d panelsso.log_level=info 2>"$work/$1-stderr.log" &
  fpm_pid=$!
  i=0
  while [ ! -S "$work/run/$1.sock" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$fpm_pid" 2>/dev/null; then
      cat "$work/$1-stderr.log" "$work/$1-fpm.log" >&2 2>/dev/null || true
      fail "php-fpm ($1) did not start"
    fi
    sleep 0.1
  done
}

stop_fpm() {
  kill "$fpm_pid"
  wait "$fpm_pid" 2>/dev/null || true
  fpm_pid=
}

# request NAME ACCOUNT: one FastCGI request for sso.php; its response (the
# one-time URL in it) goes straight into the checker, never into a file.
request() {
  env -i SCRIPT_FILENAME="$work/www/sso.php" SCRIPT_NAME=/sso.php REQUEST_METHOD=GET \
    QUERY_STRING="account=$2" SERVER_PROTOCOL=HTTP/1.1 GATEWAY_INTERFACE=CGI/1.1 \
    KEY_FILE="$work/secret/sendgrid.key" CONFIG_FILE="$work/etc/panelsso.json" \
    timeout 30 cgi-fcgi -bind -connect "$work/run/$1.sock" 2>>"$work/fastcgi-stderr.log"
}

passed=0
failed=0
# outcome COMMAND...: counts a check that passed or failed.
outcome() {
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
# check_request NAME ACCOUNT EXPECTED_STATUS
check_request() {
  request "$1" "$2" |
    php8.2 -n -d extension=posix "$here/fpm/check-response.php" "$2" "$fpm_pid" "$work/ca/ca.pem" "$3"
}

echo "== a master as root, a www-data pool, the key file root:root 0600"
start_fpm main "$work/etc/panelsso.json"
master_user=$(ps -o user= -p "$fpm_pid" | tr -d ' ')
[ "$master_user" = root ] || fail "the php-fpm master runs as '$master_user', not root"
# The pool may still be forking when the socket appears.
i=0
while workers=$(ps -o pid=,user= --ppid "$fpm_pid"); [ "$(echo "$workers" | grep -c ' www-data$')" != 2 ]; do
  i=$((i + 1))
  [ $i -le 100 ] || break
  sleep 0.1
done
echo "master $fpm_pid runs as $master_user; its workers:"
echo "$workers" | sed 's/^ */  /'
[ "$(echo "$workers" | grep -c ' www-data$')" = 2 ] || fail "the master does not have 2 www-data workers"
for n in 1 2 3; do
  outcome check_request main "fpm-tenant-$n" AUTH_OK
done
stop_fpm
loaded=$(cat "$work/main-stderr.log" "$work/main-fpm.log" | grep -c 'panelsso: info: loaded 1 provider(s)' || true)
echo "\"loaded 1 provider(s)\" lines logged by the master and its workers: $loaded"
outcome [ "$loaded" = 1 ]
[ "$loaded" = 1 ] || { cat "$work/main-stderr.log" "$work/main-fpm.log" >&2; echo "FAIL: the loader was not made exactly once (in the master)" >&2; }

echo "== a master whose panelsso.config is missing"
start_fpm missing "$work/etc/missing.json"
outcome check_request missing "fpm-tenant-4" AUTH_ERR_CONFIG
stop_fpm
logged=$(grep -c 'panelsso: error: no provider is available: cannot open config file' "$work/missing-stderr.log" || true)
echo "the master logged why no provider is available: $logged time(s)"
outcome [ "$logged" = 1 ]
[ "$logged" = 1 ] || { cat "$work/missing-stderr.log" >&2; echo "FAIL: php-fpm's master did not log once why no provider is available" >&2; }

echo "== no key and no one-time code in any log (php-fpm's, the FastCGI stderr, the sandbox's)"
outcome "$SCAN_BIN" "$work" >"$work/scan.out" 2>&1
grep 'scanned' "$work/scan.out" | sed 's/^ */  /' || true
[ "$failed" = 0 ] || { cat "$work/scan.out" >&2; echo "php-fpm: $passed passed, $failed failed" >&2; exit 1; }
echo "php-fpm: $passed passed, $failed failed"
