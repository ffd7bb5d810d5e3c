//! Compiled opening hours: identical schedules deduplicated at load, each compiled to a
//! minute-of-week bitmap so that "open at t?" costs a few nanoseconds on ordinary days.
//!
//! The compiled answer is exactly [`OpeningHours::is_open_at`]'s: the bitmap holds the weekly
//! intervals (a period past midnight sets the first minutes of the next weekday), and every
//! instant whose answer may depend on something else falls back to `is_open_at` itself. Those
//! instants are the ones where the day or the day before
//!
//! - has a date exception of the schedule, or
//! - is a public holiday or a make-up working day, or lies in a year the calendar lacks, for a
//!   schedule that consults the calendar ([`OpeningHours::needs_calendar`]).
//!
//! Classifying the instant (minute of week, whether the two days are ordinary) is done once per
//! query by [`CompiledSchedules::prepare`]; each station then costs one bit test.
//!
//! ```
//! use chrono::DateTime;
//! use waystation::calendar::HolidayCalendar;
//! use waystation::hours::OpeningHours;
//! use waystation::schedule::CompiledSchedules;
//!
//! let cal = HolidayCalendar::builtin();
//! let hours = [
//!     OpeningHours::parse_osm("Mo-Fr 09:00-17:00; PH off").unwrap(),
//!     OpeningHours::parse_osm("24/7").unwrap(),
//!     OpeningHours::parse_osm("Mo-Fr 09:00-17:00; PH off").unwrap(),
//! ];
//! let compiled = CompiledSchedules::compile(hours.iter());
//! assert_eq!(compiled.len(), 2); // the two identical schedules are one
//! let t = DateTime::parse_from_rfc3339("2026-03-02T10:00:00+08:00").unwrap();
//! let at = compiled.prepare(t, &cal);
//! for h in &hours {
//!     let id = compiled.id_of(h).unwrap();
//!     assert_eq!(compiled.is_open(id, &at, &cal).unwrap(), h.is_open_at(t, &cal).unwrap());
//! }
//! ```

use crate::calendar::{DayKind, HolidayCalendar};
use crate::hours::{
    HolidayPolicy, HoursError, MakeupPolicy, OpeningHours, MINUTES_PER_DAY, MONDAY_TO_SUNDAY,
};
use crate::time::ChinaTime;
use chrono::{Datelike, NaiveDate, Timelike};
use std::collections::HashMap;

/// Minutes in a week.
pub const MINUTES_PER_WEEK: usize = 7 * MINUTES_PER_DAY as usize;
const WORDS: usize = MINUTES_PER_WEEK.div_ceil(64);

/// One compiled schedule (its bitmap is in [`CompiledSchedules::words`]).
#[derive(Debug, Clone)]
struct Compiled {
    /// Days (from the common era) of the date exceptions, sorted.
    exception_days: Vec<i32>,
    /// Whether the schedule consults the holiday calendar.
    needs_calendar: bool,
    /// The schedule itself, for the fallback.
    hours: OpeningHours,
}

/// A set of distinct compiled schedules; schedule ids are `0..len()`.
#[derive(Debug, Clone, Default)]
pub struct CompiledSchedules {
    schedules: Vec<Compiled>,
    /// The bitmaps, `WORDS` words per schedule in id order: bit `m` of schedule `id` set when
    /// it is open at minute `m` of the week (Monday 00:00 is 0) on ordinary days.
    words: Vec<u64>,
    /// Per schedule: [`NEEDS_CALENDAR`] and [`HAS_EXCEPTIONS`] bits (the fast path reads only
    /// these and one word of `words`).
    flags: Vec<u8>,
    by_key: HashMap<Vec<u32>, u32>,
}

/// `flags` bit: the schedule consults the holiday calendar.
const NEEDS_CALENDAR: u8 = 1;
/// `flags` bit: the schedule has date exceptions.
const HAS_EXCEPTIONS: u8 = 2;

/// An instant classified once for many schedule checks (see [`CompiledSchedules::prepare`]).
#[derive(Debug, Clone, Copy)]
pub struct PreparedInstant {
    t: ChinaTime,
    /// Minute of the week in China time.
    minute_of_week: u16,
    /// Day number (from the common era) of the China date.
    day: i32,
    /// Whether the date and the day before are ordinary calendar days (known year, neither a
    /// public holiday nor a make-up working day).
    ordinary: bool,
}

impl PreparedInstant {
    /// The instant.
    pub fn instant(&self) -> ChinaTime {
        self.t
    }
}

