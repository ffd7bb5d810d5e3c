//! The static spatial index behind `Catalogue::nearby` (`waystation::catalogue`).
//!
//! Built once at load. Stations are bucketed in a latitude/longitude grid over the whole sphere
//! (cell size chosen from the data so that a cell holds a handful of stations) and stored
//! contiguously, sorted by cell; each entry carries what the cheap filters need (position,
//! compiled schedule, when the station starts serving), 24 bytes per station, and beside it a
//! 2-byte id of the station's services mask.
//!
//! A query visits cells best-first by an exact lower bound of the great-circle distance from
//! the query point to any point of the cell,
//! `max(R·|Δφ to the cell's latitude band|, R·asin(cos φ·sin min(|Δλ to its longitude band|, 90°)))`,
//! expanding square rings of cells lazily: ring `r` is expanded only when the lower bound of
//! everything outside rings `0..r` is within the limit, and after each ring the pending cells
//! nearer than every unexpanded ring are scanned nearest first (each row keeps a cursor on the
//! cells it has already given, so widening a ring costs O(1) per row). The limit is the radius,
//! then the exact distance of the `k`-th accepted station once `k` are accepted.
//!
//! In a scanned cell, a station is tested in order of cost: the services mask; a
//! trigonometry-free lower bound of its distance (`DistanceBound`, compared in squared-chord
//! form, no square root) against the limit; then its exact distance (the same haversine as the
//! linear scan, bit for bit); and only when that is within the limit the remaining predicates
//! (theme, lifecycle, open now). An accepted station joins a sorted list of at most `k` (plus
//! ties with the `k`-th) and tightens the limit. No station is queued: the only queue holds
//! the cells of the expanded rings. The answer is exactly the brute-force one, ties included
//! (the caller orders equal distances by station id).
//!
//! Should a query wander through a great many empty cells (a far-away point with a huge radius),
//! the search gives up after a budget proportional to the number of stations and the caller
//! scans linearly instead.

use crate::geo::EARTH_RADIUS_M;
use crate::schedule::CompiledSchedules;
use crate::services::ServiceSet;
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;

/// Everything `nearby` needs beyond the records: the grid, the compiled schedules and the mask
/// of gear services.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The grid of stations.
    pub grid: StationIndex,
    /// Distinct compiled schedules of the stations.
    pub schedules: CompiledSchedules,
    /// Bits of every gear service (always available while in stock).
    pub gear: ServiceSet,
}

impl SearchIndex {
    /// The grid.
    pub fn grid(&self) -> &StationIndex {
        &self.grid
    }

    /// The compiled schedules.
    pub fn schedules(&self) -> &CompiledSchedules {
        &self.schedules
    }

    /// Bytes of the grid and the compiled schedules.
    pub fn memory_bytes(&self) -> usize {
        self.grid.memory_bytes() + self.schedules.compiled_bytes()
    }
}

/// Days since 1970-01-01.
pub fn epoch_day(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// `serving_from` value: the lifecycle is not "serving from a date on"; ask the station.
pub const SERVING_COMPLEX: u16 = u16::MAX;
/// `serving_from` value: the station never serves.
pub const SERVING_NEVER: u16 = u16::MAX - 1;
/// `schedule` value: no compiled schedule; ask the station's hours.
pub const SCHEDULE_NONE: u16 = u16::MAX;

/// A station as handed to [`StationIndex::build`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationPoint {
    /// WGS-84 latitude, degrees (the same value the linear scan measures from).
    pub lat: f64,
    /// WGS-84 longitude, degrees.
    pub lon: f64,
    /// Offered base and seasonal services plus gear in stock, as `ServiceSet` bits.
    pub services: u64,
    /// Index of the station in the catalogue.
    pub station: u32,
    /// Compiled schedule id, or [`SCHEDULE_NONE`].
    pub schedule: u16,
    /// Days since 1970-01-01 from which the station serves (and serves on), or
    /// [`SERVING_NEVER`] / [`SERVING_COMPLEX`].
    pub serving_from: u16,
}

/// What the index keeps per station besides its services: 24 bytes (alignment 4). Coordinates
/// are the exact `f64` bits split in two words. The services are in the parallel array
/// `StationIndex::mask_ids` (2 bytes), so the mask test, which rejects most stations,
/// reads 2 bytes per station instead of a whole entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// WGS-84 latitude, `f64` bits (low word, high word).
    lat_bits: [u32; 2],
    /// WGS-84 longitude, `f64` bits (low word, high word).
    lon_bits: [u32; 2],
    /// Index of the station in the catalogue.
    pub station: u32,
    /// Compiled schedule id, or [`SCHEDULE_NONE`].
    pub schedule: u16,
    /// Days since 1970-01-01 from which the station serves (and serves on), or
    /// [`SERVING_NEVER`] / [`SERVING_COMPLEX`].
    pub serving_from: u16,
}

/// `StationIndex::mask_ids` value: the mask is in `StationIndex::overflow` (more than 65,535
/// distinct masks).
const MASK_OVERFLOW: u16 = u16::MAX;

fn split_bits(x: f64) -> [u32; 2] {
    let b = x.to_bits();
    [b as u32, (b >> 32) as u32]
}

fn join_bits(w: [u32; 2]) -> f64 {
    f64::from_bits(u64::from(w[1]) << 32 | u64::from(w[0]))
}

impl Entry {
    /// WGS-84 latitude, degrees (the same value the linear scan measures from).
    #[inline]
    pub fn lat(&self) -> f64 {
        join_bits(self.lat_bits)
    }

    /// WGS-84 longitude, degrees.
    #[inline]
    pub fn lon(&self) -> f64 {
        join_bits(self.lon_bits)
    }
}

/// Counters of one search, for benchmarks and tuning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Cells whose stations were scanned.
    pub cells_scanned: u32,
    /// Stations whose services mask was tested.
    pub entries_scanned: u32,
    /// Great-circle distances computed.
    pub distances: u32,
    /// Stations on which the remaining predicates (theme, lifecycle, open now) were evaluated.
    pub predicate_checks: u32,
    /// Whether the search fell back to a linear scan.
    pub fell_back: bool,
}

