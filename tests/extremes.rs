//! The ends of chrono's range: every operation of the JSON request API answers every instant
//! chrono can represent (`DateTime` MIN..=MAX, in any offset) and every date (`NaiveDate`
//! MIN..=MAX), with `{"ok": …}` or a typed `{"error": {"code": …}}`, never a panic — including
//! when the answer itself is written out in China time.
//!
//! The fixed table below asks each op at and near both ends (first and last day, first and last
//! instant, ±8 h around them, in +08:00, Z, -12:00 and +14:00) on the sample catalogue and on a
//! copy whose own dates and parameters sit at the extremes; a proptest then draws typed requests
//! for every op with extreme dates, instants, numbers and coordinates. Every failing request is
//! collected and reported at once. The typed Rust API is also asked at instants no text can say
//! (chrono's `with_timezone` near the ends), and its answers must serialise.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeDelta, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};
use waystation::bundles::{sign_bundle, BundleMetadata, BundleSigningKey};
use waystation::catalogue::{Catalogue, SAMPLE_CATALOGUE_JSON};
use waystation::requests::respond;

// ---------------------------------------------------------------------------------------------
// What is asked

/// Every op of `requests::Request`; `every_op_of_the_request_api_is_covered` checks this list
/// against the ops the API itself names, so a new op cannot be left out.
const OPS: &[&str] = &[
    "catalogue_info",
    "load_catalogue",
    "nearby",
    "station_status",
    "describe_station_status",
    "station_details",
    "services_at",
    "hours_on",
    "stations_in_branch",
    "rollout",
    "day_kind",
    "convert_coordinate",
    "distance",
    "parse_opening_hours",
    "opening_hours_status",
    "stations_geojson",
    "validate_resident_id",
    "validate_credit_code",
    "check_product",
    "match_products",
    "check_rule_set",
    "check_gear_claim",
    "events_between",
    "check_event_registration",
    "check_ambassador",
    "verify_bundle",
];

const OFFSETS: &[&str] = &["+08:00", "Z", "-12:00", "+14:00"];

const STATIONS: &[&str] = &["st-jinan-01", "st-jinan-02", "st-qingdao-02"];
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
const HOURS: &[&str] = &[
    "Mo-Su 07:00-21:00; PH 09:00-17:00",
    "Mo-Su 22:00-02:00",
    "Mo-Fr 09:00-24:00; Sa 00:00-24:00; PH off",
    "24/7",
    "Mo-Su 08:00-24:00",
    "Mo-Su 22:00-24:00",
];

