//! Writes the signed catalogue bundles and key files the Python and Kotlin suites verify, with
//! the core's own signing API and fixed seeds (Ed25519 signatures are deterministic, so the
//! files are the same on every run).
//!
//! `cargo run -p waystation-uniffi --example make_bundles -- OUT_DIR` writes:
//!
//! | file | what |
//! |---|---|
//! | `bank-2026a.pub` | the trusted publisher key (key file text) |
//! | `bank-2025b.pub` | a second trusted key (key rotation) |
//! | `catalogue.wsb` | the sample catalogue, version 42, issued 2026-06-01T09:00+08:00, expires 2026-12-31T00:00+08:00, signed by `bank-2026a` |
//! | `rotated.wsb` | the same, version 43, signed by `bank-2025b` |
//! | `foreign.wsb` | the same, signed by `someone-else` (not trusted) |
//! | `invalid.wsb` | a correctly signed payload that is not a valid catalogue (`bank-2026a`) |

use std::path::PathBuf;
use std::process::ExitCode;
use waystation_core::bundles::{sign_bundle, BundleError, BundleMetadata, BundleSigningKey};
use waystation_core::catalogue::SAMPLE_CATALOGUE_JSON;
use waystation_core::time::ChinaTime;

fn time(s: &str) -> Result<ChinaTime, String> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|e| format!("{s}: {e}"))
}

fn bundle(
    payload: &str,
    key: &BundleSigningKey,
    id: &str,
    version: i64,
) -> Result<Vec<u8>, String> {
    let meta = BundleMetadata::new(
        id,
        version,
        time("2026-06-01T09:00:00+08:00")?,
        time("2026-12-31T00:00:00+08:00")?,
    );
    sign_bundle(payload.as_bytes(), &meta, key).map_err(|e: BundleError| e.to_string())
}

fn run() -> Result<(), String> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: make_bundles OUT_DIR")?,
    );
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let key =
        |id: &str, seed: u8| BundleSigningKey::from_seed(id, [seed; 32]).map_err(|e| e.to_string());
    let current = key("bank-2026a", 7)?;
    let previous = key("bank-2025b", 8)?;
    let stranger = key("someone-else", 9)?;
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "bank-2026a.pub",
            current.trusted_key().to_text().into_bytes(),
        ),
        (
            "bank-2025b.pub",
            previous.trusted_key().to_text().into_bytes(),
        ),
        (
            "catalogue.wsb",
            bundle(SAMPLE_CATALOGUE_JSON, &current, "bank-2026a", 42)?,
        ),
        (
            "rotated.wsb",
            bundle(SAMPLE_CATALOGUE_JSON, &previous, "bank-2025b", 43)?,
        ),
        (
            "foreign.wsb",
            bundle(SAMPLE_CATALOGUE_JSON, &stranger, "someone-else", 42)?,
        ),
        (
            "invalid.wsb",
            bundle(
                r#"{"schema_version": 1, "version": "x"}"#,
                &current,
                "bank-2026a",
                42,
            )?,
        ),
    ];
    for (name, bytes) in files {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("bundle fixtures in {}", out.display());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("make_bundles: {e}");
            ExitCode::FAILURE
        }
    }
}
