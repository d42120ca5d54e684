#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmark, in one command, from a fresh clone (as root for the
# packages; see scripts/deps.sh):
#
#   bench/run.sh
#
# It installs what it needs (Debian packages, and @sendgrid/client from npm
# into bench/node_modules at the version pinned in bench/package-lock.json),
# builds the project in Release into build-bench/ (and against that build the
# Python package, pip-installed into a venv, and the PHP extension, built the
# PECL way), makes a test CA, starts the sandbox (HTTPS on loopback,
# keep-alive) and measures, against that one sandbox, in BENCH_ROUNDS
# interleaved rounds:
#   plugin      a. the plugin through the host loader, sequential logins
#   raw         b. raw libcurl reusing one handle: the floor
#   naive       c. libcurl with a new handle (new TLS handshake) per login
#   node        d. SendGrid's official Node client, redirects off
#   plugin-mt8  e. a. with 8 threads sharing one plugin instance
#   raw-mt8     e. b. with 8 threads, one handle each
#   php         f. the PHP extension (bindings/php): PanelSso\login in a
#                  PHP CLI loop, the loader and plugin made once (as in a.)
#   php-panelctl g. the old way from PHP: proc_open of `panelctl login` for
#                  every login (a process, a plugin load, a TLS handshake)
#   python      h. the Python package (bindings/python), panelsso.Loader.login
#                  in a Python loop, through the same plugin and loader as a.
# then the "click": the sample PHP panel (samples/php-panel on nginx and
# php-fpm, the extension loaded) answering "Open SendGrid" with its 303,
# driven by wrk for BENCH_CLICK_SECONDS at each of BENCH_CLICK_CONNECTIONS
# keep-alive connections (bench/php_click.sh); then the memory of a host with
# and without the plugin.  It writes bench/out/ (runs.jsonl, click.jsonl,
# results.json, results.md, benchmarks.png) and regenerates
# docs/benchmarks.md and docs/benchmarks.png.  As root (the panel's nginx and
# php-fpm masters start as root).
#
# Knobs (environment): BENCH_ROUNDS (5), BENCH_BUILD_DIR (build-bench),
# BENCH_SCALE (1; e.g. 0.2 for a quick smoke run: fewer logins per run),
# BENCH_CLICK_SECONDS (10), BENCH_CLICK_CONNECTIONS ("1 4": php-fpm has 4
# workers).
# Not part of ctest or .ci/run: the figures are read by people, never asserted.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
rounds=${BENCH_ROUNDS:-5}
build=${BENCH_BUILD_DIR:-$root/build-bench}
scale=${BENCH_SCALE:-1}
click_seconds=${BENCH_CLICK_SECONDS:-10}
click_connections=${BENCH_CLICK_CONNECTIONS:-1 4}
out=$here/out
started=$(date +%s)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

say() { printf 'bench: %s\n' "$*" >&2; }
n() { awk -v n="$1" -v s="$scale" 'BEGIN { v = int(n * s); if (v < 8) v = 8; print v }'; }

# ---- what it needs -----------------------------------------------------------
say "packages (scripts/deps.sh bench)"
scripts/deps.sh bench
[ "$(id -u)" = 0 ] || { say "run this as root: the panel's nginx and php-fpm masters start as root"; exit 1; }
for tool in node npm gnuplot cmake taskset php8.2 phpize8.2 nginx php-fpm8.2 wrk; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing prerequisite: $tool (run scripts/deps.sh bench as root)"; exit 1; }
done
# Variant h: Debian's Python with what building the package takes.
python=/usr/bin/python3
if ! "$python" -c 'import cffi, setuptools, venv, ensurepip, sysconfig, os, sys
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
  say "missing prerequisite: Debian's python3 with python3-cffi, python3-dev, python3-setuptools and python3-venv (scripts/deps.sh bench installs them)"
  exit 1
fi

want=$(node -p "require('$here/package-lock.json').packages['node_modules/@sendgrid/client'].version")
have=$(node -p "try { require('$here/node_modules/@sendgrid/client/package.json').version } catch (e) { '' }")
if [ "$have" != "$want" ]; then
  say "installing @sendgrid/client $want into bench/node_modules (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

say "building (Release) in $build"
# No tests, but the sandbox (a test server, left out of builds without tests).
# The install prefix is the build's own: language bindings build against
# libauthloader installed there (its runtime and development components).
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
      -DPANELSSO_BUILD_TEST_SERVERS=ON -DCMAKE_INSTALL_PREFIX="$build/install" >/dev/null
