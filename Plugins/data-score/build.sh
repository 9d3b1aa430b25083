#!/usr/bin/env bash
# Builds data-score.wasm from data-score.c with the Swift toolchain's clang (wasm32, no libc).
# The .wasm is committed; Tests/e2e/test_plugins_devnet.py checks it matches a fresh build.
# OUT=path writes the module elsewhere (the test builds into a temporary directory).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
CLANG=${CLANG:-$(command -v clang || echo /opt/swift/usr/bin/clang)}
"$CLANG" --target=wasm32 -O2 -nostdlib -Wl,--no-entry -o "${OUT:-data-score.wasm}" data-score.c
