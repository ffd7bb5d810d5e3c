//! Batch screening for back offices: many courier profiles against one product or rule set.
//!
//! Every profile gets the same answer as [`evaluate`](crate::eligibility::evaluate) would give it (eligible, ineligible or
//! unknown), kept compact: the status and the indices of the rules that failed or could not be
//! decided, into [`ScreeningReport::rule_ids`]. Outcomes come back in the order of the profiles,
//! whichever way they were computed, with the counts of each status.
//!
//! [`Screener::screen`] runs on the calling thread; with the cargo feature `parallel` (not
//! default: WASM and mobile builds never pull rayon in), `Screener::screen_parallel` spreads
//! the profiles over all cores and returns the identical report.
//!
//! ```
//! use std::collections::BTreeSet;
//! use waystation::products::ProductCatalogue;
//! use waystation::profile::CourierProfile;
//! use waystation::screening::Screener;
//! let catalogue = ProductCatalogue::sample().unwrap();
//! let units = BTreeSet::new();
//! let as_of = chrono::DateTime::parse_from_rfc3339("2026-06-01T09:00:00+08:00").unwrap();
//! let ctx = catalogue.context(as_of, &units, "stations-2026.1");
//! let screener = Screener::for_product(&catalogue, "courier_debit_card", ctx).unwrap();
//! let profiles = vec![
//!     CourierProfile::from_json(r#"{"resident_id": "110105199003071239",
//!         "occupation": "express_courier", "kyc_level": "basic", "held_products": []}"#).unwrap(),
//!     CourierProfile::from_json(r#"{"occupation": "express_courier", "kyc_level": "none",
//!         "held_products": []}"#).unwrap(),
//! ];
//! let report = screener.screen(&profiles);
//! assert_eq!((report.counts.eligible, report.counts.ineligible), (1, 1));
//! let kyc = report.rule_ids.iter().position(|id| id == "kyc").unwrap();
//! assert_eq!(report.outcomes[1].failed_rules, vec![kyc as u32]);
//! ```

use serde::{Deserialize, Serialize};

use crate::eligibility::{
    run_set, Benefit, BenefitFacts, CompiledRuleSet, Eligibility, EvaluationContext, Facts, Pass,
    RecordBuf, RuleSet, RuleStatus,
};
use crate::products::ProductCatalogue;
use crate::profile::CourierProfile;
use crate::time::china_date;

/// The answer for one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningOutcome {
    /// Eligible, ineligible or unknown.
    pub status: Eligibility,
    /// Indices (into [`ScreeningReport::rule_ids`]) of the rules that failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_rules: Vec<u32>,
    /// Indices of the rules that could not be decided for missing inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_rules: Vec<u32>,
}

/// How many profiles got each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningCounts {
    /// Eligible profiles.
    pub eligible: u64,
    /// Ineligible profiles.
    pub ineligible: u64,
    /// Profiles whose answer is unknown.
    pub unknown: u64,
}

impl ScreeningCounts {
    /// Counts one more profile with `status`.
    pub fn record(&mut self, status: Eligibility) {
        let slot = match status {
            Eligibility::Eligible => &mut self.eligible,
            Eligibility::Ineligible => &mut self.ineligible,
            Eligibility::Unknown => &mut self.unknown,
        };
        *slot = slot.saturating_add(1);
    }

    /// Adds the counts of another batch (e.g. the next chunk of a stream).
    pub fn add(&mut self, other: &ScreeningCounts) {
        self.eligible = self.eligible.saturating_add(other.eligible);
        self.ineligible = self.ineligible.saturating_add(other.ineligible);
        self.unknown = self.unknown.saturating_add(other.unknown);
    }

    /// Every profile counted.
    pub fn total(&self) -> u64 {
        self.eligible
            .saturating_add(self.ineligible)
            .saturating_add(self.unknown)
    }
}

/// The answers for a batch of profiles, in their order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningReport {
    /// Id of the rule set applied.
    pub rule_set_id: String,
    /// Its version.
    pub rule_set_version: String,
    /// Ids of its rules; outcomes refer to them by index.
    pub rule_ids: Vec<String>,
    /// One outcome per profile, in the order given.
    pub outcomes: Vec<ScreeningOutcome>,
    /// How many profiles got each status.
    pub counts: ScreeningCounts,
}

