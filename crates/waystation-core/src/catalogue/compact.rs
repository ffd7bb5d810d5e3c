//! The compact binary catalogue form: a loaded catalogue in a few bytes per station, to be
//! loaded much faster than the JSON interchange form (which stays the form catalogues are
//! exchanged and edited in).
//!
//! [`Catalogue::to_compact`] writes it, [`Catalogue::from_compact`] reads it back into a catalogue
//! equal to the one written. A compact file is untrusted input: every length, index, tag and
//! text is checked while reading (a length is checked against the bytes that remain before
//! anything is allocated for it), and the document read is then validated and indexed by
//! exactly the code that validates a JSON document, so the same rules hold for both forms.
//! Reading is plain safe Rust over a byte slice (no I/O, no threads, no `unsafe`), so it works
//! the same in WebAssembly. Every failure is a [`CompactError`] naming the byte offset and the
//! section, record and field, or the catalogue's own list of problems.
//!
//! # Byte format (version 4)
//!
//! Every number is little-endian; `varint` is unsigned LEB128 (at most 10 bytes), `zigzag` a
//! signed varint; there is no padding and nothing depends on the platform.
//!
//! ```text
//! offset  size  content
//! 0       8     magic "WSCATBIN"
//! 8       2     format version, u16 (4)
//! 10      2     flags, u16, must be 0
//! 12      4     body length B, u32: the number of bytes after the header
//! 16      B     sections, each: tag u8, length u32, then its body
//! ```
//!
//! The eleven sections come in a fixed order: `document` (1), `branches` (2), `outlets` (3),
//! `partners` (4), `themes` (5), `seasons` (6), `services` (7), `schedules` (8),
//! `service_lists` (9), `stations` (10), `extras` (11). A section body is `varint` record count,
//! a column count (u8), then each column as a u32 length and its bytes: one column per field,
//! holding that field of every record in order (column-wise, so similar data sits together
//! and compresses well). `document` and `extras` hold exactly one record. A column is at least
//! as long as its records' fewest bytes (a text 2, a latitude 4, a schedule 10, …), except
//! `outlets.wgs84`, which holds nothing for an outlet in WGS-84 and is empty when all are;
//! the writer and the reader take each section's columns and these minimums from one table
//! (`Layout`), so a reader refuses short columns before reading them and never a file the
//! writer writes. (Readers before this rule was written down took every column to hold a
//! byte per record, and refused the files of catalogues with mostly WGS-84 outlets; the bytes
//! written did not change.)
//!
//! Field encodings:
//! - text: `varint` number of bytes it shares with the previous text of the same column (at a
//!   character boundary), `varint` byte length of the rest, the rest in UTF-8 (ids and names in
//!   sequence mostly differ in their last characters);
//! - reference to another record by its id (an outlet's branch, a service's season, …):
//!   `varint` 0 = none (optional references only), 1 = the id follows as plain text (length,
//!   bytes), `n ≥ 2` = the id of record `n − 2` of the target list; a station's outlet is
//!   `varint` 0 and the id as plain text, or 1 + the zigzag distance of the outlet's index from
//!   the outlet after the previous station's (consecutive outlets cost a byte each);
//! - date: `zigzag` days since 1970-01-01; month-day: month u8, day u8;
//! - locations (three columns): a tag u8 per outlet, `datum | kind << 4` (datum 0 WGS-84,
//!   1 GCJ-02, 2 BD-09); kind 1, used when exact, holds lat and lon as i32
//!   hundred-thousandths of a degree, written as four byte planes per column (the lowest byte
//!   of every kind-1 value, then the second byte, …); after the planes, each kind-0 location's
//!   lat (resp. lon) as f64 bits, in order; a fourth column, `wgs84`, holds for every outlet
//!   not in WGS-84 the position [`Coordinate::to_wgs84`] derives from its location (an
//!   iterative inverse), as two `zigzag` differences of f64 bit patterns from a cheap
//!   deterministic guess (one step of the inverse from the location; derived lat minus
//!   guessed lat, then lon), smaller than the difference from the location itself. The guess
//!   computes its shift in plain `f64` arithmetic instead of calling the platform's math
//!   library, so a reader on any platform makes the writer's guess. Each version defined the
//!   guess anew, so none reads another's files: version 1 used the platform's sine; version 2
//!   took each of a shift's twelve sines from a portable polynomial; version 3 took three (of
//!   πx/60, πy/60 and the latitude), built the others by the angle-addition formulas, and
//!   took two steps; version 4 takes one step, with the shift's final scaling arranged with
//!   one division and one square root fewer (a few units in the last place apart). Reading
//!   does not re-run the inverse: one forward conversion of the stored position (with the
//!   same portable shift) must land on the location within the inverse's own convergence
//!   tolerance (1e-10°; exactly on it outside the mainland), else the file is refused at that
//!   record. Writers store the inverse's own bits, so both forms load the same positions;
//! - opening hours: a station names a record of `schedules` (each distinct schedule is stored
//!   once): for Monday to Sunday a `varint` count of intervals, each open and close minute as
//!   `varint`; the date exceptions (count; date, intervals); the public-holiday policy (u8 0 as
//!   usual, 1 closed, 2 hours + intervals) and the make-up-day policy (u8 0 ignored, 1–7 as
//!   Monday–Sunday);
//! - a station's services name a record of `service_lists` (each distinct ordered list of
//!   service references is stored once); its gear stock is a count of (reference, `varint`
//!   stock) pairs; its themes a count of (reference, lifecycle);
//! - a station's own lifecycle is a `varint` number in a table of the distinct lifecycles at
//!   the head of the `lifecycle` column (their count, then each; since version 4: stations
//!   opened together share one);
//! - lifecycle: count, then per event the stage (u8 0 planned … 5 closed) and date;
//! - `extras`: the holiday years, product catalogue and programmes, each a u8 presence flag and
//!   their JSON text as plain text (small, rarely present documents in their interchange form).
//!
//! Reading checks every count against the bytes left (no allocation for bytes that are not
//! there) and against [`Limits::max_records`]; texts are checked to be UTF-8, indices to be in
//! range, tags to be known, coordinates, dates and opening hours to be valid; every column and
//! section must be read to its last byte. The document read then goes through the same
//! validation as a JSON document (ids unique, references resolved, lifecycles, limits on texts,
//! …) and the same index build.
//!
//! ```
//! use waystation::catalogue::Catalogue;
//! let catalogue = Catalogue::sample().unwrap();
//! let bytes = catalogue.to_compact();
//! assert!(bytes.len() < catalogue.to_json().len() / 2);
//! let back = Catalogue::from_compact(&bytes).unwrap();
//! assert_eq!(back.document(), catalogue.document());
//! ```

use crate::catalogue::{
    deserialize_at, product_problems, text_passes, Catalogue, CatalogueDocument, CatalogueError,
    Limits, SCHEMA_VERSION,
};
use crate::geo::{Coordinate, Datum};
use crate::hours::{
    DateException, HolidayPolicy, Interval, MakeupPolicy, OpeningHours, WeeklyHours,
    MONDAY_TO_SUNDAY,
};
use crate::org::{Branch, BranchLevel, MemberUnit, Network, Outlet, Partner, Theme};
use crate::products::ProductCatalogue;
use crate::programmes::Programmes;
use crate::services::{MonthDay, Season, ServiceDefinition, ServiceKind};
use crate::stations::{LifecycleEvent, Stage, Station, StationTheme};
use crate::text::{Text, TextColumn};
use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

/// The first eight bytes of every compact catalogue.
pub const COMPACT_MAGIC: &[u8; 8] = b"WSCATBIN";
/// The compact format version this library reads and writes.
pub const COMPACT_FORMAT_VERSION: u16 = 4;
/// Length of the fixed header.
pub const COMPACT_HEADER_BYTES: usize = 16;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// A column of a section: its field (named in errors) and the fewest bytes one record takes
/// in it, as the writer encodes that field. The reader refuses a column shorter than its
/// records need before reading any of it (so nothing is allocated for records whose bytes are
/// not there); a field the writer may leave out for a record (`outlets.wgs84`, nothing for a
/// WGS-84 outlet) takes 0.
#[derive(Debug, Clone, Copy)]
struct Column {
    field: &'static str,
    min_bytes: usize,
}

/// The layout of a section, the one definition both [`encode`] and the reader take it from:
/// its tag (sections come in the order of their tags), its name in errors, whether it holds
/// exactly one record, and its columns in order. The writer is handed `[Out; N]` and the
/// reader `[Col; N]` for the same `N`, so they agree on the columns by type.
#[derive(Debug)]
struct Layout<const N: usize> {
    tag: u8,
    name: &'static str,
    single: bool,
    columns: [Column; N],
}

const fn column(field: &'static str, min_bytes: usize) -> Column {
    Column { field, min_bytes }
}

// The fewest bytes of each field encoding (see the module docs).
/// A text: shared-prefix length and rest length, one byte each at least.
const TEXT: usize = 2;
/// A `varint`, a `zigzag`, a u8 tag, a reference, an index, a count.
const ONE: usize = 1;
/// A latitude or longitude: four byte planes of an exact decimal, or f64 bits.
const COORD: usize = 4;
/// A month-day: month u8, day u8.
const MONTH_DAY: usize = 2;
/// A schedule: seven interval counts, the exception count and the two policy bytes.
const SCHEDULE: usize = 10;
/// The derived WGS-84 position: two `zigzag`s for an outlet not in WGS-84, nothing for one in
/// WGS-84 (so an all-WGS-84 catalogue has an empty column).
const WGS84_DERIVED: usize = 0;

