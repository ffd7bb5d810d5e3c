//! Matching as it was before the compiled engine (test oracle only), over the reference
//! evaluation: the equivalence tests check that [`super::Matcher`] renders exactly this.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, dead_code)]

use super::*;
use crate::eligibility::reference::evaluate_in;
use crate::eligibility::{age_on, frequency_excess, zh_date, LimitWindow};

pub(crate) fn match_products(
    catalogue: &ProductCatalogue,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
    options: &MatchOptions,
) -> MatchResult {
    let personalised = options.personalised && !profile.personalisation_opt_out;
    let params = ctx.parameters;
    let today = china_date(&ctx.as_of);
    let senior = profile
        .birth_date()
        .map(|b| age_on(b, today))
        .is_some_and(|age| age >= i64::from(params.senior_age));

    let mut recommended: Vec<(usize, MatchEntry)> = Vec::new();
    let mut excluded: Vec<MatchEntry> = Vec::new();
    for (index, product) in catalogue.products.iter().enumerate() {
        if !options.kinds.is_empty() && !options.kinds.contains(&product.kind) {
            continue;
        }
        let entry = match_one(catalogue, product, profile, ctx, personalised, senior);
        if entry.exclusion.is_some() {
            excluded.push(entry);
        } else {
            recommended.push((index, entry));
        }
    }
    // Highest score first; ties keep catalogue order.
    recommended.sort_by(|(ia, a), (ib, b)| b.score.cmp(&a.score).then(ia.cmp(ib)));
    let limit = options
        .limit
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(usize::MAX);
    let recommended: Vec<MatchEntry> = recommended
        .into_iter()
        .take(limit)
        .enumerate()
        .map(|(i, (_, mut e))| {
            e.rank = u32::try_from(i + 1).ok();
            e
        })
        .collect();

    let mut notices = Vec::new();
    if !personalised {
        notices.push(Notice {
            code: NoticeCode::NotPersonalised,
            message: if profile.personalisation_opt_out {
                LocalizedText::new(
                    "您已关闭个性化推荐：排序仅依据产品目录，不使用您的个人特征",
                    "you opted out of personalisation: the order follows the catalogue only, not your personal characteristics",
                )
            } else {
                LocalizedText::new(
                    "非个性化列表：排序仅依据产品目录",
                    "non-personalised list: the order follows the catalogue only",
                )
            },
        });
    }
    if senior {
        notices.push(Notice {
            code: NoticeCode::SeniorInvestorExtraCare,
            message: LocalizedText::new(
                format!(
                    "年满{}周岁的投资者适用特别保护：高风险产品不主动推荐，购买理财产品时将提供额外提示",
                    params.senior_age
                ),
                format!(
                    "investors aged {} or over get extra care: high-risk products are not recommended automatically and wealth purchases come with extra explanations",
                    params.senior_age
                ),
            ),
        });
    }
    if let Some(e) = frequency_excess(profile, params, ctx.as_of) {
        let (zh_window, en_window) = match e.limit.window {
            LimitWindow::CalendarDay => ("今日".to_string(), "today".to_string()),
            LimitWindow::Months(n) => (format!("近{n}个月"), format!("in the last {n} months")),
        };
        notices.push(Notice {
            code: NoticeCode::AssessmentFrequencyExceeded,
            message: LocalizedText::new(
                format!(
                    "{zh_window}风险评估{}次，超过{}次的上限；{}起恢复",
                    e.count,
                    e.limit.max_count,
                    zh_date(e.clear_on)
                ),
                format!(
                    "{} risk assessments {en_window}, above the limit of {}; back within it on {}",
                    e.count, e.limit.max_count, e.clear_on
                ),
            ),
        });
    }

    MatchResult {
        stamp: MatchStamp {
            catalogue_version: ctx.catalogue_version.to_string(),
            product_catalogue_version: catalogue.version.clone(),
            as_of: ctx.as_of,
        },
        personalised,
        recommended,
        excluded,
        notices,
    }
}

