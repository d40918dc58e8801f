#!/usr/bin/env bash
# Served throughput of r1j and llama-server on the same GGUF file, as issue 12 asks: `./r1j loadtest` (streaming chat
# requests, ignore_eos so every request generates the same number of tokens) against `r1j serve`, then against
# `llama-server --parallel 8 -t 2`, at 1 / 4 / 8 / 16 concurrent streams. Only one server runs at a time. Prints one
# table: aggregate generated tokens/s, TTFT p50 and e2e p50 of both, the ratios, and each server's peak RSS.
#
#   LLAMA_SERVER=/work/llama/llama.cpp/build/bin/llama-server scripts/served-vs-llama.sh [FILE.gguf]
#
# Environment: LLAMA_SERVER (required), LEVELS ("1 4 8 16"), MAX_TOKENS (128), REQUESTS_PER_STREAM (2: each level
# sends that many requests per stream, at least 8, after one untimed warm-up request), THREADS (2), CTX (8192:
# llama-server's context, split over its 8 slots; r1j gets --max-model-len CTX/8), R1J_SERVE_ARGS (extra `r1j serve`
# flags; default "--max-num-seqs 16"), LLAMA_ARGS (extra llama-server flags), PORT (8391; llama-server gets
# PORT+1). Logs go to OUT (a temp directory).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

: "${LLAMA_SERVER:?set LLAMA_SERVER to the llama-server binary of llama.cpp}"
MODEL="${1:-/work/models/synth-r1-1.5b-Q4_K_M.gguf}"
LEVELS="${LEVELS:-1 4 8 16}" MAX_TOKENS="${MAX_TOKENS:-128}" REQUESTS_PER_STREAM="${REQUESTS_PER_STREAM:-2}"
THREADS="${THREADS:-2}" CTX="${CTX:-8192}" PORT="${PORT:-8391}"
R1J_SERVE_ARGS="${R1J_SERVE_ARGS:---max-num-seqs 16}" LLAMA_ARGS="${LLAMA_ARGS:-}"
OUT="${OUT:-$(mktemp -d -t served-vs-llama.XXXXXX)}"
mkdir -p "$OUT"
[ -f "$MODEL" ] || { echo "served-vs-llama: no such file: $MODEL" >&2; exit 2; }
[ -x "$LLAMA_SERVER" ] || { echo "served-vs-llama: LLAMA_SERVER=$LLAMA_SERVER is not executable" >&2; exit 2; }

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

wait_healthy() {   # url, seconds
  for _ in $(seq 1 "$2"); do
    if curl -sf -o /dev/null "$1/health"; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { echo "served-vs-llama: the server exited, see $OUT" >&2; exit 1; }
    sleep 1
  done
  echo "served-vs-llama: $1 not healthy after $2 s" >&2; exit 1
}

peak_rss_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

run_levels() {   # engine name, url
  for c in $LEVELS; do
    n=$(( c * REQUESTS_PER_STREAM )); [ "$n" -ge 8 ] || n=8
    echo "$1: $c streams, $n requests" >&2
    "$here/r1j" loadtest --url "$2" --concurrency "$c" --requests "$n" --max-tokens "$MAX_TOKENS" \
      > "$OUT/$1-c$c.txt" 2>> "$OUT/$1-loadtest.err" \
      || echo "served-vs-llama: $1 at $c streams had failed requests (see $OUT/$1-c$c.txt); going on" >&2
  done
}

echo "served-vs-llama: $MODEL, levels $LEVELS, $MAX_TOKENS tokens a request, $THREADS threads; logs in $OUT" >&2
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# r1j: the java process is the launcher's exec, so its pid is the one started here.
# shellcheck disable=SC2086  # R1J_SERVE_ARGS is a list of flags
"$here/r1j" serve --model "$MODEL" --port "$PORT" --host 127.0.0.1 -t "$THREADS" --max-model-len $(( CTX / 8 )) \
  --no-conversations $R1J_SERVE_ARGS > "$OUT/r1j-serve.log" 2>&1 &
server_pid=$!
wait_healthy "http://127.0.0.1:$PORT" 600
run_levels r1j "http://127.0.0.1:$PORT"
r1j_rss=$(peak_rss_kib "$server_pid")
stop_server

lport=$(( PORT + 1 ))
# shellcheck disable=SC2086  # LLAMA_ARGS is a list of flags
"$LLAMA_SERVER" -m "$MODEL" --port "$lport" --host 127.0.0.1 --parallel 8 -t "$THREADS" -c "$CTX" $LLAMA_ARGS \
  > "$OUT/llama-server.log" 2>&1 &
server_pid=$!
wait_healthy "http://127.0.0.1:$lport" 600
run_levels llama "http://127.0.0.1:$lport"
llama_rss=$(peak_rss_kib "$server_pid")
stop_server

python3 - "$OUT" "$r1j_rss" "$llama_rss" $LEVELS <<'PY'
import re, sys, os
out, r1j_rss, llama_rss, levels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]

def parse(engine, c):
    """Aggregate tokens/s, TTFT p50 and e2e p50 (ms) from one `r1j loadtest` report."""
    text = open(os.path.join(out, f"{engine}-c{c}.txt")).read()
    tps = float(re.search(r"generated tokens/s\s+([\d.]+)", text).group(1))
    ttft = re.search(r"TTFT\s+p50 ([\d.]+) ms", text)
    e2e = re.search(r"e2e\s+p50 ([\d.]+) ms", text)
    failed = int(re.search(r"failed (\d+)", text).group(1))
    return tps, float(ttft.group(1)) if ttft else float("nan"), float(e2e.group(1)) if e2e else float("nan"), failed

print("| streams | r1j tok/s | llama-server tok/s | ratio | r1j TTFT p50 ms | llama-server TTFT p50 ms | r1j e2e p50 ms | llama-server e2e p50 ms | failed (r1j/llama) |")
print("|---|---|---|---|---|---|---|---|---|")
for c in levels:
    r, l = parse("r1j", c), parse("llama", c)
    print(f"| {c} | {r[0]:.1f} | {l[0]:.1f} | {r[0] / l[0]:.2f}x | {r[1]:.0f} | {l[1]:.0f} | {r[2]:.0f} | {l[2]:.0f} | {r[3]}/{l[3]} |")
print(f"\npeak RSS: r1j {r1j_rss / 1048576:.2f} GiB, llama-server {llama_rss / 1048576:.2f} GiB"
      f" ({r1j_rss / max(llama_rss, 1):.2f}x)")
PY
