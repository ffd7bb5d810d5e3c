//! The core's own records and enums, declared to uniffi as remote types: the definitions below
//! restate the core's fields exactly (the compiler checks them), so no mirror type and no
//! conversion is needed. Field names are the core's (and the JSON's); uniffi writes them in
//! camelCase for Kotlin and Swift.
#![allow(missing_docs)] // restated definitions: the core documents every item

use crate::time::ChinaDate;
use waystation_core::bundles::{BundleMetadata, PayloadFormat};
use waystation_core::calendar::{DayKind, Holiday};
use waystation_core::catalogue::{CatalogueInfo, Problem};
use waystation_core::eligibility::{
    CheckStatus, Citation, CriterionKind, CriterionOutcome, CriterionOutcomes, Decision,
    DecisionStamp, Eligibility, Hint, HintKind, IssueCode, LocalizedText, Notice, NoticeCode,
    ReasonCode, RuleOutcome, RuleOutcomes, RuleStatus, Severity, ValidationIssue,
};
use waystation_core::geo::Datum;
use waystation_core::hours::{Change, OpenStatus};
use waystation_core::identity::{CreditCodeMode, IdentityWarning, Sex};
use waystation_core::lang::Lang;
use waystation_core::matching::{
    CoolingOff, Exclusion, ExclusionReason, FactorCode, MatchEntry, MatchOptions, MatchResult,
    MatchStamp, RankingFactor,
};
use waystation_core::org::{Branch, BranchLevel, Network, Theme};
use waystation_core::products::{
    InsuranceCover, InsuranceTerms, LoanTerms, Product, ProductKind, ProductRisk, RiskRating,
};
use waystation_core::profile::{
    KycLevel, Need, Occupation, ProfileField, Province, RiskAssessment, RiskGrade,
};
use waystation_core::programmes::{
    AmbassadorProgramme, CheckCode, ClaimPeriod, DateRange, EducationEvent, GearClaim,
    GearClaimDecision, GearClaimRules, ProgrammeCheck, ProgrammeStatus, Programmes,
    RegistrationDecision,
};
use waystation_core::requests::{CreditCodeInfo, ResidentIdInfo};
use waystation_core::rollout::{RolloutReport, RolloutRow};
use waystation_core::services::{ServiceDefinition, ServiceKind};
use waystation_core::stations::{
    LifecycleEvent, OpenState, OpeningPeriod, SpecialDay, Stage, StationStatus, StationTheme,
};
use waystation_core::time::ChinaTime;
use waystation_core::SmolStr;

// The core's shared immutable strings cross as plain strings.
uniffi::custom_type!(SmolStr, String, {
    remote,
    lower: |s| s.to_string(),
    try_lift: |s| Ok(SmolStr::from(s)),
});

// A rule's criterion outcomes, shared between decisions in the core, cross as a list.
uniffi::custom_type!(CriterionOutcomes, Vec<CriterionOutcome>, {
    remote,
    lower: |c| c.to_vec(),
    try_lift: |v| Ok(CriterionOutcomes::from(v)),
});

// A decision's rule outcomes, shared between decisions in the core, cross as a list.
uniffi::custom_type!(RuleOutcomes, Vec<RuleOutcome>, {
    remote,
    lower: |r| r.iter().cloned().collect(),
    try_lift: |v| Ok(RuleOutcomes::from(v)),
});

#[uniffi::remote(Enum)]
pub enum InsuranceCover {
    Accident,
    Health,
    Liability,
}

#[uniffi::remote(Enum)]
pub enum Severity {
    Error,
    Warning,
}

#[uniffi::remote(Enum)]
pub enum IssueCode {
    InvalidJson,
    UnknownField,
    InvalidValue,
    EmptyId,
    EmptyVersion,
    DuplicateRuleId,
    MissingDescription,
    MissingSource,
    InvalidEffectiveWindow,
    RuleNeverInEffect,
    EmptyRuleSet,
    TooManyRules,
    TooDeep,
    TooManyCriteria,
    EmptyAll,
    EmptyAny,
    DoubleNegation,
    NoBound,
    ImpossibleRange,
    UnknownParameter,
    EmptyList,
    Contradiction,
    DuplicateProductId,
    DuplicateRuleSetVersion,
    OverlappingRuleSetVersions,
    UnknownRuleSet,
    UnknownProduct,
    InvalidProductTerms,
    MissingRegulatoryCriterion,
    InvalidParameter,
}

#[uniffi::remote(Enum)]
pub enum Datum {
    Wgs84,
    Gcj02,
    Bd09,
}

