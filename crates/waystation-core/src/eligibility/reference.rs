//! The evaluation engine as it was before compilation (test oracle only): every criterion
//! evaluated from the source tree, with text built eagerly. The equivalence tests check that
//! the compiled engine and its rendering give exactly these decisions.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, dead_code)]

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::calendar::{add_months, age_on, anniversary, assessment_expires_at, whole_months};
use super::criteria::{Criterion, Rule, RuleSet, Threshold};
use super::evaluate::{
    frequency_excess, snake_name, BenefitFacts, CheckStatus, CriterionOutcome, CriterionOutcomes,
    Decision, DecisionStamp, Eligibility, EvaluationContext, Notice, NoticeCode, ReasonCode,
    RuleOutcome, RuleStatus,
};
use super::hints::{Hint, HintKind};
use super::params::Parameters;
use super::render;
use crate::lang::Lang;
use crate::lang::LocalizedText;
use crate::products::ProductCatalogue;
use crate::profile::{CourierProfile, ProfileField};
use crate::time::{china_date, start_of_day, ChinaTime, CHINA};
use crate::words::eligibility as W;
use crate::words::Message;
use crate::words::{date_in, minute_in, Langs};

const MAX_EVAL_DEPTH: u32 = 64;
const MAX_ELIGIBLE_ON_CANDIDATES: usize = 8;

pub(crate) fn evaluate(
    rule_set: &RuleSet,
    benefit: &BenefitFacts,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
) -> Decision {
    evaluate_in(rule_set, benefit, profile, ctx, None)
}

pub(crate) fn evaluate_in(
    rule_set: &RuleSet,
    benefit: &BenefitFacts,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
    products: Option<&ProductCatalogue>,
) -> Decision {
    let mut decision = evaluate_once(rule_set, benefit, profile, ctx, products);
    if decision.status == Eligibility::Ineligible {
        decision.eligible_on = find_eligible_on(rule_set, benefit, profile, ctx, &decision);
        if let Some(date) = decision.eligible_on {
            let summary = decision.summary.clone();
            decision.summary = in_both(|lang| {
                W::SUMMARY_ELIGIBLE_FROM.render(
                    lang,
                    &[
                        ("summary", summary.get(lang)),
                        ("date", &date_in(date, lang)),
                    ],
                )
            });
        }
    }
    decision
}

fn find_eligible_on(
    rule_set: &RuleSet,
    benefit: &BenefitFacts,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
    decision: &Decision,
) -> Option<NaiveDate> {
    let wait_dates = |d: &Decision, after: NaiveDate| -> Vec<NaiveDate> {
        d.hints
            .iter()
            .filter(|h| h.kind == HintKind::WaitUntil)
            .filter_map(|h| h.date)
            .filter(|date| *date > after)
            .collect()
    };
    // Dates on which a waiting criterion passes; re-evaluation decides whether that suffices
    // (other blocking criteria, age caps or expiring assessments may still stand in the way),
    // and may reveal later dates (a criterion that only starts to wait once another passes).
    let mut candidates: BTreeSet<NaiveDate> = wait_dates(decision, china_date(&ctx.as_of))
        .into_iter()
        .collect();
    for _ in 0..MAX_ELIGIBLE_ON_CANDIDATES {
        let date = candidates.pop_first()?;
        let later = EvaluationContext {
            as_of: start_of_day(date),
            ..*ctx
        };
        let d = evaluate_once(rule_set, benefit, profile, &later, None);
        match d.status {
            Eligibility::Eligible => return Some(date),
            Eligibility::Unknown => return None,
            Eligibility::Ineligible => candidates.extend(wait_dates(&d, date)),
        }
    }
    None
}

struct Env<'a> {
    profile: &'a CourierProfile,
    ctx: &'a EvaluationContext<'a>,
    benefit: &'a BenefitFacts,
    today: NaiveDate,
    products: Option<&'a ProductCatalogue>,
}

