//! Text from records: messages in zh-CN or en, values as text, hints, whole decisions.
//!
//! Everything here reads a [`CriterionRecord`] and its compiled node (and the courier's facts
//! for values kept out of records, such as the city or the birth date for a waiting date). The
//! texts are exactly those of the decisions callers and conformance cases know.

use std::borrow::Cow;
use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::calendar::{add_months, anniversary};
use super::criteria::Criterion;
use super::engine::{
    for_each_blocking, AssessmentState, Benefit, CompiledRuleSet, CriterionRecord, Facts, Node, Op,
    Records, Thr,
};
use super::evaluate::{
    snake_name, CheckStatus, CriterionOutcome, Decision, DecisionStamp, Eligibility, Notice,
    NoticeCode, ReasonCode, RuleOutcome, RuleStatus,
};
use super::hints::Hint;
use super::params::{LimitWindow, Parameters};
use super::text::{format_fen, zh_date, LocalizedText};
use crate::lang::Lang;
use crate::profile::ProfileField;
use crate::time::ChinaTime;
use crate::words::eligibility as W;

/// What rendering reads besides the record and its node.
#[derive(Clone, Copy)]
pub(crate) struct RenderEnv<'x> {
    pub(crate) facts: &'x Facts<'x>,
    pub(crate) params: &'x Parameters,
    pub(crate) benefit: Benefit<'x>,
    /// The product catalogue the rule set belongs to, for the names of the products its
    /// criteria refer to (none for a rule set evaluated on its own).
    pub(crate) products: Option<&'x crate::products::ProductCatalogue>,
}

impl<'x> RenderEnv<'x> {
    /// The localized name of product `id`, when the product catalogue is known and has it.
    pub(crate) fn product_name(&self, id: &str) -> Option<&'x LocalizedText> {
        self.products?.product(id).map(|p| &p.name)
    }
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> Cow<'static, str> {
    Cow::Borrowed(lang.pick(zh, en))
}

fn pick_with(
    lang: Lang,
    zh: impl FnOnce() -> String,
    en: impl FnOnce() -> String,
) -> Cow<'static, str> {
    Cow::Owned(match lang {
        Lang::ZhCn => zh(),
        Lang::En => en(),
    })
}

fn format_instant(t: ChinaTime) -> String {
    crate::time::format_minute(&t)
}

fn thr_value(t: Option<Thr>) -> Option<i64> {
    match t {
        Some(Thr::Value(v)) => Some(v),
        _ => None,
    }
}

fn age_expected(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a}-{b}"),
        (Some(a), None) => format!(">= {a}"),
        (None, Some(b)) => format!("<= {b}"),
        (None, None) => "any".to_string(),
    }
}

fn city<'x>(env: &RenderEnv<'x>) -> &'x str {
    env.facts.city.unwrap_or_default()
}

fn classes_list(classes: &[u8], sep: &str) -> String {
    let list: Vec<String> = classes.iter().map(u8::to_string).collect();
    list.join(sep)
}

