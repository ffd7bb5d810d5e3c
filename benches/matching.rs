//! Matching one courier against the whole product catalogue, with every reason
//! (`Catalogue::match_products`, and the compiled fast path `Matcher::explain` whose reasons are
//! codes and typed values rendered on demand), against the same eligibility criteria written as
//! JsonLogic and evaluated by `datalogic-rs` without reasons.
//!
//! Rows: `engine/match_products` (compiles per call, renders everything in both languages),
//! `engine/match_products_zh` (the same answer worded in zh-CN only, `MatchOptions::lang`),
//! `fast/explain_reusing` (matcher built once, buffers of the previous courier reused, as a
//! server matching courier after courier would: every decision, criterion outcome, exclusion and
//! rank as structured data), `fast/explain_render_zh` (the same, then every product's summary
//! and every criterion's message rendered in zh-CN), `fast/to_match_result` (everything rendered in both
//! languages: equal to `match_products`), `fast/to_match_result_zh` (the same in zh-CN only, buffers
//! reused), `engine/decisions_only`, and the JsonLogic baseline.
//!
//! `cargo bench -p waystation-benches --bench matching`; `cargo bench -p waystation-benches --bench matching -- --test` is the smoke pass.
//! `WAYSTATION_BENCH_PRODUCTS=N` changes the catalogue size (default 60).
//!
//! The baseline gets a flat JSON "facts" object per courier, computed once per courier (age,
//! tenure in months, occupation and its insurance class, member flag, province, city, income,
//! held products, KYC rank, the highest product rating the assessed grade allows, and whether
//! the risk assessment is valid and within the frequency limits as of the instant), and one
//! compiled JsonLogic rule per product (the `and` of the rules in effect that day). It gives a
//! bare true/false: no reasons, no hints, no dates of eligibility, no unknown answer, no
//! ranking.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{Datelike, Months, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use datalogic_rs::{bumpalo::Bump, Engine, EvalInput, Logic};
use serde_json::{json, Value};
use waystation::catalogue::{Catalogue, Limits};
use waystation::eligibility::{
    Criterion as Crit, Eligibility, EvaluationContext, LimitWindow, Parameters, RuleSet, Threshold,
};
use waystation::identity::UnifiedCreditCode;
use waystation::lang::Lang;
use waystation::matching::{product_decision, MatchBuffers, MatchOptions};
use waystation::products::{Product, ProductCatalogue};
use waystation::profile::{CourierProfile, KycLevel};
use waystation::synthetic::{courier_profiles, product_catalogue, ProfileConfig};
use waystation::time::{china_date, start_of_day, ChinaTime};

const AS_OF: &str = "2026-06-10T10:00:00+08:00";

fn kyc_rank(level: KycLevel) -> i64 {
    match level {
        KycLevel::None => 0,
        KycLevel::Basic => 1,
        KycLevel::Verified => 2,
        KycLevel::Full => 3,
    }
}

macro_rules! snake {
    ($v:expr) => {
        serde_json::to_value($v).unwrap()
    };
}

fn resolve(t: &Threshold, params: &Parameters) -> i64 {
    t.resolve(params).unwrap()
}

