#!/usr/bin/env bash
# Builds a large workspace from real data: the 90-row US federal inventory sample repeated under new IDs until it
# has N rows, imported with `aims import csv --profile us-federal-2025`, then assessed. Times both steps.
#
#   scripts/bench-import.sh            # N = 3,611 (the size of the full 2025 federal inventory)
#   scripts/bench-import.sh 10000
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-3611}
sample=examples/us-federal-sample/source/us-federal-ai-inventory-2025-sample.csv
cargo build --release --quiet
aims="$PWD/target/release/aims"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Repeat the sample's rows, giving each copy a new use case ID (column `id`), keeping the header once.
python3 - "$sample" "$rows" "$work/inventory.csv" <<'PY'
import csv, sys
source, rows, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(source, newline="", encoding="utf-8-sig") as f:
    reader = csv.reader(f)
    header = next(reader)
    body = [r for r in reader if any(cell.strip() for cell in r)]
id_col = header.index("id")
with open(target, "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f)
    out.writerow(header)
    for i in range(rows):
        row = list(body[i % len(body)])
        row[id_col] = f"SYN-{i:05d}"
        out.writerow(row)
PY

time_it() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); python3 -c "print('%.3f' % ($end - $start))"; }

import_s=$(time_it "$aims" import csv "$work/inventory.csv" --profile us-federal-2025 --into "$work/ws")
systems=$(ls "$work/ws/systems" | wc -l)
gap_s=$(time_it "$aims" gap "$work/ws" --as-of 2026-11-27 --format json --output "$work/gap.json")
floor_s=$(time_it "$aims" parse-floor "$work/ws")
echo "| rows | systems written | import (s) | parse floor (s) | gap json (s) |"
echo "|---:|---:|---:|---:|---:|"
echo "| $rows | $systems | $import_s | $floor_s | $gap_s |"
