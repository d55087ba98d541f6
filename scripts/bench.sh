#!/usr/bin/env bash
# Whole-process benchmark of `aims gap` against the parse-only floor, at several workspace sizes.
#
#   scripts/bench.sh                 # N = 100, 1,000, 10,000 and 100,000 (about 10 minutes)
#   scripts/bench.sh 100 1000        # chosen sizes
#   SMOKE=1 scripts/bench.sh 200     # one quick run, for CI: checks the benchmark works, asserts no timing
#
# For each N it generates a synthetic workspace (`aims generate`, deterministic), then times
#   floor:  aims parse-floor DIR     read and deserialise every YAML file, nothing else
#   gap:    aims gap DIR --format json --output FILE
#   gap md: aims gap DIR --format markdown --output FILE
# with hyperfine when it is installed (mean of several runs), otherwise with a small loop of its own, and measures
# peak memory with GNU time when /usr/bin/time exists. Prints a Markdown table for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000 100000)
runs=${RUNS:-5}
[ -z "${SMOKE:-}" ] || runs=1

cargo build --release --quiet
aims="$PWD/target/release/aims"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Mean wall-clock seconds of a command over $runs runs (after one warm-up run).
mean_seconds() {
  if command -v hyperfine >/dev/null && [ -z "${SMOKE:-}" ]; then
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" -N "$*" >/dev/null 2>&1
    grep -o '"mean": *[0-9.e+-]*' "$work/h.json" | head -n 1 | awk -F: '{ printf "%.3f\n", $2 }'
  else
    "$@" >/dev/null 2>&1 || true
    local start end
    start=$(date +%s.%N)
    for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v n="$runs" 'BEGIN { printf "%.3f\n", (e - s) / n }'
  fi
}

# Peak resident memory in MiB, or "n/a" without GNU time.
peak_mib() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }'
  else
    echo "n/a"
  fi
}

echo "| systems | files | floor (s) | gap json (s) | ratio to floor | gap markdown (s) | peak memory gap json (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  dir="$work/ws-$n"
  "$aims" generate "$n" "$dir"
  files=$(find "$dir" -name '*.yaml' | wc -l)
  floor=$(mean_seconds "$aims" parse-floor "$dir")
  gap=$(mean_seconds "$aims" gap "$dir" --as-of 2026-11-27 --format json --output "$work/out.json")
  md=$(mean_seconds "$aims" gap "$dir" --as-of 2026-11-27 --format markdown --output "$work/out.md")
  mem=$(peak_mib "$aims" gap "$dir" --as-of 2026-11-27 --format json --output "$work/out.json")
  ratio=$(awk -v g="$gap" -v f="$floor" 'BEGIN { printf "%.2f", (f > 0 ? g / f : 0) }')
  echo "| $n | $files | $floor | $gap | $ratio | $md | $mem |"
  rm -rf "$dir"
done
