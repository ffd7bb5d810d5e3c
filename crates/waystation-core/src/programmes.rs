//! Programmes run at stations: Little Bee gear claims, financial-education events and
//! consumer-protection ambassador enrolment.
//!
//! Who may take part is decided by rule sets of the product catalogue (rules as data, every
//! answer explained per criterion); what a programme adds — stock, claim periods, capacity,
//! registration deadlines — is checked here. The library keeps no state: the caller passes the
//! courier's claim history or an event's registration count, and gets a decision back.

use crate::eligibility::{date_in, minute_in, Decision, Eligibility, LocalizedText};
use crate::lang::Lang;
use crate::services::MonthDay;
use crate::time::ChinaTime;
use crate::words::Message;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The programmes a catalogue runs (catalogue key `programmes`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programmes {
    /// Gear hand-outs, if the network runs them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gear_claims: Option<GearClaimRules>,
    /// Consumer-protection ambassadors (消保教育宣传使者), if the network enrols them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ambassador: Option<AmbassadorProgramme>,
    /// Financial-education events at stations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EducationEvent>,
}

/// How gear is handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GearClaimRules {
    /// Id of the rule set (in the product catalogue) that says who may claim gear.
    pub rule_set: String,
    /// The period within which one courier may claim `per_period` items of a kind.
    pub period: ClaimPeriod,
    /// Items of one kind per courier per period (usually 1).
    #[serde(default = "one", deserialize_with = "crate::json::count::deserialize")]
    pub per_period: i32,
}

fn one() -> i32 {
    1
}

/// A recurring claim period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ClaimPeriod {
    /// 1 January to 31 December.
    CalendarYear,
    /// One occurrence of a catalogue season (e.g. the summer gear season); no claims outside it.
    Season {
        /// Season code.
        season: String,
    },
}

/// The consumer-protection ambassador programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbassadorProgramme {
    /// Id of the rule set (in the product catalogue) that says who may enrol.
    pub rule_set: String,
}

/// A financial-education event at a station, run by the bank's lecturer team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EducationEvent {
    /// Stable id.
    pub id: String,
    /// The station hosting it.
    pub station: String,
    /// Title in Simplified Chinese.
    pub title_zh: String,
    /// Title in English.
    pub title_en: String,
    /// Start.
    #[serde(deserialize_with = "crate::json::instant::deserialize")]
    pub starts_at: ChinaTime,
    /// End (after the start).
    #[serde(deserialize_with = "crate::json::instant::deserialize")]
    pub ends_at: ChinaTime,
    /// Seats.
    #[serde(deserialize_with = "crate::json::count::deserialize")]
    pub capacity: i32,
    /// Registration closes at this instant (default: the start).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::instant::option::deserialize"
    )]
    pub registration_closes_at: Option<ChinaTime>,
    /// A rule set (in the product catalogue) limiting who may register; open to all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_set: Option<String>,
}

/// A claim the courier made before, as the caller recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GearClaim {
    /// Gear code.
    pub gear_code: String,
    /// Station where it was handed out.
    pub station_id: String,
    /// When.
    #[serde(deserialize_with = "crate::json::instant::deserialize")]
    pub claimed_at: ChinaTime,
}

/// The answer to a claim or registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeStatus {
    /// Every check passes: go ahead.
    Approved,
    /// At least one check fails.
    Rejected,
    /// No check fails, but one cannot be decided (missing profile inputs, unknown calendar).
    Unknown,
}

/// What a programme check looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckCode {
    /// The courier meets the programme's rule set.
    Eligible,
    /// The station is serving at its lifecycle stage and carries the gear's theme.
    StationServing,
    /// The station is open at that instant.
    StationOpen,
    /// The station has the item in stock.
    InStock,
    /// The instant lies inside a claim period.
    InClaimPeriod,
    /// The courier has not used up this period's allowance for the item.
    WithinAllowance,
    /// Registration is still open.
    RegistrationOpen,
    /// A seat is left.
    SeatAvailable,
    /// The courier is not registered yet.
    NotYetRegistered,
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeCheck {
    /// What was checked.
    pub code: CheckCode,
    /// Passed (`Some(true)`), failed (`Some(false)`) or undecidable (`None`).
    pub passed: Option<bool>,
    /// Why, in zh-CN and en.
    pub message: LocalizedText,
}