/// The static grid index of a catalogue's stations.
#[derive(Debug, Clone, Default)]
pub struct StationIndex {
    /// Cell size in degrees (360 / `ncols`).
    cell_deg: f64,
    /// Columns around the globe.
    ncols: u32,
    /// Rows from the south pole to the north pole.
    nrows: u32,
    /// First and last row holding stations.
    row_lo: u32,
    row_hi: u32,
    /// Smallest and largest column holding stations.
    col_lo: u32,
    col_hi: u32,
    /// For row `row_lo + i`: its cells are `row_start[i]..row_start[i + 1]`.
    row_start: Vec<u32>,
    /// Column of each non-empty cell, sorted within a row.
    cell_col: Vec<u32>,
    /// Entries of cell `c` are `cell_start[c]..cell_start[c + 1]`.
    cell_start: Vec<u32>,
    /// Stations, sorted by (row, column).
    entries: Vec<Entry>,
    /// For each entry: index into `masks`, or [`MASK_OVERFLOW`].
    mask_ids: Vec<u16>,
    /// Distinct services masks (offered base and seasonal services plus gear in stock, as
    /// `ServiceSet` bits), indexed by `mask_ids`.
    masks: Vec<u64>,
    /// (position in `entries`, mask) of entries whose mask did not fit the table, sorted.
    overflow: Vec<(u32, u64)>,
}

/// Cell sizes tried, as columns around the globe (0.01° … 10°).
const COLUMN_CHOICES: [u32; 12] = [
    36_000, 18_000, 12_000, 9_000, 7_200, 3_600, 1_440, 720, 360, 180, 72, 36,
];
/// Wanted mean number of stations in a station's cell.
///
/// A mask test reads 2 bytes per station while a cell costs a bound, a queue entry and a few
/// cache lines, so cells are made fairly full. On the national synthetic catalogue (200,000
/// stations) this picks 0.04° cells (9.3 cells, 158 stations scanned per query); 0.02°, 0.03°
/// and 0.05° cells measured within noise of it, and coarser cells need fewer cell-table bytes.
const TARGET_OCCUPANCY: f64 = 64.0;
/// Degrees a cell's band is widened by when bounding, against rounding at cell edges.
const EDGE_EPS_DEG: f64 = 1e-9;

fn grid_of(lat: f64, lon: f64, cell_deg: f64, ncols: u32, nrows: u32) -> (u32, u32) {
    let row = ((lat + 90.0) / cell_deg).floor().max(0.0) as u32;
    let col = ((lon + 180.0) / cell_deg).floor().max(0.0) as u32;
    (row.min(nrows.saturating_sub(1)), col % ncols.max(1))
}

/// The positions of `entries` sorted by (cell, station), ties in input order; each cell
/// computed once, not per comparison.
fn sorted_by_cell(
    entries: &[StationPoint],
    ncols: u32,
    cell: impl Fn(&StationPoint) -> (u32, u32),
) -> Vec<u32> {
    // Stations numbered by position (as a catalogue builds them), up to 2²⁴ of them: the cell
    // number (below 2⁴⁰ for up to 360,000 columns) and the position in one u64, a faster sort.
    let numbered = entries.len() < 1 << 24
        && entries
            .iter()
            .enumerate()
            .all(|(i, e)| e.station as usize == i);
    if numbered {
        let mut keys: Vec<u64> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (r, c) = cell(e);
                (u64::from(r) * u64::from(ncols) + u64::from(c)) << 24 | i as u64
            })
            .collect();
        keys.sort_unstable();
        return keys.iter().map(|&k| (k & 0xff_ffff) as u32).collect();
    }
    let mut order: Vec<(u64, u32, u32)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (r, c) = cell(e);
            let key = u64::from(r) << 32 | u64::from(c);
            (key, e.station, u32::try_from(i).unwrap_or(u32::MAX))
        })
        .collect();
    order.sort_unstable();
    order.iter().map(|&(_, _, i)| i).collect()
}

/// Mean cell occupancy seen by a station for `ncols` columns, estimated from a sample.
fn occupancy(points: &[(f64, f64)], ncols: u32) -> f64 {
    let n = points.len();
    if n == 0 {
        return 0.0;
    }
    let step = (n / 8192).max(1);
    let cell_deg = 360.0 / f64::from(ncols);
    let nrows = (180.0 / cell_deg).ceil() as u32;
    let mut keys: Vec<u64> = points
        .iter()
        .step_by(step)
        .map(|&(lat, lon)| {
            let (r, c) = grid_of(lat, lon, cell_deg, ncols, nrows);
            u64::from(r) << 32 | u64::from(c)
        })
        .collect();
    keys.sort_unstable();
    let s = keys.len() as f64;
    let mut sum_sq = 0.0;
    let mut run = 0.0;
    for (i, k) in keys.iter().enumerate() {
        run += 1.0;
        if keys.get(i + 1) != Some(k) {
            sum_sq += run * run;
            run = 0.0;
        }
    }
    // E[Σ m²] ≈ f²·Σ n² + f·N for a sample fraction f = s / N.
    let f = s / n as f64;
    ((sum_sq - s) / (f * s) + 1.0).max(1.0)
}

fn wrap180(d: f64) -> f64 {
    let d = (d + 180.0).rem_euclid(360.0) - 180.0;
    if d < -180.0 {
        d + 360.0
    } else {
        d
    }
}

/// The first index of `cols` (sorted) whose column is at least `target`: exactly
/// `cols.partition_point(|&c| i64::from(c) < target)`, found by interpolation then galloping
/// (columns of a row are spread fairly evenly, so this takes a few probes where a binary search
/// over a long row takes a dozen, each a likely cache miss).
fn first_col_at_least(cols: &[u32], target: i64) -> usize {
    let n = cols.len();
    let (Some(&first), Some(&last)) = (cols.first(), cols.last()) else {
        return 0;
    };
    let (first, last) = (i64::from(first), i64::from(last));
    if target <= first {
        return 0;
    }
    if target > last {
        return n;
    }
    // Here first < target <= last, so n >= 2 and the answer is in 1..n.
    let below = |i: usize| cols.get(i).is_some_and(|&c| i64::from(c) < target);
    let frac = (target - first) as f64 / (last - first) as f64;
    let guess = ((frac * (n - 1) as f64) as usize).min(n - 1);
    // Bracket: below(lo), !below(hi), lo < hi.
    let (lo, hi) = if below(guess) {
        let (mut lo, mut step) = (guess, 1);
        loop {
            let next = lo + step;
            if next >= n - 1 || !below(next) {
                break (lo, next.min(n - 1));
            }
            lo = next;
            step *= 2;
        }
    } else {
        let (mut hi, mut step) = (guess, 1);
        loop {
            if hi <= step {
                break (0, hi);
            }
            let next = hi - step;
            if below(next) {
                break (next, hi);
            }
            hi = next;
            step *= 2;
        }
    };
    lo + 1
        + cols
            .get(lo + 1..hi)
            .map_or(0, |mid| mid.partition_point(|&c| i64::from(c) < target))
}