/// The message of a criterion outcome in one language.
pub(crate) fn message(
    node: &Node<'_>,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
    lang: Lang,
) -> Cow<'static, str> {
    use ReasonCode as R;
    let f = env.facts;
    let p = f.profile;
    match rec.reason {
        R::AllPassed => pick(lang, "全部条件均满足", "all conditions are met"),
        R::SomeFailed => pick(lang, "有条件未满足", "a required condition is not met"),
        R::SomeUnknown if node.op == Op::Not => pick(
            lang,
            "排除条件缺少信息，无法判断",
            "the excluded condition cannot be decided",
        ),
        R::SomeUnknown => pick(
            lang,
            "部分条件缺少信息，无法判断",
            "some conditions cannot be decided for missing information",
        ),
        R::OnePassed => pick(lang, "满足其中一项条件", "one of the alternatives is met"),
        R::NonePassed => pick(
            lang,
            "各项备选条件均未满足",
            "none of the alternatives is met",
        ),
        R::InnerFailed => pick(
            lang,
            "未触发排除条件",
            "the excluded condition does not apply",
        ),
        R::InnerPassed => pick(lang, "触发了排除条件", "an excluded condition applies"),
        R::TooComplex if node.op == Op::TooDeep => pick(
            lang,
            "规则嵌套过深，不予评估",
            "the rule is nested too deeply to be evaluated",
        ),
        R::TooComplex => pick(
            lang,
            "内部错误：组合条件按叶子条件评估",
            "internal: a combination evaluated as a leaf",
        ),
        R::MissingInput => {
            let label = rec.missing.map(ProfileField::label).unwrap_or_default();
            pick_with(
                lang,
                || format!("缺少{}，无法判断", label.zh),
                || format!("{} not provided", label.en),
            )
        }
        R::UnknownParameter => Cow::Borrowed(W::RULE_INCOMPLETE.template(lang)),
        R::AgeInRange | R::AgeBelowMinimum | R::AgeAboveMaximum => {
            let (min, max) = match node.op {
                Op::Age { min, max } => (thr_value(min), thr_value(max)),
                _ => (None, None),
            };
            let age = f.age;
            match rec.reason {
                R::AgeBelowMinimum => {
                    let m = min.unwrap_or_default();
                    pick_with(
                        lang,
                        || format!("年龄{age}周岁，未满{m}周岁"),
                        || format!("aged {age}, under the minimum age of {m}"),
                    )
                }
                R::AgeAboveMaximum => {
                    let m = max.unwrap_or_default();
                    pick_with(
                        lang,
                        || format!("年龄{age}周岁，超过{m}周岁的上限"),
                        || format!("aged {age}, above the maximum age of {m}"),
                    )
                }
                _ => {
                    let expected = age_expected(min, max);
                    pick_with(
                        lang,
                        || format!("年龄{age}周岁，符合要求（{expected}）"),
                        || format!("aged {age}, within the required range ({expected})"),
                    )
                }
            }
        }
        R::TenureReached | R::TenureTooShort => {
            let m = match node.op {
                Op::Tenure(t) => thr_value(Some(t)).unwrap_or_default(),
                _ => 0,
            };
            let done = f.tenure_months;
            if rec.reason == R::TenureReached {
                pick_with(
                    lang,
                    || format!("已入职{done}个月，满足至少{m}个月的要求"),
                    || format!("employed for {done} months; at least {m} required"),
                )
            } else {
                pick_with(
                    lang,
                    || format!("已入职{done}个月，不足{m}个月"),
                    || format!("employed for {done} months; {m} required"),
                )
            }
        }
        R::OccupationAccepted | R::OccupationNotAccepted => {
            let label = p.occupation.map(|o| o.label()).unwrap_or_default();
            if rec.reason == R::OccupationAccepted {
                pick_with(
                    lang,
                    || format!("职业“{}”在适用范围内", label.zh),
                    || format!("occupation \"{}\" is eligible", label.en),
                )
            } else {
                pick_with(
                    lang,
                    || format!("职业“{}”不在适用范围内", label.zh),
                    || format!("occupation \"{}\" is not eligible", label.en),
                )
            }
        }
        R::EmployerIsMember => pick(
            lang,
            "用工单位是合作协会的会员单位",
            "the employer is a member unit of the partner association",
        ),
        R::EmployerNotMember => pick(
            lang,
            "用工单位不是合作协会的会员单位",
            "the employer is not a member unit of the partner association",
        ),
        R::ProvinceAccepted | R::ProvinceNotAccepted => {
            let label = p.province.map(|x| x.label()).unwrap_or_default();
            if rec.reason == R::ProvinceAccepted {
                pick_with(
                    lang,
                    || format!("工作地{}在适用范围内", label.zh),
                    || format!("works in {}, which is covered", label.en),
                )
            } else {
                pick_with(
                    lang,
                    || format!("工作地{}不在适用范围内", label.zh),
                    || format!("works in {}, which is not covered", label.en),
                )
            }
        }
        R::CityAccepted => {
            let mine = city(env);
            pick_with(
                lang,
                || format!("工作城市{mine}在适用范围内"),
                || format!("works in {mine}, which is covered"),
            )
        }
        R::CityNotAccepted => {
            let mine = city(env);
            pick_with(
                lang,
                || format!("工作城市{mine}不在适用范围内"),
                || format!("works in {mine}, which is not covered"),
            )
        }
        R::IncomeReached | R::IncomeTooLow => {
            let t = match node.op {
                Op::Income(t) => thr_value(Some(t)).unwrap_or_default(),
                _ => 0,
            };
            let money = format_fen(t);
            if rec.reason == R::IncomeReached {
                pick_with(
                    lang,
                    || format!("月收入达到{money}的要求"),
                    || format!("monthly income meets the {money} threshold"),
                )
            } else {
                pick_with(
                    lang,
                    || format!("月收入低于{money}"),
                    || format!("monthly income is below {money}"),
                )
            }
        }
        R::ProductHeld | R::ProductNotHeld | R::ProductAlreadyHeld => {
            let id = match node.src {
                Criterion::HoldsProduct { product_id }
                | Criterion::DoesNotHoldProduct { product_id } => product_id.as_str(),
                _ => "",
            };
            let (named, unnamed) = match (rec.reason, node.op) {
                (R::ProductHeld, _) => (&W::PRODUCT_HELD, &W::PRODUCT_HELD_UNNAMED),
                (R::ProductAlreadyHeld, _) => {
                    (&W::PRODUCT_ALREADY_HELD, &W::PRODUCT_ALREADY_HELD_UNNAMED)
                }
                (_, Op::DoesNotHold(_)) => {
                    (&W::PRODUCT_NOT_HELD_YET, &W::PRODUCT_NOT_HELD_YET_UNNAMED)
                }
                _ => (&W::PRODUCT_NOT_HELD, &W::PRODUCT_NOT_HELD_UNNAMED),
            };
            Cow::Owned(W::with_product(named, unnamed, env.product_name(id), lang))
        }
        R::KycReached | R::KycTooLow => {
            let mine = p.kyc_level.map(|k| k.label()).unwrap_or_default();
            if rec.reason == R::KycReached {
                pick_with(
                    lang,
                    || format!("身份核验等级“{}”满足要求", mine.zh),
                    || format!("KYC level \"{}\" is sufficient", mine.en),
                )
            } else {
                let need = match node.op {
                    Op::Kyc(level) => level.label(),
                    _ => LocalizedText::default(),
                };
                pick_with(
                    lang,
                    || format!("身份核验等级“{}”低于要求的“{}”", mine.zh, need.zh),
                    || {
                        format!(
                            "KYC level \"{}\" is below the required \"{}\"",
                            mine.en, need.en
                        )
                    },
                )
            }
        }
        R::AssessmentNotYetTaken => pick(
            lang,
            "风险评估时间晚于评估基准时间",
            "the risk assessment is dated after the evaluation instant",
        ),
        R::AssessmentValid => {
            let exp = match f.assessment {
                AssessmentState::Valid(exp) => format_instant(exp),
                _ => String::new(),
            };
            pick_with(
                lang,
                || format!("风险评估有效，至{exp}止"),
                || format!("the risk assessment is valid until {exp}"),
            )
        }
        R::AssessmentExpired => {
            let when = match f.assessment {
                AssessmentState::Expired(exp) => exp.map(format_instant).unwrap_or_default(),
                _ => String::new(),
            };
            pick_with(
                lang,
                || format!("风险评估已于{when}过期"),
                || format!("the risk assessment expired at {when}"),
            )
        }
        R::AssessmentFrequencyWithinLimits => pick(
            lang,
            "风险评估次数在限额内",
            "the number of risk assessments is within the limits",
        ),
        R::AssessmentFrequencyExceeded => {
            let Some(e) = f.excess else {
                return Cow::Borrowed("");
            };
            let (count, max) = (e.count, e.limit.max_count);
            match e.limit.window {
                LimitWindow::CalendarDay => pick_with(
                    lang,
                    || format!("今日已进行{count}次风险评估，超过每日{max}次的上限"),
                    || format!("{count} risk assessments today, above the daily limit of {max}"),
                ),
                LimitWindow::Months(n) => pick_with(
                    lang,
                    || format!("近{n}个月已进行{count}次风险评估，超过{max}次的上限"),
                    || {
                        format!(
                            "{count} risk assessments in the last {n} months, above the limit of {max}"
                        )
                    },
                ),
            }
        }
        R::BenefitNotRated => pick(
            lang,
            "产品缺少风险等级，不能销售",
            "the product has no risk rating and cannot be sold",
        ),
        R::GradeCoversRating | R::GradeBelowRating => {
            let g = p.risk_assessment.as_ref().map_or("", |a| a.grade.code());
            let rating = env.benefit.rating;
            let r = rating.map_or("", |r| r.code());
            if rec.reason == R::GradeCoversRating {
                pick_with(
                    lang,
                    || format!("风险承受能力{g}可购买{r}级产品"),
                    || format!("risk tolerance {g} covers an {r} product"),
                )
            } else {
                let need = rating
                    .and_then(|r| env.params.min_grade_for(r))
                    .map_or("-", |g| g.code());
                pick_with(
                    lang,
                    || format!("风险承受能力{g}低于{r}级产品的要求（需{need}及以上）"),
                    || {
                        format!(
                            "risk tolerance {g} is below what an {r} product requires ({need} or higher)"
                        )
                    },
                )
            }
        }
        R::BenefitWithoutOccupationClasses => pick(
            lang,
            "产品未列明承保的职业类别",
            "the product lists no covered occupation classes",
        ),
        R::OccupationClassCovered | R::OccupationClassNotCovered => {
            let class = f.occupation_class.unwrap_or_default();
            if rec.reason == R::OccupationClassCovered {
                pick_with(
                    lang,
                    || format!("职业类别第{class}类在承保范围内"),
                    || format!("occupation class {class} is covered"),
                )
            } else {
                let classes = env.benefit.classes;
                pick_with(
                    lang,
                    || {
                        format!(
                            "职业类别为第{class}类，本产品仅承保第{}类",
                            classes_list(classes, "、")
                        )
                    },
                    || {
                        format!(
                            "occupation class {class}; this product covers classes {} only",
                            classes_list(classes, ", ")
                        )
                    },
                )
            }
        }
    }
}

