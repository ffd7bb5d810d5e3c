//! The catalogue: one immutable, validated, indexed snapshot of a station network.
//!
//! A catalogue is loaded from JSON (the interchange form, with a `schema_version`) or from its
//! compact binary form ([`crate::compact`], much faster to load), with the same rules. Loading
//! validates everything and either succeeds whole or fails with the full list of problems, each
//! with its path (`stations[12].hours: …`); nothing is ever half-loaded. The loaded
//! [`Catalogue`] is immutable and cheap to clone (an `Arc` inside), so it can be shared across
//! threads and handed to bindings as is.

use crate::calendar::HolidayCalendar;
use crate::compact::CompactError;
use crate::eligibility::{check_rule_set_json, Decision, EvaluationContext, ValidationIssue};
use crate::geo::Coordinate;
use crate::hours::{HoursError, OpenStatus, OpeningHours};
use crate::identity::{CreditCodeMode, UnifiedCreditCode};
use crate::matching::{product_decision, MatchOptions, MatchResult};
use crate::org::{Branch, BranchLevel, Network, Outlet, Partner, Theme};
use crate::products::{ProductCatalogue, ProductError};
use crate::profile::CourierProfile;
use crate::programmes::{ClaimPeriod, Programmes};
use crate::services::{Season, ServiceDefinition, ServiceKind, ServiceSet, MAX_SERVICES};
use crate::stations::QueryError;
use crate::stations::{lifecycle_problems, LifecycleEvent, Station};
use crate::time::ChinaTime;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// The catalogue schema version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

pub mod compact;
mod matching;
mod programmes;
mod search;
mod stations;

pub use crate::sample::SAMPLE_CATALOGUE_JSON;

/// Explicit limits on what a catalogue may hold. Exceeding one is an error, never a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest JSON text accepted, in bytes.
    pub max_bytes: usize,
    /// Most records in any one list (stations, outlets, branches, …).
    pub max_records: usize,
    /// Longest id, code or name, in characters.
    pub max_text_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 * 1024 * 1024,
            max_records: 1_000_000,
            max_text_chars: 512,
        }
    }
}

/// One problem found in a catalogue, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Path of the offending value, e.g. `stations[12].hours`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a catalogue could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// The text is larger than [`Limits::max_bytes`].
    #[error("catalogue is {actual} bytes, more than the limit of {limit}")]
    TooLarge {
        /// Size given.
        actual: usize,
        /// The limit.
        limit: usize,
    },
    /// The text is not strict JSON: not JSON at all, a member name given twice in one object,
    /// or nested too deep (see [`crate::json`]).
    #[error(
        "catalogue is not valid JSON{}: {message} (line {line}, column {column})",
        at_path(path)
    )]
    Json {
        /// Field path of the offending value, when known (`stations[3].id` for a repeated
        /// member name); empty for a syntax error.
        path: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
        /// Whether the nesting limit was exceeded.
        limit: bool,
    },
    /// The `holiday_years` or `product_catalogue` member is larger than its limit
    /// ([`MAX_HOLIDAY_YEARS_BYTES`], [`MAX_PRODUCT_CATALOGUE_BYTES`]).
    #[error("catalogue member `{member}` is {actual} bytes, more than the limit of {limit}")]
    MemberTooLarge {
        /// The member.
        member: String,
        /// Its size.
        actual: usize,
        /// The limit.
        limit: usize,
    },
    /// A list has more records than [`Limits::max_records`].
    #[error("catalogue list `{list}` has {count} records, more than the limit of {limit}")]
    TooManyRecords {
        /// The list (`stations`, `outlets`, …).
        list: String,
        /// Records in the list.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The schema version is missing or not one this library reads.
    #[error(
        "catalogue schema_version {found} is not supported (this library reads {SCHEMA_VERSION})"
    )]
    UnsupportedSchema {
        /// What the document says, or `missing`.
        found: String,
    },
    /// The bytes are not a well-formed compact catalogue (see [`crate::compact`]): what is
    /// wrong, at which byte offset, in which section, record and field.
    #[error(transparent)]
    Compact(#[from] CompactError),
    /// The document is JSON of the right version but breaks rules; every problem is listed, up
    /// to [`MAX_PROBLEMS`] of them, and then one last entry (with an empty path) counting the
    /// problems not listed.
    #[error(
        "catalogue has {} problem(s): {}",
        count_problems(problems),
        first_problems(problems)
    )]
    Invalid {
        /// Every problem found, in document order.
        problems: Vec<Problem>,
    },
}

fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    }
}

fn count_problems(problems: &[Problem]) -> String {
    if problems.len() > MAX_PROBLEMS {
        format!("more than {MAX_PROBLEMS}")
    } else {
        problems.len().to_string()
    }
}

impl CatalogueError {
    /// The error for JSON text [`crate::json::check`] refused.
    pub(crate) fn from_fault(f: crate::json::JsonFault) -> CatalogueError {
        CatalogueError::Json {
            path: f.path,
            line: f.line,
            column: f.column,
            message: f.message,
            limit: f.limit,
        }
    }
}

fn first_problems(problems: &[Problem]) -> String {
    let mut s = problems
        .iter()
        .take(5)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > 5 {
        s.push_str(&format!("; and {} more", problems.len() - 5));
    }
    s
}

/// The catalogue document: the JSON interchange form, record by record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogueDocument {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The publisher's version of this catalogue, stamped on every decision.
    pub version: String,
    /// Whether the data is synthetic sample data (names and addresses are fictional).
    pub sample: bool,
    /// The network.
    pub network: Network,
    /// Branches: provincial and second-level.
    pub branches: Vec<Branch>,
    /// Outlets.
    pub outlets: Vec<Outlet>,
    /// Partner organisations and their member units.
    pub partners: Vec<Partner>,
    /// Themes that may be layered on stations.
    pub themes: Vec<Theme>,
    /// Seasons used by seasonal services.
    pub seasons: Vec<Season>,
    /// Service definitions (base, seasonal, gear).
    pub services: Vec<ServiceDefinition>,
    /// Stations.
    pub stations: Vec<Station>,
    /// Holiday calendars for years beyond the built-in ones, in the calendar's JSON form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holiday_years: Option<Value>,
    /// Financial products and their eligibility rules, if the catalogue carries them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_catalogue: Option<ProductCatalogue>,
    /// Programmes run at stations (gear claims, education events, ambassadors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programmes: Option<Programmes>,
}

/// An index of a list's ids the catalogue owns: the record numbers sorted by id (ties by
/// number), 4 bytes per record and no copy of the ids, searched by bisection (nothing is
/// hashed, so no input can make it slow). A duplicated id finds its first record.
#[derive(Debug, Default)]
pub(crate) struct SortedIds(Vec<u32>);

impl SortedIds {
    /// The record whose id is `id` (the first of equal ones); `key(i)`: the id of record `i`.
    fn get<'a>(&self, id: &str, key: impl Fn(usize) -> Option<&'a str>) -> Option<usize> {
        let at = self
            .0
            .partition_point(|&j| key(j as usize).is_some_and(|k| k < id));
        let j = *self.0.get(at)? as usize;
        (key(j)? == id).then_some(j)
    }
}

/// A station's place in the catalogue's indexes.
#[derive(Debug, Clone)]
pub(crate) struct StationRow {
    pub(crate) outlet: usize,
    pub(crate) wgs84: Coordinate,
    pub(crate) offered: ServiceSet,
    pub(crate) gear_in_stock: ServiceSet,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) doc: CatalogueDocument,
    pub(crate) calendar: HolidayCalendar,
    pub(crate) station_by_id: SortedIds,
    pub(crate) outlet_by_id: SortedIds,
    pub(crate) branch_by_id: HashMap<String, usize>,
    pub(crate) service_by_code: HashMap<String, usize>,
    pub(crate) rows: Vec<StationRow>,
    pub(crate) base_services: ServiceSet,
    /// (service index, season index) of every seasonal service.
    pub(crate) seasonal: Vec<(usize, usize)>,
    pub(crate) member_units: BTreeSet<String>,
    /// The spatial index and compiled schedules behind `nearby`.
    pub(crate) search: crate::index::SearchIndex,
}

