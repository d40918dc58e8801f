#!/usr/bin/env bash
# Runs the built r1j image (scripts/build-image-offline.sh) with Podman and checks what the Maven tests cannot:
#   the user is not root; /data (a fresh named volume) belongs to it; PID 1 is the JVM; the HEALTHCHECK turns
#   healthy and /health answers 200 through a published port; under --memory 1g the JVM sizes its heap from the
#   limit (printed); SIGTERM (podman stop) ends it cleanly well before the kill timeout; a conversation written by
#   one container is read by a new container on the same volume; under --memory 256m the server answers chat
#   requests without being OOM-killed (peak usage printed).
# The model is the tiny Qwen2 fixture mounted read-only (no hub download here). Run as root; prints PASS/FAIL per
# check and exits non-zero if any failed. Environment: R1J_IMAGE (default localhost/r1j:latest), R1J_CHECK_PORT
# (default 18000), R1J_FIXTURES (default /work/shared/reference/tiny-qwen2).
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=docker/offline/podman-env.sh
source "$repo/docker/offline/podman-env.sh"
image="${R1J_IMAGE:-localhost/r1j:latest}"
port="${R1J_CHECK_PORT:-18000}"
fixtures="${R1J_FIXTURES:-/work/shared/reference/tiny-qwen2}"
volume=r1j-check-data
name=r1j-check
failures=0

pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
check() { local what="$1"; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
cleanup() { podman rm -f -v -t 0 "$name" "$name-2" "$name-small" >/dev/null 2>&1; podman volume rm -f "$volume" >/dev/null 2>&1; }
trap cleanup EXIT

# run_server NAME MEMORY [podman run options...]: the image serving the tiny model on $port.
run_server() {
  local container="$1" memory="$2"
  shift 2
  podman run -d --name "$container" --memory "$memory" -p "127.0.0.1:$port:8000" -v "$volume:/data" \
    -v "$fixtures:/models:ro" -e HF_HUB_OFFLINE=1 -e R1J_MODEL=/models/tiny-qwen2-Q8_0.gguf "$@" \
    "$image" serve --threads 2 --max-model-len 512 --no-warmup >/dev/null
}

# wait_healthy NAME: runs the image's HEALTHCHECK (podman healthcheck run) until it passes, at most 120 s. Podman
# schedules healthchecks with systemd timers; with no systemd on this machine they run only when asked.
wait_healthy() {
  local i
  for i in $(seq 1 120); do
    podman healthcheck run "$1" >/dev/null 2>&1 && return 0
    [ "$(podman inspect -f '{{.State.Running}}' "$1")" = true ] || return 1
    sleep 1
  done
  return 1
}

api() { curl -sS --max-time 60 -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

cleanup
echo "image $image: $(podman image inspect -f '{{.Size}}' "$image" | numfmt --to=iec) bytes"

# --- user and volume ---
user="$(podman image inspect -f '{{.Config.User}}' "$image")"
uid="$(podman run --rm --entrypoint id "$image" -u)"
check "image user is '$user' (uid $uid), not root" test "$uid" != 0 -a -n "$user"

run_server "$name" 1g
check "the HEALTHCHECK passes under --memory 1g (podman healthcheck run)" wait_healthy "$name"
check "HEALTHCHECK status is healthy" test "$(podman inspect -f '{{.State.Health.Status}}' "$name")" = healthy
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")"
check "GET /health through the published port: $code" test "$code" = 200
owner="$(podman exec "$name" stat -c '%U:%G' /data)"
check "/data on the fresh volume owned by $owner" test "$owner" = r1j:r1j
pid1="$(podman exec "$name" sh -c 'tr "\0" " " < /proc/1/cmdline' | cut -c1-60)"
check "PID 1 is the JVM: $pid1" test "$(podman exec "$name" cat /proc/1/comm)" = java

# --- memory limit -> heap ---
heap="$(podman exec -u r1j "$name" jcmd 1 VM.flags 2>/dev/null | tr ' ' '\n' | sed -n 's/^-XX:MaxHeapSize=//p')"
limit="$(podman exec "$name" sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes')"
echo "      container limit $limit bytes, JVM MaxHeapSize ${heap:-?} bytes (R1J_JAVA_OPTS -XX:MaxRAMPercentage=50)"
podman exec "$name" java -XshowSettings:system -version 2>&1 | grep -E 'Provider|Memory Limit' | sed 's/^ */      JVM: /'
check "heap is half the 1 GiB limit" test "${heap:-0}" -gt 500000000 -a "${heap:-0}" -le 536870912

# --- a conversation, then a clean stop ---
conv="$(api "http://127.0.0.1:$port/v1/conversations" -d '{"metadata":{"title":"container check"}}' | json 'd["id"]')"
reply="$(api "http://127.0.0.1:$port/v1/conversations/$conv/messages" -d '{"content":"Hello from the container check","max_tokens":8}')"
check "conversation $conv answered turn $(echo "$reply" | json 'd.get("turn")' 2>/dev/null)" \
  test "$(echo "$reply" | json 'd.get("turn")' 2>/dev/null)" = 1
start=$(date +%s)
podman stop -t 30 "$name" >/dev/null
took=$(( $(date +%s) - start ))
status="$(podman inspect -f '{{.State.ExitCode}}' "$name")"
check "SIGTERM stopped it in ${took}s (exit $status; 137 would mean the kill after 30 s)" test "$took" -lt 30 -a "$status" != 137
podman rm "$name" >/dev/null

# --- a new container, same volume ---
run_server "$name-2" 1g
if wait_healthy "$name-2"; then
  events="$(api "http://127.0.0.1:$port/v1/conversations/$conv/events")"
  check "a new container on the volume reads conversation $conv" grep -q 'Hello from the container check' <<<"$events"
else
  fail "second container did not become healthy: $(podman logs --tail 5 "$name-2" 2>&1)"
fi
podman stop -t 30 "$name-2" >/dev/null

# --- 256 MiB ---
run_server "$name-small" 256m
if wait_healthy "$name-small"; then
  for i in 1 2 3 4; do
    api "http://127.0.0.1:$port/v1/chat/completions" \
      -d "{\"messages\":[{\"role\":\"user\",\"content\":\"Request $i: count to ten\"}],\"max_tokens\":64}" >/dev/null
  done
  peak="$(podman exec "$name-small" sh -c 'cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes')"
  echo "      peak memory under --memory 256m: $((peak / 1048576)) MiB after 4 chat completions"
  check "256m container still healthy after the requests" podman healthcheck run "$name-small"
  check "not OOM-killed" test "$(podman inspect -f '{{.State.OOMKilled}}' "$name-small")" = false
else
  fail "256m container did not become healthy: $(podman logs --tail 5 "$name-small" 2>&1)"
fi

echo
[ "$failures" = 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
exit $((failures > 0))
