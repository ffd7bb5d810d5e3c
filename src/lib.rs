//! # waystation
//!
//! Rest stations for outdoor workers in bank outlets: stations, service catalogues, China time
//! and place, courier eligibility and financial product matching.
//!
//! This facade re-exports [`waystation_core`], where all the logic lives; depend on this crate.
//!
//! ```
//! use chrono::DateTime;
//! use waystation::{catalogue::Catalogue, geo::{Coordinate, Datum}, nearby::NearbyQuery};
//!
//! let catalogue = Catalogue::sample()?;
//! let at = DateTime::parse_from_rfc3339("2026-07-01T10:00:00+08:00")?;
//! let mut query = NearbyQuery::new(Coordinate::new(36.6512, 117.1201, Datum::Gcj02)?, at);
//! query.needs = vec!["charging".into(), "drinking_water".into()];
//! for s in catalogue.nearby(&query)? {
//!     println!("{} {:.0} m", s.name_en, s.distance_m);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use waystation_core::*;
