#!/bin/sh
# SPDX-License-Identifier: MIT
# The Debian packages as an administrator gets them: scripts/package.sh
# builds them into dist/, `apt-get install ./dist/*.deb` installs them, the
# installed /usr/bin/panelctl (its default plugin directory, the plugin of
# panelsso-sendgrid) logs a global and an EU tenant in against two local
# HTTPS sandboxes, and `apt-get purge` must then leave no file or
# directory of theirs on disk (checked against their `dpkg -L` lists,
# saved before the purge; /etc/panelsso included).
#
# usage: scripts/ci-packages.sh [BUILD_DIR]   (as root; default build)
#   The sandbox comes from BUILD_DIR (tests/servers/sandbox/sandbox, built
#   by the ordinary build); nothing else of BUILD_DIR is used.
#
# When one of the packages is already installed it refuses to start (it
# would purge someone's installation), except under CI (CI=true), where
# only an earlier run that was killed can have left them: they are purged
# first.  The sandboxes are stopped, the packages purged and the temporary
# directory removed, pass or fail.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
sandbox="$build/tests/servers/sandbox/sandbox"
pkgs="libauthloader1 libauthloader-dev panelsso-sendgrid panelsso-tools"
fail() { echo "packages: FAIL: $*" >&2; exit 1; }
# Does dpkg hold any of the package: its files, or its conffiles after a remove?
on_system() {
  case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" in
    *" not-installed" | "") return 1 ;;
    *) return 0 ;;
  esac
}

[ "$(id -u)" = 0 ] || fail "run this as root (it installs and purges packages)"
[ -x "$sandbox" ] || fail "$sandbox is missing: build $build first (cmake --build $build)"
for p in $pkgs; do
  on_system "$p" || continue
  if [ "${CI:-}" = true ]; then
    echo "packages: $p is installed, left by an earlier run: purging it first"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $pkgs >/dev/null ||
      fail "cannot purge the packages an earlier run left"
  else
    fail "$p is already installed: purge it first (apt-get purge $pkgs)"
  fi
done

scripts/package.sh

work=$(mktemp -d /tmp/panelsso-packages.XXXXXX)
pids=
installed=0
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  if [ "$installed" = 1 ]; then
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $pkgs >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# What is on disk before: a path of the packages that existed already (a
# shared directory like /usr/lib) may stay after the purge.
for deb in dist/*.deb; do
  dpkg-deb --fsys-tarfile "$deb" | tar -tf - | sed -e 's|^\./|/|' -e 's|/$||' -e '/^$/d'
done | sort -u > "$work/paths"
while read -r path; do
  if [ -e "$path" ] || [ -L "$path" ]; then echo "$path"; fi
done < "$work/paths" > "$work/existed-before"

echo "packages: apt-get install ./dist/*.deb"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./dist/*.deb >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get install ./dist/*.deb failed"; }
for p in $pkgs; do
  dpkg-query -W -f='${Status}\n' "$p" | grep -q "install ok installed" || fail "$p is not installed"
  dpkg -L "$p" >> "$work/owned"
done

# ---- what the packages put where -------------------------------------------
plugindir=$(pkg-config --variable=plugindir authloader)
[ -f "$plugindir/sendgrid.so" ] ||
  fail "sendgrid.so is not in pkg-config's plugindir ($plugindir)"
[ "$(dpkg -S "$plugindir/sendgrid.so" | cut -d: -f1)" = panelsso-sendgrid ] ||
  fail "$plugindir/sendgrid.so does not belong to panelsso-sendgrid"
mode=$(stat -c '%a %U %G' /etc/panelsso/panelsso.json)
[ "$mode" = "640 root root" ] ||
  fail "/etc/panelsso/panelsso.json is '$mode', not '640 root root'"
grep -qx /etc/panelsso/panelsso.json /var/lib/dpkg/info/panelsso-tools.conffiles ||
  fail "/etc/panelsso/panelsso.json is not a conffile of panelsso-tools"
if readelf -d /usr/bin/panelctl | grep -qE 'RPATH|RUNPATH'; then
  fail "/usr/bin/panelctl carries a run path: $(readelf -d /usr/bin/panelctl | grep -E 'RPATH|RUNPATH')"
fi
echo "packages: sendgrid.so in plugindir ($plugindir), /etc/panelsso/panelsso.json 0640 conffile, panelctl without run path"

# ---- log a global and an EU tenant in ---------------------------------------
tests/servers/make-test-pki.sh "$work/pki" >/dev/null 2>&1 || fail "cannot make the test PKI"
umask 077
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | sed 's/^/SG.packages-/' > "$work/sendgrid.key"
umask 022
start_sandbox() { # region
  "$sandbox" --region "$1" --tls-cert "$work/pki/server.pem" \
    --tls-key "$work/pki/server.key" --api-key-file "$work/sendgrid.key" \
    --port-file "$work/$1.port" --log-file "$work/$1.log" &
  pids="$pids $!"
  i=0
  while [ ! -s "$work/$1.port" ]; do
    i=$((i + 1))
    [ $i -le 100 ] || { cat "$work/$1.log" >&2; fail "the $1 sandbox did not start"; }
    sleep 0.1
  done
}
start_sandbox global
start_sandbox eu
gport=$(cat "$work/global.port")
eport=$(cat "$work/eu.port")

# No plugin_dir: panelctl's default, where panelsso-sendgrid put the plugin.
mkdir -m 0700 "$work/etc"
cat > "$work/etc/panelsso.json" <<JSON
{
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
chmod 0600 "$work/etc/panelsso.json"
login() { # TENANT REGION PORT
  line=$(/usr/bin/panelctl -c "$work/etc/panelsso.json" login --with-region "$1" \
           2>"$work/panelctl.err") ||
    { cat "$work/panelctl.err" >&2; fail "/usr/bin/panelctl could not log $1 in"; }
  region=${line%% *}
  url=${line#* }
  [ "$region" = "$2" ] || fail "$1 was answered by region '$region', not $2"
  case "$url" in
    "https://127.0.0.1:$3/"*) ;;
    *) fail "$1's one-time URL does not come from the $2 sandbox (port $3)" ;;
  esac
  # The URL holds a one-time code: its host and port are enough to show.
  echo "packages: /usr/bin/panelctl logged $1 in through the $2 sandbox (https://127.0.0.1:$3/...)"
}
login acme global "$gport"
login muller eu "$eport"

# ---- purge: nothing of them stays --------------------------------------------
echo "packages: apt-get purge"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $pkgs >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log" >&2; fail "apt-get purge failed"; }
installed=0
for p in $pkgs; do
  if on_system "$p"; then
    fail "$p is still on the system after the purge: $(dpkg-query -W -f='${Status}' "$p")"
  fi
done
sort -u "$work/owned" | grep -vx '/\.' > "$work/owned-sorted"
grep -q /etc/panelsso "$work/owned-sorted" || fail "the dpkg -L lists miss /etc/panelsso"
left=
while read -r path; do
  [ -e "$path" ] || [ -L "$path" ] || continue
  grep -qxF "$path" "$work/existed-before" && [ -d "$path" ] && continue
  left="$left $path"
done < "$work/owned-sorted"
[ -z "$left" ] || fail "left on disk after the purge:$left"
echo "packages: after the purge none of the $(wc -l < "$work/owned-sorted") paths the packages owned is left (shared directories that existed before stay)"
echo "packages: every check passed"
