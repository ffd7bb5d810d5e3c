#!/usr/bin/env bash
# Builds the WebAssembly npm package and runs all its tests: wasm-bindgen-test (Node), the Node
# suite (API, errors, shared conformance cases), `tsc --noEmit` on the types and a typed usage
# file, and the demo page end to end in headless Chromium. Exits non-zero on any failure.
# Needs what ci-install.sh installs.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

./build.sh

echo "== wasm: wasm-bindgen-test (Node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked --target wasm32-unknown-unknown -p waystation-wasm

echo "== wasm: TypeScript (tsc --noEmit, strict)"
node_modules/.bin/tsc -p tests/types/tsconfig.json
# No `any` for domain data: the only `any`s allowed are wasm-bindgen's raw export signatures.
if grep -n '\bany\b' pkg/web/waystation_wasm.d.ts pkg/node/waystation_wasm.d.ts \
        | grep -v 'readonly [a-z_A-Z0-9]*: (' | grep -v '^\S*:\s*\(\*\|//\)' \
        | grep -v '{ any: Criterion\[\] }\|"all" | "any"'; then
    echo "wasm: 'any' found in the published types" >&2
    exit 1
fi
echo "tsc: ok, no 'any' in the published types"

echo "== wasm: Node suite (node:test)"
node --test tests/*.test.mjs

echo "== wasm: demo page in headless Chromium"
mkdir -p "$ROOT/target"
node --test tests/browser/
