//! Rollout report: how far each second-level branch is toward full coverage.
//!
//! The programme's principle is 以点带面、示范带动: prove it at a few pilot points, share the
//! practice, then extend to every outlet. The report counts, per second-level branch and as of a
//! date, the outlets with a serving station, with a given theme, and still in pilot.

use crate::catalogue::Catalogue;
use crate::org::BranchLevel;
use crate::stations::{QueryError, Stage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Counts for one branch (or the whole network).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolloutRow {
    /// Branch id (the network id for the total row).
    pub branch_id: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Outlets in the branch.
    pub outlets: i32,
    /// Outlets whose station is serving (pilot, launched or operational) on the report date.
    pub with_station: i32,
    /// Outlets whose station serves under the report's theme on the report date.
    pub with_theme: i32,
    /// Outlets whose station, or its theme, is at the pilot stage.
    pub pilots: i32,
    /// Outlets whose station is planned but not yet serving.
    pub planned: i32,
    /// Outlets whose station is suspended.
    pub suspended: i32,
    /// `with_station / outlets` (0 when there are no outlets).
    pub coverage: f64,
    /// `with_theme / outlets` (0 when there are no outlets).
    pub theme_coverage: f64,
    /// Outlets still without a serving station: what full coverage needs.
    pub remaining: i32,
}

/// The rollout report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolloutReport {
    /// The date the report is as of (China date).
    pub as_of: NaiveDate,
    /// The theme counted in `with_theme`, e.g. `little_bee`.
    pub theme: String,
    /// One row per second-level branch, in catalogue order.
    pub branches: Vec<RolloutRow>,
    /// The whole network.
    pub total: RolloutRow,
    /// Whether every outlet has a serving station.
    pub full_coverage: bool,
}

fn ratio(part: i32, whole: i32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

impl RolloutRow {
    fn new(branch_id: &str, name_zh: &str, name_en: &str) -> RolloutRow {
        RolloutRow {
            branch_id: branch_id.to_string(),
            name_zh: name_zh.to_string(),
            name_en: name_en.to_string(),
            outlets: 0,
            with_station: 0,
            with_theme: 0,
            pilots: 0,
            planned: 0,
            suspended: 0,
            coverage: 0.0,
            theme_coverage: 0.0,
            remaining: 0,
        }
    }

    fn finish(&mut self) {
        self.coverage = ratio(self.with_station, self.outlets);
        self.theme_coverage = ratio(self.with_theme, self.outlets);
        self.remaining = self.outlets.saturating_sub(self.with_station);
    }

    fn add(&mut self, other: &RolloutRow) {
        self.outlets += other.outlets;
        self.with_station += other.with_station;
        self.with_theme += other.with_theme;
        self.pilots += other.pilots;
        self.planned += other.planned;
        self.suspended += other.suspended;
    }
}

impl Catalogue {
    /// The rollout report as of `as_of`, counting stations that carry `theme`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use waystation::catalogue::Catalogue;
    /// let c = Catalogue::sample().unwrap();
    /// let r = c.rollout(NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(), "little_bee").unwrap();
    /// assert_eq!(r.total.with_theme, 8); // the 8 pilot outlets
    /// ```
    pub fn rollout(&self, as_of: NaiveDate, theme: &str) -> Result<RolloutReport, QueryError> {
        let doc = &self.inner.doc;
        if !doc.themes.iter().any(|t| t.code == theme) {
            return Err(QueryError::UnknownTheme {
                code: theme.chars().take(64).collect(),
            });
        }
        let mut rows: Vec<RolloutRow> = doc
            .branches
            .iter()
            .filter(|b| b.level == BranchLevel::SecondLevel)
            .map(|b| RolloutRow::new(&b.id, &b.name_zh, &b.name_en))
            .collect();
        let row_of =
            |branch: &str, rows: &[RolloutRow]| rows.iter().position(|r| r.branch_id == branch);
        let mut station_of_outlet = vec![None; doc.outlets.len()];
        for (station, row) in doc.stations.iter().zip(&self.inner.rows) {
            if let Some(slot) = station_of_outlet.get_mut(row.outlet) {
                *slot = Some(station);
            }
        }
        for (outlet, station) in doc.outlets.iter().zip(&station_of_outlet) {
            let Some(r) = row_of(&outlet.branch, &rows).and_then(|i| rows.get_mut(i)) else {
                continue;
            };
            r.outlets += 1;
            let Some(station) = station else { continue };
            let theme_stage = station.theme_stage_on(theme, as_of);
            if theme_stage.is_some_and(Stage::is_serving) {
                r.with_theme += 1;
            }
            match station.stage_on(as_of) {
                Some(stage) if stage.is_serving() => {
                    r.with_station += 1;
                    if stage == Stage::Pilot || theme_stage == Some(Stage::Pilot) {
                        r.pilots += 1;
                    }
                }
                Some(Stage::Planned) => r.planned += 1,
                Some(Stage::Suspended) => r.suspended += 1,
                _ => {}
            }
        }
        let mut total =
            RolloutRow::new(&doc.network.id, &doc.network.name_zh, &doc.network.name_en);
        for r in &mut rows {
            r.finish();
            total.add(r);
        }
        total.finish();
        Ok(RolloutReport {
            as_of,
            theme: theme.to_string(),
            full_coverage: total.outlets > 0 && total.remaining == 0,
            branches: rows,
            total,
        })
    }
}
