//! The service catalogue: base services, seasonal comforts and courier gear.
//!
//! Services are data with stable codes. Every ICBC Station offers some of the eight base services
//! ([`BASE_SERVICE_CODES`]); seasonal comforts (hot water and heating in winter, cool drinks in
//! summer) are available only inside their [`Season`]; gear items (the Little Bee sun hat, ice
//! sleeves, …) are physical items with a stock per station.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The codes of the eight base services of every ICBC Station, in the programme's order.
pub const BASE_SERVICE_CODES: [&str; 8] = [
    "air_conditioning",
    "seating",
    "drinking_water",
    "charging",
    "wifi",
    "reading_glasses",
    "cash_counter",
    "education",
];

/// Most services one catalogue may define (a station's services are a 64-bit set).
pub const MAX_SERVICES: usize = 64;

/// What kind of service a code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Always available where offered (air conditioning, seating, …).
    Base,
    /// Available where offered, and only inside its season.
    Seasonal,
    /// A physical item handed out at a station: available while the station has stock.
    Gear,
}

/// A service the catalogue knows, with its stable code and names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDefinition {
    /// Stable code, e.g. `drinking_water`: the same in Rust, JSON, Kotlin, Swift and TypeScript.
    pub code: String,
    /// Kind of service.
    pub kind: ServiceKind,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// For seasonal services: the code of the season in which it is available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season: Option<String>,
    /// For gear: the theme whose stations hand it out (e.g. `little_bee`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

/// A recurring yearly date range, e.g. the northern heating season of 15 Nov – 15 Mar.
///
/// Both ends are inclusive and given as `MM-DD`; a range whose end comes before its start wraps
/// over the new year.
///
/// ```
/// use chrono::NaiveDate;
/// use waystation::services::Season;
/// let heating: Season = serde_json::from_str(
///     r#"{"code":"heating","name_zh":"供暖季","name_en":"Heating season","from":"11-15","to":"03-15"}"#,
/// ).unwrap();
/// assert!(heating.contains(NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()));
/// assert!(!heating.contains(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Season {
    /// Stable code.
    pub code: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// First day, inclusive.
    pub from: MonthDay,
    /// Last day, inclusive.
    pub to: MonthDay,
}

impl Season {
    /// Whether `date` falls inside the season.
    pub fn contains(&self, date: NaiveDate) -> bool {
        let d = MonthDay::of(date);
        if self.from <= self.to {
            self.from <= d && d <= self.to
        } else {
            d >= self.from || d <= self.to
        }
    }
}

/// A day of the year as month and day, written `MM-DD` (29 February allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    month: u8,
    day: u8,
}

impl MonthDay {
    /// A month-day, if it exists in a leap year.
    pub fn new(month: u32, day: u32) -> Option<MonthDay> {
        NaiveDate::from_ymd_opt(2024, month, day).map(|_| MonthDay {
            month: u8::try_from(month).unwrap_or(0),
            day: u8::try_from(day).unwrap_or(0),
        })
    }

    /// The month-day of a date.
    pub fn of(date: NaiveDate) -> MonthDay {
        MonthDay {
            month: u8::try_from(date.month()).unwrap_or(0),
            day: u8::try_from(date.day()).unwrap_or(0),
        }
    }

    /// Month, 1–12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// Day of the month, 1–31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl std::str::FromStr for MonthDay {
    type Err = String;

    /// Parses `MM-DD` exactly: two ASCII digits, `-`, two ASCII digits, naming a day that exists
    /// in a leap year. Signs, spaces and other digit counts are refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shown = || s.chars().take(16).collect::<String>();
        let b = s.as_bytes();
        let well_formed = b.len() == 5
            && b.get(2) == Some(&b'-')
            && [0, 1, 3, 4]
                .iter()
                .all(|&i| b.get(i).is_some_and(u8::is_ascii_digit));
        let parts = s.get(0..2).zip(s.get(3..5)).filter(|_| well_formed);
        let Some((m, d)) = parts else {
            return Err(format!(
                "`{}` is not a day of the year: expected MM-DD (two digits, '-', two digits, \
                 e.g. 06-01)",
                shown()
            ));
        };
        let no_day = || {
            format!(
                "`{}` is not a day of the year: no such month and day",
                shown()
            )
        };
        let m: u32 = m.parse().map_err(|_| no_day())?;
        let d: u32 = d.parse().map_err(|_| no_day())?;
        MonthDay::new(m, d).ok_or_else(no_day)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A set of services of one catalogue, as bits over the catalogue's service indices.
///
/// Cheap to copy and to test: "offers all of these" is one AND.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ServiceSet(u64);

impl ServiceSet {
    /// The empty set.
    pub const EMPTY: ServiceSet = ServiceSet(0);

