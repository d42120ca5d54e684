#!/bin/sh
# SPDX-License-Identifier: MIT
# The install, as plugin authors and panel developers use it: panelsso is
# configured, built and installed into a temporary prefix like any user
# would (cmake -DCMAKE_INSTALL_PREFIX=...; cmake --install), then two
# projects of their own, copied OUTSIDE the source tree, are built against
# that prefix alone:
#   tests/install/oot-plugin  a plugin (find_package(panelsso) and
#                             panelsso_add_plugin): it must export only
#                             auth_provider_entry, keep NODELETE, refuse to
#                             link with an undefined symbol (-z defs), and
#                             install into pkg-config's plugindir;
#   tests/install/oot-host    a host linking panelsso::authloader, and the
#                             same host.c built with pkg-config alone.
# The installed panelctl then loads the plugin from its default plugin
# directory and logs a tenant in.  Everything lives in one mkdtemp
# directory, removed pass or fail.
#
# usage: scripts/ci-install.sh
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)

work=$(mktemp -d /tmp/panelsso-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
prefix="$work/prefix"
fail() { echo "install: FAIL: $*" >&2; exit 1; }

echo "install: panelsso into $prefix"
# As a user configures it: no -DPANELSSO_WERROR, so a newer compiler's new
# warning cannot stop the build (CI's own builds turn it on).
cmake -S . -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_TESTING=OFF \
      -DPANELSSO_BUILD_TEST_SERVERS=OFF >/dev/null
if grep -rl -e '-Werror' --include=flags.make "$work/build" >/dev/null; then
  fail "a plain cmake build compiles with -Werror: $(grep -rl -e '-Werror' --include=flags.make "$work/build" | head -3)"
fi
cmake --build "$work/build" -j"$(nproc)" >/dev/null
cmake --install "$work/build" >/dev/null
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$work/build/CMakeCache.txt")
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
plugindir=$(pkg-config --variable=plugindir authloader)
[ "$plugindir" = "$prefix/$libdir/panelsso/plugins" ] ||
  fail "pkg-config's plugindir is '$plugindir', not $prefix/$libdir/panelsso/plugins"

# ---- a plugin of its own, outside the source tree --------------------------
cp -R tests/install/oot-plugin "$work/oot-plugin"
plugin_build() { # BUILD_DIR [CMAKE_ARG...]
  b=$1; shift
  cmake -S "$work/oot-plugin" -B "$b" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "$@" >/dev/null &&
    cmake --build "$b" 2>&1
}
plugin_build "$work/plugin-build" >"$work/plugin-build.log" ||
  { cat "$work/plugin-build.log" >&2; fail "the out-of-tree plugin did not build"; }
found=$(sed -n 's/^panelsso_DIR:[A-Z]*=//p' "$work/plugin-build/CMakeCache.txt")
[ "$found" = "$prefix/$libdir/cmake/panelsso" ] ||
  fail "find_package(panelsso) found '$found', not the install in $prefix"
so="$work/plugin-build/fixedurl.so"
tests/check-exports.sh "$so" auth_provider_entry >/dev/null ||
  fail "the out-of-tree plugin exports more or less than auth_provider_entry"
readelf -d "$so" | grep -q 'FLAGS_1.*NODELETE' ||
  fail "the out-of-tree plugin is not linked with -z nodelete"
echo "install: the out-of-tree plugin exports only auth_provider_entry and is NODELETE"

# -z defs: a plugin that calls something no library defines must not link.
if plugin_build "$work/plugin-undefined" -DFIXEDURL_UNDEFINED_SYMBOL=ON \
     >"$work/plugin-undefined.log"; then
  fail "a plugin with an undefined symbol linked: panelsso_add_plugin lost -z defs"
fi
grep -q "undefined reference to .fixedurl_nowhere_defined" "$work/plugin-undefined.log" ||
  { cat "$work/plugin-undefined.log" >&2; fail "the undefined-symbol build failed for another reason"; }
echo "install: a plugin with an undefined symbol fails to link (-z defs)"

cmake --install "$work/plugin-build" >/dev/null
[ -f "$plugindir/fixedurl.so" ] ||
  fail "the out-of-tree plugin did not install into plugindir ($plugindir)"
echo "install: the out-of-tree plugin installed into pkg-config's plugindir"

# ---- the installed panelctl loads it (its default plugin directory) -------
mkdir -m 0700 "$work/etc"
cat > "$work/etc/panelsso.json" <<'JSON'
{
  "providers": {
    "fixedurl": { "login_url": "https://sso.example.test/login" }
  },
  "tenants": {
    "acme": { "provider": "fixedurl" }
  }
}
JSON
chmod 0600 "$work/etc/panelsso.json"
url=$(env -u LD_LIBRARY_PATH "$prefix/bin/panelctl" -c "$work/etc/panelsso.json" \
        login acme 2>"$work/panelctl.err") ||
  { cat "$work/panelctl.err" >&2; fail "the installed panelctl could not log acme in"; }
[ "$url" = "https://sso.example.test/login?tenant=acme" ] ||
  fail "the installed panelctl printed '$url', not the plugin's URL for acme"
used=$(env -u LD_LIBRARY_PATH ldd "$prefix/bin/panelctl" |
       sed -n 's/^[[:space:]]*libauthloader\.so\.1 => \([^ ]*\) .*/\1/p')
[ -n "$used" ] && [ "$(readlink -f "$used")" = "$(readlink -f "$prefix/$libdir/libauthloader.so.1")" ] ||
  fail "the installed panelctl does not use the installed libauthloader (it uses '$used')"
echo "install: the installed panelctl logged acme in through the out-of-tree plugin: $url"

# ---- a host of its own: the CMake package, then pkg-config alone ----------
cp -R tests/install/oot-host "$work/oot-host"
{ cmake -S "$work/oot-host" -B "$work/host-build" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null &&
    cmake --build "$work/host-build" 2>&1; } >"$work/host-build.log" ||
  { cat "$work/host-build.log" >&2; fail "the out-of-tree host did not build"; }
url=$("$work/host-build/oot_host" "$plugindir/fixedurl.so" fixedurl \
        login_url=https://sso.example.test/cmake globex) ||
  fail "the host built with find_package(panelsso) could not log globex in"
[ "$url" = "https://sso.example.test/cmake?tenant=globex" ] ||
  fail "the CMake-built host printed '$url'"
echo "install: a host linking panelsso::authloader logged globex in: $url"

# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$work/host-pc" "$work/oot-host/host.c" \
   $(pkg-config --cflags --libs authloader) ||
  fail "host.c does not build with pkg-config's flags for authloader"
url=$(LD_LIBRARY_PATH="$prefix/$libdir" "$work/host-pc" "$plugindir/fixedurl.so" \
        fixedurl login_url=https://sso.example.test/pc initech) ||
  fail "the host built with pkg-config could not log initech in"
[ "$url" = "https://sso.example.test/pc?tenant=initech" ] ||
  fail "the pkg-config-built host printed '$url'"
echo "install: a host built with pkg-config alone logged initech in: $url"
echo "install: every check passed"