#[uniffi::remote(Enum)]
pub enum OpenState {
    Open,
    Closed,
    Unknown,
}

#[uniffi::remote(Enum)]
pub enum Stage {
    Planned,
    Pilot,
    Launched,
    Operational,
    Suspended,
    Closed,
}

#[uniffi::remote(Enum)]
pub enum BranchLevel {
    Provincial,
    SecondLevel,
}

#[uniffi::remote(Enum)]
pub enum ServiceKind {
    Base,
    Seasonal,
    Gear,
}

#[uniffi::remote(Enum)]
pub enum DayKind {
    Workday,
    RestDay,
    PublicHoliday,
    MakeupWorkday,
}

#[uniffi::remote(Enum)]
pub enum Sex {
    Male,
    Female,
}

#[uniffi::remote(Enum)]
pub enum IdentityWarning {
    ResidentIdUnknownRegion,
    ResidentIdUpgradedFromLegacy,
    CreditCodeUnknownRegion,
    CreditCodeChecksumIgnored,
    CreditCodeOrganisationCheckMismatch,
}

#[uniffi::remote(Enum)]
pub enum CreditCodeMode {
    Strict,
    Lenient,
}

#[uniffi::remote(Enum)]
pub enum Occupation {
    ExpressCourier,
    InstantDeliveryRider,
    RideHailingDriver,
    OtherOutdoorWorker,
}

#[uniffi::remote(Enum)]
pub enum Need {
    Save,
    Borrow,
    Protect,
    Pay,
    Learn,
}

#[uniffi::remote(Enum)]
pub enum KycLevel {
    None,
    Basic,
    Verified,
    Full,
}

#[uniffi::remote(Enum)]
pub enum RiskGrade {
    C1,
    C2,
    C3,
    C4,
    C5,
}

#[uniffi::remote(Enum)]
pub enum ProfileField {
    ResidentId,
    Occupation,
    EmployerCode,
    EmploymentStart,
    Province,
    City,
    MonthlyIncomeFen,
    HeldProducts,
    RiskAssessment,
    KycLevel,
}

#[uniffi::remote(Enum)]
pub enum ProductKind {
    DebitCard,
    Wealth,
    Payment,
    MicroLoan,
    CreditCard,
    Insurance,
}

#[uniffi::remote(Enum)]
pub enum RiskRating {
    R1,
    R2,
    R3,
    R4,
    R5,
}

#[uniffi::remote(Enum)]
pub enum ExclusionReason {
    Ineligible,
    Unknown,
    AlreadyHeld,
    SeniorHighRisk,
}

#[uniffi::remote(Enum)]
pub enum FactorCode {
    CataloguePriority,
    StatedNeed,
    DesignedForOccupation,
}

#[uniffi::remote(Enum)]
pub enum Eligibility {
    Eligible,
    Ineligible,
    Unknown,
}

#[uniffi::remote(Enum)]
pub enum CheckStatus {
    Passed,
    Failed,
    Unknown,
}

#[uniffi::remote(Enum)]
pub enum RuleStatus {
    Passed,
    Failed,
    Unknown,
    NotInEffect,
}

#[uniffi::remote(Enum)]
pub enum ReasonCode {
    AllPassed,
    SomeFailed,
    SomeUnknown,
    OnePassed,
    NonePassed,
    InnerFailed,
    InnerPassed,
    MissingInput,
    UnknownParameter,
    TooComplex,
    AgeInRange,
    AgeBelowMinimum,
    AgeAboveMaximum,
    TenureReached,
    TenureTooShort,
    OccupationAccepted,
    OccupationNotAccepted,
    EmployerIsMember,
    EmployerNotMember,
    ProvinceAccepted,
    ProvinceNotAccepted,
    CityAccepted,
    CityNotAccepted,
    IncomeReached,
    IncomeTooLow,
    ProductHeld,
    ProductNotHeld,
    ProductAlreadyHeld,
    KycReached,
    KycTooLow,
    AssessmentValid,
    AssessmentExpired,
    AssessmentNotYetTaken,
    AssessmentFrequencyWithinLimits,
    AssessmentFrequencyExceeded,
    GradeCoversRating,
    GradeBelowRating,
    BenefitNotRated,
    OccupationClassCovered,
    OccupationClassNotCovered,
    BenefitWithoutOccupationClasses,
}