/// A key equal for equal schedules (built from the public accessors only).
fn key(h: &OpeningHours) -> Vec<u32> {
    let mut k = Vec::with_capacity(32);
    for w in MONDAY_TO_SUNDAY {
        for iv in h.weekday_intervals(w) {
            k.push(u32::from(iv.open_minute()) << 16 | u32::from(iv.close_minute()));
        }
        k.push(u32::MAX);
    }
    for e in h.exceptions() {
        k.push(e.date.num_days_from_ce() as u32);
        for iv in &e.intervals {
            k.push(u32::from(iv.open_minute()) << 16 | u32::from(iv.close_minute()));
        }
        k.push(u32::MAX);
    }
    k.push(u32::MAX - 1);
    match h.public_holidays() {
        HolidayPolicy::AsUsual => k.push(0),
        HolidayPolicy::Closed => k.push(1),
        HolidayPolicy::Hours { intervals } => {
            k.push(2);
            for iv in intervals {
                k.push(u32::from(iv.open_minute()) << 16 | u32::from(iv.close_minute()));
            }
        }
    }
    k.push(u32::MAX - 2);
    match h.makeup_workdays() {
        MakeupPolicy::Ignored => k.push(7),
        MakeupPolicy::AsWeekday { weekday } => k.push(weekday.num_days_from_monday()),
    }
    k
}

fn set_bits(bits: &mut [u64; WORDS], from: usize, to: usize) {
    for m in from..to.min(MINUTES_PER_WEEK) {
        if let Some(w) = bits.get_mut(m / 64) {
            *w |= 1u64 << (m % 64);
        }
    }
}

fn compile_one(h: &OpeningHours) -> (Box<[u64; WORDS]>, Compiled) {
    let mut bits = Box::new([0u64; WORDS]);
    let day = usize::from(MINUTES_PER_DAY);
    for (d, w) in MONDAY_TO_SUNDAY.into_iter().enumerate() {
        for iv in h.weekday_intervals(w) {
            let open = usize::from(iv.open_minute());
            let close = usize::from(iv.close_minute());
            if iv.wraps_midnight() {
                set_bits(&mut bits, d * day + open, (d + 1) * day);
                let next = (d + 1) % 7;
                set_bits(&mut bits, next * day, next * day + close);
            } else {
                set_bits(&mut bits, d * day + open, d * day + close);
            }
        }
    }
    let compiled = Compiled {
        exception_days: h
            .exceptions()
            .iter()
            .map(|e| e.date.num_days_from_ce())
            .collect(),
        needs_calendar: h.needs_calendar(),
        hours: h.clone(),
    };
    (bits, compiled)
}

fn is_ordinary(cal: &HolidayCalendar, date: NaiveDate) -> bool {
    matches!(
        cal.day_kind(date),
        Ok(DayKind::Workday) | Ok(DayKind::RestDay)
    )
}

