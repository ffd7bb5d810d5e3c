//! The evaluation engine as it was before compilation (test oracle only): every criterion
//! evaluated from the source tree, with text built eagerly. The equivalence tests check that
//! the compiled engine and its rendering give exactly these decisions.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, dead_code)]

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::calendar::{add_months, age_on, anniversary, assessment_expires_at, whole_months};
use super::criteria::{Criterion, Rule, RuleSet, Threshold};
use super::evaluate::{
    frequency_excess, snake_name, BenefitFacts, CheckStatus, CriterionOutcome, Decision,
    DecisionStamp, Eligibility, EvaluationContext, Notice, NoticeCode, ReasonCode, RuleOutcome,
    RuleStatus,
};
use super::hints::{Hint, HintKind};
use super::params::{LimitWindow, Parameters};
use super::text::{format_fen, LocalizedText};
use crate::lang::Lang;
use crate::products::ProductCatalogue;
use crate::profile::{CourierProfile, ProfileField};
use crate::time::{china_date, start_of_day, ChinaTime, CHINA};
use crate::words::eligibility as W;
use crate::words::Message;

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
            decision.summary = LocalizedText::new(
                format!(
                    "{}；{}起符合条件",
                    decision.summary.zh,
                    super::text::zh_date(date)
                ),
                format!("{}; eligible from {date}", decision.summary.en),
            );
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

    fn product_text(&self, named: &Message, unnamed: &Message, id: &str) -> (String, String) {
        let name = self.product_name(id);
        (
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
        rule_set_id: rule_set.id.clone(),
        rule_set_version: rule_set.version.clone(),
        catalogue_version: ctx.catalogue_version.to_string(),
        as_of: ctx.as_of,
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
                rule_id: rule.id.clone(),
                description: rule.description.clone(),
                source: rule.source.clone(),
                status: RuleStatus::NotInEffect,
                criteria: Vec::new(),
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
            message: LocalizedText::new(
                "该规则集在评估日期未生效，暂不提供",
                "the rule set is not in effect on the evaluation date: not offered",
            ),
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
        Eligibility::Eligible => LocalizedText::new("符合条件", "eligible"),
        Eligibility::Ineligible if !set_in_effect => LocalizedText::new(
            "不符合条件：规则集未生效",
            "not eligible: rule set not in effect",
        ),
        Eligibility::Ineligible => LocalizedText::new(
            format!("不符合条件：{failed}项规则未满足"),
            format!(
                "not eligible: {failed} rule{} not met",
                if failed == 1 { "" } else { "s" }
            ),
        ),
        Eligibility::Unknown => {
            let zh: Vec<String> = missing.iter().map(|f| f.label().zh).collect();
            let en: Vec<String> = missing.iter().map(|f| f.label().en).collect();
            LocalizedText::new(
                format!("信息不足，无法判断：缺少{}", zh.join("、")),
                format!("cannot decide: missing {}", en.join(", ")),
            )
        }
    };
    Decision {
        benefit_id: benefit.id.clone(),
        status,
        summary,
        missing_inputs: missing,
        hints,
        eligible_on: None,
        rules,
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
        while ancestors.last().is_some_and(|(d, _)| *d >= o.depth) {
            ancestors.pop();
        }
        let overridden = ancestors.iter().any(|(_, s)| *s == CheckStatus::Passed);
        ancestors.push((o.depth, o.status));
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
        rule_id: rule.id.clone(),
        description: rule.description.clone(),
        source: rule.source.clone(),
        status: match status {
            CheckStatus::Passed => RuleStatus::Passed,
            CheckStatus::Failed => RuleStatus::Failed,
            CheckStatus::Unknown => RuleStatus::Unknown,
        },
        criteria,
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
    fn new(status: CheckStatus, reason: ReasonCode, zh: String, en: String) -> Leaf {
        Leaf {
            status,
            reason,
            actual: None,
            expected: None,
            message: LocalizedText::new(zh, en),
            missing: Vec::new(),
            hint: None,
        }
    }

    fn passed(reason: ReasonCode, zh: String, en: String) -> Leaf {
        Leaf::new(CheckStatus::Passed, reason, zh, en)
    }

    fn failed(reason: ReasonCode, zh: String, en: String) -> Leaf {
        Leaf::new(CheckStatus::Failed, reason, zh, en)
    }

    fn missing(field: ProfileField) -> Leaf {
        let label = field.label();
        Leaf {
            missing: vec![field],
            hint: Some(Hint::provide_input(field)),
            ..Leaf::new(
                CheckStatus::Unknown,
                ReasonCode::MissingInput,
                format!("缺少{}，无法判断", label.zh),
                format!("{} not provided", label.en),
            )
        }
    }

    fn unknown_parameter(_name: &str) -> Leaf {
        Leaf::failed(
            ReasonCode::UnknownParameter,
            W::RULE_INCOMPLETE.zh.to_string(),
            W::RULE_INCOMPLETE.en.to_string(),
        )
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
        path: path.clone(),
        depth,
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
        Leaf::failed(
            ReasonCode::TooComplex,
            "规则嵌套过深，不予评估".to_string(),
            "the rule is nested too deeply to be evaluated".to_string(),
        )
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
                    CheckStatus::Passed => Leaf::failed(
                        ReasonCode::InnerPassed,
                        "触发了排除条件".to_string(),
                        "an excluded condition applies".to_string(),
                    ),
                    CheckStatus::Failed => Leaf::passed(
                        ReasonCode::InnerFailed,
                        "未触发排除条件".to_string(),
                        "the excluded condition does not apply".to_string(),
                    ),
                    CheckStatus::Unknown => Leaf::new(
                        CheckStatus::Unknown,
                        ReasonCode::SomeUnknown,
                        "排除条件缺少信息，无法判断".to_string(),
                        "the excluded condition cannot be decided".to_string(),
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
        slot.actual = leaf.actual;
        slot.expected = leaf.expected;
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
            "部分条件缺少信息，无法判断".to_string(),
            "some conditions cannot be decided for missing information".to_string(),
        )
    };
    if is_all {
        if any_failed {
            Leaf::failed(
                ReasonCode::SomeFailed,
                "有条件未满足".to_string(),
                "a required condition is not met".to_string(),
            )
        } else if any_unknown {
            unknown()
        } else {
            Leaf::passed(
                ReasonCode::AllPassed,
                "全部条件均满足".to_string(),
                "all conditions are met".to_string(),
            )
        }
    } else if any_passed {
        Leaf::passed(
            ReasonCode::OnePassed,
            "满足其中一项条件".to_string(),
            "one of the alternatives is met".to_string(),
        )
    } else if any_unknown {
        unknown()
    } else {
        Leaf::failed(
            ReasonCode::NonePassed,
            "各项备选条件均未满足".to_string(),
            "none of the alternatives is met".to_string(),
        )
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
            hint: Some(Hint::take_assessment(None)),
            ..Leaf::missing(ProfileField::RiskAssessment)
        })
    })
}

