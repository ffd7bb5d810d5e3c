//! WebAssembly binding of waystation, through wasm-bindgen.
//!
//! Thin by rule: every export is one call into `waystation-core` plus type mapping. Values cross
//! as plain JS objects whose field names are the core's JSON names in camelCase (`station_id` →
//! `stationId`); codes (service codes, enum values, map keys that are data) stay as given. The
//! TypeScript types of every input and output are in `types.d.ts`, appended to the generated
//! `.d.ts`. Errors are JS `Error` objects carrying the core [`waystation_core::error::Error`]
//! fields: `code`, and `path` for invalid input (see `convert.rs`).
//!
//! Instants are `Date` objects or RFC 3339 strings; dates are `YYYY-MM-DD` strings; instants in
//! answers are RFC 3339 strings in China Standard Time (`+08:00`).

// `#[wasm_bindgen]` expands to `unsafe` glue code; this crate writes none itself.
#![allow(unsafe_code)]

mod camel;
mod convert;

use convert::{arg, out, Fallible};
use wasm_bindgen::prelude::*;
use waystation_core::bundles::{TrustedKeyJson, VerifyOptions};
use waystation_core::catalogue::Catalogue as CoreCatalogue;
use waystation_core::error::Error;
use waystation_core::geo::{Coordinate, Datum};
use waystation_core::hours::OpeningHours;
use waystation_core::identity::{CreditCodeMode, ResidentId, UnifiedCreditCode};
use waystation_core::lang::Lang;
use waystation_core::matching::MatchOptions;
use waystation_core::nearby::NearbyQuery;
use waystation_core::products::ProductCatalogue;
use waystation_core::programmes::GearClaim;
use waystation_core::requests::{CreditCodeInfo, ResidentIdInfo};
use waystation_core::stations::StationStatus;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../types.d.ts");

/// A loaded, validated station catalogue (immutable). Free it with `free()` when done, or let
/// the garbage collector do it (`FinalizationRegistry`).
#[wasm_bindgen]
pub struct Catalogue {
    inner: CoreCatalogue,
}

#[wasm_bindgen]
impl Catalogue {
    /// The embedded sample catalogue (synthetic Shandong network).
    pub fn sample() -> Fallible<Catalogue> {
        Ok(Catalogue {
            inner: CoreCatalogue::sample().map_err(Error::from)?,
        })
    }

