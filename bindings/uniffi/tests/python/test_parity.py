"""Every op of the request API has its typed export in Python (bindings/parity.json)."""
import json
import pathlib

import waystation as w

TABLE = pathlib.Path(__file__).resolve().parents[3] / "parity.json"


def test_every_op_has_a_typed_export():
    ops = json.loads(TABLE.read_text(encoding="utf-8"))["ops"]
    assert len(ops) >= 20
    missing = []
    for op, names in ops.items():
        owner, _, name = names["uniffi"].rpartition(".")
        target = getattr(w, owner) if owner else w
        if not callable(getattr(target, name, None)):
            missing.append(f"{op}: {names['uniffi']}")
    assert not missing, missing


def test_catalogue_info_and_parse_opening_hours():
    cat = w.Catalogue.sample()
    info = cat.info()
    assert info.stations == len(cat.stations()) and info.sample
    assert 2026 in info.calendar_years
    hours = json.loads(w.parse_opening_hours("Mo-Fr 08:00-18:00; PH off"))
    assert hours["weekly"]["mo"] == ["08:00-18:00"]
    assert hours["public_holidays"] == {"policy": "closed"}
    try:
        w.parse_opening_hours("whenever")
        raise AssertionError("expected an error")
    except w.WaystationError.InvalidInput as e:
        assert e.path == "osm" and e.message_key == "error.invalid_field"
