//! waystation for Kotlin, Swift and Python, through uniffi.
//!
//! Thin by rule: every export is one call into `waystation-core` plus type mapping. The loaded
//! [`Catalogue`] is an immutable object, cheap to share across threads; results are records and
//! enums (most of them the core's own, declared to uniffi as remote types); instants are
//! `java.time.Instant` / `Date` / `datetime`; every failure is one [`WaystationError`].
//!
//! Covered: stations and nearby search, opening hours and the holiday calendar, datums, rollout,
//! identity numbers, eligibility and product matching, programmes (gear claims, education
//! events, ambassadors), signed catalogue bundles ([`verify_bundle`]) and the JSON request API
//! ([`Catalogue::respond`]).
//!
//! Generate the bindings with the workspace's pinned CLI:
//! `cargo run -p uniffi-bindgen -- generate --library target/debug/libwaystation_ffi.so -l kotlin -l swift -l python -o OUT --no-format`.

// uniffi errors cross the FFI by value: `WaystationError` cannot be boxed, and carries its
// end-user message in two languages beside the developer detail.
#![allow(clippy::result_large_err)]

uniffi::setup_scaffolding!("waystation");

mod error;
mod profile;
mod records;
mod remote;
mod time;

pub use error::WaystationError;
pub use profile::CourierProfile;
pub use records::{
    Coordinate, NearbyQuery, NearbyStation, Outlet, Station, StationDetails, TrustedKey,
    VerifiedBundle, VerifyOptions,
};
pub use time::ChinaDate;

use error::{map, map_at};
use std::sync::Arc;
use waystation_core::bundles::{self, TrustedKeyJson};
use waystation_core::calendar::{DayKind, Holiday};
use waystation_core::catalogue::{self, CatalogueInfo};
use waystation_core::eligibility::{Decision, ValidationIssue};
use waystation_core::geo::{self, Datum};
use waystation_core::hours::{OpenStatus, OpeningHours};
use waystation_core::identity::{self, CreditCodeMode, ResidentId, UnifiedCreditCode};
use waystation_core::lang::{Lang, LocalizedText};
use waystation_core::matching::{MatchOptions, MatchResult};
use waystation_core::org::{Branch, Network, Theme};
use waystation_core::products::{self, Product};
use waystation_core::programmes::{
    EducationEvent, GearClaim, GearClaimDecision, Programmes, RegistrationDecision,
};
use waystation_core::requests::{self, CreditCodeInfo, ResidentIdInfo};
use waystation_core::rollout::RolloutReport;
use waystation_core::services::ServiceDefinition;
use waystation_core::stations::{OpeningPeriod, StationStatus};
use waystation_core::time::ChinaTime;

type Result<T> = std::result::Result<T, WaystationError>;

/// A loaded station catalogue: immutable, validated whole, safe to share across threads.
///
/// Load one with [`Catalogue::sample`], [`Catalogue::from_json`] or [`Catalogue::from_compact`];
/// every query is a method.
#[derive(Debug, uniffi::Object)]
pub struct Catalogue {
    inner: catalogue::Catalogue,
}

#[uniffi::export]
impl Catalogue {
    /// The embedded synthetic sample catalogue (Shandong, 38 stations).
    #[uniffi::constructor]
    pub fn sample() -> Result<Arc<Catalogue>> {
        let inner = catalogue::Catalogue::sample().map_err(map)?;
        Ok(Arc::new(Catalogue { inner }))
    }

