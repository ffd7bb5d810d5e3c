//! Time per megabyte of the worst shapes of catalogue JSON (see `synthetic::hostile_shapes`),
//! against the floor of reading the same text at all: `serde_json` skipping over it
//! (`IgnoredAny`), in the same run. A load that is O(n log n) in the input stays within a
//! small, size-independent multiple of the floor; the summary line prints that multiple for
//! each shape at two sizes, so a quadratic path shows as a ratio that grows with the size.
//!
//! `cargo bench -p waystation-benches --bench worst_shapes` (1 and 4 MB); `-- --test` is the smoke pass (each shape
//! once at 256 KB and 1 MB).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::IgnoredAny;
use std::hint::black_box;
use std::time::{Duration, Instant};
use waystation::catalogue::Catalogue;
use waystation::synthetic::hostile_shapes;

fn smoke() -> bool {
    std::env::args().any(|a| a == "--test")
}

fn sizes() -> [usize; 2] {
    if smoke() {
        [256 << 10, 1 << 20]
    } else {
        [1 << 20, 4 << 20]
    }
}

/// Fastest of a few runs, for the summary's ratios.
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn worst_shapes(c: &mut Criterion) {
    let mut summary = Vec::new();
    for (name, make) in hostile_shapes() {
        let mut g = c.benchmark_group(format!("worst_shapes/{name}"));
        g.sample_size(10);
        g.warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(3));
        let mut ratios = Vec::new();
        for n in sizes() {
            let text = make(n);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new("skip_json (floor)", n), &text, |b, t| {
                b.iter(|| serde_json::from_str::<IgnoredAny>(black_box(t)).unwrap())
            });
            g.bench_with_input(BenchmarkId::new("from_json", n), &text, |b, t| {
                b.iter(|| Catalogue::from_json(black_box(t)).is_ok())
            });
            let runs = if smoke() { 1 } else { 5 };
            let floor = fastest(runs, || {
                black_box(serde_json::from_str::<IgnoredAny>(&text).unwrap());
            });
            let load = fastest(runs, || {
                black_box(Catalogue::from_json(&text).is_ok());
            });
            let mb = text.len() as f64 / 1e6;
            ratios.push(format!(
                "{mb:.1} MB: {:.0} ms/MB, {:.1}× the floor",
                load.as_secs_f64() * 1e3 / mb,
                load.as_secs_f64() / floor.as_secs_f64().max(1e-9)
            ));
        }
        g.finish();
        summary.push(format!("  {name}: {}", ratios.join("; ")));
    }
    println!("worst shapes, load time per MB and against skipping the JSON:");
    for line in summary {
        println!("{line}");
    }
}

criterion_group!(benches, worst_shapes);
criterion_main!(benches);
