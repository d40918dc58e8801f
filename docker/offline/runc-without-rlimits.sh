#!/bin/sh
# OCI runtime wrapper for Podman on sandboxed build machines: Podman (as root) always writes RLIMIT_NOFILE and
# RLIMIT_NPROC into a container's spec, and both runc and crun fail to apply them here ("error setting rlimit type
# 6/7: operation not permitted") even at the current values. This drops the rlimits from the bundle's config.json at
# `create`, so the container keeps the limits it inherits, then hands every call to runc unchanged.
set -eu
bundle=""
previous=""
for arg in "$@"; do
  [ "$previous" = "--bundle" ] && bundle="$arg"
  case "$arg" in --bundle=*) bundle="${arg#--bundle=}" ;; esac
  previous="$arg"
done
if [ "${1:-}" = create ] && [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  spec="$bundle/config.json"
  jq 'del(.process.rlimits)' "$spec" > "$spec.tmp"
  mv "$spec.tmp" "$spec"
fi
exec "${R1J_RUNC:-/usr/sbin/runc}" "$@"
