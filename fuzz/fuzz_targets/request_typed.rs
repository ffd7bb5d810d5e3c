//! Typed requests for every op of the JSON request API, built from the fuzzer's bytes with
//! `arbitrary`: extreme dates and instants (both ends of chrono's range, in any offset), numbers
//! at their limits, coordinates in and out of range, ids of the sample catalogue and random
//! ones. Each is written as JSON and answered by `respond` on the sample catalogue; the answer
//! must be `{"ok": …}` or a typed `{"error": {"code": …}}`.
//!
//! The first byte picks the op (`byte % 25`, in the order of `Op::ALL`), so a seed can aim at one.
#![no_main]
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Result, Unstructured};
use base64::Engine as _;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use waystation_core::bundles::{sign_bundle, BundleMetadata, BundleSigningKey};
use waystation_core::catalogue::{Catalogue, SAMPLE_CATALOGUE_JSON};
use waystation_core::requests::respond;

const STATIONS: &[&str] = &["st-jinan-01", "st-jinan-02", "st-jinan-07", "st-qingdao-02"];
const BRANCHES: &[&str] = &["sd", "sd-jinan", "sd-qingdao"];
const PRODUCTS: &[&str] = &[
    "courier_debit_card",
    "wealth_cash_r1",
    "wealth_fixed_income_r2",
    "wealth_balanced_r3",
    "wealth_equity_r4",
    "wealth_private_r3",
    "courier_quick_pay",
    "courier_micro_loan",
    "little_bee_credit_card",
    "accident_insurance_24h",
    "health_insurance",
    "liability_insurance",
];
const EVENTS: &[&str] = &[
    "edu-2026-11-jinan-01",
    "edu-2026-12-jinan-01",
    "edu-2026-12-qingdao-02",
    "edu-2027-01-zibo-01",
];
const GEAR: &[&str] = &[
    "sun_hat",
    "waist_bag",
    "ice_sleeves",
    "sun_protection_clothing",
];
const SERVICES: &[&str] = &[
    "charging",
    "drinking_water",
    "heating",
    "cool_drinks",
    "sun_hat",
];
const HOURS: &[&str] = &[
    "Mo-Su 07:00-21:00; PH 09:00-17:00",
    "Mo-Su 22:00-02:00",
    "Mo-Fr 09:00-24:00; Sa 00:00-24:00; PH off",
    "24/7",
    "Mo-Su 08:00-24:00",
    "Mo-Su 22:00-24:00",
    "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00",
];
const DATUMS: &[&str] = &["wgs84", "gcj02", "bd09"];
const KEY_ID: &str = "fuzz-typed";

fn written(t: &DateTime<FixedOffset>) -> Option<String> {
    t.naive_utc().checked_add_offset(*t.offset())?;
    Some(t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// An instant as RFC 3339 text: near either end of chrono's range, anywhere in it, or in the
/// years the catalogue knows; in one of the usual offsets or any offset; or a local time on an
/// edge day that may lie outside the range in UTC (which must be refused, not crash).
struct Instant(String);

impl<'a> Arbitrary<'a> for Instant {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let min = DateTime::<Utc>::MIN_UTC.timestamp();
        let max = DateTime::<Utc>::MAX_UTC.timestamp();
        let kind = u.int_in_range(0u8..=5)?;
        if kind == 5 {
            let date = *u.choose(&[
                NaiveDate::MIN,
                NaiveDate::MAX,
                NaiveDate::MIN.succ_opt().unwrap_or(NaiveDate::MIN),
                NaiveDate::MAX.pred_opt().unwrap_or(NaiveDate::MAX),
            ])?;
            let h = u.int_in_range(0u8..=23)?;
            let m = u.int_in_range(0u8..=59)?;
            let off = *u.choose(&["+08:00", "Z", "-12:00", "+14:00", "-23:59", "+23:59"])?;
            return Ok(Instant(format!("{date}T{h:02}:{m:02}:00{off}")));
        }
        let secs = match kind {
            0 => min + u.int_in_range(0i64..=200_000)?,
            1 => max - u.int_in_range(0i64..=200_000)?,
            2 => u.int_in_range(min..=max)?,
            _ => u.int_in_range(1_600_000_000i64..=1_900_000_000)?,
        };
        let nanos = if u.arbitrary()? {
            0
        } else {
            u.int_in_range(0u32..=999_999_999)?
        };
        let offset = match u.int_in_range(0u8..=2)? {
            0 => *u.choose(&[8 * 3600, 0, -12 * 3600, 14 * 3600])?,
            1 => u.int_in_range(-1439i32..=1439)? * 60,
            _ => u.int_in_range(-86_399i32..=86_399)?,
        };
        let t = DateTime::from_timestamp(secs, nanos).unwrap_or_default();
        // In UTC where the local time in the drawn offset lies outside chrono's range.
        let text = FixedOffset::east_opt(offset)
            .and_then(|off| written(&t.with_timezone(&off)))
            .or_else(|| written(&t.fixed_offset()))
            .unwrap_or_default();
        Ok(Instant(text))
    }
}

/// A date as `YYYY-MM-DD` text (signed past 9999): near either end, anywhere, or near today.
struct Date(String);

impl<'a> Arbitrary<'a> for Date {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let min = NaiveDate::MIN.to_epoch_days();
        let max = NaiveDate::MAX.to_epoch_days();
        let days = match u.int_in_range(0u8..=3)? {
            0 => min + u.int_in_range(0i32..=800)?,
            1 => max - u.int_in_range(0i32..=800)?,
            2 => u.int_in_range(min..=max)?,
            _ => u.int_in_range(19_700i32..=21_000)?,
        };
        Ok(Date(
            NaiveDate::from_epoch_days(days)
                .unwrap_or_default()
                .to_string(),
        ))
    }
}

