//! Static check of rule sets before use, and parsing that locates every problem by path.
//!
//! Bounds (documented in the parent module, "Bounds of the static check"): time O(n log n) in
//! the input, because the only pairwise check (contradictions between rules) runs only within
//! the rule and criteria limits; each check's issues collected through [`Issues`], which lists
//! at most [`MAX_ISSUES_PER_KIND`] of each code and counts the rest.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::criteria::{Criterion, Rule, RuleSet, Threshold};
use super::params::Parameters;
use crate::lang::LocalizedText;
use crate::profile::{Occupation, Province};

/// Deepest nesting of criteria allowed (the criterion of a rule is at depth 1).
pub const MAX_CRITERION_DEPTH: u32 = 16;
/// Most criteria (leaves and combinations) allowed in one rule set.
pub const MAX_CRITERIA_PER_RULE_SET: usize = 512;
/// Most rules allowed in one rule set.
pub const MAX_RULES_PER_RULE_SET: usize = 128;
/// Most issues of one kind (one [`IssueCode`]) a check lists; the rest of that kind are
/// counted in one more issue of the same code (see
/// [bounds](crate::eligibility#bounds-of-the-static-check)).
pub const MAX_ISSUES_PER_KIND: usize = 100;
/// Highest age a rule may mention.
const MAX_AGE: i64 = 150;
/// Longest tenure a rule may require, in months (50 years).
const MAX_TENURE_MONTHS: i64 = 600;

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The data must not be used.
    Error,
    /// Suspicious but usable.
    Warning,
}

/// What kind of issue was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// Not well-formed JSON.
    InvalidJson,
    /// A field the schema does not know.
    UnknownField,
    /// A value of the wrong type or an unknown enum value, or a missing field.
    InvalidValue,
    /// An empty identifier.
    EmptyId,
    /// An empty version label.
    EmptyVersion,
    /// Two rules with the same id in one rule set.
    DuplicateRuleId,
    /// A zh-CN or en text is blank.
    MissingDescription,
    /// A rule without a source document.
    MissingSource,
    /// `effective_to` before `effective_from`.
    InvalidEffectiveWindow,
    /// A rule whose period of effect lies outside its rule set's: it can never apply.
    RuleNeverInEffect,
    /// A rule set without rules: everybody is eligible.
    EmptyRuleSet,
    /// More rules than [`MAX_RULES_PER_RULE_SET`].
    TooManyRules,
    /// Nesting deeper than [`MAX_CRITERION_DEPTH`].
    TooDeep,
    /// More criteria than [`MAX_CRITERIA_PER_RULE_SET`].
    TooManyCriteria,
    /// `all: []` always passes.
    EmptyAll,
    /// `any: []` never passes.
    EmptyAny,
    /// `not` directly inside `not`.
    DoubleNegation,
    /// A range without bounds always passes.
    NoBound,
    /// A bound out of the possible range, or min above max.
    ImpossibleRange,
    /// A threshold names a parameter the catalogue does not define.
    UnknownParameter,
    /// An empty list of accepted values never passes.
    EmptyList,
    /// Criteria that must all pass exclude each other: the rule can never pass.
    Contradiction,
    /// Two products with the same id.
    DuplicateProductId,
    /// Two rule sets with the same id and version.
    DuplicateRuleSetVersion,
    /// Two versions of a rule set in effect on the same day.
    OverlappingRuleSetVersions,
    /// A product refers to a rule set id that does not exist.
    UnknownRuleSet,
    /// A criterion refers to a product id that does not exist.
    UnknownProduct,
    /// A product lacks the terms its kind requires, or has terms of another kind.
    InvalidProductTerms,
    /// A product's rule set lacks a criterion the regulation requires for its kind.
    MissingRegulatoryCriterion,
    /// A parameter out of its allowed range.
    InvalidParameter,
}

/// One problem found in rule or catalogue data, located by path.
///
/// Paths are relative to the document checked, e.g.
/// `rule_sets[2].rules[0].criterion.all[1].age_range.min` (empty for the document itself).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationIssue {
    /// Where.
    pub path: String,
    /// How serious.
    pub severity: Severity,
    /// What kind.
    pub code: IssueCode,
    /// Explanation (English, for the catalogue author).
    pub message: String,
}

