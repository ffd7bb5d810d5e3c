//! Matching: which products to show a courier, in which order, and why.
//!
//! Hard filters first: eligibility (every product's rule set, suitability included), products
//! already held, and the extra care owed to senior investors (high-risk products are not
//! auto-recommended from the senior age on). The remaining products are ranked by points, each
//! factor with its reason; ties keep catalogue order, so the result is deterministic.
//!
//! Non-personalised mode (requested, or forced by the courier's opt-out, as the Personal
//! Information Protection Law art. 24 requires of automated recommendations) uses the profile
//! for legal eligibility only: no stated need, occupation or holding affects the order.

use std::collections::BTreeSet;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use chrono::NaiveDate;

use crate::eligibility::{
    date_in, eligible_on, eval_leaf, evaluate_in, minute_in, plan_set, render, run_planned,
    run_planned_shared, shared_refs, Benefit, CheckStatus, CompiledRuleSet, Criterion,
    CriterionKind, CriterionRecord, Decision, DecisionParts, DecisionStamp, Eligibility,
    EvaluationContext, Facts, HeldBits, Hint, Langs, Later, LimitWindow, LocalizedText, Node,
    Notice, NoticeCode, Op, Parameters, Pass, PlannedRule, ReasonCode, RecordBuf, Records,
    RenderEnv, Rendered, Rule, RuleOutcomes, RuleStatus, NO_SLOT,
};
use crate::lang::Lang;
use crate::products::{LoanTerms, Product, ProductCatalogue, ProductKind, RiskRating};
use crate::profile::{CourierProfile, Need, Occupation, ProfileField};
use crate::time::{china_date, to_china, ChinaTime};
use crate::words;
use crate::words::matching as M;

/// Points for each stated need a product serves.
const NEED_POINTS: i64 = 30;
/// Points for a product designed for the courier's occupation.
const OCCUPATION_POINTS: i64 = 20;

/// Options of [`match_products`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchOptions {
    /// Rank by the courier's needs and profile (ignored when the courier opted out).
    pub personalised: bool,
    /// Only these kinds (all kinds when empty).
    pub kinds: Vec<ProductKind>,
    /// At most this many recommendations (not negative: `Catalogue::match_products` and the
    /// JSON API refuse a negative limit; `Matcher::explain` recommends none).
    #[serde(deserialize_with = "crate::json::count::opt")]
    pub limit: Option<i32>,
    /// The language of the answer's texts: absent (the default) for zh-CN and en both; with
    /// `zh-CN` or `en`, every text of the answer (names, summaries, messages, hints, notices,
    /// reasons) is rendered in that language only and the other language's field of each
    /// [`LocalizedText`] is the empty string. The shape of the answer stays the same, and the
    /// texts in the language asked for are exactly those of the answer in both languages.
    pub lang: Option<Lang>,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            personalised: true,
            kinds: Vec::new(),
            limit: None,
            lang: None,
        }
    }
}

/// Why a product is not recommended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// The courier is not eligible (see the decision).
    Ineligible,
    /// Eligibility is unknown for missing inputs (see the decision).
    Unknown,
    /// The courier already holds it.
    AlreadyHeld,
    /// A high-risk product is not auto-recommended to a senior investor (still eligible).
    SeniorHighRisk,
}

/// A reason for not recommending a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// The reason.
    pub reason: ExclusionReason,
    /// Explanation in zh-CN and en.
    pub message: LocalizedText,
}

/// A ranking factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorCode {
    /// The catalogue's priority of the product (not personal).
    CataloguePriority,
    /// The product serves a need the courier stated.
    StatedNeed,
    /// The product was designed for the courier's occupation.
    DesignedForOccupation,
}

/// One contribution to a product's score, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankingFactor {
    /// What it is.
    pub code: FactorCode,
    /// Points added.
    pub points: i64,
    /// Explanation in zh-CN and en.
    pub message: LocalizedText,
}

/// The cooling-off period of a private product bought at the as-of instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoolingOff {
    /// Length in hours.
    pub hours: i32,
    /// When it ends, for a purchase at the as-of instant (China time; at most chrono's last
    /// instant, in UTC, when the period would end past it).
    pub ends_at: ChinaTime,
}

/// One product in a match result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchEntry {
    /// Product id.
    pub product_id: SmolStr,
    /// Kind.
    pub kind: ProductKind,
    /// Name.
    pub name: LocalizedText,
    /// Summary.
    pub summary: LocalizedText,
    /// 1-based rank among recommendations (absent when excluded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<i32>,
    /// Sum of the factors' points.
    pub score: i64,
    /// Why it ranks where it does.
    pub factors: Vec<RankingFactor>,
    /// Why it is not recommended (absent when recommended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusion: Option<Exclusion>,
    /// The eligibility decision, fully explained.
    pub decision: Decision,
    /// The risk rating that applies (wealth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_rating: Option<RiskRating>,
    /// The investor is at or above the senior age: sell with extra care.
    pub extra_care: bool,
    /// Cooling-off period (private wealth products).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooling_off: Option<CoolingOff>,
    /// Amount limits (micro-loans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan: Option<LoanTerms>,
    /// Notices about this product (cooling-off, extra care).
    pub notices: Vec<Notice>,
}

/// Versions and instant a match was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchStamp {
    /// Version of the station catalogue.
    pub catalogue_version: SmolStr,
    /// Version of the product catalogue.
    pub product_catalogue_version: SmolStr,
    /// Instant of evaluation, in China time (+08:00) whatever offset it was asked in.
    pub as_of: ChinaTime,
}

/// Ranked recommendations and the products left out, each with reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchResult {
    /// Versions and instant.
    pub stamp: MatchStamp,
    /// Whether the order used the profile beyond eligibility.
    pub personalised: bool,
    /// Recommended products, best first.
    pub recommended: Vec<MatchEntry>,
    /// Products not recommended, in catalogue order, each with its exclusion.
    pub excluded: Vec<MatchEntry>,
    /// Notices about the whole result.
    pub notices: Vec<Notice>,
}

/// Matches the catalogue's products to a courier as of `ctx.as_of`.
///
/// `ctx.parameters` should be `&catalogue.parameters` (see [`ProductCatalogue::context`]).
/// This compiles the rule sets for the one call; to match many couriers, build a [`Matcher`]
/// once and use [`Matcher::explain`] (the same answers, rendered to text only when asked).
///
/// ```
/// use std::collections::BTreeSet;
/// use waystation::matching::{match_products, MatchOptions};
/// use waystation::products::ProductCatalogue;
/// use waystation::profile::CourierProfile;
/// let catalogue = ProductCatalogue::sample().unwrap();
/// let profile = CourierProfile::from_json(r#"{"resident_id": "110105199003071239",
///     "occupation": "express_courier", "kyc_level": "basic", "held_products": [],
///     "needs": ["pay"]}"#).unwrap();
/// let units = BTreeSet::new();
/// let as_of = chrono::DateTime::parse_from_rfc3339("2026-06-01T09:00:00+08:00").unwrap();
/// let ctx = catalogue.context(as_of, &units, "stations-2026.1");
/// let result = match_products(&catalogue, &profile, &ctx, &MatchOptions::default());
/// assert_eq!(result.recommended[0].product_id, "courier_debit_card");
/// ```
pub fn match_products(
    catalogue: &ProductCatalogue,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
    options: &MatchOptions,
) -> MatchResult {
    Matcher::new(
        catalogue,
        ctx.parameters,
        ctx.member_units,
        ctx.catalogue_version,
    )
    .explain(profile, ctx.as_of, options)
    .to_match_result()
}

/// The eligibility decision for one product: its rule set in effect on the as-of date,
/// evaluated for the profile (a product without a rule set in effect is not offered).
pub fn product_decision(
    catalogue: &ProductCatalogue,
    product: &Product,
    profile: &CourierProfile,
    ctx: &EvaluationContext<'_>,
) -> Decision {
    match catalogue.rule_set_for(&product.rule_set_id, china_date(&ctx.as_of)) {
        Some(rule_set) => evaluate_in(rule_set, &product.facts(), profile, ctx, Some(catalogue)),
        None => not_offered(product, ctx),
    }
}

/// One product, compiled: where its rule set versions are and what its criteria read.
#[derive(Debug, Clone)]
struct CompiledProduct<'a> {
    /// The product's id, as every answer about it carries it (made once).
    id: SmolStr,
    /// Indices of the compiled versions of its rule set, in catalogue order.
    versions: Vec<usize>,
    benefit: Benefit<'a>,
    /// Needs served, one bit per [`Need`].
    needs: u8,
    /// Index of its id in the courier's held-product bits.
    held_index: Option<u32>,
    /// Occupations it was designed for, one bit per [`Occupation`] (see `occupation_mask`).
    designed_for: u64,
}

/// What a shared leaf reads besides the courier's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Reads<'a> {
    Facts,
    /// The benefit's risk rating (suitability).
    Rating(Option<RiskRating>),
    /// The benefit's covered occupation classes.
    Classes(&'a [u8]),
}

/// Most source criteria one shared slot gives memo indices to (see `Matcher::new`).
const MAX_MEMO_VARIANTS: usize = 8;

fn occupation_mask(o: Occupation) -> u64 {
    1u64.checked_shl(o as u32).unwrap_or(0)
}

/// FNV-1a: a fast hash for the few short product ids looked up per courier (the table is built
/// from the catalogue; lookups never insert).
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Source of [`Matcher`] ids: a plan cached in [`MatchBuffers`] is reused only by the matcher
/// (or a clone of it) that made it.
static NEXT_MATCHER_ID: AtomicU64 = AtomicU64::new(1);

/// The products' rule sets planned for one date by one matcher (see [`plan_set`]).
#[derive(Debug, Default, Clone)]
struct Plan {
    /// Matcher id and date planned for (none: nothing planned yet).
    key: Option<(u64, NaiveDate)>,
    /// Per product of the catalogue: its rule set in effect, whether that set is in effect,
    /// and its rules' range in `rules`.
    products: Vec<(Option<usize>, bool, (usize, usize))>,
    rules: Vec<PlannedRule>,
    /// Per product: when its rules in effect are all shared leaves, their references' range
    /// in `refs` (see [`shared_refs`]).
    shared: Vec<Option<(usize, usize)>>,
    refs: Vec<u32>,
}