# Everything: the PHP extension's build installs the whole project.
cmake --build "$build" -j"$(nproc)" >/dev/null
for component in runtime development; do
  cmake --install "$build" --component "$component" >/dev/null
done
client=$build/bench/bench-client
memory=$build/bench/bench-memory
plugin=$build/plugins/sendgrid.so
# bench/CMakeLists.txt adds the project as its subdirectory "panelsso".
panelctl=$build/panelsso/tools/panelctl/panelctl

# ---- the sandbox ---------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"

say "installing the Python package into a venv (pip install bindings/python)"
# A copy is built, so the source tree gets no build output; offline, with
# Debian's cffi and setuptools (--system-site-packages).
venv=$out/python-venv
cp -R "$root/bindings/python" "$out/python-src"
"$python" -m venv --system-site-packages "$venv" >/dev/null
PKG_CONFIG_PATH="$build/install/$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")/pkgconfig" \
  "$venv/bin/python" -m pip install --no-cache-dir --no-build-isolation --no-index \
  --no-deps "$out/python-src" >"$out/python-pip.log" 2>&1 ||
  { cat "$out/python-pip.log" >&2; say "pip install bindings/python failed"; exit 1; }
"$venv/bin/python" -c 'import sys, cffi; print(sys.version.split()[0], cffi.__version__)' > "$out/python-version.txt"

say "building the PHP extension (bindings/php, phpize) against that build"
bindings/php/tests/build-extension.sh "$build" "$out/php-ext" >/dev/null
php_ext=$out/php-ext/panelsso.so
{ php8.2 -n -r 'echo PHP_VERSION;'; printf ' '; nginx -v 2>&1 | sed 's/.*nginx\///'; } > "$out/php-version.txt"
echo "$load_at_start" > "$out/loadavg-start.txt"
"$client" --versions > "$out/curl-version.txt"
tests/servers/make-test-pki.sh "$out/pki" >/dev/null
key=$out/api-key
(umask 077 && printf 'SG.bench.%s\n' "$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" > "$key")

sandbox_pid=
stop_sandbox() {
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
    sandbox_pid=
  fi
}
trap stop_sandbox EXIT
trap 'stop_sandbox; exit 130' INT TERM
# The request log goes to /dev/null: one write(2) per request to a file is
# sandbox work that no real API server would make the client wait for.
"$build/tests/servers/sandbox/sandbox" --api-key-file "$key" \
  --tls-cert "$out/pki/server.pem" --tls-key "$out/pki/server.key" \
  --listen 127.0.0.1:0 --port-file "$out/port" --log-file /dev/null \
  2> "$out/sandbox.stderr" &
sandbox_pid=$!
i=0
while [ ! -s "$out/port" ]; do
  i=$((i + 1))
  if [ $i -gt 100 ] || ! kill -0 "$sandbox_pid" 2>/dev/null; then
    say "the sandbox did not start:"; cat "$out/sandbox.stderr" >&2; exit 1
  fi
  sleep 0.1
done
base=https://127.0.0.1:$(cat "$out/port")
say "sandbox at $base"

common="--base-url $base --ca-file $out/pki/ca.pem --key-file $key"
# Variants f and g read the settings a. gives the plugin from a
# configuration file (the extension's panelsso.config, panelctl -c).
(umask 077 && cat > "$out/panelsso.json" <<JSON
{
  "plugin_dir": "$build/plugins",
  "providers": {
    "sendgrid": {
      "api_key_file": "$key",
      "global_base_url": "$base",
      "ca_file": "$out/pki/ca.pem",
      "redirect_hosts": "127.0.0.1"
    }
  }
}
JSON
)
php_common="--base-url $base --ca-file $out/pki/ca.pem"
php_ext_ini="-d extension=$php_ext -d panelsso.config=$out/panelsso.json -d panelsso.log_level=info -d error_log=/dev/null"