impl ValidationIssue {
    pub(crate) fn error(
        path: impl Into<String>,
        code: IssueCode,
        message: impl Into<String>,
    ) -> Self {
        ValidationIssue {
            path: path.into(),
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn warning(
        path: impl Into<String>,
        code: IssueCode,
        message: impl Into<String>,
    ) -> Self {
        ValidationIssue {
            path: path.into(),
            severity: Severity::Warning,
            code,
            message: message.into(),
        }
    }

    /// The same issue with `prefix` prepended to its path.
    pub(crate) fn under(mut self, prefix: &str) -> Self {
        self.path = join(prefix, &self.path);
        self
    }
}

impl std::fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(f, "{level} at {path}: {}", self.message)
    }
}

/// Joins path segments: `join("a", "b") == "a.b"`, `join("a", "[0]") == "a[0]"`.
pub(crate) fn join(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_string()
    } else if segment.is_empty() {
        prefix.to_string()
    } else if segment.starts_with('[') {
        format!("{prefix}{segment}")
    } else {
        format!("{prefix}.{segment}")
    }
}

/// The issues of one kind left out of a list, and where the first of them is.
#[derive(Debug, Default)]
struct Tally {
    /// Issues of this kind listed.
    kept: usize,
    /// Issues of this kind left out.
    omitted: usize,
    /// The path of the first issue left out.
    first_omitted: String,
    /// The most serious severity among those left out.
    severity: Option<Severity>,
}

/// Collects the issues of one check: the first [`MAX_ISSUES_PER_KIND`] of each [`IssueCode`],
/// and for each code a count of the rest, which [`Issues::into_vec`] turns into one issue.
///
/// Paths of pushed issues are prefixed with the current prefix (see [`Issues::under`]).
#[derive(Debug, Default)]
pub(crate) struct Issues {
    kept: Vec<ValidationIssue>,
    tallies: BTreeMap<IssueCode, Tally>,
    prefix: String,
    total: usize,
}

impl Issues {
    /// An empty collection.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds an issue: listed while fewer than [`MAX_ISSUES_PER_KIND`] of its code are, else
    /// counted.
    pub(crate) fn push(&mut self, issue: ValidationIssue) {
        self.total = self.total.saturating_add(1);
        let tally = self.tallies.entry(issue.code).or_default();
        if tally.kept < MAX_ISSUES_PER_KIND {
            tally.kept += 1;
            let issue = if self.prefix.is_empty() {
                issue
            } else {
                issue.under(&self.prefix)
            };
            self.kept.push(issue);
        } else {
            if tally.omitted == 0 {
                tally.first_omitted = join(&self.prefix, &issue.path);
            }
            tally.omitted = tally.omitted.saturating_add(1);
            tally.severity = Some(
                tally
                    .severity
                    .map_or(issue.severity, |s| s.min(issue.severity)),
            );
        }
    }

    /// Counts `count` more issues of `code` without building them, once the list of that code
    /// is full (see [`Issues::is_full`]); `path` gives the path of the first of them.
    pub(crate) fn omit(
        &mut self,
        code: IssueCode,
        severity: Severity,
        count: usize,
        path: impl FnOnce() -> String,
    ) {
        if count == 0 {
            return;
        }
        self.total = self.total.saturating_add(count);
        let tally = self.tallies.entry(code).or_default();
        if tally.omitted == 0 {
            tally.first_omitted = join(&self.prefix, &path());
        }
        tally.omitted = tally.omitted.saturating_add(count);
        tally.severity = Some(tally.severity.map_or(severity, |s| s.min(severity)));
    }

    /// Whether issues of `code` are no longer listed, only counted.
    pub(crate) fn is_full(&self, code: IssueCode) -> bool {
        self.tallies
            .get(&code)
            .is_some_and(|t| t.kept >= MAX_ISSUES_PER_KIND)
    }

    /// How many issues were added so far, listed or not.
    pub(crate) fn total(&self) -> usize {
        self.total
    }

    /// Runs `f` with `prefix` appended to the path prefix of the issues it adds.
    pub(crate) fn under<R>(&mut self, prefix: &str, f: impl FnOnce(&mut Issues) -> R) -> R {
        let outer = std::mem::take(&mut self.prefix);
        self.prefix = join(&outer, prefix);
        let result = f(self);
        self.prefix = outer;
        result
    }

    /// The listed issues in the order they were added, then for each code with issues left
    /// out, one issue saying how many.
    pub(crate) fn into_vec(self) -> Vec<ValidationIssue> {
        let mut out = self.kept;
        for (code, tally) in self.tallies {
            if tally.omitted > 0 {
                out.push(ValidationIssue {
                    path: tally.first_omitted,
                    severity: tally.severity.unwrap_or(Severity::Error),
                    code,
                    message: format!(
                        "and {} more problems of this kind from here on, not listed \
                         (only the first {MAX_ISSUES_PER_KIND} of each kind are)",
                        tally.omitted
                    ),
                });
            }
        }
        out
    }
}