#[uniffi::remote(Enum)]
pub enum CriterionKind {
    All,
    Any,
    Not,
    AgeRange,
    TenureAtLeast,
    OccupationIn,
    EmployerIsMember,
    ProvinceIn,
    CityIn,
    IncomeAtLeast,
    HoldsProduct,
    DoesNotHoldProduct,
    KycAtLeast,
    ValidRiskAssessment,
    AssessmentFrequencyWithinLimits,
    RiskGradeCoversProduct,
    OccupationClassCovered,
}

#[uniffi::remote(Enum)]
pub enum NoticeCode {
    RuleSetNotInEffect,
    RuleSetMissing,
    SeniorInvestorExtraCare,
    SeniorHighRiskNotRecommended,
    CoolingOffPeriod,
    AssessmentFrequencyExceeded,
    NotPersonalised,
}

#[uniffi::remote(Enum)]
pub enum HintKind {
    WaitUntil,
    ReachAmount,
    RaiseKycLevel,
    ProvideInput,
    TakeAssessment,
    ObtainProduct,
    ChooseLowerRisk,
    NotAchievable,
}

#[uniffi::remote(Record)]
pub struct Product {
    pub id: String,
    pub kind: ProductKind,
    pub name: LocalizedText,
    pub summary: LocalizedText,
    pub rule_set_id: String,
    pub needs: Vec<Need>,
    pub designed_for: Vec<Occupation>,
    pub priority: i32,
    pub risk: Option<ProductRisk>,
    pub private_placement: bool,
    pub loan: Option<LoanTerms>,
    pub insurance: Option<InsuranceTerms>,
}

#[uniffi::remote(Record)]
pub struct ProductRisk {
    pub issuer_rating: Option<RiskRating>,
    pub seller_rating: Option<RiskRating>,
}

#[uniffi::remote(Record)]
pub struct InsuranceTerms {
    pub cover: InsuranceCover,
    pub covered_occupation_classes: Vec<u8>,
    pub round_the_clock: bool,
}

#[uniffi::remote(Record)]
pub struct ValidationIssue {
    pub path: String,
    pub severity: Severity,
    pub code: IssueCode,
    pub message: String,
}

#[uniffi::remote(Record)]
pub struct Change {
    pub at: ChinaTime,
    pub opens: bool,
}

#[uniffi::remote(Record)]
pub struct OpenStatus {
    pub open: bool,
    pub next_change: Option<Change>,
    pub calendar_unknown_year: Option<i32>,
}

#[uniffi::remote(Record)]
pub struct StationStatus {
    pub state: OpenState,
    pub stage: Option<Stage>,
    pub next_change: Option<Change>,
    pub calendar_unknown_year: Option<i32>,
    pub special_day: Option<SpecialDay>,
}

#[uniffi::remote(Record)]
pub struct CatalogueInfo {
    pub version: String,
    pub sample: bool,
    pub network_id: String,
    pub branches: i32,
    pub outlets: i32,
    pub stations: i32,
    pub services: i32,
    pub products: i32,
    pub calendar_years: Vec<i32>,
}

#[uniffi::remote(Record)]
pub struct SpecialDay {
    pub kind: DayKind,
    pub holiday: String,
    pub name: LocalizedText,
}

#[uniffi::remote(Enum)]
pub enum Lang {
    ZhCn,
    En,
}

#[uniffi::remote(Record)]
pub struct StationTheme {
    pub code: String,
    pub lifecycle: Vec<LifecycleEvent>,
}

#[uniffi::remote(Record)]
pub struct LifecycleEvent {
    pub stage: Stage,
    pub date: ChinaDate,
}

#[uniffi::remote(Record)]
pub struct Branch {
    pub id: String,
    pub level: BranchLevel,
    pub parent: Option<String>,
    pub name_zh: String,
    pub name_en: String,
}