    /// The set holding the service at catalogue index `index` (none if out of range).
    pub fn single(index: usize) -> ServiceSet {
        u32::try_from(index)
            .ok()
            .and_then(|i| 1u64.checked_shl(i))
            .map_or(ServiceSet::EMPTY, ServiceSet)
    }

    /// Union.
    #[must_use]
    pub fn with(self, other: ServiceSet) -> ServiceSet {
        ServiceSet(self.0 | other.0)
    }

    /// Intersection.
    #[must_use]
    pub fn intersect(self, other: ServiceSet) -> ServiceSet {
        ServiceSet(self.0 & other.0)
    }

    /// Whether every service of `other` is in `self`.
    pub fn contains_all(self, other: ServiceSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the service at `index` is in the set.
    pub fn contains(self, index: usize) -> bool {
        !ServiceSet::single(index).intersect(self).is_empty()
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The catalogue indices in the set, ascending.
    pub fn indices(self) -> impl Iterator<Item = usize> {
        (0..MAX_SERVICES).filter(move |&i| self.contains(i))
    }

    /// The raw bits (bit i = catalogue service i).
    pub fn bits(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn season(from: &str, to: &str) -> Season {
        Season {
            code: "s".into(),
            name_zh: "季".into(),
            name_en: "season".into(),
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
        }
    }

    #[test]
    fn heating_season_wraps_over_new_year_inclusive() {
        let s = season("11-15", "03-15");
        assert!(!s.contains(date(2026, 11, 14)));
        assert!(s.contains(date(2026, 11, 15)));
        assert!(s.contains(date(2026, 12, 31)));
        assert!(s.contains(date(2027, 1, 1)));
        assert!(s.contains(date(2027, 3, 15)));
        assert!(!s.contains(date(2027, 3, 16)));
    }

    #[test]
    fn summer_season_within_one_year() {
        let s = season("06-01", "09-15");
        assert!(!s.contains(date(2026, 5, 31)));
        assert!(s.contains(date(2026, 6, 1)));
        assert!(s.contains(date(2026, 9, 15)));
        assert!(!s.contains(date(2026, 9, 16)));
    }

    #[test]
    fn leap_day_season_edge() {
        let s = season("02-29", "02-29");
        assert!(s.contains(date(2028, 2, 29)));
        assert!(!s.contains(date(2027, 2, 28)));
    }

    #[test]
    fn month_day_rejects_bad_text() {
        for bad in ["13-01", "02-30", "1-01", "aa-bb", "", "0101"] {
            assert!(bad.parse::<MonthDay>().is_err(), "{bad}");
        }
        // The form is MM-DD exactly: no signs, spaces, other separators or digit counts.
        for bad in [
            "+6-+1", "+6-01", "06-+1", " 6-01", "06-1 ", "06_01", "06-001", "006-01", "06/01",
            "-6-01", "0६-01",
        ] {
            let err = bad.parse::<MonthDay>().unwrap_err();
            assert!(err.contains(bad), "{bad}: {err}");
            assert!(err.contains("expected MM-DD"), "{bad}: {err}");
        }
        let err = "02-30".parse::<MonthDay>().unwrap_err();
        assert!(
            err.contains("`02-30`") && err.contains("no such month and day"),
            "{err}"
        );
        assert_eq!(
            "06-01".parse::<MonthDay>().unwrap(),
            MonthDay::new(6, 1).unwrap()
        );
        assert_eq!(
            "12-31".parse::<MonthDay>().unwrap(),
            MonthDay::new(12, 31).unwrap()
        );
        assert_eq!("02-29".parse::<MonthDay>().unwrap().to_string(), "02-29");
    }

    #[test]
    fn service_set_operations() {
        let a = ServiceSet::single(0)
            .with(ServiceSet::single(5))
            .with(ServiceSet::single(63));
        assert!(a.contains(63) && a.contains(5) && !a.contains(1));
        assert!(a.contains_all(ServiceSet::single(5)));
        assert!(!a.contains_all(ServiceSet::single(6)));
        assert_eq!(a.indices().collect::<Vec<_>>(), vec![0, 5, 63]);
        assert!(ServiceSet::single(64).is_empty());
    }
}