/// Shrinks a lower bound a hair so that floating-point rounding of the haversine can never
/// make a station nearer than its cell's bound.
fn safe(bound_rad: f64) -> f64 {
    (bound_rad * EARTH_RADIUS_M) * (1.0 - 1e-9) - 1e-6
}

/// A pending cell: key (metres) and the cell's range of entries packed so that ordering is one
/// 128-bit compare. The range is read when the cell is queued (neighbouring cells of a row
/// share cache lines then), not when it is scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    /// The key's `f64` bits mapped to an unsigned integer in `f64::total_cmp` order.
    key_ord: u64,
    /// `first << 32 | end`: the cell's entries are `first..end`.
    tag: u64,
}

impl Item {
    #[inline]
    fn new(key: f64, first: u32, end: u32) -> Item {
        let b = key.to_bits();
        let key_ord = if b >> 63 == 1 { !b } else { b | 1 << 63 };
        Item {
            key_ord,
            tag: u64::from(first) << 32 | u64::from(end),
        }
    }

    #[inline]
    fn key(&self) -> f64 {
        let b = self.key_ord;
        f64::from_bits(if b >> 63 == 1 { b & !(1 << 63) } else { !b })
    }

    #[inline]
    fn first(&self) -> u32 {
        (self.tag >> 32) as u32
    }

    #[inline]
    fn end(&self) -> u32 {
        self.tag as u32
    }
}

/// A trigonometry-free lower bound of [`haversine_m`](crate::geo::haversine_m) from a fixed
/// query point, tight to a few parts in 10⁵ at the distances the grid visits.
///
/// With `a = |Δφ|/2`, `b = |Δλ|/2` (Δλ wrapped to ±180°): `sin a ≥ a − a³/6`, `sin b ≥ b − b³/6`,
/// `cos φ₂ ≥ cos φ₁ − sin φ₁·Δφ − Δφ²/2` (Taylor with remainder), so
/// `h ≥ (a − a³/6)² + cos φ₁·max(0, cos φ₁ − sin φ₁·Δφ − Δφ²/2)·(b − b³/6)²`, and
/// `2R·asin √h ≥ 2R·√h`; the result is shrunk like the cell bounds against rounding.
///
/// The search compares `h` itself against [`DistanceBound::h_max`] of its current limit (no
/// square root per station); the exact distance is [`DistanceBound::exact`], the very same
/// arithmetic as [`haversine_m`](crate::geo::haversine_m) with the query's cosine computed
/// once.
struct DistanceBound {
    lat: f64,
    lon: f64,
    cos_phi: f64,
    /// `cos_phi.max(0.0)`.
    cos_pos: f64,
    sin_phi: f64,
}

/// 1/6 rounded (a hair below): the Taylor terms' rounding is far inside the bound's margin.
const SIXTH: f64 = 1.0 / 6.0;

impl DistanceBound {
    fn new(lat: f64, lon: f64) -> DistanceBound {
        let (sin_phi, cos_phi) = (
            crate::geo::sin(lat.to_radians()),
            crate::geo::cos(lat.to_radians()),
        );
        DistanceBound {
            lat,
            lon,
            cos_phi,
            cos_pos: cos_phi.max(0.0),
            sin_phi,
        }
    }

    /// The lower bound of `(sin(d / 2R))²` (see the type docs).
    #[inline]
    fn h(&self, lat: f64, lon: f64) -> f64 {
        let dphi = (lat - self.lat).to_radians();
        let a = 0.5 * dphi.abs();
        let sa = (a - a * a * a * SIXTH).max(0.0);
        let mut dl = (lon - self.lon).abs();
        if dl > 180.0 {
            dl = 360.0 - dl;
        }
        let b = 0.5 * dl.to_radians();
        let sb = (b - b * b * b * SIXTH).max(0.0);
        let cos2 = (self.cos_phi - self.sin_phi * dphi - 0.5 * dphi * dphi).max(0.0);
        sa * sa + self.cos_pos * cos2 * sb * sb
    }

    /// The lower bound in metres.
    #[cfg(test)]
    fn metres(&self, lat: f64, lon: f64) -> f64 {
        safe(self.h(lat, lon).sqrt() * 2.0)
    }

    /// The largest [`DistanceBound::h`] whose bound in metres can be at most `limit_m`: a
    /// station with a larger `h` is farther than `limit_m` (with a margin far above rounding).
    fn h_max(limit_m: f64) -> f64 {
        let t = (limit_m + 1e-6) / (2.0 * EARTH_RADIUS_M * (1.0 - 1e-9));
        t * t * (1.0 + 1e-12)
    }

