# SPDX-License-Identifier: MIT
# sandboxes.sh -- sourced by the PHP tests' drivers: a partner key and
# HTTPS sandboxes (tests/servers/sandbox) for the SendGrid plugin, started
# as scripts/demo.sh starts them, stopped by stop_sandboxes.
#
# Needs: SANDBOX_BIN (the sandbox program), TEST_PKI_DIR (the test CA and
# server certificate from the ctest fixture "pki"), and $work, a directory
# of the caller's that holds everything made here.

sandbox_pids=

need_env() { # NAME...
  for n in "$@"; do
    eval "v=\${$n:-}"
    [ -n "$v" ] || { echo "missing prerequisite: environment variable $n is not set; run this through ctest" >&2; exit 1; }
  done
}

# make_key FILE: a made-up partner key, readable only by its owner, as the
# plugin requires.  SG.-prefixed like real keys, so the secret scan knows it.
make_key() {
  (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | sed 's/^/SG.phptest-/' >"$1")
}

# start_sandbox REGION KEY_FILE: starts it on a free loopback port; the port
# ends up in $work/REGION.port and the request log in $work/REGION.log.
start_sandbox() {
  need_env SANDBOX_BIN TEST_PKI_DIR
  "$SANDBOX_BIN" --region "$1" \
    --tls-cert "$TEST_PKI_DIR/server.pem" --tls-key "$TEST_PKI_DIR/server.key" \
    --api-key-file "$2" --port-file "$work/$1.port" --log-file "$work/$1.log" \
    2>>"$work/$1.stderr" &
  sandbox_pids="$sandbox_pids $!"
  i=0
  while [ ! -s "$work/$1.port" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ]; then
      echo "the $1 sandbox did not start within 20 s:" >&2
      cat "$work/$1.stderr" >&2
      exit 1
    fi
    sleep 0.1
  done
}

stop_sandboxes() {
  for p in $sandbox_pids; do kill "$p" 2>/dev/null || true; done
  for p in $sandbox_pids; do wait "$p" 2>/dev/null || true; done
  sandbox_pids=
}
