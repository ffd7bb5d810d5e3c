//! Place: coordinates that always carry their datum, conversions between the three map datums
//! used in China, and great-circle distances.
//!
//! # Datums
//! Maps in mainland China use three coordinate systems, which differ by hundreds of metres:
//!
//! * [`Datum::Wgs84`]: WGS-84, what GPS receivers report.
//! * [`Datum::Gcj02`]: GCJ-02, the state-mandated obfuscation of WGS-84 used by Amap (Gaode),
//!   Tencent Maps and Apple Maps in China.
//! * [`Datum::Bd09`]: BD-09, Baidu's further rotation of GCJ-02.
//!
//! A latitude/longitude pair without its datum is therefore ambiguous, so in this library a
//! [`Coordinate`] always carries one.
//!
//! # Conversions
//! * WGS-84 → GCJ-02 is the public obfuscation formula on the Krasovsky 1940 ellipsoid
//!   (a = 6 378 245 m, e² = 0.006 693 421 622 965 94).
//! * GCJ-02 → BD-09 is Baidu's `x_pi` rotation (`x_pi = π · 3000 / 180`) plus its fixed offset.
//! * Neither has a closed-form inverse. GCJ-02 → WGS-84 and BD-09 → GCJ-02 solve the forward
//!   formula by fixed-point iteration until a step is below 1e-10° (about 0.01 mm), in at most
//!   16 steps; five at most are needed across the mainland, and round trips come
//!   back within a millimetre. BD-09 → WGS-84 chains both.
//!
//! No shift applies outside mainland China: there the three datums coincide and a conversion
//! only changes the label. Whether a point is inside is decided by [`in_mainland_china`] on the
//! coordinate being converted (the shift is below 1 km, so for a GCJ-02 or BD-09 coordinate
//! its own position is used). Points within about a kilometre of the outline can therefore
//! convert differently on a round trip; that discontinuity is in the nature of the datums.
//!
//! Conversions allocate nothing. Most points are answered by one bit of a table of 0.1° cells
//! that lie wholly inside the outline (built once, on first use, from the outline itself); the
//! rest by walking the outline's rings.
//!
//! # The outline of mainland China
//! [`in_mainland_china`] tests a WGS-84 point against a coarse outline made of rings of
//! vertices: mainland China with its near-shore islands (548 vertices), Hainan, the Changshan
//! Islands, Weizhou Island and the Paracel Islands, minus explicit exclusions for Hong Kong,
//! Macau, Kinmen and Matsu. Taiwan, Korea, Japan, Vietnam, Mongolia, Russia and the other
//! neighbours lie outside.
//!
//! How it was made: from Natural Earth's 1:10m "Admin 0 – Countries" (version 4.1.0, public
//! domain). The mainland outline keeps the land borders and is pushed 0.15° out to sea (about
//! 15–19 km) so that the coast, ports and near-shore islands are inside; it was then simplified
//! (Douglas–Peucker) with a tolerance of 0.1° (about 11 km), except within about 17 km of 17
//! border crossings (Dandong, Ji'an, Tumen, Hunchun, Dongning, Suifenhe, Heihe, Manzhouli,
//! Erenhot, Khorgos, Alashankou, Zhangmu, Ruili, Mohan, Hekou, Pingxiang and Dongxing), where
//! it keeps 0.01° (about 1 km). Hong Kong, Macau and Kinmen are Natural Earth's outlines with a
//! sea margin, simplified to 0.002–0.004°; Matsu, absent at that scale, is hand-drawn.
//!
//! Accuracy, checked against Natural Earth 1:10m on a 0.02° grid: no land point farther than
//! 11 km from the land border is misclassified, and nine in ten misclassified points lie within
//! 5 km of it. Around Hong Kong and Macau the error stays within about 1 km of the boundary.
//! Natural Earth's own borders are themselves only good to roughly a kilometre, so a station in
//! a border town may be misclassified and then converted without (or with) the GCJ-02 shift.
//! Remote islands (the Spratlys, Pratas, Wuqiu) are outside the outline.

use serde::{Deserialize, Serialize};
use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

/// Mean radius of the Earth in metres (IUGG), used by [`haversine_m`].
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Upper bound on the steps of the iterative inverse conversions.
const MAX_ITERATIONS: usize = 16;

/// An error about a coordinate or a datum. It names the offending field and value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    /// A latitude or longitude is NaN or infinite.
    #[error("{field} is not a finite number")]
    NotFinite {
        /// `"lat"` or `"lon"`.
        field: &'static str,
    },
    /// A latitude or longitude is outside its range.
    #[error("{field} = {value} is out of range: it must be between {min} and {max} degrees")]
    OutOfRange {
        /// `"lat"` or `"lon"`.
        field: &'static str,
        /// The value given, in degrees.
        value: f64,
        /// Smallest accepted value, in degrees.
        min: f64,
        /// Largest accepted value, in degrees.
        max: f64,
    },
    /// A datum name that is not one of the accepted spellings.
    #[error(
        "unknown datum {given:?}: expected one of wgs84, gcj02, bd09 \
         (WGS-84, GCJ-02 and BD-09 are accepted too, in any letter case)"
    )]
    UnknownDatum {
        /// The name given, cut to its first 32 characters.
        given: String,
    },
}

/// The coordinate system (geodetic datum) a latitude/longitude pair is expressed in.
///
/// Serialised as `"wgs84"`, `"gcj02"` or `"bd09"`, which is also its [`Display`](fmt::Display)
/// form and [`Datum::code`].
///
/// # Example
/// ```
/// use waystation_core::geo::Datum;
/// let d: Datum = "GCJ-02".parse().unwrap();
/// assert_eq!(d, Datum::Gcj02);
/// assert_eq!(d.to_string(), "gcj02");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Datum {
    /// WGS-84, as reported by GPS.
    Wgs84,
    /// GCJ-02, used by Amap (Gaode), Tencent Maps and Apple Maps in mainland China.
    Gcj02,
    /// BD-09, used by Baidu Maps.
    Bd09,
}

impl Datum {
    /// Every datum, in a fixed order.
    pub const ALL: [Datum; 3] = [Datum::Wgs84, Datum::Gcj02, Datum::Bd09];

    /// The canonical code: `"wgs84"`, `"gcj02"` or `"bd09"`, as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Datum::Wgs84 => "wgs84",
            Datum::Gcj02 => "gcj02",
            Datum::Bd09 => "bd09",
        }
    }

    /// The conventional written name: `"WGS-84"`, `"GCJ-02"` or `"BD-09"`.
    fn written_name(self) -> &'static str {
        match self {
            Datum::Wgs84 => "WGS-84",
            Datum::Gcj02 => "GCJ-02",
            Datum::Bd09 => "BD-09",
        }
    }
}

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Datum {
    type Err = GeoError;

    /// Accepts `wgs84`, `gcj02`, `bd09` and `WGS-84`, `GCJ-02`, `BD-09`, in any letter case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Datum::ALL
            .into_iter()
            .find(|d| s.eq_ignore_ascii_case(d.code()) || s.eq_ignore_ascii_case(d.written_name()))
            .ok_or_else(|| GeoError::UnknownDatum {
                given: s.chars().take(32).collect(),
            })
    }
}

/// A position on Earth: latitude and longitude in degrees, with the datum they are expressed in.
///
/// Always valid: both numbers are finite, latitude is within ±90° and longitude within ±180°.
/// Serialised as `{"lat": 36.65, "lon": 117.12, "datum": "gcj02"}`; deserialisation checks the
/// same rules and rejects unknown fields.
///
/// # Example
/// ```
/// use waystation_core::geo::{Coordinate, Datum};
/// // Jinan, as read from Amap.
/// let amap = Coordinate::new(36.65, 117.12, Datum::Gcj02).unwrap();
/// let gps = amap.to_wgs84();
/// assert_eq!(gps.datum(), Datum::Wgs84);
/// assert!(amap.distance_m(&gps) < 0.5); // the same place
/// assert!((gps.lon() - 117.12).abs() > 0.005); // but hundreds of metres apart as numbers
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CoordinateRecord")]
pub struct Coordinate {
    lat: f64,
    lon: f64,
    datum: Datum,
}

/// The unchecked shape of a [`Coordinate`] in JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoordinateRecord {
    lat: f64,
    lon: f64,
    datum: Datum,
}

impl TryFrom<CoordinateRecord> for Coordinate {
    type Error = GeoError;

    fn try_from(record: CoordinateRecord) -> Result<Self, Self::Error> {
        Coordinate::new(record.lat, record.lon, record.datum)
    }
}

impl Coordinate {
    /// A coordinate of `lat`, `lon` (degrees) in `datum`.
    ///
    /// # Errors
    /// [`GeoError::NotFinite`] for NaN or infinite values, [`GeoError::OutOfRange`] for a
    /// latitude beyond ±90° or a longitude beyond ±180°.
    pub fn new(lat: f64, lon: f64, datum: Datum) -> Result<Coordinate, GeoError> {
        check("lat", lat, 90.0)?;
        check("lon", lon, 180.0)?;
        Ok(Coordinate { lat, lon, datum })
    }

    /// Latitude in degrees, north positive.
    pub fn lat(&self) -> f64 {
        self.lat
    }

    /// Longitude in degrees, east positive.
    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// The datum the latitude and longitude are expressed in.
    pub fn datum(&self) -> Datum {
        self.datum
    }

    /// The same place expressed in `target`.
    ///
    /// Identity when `target` is this coordinate's datum. Outside mainland China (as decided by
    /// [`in_mainland_china`] on this coordinate's own numbers) only the label changes.
    ///
    /// # Example
    /// ```
    /// use waystation_core::geo::{Coordinate, Datum};
    /// let gps = Coordinate::new(39.909336, 116.397743, Datum::Wgs84).unwrap(); // Beijing
    /// let baidu = gps.to_datum(Datum::Bd09);
    /// assert!((baidu.lat() - 39.917078).abs() < 1e-6);
    /// assert!((baidu.lon() - 116.410359).abs() < 1e-6);
    /// let back = baidu.to_datum(Datum::Wgs84);
    /// assert!(back.distance_m(&gps) < 0.01);
    /// ```
    pub fn to_datum(&self, target: Datum) -> Coordinate {
        if self.datum == target {
            return *self;
        }
        if !in_mainland_china(self.lat, self.lon) {
            return Coordinate {
                datum: target,
                ..*self
            };
        }
        let (lat, lon) = (self.lat, self.lon);
        let (lat, lon) = match (self.datum, target) {
            (Datum::Wgs84, Datum::Gcj02) => wgs84_to_gcj02(lat, lon),
            (Datum::Wgs84, Datum::Bd09) => {
                let (lat, lon) = wgs84_to_gcj02(lat, lon);
                gcj02_to_bd09(lat, lon)
            }
            (Datum::Gcj02, Datum::Wgs84) => gcj02_to_wgs84(lat, lon),
            (Datum::Gcj02, Datum::Bd09) => gcj02_to_bd09(lat, lon),
            (Datum::Bd09, Datum::Gcj02) => bd09_to_gcj02(lat, lon),
            (Datum::Bd09, Datum::Wgs84) => {
                let (lat, lon) = bd09_to_gcj02(lat, lon);
                gcj02_to_wgs84(lat, lon)
            }
            (Datum::Wgs84, Datum::Wgs84)
            | (Datum::Gcj02, Datum::Gcj02)
            | (Datum::Bd09, Datum::Bd09) => (lat, lon),
        };
        // Inside mainland China the shifts are below 0.02°, so the result is always finite and
        // in range.
        Coordinate {
            lat,
            lon,
            datum: target,
        }
    }

    /// The same place in WGS-84; shorthand for `to_datum(Datum::Wgs84)`.
    pub fn to_wgs84(&self) -> Coordinate {
        self.to_datum(Datum::Wgs84)
    }

