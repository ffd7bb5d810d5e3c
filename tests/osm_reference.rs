//! OSM `opening_hours` import and export against the reference implementation.
//!
//! `tests/osm_reference/expectations.json` holds, for a few hundred OSM strings, the answers of
//! the reference evaluator (the npm package `opening_hours`, the one OpenStreetMap editors use;
//! its version is in the file) over two windows of several weeks in China Standard Time: open
//! or closed at the start of each window and every minute at which that changes. It is written
//! by `scripts/osm-reference/generate.js` from `scripts/osm-reference/strings.txt`; no node is
//! needed here.
//!
//! Every string is either read by [`OpeningHours::parse_osm`] with the reference's meaning at
//! every instant of the windows, or refused as unsupported (marked so in the expectations), or
//! refused by both. Every export of an accepted string (and of some structured hours) must be a
//! string of the expectations whose reference answers are the hours' own.
//!
//! Public holidays: the reference's Chinese holidays are not the State Council calendar, so the
//! windows hold none in either calendar (the generator checks the reference, this test the
//! library's calendar); `PH` rules are compared on the other days they must leave alone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashMap;

use chrono::{Days, NaiveDate, TimeDelta, TimeZone};
use serde_json::Value;
use waystation::calendar::{DayKind, HolidayCalendar};
use waystation::hours::{HoursError, OpeningHours};
use waystation::time::{ChinaTime, CHINA};

/// The reference's answer over one window.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    open: bool,
    /// Minutes from the window's start at which the state changes.
    changes: Vec<i64>,
}

struct Case {
    osm: String,
    library_refuses: bool,
    /// `None`: the reference refuses the string.
    windows: Option<Vec<Answer>>,
}

struct Expectations {
    reference: String,
    windows: Vec<(ChinaTime, ChinaTime)>,
    cases: Vec<Case>,
}

fn midnight(date: &str) -> ChinaTime {
    let d: NaiveDate = date.parse().unwrap();
    CHINA
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
        .single()
        .unwrap()
}

fn load() -> Expectations {
    let text = include_str!("osm_reference/expectations.json");
    let v: Value = serde_json::from_str(text).unwrap();
    assert_eq!(v["time_zone"], "+08:00");
    let windows = v["windows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                midnight(w["from"].as_str().unwrap()),
                midnight(w["to"].as_str().unwrap()),
            )
        })
        .collect();
    let cases = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            osm: c["osm"].as_str().unwrap().to_owned(),
            library_refuses: c.get("library").is_some_and(|l| l == "unsupported"),
            windows: c.get("windows").map(|ws| {
                ws.as_array()
                    .unwrap()
                    .iter()
                    .map(|w| Answer {
                        open: w["open"].as_bool().unwrap(),
                        changes: w["changes"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|m| m.as_i64().unwrap())
                            .collect(),
                    })
                    .collect()
            }),
        })
        .collect();
    Expectations {
        reference: v["reference"].as_str().unwrap().to_owned(),
        windows,
        cases,
    }
}

/// The library's answer over a window, from its change search.
fn answer(h: &OpeningHours, cal: &HolidayCalendar, from: ChinaTime, to: ChinaTime) -> Answer {
    let open = h.is_open_at(from, cal).unwrap();
    let mut changes = Vec::new();
    let mut t = from;
    // A search reaching a year without calendar data (2027) has passed the window.
    while let Some(c) = h.status_at(t, cal).unwrap().next_change {
        if c.at >= to {
            break;
        }
        changes.push((c.at - from).num_minutes());
        t = c.at;
    }
    Answer { open, changes }
}

/// Checks `h` against the reference's answers: the change lists, and `is_open_at` at every
/// change, the minute before it and every 5 minutes (plus 37 seconds). Returns the instants
/// checked.
fn check(
    what: &str,
    h: &OpeningHours,
    cal: &HolidayCalendar,
    windows: &[(ChinaTime, ChinaTime)],
    expected: &[Answer],
) -> Result<usize, String> {
    let mut instants = 0;
    for ((from, to), exp) in windows.iter().zip(expected) {
        let got = answer(h, cal, *from, *to);
        if &got != exp {
            return Err(format!(
                "{what}: the library and the reference differ in the window from {from}: \
                 library {got:?}, reference {exp:?}"
            ));
        }
        let reference_open_at = |minute: i64| {
            let passed = exp.changes.iter().filter(|c| **c <= minute).count();
            exp.open ^ (passed % 2 == 1)
        };
        let span = (*to - *from).num_minutes();
        let mut minutes: Vec<i64> = (0..span).step_by(5).collect();
        minutes.extend(exp.changes.iter().flat_map(|c| [c - 1, *c]));
        for m in minutes {
            let t =
                *from + TimeDelta::minutes(m) + TimeDelta::seconds(if m % 5 == 0 { 37 } else { 0 });
            if h.is_open_at(t, cal).unwrap() != reference_open_at(m) {
                return Err(format!("{what}: differs at {t}"));
            }
            instants += 1;
        }
    }
    Ok(instants)
}

#[test]
fn the_windows_hold_no_public_holiday() {
    let e = load();
    let cal = HolidayCalendar::builtin();
    for (from, to) in &e.windows {
        let mut d = from.date_naive() - Days::new(1);
        while d < to.date_naive() {
            assert_ne!(cal.day_kind(d).unwrap(), DayKind::PublicHoliday, "{d}");
            d = d + Days::new(1);
        }
    }
}

