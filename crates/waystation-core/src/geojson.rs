//! GeoJSON (RFC 7946) export and import of stations, for map libraries.
//!
//! RFC 7946 fixes the coordinate reference system to WGS-84, so export converts every location
//! to WGS-84 (GCJ-02 or BD-09 data would be drawn hundreds of metres off on a WGS-84 map) and
//! import reads positions as WGS-84. Each station is a `Point` feature whose flat properties
//! carry the station and its outlet, so a map can style on `themes` or `services` directly.

use crate::catalogue::{Catalogue, Problem};
use crate::geo::{Coordinate, Datum};
use crate::hours::OpeningHours;
use crate::org::Outlet;
use crate::stations::{LifecycleEvent, Station, StationTheme};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The properties of one station feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationProperties {
    /// Station id.
    pub station_id: Text,
    /// Outlet id.
    pub outlet_id: Text,
    /// The outlet's second-level branch.
    pub branch: Text,
    /// Outlet name in Simplified Chinese.
    pub name_zh: Text,
    /// Outlet name in English.
    pub name_en: Text,
    /// Address in Simplified Chinese.
    #[serde(default)]
    pub address_zh: Text,
    /// Address in English.
    #[serde(default)]
    pub address_en: Text,
    /// Themes with their lifecycles.
    #[serde(default)]
    pub themes: Vec<StationTheme>,
    /// Station lifecycle.
    pub lifecycle: Vec<LifecycleEvent>,
    /// Opening hours.
    pub hours: OpeningHours,
    /// Service codes offered.
    pub services: Vec<String>,
    /// Gear stock by code.
    #[serde(default, deserialize_with = "crate::json::count::map")]
    pub gear_stock: BTreeMap<String, i32>,
}

/// Stations and outlets read from GeoJSON, ready to merge into a catalogue document.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoJsonStations {
    /// One outlet per feature, located in WGS-84.
    pub outlets: Vec<Outlet>,
    /// One station per feature.
    pub stations: Vec<Station>,
}

/// Why GeoJSON could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoJsonError {
    /// Not JSON.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// JSON, but not station features; every problem is listed with its path.
    #[error("{} problem(s) in the GeoJSON: {}", problems.len(), problems.iter().take(5).map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// Every problem, in document order.
        problems: Vec<Problem>,
    },
}

impl Catalogue {
    /// Every station as a GeoJSON `FeatureCollection` in WGS-84.
    ///
    /// ```
    /// use waystation::catalogue::Catalogue;
    /// let c = Catalogue::sample().unwrap();
    /// let fc = c.to_geojson();
    /// assert_eq!(fc["type"], "FeatureCollection");
    /// assert_eq!(fc["features"].as_array().unwrap().len(), c.document().stations.len());
    /// ```
    pub fn to_geojson(&self) -> Value {
        let doc = self.document();
        let features: Vec<Value> = doc
            .stations
            .iter()
            .zip(&self.inner.rows)
            .filter_map(|(s, row)| {
                let outlet = doc.outlets.get(row.outlet)?;
                let props = StationProperties {
                    station_id: s.id.clone(),
                    outlet_id: outlet.id.clone(),
                    branch: outlet.branch.clone(),
                    name_zh: outlet.name_zh.clone(),
                    name_en: outlet.name_en.clone(),
                    address_zh: outlet.address_zh.clone(),
                    address_en: outlet.address_en.clone(),
                    themes: s.themes.clone(),
                    lifecycle: s.lifecycle.to_vec(),
                    hours: s.hours.clone(),
                    services: s.services.to_vec(),
                    gear_stock: s.gear_stock.clone(),
                };
                Some(json!({
                    "type": "Feature",
                    "id": s.id,
                    "geometry": {"type": "Point", "coordinates": [row.wgs84.lon(), row.wgs84.lat()]},
                    "properties": props,
                }))
            })
            .collect();
        json!({"type": "FeatureCollection", "features": features})
    }
}

/// Reads station features from a GeoJSON `FeatureCollection` (positions in WGS-84).
///
/// Every bad feature is reported with its path; nothing is returned unless all are good.
pub fn stations_from_geojson(text: &str) -> Result<GeoJsonStations, GeoJsonError> {
    // The strictness pass every JSON input gets: a member named twice, nesting too deep.
    crate::json::check(text).map_err(|f| GeoJsonError::Json {
        line: f.line,
        column: f.column,
        message: if f.path.is_empty() {
            f.message
        } else {
            format!("{}: {}", f.path, f.message)
        },
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| GeoJsonError::Json {
        line: e.line(),
        column: e.column(),
        message: crate::json::without_value(&e.to_string()),
    })?;
    let mut problems = Vec::new();
    let mut out = GeoJsonStations {
        outlets: Vec::new(),
        stations: Vec::new(),
    };
    let problem = |path: String, message: &str| Problem {
        path,
        message: message.to_string(),
    };
    if value.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        problems.push(problem("type".into(), "expected \"FeatureCollection\""));
    }
    let features = value.get("features").and_then(Value::as_array);
    if features.is_none() {
        problems.push(problem("features".into(), "expected a list of features"));
    }
    for (i, f) in features.into_iter().flatten().enumerate() {
        let at = |field: &str| format!("features[{i}].{field}");
        let coords = f
            .get("geometry")
            .filter(|g| g.get("type").and_then(Value::as_str) == Some("Point"))
            .and_then(|g| g.get("coordinates"))
            .and_then(Value::as_array);
        let position = match coords.map(|c| c.as_slice()) {
            Some([lon, lat, ..]) => match (lon.as_f64(), lat.as_f64()) {
                (Some(lon), Some(lat)) => Coordinate::new(lat, lon, Datum::Wgs84)
                    .map_err(|e| problems.push(problem(at("geometry.coordinates"), &e.to_string())))
                    .ok(),
                _ => {
                    problems.push(problem(
                        at("geometry.coordinates"),
                        "expected [longitude, latitude] numbers",
                    ));
                    None
                }
            },
            _ => {
                problems.push(problem(
                    at("geometry"),
                    "expected a Point with [longitude, latitude]",
                ));
                None
            }
        };
        let props = match f.get("properties") {
            Some(p) => {
                crate::catalogue::deserialize_at::<StationProperties>(p.clone(), &at("properties"))
                    .map_err(|p| problems.push(p))
                    .ok()
            }
            None => {
                problems.push(problem(at("properties"), "missing"));
                None
            }
        };
        if let (Some(location), Some(p)) = (position, props) {
            out.outlets.push(Outlet {
                id: p.outlet_id.clone(),
                branch: p.branch,
                name_zh: p.name_zh,
                name_en: p.name_en,
                address_zh: p.address_zh,
                address_en: p.address_en,
                location,
            });
            out.stations.push(Station {
                id: p.station_id,
                outlet: p.outlet_id,
                themes: p.themes,
                lifecycle: p.lifecycle.into(),
                hours: p.hours,
                services: p.services.into(),
                gear_stock: p.gear_stock,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(GeoJsonError::Invalid { problems })
    }
}
