//! Deterministic synthetic national-scale catalogues for benchmarks and tests (cargo feature
//! `synthetic`).
//!
//! [`national_catalogue`] draws, from a seed, a network of stations clustered around a few
//! hundred places in mainland China: realistic outlet hours (a few hundred distinct schedules
//! with public-holiday rules, some past midnight, some around the clock, a few date exceptions
//! and make-up day rules), service mixes in which a typical two-service need
//! (`charging` + `wifi`) passes about 30% of the stations, lifecycles (a few stations planned,
//! suspended or closed) and Little Bee themes with gear on a share of them. Service, season,
//! theme, partner and product definitions are the embedded sample's. Every name and address is
//! fictional and marked so; the document says `sample: true`.
//!
//! The same seed and configuration always give the same document, on every platform.
//!
//! ```
//! use waystation::catalogue::{Catalogue, Limits};
//! use waystation::synthetic::{national_catalogue, NationalConfig};
//! let config = NationalConfig { stations: 500, cities: 20, ..NationalConfig::default() };
//! let doc = national_catalogue(&config).unwrap();
//! assert_eq!(doc.stations.len(), 500);
//! assert_eq!(doc, national_catalogue(&config).unwrap());
//! let catalogue = Catalogue::from_document(doc, &Limits::default()).unwrap();
//! assert_eq!(catalogue.document().stations.len(), 500);
//! ```

use crate::catalogue::{Catalogue, CatalogueDocument, CatalogueError};
use crate::geo::{in_mainland_china, Coordinate, Datum};
use crate::hours::{
    DateException, HolidayPolicy, Interval, MakeupPolicy, OpeningHours, WeeklyHours,
};
use crate::org::{Branch, BranchLevel, Outlet};
use crate::schedule::CompiledSchedules;
use crate::services::ServiceKind;
use crate::stations::{LifecycleEvent, Stage, Station, StationTheme};
use crate::text::Text;
use chrono::{Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// A small, fast, deterministic pseudo-random generator (SplitMix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() >> 32).wrapping_mul(n as u64) >> 32) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-300);
        let v = self.unit();
        (-2.0 * libm::log(u)).sqrt() * libm::cos(std::f64::consts::TAU * v)
    }

    /// An index drawn with the given weights (the last index if the weights are all zero).
    pub fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let x = self.unit() * total;
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len().saturating_sub(1))
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalConfig {
    /// Seed of the generator.
    pub seed: u64,
    /// Number of stations (one outlet each).
    pub stations: usize,
    /// Number of places the stations cluster around (one second-level branch each).
    pub cities: usize,
    /// Number of schedules drawn (a few of them may coincide).
    pub schedules: usize,
    /// Share of stations carrying the Little Bee theme.
    pub little_bee_share: f64,
    /// Share of stations scattered far from any city centre.
    pub rural_share: f64,
}

impl Default for NationalConfig {
    /// 200,000 stations around 300 places with 300 schedules, Little Bee on 10%.
    fn default() -> Self {
        NationalConfig {
            seed: 2026,
            stations: 200_000,
            cities: 300,
            schedules: 300,
            little_bee_share: 0.10,
            rural_share: 0.08,
        }
    }
}

/// Provincial capitals and large cities (approximate, GCJ-02): the anchors places cluster around.
const ANCHORS: [(&str, f64, f64); 31] = [
    ("Beijing", 39.904, 116.407),
    ("Tianjin", 39.084, 117.201),
    ("Shijiazhuang", 38.042, 114.515),
    ("Taiyuan", 37.870, 112.549),
    ("Hohhot", 40.842, 111.749),
    ("Shenyang", 41.805, 123.431),
    ("Changchun", 43.817, 125.324),
    ("Harbin", 45.803, 126.535),
    ("Shanghai", 31.230, 121.474),
    ("Nanjing", 32.060, 118.797),
    ("Hangzhou", 30.274, 120.155),
    ("Hefei", 31.821, 117.227),
    ("Fuzhou", 26.074, 119.297),
    ("Nanchang", 28.683, 115.858),
    ("Jinan", 36.651, 117.120),
    ("Zhengzhou", 34.747, 113.625),
    ("Wuhan", 30.593, 114.305),
    ("Changsha", 28.228, 112.939),
    ("Guangzhou", 23.129, 113.264),
    ("Nanning", 22.817, 108.367),
    ("Haikou", 20.044, 110.199),
    ("Chongqing", 29.563, 106.551),
    ("Chengdu", 30.573, 104.066),
    ("Guiyang", 26.647, 106.630),
    ("Kunming", 25.038, 102.718),
    ("Lhasa", 29.650, 91.100),
    ("Xi'an", 34.341, 108.940),
    ("Lanzhou", 36.061, 103.834),
    ("Xining", 36.617, 101.778),
    ("Yinchuan", 38.487, 106.231),
    ("Urumqi", 43.825, 87.617),
];

struct City {
    lat: f64,
    lon: f64,
    province: usize,
    /// Spread of its stations, km.
    sigma_km: f64,
}

fn cities(rng: &mut SplitMix64, n: usize) -> Vec<City> {
    let mut out = Vec::with_capacity(n);
    for (i, &(_, lat, lon)) in ANCHORS.iter().enumerate().take(n) {
        out.push(City {
            lat,
            lon,
            province: i,
            sigma_km: 8.0 + rng.unit() * 6.0,
        });
    }
    let mut tries = 0;
    while out.len() < n && tries < n * 100 {
        tries += 1;
        let province = rng.below(ANCHORS.len());
        let Some(&(_, alat, alon)) = ANCHORS.get(province) else {
            continue;
        };
        let lat = alat + rng.normal() * 1.6;
        let lon = alon + rng.normal() * 2.0;
        if !in_mainland_china(lat, lon) {
            continue;
        }
        out.push(City {
            lat,
            lon,
            province,
            sigma_km: 2.5 + rng.unit() * 5.0,
        });
    }
    out
}

fn iv(open: u16, close: u16) -> Option<Interval> {
    Interval::new(open, close).ok()
}