    /// Loads and validates a catalogue document (`schema_version` 1). Every problem is reported
    /// with its path (`stations[12].hours`); nothing is half-loaded.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Catalogue>> {
        let inner = catalogue::Catalogue::from_json(&json).map_err(map_at("catalogue"))?;
        Ok(Arc::new(Catalogue { inner }))
    }

    /// Loads and validates a catalogue from its compact binary form (made by `to_compact`),
    /// with the same rules as `from_json`; damaged bytes are an error naming the byte offset.
    #[uniffi::constructor]
    pub fn from_compact(bytes: Vec<u8>) -> Result<Arc<Catalogue>> {
        let inner = catalogue::Catalogue::from_compact(&bytes).map_err(map)?;
        Ok(Arc::new(Catalogue { inner }))
    }

    /// The catalogue's data version.
    pub fn version(&self) -> String {
        self.inner.version().to_string()
    }

    /// What the catalogue holds, in numbers (version, counts, calendar years).
    pub fn info(&self) -> CatalogueInfo {
        self.inner.info()
    }

    /// Whether this is synthetic sample data.
    pub fn is_sample(&self) -> bool {
        self.inner.document().sample
    }

    /// The network the catalogue describes.
    pub fn network(&self) -> Network {
        self.inner.document().network.clone()
    }

    /// Every branch, provincial and second-level.
    pub fn branches(&self) -> Vec<Branch> {
        self.inner.document().branches.clone()
    }

    /// Every outlet.
    pub fn outlets(&self) -> Vec<Outlet> {
        self.inner
            .document()
            .outlets
            .iter()
            .cloned()
            .map(Outlet::from)
            .collect()
    }

    /// Every station.
    pub fn stations(&self) -> Vec<Station> {
        self.inner
            .document()
            .stations
            .iter()
            .cloned()
            .map(Station::from)
            .collect()
    }

    /// Every theme (e.g. Little Bee).
    pub fn themes(&self) -> Vec<Theme> {
        self.inner.document().themes.clone()
    }

    /// Every service the catalogue defines.
    pub fn services(&self) -> Vec<ServiceDefinition> {
        self.inner.document().services.clone()
    }

    /// The catalogue as JSON (the document form it loads from).
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The compact binary form (loads much faster than JSON; the same bytes on every platform).
    pub fn to_compact(&self) -> Vec<u8> {
        self.inner.to_compact()
    }

    /// The stations as a GeoJSON FeatureCollection (RFC 7946, WGS-84).
    pub fn to_geojson(&self) -> String {
        self.inner.to_geojson().to_string()
    }

    /// The nearest stations that meet the query, nearest first.
    pub fn nearby(&self, query: NearbyQuery) -> Result<Vec<NearbyStation>> {
        let query = query.try_into()?;
        let found = self.inner.nearby(&query).map_err(map_at("query"))?;
        Ok(found.into_iter().map(NearbyStation::from).collect())
    }

    /// A station record by id.
    pub fn station(&self, station_id: String) -> Result<Station> {
        Ok(self.inner.station(&station_id).map_err(map)?.clone().into())
    }

    /// Open status of a station at `at`, with the next opening or closing time.
    pub fn station_status(&self, station_id: String, at: ChinaTime) -> Result<StationStatus> {
        self.inner.station_status(&station_id, at).map_err(map)
    }

    /// A station's open status at `at` in words, in `lang`: `休息中，明天 08:30 开门`,
    /// `国庆节假期，休息中，10月8日 08:30 开门` (the same text as [`describe_status`] of its status).
    pub fn describe_station_status(
        &self,
        station_id: String,
        at: ChinaTime,
        lang: Lang,
    ) -> Result<String> {
        let status = self.inner.station_status(&station_id, at).map_err(map)?;
        Ok(status.describe(&at, lang))
    }

    /// Everything about a station at `at`.
    pub fn station_details(&self, station_id: String, at: ChinaTime) -> Result<StationDetails> {
        Ok(self
            .inner
            .station_details(&station_id, at)
            .map_err(map)?
            .into())
    }

    /// Services available at a station at `at` (seasons applied, gear in stock).
    pub fn services_at(&self, station_id: String, at: ChinaTime) -> Result<Vec<ServiceDefinition>> {
        self.inner.services_at(&station_id, at).map_err(map)
    }

    /// The opening periods of a station that start on `date` (China date).
    pub fn hours_on(&self, station_id: String, date: ChinaDate) -> Result<Vec<OpeningPeriod>> {
        self.inner.hours_on(&station_id, date).map_err(map)
    }

    /// Stations whose outlet lies under a branch, in catalogue order.
    pub fn stations_in_branch(&self, branch_id: String) -> Result<Vec<Station>> {
        let found = self.inner.stations_in_branch(&branch_id).map_err(map)?;
        Ok(found.into_iter().cloned().map(Station::from).collect())
    }

    /// Rollout report per second-level branch as of a date, counting `theme`.
    pub fn rollout(&self, as_of: ChinaDate, theme: String) -> Result<RolloutReport> {
        self.inner.rollout(as_of, &theme).map_err(map)
    }

    /// Years the holiday calendar knows.
    pub fn calendar_years(&self) -> Vec<i32> {
        self.inner.calendar().years()
    }

    /// Kind of day (workday, rest day, public holiday, make-up workday).
    pub fn day_kind(&self, date: ChinaDate) -> Result<DayKind> {
        self.inner.calendar().day_kind(date).map_err(map)
    }

    /// The public holiday `date` belongs to, if any.
    pub fn holiday_on(&self, date: ChinaDate) -> Result<Option<Holiday>> {
        Ok(self
            .inner
            .calendar()
            .holiday_on(date)
            .map_err(map)?
            .cloned())
    }

    /// The public holidays of a year.
    pub fn holidays_in(&self, year: i32) -> Result<Vec<Holiday>> {
        Ok(self
            .inner
            .calendar()
            .holidays_in(year)
            .map_err(map)?
            .to_vec())
    }

    /// Open status of opening hours at `at`, with this catalogue's holiday calendar. `hours` is
    /// OSM `opening_hours` text (`Mo-Fr 08:00-18:00; PH off`) or the JSON form of structured
    /// hours (`{"weekly": {"mo": ["08:00-18:00"]}, …}`, as a station's `hours_json`), like the
    /// JSON API's `hours`; errors are at `hours`.
    pub fn opening_hours_status(&self, hours: String, at: ChinaTime) -> Result<OpenStatus> {
        let hours = requests::opening_hours_from_text(&hours).map_err(map_at("hours"))?;
        self.inner.opening_hours_status(&hours, at).map_err(map)
    }

    /// Answers a JSON request (`{"op": "nearby", …}`) with a JSON answer (`{"ok": …}` or
    /// `{"error": …}`); never fails. The shared conformance cases run through this.
    pub fn respond(&self, request_json: String) -> String {
        requests::respond(&self.inner, &request_json)
    }

    /// The product catalogue this catalogue carries (`NotFound` of kind `product_catalogue`
    /// when it carries none).
    pub fn products(&self) -> Result<Arc<ProductCatalogue>> {
        let inner = self.inner.products().map_err(map)?.clone();
        Ok(Arc::new(ProductCatalogue { inner }))
    }

    /// Products for a courier as of `as_of`: recommended (ranked) and excluded, each with its
    /// eligibility decision.
    pub fn match_products(
        &self,
        profile: CourierProfile,
        as_of: ChinaTime,
        options: MatchOptions,
    ) -> Result<MatchResult> {
        let profile = profile.to_core()?;
        self.inner
            .match_products(&profile, as_of, &options)
            .map_err(map)
    }

    /// The eligibility decision for one product: per-rule and per-criterion reasons, hints and
    /// the earliest date the courier becomes eligible.
    pub fn check_product(
        &self,
        product_id: String,
        profile: CourierProfile,
        as_of: ChinaTime,
    ) -> Result<Decision> {
        let profile = profile.to_core()?;
        self.inner
            .check_product(&product_id, &profile, as_of)
            .map_err(map)
    }

    /// Static checks of a rule set given as JSON, against this catalogue's product parameters:
    /// every problem, errors and warnings.
    pub fn check_rule_set(&self, rule_set_json: String) -> Result<Vec<ValidationIssue>> {
        self.inner.check_rule_set_json(&rule_set_json).map_err(map)
    }

    /// The programmes this catalogue runs: gear claims, the ambassador programme, education
    /// events (each absent or empty when not run).
    pub fn programmes(&self) -> Programmes {
        self.inner.programmes().clone()
    }

    /// Decides a gear claim: item `gear_code` at station `station_id` at `at`, for a courier
    /// whose earlier claims are `history` (the library keeps no state).
    pub fn check_gear_claim(
        &self,
        station_id: String,
        gear_code: String,
        profile: CourierProfile,
        history: Vec<GearClaim>,
        at: ChinaTime,
    ) -> Result<GearClaimDecision> {
        let profile = profile.to_core()?;
        self.inner
            .check_gear_claim(&station_id, &gear_code, &profile, &history, at)
            .map_err(map)
    }

    /// Education events, at one station or all, that overlap `from`–`to`, by start time.
    pub fn events_between(
        &self,
        station_id: Option<String>,
        from: ChinaTime,
        to: ChinaTime,
    ) -> Result<Vec<EducationEvent>> {
        let events = self
            .inner
            .events_between(station_id.as_deref(), from, to)
            .map_err(map)?;
        Ok(events.into_iter().cloned().collect())
    }

    /// Decides a registration for event `event_id` at `at`, given how many have registered so
    /// far and whether this courier already has.
    pub fn check_event_registration(
        &self,
        event_id: String,
        profile: CourierProfile,
        registered: i32,
        already_registered: bool,
        at: ChinaTime,
    ) -> Result<RegistrationDecision> {
        let profile = profile.to_core()?;
        self.inner
            .check_event_registration(&event_id, &profile, registered, already_registered, at)
            .map_err(map)
    }

    /// Whether a courier may enrol as a consumer-protection ambassador at `at`, per criterion.
    pub fn check_ambassador(&self, profile: CourierProfile, at: ChinaTime) -> Result<Decision> {
        let profile = profile.to_core()?;
        self.inner.check_ambassador(&profile, at).map_err(map)
    }
}

