//! Instants and dates across the boundary.
//!
//! - [`ChinaTime`] (an instant with the UTC+8 offset) crosses as `SystemTime`: Kotlin
//!   `java.time.Instant`, Swift `Date`, Python `datetime` (UTC). Answers come back in China
//!   Standard Time on the Rust side; the foreign side sees the same instant.
//! - [`ChinaDate`] (a China calendar date) crosses as its ISO 8601 text `2026-10-01`; `uniffi.toml`
//!   maps it to `java.time.LocalDate` in Kotlin and `datetime.date` in Python, and leaves it a
//!   `String` in Swift. A malformed date is an `InvalidInput` error (read by the core's strict
//!   date reader, as dates in JSON are), never a panic.

use crate::error::WaystationError;
use chrono::{DateTime, NaiveDate};
use std::time::{Duration, SystemTime};
use waystation_core::time::{to_china, ChinaTime};

/// A calendar date in China (no time, no zone).
pub type ChinaDate = NaiveDate;

fn invalid(message: String) -> uniffi::deps::anyhow::Error {
    WaystationError::from(waystation_core::error::Error::invalid("", message)).into()
}

fn china_time_to_system(t: ChinaTime) -> SystemTime {
    let secs = t.timestamp();
    let nanos = Duration::from_nanos(u64::from(t.timestamp_subsec_nanos()));
    if secs >= 0 {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs()) + nanos
    } else {
        SystemTime::UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs()) + nanos
    }
}

fn system_to_china_time(t: SystemTime) -> Result<ChinaTime, uniffi::deps::anyhow::Error> {
    let (secs, nanos) = match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).ok(), d.subsec_nanos()),
        Err(e) => {
            // Before 1970: whole seconds down, nanoseconds up.
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).ok();
            match d.subsec_nanos() {
                0 => (whole.map(|s| -s), 0),
                n => (whole.map(|s| -s - 1), 1_000_000_000 - n),
            }
        }
    };
    secs.and_then(|s| DateTime::from_timestamp(s, nanos))
        .map(to_china)
        .ok_or_else(|| invalid("instant is outside the supported range".into()))
}

uniffi::custom_type!(ChinaTime, SystemTime, {
    remote,
    lower: |t| china_time_to_system(t),
    try_lift: |t| system_to_china_time(t),
});

/// Reads an RFC 3339 instant with its offset (`2026-06-10T10:00:00+08:00`), strictly, with the
/// reader every JSON input of the library goes through: an instant without its offset, a space
/// for `T` or a date out of range is an `InvalidInput` error.
///
/// Python's instant arguments go through it whenever they are not a timezone-aware `datetime`
/// (`uniffi.toml`), so that a naive `datetime` is the library's error with its words, never a
/// raw `TypeError` and never a guess at the machine's zone.
#[uniffi::export]
pub fn parse_instant(instant: String) -> Result<ChinaTime, WaystationError> {
    waystation_core::json::parse_instant(&instant)
        .map_err(|message| waystation_core::error::Error::invalid("instant", message).into())
}

uniffi::custom_type!(ChinaDate, String, {
    remote,
    lower: |d| d.to_string(),
    // The core's strict reader, as for dates in JSON: Swift passes the text itself, and
    // `2026-2-14` or ` 2026-02-14` must be refused there as they are in a request.
    try_lift: |s| waystation_core::json::parse_date(&s).map_err(invalid),
});