fn need_bit(need: Need) -> u8 {
    1u8 << (need as u8)
}

/// The product catalogue compiled for matching many couriers: rule sets flattened with their
/// thresholds resolved, products indexed. Build it once (e.g. [`Catalogue::matcher`](crate::catalogue::Catalogue::matcher)) and call
/// [`Matcher::explain`] per courier; it borrows the catalogue and never changes.
///
/// ```
/// use waystation::catalogue::Catalogue;
/// use waystation::lang::Lang;
/// use waystation::matching::MatchOptions;
/// use waystation::profile::CourierProfile;
/// let c = Catalogue::sample().unwrap();
/// let matcher = c.matcher().unwrap();
/// let courier = CourierProfile::from_json(r#"{"resident_id": "110105199003071239",
///     "occupation": "express_courier", "kyc_level": "basic", "held_products": [],
///     "needs": ["pay"]}"#).unwrap();
/// let at = chrono::DateTime::parse_from_rfc3339("2026-06-01T09:00:00+08:00").unwrap();
/// let explained = matcher.explain(&courier, at, &MatchOptions::default());
/// let first = explained.recommended().next().unwrap();
/// assert_eq!(first.product().id, "courier_debit_card");
/// // Reasons are codes and values; text only when asked for.
/// let wealth = explained.excluded().find(|p| p.product().id == "wealth_cash_r1").unwrap();
/// assert!(wealth.criteria().any(|c| !c.message(Lang::En).is_empty()));
/// // Rendered in full, it is exactly `Catalogue::match_products`.
/// assert_eq!(explained.to_match_result(),
///            c.match_products(&courier, at, &MatchOptions::default()).unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct Matcher<'a> {
    /// Identifies the plans this matcher made (clones share it: they plan the same).
    id: u64,
    catalogue: &'a ProductCatalogue,
    params: &'a Parameters,
    member_units: &'a BTreeSet<String>,
    catalogue_version: SmolStr,
    sets: Vec<CompiledRuleSet<'a>>,
    products: Vec<CompiledProduct<'a>>,
    /// Product ids with their index in the courier's held-product bits.
    held_index: HashMap<&'a str, u32, BuildHasherDefault<Fnv>>,
    /// One node per slot of shared leaf outcomes (copied: read together for every courier),
    /// with the benefit it reads.
    shared: Vec<(Node<'a>, Benefit<'a>)>,
    nodes: usize,
    /// How many memo indices the nodes use (see `render::Rendered`).
    memos: usize,
    /// How many memo indices the rules use (see `render::Rendered`).
    rule_memos: usize,
    /// The product catalogue's version, as every answer's stamp carries it (made once).
    product_catalogue_version: SmolStr,
}

impl<'a> Matcher<'a> {
    /// Compiles `catalogue` for matching with `parameters` (normally `&catalogue.parameters`),
    /// the partner association's `member_units` and the station catalogue's version.
    pub fn new(
        catalogue: &'a ProductCatalogue,
        parameters: &'a Parameters,
        member_units: &'a BTreeSet<String>,
        catalogue_version: &'a str,
    ) -> Matcher<'a> {
        // Each distinct id gets the index of its first product, while the bits have room.
        let mut product_ids: Vec<(&'a str, u32)> = Vec::new();
        for (i, p) in catalogue.products.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            if i >= HeldBits::CAPACITY {
                break;
            }
            if let Err(at) = product_ids.binary_search_by(|(id, _)| (*id).cmp(p.id.as_str())) {
                product_ids.insert(at, (p.id.as_str(), i));
            }
        }
        let index_of = |id: &str| -> Option<u32> {
            product_ids
                .binary_search_by(|(x, _)| (*x).cmp(id))
                .ok()
                .and_then(|at| product_ids.get(at))
                .map(|(_, i)| *i)
        };
        // Each product gets its own compiled copy of its rule set's versions, so that criteria
        // reading the benefit (suitability, occupation classes) can share outcomes too.
        let mut sets: Vec<CompiledRuleSet<'a>> = Vec::new();
        let mut products: Vec<CompiledProduct<'a>> = Vec::with_capacity(catalogue.products.len());
        for p in &catalogue.products {
            let mut versions = Vec::new();
            for rs in catalogue
                .rule_sets
                .iter()
                .filter(|rs| rs.id == p.rule_set_id)
            {
                let mut set = CompiledRuleSet::new(rs, parameters);
                set.resolve_products(index_of);
                versions.push(sets.len());
                sets.push(set);
            }
            products.push(CompiledProduct {
                id: SmolStr::new(&p.id),
                versions,
                benefit: Benefit {
                    rating: p.effective_risk_rating(),
                    classes: p
                        .insurance
                        .as_ref()
                        .map_or(&[][..], |i| i.covered_occupation_classes.as_slice()),
                },
                needs: p.needs.iter().fold(0u8, |m, n| m | need_bit(*n)),
                held_index: index_of(&p.id),
                designed_for: p
                    .designed_for
                    .iter()
                    .fold(0u64, |m, o| m | occupation_mask(*o)),
            });
        }
        // Equal leaves (same kind, same resolved thresholds, same benefit facts read) are
        // evaluated once per courier.
        let mut slots: std::collections::HashMap<(Op, Reads<'a>), u32> =
            std::collections::HashMap::new();
        let mut shared: Vec<(Node<'a>, Benefit<'a>)> = Vec::new();
        for product in &products {
            for &i in &product.versions {
                let Some(set) = sets.get_mut(i) else {
                    continue;
                };
                for node in &mut set.nodes {
                    let reads = match node.op {
                        Op::Grade => Reads::Rating(product.benefit.rating),
                        Op::OccupationClass => Reads::Classes(product.benefit.classes),
                        op if op.shareable() => Reads::Facts,
                        _ => continue,
                    };
                    let next = u32::try_from(shared.len()).unwrap_or(NO_SLOT);
                    if next == NO_SLOT {
                        break;
                    }
                    let slot = *slots.entry((node.op, reads)).or_insert(next);
                    if slot == next {
                        shared.push((node.clone(), product.benefit));
                    }
                    node.slot = slot;
                }
            }
        }
        // Nodes that render alike for any courier (same slot, same source criterion, same
        // negation) share a memo index: worded once per answer (see `render::Rendered`). A slot
        // keeps at most MAX_MEMO_VARIANTS source criteria (compared by value); nodes beyond are
        // worded where they stand, so that this stays linear in the catalogue's size whatever
        // it spells alike.
        let mut variants: Vec<Vec<(bool, &'a Criterion, u32)>> = Vec::new();
        variants.resize_with(shared.len(), Vec::new);
        let mut memos = 0u32;
        for set in &mut sets {
            for node in &mut set.nodes {
                let Some(seen) = usize::try_from(node.slot)
                    .ok()
                    .and_then(|i| variants.get_mut(i))
                else {
                    continue;
                };
                let found = seen.iter().find(|(negated, src, _)| {
                    *negated == node.negated && (std::ptr::eq(*src, node.src) || **src == *node.src)
                });
                node.memo = match found {
                    Some((_, _, memo)) => *memo,
                    None if memos < NO_SLOT && seen.len() < MAX_MEMO_VARIANTS => {
                        seen.push((node.negated, node.src, memos));
                        memos += 1;
                        memos - 1
                    }
                    None => NO_SLOT,
                };
            }
        }
        // Rules that are one such leaf and are stated alike (same id, description and source,
        // compared by value, at most MAX_MEMO_VARIANTS per leaf) share one outcome per answer:
        // every decision holds a reference to it.
        let mut rule_variants: Vec<Vec<(&'a Rule, u32)>> = Vec::new();
        rule_variants.resize_with(usize::try_from(memos).unwrap_or(0), Vec::new);
        let mut rule_memos = 0u32;
        for set in &mut sets {
            let CompiledRuleSet { rules, nodes, .. } = set;
            for rule in rules.iter_mut() {
                let Some([node]) = nodes.get(rule.start..rule.end) else {
                    continue;
                };
                let Some(seen) = usize::try_from(node.memo)
                    .ok()
                    .and_then(|i| rule_variants.get_mut(i))
                else {
                    continue;
                };
                let alike = |r: &Rule| {
                    std::ptr::eq(r, rule.rule)
                        || (r.id == rule.rule.id
                            && r.description == rule.rule.description
                            && r.source == rule.rule.source)
                };
                rule.memo = match seen.iter().find(|(r, _)| alike(r)) {
                    Some((_, memo)) => *memo,
                    None if rule_memos < NO_SLOT && seen.len() < MAX_MEMO_VARIANTS => {
                        seen.push((rule.rule, rule_memos));
                        rule_memos += 1;
                        rule_memos - 1
                    }
                    None => NO_SLOT,
                };
            }
        }
        let nodes = sets.iter().map(|s| s.nodes.len()).sum();
        Matcher {
            id: NEXT_MATCHER_ID.fetch_add(1, Ordering::Relaxed),
            catalogue,
            params: parameters,
            member_units,
            catalogue_version: SmolStr::new(catalogue_version),
            sets,
            products,
            held_index: product_ids.iter().copied().collect(),
            shared,
            nodes,
            memos: usize::try_from(memos).unwrap_or(0),
            rule_memos: usize::try_from(rule_memos).unwrap_or(0),
            product_catalogue_version: SmolStr::new(&catalogue.version),
        }
    }

    /// The courier's held products as bits over this catalogue's products.
    fn held_bits(&self, profile: &CourierProfile) -> HeldBits {
        let mut bits = HeldBits::default();
        for id in profile.held_products.iter().flatten() {
            if let Some(i) = self.held_index.get(id.as_str()) {
                bits.insert(*i);
            }
        }
        bits
    }

    /// The product catalogue matched against.
    pub fn catalogue(&self) -> &'a ProductCatalogue {
        self.catalogue
    }

    /// The compiled version of a product's rule set in effect on `date` (as
    /// [`ProductCatalogue::rule_set_for`]: the latest starting one if several).
    fn set_for(&self, product: &CompiledProduct<'a>, date: NaiveDate) -> Option<usize> {
        let mut best: Option<(usize, Option<NaiveDate>)> = None;
        for &i in &product.versions {
            let Some(set) = self.sets.get(i) else {
                continue;
            };
            if set.in_effect_on(date) && best.is_none_or(|(_, from)| set.from >= from) {
                best = Some((i, set.from));
            }
        }
        best.map(|(i, _)| i)
    }

    /// Matches the products to a courier as of `as_of`: every decision, exclusion and ranking
    /// as [`match_products`] gives them, with each criterion's outcome kept as a code and
    /// typed values. Text (messages, hints, summaries, dates of eligibility) is rendered only
    /// when asked for, e.g. [`MatchExplanation::to_match_result`].
    pub fn explain<'s>(
        &'s self,
        profile: &'s CourierProfile,
        as_of: ChinaTime,
        options: &MatchOptions,
    ) -> MatchExplanation<'s> {
        self.explain_reusing(profile, as_of, options, MatchBuffers::default())
    }

    /// Like [`Matcher::explain`], writing into the buffers of a previous explanation (see
    /// [`MatchExplanation::into_buffers`]) so that matching many couriers allocates nothing
    /// once the buffers have grown.
    pub fn explain_reusing<'s>(
        &'s self,
        profile: &'s CourierProfile,
        as_of: ChinaTime,
        options: &MatchOptions,
        buffers: MatchBuffers,
    ) -> MatchExplanation<'s> {
        let MatchBuffers {
            mut records,
            mut statuses,
            mut entries,
            mut ranking,
            mut plan,
        } = buffers;
        records.clear();
        statuses.clear();
        entries.clear();
        ranking.clear();
        records.refs.reserve(self.nodes);
        let facts = Facts::new(profile, as_of, self.params, self.member_units);
        let held = self.held_bits(profile);
        {
            let pass = Pass {
                facts: &facts,
                benefit: Benefit {
                    rating: None,
                    classes: &[],
                },
                held: Some(&held),
                shared: 0,
            };
            // The pool starts with one record per slot, in slot order.
            records
                .pool
                .extend(self.shared.iter().map(|(node, benefit)| {
                    eval_leaf(
                        node,
                        Pass {
                            benefit: *benefit,
                            ..pass
                        },
                    )
                }));
        }
        let shared = records.pool.len();
        records.index_shared();
        if plan.key != Some((self.id, facts.today)) {
            self.make_plan(&mut plan, facts.today);
        }
        let personalised = options.personalised && !profile.personalisation_opt_out;
        let senior = facts.birth.is_some() && facts.age >= i64::from(self.params.senior_age);
        let wanted_needs = profile.needs.iter().fold(0u8, |m, n| m | need_bit(*n));
        for (index, (product, compiled)) in self
            .catalogue
            .products
            .iter()
            .zip(&self.products)
            .enumerate()
        {
            if !options.kinds.is_empty() && !options.kinds.contains(&product.kind) {
                continue;
            }
            let (set, planned_in_effect, (a, b)) =
                plan.products
                    .get(index)
                    .copied()
                    .unwrap_or((None, true, (0, 0)));
            let planned = plan.rules.get(a..b).unwrap_or(&[]);
            let (record_start, rule_start) = (records.refs.len(), statuses.len());
            // Rules that are all shared leaves: their references are the plan's.
            let shared_refs = plan.shared.get(index).copied().flatten();
            let (status, set_in_effect) = match (set.and_then(|i| self.sets.get(i)), shared_refs) {
                (Some(_), Some(_)) => {
                    run_planned_shared(planned, planned_in_effect, &records, &mut statuses)
                }
                (Some(s), None) => run_planned::<true>(
                    s,
                    planned,
                    planned_in_effect,
                    Pass {
                        facts: &facts,
                        benefit: compiled.benefit,
                        held: Some(&held),
                        shared,
                    },
                    &mut records,
                    &mut statuses,
                ),
                (None, _) => (Eligibility::Ineligible, true),
            };
            let rating = compiled.benefit.rating;
            let exclusion = match status {
                Eligibility::Ineligible => Some(ExclusionReason::Ineligible),
                Eligibility::Unknown => Some(ExclusionReason::Unknown),
                Eligibility::Eligible
                    if personalised
                        && profile.held_products.as_ref().is_some_and(|h| {
                            compiled
                                .held_index
                                .map_or_else(|| h.contains(&product.id), |i| held.contains(i))
                        }) =>
                {
                    Some(ExclusionReason::AlreadyHeld)
                }
                Eligibility::Eligible
                    if senior
                        && rating
                            .is_some_and(|r| r > self.params.senior_max_recommended_rating) =>
                {
                    Some(ExclusionReason::SeniorHighRisk)
                }
                Eligibility::Eligible => None,
            };
            let mut score = i64::from(product.priority);
            if personalised {
                let needs = (compiled.needs & wanted_needs).count_ones();
                score = score.saturating_add(NEED_POINTS.saturating_mul(i64::from(needs)));
                if profile
                    .occupation
                    .is_some_and(|o| compiled.designed_for & occupation_mask(o) != 0)
                {
                    score = score.saturating_add(OCCUPATION_POINTS);
                }
            }
            entries.push(EntryRecord {
                product: index,
                set,
                status,
                set_in_effect,
                records: match shared_refs {
                    Some((a, b)) => RecordsAt::Plan(a, b),
                    None => RecordsAt::Buffer(record_start, records.refs.len()),
                },
                rules: (rule_start, statuses.len()),
                exclusion,
                score,
                rank: None,
            });
        }
        ranking.extend(
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.exclusion.is_none())
                .map(|(i, e)| (e.score, i)),
        );
        // Highest score first; ties keep catalogue order.
        // (Indices are distinct: an unstable sort gives the same order.)
        sort_ranking(&mut ranking);
        // No limit: all; a negative one (refused by `Catalogue::match_products` and the JSON
        // API): none.
        let limit = options
            .limit
            .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(0));
        ranking.truncate(limit);
        for (rank, (_, i)) in ranking.iter().enumerate() {
            if let Some(e) = entries.get_mut(*i) {
                e.rank = i32::try_from(rank + 1).ok();
            }
        }
        MatchExplanation {
            matcher: self,
            facts,
            held,
            as_of,
            personalised,
            senior,
            langs: Langs(options.lang),
            entries,
            ranking,
            records,
            statuses,
            plan,
        }
    }

    /// Plans every product's rule set for `date` into `plan`.
    fn make_plan(&self, plan: &mut Plan, date: NaiveDate) {
        plan.products.clear();
        plan.rules.clear();
        plan.shared.clear();
        plan.refs.clear();
        for compiled in &self.products {
            let set = self.set_for(compiled, date);
            let start = plan.rules.len();
            let in_effect = match set.and_then(|i| self.sets.get(i)) {
                Some(s) => plan_set(s, date, &mut plan.rules),
                None => true,
            };
            plan.products
                .push((set, in_effect, (start, plan.rules.len())));
            let planned = plan.rules.get(start..).unwrap_or(&[]);
            let at = plan.refs.len();
            let all_shared =
                set.is_some() && shared_refs(planned, self.shared.len(), &mut plan.refs);
            let end = plan.refs.len();
            plan.shared.push(all_shared.then_some((at, end)));
        }
        plan.key = Some((self.id, date));
    }
}