/// A loaded product catalogue (products, rule sets, parameters): immutable, shareable.
#[derive(Debug, uniffi::Object)]
pub struct ProductCatalogue {
    inner: products::ProductCatalogue,
}

#[uniffi::export]
impl ProductCatalogue {
    /// The sample products shipped in the embedded sample catalogue.
    #[uniffi::constructor]
    pub fn sample() -> Result<Arc<ProductCatalogue>> {
        let inner = products::ProductCatalogue::sample().map_err(map)?;
        Ok(Arc::new(ProductCatalogue { inner }))
    }

    /// Loads and validates a product catalogue document.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<ProductCatalogue>> {
        let inner = products::ProductCatalogue::from_json(&json).map_err(map)?;
        Ok(Arc::new(ProductCatalogue { inner }))
    }

    /// The catalogue's version.
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// Every product.
    pub fn products(&self) -> Vec<Product> {
        self.inner.products.clone()
    }

    /// A product by id (`null`/`nil`/`None` when there is none).
    pub fn product(&self, product_id: String) -> Option<Product> {
        self.inner.product(&product_id).cloned()
    }

    /// Every problem (errors and warnings) found by the catalogue's static checks.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        self.inner.validate()
    }
}

/// Verifies a signed catalogue bundle (Ed25519, see the core's `bundles` module) against the
/// keys the app trusts and loads the catalogue inside. Checks, in order: size and structure,
/// a trusted key id, the signature, not issued in the future, not expired, not older than
/// `options.min_version`, then the catalogue's own validation. Every rejection is a
/// [`WaystationError`] whose path says which check failed (`bundle.signature`,
/// `bundle.expires_at`, `bundle.version`, …; an untrusted key is `NotFound` of kind
/// `trusted_key`).
#[uniffi::export]
pub fn verify_bundle(
    bundle: Vec<u8>,
    trusted_keys: Vec<TrustedKey>,
    options: VerifyOptions,
) -> Result<VerifiedBundle> {
    let keys: Vec<TrustedKeyJson> = trusted_keys.into_iter().map(Into::into).collect();
    let verified = bundles::verify_bundle_with_key_records(&bundle, &keys, &options.try_into()?)
        .map_err(map)?;
    Ok(VerifiedBundle {
        metadata: verified.metadata,
        catalogue: Arc::new(Catalogue {
            inner: verified.catalogue,
        }),
    })
}

