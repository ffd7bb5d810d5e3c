//! Resident ID numbers and unified social credit codes: validation and masking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::identity::{CreditCodeMode, ResidentId, UnifiedCreditCode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(id) = ResidentId::parse(text) {
        let masked = id.masked();
        assert!(masked.contains('*'));
        let _ = (
            id.birth_date(),
            id.sex(),
            id.region_province(),
            format!("{id:?}"),
        );
    } else if let Err(e) = ResidentId::parse(text) {
        // Errors never quote an ID-like input (digits and X).
        let id_like = text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'X' || b == b'x');
        if id_like && text.len() >= 6 {
            assert!(!e.to_string().contains(text));
        }
    }
    for mode in [CreditCodeMode::Strict, CreditCodeMode::Lenient] {
        if let Ok(code) = UnifiedCreditCode::parse(text, mode) {
            let _ = (code.masked(), code.checksum_valid(), format!("{code:?}"));
        }
    }
});
