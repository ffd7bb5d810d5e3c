"""The shared conformance cases (tests/conformance/*.json) through the typed Python API, not
`respond`: each case's request becomes the call an app makes (records built from the request's
JSON by their type hints, instants read with `parse_instant`), the answer is turned back into
JSON values by its types and compared with the recorded answer; errors by every field but the
developer message. So the binding's own mappings (names, enums, instants, dates, records, error
fields) are tested on every case, not only the core behind `respond`."""
import datetime as dt
import enum
import json
import typing

import pytest
import waystation as w
import waystation_arguments
from waystation_json import to_dict as plain

from conftest import ROOT
from test_conformance import same

CASES = [
    pytest.param(case, id=f"{path.stem}/{case['name']}")
    for path in sorted((ROOT / "tests" / "conformance").glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
]
HINTS = vars(w)


def enum_from_code(cls, code):
    """An enum member by its JSON code (`gcj02`, `express_courier`, `zh-CN`)."""
    return cls[str(code).replace("-", "_").upper()]


def typed(hint, value):
    """A JSON value as the typed argument `hint` names (records built by their type hints)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if value is None:
        return None
    if origin is typing.Union:  # Optional[X]
        return typed(next(a for a in args if a is not type(None)), value)
    if origin is list:
        return [typed(args[0], v) for v in value]
    if origin is dict:
        return {k: typed(args[1], v) for k, v in value.items()}
    if hint is dt.datetime:
        return w.parse_instant(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return enum_from_code(hint, value)
    if isinstance(hint, type) and hasattr(hint, "__init__") and hint.__module__ == w.__name__:
        if not isinstance(value, dict):
            # A record written positionally (`[36.65, 117.12, "gcj02"]`): a record is built
            # from its fields by name, so there is no typed call for it.
            raise NotExpressible(f"{hint.__name__} given as {type(value).__name__}")
        hints = typing.get_type_hints(hint.__init__, HINTS)
        return hint(**{k: typed(hints[k], v) for k, v in value.items()})
    return value


def profile(r):
    return typed(w.CourierProfile, r.get("profile", {}))


def at(r, key="at"):
    return w.parse_instant(r[key])


def record(cls, r, key):
    return typed(cls, r[key])


def check_rule_set(cat, r):
    return cat.check_rule_set(json.dumps(r["rule_set"]))


def load_catalogue(_cat, r):
    loaded = w.Catalogue.from_json(json.dumps(r["catalogue"]))
    return loaded.info()


def station_details(cat, r):
    """A station crosses with its opening hours as JSON text (`hours_json`, see the README)."""
    details = plain(cat.station_details(r["station_id"], at(r)))
    details["station"]["hours"] = json.loads(details["station"].pop("hours_json"))
    return details


def match_options(r):
    return typed(w.MatchOptions, r.get("options") or {})


TYPED = {
    "catalogue_info": lambda cat, r: cat.info(),
    "load_catalogue": load_catalogue,
    "nearby": lambda cat, r: cat.nearby(record(w.NearbyQuery, r, "query")),
    "station_status": lambda cat, r: cat.station_status(r["station_id"], at(r)),
    "describe_station_status": lambda cat, r: {
        "status": cat.station_status(r["station_id"], at(r)),
        "text": cat.describe_station_status(r["station_id"], at(r), enum_from_code(w.Lang, r.get("lang", "zh-CN"))),
    },
    "station_details": station_details,
    "services_at": lambda cat, r: [s.code for s in cat.services_at(r["station_id"], at(r))],
    "hours_on": lambda cat, r: cat.hours_on(r["station_id"], dt.date.fromisoformat(r["date"])),
    "stations_in_branch": lambda cat, r: [s.id for s in cat.stations_in_branch(r["branch_id"])],
    "rollout": lambda cat, r: cat.rollout(dt.date.fromisoformat(r["as_of"]), r["theme"]),
    "day_kind": lambda cat, r: cat.day_kind(dt.date.fromisoformat(r["date"])),
    "convert_coordinate": lambda cat, r: w.convert_coordinate(
        record(w.Coordinate, r, "coordinate"), enum_from_code(w.Datum, r["to"])),
    "distance": lambda cat, r: w.distance_m(record(w.Coordinate, r, "from"), record(w.Coordinate, r, "to")),
    "parse_opening_hours": lambda cat, r: json.loads(w.parse_opening_hours(r["osm"])),
    "opening_hours_status": lambda cat, r: cat.opening_hours_status(
        r["hours"] if isinstance(r["hours"], str) else json.dumps(r["hours"]), at(r)),
    "validate_resident_id": lambda cat, r: w.validate_resident_id(r["resident_id"]),
    "validate_credit_code": lambda cat, r: w.validate_credit_code(
        r["credit_code"], enum_from_code(w.CreditCodeMode, r.get("mode", "strict"))),
    "check_product": lambda cat, r: cat.check_product(r["product_id"], profile(r), at(r, "as_of")),
    "match_products": lambda cat, r: cat.match_products(profile(r), at(r, "as_of"), match_options(r)),
    "check_rule_set": check_rule_set,
    "check_gear_claim": lambda cat, r: cat.check_gear_claim(
        r["station_id"], r["gear_code"], profile(r), typed(typing.List[w.GearClaim], r.get("history", [])), at(r)),
    "events_between": lambda cat, r: cat.events_between(r.get("station_id"), at(r, "from"), at(r, "to")),
    "check_event_registration": lambda cat, r: cat.check_event_registration(
        r["event_id"], profile(r), r["registered"], r.get("already_registered", False), at(r)),
    "check_ambassador": lambda cat, r: cat.check_ambassador(profile(r), at(r)),
}


def without_absent_nulls(got, expected):
    """`got` without the `None` and empty-list fields that the JSON answer leaves out (the JSON
    API omits an absent optional value and some empty lists; a typed record has the field)."""
    if isinstance(got, dict) and isinstance(expected, dict):
        return {k: without_absent_nulls(v, expected.get(k)) for k, v in got.items()
                if not (v in (None, []) and k not in expected)}
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        return [without_absent_nulls(g, e) for g, e in zip(got, expected)]
    return got


def error_fields(error):
    """An error's fields but the developer message (which may word the argument its own way)."""
    return {k: v for k, v in error.items() if k != "message"}


class NotExpressible(Exception):
    """The request gives a value of a type the typed parameter cannot take."""


def answer(cat, request):
    try:
        return {"ok": plain(TYPED[request["op"]](cat, request))}
    except w.WaystationError.InvalidInput as e:
        # A value of the wrong Python type (`"NaN"` where a float goes) is refused by the
        # binding's argument check (waystation_arguments) before the library reads it: the
        # library's error (`error.invalid_input`), not the words of the field the request API
        # checks.
        if waystation_arguments.refused(e):
            raise NotExpressible(e.message) from e
        return {"error": {"code": "invalid_input", **{k: plain(v) for k, v in vars(e).items()}}}
    except w.WaystationError as e:
        code = "".join("_" + c.lower() if c.isupper() else c for c in type(e).__name__).lstrip("_")
        return {"error": {"code": code, **{k: plain(v) for k, v in vars(e).items()}}}


@pytest.fixture(scope="module")
def catalogue():
    return w.Catalogue.sample()


def test_every_case_of_an_op_with_a_typed_export_runs():
    cases = [p.values[0] for p in CASES]
    assert len([c for c in cases if c["request"]["op"] in TYPED]) >= 100
    # Ops without a typed call here are cases of the API's own error (an unknown op).
    for c in cases:
        if c["request"]["op"] not in TYPED:
            assert c["expected"]["error"]["path"] == "op", c["name"]


@pytest.mark.parametrize("case", CASES)
def test_case(catalogue, case):
    request, expected = case["request"], case["expected"]
    if request["op"] not in TYPED:
        pytest.skip("no typed call: the case is the API's error for an unknown op")
    try:
        got = answer(catalogue, request)
    except (KeyError, TypeError, ValueError, NotExpressible) as e:
        # The request is malformed on purpose (a string for a number, a datum or field that does
        # not exist): Python's types cannot even express it, so there is no typed call to make.
        if expected.get("error", {}).get("code") == "invalid_input":
            pytest.skip(f"not expressible with the typed API: {e!r}")
        raise
    got = without_absent_nulls(got, expected)
    if "ok" in expected:
        same(got, expected)
    else:
        assert "error" in got, got
        same(error_fields(got["error"]), error_fields(expected["error"]))
