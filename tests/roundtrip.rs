//! Round trips as properties: catalogues drawn with every mix of datums (all WGS-84, all
//! GCJ-02, all BD-09, mixed), sizes (no outlets or stations, one, a few, hundreds), optional
//! fields present and absent, and texts of every kind (empty optional texts, CJK, as long as
//! the limit, JSON escapes) load from their JSON form, and
//! - JSON → catalogue → compact → catalogue gives an equal document, the same bytes again, and
//!   the same answers (nearby, station status, hours on a date);
//! - JSON → catalogue → JSON gives an equal document, the same text again, and the same
//!   answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;
use waystation::catalogue::{Catalogue, CatalogueDocument};
use waystation::geo::{Coordinate, Datum};
use waystation::nearby::NearbyQuery;
use waystation::synthetic::{varied_catalogue, DatumMix, TextStyle, VariedConfig};
use waystation::time::ChinaTime;

fn at(s: &str) -> ChinaTime {
    s.parse().unwrap()
}

/// Instants the answers are compared at: a June weekday morning, a night past midnight, a
/// national-day holiday, a make-up working day, a year only a catalogue's own holiday years
/// know, and one no calendar knows.
fn instants() -> Vec<ChinaTime> {
    [
        "2026-06-10T10:00:00+08:00",
        "2026-06-11T01:30:00+08:00",
        "2026-10-02T12:00:00+08:00",
        "2026-01-04T09:30:00+08:00",
        "2031-10-02T10:00:00+08:00",
        "2029-03-01T10:00:00+08:00",
    ]
    .into_iter()
    .map(at)
    .collect()
}

/// Asserts that two catalogues give the same answers: nearby stations around every outlet and
/// a fixed point (all stations and open ones, with and without needs and a theme), each
/// station's status at every instant and its hours on those dates.
fn assert_same_answers(a: &Catalogue, b: &Catalogue, what: &str) {
    let doc = a.document();
    let mut points: Vec<Coordinate> = doc.outlets.iter().take(12).map(|o| o.location).collect();
    points.push(Coordinate::new(36.6512, 117.1201, Datum::Gcj02).unwrap());
    for t in instants() {
        for p in &points {
            let mut q = NearbyQuery::new(*p, t);
            q.radius_m = 20_000_000.0;
            q.limit = 50;
            q.open_only = false;
            assert_eq!(a.nearby(&q), b.nearby(&q), "{what}: nearby {q:?}");
            q.open_only = true;
            q.needs = vec!["charging".into()];
            assert_eq!(a.nearby(&q), b.nearby(&q), "{what}: nearby {q:?}");
            q.theme = Some("little_bee".into());
            q.needs.clear();
            assert_eq!(a.nearby(&q), b.nearby(&q), "{what}: nearby {q:?}");
        }
        for s in &doc.stations {
            assert_eq!(
                a.station_status(&s.id, t),
                b.station_status(&s.id, t),
                "{what}: status of {} at {t}",
                s.id
            );
            let day: NaiveDate = t.date_naive();
            assert_eq!(
                a.hours_on(&s.id, day),
                b.hours_on(&s.id, day),
                "{what}: hours of {} on {day}",
                s.id
            );
        }
    }
}

/// Asserts two documents equal, naming the first record that differs (a whole document in a
/// failure message is unreadable).
fn assert_same_document(a: &CatalogueDocument, b: &CatalogueDocument, what: &str) {
    assert_eq!(a.outlets.len(), b.outlets.len(), "{what}: outlet count");
    for (k, (x, y)) in a.outlets.iter().zip(&b.outlets).enumerate() {
        assert_eq!(x, y, "{what}: outlets[{k}]");
        let bits =
            |o: &waystation::org::Outlet| (o.location.lat().to_bits(), o.location.lon().to_bits());
        assert_eq!(
            bits(x),
            bits(y),
            "{what}: outlets[{k}].location, bit for bit"
        );
    }
    assert_eq!(a.stations.len(), b.stations.len(), "{what}: station count");
    for (k, (x, y)) in a.stations.iter().zip(&b.stations).enumerate() {
        assert_eq!(x, y, "{what}: stations[{k}]");
    }
    assert_eq!(a.branches, b.branches, "{what}: branches");
    assert_eq!(a.network, b.network, "{what}: network");
    assert!(
        a == b,
        "{what}: the documents differ outside outlets, stations and branches"
    );
}

