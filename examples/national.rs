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

use std::process::ExitCode;

use waystation::catalogue::{Catalogue, Limits};
use waystation::synthetic::{national_catalogue, query_points, NationalConfig};

struct Args {
    out: String,
    queries: Option<String>,
    stations: usize,
    seed: u64,
    count: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        out: String::new(),
        queries: None,
        stations: NationalConfig::default().stations,
        seed: NationalConfig::default().seed,
        count: 256,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--out" => parsed.out = value()?,
            "--queries" => parsed.queries = Some(value()?),
            "--stations" => {
                parsed.stations = value()?.parse().map_err(|e| format!("--stations: {e}"))?
            }
            "--seed" => parsed.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--count" => parsed.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    if parsed.out.is_empty() {
        return Err(
            "usage: national --out FILE [--queries FILE] [--stations N] [--seed S] [--count N]"
                .into(),
        );
    }
    Ok(parsed)
}

fn run(args: &Args) -> Result<(), String> {
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