/// One realistic outlet schedule.
fn schedule(rng: &mut SplitMix64) -> Option<OpeningHours> {
    let pick = |rng: &mut SplitMix64, xs: &[u16]| xs.get(rng.below(xs.len())).copied();
    let kind = rng.unit();
    let mut days: [Vec<Interval>; 7] = Default::default();
    let mut holidays = HolidayPolicy::AsUsual;
    let mut makeup = MakeupPolicy::Ignored;
    let mut exceptions = Vec::new();
    if kind < 0.07 {
        // Around the clock (self-service zones).
        for d in &mut days {
            d.push(Interval::ALL_DAY);
        }
    } else if kind < 0.12 {
        // Evening and night service past midnight.
        let open = pick(rng, &[16 * 60, 17 * 60, 18 * 60, 19 * 60])?;
        let close = pick(rng, &[60, 2 * 60, 3 * 60, 6 * 60])?;
        let every = rng.chance(0.5);
        for (i, d) in days.iter_mut().enumerate() {
            if every || i < 6 {
                d.push(iv(open, close)?);
            }
        }
    } else {
        let open = pick(rng, &[7 * 60, 7 * 60 + 30, 8 * 60, 8 * 60 + 30, 9 * 60])?;
        let close = pick(
            rng,
            &[
                17 * 60,
                17 * 60 + 30,
                18 * 60,
                19 * 60,
                20 * 60,
                21 * 60,
                22 * 60,
            ],
        )?;
        let lunch = rng.chance(0.15);
        let weekday_hours = |open: u16, close: u16| -> Option<Vec<Interval>> {
            if lunch && open < 12 * 60 && close > 14 * 60 {
                Some(vec![iv(open, 12 * 60)?, iv(13 * 60 + 30, close)?])
            } else {
                Some(vec![iv(open, close)?])
            }
        };
        let weekend = rng.below(4);
        let (wopen, wclose) = (
            pick(rng, &[8 * 60 + 30, 9 * 60, 9 * 60 + 30, 10 * 60])?,
            pick(rng, &[12 * 60, 15 * 60, 16 * 60, 17 * 60])?,
        );
        for (i, d) in days.iter_mut().enumerate() {
            *d = match (i, weekend) {
                (0..=4, _) | (_, 0) => weekday_hours(open, close)?,
                (5, 1) | (_, 2) => vec![iv(wopen, wclose)?],
                _ => Vec::new(),
            };
        }
        holidays = match rng.below(10) {
            0..=3 => HolidayPolicy::AsUsual,
            4..=6 => HolidayPolicy::Closed,
            _ => HolidayPolicy::Hours {
                intervals: vec![iv(
                    pick(rng, &[9 * 60, 10 * 60])?,
                    pick(rng, &[15 * 60, 17 * 60])?,
                )?],
            },
        };
        if rng.chance(0.12) {
            makeup = MakeupPolicy::AsWeekday {
                weekday: Weekday::Mon,
            };
        }
    }
    if rng.chance(0.04) {
        // A closure or special hours on a date (renovation, local event).
        let date = NaiveDate::from_ymd_opt(2026, 1, 1)?
            .checked_add_days(Days::new(rng.below(365) as u64))?;
        let intervals = if rng.chance(0.5) {
            Vec::new()
        } else {
            vec![iv(10 * 60, 14 * 60)?]
        };
        exceptions.push(DateException { date, intervals });
    }
    let [mo, tu, we, th, fr, sa, su] = days;
    OpeningHours::new(
        WeeklyHours {
            mo,
            tu,
            we,
            th,
            fr,
            sa,
            su,
        },
        exceptions,
        holidays,
        makeup,
    )
    .ok()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn lifecycle(rng: &mut SplitMix64) -> Vec<LifecycleEvent> {
    let base = date(2015, 1, 1).unwrap_or_default();
    let opened = base
        .checked_add_days(Days::new(rng.below(365 * 10) as u64))
        .unwrap_or(base);
    let ev = |stage, date| LifecycleEvent { stage, date };
    let x = rng.unit();
    if x < 0.02 {
        // Planned, opening in 2027.
        let open = date(2027, 1 + rng.below(12) as u32, 1).unwrap_or(base);
        vec![ev(Stage::Planned, opened), ev(Stage::Operational, open)]
    } else if x < 0.04 {
        let at = date(2025, 1 + rng.below(12) as u32, 10)
            .unwrap_or(base)
            .max(opened);
        vec![ev(Stage::Operational, opened), ev(Stage::Suspended, at)]
    } else if x < 0.05 {
        let at = date(2024, 1 + rng.below(12) as u32, 20)
            .unwrap_or(base)
            .max(opened);
        vec![ev(Stage::Operational, opened), ev(Stage::Closed, at)]
    } else if x < 0.07 {
        // Suspended for a while, then back.
        let at = date(2024, 3, 1).unwrap_or(base).max(opened);
        let back = at.checked_add_days(Days::new(90)).unwrap_or(at);
        vec![
            ev(Stage::Operational, opened),
            ev(Stage::Suspended, at),
            ev(Stage::Operational, back),
        ]
    } else {
        vec![ev(Stage::Operational, opened)]
    }
}

/// A national-scale catalogue drawn from `config` (see the module docs).
///
/// # Errors
/// Only if the embedded sample catalogue, whose definitions are reused, fails to load.
pub fn national_catalogue(config: &NationalConfig) -> Result<CatalogueDocument, CatalogueError> {
    let sample = Catalogue::sample()?;
    let template = sample.document();
    let mut rng = SplitMix64::new(config.seed);
    let places = cities(&mut rng, config.cities.max(1));
    // Zipf-like sizes: a few big cities, many small ones.
    let mut cumulative = Vec::with_capacity(places.len());
    let mut total = 0.0;
    for i in 0..places.len() {
        total += 1.0 / libm::pow((i + 1) as f64, 0.9);
        cumulative.push(total);
    }
    let mut pool = Vec::new();
    let mut distinct = CompiledSchedules::default();
    let mut tries = 0;
    while pool.len() < config.schedules.max(1) && tries < config.schedules.max(1) * 50 {
        tries += 1;
        if let Some(h) = schedule(&mut rng) {
            let before = distinct.len();
            distinct.insert(&h);
            if distinct.len() > before {
                pool.push(h);
            }
        }
    }
    // Popular schedules first: station picks are skewed towards the pool's head.
    let mut pool_cumulative = Vec::with_capacity(pool.len());
    let mut t = 0.0;
    for i in 0..pool.len() {
        t += 1.0 / libm::pow((i + 1) as f64, 1.1);
        pool_cumulative.push(t);
    }

    let mut branches = Vec::new();
    for (p, &(name, _, _)) in ANCHORS.iter().enumerate() {
        branches.push(Branch {
            id: format!("p{p:02}"),
            level: BranchLevel::Provincial,
            parent: None,
            name_zh: format!("示例省级分行{p:02}（{name}）"),
            name_en: format!("Sample Provincial Branch {p:02} ({name})"),
        });
    }
    for (c, city) in places.iter().enumerate() {
        branches.push(Branch {
            id: format!("c{c:03}"),
            level: BranchLevel::SecondLevel,
            parent: Some(format!("p{:02}", city.province)),
            name_zh: format!("示例二级分行{c:03}"),
            name_en: format!("Sample Second-level Branch {c:03}"),
        });
    }

    let code_of = |kind: ServiceKind| -> Vec<String> {
        template
            .services
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.code.clone())
            .collect()
    };
    let gear = code_of(ServiceKind::Gear);
    let share = |code: &str| -> f64 {
        match code {
            "air_conditioning" => 0.95,
            "seating" => 0.97,
            "drinking_water" => 0.93,
            "charging" => 0.55,
            "wifi" => 0.55,
            "reading_glasses" => 0.40,
            "cash_counter" => 0.35,
            "education" => 0.50,
            "hot_water" => 0.60,
            "cool_drinks" => 0.50,
            "heating" => 0.70,
            _ => 0.5,
        }
    };
    let offered: Vec<String> = template
        .services
        .iter()
        .filter(|s| s.kind != ServiceKind::Gear)
        .map(|s| s.code.clone())
        .collect();
    let bee = template
        .themes
        .iter()
        .find(|t| t.code == "little_bee")
        .map(|t| t.code.clone());

    let mut outlets = Vec::with_capacity(config.stations);
    let mut stations = Vec::with_capacity(config.stations);
    for n in 0..config.stations {
        let c = rng.weighted(&cumulative);
        let Some(city) = places.get(c) else { continue };
        let sigma = if rng.chance(config.rural_share) {
            60.0
        } else {
            city.sigma_km
        };
        let (mut lat, mut lon) = (city.lat, city.lon);
        for _ in 0..6 {
            let la = city.lat + rng.normal() * sigma / 111.2;
            let lo = city.lon + rng.normal() * sigma / (111.2 * libm::cos(city.lat.to_radians()));
            if in_mainland_china(la, lo) {
                (lat, lon) = (la, lo);
                break;
            }
        }
        // Five decimals, as outlet registers keep them; duplicates happen (shared buildings).
        let round = |x: f64| (x * 1e5).round() / 1e5;
        let datum = match rng.below(10) {
            0..=6 => Datum::Gcj02,
            7 | 8 => Datum::Wgs84,
            _ => Datum::Bd09,
        };
        let location = match Coordinate::new(round(lat), round(lon), Datum::Gcj02) {
            Ok(p) => p.to_datum(datum),
            Err(_) => continue,
        };
        let location = Coordinate::new(round(location.lat()), round(location.lon()), datum)
            .unwrap_or(location);
        let outlet_id = Text::from(format!("o{n:06}"));
        outlets.push(Outlet {
            id: outlet_id.clone(),
            branch: format!("c{c:03}").into(),
            name_zh: format!("工商银行示例网点{n:06}（示例）").into(),
            name_en: format!("ICBC Sample Outlet {n:06} (sample)").into(),
            address_zh: format!("示例路{}号（示例地址）", 1 + rng.below(999)).into(),
            address_en: format!("{} Sample Road (sample address)", 1 + rng.below(999)).into(),
            location,
        });
        let north = lat > 33.0;
        let services: Vec<String> = offered
            .iter()
            .filter(|code| (code.as_str() != "heating" || north) && rng.chance(share(code)))
            .cloned()
            .collect();
        let mut themes = Vec::new();
        let mut gear_stock = BTreeMap::new();
        if let Some(bee) = &bee {
            if rng.chance(config.little_bee_share) {
                let from = date(2023, 5, 15)
                    .and_then(|d| d.checked_add_days(Days::new(rng.below(900) as u64)));
                let lifecycle = match from {
                    Some(d) if rng.chance(0.7) => vec![LifecycleEvent {
                        stage: Stage::Operational,
                        date: d,
                    }],
                    _ => Vec::new(),
                };
                themes.push(StationTheme {
                    code: bee.clone(),
                    lifecycle,
                });
                for g in &gear {
                    gear_stock.insert(g.clone(), rng.below(40) as i32);
                }
            }
        }
        let hours = pool
            .get(rng.weighted(&pool_cumulative))
            .cloned()
            .unwrap_or_else(OpeningHours::always_open);
        let mut lifecycle = lifecycle(&mut rng);
        if let (Some(first), Some(t)) = (lifecycle.first_mut(), themes.first()) {
            // A Little Bee theme lifecycle never starts before its station exists.
            if let Some(e) = t.lifecycle.first() {
                first.date = first.date.min(e.date);
            }
        }
        stations.push(Station {
            id: format!("st{n:06}").into(),
            outlet: outlet_id,
            themes,
            lifecycle: lifecycle.into(),
            hours,
            services: services.into(),
            gear_stock,
        });
    }

    Ok(CatalogueDocument {
        schema_version: template.schema_version,
        version: format!(
            "synthetic-{}-{}-{}",
            config.seed, config.stations, config.cities
        ),
        sample: true,
        network: template.network.clone(),
        branches,
        outlets,
        partners: template.partners.clone(),
        themes: template.themes.clone(),
        seasons: template.seasons.clone(),
        services: template.services.clone(),
        stations,
        holiday_years: None,
        product_catalogue: template.product_catalogue.clone(),
        programmes: None,
    })
}

