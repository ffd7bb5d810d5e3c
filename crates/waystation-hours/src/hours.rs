//! Opening hours of a station.
//!
//! A station's [`OpeningHours`] are:
//! - **weekly** intervals per weekday, several per day, possibly running past midnight
//!   (`22:00-02:00` on Friday is open until 02:00 on Saturday);
//! - **date exceptions**: a specific date with its own intervals, or closed;
//! - a **public-holiday policy** ([`HolidayPolicy`]): closed, own holiday hours, or as usual;
//! - a **make-up working day policy** ([`MakeupPolicy`]): a make-up working day (调休) either
//!   gets the hours of a regular working day (which weekday's hours is data, Monday by default)
//!   or is ignored (the calendar weekday's hours apply).
//!
//! For a date the first that applies wins: date exception > public-holiday policy > make-up
//! working day policy > weekly hours. An interval belongs to the day it starts on: the policy of
//! that day decides whether it runs, also for the part after midnight. Adjacent periods merge:
//! `Mo 20:00-24:00` followed by `Tu 00:00-08:00` is one opening period with no change at
//! midnight, and overlapping spills from the previous day are simply unioned.
//!
//! OSM `opening_hours` text is read with OSM's meaning, which differs at midnight: there the
//! part of an interval after midnight belongs to the next day's rules. The import builds the
//! model that means the same on every kind of day, or refuses the text as unsupported; the
//! export writes text that means in OSM what the model means (see [`OpeningHours::parse_osm`],
//! [`OpeningHours::to_osm`]; both are checked against the reference evaluator by
//! `tests/osm_reference.rs`).
//!
//! The [`HolidayCalendar`] is consulted only when the answer depends on it, i.e. when the
//! holiday policy is not `as_usual` or the make-up policy is not `ignored`; then a date outside
//! the calendar's years is [`HoursError::CalendarUnknown`].
//!
//! # JSON
//!
//! `OpeningHours` deserializes from **either** an OSM `opening_hours` string (the subset of
//! [`OpeningHours::parse_osm`]) **or** the structured object below; it always serializes to the
//! structured object:
//!
//! ```json
//! {
//!   "weekly": {"mo": ["09:00-17:00"], "tu": ["09:00-17:00"], "we": [], "th": [],
//!              "fr": ["09:00-12:00", "22:00-02:00"], "sa": [], "su": []},
//!   "exceptions": [{"date": "2026-10-09", "intervals": []},
//!                  {"date": "2026-10-10", "intervals": ["10:00-12:00"]}],
//!   "public_holidays": {"policy": "hours", "intervals": ["10:00-16:00"]},
//!   "makeup_workdays": {"policy": "as_weekday", "weekday": "mo"}
//! }
//! ```
//!
//! - `weekly` is required; a missing weekday key means closed that day.
//! - An interval is `"HH:MM-HH:MM"`; `24:00` is allowed as a closing time (`00:00` as a closing
//!   time means the same), a closing time earlier than the opening time runs past midnight.
//! - `exceptions` (default none): `intervals` empty (the default) means closed all day.
//! - `public_holidays` (default `{"policy": "as_usual"}`): `{"policy": "closed"}` or
//!   `{"policy": "hours", "intervals": [...]}` (non-empty).
//! - `makeup_workdays` (default `{"policy": "ignored"}`): `{"policy": "as_weekday", "weekday":
//!   "mo"}` (`weekday` is one of `mo tu we th fr sa su`, default `mo`).
//! - Unknown fields, malformed times, equal opening and closing times, overlapping intervals on
//!   one day and two exceptions for one date are errors naming the place, e.g. `weekly.fr[1]`.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Timelike, Weekday};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::{CalendarError, DayKind, HolidayCalendar};
use crate::time::{china_local, writable, ChinaTime, CHINA, CHINA_OFFSET_SECONDS};

/// Minutes in a day.
pub const MINUTES_PER_DAY: u16 = 1440;

/// How many days [`OpeningHours::next_change`] looks ahead before giving up.
pub const SEARCH_HORIZON_DAYS: u16 = 400;

/// Longest OSM `opening_hours` text accepted, in bytes. OpenStreetMap itself caps tag values at
/// 255 characters; longer text is refused before parsing (it would only cost time).
pub const MAX_OSM_BYTES: usize = 2048;

const DAY: i64 = MINUTES_PER_DAY as i64;

/// What went wrong with opening hours: parsing, validation, export or a query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    /// The OSM `opening_hours` text is malformed.
    #[error("opening_hours at byte {position}: {message}")]
    OsmSyntax {
        /// Byte offset in the text.
        position: usize,
        /// What is wrong there.
        message: String,
    },
    /// The OSM `opening_hours` text uses a construct outside the supported subset.
    #[error("opening_hours at byte {position}: {construct} is not supported")]
    OsmUnsupported {
        /// Byte offset in the text.
        position: usize,
        /// The construct, e.g. `variable times (sunrise)`.
        construct: String,
    },
    /// An interval is not `HH:MM-HH:MM` or is impossible.
    #[error("{value:?} is not a valid interval: {reason}")]
    InvalidInterval {
        /// The text or minutes given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two intervals of one day overlap.
    #[error("{path}: {interval} overlaps {other} at {other_path}")]
    Overlap {
        /// Where the later-starting interval is, e.g. `weekly.mo[1]`.
        path: String,
        /// That interval.
        interval: String,
        /// Where the interval it overlaps is.
        other_path: String,
        /// The interval it overlaps.
        other: String,
    },
    /// Two exceptions are given for one date.
    #[error("{path}: {date} already has an exception")]
    DuplicateException {
        /// Where the second exception is, e.g. `exceptions[3].date`.
        path: String,
        /// The date.
        date: NaiveDate,
    },
    /// A holiday-hours policy without intervals.
    #[error("{path}: holiday hours need at least one interval (use the closed policy)")]
    EmptyHolidayHours {
        /// Where, e.g. `public_holidays.intervals`.
        path: String,
    },
    /// The hours cannot be written in the supported OSM subset.
    #[error("cannot be written as OSM opening_hours: {reason}")]
    NotExpressible {
        /// Which part of the model has no OSM form.
        reason: String,
    },
    /// The OSM `opening_hours` text (given, or that an export would write) is longer than
    /// [`MAX_OSM_BYTES`].
    #[error("opening_hours text is {bytes} bytes, more than the limit of {limit}")]
    OsmTooLong {
        /// Length given.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The answer depends on the holiday calendar, which has no data for this year.
    #[error("the holiday calendar has no data for {year}")]
    CalendarUnknown {
        /// The missing year.
        year: i32,
    },
    /// An answer lies outside the range of instants chrono can represent (an opening period
    /// on chrono's first or last date).
    #[error("{what} lies outside the range of instants that can be represented")]
    OutOfRange {
        /// What, e.g. `the opening period 22:00-10:00 on +262142-12-31`.
        what: String,
    },
}

/// The instant `minutes` after midnight at the start of `date` in China Standard Time (may be
/// past the day), written in China time or, where that cannot be written, in UTC; `None`
/// outside chrono's range of instants.
fn instant_at(date: NaiveDate, minutes: i64) -> Option<ChinaTime> {
    let offset = TimeDelta::seconds(i64::from(CHINA_OFFSET_SECONDS));
    let utc = date
        .and_time(NaiveTime::MIN)
        .checked_add_signed(TimeDelta::minutes(minutes).checked_sub(&offset)?)?;
    Some(writable(DateTime::from_naive_utc_and_offset(utc, CHINA)))
}

// ---------------------------------------------------------------------------------------------
// Interval

/// One opening interval of a day, in minutes since midnight China Standard Time.
///
/// `open` is in `0..1440`, `close` in `1..=1440` (1440 is `24:00`) and differs from `open`.
/// A `close` earlier than `open` runs past midnight into the next day. Displayed and serialized
/// as `"09:00-17:00"`.
///
/// ```
/// use waystation::hours::Interval;
/// let late: Interval = "22:00-02:00".parse().unwrap();
/// assert!(late.wraps_midnight());
/// assert_eq!(late.duration_minutes(), 240);
/// assert_eq!(late.to_string(), "22:00-02:00");
/// assert_eq!("18:00-00:00".parse::<Interval>().unwrap().to_string(), "18:00-24:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    open: u16,
    close: u16,
}

impl Interval {
    /// The whole day, `00:00-24:00`.
    pub const ALL_DAY: Interval = Interval {
        open: 0,
        close: MINUTES_PER_DAY,
    };

    /// An interval from minutes since midnight. A `close_minute` of 0 or 1440 means midnight at
    /// the end of the day; a `close_minute` below `open_minute` runs past midnight.
    pub fn new(open_minute: u16, close_minute: u16) -> Result<Interval, HoursError> {
        Interval::checked(open_minute, close_minute).map_err(|reason| HoursError::InvalidInterval {
            value: format!("{open_minute}-{close_minute} (minutes)"),
            reason: reason.to_owned(),
        })
    }

    /// Builds an interval; `close` may be an extended time up to 48:00 (OSM `22:00-26:00`).
    fn checked(open: u16, close: u16) -> Result<Interval, &'static str> {
        if open >= MINUTES_PER_DAY {
            return Err("the opening time must be before 24:00");
        }
        let close = match close {
            0 => MINUTES_PER_DAY,
            c if c <= MINUTES_PER_DAY => c,
            c if c <= 2 * MINUTES_PER_DAY => {
                let next_day = c - MINUTES_PER_DAY;
                if next_day >= open {
                    return Err("an interval may last at most 24 hours");
                }
                next_day
            }
            _ => return Err("the closing time must be at most 48:00"),
        };
        if close == open {
            return Err("the opening and closing times are equal");
        }
        Ok(Interval { open, close })
    }

    /// Opening time in minutes since midnight (`0..1440`).
    pub fn open_minute(self) -> u16 {
        self.open
    }

    /// Closing time in minutes since midnight (`1..=1440`); on the next day if the interval
    /// wraps midnight.
    pub fn close_minute(self) -> u16 {
        self.close
    }

    /// Whether the interval runs past midnight into the next day.
    pub fn wraps_midnight(self) -> bool {
        self.close < self.open
    }

    /// Length in minutes (1 to 1439, or 1440 for `00:00-24:00`).
    pub fn duration_minutes(self) -> u16 {
        if self.wraps_midnight() {
            MINUTES_PER_DAY - self.open + self.close
        } else {
            self.close - self.open
        }
    }

    /// End in minutes since the start of the interval's day (may exceed 1440).
    fn end(self) -> u16 {
        self.open + self.duration_minutes()
    }
}

fn fmt_minute(f: &mut fmt::Formatter<'_>, m: u16) -> fmt::Result {
    write!(f, "{:02}:{:02}", m / 60, m % 60)
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_minute(f, self.open)?;
        f.write_str("-")?;
        fmt_minute(f, self.close)
    }
}

impl FromStr for Interval {
    type Err = HoursError;

    /// Parses `HH:MM-HH:MM` (closing time up to `24:00`, or an extended `26:00` for 02:00 the
    /// next day).
    fn from_str(s: &str) -> Result<Interval, HoursError> {
        let invalid = |reason: &str| HoursError::InvalidInterval {
            value: s.to_owned(),
            reason: reason.to_owned(),
        };
        let (open, close) = s
            .split_once('-')
            .ok_or_else(|| invalid("expected HH:MM-HH:MM"))?;
        let open = parse_clock(open).ok_or_else(|| invalid("expected HH:MM-HH:MM"))?;
        let close = parse_clock(close).ok_or_else(|| invalid("expected HH:MM-HH:MM"))?;
        Interval::checked(open, close).map_err(invalid)
    }
}

/// `HH:MM` with two-digit hours (up to 48) and minutes (below 60), as minutes.
fn parse_clock(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    clock_minutes(h, m)
}

fn clock_minutes(h: &str, m: &str) -> Option<u16> {
    let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(h) || !two_digits(m) {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    (m < 60 && h <= 48).then_some(h * 60 + m)
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Interval, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Model

/// Intervals per weekday (`mo` … `su`); an empty list means closed that day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WeeklyHours {
    /// Monday.
    pub mo: Vec<Interval>,
    /// Tuesday.
    pub tu: Vec<Interval>,
    /// Wednesday.
    pub we: Vec<Interval>,
    /// Thursday.
    pub th: Vec<Interval>,
    /// Friday.
    pub fr: Vec<Interval>,
    /// Saturday.
    pub sa: Vec<Interval>,
    /// Sunday.
    pub su: Vec<Interval>,
}

/// Hours for one specific date, overriding everything else for that date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateException {
    /// The date (China Standard Time).
    #[serde(deserialize_with = "crate::json::date::deserialize")]
    pub date: NaiveDate,
    /// The intervals starting on that date; empty means closed.
    #[serde(default)]
    pub intervals: Vec<Interval>,
}

/// What happens on a public holiday (a day off of the official calendar).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "policy",
    rename_all = "snake_case",
    try_from = "HolidayPolicyRecord"
)]
pub enum HolidayPolicy {
    /// The weekly hours (or make-up policy) apply as on any other day.
    #[default]
    AsUsual,
    /// Closed all day.
    Closed,
    /// Open with these hours instead.
    Hours {
        /// The holiday hours (non-empty).
        intervals: Vec<Interval>,
    },
}

/// What happens on a make-up working day (调休: a Saturday or Sunday that is a working day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "policy",
    rename_all = "snake_case",
    try_from = "MakeupPolicyRecord"
)]
pub enum MakeupPolicy {
    /// Make-up days are ignored: the calendar weekday's hours apply.
    #[default]
    Ignored,
    /// Make-up days get the hours of this regular working day.
    AsWeekday {
        /// Whose hours to use; `mo` when omitted.
        #[serde(serialize_with = "weekday_code::serialize")]
        weekday: Weekday,
    },
}