#[uniffi::remote(Record)]
pub struct Network {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

#[uniffi::remote(Record)]
pub struct Theme {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub partner: Option<String>,
}

#[uniffi::remote(Record)]
pub struct ServiceDefinition {
    pub code: String,
    pub kind: ServiceKind,
    pub name_zh: String,
    pub name_en: String,
    pub season: Option<String>,
    pub theme: Option<String>,
}

#[uniffi::remote(Record)]
pub struct RolloutRow {
    pub branch_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub outlets: i32,
    pub with_station: i32,
    pub with_theme: i32,
    pub pilots: i32,
    pub planned: i32,
    pub suspended: i32,
    pub coverage: f64,
    pub theme_coverage: f64,
    pub remaining: i32,
}

#[uniffi::remote(Record)]
pub struct RolloutReport {
    pub as_of: ChinaDate,
    pub theme: String,
    pub branches: Vec<RolloutRow>,
    pub total: RolloutRow,
    pub full_coverage: bool,
}

#[uniffi::remote(Record)]
pub struct Holiday {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub year: i32,
    pub source: String,
    pub days_off: Vec<ChinaDate>,
    pub makeup_workdays: Vec<ChinaDate>,
}

#[uniffi::remote(Record)]
pub struct LocalizedText {
    pub zh: SmolStr,
    pub en: SmolStr,
}

#[uniffi::remote(Record)]
pub struct Exclusion {
    pub reason: ExclusionReason,
    pub message: LocalizedText,
}

#[uniffi::remote(Record)]
pub struct RankingFactor {
    pub code: FactorCode,
    pub points: i64,
    pub message: LocalizedText,
}

#[uniffi::remote(Record)]
pub struct CoolingOff {
    pub hours: i32,
    pub ends_at: ChinaTime,
}

#[uniffi::remote(Record)]
pub struct MatchEntry {
    pub product_id: SmolStr,
    pub kind: ProductKind,
    pub name: LocalizedText,
    pub summary: LocalizedText,
    pub rank: Option<i32>,
    pub score: i64,
    pub factors: Vec<RankingFactor>,
    pub exclusion: Option<Exclusion>,
    pub decision: Decision,
    pub risk_rating: Option<RiskRating>,
    pub extra_care: bool,
    pub cooling_off: Option<CoolingOff>,
    pub loan: Option<LoanTerms>,
    pub notices: Vec<Notice>,
}

#[uniffi::remote(Record)]
pub struct MatchStamp {
    pub catalogue_version: SmolStr,
    pub product_catalogue_version: SmolStr,
    pub as_of: ChinaTime,
}

#[uniffi::remote(Record)]
pub struct MatchResult {
    pub stamp: MatchStamp,
    pub personalised: bool,
    pub recommended: Vec<MatchEntry>,
    pub excluded: Vec<MatchEntry>,
    pub notices: Vec<Notice>,
}

#[uniffi::remote(Record)]
pub struct Notice {
    pub code: NoticeCode,
    pub message: LocalizedText,
}

#[uniffi::remote(Record)]
pub struct Decision {
    pub benefit_id: SmolStr,
    pub status: Eligibility,
    pub summary: LocalizedText,
    pub missing_inputs: Vec<ProfileField>,
    pub hints: Vec<Hint>,
    pub eligible_on: Option<ChinaDate>,
    pub rules: RuleOutcomes,
    pub notices: Vec<Notice>,
    pub stamp: DecisionStamp,
}

#[uniffi::remote(Record)]
pub struct Hint {
    pub kind: HintKind,
    pub date: Option<ChinaDate>,
    pub amount_fen: Option<i64>,
    pub kyc_level: Option<KycLevel>,
    pub product_id: Option<SmolStr>,
    pub input: Option<ProfileField>,
    pub risk_rating: Option<RiskRating>,
    pub message: LocalizedText,
}

#[uniffi::remote(Record)]
pub struct RuleOutcome {
    pub rule_id: SmolStr,
    pub description: LocalizedText,
    pub source: Citation,
    pub status: RuleStatus,
    pub criteria: CriterionOutcomes,
}

#[uniffi::remote(Record)]
pub struct Citation {
    pub document: SmolStr,
    pub provision: Option<SmolStr>,
}

#[uniffi::remote(Record)]
pub struct CriterionOutcome {
    pub path: SmolStr,
    pub depth: i32,
    pub kind: CriterionKind,
    pub status: CheckStatus,
    pub reason: ReasonCode,
    pub actual: Option<SmolStr>,
    pub expected: Option<SmolStr>,
    pub message: LocalizedText,
    pub missing_inputs: Vec<ProfileField>,
    pub hint: Option<Hint>,
}

#[uniffi::remote(Record)]
pub struct DecisionStamp {
    pub rule_set_id: SmolStr,
    pub rule_set_version: SmolStr,
    pub catalogue_version: SmolStr,
    pub as_of: ChinaTime,
}

#[uniffi::remote(Record)]
pub struct LoanTerms {
    pub min_amount_fen: i64,
    pub max_amount_fen: i64,
    pub max_term_months: i32,
}

#[uniffi::remote(Record)]
pub struct MatchOptions {
    #[uniffi(default = true)]
    pub personalised: bool,
    #[uniffi(default)]
    pub kinds: Vec<ProductKind>,
    #[uniffi(default)]
    pub limit: Option<i32>,
    #[uniffi(default)]
    pub lang: Option<Lang>,
}

#[uniffi::remote(Record)]
pub struct RiskAssessment {
    pub grade: RiskGrade,
    pub assessed_at: ChinaTime,
}

#[uniffi::remote(Record)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

#[uniffi::remote(Enum)]
pub enum Province {
    Beijing,
    Tianjin,
    Hebei,
    Shanxi,
    InnerMongolia,
    Liaoning,
    Jilin,
    Heilongjiang,
    Shanghai,
    Jiangsu,
    Zhejiang,
    Anhui,
    Fujian,
    Jiangxi,
    Shandong,
    Henan,
    Hubei,
    Hunan,
    Guangdong,
    Guangxi,
    Hainan,
    Chongqing,
    Sichuan,
    Guizhou,
    Yunnan,
    Tibet,
    Shaanxi,
    Gansu,
    Qinghai,
    Ningxia,
    Xinjiang,
    Taiwan,
    HongKong,
    Macao,
}

// --- identity answers (the same records as the JSON request API's) ---------------------------

#[uniffi::remote(Record)]
pub struct ResidentIdInfo {
    pub masked: String,
    pub birth_date: ChinaDate,
    pub sex: Sex,
    pub province: Option<Province>,
    pub upgraded_from_legacy: bool,
    pub warnings: Vec<IdentityWarning>,
}

#[uniffi::remote(Record)]
pub struct CreditCodeInfo {
    pub masked: String,
    pub checksum_valid: bool,
    pub province: Option<Province>,
    pub warnings: Vec<IdentityWarning>,
}

// --- programmes ------------------------------------------------------------------------------

#[uniffi::remote(Record)]
pub struct Programmes {
    pub gear_claims: Option<GearClaimRules>,
    pub ambassador: Option<AmbassadorProgramme>,
    pub events: Vec<EducationEvent>,
}

#[uniffi::remote(Record)]
pub struct GearClaimRules {
    pub rule_set: String,
    pub period: ClaimPeriod,
    pub per_period: i32,
}

#[uniffi::remote(Enum)]
pub enum ClaimPeriod {
    CalendarYear,
    Season { season: String },
}

#[uniffi::remote(Record)]
pub struct AmbassadorProgramme {
    pub rule_set: String,
}

#[uniffi::remote(Record)]
pub struct EducationEvent {
    pub id: String,
    pub station: String,
    pub title_zh: String,
    pub title_en: String,
    pub starts_at: ChinaTime,
    pub ends_at: ChinaTime,
    pub capacity: i32,
    pub registration_closes_at: Option<ChinaTime>,
    pub rule_set: Option<String>,
}

#[uniffi::remote(Record)]
pub struct GearClaim {
    pub gear_code: String,
    pub station_id: String,
    pub claimed_at: ChinaTime,
}

#[uniffi::remote(Enum)]
pub enum ProgrammeStatus {
    Approved,
    Rejected,
    Unknown,
}

#[uniffi::remote(Enum)]
pub enum CheckCode {
    Eligible,
    StationServing,
    StationOpen,
    InStock,
    InClaimPeriod,
    WithinAllowance,
    RegistrationOpen,
    SeatAvailable,
    NotYetRegistered,
}

#[uniffi::remote(Record)]
pub struct ProgrammeCheck {
    pub code: CheckCode,
    pub passed: Option<bool>,
    pub message: LocalizedText,
}

#[uniffi::remote(Record)]
pub struct DateRange {
    pub first: ChinaDate,
    pub last: ChinaDate,
}

#[uniffi::remote(Record)]
pub struct GearClaimDecision {
    pub status: ProgrammeStatus,
    pub checks: Vec<ProgrammeCheck>,
    pub eligibility: Decision,
    pub period: Option<DateRange>,
    pub next_claim_from: Option<ChinaDate>,
    pub stock: i32,
}

#[uniffi::remote(Record)]
pub struct RegistrationDecision {
    pub status: ProgrammeStatus,
    pub checks: Vec<ProgrammeCheck>,
    pub seats_left: i32,
    pub eligibility: Option<Decision>,
}

// --- signed catalogue bundles ----------------------------------------------------------------

#[uniffi::remote(Record)]
pub struct OpeningPeriod {
    pub open: ChinaTime,
    pub close: ChinaTime,
}

#[uniffi::remote(Enum)]
pub enum PayloadFormat {
    CatalogueJson,
    CatalogueCompact,
}

#[uniffi::remote(Record)]
pub struct BundleMetadata {
    pub key_id: String,
    pub version: i64,
    pub issued_at: ChinaTime,
    pub expires_at: ChinaTime,
    pub payload_format: PayloadFormat,
}
