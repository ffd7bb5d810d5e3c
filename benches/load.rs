//! Loading a national catalogue: from the JSON interchange form against the compact binary
//! form, in the same run. Both loads end in a validated, indexed, queryable `Catalogue`.
//!
//! `cargo bench -p waystation-benches --bench load` (200,000 stations; `WAYSTATION_BENCH_STATIONS=N` for another
//! size); `cargo bench -p waystation-benches --bench load -- --test` is the quick smoke pass (20,000 stations, each
//! function once, the two loaded catalogues compared).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};
use waystation::catalogue::{Catalogue, Limits};
use waystation::nearby::NearbyQuery;
use waystation::synthetic::{national_catalogue, query_points, NationalConfig};

fn smoke() -> bool {
    std::env::args().any(|a| a == "--test")
}

fn stations() -> usize {
    std::env::var("WAYSTATION_BENCH_STATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if smoke() { 20_000 } else { 200_000 })
}

fn gzip(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn mb(n: usize) -> String {
    format!("{:.2} MB", n as f64 / 1e6)
}

/// The two loads give the same catalogue: equal documents and equal nearby answers.
fn assert_same(a: &Catalogue, b: &Catalogue) {
    assert_eq!(a.document(), b.document(), "documents differ");
    let at = "2026-06-10T10:00:00+08:00".parse().unwrap();
    for (i, p) in query_points(a.document(), 17, 64).into_iter().enumerate() {
        let mut q = NearbyQuery::new(p, at);
        if i % 2 == 0 {
            q.needs = vec!["charging".into(), "wifi".into()];
        }
        if i % 3 == 0 {
            q.open_only = false;
        }
        assert_eq!(a.nearby(&q).unwrap(), b.nearby(&q).unwrap(), "query {i}");
    }
}

fn load(c: &mut Criterion) {
    let n = stations();
    let doc = national_catalogue(&NationalConfig {
        stations: n,
        ..NationalConfig::default()
    })
    .unwrap();
    let reference = Catalogue::from_document(doc, &Limits::default()).unwrap();
    // Compact JSON text (no indentation): the smaller and faster of the two JSON texts.
    let json = serde_json::to_string(reference.document()).unwrap();
    let pretty_len = reference.to_json().len();
    let compact = reference.to_compact();

    let t = Instant::now();
    let from_json = Catalogue::from_json(&json).unwrap();
    let json_once = t.elapsed();
    let t = Instant::now();
    let from_compact = Catalogue::from_compact(&compact).unwrap();
    let compact_once = t.elapsed();
    let doc = reference.document().clone();
    let t = Instant::now();
    let validated = Catalogue::from_document(doc, &Limits::default()).unwrap();
    let validate_once = t.elapsed();
    assert_same(&from_json, &from_compact);
    assert_same(&reference, &from_compact);
    let t = Instant::now();
    drop(from_compact);
    let drop_compact = t.elapsed();
    drop((from_json, validated));

    let (json_gz, compact_gz) = (gzip(json.as_bytes()), gzip(&compact));
    eprintln!(
        "load: {n} stations; JSON {} ({} indented), gzip {}; compact {}, gzip {}; \
         compact/JSON: raw {:.1}%, gzip {:.1}% (goal <= 50%); one pass: from_json {:.0} ms, \
         from_compact {:.0} ms ({:.1}x), validation + index of a document (from_document) \
         {:.0} ms, dropping a compact-loaded catalogue {:.0} ms",
        mb(json.len()),
        mb(pretty_len),
        mb(json_gz),
        mb(compact.len()),
        mb(compact_gz),
        100.0 * compact.len() as f64 / json.len() as f64,
        100.0 * compact_gz as f64 / json_gz as f64,
        json_once.as_secs_f64() * 1e3,
        compact_once.as_secs_f64() * 1e3,
        json_once.as_secs_f64() / compact_once.as_secs_f64(),
        validate_once.as_secs_f64() * 1e3,
        drop_compact.as_secs_f64() * 1e3,
    );

    let mut g = c.benchmark_group(format!("load_{n}"));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    // Timed: from the bytes to a queryable catalogue. Dropping it afterwards is not (criterion
    // drops a batched routine's output outside the timing); the summary line reports it.
    g.bench_function(BenchmarkId::new("json", "from_json"), |b| {
        b.iter_batched(
            || (),
            |()| Catalogue::from_json(black_box(&json)).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.bench_function(BenchmarkId::new("compact", "from_compact"), |b| {
        b.iter_batched(
            || (),
            |()| Catalogue::from_compact(black_box(&compact)).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.bench_function(BenchmarkId::new("compact", "to_compact"), |b| {
        b.iter(|| black_box(black_box(&reference).to_compact()))
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