/// A loaded, validated, immutable catalogue. Cloning is cheap (reference counted).
///
/// ```
/// use waystation::catalogue::Catalogue;
/// let catalogue = Catalogue::sample().unwrap();
/// assert!(catalogue.document().sample);
/// assert!(catalogue.document().stations.len() >= 30);
/// ```
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub(crate) inner: Arc<Inner>,
    /// The product catalogue compiled for matching, built on the first match and shared by
    /// every clone (none when the catalogue has no products).
    pub(crate) compiled_products: Arc<OnceLock<Option<matching::CompiledProducts>>>,
    /// The buffers of the last match, kept for the next one (shared by every clone; a match
    /// that finds them taken by another thread uses its own).
    pub(crate) spare_buffers: Arc<matching::SpareBuffers>,
}

/// What a catalogue holds, in numbers ([`Catalogue::info`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueInfo {
    /// The catalogue's version.
    pub version: String,
    /// Whether it is the embedded sample (synthetic names and addresses).
    pub sample: bool,
    /// The network's id.
    pub network_id: String,
    /// Number of branches.
    pub branches: i32,
    /// Number of outlets.
    pub outlets: i32,
    /// Number of stations.
    pub stations: i32,
    /// Number of service definitions.
    pub services: i32,
    /// Number of products in its product catalogue (0 without one).
    pub products: i32,
    /// The holiday calendar years it knows.
    pub calendar_years: Vec<i32>,
}

impl Catalogue {
    /// Loads the embedded synthetic Shandong sample catalogue.
    pub fn sample() -> Result<Catalogue, CatalogueError> {
        Catalogue::from_json(SAMPLE_CATALOGUE_JSON)
    }

    /// Loads and validates a catalogue from JSON with the default [`Limits`].
    pub fn from_json(json: &str) -> Result<Catalogue, CatalogueError> {
        Catalogue::from_json_with_limits(json, &Limits::default())
    }

    /// Loads and validates a catalogue from JSON with explicit limits.
    pub fn from_json_with_limits(json: &str, limits: &Limits) -> Result<Catalogue, CatalogueError> {
        if json.len() > limits.max_bytes {
            return Err(CatalogueError::TooLarge {
                actual: json.len(),
                limit: limits.max_bytes,
            });
        }
        crate::json::check(json).map_err(CatalogueError::from_fault)?;
        let (doc, rec, mut problems) = read_document(json, limits)?;
        Catalogue::build_checked(doc, limits, &rec, &mut problems)
    }

    /// Validates and indexes a document built in code.
    pub fn from_document(
        doc: CatalogueDocument,
        limits: &Limits,
    ) -> Result<Catalogue, CatalogueError> {
        Catalogue::build_checked(
            doc,
            limits,
            &Recovered::default(),
            &mut ProblemList::default(),
        )
    }

    /// Validates and indexes a document read from the compact form, exactly as one read from
    /// JSON, using what reading learned (see [`crate::compact::Decoded`]): the product catalogue
    /// was already validated; every outlet's WGS-84 position, checked while reading to be what
    /// [`Coordinate::to_wgs84`] gives (used only when there is one per outlet); per station,
    /// the number of the stored schedule its hours are a copy of (equal numbers must mean equal
    /// hours; used only when there is one per station) and the number of the outlet whose id
    /// its `outlet` is a copy of; whether the outlet and station ids were stored in ascending
    /// order.
    pub(crate) fn from_decoded(
        decoded: crate::compact::Decoded,
        limits: &Limits,
    ) -> Result<Catalogue, CatalogueError> {
        let rec = Recovered {
            products_validated: decoded.products_validated,
            outlet_wgs84: decoded.outlet_wgs84,
            station_schedules: decoded.station_schedules,
            station_outlets: decoded.station_outlets,
            outlet_branches: decoded.outlet_branches,
            station_lists: decoded.station_lists,
            outlet_ids_ascending: decoded.outlet_ids_ascending,
            station_ids_ascending: decoded.station_ids_ascending,
            outlet_texts_pass: decoded.outlet_texts_pass,
            station_ids_pass: decoded.station_ids_pass,
            ..Recovered::default()
        };
        Catalogue::build_checked(decoded.doc, limits, &rec, &mut ProblemList::default())
    }

    fn build_checked(
        doc: CatalogueDocument,
        limits: &Limits,
        rec: &Recovered,
        problems: &mut ProblemList,
    ) -> Result<Catalogue, CatalogueError> {
        let inner = build(doc, limits, rec, problems);
        match inner {
            Some(inner) if problems.is_empty() => Ok(Catalogue {
                inner: Arc::new(inner),
                compiled_products: Arc::default(),
                spare_buffers: Arc::default(),
            }),
            _ => Err(CatalogueError::Invalid {
                problems: std::mem::take(problems).into_vec(),
            }),
        }
    }

    /// The document the catalogue was loaded from.
    pub fn document(&self) -> &CatalogueDocument {
        &self.inner.doc
    }

    /// What the catalogue holds, in numbers: its version, whether it is the sample, and how many
    /// branches, outlets, stations, services and products it has, and the holiday calendar years
    /// it knows.
    pub fn info(&self) -> CatalogueInfo {
        let d = self.document();
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        CatalogueInfo {
            version: d.version.clone(),
            sample: d.sample,
            network_id: d.network.id.clone(),
            branches: count(d.branches.len()),
            outlets: count(d.outlets.len()),
            stations: count(d.stations.len()),
            services: count(d.services.len()),
            products: count(d.product_catalogue.as_ref().map_or(0, |p| p.products.len())),
            calendar_years: self.calendar().years(),
        }
    }

    /// The publisher's version string.
    pub fn version(&self) -> &str {
        &self.inner.doc.version
    }

