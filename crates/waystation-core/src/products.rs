//! Financial products for couriers and the product catalogue: products, rule sets, parameters.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::eligibility::{
    check_rule_set_into, direct_issue, from_value_at, locate_rule_set, BenefitFacts, Criterion,
    EvaluationContext, IssueCode, Issues, LocalizedText, Parameters, RuleSet, Severity,
    ValidationIssue,
};
pub use crate::profile::RiskRating;
use crate::profile::{Need, Occupation};
use crate::time::ChinaTime;

/// Kind of financial product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    /// Debit card (借记卡).
    DebitCard,
    /// Wealth management product (理财).
    Wealth,
    /// Payment product (支付).
    Payment,
    /// Micro-loan (小额信贷).
    MicroLoan,
    /// Credit card (信用卡).
    CreditCard,
    /// Insurance (保险).
    Insurance,
}

impl ProductKind {
    /// Human name in zh-CN and en.
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            ProductKind::DebitCard => ("借记卡", "debit card"),
            ProductKind::Wealth => ("理财", "wealth management"),
            ProductKind::Payment => ("支付", "payment"),
            ProductKind::MicroLoan => ("小额信贷", "micro-loan"),
            ProductKind::CreditCard => ("信用卡", "credit card"),
            ProductKind::Insurance => ("保险", "insurance"),
        };
        LocalizedText::new(zh, en)
    }
}

/// Risk ratings of a wealth product by its issuer and by the selling bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductRisk {
    /// Rating by the issuer (e.g. the wealth management company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_rating: Option<RiskRating>,
    /// Rating by the seller (the bank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_rating: Option<RiskRating>,
}

impl ProductRisk {
    /// The rating that applies: where the two differ, the higher.
    ///
    /// ```
    /// use waystation::products::{ProductRisk, RiskRating};
    /// let r = ProductRisk { issuer_rating: Some(RiskRating::R2), seller_rating: Some(RiskRating::R3) };
    /// assert_eq!(r.effective(), Some(RiskRating::R3));
    /// ```
    pub fn effective(&self) -> Option<RiskRating> {
        self.issuer_rating.max(self.seller_rating)
    }
}

/// What an insurance product covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsuranceCover {
    /// Accidental injury (意外险).
    Accident,
    /// Health / medical (健康险).
    Health,
    /// Third-party liability (责任险).
    Liability,
}

/// Terms of an insurance product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsuranceTerms {
    /// What is covered.
    pub cover: InsuranceCover,
    /// Occupation classes (1–6) accepted by the insurer.
    pub covered_occupation_classes: Vec<u8>,
    /// Cover around the clock, on and off duty.
    #[serde(default)]
    pub round_the_clock: bool,
}

/// Amount limits and term of a loan product, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanTerms {
    /// Smallest amount lent.
    pub min_amount_fen: i64,
    /// Largest amount lent.
    pub max_amount_fen: i64,
    /// Longest term in months.
    #[serde(deserialize_with = "crate::json::count::deserialize")]
    pub max_term_months: i32,
}

/// A financial product offered to couriers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Identifier, unique in the catalogue.
    pub id: String,
    /// Kind.
    pub kind: ProductKind,
    /// Name.
    pub name: LocalizedText,
    /// One-sentence summary.
    pub summary: LocalizedText,
    /// Id of the rule set deciding eligibility (the version in effect on the as-of date).
    pub rule_set_id: String,
    /// Needs the product serves (ranking).
    #[serde(default)]
    pub needs: Vec<Need>,
    /// Occupations the product was designed for (ranking).
    #[serde(default)]
    pub designed_for: Vec<Occupation>,
    /// Catalogue priority, higher first (ranking; not personal).
    #[serde(default)]
    pub priority: i32,
    /// Risk ratings (wealth products).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<ProductRisk>,
    /// A private (non-public) wealth product: a cooling-off period follows a purchase.
    #[serde(default)]
    pub private_placement: bool,
    /// Loan terms (micro-loans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan: Option<LoanTerms>,
    /// Insurance terms (insurance products).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance: Option<InsuranceTerms>,
}

impl Product {
    /// The risk rating that applies (higher of issuer's and seller's).
    pub fn effective_risk_rating(&self) -> Option<RiskRating> {
        self.risk.as_ref().and_then(ProductRisk::effective)
    }

    /// The facts benefit-dependent criteria read.
    pub fn facts(&self) -> BenefitFacts {
        BenefitFacts {
            id: self.id.clone(),
            risk_rating: self.effective_risk_rating(),
            covered_occupation_classes: self
                .insurance
                .as_ref()
                .map(|i| i.covered_occupation_classes.clone())
                .unwrap_or_default(),
        }
    }
}

/// Products, the rule sets deciding who may get them, and the parameters of those rules.
///
/// The station catalogue carries it under the key `"product_catalogue"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductCatalogue {
    /// Version label, stamped on every match result.
    pub version: String,
    /// Parameters (regulatory defaults when missing).
    #[serde(default)]
    pub parameters: Parameters,
    /// Rule sets, possibly several versions of one id with disjoint periods of effect.
    pub rule_sets: Vec<RuleSet>,
    /// Products.
    pub products: Vec<Product>,
}

