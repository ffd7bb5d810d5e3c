//! Batch screening for back offices (`waystation::screening`): many synthetic courier
//! profiles against one product's rule set, sequential against rayon on all cores.
//!
//! `cargo bench -p waystation-benches --bench screening` screens 100,000 profiles; `WAYSTATION_BENCH_PROFILES=1000000`
//! screens a million (streamed in chunks of 50,000, generation not timed; above 200,000 only the
//! timed single passes of the summary run, not the criterion samples).
//! `WAYSTATION_BENCH_PRODUCT=id` picks the product (default `courier_micro_loan`).
//! `cargo bench -p waystation-benches --bench screening -- --test` is the smoke pass (2,000 profiles).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use waystation::catalogue::{Catalogue, Limits};
use waystation::profile::CourierProfile;
use waystation::screening::{Screener, ScreeningCounts};
use waystation::synthetic::{courier_profiles, product_catalogue, ProfileConfig};

const AS_OF: &str = "2026-06-10T10:00:00+08:00";
const CHUNK: usize = 50_000;

/// Screens `n` streamed profiles chunk by chunk; returns the counts and the time spent screening
/// (generation excluded).
fn run(
    screener: &Screener<'_>,
    config: &ProfileConfig,
    parallel: bool,
) -> (ScreeningCounts, Duration) {
    let mut stream = courier_profiles(config);
    let mut counts = ScreeningCounts::default();
    let mut spent = Duration::ZERO;
    let mut chunk: Vec<CourierProfile> = Vec::with_capacity(CHUNK);
    loop {
        chunk.clear();
        chunk.extend(stream.by_ref().take(CHUNK));
        if chunk.is_empty() {
            break;
        }
        let start = Instant::now();
        let report = if parallel {
            screener.screen_parallel(&chunk)
        } else {
            screener.screen(&chunk)
        };
        spent += start.elapsed();
        counts.add(&report.counts);
        black_box(report);
    }
    (counts, spent)
}

fn screening(c: &mut Criterion) {
    let smoke = std::env::args().any(|a| a == "--test");
    let n: usize = if smoke {
        2_000
    } else {
        std::env::var("WAYSTATION_BENCH_PROFILES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100_000)
    };
    let product_id =
        std::env::var("WAYSTATION_BENCH_PRODUCT").unwrap_or_else(|_| "courier_micro_loan".into());
    let mut doc = Catalogue::sample().unwrap().document().clone();
    doc.product_catalogue = Some(product_catalogue(7, 60).unwrap());
    let catalogue = Catalogue::from_document(doc, &Limits::default()).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(AS_OF).unwrap();
    let products = catalogue.products().unwrap();
    let ctx = catalogue.evaluation_context(at).unwrap();
    let screener = Screener::for_product(products, &product_id, ctx).unwrap();
    let config = ProfileConfig {
        seed: 5,
        count: n,
        member_units: catalogue.member_units().iter().cloned().collect(),
        product_ids: products.products.iter().map(|p| p.id.clone()).collect(),
        ..ProfileConfig::default()
    };

    // Sequential and parallel give the same report.
    let sample: Vec<CourierProfile> = courier_profiles(&config).take(CHUNK.min(n)).collect();
    let seq = screener.screen(&sample);
    assert_eq!(seq, screener.screen_parallel(&sample));
    assert_eq!(seq.counts.total(), sample.len() as u64);

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (counts, t_seq) = run(&screener, &config, false);
    let (counts_par, t_par) = run(&screener, &config, true);
    assert_eq!(counts, counts_par);
    assert_eq!(counts.total(), n as u64);
    let rate = |t: Duration| n as f64 / t.as_secs_f64();
    println!(
        "screening: {n} profiles against {product_id} ({} rules); eligible {} / ineligible {} / \
         unknown {}; one pass: sequential {:.2} s = {:.0} profiles/s, parallel ({threads} \
         threads) {:.2} s = {:.0} profiles/s ({:.2}x)",
        screener.rule_set().rules.len(),
        counts.eligible,
        counts.ineligible,
        counts.unknown,
        t_seq.as_secs_f64(),
        rate(t_seq),
        t_par.as_secs_f64(),
        rate(t_par),
        t_seq.as_secs_f64() / t_par.as_secs_f64(),
    );

    if n > 200_000 && !smoke {
        return;
    }
    let mut g = c.benchmark_group(format!("screening_{n}"));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(if smoke { 1 } else { 10 }));
    g.bench_function("sequential", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| run(&screener, &config, false).1).sum())
    });
    g.bench_function("parallel", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| run(&screener, &config, true).1).sum())
    });
    g.finish();
}

criterion_group!(benches, screening);
criterion_main!(benches);
