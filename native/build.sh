#!/usr/bin/env sh
# Builds libr1jk-ARCH.so (r1j's native kernels) into $1 (default: native/build); the engine build runs it with the
# engine's class output, so the library travels in the jar. Without a C compiler it builds nothing, records why in
# build-status.txt (the engine's start-up line quotes it) and exits 0: the Java kernels then run.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build}"
cc="${CC:-cc}"
arch="$(uname -m)"
lib="$out/libr1jk-$arch.so"
mkdir -p "$out"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "r1jk: no C compiler ($cc), skipping the native kernels" >&2
  rm -f "$lib"
  echo "no C compiler at build time" > "$out/build-status.txt"
  exit 0
fi
rm -f "$out/build-status.txt"
# Up to date: nothing newer than the library among the sources and this script.
if [ -f "$lib" ] && [ -z "$(find "$here" -maxdepth 1 -newer "$lib" \( -name '*.c' -o -name '*.h' -o -name '*.inc' -o -name build.sh \) -print)" ]; then
  exit 0
fi
# -ffp-contract=off: no fused multiply-adds, so every kernel path rounds the same float operations the same way.
"$cc" -O3 -std=c11 -shared -fPIC -ffp-contract=off -fno-math-errno -Wall -Wextra -Wno-unused-function \
  -o "$lib.tmp" "$here/r1jk.c" -lm
mv "$lib.tmp" "$lib"