/// Why a product catalogue was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductError {
    /// Not well-formed JSON.
    #[error("product catalogue is not valid JSON at line {line}, column {column}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Well-formed but invalid: every error found (warnings are left to `validate`).
    #[error("invalid product catalogue: {}", summarise(.issues))]
    Invalid {
        /// Every error, by path.
        issues: Vec<ValidationIssue>,
    },
}

fn summarise(issues: &[ValidationIssue]) -> String {
    let shown: Vec<String> = issues.iter().take(5).map(ToString::to_string).collect();
    let more = issues.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{}; and {more} more", shown.join("; "))
    } else {
        shown.join("; ")
    }
}

impl crate::eligibility::ProductNames for ProductCatalogue {
    fn product_name(&self, id: &str) -> Option<&LocalizedText> {
        self.product(id).map(|p| &p.name)
    }
}

impl ProductCatalogue {
    /// Parses and validates a catalogue; the error lists every problem with its path.
    ///
    /// ```
    /// use waystation::products::ProductCatalogue;
    /// let c = ProductCatalogue::sample().unwrap();
    /// let c = ProductCatalogue::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
    /// assert!(c.product("courier_debit_card").is_some());
    /// let e = ProductCatalogue::from_json(r#"{"version": "1", "rule_sets": [], "products": [{"id": 7}]}"#)
    ///     .unwrap_err();
    /// assert!(e.to_string().contains("products[0]"));
    /// ```
    pub fn from_json(json: &str) -> Result<ProductCatalogue, ProductError> {
        // A well-formed document is read straight from the text; only one that does not read
        // is read into a `Value` (about 30 bytes of memory per byte of text) to locate its
        // problems.
        let direct = match crate::json::read::<ProductCatalogue>(json) {
            Ok(catalogue) => return catalogue.checked(),
            Err(e) => e,
        };
        let value: Value = serde_json::from_str(json).map_err(|e| ProductError::Syntax {
            line: e.line(),
            column: e.column(),
        })?;
        let mut issues = Issues::new();
        match locate_catalogue(&value, &mut issues) {
            Some(_) => Err(ProductError::Invalid {
                issues: vec![direct_issue(&direct)],
            }),
            None => Err(ProductError::Invalid {
                issues: issues.into_vec(),
            }),
        }
    }

    /// Like [`ProductCatalogue::from_json`], from a parsed JSON value (e.g. the
    /// `"product_catalogue"` member of the station catalogue).
    pub fn from_value(value: &Value) -> Result<ProductCatalogue, ProductError> {
        let mut issues = Issues::new();
        let Some(catalogue) = locate_catalogue(value, &mut issues) else {
            return Err(ProductError::Invalid {
                issues: issues.into_vec(),
            });
        };
        catalogue.checked()
    }

    /// The catalogue if [`ProductCatalogue::validate`] finds no error, else the errors.
    fn checked(self) -> Result<ProductCatalogue, ProductError> {
        let catalogue = self;
        let errors: Vec<ValidationIssue> = catalogue
            .validate()
            .into_iter()
            .filter(|i| i.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            Ok(catalogue)
        } else {
            Err(ProductError::Invalid { issues: errors })
        }
    }

    /// The sample products shipped inside the embedded sample catalogue
    /// ([`crate::sample::SAMPLE_CATALOGUE_JSON`], key `product_catalogue`).
    pub fn sample() -> Result<ProductCatalogue, ProductError> {
        Self::from_value(&sample_value())
    }

    /// The product with this id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The version of rule set `id` in effect on `date` (the latest starting one if several).
    pub fn rule_set_for(&self, id: &str, date: NaiveDate) -> Option<&RuleSet> {
        self.rule_sets
            .iter()
            .filter(|rs| rs.id == id && rs.in_effect_on(date))
            .max_by_key(|rs| rs.effective_from)
    }

