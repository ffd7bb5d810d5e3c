"""Programmes through the binding: Little Bee gear claims, education events, ambassadors."""
import datetime as dt
import json

import pytest
import waystation as w

CHINA = dt.timezone(dt.timedelta(hours=8))
JULY = dt.datetime(2026, 7, 1, 10, 0, tzinfo=CHINA)
# A courier of a member unit of the express association, in the job since September 2025.
MEMBER = w.CourierProfile(
    resident_id="370102199506122017",
    occupation=w.Occupation.EXPRESS_COURIER,
    employer_code="91370100MA3C7K1P71",
    employment_start=dt.date(2025, 9, 1),
    kyc_level=w.KycLevel.BASIC,
)


def failed(checks):
    return [c.code for c in checks if c.passed is False]


@pytest.fixture(scope="module")
def cat():
    return w.Catalogue.sample()


def test_programmes_of_the_sample(cat):
    p = cat.programmes()
    assert p.gear_claims.rule_set == "little_bee_gear"
    assert p.gear_claims.period == w.ClaimPeriod.SEASON(season="gear_season")
    assert p.gear_claims.per_period == 1
    assert p.ambassador.rule_set == "consumer_protection_ambassador"
    assert [e.id for e in p.events][0] == "edu-2026-11-jinan-01"
    assert p.events[1].registration_closes_at == dt.datetime(2026, 12, 4, 18, tzinfo=CHINA)
    assert p.events[0].registration_closes_at is None


def test_gear_claim_approved_once_per_season(cat):
    d = cat.check_gear_claim("st-jinan-01", "sun_hat", MEMBER, [], JULY)
    assert d.status == w.ProgrammeStatus.APPROVED
    assert d.period == w.DateRange(first=dt.date(2026, 4, 1), last=dt.date(2026, 10, 31))
    assert d.stock > 0 and d.next_claim_from is None
    assert [c.code for c in d.checks] == [
        w.CheckCode.ELIGIBLE, w.CheckCode.STATION_SERVING, w.CheckCode.STATION_OPEN,
        w.CheckCode.IN_STOCK, w.CheckCode.IN_CLAIM_PERIOD, w.CheckCode.WITHIN_ALLOWANCE,
    ]
    assert all(c.passed is True for c in d.checks)
    assert d.checks[4].message.en == "claim period 2026-04-01 to 2026-10-31"
    assert d.eligibility.status == w.Eligibility.ELIGIBLE
    assert d.eligibility.stamp.rule_set_id == "little_bee_gear"

    history = [w.GearClaim(gear_code="sun_hat", station_id="st-qingdao-01",
                           claimed_at=dt.datetime(2026, 5, 2, 9, tzinfo=CHINA))]
    again = cat.check_gear_claim("st-jinan-01", "sun_hat", MEMBER, history, JULY)
    assert again.status == w.ProgrammeStatus.REJECTED
    assert failed(again.checks) == [w.CheckCode.WITHIN_ALLOWANCE]
    assert again.next_claim_from == dt.date(2027, 4, 1)
    assert cat.check_gear_claim("st-jinan-01", "ice_sleeves", MEMBER, history, JULY).status \
        == w.ProgrammeStatus.APPROVED


def test_gear_claim_season_station_hours_and_eligibility(cat):
    nov = cat.check_gear_claim("st-jinan-01", "sun_hat", MEMBER, [], dt.datetime(2026, 11, 28, 10, tzinfo=CHINA))
    assert failed(nov.checks) == [w.CheckCode.IN_CLAIM_PERIOD]
    assert nov.period is None and nov.next_claim_from == dt.date(2027, 4, 1)
    plain = cat.check_gear_claim("st-jinan-05", "sun_hat", MEMBER, [], JULY)
    assert w.CheckCode.STATION_SERVING in failed(plain.checks)
    night = cat.check_gear_claim("st-jinan-01", "sun_hat", MEMBER, [], dt.datetime(2026, 7, 1, 23, tzinfo=CHINA))
    assert failed(night.checks) == [w.CheckCode.STATION_OPEN]
    anonymous = cat.check_gear_claim("st-jinan-01", "sun_hat", w.CourierProfile(occupation=w.Occupation.EXPRESS_COURIER), [], JULY)
    assert anonymous.status == w.ProgrammeStatus.UNKNOWN
    assert anonymous.checks[0].passed is None
    assert anonymous.eligibility.missing_inputs


def test_gear_claim_errors(cat):
    with pytest.raises(w.WaystationError.NotFound) as e:
        cat.check_gear_claim("st-jinan-01", "charging", MEMBER, [], JULY)  # not gear
    assert (e.value.kind, e.value.id) == ("service", "charging")
    with pytest.raises(w.WaystationError.NotFound) as e:
        cat.check_gear_claim("nope", "sun_hat", MEMBER, [], JULY)
    assert (e.value.kind, e.value.id) == ("station", "nope")
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        cat.check_gear_claim("st-jinan-01", "sun_hat", w.CourierProfile(employer_code="123"), [], JULY)
    assert e.value.path == "profile.employer_code"


