//! One JSON request, one JSON answer: the whole query surface as data.
//!
//! Every binding exposes [`respond`] next to its typed API. The shared conformance cases in
//! `tests/conformance/` are written in this form, so Rust, Python, Kotlin and JavaScript run the
//! very same requests and must give identical answers. It is also handy for hosts that already
//! speak JSON (a back-office service, a web worker).
//!
//! A request is an object with an `op` and its arguments; the answer is `{"ok": …}` or
//! `{"error": {"code": …, "message": …, …}}` (see [`Error`]).
//!
//! ```
//! use waystation::{catalogue::Catalogue, requests::respond};
//! let c = Catalogue::sample().unwrap();
//! let answer = respond(&c, r#"{"op": "day_kind", "date": "2026-02-14"}"#);
//! assert_eq!(answer, r#"{"ok":"makeup_workday"}"#);
//! let answer = respond(&c, r#"{"op": "station_status", "station_id": "nope", "at": "2026-02-14T10:00:00+08:00"}"#);
//! assert!(answer.contains(r#""code":"not_found""#));
//! ```

use crate::bundles::{verify_bundle_with_key_records, TrustedKeyJson, VerifyOptions};
use crate::catalogue::Catalogue;
use crate::error::Error;
use crate::geo::{Coordinate, Datum};
use crate::hours::OpeningHours;
use crate::identity::{CreditCodeMode, IdentityWarning, ResidentId, Sex, UnifiedCreditCode};
use crate::lang::Lang;
use crate::matching::MatchOptions;
use crate::nearby::NearbyQuery;
use crate::profile::{CourierProfile, Province};
use crate::programmes::GearClaim;
use crate::time::ChinaTime;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

/// Largest request accepted by [`respond`], in bytes.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// A request. The JSON form is tagged by `op`, e.g. `{"op": "hours_on", "station_id": "…", "date": "2026-10-01"}`.
///
/// Parse one with [`Request::from_json`], which reports bad arguments with their full path
/// (`query.position.lat`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// Summary of the loaded catalogue.
    CatalogueInfo {},
    /// Loads another catalogue from JSON (given inline) and summarises it; for validation.
    LoadCatalogue {
        /// The catalogue document.
        catalogue: Box<RawValue>,
    },
    /// Nearest stations.
    Nearby {
        /// The question.
        query: NearbyQuery,
    },
    /// Open status of a station.
    StationStatus {
        /// Station id.
        station_id: String,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
    },
    /// A station's open status in words, in one language (`休息中，明天 08:30 开门`), with the
    /// status as data.
    DescribeStationStatus {
        /// Station id.
        station_id: String,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
        /// The language of the text: `zh-CN` (the default) or `en`.
        #[serde(default)]
        lang: Lang,
    },
    /// Everything about a station.
    StationDetails {
        /// Station id.
        station_id: String,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
    },
    /// Services available at a station at an instant.
    ServicesAt {
        /// Station id.
        station_id: String,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
    },
    /// Opening periods that start on a date.
    HoursOn {
        /// Station id.
        station_id: String,
        /// China date.
        #[serde(deserialize_with = "crate::json::date::deserialize")]
        date: NaiveDate,
    },
    /// Station ids under a branch.
    StationsInBranch {
        /// Branch id.
        branch_id: String,
    },
    /// Rollout report.
    Rollout {
        /// Report date.
        #[serde(deserialize_with = "crate::json::date::deserialize")]
        as_of: NaiveDate,
        /// Theme counted.
        theme: String,
    },
    /// Kind of day in the holiday calendar.
    DayKind {
        /// China date.
        #[serde(deserialize_with = "crate::json::date::deserialize")]
        date: NaiveDate,
    },
    /// Converts a coordinate to another datum.
    ConvertCoordinate {
        /// The coordinate.
        coordinate: Coordinate,
        /// Target datum.
        to: Datum,
    },
    /// Great-circle distance in metres.
    Distance {
        /// One point.
        from: Coordinate,
        /// The other.
        to: Coordinate,
    },
    /// Parses OSM `opening_hours` text into the structured form.
    ParseOpeningHours {
        /// The text.
        osm: String,
    },
    /// Open status of given opening hours at an instant (with the catalogue's calendar).
    OpeningHoursStatus {
        /// The hours (OSM text or structured).
        hours: OpeningHours,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
    },
    /// Every station as a GeoJSON FeatureCollection (WGS-84).
    StationsGeojson {},
    /// Validates a resident ID number (GB 11643); the answer is masked.
    ValidateResidentId {
        /// The number.
        resident_id: String,
    },
    /// Validates a unified social credit code (GB 32100).
    ValidateCreditCode {
        /// The code.
        credit_code: String,
        /// `strict` (default) or `lenient`.
        #[serde(default)]
        mode: CreditCodeMode,
    },
    /// Eligibility for one product, per criterion, with hints.
    CheckProduct {
        /// Product id.
        product_id: String,
        /// The courier profile.
        profile: Box<RawValue>,
        /// Instant of evaluation.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        as_of: ChinaTime,
    },
    /// Products ranked for a courier, every answer explained.
    MatchProducts {
        /// The courier profile.
        profile: Box<RawValue>,
        /// Instant of evaluation.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        as_of: ChinaTime,
        /// Options (personalised by default).
        #[serde(default)]
        options: MatchOptions,
    },
    /// Static check of a rule set, with the catalogue's parameters.
    CheckRuleSet {
        /// The rule set document.
        rule_set: Box<RawValue>,
    },
    /// A gear claim.
    CheckGearClaim {
        /// Station id.
        station_id: String,
        /// Gear code.
        gear_code: String,
        /// The courier profile.
        profile: Box<RawValue>,
        /// The courier's earlier claims.
        #[serde(default)]
        history: Vec<GearClaim>,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
    },
    /// Education events overlapping a period, optionally at one station.
    EventsBetween {
        /// Station id (all stations when absent).
        #[serde(default)]
        station_id: Option<String>,
        /// Start of the period.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        from: ChinaTime,
        /// End of the period.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        to: ChinaTime,
    },
    /// An event registration.
    CheckEventRegistration {
        /// Event id.
        event_id: String,
        /// The courier profile.
        profile: Box<RawValue>,
        /// Registrations so far.
        #[serde(deserialize_with = "crate::json::count::deserialize")]
        registered: i32,
        /// Whether this courier is already registered.
        #[serde(default)]
        already_registered: bool,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
    },
    /// Consumer-protection ambassador enrolment.
    CheckAmbassador {
        /// The courier profile.
        profile: Box<RawValue>,
        /// Instant.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        at: ChinaTime,
    },
    /// Verifies a signed catalogue bundle (see [`crate::bundles`]) and summarises the catalogue
    /// inside; every rejection is an error (bad signature, unknown key, expired, not yet valid,
    /// rollback, malformed, invalid catalogue).
    VerifyBundle {
        /// The bundle bytes, standard base64.
        bundle: String,
        /// The public keys the app trusts (several during a key rotation).
        trusted_keys: Vec<TrustedKeyJson>,
        /// The version the app already has: older bundles are rejected (0 accepts any).
        #[serde(default, deserialize_with = "crate::json::count::version")]
        min_version: i64,
        /// Instant of the check.
        #[serde(deserialize_with = "crate::json::instant::deserialize")]
        now: ChinaTime,
    },
}

