//! Programmes on the sample catalogue: Little Bee gear claims, education events, ambassadors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, NaiveDate};
use waystation::catalogue::Catalogue;
use waystation::eligibility::Eligibility;
use waystation::profile::CourierProfile;
use waystation::programmes::{CheckCode, DateRange, GearClaim, ProgrammeStatus};
use waystation::stations::QueryError;
use waystation::time::ChinaTime;

fn at(s: &str) -> ChinaTime {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A courier of a member unit of the express association, in the job since September 2025.
fn member_courier() -> CourierProfile {
    CourierProfile::from_json(
        r#"{"resident_id": "370102199506122017", "occupation": "express_courier",
            "employer_code": "91370100MA3C7K1P71", "employment_start": "2025-09-01",
            "kyc_level": "basic"}"#,
    )
    .unwrap()
}

fn failed(checks: &[waystation::programmes::ProgrammeCheck]) -> Vec<CheckCode> {
    checks
        .iter()
        .filter(|c| c.passed == Some(false))
        .map(|c| c.code)
        .collect()
}

#[test]
fn a_member_courier_claims_a_sun_hat_once_per_season() {
    let c = Catalogue::sample().unwrap();
    let courier = member_courier();
    let t = at("2026-07-01T10:00:00+08:00");
    let first = c
        .check_gear_claim("st-jinan-01", "sun_hat", &courier, &[], t)
        .unwrap();
    assert_eq!(first.status, ProgrammeStatus::Approved, "{first:#?}");
    assert_eq!(
        first.period,
        Some(DateRange {
            first: date(2026, 4, 1),
            last: date(2026, 10, 31)
        })
    );
    assert!(first.stock > 0);

    let history = [GearClaim {
        gear_code: "sun_hat".into(),
        station_id: "st-qingdao-01".into(),
        claimed_at: at("2026-05-02T09:00:00+08:00"),
    }];
    let again = c
        .check_gear_claim("st-jinan-01", "sun_hat", &courier, &history, t)
        .unwrap();
    assert_eq!(again.status, ProgrammeStatus::Rejected);
    assert_eq!(failed(&again.checks), [CheckCode::WithinAllowance]);
    assert_eq!(again.next_claim_from, Some(date(2027, 4, 1)));

    // Another kind of item is fine; last season's hat does not count.
    let sleeves = c
        .check_gear_claim("st-jinan-01", "ice_sleeves", &courier, &history, t)
        .unwrap();
    assert_eq!(sleeves.status, ProgrammeStatus::Approved);
    let last_year = [GearClaim {
        claimed_at: at("2025-07-01T09:00:00+08:00"),
        ..history[0].clone()
    }];
    let new_season = c
        .check_gear_claim("st-jinan-01", "sun_hat", &courier, &last_year, t)
        .unwrap();
    assert_eq!(new_season.status, ProgrammeStatus::Approved);

    // A history entry the library cannot count is an error at its place, never passed over
    // (which would grant the allowance again).
    for (claim, field) in [
        (
            GearClaim {
                gear_code: "SUN_HAT".into(),
                ..history[0].clone()
            },
            "gear_code",
        ),
        (
            GearClaim {
                gear_code: " sun_hat".into(),
                ..history[0].clone()
            },
            "gear_code",
        ),
        (
            GearClaim {
                gear_code: "".into(),
                ..history[0].clone()
            },
            "gear_code",
        ),
        (
            GearClaim {
                gear_code: "drinking_water".into(),
                ..history[0].clone()
            },
            "gear_code",
        ),
        (
            GearClaim {
                station_id: "".into(),
                ..history[0].clone()
            },
            "station_id",
        ),
        (
            GearClaim {
                station_id: " st-qingdao-01".into(),
                ..history[0].clone()
            },
            "station_id",
        ),
        (
            GearClaim {
                claimed_at: at("2026-09-01T09:00:00+08:00"),
                ..history[0].clone()
            },
            "claimed_at",
        ),
    ] {
        let e = c
            .check_gear_claim(
                "st-jinan-01",
                "sun_hat",
                &courier,
                &[history[0].clone(), claim],
                t,
            )
            .unwrap_err();
        let e = waystation::Error::from(e);
        assert!(
            matches!(&e, waystation::Error::InvalidInput { path, .. } if *path == format!("history[1].{field}")),
            "{e}"
        );
    }
    // A station no longer in the catalogue may have handed it out: that claim counts.
    let elsewhere = [GearClaim {
        station_id: "st-closed-long-ago".into(),
        ..history[0].clone()
    }];
    let counted = c
        .check_gear_claim("st-jinan-01", "sun_hat", &courier, &elsewhere, t)
        .unwrap();
    assert_eq!(failed(&counted.checks), [CheckCode::WithinAllowance]);
}

