//! The worded answers of product matching and eligibility as a courier reads them, on every
//! platform (the JSON answer the bindings and the request API return): for the sample courier of
//! the conformance cases, couriers with inputs missing, one eligible for nothing, a senior, a
//! qualified investor and synthetic couriers, every message, summary, hint and notice of
//! `match_products` (personalised and not) and of `check_product` for every product names no
//! internal id, uses Chinese punctuation in zh-CN and no Chinese in en, and names by its name
//! every product a rule refers to.
#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use waystation::catalogue::Catalogue;
use waystation::eligibility::Eligibility;
use waystation::matching::MatchOptions;
use waystation::products::ProductCatalogue;
use waystation::profile::CourierProfile;
use waystation::synthetic::{courier_profiles, ProfileConfig};
use waystation::time::ChinaTime;
use waystation::words;

const INSTANTS: &[&str] = &["2026-11-28T10:00:00+08:00", "2026-06-01T09:00:00+08:00"];

/// ASCII punctuation that zh-CN text writes full-width (the comma is left to numbers: `1,000元`).
const ASCII_IN_ZH: &[char] = &[':', '(', ')', '[', ']'];

fn is_cjk(c: char) -> bool {
    ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// A valid GB 11643 resident ID number for a birth date `yyyymmdd` in Jinan.
fn resident_id(birth: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let body = format!("370102{birth}001");
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).expect("digit") * w)
        .sum();
    format!("{body}{}", CHECK[(sum % 11) as usize])
}

/// The couriers of the test, by name.
fn couriers(products: &ProductCatalogue) -> Vec<(String, CourierProfile)> {
    let profile = |v: Value| CourierProfile::from_value(&v).expect("profile");
    // The sample courier of the conformance cases (tests/conformance/eligibility.json).
    let sample = json!({
        "assessment_history": ["2026-03-20T15:30:00+08:00"], "city": "济南",
        "employer_code": "91370102MA3C4U7K58", "employment_start": "2025-09-01",
        "held_products": ["courier_debit_card"], "kyc_level": "verified",
        "monthly_income_fen": 680000, "needs": ["protect", "borrow", "save"],
        "occupation": "express_courier", "personalisation_opt_out": false,
        "province": "shandong", "resident_id": "370102199506122017",
        "risk_assessment": {"assessed_at": "2026-03-20T15:30:00+08:00", "grade": "c2"}
    });
    let mut rich = sample.clone();
    rich["monthly_income_fen"] = json!(4_000_000);
    rich["kyc_level"] = json!("full");
    rich["risk_assessment"] = json!({"assessed_at": "2026-05-20T15:30:00+08:00", "grade": "c4"});
    let mut out = vec![
        ("sample courier".to_string(), profile(sample)),
        ("qualified investor".to_string(), profile(rich)),
        ("nothing given".to_string(), profile(json!({}))),
        (
            "occupation only".to_string(),
            profile(json!({"occupation": "express_courier", "needs": ["pay"]})),
        ),
        (
            // Fifteen, no identity check, no income: eligible for nothing.
            "eligible for nothing".to_string(),
            profile(json!({
                "resident_id": resident_id("20110301"), "occupation": "ride_hailing_driver",
                "employer_code": "91370100MA3C7K1P71", "employment_start": "2026-10-01",
                "province": "guangdong", "city": "深圳", "monthly_income_fen": 0,
                "held_products": [], "kyc_level": "none", "needs": ["save", "borrow"],
                "risk_assessment": {"assessed_at": "2024-01-10T10:00:00+08:00", "grade": "c1"}
            })),
        ),
        (
            // The senior of the conformance cases.
            "senior".to_string(),
            profile(json!({
                "employer_code": "91370100MA3C7K1P71", "employment_start": "2020-01-01",
                "held_products": ["courier_debit_card"], "kyc_level": "verified",
                "needs": ["save"], "occupation": "express_courier",
                "resident_id": "370102196003152018",
                "risk_assessment": {"assessed_at": "2026-09-01T10:00:00+08:00", "grade": "c4"}
            })),
        ),
    ];
    let config = ProfileConfig {
        count: 40,
        product_ids: products.products.iter().map(|p| p.id.clone()).collect(),
        missing: 0.2,
        ..ProfileConfig::default()
    };
    out.extend(
        courier_profiles(&config)
            .enumerate()
            .map(|(i, p)| (format!("synthetic courier {i}"), p)),
    );
    out
}

