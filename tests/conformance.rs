//! Runs the shared conformance cases in `tests/conformance/*.json` through
//! `waystation::requests::respond` on the embedded sample catalogue. Every binding runs the same
//! files and must give the same answers (see `tests/conformance/README.md`).
//!
//! To record answers after a deliberate change: `WAYSTATION_BLESS=1 cargo test --test conformance`,
//! then review the diff of the JSON files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::path::PathBuf;
use waystation::catalogue::Catalogue;
use waystation::requests::respond;

/// Numbers may differ in the last bits between platforms' maths libraries: equal within
/// 1e-7 absolute plus 1e-9 relative. Everything else must be identical.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-7 + 1e-9 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn conformance_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let bless = std::env::var_os("WAYSTATION_BLESS").is_some();
    let catalogue = Catalogue::sample().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "conformance files missing in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    let mut count = 0;
    for file in files {
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array_mut().unwrap() {
            count += 1;
            let name = case["name"].as_str().unwrap().to_string();
            let answer: Value =
                serde_json::from_str(&respond(&catalogue, &case["request"].to_string())).unwrap();
            if bless {
                case["expected"] = answer;
            } else if !same(&answer, &case["expected"]) {
                failures.push(format!(
                    "{}: {name}\n  expected {}\n  got      {}",
                    file.display(),
                    case["expected"],
                    answer
                ));
            }
        }
        if bless {
            std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        }
    }
    assert!(count >= 50, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
