//! Rule-set checks stay within bounds on hostile input (issue 13, defects 2 and 3): however many
//! rule-set versions or rules a document has, each kind of issue is listed at most
//! `MAX_ISSUES_PER_KIND` times plus one issue counting the rest, and the peak heap grows at most
//! linearly with the input (measured by a peak-tracking global allocator).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::sync::Mutex;

use peak_alloc::PeakAlloc;
use serde_json::{json, Value};
use waystation::catalogue::{Catalogue, SAMPLE_CATALOGUE_JSON};
use waystation::eligibility::{
    check_rule_set_json, IssueCode, Parameters, ValidationIssue, MAX_ISSUES_PER_KIND,
};
use waystation::products::{ProductCatalogue, ProductError};
use waystation::requests::{respond, MAX_REQUEST_BYTES};

#[global_allocator]
static GLOBAL: PeakAlloc = PeakAlloc;

/// Tests of this file run one at a time, so that one's allocations do not count in another's
/// peak.
static SERIAL: Mutex<()> = Mutex::new(());

/// Heap bytes allowed per byte of a document that reads, at the peak of its check (measured:
/// about 4 for a rule set, 5 for a product catalogue, both read straight from the text, and
/// 4.5 for a `check_rule_set` request).
const BYTES_PER_INPUT_BYTE: usize = 16;
/// Heap bytes allowed per byte where a `serde_json::Value` is built: a rule set that does not
/// read is read into one to locate its problems (measured: about 30), and `load_catalogue`
/// reads a catalogue's product catalogue into one (measured: 22 in all).
const BYTES_PER_VALUE_BYTE: usize = 48;
/// A fixed allowance on top.
const FIXED_BYTES: usize = 4 << 20;

/// Runs `f` and returns its result and the peak of heap bytes allocated while it ran, over
/// those allocated before.
fn peak<T>(f: impl FnOnce() -> T) -> (T, usize) {
    GLOBAL.reset_peak_usage();
    let before = GLOBAL.current_usage();
    let out = f();
    (out, GLOBAL.peak_usage().saturating_sub(before))
}

fn within(what: &str, per_byte: usize, input: usize, peak: usize) {
    let bound = per_byte * input + FIXED_BYTES;
    eprintln!(
        "{what}: input {input} bytes, peak {peak} bytes ({:.1} per input byte)",
        peak as f64 / input as f64
    );
    assert!(
        peak <= bound,
        "{what}: peak {peak} bytes for {input} input bytes, more than {bound}"
    );
}

fn counts(issues: &[ValidationIssue]) -> BTreeMap<IssueCode, usize> {
    let mut out = BTreeMap::new();
    for i in issues {
        *out.entry(i.code).or_insert(0) += 1;
    }
    out
}

fn product_catalogue() -> Value {
    let mut doc: Value = serde_json::from_str(SAMPLE_CATALOGUE_JSON).unwrap();
    doc["product_catalogue"].take()
}

/// `n` versions of rule set `dup`, all in effect on every day (`same_label`: all labelled 1).
fn versions(n: usize, same_label: bool) -> Vec<Value> {
    (0..n)
        .map(|i| {
            json!({"id": "dup", "version": if same_label { "1".to_string() } else { i.to_string() },
                   "description": {"zh": "x", "en": "x"},
                   "rules": [{"id": "r", "description": {"zh": "x", "en": "x"},
                              "source": {"document": "p"},
                              "criterion": {"age_range": {"min": 18}}}]})
        })
        .collect()
}

#[test]
fn overlapping_versions_give_bounded_issues_and_memory() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for same_label in [false, true] {
        let code = if same_label {
            IssueCode::DuplicateRuleSetVersion
        } else {
            IssueCode::OverlappingRuleSetVersions
        };
        for n in [1_000, 4_000, 16_000] {
            let mut pc = product_catalogue();
            let first = pc["rule_sets"].as_array().unwrap().len();
            pc["rule_sets"]
                .as_array_mut()
                .unwrap()
                .extend(versions(n, same_label));
            let text = pc.to_string();
            drop(pc);
            let (result, used) = peak(|| ProductCatalogue::from_json(&text));
            let Err(ProductError::Invalid { issues }) = result else {
                panic!("{n} versions accepted")
            };
            within(
                &format!("{n} versions ({code:?})"),
                BYTES_PER_INPUT_BYTE,
                text.len(),
                used,
            );
            assert_eq!(
                counts(&issues),
                BTreeMap::from([(code, MAX_ISSUES_PER_KIND + 1)])
            );
            let of: Vec<&ValidationIssue> = issues.iter().filter(|i| i.code == code).collect();
            assert_eq!(
                of[MAX_ISSUES_PER_KIND].message,
                format!(
                    "and {} more problems of this kind from here on, not listed (only the first \
                     {MAX_ISSUES_PER_KIND} of each kind are)",
                    n - 1 - MAX_ISSUES_PER_KIND
                )
            );
            // The first ones, each naming the version it repeats or overlaps.
            for (k, issue) in of.iter().take(3).enumerate() {
                let (at, message) = if same_label {
                    (
                        format!("rule_sets[{}].version", first + k + 1),
                        format!("rule set dup version 1 is also rule_sets[{first}]"),
                    )
                } else {
                    (
                        format!("rule_sets[{}].effective_from", first + k + 1),
                        format!(
                            "versions {k} and {} of rule set dup are in effect on the same days \
                             (this one overlaps rule_sets[{}])",
                            k + 1,
                            first + k
                        ),
                    )
                };
                assert_eq!(
                    (issue.path.as_str(), issue.message.as_str()),
                    (&*at, &*message)
                );
            }
        }
    }
}

