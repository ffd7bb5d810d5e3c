// ---- waystation domain types (hand-written; appended to the generated .d.ts) ----------------
// Field names are the core's JSON names in camelCase; codes (enum values, service and gear
// codes, map keys that are data) are exactly as in JSON. Inputs also accept snake_case keys.

/** An instant: a `Date`, or an RFC 3339 string such as `"2026-06-10T10:00:00+08:00"`. */
export type Instant = Date | string;
/** An instant in an answer: RFC 3339 in China Standard Time, e.g. `"2026-06-10T10:00:00+08:00"`. */
export type Rfc3339 = string;
/** A calendar date `YYYY-MM-DD` (China date). */
export type IsoDate = string;
/** Text in Simplified Chinese and English. */
export interface LocalizedText { zh: string; en: string; }
/** Language code of worded answers. */
export type Lang = "zh-CN" | "en";

/** What an error thrown by this package carries (`name` is `"WaystationError"`). */
export type WaystationErrorCode =
  | "invalid_input" | "not_found" | "calendar_unknown" | "limit_exceeded" | "unsupported";
/** One problem of an invalid input, located by path. */
export interface Problem { path: string; message: string; }
/** The `Error` thrown by every fallible function: check `code`, then the fields of that code. */
export interface WaystationError extends Error {
  name: "WaystationError";
  code: WaystationErrorCode;
  /** `invalid_input`: where the (first) problem is, e.g. `query.position.lat`; snake_case JSON path. */
  path?: string;
  /** `invalid_input`: every problem found (the first 100, then one entry counting the rest). */
  problems?: Problem[];
  /** `invalid_input` for text that is not (strict) JSON: line and column (from 1) in the text. */
  line?: number;
  column?: number;
  /** `not_found`: what kind of thing (`station`, `branch`, `service`, `theme`, `product`, …). */
  kind?: string;
  /** `not_found`: the id or code asked for. */
  id?: string;
  /** `calendar_unknown`: the holiday calendar year needed. */
  year?: number;
  /** The stable key of the end-user message (`error.invalid_field`; listed in docs/WORDS.md). */
  messageKey: string;
  /** A short message for the person using the app, in zh-CN and en, without codes or ids.
   *  `message` is the developer detail. */
  userMessage: LocalizedText;
}

// ---- place ----------------------------------------------------------------------------------
/** Map datum: WGS-84 (GPS), GCJ-02 (Amap, Tencent), BD-09 (Baidu). */
export type Datum = "wgs84" | "gcj02" | "bd09";
/** A point; always carries its datum. */
export interface Coordinate { lat: number; lon: number; datum: Datum; }

// ---- time -----------------------------------------------------------------------------------
export type DayKind = "workday" | "rest_day" | "public_holiday" | "makeup_workday";
export interface Holiday {
  code: string; nameZh: string; nameEn: string; year: number; source: string;
  daysOff: IsoDate[]; makeupWorkdays: IsoDate[];
}
/** `"HH:MM-HH:MM"`; past midnight allowed (`"22:00-02:00"`), `24:00` as a closing time. */
export type Interval = string;
export type WeekdayCode = "mo" | "tu" | "we" | "th" | "fr" | "sa" | "su";
export type WeeklyHours = { [day in WeekdayCode]?: Interval[] };
export interface DateException { date: IsoDate; intervals?: Interval[]; }
export type HolidayPolicy =
  | { policy: "as_usual" } | { policy: "closed" } | { policy: "hours"; intervals: Interval[] };
export type MakeupPolicy = { policy: "ignored" } | { policy: "as_weekday"; weekday?: WeekdayCode };
/** The structured form of opening hours (as answers give it). */
export interface OpeningHoursRecord {
  weekly: WeeklyHours;
  exceptions: DateException[];
  publicHolidays: HolidayPolicy;
  makeupWorkdays: MakeupPolicy;
}
/** Opening hours as input: OSM `opening_hours` text or the structured form. */
export type OpeningHoursInput =
  | string
  | { weekly: WeeklyHours; exceptions?: DateException[]; publicHolidays?: HolidayPolicy;
      makeupWorkdays?: MakeupPolicy };
