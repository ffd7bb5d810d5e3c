//! China's official public-holiday calendar.
//!
//! Every year the General Office of the State Council (国务院办公厅) publishes the next year's
//! public holidays (放假, days off) and the make-up working days that come with them (调休: a
//! Saturday or Sunday that becomes a working day). A [`HolidayCalendar`] holds those notices,
//! one per year, and answers what kind of day a date is ([`DayKind`]).
//!
//! The calendar never guesses: a date of a year whose notice is not loaded is an explicit
//! [`CalendarError::UnknownYear`]. The built-in calendar ([`HolidayCalendar::builtin`]) covers
//! 2025 and 2026; later years are added at run time with [`HolidayCalendar::with_years_json`].
//!
//! # JSON shape
//!
//! A document is one year object, or an array of year objects (the built-in data is such an
//! array, parsed by the same code):
//!
//! ```json
//! {
//!   "year": 2026,
//!   "source": "国务院办公厅关于2026年部分节假日安排的通知",
//!   "holidays": [
//!     {
//!       "code": "new_year",
//!       "name_zh": "元旦",
//!       "name_en": "New Year's Day",
//!       "days_off": ["2026-01-01", "2026-01-02", "2026-01-03"],
//!       "makeup_workdays": ["2026-01-04"]
//!     }
//!   ]
//! }
//! ```
//!
//! - `year`: the year the notice is for (1900 to 2999).
//! - `source`: the notice's title (non-empty).
//! - `holidays`: the holidays of the notice, each with a stable `code` (lowercase ASCII letters,
//!   digits and `_`, unique in the year), non-empty `name_zh` and `name_en`, a non-empty list of
//!   `days_off` and an optional list of `makeup_workdays` (defaults to none).
//! - Dates are `YYYY-MM-DD`, inside the notice's year or its neighbouring months (December of
//!   the previous year, January of the next: New Year 2023 started on 31 December 2022). A date
//!   appears at most once in a notice, and make-up working days fall on a Saturday or Sunday.
//! - Unknown fields are errors. Validation errors name the offending place, e.g.
//!   `holidays[2].days_off[1]`, prefixed with `[i].` when the document is an array.
//!
//! Loading a year that is already in the calendar **replaces** it (a corrected notice replaces
//! the old one). A year given twice in one document is an error, and so is a date claimed by
//! two different notices.
//!
//! # Coverage
//!
//! A date is covered when the notice of its calendar year is loaded, or when a loaded notice
//! lists it explicitly (31 December 2022 is answered by the 2023 notice alone).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Smallest year a notice may be for.
pub const MIN_YEAR: i32 = 1900;
/// Largest year a notice may be for.
pub const MAX_YEAR: i32 = 2999;
/// Most year notices one calendar document may hold.
pub const MAX_YEARS_PER_DOCUMENT: usize = 100;
/// Longest code, name or source, in characters.
pub const MAX_TEXT_CHARS: usize = 512;

/// What kind of day a date is under the official calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary working day (Monday to Friday, not a holiday).
    Workday,
    /// An ordinary weekend day (Saturday or Sunday, neither a holiday nor a make-up day).
    RestDay,
    /// A day off of a public holiday, as the State Council notice lists it (including the
    /// weekend days inside the holiday block).
    PublicHoliday,
    /// A Saturday or Sunday that is a working day to make up for a holiday (调休).
    MakeupWorkday,
}

impl DayKind {
    /// Whether people work on such a day ([`DayKind::Workday`] or [`DayKind::MakeupWorkday`]).
    pub fn is_working_day(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday)
    }
}

/// One public holiday of a notice, with its days off and make-up working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// Stable code, e.g. `spring_festival`, `national_day_mid_autumn`.
    pub code: String,
    /// Name in simplified Chinese, e.g. `春节`.
    pub name_zh: String,
    /// Name in English, e.g. `Spring Festival`.
    pub name_en: String,
    /// The year of the notice that announced the holiday.
    pub year: i32,
    /// Title of the notice that announced the holiday.
    pub source: String,
    /// The days off, sorted.
    pub days_off: Vec<NaiveDate>,
    /// The make-up working days that belong to the holiday, sorted (may be empty).
    pub makeup_workdays: Vec<NaiveDate>,
}

