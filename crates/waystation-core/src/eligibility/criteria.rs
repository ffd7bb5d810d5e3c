//! Rules as data: typed criteria combined with all / any / not, rules and versioned rule sets.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::params::Parameters;
use crate::lang::LocalizedText;
use crate::profile::{KycLevel, Occupation, Province};

/// A numeric threshold: a literal, or the name of a catalogue parameter.
///
/// JSON: `18` or `{"parameter": "credit_card_min_age"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Threshold {
    /// A literal value.
    Value(i64),
    /// A named value of [`Parameters::values`].
    Parameter {
        /// Name of the parameter.
        parameter: String,
    },
}

impl Threshold {
    /// The value, looking parameters up; `None` for an unknown parameter.
    pub fn resolve(&self, parameters: &Parameters) -> Option<i64> {
        match self {
            Threshold::Value(v) => Some(*v),
            Threshold::Parameter { parameter } => parameters.values.get(parameter).copied(),
        }
    }
}

/// One condition on the courier (a leaf) or a combination of conditions.
///
/// JSON: an object with exactly one key naming the kind, e.g.
/// `{"all": [{"age_range": {"min": 18}}, {"employer_is_member": {}}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Criterion {
    /// Passes when every member passes (an empty list always passes).
    All(#[serde(deserialize_with = "nested_list")] Vec<Criterion>),
    /// Passes when at least one member passes (an empty list never passes).
    Any(#[serde(deserialize_with = "nested_list")] Vec<Criterion>),
    /// Passes when the member fails.
    Not(#[serde(deserialize_with = "nested_one")] Box<Criterion>),
    /// Age in whole years on the as-of date (China calendar), bounds inclusive.
    AgeRange {
        /// Minimum age.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Threshold>,
        /// Maximum age.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Threshold>,
    },
    /// At least this many whole months since the employment start date.
    TenureAtLeast {
        /// Months.
        months: Threshold,
    },
    /// Occupation is one of these.
    OccupationIn {
        /// Accepted occupations.
        occupations: Vec<Occupation>,
    },
    /// The employer is a member unit of the partner association (per the station catalogue).
    EmployerIsMember {},
    /// Works in one of these provinces.
    ProvinceIn {
        /// Accepted provinces.
        provinces: Vec<Province>,
    },
    /// Works in one of these cities (a trailing 市 is ignored when comparing).
    CityIn {
        /// Accepted cities.
        cities: Vec<String>,
    },
    /// Income of at least this many fen, as the rule states it: per month (`monthly_fen`) or
    /// per year (`yearly_fen`, compared with 12 times the monthly income). Exactly one is given.
    IncomeAtLeast {
        /// Threshold of the monthly income in fen.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        monthly_fen: Option<Threshold>,
        /// Threshold of the yearly income in fen, for rules stated per year (the courier's
        /// monthly income times 12 is compared with it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        yearly_fen: Option<Threshold>,
    },
    /// Already holds the product.
    HoldsProduct {
        /// Product id.
        product_id: String,
    },
    /// Does not hold the product yet.
    DoesNotHoldProduct {
        /// Product id.
        product_id: String,
    },
    /// KYC level at least this.
    KycAtLeast {
        /// Minimum level.
        level: KycLevel,
    },
    /// Has a risk assessment valid on the as-of instant (validity from the parameters).
    ValidRiskAssessment {},
    /// Has not taken more assessments than the frequency limits of the parameters allow.
    AssessmentFrequencyWithinLimits {},
    /// The assessed grade covers the benefit's risk rating (suitability table of the parameters).
    RiskGradeCoversProduct {},
    /// The courier's occupation class (from the parameters) is covered by the benefit.
    OccupationClassCovered {},
}

/// Deepest nesting of criteria that is read at all (deeper input is refused while parsing,
/// before any recursive work): twice [`MAX_CRITERION_DEPTH`](super::MAX_CRITERION_DEPTH), so
/// that the static check can still report moderately deep rule sets with its own issue.
pub const MAX_CRITERION_PARSE_DEPTH: u32 = 2 * super::check::MAX_CRITERION_DEPTH;

std::thread_local! {
    /// How deep the criterion being deserialised on this thread is nested.
    static PARSE_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts one level of criterion nesting for as long as it lives.
struct DepthGuard;

impl DepthGuard {
    fn enter<E: serde::de::Error>() -> Result<DepthGuard, E> {
        let depth = PARSE_DEPTH.with(|d| {
            let next = d.get().saturating_add(1);
            d.set(next);
            next
        });
        let guard = DepthGuard;
        if depth > MAX_CRITERION_PARSE_DEPTH {
            return Err(E::custom(format!(
                "criteria nested more than {MAX_CRITERION_PARSE_DEPTH} deep"
            )));
        }
        Ok(guard)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        PARSE_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

fn nested_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Criterion>, D::Error> {
    let _guard = DepthGuard::enter::<D::Error>()?;
    Vec::<Criterion>::deserialize(d)
}

fn nested_one<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Box<Criterion>, D::Error> {
    let _guard = DepthGuard::enter::<D::Error>()?;
    Box::<Criterion>::deserialize(d)
}

/// The kind of a criterion, as named in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// `all`.
    All,
    /// `any`.
    Any,
    /// `not`.
    Not,
    /// `age_range`.
    AgeRange,
    /// `tenure_at_least`.
    TenureAtLeast,
    /// `occupation_in`.
    OccupationIn,
    /// `employer_is_member`.
    EmployerIsMember,
    /// `province_in`.
    ProvinceIn,
    /// `city_in`.
    CityIn,
    /// `income_at_least`.
    IncomeAtLeast,
    /// `holds_product`.
    HoldsProduct,
    /// `does_not_hold_product`.
    DoesNotHoldProduct,
    /// `kyc_at_least`.
    KycAtLeast,
    /// `valid_risk_assessment`.
    ValidRiskAssessment,
    /// `assessment_frequency_within_limits`.
    AssessmentFrequencyWithinLimits,
    /// `risk_grade_covers_product`.
    RiskGradeCoversProduct,
    /// `occupation_class_covered`.
    OccupationClassCovered,
}

impl CriterionKind {
    /// The JSON key of this kind.
    pub fn code(self) -> &'static str {
        match self {
            CriterionKind::All => "all",
            CriterionKind::Any => "any",
            CriterionKind::Not => "not",
            CriterionKind::AgeRange => "age_range",
            CriterionKind::TenureAtLeast => "tenure_at_least",
            CriterionKind::OccupationIn => "occupation_in",
            CriterionKind::EmployerIsMember => "employer_is_member",
            CriterionKind::ProvinceIn => "province_in",
            CriterionKind::CityIn => "city_in",
            CriterionKind::IncomeAtLeast => "income_at_least",
            CriterionKind::HoldsProduct => "holds_product",
            CriterionKind::DoesNotHoldProduct => "does_not_hold_product",
            CriterionKind::KycAtLeast => "kyc_at_least",
            CriterionKind::ValidRiskAssessment => "valid_risk_assessment",
            CriterionKind::AssessmentFrequencyWithinLimits => "assessment_frequency_within_limits",
            CriterionKind::RiskGradeCoversProduct => "risk_grade_covers_product",
            CriterionKind::OccupationClassCovered => "occupation_class_covered",
        }
    }
}

/// The monthly income a yearly threshold asks for: the least monthly amount whose 12 times reach
/// `yearly_fen` (rounded up, so that `monthly × 12 ≥ yearly` exactly when `monthly ≥` it).
pub(crate) fn monthly_for_yearly(yearly_fen: i64) -> i64 {
    yearly_fen.div_euclid(12) + i64::from(yearly_fen.rem_euclid(12) != 0)
}

impl Criterion {
    /// The kind of this criterion.
    pub fn kind(&self) -> CriterionKind {
        match self {
            Criterion::All(_) => CriterionKind::All,
            Criterion::Any(_) => CriterionKind::Any,
            Criterion::Not(_) => CriterionKind::Not,
            Criterion::AgeRange { .. } => CriterionKind::AgeRange,
            Criterion::TenureAtLeast { .. } => CriterionKind::TenureAtLeast,
            Criterion::OccupationIn { .. } => CriterionKind::OccupationIn,
            Criterion::EmployerIsMember {} => CriterionKind::EmployerIsMember,
            Criterion::ProvinceIn { .. } => CriterionKind::ProvinceIn,
            Criterion::CityIn { .. } => CriterionKind::CityIn,
            Criterion::IncomeAtLeast { .. } => CriterionKind::IncomeAtLeast,
            Criterion::HoldsProduct { .. } => CriterionKind::HoldsProduct,
            Criterion::DoesNotHoldProduct { .. } => CriterionKind::DoesNotHoldProduct,
            Criterion::KycAtLeast { .. } => CriterionKind::KycAtLeast,
            Criterion::ValidRiskAssessment {} => CriterionKind::ValidRiskAssessment,
            Criterion::AssessmentFrequencyWithinLimits {} => {
                CriterionKind::AssessmentFrequencyWithinLimits
            }
            Criterion::RiskGradeCoversProduct {} => CriterionKind::RiskGradeCoversProduct,
            Criterion::OccupationClassCovered {} => CriterionKind::OccupationClassCovered,
        }
    }

    /// Members of a combination (empty for a leaf).
    pub fn children(&self) -> Vec<&Criterion> {
        match self {
            Criterion::All(list) | Criterion::Any(list) => list.iter().collect(),
            Criterion::Not(inner) => vec![inner.as_ref()],
            _ => Vec::new(),
        }
    }

    /// Path segment of member `index` below this node: `all[2]`, `any[0]`, `not`.
    pub(crate) fn child_segment(&self, index: usize) -> String {
        match self {
            Criterion::All(_) => format!("all[{index}]"),
            Criterion::Any(_) => format!("any[{index}]"),
            _ => "not".to_string(),
        }
    }
}

/// Where a rule comes from: a law, regulation, standard or internal policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Title of the document, e.g. `《证券期货投资者适当性管理办法》`.
    pub document: SmolStr,
    /// Article or section, e.g. `第十九条`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provision: Option<SmolStr>,
}

/// A rule: one criterion with its id, explanation, source and period of effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Identifier, unique within the rule set.
    pub id: String,
    /// What the rule requires, for people.
    pub description: LocalizedText,
    /// Where the rule comes from.
    pub source: Citation,
    /// First day in effect (China calendar, inclusive); open when missing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::date::option::deserialize"
    )]
    pub effective_from: Option<NaiveDate>,
    /// Last day in effect (inclusive); open when missing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::date::option::deserialize"
    )]
    pub effective_to: Option<NaiveDate>,
    /// The condition.
    pub criterion: Criterion,
}

