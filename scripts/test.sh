#!/bin/sh
# Runs every test: installs what is missing, configures, builds, runs ctest.
# usage: scripts/test.sh   (as root on a fresh Debian 12 machine)
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh test
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 600
