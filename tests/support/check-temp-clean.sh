#!/bin/sh
# SPDX-License-Identifier: MIT
# The temporary directory before and after a ctest run: `record LIST` writes
# what test files are in $TMPDIR (TMPDIR unset: /tmp) to LIST; `check LIST`
# fails, naming each, when any test file or directory is there that LIST
# does not hold.  Test files are the names the suites use:
# panelsso-* (tests/support's ts_make_tempdir), panelctl-*, loader-trust-*,
# scan-self-check-* and test-pki.* (make-test-pki.sh's work directory).
# ctest runs `record` as the set-up and `check` as the clean-up of the
# fixture `tmpclean`, which every test requires.
set -eu
mode=${1:?usage: $0 record|check LIST}
list=${2:?usage: $0 record|check LIST}
tmp=${TMPDIR:-/tmp}

test_files() {
  find "$tmp" -mindepth 1 -maxdepth 1 \( -name 'panelsso-*' -o -name 'panelctl-*' \
       -o -name 'loader-trust-*' -o -name 'scan-self-check-*' -o -name 'test-pki.*' \) \
       -print | LC_ALL=C sort
}

case "$mode" in
  record)
    test_files >"$list"
    echo "$(wc -l <"$list") test file(s) in $tmp before this run (left by other runs)"
    ;;
  check)
    [ -r "$list" ] || { echo "missing prerequisite: $list (the tmp.record test makes it)" >&2; exit 1; }
    new=$(test_files | LC_ALL=C comm -13 "$list" -)
    if [ -z "$new" ]; then
      echo "no test file left in $tmp"
      exit 0
    fi
    if [ "${PANELSSO_KEEP_TEST_FILES:-}" = 1 ]; then
      echo "kept as asked (PANELSSO_KEEP_TEST_FILES=1), from failing tests:"
      echo "$new"
      exit 0
    fi
    echo "FAIL: this run left these in $tmp (every test removes what it made, pass or fail):" >&2
    echo "$new" >&2
    exit 1
    ;;
  *) echo "usage: $0 record|check LIST" >&2; exit 2 ;;
esac
