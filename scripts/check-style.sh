#!/bin/sh
# SPDX-License-Identifier: MIT
# The tree's hygiene, checked in CI:
#  - every C line written or changed since the project adopted .clang-format
#    is formatted as it says (git clang-format, against the commit that
#    added .clang-format: code older than that keeps its layout until it is
#    touched, so a reformat never buries a change);
#  - every source file carries its SPDX line.
# usage: scripts/check-style.sh          (exit 1 naming what is not)
#        scripts/check-style.sh --fix    (formats those lines in place)
#
# Left out of both: the frozen copy of the released 1.0 header (a test
# compares against it as it shipped), the PHP arginfo that gen_stub.php
# generates, and the fuzzers' corpora (data, not source).
set -eu
cd "$(dirname "$0")/.."
for tool in clang-format git-clang-format; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "check-style: $tool is missing (scripts/deps.sh test installs clang-format)" >&2; exit 1; }
done
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
  { echo "check-style: not a git checkout (it checks the tracked files)" >&2; exit 1; }
if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  echo "check-style: this is a shallow clone; the lines to check go back to the commit that added .clang-format (git fetch --unshallow)" >&2
  exit 1
fi

excluded='^tests/loader/abi-1\.0/|/panelsso_arginfo\.h$|^tests/fuzz/(corpus|regressions)/'
c_files=$(git ls-files '*.c' '*.h' '*.cpp' | grep -Ev "$excluded" || true)
# The commit that added .clang-format; before it is committed, HEAD (the
# uncommitted changes are what is checked then).
base=$(git log --diff-filter=A --format=%H -- .clang-format | tail -n 1)
[ -n "$base" ] || base=HEAD

if [ "${1:-}" = --fix ]; then
  # shellcheck disable=SC2086
  git clang-format --extensions c,h,cpp "$base" -- $c_files
  exit 0
fi

failed=0
# shellcheck disable=SC2086
diff=$(git clang-format --diff --extensions c,h,cpp "$base" -- $c_files)
case "$diff" in
  diff*)
    echo "$diff" | sed -n 's|^+++ b/||p' | while read -r f; do
      echo "check-style: $f has lines that are not formatted as .clang-format says (scripts/check-style.sh --fix)" >&2
    done
    echo "$diff" >&2
    failed=1 ;;
esac

sources=$(git ls-files '*.c' '*.h' '*.cpp' '*.sh' '*.py' '*.pyi' '*.pl' '*.php' '*.phpt' '*.inc' \
            '*.cmake' '*.cmake.in' '*.pc.in' '*.conf.in' '*.ini.in' 'CMakeLists.txt' '*/CMakeLists.txt' \
            '*.m4' '*.lua' '*.js' '*.css' '*.gp' '*.toml' '*.map' '*.supp' '*.1' 'debian/rules' |
          grep -Ev "$excluded" | sort -u)
for f in $sources; do
  [ -L "$f" ] && continue
  if ! grep -q 'SPDX-License-Identifier: MIT' "$f"; then
    echo "check-style: $f has no SPDX-License-Identifier line" >&2
    failed=1
  fi
done
[ $failed = 0 ] && echo "check-style: C lines changed since $(git rev-parse --short "$base") formatted; $(echo "$sources" | wc -l) source files with an SPDX line"
exit $failed
