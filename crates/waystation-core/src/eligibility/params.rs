//! Regulatory and product parameters: data, not code, with the regulators' defaults.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::profile::RiskRating;
use crate::profile::{Occupation, RiskGrade};

/// The window an assessment frequency limit counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitWindow {
    /// The current China calendar day. JSON: `"calendar_day"`.
    CalendarDay,
    /// The last N calendar months up to and including today. JSON: `{"months": 12}`.
    Months(u32),
}

/// At most `max_count` assessments within `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentLimit {
    /// Maximum number of assessments in the window.
    pub max_count: u32,
    /// The window.
    pub window: LimitWindow,
}

/// Parameters of the rules. Every field has the regulatory default, so `{}` is valid JSON.
///
/// ```
/// use waystation::eligibility::Parameters;
/// use waystation::profile::RiskGrade;
/// use waystation::products::RiskRating;
/// let p: Parameters = serde_json::from_str(r#"{"values": {"credit_card_min_age": 18}}"#).unwrap();
/// assert_eq!(p.cooling_off_hours, 24);
/// assert_eq!(p.max_rating_for(RiskGrade::C1), Some(RiskRating::R1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Parameters {
    /// Named numeric values referenced by rule thresholds (`{"parameter": "name"}`), e.g.
    /// `credit_card_min_age`, `credit_card_max_age`.
    pub values: BTreeMap<String, i64>,
    /// How many months a risk assessment stays valid (default 12).
    pub assessment_validity_months: u32,
    /// Assessment frequency limits (default: 2 a day, 8 in 12 months).
    pub assessment_limits: Vec<AssessmentLimit>,
    /// Cooling-off period of private wealth products in hours (default 24).
    pub cooling_off_hours: u32,
    /// Highest product rating each investor grade may buy (default C1→R1 … C5→R5).
    pub suitability: BTreeMap<RiskGrade, RiskRating>,
    /// Age from which an investor gets extra care (default 65).
    pub senior_age: u32,
    /// Highest rating auto-recommended to a senior investor (default R3).
    pub senior_max_recommended_rating: RiskRating,
    /// Insurance occupation class of each occupation (default 4 for couriers and riders, 3 for
    /// ride-hailing drivers, 4 for other outdoor workers).
    pub occupation_classes: BTreeMap<Occupation, u8>,
}

impl Default for Parameters {
    fn default() -> Self {
        Parameters {
            values: BTreeMap::new(),
            assessment_validity_months: 12,
            assessment_limits: vec![
                AssessmentLimit {
                    max_count: 2,
                    window: LimitWindow::CalendarDay,
                },
                AssessmentLimit {
                    max_count: 8,
                    window: LimitWindow::Months(12),
                },
            ],
            cooling_off_hours: 24,
            suitability: RiskGrade::ALL
                .iter()
                .copied()
                .zip(RiskRating::ALL.iter().copied())
                .collect(),
            senior_age: 65,
            senior_max_recommended_rating: RiskRating::R3,
            occupation_classes: [
                (Occupation::ExpressCourier, 4),
                (Occupation::InstantDeliveryRider, 4),
                (Occupation::RideHailingDriver, 3),
                (Occupation::OtherOutdoorWorker, 4),
            ]
            .into_iter()
            .collect(),
        }
    }
}

impl Parameters {
    /// Highest rating an investor of `grade` may buy.
    pub fn max_rating_for(&self, grade: RiskGrade) -> Option<RiskRating> {
        self.suitability.get(&grade).copied()
    }

    /// Lowest grade allowed to buy a product rated `rating`.
    pub fn min_grade_for(&self, rating: RiskRating) -> Option<RiskGrade> {
        RiskGrade::ALL
            .iter()
            .copied()
            .find(|g| self.max_rating_for(*g).is_some_and(|max| max >= rating))
    }

    /// Insurance occupation class of `occupation`.
    pub fn occupation_class(&self, occupation: Occupation) -> Option<u8> {
        self.occupation_classes.get(&occupation).copied()
    }