// serde ignores unknown fields of internally tagged unit variants, so policies are read
// through flat records that reject them.

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum HolidayPolicyKind {
    AsUsual,
    Closed,
    Hours,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayPolicyRecord {
    policy: HolidayPolicyKind,
    intervals: Option<Vec<Interval>>,
}

impl TryFrom<HolidayPolicyRecord> for HolidayPolicy {
    type Error = String;

    fn try_from(r: HolidayPolicyRecord) -> Result<HolidayPolicy, String> {
        match (r.policy, r.intervals) {
            (HolidayPolicyKind::AsUsual, None) => Ok(HolidayPolicy::AsUsual),
            (HolidayPolicyKind::Closed, None) => Ok(HolidayPolicy::Closed),
            (HolidayPolicyKind::Hours, Some(intervals)) => Ok(HolidayPolicy::Hours { intervals }),
            (HolidayPolicyKind::Hours, None) => {
                Err("public_holidays: policy hours needs `intervals`".to_owned())
            }
            (_, Some(_)) => {
                Err("public_holidays: `intervals` is only allowed with policy hours".to_owned())
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum MakeupPolicyKind {
    Ignored,
    AsWeekday,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MakeupPolicyRecord {
    policy: MakeupPolicyKind,
    #[serde(default, with = "weekday_code::option")]
    weekday: Option<Weekday>,
}

impl TryFrom<MakeupPolicyRecord> for MakeupPolicy {
    type Error = String;

    fn try_from(r: MakeupPolicyRecord) -> Result<MakeupPolicy, String> {
        match (r.policy, r.weekday) {
            (MakeupPolicyKind::Ignored, None) => Ok(MakeupPolicy::Ignored),
            (MakeupPolicyKind::Ignored, Some(_)) => {
                Err("makeup_workdays: `weekday` is only allowed with policy as_weekday".to_owned())
            }
            (MakeupPolicyKind::AsWeekday, weekday) => Ok(MakeupPolicy::AsWeekday {
                weekday: weekday.unwrap_or(Weekday::Mon),
            }),
        }
    }
}

mod weekday_code {
    use chrono::Weekday;
    use serde::de::{self, Unexpected};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) const CODES: [&str; 7] = ["mo", "tu", "we", "th", "fr", "sa", "su"];

    pub(super) fn code(w: Weekday) -> &'static str {
        CODES
            .get(w.num_days_from_monday() as usize)
            .copied()
            .unwrap_or("mo")
    }

    pub(super) fn serialize<S: Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(code(*w))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let s = String::deserialize(d)?;
        CODES
            .iter()
            .position(|c| *c == s)
            .and_then(|i| u8::try_from(i).ok())
            .and_then(|i| Weekday::try_from(i).ok())
            .ok_or_else(|| {
                de::Error::invalid_value(Unexpected::Str(&s), &"one of mo tu we th fr sa su")
            })
    }

    pub(super) mod option {
        use chrono::Weekday;
        use serde::Deserializer;

        pub(in super::super) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Weekday>, D::Error> {
            super::deserialize(d).map(Some)
        }
    }
}

/// A change of state: the station opens or closes at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// When the change happens (China Standard Time).
    pub at: ChinaTime,
    /// `true`: the station opens at `at`; `false`: it closes.
    pub opens: bool,
}

/// Whether a station is open at an instant, and when that changes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenStatus {
    /// Open at the instant asked about.
    pub open: bool,
    /// The next change strictly after that instant, within [`SEARCH_HORIZON_DAYS`]; `None` if
    /// the state does not change in that time, or if it cannot be told (then
    /// `calendar_unknown_year` says why), or if it lies after the last date chrono can hold
    /// (nothing past that date can be told), or the instant asked about is in the last eight
    /// hours of chrono's range (where China's local date cannot be represented). Written in China time, or in UTC where that cannot be
    /// written ([`time::writable`](crate::time::writable)).
    pub next_change: Option<Change>,
    /// Set when the state at the instant is known but the next change is not: the search for it
    /// reached a year the holiday calendar has no data for (as in
    /// `waystation::stations::StationStatus`). Omitted from JSON when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_unknown_year: Option<i32>,
}

/// The opening hours of a station. See the [module docs](self) for the model and JSON shape.
///
/// Always valid: intervals of a day are sorted and do not overlap, exception dates are unique.
///
/// # Example
///
/// ```
/// use chrono::{FixedOffset, TimeZone};
/// use waystation::calendar::HolidayCalendar;
/// use waystation::hours::OpeningHours;
/// use waystation::time::CHINA;
///
/// let cal = HolidayCalendar::builtin();
/// let hours = OpeningHours::parse_osm("Mo-Fr 09:00-17:00; PH off").unwrap();
/// let at = |m, d, h| CHINA.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap();
/// assert!(hours.is_open_at(at(3, 2, 10), &cal).unwrap()); // a Monday
/// assert!(!hours.is_open_at(at(2, 17, 10), &cal).unwrap()); // Spring Festival
/// let status = hours.status_at(at(2, 13, 18), &cal).unwrap(); // Friday evening
/// assert!(!status.open);
/// assert_eq!(status.next_change.unwrap().at, at(2, 24, 9)); // after the festival
/// assert_eq!(hours.to_osm().unwrap(), "Mo-Fr 09:00-17:00; PH off");
/// ```
///
/// The hours are immutable and shared: a clone is a reference count, so the stations of a
/// national network that keep the same hours (a few hundred distinct schedules for hundreds of
/// thousands of stations) hold one copy.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OpeningHours {
    data: Arc<HoursData>,
}

impl OpeningHours {
    /// Whether public holidays or make-up working days have hours of their own (a quick test
    /// before asking the calendar what kind of day it is).
    pub fn has_calendar_rules(&self) -> bool {
        let d = &*self.data;
        !matches!(d.public_holidays, HolidayPolicy::AsUsual)
            || matches!(d.makeup_workdays, MakeupPolicy::AsWeekday { .. })
    }

    /// Whether the hours of `date`, a day of `kind`, come from the public-holiday or make-up
    /// policy instead of the weekly hours (and no date exception overrides them).
    pub fn calendar_rule_applies(&self, date: NaiveDate, kind: DayKind) -> bool {
        let d = &*self.data;
        if d.exceptions.binary_search_by_key(&date, |e| e.date).is_ok() {
            return false;
        }
        match kind {
            DayKind::PublicHoliday => !matches!(d.public_holidays, HolidayPolicy::AsUsual),
            DayKind::MakeupWorkday => matches!(d.makeup_workdays, MakeupPolicy::AsWeekday { .. }),
            DayKind::Workday | DayKind::RestDay => false,
        }
    }
}

impl fmt::Debug for OpeningHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &*self.data;
        f.debug_struct("OpeningHours")
            .field("weekly", &d.weekly)
            .field("exceptions", &d.exceptions)
            .field("public_holidays", &d.public_holidays)
            .field("makeup_workdays", &d.makeup_workdays)
            .field("has_wrap", &d.has_wrap)
            .finish()
    }
}

/// What [`OpeningHours`] shares.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct HoursData {
    /// Indexed by `Weekday::num_days_from_monday`.
    weekly: [Vec<Interval>; 7],
    /// Sorted by date, unique dates.
    exceptions: Vec<DateException>,
    public_holidays: HolidayPolicy,
    makeup_workdays: MakeupPolicy,
    /// Whether any interval anywhere runs past midnight.
    has_wrap: bool,
}

impl HoursData {
    fn all_intervals(&self) -> impl Iterator<Item = &Interval> {
        let holiday: &[Interval] = match &self.public_holidays {
            HolidayPolicy::Hours { intervals } => intervals,
            _ => &[],
        };
        self.weekly
            .iter()
            .flatten()
            .chain(self.exceptions.iter().flat_map(|e| e.intervals.iter()))
            .chain(holiday)
    }
}

/// The structured JSON form.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpeningHoursRecord {
    weekly: WeeklyHours,
    #[serde(default)]
    exceptions: Vec<DateException>,
    #[serde(default)]
    public_holidays: HolidayPolicy,
    #[serde(default)]
    makeup_workdays: MakeupPolicy,
}

/// Sorts a day's intervals and rejects overlaps, naming them `{path}[i]` (input order).
fn sorted_day(path: &str, list: Vec<Interval>) -> Result<Vec<Interval>, HoursError> {
    let mut indexed: Vec<(usize, Interval)> = list.into_iter().enumerate().collect();
    indexed.sort_by_key(|&(_, iv)| iv);
    for pair in indexed.windows(2) {
        if let [(ia, a), (ib, b)] = pair {
            if a.end() > b.open {
                return Err(HoursError::Overlap {
                    path: format!("{path}[{ib}]"),
                    interval: b.to_string(),
                    other_path: format!("{path}[{ia}]"),
                    other: a.to_string(),
                });
            }
        }
    }
    Ok(indexed.into_iter().map(|(_, iv)| iv).collect())
}

impl OpeningHours {
    /// Validated opening hours from their parts.
    ///
    /// # Errors
    /// [`HoursError::Overlap`], [`HoursError::DuplicateException`] or
    /// [`HoursError::EmptyHolidayHours`], naming the place (`weekly.mo[1]`,
    /// `exceptions[2].date`, …).
    pub fn new(
        weekly: WeeklyHours,
        exceptions: Vec<DateException>,
        public_holidays: HolidayPolicy,
        makeup_workdays: MakeupPolicy,
    ) -> Result<OpeningHours, HoursError> {
        let WeeklyHours {
            mo,
            tu,
            we,
            th,
            fr,
            sa,
            su,
        } = weekly;
        let weekly = [
            sorted_day("weekly.mo", mo)?,
            sorted_day("weekly.tu", tu)?,
            sorted_day("weekly.we", we)?,
            sorted_day("weekly.th", th)?,
            sorted_day("weekly.fr", fr)?,
            sorted_day("weekly.sa", sa)?,
            sorted_day("weekly.su", su)?,
        ];
        let mut by_date: BTreeMap<NaiveDate, DateException> = BTreeMap::new();
        for (i, e) in exceptions.into_iter().enumerate() {
            let intervals = sorted_day(&format!("exceptions[{i}].intervals"), e.intervals)?;
            if by_date.contains_key(&e.date) {
                return Err(HoursError::DuplicateException {
                    path: format!("exceptions[{i}].date"),
                    date: e.date,
                });
            }
            by_date.insert(
                e.date,
                DateException {
                    date: e.date,
                    intervals,
                },
            );
        }
        let public_holidays = match public_holidays {
            HolidayPolicy::Hours { intervals } if intervals.is_empty() => {
                return Err(HoursError::EmptyHolidayHours {
                    path: "public_holidays.intervals".to_owned(),
                })
            }
            HolidayPolicy::Hours { intervals } => HolidayPolicy::Hours {
                intervals: sorted_day("public_holidays.intervals", intervals)?,
            },
            other => other,
        };
        let mut data = HoursData {
            weekly,
            exceptions: by_date.into_values().collect(),
            public_holidays,
            makeup_workdays,
            has_wrap: false,
        };
        let has_wrap = data.all_intervals().any(|iv| iv.wraps_midnight());
        data.has_wrap = has_wrap;
        Ok(OpeningHours {
            data: Arc::new(data),
        })
    }

    /// Open around the clock every day, whatever the calendar says.
    pub fn always_open() -> OpeningHours {
        OpeningHours {
            data: Arc::new(HoursData {
                weekly: std::array::from_fn(|_| vec![Interval::ALL_DAY]),
                exceptions: Vec::new(),
                public_holidays: HolidayPolicy::AsUsual,
                makeup_workdays: MakeupPolicy::Ignored,
                has_wrap: false,
            }),
        }
    }

    /// The same hours with another public-holiday policy.
    ///
    /// # Errors
    /// As [`OpeningHours::new`] for the policy's intervals.
    pub fn with_public_holidays(self, policy: HolidayPolicy) -> Result<OpeningHours, HoursError> {
        let weekly = self.weekly();
        let data = Arc::unwrap_or_clone(self.data);
        OpeningHours::new(weekly, data.exceptions, policy, data.makeup_workdays)
    }

    /// The same hours with another make-up working day policy (OSM has no notation for it).
    pub fn with_makeup_workdays(self, policy: MakeupPolicy) -> OpeningHours {
        let mut data = Arc::unwrap_or_clone(self.data);
        data.makeup_workdays = policy;
        OpeningHours {
            data: Arc::new(data),
        }
    }