/// Statically checks a rule set: identifiers, texts, sources, periods of effect, ranges,
/// parameters, empty lists, contradictions, unreachable rules, depth and size limits.
///
/// Paths are relative to the rule set (`rules[0].criterion.all[1]`). Time is O(n log n) in the
/// size of the rule set and at most [`MAX_ISSUES_PER_KIND`] issues of each kind are listed
/// (see [bounds](crate::eligibility#bounds-of-the-static-check)); rules are compared with each
/// other for contradictions only while the rule set is within its limits.
///
/// ```
/// use waystation::eligibility::{check_rule_set, IssueCode, Parameters, RuleSet};
/// let rs: RuleSet = serde_json::from_str(r#"{
///   "id": "x", "version": "1", "description": {"zh": "x", "en": "x"},
///   "rules": [{"id": "r", "description": {"zh": "x", "en": "x"}, "source": {"document": "policy"},
///              "criterion": {"age_range": {"min": 60, "max": 18}}}]}"#).unwrap();
/// let issues = check_rule_set(&rs, &Parameters::default());
/// assert_eq!(issues[0].code, IssueCode::ImpossibleRange);
/// assert_eq!(issues[0].path, "rules[0].criterion.age_range");
/// ```
pub fn check_rule_set(rule_set: &RuleSet, parameters: &Parameters) -> Vec<ValidationIssue> {
    let mut out = Issues::new();
    check_rule_set_into(rule_set, parameters, &mut out);
    out.into_vec()
}

/// The catalogue's text rules for a text a courier may read (a rule's description, a product's
/// name, a citation): visible characters and spaces only, Unicode NFC, at most
/// [`MAX_TEXT_CHARS`](crate::calendar::MAX_TEXT_CHARS) characters. An error at `path`.
pub(crate) fn check_text(path: &str, value: &str, out: &mut Issues) {
    let reason = crate::text::unclean(value).or_else(|| {
        let n = value.chars().count();
        (n > crate::calendar::MAX_TEXT_CHARS).then(|| {
            format!(
                "is {n} characters, more than the limit of {}",
                crate::calendar::MAX_TEXT_CHARS
            )
        })
    });
    if let Some(reason) = reason {
        out.push(ValidationIssue::error(
            path,
            IssueCode::InvalidValue,
            format!("the text {reason}"),
        ));
    }
}

/// An id's rules: besides [`check_text`]'s, no space at either end (` rs ` and `rs` would be
/// two ids that read alike).
pub(crate) fn check_id(path: &str, value: &str, out: &mut Issues) {
    if !value.trim().is_empty() && value.trim() != value {
        out.push(ValidationIssue::error(
            path,
            IssueCode::InvalidValue,
            "an id has no space at either end",
        ));
    }
    check_text(path, value, out);
}

/// [`check_text`] for both languages of a text.
fn check_localized(path: &str, text: &LocalizedText, out: &mut Issues) {
    check_text(&join(path, "zh"), &text.zh, out);
    check_text(&join(path, "en"), &text.en, out);
}