/** The station opens (`opens: true`) or closes at `at`. */
export interface Change { at: Rfc3339; opens: boolean; }
export interface OpenStatus { open: boolean; nextChange: Change | null; calendarUnknownYear?: number; }

// ---- catalogue records ----------------------------------------------------------------------
export type Stage = "planned" | "pilot" | "launched" | "operational" | "suspended" | "closed";
export interface LifecycleEvent { stage: Stage; date: IsoDate; }
export interface StationTheme { code: string; lifecycle?: LifecycleEvent[]; }
export interface Station {
  id: string; outlet: string; themes: StationTheme[]; lifecycle: LifecycleEvent[];
  hours: OpeningHoursRecord; services: string[];
  /** Gear in stock by gear code (keys are codes, not renamed). */
  gearStock?: Record<string, number>;
}
export type BranchLevel = "provincial" | "second_level";
export interface Branch { id: string; level: BranchLevel; parent?: string; nameZh: string; nameEn: string; }
export interface Outlet {
  id: string; branch: string; nameZh: string; nameEn: string; addressZh: string; addressEn: string;
  location: Coordinate;
}
export type ServiceKind = "base" | "seasonal" | "gear";
export interface ServiceDefinition {
  code: string; kind: ServiceKind; nameZh: string; nameEn: string; season?: string; theme?: string;
}

// ---- station queries ------------------------------------------------------------------------
export type OpenState = "open" | "closed" | "unknown";
/** One opening period of a station: from `open` to `close` (close may be on the next day). */
export interface OpeningPeriod { open: Rfc3339; close: Rfc3339; }
export interface StationStatus {
  state: OpenState;
  stage: Stage | null;
  nextChange: Change | null;
  /** Set when the answer needs a holiday calendar year that is not loaded. */
  calendarUnknownYear: number | null;
  /** The public holiday or make-up working day that changes that day's hours (null on usual days). */
  specialDay: SpecialDay | null;
}
/** What a catalogue holds, in numbers (`Catalogue.info()`). */
export interface CatalogueInfo {
  version: string; sample: boolean; networkId: string; branches: number; outlets: number;
  stations: number; services: number; products: number; calendarYears: number[];
}
/** A day whose hours differ from the usual weekly hours because of the holiday calendar. */
export interface SpecialDay {
  kind: "public_holiday" | "makeup_workday"; holiday: string; name: LocalizedText;
}
export interface StationDetails {
  station: Station; outlet: Outlet; branches: Branch[]; status: StationStatus;
  servicesNow: ServiceDefinition[]; hoursOsm: string | null;
}
/** The question of `Catalogue.nearby`; defaults: 10 stations, 50 km, open only. */
export interface NearbyQuery {
  position: Coordinate;
  at: Instant;
  /** Service codes the station must have available at `at` (all of them). */
  needs?: string[];
  /** A theme the station must carry, e.g. `little_bee`. */
  theme?: string | null;
  /** 1–100. */
  limit?: number;
  /** Greater than 0, at most 6 000 000. */
  radiusM?: number;
  openOnly?: boolean;
}
export interface NearbyStation {
  stationId: string; outletId: string; nameZh: string; nameEn: string; addressZh: string;
  addressEn: string;
  /** In the query's datum. */
  location: Coordinate;
  distanceM: number; status: StationStatus; servicesNow: string[]; themes: string[];
}
export interface RolloutRow {
  branchId: string; nameZh: string; nameEn: string; outlets: number; withStation: number;
  withTheme: number; pilots: number; planned: number; suspended: number; coverage: number;
  themeCoverage: number; remaining: number;
}
export interface RolloutReport {
  asOf: IsoDate; theme: string; branches: RolloutRow[]; total: RolloutRow; fullCoverage: boolean;
}
/** GeoJSON feature properties, as in the file format (snake_case). */
export interface StationFeatureProperties {
  station_id: string; outlet_id: string; branch: string; name_zh: string; name_en: string;
  address_zh: string; address_en: string;
  themes: { code: string; lifecycle?: LifecycleEvent[] }[];
  lifecycle: LifecycleEvent[];
  hours: {
    weekly: WeeklyHours; exceptions: DateException[]; public_holidays: HolidayPolicy;
    makeup_workdays: MakeupPolicy;
  };
  services: string[];
  gear_stock?: Record<string, number>;
}
export interface StationFeature {
  type: "Feature"; id: string;
  /** `[lon, lat]` in WGS-84. */
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: StationFeatureProperties;
}
export interface StationFeatureCollection { type: "FeatureCollection"; features: StationFeature[]; }

