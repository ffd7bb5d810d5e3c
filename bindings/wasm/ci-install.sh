#!/usr/bin/env bash
# Installs what the WebAssembly binding's tests need on a fresh machine; idempotent (skips what is
# present). Run as root from anywhere: rustup target, wasm-bindgen CLI (same version as the crate),
# Debian chromium, and the npm dev dependencies (typescript, binaryen, playwright-core).
set -euo pipefail
cd "$(dirname "$0")"

# Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130

echo "== wasm: rustup target wasm32-unknown-unknown"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi

echo "== wasm: wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$\| $WASM_BINDGEN_VERSION "; then
    # No --locked: the CLI's lockfile pins a crate version the registry no longer offers.
    CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
wasm-bindgen --version

echo "== wasm: chromium and a CJK font (Debian)"
if ! [ -x /usr/bin/chromium ] || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
/usr/bin/chromium --version

echo "== wasm: npm dev dependencies (and the demo page's Leaflet, marker clusters, boundary data)"
if ! [ -d node_modules/typescript ] || ! [ -d node_modules/binaryen ] || ! [ -d node_modules/playwright-core ] \
        || ! [ -d node_modules/leaflet ] || ! [ -d node_modules/leaflet.markercluster ] \
        || ! [ -d node_modules/china-geojson ]; then
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