/// Product ids each rule refers to, by (rule set id, version, rule id).
fn products_named_by_rules(
    products: &ProductCatalogue,
) -> BTreeMap<(String, String, String), Vec<String>> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("product_id", Value::String(id)) => out.push(id.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut map = BTreeMap::new();
    for rs in &products.rule_sets {
        for rule in &rs.rules {
            let mut ids = Vec::new();
            walk(
                &serde_json::to_value(&rule.criterion).expect("criterion"),
                &mut ids,
            );
            if !ids.is_empty() {
                map.insert((rs.id.clone(), rs.version.clone(), rule.id.clone()), ids);
            }
        }
    }
    map
}

/// What is wrong with the texts of one answer (`where` names it in the messages).
struct Check<'a> {
    products: &'a ProductCatalogue,
    named_by_rules: &'a BTreeMap<(String, String, String), Vec<String>>,
    problems: Vec<String>,
    worded: usize,
}

impl Check<'_> {
    fn name_of(&self, id: &str) -> (&str, &str) {
        let p = self
            .products
            .product(id)
            .expect("a rule names a product of the catalogue");
        (p.name.zh.as_str(), p.name.en.as_str())
    }

    /// A text the library words: no id, zh-CN punctuation, no Chinese in en.
    fn worded(&mut self, at: &str, text: &Value) {
        let (Some(zh), Some(en)) = (text["zh"].as_str(), text["en"].as_str()) else {
            self.problems
                .push(format!("{at}: not a text in zh and en: {text}"));
            return;
        };
        self.worded += 1;
        for (lang, t) in [("zh-CN", zh), ("en", en)] {
            if t.trim().is_empty() {
                self.problems.push(format!("{at}: {lang} text missing"));
            }
            if words::contains_internal_id(t) {
                self.problems
                    .push(format!("{at}: id in the {lang} text {t:?}"));
            }
        }
        if zh.contains(ASCII_IN_ZH) {
            self.problems
                .push(format!("{at}: ASCII punctuation in zh-CN {zh:?}"));
        }
        if en.chars().any(is_cjk) {
            self.problems.push(format!("{at}: Chinese in en {en:?}"));
        }
    }

    /// A text from the catalogue's data (product names and summaries, rule descriptions): both
    /// languages given, the English one English, the Chinese one with Chinese punctuation.
    fn data(&mut self, at: &str, text: &Value) {
        let (Some(zh), Some(en)) = (text["zh"].as_str(), text["en"].as_str()) else {
            self.problems
                .push(format!("{at}: not a text in zh and en: {text}"));
            return;
        };
        if zh.trim().is_empty() || en.trim().is_empty() {
            self.problems
                .push(format!("{at}: a language missing in {text}"));
        }
        if zh.contains(ASCII_IN_ZH) {
            self.problems
                .push(format!("{at}: ASCII punctuation in zh-CN data {zh:?}"));
        }
        if en.chars().any(is_cjk) {
            self.problems
                .push(format!("{at}: Chinese in en data {en:?}"));
        }
    }

    /// A decision: its summary, notices, hints, every criterion's message and hint; a rule that
    /// refers to products names each of them by name in its criteria's messages.
    fn decision(&mut self, at: &str, d: &Value) {
        self.worded(&format!("{at}.summary"), &d["summary"]);
        for (i, n) in d["notices"].as_array().into_iter().flatten().enumerate() {
            self.worded(&format!("{at}.notices[{i}]"), &n["message"]);
        }
        for (i, h) in d["hints"].as_array().into_iter().flatten().enumerate() {
            self.hint(&format!("{at}.hints[{i}]"), h);
        }
        let set = (
            d["stamp"]["rule_set_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            d["stamp"]["rule_set_version"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
        for (r, rule) in d["rules"].as_array().into_iter().flatten().enumerate() {
            let at = format!("{at}.rules[{r}]");
            self.data(&format!("{at}.description"), &rule["description"]);
            let criteria = rule["criteria"].as_array().cloned().unwrap_or_default();
            for (c, crit) in criteria.iter().enumerate() {
                self.worded(&format!("{at}.criteria[{c}].message"), &crit["message"]);
                if !crit["hint"].is_null() {
                    self.hint(&format!("{at}.criteria[{c}].hint"), &crit["hint"]);
                }
            }
            let key = (
                set.0.clone(),
                set.1.clone(),
                rule["rule_id"].as_str().unwrap_or_default().to_string(),
            );
            let evaluated = criteria.iter().any(|c| c["reason"] != "missing_input");
            if let (Some(ids), true) = (self.named_by_rules.get(&key), evaluated) {
                for id in ids {
                    let (zh, en) = self.name_of(id);
                    let said = |lang: &str, name: &str| {
                        criteria.iter().any(|c| {
                            c["message"][lang]
                                .as_str()
                                .unwrap_or_default()
                                .contains(name)
                        })
                    };
                    if !said("zh", zh) || !said("en", en) {
                        self.problems.push(format!(
                            "{at}: rule {} refers to {id} but its messages do not name it ({zh} / {en})",
                            key.2
                        ));
                    }
                }
            }
        }
    }

    fn hint(&mut self, at: &str, h: &Value) {
        self.worded(&format!("{at}.message"), &h["message"]);
        if let Some(id) = h["product_id"].as_str() {
            let (zh, en) = self.name_of(id);
            let m = &h["message"];
            if !m["zh"].as_str().unwrap_or_default().contains(zh)
                || !m["en"].as_str().unwrap_or_default().contains(en)
            {
                self.problems
                    .push(format!("{at}: does not name the product {id}: {m}"));
            }
        }
    }

    /// A match result: its notices, and every entry's texts.
    fn match_result(&mut self, at: &str, r: &Value) {
        for (i, n) in r["notices"].as_array().into_iter().flatten().enumerate() {
            self.worded(&format!("{at}.notices[{i}]"), &n["message"]);
        }
        let recommended = r["recommended"].as_array().cloned().unwrap_or_default();
        let excluded = r["excluded"].as_array().cloned().unwrap_or_default();
        for (list, entries) in [("recommended", &recommended), ("excluded", &excluded)] {
            for (i, e) in entries.iter().enumerate() {
                let at = format!("{at}.{list}[{i}] {}", e["product_id"]);
                self.data(&format!("{at}.name"), &e["name"]);
                self.data(&format!("{at}.summary"), &e["summary"]);
                for (f, factor) in e["factors"].as_array().into_iter().flatten().enumerate() {
                    self.worded(&format!("{at}.factors[{f}]"), &factor["message"]);
                }
                if !e["exclusion"].is_null() {
                    self.worded(&format!("{at}.exclusion"), &e["exclusion"]["message"]);
                }
                for (n, notice) in e["notices"].as_array().into_iter().flatten().enumerate() {
                    self.worded(&format!("{at}.notices[{n}]"), &notice["message"]);
                    if notice["code"] == "cooling_off_period"
                        && e["decision"]["status"] != "eligible"
                    {
                        self.problems.push(format!(
                            "{at}: a cooling-off notice on a product the courier may not buy"
                        ));
                    }
                }
                self.decision(&format!("{at}.decision"), &e["decision"]);
            }
        }
        // Only recommended products are ranked: nothing left out shows a score or its factors.
        for e in &excluded {
            if e["score"] != 0 || e["factors"].as_array().is_some_and(|f| !f.is_empty()) {
                self.problems.push(format!(
                    "{at}: excluded {} shows a score or ranking factors",
                    e["product_id"]
                ));
            }
        }
    }
}

#[test]
fn every_worded_answer_reads_as_a_courier_expects() {
    let catalogue = Catalogue::sample().expect("sample catalogue");
    let products = catalogue.products().expect("products");
    let named_by_rules = products_named_by_rules(products);
    assert!(
        !named_by_rules.is_empty(),
        "the sample rules refer to products (the debit card)"
    );
    let mut check = Check {
        products,
        named_by_rules: &named_by_rules,
        problems: Vec::new(),
        worded: 0,
    };
    let people = couriers(products);
    for instant in INSTANTS {
        let at: ChinaTime = instant.parse().expect("instant");
        for (who, profile) in &people {
            for personalised in [true, false] {
                let options = MatchOptions {
                    personalised,
                    ..MatchOptions::default()
                };
                let r = catalogue
                    .match_products(profile, at, &options)
                    .expect("match");
                if who == "eligible for nothing" {
                    assert!(r.recommended.is_empty(), "{who}: {:?}", r.recommended);
                    assert!(r
                        .excluded
                        .iter()
                        .all(|e| e.decision.status == Eligibility::Ineligible));
                }
                let r = serde_json::to_value(&r).expect("JSON");
                check.match_result(
                    &format!("{who} {instant} match (personalised {personalised})"),
                    &r,
                );
            }
            for p in &products.products {
                let d = catalogue
                    .check_product(&p.id, profile, at)
                    .expect("check_product");
                let d = serde_json::to_value(&d).expect("JSON");
                check.decision(&format!("{who} {instant} check_product {}", p.id), &d);
            }
        }
    }
    let problems: BTreeSet<&String> = check.problems.iter().collect();
    assert!(
        problems.is_empty(),
        "{} problems in {} worded texts, e.g.:\n{}",
        problems.len(),
        check.worded,
        problems
            .iter()
            .take(30)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(check.worded > 10_000, "only {} texts checked", check.worded);
}

#[test]
fn the_request_api_gives_the_same_worded_answers() {
    // What bindings return is the answer of `respond`: the same texts as the typed calls.
    let catalogue = Catalogue::sample().expect("sample catalogue");
    let profile = json!({"occupation": "express_courier", "kyc_level": "basic",
        "resident_id": "370102199506122017", "held_products": []});
    let request = json!({"op": "check_product", "product_id": "wealth_cash_r1",
        "profile": profile, "as_of": INSTANTS[0]});
    let answer: Value =
        serde_json::from_str(&waystation::respond(&catalogue, &request.to_string())).expect("JSON");
    let typed = catalogue
        .check_product(
            "wealth_cash_r1",
            &CourierProfile::from_value(&profile).expect("profile"),
            INSTANTS[0].parse().expect("instant"),
        )
        .expect("decision");
    let typed = serde_json::to_value(&typed).expect("JSON");
    let hint = |v: &Value| -> Option<Value> {
        v.as_object()?
            .values()
            .find_map(|d| d.get("hints").cloned())
            .or_else(|| v.get("hints").cloned())
    };
    let hints = hint(&answer).expect("hints in the answer");
    assert_eq!(Some(hints.clone()), typed.get("hints").cloned());
    let obtain = hints
        .as_array()
        .into_iter()
        .flatten()
        .find(|h| h["kind"] == "obtain_product")
        .expect("the debit card is needed first");
    assert_eq!(obtain["product_id"], "courier_debit_card");
    assert_eq!(obtain["message"]["zh"], "请先办理“快递员专属借记卡”");
    assert_eq!(
        obtain["message"]["en"],
        "first obtain \"Courier debit card\""
    );
}

#[test]
fn thresholds_are_worded_as_the_rules_state_them() {
    let catalogue = Catalogue::sample().expect("sample catalogue");
    let courier = CourierProfile::from_value(&json!({
        "resident_id": "370102199506122017", "occupation": "express_courier",
        "monthly_income_fen": 680000, "kyc_level": "verified", "held_products": [],
        "risk_assessment": {"assessed_at": "2026-03-20T15:30:00+08:00", "grade": "c2"}
    }))
    .expect("profile");
    let at: ChinaTime = INSTANTS[0].parse().expect("instant");
    let d = catalogue
        .check_product("wealth_private_r3", &courier, at)
        .expect("decision");
    let rule = d
        .rules
        .iter()
        .find(|r| r.rule_id == "qualified_investor")
        .expect("the qualified-investor rule");
    // 400,000 yuan a year, not its monthly share of 33,333.34.
    assert_eq!(
        rule.criteria[0].message.zh,
        "按月收入折算的年收入低于400,000元"
    );
    assert_eq!(
        rule.criteria[0].message.en,
        "yearly income (12 times the monthly income) is below CNY 400,000"
    );
    // Ages as words, not operators.
    let adult = d
        .rules
        .iter()
        .find(|r| r.rule_id == "adult")
        .expect("adult");
    assert_eq!(adult.criteria[0].message.zh, "年龄31周岁，已满18周岁");
    assert_eq!(adult.criteria[0].message.en, "aged 31, at least 18");
    let loan = catalogue
        .products()
        .expect("products")
        .product("courier_micro_loan")
        .and_then(|p| p.loan)
        .expect("loan terms");
    let terms = waystation::matching::describe_loan(&loan);
    assert_eq!(terms.zh, "额度1,000元至50,000元，最长12个月");
    assert_eq!(terms.en, "CNY 1,000 to CNY 50,000, up to 12 months");
}

/// `answer` with every text (`{"zh": …, "en": …}`) blanked in every language but `keep`
/// (`"zh"` or `"en"`); counts the texts in `texts`.
fn keep_only(answer: &Value, keep: &str, texts: &mut usize) -> Value {
    match answer {
        Value::Object(map) => {
            let is_text = map.len() == 2
                && map.get("zh").is_some_and(Value::is_string)
                && map.get("en").is_some_and(Value::is_string);
            if is_text {
                *texts += 1;
                let mut out = map.clone();
                for (lang, text) in out.iter_mut() {
                    if lang != keep {
                        *text = json!("");
                    }
                }
                return Value::Object(out);
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), keep_only(v, keep, texts)))
                    .collect(),
            )
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| keep_only(v, keep, texts)).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn an_answer_in_one_language_is_the_answer_in_both_with_the_other_blanked() {
    use waystation::catalogue::Limits;
    use waystation::lang::Lang;
    use waystation::products::ProductKind;
    // The sample catalogue, and one of 60 products with rule sets of every shape (as in
    // `benches/matching.rs`).
    let sample = Catalogue::sample().expect("sample catalogue");
    let mut doc = sample.document().clone();
    doc.product_catalogue =
        Some(waystation::synthetic::product_catalogue(7, 60).expect("synthetic products"));
    let large = Catalogue::from_document(doc, &Limits::default()).expect("catalogue");
    let option_sets = [
        MatchOptions::default(),
        MatchOptions {
            personalised: false,
            ..MatchOptions::default()
        },
        MatchOptions {
            kinds: vec![ProductKind::Wealth, ProductKind::MicroLoan],
            limit: Some(2),
            ..MatchOptions::default()
        },
    ];
    let (mut answers, mut texts) = (0usize, 0usize);
    for catalogue in [&sample, &large] {
        let people = couriers(catalogue.products().expect("products"));
        for instant in INSTANTS {
            let at: ChinaTime = instant.parse().expect("instant");
            for (who, profile) in &people {
                for options in &option_sets {
                    let both = catalogue
                        .match_products(profile, at, options)
                        .expect("match");
                    let both = serde_json::to_value(&both).expect("JSON");
                    for (lang, keep) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
                        let one_options = MatchOptions {
                            lang: Some(lang),
                            ..options.clone()
                        };
                        let one = catalogue
                            .match_products(profile, at, &one_options)
                            .expect("match");
                        let one = serde_json::to_value(&one).expect("JSON");
                        let expected = keep_only(&both, keep, &mut texts);
                        assert!(
                            one == expected,
                            "{who} at {instant} with {one_options:?}: the answer in {keep} \
                             only differs from the answer in both languages"
                        );
                        answers += 1;
                    }
                }
            }
        }
    }
    assert!(answers >= 500, "only {answers} answers compared");
    assert!(texts >= 100_000, "only {texts} texts compared");
}
