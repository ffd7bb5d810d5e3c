//! "Open at t?" per station: compiled schedules against `OpeningHours::is_open_at` and the
//! `opening-hours` crate's `is_open` (parsed once, outside the measurement), in the same run.
//!
//! `cargo bench -p waystation-benches --bench open_now`; `cargo bench -p waystation-benches --bench open_now -- --test` is the smoke pass.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use chrono::DateTime;
use criterion::{criterion_group, criterion_main, Criterion};
use opening_hours::localization::Country;
use opening_hours::Context;
use std::hint::black_box;
use std::time::Duration;
use waystation::catalogue::{Catalogue, Limits};
use waystation::schedule::CompiledSchedules;
use waystation::synthetic::{national_catalogue, NationalConfig};

fn open_now(c: &mut Criterion) {
    let smoke = std::env::args().any(|a| a == "--test");
    let config = NationalConfig {
        stations: if smoke { 2_000 } else { 20_000 },
        ..NationalConfig::default()
    };
    let doc = national_catalogue(&config).unwrap();
    let catalogue = Catalogue::from_document(doc, &Limits::default()).unwrap();
    let cal = catalogue.calendar();
    let stations = &catalogue.document().stations;
    let compiled = CompiledSchedules::compile(stations.iter().map(|s| &s.hours));
    // Stations whose hours the OSM crate can take (every one but make-up day rules).
    let ids: Vec<u32> = stations
        .iter()
        .map(|s| compiled.id_of(&s.hours).unwrap())
        .collect();
    let ctx = Context::default().with_holidays(Country::CN.holidays());
    let osm: Vec<Option<opening_hours::OpeningHours>> = stations
        .iter()
        .map(|s| {
            let text = s.hours.to_osm().ok()?;
            Some(
                opening_hours::OpeningHours::parse(&text)
                    .ok()?
                    .with_context(ctx.clone()),
            )
        })
        .collect();
    let both: Vec<usize> = (0..stations.len()).filter(|&i| osm[i].is_some()).collect();
    // An ordinary Wednesday morning and a sample of instants over a week.
    let t = DateTime::parse_from_rfc3339("2026-06-10T10:07:00+08:00").unwrap();
    let naive = t.naive_local();
    let at = compiled.prepare(t, cal);
    let mut agree = 0;
    for &i in &both {
        let ours = stations[i].hours.is_open_at(t, cal).unwrap();
        assert_eq!(compiled.is_open(ids[i], &at, cal).unwrap(), ours);
        agree += usize::from(osm[i].as_ref().unwrap().is_open(naive) == ours);
    }
    eprintln!(
        "open_now: {} stations, {} distinct schedules ({} B compiled), {} comparable with the OSM \
         crate, which agrees on {}",
        stations.len(),
        compiled.len(),
        compiled.compiled_bytes(),
        both.len(),
        agree
    );

    let mut g = c.benchmark_group("open_now");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    g.sample_size(20);
    let mut k = 0;
    let mut next = || {
        k = (k + 1) % both.len();
        both[k]
    };
    g.bench_function("compiled", |b| {
        b.iter(|| black_box(compiled.is_open(ids[next()], black_box(&at), cal)))
    });
    g.bench_function("compiled_with_prepare", |b| {
        b.iter(|| {
            let at = compiled.prepare(black_box(t), cal);
            black_box(compiled.is_open(ids[next()], &at, cal))
        })
    });
    g.bench_function("is_open_at", |b| {
        b.iter(|| black_box(stations[next()].hours.is_open_at(black_box(t), cal)))
    });
    g.bench_function("opening_hours_crate", |b| {
        b.iter(|| black_box(osm[next()].as_ref().unwrap().is_open(black_box(naive))))
    });
    g.finish();
}

criterion_group!(benches, open_now);
criterion_main!(benches);