    /// Whether `self` and `other` are one shared copy (not merely equal).
    pub fn shares_with(&self, other: &OpeningHours) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
    }

    /// The weekly intervals.
    pub fn weekly(&self) -> WeeklyHours {
        let day = |i: usize| self.data.weekly.get(i).cloned().unwrap_or_default();
        WeeklyHours {
            mo: day(0),
            tu: day(1),
            we: day(2),
            th: day(3),
            fr: day(4),
            sa: day(5),
            su: day(6),
        }
    }

    /// The weekly intervals of one weekday, sorted.
    pub fn weekday_intervals(&self, weekday: Weekday) -> &[Interval] {
        self.data
            .weekly
            .get(weekday.num_days_from_monday() as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The date exceptions, sorted by date.
    pub fn exceptions(&self) -> &[DateException] {
        &self.data.exceptions
    }

    /// The public-holiday policy.
    pub fn public_holidays(&self) -> &HolidayPolicy {
        &self.data.public_holidays
    }

    /// The make-up working day policy.
    pub fn makeup_workdays(&self) -> MakeupPolicy {
        self.data.makeup_workdays
    }

    /// Whether queries consult the holiday calendar (a holiday policy other than `as_usual` or
    /// a make-up policy other than `ignored`).
    pub fn needs_calendar(&self) -> bool {
        !matches!(self.data.public_holidays, HolidayPolicy::AsUsual)
            || !matches!(self.data.makeup_workdays, MakeupPolicy::Ignored)
    }

    /// The intervals that start on `date`, after precedence. No allocation.
    fn day_intervals(
        &self,
        date: NaiveDate,
        cal: &HolidayCalendar,
    ) -> Result<&[Interval], HoursError> {
        if let Ok(i) = self.data.exceptions.binary_search_by_key(&date, |e| e.date) {
            if let Some(e) = self.data.exceptions.get(i) {
                return Ok(&e.intervals);
            }
        }
        if self.needs_calendar() {
            let kind = cal.day_kind(date).map_err(|e| match e {
                CalendarError::UnknownYear { year } => HoursError::CalendarUnknown { year },
                _ => HoursError::CalendarUnknown { year: date.year() },
            })?;
            match (kind, &self.data.public_holidays, self.data.makeup_workdays) {
                (DayKind::PublicHoliday, HolidayPolicy::Closed, _) => return Ok(&[]),
                (DayKind::PublicHoliday, HolidayPolicy::Hours { intervals }, _) => {
                    return Ok(intervals)
                }
                (DayKind::MakeupWorkday, _, MakeupPolicy::AsWeekday { weekday }) => {
                    return Ok(self.weekday_intervals(weekday))
                }
                _ => {}
            }
        }
        Ok(self.weekday_intervals(date.weekday()))
    }

    /// The opening periods that start on `date` (its hours), in order. A period running past
    /// midnight ends on the next day. Every instant can be written out: in China time, or in
    /// UTC where China's local time is past the last date chrono can hold
    /// ([`time::writable`](crate::time::writable)).
    ///
    /// # Errors
    /// [`HoursError::CalendarUnknown`] if the date's hours depend on a year the calendar lacks;
    /// [`HoursError::OutOfRange`] for a period that begins or ends outside chrono's range of
    /// instants (on its first or last date).
    pub fn intervals_on(
        &self,
        date: NaiveDate,
        cal: &HolidayCalendar,
    ) -> Result<Vec<(ChinaTime, ChinaTime)>, HoursError> {
        self.day_intervals(date, cal)?
            .iter()
            .map(|iv| {
                let at = |minute: u16| instant_at(date, i64::from(minute));
                at(iv.open)
                    .zip(at(iv.end()))
                    .ok_or_else(|| HoursError::OutOfRange {
                        what: format!("the opening period {iv} on {date}"),
                    })
            })
            .collect()
    }

    /// Whether the station is open at `t`.
    ///
    /// # Errors
    /// [`HoursError::CalendarUnknown`] if the answer depends on a year the calendar lacks.
    pub fn is_open_at(&self, t: ChinaTime, cal: &HolidayCalendar) -> Result<bool, HoursError> {
        let local = china_local(&t);
        let date = local.date();
        // hour < 24 and minute < 60: fits in u16.
        let minute = (local.hour() * 60 + local.minute()) as u16;
        let today = self.day_intervals(date, cal)?;
        let open_today = today
            .iter()
            .any(|iv| iv.open <= minute && (iv.wraps_midnight() || minute < iv.close));
        if open_today {
            return Ok(true);
        }
        if self.data.has_wrap {
            if let Some(prev) = date.pred_opt() {
                let yesterday = self.day_intervals(prev, cal)?;
                return Ok(yesterday
                    .iter()
                    .any(|iv| iv.wraps_midnight() && minute < iv.close));
            }
        }
        Ok(false)
    }

    /// The next opening or closing strictly after `t`, looking at most
    /// [`SEARCH_HORIZON_DAYS`] ahead; `None` if the state does not change in that time (open
    /// around the clock, or closed throughout).
    ///
    /// Consistent with [`OpeningHours::is_open_at`]: the state at `t` is `!opens`, the state at
    /// `at` is `opens`, and adjacent periods merge (no change at a midnight between
    /// `20:00-24:00` and `00:00-08:00`).
    ///
    /// # Errors
    /// [`HoursError::CalendarUnknown`] if the answer depends on a year the calendar lacks.
    pub fn next_change(
        &self,
        t: ChinaTime,
        cal: &HolidayCalendar,
    ) -> Result<Option<Change>, HoursError> {
        let status = self.status_at(t, cal)?;
        match status.calendar_unknown_year {
            Some(year) => Err(HoursError::CalendarUnknown { year }),
            None => Ok(status.next_change),
        }
    }

    /// Whether the station is open at `t` and when that changes next (see
    /// [`OpeningHours::next_change`]).
    ///
    /// Answers what is known and says what is not: when the state at `t` is known but the
    /// search for the next change reaches a year the calendar lacks, the answer is the state,
    /// no next change, and that year in [`OpenStatus::calendar_unknown_year`] (as a station's
    /// status does).
    ///
    /// # Errors
    /// [`HoursError::CalendarUnknown`] if the state at `t` itself depends on a year the calendar
    /// lacks.
    pub fn status_at(&self, t: ChinaTime, cal: &HolidayCalendar) -> Result<OpenStatus, HoursError> {
        let local = china_local(&t);
        // In the last eight hours of chrono's range China's local date cannot be represented
        // and `local` saturates: the state is that of the last minute, and no change is told.
        let saturated = t
            .naive_utc()
            .checked_add_signed(TimeDelta::seconds(i64::from(CHINA_OFFSET_SECONDS)))
            .is_none();
        let date0 = local.date();
        let now = i64::from(local.hour() * 60 + local.minute());
        // Boundaries are whole minutes: a boundary b is strictly after t iff b > now.
        let change = |minute: i64, opens: bool| -> OpenStatus {
            let at = instant_at(date0, minute).filter(|at| !saturated && *at > t);
            OpenStatus {
                open: !opens,
                next_change: at.map(|at| Change { at, opens }),
                calendar_unknown_year: None,
            }
        };
        // The union of opening periods, in order of start, merging touching periods. A block
        // that starts after `now` is the next opening (`now` is in no earlier block); a block
        // containing `now` gives the next closing once nothing can extend it.
        let mut block: Option<(i64, i64)> = None;
        let first_day: i64 = if self.data.has_wrap { -1 } else { 0 };
        for k in first_day..=i64::from(SEARCH_HORIZON_DAYS) {
            let date = if k < 0 {
                date0.pred_opt()
            } else {
                date0.checked_add_days(Days::new(k.unsigned_abs()))
            };
            let Some(date) = date else { break };
            let day_start = k * DAY;
            let intervals = match self.day_intervals(date, cal) {
                Ok(intervals) => intervals,
                // The state now may still be known; the next change is not.
                Err(HoursError::CalendarUnknown { year }) => {
                    return Ok(OpenStatus {
                        open: self.is_open_at(t, cal)?,
                        next_change: None,
                        calendar_unknown_year: Some(year),
                    })
                }
                Err(e) => return Err(e),
            };
            for iv in intervals {
                let start = day_start + i64::from(iv.open);
                let end = day_start + i64::from(iv.end());
                match block {
                    Some((s, e)) if start <= e => block = Some((s, e.max(end))),
                    _ => {
                        if let Some((s, e)) = block {
                            if s <= now && now < e {
                                return Ok(change(e, false));
                            }
                        }
                        if start > now {
                            return Ok(change(start, true));
                        }
                        block = Some((start, end));
                    }
                }
            }
            // Later days start at or after the next midnight: a block ending before it is done.
            if let Some((s, e)) = block {
                if e < day_start + DAY {
                    if s <= now && now < e {
                        return Ok(change(e, false));
                    }
                    block = None;
                }
            }
        }
        let open = matches!(block, Some((s, e)) if s <= now && now < e);
        Ok(OpenStatus {
            open,
            next_change: None,
            calendar_unknown_year: None,
        })
    }
}

impl Serialize for OpeningHours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OpeningHoursRecord {
            weekly: self.weekly(),
            exceptions: self.data.exceptions.clone(),
            public_holidays: self.data.public_holidays.clone(),
            makeup_workdays: self.data.makeup_workdays,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for OpeningHours {
    /// Accepts an OSM `opening_hours` string or the structured object.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OpeningHours, D::Error> {
        deserializer.deserialize_any(HoursVisitor)
    }
}

struct HoursVisitor;

impl<'de> Visitor<'de> for HoursVisitor {
    type Value = OpeningHours;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OSM opening_hours string or an opening-hours object")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<OpeningHours, E> {
        OpeningHours::parse_osm(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OpeningHours, A::Error> {
        let r = OpeningHoursRecord::deserialize(de::value::MapAccessDeserializer::new(map))?;
        OpeningHours::new(r.weekly, r.exceptions, r.public_holidays, r.makeup_workdays)
            .map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// OSM opening_hours

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The days of the week in the order of [`WeeklyHours`] and of the compact form.
pub const MONDAY_TO_SUNDAY: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Num(&'a str),
    Punct(u8),
    Comment,
    Other(char),
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    tok: Tok<'a>,
    pos: usize,
}

fn tokenize(s: &str) -> Vec<Token<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let pos = i;
        let run = |i: &mut usize, f: fn(&u8) -> bool| {
            while bytes.get(*i).is_some_and(f) {
                *i += 1;
            }
            s.get(pos..*i).unwrap_or_default()
        };
        let tok = if b.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if b.is_ascii_alphabetic() {
            Tok::Word(run(&mut i, u8::is_ascii_alphabetic))
        } else if b.is_ascii_digit() {
            Tok::Num(run(&mut i, u8::is_ascii_digit))
        } else if b == b'"' {
            i += 1;
            while bytes.get(i).is_some_and(|c| *c != b'"') {
                i += 1;
            }
            i += 1;
            Tok::Comment
        } else if b.is_ascii() {
            i += 1;
            Tok::Punct(b)
        } else {
            let c = s.get(pos..).and_then(|r| r.chars().next()).unwrap_or('?');
            i += c.len_utf8();
            Tok::Other(c)
        };
        out.push(Token { tok, pos });
    }
    out
}

fn weekday_index(w: &str) -> Option<usize> {
    WEEKDAYS.iter().position(|d| d.eq_ignore_ascii_case(w))
}

fn month_number(w: &str) -> Option<u32> {
    let i = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w))?;
    u32::try_from(i + 1).ok()
}

fn syntax(position: usize, message: impl Into<String>) -> HoursError {
    HoursError::OsmSyntax {
        position,
        message: message.into(),
    }
}

fn unsupported(position: usize, construct: impl Into<String>) -> HoursError {
    HoursError::OsmUnsupported {
        position,
        construct: construct.into(),
    }
}

/// Which days a rule selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selector {
    /// No selector: every day.
    All,
    /// Weekdays (indexed from Monday), and public holidays if `ph`.
    Days { days: [bool; 7], ph: bool },
    /// The dates from `from` to `to`, both included.
    Dates { from: NaiveDate, to: NaiveDate },
}

impl Selector {
    fn matches(self, day: DayContext) -> bool {
        match self {
            Selector::All => true,
            Selector::Days { days, ph } => {
                days.get(day.weekday).copied().unwrap_or(false) || (ph && day.holiday)
            }
            Selector::Dates { from, to } => day.date.is_some_and(|d| from <= d && d <= to),
        }
    }
}

/// One time span of an OSM rule, in minutes from midnight of the day the rule selects: `open`
/// in `0..1440`, `end` after it and below 2880 (past 1440 it runs into the next day). A span
/// as written lasts at most 24 hours; united spans of one rule may last longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Span {
    open: u16,
    end: u16,
}

impl Span {
    fn of(iv: Interval) -> Span {
        Span {
            open: iv.open,
            end: iv.end(),
        }
    }

    /// The model's interval for the span, if it has one (a span of exactly 24 hours starting
    /// after midnight has none).
    fn interval(self) -> Option<Interval> {
        let close = if self.end > MINUTES_PER_DAY {
            self.end - MINUTES_PER_DAY
        } else {
            self.end
        };
        if self.end > MINUTES_PER_DAY && close >= self.open {
            return None;
        }
        Interval::checked(self.open, close).ok()
    }
}

struct Rule {
    selector: Selector,
    /// Sorted, disjoint and not touching; empty means closed.
    spans: Vec<Span>,
    pos: usize,
}

struct Parser<'a> {
    toks: &'a [Token<'a>],
    i: usize,
    end: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.toks.get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<Token<'a>> {
        self.toks.get(self.i + ahead).copied()
    }

    fn bump(&mut self) -> Option<Token<'a>> {
        let t = self.peek();
        self.i += 1;
        t
    }

    fn pos(&self) -> usize {
        self.peek().map_or(self.end, |t| t.pos)
    }

    fn peek_punct(&self, c: u8) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Punct(p), .. }) if p == c)
    }

    /// An error for an unexpected token (or end): an unsupported construct when we know one.
    fn unexpected(&self, tok: Option<Token<'_>>, expected: &str) -> HoursError {
        let Some(Token { tok, pos }) = tok else {
            return syntax(self.end, format!("unexpected end, {expected}"));
        };
        let next_is_bar = matches!(
            self.toks.iter().find(|t| t.pos > pos),
            Some(Token { tok: Tok::Punct(b'|'), pos: p }) if *p == pos + 1
        );
        match tok {
            Tok::Comment => unsupported(pos, "comments (\"...\")"),
            Tok::Punct(b'|') if next_is_bar => unsupported(pos, "fallback rules (||)"),
            Tok::Punct(b'+') => unsupported(pos, "open ends and offsets (+)"),
            Tok::Punct(b'[') => unsupported(pos, "nth-weekday selectors ([...])"),
            Tok::Punct(b'/') => unsupported(pos, "repetition or periods (/)"),
            Tok::Punct(b'(') => unsupported(pos, "variable time expressions ((...))"),
            Tok::Word(w) => {
                let lower = w.to_ascii_lowercase();
                match lower.as_str() {
                    "sunrise" | "sunset" | "dawn" | "dusk" => {
                        unsupported(pos, format!("variable times ({w})"))
                    }
                    "sh" => unsupported(pos, "school holidays (SH)"),
                    "week" => unsupported(pos, "week numbers (week)"),
                    "easter" => unsupported(pos, "variable dates (easter)"),
                    "unknown" => unsupported(pos, "the unknown state"),
                    _ if month_number(w).is_some() => unsupported(
                        pos,
                        format!(
                            "month and yearly dates ({w}); give dates with a year, like 2026 Oct 01"
                        ),
                    ),
                    _ => syntax(pos, format!("unexpected word {w:?}, {expected}")),
                }
            }
            Tok::Num(n) => syntax(pos, format!("unexpected number {n}, {expected}")),
            Tok::Punct(p) => syntax(pos, format!("unexpected {:?}, {expected}", char::from(p))),
            Tok::Other(c) => syntax(pos, format!("unexpected character {c:?}, {expected}")),
        }
    }

    fn rule(&mut self) -> Result<Rule, HoursError> {
        let pos = self.pos();
        let is_24_7 = matches!(
            (self.peek(), self.peek_at(1), self.peek_at(2)),
            (
                Some(Token {
                    tok: Tok::Num("24"),
                    ..
                }),
                Some(Token {
                    tok: Tok::Punct(b'/'),
                    ..
                }),
                Some(Token {
                    tok: Tok::Num("7"),
                    ..
                })
            )
        );
        let (selector, intervals) = if is_24_7 {
            self.i += 3;
            (
                Selector::All,
                vec![Span {
                    open: 0,
                    end: MINUTES_PER_DAY,
                }],
            )
        } else {
            let selector = match self.peek() {
                Some(Token {
                    tok: Tok::Word(w), ..
                }) if weekday_index(w).is_some() || w.eq_ignore_ascii_case("PH") => self.days()?,
                Some(Token {
                    tok: Tok::Num(n),
                    pos,
                }) if n.len() == 4
                    && !matches!(
                        self.peek_at(1),
                        Some(Token {
                            tok: Tok::Punct(b':'),
                            ..
                        })
                    ) =>
                {
                    self.dates(pos)?
                }
                _ => Selector::All,
            };
            (selector, self.times()?)
        };
        if let Some(t) = self.peek() {
            return Err(self.unexpected(Some(t), "expected ';' or the end"));
        }
        Ok(Rule {
            selector,
            spans: intervals,
            pos,
        })
    }

    /// `Mo-Fr,Su,PH`.
    fn days(&mut self) -> Result<Selector, HoursError> {
        let mut days = [false; 7];
        let mut ph = false;
        loop {
            let tok = self.bump();
            let word = match tok {
                Some(Token {
                    tok: Tok::Word(w), ..
                }) => w,
                _ => return Err(self.unexpected(tok, "expected a weekday or PH")),
            };
            if word.eq_ignore_ascii_case("PH") {
                ph = true;
                if let Some(Token {
                    tok: Tok::Punct(b'+' | b'-'),
                    pos,
                }) = self.peek()
                {
                    return Err(unsupported(
                        pos,
                        "days before or after holidays (PH +1 day)",
                    ));
                }
            } else if let Some(from) = weekday_index(word) {
                let mut to = from;
                if self.peek_punct(b'-') {
                    self.i += 1;
                    let tok = self.bump();
                    to = match tok {
                        Some(Token {
                            tok: Tok::Word(w), ..
                        }) => weekday_index(w),
                        _ => None,
                    }
                    .ok_or_else(|| self.unexpected(tok, "expected a weekday after '-'"))?;
                }
                // Ranges may wrap around the week: Fr-Mo.
                let mut d = from;
                loop {
                    if let Some(slot) = days.get_mut(d) {
                        *slot = true;
                    }
                    if d == to {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            } else {
                return Err(self.unexpected(tok, "expected a weekday or PH"));
            }
            if self.peek_punct(b',') {
                self.i += 1;
            } else {
                break;
            }
        }
        if let Some(t) = self.peek() {
            if t.tok == Tok::Punct(b'[') {
                return Err(self.unexpected(Some(t), ""));
            }
        }
        Ok(Selector::Days { days, ph })
    }

    /// `2026 Oct 01`, `2026 Oct 01-07`, `2026 Sep 30-2026 Oct 02`.
    fn dates(&mut self, year_pos: usize) -> Result<Selector, HoursError> {
        let year = self.year()?;
        if self.peek_punct(b'-') {
            return Err(unsupported(year_pos, "year selectors (year ranges)"));
        }
        let month_pos = self.pos();
        let month = match self.peek() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) => match month_number(w) {
                Some(m) => m,
                None if weekday_index(w).is_some() || w.eq_ignore_ascii_case("PH") => {
                    return Err(unsupported(
                        year_pos,
                        "year selectors (a year before weekdays)",
                    ))
                }
                None => return Err(self.unexpected(self.peek(), "expected a month after the year")),
            },
            Some(Token {
                tok: Tok::Num(_), ..
            }) => {
                return Err(unsupported(
                    year_pos,
                    "year selectors (a year before times)",
                ))
            }
            _ => {
                return Err(syntax(
                    month_pos,
                    "expected a month name (Jan … Dec) after the year",
                ))
            }
        };
        self.i += 1;
        let from = self.day_of(year, month)?;
        let mut to = from;
        if self.peek_punct(b'-') {
            self.i += 1;
            let end_pos = self.pos();
            to = match self.peek() {
                // `2026 Sep 30-2026 Oct 02`: a full date.
                Some(Token {
                    tok: Tok::Num(n), ..
                }) if n.len() == 4 => {
                    let year = self.year()?;
                    let tok = self.bump();
                    let month = match tok {
                        Some(Token {
                            tok: Tok::Word(w), ..
                        }) => month_number(w),
                        _ => None,
                    }
                    .ok_or_else(|| self.unexpected(tok, "expected a month after the year"))?;
                    self.day_of(year, month)?
                }
                // `2026 Oct 01-07`: a day of the same month.
                Some(Token {
                    tok: Tok::Num(_), ..
                }) => self.day_of(from.year(), month)?,
                Some(Token {
                    tok: Tok::Word(w), ..
                }) if month_number(w).is_some() => {
                    return Err(syntax(
                        end_pos,
                        "a date range ending in another month needs its year: write \
                         2026 Sep 30-2026 Oct 02",
                    ))
                }
                other => return Err(self.unexpected(other, "expected a day or a date after '-'")),
            };
            if to < from {
                return Err(syntax(
                    end_pos,
                    "a date range must not end before it starts",
                ));
            }
            if (to - from).num_days() >= 366 {
                return Err(syntax(end_pos, "a date range may span at most 366 days"));
            }
        }
        if self.peek_punct(b',') {
            return Err(unsupported(
                self.pos(),
                "lists of dates (write one rule per date or range)",
            ));
        }
        Ok(Selector::Dates { from, to })
    }

    /// A four-digit year.
    fn year(&mut self) -> Result<i32, HoursError> {
        match self.bump() {
            Some(Token {
                tok: Tok::Num(y),
                pos,
            }) => y.parse().map_err(|_| syntax(pos, "bad year")),
            _ => Err(syntax(self.pos(), "expected a year")),
        }
    }

    /// The day-of-month number after a month name.
    fn day_of(&mut self, year: i32, month: u32) -> Result<NaiveDate, HoursError> {
        let tok = self.bump();
        match tok {
            Some(Token {
                tok: Tok::Num(n),
                pos,
            }) => {
                // Not a time: `2026 Oct 10:00` selects a whole month.
                if self.peek_punct(b':') {
                    return Err(unsupported(pos, "whole-month selectors"));
                }
                n.parse::<u32>()
                    .ok()
                    .filter(|_| n.len() <= 2)
                    .and_then(|day| NaiveDate::from_ymd_opt(year, month, day))
                    .ok_or_else(|| syntax(pos, format!("{year} {month:02} {n} is not a date")))
            }
            Some(Token {
                tok: Tok::Word(w),
                pos,
            }) if is_time_spec_word(w) => Err(unsupported(pos, "whole-month selectors")),
            None => Err(unsupported(self.end, "whole-month selectors")),
            _ => Err(self.unexpected(tok, "expected a day of the month")),
        }
    }

    /// `off`, `closed`, `open`, or `09:00-12:00,13:00-17:00`. Empty result means closed.
    /// Overlapping or touching spans are united (OSM opens at any of them).
    fn times(&mut self) -> Result<Vec<Span>, HoursError> {
        match self.peek() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if is_time_spec_word(w) => {
                self.i += 1;
                return Ok(if w.eq_ignore_ascii_case("open") {
                    vec![Span {
                        open: 0,
                        end: MINUTES_PER_DAY,
                    }]
                } else {
                    Vec::new()
                });
            }
            Some(Token {
                tok: Tok::Num(_), ..
            }) => {}
            other => return Err(self.unexpected(other, "expected opening times or off")),
        }
        let mut list: Vec<Span> = Vec::new();
        loop {
            list.push(self.span()?);
            if let Some(Token {
                tok: Tok::Word(w),
                pos,
            }) = self.peek()
            {
                if is_time_spec_word(w) {
                    return Err(unsupported(pos, format!("a state after times ({w})")));
                }
            }
            if !self.peek_punct(b',') {
                break;
            }
            let comma = self.pos();
            match self.peek_at(1) {
                Some(Token {
                    tok: Tok::Num(_), ..
                }) => self.i += 1,
                Some(Token {
                    tok: Tok::Word(w), ..
                }) if weekday_index(w).is_some() || w.eq_ignore_ascii_case("PH") => {
                    return Err(unsupported(
                        comma,
                        "',' between rules (additional rules); separate rules with ';'",
                    ))
                }
                other => {
                    self.i += 1;
                    return Err(self.unexpected(other, "expected a time after ','"));
                }
            }
        }
        list.sort();
        let mut united: Vec<Span> = Vec::with_capacity(list.len());
        for span in list {
            match united.last_mut() {
                Some(last) if span.open <= last.end => last.end = last.end.max(span.end),
                _ => united.push(span),
            }
        }
        Ok(united)
    }

    /// `09:00-17:00`, `22:00-02:00`, `22:00-26:00`; equal times mean 24 hours.
    fn span(&mut self) -> Result<Span, HoursError> {
        let pos = self.pos();
        let open = self.clock()?;
        if !self.peek_punct(b'-') {
            return Err(self.unexpected(self.peek(), "expected '-' and a closing time"));
        }
        self.i += 1;
        let close = self.clock()?;
        if open >= MINUTES_PER_DAY {
            return Err(syntax(pos, "the opening time must be before 24:00"));
        }
        let end = if close > open {
            close
        } else {
            close + MINUTES_PER_DAY
        };
        if end > open + MINUTES_PER_DAY {
            return Err(unsupported(pos, "intervals longer than 24 hours"));
        }
        Ok(Span { open, end })
    }

    /// `HH:MM`.
    fn clock(&mut self) -> Result<u16, HoursError> {
        let pos = self.pos();
        let (h, colon, m) = (self.peek(), self.peek_at(1), self.peek_at(2));
        match (h, colon, m) {
            (
                Some(Token {
                    tok: Tok::Num(h), ..
                }),
                Some(Token {
                    tok: Tok::Punct(b':'),
                    ..
                }),
                Some(Token {
                    tok: Tok::Num(m), ..
                }),
            ) => {
                self.i += 3;
                clock_minutes(h, m)
                    .ok_or_else(|| syntax(pos, format!("{h}:{m} is not a time written HH:MM")))
            }
            (
                Some(Token {
                    tok: Tok::Num(_), ..
                }),
                _,
                _,
            ) => Err(syntax(pos, "expected a time written HH:MM")),
            (other, _, _) => Err(self.unexpected(other, "expected a time written HH:MM")),
        }
    }
}