    /// Exactly `haversine_m(self.lat, self.lon, lat, lon)`, bit for bit: the same operations
    /// in the same order, with `cos φ₁` computed once.
    #[inline]
    fn exact(&self, lat: f64, lon: f64) -> f64 {
        let phi2 = lat.to_radians();
        let half_dphi = (lat - self.lat).to_radians() / 2.0;
        let half_dlambda = (lon - self.lon).to_radians() / 2.0;
        use crate::geo::{asin, cos, sin};
        let (s_dphi, s_dlambda) = (sin(half_dphi), sin(half_dlambda));
        let h = s_dphi * s_dphi + self.cos_phi * cos(phi2) * s_dlambda * s_dlambda;
        2.0 * EARTH_RADIUS_M * asin(h.sqrt().clamp(0.0, 1.0))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Item {
    /// Reversed: a slice sorted ascending ends with the smallest key (popped first).
    fn cmp(&self, other: &Self) -> Ordering {
        (u128::from(other.key_ord) << 64 | u128::from(other.tag))
            .cmp(&(u128::from(self.key_ord) << 64 | u128::from(self.tag)))
    }
}

/// Buffers a query needs, kept per thread between queries so that a query allocates only its
/// answer.
#[derive(Default)]
struct Scratch {
    pending: Vec<Item>,
    cand: Vec<(f64, u32)>,
    above: Vec<[u32; 4]>,
    below: Vec<[u32; 4]>,
}

impl Scratch {
    /// Largest buffer kept for the next query (a huge search does not pin its memory).
    const KEEP: usize = 4096;

    fn take() -> Scratch {
        SCRATCH
            .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    fn give_back(mut self) {
        if self.pending.capacity() > Scratch::KEEP {
            return;
        }
        self.pending.clear();
        self.cand.clear();
        self.above.clear();
        self.below.clear();
        // Fails only while the thread shuts down or a query is in progress on it: then the
        // buffers are simply dropped.
        let _ = SCRATCH.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                *s = self;
            }
        });
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// One query in progress.
struct Query<'a> {
    ix: &'a StationIndex,
    cos_phi: f64,
    qr: i64,
    qc: i64,
    /// Degrees from the query to its own cell's south, north, west and east edges.
    south: f64,
    north: f64,
    west: f64,
    east: f64,
    /// The radius, then the distance of the `k`-th accepted station once there are `k`.
    limit: f64,
    /// [`DistanceBound::h_max`] of `limit`.
    h_max: f64,
    /// Cells to scan, sorted so that the nearest is last.
    pending: Vec<Item>,
    /// (distance bound as [`DistanceBound::h`], entry) of the cell being scanned.
    cand: Vec<(f64, u32)>,
    work: usize,
    /// Row cursors of rows `qr`, `qr + 1`, … (see [`Query::open_row`]).
    above: Vec<[u32; 4]>,
    /// Row cursors of rows `qr − 1`, `qr − 2`, ….
    below: Vec<[u32; 4]>,
    /// Lower bound and exact distances from the query point.
    dist: DistanceBound,
    /// `available & needs`, and `needs`: the services mask test.
    wanted: u64,
    needs: u64,
    /// Stations wanted.
    k: usize,
    /// Accepted stations within `limit`, (distance, station) sorted by distance: at most `k`
    /// plus those tied with the `k`-th.
    best: Vec<(f64, u32)>,
    stats: SearchStats,
}

impl Query<'_> {
    fn cell_bound(&self, row: u32, col: u32) -> f64 {
        let cd = self.ix.cell_deg;
        let dr = i64::from(row) - self.qr;
        let dlat = match dr.cmp(&0) {
            Ordering::Greater => (dr - 1) as f64 * cd + self.north,
            Ordering::Less => (-dr - 1) as f64 * cd + self.south,
            Ordering::Equal => 0.0,
        };
        let n = i64::from(self.ix.ncols);
        let east = (i64::from(col) - self.qc).rem_euclid(n);
        let dlon = if east == 0 {
            0.0
        } else {
            ((east - 1) as f64 * cd + self.east).min((n - east - 1) as f64 * cd + self.west)
        };
        safe(self.bound_rad(dlat, dlon))
    }

    /// [`Query::cell_bound`] for a cell of a ring that does not wrap around the globe
    /// (`qc − r ≥ 0`, `qc + r < ncols`, so `2r + 1 ≤ ncols`): the nearer side in longitude is
    /// the one the column lies on, and no modular arithmetic is needed.
    #[inline]
    fn cell_bound_near(&self, row: u32, col: u32) -> f64 {
        let cd = self.ix.cell_deg;
        let dr = i64::from(row) - self.qr;
        let dlat = match dr.cmp(&0) {
            Ordering::Greater => (dr - 1) as f64 * cd + self.north,
            Ordering::Less => (-dr - 1) as f64 * cd + self.south,
            Ordering::Equal => 0.0,
        };
        let dc = i64::from(col) - self.qc;
        let dlon = match dc.cmp(&0) {
            Ordering::Greater => (dc - 1) as f64 * cd + self.east,
            Ordering::Less => (-dc - 1) as f64 * cd + self.west,
            Ordering::Equal => 0.0,
        };
        safe(self.bound_rad(dlat, dlon))
    }

    /// Lower bound (radians) for latitude and longitude gaps in degrees (margins applied):
    /// `max(Δφ, asin(cos φ·sin Δλ))`, the latter bounded below by `cos φ·(x − x³/6)` since
    /// `asin y ≥ y` and `sin x ≥ x − x³/6` (no trigonometry per cell).
    #[inline]
    fn bound_rad(&self, dlat: f64, dlon: f64) -> f64 {
        let dlat = (dlat - EDGE_EPS_DEG).max(0.0).to_radians();
        let x = (dlon - EDGE_EPS_DEG).clamp(0.0, 90.0).to_radians();
        dlat.max(self.cos_phi * (x - x * x * x / 6.0))
    }

    /// Lower bound for every cell at ring distance `r` or more.
    fn ring_bound(&self, r: i64) -> f64 {
        if r <= 0 {
            return f64::NEG_INFINITY;
        }
        let cd = self.ix.cell_deg;
        let inner = r - 1;
        let south = if self.qr - inner <= 0 {
            f64::INFINITY
        } else {
            inner as f64 * cd + self.south
        };
        let north = if self.qr + inner + 1 >= i64::from(self.ix.nrows) {
            f64::INFINITY
        } else {
            inner as f64 * cd + self.north
        };
        let dlon = if 2 * inner + 1 >= i64::from(self.ix.ncols) {
            f64::INFINITY
        } else {
            inner as f64 * cd + self.west.min(self.east)
        };
        let lat_rad = (south.min(north) - EDGE_EPS_DEG).max(0.0).to_radians();
        let lon_rad = if dlon.is_finite() {
            self.bound_rad(0.0, dlon)
        } else {
            f64::INFINITY
        };
        safe(lat_rad.min(lon_rad))
    }

    fn push_cells(&mut self, row: i64, c_from: i64, c_to: i64) {
        let ix = self.ix;
        let (Ok(row), true) = (u32::try_from(row), row >= 0) else {
            return;
        };
        if row < ix.row_lo || row > ix.row_hi {
            return;
        }
        let ri = (row - ix.row_lo) as usize;
        let (Some(&s), Some(&e)) = (ix.row_start.get(ri), ix.row_start.get(ri + 1)) else {
            return;
        };
        if s == e {
            return;
        }
        let ncols = i64::from(ix.ncols);
        let a = c_from.rem_euclid(ncols);
        let b = c_to.rem_euclid(ncols);
        let ranges = if c_to - c_from + 1 >= ncols {
            [(0, ncols - 1), (1, 0)]
        } else if a <= b {
            [(a, b), (1, 0)]
        } else {
            [(a, ncols - 1), (0, b)]
        };
        let cols = ix.cell_col.get(s as usize..e as usize).unwrap_or(&[]);
        for (lo, hi) in ranges {
            if lo > hi {
                continue;
            }
            self.work += 1;
            let start = first_col_at_least(cols, lo);
            for (k, &col) in cols.iter().enumerate().skip(start) {
                if i64::from(col) > hi {
                    break;
                }
                let bound = self.cell_bound(row, col);
                if bound <= self.limit {
                    self.queue_cell(bound, s + k as u32);
                }
            }
        }
    }