    /// A cheap guess at [`Coordinate::to_wgs84`] (one step of the inverse, from Baidu's
    /// approximate inverse for BD-09), within about 1e-4° of it; exact where no shift applies.
    /// The compact form stores derived positions as their difference from this guess, so the
    /// guess computes its shifts in plain `f64` arithmetic ([`ShiftNear`]): for a GCJ-02
    /// location every platform guesses the same bits and reads back the writer's exact
    /// position. (For BD-09, Baidu's approximate inverse also calls the platform's `atan2` and
    /// `hypot`; a reader on another platform may land a few units in the last place away,
    /// still within the check of [`Coordinate::accept_wgs84`].)
    pub(crate) fn wgs84_guess(&self) -> Wgs84Guess {
        if self.datum == Datum::Wgs84 || !in_mainland_china(self.lat, self.lon) {
            return Wgs84Guess {
                lat: self.lat,
                lon: self.lon,
                near: None,
            };
        }
        let (g_lat, g_lon) = match self.datum {
            Datum::Bd09 => bd09_to_gcj02_approx(self.lat, self.lon),
            Datum::Gcj02 | Datum::Wgs84 => (self.lat, self.lon),
        };
        // One step of the inverse's iteration, from the location itself.
        let near = ShiftNear::at(g_lat, g_lon);
        let (dlat, dlon) = near.shift_here();
        Wgs84Guess {
            lat: g_lat - dlat,
            lon: g_lon - dlon,
            near: Some(near),
        }
    }

    /// Whether `(lat, lon)` is this place in WGS-84 as [`Coordinate::to_wgs84`] would give it,
    /// checked by one forward conversion instead of the iterative inverse: `Some` with the
    /// WGS-84 coordinate when the forward transform of `(lat, lon)` lands on this coordinate
    /// within the inverse's own convergence tolerance (exactly equal where no shift applies),
    /// `None` otherwise. Lets a stored derived position be trusted without re-deriving it.
    /// `guess` is this coordinate's [`Coordinate::wgs84_guess`] (whose sines the check reuses).
    pub(crate) fn accept_wgs84(
        &self,
        guess: &Wgs84Guess,
        lat: f64,
        lon: f64,
    ) -> Option<Coordinate> {
        let w = Coordinate::new(lat, lon, Datum::Wgs84).ok()?;
        let Some(near) = &guess.near else {
            let same = lat.to_bits() == self.lat.to_bits() && lon.to_bits() == self.lon.to_bits();
            return same.then_some(w);
        };
        // The forward shift computed like the guess's: within 1e-15° of the platform's (tested),
        // far inside the tolerance below.
        let (dlat, dlon) = near.shift(lat, lon);
        let (g_lat, g_lon) = (lat + dlat, lon + dlon);
        let (f_lat, f_lon, tolerance) = match self.datum {
            // The inverse stops once a step is below CONVERGED_DEG; the forward residual of its
            // answer is smaller still (each step shrinks the error by two to three digits).
            Datum::Gcj02 => (g_lat, g_lon, CONVERGED_DEG),
            // BD-09 → GCJ-02 → WGS-84 chains two inverses, each within CONVERGED_DEG; GCJ-02 →
            // BD-09 scales distances by less than 1.001, so the residuals add to below twice.
            Datum::Bd09 => {
                let (b_lat, b_lon) = gcj02_to_bd09(g_lat, g_lon);
                (b_lat, b_lon, 2.0 * CONVERGED_DEG)
            }
            Datum::Wgs84 => (lat, lon, 0.0),
        };
        let residual = (f_lat - self.lat).abs().max((f_lon - self.lon).abs());
        (residual <= tolerance).then_some(w)
    }

    /// Great-circle distance in metres to `other`, which may be in another datum.
    ///
    /// Both are converted to WGS-84 first, then [`haversine_m`] applies.
    ///
    /// # Example
    /// ```
    /// use waystation_core::geo::{Coordinate, Datum};
    /// let jinan = Coordinate::new(36.65, 117.12, Datum::Wgs84).unwrap();
    /// let qingdao = Coordinate::new(36.0671, 120.3826, Datum::Wgs84).unwrap();
    /// let km = jinan.distance_m(&qingdao) / 1000.0;
    /// assert!((km - 299.2).abs() < 0.1);
    /// ```
    pub fn distance_m(&self, other: &Coordinate) -> f64 {
        let a = self.to_wgs84();
        let b = other.to_wgs84();
        haversine_m(a.lat, a.lon, b.lat, b.lon)
    }
}

fn check(field: &'static str, value: f64, limit: f64) -> Result<(), GeoError> {
    if !value.is_finite() {
        return Err(GeoError::NotFinite { field });
    }
    if !(-limit..=limit).contains(&value) {
        return Err(GeoError::OutOfRange {
            field,
            value,
            min: -limit,
            max: limit,
        });
    }
    Ok(())
}

/// Great-circle distance in metres between two points given in degrees, by the haversine
/// formula on a sphere of radius [`EARTH_RADIUS_M`]. No datum conversion happens here; give
/// both points in the same datum, preferably WGS-84. NaN in, NaN out.
///
/// # Example
/// ```
/// use waystation_core::geo::haversine_m;
/// let one_degree = haversine_m(0.0, 0.0, 1.0, 0.0);
/// assert!((one_degree - 111_195.08).abs() < 0.01);
/// ```
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let half_dphi = (lat2 - lat1).to_radians() / 2.0;
    let half_dlambda = (lon2 - lon1).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    // Rounding can push h a hair past 1 for antipodal points; clamp keeps NaN as NaN.
    2.0 * EARTH_RADIUS_M * h.sqrt().clamp(0.0, 1.0).asin()
}

/// Whether a WGS-84 point lies in mainland China, where the GCJ-02 and BD-09 shifts apply.
///
/// Hainan and near-shore islands are in; Hong Kong, Macau, Taiwan (with Kinmen and Matsu) and
/// every neighbouring country are out. The outline is coarse: see the [module docs](self) for
/// how it was made and how accurate it is. NaN or infinite input gives `false`.
///
/// # Example
/// ```
/// use waystation_core::geo::in_mainland_china;
/// assert!(in_mainland_china(36.65, 117.12)); // Jinan
/// assert!(in_mainland_china(22.5431, 114.0579)); // Shenzhen
/// assert!(!in_mainland_china(22.2819, 114.1589)); // Hong Kong
/// assert!(!in_mainland_china(25.0330, 121.5654)); // Taipei
/// ```
pub fn in_mainland_china(lat: f64, lon: f64) -> bool {
    if !(lat.is_finite() && lon.is_finite()) {
        return false;
    }
    inside_cells().contains(lat, lon) || in_outline(lat, lon)
}

/// [`in_mainland_china`] by walking the rings, for finite coordinates.
fn in_outline(lat: f64, lon: f64) -> bool {
    if EXCLUDED.iter().any(|ring| ring.contains(lat, lon)) {
        return false;
    }
    INCLUDED.iter().any(|ring| ring.contains(lat, lon))
}

// ---------------------------------------------------------------------------------------------
// Datum conversions. All work on (lat, lon) in degrees and allocate nothing.

/// Semi-major axis of the Krasovsky 1940 ellipsoid, in metres.
const KRASOVSKY_A: f64 = 6_378_245.0;
/// First eccentricity squared of the Krasovsky 1940 ellipsoid.
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;
/// Baidu's rotation constant.
const X_PI: f64 = PI * 3000.0 / 180.0;
/// Baidu's fixed offsets, in degrees.
const BD_DLAT: f64 = 0.006;
const BD_DLON: f64 = 0.0065;
/// Iterations stop once a step moves less than this, in degrees (about 0.01 mm).
const CONVERGED_DEG: f64 = 1e-10;

/// π/2 in two parts: the high part has 33 significant bits, so `k · PIO2_HI` is exact for every
/// quadrant number `|k| < 2²⁰`; the low part is π/2 minus the high part.
const PIO2_HI: f64 = 1.570_796_326_734_125_6;
const PIO2_LO: f64 = 6.077_100_506_506_192e-11;

/// 1.5·2⁵²: adding it to a number below 2⁵¹ in magnitude rounds it to an integer.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// Sine and cosine of `x` (radians) in plain `f64` arithmetic, with no call into the platform's
/// math library: every platform computes the same bits. Within 1e-15 of the true values for
/// `|x| ≤ 10`, and within 1e-13 up to `|x| ≤ 10⁴` (the conversions stay below 10⁴); beyond that
/// precision degrades but the result stays deterministic (NaN in, NaN out).
///
/// `x = k·π/2 + r` with `|r| ≤ π/4`, then Taylor polynomials in `r` of degree 15 (sine) and 16
/// (cosine), whose truncation error at `π/4` is below 5e-17.
fn portable_sin_cos(x: f64) -> (f64, f64) {
    // Round to the nearest integer by adding and removing 1.5·2⁵² (exact IEEE arithmetic,
    // ties to even; `f64::round` is a library call on x86-64 without SSE4.1).
    let k = (x * std::f64::consts::FRAC_2_PI + ROUNDER) - ROUNDER;
    let r = (x - k * PIO2_HI) - k * PIO2_LO;
    let z = r * r;
    let sin_r = r + r
        * z
        * (-1.0 / 6.0
            + z * (1.0 / 120.0
                + z * (-1.0 / 5_040.0
                    + z * (1.0 / 362_880.0
                        + z * (-1.0 / 39_916_800.0
                            + z * (1.0 / 6_227_020_800.0 + z * (-1.0 / 1_307_674_368_000.0)))))));
    let cos_r = 1.0
        + z * (-0.5
            + z * (1.0 / 24.0
                + z * (-1.0 / 720.0
                    + z * (1.0 / 40_320.0
                        + z * (-1.0 / 3_628_800.0
                            + z * (1.0 / 479_001_600.0
                                + z * (-1.0 / 87_178_291_200.0
                                    + z * (1.0 / 20_922_789_888_000.0))))))));
    // The quadrant, k mod 4 (a NaN or huge k saturates; the result is then NaN or imprecise).
    match (k as i64).rem_euclid(4) {
        0 => (sin_r, cos_r),
        1 => (cos_r, -sin_r),
        2 => (-sin_r, -cos_r),
        _ => (-cos_r, sin_r),
    }
}

/// The sines a GCJ-02 shift takes, with `x = lon − 105`, `y = lat − 35` (degrees).
struct ShiftSines {
    /// sin of 6πx, 2πx, πx, πx/3, πx/12, πx/30.
    x: [f64; 6],
    /// sin of πy, πy/3, πy/12, πy/30.
    y: [f64; 4],
    /// sin and cos of the latitude.
    lat: (f64, f64),
}

/// The GCJ-02 shift (Δlat, Δlon) in degrees at a WGS-84 point, with the platform's `sin` and
/// `cos` (glibc, Apple's libm, the `libm` port in WebAssembly …): correctly rounded or nearly
/// so, but not always the same bits on every platform.
fn gcj02_shift(lat: f64, lon: f64) -> (f64, f64) {
    let (x, y) = (lon - 105.0, lat - 35.0);
    let sines = ShiftSines {
        x: [
            (6.0 * x * PI).sin(),
            (2.0 * x * PI).sin(),
            (x * PI).sin(),
            (x / 3.0 * PI).sin(),
            (x / 12.0 * PI).sin(),
            (x / 30.0 * PI).sin(),
        ],
        y: [
            (y * PI).sin(),
            (y / 3.0 * PI).sin(),
            (y / 12.0 * PI).sin(),
            (y * PI / 30.0).sin(),
        ],
        lat: (lat.to_radians().sin(), lat.to_radians().cos()),
    };
    gcj02_shift_from(x, y, &sines)
}

/// A sine and cosine pair, `(sin θ, cos θ)`, for building those of multiples of `θ`.
#[derive(Clone, Copy)]
struct Turn(f64, f64);

impl Turn {
    fn twice(self) -> Turn {
        Turn(2.0 * self.0 * self.1, (self.1 - self.0) * (self.1 + self.0))
    }

    fn plus(self, o: Turn) -> Turn {
        Turn(self.0 * o.1 + self.1 * o.0, self.1 * o.1 - self.0 * o.0)
    }
}

/// sin and cos of vπ/30, vπ/12, vπ/3 and vπ from `t1`, those of `θ = vπ/60`: its multiples
/// 2, 5, 20 and 60 by the angle-addition formulas.
fn sixtieth_multiples(t1: Turn) -> [Turn; 4] {
    let t2 = t1.twice();
    let t5 = t2.twice().plus(t1);
    let t20 = t5.twice().twice();
    let t60 = t20.twice().plus(t20);
    [t2, t5, t20, t60]
}