/// [`check_rule_set`] into a collection shared with other checks.
pub(crate) fn check_rule_set_into(rule_set: &RuleSet, parameters: &Parameters, out: &mut Issues) {
    if rule_set.id.trim().is_empty() {
        out.push(ValidationIssue::error(
            "id",
            IssueCode::EmptyId,
            "the rule set has no id",
        ));
    }
    check_id("id", &rule_set.id, out);
    check_text("version", &rule_set.version, out);
    check_localized("description", &rule_set.description, out);
    if rule_set.version.trim().is_empty() {
        out.push(ValidationIssue::error(
            "version",
            IssueCode::EmptyVersion,
            "the rule set has no version",
        ));
    }
    if rule_set.description.is_incomplete() {
        out.push(ValidationIssue::warning(
            "description",
            IssueCode::MissingDescription,
            "the description needs both zh and en",
        ));
    }
    let set_window_ok = check_window(rule_set.effective_from, rule_set.effective_to, "", out);
    if rule_set.rules.is_empty() {
        out.push(ValidationIssue::warning(
            "rules",
            IssueCode::EmptyRuleSet,
            "a rule set without rules makes everybody eligible",
        ));
    }
    let too_many_rules = rule_set.rules.len() > MAX_RULES_PER_RULE_SET;
    if too_many_rules {
        out.push(ValidationIssue::error(
            "rules",
            IssueCode::TooManyRules,
            format!(
                "at most {MAX_RULES_PER_RULE_SET} rules are allowed, not {}; until the rule set is \
                 within the limit, rules are not compared with each other for contradictions",
                rule_set.rules.len()
            ),
        ));
    }
    let mut ids = BTreeSet::new();
    let mut count = 0usize;
    for (i, rule) in rule_set.rules.iter().enumerate() {
        let path = format!("rules[{i}]");
        check_id(&join(&path, "id"), &rule.id, out);
        check_localized(&join(&path, "description"), &rule.description, out);
        check_text(&join(&path, "source.document"), &rule.source.document, out);
        if let Some(provision) = &rule.source.provision {
            check_text(&join(&path, "source.provision"), provision, out);
        }
        if rule.id.trim().is_empty() {
            out.push(ValidationIssue::error(
                join(&path, "id"),
                IssueCode::EmptyId,
                "the rule has no id",
            ));
        } else if !ids.insert(rule.id.as_str()) {
            out.push(ValidationIssue::error(
                join(&path, "id"),
                IssueCode::DuplicateRuleId,
                format!("rule id {} is used twice", rule.id),
            ));
        }
        if rule.description.is_incomplete() {
            out.push(ValidationIssue::warning(
                join(&path, "description"),
                IssueCode::MissingDescription,
                "the description needs both zh and en",
            ));
        }
        if rule.source.document.trim().is_empty() {
            out.push(ValidationIssue::error(
                join(&path, "source.document"),
                IssueCode::MissingSource,
                "every rule cites its source",
            ));
        }
        let rule_window_ok = check_window(rule.effective_from, rule.effective_to, &path, out);
        if set_window_ok
            && rule_window_ok
            && !windows_overlap(
                (rule.effective_from, rule.effective_to),
                (rule_set.effective_from, rule_set.effective_to),
            )
        {
            out.push(ValidationIssue::warning(
                path.clone(),
                IssueCode::RuleNeverInEffect,
                "the rule's period of effect lies outside the rule set's: it never applies",
            ));
        }
        check_criterion(
            &rule.criterion,
            &join(&path, "criterion"),
            1,
            false,
            parameters,
            &mut count,
            out,
        );
    }
    let too_many_criteria = count > MAX_CRITERIA_PER_RULE_SET;
    if too_many_criteria {
        out.push(ValidationIssue::error(
            "rules",
            IssueCode::TooManyCriteria,
            format!(
                "{count} criteria; at most {MAX_CRITERIA_PER_RULE_SET} are allowed (until the rule \
                 set is within the limit, rules are not compared with each other for \
                 contradictions)"
            ),
        ));
    }
    let across_rules = !too_many_rules && !too_many_criteria;
    check_contradictions(rule_set, parameters, across_rules, out);
}

/// Parses a rule set from JSON, reporting every unknown field or invalid value by path.
///
/// ```
/// use waystation::eligibility::parse_rule_set;
/// let issues = parse_rule_set(r#"{"id": "x", "version": "1",
///   "description": {"zh": "x", "en": "x"},
///   "rules": [{"id": "r", "description": {"zh": "x", "en": "x"}, "source": {"document": "p"},
///              "criterion": {"all": [{"age_range": {"minimum": 18}}]}}]}"#).unwrap_err();
/// assert_eq!(issues[0].path, "rules[0].criterion.all[0].age_range.minimum");
/// assert!(issues[0].message.contains("unknown field `minimum`"));
/// ```
pub fn parse_rule_set(json: &str) -> Result<RuleSet, Vec<ValidationIssue>> {
    // A valid document is read straight from the text; only an invalid one is read into a
    // `Value` (about 30 bytes of memory per byte of text) to locate its problems.
    let direct = match crate::json::read::<RuleSet>(json) {
        Ok(rs) => return Ok(rs),
        Err(e) => e,
    };
    let value: Value = serde_json::from_str(json).map_err(|e| vec![json_syntax_issue(&e)])?;
    let mut issues = Issues::new();
    match locate_rule_set(&value, "", &mut issues) {
        Some(_) => Err(vec![direct_issue(&direct)]),
        None => Err(issues.into_vec()),
    }
}

/// What reading the text directly refused although its `Value` reads (a member named twice,
/// which a `Value` keeps only once), with the position in the text.
pub(crate) fn direct_issue(e: &serde_json::Error) -> ValidationIssue {
    ValidationIssue::error(
        "",
        IssueCode::InvalidValue,
        format!(
            "{} (at line {}, column {})",
            crate::json::without_value(&strip_position(&e.to_string())),
            e.line(),
            e.column()
        ),
    )
}

