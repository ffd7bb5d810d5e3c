//! The courier profile: the inputs of eligibility and matching.
//!
//! Every field is optional: a criterion that needs a missing field evaluates to *unknown* and
//! names the field. The profile holds personal data (resident ID number, employer, income):
//! its `Debug` output masks them, and no error of this module quotes them.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::lang::LocalizedText;
use crate::words::Message;

use crate::identity::{IdentityWarning, ResidentId, Sex, UnifiedCreditCode};
pub use crate::province::Province;
use crate::time::ChinaTime;

/// Occupation of an outdoor worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occupation {
    /// Express courier (快递员).
    ExpressCourier,
    /// Instant-delivery rider, e.g. food delivery (即时配送骑手).
    InstantDeliveryRider,
    /// Ride-hailing driver (网约车司机).
    RideHailingDriver,
    /// Any other outdoor worker (其他户外劳动者).
    OtherOutdoorWorker,
}

impl Occupation {
    /// Every occupation, in declaration order.
    pub const ALL: [Occupation; 4] = [
        Occupation::ExpressCourier,
        Occupation::InstantDeliveryRider,
        Occupation::RideHailingDriver,
        Occupation::OtherOutdoorWorker,
    ];

    /// The snake_case name used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Occupation::ExpressCourier => "express_courier",
            Occupation::InstantDeliveryRider => "instant_delivery_rider",
            Occupation::RideHailingDriver => "ride_hailing_driver",
            Occupation::OtherOutdoorWorker => "other_outdoor_worker",
        }
    }

    /// Human name in zh-CN and en.
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            Occupation::ExpressCourier => ("快递员", "express courier"),
            Occupation::InstantDeliveryRider => ("即时配送骑手", "instant-delivery rider"),
            Occupation::RideHailingDriver => ("网约车司机", "ride-hailing driver"),
            Occupation::OtherOutdoorWorker => ("其他户外劳动者", "other outdoor worker"),
        };
        LocalizedText::new(zh, en)
    }
}

/// A need the courier states; products declare which needs they serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Saving and investing.
    Save,
    /// Borrowing.
    Borrow,
    /// Protection (insurance).
    Protect,
    /// Paying and receiving money.
    Pay,
    /// Learning about finance.
    Learn,
}

impl Need {
    /// Human name in zh-CN and en.
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            Need::Save => ("储蓄理财", "saving"),
            Need::Borrow => ("借款", "borrowing"),
            Need::Protect => ("保障", "protection"),
            Need::Pay => ("支付", "payments"),
            Need::Learn => ("学习金融知识", "learning"),
        };
        LocalizedText::new(zh, en)
    }
}

/// Customer due-diligence (KYC) level, ordered from least to most verified.
///
/// Roughly: `basic` is enough for a class III account, `verified` (identity checked remotely
/// against a bound bank card or by face recognition) for class II, `full` (verified in person)
/// for class I.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KycLevel {
    /// No verification.
    None,
    /// Identity document and phone number checked.
    Basic,
    /// Identity verified remotely.
    Verified,
    /// Identity verified in person at an outlet.
    Full,
}

impl KycLevel {
    /// The words for this level, from the message catalogue (`eligibility.kyc_level.*`).
    pub fn words(self) -> &'static Message {
        use crate::words::eligibility as w;
        match self {
            KycLevel::None => &w::KYC_LEVEL_NONE,
            KycLevel::Basic => &w::KYC_LEVEL_BASIC,
            KycLevel::Verified => &w::KYC_LEVEL_VERIFIED,
            KycLevel::Full => &w::KYC_LEVEL_FULL,
        }
    }

    /// Human name in zh-CN and en: [`KycLevel::words`] in both languages.
    pub fn label(self) -> LocalizedText {
        self.words().localized(&[])
    }
}

/// Investor risk-tolerance grade from a suitability assessment, C1 (lowest) to C5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskGrade {
    /// Conservative.
    C1,
    /// Cautious.
    C2,
    /// Balanced.
    C3,
    /// Growth.
    C4,
    /// Aggressive.
    C5,
}

