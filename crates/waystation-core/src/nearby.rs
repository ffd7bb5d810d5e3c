//! Finding the nearest stations to a point: distance, services now, open status.

use crate::catalogue::Catalogue;
use crate::geo::{Coordinate, Datum};
use crate::index::{
    epoch_day, Entry, SearchIndex, SearchStats, SCHEDULE_NONE, SERVING_COMPLEX, SERVING_NEVER,
};
use crate::services::ServiceSet;
use crate::stations::{OpenState, QueryError, StationStatus};
use crate::time::ChinaTime;
use serde::{Deserialize, Serialize};

/// Most results one query may ask for.
pub const MAX_LIMIT: i32 = 100;
/// Largest search radius, in metres (the length of mainland China and then some).
pub const MAX_RADIUS_M: f64 = 6_000_000.0;
/// Default number of results.
pub const DEFAULT_LIMIT: i32 = 10;
/// Default search radius, in metres.
pub const DEFAULT_RADIUS_M: f64 = 50_000.0;

/// A nearest-stations question.
///
/// ```
/// use chrono::DateTime;
/// use waystation::{catalogue::Catalogue, geo::{Coordinate, Datum}, nearby::NearbyQuery};
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
    #[serde(deserialize_with = "crate::json::instant::deserialize")]
    pub at: ChinaTime,
    /// Service codes the station must have available at `at` (all of them).
    #[serde(default)]
    pub needs: Vec<String>,
    /// A theme the station must carry, e.g. `little_bee`.
    #[serde(default)]
    pub theme: Option<String>,
    /// How many stations at most (1–[`MAX_LIMIT`]).
    #[serde(default = "default_limit")]
    pub limit: i32,
    /// Search radius in metres (greater than 0, at most [`MAX_RADIUS_M`]).
    #[serde(default = "default_radius")]
    pub radius_m: f64,
    /// Only stations open at `at` (the default). When false, closed and unknown ones are listed too.
    #[serde(default = "default_open_only")]
    pub open_only: bool,
}

