//! Station queries on the sample catalogue: nearest open stations, status, seasons, rollout.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, NaiveDate};
use waystation::catalogue::Catalogue;
use waystation::geo::{Coordinate, Datum};
use waystation::nearby::NearbyQuery;
use waystation::stations::{OpenState, QueryError, Stage};
use waystation::time::ChinaTime;

fn at(s: &str) -> ChinaTime {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn jinan() -> Coordinate {
    Coordinate::new(36.6512, 117.1201, Datum::Gcj02).unwrap()
}

fn query(t: &str, needs: &[&str]) -> NearbyQuery {
    let mut q = NearbyQuery::new(jinan(), at(t));
    q.needs = needs.iter().map(|s| s.to_string()).collect();
    q
}

#[test]
fn nearest_open_stations_with_the_needed_services() {
    let c = Catalogue::sample().unwrap();
    let found = c
        .nearby(&query(
            "2026-06-10T10:00:00+08:00",
            &["charging", "drinking_water"],
        ))
        .unwrap();
    assert!(found.len() >= 3, "{found:#?}");
    assert_eq!(found[0].station_id, "st-jinan-01");
    assert!(found[0].distance_m < 400.0);
    for w in found.windows(2) {
        assert!(w[0].distance_m <= w[1].distance_m);
    }
    for s in &found {
        assert_eq!(s.status.state, OpenState::Open, "{}", s.station_id);
        assert!(s.services_now.iter().any(|x| x == "charging"));
        assert!(s.services_now.iter().any(|x| x == "drinking_water"));
        assert!(s.distance_m <= 50_000.0);
        assert_eq!(
            s.location.datum(),
            Datum::Gcj02,
            "results come in the query's datum"
        );
    }
}

#[test]
fn the_same_place_in_another_datum_gives_the_same_answer() {
    let c = Catalogue::sample().unwrap();
    let gcj = query("2026-06-10T10:00:00+08:00", &["wifi"]);
    let mut wgs = gcj.clone();
    wgs.position = jinan().to_datum(Datum::Wgs84);
    let mut bd = gcj.clone();
    bd.position = jinan().to_datum(Datum::Bd09);
    let a = c.nearby(&gcj).unwrap();
    for other in [c.nearby(&wgs).unwrap(), c.nearby(&bd).unwrap()] {
        assert_eq!(a.len(), other.len());
        for (x, y) in a.iter().zip(&other) {
            assert_eq!(x.station_id, y.station_id);
            assert!((x.distance_m - y.distance_m).abs() < 1.0);
        }
    }
    // A naive reading of GCJ-02 numbers as WGS-84 would be hundreds of metres off.
    let naive = Coordinate::new(jinan().lat(), jinan().lon(), Datum::Wgs84).unwrap();
    assert!(naive.distance_m(&jinan()) > 100.0);
}

#[test]
fn late_at_night_only_round_the_clock_stations_are_open() {
    let c = Catalogue::sample().unwrap();
    let found = c.nearby(&query("2026-06-10T23:30:00+08:00", &[])).unwrap();
    assert!(!found.is_empty());
    for s in &found {
        assert_eq!(
            c.station(&s.station_id).unwrap().hours.to_osm().unwrap(),
            "24/7"
        );
        assert_eq!(s.status.next_change, None);
    }
    let mut all = query("2026-06-10T23:30:00+08:00", &[]);
    all.open_only = false;
    let listed = c.nearby(&all).unwrap();
    let closed = listed
        .iter()
        .find(|s| s.status.state == OpenState::Closed)
        .unwrap();
    let next = closed.status.next_change.as_ref().unwrap();
    assert!(next.opens && next.at > at("2026-06-10T23:30:00+08:00"));
}

#[test]
fn seasonal_services_follow_their_seasons() {
    let c = Catalogue::sample().unwrap();
    let codes = |t: &str| -> Vec<String> {
        c.services_at("st-jinan-01", at(t))
            .unwrap()
            .into_iter()
            .map(|s| s.code)
            .collect()
    };
    let january = codes("2026-01-15T10:00:00+08:00");
    assert!(january.contains(&"hot_water".into()) && january.contains(&"heating".into()));
    assert!(!january.contains(&"cool_drinks".into()));
    let july = codes("2026-07-15T10:00:00+08:00");
    assert!(july.contains(&"cool_drinks".into()) && !july.contains(&"heating".into()));
    // Heating season is 15 Nov – 15 Mar, hot water all winter (1 Nov – 31 Mar).
    let early_november = codes("2026-11-05T10:00:00+08:00");
    assert!(
        early_november.contains(&"hot_water".into()) && !early_november.contains(&"heating".into())
    );
    // Nobody offers cool drinks in January.
    assert!(c
        .nearby(&query("2026-01-15T10:00:00+08:00", &["cool_drinks"]))
        .unwrap()
        .is_empty());
}

#[test]
fn gear_is_available_only_while_in_stock() {
    let c = Catalogue::sample().unwrap();
    let mut q = query("2026-06-10T10:00:00+08:00", &["sun_hat"]);
    q.radius_m = 1_000_000.0;
    q.limit = 100;
    let found = c.nearby(&q).unwrap();
    assert!(!found.is_empty());
    for s in &found {
        let station = c.station(&s.station_id).unwrap();
        assert!(station.gear_stock["sun_hat"] > 0);
        assert!(s.themes.contains(&"little_bee".to_string()));
    }
    let out_of_stock = c
        .document()
        .stations
        .iter()
        .find(|s| s.gear_stock.get("sun_hat") == Some(&0))
        .expect("the sample has a station out of sun hats");
    assert!(found.iter().all(|s| s.station_id != out_of_stock.id));
}

#[test]
fn theme_filter_and_bad_arguments() {
    let c = Catalogue::sample().unwrap();
    let mut q = query("2026-06-10T10:00:00+08:00", &[]);
    q.theme = Some("little_bee".into());
    for s in c.nearby(&q).unwrap() {
        assert!(s.themes.contains(&"little_bee".to_string()));
    }
    q.theme = Some("union".into());
    assert!(matches!(c.nearby(&q), Err(QueryError::UnknownTheme { .. })));
    let q = query("2026-06-10T10:00:00+08:00", &["teleporter"]);
    assert!(
        matches!(c.nearby(&q), Err(QueryError::UnknownService { code }) if code == "teleporter")
    );
    let mut q = query("2026-06-10T10:00:00+08:00", &[]);
    q.limit = 0;
    assert!(matches!(
        c.nearby(&q),
        Err(QueryError::InvalidArgument { field: "limit", .. })
    ));
    q.limit = 101;
    assert!(matches!(
        c.nearby(&q),
        Err(QueryError::TooManyResults {
            requested: 101,
            max: 100
        })
    ));
    for radius in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        let mut q = query("2026-06-10T10:00:00+08:00", &[]);
        q.radius_m = radius;
        assert!(matches!(
            c.nearby(&q),
            Err(QueryError::InvalidArgument {
                field: "radius_m",
                ..
            })
        ));
    }
}

