//! The words of eligibility decisions: what each criterion found, how to become eligible, the
//! one-line summary and the notices of a decision.
//!
//! Names (products, occupations, provinces, fields) are filled in from their localized names,
//! never their ids; where a product's name is not known (a rule set evaluated on its own, without
//! its product catalogue), the `*_unnamed` entries say "the required product" instead. Amounts are
//! worded by [`super::money`], dates by the callers (`2027年3月1日` / `2027-03-01`).

use super::Message;
use crate::lang::Lang;
use crate::lang::LocalizedText;

messages! {
    /// Every member of an `all` combination passed.
    ALL_PASSED = "eligibility.all_passed" {
        zh: "全部条件均满足",
        en: "all conditions are met",
    }
    /// A member of an `all` combination failed.
    SOME_FAILED = "eligibility.some_failed" {
        zh: "有条件未满足",
        en: "a required condition is not met",
    }
    /// The condition under a `not` cannot be decided.
    EXCLUDED_UNDECIDED = "eligibility.excluded_undecided" {
        zh: "排除条件缺少信息，无法判断",
        en: "the excluded condition cannot be decided",
    }
    /// Some members of a combination cannot be decided.
    SOME_UNKNOWN = "eligibility.some_unknown" {
        zh: "部分条件缺少信息，无法判断",
        en: "some conditions cannot be decided for missing information",
    }
    /// One member of an `any` combination passed.
    ONE_PASSED = "eligibility.one_passed" {
        zh: "满足其中一项条件",
        en: "one of the alternatives is met",
    }
    /// No member of an `any` combination passed.
    NONE_PASSED = "eligibility.none_passed" {
        zh: "各项备选条件均未满足",
        en: "none of the alternatives is met",
    }
    /// The condition under a `not` does not hold.
    EXCLUDED_NOT_APPLYING = "eligibility.excluded_not_applying" {
        zh: "未触发排除条件",
        en: "the excluded condition does not apply",
    }
    /// The condition under a `not` holds.
    EXCLUDED_APPLIES = "eligibility.excluded_applies" {
        zh: "触发了排除条件",
        en: "an excluded condition applies",
    }
    /// A rule nested too deeply to be evaluated.
    TOO_DEEP = "eligibility.too_deep" {
        zh: "这项条件过于复杂，暂时无法判断",
        en: "this condition is too complex to be decided",
    }
    /// A condition the engine could not evaluate (never expected).
    NOT_EVALUATED = "eligibility.not_evaluated" {
        zh: "这项条件暂时无法判断",
        en: "this condition cannot be decided at the moment",
    }
    /// An input the condition needs is missing.
    MISSING_INPUT = "eligibility.missing_input" {
        zh: "缺少{field}，无法判断",
        en: "{field} not provided",
        params: ["field"],
    }
    /// The rule refers to a setting the bank has not defined (the static check names it).
    RULE_INCOMPLETE = "eligibility.rule_incomplete" {
        zh: "这项条件的设置不完整，暂时无法判断",
        en: "this condition is not fully set up yet and cannot be decided",
    }
    /// Younger than the minimum age.
    AGE_BELOW_MINIMUM = "eligibility.age.below_minimum" {
        zh: "年龄{age}周岁，未满{min}周岁",
        en: "aged {age}, under the minimum age of {min}",
        params: ["age", "min"],
    }
    /// Older than the maximum age.
    AGE_ABOVE_MAXIMUM = "eligibility.age.above_maximum" {
        zh: "年龄{age}周岁，超过{max}周岁的上限",
        en: "aged {age}, above the maximum age of {max}",
        params: ["age", "max"],
    }
    /// Within an age range with both ends.
    AGE_BETWEEN = "eligibility.age.between" {
        zh: "年龄{age}周岁，在{min}至{max}周岁之间",
        en: "aged {age}, between {min} and {max}",
        params: ["age", "min", "max"],
    }
    /// At least the minimum age.
    AGE_AT_LEAST = "eligibility.age.at_least" {
        zh: "年龄{age}周岁，已满{min}周岁",
        en: "aged {age}, at least {min}",
        params: ["age", "min"],
    }
    /// At most the maximum age.
    AGE_AT_MOST = "eligibility.age.at_most" {
        zh: "年龄{age}周岁，未超过{max}周岁",
        en: "aged {age}, not above {max}",
        params: ["age", "max"],
    }
    /// An age range without ends.
    AGE_ANY = "eligibility.age.any" {
        zh: "年龄{age}周岁，符合要求",
        en: "aged {age}, as required",
        params: ["age"],
    }
    /// Employed long enough.
    TENURE_REACHED = "eligibility.tenure.reached" {
        zh: "已入职{months}个月，满足至少{required}个月的要求",
        en: "employed for {months} months; at least {required} required",
        params: ["months", "required"],
    }
    /// Not employed long enough.
    TENURE_TOO_SHORT = "eligibility.tenure.too_short" {
        zh: "已入职{months}个月，不足{required}个月",
        en: "employed for {months} months; {required} required",
        params: ["months", "required"],
    }
    /// The occupation is among those accepted.
    OCCUPATION_ACCEPTED = "eligibility.occupation.accepted" {
        zh: "职业“{occupation}”在适用范围内",
        en: "occupation \"{occupation}\" is eligible",
        params: ["occupation"],
    }
    /// The occupation is not among those accepted.
    OCCUPATION_NOT_ACCEPTED = "eligibility.occupation.not_accepted" {
        zh: "职业“{occupation}”不在适用范围内",
        en: "occupation \"{occupation}\" is not eligible",
        params: ["occupation"],
    }
    /// The employer is a member unit of the partner association.
    EMPLOYER_IS_MEMBER = "eligibility.employer.member" {
        zh: "用工单位是合作协会的会员单位",
        en: "the employer is a member unit of the partner association",
    }
    /// The employer is not a member unit.
    EMPLOYER_NOT_MEMBER = "eligibility.employer.not_member" {
        zh: "用工单位不是合作协会的会员单位",
        en: "the employer is not a member unit of the partner association",
    }
    /// The province of work is covered.
    PROVINCE_ACCEPTED = "eligibility.province.accepted" {
        zh: "工作地{province}在适用范围内",
        en: "works in {province}, which is covered",
        params: ["province"],
    }
    /// The province of work is not covered.
    PROVINCE_NOT_ACCEPTED = "eligibility.province.not_accepted" {
        zh: "工作地{province}不在适用范围内",
        en: "works in {province}, which is not covered",
        params: ["province"],
    }
    /// The city of work is covered.
    CITY_ACCEPTED = "eligibility.city.accepted" {
        zh: "工作城市{city}在适用范围内",
        en: "works in {city}, which is covered",
        params: ["city"],
    }
    /// The city of work is not covered.
    CITY_NOT_ACCEPTED = "eligibility.city.not_accepted" {
        zh: "工作城市{city}不在适用范围内",
        en: "works in {city}, which is not covered",
        params: ["city"],
    }
    /// The monthly income reaches the threshold.
    INCOME_REACHED = "eligibility.income.reached" {
        zh: "月收入达到{amount}的要求",
        en: "monthly income meets the {amount} threshold",
        params: ["amount"],
    }
    /// The monthly income is below the threshold.
    INCOME_TOO_LOW = "eligibility.income.too_low" {
        zh: "月收入低于{amount}",
        en: "monthly income is below {amount}",
        params: ["amount"],
    }
    /// The yearly income (12 times the monthly) reaches a threshold stated per year.
    YEARLY_INCOME_REACHED = "eligibility.income.yearly_reached" {
        zh: "按月收入折算的年收入达到{amount}的要求",
        en: "yearly income (12 times the monthly income) meets the {amount} threshold",
        params: ["amount"],
    }
    /// The yearly income (12 times the monthly) is below a threshold stated per year.
    YEARLY_INCOME_TOO_LOW = "eligibility.income.yearly_too_low" {
        zh: "按月收入折算的年收入低于{amount}",
        en: "yearly income (12 times the monthly income) is below {amount}",
        params: ["amount"],
    }
    /// A required product is held.
    PRODUCT_HELD = "eligibility.product.held" {
        zh: "已持有“{product}”",
        en: "holds \"{product}\"",
        params: ["product"],
    }
    /// A required product is held (its name unknown).
    PRODUCT_HELD_UNNAMED = "eligibility.product.held_unnamed" {
        zh: "已持有所需产品",
        en: "holds the required product",
    }
    /// A required product is not held.
    PRODUCT_NOT_HELD = "eligibility.product.not_held" {
        zh: "尚未持有“{product}”",
        en: "does not hold \"{product}\"",
        params: ["product"],
    }
    /// A required product is not held (its name unknown).
    PRODUCT_NOT_HELD_UNNAMED = "eligibility.product.not_held_unnamed" {
        zh: "尚未持有所需产品",
        en: "does not hold the required product",
    }
    /// A product that must not be held is held.
    PRODUCT_ALREADY_HELD = "eligibility.product.already_held" {
        zh: "已持有“{product}”",
        en: "already holds \"{product}\"",
        params: ["product"],
    }
    /// A product that must not be held is held (its name unknown).
    PRODUCT_ALREADY_HELD_UNNAMED = "eligibility.product.already_held_unnamed" {
        zh: "已持有该产品",
        en: "already holds this product",
    }
    /// A product that must not be held is not held.
    PRODUCT_NOT_HELD_YET = "eligibility.product.not_held_yet" {
        zh: "尚未持有“{product}”",
        en: "does not hold \"{product}\" yet",
        params: ["product"],
    }
    /// A product that must not be held is not held (its name unknown).
    PRODUCT_NOT_HELD_YET_UNNAMED = "eligibility.product.not_held_yet_unnamed" {
        zh: "尚未持有该产品",
        en: "does not hold this product yet",
    }
    /// The identity check is at the level required or above.
    KYC_REACHED = "eligibility.kyc.reached" {
        zh: "身份核验为“{level}”，满足要求",
        en: "identity checked as required: {level}",
        params: ["level"],
    }
    /// The identity check is below the level required.
    KYC_TOO_LOW = "eligibility.kyc.too_low" {
        zh: "身份核验为“{level}”，须达到“{required}”",
        en: "{level} so far; {required} is required",
        params: ["level", "required"],
    }
    /// Warning about an accepted resident ID number: its region code names no known province.
    WARNING_RESIDENT_ID_UNKNOWN_REGION = "eligibility.warning.resident_id_unknown_region" {
        zh: "身份证号码的地区代码不在已知省份之列，请核对号码",
        en: "The region of the resident ID number is not a known province. Please check the number.",
    }
    /// Warning about an accepted resident ID number: a legacy 15-digit number was upgraded.
    WARNING_RESIDENT_ID_UPGRADED = "eligibility.warning.resident_id_upgraded" {
        zh: "15位旧身份证号码已按规则升级为18位",
        en: "The old 15-digit resident ID number was converted to its 18-digit form.",
    }
    /// Warning about an accepted employer credit code: its region code names no known province.
    WARNING_CREDIT_CODE_UNKNOWN_REGION = "eligibility.warning.credit_code_unknown_region" {
        zh: "用人单位统一社会信用代码的地区代码不在已知省份之列，请核对代码",
        en: "The region of the employer's unified social credit code is not a known province. Please check the code.",
    }
    /// Warning about an accepted employer credit code: its check character does not match.
    WARNING_CREDIT_CODE_CHECKSUM_IGNORED = "eligibility.warning.credit_code_checksum_ignored" {
        zh: "用人单位统一社会信用代码的校验码不符，请核对代码",
        en: "The check character of the employer's unified social credit code does not match. Please check the code.",
    }
    /// Warning about an accepted employer credit code: its embedded organisation code fails its
    /// check digit.
    WARNING_CREDIT_CODE_ORGANISATION_CHECK = "eligibility.warning.credit_code_organisation_check" {
        zh: "用人单位统一社会信用代码中的组织机构代码校验不符，请核对代码",
        en: "The organisation code inside the employer's unified social credit code does not check out. Please check the code.",
    }
    /// Identity check level: none.
    KYC_LEVEL_NONE = "eligibility.kyc_level.none" { zh: "未核验", en: "no identity check" }
    /// Identity check level: basic.
    KYC_LEVEL_BASIC = "eligibility.kyc_level.basic" {
        zh: "基础核验",
        en: "a basic identity check",
    }
    /// Identity check level: real-name verification.
    KYC_LEVEL_VERIFIED = "eligibility.kyc_level.verified" {
        zh: "实名核验",
        en: "a real-name identity check",
    }
    /// Identity check level: in person at a branch.
    KYC_LEVEL_FULL = "eligibility.kyc_level.full" {
        zh: "临柜核验",
        en: "an identity check in person at a branch",
    }
    /// The risk assessment is dated after the instant of evaluation.
    ASSESSMENT_NOT_YET_TAKEN = "eligibility.assessment.not_yet_taken" {
        zh: "风险测评日期晚于查询时间",
        en: "the risk assessment is dated after the time of this check",
    }
    /// The risk assessment is valid.
    ASSESSMENT_VALID = "eligibility.assessment.valid" {
        zh: "风险测评有效，至{until}止",
        en: "the risk assessment is valid until {until}",
        params: ["until"],
    }
    /// The risk assessment has expired.
    ASSESSMENT_EXPIRED = "eligibility.assessment.expired" {
        zh: "风险测评已于{when}过期",
        en: "the risk assessment expired at {when}",
        params: ["when"],
    }
    /// Risk assessments taken within the frequency limits.
    FREQUENCY_WITHIN_LIMITS = "eligibility.frequency.within_limits" {
        zh: "风险测评次数在限额内",
        en: "the number of risk assessments is within the limits",
    }
    /// Too many risk assessments today.
    FREQUENCY_EXCEEDED_TODAY = "eligibility.frequency.exceeded_today" {
        zh: "今日已进行{count}次风险测评，超过每日{max}次的上限",
        en: "{count} risk assessments today, above the daily limit of {max}",
        params: ["count", "max"],
    }
    /// Too many risk assessments in the last months.
    FREQUENCY_EXCEEDED_MONTHS = "eligibility.frequency.exceeded_months" {
        zh: "近{months}个月已进行{count}次风险测评，超过{max}次的上限",
        en: "{count} risk assessments in the last {months} months, above the limit of {max}",
        params: ["months", "count", "max"],
    }
    /// The product has no risk rating.
    NOT_RATED = "eligibility.risk.not_rated" {
        zh: "产品缺少风险等级，不能销售",
        en: "the product has no risk rating and cannot be sold",
    }
    /// The risk tolerance covers the product's rating.
    GRADE_COVERS = "eligibility.risk.covered" {
        zh: "风险承受能力{grade}可购买{rating}级产品",
        en: "risk tolerance {grade} covers an {rating} product",
        params: ["grade", "rating"],
    }
    /// The risk tolerance is below what the product's rating requires.
    GRADE_BELOW = "eligibility.risk.below" {
        zh: "风险承受能力{grade}低于{rating}级产品的要求，须为{required}及以上",
        en: "risk tolerance {grade} is below what an {rating} product requires ({required} or higher)",
        params: ["grade", "rating", "required"],
    }
    /// The risk tolerance is below the product's rating, which no grade covers.
    GRADE_BELOW_ANY = "eligibility.risk.below_any" {
        zh: "风险承受能力{grade}不能购买{rating}级产品",
        en: "risk tolerance {grade} does not cover an {rating} product",
        params: ["grade", "rating"],
    }
    /// The insurance product lists no occupation classes.
    NO_OCCUPATION_CLASSES = "eligibility.occupation_class.none_listed" {
        zh: "产品未列明承保的职业类别",
        en: "the product lists no covered occupation classes",
    }
    /// The occupation class is covered.
    OCCUPATION_CLASS_COVERED = "eligibility.occupation_class.covered" {
        zh: "职业类别第{class}类在承保范围内",
        en: "occupation class {class} is covered",
        params: ["class"],
    }
    /// The occupation class is not covered.
    OCCUPATION_CLASS_NOT_COVERED = "eligibility.occupation_class.not_covered" {
        zh: "职业类别为第{class}类，本产品仅承保第{classes}类",
        en: "occupation class {class}; this product covers classes {classes} only",
        params: ["class", "classes"],
    }

    /// Hint: the age is reached on a date.
    HINT_WAIT_AGE = "eligibility.hint.wait_age" {
        zh: "{date}年满{age}周岁",
        en: "turns {age} on {date}",
        params: ["date", "age"],
    }
    /// Hint: the tenure is reached on a date.
    HINT_WAIT_TENURE = "eligibility.hint.wait_tenure" {
        zh: "{date}入职满{months}个月",
        en: "tenure reaches {months} months on {date}",
        params: ["date", "months"],
    }
    /// Hint: the assessment count is back within the limit on a date.
    HINT_WAIT_FREQUENCY = "eligibility.hint.wait_frequency" {
        zh: "{date}测评次数回到限额内",
        en: "the assessment count is back within the limit on {date}",
        params: ["date"],
    }
    /// Hint: past the age limit.
    HINT_AGE_LIMIT_PASSED = "eligibility.hint.age_limit_passed" {
        zh: "已超过年龄上限",
        en: "the age limit has been passed",
    }
    /// Hint: only for certain occupations.
    HINT_OCCUPATIONS_ONLY = "eligibility.hint.occupations_only" {
        zh: "仅面向特定职业",
        en: "only for certain occupations",
    }
    /// Hint: only for workers of member units.
    HINT_MEMBER_UNITS_ONLY = "eligibility.hint.member_units_only" {
        zh: "仅面向会员单位的从业人员",
        en: "only for workers of member units",
    }
    /// Hint: only in certain regions.
    HINT_REGIONS_ONLY = "eligibility.hint.regions_only" {
        zh: "仅面向特定地区",
        en: "only offered in certain regions",
    }
    /// Hint: only in certain cities.
    HINT_CITIES_ONLY = "eligibility.hint.cities_only" {
        zh: "仅面向特定城市",
        en: "only offered in certain cities",
    }
    /// Hint: the monthly income needed.
    HINT_REACH_AMOUNT = "eligibility.hint.reach_amount" {
        zh: "月收入达到{amount}及以上即可满足",
        en: "passes once monthly income reaches {amount}",
        params: ["amount"],
    }
    /// Hint: the yearly income needed (a threshold stated per year).
    HINT_REACH_YEARLY_AMOUNT = "eligibility.hint.reach_yearly_amount" {
        zh: "按月收入折算的年收入达到{amount}及以上即可满足",
        en: "passes once yearly income (12 times the monthly income) reaches {amount}",
        params: ["amount"],
    }
    /// Hint: obtain a product first.
    HINT_OBTAIN_PRODUCT = "eligibility.hint.obtain_product" {
        zh: "请先办理“{product}”",
        en: "first obtain \"{product}\"",
        params: ["product"],
    }
    /// Hint: obtain a product first (its name unknown).
    HINT_OBTAIN_PRODUCT_UNNAMED = "eligibility.hint.obtain_product_unnamed" {
        zh: "请先办理所需产品",
        en: "first obtain the required product",
    }
    /// Hint: the product is already held.
    HINT_ALREADY_HELD = "eligibility.hint.already_held" {
        zh: "已持有该产品",
        en: "already held",
    }
    /// Hint: raise the identity check.
    HINT_RAISE_KYC = "eligibility.hint.raise_kyc" {
        zh: "请完成“{level}”",
        en: "complete {level}",
        params: ["level"],
    }
    /// Hint: provide a missing input.
    HINT_PROVIDE_INPUT = "eligibility.hint.provide_input" {
        zh: "请提供{field}",
        en: "provide your {field}",
        params: ["field"],
    }
    /// Hint: take a risk assessment.
    HINT_TAKE_ASSESSMENT = "eligibility.hint.take_assessment" {
        zh: "请进行风险承受能力测评",
        en: "take a risk-tolerance assessment",
    }
    /// Hint: take a new risk assessment from a date on.
    HINT_TAKE_ASSESSMENT_FROM = "eligibility.hint.take_assessment_from" {
        zh: "请于{date}起重新进行风险承受能力测评",
        en: "take a new risk assessment from {date} on",
        params: ["date"],
    }
    /// Hint: choose a product of a lower risk rating.
    HINT_CHOOSE_LOWER_RISK = "eligibility.hint.choose_lower_risk" {
        zh: "请选择风险等级不高于{rating}的产品",
        en: "choose a product rated {rating} or lower",
        params: ["rating"],
    }
    /// Hint: choose a product matching the risk tolerance.
    HINT_CHOOSE_MATCHING_RISK = "eligibility.hint.choose_matching_risk" {
        zh: "请选择与您风险承受能力相匹配的产品",
        en: "choose a product matching your risk tolerance",
    }
    /// Hint: the product is not rated.
    HINT_NOT_RATED = "eligibility.hint.not_rated" {
        zh: "产品缺少风险等级",
        en: "the product is not rated",
    }
    /// Hint: the product lists no occupation classes.
    HINT_NO_OCCUPATION_CLASSES = "eligibility.hint.no_occupation_classes" {
        zh: "产品未列明承保职业类别",
        en: "the product lists no occupation classes",
    }
    /// Hint: the occupation class is not covered.
    HINT_OCCUPATION_CLASS_NOT_COVERED = "eligibility.hint.occupation_class_not_covered" {
        zh: "本产品不承保该职业类别",
        en: "this product does not cover the occupation class",
    }

    /// Summary: eligible.
    SUMMARY_ELIGIBLE = "eligibility.summary.eligible" { zh: "符合条件", en: "eligible" }
    /// Summary: the rule set is not in effect.
    SUMMARY_NOT_IN_EFFECT = "eligibility.summary.not_in_effect" {
        zh: "暂不提供，办理条件尚未生效",
        en: "not offered: the conditions are not in effect on this date",
    }
    /// Summary: one rule failed.
    SUMMARY_ONE_FAILED = "eligibility.summary.one_failed" {
        zh: "不符合条件，有1项条件未满足",
        en: "not eligible: 1 condition not met",
    }
    /// Summary: several rules failed.
    SUMMARY_FAILED = "eligibility.summary.failed" {
        zh: "不符合条件，有{count}项条件未满足",
        en: "not eligible: {count} conditions not met",
        params: ["count"],
    }
    /// Summary: inputs are missing.
    SUMMARY_UNKNOWN = "eligibility.summary.unknown" {
        zh: "信息不足，无法判断，缺少{fields}",
        en: "cannot decide: missing {fields}",
        params: ["fields"],
    }
    /// Summary of an ineligible decision that becomes eligible by waiting.
    SUMMARY_ELIGIBLE_FROM = "eligibility.summary.eligible_from" {
        zh: "{summary}；{date}起符合条件",
        en: "{summary}; eligible from {date}",
        params: ["summary", "date"],
    }
    /// Notice: the rule set is not in effect.
    NOTICE_NOT_IN_EFFECT = "eligibility.notice.not_in_effect" {
        zh: "办理条件在查询日期尚未生效，暂不提供",
        en: "the conditions are not in effect on the date of this check: not offered",
    }
}

/// Renders `held` / `unnamed` with the product's name in each language, or the unnamed entry
/// where no name is known.
pub fn with_product(
    named: &Message,
    unnamed: &Message,
    name: Option<&LocalizedText>,
    lang: Lang,
) -> smol_str::SmolStr {
    match name {
        Some(n) => named.text(lang, &[("product", n.get(lang))]),
        None => unnamed.text(lang, &[]),
    }
}

/// The message in both languages, with arguments that depend on the language (names, amounts,
/// dates).
pub fn both<F, A, V>(message: &Message, args: F) -> LocalizedText
where
    F: Fn(Lang) -> A,
    A: AsRef<[(&'static str, V)]>,
    V: AsRef<str>,
{
    in_langs(super::Langs::BOTH, message, args)
}

/// The message in the languages asked for, with arguments that depend on the language (names,
/// amounts, dates); the arguments are made only for the languages rendered.
pub fn in_langs<F, A, V>(langs: super::Langs, message: &Message, args: F) -> LocalizedText
where
    F: Fn(Lang) -> A,
    A: AsRef<[(&'static str, V)]>,
    V: AsRef<str>,
{
    langs.text(|lang| message.text_with(lang, args(lang).as_ref()))
}