/// What went wrong with a calendar query or a calendar document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date's year has no loaded notice, so its kind of day is not known.
    #[error("no holiday calendar is loaded for {year}")]
    UnknownYear {
        /// The year that is missing.
        year: i32,
    },
    /// The document is not valid JSON or does not have the documented shape.
    #[error("calendar JSON is malformed: {message}")]
    Json {
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// What the JSON parser reported.
        message: String,
    },
    /// A notice's year is outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    #[error("{path}: year {year} is outside {MIN_YEAR}..={MAX_YEAR}")]
    YearOutOfRange {
        /// Where in the document.
        path: String,
        /// The year given.
        year: i32,
    },
    /// The same year appears twice in one document.
    #[error("{path}: year {year} appears more than once in the document")]
    DuplicateYear {
        /// Where the second occurrence is.
        path: String,
        /// The repeated year.
        year: i32,
    },
    /// A date is not written `YYYY-MM-DD` or does not exist.
    #[error("{path}: {value:?} is not a date written YYYY-MM-DD")]
    InvalidDate {
        /// Where in the document.
        path: String,
        /// The text given.
        value: String,
    },
    /// A date lies outside the notice's year and its neighbouring months.
    #[error("{path}: {date} is outside {year} and its neighbouring months")]
    DateOutsideYear {
        /// Where in the document.
        path: String,
        /// The date given.
        date: NaiveDate,
        /// The notice's year.
        year: i32,
    },
    /// A date is listed twice as a day off, or twice as a make-up working day.
    #[error("{path}: {date} is listed twice")]
    DuplicateDate {
        /// Where the second occurrence is.
        path: String,
        /// The repeated date.
        date: NaiveDate,
    },
    /// A date is listed both as a day off and as a make-up working day.
    #[error("{path}: {date} is listed both as a day off and as a make-up working day")]
    OffAndWorking {
        /// Where the second occurrence is.
        path: String,
        /// The contradictory date.
        date: NaiveDate,
    },
    /// A make-up working day is not a Saturday or Sunday.
    #[error("{path}: make-up working day {date} is a {weekday}, not a Saturday or Sunday")]
    MakeupNotWeekend {
        /// Where in the document.
        path: String,
        /// The date given.
        date: NaiveDate,
        /// Its weekday, e.g. `Wed`.
        weekday: String,
    },
    /// A holiday lists no day off.
    #[error("{path}: a holiday needs at least one day off")]
    EmptyDaysOff {
        /// Where in the document (the holiday's `days_off`).
        path: String,
    },
    /// A code, name or source is empty or badly formed.
    #[error("{path}: {reason}")]
    InvalidField {
        /// Where in the document.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A document holds more than [`MAX_YEARS_PER_DOCUMENT`] year notices.
    #[error("calendar document has {count} year notices, more than the limit of {limit}")]
    TooManyYears {
        /// Notices in the document.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// Two different loaded notices both list the same date.
    #[error("{date} is listed by both the {first_year} and the {second_year} notice")]
    ConflictingNotices {
        /// The date listed twice.
        date: NaiveDate,
        /// Year of one notice.
        first_year: i32,
        /// Year of the other notice.
        second_year: i32,
    },
}

impl CalendarError {
    /// Where in the calendar document the fault is (`[1].holidays[0].name_zh`), when it is in
    /// one place; the message then begins with it.
    pub fn path(&self) -> Option<&str> {
        match self {
            CalendarError::YearOutOfRange { path, .. }
            | CalendarError::DuplicateYear { path, .. }
            | CalendarError::InvalidDate { path, .. }
            | CalendarError::DateOutsideYear { path, .. }
            | CalendarError::DuplicateDate { path, .. }
            | CalendarError::OffAndWorking { path, .. }
            | CalendarError::MakeupNotWeekend { path, .. }
            | CalendarError::EmptyDaysOff { path, .. }
            | CalendarError::InvalidField { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// The loaded holiday notices, queried by date.
///
/// Immutable; a date lookup is a binary search over the listed dates (O(log n)), without
/// allocation. Build it once ([`HolidayCalendar::builtin`], then
/// [`HolidayCalendar::with_years_json`] for later years) and share it.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use waystation::calendar::{DayKind, HolidayCalendar};
/// let cal = HolidayCalendar::builtin();
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// assert_eq!(cal.day_kind(d(2, 14)).unwrap(), DayKind::MakeupWorkday);
/// assert_eq!(cal.day_kind(d(2, 17)).unwrap(), DayKind::PublicHoliday);
/// assert_eq!(cal.holiday_on(d(2, 17)).unwrap().unwrap().code, "spring_festival");
/// assert_eq!(cal.day_kind(d(3, 7)).unwrap(), DayKind::RestDay);
/// assert!(cal.day_kind(NaiveDate::from_ymd_opt(2031, 1, 1).unwrap()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    /// Loaded notices, sorted by year, one per year.
    notices: Vec<Notice>,
    /// Every listed date of every notice, sorted by date, unique.
    days: Vec<DayEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Notice {
    year: i32,
    holidays: Vec<Holiday>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DayEntry {
    date: NaiveDate,
    day_off: bool,
    notice: usize,
    holiday: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearRecord {
    year: i32,
    source: String,
    holidays: Vec<HolidayRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayRecord {
    code: String,
    name_zh: String,
    name_en: String,
    days_off: Vec<String>,
    #[serde(default)]
    makeup_workdays: Vec<String>,
}

/// Built-in notices, checked against the published texts of the State Council notices.
const BUILTIN_JSON: &str = r#"[
{
  "year": 2025,
  "source": "国务院办公厅关于2025年部分节假日安排的通知",
  "holidays": [
    {"code": "new_year", "name_zh": "元旦", "name_en": "New Year's Day",
     "days_off": ["2025-01-01"]},
    {"code": "spring_festival", "name_zh": "春节", "name_en": "Spring Festival",
     "days_off": ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
                  "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"],
     "makeup_workdays": ["2025-01-26", "2025-02-08"]},
    {"code": "qingming", "name_zh": "清明节", "name_en": "Qingming Festival",
     "days_off": ["2025-04-04", "2025-04-05", "2025-04-06"]},
    {"code": "labour_day", "name_zh": "劳动节", "name_en": "Labour Day",
     "days_off": ["2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05"],
     "makeup_workdays": ["2025-04-27"]},
    {"code": "dragon_boat", "name_zh": "端午节", "name_en": "Dragon Boat Festival",
     "days_off": ["2025-05-31", "2025-06-01", "2025-06-02"]},
    {"code": "national_day_mid_autumn", "name_zh": "国庆节、中秋节",
     "name_en": "National Day and Mid-Autumn Festival",
     "days_off": ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04",
                  "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
     "makeup_workdays": ["2025-09-28", "2025-10-11"]}
  ]
},
{
  "year": 2026,
  "source": "国务院办公厅关于2026年部分节假日安排的通知",
  "holidays": [
    {"code": "new_year", "name_zh": "元旦", "name_en": "New Year's Day",
     "days_off": ["2026-01-01", "2026-01-02", "2026-01-03"],
     "makeup_workdays": ["2026-01-04"]},
    {"code": "spring_festival", "name_zh": "春节", "name_en": "Spring Festival",
     "days_off": ["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                  "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"],
     "makeup_workdays": ["2026-02-14", "2026-02-28"]},
    {"code": "qingming", "name_zh": "清明节", "name_en": "Qingming Festival",
     "days_off": ["2026-04-04", "2026-04-05", "2026-04-06"]},
    {"code": "labour_day", "name_zh": "劳动节", "name_en": "Labour Day",
     "days_off": ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"],
     "makeup_workdays": ["2026-05-09"]},
    {"code": "dragon_boat", "name_zh": "端午节", "name_en": "Dragon Boat Festival",
     "days_off": ["2026-06-19", "2026-06-20", "2026-06-21"]},
    {"code": "mid_autumn", "name_zh": "中秋节", "name_en": "Mid-Autumn Festival",
     "days_off": ["2026-09-25", "2026-09-26", "2026-09-27"]},
    {"code": "national_day", "name_zh": "国庆节", "name_en": "National Day",
     "days_off": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
                  "2026-10-05", "2026-10-06", "2026-10-07"],
     "makeup_workdays": ["2026-09-20", "2026-10-10"]}
  ]
}
]"#;

impl HolidayCalendar {
    /// A calendar with no year loaded: every query is [`CalendarError::UnknownYear`].
    ///
    /// Enough for schedules that never consult the calendar.
    pub fn empty() -> HolidayCalendar {
        HolidayCalendar {
            notices: Vec::new(),
            days: Vec::new(),
        }
    }

    /// The built-in calendar: the State Council notices for 2025 and 2026.
    ///
    /// Parsed once per process and cloned afterwards. The built-in data is checked by the
    /// tests; were it ever invalid, the result would be the empty calendar (every query an
    /// explicit error), never a guess.
    pub fn builtin() -> HolidayCalendar {
        static BUILTIN: OnceLock<HolidayCalendar> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                HolidayCalendar::empty()
                    .with_years_json(BUILTIN_JSON)
                    .unwrap_or_else(|_| HolidayCalendar::empty())
            })
            .clone()
    }

    /// A new calendar with the years of `json` added (see the module docs for the shape).
    ///
    /// A year that is already loaded is replaced by the document's version. `self` is left
    /// unchanged; on error nothing is added.
    ///
    /// # Example
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use waystation::calendar::{DayKind, HolidayCalendar};
    /// let cal = HolidayCalendar::builtin()
    ///     .with_years_json(r#"{"year": 2027, "source": "test notice", "holidays": [
    ///         {"code": "new_year", "name_zh": "元旦", "name_en": "New Year's Day",
    ///          "days_off": ["2027-01-01"]}]}"#)
    ///     .unwrap();
    /// assert_eq!(cal.years(), vec![2025, 2026, 2027]);
    /// let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    /// assert_eq!(cal.day_kind(d).unwrap(), DayKind::PublicHoliday);
    /// ```
    pub fn with_years_json(&self, json: &str) -> Result<HolidayCalendar, CalendarError> {
        let records: Vec<(String, YearRecord)> = if json.trim_start().starts_with('[') {
            // Counted before the notices are read, so that a huge list costs no more than a
            // scan of the text.
            let list: Vec<serde::de::IgnoredAny> =
                serde_json::from_str(json).map_err(json_error)?;
            if list.len() > MAX_YEARS_PER_DOCUMENT {
                return Err(CalendarError::TooManyYears {
                    count: list.len(),
                    limit: MAX_YEARS_PER_DOCUMENT,
                });
            }
            let list: Vec<YearRecord> = crate::json::read(json).map_err(json_error)?;
            list.into_iter()
                .enumerate()
                .map(|(i, r)| (format!("[{i}]."), r))
                .collect()
        } else {
            let one: YearRecord = crate::json::read(json).map_err(json_error)?;
            vec![(String::new(), one)]
        };

        let mut added: BTreeMap<i32, Notice> = BTreeMap::new();
        for (prefix, record) in records {
            let notice = validate_year(&prefix, record)?;
            match added.entry(notice.year) {
                Entry::Occupied(_) => {
                    return Err(CalendarError::DuplicateYear {
                        path: format!("{prefix}year"),
                        year: notice.year,
                    })
                }
                Entry::Vacant(slot) => {
                    slot.insert(notice);
                }
            }
        }

        let mut notices: Vec<Notice> = self
            .notices
            .iter()
            .filter(|n| !added.contains_key(&n.year))
            .cloned()
            .collect();
        notices.extend(added.into_values());
        notices.sort_by_key(|n| n.year);
        let days = index_days(&notices)?;
        Ok(HolidayCalendar { notices, days })
    }

    /// The years whose notices are loaded, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.notices.iter().map(|n| n.year).collect()
    }

    /// The holidays of a loaded year, in the notice's order.
    pub fn holidays_in(&self, year: i32) -> Result<&[Holiday], CalendarError> {
        self.notice(year)
            .map(|n| n.holidays.as_slice())
            .ok_or(CalendarError::UnknownYear { year })
    }

    /// Whether the calendar can answer for `date` (see "Coverage" in the module docs).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.notice(date.year()).is_some() || self.entry(date).is_some()
    }

    /// What kind of day `date` is.
    ///
    /// # Errors
    /// [`CalendarError::UnknownYear`] when `date` is not covered.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        if let Some(entry) = self.entry(date) {
            return Ok(if entry.day_off {
                DayKind::PublicHoliday
            } else {
                DayKind::MakeupWorkday
            });
        }
        if self.notice(date.year()).is_none() {
            return Err(CalendarError::UnknownYear { year: date.year() });
        }
        Ok(match date.weekday() {
            Weekday::Sat | Weekday::Sun => DayKind::RestDay,
            _ => DayKind::Workday,
        })
    }

    /// The holiday that `date` is a day off or a make-up working day of; `None` for an
    /// ordinary working or rest day.
    ///
    /// # Errors
    /// [`CalendarError::UnknownYear`] when `date` is not covered.
    pub fn holiday_on(&self, date: NaiveDate) -> Result<Option<&Holiday>, CalendarError> {
        if let Some(entry) = self.entry(date) {
            return Ok(self
                .notices
                .get(entry.notice)
                .and_then(|n| n.holidays.get(entry.holiday)));
        }
        if self.notice(date.year()).is_none() {
            return Err(CalendarError::UnknownYear { year: date.year() });
        }
        Ok(None)
    }

    fn notice(&self, year: i32) -> Option<&Notice> {
        self.notices
            .binary_search_by_key(&year, |n| n.year)
            .ok()
            .and_then(|i| self.notices.get(i))
    }

    fn entry(&self, date: NaiveDate) -> Option<&DayEntry> {
        self.days
            .binary_search_by_key(&date, |e| e.date)
            .ok()
            .and_then(|i| self.days.get(i))
    }
}

