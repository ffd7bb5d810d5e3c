//! The courier profile of waystation, above the base types, courier identity and the message
//! catalogue: what a courier tells the bank, strictly read, with personal data masked in every
//! `Debug` line and error. See [`profile`].
//!
//! This crate names `waystation-base`, `waystation-identity` and `waystation-words`; apps use it
//! through the `waystation` crate (`waystation::profile`).

// The lower layers' modules under the paths the code names them by (`crate::time`, …).
use waystation_base::{calendar, json, lang, province, time};
use waystation_identity::identity;
use waystation_words::words;

pub mod profile;
