#!/usr/bin/env bash
# Builds the uniffi binding, generates Kotlin, Swift and Python, and runs every suite:
# pytest (API, programmes, signed bundles + shared conformance cases), the Kotlin program on the JVM with JNA (same
# scenarios + conformance cases), a Java caller compiled with javac, a check that the Kotlin API
# has no unsigned types, and a syntax check of the Swift C header. Needs ci-install.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET_DIR/uniffi-bindings"
status=0

echo "== uniffi: build and generate bindings"
"$HERE/generate.sh"

echo "== uniffi: signed-bundle fixtures"
cargo run -q -p waystation-uniffi --example make_bundles --locked -- "$OUT/bundles"

echo "== uniffi: Swift C header syntax check"
gcc -fsyntax-only -D_Nullable= -D_Nonnull= -x c "$OUT/swift/waystationFFI.h"
echo "waystationFFI.h: ok"

echo "== uniffi: Swift has a typed export for every op of the request API (bindings/parity.json)"
python3 - "$ROOT/bindings/parity.json" "$OUT/swift/waystation.swift" <<'PY' || status=1
import json, re, sys
ops = json.load(open(sys.argv[1], encoding="utf-8"))["ops"]
swift = open(sys.argv[2], encoding="utf-8").read()
camel = lambda s: re.sub(r"_([a-z])", lambda m: m.group(1).upper(), s)
missing = [f"{op}: {n['uniffi']}" for op, n in ops.items()
           if not re.search(r"\bfunc " + camel(n["uniffi"].split(".")[-1]) + r"\(", swift)]
print("missing in Swift:", missing) if missing else print(f"Swift: all {len(ops)} ops exported")
sys.exit(1 if missing else 0)
PY

echo "== uniffi: Python (pytest)"
WAYSTATION_PY_BINDINGS="$OUT/python" WAYSTATION_BUNDLES="$OUT/bundles" python3 -m pytest -q "$HERE/tests/python" || status=1

echo "== uniffi: Kotlin on the JVM (JNA)"
K="$HERE/tests/kotlin/node_modules/kotlin-compiler"
CLASSES="$TARGET_DIR/uniffi-kotlin/classes"
rm -rf "$CLASSES"
# kotlin-reflect: the typed conformance driver builds records from JSON by their constructors.
"$K/bin/kotlinc" "$OUT/kotlin/waystation/waystation.kt" "$HERE"/tests/kotlin/src/*.kt \
  -cp "/usr/share/java/jna.jar:$K/lib/kotlin-reflect.jar" -d "$CLASSES" -nowarn 2>&1 | { grep -v '^warning' || true; }
java -cp "$CLASSES:$K/lib/kotlin-stdlib.jar:$K/lib/kotlin-reflect.jar:/usr/share/java/jna.jar" \
  -Djna.library.path="$TARGET_DIR/debug" waystation.test.MainKt "$ROOT/tests/conformance" "$OUT/bundles" || status=1

echo "== uniffi: a Java caller (javac) against the generated Kotlin: int and long counts"
CP="$CLASSES:$K/lib/kotlin-stdlib.jar:/usr/share/java/jna.jar"
{ javac -encoding UTF-8 -cp "$CP" -d "$CLASSES" "$HERE"/tests/java/*.java &&
  java -cp "$CP" -Djna.library.path="$TARGET_DIR/debug" waystation.test.JavaCallers; } || status=1

echo "== uniffi: no unsigned Kotlin type in the public API (Java cannot call UInt, ULong …)"
python3 - "$OUT/kotlin/waystation/waystation.kt" <<'PY' || status=1
import re, sys
kt = open(sys.argv[1], encoding="utf-8").read()
unsigned = r"\bU(?:Int|Long|Short|Byte)\b"
# Public declarations: record fields, function parameters and results (uniffi's own internal
# buffer plumbing, `internal` and the FfiConverters, may use ULong; it is not API).
found = [line.strip() for line in kt.splitlines()
         if re.search(unsigned, line)
         and re.search(r"(var|val) `\w+`:|fun `\w+`\(", line)
         and "internal" not in line and "FfiConverter" not in line]
print("\n".join(found) if found else "Kotlin API: no unsigned types")
sys.exit(1 if found else 0)
PY

exit $status