def test_events_between(cat):
    dec = cat.events_between("st-jinan-01", dt.datetime(2026, 12, 1, tzinfo=CHINA), dt.datetime(2027, 1, 1, tzinfo=CHINA))
    assert [e.id for e in dec] == ["edu-2026-12-jinan-01"]
    assert dec[0].title_en == "First steps in saving for couriers"
    assert dec[0].capacity == 30 and dec[0].station == "st-jinan-01"
    every = cat.events_between(None, dt.datetime(2026, 11, 1, tzinfo=CHINA), dt.datetime(2027, 2, 1, tzinfo=CHINA))
    assert len(every) >= 4
    assert [e.starts_at for e in every] == sorted(e.starts_at for e in every)
    assert cat.events_between(None, dt.datetime(2020, 1, 1, tzinfo=CHINA), dt.datetime(2020, 2, 1, tzinfo=CHINA)) == []
    with pytest.raises(w.WaystationError.NotFound) as e:
        cat.events_between("st-nowhere", dt.datetime(2026, 12, 1, tzinfo=CHINA), dt.datetime(2027, 1, 1, tzinfo=CHINA))
    assert e.value.kind == "station"


def test_event_registration(cat):
    t = dt.datetime(2026, 12, 1, 10, tzinfo=CHINA)
    ev = "edu-2026-12-jinan-01"
    ok = cat.check_event_registration(ev, MEMBER, 12, False, t)
    assert ok.status == w.ProgrammeStatus.APPROVED and ok.seats_left == 18
    assert ok.eligibility is None  # open to all
    assert failed(cat.check_event_registration(ev, MEMBER, 30, False, t).checks) == [w.CheckCode.SEAT_AVAILABLE]
    late = cat.check_event_registration(ev, MEMBER, 3, False, dt.datetime(2026, 12, 4, 18, tzinfo=CHINA))
    assert failed(late.checks) == [w.CheckCode.REGISTRATION_OPEN]
    assert failed(cat.check_event_registration(ev, MEMBER, 3, True, t).checks) == [w.CheckCode.NOT_YET_REGISTERED]
    limited = cat.check_event_registration("edu-2026-12-qingdao-02", MEMBER, 0, False, t)
    assert limited.eligibility is not None and limited.checks[0].code == w.CheckCode.ELIGIBLE
    with pytest.raises(w.WaystationError.NotFound) as e:
        cat.check_event_registration("nope", MEMBER, 0, False, t)
    assert (e.value.kind, e.value.id) == ("event", "nope")


def test_ambassador(cat):
    t = dt.datetime(2026, 11, 28, 10, tzinfo=CHINA)
    assert cat.check_ambassador(MEMBER, t).status == w.Eligibility.ELIGIBLE
    newcomer = w.CourierProfile(
        resident_id="370102199506122017", occupation=w.Occupation.EXPRESS_COURIER,
        employer_code="91370100MA3C7K1P71", employment_start=dt.date(2026, 10, 15),
        kyc_level=w.KycLevel.BASIC,
    )
    d = cat.check_ambassador(newcomer, t)
    assert d.status == w.Eligibility.INELIGIBLE
    assert d.eligible_on == dt.date(2027, 1, 15)
    with pytest.raises(w.WaystationError.InvalidInput) as e:
        cat.check_ambassador(w.CourierProfile(monthly_income_fen=-1), t)
    assert e.value.path == "profile.monthly_income_fen"


def test_catalogue_without_programmes(cat):
    doc = json.loads(cat.to_json())
    del doc["programmes"]
    bare = w.Catalogue.from_json(json.dumps(doc))
    p = bare.programmes()
    assert p.gear_claims is None and p.ambassador is None and p.events == []
    with pytest.raises(w.WaystationError.NotFound) as e:
        bare.check_gear_claim("st-jinan-01", "sun_hat", MEMBER, [], JULY)
    assert (e.value.kind, e.value.id) == ("programme", "gear_claims")
    with pytest.raises(w.WaystationError.NotFound) as e:
        bare.check_ambassador(MEMBER, JULY)
    assert (e.value.kind, e.value.id) == ("programme", "ambassador")
    with pytest.raises(w.WaystationError.NotFound) as e:
        bare.check_event_registration("edu-2026-11-jinan-01", MEMBER, 0, False, JULY)
    assert e.value.kind == "event"


def test_same_answer_as_the_request_api(cat):
    """The typed call and the JSON request API agree (one core, two doors)."""
    d = cat.check_gear_claim("st-jinan-01", "sun_hat", MEMBER, [], JULY)
    req = {
        "op": "check_gear_claim", "station_id": "st-jinan-01", "gear_code": "sun_hat",
        "profile": {"resident_id": "370102199506122017", "occupation": "express_courier",
                    "employer_code": "91370100MA3C7K1P71", "employment_start": "2025-09-01",
                    "kyc_level": "basic"},
        "history": [], "at": "2026-07-01T10:00:00+08:00",
    }
    ok = json.loads(cat.respond(json.dumps(req)))["ok"]
    assert ok["period"] == {"first": d.period.first.isoformat(), "last": d.period.last.isoformat()}
    assert ok["status"] == "approved" and ok["stock"] == d.stock
    assert [c["code"] for c in ok["checks"]] == [c.code.name.lower() for c in d.checks]