fn match_one(
    catalogue: &ProductCatalogue,
    product: &Product,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
    personalised: bool,
    senior: bool,
) -> MatchEntry {
    let params = ctx.parameters;
    let decision = match catalogue.rule_set_for(&product.rule_set_id, china_date(&ctx.as_of)) {
        Some(rule_set) => evaluate_in(rule_set, &product.facts(), profile, ctx, Some(catalogue)),
        None => not_offered(product, ctx),
    };
    let rating = product.effective_risk_rating();
    let extra_care = senior && product.kind == ProductKind::Wealth;
    let mut notices = Vec::new();
    let cooling_off = if product.private_placement {
        let hours = params.cooling_off_hours;
        let (ends_at, within_range) = crate::matching::cooling_off_end(ctx.as_of, hours);
        let end = crate::time::format_minute(&ends_at);
        let after = if within_range { "" } else { "之后方" };
        let after_en = if within_range { "at" } else { "after" };
        notices.push(Notice {
            code: NoticeCode::CoolingOffPeriod,
            message: LocalizedText::new(
                format!("私募产品设{hours}小时投资冷静期：若现在购买，冷静期至{end}{after}止，期间可无条件解除合同"),
                format!("private product with a {hours}-hour cooling-off period: bought now, it ends {after_en} {end}; until then the purchase can be cancelled unconditionally"),
            ),
        });
        Some(CoolingOff { hours, ends_at })
    } else {
        None
    };
    if extra_care {
        notices.push(Notice {
            code: NoticeCode::SeniorInvestorExtraCare,
            message: LocalizedText::new(
                "适用老年投资者特别保护：销售时须充分提示风险",
                "senior investor: risks must be explained with extra care",
            ),
        });
    }
    let senior_high_risk =
        senior && rating.is_some_and(|r| r > params.senior_max_recommended_rating);
    let held = profile
        .held_products
        .as_ref()
        .is_some_and(|h| h.contains(&product.id));
    let exclusion = match decision.status {
        Eligibility::Ineligible => Some(Exclusion {
            reason: crate::matching::ExclusionReason::Ineligible,
            message: decision.summary.clone(),
        }),
        Eligibility::Unknown => Some(Exclusion {
            reason: ExclusionReason::Unknown,
            message: decision.summary.clone(),
        }),
        Eligibility::Eligible if personalised && held => Some(Exclusion {
            reason: ExclusionReason::AlreadyHeld,
            message: LocalizedText::new("您已持有该产品", "you already hold this product"),
        }),
        Eligibility::Eligible if senior_high_risk => {
            let r = rating.map(RiskRating::code).unwrap_or("-");
            let max = params.senior_max_recommended_rating.code();
            notices.push(Notice {
                code: NoticeCode::SeniorHighRiskNotRecommended,
                message: LocalizedText::new(
                    format!("{r}级产品高于{max}，不向老年投资者主动推荐"),
                    format!("an {r} product is above {max}: not recommended automatically to senior investors"),
                ),
            });
            Some(Exclusion {
                reason: ExclusionReason::SeniorHighRisk,
                message: LocalizedText::new(
                    format!("您可自主选择购买，但{r}级产品不向年满{}周岁的投资者主动推荐", params.senior_age),
                    format!("you may still choose it, but {r} products are not recommended automatically to investors aged {} or over", params.senior_age),
                ),
            })
        }
        Eligibility::Eligible => None,
    };
    let factors = ranking_factors(product, profile, personalised);
    let score = factors
        .iter()
        .fold(0i64, |acc, f| acc.saturating_add(f.points));
    MatchEntry {
        product_id: product.id.clone(),
        kind: product.kind,
        name: product.name.clone(),
        summary: product.summary.clone(),
        rank: None,
        score,
        factors,
        exclusion,
        decision,
        risk_rating: rating,
        extra_care,
        cooling_off,
        loan: product.loan,
        notices,
    }
}