    /// Loads and validates a catalogue document (JSON text, `schema_version` 1, snake_case as
    /// in the file format). Every problem is listed in the error's `problems`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
    ) -> Fallible<Catalogue> {
        let json = &convert::text(&json, "json")?;
        Ok(Catalogue {
            inner: CoreCatalogue::from_json(json).map_err(|e| Error::from(e).at("catalogue"))?,
        })
    }

    /// Loads and validates a catalogue from its compact binary form (made by `toCompact`), with
    /// the same rules as `fromJson`; damaged bytes are an error naming the byte offset.
    #[wasm_bindgen(js_name = fromCompact)]
    pub fn from_compact(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> Fallible<Catalogue> {
        let bytes = &convert::bytes(&bytes, "bytes")?;
        Ok(Catalogue {
            inner: CoreCatalogue::from_compact(bytes).map_err(Error::from)?,
        })
    }

    /// The compact binary form of the catalogue (loads much faster than JSON).
    #[wasm_bindgen(js_name = toCompact)]
    pub fn to_compact(&self) -> Vec<u8> {
        self.inner.to_compact()
    }

    /// The catalogue's version string.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version().to_string()
    }

    /// The catalogue document as JSON text (the file format).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Answers one JSON request of the `requests` API (`{"op": …}`) with a JSON answer
    /// (`{"ok": …}` or `{"error": …}`); snake_case, never throws.
    pub fn respond(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] request_json: JsValue,
    ) -> String {
        match convert::text(&request_json, "request_json") {
            Ok(request_json) => waystation_core::requests::respond(&self.inner, &request_json),
            Err(e) => waystation_core::requests::error_answer(&e),
        }
    }

    /// Nearest stations meeting the query, nearest first.
    #[wasm_bindgen(unchecked_return_type = "NearbyStation[]")]
    pub fn nearby(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NearbyQuery")] query: JsValue,
    ) -> Fallible<JsValue> {
        let query: NearbyQuery = arg(&query, "query")?;
        out(&self
            .inner
            .nearby(&query)
            .map_err(|e| Error::from(e).at("query"))?)
    }

    /// What the catalogue holds, in numbers (version, counts, calendar years).
    #[wasm_bindgen(unchecked_return_type = "CatalogueInfo")]
    pub fn info(&self) -> Fallible<JsValue> {
        out(&self.inner.info())
    }

    /// Open status of a station at an instant.
    #[wasm_bindgen(js_name = stationStatus, unchecked_return_type = "StationStatus")]
    pub fn station_status(
        &self,
        #[wasm_bindgen(js_name = stationId, unchecked_param_type = "string")] station_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Fallible<JsValue> {
        let station_id = &convert::text(&station_id, "station_id")?;
        let at = convert::instant(&at, "at")?;
        out(&self
            .inner
            .station_status(station_id, at)
            .map_err(Error::from)?)
    }

    /// A station's open status at an instant in words, in `lang` (`"zh-CN"`, the default, or
    /// `"en"`): `休息中，明天 08:30 开门`, `国庆节假期，休息中，10月8日 08:30 开门`.
    #[wasm_bindgen(js_name = describeStationStatus)]
    pub fn describe_station_status(
        &self,
        #[wasm_bindgen(js_name = stationId, unchecked_param_type = "string")] station_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Lang | undefined")] lang: JsValue,
    ) -> Fallible<String> {
        let station_id = &convert::text(&station_id, "station_id")?;
        let at = convert::instant(&at, "at")?;
        let lang = language(&lang)?;
        let status = self
            .inner
            .station_status(station_id, at)
            .map_err(Error::from)?;
        Ok(status.describe(&at, lang))
    }

    /// Everything about a station at an instant.
    #[wasm_bindgen(js_name = stationDetails, unchecked_return_type = "StationDetails")]
    pub fn station_details(
        &self,
        #[wasm_bindgen(js_name = stationId, unchecked_param_type = "string")] station_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Fallible<JsValue> {
        let station_id = &convert::text(&station_id, "station_id")?;
        let at = convert::instant(&at, "at")?;
        out(&self
            .inner
            .station_details(station_id, at)
            .map_err(Error::from)?)
    }

    /// Services available at a station at an instant (seasons applied, gear in stock).
    #[wasm_bindgen(js_name = servicesAt, unchecked_return_type = "ServiceDefinition[]")]
    pub fn services_at(
        &self,
        #[wasm_bindgen(js_name = stationId, unchecked_param_type = "string")] station_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Fallible<JsValue> {
        let station_id = &convert::text(&station_id, "station_id")?;
        let at = convert::instant(&at, "at")?;
        out(&self
            .inner
            .services_at(station_id, at)
            .map_err(Error::from)?)
    }

    /// Opening periods of a station that start on a China date, as `[open, close]` instants.
    #[wasm_bindgen(js_name = hoursOn, unchecked_return_type = "OpeningPeriod[]")]
    pub fn hours_on(
        &self,
        #[wasm_bindgen(js_name = stationId, unchecked_param_type = "string")] station_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "IsoDate")] date: JsValue,
    ) -> Fallible<JsValue> {
        let station_id = &convert::text(&station_id, "station_id")?;
        let date = convert::date(&date, "date")?;
        out(&self.inner.hours_on(station_id, date).map_err(Error::from)?)
    }

    /// The station records under a branch (any level).
    #[wasm_bindgen(js_name = stationsInBranch, unchecked_return_type = "Station[]")]
    pub fn stations_in_branch(
        &self,
        #[wasm_bindgen(js_name = branchId, unchecked_param_type = "string")] branch_id: JsValue,
    ) -> Fallible<JsValue> {
        let branch_id = &convert::text(&branch_id, "branch_id")?;
        out(&self
            .inner
            .stations_in_branch(branch_id)
            .map_err(Error::from)?)
    }

    /// Rollout report as of a date, counting stations that carry `theme` (e.g. `little_bee`).
    #[wasm_bindgen(unchecked_return_type = "RolloutReport")]
    pub fn rollout(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "IsoDate")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] theme: JsValue,
    ) -> Fallible<JsValue> {
        let theme = &convert::text(&theme, "theme")?;
        let as_of = convert::date(&as_of, "as_of")?;
        out(&self.inner.rollout(as_of, theme).map_err(Error::from)?)
    }

    /// Kind of day in the holiday calendar (throws `calendar_unknown` outside the loaded years).
    #[wasm_bindgen(js_name = dayKind, unchecked_return_type = "DayKind")]
    pub fn day_kind(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IsoDate")] date: JsValue,
    ) -> Fallible<JsValue> {
        let date = convert::date(&date, "date")?;
        out(&self.inner.calendar().day_kind(date).map_err(Error::from)?)
    }

    /// The public holiday a date belongs to (its day off or make-up day), or `null`.
    #[wasm_bindgen(js_name = holidayOn, unchecked_return_type = "Holiday | null")]
    pub fn holiday_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IsoDate")] date: JsValue,
    ) -> Fallible<JsValue> {
        let date = convert::date(&date, "date")?;
        out(&self
            .inner
            .calendar()
            .holiday_on(date)
            .map_err(Error::from)?)
    }

    /// Years of the holiday calendar that are loaded.
    #[wasm_bindgen(js_name = calendarYears, unchecked_return_type = "number[]")]
    pub fn calendar_years(&self) -> Fallible<JsValue> {
        out(&self.inner.calendar().years())
    }

    /// Open status of any opening hours at an instant, with this catalogue's holiday calendar.
    #[wasm_bindgen(js_name = openingHoursStatus, unchecked_return_type = "OpenStatus")]
    pub fn opening_hours_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OpeningHoursInput")] hours: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Fallible<JsValue> {
        let hours: OpeningHours = arg(&hours, "hours")?;
        let at = convert::instant(&at, "at")?;
        out(&self
            .inner
            .opening_hours_status(&hours, at)
            .map_err(Error::from)?)
    }

    /// The stations as a GeoJSON `FeatureCollection` (WGS-84; properties as in the file
    /// format, snake_case).
    #[wasm_bindgen(js_name = toGeoJson, unchecked_return_type = "StationFeatureCollection")]
    pub fn to_geojson(&self) -> Fallible<JsValue> {
        out(&self.inner.to_geojson())
    }

    /// Whether the catalogue carries a product catalogue (needed by `matchProducts`).
    #[wasm_bindgen(getter, js_name = hasProducts)]
    pub fn has_products(&self) -> bool {
        self.inner.products().is_ok()
    }

    /// Products for a courier, ranked, each with its eligibility decision (per-criterion
    /// reasons, earliest-date hints) and ranking factors; `options.personalised: false` for the
    /// non-personalised order. Uses the catalogue's member units and version.
    #[wasm_bindgen(js_name = matchProducts, unchecked_return_type = "MatchResult")]
    pub fn match_products(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CourierProfile")] profile: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "Instant")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MatchOptions | undefined")] options: JsValue,
    ) -> Fallible<JsValue> {
        let profile = convert::profile(&profile)?;
        let as_of = convert::instant(&as_of, "as_of")?;
        let options: MatchOptions = if options.is_undefined() || options.is_null() {
            MatchOptions::default()
        } else {
            arg(&options, "options")?
        };
        out(&self
            .inner
            .match_products(&profile, as_of, &options)
            .map_err(Error::from)?)
    }

    /// Whether a courier is eligible for one product at `asOf` (its rule set in effect on that
    /// date), per criterion, with hints and the earliest date it could pass.
    #[wasm_bindgen(js_name = checkProduct, unchecked_return_type = "Decision")]
    pub fn check_product(
        &self,
        #[wasm_bindgen(js_name = productId, unchecked_param_type = "string")] product_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CourierProfile")] profile: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "Instant")] as_of: JsValue,
    ) -> Fallible<JsValue> {
        let product_id = &convert::text(&product_id, "product_id")?;
        let profile = convert::profile(&profile)?;
        let as_of = convert::instant(&as_of, "as_of")?;
        out(&self
            .inner
            .check_product(product_id, &profile, as_of)
            .map_err(Error::from)?)
    }

    /// Statically checks a rule set (JSON text, snake_case file format) against this catalogue's
    /// product parameters: every issue (errors and warnings) with its path. Throws `not_found`
    /// when the catalogue carries no product catalogue.
    #[wasm_bindgen(js_name = checkRuleSet, unchecked_return_type = "ValidationIssue[]")]
    pub fn check_rule_set(
        &self,
        #[wasm_bindgen(js_name = ruleSetJson, unchecked_param_type = "string")]
        rule_set_json: JsValue,
    ) -> Fallible<JsValue> {
        let rule_set_json = &convert::text(&rule_set_json, "rule_set_json")?;
        out(&self
            .inner
            .check_rule_set_json(rule_set_json)
            .map_err(Error::from)?)
    }

    /// Whether a courier may claim a gear item at a station now, check by check, with the
    /// eligibility decision; `history` is the courier's earlier claims.
    #[wasm_bindgen(js_name = checkGearClaim, unchecked_return_type = "GearClaimDecision")]
    pub fn check_gear_claim(
        &self,
        #[wasm_bindgen(js_name = stationId, unchecked_param_type = "string")] station_id: JsValue,
        #[wasm_bindgen(js_name = gearCode, unchecked_param_type = "string")] gear_code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CourierProfile")] profile: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GearClaim[]")] history: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Fallible<JsValue> {
        let station_id = &convert::text(&station_id, "station_id")?;
        let gear_code = &convert::text(&gear_code, "gear_code")?;
        let profile = convert::profile(&profile)?;
        let history: Vec<GearClaim> = arg(&history, "history")?;
        let at = convert::instant(&at, "at")?;
        out(&self
            .inner
            .check_gear_claim(station_id, gear_code, &profile, &history, at)
            .map_err(Error::from)?)
    }

    /// Education events overlapping `from`–`to`, at one station or (null) everywhere.
    #[wasm_bindgen(js_name = eventsBetween, unchecked_return_type = "EducationEvent[]")]
    pub fn events_between(
        &self,
        #[wasm_bindgen(js_name = stationId, unchecked_param_type = "string | null | undefined")]
        station_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] to: JsValue,
    ) -> Fallible<JsValue> {
        let station_id = convert::optional_text(&station_id, "station_id")?;
        let from = convert::instant(&from, "from")?;
        let to = convert::instant(&to, "to")?;
        out(&self
            .inner
            .events_between(station_id.as_deref(), from, to)
            .map_err(Error::from)?)
    }

    /// Whether a courier may register for an education event, given the registrations so far.
    #[wasm_bindgen(js_name = checkEventRegistration, unchecked_return_type = "RegistrationDecision")]
    pub fn check_event_registration(
        &self,
        #[wasm_bindgen(js_name = eventId, unchecked_param_type = "string")] event_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CourierProfile")] profile: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] registered: JsValue,
        #[wasm_bindgen(js_name = alreadyRegistered, unchecked_param_type = "boolean")]
        already_registered: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Fallible<JsValue> {
        let event_id = &convert::text(&event_id, "event_id")?;
        let registered: i32 = arg(&registered, "registered")?;
        let already_registered: bool = arg(&already_registered, "already_registered")?;
        let profile = convert::profile(&profile)?;
        let at = convert::instant(&at, "at")?;
        out(&self
            .inner
            .check_event_registration(event_id, &profile, registered, already_registered, at)
            .map_err(Error::from)?)
    }

    /// Whether a courier may enrol as a consumer-protection ambassador, per criterion.
    #[wasm_bindgen(js_name = checkAmbassador, unchecked_return_type = "Decision")]
    pub fn check_ambassador(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CourierProfile")] profile: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    ) -> Fallible<JsValue> {
        let profile = convert::profile(&profile)?;
        let at = convert::instant(&at, "at")?;
        out(&self
            .inner
            .check_ambassador(&profile, at)
            .map_err(Error::from)?)
    }

    /// The product catalogue the document carries (products, rule sets, parameters).
    #[wasm_bindgen(js_name = productCatalogue, unchecked_return_type = "ProductCatalogue")]
    pub fn product_catalogue(&self) -> Fallible<JsValue> {
        out(self.inner.products().map_err(Error::from)?)
    }
}

