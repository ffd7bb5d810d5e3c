#!/usr/bin/env bash
# The WebAssembly nearest-station benchmark (bench/nearest.mjs): generates the synthetic national
# catalogue with the Rust example `national` (bench profile), times its native loads (JSON and
# compact) with the same example, then runs the Node benchmark on the built package (pkg/node;
# build it first with ./build.sh): loads in WebAssembly against the native ones, then `nearby`.
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
# The native loads of the same catalogue, timed now, for the loads table.
native="$out/national-$stations-native-loads.json"
(cd "$ROOT" && cargo run --locked --profile bench --example national -- --time-loads "$catalogue") >"$native"
node bench/nearest.mjs "$catalogue" "$queries" "$native" "${smoke[@]}"