const DOCUMENT: Layout<4> = Layout {
    tag: 1,
    name: "document",
    single: true,
    columns: [
        column("schema_version", ONE),
        column("version", TEXT),
        column("sample", ONE),
        column("network", 3 * TEXT),
    ],
};
const BRANCHES: Layout<5> = Layout {
    tag: 2,
    name: "branches",
    single: false,
    columns: [
        column("id", TEXT),
        column("level", ONE),
        column("parent", ONE),
        column("name_zh", TEXT),
        column("name_en", TEXT),
    ],
};
const OUTLETS: Layout<10> = Layout {
    tag: 3,
    name: "outlets",
    single: false,
    columns: [
        column("id", TEXT),
        column("branch", ONE),
        column("name_zh", TEXT),
        column("name_en", TEXT),
        column("address_zh", TEXT),
        column("address_en", TEXT),
        column("location", ONE),
        column("lat", COORD),
        column("lon", COORD),
        column("wgs84", WGS84_DERIVED),
    ],
};
const PARTNERS: Layout<4> = Layout {
    tag: 4,
    name: "partners",
    single: false,
    columns: [
        column("id", TEXT),
        column("name_zh", TEXT),
        column("name_en", TEXT),
        column("member_units", ONE),
    ],
};
const THEMES: Layout<4> = Layout {
    tag: 5,
    name: "themes",
    single: false,
    columns: [
        column("code", TEXT),
        column("name_zh", TEXT),
        column("name_en", TEXT),
        column("partner", ONE),
    ],
};
const SEASONS: Layout<5> = Layout {
    tag: 6,
    name: "seasons",
    single: false,
    columns: [
        column("code", TEXT),
        column("name_zh", TEXT),
        column("name_en", TEXT),
        column("from", MONTH_DAY),
        column("to", MONTH_DAY),
    ],
};
const SERVICES: Layout<6> = Layout {
    tag: 7,
    name: "services",
    single: false,
    columns: [
        column("code", TEXT),
        column("kind", ONE),
        column("name_zh", TEXT),
        column("name_en", TEXT),
        column("season", ONE),
        column("theme", ONE),
    ],
};
const SCHEDULES: Layout<1> = Layout {
    tag: 8,
    name: "schedules",
    single: false,
    columns: [column("schedule", SCHEDULE)],
};
const SERVICE_LISTS: Layout<1> = Layout {
    tag: 9,
    name: "service_lists",
    single: false,
    columns: [column("services", ONE)],
};
const STATIONS: Layout<7> = Layout {
    tag: 10,
    name: "stations",
    single: false,
    columns: [
        column("id", TEXT),
        column("outlet", ONE),
        column("themes", ONE),
        // The table of distinct lifecycles (at least its count) heads the column.
        column("lifecycle", ONE),
        column("hours", ONE),
        column("services", ONE),
        column("gear_stock", ONE),
    ],
};
const EXTRAS: Layout<3> = Layout {
    tag: 11,
    name: "extras",
    single: true,
    columns: [
        column("holiday_years", ONE),
        column("product_catalogue", ONE),
        column("programmes", ONE),
    ],
};

/// What is wrong at a place of a compact catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompactErrorKind {
    /// The bytes do not start with [`COMPACT_MAGIC`].
    #[error("not a compact catalogue (the magic number is not `WSCATBIN`)")]
    BadMagic,
    /// The format version is not one this library reads.
    #[error("compact format version {found} is not supported (this library reads {COMPACT_FORMAT_VERSION})")]
    UnsupportedVersion {
        /// The version found.
        found: u16,
    },
    /// The bytes end before the value does.
    #[error("truncated: {needed} more byte(s) needed, {available} left")]
    Truncated {
        /// Bytes the value needs.
        needed: u64,
        /// Bytes left.
        available: u64,
    },
    /// A declared length disagrees with the bytes there are.
    #[error("declared length {declared} but {actual} bytes are there")]
    LengthMismatch {
        /// The length declared.
        declared: u64,
        /// The length found.
        actual: u64,
    },
    /// Bytes are left over after the last value of a section or column.
    #[error("{bytes} byte(s) left over")]
    TrailingBytes {
        /// How many.
        bytes: u64,
    },
    /// A variable-length integer runs over 10 bytes or beyond 64 bits.
    #[error("malformed variable-length integer")]
    BadVarint,
    /// A number is larger than its field allows.
    #[error("{value} is out of range (at most {max})")]
    OutOfRange {
        /// The number found.
        value: u64,
        /// The largest allowed.
        max: u64,
    },
    /// A tag byte (section, datum, stage, kind, policy, …) has no meaning.
    #[error("unknown tag {found}")]
    BadTag {
        /// The byte found.
        found: u8,
    },
    /// A reference to a record that does not exist.
    #[error("index {index} is out of range ({len} record(s))")]
    IndexOutOfRange {
        /// The index found.
        index: u64,
        /// How many records there are.
        len: u64,
    },
    /// Text that is not UTF-8.
    #[error("text is not UTF-8 (invalid byte {valid_up_to} of the text)")]
    BadUtf8 {
        /// Bytes of valid UTF-8 before the invalid one.
        valid_up_to: u64,
    },
    /// More records than [`Limits::max_records`] allows.
    #[error("{count} records, more than the limit of {limit}")]
    TooManyRecords {
        /// The count declared.
        count: u64,
        /// The limit.
        limit: u64,
    },
    /// A value that decodes but is not valid (a coordinate out of range, an impossible date,
    /// overlapping opening hours, JSON that does not parse, …).
    #[error("{reason}")]
    Invalid {
        /// What is wrong.
        reason: String,
    },
}

/// Why compact catalogue bytes could not be read: what, and exactly where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("compact catalogue, byte {offset} ({}): {kind}", self.path())]
pub struct CompactError {
    /// Byte offset from the start of the bytes.
    pub offset: u64,
    /// The section (`header`, `document`, `branches`, …, `stations`, `extras`).
    pub section: &'static str,
    /// The record of the section, when the problem is in one.
    pub record: Option<u64>,
    /// The field (`magic`, `id`, `location`, `hours`, …), or `count`, `columns`, `length`.
    pub field: &'static str,
    /// What is wrong.
    pub kind: CompactErrorKind,
}

