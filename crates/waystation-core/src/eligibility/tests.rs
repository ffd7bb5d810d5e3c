#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Behaviour of evaluation and the static check.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::profile::RiskRating;
use crate::profile::{CourierProfile, Occupation, ProfileField};
use crate::time::ChinaTime;

/// Born 2008-05-03 (female), Beijing region.
const ID_2008: &str = "110105200805030012";
/// Born 1961-07-01, Jinan.
const ID_1961: &str = "370102196107010022";
/// Born 1992-08-15, Jinan.
const ID_1992: &str = "370102199208150036";
/// Born 2008-02-29.
const ID_LEAP: &str = "370102200802290010";
const TENCENT: &str = "9144030071526726XG";

fn at(s: &str) -> ChinaTime {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rule_set(criterion: serde_json::Value) -> RuleSet {
    rule_set_rules(vec![json!({
        "id": "r1",
        "description": {"zh": "测试", "en": "test"},
        "source": {"document": "test"},
        "criterion": criterion
    })])
}

fn rule_set_rules(rules: Vec<serde_json::Value>) -> RuleSet {
    serde_json::from_value(json!({
        "id": "test_set", "version": "7",
        "description": {"zh": "测试", "en": "test"},
        "rules": rules
    }))
    .unwrap()
}

fn profile(v: serde_json::Value) -> CourierProfile {
    CourierProfile::from_value(&v).unwrap()
}

struct World {
    units: BTreeSet<String>,
    params: Parameters,
}

impl World {
    fn new() -> World {
        let mut params = Parameters::default();
        params.values.insert("max_age".into(), 60);
        World {
            units: [TENCENT.to_string()].into_iter().collect(),
            params,
        }
    }

    fn eval_with(
        &self,
        rs: &RuleSet,
        benefit: &BenefitFacts,
        p: &CourierProfile,
        as_of: &str,
    ) -> Decision {
        let ctx = EvaluationContext {
            as_of: at(as_of),
            member_units: &self.units,
            catalogue_version: "cat-1",
            parameters: &self.params,
        };
        evaluate(rs, benefit, p, &ctx)
    }

    fn eval(&self, rs: &RuleSet, p: &CourierProfile, as_of: &str) -> Decision {
        self.eval_with(rs, &BenefitFacts::default(), p, as_of)
    }
}

fn leaf(d: &Decision) -> &CriterionOutcome {
    d.rules[0].criteria.last().unwrap()
}

#[test]
fn age_minimum_changes_on_the_birthday_in_china_time() {
    let w = World::new();
    let rs = rule_set(json!({"age_range": {"min": 18}}));
    let p = profile(json!({ "resident_id": ID_2008 }));
    let before = w.eval(&rs, &p, "2026-05-02T23:59:59+08:00");
    assert_eq!(before.status, Eligibility::Ineligible);
    assert_eq!(leaf(&before).reason, ReasonCode::AgeBelowMinimum);
    assert_eq!(leaf(&before).actual.as_deref(), Some("17"));
    let hint = &before.hints[0];
    assert_eq!(hint.kind, HintKind::WaitUntil);
    assert_eq!(hint.date, Some(date("2026-05-03")));
    assert!(hint.message.en.contains("turns 18 on 2026-05-03"));
    assert!(hint.message.zh.contains("2026年5月3日年满18周岁"));
    assert_eq!(before.eligible_on, Some(date("2026-05-03")));
    // 16:00 UTC on the 2nd is midnight of the 3rd in China.
    let on = w.eval(&rs, &p, "2026-05-02T16:00:00Z");
    assert_eq!(on.status, Eligibility::Eligible);
    assert_eq!(leaf(&on).reason, ReasonCode::AgeInRange);
    assert!(on.hints.is_empty());
}

#[test]
fn leap_day_birthday_turns_on_the_last_day_of_february() {
    let w = World::new();
    let rs = rule_set(json!({"age_range": {"min": 18}}));
    let p = profile(json!({ "resident_id": ID_LEAP }));
    let d = w.eval(&rs, &p, "2026-02-27T12:00:00+08:00");
    assert_eq!(d.eligible_on, Some(date("2026-02-28")));
    assert_eq!(
        w.eval(&rs, &p, "2026-02-28T00:00:00+08:00").status,
        Eligibility::Eligible
    );
}

#[test]
fn age_maximum_from_a_parameter_is_not_achievable() {
    let w = World::new();
    let rs = rule_set(json!({"age_range": {"min": 18, "max": {"parameter": "max_age"}}}));
    let p = profile(json!({ "resident_id": ID_1961 }));
    let ok = w.eval(&rs, &p, "2022-06-30T12:00:00+08:00");
    assert_eq!(ok.status, Eligibility::Eligible, "aged 60");
    let d = w.eval(&rs, &p, "2022-07-01T00:00:00+08:00");
    assert_eq!(d.status, Eligibility::Ineligible, "aged 61");
    assert_eq!(leaf(&d).reason, ReasonCode::AgeAboveMaximum);
    assert_eq!(leaf(&d).expected.as_deref(), Some("18-60"));
    assert_eq!(d.hints[0].kind, HintKind::NotAchievable);
    assert_eq!(d.eligible_on, None);
}

#[test]
fn unknown_parameter_fails_closed() {
    let w = World::new();
    let rs = rule_set(json!({"age_range": {"min": {"parameter": "nope"}}}));
    let d = w.eval(
        &rs,
        &profile(json!({ "resident_id": ID_1992 })),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(leaf(&d).reason, ReasonCode::UnknownParameter);
}

#[test]
fn tenure_completes_on_the_corresponding_day() {
    let w = World::new();
    let rs = rule_set(json!({"tenure_at_least": {"months": 12}}));
    let p = profile(json!({"employment_start": "2026-03-01"}));
    let d = w.eval(&rs, &p, "2027-02-28T23:59:59+08:00");
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(leaf(&d).reason, ReasonCode::TenureTooShort);
    assert_eq!(leaf(&d).actual.as_deref(), Some("11"));
    assert_eq!(d.hints[0].date, Some(date("2027-03-01")));
    assert!(d.hints[0]
        .message
        .en
        .contains("tenure reaches 12 months on 2027-03-01"));
    assert_eq!(d.eligible_on, Some(date("2027-03-01")));
    assert_eq!(
        w.eval(&rs, &p, "2027-03-01T00:00:00+08:00").status,
        Eligibility::Eligible
    );
    // Month-end start: one month from 31 January is 28 February in a common year.
    let rs1 = rule_set(json!({"tenure_at_least": {"months": 1}}));
    let p1 = profile(json!({"employment_start": "2027-01-31"}));
    assert_eq!(
        w.eval(&rs1, &p1, "2027-02-27T12:00:00+08:00").eligible_on,
        Some(date("2027-02-28"))
    );
}

#[test]
fn missing_inputs_make_the_decision_unknown() {
    let w = World::new();
    let rs = rule_set(
        json!({"all": [{"tenure_at_least": {"months": 6}}, {"kyc_at_least": {"level": "basic"}}]}),
    );
    let d = w.eval(
        &rs,
        &profile(json!({"kyc_level": "full"})),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(d.status, Eligibility::Unknown);
    assert_eq!(d.missing_inputs, vec![ProfileField::EmploymentStart]);
    assert_eq!(d.hints[0].kind, HintKind::ProvideInput);
    assert_eq!(d.hints[0].input, Some(ProfileField::EmploymentStart));
    assert!(d.summary.en.contains("employment start date"));
}

#[test]
fn a_failure_outweighs_an_unknown() {
    let w = World::new();
    let rs = rule_set_rules(vec![
        json!({"id": "a", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "criterion": {"tenure_at_least": {"months": 6}}}),
        json!({"id": "b", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "criterion": {"kyc_at_least": {"level": "full"}}}),
    ]);
    let d = w.eval(
        &rs,
        &profile(json!({"kyc_level": "basic"})),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(d.rules[0].status, RuleStatus::Unknown);
    assert_eq!(d.rules[1].status, RuleStatus::Failed);
    // The missing input still matters: it blocks rule "a".
    assert_eq!(d.missing_inputs, vec![ProfileField::EmploymentStart]);
    let kinds: Vec<HintKind> = d.hints.iter().map(|h| h.kind).collect();
    assert_eq!(kinds, [HintKind::ProvideInput, HintKind::RaiseKycLevel]);
    assert_eq!(d.hints[1].kyc_level, Some(crate::profile::KycLevel::Full));
    assert_eq!(d.eligible_on, None);
}

#[test]
fn any_passes_with_one_member_and_ignores_the_others() {
    let w = World::new();
    let rs = rule_set(json!({"any": [
        {"occupation_in": {"occupations": ["express_courier"]}},
        {"tenure_at_least": {"months": 6}}
    ]}));
    let courier = profile(json!({"occupation": "express_courier"}));
    let d = w.eval(&rs, &courier, "2026-01-01T00:00:00+08:00");
    assert_eq!(d.status, Eligibility::Eligible);
    assert!(d.missing_inputs.is_empty());
    assert!(d.hints.is_empty());
    assert_eq!(d.rules[0].criteria[0].reason, ReasonCode::OnePassed);
    assert_eq!(d.rules[0].criteria[1].path, "criterion.any[0]");
    assert_eq!(d.rules[0].criteria[2].path, "criterion.any[1]");
    assert_eq!(d.rules[0].criteria[2].status, CheckStatus::Unknown);
    let driver = profile(json!({"occupation": "ride_hailing_driver"}));
    let d = w.eval(&rs, &driver, "2026-01-01T00:00:00+08:00");
    assert_eq!(d.status, Eligibility::Unknown);
    let driver =
        profile(json!({"occupation": "ride_hailing_driver", "employment_start": "2025-12-01"}));
    let d = w.eval(&rs, &driver, "2026-01-01T00:00:00+08:00");
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(d.rules[0].criteria[0].reason, ReasonCode::NonePassed);
    // The occupation cannot change, but the tenure alternative passes by waiting.
    assert_eq!(d.eligible_on, Some(date("2026-06-01")));
}

#[test]
fn negation_inverts_and_drops_hints() {
    let w = World::new();
    let rs = rule_set(json!({"not": {"holds_product": {"product_id": "loan"}}}));
    let holder = profile(json!({"held_products": ["loan"]}));
    let d = w.eval(&rs, &holder, "2026-01-01T00:00:00+08:00");
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(d.rules[0].criteria[0].reason, ReasonCode::InnerPassed);
    assert!(d.rules[0].criteria.iter().all(|c| c.hint.is_none()));
    let d = w.eval(
        &rs,
        &profile(json!({"held_products": []})),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(d.status, Eligibility::Eligible);
    // The inner criterion failed: its "obtain the product" hint would mislead.
    assert!(d.rules[0].criteria[1].hint.is_none());
}

#[test]
fn leaf_criteria_pass_and_fail_with_reasons() {
    let w = World::new();
    let t = "2026-01-01T00:00:00+08:00";
    let p = profile(json!({
        "occupation": "instant_delivery_rider", "employer_code": "9144030071526726xg",
        "province": "shandong", "city": "济南市", "monthly_income_fen": 450000,
        "held_products": ["card"], "kyc_level": "verified"
    }));
    let cases = [
        (
            json!({"occupation_in": {"occupations": ["instant_delivery_rider"]}}),
            ReasonCode::OccupationAccepted,
        ),
        (
            json!({"occupation_in": {"occupations": ["express_courier"]}}),
            ReasonCode::OccupationNotAccepted,
        ),
        (
            json!({"employer_is_member": {}}),
            ReasonCode::EmployerIsMember,
        ),
        (
            json!({"province_in": {"provinces": ["shandong", "henan"]}}),
            ReasonCode::ProvinceAccepted,
        ),
        (
            json!({"province_in": {"provinces": ["henan"]}}),
            ReasonCode::ProvinceNotAccepted,
        ),
        (
            json!({"city_in": {"cities": ["济南"]}}),
            ReasonCode::CityAccepted,
        ),
        (
            json!({"city_in": {"cities": ["青岛市"]}}),
            ReasonCode::CityNotAccepted,
        ),
        (
            json!({"income_at_least": {"monthly_fen": 450000}}),
            ReasonCode::IncomeReached,
        ),
        (
            json!({"income_at_least": {"monthly_fen": 450001}}),
            ReasonCode::IncomeTooLow,
        ),
        (
            json!({"holds_product": {"product_id": "card"}}),
            ReasonCode::ProductHeld,
        ),
        (
            json!({"holds_product": {"product_id": "loan"}}),
            ReasonCode::ProductNotHeld,
        ),
        (
            json!({"does_not_hold_product": {"product_id": "card"}}),
            ReasonCode::ProductAlreadyHeld,
        ),
        (
            json!({"does_not_hold_product": {"product_id": "loan"}}),
            ReasonCode::ProductNotHeld,
        ),
        (
            json!({"kyc_at_least": {"level": "verified"}}),
            ReasonCode::KycReached,
        ),
        (
            json!({"kyc_at_least": {"level": "full"}}),
            ReasonCode::KycTooLow,
        ),
    ];
    for (criterion, reason) in cases {
        let d = w.eval(&rule_set(criterion.clone()), &p, t);
        let o = leaf(&d);
        assert_eq!(o.reason, reason, "{criterion}");
        let passed = d.status == Eligibility::Eligible;
        assert_eq!(o.status == CheckStatus::Passed, passed);
        assert!(!o.message.zh.is_empty() && !o.message.en.is_empty());
        assert_eq!(o.hint.is_some(), !passed, "{criterion}");
    }
    let other = profile(json!({"employer_code": "91330100799655058B"}));
    let d = w.eval(&rule_set(json!({"employer_is_member": {}})), &other, t);
    assert_eq!(leaf(&d).reason, ReasonCode::EmployerNotMember);
    assert_eq!(leaf(&d).actual.as_deref(), Some("9133**********058B"));
}

#[test]
fn income_hint_gives_the_threshold_not_the_gap() {
    let w = World::new();
    let rs = rule_set(json!({"income_at_least": {"monthly_fen": 300000}}));
    let d = w.eval(
        &rs,
        &profile(json!({"monthly_income_fen": 123456})),
        "2026-01-01T00:00:00+08:00",
    );
    let o = leaf(&d);
    assert_eq!(o.actual.as_deref(), Some("***"));
    assert_eq!(o.expected.as_deref(), Some(">= 300000"));
    assert_eq!(d.hints[0].kind, HintKind::ReachAmount);
    assert_eq!(d.hints[0].amount_fen, Some(300000));
    assert!(d.hints[0].message.en.contains("CNY 3,000"));
    assert!(d.hints[0].message.zh.contains("3,000元"));
    let text = serde_json::to_string(&d).unwrap();
    assert!(
        !text.contains("123456") && !text.contains("176544"),
        "{text}"
    );
}

#[test]
fn a_yearly_income_threshold_is_worded_per_year_and_compared_with_twelve_months() {
    let w = World::new();
    // 400,000 yuan a year: 12 × 33,333.33 falls 4 fen short, 12 × 33,333.34 reaches it.
    let rs = rule_set(json!({"income_at_least": {"yearly_fen": 40_000_000}}));
    let short = w.eval(
        &rs,
        &profile(json!({"monthly_income_fen": 3_333_333})),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(short.status, Eligibility::Ineligible);
    let o = leaf(&short);
    assert_eq!(o.reason, ReasonCode::IncomeTooLow);
    assert_eq!(o.message.zh, "按月收入折算的年收入低于400,000元");
    assert_eq!(
        o.message.en,
        "yearly income (12 times the monthly income) is below CNY 400,000"
    );
    let hint = &short.hints[0];
    assert_eq!(hint.kind, HintKind::ReachAmount);
    assert_eq!(
        hint.amount_fen,
        Some(3_333_334),
        "the monthly income that passes"
    );
    assert_eq!(
        hint.message.zh,
        "按月收入折算的年收入达到400,000元及以上即可满足"
    );
    let enough = w.eval(
        &rs,
        &profile(json!({"monthly_income_fen": 3_333_334})),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(enough.status, Eligibility::Eligible);
    assert_eq!(
        leaf(&enough).message.zh,
        "按月收入折算的年收入达到400,000元的要求"
    );
    // A monthly threshold is worded per month, its fen shown only when it has them.
    let rs = rule_set(json!({"income_at_least": {"monthly_fen": 300_050}}));
    let d = w.eval(
        &rs,
        &profile(json!({"monthly_income_fen": 1})),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(leaf(&d).message.zh, "月收入低于3,000.50元");
    assert_eq!(leaf(&d).message.en, "monthly income is below CNY 3,000.50");
    // One of the two, never both or neither.
    let both = rule_set(json!({"income_at_least": {"monthly_fen": 1, "yearly_fen": 12}}));
    assert!(codes(&check_rule_set(&both, &w.params)).contains(&(
        "rules[0].criterion.income_at_least".to_string(),
        IssueCode::InvalidValue
    )));
    let neither = rule_set(json!({"income_at_least": {}}));
    assert!(codes(&check_rule_set(&neither, &w.params)).contains(&(
        "rules[0].criterion.income_at_least".to_string(),
        IssueCode::NoBound
    )));
    let negative = rule_set(json!({"income_at_least": {"yearly_fen": -12}}));
    assert!(codes(&check_rule_set(&negative, &w.params)).contains(&(
        "rules[0].criterion.income_at_least.yearly_fen".to_string(),
        IssueCode::ImpossibleRange
    )));
}

#[test]
fn assessment_expires_at_china_midnight() {
    let w = World::new();
    let rs = rule_set(json!({"valid_risk_assessment": {}}));
    let p = profile(
        json!({"risk_assessment": {"grade": "c3", "assessed_at": "2025-03-15T10:00:00+08:00"}}),
    );
    let d = w.eval(&rs, &p, "2026-03-15T23:59:59+08:00");
    assert_eq!(d.status, Eligibility::Eligible);
    assert_eq!(
        leaf(&d).actual.as_deref(),
        Some("2026-03-16T00:00:00+08:00")
    );
    let d = w.eval(&rs, &p, "2026-03-15T16:00:00Z");
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(leaf(&d).reason, ReasonCode::AssessmentExpired);
    assert_eq!(d.hints[0].kind, HintKind::TakeAssessment);
    assert_eq!(d.hints[0].date, None);
    assert_eq!(d.eligible_on, None);
}

#[test]
fn missing_or_future_assessment() {
    let w = World::new();
    let rs = rule_set(json!({"valid_risk_assessment": {}}));
    let d = w.eval(&rs, &CourierProfile::default(), "2026-01-01T00:00:00+08:00");
    assert_eq!(d.status, Eligibility::Unknown);
    assert_eq!(d.missing_inputs, vec![ProfileField::RiskAssessment]);
    assert_eq!(d.hints[0].kind, HintKind::TakeAssessment);
    let p = profile(
        json!({"risk_assessment": {"grade": "c3", "assessed_at": "2026-02-01T10:00:00+08:00"}}),
    );
    let d = w.eval(&rs, &p, "2026-01-01T00:00:00+08:00");
    assert_eq!(leaf(&d).reason, ReasonCode::AssessmentNotYetTaken);
}

#[test]
fn assessment_frequency_per_day() {
    let w = World::new();
    let rs = rule_set(json!({"assessment_frequency_within_limits": {}}));
    let two = profile(json!({"assessment_history": ["2026-04-01T09:00:00+08:00"],
        "risk_assessment": {"grade": "c2", "assessed_at": "2026-04-01T10:00:00+08:00"}}));
    assert_eq!(
        w.eval(&rs, &two, "2026-04-01T12:00:00+08:00").status,
        Eligibility::Eligible
    );
    let three = profile(
        json!({"assessment_history": ["2026-04-01T09:00:00+08:00", "2026-04-01T09:30:00+08:00"],
        "risk_assessment": {"grade": "c4", "assessed_at": "2026-04-01T10:00:00+08:00"}}),
    );
    let d = w.eval(&rs, &three, "2026-04-01T12:00:00+08:00");
    assert_eq!(leaf(&d).reason, ReasonCode::AssessmentFrequencyExceeded);
    assert_eq!(leaf(&d).actual.as_deref(), Some("3"));
    assert_eq!(d.hints[0].date, Some(date("2026-04-02")));
    assert_eq!(d.eligible_on, Some(date("2026-04-02")));
    // The same assessments seen the next day are within the daily limit.
    assert_eq!(
        w.eval(&rs, &three, "2026-04-02T00:00:00+08:00").status,
        Eligibility::Eligible
    );
}

#[test]
fn assessment_frequency_over_twelve_months() {
    let w = World::new();
    let rs = rule_set(json!({"assessment_frequency_within_limits": {}}));
    let history: Vec<String> = (1..=9)
        .map(|m| format!("2025-{m:02}-10T10:00:00+08:00"))
        .collect();
    let p = profile(json!({ "assessment_history": history }));
    let d = w.eval(&rs, &p, "2025-12-01T12:00:00+08:00");
    assert_eq!(leaf(&d).reason, ReasonCode::AssessmentFrequencyExceeded);
    assert!(leaf(&d)
        .message
        .en
        .contains("9 risk assessments in the last 12 months"));
    // The oldest (2025-01-10) leaves the window on 2026-01-10.
    assert_eq!(d.eligible_on, Some(date("2026-01-10")));
    assert_eq!(
        w.eval(&rs, &p, "2026-01-09T23:59:00+08:00").status,
        Eligibility::Ineligible
    );
    assert_eq!(
        w.eval(&rs, &p, "2026-01-10T00:00:00+08:00").status,
        Eligibility::Eligible
    );
}

#[test]
fn suitability_uses_the_grade_table() {
    let w = World::new();
    let rs = rule_set(json!({"risk_grade_covers_product": {}}));
    let with_grade = |g: &str| {
        profile(
            json!({"risk_assessment": {"grade": g, "assessed_at": "2026-01-01T10:00:00+08:00"}}),
        )
    };
    let rated = |r: RiskRating| BenefitFacts {
        id: "w".into(),
        risk_rating: Some(r),
        ..Default::default()
    };
    let t = "2026-02-01T00:00:00+08:00";
    let d = w.eval_with(&rs, &rated(RiskRating::R1), &with_grade("c1"), t);
    assert_eq!(d.status, Eligibility::Eligible);
    let d = w.eval_with(&rs, &rated(RiskRating::R2), &with_grade("c1"), t);
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(leaf(&d).reason, ReasonCode::GradeBelowRating);
    assert_eq!(leaf(&d).expected.as_deref(), Some(">= C2"));
    assert_eq!(d.hints[0].kind, HintKind::ChooseLowerRisk);
    assert_eq!(d.hints[0].risk_rating, Some(RiskRating::R1));
    for (grade, rating, ok) in [
        ("c3", RiskRating::R3, true),
        ("c3", RiskRating::R4, false),
        ("c5", RiskRating::R5, true),
        ("c4", RiskRating::R5, false),
    ] {
        let d = w.eval_with(&rs, &rated(rating), &with_grade(grade), t);
        assert_eq!(d.status == Eligibility::Eligible, ok, "{grade} {rating:?}");
    }
    // A benefit without a rating is never sold.
    let d = w.eval_with(&rs, &BenefitFacts::default(), &with_grade("c5"), t);
    assert_eq!(leaf(&d).reason, ReasonCode::BenefitNotRated);
    // No assessment: unknown.
    let d = w.eval_with(&rs, &rated(RiskRating::R1), &CourierProfile::default(), t);
    assert_eq!(d.status, Eligibility::Unknown);
}

#[test]
fn occupation_classes_map_couriers_to_class_four() {
    let mut w = World::new();
    let rs = rule_set(json!({"occupation_class_covered": {}}));
    let classes = |c: &[u8]| BenefitFacts {
        id: "ins".into(),
        covered_occupation_classes: c.to_vec(),
        ..Default::default()
    };
    let courier = profile(json!({"occupation": "express_courier"}));
    let t = "2026-02-01T00:00:00+08:00";
    let d = w.eval_with(&rs, &classes(&[1, 2, 3]), &courier, t);
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(leaf(&d).reason, ReasonCode::OccupationClassNotCovered);
    assert_eq!(leaf(&d).actual.as_deref(), Some("4"));
    assert!(leaf(&d).message.en.contains("covers classes 1, 2, 3 only"));
    assert_eq!(
        w.eval_with(&rs, &classes(&[1, 2, 3, 4, 5, 6]), &courier, t)
            .status,
        Eligibility::Eligible
    );
    let driver = profile(json!({"occupation": "ride_hailing_driver"}));
    assert_eq!(
        w.eval_with(&rs, &classes(&[1, 2, 3]), &driver, t).status,
        Eligibility::Eligible
    );
    // The mapping is data.
    w.params
        .occupation_classes
        .insert(Occupation::ExpressCourier, 3);
    assert_eq!(
        w.eval_with(&rs, &classes(&[1, 2, 3]), &courier, t).status,
        Eligibility::Eligible
    );
    let d = w.eval_with(&rs, &BenefitFacts::default(), &courier, t);
    assert_eq!(leaf(&d).reason, ReasonCode::BenefitWithoutOccupationClasses);
}

#[test]
fn rules_apply_only_in_their_period() {
    let w = World::new();
    let mut rs = rule_set_rules(vec![
        json!({"id": "old", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "effective_to": "2025-12-31", "criterion": {"kyc_at_least": {"level": "full"}}}),
        json!({"id": "new", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "effective_from": "2026-01-01", "criterion": {"kyc_at_least": {"level": "basic"}}}),
    ]);
    let p = profile(json!({"kyc_level": "basic"}));
    let d = w.eval(&rs, &p, "2025-12-31T23:59:59+08:00");
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(d.rules[1].status, RuleStatus::NotInEffect);
    let d = w.eval(&rs, &p, "2026-01-01T00:00:00+08:00");
    assert_eq!(d.status, Eligibility::Eligible);
    assert_eq!(d.rules[0].status, RuleStatus::NotInEffect);
    assert!(d.rules[0].criteria.is_empty());
    rs.effective_to = Some(date("2026-06-30"));
    let d = w.eval(&rs, &p, "2026-07-01T08:00:00+08:00");
    assert_eq!(d.status, Eligibility::Ineligible);
    assert_eq!(d.notices[0].code, NoticeCode::RuleSetNotInEffect);
}

#[test]
fn decisions_are_stamped() {
    let w = World::new();
    let rs = rule_set(json!({"kyc_at_least": {"level": "basic"}}));
    let d = w.eval_with(
        &rs,
        &BenefitFacts {
            id: "gear_claim".into(),
            ..Default::default()
        },
        &profile(json!({"kyc_level": "basic"})),
        "2026-01-01T08:00:00Z",
    );
    assert_eq!(d.benefit_id, "gear_claim");
    assert_eq!(d.stamp.rule_set_id, "test_set");
    assert_eq!(d.stamp.rule_set_version, "7");
    assert_eq!(d.stamp.catalogue_version, "cat-1");
    assert_eq!(d.stamp.as_of, at("2026-01-01T16:00:00+08:00"));
    assert_eq!(d.rules[0].source.document, "test");
}

#[test]
fn eligible_on_waits_for_every_time_based_criterion() {
    let w = World::new();
    let rs = rule_set(json!({"all": [
        {"age_range": {"min": 18}},
        {"tenure_at_least": {"months": 3}}
    ]}));
    let p = profile(json!({ "resident_id": ID_2008, "employment_start": "2026-04-01" }));
    let d = w.eval(&rs, &p, "2026-04-15T12:00:00+08:00");
    assert_eq!(d.hints.len(), 2);
    // Turns 18 on 2026-05-03, tenure reaches 3 months on 2026-07-01.
    assert_eq!(d.eligible_on, Some(date("2026-07-01")));
    assert!(d.summary.en.contains("eligible from 2026-07-01"));
    // With an age cap that will be exceeded by then, waiting does not help.
    let capped = rule_set(json!({"all": [
        {"age_range": {"max": 17}},
        {"tenure_at_least": {"months": 3}}
    ]}));
    assert_eq!(
        w.eval(&capped, &p, "2026-04-15T12:00:00+08:00").eligible_on,
        None
    );
}

#[test]
fn too_deep_criteria_fail_closed_without_overflow() {
    let w = World::new();
    let mut c = Criterion::KycAtLeast {
        level: crate::profile::KycLevel::Basic,
    };
    for _ in 0..200 {
        c = Criterion::All(vec![c]);
    }
    let mut rs = rule_set(json!({"all": []}));
    rs.rules[0].criterion = c;
    let d = w.eval(
        &rs,
        &profile(json!({"kyc_level": "full"})),
        "2026-01-01T00:00:00+08:00",
    );
    assert_eq!(d.status, Eligibility::Ineligible);
    assert!(d.rules[0]
        .criteria
        .iter()
        .any(|o| o.reason == ReasonCode::TooComplex));
    let issues = check_rule_set(&rs, &w.params);
    assert!(issues.iter().any(|i| i.code == IssueCode::TooDeep));
}

fn codes(issues: &[ValidationIssue]) -> Vec<(String, IssueCode)> {
    issues.iter().map(|i| (i.path.clone(), i.code)).collect()
}

#[test]
fn static_check_finds_impossible_and_empty_criteria() {
    let p = Parameters::default();
    let rs = rule_set(json!({"all": [
        {"age_range": {"min": 70, "max": 160}},
        {"any": []},
        {"occupation_in": {"occupations": []}},
        {"tenure_at_least": {"months": -1}},
        {"income_at_least": {"monthly_fen": {"parameter": "missing"}}},
        {"not": {"not": {"city_in": {"cities": [" "]}}}},
        {"age_range": {}}
    ]}));
    let got = codes(&check_rule_set(&rs, &p));
    let want = [
        (
            "rules[0].criterion.all[0].age_range.max",
            IssueCode::ImpossibleRange,
        ),
        ("rules[0].criterion.all[1].any", IssueCode::EmptyAny),
        (
            "rules[0].criterion.all[2].occupation_in.occupations",
            IssueCode::EmptyList,
        ),
        (
            "rules[0].criterion.all[3].tenure_at_least.months",
            IssueCode::ImpossibleRange,
        ),
        (
            "rules[0].criterion.all[4].income_at_least.monthly_fen",
            IssueCode::UnknownParameter,
        ),
        ("rules[0].criterion.all[5].not", IssueCode::DoubleNegation),
        (
            "rules[0].criterion.all[5].not.not.city_in.cities[0]",
            IssueCode::EmptyId,
        ),
        ("rules[0].criterion.all[6].age_range", IssueCode::NoBound),
    ];
    for (path, code) in want {
        assert!(
            got.contains(&(path.to_string(), code)),
            "{path} {code:?} not in {got:#?}"
        );
    }
}

#[test]
fn static_check_finds_contradictions_and_unreachable_rules() {
    let p = Parameters::default();
    let mut rs = rule_set_rules(vec![
        json!({"id": "a", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "criterion": {"all": [{"age_range": {"min": 18}}, {"holds_product": {"product_id": "c"}}]}}),
        json!({"id": "b", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "criterion": {"age_range": {"max": 16}}}),
        json!({"id": "c", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "criterion": {"all": [{"does_not_hold_product": {"product_id": "c"}}]}}),
        json!({"id": "b", "description": {"zh": "", "en": "x"}, "source": {"document": ""},
               "effective_from": "2030-01-01", "criterion": {"province_in": {"provinces": ["shandong"]}}}),
        json!({"id": "e", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "effective_from": "2026-02-01", "effective_to": "2026-01-01",
               "criterion": {"province_in": {"provinces": ["henan"]}}}),
        json!({"id": "f", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
               "criterion": {"all": [{"occupation_in": {"occupations": ["express_courier"]}},
                                     {"occupation_in": {"occupations": ["ride_hailing_driver"]}}]}}),
    ]);
    rs.effective_to = Some(date("2028-12-31"));
    let got = codes(&check_rule_set(&rs, &p));
    let want = [
        ("rules[1].criterion", IssueCode::Contradiction),
        ("rules[2].criterion.all[0]", IssueCode::Contradiction),
        ("rules[3].id", IssueCode::DuplicateRuleId),
        ("rules[3].description", IssueCode::MissingDescription),
        ("rules[3].source.document", IssueCode::MissingSource),
        ("rules[3]", IssueCode::RuleNeverInEffect),
        ("rules[4].effective_to", IssueCode::InvalidEffectiveWindow),
        ("rules[5].criterion.all[1]", IssueCode::Contradiction),
    ];
    for (path, code) in want {
        assert!(
            got.contains(&(path.to_string(), code)),
            "{path} {code:?} not in {got:#?}"
        );
    }
    // Rule 3 is never in effect together with the others: no contradiction reported for it.
    assert!(!got
        .iter()
        .any(|(p, c)| p.starts_with("rules[3].criterion") && *c == IssueCode::Contradiction));
    // Rules 4 (henan) and 3 (shandong) never overlap either.
    assert!(!got
        .iter()
        .any(|(p, c)| p.starts_with("rules[4].criterion") && *c == IssueCode::Contradiction));
}

#[test]
fn static_check_limits_size() {
    let leaves: Vec<serde_json::Value> = (0..600)
        .map(|_| json!({"kyc_at_least": {"level": "basic"}}))
        .collect();
    let rs = rule_set(json!({ "all": leaves }));
    let got = codes(&check_rule_set(&rs, &Parameters::default()));
    assert!(got.contains(&("rules".to_string(), IssueCode::TooManyCriteria)));
    let empty = rule_set_rules(vec![]);
    let got = codes(&check_rule_set(&empty, &Parameters::default()));
    assert_eq!(got, [("rules".to_string(), IssueCode::EmptyRuleSet)]);
}

fn rule(id: &str, criterion: serde_json::Value) -> serde_json::Value {
    json!({"id": id, "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
           "criterion": criterion})
}

#[test]
fn rules_are_compared_only_within_the_rule_limit() {
    let p = Parameters::default();
    // Within the limit: rule 1 contradicts rule 0.
    let mut rules: Vec<serde_json::Value> = (0..MAX_RULES_PER_RULE_SET - 1)
        .map(|i| rule(&format!("r{i}"), json!({"age_range": {"min": 18}})))
        .collect();
    rules.push(rule("young", json!({"age_range": {"max": 16}})));
    let last = rules.len() - 1;
    let got = codes(&check_rule_set(&rule_set_rules(rules.clone()), &p));
    assert_eq!(
        got,
        [(format!("rules[{last}].criterion"), IssueCode::Contradiction)]
    );
    // One rule more: the limit is reported and rules are only checked each on its own.
    rules.push(rule(
        "self",
        json!({"all": [{"age_range": {"min": 30}}, {"age_range": {"max": 20}}]}),
    ));
    let last = rules.len() - 1;
    let issues = check_rule_set(&rule_set_rules(rules), &p);
    assert_eq!(
        codes(&issues),
        [
            ("rules".to_string(), IssueCode::TooManyRules),
            (
                format!("rules[{last}].criterion.all[1]"),
                IssueCode::Contradiction
            ),
        ]
    );
    assert_eq!(
        issues[0].message,
        format!(
            "at most {MAX_RULES_PER_RULE_SET} rules are allowed, not {}; until the rule set is \
             within the limit, rules are not compared with each other for contradictions",
            MAX_RULES_PER_RULE_SET + 1
        )
    );
    // Too many criteria in few rules: no comparison across rules either.
    let leaves: Vec<serde_json::Value> = (0..MAX_CRITERIA_PER_RULE_SET)
        .map(|_| json!({"age_range": {"min": 18}}))
        .collect();
    let rs = rule_set_rules(vec![
        rule("many", json!({ "all": leaves })),
        rule("young", json!({"age_range": {"max": 16}})),
    ]);
    let issues = check_rule_set(&rs, &p);
    assert_eq!(
        codes(&issues),
        [("rules".to_string(), IssueCode::TooManyCriteria)]
    );
    assert!(issues[0]
        .message
        .contains("rules are not compared with each other for contradictions"));
}

#[test]
fn each_kind_of_issue_is_listed_at_most_up_to_the_cap() {
    let p = Parameters::default();
    let n = 5 * MAX_ISSUES_PER_KIND;
    // Every rule repeats an id and contradicts itself; some lack a description.
    let rules: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut r = rule(
                "same",
                json!({"all": [{"age_range": {"min": 30}}, {"age_range": {"max": 20}}]}),
            );
            if i % 2 == 0 {
                r["description"]["zh"] = "".into();
            }
            r
        })
        .collect();
    let issues = check_rule_set(&rule_set_rules(rules), &p);
    let cap = MAX_ISSUES_PER_KIND;
    let of = |code: IssueCode| -> Vec<&ValidationIssue> {
        issues.iter().filter(|i| i.code == code).collect()
    };
    for (code, total, first_left_out, severity) in [
        (
            IssueCode::DuplicateRuleId,
            n - 1,
            "rules[101].id",
            Severity::Error,
        ),
        (
            IssueCode::Contradiction,
            n,
            "rules[100].criterion.all[1]",
            Severity::Error,
        ),
        (
            IssueCode::MissingDescription,
            n / 2,
            "rules[200].description",
            Severity::Warning,
        ),
    ] {
        let list = of(code);
        assert_eq!(list.len(), cap + 1, "{code:?}");
        let summary = list[cap];
        assert_eq!(summary.path, first_left_out);
        assert_eq!(summary.severity, severity);
        assert_eq!(
            summary.message,
            format!(
                "and {} more problems of this kind from here on, not listed (only the first \
                 {cap} of each kind are)",
                total - cap
            )
        );
    }
    // The listed ones are the first, with their own paths and messages.
    let dup = of(IssueCode::DuplicateRuleId);
    assert_eq!(dup[0].path, "rules[1].id");
    assert_eq!(dup[0].message, "rule id same is used twice");
    assert_eq!(dup[cap - 1].path, format!("rules[{cap}].id"));
    // And the two limits, once each.
    assert_eq!(issues.len(), 2 + 3 * (cap + 1));
    assert_eq!(of(IssueCode::TooManyRules).len(), 1);
    assert_eq!(of(IssueCode::TooManyCriteria).len(), 1);
}

#[test]
fn a_member_named_twice_is_refused_with_its_position() {
    let json = r#"{"id": "x", "version": "1", "version": "2",
        "description": {"zh": "x", "en": "x"}, "rules": []}"#;
    let issues = parse_rule_set(json).unwrap_err();
    assert_eq!(codes(&issues), [(String::new(), IssueCode::InvalidValue)]);
    assert_eq!(
        issues[0].message,
        "duplicate field `version` (at line 1, column 37)"
    );
}

#[test]
fn parse_problems_are_capped_per_kind() {
    let n = 3 * MAX_ISSUES_PER_KIND;
    let rules: Vec<serde_json::Value> = (0..n)
        .map(|_| json!({"id": "x", "colour": "red"}))
        .collect();
    let json = json!({"id": "x", "version": "1", "description": {"zh": "x", "en": "x"},
                      "rules": rules})
    .to_string();
    let issues = parse_rule_set(&json).unwrap_err();
    assert_eq!(issues.len(), MAX_ISSUES_PER_KIND + 1);
    assert_eq!(issues[0].path, "rules[0].colour");
    assert!(issues[0].message.contains("colour"));
    assert_eq!(
        issues[MAX_ISSUES_PER_KIND].path,
        format!("rules[{MAX_ISSUES_PER_KIND}].colour")
    );
    assert!(issues[MAX_ISSUES_PER_KIND]
        .message
        .starts_with(&format!("and {} more", n - MAX_ISSUES_PER_KIND)));
}

#[test]
fn parsing_reports_unknown_fields_deep_in_the_tree() {
    let json = json!({
        "id": "x", "version": "1", "description": {"zh": "x", "en": "x"}, "colour": "red",
        "rules": [
            {"id": "ok", "description": {"zh": "x", "en": "x"}, "source": {"document": "t"},
             "criterion": {"employer_is_member": {}}},
            {"id": "bad", "description": {"zh": "x", "en": "x"}, "source": {"document": "t", "page": 3},
             "criterion": {"any": [
                {"kyc_at_least": {"level": "basic"}},
                {"not": {"employer_is_member": {"strict": true}}},
                {"age_between": {"min": 1}},
                {"age_range": {"min": 1}, "extra": 1}
             ]}}
        ]
    });
    let issues = parse_rule_set(&json.to_string()).unwrap_err();
    let got: Vec<(String, IssueCode)> = codes(&issues);
    assert_eq!(
        got,
        [
            (
                "rules[1].criterion.any[1].not.employer_is_member.strict".to_string(),
                IssueCode::UnknownField
            ),
            (
                "rules[1].criterion.any[2]".to_string(),
                IssueCode::InvalidValue
            ),
            (
                "rules[1].criterion.any[3]".to_string(),
                IssueCode::InvalidValue
            ),
            // The unknown member itself is named.
            ("rules[1].source.page".to_string(), IssueCode::UnknownField),
            ("colour".to_string(), IssueCode::UnknownField),
        ]
    );
    assert!(issues[1].message.contains("age_between"));
    assert!(issues[3].message.contains("page"));
    assert!(issues[4].message.contains("colour"));
    assert!(issues[4].to_string().starts_with("error at colour"));
    let bad = parse_rule_set("{\"id\": ").unwrap_err();
    assert_eq!(bad[0].code, IssueCode::InvalidJson);
    assert!(check_rule_set_json("[]", &Parameters::default())[0].code == IssueCode::InvalidValue);
}

#[test]
fn criteria_json_shapes_round_trip() {
    let c: Criterion = serde_json::from_value(json!({"all": [
        {"age_range": {"min": 18, "max": {"parameter": "credit_card_max_age"}}},
        {"not": {"holds_product": {"product_id": "x"}}},
        {"valid_risk_assessment": {}}
    ]}))
    .unwrap();
    let back = serde_json::to_value(&c).unwrap();
    assert_eq!(
        back,
        json!({"all": [
            {"age_range": {"min": 18, "max": {"parameter": "credit_card_max_age"}}},
            {"not": {"holds_product": {"product_id": "x"}}},
            {"valid_risk_assessment": {}}
        ]})
    );
    assert!(serde_json::from_value::<Criterion>(json!("valid_risk_assessment")).is_err());
    assert!(
        serde_json::from_value::<Criterion>(json!({"valid_risk_assessment": {"x": 1}})).is_err()
    );
}