    /// The holiday calendar: the built-in years plus any the catalogue brought.
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.inner.calendar
    }

    /// Normalised unified social credit codes of every partner member unit.
    pub fn member_units(&self) -> &BTreeSet<String> {
        &self.inner.member_units
    }

    /// The JSON interchange form (loads back to an equal catalogue).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.inner.doc).unwrap_or_default()
    }

    /// A service definition by code.
    pub fn service(&self, code: &str) -> Option<&ServiceDefinition> {
        self.inner
            .service_by_code
            .get(code)
            .and_then(|&i| self.inner.doc.services.get(i))
    }

    /// A branch by id.
    pub fn branch(&self, id: &str) -> Option<&Branch> {
        self.inner
            .branch_by_id
            .get(id)
            .and_then(|&i| self.inner.doc.branches.get(i))
    }

    /// An outlet by id.
    pub fn outlet(&self, id: &str) -> Option<&Outlet> {
        self.inner
            .outlet_by_id
            .get(id, |i| self.inner.doc.outlets.get(i).map(|o| o.id.as_str()))
            .and_then(|i| self.inner.doc.outlets.get(i))
    }

    /// The product catalogue, if this catalogue carries one.
    pub fn products(&self) -> Result<&ProductCatalogue, QueryError> {
        self.inner
            .doc
            .product_catalogue
            .as_ref()
            .ok_or(QueryError::NoProductCatalogue)
    }

    /// The context to evaluate rules in at `as_of`: this catalogue's member units, version and
    /// product parameters.
    pub fn evaluation_context(
        &self,
        as_of: ChinaTime,
    ) -> Result<EvaluationContext<'_>, QueryError> {
        Ok(self
            .products()?
            .context(as_of, &self.inner.member_units, &self.inner.doc.version))
    }

    /// Static check of a rule set document against this catalogue's product parameters: every
    /// issue with its path.
    pub fn check_rule_set_json(
        &self,
        rule_set_json: &str,
    ) -> Result<Vec<ValidationIssue>, QueryError> {
        Ok(check_rule_set_json(
            rule_set_json,
            &self.products()?.parameters,
        ))
    }

    /// Open status of any opening hours at `t`, with this catalogue's holiday calendar.
    pub fn opening_hours_status(
        &self,
        hours: &OpeningHours,
        t: ChinaTime,
    ) -> Result<OpenStatus, HoursError> {
        hours.status_at(t, &self.inner.calendar)
    }

    /// Ranks the catalogue's products for a courier at `as_of`, every answer explained.
    /// The product catalogue is compiled on the first call and kept with the catalogue (shared
    /// by its clones), and so are the working buffers of the last match: matching courier after
    /// courier allocates little more than the answer. Calls from several threads are safe and
    /// give the same answers; a call that finds the buffers in use makes its own. Only the
    /// languages of `options.lang` are rendered.
    ///
    /// ```
    /// use waystation::{catalogue::Catalogue, matching::MatchOptions, profile::CourierProfile};
    /// let c = Catalogue::sample().unwrap();
    /// let courier = CourierProfile::from_json(r#"{"occupation": "express_courier", "needs": ["pay"]}"#).unwrap();
    /// let at = chrono::DateTime::parse_from_rfc3339("2026-06-01T09:00:00+08:00").unwrap();
    /// let result = c.match_products(&courier, at, &MatchOptions::default()).unwrap();
    /// assert!(!result.recommended.is_empty() || !result.excluded.is_empty());
    /// ```
    pub fn match_products(
        &self,
        profile: &CourierProfile,
        as_of: ChinaTime,
        options: &MatchOptions,
    ) -> Result<MatchResult, QueryError> {
        if let Some(limit) = options.limit.filter(|&l| l < 0) {
            return Err(QueryError::InvalidArgument {
                field: "limit",
                message: format!("must not be negative (got {limit})"),
            });
        }
        // The products are compiled once, on the first match, and kept with the catalogue;
        // the buffers of one match (and its plan of the rule sets in effect on the day) serve
        // the next.
        let compiled = self.compiled_matcher()?;
        let buffers = self.spare_buffers.take();
        let (result, buffers) = compiled.with_dependent(|_, m| {
            let explained = m.explain_reusing(profile, as_of, options, buffers);
            (explained.to_match_result(), explained.into_buffers())
        });
        self.spare_buffers.put(buffers);
        Ok(result)
    }

    /// Whether a courier is eligible for product `product_id` at `as_of`, per criterion, with
    /// hints on how to become eligible.
    pub fn check_product(
        &self,
        product_id: &str,
        profile: &CourierProfile,
        as_of: ChinaTime,
    ) -> Result<Decision, QueryError> {
        let products = self.products()?;
        let product = products
            .product(product_id)
            .ok_or_else(|| QueryError::UnknownProduct {
                id: product_id.chars().take(64).collect(),
            })?;
        let ctx = self.evaluation_context(as_of)?;
        Ok(product_decision(products, product, profile, &ctx))
    }

    /// Whether gear can be claimed on `date`: the network runs gear claims and the date is in
    /// a claim period (every day for calendar-year periods; in the season for seasonal ones).
    pub(crate) fn gear_claimable_on(&self, date: chrono::NaiveDate) -> bool {
        let doc = &self.inner.doc;
        match doc.programmes.as_ref().and_then(|p| p.gear_claims.as_ref()) {
            None => false,
            Some(rules) => match &rules.period {
                ClaimPeriod::CalendarYear => true,
                ClaimPeriod::Season { season } => doc
                    .seasons
                    .iter()
                    .find(|s| s.code == *season)
                    .is_some_and(|s| s.contains(date)),
            },
        }
    }

    pub(crate) fn station_index(&self, id: &str) -> Option<usize> {
        let stations = &self.inner.doc.stations;
        self.inner
            .station_by_id
            .get(id, |i| stations.get(i).map(|s| s.id.as_str()))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: JSON value → document, record by record so one bad record does not hide the others.

const TOP_LEVEL_KEYS: [&str; 14] = [
    "schema_version",
    "version",
    "sample",
    "network",
    "branches",
    "outlets",
    "partners",
    "themes",
    "seasons",
    "services",
    "stations",
    "holiday_years",
    "product_catalogue",
    "programmes",
];

/// What reading learned about records that failed to deserialise, so that cross-record checks
/// neither misnumber paths nor report references to a bad record as unknown.
#[derive(Debug, Default)]
struct Recovered {
    /// For each list, the original position of every record that was read.
    positions: HashMap<&'static str, Vec<usize>>,
    /// For each list, the ids (or codes) of records that could not be read.
    failed_ids: HashMap<&'static str, HashSet<String>>,
    /// Whether the product catalogue was already validated while reading.
    products_validated: bool,
    /// Every outlet's position in WGS-84, already derived and checked while reading (the
    /// compact form stores them); empty: derive them here.
    outlet_wgs84: Vec<Coordinate>,
    /// Per station, the number of the stored schedule its hours were copied from (equal
    /// numbers, equal hours), so the index compiles each once; empty: unknown.
    station_schedules: Vec<u32>,
    /// Per station, the number of the outlet whose id the reader copied into the station's
    /// `outlet` (so equal to it by construction; `u32::MAX`: none); empty: none.
    station_outlets: Vec<u32>,
    /// Per outlet, the number of the branch whose id the reader copied into the outlet's
    /// `branch` (`u32::MAX`: none); empty: none.
    outlet_branches: Vec<u32>,
    /// Per station, the number of the stored service list its `services` are a copy of (equal
    /// numbers, the same list); empty: unknown.
    station_lists: Vec<u32>,
    /// The outlet ids are known to be in strictly ascending order (the compact reader proves
    /// it from how each id shares a prefix with the one before): no need to sort them.
    outlet_ids_ascending: bool,
    /// The station ids are known to be in strictly ascending order.
    station_ids_ascending: bool,
    /// Every outlet's id, names and addresses are known to pass the text rules (the compact
    /// reader checked them with the same limits): no need to read them again.
    outlet_texts_pass: bool,
    /// Every station's id is known to pass the text rules.
    station_ids_pass: bool,
}

impl Recovered {
    fn pos(&self, list: &str, i: usize) -> usize {
        self.positions
            .get(list)
            .and_then(|p| p.get(i))
            .copied()
            .unwrap_or(i)
    }

    fn failed(&self, list: &str, id: &str) -> bool {
        self.failed_ids
            .get(list)
            .is_some_and(|ids| ids.contains(id))
    }
}

/// Largest `holiday_years` member accepted, in bytes (a century of calendars is about 200 KB).
pub const MAX_HOLIDAY_YEARS_BYTES: usize = 1 << 20;
/// Largest `product_catalogue` member accepted, in bytes (the sample's 60 products are 21 KB).
pub const MAX_PRODUCT_CATALOGUE_BYTES: usize = 1 << 20;

/// Most problems a failed load lists; the rest are counted in one last entry (see
/// [`CatalogueError::Invalid`]), so that a document of a million bad records cannot make a
/// million messages.
pub const MAX_PROBLEMS: usize = 100;

/// The problems found so far: the first [`MAX_PROBLEMS`] kept, the rest only counted.
#[derive(Debug, Default)]
pub(crate) struct ProblemList {
    items: Vec<Problem>,
    total: usize,
}

impl ProblemList {
    pub(crate) fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.items.len() < MAX_PROBLEMS {
            self.items.push(problem);
        }
    }

    pub(crate) fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        for p in problems {
            self.push(p);
        }
    }

    /// Every problem found, listed or not.
    pub(crate) fn len(&self) -> usize {
        self.total
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The listed problems, then, when some were not listed, one entry counting them.
    pub(crate) fn into_vec(mut self) -> Vec<Problem> {
        let unlisted = self.total - self.items.len();
        if unlisted > 0 {
            self.items.push(Problem {
                path: String::new(),
                message: format!(
                    "and {unlisted} more problem(s) not listed (a load lists the first {MAX_PROBLEMS})"
                ),
            });
        }
        self.items
    }
}

