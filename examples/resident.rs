//! Memory a loaded national catalogue holds: live heap bytes and live allocations after
//! `Catalogue::from_compact` and after `Catalogue::from_json` of the deterministic synthetic
//! catalogue, counted by an instrumented global allocator (`stats_alloc`), so the numbers do not
//! depend on how the platform's allocator keeps freed memory.
//!
//! ```text
//! cargo run --release --example resident -- [--stations 200000]
//! ```

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::process::ExitCode;
use waystation::catalogue::{Catalogue, Limits};
use waystation::synthetic::{national_catalogue, NationalConfig};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Runs `load` and returns its value with the heap bytes and allocations it left live.
fn held<T>(load: impl FnOnce() -> T) -> (T, f64, usize) {
    let region = Region::new(GLOBAL);
    let value = load();
    let s = region.change();
    // stats_alloc adds a reallocation's growth to `bytes_allocated` and its shrinkage to
    // `bytes_deallocated`.
    let live = s.bytes_allocated as f64 - s.bytes_deallocated as f64;
    (value, live, s.allocations.saturating_sub(s.deallocations))
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut stations = NationalConfig::default().stations;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--stations" => {
                stations = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--stations needs a number")?;
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let config = NationalConfig {
        stations,
        ..NationalConfig::default()
    };
    let doc = national_catalogue(&config).map_err(|e| e.to_string())?;
    let reference = Catalogue::from_document(doc, &Limits::default()).map_err(|e| e.to_string())?;
    let compact = reference.to_compact();
    let json = serde_json::to_string(reference.document()).map_err(|e| e.to_string())?;
    drop(reference);

    println!("{stations} stations; live heap after loading (names and addresses included):");
    for (form, load) in [
        (
            "compact",
            &(|| Catalogue::from_compact(&compact)) as &dyn Fn() -> _,
        ),
        ("JSON", &|| Catalogue::from_json(&json)),
    ] {
        let (catalogue, bytes, allocations) = held(load);
        catalogue.map_err(|e| e.to_string())?;
        println!(
            "  from {form:7}: {:6.1} MB in {:9} allocations ({:.0} B and {:.1} allocations per \
             station)",
            bytes / 1e6,
            allocations,
            bytes / stations as f64,
            allocations as f64 / stations as f64,
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("resident: {e}");
            ExitCode::FAILURE
        }
    }
}