/// `t` as RFC 3339 text in its own offset, or `None` when its local time there lies outside
/// chrono's range (no text can say it).
fn written<Tz: chrono::TimeZone>(t: &DateTime<Tz>) -> Option<String>
where
    Tz::Offset: std::fmt::Display,
{
    t.naive_utc()
        .checked_add_offset(chrono::Offset::fix(t.offset()))?;
    Some(t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

fn rfc3339<Tz: chrono::TimeZone>(t: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    written(t).unwrap()
}

fn offset(text: &str) -> FixedOffset {
    if text == "Z" {
        FixedOffset::east_opt(0).unwrap()
    } else {
        format!("2026-01-01T00:00:00{text}")
            .parse::<DateTime<FixedOffset>>()
            .unwrap()
            .offset()
            .to_owned()
    }
}

/// First, second, second-to-last and last dates chrono has.
fn edge_dates() -> Vec<NaiveDate> {
    vec![
        NaiveDate::MIN,
        NaiveDate::MIN.succ_opt().unwrap(),
        NaiveDate::MAX.pred_opt().unwrap(),
        NaiveDate::MAX,
    ]
}

/// Dates asked about: the edge dates, plus the ends of the years next to them.
fn dates() -> Vec<String> {
    let mut out: Vec<String> = edge_dates().iter().map(NaiveDate::to_string).collect();
    for (y, m, d) in [(-262143, 12, 31), (262142, 1, 1), (-262142, 1, 1)] {
        out.push(NaiveDate::from_ymd_opt(y, m, d).unwrap().to_string());
    }
    out
}

/// Instants asked about, as RFC 3339 text: local times on the edge days in every offset (some of
/// which lie outside chrono's range in UTC: those must be refused, not crash), and instants a
/// few hours from the first and last instant written in every offset.
fn instants() -> Vec<String> {
    let mut out = BTreeSet::new();
    let times = [
        "00:00:00",
        "07:59:59",
        "08:00:00",
        "11:59:59",
        "15:59:59",
        "16:00:00",
        "23:59:59.999999999",
    ];
    for date in edge_dates() {
        for time in times {
            for off in OFFSETS {
                out.insert(format!("{date}T{time}{off}"));
            }
        }
    }
    let first = DateTime::<Utc>::MIN_UTC;
    let last = DateTime::<Utc>::MAX_UTC;
    let steps = [0, 1, 8 * 3600 - 1, 8 * 3600, 14 * 3600, 86_400];
    for s in steps {
        let ds = TimeDelta::seconds(s);
        for t in [first.checked_add_signed(ds), last.checked_sub_signed(ds)]
            .into_iter()
            .flatten()
        {
            for off in OFFSETS {
                out.extend(written(&t.with_timezone(&offset(off))));
            }
        }
    }
    out.into_iter().collect()
}

/// A few instants for the places where a whole list of instants is asked about (profiles,
/// claim histories, bundle validity).
fn edge_instants() -> Vec<String> {
    let mut out = Vec::new();
    for off in OFFSETS {
        let o = offset(off);
        out.extend(written(&DateTime::<Utc>::MIN_UTC.with_timezone(&o)));
        out.extend(written(&DateTime::<Utc>::MAX_UTC.with_timezone(&o)));
    }
    out.push("+262142-12-31T00:00:00+08:00".to_string());
    out.push("-262143-01-01T08:00:00+08:00".to_string());
    out
}

/// chrono's first instant, in UTC.
fn first_instant() -> String {
    rfc3339(&DateTime::<Utc>::MIN_UTC)
}

/// chrono's last instant, in UTC.
fn last_instant() -> String {
    rfc3339(&DateTime::<Utc>::MAX_UTC)
}

const NORMAL_AT: &str = "2026-07-01T10:00:00+08:00";

fn full_profile() -> Value {
    json!({
        "assessment_history": ["2026-03-20T15:30:00+08:00"],
        "city": "济南",
        "employer_code": "91370102MA3C4U7K58",
        "employment_start": "2025-09-01",
        "held_products": ["courier_debit_card"],
        "kyc_level": "verified",
        "monthly_income_fen": 680000,
        "needs": ["protect", "borrow", "save", "pay", "learn"],
        "occupation": "express_courier",
        "province": "shandong",
        "resident_id": "370102199506122017",
        "risk_assessment": {"assessed_at": "2026-03-20T15:30:00+08:00", "grade": "c5"}
    })
}

/// Profiles whose own dates and numbers sit at the extremes.
fn extreme_profiles() -> Vec<Value> {
    let mut out = Vec::new();
    let instants = edge_instants();
    for (i, t) in instants.iter().enumerate() {
        let mut p = full_profile();
        let dates = dates();
        p["employment_start"] = json!(dates[i % dates.len()]);
        p["risk_assessment"]["assessed_at"] = json!(t);
        p["assessment_history"] = json!(instants);
        p["monthly_income_fen"] = json!(if i % 2 == 0 { i64::MAX } else { i64::MIN });
        out.push(p);
    }
    // An old courier (born 1900) and a young one (born 2012): ages at the edge dates.
    for (id, start) in [
        ("11010519000101001X", NaiveDate::MAX),
        ("370102201212310020", NaiveDate::MIN),
    ] {
        let mut p = full_profile();
        p["resident_id"] = json!(id);
        p["employment_start"] = json!(start.to_string());
        out.push(p);
    }
    out
}

fn profiles_for_instants() -> Vec<Value> {
    vec![json!({}), full_profile()]
}

/// Every request that takes an instant, at instant `t`.
fn requests_at(t: &str, out: &mut Vec<Value>) {
    for s in STATIONS {
        out.push(json!({"op": "station_status", "station_id": s, "at": t}));
        for lang in ["zh-CN", "en"] {
            out.push(
                json!({"op": "describe_station_status", "station_id": s, "at": t, "lang": lang}),
            );
        }
        out.push(json!({"op": "station_details", "station_id": s, "at": t}));
        out.push(json!({"op": "services_at", "station_id": s, "at": t}));
    }
    for h in HOURS {
        out.push(json!({"op": "opening_hours_status", "hours": h, "at": t}));
    }
    out.push(json!({"op": "nearby", "query": {
        "position": {"datum": "gcj02", "lat": 36.6512, "lon": 117.1201}, "at": t,
        "open_only": false, "limit": 50, "radius_m": 1.0e6}}));
    out.push(json!({"op": "nearby", "query": {
        "position": {"datum": "wgs84", "lat": 36.0671, "lon": 120.3826}, "at": t,
        "needs": ["sun_hat", "heating"], "theme": "little_bee"}}));
    for id in PRODUCTS {
        out.push(
            json!({"op": "check_product", "product_id": id, "profile": full_profile(), "as_of": t}),
        );
    }
    for p in profiles_for_instants() {
        out.push(json!({"op": "match_products", "profile": p, "as_of": t}));
        out.push(json!({"op": "match_products", "profile": p, "as_of": t,
            "options": {"personalised": false, "kinds": [], "limit": u32::MAX}}));
        out.push(
            json!({"op": "check_gear_claim", "station_id": "st-jinan-01",
            "gear_code": "sun_hat", "profile": p, "at": t,
            "history": [{"gear_code": "sun_hat", "station_id": "st-jinan-01", "claimed_at": t}]}),
        );
        for e in EVENTS {
            out.push(
                json!({"op": "check_event_registration", "event_id": e, "profile": p,
                "registered": 0, "at": t}),
            );
        }
        out.push(json!({"op": "check_ambassador", "profile": p, "at": t}));
    }
    out.push(json!({"op": "events_between", "from": t, "to": t}));
    out.push(json!({"op": "events_between", "from": first_instant(), "to": t}));
    out.push(
        json!({"op": "events_between", "from": t, "to": last_instant(),
        "station_id": "st-jinan-01"}),
    );
}

/// Every request that takes a date, on date `d`.
fn requests_on(d: &str, out: &mut Vec<Value>) {
    for s in STATIONS {
        out.push(json!({"op": "hours_on", "station_id": s, "date": d}));
    }
    out.push(json!({"op": "rollout", "as_of": d, "theme": "little_bee"}));
    out.push(json!({"op": "day_kind", "date": d}));
}

/// Requests with extreme values in their other arguments (profiles, histories, hours, numbers).
fn requests_extreme_arguments(out: &mut Vec<Value>) {
    for p in extreme_profiles() {
        for t in [
            NORMAL_AT.to_string(),
            "+262142-12-31T00:00:00+08:00".to_string(),
        ] {
            for id in PRODUCTS {
                out.push(
                    json!({"op": "check_product", "product_id": id, "profile": p, "as_of": t}),
                );
            }
            out.push(json!({"op": "match_products", "profile": p, "as_of": t}));
            out.push(
                json!({"op": "check_gear_claim", "station_id": "st-jinan-01",
                "gear_code": "sun_hat", "profile": p, "at": t,
                "history": edge_instants().iter().map(|c| json!(
                    {"gear_code": "sun_hat", "station_id": "st-jinan-01", "claimed_at": c}))
                    .collect::<Vec<_>>()}),
            );
            out.push(
                json!({"op": "check_event_registration", "event_id": EVENTS[3], "profile": p,
                "registered": u32::MAX, "already_registered": true, "at": t}),
            );
            out.push(json!({"op": "check_ambassador", "profile": p, "at": t}));
        }
    }
    // A bundle is verified (and its catalogue loaded) at the edge instants only: that is slow.
    for t in edge_instants() {
        out.push(json!({"op": "verify_bundle", "bundle": bundle_normal(),
            "trusted_keys": trusted_keys(), "now": t}));
        for min_version in [0, u64::MAX] {
            out.push(json!({"op": "verify_bundle", "bundle": bundle_extreme(),
                "trusted_keys": trusted_keys(), "now": t, "min_version": min_version}));
        }
    }
    for d in dates() {
        let hours = json!({"weekly": [], "exceptions": [{"date": d, "closed": true}]});
        for t in edge_instants() {
            out.push(json!({"op": "opening_hours_status", "hours": hours, "at": t}));
        }
    }
    for (lat, lon) in [
        (90.0, 180.0),
        (-90.0, -180.0),
        (0.0, 0.0),
        (f64::MIN_POSITIVE, -0.0),
    ] {
        for datum in ["wgs84", "gcj02", "bd09"] {
            let c = json!({"datum": datum, "lat": lat, "lon": lon});
            out.push(json!({"op": "convert_coordinate", "coordinate": c, "to": "bd09"}));
            out.push(json!({"op": "distance", "from": c, "to": {"datum": "wgs84", "lat": -lat, "lon": lon}}));
            for t in edge_instants() {
                out.push(json!({"op": "nearby", "query": {"position": c, "at": t,
                    "limit": u32::MAX, "radius_m": f64::MAX, "open_only": false}}));
            }
        }
    }
    out.push(json!({"op": "catalogue_info"}));
    out.push(json!({"op": "stations_geojson"}));
    out.push(json!({"op": "stations_in_branch", "branch_id": "sd-jinan"}));
    out.push(json!({"op": "parse_opening_hours", "osm": "Mo-Su 00:00-24:00; PH off"}));
    out.push(json!({"op": "validate_resident_id", "resident_id": "11010519000101001X"}));
    out.push(
        json!({"op": "validate_credit_code", "credit_code": "91370100MA3C7K1P71", "mode": "lenient"}),
    );
    out.push(json!({"op": "load_catalogue", "catalogue": extreme_catalogue_json()}));
    let rule_set = json!({"id": "r", "version": "1",
        "description": {"zh": "测", "en": "t"},
        "effective_from": NaiveDate::MIN.to_string(), "effective_to": NaiveDate::MAX.to_string(),
        "rules": [{"id": "a", "description": {"zh": "年龄", "en": "age"},
            "source": {"document": "x"},
            "criterion": {"age_range": {"min": 0, "max": u32::MAX}}}]});
    out.push(json!({"op": "check_rule_set", "rule_set": rule_set}));
}

/// Every request of the fixed table.
fn all_requests() -> Vec<Value> {
    let mut out = Vec::new();
    for t in instants() {
        requests_at(&t, &mut out);
    }
    for d in dates() {
        requests_on(&d, &mut out);
    }
    requests_extreme_arguments(&mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Catalogues and bundles

fn sample() -> &'static Catalogue {
    static SAMPLE: OnceLock<Catalogue> = OnceLock::new();
    SAMPLE.get_or_init(|| Catalogue::sample().unwrap())
}

/// The sample with its own dates and parameters at the extremes: lifecycles starting on the
/// first date, rule sets in effect from the first to the last date, events at the first and last
/// instants, the longest cooling-off period and assessment validity.
fn extreme_catalogue_json() -> Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut d: Value = serde_json::from_str(SAMPLE_CATALOGUE_JSON).unwrap();
        let first = NaiveDate::MIN.to_string();
        let last = NaiveDate::MAX.to_string();
        for (i, s) in d["stations"].as_array_mut().unwrap().iter_mut().enumerate() {
            let day = if i % 2 == 0 { &first } else { &last };
            s["lifecycle"] = json!([{"stage": "operational", "date": day}]);
            for theme in s["themes"].as_array_mut().unwrap() {
                theme["lifecycle"] = json!([{"stage": "operational", "date": day}]);
            }
        }
        let pc = &mut d["product_catalogue"];
        // The first version of each rule set is in effect from the first date.
        let mut seen = BTreeSet::new();
        for r in pc["rule_sets"].as_array_mut().unwrap() {
            if seen.insert(r["id"].as_str().unwrap().to_string()) {
                r["effective_from"] = json!(first);
            }
        }
        pc["parameters"]["cooling_off_hours"] = json!(u32::MAX);
        pc["parameters"]["assessment_validity_months"] = json!(36);
        pc["parameters"]["assessment_limits"] =
            json!([{"max_count": u32::MAX, "window": "calendar_day"},
                   {"max_count": 1, "window": {"months": u32::MAX}}]);
        for (i, e) in d["programmes"]["events"].as_array_mut().unwrap().iter_mut().enumerate() {
            let (from, to) = if i % 2 == 0 {
                (first_instant(), "-262143-01-02T00:00:00+08:00".to_string())
            } else {
                ("+262142-12-31T00:00:00+08:00".to_string(), last_instant())
            };
            e["starts_at"] = json!(from);
            e["ends_at"] = json!(to);
            if e.get("registration_closes_at").is_some() {
                e["registration_closes_at"] = json!(from);
            }
        }
        d
    })
    .clone()
}