#[test]
fn radius_and_limit_bound_the_answer() {
    let c = Catalogue::sample().unwrap();
    let mut q = query("2026-06-10T10:00:00+08:00", &[]);
    q.radius_m = 1_000.0;
    let near = c.nearby(&q).unwrap();
    assert!(near.iter().all(|s| s.distance_m <= 1_000.0));
    q.radius_m = 1_000_000.0;
    q.limit = 3;
    assert_eq!(c.nearby(&q).unwrap().len(), 3);
}

#[test]
fn spring_festival_closes_ph_off_stations() {
    let c = Catalogue::sample().unwrap();
    let t = at("2026-02-17T10:00:00+08:00"); // 正月初一
    let mut saw_closed = false;
    let mut saw_holiday_hours = false;
    for s in &c.document().stations {
        let osm = s.hours.to_osm().unwrap_or_default();
        let status = c.station_status(&s.id, t).unwrap();
        if osm.contains("PH off") && status.stage.is_some_and(Stage::is_serving) {
            assert_eq!(status.state, OpenState::Closed, "{}", s.id);
            saw_closed = true;
        }
        if osm.contains("PH 09:00-17:00") && status.stage.is_some_and(Stage::is_serving) {
            assert_eq!(status.state, OpenState::Open, "{}", s.id);
            saw_holiday_hours = true;
        }
    }
    assert!(saw_closed && saw_holiday_hours);
}