/// The sine and cosine of a small angle (|δ| ≤ 0.006 rad) by Taylor series, which have
/// converged to well below the last bit there.
fn small_turn(d: f64) -> Turn {
    let z = d * d;
    Turn(
        d * (1.0 + z * (-1.0 / 6.0 + z * (1.0 / 120.0 + z * (-1.0 / 5_040.0)))),
        1.0 + z * (-0.5 + z * (1.0 / 24.0 + z * (-1.0 / 720.0 + z * (1.0 / 40_320.0)))),
    )
}

/// [`Coordinate::wgs84_guess`]: the guessed WGS-84 position, and the sines its shifts took
/// (`None`: no shift applies, the guess is the location itself).
pub(crate) struct Wgs84Guess {
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    near: Option<ShiftNear>,
}

/// How far from [`ShiftNear`]'s point another may be and still take its sines from it, in
/// degrees (the shift is below 0.02°, so the inverse's steps and the check stay far inside).
const NEAR_DEG: f64 = 0.1;

/// [`gcj02_shift`] in plain `f64` arithmetic, with no call into the platform's math library,
/// so the same bits on every platform: the three angles it takes sines of (`πx/60`, `πy/60`
/// and the latitude, by [`portable_sin_cos`]), with their sines and cosines, at one point. The
/// ten other sines of the shift are their multiples, by the angle-addition formulas (four
/// times fewer sine evaluations than the definition); the multiples carry at most ~360 units
/// in the last place of the angle's rounding, so the shift is within 1e-15° of
/// [`gcj02_shift`]'s (tested), a thousand times inside what [`Coordinate::accept_wgs84`]
/// tolerates. The shift at any point within [`NEAR_DEG`] turns these by the small differences
/// ([`small_turn`]) instead of taking new sines: the iterative inverse's steps and the forward
/// check all land that near, so a compact outlet's guess and check cost one set of sines.
#[derive(Clone, Copy)]
pub(crate) struct ShiftNear {
    lat: f64,
    lon: f64,
    x: Turn,
    y: Turn,
    phi: Turn,
}

impl ShiftNear {
    fn at(lat: f64, lon: f64) -> ShiftNear {
        let turn = |a: f64| {
            let (s, c) = portable_sin_cos(a);
            Turn(s, c)
        };
        ShiftNear {
            lat,
            lon,
            x: turn((lon - 105.0) * (PI / 60.0)),
            y: turn((lat - 35.0) * (PI / 60.0)),
            phi: turn(lat.to_radians()),
        }
    }

    /// The portable shift at `(lat, lon)`: from this point's sines when near it, else from new
    /// ones. The same bits on every platform either way.
    fn shift(&self, lat: f64, lon: f64) -> (f64, f64) {
        let (d_lat, d_lon) = (lat - self.lat, lon - self.lon);
        let (x, y, phi) = if d_lat.abs() <= NEAR_DEG && d_lon.abs() <= NEAR_DEG {
            (
                self.x.plus(small_turn(d_lon * (PI / 60.0))),
                self.y.plus(small_turn(d_lat * (PI / 60.0))),
                self.phi.plus(small_turn(d_lat.to_radians())),
            )
        } else {
            let far = ShiftNear::at(lat, lon);
            (far.x, far.y, far.phi)
        };
        gcj02_shift_turns(lat, lon, x, y, phi)
    }

    /// The shift at this point itself: [`ShiftNear::shift`] there, whose turns by zero
    /// (`small_turn(0.0)` is exactly (0, 1)) leave the sines as they are, bit for bit.
    fn shift_here(&self) -> (f64, f64) {
        gcj02_shift_turns(self.lat, self.lon, self.x, self.y, self.phi)
    }
}

/// The GCJ-02 shift at `(lat, lon)` from the turns of `πx/60`, `πy/60` and the latitude there.
#[inline]
fn gcj02_shift_turns(lat: f64, lon: f64, x: Turn, y: Turn, phi: Turn) -> (f64, f64) {
    let [x30, x12, x3, x1] = sixtieth_multiples(x);
    // 2πx and 6πx: twice and six times πx (only x needs them).
    let x2 = x1.twice();
    let x6 = x2.twice().plus(x2);
    let [y30, y12, y3, y1] = sixtieth_multiples(y);
    let sines = ShiftSines {
        x: [x6.0, x2.0, x1.0, x3.0, x12.0, x30.0],
        y: [y1.0, y3.0, y12.0, y30.0],
        lat: (phi.0, phi.1),
    };
    gcj02_shift_from_portable(lon - 105.0, lat - 35.0, &sines)
}

/// Degrees of latitude per unit of the formula's northward term, over `magic·√magic`.
const LAT_SCALE: f64 = 180.0 / (KRASOVSKY_A * (1.0 - KRASOVSKY_EE) * PI);
/// Degrees of longitude per unit of the formula's eastward term, over `√magic / cos(lat)`.
const LON_SCALE: f64 = 180.0 / (KRASOVSKY_A * PI);

/// [`gcj02_shift_from`] arranged for speed (one division and one square root fewer): the same
/// value to within a few units in the last place, which [`ShiftNear`]'s own bits (the compact
/// form's, since format 4) are defined by.
#[inline]
fn gcj02_shift_from_portable(x: f64, y: f64, sines: &ShiftSines) -> (f64, f64) {
    let [sx6, sx2, sx1, sx3, sx12, sx30] = sines.x;
    let [sy1, sy3, sy12, sy30] = sines.y;
    let root = x.abs().sqrt();
    let common = (20.0 * sx6 + 20.0 * sx2) * (2.0 / 3.0);
    let dlat = -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * root
        + common
        + (20.0 * sy1 + 40.0 * sy3) * (2.0 / 3.0)
        + (160.0 * sy12 + 320.0 * sy30) * (2.0 / 3.0);
    let dlon = 300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * root
        + common
        + (20.0 * sx1 + 40.0 * sx3) * (2.0 / 3.0)
        + (150.0 * sx12 + 300.0 * sx30) * (2.0 / 3.0);
    let (sin_lat, cos_lat) = sines.lat;
    let magic = 1.0 - KRASOVSKY_EE * sin_lat * sin_lat;
    let sqrt_magic = magic.sqrt();
    (
        dlat * (magic * sqrt_magic) * LAT_SCALE,
        dlon * sqrt_magic / cos_lat * LON_SCALE,
    )
}

/// The portable shift at a point from that point's own sines ([`ShiftNear`]).
#[cfg(test)]
fn gcj02_shift_portable(lat: f64, lon: f64) -> (f64, f64) {
    ShiftNear::at(lat, lon).shift(lat, lon)
}

/// The GCJ-02 shift from its sines (the published formula).
#[inline]
fn gcj02_shift_from(x: f64, y: f64, sines: &ShiftSines) -> (f64, f64) {
    let [sx6, sx2, sx1, sx3, sx12, sx30] = sines.x;
    let [sy1, sy3, sy12, sy30] = sines.y;
    let common = (20.0 * sx6 + 20.0 * sx2) * 2.0 / 3.0;
    let mut dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    dlat += common;
    dlat += (20.0 * sy1 + 40.0 * sy3) * 2.0 / 3.0;
    dlat += (160.0 * sy12 + 320.0 * sy30) * 2.0 / 3.0;
    let mut dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    dlon += common;
    dlon += (20.0 * sx1 + 40.0 * sx3) * 2.0 / 3.0;
    dlon += (150.0 * sx12 + 300.0 * sx30) * 2.0 / 3.0;

    let (sin_lat, cos_lat) = sines.lat;
    let magic = 1.0 - KRASOVSKY_EE * sin_lat.powi(2);
    let sqrt_magic = magic.sqrt();
    let dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrt_magic * cos_lat * PI);
    (dlat, dlon)
}

fn wgs84_to_gcj02(lat: f64, lon: f64) -> (f64, f64) {
    let (dlat, dlon) = gcj02_shift(lat, lon);
    (lat + dlat, lon + dlon)
}

/// Solves `wgs84_to_gcj02(w) = (lat, lon)` for `w` by fixed-point iteration
/// `w ← gcj − shift(w)`; the shift varies slowly, so each step gains two to three digits.
fn gcj02_to_wgs84(lat: f64, lon: f64) -> (f64, f64) {
    let (mut w_lat, mut w_lon) = (lat, lon);
    for _ in 0..MAX_ITERATIONS {
        let (dlat, dlon) = gcj02_shift(w_lat, w_lon);
        let (next_lat, next_lon) = (lat - dlat, lon - dlon);
        let step = (next_lat - w_lat).abs().max((next_lon - w_lon).abs());
        (w_lat, w_lon) = (next_lat, next_lon);
        if step < CONVERGED_DEG {
            break;
        }
    }
    (w_lat, w_lon)
}

fn gcj02_to_bd09(lat: f64, lon: f64) -> (f64, f64) {
    let z = lon.hypot(lat) + 0.000_02 * (lat * X_PI).sin();
    let theta = lat.atan2(lon) + 0.000_003 * (lon * X_PI).cos();
    (z * theta.sin() + BD_DLAT, z * theta.cos() + BD_DLON)
}

/// Baidu's approximate inverse of [`gcj02_to_bd09`], about 1e-6° off.
fn bd09_to_gcj02_approx(lat: f64, lon: f64) -> (f64, f64) {
    let x = lon - BD_DLON;
    let y = lat - BD_DLAT;
    let z = x.hypot(y) - 0.000_02 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000_003 * (x * X_PI).cos();
    (z * theta.sin(), z * theta.cos())
}

/// Baidu's approximate inverse (about 1e-6° off), refined by fixed-point iteration
/// `g ← g + (bd − gcj02_to_bd09(g))` until it reproduces the BD-09 input.
fn bd09_to_gcj02(lat: f64, lon: f64) -> (f64, f64) {
    let (mut g_lat, mut g_lon) = bd09_to_gcj02_approx(lat, lon);
    for _ in 0..MAX_ITERATIONS {
        let (b_lat, b_lon) = gcj02_to_bd09(g_lat, g_lon);
        let (err_lat, err_lon) = (lat - b_lat, lon - b_lon);
        g_lat += err_lat;
        g_lon += err_lon;
        if err_lat.abs().max(err_lon.abs()) < CONVERGED_DEG {
            break;
        }
    }
    (g_lat, g_lon)
}

// ---------------------------------------------------------------------------------------------
// The outline of mainland China.

/// A closed ring of (lat, lon) vertices in WGS-84 degrees, with its bounding box.
struct Ring {
    south: f64,
    north: f64,
    west: f64,
    east: f64,
    vertices: &'static [(f64, f64)],
}

impl Ring {
    /// Even-odd ray casting (towards the east), after a bounding-box test.
    fn contains(&self, lat: f64, lon: f64) -> bool {
        if lat < self.south || lat > self.north || lon < self.west || lon > self.east {
            return false;
        }
        let Some(&last) = self.vertices.last() else {
            return false;
        };
        let mut inside = false;
        let mut prev = last;
        for &vertex in self.vertices {
            let ((lat_a, lon_a), (lat_b, lon_b)) = (prev, vertex);
            if (lat_a > lat) != (lat_b > lat) {
                // lat_a != lat_b here, so the division is safe.
                let cross_lon = lon_a + (lat - lat_a) / (lat_b - lat_a) * (lon_b - lon_a);
                if lon < cross_lon {
                    inside = !inside;
                }
            }
            prev = vertex;
        }
        inside
    }
}

/// A latitude/longitude rectangle, bounds included.
struct Rect {
    south: f64,
    north: f64,
    west: f64,
    east: f64,
}

/// Side of the cells of [`InsideCells`], in degrees.
const CELL_DEG: f64 = 0.1;
/// How far beyond its bounds a cell is checked to be clear, in degrees (about 0.1 m): far more
/// than the rounding in finding a point's cell or in the segment test.
const CELL_MARGIN_DEG: f64 = 1e-6;

/// A fast path for [`in_mainland_china`]: cells of [`CELL_DEG`] over [`MAINLAND`]'s box, one bit
/// each, set when the whole cell (widened by [`CELL_MARGIN_DEG`]) is inside MAINLAND, meets
/// none of its edges and is clear of every exclusion's box, so that every point of it is in
/// mainland China. Most of the country's points land in such a cell and are answered by one
/// bit; the others walk the rings. Built once, on first use, in well under a millisecond:
/// the edges mark the cells they meet, and each run of unmarked cells along a row (connected
/// and crossed by no edge, so wholly inside or wholly outside) takes the answer of one point.
struct InsideCells {
    rows: usize,
    cols: usize,
    bits: Vec<u64>,
}