impl RiskGrade {
    /// Every grade from lowest to highest.
    pub const ALL: [RiskGrade; 5] = [
        RiskGrade::C1,
        RiskGrade::C2,
        RiskGrade::C3,
        RiskGrade::C4,
        RiskGrade::C5,
    ];

    /// `"C1"` … `"C5"`.
    pub fn code(self) -> &'static str {
        match self {
            RiskGrade::C1 => "C1",
            RiskGrade::C2 => "C2",
            RiskGrade::C3 => "C3",
            RiskGrade::C4 => "C4",
            RiskGrade::C5 => "C5",
        }
    }
}

/// Product risk rating, R1 (lowest) to R5 (also written PR1–PR5): the scale a courier's
/// [`RiskGrade`] is matched against (a product suits grades at least as high as its rating).
/// Products carry it (`products::ProductRisk`, also re-exported as `products::RiskRating`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskRating {
    /// Low risk.
    R1,
    /// Medium-low risk.
    R2,
    /// Medium risk.
    R3,
    /// Medium-high risk.
    R4,
    /// High risk.
    R5,
}

impl RiskRating {
    /// Every rating from lowest to highest.
    pub const ALL: [RiskRating; 5] = [
        RiskRating::R1,
        RiskRating::R2,
        RiskRating::R3,
        RiskRating::R4,
        RiskRating::R5,
    ];

    /// `"R1"` … `"R5"`.
    pub fn code(self) -> &'static str {
        match self {
            RiskRating::R1 => "R1",
            RiskRating::R2 => "R2",
            RiskRating::R3 => "R3",
            RiskRating::R4 => "R4",
            RiskRating::R5 => "R5",
        }
    }
}

/// The latest risk-tolerance assessment of the courier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    /// Resulting grade.
    pub grade: RiskGrade,
    /// When it was taken.
    #[serde(deserialize_with = "crate::json::instant::deserialize")]
    pub assessed_at: ChinaTime,
}

/// A field of [`CourierProfile`], named as in JSON; used to list missing inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    /// `resident_id` (also the source of the birth date).
    ResidentId,
    /// `occupation`.
    Occupation,
    /// `employer_code`.
    EmployerCode,
    /// `employment_start`.
    EmploymentStart,
    /// `province`.
    Province,
    /// `city`.
    City,
    /// `monthly_income_fen`.
    MonthlyIncomeFen,
    /// `held_products`.
    HeldProducts,
    /// `risk_assessment`.
    RiskAssessment,
    /// `kyc_level`.
    KycLevel,
}

impl ProfileField {
    /// The JSON field name.
    pub fn code(self) -> &'static str {
        match self {
            ProfileField::ResidentId => "resident_id",
            ProfileField::Occupation => "occupation",
            ProfileField::EmployerCode => "employer_code",
            ProfileField::EmploymentStart => "employment_start",
            ProfileField::Province => "province",
            ProfileField::City => "city",
            ProfileField::MonthlyIncomeFen => "monthly_income_fen",
            ProfileField::HeldProducts => "held_products",
            ProfileField::RiskAssessment => "risk_assessment",
            ProfileField::KycLevel => "kyc_level",
        }
    }

    /// The name of this input, from the message catalogue (`field.*`), as the error messages
    /// name the same field.
    pub fn words(self) -> &'static Message {
        use crate::words::errors as e;
        match self {
            ProfileField::ResidentId => &e::FIELD_RESIDENT_ID,
            ProfileField::Occupation => &e::FIELD_OCCUPATION,
            ProfileField::EmployerCode => &e::FIELD_EMPLOYER_CODE,
            ProfileField::EmploymentStart => &e::FIELD_EMPLOYMENT_START,
            ProfileField::Province => &e::FIELD_PROVINCE,
            ProfileField::City => &e::FIELD_CITY,
            ProfileField::MonthlyIncomeFen => &e::FIELD_MONTHLY_INCOME,
            ProfileField::HeldProducts => &e::FIELD_HELD_PRODUCTS,
            ProfileField::RiskAssessment => &e::FIELD_RISK_ASSESSMENT,
            ProfileField::KycLevel => &e::FIELD_KYC_LEVEL,
        }
    }

    /// Human name in zh-CN and en: [`ProfileField::words`] in both languages.
    pub fn label(self) -> LocalizedText {
        self.words().localized(&[])
    }
}

