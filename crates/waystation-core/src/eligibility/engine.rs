//! The one evaluation engine: rule sets compiled to a flat program, a courier's facts computed
//! once per instant, and a status-only pass that records, per criterion, a compact
//! [`CriterionRecord`] (status, reason code, observed value and threshold as small typed values).
//! No text is produced here; `render` turns records into messages and hints when asked.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use smol_str::SmolStr;

use super::calendar::{add_months, age_on, anniversary, assessment_expires_at, whole_months};
use super::criteria::{in_window, Criterion, Rule, RuleSet, Threshold};
use super::evaluate::{
    frequency_excess, CheckStatus, Eligibility, FrequencyExcess, ReasonCode, RuleStatus,
};
use super::params::Parameters;
use crate::profile::RiskRating;
use crate::profile::{CourierProfile, KycLevel, Occupation, ProfileField, Province, RiskGrade};
use crate::time::{china_date, start_of_day, ChinaTime};

/// Deepest nesting evaluated; deeper criteria fail closed (the static check allows far less).
pub(crate) const MAX_EVAL_DEPTH: u32 = 64;
/// How many candidate dates are tried when looking for the date a courier becomes eligible.
const MAX_ELIGIBLE_ON_CANDIDATES: usize = 8;

/// A value compared by a criterion: the courier's (observed) or the rule's (required).
///
/// Personal values are never held: income and the employer's code are [`FactValue::Masked`],
/// the city is [`FactValue::City`] (rendered from the profile when a message is asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactValue {
    /// A number: age in years, tenure in months, a threshold, an assessment count.
    Number(i64),
    /// An instant (assessment expiry, evaluation instant).
    Instant(ChinaTime),
    /// An occupation.
    Occupation(Occupation),
    /// A province.
    Province(Province),
    /// The courier's city (normalised; shown in messages, not held here).
    City,
    /// A personal value that is not shown (income, employer's credit code).
    Masked,
    /// Whether a product is held.
    Held(bool),
    /// A KYC level.
    Kyc(KycLevel),
    /// A risk-tolerance grade.
    Grade(RiskGrade),
    /// A product risk rating.
    Rating(RiskRating),
    /// An insurance occupation class.
    OccupationClass(u8),
}

/// The outcome of one criterion as recorded by the compiled pass: codes and typed values, no
/// text. Messages, values as text and hints are rendered from it on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriterionRecord {
    /// Passed, failed or unknown.
    pub status: CheckStatus,
    /// Why.
    pub reason: ReasonCode,
    /// The courier's value compared (masked when personal).
    pub observed: Option<FactValue>,
    /// The value required (the bound that decided, for ranges).
    pub required: Option<FactValue>,
    /// The input whose absence made it unknown.
    pub missing: Option<ProfileField>,
}

impl CriterionRecord {
    const fn new(status: CheckStatus, reason: ReasonCode) -> CriterionRecord {
        CriterionRecord {
            status,
            reason,
            observed: None,
            required: None,
            missing: None,
        }
    }

    const fn passed(reason: ReasonCode) -> CriterionRecord {
        CriterionRecord::new(CheckStatus::Passed, reason)
    }

    pub(crate) const fn failed(reason: ReasonCode) -> CriterionRecord {
        CriterionRecord::new(CheckStatus::Failed, reason)
    }

    const fn missing(field: ProfileField) -> CriterionRecord {
        CriterionRecord {
            missing: Some(field),
            ..CriterionRecord::new(CheckStatus::Unknown, ReasonCode::MissingInput)
        }
    }

    const fn pass_if(ok: bool, yes: ReasonCode, no: ReasonCode) -> CriterionRecord {
        if ok {
            CriterionRecord::passed(yes)
        } else {
            CriterionRecord::failed(no)
        }
    }

    const fn values(mut self, observed: Option<FactValue>, required: Option<FactValue>) -> Self {
        self.observed = observed;
        self.required = required;
        self
    }
}

/// A threshold resolved against the parameters at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Thr {
    Value(i64),
    /// Names an undefined parameter (the name is read from the source when rendering).
    Unknown,
}

impl Thr {
    fn of(t: &Threshold, params: &Parameters) -> Thr {
        t.resolve(params).map_or(Thr::Unknown, Thr::Value)
    }
}

/// What a compiled node does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    All,
    Any,
    Not,
    /// Nested deeper than [`MAX_EVAL_DEPTH`]: fails closed, members not evaluated.
    TooDeep,
    Age {
        min: Option<Thr>,
        max: Option<Thr>,
    },
    Tenure(Thr),
    /// Accepted occupations, one bit per variant.
    Occupation(u8),
    Member,
    /// Accepted provinces, one bit per variant.
    Province(u64),
    City,
    Income(Thr),
    /// Holds the product; with its index into the courier's [`HeldBits`] when resolved.
    Holds(Option<u32>),
    /// Does not hold the product; index as for `Holds`.
    DoesNotHold(Option<u32>),
    Kyc(KycLevel),
    ValidAssessment,
    Frequency,
    Grade,
    OccupationClass,
}

/// One criterion of a compiled rule, in pre-order.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub(crate) src: &'a Criterion,
    pub(crate) op: Op,
    pub(crate) depth: u32,
    /// Index one past the last node of this node's subtree.
    pub(crate) end: usize,
    /// Below an odd number of `not`s: hints are not given.
    pub(crate) negated: bool,
    /// Slot of the courier's table of leaf outcomes shared by equal leaves ([`NO_SLOT`]: none).
    pub(crate) slot: u32,
    /// Index of the node's rendering in a courier's answer shared by nodes that render alike
    /// (same slot, same source criterion, same negation; [`NO_SLOT`]: none). See
    /// [`super::render::Rendered`].
    pub(crate) memo: u32,
}