/// Sorts `(score, entry index)` pairs: highest score first, ties by index (catalogue order).
/// The scores are replaced by sort keys (only the order and the indices are read after).
fn sort_ranking(ranking: &mut [(i64, usize)]) {
    // Common case: the pair packs into one integer whose order is the order wanted
    // (`i32::MAX - score` is below 2^32 and the index below 2^31, so the key is below 2^63).
    let key = |(score, index): (i64, usize)| -> Option<i64> {
        let score = i64::from(i32::try_from(score).ok()?);
        let index = i64::try_from(index).ok().filter(|i| *i < (1 << 31))?;
        Some((i64::from(i32::MAX) - score) * (1 << 31) + index)
    };
    if ranking.iter().all(|e| key(*e).is_some()) {
        for e in ranking.iter_mut() {
            e.0 = key(*e).unwrap_or(i64::MAX);
        }
        ranking.sort_unstable_by_key(|e| e.0);
    } else {
        ranking.sort_unstable_by(|(sa, ia), (sb, ib)| sb.cmp(sa).then(ia.cmp(ib)));
    }
}

/// Buffers of a [`MatchExplanation`], to be reused by [`Matcher::explain_reusing`].
#[derive(Debug, Default)]
pub struct MatchBuffers {
    records: RecordBuf,
    statuses: Vec<RuleStatus>,
    entries: Vec<EntryRecord>,
    ranking: Vec<(i64, usize)>,
    plan: Plan,
}

/// Where the references to a product's records are: `records.refs[a..b]` of the explanation,
/// or `plan.refs[a..b]` (rules that are all shared leaves refer to the same slots for every
/// courier).
#[derive(Debug, Clone, Copy)]
enum RecordsAt {
    Buffer(usize, usize),
    Plan(usize, usize),
}

/// The outcome for one product, as recorded by [`Matcher::explain`].
#[derive(Debug, Clone, Copy)]
struct EntryRecord {
    product: usize,
    set: Option<usize>,
    status: Eligibility,
    set_in_effect: bool,
    records: RecordsAt,
    rules: (usize, usize),
    exclusion: Option<ExclusionReason>,
    score: i64,
    rank: Option<i32>,
}

/// A match with every reason kept as codes and typed values, rendered to text on demand.
///
/// The same decisions, exclusions, ranking and notices as [`match_products`];
/// [`MatchExplanation::to_match_result`] renders all of it to exactly that result.
pub struct MatchExplanation<'s> {
    matcher: &'s Matcher<'s>,
    facts: Facts<'s>,
    held: HeldBits,
    as_of: ChinaTime,
    personalised: bool,
    senior: bool,
    /// The languages the texts are rendered in (`MatchOptions::lang`).
    langs: Langs,
    entries: Vec<EntryRecord>,
    ranking: Vec<(i64, usize)>,
    /// Per criterion, a reference into a pool that starts with the shared leaves' outcomes.
    records: RecordBuf,
    statuses: Vec<RuleStatus>,
    plan: Plan,
}

