"""Arguments of the wrong type raise the library's error, on every export (waystation_arguments)."""
import inspect

import datetime as dt

import pytest
import waystation as w
import waystation_arguments

WORDS = w.user_message("error.invalid_input")


class NotAnArgument:
    """A value no parameter of the API takes."""


def exports():
    """Every public function of the module and every public method of its object classes, with
    the receiver to call a method on (an object made without arguments, or the sample)."""
    catalogue = w.Catalogue.sample()
    receivers = {
        w.Catalogue: catalogue,
        w.ProductCatalogue: catalogue.products(),
    }
    found = []
    for name, value in vars(w).items():
        if name.startswith("_") or not callable(value):
            continue
        if inspect.isfunction(value) and value.__module__ == "waystation":
            found.append((name, value))
        elif inspect.isclass(value) and value in receivers:
            for method_name in vars(value):
                bound = getattr(receivers[value], method_name)
                if method_name.startswith("_") or not callable(bound):
                    continue
                found.append(("{}.{}".format(name, method_name), bound))
    return found


def parameters(fn):
    return [
        p for p in inspect.signature(fn).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"
    ]


def test_every_export_is_checked():
    names = {name for name, _ in exports()}
    # The table is the API: functions and both object classes' methods, with arguments.
    assert {"mask", "parse_instant", "verify_bundle", "user_message"} <= names
    assert {"Catalogue.nearby", "Catalogue.match_products", "ProductCatalogue.product"} <= names
    assert {"Catalogue.from_json", "Catalogue.from_compact", "ProductCatalogue.from_json"} <= names


@pytest.mark.parametrize("name,fn", [e for e in exports() if parameters(e[1])], ids=lambda x: x if isinstance(x, str) else "")
def test_a_wrong_type_is_invalid_input_never_a_python_error(name, fn):
    params = parameters(fn)
    args = [NotAnArgument() for _ in params]
    with pytest.raises(w.WaystationError.InvalidInput) as caught:
        fn(*args)
    e = caught.value
    assert e.message_key == "error.invalid_input", name
    # Arguments are checked in order: the first is the one named.
    assert e.path == params[0].name, (name, e.path)
    assert waystation_arguments.refused(e)
    assert e.user_message == WORDS
    # Names the expected and the given type, never the value.
    assert "NotAnArgument" in e.message, (name, e.message)


def test_wrong_types_in_detail():
    cat = w.Catalogue.sample()
    with pytest.raises(w.WaystationError.InvalidInput, match="expected NearbyQuery, found str") as caught:
        cat.nearby("36.65,117.12")
    assert caught.value.path == "query"
    # A field deep in a record is named by its path, as the JSON API names it.
    with pytest.raises(w.WaystationError.InvalidInput) as caught:
        w.distance_m(
            w.Coordinate(lat=36.6, lon=117.1, datum=w.Datum.GCJ02),
            w.Coordinate(lat=36.6, lon=117.1, datum="gcj02"),
        )
    assert caught.value.path == "to.datum", caught.value.path
    # A library error is not a refused argument.
    with pytest.raises(w.WaystationError.InvalidInput) as caught:
        w.parse_instant("x")
    assert not waystation_arguments.refused(caught.value)
    assert caught.value.path == "instant"
    with pytest.raises(w.WaystationError.InvalidInput, match="expected str, found int"):
        cat.station(5)
    with pytest.raises(w.WaystationError.InvalidInput, match="expected float, found str"):
        w.distance_m(
            w.Coordinate(lat="36.6", lon=117.1, datum=w.Datum.GCJ02),
            w.Coordinate(lat=36.6, lon=117.1, datum=w.Datum.GCJ02),
        )
    with pytest.raises(w.WaystationError.InvalidInput, match="found int out of range"):
        w.mask("13800138000", 2**40, 4)
    # The path is where the value was given, even a value that appears elsewhere too (None,
    # small ints and booleans are shared objects in Python).
    pos = w.Coordinate(lat=36.65, lon=117.12, datum=w.Datum.GCJ02)
    at = dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for field, bad in [("radius_m", None), ("limit", None), ("open_only", "yes"), ("open_only", 1),
                       ("open_only", None), ("limit", True), ("radius_m", False), ("needs", None)]:
        query = w.NearbyQuery(position=pos, at=at)
        setattr(query, field, bad)
        with pytest.raises(w.WaystationError.InvalidInput) as caught:
            cat.nearby(query)
        assert caught.value.path == "query." + field, (field, bad, caught.value)
        assert waystation_arguments.refused(caught.value)
    # A list item and a map value are named by their place.
    query = w.NearbyQuery(position=pos, at=at, needs=["drinking_water", 7])
    with pytest.raises(w.WaystationError.InvalidInput) as caught:
        cat.nearby(query)
    assert caught.value.path == "query.needs[1]", caught.value.path
    # A naive datetime is refused at the argument it was given as, with the library's words.
    naive = dt.datetime(2026, 6, 10, 10, 0)
    for call, path in [(lambda: cat.station_status("st-jinan-01", naive), "at"),
                       (lambda: cat.match_products(w.CourierProfile(), naive, w.MatchOptions()), "as_of"),
                       (lambda: cat.nearby(w.NearbyQuery(position=pos, at=naive)), "query.at")]:
        with pytest.raises(w.WaystationError.InvalidInput) as caught:
            call()
        assert caught.value.path == path, (path, caught.value)
        assert caught.value.message_key == "error.invalid_field"
    # A datetime is not a date (its time would be dropped silently), nor is a string.
    for bad in (dt.datetime(2026, 2, 14, 10), "2026-02-14", None):
        with pytest.raises(w.WaystationError.InvalidInput) as caught:
            cat.day_kind(bad)
        assert caught.value.path == "date", (bad, caught.value)
    assert cat.day_kind(dt.date(2026, 2, 14)) == w.DayKind.MAKEUP_WORKDAY
    # A value's text never appears in the error (it may be personal data).
    with pytest.raises(w.WaystationError.InvalidInput) as caught:
        w.validate_resident_id(110105199003071239)
    assert "110105199003071239" not in str(caught.value)


def test_user_message_gives_the_words_of_a_key():
    assert WORDS.zh == "填写的信息有误，请检查后重试"
    assert WORDS.en.startswith("Some of the information entered is not valid")
    with pytest.raises(w.WaystationError.NotFound) as caught:
        w.user_message("error.no_such_key")
    assert caught.value.kind == "message_key"
    with pytest.raises(w.WaystationError.InvalidInput):
        w.user_message("error.invalid_field")  # takes a parameter: worded only within an error
    # The words an error carries are those of its key.
    with pytest.raises(w.WaystationError.InvalidInput) as caught:
        w.Catalogue.from_json("{")
    assert caught.value.user_message == w.user_message(caught.value.message_key)