#[test]
fn make_up_working_days_open_with_weekday_hours() {
    let c = Catalogue::sample().unwrap();
    // st-jinan-07 keeps working-day hours, closes on public holidays, opens on make-up days.
    let state = |t: &str| c.station_status("st-jinan-07", at(t)).unwrap().state;
    assert_eq!(
        state("2026-02-14T10:00:00+08:00"),
        OpenState::Open,
        "make-up Saturday before Spring Festival"
    );
    assert_eq!(
        state("2026-02-28T10:00:00+08:00"),
        OpenState::Open,
        "make-up Saturday after it"
    );
    assert_eq!(
        state("2026-03-07T10:00:00+08:00"),
        OpenState::Closed,
        "an ordinary Saturday"
    );
    assert_eq!(
        state("2026-02-16T10:00:00+08:00"),
        OpenState::Closed,
        "a Monday inside the holiday"
    );
    assert_eq!(
        state("2026-02-24T10:00:00+08:00"),
        OpenState::Open,
        "back to work"
    );
    // The night the holiday starts: open Friday, and the next opening skips the holiday.
    let friday = c
        .station_status("st-jinan-07", at("2026-02-13T16:00:00+08:00"))
        .unwrap();
    assert_eq!(
        friday.next_change.as_ref().map(|c| c.at),
        Some(at("2026-02-13T17:00:00+08:00"))
    );
    let evening = c
        .station_status("st-jinan-07", at("2026-02-14T18:00:00+08:00"))
        .unwrap();
    assert_eq!(
        evening.next_change.map(|c| c.at),
        Some(at("2026-02-24T08:30:00+08:00"))
    );
}

#[test]
fn a_year_without_calendar_is_unknown_not_guessed() {
    let c = Catalogue::sample().unwrap();
    let t = at("2031-06-10T10:00:00+08:00");
    let ph = c.station_status("st-jinan-01", t).unwrap();
    assert_eq!(ph.state, OpenState::Unknown);
    assert_eq!(ph.calendar_unknown_year, Some(2031));
    // New Year's Eve 2026 after closing: closed now is certain, the next opening is in 2027.
    let eve = c
        .station_status("st-jinan-07", at("2026-12-31T18:00:00+08:00"))
        .unwrap();
    assert_eq!(eve.state, OpenState::Closed);
    assert_eq!(eve.next_change, None);
    assert_eq!(eve.calendar_unknown_year, Some(2027));
    // A round-the-clock station needs no calendar.
    assert_eq!(
        c.station_status("st-jinan-02", t).unwrap().state,
        OpenState::Open
    );
    assert!(matches!(
        c.hours_on("st-jinan-01", NaiveDate::from_ymd_opt(2031, 6, 10).unwrap()),
        Err(QueryError::CalendarUnknown { year: 2031 })
    ));
}