fn inside_cells() -> &'static InsideCells {
    static CELLS: std::sync::OnceLock<InsideCells> = std::sync::OnceLock::new();
    CELLS.get_or_init(InsideCells::build)
}

impl InsideCells {
    fn build() -> InsideCells {
        let span = |lo: f64, hi: f64| ((hi - lo) / CELL_DEG).ceil().max(1.0) as usize;
        let rows = span(MAINLAND.south, MAINLAND.north);
        let cols = span(MAINLAND.west, MAINLAND.east);
        // The cells, widened by the margin, that a range of latitudes or longitudes touches.
        let cells = |lo: f64, hi: f64, origin: f64, n: usize| {
            let at = |v: f64| ((v - origin) / CELL_DEG).floor().clamp(0.0, (n - 1) as f64) as usize;
            at(lo - 2.0 * CELL_MARGIN_DEG)..=at(hi + 2.0 * CELL_MARGIN_DEG)
        };
        let rect = |r: usize, c: usize| Rect {
            south: MAINLAND.south + r as f64 * CELL_DEG - CELL_MARGIN_DEG,
            north: MAINLAND.south + (r + 1) as f64 * CELL_DEG + CELL_MARGIN_DEG,
            west: MAINLAND.west + c as f64 * CELL_DEG - CELL_MARGIN_DEG,
            east: MAINLAND.west + (c + 1) as f64 * CELL_DEG + CELL_MARGIN_DEG,
        };
        let mut marked = vec![false; rows * cols];
        let v = MAINLAND.vertices;
        for (&a, &b) in v.iter().zip(v.iter().cycle().skip(1)) {
            for r in cells(a.0.min(b.0), a.0.max(b.0), MAINLAND.south, rows) {
                for c in cells(a.1.min(b.1), a.1.max(b.1), MAINLAND.west, cols) {
                    if segment_meets(a, b, &rect(r, c)) {
                        if let Some(m) = marked.get_mut(r * cols + c) {
                            *m = true;
                        }
                    }
                }
            }
        }
        for ring in &EXCLUDED {
            for r in cells(ring.south, ring.north, MAINLAND.south, rows) {
                for c in cells(ring.west, ring.east, MAINLAND.west, cols) {
                    if let Some(m) = marked.get_mut(r * cols + c) {
                        *m = true;
                    }
                }
            }
        }
        let mut bits = vec![0_u64; (rows * cols).div_ceil(64)];
        for r in 0..rows {
            let row = marked.get(r * cols..(r + 1) * cols).unwrap_or_default();
            let mut c = 0;
            while c < cols {
                if row.get(c) != Some(&false) {
                    c += 1;
                    continue;
                }
                let start = c;
                while row.get(c) == Some(&false) {
                    c += 1;
                }
                let cell = rect(r, start);
                let inside = MAINLAND.contains(
                    (cell.south + cell.north) / 2.0,
                    (cell.west + cell.east) / 2.0,
                );
                for k in (start..c).filter(|_| inside).map(|k| r * cols + k) {
                    if let Some(word) = bits.get_mut(k / 64) {
                        *word |= 1 << (k % 64);
                    }
                }
            }
        }
        InsideCells { rows, cols, bits }
    }

    /// `true`: the point is in mainland China; `false`: not known here.
    #[inline]
    fn contains(&self, lat: f64, lon: f64) -> bool {
        let r = (lat - MAINLAND.south) / CELL_DEG;
        let c = (lon - MAINLAND.west) / CELL_DEG;
        if !(r >= 0.0 && c >= 0.0 && r < self.rows as f64 && c < self.cols as f64) {
            return false;
        }
        let k = r as usize * self.cols + c as usize;
        self.bits
            .get(k / 64)
            .is_some_and(|word| word & (1 << (k % 64)) != 0)
    }
}

/// Whether the segment a–b has any point in the closed rectangle (Liang–Barsky clipping).
fn segment_meets(a: (f64, f64), b: (f64, f64), r: &Rect) -> bool {
    let (d_lat, d_lon) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-d_lat, a.0 - r.south),
        (d_lat, r.north - a.0),
        (-d_lon, a.1 - r.west),
        (d_lon, r.east - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 <= t1
}

/// Rings whose inside is mainland China (unless excluded).
const INCLUDED: [&Ring; 9] = [
    &MAINLAND, &HAINAN, &CHANGSHAN, &WEIZHOU, &XISHA_1, &XISHA_2, &XISHA_3, &XISHA_4, &XISHA_5,
];

/// Rings that are never mainland China, even where an included ring covers them.
const EXCLUDED: [&Ring; 5] = [&HONG_KONG, &MACAU, &KINMEN, &MATSU, &MATSU_DONGYIN];

// Outline data (generated from Natural Earth; see the module docs). Vertices are (lat, lon).