impl Env<'_> {
    fn product_name(&self, id: &str) -> Option<&LocalizedText> {
        self.products?.product(id).map(|p| &p.name)
    }

    fn product_text(&self, named: &Message, unnamed: &Message, id: &str) -> LocalizedText {
        let name = self.product_name(id);
        LocalizedText::new(
            W::with_product(named, unnamed, name, Lang::ZhCn),
            W::with_product(named, unnamed, name, Lang::En),
        )
    }
}

fn evaluate_once(
    rule_set: &RuleSet,
    benefit: &BenefitFacts,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
    products: Option<&ProductCatalogue>,
) -> Decision {
    let today = china_date(&ctx.as_of);
    let stamp = DecisionStamp {
        rule_set_id: rule_set.id.as_str().into(),
        rule_set_version: rule_set.version.as_str().into(),
        catalogue_version: ctx.catalogue_version.into(),
        as_of: crate::time::to_china(ctx.as_of),
    };
    let env = Env {
        profile,
        ctx,
        benefit,
        today,
        products,
    };
    let set_in_effect = rule_set.in_effect_on(today);
    let mut rules = Vec::with_capacity(rule_set.rules.len());
    for rule in &rule_set.rules {
        rules.push(if set_in_effect && rule.in_effect_on(today) {
            evaluate_rule(rule, &env)
        } else {
            RuleOutcome {
                rule_id: rule.id.as_str().into(),
                description: rule.description.clone(),
                source: rule.source.clone(),
                status: RuleStatus::NotInEffect,
                criteria: CriterionOutcomes::default(),
            }
        });
    }

    let mut missing: BTreeSet<ProfileField> = BTreeSet::new();
    let mut hints: Vec<Hint> = Vec::new();
    for rule in &rules {
        collect_blocking(&rule.criteria, &mut missing, &mut hints);
    }
    let mut notices = Vec::new();
    let status = if !set_in_effect {
        notices.push(Notice {
            code: NoticeCode::RuleSetNotInEffect,
            message: words(&W::NOTICE_NOT_IN_EFFECT),
        });
        Eligibility::Ineligible
    } else if rules.iter().any(|r| r.status == RuleStatus::Failed) {
        Eligibility::Ineligible
    } else if rules.iter().any(|r| r.status == RuleStatus::Unknown) {
        Eligibility::Unknown
    } else {
        Eligibility::Eligible
    };
    let failed = rules
        .iter()
        .filter(|r| r.status == RuleStatus::Failed)
        .count();
    let missing: Vec<ProfileField> = missing.into_iter().collect();
    let summary = match status {
        Eligibility::Eligible => words(&W::SUMMARY_ELIGIBLE),
        Eligibility::Ineligible if !set_in_effect => words(&W::SUMMARY_NOT_IN_EFFECT),
        Eligibility::Ineligible if failed == 1 => words(&W::SUMMARY_ONE_FAILED),
        Eligibility::Ineligible => W::SUMMARY_FAILED.localized(&[("count", &failed.to_string())]),
        Eligibility::Unknown => in_both(|lang| {
            W::SUMMARY_UNKNOWN.render(lang, &[("fields", &render::field_list(&missing, lang))])
        }),
    };
    Decision {
        benefit_id: benefit.id.as_str().into(),
        status,
        summary,
        missing_inputs: missing,
        hints,
        eligible_on: None,
        rules: rules.into(),
        notices,
        stamp,
    }
}

/// Gathers missing inputs and hints of non-passed leaves that no passed ancestor overrides.
fn collect_blocking(
    outcomes: &[CriterionOutcome],
    missing: &mut BTreeSet<ProfileField>,
    hints: &mut Vec<Hint>,
) {
    let mut ancestors: Vec<(u32, CheckStatus)> = Vec::new();
    for o in outcomes {
        while ancestors
            .last()
            .is_some_and(|(d, _)| i64::from(*d) >= i64::from(o.depth))
        {
            ancestors.pop();
        }
        let overridden = ancestors.iter().any(|(_, s)| *s == CheckStatus::Passed);
        ancestors.push((u32::try_from(o.depth).unwrap_or(0), o.status));
        if overridden || o.status == CheckStatus::Passed {
            continue;
        }
        if o.status == CheckStatus::Unknown {
            missing.extend(o.missing_inputs.iter().copied());
        }
        if let Some(h) = &o.hint {
            if !hints.contains(h) {
                hints.push(h.clone());
            }
        }
    }
}