/// The courier's value and the required value as text (`actual`, `expected`).
pub(crate) fn values(
    node: &Node<'_>,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
) -> (Option<String>, Option<String>) {
    use ReasonCode as R;
    let f = env.facts;
    let p = f.profile;
    match (rec.reason, node.src) {
        (R::AgeInRange | R::AgeBelowMinimum | R::AgeAboveMaximum, _) => {
            let (min, max) = match node.op {
                Op::Age { min, max } => (thr_value(min), thr_value(max)),
                _ => (None, None),
            };
            (Some(f.age.to_string()), Some(age_expected(min, max)))
        }
        (R::TenureReached | R::TenureTooShort, _) => {
            let m = match node.op {
                Op::Tenure(t) => thr_value(Some(t)).unwrap_or_default(),
                _ => 0,
            };
            (Some(f.tenure_months.to_string()), Some(format!(">= {m}")))
        }
        (
            R::OccupationAccepted | R::OccupationNotAccepted,
            Criterion::OccupationIn { occupations },
        ) => {
            let expected: Vec<&str> = occupations.iter().map(|o| o.code()).collect();
            (
                p.occupation.map(|o| o.code().to_string()),
                Some(expected.join(", ")),
            )
        }
        (R::EmployerIsMember | R::EmployerNotMember, _) => (
            p.employer_code.as_ref().map(|c| c.masked()),
            Some("member_unit".to_string()),
        ),
        (R::ProvinceAccepted | R::ProvinceNotAccepted, Criterion::ProvinceIn { provinces }) => {
            let expected: Vec<String> = provinces.iter().map(snake_name).collect();
            (
                p.province.map(|x| snake_name(&x)),
                Some(expected.join(", ")),
            )
        }
        (R::CityAccepted | R::CityNotAccepted, Criterion::CityIn { cities }) => {
            (Some(city(env).to_string()), Some(cities.join(", ")))
        }
        (R::IncomeReached | R::IncomeTooLow, _) => {
            let t = match node.op {
                Op::Income(t) => thr_value(Some(t)).unwrap_or_default(),
                _ => 0,
            };
            (Some("***".to_string()), Some(format!(">= {t}")))
        }
        (R::ProductHeld | R::ProductNotHeld | R::ProductAlreadyHeld, _) => {
            let held = rec.reason != R::ProductNotHeld;
            let actual = if held { "held" } else { "not_held" };
            let expected = if matches!(node.op, Op::DoesNotHold(_)) {
                "not_held"
            } else {
                "held"
            };
            (Some(actual.to_string()), Some(expected.to_string()))
        }
        (R::KycReached | R::KycTooLow, _) => {
            let need = match node.op {
                Op::Kyc(level) => snake_name(&level),
                _ => String::new(),
            };
            (
                p.kyc_level.map(|k| snake_name(&k)),
                Some(format!(">= {need}")),
            )
        }
        (R::AssessmentValid | R::AssessmentExpired, _) => {
            let exp = match f.assessment {
                AssessmentState::Valid(exp) => Some(exp),
                AssessmentState::Expired(exp) => exp,
                _ => None,
            };
            (
                exp.map(|e| crate::time::writable(e).to_rfc3339()),
                Some(format!("> {}", crate::time::writable(f.as_of).to_rfc3339())),
            )
        }
        (R::AssessmentFrequencyExceeded, _) => match f.excess {
            Some(e) => (
                Some(e.count.to_string()),
                Some(format!("<= {}", e.limit.max_count)),
            ),
            None => (None, None),
        },
        (R::GradeCoversRating | R::GradeBelowRating, _) => {
            let expected = match env.benefit.rating.and_then(|r| env.params.min_grade_for(r)) {
                Some(g) => format!(">= {}", g.code()),
                None => "none".to_string(),
            };
            (
                p.risk_assessment
                    .as_ref()
                    .map(|a| a.grade.code().to_string()),
                Some(expected),
            )
        }
        (R::OccupationClassCovered | R::OccupationClassNotCovered, _) => (
            f.occupation_class.map(|c| c.to_string()),
            Some(classes_list(env.benefit.classes, ", ")),
        ),
        _ => (None, None),
    }
}

