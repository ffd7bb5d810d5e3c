//! Property tests: datum round trips, schedule invariants (open status and next change agree),
//! and monotonicity of eligibility in tenure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate, TimeZone};
use proptest::prelude::*;
use waystation::calendar::HolidayCalendar;
use waystation::eligibility::{
    evaluate, BenefitFacts, Eligibility, EvaluationContext, Parameters, RuleSet,
};
use waystation::geo::{in_mainland_china, Coordinate, Datum};
use waystation::hours::OpeningHours;
use waystation::profile::CourierProfile;
use waystation::time::{ChinaTime, CHINA};

/// `cases` cases (more with `PROPTEST_CASES`), no failure files (shrunk inputs are printed).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

const DATUMS: [Datum; 3] = [Datum::Wgs84, Datum::Gcj02, Datum::Bd09];

proptest! {
    #![proptest_config(config(512))]

    /// Converting to another datum and back lands within 0.5 m of the start, for every pair, and
    /// a distance never depends on the datum a point is written in.
    #[test]
    fn datum_round_trips(lat in 22.5f64..41.0, lon in 100.0f64..121.0, from in 0usize..3, to in 0usize..3) {
        prop_assume!(in_mainland_china(lat, lon));
        let start = Coordinate::new(lat, lon, DATUMS[from]).unwrap();
        let there = start.to_datum(DATUMS[to]);
        prop_assume!(in_mainland_china(there.lat(), there.lon()));
        let back = there.to_datum(DATUMS[from]);
        prop_assert!(back.distance_m(&start) < 0.5, "{start:?} -> {there:?} -> {back:?}");
        prop_assert!(there.distance_m(&start) < 0.5);
    }

    /// Any finite input gives a coordinate or a typed error, never a panic; accepted ones are in
    /// range and convert to finite numbers.
    #[test]
    fn coordinates_never_panic(lat in proptest::num::f64::ANY, lon in proptest::num::f64::ANY, d in 0usize..3) {
        if let Ok(c) = Coordinate::new(lat, lon, DATUMS[d]) {
            for to in DATUMS {
                let x = c.to_datum(to);
                prop_assert!(x.lat().is_finite() && x.lon().is_finite());
                prop_assert!((-90.0..=90.0).contains(&x.lat()) && (-180.0..=180.0).contains(&x.lon()));
            }
        } else {
            prop_assert!(!lat.is_finite() || !lon.is_finite() || lat.abs() > 90.0 || lon.abs() > 180.0);
        }
    }
}

/// Weekly hours in OSM form: for each day up to three sorted, disjoint intervals on a 5-minute
/// grid, and optionally `PH off`.
fn osm_hours() -> impl Strategy<Value = String> {
    let day = proptest::collection::vec(0u16..288, 0..6);
    (proptest::collection::vec(day, 7), any::<bool>()).prop_map(|(days, ph_off)| {
        let names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        let mut rules = Vec::new();
        for (name, mut points) in names.iter().zip(days) {
            points.sort_unstable();
            points.dedup();
            let intervals: Vec<String> = points
                .chunks_exact(2)
                .map(|p| {
                    let (a, b) = (p[0] * 5, p[1] * 5);
                    format!("{:02}:{:02}-{:02}:{:02}", a / 60, a % 60, b / 60, b % 60)
                })
                .collect();
            if !intervals.is_empty() {
                rules.push(format!("{name} {}", intervals.join(",")));
            }
        }
        if rules.is_empty() {
            rules.push("Mo 08:00-17:00".into());
        }
        if ph_off {
            rules.push("PH off".into());
        }
        rules.join("; ")
    })
}

fn instant_2025(minutes: i64) -> ChinaTime {
    CHINA.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(minutes)
}

