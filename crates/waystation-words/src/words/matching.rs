//! The words of product matching: why a product is recommended or not, the notices of a match,
//! and the terms of a product as a courier reads them.
//!
//! Ranking factors keep their code and points as data for bank staff; their messages say only
//! what a courier can relate to (the bank features the product, a need they stated, their
//! occupation), never an internal priority or score.

use super::Message;

messages! {
    /// The list is not personalised because the courier opted out.
    NOTICE_OPTED_OUT = "matching.notice.opted_out" {
        zh: "您已关闭个性化推荐，排序仅依据产品目录，不使用您的个人特征",
        en: "you opted out of personalisation: the order follows the catalogue only, not your personal characteristics",
    }
    /// The list is not personalised (requested).
    NOTICE_NOT_PERSONALISED = "matching.notice.not_personalised" {
        zh: "非个性化列表，排序仅依据产品目录",
        en: "non-personalised list: the order follows the catalogue only",
    }
    /// The courier is a senior investor.
    NOTICE_SENIOR = "matching.notice.senior" {
        zh: "年满{age}周岁的投资者适用特别保护，高风险产品不主动推荐，购买理财产品时将提供额外提示",
        en: "investors aged {age} or over get extra care: high-risk products are not recommended automatically and wealth purchases come with extra explanations",
        params: ["age"],
    }
    /// Too many risk assessments today.
    NOTICE_FREQUENCY_TODAY = "matching.notice.frequency_today" {
        zh: "今日已进行风险测评{count}次，超过{max}次的上限，{date}起恢复",
        en: "{count} risk assessments today, above the limit of {max}; back within it on {date}",
        params: ["count", "max", "date"],
    }
    /// Too many risk assessments in the last months.
    NOTICE_FREQUENCY_MONTHS = "matching.notice.frequency_months" {
        zh: "近{months}个月已进行风险测评{count}次，超过{max}次的上限，{date}起恢复",
        en: "{count} risk assessments in the last {months} months, above the limit of {max}; back within it on {date}",
        params: ["months", "count", "max", "date"],
    }
    /// The cooling-off period of a private product.
    NOTICE_COOLING_OFF = "matching.notice.cooling_off" {
        zh: "私募产品设{hours}小时投资冷静期，若现在购买，冷静期至{end}止，期间可无条件解除合同",
        en: "private product with a {hours}-hour cooling-off period: bought now, it ends at {end}; until then the purchase can be cancelled unconditionally",
        params: ["hours", "end"],
    }
    /// The cooling-off period of a private product, ending past the last instant the library
    /// can write.
    NOTICE_COOLING_OFF_AFTER = "matching.notice.cooling_off_after" {
        zh: "私募产品设{hours}小时投资冷静期，若现在购买，冷静期至{end}之后方止，期间可无条件解除合同",
        en: "private product with a {hours}-hour cooling-off period: bought now, it ends after {end}; until then the purchase can be cancelled unconditionally",
        params: ["hours", "end"],
    }
    /// A wealth product for a senior investor.
    NOTICE_SENIOR_PRODUCT = "matching.notice.senior_product" {
        zh: "适用老年投资者特别保护，销售时须充分提示风险",
        en: "senior investor: risks must be explained with extra care",
    }
    /// A high-risk product is not recommended to a senior investor.
    NOTICE_SENIOR_HIGH_RISK = "matching.notice.senior_high_risk" {
        zh: "{rating}级产品高于{max}，不向老年投资者主动推荐",
        en: "an {rating} product is above {max}: not recommended automatically to senior investors",
        params: ["rating", "max"],
    }
    /// Why a product is not recommended: already held.
    EXCLUSION_ALREADY_HELD = "matching.exclusion.already_held" {
        zh: "您已持有该产品",
        en: "you already hold this product",
    }
    /// Why a product is not recommended: high risk for a senior investor.
    EXCLUSION_SENIOR_HIGH_RISK = "matching.exclusion.senior_high_risk" {
        zh: "您可自主选择购买，但{rating}级产品不向年满{age}周岁的投资者主动推荐",
        en: "you may still choose it, but {rating} products are not recommended automatically to investors aged {age} or over",
        params: ["rating", "age"],
    }
    /// Ranking factor: the bank features the product (its catalogue priority).
    FACTOR_FEATURED = "matching.factor.featured" {
        zh: "银行推荐产品",
        en: "featured by the bank",
    }
    /// Ranking factor: a need the courier stated.
    FACTOR_STATED_NEED = "matching.factor.stated_need" {
        zh: "符合您提出的“{need}”需求",
        en: "matches your stated need: {need}",
        params: ["need"],
    }
    /// Ranking factor: designed for the courier's occupation.
    FACTOR_DESIGNED_FOR = "matching.factor.designed_for" {
        zh: "专为{occupation}设计",
        en: "designed for {occupation}s",
        params: ["occupation"],
    }
    /// Summary of a product with no rule set in effect.
    NOT_OFFERED = "matching.not_offered" {
        zh: "该产品在查询日期没有生效的办理条件，暂不提供",
        en: "this product has no conditions in effect on the date of this check: not offered",
    }
    /// Notice of a product with no rule set in effect.
    NOTICE_NOT_OFFERED = "matching.notice.not_offered" {
        zh: "“{product}”在查询日期没有生效的办理条件",
        en: "\"{product}\" has no conditions in effect on the date of this check",
        params: ["product"],
    }
    /// The terms of a micro-loan.
    LOAN_TERMS = "matching.loan_terms" {
        zh: "额度{min}至{max}，最长{months}个月",
        en: "{min} to {max}, up to {months} months",
        params: ["min", "max", "months"],
    }
}
