//! Stations: a service zone inside an outlet, its themes, services, hours, gear stock and lifecycle.

use crate::calendar::DayKind;
use crate::hours::OpeningHours;
use crate::lang::Lang;
use crate::lang::LocalizedText;
use crate::text::Text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A station as it appears in a catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Station {
    /// Stable id.
    pub id: Text,
    /// The outlet hosting the station (its location and address are the outlet's).
    pub outlet: Text,
    /// Themes layered on the base station (e.g. Little Bee), each with its own lifecycle.
    #[serde(default)]
    pub themes: Vec<StationTheme>,
    /// Lifecycle events, oldest first. Shared: stations with the same events may hold one copy
    /// (`Arc::from(vec![…])` builds one; stations opened together often have the same).
    pub lifecycle: Arc<[LifecycleEvent]>,
    /// Opening hours of the station zone (an OSM `opening_hours` string or the structured form).
    pub hours: OpeningHours,
    /// Codes of the base and seasonal services the station offers. Shared: stations offering
    /// the same list hold one copy (`Arc::from(vec![…])` builds one).
    pub services: Arc<[String]>,
    /// Gear items in stock at the station, by gear code.
    /// Never negative.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::json::count::map"
    )]
    pub gear_stock: BTreeMap<String, i32>,
}

/// A theme carried by a station, e.g. the Little Bee courier station on top of a base ICBC Station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationTheme {
    /// Theme code, e.g. `little_bee`.
    pub code: String,
    /// The theme's own lifecycle at this station (pilot, ceremony, …), oldest first. Empty: the
    /// theme shares the station's lifecycle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifecycle: Vec<LifecycleEvent>,
}

impl StationTheme {
    /// The theme's stage on `date`, or `None` before its first event.
    pub fn stage_on(&self, date: NaiveDate) -> Option<Stage> {
        stage_on(&self.lifecycle, date)
    }
}

fn stage_on(events: &[LifecycleEvent], date: NaiveDate) -> Option<Stage> {
    events
        .iter()
        .take_while(|e| e.date <= date)
        .last()
        .map(|e| e.stage)
}

/// A stage in a station's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Decided, not yet serving.
    Planned,
    /// Serving as a pilot (e.g. the first 8 Little Bee outlets from mid-May 2023).
    Pilot,
    /// Launched at a public ceremony (plaque hanging).
    Launched,
    /// In regular operation.
    Operational,
    /// Temporarily not serving.
    Suspended,
    /// Permanently closed.
    Closed,
}

impl Stage {
    /// Whether a station at this stage serves visitors.
    pub fn is_serving(self) -> bool {
        matches!(self, Stage::Pilot | Stage::Launched | Stage::Operational)
    }

    /// Whether the lifecycle may move from `self` to `next`.
    ///
    /// planned → pilot → launched → operational, with steps skipped allowed; a serving station
    /// may be suspended and resumed; any stage may close, and closed is final.
    pub fn may_move_to(self, next: Stage) -> bool {
        use Stage::*;
        match (self, next) {
            (Closed, _) => false,
            (_, Closed) => true,
            (Suspended, Pilot | Launched | Operational) => true,
            (Planned, Suspended) => false,
            (_, Suspended) => true,
            (Suspended, _) | (_, Planned) => false,
            (from, to) => to > from,
        }
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Planned => "planned",
            Stage::Pilot => "pilot",
            Stage::Launched => "launched",
            Stage::Operational => "operational",
            Stage::Suspended => "suspended",
            Stage::Closed => "closed",
        }
    }
}

/// A dated change of stage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleEvent {
    /// The stage entered.
    pub stage: Stage,
    /// The day it was entered (China date).
    #[serde(deserialize_with = "crate::json::date::deserialize")]
    pub date: NaiveDate,
}

impl Station {
    /// The stage on `date`, or `None` before the first event (the station did not exist yet).
    pub fn stage_on(&self, date: NaiveDate) -> Option<Stage> {
        stage_on(&self.lifecycle, date)
    }

    /// Whether the station serves visitors on `date`.
    pub fn is_serving_on(&self, date: NaiveDate) -> bool {
        self.stage_on(date).is_some_and(Stage::is_serving)
    }

    /// Whether the station carries the theme `code` at any time of its life.
    pub fn has_theme(&self, code: &str) -> bool {
        self.themes.iter().any(|t| t.code == code)
    }

