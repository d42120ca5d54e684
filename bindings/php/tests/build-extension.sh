#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the panelsso PHP extension the PECL way (phpize, ./configure, make)
# against libauthloader installed from a CMake build into a prefix of its
# own, everything inside OUT, so bindings/php stays as it is in git:
#   OUT/prefix        cmake --install of the build (libauthloader, headers,
#                     authloader.pc, the SendGrid plugin)
#   OUT/src           a copy of bindings/php, where phpize, configure and
#                     make run
#   OUT/panelsso.so   the extension
# The extension compiles with the project's warnings as errors.
#
# usage: build-extension.sh CMAKE_BUILD_DIR OUT
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: $0 CMAKE_BUILD_DIR OUT}
out=${2:?usage: $0 CMAKE_BUILD_DIR OUT}
fail() { echo "php build: FAIL: $*" >&2; exit 1; }

for tool in phpize8.2 php-config8.2 php8.2 pkg-config make; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "$tool is missing: install php8.2-dev and php8.2-cli (scripts/deps.sh test)"
done
[ -f "$build/CMakeCache.txt" ] || fail "$build is not a CMake build directory"

# PHP 8.2 opens extensions with RTLD_DEEPBIND, which sanitizer runtimes
# refuse: a sanitized libauthloader would never load.
sanitize=$(sed -n 's/^PANELSSO_SANITIZE:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -z "$sanitize" ] || fail "$build is built with sanitizers ($sanitize), which PHP 8.2 cannot load (RTLD_DEEPBIND): use an ordinary build"
rm -rf "$out/prefix" "$out/src" "$out/panelsso.so"
mkdir -p "$out"
prefix="$out/prefix"
cmake --install "$build" --prefix "$prefix" >"$out/install.log" 2>&1 ||
  { cat "$out/install.log" >&2; fail "cmake --install $build failed"; }
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
pcdir="$prefix/$libdir/pkgconfig"
[ -f "$pcdir/authloader.pc" ] || fail "no authloader.pc in $pcdir after the install"

mkdir -p "$out/src"
# Only what git holds: no tests, no build output of an earlier in-place build.
cp "$here"/config.m4 "$here"/*.c "$here"/*.h "$out/src/"

cflags="-O2 -g -Wall -Wextra -Wshadow -Wformat=2 -Werror"

cd "$out/src"
phpize8.2 >"$out/phpize.log" 2>&1 || { cat "$out/phpize.log" >&2; fail "phpize8.2 failed"; }
# authloader.pc names the prefix it was configured for; the install is
# elsewhere, so pkg-config is told where.
PKG_CONFIG="pkg-config --define-variable=prefix=$prefix" PKG_CONFIG_PATH="$pcdir" \
  ./configure --with-php-config=php-config8.2 CFLAGS="$cflags" \
  >"$out/configure.log" 2>&1 || { tail -40 "$out/configure.log" >&2; fail "./configure failed"; }
make -j"$(nproc)" >"$out/make.log" 2>&1 || { grep -E 'error|warning' "$out/make.log" >&2 || tail -40 "$out/make.log" >&2; fail "make failed"; }
cp modules/panelsso.so "$out/panelsso.so"

# Linked against the install, found there at run time.
readelf -d "$out/panelsso.so" | grep -q "NEEDED.*libauthloader.so.1" ||
  fail "panelsso.so does not link libauthloader.so.1"
readelf -d "$out/panelsso.so" | grep -q "R.*PATH.*$prefix/$libdir" ||
  fail "panelsso.so has no run path to $prefix/$libdir"

echo "php build: $out/panelsso.so"