/// Reads OSM `opening_hours` text into the library's structured form, returned as its JSON text
/// (the form a catalogue's `hours` take, and `hoursJson` of a station); errors are at `osm`.
#[uniffi::export]
pub fn parse_opening_hours(osm: String) -> Result<String> {
    let hours = OpeningHours::parse_osm(&osm).map_err(map_at("osm"))?;
    serde_json::to_string(&hours)
        .map_err(|e| map(waystation_core::error::Error::invalid("", e.to_string())))
}

/// A station status (from `stationStatus`, `stationDetails` or `nearby`) in words, in `lang`;
/// `at` is the instant the status is for (times are said as today, tomorrow or a date).
#[uniffi::export]
pub fn describe_status(status: StationStatus, at: ChinaTime, lang: Lang) -> String {
    status.describe(&at, lang)
}

/// Reads a public key file (`type: waystation-ed25519-public-key`, `key_id: …`,
/// `public_key: …`) into a [`TrustedKey`], checking the key.
#[uniffi::export]
pub fn trusted_key_from_text(text: String) -> Result<TrustedKey> {
    let key = bundles::TrustedKey::from_text(&text).map_err(map)?;
    Ok(TrustedKey::from(&key))
}

/// Converts a coordinate to another map datum.
#[uniffi::export]
pub fn convert_coordinate(coordinate: Coordinate, to: Datum) -> Result<Coordinate> {
    Ok(coordinate.to_core("coordinate")?.to_datum(to).into())
}

