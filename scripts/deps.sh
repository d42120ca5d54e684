#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages this project needs, as root, only when one
# is missing (so a second run is quick and works offline).
# usage: scripts/deps.sh [build|test|demo|bench|package]  (each includes build)
set -eu
pkgs="build-essential cmake pkg-config libcurl4-openssl-dev libjson-c-dev
      libltdl-dev libcunit1-dev libssl-dev openssl binutils ca-certificates"
case "${1:-build}" in
  build) ;;
  demo)  pkgs="$pkgs nginx php8.2-cli php8.2-dev php8.2-fpm" ;;  # the sample PHP panel
  # test: its packages stage builds and lints the Debian packages too
  test)  pkgs="$pkgs valgrind clang libclang-rt-14-dev clang-format procps nginx jq perl php8.2-cli python3-cffi
               debhelper dpkg-dev fakeroot lintian python3-dev python3-pytest python3-setuptools python3-venv
               php8.2-dev php8.2-fpm libfcgi-bin php-parser chromium chromium-driver python3-selenium
               libnss3-tools" ;;
  package) pkgs="$pkgs debhelper dpkg-dev fakeroot lintian" ;;
  # bench: the Node client (npm: Debian's, unless node already brings one),
  # the chart, the Python package's venv, the PHP extension's build and the
  # sample panel's click (nginx, php-fpm, wrk)
  bench) pkgs="$pkgs nodejs gnuplot-nox procps python3-cffi python3-dev python3-setuptools python3-venv
               php8.2-cli php8.2-dev php8.2-fpm nginx wrk"
         command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm" ;;
  *) echo "usage: $0 [build|test|demo|bench|package]" >&2; exit 2 ;;
esac
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "error: missing packages:$missing; run this as root (it uses apt-get)" >&2
  exit 2
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