/// A node without a slot in the table of shared leaf outcomes.
pub(crate) const NO_SLOT: u32 = u32::MAX;

impl Op {
    /// Whether the outcome depends on the courier's facts and this op alone (not on the source
    /// criterion's text or on the benefit), so that equal ops can share one evaluation.
    pub(crate) fn shareable(self) -> bool {
        !matches!(
            self,
            Op::All
                | Op::Any
                | Op::Not
                | Op::City
                | Op::Holds(None)
                | Op::DoesNotHold(None)
                | Op::Grade
                | Op::OccupationClass
        )
    }
}

fn occupation_bit(o: Occupation) -> u8 {
    1u8.checked_shl(o as u32).unwrap_or(0)
}

fn province_bit(p: Province) -> u64 {
    1u64.checked_shl(p as u32).unwrap_or(0)
}

/// One rule: its nodes are `nodes[start..end]` of the rule set.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRule<'a> {
    pub(crate) rule: &'a Rule,
    /// The rule's id, as every outcome of it carries it (made once).
    pub(crate) id: SmolStr,
    /// The rule's period of effect (copied: the pass reads it for every rule).
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Index of the rule's outcome in a courier's answer, shared by rules that are one
    /// memoised leaf and are stated alike (same id, description and source; [`NO_SLOT`]: none).
    /// See [`super::render::Rendered`].
    pub(crate) memo: u32,
}

/// A rule set compiled against parameters: thresholds resolved, criteria flattened.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRuleSet<'a> {
    /// The set's id and version, as every decision's stamp carries them (made once).
    pub(crate) id: SmolStr,
    pub(crate) version: SmolStr,
    /// The set's period of effect.
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    pub(crate) rules: Vec<CompiledRule<'a>>,
    pub(crate) nodes: Vec<Node<'a>>,
    /// Each node's texts that are the same for every courier, in node order.
    pub(crate) texts: Vec<NodeText>,
}

/// The texts of a node's outcome that are the same for every courier, made once when the rule
/// set is compiled.
#[derive(Debug, Clone)]
pub(crate) struct NodeText {
    /// The node's path below its rule (`criterion.all[1]`).
    pub(crate) path: SmolStr,
    /// The required value, when it depends on the criterion alone
    /// ([`super::render::fixed_expected`]).
    pub(crate) expected: Option<SmolStr>,
}

