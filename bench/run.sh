#!/bin/sh
# The benchmark, in one command, from a fresh clone (as root for the
# packages; see scripts/deps.sh):
#
#   bench/run.sh
#
# It installs what it needs (Debian packages, and @sendgrid/client from npm
# into bench/node_modules at the version pinned in bench/package-lock.json),
# builds the project in Release into build-bench/, makes a test CA, starts
# the sandbox (HTTPS on loopback, keep-alive) and measures, against that one
# sandbox, in BENCH_ROUNDS interleaved rounds:
#   plugin      a. the plugin through the host loader, sequential logins
#   raw         b. raw libcurl reusing one handle: the floor
#   naive       c. libcurl with a new handle (new TLS handshake) per login
#   node        d. SendGrid's official Node client, redirects off
#   plugin-mt8  e. a. with 8 threads sharing one plugin instance
#   raw-mt8     e. b. with 8 threads, one handle each
# then the memory of a host with and without the plugin.  It writes
# bench/out/ (runs.jsonl, results.json, results.md, benchmarks.png) and
# regenerates docs/benchmarks.md and docs/benchmarks.png.
#
# Knobs (environment): BENCH_ROUNDS (5), BENCH_BUILD_DIR (build-bench),
# BENCH_SCALE (1; e.g. 0.2 for a quick smoke run: fewer logins per run).
# Not part of ctest or .ci/run: the figures are read by people, never asserted.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
rounds=${BENCH_ROUNDS:-5}
build=${BENCH_BUILD_DIR:-$root/build-bench}
scale=${BENCH_SCALE:-1}
out=$here/out
started=$(date +%s)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

say() { printf 'bench: %s\n' "$*" >&2; }
n() { awk -v n="$1" -v s="$scale" 'BEGIN { v = int(n * s); if (v < 8) v = 8; print v }'; }

# ---- what it needs -----------------------------------------------------------
say "packages (scripts/deps.sh bench)"
scripts/deps.sh bench
for tool in node npm gnuplot cmake taskset; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing prerequisite: $tool (run scripts/deps.sh bench as root)"; exit 1; }
done

want=$(node -p "require('$here/package-lock.json').packages['node_modules/@sendgrid/client'].version")
have=$(node -p "try { require('$here/node_modules/@sendgrid/client/package.json').version } catch (e) { '' }")
if [ "$have" != "$want" ]; then
  say "installing @sendgrid/client $want into bench/node_modules (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

say "building (Release) in $build"
# No tests, but the sandbox (a test server, left out of builds without tests).
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
      -DPANELSSO_BUILD_TEST_SERVERS=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target bench-client bench-memory sandbox sendgrid_plugin >/dev/null
client=$build/bench/bench-client
memory=$build/bench/bench-memory
plugin=$build/plugins/sendgrid.so

# ---- the sandbox ---------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"
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
  esac
}

variants="plugin raw naive node plugin-mt8 raw-mt8"
: > "$out/runs.jsonl"
r=1
while [ $r -le "$rounds" ]; do
  # Interleaved, and each round starts one variant later, so a slow spell of
  # the machine does not land on the same variant every time.
  order=$(echo $variants | awk -v k=$(( (r - 1) % 6 )) '{ for (i = 0; i < NF; i++) printf "%s ", $(((i + k) % NF) + 1) }')
  for v in $order; do
    line=$(run_variant "$v") || { say "variant $v failed in round $r"; exit 1; }
    echo "$line" | sed "s/^{/{\"round\":$r,\"name\":\"$v\",/" >> "$out/runs.jsonl"
    say "round $r/$rounds $v: $(echo "$line" | sed 's/.*"logins_per_s":\([0-9.]*\).*"p99_us":\([0-9.]*\).*/\1 logins\/s, p99 \2 us/')"
  done
  r=$((r + 1))
done

say "memory: host without the plugin, then with one instance (1,000 and 100,000 logins)"
place "$last_cpu"
$pin "$memory" --baseline > "$out/memory-baseline.json"
$pin "$memory" --plugin "$plugin" $common --first 1000 --total 100000 > "$out/memory-plugin.json"
stop_sandbox

say "report"
BENCH_COMMAND="bench/run.sh" BENCH_ROUNDS=$rounds BENCH_SECONDS=$(( $(date +%s) - started )) \
  node "$here/report.js" "$out" "$root/docs"
say "done in $(( $(date +%s) - started )) s: docs/benchmarks.md, docs/benchmarks.png, bench/out/"