/// An id: one the sample catalogue has, or any short text.
fn id(u: &mut Unstructured<'_>, known: &[&str]) -> Result<String> {
    if u.ratio(7u8, 8u8)? {
        Ok((*u.choose(known)?).to_string())
    } else {
        let s: &str = u.arbitrary()?;
        Ok(s.chars().take(24).collect())
    }
}

fn u32_edge(u: &mut Unstructured<'_>) -> Result<u32> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => 0,
        1 => u32::MAX,
        2 => u.int_in_range(0u32..=100)?,
        _ => u.arbitrary()?,
    })
}

fn i64_edge(u: &mut Unstructured<'_>) -> Result<i64> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => i64::MIN,
        1 => i64::MAX,
        2 => u.int_in_range(0i64..=10_000_000)?,
        _ => u.arbitrary()?,
    })
}

/// A finite number (JSON has no others): edge values, values in and out of coordinate ranges.
fn f64_edge(u: &mut Unstructured<'_>) -> Result<f64> {
    let v = match u.int_in_range(0u8..=5)? {
        0 => *u.choose(&[
            0.0,
            -0.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            90.0,
            -90.0,
            180.0,
            -180.0,
            1e6,
        ])?,
        1 => f64::from(u.int_in_range(-200_000_000i32..=200_000_000)?) / 1e6,
        2 => 36.0 + f64::from(u.int_in_range(0u32..=1_000_000)?) / 1e6,
        3 => 117.0 + f64::from(u.int_in_range(0u32..=4_000_000)?) / 1e6,
        _ => u.arbitrary()?,
    };
    Ok(if v.is_finite() { v } else { 0.0 })
}

fn coordinate(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(json!({"datum": *u.choose(DATUMS)?, "lat": f64_edge(u)?, "lon": f64_edge(u)?}))
}

/// A courier profile: any subset of the fields, with extreme dates, instants and numbers.
fn profile(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut p = serde_json::Map::new();
    if u.arbitrary()? {
        p.insert(
            "resident_id".into(),
            json!(*u.choose(&[
                "370102199506122017",
                "11010519000101001X",
                "370102201212310020",
            ])?),
        );
    }
    if u.arbitrary()? {
        p.insert(
            "occupation".into(),
            json!(*u.choose(&[
                "express_courier",
                "instant_delivery_rider",
                "ride_hailing_driver",
                "other_outdoor_worker",
            ])?),
        );
    }
    if u.arbitrary()? {
        p.insert("employer_code".into(), json!("91370100MA3C7K1P71"));
    }
    if u.arbitrary()? {
        p.insert("employment_start".into(), json!(Date::arbitrary(u)?.0));
    }
    if u.arbitrary()? {
        p.insert("province".into(), json!("shandong"));
        p.insert("city".into(), json!("济南"));
    }
    if u.arbitrary()? {
        p.insert("monthly_income_fen".into(), json!(i64_edge(u)?));
    }
    if u.arbitrary()? {
        let n = u.int_in_range(0usize..=3)?;
        let held: Vec<&str> = (0..n)
            .map(|_| u.choose(PRODUCTS).copied())
            .collect::<Result<_>>()?;
        p.insert("held_products".into(), json!(held));
    }
    if u.arbitrary()? {
        p.insert(
            "risk_assessment".into(),
            json!({"grade": *u.choose(&["c1", "c2", "c3", "c4", "c5"])?,
                   "assessed_at": Instant::arbitrary(u)?.0}),
        );
    }
    if u.arbitrary()? {
        let n = u.int_in_range(0usize..=20)?;
        let history: Vec<String> = (0..n)
            .map(|_| Instant::arbitrary(u).map(|t| t.0))
            .collect::<Result<_>>()?;
        p.insert("assessment_history".into(), json!(history));
    }
    if u.arbitrary()? {
        p.insert(
            "kyc_level".into(),
            json!(*u.choose(&["none", "basic", "verified", "full"])?),
        );
    }
    if u.arbitrary()? {
        p.insert(
            "needs".into(),
            json!(["save", "borrow", "protect", "pay", "learn"]),
        );
    }
    if u.arbitrary()? {
        p.insert(
            "personalisation_opt_out".into(),
            json!(u.arbitrary::<bool>()?),
        );
    }
    Ok(Value::Object(p))
}