type Read = (CatalogueDocument, Recovered, ProblemList);

/// The members of the catalogue object, each as its text (checked strict JSON already).
type Members<'t> = std::collections::BTreeMap<String, &'t serde_json::value::RawValue>;

fn read_document(text: &str, limits: &Limits) -> Result<Read, CatalogueError> {
    let mut top: Members<'_> = match crate::json::typed(text) {
        Ok(top) => top,
        Err(_) => {
            return Err(CatalogueError::Invalid {
                problems: vec![Problem {
                    path: String::new(),
                    message: "a catalogue is a JSON object".into(),
                }],
            })
        }
    };
    match top.get("schema_version").map(|raw| raw.get()) {
        Some(v) if v.parse::<u64>().ok() == Some(u64::from(SCHEMA_VERSION)) => {}
        Some(other) => {
            return Err(CatalogueError::UnsupportedSchema {
                found: other.chars().take(32).collect(),
            })
        }
        None => {
            return Err(CatalogueError::UnsupportedSchema {
                found: "missing".into(),
            })
        }
    }
    let mut problems = ProblemList::default();
    let mut rec = Recovered::default();
    for key in top.keys() {
        if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
            problems.push(Problem {
                path: clip(key),
                message: format!(
                    "unknown field; expected one of {}",
                    TOP_LEVEL_KEYS.join(", ")
                ),
            });
        }
    }
    let version: Option<String> = read_one(&mut top, "version", true, &mut problems);
    let sample: Option<bool> = read_one(&mut top, "sample", false, &mut problems);
    let network: Option<Network> = read_one(&mut top, "network", true, &mut problems);
    let mut r = ListReader {
        top: &mut top,
        limits,
        problems: &mut problems,
        rec: &mut rec,
    };
    let branches = r.list("branches", "id", |_| {})?;
    let outlets = r.list("outlets", "id", |_| {})?;
    let partners = r.list("partners", "id", |_| {})?;
    let themes = r.list("themes", "code", |_| {})?;
    let seasons = r.list("seasons", "code", |_| {})?;
    let services = r.list("services", "code", |_| {})?;
    let stations = {
        let mut shared = SharedParts::default();
        r.list("stations", "id", |s| shared.share(s))?
    };
    for (member, limit) in [
        ("holiday_years", MAX_HOLIDAY_YEARS_BYTES),
        ("product_catalogue", MAX_PRODUCT_CATALOGUE_BYTES),
    ] {
        if let Some(raw) = top.get(member) {
            if raw.get().len() > limit {
                return Err(CatalogueError::MemberTooLarge {
                    member: member.to_string(),
                    actual: raw.get().len(),
                    limit,
                });
            }
        }
    }
    let holiday_years = match top.remove("holiday_years") {
        None => None,
        Some(raw) if raw.get() == "null" => None,
        Some(raw) => match serde_json::from_str::<Value>(raw.get()) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(Problem {
                    path: "holiday_years".into(),
                    message: e.to_string(),
                });
                None
            }
        },
    };
    let programmes = read_one(&mut top, "programmes", false, &mut problems);
    let product_catalogue = match top.remove("product_catalogue") {
        None => None,
        Some(raw) if raw.get() == "null" => None,
        Some(raw) => match serde_json::from_str::<Value>(raw.get())
            .map_err(|e| ProductError::Syntax {
                line: e.line(),
                column: e.column(),
            })
            .and_then(|v| ProductCatalogue::from_value(&v))
        {
            Ok(p) => {
                rec.products_validated = true;
                Some(p)
            }
            Err(e) => {
                problems.extend(product_problems(e));
                None
            }
        },
    };
    let doc = CatalogueDocument {
        schema_version: SCHEMA_VERSION,
        version: version.unwrap_or_default(),
        sample: sample.unwrap_or(false),
        network: network.unwrap_or(Network {
            id: String::new(),
            name_zh: String::new(),
            name_en: String::new(),
        }),
        branches,
        outlets,
        partners,
        themes,
        seasons,
        services,
        stations,
        holiday_years,
        product_catalogue,
        programmes,
    };
    Ok((doc, rec, problems))
}

pub(crate) fn product_problems(e: ProductError) -> Vec<Problem> {
    match e {
        ProductError::Syntax { .. } => vec![Problem {
            path: "product_catalogue".into(),
            message: e.to_string(),
        }],
        ProductError::Invalid { issues } => issues
            .into_iter()
            .take(MAX_PROBLEMS + 1)
            .map(|i| Problem {
                path: crate::json::join("product_catalogue", &i.path),
                message: i.message,
            })
            .collect(),
    }
}

/// Deserialises a parsed value as a `T`, with the path of the first error under `path`.
pub(crate) fn deserialize_at<T: DeserializeOwned>(value: Value, path: &str) -> Result<T, Problem> {
    serde_path_to_error::deserialize::<_, T>(crate::json::Objects(value)).map_err(|e| {
        let mut path = crate::json::join(path, &crate::json::path_string(e.path()));
        let mut message = crate::json::without_value(&e.into_inner().to_string());
        crate::json::name_missing_field(&mut path, &mut message);
        Problem { path, message }
    })
}

/// Deserialises strict JSON text (already checked) as a `T`, with the path of the first error
/// under `path`.
fn typed_at<'t, T: Deserialize<'t>>(text: &'t str, path: &str) -> Result<T, Problem> {
    crate::json::typed(text).map_err(|f| Problem {
        path: crate::json::join(path, &f.path),
        message: f.message,
    })
}

fn read_one<T: DeserializeOwned>(
    top: &mut Members<'_>,
    key: &str,
    required: bool,
    problems: &mut ProblemList,
) -> Option<T> {
    match top.remove(key) {
        Some(raw) => typed_at(raw.get(), key).map_err(|p| problems.push(p)).ok(),
        None => {
            if required {
                problems.push(Problem {
                    path: key.into(),
                    message: "missing field".into(),
                });
            }
            None
        }
    }
}

/// The opening hours, service lists and lifecycles of the stations read so far, so that
/// stations with equal ones hold one copy (a national network has a few hundred distinct
/// schedules and lists, and a few thousand lifecycles, for hundreds of thousands of stations). Each duplicate is dropped as soon as its station is
/// read, so the allocator hands its memory to the next station instead of being left with
/// millions of scattered holes, which made later allocations markedly slower on glibc.
#[derive(Default)]
struct SharedParts {
    hours: HashSet<OpeningHours>,
    services: HashSet<Arc<[String]>>,
    lifecycles: HashSet<Arc<[LifecycleEvent]>>,
}

impl SharedParts {
    fn share(&mut self, station: &mut Station) {
        match self.hours.get(&station.hours) {
            Some(hours) => station.hours = hours.clone(),
            None => {
                self.hours.insert(station.hours.clone());
            }
        }
        match self.services.get(&*station.services) {
            Some(services) => station.services = Arc::clone(services),
            None => {
                self.services.insert(Arc::clone(&station.services));
            }
        }
        match self.lifecycles.get(&*station.lifecycle) {
            Some(events) => station.lifecycle = Arc::clone(events),
            None => {
                self.lifecycles.insert(Arc::clone(&station.lifecycle));
            }
        }
    }
}

