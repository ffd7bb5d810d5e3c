//! # waystation
//!
//! Rest stations for outdoor workers in bank outlets: stations, service catalogues, China time
//! and place, courier eligibility and financial product matching.
//!
//! The types most programs need are at the root ([`Catalogue`], [`NearbyQuery`],
//! [`Coordinate`], [`Datum`], [`Error`], …); every module of the library is here too, under
//! the same paths (`waystation::catalogue::Catalogue`, `waystation::hours::OpeningHours`).
//!
//! ```
//! use chrono::DateTime;
//! use waystation::{Catalogue, Coordinate, Datum, NearbyQuery};
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
//!
//! Cargo features: `parallel` (batch screening on every core, for the back office; pulls in
//! rayon), `synthetic` (seeded national-scale and hostile catalogues for benchmarks and tests).

pub use waystation_core::*;

// The root: what a program that finds stations, checks eligibility and matches products uses.
pub use waystation_core::bundles::{verify_bundle, BundleMetadata, TrustedKey, VerifyOptions};
pub use waystation_core::catalogue::{
    Catalogue, CatalogueDocument, CatalogueError, Limits, Problem,
};
pub use waystation_core::error::Error;
pub use waystation_core::geo::{Coordinate, Datum};
pub use waystation_core::hours::{OpenStatus, OpeningHours};
pub use waystation_core::lang::Lang;
pub use waystation_core::matching::{MatchOptions, MatchResult};
pub use waystation_core::nearby::{NearbyQuery, NearbyStation};
pub use waystation_core::products::{Product, ProductCatalogue};
pub use waystation_core::profile::CourierProfile;
pub use waystation_core::requests::respond;
pub use waystation_core::stations::{OpenState, Station, StationDetails, StationStatus};
pub use waystation_core::time::ChinaTime;
pub use waystation_core::SmolStr;
