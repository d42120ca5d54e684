#!/bin/sh
# SPDX-License-Identifier: MIT
# The demo: create a SendGrid account for a new tenant in each region, then
# log those two and an existing global and EU tenant into two local
# SendGrid sandboxes through panelctl and the SendGrid plugin, and print
# their one-time URLs; then run the sample PHP panel (samples/php-panel, on
# nginx and php-fpm) in front of the same sandboxes.
# usage: scripts/demo.sh   (as root on a fresh Debian 12 machine)
#
# It installs what is missing, builds into build-demo/ (and the PHP
# extension into build-demo/php-ext), makes a throwaway CA, starts two HTTPS
# sandboxes on loopback (global and EU), runs panelctl, and starts the panel.
# At a terminal the panel runs until Enter or Ctrl-C; otherwise (a script,
# CI) a scripted client clicks "Open SendGrid" once and the demo ends.
# Either way it stops everything it started, whatever happens.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh demo
build=${BUILD_DIR:-build-demo}
# No tests, but the sandbox (a test server, left out of builds without tests).
cmake -S . -B "$build" -DBUILD_TESTING=OFF -DPANELSSO_BUILD_TEST_SERVERS=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
# The PHP extension, the PECL way, against this build installed into a
# prefix of its own (bindings/php's own build script).
bindings/php/tests/build-extension.sh "$build" "$PWD/$build/php-ext" >/dev/null

work=$(mktemp -d /tmp/panelsso-demo.XXXXXX)
pids=
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# php-fpm's workers (www-data) pass through to the CA, and see nothing else.
chmod 0711 "$work"

tests/servers/make-test-pki.sh "$work/pki" >/dev/null 2>&1
mkdir -m 0755 "$work/ca"
cp "$work/pki/ca.pem" "$work/ca/ca.pem"
chmod 0644 "$work/ca/ca.pem"
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

# The panel's configuration.  newco (global) and neue (EU) are new
# tenants: no account_id until panelctl creates their accounts below, and
# the file is written again with each new id, as a panel stores it in the
# tenant's record.
write_config() { # newco's account_id, neue's ("" for none yet)
  newco_id=${1:+, \"account_id\": \"$1\"}
  neue_id=${2:+, \"account_id\": \"$2\"}
  cat > "$work/panel.json.new" <<JSON
{
  "plugin_dir": "$PWD/$build/plugins",
  "providers": {
    "sendgrid": {
      "api_key_file": "$work/sendgrid.key",
      "global_base_url": "https://127.0.0.1:$gport",
      "eu_base_url": "https://127.0.0.1:$eport",
      "ca_file": "$work/ca/ca.pem",
      "redirect_hosts": "127.0.0.1",
      "timeout_ms": 5000
    }
  },
  "tenants": {
    "acme":   { "provider": "sendgrid", "account_id": "ZGkrHSypTsudrGkmdpJJ", "region": "global" },
    "muller": { "provider": "sendgrid", "account_id": "sg2a2bcd3ef4ab5c67d8efab91c01de2fa", "region": "eu" },
    "newco":  { "provider": "sendgrid", "region": "global"$newco_id },
    "neue":   { "provider": "sendgrid", "region": "eu"$neue_id }
  }
}
JSON
  mv "$work/panel.json.new" "$work/panel.json"
}
write_config "" ""
panelctl="$build/tools/panelctl/panelctl"

echo "Sandboxes: global on https://127.0.0.1:$gport, EU on https://127.0.0.1:$eport"

# A new tenant in each region: the account is created with the free plan,
# and its id (printed alone by panelctl) is stored in the configuration.
# A create is never repeated: on exit 11 (outcome unknown) a panel looks
# in the account list first; the demo just stops.
newco=$("$panelctl" -c "$work/panel.json" account create newco --package org.ei.free.v1 \
          --email ops@newco.example --company "NewCo Hosting" --timezone Europe/London)
neue=$("$panelctl" -c "$work/panel.json" account create neue --package org.ei.free.v1 \
          --email ops@neue.example --company "Neue GmbH" --timezone Europe/Berlin)
write_config "$newco" "$neue"
printf '%-7s region %-6s -> new account %s, stored as its account_id\n' newco global "$newco"
printf '%-7s region %-6s -> new account %s, stored as its account_id\n' neue eu "$neue"

for tenant in newco neue acme muller; do
  line=$("$panelctl" -c "$work/panel.json" login --with-region "$tenant")
  region=${line%% *}; url=${line#* }
  case "$url" in
    *":$gport/"*) answered="global sandbox" ;;
    *":$eport/"*) answered="EU sandbox" ;;
    *) answered="unknown host" ;;
  esac
  printf '%-7s region %-6s -> %s\n          (one-time URL from the %s, valid 60 s, usable once)\n' \
    "$tenant" "$region" "$url" "$answered"
