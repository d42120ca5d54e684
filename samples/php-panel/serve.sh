#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the sample panel on loopback: php-fpm (master as root, pool as
# www-data) behind nginx (master as root, workers as www-data), with
# configurations made from conf/*.in in a directory of their own.  It runs
# until it gets SIGTERM or SIGINT (or either server dies), then stops both.
#
# usage: serve.sh --extension PANELSSO_SO --panelsso-config FILE --tenants FILE
#                 --work DIR [--port N] [--server-name NAME] [--preload LIB]
#   --extension        the panelsso PHP extension (panelsso.so)
#   --panelsso-config  the panelsso configuration (root-owned, 0600, naming
#                      a root:root 0600 key file): read by php-fpm's master
#   --tenants          the tenants file to start with (see src/tenants.php);
#                      the panel works on a copy, WORK/data/tenants.json
#   --work             an empty directory for everything this run makes
#   --port             the loopback port (default 0: a free one)
#   --server-name      the host name the panel answers to (default 127.0.0.1)
#   --preload          a library php-fpm must preload (a sanitizer runtime)
# Once both servers answer, the port is written to WORK/port and the
# panel's address printed.  As root.
#
# WORK holds:
#   etc/      the configurations (root, 0700)
#   run/      pid files, php-fpm's socket (www-data, 0600), nginx's temp dirs
#   www/      the panel's code: public/ is nginx's root, src/ is not served
#   data/     tenants.json (www-data, 0700: only the panel reads and writes it)
#   sessions/ PHP's sessions (www-data, 0700)
#   logs/     nginx-access.log, nginx-error.log, php-fpm.log, php-error.log
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "serve.sh: $*" >&2; exit 1; }

extension= config= tenants= work= port=0 server_name=127.0.0.1 preload=
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || fail "$1 needs a value"
  case "$1" in
    --extension) extension=$2 ;;
    --panelsso-config) config=$2 ;;
    --tenants) tenants=$2 ;;
    --work) work=$2 ;;
    --port) port=$2 ;;
    --server-name) server_name=$2 ;;
    --preload) preload=$2 ;;
    *) fail "unknown option $1 (see the usage at the top of $0)" ;;
  esac
  shift 2
done
[ -n "$extension" ] && [ -n "$config" ] && [ -n "$tenants" ] && [ -n "$work" ] ||
  fail "--extension, --panelsso-config, --tenants and --work are required"
[ "$(id -u)" = 0 ] || fail "run this as root: the masters start as root and their workers drop to www-data"
id www-data >/dev/null 2>&1 || fail "there is no user www-data"
for tool in nginx php-fpm8.2; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing: install nginx and php8.2-fpm"
done
[ -f "$extension" ] || fail "no PHP extension at $extension"
[ -f "$tenants" ] || fail "no tenants file at $tenants"
[ -d "$work" ] || fail "no directory $work"
case "$port" in *[!0-9]*|'') fail "--port takes a number" ;; esac
case "$extension$config$work$server_name" in
  *[!A-Za-z0-9/._:-]*) fail "paths and the server name may hold only letters, digits and / . _ : -" ;;
esac

# Everything www-data needs sits in directories of its own; the directory
# itself only lets it pass through.
chmod 0711 "$work"
mkdir -m 0700 "$work/etc"
mkdir -m 0711 "$work/run"
mkdir -m 0755 "$work/www" "$work/logs"
mkdir -m 0700 "$work/data" "$work/sessions"
cp -R "$here/public" "$here/src" "$work/www/"
chmod -R a+rX,go-w "$work/www"
cp "$tenants" "$work/data/tenants.json"
: >"$work/logs/php-error.log"
chown www-data:www-data "$work/data" "$work/data/tenants.json" "$work/sessions" "$work/logs/php-error.log"
chmod 0600 "$work/data/tenants.json" "$work/logs/php-error.log"