/// The property: both round trips from the JSON text of `doc`.
fn round_trips(doc: &CatalogueDocument) {
    let json = serde_json::to_string(doc).unwrap();
    let loaded = Catalogue::from_json(&json)
        .unwrap_or_else(|e| panic!("the generated catalogue loads from JSON: {e}"));
    assert_same_document(loaded.document(), doc, "JSON → catalogue");

    // JSON → catalogue → compact → catalogue.
    let bytes = loaded.to_compact();
    let compact = Catalogue::from_compact(&bytes)
        .unwrap_or_else(|e| panic!("a catalogue loads from its own compact form: {e}"));
    assert_same_document(compact.document(), loaded.document(), "compact round trip");
    assert_eq!(compact.to_compact(), bytes, "compact bytes written again");
    assert_same_answers(&loaded, &compact, "compact");

    // JSON → catalogue → JSON.
    let text = loaded.to_json();
    let again = Catalogue::from_json(&text)
        .unwrap_or_else(|e| panic!("a catalogue loads from its own JSON: {e}"));
    assert_same_document(again.document(), loaded.document(), "JSON round trip");
    assert_eq!(again.to_json(), text, "JSON text written again");
    assert_same_answers(&loaded, &again, "JSON");
}

fn configs() -> impl Strategy<Value = VariedConfig> {
    let sizes = prop_oneof![Just(0usize), Just(1), 2..8usize, 100..300usize];
    (
        any::<u64>(),
        sizes,
        0..=100usize,
        select(DatumMix::ALL.to_vec()),
        select(TextStyle::ALL.to_vec()),
        any::<bool>(),
    )
        .prop_map(
            |(seed, outlets, percent, datums, texts, optional)| VariedConfig {
                seed,
                outlets,
                stations: outlets * percent / 100,
                datums,
                texts,
                optional,
                ..VariedConfig::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_catalogues_round_trip(config in configs()) {
        let doc = varied_catalogue(&config).unwrap();
        prop_assert_eq!(doc.outlets.len(), config.outlets);
        round_trips(&doc);
    }
}

/// Every datum mix and text style at the sizes that matter, each once (the cases the property
/// may not draw in a run): no outlets, one outlet with and without its station, a few.
#[test]
fn every_mix_and_style_round_trips() {
    for datums in DatumMix::ALL {
        for texts in TextStyle::ALL {
            for (outlets, stations) in [(0, 0), (1, 0), (1, 1), (5, 3)] {
                for optional in [false, true] {
                    let config = VariedConfig {
                        seed: 7,
                        outlets,
                        stations,
                        datums,
                        texts,
                        optional,
                        ..VariedConfig::default()
                    };
                    let doc = varied_catalogue(&config).unwrap();
                    round_trips(&doc);
                }
            }
        }
    }
}

/// The generator reaches what the property claims: every datum mix really is that mix, long
/// texts reach the limit, optional texts are empty, optional parts are present or absent.
#[test]
fn the_generator_draws_what_it_says() {
    let base = VariedConfig {
        outlets: 40,
        stations: 30,
        ..VariedConfig::default()
    };
    for (mix, datums) in [
        (DatumMix::AllWgs84, vec![Datum::Wgs84]),
        (DatumMix::AllGcj02, vec![Datum::Gcj02]),
        (DatumMix::AllBd09, vec![Datum::Bd09]),
        (DatumMix::Mixed, Datum::ALL.to_vec()),
    ] {
        let doc = varied_catalogue(&VariedConfig {
            datums: mix,
            ..base.clone()
        })
        .unwrap();
        let mut found: Vec<Datum> = doc.outlets.iter().map(|o| o.location.datum()).collect();
        found.sort_by_key(|d| *d as u8);
        found.dedup();
        assert_eq!(found, datums, "{mix:?}");
    }
    let long = varied_catalogue(&VariedConfig {
        texts: TextStyle::Long,
        ..base.clone()
    })
    .unwrap();
    let limit = base.max_text_chars;
    assert!(long
        .outlets
        .iter()
        .any(|o| o.name_zh.chars().count() == limit));
    assert!(long.outlets.iter().any(|o| o.id.len() > limit));
    let empty = varied_catalogue(&VariedConfig {
        texts: TextStyle::EmptyOptional,
        ..base.clone()
    })
    .unwrap();
    assert!(empty.outlets.iter().all(|o| o.address_zh.is_empty()));
    let escapes = varied_catalogue(&VariedConfig {
        texts: TextStyle::Escapes,
        ..base.clone()
    })
    .unwrap();
    assert!(serde_json::to_string(&escapes)
        .unwrap()
        .contains(r#"\"Quoted\" \\"#));
    let with = varied_catalogue(&base).unwrap();
    assert!(with.stations.iter().any(|s| !s.themes.is_empty()));
    assert!(with.stations.iter().any(|s| !s.gear_stock.is_empty()));
    assert!(with.product_catalogue.is_some());
    let without = varied_catalogue(&VariedConfig {
        optional: false,
        ..base
    })
    .unwrap();
    assert!(without.stations.iter().all(|s| s.themes.is_empty()));
    assert!(without.programmes.is_none() && without.holiday_years.is_none());
    assert!(without.services.iter().all(|s| s.season.is_none()));
}