impl<'a> CompiledRuleSet<'a> {
    /// Compiles `set` with the thresholds of `params`. Never fails: an undefined parameter
    /// compiles to a criterion that fails with [`ReasonCode::UnknownParameter`].
    pub(crate) fn new(set: &'a RuleSet, params: &Parameters) -> CompiledRuleSet<'a> {
        let mut nodes = Vec::with_capacity(set.rules.len().saturating_mul(2));
        let mut rules = Vec::with_capacity(set.rules.len());
        for rule in &set.rules {
            let start = nodes.len();
            push_node(&mut nodes, &rule.criterion, 0, false, params);
            rules.push(CompiledRule {
                rule,
                id: SmolStr::new(&rule.id),
                from: rule.effective_from,
                to: rule.effective_to,
                start,
                end: nodes.len(),
                memo: NO_SLOT,
            });
        }
        CompiledRuleSet {
            id: SmolStr::new(&set.id),
            version: SmolStr::new(&set.version),
            from: set.effective_from,
            to: set.effective_to,
            texts: rules
                .iter()
                .flat_map(|r| {
                    let rule_nodes = nodes.get(r.start..r.end).unwrap_or(&[]);
                    super::render::paths(rule_nodes, r.start)
                        .into_iter()
                        .zip(rule_nodes)
                        .map(|(path, node)| NodeText {
                            path,
                            expected: super::render::fixed_expected(node),
                        })
                })
                .collect(),
            rules,
            nodes,
        }
    }

    /// Resolves the product ids of `holds_product` / `does_not_hold_product` criteria to
    /// indices of [`HeldBits`] (`index` gives the index of an id, if it has one).
    pub(crate) fn resolve_products(&mut self, index: impl Fn(&str) -> Option<u32>) {
        for node in &mut self.nodes {
            node.op = match (node.op, node.src) {
                (Op::Holds(_), Criterion::HoldsProduct { product_id }) => {
                    Op::Holds(index(product_id))
                }
                (Op::DoesNotHold(_), Criterion::DoesNotHoldProduct { product_id }) => {
                    Op::DoesNotHold(index(product_id))
                }
                (op, _) => op,
            };
        }
    }

    /// Whether the set is in effect on `date`.
    pub(crate) fn in_effect_on(&self, date: NaiveDate) -> bool {
        in_window(self.from, self.to, date)
    }

    /// Nodes of one rule.
    pub(crate) fn rule_nodes(&self, rule: &CompiledRule<'a>) -> &[Node<'a>] {
        self.nodes.get(rule.start..rule.end).unwrap_or(&[])
    }

    /// The fixed texts of `rule`'s nodes, in the order of [`CompiledRuleSet::rule_nodes`].
    pub(crate) fn rule_texts(&self, rule: &CompiledRule<'a>) -> &[NodeText] {
        self.texts.get(rule.start..rule.end).unwrap_or(&[])
    }
}

fn push_node<'a>(
    nodes: &mut Vec<Node<'a>>,
    c: &'a Criterion,
    depth: u32,
    negated: bool,
    params: &Parameters,
) {
    let index = nodes.len();
    let op = if depth >= MAX_EVAL_DEPTH {
        Op::TooDeep
    } else {
        match c {
            Criterion::All(_) => Op::All,
            Criterion::Any(_) => Op::Any,
            Criterion::Not(_) => Op::Not,
            Criterion::AgeRange { min, max } => Op::Age {
                min: min.as_ref().map(|t| Thr::of(t, params)),
                max: max.as_ref().map(|t| Thr::of(t, params)),
            },
            Criterion::TenureAtLeast { months } => Op::Tenure(Thr::of(months, params)),
            Criterion::OccupationIn { occupations } => {
                Op::Occupation(occupations.iter().fold(0u8, |m, o| m | occupation_bit(*o)))
            }
            Criterion::EmployerIsMember {} => Op::Member,
            Criterion::ProvinceIn { provinces } => {
                Op::Province(provinces.iter().fold(0u64, |m, p| m | province_bit(*p)))
            }
            Criterion::CityIn { .. } => Op::City,
            Criterion::IncomeAtLeast {
                monthly_fen,
                yearly_fen,
            } => Op::Income(match (monthly_fen, yearly_fen) {
                (Some(t), _) => Thr::of(t, params),
                (None, Some(y)) => match Thr::of(y, params) {
                    Thr::Value(v) => Thr::Value(super::criteria::monthly_for_yearly(v)),
                    Thr::Unknown => Thr::Unknown,
                },
                (None, None) => Thr::Unknown,
            }),
            Criterion::HoldsProduct { .. } => Op::Holds(None),
            Criterion::DoesNotHoldProduct { .. } => Op::DoesNotHold(None),
            Criterion::KycAtLeast { level } => Op::Kyc(*level),
            Criterion::ValidRiskAssessment {} => Op::ValidAssessment,
            Criterion::AssessmentFrequencyWithinLimits {} => Op::Frequency,
            Criterion::RiskGradeCoversProduct {} => Op::Grade,
            Criterion::OccupationClassCovered {} => Op::OccupationClass,
        }
    };
    nodes.push(Node {
        src: c,
        op,
        depth,
        end: index + 1,
        negated,
        slot: NO_SLOT,
        memo: NO_SLOT,
    });
    if op != Op::TooDeep {
        match c {
            Criterion::All(list) | Criterion::Any(list) => {
                for child in list {
                    push_node(nodes, child, depth + 1, negated, params);
                }
            }
            Criterion::Not(inner) => push_node(nodes, inner, depth + 1, !negated, params),
            _ => {}
        }
    }
    let end = nodes.len();
    if let Some(node) = nodes.get_mut(index) {
        node.end = end;
    }
}

/// Facts about the benefit judged that benefit-dependent criteria read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Benefit<'b> {
    pub(crate) rating: Option<RiskRating>,
    pub(crate) classes: &'b [u8],
}

/// State of the courier's risk assessment at the instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AssessmentState {
    Missing,
    /// Dated after the instant.
    NotYetTaken,
    /// Valid until the instant given.
    Valid(ChinaTime),
    /// Expired at the instant given (none when the expiry overflows the calendar).
    Expired(Option<ChinaTime>),
}

/// A courier's facts as of one instant, computed once and read by every criterion.
///
/// Deliberately not `Debug`: it holds the birth date.
pub(crate) struct Facts<'p> {
    pub(crate) profile: &'p CourierProfile,
    pub(crate) as_of: ChinaTime,
    pub(crate) today: NaiveDate,
    pub(crate) birth: Option<NaiveDate>,
    /// Age in whole years on `today` (meaningful when `birth` is known).
    pub(crate) age: i64,
    /// Whole months of tenure on `today`, at least 0 (meaningful with an employment start).
    pub(crate) tenure_months: i64,
    /// Whole months from the employment start to `today` (negative before it), when the
    /// start date is far enough from the ends of the calendar for month arithmetic.
    tenure_exact: Option<i64>,
    pub(crate) occupation_class: Option<u8>,
    pub(crate) member: Option<bool>,
    /// The city with a trailing 市 removed.
    pub(crate) city: Option<&'p str>,
    pub(crate) assessment: AssessmentState,
    pub(crate) max_rating: Option<RiskRating>,
    pub(crate) excess: Option<FrequencyExcess>,
}

impl<'p> Facts<'p> {
    /// The facts of `profile` at `as_of`.
    pub(crate) fn new(
        profile: &'p CourierProfile,
        as_of: ChinaTime,
        params: &Parameters,
        member_units: &BTreeSet<String>,
    ) -> Facts<'p> {
        let today = china_date(&as_of);
        let birth = profile.birth_date();
        let age = birth.map_or(0, |b| age_on(b, today));
        let tenure_raw = profile.employment_start.map(|s| whole_months(s, today));
        let tenure_months = tenure_raw.map_or(0, |m| m.max(0));
        let tenure_exact = tenure_raw.filter(|_| {
            profile
                .employment_start
                .is_some_and(|s| (-200_000..=200_000).contains(&s.year()))
        });
        let assessment = match &profile.risk_assessment {
            None => AssessmentState::Missing,
            Some(a) if a.assessed_at > as_of => AssessmentState::NotYetTaken,
            Some(a) => {
                match assessment_expires_at(a.assessed_at, params.assessment_validity_months) {
                    Some(exp) if as_of < exp => AssessmentState::Valid(exp),
                    exp => AssessmentState::Expired(exp),
                }
            }
        };
        Facts {
            profile,
            as_of,
            today,
            birth,
            age,
            tenure_months,
            tenure_exact,
            occupation_class: profile.occupation.and_then(|o| params.occupation_class(o)),
            member: profile
                .employer_code
                .as_ref()
                .map(|c| member_units.contains(c.raw())),
            city: profile.city.as_deref().map(normalise_city),
            assessment,
            max_rating: profile
                .risk_assessment
                .as_ref()
                .and_then(|a| params.max_rating_for(a.grade)),
            excess: frequency_excess(profile, params, as_of),
        }
    }
}

