//! The end-user message of every public error, and the names of the fields a user fills in,
//! by which errors say what to correct.

use super::Message;

messages! {
    /// Something the user entered is not valid, with no more precise field known.
    ERROR_INVALID_INPUT = "error.invalid_input" {
        zh: "填写的信息有误，请检查后重试",
        en: "Some of the information entered is not valid. Please check it and try again.",
    }
    /// A named field the user entered is not valid.
    ERROR_INVALID_FIELD = "error.invalid_field" {
        zh: "{field}有误，请检查后重试",
        en: "The {field} is not valid. Please check it and try again.",
        params: ["field"],
    }
    /// Data the app loaded (a catalogue, a bundle, a rule set) is not valid: not the user's fault.
    ERROR_INVALID_DATA = "error.invalid_data" {
        zh: "驿站数据有误，暂时无法使用，请稍后再试",
        en: "The station data is not valid and cannot be used right now. Please try again later.",
    }
    /// A request the app built is not valid JSON, or not of its shape (a member twice, a
    /// trailing comma): the app's fault, which the user cannot correct.
    ERROR_INVALID_REQUEST = "error.invalid_request" {
        zh: "应用出现问题，暂时无法完成，请稍后再试",
        en: "Something went wrong in the app. Please try again later.",
    }
    /// A signed catalogue bundle failed its signature or trust check.
    ERROR_BUNDLE_UNTRUSTED = "error.bundle_untrusted" {
        zh: "驿站数据未通过安全校验，已停止使用",
        en: "The station data failed its security check and is not used.",
    }
    /// A signed catalogue bundle has expired.
    ERROR_BUNDLE_EXPIRED = "error.bundle_expired" {
        zh: "驿站数据已过期，请联网更新",
        en: "The station data has expired. Please connect to update it.",
    }
    /// A signed catalogue bundle is older than the one in use, or dated in the future.
    ERROR_BUNDLE_OUTDATED = "error.bundle_outdated" {
        zh: "收到的驿站数据不是最新版本，已继续使用当前数据",
        en: "The station data received is not the latest version; the current data stays in use.",
    }
    /// Something asked for does not exist (no more precise kind known).
    ERROR_NOT_FOUND = "error.not_found" {
        zh: "没有找到要查看的内容",
        en: "What you asked for could not be found.",
    }
    /// No such station.
    ERROR_NOT_FOUND_STATION = "error.not_found.station" {
        zh: "没有找到这个驿站，它可能已停用",
        en: "This station could not be found; it may no longer be in service.",
    }
    /// No such branch.
    ERROR_NOT_FOUND_BRANCH = "error.not_found.branch" {
        zh: "没有找到这个网点或分行",
        en: "This outlet or branch could not be found.",
    }
    /// No such service.
    ERROR_NOT_FOUND_SERVICE = "error.not_found.service" {
        zh: "没有这项服务",
        en: "There is no such service.",
    }
    /// No such station theme.
    ERROR_NOT_FOUND_THEME = "error.not_found.theme" {
        zh: "没有这个主题驿站",
        en: "There is no such station theme.",
    }
    /// No such product.
    ERROR_NOT_FOUND_PRODUCT = "error.not_found.product" {
        zh: "没有找到这款产品",
        en: "This product could not be found.",
    }
    /// No such event.
    ERROR_NOT_FOUND_EVENT = "error.not_found.event" {
        zh: "没有找到这场活动",
        en: "This event could not be found.",
    }
    /// The catalogue carries no such programme.
    ERROR_NOT_FOUND_PROGRAMME = "error.not_found.programme" {
        zh: "这里暂未开展这项活动",
        en: "This programme is not offered here yet.",
    }
    /// No rule set is in effect for a product on the day asked about.
    ERROR_NOT_FOUND_RULE_SET = "error.not_found.rule_set" {
        zh: "这款产品在所选日期没有生效的办理条件",
        en: "This product has no terms in effect on the date chosen.",
    }
    /// The catalogue carries no product catalogue.
    ERROR_NOT_FOUND_PRODUCT_CATALOGUE = "error.not_found.product_catalogue" {
        zh: "这里暂未提供金融产品信息",
        en: "No financial product information is offered here yet.",
    }
    /// A signed bundle's key is not among the trusted keys.
    ERROR_NOT_FOUND_TRUSTED_KEY = "error.not_found.trusted_key" {
        zh: "驿站数据的签名来源不受信任，已停止使用",
        en: "The station data is signed by an unknown source and is not used.",
    }
    /// A holiday calendar year the answer needs is not loaded.
    ERROR_CALENDAR_UNKNOWN = "error.calendar_unknown" {
        zh: "暂时没有{year}年的节假日安排，无法确定那天的营业时间",
        en: "The {year} holiday schedule is not available yet, so the opening hours on that day cannot be confirmed.",
        params: ["year"],
    }
    /// A stated limit was exceeded.
    ERROR_LIMIT_EXCEEDED = "error.limit_exceeded" {
        zh: "请求的内容太多，请缩小范围后重试",
        en: "The request is too large. Please narrow it down and try again.",
    }
    /// Something this version does not support.
    ERROR_UNSUPPORTED = "error.unsupported" {
        zh: "当前版本暂不支持，请更新应用后重试",
        en: "This version does not support this yet. Please update the app and try again.",
    }

    /// The resident identity card number.
    FIELD_RESIDENT_ID = "field.resident_id" { zh: "身份证号码", en: "resident ID number" }
    /// The employer's unified social credit code.
    FIELD_EMPLOYER_CODE = "field.employer_code" {
        zh: "用人单位统一社会信用代码",
        en: "employer's unified social credit code",
    }
    /// A unified social credit code.
    FIELD_CREDIT_CODE = "field.credit_code" { zh: "统一社会信用代码", en: "unified social credit code" }
    /// The occupation.
    FIELD_OCCUPATION = "field.occupation" { zh: "职业", en: "occupation" }
    /// The date the current employment started.
    FIELD_EMPLOYMENT_START = "field.employment_start" { zh: "入职日期", en: "employment start date" }
    /// The province of work.
    FIELD_PROVINCE = "field.province" { zh: "工作省份", en: "province of work" }
    /// The city of work.
    FIELD_CITY = "field.city" { zh: "工作城市", en: "city of work" }
    /// The monthly income.
    FIELD_MONTHLY_INCOME = "field.monthly_income_fen" { zh: "月收入", en: "monthly income" }
    /// The products already held.
    FIELD_HELD_PRODUCTS = "field.held_products" { zh: "已持有的产品", en: "products already held" }
    /// The risk assessment.
    FIELD_RISK_ASSESSMENT = "field.risk_assessment" { zh: "风险测评结果", en: "risk assessment" }
    /// The date of past risk assessments.
    FIELD_ASSESSMENT_HISTORY = "field.assessment_history" { zh: "风险测评记录", en: "risk assessment history" }
    /// The identity verification level.
    FIELD_KYC_LEVEL = "field.kyc_level" { zh: "实名认证等级", en: "identity verification level" }
    /// The needs stated.
    FIELD_NEEDS = "field.needs" { zh: "需求", en: "needs" }
    /// A position on the map.
    FIELD_POSITION = "field.position" { zh: "位置", en: "location" }
    /// The latitude of a position.
    FIELD_LATITUDE = "field.lat" { zh: "纬度", en: "latitude" }
    /// The longitude of a position.
    FIELD_LONGITUDE = "field.lon" { zh: "经度", en: "longitude" }
    /// A coordinate system.
    FIELD_DATUM = "field.datum" { zh: "坐标系", en: "coordinate system" }
    /// The search radius.
    FIELD_RADIUS = "field.radius_m" { zh: "搜索范围", en: "search radius" }
    /// The number of results asked for.
    FIELD_LIMIT = "field.limit" { zh: "结果数量", en: "number of results" }
    /// A point in time.
    FIELD_TIME = "field.time" { zh: "时间", en: "time" }
    /// A date.
    FIELD_DATE = "field.date" { zh: "日期", en: "date" }
    /// Opening hours.
    FIELD_OPENING_HOURS = "field.opening_hours" { zh: "营业时间", en: "opening hours" }
    /// A language choice.
    FIELD_LANG = "field.lang" { zh: "语言", en: "language" }
}