fn is_time_spec_word(w: &str) -> bool {
    ["off", "closed", "open"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(w))
}

impl OpeningHours {
    /// Parses the OSM `opening_hours` subset that outlets use, with its OSM meaning.
    ///
    /// Supported: rules separated by `;`; weekday lists and ranges (`Mo-Fr`, `Sa,Su`, `Fr-Mo`
    /// wraps around the week); `PH` alone or in a list (`Su,PH off`); times `09:00-17:00`,
    /// several separated by `,` (overlapping ones unite), `24:00`, times past midnight
    /// (`22:00-02:00`, `22:00-26:00`, up to exactly 24 hours: `10:00-34:00` or `10:00-10:00`);
    /// `off` / `closed`; `open` (all day); `24/7`; a first rule without days applies to every
    /// day; dates with a year (`2026 Oct 01 off`, `2026 Oct 01-07 off`,
    /// `2026 Sep 30-2026 Oct 02 10:00-12:00`).
    ///
    /// The meaning is OSM's (that of the reference evaluator, checked by
    /// `tests/osm_reference.rs`): a later rule replaces what earlier rules said about each day
    /// it selects, and the part of an interval after midnight belongs to the next day's rules
    /// (`Mo 22:00-02:00; Tu 10:00-12:00` is closed on Tuesday at 01:00). Where the model (whose
    /// intervals belong to the day they start on) cannot say exactly the same, the text is
    /// refused, never reinterpreted: [`HoursError::OsmUnsupported`] names the rule, e.g. a
    /// weekday rule after a `PH` or date rule that overrides them on some weekdays, or a night
    /// that runs into a public holiday with its own `PH` hours. Other constructs (`sunrise`,
    /// `week`, comments, `||`, `SH`, month or yearly dates, year selectors, `+`, `Mo[1]`, `/`,
    /// a later rule without days) are unsupported too, with the byte position; malformed text
    /// is [`HoursError::OsmSyntax`]. The make-up working day policy is `ignored` (OSM has no
    /// notation for it; see [`OpeningHours::with_makeup_workdays`]).
    ///
    /// ```
    /// use waystation::hours::{HoursError, OpeningHours};
    /// let h = OpeningHours::parse_osm("Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off")
    ///     .unwrap();
    /// assert_eq!(h.to_osm().unwrap(), "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off");
    /// assert_eq!(
    ///     OpeningHours::parse_osm("Mo-Fr sunrise-sunset"),
    ///     Err(HoursError::OsmUnsupported { position: 6, construct: "variable times (sunrise)".into() })
    /// );
    /// ```
    pub fn parse_osm(s: &str) -> Result<OpeningHours, HoursError> {
        let rules = parse_rules(s)?;
        let hours = hours_of_rules(&rules)?;
        // Hours with intervals past midnight are read back in the form they are written in
        // (the export may cut them at midnight where OSM would give the part after midnight to
        // another rule), so that the export reads back as the same hours.
        if hours.data.has_wrap {
            if let Ok(text) = hours.to_osm() {
                if let Ok(again) = parse_rules(&text).and_then(|r| hours_of_rules(&r)) {
                    return Ok(again);
                }
            }
        }
        Ok(hours)
    }

    /// Writes the hours in the OSM subset that [`OpeningHours::parse_osm`] reads, such that the
    /// text means in OSM what the hours mean.
    ///
    /// Weekdays with equal hours are grouped (`Mo-Fr 09:00-17:00; Sa,Su 10:00-16:00`), then
    /// come the `PH` rule and one rule per exception date (`2026 Oct 01 off`). Where an interval
    /// past midnight would fall to the next day's rule in OSM, each day's hours are written cut
    /// at midnight (`Mo 22:00-24:00; Tu 00:00-02:00,10:00-12:00`).
    ///
    /// # Errors
    /// [`HoursError::NotExpressible`] when the make-up working day policy is not `ignored`: OSM
    /// has no notation for it, and dropping it silently would change the hours on make-up days.
    /// Clear it first with [`OpeningHours::with_makeup_workdays`] to export the rest. Also for an
    /// exception dated outside the years 1000 to 9999, and for an interval past midnight into or
    /// out of a public holiday or an exception date that OSM would give to the other day's rule
    /// (a night running into a holiday closed by `PH off`).
    pub fn to_osm(&self) -> Result<String, HoursError> {
        if let MakeupPolicy::AsWeekday { weekday } = self.data.makeup_workdays {
            return Err(HoursError::NotExpressible {
                reason: format!(
                    "make-up working days with the hours of {} (policy as_weekday)",
                    weekday_code::code(weekday)
                ),
            });
        }
        let exceptions: BTreeMap<NaiveDate, Vec<Interval>> = self
            .data
            .exceptions
            .iter()
            .map(|e| (e.date, e.intervals.clone()))
            .collect();
        let model = Model {
            weekly: &self.data.weekly,
            public_holidays: &self.data.public_holidays,
            exceptions: &exceptions,
        };
        // As the model holds them; else each weekday's own minutes, cut at midnight, so that
        // the part after midnight is written with the next day's rule.
        for weekly in [self.data.weekly.clone(), model.weekly_cut_at_midnight()] {
            let text = write_osm(&weekly, &self.data.public_holidays, &self.data.exceptions)?;
            let rules = parse_rules(&text)?;
            if first_difference(&model, &rules).is_none() {
                return Ok(text);
            }
        }
        Err(HoursError::NotExpressible {
            reason: "an interval past midnight into or out of a public holiday or an exception \
                     date (in OSM the part after midnight belongs to the next day's rules)"
                .to_owned(),
        })
    }
}

/// The OSM text of weekly hours, a public-holiday policy and date exceptions: weekday rules,
/// then the `PH` rule, then one rule per exception date.
fn write_osm(
    weekly: &[Vec<Interval>; 7],
    public_holidays: &HolidayPolicy,
    exceptions: &[DateException],
) -> Result<String, HoursError> {
    let mut rules: Vec<String> = Vec::new();
    if weekly.iter().all(|d| d == &[Interval::ALL_DAY]) {
        rules.push("24/7".to_owned());
    } else {
        let mut done = [false; 7];
        for (i, list) in weekly.iter().enumerate() {
            if list.is_empty() || done.get(i).copied().unwrap_or(true) {
                continue;
            }
            let mut same = [false; 7];
            for (j, other) in weekly.iter().enumerate() {
                if other == list {
                    if let (Some(s), Some(d)) = (same.get_mut(j), done.get_mut(j)) {
                        *s = true;
                        *d = true;
                    }
                }
            }
            rules.push(format!("{} {}", format_days(same), format_intervals(list)));
        }
    }
    match public_holidays {
        HolidayPolicy::AsUsual => {}
        HolidayPolicy::Closed => rules.push("PH off".to_owned()),
        HolidayPolicy::Hours { intervals } => {
            rules.push(format!("PH {}", format_intervals(intervals)));
        }
    }
    for e in exceptions {
        if !(1000..=9999).contains(&e.date.year()) {
            return Err(HoursError::NotExpressible {
                reason: format!("exception date {} has no four-digit year", e.date),
            });
        }
        let month = e
            .date
            .month0()
            .try_into()
            .ok()
            .and_then(|m: usize| MONTHS.get(m))
            .copied()
            .unwrap_or("Jan");
        let times = if e.intervals.is_empty() {
            "off".to_owned()
        } else {
            format_intervals(&e.intervals)
        };
        rules.push(format!(
            "{} {month} {:02} {times}",
            e.date.year(),
            e.date.day()
        ));
    }
    if rules.is_empty() {
        return Ok("off".to_owned());
    }
    let text = rules.join("; ");
    // Everything exported must read back: the parser's length limit applies to exports too
    // (many date exceptions, one rule per day, can exceed it).
    if text.len() > MAX_OSM_BYTES {
        return Err(HoursError::OsmTooLong {
            bytes: text.len(),
            limit: MAX_OSM_BYTES,
        });
    }
    Ok(text)
}

/// The rules of an OSM `opening_hours` text, in order.
fn parse_rules(s: &str) -> Result<Vec<Rule>, HoursError> {
    if s.len() > MAX_OSM_BYTES {
        return Err(HoursError::OsmTooLong {
            bytes: s.len(),
            limit: MAX_OSM_BYTES,
        });
    }
    let toks = tokenize(s);
    if toks.is_empty() {
        return Err(syntax(0, "empty opening_hours"));
    }
    let mut rules = Vec::new();
    for chunk in toks.split(|t| t.tok == Tok::Punct(b';')) {
        let end = toks
            .iter()
            .find(|t| chunk.last().is_some_and(|l| t.pos > l.pos))
            .map_or(s.len(), |t| t.pos);
        if chunk.is_empty() {
            // Position of the ';' that ends the empty rule (or the end of the text).
            let at = toks
                .iter()
                .filter(|t| t.tok == Tok::Punct(b';'))
                .map(|t| t.pos)
                .find(|p| !rule_before(&toks, *p))
                .unwrap_or(s.len());
            return Err(syntax(at, "empty rule"));
        }
        let mut parser = Parser {
            toks: chunk,
            i: 0,
            end,
        };
        let rule = parser.rule()?;
        if !rules.is_empty() && rule.selector == Selector::All {
            return Err(unsupported(
                rule.pos,
                "a rule without days after the first rule (OSM adds its times to the days of \
                 some earlier rules and replaces others); give it its days, e.g. Mo-Su",
            ));
        }
        rules.push(rule);
    }
    Ok(rules)
}

// ---------------------------------------------------------------------------------------------
// What OSM rules mean, and whether the model says the same
//
// OSM reads rules in order, day by day. A rule whose selector matches a day replaces what
// earlier rules said about that day (the whole day, including what ran into it past midnight
// from the day before) with its own times on that day, plus the part past midnight of its own
// times if it also matches the day before. A rule that matches only the day before adds the
// part past midnight of its times. The model gives each interval to the day it starts on, and
// the policy of that day decides about all of it. The import builds the model in a few ways
// (as written; each day cut at midnight; public holidays as usual; no date exceptions) and
// keeps the first whose answer equals OSM's on every kind of day (each weekday, a public
// holiday or not, after a public holiday or not, each dated day and the day after it); the
// export checks its text the same way.

/// What a day is, as far as rules and the model can tell days apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct DayContext {
    /// From Monday (0) to Sunday (6).
    weekday: usize,
    /// A public holiday.
    holiday: bool,
    /// The date, for dated rules and exceptions (`None`: a date without any).
    date: Option<NaiveDate>,
}

impl DayContext {
    fn dated(date: NaiveDate, holiday: bool) -> DayContext {
        DayContext {
            weekday: date.weekday().num_days_from_monday() as usize,
            holiday,
            date: Some(date),
        }
    }
}