/// One criterion as JsonLogic over the facts object.
fn to_jsonlogic(c: &Crit, product: &Product, params: &Parameters) -> Value {
    match c {
        Crit::All(list) if list.is_empty() => json!(true),
        Crit::Any(list) if list.is_empty() => json!(false),
        Crit::All(list) => {
            json!({"and": list.iter().map(|c| to_jsonlogic(c, product, params)).collect::<Vec<_>>()})
        }
        Crit::Any(list) => {
            json!({"or": list.iter().map(|c| to_jsonlogic(c, product, params)).collect::<Vec<_>>()})
        }
        Crit::Not(inner) => json!({"!": [to_jsonlogic(inner, product, params)]}),
        Crit::AgeRange { min, max } => {
            let mut parts = Vec::new();
            if let Some(min) = min {
                parts.push(json!({">=": [{"var": "age"}, resolve(min, params)]}));
            }
            if let Some(max) = max {
                parts.push(json!({"<=": [{"var": "age"}, resolve(max, params)]}));
            }
            json!({"and": parts})
        }
        Crit::TenureAtLeast { months } => {
            json!({">=": [{"var": "tenure_months"}, resolve(months, params)]})
        }
        Crit::OccupationIn { occupations } => {
            json!({"in": [{"var": "occupation"}, snake!(occupations)]})
        }
        Crit::EmployerIsMember {} => json!({"==": [{"var": "member"}, true]}),
        Crit::ProvinceIn { provinces } => json!({"in": [{"var": "province"}, snake!(provinces)]}),
        Crit::CityIn { cities } => {
            let cities: Vec<&str> = cities.iter().map(|c| c.trim_end_matches('市')).collect();
            json!({"in": [{"var": "city"}, cities]})
        }
        Crit::IncomeAtLeast {
            monthly_fen: Some(monthly_fen),
            ..
        } => {
            json!({">=": [{"var": "income"}, resolve(monthly_fen, params)]})
        }
        Crit::IncomeAtLeast {
            yearly_fen: Some(yearly_fen),
            ..
        } => {
            json!({">=": [{"*": [{"var": "income"}, 12]}, resolve(yearly_fen, params)]})
        }
        Crit::IncomeAtLeast { .. } => json!(false),
        Crit::HoldsProduct { product_id } => json!({"in": [product_id, {"var": "held"}]}),
        Crit::DoesNotHoldProduct { product_id } => {
            json!({"!": [{"in": [product_id, {"var": "held"}]}]})
        }
        Crit::KycAtLeast { level } => json!({">=": [{"var": "kyc"}, kyc_rank(*level)]}),
        Crit::ValidRiskAssessment {} => json!({"==": [{"var": "assessment_valid"}, true]}),
        Crit::AssessmentFrequencyWithinLimits {} => {
            json!({"==": [{"var": "assessment_frequency_ok"}, true]})
        }
        Crit::RiskGradeCoversProduct {} => match product.effective_risk_rating() {
            Some(r) => json!({">=": [{"var": "max_rating"}, r as i64 + 1]}),
            None => json!(false),
        },
        Crit::OccupationClassCovered {} => {
            let classes = product.facts().covered_occupation_classes;
            json!({"in": [{"var": "occupation_class"}, classes]})
        }
    }
}

/// A rule set as one JsonLogic expression: the `and` of its rules in effect on `date`.
fn rule_set_to_jsonlogic(
    rs: Option<&RuleSet>,
    product: &Product,
    params: &Parameters,
    date: NaiveDate,
) -> Value {
    match rs {
        None => json!(false),
        Some(rs) => json!({"and": rs.rules.iter().filter(|r| r.in_effect_on(date))
            .map(|r| to_jsonlogic(&r.criterion, product, params)).collect::<Vec<_>>()}),
    }
}

fn whole_months(start: NaiveDate, date: NaiveDate) -> i64 {
    let mut m = (i64::from(date.year()) - i64::from(start.year())) * 12 + i64::from(date.month())
        - i64::from(start.month());
    let add = |m: i64| {
        if m >= 0 {
            start.checked_add_months(Months::new(m as u32))
        } else {
            start.checked_sub_months(Months::new((-m) as u32))
        }
    };
    while add(m).is_some_and(|d| d > date) {
        m -= 1;
    }
    m
}