fn evaluate_rule(rule: &Rule, env: &Env<'_>) -> RuleOutcome {
    let mut criteria = Vec::new();
    let status = eval_node(
        &rule.criterion,
        "criterion".to_string(),
        0,
        false,
        env,
        &mut criteria,
    );
    RuleOutcome {
        rule_id: rule.id.as_str().into(),
        description: rule.description.clone(),
        source: rule.source.clone(),
        status: match status {
            CheckStatus::Passed => RuleStatus::Passed,
            CheckStatus::Failed => RuleStatus::Failed,
            CheckStatus::Unknown => RuleStatus::Unknown,
        },
        criteria: criteria.into(),
    }
}

/// A leaf's result before it is placed in the tree.
struct Leaf {
    status: CheckStatus,
    reason: ReasonCode,
    actual: Option<String>,
    expected: Option<String>,
    message: LocalizedText,
    missing: Vec<ProfileField>,
    hint: Option<Hint>,
}

impl Leaf {
    fn new(status: CheckStatus, reason: ReasonCode, message: LocalizedText) -> Leaf {
        Leaf {
            status,
            reason,
            actual: None,
            expected: None,
            message,
            missing: Vec::new(),
            hint: None,
        }
    }

    fn passed(reason: ReasonCode, message: LocalizedText) -> Leaf {
        Leaf::new(CheckStatus::Passed, reason, message)
    }

    fn failed(reason: ReasonCode, message: LocalizedText) -> Leaf {
        Leaf::new(CheckStatus::Failed, reason, message)
    }

    fn missing(field: ProfileField) -> Leaf {
        let name = field.words();
        Leaf {
            missing: vec![field],
            hint: Some(Hint::provide_input(Langs::BOTH, field)),
            ..Leaf::new(
                CheckStatus::Unknown,
                ReasonCode::MissingInput,
                W::both(&W::MISSING_INPUT, |lang| {
                    vec![("field", name.template(lang).to_string())]
                }),
            )
        }
    }

    fn unknown_parameter(_name: &str) -> Leaf {
        Leaf::failed(ReasonCode::UnknownParameter, words(&W::RULE_INCOMPLETE))
    }

    fn values(mut self, actual: Option<String>, expected: Option<String>) -> Leaf {
        self.actual = actual;
        self.expected = expected;
        self
    }

    fn with_hint(mut self, hint: Hint) -> Leaf {
        self.hint = Some(hint);
        self
    }
}