    /// Queues cell `cell` (in `row`, `col`) if it can hold a station within the limit.
    #[inline]
    fn push_cell(&mut self, cell: u32, row: u32, col: u32) {
        let bound = self.cell_bound_near(row, col);
        if bound <= self.limit {
            self.queue_cell(bound, cell);
        }
    }

    /// Queues cell `cell` with its bound.
    #[inline]
    fn queue_cell(&mut self, bound: f64, cell: u32) {
        let c = cell as usize;
        if let (Some(&s), Some(&e)) = (self.ix.cell_start.get(c), self.ix.cell_start.get(c + 1)) {
            self.pending.push(Item::new(bound, s, e));
        }
    }

    /// Scans the cell of entries `s..e`. The stations that pass the services mask and whose
    /// distance bound is within the limit are taken nearest bound first: each gets its exact
    /// distance and, within the limit, `accept` decides; an accepted station joins the best
    /// ones (tightening the limit once there are `k`, which spares the farther ones).
    fn scan_cell(&mut self, s: u32, e: u32, accept: &mut impl FnMut(&Entry) -> bool) {
        let ix = self.ix;
        self.stats.cells_scanned += 1;
        let ids = ix.mask_ids.get(s as usize..e as usize).unwrap_or(&[]);
        self.stats.entries_scanned += ids.len() as u32;
        let mut cand = std::mem::take(&mut self.cand);
        for (j, &id) in ids.iter().enumerate() {
            let pos = s + j as u32;
            if ix.mask_of(pos, id) & self.wanted != self.needs {
                continue;
            }
            let Some(entry) = ix.entries.get(pos as usize) else {
                continue;
            };
            let h = self.dist.h(entry.lat(), entry.lon());
            if h <= self.h_max {
                cand.push((h, pos));
            }
        }
        cand.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        for &(h, pos) in &cand {
            if h > self.h_max {
                break;
            }
            let Some(entry) = ix.entries.get(pos as usize) else {
                continue;
            };
            self.stats.distances += 1;
            let d = self.dist.exact(entry.lat(), entry.lon());
            if d > self.limit {
                continue;
            }
            self.stats.predicate_checks += 1;
            if accept(entry) {
                self.keep(d, entry.station);
            }
        }
        cand.clear();
        self.cand = cand;
    }

    /// Adds an accepted station at distance `d` (within the limit) to the best ones.
    fn keep(&mut self, d: f64, station: u32) {
        // Insertion from the back: the list is short.
        self.best.push((d, station));
        let mut i = self.best.len() - 1;
        while i > 0 {
            match (self.best.get(i - 1).copied(), self.best.get(i).copied()) {
                (Some(a), Some(b)) if a.0 > b.0 => {
                    self.best.swap(i - 1, i);
                    i -= 1;
                }
                _ => break,
            }
        }
        let Some(&(kth, _)) = self.best.get(self.k.saturating_sub(1)) else {
            return;
        };
        while self.best.last().is_some_and(|&(x, _)| x > kth) {
            self.best.pop();
        }
        if kth < self.limit {
            self.limit = kth;
            self.h_max = DistanceBound::h_max(kth);
        }
    }

    /// Opens `row` at ring `r` (columns `qc − r ..= qc + r`, not wrapping): queues its cells in
    /// those columns and returns its cursor `[first cell, end, covered start, covered end]`,
    /// all zero when the row holds no station.
    fn open_row(&mut self, row: i64, r: i64) -> [u32; 4] {
        let ix = self.ix;
        let Some(urow) = u32::try_from(row)
            .ok()
            .filter(|&w| w >= ix.row_lo && w <= ix.row_hi)
        else {
            return [0; 4];
        };
        let ri = (urow - ix.row_lo) as usize;
        let (Some(&s), Some(&e)) = (ix.row_start.get(ri), ix.row_start.get(ri + 1)) else {
            return [0; 4];
        };
        if s == e {
            return [0; 4];
        }
        self.work += 1;
        let cols = ix.cell_col.get(s as usize..e as usize).unwrap_or(&[]);
        let (lo_c, hi_c) = (self.qc - r, self.qc + r);
        let a = first_col_at_least(cols, lo_c);
        let mut b = a;
        while let Some(&col) = cols.get(b) {
            if i64::from(col) > hi_c {
                break;
            }
            self.push_cell(s + b as u32, urow, col);
            b += 1;
        }
        [s, e, s + a as u32, s + b as u32]
    }

    /// Widens an open row from ring `r − 1` to ring `r`: at most one cell on each side.
    #[inline]
    fn widen_row(&mut self, cur: &mut [u32; 4], row: i64, r: i64) {
        let [s, e, lo, hi] = *cur;
        if s == e {
            return;
        }
        self.work += 1;
        let ix = self.ix;
        let urow = u32::try_from(row).unwrap_or(0);
        if lo > s {
            if let Some(&col) = ix.cell_col.get((lo - 1) as usize) {
                if i64::from(col) == self.qc - r {
                    self.push_cell(lo - 1, urow, col);
                    cur[2] = lo - 1;
                }
            }
        }
        if hi < e {
            if let Some(&col) = ix.cell_col.get(hi as usize) {
                if i64::from(col) == self.qc + r {
                    self.push_cell(hi, urow, col);
                    cur[3] = hi + 1;
                }
            }
        }
    }