/// Parses and statically checks a rule set: all issues, errors and warnings.
pub fn check_rule_set_json(json: &str, parameters: &Parameters) -> Vec<ValidationIssue> {
    match parse_rule_set(json) {
        Ok(rs) => check_rule_set(&rs, parameters),
        Err(issues) => issues,
    }
}

pub(crate) fn json_syntax_issue(e: &serde_json::Error) -> ValidationIssue {
    ValidationIssue::error(
        "",
        IssueCode::InvalidJson,
        format!("not valid JSON at line {}, column {}", e.line(), e.column()),
    )
}

fn check_window(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    path: &str,
    out: &mut Issues,
) -> bool {
    match (from, to) {
        (Some(f), Some(t)) if t < f => {
            out.push(ValidationIssue::error(
                join(path, "effective_to"),
                IssueCode::InvalidEffectiveWindow,
                "effective_to is before effective_from",
            ));
            false
        }
        _ => true,
    }
}

type Window = (Option<NaiveDate>, Option<NaiveDate>);

pub(crate) fn windows_overlap(a: Window, b: Window) -> bool {
    // Two inclusive intervals overlap when each starts before the other ends.
    let starts_before_end = |start: Option<NaiveDate>, end: Option<NaiveDate>| match (start, end) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    };
    starts_before_end(a.0, b.1) && starts_before_end(b.0, a.1)
}

fn check_threshold(
    threshold: &Threshold,
    path: &str,
    parameters: &Parameters,
    out: &mut Issues,
) -> Option<i64> {
    let value = threshold.resolve(parameters);
    if value.is_none() {
        if let Threshold::Parameter { parameter } = threshold {
            out.push(ValidationIssue::error(
                path,
                IssueCode::UnknownParameter,
                format!("parameter {parameter} is not defined in parameters.values"),
            ));
        }
    }
    value
}

