//! Property tests of the spatial index and the compiled schedules: the index answers exactly
//! what the linear scan answers (same stations, order and distances), and compiled schedules
//! answer exactly what `OpeningHours::is_open_at` answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use chrono::{Duration, NaiveDate, TimeZone, Weekday};
use proptest::prelude::*;
use waystation::calendar::HolidayCalendar;
use waystation::catalogue::{Catalogue, Limits};
use waystation::geo::{Coordinate, Datum};
use waystation::hours::{
    DateException, HolidayPolicy, Interval, MakeupPolicy, OpeningHours, WeeklyHours,
};
use waystation::nearby::NearbyQuery;
use waystation::schedule::CompiledSchedules;
use waystation::synthetic::{national_catalogue, NationalConfig, SplitMix64};
use waystation::time::CHINA;

/// How station positions are laid out.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// The generator's own clusters in mainland China.
    China,
    /// A cluster of the given spread (degrees) around a centre anywhere (poles excluded).
    Cluster(f64),
    /// Snapped to multiples of a grid step, so that many lie on cell edges.
    Snapped(f64),
    /// Around the antimeridian.
    Antimeridian,
}

fn layout() -> impl Strategy<Value = Layout> {
    prop_oneof![
        Just(Layout::China),
        prop_oneof![Just(0.02), Just(0.5), Just(5.0), Just(60.0)].prop_map(Layout::Cluster),
        prop_oneof![Just(0.01), Just(0.05), Just(0.1), Just(0.25), Just(1.0)]
            .prop_map(Layout::Snapped),
        Just(Layout::Antimeridian),
    ]
}

fn wrap(lon: f64) -> f64 {
    let l = (lon + 180.0).rem_euclid(360.0) - 180.0;
    l.clamp(-180.0, 180.0)
}

fn catalogue(seed: u64, n: usize, layout: Layout) -> (Catalogue, (f64, f64)) {
    let config = NationalConfig {
        seed,
        stations: n,
        cities: 1 + (seed % 7) as usize,
        schedules: 40,
        little_bee_share: 0.3,
        rural_share: 0.1,
    };
    let mut doc = national_catalogue(&config).unwrap();
    let mut rng = SplitMix64::new(seed ^ 0xABCD);
    let centre = (rng.unit() * 150.0 - 75.0, rng.unit() * 360.0 - 180.0);
    let count = doc.outlets.len();
    for i in 0..count {
        let (lat, lon) = match layout {
            Layout::China => continue,
            Layout::Cluster(s) => (
                centre.0 + (rng.unit() - 0.5) * s,
                centre.1 + (rng.unit() - 0.5) * s * 2.0,
            ),
            Layout::Snapped(step) => {
                let lat = centre.0 + (rng.unit() - 0.5) * 20.0 * step;
                let lon = centre.1 + (rng.unit() - 0.5) * 20.0 * step;
                ((lat / step).round() * step, (lon / step).round() * step)
            }
            Layout::Antimeridian => (
                centre.0 * 0.5 + (rng.unit() - 0.5) * 2.0,
                180.0 + (rng.unit() - 0.5) * 1.0,
            ),
        };
        let datum = if rng.chance(0.8) {
            Datum::Wgs84
        } else {
            Datum::Gcj02
        };
        doc.outlets[i].location =
            Coordinate::new(lat.clamp(-85.0, 85.0), wrap(lon), datum).unwrap();
    }
    // Duplicates: some outlets share a building with another.
    for i in 0..count {
        if rng.chance(0.1) {
            let j = rng.below(count);
            doc.outlets[i].location = doc.outlets[j].location;
        }
    }
    let centre = match layout {
        Layout::China => (36.65, 117.12),
        Layout::Antimeridian => (centre.0 * 0.5, 179.9),
        _ => centre,
    };
    (
        Catalogue::from_document(doc, &Limits::default()).unwrap(),
        centre,
    )
}

