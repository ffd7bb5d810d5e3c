//! Evaluation of a rule set for one courier, as of an instant, with reasons and hints.
//!
//! The types of decisions, and [`evaluate`]: the rule set is compiled (`engine`), evaluated in
//! one status-only pass that records codes and typed values, and rendered to text (`render`).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::calendar::add_months;
use super::criteria::{CriterionKind, RuleSet};
use super::engine::{
    eligible_on, run_set, Benefit, CompiledRuleSet, Facts, Later, Pass, RecordBuf,
};
use super::hints::Hint;
use super::params::{AssessmentLimit, LimitWindow, Parameters};
use super::render::{self, DecisionParts, ProductNames, RenderEnv};
use crate::lang::LocalizedText;
use crate::profile::RiskRating;
use crate::profile::{CourierProfile, ProfileField};
use crate::time::{china_date, ChinaTime};

/// What evaluation needs besides the rules and the profile. The core never reads the clock.
#[derive(Debug, Clone, Copy)]
pub struct EvaluationContext<'a> {
    /// The instant of evaluation.
    pub as_of: ChinaTime,
    /// Normalised credit codes of the partner association's member units (see
    /// [`crate::identity::UnifiedCreditCode::normalise`]).
    pub member_units: &'a BTreeSet<String>,
    /// Version of the catalogue the rules come from (stamped on every decision).
    pub catalogue_version: &'a str,
    /// Parameters of the rules (normally those of the product catalogue).
    pub parameters: &'a Parameters,
}

/// Facts about the benefit being judged that benefit-dependent criteria read
/// (`risk_grade_covers_product`, `occupation_class_covered`). Programmes without such facts
/// use `BenefitFacts { id, ..Default::default() }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BenefitFacts {
    /// Id of the product or programme.
    pub id: String,
    /// Effective risk rating (the higher of issuer's and seller's), for wealth products.
    pub risk_rating: Option<RiskRating>,
    /// Insurance occupation classes covered.
    pub covered_occupation_classes: Vec<u8>,
}

/// The answer for one benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// Every rule in effect passes.
    Eligible,
    /// At least one rule in effect fails.
    Ineligible,
    /// No rule fails but some cannot be decided for missing inputs.
    Unknown,
}

/// Result of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The criterion holds.
    Passed,
    /// The criterion does not hold.
    Failed,
    /// An input is missing.
    Unknown,
}

/// Result of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// The rule holds.
    Passed,
    /// The rule does not hold.
    Failed,
    /// An input is missing.
    Unknown,
    /// The rule is not in effect on the as-of date and was not evaluated.
    NotInEffect,
}

/// Machine-readable reason of a criterion outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the names are the documentation; messages explain each case
pub enum ReasonCode {
    AllPassed,
    SomeFailed,
    SomeUnknown,
    OnePassed,
    NonePassed,
    InnerFailed,
    InnerPassed,
    MissingInput,
    UnknownParameter,
    TooComplex,
    AgeInRange,
    AgeBelowMinimum,
    AgeAboveMaximum,
    TenureReached,
    TenureTooShort,
    OccupationAccepted,
    OccupationNotAccepted,
    EmployerIsMember,
    EmployerNotMember,
    ProvinceAccepted,
    ProvinceNotAccepted,
    CityAccepted,
    CityNotAccepted,
    IncomeReached,
    IncomeTooLow,
    ProductHeld,
    ProductNotHeld,
    ProductAlreadyHeld,
    KycReached,
    KycTooLow,
    AssessmentValid,
    AssessmentExpired,
    AssessmentNotYetTaken,
    AssessmentFrequencyWithinLimits,
    AssessmentFrequencyExceeded,
    GradeCoversRating,
    GradeBelowRating,
    BenefitNotRated,
    OccupationClassCovered,
    OccupationClassNotCovered,
    BenefitWithoutOccupationClasses,
}

/// Outcome of one criterion (leaf or combination), in pre-order within its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionOutcome {
    /// Path below the rule, e.g. `criterion.all[1]`.
    pub path: SmolStr,
    /// Nesting depth (0 for the rule's criterion).
    pub depth: i32,
    /// Kind of criterion.
    pub kind: CriterionKind,
    /// Passed, failed or unknown.
    pub status: CheckStatus,
    /// Why.
    pub reason: ReasonCode,
    /// The courier's value compared, masked when personal (`***` for income).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<SmolStr>,
    /// What was required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<SmolStr>,
    /// Explanation in zh-CN and en.
    pub message: LocalizedText,
    /// Inputs whose absence made it unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_inputs: Vec<ProfileField>,
    /// What would make it pass (absent when passed, or below a `not`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Hint>,
}