fn profile(value: &RawValue) -> Result<CourierProfile, Error> {
    CourierProfile::from_json(value.get()).map_err(|e| Error::from(e).at("profile"))
}

/// What validating a resident ID number tells, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidentIdInfo {
    /// The number masked for display (`3701**********123X`).
    pub masked: String,
    /// Birth date encoded in the number.
    pub birth_date: NaiveDate,
    /// Sex encoded in the number.
    pub sex: Sex,
    /// Province of the region code, when known.
    pub province: Option<Province>,
    /// Whether a 15-digit legacy number was upgraded.
    pub upgraded_from_legacy: bool,
    /// Warnings (e.g. unknown region code).
    pub warnings: Vec<IdentityWarning>,
}

impl From<&ResidentId> for ResidentIdInfo {
    fn from(id: &ResidentId) -> Self {
        ResidentIdInfo {
            masked: id.masked(),
            birth_date: id.birth_date(),
            sex: id.sex(),
            province: id.region_province(),
            upgraded_from_legacy: id.upgraded_from_legacy(),
            warnings: id.warnings(),
        }
    }
}

/// What validating a unified social credit code tells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditCodeInfo {
    /// The code masked for display.
    pub masked: String,
    /// Whether the GB 32100 check character matches (lenient mode accepts a mismatch).
    pub checksum_valid: bool,
    /// Province of the region code, when known.
    pub province: Option<Province>,
    /// Warnings.
    pub warnings: Vec<IdentityWarning>,
}

impl From<&UnifiedCreditCode> for CreditCodeInfo {
    fn from(code: &UnifiedCreditCode) -> Self {
        CreditCodeInfo {
            masked: code.masked(),
            checksum_valid: code.checksum_valid(),
            province: code.region_province(),
            warnings: code.warnings(),
        }
    }
}