#[test]
fn import_means_what_the_reference_means_or_is_refused() {
    let e = load();
    assert!(e.reference.starts_with("opening_hours "), "{}", e.reference);
    assert!(e.cases.len() >= 250, "{} strings", e.cases.len());
    let cal = HolidayCalendar::builtin();
    let (mut agreed, mut refused, mut both_refuse, mut instants) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for case in &e.cases {
        let parsed = OpeningHours::parse_osm(&case.osm);
        match (&case.windows, case.library_refuses) {
            (None, _) if parsed.is_err() => both_refuse += 1,
            (None, _) => problems.push(format!("{:?}: the reference refuses it", case.osm)),
            (Some(_), true) if matches!(parsed, Err(HoursError::OsmUnsupported { .. })) => {
                refused += 1;
            }
            (Some(_), true) => problems.push(format!(
                "{:?}: expected unsupported, got {parsed:?}",
                case.osm
            )),
            (Some(windows), false) => match parsed {
                Ok(h) => match check(&case.osm, &h, &cal, &e.windows, windows) {
                    Ok(n) => {
                        instants += n;
                        agreed += 1;
                    }
                    Err(p) => problems.push(p),
                },
                Err(err) => problems.push(format!("{:?}: {err}", case.osm)),
            },
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!(
        "{} against {}: {agreed} strings agree at {instants} instants, {refused} refused as \
         unsupported, {both_refuse} refused by both",
        e.cases.len(),
        e.reference
    );
    assert!(agreed >= 200, "{agreed}");
}

/// Every export is a string of the expectations whose reference answers are the hours' own.
fn check_export(
    what: &str,
    h: &OpeningHours,
    by_text: &HashMap<&str, &Case>,
    e: &Expectations,
    missing: &mut Vec<String>,
) -> Option<String> {
    let cal = HolidayCalendar::builtin();
    let text = match h.to_osm() {
        Ok(text) => text,
        Err(HoursError::NotExpressible { .. }) => return None,
        Err(err) => panic!("{what}: {err}"),
    };
    let Some(case) = by_text.get(text.as_str()) else {
        missing.push(text.clone());
        return Some(text);
    };
    assert!(
        !case.library_refuses,
        "{what}: exports {text:?}, which it refuses"
    );
    let windows = case
        .windows
        .as_ref()
        .unwrap_or_else(|| panic!("{what}: exports {text:?}, which the reference refuses"));
    if let Err(p) = check(
        &format!("{what} exported as {text:?}"),
        h,
        &cal,
        &e.windows,
        windows,
    ) {
        panic!("{p}");
    }
    Some(text)
}

#[test]
fn exports_mean_what_the_hours_mean() {
    let e = load();
    let by_text: HashMap<&str, &Case> = e.cases.iter().map(|c| (c.osm.as_str(), c)).collect();
    let mut exported = 0;
    let mut not_expressible = Vec::new();
    let mut missing = Vec::new();
    for case in e
        .cases
        .iter()
        .filter(|c| c.windows.is_some() && !c.library_refuses)
    {
        let Ok(h) = OpeningHours::parse_osm(&case.osm) else {
            continue; // the import test reports it
        };
        match check_export(&case.osm, &h, &by_text, &e, &mut missing) {
            Some(text) => {
                // What the library writes, it reads back as the same hours.
                assert_eq!(
                    OpeningHours::parse_osm(&text).as_ref(),
                    Ok(&h),
                    "{:?} exported as {text:?}",
                    case.osm
                );
                exported += 1;
            }
            None => not_expressible.push(case.osm.as_str()),
        }
    }
    println!("{exported} exports agree; not expressible: {not_expressible:?}");
    assert!(not_expressible.is_empty(), "{not_expressible:?}");

    // Structured hours: exported when OSM can say the same, refused when it cannot.
    let structured = [
        (
            r#"{"weekly": {"mo": ["09:00-17:00"], "fr": ["22:00-02:00"]}}"#,
            true,
        ),
        // Monday's night runs into Tuesday, whatever Tuesday's hours: OSM needs it cut.
        (
            r#"{"weekly": {"mo": ["22:00-02:00"], "tu": ["10:00-12:00"]}}"#,
            true,
        ),
        (
            r#"{"weekly": {"mo": ["09:00-17:00"], "sa": ["10:00-12:00"]},
                "public_holidays": {"policy": "hours", "intervals": ["10:00-12:00"]}}"#,
            true,
        ),
        // Sunday's night runs into a holiday Monday; in OSM the PH rule would replace it.
        (
            r#"{"weekly": {"mo": ["09:00-17:00"], "su": ["20:00-03:00"]},
                "public_holidays": {"policy": "hours", "intervals": ["10:00-12:00"]}}"#,
            false,
        ),
        // The night before a holiday runs into it; OSM's `PH off` would close that part.
        (
            r#"{"weekly": {"mo": ["22:00-02:00"], "tu": ["22:00-02:00"], "we": ["22:00-02:00"],
                "th": ["22:00-02:00"], "fr": ["22:00-02:00"], "sa": ["22:00-02:00"],
                "su": ["22:00-02:00"]}, "public_holidays": {"policy": "closed"}}"#,
            false,
        ),
        // An exception's night runs into the next exception date, which OSM would close.
        (
            r#"{"weekly": {"mo": ["09:00-17:00"]}, "exceptions": [
                {"date": "2026-07-10", "intervals": ["22:00-02:00"]},
                {"date": "2026-07-11", "intervals": []}]}"#,
            false,
        ),
    ];
    for (json, expressible) in structured {
        let h: OpeningHours = serde_json::from_str(json).unwrap();
        let text = check_export(json, &h, &by_text, &e, &mut missing);
        assert_eq!(text.is_some(), expressible, "{json}: {text:?}");
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "exports not in the expectations (add them to strings.txt):\n{}",
        missing.join("\n")
    );
}