/// The criterion outcomes of one rule, in pre-order: an immutable list that answers share.
///
/// A rule that many products state alike (an age, an identity level) has the same outcomes in
/// every decision of one answer, so the answer holds one list and each decision a reference to
/// it: cloning is a reference count, never a copy. It reads as a slice (`&outcomes[0]`,
/// `.iter()`, `.len()`), is built from a `Vec`, and is written in JSON as a plain list.
///
/// ```
/// use waystation::eligibility::{CriterionOutcomes, CriterionOutcome};
/// let none = CriterionOutcomes::default();
/// assert!(none.is_empty());
/// let from_vec = CriterionOutcomes::from(Vec::<CriterionOutcome>::new());
/// assert_eq!(none, from_vec);
/// assert_eq!(serde_json::to_string(&none).unwrap(), "[]");
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "Vec<CriterionOutcome>")]
pub struct CriterionOutcomes(std::sync::Arc<[CriterionOutcome]>);

/// Written as the plain list it reads as, whatever the serialiser (not as a newtype).
impl Serialize for CriterionOutcomes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl CriterionOutcomes {
    /// A list of one outcome.
    pub(crate) fn from_one(outcome: CriterionOutcome) -> Self {
        CriterionOutcomes(std::sync::Arc::new([outcome]))
    }
}

impl Default for CriterionOutcomes {
    /// The empty list (shares std's static empty allocation: no allocation).
    fn default() -> Self {
        CriterionOutcomes(std::sync::Arc::default())
    }
}

impl std::fmt::Debug for CriterionOutcomes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl std::ops::Deref for CriterionOutcomes {
    type Target = [CriterionOutcome];
    fn deref(&self) -> &[CriterionOutcome] {
        &self.0
    }
}

impl From<Vec<CriterionOutcome>> for CriterionOutcomes {
    fn from(v: Vec<CriterionOutcome>) -> Self {
        CriterionOutcomes(v.into())
    }
}

impl FromIterator<CriterionOutcome> for CriterionOutcomes {
    fn from_iter<I: IntoIterator<Item = CriterionOutcome>>(iter: I) -> Self {
        CriterionOutcomes(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a CriterionOutcomes {
    type Item = &'a CriterionOutcome;
    type IntoIter = std::slice::Iter<'a, CriterionOutcome>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Outcome of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOutcome {
    /// Rule id.
    pub rule_id: SmolStr,
    /// What the rule requires.
    pub description: LocalizedText,
    /// Where the rule comes from.
    pub source: super::criteria::Citation,
    /// Result.
    pub status: RuleStatus,
    /// Every criterion, in pre-order (empty when not in effect); shared between decisions that
    /// state the rule alike.
    pub criteria: CriterionOutcomes,
}

/// The outcomes of every rule of a decision, in the rule set's order: a list of shared
/// [`RuleOutcome`]s.
///
/// Products that state a rule alike (the same rule, the same criterion) have the same outcome
/// of it for one courier, so one answer holds it once and each decision a reference to it. It
/// reads as a slice (`rules[0].status`, `.iter()`, `.len()`; each item dereferences to a
/// [`RuleOutcome`]), is built from a `Vec<RuleOutcome>`, and is written in JSON as a plain
/// list of rule outcomes.
///
/// ```
/// use waystation::eligibility::{RuleOutcomes, RuleOutcome};
/// let none = RuleOutcomes::from(Vec::<RuleOutcome>::new());
/// assert!(none.is_empty());
/// assert_eq!(serde_json::to_string(&none).unwrap(), "[]");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "Vec<RuleOutcome>")]
pub struct RuleOutcomes(Vec<std::sync::Arc<RuleOutcome>>);

/// Written as the plain list it reads as, whatever the serialiser (not as a newtype).
impl Serialize for RuleOutcomes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl std::fmt::Debug for RuleOutcomes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl RuleOutcomes {
    /// Room for `count` rules.
    pub(crate) fn with_capacity(count: usize) -> RuleOutcomes {
        RuleOutcomes(Vec::with_capacity(count))
    }

    /// Appends a rule's outcome (shared with the decisions that hold it too).
    pub(crate) fn push(&mut self, outcome: std::sync::Arc<RuleOutcome>) {
        self.0.push(outcome);
    }

    /// The outcomes, each by reference.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &RuleOutcome> + DoubleEndedIterator {
        self.0.iter().map(|r| &**r)
    }
}

impl std::ops::Deref for RuleOutcomes {
    type Target = [std::sync::Arc<RuleOutcome>];
    fn deref(&self) -> &[std::sync::Arc<RuleOutcome>] {
        &self.0
    }
}

impl From<Vec<RuleOutcome>> for RuleOutcomes {
    fn from(v: Vec<RuleOutcome>) -> Self {
        RuleOutcomes(v.into_iter().map(std::sync::Arc::new).collect())
    }
}

impl FromIterator<RuleOutcome> for RuleOutcomes {
    fn from_iter<I: IntoIterator<Item = RuleOutcome>>(iter: I) -> Self {
        RuleOutcomes(iter.into_iter().map(std::sync::Arc::new).collect())
    }
}

impl<'a> IntoIterator for &'a RuleOutcomes {
    type Item = &'a RuleOutcome;
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, std::sync::Arc<RuleOutcome>>,
        fn(&'a std::sync::Arc<RuleOutcome>) -> &'a RuleOutcome,
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|r| &**r)
    }
}

/// Versions and instant a decision was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionStamp {
    /// Rule set id.
    pub rule_set_id: SmolStr,
    /// Rule set version.
    pub rule_set_version: SmolStr,
    /// Catalogue version.
    pub catalogue_version: SmolStr,
    /// Instant of evaluation, in China time (+08:00) whatever offset it was asked in.
    pub as_of: ChinaTime,
}