/// Mainland China with near-shore islands; covers Hong Kong, Macau and Kinmen too, which the
/// exclusions cut out. (548 vertices)
#[rustfmt::skip]
const MAINLAND: Ring = Ring {
    south: 20.0882, north: 53.569, west: 73.6009, east: 134.7727,
    vertices: &[
        (21.1703, 101.7712), (21.1956, 101.7604), (21.2091, 101.8144), (21.2344, 101.8252),
        (21.3205, 101.7136), (21.33, 101.7145), (21.33, 101.7749), (21.6262, 101.8036),
        (22.2459, 101.5156), (22.4789, 101.6884), (22.4114, 102.2176), (22.7693, 102.466),
        (22.4299, 103.0276), (22.7879, 103.3084), (22.5819, 103.5028), (22.7997, 103.6468),
        (22.66, 103.7966), (22.66, 103.7876), (22.6557, 103.7876), (22.5751, 103.8664),
        (22.5684, 103.8952), (22.5076, 103.96), (22.5279, 103.9852), (22.66, 104.0127),
        (22.66, 104.0218), (22.7828, 104.0716), (22.6866, 104.3416), (22.8183, 104.7016),
        (23.1628, 104.8708), (23.3654, 105.3137), (22.9044, 105.8537), (22.9753, 106.1309),
        (22.7964, 106.7897), (22.4384, 106.5269), (22.2, 106.5908), (22.2, 106.6458),
        (22.1902, 106.6385), (22.0669, 106.6745), (21.9689, 106.6529), (21.9622, 106.6745),
        (22.0078, 106.7285), (21.9757, 106.7825), (21.9673, 106.8653), (21.9236, 106.9118),
        (21.9383, 106.9118), (21.9267, 107.0093), (21.5991, 107.3477), (21.6478, 107.8087),
        (21.6486, 107.8087), (21.6481, 107.8121), (21.486, 107.9921), (21.432, 107.9633),
        (21.4708, 108.0173), (21.486, 108.0821), (21.4961, 108.0605), (21.486, 108.0209),
        (21.5063, 108.0101), (21.5198, 108.0389), (21.5485, 107.9921), (21.5552, 108.0173),
        (21.5367, 108.0713), (21.562, 108.0677), (21.5586, 108.1073), (21.5755, 108.1145),
        (21.562, 108.1289), (21.5703, 108.1313), (21.5779, 108.1313), (21.5805, 108.1342),
        (21.3536, 108.1795), (21.4817, 108.6363), (21.2536, 109.1068), (21.3463, 109.5842),
        (20.8417, 109.4895), (20.0882, 109.9261), (20.1132, 110.347), (20.3291, 110.6539),
        (21.2353, 110.8372), (21.5698, 112.171), (21.4347, 112.8485), (21.7872, 113.1042),
        (21.7438, 113.3324), (21.9332, 113.5664), (21.8291, 113.8343), (22.0562, 113.9404),
        (21.8845, 114.1462), (21.9169, 114.3983), (22.306, 114.557), (22.6347, 115.1894),
        (22.5209, 115.6093), (22.8149, 116.5966), (23.2642, 116.9845), (23.4687, 117.5496),
        (24.2406, 118.3073), (24.4579, 118.7729), (24.985, 119.1995), (25.039, 119.6396),
        (25.3903, 120.0085), (26.1335, 119.8158), (26.2829, 120.1052), (27.4593, 120.8629),
        (27.2893, 121.0328), (27.3813, 121.2651), (27.6017, 121.1796), (27.4885, 120.865),
        (27.6082, 120.85), (27.7001, 121.2848), (27.9446, 121.3439), (28.2723, 121.8213),
        (28.6099, 121.7228), (29.0614, 122.1342), (29.5066, 122.1402), (29.776, 122.5654),
        (30.5533, 122.5455), (30.7112, 122.7155), (30.8672, 122.3258), (30.202, 121.7341),
        (30.4972, 121.2662), (30.81, 122.1256), (31.8009, 122.0946), (32.4876, 121.5223),
        (32.7217, 121.0717), (33.0766, 121.0633), (34.3945, 120.4107), (34.9447, 119.3849),
        (35.4279, 119.7747), (36.0391, 120.8268), (36.5343, 121.2463), (36.7694, 121.9375),
        (36.6734, 122.3185), (36.7896, 122.6384), (37.4236, 122.8697), (37.7071, 122.1728),
        (37.6303, 121.6093), (37.8585, 121.1237), (38.0435, 120.8888), (38.3836, 121.1065),
        (38.5449, 120.9015), (37.8965, 120.4415), (37.7924, 120.087), (37.2881, 119.6646),
        (37.2839, 119.3296), (37.5096, 119.1394), (37.7407, 119.4409), (38.1955, 119.0882),
        (38.2997, 118.152), (38.7583, 117.7578), (39.0652, 117.9721), (38.7697, 118.4849),
        (39.008, 119.032), (39.3003, 119.4308), (39.6463, 119.5058), (40.0948, 120.5845),
        (40.7546, 121.2408), (40.6995, 121.754), (40.4865, 122.0373), (39.5897, 121.055),
        (39.2986, 121.1147), (39.2217, 121.4135), (38.9684, 120.9192), (38.5911, 121.0791),
        (39.076, 122.8109), (39.4151, 122.8274), (39.3524, 123.048), (39.582, 123.3787),
        (39.6606, 123.9784), (39.96, 124.3113), (39.96, 124.3162), (40.0114, 124.3614),
        (40.0891, 124.3578), (40.2208, 124.5486), (40.2529, 124.5702), (40.26, 124.5824),
        (40.26, 124.5861), (40.2071, 124.5861), (40.4842, 124.8942), (40.8996, 126.0067),
        (40.98, 126.0981), (40.98, 126.0654), (40.9975, 126.0751), (41.0093, 126.1039),
        (41.0566, 126.1399), (41.0752, 126.1255), (41.1427, 126.2623), (41.28, 126.3822),
        (41.28, 126.3991), (41.2446, 126.3991), (41.3521, 126.5215), (41.7354, 126.6799),
        (41.8013, 126.9283), (41.5227, 127.1335), (41.3758, 128.1451), (41.5835, 128.3035),
        (41.9938, 128.0335), (42.0259, 128.9047), (42.4446, 129.3403), (42.4429, 129.7039),
        (42.81, 129.8208), (42.81, 129.788), (42.9613, 129.8515), (42.9765, 129.9055),
        (42.9968, 129.8803), (43.0086, 129.9343), (42.9613, 129.9955), (42.9693, 130.045),
        (42.9535, 130.045), (42.9246, 130.1553), (42.9135, 130.1553), (42.9022, 130.2403),
        (42.8668, 130.2547), (42.7435, 130.2439), (42.72, 130.2558), (42.72, 130.3834),
        (42.5308, 130.5319), (42.6219, 130.5715), (42.72, 130.428), (42.72, 130.3961),
        (42.7351, 130.4059), (42.808, 130.5647), (42.775, 130.5647), (42.9107, 131.1043),
        (43.91, 131.2428), (43.91, 131.2141), (43.9255, 131.2195), (43.9745, 131.2051),
        (44.0167, 131.2195), (44.0538, 131.2627), (44.21, 131.2135), (44.21, 131.1978),
        (44.25, 131.1812), (44.25, 131.2009), (44.55, 131.1063), (44.55, 131.0566),
        (44.8424, 130.9351), (44.9606, 131.4355), (45.3372, 131.8531), (45.0282, 132.9223),
        (45.1075, 133.0987), (45.4942, 133.1815), (45.6276, 133.4767), (46.2591, 133.9015),
        (47.328, 134.1823), (47.7113, 134.7727), (48.0102, 134.5603), (48.2635, 134.7187),
        (48.3817, 134.3875), (48.1014, 133.0771), (47.9511, 132.6739), (47.7079, 132.5263),
        (47.7046, 130.9639), (48.1014, 130.6651), (48.4864, 130.7587), (48.6164, 130.5283),
        (48.8714, 130.6759), (48.8832, 130.2007), (49.4218, 129.4807), (49.3492, 129.1171),
        (49.611, 128.6707), (49.5856, 127.8535), (49.822, 127.5079), (50.11, 127.5695),
        (50.11, 127.5498), (50.1496, 127.5799), (50.2087, 127.5907), (50.2982, 127.3531),
        (50.3286, 127.3315), (50.41, 127.3587), (50.41, 127.3231), (50.7507, 127.2883),
        (51.0631, 126.9319), (51.3097, 126.9823), (51.2894, 126.8095), (51.3907, 126.9103),
        (51.9986, 126.4387), (52.1303, 126.5575), (52.5862, 125.9923), (52.7754, 126.0895),
        (53.2059, 125.1283), (53.108, 124.869), (53.569, 123.2778), (53.2735, 120.8442),
        (52.7838, 120.0666), (52.5896, 120.081), (52.5423, 120.7254), (52.3465, 120.6246),
        (52.1168, 120.7794), (51.6592, 120.099), (50.4046, 119.145), (50.3404, 119.3574),
        (50.0922, 119.3178), (49.9537, 118.6446), (49.5096, 117.8418), (49.5774, 117.5915),
        (49.5727, 117.5915), (49.6143, 117.4746), (49.6228, 117.2514), (49.6548, 117.1285),
        (49.7029, 117.1285), (49.8237, 116.6826), (48.5134, 115.7898), (48.2415, 115.8006),
        (48.1318, 115.5126), (47.6843, 115.9158), (47.8633, 116.2434), (47.8768, 116.823),
        (47.6505, 117.3594), (47.9933, 117.7662), (47.9663, 118.5438), (47.1591, 119.6994),
        (46.6728, 119.8722), (46.612, 119.3178), (46.7657, 118.8462), (46.5209, 117.7986),
        (46.5715, 117.3954), (46.3571, 117.3378), (46.2912, 116.5674), (45.7087, 116.1714),
        (45.4537, 115.6674), (45.3861, 114.5333), (44.7394, 113.6045), (44.8661, 112.7477),
        (45.0653, 112.4129), (45.04, 111.8441), (44.346, 111.3977), (43.83, 111.8234),
        (43.83, 111.9154), (43.7871, 111.9449), (43.6959, 111.9341), (43.6672, 111.8441),
        (43.6638, 111.7541), (43.6453, 111.7326), (43.6162, 111.7326), (43.3159, 110.9729),
        (42.7688, 110.4077), (42.4497, 109.4861), (42.2859, 106.7681), (41.5868, 104.9752),
        (41.6561, 104.5036), (41.8705, 104.5), (41.7591, 103.69), (42.1846, 102.034),
        (42.5375, 101.5264), (42.7249, 96.3568), (43.9576, 95.536), (44.0167, 95.32),
        (44.2801, 95.3992), (44.3443, 94.6971), (44.9505, 93.5235), (45.1869, 90.8739),
        (45.4925, 90.6507), (46.021, 91.0035), (46.3013, 90.8955), (46.5665, 91.0467),
        (47.659, 90.3447), (48.0304, 89.5419), (47.9933, 89.0451), (48.5522, 87.9831),
        (48.7076, 88.0587), (48.8697, 87.7383), (49.1652, 87.8175), (49.1297, 87.1155),
        (48.9896, 86.7267), (48.716, 86.7519), (48.5168, 86.5467), (48.358, 85.7187),
        (47.9443, 85.5171), (47.2757, 85.6791), (47.0511, 85.4991), (46.8147, 84.7394),
        (46.9835, 84.6638), (46.9734, 83.9042), (47.2064, 83.0222), (45.533, 82.2914),
        (45.4165, 82.6334), (45.32, 82.6025), (45.32, 82.623), (45.2494, 82.6154),
        (45.1768, 82.5866), (45.1244, 82.5398), (45.116, 82.475), (45.1951, 82.3572),
        (45.1307, 82.3572), (45.1447, 81.9494), (45.3473, 81.665), (44.9032, 79.8578),
        (44.7158, 80.4986), (44.6533, 80.3546), (44.35, 80.3464), (44.35, 80.3536),
        (44.27, 80.3726), (44.1214, 80.3402), (44.05, 80.4039), (44.05, 80.3735),
        (43.1488, 80.7938), (43.0289, 80.369), (42.8786, 80.549), (42.6456, 80.1422),
        (42.0343, 80.2322), (41.5328, 78.659), (41.0397, 78.0758), (41.0127, 76.8626),
        (40.3474, 76.3298), (40.442, 76.2434), (40.2917, 75.6818), (40.6328, 75.5594),
        (40.4454, 75.2138), (40.5112, 74.8357), (40.3255, 74.8609), (40.0435, 73.9753),
        (39.7868, 73.8169), (39.5926, 73.9285), (39.4491, 73.6333), (39.2363, 73.6009),
        (38.9763, 73.8277), (38.8733, 73.6801), (38.5862, 73.8169), (38.6673, 74.3353),
        (38.4545, 74.8357), (37.5984, 74.8933), (37.4009, 75.1634), (37.1273, 74.3821),
        (36.6444, 75.851), (36.2476, 76.013), (36.0635, 75.9014), (35.8068, 76.1678),
        (35.9031, 76.5386), (35.589, 76.895), (35.4911, 78.0434), (34.6248, 78.2954),
        (34.2871, 78.9866), (34.0794, 78.731), (33.4935, 78.7994), (33.1642, 79.379),
        (32.7471, 79.5014), (32.3706, 79.0766), (32.3756, 78.8822), (32.6374, 78.713),
        (32.5479, 78.3854), (31.9636, 78.7454), (31.3085, 78.7454), (31.4267, 79.0766),
        (31.0231, 79.4006), (30.785, 80.171), (30.5587, 80.1782), (30.2548, 80.9774),
        (30.0167, 81.0962), (30.3747, 81.3878), (30.3308, 82.0898), (30.0589, 82.1546),
        (29.6216, 83.1734), (29.1842, 83.5226), (29.2568, 84.0914), (28.7334, 84.4514),
        (28.5426, 84.8114), (28.5949, 85.1607), (28.3045, 85.0887), (28.3349, 85.6935),
        (28.14, 85.8184), (28.14, 85.864), (28.036, 85.8987), (27.9769, 85.9563),
        (27.9161, 85.9527), (27.8857, 85.9815), (27.8891, 86.0607), (27.9262, 86.1147),
        (28.0005, 86.0787), (28.0444, 86.0859), (28.0765, 86.0679), (28.14, 86.137),
        (28.14, 86.1441), (28.1559, 86.1543), (27.9094, 86.4243), (28.1052, 86.6799),
        (27.8047, 87.3675), (27.8604, 88.1199), (28.1052, 88.6095), (27.9955, 88.8183),
        (27.5311, 88.7427), (27.315, 88.8939), (28.0478, 89.4591), (28.3163, 89.9163),
        (28.3585, 90.2259), (28.2336, 90.5895), (28.0732, 90.4743), (27.9668, 91.0071),
        (28.0917, 91.2915), (27.9398, 91.6371), (27.7591, 91.6335), (27.727, 91.9755),
        (27.9161, 92.6271), (28.5189, 93.1887), (28.9326, 94.2507), (29.1488, 94.2867),
        (29.3159, 94.5999), (29.0525, 95.2804), (29.3413, 95.7448), (29.3683, 96.1408),
        (29.2568, 96.3676), (29.0272, 96.1948), (29.0981, 96.3532), (28.8077, 96.5764),
        (28.421, 96.4936), (28.5899, 96.6988), (28.2167, 97.3252), (28.5105, 97.6708),
        (28.1238, 98.128), (27.5362, 98.2936), (27.6848, 98.4088), (27.5868, 98.6752),
        (26.6244, 98.7544), (26.0891, 98.5456), (25.8527, 98.686), (25.5572, 98.3116),
        (25.6112, 98.1388), (25.3123, 98.0452), (25.238, 97.8004), (24.4613, 97.5124),
        (24.15, 97.7193), (24.15, 97.7202), (24.1472, 97.7212), (23.9429, 97.516),
        (23.8466, 97.624), (23.8899, 97.7058), (23.9053, 97.7058), (23.9345, 97.7464),
        (23.9581, 97.8184), (24.0223, 97.8904), (24.0751, 98.0342), (24.0635, 98.0342),
        (24.1016, 98.1064), (24.1455, 98.866), (23.9615, 98.6572), (23.1797, 98.8588),
        (23.129, 99.334), (22.9264, 99.5392), (22.7457, 99.3088), (22.153, 99.1432),
        (22.0449, 99.9424), (21.437, 100.162), (21.4691, 100.6228), (21.7663, 101.0836),
        (21.1787, 101.26), (21.1602, 101.5191), (21.2429, 101.5192), (21.2243, 101.584),
        (21.1753, 101.5804), (21.1888, 101.656), (21.1348, 101.7028), (21.1432, 101.7568),
    ],
};

/// Hainan Island. (9 vertices)
#[rustfmt::skip]
const HAINAN: Ring = Ring {
    south: 18.1024, north: 20.2437, west: 108.5281, east: 111.128,
    vertices: &[
        (19.2728, 108.5281), (18.456, 108.6159), (18.1024, 109.6529), (18.746, 110.6183),
        (19.3458, 110.7754), (19.62, 111.128), (20.0249, 111.0239), (20.2437, 110.672),
        (19.9972, 109.2678),
    ],
};

/// Paracel Islands (Xisha), group 1. (4 vertices)
#[rustfmt::skip]
const XISHA_1: Ring = Ring {
    south: 16.6912, north: 17.0408, west: 112.1639, east: 112.508,
    vertices: &[
        (17.0408, 112.2057), (16.76, 112.1639), (16.6912, 112.4151), (16.9883, 112.508),
    ],
};

/// Changshan Islands (Dalian). (4 vertices)
#[rustfmt::skip]
const CHANGSHAN: Ring = Ring {
    south: 38.9022, north: 39.2103, west: 122.9939, east: 123.3446,
    vertices: &[
        (39.1661, 122.9939), (38.9022, 123.0606), (38.9657, 123.3446), (39.2103, 123.2918),
    ],
};

/// Paracel Islands (Xisha), group 2. (4 vertices)
#[rustfmt::skip]
const XISHA_2: Ring = Ring {
    south: 16.3782, north: 16.7278, west: 111.4195, east: 111.8608,
    vertices: &[
        (16.7278, 111.6428), (16.5602, 111.4195), (16.3782, 111.5651), (16.5479, 111.8608),
    ],
};

/// Weizhou Island (Beihai). (4 vertices)
#[rustfmt::skip]
const WEIZHOU: Ring = Ring {
    south: 20.8724, north: 21.212, west: 108.9121, east: 109.3146,
    vertices: &[
        (20.8724, 109.0792), (21.0142, 109.3146), (21.212, 109.1619), (21.0771, 108.9121),
    ],
};

/// Paracel Islands (Xisha), group 3. (4 vertices)
#[rustfmt::skip]
const XISHA_3: Ring = Ring {
    south: 15.6633, north: 15.9047, west: 111.0618, east: 111.3412,
    vertices: &[
        (15.68, 111.3412), (15.9047, 111.3231), (15.8874, 111.0618), (15.6633, 111.073),
    ],
};

/// Paracel Islands (Xisha), group 4. (4 vertices)
#[rustfmt::skip]
const XISHA_4: Ring = Ring {
    south: 16.5282, north: 16.7987, west: 112.5646, east: 112.9005,
    vertices: &[
        (16.5927, 112.9005), (16.7987, 112.8207), (16.7392, 112.5646), (16.5282, 112.6423),
    ],
};

/// Paracel Islands (Xisha), group 5. (4 vertices)
#[rustfmt::skip]
const XISHA_5: Ring = Ring {
    south: 15.9118, north: 16.1803, west: 111.5929, east: 111.9245,
    vertices: &[
        (15.9743, 111.5929), (15.9118, 111.852), (16.119, 111.9245), (16.1803, 111.6699),
    ],
};