fn extreme_catalogue() -> &'static Catalogue {
    static EXTREME: OnceLock<Catalogue> = OnceLock::new();
    EXTREME.get_or_init(|| {
        Catalogue::from_json(&extreme_catalogue_json().to_string())
            .unwrap_or_else(|e| panic!("the extreme catalogue loads: {e}"))
    })
}

fn key() -> BundleSigningKey {
    BundleSigningKey::from_seed("extremes-test", [7; 32]).unwrap()
}

fn trusted_keys() -> Value {
    let k = key().trusted_key();
    json!([{"key_id": k.key_id(), "public_key": k.public_key_base64()}])
}

fn bundle(issued: &str, expires: &str) -> String {
    let k = key();
    let meta = BundleMetadata::new(
        k.key_id(),
        3,
        issued.parse().unwrap(),
        expires.parse().unwrap(),
    );
    STANDARD.encode(sign_bundle(SAMPLE_CATALOGUE_JSON.as_bytes(), &meta, &k).unwrap())
}

fn bundle_normal() -> String {
    static B: OnceLock<String> = OnceLock::new();
    B.get_or_init(|| bundle("2026-06-01T09:00:00+08:00", "2026-12-31T00:00:00+08:00"))
        .clone()
}

/// Valid from chrono's first instant to its last, as written in China time.
fn bundle_extreme() -> String {
    static B: OnceLock<String> = OnceLock::new();
    B.get_or_init(|| {
        let china = offset("+08:00");
        let last = DateTime::<Utc>::MAX_UTC - TimeDelta::hours(8);
        bundle(
            &rfc3339(&DateTime::<Utc>::MIN_UTC.with_timezone(&china)),
            &rfc3339(&last.with_timezone(&china)),
        )
    })
    .clone()
}

