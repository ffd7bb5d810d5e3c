"""Every export of the binding, with its error cases, on the embedded sample catalogue."""
import datetime as dt
import threading

import pytest
import waystation as w

CHINA = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 6, 10, 10, 0, tzinfo=CHINA)  # a Wednesday, 10:00 China time
HERE = w.Coordinate(lat=36.6512, lon=117.1201, datum=w.Datum.GCJ02)
PROFILE = w.CourierProfile(
    resident_id="110105199003071239",
    occupation=w.Occupation.EXPRESS_COURIER,
    kyc_level=w.KycLevel.BASIC,
    held_products=[],
    needs=[w.Need.PAY],
)


@pytest.fixture(scope="module")
def cat():
    return w.Catalogue.sample()


@pytest.fixture(scope="module")
def products(cat):
    return cat.products()


# --- loading -------------------------------------------------------------------------------

def test_sample_loads(cat):
    assert cat.is_sample()
    assert cat.version()
    assert cat.network().id == "icbc-station"
    assert len(cat.stations()) == 38
    assert len(cat.outlets()) == 42
    assert any(b.level == w.BranchLevel.PROVINCIAL for b in cat.branches())
    assert "little_bee" in [t.code for t in cat.themes()]
    assert "drinking_water" in [s.code for s in cat.services()]


def test_json_round_trip(cat):
    again = w.Catalogue.from_json(cat.to_json())
    assert again.version() == cat.version()
    assert len(again.stations()) == len(cat.stations())
    assert '"FeatureCollection"' in cat.to_geojson()


def test_bad_json_is_invalid_input_with_line_and_column():
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.Catalogue.from_json("{not json")
    # Line and column have fields of their own; the path stays a field path, below the
    # argument's name (as in the JSON API's load_catalogue).
    assert (e.value.path, e.value.line, e.value.column) == ("catalogue", 1, 2)


def test_invalid_catalogue_lists_every_problem_with_path():
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.Catalogue.from_json('{"schema_version": 1, "version": "x", "stations": 3}')
    paths = [p.path for p in e.value.problems]
    assert "catalogue.stations" in paths and "catalogue.network" in paths
    assert e.value.path == paths[0]


def test_unsupported_schema():
    with pytest.raises(w.WaystationError.Unsupported):
        w.Catalogue.from_json('{"schema_version": 99}')


# --- stations -------------------------------------------------------------------------------

def test_nearby_open_with_services(cat):
    q = w.NearbyQuery(position=HERE, at=AT, needs=["charging", "drinking_water"], limit=3)
    found = cat.nearby(q)
    assert 1 <= len(found) <= 3
    assert [s.distance_m for s in found] == sorted(s.distance_m for s in found)
    for s in found:
        assert s.status.state == w.OpenState.OPEN
        assert {"charging", "drinking_water"} <= set(s.services_now)
        assert s.location.datum == w.Datum.GCJ02
    assert isinstance(found[0].status.next_change.at, dt.datetime)


def test_nearby_errors(cat):
    with pytest.raises(w.WaystationError.NotFound) as e:
        cat.nearby(w.NearbyQuery(position=HERE, at=AT, needs=["teleport"]))
    assert (e.value.kind, e.value.id) == ("service", "teleport")
    assert e.value.message_key == "error.not_found.service"
    assert e.value.user_message.zh == "没有这项服务"
    with pytest.raises(w.WaystationError.LimitExceeded):
        cat.nearby(w.NearbyQuery(position=HERE, at=AT, limit=1000))
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        cat.nearby(w.NearbyQuery(position=HERE, at=AT, limit=0))
    assert e.value.path == "query.limit"
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        bad = w.Coordinate(lat=91.0, lon=117.0, datum=w.Datum.WGS84)
        cat.nearby(w.NearbyQuery(position=bad, at=AT))
    assert e.value.path == "query.position.lat"
    assert (e.value.message_key, e.value.user_message.zh) == ("error.invalid_field", "纬度有误，请检查后重试")
    with pytest.raises(w.WaystationError.InvalidInput):
        nan = w.Coordinate(lat=float("nan"), lon=117.0, datum=w.Datum.WGS84)
        cat.nearby(w.NearbyQuery(position=nan, at=AT))
    with pytest.raises(w.WaystationError.NotFound):
        cat.nearby(w.NearbyQuery(position=HERE, at=AT, theme="no_such_theme"))


