#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmark's click: "Open SendGrid" on the sample PHP panel
# (samples/php-panel: nginx, php-fpm and the panelsso extension) against the
# sandbox, each click a real login answered 303, driven by wrk over
# keep-alive connections (bench/php_click.lua) with one browser session.
# Prints one JSON line per connection count: requests_per_s, p50_us,
# p99_us..., and the SSO requests the sandbox had.
#
# usage: php_click.sh EXTENSION PLUGIN_DIR KEY_FILE CA_FILE BASE_URL SECONDS CONNECTIONS...
# (as root: nginx's and php-fpm's masters start as root)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 7 ] || { echo "usage: $0 EXTENSION PLUGIN_DIR KEY_FILE CA_FILE BASE_URL SECONDS CONNECTIONS..." >&2; exit 2; }
extension=$1 plugin_dir=$2 key=$3 ca=$4 base=$5 seconds=$6
shift 6
for tool in wrk php8.2 nginx php-fpm8.2; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "php click: $tool is missing (scripts/deps.sh bench)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/panelsso-bench-click.XXXXXX")
serve_pid=
cleanup() {
  if [ -n "$serve_pid" ]; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chmod 0711 "$work"
mkdir -m 0700 "$work/secret" "$work/panel"
# php-fpm's workers check the sandbox's certificate: they read the CA.
mkdir -m 0755 "$work/ca"
cp "$ca" "$work/ca/ca.pem"
chmod 0644 "$work/ca/ca.pem"
(umask 077 && cat >"$work/secret/panelsso.json" <<JSON
{
  "plugin_dir": "$plugin_dir",
  "providers": {
    "sendgrid": {
      "api_key_file": "$key",
      "global_base_url": "$base",
      "ca_file": "$work/ca/ca.pem",
      "redirect_hosts": "127.0.0.1"
    }
  }
}
JSON
)
cat >"$work/secret/tenants.json" <<'JSON'
{ "tenants": { "bench": { "name": "Bench", "region": "global", "account_id": "bench-account" } } }
JSON

"$here/../samples/php-panel/serve.sh" --extension "$extension" --panelsso-config "$work/secret/panelsso.json" \
  --tenants "$work/secret/tenants.json" --work "$work/panel" >"$work/serve.out" 2>&1 &
serve_pid=$!
i=0
while [ ! -s "$work/panel/port" ]; do
  i=$((i + 1))
  if [ $i -gt 300 ] || ! kill -0 "$serve_pid" 2>/dev/null; then
    cat "$work/serve.out" >&2
    echo "php click: the panel did not start" >&2
    exit 1
  fi
  sleep 0.1
done
panel=http://127.0.0.1:$(cat "$work/panel/port")

# A browser's session: its cookie and CSRF token from the list page, and
# one click that must answer 303.
session=$(php8.2 -n -r '
  $page = file_get_contents($argv[1] . "/");
  preg_match("/^Set-Cookie: (panel_session=[0-9a-zA-Z,-]+)/mi", implode("\n", $http_response_header), $c);
  preg_match("/name=\"csrf_token\" value=\"([0-9a-f]{64})\"/", (string)$page, $t);
  $ctx = stream_context_create(["http" => ["method" => "POST", "follow_location" => 0,
      "header" => "Cookie: $c[1]\r\nContent-Type: application/x-www-form-urlencoded",
      "content" => "tenant=bench&csrf_token=$t[1]"]]);
  file_get_contents($argv[1] . "/open", false, $ctx);
  if (!str_contains($http_response_header[0], " 303 ")) { fwrite(STDERR, "the click answered $http_response_header[0]\n"); exit(1); }
  echo "$c[1] $t[1]";' "$panel")
PANEL_COOKIE=${session% *}
PANEL_TOKEN=${session#* }
export PANEL_COOKIE PANEL_TOKEN

# sandbox_sso: the sandbox's SSO requests since its last reset (RESET: reset it).
sandbox() {
  php8.2 -n -r '
    $ctx = stream_context_create(["ssl" => ["cafile" => $argv[2]], "http" => ["method" => $argv[3]]]);
    $r = file_get_contents($argv[1] . ($argv[3] === "POST" ? "/_sandbox/reset" : "/_sandbox/stats"), false, $ctx);
    if ($argv[3] === "GET") echo json_decode($r, true)["sso_requests"];' "$base" "$ca" "$1"
}

# Warm-up: opcache, the workers' connections to the sandbox.
wrk -t1 -c4 -d2s -s "$here/php_click.lua" "$panel/open" >/dev/null
for c in "$@"; do
  sandbox POST
  line=$(wrk -t1 -c"$c" -d"${seconds}s" --timeout 10s -s "$here/php_click.lua" "$panel/open" | grep '^{')
  sso=$(sandbox GET)
  echo "$line" | sed "s/^{/{\"connections\":$c,/; s/}\$/,\"sandbox_sso_requests\":$sso}/"
  case "$line" in
    *'"errors_status":0,"errors_socket":0'*) ;;
    *) echo "php click: wrk met errors with $c connection(s): $line" >&2; exit 1 ;;
  esac
done