/// A period of whole China dates, first and last day included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day.
    pub first: NaiveDate,
    /// Last day (included).
    pub last: NaiveDate,
}

/// The decision on a gear claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GearClaimDecision {
    /// Approved, rejected or unknown.
    pub status: ProgrammeStatus,
    /// Every check, in order.
    pub checks: Vec<ProgrammeCheck>,
    /// The eligibility decision of the gear rule set, per criterion.
    pub eligibility: Decision,
    /// The claim period containing the instant, if any.
    pub period: Option<DateRange>,
    /// When the courier may claim this item again (start of the next period), if rejected for
    /// the allowance or for being outside a period.
    pub next_claim_from: Option<NaiveDate>,
    /// Items of this kind in stock at the station (catalogue snapshot).
    pub stock: i32,
}

/// The decision on an event registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationDecision {
    /// Approved, rejected or unknown.
    pub status: ProgrammeStatus,
    /// Every check, in order.
    pub checks: Vec<ProgrammeCheck>,
    /// Seats left before this registration.
    pub seats_left: i32,
    /// The eligibility decision, when the event has a rule set.
    pub eligibility: Option<Decision>,
}

/// A value a check's message is filled in with, worded per language.
pub(crate) enum Arg {
    /// The same in every language (a count).
    Plain(String),
    /// A date: `2026年6月1日` / `2026-06-01`.
    Date(NaiveDate),
    /// An instant to the minute: `2026年10月8日8时30分` / `2026-10-08 08:30`.
    Instant(ChinaTime),
}

pub(crate) fn check(
    code: CheckCode,
    passed: Option<bool>,
    message: &Message,
    args: &[(&str, Arg)],
) -> ProgrammeCheck {
    let render = |lang: Lang| {
        let values: Vec<(&str, String)> = args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Plain(s) => s.clone(),
                    Arg::Date(d) => date_in(*d, lang),
                    Arg::Instant(t) => minute_in(t, lang),
                };
                (*name, value)
            })
            .collect();
        let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        message.render(lang, &values)
    };
    ProgrammeCheck {
        code,
        passed,
        message: LocalizedText::new(render(Lang::ZhCn), render(Lang::En)),
    }
}

pub(crate) fn status_of(checks: &[ProgrammeCheck]) -> ProgrammeStatus {
    if checks.iter().any(|c| c.passed == Some(false)) {
        ProgrammeStatus::Rejected
    } else if checks.iter().any(|c| c.passed.is_none()) {
        ProgrammeStatus::Unknown
    } else {
        ProgrammeStatus::Approved
    }
}

pub(crate) fn eligibility_check(decision: &Decision) -> ProgrammeCheck {
    let passed = match decision.status {
        Eligibility::Eligible => Some(true),
        Eligibility::Ineligible => Some(false),
        Eligibility::Unknown => None,
    };
    ProgrammeCheck {
        code: CheckCode::Eligible,
        passed,
        message: decision.summary.clone(),
    }
}

/// A date from a month-day in `year`; 29 February becomes 28 February in common years.
fn on(year: i32, md: MonthDay) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, md.month(), md.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, md.month(), md.day().saturating_sub(1)))
}