impl CompactError {
    /// The place as a path: `stations[12].hours`, `header.magic`, `outlets.count`.
    pub fn path(&self) -> String {
        match self.record {
            Some(r) => format!("{}[{r}].{}", self.section, self.field),
            None => format!("{}.{}", self.section, self.field),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// One column being written; `.1` is the last text written (texts share a prefix with it).
#[derive(Default)]
struct Out(Vec<u8>, Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    fn varint(&mut self, mut v: u64) {
        loop {
            let low = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    fn len(&mut self, n: usize) {
        self.varint(n as u64);
    }

    fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    /// A text as the length of the prefix it shares with the column's previous text, then the
    /// rest (ids and names in sequence mostly differ in their last characters).
    fn text(&mut self, s: &str) {
        let mut k = self
            .1
            .iter()
            .zip(s.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while k > 0 && !s.is_char_boundary(k) {
            k -= 1;
        }
        self.len(k);
        self.raw_text(s.get(k..).unwrap_or_default());
        self.1.clear();
        self.1.extend_from_slice(s.as_bytes());
    }

    /// A text as its byte length and bytes.
    fn raw_text(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn date(&mut self, d: NaiveDate) {
        self.zigzag(i64::from(d.num_days_from_ce()) - EPOCH_DAYS_FROM_CE);
    }

    /// A reference to `id` in a list whose ids are indexed by `keys`.
    fn reference(&mut self, keys: &HashMap<&str, usize>, id: Option<&str>) {
        match id {
            None => self.u8(0),
            Some(id) => match keys.get(id) {
                Some(&i) => self.len(i + 2),
                None => {
                    self.u8(1);
                    self.raw_text(id);
                }
            },
        }
    }

    /// A reference as 0 and the id as text, or 1 + the zigzag distance of its index from the
    /// record after the one referenced before (a run of consecutive records costs a byte each).
    fn seq_reference(&mut self, keys: &HashMap<&str, usize>, id: &str, next: &mut usize) {
        match keys.get(id) {
            Some(&i) => {
                let delta = i as i64 - *next as i64;
                self.varint(((delta << 1) ^ (delta >> 63)) as u64 + 1);
                *next = i + 1;
            }
            None => {
                self.u8(0);
                self.raw_text(id);
            }
        }
    }

    fn intervals(&mut self, list: &[Interval]) {
        self.len(list.len());
        for iv in list {
            self.varint(u64::from(iv.open_minute()));
            self.varint(u64::from(iv.close_minute()));
        }
    }

    fn lifecycle(&mut self, events: &[LifecycleEvent]) {
        self.len(events.len());
        for e in events {
            self.u8(stage_tag(e.stage));
            self.date(e.date);
        }
    }

    fn opt_json(&mut self, v: Option<String>) {
        match v {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.raw_text(&s);
            }
        }
    }
}

/// `x` as hundred-thousandths of a degree, when that reproduces it exactly.
fn decimal(x: f64) -> Option<i32> {
    let scaled = (x * 1e5).round();
    if !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&scaled) {
        return None;
    }
    let n = scaled as i32;
    (from_decimal(n).to_bits() == x.to_bits()).then_some(n)
}

/// Writes the locations of all outlets: the datum-and-kind tags, then the latitudes and the
/// longitudes. Exact decimals (kind 1) are i32 stored as four byte planes (every value's
/// lowest byte, then every second byte, …), which compresses well; the rest follow as f64 bits.
fn encode_locations(locations: &[&Coordinate], tags: &mut Out, lat: &mut Out, lon: &mut Out) {
    let mut decimals: Vec<(i32, i32)> = Vec::new();
    let mut raw: Vec<(f64, f64)> = Vec::new();
    for c in locations {
        let datum = match c.datum() {
            Datum::Wgs84 => 0u8,
            Datum::Gcj02 => 1,
            Datum::Bd09 => 2,
        };
        match (decimal(c.lat()), decimal(c.lon())) {
            (Some(a), Some(b)) => {
                tags.u8(datum | 1 << 4);
                decimals.push((a, b));
            }
            _ => {
                tags.u8(datum);
                raw.push((c.lat(), c.lon()));
            }
        }
    }
    planes(lat, decimals.iter().map(|p| p.0));
    planes(lon, decimals.iter().map(|p| p.1));
    for (a, b) in raw {
        lat.0.extend_from_slice(&a.to_bits().to_le_bytes());
        lon.0.extend_from_slice(&b.to_bits().to_le_bytes());
    }
}

fn planes(out: &mut Out, values: impl Iterator<Item = i32> + Clone) {
    for plane in 0..4 {
        out.0
            .extend(values.clone().map(|v| (v >> (8 * plane)) as u8));
    }
}

/// The distance from `from` to `to` in steps of the f64 bit pattern (small for near values).
fn bits_delta(from: f64, to: f64) -> i64 {
    (to.to_bits() as i64).wrapping_sub(from.to_bits() as i64)
}

/// The inverse of [`bits_delta`].
fn add_bits_delta(from: f64, delta: i64) -> f64 {
    f64::from_bits(from.to_bits().wrapping_add(delta as u64))
}

fn from_decimal(n: i32) -> f64 {
    f64::from(n) / 1e5
}

fn stage_tag(s: Stage) -> u8 {
    match s {
        Stage::Planned => 0,
        Stage::Pilot => 1,
        Stage::Launched => 2,
        Stage::Operational => 3,
        Stage::Suspended => 4,
        Stage::Closed => 5,
    }
}

const STAGES: [Stage; 6] = [
    Stage::Planned,
    Stage::Pilot,
    Stage::Launched,
    Stage::Operational,
    Stage::Suspended,
    Stage::Closed,
];

fn schedule_bytes(h: &OpeningHours) -> Vec<u8> {
    let mut o = Out::default();
    for w in MONDAY_TO_SUNDAY {
        o.intervals(h.weekday_intervals(w));
    }
    o.len(h.exceptions().len());
    for e in h.exceptions() {
        o.date(e.date);
        o.intervals(&e.intervals);
    }
    match h.public_holidays() {
        HolidayPolicy::AsUsual => o.u8(0),
        HolidayPolicy::Closed => o.u8(1),
        HolidayPolicy::Hours { intervals } => {
            o.u8(2);
            o.intervals(intervals);
        }
    }
    match h.makeup_workdays() {
        MakeupPolicy::Ignored => o.u8(0),
        MakeupPolicy::AsWeekday { weekday } => {
            o.u8(1 + weekday.num_days_from_monday() as u8);
        }
    }
    o.0
}

fn keys<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

/// Writes a section of `layout` holding `count` records (1 for a single-record section).
fn section<const N: usize>(out: &mut Vec<u8>, layout: &Layout<N>, count: usize, columns: [Out; N]) {
    let mut body = Out::default();
    body.len(if layout.single { 1 } else { count });
    body.u8(u8::try_from(N).unwrap_or(u8::MAX));
    for c in &columns {
        body.0
            .extend_from_slice(&u32::try_from(c.0.len()).unwrap_or(u32::MAX).to_le_bytes());
        body.0.extend_from_slice(&c.0);
    }
    out.push(layout.tag);
    out.extend_from_slice(
        &u32::try_from(body.0.len())
            .unwrap_or(u32::MAX)
            .to_le_bytes(),
    );
    out.extend_from_slice(&body.0);
}

/// The empty columns of a section of `layout`, to be filled and handed to [`section`].
fn columns<const N: usize>(_layout: &Layout<N>) -> [Out; N] {
    std::array::from_fn(|_| Out::default())
}

/// Writes a document in the compact form (see the module documentation); `derived`: the
/// outlets' WGS-84 positions as the catalogue derived them (`None` or missing: derived here).
pub(crate) fn encode(doc: &CatalogueDocument, derived: &[Option<Coordinate>]) -> Vec<u8> {
    let mut body = Vec::new();

    let mut cols = columns(&DOCUMENT);
    let [schema, version, sample, network] = &mut cols;
    schema.varint(u64::from(doc.schema_version));
    version.text(&doc.version);
    sample.u8(u8::from(doc.sample));
    network.text(&doc.network.id);
    network.text(&doc.network.name_zh);
    network.text(&doc.network.name_en);
    section(&mut body, &DOCUMENT, 1, cols);

    let branch_keys = keys(doc.branches.iter().map(|b| b.id.as_str()));
    let mut cols = columns(&BRANCHES);
    {
        let [id, level, parent, name_zh, name_en] = &mut cols;
        for b in &doc.branches {
            id.text(&b.id);
            level.u8(match b.level {
                BranchLevel::Provincial => 0,
                BranchLevel::SecondLevel => 1,
            });
            parent.reference(&branch_keys, b.parent.as_deref());
            name_zh.text(&b.name_zh);
            name_en.text(&b.name_en);
        }
    }
    section(&mut body, &BRANCHES, doc.branches.len(), cols);

    let outlet_keys = keys(doc.outlets.iter().map(|o| o.id.as_str()));
    let mut cols = columns(&OUTLETS);
    {
        let [id, branch, name_zh, name_en, address_zh, address_en, location, lat, lon, wgs84] =
            &mut cols;
        let locations: Vec<&Coordinate> = doc.outlets.iter().map(|o| &o.location).collect();
        encode_locations(&locations, location, lat, lon);
        for (i, o) in doc.outlets.iter().enumerate() {
            if o.location.datum() != Datum::Wgs84 {
                let w = derived
                    .get(i)
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| o.location.to_wgs84());
                let guess = o.location.wgs84_guess();
                wgs84.zigzag(bits_delta(guess.lat, w.lat()));
                wgs84.zigzag(bits_delta(guess.lon, w.lon()));
            }
            id.text(&o.id);
            branch.reference(&branch_keys, Some(&o.branch));
            name_zh.text(&o.name_zh);
            name_en.text(&o.name_en);
            address_zh.text(&o.address_zh);
            address_en.text(&o.address_en);
        }
    }
    section(&mut body, &OUTLETS, doc.outlets.len(), cols);

    let partner_keys = keys(doc.partners.iter().map(|p| p.id.as_str()));
    let mut cols = columns(&PARTNERS);
    {
        let [id, name_zh, name_en, units] = &mut cols;
        for p in &doc.partners {
            id.text(&p.id);
            name_zh.text(&p.name_zh);
            name_en.text(&p.name_en);
            units.len(p.member_units.len());
            for m in &p.member_units {
                units.text(&m.credit_code);
                units.text(&m.name_zh);
                units.text(&m.name_en);
            }
        }
    }
    section(&mut body, &PARTNERS, doc.partners.len(), cols);

    let theme_keys = keys(doc.themes.iter().map(|t| t.code.as_str()));
    let mut cols = columns(&THEMES);
    {
        let [code, name_zh, name_en, partner] = &mut cols;
        for t in &doc.themes {
            code.text(&t.code);
            name_zh.text(&t.name_zh);
            name_en.text(&t.name_en);
            partner.reference(&partner_keys, t.partner.as_deref());
        }
    }
    section(&mut body, &THEMES, doc.themes.len(), cols);

    let season_keys = keys(doc.seasons.iter().map(|s| s.code.as_str()));
    let mut cols = columns(&SEASONS);
    {
        let [code, name_zh, name_en, from, to] = &mut cols;
        for s in &doc.seasons {
            code.text(&s.code);
            name_zh.text(&s.name_zh);
            name_en.text(&s.name_en);
            for (col, md) in [(&mut *from, s.from), (&mut *to, s.to)] {
                col.u8(md.month() as u8);
                col.u8(md.day() as u8);
            }
        }
    }
    section(&mut body, &SEASONS, doc.seasons.len(), cols);

    let service_keys = keys(doc.services.iter().map(|s| s.code.as_str()));
    let mut cols = columns(&SERVICES);
    {
        let [code, kind, name_zh, name_en, season, theme] = &mut cols;
        for s in &doc.services {
            code.text(&s.code);
            kind.u8(match s.kind {
                ServiceKind::Base => 0,
                ServiceKind::Seasonal => 1,
                ServiceKind::Gear => 2,
            });
            name_zh.text(&s.name_zh);
            name_en.text(&s.name_en);
            season.reference(&season_keys, s.season.as_deref());
            theme.reference(&theme_keys, s.theme.as_deref());
        }
    }
    section(&mut body, &SERVICES, doc.services.len(), cols);

    // Distinct schedules and service lists, in order of first use.
    let mut schedule_ids: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut schedules = Out::default();
    let mut list_ids: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut lists = Out::default();
    // Distinct lifecycles, stored once at the head of the `lifecycle` column.
    let mut lifecycle_ids: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut lifecycles = Out::default();
    let mut cols = columns(&STATIONS);
    {
        let [id, outlet, themes, lifecycle, hours, services, gear] = &mut cols;
        let mut next_outlet = 0;
        for s in &doc.stations {
            id.text(&s.id);
            outlet.seq_reference(&outlet_keys, &s.outlet, &mut next_outlet);
            themes.len(s.themes.len());
            for t in &s.themes {
                themes.reference(&theme_keys, Some(&t.code));
                themes.lifecycle(&t.lifecycle);
            }
            let mut events = Out::default();
            events.lifecycle(&s.lifecycle);
            let next = lifecycle_ids.len();
            let n = *lifecycle_ids.entry(events.0).or_insert_with_key(|b| {
                lifecycles.0.extend_from_slice(b);
                next
            });
            lifecycle.len(n);
            let bytes = schedule_bytes(&s.hours);
            let next = schedule_ids.len();
            let n = *schedule_ids.entry(bytes).or_insert_with_key(|b| {
                schedules.0.extend_from_slice(b);
                next
            });
            hours.len(n);
            let mut list = Out::default();
            list.len(s.services.len());
            for code in s.services.iter() {
                list.reference(&service_keys, Some(code));
            }
            let next = list_ids.len();
            let n = *list_ids.entry(list.0).or_insert_with_key(|b| {
                lists.0.extend_from_slice(b);
                next
            });
            services.len(n);
            gear.len(s.gear_stock.len());
            for (code, &stock) in &s.gear_stock {
                gear.reference(&service_keys, Some(code));
                gear.varint(u64::try_from(stock).unwrap_or(0));
            }
        }
    }
    let [_, _, _, lifecycle, ..] = &mut cols;
    let mut head = Out::default();
    head.len(lifecycle_ids.len());
    head.0.extend_from_slice(&lifecycles.0);
    head.0.extend_from_slice(&lifecycle.0);
    lifecycle.0 = head.0;
    section(&mut body, &SCHEDULES, schedule_ids.len(), [schedules]);
    section(&mut body, &SERVICE_LISTS, list_ids.len(), [lists]);
    section(&mut body, &STATIONS, doc.stations.len(), cols);

    let mut cols = columns(&EXTRAS);
    {
        let [holidays, products, programmes] = &mut cols;
        holidays.opt_json(doc.holiday_years.as_ref().map(Value::to_string));
        products.opt_json(
            doc.product_catalogue
                .as_ref()
                .and_then(|p| serde_json::to_string(p).ok()),
        );
        programmes.opt_json(
            doc.programmes
                .as_ref()
                .and_then(|p| serde_json::to_string(p).ok()),
        );
    }
    section(&mut body, &EXTRAS, 1, cols);

    let mut out = Vec::with_capacity(COMPACT_HEADER_BYTES + body.len());
    out.extend_from_slice(COMPACT_MAGIC);
    out.extend_from_slice(&COMPACT_FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&u32::try_from(body.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A run of bytes being read: one column of a section (or the whole input).
struct Col<'a> {
    data: &'a [u8],
    pos: usize,
    /// Offset of `data[0]` in the whole input.
    base: usize,
    section: &'static str,
    field: &'static str,
    /// The last text read (texts share a prefix with it).
    prev: String,
    /// Whether every text read so far sorts strictly after the one before it (byte order, as
    /// `str` compares); the first after the empty text. Known from the shared prefix without
    /// comparing whole texts, so a list of ids written in order is known sorted and unique.
    ascending: bool,
}

type Res<T> = Result<T, CompactError>;

/// How a reference to another record was stored: by the record's number, or its id as text
/// (an id no record has, which validation then reports).
#[derive(Debug, Clone, Copy)]
enum Reference<'a> {
    Record(usize),
    Given(&'a str),
}

impl<'a> Reference<'a> {
    /// The referenced id: `record(&keys[i])` for record `i`, else `given(text)` (a record
    /// number is in range when read, so `keys` of the list's length always has it).
    fn resolve<K, T>(
        self,
        keys: &[K],
        record: impl FnOnce(&K) -> T,
        given: impl FnOnce(&'a str) -> T,
    ) -> T {
        match self {
            Reference::Record(i) => match keys.get(i) {
                Some(k) => record(k),
                None => given(""),
            },
            Reference::Given(s) => given(s),
        }
    }

    /// The record number, if the reference was stored as one.
    fn record(self) -> Option<usize> {
        match self {
            Reference::Record(i) => Some(i),
            Reference::Given(_) => None,
        }
    }
}

impl<'a> Col<'a> {
    fn error(&self, record: Option<usize>, kind: CompactErrorKind) -> CompactError {
        CompactError {
            offset: (self.base + self.pos) as u64,
            section: self.section,
            record: record.map(|r| r as u64),
            field: self.field,
            kind,
        }
    }

    fn left(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    fn take(&mut self, r: Option<usize>, n: usize) -> Res<&'a [u8]> {
        let end = self.pos.checked_add(n);
        match end.and_then(|end| self.data.get(self.pos..end)) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(self.error(
                r,
                CompactErrorKind::Truncated {
                    needed: n as u64,
                    available: self.left() as u64,
                },
            )),
        }
    }

    fn array<const N: usize>(&mut self, r: Option<usize>) -> Res<[u8; N]> {
        let s = self.take(r, N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    fn u8(&mut self, r: Option<usize>) -> Res<u8> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.error(
                r,
                CompactErrorKind::Truncated {
                    needed: 1,
                    available: 0,
                },
            )),
        }
    }

    fn varint(&mut self, r: Option<usize>) -> Res<u64> {
        let start = self.pos;
        let mut v: u64 = 0;
        for shift in (0..70).step_by(7) {
            let b = self.u8(r)?;
            if shift == 63 && b > 1 {
                self.pos = start;
                return Err(self.error(r, CompactErrorKind::BadVarint));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        self.pos = start;
        Err(self.error(r, CompactErrorKind::BadVarint))
    }

    fn bounded(&mut self, r: Option<usize>, max: u64) -> Res<u64> {
        let start = self.pos;
        let v = self.varint(r)?;
        if v > max {
            self.pos = start;
            return Err(self.error(r, CompactErrorKind::OutOfRange { value: v, max }));
        }
        Ok(v)
    }

    /// A count of items taking at least `min_bytes` each: never more than the bytes left allow,
    /// so that nothing is allocated for bytes that are not there.
    fn count(&mut self, r: Option<usize>, min_bytes: usize) -> Res<usize> {
        let start = self.pos;
        let n = self.varint(r)?;
        let fits = usize::try_from(n)
            .ok()
            .filter(|&n| n.saturating_mul(min_bytes.max(1)) <= self.left());
        match fits {
            Some(n) => Ok(n),
            None => {
                self.pos = start;
                Err(self.error(
                    r,
                    CompactErrorKind::LengthMismatch {
                        declared: n,
                        actual: self.left() as u64,
                    },
                ))
            }
        }
    }

    fn zigzag(&mut self, r: Option<usize>) -> Res<i64> {
        let v = self.varint(r)?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn str(&mut self, r: Option<usize>) -> Res<&'a str> {
        let n = self.count(r, 1)?;
        let start = self.pos;
        let bytes = self.take(r, n)?;
        std::str::from_utf8(bytes).map_err(|e| {
            self.pos = start;
            self.error(
                r,
                CompactErrorKind::BadUtf8 {
                    valid_up_to: e.valid_up_to() as u64,
                },
            )
        })
    }

    /// Reads a text written by `Out::text` (shared prefix length, then the rest) into `prev`.
    fn next_text(&mut self, r: Option<usize>) -> Res<()> {
        let start = self.pos;
        let k = self.varint(r)?;
        let k = usize::try_from(k)
            .ok()
            .filter(|&k| self.prev.is_char_boundary(k))
            .ok_or_else(|| {
                self.pos = start;
                self.invalid(
                    r,
                    format!(
                        "shares {k} bytes with the previous text of {} bytes",
                        self.prev.len()
                    ),
                )
            })?;
        let rest = self.str(r)?;
        // The first byte that differs decides; a text that adds nothing is not after.
        self.ascending &= match (self.prev.as_bytes().get(k), rest.as_bytes().first()) {
            (None, Some(_)) => true,
            (Some(before), Some(now)) => now > before,
            (_, None) => false,
        };
        self.prev.truncate(k);
        self.prev.push_str(rest);
        Ok(())
    }

    /// A text written by `Out::text`.
    fn string(&mut self, r: Option<usize>) -> Res<String> {
        self.next_text(r)?;
        Ok(self.prev.clone())
    }

    /// The texts of records `0..n`, one each, in shared buffers (see [`TextColumn`]), and
    /// whether every one passes the catalogue's text rules ([`text_passes`]) for `rule`
    /// (whether the field is required, and the most characters a text may have).
    fn texts(&mut self, n: usize, rule: (bool, usize)) -> Res<(Vec<Text>, bool)> {
        let mut column = TextColumn::with_capacity(n);
        let mut pass = true;
        for i in 0..n {
            self.next_text(Some(i))?;
            pass &= text_passes(&self.prev, rule.0, rule.1);
            column.push(&self.prev);
        }
        Ok((column.finish(), pass))
    }

    fn invalid(&self, r: Option<usize>, reason: impl fmt::Display) -> CompactError {
        self.error(
            r,
            CompactErrorKind::Invalid {
                reason: reason.to_string(),
            },
        )
    }

    fn tag<T: Copy>(&mut self, r: Option<usize>, table: &[T]) -> Res<T> {
        let b = self.u8(r)?;
        table.get(usize::from(b)).copied().ok_or_else(|| {
            self.pos -= 1;
            self.error(r, CompactErrorKind::BadTag { found: b })
        })
    }

    fn index(&mut self, r: Option<usize>, len: usize) -> Res<usize> {
        let start = self.pos;
        let v = self.varint(r)?;
        match usize::try_from(v).ok().filter(|&i| i < len) {
            Some(i) => Ok(i),
            None => {
                self.pos = start;
                Err(self.error(
                    r,
                    CompactErrorKind::IndexOutOfRange {
                        index: v,
                        len: len as u64,
                    },
                ))
            }
        }
    }

    /// A reference to a record of a list of `len` records (see the module docs); `None` only
    /// if `optional`.
    fn reference_to(
        &mut self,
        r: Option<usize>,
        len: usize,
        optional: bool,
    ) -> Res<Option<Reference<'a>>> {
        let start = self.pos;
        let v = self.varint(r)?;
        match v {
            0 if optional => Ok(None),
            0 => {
                self.pos = start;
                Err(self.invalid(r, "a required reference is missing"))
            }
            1 => self.str(r).map(|s| Some(Reference::Given(s))),
            n => match usize::try_from(n - 2).ok().filter(|&i| i < len) {
                Some(i) => Ok(Some(Reference::Record(i))),
                None => {
                    self.pos = start;
                    Err(self.error(
                        r,
                        CompactErrorKind::IndexOutOfRange {
                            index: n - 2,
                            len: len as u64,
                        },
                    ))
                }
            },
        }
    }

    /// A reference to a record id of `keys`, as the id; `None` only if `optional`.
    fn reference(
        &mut self,
        r: Option<usize>,
        keys: &[&str],
        optional: bool,
    ) -> Res<Option<String>> {
        Ok(self
            .reference_to(r, keys.len(), optional)?
            .map(|to| to.resolve(keys, |k| (*k).to_owned(), str::to_owned)))
    }

    fn required(&mut self, r: Option<usize>, keys: &[&str]) -> Res<String> {
        Ok(self.reference(r, keys, false)?.unwrap_or_default())
    }

    /// A reference written by `Out::seq_reference`: 0 and the id as text, or 1 + the zigzag
    /// distance from the record after the one referenced before.
    fn seq_reference(
        &mut self,
        r: Option<usize>,
        len: usize,
        next: &mut usize,
    ) -> Res<Reference<'a>> {
        let start = self.pos;
        let v = self.varint(r)?;
        if v == 0 {
            return self.str(r).map(Reference::Given);
        }
        let d = v - 1;
        let delta = (d >> 1) as i64 ^ -((d & 1) as i64);
        let index = i64::try_from(*next).ok().and_then(|n| n.checked_add(delta));
        match index
            .and_then(|i| usize::try_from(i).ok())
            .filter(|&i| i < len)
        {
            Some(i) => {
                *next = i + 1;
                Ok(Reference::Record(i))
            }
            None => {
                self.pos = start;
                Err(self.error(
                    r,
                    CompactErrorKind::IndexOutOfRange {
                        index: index.unwrap_or(i64::MAX) as u64,
                        len: len as u64,
                    },
                ))
            }
        }
    }

    fn date(&mut self, r: Option<usize>) -> Res<NaiveDate> {
        let start = self.pos;
        let days = self.zigzag(r)?;
        days.checked_add(EPOCH_DAYS_FROM_CE)
            .and_then(|d| i32::try_from(d).ok())
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| {
                self.pos = start;
                self.invalid(r, format!("{days} days from 1970-01-01 is not a date"))
            })
    }

    fn month_day(&mut self, r: Option<usize>) -> Res<MonthDay> {
        let [m, d] = self.array::<2>(r)?;
        MonthDay::new(u32::from(m), u32::from(d)).ok_or_else(|| {
            self.pos -= 2;
            self.invalid(r, format!("month {m}, day {d} is not a day of the year"))
        })
    }

    fn intervals(&mut self, r: Option<usize>) -> Res<Vec<Interval>> {
        let n = self.count(r, 2)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let start = self.pos;
            let open = self.bounded(r, u64::from(u16::MAX))? as u16;
            let close = self.bounded(r, u64::from(u16::MAX))? as u16;
            out.push(Interval::new(open, close).map_err(|e| {
                self.pos = start;
                self.invalid(r, e)
            })?);
        }
        Ok(out)
    }

    fn lifecycle(&mut self, r: Option<usize>) -> Res<Vec<LifecycleEvent>> {
        let n = self.count(r, 2)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let stage = self.tag(r, &STAGES)?;
            let date = self.date(r)?;
            out.push(LifecycleEvent { stage, date });
        }
        Ok(out)
    }

    fn schedule(&mut self, r: Option<usize>) -> Res<OpeningHours> {
        let start = self.pos;
        let [mo, tu, we, th, fr, sa, su] = [(); 7].map(|()| Vec::new());
        let mut weekly = WeeklyHours {
            mo,
            tu,
            we,
            th,
            fr,
            sa,
            su,
        };
        for day in [
            &mut weekly.mo,
            &mut weekly.tu,
            &mut weekly.we,
            &mut weekly.th,
            &mut weekly.fr,
            &mut weekly.sa,
            &mut weekly.su,
        ] {
            *day = self.intervals(r)?;
        }
        let n = self.count(r, 2)?;
        let mut exceptions = Vec::with_capacity(n);
        for _ in 0..n {
            let date = self.date(r)?;
            let intervals = self.intervals(r)?;
            exceptions.push(DateException { date, intervals });
        }
        let holidays = match self.u8(r)? {
            0 => HolidayPolicy::AsUsual,
            1 => HolidayPolicy::Closed,
            2 => HolidayPolicy::Hours {
                intervals: self.intervals(r)?,
            },
            found => {
                self.pos -= 1;
                return Err(self.error(r, CompactErrorKind::BadTag { found }));
            }
        };
        let makeup = match self.u8(r)? {
            0 => MakeupPolicy::Ignored,
            found @ 1..=7 => MakeupPolicy::AsWeekday {
                weekday: MONDAY_TO_SUNDAY
                    .get(usize::from(found - 1))
                    .copied()
                    .unwrap_or(Weekday::Mon),
            },
            found => {
                self.pos -= 1;
                return Err(self.error(r, CompactErrorKind::BadTag { found }));
            }
        };
        OpeningHours::new(weekly, exceptions, holidays, makeup).map_err(|e| {
            self.pos = start;
            self.invalid(r, e)
        })
    }

    fn opt_json(&mut self, r: Option<usize>) -> Res<Option<Value>> {
        match self.u8(r)? {
            0 => Ok(None),
            1 => {
                let start = self.pos;
                let text = self.str(r)?;
                serde_json::from_str(text).map(Some).map_err(|e| {
                    self.pos = start;
                    self.invalid(r, format!("not JSON: {e}"))
                })
            }
            found => {
                self.pos -= 1;
                Err(self.error(r, CompactErrorKind::BadTag { found }))
            }
        }
    }

    /// Every byte must have been read.
    fn finish(&self) -> Res<()> {
        match self.left() {
            0 => Ok(()),
            n => Err(self.error(None, CompactErrorKind::TrailingBytes { bytes: n as u64 })),
        }
    }
}

/// Reads `n` locations written by `encode_locations`.
fn decode_locations(
    n: usize,
    tags: &mut Col<'_>,
    lat: &mut Col<'_>,
    lon: &mut Col<'_>,
) -> Res<Vec<Coordinate>> {
    let kinds = tags.take(None, n)?;
    let decimals = kinds.iter().filter(|&&t| t >> 4 == 1).count();
    let lat_planes = lat.take(None, 4 * decimals)?;
    let lon_planes = lon.take(None, 4 * decimals)?;
    let value = |planes: &[u8], k: usize| {
        let byte = |p: usize| planes.get(p * decimals + k).copied().unwrap_or(0);
        i32::from_le_bytes([byte(0), byte(1), byte(2), byte(3)])
    };
    let mut out = Vec::with_capacity(n);
    let mut k = 0;
    for (i, &tag) in kinds.iter().enumerate() {
        let r = Some(i);
        let fail = |col: &Col<'_>, kind| CompactError {
            offset: (col.base + i) as u64,
            ..col.error(r, kind)
        };
        let datum = match tag & 0x0f {
            0 => Datum::Wgs84,
            1 => Datum::Gcj02,
            2 => Datum::Bd09,
            _ => return Err(fail(tags, CompactErrorKind::BadTag { found: tag })),
        };
        let (a, b) = match tag >> 4 {
            0 => (
                f64::from_bits(u64::from_le_bytes(lat.array(r)?)),
                f64::from_bits(u64::from_le_bytes(lon.array(r)?)),
            ),
            1 => {
                k += 1;
                (
                    from_decimal(value(lat_planes, k - 1)),
                    from_decimal(value(lon_planes, k - 1)),
                )
            }
            _ => return Err(fail(tags, CompactErrorKind::BadTag { found: tag })),
        };
        let c = Coordinate::new(a, b, datum).map_err(|e| {
            fail(
                tags,
                CompactErrorKind::Invalid {
                    reason: e.to_string(),
                },
            )
        })?;
        out.push(c);
    }
    Ok(out)
}

/// Opens the next section, which must be one of `layout`: returns the record count and a
/// reader per column, each column checked to hold at least its records' fewest bytes.
fn open<'a, const N: usize>(
    top: &mut Col<'a>,
    layout: &Layout<N>,
    limits: &Limits,
) -> Res<(usize, [Col<'a>; N])> {
    let (tag, name) = (layout.tag, layout.name);
    top.section = name;
    top.field = "tag";
    let found = top.u8(None)?;
    if found != tag {
        top.pos -= 1;
        return Err(top.error(None, CompactErrorKind::BadTag { found }));
    }
    top.field = "length";
    let len = u32::from_le_bytes(top.array(None)?) as usize;
    if len > top.left() {
        top.pos -= 4;
        return Err(top.error(
            None,
            CompactErrorKind::LengthMismatch {
                declared: len as u64,
                actual: top.left() as u64,
            },
        ));
    }
    let base = top.base + top.pos;
    let body = top.take(None, len)?;
    let mut sec = Col {
        data: body,
        pos: 0,
        base,
        section: name,
        field: "count",
        prev: String::new(),
        ascending: true,
    };
    let at = sec.pos;
    let count = sec.count(None, 1)?;
    if layout.single && count != 1 {
        sec.pos = at;
        return Err(sec.invalid(None, format!("{count} records, expected 1")));
    }
    if count > limits.max_records {
        return Err(sec.error(
            None,
            CompactErrorKind::TooManyRecords {
                count: count as u64,
                limit: limits.max_records as u64,
            },
        ));
    }
    sec.field = "columns";
    let ncols = sec.u8(None)?;
    if usize::from(ncols) != N {
        sec.pos -= 1;
        return Err(sec.error(
            None,
            CompactErrorKind::Invalid {
                reason: format!("{ncols} columns, expected {N}"),
            },
        ));
    }
    let mut cols = Vec::with_capacity(N);
    for Column { field, min_bytes } in layout.columns {
        sec.field = field;
        let n = u32::from_le_bytes(sec.array(None)?) as usize;
        let start = sec.base + sec.pos;
        let data = sec.take(None, n)?;
        // Every record takes at least its fewest bytes of every column.
        let needed = count.saturating_mul(min_bytes);
        if needed > n {
            return Err(CompactError {
                offset: start as u64,
                section: name,
                record: None,
                field,
                kind: CompactErrorKind::LengthMismatch {
                    declared: needed as u64,
                    actual: n as u64,
                },
            });
        }
        cols.push(Col {
            data,
            pos: 0,
            base: start,
            section: name,
            field,
            prev: String::new(),
            ascending: true,
        });
    }
    sec.field = "length";
    sec.finish()?;
    let cols: [Col<'a>; N] = cols
        .try_into()
        .map_err(|_| top.invalid(None, "column count"))?;
    Ok((count, cols))
}

/// A record number as stored in the proofs handed to validation (`u32::MAX`: none).
fn number(record: Option<usize>) -> u32 {
    record
        .and_then(|k| u32::try_from(k).ok())
        .unwrap_or(u32::MAX)
}

fn finish_all(cols: &[Col<'_>]) -> Res<()> {
    cols.iter().try_for_each(Col::finish)
}

/// What the reader hands to validation.
pub(crate) struct Decoded {
    pub(crate) doc: CatalogueDocument,
    pub(crate) products_validated: bool,
    /// Every outlet's WGS-84 position, read and checked against its location.
    pub(crate) outlet_wgs84: Vec<Coordinate>,
    /// Per station, the number of the `schedules` record its hours are a copy of.
    pub(crate) station_schedules: Vec<u32>,
    /// Per station, the number of the outlet whose id its `outlet` is a copy of (`u32::MAX`:
    /// the id was stored as text).
    pub(crate) station_outlets: Vec<u32>,
    /// Per outlet, the number of the branch whose id its `branch` is a copy of (`u32::MAX`:
    /// the id was stored as text).
    pub(crate) outlet_branches: Vec<u32>,
    /// Per station, the number of the `service_lists` record its services are a copy of.
    pub(crate) station_lists: Vec<u32>,
    /// Whether the outlet ids were stored in strictly ascending order (so sorted and unique).
    pub(crate) outlet_ids_ascending: bool,
    /// Whether the station ids were stored in strictly ascending order.
    pub(crate) station_ids_ascending: bool,
    /// Whether every outlet's id, names and addresses pass the text rules (checked while
    /// read, by the limits read with).
    pub(crate) outlet_texts_pass: bool,
    /// Whether every station's id passes the text rules.
    pub(crate) station_ids_pass: bool,
}

fn decode(bytes: &[u8], limits: &Limits) -> Result<Decoded, CatalogueError> {
    if bytes.len() > limits.max_bytes {
        return Err(CatalogueError::TooLarge {
            actual: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let mut top = Col {
        data: bytes,
        pos: 0,
        base: 0,
        section: "header",
        field: "magic",
        prev: String::new(),
        ascending: true,
    };
    let magic = top
        .take(None, COMPACT_MAGIC.len())
        .map_err(|_| top.error(None, CompactErrorKind::BadMagic))?;
    if magic != COMPACT_MAGIC {
        top.pos = 0;
        return Err(top.error(None, CompactErrorKind::BadMagic).into());
    }
    top.field = "version";
    let version = u16::from_le_bytes(top.array(None)?);
    if version != COMPACT_FORMAT_VERSION {
        top.pos -= 2;
        return Err(top
            .error(
                None,
                CompactErrorKind::UnsupportedVersion { found: version },
            )
            .into());
    }
    top.field = "flags";
    let flags = u16::from_le_bytes(top.array(None)?);
    if flags != 0 {
        top.pos -= 2;
        return Err(top
            .invalid(None, format!("flags {flags:#06x}, expected 0"))
            .into());
    }
    top.field = "body_length";
    let body_len = u32::from_le_bytes(top.array(None)?) as usize;
    if body_len != top.left() {
        top.pos -= 4;
        return Err(top
            .error(
                None,
                CompactErrorKind::LengthMismatch {
                    declared: body_len as u64,
                    actual: top.left() as u64,
                },
            )
            .into());
    }
    let decoded = read_sections(&mut top, limits)?;
    top.section = "extras";
    top.field = "length";
    top.finish()?;
    Ok(decoded)
}

fn read_sections(top: &mut Col<'_>, limits: &Limits) -> Result<Decoded, CatalogueError> {
    let one = Some(0);
    let (_, mut c) = open(top, &DOCUMENT, limits)?;
    let [schema, version, sample, network] = &mut c;
    let schema_version = schema.varint(one)?;
    if schema_version != u64::from(SCHEMA_VERSION) {
        return Err(CatalogueError::UnsupportedSchema {
            found: schema_version.to_string(),
        });
    }
    let version = version.string(one)?;
    let sample = match sample.u8(one)? {
        0 => false,
        1 => true,
        found => {
            sample.pos -= 1;
            return Err(sample.error(one, CompactErrorKind::BadTag { found }).into());
        }
    };
    let network = Network {
        id: network.string(one)?,
        name_zh: network.string(one)?,
        name_en: network.string(one)?,
    };
    finish_all(&c)?;

    let (n, mut c) = open(top, &BRANCHES, limits)?;
    let [id, level, parent, name_zh, name_en] = &mut c;
    let owned_ids = (0..n)
        .map(|i| id.string(Some(i)))
        .collect::<Res<Vec<String>>>()?;
    let branch_ids: Vec<&str> = owned_ids.iter().map(String::as_str).collect();
    let mut branches = Vec::with_capacity(n);
    for (i, bid) in branch_ids.iter().enumerate() {
        let r = Some(i);
        branches.push(Branch {
            id: (*bid).to_owned(),
            level: level.tag(r, &[BranchLevel::Provincial, BranchLevel::SecondLevel])?,
            parent: parent.reference(r, &branch_ids, true)?,
            name_zh: name_zh.string(r)?,
            name_en: name_en.string(r)?,
        });
    }
    finish_all(&c)?;

    let (n, mut c) = open(top, &OUTLETS, limits)?;
    let [id, branch, name_zh, name_en, address_zh, address_en, location, lat, lon, wgs84] = &mut c;
    let mut locations = decode_locations(n, location, lat, lon)?.into_iter();
    // The branch ids in a shared buffer, so that each outlet's `branch` is a clone that copies
    // nothing; then the texts column by column, each column in a few shared buffers (no heap
    // block per text).
    let mut branch_texts = TextColumn::with_capacity(branch_ids.len());
    branch_ids.iter().for_each(|b| branch_texts.push(b));
    let branch_texts = branch_texts.finish();
    let max = limits.max_text_chars;
    let (outlet_texts, ids_pass) = id.texts(n, (true, max))?;
    let mut branch_refs = Vec::with_capacity(n);
    let mut outlet_branches = Vec::with_capacity(n);
    for i in 0..n {
        let to = branch.reference_to(Some(i), branch_texts.len(), false)?;
        outlet_branches.push(number(to.and_then(Reference::record)));
        branch_refs.push(to.map_or_else(Text::default, |to| {
            to.resolve(&branch_texts, Text::clone, Text::from)
        }));
    }
    let (names_zh, zh_pass) = name_zh.texts(n, (true, max))?;
    let (names_en, en_pass) = name_en.texts(n, (true, max))?;
    let (addresses_zh, a_zh_pass) = address_zh.texts(n, (false, max))?;
    let (addresses_en, a_en_pass) = address_en.texts(n, (false, max))?;
    let outlet_texts_pass = ids_pass && zh_pass && en_pass && a_zh_pass && a_en_pass;
    let [mut names_zh, mut names_en, mut addresses_zh, mut addresses_en] =
        [names_zh, names_en, addresses_zh, addresses_en].map(Vec::into_iter);
    let mut outlets = Vec::with_capacity(n);
    let mut outlet_wgs84 = Vec::with_capacity(n);
    for (i, (id, branch)) in outlet_texts.iter().zip(branch_refs).enumerate() {
        let r = Some(i);
        let location = locations
            .next()
            .ok_or_else(|| location.invalid(r, "missing location"))?;
        outlet_wgs84.push(if location.datum() == Datum::Wgs84 {
            location
        } else {
            let at = wgs84.pos;
            let guess = location.wgs84_guess();
            let w_lat = add_bits_delta(guess.lat, wgs84.zigzag(r)?);
            let w_lon = add_bits_delta(guess.lon, wgs84.zigzag(r)?);
            location.accept_wgs84(&guess, w_lat, w_lon).ok_or_else(|| {
                wgs84.pos = at;
                wgs84.invalid(r, "not the WGS-84 position of the outlet's location")
            })?
        });
        outlets.push(Outlet {
            id: id.clone(),
            branch,
            // Each column has `n` texts.
            name_zh: names_zh.next().unwrap_or_default(),
            name_en: names_en.next().unwrap_or_default(),
            address_zh: addresses_zh.next().unwrap_or_default(),
            address_en: addresses_en.next().unwrap_or_default(),
            location,
        });
    }
    let outlet_ids_ascending = id.ascending;
    finish_all(&c)?;

    let (n, mut c) = open(top, &PARTNERS, limits)?;
    let [id, name_zh, name_en, units] = &mut c;
    let mut partners = Vec::with_capacity(n);
    for i in 0..n {
        let r = Some(i);
        let (pid, zh, en) = (id.string(r)?, name_zh.string(r)?, name_en.string(r)?);
        let m = units.count(r, 3)?;
        let mut member_units = Vec::with_capacity(m);
        for _ in 0..m {
            member_units.push(MemberUnit {
                credit_code: units.string(r)?,
                name_zh: units.string(r)?,
                name_en: units.string(r)?,
            });
        }
        partners.push(Partner {
            id: pid,
            name_zh: zh,
            name_en: en,
            member_units,
        });
    }
    finish_all(&c)?;
    let partner_ids: Vec<&str> = partners.iter().map(|p| p.id.as_str()).collect();

    let (n, mut c) = open(top, &THEMES, limits)?;
    let [code, name_zh, name_en, partner] = &mut c;
    let mut themes = Vec::with_capacity(n);
    for i in 0..n {
        let r = Some(i);
        themes.push(Theme {
            code: code.string(r)?,
            name_zh: name_zh.string(r)?,
            name_en: name_en.string(r)?,
            partner: partner.reference(r, &partner_ids, true)?,
        });
    }
    finish_all(&c)?;
    let theme_codes: Vec<&str> = themes.iter().map(|t| t.code.as_str()).collect();

    let (n, mut c) = open(top, &SEASONS, limits)?;
    let [code, name_zh, name_en, from, to] = &mut c;
    let mut seasons = Vec::with_capacity(n);
    for i in 0..n {
        let r = Some(i);
        seasons.push(Season {
            code: code.string(r)?,
            name_zh: name_zh.string(r)?,
            name_en: name_en.string(r)?,
            from: from.month_day(r)?,
            to: to.month_day(r)?,
        });
    }
    finish_all(&c)?;
    let season_codes: Vec<&str> = seasons.iter().map(|s| s.code.as_str()).collect();

    let (n, mut c) = open(top, &SERVICES, limits)?;
    let [code, kind, name_zh, name_en, season, theme] = &mut c;
    let mut services = Vec::with_capacity(n);
    for i in 0..n {
        let r = Some(i);
        services.push(ServiceDefinition {
            code: code.string(r)?,
            kind: kind.tag(
                r,
                &[ServiceKind::Base, ServiceKind::Seasonal, ServiceKind::Gear],
            )?,
            name_zh: name_zh.string(r)?,
            name_en: name_en.string(r)?,
            season: season.reference(r, &season_codes, true)?,
            theme: theme.reference(r, &theme_codes, true)?,
        });
    }
    finish_all(&c)?;
    let service_codes: Vec<&str> = services.iter().map(|s| s.code.as_str()).collect();

    let (n, mut c) = open(top, &SCHEDULES, limits)?;
    let [schedule] = &mut c;
    let schedules = (0..n)
        .map(|i| schedule.schedule(Some(i)))
        .collect::<Res<Vec<_>>>()?;
    finish_all(&c)?;

    let (n, mut c) = open(top, &SERVICE_LISTS, limits)?;
    let [list] = &mut c;
    let mut lists: Vec<Arc<[String]>> = Vec::with_capacity(n);
    for i in 0..n {
        let r = Some(i);
        let m = list.count(r, 1)?;
        let mut codes = Vec::with_capacity(m);
        for _ in 0..m {
            codes.push(list.required(r, &service_codes)?);
        }
        lists.push(Arc::from(codes));
    }
    finish_all(&c)?;

    let (n, mut c) = open(top, &STATIONS, limits)?;
    let [id, outlet, theme_col, lifecycle, hours, service_col, gear] = &mut c;
    let (station_texts, station_ids_pass) = id.texts(n, (true, limits.max_text_chars))?;
    // The distinct lifecycles (errors there name `lifecycles[k].events`), then each station's
    // number among them.
    (lifecycle.section, lifecycle.field) = ("lifecycles", "events");
    let count = lifecycle.count(None, 1)?;
    let mut lifecycles: Vec<Arc<[LifecycleEvent]>> = Vec::with_capacity(count);
    for k in 0..count {
        lifecycles.push(Arc::from(lifecycle.lifecycle(Some(k))?));
    }
    (lifecycle.section, lifecycle.field) = ("stations", "lifecycle");
    let mut next_outlet = 0;
    let mut stations = Vec::with_capacity(n);
    let mut station_schedules = Vec::with_capacity(n);
    let mut station_outlets = Vec::with_capacity(n);
    let mut station_lists = Vec::with_capacity(n);
    for (i, sid) in station_texts.into_iter().enumerate() {
        let r = Some(i);
        // A station's `outlet` shares the bytes of the outlet's `id`.
        // (From the dense column of ids rather than the outlets, whose records are 7× wider.)
        let to = outlet.seq_reference(r, outlet_texts.len(), &mut next_outlet)?;
        let outlet = to.resolve(&outlet_texts, Text::clone, Text::from);
        station_outlets.push(number(to.record()));
        let m = theme_col.count(r, 2)?;
        let mut themes = Vec::with_capacity(m);
        for _ in 0..m {
            themes.push(StationTheme {
                code: theme_col.required(r, &theme_codes)?,
                lifecycle: theme_col.lifecycle(r)?,
            });
        }
        let events = lifecycle.index(r, lifecycles.len())?;
        let schedule = hours.index(r, schedules.len())?;
        station_schedules.push(u32::try_from(schedule).unwrap_or(u32::MAX));
        let list = service_col.index(r, lists.len())?;
        station_lists.push(number(Some(list)));
        let m = gear.count(r, 2)?;
        let mut gear_stock = BTreeMap::new();
        for _ in 0..m {
            let start = gear.pos;
            let code = gear.required(r, &service_codes)?;
            let stock = i32::try_from(gear.bounded(r, i32::MAX as u64)?).unwrap_or(i32::MAX);
            if let Some((code, _)) = gear_stock.get_key_value(&code) {
                gear.pos = start;
                return Err(gear
                    .invalid(r, format!("gear `{code}` is listed twice"))
                    .into());
            }
            gear_stock.insert(code, stock);
        }
        stations.push(Station {
            id: sid,
            outlet,
            themes,
            lifecycle: lifecycles
                .get(events)
                .cloned()
                .unwrap_or_else(|| Arc::from([])),
            hours: schedules
                .get(schedule)
                .cloned()
                .unwrap_or_else(OpeningHours::always_open),
            services: lists.get(list).cloned().unwrap_or_else(|| Arc::from([])),
            gear_stock,
        });
    }
    let station_ids_ascending = id.ascending;
    finish_all(&c)?;

    let (_, mut c) = open(top, &EXTRAS, limits)?;
    let [holidays, products, programmes] = &mut c;
    let holiday_years = holidays.opt_json(one)?;
    let mut products_validated = false;
    let product_catalogue = match products.opt_json(one)? {
        None => None,
        Some(v) => match ProductCatalogue::from_value(&v) {
            Ok(p) => {
                products_validated = true;
                Some(p)
            }
            Err(e) => {
                return Err(CatalogueError::Invalid {
                    problems: product_problems(e),
                })
            }
        },
    };
    let programmes = match programmes.opt_json(one)? {
        None => None,
        Some(v) => Some(
            deserialize_at::<Programmes>(v, "programmes")
                .map_err(|p| CatalogueError::Invalid { problems: vec![p] })?,
        ),
    };
    finish_all(&c)?;

    Ok(Decoded {
        doc: CatalogueDocument {
            schema_version: SCHEMA_VERSION,
            version,
            sample,
            network,
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
        },
        products_validated,
        outlet_wgs84,
        station_schedules,
        station_outlets,
        outlet_branches,
        station_lists,
        outlet_ids_ascending,
        station_ids_ascending,
        outlet_texts_pass,
        station_ids_pass,
    })
}

impl Catalogue {
    /// The compact binary form (see the [module docs](crate::compact)): loads back with
    /// [`Catalogue::from_compact`] to an equal catalogue, the same bytes on every platform.
    pub fn to_compact(&self) -> Vec<u8> {
        let mut derived = vec![None; self.document().outlets.len()];
        for row in &self.inner.rows {
            if let Some(slot) = derived.get_mut(row.outlet) {
                *slot = Some(row.wgs84);
            }
        }
        encode(self.document(), &derived)
    }

    /// Loads a catalogue from its compact binary form with the default [`Limits`], with the
    /// same validation as [`Catalogue::from_json`].
    ///
    /// # Errors
    /// [`CatalogueError::Compact`] for bytes that are not a well-formed compact catalogue (with
    /// the byte offset, section, record and field), [`CatalogueError::TooLarge`], or the
    /// catalogue's own problems ([`CatalogueError::Invalid`]).
    pub fn from_compact(bytes: &[u8]) -> Result<Catalogue, CatalogueError> {
        Catalogue::from_compact_with_limits(bytes, &Limits::default())
    }

    /// [`Catalogue::from_compact`] with explicit limits (`max_bytes` applies to the compact
    /// bytes, `max_records` to every list, `max_text_chars` to every id, code and name).
    pub fn from_compact_with_limits(
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Catalogue, CatalogueError> {
        Catalogue::from_decoded(decode(bytes, limits)?, limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_doc() -> CatalogueDocument {
        Catalogue::sample().unwrap().document().clone()
    }

    #[test]
    fn unresolved_references_reach_the_json_rules() {
        // The writer keeps an id it cannot resolve as text; validation then reports it as the
        // JSON path would, at the same path.
        let mut doc = sample_doc();
        doc.stations[3].outlet = "no-such-outlet".into();
        let mut services = doc.stations[5].services.to_vec();
        services.push("no-such-service".into());
        doc.stations[5].services = services.into();
        let e = Catalogue::from_compact(&encode(&doc, &[])).unwrap_err();
        let json = Catalogue::from_json(&serde_json::to_string(&doc).unwrap()).unwrap_err();
        assert_eq!(e, json);
        let CatalogueError::Invalid { problems } = e else {
            panic!("{e:?}")
        };
        assert!(problems
            .iter()
            .any(|p| p.path == "stations[3].outlet" && p.message.contains("unknown outlet")));
        assert!(problems
            .iter()
            .any(|p| p.path == "stations[5].services[7]" || p.message.contains("no-such-service")));
    }

    /// Ids stored in ascending order are known sorted and unique without sorting them; any
    /// other order falls back to sorting, and both find every id and every duplicate.
    #[test]
    fn ids_in_any_order_are_indexed_and_duplicates_found() {
        let mut doc = sample_doc();
        doc.stations.sort_by(|a, b| a.id.cmp(&b.id));
        doc.outlets.sort_by(|a, b| a.id.cmp(&b.id));
        let ascending = decode(&encode(&doc, &[]), &Limits::default()).unwrap();
        assert!(ascending.outlet_ids_ascending && ascending.station_ids_ascending);
        let mut reversed = doc.clone();
        reversed.stations.reverse();
        reversed.outlets.reverse();
        let decoded = decode(&encode(&reversed, &[]), &Limits::default()).unwrap();
        assert!(!decoded.outlet_ids_ascending && !decoded.station_ids_ascending);
        for d in [&doc, &reversed] {
            let c = Catalogue::from_compact(&encode(d, &[])).unwrap();
            for s in &d.stations {
                assert_eq!(c.station(&s.id).unwrap().id, s.id);
                assert_eq!(c.outlet(&s.outlet).unwrap().id, s.outlet);
            }
            assert!(c.station("st-no-such-station").is_err());
        }
        // A repeated id far from its first, and one right after it: the JSON path's problems.
        for (a, b) in [(2, 30), (7, 8)] {
            for d in [&doc, &reversed] {
                let mut bad = d.clone();
                bad.stations[b].id = bad.stations[a].id.clone();
                let e = Catalogue::from_compact(&encode(&bad, &[])).unwrap_err();
                let json = Catalogue::from_json(&serde_json::to_string(&bad).unwrap());
                assert_eq!(e, json.unwrap_err());
                let CatalogueError::Invalid { problems } = e else {
                    panic!("{e:?}")
                };
                let path = format!("stations[{}].id", a.max(b));
                assert!(problems.iter().any(|p| p.path == path), "{problems:?}");
            }
        }
    }

    /// The reader's record numbers (an outlet's branch, a station's service list) stand in
    /// for lookups only where a lookup would find the same: the problems are the JSON path's.
    #[test]
    fn branch_and_service_list_numbers_give_the_json_paths_problems() {
        let doc = sample_doc();
        let second = |d: &CatalogueDocument, nth: usize| {
            d.branches
                .iter()
                .enumerate()
                .filter(|(_, b)| b.level == BranchLevel::SecondLevel)
                .nth(nth)
                .map(|(i, _)| i)
                .unwrap()
        };
        let provincial = doc
            .branches
            .iter()
            .position(|b| b.level == BranchLevel::Provincial)
            .unwrap();
        let mut cases = Vec::new();
        // A second-level branch whose id repeats a provincial one's, and one whose id repeats
        // another second-level one's: the first of equal ids is the one outlets resolve to.
        for first in [provincial, second(&doc, 1)] {
            let mut bad = doc.clone();
            let b = second(&bad, 0);
            let (old, new) = (bad.branches[b].id.clone(), bad.branches[first].id.clone());
            bad.branches[b].id = new.clone();
            for o in bad.outlets.iter_mut().filter(|o| o.branch == old) {
                o.branch = new.clone().into();
            }
            cases.push(bad);
        }
        // Stations sharing a list with an unknown code, and a valid list shared by many.
        let mut bad = doc.clone();
        let list: Arc<[String]> = Arc::from(vec!["no_such_service".to_string()]);
        for s in bad.stations.iter_mut().step_by(3) {
            s.services = Arc::clone(&list);
        }
        cases.push(bad);
        for bad in &cases {
            let compact = Catalogue::from_compact(&encode(bad, &[])).unwrap_err();
            let json = Catalogue::from_json(&serde_json::to_string(bad).unwrap()).unwrap_err();
            assert_eq!(compact, json);
            // A file crafted to name the later of two equal branch ids: still the first's.
            let mut crafted = decode(&encode(bad, &[]), &Limits::default()).unwrap();
            let b = second(bad, 0);
            for (o, k) in bad.outlets.iter().zip(&mut crafted.outlet_branches) {
                if o.branch == bad.branches[b].id {
                    *k = b as u32;
                }
            }
            let crafted = Catalogue::from_decoded(crafted, &Limits::default()).unwrap_err();
            assert_eq!(crafted, json);
        }
        let decoded = decode(&encode(&doc, &[]), &Limits::default()).unwrap();
        assert_eq!(decoded.outlet_branches.len(), doc.outlets.len());
        assert_eq!(decoded.station_lists.len(), doc.stations.len());
        let c = Catalogue::from_compact(&encode(&doc, &[])).unwrap();
        assert_eq!(c.document(), &doc);
    }

    /// The reader checks its text columns by the catalogue's text rules; validation skips only
    /// the columns that passed, so a bad text is reported as from JSON.
    #[test]
    fn text_rules_checked_while_reading_give_the_json_paths_problems() {
        let doc = sample_doc();
        let decoded = decode(&encode(&doc, &[]), &Limits::default()).unwrap();
        assert!(decoded.outlet_texts_pass && decoded.station_ids_pass);
        let long = "长".repeat(600);
        let cases: [fn(&mut CatalogueDocument, &str); 5] = [
            |d, _| d.outlets[3].name_zh = " ".into(),
            |d, _| d.outlets[4].name_en = "".into(),
            |d, long| d.outlets[5].address_zh = long.into(),
            |d, long| d.outlets[6].id = long.into(),
            |d, _| d.stations[7].id = "\u{3000}".into(),
        ];
        for (k, break_it) in cases.iter().enumerate() {
            let mut bad = doc.clone();
            break_it(&mut bad, &long);
            for s in bad.stations.iter_mut() {
                // Keep stations pointing at outlets whose id changed.
                if s.outlet == doc.outlets[6].id && k == 3 {
                    s.outlet = long.as_str().into();
                }
            }
            let bytes = encode(&bad, &[]);
            let decoded = decode(&bytes, &Limits::default()).unwrap();
            assert!(
                !(decoded.outlet_texts_pass && decoded.station_ids_pass),
                "case {k}"
            );
            let compact = Catalogue::from_compact(&bytes).unwrap_err();
            let json = Catalogue::from_json(&serde_json::to_string(&bad).unwrap()).unwrap_err();
            assert_eq!(compact, json, "case {k}");
        }
        // Tighter limits while reading: the same texts now fail them, and are reported.
        let tight = Limits {
            max_text_chars: 8,
            ..Limits::default()
        };
        let bytes = encode(&doc, &[]);
        assert!(!decode(&bytes, &tight).unwrap().outlet_texts_pass);
        let compact = Catalogue::from_compact_with_limits(&bytes, &tight).unwrap_err();
        let json = Catalogue::from_json_with_limits(&serde_json::to_string(&doc).unwrap(), &tight);
        assert_eq!(compact, json.unwrap_err());
    }

    /// Every mix of datums loads from the bytes written for it: the `wgs84` column holds
    /// nothing for a WGS-84 outlet, so it is empty when all are (format 4 wrote such files from
    /// the start; readers before this fix refused them).
    #[test]
    fn every_mix_of_datums_reads_back() {
        let doc = sample_doc();
        let n = doc.outlets.len();
        let mixes: [fn(usize) -> Datum; 5] = [
            |_| Datum::Wgs84,
            |_| Datum::Gcj02,
            |_| Datum::Bd09,
            |k| if k == 0 { Datum::Gcj02 } else { Datum::Wgs84 },
            |k| Datum::ALL[k % 3],
        ];
        for (m, datum_of) in mixes.iter().enumerate() {
            for outlets in [0, 1, n] {
                let mut d = doc.clone();
                d.outlets.truncate(outlets);
                let kept: Vec<Text> = d.outlets.iter().map(|o| o.id.clone()).collect();
                d.stations.retain(|s| kept.contains(&s.outlet));
                if outlets < n {
                    d.programmes = None;
                }
                for (k, o) in d.outlets.iter_mut().enumerate() {
                    o.location = o.location.to_datum(datum_of(k));
                }
                let json = Catalogue::from_document(d.clone(), &Limits::default()).unwrap();
                let bytes = json.to_compact();
                let back = Catalogue::from_compact(&bytes)
                    .unwrap_or_else(|e| panic!("mix {m}, {outlets} outlets: {e}"));
                assert_eq!(back.document(), &d, "mix {m}, {outlets} outlets");
                assert_eq!(positions(&back), positions(&json), "mix {m}");
                assert_eq!(back.to_compact(), bytes, "mix {m}");
            }
        }
    }

    /// A section of `layout` with `count` records and columns of the given lengths (bytes
    /// `b'a'`), as the reader's input.
    fn section_bytes<const N: usize>(
        layout: &Layout<N>,
        count: u8,
        lengths: [usize; N],
    ) -> Vec<u8> {
        let mut body = vec![count, N as u8];
        for n in lengths {
            body.extend_from_slice(&(n as u32).to_le_bytes());
            body.extend(std::iter::repeat_n(b'a', n));
        }
        let mut out = vec![layout.tag];
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    /// Opens a section of `layout` in `bytes`: its record count and each column's field and
    /// length.
    fn open_section<const N: usize>(
        layout: &Layout<N>,
        bytes: &[u8],
    ) -> Res<(usize, Vec<(&'static str, usize)>)> {
        let mut top = Col {
            data: bytes,
            pos: 0,
            base: 0,
            section: "header",
            field: "magic",
            prev: String::new(),
            ascending: true,
        };
        let (n, cols) = open(&mut top, layout, &Limits::default())?;
        Ok((n, cols.iter().map(|c| (c.field, c.data.len())).collect()))
    }

    /// The reader checks each column against the minimum of the layout the writer writes it
    /// by: short columns are refused before they are read, by the fewest bytes of their field
    /// (two records of two-byte texts need four bytes), a column the writer may leave empty
    /// is not, and a single-record section must say one record.
    #[test]
    fn columns_are_checked_by_the_layout_the_writer_uses() {
        let e = open_section(&SEASONS, &section_bytes(&SEASONS, 2, [3, 4, 4, 4, 4])).unwrap_err();
        assert_eq!(e.path(), "seasons.code");
        assert_eq!(
            e.kind,
            CompactErrorKind::LengthMismatch {
                declared: 4,
                actual: 3
            }
        );
        let e = open_section(&SEASONS, &section_bytes(&SEASONS, 2, [4, 4, 4, 4, 3])).unwrap_err();
        assert_eq!(e.path(), "seasons.to");
        let (n, _) = open_section(&SEASONS, &section_bytes(&SEASONS, 2, [4; 5])).unwrap();
        assert_eq!(n, 2);
        // Three WGS-84 outlets: nothing in `wgs84`.
        let lengths = [6, 3, 6, 6, 6, 6, 3, 12, 12, 0];
        let (n, cols) = open_section(&OUTLETS, &section_bytes(&OUTLETS, 3, lengths)).unwrap();
        assert_eq!((n, cols[9]), (3, ("wgs84", 0)));
        let e = open_section(
            &OUTLETS,
            &section_bytes(&OUTLETS, 3, [6, 3, 6, 6, 6, 6, 3, 11, 12, 0]),
        )
        .unwrap_err();
        assert_eq!(e.path(), "outlets.lat");
        for count in [0, 2] {
            let e = open_section(&DOCUMENT, &section_bytes(&DOCUMENT, count, [1, 2, 1, 6]))
                .unwrap_err();
            assert_eq!(e.path(), "document.count");
            assert!(matches!(e.kind, CompactErrorKind::Invalid { .. }), "{e}");
        }
        assert!(open_section(&DOCUMENT, &section_bytes(&DOCUMENT, 1, [1, 2, 1, 6])).is_ok());
        // Another section's tag where this one belongs.
        let e = open_section(&BRANCHES, &section_bytes(&OUTLETS, 0, [0; 10])).unwrap_err();
        assert_eq!(
            (e.path().as_str(), e.kind),
            ("branches.tag", CompactErrorKind::BadTag { found: 3 })
        );
    }

    #[test]
    fn coordinates_round_trip_bit_for_bit() {
        let mut doc = sample_doc();
        let values = [
            36.123_456_789_012,
            -0.0,
            0.1 + 0.2,
            89.999_99,
            -179.999_99,
            1e-300,
        ];
        for (o, v) in doc.outlets.iter_mut().zip(values) {
            o.location = Coordinate::new(v / 2.0, -v, Datum::Wgs84).unwrap();
        }
        let back = decode(&encode(&doc, &[]), &Limits::default()).unwrap().doc;
        for (a, b) in doc.outlets.iter().zip(&back.outlets) {
            assert_eq!(a.location.lat().to_bits(), b.location.lat().to_bits());
            assert_eq!(a.location.lon().to_bits(), b.location.lon().to_bits());
            assert_eq!(a.location.datum(), b.location.datum());
        }
        assert_eq!(back, doc);
    }

    /// The positions `build` uses (each station's WGS-84 position), as bits.
    fn positions(c: &Catalogue) -> Vec<(u64, u64)> {
        c.inner
            .rows
            .iter()
            .map(|r| (r.wgs84.lat().to_bits(), r.wgs84.lon().to_bits()))
            .collect()
    }

    #[test]
    fn stored_wgs84_positions_are_those_json_loading_derives() {
        let mut doc = sample_doc();
        // Every datum, inside and outside the mainland, exact decimals and not.
        let places = [
            (36.65, 117.12),
            (22.2819, 114.1589),
            (30.123_456_789, 120.987_654_321),
        ];
        for (k, o) in doc.outlets.iter_mut().enumerate() {
            let (lat, lon) = places[k % places.len()];
            let datum = Datum::ALL[(k / places.len()) % Datum::ALL.len()];
            o.location = Coordinate::new(lat, lon, datum).unwrap();
        }
        let json = Catalogue::from_json(&serde_json::to_string(&doc).unwrap()).unwrap();
        let compact = Catalogue::from_compact(&json.to_compact()).unwrap();
        assert_eq!(positions(&compact), positions(&json));
        // A writer without a loaded catalogue derives the same bits.
        assert_eq!(json.to_compact(), encode(&doc, &[]));
    }

    /// Both loads build the same index: same grid (positions, schedule ids, masks) and the same
    /// compiled schedules, although the compact load compiles by stored schedule number.
    fn assert_same_index(doc: &CatalogueDocument) {
        let json = Catalogue::from_json(&serde_json::to_string(doc).unwrap()).unwrap();
        let compact = Catalogue::from_compact(&json.to_compact()).unwrap();
        let (a, b) = (&json.inner.search, &compact.inner.search);
        assert_eq!(format!("{:?}", a.grid), format!("{:?}", b.grid));
        assert_eq!(a.schedules.len(), b.schedules.len());
        assert_eq!(a.schedules.compiled_debug(), b.schedules.compiled_debug());
        for s in &doc.stations {
            assert_eq!(a.schedules.id_of(&s.hours), b.schedules.id_of(&s.hours));
        }
    }

    #[test]
    fn the_index_built_from_stored_schedule_numbers_is_the_json_one() {
        assert_same_index(&sample_doc());
        #[cfg(feature = "synthetic")]
        {
            let doc = crate::synthetic::national_catalogue(&crate::synthetic::NationalConfig {
                stations: 3_000,
                ..crate::synthetic::NationalConfig::default()
            })
            .unwrap();
            assert_same_index(&doc);
        }
    }

    #[test]
    fn a_stored_wgs84_position_that_does_not_convert_back_is_refused() {
        let doc = sample_doc();
        let k = doc
            .outlets
            .iter()
            .position(|o| {
                o.location.datum() == Datum::Gcj02
                    && crate::geo::in_mainland_china(o.location.lat(), o.location.lon())
            })
            .unwrap();
        let good = doc.outlets[k].location.to_wgs84();
        let mut derived = vec![None; doc.outlets.len()];
        // A millimetre off: beyond the inverse's tolerance.
        derived[k] = Some(Coordinate::new(good.lat() + 1e-8, good.lon(), Datum::Wgs84).unwrap());
        let e = Catalogue::from_compact(&encode(&doc, &derived)).unwrap_err();
        let CatalogueError::Compact(e) = e else {
            panic!("{e:?}")
        };
        assert_eq!(e.path(), format!("outlets[{k}].wgs84"));
        assert!(matches!(e.kind, CompactErrorKind::Invalid { .. }), "{e}");
        // The exact one loads.
        derived[k] = Some(good);
        assert!(Catalogue::from_compact(&encode(&doc, &derived)).is_ok());
    }

    #[test]
    fn varints_and_texts_are_checked() {
        let col = |data: &'static [u8]| Col {
            data,
            pos: 0,
            base: 100,
            section: "stations",
            field: "id",
            prev: String::new(),
            ascending: true,
        };
        let e = col(&[0xff; 11]).varint(Some(2)).unwrap_err();
        assert_eq!(
            (e.kind.clone(), e.offset),
            (CompactErrorKind::BadVarint, 100)
        );
        assert_eq!(e.path(), "stations[2].id");
        let mut c = col(&[0x80, 0x01]);
        assert_eq!(c.varint(None).unwrap(), 128);
        // A length beyond the bytes left is refused before anything is allocated.
        let e = col(&[0xff, 0xff, 0xff, 0xff, 0x0f]).str(None).unwrap_err();
        assert!(matches!(e.kind, CompactErrorKind::LengthMismatch { .. }));
        let e = col(&[2, 0xc3, 0x28]).str(None).unwrap_err();
        assert_eq!(e.kind, CompactErrorKind::BadUtf8 { valid_up_to: 0 });
        // A shared prefix longer than the previous text.
        let e = col(&[3, 1, b'a']).string(None).unwrap_err();
        assert!(matches!(e.kind, CompactErrorKind::Invalid { .. }), "{e}");
        let mut c = col(&[0, 3, b'a', b'b', b'c', 2, 1, b'x']);
        assert_eq!(c.string(None).unwrap(), "abc");
        assert_eq!(c.string(None).unwrap(), "abx");
    }
}