/// Hong Kong with its islands and a sea margin, never reaching Shenzhen's land. (62 vertices)
#[rustfmt::skip]
const HONG_KONG: Ring = Ring {
    south: 22.1386, north: 22.5878, west: 113.7899, east: 114.4487,
    vertices: &[
        (22.2726, 113.804), (22.238, 113.7899), (22.1973, 113.7907), (22.1709, 113.8086),
        (22.1584, 113.8324), (22.1578, 113.8559), (22.1678, 113.8854), (22.1644, 113.9161),
        (22.1763, 113.954), (22.1698, 113.9937), (22.1826, 114.0284), (22.2073, 114.0572),
        (22.1909, 114.0665), (22.1589, 114.0684), (22.1386, 114.097), (22.1391, 114.1542),
        (22.1557, 114.1847), (22.1502, 114.209), (22.1535, 114.234), (22.1783, 114.2939),
        (22.1961, 114.3041), (22.218, 114.3018), (22.225, 114.3238), (22.2443, 114.3463),
        (22.2921, 114.3586), (22.3009, 114.3876), (22.3442, 114.4305), (22.3631, 114.4381),
        (22.3854, 114.4354), (22.4088, 114.4487), (22.4498, 114.4463), (22.4657, 114.4337),
        (22.4975, 114.383), (22.5184, 114.3818), (22.5418, 114.3653), (22.5514, 114.344),
        (22.5513, 114.3192), (22.5878, 114.2765), (22.5566, 114.2309), (22.5566, 114.1841),
        (22.5633, 114.1733), (22.5599, 114.1625), (22.538, 114.1481), (22.538, 114.1301),
        (22.5279, 114.1157), (22.5346, 114.1085), (22.5346, 114.0905), (22.5177, 114.0581),
        (22.5076, 114.0545), (22.5076, 114.0437), (22.5298, 114.0037), (22.5272, 113.9823),
        (22.5134, 113.9582), (22.4907, 113.9465), (22.4809, 113.9224), (22.4577, 113.9037),
        (22.451, 113.8827), (22.4264, 113.8528), (22.393, 113.8508), (22.3524, 113.8746),
        (22.3332, 113.9037), (22.3244, 113.862),
    ],
};

/// Macau with a sea margin, never reaching Zhuhai's land. (27 vertices)
#[rustfmt::skip]
const MACAU: Ring = Ring {
    south: 22.0958, north: 22.2227, west: 113.5068, east: 113.5987,
    vertices: &[
        (22.2203, 113.5612), (22.2227, 113.556), (22.2189, 113.5541), (22.2222, 113.5397),
        (22.2138, 113.5217), (22.2037, 113.5289), (22.1986, 113.5275), (22.1798, 113.5068),
        (22.1666, 113.5162), (22.1633, 113.524), (22.1476, 113.5206), (22.1365, 113.5317),
        (22.1212, 113.5337), (22.1087, 113.5285), (22.1, 113.5352), (22.0958, 113.5457),
        (22.099, 113.5716), (22.1093, 113.5771), (22.1167, 113.5945), (22.1233, 113.5987),
        (22.1375, 113.5973), (22.1488, 113.5838), (22.1554, 113.5879), (22.167, 113.5859),
        (22.171, 113.5793), (22.1763, 113.552), (22.2006, 113.5698),
    ],
};

/// Kinmen (Quemoy), administered from Taiwan. (20 vertices)
#[rustfmt::skip]
const KINMEN: Ring = Ring {
    south: 24.3762, north: 24.5419, west: 118.2628, east: 118.4864,
    vertices: &[
        (24.5293, 118.3765), (24.486, 118.3649), (24.5084, 118.3162), (24.4857, 118.2651),
        (24.476, 118.2629), (24.4299, 118.2735), (24.4073, 118.2628), (24.3915, 118.2699),
        (24.3841, 118.2827), (24.3762, 118.3229), (24.387, 118.3449), (24.4067, 118.3594),
        (24.4182, 118.3811), (24.4206, 118.4016), (24.4011, 118.4542), (24.4241, 118.4809),
        (24.463, 118.4864), (24.5151, 118.4639), (24.5419, 118.4245), (24.5364, 118.387),
    ],
};

/// Matsu: Nangan, Beigan and Juguang, administered from Taiwan (hand-drawn box). (4 vertices)
#[rustfmt::skip]
const MATSU: Ring = Ring {
    south: 25.93, north: 26.26, west: 119.88, east: 120.06,
    vertices: &[
        (25.93, 119.88), (25.93, 120.06), (26.26, 120.06), (26.26, 119.88),
    ],
};