/// Query positions a courier app would send: near the stations of `doc` (within a few
/// kilometres of a random station), in GCJ-02, drawn from `seed`.
pub fn query_points(doc: &CatalogueDocument, seed: u64, n: usize) -> Vec<Coordinate> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(n);
    if doc.outlets.is_empty() {
        return out;
    }
    while out.len() < n {
        let Some(o) = doc.outlets.get(rng.below(doc.outlets.len())) else {
            break;
        };
        let p = o.location.to_datum(Datum::Gcj02);
        let lat = p.lat() + rng.normal() * 2.0 / 111.2;
        let lon = p.lon() + rng.normal() * 2.0 / 111.2;
        if let Ok(c) = Coordinate::new(
            lat.clamp(-89.0, 89.0),
            lon.clamp(-180.0, 180.0),
            Datum::Gcj02,
        ) {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Product catalogues and courier profiles (matching and screening benchmarks).

use crate::eligibility::{Citation, Criterion, LocalizedText, Rule, RuleSet, Severity, Threshold};
use crate::identity::{CreditCodeMode, ResidentId, UnifiedCreditCode};
use crate::products::{ProductCatalogue, ProductError, ProductKind, ProductRisk, RiskRating};
use crate::profile::{
    CourierProfile, KycLevel, Need, Occupation, Province, RiskAssessment, RiskGrade,
};
use std::collections::BTreeSet;

/// A product catalogue of `products` products (at least the sample's 12): the embedded sample's
/// products, parameters and rule sets, then variants of its products drawn from `seed`, each with
/// its own rule set of the same shapes (age bounds, tenure, income thresholds and provinces
/// varied; regional offers add a `province_in` rule). Validated like any catalogue.
///
/// ```
/// use waystation::synthetic::product_catalogue;
/// let c = product_catalogue(7, 60).unwrap();
/// assert_eq!(c.products.len(), 60);
/// assert_eq!(c, product_catalogue(7, 60).unwrap());
/// ```
pub fn product_catalogue(seed: u64, products: usize) -> Result<ProductCatalogue, ProductError> {
    let base = ProductCatalogue::sample()?;
    let mut rng = SplitMix64::new(seed);
    let mut out = base.clone();
    let templates = &base.products;
    let mut i = 0usize;
    while out.products.len() < products {
        let Some(template) = templates.get(i % templates.len().max(1)) else {
            break;
        };
        let variant = i / templates.len().max(1) + 1;
        i += 1;
        let mut product = template.clone();
        product.id = format!("{}_v{variant}", template.id);
        product.rule_set_id = format!("{}_rules", product.id);
        product.priority = i32::try_from(rng.below(60)).unwrap_or(0);
        if product.kind == ProductKind::Wealth {
            let issuer = RiskRating::ALL.get(rng.below(5)).copied();
            let seller = RiskRating::ALL.get(rng.below(5)).copied();
            product.risk = Some(ProductRisk {
                issuer_rating: issuer,
                seller_rating: issuer.max(seller),
            });
        }
        if let Some(insurance) = product.insurance.as_mut() {
            let top = 3 + u8::try_from(rng.below(4)).unwrap_or(0);
            insurance.covered_occupation_classes = (1..=top).collect();
        }
        let regional = product.kind != ProductKind::Wealth && rng.chance(0.3);
        let region = random_provinces(&mut rng);
        for rule_set in base
            .rule_sets
            .iter()
            .filter(|rs| rs.id == template.rule_set_id)
        {
            let mut rule_set: RuleSet = rule_set.clone();
            rule_set.id = product.rule_set_id.clone();
            for rule in &mut rule_set.rules {
                vary(
                    &mut rule.criterion,
                    &template.id,
                    &product.id,
                    &region,
                    &mut rng,
                );
            }
            if regional {
                rule_set.rules.push(Rule {
                    id: "region".to_string(),
                    description: LocalizedText::new(
                        "限定地区发售（合成数据）",
                        "regional offer (synthetic)",
                    ),
                    source: Citation {
                        document: "《产品营销管理办法》（合成数据）".into(),
                        provision: None,
                    },
                    effective_from: None,
                    effective_to: None,
                    criterion: Criterion::ProvinceIn {
                        provinces: region.clone(),
                    },
                });
            }
            out.rule_sets.push(rule_set);
        }
        out.products.push(product);
    }
    out.version = format!("{}-synthetic-{products}", base.version);
    let errors: Vec<_> = out
        .validate()
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ProductError::Invalid { issues: errors })
    }
}