fn ok<T: Serialize>(value: T) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|e| Error::invalid("", format!("answer could not be serialised: {e}")))
}

/// Answers a typed request.
pub fn handle(catalogue: &Catalogue, request: Request) -> Result<Value, Error> {
    match request {
        Request::CatalogueInfo {} => ok(catalogue.info()),
        Request::LoadCatalogue { catalogue } => {
            let loaded = Catalogue::from_json(catalogue.get())
                .map_err(|e| Error::from(e).at("catalogue"))?;
            ok(loaded.info())
        }
        Request::Nearby { query } => ok(catalogue
            .nearby(&query)
            .map_err(|e| Error::from(e).at("query"))?),
        Request::StationStatus { station_id, at } => ok(catalogue.station_status(&station_id, at)?),
        Request::DescribeStationStatus {
            station_id,
            at,
            lang,
        } => {
            let status = catalogue.station_status(&station_id, at)?;
            ok(json!({ "text": status.describe(&at, lang), "status": status }))
        }
        Request::StationDetails { station_id, at } => {
            ok(catalogue.station_details(&station_id, at)?)
        }
        Request::ServicesAt { station_id, at } => ok(catalogue
            .services_at(&station_id, at)?
            .into_iter()
            .map(|s| s.code)
            .collect::<Vec<_>>()),
        Request::HoursOn { station_id, date } => ok(catalogue.hours_on(&station_id, date)?),
        Request::StationsInBranch { branch_id } => ok(catalogue
            .stations_in_branch(&branch_id)?
            .into_iter()
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()),
        Request::Rollout { as_of, theme } => ok(catalogue.rollout(as_of, &theme)?),
        Request::DayKind { date } => ok(catalogue.calendar().day_kind(date)?),
        Request::ConvertCoordinate { coordinate, to } => ok(coordinate.to_datum(to)),
        Request::Distance { from, to } => ok(from.distance_m(&to)),
        Request::ParseOpeningHours { osm } => {
            ok(OpeningHours::parse_osm(&osm).map_err(|e| Error::from(e).at("osm"))?)
        }
        Request::OpeningHoursStatus { hours, at } => {
            ok(catalogue.opening_hours_status(&hours, at)?)
        }
        Request::StationsGeojson {} => Ok(catalogue.to_geojson()),
        Request::ValidateResidentId { resident_id } => ok(ResidentIdInfo::from(
            &ResidentId::parse(&resident_id).map_err(|e| Error::from(e).at("resident_id"))?,
        )),
        Request::ValidateCreditCode { credit_code, mode } => ok(CreditCodeInfo::from(
            &UnifiedCreditCode::parse(&credit_code, mode)
                .map_err(|e| Error::from(e).at("credit_code"))?,
        )),
        Request::CheckProduct {
            product_id,
            profile: p,
            as_of,
        } => ok(catalogue.check_product(&product_id, &profile(&p)?, as_of)?),
        Request::MatchProducts {
            profile: p,
            as_of,
            options,
        } => ok(catalogue.match_products(&profile(&p)?, as_of, &options)?),
        Request::CheckRuleSet { rule_set } => ok(catalogue.check_rule_set_json(rule_set.get())?),
        Request::CheckGearClaim {
            station_id,
            gear_code,
            profile: p,
            history,
            at,
        } => {
            ok(catalogue.check_gear_claim(&station_id, &gear_code, &profile(&p)?, &history, at)?)
        }
        Request::EventsBetween {
            station_id,
            from,
            to,
        } => ok(catalogue.events_between(station_id.as_deref(), from, to)?),
        Request::CheckEventRegistration {
            event_id,
            profile: p,
            registered,
            already_registered,
            at,
        } => ok(catalogue.check_event_registration(
            &event_id,
            &profile(&p)?,
            registered,
            already_registered,
            at,
        )?),
        Request::CheckAmbassador { profile: p, at } => {
            ok(catalogue.check_ambassador(&profile(&p)?, at)?)
        }
        Request::VerifyBundle {
            bundle,
            trusted_keys,
            min_version,
            now,
        } => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(bundle.trim())
                .map_err(|e| Error::invalid("bundle", format!("not standard base64: {e}")))?;
            let verified = verify_bundle_with_key_records(
                &bytes,
                &trusted_keys,
                &VerifyOptions::new(min_version, now),
            )?;
            let m = &verified.metadata;
            ok(json!({
                "key_id": m.key_id,
                "version": m.version,
                "issued_at": m.issued_at,
                "expires_at": m.expires_at,
                "payload_format": m.payload_format,
                "catalogue": verified.catalogue.info(),
            }))
        }
    }
}