/// What would make the criterion pass (none when it passed or sits below a `not`).
pub(crate) fn hint(node: &Node<'_>, rec: &CriterionRecord, env: &RenderEnv<'_>) -> Option<Hint> {
    use ReasonCode as R;
    if node.negated || rec.status == CheckStatus::Passed {
        return None;
    }
    let f = env.facts;
    Some(match rec.reason {
        R::MissingInput => match rec.missing? {
            ProfileField::RiskAssessment => Hint::take_assessment(None),
            field => Hint::provide_input(field),
        },
        R::AgeBelowMinimum => {
            let Op::Age { min, .. } = node.op else {
                return None;
            };
            let m = thr_value(min)?;
            let d = anniversary(f.birth?, m)?;
            Hint::wait_until(d, &format!("年满{m}周岁"), &format!("turns {m}"))
        }
        R::AgeAboveMaximum => {
            Hint::not_achievable("已超过年龄上限", "the age limit has been passed")
        }
        R::TenureTooShort => {
            let Op::Tenure(Thr::Value(m)) = node.op else {
                return None;
            };
            let d = add_months(f.profile.employment_start?, m)?;
            Hint::wait_until(
                d,
                &format!("入职满{m}个月"),
                &format!("tenure reaches {m} months"),
            )
        }
        R::OccupationNotAccepted => {
            Hint::not_achievable("仅面向特定职业", "only for certain occupations")
        }
        R::EmployerNotMember => Hint::not_achievable(
            "仅面向会员单位的从业人员",
            "only for workers of member units",
        ),
        R::ProvinceNotAccepted => {
            Hint::not_achievable("仅面向特定地区", "only offered in certain regions")
        }
        R::CityNotAccepted => {
            Hint::not_achievable("仅面向特定城市", "only offered in certain cities")
        }
        R::IncomeTooLow => {
            let Op::Income(Thr::Value(t)) = node.op else {
                return None;
            };
            Hint::reach_amount(t)
        }
        R::ProductNotHeld => match node.src {
            Criterion::HoldsProduct { product_id } => {
                Hint::obtain_product(product_id, env.product_name(product_id))
            }
            _ => return None,
        },
        R::ProductAlreadyHeld => Hint::not_achievable("已持有该产品", "already held"),
        R::KycTooLow => {
            let Op::Kyc(level) = node.op else {
                return None;
            };
            Hint::raise_kyc(level)
        }
        R::AssessmentNotYetTaken => Hint::take_assessment(None),
        R::AssessmentExpired => Hint::take_assessment(f.excess.map(|e| e.clear_on)),
        R::AssessmentFrequencyExceeded => Hint::wait_until(
            f.excess?.clear_on,
            "评估次数回到限额内",
            "the assessment count is back within the limit",
        ),
        R::BenefitNotRated => Hint::not_achievable("产品缺少风险等级", "the product is not rated"),
        R::GradeBelowRating => Hint::choose_lower_risk(f.max_rating),
        R::BenefitWithoutOccupationClasses => Hint::not_achievable(
            "产品未列明承保职业类别",
            "the product lists no occupation classes",
        ),
        R::OccupationClassNotCovered => Hint::not_achievable(
            "本产品不承保该职业类别",
            "this product does not cover the occupation class",
        ),
        _ => return None,
    })
}

