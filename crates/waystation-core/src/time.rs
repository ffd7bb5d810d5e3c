//! China Standard Time.
//!
//! Mainland China keeps a single civil time, China Standard Time (UTC+8, IANA zone
//! `Asia/Shanghai`), and has observed no daylight-saving time since 1991. Every instant the
//! library reasons about (opening hours, holiday calendars, assessment expiry, as-of dates) is
//! expressed in that offset. A fixed offset is exact for every date the library handles
//! (holiday calendars start in 2025) and keeps the WebAssembly build free of a time-zone
//! database. The core never reads the clock: callers pass the instant (`Utc::now()` on the
//! host side), which keeps every query a pure function and testable.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, TimeZone};

/// Seconds east of UTC of China Standard Time.
pub const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

/// China Standard Time as a chrono offset.
#[allow(clippy::panic)] // evaluated at compile time: the constant offset is always in range
pub const CHINA: FixedOffset = match FixedOffset::east_opt(CHINA_OFFSET_SECONDS) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// An instant expressed in China Standard Time.
pub type ChinaTime = DateTime<FixedOffset>;

/// Converts any instant to China Standard Time.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use waystation_core::time::to_china;
/// let t = to_china(Utc.with_ymd_and_hms(2026, 1, 1, 16, 30, 0).unwrap());
/// assert_eq!(t.to_rfc3339(), "2026-01-02T00:30:00+08:00");
/// ```
pub fn to_china<Tz: TimeZone>(t: DateTime<Tz>) -> ChinaTime {
    t.with_timezone(&CHINA)
}

/// The calendar date in China at instant `t`.
///
/// Never panics: in the last eight hours of chrono's range, where China's local time would fall
/// past the last representable date, it is that last date (see [`china_local`]).
pub fn china_date<Tz: TimeZone>(t: &DateTime<Tz>) -> NaiveDate {
    china_local(t).date()
}

/// The local date and time in China at instant `t`.
///
/// chrono's own `naive_local` panics for an instant in the last eight hours of its range (China's
/// local time is then past `NaiveDateTime::MAX`); this saturates to `NaiveDateTime::MAX` instead,
/// so that no instant a caller passes can crash a query.
pub fn china_local<Tz: TimeZone>(t: &DateTime<Tz>) -> NaiveDateTime {
    t.naive_utc()
        .checked_add_signed(TimeDelta::seconds(i64::from(CHINA_OFFSET_SECONDS)))
        .unwrap_or(NaiveDateTime::MAX)
}

/// Midnight at the start of `date` in China Standard Time.
///
/// Always exists (a fixed offset has no gaps or folds), except on chrono's very first date,
/// whose local midnight lies before the first representable instant: that saturates to the
/// first instant.
pub fn start_of_day(date: NaiveDate) -> ChinaTime {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    // With a fixed offset every local time maps to exactly one instant.
    DateTime::from_naive_utc_and_offset(
        midnight
            .checked_sub_signed(TimeDelta::seconds(i64::from(CHINA_OFFSET_SECONDS)))
            .unwrap_or(NaiveDateTime::MIN),
        CHINA,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn start_of_day_is_local_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 15).unwrap_or_default();
        assert_eq!(start_of_day(d).to_rfc3339(), "2026-02-15T00:00:00+08:00");
    }

    #[test]
    fn the_ends_of_chronos_range_do_not_panic() {
        let last = DateTime::<Utc>::MAX_UTC;
        assert_eq!(china_date(&last), NaiveDate::MAX);
        assert_eq!(china_local(&last), NaiveDateTime::MAX);
        let first = DateTime::<Utc>::MIN_UTC;
        assert_eq!(china_date(&first), NaiveDate::MIN);
        assert_eq!(start_of_day(NaiveDate::MIN).naive_utc(), NaiveDateTime::MIN);
        assert_eq!(
            start_of_day(NaiveDate::MAX).to_rfc3339(),
            "+262142-12-31T00:00:00+08:00"
        );
    }

    #[test]
    fn china_date_crosses_utc_midnight() {
        let t = Utc.with_ymd_and_hms(2026, 9, 30, 16, 0, 0).single();
        let d = t.map(|t| china_date(&t));
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 10, 1));
    }
}
