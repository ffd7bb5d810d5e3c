//! Mirror records for the few core types uniffi cannot take as they are: types with private
//! fields (`Coordinate`, `TrustedKey`), records that contain them, `OpeningHours` (crosses as
//! text), maps (`BTreeMap` crosses as a map), `chrono::Duration`
//! and the catalogue object inside a verified bundle. Each has a `From`/`TryFrom` to or from the
//! core type and nothing else.

use crate::error::{map_at, WaystationError};
use crate::Catalogue;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use waystation_core::bundles::{self, BundleMetadata};
use waystation_core::error::Error;
use waystation_core::geo::{self, Datum};
use waystation_core::nearby;
use waystation_core::org::{self, Branch};
use waystation_core::services::ServiceDefinition;
use waystation_core::stations::{self, LifecycleEvent, StationStatus, StationTheme};
use waystation_core::time::ChinaTime;

/// A point on the map, always with its datum (WGS-84, GCJ-02 or BD-09).
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct Coordinate {
    /// Latitude in degrees, -90 to 90.
    pub lat: f64,
    /// Longitude in degrees, -180 to 180.
    pub lon: f64,
    /// The map datum the numbers are in.
    pub datum: Datum,
}

impl From<geo::Coordinate> for Coordinate {
    fn from(c: geo::Coordinate) -> Self {
        Coordinate {
            lat: c.lat(),
            lon: c.lon(),
            datum: c.datum(),
        }
    }
}

impl Coordinate {
    /// The core coordinate; a bad one is an `InvalidInput` error at `arg.lat` / `arg.lon`.
    pub(crate) fn to_core(self, arg: &str) -> Result<geo::Coordinate, WaystationError> {
        geo::Coordinate::new(self.lat, self.lon, self.datum).map_err(map_at(arg))
    }
}

/// A nearest-stations question (defaults: 10 stations within 50 km, open now).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NearbyQuery {
    /// Where the user is, in any datum; results come in the same datum.
    pub position: Coordinate,
    /// The instant asked about (usually now).
    pub at: ChinaTime,
    /// Service codes the station must have available at `at` (all of them).
    #[uniffi(default)]
    pub needs: Vec<String>,
    /// A theme the station must carry, e.g. `little_bee`.
    #[uniffi(default)]
    pub theme: Option<String>,
    /// How many stations at most (1–100).
    #[uniffi(default = 10)]
    pub limit: i32,
    /// Search radius in metres.
    #[uniffi(default = 50000.0)]
    pub radius_m: f64,
    /// Only stations open at `at`.
    #[uniffi(default = true)]
    pub open_only: bool,
}

impl TryFrom<NearbyQuery> for nearby::NearbyQuery {
    type Error = WaystationError;
    fn try_from(q: NearbyQuery) -> Result<Self, WaystationError> {
        Ok(nearby::NearbyQuery {
            position: q.position.to_core("query.position")?,
            at: q.at,
            needs: q.needs,
            theme: q.theme,
            limit: q.limit,
            radius_m: q.radius_m,
            open_only: q.open_only,
        })
    }
}

/// One station found near a point.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NearbyStation {
    /// Station id.
    pub station_id: String,
    /// Outlet id.
    pub outlet_id: String,
    /// Outlet name in Simplified Chinese.
    pub name_zh: String,
    /// Outlet name in English.
    pub name_en: String,
    /// Address in Simplified Chinese.
    pub address_zh: String,
    /// Address in English.
    pub address_en: String,
    /// Where the station is, in the query's datum.
    pub location: Coordinate,
    /// Great-circle distance from the query position, in metres.
    pub distance_m: f64,
    /// Open status at the query instant.
    pub status: StationStatus,
    /// Codes of the services available at the query instant.
    pub services_now: Vec<String>,
    /// Codes of the themes the station serves under at the query instant.
    pub themes: Vec<String>,
}

impl From<nearby::NearbyStation> for NearbyStation {
    fn from(s: nearby::NearbyStation) -> Self {
        NearbyStation {
            station_id: s.station_id,
            outlet_id: s.outlet_id,
            name_zh: s.name_zh,
            name_en: s.name_en,
            address_zh: s.address_zh,
            address_en: s.address_en,
            location: s.location.into(),
            distance_m: s.distance_m,
            status: s.status,
            services_now: s.services_now,
            themes: s.themes,
        }
    }
}

/// An outlet (网点) hosting a station.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Outlet {
    /// Stable id.
    pub id: String,
    /// The second-level branch the outlet belongs to.
    pub branch: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Street address in Simplified Chinese.
    pub address_zh: String,
    /// Street address in English.
    pub address_en: String,
    /// Where the outlet is, in the datum the data came in.
    pub location: Coordinate,
}