def test_station_queries(cat):
    sid = cat.stations()[0].id
    st = cat.station(sid)
    assert st.id == sid and st.lifecycle and st.hours_json
    status = cat.station_status(sid, AT)
    assert status.state in (w.OpenState.OPEN, w.OpenState.CLOSED)
    details = cat.station_details(sid, AT)
    assert details.station.id == sid
    assert details.outlet.id == st.outlet
    assert details.branches[-1].level == w.BranchLevel.PROVINCIAL
    assert details.status == status
    assert [s.code for s in cat.services_at(sid, AT)] == [s.code for s in details.services_now]
    periods = cat.hours_on(sid, dt.date(2026, 6, 10))
    assert periods and all(p.open < p.close for p in periods)
    assert periods[0].open.utcoffset() is not None


def test_unknown_station_is_not_found_everywhere(cat):
    for call in (
        lambda: cat.station("nope"),
        lambda: cat.station_status("nope", AT),
        lambda: cat.station_details("nope", AT),
        lambda: cat.services_at("nope", AT),
        lambda: cat.hours_on("nope", dt.date(2026, 6, 10)),
    ):
        with pytest.raises(w.WaystationError.NotFound) as e:
            call()
        assert (e.value.kind, e.value.id) == ("station", "nope")


def test_calendar_unknown_year(cat):
    sid = cat.stations()[0].id
    with pytest.raises(w.WaystationError.CalendarUnknown) as e:
        cat.hours_on(sid, dt.date(2031, 10, 1))
    assert e.value.year == 2031
    status = cat.station_status(sid, dt.datetime(2031, 10, 1, 10, tzinfo=CHINA))
    assert status.calendar_unknown_year == 2031 or status.state == w.OpenState.UNKNOWN


def test_branches_and_rollout(cat):
    second = [b for b in cat.branches() if b.level == w.BranchLevel.SECOND_LEVEL][0]
    assert all(isinstance(s, w.Station) for s in cat.stations_in_branch(second.id))
    with pytest.raises(w.WaystationError.NotFound):
        cat.stations_in_branch("nope")
    report = cat.rollout(dt.date(2026, 6, 1), "little_bee")
    assert report.as_of == dt.date(2026, 6, 1)
    assert report.total.outlets == 42
    assert sum(r.outlets for r in report.branches) == 42
    with pytest.raises(w.WaystationError.NotFound):
        cat.rollout(dt.date(2026, 6, 1), "nope")


# --- time ----------------------------------------------------------------------------------

def test_holiday_calendar(cat):
    assert cat.calendar_years() == [2025, 2026]
    assert cat.day_kind(dt.date(2026, 2, 14)) == w.DayKind.MAKEUP_WORKDAY
    assert cat.day_kind(dt.date(2026, 10, 1)) == w.DayKind.PUBLIC_HOLIDAY
    holiday = cat.holiday_on(dt.date(2026, 10, 1))
    assert holiday is not None and dt.date(2026, 10, 1) in holiday.days_off
    assert cat.holiday_on(dt.date(2026, 6, 10)) is None
    assert len(cat.holidays_in(2026)) >= 7
    with pytest.raises(w.WaystationError.CalendarUnknown) as e:
        cat.day_kind(dt.date(2031, 1, 5))
    assert e.value.year == 2031
    with pytest.raises(w.WaystationError.CalendarUnknown):
        cat.holidays_in(2031)


def test_opening_hours_status(cat):
    s = cat.opening_hours_status("Mo-Fr 09:00-17:00", AT)
    assert s.open
    assert s.next_change.at == dt.datetime(2026, 6, 10, 17, 0, tzinfo=CHINA)
    assert s.next_change.opens is False
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        cat.opening_hours_status("Mo-Fr 25:00-99:00", AT)
    assert e.value.path == "hours"
    # The structured form too, as JSON text (as a station's hours_json), the same answer.
    structured = w.parse_opening_hours("Mo-Fr 09:00-17:00")
    assert cat.opening_hours_status(structured, AT) == s
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        cat.opening_hours_status('{"weekly": {"mo": ["09:00-17:00"]}, "weekly": {}}', AT)
    assert e.value.path.startswith("hours"), e.value.path  # a member given twice is refused


def test_time_types_are_native_and_any_zone_works(cat):
    sid = cat.stations()[0].id
    utc = AT.astimezone(dt.timezone.utc)
    assert cat.station_status(sid, utc) == cat.station_status(sid, AT)
    old = cat.station_status(sid, dt.datetime(1960, 1, 1, tzinfo=dt.timezone.utc))
    assert old.state == w.OpenState.CLOSED  # before the station existed (and before 1970)


# --- place ---------------------------------------------------------------------------------

