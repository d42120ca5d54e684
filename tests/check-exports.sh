#!/bin/sh
# SPDX-License-Identifier: MIT
# Asserts that a shared object exports exactly the given dynamic symbols:
# for a plugin, auth_provider_entry and nothing else (no leaked helpers, no
# bundled library symbols that could clash with another plugin's); for
# libauthloader, its public API.
# usage: check-exports.sh FILE.so SYMBOL...
set -eu
so=$1; shift
[ -f "$so" ] || { echo "FAIL: $so does not exist" >&2; exit 1; }
command -v nm >/dev/null || { echo "FAIL: nm (binutils) is not installed" >&2; exit 1; }
actual=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TtDdBbRrVvWwiu]$/ {print $3}' | sed 's/@.*//' | sort -u)
expected=$(printf '%s\n' "$@" | sort -u)
if [ "$actual" != "$expected" ]; then
  echo "FAIL: $so exports:" >&2; echo "$actual" | sed 's/^/  /' >&2
  echo "expected exactly:" >&2; echo "$expected" | sed 's/^/  /' >&2
  exit 1
fi
echo "$so exports exactly: $(echo $expected)"
echo "1 passed, 0 failed"