fn eval_node(
    criterion: &Criterion,
    path: String,
    depth: u32,
    negated: bool,
    env: &Env<'_>,
    out: &mut Vec<CriterionOutcome>,
) -> CheckStatus {
    let index = out.len();
    out.push(CriterionOutcome {
        path: path.as_str().into(),
        depth: i32::try_from(depth).unwrap_or(i32::MAX),
        kind: criterion.kind(),
        status: CheckStatus::Unknown,
        reason: ReasonCode::SomeUnknown,
        actual: None,
        expected: None,
        message: LocalizedText::default(),
        missing_inputs: Vec::new(),
        hint: None,
    });
    let leaf = if depth >= MAX_EVAL_DEPTH {
        Leaf::failed(ReasonCode::TooComplex, words(&W::TOO_DEEP))
    } else {
        match criterion {
            Criterion::All(list) | Criterion::Any(list) => {
                let is_all = matches!(criterion, Criterion::All(_));
                let statuses: Vec<CheckStatus> = list
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let p = format!("{path}.{}", criterion.child_segment(i));
                        eval_node(c, p, depth + 1, negated, env, out)
                    })
                    .collect();
                combine(is_all, &statuses)
            }
            Criterion::Not(inner) => {
                let p = format!("{path}.not");
                let s = eval_node(inner, p, depth + 1, !negated, env, out);
                match s {
                    CheckStatus::Passed => {
                        Leaf::failed(ReasonCode::InnerPassed, words(&W::EXCLUDED_APPLIES))
                    }
                    CheckStatus::Failed => {
                        Leaf::passed(ReasonCode::InnerFailed, words(&W::EXCLUDED_NOT_APPLYING))
                    }
                    CheckStatus::Unknown => Leaf::new(
                        CheckStatus::Unknown,
                        ReasonCode::SomeUnknown,
                        words(&W::EXCLUDED_UNDECIDED),
                    ),
                }
            }
            leaf => eval_leaf(leaf, env),
        }
    };
    let status = leaf.status;
    if let Some(slot) = out.get_mut(index) {
        slot.status = leaf.status;
        slot.reason = leaf.reason;
        slot.actual = leaf.actual.map(Into::into);
        slot.expected = leaf.expected.map(Into::into);
        slot.message = leaf.message;
        slot.missing_inputs = leaf.missing;
        // Under a `not`, "how to pass" of the inner criterion would mislead.
        slot.hint = if negated || status == CheckStatus::Passed {
            None
        } else {
            leaf.hint
        };
    }
    status
}

fn combine(is_all: bool, statuses: &[CheckStatus]) -> Leaf {
    let any_failed = statuses.contains(&CheckStatus::Failed);
    let any_passed = statuses.contains(&CheckStatus::Passed);
    let any_unknown = statuses.contains(&CheckStatus::Unknown);
    let unknown = || {
        Leaf::new(
            CheckStatus::Unknown,
            ReasonCode::SomeUnknown,
            words(&W::SOME_UNKNOWN),
        )
    };
    if is_all {
        if any_failed {
            Leaf::failed(ReasonCode::SomeFailed, words(&W::SOME_FAILED))
        } else if any_unknown {
            unknown()
        } else {
            Leaf::passed(ReasonCode::AllPassed, words(&W::ALL_PASSED))
        }
    } else if any_passed {
        Leaf::passed(ReasonCode::OnePassed, words(&W::ONE_PASSED))
    } else if any_unknown {
        unknown()
    } else {
        Leaf::failed(ReasonCode::NonePassed, words(&W::NONE_PASSED))
    }
}

fn resolve(threshold: &Threshold, parameters: &Parameters) -> Result<i64, Box<Leaf>> {
    threshold.resolve(parameters).ok_or_else(|| {
        Box::new(match threshold {
            Threshold::Parameter { parameter } => Leaf::unknown_parameter(parameter),
            Threshold::Value(_) => Leaf::unknown_parameter("?"),
        })
    })
}

/// The value of an input, or an "unknown: missing input" leaf.
fn need<T>(value: Option<T>, field: ProfileField) -> Result<T, Box<Leaf>> {
    value.ok_or_else(|| Box::new(Leaf::missing(field)))
}

/// The risk assessment, or an "unknown" leaf advising to take one.
fn need_assessment(profile: &CourierProfile) -> Result<&crate::profile::RiskAssessment, Box<Leaf>> {
    profile.risk_assessment.as_ref().ok_or_else(|| {
        Box::new(Leaf {
            hint: Some(Hint::take_assessment(Langs::BOTH, None)),
            ..Leaf::missing(ProfileField::RiskAssessment)
        })
    })
}

fn format_instant(t: ChinaTime, lang: Lang) -> String {
    minute_in(&t.with_timezone(&CHINA), lang)
}

/// An entry without parameters, in both languages.
fn words(m: &Message) -> LocalizedText {
    m.localized(&[])
}