/// Matsu: Dongyin, administered from Taiwan (hand-drawn box). (4 vertices)
#[rustfmt::skip]
const MATSU_DONGYIN: Ring = Ring {
    south: 26.33, north: 26.42, west: 120.4, east: 120.54,
    vertices: &[
        (26.33, 120.4), (26.33, 120.54), (26.42, 120.54), (26.42, 120.4),
    ],
};
#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    fn c(lat: f64, lon: f64, datum: Datum) -> Coordinate {
        Coordinate::new(lat, lon, datum).unwrap()
    }

    // ----- Datum ------------------------------------------------------------------------------

    #[test]
    fn datum_codes_display_and_json_agree() {
        for (d, code) in Datum::ALL.into_iter().zip(["wgs84", "gcj02", "bd09"]) {
            assert_eq!(d.code(), code);
            assert_eq!(d.to_string(), code);
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{code}\""));
            assert_eq!(
                serde_json::from_str::<Datum>(&format!("\"{code}\"")).unwrap(),
                d
            );
            assert_eq!(code.parse::<Datum>().unwrap(), d);
        }
    }

    #[test]
    fn datum_parses_written_names_in_any_case() {
        for (s, d) in [
            ("WGS-84", Datum::Wgs84),
            ("wgs-84", Datum::Wgs84),
            ("WGS84", Datum::Wgs84),
            ("Wgs84", Datum::Wgs84),
            ("GCJ-02", Datum::Gcj02),
            ("gcj-02", Datum::Gcj02),
            ("GCJ02", Datum::Gcj02),
            ("BD-09", Datum::Bd09),
            ("Bd-09", Datum::Bd09),
            ("BD09", Datum::Bd09),
        ] {
            assert_eq!(s.parse::<Datum>().unwrap(), d, "{s}");
        }
    }

    #[test]
    fn datum_rejects_other_names_and_lists_accepted_ones() {
        for s in [
            "", "wgs", "wgs 84", "WGS_84", " wgs84", "gcj02 ", "bd-9", "mars", "cgcs2000",
        ] {
            let err = s.parse::<Datum>().unwrap_err();
            assert_eq!(err, GeoError::UnknownDatum { given: s.into() });
            let msg = err.to_string();
            for accepted in ["wgs84", "gcj02", "bd09", "WGS-84", "GCJ-02", "BD-09"] {
                assert!(msg.contains(accepted), "{msg}");
            }
        }
    }

    #[test]
    fn unknown_datum_error_keeps_only_32_characters() {
        let long = "x".repeat(1000);
        let GeoError::UnknownDatum { given } = long.parse::<Datum>().unwrap_err() else {
            panic!("wrong variant");
        };
        assert_eq!(given.len(), 32);
        let cjk = "坐标系".repeat(20); // multi-byte characters are cut on a boundary
        let GeoError::UnknownDatum { given } = cjk.parse::<Datum>().unwrap_err() else {
            panic!("wrong variant");
        };
        assert_eq!(given.chars().count(), 32);
    }

    #[test]
    fn datum_json_accepts_only_codes() {
        for bad in ["\"WGS-84\"", "\"Wgs84\"", "\"gcj-02\"", "\"\"", "3", "null"] {
            assert!(serde_json::from_str::<Datum>(bad).is_err(), "{bad}");
        }
    }

    // ----- Coordinate: validation and serde ---------------------------------------------------

    #[test]
    fn new_accepts_the_whole_range() {
        for (lat, lon) in [
            (90.0, 180.0),
            (-90.0, -180.0),
            (0.0, 0.0),
            (-0.0, 179.999_999),
        ] {
            let p = c(lat, lon, Datum::Wgs84);
            assert_eq!((p.lat(), p.lon(), p.datum()), (lat, lon, Datum::Wgs84));
        }
    }

    #[test]
    fn new_rejects_non_finite_values_naming_the_field() {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(
                Coordinate::new(bad, 117.0, Datum::Gcj02),
                Err(GeoError::NotFinite { field: "lat" })
            );
            assert_eq!(
                Coordinate::new(36.0, bad, Datum::Gcj02),
                Err(GeoError::NotFinite { field: "lon" })
            );
        }
        let msg = Coordinate::new(36.0, f64::NAN, Datum::Bd09)
            .unwrap_err()
            .to_string();
        assert_eq!(msg, "lon is not a finite number");
    }

    #[test]
    fn new_rejects_out_of_range_values_naming_field_and_value() {
        for lat in [90.000_001, -90.5, 91.0, 1e300] {
            assert_eq!(
                Coordinate::new(lat, 0.0, Datum::Wgs84),
                Err(GeoError::OutOfRange {
                    field: "lat",
                    value: lat,
                    min: -90.0,
                    max: 90.0
                })
            );
        }
        for lon in [180.000_001, -181.0, 360.0] {
            assert_eq!(
                Coordinate::new(0.0, lon, Datum::Wgs84),
                Err(GeoError::OutOfRange {
                    field: "lon",
                    value: lon,
                    min: -180.0,
                    max: 180.0
                })
            );
        }
        let msg = Coordinate::new(91.0, 0.0, Datum::Wgs84)
            .unwrap_err()
            .to_string();
        assert_eq!(
            msg,
            "lat = 91 is out of range: it must be between -90 and 90 degrees"
        );
    }

    #[test]
    fn json_shape_round_trips() {
        let p = c(36.65, 117.12, Datum::Gcj02);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"lat":36.65,"lon":117.12,"datum":"gcj02"}"#);
        assert_eq!(serde_json::from_str::<Coordinate>(&json).unwrap(), p);
        // Field order and integer numbers do not matter.
        let q: Coordinate = serde_json::from_str(r#"{"datum":"bd09","lon":117,"lat":36}"#).unwrap();
        assert_eq!(q, c(36.0, 117.0, Datum::Bd09));
    }

    #[test]
    fn json_rejects_bad_coordinates_with_a_reason() {
        let cases = [
            (r#"{"lat":36.65,"lon":117.12}"#, "missing field `datum`"),
            (r#"{"lon":117.12,"datum":"wgs84"}"#, "missing field `lat`"),
            (
                r#"{"lat":"x","lon":117.12,"datum":"wgs84"}"#,
                "invalid type",
            ),
            (
                r#"{"lat":null,"lon":117.12,"datum":"wgs84"}"#,
                "invalid type",
            ),
            (
                r#"{"lat":91.0,"lon":117.12,"datum":"wgs84"}"#,
                "lat = 91 is out of range",
            ),
            (
                r#"{"lat":36.0,"lon":-180.5,"datum":"wgs84"}"#,
                "lon = -180.5 is out of range",
            ),
            (
                r#"{"lat":36.0,"lon":117.0,"datum":"mars"}"#,
                "unknown variant `mars`",
            ),
            (
                r#"{"lat":36.0,"lon":117.0,"datum":"wgs84","alt":5}"#,
                "unknown field `alt`",
            ),
            (r#""36.65,117.12""#, "invalid type"),
            (
                r#"{"lat":1e999,"lon":117.0,"datum":"wgs84"}"#,
                "number out of range",
            ),
        ];
        for (json, reason) in cases {
            let err = serde_json::from_str::<Coordinate>(json)
                .unwrap_err()
                .to_string();
            assert!(err.contains(reason), "{json}: {err}");
        }
    }

    // ----- The outline ------------------------------------------------------------------------

    /// (name, lat, lon) in WGS-84.
    const INSIDE: [(&str, f64, f64); 30] = [
        ("Jinan", 36.65, 117.12),
        ("Qingdao", 36.0671, 120.3826),
        ("Beijing", 39.9042, 116.4074),
        ("Shanghai", 31.2304, 121.4737),
        ("Guangzhou", 23.1291, 113.2644),
        ("Shenzhen Futian", 22.5431, 114.0579),
        ("Shenzhen Luohu", 22.5484, 114.1315),
        ("Shenzhen Shekou", 22.483, 113.916),
        ("Zhuhai", 22.271, 113.5767),
        ("Xiamen", 24.4798, 118.0894),
        ("Fuzhou", 26.0745, 119.2965),
        ("Zhoushan", 30.016, 122.107),
        ("Dalian", 38.914, 121.6147),
        ("Haikou", 20.044, 110.1999),
        ("Sanya", 18.2528, 109.5119),
        ("Urumqi", 43.8256, 87.6168),
        ("Harbin", 45.8038, 126.535),
        ("Lhasa", 29.652, 91.1721),
        ("Kashgar", 39.4704, 75.9898),
        ("Kunming", 25.0389, 102.7183),
        ("Mohe", 52.97, 122.54),
        ("Dandong", 40.1245, 124.3946),
        ("Heihe", 50.2453, 127.4882),
        ("Manzhouli", 49.5978, 117.3786),
        ("Erenhot", 43.6532, 111.9774),
        ("Suifenhe", 44.3966, 131.1525),
        ("Ruili", 24.0128, 97.8519),
        ("Hekou", 22.5293, 103.9394),
        ("Dongxing", 21.5474, 107.9714),
        ("Khorgos", 44.21, 80.42),
    ];

    const OUTSIDE: [(&str, f64, f64); 32] = [
        ("Hong Kong Central", 22.2819, 114.1589),
        ("Kowloon", 22.3193, 114.1694),
        ("Sheung Shui", 22.5016, 114.1283),
        ("Yuen Long", 22.4445, 114.0222),
        ("Tung Chung", 22.2888, 113.9416),
        ("Macau", 22.1987, 113.5439),
        ("Taipa", 22.156, 113.556),
        ("Coloane", 22.12, 113.56),
        ("Taipei", 25.033, 121.5654),
        ("Kaohsiung", 22.6273, 120.3014),
        ("Kinmen", 24.4341, 118.3171),
        ("Matsu Nangan", 26.1597, 119.9496),
        ("Matsu Beigan", 26.225, 120.0),
        ("Seoul", 37.5665, 126.978),
        ("Pyongyang", 39.0392, 125.7625),
        ("Sinuiju", 40.1006, 124.3981),
        ("Naha", 26.2124, 127.6809),
        ("Hanoi", 21.0278, 105.8342),
        ("Lao Cai", 22.4856, 103.9707),
        ("Ulaanbaatar", 47.8864, 106.9057),
        ("Zamyn-Uud", 43.7167, 111.9),
        ("Blagoveshchensk", 50.2907, 127.5272),
        ("Zabaykalsk", 49.6425, 117.3267),
        ("Vladivostok", 43.1155, 131.8855),
        ("Khabarovsk", 48.4802, 135.0719),
        ("Almaty", 43.222, 76.8512),
        ("New Delhi", 28.6139, 77.209),
        ("Kathmandu", 27.7172, 85.324),
        ("Thimphu", 27.4728, 89.639),
        ("Muse", 23.9787, 97.9027),
        ("Myitkyina", 25.3833, 97.396),
        ("Luang Prabang", 19.8856, 102.1347),
    ];

    #[test]
    fn mainland_cities_are_inside() {
        for (name, lat, lon) in INSIDE {
            assert!(in_mainland_china(lat, lon), "{name} should be inside");
        }
    }

    #[test]
    fn hong_kong_macau_taiwan_and_neighbours_are_outside() {
        for (name, lat, lon) in OUTSIDE {
            assert!(!in_mainland_china(lat, lon), "{name} should be outside");
        }
    }

    #[test]
    fn far_away_and_non_finite_points_are_outside() {
        for (lat, lon) in [
            (0.0, 0.0),
            (51.5, -0.13),
            (35.68, 139.69),
            (-36.65, 117.12),
            (36.65, -117.12),
            (90.0, 180.0),
            (f64::NAN, 117.0),
            (36.0, f64::INFINITY),
        ] {
            assert!(!in_mainland_china(lat, lon), "({lat}, {lon})");
        }
    }

    #[test]
    fn rings_are_well_formed() {
        for ring in INCLUDED.iter().chain(EXCLUDED.iter()) {
            assert!(ring.vertices.len() >= 4);
            let lats = ring.vertices.iter().map(|v| v.0);
            let lons = ring.vertices.iter().map(|v| v.1);
            assert_eq!(lats.clone().fold(f64::INFINITY, f64::min), ring.south);
            assert_eq!(lats.fold(f64::NEG_INFINITY, f64::max), ring.north);
            assert_eq!(lons.clone().fold(f64::INFINITY, f64::min), ring.west);
            assert_eq!(lons.fold(f64::NEG_INFINITY, f64::max), ring.east);
            assert!((15.0..54.0).contains(&ring.south) && (15.0..54.0).contains(&ring.north));
            assert!((73.0..135.0).contains(&ring.west) && (73.0..135.0).contains(&ring.east));
        }
    }

    /// Every cell the fast path answers `true` for is inside the outline at its four (widened)
    /// corners and its centre, and near every vertex of every ring the fast path and the ring
    /// walk agree.
    #[test]
    fn the_inside_cells_answer_exactly_as_the_rings() {
        let cells = inside_cells();
        let mut set = 0;
        for r in 0..cells.rows {
            for c in 0..cells.cols {
                let (south, west) = (
                    MAINLAND.south + r as f64 * CELL_DEG,
                    MAINLAND.west + c as f64 * CELL_DEG,
                );
                let centre = (south + CELL_DEG / 2.0, west + CELL_DEG / 2.0);
                if !cells.contains(centre.0, centre.1) {
                    continue;
                }
                set += 1;
                let m = CELL_MARGIN_DEG;
                for (lat, lon) in [
                    centre,
                    (south - m, west - m),
                    (south - m, west + CELL_DEG + m),
                    (south + CELL_DEG + m, west - m),
                    (south + CELL_DEG + m, west + CELL_DEG + m),
                ] {
                    assert!(in_outline(lat, lon), "cell {r},{c}: ({lat}, {lon})");
                }
            }
        }
        // About 9.6 million km² of cells of roughly 11 km × 9 km, less those on the outline.
        assert!(set > 60_000, "{set}");
        for ring in INCLUDED.iter().chain(EXCLUDED.iter()) {
            for &(lat, lon) in ring.vertices {
                for d in [0.0, 1e-7, 1e-6, 1e-4, 0.01, 0.05] {
                    for (a, b) in [(d, 0.0), (-d, 0.0), (0.0, d), (0.0, -d), (d, -d)] {
                        let (p_lat, p_lon) = (lat + a, lon + b);
                        assert_eq!(
                            in_mainland_china(p_lat, p_lon),
                            in_outline(p_lat, p_lon),
                            "({p_lat}, {p_lon})"
                        );
                    }
                }
            }
        }
        // The segment test itself works: a rectangle straddling the Hong Kong border is met.
        let straddling = Rect {
            south: 22.4,
            north: 22.6,
            west: 114.0,
            east: 114.2,
        };
        let v = HONG_KONG.vertices;
        assert!(v
            .iter()
            .zip(v.iter().cycle().skip(1))
            .any(|(a, b)| segment_meets(*a, *b, &straddling)));
        assert!(!segment_meets((0.0, 0.0), (1.0, 1.0), &straddling));
    }

    /// Most points of the country are answered by the cells, without walking the rings.
    #[test]
    fn the_inside_cells_answer_most_of_the_country() {
        let grid = mainland_grid();
        let fast = grid
            .iter()
            .filter(|(lat, lon)| inside_cells().contains(*lat, *lon))
            .count();
        assert!(fast * 10 >= grid.len() * 9, "{fast} of {}", grid.len());
    }

    #[test]
    fn mainland_ring_touches_the_known_extremes_of_china() {
        // Mohe (north), Heixiazi Island (east), the Pamirs (west); the south is Hainan's.
        assert!((53.4..53.7).contains(&MAINLAND.north));
        assert!((134.5..135.2).contains(&MAINLAND.east));
        assert!((73.3..73.8).contains(&MAINLAND.west));
        assert!((17.9..18.3).contains(&HAINAN.south));
    }

    // ----- Conversions ------------------------------------------------------------------------

    /// Every point of a 0.5° grid that lies in mainland China, away from its outline (so that a
    /// shift of up to 0.02° cannot cross it and the round trip is well defined).
    fn mainland_grid() -> Vec<(f64, f64)> {
        let mut points = Vec::new();
        for i in 0..=72 {
            for j in 0..=124 {
                let (lat, lon) = (18.0 + 0.5 * f64::from(i), 73.0 + 0.5 * f64::from(j));
                let clear = [
                    (-0.03, -0.03),
                    (-0.03, 0.03),
                    (0.03, -0.03),
                    (0.03, 0.03),
                    (0.0, 0.0),
                ]
                .iter()
                .all(|(a, b)| in_mainland_china(lat + a, lon + b));
                if clear {
                    points.push((lat, lon));
                }
            }
        }
        points
    }

    #[test]
    fn the_grid_covers_the_country() {
        let grid = mainland_grid();
        // China is about 9.6 million km², roughly 3,900 cells of 0.5° at its latitudes.
        assert!(grid.len() > 3_500, "{}", grid.len());
        assert!(grid.iter().any(|p| p.0 < 20.5)); // Hainan
        assert!(grid.iter().any(|p| p.0 > 52.5)); // Mohe
        assert!(grid.iter().any(|p| p.1 < 75.5)); // the Pamirs
        assert!(grid.iter().any(|p| p.1 > 134.0)); // Heilongjiang's east tip
    }

    #[test]
    fn round_trips_in_all_six_directions_stay_under_half_a_metre() {
        let grid = mainland_grid();
        let mut worst = 0.0_f64;
        for from in Datum::ALL {
            for to in Datum::ALL {
                if from == to {
                    continue;
                }
                for &(lat, lon) in &grid {
                    let p = c(lat, lon, from);
                    let there = p.to_datum(to);
                    assert_eq!(there.datum(), to);
                    let back = there.to_datum(from);
                    assert_eq!(back.datum(), from);
                    let err = haversine_m(p.lat(), p.lon(), back.lat(), back.lon());
                    assert!(err < 0.5, "{from}->{to}->{from} at ({lat}, {lon}): {err} m");
                    worst = worst.max(err);
                }
            }
        }
        // In fact the iterations converge far below the requirement.
        assert!(worst < 0.001, "worst round trip {worst} m");
    }

    #[test]
    fn chained_conversions_agree_with_direct_ones() {
        for (lat, lon) in mainland_grid().into_iter().step_by(7) {
            let w = c(lat, lon, Datum::Wgs84);
            let via_gcj = w.to_datum(Datum::Gcj02).to_datum(Datum::Bd09);
            let direct = w.to_datum(Datum::Bd09);
            assert!(haversine_m(via_gcj.lat(), via_gcj.lon(), direct.lat(), direct.lon()) < 1e-6);
            let b = c(lat, lon, Datum::Bd09);
            let via_gcj = b.to_datum(Datum::Gcj02).to_datum(Datum::Wgs84);
            let direct = b.to_datum(Datum::Wgs84);
            assert!(haversine_m(via_gcj.lat(), via_gcj.lon(), direct.lat(), direct.lon()) < 0.01);
        }
    }

    #[test]
    fn gcj02_shift_is_hundreds_of_metres_and_never_a_kilometre() {
        let (mut least, mut least_east, mut most) = (f64::INFINITY, f64::INFINITY, 0.0_f64);
        for (lat, lon) in mainland_grid() {
            let g = c(lat, lon, Datum::Wgs84).to_datum(Datum::Gcj02);
            let shift = haversine_m(lat, lon, g.lat(), g.lon());
            least = least.min(shift);
            most = most.max(shift);
            if lon >= 100.0 {
                least_east = least_east.min(shift);
            }
        }
        // East of 100°E, where nearly everyone lives, it is 100 m to 1 km; the formula's
        // minimum lies in the Qaidam Basin (Qinghai), where it drops to about 40 m.
        assert!(least_east > 100.0, "{least_east} m");
        assert!(
            least > 30.0 && most < 1_000.0,
            "shift from {least} m to {most} m"
        );
    }

    #[test]
    fn bd09_is_further_shifted_from_gcj02() {
        for (lat, lon) in mainland_grid().into_iter().step_by(11) {
            let g = c(lat, lon, Datum::Gcj02);
            let b = g.to_datum(Datum::Bd09);
            // Baidu's offset is (0.006, 0.0065) plus a rotation of at most about 0.0004°.
            assert!((b.lat() - lat - 0.006).abs() < 0.0005, "({lat}, {lon})");
            assert!((b.lon() - lon - 0.0065).abs() < 0.0005, "({lat}, {lon})");
        }
    }

    /// WGS-84 input, then the expected GCJ-02 and BD-09 (from GCJ-02) values, computed
    /// independently with the published formulas (Python `prcoords` 1.0.2).
    const REFERENCES: [(f64, f64, f64, f64, f64, f64); 6] = [
        (
            39.909336,
            116.397743,
            39.910739578939,
            116.403986699841,
            39.917077751706,
            116.410359479604,
        ),
        (
            31.1774276,
            121.5272106,
            31.175303983646,
            121.531541859215,
            31.181328606874,
            121.538015686439,
        ),
        (
            22.543847,
            113.912316,
            22.540796131695,
            113.917176480836,
            22.546667437751,
            113.923684729267,
        ),
        (
            36.65,
            117.12,
            36.650429157415,
            117.126127753359,
            36.656765473579,
            117.132532582455,
        ),
        (
            39.4704,
            75.9898,
            39.470627026038,
            75.99275499023,
            39.4765899091,
            75.999263647056,
        ),
        (
            45.8038,
            126.535,
            45.805781525148,
            126.541040350158,
            45.81139582294,
            126.54765921414,
        ),
    ];

    #[test]
    fn conversions_match_reference_values() {
        for (lat, lon, g_lat, g_lon, b_lat, b_lon) in REFERENCES {
            let w = c(lat, lon, Datum::Wgs84);
            let g = w.to_datum(Datum::Gcj02);
            assert!(
                (g.lat() - g_lat).abs() < 1e-9 && (g.lon() - g_lon).abs() < 1e-9,
                "{g:?}"
            );
            let b = w.to_datum(Datum::Bd09);
            assert!(
                (b.lat() - b_lat).abs() < 1e-9 && (b.lon() - b_lon).abs() < 1e-9,
                "{b:?}"
            );
            // And back, from the reference values themselves.
            let w2 = c(b_lat, b_lon, Datum::Bd09).to_wgs84();
            assert!(
                (w2.lat() - lat).abs() < 1e-8 && (w2.lon() - lon).abs() < 1e-8,
                "{w2:?}"
            );
            let w3 = c(g_lat, g_lon, Datum::Gcj02).to_wgs84();
            assert!(
                (w3.lat() - lat).abs() < 1e-8 && (w3.lon() - lon).abs() < 1e-8,
                "{w3:?}"
            );
        }
    }

    #[test]
    fn beijing_offset_has_the_known_magnitude() {
        let w = c(39.9042, 116.4074, Datum::Wgs84);
        let g = w.to_datum(Datum::Gcj02);
        let (dlat, dlon) = (g.lat() - w.lat(), g.lon() - w.lon());
        assert!((0.0012..0.0016).contains(&dlat), "{dlat}");
        assert!((0.0058..0.0066).contains(&dlon), "{dlon}");
    }

    #[test]
    fn same_datum_is_identity() {
        for d in Datum::ALL {
            for (_, lat, lon) in INSIDE.iter().chain(OUTSIDE.iter()) {
                let p = c(*lat, *lon, d);
                assert_eq!(p.to_datum(d), p);
            }
        }
    }

    #[test]
    fn outside_the_mainland_only_the_label_changes() {
        for (name, lat, lon) in OUTSIDE.iter().copied().chain([
            ("London", 51.5, -0.13),
            ("North Pole", 90.0, 180.0),
            ("South", -90.0, -180.0),
        ]) {
            for from in Datum::ALL {
                for to in Datum::ALL {
                    let q = c(lat, lon, from).to_datum(to);
                    assert_eq!((q.lat(), q.lon(), q.datum()), (lat, lon, to), "{name}");
                }
            }
        }
    }

    #[test]
    fn to_wgs84_is_to_datum_wgs84() {
        for d in Datum::ALL {
            let p = c(36.65, 117.12, d);
            assert_eq!(p.to_wgs84(), p.to_datum(Datum::Wgs84));
        }
    }

    #[test]
    fn portable_sin_cos_is_within_1e_13_of_the_platforms() {
        // 33 significant bits: the trailing 20 bits of the significand are zero.
        assert_eq!(PIO2_HI.to_bits(), 0x3FF9_21FB_5440_0000);
        assert_eq!(portable_sin_cos(0.0), (0.0, 1.0));
        let nan = portable_sin_cos(f64::NAN);
        assert!(nan.0.is_nan() && nan.1.is_nan());
        let (mut near, mut far) = (0.0_f64, 0.0_f64);
        // Every quadrant and its edges, with arguments up to the 10⁴ radians the conversions
        // reach (6π times 500 degrees of longitude).
        for i in -400_000_i32..=400_000 {
            let x = f64::from(i) * 0.025 + 0.001_3 * f64::from(i % 7);
            let (s, c) = portable_sin_cos(x);
            let err = (s - x.sin()).abs().max((c - x.cos()).abs());
            if x.abs() <= 10.0 {
                near = near.max(err);
            } else {
                far = far.max(err);
            }
        }
        assert!(near <= 1e-15, "{near:e}");
        assert!(far <= 1e-13, "{far:e}");
    }

    #[test]
    fn the_shift_at_its_own_point_is_the_near_shift_there_bit_for_bit() {
        for i in 0..200 {
            for j in 0..200 {
                let (lat, lon) = (18.0 + 0.17 * f64::from(i), 74.0 + 0.31 * f64::from(j));
                let near = ShiftNear::at(lat, lon);
                let (a, b) = (near.shift_here(), near.shift(lat, lon));
                assert_eq!(a.0.to_bits(), b.0.to_bits(), "{lat},{lon}");
                assert_eq!(a.1.to_bits(), b.1.to_bits(), "{lat},{lon}");
            }
        }
        // The angles' zeros: πx/60 and πy/60 at exactly 105°E and 35°N.
        let near = ShiftNear::at(35.0, 105.0);
        assert_eq!(near.shift_here(), near.shift(35.0, 105.0));
    }

    #[test]
    fn portable_gcj02_shift_agrees_with_the_platforms_within_1e_15_degrees() {
        let mut worst = 0.0_f64;
        for (lat, lon) in mainland_grid() {
            let (a, b) = gcj02_shift(lat, lon);
            let (pa, pb) = gcj02_shift_portable(lat, lon);
            worst = worst.max((a - pa).abs()).max((b - pb).abs());
            // From the sines of a point up to NEAR_DEG away, and of one farther (new sines).
            for (d_lat, d_lon) in [(0.02, -0.013), (-0.1, 0.1), (0.004, 0.0), (0.3, -0.2)] {
                let near = ShiftNear::at(lat + d_lat, lon + d_lon);
                let (na, nb) = near.shift(lat, lon);
                worst = worst.max((a - na).abs()).max((b - nb).abs());
            }
        }
        assert!(worst <= 1e-15, "{worst:e}");
    }

    #[test]
    fn accept_wgs84_takes_the_inverse_answer_and_nothing_far_from_it() {
        let mut accepted = 0;
        for i in 0..40 {
            for j in 0..40 {
                let (lat, lon) = (18.3 + 0.85 * f64::from(i), 74.1 + 1.38 * f64::from(j));
                for d in Datum::ALL {
                    let p = c(lat, lon, d);
                    let w = p.to_wgs84();
                    assert_eq!(
                        p.accept_wgs84(&p.wgs84_guess(), w.lat(), w.lon()),
                        Some(w),
                        "{p:?}"
                    );
                    let g = p.wgs84_guess();
                    let (g_lat, g_lon) = (g.lat, g.lon);
                    assert!((g_lat - w.lat()).abs().max((g_lon - w.lon()).abs()) < 1e-4);
                    accepted += 1;
                    let shifted = d != Datum::Wgs84 && in_mainland_china(lat, lon);
                    // One step of 1e-8° (about 1 mm) off: rejected everywhere.
                    assert_eq!(
                        p.accept_wgs84(&p.wgs84_guess(), w.lat() + 1e-8, w.lon()),
                        None,
                        "{p:?}"
                    );
                    assert_eq!(
                        p.accept_wgs84(&p.wgs84_guess(), w.lat(), w.lon() - 1e-8),
                        None,
                        "{p:?}"
                    );
                    if shifted {
                        // The untransformed numbers are hundreds of metres off.
                        assert_eq!(p.accept_wgs84(&p.wgs84_guess(), lat, lon), None, "{p:?}");
                    }
                }
            }
        }
        assert_eq!(accepted, 40 * 40 * 3);
        let far = c(36.0, 117.0, Datum::Gcj02);
        assert_eq!(far.accept_wgs84(&far.wgs84_guess(), f64::NAN, 117.0), None);
        assert_eq!(far.accept_wgs84(&far.wgs84_guess(), 95.0, 117.0), None);
        // A stored position far from the guess (not from any writer) is checked with sines of
        // its own, not the guess's.
        let w = far.to_wgs84();
        assert_eq!(
            far.accept_wgs84(&far.wgs84_guess(), w.lat() + 0.5, w.lon()),
            None
        );
        assert_eq!(
            far.accept_wgs84(&far.wgs84_guess(), w.lat(), w.lon()),
            Some(w)
        );
    }

    // ----- Distances --------------------------------------------------------------------------

    #[test]
    fn haversine_matches_precomputed_values() {
        // Jinan to Qingdao, computed independently with R = 6 371 008.8 m.
        let d = haversine_m(36.65, 117.12, 36.0671, 120.3826);
        assert!((d - 299_245.675_319).abs() < 0.001, "{d}");
        assert!((haversine_m(36.0671, 120.3826, 36.65, 117.12) - d).abs() < 1e-6);
        // One degree along a meridian and along the equator: R·π/180.
        assert!((haversine_m(10.0, 20.0, 11.0, 20.0) - 111_195.080_234).abs() < 0.001);
        assert!((haversine_m(0.0, 179.5, 0.0, -179.5) - 111_195.080_234).abs() < 0.001);
    }

    #[test]
    fn haversine_edge_cases() {
        assert_eq!(haversine_m(36.65, 117.12, 36.65, 117.12), 0.0);
        let half_circumference = PI * EARTH_RADIUS_M; // 20 015 114.44 m
        for (a, b, c2, d) in [
            (0.0, 0.0, 0.0, 180.0),
            (90.0, 0.0, -90.0, 0.0),
            (36.65, 117.12, -36.65, -62.88),
        ] {
            let got = haversine_m(a, b, c2, d);
            assert!((got - half_circumference).abs() < 0.01, "{got}");
        }
        assert!(haversine_m(f64::NAN, 0.0, 0.0, 0.0).is_nan());
        assert!(haversine_m(0.0, 0.0, 0.0, f64::INFINITY).is_nan());
    }

    #[test]
    fn distance_converts_both_sides_to_wgs84() {
        let w = c(36.65, 117.12, Datum::Wgs84);
        for d in Datum::ALL {
            // The same place in every datum is zero metres away.
            assert!(w.distance_m(&w.to_datum(d)) < 0.01);
            assert!(w.to_datum(d).distance_m(&w) < 0.01);
        }
        // The same numbers in different datums are hundreds of metres apart.
        let g = c(36.65, 117.12, Datum::Gcj02);
        let gap = w.distance_m(&g);
        assert!((100.0..1_000.0).contains(&gap), "{gap}");
        // Between two GCJ-02 points the distance is that of their WGS-84 twins.
        let qingdao = c(36.0671, 120.3826, Datum::Gcj02);
        let (a, b) = (g.to_wgs84(), qingdao.to_wgs84());
        assert_eq!(
            g.distance_m(&qingdao),
            haversine_m(a.lat(), a.lon(), b.lat(), b.lon())
        );
        assert_eq!(
            c(0.0, 0.0, Datum::Bd09).distance_m(&c(0.0, 0.0, Datum::Wgs84)),
            0.0
        );
    }
}