const NEEDS: [&str; 7] = [
    "charging",
    "wifi",
    "drinking_water",
    "heating",
    "cool_drinks",
    "sun_hat",
    "cash_counter",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn index_equals_linear_scan(
        seed in any::<u64>(),
        n in 0usize..400,
        layout in layout(),
        queries in proptest::collection::vec(
            (
                any::<u64>(),
                prop_oneof![Just(10.0), Just(500.0), Just(5_000.0), Just(50_000.0),
                            Just(400_000.0), Just(6_000_000.0), 1.0f64..100_000.0],
                1i32..25,
                proptest::collection::vec(0usize..NEEDS.len(), 0..3),
                any::<bool>(),
                any::<bool>(),
                0i64..(3 * 365 * 24 * 60),
            ),
            12,
        ),
    ) {
        let (catalogue, centre) = catalogue(seed, n, layout);
        let stations = catalogue.document().outlets.clone();
        for (qseed, radius, limit, needs, theme, open_only, minutes) in queries {
            let mut rng = SplitMix64::new(qseed);
            // Near the centre, on a station (exact duplicates of its position), or on a cell edge.
            let (lat, lon) = match rng.below(3) {
                0 if !stations.is_empty() => {
                    let p = stations[rng.below(stations.len())].location.to_wgs84();
                    (p.lat(), p.lon())
                }
                1 => {
                    let step = [0.01, 0.05, 0.1, 0.25, 1.0][rng.below(5)];
                    (((centre.0 + (rng.unit() - 0.5)) / step).round() * step,
                     ((centre.1 + (rng.unit() - 0.5)) / step).round() * step)
                }
                _ => (centre.0 + (rng.unit() - 0.5) * 2.0, centre.1 + (rng.unit() - 0.5) * 2.0),
            };
            let position = Coordinate::new(lat.clamp(-89.0, 89.0), wrap(lon), Datum::Wgs84).unwrap();
            let at = CHINA.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(minutes);
            let mut query = NearbyQuery::new(position, at);
            query.radius_m = radius;
            query.limit = limit;
            query.needs = needs.iter().map(|&i| NEEDS[i].to_owned()).collect();
            query.theme = theme.then(|| "little_bee".to_owned());
            query.open_only = open_only;
            let want = catalogue.nearby_linear(&query).unwrap();
            let got = catalogue.nearby(&query).unwrap();
            prop_assert_eq!(&got, &want, "query {:?}", query);
        }
    }
}

fn interval() -> impl Strategy<Value = Interval> {
    prop_oneof![
        (0u16..1440, 1u16..=1440).prop_filter_map("valid", |(o, c)| Interval::new(o, c).ok()),
        Just(Interval::ALL_DAY),
        (1080u16..1440, 1u16..600).prop_filter_map("wraps", |(o, c)| Interval::new(o, c).ok()),
    ]
}

fn day() -> impl Strategy<Value = Vec<Interval>> {
    proptest::collection::vec(interval(), 0..3).prop_map(|mut v| {
        // Keep non-overlapping intervals only (OpeningHours::new rejects overlaps).
        v.sort();
        let mut out: Vec<Interval> = Vec::new();
        for iv in v {
            let end = |x: &Interval| {
                if x.wraps_midnight() {
                    1440 + x.close_minute()
                } else {
                    x.close_minute()
                }
            };
            if out.last().is_none_or(|last| end(last) <= iv.open_minute()) {
                out.push(iv);
            }
        }
        out
    })
}