/// A station status (from `stationStatus`, `stationDetails` or `nearby`) in words, in `lang`
/// (`"zh-CN"`, the default, or `"en"`); `at` is the instant the status is for.
#[wasm_bindgen(js_name = describeStatus)]
pub fn describe_status(
    #[wasm_bindgen(unchecked_param_type = "StationStatus")] status: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Lang | undefined")] lang: JsValue,
) -> Fallible<String> {
    let status: StationStatus = arg(&status, "status")?;
    let at = convert::instant(&at, "at")?;
    Ok(status.describe(&at, language(&lang)?))
}

/// The language argument: `"zh-CN"` when absent.
fn language(lang: &JsValue) -> Result<Lang, Error> {
    if lang.is_undefined() || lang.is_null() {
        return Ok(Lang::default());
    }
    arg(lang, "lang")
}

/// Converts a coordinate to another datum (outside mainland China it is returned unchanged,
/// as the datums coincide there).
#[wasm_bindgen(js_name = convertCoordinate, unchecked_return_type = "Coordinate")]
pub fn convert_coordinate(
    #[wasm_bindgen(unchecked_param_type = "Coordinate")] coordinate: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Datum")] to: JsValue,
) -> Fallible<JsValue> {
    let coordinate: Coordinate = arg(&coordinate, "coordinate")?;
    let to: Datum = arg(&to, "to")?;
    out(&coordinate.to_datum(to))
}