fn json_error(e: serde_json::Error) -> CalendarError {
    CalendarError::Json {
        line: e.line(),
        column: e.column(),
        message: crate::json::without_value(&e.to_string()),
    }
}

fn check_text(path: String, value: &str, what: &str) -> Result<(), CalendarError> {
    if value.trim().is_empty() {
        return Err(CalendarError::InvalidField {
            path,
            reason: format!("{what} must not be empty"),
        });
    }
    check_length(path, value, what)
}

fn check_length(path: String, value: &str, what: &str) -> Result<(), CalendarError> {
    // The catalogue's text rules: holiday names reach couriers' screens.
    if let Some(reason) = crate::text::unclean(value) {
        return Err(CalendarError::InvalidField {
            path,
            reason: format!("{what} {reason}"),
        });
    }
    let n = value.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(CalendarError::InvalidField {
            path,
            reason: format!("{what} is {n} characters, more than the limit of {MAX_TEXT_CHARS}"),
        });
    }
    Ok(())
}

fn check_code(path: String, code: &str) -> Result<(), CalendarError> {
    check_length(path.clone(), code, "code")?;
    let well_formed = !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !well_formed {
        return Err(CalendarError::InvalidField {
            path,
            reason: format!("code {code:?} must be lowercase ASCII letters, digits and '_'"),
        });
    }
    Ok(())
}