// ---------------------------------------------------------------------------------------------
// Asking

/// What is wrong with the answer to `request`, if anything: a panic, or an answer that is
/// neither `{"ok": …}` nor `{"error": {"code": …}}`.
fn problem(catalogue: &Catalogue, request: &str) -> Option<String> {
    let answer = match catalogue_respond(catalogue, request) {
        Ok(answer) => answer,
        Err(message) => return Some(format!("panicked: {message}")),
    };
    let value: Value = match serde_json::from_str(&answer) {
        Ok(v) => v,
        Err(e) => return Some(format!("answer is not JSON ({e}): {answer}")),
    };
    let Some(object) = value.as_object() else {
        return Some(format!("answer is not an object: {answer}"));
    };
    match (object.len(), object.get("ok"), object.get("error")) {
        (1, Some(_), None) => None,
        (1, None, Some(e)) if e.get("code").and_then(Value::as_str).is_some() => None,
        _ => Some(format!("answer is neither ok nor a typed error: {answer}")),
    }
}

fn catalogue_respond(catalogue: &Catalogue, request: &str) -> Result<String, String> {
    catch_unwind(AssertUnwindSafe(|| respond(catalogue, request))).map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .unwrap_or_else(|| "(no message)".to_string())
    })
}

/// Asks every request of `requests` of both catalogues; panics once with every failure.
fn ask_all(requests: &[Value]) {
    let mut failures = Vec::new();
    for (name, catalogue) in [("sample", sample()), ("extreme", extreme_catalogue())] {
        for request in requests {
            let text = request.to_string();
            if let Some(p) = problem(catalogue, &text) {
                failures.push(format!("[{name}] {text}\n    {p}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests failed:\n{}",
        failures.len(),
        requests.len() * 2,
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn every_op_of_the_request_api_is_covered() {
    // The API names its ops when it is asked for one it does not know.
    let answer: Value =
        serde_json::from_str(&respond(sample(), r#"{"op": "no_such_op"}"#)).unwrap();
    let message = answer["error"]["message"].as_str().unwrap().to_string();
    let named: BTreeSet<&str> = message
        .split('`')
        .skip(3) // "unknown variant `no_such_op`, expected one of `…`, …"
        .step_by(2)
        .collect();
    let listed: BTreeSet<&str> = OPS.iter().copied().collect();
    assert_eq!(named, listed, "{message}");
    // …and the fixed table asks every one of them.
    let asked: BTreeSet<String> = all_requests()
        .iter()
        .map(|r| r["op"].as_str().unwrap().to_string())
        .collect();
    let listed: BTreeSet<String> = OPS.iter().map(|s| s.to_string()).collect();
    assert_eq!(asked, listed);
}

#[test]
fn the_reported_reproductions_are_answered() {
    let c = sample();
    let hours_on = r#"{"op":"hours_on","station_id":"st-jinan-02","date":"+262142-12-31"}"#;
    let matching = r#"{"op":"match_products","profile":{},"as_of":"+262142-12-31T00:00:00+08:00"}"#;
    let failures: Vec<String> = [hours_on, matching]
        .iter()
        .filter_map(|r| problem(c, r).map(|p| format!("{r}\n    {p}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The match is answered, not refused: the courier is simply not eligible.
    let answer: Value = serde_json::from_str(&respond(c, matching)).unwrap();
    assert!(answer.get("ok").is_some(), "{answer}");
}

#[test]
fn every_op_answers_at_the_ends_of_chronos_range() {
    ask_all(&all_requests());
}

#[test]
fn an_instant_chrono_cannot_hold_is_refused_with_its_path() {
    // Local time on the last day at -12:00 is past the last instant in UTC.
    let r = json!({"op": "station_status", "station_id": "st-jinan-01",
        "at": "+262142-12-31T23:59:59-12:00"});
    let answer: Value = serde_json::from_str(&respond(sample(), &r.to_string())).unwrap();
    assert_eq!(answer["error"]["code"], "invalid_input", "{answer}");
    assert_eq!(answer["error"]["path"], "at", "{answer}");
}

#[test]
fn the_last_instant_is_answered_in_china_time() {
    // The last instant chrono holds, written in UTC: China's local time is past the last date.
    let last = rfc3339(&DateTime::<Utc>::MAX_UTC);
    for op in ["station_status", "station_details", "services_at"] {
        let r = json!({"op": op, "station_id": "st-jinan-01", "at": last});
        let answer: Value = serde_json::from_str(&respond(sample(), &r.to_string())).unwrap();
        assert!(
            answer.get("ok").is_some() || answer["error"]["code"].is_string(),
            "{answer}"
        );
    }
    let r = json!({"op": "match_products", "profile": full_profile(), "as_of": last});
    let answer: Value = serde_json::from_str(&respond(sample(), &r.to_string())).unwrap();
    assert!(answer.get("ok").is_some(), "{answer}");
}

/// Instants a Rust caller can hold but no text can say: chrono's `with_timezone` gives them a
/// local time outside its range (its `naive_local` and serde form panic on them).
fn unwritable_instants() -> Vec<DateTime<FixedOffset>> {
    let china = offset("+08:00");
    let west = offset("-12:00");
    let east = offset("+14:00");
    let last = DateTime::<Utc>::MAX_UTC;
    let first = DateTime::<Utc>::MIN_UTC;
    vec![
        last.with_timezone(&china),
        (last - TimeDelta::hours(7)).with_timezone(&china),
        last.with_timezone(&east),
        first.with_timezone(&west),
        (first + TimeDelta::hours(11)).with_timezone(&west),
    ]
}

#[test]
fn the_typed_api_answers_instants_no_text_can_say_and_its_answers_can_be_written() {
    use waystation::hours::OpeningHours;
    use waystation::matching::MatchOptions;
    use waystation::nearby::NearbyQuery;
    use waystation::profile::CourierProfile;
    use waystation::programmes::GearClaim;

    fn answer<T: serde::Serialize, E: std::fmt::Display>(
        what: &str,
        t: &DateTime<FixedOffset>,
        f: impl FnOnce() -> Result<T, E>,
        failures: &mut Vec<String>,
    ) {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            f().map(|v| serde_json::to_string(&v).map(|_| ()))
        }));
        match outcome {
            Ok(Ok(Ok(()))) | Ok(Err(_)) => {}
            Ok(Ok(Err(e))) => failures.push(format!("{what} at {t:?}: answer not written: {e}")),
            Err(_) => failures.push(format!("{what} at {t:?}: panicked")),
        }
    }

    let c = sample();
    let profile = CourierProfile::from_value(&full_profile()).unwrap();
    let hours = OpeningHours::parse_osm("Mo-Su 08:00-24:00").unwrap();
    let position =
        serde_json::from_value(json!({"datum": "gcj02", "lat": 36.6512, "lon": 117.1201})).unwrap();
    let mut failures = Vec::new();
    let f = &mut failures;
    for t in unwritable_instants() {
        for s in STATIONS {
            answer("station_status", &t, || c.station_status(s, t), f);
            answer("station_details", &t, || c.station_details(s, t), f);
            answer("services_at", &t, || c.services_at(s, t), f);
        }
        answer(
            "opening_hours_status",
            &t,
            || c.opening_hours_status(&hours, t),
            f,
        );
        let mut q = NearbyQuery::new(position, t);
        q.open_only = false;
        answer("nearby", &t, || c.nearby(&q), f);
        for id in PRODUCTS {
            answer("check_product", &t, || c.check_product(id, &profile, t), f);
        }
        let options = MatchOptions::default();
        answer(
            "match_products",
            &t,
            || c.match_products(&profile, t, &options),
            f,
        );
        let history = [GearClaim {
            gear_code: "sun_hat".to_string(),
            station_id: "st-jinan-01".to_string(),
            claimed_at: t,
        }];
        answer(
            "check_gear_claim",
            &t,
            || c.check_gear_claim("st-jinan-01", "sun_hat", &profile, &history, t),
            f,
        );
        answer("events_between", &t, || c.events_between(None, t, t), f);
        for e in EVENTS {
            answer(
                "check_event_registration",
                &t,
                || c.check_event_registration(e, &profile, 0, false, t),
                f,
            );
        }
        answer(
            "check_ambassador",
            &t,
            || c.check_ambassador(&profile, t),
            f,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Typed requests drawn at random

/// Any instant chrono can hold, biased toward the ends, in any whole-minute offset (or one of
/// the four above); written as RFC 3339 text.
fn any_instant() -> impl Strategy<Value = String> {
    let min = DateTime::<Utc>::MIN_UTC.timestamp();
    let max = DateTime::<Utc>::MAX_UTC.timestamp();
    let seconds = prop_oneof![
        3 => (0i64..200_000).prop_map(move |s| min + s),
        3 => (0i64..200_000).prop_map(move |s| max - s),
        1 => min..=max,
        1 => 1_700_000_000i64..1_900_000_000,
    ];
    let off = prop_oneof![
        1 => prop::sample::select(vec![8 * 3600, 0, -12 * 3600, 14 * 3600]),
        1 => (-1439i32..=1439).prop_map(|m| m * 60),
    ];
    (seconds, 0u32..1_000_000_000, off).prop_map(|(s, ns, off)| {
        let t = DateTime::from_timestamp(s, ns).unwrap();
        // In UTC when the local time in the drawn offset lies outside chrono's range.
        written(&t.with_timezone(&FixedOffset::east_opt(off).unwrap()))
            .unwrap_or_else(|| rfc3339(&t))
    })
}

/// Any date chrono can hold, biased toward the ends.
fn any_date() -> impl Strategy<Value = String> {
    let min = NaiveDate::MIN.to_epoch_days();
    let max = NaiveDate::MAX.to_epoch_days();
    prop_oneof![
        2 => (0i32..800).prop_map(move |d| min + d),
        2 => (0i32..800).prop_map(move |d| max - d),
        1 => min..=max,
        1 => 20_000i32..21_000,
    ]
    .prop_map(|d| NaiveDate::from_epoch_days(d).unwrap().to_string())
}

fn any_id(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(known).prop_map(str::to_string),
        1 => "[a-z0-9-]{0,12}",
    ]
}

fn any_u32() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0), Just(1), Just(u32::MAX), any::<u32>()]
}

fn any_i64() -> impl Strategy<Value = i64> {
    prop_oneof![Just(0), Just(i64::MIN), Just(i64::MAX), any::<i64>()]
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::MIN_POSITIVE),
        Just(90.0),
        Just(-90.0),
        Just(180.0),
        Just(-180.0),
        -200.0f64..200.0,
        36.0f64..37.0,
        117.0f64..121.0,
    ]
}

fn any_coordinate() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["wgs84", "gcj02", "bd09"]),
        any_f64(),
        any_f64(),
    )
        .prop_map(|(datum, lat, lon)| json!({"datum": datum, "lat": lat, "lon": lon}))
}

fn any_profile() -> impl Strategy<Value = Value> {
    (
        prop::option::of(any_date()),
        prop::option::of(any_instant()),
        prop::collection::vec(any_instant(), 0..4),
        prop::option::of(any_i64()),
        any::<bool>(),
        prop::sample::select(vec!["c1", "c3", "c5"]),
    )
        .prop_map(|(start, assessed, history, income, full, grade)| {
            let mut p = if full { full_profile() } else { json!({}) };
            if let Some(s) = start {
                p["employment_start"] = json!(s);
            }
            if let Some(a) = assessed {
                p["risk_assessment"] = json!({"assessed_at": a, "grade": grade});
            }
            if !history.is_empty() {
                p["assessment_history"] = json!(history);
            }
            if let Some(i) = income {
                p["monthly_income_fen"] = json!(i);
            }
            p
        })
}

/// A typed request for any op, with extreme arguments.
fn any_request() -> impl Strategy<Value = Value> {
    let station = || any_id(STATIONS);
    prop_oneof![
        Just(json!({"op": "catalogue_info"})),
        Just(json!({"op": "stations_geojson"})),
        (any_date(), any_instant()).prop_map(|(d, t)| {
            let mut c = extreme_catalogue_json();
            c["stations"][0]["lifecycle"] = json!([{"stage": "operational", "date": d}]);
            c["programmes"]["events"][0]["starts_at"] = json!(t);
            json!({"op": "load_catalogue", "catalogue": c})
        }),
        (any_coordinate(), any_instant(), any_u32(), any_f64(), any::<bool>()).prop_map(
            |(c, t, limit, radius, open_only)| json!({"op": "nearby", "query": {"position": c,
                "at": t, "limit": limit, "radius_m": radius, "open_only": open_only,
                "needs": ["sun_hat"], "theme": "little_bee"}})
        ),
        (prop::sample::select(vec!["station_status", "station_details", "services_at"]),
            station(), any_instant())
            .prop_map(|(op, s, t)| json!({"op": op, "station_id": s, "at": t})),
        (station(), any_date()).prop_map(|(s, d)| json!({"op": "hours_on", "station_id": s, "date": d})),
        any_id(&["sd", "sd-jinan", "sd-qingdao"])
            .prop_map(|b| json!({"op": "stations_in_branch", "branch_id": b})),
        (any_date(), any_id(&["little_bee"]))
            .prop_map(|(d, t)| json!({"op": "rollout", "as_of": d, "theme": t})),
        any_date().prop_map(|d| json!({"op": "day_kind", "date": d})),
        (any_coordinate(), prop::sample::select(vec!["wgs84", "gcj02", "bd09"]))
            .prop_map(|(c, to)| json!({"op": "convert_coordinate", "coordinate": c, "to": to})),
        (any_coordinate(), any_coordinate())
            .prop_map(|(a, b)| json!({"op": "distance", "from": a, "to": b})),
        prop::sample::select(HOURS).prop_map(|h| json!({"op": "parse_opening_hours", "osm": h})),
        (prop::sample::select(HOURS), any_instant(), any_date()).prop_map(|(h, t, d)| {
            let hours = if t.len() % 2 == 0 {
                json!(h)
            } else {
                json!({"weekly": [], "exceptions": [{"date": d, "closed": true}]})
            };
            json!({"op": "opening_hours_status", "hours": hours, "at": t})
        }),
        "[0-9X]{15,18}".prop_map(|id| json!({"op": "validate_resident_id", "resident_id": id})),
        "[0-9A-Z]{18}".prop_map(|code| json!({"op": "validate_credit_code", "credit_code": code})),
        (any_id(PRODUCTS), any_profile(), any_instant()).prop_map(|(id, p, t)| json!(
            {"op": "check_product", "product_id": id, "profile": p, "as_of": t})),
        (any_profile(), any_instant(), any::<bool>(), prop::option::of(any_u32())).prop_map(
            |(p, t, personalised, limit)| json!({"op": "match_products", "profile": p, "as_of": t,
                "options": {"personalised": personalised, "kinds": [], "limit": limit}})
        ),
        (any_date(), any_date(), any_u32()).prop_map(|(from, to, max)| json!(
            {"op": "check_rule_set", "rule_set": {"id": "r", "version": "1",
                "description": {"zh": "测", "en": "t"}, "effective_from": from, "effective_to": to,
                "rules": [{"id": "a", "description": {"zh": "年龄", "en": "age"},
                    "source": {"document": "x"},
                    "criterion": {"age_range": {"min": 0, "max": max}}}]}})),
        (station(), any_id(GEAR), any_profile(), prop::collection::vec(any_instant(), 0..3),
            any_instant())
            .prop_map(|(s, g, p, history, t)| json!({"op": "check_gear_claim", "station_id": s,
                "gear_code": g, "profile": p, "at": t,
                "history": history.iter().map(|c| json!(
                    {"gear_code": g, "station_id": s, "claimed_at": c})).collect::<Vec<_>>()})),
        (prop::option::of(station()), any_instant(), any_instant()).prop_map(|(s, from, to)| json!(
            {"op": "events_between", "station_id": s, "from": from, "to": to})),
        (any_id(EVENTS), any_profile(), any_u32(), any::<bool>(), any_instant()).prop_map(
            |(e, p, n, already, t)| json!({"op": "check_event_registration", "event_id": e,
                "profile": p, "registered": n, "already_registered": already, "at": t})
        ),
        (any_profile(), any_instant())
            .prop_map(|(p, t)| json!({"op": "check_ambassador", "profile": p, "at": t})),
        (any::<bool>(), any_instant(), prop_oneof![Just(0u64), Just(3), Just(u64::MAX)]).prop_map(
            |(extreme, t, min_version)| json!({"op": "verify_bundle",
                "bundle": if extreme { bundle_extreme() } else { bundle_normal() },
                "trusted_keys": trusted_keys(), "now": t, "min_version": min_version})
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn typed_requests_with_extreme_arguments_are_answered(request in any_request()) {
        let text = request.to_string();
        for (name, catalogue) in [("sample", sample()), ("extreme", extreme_catalogue())] {
            let p = problem(catalogue, &text);
            prop_assert!(p.is_none(), "[{}] {}\n    {}", name, text, p.unwrap_or_default());
        }
    }
}