#[test]
fn lifecycle_governs_service() {
    let c = Catalogue::sample().unwrap();
    let suspended = c
        .station_status("st-zibo-04", at("2026-11-02T10:00:00+08:00"))
        .unwrap();
    assert_eq!(suspended.stage, Some(Stage::Suspended));
    assert_eq!(suspended.state, OpenState::Closed);
    let planned = c
        .station_status("st-dezhou-02", at("2026-12-01T10:00:00+08:00"))
        .unwrap();
    assert_eq!(planned.stage, Some(Stage::Planned));
    assert_eq!(planned.state, OpenState::Closed);
    assert!(c
        .hours_on(
            "st-dezhou-02",
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        )
        .unwrap()
        .is_empty());
}

#[test]
fn hours_details_and_branches() {
    let c = Catalogue::sample().unwrap();
    let national_day = c
        .hours_on("st-jinan-01", NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
        .unwrap();
    assert_eq!(national_day.len(), 1);
    assert_eq!(national_day[0].open, at("2026-10-01T09:00:00+08:00"));
    assert_eq!(national_day[0].close, at("2026-10-01T17:00:00+08:00"));
    let d = c
        .station_details("st-jinan-01", at("2026-10-01T10:00:00+08:00"))
        .unwrap();
    let chain: Vec<&str> = d.branches.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(chain, ["sd-jinan", "sd"]);
    assert_eq!(d.status.state, OpenState::Open);
    assert!(d.hours_osm.is_some());
    assert_eq!(c.stations_in_branch("sd-jinan").unwrap().len(), 10);
    assert_eq!(
        c.stations_in_branch("sd").unwrap().len(),
        c.document().stations.len()
    );
    assert!(matches!(
        c.stations_in_branch("sd-mars"),
        Err(QueryError::UnknownBranch { .. })
    ));
    assert!(matches!(
        c.station_status("nope", at("2026-10-01T10:00:00+08:00")),
        Err(QueryError::UnknownStation { .. })
    ));
}

#[test]
fn rollout_from_pilot_toward_full_coverage() {
    let c = Catalogue::sample().unwrap();
    let pilot = c
        .rollout(NaiveDate::from_ymd_opt(2023, 5, 20).unwrap(), "little_bee")
        .unwrap();
    assert_eq!(pilot.total.pilots, 8, "8 pilot outlets");
    assert_eq!(pilot.total.with_theme, 8);
    let branches_with_pilots: Vec<&str> = pilot
        .branches
        .iter()
        .filter(|b| b.pilots > 0)
        .map(|b| b.branch_id.as_str())
        .collect();
    assert_eq!(
        branches_with_pilots.len(),
        6,
        "under 6 second-level branches"
    );
    assert!(branches_with_pilots.contains(&"sd-jinan"));

    let launched = c
        .rollout(NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(), "little_bee")
        .unwrap();
    assert_eq!(launched.total.pilots, 0, "in operation after the ceremony");
    assert_eq!(launched.total.with_theme, 8);

    let now = c
        .rollout(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), "little_bee")
        .unwrap();
    assert!(now.total.with_theme > 8, "extended beyond the pilots");
    assert!(!now.full_coverage);
    assert_eq!(now.total.outlets as usize, c.document().outlets.len());
    assert_eq!(
        now.total.remaining,
        now.total.outlets - now.total.with_station
    );
    assert_eq!(now.total.suspended, 1);
    assert_eq!(now.total.planned, 1);
    let sum: i32 = now.branches.iter().map(|b| b.with_station).sum();
    assert_eq!(sum, now.total.with_station);
    assert!(
        (now.total.coverage - f64::from(now.total.with_station) / f64::from(now.total.outlets))
            .abs()
            < 1e-12
    );
    assert!(c
        .rollout(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), "nope")
        .is_err());
}