fn random_provinces(rng: &mut SplitMix64) -> Vec<Province> {
    let mut set = BTreeSet::new();
    if rng.chance(0.7) {
        set.insert(Province::Shandong);
    }
    for _ in 0..1 + rng.below(3) {
        if let Some(p) = Province::ALL.get(rng.below(Province::ALL.len())) {
            set.insert(*p);
        }
    }
    set.into_iter().collect()
}

/// Varies the thresholds of a criterion in place (same shapes, other values; provinces become
/// the variant's `region`, so that a regional rule never contradicts them).
fn vary(
    criterion: &mut Criterion,
    old_id: &str,
    new_id: &str,
    region: &[Province],
    rng: &mut SplitMix64,
) {
    match criterion {
        Criterion::All(list) | Criterion::Any(list) => {
            for c in list {
                vary(c, old_id, new_id, region, rng);
            }
        }
        Criterion::Not(inner) => vary(inner, old_id, new_id, region, rng),
        Criterion::AgeRange { min, max } => {
            if let Some(Threshold::Value(v)) = min {
                *v += i64::try_from(rng.below(3)).unwrap_or(0);
            }
            if let Some(Threshold::Value(v)) = max {
                *v -= i64::try_from(rng.below(6)).unwrap_or(0);
            }
        }
        Criterion::TenureAtLeast { months } if rng.chance(0.5) => {
            *months = Threshold::Value(i64::try_from(rng.below(13)).unwrap_or(0));
        }
        Criterion::IncomeAtLeast {
            monthly_fen: Some(monthly_fen),
            ..
        } if rng.chance(0.5) => {
            let v = 150_000 + 10_000 * i64::try_from(rng.below(40)).unwrap_or(0);
            *monthly_fen = Threshold::Value(v);
        }
        Criterion::ProvinceIn { provinces } => *provinces = region.to_vec(),
        Criterion::DoesNotHoldProduct { product_id } | Criterion::HoldsProduct { product_id }
            if product_id == old_id =>
        {
            *product_id = new_id.to_string();
        }
        _ => {}
    }
}

/// Settings of [`courier_profiles`].
#[derive(Debug, Clone)]
pub struct ProfileConfig {
    /// Seed: the same settings always give the same profiles.
    pub seed: u64,
    /// How many profiles.
    pub count: usize,
    /// Normalised credit codes of member units (about 60% of couriers work for one).
    pub member_units: Vec<String>,
    /// Product ids couriers may hold (`courier_debit_card` is held by about 70%).
    pub product_ids: Vec<String>,
    /// Share of profiles with one input missing (ID, start date, income, KYC or employer).
    pub missing: f64,
}

impl Default for ProfileConfig {
    fn default() -> Self {
        ProfileConfig {
            seed: 2026,
            count: 1000,
            member_units: Vec::new(),
            product_ids: Vec::new(),
            missing: 0.05,
        }
    }
}

/// Courier profiles drawn one at a time (nothing is kept: a million profiles stream in constant
/// memory). Ages 16–70, every occupation, employers, tenure, income, holdings, risk
/// assessments around 2025–2026 (some expired, a few too frequent), KYC levels and needs.
#[derive(Debug, Clone)]
pub struct CourierProfiles {
    rng: SplitMix64,
    remaining: usize,
    config: ProfileConfig,
}

