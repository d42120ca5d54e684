#!/bin/sh
# SPDX-License-Identifier: MIT
# Asserts that every code block a doc marks as a verbatim excerpt, i.e. a
# fenced block right after a line
#   <!-- verbatim: PATH -->
# occurs exactly so, as consecutive whole lines, in ROOT/PATH.  Keeps the
# code shown in docs/abi.md from drifting from the files it quotes.
# usage: check-doc-excerpts.sh DOC ROOT
set -eu
doc=$1; root=$2
[ -f "$doc" ] || { echo "FAIL: $doc does not exist" >&2; exit 1; }
awk -v root="$root" -v doc="$doc" '
function slurp(path,   s, line, rc) {
    s = ""
    while ((rc = (getline line < path)) > 0) s = s line "\n"
    close(path)
    return rc < 0 ? "" : "\n" s
}
/^<!-- verbatim: [^ ]+ -->$/ { path = $3; want = NR; next }
want && /^```/ { inblock = 1; want = 0; block = ""; next }
want { printf "FAIL: %s:%d: the verbatim marker is not followed by a code block\n", doc, want; bad++; want = 0 }
inblock && /^```$/ {
    inblock = 0; n++
    src = slurp(root "/" path)
    if (src == "") { printf "FAIL: excerpt %d: cannot read %s\n", n, path; bad++ }
    else if (index(src, "\n" block) == 0) {
        printf "FAIL: excerpt %d (ending at %s:%d) is not verbatim in %s\n", n, doc, NR, path; bad++
    }
    next
}
inblock { block = block $0 "\n"; next }
END {
    if (n == 0) { print "FAIL: no verbatim excerpts found in " doc; exit 1 }
    if (bad) { printf "%d passed, %d failed\n", n - bad, bad; exit 1 }
    printf "all %d excerpts of %s match their files\n%d passed, 0 failed\n", n, doc, n
}' "$doc"
