#!/usr/bin/env sh
# The C kernels' unit test (r1jk_test.c): built and run on this machine (every path the CPU has), and, when
# aarch64-linux-gnu-gcc and qemu-aarch64 are installed (.ci/run installs them), cross-built for aarch64 and run under
# qemu-user. Both must pass and print the same result digests: the kernels' numerics do not depend on the machine.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cc="${CC:-cc}"
flags="-O2 -std=c11 -ffp-contract=off"
"$cc" $flags -o "$tmp/native" "$here/r1jk_test.c" "$here/r1jk.c" -lm
"$tmp/native" | tee "$tmp/native.out"
if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 && command -v qemu-aarch64 >/dev/null 2>&1; then
  aarch64-linux-gnu-gcc $flags -static -o "$tmp/aarch64" "$here/r1jk_test.c" "$here/r1jk.c" -lm
  echo "--- aarch64 under qemu-user"
  # -cpu max has the dot product extension, so the NEON path runs and is compared; without it the test would pass
  # on the portable path alone.
  qemu-aarch64 -cpu max "$tmp/aarch64" | tee "$tmp/aarch64.out"
  if ! grep -q '^paths:.* neon' "$tmp/aarch64.out"; then
    echo "r1jk: the aarch64 run did not have the neon path" >&2
    exit 1
  fi
  grep -o 'results [0-9a-f]*' "$tmp/native.out" > "$tmp/native.digests"
  grep -o 'results [0-9a-f]*' "$tmp/aarch64.out" > "$tmp/aarch64.digests"
  if ! cmp -s "$tmp/native.digests" "$tmp/aarch64.digests"; then
    echo "r1jk: aarch64 results differ from this machine's" >&2
    exit 1
  fi
  echo "r1jk: aarch64 results identical to this machine's"
else
  echo "r1jk: no aarch64 cross compiler or qemu-aarch64, aarch64 not tested"
fi
