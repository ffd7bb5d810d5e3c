//! The courier profile as a record: the core's profile document, field for field.

use crate::error::{map_at, WaystationError};
use crate::time::ChinaDate;
use serde::Serialize;
use std::fmt;
use waystation_core::error::Error;
use waystation_core::profile::{self, KycLevel, Need, Occupation, Province, RiskAssessment};
use waystation_core::time::ChinaTime;

/// What the bank knows about a courier. Every field may be missing: a decision then says which
/// input it needs. The same fields as the core's JSON profile document, which this record is
/// turned into and validated as (so errors carry the same paths: `profile.resident_id`).
///
/// Printed (Kotlin's `toString`, Swift's `description`, Python's `str` and `repr`), the personal
/// data is masked as in every answer: `resident_id: 3701**********2017`, `employer_code:
/// 9137**********7K58`, `monthly_income_fen: ***`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, uniffi::Record)]
#[uniffi::export(Debug, Display)]
pub struct CourierProfile {
    /// Resident ID number (GB 11643). Personal data: never logged.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<String>,
    /// Occupation.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<Occupation>,
    /// Employer's unified social credit code. Personal data.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer_code: Option<String>,
    /// First day of employment.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employment_start: Option<ChinaDate>,
    /// Province of work.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<Province>,
    /// City of work, as written in the catalogue (e.g. `济南`).
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Monthly income in fen. Personal data.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_income_fen: Option<i64>,
    /// Ids of products already held; missing means "not known".
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_products: Option<Vec<String>>,
    /// Latest risk-tolerance assessment.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<RiskAssessment>,
    /// Instants of every assessment taken.
    #[uniffi(default)]
    pub assessment_history: Vec<ChinaTime>,
    /// KYC level.
    #[uniffi(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kyc_level: Option<KycLevel>,
    /// Stated needs.
    #[uniffi(default)]
    pub needs: Vec<Need>,
    /// The courier asked for non-personalised recommendations.
    #[uniffi(default)]
    pub personalisation_opt_out: bool,
}

impl CourierProfile {
    /// The core profile, validated by the core as its JSON document (errors at `profile.…`).
    pub(crate) fn to_core(&self) -> Result<profile::CourierProfile, WaystationError> {
        let value = serde_json::to_value(self)
            .map_err(|e| Error::invalid("profile", format!("cannot be read: {e}")))
            .map_err(WaystationError::from)?;
        profile::CourierProfile::from_value(&value).map_err(map_at("profile"))
    }
}

/// The profile as the core prints it, personal data masked (the ID number and the employer's
/// code keep four characters at each end; the income is not shown), for logs and debuggers on
/// every platform; a profile the core refuses prints as that error, which quotes no value.
impl fmt::Debug for CourierProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_core() {
            Ok(core) => fmt::Debug::fmt(&core, f),
            Err(e) => write!(f, "CourierProfile {{ invalid: {e} }}"),
        }
    }
}

/// As [`fmt::Debug`]: what a platform prints for the record never shows personal data.
impl fmt::Display for CourierProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_a_profile_masks_its_personal_data() {
        let p = CourierProfile {
            resident_id: Some("370102199506122017".into()),
            employer_code: Some("91370102MA3C4U7K58".into()),
            monthly_income_fen: Some(680_000),
            city: Some("济南".into()),
            ..CourierProfile::default()
        };
        let invalid = CourierProfile {
            resident_id: Some("370102199506122018".into()), // wrong check character
            ..p.clone()
        };
        let printed = format!("{invalid:?}");
        assert!(printed.contains("invalid"), "{printed}");
        assert!(!printed.contains("199506122"), "{printed}");
        for text in [format!("{p:?}"), p.to_string(), format!("{p:#?}")] {
            for secret in ["199506122", "02MA3C4U", "680000", "680_000"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
            assert!(text.contains("3701**********2017"), "{text}");
            assert!(text.contains("济南"), "{text}");
        }
    }
}
