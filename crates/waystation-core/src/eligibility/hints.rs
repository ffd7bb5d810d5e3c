//! "How to become eligible": what would make a failed or unknown criterion pass.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::text::{format_fen, zh_date, LocalizedText};
use crate::lang::Lang;
use crate::products::RiskRating;
use crate::profile::{KycLevel, ProfileField};
use crate::words::eligibility as W;

/// What kind of step a hint proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HintKind {
    /// Nothing to do but wait: the criterion passes on `date` (age, tenure, frequency limits).
    WaitUntil,
    /// Reach at least `amount_fen` (monthly income). The gap is not given: it would reveal
    /// the income.
    ReachAmount,
    /// Raise the KYC level to `kyc_level`.
    RaiseKycLevel,
    /// Provide the missing input `input`.
    ProvideInput,
    /// Take a (new) risk assessment, from `date` on when a frequency limit applies.
    TakeAssessment,
    /// Obtain product `product_id` first.
    ObtainProduct,
    /// The product's risk exceeds the courier's tolerance: choose one rated `risk_rating` or
    /// lower. Deliberately no advice to raise the grade.
    ChooseLowerRisk,
    /// No action of the courier can make this pass.
    NotAchievable,
}

/// A step that would make a criterion pass, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hint {
    /// The kind of step.
    pub kind: HintKind,
    /// For `wait_until` and `take_assessment`: the earliest date (China calendar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// For `reach_amount`: the threshold in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_fen: Option<i64>,
    /// For `raise_kyc_level`: the level needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kyc_level: Option<KycLevel>,
    /// For `obtain_product`: the product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// For `provide_input`: the missing field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<ProfileField>,
    /// For `choose_lower_risk`: the highest rating the courier may buy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_rating: Option<RiskRating>,
    /// Explanation in zh-CN and en.
    pub message: LocalizedText,
}

impl Hint {
    fn bare(kind: HintKind, message: LocalizedText) -> Hint {
        Hint {
            kind,
            date: None,
            amount_fen: None,
            kyc_level: None,
            product_id: None,
            input: None,
            risk_rating: None,
            message,
        }
    }

    pub(crate) fn wait_until(date: NaiveDate, what_zh: &str, what_en: &str) -> Hint {
        Hint {
            date: Some(date),
            ..Hint::bare(
                HintKind::WaitUntil,
                LocalizedText::new(
                    format!("{}{}", zh_date(date), what_zh),
                    format!("{what_en} on {date}"),
                ),
            )
        }
    }

    pub(crate) fn reach_amount(fen: i64) -> Hint {
        let money = format_fen(fen);
        Hint {
            amount_fen: Some(fen),
            ..Hint::bare(
                HintKind::ReachAmount,
                LocalizedText::new(
                    format!("月收入达到{money}及以上即可满足"),
                    format!("passes once monthly income reaches {money}"),
                ),
            )
        }
    }

    pub(crate) fn raise_kyc(level: KycLevel) -> Hint {
        let label = level.label();
        Hint {
            kyc_level: Some(level),
            ..Hint::bare(
                HintKind::RaiseKycLevel,
                LocalizedText::new(
                    format!("请完成身份核验至“{}”等级", label.zh),
                    format!(
                        "complete identity verification to the level \"{}\"",
                        label.en
                    ),
                ),
            )
        }
    }

    pub(crate) fn provide_input(field: ProfileField) -> Hint {
        let label = field.label();
        Hint {
            input: Some(field),
            ..Hint::bare(
                HintKind::ProvideInput,
                LocalizedText::new(
                    format!("请提供{}", label.zh),
                    format!("provide your {}", label.en),
                ),
            )
        }
    }

    pub(crate) fn take_assessment(from: Option<NaiveDate>) -> Hint {
        let message = match from {
            Some(d) => LocalizedText::new(
                format!("请于{}起重新进行风险承受能力评估", zh_date(d)),
                format!("take a new risk assessment from {d} on"),
            ),
            None => {
                LocalizedText::new("请进行风险承受能力评估", "take a risk-tolerance assessment")
            }
        };
        Hint {
            date: from,
            ..Hint::bare(HintKind::TakeAssessment, message)
        }
    }

    /// Obtain product `product_id` first, named by `name` (generic words when unknown).
    pub(crate) fn obtain_product(product_id: &str, name: Option<&LocalizedText>) -> Hint {
        let text = |lang| {
            W::with_product(
                &W::HINT_OBTAIN_PRODUCT,
                &W::HINT_OBTAIN_PRODUCT_UNNAMED,
                name,
                lang,
            )
        };
        Hint {
            product_id: Some(product_id.to_string()),
            ..Hint::bare(
                HintKind::ObtainProduct,
                LocalizedText::new(text(Lang::ZhCn), text(Lang::En)),
            )
        }
    }

    pub(crate) fn choose_lower_risk(max: Option<RiskRating>) -> Hint {
        let message = match max {
            Some(r) => LocalizedText::new(
                format!("请选择风险等级不高于{}的产品", r.code()),
                format!("choose a product rated {} or lower", r.code()),
            ),
            None => LocalizedText::new(
                "请选择与您风险承受能力相匹配的产品",
                "choose a product matching your risk tolerance",
            ),
        };
        Hint {
            risk_rating: max,
            ..Hint::bare(HintKind::ChooseLowerRisk, message)
        }
    }

    pub(crate) fn not_achievable(zh: &str, en: &str) -> Hint {
        Hint::bare(HintKind::NotAchievable, LocalizedText::new(zh, en))
    }
}