#[test]
fn gear_claims_respect_season_stock_station_and_hours() {
    let c = Catalogue::sample().unwrap();
    let courier = member_courier();
    let november = c
        .check_gear_claim(
            "st-jinan-01",
            "sun_hat",
            &courier,
            &[],
            at("2026-11-28T10:00:00+08:00"),
        )
        .unwrap();
    assert_eq!(failed(&november.checks), [CheckCode::InClaimPeriod]);
    assert_eq!(november.next_claim_from, Some(date(2027, 4, 1)));

    let empty = c
        .document()
        .stations
        .iter()
        .find(|s| s.gear_stock.get("sun_hat") == Some(&0))
        .unwrap();
    let out = c
        .check_gear_claim(
            &empty.id,
            "sun_hat",
            &courier,
            &[],
            at("2026-07-01T10:00:00+08:00"),
        )
        .unwrap();
    assert!(failed(&out.checks).contains(&CheckCode::InStock));

    // A base station without the Little Bee theme hands out no gear.
    let plain = c
        .check_gear_claim(
            "st-jinan-05",
            "sun_hat",
            &courier,
            &[],
            at("2026-07-01T10:00:00+08:00"),
        )
        .unwrap();
    assert!(failed(&plain.checks).contains(&CheckCode::StationServing));

    let night = c
        .check_gear_claim(
            "st-jinan-01",
            "sun_hat",
            &courier,
            &[],
            at("2026-07-01T23:00:00+08:00"),
        )
        .unwrap();
    assert_eq!(failed(&night.checks), [CheckCode::StationOpen]);

    assert!(matches!(
        c.check_gear_claim(
            "st-jinan-01",
            "charging",
            &courier,
            &[],
            at("2026-07-01T10:00:00+08:00")
        ),
        Err(QueryError::UnknownService { .. })
    ));
}