/// Great-circle distance between two coordinates in metres (each converted to WGS-84 first).
#[wasm_bindgen(js_name = distanceM)]
pub fn distance_m(
    #[wasm_bindgen(unchecked_param_type = "Coordinate")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Coordinate")] to: JsValue,
) -> Fallible<f64> {
    let from: Coordinate = arg(&from, "from")?;
    let to: Coordinate = arg(&to, "to")?;
    Ok(from.distance_m(&to))
}

/// Whether a point lies in mainland China (where GCJ-02 and BD-09 differ from WGS-84).
#[wasm_bindgen(js_name = inMainlandChina)]
pub fn in_mainland_china(
    #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] lon: JsValue,
) -> Fallible<bool> {
    let lat = convert::number(&lat, "lat")?;
    let lon = convert::number(&lon, "lon")?;
    Ok(waystation_core::geo::in_mainland_china(lat, lon))
}

/// Parses OSM `opening_hours` text (the supported subset) into the structured form.
#[wasm_bindgen(js_name = parseOpeningHours, unchecked_return_type = "OpeningHoursRecord")]
pub fn parse_opening_hours(
    #[wasm_bindgen(unchecked_param_type = "string")] osm: JsValue,
) -> Fallible<JsValue> {
    let osm = &convert::text(&osm, "osm")?;
    out(&OpeningHours::parse_osm(osm).map_err(|e| Error::from(e).at("osm"))?)
}