/// Open minutes of one day: bit `m` for minute `m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
struct DayMinutes([u64; 23]);

impl DayMinutes {
    /// Opens the minutes `from..to` (clipped to the day).
    fn open(&mut self, from: u16, to: u16) {
        let (from, to) = (usize::from(from), usize::from(to.min(MINUTES_PER_DAY)));
        if from >= to {
            return;
        }
        let words = self
            .0
            .iter_mut()
            .enumerate()
            .skip(from / 64)
            .take((to - 1) / 64 + 1 - from / 64);
        for (w, word) in words {
            let (lo, hi) = (w * 64, w * 64 + 64);
            let (a, b) = (from.max(lo) - lo, to.min(hi) - lo);
            let bits = u64::MAX
                .checked_shr(u32::try_from(64 - (b - a)).unwrap_or(64))
                .unwrap_or(0);
            *word |= bits
                .checked_shl(u32::try_from(a).unwrap_or(64))
                .unwrap_or(0);
        }
    }

    /// A span's part on its own day.
    fn open_same_day(&mut self, span: Span) {
        self.open(span.open, span.end);
    }

    /// A span's part past midnight, on the next day.
    fn open_next_day(&mut self, span: Span) {
        if span.end > MINUTES_PER_DAY {
            self.open(0, span.end - MINUTES_PER_DAY);
        }
    }

    /// The open periods of the day as intervals (closing at 24:00 at the latest).
    fn intervals(&self) -> Vec<Interval> {
        let day = usize::from(MINUTES_PER_DAY);
        let mut out = Vec::new();
        let mut m = 0;
        while m < day {
            // The next open minute, then the next closed one after it, a word at a time.
            let Some(a) = self.next(m, true) else { break };
            let b = self.next(a, false).unwrap_or(day).min(day);
            let iv = u16::try_from(a)
                .ok()
                .zip(u16::try_from(b).ok())
                .and_then(|(a, b)| Interval::checked(a, b).ok());
            out.extend(iv);
            m = b;
        }
        out
    }

    /// The first minute from `from` on that is open (`open`) or closed (`!open`), if any
    /// before the end of the bits.
    fn next(&self, from: usize, open: bool) -> Option<usize> {
        let mut w = from / 64;
        let mut skip = from % 64;
        while let Some(word) = self.0.get(w) {
            let bits = if open { *word } else { !*word };
            let masked = bits
                .checked_shr(u32::try_from(skip).unwrap_or(64))
                .unwrap_or(0);
            if masked != 0 {
                return Some(w * 64 + skip + masked.trailing_zeros() as usize);
            }
            w += 1;
            skip = 0;
        }
        None
    }
}

/// What OSM says about a day that follows `prev`.
fn osm_minutes(rules: &[Rule], prev: DayContext, day: DayContext) -> DayMinutes {
    let mut m = DayMinutes::default();
    for rule in rules {
        let from_prev = rule.selector.matches(prev);
        if rule.selector.matches(day) {
            m = DayMinutes::default();
            for &span in &rule.spans {
                m.open_same_day(span);
            }
        }
        if from_prev {
            for &span in &rule.spans {
                m.open_next_day(span);
            }
        }
    }
    m
}

/// The model's parts, borrowed.
struct Model<'a> {
    weekly: &'a [Vec<Interval>; 7],
    public_holidays: &'a HolidayPolicy,
    exceptions: &'a BTreeMap<NaiveDate, Vec<Interval>>,
}

impl Model<'_> {
    /// The intervals starting on a day (make-up days ignored, as in OSM).
    fn day(&self, day: DayContext) -> &[Interval] {
        if let Some(e) = day.date.and_then(|d| self.exceptions.get(&d)) {
            return e;
        }
        let weekly = || self.weekly.get(day.weekday).map_or(&[][..], Vec::as_slice);
        match (day.holiday, self.public_holidays) {
            (true, HolidayPolicy::Closed) => &[],
            (true, HolidayPolicy::Hours { intervals }) => intervals,
            _ => weekly(),
        }
    }

    /// What the model says about a day that follows `prev`.
    fn minutes(&self, prev: DayContext, day: DayContext) -> DayMinutes {
        let mut m = DayMinutes::default();
        for &iv in self.day(day) {
            m.open_same_day(Span::of(iv));
        }
        for &iv in self.day(prev) {
            m.open_next_day(Span::of(iv));
        }
        m
    }

    /// Each weekday's open minutes on an ordinary day, as intervals that end by midnight.
    fn weekly_cut_at_midnight(&self) -> [Vec<Interval>; 7] {
        std::array::from_fn(|wd| {
            let (prev, day) = ordinary_days(wd, false, false);
            self.minutes(prev, day).intervals()
        })
    }
}

/// Weekday `wd` (after the weekday before it), without a date of its own.
fn ordinary_days(wd: usize, prev_holiday: bool, holiday: bool) -> (DayContext, DayContext) {
    (
        DayContext {
            weekday: (wd + 6) % 7,
            holiday: prev_holiday,
            date: None,
        },
        DayContext {
            weekday: wd,
            holiday,
            date: None,
        },
    )
}

/// The first kind of day on which the model and the rules differ, if any.
fn first_difference(model: &Model<'_>, rules: &[Rule]) -> Option<(DayContext, DayContext)> {
    // Public holidays make a difference only where a rule or the model names them.
    let holidays_matter = !matches!(model.public_holidays, HolidayPolicy::AsUsual)
        || rules
            .iter()
            .any(|r| matches!(r.selector, Selector::Days { ph: true, .. }));
    let all_flags = [(false, false), (false, true), (true, false), (true, true)];
    let flags = all_flags
        .get(..if holidays_matter { 4 } else { 1 })
        .unwrap_or(&all_flags);
    for wd in 0..7 {
        for &(ph_prev, ph) in flags {
            let (prev, day) = ordinary_days(wd, ph_prev, ph);
            if osm_minutes(rules, prev, day) != model.minutes(prev, day) {
                return Some((prev, day));
            }
        }
    }
    // Dated days and the days after them, one of each kind: what the dated rules and the
    // model's exceptions say about the day and the day before, and the weekday.
    let mut dates: std::collections::BTreeSet<NaiveDate> =
        model.exceptions.keys().copied().collect();
    for rule in rules {
        if let Selector::Dates { from, to } = rule.selector {
            dates.extend(from.iter_days().take_while(|d| *d <= to));
        }
    }
    let after: Vec<NaiveDate> = dates.iter().filter_map(|d| d.succ_opt()).collect();
    dates.extend(after);
    let mut seen = std::collections::HashSet::new();
    // Within a run of consecutive days of one kind, seven days cover every weekday.
    let mut run: Option<(NaiveDate, usize)> = None;
    let mut last_kind = None;
    for date in dates {
        let Some(before) = date.pred_opt() else {
            continue;
        };
        let dated: Vec<(bool, bool)> = rules
            .iter()
            .filter(|r| matches!(r.selector, Selector::Dates { .. }))
            .map(|r| {
                (
                    r.selector.matches(DayContext::dated(date, false)),
                    r.selector.matches(DayContext::dated(before, false)),
                )
            })
            .collect();
        let kind = (
            dated,
            model.exceptions.get(&date),
            model.exceptions.get(&before),
        );
        let length = match run {
            Some((last, n)) if last == before && last_kind.as_ref() == Some(&kind) => n + 1,
            _ => 1,
        };
        run = Some((date, length));
        if length > 7 {
            continue;
        }
        last_kind = Some(kind.clone());
        if !seen.insert((date.weekday(), kind)) {
            continue;
        }
        for &(ph_prev, ph) in flags {
            let (prev, day) = (
                DayContext::dated(before, ph_prev),
                DayContext::dated(date, ph),
            );
            if osm_minutes(rules, prev, day) != model.minutes(prev, day) {
                return Some((prev, day));
            }
        }
    }
    None
}

/// The spans of a rule as the model's intervals, if each has one.
fn rule_intervals(rule: &Rule) -> Option<Vec<Interval>> {
    rule.spans.iter().map(|s| s.interval()).collect()
}

/// Weekly hours as written: each weekday takes the intervals of the last rule selecting it.
fn weekly_as_written(rules: &[Rule]) -> Option<[Vec<Interval>; 7]> {
    let mut weekly: [Vec<Interval>; 7] = Default::default();
    for rule in rules {
        let days = match rule.selector {
            Selector::All => [true; 7],
            Selector::Days { days, .. } if days.iter().any(|d| *d) => days,
            Selector::Days { .. } | Selector::Dates { .. } => continue,
        };
        let intervals = rule_intervals(rule)?;
        for (day, selected) in weekly.iter_mut().zip(days) {
            if selected {
                day.clone_from(&intervals);
            }
        }
    }
    Some(weekly)
}

/// Weekly hours with each weekday's own minutes on an ordinary day, cut at midnight.
fn weekly_cut(rules: &[Rule]) -> [Vec<Interval>; 7] {
    std::array::from_fn(|wd| {
        let (prev, day) = ordinary_days(wd, false, false);
        osm_minutes(rules, prev, day).intervals()
    })
}

fn holiday_policy(intervals: Vec<Interval>) -> HolidayPolicy {
    if intervals.is_empty() {
        HolidayPolicy::Closed
    } else {
        HolidayPolicy::Hours { intervals }
    }
}

/// The public-holiday policy as written: the last rule naming `PH`.
fn holidays_as_written(rules: &[Rule]) -> Option<HolidayPolicy> {
    match rules
        .iter()
        .rfind(|r| matches!(r.selector, Selector::Days { ph: true, .. }))
    {
        Some(rule) => rule_intervals(rule).map(holiday_policy),
        None => Some(HolidayPolicy::AsUsual),
    }
}

/// A public holiday's own minutes, cut at midnight, if they are the same on every weekday.
fn holidays_cut(rules: &[Rule]) -> Option<HolidayPolicy> {
    let mut days = (0..7).map(|wd| {
        let (prev, day) = ordinary_days(wd, false, true);
        osm_minutes(rules, prev, day)
    });
    let first = days.next()?;
    days.all(|m| m == first)
        .then(|| holiday_policy(first.intervals()))
}

/// Date exceptions as written: each date takes the intervals of the last rule naming it.
fn exceptions_as_written(rules: &[Rule]) -> Option<BTreeMap<NaiveDate, Vec<Interval>>> {
    let mut out = BTreeMap::new();
    for rule in rules {
        if let Selector::Dates { from, to } = rule.selector {
            let intervals = rule_intervals(rule)?;
            for d in from.iter_days().take_while(|d| *d <= to) {
                out.insert(d, intervals.clone());
            }
        }
    }
    Some(out)
}

/// Date exceptions with each dated day's (and the day after's) own minutes, cut at midnight.
fn exceptions_cut(rules: &[Rule]) -> BTreeMap<NaiveDate, Vec<Interval>> {
    let mut dates = std::collections::BTreeSet::new();
    for rule in rules {
        if let Selector::Dates { from, to } = rule.selector {
            let spills = rule.spans.iter().any(|s| s.end > MINUTES_PER_DAY);
            for d in from.iter_days().take_while(|d| *d <= to) {
                dates.insert(d);
                if spills {
                    dates.extend(d.succ_opt());
                }
            }
        }
    }
    dates
        .into_iter()
        .filter_map(|date| {
            let before = date.pred_opt()?;
            let m = osm_minutes(
                rules,
                DayContext::dated(before, false),
                DayContext::dated(date, false),
            );
            Some((date, m.intervals()))
        })
        .collect()
}

/// The hours of `model`'s parts if they mean what `rules` mean.
fn hours_if_equal(
    rules: &[Rule],
    weekly: &[Vec<Interval>; 7],
    public_holidays: &HolidayPolicy,
    exceptions: &BTreeMap<NaiveDate, Vec<Interval>>,
) -> Option<OpeningHours> {
    let model = Model {
        weekly,
        public_holidays,
        exceptions,
    };
    if first_difference(&model, rules).is_some() {
        return None;
    }
    let [mo, tu, we, th, fr, sa, su] = weekly.clone();
    OpeningHours::new(
        WeeklyHours {
            mo,
            tu,
            we,
            th,
            fr,
            sa,
            su,
        },
        exceptions
            .iter()
            .map(|(date, intervals)| DateException {
                date: *date,
                intervals: intervals.clone(),
            })
            .collect(),
        public_holidays.clone(),
        MakeupPolicy::Ignored,
    )
    .ok()
}

/// The model of OSM rules, or why there is none.
fn hours_of_rules(rules: &[Rule]) -> Result<OpeningHours, HoursError> {
    let weekly = weekly_as_written(rules);
    let holidays = holidays_as_written(rules);
    let exceptions = exceptions_as_written(rules);
    // Most texts mean what they say in the model too.
    if let (Some(w), Some(ph), Some(exc)) = (&weekly, &holidays, &exceptions) {
        if let Some(hours) = hours_if_equal(rules, w, ph, exc) {
            return Ok(hours);
        }
    }
    let weekly = [weekly, Some(weekly_cut(rules))];
    let holidays = [holidays, Some(HolidayPolicy::AsUsual), holidays_cut(rules)];
    let exceptions = [
        exceptions,
        Some(BTreeMap::new()),
        Some(exceptions_cut(rules)),
    ];
    for w in weekly.iter().flatten() {
        for ph in holidays.iter().flatten() {
            for exc in exceptions.iter().flatten() {
                if let Some(hours) = hours_if_equal(rules, w, ph, exc) {
                    return Ok(hours);
                }
            }
        }
    }
    Err(inexpressible(rules))
}

/// Why OSM rules have no model: the rule that makes the difference, and how.
fn inexpressible(rules: &[Rule]) -> HoursError {
    // Rule order first: a later rule that overrides public holidays or dates on some weekdays.
    let mut seen_ph = false;
    let mut seen_date = false;
    for rule in rules {
        match rule.selector {
            Selector::Dates { .. } => seen_date = true,
            Selector::Days { days, ph } => {
                let weekdays = days.iter().any(|d| *d);
                if weekdays && (seen_date || (seen_ph && !ph)) {
                    return unsupported(
                        rule.pos,
                        "a weekday rule after a PH or date rule (OSM lets it override them on \
                         its weekdays, which the hours model cannot express); put weekday rules \
                         first, then PH, then dates",
                    );
                }
                if ph && seen_date {
                    return unsupported(
                        rule.pos,
                        "a PH rule after a date rule; put date rules last",
                    );
                }
                seen_ph |= ph;
            }
            Selector::All => {}
        }
    }
    // Else the times past midnight: name the last rule that reaches the first day that differs.
    let empty = BTreeMap::new();
    let fallback: [Vec<Interval>; 7] = Default::default();
    let weekly = weekly_as_written(rules).unwrap_or(fallback);
    let ph = holidays_as_written(rules).unwrap_or(HolidayPolicy::Closed);
    let exc = exceptions_as_written(rules).unwrap_or_default();
    let model = Model {
        weekly: &weekly,
        public_holidays: &ph,
        exceptions: if exc.is_empty() { &empty } else { &exc },
    };
    let culprit = first_difference(&model, rules).and_then(|(prev, day)| {
        rules.iter().rfind(|r| {
            r.selector.matches(day)
                || (r.selector.matches(prev) && r.spans.iter().any(|s| s.end > MINUTES_PER_DAY))
        })
    });
    let pos = culprit.or(rules.last()).map_or(0, |r| r.pos);
    unsupported(
        pos,
        "times past midnight or of 24 hours next to a public holiday or a date rule (in OSM the \
         part after midnight belongs to the next day's rules, which the hours model cannot \
         express here)",
    )
}

