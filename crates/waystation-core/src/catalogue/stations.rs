//! Station queries of a loaded catalogue: status, details, services at an instant, hours on a
//! date, the stations of a branch (answer types in `crate::stations`).

use crate::hours::{Change, HoursError};
use crate::lang::LocalizedText;
use crate::services::{ServiceDefinition, ServiceSet};
use crate::stations::{
    clip_id, OpenState, OpeningPeriod, QueryError, SpecialDay, Stage, Station, StationDetails,
    StationStatus,
};
use crate::time::{china_date, start_of_day, writable, ChinaTime};
use chrono::NaiveDate;

use super::Catalogue;

impl Catalogue {
    fn station_at(&self, id: &str) -> Result<(usize, &Station), QueryError> {
        self.station_index(id)
            .and_then(|i| self.inner.doc.stations.get(i).map(|s| (i, s)))
            .ok_or_else(|| QueryError::UnknownStation { id: clip_id(id) })
    }

    /// A station record by id.
    pub fn station(&self, id: &str) -> Result<&Station, QueryError> {
        self.station_at(id).map(|(_, s)| s)
    }

    /// The set of services station `index` has available at `t`.
    pub(crate) fn services_set_at(&self, index: usize, t: &ChinaTime) -> ServiceSet {
        let Some(row) = self.inner.rows.get(index) else {
            return ServiceSet::EMPTY;
        };
        row.offered
            .with(row.gear_in_stock)
            .intersect(self.available_kinds_at(t))
    }

    /// The base services, the seasonal services in season at `t`, and the gear when it can be
    /// claimed at `t` (the network runs gear claims and `t` is in a claim period): a courier
    /// is never sent to a station for gear it will not hand out.
    pub(crate) fn available_kinds_at(&self, t: &ChinaTime) -> ServiceSet {
        let date = china_date(t);
        let gear = if self.gear_claimable_on(date) {
            self.inner.search.gear
        } else {
            ServiceSet::EMPTY
        };
        self.inner
            .seasonal
            .iter()
            .filter(|(_, season)| {
                self.inner
                    .doc
                    .seasons
                    .get(*season)
                    .is_some_and(|s| s.contains(date))
            })
            .fold(self.inner.base_services.with(gear), |set, (service, _)| {
                set.with(ServiceSet::single(*service))
            })
    }

    pub(crate) fn service_definitions(&self, set: ServiceSet) -> Vec<ServiceDefinition> {
        set.indices()
            .filter_map(|i| self.inner.doc.services.get(i).cloned())
            .collect()
    }

    /// Services available at station `id` at `t`: its base services, its seasonal services in
    /// season, and gear in stock while gear can be claimed.
    pub fn services_at(
        &self,
        id: &str,
        t: ChinaTime,
    ) -> Result<Vec<ServiceDefinition>, QueryError> {
        let (i, _) = self.station_at(id)?;
        Ok(self.service_definitions(self.services_set_at(i, &t)))
    }

    /// The holiday or make-up day that gives `station` other hours than usual on `date`.
    fn special_day(&self, station: &Station, date: NaiveDate) -> Option<SpecialDay> {
        if !station.hours.has_calendar_rules() {
            return None;
        }
        let calendar = &self.inner.calendar;
        let kind = calendar.day_kind(date).ok()?;
        if !station.hours.calendar_rule_applies(date, kind) {
            return None;
        }
        let holiday = calendar.holiday_on(date).ok()??;
        Some(SpecialDay {
            kind,
            holiday: holiday.code.clone(),
            name: LocalizedText::new(holiday.name_zh.clone(), holiday.name_en.clone()),
        })
    }