/// Writes opening hours (OSM text or structured) as OSM `opening_hours` text.
#[wasm_bindgen(js_name = openingHoursToOsm)]
pub fn opening_hours_to_osm(
    #[wasm_bindgen(unchecked_param_type = "OpeningHoursInput")] hours: JsValue,
) -> Fallible<String> {
    let hours: OpeningHours = arg(&hours, "hours")?;
    Ok(hours.to_osm().map_err(Error::from)?)
}

/// Validates a resident ID number (GB 11643); the answer never contains the full number.
#[wasm_bindgen(js_name = validateResidentId, unchecked_return_type = "ResidentIdInfo")]
pub fn validate_resident_id(
    #[wasm_bindgen(js_name = residentId, unchecked_param_type = "string")] resident_id: JsValue,
) -> Fallible<JsValue> {
    let resident_id = &convert::text(&resident_id, "resident_id")?;
    let id = ResidentId::parse(resident_id).map_err(|e| Error::from(e).at("resident_id"))?;
    out(&ResidentIdInfo::from(&id))
}

/// Validates a unified social credit code (GB 32100), `strict` (default) or `lenient`.
#[wasm_bindgen(js_name = validateCreditCode, unchecked_return_type = "CreditCodeInfo")]
pub fn validate_credit_code(
    #[wasm_bindgen(js_name = creditCode, unchecked_param_type = "string")] credit_code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CreditCodeMode | undefined")] mode: JsValue,
) -> Fallible<JsValue> {
    let credit_code = &convert::text(&credit_code, "credit_code")?;
    let mode: CreditCodeMode = if mode.is_undefined() || mode.is_null() {
        CreditCodeMode::default()
    } else {
        arg(&mode, "mode")?
    };
    let code = UnifiedCreditCode::parse(credit_code, mode)
        .map_err(|e| Error::from(e).at("credit_code"))?;
    out(&CreditCodeInfo::from(&code))
}