/// The occurrence of a yearly range (`from`–`to`, inclusive, wrapping over the new year when
/// `to` < `from`) that contains `date`, and the start of the next occurrence.
pub(crate) fn occurrence(
    from: MonthDay,
    to: MonthDay,
    date: NaiveDate,
) -> (Option<(NaiveDate, NaiveDate)>, Option<NaiveDate>) {
    let y = date.year();
    let candidates = if from <= to {
        [(on(y, from), on(y, to)), (on(y + 1, from), on(y + 1, to))]
    } else {
        // In chrono's first and last years an occurrence over the new year starts or ends in a
        // year it cannot hold: it runs from the first date or to the last (as
        // `Season::contains`, which has the date in season).
        [
            (on(y - 1, from).or(Some(NaiveDate::MIN)), on(y, to)),
            (on(y, from), on(y + 1, to).or(Some(NaiveDate::MAX))),
        ]
    };
    let mut current = None;
    let mut next = None;
    for (start, end) in candidates.into_iter().filter_map(|(s, e)| s.zip(e)) {
        if start <= date && date <= end {
            current = Some((start, end));
        } else if start > date && next.is_none() {
            next = Some(start);
        }
    }
    if next.is_none() {
        next = on(y + 1, from).filter(|d| *d > date);
    }
    (current, next)
}

pub(crate) static NO_PROGRAMMES: Programmes = Programmes {
    gear_claims: None,
    ambassador: None,
    events: Vec::new(),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn md(s: &str) -> MonthDay {
        s.parse().unwrap_or_else(|_| MonthDay::of(NaiveDate::MIN))
    }

    #[test]
    fn occurrences_within_a_year() {
        let (cur, next) = occurrence(md("04-01"), md("10-31"), d(2026, 7, 1));
        assert_eq!(cur, Some((d(2026, 4, 1), d(2026, 10, 31))));
        assert_eq!(next, Some(d(2027, 4, 1)));
        let (cur, next) = occurrence(md("04-01"), md("10-31"), d(2026, 11, 1));
        assert_eq!(cur, None);
        assert_eq!(next, Some(d(2027, 4, 1)));
        let (cur, next) = occurrence(md("04-01"), md("10-31"), d(2026, 2, 1));
        assert_eq!(cur, None);
        assert_eq!(next, Some(d(2026, 4, 1)));
    }

    #[test]
    fn occurrences_over_the_new_year() {
        let (cur, next) = occurrence(md("11-15"), md("03-15"), d(2027, 1, 10));
        assert_eq!(cur, Some((d(2026, 11, 15), d(2027, 3, 15))));
        assert_eq!(next, Some(d(2027, 11, 15)));
        let (cur, _) = occurrence(md("11-15"), md("03-15"), d(2026, 12, 1));
        assert_eq!(cur, Some((d(2026, 11, 15), d(2027, 3, 15))));
        let (cur, next) = occurrence(md("11-15"), md("03-15"), d(2026, 6, 1));
        assert_eq!(cur, None);
        assert_eq!(next, Some(d(2026, 11, 15)));
    }

    #[test]
    fn occurrences_at_the_ends_of_chronos_range() {
        let first = NaiveDate::MIN.year();
        let last = NaiveDate::MAX.year();
        let (cur, next) = occurrence(md("11-15"), md("03-15"), d(first, 1, 10));
        assert_eq!(cur, Some((NaiveDate::MIN, d(first, 3, 15))));
        assert_eq!(next, Some(d(first, 11, 15)));
        let (cur, next) = occurrence(md("11-15"), md("03-15"), d(last, 12, 1));
        assert_eq!(cur, Some((d(last, 11, 15), NaiveDate::MAX)));
        assert_eq!(next, None);
        let (cur, next) = occurrence(md("04-01"), md("10-31"), d(last, 11, 1));
        assert_eq!((cur, next), (None, None));
        let (cur, next) = occurrence(md("04-01"), md("10-31"), NaiveDate::MIN);
        assert_eq!((cur, next), (None, Some(d(first, 4, 1))));
    }

    #[test]
    fn leap_day_falls_back_in_common_years() {
        assert_eq!(on(2027, md("02-29")), Some(d(2027, 2, 28)));
        assert_eq!(on(2028, md("02-29")), Some(d(2028, 2, 29)));
    }
}