/// A city name without surrounding blanks and a trailing 市.
pub(crate) fn normalise_city(city: &str) -> &str {
    let t = city.trim();
    t.strip_suffix('市').unwrap_or(t)
}

/// The products a courier holds, as bits over indices given by the matcher (up to
/// [`HeldBits::CAPACITY`] products; criteria on others compare ids).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct HeldBits([u64; 4]);

impl HeldBits {
    /// How many product indices the bits cover.
    pub(crate) const CAPACITY: u32 = 256;

    /// Marks product `index` as held.
    pub(crate) fn insert(&mut self, index: u32) {
        let (word, bit) = (index / 64, index % 64);
        if let Some(w) = usize::try_from(word).ok().and_then(|w| self.0.get_mut(w)) {
            *w |= 1u64 << bit;
        }
    }

    /// Whether product `index` is held.
    pub(crate) fn contains(&self, index: u32) -> bool {
        let (word, bit) = (index / 64, index % 64);
        usize::try_from(word)
            .ok()
            .and_then(|w| self.0.get(w))
            .is_some_and(|w| w & (1u64 << bit) != 0)
    }
}

/// Everything a pass reads.
#[derive(Clone, Copy)]
pub(crate) struct Pass<'x> {
    pub(crate) facts: &'x Facts<'x>,
    pub(crate) benefit: Benefit<'x>,
    /// The held products as bits, when the criteria's product ids were resolved.
    pub(crate) held: Option<&'x HeldBits>,
    /// How many records at the start of the pool are outcomes of shared leaves (by slot),
    /// already evaluated for these facts (0: none, every leaf is evaluated).
    pub(crate) shared: usize,
}

/// The records of a pass: per criterion evaluated (pre-order, rule after rule) one index into a
/// pool of records. Equal leaves shared between rules refer to one pooled record, so recording
/// a shared leaf writes 4 bytes instead of copying a record.
#[derive(Debug, Default, Clone)]
pub(crate) struct RecordBuf {
    pub(crate) refs: Vec<u32>,
    pub(crate) pool: Vec<CriterionRecord>,
    /// The status of each record at the start of the pool, as a rule's (see
    /// [`RecordBuf::index_shared`]).
    slot_status: Vec<RuleStatus>,
}

impl RecordBuf {
    /// Empties both vectors (keeping their capacity).
    pub(crate) fn clear(&mut self) {
        self.refs.clear();
        self.pool.clear();
        self.slot_status.clear();
    }

    /// Notes the status of every record in the pool (the shared leaves' outcomes, before any
    /// rule is run) in a dense table read by [`run_planned`].
    pub(crate) fn index_shared(&mut self) {
        self.slot_status.clear();
        self.slot_status
            .extend(self.pool.iter().map(|r| rule_status(r.status)));
    }

    /// All the records, in order.
    pub(crate) fn view(&self) -> Records<'_> {
        Records {
            refs: &self.refs,
            pool: &self.pool,
        }
    }

    /// The records `refs` refer to in this pool.
    pub(crate) fn view_of<'x>(&'x self, refs: &'x [u32]) -> Records<'x> {
        Records {
            refs,
            pool: &self.pool,
        }
    }

    /// Adds `record` to the pool and a reference to it.
    #[inline]
    fn push(&mut self, record: CriterionRecord) -> usize {
        let at = self.pool.len();
        self.pool.push(record);
        self.refs.push(u32::try_from(at).unwrap_or(u32::MAX));
        at
    }
}

/// Read by a reference that is out of the pool (never happens: refs are written with their
/// record).
static OUT_OF_POOL: CriterionRecord = CriterionRecord::failed(ReasonCode::TooComplex);

/// A run of records (see [`RecordBuf`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Records<'x> {
    refs: &'x [u32],
    pool: &'x [CriterionRecord],
}

impl<'x> Records<'x> {
    /// Records `a..b` (empty when out of range).
    pub(crate) fn range(self, a: usize, b: usize) -> Records<'x> {
        Records {
            refs: self.refs.get(a..b).unwrap_or(&[]),
            pool: self.pool,
        }
    }

    /// Records from `a` on (empty when out of range).
    pub(crate) fn starting_at(self, a: usize) -> Records<'x> {
        Records {
            refs: self.refs.get(a..).unwrap_or(&[]),
            pool: self.pool,
        }
    }

    /// The records in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = &'x CriterionRecord> + 'x {
        let pool = self.pool;
        self.refs.iter().map(move |r| {
            usize::try_from(*r)
                .ok()
                .and_then(|i| pool.get(i))
                .unwrap_or(&OUT_OF_POOL)
        })
    }
}

