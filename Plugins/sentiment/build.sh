#!/usr/bin/env bash
# Builds sentiment.wasm from sentiment.c with the Swift toolchain's clang (wasm32, no libc).
# The .wasm is committed; Tests/e2e/test_plugins.py checks it matches a fresh build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
CLANG=${CLANG:-$(command -v clang || echo /opt/swift/usr/bin/clang)}
"$CLANG" --target=wasm32 -O2 -nostdlib -Wl,--no-entry -o sentiment.wasm sentiment.c