fn check_criterion(
    criterion: &Criterion,
    path: &str,
    depth: u32,
    parent_is_not: bool,
    parameters: &Parameters,
    count: &mut usize,
    out: &mut Issues,
) {
    *count = count.saturating_add(1);
    if depth > MAX_CRITERION_DEPTH {
        out.push(ValidationIssue::error(
            path,
            IssueCode::TooDeep,
            format!("criteria may be nested at most {MAX_CRITERION_DEPTH} deep"),
        ));
        return;
    }
    let here = |key: &str| join(path, key);
    match criterion {
        Criterion::All(list) | Criterion::Any(list) => {
            let is_all = matches!(criterion, Criterion::All(_));
            if list.is_empty() {
                out.push(if is_all {
                    ValidationIssue::warning(
                        here("all"),
                        IssueCode::EmptyAll,
                        "an empty `all` always passes",
                    )
                } else {
                    ValidationIssue::error(
                        here("any"),
                        IssueCode::EmptyAny,
                        "an empty `any` never passes",
                    )
                });
            }
            for (i, c) in list.iter().enumerate() {
                let p = join(path, &criterion.child_segment(i));
                check_criterion(c, &p, depth + 1, false, parameters, count, out);
            }
        }
        Criterion::Not(inner) => {
            if parent_is_not {
                out.push(ValidationIssue::warning(
                    path,
                    IssueCode::DoubleNegation,
                    "`not` inside `not` cancels out",
                ));
            }
            check_criterion(inner, &here("not"), depth + 1, true, parameters, count, out);
        }
        Criterion::AgeRange { min, max } => {
            let base = here("age_range");
            if min.is_none() && max.is_none() {
                out.push(ValidationIssue::warning(
                    base.clone(),
                    IssueCode::NoBound,
                    "an age range without bounds always passes",
                ));
            }
            let lo = min
                .as_ref()
                .and_then(|t| check_threshold(t, &join(&base, "min"), parameters, out));
            let hi = max
                .as_ref()
                .and_then(|t| check_threshold(t, &join(&base, "max"), parameters, out));
            for (v, key) in [(lo, "min"), (hi, "max")] {
                if let Some(v) = v {
                    if !(0..=MAX_AGE).contains(&v) {
                        out.push(ValidationIssue::error(
                            join(&base, key),
                            IssueCode::ImpossibleRange,
                            format!("an age of {v} is out of range 0-{MAX_AGE}"),
                        ));
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo > hi {
                    out.push(ValidationIssue::error(
                        base,
                        IssueCode::ImpossibleRange,
                        format!("minimum age {lo} is above maximum age {hi}"),
                    ));
                }
            }
        }
        Criterion::TenureAtLeast { months } => {
            let p = join(&here("tenure_at_least"), "months");
            if let Some(v) = check_threshold(months, &p, parameters, out) {
                if !(0..=MAX_TENURE_MONTHS).contains(&v) {
                    out.push(ValidationIssue::error(
                        p,
                        IssueCode::ImpossibleRange,
                        format!("a tenure of {v} months is out of range 0-{MAX_TENURE_MONTHS}"),
                    ));
                }
            }
        }
        Criterion::IncomeAtLeast {
            monthly_fen,
            yearly_fen,
        } => {
            let here = here("income_at_least");
            match (monthly_fen, yearly_fen) {
                (None, None) => out.push(ValidationIssue::error(
                    here.clone(),
                    IssueCode::NoBound,
                    "an income threshold needs monthly_fen or yearly_fen",
                )),
                (Some(_), Some(_)) => out.push(ValidationIssue::error(
                    here.clone(),
                    IssueCode::InvalidValue,
                    "an income threshold is monthly_fen or yearly_fen, not both",
                )),
                _ => {}
            }
            for (name, t) in [("monthly_fen", monthly_fen), ("yearly_fen", yearly_fen)] {
                let Some(t) = t else { continue };
                let p = join(&here, name);
                if let Some(v) = check_threshold(t, &p, parameters, out) {
                    if v < 0 {
                        out.push(ValidationIssue::error(
                            p,
                            IssueCode::ImpossibleRange,
                            "an income threshold cannot be negative",
                        ));
                    }
                }
            }
        }
        Criterion::OccupationIn { occupations } if occupations.is_empty() => {
            out.push(empty_list(here("occupation_in.occupations")));
        }
        Criterion::ProvinceIn { provinces } if provinces.is_empty() => {
            out.push(empty_list(here("province_in.provinces")));
        }
        Criterion::CityIn { cities } => {
            if cities.is_empty() {
                out.push(empty_list(here("city_in.cities")));
            }
            for (i, c) in cities.iter().enumerate() {
                let at = format!("{}[{i}]", here("city_in.cities"));
                if c.trim().is_empty() {
                    out.push(ValidationIssue::error(
                        at,
                        IssueCode::EmptyId,
                        "a blank city name",
                    ));
                } else {
                    // A city is compared as written with the courier's: ` 济南 ` would match no
                    // one.
                    check_id(&at, c, out);
                }
            }
        }
        Criterion::HoldsProduct { product_id } | Criterion::DoesNotHoldProduct { product_id }
            if product_id.trim().is_empty() =>
        {
            let key = if matches!(criterion, Criterion::HoldsProduct { .. }) {
                "holds_product.product_id"
            } else {
                "does_not_hold_product.product_id"
            };
            out.push(ValidationIssue::error(
                here(key),
                IssueCode::EmptyId,
                "a blank product id",
            ));
        }
        _ => {}
    }
}

fn empty_list(path: String) -> ValidationIssue {
    ValidationIssue::error(path, IssueCode::EmptyList, "an empty list never passes")
}

/// A criterion that must pass, with its path.
type Conjunct<'a> = (&'a Criterion, String);

/// The criteria that must all pass for `criterion` to pass (flattening nested `all`).
fn conjuncts<'a>(criterion: &'a Criterion, path: String, depth: u32, out: &mut Vec<Conjunct<'a>>) {
    match criterion {
        Criterion::All(list) if depth < MAX_CRITERION_DEPTH => {
            for (i, c) in list.iter().enumerate() {
                conjuncts(c, join(&path, &criterion.child_segment(i)), depth + 1, out);
            }
        }
        _ => out.push((criterion, path)),
    }
}

/// Finds conjuncts that exclude each other, within a rule and, when `across_rules`, across
/// rules in effect together.
///
/// Comparing rules is pairwise: callers pass `across_rules` only when the rule set is within
/// [`MAX_RULES_PER_RULE_SET`] and [`MAX_CRITERIA_PER_RULE_SET`], which bounds that work.
/// Otherwise each rule is checked alone, in time linear in its criteria.
fn check_contradictions(
    rule_set: &RuleSet,
    parameters: &Parameters,
    across_rules: bool,
    out: &mut Issues,
) {
    let per_rule: Vec<(&Rule, Vec<Conjunct<'_>>)> = rule_set
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let mut list = Vec::new();
            conjuncts(
                &rule.criterion,
                format!("rules[{i}].criterion"),
                1,
                &mut list,
            );
            (rule, list)
        })
        .collect();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for (j, (rule_j, list_j)) in per_rule.iter().enumerate() {
        // Each earlier rule, then the rule itself (only itself when rules are not compared).
        let earlier = if across_rules { j } else { 0 };
        let others = per_rule.iter().take(earlier).filter(|(rule_i, _)| {
            windows_overlap(
                (rule_i.effective_from, rule_i.effective_to),
                (rule_j.effective_from, rule_j.effective_to),
            )
        });
        let pairs = others
            .map(|(_, list_i)| list_i.iter().chain(list_j.iter()).collect::<Vec<_>>())
            .chain(std::iter::once(list_j.iter().collect::<Vec<_>>()));
        for combined in pairs {
            if let Some((path, message)) = first_contradiction(&combined, parameters) {
                if reported.insert(path.clone()) {
                    out.push(ValidationIssue::error(
                        path,
                        IssueCode::Contradiction,
                        message,
                    ));
                }
            }
        }
    }
}