/// Reads an RFC 3339 instant with its offset (`2026-06-10T10:00:00+08:00`) with the library's
/// strict reader (every instant argument goes through it) and writes it back as answers write
/// instants: China time, `+08:00`. An instant without its offset is an `invalid_input` error.
#[wasm_bindgen(js_name = parseInstant, unchecked_return_type = "string")]
pub fn parse_instant(
    #[wasm_bindgen(unchecked_param_type = "string")] instant: JsValue,
) -> Fallible<JsValue> {
    let instant = &convert::text(&instant, "instant")?;
    let t = waystation_core::json::parse_instant(instant)
        .map_err(|message| Error::invalid("instant", message))?;
    out(&waystation_core::time::to_china(t))
}

/// The end-user message of a message key without parameters (`error.invalid_input`; every key
/// is in `docs/WORDS.md`), `{zh, en}`: to word a failure of the page's own as the library words
/// its errors. `not_found` for an unknown key, `invalid_input` for a message that takes
/// parameters.
#[wasm_bindgen(js_name = userMessage, unchecked_return_type = "LocalizedText")]
pub fn user_message(
    #[wasm_bindgen(js_name = messageKey, unchecked_param_type = "string")] message_key: JsValue,
) -> Fallible<JsValue> {
    let message_key = &convert::text(&message_key, "message_key")?;
    out(&waystation_core::error::user_message(message_key)?)
}

/// Masks all but `head` leading and `tail` trailing characters with `*`.
#[wasm_bindgen]
pub fn mask(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] head: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] tail: JsValue,
) -> Fallible<String> {
    let value = &convert::text(&value, "value")?;
    let head = convert::int32(&head, "head")?;
    let tail = convert::int32(&tail, "tail")?;
    Ok(waystation_core::identity::mask_counts(value, head, tail))
}

/// Normalises a credit code for comparison (trimmed, upper case).
#[wasm_bindgen(js_name = normaliseCreditCode)]
pub fn normalise_credit_code(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Fallible<String> {
    let input = &convert::text(&input, "input")?;
    Ok(UnifiedCreditCode::normalise(input))
}

/// Validates a courier profile; returns the warnings about accepted fields (throws
/// `invalid_input` listing every bad field in `problems`).
#[wasm_bindgen(js_name = checkCourierProfile, unchecked_return_type = "ProfileWarning[]")]
pub fn check_courier_profile(
    #[wasm_bindgen(unchecked_param_type = "CourierProfile")] profile: JsValue,
) -> Fallible<JsValue> {
    let profile = convert::profile(&profile)?;
    out(&profile.warnings())
}

/// Loads a product catalogue document (JSON text, snake_case file format) and returns it
/// validated (throws `invalid_input` with every issue).
#[wasm_bindgen(js_name = loadProductCatalogue, unchecked_return_type = "ProductCatalogue")]
pub fn load_product_catalogue(
    #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
) -> Fallible<JsValue> {
    let json = &convert::text(&json, "json")?;
    out(&ProductCatalogue::from_json(json).map_err(Error::from)?)
}

/// Verifies a signed catalogue bundle (bytes as published by the bank's back office) against the
/// trusted keys and loads the catalogue inside: structure, trusted key, Ed25519 signature, then
/// issue/expiry instants against `now`, the version against `minVersion` (the version the app
/// already has; older is a rollback), then the catalogue with full validation. Each rejection
/// is a `WaystationError` (see `BundleRejection` in the types for code and path of each).
#[wasm_bindgen(js_name = verifyBundle, unchecked_return_type = "VerifiedBundle")]
pub fn verify_bundle(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bundle: JsValue,
    #[wasm_bindgen(js_name = trustedKeys, unchecked_param_type = "TrustedKey[]")]
    trusted_keys: JsValue,
    #[wasm_bindgen(js_name = minVersion, unchecked_param_type = "number")] min_version: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Instant")] now: JsValue,
) -> Fallible<JsValue> {
    let bundle = &convert::bytes(&bundle, "bundle")?;
    let trusted_keys: Vec<TrustedKeyJson> = arg(&trusted_keys, "trusted_keys")?;
    let min_version: i64 = arg(&min_version, "min_version")?;
    let now = convert::instant(&now, "now")?;
    let verified = waystation_core::bundles::verify_bundle_with_key_records(
        bundle,
        &trusted_keys,
        &VerifyOptions::new(min_version, now),
    )
    .map_err(Error::from)?;
    convert::object(&[
        ("metadata", out(&verified.metadata)?),
        (
            "catalogue",
            JsValue::from(Catalogue {
                inner: verified.catalogue,
            }),
        ),
    ])
}