fn hours() -> impl Strategy<Value = OpeningHours> {
    (
        proptest::collection::vec(day(), 7),
        proptest::collection::vec((0u64..800, day()), 0..4),
        0u8..3,
        day(),
        proptest::option::of(0u8..7),
    )
        .prop_filter_map("valid hours", |(week, exceptions, ph, ph_hours, makeup)| {
            let mut w = week.into_iter();
            let weekly = WeeklyHours {
                mo: w.next()?,
                tu: w.next()?,
                we: w.next()?,
                th: w.next()?,
                fr: w.next()?,
                sa: w.next()?,
                su: w.next()?,
            };
            let start = NaiveDate::from_ymd_opt(2024, 12, 20)?;
            let mut seen = std::collections::BTreeSet::new();
            let exceptions = exceptions
                .into_iter()
                .filter(|(d, _)| seen.insert(*d))
                .map(|(d, intervals)| DateException {
                    date: start + chrono::Days::new(d),
                    intervals,
                })
                .collect();
            let public_holidays = match ph {
                0 => HolidayPolicy::AsUsual,
                1 => HolidayPolicy::Closed,
                _ if ph_hours.is_empty() => HolidayPolicy::Closed,
                _ => HolidayPolicy::Hours {
                    intervals: ph_hours,
                },
            };
            let makeup = match makeup {
                None => MakeupPolicy::Ignored,
                Some(d) => MakeupPolicy::AsWeekday {
                    weekday: Weekday::try_from(d).ok()?,
                },
            };
            OpeningHours::new(weekly, exceptions, public_holidays, makeup).ok()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compiled_schedules_equal_is_open_at(
        schedules in proptest::collection::vec(hours(), 1..6),
        times in proptest::collection::vec(0i64..(800 * 24 * 60), 40),
        holidays in proptest::collection::vec(0usize..16, 8),
    ) {
        let cal = HolidayCalendar::builtin();
        let compiled = CompiledSchedules::compile(schedules.iter());
        // Holidays, make-up days and the days after them (2025 and 2026), plus random instants
        // from late 2024 (no calendar) to early 2027 (no calendar).
        let special = [
            (2025, 1, 1), (2025, 1, 26), (2025, 1, 28), (2025, 2, 4), (2025, 2, 8),
            (2025, 4, 27), (2025, 5, 1), (2025, 5, 6), (2025, 9, 28), (2025, 10, 8),
            (2025, 10, 9), (2026, 1, 1), (2026, 1, 4), (2026, 2, 15), (2026, 2, 28),
            (2026, 10, 1),
        ];
        let start = CHINA.with_ymd_and_hms(2024, 12, 20, 0, 0, 0).unwrap();
        let mut instants: Vec<_> = times.iter().map(|&m| start + Duration::minutes(m)).collect();
        for &h in &holidays {
            let (y, m, d) = special[h];
            let base = CHINA.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
            for minutes in [0, 1, 59, 60 * 3, 60 * 9 + 30, 60 * 12, 60 * 17, 60 * 23 + 59] {
                instants.push(base + Duration::minutes(minutes));
            }
        }
        for t in instants {
            let at = compiled.prepare(t, &cal);
            for h in &schedules {
                let id = compiled.id_of(h).unwrap();
                let got = compiled.is_open(id, &at, &cal);
                let want = h.is_open_at(t, &cal);
                prop_assert_eq!(format!("{got:?}"), format!("{want:?}"), "at {} for {:?}", t, h);
            }
        }
    }
}

/// A national-like catalogue: the index finds results, never falls back, and agrees with the
/// linear scan; its predicate checks stay near k divided by the pass rate.
#[test]
fn national_sample_agrees_and_stays_cheap() {
    let config = NationalConfig {
        stations: 20_000,
        ..NationalConfig::default()
    };
    let doc = national_catalogue(&config).unwrap();
    let points = waystation::synthetic::query_points(&doc, 7, 60);
    let catalogue = Catalogue::from_document(doc, &Limits::default()).unwrap();
    let at = CHINA.with_ymd_and_hms(2026, 6, 10, 10, 0, 0).unwrap();
    let (mut non_empty, mut checks) = (0, 0);
    for p in points {
        let mut query = NearbyQuery::new(p, at);
        query.needs = vec!["charging".into(), "wifi".into()];
        let (got, stats) = catalogue.nearby_with_stats(&query).unwrap();
        assert!(!stats.fell_back);
        assert_eq!(got, catalogue.nearby_linear(&query).unwrap());
        non_empty += usize::from(!got.is_empty());
        checks += stats.predicate_checks;
    }
    assert!(non_empty > 50, "{non_empty}");
    assert!(checks < 60 * 40, "{checks}");
}
