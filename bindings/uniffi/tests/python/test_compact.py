"""The compact binary catalogue form through the binding: the golden file of the sample loads to
a catalogue answering like the JSON-loaded sample, and damaged bytes are typed errors."""
import datetime as dt

import pytest
import waystation as w
from conftest import ROOT

GOLDEN = (ROOT / "tests" / "compact" / "sample.wscat").read_bytes()
CHINA = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 6, 10, 10, 0, tzinfo=CHINA)
HERE = w.Coordinate(lat=36.6512, lon=117.1201, datum=w.Datum.GCJ02)


def test_golden_file_answers_like_the_json_sample():
    json_cat = w.Catalogue.sample()
    compact = w.Catalogue.from_compact(GOLDEN)
    assert compact.version() == json_cat.version()
    assert compact.to_compact() == GOLDEN
    assert compact.to_json() == json_cat.to_json()
    q = w.NearbyQuery(position=HERE, at=AT, needs=["charging", "drinking_water"], limit=3)
    found = compact.nearby(q)
    assert found and found == json_cat.nearby(q)


def test_damaged_bytes_are_typed_errors():
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.Catalogue.from_compact(b"not a compact catalogue")
    assert e.value.path == "header.magic"
    # A format version from the future (99).
    future = bytearray(GOLDEN)
    future[8] = 99
    with pytest.raises(w.WaystationError.Unsupported):
        w.Catalogue.from_compact(bytes(future))
    with pytest.raises(w.WaystationError.InvalidInput):
        w.Catalogue.from_compact(GOLDEN[: len(GOLDEN) // 2])
