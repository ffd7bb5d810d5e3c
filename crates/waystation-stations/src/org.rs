//! The organisation: network → provincial branch → second-level branch → outlet, and partners.
//!
//! A station network is data: ICBC's outlets with the Shandong Express Delivery Association as a
//! partner is one catalogue; a trade-union network with its own partners loads the same way.

use crate::geo::Coordinate;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The network a catalogue describes (e.g. ICBC Station).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Stable id.
    pub id: String,
    /// Name in Simplified Chinese, e.g. `工行驿站`.
    pub name_zh: String,
    /// Name in English, e.g. `ICBC Station`.
    pub name_en: String,
}

/// Level of a branch in the bank's hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchLevel {
    /// A provincial branch (省分行), e.g. Shandong.
    Provincial,
    /// A second-level branch (二级分行), usually one per prefecture-level city, e.g. Jinan.
    SecondLevel,
}

/// A branch of the bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// Stable id.
    pub id: String,
    /// Level in the hierarchy.
    pub level: BranchLevel,
    /// The provincial branch a second-level branch belongs to; none for a provincial branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
}

/// An outlet (网点): a physical branch office that may host a station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// Stable id.
    pub id: Text,
    /// The second-level branch the outlet belongs to.
    pub branch: Text,
    /// Name in Simplified Chinese.
    pub name_zh: Text,
    /// Name in English.
    pub name_en: Text,
    /// Street address in Simplified Chinese.
    pub address_zh: Text,
    /// Street address in English.
    pub address_en: Text,
    /// Where the outlet is, in the datum the data came in.
    pub location: Coordinate,
}

/// A partner organisation (e.g. the Shandong Express Delivery Association) and its member units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Stable id.
    pub id: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Member units (courier companies).
    #[serde(default)]
    pub member_units: Vec<MemberUnit>,
}

/// A member unit of a partner, identified by its unified social credit code (GB 32100).
///
/// A company's credit code is public registration data, not personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberUnit {
    /// The 18-character unified social credit code.
    pub credit_code: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
}

/// A theme layered on top of a base station (e.g. the Little Bee courier station).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Stable code, e.g. `little_bee`.
    pub code: String,
    /// Name in Simplified Chinese, e.g. `小蜜蜂驿站`.
    pub name_zh: String,
    /// Name in English, e.g. `Little Bee station`.
    pub name_en: String,
    /// The partner the theme was created with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
}
