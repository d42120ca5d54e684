#!/bin/sh
# The demo: log a global and an EU tenant into two local SendGrid sandboxes
# through panelctl and the SendGrid plugin, and print their one-time URLs.
# usage: scripts/demo.sh   (as root on a fresh Debian 12 machine)
#
# It installs what is missing, builds into build-demo/, makes a throwaway CA,
# starts two HTTPS sandboxes on loopback (global and EU), runs panelctl,
# and stops everything it started, whatever happens.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh demo
build=${BUILD_DIR:-build-demo}
# No tests, but the sandbox (a test server, left out of builds without tests).
cmake -S . -B "$build" -DBUILD_TESTING=OFF -DPANELSSO_BUILD_TEST_SERVERS=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

work=$(mktemp -d /tmp/panelsso-demo.XXXXXX)
pids=
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tests/servers/make-test-pki.sh "$work/pki" >/dev/null 2>&1
# A made-up partner key, readable only by us, as the plugin requires.
umask 077
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | sed 's/^/SG.demo-/' > "$work/sendgrid.key"
umask 022

start_sandbox() { # region
  "$build/tests/servers/sandbox/sandbox" --region "$1" \
    --tls-cert "$work/pki/server.pem" --tls-key "$work/pki/server.key" \
    --api-key-file "$work/sendgrid.key" --port-file "$work/$1.port" \
    --log-file "$work/$1.log" &
  pids="$pids $!"
  i=0
  while [ ! -s "$work/$1.port" ]; do
    i=$((i + 1)); [ $i -le 100 ] || { echo "demo: the $1 sandbox did not start:" >&2; cat "$work/$1.log" >&2; exit 1; }
    sleep 0.1
  done
}
start_sandbox global
start_sandbox eu
gport=$(cat "$work/global.port"); eport=$(cat "$work/eu.port")

cat > "$work/panel.json" <<JSON
{
  "plugin_dir": "$PWD/$build/plugins",
  "providers": {
    "sendgrid": {
      "api_key_file": "$work/sendgrid.key",
      "global_base_url": "https://127.0.0.1:$gport",
      "eu_base_url": "https://127.0.0.1:$eport",
      "ca_file": "$work/pki/ca.pem",
      "redirect_hosts": "127.0.0.1",
      "timeout_ms": 5000
    }
  },
  "tenants": {
    "acme":   { "provider": "sendgrid", "account_id": "ZGkrHSypTsudrGkmdpJJ", "region": "global" },
    "muller": { "provider": "sendgrid", "account_id": "sg2a2bcd3ef4ab5c67d8efab91c01de2fa", "region": "eu" }
  }
}
JSON

echo "Sandboxes: global on https://127.0.0.1:$gport, EU on https://127.0.0.1:$eport"
for tenant in acme muller; do
  line=$("$build/tools/panelctl/panelctl" -c "$work/panel.json" login --with-region "$tenant")
  region=${line%% *}; url=${line#* }
  case "$url" in
    *":$gport/"*) answered="global sandbox" ;;
    *":$eport/"*) answered="EU sandbox" ;;
    *) answered="unknown host" ;;
  esac
  printf '%-7s region %-6s -> %s\n          (one-time URL from the %s, valid 60 s, usable once)\n' \
    "$tenant" "$region" "$url" "$answered"
done