    /// An evaluation context using this catalogue's parameters.
    pub fn context<'a>(
        &'a self,
        as_of: ChinaTime,
        member_units: &'a BTreeSet<String>,
        catalogue_version: &'a str,
    ) -> EvaluationContext<'a> {
        EvaluationContext {
            as_of,
            member_units,
            catalogue_version,
            parameters: &self.parameters,
        }
    }

    /// Every problem (errors and warnings) with its path: parameters, each rule set's static
    /// check, versions, references, product terms and the criteria regulation requires per kind.
    ///
    /// Time is O(n log n) in the size of the catalogue and at most
    /// [`crate::eligibility::MAX_ISSUES_PER_KIND`] issues of each kind are listed, the rest
    /// counted in one more issue of that kind (see [`crate::eligibility::check_rule_set`]).
    /// Versions of a rule set are sorted by the day they take effect: a version in effect on a
    /// day that one starting no later is also in effect is reported once, naming that one; a
    /// version whose label another version of the same id already has is reported once, naming
    /// the first. A version whose `effective_to` is before its `effective_from` is reported for
    /// that alone.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut out = Issues::new();
        self.validate_into(&mut out);
        out.into_vec()
    }

    fn validate_into(&self, out: &mut Issues) {
        if self.version.trim().is_empty() {
            out.push(ValidationIssue::error(
                "version",
                IssueCode::EmptyVersion,
                "the catalogue has no version",
            ));
        }
        for (path, message, is_error) in self.parameters.problems() {
            let path = format!("parameters.{path}");
            out.push(if is_error {
                ValidationIssue::error(path, IssueCode::InvalidParameter, message)
            } else {
                ValidationIssue::warning(path, IssueCode::InvalidParameter, message)
            });
        }
        // Names and summaries reach couriers' screens: the catalogue's text rules.
        for (i, p) in self.products.iter().enumerate() {
            let path = format!("products[{i}]");
            crate::eligibility::check_id(&format!("{path}.id"), &p.id, out);
            crate::eligibility::check_id(&format!("{path}.rule_set_id"), &p.rule_set_id, out);
            for (field, text) in [("name", &p.name), ("summary", &p.summary)] {
                crate::eligibility::check_text(&format!("{path}.{field}.zh"), &text.zh, out);
                crate::eligibility::check_text(&format!("{path}.{field}.en"), &text.en, out);
            }
        }
        let product_ids: BTreeSet<&str> = self.products.iter().map(|p| p.id.as_str()).collect();
        let mut versions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, rs) in self.rule_sets.iter().enumerate() {
            let prefix = format!("rule_sets[{i}]");
            out.under(&prefix, |out| {
                check_rule_set_into(rs, &self.parameters, out)
            });
            for (j, rule) in rs.rules.iter().enumerate() {
                let path = format!("{prefix}.rules[{j}].criterion");
                product_references(&rule.criterion, &path, 1, &product_ids, out);
            }
            versions.entry(rs.id.as_str()).or_default().push(i);
        }
        for (id, indexes) in &versions {
            self.check_versions(id, indexes, out);
        }
        let mut seen = BTreeSet::new();
        let mut missing_by_rule_set: BTreeMap<(&str, ProductKind), Vec<Missing<'_>>> =
            BTreeMap::new();
        for (i, product) in self.products.iter().enumerate() {
            let prefix = format!("products[{i}]");
            if product.id.trim().is_empty() {
                out.push(ValidationIssue::error(
                    format!("{prefix}.id"),
                    IssueCode::EmptyId,
                    "the product has no id",
                ));
            } else if !seen.insert(product.id.as_str()) {
                out.push(ValidationIssue::error(
                    format!("{prefix}.id"),
                    IssueCode::DuplicateProductId,
                    format!("product id {} is used twice", product.id),
                ));
            }
            if product.name.is_incomplete() || product.summary.is_incomplete() {
                out.push(ValidationIssue::warning(
                    prefix.clone(),
                    IssueCode::MissingDescription,
                    "name and summary need both zh and en",
                ));
            }
            check_terms(product, &prefix, out);
            match versions.get(product.rule_set_id.as_str()) {
                None => out.push(ValidationIssue::error(
                    format!("{prefix}.rule_set_id"),
                    IssueCode::UnknownRuleSet,
                    format!("no rule set has id {}", product.rule_set_id),
                )),
                Some(list) => {
                    // What the versions of a rule set lack is worked out once per id and kind,
                    // so that many products of one rule set with many versions cost no more
                    // than the issues listed.
                    let missing = missing_by_rule_set
                        .entry((product.rule_set_id.as_str(), product.kind))
                        .or_insert_with(|| {
                            list.iter()
                                .filter_map(|&k| self.rule_sets.get(k))
                                .flat_map(|rs| {
                                    missing_regulatory(product.kind, rs, &self.parameters)
                                        .into_iter()
                                        .map(move |what| (rs, what))
                                })
                                .collect()
                        });
                    report_missing(missing, &prefix, out);
                }
            }
        }
    }

    /// Reports versions of rule set `id` (at `indexes` of `rule_sets`, ascending) that share a
    /// label or a day in effect, each once, in O(v log v) for v versions.
    fn check_versions(&self, id: &str, indexes: &[usize], out: &mut Issues) {
        let at = |k: usize| self.rule_sets.get(k);
        // (offending index, index it repeats or overlaps, whether it repeats a label)
        let mut found: Vec<(usize, usize, bool)> = Vec::new();
        let mut by_label: Vec<(&str, usize)> = indexes
            .iter()
            .filter_map(|&k| at(k).map(|rs| (rs.version.as_str(), k)))
            .collect();
        by_label.sort_unstable();
        let mut repeats = BTreeSet::new();
        for pair in by_label.windows(2) {
            if let [(first_label, first), (label, k)] = pair {
                if label == first_label {
                    // The first of the run: the earlier of the pair unless it repeats itself.
                    let original = found
                        .last()
                        .filter(|f| f.0 == *first && f.2)
                        .map_or(*first, |f| f.1);
                    found.push((*k, original, true));
                    repeats.insert(*k);
                }
            }
        }
        // Overlaps among the other versions with valid windows, by start then position.
        let mut by_start: Vec<(NaiveDate, NaiveDate, usize)> = indexes
            .iter()
            .filter(|k| !repeats.contains(*k))
            .filter_map(|&k| at(k).map(|rs| (k, rs)))
            .map(|(k, rs)| {
                (
                    rs.effective_from.unwrap_or(NaiveDate::MIN),
                    rs.effective_to.unwrap_or(NaiveDate::MAX),
                    k,
                )
            })
            .filter(|(from, to, _)| from <= to)
            .collect();
        by_start.sort_unstable();
        // The version reaching furthest among those starting earlier (the latest of them to
        // start if several end on the same day, so that equal windows name their predecessor).
        let mut reach: Option<(NaiveDate, usize)> = None;
        for (from, to, k) in by_start {
            match reach {
                Some((end, other)) if from <= end => {
                    found.push((k, other, false));
                    if to >= end {
                        reach = Some((to, k));
                    }
                }
                _ => reach = Some((to, k)),
            }
        }
        found.sort_unstable();
        for (k, other, repeat) in found {
            let (Some(rs), Some(earlier)) = (at(k), at(other)) else {
                continue;
            };
            out.push(if repeat {
                ValidationIssue::error(
                    format!("rule_sets[{k}].version"),
                    IssueCode::DuplicateRuleSetVersion,
                    format!(
                        "rule set {id} version {} is also rule_sets[{other}]",
                        rs.version
                    ),
                )
            } else {
                ValidationIssue::error(
                    format!("rule_sets[{k}].effective_from"),
                    IssueCode::OverlappingRuleSetVersions,
                    format!(
                        "versions {} and {} of rule set {id} are in effect on the same days \
                         (this one overlaps rule_sets[{other}])",
                        earlier.version, rs.version
                    ),
                )
            });
        }
    }
}