/// Whether a non-';' token directly precedes position `p` in the rule started after the
/// previous ';' (i.e. the rule ending at `p` is non-empty).
fn rule_before(toks: &[Token<'_>], p: usize) -> bool {
    toks.iter()
        .rev()
        .find(|t| t.pos < p)
        .is_some_and(|t| t.tok != Tok::Punct(b';'))
}

fn format_intervals(list: &[Interval]) -> String {
    list.iter()
        .map(Interval::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// `Mo-Fr`, `Sa,Su`, `Mo,We-Fr`: runs of three or more become ranges.
fn format_days(days: [bool; 7]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < 7 {
        if !days.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        let start = i;
        while days.get(i + 1).copied().unwrap_or(false) {
            i += 1;
        }
        let name = |d: usize| WEEKDAYS.get(d).copied().unwrap_or("Mo");
        match i - start {
            0 => parts.push(name(start).to_owned()),
            1 => {
                parts.push(name(start).to_owned());
                parts.push(name(i).to_owned());
            }
            _ => parts.push(format!("{}-{}", name(start), name(i))),
        }
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use crate::time::CHINA;
    use chrono::TimeZone;

    fn cal() -> HolidayCalendar {
        HolidayCalendar::builtin()
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> ChinaTime {
        CHINA.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn osm(s: &str) -> OpeningHours {
        OpeningHours::parse_osm(s).unwrap()
    }

    fn iv(s: &str) -> Interval {
        s.parse().unwrap()
    }

    fn open(h: &OpeningHours, t: ChinaTime) -> bool {
        h.is_open_at(t, &cal()).unwrap()
    }

    fn change(h: &OpeningHours, t: ChinaTime) -> Option<Change> {
        h.next_change(t, &cal()).unwrap()
    }

    /// Bank-outlet style: weekdays, make-up days as Monday, holidays closed.
    fn outlet() -> OpeningHours {
        osm("Mo-Fr 09:00-17:00; PH off").with_makeup_workdays(MakeupPolicy::AsWeekday {
            weekday: Weekday::Mon,
        })
    }

    // --- intervals -------------------------------------------------------------------------

    #[test]
    fn interval_parsing_and_display() {
        assert_eq!(iv("09:00-17:00").open_minute(), 540);
        assert_eq!(iv("09:00-17:00").close_minute(), 1020);
        assert_eq!(iv("00:00-24:00"), Interval::ALL_DAY);
        assert_eq!(iv("00:00-00:00"), Interval::ALL_DAY);
        assert_eq!(iv("20:00-00:00").to_string(), "20:00-24:00");
        assert_eq!(iv("22:00-26:00"), iv("22:00-02:00"));
        assert_eq!(iv("22:00-02:00").duration_minutes(), 240);
        assert_eq!(Interval::new(540, 0).unwrap().close_minute(), 1440);
        for bad in [
            "9:00-17:00",
            "09:00-17:60",
            "09:00",
            "09:00-09:00",
            "24:00-02:00",
            "09:00-33:00",
            "09:00-49:00",
            "09.00-17.00",
            " 09:00-17:00",
        ] {
            assert!(
                matches!(
                    bad.parse::<Interval>(),
                    Err(HoursError::InvalidInterval { .. })
                ),
                "{bad}"
            );
        }
        assert!(Interval::new(1440, 60).is_err());
        assert!(Interval::new(60, 60).is_err());
    }

    // --- the calendar, consulted only when needed ---------------------------------------------

    #[test]
    fn make_up_saturdays_open_with_weekday_hours() {
        let h = outlet();
        for d in [14, 28] {
            // 2026-02-14 and 2026-02-28 are make-up Saturdays of the Spring Festival.
            assert!(open(&h, at(2026, 2, d, 10, 0)));
            assert!(!open(&h, at(2026, 2, d, 8, 59)));
            assert!(!open(&h, at(2026, 2, d, 17, 0)));
            let hours = h.intervals_on(date(2026, 2, d), &cal()).unwrap();
            assert_eq!(hours, vec![(at(2026, 2, d, 9, 0), at(2026, 2, d, 17, 0))]);
        }
        // An ordinary Saturday stays closed.
        assert!(!open(&h, at(2026, 3, 7, 10, 0)));
        // With the policy ignored, the make-up Saturday is a Saturday.
        let ignored = osm("Mo-Fr 09:00-17:00; PH off");
        assert!(!open(&ignored, at(2026, 2, 14, 10, 0)));
        // The make-up day takes the hours of the configured weekday.
        let fr_short = osm("Mo-Th 09:00-17:00; Fr 09:00-12:00; PH off").with_makeup_workdays(
            MakeupPolicy::AsWeekday {
                weekday: Weekday::Fri,
            },
        );
        assert!(open(&fr_short, at(2026, 2, 28, 11, 0)));
        assert!(!open(&fr_short, at(2026, 2, 28, 13, 0)));
    }

    #[test]
    fn spring_festival_closure() {
        let h = outlet();
        assert!(open(&h, at(2026, 2, 13, 16, 59)));
        for d in 15..=23 {
            assert!(!open(&h, at(2026, 2, d, 10, 0)), "Feb {d}");
            assert!(h.intervals_on(date(2026, 2, d), &cal()).unwrap().is_empty());
        }
        assert!(open(&h, at(2026, 2, 24, 9, 0)));
        // From the make-up Saturday's close, the next opening is after the festival.
        assert_eq!(
            change(&h, at(2026, 2, 14, 17, 0)),
            Some(Change {
                at: at(2026, 2, 24, 9, 0),
                opens: true
            })
        );
        assert_eq!(
            change(&h, at(2026, 2, 14, 12, 0)),
            Some(Change {
                at: at(2026, 2, 14, 17, 0),
                opens: false
            })
        );
    }

    #[test]
    fn public_holiday_hours() {
        let h = osm("Mo-Fr 09:00-17:00; Sa,Su 10:00-12:00; PH 10:00-16:00");
        assert_eq!(
            h.public_holidays(),
            &HolidayPolicy::Hours {
                intervals: vec![iv("10:00-16:00")]
            }
        );
        // National Day 2026-10-01, a Thursday.
        assert!(!open(&h, at(2026, 10, 1, 9, 30)));
        assert!(open(&h, at(2026, 10, 1, 15, 0)));
        // 2026-10-03 is a Saturday inside the holiday: holiday hours, not Saturday hours.
        assert!(open(&h, at(2026, 10, 3, 15, 0)));
        assert!(open(&h, at(2026, 10, 8, 9, 30)));
        assert_eq!(
            change(&h, at(2026, 9, 30, 18, 0)),
            Some(Change {
                at: at(2026, 10, 1, 10, 0),
                opens: true
            })
        );
        // Make-up Saturday 2026-10-10 with the policy ignored: Saturday hours.
        assert!(open(&h, at(2026, 10, 10, 11, 0)));
        assert!(!open(&h, at(2026, 10, 10, 13, 0)));
    }

    #[test]
    fn the_night_a_holiday_starts_and_ends() {
        // 2026-09-30 (Wednesday) is a working day; Oct 1-7 are days off. In the model an
        // interval belongs to the day it starts on (OSM differs: see the next test).
        let h = nights_and_holidays_closed();
        assert!(h.data.has_wrap);
        // The interval starts on a working day, so it runs into the holiday.
        assert!(open(&h, at(2026, 9, 30, 23, 0)));
        assert!(open(&h, at(2026, 10, 1, 1, 59)));
        assert_eq!(
            change(&h, at(2026, 9, 30, 23, 0)),
            Some(Change {
                at: at(2026, 10, 1, 2, 0),
                opens: false
            })
        );
        // Holiday evenings are closed, and so is the spill of the last holiday evening.
        assert!(!open(&h, at(2026, 10, 1, 22, 30)));
        assert!(!open(&h, at(2026, 10, 8, 1, 0)));
        assert_eq!(
            change(&h, at(2026, 10, 1, 2, 0)),
            Some(Change {
                at: at(2026, 10, 8, 22, 0),
                opens: true
            })
        );
        // The period starting on Oct 8 ends on Oct 9.
        assert_eq!(
            h.intervals_on(date(2026, 10, 8), &cal()).unwrap(),
            vec![(at(2026, 10, 8, 22, 0), at(2026, 10, 9, 2, 0))]
        );
    }

    /// Every night 22:00-02:00, closed on public holidays, as the model holds it.
    fn nights_and_holidays_closed() -> OpeningHours {
        structured(
            r#"{"weekly": {"mo": ["22:00-02:00"], "tu": ["22:00-02:00"], "we": ["22:00-02:00"],
                "th": ["22:00-02:00"], "fr": ["22:00-02:00"], "sa": ["22:00-02:00"],
                "su": ["22:00-02:00"]}, "public_holidays": {"policy": "closed"}}"#,
        )
    }

    fn structured(json: &str) -> OpeningHours {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn osm_gives_the_part_after_midnight_to_the_next_days_rules() {
        // `PH off` replaces the whole holiday, also the night that ran into it; the night of
        // the last holiday is closed but the next day's own rule still opens 00:00-02:00.
        let h = osm("22:00-02:00; PH off");
        assert!(open(&h, at(2026, 9, 30, 23, 0)));
        assert!(!open(&h, at(2026, 10, 1, 1, 0)));
        assert!(!open(&h, at(2026, 10, 1, 22, 30)));
        assert!(!open(&h, at(2026, 10, 7, 23, 0)));
        assert!(open(&h, at(2026, 10, 8, 1, 0)));
        assert_eq!(h.to_osm().unwrap(), "Mo-Su 00:00-02:00,22:00-24:00; PH off");
        // A later rule for Tuesday replaces Monday's night after midnight...
        let h = osm("Mo 22:00-02:00; Tu 10:00-12:00");
        assert!(!open(&h, at(2026, 3, 3, 1, 0)));
        assert!(open(&h, at(2026, 3, 2, 23, 0)));
        // ... and a later rule for Monday leaves Monday's night in Tuesday alone.
        let h = osm("Mo-Su 22:00-02:00; Mo off");
        assert!(open(&h, at(2026, 3, 3, 1, 0)));
        assert!(!open(&h, at(2026, 3, 2, 1, 0)));
        assert!(!open(&h, at(2026, 3, 2, 23, 0)));
        // Exactly 24 hours, and equal times: from Monday 10:00 to Tuesday 10:00.
        for s in ["Mo 10:00-34:00", "Mo 10:00-10:00"] {
            let h = osm(s);
            assert!(!open(&h, at(2026, 3, 2, 9, 59)), "{s}");
            assert!(open(&h, at(2026, 3, 2, 10, 0)), "{s}");
            assert!(open(&h, at(2026, 3, 3, 9, 59)), "{s}");
            assert!(!open(&h, at(2026, 3, 3, 10, 0)), "{s}");
            assert_eq!(h.to_osm().unwrap(), "Mo 10:00-24:00; Tu 00:00-10:00", "{s}");
        }
        // Rules the model cannot say the same way are refused, naming the rule.
        assert_eq!(unsupported_at("Mo-Fr 09:00-17:00; PH 10:00-34:00").0, 19);
        // A weekday rule after PH that only repeats the weekdays: PH changes nothing.
        let h = osm("PH off; Mo-Fr 09:00-17:00");
        assert_eq!(h.public_holidays(), &HolidayPolicy::AsUsual);
        assert!(open(&h, at(2026, 10, 1, 10, 0)));
        // The export of hours OSM cannot say is refused.
        assert!(matches!(
            nights_and_holidays_closed().to_osm(),
            Err(HoursError::NotExpressible { .. })
        ));
    }

    /// Every instant an answer carries can be written out (chrono's `naive_local` and serde
    /// form panic on one whose local time is out of its range).
    fn written(t: &ChinaTime) -> String {
        let _ = t.naive_local();
        serde_json::to_string(t).unwrap()
    }

    fn instant_answers(h: &OpeningHours, t: ChinaTime) {
        match h.is_open_at(t, &cal()) {
            Ok(_) | Err(HoursError::CalendarUnknown { .. }) => {}
            Err(e) => panic!("{h:?} at {t:?}: {e}"),
        }
        match h.status_at(t, &cal()) {
            Ok(s) => {
                if let Some(c) = s.next_change {
                    written(&c.at);
                    assert!(c.at > t, "{h:?} at {t:?}: {c:?}");
                }
                serde_json::to_string(&s).unwrap();
            }
            Err(HoursError::CalendarUnknown { .. }) => {}
            Err(e) => panic!("{h:?} at {t:?}: {e}"),
        }
        match h.next_change(t, &cal()) {
            Ok(Some(c)) => {
                written(&c.at);
                assert!(c.at > t);
            }
            Ok(None) | Err(HoursError::CalendarUnknown { .. }) => {}
            Err(e) => panic!("{h:?} at {t:?}: {e}"),
        }
    }

    #[test]
    fn every_date_of_chronos_range_is_answered_or_refused_with_a_type() {
        let first: Vec<NaiveDate> = NaiveDate::MIN.iter_days().take(4).collect();
        let last: Vec<NaiveDate> = (0..4)
            .filter_map(|k| NaiveDate::MAX.checked_sub_days(Days::new(k)))
            .collect();
        let every_day = |iv: &str| {
            let list = format!("[\"{iv}\"]");
            structured(&format!(
                r#"{{"weekly": {{"mo": {list}, "tu": {list}, "we": {list}, "th": {list},
                    "fr": {list}, "sa": {list}, "su": {list}}}}}"#
            ))
        };
        let at_the_ends = OpeningHours::new(
            osm("Mo-Su 09:00-17:00").weekly(),
            vec![
                DateException {
                    date: NaiveDate::MIN,
                    intervals: vec![iv("03:00-05:00"), iv("22:00-02:00")],
                },
                DateException {
                    date: NaiveDate::MAX,
                    intervals: vec![iv("20:00-04:00")],
                },
            ],
            HolidayPolicy::AsUsual,
            MakeupPolicy::Ignored,
        )
        .unwrap();
        let hours = [
            osm("24/7"),
            osm("Mo-Su 10:00-24:00"),
            osm("Mo-Su 22:00-02:00"),
            osm("Mo-Fr 09:00-17:00; PH off"),
            osm("Mo 10:00-34:00"),
            every_day("10:00-09:00"),
            nights_and_holidays_closed(),
            at_the_ends.clone(),
        ];
        let (mut periods, mut out_of_range) = (0, 0);
        for h in &hours {
            match h.to_osm() {
                Ok(_) | Err(HoursError::NotExpressible { .. }) => {}
                Err(e) => panic!("{h:?}: {e}"),
            }
            for &d in first.iter().chain(&last) {
                match h.intervals_on(d, &cal()) {
                    Ok(list) => {
                        for (open, close) in list {
                            written(&open);
                            written(&close);
                            assert!(open < close);
                            periods += 1;
                        }
                    }
                    Err(HoursError::OutOfRange { .. }) => out_of_range += 1,
                    Err(HoursError::CalendarUnknown { .. }) => {}
                    Err(e) => panic!("{h:?} on {d}: {e}"),
                }
                // Instants of that day (China time) that chrono can hold.
                for hour in [0, 3, 7, 8, 9, 12, 16, 21, 22, 23] {
                    let utc = d
                        .and_hms_opt(hour, 59, 30)
                        .and_then(|l| l.checked_sub_signed(TimeDelta::hours(8)));
                    if let Some(utc) = utc {
                        instant_answers(h, DateTime::from_naive_utc_and_offset(utc, CHINA));
                    }
                }
            }
            let last_instant = DateTime::<chrono::Utc>::MAX_UTC;
            for t in [
                DateTime::<chrono::Utc>::MIN_UTC,
                last_instant,
                last_instant - TimeDelta::hours(8),
                last_instant - TimeDelta::hours(8) - TimeDelta::seconds(1),
                last_instant - TimeDelta::hours(9),
            ] {
                instant_answers(h, t.fixed_offset());
                instant_answers(h, crate::time::to_china(t));
            }
        }
        assert!(periods > 30 && out_of_range > 0, "{periods} {out_of_range}");
        // Closing at midnight after chrono's last date: the instant exists, written in UTC.
        let rfc = |list: Vec<(ChinaTime, ChinaTime)>| -> Vec<(String, String)> {
            list.into_iter()
                .map(|(a, b)| (a.to_rfc3339(), b.to_rfc3339()))
                .collect()
        };
        assert_eq!(
            rfc(osm("Mo-Su 10:00-24:00")
                .intervals_on(NaiveDate::MAX, &cal())
                .unwrap()),
            vec![(
                "+262142-12-31T10:00:00+08:00".to_owned(),
                "+262142-12-31T16:00:00+00:00".to_owned()
            )]
        );
        // Past chrono's last instant, or before its first: a typed error.
        assert!(matches!(
            every_day("10:00-09:00").intervals_on(NaiveDate::MAX, &cal()),
            Err(HoursError::OutOfRange { .. })
        ));
        assert!(matches!(
            at_the_ends.intervals_on(NaiveDate::MIN, &cal()),
            Err(HoursError::OutOfRange { .. })
        ));
        // The first date's periods after 08:00 (China time) exist.
        assert_eq!(
            rfc(osm("Mo-Su 09:00-17:00")
                .intervals_on(NaiveDate::MIN, &cal())
                .unwrap()),
            vec![(
                "-262143-01-01T09:00:00+08:00".to_owned(),
                "-262143-01-01T17:00:00+08:00".to_owned()
            )]
        );
        // On the last date: the opening is told; what follows midnight after the last date
        // cannot be told (the next day's hours might continue the period).
        let h = osm("Mo-Su 10:00-24:00");
        let t: ChinaTime = "+262142-12-31T09:00:00+08:00".parse().unwrap();
        assert_eq!(
            change(&h, t).map(|c| c.at.to_rfc3339()),
            Some("+262142-12-31T10:00:00+08:00".to_owned())
        );
        let t: ChinaTime = "+262142-12-31T12:00:00+08:00".parse().unwrap();
        assert_eq!(change(&h, t), None);
        assert!(open(&h, t));
    }

    #[test]
    fn unknown_year_only_when_the_calendar_is_needed() {
        let with_ph = osm("Mo-Fr 09:00-17:00; PH off");
        assert_eq!(
            with_ph.is_open_at(at(2031, 3, 3, 10, 0), &cal()),
            Err(HoursError::CalendarUnknown { year: 2031 })
        );
        assert_eq!(
            with_ph.next_change(at(2031, 3, 3, 10, 0), &cal()),
            Err(HoursError::CalendarUnknown { year: 2031 })
        );
        assert_eq!(
            with_ph.intervals_on(date(2031, 3, 3), &cal()),
            Err(HoursError::CalendarUnknown { year: 2031 })
        );
        // The next opening after Dec 31 2026 is a 2027 date: unknown.
        assert_eq!(
            with_ph.next_change(at(2026, 12, 31, 18, 0), &cal()),
            Err(HoursError::CalendarUnknown { year: 2027 })
        );
        // ... but a change found before leaving 2026 needs no 2027 data.
        assert_eq!(
            change(&with_ph, at(2026, 12, 31, 10, 0)).unwrap().at,
            at(2026, 12, 31, 17, 0)
        );
        // An exception date answers without the calendar.
        let exc = with_ph
            .clone()
            .with_public_holidays(HolidayPolicy::Closed)
            .unwrap();
        let exc = OpeningHours::new(
            exc.weekly(),
            vec![DateException {
                date: date(2031, 3, 3),
                intervals: vec![iv("08:00-09:00")],
            }],
            HolidayPolicy::Closed,
            MakeupPolicy::Ignored,
        )
        .unwrap();
        assert!(exc.is_open_at(at(2031, 3, 3, 8, 30), &cal()).unwrap());

        // No PH rule and make-up days ignored: the calendar is never consulted.
        let plain = osm("Mo-Fr 09:00-17:00");
        assert!(!plain.needs_calendar());
        let none = HolidayCalendar::empty();
        assert!(plain.is_open_at(at(2031, 3, 3, 10, 0), &none).unwrap());
        assert_eq!(
            plain.next_change(at(2031, 3, 3, 10, 0), &none).unwrap(),
            Some(Change {
                at: at(2031, 3, 3, 17, 0),
                opens: false
            })
        );
        assert!(!plain
            .intervals_on(date(2031, 3, 3), &none)
            .unwrap()
            .is_empty());
        // A make-up policy alone needs the calendar.
        let makeup = plain.with_makeup_workdays(MakeupPolicy::AsWeekday {
            weekday: Weekday::Mon,
        });
        assert!(makeup.needs_calendar());
        assert_eq!(
            makeup.is_open_at(at(2031, 3, 3, 10, 0), &none),
            Err(HoursError::CalendarUnknown { year: 2031 })
        );
    }

    #[test]
    fn status_answers_what_is_known_and_says_what_is_not() {
        // Closed except on holidays' absence: no opening within the horizon, which runs into
        // 2027. The state in March 2026 is known (closed); the next change is not.
        let h = osm("PH off");
        let t = at(2026, 3, 10, 10, 0);
        assert_eq!(
            h.status_at(t, &cal()).unwrap(),
            OpenStatus {
                open: false,
                next_change: None,
                calendar_unknown_year: Some(2027),
            }
        );
        assert_eq!(
            h.next_change(t, &cal()),
            Err(HoursError::CalendarUnknown { year: 2027 })
        );
        // Open now, and the closing is not found before 2027.
        let h = osm("24/7; PH off");
        let s = h.status_at(at(2026, 12, 31, 12, 0), &cal()).unwrap();
        assert_eq!((s.open, s.next_change), (true, None));
        assert_eq!(s.calendar_unknown_year, Some(2027));
        // A change found before the unknown year needs no data for it.
        let s = h.status_at(at(2026, 9, 20, 12, 0), &cal()).unwrap();
        assert_eq!(s.calendar_unknown_year, None);
        assert!(s.next_change.is_some());
        // The state itself unknown: an error, never a guess.
        assert_eq!(
            h.status_at(at(2027, 3, 1, 12, 0), &cal()),
            Err(HoursError::CalendarUnknown { year: 2027 })
        );
        // JSON: the year is written when set, left out otherwise.
        let v =
            serde_json::to_value(h.status_at(at(2026, 12, 31, 12, 0), &cal()).unwrap()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"open": true, "next_change": null, "calendar_unknown_year": 2027})
        );
    }

    #[test]
    fn previous_day_is_consulted_only_for_past_midnight_schedules() {
        // Jan 1 2025 is the first covered day; Dec 31 2024 is unknown.
        let day = osm("Mo-Su 09:00-17:00; PH off");
        assert!(!day.is_open_at(at(2025, 1, 1, 10, 0), &cal()).unwrap());
        assert_eq!(
            day.next_change(at(2025, 1, 1, 10, 0), &cal()).unwrap(),
            Some(Change {
                at: at(2025, 1, 2, 9, 0),
                opens: true
            })
        );
        let night = nights_and_holidays_closed();
        assert_eq!(
            night.is_open_at(at(2025, 1, 1, 1, 0), &cal()),
            Err(HoursError::CalendarUnknown { year: 2024 })
        );
    }

    #[test]
    fn exceptions_override_holidays_and_make_up_days() {
        let json = r#"{
            "weekly": {"mo": ["09:00-17:00"], "tu": ["09:00-17:00"], "we": ["09:00-17:00"],
                       "th": ["09:00-17:00"], "fr": ["09:00-17:00"]},
            "exceptions": [{"date": "2026-10-02", "intervals": ["10:00-12:00"]},
                           {"date": "2026-10-10"}],
            "public_holidays": {"policy": "closed"},
            "makeup_workdays": {"policy": "as_weekday"}
        }"#;
        let h: OpeningHours = serde_json::from_str(json).unwrap();
        assert_eq!(
            h.makeup_workdays(),
            MakeupPolicy::AsWeekday {
                weekday: Weekday::Mon
            }
        );
        assert!(!open(&h, at(2026, 10, 1, 11, 0)));
        assert!(open(&h, at(2026, 10, 2, 11, 0)));
        assert!(!open(&h, at(2026, 10, 2, 12, 0)));
        // Make-up Saturday 2026-10-10 closed by its exception; Sunday 2026-09-20 is open.
        assert!(!open(&h, at(2026, 10, 10, 10, 0)));
        assert!(open(&h, at(2026, 9, 20, 10, 0)));
        assert_eq!(
            change(&h, at(2026, 10, 1, 0, 0)),
            Some(Change {
                at: at(2026, 10, 2, 10, 0),
                opens: true
            })
        );
        assert_eq!(
            change(&h, at(2026, 10, 2, 12, 0)),
            Some(Change {
                at: at(2026, 10, 8, 9, 0),
                opens: true
            })
        );
        assert_eq!(
            change(&h, at(2026, 10, 9, 17, 0)),
            Some(Change {
                at: at(2026, 10, 12, 9, 0),
                opens: true
            })
        );
    }

    #[test]
    fn always_open_and_24_7() {
        let h = OpeningHours::always_open();
        assert_eq!(h, osm("24/7"));
        assert_eq!(h.to_osm().unwrap(), "24/7");
        let none = HolidayCalendar::empty();
        let t = at(2040, 5, 5, 3, 3);
        assert_eq!(
            h.status_at(t, &none).unwrap(),
            OpenStatus {
                open: true,
                next_change: None,
                calendar_unknown_year: None,
            }
        );
        // 24/7 closed on public holidays.
        let h = osm("24/7; PH off");
        assert_eq!(h.to_osm().unwrap(), "24/7; PH off");
        assert!(open(&h, at(2026, 9, 30, 23, 59)));
        assert_eq!(
            change(&h, at(2026, 9, 20, 12, 0)),
            Some(Change {
                at: at(2026, 9, 25, 0, 0),
                opens: false
            })
        );
        assert_eq!(
            change(&h, at(2026, 9, 26, 12, 0)),
            Some(Change {
                at: at(2026, 9, 28, 0, 0),
                opens: true
            })
        );
        // Always closed never changes.
        let closed = osm("off");
        assert_eq!(
            closed.status_at(t, &none).unwrap(),
            OpenStatus {
                open: false,
                next_change: None,
                calendar_unknown_year: None,
            }
        );
        assert_eq!(closed.to_osm().unwrap(), "off");
    }

    #[test]
    fn an_opening_followed_by_an_endless_period_is_found() {
        // Closed for three days by exceptions, then around the clock beyond the horizon.
        let mut h = osm("24/7; 2026 Mar 02-04 off");
        assert_eq!(
            change(&h, at(2026, 3, 2, 10, 0)),
            Some(Change {
                at: at(2026, 3, 5, 0, 0),
                opens: true
            })
        );
        assert_eq!(
            change(&h, at(2026, 3, 1, 10, 0)),
            Some(Change {
                at: at(2026, 3, 2, 0, 0),
                opens: false
            })
        );
        // Closed beyond the horizon: no change found.
        h = osm("off; 2028 Mar 02 10:00-12:00");
        assert_eq!(change(&h, at(2026, 3, 2, 10, 0)), None);
        assert_eq!(
            change(&h, at(2027, 3, 2, 10, 0)),
            Some(Change {
                at: at(2028, 3, 2, 10, 0),
                opens: true
            })
        );
    }

    #[test]
    fn contiguous_periods_merge_across_midnight() {
        let h = osm("Mo 20:00-24:00; Tu 00:00-08:00");
        // 2026-03-02 is a Monday.
        assert_eq!(
            change(&h, at(2026, 3, 2, 21, 0)),
            Some(Change {
                at: at(2026, 3, 3, 8, 0),
                opens: false
            })
        );
        assert!(open(&h, at(2026, 3, 3, 0, 0)));
        // Adjacent intervals on one day merge too.
        let h = osm("Mo 09:00-12:00,12:00-14:00");
        assert_eq!(
            change(&h, at(2026, 3, 2, 10, 0)).unwrap().at,
            at(2026, 3, 2, 14, 0)
        );
        // A spill overlapping the next day's hours is unioned.
        let h = structured(r#"{"weekly": {"fr": ["22:00-03:00"], "sa": ["01:00-05:00"]}}"#);
        assert_eq!(
            change(&h, at(2026, 3, 6, 23, 0)),
            Some(Change {
                at: at(2026, 3, 7, 5, 0),
                opens: false
            })
        );
        // Every day all day, written as two halves: never changes.
        let h = osm("00:00-12:00,12:00-24:00");
        assert_eq!(change(&h, at(2026, 3, 2, 10, 0)), None);
    }

    #[test]
    fn sub_minute_instants() {
        let h = osm("Mo-Fr 09:00-17:00");
        let t = CHINA.with_ymd_and_hms(2026, 3, 2, 8, 59, 59).unwrap();
        assert!(!h.is_open_at(t, &cal()).unwrap());
        assert_eq!(change(&h, t).unwrap().at, at(2026, 3, 2, 9, 0));
        let t = CHINA.with_ymd_and_hms(2026, 3, 2, 9, 0, 30).unwrap();
        assert!(h.is_open_at(t, &cal()).unwrap());
        assert_eq!(change(&h, t).unwrap().at, at(2026, 3, 2, 17, 0));
        // Instants in another offset are converted to China time.
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        let t = utc.with_ymd_and_hms(2026, 3, 2, 1, 30, 0).unwrap(); // 09:30 in China
        assert!(h.is_open_at(t, &cal()).unwrap());
    }

    fn check_consistency(h: &OpeningHours, from: ChinaTime, steps: i64, step_minutes: i64) {
        // A stand-in 2027 so that searches from late 2026 can reach New Year.
        let c = cal()
            .with_years_json(
                r#"{"year": 2027, "source": "test", "holidays": [{"code": "new_year",
                "name_zh": "元旦", "name_en": "New Year's Day", "days_off": ["2027-01-01"]}]}"#,
            )
            .unwrap();
        for i in 0..steps {
            let t = from + TimeDelta::minutes(i * step_minutes) + TimeDelta::seconds(i % 61);
            let status = h.status_at(t, &c).unwrap();
            assert_eq!(status.open, h.is_open_at(t, &c).unwrap(), "{t}");
            if let Some(ch) = status.next_change {
                assert!(ch.at > t, "{t}");
                assert_eq!(ch.opens, !status.open, "{t}");
                assert_eq!(
                    h.is_open_at(ch.at, &c).unwrap(),
                    ch.opens,
                    "{t} -> {}",
                    ch.at
                );
                let before = ch.at - TimeDelta::minutes(1);
                if before > t {
                    assert_eq!(h.is_open_at(before, &c).unwrap(), status.open, "{t}");
                }
                // Nothing changes in between (sampled).
                let mut probe = t;
                while probe < ch.at && probe < t + TimeDelta::days(3) {
                    assert_eq!(h.is_open_at(probe, &c).unwrap(), status.open, "{probe}");
                    probe += TimeDelta::minutes(37);
                }
            }
        }
    }

    #[test]
    fn next_change_and_is_open_at_agree_over_a_sweep() {
        let schedules = [
            outlet(),
            osm("Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH 10:00-14:00"),
            osm("Fr-Mo 22:00-02:00; We 20:00-24:00; Th 00:00-03:00; PH off"),
            osm("24/7; PH off; 2026 Oct 09 10:00-11:00"),
            osm("Mo 20:00-24:00; Tu 00:00-08:00; Tu 18:00-06:00"),
        ];
        for h in &schedules {
            // Around the Spring Festival and National Day, every 97 minutes for ~3 weeks.
            check_consistency(h, at(2026, 2, 10, 0, 7), 330, 97);
            check_consistency(h, at(2026, 9, 18, 0, 0), 330, 97);
        }
    }

    // --- OSM ---------------------------------------------------------------------------------

    #[test]
    fn osm_round_trips() {
        for s in [
            "Mo-Fr 09:00-17:00; Sa,Su 10:00-16:00; PH off",
            "Mo-Fr 08:30-12:00,13:30-17:30",
            "PH 10:00-16:00",
            "Mo,We,Fr 09:00-12:00; Tu,Th 14:00-18:00",
            "Mo-Sa 22:00-02:00; Su 00:00-24:00",
            "Mo-Sa 00:00-02:00,22:00-24:00; Su 00:00-24:00; PH off",
            "Mo 10:00-24:00; Tu 00:00-10:00",
            "Mo-Fr 09:00-17:00; 2026 Oct 01 off; 2026 Dec 25 10:00-12:00",
            "24/7; PH off; 2026 Feb 16 off",
            "off",
            "24/7",
        ] {
            let h = osm(s);
            assert_eq!(h.to_osm().unwrap(), s);
            assert_eq!(osm(&h.to_osm().unwrap()), h);
        }
    }

    #[test]
    fn osm_normalisations() {
        let cases = [
            ("Fr-Mo 10:00-12:00", "Mo,Fr-Su 10:00-12:00"),
            (
                "Mo-Su 09:00-17:00; Sa 10:00-12:00",
                "Mo-Fr,Su 09:00-17:00; Sa 10:00-12:00",
            ),
            ("mo-fr 09:00-17:00; ph OFF", "Mo-Fr 09:00-17:00; PH off"),
            ("09:00-17:00", "Mo-Su 09:00-17:00"),
            (
                "Mo-Fr 13:00-17:00,08:00-12:00",
                "Mo-Fr 08:00-12:00,13:00-17:00",
            ),
            ("Mo 22:00-26:00", "Mo 22:00-02:00"),
            ("Mo 18:00-00:00", "Mo 18:00-24:00"),
            ("Mo-Fr 09:00 - 17:00", "Mo-Fr 09:00-17:00"),
            ("Mo-Fr open; Sa,Su,PH closed", "Mo-Fr 00:00-24:00; PH off"),
            ("Mo-Fr 09:00-17:00; Su,PH off", "Mo-Fr 09:00-17:00; PH off"),
            (
                "Mo-Fr 09:00-17:00; PH 10:00-12:00; Su,PH off",
                "Mo-Fr 09:00-17:00; PH off",
            ),
            (
                "Mo-Fr 09:00-17:00; 2026 Sep 30-2026 Oct 02 off",
                "Mo-Fr 09:00-17:00; 2026 Sep 30 off; 2026 Oct 01 off; 2026 Oct 02 off",
            ),
            ("2026 Feb 15-16 off", "2026 Feb 15 off; 2026 Feb 16 off"),
            // OSM gives the night that runs into a holiday to the holiday's rule.
            (
                "Mo-Sa 22:00-02:00; Su 00:00-24:00; PH off",
                "Mo 22:00-24:00; Tu-Sa 00:00-02:00,22:00-24:00; Su 00:00-24:00; PH off",
            ),
            ("Mo 10:00-34:00", "Mo 10:00-24:00; Tu 00:00-10:00"),
            ("Mo 10:00-14:00,12:00-16:00", "Mo 10:00-16:00"),
            ("PH off; Mo-Fr 09:00-17:00", "Mo-Fr 09:00-17:00"),
        ];
        for (input, output) in cases {
            assert_eq!(osm(input).to_osm().unwrap(), output, "{input}");
        }
        // Wrapping Fr-Mo covers Fr, Sa, Su, Mo.
        let h = osm("Fr-Mo 10:00-12:00");
        assert_eq!(h.weekday_intervals(Weekday::Tue), &[]);
        assert_eq!(h.weekday_intervals(Weekday::Sun), &[iv("10:00-12:00")]);
    }

    #[test]
    fn osm_only_exceptions_and_ph_rules() {
        // Days not mentioned are closed; an all-closed week with a PH rule exports only PH.
        let h = osm("PH 10:00-16:00; 2026 Oct 09 off");
        assert_eq!(h.to_osm().unwrap(), "PH 10:00-16:00; 2026 Oct 09 off");
        assert!(!open(&h, at(2026, 3, 2, 11, 0)));
        assert!(open(&h, at(2026, 10, 1, 11, 0)));
    }

    fn unsupported_at(s: &str) -> (usize, String) {
        match OpeningHours::parse_osm(s) {
            Err(HoursError::OsmUnsupported {
                position,
                construct,
            }) => (position, construct),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn osm_unsupported_constructs_name_position_and_construct() {
        let cases: &[(&str, usize, &str)] = &[
            ("Mo-Fr sunrise-sunset", 6, "sunrise"),
            ("Mo-Fr 09:00-sunset", 12, "sunset"),
            ("week 01-10 Mo 09:00-12:00", 0, "week"),
            ("Mo-Fr 09:00-17:00 \"call ahead\"", 18, "comments"),
            ("Mo-Fr 09:00-17:00 || \"by appointment\"", 18, "||"),
            ("SH off", 0, "SH"),
            ("Mo-Fr 09:00-17:00; SH off", 19, "SH"),
            ("Jan-Mar 09:00-17:00", 0, "month"),
            ("Dec 25 off", 0, "month"),
            ("Mo-Fr 09:00+", 11, "+"),
            ("PH +1 day off", 3, "PH +1 day"),
            ("Mo[1] 09:00-12:00", 2, "nth-weekday"),
            ("Mo-Fr 09:00-17:00/01:00", 17, "/"),
            (
                "Mo-Fr 09:00-12:00, Sa 10:00-12:00",
                17,
                "separate rules with ';'",
            ),
            (
                "PH 10:00-12:00; Sa 09:00-12:00",
                16,
                "weekday rule after a PH",
            ),
            (
                "2026 Oct 01 10:00-12:00; PH off",
                25,
                "PH rule after a date rule",
            ),
            ("2026-2027 Oct 01 off", 0, "year ranges"),
            ("2026 Mo-Fr 09:00-17:00", 0, "year selectors"),
            ("2026 09:00-17:00", 0, "year selectors"),
            ("Mo-Fr 09:00-17:00; 10:00-12:00", 19, "without days"),
            ("Mo 10:00-12:00; off", 16, "without days"),
            ("Mo-Fr 09:00-17:00 off", 18, "a state after times"),
            ("Sa 00:00-48:00", 3, "longer than 24 hours"),
            (
                "Mo-Fr 09:00-17:00; PH -1 day off",
                22,
                "days before or after holidays",
            ),
        ];
        for &(input, position, needle) in cases {
            let (p, construct) = unsupported_at(input);
            assert_eq!(p, position, "{input}: {construct}");
            assert!(construct.contains(needle), "{input}: {construct}");
        }
        let (_, c) = unsupported_at("2026 Oct off");
        assert!(c.contains("whole-month"), "{c}");
        let (_, c) = unsupported_at("Mo-Fr unknown");
        assert!(c.contains("unknown"), "{c}");
        let (_, c) = unsupported_at("easter off");
        assert!(c.contains("easter"), "{c}");
        // Display says what and where.
        let e = OpeningHours::parse_osm("Mo-Fr sunrise-sunset").unwrap_err();
        assert_eq!(
            e.to_string(),
            "opening_hours at byte 6: variable times (sunrise) is not supported"
        );
    }

    fn syntax_at(s: &str) -> usize {
        match OpeningHours::parse_osm(s) {
            Err(HoursError::OsmSyntax { position, .. }) => position,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn export_never_writes_what_the_parser_refuses() {
        // Found by the osm_hours fuzz target: date ranges expand to one rule per day on export.
        let text = "Mo08:00-17:00; 8024 Oct 01-23 04:15-08:00; 4053 Oct 01-26 08:00-17:00; \
                    4050 Oct 01-22 08:00-17:00; 4452 Oct 01-16off";
        let hours = OpeningHours::parse_osm(text).unwrap();
        match hours.to_osm() {
            Err(HoursError::OsmTooLong { bytes, limit }) => {
                assert_eq!(limit, MAX_OSM_BYTES);
                assert!(bytes > MAX_OSM_BYTES);
            }
            other => panic!("expected OsmTooLong, got {other:?}"),
        }
        // A shorter range still round-trips.
        let short = OpeningHours::parse_osm("Mo 08:00-17:00; 2026 Oct 01-03 off").unwrap();
        let osm = short.to_osm().unwrap();
        assert_eq!(OpeningHours::parse_osm(&osm).unwrap(), short);
    }

    #[test]
    fn osm_syntax_errors_have_positions() {
        assert_eq!(syntax_at(""), 0);
        assert_eq!(syntax_at("   "), 0);
        assert_eq!(syntax_at("Mo-Fr"), 5);
        assert_eq!(syntax_at("Mo-Fr 9:00-17:00"), 6);
        assert_eq!(syntax_at("Mo-Fr 09:00-17:61"), 12);
        assert_eq!(syntax_at("Mo-Fr 09:00"), 11);
        assert_eq!(syntax_at("Mo-Xy 09:00-17:00"), 3);
        assert_eq!(syntax_at("Mo-Fr 09:00-17:00;; PH off"), 18);
        assert_eq!(syntax_at("Mo-Fr 09:00-17:00;"), 18);
        assert_eq!(syntax_at("2026 Sep 30-Oct 02 off"), 12);
        assert_eq!(syntax_at("Mo 24:00-26:00"), 3);
        assert_eq!(syntax_at("Mo–Fr 09:00-17:00"), 2); // en dash
        assert_eq!(syntax_at("2026 Feb 30 off"), 9);
        assert_eq!(syntax_at("2026 Oct 05-01 off"), 12);
        assert_eq!(syntax_at("Mo-Fr 0900-1700"), 6);
        let e = OpeningHours::parse_osm("Mo-Fr 09:00-17:61").unwrap_err();
        assert_eq!(
            e.to_string(),
            "opening_hours at byte 12: 17:61 is not a time written HH:MM"
        );
    }

    #[test]
    fn export_refuses_the_make_up_policy() {
        let h = outlet();
        assert!(matches!(
            h.to_osm(),
            Err(HoursError::NotExpressible { reason }) if reason.contains("as_weekday")
        ));
        let cleared = h.with_makeup_workdays(MakeupPolicy::Ignored);
        assert_eq!(cleared.to_osm().unwrap(), "Mo-Fr 09:00-17:00; PH off");
    }

    // --- serde -------------------------------------------------------------------------------

    #[test]
    fn serde_accepts_osm_string_or_object_and_writes_the_object() {
        let from_osm: OpeningHours =
            serde_json::from_str(r#""Mo-Fr 09:00-17:00; Sa 22:00-02:00; PH off""#).unwrap();
        let v = serde_json::to_value(&from_osm).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "weekly": {"mo": ["09:00-17:00"], "tu": ["09:00-17:00"], "we": ["09:00-17:00"],
                           "th": ["09:00-17:00"], "fr": ["09:00-17:00"],
                           "sa": ["22:00-24:00"], "su": ["00:00-02:00"]},
                "exceptions": [],
                "public_holidays": {"policy": "closed"},
                "makeup_workdays": {"policy": "ignored"}
            })
        );
        let back: OpeningHours = serde_json::from_value(v).unwrap();
        assert_eq!(back, from_osm);

        let full = outlet()
            .with_public_holidays(HolidayPolicy::Hours {
                intervals: vec![iv("10:00-12:00")],
            })
            .unwrap();
        let v = serde_json::to_value(&full).unwrap();
        assert_eq!(
            v["public_holidays"],
            serde_json::json!({"policy": "hours", "intervals": ["10:00-12:00"]})
        );
        assert_eq!(
            v["makeup_workdays"],
            serde_json::json!({"policy": "as_weekday", "weekday": "mo"})
        );
        let back: OpeningHours = serde_json::from_value(v).unwrap();
        assert_eq!(back, full);

        // Minimal object: defaults.
        let min: OpeningHours =
            serde_json::from_str(r#"{"weekly": {"sa": ["10:00-12:00"]}}"#).unwrap();
        assert_eq!(min, osm("Sa 10:00-12:00"));
    }

    #[test]
    fn serde_errors_say_what_and_where() {
        let err = |json: &str| {
            serde_json::from_str::<OpeningHours>(json)
                .unwrap_err()
                .to_string()
        };
        let e = err(r#"{"weekly": {"mo": ["09:00-12:00", "11:00-13:00"]}}"#);
        assert!(
            e.contains("weekly.mo[1]: 11:00-13:00 overlaps 09:00-12:00 at weekly.mo[0]"),
            "{e}"
        );
        let e = err(r#"{"weekly": {"mo": ["9:00-12:00"]}}"#);
        assert!(e.contains("\"9:00-12:00\" is not a valid interval"), "{e}");
        let e = err(r#"{"weekly": {"monday": []}}"#);
        assert!(e.contains("unknown field `monday`"), "{e}");
        let e = err(r#"{"weekly": {}, "holidays": "closed"}"#);
        assert!(e.contains("unknown field `holidays`"), "{e}");
        let e = err(r#"{"exceptions": []}"#);
        assert!(e.contains("missing field `weekly`"), "{e}");
        let e = err(
            r#"{"weekly": {}, "exceptions": [{"date": "2026-10-01"}, {"date": "2026-10-01"}]}"#,
        );
        assert!(e.contains("exceptions[1].date: 2026-10-01"), "{e}");
        let e = err(r#"{"weekly": {}, "public_holidays": {"policy": "hours", "intervals": []}}"#);
        assert!(e.contains("public_holidays.intervals"), "{e}");
        let e = err(r#"{"weekly": {}, "public_holidays": {"policy": "sometimes"}}"#);
        assert!(e.contains("sometimes"), "{e}");
        let e = err(r#"{"weekly": {}, "public_holidays": {"policy": "closed", "x": 1}}"#);
        assert!(e.contains("unknown field `x`"), "{e}");
        let e = err(
            r#"{"weekly": {}, "makeup_workdays": {"policy": "as_weekday", "weekday": "Monday"}}"#,
        );
        assert!(e.contains("mo tu we"), "{e}");
        let e = err(r#""Mo-Fr sunrise-sunset""#);
        assert!(e.contains("byte 6"), "{e}");
        let e = err("42");
        assert!(
            e.contains("an OSM opening_hours string or an opening-hours object"),
            "{e}"
        );
    }

    #[test]
    fn change_and_status_serde() {
        let s = OpenStatus {
            open: true,
            next_change: Some(Change {
                at: at(2026, 2, 14, 17, 0),
                opens: false,
            }),
            calendar_unknown_year: None,
        };
        let v = serde_json::to_value(s).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"open": true,
                               "next_change": {"at": "2026-02-14T17:00:00+08:00", "opens": false}})
        );
        assert_eq!(serde_json::from_value::<OpenStatus>(v).unwrap(), s);
    }

    #[test]
    fn constructor_validates_and_sorts() {
        let weekly = WeeklyHours {
            mo: vec![iv("13:00-17:00"), iv("08:00-12:00")],
            ..WeeklyHours::default()
        };
        let h = OpeningHours::new(
            weekly,
            vec![
                DateException {
                    date: date(2026, 5, 2),
                    intervals: vec![],
                },
                DateException {
                    date: date(2026, 5, 1),
                    intervals: vec![],
                },
            ],
            HolidayPolicy::AsUsual,
            MakeupPolicy::Ignored,
        )
        .unwrap();
        assert_eq!(
            h.weekday_intervals(Weekday::Mon),
            &[iv("08:00-12:00"), iv("13:00-17:00")]
        );
        assert_eq!(h.exceptions()[0].date, date(2026, 5, 1));
        // A wrapping interval overlapping a later one on the same day.
        let weekly = WeeklyHours {
            fr: vec![iv("22:00-02:00"), iv("23:00-23:30")],
            ..WeeklyHours::default()
        };
        assert!(matches!(
            OpeningHours::new(weekly, vec![], HolidayPolicy::AsUsual, MakeupPolicy::Ignored),
            Err(HoursError::Overlap { path, .. }) if path == "weekly.fr[1]"
        ));
        assert!(matches!(
            OpeningHours::always_open()
                .with_public_holidays(HolidayPolicy::Hours { intervals: vec![] }),
            Err(HoursError::EmptyHolidayHours { .. })
        ));
    }
}
