//! The courier profile as a record: the core's profile document, field for field.

use crate::error::{map_at, WaystationError};
use crate::time::ChinaDate;
use serde::Serialize;
use waystation_core::error::Error;
use waystation_core::profile::{self, KycLevel, Need, Occupation, Province, RiskAssessment};
use waystation_core::time::ChinaTime;

/// What the bank knows about a courier. Every field may be missing: a decision then says which
/// input it needs. The same fields as the core's JSON profile document, which this record is
/// turned into and validated as (so errors carry the same paths: `profile.resident_id`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, uniffi::Record)]
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