// ---- identity -------------------------------------------------------------------------------
export type Sex = "male" | "female";
export type Province =
  | "beijing" | "tianjin" | "hebei" | "shanxi" | "inner_mongolia" | "liaoning" | "jilin"
  | "heilongjiang" | "shanghai" | "jiangsu" | "zhejiang" | "anhui" | "fujian" | "jiangxi"
  | "shandong" | "henan" | "hubei" | "hunan" | "guangdong" | "guangxi" | "hainan" | "chongqing"
  | "sichuan" | "guizhou" | "yunnan" | "tibet" | "shaanxi" | "gansu" | "qinghai" | "ningxia"
  | "xinjiang" | "taiwan" | "hong_kong" | "macao";
export type IdentityWarning =
  | "resident_id_unknown_region" | "resident_id_upgraded_from_legacy" | "credit_code_unknown_region"
  | "credit_code_checksum_ignored" | "credit_code_organisation_check_mismatch";
export interface ResidentIdInfo {
  /** e.g. `"1101**********002X"`. */
  masked: string; birthDate: IsoDate; sex: Sex; province: Province | null;
  upgradedFromLegacy: boolean; warnings: IdentityWarning[];
}
export type CreditCodeMode = "strict" | "lenient";
export interface CreditCodeInfo {
  masked: string; checksumValid: boolean; province: Province | null; warnings: IdentityWarning[];
}

// ---- courier profile ------------------------------------------------------------------------
export type Occupation =
  | "express_courier" | "instant_delivery_rider" | "ride_hailing_driver" | "other_outdoor_worker";
export type Need = "save" | "borrow" | "protect" | "pay" | "learn";
export type KycLevel = "none" | "basic" | "verified" | "full";
export type RiskGrade = "c1" | "c2" | "c3" | "c4" | "c5";
export type ProfileField =
  | "resident_id" | "occupation" | "employer_code" | "employment_start" | "province" | "city"
  | "monthly_income_fen" | "held_products" | "risk_assessment" | "kyc_level";
export interface RiskAssessment { grade: RiskGrade; assessedAt: Instant; }
/** What is known about the courier; every field optional (missing inputs are reported). */
export interface CourierProfile {
  residentId?: string; occupation?: Occupation; employerCode?: string; employmentStart?: IsoDate;
  province?: Province; city?: string; monthlyIncomeFen?: number;
  /** Ids of products already held; missing means "not known". */
  heldProducts?: string[];
  riskAssessment?: RiskAssessment; assessmentHistory?: Instant[]; kycLevel?: KycLevel;
  needs?: Need[];
  /** Non-personalised recommendations (PIPL art. 24). */
  personalisationOptOut?: boolean;
}
export interface ProfileWarning { field: ProfileField; warning: IdentityWarning; }

