//! Coordinate inputs: any pair of f64 (NaN and infinities included) and any datum.
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::geo::{Coordinate, Datum};

const DATUMS: [Datum; 3] = [Datum::Wgs84, Datum::Gcj02, Datum::Bd09];

fn f(bytes: &[u8], i: usize) -> f64 {
    let mut b = [0u8; 8];
    for (k, slot) in b.iter_mut().enumerate() {
        *slot = bytes.get(i * 8 + k).copied().unwrap_or(0);
    }
    f64::from_le_bytes(b)
}

fuzz_target!(|data: &[u8]| {
    let d = |i: usize| DATUMS[usize::from(data.get(32 + i).copied().unwrap_or(0)) % 3];
    let a = Coordinate::new(f(data, 0), f(data, 1), d(0));
    let b = Coordinate::new(f(data, 2), f(data, 3), d(1));
    if let (Ok(a), Ok(b)) = (a, b) {
        let m = a.distance_m(&b);
        assert!((0.0..=20_100_000.0).contains(&m), "{m}");
        for to in DATUMS {
            let c = a.to_datum(to);
            assert!(Coordinate::new(c.lat(), c.lon(), to).is_ok());
        }
    }
    // The JSON form, too.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = serde_json::from_str::<Coordinate>(text);
    }
});