/// Great-circle distance in metres between two coordinates (any datums).
#[uniffi::export]
pub fn distance_m(from: Coordinate, to: Coordinate) -> Result<f64> {
    Ok(from.to_core("from")?.distance_m(&to.to_core("to")?))
}

/// Whether a WGS-84 point lies in mainland China (where GCJ-02 applies).
#[uniffi::export]
pub fn in_mainland_china(lat: f64, lon: f64) -> bool {
    geo::in_mainland_china(lat, lon)
}

/// Validates a resident ID number (GB 11643; 15-digit legacy numbers are upgraded). The answer
/// holds the masked form only.
#[uniffi::export]
pub fn validate_resident_id(resident_id: String) -> Result<ResidentIdInfo> {
    let id = ResidentId::parse(&resident_id).map_err(map_at("resident_id"))?;
    Ok(ResidentIdInfo::from(&id))
}

/// Validates a unified social credit code (GB 32100; lenient mode accepts a wrong check
/// character).
#[uniffi::export]
pub fn validate_credit_code(credit_code: String, mode: CreditCodeMode) -> Result<CreditCodeInfo> {
    let code = UnifiedCreditCode::parse(&credit_code, mode).map_err(map_at("credit_code"))?;
    Ok(CreditCodeInfo::from(&code))
}

/// The end-user message of a message key without parameters (`error.invalid_input`; every key
/// is in `docs/WORDS.md`), in zh-CN and en: to word a failure of the app's own as the library
/// words its errors. `NotFound` for an unknown key, `InvalidInput` for a message that takes
/// parameters.
#[uniffi::export]
pub fn user_message(message_key: String) -> Result<LocalizedText> {
    waystation_core::error::user_message(&message_key).map_err(map)
}

/// Masks the middle of an identifier, keeping `head` leading and `tail` trailing characters
/// (a negative count keeps none).
#[uniffi::export]
pub fn mask(value: String, head: i32, tail: i32) -> String {
    identity::mask_counts(&value, head, tail)
}
