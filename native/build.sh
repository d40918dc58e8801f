#!/usr/bin/env sh
# Builds libr1jk.so (r1j's native kernels) into $1 (default: native/build). Exits 0 without building when there is
# no C compiler: the engine then runs its Java kernels and says so at start-up.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build}"
cc="${CC:-cc}"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "r1jk: no C compiler ($cc), skipping the native kernels" >&2
  exit 0
fi
arch="$(uname -m)"
mkdir -p "$out"
# -ffp-contract=off: no fused multiply-adds, so every kernel path rounds the same float operations the same way.
"$cc" -O3 -std=c11 -shared -fPIC -ffp-contract=off -fno-math-errno -Wall -Wextra -Wno-unused-function \
  -o "$out/libr1jk-$arch.so.tmp" "$here/r1jk.c" -lm
mv "$out/libr1jk-$arch.so.tmp" "$out/libr1jk-$arch.so"
