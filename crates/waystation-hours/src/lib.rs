//! Opening hours, the layer above the base types: when a station is open, in China time.
//!
//! [`hours`] models a station's hours (weekly intervals, past midnight allowed; date exceptions;
//! what public holidays and make-up working days do to them), answers open-at, the next change
//! and the hours of a date, and reads and writes the subset of OSM `opening_hours` it can say with
//! OSM's meaning. [`schedule`] compiles many stations' hours into minute-of-week bitmaps for the
//! spatial search, with an exact fallback to [`hours`] on special days.
//!
//! This crate names only `waystation-base`; apps use it through the `waystation` crate
//! (`waystation::hours`, `waystation::schedule`).

// The base modules under the paths the code names them by (`crate::time`, …).
use waystation_base::{calendar, json, time};

pub mod hours;
pub mod schedule;