/// The message in both languages.
pub(crate) fn localized(
    node: &Node<'_>,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
) -> LocalizedText {
    LocalizedText::new(
        message(node, rec, env, Lang::ZhCn),
        message(node, rec, env, Lang::En),
    )
}

/// One criterion outcome, fully rendered.
pub(crate) fn criterion_outcome(
    node: &Node<'_>,
    path: String,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
) -> CriterionOutcome {
    let (actual, expected) = values(node, rec, env);
    CriterionOutcome {
        path,
        depth: node.depth,
        kind: node.src.kind(),
        status: rec.status,
        reason: rec.reason,
        actual,
        expected,
        message: localized(node, rec, env),
        missing_inputs: rec.missing.into_iter().collect(),
        hint: hint(node, rec, env),
    }
}

/// Paths of a rule's nodes in pre-order: `criterion`, `criterion.all[1]`, `criterion.not`, ….
/// `base` is the index of the rule's first node in its rule set (nodes' `end` counts from
/// the start of the rule set).
pub(crate) fn paths(nodes: &[Node<'_>], base: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(nodes.len());
    // (end of subtree, index of the node, members seen so far)
    let mut stack: Vec<(usize, usize, usize)> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        while stack.last().is_some_and(|(end, _, _)| *end <= i) {
            stack.pop();
        }
        let path = match stack.last_mut() {
            None => "criterion".to_string(),
            Some((_, parent, seen)) => {
                let k = *seen;
                *seen += 1;
                let parent_path = out.get(*parent).map_or("criterion", String::as_str);
                match nodes.get(*parent).map(|n| n.op) {
                    Some(Op::All) => format!("{parent_path}.all[{k}]"),
                    Some(Op::Any) => format!("{parent_path}.any[{k}]"),
                    _ => format!("{parent_path}.not"),
                }
            }
        };
        out.push(path);
        stack.push((node.end.saturating_sub(base), i, 0));
    }
    out
}