/// Streams the profiles of `config`.
///
/// ```
/// use waystation::synthetic::{courier_profiles, ProfileConfig};
/// let config = ProfileConfig { count: 100, ..ProfileConfig::default() };
/// let profiles: Vec<_> = courier_profiles(&config).collect();
/// assert_eq!(profiles.len(), 100);
/// assert_eq!(profiles, courier_profiles(&config).collect::<Vec<_>>());
/// ```
pub fn courier_profiles(config: &ProfileConfig) -> CourierProfiles {
    CourierProfiles {
        rng: SplitMix64::new(config.seed),
        remaining: config.count,
        config: config.clone(),
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
const REGIONS: [&str; 5] = ["370102", "370203", "110105", "440305", "320102"];

fn resident_id(rng: &mut SplitMix64) -> Option<ResidentId> {
    let region = REGIONS.get(rng.below(REGIONS.len()))?;
    let year = 1956 + rng.below(55);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let seq = rng.below(1000);
    let body = format!("{region}{year:04}{month:02}{day:02}{seq:03}");
    let sum: u32 = body
        .chars()
        .zip(ID_WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = ID_CHECK.get(usize::try_from(sum % 11).ok()?)?;
    ResidentId::parse(&format!("{body}{check}")).ok()
}

fn employer(rng: &mut SplitMix64, members: &[String]) -> Option<UnifiedCreditCode> {
    let member = members.get(rng.below(members.len().max(1)));
    let code = match member {
        Some(code) if rng.chance(0.6) => code.clone(),
        _ => format!("91370102MA{:07}X", rng.below(10_000_000)),
    };
    UnifiedCreditCode::parse(&code, CreditCodeMode::Lenient).ok()
}

impl CourierProfiles {
    fn draw(&mut self) -> CourierProfile {
        let rng = &mut self.rng;
        let t0 = date(2025, 3, 1).and_then(|d| d.and_hms_opt(10, 0, 0));
        let at = |day: usize| {
            t0.and_then(|t| t.checked_add_days(Days::new(u64::try_from(day).unwrap_or(0))))
                .and_then(|t| t.and_local_timezone(crate::time::CHINA).single())
        };
        let mut profile = CourierProfile {
            resident_id: resident_id(rng),
            occupation: Occupation::ALL
                .get(rng.below(Occupation::ALL.len()))
                .copied(),
            employer_code: employer(rng, &self.config.member_units),
            employment_start: date(2019, 1, 1).and_then(|d| {
                d.checked_add_days(Days::new(u64::try_from(rng.below(2680)).unwrap_or(0)))
            }),
            province: if rng.chance(0.5) {
                Some(Province::Shandong)
            } else {
                Province::ALL.get(rng.below(Province::ALL.len())).copied()
            },
            city: Some("济南".to_string()),
            monthly_income_fen: Some(150_000 + i64::try_from(rng.below(800_000)).unwrap_or(0)),
            held_products: None,
            risk_assessment: None,
            assessment_history: Vec::new(),
            kyc_level: Some(match rng.weighted(&[0.05, 0.4, 0.85, 1.0]) {
                0 => KycLevel::None,
                1 => KycLevel::Basic,
                2 => KycLevel::Verified,
                _ => KycLevel::Full,
            }),
            needs: BTreeSet::new(),
            personalisation_opt_out: rng.chance(0.05),
        };
        let mut held = BTreeSet::new();
        if rng.chance(0.7) {
            held.insert("courier_debit_card".to_string());
        }
        for id in &self.config.product_ids {
            if rng.chance(0.03) {
                held.insert(id.clone());
            }
        }
        profile.held_products = Some(held);
        if rng.chance(0.7) {
            let grade = RiskGrade::ALL.get(rng.below(5)).copied();
            if let (Some(grade), Some(assessed_at)) = (grade, at(rng.below(460))) {
                profile.risk_assessment = Some(RiskAssessment { grade, assessed_at });
                profile.assessment_history.push(assessed_at);
                if rng.chance(0.03) {
                    profile
                        .assessment_history
                        .extend((1..9).filter_map(|k| at(460 - 20 * k)));
                }
            }
        }
        for need in [
            Need::Save,
            Need::Borrow,
            Need::Protect,
            Need::Pay,
            Need::Learn,
        ] {
            if rng.chance(0.35) {
                profile.needs.insert(need);
            }
        }
        if rng.chance(self.config.missing) {
            match rng.below(5) {
                0 => profile.resident_id = None,
                1 => profile.employment_start = None,
                2 => profile.monthly_income_fen = None,
                3 => profile.kyc_level = None,
                _ => profile.employer_code = None,
            }
        }
        profile
    }
}

impl Iterator for CourierProfiles {
    type Item = CourierProfile;

    fn next(&mut self) -> Option<CourierProfile> {
        self.remaining = self.remaining.checked_sub(1)?;
        Some(self.draw())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for CourierProfiles {}

// ---------------------------------------------------------------------------------------------
// Varied small catalogues (round-trip properties and fuzz seeds).

/// The datums of a varied catalogue's outlets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatumMix {
    /// Every outlet in WGS-84 (GPS-sourced data).
    AllWgs84,
    /// Every outlet in GCJ-02.
    AllGcj02,
    /// Every outlet in BD-09.
    AllBd09,
    /// Each outlet in a datum drawn from the three.
    Mixed,
}

impl DatumMix {
    /// Every mix.
    pub const ALL: [DatumMix; 4] = [
        DatumMix::AllWgs84,
        DatumMix::AllGcj02,
        DatumMix::AllBd09,
        DatumMix::Mixed,
    ];
}

/// The texts (ids, names, addresses) of a varied catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    /// Short ASCII.
    Plain,
    /// Chinese characters, full-width punctuation, a character outside the BMP.
    Cjk,
    /// As long as the limit allows (`max_text_chars` characters, multi-byte ones among them).
    Long,
    /// Characters JSON escapes or that are easy to mishandle: quotes, backslashes, slashes,
    /// HTML-special characters, emoji, precomposed accents. (Control and format characters
    /// are refused in every catalogue text, so they are not generated.)
    Escapes,
    /// Every optional text (the addresses) empty, the rest plain.
    EmptyOptional,
    /// Each text in a style drawn from the others.
    Mixed,
}

impl TextStyle {
    /// Every style.
    pub const ALL: [TextStyle; 6] = [
        TextStyle::Plain,
        TextStyle::Cjk,
        TextStyle::Long,
        TextStyle::Escapes,
        TextStyle::EmptyOptional,
        TextStyle::Mixed,
    ];
}

/// What [`varied_catalogue`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct VariedConfig {
    /// Seed of the generator.
    pub seed: u64,
    /// Number of outlets.
    pub outlets: usize,
    /// Number of stations (at most one per outlet: more than `outlets` gives `outlets`).
    pub stations: usize,
    /// The outlets' datums.
    pub datums: DatumMix,
    /// The texts.
    pub texts: TextStyle,
    /// Whether optional fields and parts are drawn (station themes with and without their own
    /// lifecycles, gear stock, seasonal and gear services, a partner with member units, holiday
    /// years, products, programmes); without, every one is absent or empty.
    pub optional: bool,
    /// The longest text in characters, which [`TextStyle::Long`] texts reach
    /// ([`crate::catalogue::Limits::max_text_chars`] by default).
    pub max_text_chars: usize,
}

impl Default for VariedConfig {
    /// Seed 1, 8 outlets and 6 stations, mixed datums and texts, optional parts drawn.
    fn default() -> Self {
        VariedConfig {
            seed: 1,
            outlets: 8,
            stations: 6,
            datums: DatumMix::Mixed,
            texts: TextStyle::Mixed,
            optional: true,
            max_text_chars: crate::catalogue::Limits::default().max_text_chars,
        }
    }
}

/// Where a text goes: ids keep to printable characters, addresses may be empty.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextRole {
    Id,
    Name,
    Address,
}

/// A text of `role` for record `n` (unique per `n` and `tag` for ids) in `style`.
fn varied_text(
    rng: &mut SplitMix64,
    style: TextStyle,
    role: TextRole,
    tag: &str,
    n: usize,
    max: usize,
) -> String {
    let style = match style {
        TextStyle::Mixed => match rng.below(5) {
            0 => TextStyle::Plain,
            1 => TextStyle::Cjk,
            2 => TextStyle::Long,
            3 => TextStyle::Escapes,
            _ => TextStyle::EmptyOptional,
        },
        s => s,
    };
    let text = match (style, role) {
        (TextStyle::EmptyOptional, TextRole::Address) => String::new(),
        (TextStyle::Cjk, TextRole::Id) => format!("{tag}-网点{n:03}"),
        (TextStyle::Cjk, TextRole::Name) => format!("工商银行示例网点{n}号（示例）𠀀"),
        (TextStyle::Cjk, TextRole::Address) => format!("济南市历下区示例路{n}号，「示例地址」"),
        (TextStyle::Escapes, TextRole::Id) => format!("{tag}\"{n}\\/<&>'"),
        (TextStyle::Escapes, TextRole::Name) => {
            format!("\"Quoted\" \\ back\\slash / {n} 😀 Café")
        }
        (TextStyle::Escapes, TextRole::Address) => format!("Line {n} <second> & 'line' \"x\" \\"),
        (TextStyle::Long, _) => {
            // Unique from the start (ids), then characters of one to four bytes up to the limit
            // or a little under.
            let mut s = format!("{tag}{n}-");
            let fill = ['长', 'a', 'é', '𠀀', '路'];
            let want = max.saturating_sub(rng.below(3));
            let mut chars = s.chars().count();
            while chars < want {
                s.push(fill.get(rng.below(fill.len())).copied().unwrap_or('a'));
                chars += 1;
            }
            s
        }
        (_, TextRole::Id) => format!("{tag}-{n:04}"),
        (_, TextRole::Name) => format!("Sample {tag} {n}"),
        (_, TextRole::Address) => format!("{n} Sample Road"),
    };
    // Never beyond the limit (a tiny limit cuts even plain texts).
    if text.chars().count() > max {
        text.chars().take(max).collect()
    } else {
        text
    }
}

/// A location: mostly in mainland China (five decimals, as registers keep them, or full
/// precision), some outside (Hong Kong, Taipei, abroad, the ends of the ranges).
fn varied_location(rng: &mut SplitMix64, datum: Datum) -> Option<Coordinate> {
    let (lat, lon) = match rng.below(10) {
        0 => [
            (22.2819, 114.1589),
            (25.033, 121.5654),
            (35.6762, 139.6503),
            (-33.8688, 151.2093),
            (0.0, 0.0),
            (-0.0, -0.0),
            (89.999_99, 179.999_99),
            (-90.0, -180.0),
        ]
        .get(rng.below(8))
        .copied()
        .unwrap_or((0.0, 0.0)),
        _ => {
            let (_, alat, alon) = ANCHORS
                .get(rng.below(ANCHORS.len()))
                .copied()
                .unwrap_or(("", 36.651, 117.120));
            let lat = alat + rng.normal() * 0.05;
            let lon = alon + rng.normal() * 0.05;
            if rng.chance(0.6) {
                ((lat * 1e5).round() / 1e5, (lon * 1e5).round() / 1e5)
            } else {
                (lat, lon)
            }
        }
    };
    Coordinate::new(lat, lon, datum).ok()
}

/// A few schedules of every shape: around the clock, never, office hours with a lunch break,
/// past midnight, date exceptions, each public-holiday and make-up-day policy.
fn varied_schedules() -> Vec<OpeningHours> {
    let build = |days: [Vec<Interval>; 7],
                 exceptions: Vec<DateException>,
                 holidays: HolidayPolicy,
                 makeup: MakeupPolicy| {
        let [mo, tu, we, th, fr, sa, su] = days;
        OpeningHours::new(
            WeeklyHours {
                mo,
                tu,
                we,
                th,
                fr,
                sa,
                su,
            },
            exceptions,
            holidays,
            makeup,
        )
        .ok()
    };
    let office = || iv(9 * 60, 17 * 60).into_iter().collect::<Vec<_>>();
    let split = || {
        [iv(8 * 60, 12 * 60), iv(13 * 60 + 30, 18 * 60)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
    };
    let night = || iv(22 * 60, 2 * 60).into_iter().collect::<Vec<_>>();
    let workweek = |day: &dyn Fn() -> Vec<Interval>| -> [Vec<Interval>; 7] {
        [day(), day(), day(), day(), day(), Vec::new(), Vec::new()]
    };
    let every =
        |day: &dyn Fn() -> Vec<Interval>| -> [Vec<Interval>; 7] { std::array::from_fn(|_| day()) };
    let exception = |m, d, intervals| {
        date(2026, m, d)
            .map(|date| DateException { date, intervals })
            .into_iter()
            .collect::<Vec<_>>()
    };
    [
        Some(OpeningHours::always_open()),
        build(
            Default::default(),
            Vec::new(),
            HolidayPolicy::AsUsual,
            MakeupPolicy::Ignored,
        ),
        build(
            workweek(&office),
            Vec::new(),
            HolidayPolicy::Closed,
            MakeupPolicy::AsWeekday {
                weekday: Weekday::Mon,
            },
        ),
        build(
            every(&split),
            exception(10, 1, Vec::new()),
            HolidayPolicy::Hours {
                intervals: iv(10 * 60, 15 * 60).into_iter().collect(),
            },
            MakeupPolicy::Ignored,
        ),
        build(
            every(&night),
            exception(6, 10, iv(10 * 60, 14 * 60).into_iter().collect()),
            HolidayPolicy::AsUsual,
            MakeupPolicy::AsWeekday {
                weekday: Weekday::Fri,
            },
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A small catalogue drawn from `config`, for round-trip properties and fuzz seeds: every
/// datum mix, any size (none to hundreds of outlets), optional fields present or absent, texts
/// of every kind (see [`TextStyle`]); ids in ascending or shuffled order, stations on any of
/// the outlets in any order, schedules and service lists shared by several stations. Valid
/// by the catalogue's rules with limits whose `max_text_chars` is the config's. Service,
/// season, theme, partner, product and programme definitions come from the embedded sample.
///
/// ```
/// use waystation::catalogue::{Catalogue, Limits};
/// use waystation::synthetic::{varied_catalogue, DatumMix, VariedConfig};
/// let config = VariedConfig { datums: DatumMix::AllWgs84, ..VariedConfig::default() };
/// let doc = varied_catalogue(&config).unwrap();
/// assert_eq!(doc, varied_catalogue(&config).unwrap());
/// let catalogue = Catalogue::from_document(doc, &Limits::default()).unwrap();
/// let back = Catalogue::from_compact(&catalogue.to_compact()).unwrap();
/// assert_eq!(back.document(), catalogue.document());
/// ```
///
/// # Errors
/// Only if the embedded sample catalogue, whose definitions are reused, fails to load.
pub fn varied_catalogue(config: &VariedConfig) -> Result<CatalogueDocument, CatalogueError> {
    let sample = Catalogue::sample()?;
    let template = sample.document();
    let mut rng = SplitMix64::new(config.seed);
    let (style, max) = (config.texts, config.max_text_chars.max(1));
    let optional = config.optional;
    let text = |rng: &mut SplitMix64, role, tag: &str, n| {
        let t = varied_text(rng, style, role, tag, n, max);
        // A required text must not be blank.
        if role != TextRole::Address && t.trim().is_empty() {
            format!("{n}")
        } else {
            t
        }
    };

    let provinces = 1 + rng.below(2);
    let seconds = 1 + rng.below(3);
    let mut branches = Vec::new();
    for p in 0..provinces {
        branches.push(Branch {
            id: text(&mut rng, TextRole::Id, "p", p),
            level: BranchLevel::Provincial,
            parent: None,
            name_zh: text(&mut rng, TextRole::Name, "省分行", p),
            name_en: text(&mut rng, TextRole::Name, "Province", p),
        });
    }
    for c in 0..seconds {
        let parent = branches.get(rng.below(provinces)).map(|b| b.id.clone());
        branches.push(Branch {
            id: text(&mut rng, TextRole::Id, "c", c),
            level: BranchLevel::SecondLevel,
            parent,
            name_zh: text(&mut rng, TextRole::Name, "二级分行", c),
            name_en: text(&mut rng, TextRole::Name, "City", c),
        });
    }

    let mut outlets = Vec::with_capacity(config.outlets);
    for n in 0..config.outlets {
        let datum = match config.datums {
            DatumMix::AllWgs84 => Datum::Wgs84,
            DatumMix::AllGcj02 => Datum::Gcj02,
            DatumMix::AllBd09 => Datum::Bd09,
            DatumMix::Mixed => Datum::ALL
                .get(rng.below(3))
                .copied()
                .unwrap_or(Datum::Wgs84),
        };
        let Some(location) = varied_location(&mut rng, datum) else {
            continue;
        };
        let branch = branches
            .get(provinces + rng.below(seconds))
            .map(|b| b.id.clone())
            .unwrap_or_default();
        outlets.push(Outlet {
            id: text(&mut rng, TextRole::Id, "o", n).into(),
            branch: branch.into(),
            name_zh: text(&mut rng, TextRole::Name, "网点", n).into(),
            name_en: text(&mut rng, TextRole::Name, "Outlet", n).into(),
            address_zh: text(&mut rng, TextRole::Address, "地址", n).into(),
            address_en: text(&mut rng, TextRole::Address, "Address", n).into(),
            location,
        });
    }
    if rng.chance(0.5) {
        outlets.sort_by(|a, b| a.id.cmp(&b.id));
    }

    let services = if optional {
        template.services.clone()
    } else {
        template
            .services
            .iter()
            .filter(|s| s.kind == ServiceKind::Base)
            .cloned()
            .collect()
    };
    let offered: Vec<String> = services
        .iter()
        .filter(|s| s.kind != ServiceKind::Gear)
        .map(|s| s.code.clone())
        .collect();
    let gear: Vec<String> = services
        .iter()
        .filter(|s| s.kind == ServiceKind::Gear)
        .map(|s| s.code.clone())
        .collect();
    // A few lists, shared by several stations; one empty.
    let lists: Vec<std::sync::Arc<[String]>> = (0..4)
        .map(|k| {
            offered
                .iter()
                .filter(|_| k > 0 && rng.chance(0.6))
                .cloned()
                .collect::<Vec<_>>()
                .into()
        })
        .collect();
    let schedules = varied_schedules();
    let lifecycles: Vec<std::sync::Arc<[LifecycleEvent]>> = {
        let ev = |stage, y, m, d| date(y, m, d).map(|date| LifecycleEvent { stage, date });
        [
            vec![ev(Stage::Operational, 2020, 4, 2)],
            vec![
                ev(Stage::Planned, 2023, 4, 20),
                ev(Stage::Pilot, 2023, 5, 15),
                ev(Stage::Launched, 2023, 5, 30),
                ev(Stage::Operational, 2023, 5, 31),
            ],
            vec![
                ev(Stage::Planned, 2025, 1, 1),
                ev(Stage::Operational, 2027, 1, 1),
            ],
            vec![
                ev(Stage::Operational, 2019, 1, 1),
                ev(Stage::Suspended, 2026, 1, 10),
                ev(Stage::Operational, 2026, 4, 1),
            ],
            vec![
                ev(Stage::Operational, 2018, 1, 1),
                ev(Stage::Closed, 2024, 1, 20),
            ],
        ]
        .into_iter()
        .map(|events| events.into_iter().flatten().collect::<Vec<_>>().into())
        .collect()
    };
    let bee = template.themes.first().map(|t| t.code.clone());

    // Stations on distinct outlets drawn in any order.
    let mut hosts: Vec<usize> = (0..outlets.len()).collect();
    for i in (1..hosts.len()).rev() {
        hosts.swap(i, rng.below(i + 1));
    }
    if rng.chance(0.5) {
        hosts.sort_unstable();
    }
    hosts.truncate(config.stations);
    let mut stations = Vec::with_capacity(hosts.len());
    for (n, &o) in hosts.iter().enumerate() {
        let mut themes = Vec::new();
        let mut gear_stock = BTreeMap::new();
        if let Some(bee) = bee.as_ref().filter(|_| optional && rng.chance(0.5)) {
            let lifecycle = match lifecycles.get(rng.below(3)) {
                Some(l) if rng.chance(0.5) => l.to_vec(),
                _ => Vec::new(),
            };
            themes.push(StationTheme {
                code: bee.clone(),
                lifecycle,
            });
            for g in &gear {
                if rng.chance(0.7) {
                    let stock = [0, 1, 40, i32::MAX].get(rng.below(4)).copied();
                    gear_stock.insert(g.clone(), stock.unwrap_or(0));
                }
            }
        }
        stations.push(Station {
            id: text(&mut rng, TextRole::Id, "st", n).into(),
            outlet: outlets.get(o).map(|x| x.id.clone()).unwrap_or_default(),
            themes,
            lifecycle: lifecycles
                .get(rng.below(lifecycles.len()))
                .cloned()
                .unwrap_or_else(|| std::sync::Arc::from([])),
            hours: schedules
                .get(rng.below(schedules.len()))
                .cloned()
                .unwrap_or_else(OpeningHours::always_open),
            services: lists
                .get(rng.below(lists.len()))
                .cloned()
                .unwrap_or_else(|| std::sync::Arc::from([])),
            gear_stock,
        });
    }
    if rng.chance(0.5) {
        stations.sort_by(|a, b| a.id.cmp(&b.id));
    }

    let programmes = template
        .programmes
        .clone()
        .filter(|_| optional && rng.chance(0.7))
        .map(|mut p| {
            // The sample's events, moved to stations of this catalogue (none without stations).
            let ids: Vec<String> = stations.iter().map(|s| s.id.to_string()).collect();
            if ids.is_empty() {
                p.events.clear();
            }
            for e in &mut p.events {
                e.station = ids.get(rng.below(ids.len())).cloned().unwrap_or_default();
            }
            p
        });
    let holiday_years = (optional && rng.chance(0.5)).then(|| {
        serde_json::json!({
            "year": 2031,
            "source": "test data (not an official notice)",
            "holidays": [{"code": "national_day", "name_zh": "国庆节", "name_en": "National Day",
                          "days_off": ["2031-10-01", "2031-10-02", "2031-10-03"]}]
        })
    });
    let product_catalogue = if programmes.is_some() || (optional && rng.chance(0.5)) {
        template.product_catalogue.clone()
    } else {
        None
    };
    let (partners, themes, seasons) = if optional {
        (
            template.partners.clone(),
            template.themes.clone(),
            template.seasons.clone(),
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };

    Ok(CatalogueDocument {
        schema_version: template.schema_version,
        version: text(&mut rng, TextRole::Id, "varied", config.outlets),
        sample: rng.chance(0.5),
        network: crate::org::Network {
            id: text(&mut rng, TextRole::Id, "net", 0),
            name_zh: text(&mut rng, TextRole::Name, "网络", 0),
            name_en: text(&mut rng, TextRole::Name, "Network", 0),
        },
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
    })
}

// ---------------------------------------------------------------------------------------------
// Hostile inputs: the worst shapes of catalogue JSON we know of, at any size.

/// One worst shape: its name and a function that writes a catalogue of about `bytes` bytes.
pub type HostileShape = (&'static str, fn(usize) -> String);

/// The head of every hostile catalogue: a valid catalogue object, left open for more members.
pub const HOSTILE_HEAD: &str = r#"{"schema_version": 1, "version": "v1", "network": {"id": "n", "name_zh": "网", "name_en": "Net"}"#;

const ALL_LISTS: [&str; 7] = [
    "branches", "outlets", "partners", "themes", "seasons", "services", "stations",
];

/// A JSON list of `record(i)` for as many `i` as fit in `bytes`.
pub fn hostile_list(bytes: usize, record: impl Fn(usize) -> String) -> String {
    let mut s = String::from("[");
    let mut i = 0;
    while s.len() < bytes {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&record(i));
        i += 1;
    }
    s.push(']');
    s
}

/// A catalogue whose `lists` members share `bytes` of `record`s.
fn hostile_catalogue(bytes: usize, lists: &[&str], record: impl Fn(usize) -> String) -> String {
    let each = bytes / lists.len().max(1);
    let mut s = String::from(HOSTILE_HEAD);
    for name in lists {
        s.push_str(&format!(r#", "{name}": {}"#, hostile_list(each, &record)));
    }
    s.push('}');
    s
}

/// The worst shapes of catalogue JSON we know of, for the bounded-work tests and the
/// `worst_shapes` bench: tiny bad records in every list (a problem each), records that share
/// one id (a duplicate each), stations whose references all fail, outlets with a problem in
/// every field, lists of lists, a product catalogue and holiday years just under their size
/// limits (the parts still read through `serde_json::Value`), one object with many members.
pub fn hostile_shapes() -> Vec<HostileShape> {
    vec![
        ("tiny bad records in all 7 lists", |n| {
            hostile_catalogue(n, &ALL_LISTS, |_| "{}".into())
        }),
        ("bad records with ids in all 7 lists", |n| {
            hostile_catalogue(n, &ALL_LISTS, |i| {
                format!(r#"{{"id":"b{i}","code":"c{i}"}}"#)
            })
        }),
        ("branches that all share one id", |n| {
            hostile_catalogue(n, &["branches"], |_| {
                r#"{"id":"x","level":"provincial","name_zh":"省","name_en":"P"}"#.into()
            })
        }),
        ("stations of unknown outlets", |n| {
            hostile_catalogue(n, &["stations"], |i| {
                format!(
                    r#"{{"id":"s{i}","outlet":"o{i}","lifecycle":[],"hours":"Mo 09:00-10:00","services":["a","b","c"]}}"#
                )
            })
        }),
        ("outlets with a problem in every field", |n| {
            hostile_catalogue(n, &["outlets"], |i| {
                format!(
                    r#"{{"id":"o{i}","branch":"?","name_zh":"","name_en":"","location":{{"lat":1,"lon":1,"datum":"gcj02"}}}}"#
                )
            })
        }),
        ("lists of small numbers", |n| {
            hostile_catalogue(n, &["stations"], |_| "[0,0,0,0,0,0,0,0,0,0]".into())
        }),
        (
            "a product catalogue just under its limit, then bad stations",
            |n| {
                let products =
                    hostile_list(crate::catalogue::MAX_PRODUCT_CATALOGUE_BYTES - 100, |_| {
                        "{}".into()
                    });
                let stations = hostile_list(n.saturating_sub(products.len()), |i| {
                    format!(r#"{{"id":"s{i:012}"}}"#)
                });
                format!(
                    r#"{HOSTILE_HEAD}, "product_catalogue": {{"version": "1", "rule_sets": [], "products": {products}}}, "stations": {stations}}}"#
                )
            },
        ),
        (
            "holiday years just under their limit, then bad stations",
            |n| {
                let years = hostile_list(crate::catalogue::MAX_HOLIDAY_YEARS_BYTES - 100, |_| {
                    "{}".into()
                });
                let stations = hostile_list(n.saturating_sub(years.len()), |i| {
                    format!(r#"{{"id":"s{i:012}"}}"#)
                });
                format!(r#"{HOSTILE_HEAD}, "holiday_years": {years}, "stations": {stations}}}"#)
            },
        ),
        ("a product catalogue over its limit", |n| {
            format!(
                r#"{HOSTILE_HEAD}, "product_catalogue": {{"version": "1", "rule_sets": [], "products": {}}}}}"#,
                hostile_list(n, |_| "{}".into())
            )
        }),
        ("one object with many members", |n| {
            let mut s = String::from(HOSTILE_HEAD);
            let mut i = 0;
            while s.len() < n {
                s.push_str(&format!(r#", "k{i}": 0"#));
                i += 1;
            }
            s.push('}');
            s
        }),
    ]
}