fn default_limit() -> i32 {
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
#[serde(deny_unknown_fields)]
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
        // A short linear search: at most 64 services, cheaper than hashing the codes.
        let services = &self.inner.doc.services;
        codes.iter().try_fold(ServiceSet::EMPTY, |set, code| {
            services
                .iter()
                .position(|s| s.code == *code)
                .map(|i| set.with(ServiceSet::single(i)))
                .ok_or_else(|| QueryError::UnknownService {
                    code: code.chars().take(64).collect(),
                })
        })
    }

    /// The nearest stations to `query.position` that meet the query, nearest first (ties by
    /// station id).
    pub fn nearby(&self, query: &NearbyQuery) -> Result<Vec<NearbyStation>, QueryError> {
        self.nearby_with_stats(query).map(|(found, _)| found)
    }

    /// The spatial index and compiled schedules built at load.
    pub fn search_index(&self) -> &SearchIndex {
        &self.inner.search
    }

    fn checked_needs(&self, query: &NearbyQuery) -> Result<ServiceSet, QueryError> {
        if query.limit < 1 {
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
        Ok(needs)
    }

    /// [`Catalogue::nearby`] through the index, with the search's counters.
    pub fn nearby_with_stats(
        &self,
        query: &NearbyQuery,
    ) -> Result<(Vec<NearbyStation>, SearchStats), QueryError> {
        let (found, stats) = self.nearby_search(query)?;
        let out = found
            .into_iter()
            .filter_map(|(d, i)| self.nearby_station(query, i as usize, d))
            .collect();
        Ok((out, stats))
    }

    /// The search behind [`Catalogue::nearby`] without building the answers: (distance in
    /// metres, station index in the document) of the stations found, in answer order, and what
    /// the search visited. For measuring the index (the benchmarks) and for callers that only
    /// need which stations, not their worded answers.
    pub fn nearby_search(
        &self,
        query: &NearbyQuery,
    ) -> Result<(Vec<(f64, u32)>, SearchStats), QueryError> {
        let needs = self.checked_needs(query)?;
        let mut stats = SearchStats::default();
        let here = query.position.to_wgs84();
        let date = crate::time::china_date(&query.at);
        let today = epoch_day(date);
        let search = &self.inner.search;
        let cal = &self.inner.calendar;
        let prepared = search.schedules.prepare(query.at, cal);
        let available = self.available_kinds_at(&query.at);
        let stations = &self.inner.doc.stations;
        let accept = |e: &Entry| -> bool {
            let Some(station) = stations.get(e.station as usize) else {
                return false;
            };
            if let Some(theme) = &query.theme {
                if !station.theme_serving_on(theme, date) {
                    return false;
                }
            }
            if !query.open_only {
                return true;
            }
            let serving = match e.serving_from {
                SERVING_NEVER => false,
                SERVING_COMPLEX => station.is_serving_on(date),
                from => today >= i64::from(from),
            };
            if !serving {
                return false;
            }
            let open = match search
                .schedules
                .is_open_fast(u32::from(e.schedule), &prepared)
            {
                Some(open) => Ok(open),
                None if e.schedule == SCHEDULE_NONE => station.hours.is_open_at(query.at, cal),
                None => search
                    .schedules
                    .is_open(u32::from(e.schedule), &prepared, cal),
            };
            matches!(open, Ok(true))
        };
        let limit = usize::try_from(query.limit).unwrap_or(0);
        let found = search.grid.nearest(
            here.lat(),
            here.lon(),
            query.radius_m,
            needs.bits(),
            available.bits(),
            limit,
            accept,
            &mut stats,
        );
        let Some(mut found) = found else {
            return Ok((self.linear_hits(query, needs), stats));
        };
        let id = |i: u32| stations.get(i as usize).map(|s| s.id.as_str());
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| id(a.1).cmp(&id(b.1))));
        found.truncate(limit);
        Ok((found, stats))
    }

    fn linear_hits(&self, query: &NearbyQuery, needs: ServiceSet) -> Vec<(f64, u32)> {
        self.linear(query, needs)
            .iter()
            .filter_map(|n| {
                let i = self.station_index(&n.station_id)?;
                Some((n.distance_m, u32::try_from(i).ok()?))
            })
            .collect()
    }

    /// [`Catalogue::nearby`] by a linear scan of every station: the reference the index is
    /// tested against (`tests/index_props.rs` asks both and compares), and the fallback for
    /// searches the index gives up on. Same answers, O(stations) per query.
    pub fn nearby_linear(&self, query: &NearbyQuery) -> Result<Vec<NearbyStation>, QueryError> {
        let needs = self.checked_needs(query)?;
        Ok(self.linear(query, needs))
    }

    fn nearby_station(
        &self,
        query: &NearbyQuery,
        i: usize,
        distance_m: f64,
    ) -> Option<NearbyStation> {
        let station = self.inner.doc.stations.get(i)?;
        let row = self.inner.rows.get(i)?;
        let status = self.status_of(station, &query.at);
        if query.open_only && status.state != OpenState::Open {
            return None;
        }
        let outlet = self.inner.doc.outlets.get(row.outlet)?;
        Some(NearbyStation {
            station_id: station.id.to_string(),
            outlet_id: outlet.id.to_string(),
            name_zh: outlet.name_zh.to_string(),
            name_en: outlet.name_en.to_string(),
            address_zh: outlet.address_zh.to_string(),
            address_en: outlet.address_en.to_string(),
            // The WGS-84 position computed at load (the one distances are measured from), rather
            // than running the GCJ-02 / BD-09 inverse again for a WGS-84 query.
            location: if query.position.datum() == Datum::Wgs84 {
                row.wgs84
            } else {
                outlet.location.to_datum(query.position.datum())
            },
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
                .filter(|t| station.theme_serving_on(&t.code, crate::time::china_date(&query.at)))
                .map(|t| t.code.clone())
                .collect(),
        })
    }

    fn linear(&self, query: &NearbyQuery, needs: ServiceSet) -> Vec<NearbyStation> {
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
            let available = row.offered.with(row.gear_in_stock).intersect(kinds_now);
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
            if out.len() >= usize::try_from(query.limit).unwrap_or(0) {
                break;
            }
            if let Some(found) = self.nearby_station(query, i, distance_m) {
                out.push(found);
            }
        }
        out
    }
}