# CPU placement.  On a small VM a wakeup across CPUs costs more than a whole
# keep-alive login, and an unpinned sequential run lands the client and the
# sandbox on one CPU or on two at the scheduler's whim: measured here, p50
# 30 us or 100 us from run to run.  So the sequential variants run client
# and sandbox on one CPU (a ping-pong in which each side's CPU cost is what
# is measured), and the 8-thread variants get every CPU, shared.
cpus=$(nproc)
last_cpu=$((cpus - 1))
all_cpus=0-$last_cpu
place() {  # CPU list for the sandbox's threads and the next client
  taskset -a -p -c "$1" "$sandbox_pid" >/dev/null
  pin="taskset -c $1"
}
# Sizes: each run long enough to dwarf timer noise, the whole bench within a
# few minutes on 2 cores.  Warm-up logins are not timed.
run_variant() {  # name
  case "$1" in
    *-mt8) place "$all_cpus" ;;
    *)     place "$last_cpu" ;;
  esac
  case "$1" in
    plugin)     $pin "$client" --variant plugin --threads 1 --logins "$(n 20000)" --warmup 200 --plugin "$plugin" $common ;;
    raw)        $pin "$client" --variant raw --threads 1 --logins "$(n 20000)" --warmup 200 $common ;;
    naive)      $pin "$client" --variant naive --threads 1 --logins "$(n 600)" --warmup 10 $common ;;
    node)       NODE_EXTRA_CA_CERTS=$out/pki/ca.pem NO_PROXY=127.0.0.1 no_proxy=127.0.0.1 \
                $pin node "$here/node_client.js" --logins "$(n 2000)" --warmup 500 $common ;;
    plugin-mt8) $pin "$client" --variant plugin --threads 8 --logins "$(n 48000)" --warmup 100 --plugin "$plugin" $common ;;
    raw-mt8)    $pin "$client" --variant raw --threads 8 --logins "$(n 48000)" --warmup 100 $common ;;
    php)        $pin php8.2 -n $php_ext_ini "$here/php_client.php" --variant extension \
                --logins "$(n 20000)" --warmup 200 $php_common ;;
    php-panelctl) $pin php8.2 -n "$here/php_client.php" --variant panelctl --panelctl "$panelctl" \
                --config "$out/panelsso.json" --logins "$(n 600)" --warmup 10 $php_common ;;
    python)     $pin "$venv/bin/python" "$here/python_client.py" --logins "$(n 20000)" --warmup 200 \
                --plugin-dir "$build/plugins" $common ;;
  esac
}

variants="plugin raw naive node plugin-mt8 raw-mt8 php php-panelctl python"
nvariants=$(echo $variants | wc -w)
: > "$out/runs.jsonl"
r=1
while [ $r -le "$rounds" ]; do
  # Interleaved, and each round starts one variant later, so a slow spell of
  # the machine does not land on the same variant every time.
  order=$(echo $variants | awk -v k=$(( (r - 1) % nvariants )) '{ for (i = 0; i < NF; i++) printf "%s ", $(((i + k) % NF) + 1) }')
  for v in $order; do
    line=$(run_variant "$v") || { say "variant $v failed in round $r"; exit 1; }
    echo "$line" | sed "s/^{/{\"round\":$r,\"name\":\"$v\",/" >> "$out/runs.jsonl"
    say "round $r/$rounds $v: $(echo "$line" | sed 's/.*"logins_per_s":\([0-9.]*\).*"p99_us":\([0-9.]*\).*/\1 logins\/s, p99 \2 us/')"
  done
  r=$((r + 1))
done

say "click: the sample PHP panel on nginx and php-fpm, wrk, $click_seconds s at each of $click_connections connection(s)"
# All CPUs: wrk, nginx, php-fpm's workers and the sandbox share them.
place "$all_cpus"
# shellcheck disable=SC2086
"$here/php_click.sh" "$php_ext" "$build/plugins" "$key" "$out/pki/ca.pem" "$base" \
  "$click_seconds" $click_connections > "$out/click.jsonl" ||
  { say "the click benchmark failed"; exit 1; }
while read -r line; do
  say "click: $(echo "$line" | sed 's/.*"connections":\([0-9]*\).*"requests_per_s":\([0-9.]*\),"p50_us":\([0-9.]*\).*"p99_us":\([0-9.]*\).*/\1 connection(s): \2 requests\/s, p50 \3 us, p99 \4 us/')"
done < "$out/click.jsonl"

say "memory: host without the plugin, then with one instance (1,000 and 100,000 logins)"
place "$last_cpu"
$pin "$memory" --baseline > "$out/memory-baseline.json"
$pin "$memory" --plugin "$plugin" $common --first 1000 --total 100000 > "$out/memory-plugin.json"
stop_sandbox

say "report"
BENCH_COMMAND="bench/run.sh" BENCH_ROUNDS=$rounds BENCH_SECONDS=$(( $(date +%s) - started )) \
  node "$here/report.js" "$out" "$root/docs"
say "done in $(( $(date +%s) - started )) s: docs/benchmarks.md, docs/benchmarks.png, bench/out/"