/// The status of a shared leaf already in the pool, recording a reference to it with `R`.
#[inline]
fn shared_leaf<const R: bool>(
    node: &Node<'_>,
    pass: Pass<'_>,
    out: &mut RecordBuf,
) -> Option<CheckStatus> {
    let slot = usize::try_from(node.slot)
        .ok()
        .filter(|s| *s < pass.shared)?;
    let status = out.pool.get(slot)?.status;
    if R {
        out.refs.push(node.slot);
    }
    Some(status)
}

/// Evaluates node `i` (and its subtree); with `R`, records one record per node in pre-order.
fn eval_node<const R: bool>(
    nodes: &[Node<'_>],
    i: usize,
    pass: Pass<'_>,
    out: &mut RecordBuf,
) -> CheckStatus {
    let Some(node) = nodes.get(i) else {
        return CheckStatus::Failed;
    };
    let combination = matches!(node.op, Op::All | Op::Any | Op::Not);
    if !combination {
        let record = match node.op {
            Op::TooDeep => CriterionRecord::failed(ReasonCode::TooComplex),
            _ => {
                if let Some(status) = shared_leaf::<R>(node, pass, out) {
                    return status;
                }
                eval_leaf(node, pass)
            }
        };
        if R {
            out.push(record);
        }
        return record.status;
    }
    let slot = if R {
        out.push(CriterionRecord::new(
            CheckStatus::Unknown,
            ReasonCode::SomeUnknown,
        ))
    } else {
        0
    };
    let record = match node.op {
        Op::All | Op::Any => {
            let (mut failed, mut passed, mut unknown) = (false, false, false);
            let mut j = i + 1;
            while j < node.end {
                match eval_node::<R>(nodes, j, pass, out) {
                    CheckStatus::Passed => passed = true,
                    CheckStatus::Failed => failed = true,
                    CheckStatus::Unknown => unknown = true,
                }
                j = nodes.get(j).map_or(node.end, |n| n.end);
            }
            let unknown_record =
                CriterionRecord::new(CheckStatus::Unknown, ReasonCode::SomeUnknown);
            if node.op == Op::All {
                if failed {
                    CriterionRecord::failed(ReasonCode::SomeFailed)
                } else if unknown {
                    unknown_record
                } else {
                    CriterionRecord::passed(ReasonCode::AllPassed)
                }
            } else if passed {
                CriterionRecord::passed(ReasonCode::OnePassed)
            } else if unknown {
                unknown_record
            } else {
                CriterionRecord::failed(ReasonCode::NonePassed)
            }
        }
        Op::Not => match eval_node::<R>(nodes, i + 1, pass, out) {
            CheckStatus::Passed => CriterionRecord::failed(ReasonCode::InnerPassed),
            CheckStatus::Failed => CriterionRecord::passed(ReasonCode::InnerFailed),
            CheckStatus::Unknown => {
                CriterionRecord::new(CheckStatus::Unknown, ReasonCode::SomeUnknown)
            }
        },
        Op::TooDeep => CriterionRecord::failed(ReasonCode::TooComplex),
        _ => eval_leaf(node, pass),
    };
    if R {
        if let Some(s) = out.pool.get_mut(slot) {
            *s = record;
        }
    }
    record.status
}

/// The outcome of a leaf criterion.
// Inlined so that the record is built in place rather than copied back from a temporary.
#[inline(always)]
pub(crate) fn eval_leaf(node: &Node<'_>, pass: Pass<'_>) -> CriterionRecord {
    use CriterionRecord as C;
    use FactValue as V;
    let f = pass.facts;
    let p = f.profile;
    match (node.op, node.src) {
        (Op::Age { min, max }, _) => {
            if f.birth.is_none() {
                return C::missing(ProfileField::ResidentId);
            }
            let (min, max) = match (min, max) {
                (Some(Thr::Unknown), _) | (_, Some(Thr::Unknown)) => {
                    return C::failed(ReasonCode::UnknownParameter)
                }
                (min, max) => (value_of(min), value_of(max)),
            };
            let age = f.age;
            let observed = Some(V::Number(age));
            match (min, max) {
                (Some(m), _) if age < m => {
                    C::failed(ReasonCode::AgeBelowMinimum).values(observed, Some(V::Number(m)))
                }
                (_, Some(m)) if age > m => {
                    C::failed(ReasonCode::AgeAboveMaximum).values(observed, Some(V::Number(m)))
                }
                _ => C::passed(ReasonCode::AgeInRange).values(observed, min.or(max).map(V::Number)),
            }
        }
        (Op::Tenure(months), _) => {
            let Some(start) = p.employment_start else {
                return C::missing(ProfileField::EmploymentStart);
            };
            let Thr::Value(m) = months else {
                return C::failed(ReasonCode::UnknownParameter);
            };
            // Months are added with end-of-month clamping, which is increasing in the count:
            // the m-th monthly anniversary is reached exactly when m whole months have passed.
            let reached = match f.tenure_exact {
                Some(done) if (0..=1200).contains(&m) => done >= m,
                _ => add_months(start, m).is_some_and(|d| f.today >= d),
            };
            C::pass_if(
                reached,
                ReasonCode::TenureReached,
                ReasonCode::TenureTooShort,
            )
            .values(Some(V::Number(f.tenure_months)), Some(V::Number(m)))
        }
        (Op::Occupation(accepted), _) => {
            let Some(occ) = p.occupation else {
                return C::missing(ProfileField::Occupation);
            };
            C::pass_if(
                accepted & occupation_bit(occ) != 0,
                ReasonCode::OccupationAccepted,
                ReasonCode::OccupationNotAccepted,
            )
            .values(Some(V::Occupation(occ)), None)
        }
        (Op::Member, _) => match f.member {
            None => C::missing(ProfileField::EmployerCode),
            Some(member) => C::pass_if(
                member,
                ReasonCode::EmployerIsMember,
                ReasonCode::EmployerNotMember,
            )
            .values(Some(V::Masked), None),
        },
        (Op::Province(accepted), _) => {
            let Some(prov) = p.province else {
                return C::missing(ProfileField::Province);
            };
            C::pass_if(
                accepted & province_bit(prov) != 0,
                ReasonCode::ProvinceAccepted,
                ReasonCode::ProvinceNotAccepted,
            )
            .values(Some(V::Province(prov)), None)
        }
        (Op::City, Criterion::CityIn { cities }) => {
            let Some(mine) = f.city else {
                return C::missing(ProfileField::City);
            };
            C::pass_if(
                cities.iter().any(|c| normalise_city(c) == mine),
                ReasonCode::CityAccepted,
                ReasonCode::CityNotAccepted,
            )
            .values(Some(V::City), None)
        }
        (Op::Income(t), _) => {
            let Some(income) = p.monthly_income_fen else {
                return C::missing(ProfileField::MonthlyIncomeFen);
            };
            let Thr::Value(t) = t else {
                return C::failed(ReasonCode::UnknownParameter);
            };
            C::pass_if(
                income >= t,
                ReasonCode::IncomeReached,
                ReasonCode::IncomeTooLow,
            )
            .values(Some(V::Masked), Some(V::Number(t)))
        }
        (Op::Holds(index), Criterion::HoldsProduct { product_id }) => {
            let Some(held) = &p.held_products else {
                return C::missing(ProfileField::HeldProducts);
            };
            let h = match (index, pass.held) {
                (Some(i), Some(bits)) => bits.contains(i),
                _ => held.contains(product_id),
            };
            C::pass_if(h, ReasonCode::ProductHeld, ReasonCode::ProductNotHeld)
                .values(Some(V::Held(h)), Some(V::Held(true)))
        }
        (Op::DoesNotHold(index), Criterion::DoesNotHoldProduct { product_id }) => {
            let Some(held) = &p.held_products else {
                return C::missing(ProfileField::HeldProducts);
            };
            let h = match (index, pass.held) {
                (Some(i), Some(bits)) => bits.contains(i),
                _ => held.contains(product_id),
            };
            C::pass_if(
                !h,
                ReasonCode::ProductNotHeld,
                ReasonCode::ProductAlreadyHeld,
            )
            .values(Some(V::Held(h)), Some(V::Held(false)))
        }
        (Op::Kyc(level), _) => {
            let Some(kyc) = p.kyc_level else {
                return C::missing(ProfileField::KycLevel);
            };
            C::pass_if(kyc >= level, ReasonCode::KycReached, ReasonCode::KycTooLow)
                .values(Some(V::Kyc(kyc)), Some(V::Kyc(level)))
        }
        (Op::ValidAssessment, _) => {
            let required = Some(V::Instant(f.as_of));
            match f.assessment {
                AssessmentState::Missing => C::missing(ProfileField::RiskAssessment),
                AssessmentState::NotYetTaken => C::failed(ReasonCode::AssessmentNotYetTaken),
                AssessmentState::Valid(exp) => {
                    C::passed(ReasonCode::AssessmentValid).values(Some(V::Instant(exp)), required)
                }
                AssessmentState::Expired(exp) => {
                    C::failed(ReasonCode::AssessmentExpired).values(exp.map(V::Instant), required)
                }
            }
        }
        (Op::Frequency, _) => match f.excess {
            None => C::passed(ReasonCode::AssessmentFrequencyWithinLimits),
            Some(e) => C::failed(ReasonCode::AssessmentFrequencyExceeded).values(
                Some(V::Number(i64::try_from(e.count).unwrap_or(i64::MAX))),
                Some(V::Number(i64::from(e.limit.max_count))),
            ),
        },
        (Op::Grade, _) => {
            let Some(rating) = pass.benefit.rating else {
                return C::failed(ReasonCode::BenefitNotRated);
            };
            let Some(a) = &p.risk_assessment else {
                return C::missing(ProfileField::RiskAssessment);
            };
            C::pass_if(
                f.max_rating.is_some_and(|m| m >= rating),
                ReasonCode::GradeCoversRating,
                ReasonCode::GradeBelowRating,
            )
            .values(Some(V::Grade(a.grade)), Some(V::Rating(rating)))
        }
        (Op::OccupationClass, _) => {
            if pass.benefit.classes.is_empty() {
                return C::failed(ReasonCode::BenefitWithoutOccupationClasses);
            }
            if p.occupation.is_none() {
                return C::missing(ProfileField::Occupation);
            }
            let Some(class) = f.occupation_class else {
                return C::failed(ReasonCode::UnknownParameter);
            };
            C::pass_if(
                pass.benefit.classes.contains(&class),
                ReasonCode::OccupationClassCovered,
                ReasonCode::OccupationClassNotCovered,
            )
            .values(Some(V::OccupationClass(class)), None)
        }
        // A combination reaching here, or an op that does not match its source: fail closed.
        _ => C::failed(ReasonCode::TooComplex),
    }
}

fn value_of(t: Option<Thr>) -> Option<i64> {
    match t {
        Some(Thr::Value(v)) => Some(v),
        _ => None,
    }
}

/// Evaluates every rule of `set` as of the facts' instant. With `R`, appends the records of the
/// rules in effect (pre-order, rule after rule) to `records` (without `R` nothing is written;
/// only its pool's first `pass.shared` shared outcomes are read). Calls `on_rule` with each rule's
/// status, in order. Returns the decision's status and whether the set is in effect.
pub(crate) fn run_set<const R: bool>(
    set: &CompiledRuleSet<'_>,
    pass: Pass<'_>,
    records: &mut RecordBuf,
    mut on_rule: impl FnMut(RuleStatus),
) -> (Eligibility, bool) {
    let today = pass.facts.today;
    let set_in_effect = set.in_effect_on(today);
    let (mut failed, mut unknown) = (false, false);
    for rule in &set.rules {
        let status = if set_in_effect && in_window(rule.from, rule.to, today) {
            // Most rules are one shared leaf: read its outcome without a call.
            let shared = match set.nodes.get(rule.start) {
                Some(node) if node.end == rule.start + 1 => shared_leaf::<R>(node, pass, records),
                _ => None,
            };
            let status = match shared {
                Some(status) => status,
                None => eval_node::<R>(&set.nodes, rule.start, pass, records),
            };
            match status {
                CheckStatus::Passed => RuleStatus::Passed,
                CheckStatus::Failed => {
                    failed = true;
                    RuleStatus::Failed
                }
                CheckStatus::Unknown => {
                    unknown = true;
                    RuleStatus::Unknown
                }
            }
        } else {
            RuleStatus::NotInEffect
        };
        on_rule(status);
    }
    let status = if !set_in_effect || failed {
        Eligibility::Ineligible
    } else if unknown {
        Eligibility::Unknown
    } else {
        Eligibility::Eligible
    };
    (status, set_in_effect)
}

/// One rule of a rule set, planned for one date: where its nodes start, the shared slot of its
/// criterion when that is one shared leaf, and whether it is in effect on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlannedRule {
    start: u32,
    slot: u32,
    in_effect: bool,
}

