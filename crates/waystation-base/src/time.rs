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

/// UTC as a chrono offset: where an instant cannot be written in China time (see [`to_china`]).
#[allow(clippy::panic)] // evaluated at compile time: the constant offset is always in range
const UTC: FixedOffset = match FixedOffset::east_opt(0) {
    Some(offset) => offset,
    None => panic!("UTC is a valid offset"),
};

/// An instant expressed in China Standard Time.
///
/// Instants read from a caller keep the offset they were written with; every instant the
/// library makes is in China time, or in UTC in the last eight hours of chrono's range (see
/// [`to_china`]).
pub type ChinaTime = DateTime<FixedOffset>;

/// Converts any instant to China Standard Time.
///
/// In the last eight hours of chrono's range China's local time lies past the last date chrono
/// can hold, so no text can say the instant in China time (chrono's `naive_local` and its serde
/// form would panic). There the instant keeps UTC (offset zero), where it can always be written:
/// every [`ChinaTime`] the library makes can be written out. [`china_checked`] tells the two
/// cases apart.
///
/// ```
/// use chrono::{DateTime, TimeZone, Utc};
/// use waystation::time::to_china;
/// let t = to_china(Utc.with_ymd_and_hms(2026, 1, 1, 16, 30, 0).unwrap());
/// assert_eq!(t.to_rfc3339(), "2026-01-02T00:30:00+08:00");
/// let last = to_china(DateTime::<Utc>::MAX_UTC);
/// assert_eq!(last, DateTime::<Utc>::MAX_UTC);
/// assert_eq!(last.offset().local_minus_utc(), 0);
/// ```
pub fn to_china<Tz: TimeZone>(t: DateTime<Tz>) -> ChinaTime {
    let utc = t.naive_utc();
    china_checked(&t).unwrap_or_else(|| DateTime::from_naive_utc_and_offset(utc, UTC))
}

/// `t` in China Standard Time, or `None` when China's local time at `t` lies past the last date
/// chrono can hold (the last eight hours of its range).
pub fn china_checked<Tz: TimeZone>(t: &DateTime<Tz>) -> Option<ChinaTime> {
    let utc = t.naive_utc();
    utc.checked_add_offset(CHINA)?;
    Some(DateTime::from_naive_utc_and_offset(utc, CHINA))
}

/// Whether `t` can be written in its own offset: its local time there lies within chrono's
/// range. Every instant read from text can; one made by arithmetic or by chrono's
/// `with_timezone` near the ends of the range may not, and chrono's `naive_local`,
/// `date_naive` and serde form panic on it.
pub fn is_writable(t: &ChinaTime) -> bool {
    t.naive_utc().checked_add_offset(*t.offset()).is_some()
}

/// `t` unchanged when it can be written in its own offset, else the same instant in China time
/// or, where that cannot be written either, in UTC (see [`to_china`]). Answers pass every
/// instant they carry through this, so that writing an answer out never panics.
pub fn writable(t: ChinaTime) -> ChinaTime {
    if is_writable(&t) {
        t
    } else {
        to_china(t)
    }
}

/// `t` plus `delta`, or `None` past either end of chrono's range. The result keeps `t`'s offset
/// where it can be written in it (see [`writable`]).
pub fn checked_add(t: ChinaTime, delta: TimeDelta) -> Option<ChinaTime> {
    t.checked_add_signed(delta).map(writable)
}

/// `t` to the minute in China time, `2026-11-29 10:00`, for messages. An instant whose China
/// local time lies past the last date chrono can hold is written in UTC and says so
/// (`+262142-12-31 20:00 UTC`).
pub fn format_minute(t: &ChinaTime) -> String {
    match china_checked(t) {
        Some(c) => c.format("%Y-%m-%d %H:%M").to_string(),
        None => format!("{} UTC", t.naive_utc().format("%Y-%m-%d %H:%M")),
    }
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
    fn instants_china_time_cannot_write_keep_utc() {
        let last = DateTime::<Utc>::MAX_UTC;
        assert_eq!(china_checked(&last), None);
        let t = to_china(last);
        assert_eq!(t, last);
        assert!(is_writable(&t));
        assert_eq!(t.offset().local_minus_utc(), 0);
        // Eight hours before the end, China time is written again.
        let earlier = last - TimeDelta::hours(8);
        let c = to_china(earlier);
        assert_eq!(c.offset().local_minus_utc(), CHINA_OFFSET_SECONDS);
        assert_eq!(c.to_rfc3339(), "+262142-12-31T23:59:59.999999999+08:00");
        let first = DateTime::<Utc>::MIN_UTC;
        assert_eq!(to_china(first).to_rfc3339(), "-262143-01-01T08:00:00+08:00");
    }

    #[test]
    fn writable_keeps_the_offset_it_can_and_the_instant_always() {
        let west = FixedOffset::west_opt(12 * 3600).unwrap_or(CHINA);
        // chrono's with_timezone makes instants whose local time is out of its range.
        let unwritable = DateTime::<Utc>::MIN_UTC.with_timezone(&west);
        assert!(!is_writable(&unwritable));
        let w = writable(unwritable);
        assert_eq!(w, unwritable);
        assert!(is_writable(&w));
        assert_eq!(w.to_rfc3339(), "-262143-01-01T08:00:00+08:00");
        let fine: ChinaTime = "2026-07-01T10:00:00-05:00".parse().unwrap_or(w);
        assert_eq!(writable(fine).to_rfc3339(), "2026-07-01T10:00:00-05:00");
        let east = DateTime::<Utc>::MAX_UTC.with_timezone(&CHINA);
        assert!(!is_writable(&east));
        assert_eq!(
            writable(east).to_rfc3339(),
            "+262142-12-31T23:59:59.999999999+00:00"
        );
    }

    #[test]
    fn checked_add_stops_at_the_ends_and_stays_writable() {
        let t: ChinaTime = "+262142-12-31T00:00:00+08:00"
            .parse()
            .unwrap_or(start_of_day(NaiveDate::MIN));
        let end = checked_add(t, TimeDelta::hours(24));
        assert_eq!(
            end.map(|e| e.to_rfc3339()),
            Some("+262142-12-31T16:00:00+00:00".to_string())
        );
        assert_eq!(checked_add(t, TimeDelta::hours(40)), None);
        assert_eq!(
            checked_add(start_of_day(NaiveDate::MIN), TimeDelta::hours(-1)),
            None
        );
        let normal: ChinaTime = "2026-07-01T10:00:00+08:00".parse().unwrap_or(t);
        assert_eq!(
            checked_add(normal, TimeDelta::hours(24)).map(|e| e.to_rfc3339()),
            Some("2026-07-02T10:00:00+08:00".to_string())
        );
    }

    #[test]
    fn minutes_are_written_in_china_time_or_say_utc() {
        let t: ChinaTime = "2026-07-01T02:00:00Z"
            .parse()
            .unwrap_or(start_of_day(NaiveDate::MIN));
        assert_eq!(format_minute(&t), "2026-07-01 10:00");
        assert_eq!(
            format_minute(&to_china(DateTime::<Utc>::MAX_UTC)),
            "+262142-12-31 23:59 UTC"
        );
    }

    #[test]
    fn china_date_crosses_utc_midnight() {
        let t = Utc.with_ymd_and_hms(2026, 9, 30, 16, 0, 0).single();
        let d = t.map(|t| china_date(&t));
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 10, 1));
    }
}