/// Why a screening could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreeningError {
    /// No product with this id in the catalogue.
    #[error("unknown product {id}")]
    UnknownProduct {
        /// The id asked for (at most 64 characters).
        id: String,
    },
    /// The product has no rule set in effect on the as-of date: it is not offered.
    #[error("no rule set {rule_set_id} in effect for product {product_id}")]
    NoRuleSetInEffect {
        /// The product.
        product_id: String,
        /// Its rule set id.
        rule_set_id: String,
    },
}

/// One rule set, the benefit it decides and the evaluation context, ready to screen profiles.
#[derive(Debug, Clone)]
pub struct Screener<'a> {
    rule_set: &'a RuleSet,
    compiled: CompiledRuleSet<'a>,
    benefit: BenefitFacts,
    ctx: EvaluationContext<'a>,
}

impl<'a> Screener<'a> {
    /// Screens against `rule_set` for the benefit `benefit` (use
    /// `BenefitFacts { id, ..Default::default() }` for a programme without risk rating or
    /// occupation classes). The rule set is compiled once, here.
    pub fn new(
        rule_set: &'a RuleSet,
        benefit: BenefitFacts,
        ctx: EvaluationContext<'a>,
    ) -> Screener<'a> {
        Screener {
            rule_set,
            compiled: CompiledRuleSet::new(rule_set, ctx.parameters),
            benefit,
            ctx,
        }
    }

    /// Screens against the rule set of product `product_id` in effect on `ctx.as_of`.
    pub fn for_product(
        catalogue: &'a ProductCatalogue,
        product_id: &str,
        ctx: EvaluationContext<'a>,
    ) -> Result<Screener<'a>, ScreeningError> {
        let product =
            catalogue
                .product(product_id)
                .ok_or_else(|| ScreeningError::UnknownProduct {
                    id: product_id.chars().take(64).collect(),
                })?;
        let rule_set = catalogue
            .rule_set_for(&product.rule_set_id, china_date(&ctx.as_of))
            .ok_or_else(|| ScreeningError::NoRuleSetInEffect {
                product_id: product.id.clone(),
                rule_set_id: product.rule_set_id.clone(),
            })?;
        Ok(Screener::new(rule_set, product.facts(), ctx))
    }

    /// The rule set applied.
    pub fn rule_set(&self) -> &RuleSet {
        self.rule_set
    }

    /// The answer for one profile (the same status as [`evaluate`]): one status-only pass of
    /// the compiled rule set over the profile's facts, no text.
    ///
    /// [`evaluate`]: crate::eligibility::evaluate
    pub fn screen_one(&self, profile: &CourierProfile) -> ScreeningOutcome {
        let facts = Facts::new(
            profile,
            self.ctx.as_of,
            self.ctx.parameters,
            self.ctx.member_units,
        );
        let pass = Pass {
            facts: &facts,
            benefit: Benefit {
                rating: self.benefit.risk_rating,
                classes: &self.benefit.covered_occupation_classes,
            },
            held: None,
            shared: 0,
        };
        let mut failed_rules = Vec::new();
        let mut unknown_rules = Vec::new();
        let mut index = 0u32;
        // Without recording, the pass writes no records: this vector stays empty.
        let mut no_records = RecordBuf::default();
        let (status, _) = run_set::<false>(&self.compiled, pass, &mut no_records, |rule| {
            match rule {
                RuleStatus::Failed => failed_rules.push(index),
                RuleStatus::Unknown => unknown_rules.push(index),
                RuleStatus::Passed | RuleStatus::NotInEffect => {}
            }
            index = index.saturating_add(1);
        });
        ScreeningOutcome {
            status,
            failed_rules,
            unknown_rules,
        }
    }

    /// Screens `profiles` on the calling thread.
    pub fn screen(&self, profiles: &[CourierProfile]) -> ScreeningReport {
        self.report(profiles.iter().map(|p| self.screen_one(p)).collect())
    }

    /// Screens `profiles` on all cores (rayon's global pool); the same report as
    /// [`Screener::screen`], outcomes in the order of the profiles.
    #[cfg(feature = "parallel")]
    pub fn screen_parallel(&self, profiles: &[CourierProfile]) -> ScreeningReport {
        use rayon::prelude::*;
        self.report(
            profiles
                .par_iter()
                .with_min_len(256)
                .map(|p| self.screen_one(p))
                .collect(),
        )
    }

    fn report(&self, outcomes: Vec<ScreeningOutcome>) -> ScreeningReport {
        let mut counts = ScreeningCounts::default();
        for outcome in &outcomes {
            counts.record(outcome.status);
        }
        ScreeningReport {
            rule_set_id: self.rule_set.id.clone(),
            rule_set_version: self.rule_set.version.clone(),
            rule_ids: self.rule_set.rules.iter().map(|r| r.id.clone()).collect(),
            outcomes,
            counts,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::catalogue::Catalogue;

    fn profiles() -> Vec<CourierProfile> {
        let text = [
            r#"{"resident_id": "370102199506122017", "occupation": "express_courier",
                "employer_code": "91370102MA3C4U7K58", "employment_start": "2025-09-01",
                "province": "shandong", "monthly_income_fen": 680000,
                "held_products": ["courier_debit_card"], "kyc_level": "verified"}"#,
            r#"{"resident_id": "110105200805030012", "occupation": "express_courier",
                "kyc_level": "basic", "held_products": []}"#,
            r#"{"occupation": "instant_delivery_rider", "kyc_level": "verified",
                "held_products": ["courier_debit_card"]}"#,
            r#"{}"#,
        ];
        (0..250)
            .flat_map(|_| text.iter())
            .map(|t| CourierProfile::from_json(t).unwrap())
            .collect()
    }

    #[test]
    fn counts_add_up_and_match_evaluate() {
        let c = Catalogue::sample().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00").unwrap();
        let ctx = c.evaluation_context(at).unwrap();
        let products = c.products().unwrap();
        let profiles = profiles();
        for product in &products.products {
            let screener = Screener::for_product(products, &product.id, ctx).unwrap();
            let report = screener.screen(&profiles);
            assert_eq!(report.outcomes.len(), profiles.len());
            assert_eq!(report.counts.total(), profiles.len() as u64);
            assert_eq!(report.rule_ids.len(), screener.rule_set().rules.len());
            for (p, o) in profiles.iter().zip(&report.outcomes).take(8) {
                let d = crate::matching::product_decision(products, product, p, &ctx);
                assert_eq!(d.status, o.status, "{}", product.id);
                assert_eq!(
                    o.status == Eligibility::Ineligible,
                    !o.failed_rules.is_empty()
                );
            }
        }
    }

    #[test]
    fn unknown_products_and_missing_rule_sets_are_errors() {
        let c = Catalogue::sample().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00").unwrap();
        let ctx = c.evaluation_context(at).unwrap();
        let err = Screener::for_product(c.products().unwrap(), "nope", ctx).unwrap_err();
        assert!(matches!(err, ScreeningError::UnknownProduct { .. }));
        let old = chrono::DateTime::parse_from_rfc3339("2020-06-10T10:00:00+08:00").unwrap();
        let ctx = c.evaluation_context(old).unwrap();
        let err =
            Screener::for_product(c.products().unwrap(), "courier_debit_card", ctx).unwrap_err();
        assert!(matches!(err, ScreeningError::NoRuleSetInEffect { .. }));
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn parallel_equals_sequential() {
        let c = Catalogue::sample().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00").unwrap();
        let ctx = c.evaluation_context(at).unwrap();
        let products = c.products().unwrap();
        let profiles = profiles();
        for id in [
            "courier_micro_loan",
            "wealth_cash_r1",
            "accident_insurance_24h",
        ] {
            let screener = Screener::for_product(products, id, ctx).unwrap();
            assert_eq!(
                screener.screen(&profiles),
                screener.screen_parallel(&profiles)
            );
        }
    }
}
