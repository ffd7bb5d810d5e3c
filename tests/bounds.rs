//! Bounded work: the memory a load or a request takes grows linearly with the input, for the
//! worst shapes of input we know of, measured with a counting allocator.
//!
//! The bound checked is the one ARCHITECTURE.md states: peak heap (above what was live before
//! the call) at most `BYTES_PER_INPUT_BYTE` times the input's size plus `FIXED_BYTES`, at every
//! size (1, 4 and 16 MB here; `WAYSTATION_BOUNDS_MB=64` for a longer run). Each shape's peaks
//! are printed, so a change that makes one shape hungrier shows in the test output.
//!
//! Everything runs in one test, one shape after the other, so that no other test's
//! allocations are counted.

use peak_alloc::PeakAlloc;
use waystation::catalogue::{Catalogue, SAMPLE_CATALOGUE_JSON};
use waystation::synthetic::{hostile_list as list, hostile_shapes, HOSTILE_HEAD as HEAD};

use waystation::requests::respond;

#[global_allocator]
static COUNTING: PeakAlloc = PeakAlloc;

/// Peak heap bytes above the live bytes before `f` ran (the input itself is allocated before).
fn peak_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let base = COUNTING.current_usage();
    COUNTING.reset_peak_usage();
    let out = f();
    (COUNTING.peak_usage().saturating_sub(base), out)
}

/// The stated bound: peak ≤ BYTES_PER_INPUT_BYTE × input + FIXED_BYTES.
const BYTES_PER_INPUT_BYTE: usize = 8;
const FIXED_BYTES: usize = 40 << 20;

fn sizes() -> Vec<usize> {
    let most: usize = std::env::var("WAYSTATION_BOUNDS_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);
    [1usize, 4, 16, 64]
        .into_iter()
        .filter(|&mb| mb <= most)
        .map(|mb| mb << 20)
        .collect()
}

#[test]
fn memory_grows_linearly_with_the_input_for_the_worst_shapes() {
    let mut failures = Vec::new();
    for (name, make) in hostile_shapes() {
        let mut line = format!("{name}:");
        for &n in &sizes() {
            let text = make(n);
            let (peak, result) = peak_of(|| Catalogue::from_json(&text).map(|_| ()));
            let bound = BYTES_PER_INPUT_BYTE * text.len() + FIXED_BYTES;
            let verdict = match &result {
                Ok(()) => "loaded".to_string(),
                Err(e) => e.to_string().chars().take(60).collect(),
            };
            line.push_str(&format!(
                " {:.1} MB → peak {:.1} MB ({:.1}×) [{verdict}];",
                text.len() as f64 / 1e6,
                peak as f64 / 1e6,
                peak as f64 / text.len() as f64
            ));
            if peak > bound {
                failures.push(format!(
                    "{name} at {} bytes: peak {peak} > bound {bound}",
                    text.len()
                ));
            }
            // The error answer itself is small whatever the input: the list is capped.
            if let Err(e) = &result {
                let shown = e.to_string().len();
                assert!(shown < 64 * 1024, "{name}: error message of {shown} bytes");
            }
        }
        println!("{line}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_hostile_request_of_the_largest_size_takes_tens_of_megabytes_at_most() {
    // Measured in its own process would be cleaner; here the test runs after the catalogue is
    // loaded, and counts only what `respond` allocates.
    let catalogue = Catalogue::from_json(SAMPLE_CATALOGUE_JSON).expect("the sample loads");
    let limit = waystation::requests::MAX_REQUEST_BYTES;
    let fill = |record: &str| list(limit - 200, |_| record.to_string());
    let requests = [
        format!(
            r#"{{"op": "load_catalogue", "catalogue": {HEAD}, "stations": {}}}}}"#,
            fill("{}")
        ),
        format!(
            r#"{{"op": "load_catalogue", "catalogue": {HEAD}, "branches": {}}}}}"#,
            fill(r#"{"id":"x","level":"provincial","name_zh":"省","name_en":"P"}"#)
        ),
        format!(
            r#"{{"op": "check_rule_set", "rule_set": {{"id": "r", "version": 1, "rules": {}}}}}"#,
            fill("{}")
        ),
        format!(
            r#"{{"op": "events_between", "from": "2026-01-01T00:00:00+08:00", "to": "2026-01-02T00:00:00+08:00", "x": {}}}"#,
            fill("[0,0,0,0]")
        ),
        format!(
            r#"{{"op": "match_products", "as_of": "2026-01-01T00:00:00+08:00", "profile": {{"held_products": {}}}}}"#,
            fill(r#""courier_debit_card""#)
        ),
    ];
    for request in &requests {
        assert!(request.len() <= limit, "{} bytes", request.len());
        let (peak, answer) = peak_of(|| respond(&catalogue, request));
        println!(
            "{} … ({} bytes): peak {:.1} MB → {}",
            request.chars().take(40).collect::<String>(),
            request.len(),
            peak as f64 / 1e6,
            answer.chars().take(100).collect::<String>()
        );
        assert!(
            peak <= 48 << 20,
            "a 1 MiB request took {peak} bytes: {}",
            request.chars().take(60).collect::<String>()
        );
        assert!(answer.len() < 64 * 1024, "answer of {} bytes", answer.len());
    }
}