/// Every rule's outcome with its criteria rendered.
pub(crate) fn rule_outcomes(
    set: &CompiledRuleSet<'_>,
    statuses: &[RuleStatus],
    records: Records<'_>,
    env: &RenderEnv<'_>,
) -> Vec<RuleOutcome> {
    let mut offset = 0usize;
    let mut out = Vec::with_capacity(set.rules.len());
    for (rule, status) in set.rules.iter().zip(statuses) {
        let mut criteria = Vec::new();
        if *status != RuleStatus::NotInEffect {
            let nodes = set.rule_nodes(rule);
            let recs = records.starting_at(offset);
            offset += nodes.len();
            criteria = nodes
                .iter()
                .zip(recs.iter())
                .zip(paths(nodes, rule.start))
                .map(|((node, rec), path)| criterion_outcome(node, path, rec, env))
                .collect();
        }
        out.push(RuleOutcome {
            rule_id: rule.rule.id.clone(),
            description: rule.rule.description.clone(),
            source: rule.rule.source.clone(),
            status: *status,
            criteria,
        });
    }
    out
}

/// Missing inputs and hints of the criteria that block the decision.
pub(crate) fn blocking(
    set: &CompiledRuleSet<'_>,
    statuses: &[RuleStatus],
    records: Records<'_>,
    env: &RenderEnv<'_>,
) -> (Vec<ProfileField>, Vec<Hint>) {
    let mut missing: BTreeSet<ProfileField> = BTreeSet::new();
    let mut hints: Vec<Hint> = Vec::new();
    for_each_blocking(set, statuses, records, |node, rec| {
        if rec.status == CheckStatus::Unknown {
            missing.extend(rec.missing);
        }
        if let Some(h) = hint(node, rec, env) {
            if !hints.contains(&h) {
                hints.push(h);
            }
        }
    });
    (missing.into_iter().collect(), hints)
}