impl CompiledSchedules {
    /// Compiles every schedule of `hours`, identical ones once.
    pub fn compile<'a>(hours: impl IntoIterator<Item = &'a OpeningHours>) -> CompiledSchedules {
        let mut set = CompiledSchedules::default();
        for h in hours {
            set.insert(h);
        }
        set.shrink_to_fit();
        set
    }

    /// Adds a schedule (or finds its identical twin) and returns its id.
    pub fn insert(&mut self, hours: &OpeningHours) -> u32 {
        let k = key(hours);
        if let Some(&id) = self.by_key.get(&k) {
            return id;
        }
        let id = u32::try_from(self.schedules.len()).unwrap_or(u32::MAX);
        let (bits, compiled) = compile_one(hours);
        self.words.extend_from_slice(bits.as_slice());
        self.flags.push(
            if compiled.needs_calendar {
                NEEDS_CALENDAR
            } else {
                0
            } | if compiled.exception_days.is_empty() {
                0
            } else {
                HAS_EXCEPTIONS
            },
        );
        self.schedules.push(compiled);
        self.by_key.insert(k, id);
        id
    }

    /// Everything but the lookup table, for tests comparing two builds (of this crate and of
    /// the layers above).
    #[doc(hidden)]
    pub fn compiled_debug(&self) -> String {
        format!("{:?} {:?} {:?}", self.schedules, self.words, self.flags)
    }

    /// Releases spare capacity (once every schedule is in).
    pub fn shrink_to_fit(&mut self) {
        self.words.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.schedules.shrink_to_fit();
    }

    /// The id of a schedule identical to `hours`, if it was compiled.
    pub fn id_of(&self, hours: &OpeningHours) -> Option<u32> {
        self.by_key.get(&key(hours)).copied()
    }

    /// Number of distinct schedules.
    pub fn len(&self) -> usize {
        self.schedules.len()
    }

    /// Whether there is no schedule.
    pub fn is_empty(&self) -> bool {
        self.schedules.is_empty()
    }

    /// Bytes held by the compiled forms (bitmaps and exception lists, not the kept schedules).
    pub fn compiled_bytes(&self) -> usize {
        self.words.capacity() * 8
            + self.flags.capacity()
            + self
                .schedules
                .iter()
                .map(|c| c.exception_days.len() * 4 + std::mem::size_of::<Compiled>())
                .sum::<usize>()
    }

    /// Classifies `t` once for any number of [`CompiledSchedules::is_open`] checks.
    pub fn prepare(&self, t: ChinaTime, cal: &HolidayCalendar) -> PreparedInstant {
        let local = crate::time::china_local(&t);
        let date = local.date();
        let minute = local.hour() * 60 + local.minute();
        let mow = date.weekday().num_days_from_monday() * u32::from(MINUTES_PER_DAY) + minute;
        // pred_opt fails only at the start of chrono's range: then always fall back.
        let ordinary =
            is_ordinary(cal, date) && date.pred_opt().is_some_and(|p| is_ordinary(cal, p));
        PreparedInstant {
            t,
            minute_of_week: u16::try_from(mow).unwrap_or(0),
            day: date.num_days_from_ce(),
            ordinary,
        }
    }

    /// Whether schedule `id` is open at the prepared instant: exactly
    /// [`OpeningHours::is_open_at`] for that schedule.
    ///
    /// # Errors
    /// As [`OpeningHours::is_open_at`] ([`HoursError::CalendarUnknown`]); an unknown `id` is
    /// reported as closed.
    pub fn is_open(
        &self,
        id: u32,
        at: &PreparedInstant,
        cal: &HolidayCalendar,
    ) -> Result<bool, HoursError> {
        let Some(c) = self.schedules.get(id as usize) else {
            return Ok(false);
        };
        let exception_near = !c.exception_days.is_empty()
            && c.exception_days
                .iter()
                .any(|&d| d == at.day || d == at.day - 1);
        if exception_near || (c.needs_calendar && !at.ordinary) {
            return c.hours.is_open_at(at.t, cal);
        }
        Ok(self.bit(id, at).unwrap_or(false))
    }

    /// Whether schedule `id` is open at the prepared instant when that needs no fallback;
    /// `None` when it does (then ask [`CompiledSchedules::is_open`]).
    #[inline]
    pub fn is_open_fast(&self, id: u32, at: &PreparedInstant) -> Option<bool> {
        let flags = *self.flags.get(id as usize)?;
        if flags & NEEDS_CALENDAR != 0 && !at.ordinary {
            return None;
        }
        if flags & HAS_EXCEPTIONS != 0 {
            let c = self.schedules.get(id as usize)?;
            if c.exception_days
                .iter()
                .any(|&d| d == at.day || d == at.day - 1)
            {
                return None;
            }
        }
        self.bit(id, at)
    }

    /// Bit of the prepared minute of the week in schedule `id`'s bitmap.
    #[inline]
    fn bit(&self, id: u32, at: &PreparedInstant) -> Option<bool> {
        let m = usize::from(at.minute_of_week);
        self.words
            .get(id as usize * WORDS + m / 64)
            .map(|w| w >> (m % 64) & 1 == 1)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::time::CHINA;
    use chrono::{Duration, TimeZone};

    #[test]
    fn compiled_agrees_with_is_open_at_over_two_years() {
        let cal = HolidayCalendar::builtin();
        let specs = [
            "Mo-Fr 09:00-17:00; PH off",
            "Mo-Su 07:00-21:00; PH 09:00-17:00",
            "24/7",
            "Mo-Sa 18:00-02:00; Su off",
            "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off",
        ];
        let mut hours: Vec<OpeningHours> = specs
            .iter()
            .map(|s| OpeningHours::parse_osm(s).unwrap())
            .collect();
        hours.push(
            hours[0]
                .clone()
                .with_makeup_workdays(MakeupPolicy::AsWeekday {
                    weekday: chrono::Weekday::Mon,
                }),
        );
        let compiled = CompiledSchedules::compile(hours.iter());
        assert_eq!(compiled.len(), hours.len());
        let mut t = CHINA.with_ymd_and_hms(2024, 12, 30, 0, 0, 0).unwrap();
        let end = CHINA.with_ymd_and_hms(2027, 1, 2, 0, 0, 0).unwrap();
        while t < end {
            let at = compiled.prepare(t, &cal);
            for h in &hours {
                let id = compiled.id_of(h).unwrap();
                let want = h.is_open_at(t, &cal).ok();
                assert_eq!(compiled.is_open(id, &at, &cal).ok(), want, "{t} {h:?}");
            }
            t += Duration::minutes(37);
        }
    }
}