/// Appends one [`PlannedRule`] per rule of `set` as of `date` to `out` (every rule out of
/// effect when the set is); returns whether the set is in effect.
pub(crate) fn plan_set(
    set: &CompiledRuleSet<'_>,
    date: NaiveDate,
    out: &mut Vec<PlannedRule>,
) -> bool {
    let set_in_effect = set.in_effect_on(date);
    out.extend(set.rules.iter().map(|rule| {
        let slot = match set.nodes.get(rule.start) {
            Some(node) if node.end == rule.start + 1 => node.slot,
            _ => NO_SLOT,
        };
        PlannedRule {
            start: u32::try_from(rule.start).unwrap_or(u32::MAX),
            slot,
            in_effect: set_in_effect && in_window(rule.from, rule.to, date),
        }
    }));
    set_in_effect
}

/// A criterion's status as a rule's.
#[inline]
fn rule_status(status: CheckStatus) -> RuleStatus {
    match status {
        CheckStatus::Passed => RuleStatus::Passed,
        CheckStatus::Failed => RuleStatus::Failed,
        CheckStatus::Unknown => RuleStatus::Unknown,
    }
}

/// [`run_set`] with the rules planned by [`plan_set`] for the facts' date (`planned` has one
/// entry per rule of `set`, `set_in_effect` is what `plan_set` returned), appending each rule's
/// status to `statuses`: the same records, statuses and answer, without looking at dates of
/// effect, and reading the status of a rule that is one shared leaf from
/// [`RecordBuf::index_shared`] without branching on it.
pub(crate) fn run_planned<const R: bool>(
    set: &CompiledRuleSet<'_>,
    planned: &[PlannedRule],
    set_in_effect: bool,
    pass: Pass<'_>,
    records: &mut RecordBuf,
    statuses: &mut Vec<RuleStatus>,
) -> (Eligibility, bool) {
    let (mut failed, mut unknown) = (false, false);
    statuses.reserve(planned.len());
    for rule in planned {
        let shared = if rule.in_effect {
            usize::try_from(rule.slot)
                .ok()
                .filter(|s| *s < pass.shared)
                .and_then(|s| records.slot_status.get(s))
                .copied()
        } else {
            Some(RuleStatus::NotInEffect)
        };
        let status = match shared {
            Some(status) => {
                if R && rule.in_effect {
                    records.refs.push(rule.slot);
                }
                status
            }
            None => rule_status(eval_node::<R>(
                &set.nodes,
                usize::try_from(rule.start).unwrap_or(usize::MAX),
                pass,
                records,
            )),
        };
        failed |= status == RuleStatus::Failed;
        unknown |= status == RuleStatus::Unknown;
        statuses.push(status);
    }
    let status = if !set_in_effect || failed {
        Eligibility::Ineligible
    } else if unknown {
        Eligibility::Unknown
    } else {
        Eligibility::Eligible
    };
    (status, set_in_effect)
}

