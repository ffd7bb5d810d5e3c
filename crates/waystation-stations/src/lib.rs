//! Stations of waystation, above the base types, opening hours and the message catalogue: the
//! organisation (network, branches, outlets, partners; [`org`]) and the station records with
//! their themes, services, hours, gear stock and lifecycle, and the answers of station queries
//! ([`stations`]).
//!
//! This crate names `waystation-base`, `waystation-hours` and `waystation-words`; apps use it
//! through the `waystation` crate (`waystation::stations`, `waystation::org`).

// The lower layers' modules under the paths the code names them by (`crate::time`, …).
use waystation_base::{calendar, geo, json, lang, services, text, time};
use waystation_hours::hours;
use waystation_words::words;

pub mod org;
pub mod stations;