fn first_contradiction(
    list: &[&Conjunct<'_>],
    parameters: &Parameters,
) -> Option<(String, String)> {
    let mut age_lo: Option<i64> = None;
    let mut age_hi: Option<i64> = None;
    let mut occupations: Option<BTreeSet<Occupation>> = None;
    let mut provinces: Option<BTreeSet<Province>> = None;
    let mut cities: Option<BTreeSet<String>> = None;
    let mut held: BTreeSet<&str> = BTreeSet::new();
    let mut not_held: BTreeSet<&str> = BTreeSet::new();
    for (criterion, path) in list.iter().map(|c| (c.0, &c.1)) {
        match criterion {
            Criterion::AgeRange { min, max } => {
                if let Some(v) = min.as_ref().and_then(|t| t.resolve(parameters)) {
                    age_lo = Some(age_lo.map_or(v, |x| x.max(v)));
                }
                if let Some(v) = max.as_ref().and_then(|t| t.resolve(parameters)) {
                    age_hi = Some(age_hi.map_or(v, |x| x.min(v)));
                }
                if let (Some(lo), Some(hi)) = (age_lo, age_hi) {
                    if lo > hi {
                        return Some((
                            path.clone(),
                            format!("together with the other age ranges, age must be at least {lo} and at most {hi}"),
                        ));
                    }
                }
            }
            Criterion::OccupationIn { occupations: list } => {
                let set: BTreeSet<Occupation> = list.iter().copied().collect();
                let now: BTreeSet<Occupation> = match &occupations {
                    Some(prev) => prev.intersection(&set).copied().collect(),
                    None => set,
                };
                if now.is_empty() && !list.is_empty() {
                    return Some((
                        path.clone(),
                        "no occupation satisfies every occupation_in".to_string(),
                    ));
                }
                occupations = Some(now);
            }
            Criterion::ProvinceIn { provinces: list } => {
                let set: BTreeSet<Province> = list.iter().copied().collect();
                let now: BTreeSet<Province> = match &provinces {
                    Some(prev) => prev.intersection(&set).copied().collect(),
                    None => set,
                };
                if now.is_empty() && !list.is_empty() {
                    return Some((
                        path.clone(),
                        "no province satisfies every province_in".to_string(),
                    ));
                }
                provinces = Some(now);
            }
            Criterion::CityIn { cities: list } => {
                let set: BTreeSet<String> = list
                    .iter()
                    .map(|c| {
                        let t = c.trim();
                        t.strip_suffix('市').unwrap_or(t).to_string()
                    })
                    .collect();
                let now: BTreeSet<String> = match &cities {
                    Some(prev) => prev.intersection(&set).cloned().collect(),
                    None => set,
                };
                if now.is_empty() && !list.is_empty() {
                    return Some((path.clone(), "no city satisfies every city_in".to_string()));
                }
                cities = Some(now);
            }
            Criterion::HoldsProduct { product_id } => {
                if not_held.contains(product_id.as_str()) {
                    return Some((
                        path.clone(),
                        format!("product {product_id} must be both held and not held"),
                    ));
                }
                held.insert(product_id);
            }
            Criterion::DoesNotHoldProduct { product_id } => {
                if held.contains(product_id.as_str()) {
                    return Some((
                        path.clone(),
                        format!("product {product_id} must be both held and not held"),
                    ));
                }
                not_held.insert(product_id);
            }
            _ => {}
        }
    }
    None
}

/// Drops serde_json's " at line L column C" suffix, meaningless for a value already parsed.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

pub(crate) fn serde_issue(path: &str, e: &serde_json::Error) -> ValidationIssue {
    let mut message = crate::json::without_value(&strip_position(&e.to_string()));
    // "missing field `id`" at the field itself, as every other error's path names it.
    let mut path = path.to_string();
    crate::json::name_missing_field(&mut path, &mut message);
    let code = if message.starts_with("unknown field") {
        IssueCode::UnknownField
    } else if message.starts_with("criteria nested more than") {
        IssueCode::TooDeep
    } else {
        IssueCode::InvalidValue
    };
    ValidationIssue::error(path, code, message)
}

/// Deserialises `value`, or records the error at `path`.
pub(crate) fn from_value_at<T: DeserializeOwned>(
    value: &Value,
    path: &str,
    out: &mut Issues,
) -> Option<T> {
    // With the path below `path` down to the field at fault (`parameters.senior_age`).
    match serde_path_to_error::deserialize::<_, T>(crate::json::Objects(value)) {
        Ok(v) => Some(v),
        Err(e) => {
            let below = crate::json::path_string(e.path());
            out.push(serde_issue(&join(path, &below), e.inner()));
            None
        }
    }
}

/// Locates the problems of a child document at a path.
type Locate = fn(&Value, &str, &mut Issues);

/// Deserialises `value` as a `T`, and on failure records each problem at its deepest path:
/// every listed array field is emptied and its elements located with `locate`.
///
/// `value` is read in place, never copied whole: the shell holds copies of the other members
/// only.
fn locate_with_children<T: DeserializeOwned>(
    value: &Value,
    path: &str,
    children: &[(&str, Value, Locate)],
    out: &mut Issues,
) -> Option<T> {
    if let Ok(v) = T::deserialize(crate::json::Objects(value)) {
        return Some(v);
    }
    let before = out.total();
    let Some(object) = value.as_object() else {
        return from_value_at::<T>(value, path, out);
    };
    let mut shell = serde_json::Map::new();
    for (key, member) in object {
        let child = children
            .iter()
            .find(|(k, placeholder, _)| *k == key && same_shape(member, placeholder));
        let Some((_, placeholder, locate)) = child else {
            // Not a child, or a child of the wrong shape (which the shell reports).
            shell.insert(key.clone(), member.clone());
            continue;
        };
        shell.insert(key.clone(), placeholder.clone());
        let child_path = join(path, key);
        match member {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    locate(item, &format!("{child_path}[{i}]"), out);
                }
            }
            _ => locate(member, &child_path, out),
        }
    }
    let shell_result = from_value_at::<T>(&Value::Object(shell), path, out);
    if shell_result.is_some() && out.total() == before {
        // The pieces are valid alone but not together: report at the document.
        return from_value_at::<T>(value, path, out);
    }
    None
}

