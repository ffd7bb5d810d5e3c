//! Financial products for couriers and the product catalogue: products, rule sets, parameters.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::eligibility::{
    check_rule_set, from_value_at, locate_rule_set, windows_overlap, BenefitFacts, Criterion,
    EvaluationContext, IssueCode, LocalizedText, Parameters, RuleSet, Severity, ValidationIssue,
};
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

/// Product risk rating, R1 (lowest) to R5 (also written PR1–PR5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskRating {
    /// Low risk.
    R1,
    /// Medium-low risk.
    R2,
    /// Medium risk.
    R3,
    /// Medium-high risk.
    R4,
    /// High risk.
    R5,
}

impl RiskRating {
    /// Every rating from lowest to highest.
    pub const ALL: [RiskRating; 5] = [
        RiskRating::R1,
        RiskRating::R2,
        RiskRating::R3,
        RiskRating::R4,
        RiskRating::R5,
    ];

    /// `"R1"` … `"R5"`.
    pub fn code(self) -> &'static str {
        match self {
            RiskRating::R1 => "R1",
            RiskRating::R2 => "R2",
            RiskRating::R3 => "R3",
            RiskRating::R4 => "R4",
            RiskRating::R5 => "R5",
        }
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
    /// use waystation_core::products::{ProductRisk, RiskRating};
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
    pub max_term_months: u32,
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

impl ProductCatalogue {
    /// Parses and validates a catalogue; the error lists every problem with its path.
    ///
    /// ```
    /// use waystation_core::products::ProductCatalogue;
    /// let c = ProductCatalogue::sample().unwrap();
    /// let c = ProductCatalogue::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
    /// assert!(c.product("courier_debit_card").is_some());
    /// let e = ProductCatalogue::from_json(r#"{"version": "1", "rule_sets": [], "products": [{"id": 7}]}"#)
    ///     .unwrap_err();
    /// assert!(e.to_string().contains("products[0]"));
    /// ```
    pub fn from_json(json: &str) -> Result<ProductCatalogue, ProductError> {
        let value: Value = serde_json::from_str(json).map_err(|e| ProductError::Syntax {
            line: e.line(),
            column: e.column(),
        })?;
        Self::from_value(&value)
    }

    /// Like [`ProductCatalogue::from_json`], from a parsed JSON value (e.g. the
    /// `"product_catalogue"` member of the station catalogue).
    pub fn from_value(value: &Value) -> Result<ProductCatalogue, ProductError> {
        let mut issues = Vec::new();
        let Some(catalogue) = locate_catalogue(value, &mut issues) else {
            return Err(ProductError::Invalid { issues });
        };
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
    /// ([`crate::catalogue::SAMPLE_CATALOGUE_JSON`], key `product_catalogue`).
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
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut out = Vec::new();
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
        let product_ids: BTreeSet<&str> = self.products.iter().map(|p| p.id.as_str()).collect();
        let mut versions: BTreeMap<&str, Vec<(usize, &RuleSet)>> = BTreeMap::new();
        for (i, rs) in self.rule_sets.iter().enumerate() {
            let prefix = format!("rule_sets[{i}]");
            out.extend(
                check_rule_set(rs, &self.parameters)
                    .into_iter()
                    .map(|issue| issue.under(&prefix)),
            );
            for (j, rule) in rs.rules.iter().enumerate() {
                let path = format!("{prefix}.rules[{j}].criterion");
                product_references(&rule.criterion, &path, 1, &product_ids, &mut out);
            }
            let same = versions.entry(rs.id.as_str()).or_default();
            for (k, other) in same.iter() {
                if other.version == rs.version {
                    out.push(ValidationIssue::error(
                        format!("{prefix}.version"),
                        IssueCode::DuplicateRuleSetVersion,
                        format!(
                            "rule set {} version {} is also rule_sets[{k}]",
                            rs.id, rs.version
                        ),
                    ));
                } else if windows_overlap(
                    (rs.effective_from, rs.effective_to),
                    (other.effective_from, other.effective_to),
                ) {
                    out.push(ValidationIssue::error(
                        format!("{prefix}.effective_from"),
                        IssueCode::OverlappingRuleSetVersions,
                        format!(
                            "versions {} and {} of rule set {} are in effect on the same days",
                            other.version, rs.version, rs.id
                        ),
                    ));
                }
            }
            same.push((i, rs));
        }
        let mut seen = BTreeSet::new();
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
            check_terms(product, &prefix, &mut out);
            match versions.get(product.rule_set_id.as_str()) {
                None => out.push(ValidationIssue::error(
                    format!("{prefix}.rule_set_id"),
                    IssueCode::UnknownRuleSet,
                    format!("no rule set has id {}", product.rule_set_id),
                )),
                Some(list) => {
                    for (_, rs) in list {
                        check_regulatory(product, rs, &self.parameters, &prefix, &mut out);
                    }
                }
            }
        }
        out
    }
}