done

# The sample PHP panel: nginx and php-fpm on loopback, the extension loaded
# by php-fpm's master (as root, so its plugin reads the root:root 0600 key;
# the workers are www-data).  Its tenants are its own (the extension reads
# only the providers of the configuration): the four above, and one without
# an account yet.
cat > "$work/panel-tenants.json" <<JSON
{ "tenants": {
  "acme":   { "name": "Acme Ltd", "region": "global", "account_id": "ZGkrHSypTsudrGkmdpJJ", "email": "ops@acme.example" },
  "muller": { "name": "Müller GmbH", "region": "eu", "account_id": "sg2a2bcd3ef4ab5c67d8efab91c01de2fa", "email": "it@mueller.example" },
  "newco":  { "name": "NewCo Hosting", "region": "global", "account_id": "$newco", "email": "ops@newco.example" },
  "neue":   { "name": "Neue GmbH", "region": "eu", "account_id": "$neue", "email": "ops@neue.example" },
  "fresh":  { "name": "Fresh Start Ltd", "region": "global", "account_id": null, "email": "hello@fresh.example" }
} }
JSON
mkdir "$work/panel"
samples/php-panel/serve.sh --extension "$PWD/$build/php-ext/panelsso.so" \
  --panelsso-config "$work/panel.json" --tenants "$work/panel-tenants.json" \
  --work "$work/panel" > "$work/panel.log" 2>&1 &
pids="$pids $!"
i=0
while [ ! -s "$work/panel/port" ]; do
  i=$((i + 1)); [ $i -le 300 ] || { echo "demo: the PHP panel did not start:" >&2; cat "$work/panel.log" >&2; exit 1; }
  sleep 0.1
done
panel="http://127.0.0.1:$(cat "$work/panel/port")"
echo
echo "PHP panel (nginx and php-fpm): $panel/"

if [ -t 0 ]; then
  cat <<TEXT
  Open $panel/ in a browser on this machine (from elsewhere: ssh -L
  $(cat "$work/panel/port"):127.0.0.1:$(cat "$work/panel/port") -L $gport:127.0.0.1:$gport -L $eport:127.0.0.1:$eport, then the same address).
  "Open SendGrid" leads to a sandbox's HTTPS login page, whose certificate
  comes from this demo's throwaway CA: the browser warns unless you import
  $work/ca/ca.pem as an authority.
  "Create SendGrid account" makes one for Fresh Start Ltd; Suspend and
  Unsuspend change an account's state.
Press Enter or Ctrl-C to stop the panel and the sandboxes.
TEXT
  read -r _ || true
else
  echo "No terminal: a scripted client clicks \"Open SendGrid\" for acme once:"
  clicked=0
  php8.2 -n samples/php-panel/open-once.php "$panel" acme > "$work/click.out" || clicked=$?
  sed 's/^/  /' "$work/click.out"
  [ "$clicked" = 0 ] || { echo "demo: the panel did not answer the click with a 303" >&2; exit 1; }
fi