# fill TEMPLATE OUTPUT: the template with its @...@ values.
fill() {
  sed -e "s|@RUN@|$work/run|g" -e "s|@LOGS@|$work/logs|g" -e "s|@WWW@|$work/www|g" \
      -e "s|@DATA@|$work/data|g" -e "s|@SESSIONS@|$work/sessions|g" \
      -e "s|@EXTENSION@|$extension|g" -e "s|@PANELSSO_CONFIG@|$config|g" \
      -e "s|@SERVER_NAME@|$server_name|g" -e "s|@PORT@|$2|g" "$here/conf/$1.in" >"$work/etc/$1"
}

fpm_pid= nginx_pid= sleeper=
stop() {
  for p in $nginx_pid $fpm_pid $sleeper; do kill "$p" 2>/dev/null || true; done
  for p in $nginx_pid $fpm_pid $sleeper; do wait "$p" 2>/dev/null || true; done
  nginx_pid= fpm_pid= sleeper=
}
trap stop EXIT
trap 'exit 0' INT TERM

fill php.ini 0
fill php-fpm.conf 0
# Only the given php.ini, none of the distribution's: the panel's run is
# the same on every machine.
PHP_INI_SCAN_DIR= LD_PRELOAD=$preload php-fpm8.2 --nodaemonize --fpm-config "$work/etc/php-fpm.conf" \
  -c "$work/etc/php.ini" 2>>"$work/logs/php-fpm-stderr.log" &
fpm_pid=$!
i=0
while [ ! -S "$work/run/php-fpm.sock" ]; do
  i=$((i + 1))
  if [ $i -gt 200 ] || ! kill -0 "$fpm_pid" 2>/dev/null; then
    cat "$work/logs/php-fpm-stderr.log" "$work/logs/php-fpm.log" >&2 2>/dev/null || true
    fail "php-fpm did not start"
  fi
  sleep 0.1
done

# start_nginx PORT: 0 once it listens, 1 if it could not bind the port.
start_nginx() {
  fill nginx.conf "$1"
  rm -f "$work/run/nginx.pid"
  : >"$work/logs/nginx-stderr.log"
  nginx -e "$work/logs/nginx-error.log" -c "$work/etc/nginx.conf" 2>>"$work/logs/nginx-stderr.log" &
  nginx_pid=$!
  # nginx writes its pid file once it listens.
  i=0
  while [ ! -s "$work/run/nginx.pid" ]; do
    if ! kill -0 "$nginx_pid" 2>/dev/null; then
      wait "$nginx_pid" 2>/dev/null || true
      nginx_pid=
      grep -q 'Address already in use' "$work/logs/nginx-stderr.log" && return 1
      cat "$work/logs/nginx-stderr.log" "$work/logs/nginx-error.log" >&2 2>/dev/null || true
      fail "nginx did not start"
    fi
    i=$((i + 1))
    [ $i -le 200 ] || fail "nginx did not start within 20 s"
    sleep 0.1
  done
}
if [ "$port" != 0 ]; then
  start_nginx "$port" || fail "port $port is taken"
else
  tries=0
  while :; do
    port=$(( $(od -An -N2 -tu2 /dev/urandom) % 30000 + 20000 ))
    start_nginx "$port" && break
    tries=$((tries + 1))
    [ $tries -lt 20 ] || fail "found no free port in 20 tries"
  done
fi
echo "$port" >"$work/port.tmp"
mv "$work/port.tmp" "$work/port"
echo "panel: http://$server_name:$port/ (nginx $nginx_pid, php-fpm $fpm_pid)"

# Until told to stop, or until either server is gone.
while kill -0 "$nginx_pid" 2>/dev/null && kill -0 "$fpm_pid" 2>/dev/null; do
  sleep 1 &
  sleeper=$!
  wait "$sleeper" || true
  sleeper=
done
echo "serve.sh: a server stopped by itself; see $work/logs" >&2
exit 1