    /// Problems with the parameters themselves, as `(path, message, is_error)`.
    pub(crate) fn problems(&self) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        if !(1..=36).contains(&self.assessment_validity_months) {
            out.push((
                "assessment_validity_months".to_string(),
                "must be between 1 and 36 months".to_string(),
                true,
            ));
        }
        for (i, limit) in self.assessment_limits.iter().enumerate() {
            if limit.max_count == 0 {
                out.push((
                    format!("assessment_limits[{i}].max_count"),
                    "a limit of 0 forbids every assessment".to_string(),
                    true,
                ));
            }
            if limit.window == LimitWindow::Months(0) {
                out.push((
                    format!("assessment_limits[{i}].window"),
                    "a window of 0 months is empty".to_string(),
                    true,
                ));
            }
        }
        if self.cooling_off_hours < 24 {
            out.push((
                "cooling_off_hours".to_string(),
                "private wealth products need a cooling-off period of at least 24 hours"
                    .to_string(),
                true,
            ));
        }
        for grade in RiskGrade::ALL {
            if !self.suitability.contains_key(&grade) {
                out.push((
                    "suitability".to_string(),
                    format!("no maximum rating for grade {}", grade.code()),
                    true,
                ));
            }
        }
        let mut previous: Option<RiskRating> = None;
        for grade in RiskGrade::ALL {
            if let Some(max) = self.max_rating_for(grade) {
                if previous.is_some_and(|p| max < p) {
                    out.push((
                        format!("suitability.{}", grade.code().to_ascii_lowercase()),
                        "a higher grade may not allow less than a lower grade".to_string(),
                        true,
                    ));
                }
                previous = Some(max);
            }
        }
        if self
            .max_rating_for(RiskGrade::C1)
            .is_some_and(|r| r > RiskRating::R1)
        {
            out.push((
                "suitability.c1".to_string(),
                "investors of the lowest grade (C1) may only buy R1 products".to_string(),
                false,
            ));
        }
        if !(18..=120).contains(&self.senior_age) {
            out.push((
                "senior_age".to_string(),
                "must be between 18 and 120".to_string(),
                true,
            ));
        }
        for occupation in Occupation::ALL {
            match self.occupation_class(occupation) {
                None => out.push((
                    format!("occupation_classes.{}", occupation.code()),
                    "no insurance occupation class".to_string(),
                    true,
                )),
                Some(c) if !(1..=6).contains(&c) => out.push((
                    format!("occupation_classes.{}", occupation.code()),
                    "occupation classes are 1 to 6".to_string(),
                    true,
                )),
                Some(_) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn defaults_are_consistent() {
        let p = Parameters::default();
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        assert_eq!(p.min_grade_for(RiskRating::R3), Some(RiskGrade::C3));
        assert_eq!(p.occupation_class(Occupation::ExpressCourier), Some(4));
    }

    #[test]
    fn json_shape_of_limits() {
        let p: Parameters = serde_json::from_str(
            r#"{"assessment_limits": [{"max_count": 1, "window": "calendar_day"},
                                       {"max_count": 4, "window": {"months": 6}}]}"#,
        )
        .unwrap();
        assert_eq!(p.assessment_limits[1].window, LimitWindow::Months(6));
        assert!(serde_json::from_str::<Parameters>(r#"{"cooling_off": 1}"#).is_err());
    }

    #[test]
    fn overrides_are_checked() {
        let mut p = Parameters::default();
        p.suitability.insert(RiskGrade::C1, RiskRating::R2);
        p.suitability.insert(RiskGrade::C3, RiskRating::R1);
        p.cooling_off_hours = 12;
        let paths: Vec<String> = p.problems().into_iter().map(|x| x.0).collect();
        assert!(paths.contains(&"suitability.c3".to_string()), "{paths:?}");
        assert!(paths.contains(&"suitability.c1".to_string()));
        assert!(paths.contains(&"cooling_off_hours".to_string()));
    }
}
