//! Writes the deterministic synthetic national catalogue (and query positions) as JSON files,
//! for benchmarks outside Rust (the WebAssembly nearest-station benchmark under Node).
//!
//! ```text
//! cargo run --release --example national -- --out target/national.json \
//!     [--queries target/national-queries.json] [--stations 200000] [--seed 2026] [--count 256]
//! ```
//!
//! The catalogue is `waystation::synthetic::national_catalogue` (fictional names and addresses);
//! the queries are `synthetic::query_points` converted to WGS-84, the datum a phone's GPS and
//! the catalogue's GeoJSON export use.
//!
//! `--time-loads FILE` instead times the native loads of a catalogue written before, for the
//! WebAssembly benchmark to set its own loads against: `Catalogue::from_json` of FILE and
//! `Catalogue::from_compact` of its compact form, median of 5 each, printed as one JSON line.
//!
//! ```text
//! cargo run --release --example national -- --time-loads target/national.json
//! ```

use std::process::ExitCode;
use std::time::Instant;

use waystation::catalogue::{Catalogue, Limits};
use waystation::synthetic::{national_catalogue, query_points, NationalConfig};

struct Args {
    out: String,
    time_loads: Option<String>,
    queries: Option<String>,
    stations: usize,
    seed: u64,
    count: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        out: String::new(),
        time_loads: None,
        queries: None,
        stations: NationalConfig::default().stations,
        seed: NationalConfig::default().seed,
        count: 256,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--out" => parsed.out = value()?,
            "--time-loads" => parsed.time_loads = Some(value()?),
            "--queries" => parsed.queries = Some(value()?),
            "--stations" => {
                parsed.stations = value()?.parse().map_err(|e| format!("--stations: {e}"))?
            }
            "--seed" => parsed.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--count" => parsed.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    if parsed.out.is_empty() == parsed.time_loads.is_none() {
        return Err(
            "usage: national --out FILE [--queries FILE] [--stations N] [--seed S] [--count N]\n\
             \x20      national --time-loads FILE"
                .into(),
        );
    }
    Ok(parsed)
}

/// The median time of `runs` runs of `load`, in milliseconds.
fn median_ms<T, E: std::fmt::Display>(
    runs: usize,
    load: impl Fn() -> Result<T, E>,
) -> Result<f64, String> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let loaded = load().map_err(|e| e.to_string())?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(loaded);
    }
    times.sort_by(f64::total_cmp);
    Ok(times.get(runs / 2).copied().unwrap_or_default())
}

/// Times the native loads of the catalogue in `path` (JSON) and of its compact form.
fn time_loads(path: &str) -> Result<(), String> {
    let json = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let catalogue = Catalogue::from_json(&json).map_err(|e| e.to_string())?;
    let compact = catalogue.to_compact();
    let from_json_ms = median_ms(5, || Catalogue::from_json(&json))?;
    let from_compact_ms = median_ms(5, || Catalogue::from_compact(&compact))?;
    let line = serde_json::json!({
        "stations": catalogue.document().stations.len(),
        "json_bytes": json.len(),
        "compact_bytes": compact.len(),
        "from_json_ms": from_json_ms,
        "from_compact_ms": from_compact_ms,
    });
    println!("{line}");
    Ok(())
}

fn run(args: &Args) -> Result<(), String> {
    if let Some(path) = &args.time_loads {
        return time_loads(path);
    }
    let config = NationalConfig {
        seed: args.seed,
        stations: args.stations,
        ..NationalConfig::default()
    };
    let doc = national_catalogue(&config).map_err(|e| e.to_string())?;
    let points = query_points(&doc, 42, args.count);
    // Validate before writing: the file must load.
    let catalogue = Catalogue::from_document(doc, &Limits::default()).map_err(|e| e.to_string())?;
    // Compact JSON (no indentation): 150 MB at 200,000 stations instead of 290 MB.
    let json = serde_json::to_string(catalogue.document()).map_err(|e| e.to_string())?;
    std::fs::write(&args.out, json).map_err(|e| format!("{}: {e}", args.out))?;
    if let Some(path) = &args.queries {
        let positions: Vec<[f64; 2]> = points
            .iter()
            .map(|p| {
                let w = p.to_wgs84();
                [w.lat(), w.lon()]
            })
            .collect();
        let json = serde_json::json!({ "datum": "wgs84", "positions": positions });
        std::fs::write(path, json.to_string()).map_err(|e| format!("{path}: {e}"))?;
    }
    eprintln!(
        "wrote {} ({} stations){}",
        args.out,
        catalogue.document().stations.len(),
        args.queries
            .as_deref()
            .map(|q| format!(" and {q} ({} positions)", points.len()))
            .unwrap_or_default()
    );
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("national: {e}");
            ExitCode::FAILURE
        }
    }
}
