//! The whole query pipeline: any text as a JSON request to `respond` on the sample catalogue.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use waystation_core::catalogue::Catalogue;
use waystation_core::requests::respond;

static CATALOGUE: OnceLock<Option<Catalogue>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(catalogue) = CATALOGUE.get_or_init(|| Catalogue::sample().ok()) else {
        return;
    };
    let answer = respond(catalogue, text);
    let value: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
    assert!(
        value.get("ok").is_some() || value.get("error").is_some(),
        "{answer}"
    );
});
