#!/bin/sh
# SPDX-License-Identifier: MIT
# panelsso_arginfo.h is what gen-arginfo.sh makes of panelsso.stub.php
# today: a stub changed without regenerating (or an arginfo edited by hand)
# fails here, with the difference.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/gen-arginfo.sh" "$tmp/panelsso_arginfo.h"
if ! diff -u "$here/panelsso_arginfo.h" "$tmp/panelsso_arginfo.h"; then
  echo "php arginfo: FAIL: panelsso_arginfo.h is not what panelsso.stub.php generates: run bindings/php/gen-arginfo.sh and commit both" >&2
  exit 1
fi
echo "php arginfo: panelsso_arginfo.h matches panelsso.stub.php"
