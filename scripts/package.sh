#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the Debian packages from this tree into dist/: libauthloader1,
# libauthloader-dev, panelsso-sendgrid and panelsso-tools (their debug
# symbols into dist/debug/), then runs lintian on them and fails on any
# error.
#
# usage: scripts/package.sh   (as root on Debian 12; installs what it needs)
#
# The build runs in a fresh copy of the tree in a temporary directory
# (tracked and untracked files, not what .gitignore leaves out), so nothing
# of a developer's build directories goes into a package, and
# dpkg-buildpackage writes nothing next to the checkout.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh package

version=$(dpkg-parsechangelog -SVersion)
project=$(sed -n 's/^project(panelsso VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
if [ "$version" != "$project" ]; then
  echo "package: FAIL: debian/changelog says $version, CMakeLists.txt $project: add a" \
       "changelog entry for $project (dch -v $project) or fix the project version" >&2
  exit 1
fi
work=$(mktemp -d /tmp/panelsso-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
src="$work/panelsso-$version"
mkdir "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Files deleted but not yet committed are left out.
  git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf - | tar -xf - -C "$src"
else
  tar --exclude='./build*' --exclude=./dist --exclude=./.git -cf - . | tar -xf - -C "$src"
fi

echo "package: building panelsso $version in $src"
(cd "$src" && dpkg-buildpackage -us -uc -j"$(nproc)") >"$work/build.log" 2>&1 || {
  tail -n 60 "$work/build.log" >&2
  echo "package: FAIL: dpkg-buildpackage failed (the end of its log is above)" >&2
  exit 1
}

rm -rf dist
mkdir -p dist/debug
for deb in "$work"/*.deb; do
  case "$deb" in
    *-dbgsym_*) cp "$deb" dist/debug/ ;;
    *) cp "$deb" dist/ ;;
  esac
done

echo "package: lintian"
status=0
lintian --fail-on error --tag-display-limit 0 "$work"/*.changes || status=$?
if [ "$status" != 0 ]; then
  echo "package: FAIL: lintian reports errors (above)" >&2
  exit 1
fi
echo "package: built into dist/:"
ls -l dist/*.deb
