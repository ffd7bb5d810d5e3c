//! Eligibility: rules as data, evaluated for a courier as of an instant, every answer explained.
//!
//! A [`RuleSet`] is a versioned list of [`Rule`]s, each a typed [`Criterion`] (age range,
//! tenure, occupation, member employer, province, income, held products, KYC, risk assessment,
//! suitability, insurance occupation class, …) combined with `all` / `any` / `not`, with an id,
//! a zh-CN/en description, a source and a period of effect. Thresholds are literals or names of
//! [`Parameters`]. [`evaluate`] gives a [`Decision`] for any benefit (product or programme):
//! eligible / ineligible / unknown, every criterion's outcome with the values compared (personal
//! data masked), a reason code, zh-CN/en messages, hints on how to become eligible and the
//! versions and instant it was made with. [`check_rule_set`] finds problems before use.
//!
//! # Bounds of the static check
//!
//! [`check_rule_set`], [`check_rule_set_json`], [`parse_rule_set`] and
//! [`crate::products::ProductCatalogue::validate`] are safe on hostile input of any size:
//!
//! - **Time** is O(n log n) in the size of the input. The only pairwise check, rules against
//!   rules for contradictions, runs only while the rule set is within
//!   [`MAX_RULES_PER_RULE_SET`] and [`MAX_CRITERIA_PER_RULE_SET`]; past a limit, the limit is
//!   reported and each rule is only checked on its own. Versions of a rule set are sorted by the
//!   day they take effect, and each version overlapping one that starts no later is reported
//!   once, naming that one (never every pair).
//! - **Issue lists are capped**: at most [`MAX_ISSUES_PER_KIND`] issues of each [`IssueCode`]
//!   are listed; the rest of that kind become one more issue of the same code and of the most
//!   serious severity among them, at the path of the first one left out, saying how many were
//!   left out. A check returns at most `MAX_ISSUES_PER_KIND + 1` issues of each code.
//! - **Memory** is linear in the input. A document that reads is read straight from its text
//!   (measured peak: about 5 bytes per byte of text, check included); only one that does not
//!   read is read into a `serde_json::Value` to locate its problems (about 30 bytes per byte),
//!   which is read in place, never copied whole. A member named twice in the text is refused.

mod calendar;
mod check;
mod criteria;
mod engine;
mod evaluate;
mod hints;
mod params;
#[cfg(test)]
pub(crate) mod reference;
pub(crate) mod render;

pub use crate::lang::LocalizedText;
pub use check::{
    check_rule_set, check_rule_set_json, parse_rule_set, IssueCode, Severity, ValidationIssue,
    MAX_CRITERIA_PER_RULE_SET, MAX_CRITERION_DEPTH, MAX_ISSUES_PER_KIND, MAX_RULES_PER_RULE_SET,
};
pub use criteria::{
    Citation, Criterion, CriterionKind, Rule, RuleSet, Threshold, MAX_CRITERION_PARSE_DEPTH,
};
pub use engine::{CriterionRecord, FactValue};
pub use evaluate::{
    evaluate, BenefitFacts, CheckStatus, CriterionOutcome, CriterionOutcomes, Decision,
    DecisionStamp, Eligibility, EvaluationContext, Notice, NoticeCode, ReasonCode, RuleOutcome,
    RuleOutcomes, RuleStatus,
};
pub use hints::{Hint, HintKind};
pub use params::{AssessmentLimit, LimitWindow, Parameters};

pub(crate) use crate::words::{date_in, minute_in, Langs};
#[cfg(test)]
pub(crate) use calendar::age_on;
pub(crate) use check::{
    check_id, check_rule_set_into, check_text, direct_issue, from_value_at, locate_rule_set, Issues,
};
pub(crate) use engine::{
    eligible_on, eval_leaf, plan_set, run_planned, run_planned_shared, run_set, shared_refs,
    Benefit, CompiledRuleSet, Facts, HeldBits, Later, Node, Op, Pass, PlannedRule, RecordBuf,
    Records, NO_SLOT,
};
pub(crate) use evaluate::evaluate_in;
#[cfg(test)]
pub(crate) use evaluate::frequency_excess;
pub(crate) use render::{DecisionParts, ProductNames, RenderEnv, Rendered};

#[cfg(test)]
mod tests;
