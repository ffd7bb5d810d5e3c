//! The spatial index of a loaded catalogue: its stations' positions, services and compiled
//! schedules handed to `crate::index` (which knows nothing of catalogues).

use crate::index::{
    epoch_day, SearchIndex, StationIndex, StationPoint, SCHEDULE_NONE, SERVING_COMPLEX,
    SERVING_NEVER,
};
use crate::schedule::CompiledSchedules;
use crate::services::{ServiceKind, ServiceSet};
use crate::stations::LifecycleEvent;

use super::{CatalogueDocument, StationRow};

/// Builds the index of a validated document and its rows (one row per station).
///
/// `station_schedules` may give, per station, the number of its schedule in a table of
/// schedules its hours were copied from (the compact form's `schedules` section): stations
/// with the same number must have equal hours. Each number is then compiled (keyed and
/// hashed) once instead of once per station; the index is the same. Empty (or of another
/// length than the stations): every station's hours are keyed. `serving` may give, per
/// station, [`serving_from`] of its lifecycle (computed while validation reads it); where
/// it does not, it is computed here.
pub(crate) fn build_search_index(
    doc: &CatalogueDocument,
    rows: &[StationRow],
    station_schedules: &[u32],
    serving: &[u16],
) -> SearchIndex {
    // A table of more schedules than stations would have unused ones: not from a writer,
    // so compile per station rather than size the table by an untrusted number.
    let records = station_schedules
        .iter()
        .max()
        .map_or(0, |&m| m as usize + 1);
    let known = station_schedules.len() == doc.stations.len() && records <= doc.stations.len();
    let records = if known { records } else { 0 };
    // Compiled id of each schedule number, once its first station has been seen.
    let mut compiled = vec![u32::MAX; records];
    let gear = doc
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == ServiceKind::Gear)
        .fold(ServiceSet::EMPTY, |set, (i, _)| {
            set.with(ServiceSet::single(i))
        });
    let mut schedules = CompiledSchedules::default();
    let entries = doc
        .stations
        .iter()
        .zip(rows)
        .enumerate()
        .map(|(i, (station, row))| {
            let slot = station_schedules
                .get(i)
                .filter(|_| known)
                .and_then(|&k| compiled.get_mut(k as usize));
            let id = match slot {
                Some(id) if *id != u32::MAX => *id,
                Some(id) => {
                    *id = schedules.insert(&station.hours);
                    *id
                }
                None => schedules.insert(&station.hours),
            };
            StationPoint {
                lat: row.wgs84.lat(),
                lon: row.wgs84.lon(),
                services: row.offered.with(row.gear_in_stock).bits(),
                station: u32::try_from(i).unwrap_or(u32::MAX),
                schedule: u16::try_from(id)
                    .ok()
                    .filter(|&s| s != SCHEDULE_NONE)
                    .unwrap_or(SCHEDULE_NONE),
                serving_from: serving
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| serving_from(&station.lifecycle)),
            }
        })
        .collect();
    schedules.shrink_to_fit();
    SearchIndex {
        grid: StationIndex::build(entries),
        schedules,
        gear,
    }
}

/// Encodes a lifecycle as "serving from day D on" when it is one (`index::Entry::serving_from`).
pub(crate) fn serving_from(events: &[LifecycleEvent]) -> u16 {
    // The stage on a date is the last event on or before it: each date's last event counts.
    let mut days = events
        .chunk_by(|a, b| a.date == b.date)
        .filter_map(<[LifecycleEvent]>::last)
        .map(|e| (e.date, e.stage.is_serving()));
    let Some((first, _)) = days.by_ref().find(|&(_, serving)| serving) else {
        return SERVING_NEVER;
    };
    if days.any(|(_, serving)| !serving) {
        return SERVING_COMPLEX;
    }
    u16::try_from(epoch_day(first))
        .ok()
        .filter(|&d| d < SERVING_NEVER)
        .unwrap_or(SERVING_COMPLEX)
}