/// A versioned set of rules, all of which must pass (those in effect on the as-of date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Identifier; several versions may share it with disjoint periods of effect.
    pub id: String,
    /// Version label, e.g. `"2026.1"`.
    pub version: String,
    /// What the rule set is for.
    pub description: LocalizedText,
    /// First day in effect (inclusive); open when missing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::date::option::deserialize"
    )]
    pub effective_from: Option<NaiveDate>,
    /// Last day in effect (inclusive); open when missing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::date::option::deserialize"
    )]
    pub effective_to: Option<NaiveDate>,
    /// The rules.
    pub rules: Vec<Rule>,
}

/// Whether `date` lies in the inclusive window `[from, to]` (open ends allowed).
pub(crate) fn in_window(from: Option<NaiveDate>, to: Option<NaiveDate>, date: NaiveDate) -> bool {
    from.is_none_or(|f| f <= date) && to.is_none_or(|t| date <= t)
}

impl Rule {
    /// Whether the rule is in effect on `date`.
    pub fn in_effect_on(&self, date: NaiveDate) -> bool {
        in_window(self.effective_from, self.effective_to, date)
    }
}

impl RuleSet {
    /// Whether the rule set is in effect on `date`.
    pub fn in_effect_on(&self, date: NaiveDate) -> bool {
        in_window(self.effective_from, self.effective_to, date)
    }
}