#[test]
fn further_holiday_years_load_from_the_catalogue() {
    let mut v: serde_json::Value =
        serde_json::from_str(waystation::catalogue::SAMPLE_CATALOGUE_JSON).unwrap();
    v["holiday_years"] = serde_json::json!({
        "year": 2031,
        "source": "test data (not an official notice)",
        "holidays": [{"code": "national_day", "name_zh": "国庆节", "name_en": "National Day",
                      "days_off": ["2031-10-01", "2031-10-02", "2031-10-03"]}]
    });
    let c = Catalogue::from_json(&v.to_string()).unwrap();
    assert_eq!(c.calendar().years(), vec![2025, 2026, 2031]);
    let june = c
        .station_status("st-jinan-01", at("2031-06-10T10:00:00+08:00"))
        .unwrap();
    assert_eq!(june.state, OpenState::Open);
    let national_day = c
        .hours_on("st-jinan-01", NaiveDate::from_ymd_opt(2031, 10, 2).unwrap())
        .unwrap();
    assert_eq!(
        national_day[0].open,
        at("2031-10-02T09:00:00+08:00"),
        "holiday hours apply"
    );
    // 2030 is still unknown, and bad calendar data is reported at its path.
    assert!(c
        .hours_on("st-jinan-01", NaiveDate::from_ymd_opt(2030, 10, 2).unwrap())
        .is_err());
    v["holiday_years"]["holidays"][0]["days_off"][0] = serde_json::json!("2031-02-30");
    let err = Catalogue::from_json(&v.to_string()).unwrap_err();
    assert!(err.to_string().contains("holiday_years"), "{err}");
}

#[test]
fn gear_is_offered_only_while_it_can_be_claimed() {
    // The sample hands out Little Bee gear in its gear season (1 April to 31 October).
    let c = Catalogue::sample().unwrap();
    let in_season = c
        .nearby(&query("2026-07-01T10:00:00+08:00", &["sun_hat"]))
        .unwrap();
    assert!(!in_season.is_empty(), "gear in stock in July is found");
    let station = &in_season[0].station_id;
    let codes = |t: &str| -> Vec<String> {
        c.services_at(station, at(t))
            .unwrap()
            .into_iter()
            .map(|s| s.code)
            .collect()
    };
    assert!(codes("2026-07-01T10:00:00+08:00").contains(&"sun_hat".to_string()));
    // In December the same station still has the hat in stock, but will not hand it out: it
    // is neither listed nor found.
    assert!(!codes("2026-12-01T10:00:00+08:00").contains(&"sun_hat".to_string()));
    let december = c
        .nearby(&query("2026-12-01T10:00:00+08:00", &["sun_hat"]))
        .unwrap();
    assert!(december.is_empty(), "{december:?}");
    // The claim check agrees: outside the claim period.
    let details = c
        .station_details(station, at("2026-12-01T10:00:00+08:00"))
        .unwrap();
    let listed: Vec<_> = details
        .services_now
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    assert!(!listed.contains(&"sun_hat"), "{listed:?}");
}

// Opening hours inside a catalogue (moved here from the hours crate, which knows no catalogue).

fn china_at(y: i32, m: u32, d: u32, h: u32, min: u32) -> waystation::time::ChinaTime {
    use chrono::TimeZone;
    waystation::time::CHINA
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
}