/// Reads the record lists of the catalogue object, one record at a time straight from the
/// text: a list is never held whole in any form but the records read from it.
struct ListReader<'r, 't> {
    top: &'r mut Members<'t>,
    limits: &'r Limits,
    problems: &'r mut ProblemList,
    rec: &'r mut Recovered,
}

impl ListReader<'_, '_> {
    /// Reads list `key`, each record on its own (one bad record never hides the others),
    /// passing each record read to `each` before keeping it. More records than
    /// [`Limits::max_records`] is an error of its own (a limit, not a rule).
    fn list<T: DeserializeOwned>(
        &mut self,
        key: &'static str,
        id_field: &str,
        mut each: impl FnMut(&mut T),
    ) -> Result<Vec<T>, CatalogueError> {
        let Some(raw) = self.top.remove(key) else {
            return Ok(Vec::new());
        };
        let text = raw.get();
        if !text.starts_with('[') {
            self.problems.push(Problem {
                path: key.into(),
                message: "expected a list".into(),
            });
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        let mut positions = Vec::new();
        let problems = &mut *self.problems;
        let rec = &mut *self.rec;
        let counted =
            crate::json::for_each_element(
                text,
                self.limits.max_records,
                |i, item| match typed_at::<T>(item, &format!("{key}[{i}]")) {
                    Ok(mut v) => {
                        each(&mut v);
                        out.push(v);
                        positions.push(i);
                    }
                    Err(p) => {
                        problems.push(p);
                        if let Some(id) = crate::json::member_str(item, id_field) {
                            rec.failed_ids.entry(key).or_default().insert(id);
                        }
                    }
                },
            )
            .map_err(|f| CatalogueError::Invalid {
                problems: vec![Problem {
                    path: crate::json::join(key, &f.path),
                    message: f.message,
                }],
            })?;
        if let Err(count) = counted {
            return Err(CatalogueError::TooManyRecords {
                list: key.to_string(),
                count,
                limit: self.limits.max_records,
            });
        }
        out.shrink_to_fit();
        rec.positions.insert(key, positions);
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------------
// Validation and indexing.

struct Checker<'a> {
    limits: &'a Limits,
    rec: &'a Recovered,
    problems: &'a mut ProblemList,
}

impl Checker<'_> {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, path: impl Fn() -> String, value: &str, required: bool) {
        if missing_text(value, required) {
            self.problem(path(), "must not be empty");
        }
        if let Some(problem) = crate::text::unclean(value) {
            self.problem(path(), problem);
        }
        // A text has at most as many characters as bytes: count them only when it may matter.
        if value.len() <= self.limits.max_text_chars {
            return;
        }
        let n = value.chars().count();
        if n > self.limits.max_text_chars {
            self.problem(
                path(),
                format!(
                    "{n} characters, more than the limit of {}",
                    self.limits.max_text_chars
                ),
            );
        }
    }

    /// Indexes ids, reporting empty, over-long and duplicate ones.
    fn ids<'d>(
        &mut self,
        list: &'static str,
        field: &str,
        ids: impl ExactSizeIterator<Item = &'d str>,
    ) -> HashMap<String, usize> {
        let mut index = HashMap::with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            let n = self.rec.pos(list, i);
            self.text(|| format!("{list}[{n}].{field}"), id, true);
            if let Some(first) = index.insert(id.to_string(), i) {
                let first_n = self.rec.pos(list, first);
                self.problem(
                    format!("{list}[{n}].{field}"),
                    format!(
                        "duplicate {field} `{}` (first at {list}[{first_n}])",
                        clip(id)
                    ),
                );
                index.insert(id.to_string(), first);
            }
        }
        index
    }

    /// Indexes a long list's ids by sorting ([`SortedIds`]), reporting empty, over-long and
    /// duplicate ones exactly as [`Checker::ids`] does; also returns, per record, whether it
    /// repeats an earlier record's id. `ascending`: the ids are known to be strictly ascending,
    /// so there is nothing to sort.
    fn sorted_ids<'d>(
        &mut self,
        list: &'static str,
        field: &str,
        (len, id_of): (usize, impl Fn(usize) -> Option<&'d str>),
        ascending: bool,
        texts_pass: bool,
    ) -> (SortedIds, Vec<bool>) {
        let numbers = || (0..len).map(|i| u32::try_from(i).unwrap_or(u32::MAX));
        if ascending && texts_pass {
            // Sorted and unique (the compact reader proved it), and every id known to pass the
            // text rules: nothing to sort, nothing to report.
            return (SortedIds(numbers().collect()), vec![false; len]);
        }
        let ids: Vec<&str> = (0..len).map(|i| id_of(i).unwrap_or_default()).collect();
        // For each record, the first record with its id (itself when unique).
        let mut first: Vec<u32> = numbers().collect();
        let order: Vec<u32> = if ascending {
            // Sorted and unique already (the compact reader proved it): the record order.
            numbers().collect()
        } else {
            let mut sorted: Vec<(&str, u32)> = ids.iter().copied().zip(numbers()).collect();
            // Lists are often in id order already: the sort then only checks that.
            sorted.sort_unstable();
            let mut group: Option<(&str, u32)> = None;
            for &(id, i) in &sorted {
                match group {
                    Some((g, f)) if g == id => {
                        if let Some(slot) = first.get_mut(i as usize) {
                            *slot = f;
                        }
                    }
                    _ => group = Some((id, i)),
                }
            }
            sorted.into_iter().map(|(_, i)| i).collect()
        };
        let mut repeats = vec![false; ids.len()];
        for (i, (&id, (&f, repeat))) in ids.iter().zip(first.iter().zip(&mut repeats)).enumerate() {
            let n = self.rec.pos(list, i);
            if !texts_pass {
                self.text(|| format!("{list}[{n}].{field}"), id, true);
            }
            if f as usize != i {
                *repeat = true;
                let first_n = self.rec.pos(list, f as usize);
                self.problem(
                    format!("{list}[{n}].{field}"),
                    format!(
                        "duplicate {field} `{}` (first at {list}[{first_n}])",
                        clip(id)
                    ),
                );
            }
        }
        (SortedIds(order), repeats)
    }
}

/// Service codes to their index, for the many lookups of station records: a small
/// open-addressing table with an unkeyed hash when there are at most [`MAX_SERVICES`] codes
/// (a probe sequence can never be longer than the table, whatever the input), else the map.
struct CodeTable<'a> {
    slots: Vec<Option<(&'a str, usize)>>,
    map: &'a HashMap<String, usize>,
}

impl<'a> CodeTable<'a> {
    const SLOTS: usize = 2 * MAX_SERVICES;

    fn new(map: &'a HashMap<String, usize>, codes: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut slots = Vec::new();
        if codes.len() <= MAX_SERVICES {
            slots = vec![None; Self::SLOTS];
            for code in codes {
                let Some(&k) = map.get(code) else { continue };
                let mut h = Self::hash(code);
                while let Some(slot) = slots.get_mut(h % Self::SLOTS) {
                    match slot {
                        Some((c, _)) if *c == code => break,
                        Some(_) => h = h.wrapping_add(1),
                        None => {
                            *slot = Some((code, k));
                            break;
                        }
                    }
                }
            }
        }
        CodeTable { slots, map }
    }

    fn hash(code: &str) -> usize {
        // FNV-1a.
        let h = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        (h ^ (h >> 32)) as usize
    }

    fn get(&self, code: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return self.map.get(code).copied();
        }
        let h = Self::hash(code);
        for probe in 0..Self::SLOTS {
            match self.slots.get(h.wrapping_add(probe) % Self::SLOTS)? {
                Some((c, k)) if *c == code => return Some(*k),
                Some(_) => {}
                None => return None,
            }
        }
        None
    }
}