fn format_instant(t: ChinaTime) -> String {
    t.with_timezone(&CHINA).format("%Y-%m-%d %H:%M").to_string()
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
        Criterion::All(_) | Criterion::Any(_) | Criterion::Not(_) => Leaf::failed(
            ReasonCode::TooComplex,
            "内部错误：组合条件按叶子条件评估".to_string(),
            "internal: a combination evaluated as a leaf".to_string(),
        ),
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
            let leaf = match (min, max) {
                (Some(m), _) if age < m => {
                    let leaf = Leaf::failed(
                        ReasonCode::AgeBelowMinimum,
                        format!("年龄{age}周岁，未满{m}周岁"),
                        format!("aged {age}, under the minimum age of {m}"),
                    );
                    match anniversary(birth, m) {
                        Some(d) => leaf.with_hint(Hint::wait_until(
                            d,
                            &format!("年满{m}周岁"),
                            &format!("turns {m}"),
                        )),
                        None => leaf,
                    }
                }
                (_, Some(m)) if age > m => Leaf::failed(
                    ReasonCode::AgeAboveMaximum,
                    format!("年龄{age}周岁，超过{m}周岁的上限"),
                    format!("aged {age}, above the maximum age of {m}"),
                )
                .with_hint(Hint::not_achievable(
                    "已超过年龄上限",
                    "the age limit has been passed",
                )),
                _ => Leaf::passed(
                    ReasonCode::AgeInRange,
                    format!("年龄{age}周岁，符合要求（{expected}）"),
                    format!("aged {age}, within the required range ({expected})"),
                ),
            };
            leaf.values(Some(age.to_string()), Some(expected))
        }
        Criterion::TenureAtLeast { months } => {
            let start = need(p.employment_start, ProfileField::EmploymentStart)?;
            let m = resolve(months, params)?;
            let done = whole_months(start, today).max(0);
            let expected = Some(format!(">= {m}"));
            match add_months(start, m) {
                Some(reached) if today >= reached => Leaf::passed(
                    ReasonCode::TenureReached,
                    format!("已入职{done}个月，满足至少{m}个月的要求"),
                    format!("employed for {done} months; at least {m} required"),
                ),
                reached => {
                    let leaf = Leaf::failed(
                        ReasonCode::TenureTooShort,
                        format!("已入职{done}个月，不足{m}个月"),
                        format!("employed for {done} months; {m} required"),
                    );
                    match reached {
                        Some(d) => leaf.with_hint(Hint::wait_until(
                            d,
                            &format!("入职满{m}个月"),
                            &format!("tenure reaches {m} months"),
                        )),
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
                    format!("职业“{}”在适用范围内", label.zh),
                    format!("occupation \"{}\" is eligible", label.en),
                )
            } else {
                Leaf::failed(
                    ReasonCode::OccupationNotAccepted,
                    format!("职业“{}”不在适用范围内", label.zh),
                    format!("occupation \"{}\" is not eligible", label.en),
                )
                .with_hint(Hint::not_achievable(
                    "仅面向特定职业",
                    "only for certain occupations",
                ))
            }
            .values(Some(occ.code().to_string()), Some(expected.join(", ")))
        }
        Criterion::EmployerIsMember {} => {
            let code = need(p.employer_code.as_ref(), ProfileField::EmployerCode)?;
            let actual = Some(code.masked());
            let expected = Some("member_unit".to_string());
            if env.ctx.member_units.contains(code.raw()) {
                Leaf::passed(
                    ReasonCode::EmployerIsMember,
                    "用工单位是合作协会的会员单位".to_string(),
                    "the employer is a member unit of the partner association".to_string(),
                )
            } else {
                Leaf::failed(
                    ReasonCode::EmployerNotMember,
                    "用工单位不是合作协会的会员单位".to_string(),
                    "the employer is not a member unit of the partner association".to_string(),
                )
                .with_hint(Hint::not_achievable(
                    "仅面向会员单位的从业人员",
                    "only for workers of member units",
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
                    format!("工作地{}在适用范围内", label.zh),
                    format!("works in {}, which is covered", label.en),
                )
            } else {
                Leaf::failed(
                    ReasonCode::ProvinceNotAccepted,
                    format!("工作地{}不在适用范围内", label.zh),
                    format!("works in {}, which is not covered", label.en),
                )
                .with_hint(Hint::not_achievable(
                    "仅面向特定地区",
                    "only offered in certain regions",
                ))
            }
            .values(Some(snake_name(&prov)), Some(expected.join(", ")))
        }
        Criterion::CityIn { cities } => {
            let city = need(p.city.as_deref(), ProfileField::City)?;
            let mine = normalise_city(city);
            if cities.iter().any(|c| normalise_city(c) == mine) {
                Leaf::passed(
                    ReasonCode::CityAccepted,
                    format!("工作城市{mine}在适用范围内"),
                    format!("works in {mine}, which is covered"),
                )
            } else {
                Leaf::failed(
                    ReasonCode::CityNotAccepted,
                    format!("工作城市{mine}不在适用范围内"),
                    format!("works in {mine}, which is not covered"),
                )
                .with_hint(Hint::not_achievable(
                    "仅面向特定城市",
                    "only offered in certain cities",
                ))
            }
            .values(Some(mine.to_string()), Some(cities.join(", ")))
        }
        Criterion::IncomeAtLeast { monthly_fen } => {
            let income = need(p.monthly_income_fen, ProfileField::MonthlyIncomeFen)?;
            let t = resolve(monthly_fen, params)?;
            let money = format_fen(t);
            if income >= t {
                Leaf::passed(
                    ReasonCode::IncomeReached,
                    format!("月收入达到{money}的要求"),
                    format!("monthly income meets the {money} threshold"),
                )
            } else {
                Leaf::failed(
                    ReasonCode::IncomeTooLow,
                    format!("月收入低于{money}"),
                    format!("monthly income is below {money}"),
                )
                .with_hint(Hint::reach_amount(t))
            }
            .values(Some("***".to_string()), Some(format!(">= {t}")))
        }
        Criterion::HoldsProduct { product_id } => {
            let held = need(p.held_products.as_ref(), ProfileField::HeldProducts)?;
            if held.contains(product_id) {
                let (zh, en) =
                    env.product_text(&W::PRODUCT_HELD, &W::PRODUCT_HELD_UNNAMED, product_id);
                Leaf::passed(ReasonCode::ProductHeld, zh, en)
                    .values(Some("held".to_string()), Some("held".to_string()))
            } else {
                let (zh, en) = env.product_text(
                    &W::PRODUCT_NOT_HELD,
                    &W::PRODUCT_NOT_HELD_UNNAMED,
                    product_id,
                );
                Leaf::failed(ReasonCode::ProductNotHeld, zh, en)
                    .with_hint(Hint::obtain_product(
                        product_id,
                        env.product_name(product_id),
                    ))
                    .values(Some("not_held".to_string()), Some("held".to_string()))
            }
        }
        Criterion::DoesNotHoldProduct { product_id } => {
            let held = need(p.held_products.as_ref(), ProfileField::HeldProducts)?;
            if held.contains(product_id) {
                let (zh, en) = env.product_text(
                    &W::PRODUCT_ALREADY_HELD,
                    &W::PRODUCT_ALREADY_HELD_UNNAMED,
                    product_id,
                );
                Leaf::failed(ReasonCode::ProductAlreadyHeld, zh, en)
                    .with_hint(Hint::not_achievable("已持有该产品", "already held"))
                    .values(Some("held".to_string()), Some("not_held".to_string()))
            } else {
                let (zh, en) = env.product_text(
                    &W::PRODUCT_NOT_HELD_YET,
                    &W::PRODUCT_NOT_HELD_YET_UNNAMED,
                    product_id,
                );
                Leaf::passed(ReasonCode::ProductNotHeld, zh, en)
                    .values(Some("not_held".to_string()), Some("not_held".to_string()))
            }
        }
        Criterion::KycAtLeast { level } => {
            let kyc = need(p.kyc_level, ProfileField::KycLevel)?;
            let (mine, need) = (kyc.label(), level.label());
            if kyc >= *level {
                Leaf::passed(
                    ReasonCode::KycReached,
                    format!("身份核验等级“{}”满足要求", mine.zh),
                    format!("KYC level \"{}\" is sufficient", mine.en),
                )
            } else {
                Leaf::failed(
                    ReasonCode::KycTooLow,
                    format!("身份核验等级“{}”低于要求的“{}”", mine.zh, need.zh),
                    format!(
                        "KYC level \"{}\" is below the required \"{}\"",
                        mine.en, need.en
                    ),
                )
                .with_hint(Hint::raise_kyc(*level))
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
                    "风险评估时间晚于评估基准时间".to_string(),
                    "the risk assessment is dated after the evaluation instant".to_string(),
                )
                .with_hint(Hint::take_assessment(None)));
            }
            let expires = assessment_expires_at(a.assessed_at, params.assessment_validity_months);
            match expires {
                Some(exp) if as_of < exp => Leaf::passed(
                    ReasonCode::AssessmentValid,
                    format!("风险评估有效，至{}止", format_instant(exp)),
                    format!("the risk assessment is valid until {}", format_instant(exp)),
                )
                .values(
                    Some(exp.to_rfc3339()),
                    Some(format!("> {}", as_of.to_rfc3339())),
                ),
                _ => {
                    let retake = frequency_excess(p, params, as_of).map(|e| e.clear_on);
                    let when = expires.map(format_instant).unwrap_or_default();
                    Leaf::failed(
                        ReasonCode::AssessmentExpired,
                        format!("风险评估已于{when}过期"),
                        format!("the risk assessment expired at {when}"),
                    )
                    .with_hint(Hint::take_assessment(retake))
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
                    "风险评估次数在限额内".to_string(),
                    "the number of risk assessments is within the limits".to_string(),
                ),
                Some(e) => {
                    let (zh, en) = match e.limit.window {
                        LimitWindow::CalendarDay => (
                            format!(
                                "今日已进行{}次风险评估，超过每日{}次的上限",
                                e.count, e.limit.max_count
                            ),
                            format!(
                                "{} risk assessments today, above the daily limit of {}",
                                e.count, e.limit.max_count
                            ),
                        ),
                        LimitWindow::Months(n) => (
                            format!(
                                "近{n}个月已进行{}次风险评估，超过{}次的上限",
                                e.count, e.limit.max_count
                            ),
                            format!(
                                "{} risk assessments in the last {n} months, above the limit of {}",
                                e.count, e.limit.max_count
                            ),
                        ),
                    };
                    Leaf::failed(ReasonCode::AssessmentFrequencyExceeded, zh, en)
                        .with_hint(Hint::wait_until(
                            e.clear_on,
                            "评估次数回到限额内",
                            "the assessment count is back within the limit",
                        ))
                        .values(
                            Some(e.count.to_string()),
                            Some(format!("<= {}", e.limit.max_count)),
                        )
                }
            }
        }
        Criterion::RiskGradeCoversProduct {} => {
            let Some(rating) = env.benefit.risk_rating else {
                return Ok(Leaf::failed(
                    ReasonCode::BenefitNotRated,
                    "产品缺少风险等级，不能销售".to_string(),
                    "the product has no risk rating and cannot be sold".to_string(),
                )
                .with_hint(Hint::not_achievable(
                    "产品缺少风险等级",
                    "the product is not rated",
                )));
            };
            let a = need_assessment(p)?;
            let max = params.max_rating_for(a.grade);
            let min_grade = params.min_grade_for(rating);
            let expected = Some(match min_grade {
                Some(g) => format!(">= {}", g.code()),
                None => "none".to_string(),
            });
            let (g, r) = (a.grade.code(), rating.code());
            if max.is_some_and(|m| m >= rating) {
                Leaf::passed(
                    ReasonCode::GradeCoversRating,
                    format!("风险承受能力{g}可购买{r}级产品"),
                    format!("risk tolerance {g} covers an {r} product"),
                )
            } else {
                let need = min_grade.map(|g| g.code()).unwrap_or("-");
                Leaf::failed(
                    ReasonCode::GradeBelowRating,
                    format!("风险承受能力{g}低于{r}级产品的要求（需{need}及以上）"),
                    format!(
                        "risk tolerance {g} is below what an {r} product requires ({need} or higher)"
                    ),
                )
                .with_hint(Hint::choose_lower_risk(max))
            }
            .values(Some(g.to_string()), expected)
        }
        Criterion::OccupationClassCovered {} => {
            let covered = &env.benefit.covered_occupation_classes;
            if covered.is_empty() {
                return Ok(Leaf::failed(
                    ReasonCode::BenefitWithoutOccupationClasses,
                    "产品未列明承保的职业类别".to_string(),
                    "the product lists no covered occupation classes".to_string(),
                )
                .with_hint(Hint::not_achievable(
                    "产品未列明承保职业类别",
                    "the product lists no occupation classes",
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
            let zh_list = list.join("、");
            let list = list.join(", ");
            if covered.contains(&class) {
                Leaf::passed(
                    ReasonCode::OccupationClassCovered,
                    format!("职业类别第{class}类在承保范围内"),
                    format!("occupation class {class} is covered"),
                )
            } else {
                Leaf::failed(
                    ReasonCode::OccupationClassNotCovered,
                    format!("职业类别为第{class}类，本产品仅承保第{zh_list}类"),
                    format!("occupation class {class}; this product covers classes {list} only"),
                )
                .with_hint(Hint::not_achievable(
                    "本产品不承保该职业类别",
                    "this product does not cover the occupation class",
                ))
            }
            .values(Some(class.to_string()), Some(list))
        }
    })
}