/// When every rule of `planned` in effect is one shared leaf with a slot below `shared`:
/// appends their slots (the references [`run_planned`] would record) to `out` and returns
/// true. Otherwise appends nothing and returns false.
pub(crate) fn shared_refs(planned: &[PlannedRule], shared: usize, out: &mut Vec<u32>) -> bool {
    let all = planned
        .iter()
        .all(|r| !r.in_effect || usize::try_from(r.slot).is_ok_and(|s| s < shared));
    if all {
        out.extend(planned.iter().filter(|r| r.in_effect).map(|r| r.slot));
    }
    all
}

/// [`run_planned`] for rules that [`shared_refs`] accepted: the same statuses and answer,
/// read without a branch per rule. The references [`run_planned`] would record are not written:
/// they are the ones `shared_refs` gave (read them with [`RecordBuf::view_of`]).
pub(crate) fn run_planned_shared(
    planned: &[PlannedRule],
    set_in_effect: bool,
    records: &RecordBuf,
    statuses: &mut Vec<RuleStatus>,
) -> (Eligibility, bool) {
    let table = records.slot_status.as_slice();
    let (mut failed, mut unknown) = (false, false);
    statuses.extend(planned.iter().map(|r| {
        let status = if r.in_effect {
            usize::try_from(r.slot)
                .ok()
                .and_then(|s| table.get(s))
                .copied()
                .unwrap_or(RuleStatus::Failed)
        } else {
            RuleStatus::NotInEffect
        };
        failed |= status == RuleStatus::Failed;
        unknown |= status == RuleStatus::Unknown;
        status
    }));
    let status = if !set_in_effect || failed {
        Eligibility::Ineligible
    } else if unknown {
        Eligibility::Unknown
    } else {
        Eligibility::Eligible
    };
    (status, set_in_effect)
}