impl Request {
    /// Reads a request written `{"op": "…", …arguments}`.
    pub fn from_json(json: &str) -> Result<Request, Error> {
        crate::json::check(json).map_err(|f| {
            if f.limit {
                Error::LimitExceeded {
                    message: format!("request: {f}"),
                }
            } else {
                let what = if f.syntax {
                    "request is not valid JSON"
                } else {
                    "request is not strict JSON"
                };
                Error::InvalidInput {
                    message: format!("{what}: {f}"),
                    path: f.path,
                    problems: Vec::new(),
                    line: u32::try_from(f.line).ok(),
                    column: u32::try_from(f.column).ok(),
                }
            }
        })?;
        // The request's members, each as its text: nothing is parsed into a `Value`.
        let members: Vec<(String, &RawValue)> =
            crate::json::typed::<std::collections::BTreeMap<String, &RawValue>>(json)
                .map_err(|_| Error::invalid("", "a request is a JSON object with an `op`"))?
                .into_iter()
                .collect();
        let op = match members.iter().find(|(k, _)| k == "op") {
            Some((_, raw)) => serde_json::from_str::<String>(raw.get())
                .map_err(|_| Error::invalid("op", "must be a string"))?,
            None => {
                return Err(Error::invalid(
                    "op",
                    "missing: say which operation, e.g. \"nearby\"",
                ))
            }
        };
        // As an externally tagged value, `{"<op>": {arguments}}`, serde reads the arguments
        // without buffering them, so errors keep their full path.
        let mut tagged = String::with_capacity(json.len() + op.len() + 8);
        tagged.push('{');
        tagged.push_str(&serde_json::to_string(&op).unwrap_or_default());
        tagged.push_str(":{");
        let mut first = true;
        for (key, raw) in members.iter().filter(|(k, _)| k != "op") {
            if !first {
                tagged.push(',');
            }
            first = false;
            tagged.push_str(&serde_json::to_string(key).unwrap_or_default());
            tagged.push(':');
            tagged.push_str(raw.get());
        }
        tagged.push_str("}}");
        let mut de = serde_json::Deserializer::from_str(&tagged);
        serde_path_to_error::deserialize::<_, Request>(crate::json::Objects(&mut de)).map_err(|e| {
            // Drop the op segment of the path: arguments sit at the top of the request.
            let full = crate::json::path_string(e.path());
            let first = e.path().iter().next().map_or(0, |s| s.to_string().len());
            let path = full
                .get(first..)
                .map(|rest| rest.strip_prefix('.').unwrap_or(rest).to_string())
                .unwrap_or_default();
            let mut message = crate::json::without_value(&crate::json::bare_message(e.inner()));
            if path.is_empty() && message.starts_with("unknown variant") {
                Error::invalid("op", message)
            } else {
                let mut path = path;
                crate::json::name_missing_field(&mut path, &mut message);
                Error::invalid(path, message)
            }
        })
    }
}

/// Reads opening hours given as text the way the `hours` argument of the JSON API takes them:
/// OSM `opening_hours` text (`Mo-Fr 08:00-18:00; PH off`), or the JSON form of structured hours
/// (`{"weekly": {"mo": ["08:00-18:00"]}, …}`, as a station's hours are written), read strictly.
/// OSM text never starts with `{`, so the two cannot be confused. For bindings whose platforms
/// pass hours as a string.
pub fn opening_hours_from_text(text: &str) -> Result<OpeningHours, Error> {
    if text.trim_start().starts_with('{') {
        Ok(crate::json::from_str::<OpeningHours>(text)?)
    } else {
        Ok(OpeningHours::parse_osm(text)?)
    }
}

/// Answers a JSON request with a JSON answer. Never fails: errors are answers too.
pub fn respond(catalogue: &Catalogue, request_json: &str) -> String {
    let answer = if request_json.len() > MAX_REQUEST_BYTES {
        Err(Error::LimitExceeded {
            message: format!(
                "request is {} bytes, more than the limit of {MAX_REQUEST_BYTES}",
                request_json.len()
            ),
        })
    } else {
        Request::from_json(request_json).and_then(|request| handle(catalogue, request))
    };
    match answer {
        Ok(v) => json!({ "ok": v }).to_string(),
        Err(e) => error_answer(&e),
    }
}

/// The answer [`respond`] gives for `error`: `{"error": {"code": …, …}}`. For a binding that
/// refuses a request before it reaches `respond` (a request that is not text).
pub fn error_answer(error: &Error) -> String {
    json!({ "error": error }).to_string()
}
