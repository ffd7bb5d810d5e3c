//! Equivalence of the compiled engine with the engine it replaced.
//!
//! For many synthetic couriers, instants and options, the compiled path (`match_products`,
//! `evaluate`, and [`Matcher::explain`] with everything rendered on demand) must give exactly
//! what the former engine (kept as a test oracle in `reference` modules) gave: decisions,
//! per-criterion outcomes, values, messages in both languages, hints, missing inputs,
//! eligible-on dates, summaries, exclusions, ranking and notices.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use crate::catalogue::{Catalogue, Limits};
use crate::eligibility::{reference as eligibility_reference, CriterionOutcome, RuleSet};
use crate::products::ProductKind;
use crate::screening::Screener;
use crate::synthetic::{courier_profiles, product_catalogue, ProfileConfig};

fn at(s: &str) -> ChinaTime {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

fn synthetic_catalogue(products: usize) -> Catalogue {
    let mut doc = Catalogue::sample().unwrap().document().clone();
    doc.product_catalogue = Some(product_catalogue(7, products).unwrap());
    Catalogue::from_document(doc, &Limits::default()).unwrap()
}

fn profiles(c: &Catalogue, seed: u64, count: usize, missing: f64) -> Vec<CourierProfile> {
    let products = c.products().unwrap();
    courier_profiles(&ProfileConfig {
        seed,
        count,
        member_units: c.member_units().iter().cloned().collect(),
        product_ids: products.products.iter().map(|p| p.id.clone()).collect(),
        missing,
    })
    .collect()
}

/// Instants around rule changes, birthdays, month ends and assessment windows.
const INSTANTS: [&str; 6] = [
    "2026-06-10T10:00:00+08:00",
    "2025-03-01T00:00:00+08:00",
    "2026-01-01T09:00:00+08:00",
    "2026-02-28T23:59:59+08:00",
    "2027-07-01T00:00:00+08:00",
    "2024-12-31T08:00:00+08:00",
];

fn options() -> Vec<MatchOptions> {
    vec![
        MatchOptions::default(),
        MatchOptions {
            personalised: false,
            ..MatchOptions::default()
        },
        MatchOptions {
            kinds: vec![ProductKind::Wealth, ProductKind::Insurance],
            limit: Some(3),
            ..MatchOptions::default()
        },
    ]
}

/// Every lazily rendered piece of a product explanation equals the reference decision.
fn check_lazy_pieces(p: &ProductExplanation<'_, '_>, reference: &MatchEntry) {
    let d = &reference.decision;
    assert_eq!(p.product().id, reference.product_id);
    assert_eq!(p.status(), d.status, "{}", reference.product_id);
    assert_eq!(p.rank(), reference.rank);
    assert_eq!(p.score(), reference.score);
    assert_eq!(
        p.exclusion(),
        reference.exclusion.as_ref().map(|e| e.reason)
    );
    assert_eq!(p.eligible_on(), d.eligible_on, "{}", reference.product_id);
    assert_eq!(p.summary(Lang::ZhCn), d.summary.zh);
    assert_eq!(p.summary(Lang::En), d.summary.en);
    let (missing, hints) = p.blocking();
    assert_eq!(missing, d.missing_inputs);
    assert_eq!(hints, d.hints);
    let rules: Vec<(&str, RuleStatus)> = p.rules().collect();
    let expected: Vec<(&str, RuleStatus)> = d
        .rules
        .iter()
        .map(|r| (r.rule_id.as_str(), r.status))
        .collect();
    assert_eq!(rules, expected);
    let outcomes: Vec<(&str, &CriterionOutcome)> = d
        .rules
        .iter()
        .flat_map(|r| r.criteria.iter().map(move |c| (r.rule_id.as_str(), c)))
        .collect();
    let criteria: Vec<CriterionExplanation<'_, '_>> = p.criteria().collect();
    assert_eq!(criteria.len(), outcomes.len(), "{}", reference.product_id);
    for (c, (rule_id, o)) in criteria.iter().zip(&outcomes) {
        assert_eq!(c.rule_id(), *rule_id);
        assert_eq!(c.kind(), o.kind);
        assert_eq!(i64::from(c.depth()), i64::from(o.depth));
        assert_eq!(c.status(), o.status);
        assert_eq!(c.reason(), o.reason);
        assert_eq!(c.message(Lang::ZhCn), o.message.zh.as_str());
        assert_eq!(c.message(Lang::En), o.message.en.as_str());
        assert_eq!(c.values(), (o.actual.clone(), o.expected.clone()));
        assert_eq!(c.hint(), o.hint);
        assert_eq!(
            c.record().missing.into_iter().collect::<Vec<_>>(),
            o.missing_inputs
        );
    }
}

#[test]
fn compiled_matching_equals_the_former_engine_on_synthetic_couriers() {
    let c = synthetic_catalogue(60);
    let products = c.products().unwrap();
    let matcher = c.matcher().unwrap();
    let people = profiles(&c, 31, 120, 0.2);
    let mut compared = 0usize;
    let mut with_eligible_on = 0usize;
    let mut buffers = MatchBuffers::default();
    for (i, instant) in INSTANTS.iter().enumerate() {
        let as_of = at(instant);
        let ctx = c.evaluation_context(as_of).unwrap();
        for (k, opts) in options().iter().enumerate() {
            // Every instant with the default options; the others on a share of the couriers.
            let step = if k == 0 { 1 } else { 4 };
            for p in people.iter().skip(i % step).step_by(step) {
                let expected = super::reference::match_products(products, p, &ctx, opts);
                let compiled = c.match_products(p, as_of, opts).unwrap();
                assert_eq!(compiled, expected);
                let fast = matcher.explain_reusing(p, as_of, opts, buffers);
                assert_eq!(fast.to_match_result(), expected);
                assert_eq!(fast.notices(), expected.notices);
                let recommended: Vec<ProductExplanation<'_, '_>> = fast.recommended().collect();
                assert_eq!(recommended.len(), expected.recommended.len());
                for (p, e) in recommended.iter().zip(&expected.recommended) {
                    check_lazy_pieces(p, e);
                }
                let excluded: Vec<ProductExplanation<'_, '_>> = fast.excluded().collect();
                assert_eq!(excluded.len(), expected.excluded.len());
                for (p, e) in excluded.iter().zip(&expected.excluded) {
                    check_lazy_pieces(p, e);
                    with_eligible_on += usize::from(e.decision.eligible_on.is_some());
                }
                compared += 1;
                buffers = fast.into_buffers();
            }
        }
    }
    assert!(compared > 1000, "{compared}");
    // The search for eligible-on dates was exercised.
    assert!(with_eligible_on > 50, "{with_eligible_on}");
}

#[test]
fn compiled_evaluate_equals_the_former_engine_for_every_rule_set_version() {
    let c = synthetic_catalogue(24);
    let products = c.products().unwrap();
    let people = profiles(&c, 77, 60, 0.3);
    for instant in INSTANTS {
        let ctx = c.evaluation_context(at(instant)).unwrap();
        // Every version, in effect or not (a rule set out of effect is ineligible).
        for rs in &products.rule_sets {
            let facts = products
                .products
                .iter()
                .find(|p| p.rule_set_id == rs.id)
                .map_or_else(
                    || crate::eligibility::BenefitFacts {
                        id: rs.id.clone(),
                        ..Default::default()
                    },
                    Product::facts,
                );
            for p in &people {
                assert_eq!(
                    crate::eligibility::evaluate(rs, &facts, p, &ctx),
                    eligibility_reference::evaluate(rs, &facts, p, &ctx),
                    "{} {}",
                    rs.id,
                    rs.version
                );
            }
        }
    }
}

#[test]
fn screening_gives_the_status_and_rules_of_the_decision() {
    let c = synthetic_catalogue(20);
    let products = c.products().unwrap();
    let people = profiles(&c, 5, 200, 0.2);
    for instant in INSTANTS {
        let ctx = c.evaluation_context(at(instant)).unwrap();
        for product in &products.products {
            let Ok(screener) = Screener::for_product(products, &product.id, ctx) else {
                continue;
            };
            let report = screener.screen(&people);
            for (p, o) in people.iter().zip(&report.outcomes) {
                let d =
                    eligibility_reference::evaluate(screener.rule_set(), &product.facts(), p, &ctx);
                assert_eq!(o.status, d.status);
                let failed: Vec<u32> = (0u32..)
                    .zip(&d.rules)
                    .filter(|(_, r)| r.status == RuleStatus::Failed)
                    .map(|(i, _)| i)
                    .collect();
                let unknown: Vec<u32> = (0u32..)
                    .zip(&d.rules)
                    .filter(|(_, r)| r.status == RuleStatus::Unknown)
                    .map(|(i, _)| i)
                    .collect();
                assert_eq!(o.failed_rules, failed);
                assert_eq!(o.unknown_rules, unknown);
            }
        }
    }
}

/// A random criterion: leaves of every kind (some naming undefined parameters) nested in
/// `all` / `any` / `not`.
fn random_criterion(rng: &mut crate::synthetic::SplitMix64, depth: u32) -> serde_json::Value {
    use serde_json::json;
    let combine = depth < 4 && rng.chance(0.45);
    if combine {
        let n = rng.below(4);
        let members: Vec<serde_json::Value> =
            (0..n).map(|_| random_criterion(rng, depth + 1)).collect();
        return match rng.below(3) {
            0 => json!({ "all": members }),
            1 => json!({ "any": members }),
            _ => json!({ "not": random_criterion(rng, depth + 1) }),
        };
    }
    let threshold = |rng: &mut crate::synthetic::SplitMix64, range: usize, base: i64, unit: i64| {
        let v = base + unit * rng.below(range) as i64;
        match rng.below(6) {
            0 => json!({"parameter": "max_age"}),
            1 => json!({"parameter": "undefined_one"}),
            _ => json!(v),
        }
    };
    match rng.below(15) {
        0 => {
            let mut o = serde_json::Map::new();
            if rng.chance(0.7) {
                o.insert("min".into(), threshold(rng, 10, 16, 1));
            }
            if rng.chance(0.5) {
                o.insert("max".into(), threshold(rng, 25, 45, 1));
            }
            json!({ "age_range": o })
        }
        1 => json!({"tenure_at_least": {"months": threshold(rng, 30, 0, 1)}}),
        2 => json!({"occupation_in": {"occupations": ["express_courier", "ride_hailing_driver"]}}),
        3 => json!({"employer_is_member": {}}),
        4 => json!({"province_in": {"provinces": ["shandong", "beijing"]}}),
        5 => json!({"city_in": {"cities": ["济南市", "青岛", "Beijing"]}}),
        6 => {
            let t = threshold(rng, 8, 300_000, 100_000);
            if rng.chance(0.5) {
                json!({"income_at_least": {"monthly_fen": t}})
            } else {
                // Per year, not always a multiple of 12 (the rounding is checked).
                let t = threshold(rng, 8, 3_600_000, 1_200_007);
                json!({"income_at_least": {"yearly_fen": t}})
            }
        }
        7 => json!({"holds_product": {"product_id": "courier_debit_card"}}),
        8 => json!({"does_not_hold_product": {"product_id": "courier_debit_card"}}),
        9 => {
            let level = ["basic", "verified", "full"][rng.below(3)];
            json!({"kyc_at_least": {"level": level}})
        }
        10 => json!({"valid_risk_assessment": {}}),
        11 => json!({"assessment_frequency_within_limits": {}}),
        12 => json!({"risk_grade_covers_product": {}}),
        13 => json!({"occupation_class_covered": {}}),
        _ => json!({"tenure_at_least": {"months": rng.below(40)}}),
    }
}

fn random_rule_set(rng: &mut crate::synthetic::SplitMix64, id: usize) -> RuleSet {
    use serde_json::json;
    let dates = ["2025-06-01", "2026-01-01", "2026-06-10", "2027-01-01"];
    let rules: Vec<serde_json::Value> = (0..1 + rng.below(5))
        .map(|k| {
            let mut rule = json!({
                "id": format!("r{k}"),
                "description": {"zh": "规则", "en": "rule"},
                "source": {"document": "test"},
                "criterion": random_criterion(rng, 0),
            });
            if rng.chance(0.2) {
                rule["effective_from"] = json!(dates[rng.below(dates.len())]);
            }
            if rng.chance(0.2) {
                rule["effective_to"] = json!(dates[rng.below(dates.len())]);
            }
            rule
        })
        .collect();
    let mut set = json!({
        "id": format!("random_{id}"), "version": "1",
        "description": {"zh": "随机", "en": "random"},
        "rules": rules,
    });
    if rng.chance(0.15) {
        set["effective_to"] = json!("2026-03-01");
    }
    serde_json::from_value(set).unwrap()
}

#[test]
fn compiled_evaluate_equals_the_former_engine_on_random_nested_rule_sets() {
    let c = synthetic_catalogue(12);
    let people = profiles(&c, 91, 80, 0.3);
    let units: std::collections::BTreeSet<String> = c.member_units().clone();
    let mut params = c.products().unwrap().parameters.clone();
    params.values.insert("max_age".into(), 60);
    let mut rng = crate::synthetic::SplitMix64::new(4242);
    let benefits = [
        crate::eligibility::BenefitFacts {
            id: "rated".into(),
            risk_rating: Some(RiskRating::R3),
            covered_occupation_classes: vec![1, 2, 3],
        },
        crate::eligibility::BenefitFacts {
            id: "insured".into(),
            risk_rating: None,
            covered_occupation_classes: vec![3, 4],
        },
        crate::eligibility::BenefitFacts::default(),
    ];
    let (mut combos, mut dated) = (0usize, 0usize);
    for id in 0..150 {
        let rs = random_rule_set(&mut rng, id);
        combos += rs
            .rules
            .iter()
            .filter(|r| !r.criterion.children().is_empty())
            .count();
        for instant in INSTANTS.iter().step_by(2) {
            let ctx = EvaluationContext {
                as_of: at(instant),
                member_units: &units,
                catalogue_version: "cat-test",
                parameters: &params,
            };
            for (i, p) in people.iter().enumerate() {
                let benefit = &benefits[(i + id) % benefits.len()];
                let expected = eligibility_reference::evaluate(&rs, benefit, p, &ctx);
                dated += usize::from(expected.eligible_on.is_some());
                assert_eq!(
                    crate::eligibility::evaluate(&rs, benefit, p, &ctx),
                    expected,
                    "{}",
                    serde_json::to_string(&rs).unwrap()
                );
            }
        }
    }
    assert!(combos > 100, "{combos}");
    assert!(dated > 100, "{dated}");
}

/// The matcher on random nested rule sets, each shared by several products with different
/// benefits (ratings, occupation classes) and some with two overlapping versions, with one set
/// of buffers reused across instants and alternately by two matchers: the same answers as the
/// former engine.
#[test]
fn matcher_equals_the_former_engine_on_random_rule_sets_shared_by_products() {
    use serde_json::json;
    let c = synthetic_catalogue(24);
    let other = c.matcher().unwrap();
    let mut catalogue = c.products().unwrap().clone();
    catalogue.parameters.values.insert("max_age".into(), 60);
    let mut rng = crate::synthetic::SplitMix64::new(777);
    let mut sets = Vec::new();
    for k in 0..8 {
        let first = random_rule_set(&mut rng, k);
        sets.push(first);
        if k % 2 == 0 {
            // A later version of the same set, overlapping the first (the later start wins).
            let mut v: serde_json::Value =
                serde_json::to_value(random_rule_set(&mut rng, k)).unwrap();
            v["version"] = json!("2");
            v["effective_from"] = json!("2026-01-01");
            v.as_object_mut().unwrap().remove("effective_to");
            sets.push(serde_json::from_value(v).unwrap());
        }
    }
    catalogue.rule_sets = sets;
    for (i, p) in catalogue.products.iter_mut().enumerate() {
        p.rule_set_id = format!("random_{}", i % 8);
    }
    let ratings: std::collections::BTreeSet<_> = catalogue
        .products
        .iter()
        .map(|p| (p.rule_set_id.clone(), p.effective_risk_rating()))
        .collect();
    // Some set is read with several ratings.
    assert!(ratings.len() > 8, "{ratings:?}");
    let units = c.member_units().clone();
    let matcher = Matcher::new(&catalogue, &catalogue.parameters, &units, "cat-test");
    let people = profiles(&c, 5, 60, 0.3);
    let mut buffers = MatchBuffers::default();
    let (mut compared, mut nested) = (0usize, 0usize);
    for instant in INSTANTS {
        let as_of = at(instant);
        let ctx = EvaluationContext {
            as_of,
            member_units: &units,
            catalogue_version: "cat-test",
            parameters: &catalogue.parameters,
        };
        for opts in options() {
            for (k, p) in people.iter().enumerate() {
                if k % 3 == 0 {
                    // The other matcher in between: its plan must not be reused here.
                    let e = other.explain_reusing(p, as_of, &opts, buffers);
                    assert_eq!(
                        e.to_match_result(),
                        c.match_products(p, as_of, &opts).unwrap()
                    );
                    buffers = e.into_buffers();
                }
                let expected = super::reference::match_products(&catalogue, p, &ctx, &opts);
                let fast = matcher.explain_reusing(p, as_of, &opts, buffers);
                assert_eq!(fast.to_match_result(), expected);
                for (p, e) in fast.recommended().zip(&expected.recommended) {
                    check_lazy_pieces(&p, e);
                }
                for (p, e) in fast.excluded().zip(&expected.excluded) {
                    check_lazy_pieces(&p, e);
                    nested += p.criteria().filter(|c| c.depth() > 0).count();
                }
                compared += 1;
                buffers = fast.into_buffers();
            }
        }
    }
    assert!(compared > 1000, "{compared}");
    assert!(nested > 1000, "{nested}");
}