/// The inputs about one courier. All fields may be missing.
///
/// JSON (every field optional):
/// ```json
/// { "resident_id": "11010519491231002X", "occupation": "express_courier",
///   "employer_code": "9144030071526726XG", "employment_start": "2024-03-01",
///   "province": "shandong", "city": "济南", "monthly_income_fen": 650000,
///   "held_products": ["courier_debit_card"],
///   "risk_assessment": { "grade": "c3", "assessed_at": "2026-01-10T10:00:00+08:00" },
///   "assessment_history": ["2026-01-10T10:00:00+08:00"], "kyc_level": "verified",
///   "needs": ["save", "protect"], "personalisation_opt_out": false }
/// ```
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourierProfile {
    /// Resident ID number (GB 11643); birth date and sex derive from it. Personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<ResidentId>,
    /// Occupation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<Occupation>,
    /// Employer's unified social credit code (accepted leniently). Personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer_code: Option<UnifiedCreditCode>,
    /// First day of employment (China calendar date), in the years
    /// [`MIN_YEAR`](crate::calendar::MIN_YEAR)..=[`MAX_YEAR`](crate::calendar::MAX_YEAR).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "date_in_range"
    )]
    pub employment_start: Option<NaiveDate>,
    /// Province of work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Province>,
    /// City of work, as written in the catalogue (e.g. `"济南"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Monthly income in fen (non-negative). Personal data.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_income"
    )]
    pub monthly_income_fen: Option<i64>,
    /// Ids of products already held; missing means "not known".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_products: Option<BTreeSet<String>>,
    /// Latest risk-tolerance assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<RiskAssessment>,
    /// Instants of every assessment taken (for frequency limits); the latest assessment counts
    /// even when not repeated here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::json::instant::list::deserialize")]
    pub assessment_history: Vec<ChinaTime>,
    /// KYC level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kyc_level: Option<KycLevel>,
    /// Stated needs.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub needs: BTreeSet<Need>,
    /// The courier asked for non-personalised recommendations.
    #[serde(default)]
    pub personalisation_opt_out: bool,
}

impl fmt::Debug for CourierProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CourierProfile")
            .field("resident_id", &self.resident_id)
            .field("occupation", &self.occupation)
            .field("employer_code", &self.employer_code)
            .field("employment_start", &self.employment_start)
            .field("province", &self.province)
            .field("city", &self.city)
            .field(
                "monthly_income_fen",
                &self.monthly_income_fen.map(|_| Redacted),
            )
            .field("held_products", &self.held_products)
            .field("risk_assessment", &self.risk_assessment)
            .field("assessment_history", &self.assessment_history)
            .field("kyc_level", &self.kyc_level)
            .field("needs", &self.needs)
            .field("personalisation_opt_out", &self.personalisation_opt_out)
            .finish()
    }
}

/// Stands for a redacted value in `Debug` output.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Reads an optional date whose year lies in the calendar's range (a year 0 or 9999 start is a
/// typing error, and far dates only make date arithmetic overflow).
fn date_in_range<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    use crate::calendar::{MAX_YEAR, MIN_YEAR};
    use chrono::Datelike as _;
    let date = crate::json::date::option::deserialize(d)?;
    match date {
        Some(date) if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) => {
            Err(serde::de::Error::custom(format!(
                "year {} is outside {MIN_YEAR}..={MAX_YEAR}",
                date.year()
            )))
        }
        _ => Ok(date),
    }
}