// ---- products and rules ---------------------------------------------------------------------
export type ProductKind = "debit_card" | "wealth" | "payment" | "micro_loan" | "credit_card" | "insurance";
export type RiskRating = "r1" | "r2" | "r3" | "r4" | "r5";
export interface LoanTerms { minAmountFen: number; maxAmountFen: number; maxTermMonths: number; }
export interface InsuranceTerms {
  cover: "accident" | "health" | "liability"; coveredOccupationClasses: number[]; roundTheClock: boolean;
}
export interface Product {
  id: string; kind: ProductKind; name: LocalizedText; summary: LocalizedText; ruleSetId: string;
  needs: Need[]; designedFor: Occupation[]; priority: number;
  risk?: { issuerRating?: RiskRating; sellerRating?: RiskRating };
  privatePlacement: boolean; loan?: LoanTerms; insurance?: InsuranceTerms;
}
/** A threshold: a number, or a named parameter of the catalogue. */
export type Threshold = number | { parameter: string };
/** A rule's criterion (externally tagged by its kind code). */
export type Criterion =
  | { all: Criterion[] } | { any: Criterion[] } | { not: Criterion }
  | { age_range: { min?: Threshold; max?: Threshold } }
  | { tenure_at_least: { months: Threshold } }
  | { occupation_in: { occupations: Occupation[] } }
  | { employer_is_member: Record<string, never> }
  | { province_in: { provinces: Province[] } }
  | { city_in: { cities: string[] } }
  | { income_at_least: { monthlyFen: Threshold } | { yearlyFen: Threshold } }
  | { holds_product: { productId: string } }
  | { does_not_hold_product: { productId: string } }
  | { kyc_at_least: { level: KycLevel } }
  | { valid_risk_assessment: Record<string, never> }
  | { assessment_frequency_within_limits: Record<string, never> }
  | { risk_grade_covers_product: Record<string, never> }
  | { occupation_class_covered: Record<string, never> };
export type CriterionKind =
  | "all" | "any" | "not" | "age_range" | "tenure_at_least" | "occupation_in" | "employer_is_member"
  | "province_in" | "city_in" | "income_at_least" | "holds_product" | "does_not_hold_product"
  | "kyc_at_least" | "valid_risk_assessment" | "assessment_frequency_within_limits"
  | "risk_grade_covers_product" | "occupation_class_covered";
export interface Citation { document: string; provision?: string; }
export interface Rule {
  id: string; description: LocalizedText; source: Citation; effectiveFrom?: IsoDate;
  effectiveTo?: IsoDate; criterion: Criterion;
}
export interface RuleSet {
  id: string; version: string; description: LocalizedText; effectiveFrom?: IsoDate;
  effectiveTo?: IsoDate; rules: Rule[];
}
export interface Parameters {
  /** Named thresholds (keys are parameter names, not renamed). */
  values: Record<string, number>;
  assessmentValidityMonths: number;
  assessmentLimits: { maxCount: number; window: "calendar_day" | { months: number } }[];
  coolingOffHours: number;
  /** Highest product rating each grade may buy (keys are grade codes). */
  suitability: Partial<Record<RiskGrade, RiskRating>>;
  seniorAge: number;
  seniorMaxRecommendedRating: RiskRating;
  /** Occupation class of each occupation (keys are occupation codes). */
  occupationClasses: Partial<Record<Occupation, number>>;
}
export interface ProductCatalogue {
  version: string; parameters: Parameters; ruleSets: RuleSet[]; products: Product[];
}

// ---- eligibility ----------------------------------------------------------------------------
export type Eligibility = "eligible" | "ineligible" | "unknown";
export type CheckStatus = "passed" | "failed" | "unknown";
export type RuleStatus = "passed" | "failed" | "unknown" | "not_in_effect";
export type ReasonCode =
  | "all_passed" | "some_failed" | "some_unknown" | "one_passed" | "none_passed" | "inner_failed"
  | "inner_passed" | "missing_input" | "unknown_parameter" | "too_complex" | "age_in_range"
  | "age_below_minimum" | "age_above_maximum" | "tenure_reached" | "tenure_too_short"
  | "occupation_accepted" | "occupation_not_accepted" | "employer_is_member" | "employer_not_member"
  | "province_accepted" | "province_not_accepted" | "city_accepted" | "city_not_accepted"
  | "income_reached" | "income_too_low" | "product_held" | "product_not_held" | "product_already_held"
  | "kyc_reached" | "kyc_too_low" | "assessment_valid" | "assessment_expired"
  | "assessment_not_yet_taken" | "assessment_frequency_within_limits"
  | "assessment_frequency_exceeded" | "grade_covers_rating" | "grade_below_rating"
  | "benefit_not_rated" | "occupation_class_covered" | "occupation_class_not_covered"
  | "benefit_without_occupation_classes";