/// Reports `holds_product` / `does_not_hold_product` naming unknown products.
fn product_references(
    criterion: &Criterion,
    path: &str,
    depth: u32,
    ids: &BTreeSet<&str>,
    out: &mut Issues,
) {
    if depth > crate::eligibility::MAX_CRITERION_DEPTH {
        return;
    }
    match criterion {
        Criterion::HoldsProduct { product_id } | Criterion::DoesNotHoldProduct { product_id }
            if !product_id.trim().is_empty() && !ids.contains(product_id.as_str()) =>
        {
            let key = if matches!(criterion, Criterion::HoldsProduct { .. }) {
                "holds_product"
            } else {
                "does_not_hold_product"
            };
            out.push(ValidationIssue::error(
                format!("{path}.{key}.product_id"),
                IssueCode::UnknownProduct,
                format!("no product has id {product_id}"),
            ));
        }
        _ => {
            for (i, child) in criterion.children().into_iter().enumerate() {
                let p = format!("{path}.{}", criterion.child_segment(i));
                product_references(child, &p, depth + 1, ids, out);
            }
        }
    }
}

fn check_terms(product: &Product, prefix: &str, out: &mut Issues) {
    let mut bad = |key: &str, message: String| {
        out.push(ValidationIssue::error(
            format!("{prefix}.{key}"),
            IssueCode::InvalidProductTerms,
            message,
        ));
    };
    let kind = product.kind;
    match (&product.risk, kind) {
        (None, ProductKind::Wealth) => bad("risk", "a wealth product needs a risk rating".into()),
        (Some(r), ProductKind::Wealth) if r.effective().is_none() => {
            bad("risk", "give the issuer's or the seller's rating".into())
        }
        (Some(_), k) if k != ProductKind::Wealth => {
            bad("risk", "only wealth products carry a risk rating".into())
        }
        _ => {}
    }
    if product.private_placement && kind != ProductKind::Wealth {
        bad(
            "private_placement",
            "only wealth products can be private placements".into(),
        );
    }
    match (&product.loan, kind) {
        (None, ProductKind::MicroLoan) => bad("loan", "a micro-loan needs amount limits".into()),
        (Some(l), ProductKind::MicroLoan) => {
            if l.min_amount_fen <= 0 || l.max_amount_fen < l.min_amount_fen {
                bad(
                    "loan",
                    "amount limits need 0 < min_amount_fen <= max_amount_fen".into(),
                );
            }
            if l.max_term_months <= 0 {
                bad(
                    "loan.max_term_months",
                    "the term must be at least a month".into(),
                );
            }
        }
        (Some(_), _) => bad("loan", "only micro-loans carry loan terms".into()),
        (None, _) => {}
    }
    match (&product.insurance, kind) {
        (None, ProductKind::Insurance) => bad(
            "insurance",
            "an insurance product lists its occupation classes".into(),
        ),
        (Some(t), ProductKind::Insurance) => {
            if t.covered_occupation_classes.is_empty() {
                bad(
                    "insurance.covered_occupation_classes",
                    "an empty list covers nobody".into(),
                );
            }
            if let Some(c) = t
                .covered_occupation_classes
                .iter()
                .find(|c| !(1..=6).contains(*c))
            {
                bad(
                    "insurance.covered_occupation_classes",
                    format!("occupation class {c} is not between 1 and 6"),
                );
            }
        }
        (Some(_), _) => bad(
            "insurance",
            "only insurance products carry insurance terms".into(),
        ),
        (None, _) => {}
    }
}