def test_datum_conversion_and_distance():
    wgs = w.convert_coordinate(HERE, w.Datum.WGS84)
    assert wgs.datum == w.Datum.WGS84 and wgs != HERE
    back = w.convert_coordinate(wgs, w.Datum.GCJ02)
    assert abs(back.lat - HERE.lat) < 1e-5 and abs(back.lon - HERE.lon) < 1e-5
    bd = w.convert_coordinate(HERE, w.Datum.BD09)
    assert bd.datum == w.Datum.BD09
    assert w.distance_m(HERE, HERE) == 0
    assert w.distance_m(HERE, wgs) < 1e-3  # the same place in another datum
    there = w.Coordinate(lat=36.6612, lon=117.1201, datum=w.Datum.GCJ02)
    assert abs(w.distance_m(HERE, there) - 1112) < 5
    assert w.in_mainland_china(36.65, 117.12)
    assert not w.in_mainland_china(22.3, 114.17)  # Hong Kong
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.convert_coordinate(w.Coordinate(lat=0, lon=500, datum=w.Datum.WGS84), w.Datum.GCJ02)
    assert e.value.path == "coordinate.lon"
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.distance_m(HERE, w.Coordinate(lat=float("inf"), lon=0, datum=w.Datum.WGS84))
    assert e.value.path == "to.lat"


# --- identity ------------------------------------------------------------------------------

def test_resident_id():
    info = w.validate_resident_id("11010519491231002x")
    assert info.masked == "1101**********002X"
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == w.Sex.FEMALE
    assert info.province == w.Province.BEIJING
    assert not info.upgraded_from_legacy
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.validate_resident_id("110105194912310021")
    assert e.value.path == "resident_id"
    assert "1101051949" not in str(e.value)  # never echoes the number
    # an end-user message in both languages, apart from the developer detail
    assert e.value.message_key == "error.invalid_field"
    assert e.value.user_message.zh == "身份证号码有误，请检查后重试"
    assert e.value.user_message.en == "The resident ID number is not valid. Please check it and try again."
    assert "1101051949" not in e.value.user_message.zh + e.value.user_message.en
    with pytest.raises(w.WaystationError.InvalidInput):
        w.validate_resident_id("")


def test_printing_a_profile_masks_its_personal_data():
    p = w.CourierProfile(
        resident_id="370102199506122017",
        employer_code="91370102MA3C4U7K58",
        monthly_income_fen=680000,
    )
    for text in (str(p), repr(p), "{}".format(p), f"{p!r}", str([p])):
        for secret in ("199506122", "02MA3C4U", "680000"):
            assert secret not in text, text
        assert "3701**********2017" in text, text


def test_credit_code_and_mask():
    info = w.validate_credit_code("91370100MA3C0BDH5X", w.CreditCodeMode.LENIENT)
    assert not info.checksum_valid  # lenient mode accepts a wrong check character
    assert info.warnings == [w.IdentityWarning.CREDIT_CODE_CHECKSUM_IGNORED]
    assert info.masked == "9137**********DH5X"
    strict = w.validate_credit_code("91370100MA3C7K1P71", w.CreditCodeMode.STRICT)
    assert strict.checksum_valid and strict.province == w.Province.SHANDONG and not strict.warnings
    assert info.province == w.Province.SHANDONG
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.validate_credit_code("123", w.CreditCodeMode.STRICT)
    assert e.value.path == "credit_code"
    assert w.mask("37010219900307123X", 4, 4) == "3701**********123X"
    assert w.mask("1234", 4, 4) == "****"
    # The same numbers as the web package: a negative count keeps nothing; i32 only.
    assert w.mask("13800138000", -1, 4) == "*******8000"


# --- eligibility and matching --------------------------------------------------------------

def test_product_catalogue(products):
    assert products.version()
    ids = [p.id for p in products.products()]
    assert "courier_debit_card" in ids
    assert products.product("courier_debit_card").kind == w.ProductKind.DEBIT_CARD
    assert all(i.severity != w.Severity.ERROR for i in products.validate())
    assert products.product("nope") is None
    assert w.ProductCatalogue.sample().version() == products.version()
    with pytest.raises(w.WaystationError.InvalidInput):
        w.ProductCatalogue.from_json("{")
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        w.ProductCatalogue.from_json('{"version": "1", "rule_sets": [], "products": [{"id": 7}]}')
    assert e.value.path.startswith("products[0]")
    assert e.value.problems and e.value.problems[0].path == e.value.path