/// A text built per language.
fn in_both<S: Into<smol_str::SmolStr>>(f: impl Fn(Lang) -> S) -> LocalizedText {
    LocalizedText::new(f(Lang::ZhCn), f(Lang::En))
}

fn normalise_city(city: &str) -> &str {
    let t = city.trim();
    t.strip_suffix('市').unwrap_or(t)
}

fn eval_leaf(criterion: &Criterion, env: &Env<'_>) -> Leaf {
    match eval_leaf_inner(criterion, env) {
        Ok(leaf) => leaf,
        Err(leaf) => *leaf,
    }
}

fn eval_leaf_inner(criterion: &Criterion, env: &Env<'_>) -> Result<Leaf, Box<Leaf>> {
    let p = env.profile;
    let params = env.ctx.parameters;
    let today = env.today;
    Ok(match criterion {
        Criterion::All(_) | Criterion::Any(_) | Criterion::Not(_) => {
            Leaf::failed(ReasonCode::TooComplex, words(&W::NOT_EVALUATED))
        }
        Criterion::AgeRange { min, max } => {
            let birth = need(p.birth_date(), ProfileField::ResidentId)?;
            let min = min.as_ref().map(|t| resolve(t, params)).transpose()?;
            let max = max.as_ref().map(|t| resolve(t, params)).transpose()?;
            let age = age_on(birth, today);
            let expected = match (min, max) {
                (Some(a), Some(b)) => format!("{a}-{b}"),
                (Some(a), None) => format!(">= {a}"),
                (None, Some(b)) => format!("<= {b}"),
                (None, None) => "any".to_string(),
            };
            let text = |reason| in_both(|lang| render::age_text(reason, age, min, max, lang));
            let leaf = match (min, max) {
                (Some(m), _) if age < m => {
                    let leaf = Leaf::failed(
                        ReasonCode::AgeBelowMinimum,
                        text(ReasonCode::AgeBelowMinimum),
                    );
                    match anniversary(birth, m) {
                        Some(d) => leaf.with_hint(Hint::wait_age(Langs::BOTH, d, m)),
                        None => leaf,
                    }
                }
                (_, Some(m)) if age > m => Leaf::failed(
                    ReasonCode::AgeAboveMaximum,
                    text(ReasonCode::AgeAboveMaximum),
                )
                .with_hint(Hint::not_achievable(Langs::BOTH, &W::HINT_AGE_LIMIT_PASSED)),
                _ => Leaf::passed(ReasonCode::AgeInRange, text(ReasonCode::AgeInRange)),
            };
            leaf.values(Some(age.to_string()), Some(expected))
        }
        Criterion::TenureAtLeast { months } => {
            let start = need(p.employment_start, ProfileField::EmploymentStart)?;
            let m = resolve(months, params)?;
            let done = whole_months(start, today).max(0);
            let expected = Some(format!(">= {m}"));
            let args = [("months", done.to_string()), ("required", m.to_string())];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            match add_months(start, m) {
                Some(reached) if today >= reached => Leaf::passed(
                    ReasonCode::TenureReached,
                    W::TENURE_REACHED.localized(&args),
                ),
                reached => {
                    let leaf = Leaf::failed(
                        ReasonCode::TenureTooShort,
                        W::TENURE_TOO_SHORT.localized(&args),
                    );
                    match reached {
                        Some(d) => leaf.with_hint(Hint::wait_tenure(Langs::BOTH, d, m)),
                        None => leaf,
                    }
                }
            }
            .values(Some(done.to_string()), expected)
        }
        Criterion::OccupationIn { occupations } => {
            let occ = need(p.occupation, ProfileField::Occupation)?;
            let expected: Vec<&str> = occupations.iter().map(|o| o.code()).collect();
            let label = occ.label();
            if occupations.contains(&occ) {
                Leaf::passed(
                    ReasonCode::OccupationAccepted,
                    in_both(|lang| {
                        W::OCCUPATION_ACCEPTED.render(lang, &[("occupation", label.get(lang))])
                    }),
                )
            } else {
                Leaf::failed(
                    ReasonCode::OccupationNotAccepted,
                    in_both(|lang| {
                        W::OCCUPATION_NOT_ACCEPTED.render(lang, &[("occupation", label.get(lang))])
                    }),
                )
                .with_hint(Hint::not_achievable(Langs::BOTH, &W::HINT_OCCUPATIONS_ONLY))
            }
            .values(Some(occ.code().to_string()), Some(expected.join(", ")))
        }
        Criterion::EmployerIsMember {} => {
            let code = need(p.employer_code.as_ref(), ProfileField::EmployerCode)?;
            let actual = Some(code.masked());
            let expected = Some("member_unit".to_string());
            if env.ctx.member_units.contains(code.raw()) {
                Leaf::passed(ReasonCode::EmployerIsMember, words(&W::EMPLOYER_IS_MEMBER))
            } else {
                Leaf::failed(
                    ReasonCode::EmployerNotMember,
                    words(&W::EMPLOYER_NOT_MEMBER),
                )
                .with_hint(Hint::not_achievable(
                    Langs::BOTH,
                    &W::HINT_MEMBER_UNITS_ONLY,
                ))
            }
            .values(actual, expected)
        }
        Criterion::ProvinceIn { provinces } => {
            let prov = need(p.province, ProfileField::Province)?;
            let expected: Vec<String> = provinces.iter().map(snake_name).collect();
            let label = prov.label();
            if provinces.contains(&prov) {
                Leaf::passed(
                    ReasonCode::ProvinceAccepted,
                    in_both(|lang| {
                        W::PROVINCE_ACCEPTED.render(lang, &[("province", label.get(lang))])
                    }),
                )
            } else {
                Leaf::failed(
                    ReasonCode::ProvinceNotAccepted,
                    in_both(|lang| {
                        W::PROVINCE_NOT_ACCEPTED.render(lang, &[("province", label.get(lang))])
                    }),
                )
                .with_hint(Hint::not_achievable(Langs::BOTH, &W::HINT_REGIONS_ONLY))
            }
            .values(Some(snake_name(&prov)), Some(expected.join(", ")))
        }
        Criterion::CityIn { cities } => {
            let city = need(p.city.as_deref(), ProfileField::City)?;
            let mine = normalise_city(city);
            if cities.iter().any(|c| normalise_city(c) == mine) {
                Leaf::passed(
                    ReasonCode::CityAccepted,
                    W::CITY_ACCEPTED.localized(&[("city", mine)]),
                )
            } else {
                Leaf::failed(
                    ReasonCode::CityNotAccepted,
                    W::CITY_NOT_ACCEPTED.localized(&[("city", mine)]),
                )
                .with_hint(Hint::not_achievable(Langs::BOTH, &W::HINT_CITIES_ONLY))
            }
            .values(Some(mine.to_string()), Some(cities.join(", ")))
        }
        Criterion::IncomeAtLeast {
            monthly_fen,
            yearly_fen,
        } => {
            let income = need(p.monthly_income_fen, ProfileField::MonthlyIncomeFen)?;
            let (threshold, yearly) = match (monthly_fen, yearly_fen) {
                (Some(t), _) => (t, false),
                (None, Some(y)) => (y, true),
                (None, None) => return Ok(Leaf::unknown_parameter("?")),
            };
            let t = resolve(threshold, params)?;
            // The least monthly income that passes: a yearly threshold over 12, rounded up.
            let monthly = if yearly {
                (i128::from(t) + 11).div_euclid(12) as i64
            } else {
                t
            };
            let passes = if yearly {
                i128::from(income) * 12 >= i128::from(t)
            } else {
                income >= t
            };
            let text = |reached| in_both(|lang| render::income_text(reached, t, yearly, lang));
            if passes {
                Leaf::passed(ReasonCode::IncomeReached, text(true))
            } else {
                Leaf::failed(ReasonCode::IncomeTooLow, text(false)).with_hint(if yearly {
                    Hint::reach_yearly_amount(Langs::BOTH, monthly, t)
                } else {
                    Hint::reach_amount(Langs::BOTH, t)
                })
            }
            .values(Some("***".to_string()), Some(format!(">= {monthly}")))
        }
        Criterion::HoldsProduct { product_id } => {
            let held = need(p.held_products.as_ref(), ProfileField::HeldProducts)?;
            if held.contains(product_id) {
                let text = env.product_text(&W::PRODUCT_HELD, &W::PRODUCT_HELD_UNNAMED, product_id);
                Leaf::passed(ReasonCode::ProductHeld, text)
                    .values(Some("held".to_string()), Some("held".to_string()))
            } else {
                let text = env.product_text(
                    &W::PRODUCT_NOT_HELD,
                    &W::PRODUCT_NOT_HELD_UNNAMED,
                    product_id,
                );
                Leaf::failed(ReasonCode::ProductNotHeld, text)
                    .with_hint(Hint::obtain_product(
                        Langs::BOTH,
                        product_id,
                        env.product_name(product_id),
                    ))
                    .values(Some("not_held".to_string()), Some("held".to_string()))
            }
        }
        Criterion::DoesNotHoldProduct { product_id } => {
            let held = need(p.held_products.as_ref(), ProfileField::HeldProducts)?;
            if held.contains(product_id) {
                let text = env.product_text(
                    &W::PRODUCT_ALREADY_HELD,
                    &W::PRODUCT_ALREADY_HELD_UNNAMED,
                    product_id,
                );
                Leaf::failed(ReasonCode::ProductAlreadyHeld, text)
                    .with_hint(Hint::not_achievable(Langs::BOTH, &W::HINT_ALREADY_HELD))
                    .values(Some("held".to_string()), Some("not_held".to_string()))
            } else {
                let text = env.product_text(
                    &W::PRODUCT_NOT_HELD_YET,
                    &W::PRODUCT_NOT_HELD_YET_UNNAMED,
                    product_id,
                );
                Leaf::passed(ReasonCode::ProductNotHeld, text)
                    .values(Some("not_held".to_string()), Some("not_held".to_string()))
            }
        }
        Criterion::KycAtLeast { level } => {
            let kyc = need(p.kyc_level, ProfileField::KycLevel)?;
            if kyc >= *level {
                Leaf::passed(
                    ReasonCode::KycReached,
                    in_both(|lang| render::kyc_text(kyc, None, lang)),
                )
            } else {
                Leaf::failed(
                    ReasonCode::KycTooLow,
                    in_both(|lang| render::kyc_text(kyc, Some(*level), lang)),
                )
                .with_hint(Hint::raise_kyc(Langs::BOTH, *level))
            }
            .values(
                Some(snake_name(&kyc)),
                Some(format!(">= {}", snake_name(level))),
            )
        }
        Criterion::ValidRiskAssessment {} => {
            let a = need_assessment(p)?;
            let as_of = env.ctx.as_of;
            if a.assessed_at > as_of {
                return Ok(Leaf::failed(
                    ReasonCode::AssessmentNotYetTaken,
                    words(&W::ASSESSMENT_NOT_YET_TAKEN),
                )
                .with_hint(Hint::take_assessment(Langs::BOTH, None)));
            }
            let expires = assessment_expires_at(a.assessed_at, params.assessment_validity_months);
            match expires {
                Some(exp) if as_of < exp => Leaf::passed(
                    ReasonCode::AssessmentValid,
                    in_both(|lang| {
                        W::ASSESSMENT_VALID.render(lang, &[("until", &format_instant(exp, lang))])
                    }),
                )
                .values(
                    Some(exp.to_rfc3339()),
                    Some(format!("> {}", as_of.to_rfc3339())),
                ),
                _ => {
                    let retake = frequency_excess(p, params, as_of).map(|e| e.clear_on);
                    let when = |lang| expires.map(|e| format_instant(e, lang)).unwrap_or_default();
                    Leaf::failed(
                        ReasonCode::AssessmentExpired,
                        in_both(|lang| {
                            W::ASSESSMENT_EXPIRED.render(lang, &[("when", &when(lang))])
                        }),
                    )
                    .with_hint(Hint::take_assessment(Langs::BOTH, retake))
                    .values(
                        expires.map(|e| e.to_rfc3339()),
                        Some(format!("> {}", as_of.to_rfc3339())),
                    )
                }
            }
        }
        Criterion::AssessmentFrequencyWithinLimits {} => {
            match frequency_excess(p, params, env.ctx.as_of) {
                None => Leaf::passed(
                    ReasonCode::AssessmentFrequencyWithinLimits,
                    words(&W::FREQUENCY_WITHIN_LIMITS),
                ),
                Some(e) => Leaf::failed(
                    ReasonCode::AssessmentFrequencyExceeded,
                    in_both(|lang| {
                        render::frequency_text(e.limit.window, e.count, e.limit.max_count, lang)
                    }),
                )
                .with_hint(Hint::wait_frequency(Langs::BOTH, e.clear_on))
                .values(
                    Some(e.count.to_string()),
                    Some(format!("<= {}", e.limit.max_count)),
                ),
            }
        }
        Criterion::RiskGradeCoversProduct {} => {
            let Some(rating) = env.benefit.risk_rating else {
                return Ok(
                    Leaf::failed(ReasonCode::BenefitNotRated, words(&W::NOT_RATED))
                        .with_hint(Hint::not_achievable(Langs::BOTH, &W::HINT_NOT_RATED)),
                );
            };
            let a = need_assessment(p)?;
            let max = params.max_rating_for(a.grade);
            let min_grade = params.min_grade_for(rating);
            let expected = Some(match min_grade {
                Some(g) => format!(">= {}", g.code()),
                None => "none".to_string(),
            });
            let (g, r) = (a.grade.code(), rating.code());
            let need = min_grade.map(|g| g.code());
            if max.is_some_and(|m| m >= rating) {
                Leaf::passed(
                    ReasonCode::GradeCoversRating,
                    in_both(|lang| render::grade_text(true, g, r, need, lang)),
                )
            } else {
                Leaf::failed(
                    ReasonCode::GradeBelowRating,
                    in_both(|lang| render::grade_text(false, g, r, need, lang)),
                )
                .with_hint(Hint::choose_lower_risk(Langs::BOTH, max))
            }
            .values(Some(g.to_string()), expected)
        }
        Criterion::OccupationClassCovered {} => {
            let covered = &env.benefit.covered_occupation_classes;
            if covered.is_empty() {
                return Ok(Leaf::failed(
                    ReasonCode::BenefitWithoutOccupationClasses,
                    words(&W::NO_OCCUPATION_CLASSES),
                )
                .with_hint(Hint::not_achievable(
                    Langs::BOTH,
                    &W::HINT_NO_OCCUPATION_CLASSES,
                )));
            }
            let occ = need(p.occupation, ProfileField::Occupation)?;
            let Some(class) = params.occupation_class(occ) else {
                return Ok(Leaf::unknown_parameter(&format!(
                    "occupation_classes.{}",
                    occ.code()
                )));
            };
            let list: Vec<String> = covered.iter().map(u8::to_string).collect();
            let list = list.join(", ");
            if covered.contains(&class) {
                Leaf::passed(
                    ReasonCode::OccupationClassCovered,
                    in_both(|lang| render::class_text(true, class, covered, lang)),
                )
            } else {
                Leaf::failed(
                    ReasonCode::OccupationClassNotCovered,
                    in_both(|lang| render::class_text(false, class, covered, lang)),
                )
                .with_hint(Hint::not_achievable(
                    Langs::BOTH,
                    &W::HINT_OCCUPATION_CLASS_NOT_COVERED,
                ))
            }
            .values(Some(class.to_string()), Some(list))
        }
    })
}