/// Opening hours: OSM text, or the structured form with an exception on an extreme date.
fn hours(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(if u.arbitrary()? {
        json!(*u.choose(HOURS)?)
    } else {
        json!({"weekly": [], "exceptions": [{"date": Date::arbitrary(u)?.0, "closed": true}]})
    })
}

/// The stations the events of the sample are at, and their outlets: a small catalogue that
/// still has every kind of record (loading the whole sample is slow under the sanitizer).
fn small_sample() -> &'static Value {
    static SMALL: OnceLock<Value> = OnceLock::new();
    SMALL.get_or_init(|| {
        let mut d: Value = serde_json::from_str(SAMPLE_CATALOGUE_JSON).unwrap_or_default();
        let keep = ["st-jinan-01", "st-jinan-02", "st-qingdao-02", "st-zibo-01"];
        if let Some(stations) = d["stations"].as_array_mut() {
            stations.retain(|s| keep.iter().any(|k| s["id"] == *k));
        }
        let outlets: Vec<Value> = d["stations"]
            .as_array()
            .map(|s| s.iter().map(|s| s["outlet"].clone()).collect())
            .unwrap_or_default();
        if let Some(list) = d["outlets"].as_array_mut() {
            list.retain(|o| outlets.contains(&o["id"]));
        }
        d
    })
}

/// A small copy of the sample catalogue with some of its dates, instants and parameters
/// replaced.
fn catalogue(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut d = small_sample().clone();
    let n = u.int_in_range(1usize..=8)?;
    for _ in 0..n {
        match u.int_in_range(0u8..=6)? {
            0 => {
                let i = u.int_in_range(0usize..=3)?;
                d["stations"][i]["lifecycle"] =
                    json!([{"stage": "operational", "date": Date::arbitrary(u)?.0}]);
            }
            1 => {
                let i = u.int_in_range(0usize..=3)?;
                d["programmes"]["events"][i]["starts_at"] = json!(Instant::arbitrary(u)?.0);
                d["programmes"]["events"][i]["ends_at"] = json!(Instant::arbitrary(u)?.0);
            }
            2 => {
                let i = u.int_in_range(0usize..=9)?;
                d["product_catalogue"]["rule_sets"][i]["effective_from"] =
                    json!(Date::arbitrary(u)?.0);
            }
            3 => {
                d["product_catalogue"]["parameters"]["cooling_off_hours"] = json!(u32_edge(u)?);
            }
            4 => {
                d["product_catalogue"]["parameters"]["assessment_limits"] = json!([
                    {"max_count": u32_edge(u)?, "window": "calendar_day"},
                    {"max_count": u32_edge(u)?, "window": {"months": u32_edge(u)?}}]);
            }
            5 => {
                d["product_catalogue"]["parameters"]["assessment_validity_months"] =
                    json!(u32_edge(u)?);
            }
            _ => {
                let i = u.int_in_range(0usize..=3)?;
                d["stations"][i]["hours"] = hours(u)?;
            }
        }
    }
    Ok(d)
}

fn key() -> Option<&'static BundleSigningKey> {
    static KEY: OnceLock<Option<BundleSigningKey>> = OnceLock::new();
    KEY.get_or_init(|| BundleSigningKey::from_seed(KEY_ID, [9; 32]).ok())
        .as_ref()
}