    /// The stage of theme `code` at this station on `date`: the theme's own stage when it has a
    /// lifecycle, else the station's; `None` when the station does not carry the theme then.
    /// A closed or suspended station closes its themes too.
    pub fn theme_stage_on(&self, code: &str, date: NaiveDate) -> Option<Stage> {
        let theme = self.themes.iter().find(|t| t.code == code)?;
        let station = self.stage_on(date)?;
        if theme.lifecycle.is_empty() || !station.is_serving() {
            return Some(station);
        }
        theme.stage_on(date)
    }

    /// Whether the station serves visitors under theme `code` on `date`.
    pub fn theme_serving_on(&self, code: &str, date: NaiveDate) -> bool {
        self.theme_stage_on(code, date)
            .is_some_and(Stage::is_serving)
    }
}

/// Checks a lifecycle: at least one event, dates not decreasing, only allowed moves.
/// Returns `(index, message)` for each problem.
pub fn lifecycle_problems(events: &[LifecycleEvent]) -> Vec<(Option<usize>, String)> {
    let mut problems = Vec::new();
    if events.is_empty() {
        problems.push((
            None,
            "a station needs at least one lifecycle event".to_string(),
        ));
    }
    for (i, pair) in events.windows(2).enumerate() {
        if let [a, b] = pair {
            if b.date < a.date {
                problems.push((
                    Some(i + 1),
                    format!("date {} is before the previous event's {}", b.date, a.date),
                ));
            }
            if !a.stage.may_move_to(b.stage) {
                problems.push((
                    Some(i + 1),
                    format!(
                        "a station cannot move from {} to {}",
                        a.stage.code(),
                        b.stage.code()
                    ),
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ev(stage: Stage, y: i32, m: u32, d: u32) -> LifecycleEvent {
        LifecycleEvent {
            stage,
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        }
    }

    #[test]
    fn stage_on_follows_events() {
        let s = Station {
            id: "s".into(),
            outlet: "o".into(),
            themes: vec![StationTheme {
                code: "little_bee".into(),
                lifecycle: vec![
                    ev(Stage::Pilot, 2023, 5, 15),
                    ev(Stage::Operational, 2023, 5, 31),
                ],
            }],
            lifecycle: Arc::from([
                ev(Stage::Planned, 2023, 4, 1),
                ev(Stage::Pilot, 2023, 5, 15),
                ev(Stage::Launched, 2023, 5, 30),
                ev(Stage::Operational, 2023, 6, 1),
            ]),
            hours: OpeningHours::always_open(),
            services: Arc::from([]),
            gear_stock: BTreeMap::new(),
        };
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(s.stage_on(d(2023, 3, 31)), None);
        assert_eq!(s.stage_on(d(2023, 5, 14)), Some(Stage::Planned));
        assert!(!s.is_serving_on(d(2023, 5, 14)));
        assert_eq!(s.stage_on(d(2023, 5, 15)), Some(Stage::Pilot));
        assert!(s.is_serving_on(d(2023, 5, 15)));
        assert_eq!(s.stage_on(d(2023, 5, 30)), Some(Stage::Launched));
        assert_eq!(s.stage_on(d(2026, 1, 1)), Some(Stage::Operational));
        assert!(s.has_theme("little_bee") && !s.has_theme("union"));
        assert_eq!(
            s.theme_stage_on("little_bee", d(2023, 5, 14)),
            Some(Stage::Planned)
        );
        assert_eq!(
            s.theme_stage_on("little_bee", d(2023, 5, 20)),
            Some(Stage::Pilot)
        );
        assert!(s.theme_serving_on("little_bee", d(2023, 6, 1)));
        assert!(!s.theme_serving_on("union", d(2023, 6, 1)));
    }

    #[test]
    fn allowed_moves() {
        use Stage::*;
        assert!(Planned.may_move_to(Pilot));
        assert!(Planned.may_move_to(Operational));
        assert!(Pilot.may_move_to(Launched));
        assert!(Operational.may_move_to(Suspended));
        assert!(Suspended.may_move_to(Operational));
        assert!(Operational.may_move_to(Closed));
        assert!(!Closed.may_move_to(Operational));
        assert!(!Operational.may_move_to(Pilot));
        assert!(!Launched.may_move_to(Planned));
        assert!(!Planned.may_move_to(Suspended));
    }

    #[test]
    fn lifecycle_problems_are_located() {
        assert_eq!(lifecycle_problems(&[]).len(), 1);
        let bad = [
            ev(Stage::Operational, 2023, 6, 1),
            ev(Stage::Pilot, 2023, 5, 1),
        ];
        let p = lifecycle_problems(&bad);
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|(i, _)| *i == Some(1)));
        assert!(lifecycle_problems(&[
            ev(Stage::Pilot, 2023, 5, 15),
            ev(Stage::Operational, 2023, 6, 1)
        ])
        .is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Station queries on a loaded catalogue.

use crate::hours::Change;
use crate::org::{Branch, Outlet};
use crate::services::ServiceDefinition;
use crate::time::{china_date, ChinaTime};

/// One opening period of a station: from `open` to `close` (China Standard Time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningPeriod {
    /// When it opens.
    pub open: ChinaTime,
    /// When it closes (on the next day for a past-midnight period).
    pub close: ChinaTime,
}

/// Whether a station is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenState {
    /// Open now.
    Open,
    /// Closed now (outside its hours, or not serving at its lifecycle stage).
    Closed,
    /// Cannot be told: the answer depends on a holiday calendar year that is not loaded.
    Unknown,
}

/// A station's open status at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationStatus {
    /// Open, closed or unknown.
    pub state: OpenState,
    /// The lifecycle stage on that day (`None` before the station's first event).
    pub stage: Option<Stage>,
    /// The next time the station opens or closes, if there is one within the search horizon.
    pub next_change: Option<Change>,
    /// Set when the answer needs a holiday calendar year that is not loaded: then either `state`
    /// is [`OpenState::Unknown`], or the state is known but the next change cannot be told.
    pub calendar_unknown_year: Option<i32>,
    /// The public holiday or make-up working day (调休) that changes the station's hours on the
    /// day asked about, so that the answer can say why the hours differ; `None` on days with the
    /// usual hours.
    #[serde(default)]
    pub special_day: Option<SpecialDay>,
}

/// A day whose hours differ from the usual weekly hours because of the holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialDay {
    /// [`DayKind::PublicHoliday`] or [`DayKind::MakeupWorkday`].
    pub kind: DayKind,
    /// The holiday's stable code (`national_day_mid_autumn`).
    pub holiday: String,
    /// The holiday's name (`国庆节、中秋节` / `National Day and Mid-Autumn Festival`).
    pub name: LocalizedText,
}

impl StationStatus {
    /// The status in words, in `lang`, as a courier reads it: `休息中，明天 08:30 开门`,
    /// `国庆节假期，休息中，10月8日 08:30 开门`, `已停用`. `at` is the instant the status is for
    /// (times are said relative to its day: today, tomorrow, or the date).
    ///
    /// Open and closed are worded as "营业中" and "休息中"; the lifecycle stages in which a
    /// station does not serve have words of their own ("筹备中，尚未开放", "暂停服务", "已停用"),
    /// so that a station resting for the night is never mistaken for one that has closed for good.
    pub fn describe(&self, at: &ChinaTime, lang: Lang) -> String {
        use crate::words::stations as w;
        if !self.stage.is_some_and(Stage::is_serving) {
            let message = match self.stage {
                Some(Stage::Suspended) => &w::STATUS_SUSPENDED,
                Some(Stage::Closed) => &w::STATUS_DECOMMISSIONED,
                _ => &w::STATUS_PLANNED,
            };
            return message.render(lang, &[]);
        }
        let year = self.calendar_unknown_year.map(|y| y.to_string());
        let year = [("year", year.as_deref().unwrap_or("?"))];
        let status = match (self.state, &self.next_change) {
            (OpenState::Unknown, _) => return w::STATUS_UNKNOWN.render(lang, &year),
            (OpenState::Open, None) if self.calendar_unknown_year.is_some() => {
                w::STATUS_OPEN_NEXT_UNKNOWN.render(lang, &year)
            }
            (OpenState::Closed, None) if self.calendar_unknown_year.is_some() => {
                w::STATUS_RESTING_NEXT_UNKNOWN.render(lang, &year)
            }
            (OpenState::Open, Some(change)) => {
                w::STATUS_OPEN_UNTIL.render(lang, &[("time", &when(at, &change.at, lang))])
            }
            (OpenState::Open, None) => w::STATUS_OPEN.render(lang, &[]),
            (OpenState::Closed, Some(change)) => {
                w::STATUS_RESTING_UNTIL.render(lang, &[("time", &when(at, &change.at, lang))])
            }
            (OpenState::Closed, None) => w::STATUS_RESTING.render(lang, &[]),
        };
        match &self.special_day {
            Some(day) => {
                let message = match day.kind {
                    DayKind::MakeupWorkday => &w::STATUS_DAY_MAKEUP,
                    _ => &w::STATUS_DAY_HOLIDAY,
                };
                let day = message.render(lang, &[("holiday", day.name.get(lang))]);
                w::STATUS_WITH_DAY.render(lang, &[("day", &day), ("status", &status)])
            }
            None => status,
        }
    }
}

/// `then` as said on the day of `now`: `18:00`, `明天 08:30`, `10月8日 08:30`, with the year
/// when it differs (China time).
fn when(now: &ChinaTime, then: &ChinaTime, lang: Lang) -> String {
    use crate::words::stations as w;
    use chrono::{Datelike, Timelike};
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let today = china_date(now);
    let local = crate::time::china_local(then);
    let date = local.date();
    let hm = format!("{:02}:{:02}", local.hour(), local.minute());
    if date == today {
        return w::TIME_TODAY.render(lang, &[("hm", &hm)]);
    }
    if today.succ_opt() == Some(date) {
        return w::TIME_TOMORROW.render(lang, &[("hm", &hm)]);
    }
    let month = date.month().to_string();
    let day = date.day().to_string();
    let month_en = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    let args = [
        ("month_zh", month.as_str()),
        ("day", day.as_str()),
        ("month_en", month_en),
        ("hm", hm.as_str()),
    ];
    if date.year() == today.year() {
        w::TIME_DAY.render(lang, &args)
    } else {
        let year = date.year().to_string();
        let mut with_year = args.to_vec();
        with_year.push(("year", year.as_str()));
        w::TIME_DAY_YEAR.render(lang, &with_year)
    }
}

/// Everything about one station, resolved against the catalogue, at an instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationDetails {
    /// The station record.
    pub station: Station,
    /// Its outlet (location and address).
    pub outlet: Outlet,
    /// The branch chain from the outlet's second-level branch up to the provincial branch.
    pub branches: Vec<Branch>,
    /// Open status at the instant asked.
    pub status: StationStatus,
    /// Services available at that instant (seasons applied, gear in stock).
    pub services_now: Vec<ServiceDefinition>,
    /// The hours in OSM `opening_hours` form, when the model can be written that way.
    pub hours_osm: Option<String>,
}

/// Why a station query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// No station has this id.
    #[error("unknown station `{id}`")]
    UnknownStation {
        /// The id asked for.
        id: String,
    },
    /// No branch has this id.
    #[error("unknown branch `{id}`")]
    UnknownBranch {
        /// The id asked for.
        id: String,
    },
    /// No service has this code.
    #[error("unknown service code `{code}`")]
    UnknownService {
        /// The code asked for.
        code: String,
    },
    /// No theme has this code.
    #[error("unknown theme `{code}`")]
    UnknownTheme {
        /// The code asked for.
        code: String,
    },
    /// An argument is out of its allowed range.
    #[error("invalid `{field}`: {message}")]
    InvalidArgument {
        /// Which argument.
        field: &'static str,
        /// What is allowed.
        message: String,
    },
    /// An entry of a list argument is not valid (`history[2].gear_code`).
    #[error("invalid `{list}[{index}].{field}`: {message}")]
    InvalidEntry {
        /// Which list argument.
        list: &'static str,
        /// The entry's position in it, from 0.
        index: usize,
        /// Which field of the entry.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// No product has this id.
    #[error("unknown product `{id}`")]
    UnknownProduct {
        /// The id asked for.
        id: String,
    },
    /// No education event has this id.
    #[error("unknown event `{id}`")]
    UnknownEvent {
        /// The id asked for.
        id: String,
    },
    /// The catalogue does not run this programme.
    #[error("this catalogue runs no {programme} programme")]
    NoProgramme {
        /// `gear_claims` or `ambassador`.
        programme: &'static str,
    },
    /// No version of a rule set is in effect on the date asked about.
    #[error("rule set `{id}` has no version in effect on {date}")]
    NoRuleSetInEffect {
        /// The rule set id.
        id: String,
        /// The date.
        date: NaiveDate,
    },
    /// The catalogue carries no product catalogue.
    #[error("this catalogue has no product_catalogue")]
    NoProductCatalogue,
    /// More results were asked for than one query may return.
    #[error("`limit` is {requested}; at most {max} results can be asked for")]
    TooManyResults {
        /// What was asked for.
        requested: i32,
        /// The most allowed.
        max: i32,
    },
    /// The answer needs a holiday calendar year that is not loaded.
    #[error("no holiday calendar is loaded for {year}")]
    CalendarUnknown {
        /// The year.
        year: i32,
    },
}

/// An id as an error quotes it: its first 64 characters (an error about a megabyte-long id
/// does not repeat the megabyte).
pub fn clip_id(s: &str) -> String {
    s.chars().take(64).collect()
}
