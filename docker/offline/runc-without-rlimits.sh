#!/bin/sh
# OCI runtime wrapper for Podman on sandboxed build machines: Podman (as root) always writes RLIMIT_NOFILE and
# RLIMIT_NPROC into a container's spec and into every exec's process spec, and both runc and crun fail to apply
# them here ("error setting rlimit type 6/7: operation not permitted") even at the current values. This drops the
# rlimits from the bundle's config.json at `create` and from the process.json at `exec`, so processes keep the
# limits they inherit, then hands every call to runc unchanged.
set -eu
spec=""
previous=""
for arg in "$@"; do
  case "$previous" in
    --bundle | -b) spec="$arg/config.json" ;;
    --process | -p) spec="$arg" ;;
  esac
  case "$arg" in
    --bundle=*) spec="${arg#--bundle=}/config.json" ;;
    --process=*) spec="${arg#--process=}" ;;
  esac
  previous="$arg"
done
if [ -n "$spec" ] && [ -f "$spec" ]; then
  case "${1:-}" in
    create) jq 'del(.process.rlimits)' "$spec" > "$spec.tmp" && mv "$spec.tmp" "$spec" ;;
    exec) jq 'del(.rlimits)' "$spec" > "$spec.tmp" && mv "$spec.tmp" "$spec" ;;
  esac
fi
exec "${R1J_RUNC:-/usr/sbin/runc}" "$@"
