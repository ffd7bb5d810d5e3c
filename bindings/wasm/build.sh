#!/usr/bin/env bash
# Builds the npm package into bindings/wasm/pkg/{web,node}: release wasm (fat LTO, one codegen
# unit, panic=abort), wasm-bindgen for the `web` and Node (ESM) targets sharing one `.wasm`,
# `wasm-opt -Oz` (npm binaryen), then prints raw and gzip sizes. Needs what ci-install.sh installs.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

# Release profile, set here (the workspace profile belongs to the root Cargo.toml): fat LTO + one
# codegen unit + opt-level "s" + wasm-opt -Oz. "s" is ~10% larger than "z" (≈ 478 vs 434 KiB
# gzipped) and about twice as fast (Catalogue.nearby with 10 answers; bench/nearest.mjs and the
# README, sections Size and Speed); 3 is faster still but 33% larger. WASM_OPT_LEVEL overrides.
# No `strip`: wasm-bindgen needs the target_features section; wasm-opt strips.
export CARGO_PROFILE_RELEASE_LTO=fat
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${WASM_OPT_LEVEL:-s}"
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_DEBUG=false

echo "== wasm: cargo build (release, wasm32-unknown-unknown)"
cargo build --release --locked --target wasm32-unknown-unknown -p waystation-wasm
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/waystation_wasm.wasm"

WASM_OPT="node_modules/.bin/wasm-opt"
rm -rf pkg
# Both builds' glue expect the same module (same imports and exports, checked byte for byte
# below), so the package ships one `.wasm`, in pkg/web; the Node glue reads it from there.
wasm-bindgen --target web --out-dir pkg/web "$WASM"
# ESM for Node (the package is "type": "module").
wasm-bindgen --target experimental-nodejs-module --out-dir pkg/node "$WASM"
if ! cmp -s pkg/web/waystation_wasm_bg.wasm pkg/node/waystation_wasm_bg.wasm; then
    echo "wasm: the web and node builds' .wasm differ; the package cannot share one" >&2
    exit 1
fi
"$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --strip-debug --strip-producers \
    pkg/web/waystation_wasm_bg.wasm -o pkg/web/waystation_wasm_bg.wasm
rm pkg/node/waystation_wasm_bg.wasm
node_glue=pkg/node/waystation_wasm.js
from="new URL('waystation_wasm_bg.wasm', import.meta.url)"
to="new URL('../web/waystation_wasm_bg.wasm', import.meta.url)"
if [ "$(grep -cF "$from" "$node_glue")" != 1 ]; then
    echo "wasm: $node_glue no longer loads the module as expected: $from" >&2
    exit 1
fi
sed -i "s|$from|$to|" "$node_glue"

raw=$(stat -c %s "$WASM")
opt=$(stat -c %s pkg/web/waystation_wasm_bg.wasm)
gz=$(gzip -9 -c pkg/web/waystation_wasm_bg.wasm | wc -c)
echo "== wasm: sizes: cargo output $raw bytes; after wasm-opt -Oz $opt bytes ($((opt / 1024)) KiB); gzip -9 $gz bytes ($((gz / 1024)) KiB); budget 150 KiB gzipped"
if [ "$gz" -gt $((150 * 1024)) ]; then
    echo "wasm: over the 150 KiB budget: $gz bytes gzipped (what dominates: see README, section Size)" >&2
fi
