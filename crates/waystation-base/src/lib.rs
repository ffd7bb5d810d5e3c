//! Base types of waystation, the lowest layer: China time, the public-holiday calendar,
//! languages, interned texts, coordinates with their datum, provinces, service codes and strict
//! JSON reading.
//!
//! This crate names no other waystation crate; every layer above it (opening hours, the spatial
//! index, eligibility, products, the catalogue, the request API) builds on these types. Apps use
//! them through the `waystation` crate, which re-exports each module under the same name
//! (`waystation::geo::Coordinate`, `waystation::time::ChinaTime`, …).
//!
//! No function panics on input: every fallible one returns a `Result` whose error says what was
//! wrong and where.

pub mod calendar;
pub mod geo;
pub mod json;
pub mod lang;
pub mod province;
pub mod services;
pub mod text;
pub mod time;

/// The immutable string of answers (ids, paths, texts): short ones held inline, longer ones
/// shared, so that copying one never copies its bytes. It reads as a `&str` (`Deref`), compares
/// with `&str` and `String`, and is written as a plain JSON string.
pub use smol_str::SmolStr;