/// The flat facts object of one courier, as of `ctx.as_of`.
fn facts(p: &CourierProfile, ctx: &EvaluationContext<'_>) -> Value {
    let today = china_date(&ctx.as_of);
    let params = ctx.parameters;
    let age = p
        .birth_date()
        .map(|b| whole_months(b, today).div_euclid(12));
    let tenure = p.employment_start.map(|s| whole_months(s, today));
    let member = p.employer_code.as_ref().map(|c| {
        ctx.member_units
            .contains(&UnifiedCreditCode::normalise(c.raw()))
    });
    let max_rating = p
        .risk_assessment
        .as_ref()
        .and_then(|a| params.max_rating_for(a.grade))
        .map_or(0, |r| r as i64 + 1);
    let valid = p.risk_assessment.as_ref().is_some_and(|a| {
        let taken = china_date(&a.assessed_at);
        let last = taken
            .checked_add_months(Months::new(params.assessment_validity_months))
            .and_then(|d| d.succ_opt());
        a.assessed_at <= ctx.as_of && last.is_some_and(|d| ctx.as_of < start_of_day(d))
    });
    let dates: Vec<NaiveDate> = p
        .assessment_instants()
        .into_iter()
        .filter(|t: &ChinaTime| *t <= ctx.as_of)
        .map(|t| china_date(&t))
        .collect();
    let frequency_ok = params.assessment_limits.iter().all(|l| {
        let count = match l.window {
            LimitWindow::CalendarDay => dates.iter().filter(|d| **d == today).count(),
            LimitWindow::Months(n) => {
                let start = today.checked_sub_months(Months::new(n)).unwrap();
                dates.iter().filter(|d| **d > start).count()
            }
        };
        count <= l.max_count as usize
    });
    json!({
        "age": age,
        "tenure_months": tenure,
        "occupation": p.occupation.map(|o| snake!(&o)),
        "occupation_class": p.occupation.and_then(|o| params.occupation_class(o)),
        "member": member,
        "province": p.province.map(|x| snake!(&x)),
        "city": p.city.as_deref().map(|c| c.trim_end_matches('市')),
        "income": p.monthly_income_fen,
        "held": p.held_products.as_ref().map(|h| h.iter().collect::<Vec<_>>()),
        "kyc": p.kyc_level.map(kyc_rank),
        "max_rating": max_rating,
        "assessment_valid": valid,
        "assessment_frequency_ok": frequency_ok,
    })
}

struct Baseline {
    engine: Engine,
    rules: Vec<Logic>,
}

impl Baseline {
    fn new(products: &ProductCatalogue, ctx: &EvaluationContext<'_>) -> Baseline {
        let engine = Engine::new();
        let date = china_date(&ctx.as_of);
        let rules = products
            .products
            .iter()
            .map(|p| {
                let rs = products.rule_set_for(&p.rule_set_id, date);
                let logic = rule_set_to_jsonlogic(rs, p, ctx.parameters, date);
                engine.compile(&logic).unwrap()
            })
            .collect();
        Baseline { engine, rules }
    }

    /// Eligibility of every product for one courier whose facts are given; `out` is refilled.
    fn eligible(&self, facts: &Value, arena: &mut Bump, out: &mut Vec<bool>) {
        out.clear();
        {
            let data = facts.into_arena_value(arena).unwrap();
            for rule in &self.rules {
                let v = self.engine.evaluate(rule, data, arena).unwrap();
                out.push(v.as_bool() == Some(true));
            }
        }
        arena.reset();
    }
}