/// Code of a notice attached to a decision or a match result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeCode {
    /// The rule set is not in effect on the as-of date: the benefit is not offered.
    RuleSetNotInEffect,
    /// No version of the product's rule set is in effect or it is missing.
    RuleSetMissing,
    /// The investor is at or above the senior age: extra care applies.
    SeniorInvestorExtraCare,
    /// A high-risk product is not auto-recommended to a senior investor.
    SeniorHighRiskNotRecommended,
    /// A private product: a cooling-off period follows the purchase.
    CoolingOffPeriod,
    /// More assessments were taken than the frequency limits allow.
    AssessmentFrequencyExceeded,
    /// The list is not personalised (requested, or the courier opted out).
    NotPersonalised,
}

/// A notice with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// What it is about.
    pub code: NoticeCode,
    /// Explanation in zh-CN and en.
    pub message: LocalizedText,
}

/// The decision for one benefit, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The benefit judged.
    pub benefit_id: SmolStr,
    /// Eligible, ineligible or unknown.
    pub status: Eligibility,
    /// One-line explanation in zh-CN and en.
    pub summary: LocalizedText,
    /// Inputs whose absence leaves the decision open (only those that matter).
    pub missing_inputs: Vec<ProfileField>,
    /// How to become eligible: hints of the criteria that block the decision.
    pub hints: Vec<Hint>,
    /// When only waiting is needed: the earliest date (China calendar) on which the decision
    /// becomes eligible with the same profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible_on: Option<NaiveDate>,
    /// Every rule of the set, evaluated or not in effect (shared with the decisions of one
    /// answer that state a rule alike).
    pub rules: RuleOutcomes,
    /// Notices (e.g. rule set not in effect).
    pub notices: Vec<Notice>,
    /// Versions and instant.
    pub stamp: DecisionStamp,
}

