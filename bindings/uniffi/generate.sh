#!/usr/bin/env bash
# Builds the library (debug unless PROFILE names another cargo profile, e.g. release-small) and
# generates the Kotlin, Swift and Python bindings with the workspace's pinned uniffi-bindgen
# into target/uniffi-bindings/<language>/.
set -euo pipefail
cd "$(dirname "$0")/../.."
PROFILE="${PROFILE:-debug}"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
if [ "$PROFILE" = debug ]; then flag=; else flag="--profile $PROFILE"; fi
cargo build -p waystation-uniffi $flag --locked
cargo build -p uniffi-bindgen --locked
LIB="$TARGET_DIR/$PROFILE/libwaystation_ffi.so"
# A stripped .so (release-small) has no symbol table for uniffi-bindgen: read the static library.
META="$LIB"
if [ "$PROFILE" != debug ]; then META="$TARGET_DIR/$PROFILE/libwaystation_ffi.a"; fi
OUT="$TARGET_DIR/uniffi-bindings"
rm -rf "$OUT"
for lang in kotlin swift python; do
  "$TARGET_DIR/debug/uniffi-bindgen" generate --library "$META" -l "$lang" -o "$OUT/$lang" --no-format
done
cp "$LIB" "$OUT/python/"
# Plain values of answers for json.dumps (generic, no type knowledge): beside the module.
cp bindings/uniffi/python/waystation_json.py "$OUT/python/"
# Arguments of the wrong type raise WaystationError.InvalidInput, not TypeError (generic: wraps
# the generated converters' checks; see the module's docstring).
cp bindings/uniffi/python/waystation_arguments.py "$OUT/python/"
cat >> "$OUT/python/waystation.py" <<'PY'

# Added by bindings/uniffi/generate.sh: arguments of the wrong type raise WaystationError.InvalidInput.
import waystation_arguments as _waystation_arguments  # noqa: E402
_waystation_arguments.install(globals())
PY
echo "bindings in $OUT: $(cd "$OUT" && find . -type f | sort | tr '\n' ' ')"
