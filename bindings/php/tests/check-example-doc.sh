#!/bin/sh
# SPDX-License-Identifier: MIT
# docs/integrating.md shows examples/whmcs_sso.php whole and byte for byte:
# the fenced block right after the line
#   <!-- verbatim: bindings/php/examples/whmcs_sso.php -->
# is the file, from its first line to its last.
# usage: check-example-doc.sh DOC
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
doc=${1:?usage: $0 DOC}
example="$here/examples/whmcs_sso.php"
marker='<!-- verbatim: bindings/php/examples/whmcs_sso.php -->'
[ -f "$doc" ] || { echo "php example doc: FAIL: $doc does not exist" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk -v marker="$marker" '
  $0 == marker { want = 1; next }
  want && /^```/ { want = 0; inblock = 1; found = 1; next }
  want { want = 0 }
  inblock && /^```$/ { inblock = 0; exit }
  inblock { print }
  END { exit found ? 0 : 3 }' "$doc" >"$tmp" || {
  echo "php example doc: FAIL: $doc has no code block after \"$marker\"" >&2
  exit 1
}
if ! diff -u "$example" "$tmp"; then
  echo "php example doc: FAIL: the block in $doc is not examples/whmcs_sso.php as it is" >&2
  exit 1
fi
echo "php example doc: $doc shows examples/whmcs_sso.php whole ($(wc -l <"$example") lines)"
