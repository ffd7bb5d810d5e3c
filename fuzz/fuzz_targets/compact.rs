//! Compact catalogue loading: any bytes are a catalogue or a typed error, never a panic, and
//! nothing is allocated for lengths the bytes do not hold.
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::catalogue::{Catalogue, CatalogueError, Limits};
use waystation_core::error::Error;

fuzz_target!(|data: &[u8]| {
    // Small limits so that the limit paths are reached too.
    let limits = Limits {
        max_bytes: 64 * 1024,
        max_records: 64,
        max_text_chars: 64,
    };
    for result in [
        Catalogue::from_compact(data),
        Catalogue::from_compact_with_limits(data, &limits),
    ] {
        match result {
            Ok(c) => {
                // A loaded catalogue writes itself back to bytes that load to an equal one
                // (bit for bit: coordinates included), and to JSON that loads to an equal one
                // (decimals are read exactly) and writes the same text again.
                let bytes = c.to_compact();
                let again = Catalogue::from_compact(&bytes).expect("reloads from its own bytes");
                assert_eq!(again.document(), c.document());
                assert_eq!(again.to_compact(), bytes);
                let json = c.to_json();
                let from_json =
                    Catalogue::from_json(&json).expect("reloads from its own JSON");
                assert_eq!(from_json.document(), c.document());
                assert_eq!(from_json.to_json(), json);
            }
            Err(e) => {
                if let CatalogueError::Compact(ce) = &e {
                    assert!(ce.offset as usize <= data.len(), "offset beyond the input");
                }
                let _ = Error::from(e).code();
            }
        }
    }
});