fn matching(c: &mut Criterion) {
    let smoke = std::env::args().any(|a| a == "--test");
    let n_products: usize = std::env::var("WAYSTATION_BENCH_PRODUCTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let mut doc = Catalogue::sample().unwrap().document().clone();
    doc.product_catalogue = Some(product_catalogue(7, n_products).unwrap());
    let catalogue = Catalogue::from_document(doc, &Limits::default()).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(AS_OF).unwrap();
    let products = catalogue.products().unwrap();
    let ctx = catalogue.evaluation_context(at).unwrap();
    let n_profiles = if smoke { 300 } else { 2000 };
    let profiles: Vec<CourierProfile> = courier_profiles(&ProfileConfig {
        seed: 11,
        count: n_profiles,
        member_units: catalogue.member_units().iter().cloned().collect(),
        product_ids: products.products.iter().map(|p| p.id.clone()).collect(),
        ..ProfileConfig::default()
    })
    .collect();
    let baseline = Baseline::new(products, &ctx);
    let options = MatchOptions::default();
    let matcher = catalogue.matcher().unwrap();

    // The engine and the baseline agree on eligibility wherever the engine can decide.
    let (mut eligible, mut checked, mut unknown, mut recommended) =
        (0usize, 0usize, 0usize, 0usize);
    let mut arena = Bump::new();
    let mut answers = Vec::new();
    for p in &profiles {
        let result = catalogue.match_products(p, at, &options).unwrap();
        recommended += result.recommended.len();
        baseline.eligible(&facts(p, &ctx), &mut arena, &mut answers);
        for entry in result.recommended.iter().chain(&result.excluded) {
            let i = products
                .products
                .iter()
                .position(|x| x.id == entry.product_id)
                .unwrap();
            match entry.decision.status {
                Eligibility::Unknown => unknown += 1,
                status => {
                    assert_eq!(
                        status == Eligibility::Eligible,
                        answers[i],
                        "product {} profile {p:?}",
                        entry.product_id
                    );
                    checked += 1;
                    eligible += usize::from(answers[i]);
                }
            }
        }
        // The fast path: the same decisions, exclusions and ranking, and the same answers as
        // the baseline; rendered in full it is exactly `match_products`.
        let fast = matcher.explain(p, at, &options);
        for entry in fast.products() {
            let i = products
                .products
                .iter()
                .position(|x| x.id == entry.product().id)
                .unwrap();
            if entry.status() != Eligibility::Unknown {
                assert_eq!(entry.status() == Eligibility::Eligible, answers[i]);
            }
        }
        assert_eq!(fast.to_match_result(), result);
        // The same decision as evaluating the product alone.
        let first = &products.products[0];
        assert_eq!(
            product_decision(products, first, p, &ctx).status,
            result
                .recommended
                .iter()
                .chain(&result.excluded)
                .find(|e| e.product_id == first.id)
                .unwrap()
                .decision
                .status
        );
    }
    let rules: usize = products
        .products
        .iter()
        .filter_map(|p| products.rule_set_for(&p.rule_set_id, china_date(&at)))
        .map(|rs| rs.rules.len())
        .sum();
    println!(
        "matching: {} products ({} rules in effect), {} profiles; {checked} decisions agree with \
         JsonLogic ({:.1}% eligible), {unknown} unknown (skipped); {:.1} recommended per courier",
        products.products.len(),
        rules,
        profiles.len(),
        100.0 * eligible as f64 / checked.max(1) as f64,
        recommended as f64 / profiles.len() as f64,
    );

    let prebuilt: Vec<Value> = profiles.iter().map(|p| facts(p, &ctx)).collect();
    let mut g = c.benchmark_group("matching");
    g.measurement_time(Duration::from_secs(if smoke { 1 } else { 4 }));
    g.sample_size(20);
    let mut k = 0usize;
    g.bench_function("engine/match_products", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            black_box(
                catalogue
                    .match_products(&profiles[k], at, &options)
                    .unwrap(),
            )
        })
    });
    let zh_only = MatchOptions {
        lang: Some(Lang::ZhCn),
        ..MatchOptions::default()
    };
    g.bench_function("engine/match_products_zh", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            black_box(
                catalogue
                    .match_products(&profiles[k], at, &zh_only)
                    .unwrap(),
            )
        })
    });
    let mut buffers = Some(MatchBuffers::default());
    g.bench_function("fast/explain_reusing", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            let e = matcher.explain_reusing(
                &profiles[k],
                at,
                &options,
                buffers.take().unwrap_or_default(),
            );
            black_box(e.recommended().count());
            buffers = Some(e.into_buffers());
        })
    });
    g.bench_function("fast/explain_render_zh", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            let e = matcher.explain_reusing(
                &profiles[k],
                at,
                &options,
                buffers.take().unwrap_or_default(),
            );
            let mut bytes = 0usize;
            for p in e.products() {
                bytes += p.summary(Lang::ZhCn).len();
                for c in p.criteria() {
                    bytes += c.message(Lang::ZhCn).len();
                }
            }
            black_box(bytes);
            buffers = Some(e.into_buffers());
        })
    });
    g.bench_function("fast/to_match_result", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            black_box(
                matcher
                    .explain(&profiles[k], at, &options)
                    .to_match_result(),
            )
        })
    });
    g.bench_function("fast/to_match_result_zh", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            let e = matcher.explain_reusing(
                &profiles[k],
                at,
                &zh_only,
                buffers.take().unwrap_or_default(),
            );
            black_box(e.to_match_result());
            buffers = Some(e.into_buffers());
        })
    });
    g.bench_function("engine/decisions_only", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            let p = &profiles[k];
            for product in &products.products {
                black_box(product_decision(products, product, p, &ctx));
            }
        })
    });
    g.bench_function("jsonlogic/facts_and_eval", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            let f = facts(&profiles[k], &ctx);
            baseline.eligible(&f, &mut arena, &mut answers);
            black_box(answers.len())
        })
    });
    g.bench_function("jsonlogic/eval_only", |b| {
        b.iter(|| {
            k = (k + 1) % profiles.len();
            baseline.eligible(&prebuilt[k], &mut arena, &mut answers);
            black_box(answers.len())
        })
    });
    g.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