    /// Queues the cells of ring `r` (rings are expanded in order 0, 1, 2, …). While the ring
    /// does not wrap around the globe, each row keeps a cursor on its covered cells, so a ring
    /// costs one binary search per new row and O(1) per older row.
    fn expand_ring(&mut self, r: i64) {
        let ncols = i64::from(self.ix.ncols);
        let (qr, qc) = (self.qr, self.qc);
        if qc - r >= 0 && qc + r < ncols {
            let mut above = std::mem::take(&mut self.above);
            let mut below = std::mem::take(&mut self.below);
            for (i, cur) in above.iter_mut().enumerate() {
                self.widen_row(cur, qr + i as i64, r);
            }
            for (i, cur) in below.iter_mut().enumerate() {
                self.widen_row(cur, qr - 1 - i as i64, r);
            }
            above.push(self.open_row(qr + r, r));
            if r > 0 {
                below.push(self.open_row(qr - r, r));
            }
            self.above = above;
            self.below = below;
            return;
        }
        for dr in -r..=r {
            let row = qr + dr;
            if dr.abs() == r {
                self.push_cells(row, qc - r, qc + r);
            } else if 2 * r - 1 < ncols {
                self.push_cells(row, qc - r, qc - r);
                if 2 * r < ncols {
                    self.push_cells(row, qc + r, qc + r);
                }
            }
        }
    }

    /// Whether ring `r` can hold any station at all.
    fn ring_in_reach(&self, r: i64) -> bool {
        let ix = self.ix;
        let rows = (self.qr - i64::from(ix.row_lo)).max(i64::from(ix.row_hi) - self.qr);
        let ncols = i64::from(ix.ncols);
        let circ = |c: i64| {
            let d = (c - self.qc).rem_euclid(ncols);
            d.min(ncols - d)
        };
        let (lo, hi) = (i64::from(ix.col_lo), i64::from(ix.col_hi));
        let antipode = (self.qc + ncols / 2).rem_euclid(ncols);
        let cols = if (lo..=hi).contains(&antipode) {
            ncols / 2
        } else {
            circ(lo).max(circ(hi)).max(if (lo..=hi).contains(&self.qc) {
                0
            } else {
                circ(lo).min(circ(hi))
            })
        };
        r <= rows.max(cols)
    }
}

impl StationIndex {
    /// Builds the index over `entries` (in any order).
    pub fn build(mut entries: Vec<StationPoint>) -> StationIndex {
        let points: Vec<(f64, f64)> = entries.iter().map(|e| (e.lat, e.lon)).collect();
        // The coarsest grid whose cells are small enough.
        let ncols = COLUMN_CHOICES
            .iter()
            .rev()
            .copied()
            .find(|&c| occupancy(&points, c) <= TARGET_OCCUPANCY)
            .unwrap_or(36_000);
        StationIndex::build_with_columns(std::mem::take(&mut entries), ncols)
    }

