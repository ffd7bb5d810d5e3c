//! Core of waystation: every rule of the domain, as plain values and pure functions.
//!
//! Banks open rest stations for couriers and other outdoor workers inside their outlets (ICBC
//! Station, and the courier-themed Little Bee station of ICBC Shandong). This crate models the
//! stations, their services and opening hours in China time, where they are (with the map datum
//! always attached), and answers the questions apps ask: which stations near me are open now and
//! offer what I need, how far is the rollout.
//!
//! Start from [`catalogue::Catalogue`]: load one (`Catalogue::sample()` or
//! `Catalogue::from_json`), then ask it [`nearby`](catalogue::Catalogue::nearby),
//! [`station_details`](catalogue::Catalogue::station_details),
//! [`rollout`](catalogue::Catalogue::rollout), ….
//!
//! No function panics on input: every fallible one returns a `Result` whose error says what was
//! wrong and where. The core never reads the clock: pass the instant you mean.

pub mod bundles;
pub mod catalogue;
/// The compact binary form of a catalogue, its second codec beside JSON (also
/// `catalogue::compact`).
pub use catalogue::compact;
pub mod eligibility;
pub mod error;
pub mod geojson;
pub mod matching;
pub mod nearby;
pub mod products;
pub mod programmes;
pub mod requests;
pub mod rollout;
pub mod sample;
pub mod screening;
#[cfg(feature = "synthetic")]
pub mod synthetic;

// The base layer (`waystation-base`), under the same module paths as before it became its own
// crate.
pub use waystation_base::{calendar, geo, json, lang, province, services, text, time, SmolStr};
// The opening-hours layer (`waystation-hours`).
pub use waystation_hours::{hours, schedule};
// The spatial index (`waystation-index`).
pub use waystation_index::index;
// Courier identity: resident ID numbers, credit codes (`waystation-identity`).
pub use waystation_identity::identity;
// The message catalogue (`waystation-words`).
pub use waystation_words::words;
// The courier profile (`waystation-profile`).
pub use waystation_profile::profile;
// The organisation and the station records (`waystation-stations`).
pub use waystation_stations::{org, stations};