fn parse_date(path: &str, value: &str) -> Result<NaiveDate, CalendarError> {
    let invalid = || CalendarError::InvalidDate {
        path: path.to_owned(),
        value: value.to_owned(),
    };
    let b = value.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(invalid());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| invalid())
}

fn validate_year(prefix: &str, record: YearRecord) -> Result<Notice, CalendarError> {
    let year = record.year;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(CalendarError::YearOutOfRange {
            path: format!("{prefix}year"),
            year,
        });
    }
    check_text(format!("{prefix}source"), &record.source, "source")?;
    // Years in range always have these dates.
    let first = NaiveDate::from_ymd_opt(year - 1, 12, 1);
    let last = NaiveDate::from_ymd_opt(year + 1, 1, 31);

    // date -> (path, day_off) of every date listed so far in this notice.
    let mut seen: BTreeMap<NaiveDate, bool> = BTreeMap::new();
    let mut codes: Vec<String> = Vec::new();
    let mut holidays = Vec::with_capacity(record.holidays.len());
    for (h, hol) in record.holidays.into_iter().enumerate() {
        let hpath = format!("{prefix}holidays[{h}]");
        check_code(format!("{hpath}.code"), &hol.code)?;
        if codes.contains(&hol.code) {
            return Err(CalendarError::InvalidField {
                path: format!("{hpath}.code"),
                reason: format!("code {:?} is used twice in {year}", hol.code),
            });
        }
        codes.push(hol.code.clone());
        check_text(format!("{hpath}.name_zh"), &hol.name_zh, "name_zh")?;
        check_text(format!("{hpath}.name_en"), &hol.name_en, "name_en")?;
        if hol.days_off.is_empty() {
            return Err(CalendarError::EmptyDaysOff {
                path: format!("{hpath}.days_off"),
            });
        }
        let mut lists: [Vec<NaiveDate>; 2] = [Vec::new(), Vec::new()];
        for (list_index, (field, values, day_off)) in [
            ("days_off", &hol.days_off, true),
            ("makeup_workdays", &hol.makeup_workdays, false),
        ]
        .into_iter()
        .enumerate()
        {
            for (i, value) in values.iter().enumerate() {
                let path = format!("{hpath}.{field}[{i}]");
                let date = parse_date(&path, value)?;
                let inside = matches!((first, last), (Some(f), Some(l)) if f <= date && date <= l);
                if !inside {
                    return Err(CalendarError::DateOutsideYear { path, date, year });
                }
                if !day_off && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                    return Err(CalendarError::MakeupNotWeekend {
                        path,
                        date,
                        weekday: date.weekday().to_string(),
                    });
                }
                match seen.entry(date) {
                    Entry::Occupied(prev) if *prev.get() == day_off => {
                        return Err(CalendarError::DuplicateDate { path, date })
                    }
                    Entry::Occupied(_) => return Err(CalendarError::OffAndWorking { path, date }),
                    Entry::Vacant(slot) => {
                        slot.insert(day_off);
                    }
                }
                if let Some(list) = lists.get_mut(list_index) {
                    list.push(date);
                }
            }
        }
        let [mut days_off, mut makeup_workdays] = lists;
        days_off.sort_unstable();
        makeup_workdays.sort_unstable();
        holidays.push(Holiday {
            code: hol.code,
            name_zh: hol.name_zh,
            name_en: hol.name_en,
            year,
            source: record.source.clone(),
            days_off,
            makeup_workdays,
        });
    }
    Ok(Notice { year, holidays })
}