    /// Builds the index with an explicit grid of `ncols` columns around the globe.
    pub fn build_with_columns(entries: Vec<StationPoint>, ncols: u32) -> StationIndex {
        let ncols = ncols.clamp(4, 360_000);
        let cell_deg = 360.0 / f64::from(ncols);
        let nrows = (180.0 / cell_deg).ceil() as u32;
        let cell = |e: &StationPoint| grid_of(e.lat, e.lon, cell_deg, ncols, nrows);
        // In cell order (a gather first: the pass below then reads them in sequence).
        let entries: Vec<StationPoint> = sorted_by_cell(&entries, ncols, cell)
            .iter()
            .filter_map(|&i| entries.get(i as usize).copied())
            .collect();
        let mut ix = StationIndex {
            cell_deg,
            ncols,
            nrows,
            ..StationIndex::default()
        };
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            ix.row_start = vec![0, 0];
            return ix;
        };
        ix.row_lo = cell(first).0;
        ix.row_hi = cell(last).0;
        ix.col_lo = u32::MAX;
        let mut row_start = vec![0u32; (ix.row_hi - ix.row_lo + 2) as usize];
        let mut prev: Option<(u32, u32)> = None;
        let mut ids: std::collections::HashMap<u64, u16> = std::collections::HashMap::new();
        let mut compact = Vec::with_capacity(entries.len());
        let mut mask_ids = Vec::with_capacity(entries.len());
        // One pass in cell order: the cell table, the entries and their masks.
        for (pos, e) in entries.iter().enumerate() {
            let (r, c) = cell(e);
            if prev != Some((r, c)) {
                ix.cell_col.push(c);
                ix.cell_start.push(pos as u32);
                ix.col_lo = ix.col_lo.min(c);
                ix.col_hi = ix.col_hi.max(c);
                if let Some(slot) = row_start.get_mut((r - ix.row_lo + 1) as usize) {
                    *slot += 1;
                }
                prev = Some((r, c));
            }
            let next = ix.masks.len();
            let mask = match ids.get(&e.services) {
                Some(&id) => id,
                None => match u16::try_from(next).ok().filter(|&id| id != MASK_OVERFLOW) {
                    Some(id) => {
                        ids.insert(e.services, id);
                        ix.masks.push(e.services);
                        id
                    }
                    None => {
                        ix.overflow.push((pos as u32, e.services));
                        MASK_OVERFLOW
                    }
                },
            };
            mask_ids.push(mask);
            compact.push(Entry {
                lat_bits: split_bits(e.lat),
                lon_bits: split_bits(e.lon),
                station: e.station,
                schedule: e.schedule,
                serving_from: e.serving_from,
            });
        }
        ix.cell_start.push(compact.len() as u32);
        for i in 1..row_start.len() {
            let before = row_start.get(i - 1).copied().unwrap_or(0);
            if let Some(slot) = row_start.get_mut(i) {
                *slot += before;
            }
        }
        ix.row_start = row_start;
        ix.masks.shrink_to_fit();
        ix.entries = compact;
        ix.mask_ids = mask_ids;
        ix
    }

    /// The services mask of the entry at `pos`.
    #[inline]
    fn mask_of(&self, pos: u32, id: u16) -> u64 {
        if id == MASK_OVERFLOW {
            self.overflow
                .binary_search_by_key(&pos, |&(p, _)| p)
                .ok()
                .and_then(|i| self.overflow.get(i))
                .map_or(0, |&(_, m)| m)
        } else {
            self.masks.get(usize::from(id)).copied().unwrap_or(0)
        }
    }

    /// Number of stations indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no station is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of non-empty cells.
    pub fn cells(&self) -> usize {
        self.cell_col.len()
    }

    /// Cell size in degrees.
    pub fn cell_degrees(&self) -> f64 {
        self.cell_deg
    }

    /// Bytes the index holds (entries, cell and row tables; no names or addresses).
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<StationIndex>()
            + self.entries.capacity() * std::mem::size_of::<Entry>()
            + (self.row_start.capacity() + self.cell_col.capacity() + self.cell_start.capacity())
                * 4
            + self.mask_ids.capacity() * 2
            + self.masks.capacity() * 8
            + self.overflow.capacity() * std::mem::size_of::<(u32, u64)>()
    }

    /// The `k` nearest entries within `radius_m` of (`lat`, `lon`) (WGS-84 degrees) whose
    /// services masked by `available` contain `needs` and that `accept` passes, in no
    /// particular order; every entry at the same distance as the `k`-th is included (the caller
    /// orders ties and truncates). `accept` is called at most once per entry, only on entries
    /// within the current limit (the radius, then the distance of the `k`-th accepted one).
    ///
    /// `None` when the search gave up (see the module docs): scan linearly instead.
    #[allow(clippy::too_many_arguments)]
    pub fn nearest(
        &self,
        lat: f64,
        lon: f64,
        radius_m: f64,
        needs: u64,
        available: u64,
        k: usize,
        mut accept: impl FnMut(&Entry) -> bool,
        stats: &mut SearchStats,
    ) -> Option<Vec<(f64, u32)>> {
        if self.entries.is_empty() || k == 0 {
            return Some(Vec::new());
        }
        let (qr, qc) = grid_of(lat, lon, self.cell_deg, self.ncols, self.nrows);
        let cd = self.cell_deg;
        let south_edge = f64::from(qr) * cd - 90.0;
        let west_edge = f64::from(qc) * cd - 180.0;
        // The query longitude unwrapped next to its cell (lon = 180 lies in column 0).
        let ulon = west_edge + wrap180(lon - west_edge);
        let dist = DistanceBound::new(lat, lon);
        let scratch = Scratch::take();
        let mut q = Query {
            ix: self,
            cos_phi: dist.cos_phi.max(0.0),
            qr: i64::from(qr),
            qc: i64::from(qc),
            south: (lat - south_edge).clamp(0.0, cd),
            north: (south_edge + cd - lat).clamp(0.0, cd),
            west: (ulon - west_edge).clamp(0.0, cd),
            east: (west_edge + cd - ulon).clamp(0.0, cd),
            limit: radius_m,
            h_max: DistanceBound::h_max(radius_m),
            pending: scratch.pending,
            cand: scratch.cand,
            work: 0,
            above: scratch.above,
            below: scratch.below,
            dist,
            wanted: available & needs,
            needs,
            k,
            best: Vec::with_capacity(k.min(64) + 1),
            stats: SearchStats::default(),
        };
        let budget = 64 + self.entries.len() / 4;
        let mut gave_up = false;
        // Rings 0, 1, 2, … are expanded while their bound is within the limit; after each,
        // the pending cells nearer than every unexpanded ring are scanned nearest first.
        let mut r: i64 = 0;
        loop {
            let expand = q.ring_in_reach(r) && q.ring_bound(r) <= q.limit;
            let mut next = f64::INFINITY;
            if expand {
                q.expand_ring(r);
                if q.work > budget {
                    gave_up = true;
                    break;
                }
                r += 1;
                if q.ring_in_reach(r) {
                    next = q.ring_bound(r);
                }
                q.pending.sort_unstable();
            }
            while let Some(item) = q.pending.last().copied() {
                if item.key() > q.limit || item.key() > next {
                    break;
                }
                q.pending.pop();
                q.scan_cell(item.first(), item.end(), &mut accept);
            }
            if !expand {
                break;
            }
        }
        stats.cells_scanned += q.stats.cells_scanned;
        stats.entries_scanned += q.stats.entries_scanned;
        stats.distances += q.stats.distances;
        stats.predicate_checks += q.stats.predicate_checks;
        Scratch {
            pending: q.pending,
            cand: q.cand,
            above: q.above,
            below: q.below,
        }
        .give_back();
        if gave_up {
            stats.fell_back = true;
            return None;
        }
        Some(q.best)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::geo::haversine_m;

    fn splitmix(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(state: &mut u64) -> f64 {
        (splitmix(state) >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn items_order_like_total_cmp_then_range() {
        let keys = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -1e-6,
            -0.0,
            0.0,
            1e-300,
            1.0,
            49_999.99,
            50_000.0,
            f64::INFINITY,
        ];
        let mut items = Vec::new();
        for &k in &keys {
            for first in [0, 1, 7, u32::MAX] {
                for end in [0, 7, u32::MAX] {
                    items.push((k, first, end));
                }
            }
        }
        for &(k, first, end) in &items {
            let it = Item::new(k, first, end);
            assert_eq!(it.key().to_bits(), k.to_bits());
            assert_eq!((it.first(), it.end()), (first, end));
            for &(k2, first2, end2) in &items {
                // Reversed: the smaller key is the greater item (popped first from a sorted
                // slice's end).
                let want = k2
                    .total_cmp(&k)
                    .then(first2.cmp(&first))
                    .then(end2.cmp(&end));
                assert_eq!(it.cmp(&Item::new(k2, first2, end2)), want);
            }
        }
    }

    #[test]
    fn column_search_is_partition_point() {
        let mut s = 3u64;
        for round in 0..3000 {
            let n = (splitmix(&mut s) % 40) as usize;
            let span = [3, 50, 5000, 360_000][round % 4];
            let mut cols: Vec<u32> = (0..n).map(|_| (splitmix(&mut s) % span) as u32).collect();
            cols.sort_unstable();
            cols.dedup();
            for target in -2..(span as i64 + 2).min(400) {
                let want = cols.partition_point(|&c| i64::from(c) < target);
                assert_eq!(first_col_at_least(&cols, target), want, "{cols:?} {target}");
            }
            let target = (splitmix(&mut s) % (span + 4)) as i64 - 2;
            let want = cols.partition_point(|&c| i64::from(c) < target);
            assert_eq!(first_col_at_least(&cols, target), want, "{cols:?} {target}");
        }
    }

    #[test]
    fn entry_is_24_bytes() {
        assert_eq!(std::mem::size_of::<Entry>(), 24);
        assert_eq!(std::mem::align_of::<Entry>(), 4);
    }

    #[test]
    fn distance_bound_is_a_lower_bound() {
        let mut s = 11u64;
        for i in 0..200_000 {
            let lat = unit(&mut s) * 179.0 - 89.5;
            let lon = unit(&mut s) * 360.0 - 180.0;
            let spread = [1e-7, 1e-4, 0.01, 0.5, 5.0, 60.0, 360.0][i % 7];
            let lat2 = (lat + (unit(&mut s) - 0.5) * spread).clamp(-90.0, 90.0);
            let lon2 = wrap180(lon + (unit(&mut s) - 0.5) * spread * 2.0);
            let b = DistanceBound::new(lat, lon);
            let lb = b.metres(lat2, lon2);
            let d = haversine_m(lat, lon, lat2, lon2);
            assert!(lb <= d, "{lat},{lon} -> {lat2},{lon2}: {lb} > {d}");
            if spread <= 0.5 && d > 1.0 {
                assert!(lb >= d * 0.999, "{lat},{lon} -> {lat2},{lon2}: {lb} ≪ {d}");
            }
        }
        let b = DistanceBound::new(30.0, 120.0);
        assert!(b.metres(30.0, 120.0) <= 0.0);
    }

    #[test]
    fn exact_distance_is_haversine_bit_for_bit_and_h_max_never_prunes_a_station_within() {
        let mut s = 29u64;
        for i in 0..200_000 {
            let lat = unit(&mut s) * 179.0 - 89.5;
            let lon = unit(&mut s) * 360.0 - 180.0;
            let spread = [1e-7, 1e-4, 0.01, 0.5, 5.0, 60.0, 360.0][i % 7];
            let lat2 = (lat + (unit(&mut s) - 0.5) * spread).clamp(-90.0, 90.0);
            let lon2 = wrap180(lon + (unit(&mut s) - 0.5) * spread * 2.0);
            let b = DistanceBound::new(lat, lon);
            let d = haversine_m(lat, lon, lat2, lon2);
            assert_eq!(
                b.exact(lat2, lon2).to_bits(),
                d.to_bits(),
                "{lat},{lon} -> {lat2},{lon2}"
            );
            // A limit at, just above or just below the exact distance: pruning by h never drops
            // a station the exact distance keeps.
            for limit in [d, d * (1.0 + 1e-12), d * (1.0 - 1e-12), d + 1e-6] {
                if d <= limit {
                    assert!(
                        b.h(lat2, lon2) <= DistanceBound::h_max(limit),
                        "{lat},{lon} -> {lat2},{lon2} pruned at {limit} (d = {d})"
                    );
                }
            }
        }
    }

    #[test]
    fn cell_order_is_cell_then_station_then_position_whichever_sort_runs() {
        let mut s = 11u64;
        for ncols in [36, 9_000, 360_000] {
            let cell_deg = 360.0 / f64::from(ncols);
            let nrows = (180.0 / cell_deg).ceil() as u32;
            let cell = |e: &StationPoint| grid_of(e.lat, e.lon, cell_deg, ncols, nrows);
            let mut entries: Vec<StationPoint> = (0..3000)
                .map(|i| StationPoint {
                    lat: unit(&mut s) * 178.0 - 89.0,
                    lon: unit(&mut s) * 360.0 - 180.0,
                    services: 0,
                    station: i,
                    schedule: 0,
                    serving_from: 0,
                })
                .collect();
            // Many stations in few cells too: ties broken by station number.
            for e in entries.iter_mut().step_by(3) {
                (e.lat, e.lon) = (36.6, 117.0);
            }
            let reference = |entries: &[StationPoint]| {
                let mut order: Vec<u32> = (0..entries.len() as u32).collect();
                order.sort_by_key(|&i| {
                    let e = &entries[i as usize];
                    (cell(e), e.station, i)
                });
                order
            };
            // Numbered by position (the packed sort), then numbered otherwise (the general one,
            // with repeated numbers).
            assert_eq!(sorted_by_cell(&entries, ncols, cell), reference(&entries));
            for (i, e) in entries.iter_mut().enumerate() {
                e.station = (7919 * i as u32) % 1000;
            }
            assert_eq!(sorted_by_cell(&entries, ncols, cell), reference(&entries));
        }
    }

    #[test]
    fn matches_brute_force_everywhere() {
        let mut s = 7u64;
        for round in 0..40 {
            let n = 1 + (splitmix(&mut s) % 400) as usize;
            let spread = [0.05, 1.0, 30.0, 179.0][round % 4];
            let (clat, clon) = (unit(&mut s) * 140.0 - 70.0, unit(&mut s) * 360.0 - 180.0);
            let entries: Vec<StationPoint> = (0..n)
                .map(|i| StationPoint {
                    lat: (clat + (unit(&mut s) - 0.5) * spread).clamp(-89.0, 89.0),
                    lon: wrap180(clon + (unit(&mut s) - 0.5) * spread * 2.0),
                    services: splitmix(&mut s) & 0xF,
                    station: i as u32,
                    schedule: 0,
                    serving_from: 0,
                })
                .collect();
            for ncols in [36, 360, 3600, 36000] {
                let ix = StationIndex::build_with_columns(entries.clone(), ncols);
                for _ in 0..20 {
                    let lat = (clat + (unit(&mut s) - 0.5) * spread).clamp(-89.0, 89.0);
                    let lon = wrap180(clon + (unit(&mut s) - 0.5) * spread * 2.0);
                    let radius = [1_000.0, 50_000.0, 6_000_000.0][(splitmix(&mut s) % 3) as usize];
                    let k = 1 + (splitmix(&mut s) % 12) as usize;
                    let needs = splitmix(&mut s) & 0x3;
                    let reject = splitmix(&mut s) % 3;
                    let keep = |station: u32| u64::from(station) % 3 != reject;
                    let accept = |e: &Entry| keep(e.station);
                    let mut want: Vec<(f64, u32)> = entries
                        .iter()
                        .filter(|e| e.services & needs == needs && keep(e.station))
                        .map(|e| (haversine_m(lat, lon, e.lat, e.lon), e.station))
                        .filter(|&(d, _)| d <= radius)
                        .collect();
                    want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                    want.truncate(k);
                    let mut stats = SearchStats::default();
                    let Some(mut got) =
                        ix.nearest(lat, lon, radius, needs, u64::MAX, k, accept, &mut stats)
                    else {
                        continue;
                    };
                    got.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                    got.truncate(k);
                    assert_eq!(got, want, "ncols {ncols} at {lat},{lon} r {radius} k {k}");
                }
            }
        }
    }
}