impl std::fmt::Debug for MatchExplanation<'_> {
    /// Products and decisions only: the courier's facts are personal and not shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatchExplanation")
            .field("as_of", &self.as_of)
            .field("personalised", &self.personalised)
            .field(
                "recommended",
                &self
                    .recommended()
                    .map(|p| p.product().id.as_str())
                    .collect::<Vec<_>>(),
            )
            .field(
                "excluded",
                &self
                    .excluded()
                    .map(|p| (p.product().id.as_str(), p.exclusion()))
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl<'s> MatchExplanation<'s> {
    /// Whether the order used the profile beyond eligibility.
    pub fn personalised(&self) -> bool {
        self.personalised
    }

    /// The instant of evaluation.
    pub fn as_of(&self) -> ChinaTime {
        self.as_of
    }

    /// Whether the courier is at or above the senior age.
    pub fn senior(&self) -> bool {
        self.senior
    }

    fn wrap<'e>(&'e self, entry: &'e EntryRecord) -> Option<ProductExplanation<'e, 's>> {
        let product = self.matcher.catalogue.products.get(entry.product)?;
        let id = &self.matcher.products.get(entry.product)?.id;
        Some(ProductExplanation {
            explanation: self,
            entry,
            product,
            id,
        })
    }

    /// Recommended products, best first.
    pub fn recommended(&self) -> impl Iterator<Item = ProductExplanation<'_, 's>> + '_ {
        self.ranking
            .iter()
            .filter_map(|(_, i)| self.entries.get(*i))
            .filter_map(|e| self.wrap(e))
    }

    /// Products not recommended, in catalogue order, each with its exclusion.
    pub fn excluded(&self) -> impl Iterator<Item = ProductExplanation<'_, 's>> + '_ {
        self.entries
            .iter()
            .filter(|e| e.exclusion.is_some())
            .filter_map(|e| self.wrap(e))
    }

    /// Every product considered (recommended, excluded, or beyond the limit), in catalogue
    /// order.
    pub fn products(&self) -> impl Iterator<Item = ProductExplanation<'_, 's>> + '_ {
        self.entries.iter().filter_map(|e| self.wrap(e))
    }

    /// Notices about the whole result (not personalised, senior investor, assessment
    /// frequency exceeded).
    pub fn notices(&self) -> Vec<Notice> {
        let params = self.matcher.params;
        let profile = self.facts.profile;
        let langs = self.langs;
        let mut notices = Vec::new();
        if !self.personalised {
            notices.push(Notice {
                code: NoticeCode::NotPersonalised,
                message: if profile.personalisation_opt_out {
                    langs.message(&M::NOTICE_OPTED_OUT, &[])
                } else {
                    langs.message(&M::NOTICE_NOT_PERSONALISED, &[])
                },
            });
        }
        if self.senior {
            notices.push(Notice {
                code: NoticeCode::SeniorInvestorExtraCare,
                message: langs.message(
                    &M::NOTICE_SENIOR,
                    &[("age", &params.senior_age.to_string())],
                ),
            });
        }
        if let Some(e) = self.facts.excess {
            notices.push(frequency_notice(
                langs,
                e.limit.window,
                e.count,
                e.limit.max_count,
                e.clear_on,
            ));
        }
        notices
    }

    /// Everything rendered: exactly what [`match_products`] returns.
    pub fn to_match_result(&self) -> MatchResult {
        // Criteria shared by many products are worded once for the whole answer.
        let mut rendered = Rendered::with_capacity(self.matcher.memos, self.matcher.rule_memos);
        MatchResult {
            stamp: MatchStamp {
                catalogue_version: self.matcher.catalogue_version.clone(),
                product_catalogue_version: self.matcher.product_catalogue_version.clone(),
                as_of: crate::time::to_china(self.as_of),
            },
            personalised: self.personalised,
            // Sized once: entries are large, and growing the lists copies them.
            recommended: collect_exact(
                self.ranking.len(),
                self.recommended()
                    .map(|p| p.entry_with(Some(&mut rendered))),
            ),
            excluded: collect_exact(
                self.entries
                    .iter()
                    .filter(|e| e.exclusion.is_some())
                    .count(),
                self.excluded().map(|p| p.entry_with(Some(&mut rendered))),
            ),
            notices: self.notices(),
        }
    }

    /// Gives the buffers back for [`Matcher::explain_reusing`].
    pub fn into_buffers(self) -> MatchBuffers {
        MatchBuffers {
            records: self.records,
            statuses: self.statuses,
            entries: self.entries,
            ranking: self.ranking,
            plan: self.plan,
        }
    }

    fn env(&self, entry: &EntryRecord) -> RenderEnv<'_> {
        RenderEnv {
            facts: &self.facts,
            params: self.matcher.params,
            benefit: self.matcher.products.get(entry.product).map_or(
                Benefit {
                    rating: None,
                    classes: &[],
                },
                |p| p.benefit,
            ),
            products: Some(self.matcher.catalogue),
            langs: self.langs,
        }
    }
}

/// One product of a [`MatchExplanation`]: its decision as codes and values, text on demand.
#[derive(Clone, Copy)]
pub struct ProductExplanation<'e, 's> {
    explanation: &'e MatchExplanation<'s>,
    entry: &'e EntryRecord,
    product: &'s Product,
    /// The product's id as a shared string (made when the matcher was built).
    id: &'s SmolStr,
}

impl std::fmt::Debug for ProductExplanation<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProductExplanation")
            .field("product", &self.product().id)
            .field("status", &self.status())
            .field("exclusion", &self.exclusion())
            .field("rank", &self.rank())
            .field("score", &self.score())
            .finish()
    }
}

/// The criteria outcome of one rule of a product's decision.
#[derive(Clone, Copy)]
pub struct CriterionExplanation<'e, 's> {
    explanation: &'e MatchExplanation<'s>,
    entry: &'e EntryRecord,
    rule_id: &'e str,
    node: &'e Node<'s>,
    record: &'e CriterionRecord,
}

impl std::fmt::Debug for CriterionExplanation<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CriterionExplanation")
            .field("rule_id", &self.rule_id)
            .field("kind", &self.kind())
            .field("record", self.record)
            .finish()
    }
}

impl<'e, 's> CriterionExplanation<'e, 's> {
    /// Id of the rule the criterion belongs to.
    pub fn rule_id(&self) -> &'e str {
        self.rule_id
    }

    /// Kind of criterion.
    pub fn kind(&self) -> CriterionKind {
        self.node.src.kind()
    }

    /// Nesting depth (0 for the rule's criterion).
    pub fn depth(&self) -> u32 {
        self.node.depth
    }

    /// Status, reason code and the values compared.
    pub fn record(&self) -> &'e CriterionRecord {
        self.record
    }

    /// Passed, failed or unknown.
    pub fn status(&self) -> CheckStatus {
        self.record.status
    }

    /// Why.
    pub fn reason(&self) -> ReasonCode {
        self.record.reason
    }

    /// The explanation in one language.
    pub fn message(&self, lang: Lang) -> SmolStr {
        let env = self.explanation.env(self.entry);
        render::message(self.node, self.record, &env, lang)
    }

    /// What would make it pass (absent when passed, or below a `not`).
    pub fn hint(&self) -> Option<Hint> {
        let env = self.explanation.env(self.entry);
        render::hint(self.node, self.record, &env)
    }

    /// The courier's value and the required value as text (personal values masked).
    pub fn values(&self) -> (Option<SmolStr>, Option<SmolStr>) {
        let env = self.explanation.env(self.entry);
        render::values(self.node, self.record, &env, None)
    }
}