/// Evaluates `rule_set` for `profile` and the benefit described by `benefit`, as of `ctx.as_of`.
///
/// Rules not in effect on the as-of date (China calendar) are reported but not evaluated; if
/// the rule set itself is not in effect, the decision is ineligible. Never panics.
///
/// ```
/// use std::collections::BTreeSet;
/// use waystation::eligibility::*;
/// use waystation::profile::CourierProfile;
/// let rules: RuleSet = serde_json::from_str(r#"{
///   "id": "adult", "version": "1", "description": {"zh": "成年", "en": "adult"},
///   "rules": [{"id": "age", "description": {"zh": "年满18周岁", "en": "aged 18 or over"},
///              "source": {"document": "《中华人民共和国民法典》", "provision": "第十七条"},
///              "criterion": {"age_range": {"min": 18}}}]}"#).unwrap();
/// let profile = CourierProfile::from_json(r#"{"resident_id": "110105200805030012"}"#).unwrap();
/// let units = BTreeSet::new();
/// let params = Parameters::default();
/// let ctx = EvaluationContext {
///     as_of: chrono::DateTime::parse_from_rfc3339("2026-05-02T12:00:00+08:00").unwrap(),
///     member_units: &units, catalogue_version: "2026.1", parameters: &params };
/// let d = evaluate(&rules, &BenefitFacts::default(), &profile, &ctx);
/// assert_eq!(d.status, Eligibility::Ineligible);
/// assert_eq!(d.eligible_on.unwrap().to_string(), "2026-05-03");
/// ```
pub fn evaluate(
    rule_set: &RuleSet,
    benefit: &BenefitFacts,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
) -> Decision {
    evaluate_in(rule_set, benefit, profile, ctx, None)
}

/// [`evaluate`] with the product catalogue the rule set belongs to, whose product names the
/// texts use for the products the criteria refer to (generic words without it).
pub(crate) fn evaluate_in(
    rule_set: &RuleSet,
    benefit: &BenefitFacts,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
    products: Option<&dyn ProductNames>,
) -> Decision {
    let compiled = CompiledRuleSet::new(rule_set, ctx.parameters);
    let benefit_facts = Benefit {
        rating: benefit.risk_rating,
        classes: &benefit.covered_occupation_classes,
    };
    let facts = Facts::new(profile, ctx.as_of, ctx.parameters, ctx.member_units);
    let mut records = RecordBuf::default();
    let mut statuses = Vec::with_capacity(compiled.rules.len());
    let pass = Pass {
        facts: &facts,
        benefit: benefit_facts,
        held: None,
        shared: 0,
    };
    let (status, set_in_effect) =
        run_set::<true>(&compiled, pass, &mut records, |s| statuses.push(s));
    let eligible_on = if status == Eligibility::Ineligible {
        let later = Later {
            params: ctx.parameters,
            member_units: ctx.member_units,
            benefit: benefit_facts,
            held: None,
        };
        eligible_on(&compiled, &facts, &statuses, records.view(), &later)
    } else {
        None
    };
    let env = RenderEnv {
        facts: &facts,
        params: ctx.parameters,
        benefit: benefit_facts,
        products,
        langs: crate::words::Langs::BOTH,
    };
    render::decision(
        &DecisionParts {
            set: &compiled,
            benefit_id: &SmolStr::new(&benefit.id),
            statuses: &statuses,
            records: records.view(),
            status,
            set_in_effect,
            eligible_on,
            catalogue_version: &SmolStr::new(ctx.catalogue_version),
        },
        &env,
        None,
    )
}

/// The serde (snake_case) name of a unit enum value.
pub(crate) fn snake_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// An exceeded assessment frequency limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrequencyExcess {
    pub(crate) limit: AssessmentLimit,
    pub(crate) count: usize,
    /// First day on which the count is back within the limit.
    pub(crate) clear_on: NaiveDate,
}

/// The exceeded limit that clears last, if any limit is exceeded at `as_of`.
pub(crate) fn frequency_excess(
    profile: &CourierProfile,
    parameters: &Parameters,
    as_of: ChinaTime,
) -> Option<FrequencyExcess> {
    // The dates of the distinct instants up to `as_of`, in order (as
    // `CourierProfile::assessment_instants`), on the stack when there are few of them.
    const INLINE: usize = 16;
    let own = profile.risk_assessment.as_ref().map(|a| a.assessed_at);
    let total = profile.assessment_history.len() + usize::from(own.is_some());
    if total <= INLINE {
        let mut instants = [as_of; INLINE];
        for (slot, t) in instants
            .iter_mut()
            .zip(profile.assessment_history.iter().copied().chain(own))
        {
            *slot = t;
        }
        let instants = instants.get_mut(..total).unwrap_or(&mut []);
        instants.sort_unstable();
        let mut dates = [NaiveDate::MIN; INLINE];
        let mut n = 0usize;
        let mut last: Option<ChinaTime> = None;
        for t in instants.iter().copied() {
            if last == Some(t) || t > as_of {
                continue;
            }
            last = Some(t);
            if let Some(d) = dates.get_mut(n) {
                *d = china_date(&t);
                n += 1;
            }
        }
        excess_of(dates.get(..n).unwrap_or(&[]), parameters, as_of)
    } else {
        let dates: Vec<NaiveDate> = profile
            .assessment_instants()
            .into_iter()
            .filter(|t| *t <= as_of)
            .map(|t| china_date(&t))
            .collect();
        excess_of(&dates, parameters, as_of)
    }
}