impl From<org::Outlet> for Outlet {
    fn from(o: org::Outlet) -> Self {
        Outlet {
            id: o.id.into(),
            branch: o.branch.into(),
            name_zh: o.name_zh.into(),
            name_en: o.name_en.into(),
            address_zh: o.address_zh.into(),
            address_en: o.address_en.into(),
            location: o.location.into(),
        }
    }
}

/// A station as it appears in a catalogue.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Station {
    /// Stable id.
    pub id: String,
    /// The outlet hosting the station.
    pub outlet: String,
    /// Themes layered on the base station, each with its own lifecycle.
    pub themes: Vec<StationTheme>,
    /// Lifecycle events, oldest first.
    pub lifecycle: Vec<LifecycleEvent>,
    /// Opening hours in the catalogue's JSON form (OSM text or the structured object).
    pub hours_json: String,
    /// Codes of the base and seasonal services the station offers.
    pub services: Vec<String>,
    /// Gear items in stock, by gear code.
    pub gear_stock: HashMap<String, i32>,
}

impl From<stations::Station> for Station {
    fn from(s: stations::Station) -> Self {
        Station {
            hours_json: serde_json::to_string(&s.hours).unwrap_or_default(),
            id: s.id.into(),
            outlet: s.outlet.into(),
            themes: s.themes,
            lifecycle: s.lifecycle.to_vec(),
            services: s.services.to_vec(),
            gear_stock: s.gear_stock.into_iter().collect(),
        }
    }
}

/// Everything about one station at an instant.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct StationDetails {
    /// The station record.
    pub station: Station,
    /// Its outlet (location and address).
    pub outlet: Outlet,
    /// The branch chain from the outlet's second-level branch up to the provincial branch.
    pub branches: Vec<Branch>,
    /// Open status at the instant asked.
    pub status: StationStatus,
    /// Services available at that instant.
    pub services_now: Vec<ServiceDefinition>,
    /// The hours in OSM `opening_hours` form, when they can be written that way.
    pub hours_osm: Option<String>,
}

impl From<stations::StationDetails> for StationDetails {
    fn from(d: stations::StationDetails) -> Self {
        StationDetails {
            station: d.station.into(),
            outlet: d.outlet.into(),
            branches: d.branches,
            status: d.status,
            services_now: d.services_now,
            hours_osm: d.hours_osm,
        }
    }
}

/// A publisher's public key the app trusts: `{"key_id": "bank-2026a", "public_key": "<base64>"}`
/// (the core's `TrustedKeyJson`, the form the JSON request API takes).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrustedKey {
    /// Key id: 1–64 ASCII letters, digits, `.`, `_`, `-`.
    pub key_id: String,
    /// The 32-byte Ed25519 public key, standard base64.
    pub public_key: String,
}

impl From<TrustedKey> for bundles::TrustedKeyJson {
    fn from(k: TrustedKey) -> Self {
        bundles::TrustedKeyJson {
            key_id: k.key_id,
            public_key: k.public_key,
        }
    }
}

impl From<&bundles::TrustedKey> for TrustedKey {
    fn from(k: &bundles::TrustedKey) -> Self {
        TrustedKey {
            key_id: k.key_id().to_string(),
            public_key: k.public_key_base64(),
        }
    }
}

/// What the app knows when it checks a bundle.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VerifyOptions {
    /// The version the app already has: an older bundle is rejected (0 accepts any).
    pub min_version: i64,
    /// The instant of the check (usually now).
    pub now: ChinaTime,
    /// How far in the future `issued_at` may be (device clocks run late); absent: the core's
    /// default of 300 seconds.
    #[uniffi(default)]
    pub max_clock_skew: Option<Duration>,
}

impl TryFrom<VerifyOptions> for bundles::VerifyOptions {
    type Error = WaystationError;
    fn try_from(o: VerifyOptions) -> Result<Self, WaystationError> {
        let mut options = bundles::VerifyOptions::new(o.min_version, o.now);
        if let Some(skew) = o.max_clock_skew {
            options.max_clock_skew = chrono::Duration::from_std(skew).map_err(|e| {
                WaystationError::from(Error::invalid(
                    "options.max_clock_skew",
                    format!("out of range: {e}"),
                ))
            })?;
        }
        Ok(options)
    }
}

/// A bundle that passed every check: its signed metadata and the catalogue inside.
#[derive(Debug, Clone, uniffi::Record)]
pub struct VerifiedBundle {
    /// The signed metadata (key id, version, validity, payload format).
    pub metadata: BundleMetadata,
    /// The catalogue, validated whole.
    pub catalogue: Arc<Catalogue>,
}
