#!/usr/bin/env bash
# Builds looping.wasm from looping.c with the Swift toolchain's clang (wasm32, no libc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
CLANG=${CLANG:-$(command -v clang || echo /opt/swift/usr/bin/clang)}
"$CLANG" --target=wasm32 -O2 -nostdlib -Wl,--no-entry -o looping.wasm looping.c
