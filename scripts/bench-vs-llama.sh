#!/usr/bin/env bash
# Side-by-side speed of r1j and llama.cpp (and optionally ik_llama.cpp) on the same GGUF files, as issue 12 asks:
# `./r1j bench` and `llama-bench` take turns on each file (r1j, llama.cpp, ik_llama.cpp, then the next round), so a
# machine whose load drifts hurts every engine alike; one table with every mean, and the ratios r1j / llama.cpp.
#
#   LLAMA_BENCH=/work/llama/llama.cpp/build/bin/llama-bench scripts/bench-vs-llama.sh FILE.gguf [FILE.gguf ...]
#
# Environment: LLAMA_BENCH (required: llama.cpp's llama-bench), IK_LLAMA_BENCH (optional: ik_llama.cpp's, run with
# IK_ARGS, default "-rtr 1"), THREADS (2), PROMPT (512), GEN (128), REPS (repetitions per run, 5), ROUNDS (1),
# R1J_ARGS (extra `r1j bench` flags, e.g. "--kernels native"). Raw JSON of every run goes to OUT (a temp directory).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

: "${LLAMA_BENCH:?set LLAMA_BENCH to the llama-bench binary of llama.cpp}"
THREADS="${THREADS:-2}" PROMPT="${PROMPT:-512}" GEN="${GEN:-128}" REPS="${REPS:-5}" ROUNDS="${ROUNDS:-1}"
IK_ARGS="${IK_ARGS:--rtr 1}" R1J_ARGS="${R1J_ARGS:-}"
OUT="${OUT:-$(mktemp -d -t bench-vs-llama.XXXXXX)}"
mkdir -p "$OUT"
if [ $# -eq 0 ]; then
  set -- /work/models/synth-r1-1.5b-Q4_K_M.gguf /work/models/synth-r1-1.5b-Q8_0.gguf
fi
for f in "$@"; do [ -f "$f" ] || { echo "bench-vs-llama: no such file: $f" >&2; exit 2; }; done
[ -x "$LLAMA_BENCH" ] || { echo "bench-vs-llama: LLAMA_BENCH=$LLAMA_BENCH is not executable" >&2; exit 2; }
if [ -n "${IK_LLAMA_BENCH:-}" ] && [ ! -x "$IK_LLAMA_BENCH" ]; then
  echo "bench-vs-llama: IK_LLAMA_BENCH=$IK_LLAMA_BENCH is not executable" >&2; exit 2
fi

echo "bench-vs-llama: threads $THREADS, pp$PROMPT, tg$GEN, $REPS repetitions, $ROUNDS round(s); raw results in $OUT" >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$ROUNDS"); do
  for f in "$@"; do
    name="$(basename "$f" .gguf)"
    echo "round $round: r1j $name" >&2
    # shellcheck disable=SC2086  # R1J_ARGS is a list of flags
    "$here/r1j" bench --model "$f" -p "$PROMPT" -n "$GEN" -t "$THREADS" -r "$REPS" --json $R1J_ARGS \
      > "$OUT/r1j-$name-$round.json"
    echo "round $round: llama.cpp $name" >&2
    "$LLAMA_BENCH" -m "$f" -p "$PROMPT" -n "$GEN" -t "$THREADS" -r "$REPS" -o json > "$OUT/llama-$name-$round.json"
    if [ -n "${IK_LLAMA_BENCH:-}" ]; then
      echo "round $round: ik_llama.cpp $name" >&2
      # shellcheck disable=SC2086  # IK_ARGS is a list of flags
      "$IK_LLAMA_BENCH" -m "$f" -p "$PROMPT" -n "$GEN" -t "$THREADS" -r "$REPS" $IK_ARGS -o json \
        > "$OUT/ik-$name-$round.json"
    fi
  done
done

# One table: per file and test, each engine's mean over rounds (± the spread of its runs), and r1j's ratio.
python3 - "$OUT" "$@" <<'PY'
import json, statistics, sys, os, glob
out, files = sys.argv[1], sys.argv[2:]

def tests(path, engine):
    """{test name: [tokens/s of each repetition]} from one run's JSON."""
    with open(path) as fh:
        data = json.load(fh)
    rows = data["results"] if engine == "r1j" else data
    result = {}
    for r in rows:
        name = r.get("test") or (f"pp{r['n_prompt']}" if r["n_gen"] == 0 else f"tg{r['n_gen']}")
        result.setdefault(name, []).extend(r["samples_ts"])
    return result

def collect(engine, name):
    merged = {}
    for path in sorted(glob.glob(os.path.join(out, f"{engine}-{name}-*.json"))):
        for test, samples in tests(path, engine).items():
            merged.setdefault(test, []).extend(samples)
    return merged

def cell(samples):
    if not samples:
        return "-"
    sd = statistics.stdev(samples) if len(samples) > 1 else 0.0
    return f"{statistics.mean(samples):.2f} ± {sd:.2f}"

engines = ["r1j", "llama"] + (["ik"] if glob.glob(os.path.join(out, "ik-*.json")) else [])
header = "| file | test | r1j t/s | llama.cpp t/s | r1j / llama.cpp |"
if "ik" in engines:
    header += " ik_llama.cpp t/s | r1j / ik |"
print(header)
print("|" + "---|" * (header.count("|") - 1))
for f in files:
    name = os.path.basename(f)[:-len(".gguf")]
    runs = {e: collect(e, name) for e in engines}
    for test in runs["r1j"]:
        r = runs["r1j"].get(test, [])
        l = runs["llama"].get(test, [])
        ratio = f"{statistics.mean(r) / statistics.mean(l):.2f}x" if r and l else "-"
        line = f"| {name} | {test} | {cell(r)} | {cell(l)} | {ratio} |"
        if "ik" in engines:
            k = runs["ik"].get(test, [])
            line += f" {cell(k)} | " + (f"{statistics.mean(r) / statistics.mean(k):.2f}x" if r and k else "-") + " |"
        print(line)
PY