/// Criteria that must pass for the rule set to pass (rules' criteria, flattening `all`).
fn required_criteria(rule_set: &RuleSet) -> Vec<&Criterion> {
    fn flatten<'a>(c: &'a Criterion, depth: u32, out: &mut Vec<&'a Criterion>) {
        match c {
            Criterion::All(list) if depth < crate::eligibility::MAX_CRITERION_DEPTH => {
                for x in list {
                    flatten(x, depth + 1, out);
                }
            }
            other => out.push(other),
        }
    }
    let mut out = Vec::new();
    for rule in &rule_set.rules {
        flatten(&rule.criterion, 1, &mut out);
    }
    out
}

/// Adult age required of credit products (民法典 art. 17; credit card rules).
const ADULT_AGE: i64 = 18;

/// A version of a rule set lacking a criterion its product's kind requires, and what it lacks.
type Missing<'a> = (&'a RuleSet, &'static str);

/// What `rule_set` lacks of the criteria regulation requires of a product of `kind`.
fn missing_regulatory(
    kind: ProductKind,
    rule_set: &RuleSet,
    parameters: &Parameters,
) -> Vec<&'static str> {
    let required = required_criteria(rule_set);
    let has = |pred: &dyn Fn(&Criterion) -> bool| required.iter().any(|c| pred(c));
    let mut missing = Vec::new();
    match kind {
        ProductKind::Wealth => {
            if !has(&|c| matches!(c, Criterion::ValidRiskAssessment {})) {
                missing.push("valid_risk_assessment");
            }
            if !has(&|c| matches!(c, Criterion::RiskGradeCoversProduct {})) {
                missing.push("risk_grade_covers_product");
            }
        }
        ProductKind::Insurance => {
            if !has(&|c| matches!(c, Criterion::OccupationClassCovered {})) {
                missing.push("occupation_class_covered");
            }
        }
        ProductKind::CreditCard | ProductKind::MicroLoan => {
            let adult = |c: &Criterion| match c {
                Criterion::AgeRange { min: Some(t), .. } => {
                    t.resolve(parameters).is_some_and(|v| v >= ADULT_AGE)
                }
                _ => false,
            };
            if !has(&adult) {
                missing.push("age_range with min of at least 18");
            }
        }
        ProductKind::DebitCard | ProductKind::Payment => {}
    }
    missing
}