fn index_days(notices: &[Notice]) -> Result<Vec<DayEntry>, CalendarError> {
    let mut days = Vec::new();
    for (n, notice) in notices.iter().enumerate() {
        for (h, holiday) in notice.holidays.iter().enumerate() {
            let off = holiday.days_off.iter().map(|d| (*d, true));
            let work = holiday.makeup_workdays.iter().map(|d| (*d, false));
            for (date, day_off) in off.chain(work) {
                days.push(DayEntry {
                    date,
                    day_off,
                    notice: n,
                    holiday: h,
                });
            }
        }
    }
    days.sort_by_key(|e| e.date);
    for pair in days.windows(2) {
        if let [a, b] = pair {
            if a.date == b.date {
                let year = |i: usize| notices.get(i).map_or(0, |n| n.year);
                return Err(CalendarError::ConflictingNotices {
                    date: a.date,
                    first_year: year(a.notice),
                    second_year: year(b.notice),
                });
            }
        }
    }
    Ok(days)
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn one_holiday(year: i32, days_off: &str, makeup: &str) -> String {
        format!(
            r#"{{"year": {year}, "source": "test", "holidays": [
            {{"code": "x", "name_zh": "节", "name_en": "X", "days_off": [{days_off}],
              "makeup_workdays": [{makeup}]}}]}}"#
        )
    }

    #[test]
    fn builtin_has_2025_and_2026() {
        let cal = HolidayCalendar::builtin();
        assert_eq!(cal.years(), vec![2025, 2026]);
        let codes = |y| {
            cal.holidays_in(y)
                .unwrap()
                .iter()
                .map(|h| h.code.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(2025),
            [
                "new_year",
                "spring_festival",
                "qingming",
                "labour_day",
                "dragon_boat",
                "national_day_mid_autumn"
            ]
        );
        assert_eq!(
            codes(2026),
            [
                "new_year",
                "spring_festival",
                "qingming",
                "labour_day",
                "dragon_boat",
                "mid_autumn",
                "national_day"
            ]
        );
    }

    #[test]
    fn builtin_counts_match_the_notices() {
        let cal = HolidayCalendar::builtin();
        let count = |y, off: bool| -> usize {
            cal.holidays_in(y)
                .unwrap()
                .iter()
                .map(|h| {
                    if off {
                        h.days_off.len()
                    } else {
                        h.makeup_workdays.len()
                    }
                })
                .sum()
        };
        // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7.
        assert_eq!(count(2025, true), 28);
        assert_eq!(count(2026, true), 33);
        assert_eq!(count(2025, false), 5);
        assert_eq!(count(2026, false), 6);
        let spring = &cal.holidays_in(2026).unwrap()[1];
        assert_eq!(spring.name_zh, "春节");
        assert_eq!(spring.source, "国务院办公厅关于2026年部分节假日安排的通知");
        assert_eq!(spring.year, 2026);
    }

    #[test]
    fn builtin_day_kinds_2026() {
        let cal = HolidayCalendar::builtin();
        let k = |m, day| cal.day_kind(d(2026, m, day)).unwrap();
        assert_eq!(k(1, 1), DayKind::PublicHoliday);
        assert_eq!(k(1, 3), DayKind::PublicHoliday); // Saturday inside the block
        assert_eq!(k(1, 4), DayKind::MakeupWorkday); // Sunday
        assert_eq!(k(1, 5), DayKind::Workday);
        assert_eq!(k(2, 14), DayKind::MakeupWorkday);
        assert_eq!(k(2, 15), DayKind::PublicHoliday);
        assert_eq!(k(2, 23), DayKind::PublicHoliday);
        assert_eq!(k(2, 24), DayKind::Workday);
        assert_eq!(k(2, 28), DayKind::MakeupWorkday);
        assert_eq!(k(3, 1), DayKind::RestDay);
        assert_eq!(k(5, 9), DayKind::MakeupWorkday);
        assert_eq!(k(6, 19), DayKind::PublicHoliday);
        assert_eq!(k(9, 20), DayKind::MakeupWorkday);
        assert_eq!(k(9, 25), DayKind::PublicHoliday);
        assert_eq!(k(9, 30), DayKind::Workday);
        assert_eq!(k(10, 7), DayKind::PublicHoliday);
        assert_eq!(k(10, 8), DayKind::Workday);
        assert_eq!(k(10, 10), DayKind::MakeupWorkday);
        assert_eq!(k(10, 11), DayKind::RestDay);
        assert!(k(2, 14).is_working_day());
        assert!(!k(2, 15).is_working_day());
    }

    #[test]
    fn builtin_day_kinds_2025() {
        let cal = HolidayCalendar::builtin();
        let k = |m, day| cal.day_kind(d(2025, m, day)).unwrap();
        assert_eq!(k(1, 1), DayKind::PublicHoliday);
        assert_eq!(k(1, 2), DayKind::Workday);
        assert_eq!(k(1, 26), DayKind::MakeupWorkday);
        assert_eq!(k(1, 28), DayKind::PublicHoliday);
        assert_eq!(k(2, 4), DayKind::PublicHoliday);
        assert_eq!(k(2, 8), DayKind::MakeupWorkday);
        assert_eq!(k(4, 27), DayKind::MakeupWorkday);
        assert_eq!(k(5, 5), DayKind::PublicHoliday);
        assert_eq!(k(6, 2), DayKind::PublicHoliday);
        assert_eq!(k(9, 28), DayKind::MakeupWorkday);
        assert_eq!(k(10, 8), DayKind::PublicHoliday);
        assert_eq!(k(10, 11), DayKind::MakeupWorkday);
        assert_eq!(k(12, 31), DayKind::Workday);
    }

    #[test]
    fn holiday_on_names_the_holiday_of_make_up_days() {
        let cal = HolidayCalendar::builtin();
        let code = |y, m, day| {
            cal.holiday_on(d(y, m, day))
                .unwrap()
                .map(|h| h.code.clone())
        };
        assert_eq!(code(2026, 2, 28).as_deref(), Some("spring_festival"));
        assert_eq!(code(2026, 9, 20).as_deref(), Some("national_day"));
        assert_eq!(
            code(2025, 10, 3).as_deref(),
            Some("national_day_mid_autumn")
        );
        assert_eq!(code(2026, 3, 2), None);
        assert_eq!(
            cal.holiday_on(d(2027, 1, 1)),
            Err(CalendarError::UnknownYear { year: 2027 })
        );
    }

    #[test]
    fn unknown_years_are_errors() {
        let cal = HolidayCalendar::builtin();
        assert_eq!(
            cal.day_kind(d(2024, 12, 31)),
            Err(CalendarError::UnknownYear { year: 2024 })
        );
        assert_eq!(
            cal.day_kind(d(2027, 1, 1)),
            Err(CalendarError::UnknownYear { year: 2027 })
        );
        assert!(!cal.covers(d(2027, 6, 1)));
        assert!(cal.covers(d(2026, 6, 1)));
        let empty = HolidayCalendar::empty();
        assert!(empty.years().is_empty());
        assert!(empty.day_kind(d(2026, 1, 1)).is_err());
        assert!(empty.holidays_in(2026).is_err());
    }

    #[test]
    fn load_a_year_with_a_date_in_the_previous_december() {
        // The 2023 notice: New Year from Sat 31 Dec 2022 to Mon 2 Jan 2023.
        let json = r#"{"year": 2023, "source": "国务院办公厅关于2023年部分节假日安排的通知",
          "holidays": [{"code": "new_year", "name_zh": "元旦", "name_en": "New Year's Day",
                        "days_off": ["2022-12-31", "2023-01-01", "2023-01-02"]}]}"#;
        let cal = HolidayCalendar::builtin().with_years_json(json).unwrap();
        assert_eq!(cal.years(), vec![2023, 2025, 2026]);
        assert!(cal.covers(d(2022, 12, 31)));
        assert!(!cal.covers(d(2022, 12, 30)));
        assert_eq!(cal.day_kind(d(2022, 12, 31)), Ok(DayKind::PublicHoliday));
        assert_eq!(
            cal.day_kind(d(2022, 12, 30)),
            Err(CalendarError::UnknownYear { year: 2022 })
        );
        assert_eq!(cal.holiday_on(d(2022, 12, 31)).unwrap().unwrap().year, 2023);
        assert_eq!(cal.day_kind(d(2023, 1, 3)), Ok(DayKind::Workday));
        assert_eq!(cal.day_kind(d(2023, 1, 7)), Ok(DayKind::RestDay));
    }

    #[test]
    fn loading_a_loaded_year_replaces_it() {
        let json = one_holiday(2026, r#""2026-03-02""#, "");
        let cal = HolidayCalendar::builtin().with_years_json(&json).unwrap();
        assert_eq!(cal.years(), vec![2025, 2026]);
        assert_eq!(cal.day_kind(d(2026, 3, 2)), Ok(DayKind::PublicHoliday));
        assert_eq!(cal.day_kind(d(2026, 2, 17)), Ok(DayKind::Workday));
        assert_eq!(cal.day_kind(d(2026, 2, 14)), Ok(DayKind::RestDay));
        // The original is untouched.
        let builtin = HolidayCalendar::builtin();
        assert_eq!(builtin.day_kind(d(2026, 2, 17)), Ok(DayKind::PublicHoliday));
    }

    #[test]
    fn arrays_load_several_years_and_prefix_paths() {
        let json = format!(
            "[{}, {}]",
            one_holiday(2027, r#""2027-01-01""#, ""),
            one_holiday(2028, r#""2028-01-01", "2028-13-01""#, "")
        );
        let err = HolidayCalendar::builtin()
            .with_years_json(&json)
            .unwrap_err();
        assert_eq!(
            err,
            CalendarError::InvalidDate {
                path: "[1].holidays[0].days_off[1]".into(),
                value: "2028-13-01".into()
            }
        );
        let json = format!(
            "[{}, {}]",
            one_holiday(2027, r#""2027-01-01""#, ""),
            one_holiday(2028, r#""2028-01-01""#, "")
        );
        let cal = HolidayCalendar::empty().with_years_json(&json).unwrap();
        assert_eq!(cal.years(), vec![2027, 2028]);
        let dup = format!(
            "[{}, {}]",
            one_holiday(2027, r#""2027-01-01""#, ""),
            one_holiday(2027, r#""2027-01-02""#, "")
        );
        assert_eq!(
            HolidayCalendar::empty().with_years_json(&dup),
            Err(CalendarError::DuplicateYear {
                path: "[1].year".into(),
                year: 2027
            })
        );
    }

    #[test]
    fn validation_errors_name_the_place() {
        let cal = HolidayCalendar::empty();
        let err = |json: &str| cal.with_years_json(json).unwrap_err();
        assert_eq!(
            err(&one_holiday(2027, r#""2027-01-01", "2027-1-2""#, "")),
            CalendarError::InvalidDate {
                path: "holidays[0].days_off[1]".into(),
                value: "2027-1-2".into()
            }
        );
        assert_eq!(
            err(&one_holiday(2027, r#""2027-02-30""#, "")),
            CalendarError::InvalidDate {
                path: "holidays[0].days_off[0]".into(),
                value: "2027-02-30".into()
            }
        );
        assert_eq!(
            err(&one_holiday(2027, r#""2026-11-30""#, "")),
            CalendarError::DateOutsideYear {
                path: "holidays[0].days_off[0]".into(),
                date: d(2026, 11, 30),
                year: 2027
            }
        );
        assert_eq!(
            err(&one_holiday(2027, r#""2028-02-01""#, "")),
            CalendarError::DateOutsideYear {
                path: "holidays[0].days_off[0]".into(),
                date: d(2028, 2, 1),
                year: 2027
            }
        );
        // Neighbouring months are fine.
        assert!(cal
            .with_years_json(&one_holiday(2027, r#""2026-12-01", "2028-01-31""#, ""))
            .is_ok());
        assert_eq!(
            err(&one_holiday(2027, r#""2027-01-02""#, r#""2027-01-02""#)),
            CalendarError::OffAndWorking {
                path: "holidays[0].makeup_workdays[0]".into(),
                date: d(2027, 1, 2)
            }
        );
        assert_eq!(
            err(&one_holiday(2027, r#""2027-01-01", "2027-01-01""#, "")),
            CalendarError::DuplicateDate {
                path: "holidays[0].days_off[1]".into(),
                date: d(2027, 1, 1)
            }
        );
        assert_eq!(
            err(&one_holiday(2027, "", "")),
            CalendarError::EmptyDaysOff {
                path: "holidays[0].days_off".into()
            }
        );
        // 2027-01-06 is a Wednesday.
        assert_eq!(
            err(&one_holiday(2027, r#""2027-01-01""#, r#""2027-01-06""#)),
            CalendarError::MakeupNotWeekend {
                path: "holidays[0].makeup_workdays[0]".into(),
                date: d(2027, 1, 6),
                weekday: "Wed".into()
            }
        );
        assert!(matches!(
            err(&one_holiday(1899, r#""1899-01-01""#, "")),
            CalendarError::YearOutOfRange { .. }
        ));
    }

    #[test]
    fn dates_across_holidays_of_a_year_are_checked() {
        let json = r#"{"year": 2027, "source": "s", "holidays": [
            {"code": "a", "name_zh": "甲", "name_en": "A", "days_off": ["2027-01-01"]},
            {"code": "b", "name_zh": "乙", "name_en": "B", "days_off": ["2027-02-01"]},
            {"code": "c", "name_zh": "丙", "name_en": "C", "days_off": ["2027-03-01"],
             "makeup_workdays": ["2027-01-02"]},
            {"code": "d", "name_zh": "丁", "name_en": "D", "days_off": ["2027-04-01", "2027-01-02"]}
        ]}"#;
        assert_eq!(
            HolidayCalendar::empty().with_years_json(json),
            Err(CalendarError::OffAndWorking {
                path: "holidays[3].days_off[1]".into(),
                date: d(2027, 1, 2)
            })
        );
    }

    #[test]
    fn fields_are_checked() {
        let cal = HolidayCalendar::empty();
        let with = |code: &str, zh: &str| {
            format!(
                r#"{{"year": 2027, "source": "s", "holidays": [
                {{"code": "{code}", "name_zh": "{zh}", "name_en": "X", "days_off": ["2027-01-01"]}}]}}"#
            )
        };
        assert!(matches!(
            cal.with_years_json(&with("New Year", "元旦")),
            Err(CalendarError::InvalidField { path, .. }) if path == "holidays[0].code"
        ));
        assert!(matches!(
            cal.with_years_json(&with("new_year", " ")),
            Err(CalendarError::InvalidField { path, .. }) if path == "holidays[0].name_zh"
        ));
        let twice = r#"{"year": 2027, "source": "s", "holidays": [
            {"code": "a", "name_zh": "甲", "name_en": "A", "days_off": ["2027-01-01"]},
            {"code": "a", "name_zh": "乙", "name_en": "B", "days_off": ["2027-02-01"]}]}"#;
        assert!(matches!(
            cal.with_years_json(twice),
            Err(CalendarError::InvalidField { path, .. }) if path == "holidays[1].code"
        ));
        let no_source = r#"{"year": 2027, "source": "", "holidays": []}"#;
        assert!(matches!(
            cal.with_years_json(no_source),
            Err(CalendarError::InvalidField { path, .. }) if path == "source"
        ));
    }

    #[test]
    fn malformed_json_and_unknown_fields_are_errors() {
        let cal = HolidayCalendar::empty();
        let e = cal.with_years_json("{\"year\": 2027,").unwrap_err();
        assert!(matches!(e, CalendarError::Json { line: 1, .. }), "{e:?}");
        let e = cal
            .with_years_json(r#"{"year": 2027, "source": "s", "holidays": [], "extra": 1}"#)
            .unwrap_err();
        match e {
            CalendarError::Json { message, .. } => assert!(message.contains("extra")),
            other => panic!("{other:?}"),
        }
        assert!(cal
            .with_years_json(r#"{"year": 2027, "source": "s"}"#)
            .is_err());
    }

    #[test]
    fn two_notices_may_not_claim_the_same_date() {
        let cal = HolidayCalendar::empty()
            .with_years_json(&one_holiday(2022, r#""2022-12-31""#, ""))
            .unwrap();
        assert_eq!(
            cal.with_years_json(&one_holiday(2023, r#""2022-12-31""#, "")),
            Err(CalendarError::ConflictingNotices {
                date: d(2022, 12, 31),
                first_year: 2022,
                second_year: 2023
            })
        );
    }

    #[test]
    fn day_kind_serde_is_snake_case() {
        assert_eq!(
            serde_json::to_string(&DayKind::MakeupWorkday).unwrap(),
            "\"makeup_workday\""
        );
        assert_eq!(
            serde_json::from_str::<DayKind>("\"rest_day\"").unwrap(),
            DayKind::RestDay
        );
    }

    #[test]
    fn holiday_serializes_dates_as_iso_strings() {
        let cal = HolidayCalendar::builtin();
        let h = cal.holiday_on(d(2025, 1, 1)).unwrap().unwrap();
        let v = serde_json::to_value(h).unwrap();
        assert_eq!(v["code"], "new_year");
        assert_eq!(v["days_off"][0], "2025-01-01");
        assert_eq!(v["makeup_workdays"], serde_json::json!([]));
    }
}