export type HintKind =
  | "wait_until" | "reach_amount" | "raise_kyc_level" | "provide_input" | "take_assessment"
  | "obtain_product" | "choose_lower_risk" | "not_achievable";
/** What would change the answer, e.g. `wait_until` a date. */
export interface Hint {
  kind: HintKind; date?: IsoDate; amountFen?: number; kycLevel?: KycLevel; productId?: string;
  input?: ProfileField; riskRating?: RiskRating; message: LocalizedText;
}
export interface CriterionOutcome {
  path: string; depth: number; kind: CriterionKind; status: CheckStatus; reason: ReasonCode;
  actual?: string; expected?: string; message: LocalizedText; missingInputs?: ProfileField[];
  hint?: Hint;
}
export interface RuleOutcome {
  ruleId: string; description: LocalizedText; source: Citation; status: RuleStatus;
  criteria: CriterionOutcome[];
}
export type NoticeCode =
  | "rule_set_not_in_effect" | "rule_set_missing" | "senior_investor_extra_care"
  | "senior_high_risk_not_recommended" | "cooling_off_period" | "assessment_frequency_exceeded"
  | "not_personalised";
export interface Notice { code: NoticeCode; message: LocalizedText; }
export interface DecisionStamp {
  ruleSetId: string; ruleSetVersion: string; catalogueVersion: string; asOf: Rfc3339;
}
/** An eligibility decision, fully explained. */
export interface Decision {
  benefitId: string; status: Eligibility; summary: LocalizedText; missingInputs: ProfileField[];
  hints: Hint[];
  /** The earliest date the courier becomes eligible, when only time stands in the way. */
  eligibleOn?: IsoDate;
  rules: RuleOutcome[]; notices: Notice[]; stamp: DecisionStamp;
}

// ---- matching -------------------------------------------------------------------------------
export interface MatchOptions {
  /** Rank by needs and profile (default true; ignored when the courier opted out). */
  personalised?: boolean;
  /** Only these kinds (all when empty). */
  kinds?: ProductKind[];
  limit?: number | null;
  /**
   * The language of the answer's texts: absent or null for zh-CN and en both; with "zh-CN" or
   * "en", every text is rendered in that language only and the other field of each
   * LocalizedText is the empty string.
   */
  lang?: Lang | null;
}
export type ExclusionReason = "ineligible" | "unknown" | "already_held" | "senior_high_risk";
export interface Exclusion { reason: ExclusionReason; message: LocalizedText; }
export type FactorCode = "catalogue_priority" | "stated_need" | "designed_for_occupation";
export interface RankingFactor { code: FactorCode; points: number; message: LocalizedText; }
export interface CoolingOff { hours: number; endsAt: Rfc3339; }
export interface MatchEntry {
  productId: string; kind: ProductKind; name: LocalizedText; summary: LocalizedText;
  /** 1-based rank among recommendations (absent when excluded). */
  rank?: number;
  score: number; factors: RankingFactor[]; exclusion?: Exclusion; decision: Decision;
  riskRating?: RiskRating; extraCare: boolean; coolingOff?: CoolingOff; loan?: LoanTerms;
  notices: Notice[];
}
export interface MatchStamp { catalogueVersion: string; productCatalogueVersion: string; asOf: Rfc3339; }
export interface MatchResult {
  stamp: MatchStamp; personalised: boolean; recommended: MatchEntry[]; excluded: MatchEntry[];
  notices: Notice[];
}

// ---- programmes: gear claims, education events, ambassadors -------------------------------
export interface GearClaim { gearCode: string; stationId: string; claimedAt: Instant; }
export type ProgrammeStatus = "approved" | "rejected" | "unknown";
export type CheckCode =
  | "eligible" | "station_serving" | "station_open" | "in_stock" | "in_claim_period"
  | "within_allowance" | "registration_open" | "seat_available" | "not_yet_registered";
