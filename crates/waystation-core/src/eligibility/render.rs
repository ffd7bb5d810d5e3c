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
use super::text::{date_in, minute_in, money_in, Langs, LocalizedText};
use crate::lang::Lang;
use crate::profile::KycLevel;
use crate::profile::ProfileField;
use crate::words::eligibility as W;
use crate::words::Message;

/// What rendering reads besides the record and its node.
#[derive(Clone, Copy)]
pub(crate) struct RenderEnv<'x> {
    pub(crate) facts: &'x Facts<'x>,
    pub(crate) params: &'x Parameters,
    pub(crate) benefit: Benefit<'x>,
    /// The product catalogue the rule set belongs to, for the names of the products its
    /// criteria refer to (none for a rule set evaluated on its own).
    pub(crate) products: Option<&'x crate::products::ProductCatalogue>,
    /// The languages the texts are rendered in.
    pub(crate) langs: Langs,
}

impl<'x> RenderEnv<'x> {
    /// The localized name of product `id`, when the product catalogue is known and has it.
    pub(crate) fn product_name(&self, id: &str) -> Option<&'x LocalizedText> {
        self.products?.product(id).map(|p| &p.name)
    }
}

fn word(m: &'static Message, lang: Lang) -> Cow<'static, str> {
    Cow::Borrowed(m.template(lang))
}

fn fill(m: &Message, lang: Lang, args: &[(&str, &str)]) -> Cow<'static, str> {
    Cow::Owned(m.render(lang, args))
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

/// The message of an age criterion that passed, or failed below `min` or above `max`.
pub(crate) fn age_text(
    reason: ReasonCode,
    age: i64,
    min: Option<i64>,
    max: Option<i64>,
    lang: Lang,
) -> String {
    let age = age.to_string();
    let min_s = min.unwrap_or_default().to_string();
    let max_s = max.unwrap_or_default().to_string();
    let (m, args): (&Message, [(&str, &str); 3]) = match reason {
        ReasonCode::AgeBelowMinimum => (
            &W::AGE_BELOW_MINIMUM,
            [("age", &age), ("min", &min_s), ("", "")],
        ),
        ReasonCode::AgeAboveMaximum => (
            &W::AGE_ABOVE_MAXIMUM,
            [("age", &age), ("max", &max_s), ("", "")],
        ),
        _ => match (min, max) {
            (Some(_), Some(_)) => (
                &W::AGE_BETWEEN,
                [("age", &age), ("min", &min_s), ("max", &max_s)],
            ),
            (Some(_), None) => (&W::AGE_AT_LEAST, [("age", &age), ("min", &min_s), ("", "")]),
            (None, Some(_)) => (&W::AGE_AT_MOST, [("age", &age), ("max", &max_s), ("", "")]),
            (None, None) => (&W::AGE_ANY, [("age", &age), ("", ""), ("", "")]),
        },
    };
    m.render(lang, &args)
}

/// The threshold of an income criterion stated per year, resolved (none for a monthly one).
fn yearly_threshold(node: &Node<'_>, env: &RenderEnv<'_>) -> Option<i64> {
    match node.src {
        Criterion::IncomeAtLeast {
            monthly_fen: None,
            yearly_fen: Some(y),
        } => y.resolve(env.params),
        _ => None,
    }
}

/// The message of an income criterion: the threshold as the rule states it, per month or per
/// year.
pub(crate) fn income_text(reached: bool, threshold: i64, yearly: bool, lang: Lang) -> String {
    let m = match (reached, yearly) {
        (true, false) => &W::INCOME_REACHED,
        (false, false) => &W::INCOME_TOO_LOW,
        (true, true) => &W::YEARLY_INCOME_REACHED,
        (false, true) => &W::YEARLY_INCOME_TOO_LOW,
    };
    m.render(lang, &[("amount", &money_in(threshold, lang))])
}

/// The message of an identity check criterion: `level` reached, or below `required`.
pub(crate) fn kyc_text(level: KycLevel, required: Option<KycLevel>, lang: Lang) -> String {
    let mine = W::kyc_level(level).template(lang);
    match required {
        None => W::KYC_REACHED.render(lang, &[("level", mine)]),
        Some(r) => W::KYC_TOO_LOW.render(
            lang,
            &[
                ("level", mine),
                ("required", W::kyc_level(r).template(lang)),
            ],
        ),
    }
}

/// The message of a suitability criterion: `grade` covers `rating`, or not (`required`: the
/// lowest grade that would, if any).
pub(crate) fn grade_text(
    covers: bool,
    grade: &str,
    rating: &str,
    required: Option<&str>,
    lang: Lang,
) -> String {
    let args = [("grade", grade), ("rating", rating)];
    match (covers, required) {
        (true, _) => W::GRADE_COVERS.render(lang, &args),
        (false, Some(r)) => W::GRADE_BELOW.render(lang, &[args[0], args[1], ("required", r)]),
        (false, None) => W::GRADE_BELOW_ANY.render(lang, &args),
    }
}

/// The message of an insurance occupation class criterion.
pub(crate) fn class_text(covered: bool, class: u8, classes: &[u8], lang: Lang) -> String {
    let class = class.to_string();
    if covered {
        W::OCCUPATION_CLASS_COVERED.render(lang, &[("class", &class)])
    } else {
        let list = classes_list(classes, lang.pick("、", ", "));
        W::OCCUPATION_CLASS_NOT_COVERED.render(lang, &[("class", &class), ("classes", &list)])
    }
}

/// The message of an exceeded assessment frequency limit.
pub(crate) fn frequency_text(window: LimitWindow, count: usize, max: u32, lang: Lang) -> String {
    let (count, max) = (count.to_string(), max.to_string());
    match window {
        LimitWindow::CalendarDay => {
            W::FREQUENCY_EXCEEDED_TODAY.render(lang, &[("count", &count), ("max", &max)])
        }
        LimitWindow::Months(n) => W::FREQUENCY_EXCEEDED_MONTHS.render(
            lang,
            &[("months", &n.to_string()), ("count", &count), ("max", &max)],
        ),
    }
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
        R::AllPassed => word(&W::ALL_PASSED, lang),
        R::SomeFailed => word(&W::SOME_FAILED, lang),
        R::SomeUnknown if node.op == Op::Not => word(&W::EXCLUDED_UNDECIDED, lang),
        R::SomeUnknown => word(&W::SOME_UNKNOWN, lang),
        R::OnePassed => word(&W::ONE_PASSED, lang),
        R::NonePassed => word(&W::NONE_PASSED, lang),
        R::InnerFailed => word(&W::EXCLUDED_NOT_APPLYING, lang),
        R::InnerPassed => word(&W::EXCLUDED_APPLIES, lang),
        R::TooComplex if node.op == Op::TooDeep => word(&W::TOO_DEEP, lang),
        R::TooComplex => word(&W::NOT_EVALUATED, lang),
        R::MissingInput => {
            let field = rec.missing.map_or("", |m| W::field_name(m).template(lang));
            fill(&W::MISSING_INPUT, lang, &[("field", field)])
        }
        R::UnknownParameter => word(&W::RULE_INCOMPLETE, lang),
        R::AgeInRange | R::AgeBelowMinimum | R::AgeAboveMaximum => {
            let (min, max) = match node.op {
                Op::Age { min, max } => (thr_value(min), thr_value(max)),
                _ => (None, None),
            };
            Cow::Owned(age_text(rec.reason, f.age, min, max, lang))
        }
        R::TenureReached | R::TenureTooShort => {
            let m = match node.op {
                Op::Tenure(t) => thr_value(Some(t)).unwrap_or_default(),
                _ => 0,
            };
            let msg = if rec.reason == R::TenureReached {
                &W::TENURE_REACHED
            } else {
                &W::TENURE_TOO_SHORT
            };
            fill(
                msg,
                lang,
                &[
                    ("months", &f.tenure_months.to_string()),
                    ("required", &m.to_string()),
                ],
            )
        }
        R::OccupationAccepted | R::OccupationNotAccepted => {
            let label = p.occupation.map(|o| o.label()).unwrap_or_default();
            let msg = if rec.reason == R::OccupationAccepted {
                &W::OCCUPATION_ACCEPTED
            } else {
                &W::OCCUPATION_NOT_ACCEPTED
            };
            fill(msg, lang, &[("occupation", label.get(lang))])
        }
        R::EmployerIsMember => word(&W::EMPLOYER_IS_MEMBER, lang),
        R::EmployerNotMember => word(&W::EMPLOYER_NOT_MEMBER, lang),
        R::ProvinceAccepted | R::ProvinceNotAccepted => {
            let label = p.province.map(|x| x.label()).unwrap_or_default();
            let msg = if rec.reason == R::ProvinceAccepted {
                &W::PROVINCE_ACCEPTED
            } else {
                &W::PROVINCE_NOT_ACCEPTED
            };
            fill(msg, lang, &[("province", label.get(lang))])
        }
        R::CityAccepted => fill(&W::CITY_ACCEPTED, lang, &[("city", city(env))]),
        R::CityNotAccepted => fill(&W::CITY_NOT_ACCEPTED, lang, &[("city", city(env))]),
        R::IncomeReached | R::IncomeTooLow => {
            let reached = rec.reason == R::IncomeReached;
            Cow::Owned(match yearly_threshold(node, env) {
                Some(y) => income_text(reached, y, true, lang),
                None => {
                    let t = match node.op {
                        Op::Income(t) => thr_value(Some(t)).unwrap_or_default(),
                        _ => 0,
                    };
                    income_text(reached, t, false, lang)
                }
            })
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
            let mine = p.kyc_level.unwrap_or(KycLevel::None);
            let need = match (rec.reason, node.op) {
                (R::KycTooLow, Op::Kyc(level)) => Some(level),
                (R::KycTooLow, _) => Some(KycLevel::None),
                _ => None,
            };
            Cow::Owned(kyc_text(mine, need, lang))
        }
        R::AssessmentNotYetTaken => word(&W::ASSESSMENT_NOT_YET_TAKEN, lang),
        R::AssessmentValid => {
            let exp = match f.assessment {
                AssessmentState::Valid(exp) => minute_in(&exp, lang),
                _ => String::new(),
            };
            fill(&W::ASSESSMENT_VALID, lang, &[("until", &exp)])
        }
        R::AssessmentExpired => {
            let when = match f.assessment {
                AssessmentState::Expired(exp) => {
                    exp.map(|e| minute_in(&e, lang)).unwrap_or_default()
                }
                _ => String::new(),
            };
            fill(&W::ASSESSMENT_EXPIRED, lang, &[("when", &when)])
        }
        R::AssessmentFrequencyWithinLimits => word(&W::FREQUENCY_WITHIN_LIMITS, lang),
        R::AssessmentFrequencyExceeded => {
            let Some(e) = f.excess else {
                return Cow::Borrowed("");
            };
            Cow::Owned(frequency_text(
                e.limit.window,
                e.count,
                e.limit.max_count,
                lang,
            ))
        }
        R::BenefitNotRated => word(&W::NOT_RATED, lang),
        R::GradeCoversRating | R::GradeBelowRating => {
            let g = p.risk_assessment.as_ref().map_or("", |a| a.grade.code());
            let rating = env.benefit.rating;
            let r = rating.map_or("", |r| r.code());
            let need = rating
                .and_then(|r| env.params.min_grade_for(r))
                .map(|g| g.code());
            Cow::Owned(grade_text(
                rec.reason == R::GradeCoversRating,
                g,
                r,
                need,
                lang,
            ))
        }
        R::BenefitWithoutOccupationClasses => word(&W::NO_OCCUPATION_CLASSES, lang),
        R::OccupationClassCovered | R::OccupationClassNotCovered => {
            let class = f.occupation_class.unwrap_or_default();
            Cow::Owned(class_text(
                rec.reason == R::OccupationClassCovered,
                class,
                env.benefit.classes,
                lang,
            ))
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
            ProfileField::RiskAssessment => Hint::take_assessment(env.langs, None),
            field => Hint::provide_input(env.langs, field),
        },
        R::AgeBelowMinimum => {
            let Op::Age { min, .. } = node.op else {
                return None;
            };
            let m = thr_value(min)?;
            let d = anniversary(f.birth?, m)?;
            Hint::wait_age(env.langs, d, m)
        }
        R::AgeAboveMaximum => Hint::not_achievable(env.langs, &W::HINT_AGE_LIMIT_PASSED),
        R::TenureTooShort => {
            let Op::Tenure(Thr::Value(m)) = node.op else {
                return None;
            };
            let d = add_months(f.profile.employment_start?, m)?;
            Hint::wait_tenure(env.langs, d, m)
        }
        R::OccupationNotAccepted => Hint::not_achievable(env.langs, &W::HINT_OCCUPATIONS_ONLY),
        R::EmployerNotMember => Hint::not_achievable(env.langs, &W::HINT_MEMBER_UNITS_ONLY),
        R::ProvinceNotAccepted => Hint::not_achievable(env.langs, &W::HINT_REGIONS_ONLY),
        R::CityNotAccepted => Hint::not_achievable(env.langs, &W::HINT_CITIES_ONLY),
        R::IncomeTooLow => {
            let Op::Income(Thr::Value(t)) = node.op else {
                return None;
            };
            match yearly_threshold(node, env) {
                Some(y) => Hint::reach_yearly_amount(env.langs, t, y),
                None => Hint::reach_amount(env.langs, t),
            }
        }
        R::ProductNotHeld => match node.src {
            Criterion::HoldsProduct { product_id } => {
                Hint::obtain_product(env.langs, product_id, env.product_name(product_id))
            }
            _ => return None,
        },
        R::ProductAlreadyHeld => Hint::not_achievable(env.langs, &W::HINT_ALREADY_HELD),
        R::KycTooLow => {
            let Op::Kyc(level) = node.op else {
                return None;
            };
            Hint::raise_kyc(env.langs, level)
        }
        R::AssessmentNotYetTaken => Hint::take_assessment(env.langs, None),
        R::AssessmentExpired => Hint::take_assessment(env.langs, f.excess.map(|e| e.clear_on)),
        R::AssessmentFrequencyExceeded => Hint::wait_frequency(env.langs, f.excess?.clear_on),
        R::BenefitNotRated => Hint::not_achievable(env.langs, &W::HINT_NOT_RATED),
        R::GradeBelowRating => Hint::choose_lower_risk(env.langs, f.max_rating),
        R::BenefitWithoutOccupationClasses => {
            Hint::not_achievable(env.langs, &W::HINT_NO_OCCUPATION_CLASSES)
        }
        R::OccupationClassNotCovered => {
            Hint::not_achievable(env.langs, &W::HINT_OCCUPATION_CLASS_NOT_COVERED)
        }
        _ => return None,
    })
}

