"""Signed catalogue bundles: verification with trusted keys, rollback and expiry, typed errors.
Fixtures come from tests/bundles/make_bundles.rs (written by test.sh)."""
import base64
import datetime as dt

import pytest
import waystation as w

from conftest import BUNDLES

CHINA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 7, 1, 10, tzinfo=CHINA)
ISSUED = dt.datetime(2026, 6, 1, 9, tzinfo=CHINA)
EXPIRES = dt.datetime(2026, 12, 31, tzinfo=CHINA)


def read(name):
    return (BUNDLES / name).read_bytes()


@pytest.fixture(scope="module")
def key():
    return w.trusted_key_from_text((BUNDLES / "bank-2026a.pub").read_text())


@pytest.fixture(scope="module")
def previous_key():
    return w.trusted_key_from_text((BUNDLES / "bank-2025b.pub").read_text())


def opts(min_version=41, now=NOW, **kw):
    return w.VerifyOptions(min_version=min_version, now=now, **kw)


def test_key_file(key):
    assert key.key_id == "bank-2026a"
    assert len(base64.b64decode(key.public_key)) == 32


def test_verified_bundle_loads_the_catalogue(key):
    v = w.verify_bundle(read("catalogue.wsb"), [key], opts())
    m = v.metadata
    assert (m.key_id, m.version, m.payload_format) == ("bank-2026a", 42, w.PayloadFormat.CATALOGUE_JSON)
    assert (m.issued_at, m.expires_at) == (ISSUED, EXPIRES)
    assert v.catalogue.is_sample() and len(v.catalogue.stations()) == 38
    assert v.catalogue.version() == w.Catalogue.sample().version()
    here = w.Coordinate(lat=36.6512, lon=117.1201, datum=w.Datum.GCJ02)
    assert v.catalogue.nearby(w.NearbyQuery(position=here, at=NOW, limit=1))
    # the same version again is accepted; 0 accepts any
    assert w.verify_bundle(read("catalogue.wsb"), [key], opts(min_version=42)).metadata.version == 42
    assert w.verify_bundle(read("catalogue.wsb"), [key], opts(min_version=0)).metadata.version == 42


def test_key_rotation_trusts_several_keys(key, previous_key):
    keys = [key, previous_key]
    assert w.verify_bundle(read("rotated.wsb"), keys, opts()).metadata.key_id == "bank-2025b"
    assert w.verify_bundle(read("catalogue.wsb"), keys, opts()).metadata.key_id == "bank-2026a"


def invalid_at(path, *args):
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.verify_bundle(*args)
    assert e.value.path == path, e.value
    return e.value


def test_rollback_expiry_and_future_issue(key):
    b = read("catalogue.wsb")
    err = invalid_at("bundle.version", b, [key], opts(min_version=43))
    assert "older than version 43" in str(err)
    invalid_at("bundle.expires_at", b, [key], opts(now=EXPIRES))
    invalid_at("bundle.expires_at", b, [key], opts(now=dt.datetime(2027, 3, 1, tzinfo=dt.timezone.utc)))
    invalid_at("bundle.issued_at", b, [key], opts(now=dt.datetime(2026, 5, 1, tzinfo=CHINA)))
    # five minutes of clock skew are allowed by default, and the allowance is an option
    early = ISSUED - dt.timedelta(seconds=200)
    assert w.verify_bundle(b, [key], opts(now=early)).metadata.version == 42
    invalid_at("bundle.issued_at", b, [key], opts(now=early, max_clock_skew=dt.timedelta(seconds=100)))
    assert w.verify_bundle(b, [key], opts(now=early, max_clock_skew=dt.timedelta(seconds=300)))


def test_tampered_truncated_and_foreign_bundles(key, previous_key):
    b = bytearray(read("catalogue.wsb"))
    b[len(b) // 2] ^= 0x01
    invalid_at("bundle.signature", bytes(b), [key], opts())
    # the right key id with another key's bytes
    impostor = w.TrustedKey(key_id="bank-2026a", public_key=previous_key.public_key)
    invalid_at("bundle.signature", read("catalogue.wsb"), [impostor], opts())
    invalid_at("bundle", read("catalogue.wsb")[:100], [key], opts())
    invalid_at("bundle", b"", [key], opts())
    invalid_at("bundle", read("catalogue.wsb") + b"x", [key], opts())
    with pytest.raises(w.WaystationError.NotFound) as e:
        w.verify_bundle(read("foreign.wsb"), [key], opts())
    assert (e.value.kind, e.value.id) == ("trusted_key", "someone-else")
    with pytest.raises(w.WaystationError.NotFound):
        w.verify_bundle(read("catalogue.wsb"), [], opts())


def test_signed_but_invalid_catalogue(key):
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.verify_bundle(read("invalid.wsb"), [key], opts())
    assert e.value.path.startswith("bundle.payload")
    assert e.value.problems  # the catalogue's own problem list


def test_bad_keys(key):
    b = read("catalogue.wsb")
    invalid_at("trusted_keys[0]", b, [w.TrustedKey(key_id="k", public_key="not base64!")], opts())
    invalid_at("trusted_keys[1]", b, [key, w.TrustedKey(key_id="bad id", public_key=key.public_key)], opts())
    invalid_at("trusted_keys[1]", b, [key, key], opts())  # the same id twice
    short = base64.b64encode(b"\x01" * 16).decode()
    invalid_at("trusted_keys[0]", b, [w.TrustedKey(key_id="k", public_key=short)], opts())
    with pytest.raises(w.WaystationError.InvalidInput):
        w.trusted_key_from_text("type: something-else\nkey_id: k\npublic_key: x\n")
    with pytest.raises(w.WaystationError.InvalidInput):
        w.trusted_key_from_text((BUNDLES / "bank-2026a.pub").read_text().replace("public-key", "secret-key"))


def test_same_answer_as_the_request_api(key):
    import json
    answer = json.loads(w.Catalogue.sample().respond(json.dumps({
        "op": "verify_bundle",
        "bundle": base64.b64encode(read("catalogue.wsb")).decode(),
        "trusted_keys": [{"key_id": key.key_id, "public_key": key.public_key}],
        "min_version": 43, "now": NOW.isoformat(),
    })))
    assert answer["error"]["code"] == "invalid_input"
    assert answer["error"]["path"] == "bundle.version"