/// A bundle of the sample catalogue signed with fuzzed validity and version (or any bytes).
fn bundle(u: &mut Unstructured<'_>) -> Result<String> {
    let (Some(key), true) = (key(), u.ratio(7u8, 8u8)?) else {
        let raw: &[u8] = u.arbitrary()?;
        return Ok(base64::engine::general_purpose::STANDARD.encode(raw));
    };
    let issued = Instant::arbitrary(u)?.0;
    let expires = Instant::arbitrary(u)?.0;
    let version = *u.choose(&[0i64, 1, 3, waystation_core::json::MAX_VERSION, i64::MAX, -1])?;
    let (Ok(issued), Ok(expires)) = (issued.parse(), expires.parse()) else {
        return Ok(String::new());
    };
    let meta = BundleMetadata::new(KEY_ID, version, issued, expires);
    Ok(sign_bundle(SAMPLE_CATALOGUE_JSON.as_bytes(), &meta, key)
        .map(|b| base64::engine::general_purpose::STANDARD.encode(b))
        .unwrap_or_default())
}

fn trusted_keys() -> Value {
    key().map_or(json!([]), |k| {
        let t = k.trusted_key();
        json!([{"key_id": t.key_id(), "public_key": t.public_key_base64()}])
    })
}

/// Every op of `requests::Request`, in a fixed order.
#[derive(Clone, Copy, Debug)]
enum Op {
    CatalogueInfo,
    LoadCatalogue,
    Nearby,
    StationStatus,
    StationDetails,
    ServicesAt,
    HoursOn,
    StationsInBranch,
    Rollout,
    DayKind,
    ConvertCoordinate,
    Distance,
    ParseOpeningHours,
    OpeningHoursStatus,
    StationsGeojson,
    ValidateResidentId,
    ValidateCreditCode,
    CheckProduct,
    MatchProducts,
    CheckRuleSet,
    CheckGearClaim,
    EventsBetween,
    CheckEventRegistration,
    CheckAmbassador,
    VerifyBundle,
}

impl Op {
    const ALL: [Op; 25] = [
        Op::CatalogueInfo,
        Op::LoadCatalogue,
        Op::Nearby,
        Op::StationStatus,
        Op::StationDetails,
        Op::ServicesAt,
        Op::HoursOn,
        Op::StationsInBranch,
        Op::Rollout,
        Op::DayKind,
        Op::ConvertCoordinate,
        Op::Distance,
        Op::ParseOpeningHours,
        Op::OpeningHoursStatus,
        Op::StationsGeojson,
        Op::ValidateResidentId,
        Op::ValidateCreditCode,
        Op::CheckProduct,
        Op::MatchProducts,
        Op::CheckRuleSet,
        Op::CheckGearClaim,
        Op::EventsBetween,
        Op::CheckEventRegistration,
        Op::CheckAmbassador,
        Op::VerifyBundle,
    ];
}

/// A typed request, written as the JSON `respond` reads.
struct Request(Value);