/// One problem in a profile document, located by its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldProblem {
    /// Path of the field, e.g. `resident_id` (empty for the document itself).
    pub path: String,
    /// What is wrong (never the value of a personal-data field).
    pub message: String,
}

/// Why a profile document was rejected. Never contains personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// Not well-formed JSON.
    #[error("courier profile is not valid JSON at line {line}, column {column}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Well-formed JSON with invalid fields.
    #[error("invalid courier profile: {}", format_problems(.problems))]
    Invalid {
        /// Every problem found, by path.
        problems: Vec<FieldProblem>,
    },
}

fn format_problems(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| {
            if p.path.is_empty() {
                p.message.clone()
            } else {
                format!("{}: {}", p.path, p.message)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A warning about an accepted profile field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileWarning {
    /// The field concerned.
    pub field: ProfileField,
    /// What to know about it.
    pub warning: IdentityWarning,
}

impl ProfileWarning {
    /// Its entry in the [message catalogue](crate::words): what a person reads about it (the
    /// field and the warning are codes, for programs).
    ///
    /// ```
    /// use waystation::lang::Lang;
    /// use waystation::profile::CourierProfile;
    /// // A legacy 15-digit number, accepted and converted.
    /// let p = CourierProfile::from_json(r#"{"resident_id": "110105900307123"}"#).unwrap();
    /// let w = p.warnings();
    /// assert_eq!(w[0].words().render(Lang::ZhCn, &[]), "15位旧身份证号码已按规则升级为18位");
    /// ```
    pub fn words(&self) -> &'static Message {
        use crate::words::eligibility as w;
        match self.warning {
            IdentityWarning::ResidentIdUnknownRegion => &w::WARNING_RESIDENT_ID_UNKNOWN_REGION,
            IdentityWarning::ResidentIdUpgradedFromLegacy => &w::WARNING_RESIDENT_ID_UPGRADED,
            IdentityWarning::CreditCodeUnknownRegion => &w::WARNING_CREDIT_CODE_UNKNOWN_REGION,
            IdentityWarning::CreditCodeChecksumIgnored => &w::WARNING_CREDIT_CODE_CHECKSUM_IGNORED,
            IdentityWarning::CreditCodeOrganisationCheckMismatch => {
                &w::WARNING_CREDIT_CODE_ORGANISATION_CHECK
            }
        }
    }
}

impl CourierProfile {
    /// Parses a profile document, reporting every invalid field by path.
    ///
    /// Unknown fields are rejected. Error messages never quote the value of a personal-data
    /// field (resident ID, employer code, income).
    ///
    /// ```
    /// use waystation::profile::{CourierProfile, ProfileError};
    /// let p = CourierProfile::from_json(r#"{"occupation": "express_courier"}"#).unwrap();
    /// assert!(p.resident_id.is_none());
    /// let e = CourierProfile::from_json(r#"{"occupation": "pilot", "age": 3}"#).unwrap_err();
    /// let ProfileError::Invalid { problems } = e else { panic!() };
    /// assert_eq!(problems[0].path, "age");
    /// assert_eq!(problems[1].path, "occupation");
    /// ```
    pub fn from_json(json: &str) -> Result<CourierProfile, ProfileError> {
        crate::json::check(json).map_err(|e| {
            if e.syntax {
                ProfileError::Syntax {
                    line: e.line,
                    column: e.column,
                }
            } else {
                ProfileError::Invalid {
                    problems: vec![FieldProblem {
                        path: e.path,
                        message: e.message,
                    }],
                }
            }
        })?;
        let value: Value = serde_json::from_str(json).map_err(|e| ProfileError::Syntax {
            line: e.line(),
            column: e.column(),
        })?;
        Self::from_value(&value)
    }

    /// Like [`CourierProfile::from_json`], from an already parsed JSON value.
    pub fn from_value(value: &Value) -> Result<CourierProfile, ProfileError> {
        let Some(object) = value.as_object() else {
            return Err(ProfileError::Invalid {
                problems: vec![FieldProblem {
                    path: String::new(),
                    message: "a courier profile is a JSON object".to_string(),
                }],
            });
        };
        let mut problems = Vec::new();
        // Each field alone: every other field is optional, so an error is that field's.
        for (key, field_value) in object {
            let mut single = serde_json::Map::new();
            single.insert(key.clone(), field_value.clone());
            let single = Value::Object(single);
            if let Err(e) = crate::json::from_value::<CourierProfile>(&single) {
                problems.push(FieldProblem {
                    path: key.clone(),
                    message: crate::json::without_value(&strip_position(&e.to_string())),
                });
            }
        }
        if !problems.is_empty() {
            return Err(ProfileError::Invalid { problems });
        }
        crate::json::from_value(value).map_err(|e| ProfileError::Invalid {
            problems: vec![FieldProblem {
                path: String::new(),
                message: crate::json::without_value(&strip_position(&e.to_string())),
            }],
        })
    }

    /// Birth date, from the resident ID number.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.resident_id.as_ref().map(ResidentId::birth_date)
    }

    /// Sex, from the resident ID number.
    pub fn sex(&self) -> Option<Sex> {
        self.resident_id.as_ref().map(ResidentId::sex)
    }

    /// Warnings about accepted identity numbers (unknown region, legacy number, checksum
    /// ignored for the employer code).
    pub fn warnings(&self) -> Vec<ProfileWarning> {
        let mut out = Vec::new();
        if let Some(id) = &self.resident_id {
            out.extend(id.warnings().into_iter().map(|warning| ProfileWarning {
                field: ProfileField::ResidentId,
                warning,
            }));
        }
        if let Some(code) = &self.employer_code {
            out.extend(code.warnings().into_iter().map(|warning| ProfileWarning {
                field: ProfileField::EmployerCode,
                warning,
            }));
        }
        out
    }

    /// Every assessment instant known: the history plus the latest assessment, sorted, without
    /// duplicates.
    pub fn assessment_instants(&self) -> Vec<ChinaTime> {
        let mut all: Vec<ChinaTime> = self.assessment_history.clone();
        if let Some(a) = &self.risk_assessment {
            all.push(a.assessed_at);
        }
        all.sort();
        all.dedup();
        all
    }
}

/// Drops serde_json's " at line L column C" suffix, meaningless for a single field.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

fn deserialize_income<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<IncomeFen>::deserialize(d).map(|o| o.map(|i| i.0))
}