/** One check of a programme decision; `passed: null` when it cannot be told. */
export interface ProgrammeCheck { code: CheckCode; passed: boolean | null; message: LocalizedText; }
/** A period of whole China dates, first and last day included. */
export interface DateRange { first: IsoDate; last: IsoDate; }
export interface GearClaimDecision {
  status: ProgrammeStatus; checks: ProgrammeCheck[]; eligibility: Decision;
  /** The claim period containing the instant, first and last day included. */
  period: DateRange | null;
  nextClaimFrom: IsoDate | null; stock: number;
}
export interface EducationEvent {
  id: string; station: string; titleZh: string; titleEn: string; startsAt: Rfc3339; endsAt: Rfc3339;
  capacity: number; registrationClosesAt?: Rfc3339; ruleSet?: string;
}
export interface RegistrationDecision {
  status: ProgrammeStatus; checks: ProgrammeCheck[]; seatsLeft: number; eligibility: Decision | null;
}

// ---- rule-set checks ------------------------------------------------------------------------
export type Severity = "error" | "warning";
export type IssueCode =
  | "invalid_json" | "unknown_field" | "invalid_value" | "empty_id" | "empty_version"
  | "duplicate_rule_id" | "missing_description" | "missing_source" | "invalid_effective_window"
  | "rule_never_in_effect" | "empty_rule_set" | "too_many_rules" | "too_deep" | "too_many_criteria"
  | "empty_all" | "empty_any" | "double_negation" | "no_bound" | "impossible_range"
  | "unknown_parameter" | "empty_list" | "contradiction" | "duplicate_product_id"
  | "duplicate_rule_set_version" | "overlapping_rule_set_versions" | "unknown_rule_set"
  | "unknown_product" | "invalid_product_terms" | "missing_regulatory_criterion"
  | "invalid_parameter";
/** One issue of a rule set (`Catalogue.checkRuleSet`); `path` is relative to the rule set,
 * snake_case, e.g. `rules[0].criterion.all[1].age_range` (empty for the rule set itself). */
export interface ValidationIssue { path: string; severity: Severity; code: IssueCode; message: string; }

// ---- signed catalogue bundles ---------------------------------------------------------------
/** A publisher key the app trusts: its id and the 32-byte Ed25519 public key in standard base64. */
export interface TrustedKey { keyId: string; publicKey: string; }
export type PayloadFormat = "catalogue_json" | "catalogue_compact";
/** What the publisher signed along with the catalogue. */
export interface BundleMetadata {
  keyId: string;
  /** The publisher's version number (an integer; pass it as `minVersion` next time). */
  version: number;
  issuedAt: Rfc3339; expiresAt: Rfc3339; payloadFormat: PayloadFormat;
}
/** A bundle that passed every check (`verifyBundle`): the signed metadata and the loaded
 * catalogue (free it with `catalogue.free()` when done). */
export interface VerifiedBundle { metadata: BundleMetadata; catalogue: Catalogue; }
/**
 * How `verifyBundle` rejects a bundle: the thrown `WaystationError`'s `code` and, for
 * `invalid_input`, its `path`:
 *
 * | rejection | code | path / fields |
 * |---|---|---|
 * | larger than 64 MiB | `limit_exceeded` | |
 * | not a bundle (magic, lengths, truncated, trailing bytes, header) | `invalid_input` | `bundle` |
 * | unknown format version, or a payload format not read | `unsupported` | |
 * | signed with a key that is not trusted | `not_found` | `kind: "trusted_key"`, `id`: the key id |
 * | signature does not verify | `invalid_input` | `bundle.signature` |
 * | expired at `now`, or an empty validity period | `invalid_input` | `bundle.expires_at` |
 * | issued in the future (beyond 5 min of clock skew) | `invalid_input` | `bundle.issued_at` |
 * | older than `minVersion` (rollback) | `invalid_input` | `bundle.version` |
 * | signed payload is not a valid catalogue | `invalid_input` (or `unsupported` for a schema version) | `bundle.payload…`, every `problems[]` entry |
 * | a malformed trusted key, or one id twice | `invalid_input` | `trusted_keys[i]` |
 */
export type BundleRejection = WaystationError;