impl<'e, 's> ProductExplanation<'e, 's> {
    /// The product.
    pub fn product(&self) -> &'s Product {
        self.product
    }

    /// Eligible, ineligible or unknown.
    pub fn status(&self) -> Eligibility {
        self.entry.status
    }

    /// Why it is not recommended (none when recommended or beyond the limit).
    pub fn exclusion(&self) -> Option<ExclusionReason> {
        self.entry.exclusion
    }

    /// 1-based rank among recommendations.
    pub fn rank(&self) -> Option<i32> {
        self.entry.rank
    }

    /// Sum of the ranking factors' points (0 when not recommended: an excluded product is not
    /// ranked).
    pub fn score(&self) -> i64 {
        if self.entry.exclusion.is_some() {
            0
        } else {
            self.entry.score
        }
    }

    fn set(&self) -> Option<&'e CompiledRuleSet<'s>> {
        self.entry
            .set
            .and_then(|i| self.explanation.matcher.sets.get(i))
    }

    fn statuses(&self) -> &'e [RuleStatus] {
        let (a, b) = self.entry.rules;
        self.explanation.statuses.get(a..b).unwrap_or(&[])
    }

    fn records(&self) -> Records<'e> {
        let e = self.explanation;
        match self.entry.records {
            RecordsAt::Buffer(a, b) => e.records.view().range(a, b),
            RecordsAt::Plan(a, b) => e.records.view_of(e.plan.refs.get(a..b).unwrap_or(&[])),
        }
    }

    /// Each rule's id and status, in the order of the rule set (empty when no rule set is in
    /// effect).
    pub fn rules(&self) -> impl Iterator<Item = (&'e str, RuleStatus)> + 'e {
        let rules = self.set().map_or(&[][..], |s| s.rules.as_slice());
        rules
            .iter()
            .zip(self.statuses())
            .map(|(r, s)| (r.rule.id.as_str(), *s))
    }

    /// Every criterion evaluated, rule after rule, each in pre-order.
    pub fn criteria(&self) -> impl Iterator<Item = CriterionExplanation<'e, 's>> + 'e {
        let explanation = self.explanation;
        let entry = self.entry;
        let set = self.set();
        let rules = set.map_or(&[][..], |s| s.rules.as_slice());
        rules
            .iter()
            .zip(self.statuses())
            .filter(|(_, s)| **s != RuleStatus::NotInEffect)
            .flat_map(move |(r, _)| {
                let nodes = set.map_or(&[][..], |s| s.rule_nodes(r));
                nodes.iter().map(move |n| (r.rule.id.as_str(), n))
            })
            .zip(self.records().iter())
            .map(move |((rule_id, node), record)| CriterionExplanation {
                explanation,
                entry,
                rule_id,
                node,
                record,
            })
    }

    /// Inputs whose absence leaves the decision open, and the hints of the criteria that
    /// block it.
    pub fn blocking(&self) -> (Vec<ProfileField>, Vec<Hint>) {
        match self.set() {
            Some(set) => render::blocking(
                set,
                self.statuses(),
                self.records(),
                &self.explanation.env(self.entry),
            ),
            None => (Vec::new(), Vec::new()),
        }
    }

    /// When ineligible and only waiting is needed: the earliest date on which the courier
    /// becomes eligible (evaluated on demand).
    pub fn eligible_on(&self) -> Option<NaiveDate> {
        if self.entry.status != Eligibility::Ineligible {
            return None;
        }
        let set = self.set()?;
        let env = self.explanation.env(self.entry);
        let later = Later {
            params: self.explanation.matcher.params,
            member_units: self.explanation.matcher.member_units,
            benefit: env.benefit,
            held: Some(&self.explanation.held),
        };
        eligible_on(
            set,
            &self.explanation.facts,
            self.statuses(),
            self.records(),
            &later,
        )
    }

    /// The one-line summary of the decision in one language (as in [`Decision::summary`],
    /// with the date of eligibility when only waiting is needed).
    pub fn summary(&self, lang: Lang) -> SmolStr {
        if self.set().is_none() {
            return M::NOT_OFFERED.text(lang, &[]);
        }
        let missing = if self.entry.status == Eligibility::Unknown {
            self.blocking().0
        } else {
            Vec::new()
        };
        let failed = self
            .statuses()
            .iter()
            .filter(|s| **s == RuleStatus::Failed)
            .count();
        render::summary(
            self.entry.status,
            self.entry.set_in_effect,
            failed,
            &missing,
            self.eligible_on(),
            lang,
        )
    }

    /// The decision, fully rendered (as [`product_decision`] gives it).
    pub fn decision(&self) -> Decision {
        self.decision_with(None)
    }

    /// [`ProductExplanation::decision`], with the criterion outcomes already rendered for
    /// other products of the same answer.
    fn decision_with(&self, rendered: Option<&mut Rendered>) -> Decision {
        let m = self.explanation.matcher;
        let product = self.product();
        let Some(set) = self.set() else {
            return not_offered_at(
                self.explanation.langs,
                product,
                &m.catalogue_version,
                self.explanation.as_of,
            );
        };
        let env = self.explanation.env(self.entry);
        render::decision(
            &DecisionParts {
                set,
                benefit_id: self.id,
                statuses: self.statuses(),
                records: self.records(),
                status: self.entry.status,
                set_in_effect: self.entry.set_in_effect,
                eligible_on: self.eligible_on(),
                catalogue_version: &m.catalogue_version,
            },
            &env,
            rendered,
        )
    }

    /// The ranking factors with their reasons (none when not recommended: an excluded product
    /// is not ranked).
    pub fn factors(&self) -> Vec<RankingFactor> {
        if self.entry.exclusion.is_some() {
            return Vec::new();
        }
        ranking_factors(
            self.explanation.langs,
            self.product(),
            self.explanation.facts.profile,
            self.explanation.personalised,
        )
    }

    /// The entry of [`MatchResult`], fully rendered.
    pub fn to_entry(&self) -> MatchEntry {
        self.entry_with(None)
    }

    /// [`ProductExplanation::to_entry`], with the criterion outcomes already rendered for
    /// other products of the same answer.
    fn entry_with(&self, rendered: Option<&mut Rendered>) -> MatchEntry {
        let m = self.explanation.matcher;
        let params = m.params;
        let product = self.product();
        let as_of = self.explanation.as_of;
        let langs = self.explanation.langs;
        let decision = self.decision_with(rendered);
        let rating = product.effective_risk_rating();
        let extra_care = self.explanation.senior && product.kind == ProductKind::Wealth;
        let mut notices = Vec::new();
        let cooling_off = if product.private_placement {
            let hours = params.cooling_off_hours;
            let (ends_at, within_range) = cooling_off_end(as_of, hours);
            // Only a product the courier may buy gets the notice of what follows a purchase.
            if decision.status == Eligibility::Eligible {
                notices.push(cooling_off_notice(langs, hours, ends_at, within_range));
            }
            Some(CoolingOff {
                hours: i32::try_from(hours).unwrap_or(i32::MAX),
                ends_at,
            })
        } else {
            None
        };
        if extra_care {
            notices.push(Notice {
                code: NoticeCode::SeniorInvestorExtraCare,
                message: langs.message(&M::NOTICE_SENIOR_PRODUCT, &[]),
            });
        }
        let exclusion = self.entry.exclusion.map(|reason| match reason {
            ExclusionReason::Ineligible | ExclusionReason::Unknown => Exclusion {
                reason,
                message: decision.summary.clone(),
            },
            ExclusionReason::AlreadyHeld => Exclusion {
                reason,
                message: langs.message(&M::EXCLUSION_ALREADY_HELD, &[]),
            },
            ExclusionReason::SeniorHighRisk => {
                let r = rating.map(RiskRating::code).unwrap_or("-");
                let max = params.senior_max_recommended_rating.code();
                notices.push(Notice {
                    code: NoticeCode::SeniorHighRiskNotRecommended,
                    message: langs
                        .message(&M::NOTICE_SENIOR_HIGH_RISK, &[("rating", r), ("max", max)]),
                });
                Exclusion {
                    reason,
                    message: langs.message(
                        &M::EXCLUSION_SENIOR_HIGH_RISK,
                        &[("rating", r), ("age", &params.senior_age.to_string())],
                    ),
                }
            }
        });
        MatchEntry {
            product_id: self.id.clone(),
            kind: product.kind,
            name: langs.copy(&product.name),
            summary: langs.copy(&product.summary),
            rank: self.entry.rank,
            score: self.score(),
            factors: self.factors(),
            exclusion,
            decision,
            risk_rating: rating,
            extra_care,
            cooling_off,
            loan: product.loan,
            notices,
        }
    }
}

/// The items of `items`, in a list allocated once for `count` of them.
fn collect_exact<T>(count: usize, items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::with_capacity(count);
    out.extend(items);
    out
}

fn ranking_factors(
    langs: Langs,
    product: &Product,
    profile: &CourierProfile,
    personalised: bool,
) -> Vec<RankingFactor> {
    // The priority, then usually at most one stated need and the occupation.
    let mut factors = Vec::with_capacity(if personalised { 3 } else { 1 });
    factors.push(RankingFactor {
        code: FactorCode::CataloguePriority,
        points: i64::from(product.priority),
        message: langs.message(&M::FACTOR_FEATURED, &[]),
    });
    if !personalised {
        return factors;
    }
    // The courier's needs in their order that the product serves (no set built per product).
    for need in profile.needs.iter().filter(|n| product.needs.contains(n)) {
        let label = need.label();
        factors.push(RankingFactor {
            code: FactorCode::StatedNeed,
            points: NEED_POINTS,
            message: langs
                .text(|lang| M::FACTOR_STATED_NEED.render(lang, &[("need", label.get(lang))])),
        });
    }
    if let Some(occ) = profile.occupation {
        if product.designed_for.contains(&occ) {
            let label = occ.label();
            factors.push(RankingFactor {
                code: FactorCode::DesignedForOccupation,
                points: OCCUPATION_POINTS,
                message: langs.text(|lang| {
                    M::FACTOR_DESIGNED_FOR.render(lang, &[("occupation", label.get(lang))])
                }),
            });
        }
    }
    factors
}

fn not_offered(product: &Product, ctx: &EvaluationContext<'_>) -> Decision {
    not_offered_at(Langs::BOTH, product, ctx.catalogue_version, ctx.as_of)
}

/// The end of a cooling-off period of `hours` from `as_of` in China time (see
/// [`crate::time::to_china`]), and whether it lies within chrono's range; past it, the end is
/// chrono's last instant.
pub(crate) fn cooling_off_end(as_of: ChinaTime, hours: u32) -> (ChinaTime, bool) {
    match crate::time::checked_add(as_of, chrono::TimeDelta::hours(i64::from(hours))) {
        Some(end) => (to_china(end), true),
        None => (to_china(chrono::DateTime::<chrono::Utc>::MAX_UTC), false),
    }
}

fn not_offered_at(
    langs: Langs,
    product: &Product,
    catalogue_version: &str,
    as_of: ChinaTime,
) -> Decision {
    Decision {
        benefit_id: SmolStr::new(&product.id),
        status: Eligibility::Ineligible,
        summary: langs.message(&M::NOT_OFFERED, &[]),
        missing_inputs: Vec::new(),
        hints: Vec::new(),
        eligible_on: None,
        rules: RuleOutcomes::default(),
        notices: vec![Notice {
            code: NoticeCode::RuleSetMissing,
            message: langs.text(|lang| {
                M::NOTICE_NOT_OFFERED.render(lang, &[("product", product.name.get(lang))])
            }),
        }],
        stamp: DecisionStamp {
            rule_set_id: SmolStr::new(&product.rule_set_id),
            rule_set_version: SmolStr::default(),
            catalogue_version: SmolStr::new(catalogue_version),
            as_of: crate::time::to_china(as_of),
        },
    }
}

/// The amount limits and longest term of a micro-loan as a courier reads them, with amounts
/// worded by [`crate::words::money`]: `额度1,000元至50,000元，最长12个月`,
/// `CNY 1,000 to CNY 50,000, up to 12 months`.
///
/// ```
/// use waystation::matching::describe_loan;
/// use waystation::products::LoanTerms;
/// let t = describe_loan(&LoanTerms { min_amount_fen: 100_000, max_amount_fen: 5_000_000, max_term_months: 12 });
/// assert_eq!(t.zh, "额度1,000元至50,000元，最长12个月");
/// assert_eq!(t.en, "CNY 1,000 to CNY 50,000, up to 12 months");
/// ```
pub fn describe_loan(loan: &LoanTerms) -> LocalizedText {
    let months = loan.max_term_months.to_string();
    words::eligibility::both(&M::LOAN_TERMS, |lang| {
        vec![
            ("min", words::money(loan.min_amount_fen, lang)),
            ("max", words::money(loan.max_amount_fen, lang)),
            ("months", months.clone()),
        ]
    })
}

/// The notice of the cooling-off period of a private product bought at the as-of instant.
pub(crate) fn cooling_off_notice(
    langs: Langs,
    hours: u32,
    ends_at: ChinaTime,
    within_range: bool,
) -> Notice {
    let message = if within_range {
        &M::NOTICE_COOLING_OFF
    } else {
        &M::NOTICE_COOLING_OFF_AFTER
    };
    let hours = hours.to_string();
    Notice {
        code: NoticeCode::CoolingOffPeriod,
        message: words::eligibility::in_langs(langs, message, |lang| {
            vec![("hours", hours.clone()), ("end", minute_in(&ends_at, lang))]
        }),
    }
}

