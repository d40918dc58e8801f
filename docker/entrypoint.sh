#!/usr/bin/env bash
# Container entrypoint: runs the r1j CLI with the JVM flags ./r1j uses (Vector API, native access for the model's
# memory map, Parallel GC) plus R1J_JAVA_OPTS, where the image sets the heap as a share of the container's memory.
# For `serve` it fills in what a container needs unless the arguments already say it:
#   --data-dir $R1J_DATA_DIR (the /data volume)   --db $R1J_DB (PostgreSQL, when set)
#   --port $R1J_PORT          --model $R1J_MODEL (when set; otherwise serve's default hub model, cached under HF_HOME)
# `exec` makes java PID 1's successor, so `docker stop` (SIGTERM) reaches its shutdown hook.
set -euo pipefail

app="${R1J_APP:-/app}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ $# -eq 0 ] && set -- serve
case "$1" in -*) set -- serve "$@" ;; esac     # `docker run r1j --model X` means serve

has_option() {   # has_option NAME ARGS...: true when ARGS hold NAME or NAME=...
  local name="$1" arg
  shift
  for arg in "$@"; do
    [ "$arg" = "$name" ] || [ "${arg%%=*}" = "$name" ] && return 0
  done
  return 1
}

if [ "$1" = serve ]; then
  extra=()
  has_option --port "$@" || extra+=(--port "${R1J_PORT:-8000}")
  if ! has_option --data-dir "$@" && ! has_option --db "$@"; then
    if [ -n "${R1J_DB:-}" ]; then extra+=(--db "$R1J_DB"); else extra+=(--data-dir "${R1J_DATA_DIR:-/data}"); fi
  fi
  if ! has_option --model "$@" && ! has_option -m "$@" && [ -n "${R1J_MODEL:-}" ]; then
    extra+=(--model "$R1J_MODEL")
  fi
  shift
  set -- serve "${extra[@]}" "$@"
fi

# R1J_JAVA_OPTS is a list of JVM flags: split on spaces on purpose.
# shellcheck disable=SC2086
# -Xmn64m as in ./r1j: a small young generation for the JIT warm-up's garbage.
exec "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xmn64m \
  ${R1J_JAVA_OPTS:-} -cp "$app/r1j.jar:$app/lib/*" r1j.cli.Main "$@"