#[test]
fn requests_at_the_ends_of_chronos_range_are_answered() {
    use waystation::requests::respond;
    let c = Catalogue::sample().unwrap();
    let dates = [
        chrono::NaiveDate::MIN,
        chrono::NaiveDate::MIN.succ_opt().unwrap(),
        chrono::NaiveDate::MAX.pred_opt().unwrap(),
        chrono::NaiveDate::MAX,
    ];
    let instants = [
        "-262143-01-01T00:00:00Z",
        "-262143-01-01T08:00:00+08:00",
        "-262143-01-01T23:59:59+08:00",
        "+262142-12-31T00:00:00+08:00",
        "+262142-12-31T12:00:00+08:00",
        "+262142-12-31T15:59:59Z",
        "+262142-12-31T16:00:00Z",
        "+262142-12-31T23:59:59Z",
    ];
    let mut requests = Vec::new();
    for station in &c.document().stations {
        for d in dates {
            requests.push(format!(
                r#"{{"op": "hours_on", "station_id": "{}", "date": "{d}"}}"#,
                station.id
            ));
        }
        for at in instants {
            requests.push(format!(
                r#"{{"op": "station_status", "station_id": "{}", "at": "{at}"}}"#,
                station.id
            ));
        }
    }
    for hours in [
        "24/7",
        "Mo-Su 10:00-24:00",
        "Mo-Su 22:00-02:00",
        "Mo-Fr 09:00-17:00; PH off",
        "Mo 10:00-34:00",
    ] {
        for at in instants {
            requests.push(format!(
                r#"{{"op": "opening_hours_status", "hours": "{hours}", "at": "{at}"}}"#
            ));
        }
    }
    let reproduction = r#"{"op":"hours_on","station_id":"st-jinan-02","date":"+262142-12-31"}"#;
    requests.push(reproduction.to_owned());
    for r in &requests {
        let answer: serde_json::Value = serde_json::from_str(&respond(&c, r)).unwrap();
        assert!(
            answer.get("ok").is_some() || answer["error"]["code"].is_string(),
            "{r}: {answer}"
        );
    }
    let answer: serde_json::Value = serde_json::from_str(&respond(&c, reproduction)).unwrap();
    assert!(answer.get("ok").is_some(), "{answer}");
}

#[test]
fn opening_hours_status_and_station_status_give_one_answer() {
    use waystation::hours::HoursError;
    let c = Catalogue::sample().unwrap();
    let instants = [
        china_at(2026, 3, 10, 10, 0),
        china_at(2026, 6, 1, 3, 0),
        china_at(2026, 10, 1, 10, 0),
        china_at(2026, 12, 31, 12, 0),
        china_at(2026, 12, 31, 23, 0),
        china_at(2027, 3, 1, 12, 0),
    ];
    let mut unknown_next = 0;
    let mut unknown_state = 0;
    for station in &c.document().stations {
        for t in instants {
            let status = c.station_status(&station.id, t).unwrap();
            let serving = status.stage.is_some_and(|s| s.is_serving());
            if !serving {
                continue;
            }
            match c.opening_hours_status(&station.hours, t) {
                Ok(s) => {
                    let state = if s.open {
                        OpenState::Open
                    } else {
                        OpenState::Closed
                    };
                    assert_eq!(status.state, state, "{} at {t}", station.id);
                    assert_eq!(
                        status.calendar_unknown_year, s.calendar_unknown_year,
                        "{} at {t}",
                        station.id
                    );
                    if s.calendar_unknown_year.is_some() {
                        unknown_next += 1;
                        assert_eq!(status.next_change, None);
                    }
                }
                Err(HoursError::CalendarUnknown { year }) => {
                    unknown_state += 1;
                    assert_eq!(status.state, OpenState::Unknown, "{} at {t}", station.id);
                    assert_eq!(status.calendar_unknown_year, Some(year));
                }
                Err(e) => panic!("{} at {t}: {e}", station.id),
            }
        }
    }
    assert!(
        unknown_next > 0 && unknown_state > 0,
        "{unknown_next} {unknown_state}"
    );
}

#[test]
fn hours_as_text_are_osm_or_their_json_form_read_strictly() {
    use waystation::error::Error;
    use waystation::requests::opening_hours_from_text;
    let osm = opening_hours_from_text("Mo-Fr 09:00-17:00; PH off").unwrap();
    let json = serde_json::to_string(&osm).unwrap();
    assert!(json.starts_with('{'), "{json}");
    assert_eq!(opening_hours_from_text(&json).unwrap(), osm);
    let twice = r#"{"weekly": {"mo": ["09:00-17:00"]}, "weekly": {}}"#;
    assert!(matches!(
        opening_hours_from_text(twice),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        opening_hours_from_text("Mo-Fr 25:00-99:00"),
        Err(Error::InvalidInput { .. })
    ));
}
