//! Catalogue JSON loading: any text is a catalogue or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::catalogue::{Catalogue, Limits};
use waystation_core::error::Error;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Small limits so that the limit paths are reached too.
    let limits = Limits {
        max_bytes: 64 * 1024,
        max_records: 64,
        max_text_chars: 64,
    };
    for result in [
        Catalogue::from_json(text),
        Catalogue::from_json_with_limits(text, &limits),
    ] {
        match result {
            Ok(c) => {
                // A loaded catalogue answers its queries and round-trips.
                let again = Catalogue::from_json(&c.to_json());
                assert!(
                    again.is_ok(),
                    "a loaded catalogue must reload from its own JSON"
                );
                let _ = c.to_geojson();
            }
            Err(e) => {
                let _ = Error::from(e).code();
            }
        }
    }
});
