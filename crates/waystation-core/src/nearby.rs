//! Finding the nearest stations to a point: distance, services now, open status.

use crate::catalogue::Catalogue;
use crate::geo::Coordinate;
use crate::services::ServiceSet;
use crate::stations::{OpenState, QueryError, StationStatus};
use crate::time::ChinaTime;
use serde::{Deserialize, Serialize};

/// Most results one query may ask for.
pub const MAX_LIMIT: u32 = 100;
/// Largest search radius, in metres (the length of mainland China and then some).
pub const MAX_RADIUS_M: f64 = 6_000_000.0;
/// Default number of results.
pub const DEFAULT_LIMIT: u32 = 10;
/// Default search radius, in metres.
pub const DEFAULT_RADIUS_M: f64 = 50_000.0;

/// A nearest-stations question.
///
/// ```
/// use chrono::DateTime;
/// use waystation_core::{catalogue::Catalogue, geo::{Coordinate, Datum}, nearby::NearbyQuery};
/// let catalogue = Catalogue::sample().unwrap();
/// let at = DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00").unwrap();
/// let here = Coordinate::new(36.6512, 117.1201, Datum::Gcj02).unwrap();
/// let mut query = NearbyQuery::new(here, at);
/// query.needs = vec!["charging".into(), "drinking_water".into()];
/// let found = catalogue.nearby(&query).unwrap();
/// assert!(!found.is_empty());
/// assert!(found.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NearbyQuery {
    /// Where the user is, in any datum; results are given in the same datum.
    pub position: Coordinate,
    /// The instant asked about (usually now).
    pub at: ChinaTime,
    /// Service codes the station must have available at `at` (all of them).
    #[serde(default)]
    pub needs: Vec<String>,
    /// A theme the station must carry, e.g. `little_bee`.
    #[serde(default)]
    pub theme: Option<String>,
    /// How many stations at most (1–[`MAX_LIMIT`]).
    #[serde(default = "default_limit")]
    pub limit: u32,
    /// Search radius in metres (greater than 0, at most [`MAX_RADIUS_M`]).
    #[serde(default = "default_radius")]
    pub radius_m: f64,
    /// Only stations open at `at` (the default). When false, closed and unknown ones are listed too.
    #[serde(default = "default_open_only")]
    pub open_only: bool,
}

fn default_limit() -> u32 {
    DEFAULT_LIMIT
}
fn default_radius() -> f64 {
    DEFAULT_RADIUS_M
}
fn default_open_only() -> bool {
    true
}

impl NearbyQuery {
    /// A query with the defaults: 10 stations within 50 km, open now, no service or theme filter.
    pub fn new(position: Coordinate, at: ChinaTime) -> NearbyQuery {
        NearbyQuery {
            position,
            at,
            needs: Vec::new(),
            theme: None,
            limit: DEFAULT_LIMIT,
            radius_m: DEFAULT_RADIUS_M,
            open_only: true,
        }
    }
}

/// One station found near a point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

impl Catalogue {
    fn service_set(&self, codes: &[String]) -> Result<ServiceSet, QueryError> {
        codes.iter().try_fold(ServiceSet::EMPTY, |set, code| {
            self.inner
                .service_by_code
                .get(code)
                .map(|&i| set.with(ServiceSet::single(i)))
                .ok_or_else(|| QueryError::UnknownService {
                    code: code.chars().take(64).collect(),
                })
        })
    }

    /// The nearest stations to `query.position` that meet the query, nearest first (ties by
    /// station id).
    pub fn nearby(&self, query: &NearbyQuery) -> Result<Vec<NearbyStation>, QueryError> {
        if query.limit == 0 {
            return Err(QueryError::InvalidArgument {
                field: "limit",
                message: "must be at least 1".into(),
            });
        }
        if query.limit > MAX_LIMIT {
            return Err(QueryError::TooManyResults {
                requested: query.limit,
                max: MAX_LIMIT,
            });
        }
        if !(query.radius_m > 0.0 && query.radius_m <= MAX_RADIUS_M) {
            return Err(QueryError::InvalidArgument {
                field: "radius_m",
                message: format!("must be more than 0 and at most {MAX_RADIUS_M} m"),
            });
        }
        let needs = self.service_set(&query.needs)?;
        if let Some(theme) = &query.theme {
            if !self.inner.doc.themes.iter().any(|t| &t.code == theme) {
                return Err(QueryError::UnknownTheme {
                    code: theme.chars().take(64).collect(),
                });
            }
        }
        let here = query.position.to_wgs84();
        let kinds_now = self.available_kinds_at(&query.at);
        let mut hits: Vec<(f64, usize)> = Vec::new();
        for (i, (station, row)) in self
            .inner
            .doc
            .stations
            .iter()
            .zip(&self.inner.rows)
            .enumerate()
        {
            let available = row.offered.intersect(kinds_now).with(row.gear_in_stock);
            if !available.contains_all(needs) {
                continue;
            }
            if let Some(theme) = &query.theme {
                if !station.theme_serving_on(theme, crate::time::china_date(&query.at)) {
                    continue;
                }
            }
            let d = here.distance_m(&row.wgs84);
            if d <= query.radius_m {
                hits.push((d, i));
            }
        }
        hits.sort_by(|a, b| {
            a.0.total_cmp(&b.0).then_with(|| {
                let id = |i: usize| self.inner.doc.stations.get(i).map(|s| s.id.as_str());
                id(a.1).cmp(&id(b.1))
            })
        });
        let mut out = Vec::new();
        for (distance_m, i) in hits {
            if out.len() >= query.limit as usize {
                break;
            }
            let (Some(station), Some(row)) =
                (self.inner.doc.stations.get(i), self.inner.rows.get(i))
            else {
                continue;
            };
            let status = self.status_of(station, &query.at);
            if query.open_only && status.state != OpenState::Open {
                continue;
            }
            let Some(outlet) = self.inner.doc.outlets.get(row.outlet) else {
                continue;
            };
            out.push(NearbyStation {
                station_id: station.id.clone(),
                outlet_id: outlet.id.clone(),
                name_zh: outlet.name_zh.clone(),
                name_en: outlet.name_en.clone(),
                address_zh: outlet.address_zh.clone(),
                address_en: outlet.address_en.clone(),
                location: outlet.location.to_datum(query.position.datum()),
                distance_m,
                status,
                services_now: self
                    .services_set_at(i, &query.at)
                    .indices()
                    .filter_map(|k| self.inner.doc.services.get(k).map(|d| d.code.clone()))
                    .collect(),
                themes: station
                    .themes
                    .iter()
                    .filter(|t| {
                        station.theme_serving_on(&t.code, crate::time::china_date(&query.at))
                    })
                    .map(|t| t.code.clone())
                    .collect(),
            });
        }
        Ok(out)
    }
}
