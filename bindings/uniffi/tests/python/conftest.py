"""Puts the generated module (target/uniffi-bindings/python, made by generate.sh) on the path;
BUNDLES is where test.sh writes the signed-bundle fixtures (tests/bundles/make_bundles.rs)."""
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[4]
BINDINGS = pathlib.Path(
    os.environ.get("WAYSTATION_PY_BINDINGS", ROOT / "target" / "uniffi-bindings" / "python")
)
BUNDLES = pathlib.Path(
    os.environ.get("WAYSTATION_BUNDLES", ROOT / "target" / "uniffi-bindings" / "bundles")
)
sys.path.insert(0, str(BINDINGS))
