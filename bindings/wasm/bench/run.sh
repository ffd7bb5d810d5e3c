#!/usr/bin/env bash
# The WebAssembly nearest-station benchmark (bench/nearest.mjs): generates the synthetic national
# catalogue with the Rust example `national` (bench profile), then runs the Node benchmark on the
# built package (pkg/node; build it first with ./build.sh).
#
#   bench/run.sh            # 200,000 stations, full timing (~3 min)
#   bench/run.sh --smoke    # 20,000 stations, answers compared, one short timing pass (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(cd ../.. && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
stations=200000
smoke=()
if [ "${1:-}" = "--smoke" ]; then
    stations=20000
    smoke=(--smoke)
fi
out="$TARGET_DIR/bench-data"
mkdir -p "$out"
catalogue="$out/national-$stations.json"
queries="$out/national-$stations-queries.json"
if [ ! -f "$catalogue" ] || [ ! -f "$queries" ]; then
    (cd "$ROOT" && cargo run --locked --profile bench --example national -- \
        --stations "$stations" --out "$catalogue" --queries "$queries")
fi
if [ ! -d node_modules/kdbush ] || [ ! -d node_modules/geokdbush ]; then
    npm ci --no-audit --no-fund
fi
node bench/nearest.mjs "$catalogue" "$queries" "${smoke[@]}"