proptest! {
    #![proptest_config(config(256))]

    /// `status_at`, `is_open_at` and `next_change` agree: the state holds from `t` until the
    /// next change, flips exactly there, and every instant before it sees the same next change.
    #[test]
    fn open_status_and_next_change_are_consistent(
        osm in osm_hours(),
        start in 0i64..(365 * 24 * 60),
        second in 0i64..60,
        frac in 0.0f64..1.0,
    ) {
        let hours = OpeningHours::parse_osm(&osm).unwrap();
        let cal = HolidayCalendar::builtin();
        let t = instant_2025(start) + Duration::seconds(second);
        let status = hours.status_at(t, &cal).unwrap();
        prop_assert_eq!(hours.is_open_at(t, &cal).unwrap(), status.open);
        match status.next_change {
            Some(change) => {
                prop_assert!(change.at > t);
                prop_assert_eq!(change.opens, !status.open, "{}", osm);
                prop_assert_eq!(hours.is_open_at(change.at, &cal).unwrap(), change.opens);
                let just_before = change.at - Duration::seconds(1);
                prop_assert_eq!(hours.is_open_at(just_before, &cal).unwrap(), status.open);
                // Any instant in [t, change) has the same state and the same next change.
                let span = (change.at - t).num_seconds();
                let u = t + Duration::seconds((span as f64 * frac) as i64);
                prop_assume!(u < change.at);
                let su = hours.status_at(u, &cal).unwrap();
                prop_assert_eq!(su.open, status.open);
                prop_assert_eq!(su.next_change, Some(change));
            }
            None => {
                // No change within the horizon: the state holds (checked a few days on).
                for days in [1, 7, 30] {
                    prop_assert_eq!(hours.is_open_at(t + Duration::days(days), &cal).unwrap(), status.open);
                }
            }
        }
    }

    /// The OSM form round-trips.
    #[test]
    fn osm_round_trips(osm in osm_hours()) {
        let hours = OpeningHours::parse_osm(&osm).unwrap();
        let again = OpeningHours::parse_osm(&hours.to_osm().unwrap()).unwrap();
        prop_assert_eq!(again, hours);
    }
}

/// A positive combination (all / any, no `not`) of tenure and age criteria.
fn positive_criterion() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (0i64..=120).prop_map(|m| format!(r#"{{"tenure_at_least": {{"months": {m}}}}}"#)),
        (16i64..=70).prop_map(|a| format!(r#"{{"age_range": {{"min": {a}}}}}"#)),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        (proptest::collection::vec(inner, 1..4), any::<bool>()).prop_map(|(items, all)| {
            format!(
                r#"{{"{}": [{}]}}"#,
                if all { "all" } else { "any" },
                items.join(",")
            )
        })
    })
}

fn rule_set(criterion: &str) -> RuleSet {
    serde_json::from_str(&format!(
        r#"{{"id": "p", "version": "1", "description": {{"zh": "x", "en": "x"}},
            "rules": [{{"id": "r", "description": {{"zh": "x", "en": "x"}},
                        "source": {{"document": "d"}}, "criterion": {criterion}}}]}}"#
    ))
    .unwrap()
}

fn decide(rules: &RuleSet, start: NaiveDate) -> Eligibility {
    let profile = CourierProfile::from_json(&format!(
        r#"{{"resident_id": "370102199506122017", "employment_start": "{start}"}}"#
    ))
    .unwrap();
    let units = BTreeSet::new();
    let params = Parameters::default();
    let ctx = EvaluationContext {
        as_of: CHINA.with_ymd_and_hms(2026, 7, 1, 10, 0, 0).unwrap(),
        member_units: &units,
        catalogue_version: "test",
        parameters: &params,
    };
    evaluate(rules, &BenefitFacts::default(), &profile, &ctx).status
}

proptest! {
    #![proptest_config(config(256))]

    /// More tenure never makes a positive rule fail: if a courier who started on `start` is
    /// eligible, one who started earlier is too.
    #[test]
    fn more_tenure_never_hurts(criterion in positive_criterion(), days in 0i64..4000, earlier in 1i64..4000) {
        let rules = rule_set(&criterion);
        let as_of = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let start = as_of - Duration::days(days);
        let longer = start - Duration::days(earlier);
        if decide(&rules, start) == Eligibility::Eligible {
            prop_assert_eq!(decide(&rules, longer), Eligibility::Eligible, "{}", criterion);
        }
    }
}