/// Income in fen, deserialised without ever echoing the value in an error.
struct IncomeFen(i64);

impl<'de> Deserialize<'de> for IncomeFen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IncomeVisitor)
    }
}

struct IncomeVisitor;

const INCOME_EXPECTED: &str = "a non-negative integer amount in fen";

impl Visitor<'_> for IncomeVisitor {
    type Value = IncomeFen;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(INCOME_EXPECTED)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<IncomeFen, E> {
        if v < 0 {
            Err(E::custom(format!("expected {INCOME_EXPECTED}")))
        } else {
            Ok(IncomeFen(v))
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<IncomeFen, E> {
        i64::try_from(v)
            .map(IncomeFen)
            .map_err(|_| E::custom(format!("expected {INCOME_EXPECTED}")))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<IncomeFen, E> {
        Err(E::custom(format!(
            "expected {INCOME_EXPECTED} (money is integer fen, not a decimal)"
        )))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<IncomeFen, E> {
        Err(E::custom(format!("expected {INCOME_EXPECTED}")))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<IncomeFen, E> {
        Err(E::custom(format!("expected {INCOME_EXPECTED}")))
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    const FULL: &str = r#"{
        "resident_id": "11010519491231002X",
        "occupation": "express_courier",
        "employer_code": "9144030071526726XG",
        "employment_start": "2024-03-01",
        "province": "shandong",
        "city": "济南",
        "monthly_income_fen": 654321,
        "held_products": ["courier_debit_card"],
        "risk_assessment": {"grade": "c3", "assessed_at": "2026-01-10T10:00:00+08:00"},
        "assessment_history": ["2025-01-10T10:00:00+08:00"],
        "kyc_level": "verified",
        "needs": ["save", "protect"],
        "personalisation_opt_out": false
    }"#;

    #[test]
    fn full_profile_parses_and_round_trips() {
        let p = CourierProfile::from_json(FULL).unwrap();
        assert_eq!(p.occupation, Some(Occupation::ExpressCourier));
        assert_eq!(p.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(p.sex(), Some(Sex::Female));
        assert_eq!(p.monthly_income_fen, Some(654321));
        assert_eq!(p.assessment_instants().len(), 2);
        let back = serde_json::to_string(&p).unwrap();
        assert_eq!(CourierProfile::from_json(&back).unwrap(), p);
    }

    #[test]
    fn empty_profile_is_valid() {
        assert_eq!(
            CourierProfile::from_json("{}").unwrap(),
            CourierProfile::default()
        );
    }

    #[test]
    fn every_bad_field_is_reported_with_its_path() {
        let e = CourierProfile::from_json(
            r#"{"resident_id": "110105194912310021", "monthly_income_fen": 12.5,
                "kyc_level": "gold", "nickname": "bee"}"#,
        )
        .unwrap_err();
        let ProfileError::Invalid { problems } = e.clone() else {
            panic!("{e}")
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["kyc_level", "monthly_income_fen", "nickname", "resident_id"]
        );
        let text = e.to_string();
        assert!(text.contains("checksum"), "{text}");
        assert!(text.contains("unknown field `nickname`"), "{text}");
        assert!(!text.contains("19491231"), "{text}");
        assert!(!text.contains("12.5"), "{text}");
    }

    #[test]
    fn pii_values_are_never_echoed_in_errors() {
        for doc in [
            r#"{"resident_id": 110105194912310021}"#,
            r#"{"employer_code": 914403007152672611}"#,
            r#"{"employer_code": "9144030071526726IG"}"#,
            r#"{"monthly_income_fen": -654321}"#,
            r#"{"monthly_income_fen": "654321"}"#,
            r#"{"monthly_income_fen": 654321.5}"#,
        ] {
            let e = CourierProfile::from_json(doc).unwrap_err();
            let text = format!("{e} {e:?}");
            for secret in ["19491231", "71526726", "654321"] {
                assert!(!text.contains(secret), "{text}");
            }
        }
    }

    #[test]
    fn syntax_errors_have_a_position() {
        assert_eq!(
            CourierProfile::from_json("{\n  \"city\": }"),
            Err(ProfileError::Syntax {
                line: 2,
                column: 11
            })
        );
        assert!(matches!(
            CourierProfile::from_json("[]"),
            Err(ProfileError::Invalid { .. })
        ));
    }

    #[test]
    fn debug_masks_personal_data() {
        let p = CourierProfile::from_json(FULL).unwrap();
        let text = format!("{p:?}");
        assert!(text.contains("1101**********002X"), "{text}");
        assert!(!text.contains("11010519491231002X"));
        assert!(!text.contains("9144030071526726XG"));
        assert!(!text.contains("654321"));
    }

    #[test]
    fn lenient_employer_code_gives_a_warning() {
        let p = CourierProfile::from_json(r#"{"employer_code": "9144030071526726XH"}"#).unwrap();
        assert_eq!(
            p.warnings(),
            vec![ProfileWarning {
                field: ProfileField::EmployerCode,
                warning: IdentityWarning::CreditCodeChecksumIgnored
            }]
        );
    }

    #[test]
    fn province_codes_round_trip() {
        for p in Province::ALL {
            assert_eq!(Province::from_code(p.code()), Some(*p));
        }
        assert_eq!(Province::ALL.len(), 34);
    }
}
