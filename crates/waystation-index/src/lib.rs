//! The spatial index, the layer above the base types and opening hours: stations as points in a
//! latitude/longitude grid over the whole sphere, searched nearest first with an exact lower
//! bound of the great-circle distance, each candidate tested by a predicate the caller supplies
//! (open now, theme, lifecycle). See [`index`].
//!
//! This crate knows no catalogue: the catalogue layer hands it [`index::StationPoint`]s and
//! asks [`index::StationIndex::nearest`]. Apps use it through the `waystation` crate
//! (`waystation::index`).

// The lower layers' modules under the paths the code names them by (`crate::geo`, …).
use waystation_base::{geo, services};
use waystation_hours::schedule;

pub mod index;