/// The message in the languages asked for (`env.langs`).
pub(crate) fn localized(
    node: &Node<'_>,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
) -> LocalizedText {
    env.langs.text(|lang| message(node, rec, env, lang))
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
            description: env.langs.copy(&rule.rule.description),
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
    let s = match status {
        Eligibility::Eligible => W::SUMMARY_ELIGIBLE.render(lang, &[]),
        Eligibility::Ineligible if !set_in_effect => W::SUMMARY_NOT_IN_EFFECT.render(lang, &[]),
        Eligibility::Ineligible if failed_rules == 1 => W::SUMMARY_ONE_FAILED.render(lang, &[]),
        Eligibility::Ineligible => {
            W::SUMMARY_FAILED.render(lang, &[("count", &failed_rules.to_string())])
        }
        Eligibility::Unknown => {
            W::SUMMARY_UNKNOWN.render(lang, &[("fields", &W::field_list(missing, lang))])
        }
    };
    match (status, eligible_on) {
        (Eligibility::Ineligible, Some(date)) => W::SUMMARY_ELIGIBLE_FROM
            .render(lang, &[("summary", &s), ("date", &date_in(date, lang))]),
        _ => s,
    }
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
    let summary = env.langs.text(text);
    let mut notices = Vec::new();
    if !parts.set_in_effect {
        notices.push(Notice {
            code: NoticeCode::RuleSetNotInEffect,
            message: env.langs.message(&W::NOTICE_NOT_IN_EFFECT, &[]),
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