impl<'a> Arbitrary<'a> for Request {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let pick = usize::from(u.arbitrary::<u8>()?) % Op::ALL.len();
        let op = Op::ALL.get(pick).copied().unwrap_or(Op::CatalogueInfo);
        let at = |u: &mut Unstructured<'a>| Instant::arbitrary(u).map(|t| t.0);
        let date = |u: &mut Unstructured<'a>| Date::arbitrary(u).map(|d| d.0);
        let v = match op {
            Op::CatalogueInfo => json!({"op": "catalogue_info"}),
            Op::LoadCatalogue => json!({"op": "load_catalogue", "catalogue": catalogue(u)?}),
            Op::Nearby => {
                let mut q = json!({"position": coordinate(u)?, "at": at(u)?});
                if u.arbitrary()? {
                    q["limit"] = json!(u32_edge(u)?);
                }
                if u.arbitrary()? {
                    q["radius_m"] = json!(f64_edge(u)?);
                }
                if u.arbitrary()? {
                    q["open_only"] = json!(u.arbitrary::<bool>()?);
                }
                if u.arbitrary()? {
                    q["needs"] = json!([id(u, SERVICES)?]);
                }
                if u.arbitrary()? {
                    q["theme"] = json!(id(u, &["little_bee"])?);
                }
                json!({"op": "nearby", "query": q})
            }
            Op::StationStatus => {
                json!({"op": "station_status", "station_id": id(u, STATIONS)?, "at": at(u)?})
            }
            Op::StationDetails => {
                json!({"op": "station_details", "station_id": id(u, STATIONS)?, "at": at(u)?})
            }
            Op::ServicesAt => {
                json!({"op": "services_at", "station_id": id(u, STATIONS)?, "at": at(u)?})
            }
            Op::HoursOn => {
                json!({"op": "hours_on", "station_id": id(u, STATIONS)?, "date": date(u)?})
            }
            Op::StationsInBranch => {
                json!({"op": "stations_in_branch", "branch_id": id(u, BRANCHES)?})
            }
            Op::Rollout => {
                json!({"op": "rollout", "as_of": date(u)?, "theme": id(u, &["little_bee"])?})
            }
            Op::DayKind => json!({"op": "day_kind", "date": date(u)?}),
            Op::ConvertCoordinate => {
                json!({"op": "convert_coordinate", "coordinate": coordinate(u)?,
                "to": *u.choose(DATUMS)?})
            }
            Op::Distance => json!({"op": "distance", "from": coordinate(u)?, "to": coordinate(u)?}),
            Op::ParseOpeningHours => json!({"op": "parse_opening_hours", "osm": *u.choose(HOURS)?}),
            Op::OpeningHoursStatus => {
                json!({"op": "opening_hours_status", "hours": hours(u)?, "at": at(u)?})
            }
            Op::StationsGeojson => json!({"op": "stations_geojson"}),
            Op::ValidateResidentId => {
                let id: &str = u.arbitrary()?;
                json!({"op": "validate_resident_id", "resident_id": id.chars().take(24).collect::<String>()})
            }
            Op::ValidateCreditCode => {
                let code: &str = u.arbitrary()?;
                json!({"op": "validate_credit_code", "credit_code": code.chars().take(24).collect::<String>(),
                    "mode": *u.choose(&["strict", "lenient"])?})
            }
            Op::CheckProduct => json!({"op": "check_product", "product_id": id(u, PRODUCTS)?,
                "profile": profile(u)?, "as_of": at(u)?}),
            Op::MatchProducts => {
                let limit = if u.arbitrary()? {
                    json!(u32_edge(u)?)
                } else {
                    Value::Null
                };
                json!({"op": "match_products", "profile": profile(u)?, "as_of": at(u)?,
                    "options": {"personalised": u.arbitrary::<bool>()?, "kinds": [], "limit": limit}})
            }
            Op::CheckRuleSet => {
                json!({"op": "check_rule_set", "rule_set": {"id": "r", "version": "1",
                "description": {"zh": "测", "en": "t"}, "effective_from": date(u)?,
                "effective_to": date(u)?,
                "rules": [{"id": "a", "description": {"zh": "年龄", "en": "age"},
                    "source": {"document": "x"},
                    "criterion": {"age_range": {"min": u32_edge(u)?, "max": u32_edge(u)?}}}]}})
            }
            Op::CheckGearClaim => {
                let station = id(u, STATIONS)?;
                let gear = id(u, GEAR)?;
                let n = u.int_in_range(0usize..=4)?;
                let history: Vec<Value> = (0..n)
                    .map(|_| {
                        Ok(json!({"gear_code": gear, "station_id": station, "claimed_at": at(u)?}))
                    })
                    .collect::<Result<_>>()?;
                json!({"op": "check_gear_claim", "station_id": station, "gear_code": gear,
                    "profile": profile(u)?, "history": history, "at": at(u)?})
            }
            Op::EventsBetween => {
                let mut r = json!({"op": "events_between", "from": at(u)?, "to": at(u)?});
                if u.arbitrary()? {
                    r["station_id"] = json!(id(u, STATIONS)?);
                }
                r
            }
            Op::CheckEventRegistration => json!({"op": "check_event_registration",
                "event_id": id(u, EVENTS)?, "profile": profile(u)?, "registered": u32_edge(u)?,
                "already_registered": u.arbitrary::<bool>()?, "at": at(u)?}),
            Op::CheckAmbassador => {
                json!({"op": "check_ambassador", "profile": profile(u)?, "at": at(u)?})
            }
            Op::VerifyBundle => json!({"op": "verify_bundle", "bundle": bundle(u)?,
                "trusted_keys": trusted_keys(), "now": at(u)?,
                "min_version": *u.choose(&[0u64, 3, u64::MAX])?}),
        };
        Ok(Request(v))
    }
}

static CATALOGUE: OnceLock<Option<Catalogue>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(catalogue) = CATALOGUE.get_or_init(|| Catalogue::sample().ok()) else {
        return;
    };
    let mut u = Unstructured::new(data);
    let Ok(Request(request)) = Request::arbitrary(&mut u) else {
        return;
    };
    let text = request.to_string();
    let answer = respond(catalogue, &text);
    let value: Value = serde_json::from_str(&answer).unwrap_or_default();
    let ok = value.get("ok").is_some();
    let typed_error = value
        .get("error")
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .is_some();
    assert!(ok || typed_error, "{text}\n=> {answer}");
});
