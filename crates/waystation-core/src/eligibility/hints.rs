//! "How to become eligible": what would make a failed or unknown criterion pass.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smol_str::{SmolStr, ToSmolStr};

use crate::lang::LocalizedText;
use crate::profile::RiskRating;
use crate::profile::{KycLevel, ProfileField};
use crate::words::eligibility as W;
use crate::words::Message;
use crate::words::{date_in, money_in, Langs};

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
#[serde(deny_unknown_fields)]
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
    pub product_id: Option<SmolStr>,
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

    fn wait_until(date: NaiveDate, message: LocalizedText) -> Hint {
        Hint {
            date: Some(date),
            ..Hint::bare(HintKind::WaitUntil, message)
        }
    }

    /// The age `age` is reached on `date`.
    pub(crate) fn wait_age(langs: Langs, date: NaiveDate, age: i64) -> Hint {
        let age = age.to_smolstr();
        let text = W::in_langs(langs, &W::HINT_WAIT_AGE, |lang| {
            [
                ("date", SmolStr::from(date_in(date, lang))),
                ("age", age.clone()),
            ]
        });
        Hint::wait_until(date, text)
    }

    /// A tenure of `months` is reached on `date`.
    pub(crate) fn wait_tenure(langs: Langs, date: NaiveDate, months: i64) -> Hint {
        let months = months.to_smolstr();
        let text = W::in_langs(langs, &W::HINT_WAIT_TENURE, |lang| {
            [
                ("date", SmolStr::from(date_in(date, lang))),
                ("months", months.clone()),
            ]
        });
        Hint::wait_until(date, text)
    }

    /// The assessment count is back within the limits on `date`.
    pub(crate) fn wait_frequency(langs: Langs, date: NaiveDate) -> Hint {
        let text = W::in_langs(langs, &W::HINT_WAIT_FREQUENCY, |lang| {
            [("date", SmolStr::from(date_in(date, lang)))]
        });
        Hint::wait_until(date, text)
    }

    pub(crate) fn reach_amount(langs: Langs, fen: i64) -> Hint {
        Hint {
            amount_fen: Some(fen),
            ..Hint::bare(
                HintKind::ReachAmount,
                W::in_langs(langs, &W::HINT_REACH_AMOUNT, |lang| {
                    [("amount", money_in(fen, lang))]
                }),
            )
        }
    }

    /// Reach a threshold stated per year, `yearly` (`fen`: the monthly income that does).
    pub(crate) fn reach_yearly_amount(langs: Langs, fen: i64, yearly: i64) -> Hint {
        Hint {
            amount_fen: Some(fen),
            ..Hint::bare(
                HintKind::ReachAmount,
                W::in_langs(langs, &W::HINT_REACH_YEARLY_AMOUNT, |lang| {
                    [("amount", money_in(yearly, lang))]
                }),
            )
        }
    }

    pub(crate) fn raise_kyc(langs: Langs, level: KycLevel) -> Hint {
        let words = level.words();
        Hint {
            kyc_level: Some(level),
            ..Hint::bare(
                HintKind::RaiseKycLevel,
                W::in_langs(langs, &W::HINT_RAISE_KYC, |lang| {
                    [("level", SmolStr::new_static(words.template(lang)))]
                }),
            )
        }
    }

    pub(crate) fn provide_input(langs: Langs, field: ProfileField) -> Hint {
        let name = field.words();
        Hint {
            input: Some(field),
            ..Hint::bare(
                HintKind::ProvideInput,
                W::in_langs(langs, &W::HINT_PROVIDE_INPUT, |lang| {
                    [("field", SmolStr::new_static(name.template(lang)))]
                }),
            )
        }
    }

    pub(crate) fn take_assessment(langs: Langs, from: Option<NaiveDate>) -> Hint {
        let message = match from {
            Some(d) => W::in_langs(langs, &W::HINT_TAKE_ASSESSMENT_FROM, |lang| {
                [("date", SmolStr::from(date_in(d, lang)))]
            }),
            None => langs.message(&W::HINT_TAKE_ASSESSMENT, &[]),
        };
        Hint {
            date: from,
            ..Hint::bare(HintKind::TakeAssessment, message)
        }
    }

    /// Obtain product `product_id` first, named by `name` (generic words when unknown).
    pub(crate) fn obtain_product(
        langs: Langs,
        product_id: &str,
        name: Option<&LocalizedText>,
    ) -> Hint {
        let text = |lang| {
            W::with_product(
                &W::HINT_OBTAIN_PRODUCT,
                &W::HINT_OBTAIN_PRODUCT_UNNAMED,
                name,
                lang,
            )
        };
        Hint {
            product_id: Some(SmolStr::new(product_id)),
            ..Hint::bare(HintKind::ObtainProduct, langs.text(text))
        }
    }

    pub(crate) fn choose_lower_risk(langs: Langs, max: Option<RiskRating>) -> Hint {
        let message = match max {
            Some(r) => langs.message(&W::HINT_CHOOSE_LOWER_RISK, &[("rating", r.code())]),
            None => langs.message(&W::HINT_CHOOSE_MATCHING_RISK, &[]),
        };
        Hint {
            risk_rating: max,
            ..Hint::bare(HintKind::ChooseLowerRisk, message)
        }
    }

    pub(crate) fn not_achievable(langs: Langs, message: &Message) -> Hint {
        Hint::bare(HintKind::NotAchievable, langs.message(message, &[]))
    }
}
