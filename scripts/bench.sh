#!/usr/bin/env bash
# Whole-process benchmark of `aims gap` against the parse-only floor, at several workspace sizes.
#
#   scripts/bench.sh                 # N = 100, 1,000, 10,000 and 100,000 (about 10 minutes)
#   scripts/bench.sh 100 1000        # chosen sizes
#   RUNS=21 scripts/bench.sh 10000   # more runs (default 11)
#   SMOKE=1 scripts/bench.sh 200     # one quick run, for CI: checks the benchmark works, asserts no timing
#   FORMATS="xlsx html sarif" scripts/bench.sh 10000   # also time these formats of `aims gap`, one column each
#   AIMS=target/profiling/aims scripts/bench.sh 10000  # time a binary already built instead of building one
#
# For each N it generates a synthetic workspace (`aims generate`, deterministic), then times
#   floor:  aims parse-floor DIR     read and deserialise every YAML file, nothing else
#   gap:    aims gap DIR --format json --output FILE
#   gap md: aims gap DIR --format markdown --output FILE
# Each command first runs once to check that it works and to warm the file cache. Then the three run in turn,
# round after round, so that a shared machine's slow and fast spells fall on all of them alike; the table gives
# the median wall-clock time of each. With GNU time (/usr/bin/time) it also gives the median CPU time (user +
# system) of the floor and of `gap --format json`, and the peak memory. Prints a Markdown table for
# docs/performance.md. On a shared machine compare the CPU columns: wall-clock medians only mean something when
# the load average stays below the number of cores. The load average is printed at the start and the end.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000 100000)
runs=${RUNS:-11}
[ -z "${SMOKE:-}" ] || runs=1
read -r -a extra <<<"${FORMATS:-}"

if [ -n "${AIMS:-}" ]; then
  aims=$(realpath "$AIMS")
else
  cargo build --release --quiet
  aims="$PWD/target/release/aims"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Wall-clock seconds of one run of a command (bash's microsecond clock, no process of its own), appended to the
# file $1; with GNU time, its CPU seconds (user + system) are appended to $1.cpu as well.
seconds() {
  local out=$1
  shift
  local start=$EPOCHREALTIME
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$work/cpu" "$@" >/dev/null 2>&1 || true
    awk '{ printf "%.4f\n", $1 + $2 }' "$work/cpu" >>"$out.cpu"
  else
    "$@" >/dev/null 2>&1 || true
  fi
  awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", e - s }' >>"$out"
}

# The median of the numbers on stdin, to three decimals.
median() {
  sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m }'
}

# $1 / $2 to two decimals.
ratio() {
  awk -v g="$1" -v f="$2" 'BEGIN { printf "%.2f", (f > 0 ? g / f : 0) }'
}

# Peak resident memory in MiB, or "n/a" without GNU time.
peak_mib() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }'
  else
    echo "n/a"
  fi
}

header="| systems | files | floor (s) | gap json (s) | ratio to floor | gap markdown (s) |"
rule="|---:|---:|---:|---:|---:|---:|"
[ ! -x /usr/bin/time ] || { header+=" floor CPU (s) | gap json CPU (s) | CPU ratio |" && rule+="---:|---:|---:|"; }
for f in "${extra[@]}"; do
  header+=" gap $f (s) |" && rule+="---:|"
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" >&2
echo "$header peak memory gap json (MiB) |"
echo "$rule---:|"
for n in "${sizes[@]}"; do
  dir="$work/ws-$n"
  "$aims" generate "$n" "$dir"
  files=$(find "$dir" -name '*.yaml' | wc -l)
  floor_cmd=("$aims" parse-floor "$dir")
  json_cmd=("$aims" gap "$dir" --as-of 2026-11-27 --format json --output "$work/out.json")
  md_cmd=("$aims" gap "$dir" --as-of 2026-11-27 --format markdown --output "$work/out.md")
  # Each command must work (exit 1 is a failed gate, which the generated workspaces may have); only then time it.
  check() {
    local status=0
    "$@" >/dev/null 2>"$work/err" || status=$?
    if [ "$status" -gt 1 ]; then
      echo "bench: $* failed (exit $status):" >&2 && cat "$work/err" >&2 && exit 1
    fi
  }
  check "${floor_cmd[@]}"
  check "${json_cmd[@]}"
  check "${md_cmd[@]}"
  for f in "${extra[@]}"; do
    check "$aims" gap "$dir" --as-of 2026-11-27 --format "$f" --output "$work/out.$f"
  done
  : >"$work/floor" && : >"$work/json" && : >"$work/md"
  : >"$work/floor.cpu" && : >"$work/json.cpu" && : >"$work/md.cpu"
  for f in "${extra[@]}"; do : >"$work/t-$f" && : >"$work/t-$f.cpu"; done
  for _ in $(seq "$runs"); do
    seconds "$work/floor" "${floor_cmd[@]}"
    seconds "$work/json" "${json_cmd[@]}"
    seconds "$work/md" "${md_cmd[@]}"
    for f in "${extra[@]}"; do
      seconds "$work/t-$f" "$aims" gap "$dir" --as-of 2026-11-27 --format "$f" --output "$work/out.$f"
    done
  done
  floor=$(median <"$work/floor")
  gap=$(median <"$work/json")
  md=$(median <"$work/md")
  row="| $n | $files | $floor | $gap | $(ratio "$gap" "$floor") | $md |"
  if [ -x /usr/bin/time ]; then
    floor_cpu=$(median <"$work/floor.cpu")
    gap_cpu=$(median <"$work/json.cpu")
    row+=" $floor_cpu | $gap_cpu | $(ratio "$gap_cpu" "$floor_cpu") |"
  fi
  for f in "${extra[@]}"; do
    row+=" $(median <"$work/t-$f") |"
  done
  mem=$(peak_mib "${json_cmd[@]}")
  echo "$row $mem |"
  rm -rf "$dir" "$work"/out.*
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" >&2