#[test]
fn gear_eligibility_is_explained_and_unknown_without_inputs() {
    let c = Catalogue::sample().unwrap();
    let t = at("2026-07-01T10:00:00+08:00");
    let outsider = CourierProfile::from_json(
        r#"{"occupation": "ride_hailing_driver", "employer_code": "91440300715267263K"}"#,
    );
    let outsider = outsider.unwrap_or_else(|_| {
        CourierProfile::from_json(r#"{"occupation": "ride_hailing_driver"}"#).unwrap()
    });
    let d = c
        .check_gear_claim("st-jinan-01", "sun_hat", &outsider, &[], t)
        .unwrap();
    assert_eq!(d.status, ProgrammeStatus::Rejected);
    assert_eq!(d.eligibility.status, Eligibility::Ineligible);
    assert!(d.eligibility.rules.iter().any(|r| r.rule_id == "courier"));

    let anonymous = CourierProfile::from_json(r#"{"occupation": "express_courier"}"#).unwrap();
    let d = c
        .check_gear_claim("st-jinan-01", "sun_hat", &anonymous, &[], t)
        .unwrap();
    assert_eq!(
        d.status,
        ProgrammeStatus::Unknown,
        "employer unknown: cannot tell membership"
    );
    assert!(!d.eligibility.missing_inputs.is_empty());
}

#[test]
fn education_events_schedule_and_registration() {
    let c = Catalogue::sample().unwrap();
    let december = c
        .events_between(
            Some("st-jinan-01"),
            at("2026-12-01T00:00:00+08:00"),
            at("2027-01-01T00:00:00+08:00"),
        )
        .unwrap();
    assert_eq!(december.len(), 1);
    let all = c
        .events_between(
            None,
            at("2026-11-01T00:00:00+08:00"),
            at("2027-02-01T00:00:00+08:00"),
        )
        .unwrap();
    assert!(all.windows(2).all(|w| w[0].starts_at <= w[1].starts_at));
    assert!(all.len() >= 4);

    let courier = member_courier();
    let event = &december[0].id;
    let ok = c
        .check_event_registration(event, &courier, 12, false, at("2026-12-01T10:00:00+08:00"))
        .unwrap();
    assert_eq!(ok.status, ProgrammeStatus::Approved);
    assert_eq!(ok.seats_left, 18);
    let full = c
        .check_event_registration(event, &courier, 30, false, at("2026-12-01T10:00:00+08:00"))
        .unwrap();
    assert_eq!(failed(&full.checks), [CheckCode::SeatAvailable]);
    // More registered than the event holds: no seat left, never a negative number of them.
    for registered in [31, 180, i32::MAX] {
        let over = c
            .check_event_registration(
                event,
                &courier,
                registered,
                false,
                at("2026-12-01T10:00:00+08:00"),
            )
            .unwrap();
        assert_eq!(over.seats_left, 0, "{registered}");
        assert_eq!(failed(&over.checks), [CheckCode::SeatAvailable]);
        let seat = over
            .checks
            .iter()
            .find(|k| k.code == CheckCode::SeatAvailable)
            .unwrap();
        assert!(
            seat.message.zh.starts_with("剩余名额0个"),
            "{}",
            seat.message.zh
        );
        assert!(seat.message.en.starts_with("0 of"), "{}", seat.message.en);
    }
    let late = c
        .check_event_registration(event, &courier, 3, false, at("2026-12-04T18:00:00+08:00"))
        .unwrap();
    assert_eq!(failed(&late.checks), [CheckCode::RegistrationOpen]);
    let twice = c
        .check_event_registration(event, &courier, 3, true, at("2026-12-01T10:00:00+08:00"))
        .unwrap();
    assert_eq!(failed(&twice.checks), [CheckCode::NotYetRegistered]);
    assert!(matches!(
        c.check_event_registration("nope", &courier, 0, false, at("2026-12-01T10:00:00+08:00")),
        Err(QueryError::UnknownEvent { .. })
    ));
    // A window that ends before it starts is an error, not an empty list.
    assert!(matches!(
        c.events_between(
            None,
            at("2027-01-01T00:00:00+08:00"),
            at("2026-12-01T00:00:00+08:00")
        ),
        Err(QueryError::InvalidArgument { field: "to", .. })
    ));
    assert!(c
        .events_between(
            Some("st-nowhere"),
            at("2026-12-01T00:00:00+08:00"),
            at("2027-01-01T00:00:00+08:00")
        )
        .is_err());
}

#[test]
fn ambassador_enrolment_with_a_date_hint() {
    let c = Catalogue::sample().unwrap();
    let courier = member_courier();
    let d = c
        .check_ambassador(&courier, at("2026-11-28T10:00:00+08:00"))
        .unwrap();
    assert_eq!(d.status, Eligibility::Eligible, "{:#?}", d.summary);

    let newcomer = CourierProfile::from_json(
        r#"{"resident_id": "370102199506122017", "occupation": "express_courier",
            "employer_code": "91370100MA3C7K1P71", "employment_start": "2026-10-15",
            "kyc_level": "basic"}"#,
    )
    .unwrap();
    let d = c
        .check_ambassador(&newcomer, at("2026-11-28T10:00:00+08:00"))
        .unwrap();
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(
        d.eligible_on,
        Some(date(2027, 1, 15)),
        "three months of tenure"
    );
}

/// Counts are `i32` (Java has no unsigned integers) and never negative: a negative one is
/// refused at its path from JSON, from a document built in Rust, and as an argument.
#[test]
fn counts_are_never_negative() {
    use waystation::catalogue::{CatalogueError, Limits, SAMPLE_CATALOGUE_JSON};
    use waystation::error::Error;

    let stock = r#""sun_protection_clothing": 21"#;
    assert!(SAMPLE_CATALOGUE_JSON.contains(stock));
    let text = SAMPLE_CATALOGUE_JSON.replacen(stock, r#""sun_protection_clothing": -21"#, 1);
    match Error::from(Catalogue::from_json(&text).unwrap_err()) {
        Error::InvalidInput { path, message, .. } => {
            assert!(
                path.ends_with(".gear_stock.sun_protection_clothing"),
                "{path}"
            );
            assert!(message.contains("must not be negative"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    let sample = Catalogue::sample().unwrap();
    let mut doc = sample.document().clone();
    let events = &mut doc.programmes.as_mut().unwrap().events;
    events[0].capacity = -30;
    let station = doc
        .stations
        .iter_mut()
        .find(|s| !s.gear_stock.is_empty())
        .unwrap();
    *station.gear_stock.values_mut().next().unwrap() = -1;
    match Catalogue::from_document(doc, &Limits::default()).unwrap_err() {
        CatalogueError::Invalid { problems } => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert!(
                paths.contains(&"programmes.events[0].capacity"),
                "{paths:?}"
            );
            assert!(
                paths.iter().any(|p| p.contains(".gear_stock.")),
                "{paths:?}"
            );
        }
        other => panic!("{other:?}"),
    }

    let courier = member_courier();
    let event = &sample.programmes().events[0].id;
    let t = at("2026-11-01T10:00:00+08:00");
    assert!(matches!(
        sample.check_event_registration(event, &courier, -1, false, t),
        Err(QueryError::InvalidArgument {
            field: "registered",
            ..
        })
    ));
    assert!(sample
        .check_event_registration(event, &courier, 0, false, t)
        .is_ok());

    let options = waystation::MatchOptions {
        limit: Some(-1),
        ..Default::default()
    };
    assert!(matches!(
        sample.match_products(&courier, t, &options),
        Err(QueryError::InvalidArgument { field: "limit", .. })
    ));
    let none = waystation::MatchOptions {
        limit: Some(0),
        ..Default::default()
    };
    let answer = sample.match_products(&courier, t, &none).unwrap();
    assert!(answer.recommended.is_empty());
}
