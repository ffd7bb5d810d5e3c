//! Text from records: messages in zh-CN or en, values as text, hints, whole decisions.
//!
//! Everything here reads a [`CriterionRecord`] and its compiled node (and the courier's facts
//! for values kept out of records, such as the city or the birth date for a waiting date). The
//! texts are exactly those of the decisions callers and conformance cases know.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use std::fmt::Write as _;

use smol_str::{format_smolstr, SmolStr, ToSmolStr};

use super::calendar::{add_months, anniversary};
use super::criteria::Criterion;
use super::engine::{
    for_each_blocking, AssessmentState, Benefit, CompiledRule, CompiledRuleSet, CriterionRecord,
    Facts, Node, NodeText, Op, Records, Thr,
};
use super::evaluate::{
    snake_name, CheckStatus, CriterionOutcome, CriterionOutcomes, Decision, DecisionStamp,
    Eligibility, Notice, NoticeCode, ReasonCode, RuleOutcome, RuleOutcomes, RuleStatus,
};
use super::hints::Hint;
use super::params::{LimitWindow, Parameters};
use crate::lang::Lang;
use crate::lang::LocalizedText;
use crate::profile::KycLevel;
use crate::profile::ProfileField;
use crate::words::eligibility as W;
use crate::words::Message;
use crate::words::{date_in, minute_in, money_in, Langs};

/// Where the words of a decision find the names of the products its criteria refer to: the
/// product catalogue the rule set belongs to (implemented by `products::ProductCatalogue`, a
/// layer above).
pub(crate) trait ProductNames {
    /// The localized name of product `id`, if the catalogue has it.
    fn product_name(&self, id: &str) -> Option<&LocalizedText>;
}

/// What rendering reads besides the record and its node.
#[derive(Clone, Copy)]
pub(crate) struct RenderEnv<'x> {
    pub(crate) facts: &'x Facts<'x>,
    pub(crate) params: &'x Parameters,
    pub(crate) benefit: Benefit<'x>,
    /// The product catalogue the rule set belongs to, for the names of the products its
    /// criteria refer to (none for a rule set evaluated on its own).
    pub(crate) products: Option<&'x dyn ProductNames>,
    /// The languages the texts are rendered in.
    pub(crate) langs: Langs,
}

impl<'x> RenderEnv<'x> {
    /// The localized name of product `id`, when the product catalogue is known and has it.
    pub(crate) fn product_name(&self, id: &str) -> Option<&'x LocalizedText> {
        self.products?.product_name(id)
    }
}

fn word(m: &'static Message, lang: Lang) -> SmolStr {
    SmolStr::new_static(m.template(lang))
}

fn fill(m: &Message, lang: Lang, args: &[(&str, &str)]) -> SmolStr {
    m.text(lang, args)
}

fn thr_value(t: Option<Thr>) -> Option<i64> {
    match t {
        Some(Thr::Value(v)) => Some(v),
        _ => None,
    }
}

fn age_expected(min: Option<i64>, max: Option<i64>) -> SmolStr {
    match (min, max) {
        (Some(a), Some(b)) => format_smolstr!("{a}-{b}"),
        (Some(a), None) => format_smolstr!(">= {a}"),
        (None, Some(b)) => format_smolstr!("<= {b}"),
        (None, None) => SmolStr::new_static("any"),
    }
}

fn city<'x>(env: &RenderEnv<'x>) -> &'x str {
    env.facts.city.unwrap_or_default()
}

fn classes_list(classes: &[u8], sep: &str) -> SmolStr {
    let mut out = smol_str::SmolStrBuilder::new();
    for (i, class) in classes.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        let _ = write!(out, "{class}");
    }
    out.finish()
}