/// Both arrays or both objects.
fn same_shape(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_))
    )
}

fn locate_criterion(value: &Value, path: &str, out: &mut Issues) {
    locate_criterion_at(value, path, 1, out);
}

fn locate_criterion_at(value: &Value, path: &str, depth: u32, out: &mut Issues) {
    if depth > super::criteria::MAX_CRITERION_PARSE_DEPTH {
        out.push(ValidationIssue::error(
            path,
            IssueCode::TooDeep,
            format!(
                "criteria nested more than {} deep",
                super::criteria::MAX_CRITERION_PARSE_DEPTH
            ),
        ));
        return;
    }
    if Criterion::deserialize(crate::json::Objects(value)).is_ok() {
        return;
    }
    let before = out.total();
    if let Some((key, inner)) = value
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.iter().next())
    {
        let here = join(path, key);
        match (key.as_str(), inner.as_array()) {
            ("all" | "any", Some(items)) => {
                for (i, item) in items.iter().enumerate() {
                    locate_criterion_at(item, &format!("{here}[{i}]"), depth + 1, out);
                }
            }
            ("not", _) => locate_criterion_at(inner, &here, depth + 1, out),
            _ => {
                // The path below `path` names the kind and the field at fault.
                from_value_at::<Criterion>(value, path, out);
            }
        }
    } else {
        out.push(ValidationIssue::error(
            path,
            IssueCode::InvalidValue,
            "a criterion is an object with exactly one key naming its kind",
        ));
    }
    if out.total() == before {
        from_value_at::<Criterion>(value, path, out);
    }
}

fn locate_rule(value: &Value, path: &str, out: &mut Issues) {
    let placeholder = serde_json::json!({"all": []});
    let _ = locate_with_children::<Rule>(
        value,
        path,
        &[("criterion", placeholder, locate_criterion)],
        out,
    );
}

/// Locates every problem of a rule-set document; `Some` when it is valid.
pub(crate) fn locate_rule_set(value: &Value, path: &str, out: &mut Issues) -> Option<RuleSet> {
    locate_with_children::<RuleSet>(
        value,
        path,
        &[("rules", Value::Array(Vec::new()), locate_rule)],
        out,
    )
}