    pub(crate) fn status_of(&self, station: &Station, t: &ChinaTime) -> StationStatus {
        let date = china_date(t);
        let stage = station.stage_on(date);
        let closed = |next_change| StationStatus {
            state: OpenState::Closed,
            stage,
            next_change,
            calendar_unknown_year: None,
            special_day: None,
        };
        if !stage.is_some_and(Stage::is_serving) {
            return closed(None);
        }
        // The first later lifecycle event that stops service ends any opening period.
        let stop = station
            .lifecycle
            .iter()
            .find(|e| e.date > date && !e.stage.is_serving())
            .map(|e| start_of_day(e.date));
        match station.hours.status_at(*t, &self.inner.calendar) {
            Ok(s) if s.calendar_unknown_year.is_some() => StationStatus {
                state: if s.open {
                    OpenState::Open
                } else {
                    OpenState::Closed
                },
                stage,
                next_change: None,
                calendar_unknown_year: s.calendar_unknown_year,
                special_day: self.special_day(station, date),
            },
            Ok(s) => {
                let next_change = match (s.next_change, stop) {
                    (Some(c), Some(stop)) if c.at >= stop => s.open.then_some(Change {
                        at: stop,
                        opens: false,
                    }),
                    (None, Some(stop)) => s.open.then_some(Change {
                        at: stop,
                        opens: false,
                    }),
                    (c, _) => c,
                }
                .map(|c| Change {
                    at: writable(c.at),
                    ..c
                });
                StationStatus {
                    state: if s.open {
                        OpenState::Open
                    } else {
                        OpenState::Closed
                    },
                    stage,
                    next_change,
                    calendar_unknown_year: None,
                    special_day: self.special_day(station, date),
                }
            }
            // The state now depends on a year without a calendar.
            Err(HoursError::CalendarUnknown { year }) => StationStatus {
                state: OpenState::Unknown,
                stage,
                next_change: None,
                calendar_unknown_year: Some(year),
                special_day: None,
            },
            Err(_) => StationStatus {
                state: OpenState::Unknown,
                stage,
                next_change: None,
                calendar_unknown_year: None,
                special_day: None,
            },
        }
    }

    /// Open status of station `id` at `t`, with the next opening or closing time.
    pub fn station_status(&self, id: &str, t: ChinaTime) -> Result<StationStatus, QueryError> {
        let (_, s) = self.station_at(id)?;
        Ok(self.status_of(s, &t))
    }

    /// The opening periods of station `id` that start on `date` (China date), as instants.
    /// Empty when closed that day or not serving at its lifecycle stage.
    pub fn hours_on(&self, id: &str, date: NaiveDate) -> Result<Vec<OpeningPeriod>, QueryError> {
        let (_, s) = self.station_at(id)?;
        if !s.is_serving_on(date) {
            return Ok(Vec::new());
        }
        s.hours
            .intervals_on(date, &self.inner.calendar)
            .map(|periods| {
                periods
                    .into_iter()
                    // In China time, or UTC where that cannot be written (the last eight hours of
                    // chrono's range), so that the answer can always be written out.
                    .map(|(open, close)| OpeningPeriod {
                        open: writable(open),
                        close: writable(close),
                    })
                    .collect()
            })
            .map_err(|e| match e {
                HoursError::CalendarUnknown { year } => QueryError::CalendarUnknown { year },
                other => QueryError::InvalidArgument {
                    field: "date",
                    message: other.to_string(),
                },
            })
    }

    /// Everything about station `id` at instant `t`.
    pub fn station_details(&self, id: &str, t: ChinaTime) -> Result<StationDetails, QueryError> {
        let (i, s) = self.station_at(id)?;
        let row = self.inner.rows.get(i);
        let outlet = row
            .and_then(|r| self.inner.doc.outlets.get(r.outlet))
            .cloned()
            .ok_or_else(|| QueryError::UnknownStation { id: clip_id(id) })?;
        let mut branches = Vec::new();
        let mut next = Some(outlet.branch.to_string());
        while let Some(b) = next.take().and_then(|id| self.branch(&id)) {
            if branches.len() > 8 {
                break;
            }
            next = b.parent.clone();
            branches.push(b.clone());
        }
        Ok(StationDetails {
            station: s.clone(),
            outlet,
            branches,
            status: self.status_of(s, &t),
            services_now: self.service_definitions(self.services_set_at(i, &t)),
            hours_osm: s.hours.to_osm().ok(),
        })
    }

    /// Stations whose outlet lies under branch `branch_id` (a second-level branch, or every
    /// second-level branch of a provincial one), in catalogue order.
    pub fn stations_in_branch(&self, branch_id: &str) -> Result<Vec<&Station>, QueryError> {
        let branch = self
            .branch(branch_id)
            .ok_or_else(|| QueryError::UnknownBranch {
                id: clip_id(branch_id),
            })?;
        let under = |outlet_branch: &str| {
            outlet_branch == branch.id
                || self
                    .branch(outlet_branch)
                    .and_then(|b| b.parent.as_deref())
                    .is_some_and(|p| p == branch.id)
        };
        Ok(self
            .inner
            .doc
            .stations
            .iter()
            .zip(&self.inner.rows)
            .filter(|(_, row)| {
                self.inner
                    .doc
                    .outlets
                    .get(row.outlet)
                    .is_some_and(|o| under(&o.branch))
            })
            .map(|(s, _)| s)
            .collect())
    }
}
