//! The signed bundle (binary) form: arbitrary bytes, and arbitrary payloads correctly signed
//! (which reach the catalogue loader, invalid UTF-8 included).
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::bundles::{
    read_unverified_metadata, sign_bundle, verify_bundle, BundleMetadata, BundleSigningKey,
    VerifyOptions,
};
use waystation_core::error::Error;

fn at(s: &str) -> waystation_core::time::ChinaTime {
    chrono::DateTime::parse_from_rfc3339(s).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Ok(key) = BundleSigningKey::from_seed("test-2026a", [1; 32]) else {
        return;
    };
    let trusted = [key.trusted_key()];
    let options = VerifyOptions::new(3, at("2026-07-01T10:00:00+08:00"));
    let (mode, rest) = data.split_first().unwrap_or((&0, &[]));
    let bytes = if mode % 2 == 0 {
        // Raw bytes as a bundle.
        let _ = read_unverified_metadata(rest);
        rest.to_vec()
    } else {
        // The bytes as a signed payload, with metadata chosen by the mode byte.
        let version = i64::from(*mode / 2);
        let meta = BundleMetadata::new(
            "test-2026a",
            version,
            at("2026-06-01T00:00:00+08:00"),
            at("2026-12-31T00:00:00+08:00"),
        );
        match sign_bundle(rest, &meta, &key) {
            Ok(b) => b,
            Err(_) => return,
        }
    };
    match verify_bundle(&bytes, &trusted, &options) {
        Ok(v) => assert!(v.metadata.version >= 3),
        Err(e) => {
            let _ = Error::from(e).code();
        }
    }
});
