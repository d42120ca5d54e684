#!/bin/sh
# SPDX-License-Identifier: MIT
# python.pytest: the Python binding as a user gets it, then its suite.
#   1. panelsso from the build installed into a temporary prefix
#      (cmake --install --prefix), its authloader.pc naming that prefix as
#      configuring with -DCMAKE_INSTALL_PREFIX would have;
#   2. a venv of Debian's Python that sees its python3-cffi, python3-pytest
#      and python3-setuptools (--system-site-packages), and
#      `pip install bindings/python` into it, offline, against that install
#      through pkg-config;
#   3. pytest on bindings/python/tests with the installed package and
#      plugins (the suite starts its own sandboxes).
# A copy of bindings/python is built, so the source tree gets no build
# output.  Everything lives in one mkdtemp directory, removed pass or fail.
#
# usage: run-ctest.sh CMAKE BUILD_DIR LIBDIR PYTHON
#   (ctest passes them; the suite's environment comes from ctest too:
#    TEST_PKI_DIR, SANDBOX_BIN, PROBE_PLUGIN, INTEGRATING_DOC, and in an
#    AddressSanitizer build PYTHON_TEST_PRELOAD)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
package=$(dirname "$here")
cmake=$1 build=$2 libdir=$3 python=$4
fail() { echo "python.pytest: FAIL: $*" >&2; exit 1; }

[ -x "$python" ] ||
  fail "$python is missing: install Debian's python3, python3-venv, python3-cffi, python3-pytest, python3-setuptools and python3-dev (scripts/deps.sh test)"
missing=$("$python" - <<'EOF'
import importlib.util
wanted = {"cffi": "python3-cffi", "pytest": "python3-pytest",
          "setuptools": "python3-setuptools", "venv": "python3-venv",
          "ensurepip": "python3-venv"}
print(" ".join(sorted({pkg for mod, pkg in wanted.items()
                       if importlib.util.find_spec(mod) is None})))
EOF
)
[ -z "$missing" ] || fail "$python lacks what the binding needs: install $missing (scripts/deps.sh test)"
include=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
[ -f "$include/Python.h" ] || fail "$include/Python.h is missing: install python3-dev (scripts/deps.sh test)"
command -v pkg-config >/dev/null 2>&1 || fail "pkg-config is missing (scripts/deps.sh)"

work=$(mktemp -d "${TMPDIR:-/tmp}/panelsso-python-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

prefix=$work/prefix
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install $build --prefix $prefix failed"; }
mkdir "$work/pkgconfig"
sed "s|^prefix=.*|prefix=$prefix|" "$prefix/$libdir/pkgconfig/authloader.pc" \
  >"$work/pkgconfig/authloader.pc"
export PKG_CONFIG_PATH="$work/pkgconfig"
plugindir=$(pkg-config --variable=plugindir authloader)
[ "$plugindir" = "$prefix/$libdir/panelsso/plugins" ] ||
  fail "pkg-config's plugindir is '$plugindir', not the temporary prefix's"

"$python" -m venv --system-site-packages "$work/venv" >"$work/venv.log" 2>&1 ||
  { cat "$work/venv.log" >&2; fail "$python -m venv failed"; }
mkdir "$work/src"
cp -R "$package/pyproject.toml" "$package/setup.py" "$package/build_native.py" "$package/README.md" \
      "$package/panelsso" "$work/src/"
"$work/venv/bin/python" -m pip install --no-cache-dir --no-build-isolation \
    --no-index --no-deps "$work/src" >"$work/pip.log" 2>&1 ||
  { cat "$work/pip.log" >&2; fail "pip install bindings/python failed (above)"; }
echo "python.pytest: panelsso installed into a venv of $python, against $prefix"

export PANELSSO_PLUGIN_DIR="$plugindir"
export PANELSSO_PACKAGE_SOURCE="$package"
export PYTHONDONTWRITEBYTECODE=1
preload=${PYTHON_TEST_PRELOAD:-}
if [ -n "$preload" ]; then
  echo "python.pytest: AddressSanitizer build: $preload preloaded, leak checks off for the interpreter"
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi
cd "$work"
# --assert=plain --tb=short: a failure shows the assert's own message and
# the lines of code, never the values of the expressions or of the
# functions' arguments, so no one-time URL reaches the test log that way.
LD_PRELOAD="$preload" "$work/venv/bin/python" -m pytest -p no:cacheprovider \
  --assert=plain --tb=short -v "$here"