/// Service lists already found valid, with the services they offer.
///
/// Keyed by the number of the stored list when the compact reader gave one per station (equal
/// numbers, the same list), else by the list's address (an address names one list: the
/// document holds every list for as long as validation runs).
struct ValidLists<'a> {
    numbers: Option<&'a [u32]>,
    by_number: Vec<Option<ServiceSet>>,
    by_address: HashMap<usize, ServiceSet>,
}

#[derive(Debug, Clone, Copy)]
enum ListKey {
    Number(usize),
    Address(usize),
}

impl<'a> ValidLists<'a> {
    fn new(numbers: &'a [u32], stations: usize) -> Self {
        let numbers = (numbers.len() == stations).then_some(numbers);
        // The reader's list numbers are below its number of lists; no more lists than
        // stations are ever used (a larger number is simply not remembered).
        let lists = numbers
            .and_then(|n| n.iter().max())
            .map_or(0, |&m| (m as usize).saturating_add(1).min(stations));
        ValidLists {
            numbers,
            by_number: vec![None; lists],
            by_address: HashMap::new(),
        }
    }

    fn key(&self, station: usize, list: &Arc<[String]>) -> ListKey {
        match self.numbers.and_then(|n| n.get(station)) {
            Some(&k) => ListKey::Number(k as usize),
            None => ListKey::Address(Arc::as_ptr(list).cast::<String>() as usize),
        }
    }

    fn get(&self, key: ListKey) -> Option<ServiceSet> {
        match key {
            ListKey::Number(k) => self.by_number.get(k).copied().flatten(),
            ListKey::Address(a) => self.by_address.get(&a).copied(),
        }
    }

    fn insert(&mut self, key: ListKey, set: ServiceSet) {
        match key {
            ListKey::Number(k) => {
                if let Some(slot) = self.by_number.get_mut(k) {
                    *slot = Some(set);
                }
            }
            ListKey::Address(a) => {
                self.by_address.insert(a, set);
            }
        }
    }
}

/// Whether a required text is missing: empty, or only white space and invisible characters.
fn missing_text(value: &str, required: bool) -> bool {
    // Most texts start with a visible ASCII character: no need to look further.
    let visible = value
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_graphic());
    required
        && !visible
        && value
            .chars()
            .all(|c| c.is_whitespace() || crate::text::is_invisible(c))
}

/// Whether a text passes the rules every catalogue text is checked by (see `Checker::text`):
/// present if `required`, only visible characters and spaces, in Unicode normalization form C,
/// and at most `max_chars` characters. The compact reader checks its text columns by this
/// while it reads them, so that validation need not read them again.
pub(crate) fn text_passes(value: &str, required: bool, max_chars: usize) -> bool {
    !missing_text(value, required)
        && crate::text::unclean(value).is_none()
        && (value.len() <= max_chars || value.chars().count() <= max_chars)
}

fn clip(s: &str) -> String {
    s.chars().take(64).collect()
}