/// Reports `holds_product` / `does_not_hold_product` naming unknown products.
fn product_references(
    criterion: &Criterion,
    path: &str,
    depth: u32,
    ids: &BTreeSet<&str>,
    out: &mut Vec<ValidationIssue>,
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

fn check_terms(product: &Product, prefix: &str, out: &mut Vec<ValidationIssue>) {
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
            if l.max_term_months == 0 {
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

fn check_regulatory(
    product: &Product,
    rule_set: &RuleSet,
    parameters: &Parameters,
    prefix: &str,
    out: &mut Vec<ValidationIssue>,
) {
    let required = required_criteria(rule_set);
    let has = |pred: &dyn Fn(&Criterion) -> bool| required.iter().any(|c| pred(c));
    let mut missing = |what: &str| {
        out.push(ValidationIssue::error(
            format!("{prefix}.rule_set_id"),
            IssueCode::MissingRegulatoryCriterion,
            format!(
                "rule set {} version {} must require {what} (outside any `any`/`not`)",
                rule_set.id, rule_set.version
            ),
        ));
    };
    match product.kind {
        ProductKind::Wealth => {
            if !has(&|c| matches!(c, Criterion::ValidRiskAssessment {})) {
                missing("valid_risk_assessment");
            }
            if !has(&|c| matches!(c, Criterion::RiskGradeCoversProduct {})) {
                missing("risk_grade_covers_product");
            }
        }
        ProductKind::Insurance => {
            if !has(&|c| matches!(c, Criterion::OccupationClassCovered {})) {
                missing("occupation_class_covered");
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
                missing("age_range with min of at least 18");
            }
        }
        ProductKind::DebitCard | ProductKind::Payment => {}
    }
}

/// Locates every problem of a catalogue document; `Some` when it deserialises.
/// The `product_catalogue` member of the embedded sample catalogue (`null` if absent).
fn sample_value() -> Value {
    serde_json::from_str::<Value>(crate::catalogue::SAMPLE_CATALOGUE_JSON)
        .ok()
        .and_then(|mut v| v.get_mut("product_catalogue").map(Value::take))
        .unwrap_or(Value::Null)
}

fn locate_catalogue(value: &Value, out: &mut Vec<ValidationIssue>) -> Option<ProductCatalogue> {
    if let Ok(c) = serde_json::from_value::<ProductCatalogue>(value.clone()) {
        return Some(c);
    }
    let before = out.len();
    let Some(object) = value.as_object() else {
        return from_value_at::<ProductCatalogue>(value, "", out);
    };
    let mut shell = object.clone();
    if let Some(p) = object.get("parameters") {
        if from_value_at::<Parameters>(p, "parameters", out).is_none() {
            shell.remove("parameters");
        }
    }
    if let Some(Value::Array(sets)) = object.get("rule_sets") {
        shell.insert("rule_sets".into(), Value::Array(Vec::new()));
        for (i, rs) in sets.iter().enumerate() {
            let _ = locate_rule_set(rs, &format!("rule_sets[{i}]"), out);
        }
    }
    if let Some(Value::Array(products)) = object.get("products") {
        shell.insert("products".into(), Value::Array(Vec::new()));
        for (i, p) in products.iter().enumerate() {
            let _ = from_value_at::<Product>(p, &format!("products[{i}]"), out);
        }
    }
    let shell_ok = from_value_at::<ProductCatalogue>(&Value::Object(shell), "", out).is_some();
    if shell_ok && out.len() == before {
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
                "parameters",
                "rule_sets[0].rules[0].criterion.all[0].age_range",
                "rule_sets[0].rules[0].criterion.all[1].kyc_at_least",
                "products[1]",
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