def test_catalogue_without_products(cat):
    import json
    doc = json.loads(cat.to_json())
    del doc["product_catalogue"], doc["programmes"]
    bare = w.Catalogue.from_json(json.dumps(doc))
    for call in (
        bare.products,
        lambda: bare.match_products(PROFILE, AT, w.MatchOptions()),
        lambda: bare.check_product("courier_debit_card", PROFILE, AT),
        lambda: bare.check_rule_set("{}"),
    ):
        with pytest.raises(w.WaystationError.NotFound) as e:
            call()
        assert e.value.kind == "product_catalogue"


def test_check_rule_set(cat):
    good = {
        "id": "test_rules", "version": "1",
        "description": {"zh": "测试", "en": "test"},
        "rules": [{
            "id": "adult", "description": {"zh": "成年", "en": "adult"},
            "source": {"document": "test"},
            "criterion": {"age_range": {"min": 18}},
        }],
    }
    import json
    issues = cat.check_rule_set(json.dumps(good))
    assert all(i.severity != w.Severity.ERROR for i in issues), issues
    issues = cat.check_rule_set('{"id": "x"')
    assert issues and issues[0].code == w.IssueCode.INVALID_JSON
    issues = cat.check_rule_set(json.dumps({**good, "rules": []}))
    assert w.IssueCode.EMPTY_RULE_SET in [i.code for i in issues]


def test_matching(cat):
    m = cat.match_products(PROFILE, AT, w.MatchOptions())
    assert m.personalised
    assert m.recommended[0].product_id == "courier_debit_card"
    assert m.stamp.catalogue_version == cat.version()
    assert m.stamp.as_of == AT
    assert all(e.exclusion is not None for e in m.excluded)
    plain = cat.match_products(PROFILE, AT, w.MatchOptions(personalised=False))
    assert not plain.personalised
    only = cat.match_products(PROFILE, AT, w.MatchOptions(kinds=[w.ProductKind.DEBIT_CARD], limit=1))
    assert len(only.recommended) <= 1
    assert all(e.kind == w.ProductKind.DEBIT_CARD for e in only.recommended)


def test_eligibility_reasons_and_hints(cat):
    ok = cat.check_product("courier_debit_card", PROFILE, AT)
    assert ok.status == w.Eligibility.ELIGIBLE
    assert ok.rules and ok.rules[0].criteria
    assert ok.stamp.as_of == AT
    # 16 on 2026-06-15: ineligible on 10 June, with per-criterion reasons and the earliest date
    young = w.CourierProfile(resident_id="110105201006150012", occupation=w.Occupation.EXPRESS_COURIER,
                             kyc_level=w.KycLevel.BASIC, held_products=[])
    d = cat.check_product("courier_debit_card", young, AT)
    assert d.status == w.Eligibility.INELIGIBLE
    reasons = [c.reason for r in d.rules for c in r.criteria]
    assert w.ReasonCode.AGE_BELOW_MINIMUM in reasons
    assert d.eligible_on == dt.date(2026, 6, 15)
    hints = [h for r in d.rules for c in r.criteria if c.hint for h in [c.hint]]
    assert any(h.kind == w.HintKind.WAIT_UNTIL and h.date == dt.date(2026, 6, 15) for h in hints)
    # nothing known: unknown, with the inputs it needs
    d = cat.check_product("courier_debit_card", w.CourierProfile(), AT)
    assert d.status == w.Eligibility.UNKNOWN
    assert w.ProfileField.RESIDENT_ID in d.missing_inputs


def test_profile_and_product_errors(cat):
    with pytest.raises(w.WaystationError.NotFound) as e:
        cat.check_product("nope", PROFILE, AT)
    assert e.value.kind == "product"
    bad = w.CourierProfile(resident_id="123")
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        cat.check_product("courier_debit_card", bad, AT)
    assert e.value.path == "profile.resident_id"
    assert [p.path for p in e.value.problems] == ["profile.resident_id"]  # as in the request API
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        cat.match_products(w.CourierProfile(monthly_income_fen=-5), AT, w.MatchOptions())
    assert e.value.path == "profile.monthly_income_fen"


# --- the JSON API, threads -----------------------------------------------------------------

def test_respond(cat):
    assert cat.respond('{"op": "day_kind", "date": "2026-02-14"}') == '{"ok":"makeup_workday"}'
    assert '"code":"invalid_input"' in cat.respond("not json")


def test_catalogue_is_shared_across_threads(cat):
    results = []

    def work():
        q = w.NearbyQuery(position=HERE, at=AT, limit=5)
        results.append([s.station_id for s in cat.nearby(q)])

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r == results[0] for r in results)