/// The notice of an exceeded assessment frequency limit.
pub(crate) fn frequency_notice(
    langs: Langs,
    window: LimitWindow,
    count: usize,
    max: u32,
    clear_on: NaiveDate,
) -> Notice {
    let (count, max) = (count.to_string(), max.to_string());
    let message = words::eligibility::in_langs(
        langs,
        match window {
            LimitWindow::CalendarDay => &M::NOTICE_FREQUENCY_TODAY,
            LimitWindow::Months(_) => &M::NOTICE_FREQUENCY_MONTHS,
        },
        |lang| {
            let mut args = vec![
                ("count", count.clone()),
                ("max", max.clone()),
                ("date", date_in(clear_on, lang)),
            ];
            if let LimitWindow::Months(n) = window {
                args.push(("months", n.to_string()));
            }
            args
        },
    );
    Notice {
        code: NoticeCode::AssessmentFrequencyExceeded,
        message,
    }
}

#[cfg(test)]
#[path = "matching_reference.rs"]
pub(crate) mod reference;

#[cfg(all(test, feature = "synthetic"))]
#[path = "matching_equivalence.rs"]
mod equivalence;

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::eligibility::{HintKind, ReasonCode};
    use crate::profile::ProfileField;
    use serde_json::json;

    const ID_1992: &str = "370102199208150036";
    const ID_1961: &str = "370102196107010022";
    const MEMBER: &str = "9144030071526726XG";

    fn at(s: &str) -> ChinaTime {
        // As requests read them: years past 9999 are written with a sign.
        s.parse().unwrap()
    }

    fn courier(extra: serde_json::Value) -> CourierProfile {
        let mut base = json!({
            "resident_id": ID_1992,
            "occupation": "express_courier",
            "employer_code": MEMBER,
            "employment_start": "2024-03-01",
            "province": "shandong",
            "city": "济南",
            "monthly_income_fen": 654321,
            "held_products": ["courier_debit_card"],
            "risk_assessment": {"grade": "c3", "assessed_at": "2026-01-10T10:00:00+08:00"},
            "kyc_level": "verified",
            "needs": ["borrow", "protect"]
        });
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        CourierProfile::from_value(&base).unwrap()
    }

    fn run(profile: &CourierProfile, as_of: &str, options: &MatchOptions) -> MatchResult {
        let catalogue = ProductCatalogue::sample().unwrap();
        let units: BTreeSet<String> = [MEMBER.to_string()].into_iter().collect();
        let ctx = catalogue.context(at(as_of), &units, "stations-1");
        match_products(&catalogue, profile, &ctx, options)
    }

    fn ids(entries: &[MatchEntry]) -> Vec<&str> {
        entries.iter().map(|e| e.product_id.as_str()).collect()
    }

    fn excluded<'a>(r: &'a MatchResult, id: &str) -> &'a MatchEntry {
        r.excluded.iter().find(|e| e.product_id == id).unwrap()
    }

    const NOW: &str = "2026-06-01T09:00:00+08:00";

    #[test]
    fn typical_courier_gets_ranked_products_with_reasons() {
        let r = run(&courier(json!({})), NOW, &MatchOptions::default());
        assert!(r.personalised);
        assert_eq!(r.stamp.catalogue_version, "stations-1");
        assert_eq!(r.stamp.product_catalogue_version, "2026.1-sample");
        let rec = ids(&r.recommended);
        // Needs borrow + protect and occupation fit come first.
        assert_eq!(rec[0], "accident_insurance_24h", "{rec:?}");
        assert!(rec.contains(&"courier_micro_loan"));
        assert!(rec.contains(&"little_bee_credit_card"));
        assert!(rec.contains(&"wealth_balanced_r3"));
        for (i, e) in r.recommended.iter().enumerate() {
            assert_eq!(e.rank, Some(i32::try_from(i + 1).unwrap()));
            assert_eq!(e.score, e.factors.iter().map(|f| f.points).sum::<i64>());
            assert_eq!(e.decision.status, Eligibility::Eligible);
        }
        let loan = r
            .recommended
            .iter()
            .find(|e| e.product_id == "courier_micro_loan")
            .unwrap();
        assert_eq!(loan.loan.unwrap().max_amount_fen, 5_000_000);
        assert!(loan
            .factors
            .iter()
            .any(|f| f.code == FactorCode::StatedNeed));
        assert!(loan
            .factors
            .iter()
            .any(|f| f.code == FactorCode::DesignedForOccupation));
        // Deterministic.
        assert_eq!(r, run(&courier(json!({})), NOW, &MatchOptions::default()));
    }

    #[test]
    fn hard_filters_explain_each_exclusion() {
        let r = run(&courier(json!({})), NOW, &MatchOptions::default());
        // Held already (and its own rule: one card per person).
        let card = excluded(&r, "courier_debit_card");
        assert_eq!(
            card.exclusion.as_ref().unwrap().reason,
            ExclusionReason::Ineligible
        );
        // Grade C3 does not cover R4.
        let equity = excluded(&r, "wealth_equity_r4");
        assert_eq!(equity.risk_rating, Some(RiskRating::R4));
        let reasons: Vec<ReasonCode> = equity
            .decision
            .rules
            .iter()
            .flat_map(|x| &x.criteria)
            .map(|c| c.reason)
            .collect();
        assert!(reasons.contains(&ReasonCode::GradeBelowRating));
        // Liability insurance covers classes 1-3, couriers are class 4.
        let liability = excluded(&r, "liability_insurance");
        let reasons: Vec<ReasonCode> = liability
            .decision
            .rules
            .iter()
            .flat_map(|x| &x.criteria)
            .map(|c| c.reason)
            .collect();
        assert!(reasons.contains(&ReasonCode::OccupationClassNotCovered));
        // Private product: the income threshold, with a hint giving the threshold only.
        let private = excluded(&r, "wealth_private_r3");
        assert!(private
            .decision
            .hints
            .iter()
            .any(|h| h.kind == HintKind::ReachAmount));
        assert!(private
            .decision
            .hints
            .iter()
            .any(|h| h.kind == HintKind::RaiseKycLevel));
    }

    #[test]
    fn private_products_state_the_cooling_off_end() {
        let rich = courier(json!({"monthly_income_fen": 4_000_000, "kyc_level": "full"}));
        let r = run(&rich, NOW, &MatchOptions::default());
        let private = r
            .recommended
            .iter()
            .find(|e| e.product_id == "wealth_private_r3")
            .unwrap();
        let c = private.cooling_off.unwrap();
        assert_eq!(c.hours, 24);
        assert_eq!(c.ends_at, at("2026-06-02T09:00:00+08:00"));
        assert!(private
            .notices
            .iter()
            .any(|n| n.code == NoticeCode::CoolingOffPeriod
                && n.message.zh.contains("冷静期至2026年6月2日9时止")
                && n.message.en.contains("it ends at 2026-06-02 09:00")));
        // A courier who may not buy it gets no notice of what follows a purchase, though the
        // period stays in the data.
        let r = run(&courier(json!({})), NOW, &MatchOptions::default());
        let private = r
            .excluded
            .iter()
            .find(|e| e.product_id == "wealth_private_r3")
            .unwrap();
        assert_eq!(private.decision.status, Eligibility::Ineligible);
        assert!(private.cooling_off.is_some());
        assert!(private
            .notices
            .iter()
            .all(|n| n.code != NoticeCode::CoolingOffPeriod));
        let public = r
            .recommended
            .iter()
            .find(|e| e.product_id == "wealth_cash_r1")
            .unwrap();
        assert!(public.cooling_off.is_none());
    }

    #[test]
    fn the_cooling_off_end_is_answered_at_the_end_of_chronos_range() {
        let private = |as_of: &str| {
            let r = run(&courier(json!({})), as_of, &MatchOptions::default());
            let e = r
                .recommended
                .iter()
                .chain(&r.excluded)
                .find(|e| e.product_id == "wealth_private_r3")
                .cloned()
                .unwrap();
            // The whole answer can be written out.
            serde_json::to_string(&r).unwrap();
            e
        };
        // No risk assessment is valid that late, so no courier may buy the product there and
        // the answer gives the period as data only; its notice is worded as it would be.
        // China's local time 24 hours on is past the last date: the end is given in UTC.
        let e = private("+262142-12-31T00:00:00+08:00");
        let c = e.cooling_off.unwrap();
        assert_eq!(c.ends_at.to_rfc3339(), "+262142-12-31T16:00:00+00:00");
        let (ends_at, within) = cooling_off_end(at("+262142-12-31T00:00:00+08:00"), 24);
        assert_eq!((ends_at, within), (c.ends_at, true));
        let notice = cooling_off_notice(Langs::BOTH, 24, ends_at, within);
        assert!(notice
            .message
            .en
            .contains("it ends at +262142-12-31 16:00 UTC"));
        assert!(notice
            .message
            .zh
            .contains("冷静期至262142年12月31日16时（协调世界时）止"));
        // Past chrono's last instant: the end is after the last instant, and says so.
        let e = private("+262142-12-31T20:00:00+08:00");
        let c = e.cooling_off.unwrap();
        assert_eq!(c.ends_at, chrono::DateTime::<chrono::Utc>::MAX_UTC);
        let (ends_at, within) = cooling_off_end(at("+262142-12-31T20:00:00+08:00"), 24);
        assert_eq!((ends_at, within), (c.ends_at, false));
        let notice = cooling_off_notice(Langs::BOTH, 24, ends_at, within);
        assert!(
            notice
                .message
                .en
                .contains("it ends after +262142-12-31 23:59 UTC"),
            "{}",
            notice.message.en
        );
        assert!(notice.message.zh.contains("之后方止"));
        assert!(!notice.message.zh.contains(':'));
    }

    #[test]
    fn missing_and_expired_assessments() {
        let none = courier(json!({"risk_assessment": null}));
        let r = run(&none, NOW, &MatchOptions::default());
        let cash = excluded(&r, "wealth_cash_r1");
        assert_eq!(
            cash.exclusion.as_ref().unwrap().reason,
            ExclusionReason::Unknown
        );
        assert_eq!(
            cash.decision.missing_inputs,
            vec![ProfileField::RiskAssessment]
        );
        assert_eq!(cash.decision.hints[0].kind, HintKind::TakeAssessment);
        let old = courier(
            json!({"risk_assessment": {"grade": "c5", "assessed_at": "2025-05-31T10:00:00+08:00"}}),
        );
        let r = run(&old, NOW, &MatchOptions::default());
        let cash = excluded(&r, "wealth_cash_r1");
        assert_eq!(
            cash.exclusion.as_ref().unwrap().reason,
            ExclusionReason::Ineligible
        );
        assert!(cash
            .decision
            .rules
            .iter()
            .flat_map(|x| &x.criteria)
            .any(|c| c.reason == ReasonCode::AssessmentExpired));
    }

    #[test]
    fn already_held_is_a_personalised_filter_only() {
        let p = courier(json!({"held_products": ["courier_debit_card", "courier_quick_pay"]}));
        let r = run(&p, NOW, &MatchOptions::default());
        let pay = excluded(&r, "courier_quick_pay");
        assert_eq!(
            pay.exclusion.as_ref().unwrap().reason,
            ExclusionReason::AlreadyHeld
        );
        let r = run(
            &p,
            NOW,
            &MatchOptions {
                personalised: false,
                ..Default::default()
            },
        );
        assert!(ids(&r.recommended).contains(&"courier_quick_pay"));
    }

    #[test]
    fn non_personalised_order_ignores_the_profile() {
        let a = courier(json!({"needs": ["borrow"], "occupation": "express_courier"}));
        let b = courier(json!({"needs": ["save", "pay"], "occupation": "instant_delivery_rider"}));
        let options = MatchOptions {
            personalised: false,
            ..Default::default()
        };
        let ra = run(&a, NOW, &options);
        let rb = run(&b, NOW, &options);
        assert!(!ra.personalised);
        assert_eq!(ids(&ra.recommended), ids(&rb.recommended));
        for e in &ra.recommended {
            assert!(e
                .factors
                .iter()
                .all(|f| f.code == FactorCode::CataloguePriority));
        }
        // Personalised, the two orders differ.
        let pa = run(&a, NOW, &MatchOptions::default());
        let pb = run(&b, NOW, &MatchOptions::default());
        assert_ne!(ids(&pa.recommended), ids(&pb.recommended));
    }

    #[test]
    fn answers_share_the_catalogues_texts_instead_of_copying_them() {
        let c = Catalogue::sample().unwrap();
        let products = c.products().unwrap();
        let at = at("2026-06-01T09:00:00+08:00");
        let zh = MatchOptions {
            lang: Some(Lang::ZhCn),
            ..MatchOptions::default()
        };
        let same = |a: &SmolStr, b: &SmolStr| a.as_str().as_ptr() == b.as_str().as_ptr();
        let (mut names, mut descriptions) = (0, 0);
        for options in [MatchOptions::default(), zh] {
            let result = c.match_products(&courier(json!({})), at, &options).unwrap();
            for entry in result.recommended.iter().chain(&result.excluded) {
                let product = products.product(&entry.product_id).unwrap();
                // Long texts are shared with the catalogue (short ones are held inline).
                if product.name.zh.is_heap_allocated() {
                    assert!(
                        same(&entry.name.zh, &product.name.zh),
                        "{}",
                        entry.product_id
                    );
                    names += 1;
                }
                let Some(set) = products.rule_set_for(&product.rule_set_id, china_date(&at)) else {
                    continue;
                };
                for (outcome, rule) in entry.decision.rules.iter().zip(&set.rules) {
                    // The rule's own text, or that of a rule stated alike whose outcome this
                    // decision shares.
                    if rule.description.zh.is_heap_allocated() {
                        assert_eq!(outcome.description.zh, rule.description.zh);
                        assert!(products
                            .rule_sets
                            .iter()
                            .flat_map(|s| &s.rules)
                            .any(|r| same(&outcome.description.zh, &r.description.zh)));
                        descriptions += 1;
                    }
                }
            }
        }
        assert!(names > 0 && descriptions > 0, "{names} {descriptions}");
    }

    #[test]
    fn the_catalogue_compiles_its_products_once_for_every_clone_and_thread() {
        let c = Catalogue::sample().unwrap();
        assert!(
            c.compiled_products.get().is_none(),
            "nothing compiled before a match"
        );
        let courier = courier(json!({}));
        let at = at("2026-06-01T09:00:00+08:00");
        let options = MatchOptions::default();
        let first = c.match_products(&courier, at, &options).unwrap();
        let clone = c.clone();
        assert!(std::sync::Arc::ptr_eq(
            &c.compiled_products,
            &clone.compiled_products
        ));
        assert!(clone.compiled_products.get().is_some_and(Option::is_some));
        // The same answers as a matcher compiled for the call, from any thread.
        let fresh = c
            .matcher()
            .unwrap()
            .explain(&courier, at, &options)
            .to_match_result();
        assert_eq!(first, fresh);
        let answers: Vec<MatchResult> = std::thread::scope(|s| {
            let runs: Vec<_> = (0..2)
                .map(|_| s.spawn(|| clone.match_products(&courier, at, &options).unwrap()))
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        assert!(answers.iter().all(|a| *a == first));
    }

    #[test]
    fn a_leaf_spelled_many_ways_is_worded_within_a_bound() {
        // 120 rules whose criteria differ only in how they spell one occupation list: one
        // shared slot, 120 source criteria. Memo indices stop at MAX_MEMO_VARIANTS per slot
        // (the rest are worded where they stand), so building the matcher stays linear.
        let mut products = ProductCatalogue::sample().unwrap();
        let set_id = products.rule_sets[0].id.clone();
        let template = products.rule_sets[0].rules[0].clone();
        for i in 0..120 {
            let mut rule = template.clone();
            rule.id = format!("spelling_{i}");
            rule.effective_from = None;
            rule.effective_to = None;
            rule.criterion = Criterion::OccupationIn {
                occupations: vec![Occupation::ExpressCourier; i + 1],
            };
            products.rule_sets[0].rules.push(rule);
        }
        let units = BTreeSet::new();
        let m = Matcher::new(&products, &products.parameters, &units, "stations-1");
        // Memo indices per slot: never more than the bound; the spelled slot reaches it, and
        // its other nodes have none.
        let mut per_slot: std::collections::BTreeMap<u32, BTreeSet<u32>> = Default::default();
        let mut unmemoised = 0;
        for node in m.sets.iter().flat_map(|s| &s.nodes) {
            if node.slot == NO_SLOT {
                continue;
            }
            if node.memo == NO_SLOT {
                unmemoised += 1;
            } else {
                per_slot.entry(node.slot).or_default().insert(node.memo);
            }
        }
        assert!(per_slot.values().all(|m| m.len() <= MAX_MEMO_VARIANTS));
        assert!(per_slot.values().any(|m| m.len() == MAX_MEMO_VARIANTS));
        assert!(unmemoised >= 120 - MAX_MEMO_VARIANTS, "{unmemoised}");
        let p = courier(json!({"occupation": "express_courier"}));
        for lang in [None, Some(Lang::ZhCn)] {
            let options = MatchOptions {
                lang,
                ..MatchOptions::default()
            };
            let r = m.explain(&p, at(NOW), &options).to_match_result();
            let entry = r
                .recommended
                .iter()
                .chain(&r.excluded)
                .find(|e| e.decision.stamp.rule_set_id == set_id.as_str())
                .unwrap();
            let spelled: Vec<&crate::eligibility::RuleOutcome> = entry
                .decision
                .rules
                .iter()
                .filter(|r| r.rule_id.starts_with("spelling_"))
                .collect();
            assert_eq!(spelled.len(), 120);
            let first = &spelled[0].criteria[0];
            for rule in &spelled {
                let c = &rule.criteria[0];
                assert_eq!(c.status, CheckStatus::Passed, "{}", rule.rule_id);
                assert_eq!(c.message, first.message, "{}", rule.rule_id);
                assert!(!c.message.zh.is_empty());
            }
        }
    }

    #[test]
    fn rules_stated_alike_share_one_outcome_per_answer_and_no_other_rule_does() {
        // Every rule set gains the rule `alike`: one occupation leaf, stated the same way in
        // every set but one, whose description differs. The alike ones share one outcome per
        // answer; the other is worded from its own text.
        let mut products = ProductCatalogue::sample().unwrap();
        let odd_set = products.products[1].rule_set_id.clone();
        let template = products.rule_sets[0].rules[0].clone();
        for set in &mut products.rule_sets {
            let mut rule = template.clone();
            rule.id = "alike".into();
            rule.effective_from = None;
            rule.effective_to = None;
            rule.criterion = Criterion::OccupationIn {
                occupations: vec![Occupation::ExpressCourier],
            };
            if set.id == odd_set {
                rule.description = LocalizedText::new("另一种说法", "stated otherwise");
            }
            set.rules.push(rule);
        }
        let units = BTreeSet::new();
        let m = Matcher::new(&products, &products.parameters, &units, "stations-1");
        for (p, lang) in [
            (courier(json!({"occupation": "express_courier"})), None),
            (
                courier(json!({"occupation": "ride_hailing_driver"})),
                Some(Lang::ZhCn),
            ),
            (courier(json!({})), Some(Lang::En)),
        ] {
            let options = MatchOptions {
                lang,
                ..MatchOptions::default()
            };
            let r = m.explain(&p, at(NOW), &options).to_match_result();
            let mut alike: Vec<&std::sync::Arc<crate::eligibility::RuleOutcome>> = Vec::new();
            let mut odd = Vec::new();
            for e in r.recommended.iter().chain(&r.excluded) {
                let Some(shared) = e.decision.rules.iter().position(|r| r.rule_id == "alike")
                else {
                    continue;
                };
                let shared = &e.decision.rules[shared];
                if e.decision.stamp.rule_set_id == odd_set.as_str() {
                    odd.push(shared);
                } else {
                    alike.push(shared);
                }
                assert_ne!(shared.status, RuleStatus::NotInEffect);
            }
            assert!(
                alike.len() >= 2 && !odd.is_empty(),
                "{} {}",
                alike.len(),
                odd.len()
            );
            assert!(alike.iter().all(|a| std::sync::Arc::ptr_eq(a, alike[0])));
            for o in &odd {
                assert!(!std::sync::Arc::ptr_eq(o, alike[0]));
                assert_eq!(o.criteria, alike[0].criteria);
                assert_ne!(o.description, alike[0].description);
            }
            // Shared or not, each decision is the one its product alone gets.
            for e in r.recommended.iter().chain(&r.excluded) {
                let alone = m
                    .explain(&p, at(NOW), &options)
                    .products()
                    .find(|x| x.product().id == e.product_id.as_str())
                    .map(|x| x.decision())
                    .unwrap();
                assert_eq!(e.decision, alone, "{}", e.product_id);
            }
        }
    }

    #[test]
    fn a_worded_answer_with_shared_outcomes_reads_back_as_written() {
        // Shared rule outcomes and criteria lists are written as plain lists and read back
        // into an equal answer (each outcome then its own).
        let c = Catalogue::sample().unwrap();
        let p = courier(json!({"held_products": ["courier_debit_card"], "province": "shandong"}));
        for lang in [None, Some(Lang::ZhCn)] {
            let options = MatchOptions {
                lang,
                ..MatchOptions::default()
            };
            let r = c.match_products(&p, at(NOW), &options).unwrap();
            let text = serde_json::to_string(&r).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let rules = &value["recommended"][0]["decision"]["rules"];
            assert!(
                rules.is_array() && rules[0]["criteria"].is_array(),
                "{rules}"
            );
            let back: MatchResult = serde_json::from_str(&text).unwrap();
            assert_eq!(back, r);
            assert_eq!(serde_json::to_string(&back).unwrap(), text);
        }
    }

    #[test]
    fn buffers_kept_between_matches_never_change_an_answer() {
        // Couriers, days (another plan of the rule sets in effect) and languages alternate, on
        // four threads sharing one catalogue and its one set of spare buffers.
        let c = Catalogue::sample().unwrap();
        let couriers = [
            courier(json!({})),
            courier(json!({"held_products": ["courier_debit_card"], "province": "shandong"})),
            courier(json!({"resident_id": ID_1961})),
        ];
        let days = ["2026-06-01T09:00:00+08:00", "2027-02-10T23:59:00+08:00"];
        let options = [
            MatchOptions::default(),
            MatchOptions {
                lang: Some(Lang::ZhCn),
                limit: Some(2),
                ..MatchOptions::default()
            },
        ];
        let matcher = c.matcher().unwrap();
        let cases: Vec<_> = (0..24)
            .map(|i| (i % couriers.len(), i % days.len(), (i / 3) % options.len()))
            .collect();
        let expected: Vec<MatchResult> = cases
            .iter()
            .map(|&(p, d, o)| {
                let (p, d, o) = (&couriers[p], at(days[d]), &options[o]);
                matcher.explain(p, d, o).to_match_result()
            })
            .collect();
        std::thread::scope(|s| {
            for t in 0..4 {
                let (c, cases, expected) = (c.clone(), &cases, &expected);
                let couriers = &couriers;
                let options = &options;
                s.spawn(move || {
                    for k in 0..cases.len() {
                        let i = (k + t * 5) % cases.len();
                        let (p, d, o) = cases[i];
                        let got = c
                            .match_products(&couriers[p], at(days[d]), &options[o])
                            .unwrap();
                        assert_eq!(got, expected[i], "case {i} on thread {t}");
                    }
                });
            }
        });
        // What the buffers hold (the last courier's codes and values) is not in the
        // catalogue's Debug.
        assert!(format!("{c:?}").contains("SpareBuffers { .. }"));
    }

    #[test]
    fn opting_out_forces_non_personalised() {
        let p = courier(json!({"personalisation_opt_out": true}));
        let r = run(&p, NOW, &MatchOptions::default());
        assert!(!r.personalised);
        let n = r
            .notices
            .iter()
            .find(|n| n.code == NoticeCode::NotPersonalised)
            .unwrap();
        assert!(n.message.en.contains("opted out"));
        let same = courier(json!({"personalisation_opt_out": true, "needs": ["save"]}));
        assert_eq!(
            ids(&r.recommended),
            ids(&run(&same, NOW, &MatchOptions::default()).recommended)
        );
    }

    #[test]
    fn seniors_get_extra_care_from_the_65th_birthday() {
        // Born 1961-07-01: 65 on 2026-07-01. Grade C5 may buy R4.
        let p = courier(json!({"resident_id": ID_1961,
            "risk_assessment": {"grade": "c5", "assessed_at": "2026-01-10T10:00:00+08:00"}}));
        let before = run(&p, "2026-06-30T23:59:59+08:00", &MatchOptions::default());
        assert!(ids(&before.recommended).contains(&"wealth_equity_r4"));
        assert!(!before
            .notices
            .iter()
            .any(|n| n.code == NoticeCode::SeniorInvestorExtraCare));
        let on = run(&p, "2026-07-01T00:00:00+08:00", &MatchOptions::default());
        let equity = excluded(&on, "wealth_equity_r4");
        assert_eq!(
            equity.exclusion.as_ref().unwrap().reason,
            ExclusionReason::SeniorHighRisk
        );
        assert_eq!(equity.decision.status, Eligibility::Eligible);
        assert!(equity.extra_care);
        assert!(on
            .notices
            .iter()
            .any(|n| n.code == NoticeCode::SeniorInvestorExtraCare));
        let r3 = on
            .recommended
            .iter()
            .find(|e| e.product_id == "wealth_balanced_r3")
            .unwrap();
        assert!(r3.extra_care);
        // Legal protection: also without personalisation.
        let np = run(
            &p,
            "2026-07-01T00:00:00+08:00",
            &MatchOptions {
                personalised: false,
                ..Default::default()
            },
        );
        assert!(!ids(&np.recommended).contains(&"wealth_equity_r4"));
    }

    #[test]
    fn frequency_excess_is_reported_on_the_result() {
        let p = courier(
            json!({"assessment_history": ["2026-06-01T08:00:00+08:00", "2026-06-01T08:30:00+08:00"],
            "risk_assessment": {"grade": "c4", "assessed_at": "2026-06-01T08:45:00+08:00"}}),
        );
        let r = run(&p, NOW, &MatchOptions::default());
        let n = r
            .notices
            .iter()
            .find(|n| n.code == NoticeCode::AssessmentFrequencyExceeded)
            .unwrap();
        assert!(
            n.message.en.contains("3 risk assessments today"),
            "{}",
            n.message.en
        );
        let cash = excluded(&r, "wealth_cash_r1");
        assert_eq!(
            cash.decision.eligible_on,
            Some("2026-06-02".parse().unwrap())
        );
    }

    #[test]
    fn kinds_and_limit() {
        let options = MatchOptions {
            kinds: vec![ProductKind::Insurance],
            limit: Some(1),
            ..Default::default()
        };
        let r = run(&courier(json!({})), NOW, &options);
        assert_eq!(ids(&r.recommended), ["accident_insurance_24h"]);
        assert!(r.excluded.iter().all(|e| e.kind == ProductKind::Insurance));
    }

    #[test]
    fn rule_set_versions_follow_the_date() {
        // In 2025 the public wealth rule set had no frequency rule.
        let p = courier(
            json!({"assessment_history": ["2025-06-01T08:00:00+08:00", "2025-06-01T08:30:00+08:00"],
            "risk_assessment": {"grade": "c4", "assessed_at": "2025-06-01T08:45:00+08:00"}}),
        );
        let r = run(&p, "2025-06-01T09:00:00+08:00", &MatchOptions::default());
        let cash = r
            .recommended
            .iter()
            .find(|e| e.product_id == "wealth_cash_r1")
            .unwrap();
        assert_eq!(cash.decision.stamp.rule_set_version, "2025.1");
        let r = run(&p, "2026-01-01T09:00:00+08:00", &MatchOptions::default());
        let cash = r
            .recommended
            .iter()
            .find(|e| e.product_id == "wealth_cash_r1")
            .unwrap();
        assert_eq!(cash.decision.stamp.rule_set_version, "2026.1");
    }

    /// Personal data never leaves through Display, Debug or serialisation of outputs and errors.
    #[test]
    fn no_personal_data_in_any_output() {
        let secrets = [
            "370102199208150036",
            "19920815",
            MEMBER,
            "71526726",
            "654321",
            "6,543.21",
        ];
        let p = courier(
            json!({"risk_assessment": {"grade": "c1", "assessed_at": "2024-01-10T10:00:00+08:00"}}),
        );
        let mut texts: Vec<String> = Vec::new();
        for options in [
            MatchOptions::default(),
            MatchOptions {
                personalised: false,
                ..Default::default()
            },
        ] {
            for as_of in [
                NOW,
                "2024-03-01T00:00:00+08:00",
                "2040-01-01T00:00:00+08:00",
            ] {
                let r = run(&p, as_of, &options);
                texts.push(serde_json::to_string(&r).unwrap());
                texts.push(format!("{r:?}"));
                for e in r.recommended.iter().chain(&r.excluded) {
                    texts.push(serde_json::to_string(&e.decision).unwrap());
                    texts.push(format!("{:?}", e.decision));
                }
            }
        }
        // The profile's own Debug, warnings, and errors about bad personal data.
        texts.push(format!("{p:?}"));
        texts.push(format!("{:?}", p.warnings()));
        texts.push(format!(
            "{:?} {}",
            p.resident_id,
            p.resident_id.as_ref().unwrap()
        ));
        texts.push(format!(
            "{:?} {}",
            p.employer_code,
            p.employer_code.as_ref().unwrap()
        ));
        for bad in [
            json!({"resident_id": "370102199208150037"}),
            json!({"resident_id": 370102199208150036u64}),
            json!({"employer_code": "9144030071526726X"}),
            json!({"employer_code": 914403007152672600u64}),
            json!({"monthly_income_fen": -654321}),
            json!({"monthly_income_fen": 6543.21}),
            json!({"monthly_income_fen": "654321"}),
        ] {
            let e = CourierProfile::from_value(&bad).unwrap_err();
            texts.push(format!("{e} {e:?}"));
            let e = serde_json::from_value::<CourierProfile>(bad).unwrap_err();
            texts.push(format!("{e} {e:?}"));
        }
        let e = crate::identity::ResidentId::parse("370102199208150037").unwrap_err();
        texts.push(format!("{e} {e:?} {}", serde_json::to_string(&e).unwrap()));
        for t in &texts {
            for s in secrets {
                assert!(!t.contains(s), "{s} leaked in {t}");
            }
        }
    }
}