/// Reports each version of a product's rule set lacking a required criterion; once issues of
/// that kind are no longer listed, the rest are counted without being built.
fn report_missing(missing: &[Missing<'_>], prefix: &str, out: &mut Issues) {
    let code = IssueCode::MissingRegulatoryCriterion;
    let path = || format!("{prefix}.rule_set_id");
    for (n, (rule_set, what)) in missing.iter().enumerate() {
        if out.is_full(code) {
            out.omit(code, Severity::Error, missing.len() - n, path);
            return;
        }
        out.push(ValidationIssue::error(
            path(),
            code,
            format!(
                "rule set {} version {} must require {what} (outside any `any`/`not`)",
                rule_set.id, rule_set.version
            ),
        ));
    }
}

/// Locates every problem of a catalogue document; `Some` when it deserialises.
/// The `product_catalogue` member of the embedded sample catalogue (`null` if absent).
fn sample_value() -> Value {
    serde_json::from_str::<Value>(crate::sample::SAMPLE_CATALOGUE_JSON)
        .ok()
        .and_then(|mut v| v.get_mut("product_catalogue").map(Value::take))
        .unwrap_or(Value::Null)
}

fn locate_catalogue(value: &Value, out: &mut Issues) -> Option<ProductCatalogue> {
    // Read in place, never copied whole: the shell copies only the small members.
    if let Ok(c) = ProductCatalogue::deserialize(crate::json::Objects(value)) {
        return Some(c);
    }
    let before = out.total();
    let Some(object) = value.as_object() else {
        return from_value_at::<ProductCatalogue>(value, "", out);
    };
    let mut shell = serde_json::Map::new();
    for (key, member) in object {
        if !matches!(key.as_str(), "parameters" | "rule_sets" | "products") {
            shell.insert(key.clone(), member.clone());
        }
    }
    if let Some(p) = object.get("parameters") {
        if from_value_at::<Parameters>(p, "parameters", out).is_some() {
            shell.insert("parameters".into(), p.clone());
        }
    }
    match object.get("rule_sets") {
        Some(Value::Array(sets)) => {
            shell.insert("rule_sets".into(), Value::Array(Vec::new()));
            for (i, rs) in sets.iter().enumerate() {
                let _ = locate_rule_set(rs, &format!("rule_sets[{i}]"), out);
            }
        }
        Some(other) => {
            shell.insert("rule_sets".into(), other.clone());
        }
        None => {}
    }
    match object.get("products") {
        Some(Value::Array(products)) => {
            shell.insert("products".into(), Value::Array(Vec::new()));
            for (i, p) in products.iter().enumerate() {
                let _ = from_value_at::<Product>(p, &format!("products[{i}]"), out);
            }
        }
        Some(other) => {
            shell.insert("products".into(), other.clone());
        }
        None => {}
    }
    let shell_ok = from_value_at::<ProductCatalogue>(&Value::Object(shell), "", out).is_some();
    if shell_ok && out.total() == before {
        return from_value_at::<ProductCatalogue>(value, "", out);
    }
    None
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

    #[test]
    fn sample_catalogue_is_valid_without_warnings() {
        let c = ProductCatalogue::sample().unwrap();
        assert_eq!(c.validate(), Vec::new());
        let kinds: BTreeSet<ProductKind> = c.products.iter().map(|p| p.kind).collect();
        assert_eq!(kinds.len(), 6);
        let ratings: BTreeSet<RiskRating> = c
            .products
            .iter()
            .filter_map(Product::effective_risk_rating)
            .collect();
        assert!(ratings.is_superset(
            &[
                RiskRating::R1,
                RiskRating::R2,
                RiskRating::R3,
                RiskRating::R4
            ]
            .into()
        ));
        assert!(c.products.iter().any(|p| p.private_placement));
        let covers: BTreeSet<InsuranceCover> = c
            .products
            .iter()
            .filter_map(|p| p.insurance.as_ref().map(|i| i.cover))
            .collect();
        assert_eq!(covers.len(), 3);
    }

    #[test]
    fn rule_set_versions_are_chosen_by_date() {
        let c = ProductCatalogue::sample().unwrap();
        let d2025 = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let d2026 = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let a = c.rule_set_for("wealth_public", d2025).unwrap();
        let b = c.rule_set_for("wealth_public", d2026).unwrap();
        assert_ne!(a.version, b.version);
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let mut v = sample_value();
        v["rule_sets"][0]["rules"][0]["criterion"] = serde_json::json!({"all": [
            {"age_range": {"min": 18, "mx": 3}},
            {"kyc_at_least": {"level": "platinum"}},
            {"employer_is_member": {}}
        ]});
        v["products"][1]["colour"] = "gold".into();
        v["parameters"]["cooling_off_hours"] = "a day".into();
        let e = ProductCatalogue::from_value(&v).unwrap_err();
        let ProductError::Invalid { issues } = e else {
            panic!()
        };
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "parameters.cooling_off_hours",
                "rule_sets[0].rules[0].criterion.all[0].age_range.mx",
                "rule_sets[0].rules[0].criterion.all[1].kyc_at_least.level",
                "products[1].colour",
            ]
        );
        assert_eq!(issues[1].code, IssueCode::UnknownField);
        assert!(issues[1].message.contains("mx"));
        assert!(issues[3].message.contains("colour"));
    }

    #[test]
    fn semantic_problems_are_reported() {
        let mut v = sample_value();
        // A wealth product without its suitability criteria, unknown references, bad terms.
        let wealth = v["products"]
            .as_array()
            .unwrap()
            .iter()
            .position(|p| p["kind"] == "wealth")
            .unwrap();
        v["products"][wealth]["rule_set_id"] = "payment".into();
        let loan = v["products"]
            .as_array()
            .unwrap()
            .iter()
            .position(|p| p["kind"] == "micro_loan")
            .unwrap();
        v["products"][loan]["loan"]["min_amount_fen"] = 0.into();
        v["products"][0]["rule_set_id"] = "nope".into();
        v["products"][2]["id"] = v["products"][1]["id"].clone();
        v["rule_sets"][0]["rules"][0]["criterion"] =
            serde_json::json!({"holds_product": {"product_id": "ghost"}});
        let ProductError::Invalid { issues } = ProductCatalogue::from_value(&v).unwrap_err() else {
            panic!()
        };
        let codes: BTreeSet<IssueCode> = issues.iter().map(|i| i.code).collect();
        for code in [
            IssueCode::MissingRegulatoryCriterion,
            IssueCode::InvalidProductTerms,
            IssueCode::UnknownRuleSet,
            IssueCode::DuplicateProductId,
            IssueCode::UnknownProduct,
        ] {
            assert!(codes.contains(&code), "{code:?} missing in {issues:#?}");
        }
        assert!(issues
            .iter()
            .any(|i| i.path == "rule_sets[0].rules[0].criterion.holds_product.product_id"));
    }

    #[test]
    fn overlapping_versions_are_rejected() {
        let mut v = sample_value();
        let sets = v["rule_sets"].as_array().unwrap().clone();
        let mut copy = sets[0].clone();
        copy["version"] = "9".into();
        v["rule_sets"].as_array_mut().unwrap().push(copy.clone());
        let ProductError::Invalid { issues } = ProductCatalogue::from_value(&v).unwrap_err() else {
            panic!()
        };
        assert!(issues
            .iter()
            .any(|i| i.code == IssueCode::OverlappingRuleSetVersions));
        copy["version"] = sets[0]["version"].clone();
        let mut v = sample_value();
        v["rule_sets"].as_array_mut().unwrap().push(copy);
        let ProductError::Invalid { issues } = ProductCatalogue::from_value(&v).unwrap_err() else {
            panic!()
        };
        assert!(issues
            .iter()
            .any(|i| i.code == IssueCode::DuplicateRuleSetVersion));
    }

    /// The sample's product catalogue with `extra` rule sets appended; the index of the first.
    fn with_rule_sets(extra: Vec<Value>) -> (ProductCatalogue, usize) {
        let mut v = sample_value();
        let sets = v["rule_sets"].as_array_mut().unwrap();
        let first = sets.len();
        sets.extend(extra);
        (serde_json::from_value(v).unwrap(), first)
    }

    fn version(label: &str, from: Option<&str>, to: Option<&str>) -> Value {
        let mut rs = serde_json::json!({"id": "extra", "version": label,
            "description": {"zh": "x", "en": "x"},
            "rules": [{"id": "r", "description": {"zh": "x", "en": "x"},
                       "source": {"document": "p"}, "criterion": {"age_range": {"min": 18}}}]});
        if let Some(d) = from {
            rs["effective_from"] = d.into();
        }
        if let Some(d) = to {
            rs["effective_to"] = d.into();
        }
        rs
    }

    /// (path, code, message) of the version problems.
    fn version_issues(c: &ProductCatalogue) -> Vec<(String, IssueCode, String)> {
        c.validate()
            .into_iter()
            .filter(|i| {
                matches!(
                    i.code,
                    IssueCode::OverlappingRuleSetVersions | IssueCode::DuplicateRuleSetVersion
                )
            })
            .map(|i| (i.path, i.code, i.message))
            .collect()
    }

    #[test]
    fn each_overlapping_version_is_reported_once_naming_the_one_it_overlaps() {
        // In array order: b (2026), a (2025), c (2025-06 to 2026-03), d (2027), e (open start).
        let (c, k) = with_rule_sets(vec![
            version("b", Some("2026-01-01"), Some("2026-12-31")),
            version("a", Some("2025-01-01"), Some("2025-12-31")),
            version("c", Some("2025-06-01"), Some("2026-03-31")),
            version("d", Some("2027-01-01"), None),
            version("e", None, Some("2024-12-31")),
        ]);
        let got = version_issues(&c);
        let overlap = |at: usize, a: &str, b: &str, other: usize| {
            (
                format!("rule_sets[{at}].effective_from"),
                IssueCode::OverlappingRuleSetVersions,
                format!(
                    "versions {a} and {b} of rule set extra are in effect on the same days \
                     (this one overlaps rule_sets[{other}])"
                ),
            )
        };
        // Sorted by start: e, a, c (overlaps a), b (overlaps c, which reaches furthest), d.
        assert_eq!(
            got,
            [overlap(k, "c", "b", k + 2), overlap(k + 2, "a", "c", k + 1)]
        );
        // Versions that only touch are separate; the same day at both ends overlaps.
        let (c, k) = with_rule_sets(vec![
            version("1", None, Some("2025-12-31")),
            version("2", Some("2026-01-01"), Some("2026-06-30")),
            version("3", Some("2026-06-30"), None),
        ]);
        assert_eq!(version_issues(&c), [overlap(k + 2, "2", "3", k + 1)]);
    }

    #[test]
    fn a_repeated_version_is_reported_once_naming_the_first() {
        let (c, k) = with_rule_sets(vec![
            version("1", None, Some("2025-12-31")),
            version("1", Some("2026-01-01"), None),
            version("2", Some("2026-01-01"), None),
            version("1", Some("2030-01-01"), None),
        ]);
        let dup = |at: usize| {
            (
                format!("rule_sets[{at}].version"),
                IssueCode::DuplicateRuleSetVersion,
                format!("rule set extra version 1 is also rule_sets[{k}]"),
            )
        };
        // Repeats are not also compared for overlaps; version 2 overlaps nothing else.
        assert_eq!(version_issues(&c), [dup(k + 1), dup(k + 3)]);
    }

    #[test]
    fn a_version_with_an_inverted_window_is_reported_for_that_alone() {
        let (c, k) = with_rule_sets(vec![
            version("1", None, None),
            version("2", Some("2026-02-01"), Some("2026-01-01")),
        ]);
        assert_eq!(version_issues(&c), []);
        assert!(c
            .validate()
            .iter()
            .any(|i| i.path == format!("rule_sets[{}].effective_to", k + 1)
                && i.code == IssueCode::InvalidEffectiveWindow));
    }

    #[test]
    fn version_problems_are_capped_per_kind() {
        let n = 3 * crate::eligibility::MAX_ISSUES_PER_KIND;
        let (c, k) = with_rule_sets(
            (0..n)
                .map(|i| version(&i.to_string(), None, None))
                .chain((0..n).map(|_| version("same", Some("2040-01-01"), None)))
                .collect(),
        );
        let issues = c.validate();
        let cap = crate::eligibility::MAX_ISSUES_PER_KIND;
        // Versions 1.. overlap version 0, and the first "same" overlaps them too.
        for (code, total) in [
            (IssueCode::OverlappingRuleSetVersions, n),
            (IssueCode::DuplicateRuleSetVersion, n - 1),
        ] {
            let of: Vec<&ValidationIssue> = issues.iter().filter(|i| i.code == code).collect();
            assert_eq!(of.len(), cap + 1, "{code:?}");
            let last = of[cap];
            assert_eq!(
                last.message,
                format!(
                    "and {} more problems of this kind from here on, not listed (only the first \
                     {cap} of each kind are)",
                    total - cap
                )
            );
            assert_eq!(last.severity, Severity::Error);
        }
        // The first overlaps, in order, each naming its predecessor in start order.
        let overlaps: Vec<&str> = issues
            .iter()
            .filter(|i| i.code == IssueCode::OverlappingRuleSetVersions)
            .take(3)
            .map(|i| i.message.as_str())
            .collect();
        assert_eq!(
            overlaps,
            (1..4)
                .map(|i| format!(
                    "versions {} and {i} of rule set extra are in effect on the same days \
                     (this one overlaps rule_sets[{}])",
                    i - 1,
                    k + i - 1
                ))
                .collect::<Vec<_>>()
        );
        // The summary sits at the first one left out.
        let summary = issues
            .iter()
            .filter(|i| i.code == IssueCode::OverlappingRuleSetVersions)
            .nth(cap)
            .unwrap();
        assert_eq!(
            summary.path,
            format!("rule_sets[{}].effective_from", k + cap + 1)
        );
        // Loading refuses it with the same bounded list.
        let json = serde_json::to_string(&c).unwrap();
        let ProductError::Invalid { issues } = ProductCatalogue::from_json(&json).unwrap_err()
        else {
            panic!()
        };
        assert!(issues.len() <= 2 * (cap + 1), "{}", issues.len());
    }

    #[test]
    fn missing_regulatory_criteria_are_capped_without_building_each() {
        // 300 versions (disjoint years) of a rule set lacking the adult age, for 3 micro-loans.
        let n = 300;
        let mut v = sample_value();
        let sets = v["rule_sets"].as_array_mut().unwrap();
        for i in 0..n {
            let y = 2100 + i;
            let mut rs = version(&i.to_string(), Some(&format!("{y}-01-01")), None);
            rs["effective_to"] = format!("{y}-12-31").into();
            rs["id"] = "loan_rules".into();
            rs["rules"][0]["criterion"] = serde_json::json!({"kyc_at_least": {"level": "basic"}});
            sets.push(rs);
        }
        let loan = v["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["kind"] == "micro_loan")
            .unwrap()
            .clone();
        let products = v["products"].as_array_mut().unwrap();
        let first = products.len();
        for i in 0..3 {
            let mut p = loan.clone();
            p["id"] = format!("loan_{i}").into();
            p["rule_set_id"] = "loan_rules".into();
            products.push(p);
        }
        let c: ProductCatalogue = serde_json::from_value(v).unwrap();
        let cap = crate::eligibility::MAX_ISSUES_PER_KIND;
        let missing: Vec<ValidationIssue> = c
            .validate()
            .into_iter()
            .filter(|i| i.code == IssueCode::MissingRegulatoryCriterion)
            .collect();
        assert_eq!(missing.len(), cap + 1);
        assert_eq!(missing[0].path, format!("products[{first}].rule_set_id"));
        assert_eq!(
            missing[0].message,
            "rule set loan_rules version 0 must require age_range with min of at least 18 \
             (outside any `any`/`not`)"
        );
        assert_eq!(missing[cap].path, format!("products[{first}].rule_set_id"));
        assert!(missing[cap]
            .message
            .starts_with(&format!("and {} more problems of this kind", 3 * n - cap)));
    }

    #[test]
    fn a_member_named_twice_is_refused() {
        let json = serde_json::to_string(&ProductCatalogue::sample().unwrap()).unwrap();
        let twice = json.replacen('{', r#"{"products": [],"#, 1);
        let ProductError::Invalid { issues } = ProductCatalogue::from_json(&twice).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, "");
        assert!(
            issues[0]
                .message
                .starts_with("duplicate field `products` (at line 1, column "),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        assert_eq!(
            ProductCatalogue::from_json("{\"version\": }"),
            Err(ProductError::Syntax {
                line: 1,
                column: 13
            })
        );
    }

    #[test]
    fn catalogue_round_trips() {
        let c = ProductCatalogue::sample().unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(ProductCatalogue::from_json(&json).unwrap(), c);
    }
}