/// The one-line summary of a decision in one language.
pub(crate) fn summary(
    status: Eligibility,
    set_in_effect: bool,
    failed_rules: usize,
    missing: &[ProfileField],
    eligible_on: Option<NaiveDate>,
    lang: Lang,
) -> String {
    let mut s = match status {
        Eligibility::Eligible => lang.pick("符合条件", "eligible").to_string(),
        Eligibility::Ineligible if !set_in_effect => lang
            .pick(
                "不符合条件：规则集未生效",
                "not eligible: rule set not in effect",
            )
            .to_string(),
        Eligibility::Ineligible => match lang {
            Lang::ZhCn => format!("不符合条件：{failed_rules}项规则未满足"),
            Lang::En => format!(
                "not eligible: {failed_rules} rule{} not met",
                if failed_rules == 1 { "" } else { "s" }
            ),
        },
        Eligibility::Unknown => {
            let labels: Vec<String> = missing
                .iter()
                .map(|f| {
                    let l = f.label();
                    match lang {
                        Lang::ZhCn => l.zh,
                        Lang::En => l.en,
                    }
                })
                .collect();
            match lang {
                Lang::ZhCn => format!("信息不足，无法判断：缺少{}", labels.join("、")),
                Lang::En => format!("cannot decide: missing {}", labels.join(", ")),
            }
        }
    };
    if let (Eligibility::Ineligible, Some(date)) = (status, eligible_on) {
        match lang {
            Lang::ZhCn => {
                s.push('；');
                s.push_str(&zh_date(date));
                s.push_str("起符合条件");
            }
            Lang::En => s.push_str(&format!("; eligible from {date}")),
        }
    }
    s
}

/// Everything a whole decision is rendered from.
pub(crate) struct DecisionParts<'x, 'a> {
    pub(crate) set: &'x CompiledRuleSet<'a>,
    pub(crate) benefit_id: &'x str,
    pub(crate) statuses: &'x [RuleStatus],
    pub(crate) records: Records<'x>,
    pub(crate) status: Eligibility,
    pub(crate) set_in_effect: bool,
    pub(crate) eligible_on: Option<NaiveDate>,
    pub(crate) catalogue_version: &'x str,
}

/// A whole decision, as [`super::evaluate`] returns it.
pub(crate) fn decision(parts: &DecisionParts<'_, '_>, env: &RenderEnv<'_>) -> Decision {
    let rules = rule_outcomes(parts.set, parts.statuses, parts.records, env);
    let (missing, hints) = blocking(parts.set, parts.statuses, parts.records, env);
    let failed = parts
        .statuses
        .iter()
        .filter(|s| **s == RuleStatus::Failed)
        .count();
    let eligible_on = if parts.status == Eligibility::Ineligible {
        parts.eligible_on
    } else {
        None
    };
    let text = |lang| {
        summary(
            parts.status,
            parts.set_in_effect,
            failed,
            &missing,
            eligible_on,
            lang,
        )
    };
    let summary = LocalizedText::new(text(Lang::ZhCn), text(Lang::En));
    let mut notices = Vec::new();
    if !parts.set_in_effect {
        notices.push(Notice {
            code: NoticeCode::RuleSetNotInEffect,
            message: LocalizedText::new(
                "该规则集在评估日期未生效，暂不提供",
                "the rule set is not in effect on the evaluation date: not offered",
            ),
        });
    }
    Decision {
        benefit_id: parts.benefit_id.to_string(),
        status: parts.status,
        summary,
        missing_inputs: missing,
        hints,
        eligible_on,
        rules,
        notices,
        stamp: DecisionStamp {
            rule_set_id: parts.set.set.id.clone(),
            rule_set_version: parts.set.set.version.clone(),
            catalogue_version: parts.catalogue_version.to_string(),
            as_of: crate::time::writable(env.facts.as_of),
        },
    }
}