fn build(
    doc: CatalogueDocument,
    limits: &Limits,
    rec: &Recovered,
    problems: &mut ProblemList,
) -> Option<Inner> {
    let mut c = Checker {
        limits,
        rec,
        problems,
    };
    c.text(|| "version".into(), &doc.version, true);
    c.text(|| "network.id".into(), &doc.network.id, true);
    c.text(|| "network.name_zh".into(), &doc.network.name_zh, true);
    c.text(|| "network.name_en".into(), &doc.network.name_en, true);

    let branch_by_id = c.ids("branches", "id", doc.branches.iter().map(|b| b.id.as_str()));
    let outlet_id = |k: usize| doc.outlets.get(k).map(|o| o.id.as_str());
    let station_id = |k: usize| doc.stations.get(k).map(|s| s.id.as_str());
    let (outlet_by_id, outlet_repeats) = c.sorted_ids(
        "outlets",
        "id",
        (doc.outlets.len(), outlet_id),
        rec.outlet_ids_ascending,
        rec.outlet_texts_pass,
    );
    let (station_by_id, _) = c.sorted_ids(
        "stations",
        "id",
        (doc.stations.len(), station_id),
        rec.station_ids_ascending,
        rec.station_ids_pass,
    );
    let partner_by_id = c.ids("partners", "id", doc.partners.iter().map(|p| p.id.as_str()));
    let theme_by_code = c.ids("themes", "code", doc.themes.iter().map(|t| t.code.as_str()));
    let season_by_code = c.ids(
        "seasons",
        "code",
        doc.seasons.iter().map(|s| s.code.as_str()),
    );
    let service_by_code = c.ids(
        "services",
        "code",
        doc.services.iter().map(|s| s.code.as_str()),
    );
    if doc.services.len() > MAX_SERVICES {
        c.problem(
            "services",
            format!(
                "{} services, more than the limit of {MAX_SERVICES}",
                doc.services.len()
            ),
        );
    }

    for (i, b) in doc.branches.iter().enumerate() {
        let n = rec.pos("branches", i);
        c.text(|| format!("branches[{n}].name_zh"), &b.name_zh, true);
        c.text(|| format!("branches[{n}].name_en"), &b.name_en, true);
        let parent = b.parent.as_deref();
        match (b.level, parent) {
            (BranchLevel::Provincial, Some(_)) => c.problem(
                format!("branches[{n}].parent"),
                "a provincial branch has no parent",
            ),
            (BranchLevel::SecondLevel, None) => c.problem(
                format!("branches[{n}].parent"),
                "a second-level branch needs its provincial branch as parent",
            ),
            (BranchLevel::SecondLevel, Some(p)) => {
                let parent_level = branch_by_id
                    .get(p)
                    .and_then(|&j| doc.branches.get(j))
                    .map(|b| b.level);
                match parent_level {
                    None if rec.failed("branches", p) => {}
                    None => c.problem(
                        format!("branches[{n}].parent"),
                        format!("unknown branch `{}`", clip(p)),
                    ),
                    Some(BranchLevel::Provincial) => {}
                    Some(BranchLevel::SecondLevel) => c.problem(
                        format!("branches[{n}].parent"),
                        format!(
                            "`{}` is a second-level branch, not a provincial one",
                            clip(p)
                        ),
                    ),
                }
            }
            (BranchLevel::Provincial, None) => {}
        }
    }

    for (i, o) in doc.outlets.iter().enumerate() {
        let n = rec.pos("outlets", i);
        if !rec.outlet_texts_pass {
            c.text(|| format!("outlets[{n}].name_zh"), &o.name_zh, true);
            c.text(|| format!("outlets[{n}].name_en"), &o.name_en, true);
            c.text(|| format!("outlets[{n}].address_zh"), &o.address_zh, false);
            c.text(|| format!("outlets[{n}].address_en"), &o.address_en, false);
        }
        // The branch the compact reader copied the id from, when no two branches share an id
        // (so it is the one a lookup by id finds).
        let hint = rec
            .outlet_branches
            .get(i)
            .filter(|_| branch_by_id.len() == doc.branches.len())
            .and_then(|&k| doc.branches.get(k as usize));
        match hint.or_else(|| {
            branch_by_id
                .get(o.branch.as_str())
                .and_then(|&j| doc.branches.get(j))
        }) {
            None if rec.failed("branches", &o.branch) => {}
            None => c.problem(
                format!("outlets[{n}].branch"),
                format!("unknown branch `{}`", clip(&o.branch)),
            ),
            Some(b) if b.level != BranchLevel::SecondLevel => c.problem(
                format!("outlets[{n}].branch"),
                format!("`{}` is not a second-level branch", clip(&o.branch)),
            ),
            Some(_) => {}
        }
    }

    let mut member_units = BTreeSet::new();
    for (i, p) in doc.partners.iter().enumerate() {
        let n = rec.pos("partners", i);
        c.text(|| format!("partners[{n}].name_zh"), &p.name_zh, true);
        c.text(|| format!("partners[{n}].name_en"), &p.name_en, true);
        if p.member_units.len() > limits.max_records {
            c.problem(
                format!("partners[{n}].member_units"),
                "too many member units",
            );
        }
        for (j, m) in p.member_units.iter().enumerate() {
            let path = || format!("partners[{n}].member_units[{j}].credit_code");
            c.text(path, &m.credit_code, true);
            // Lenient: some legally issued codes fail the GB 32100 checksum; the form must be right,
            // and written as the code is (upper case, no spaces): it is data, compared as given.
            if let Err(e) = UnifiedCreditCode::parse(&m.credit_code, CreditCodeMode::Lenient) {
                c.problem(path(), e.to_string());
            } else if UnifiedCreditCode::normalise(&m.credit_code) != m.credit_code.as_str() {
                c.problem(
                    path(),
                    "write the code as issued: 18 characters, upper case, no spaces around it",
                );
            }
            if !member_units.insert(UnifiedCreditCode::normalise(&m.credit_code)) {
                c.problem(path(), "the same member unit is listed twice");
            }
        }
    }

    for (i, t) in doc.themes.iter().enumerate() {
        let n = rec.pos("themes", i);
        c.text(|| format!("themes[{n}].name_zh"), &t.name_zh, true);
        c.text(|| format!("themes[{n}].name_en"), &t.name_en, true);
        if let Some(p) = &t.partner {
            if !partner_by_id.contains_key(p) && !rec.failed("partners", p) {
                c.problem(
                    format!("themes[{n}].partner"),
                    format!("unknown partner `{}`", clip(p)),
                );
            }
        }
    }

    let mut base_services = ServiceSet::EMPTY;
    let mut seasonal = Vec::new();
    for (i, s) in doc.services.iter().enumerate() {
        let n = rec.pos("services", i);
        c.text(|| format!("services[{n}].name_zh"), &s.name_zh, true);
        c.text(|| format!("services[{n}].name_en"), &s.name_en, true);
        match (s.kind, &s.season) {
            (ServiceKind::Seasonal, None) => c.problem(
                format!("services[{n}].season"),
                "a seasonal service needs a season",
            ),
            (ServiceKind::Seasonal, Some(code)) => match season_by_code.get(code) {
                Some(&j) => seasonal.push((i, j)),
                None if rec.failed("seasons", code) => {}
                None => c.problem(
                    format!("services[{n}].season"),
                    format!("unknown season `{}`", clip(code)),
                ),
            },
            (_, Some(_)) => c.problem(
                format!("services[{n}].season"),
                "only seasonal services have a season",
            ),
            (ServiceKind::Base, None) => base_services = base_services.with(ServiceSet::single(i)),
            (ServiceKind::Gear, None) => {}
        }
        match (s.kind, &s.theme) {
            (ServiceKind::Gear, Some(t))
                if !theme_by_code.contains_key(t) && !rec.failed("themes", t) =>
            {
                c.problem(
                    format!("services[{n}].theme"),
                    format!("unknown theme `{}`", clip(t)),
                )
            }
            (ServiceKind::Base | ServiceKind::Seasonal, Some(_)) => c.problem(
                format!("services[{n}].theme"),
                "only gear items belong to a theme",
            ),
            _ => {}
        }
    }

    let mut rows = Vec::with_capacity(doc.stations.len());
    let derived = (rec.outlet_wgs84.len() == doc.outlets.len()).then_some(&rec.outlet_wgs84);
    // For each outlet, the station it hosts (u32::MAX: none yet).
    let mut outlet_has_station = vec![u32::MAX; doc.outlets.len()];
    let services = CodeTable::new(
        &service_by_code,
        doc.services.iter().map(|s| s.code.as_str()),
    );
    let mut valid_lists = ValidLists::new(&rec.station_lists, doc.stations.len());
    let mut serving = Vec::with_capacity(doc.stations.len());
    for (i, s) in doc.stations.iter().enumerate() {
        let n = rec.pos("stations", i);
        // The outlet the compact reader copied the id from, if no earlier outlet has that id
        // (the one a lookup by id finds).
        let hint = rec
            .station_outlets
            .get(i)
            .map(|&k| k as usize)
            .filter(|&k| outlet_repeats.get(k) == Some(&false));
        let outlet = hint.or_else(|| outlet_by_id.get(&s.outlet, outlet_id));
        match outlet {
            None if rec.failed("outlets", &s.outlet) => {}
            None => c.problem(
                format!("stations[{n}].outlet"),
                format!("unknown outlet `{}`", clip(&s.outlet)),
            ),
            Some(o) => {
                let slot = outlet_has_station.get_mut(o);
                let first =
                    slot.map(|f| std::mem::replace(f, u32::try_from(i).unwrap_or(u32::MAX - 1)));
                if let Some(first) = first.filter(|&f| f != u32::MAX).map(|f| f as usize) {
                    c.problem(
                        format!("stations[{n}].outlet"),
                        format!(
                            "outlet `{}` already hosts stations[{}]",
                            clip(&s.outlet),
                            rec.pos("stations", first)
                        ),
                    );
                }
            }
        }
        let mut seen_themes = HashSet::new();
        for (j, t) in s.themes.iter().enumerate() {
            if !theme_by_code.contains_key(&t.code) && !rec.failed("themes", &t.code) {
                c.problem(
                    format!("stations[{n}].themes[{j}].code"),
                    format!("unknown theme `{}`", clip(&t.code)),
                );
            }
            if !seen_themes.insert(&t.code) {
                c.problem(format!("stations[{n}].themes[{j}].code"), "listed twice");
            }
            if !t.lifecycle.is_empty() {
                for (k, msg) in lifecycle_problems(&t.lifecycle) {
                    let path = match k {
                        Some(k) => format!("stations[{n}].themes[{j}].lifecycle[{k}]"),
                        None => format!("stations[{n}].themes[{j}].lifecycle"),
                    };
                    c.problem(path, msg);
                }
            }
        }
        for (j, msg) in lifecycle_problems(&s.lifecycle) {
            let path = match j {
                Some(j) => format!("stations[{n}].lifecycle[{j}]"),
                None => format!("stations[{n}].lifecycle"),
            };
            c.problem(path, msg);
        }
        // For the index, while the events are at hand (reading them again later costs a
        // cache miss per station).
        serving.push(search::serving_from(&s.lifecycle));
        // Stations with equal service lists share one (see `SharedParts` and the compact
        // form's table of lists): a list found valid once gives its set to the others.
        let list = valid_lists.key(i, &s.services);
        let known = valid_lists.get(list);
        let problems_before = c.problems.len();
        let mut offered = ServiceSet::EMPTY;
        for (j, code) in s.services.iter().enumerate().filter(|_| known.is_none()) {
            match services
                .get(code)
                .map(|k| (k, doc.services.get(k).map(|d| d.kind)))
            {
                None if rec.failed("services", code) => {}
                None => c.problem(
                    format!("stations[{n}].services[{j}]"),
                    format!("unknown service code `{}`", clip(code)),
                ),
                Some((_, Some(ServiceKind::Gear))) => c.problem(
                    format!("stations[{n}].services[{j}]"),
                    format!(
                        "`{}` is gear: list it under gear_stock with its stock",
                        clip(code)
                    ),
                ),
                Some((k, _)) => {
                    let bit = ServiceSet::single(k);
                    if offered.contains_all(bit) {
                        c.problem(format!("stations[{n}].services[{j}]"), "listed twice");
                    }
                    offered = offered.with(bit);
                }
            }
        }
        match known {
            Some(set) => offered = set,
            None if c.problems.len() == problems_before => {
                valid_lists.insert(list, offered);
            }
            None => {}
        }
        let mut gear_in_stock = ServiceSet::EMPTY;
        for (code, &stock) in &s.gear_stock {
            let path = || format!("stations[{n}].gear_stock.{}", clip(code));
            if stock < 0 {
                c.problem(path(), "must not be negative");
            }
            match services.get(code).map(|k| (k, doc.services.get(k))) {
                Some((k, Some(def))) if def.kind == ServiceKind::Gear => {
                    if let Some(theme) = &def.theme {
                        if !s.has_theme(theme) {
                            c.problem(
                                path(),
                                format!(
                                    "gear of theme `{}`, which the station does not carry",
                                    clip(theme)
                                ),
                            );
                        }
                    }
                    if stock > 0 {
                        gear_in_stock = gear_in_stock.with(ServiceSet::single(k));
                    }
                }
                Some(_) => c.problem(path(), "not a gear item"),
                None => c.problem(path(), "unknown gear code"),
            }
        }
        if let Some(o) = outlet.and_then(|o| doc.outlets.get(o).map(|x| (o, x))) {
            rows.push(StationRow {
                outlet: o.0,
                wgs84: derived
                    .and_then(|d| d.get(o.0).copied())
                    .unwrap_or_else(|| o.1.location.to_wgs84()),
                offered,
                gear_in_stock,
            });
        }
    }

    if let Some(products) = doc
        .product_catalogue
        .as_ref()
        .filter(|_| !rec.products_validated)
    {
        for issue in products.validate() {
            if issue.severity == crate::eligibility::Severity::Error {
                let path = format!("product_catalogue.{}", issue.path);
                c.problem(path.trim_end_matches('.'), issue.message);
            }
        }
    }

    if let Some(programmes) = &doc.programmes {
        let rule_set_known = |id: &str| {
            doc.product_catalogue
                .as_ref()
                .is_some_and(|p| p.rule_sets.iter().any(|r| r.id == id))
        };
        if let Some(g) = &programmes.gear_claims {
            if !rule_set_known(&g.rule_set) {
                c.problem(
                    "programmes.gear_claims.rule_set",
                    format!("unknown rule set `{}`", clip(&g.rule_set)),
                );
            }
            if let ClaimPeriod::Season { season } = &g.period {
                if !season_by_code.contains_key(season) && !rec.failed("seasons", season) {
                    c.problem(
                        "programmes.gear_claims.period.season",
                        format!("unknown season `{}`", clip(season)),
                    );
                }
            }
            if g.per_period <= 0 {
                c.problem("programmes.gear_claims.per_period", "must be at least 1");
            }
        }
        if let Some(a) = &programmes.ambassador {
            if !rule_set_known(&a.rule_set) {
                c.problem(
                    "programmes.ambassador.rule_set",
                    format!("unknown rule set `{}`", clip(&a.rule_set)),
                );
            }
        }
        let mut event_ids = HashSet::new();
        for (i, e) in programmes.events.iter().enumerate() {
            let at = |field: &str| format!("programmes.events[{i}].{field}");
            c.text(|| at("id"), &e.id, true);
            c.text(|| at("title_zh"), &e.title_zh, true);
            c.text(|| at("title_en"), &e.title_en, true);
            if !event_ids.insert(e.id.as_str()) {
                c.problem(at("id"), format!("duplicate id `{}`", clip(&e.id)));
            }
            let known = station_by_id.get(&e.station, station_id).is_some();
            if !known && !rec.failed("stations", &e.station) {
                c.problem(
                    at("station"),
                    format!("unknown station `{}`", clip(&e.station)),
                );
            }
            if e.ends_at <= e.starts_at {
                c.problem(at("ends_at"), "must be after starts_at");
            }
            if e.capacity <= 0 {
                c.problem(at("capacity"), "must be at least 1");
            }
            if let Some(rs) = &e.rule_set {
                if !rule_set_known(rs) {
                    c.problem(at("rule_set"), format!("unknown rule set `{}`", clip(rs)));
                }
            }
        }
    }

    let calendar = match &doc.holiday_years {
        None => HolidayCalendar::builtin(),
        Some(v) => match HolidayCalendar::builtin().with_years_json(&v.to_string()) {
            Ok(cal) => cal,
            Err(e) => {
                // The path down to the field at fault (`holiday_years[1].holidays[0].name_zh`).
                let message = e.to_string();
                match e.path() {
                    Some(path) => {
                        let rest = message
                            .strip_prefix(path)
                            .and_then(|m| m.strip_prefix(": "))
                            .unwrap_or(&message);
                        let at = crate::json::join("holiday_years", path.trim_end_matches('.'));
                        c.problem(&at, rest.to_string());
                    }
                    None => c.problem("holiday_years", message),
                }
                HolidayCalendar::builtin()
            }
        },
    };

    if !problems.is_empty() || rows.len() != doc.stations.len() {
        return None;
    }
    let search = search::build_search_index(&doc, &rows, &rec.station_schedules, &serving);
    Some(Inner {
        search,
        doc,
        calendar,
        station_by_id,
        outlet_by_id,
        branch_by_id,
        service_by_code,
        rows,
        base_services,
        seasonal,
        member_units,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// A service list shared by several stations is checked for each of them: a bad one is
    /// reported at every station that has it, in both forms.
    #[test]
    fn a_bad_service_list_is_reported_at_every_station_sharing_it() {
        let mut doc = Catalogue::sample().unwrap().document().clone();
        let mut bad = doc.stations[0].services.to_vec();
        bad.push("no-such-service".into());
        let bad: Arc<[String]> = bad.into();
        for i in [1, 4, 9] {
            doc.stations[i].services = Arc::clone(&bad);
        }
        let json = Catalogue::from_json(&serde_json::to_string(&doc).unwrap()).unwrap_err();
        let compact = Catalogue::from_compact(&crate::compact::encode(&doc, &[])).unwrap_err();
        assert_eq!(json, compact);
        let CatalogueError::Invalid { problems } = json else {
            panic!("{json:?}")
        };
        for i in [1, 4, 9] {
            let path = format!("stations[{i}].services[{}]", bad.len() - 1);
            assert!(
                problems.iter().any(|p| p.path == path),
                "{path}: {problems:?}"
            );
        }
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    /// Equal opening hours, service lists and lifecycles are one shared copy, whether the
    /// catalogue was read from JSON (shared as it is read) or from the compact form (by its
    /// tables).
    #[test]
    fn stations_with_equal_hours_services_or_lifecycles_share_one_copy() {
        let mut doc = Catalogue::sample().unwrap().document().clone();
        // Stations opened together: equal lifecycles, each its own copy in the document.
        let opened = doc.stations[0].lifecycle.to_vec();
        for s in doc.stations.iter_mut().skip(1).step_by(4) {
            s.lifecycle = Arc::from(opened.clone());
        }
        let json = Catalogue::from_json(&serde_json::to_string(&doc).unwrap()).unwrap();
        let compact = Catalogue::from_compact(&json.to_compact()).unwrap();
        for c in [&json, &compact] {
            let stations = &c.document().stations;
            let (mut hours, mut services, mut lifecycles) = (0, 0, 0);
            for (i, a) in stations.iter().enumerate() {
                for b in &stations[i + 1..] {
                    if a.hours == b.hours {
                        assert!(a.hours.shares_with(&b.hours), "{} {}", a.id, b.id);
                        hours += 1;
                    }
                    if a.services == b.services {
                        assert!(Arc::ptr_eq(&a.services, &b.services), "{} {}", a.id, b.id);
                        services += 1;
                    }
                    if a.lifecycle == b.lifecycle {
                        assert!(Arc::ptr_eq(&a.lifecycle, &b.lifecycle), "{} {}", a.id, b.id);
                        lifecycles += 1;
                    }
                }
            }
            assert!(hours > 0 && services > 0, "{hours} {services}");
            assert!(lifecycles >= 28, "{lifecycles}");
        }
    }
}