/// Walks the records of the rules in effect and calls `visit(node, record)` for every
/// criterion that blocks the decision: not passed, and no passed ancestor overrides it.
pub(crate) fn for_each_blocking<'s, 'a>(
    set: &'s CompiledRuleSet<'a>,
    rule_statuses: &[RuleStatus],
    records: Records<'_>,
    mut visit: impl FnMut(&'s Node<'a>, &CriterionRecord),
) {
    let mut offset = 0usize;
    for (rule, status) in set.rules.iter().zip(rule_statuses) {
        if *status == RuleStatus::NotInEffect {
            continue;
        }
        let nodes = set.rule_nodes(rule);
        let recs = records.starting_at(offset);
        offset += nodes.len();
        // Depth of the shallowest passed ancestor of the current node, if any.
        let mut passed_at: Option<u32> = None;
        for (node, rec) in nodes.iter().zip(recs.iter()) {
            if passed_at.is_some_and(|d| d >= node.depth) {
                passed_at = None;
            }
            if passed_at.is_some() {
                continue;
            }
            if rec.status == CheckStatus::Passed {
                passed_at = Some(node.depth);
                continue;
            }
            visit(node, rec);
        }
    }
}

/// The date a blocking criterion's "wait until" hint names, if it has one.
pub(crate) fn wait_date(
    node: &Node<'_>,
    rec: &CriterionRecord,
    facts: &Facts<'_>,
) -> Option<NaiveDate> {
    if node.negated || rec.status == CheckStatus::Passed {
        return None;
    }
    match (rec.reason, node.op) {
        (ReasonCode::AgeBelowMinimum, Op::Age { min, .. }) => {
            anniversary(facts.birth?, value_of(min)?)
        }
        (ReasonCode::TenureTooShort, Op::Tenure(Thr::Value(m))) => {
            add_months(facts.profile.employment_start?, m)
        }
        (ReasonCode::AssessmentFrequencyExceeded, Op::Frequency) => {
            facts.excess.map(|e| e.clear_on)
        }
        _ => None,
    }
}

/// Inputs of the search for the date of eligibility.
pub(crate) struct Later<'x> {
    pub(crate) params: &'x Parameters,
    pub(crate) member_units: &'x BTreeSet<String>,
    pub(crate) benefit: Benefit<'x>,
    pub(crate) held: Option<&'x HeldBits>,
}

/// When the decision is ineligible and only waiting is needed: the earliest date on which the
/// same profile becomes eligible. Candidates are the dates of blocking "wait until" hints;
/// each is checked by evaluating again on that day (other criteria may still block, and new
/// waiting criteria may appear).
pub(crate) fn eligible_on(
    set: &CompiledRuleSet<'_>,
    facts: &Facts<'_>,
    rule_statuses: &[RuleStatus],
    records: Records<'_>,
    later: &Later<'_>,
) -> Option<NaiveDate> {
    let mut candidates: BTreeSet<NaiveDate> = BTreeSet::new();
    let after = facts.today;
    for_each_blocking(set, rule_statuses, records, |node, rec| {
        if let Some(d) = wait_date(node, rec, facts).filter(|d| *d > after) {
            candidates.insert(d);
        }
    });
    if candidates.is_empty() {
        return None;
    }
    let mut recs = RecordBuf::default();
    let mut statuses = Vec::new();
    for _ in 0..MAX_ELIGIBLE_ON_CANDIDATES {
        let date = candidates.pop_first()?;
        let f = Facts::new(
            facts.profile,
            start_of_day(date),
            later.params,
            later.member_units,
        );
        recs.clear();
        statuses.clear();
        let pass = Pass {
            facts: &f,
            benefit: later.benefit,
            held: later.held,
            shared: 0,
        };
        let (status, _) = run_set::<true>(set, pass, &mut recs, |s| statuses.push(s));
        match status {
            Eligibility::Eligible => return Some(date),
            Eligibility::Unknown => return None,
            Eligibility::Ineligible => {
                for_each_blocking(set, &statuses, recs.view(), |node, rec| {
                    if let Some(d) = wait_date(node, rec, &f).filter(|d| *d > date) {
                        candidates.insert(d);
                    }
                });
            }
        }
    }
    None
}