def test_status_in_words(cat):
    night = dt.datetime(2026, 10, 5, 22, 0, tzinfo=CHINA)  # National Day holiday
    assert cat.describe_station_status("st-jinan-07", night, w.Lang.ZH_CN) == "国庆节假期，休息中，10月8日 08:30 开门"
    status = cat.station_status("st-jinan-07", night)
    assert status.special_day.kind == w.DayKind.PUBLIC_HOLIDAY
    assert status.special_day.name.zh == "国庆节"
    assert w.describe_status(status, night, w.Lang.EN) == "National Day holiday · Closed now, opens at 08:30 on 8 Oct"
    assert cat.describe_station_status("st-zibo-04", dt.datetime(2026, 11, 1, 10, 0, tzinfo=CHINA), w.Lang.ZH_CN) == "暂停服务"
    assert cat.station_status("st-jinan-01", AT).special_day is None


def test_an_instant_python_cannot_hold_is_the_librarys_error():
    import json

    doc = json.loads(w.Catalogue.sample().to_json())
    event = doc["programmes"]["events"][0]
    for starts, ends in [("0001-01-01T00:00:00+08:00", "0001-01-01T01:00:00+08:00"),
                         ("9999-12-31T22:00:00+08:00", "9999-12-31T23:59:59-23:59")]:
        event["starts_at"], event["ends_at"] = starts, ends
        cat = w.Catalogue.from_json(json.dumps(doc))  # the library holds it
        with pytest.raises(w.WaystationError.Unsupported) as caught:
            cat.programmes()  # Python's datetime cannot: years 1 to 9999
        assert caught.value.message_key == "error.unsupported"
        assert "9999" in caught.value.message


def test_an_instant_must_carry_its_zone_and_anything_else_is_the_librarys_error():
    cat = w.Catalogue.sample()
    assert w.parse_instant("2026-06-10T10:00:00+08:00") == AT
    naive = dt.datetime(2026, 6, 10, 10, 0)  # no tzinfo: whose 10:00?
    for bad in (naive, "2026-06-10T10:00:00+08:00", 1781056800, None):
        try:
            cat.station_status("st-jinan-01", bad)
        except w.WaystationError.InvalidInput as e:
            # Named as the argument is, as the JSON API names it (`at`), not as the reader's.
            assert (e.path, e.message_key) == ("at", "error.invalid_field"), e
            assert e.user_message.zh == "时间有误，请检查后重试", e.user_message.zh
            if bad is naive:
                assert "2026-06-10T10:00:00" in e.message, e.message
        else:
            raise AssertionError(f"{bad!r} was accepted as an instant")
    # Inside a record as well.
    try:
        w.verify_bundle(b"", [], w.VerifyOptions(min_version=0, now=naive, max_clock_skew=None))
    except w.WaystationError.InvalidInput as e:
        assert "2026-06-10T10:00:00" in e.message, e.message
    else:
        raise AssertionError("a naive now was accepted")
    # An aware datetime in any zone is the same instant.
    utc = AT.astimezone(dt.timezone.utc)
    assert cat.station_status("st-jinan-01", utc) == cat.station_status("st-jinan-01", AT)
    # Answers' instants are in China time, as in JSON and JavaScript, whatever the question's zone.
    change = cat.station_status("st-jinan-01", utc).next_change.at
    assert change.utcoffset() == dt.timedelta(hours=8), change
    assert w.parse_instant("2026-06-10T02:00:00Z").isoformat() == "2026-06-10T10:00:00+08:00"


def test_answers_convert_to_plain_json_as_the_json_api_writes_them(cat):
    import json

    from waystation_json import to_dict, to_json

    q = w.NearbyQuery(position=HERE, at=AT, needs=["charging"], limit=3)
    found = cat.nearby(q)
    text = to_json(found, ensure_ascii=False)  # records, enums, instants: all plain
    request = {"op": "nearby", "query": {"position": {"lat": HERE.lat, "lon": HERE.lon, "datum": "gcj02"},
                                         "at": AT.isoformat(), "needs": ["charging"], "limit": 3}}
    assert json.loads(text) == json.loads(cat.respond(json.dumps(request)))["ok"]
    status = to_dict(cat.station_status("st-jinan-01", AT))
    assert status["state"] == "open" and status["next_change"]["at"] == "2026-06-10T21:00:00+08:00"
    assert to_dict(w.Lang.ZH_CN) == "zh-CN" and to_dict(w.Datum.GCJ02) == "gcj02"
