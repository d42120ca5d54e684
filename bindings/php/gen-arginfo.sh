#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates panelsso_arginfo.h from panelsso.stub.php with PHP's own
# generator, build/gen_stub.php of php8.2-dev, offline: gen_stub.php would
# download nikic/php-parser into its own directory, so it runs from a
# temporary copy that finds Debian's php-parser package there instead.
#
# usage: gen-arginfo.sh [OUT]   (default: panelsso_arginfo.h beside this file)
#   PHP=php8.2  GEN_STUB=/usr/lib/php/20220829/build/gen_stub.php
#   PHP_PARSER=/usr/share/php/PhpParser
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/panelsso_arginfo.h}
php=${PHP:-php8.2}
gen_stub=${GEN_STUB:-/usr/lib/php/20220829/build/gen_stub.php}
parser=${PHP_PARSER:-/usr/share/php/PhpParser}
for f in "$gen_stub" "$parser/ParserFactory.php"; do
  [ -f "$f" ] || { echo "gen-arginfo: $f is missing: install php8.2-dev and php-parser (scripts/deps.sh test)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$gen_stub" "$tmp/gen_stub.php"
# The version gen_stub.php asks for names only the directory it looks in;
# Debian's 4.15.x has the same API.
mkdir -p "$tmp/PHP-Parser-4.15.1/lib"
ln -s "$parser" "$tmp/PHP-Parser-4.15.1/lib/PhpParser"
cp "$here/panelsso.stub.php" "$tmp/panelsso.stub.php"
"$php" "$tmp/gen_stub.php" -f "$tmp/panelsso.stub.php" >/dev/null
# gen_stub.php of PHP 8.2 writes a namespaced function's name into a C
# string with a single backslash ("panelsso\login"), which C reads as an
# escape ("\a" is the bell character): the look-up that attaches
# #[\SensitiveParameter] would find nothing.  Double it.
sed 's/"panelsso\\\([a-z_]\)/"panelsso\\\\\1/g' "$tmp/panelsso_arginfo.h" > "$tmp/fixed.h"
if grep -q '"panelsso\\[a-z_]' "$tmp/fixed.h"; then
  echo "gen-arginfo: a function name is still written with a single backslash" >&2
  exit 1
fi
cp "$tmp/fixed.h" "$out"