#[test]
fn a_catalogue_under_the_request_limit_with_thousands_of_versions_is_answered() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let sample = Catalogue::from_json(SAMPLE_CATALOGUE_JSON).unwrap();
    let mut doc: Value = serde_json::from_str(SAMPLE_CATALOGUE_JSON).unwrap();
    // Short versions, as many as fit under the request limit.
    let version = |i: usize| {
        json!({"id": "d", "version": i.to_string(), "description": {"zh": "x", "en": "x"},
               "rules": []})
    };
    let base = json!({"op": "load_catalogue", "catalogue": doc})
        .to_string()
        .len();
    let each = version(10_000).to_string().len() + 1;
    let n = (MAX_REQUEST_BYTES - base) / each;
    doc["product_catalogue"]["rule_sets"]
        .as_array_mut()
        .unwrap()
        .extend((0..n).map(version));
    let request = json!({"op": "load_catalogue", "catalogue": doc}).to_string();
    drop(doc);
    assert!(request.len() <= MAX_REQUEST_BYTES, "{}", request.len());
    assert!(n > 6_000, "{n}");
    let (answer, used) = peak(|| respond(&sample, &request));
    within(
        &format!("load_catalogue of {n} versions"),
        BYTES_PER_VALUE_BYTE,
        request.len(),
        used,
    );
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["error"]["code"], "invalid_input", "{answer}");
    assert!(
        answer.to_string().len() < 64 << 10,
        "{}",
        answer.to_string().len()
    );
}

/// A rule set of `n` rules made by `rule(i)`.
fn rule_set(n: usize, rule: impl Fn(usize) -> Value) -> String {
    json!({"id": "x", "version": "1", "description": {"zh": "x", "en": "x"},
           "rules": (0..n).map(rule).collect::<Vec<_>>()})
    .to_string()
}

fn check(what: &str, per_byte: usize, text: &str) -> Vec<ValidationIssue> {
    let (issues, used) = peak(|| check_rule_set_json(text, &Parameters::default()));
    within(what, per_byte, text.len(), used);
    issues
}

#[test]
fn many_rules_give_bounded_issues_and_memory() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let cap = MAX_ISSUES_PER_KIND + 1;
    for n in [1_000, 4_000, 16_000] {
        // Rules that contradict each other (pairwise work if they were compared).
        let text = rule_set(n, |i| {
            let c = if i % 2 == 0 {
                json!({"age_range": {"min": 18}})
            } else {
                json!({"age_range": {"max": 16}})
            };
            json!({"id": format!("r{i}"), "description": {"zh": "x", "en": "x"},
                   "source": {"document": "p"}, "criterion": c})
        });
        let issues = check(
            &format!("{n} rules contradicting each other"),
            BYTES_PER_INPUT_BYTE,
            &text,
        );
        assert_eq!(
            counts(&issues),
            BTreeMap::from([
                (IssueCode::TooManyRules, 1),
                (IssueCode::TooManyCriteria, 1)
            ])
        );
        // The same rule, n times: a duplicate id, a contradiction and a blank source each.
        let text = rule_set(n, |_| {
            json!({"id": "same", "description": {"zh": "x", "en": "x"},
                   "source": {"document": ""},
                   "criterion": {"all": [{"age_range": {"min": 30}}, {"age_range": {"max": 20}}]}})
        });
        let issues = check(&format!("{n} duplicate rules"), BYTES_PER_INPUT_BYTE, &text);
        assert_eq!(
            counts(&issues),
            BTreeMap::from([
                (IssueCode::DuplicateRuleId, cap),
                (IssueCode::MissingSource, cap),
                (IssueCode::TooManyRules, 1),
                (IssueCode::TooManyCriteria, 1),
                (IssueCode::Contradiction, cap),
            ])
        );
        // Rules that do not parse: each located, the list capped.
        let text = rule_set(n, |i| json!({"id": format!("r{i}"), "colour": "red"}));
        let issues = check(
            &format!("{n} unparsable rules"),
            BYTES_PER_VALUE_BYTE,
            &text,
        );
        assert_eq!(
            counts(&issues),
            BTreeMap::from([(IssueCode::UnknownField, cap)])
        );
    }
}

#[test]
fn the_check_rule_set_request_is_bounded() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let sample = Catalogue::from_json(SAMPLE_CATALOGUE_JSON).unwrap();
    let n = 8_000;
    let rule_set: Value = serde_json::from_str(&rule_set(n, |i| {
        json!({"id": "same", "description": {"zh": "", "en": "x"}, "source": {"document": "p"},
               "criterion": {"age_range": {"min": 18 + i % 2 * 50, "max": 40}}})
    }))
    .unwrap();
    let request = json!({"op": "check_rule_set", "rule_set": rule_set}).to_string();
    drop(rule_set);
    assert!(request.len() <= MAX_REQUEST_BYTES, "{}", request.len());
    let (answer, used) = peak(|| respond(&sample, &request));
    within(
        &format!("check_rule_set of {n} rules"),
        BYTES_PER_INPUT_BYTE,
        request.len(),
        used,
    );
    let answer: Value = serde_json::from_str(&answer).unwrap();
    let issues: Vec<ValidationIssue> = serde_json::from_value(answer["ok"].clone()).unwrap();
    let cap = MAX_ISSUES_PER_KIND + 1;
    assert_eq!(
        counts(&issues),
        BTreeMap::from([
            (IssueCode::DuplicateRuleId, cap),
            (IssueCode::MissingDescription, cap),
            (IssueCode::TooManyRules, 1),
            (IssueCode::TooManyCriteria, 1),
            (IssueCode::ImpossibleRange, cap),
            (IssueCode::Contradiction, cap),
        ])
    );
}