/// The message of an age criterion that passed, or failed below `min` or above `max`.
pub(crate) fn age_text(
    reason: ReasonCode,
    age: i64,
    min: Option<i64>,
    max: Option<i64>,
    lang: Lang,
) -> SmolStr {
    let age = age.to_smolstr();
    let min_s = min.unwrap_or_default().to_smolstr();
    let max_s = max.unwrap_or_default().to_smolstr();
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
    m.text(lang, &args)
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
pub(crate) fn income_text(reached: bool, threshold: i64, yearly: bool, lang: Lang) -> SmolStr {
    let m = match (reached, yearly) {
        (true, false) => &W::INCOME_REACHED,
        (false, false) => &W::INCOME_TOO_LOW,
        (true, true) => &W::YEARLY_INCOME_REACHED,
        (false, true) => &W::YEARLY_INCOME_TOO_LOW,
    };
    m.text(lang, &[("amount", &money_in(threshold, lang))])
}

/// The message of an identity check criterion: `level` reached, or below `required`.
pub(crate) fn kyc_text(level: KycLevel, required: Option<KycLevel>, lang: Lang) -> SmolStr {
    let mine = level.words().template(lang);
    match required {
        None => W::KYC_REACHED.text(lang, &[("level", mine)]),
        Some(r) => W::KYC_TOO_LOW.text(
            lang,
            &[("level", mine), ("required", r.words().template(lang))],
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
) -> SmolStr {
    let args = [("grade", grade), ("rating", rating)];
    match (covers, required) {
        (true, _) => W::GRADE_COVERS.text(lang, &args),
        (false, Some(r)) => W::GRADE_BELOW.text(lang, &[args[0], args[1], ("required", r)]),
        (false, None) => W::GRADE_BELOW_ANY.text(lang, &args),
    }
}

/// The message of an insurance occupation class criterion.
pub(crate) fn class_text(covered: bool, class: u8, classes: &[u8], lang: Lang) -> SmolStr {
    let class = class.to_smolstr();
    if covered {
        W::OCCUPATION_CLASS_COVERED.text(lang, &[("class", &class)])
    } else {
        let list = classes_list(classes, lang.pick("、", ", "));
        W::OCCUPATION_CLASS_NOT_COVERED.text(lang, &[("class", &class), ("classes", &list)])
    }
}

/// The message of an exceeded assessment frequency limit.
pub(crate) fn frequency_text(window: LimitWindow, count: usize, max: u32, lang: Lang) -> SmolStr {
    let (count, max) = (count.to_smolstr(), max.to_smolstr());
    match window {
        LimitWindow::CalendarDay => {
            W::FREQUENCY_EXCEEDED_TODAY.text(lang, &[("count", &count), ("max", &max)])
        }
        LimitWindow::Months(n) => W::FREQUENCY_EXCEEDED_MONTHS.text(
            lang,
            &[
                ("months", &n.to_smolstr()),
                ("count", &count),
                ("max", &max),
            ],
        ),
    }
}

/// The message of a criterion outcome in one language.
pub(crate) fn message(
    node: &Node<'_>,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
    lang: Lang,
) -> SmolStr {
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
            let field = rec.missing.map_or("", |m| m.words().template(lang));
            fill(&W::MISSING_INPUT, lang, &[("field", field)])
        }
        R::UnknownParameter => word(&W::RULE_INCOMPLETE, lang),
        R::AgeInRange | R::AgeBelowMinimum | R::AgeAboveMaximum => {
            let (min, max) = match node.op {
                Op::Age { min, max } => (thr_value(min), thr_value(max)),
                _ => (None, None),
            };
            age_text(rec.reason, f.age, min, max, lang)
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
                    ("months", &f.tenure_months.to_smolstr()),
                    ("required", &m.to_smolstr()),
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
            match yearly_threshold(node, env) {
                Some(y) => income_text(reached, y, true, lang),
                None => {
                    let t = match node.op {
                        Op::Income(t) => thr_value(Some(t)).unwrap_or_default(),
                        _ => 0,
                    };
                    income_text(reached, t, false, lang)
                }
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
            W::with_product(named, unnamed, env.product_name(id), lang)
        }
        R::KycReached | R::KycTooLow => {
            let mine = p.kyc_level.unwrap_or(KycLevel::None);
            let need = match (rec.reason, node.op) {
                (R::KycTooLow, Op::Kyc(level)) => Some(level),
                (R::KycTooLow, _) => Some(KycLevel::None),
                _ => None,
            };
            kyc_text(mine, need, lang)
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
                return SmolStr::default();
            };
            frequency_text(e.limit.window, e.count, e.limit.max_count, lang)
        }
        R::BenefitNotRated => word(&W::NOT_RATED, lang),
        R::GradeCoversRating | R::GradeBelowRating => {
            let g = p.risk_assessment.as_ref().map_or("", |a| a.grade.code());
            let rating = env.benefit.rating;
            let r = rating.map_or("", |r| r.code());
            let need = rating
                .and_then(|r| env.params.min_grade_for(r))
                .map(|g| g.code());
            grade_text(rec.reason == R::GradeCoversRating, g, r, need, lang)
        }
        R::BenefitWithoutOccupationClasses => word(&W::NO_OCCUPATION_CLASSES, lang),
        R::OccupationClassCovered | R::OccupationClassNotCovered => {
            let class = f.occupation_class.unwrap_or_default();
            class_text(
                rec.reason == R::OccupationClassCovered,
                class,
                env.benefit.classes,
                lang,
            )
        }
    }
}

/// The required value of a criterion whose requirement depends on the criterion alone (its
/// resolved thresholds, lists and products), the same for every courier; `None` for the
/// others (suitability, occupation classes, assessments), which depend on the benefit, the
/// instant or the courier. Made once per compiled rule set (its [`NodeText`]s).
pub(crate) fn fixed_expected(node: &Node<'_>) -> Option<SmolStr> {
    Some(match (node.op, node.src) {
        (Op::Age { min, max }, _) => age_expected(thr_value(min), thr_value(max)),
        (Op::Tenure(t), _) => format_smolstr!(">= {}", thr_value(Some(t)).unwrap_or_default()),
        (_, Criterion::OccupationIn { occupations }) => {
            let codes: Vec<&str> = occupations.iter().map(|o| o.code()).collect();
            codes.join(", ").into()
        }
        (Op::Member, _) => SmolStr::new_static("member_unit"),
        (_, Criterion::ProvinceIn { provinces }) => {
            let names: Vec<String> = provinces.iter().map(snake_name).collect();
            names.join(", ").into()
        }
        (_, Criterion::CityIn { cities }) => cities.join(", ").into(),
        (Op::Income(t), _) => format_smolstr!(">= {}", thr_value(Some(t)).unwrap_or_default()),
        (Op::Holds(_), _) => SmolStr::new_static("held"),
        (Op::DoesNotHold(_), _) => SmolStr::new_static("not_held"),
        (Op::Kyc(level), _) => format_smolstr!(">= {}", snake_name(&level)),
        _ => return None,
    })
}

/// The courier's value and the required value as text (`actual`, `expected`). `fixed` is the
/// node's [`fixed_expected`] when compiled beforehand (computed here when `None`).
pub(crate) fn values(
    node: &Node<'_>,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
    fixed: Option<&SmolStr>,
) -> (Option<SmolStr>, Option<SmolStr>) {
    use ReasonCode as R;
    let f = env.facts;
    let p = f.profile;
    let expected = || fixed.cloned().or_else(|| fixed_expected(node));
    match (rec.reason, node.src) {
        (R::AgeInRange | R::AgeBelowMinimum | R::AgeAboveMaximum, _) => {
            (Some(f.age.to_smolstr()), expected())
        }
        (R::TenureReached | R::TenureTooShort, _) => {
            (Some(f.tenure_months.to_smolstr()), expected())
        }
        (R::OccupationAccepted | R::OccupationNotAccepted, Criterion::OccupationIn { .. }) => (
            p.occupation.map(|o| SmolStr::new_static(o.code())),
            expected(),
        ),
        (R::EmployerIsMember | R::EmployerNotMember, _) => (
            p.employer_code.as_ref().map(|c| c.masked().into()),
            expected(),
        ),
        (R::ProvinceAccepted | R::ProvinceNotAccepted, Criterion::ProvinceIn { .. }) => {
            (p.province.map(|x| snake_name(&x).into()), expected())
        }
        (R::CityAccepted | R::CityNotAccepted, Criterion::CityIn { .. }) => {
            (Some(city(env).into()), expected())
        }
        (R::IncomeReached | R::IncomeTooLow, _) => (Some(SmolStr::new_static("***")), expected()),
        (R::ProductHeld | R::ProductNotHeld | R::ProductAlreadyHeld, _) => {
            let held = rec.reason != R::ProductNotHeld;
            let actual = if held { "held" } else { "not_held" };
            (Some(SmolStr::new_static(actual)), expected())
        }
        (R::KycReached | R::KycTooLow, _) => {
            (p.kyc_level.map(|k| snake_name(&k).into()), expected())
        }
        (R::AssessmentValid | R::AssessmentExpired, _) => {
            let exp = match f.assessment {
                AssessmentState::Valid(exp) => Some(exp),
                AssessmentState::Expired(exp) => exp,
                _ => None,
            };
            (
                exp.map(|e| crate::time::writable(e).to_rfc3339().into()),
                Some(format_smolstr!(
                    "> {}",
                    crate::time::writable(f.as_of).to_rfc3339()
                )),
            )
        }
        (R::AssessmentFrequencyExceeded, _) => match f.excess {
            Some(e) => (
                Some(e.count.to_smolstr()),
                Some(format_smolstr!("<= {}", e.limit.max_count)),
            ),
            None => (None, None),
        },
        (R::GradeCoversRating | R::GradeBelowRating, _) => {
            let expected = match env.benefit.rating.and_then(|r| env.params.min_grade_for(r)) {
                Some(g) => format_smolstr!(">= {}", g.code()),
                None => SmolStr::new_static("none"),
            };
            (
                p.risk_assessment
                    .as_ref()
                    .map(|a| SmolStr::new_static(a.grade.code())),
                Some(expected),
            )
        }
        (R::OccupationClassCovered | R::OccupationClassNotCovered, _) => (
            f.occupation_class.map(|c| c.to_smolstr()),
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
    text: &NodeText,
    rec: &CriterionRecord,
    env: &RenderEnv<'_>,
) -> CriterionOutcome {
    let (actual, expected) = values(node, rec, env, text.expected.as_ref());
    CriterionOutcome {
        path: text.path.clone(),
        depth: depth(node),
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

/// The criterion outcomes of one answer rendered so far, by the nodes' memo index
/// ([`Node::memo`]): nodes that share a slot of leaf outcomes, a source criterion and a
/// negation render alike for one courier, so a leaf that 50 products require (an age, an
/// identity level) is worded once per answer. A rule that is that one leaf shares the same
/// [`CriterionOutcomes`] list in every decision (a reference count); a leaf inside a combination
/// is copied from it (its strings by a reference count). Each entry keeps the record it was
/// rendered from and is used only for the same record.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// By memo index: the record and a one-outcome list rendered for it.
    memo: Vec<Option<(CriterionRecord, CriterionOutcomes)>>,
    /// By rule memo index ([`CompiledRule::memo`]): the record of the rule's leaf, the rule's
    /// status and its outcome.
    rules: Vec<Option<(CriterionRecord, RuleStatus, Arc<RuleOutcome>)>>,
    /// The outcomes of the rule being rendered, when it has more than one node (kept between
    /// rules for its room).
    scratch: Vec<CriterionOutcome>,
    /// Summaries worded so far, by what they say.
    summaries: Vec<(SummaryKey, LocalizedText)>,
}

/// Most summaries one answer keeps to reuse (a courier's 60 decisions have a handful).
const MAX_SUMMARIES: usize = 16;

/// What a decision's summary says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SummaryKey {
    status: Eligibility,
    set_in_effect: bool,
    failed: usize,
    missing: Vec<ProfileField>,
    eligible_on: Option<NaiveDate>,
}

impl Rendered {
    /// Room for `nodes` memo indices of nodes and `rules` of rules (see `Matcher::new`).
    pub(crate) fn with_capacity(nodes: usize, rules: usize) -> Rendered {
        let mut memo = Vec::new();
        memo.resize_with(nodes, || None);
        let mut rule_memo = Vec::new();
        rule_memo.resize_with(rules, || None);
        Rendered {
            memo,
            rules: rule_memo,
            scratch: Vec::new(),
            summaries: Vec::new(),
        }
    }

    /// The outcome rendered for an equal rule of this answer (`rule`'s memo, the same record
    /// of its leaf and the same status), if any.
    fn rule(
        &self,
        rule: &CompiledRule<'_>,
        rec: &CriterionRecord,
        status: RuleStatus,
    ) -> Option<Arc<RuleOutcome>> {
        match memo_index(rule.memo).and_then(|i| self.rules.get(i)) {
            Some(Some((seen, seen_status, outcome))) if seen == rec && *seen_status == status => {
                Some(Arc::clone(outcome))
            }
            _ => None,
        }
    }

    /// Keeps `outcome` as the outcome of rules equal to `rule` for `rec` and `status`.
    fn keep_rule(
        &mut self,
        rule: &CompiledRule<'_>,
        rec: &CriterionRecord,
        status: RuleStatus,
        outcome: &Arc<RuleOutcome>,
    ) {
        if let Some(entry) = memo_index(rule.memo).and_then(|i| self.rules.get_mut(i)) {
            *entry = Some((*rec, status, Arc::clone(outcome)));
        }
    }

    /// The outcomes of a rule that is the single node `node`: the list rendered for an equal
    /// rule of this answer when there is one, else rendered now and kept.
    fn single(
        &mut self,
        node: &Node<'_>,
        text: &NodeText,
        rec: &CriterionRecord,
        env: &RenderEnv<'_>,
    ) -> CriterionOutcomes {
        let Some(entry) = memo_index(node.memo).and_then(|i| self.memo.get_mut(i)) else {
            return CriterionOutcomes::from_one(criterion_outcome(node, text, rec, env));
        };
        let outcome = match entry {
            Some((seen, list)) if seen == rec => match list.first() {
                Some(first) if first.path == text.path && first.depth == depth(node) => {
                    return list.clone();
                }
                Some(first) => {
                    let mut copy = first.clone();
                    copy.path.clone_from(&text.path);
                    copy.depth = depth(node);
                    copy
                }
                None => criterion_outcome(node, text, rec, env),
            },
            _ => criterion_outcome(node, text, rec, env),
        };
        let list = CriterionOutcomes::from_one(outcome);
        *entry = Some((*rec, list.clone()));
        list
    }

    /// Appends the outcome of `node` for `rec` to the scratch list, rendered or copied from an
    /// equal node's (cloned in place: an outcome is large, and moving it costs).
    fn push_outcome(
        &mut self,
        node: &Node<'_>,
        text: &NodeText,
        rec: &CriterionRecord,
        env: &RenderEnv<'_>,
    ) {
        let Rendered { memo, scratch, .. } = self;
        let Some(entry) = memo_index(node.memo).and_then(|i| memo.get_mut(i)) else {
            scratch.push(criterion_outcome(node, text, rec, env));
            return;
        };
        match entry {
            Some((seen, list)) if seen == rec && !list.is_empty() => {
                scratch.extend_from_slice(list.get(..1).unwrap_or_default());
                if let Some(copy) = scratch.last_mut() {
                    copy.path.clone_from(&text.path);
                    copy.depth = depth(node);
                }
            }
            _ => {
                let outcome = criterion_outcome(node, text, rec, env);
                scratch.extend_from_slice(std::slice::from_ref(&outcome));
                *entry = Some((*rec, CriterionOutcomes::from_one(outcome)));
            }
        }
    }

    /// The summary of a decision with `key`: worded once per answer for up to
    /// [`MAX_SUMMARIES`] different keys (most decisions of one courier are summarised alike).
    fn summary(
        &mut self,
        key: &SummaryKey,
        render: impl FnOnce(&SummaryKey) -> LocalizedText,
    ) -> LocalizedText {
        if let Some((_, text)) = self.summaries.iter().find(|(k, _)| k == key) {
            return text.clone();
        }
        let text = render(key);
        if self.summaries.len() < MAX_SUMMARIES {
            self.summaries.push((key.clone(), text.clone()));
        }
        text
    }

    /// The outcomes of a rule of several nodes.
    fn several<'n, 'a: 'n>(
        &mut self,
        nodes: impl Iterator<Item = ((&'n Node<'a>, &'n CriterionRecord), &'n NodeText)>,
        env: &RenderEnv<'_>,
    ) -> CriterionOutcomes {
        for ((node, rec), text) in nodes {
            self.push_outcome(node, text, rec, env);
        }
        self.scratch.drain(..).collect()
    }
}

/// A memo index as a position in [`Rendered`]'s tables (none for [`super::engine::NO_SLOT`]: it
/// is past every table).
fn memo_index(memo: u32) -> Option<usize> {
    usize::try_from(memo).ok()
}

fn depth(node: &Node<'_>) -> i32 {
    i32::try_from(node.depth).unwrap_or(i32::MAX)
}

/// Paths of a rule's nodes in pre-order: `criterion`, `criterion.all[1]`, `criterion.not`, ….
/// `base` is the index of the rule's first node in its rule set (nodes' `end` counts from
/// the start of the rule set).
pub(crate) fn paths(nodes: &[Node<'_>], base: usize) -> Vec<SmolStr> {
    let mut out: Vec<SmolStr> = Vec::with_capacity(nodes.len());
    // (end of subtree, index of the node, members seen so far)
    let mut stack: Vec<(usize, usize, usize)> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        while stack.last().is_some_and(|(end, _, _)| *end <= i) {
            stack.pop();
        }
        let path = match stack.last_mut() {
            None => SmolStr::new_static("criterion"),
            Some((_, parent, seen)) => {
                let k = *seen;
                *seen += 1;
                let parent_path = out.get(*parent).map_or("criterion", SmolStr::as_str);
                match nodes.get(*parent).map(|n| n.op) {
                    Some(Op::All) => format_smolstr!("{parent_path}.all[{k}]"),
                    Some(Op::Any) => format_smolstr!("{parent_path}.any[{k}]"),
                    _ => format_smolstr!("{parent_path}.not"),
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
    mut rendered: Option<&mut Rendered>,
) -> RuleOutcomes {
    let mut offset = 0usize;
    let mut out = RuleOutcomes::with_capacity(set.rules.len());
    for (rule, status) in set.rules.iter().zip(statuses) {
        let mut single = None;
        let criteria = if *status == RuleStatus::NotInEffect {
            CriterionOutcomes::default()
        } else {
            let nodes = set.rule_nodes(rule);
            let recs = records.starting_at(offset);
            offset += nodes.len();
            let each = nodes.iter().zip(recs.iter()).zip(set.rule_texts(rule));
            match rendered.as_deref_mut() {
                Some(r) => match (nodes, recs.iter().next(), set.rule_texts(rule).first()) {
                    ([node], Some(rec), Some(text)) => {
                        if let Some(shared) = r.rule(rule, rec, *status) {
                            out.push(shared);
                            continue;
                        }
                        single = Some(rec);
                        r.single(node, text, rec, env)
                    }
                    _ => r.several(each, env),
                },
                None => each
                    .map(|((node, rec), text)| criterion_outcome(node, text, rec, env))
                    .collect(),
            }
        };
        let outcome = Arc::new(RuleOutcome {
            rule_id: rule.id.clone(),
            description: env.langs.copy(&rule.rule.description),
            source: rule.rule.source.clone(),
            status: *status,
            criteria,
        });
        if let (Some(r), Some(rec)) = (rendered.as_deref_mut(), single) {
            r.keep_rule(rule, rec, *status, &outcome);
        }
        out.push(outcome);
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

/// What [`blocking`] gives, read from rendered rule outcomes: the criteria visited are the
/// same (those not below a passed ancestor, in rules in effect), and each one's hint was
/// rendered with its outcome, so none is rendered twice.
fn blocking_in(rules: &RuleOutcomes, blocking_rules: usize) -> (Vec<ProfileField>, Vec<Hint>) {
    let mut missing: BTreeSet<ProfileField> = BTreeSet::new();
    // Most blocking rules give one hint: sized once (hints are large).
    let mut hints: Vec<Hint> = Vec::with_capacity(blocking_rules);
    for rule in rules.iter().filter(|r| r.status != RuleStatus::NotInEffect) {
        // Depth of the shallowest passed ancestor of the current criterion, if any.
        let mut passed_at: Option<i32> = None;
        for c in &rule.criteria {
            if passed_at.is_some_and(|d| d >= c.depth) {
                passed_at = None;
            }
            if passed_at.is_some() {
                continue;
            }
            if c.status == CheckStatus::Passed {
                passed_at = Some(c.depth);
                continue;
            }
            if c.status == CheckStatus::Unknown {
                missing.extend(c.missing_inputs.iter().copied());
            }
            if let Some(h) = &c.hint {
                if !hints.contains(h) {
                    hints.push(h.clone());
                }
            }
        }
    }
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
) -> SmolStr {
    let s = match status {
        Eligibility::Eligible => W::SUMMARY_ELIGIBLE.text(lang, &[]),
        Eligibility::Ineligible if !set_in_effect => W::SUMMARY_NOT_IN_EFFECT.text(lang, &[]),
        Eligibility::Ineligible if failed_rules == 1 => W::SUMMARY_ONE_FAILED.text(lang, &[]),
        Eligibility::Ineligible => {
            W::SUMMARY_FAILED.text(lang, &[("count", &failed_rules.to_smolstr())])
        }
        Eligibility::Unknown => {
            W::SUMMARY_UNKNOWN.text(lang, &[("fields", &field_list(missing, lang))])
        }
    };
    match (status, eligible_on) {
        (Eligibility::Ineligible, Some(date)) => {
            W::SUMMARY_ELIGIBLE_FROM.text(lang, &[("summary", &s), ("date", &date_in(date, lang))])
        }
        _ => s,
    }
}

/// Everything a whole decision is rendered from.
pub(crate) struct DecisionParts<'x, 'a> {
    pub(crate) set: &'x CompiledRuleSet<'a>,
    pub(crate) benefit_id: &'x SmolStr,
    pub(crate) statuses: &'x [RuleStatus],
    pub(crate) records: Records<'x>,
    pub(crate) status: Eligibility,
    pub(crate) set_in_effect: bool,
    pub(crate) eligible_on: Option<NaiveDate>,
    pub(crate) catalogue_version: &'x SmolStr,
}

/// A whole decision, as [`super::evaluate`] returns it.
///
/// `rendered`: the outcomes already rendered for this courier's answer, when several decisions
/// of one answer are rendered (see [`Rendered`]).
pub(crate) fn decision(
    parts: &DecisionParts<'_, '_>,
    env: &RenderEnv<'_>,
    rendered: Option<&mut Rendered>,
) -> Decision {
    let mut rendered = rendered;
    let rules = rule_outcomes(
        parts.set,
        parts.statuses,
        parts.records,
        env,
        rendered.as_deref_mut(),
    );
    let failed = parts
        .statuses
        .iter()
        .filter(|s| **s == RuleStatus::Failed)
        .count();
    let unknown = parts
        .statuses
        .iter()
        .filter(|s| **s == RuleStatus::Unknown)
        .count();
    let (missing, hints) = blocking_in(&rules, failed + unknown);
    let eligible_on = if parts.status == Eligibility::Ineligible {
        parts.eligible_on
    } else {
        None
    };
    let key = SummaryKey {
        status: parts.status,
        set_in_effect: parts.set_in_effect,
        failed,
        missing,
        eligible_on,
    };
    let render = |key: &SummaryKey| {
        env.langs.text(|lang| {
            summary(
                key.status,
                key.set_in_effect,
                key.failed,
                &key.missing,
                key.eligible_on,
                lang,
            )
        })
    };
    let summary = match rendered {
        Some(r) => r.summary(&key, render),
        None => render(&key),
    };
    let SummaryKey { missing, .. } = key;
    let mut notices = Vec::new();
    if !parts.set_in_effect {
        notices.push(Notice {
            code: NoticeCode::RuleSetNotInEffect,
            message: env.langs.message(&W::NOTICE_NOT_IN_EFFECT, &[]),
        });
    }
    Decision {
        benefit_id: parts.benefit_id.clone(),
        status: parts.status,
        summary,
        missing_inputs: missing,
        hints,
        eligible_on,
        rules,
        notices,
        stamp: DecisionStamp {
            rule_set_id: parts.set.id.clone(),
            rule_set_version: parts.set.version.clone(),
            catalogue_version: parts.catalogue_version.clone(),
            as_of: crate::time::to_china(env.facts.as_of),
        },
    }
}

/// Names of missing inputs as a list in `lang` (`月收入、职业`, `monthly income, occupation`).
pub(crate) fn field_list(fields: &[ProfileField], lang: Lang) -> String {
    let sep = lang.pick("、", ", ");
    let names: Vec<&str> = fields.iter().map(|f| f.words().template(lang)).collect();
    names.join(sep)
}
