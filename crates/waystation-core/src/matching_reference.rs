//! Matching as it was before the compiled engine (test oracle only), over the reference
//! evaluation: the equivalence tests check that [`super::Matcher`] renders exactly this.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, dead_code)]

use super::*;
use crate::eligibility::reference::evaluate_in;
use crate::eligibility::{age_on, frequency_excess};
use crate::words::matching as M;

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
            e.rank = i32::try_from(i + 1).ok();
            e
        })
        .collect();

    let mut notices = Vec::new();
    if !personalised {
        notices.push(Notice {
            code: NoticeCode::NotPersonalised,
            message: if profile.personalisation_opt_out {
                M::NOTICE_OPTED_OUT.localized(&[])
            } else {
                M::NOTICE_NOT_PERSONALISED.localized(&[])
            },
        });
    }
    if senior {
        notices.push(Notice {
            code: NoticeCode::SeniorInvestorExtraCare,
            message: M::NOTICE_SENIOR.localized(&[("age", &params.senior_age.to_string())]),
        });
    }
    if let Some(e) = frequency_excess(profile, params, ctx.as_of) {
        notices.push(crate::matching::frequency_notice(
            crate::words::Langs::BOTH,
            e.limit.window,
            e.count,
            e.limit.max_count,
            e.clear_on,
        ));
    }

    MatchResult {
        stamp: MatchStamp {
            catalogue_version: ctx.catalogue_version.into(),
            product_catalogue_version: catalogue.version.as_str().into(),
            as_of: crate::time::to_china(ctx.as_of),
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
        if decision.status == Eligibility::Eligible {
            notices.push(crate::matching::cooling_off_notice(
                crate::words::Langs::BOTH,
                hours,
                ends_at,
                within_range,
            ));
        }
        Some(CoolingOff {
            hours: i32::try_from(hours).unwrap_or(i32::MAX),
            ends_at,
        })
    } else {
        None
    };
    if extra_care {
        notices.push(Notice {
            code: NoticeCode::SeniorInvestorExtraCare,
            message: M::NOTICE_SENIOR_PRODUCT.localized(&[]),
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
            message: M::EXCLUSION_ALREADY_HELD.localized(&[]),
        }),
        Eligibility::Eligible if senior_high_risk => {
            let r = rating.map(RiskRating::code).unwrap_or("-");
            let max = params.senior_max_recommended_rating.code();
            notices.push(Notice {
                code: NoticeCode::SeniorHighRiskNotRecommended,
                message: M::NOTICE_SENIOR_HIGH_RISK.localized(&[("rating", r), ("max", max)]),
            });
            Some(Exclusion {
                reason: ExclusionReason::SeniorHighRisk,
                message: M::EXCLUSION_SENIOR_HIGH_RISK
                    .localized(&[("rating", r), ("age", &params.senior_age.to_string())]),
            })
        }
        Eligibility::Eligible => None,
    };
    // An excluded product is not ranked: no factors, no score.
    let factors = if exclusion.is_some() {
        Vec::new()
    } else {
        ranking_factors(crate::words::Langs::BOTH, product, profile, personalised)
    };
    let score = factors
        .iter()
        .fold(0i64, |acc, f| acc.saturating_add(f.points));
    MatchEntry {
        product_id: product.id.as_str().into(),
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
