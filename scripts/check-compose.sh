#!/usr/bin/env bash
# Runs compose.yaml (r1j + PostgreSQL) with Debian's docker-compose against Podman's Docker-compatible API socket and
# checks: PostgreSQL is healthy before r1j starts (depends_on: service_healthy); two r1j replicas (--scale r1j=2)
# share a conversation through the database; a replica whose JVM is SIGKILLed is restarted by its restart policy and
# serves the same conversation again; the database password appears in no log or output.
# Uses the images of scripts/build-image-offline.sh (r1j and the Debian PostgreSQL stand-in) and the tiny model
# fixture mounted read-only (an override file adds the mount and small serve flags). Run as root.
# Podman runs HEALTHCHECKs from systemd timers; this machine has no systemd, so a loop here runs
# `podman healthcheck run` for the project's containers every 2 s in their place.
# Environment: R1J_IMAGE, POSTGRES_IMAGE, R1J_HOST_PORTS (default "127.0.0.1:", see below), R1J_FIXTURES.
# shellcheck disable=SC2317  # cleanup and wait_health run through trap and check
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=docker/offline/podman-env.sh
source "$repo/docker/offline/podman-env.sh"
work="$r1j_offline_dir/compose-check"
mkdir -p "$work"
export R1J_IMAGE="${R1J_IMAGE:-localhost/r1j:latest}"
export POSTGRES_IMAGE="${POSTGRES_IMAGE:-localhost/r1j-base/postgres:debian}"
# Podman 4.3's Docker API rejects a host port range ("8000-8001:8000"), so each replica gets an ephemeral host port
# on loopback ("127.0.0.1::8000"); the script asks Podman which.
export R1J_HOST_PORTS="${R1J_HOST_PORTS:-127.0.0.1:}"
fixtures="${R1J_FIXTURES:-/work/shared/reference/tiny-qwen2}"
# A fresh random password, never echoed: the check below looks for it in every log.
POSTGRES_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export POSTGRES_PASSWORD
export COMPOSE_PROJECT_NAME=r1jcheck
socket="$work/podman.sock"
export DOCKER_HOST="unix://$socket"
failures=0
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
check() { local what="$1"; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

cat > "$work/override.yaml" <<EOF
services:
  r1j:
    volumes:
      - $fixtures:/models:ro
    environment:
      R1J_MODEL: /models/tiny-qwen2-Q8_0.gguf
      HF_HUB_OFFLINE: "1"
    command: ["serve", "--threads", "1", "--max-model-len", "512", "--no-warmup"]
EOF
compose() { docker-compose --compatibility -f "$repo/compose.yaml" -f "$work/override.yaml" "$@"; }

command podman system service --time=0 "unix://$socket" > "$work/podman-service.log" 2>&1 &
service_pid=$!
( while sleep 2; do
    for c in $(podman ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"); do
      podman healthcheck run "$c" >/dev/null 2>&1 || true
    done
  done ) &
health_loop_pid=$!
cleanup() {
  compose down -v --remove-orphans >/dev/null 2>&1
  kill "$health_loop_pid" "$service_pid" 2>/dev/null
  wait 2>/dev/null
}
trap cleanup EXIT
for _ in $(seq 1 30); do [ -S "$socket" ] && break; sleep 0.5; done
compose down -v --remove-orphans >/dev/null 2>&1

# --- start: PostgreSQL first ---
echo "docker-compose $(docker-compose version --short) against podman $(podman version -f '{{.Server.Version}}')"
compose up -d --no-build --scale r1j=2 > "$work/up.log" 2>&1
check "compose up -d --scale r1j=2" test $? = 0
pg="$(podman ps -q --filter "label=com.docker.compose.service=postgres" | head -1)"
mapfile -t replicas < <(podman ps --format '{{.Names}}' --filter "label=com.docker.compose.service=r1j" | sort)
check "two r1j replicas: ${replicas[*]}" test "${#replicas[@]}" = 2
# The first passing healthcheck of PostgreSQL must precede the start of both replicas.
pg_healthy="$(podman inspect "$pg" | python3 -c '
import json,sys
log=json.load(sys.stdin)[0]["State"]["Health"]["Log"]
print(min(e["End"] for e in log if e["ExitCode"]==0))')"
for r in "${replicas[@]}"; do
  started="$(podman inspect -f '{{.State.StartedAt}}' "$r")"
  check "$r started ($started) after PostgreSQL was healthy ($pg_healthy)" python3 - "$pg_healthy" "$started" <<'EOF'
import sys, re
from datetime import datetime
def t(s):  # podman prints "2026-12-06 01:20:00.123456789 +0000 UTC" or RFC 3339; keep microseconds
    s = re.sub(r"(\.\d{6})\d*", r"\1", s.strip()).replace(" UTC", "")
    for f in ("%Y-%m-%d %H:%M:%S.%f %z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S %z"):
        try: return datetime.strptime(s, f)
        except ValueError: pass
    raise SystemExit("cannot parse " + s)
sys.exit(0 if t(sys.argv[1]) < t(sys.argv[2]) else 1)
EOF
done

limit="$(podman inspect -f '{{.HostConfig.Memory}}' "${replicas[0]}" 2>/dev/null)"
check "deploy.resources.limits.memory applied to the replicas (--compatibility): ${limit:-none} bytes" \
  test "${limit:-0}" = 6442450944
echo "      database: $(podman exec "$pg" postgres --version 2>/dev/null)"

# --- both replicas serve, sharing conversations ---
port_of() { podman port "$1" 8000/tcp | head -1 | sed 's/.*://'; }
wait_health() {  # wait_health PORT: /health 200 within 120 s
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health")" = 200 ] && return 0
    sleep 1
  done
  return 1
}
api() { curl -sS --max-time 60 -H 'Content-Type: application/json' "$@"; }
p1="$(port_of "${replicas[0]}")"
p2="$(port_of "${replicas[1]}")"
check "replica 1 healthy on port $p1" wait_health "$p1"
check "replica 2 healthy on port $p2" wait_health "$p2"
conv="$(api "http://127.0.0.1:$p1/v1/conversations" -d '{"metadata":{"title":"compose check"}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
api "http://127.0.0.1:$p1/v1/conversations/$conv/messages" -d '{"content":"first, via replica one","max_tokens":8}' >/dev/null
check "replica 2 reads conversation $conv written by replica 1" \
  grep -q 'first, via replica one' <<<"$(api "http://127.0.0.1:$p2/v1/conversations/$conv/events")"
api "http://127.0.0.1:$p2/v1/conversations/$conv/messages" -d '{"content":"second, via replica two","max_tokens":8}' >/dev/null
check "replica 1 reads the turn replica 2 added" \
  grep -q 'second, via replica two' <<<"$(api "http://127.0.0.1:$p1/v1/conversations/$conv/events")"

# --- restart policy: SIGKILL the JVM of replica 1 from the host (a crash, not a `stop`) ---
victim="${replicas[0]}"
restarts_before="$(podman inspect -f '{{.RestartCount}}' "$victim")"
kill -KILL "$(podman inspect -f '{{.State.Pid}}' "$victim")"
restarted=false
for _ in $(seq 1 60); do
  sleep 1
  [ "$(podman inspect -f '{{.RestartCount}}' "$victim")" -gt "$restarts_before" ] \
    && [ "$(podman inspect -f '{{.State.Running}}' "$victim")" = true ] && restarted=true && break
done
check "restart: unless-stopped brought $victim back after SIGKILL (restarts $restarts_before -> $(podman inspect -f '{{.RestartCount}}' "$victim"))" $restarted
p1="$(port_of "$victim")"
check "restarted replica healthy again on port $p1" wait_health "$p1"
check "restarted replica still serves conversation $conv" \
  grep -q 'second, via replica two' <<<"$(api "http://127.0.0.1:$p1/v1/conversations/$conv/events")"

# --- the password stays out of logs and output ---
compose logs --no-color > "$work/compose.log" 2>&1
cat "$work/up.log" >> "$work/compose.log"
password_absent() { ! grep -qF -- "$POSTGRES_PASSWORD" "$work/compose.log"; }
check "the database password is in no container log ($(wc -l < "$work/compose.log") lines checked)" password_absent
grep -h 'conversations stored in' "$work/compose.log" | head -1 | sed 's/^/      /'
check "r1j logs the database URL with the password masked" grep -q 'password=\*\*\*' "$work/compose.log"

echo
[ "$failures" = 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
exit $((failures > 0))