/// The exceeded limit that clears last, given the dates of the assessments taken up to `as_of`
/// (in order, one per distinct instant).
fn excess_of(
    dates: &[NaiveDate],
    parameters: &Parameters,
    as_of: ChinaTime,
) -> Option<FrequencyExcess> {
    let today = china_date(&as_of);
    let mut worst: Option<FrequencyExcess> = None;
    for limit in &parameters.assessment_limits {
        let max = usize::try_from(limit.max_count).unwrap_or(usize::MAX);
        let (count, clear_on) = match limit.window {
            LimitWindow::CalendarDay => {
                let count = dates.iter().filter(|d| **d == today).count();
                (count, today.succ_opt())
            }
            LimitWindow::Months(n) => {
                let n = i64::from(n);
                let Some(window_start) = add_months(today, -n) else {
                    continue;
                };
                // In the window: after the same date n months ago, up to today.
                let inside = || dates.iter().filter(|d| **d > window_start);
                let count = inside().count();
                let clear_on = count
                    .checked_sub(max)
                    .and_then(|excess| excess.checked_sub(1))
                    .and_then(|k| inside().nth(k))
                    .and_then(|oldest| leaves_window_on(*oldest, n));
                (count, clear_on)
            }
        };
        if count > max {
            // Past the last date chrono holds the limit is never back in range: it clears on
            // that last date at the earliest (saturating, as `time::china_local`), and stays
            // exceeded until then instead of being dropped.
            let clear_on = clear_on.unwrap_or(NaiveDate::MAX);
            let e = FrequencyExcess {
                limit: *limit,
                count,
                clear_on,
            };
            if worst.is_none_or(|w| w.clear_on < clear_on) {
                worst = Some(e);
            }
        }
    }
    worst
}

/// First day `d` whose window of `n` months no longer contains an assessment taken on `taken`.
fn leaves_window_on(taken: NaiveDate, n: i64) -> Option<NaiveDate> {
    let mut d = add_months(taken, n)?;
    // Month-end clamping can leave the date inside for a few days; step forward.
    for _ in 0..4 {
        if add_months(d, -n).is_some_and(|start| taken <= start) {
            return Some(d);
        }
        d = d.succ_opt()?;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn profile_with(instants: &[&str]) -> CourierProfile {
        CourierProfile::from_value(&serde_json::json!({ "assessment_history": instants })).unwrap()
    }

    #[test]
    fn an_exceeded_limit_on_the_last_date_stays_exceeded() {
        // Three assessments on chrono's last date, above the default two a day: the day after,
        // when the limit would clear, is past the range.
        let p = profile_with(&[
            "+262142-12-31T09:00:00+08:00",
            "+262142-12-31T10:00:00+08:00",
            "+262142-12-31T11:00:00+08:00",
        ]);
        let as_of: ChinaTime = "+262142-12-31T12:00:00+08:00".parse().unwrap();
        let e = frequency_excess(&p, &Parameters::default(), as_of).unwrap();
        assert_eq!(e.count, 3);
        assert_eq!(e.limit.window, LimitWindow::CalendarDay);
        assert_eq!(e.clear_on, NaiveDate::MAX);
        // The same a day earlier clears the next day, the last date, as usual.
        let p = profile_with(&[
            "+262142-12-30T09:00:00+08:00",
            "+262142-12-30T10:00:00+08:00",
            "+262142-12-30T11:00:00+08:00",
        ]);
        let as_of: ChinaTime = "+262142-12-30T12:00:00+08:00".parse().unwrap();
        let e = frequency_excess(&p, &Parameters::default(), as_of).unwrap();
        assert_eq!(e.clear_on.pred_opt(), Some(china_date(&as_of)));
        let as_of: ChinaTime = "+262142-12-30T16:00:00Z".parse().unwrap();
        assert_eq!(
            frequency_excess(&p, &Parameters::default(), as_of).map(|e| e.clear_on),
            None,
            "the next day in China the three are no longer today"
        );
    }
}
