//! The message catalogue as users meet it: the review table is current, and every error an app
//! receives carries a stable key and an end-user message in zh-CN and en that names no internal
//! id, uses Chinese punctuation, and keeps the developer detail apart.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::Path;

use serde_json::Value;
use waystation::{respond, words, Catalogue, Lang};

#[test]
fn the_review_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/WORDS.md");
    let table = words::review_table();
    if std::env::var_os("WAYSTATION_BLESS").is_some() {
        std::fs::write(&path, &table).expect("write docs/WORDS.md");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == table,
        "docs/WORDS.md is out of date: run WAYSTATION_BLESS=1 cargo test -p waystation --test words"
    );
}

fn error_of(catalogue: &Catalogue, request: &str) -> Value {
    let answer: Value = serde_json::from_str(&respond(catalogue, request)).expect("JSON answer");
    answer
        .get("error")
        .cloned()
        .unwrap_or_else(|| panic!("expected an error for {request}, got {answer}"))
}

/// (request, expected key, expected zh-CN message)
const CASES: &[(&str, &str, &str)] = &[
    (
        r#"{"op":"validate_resident_id","resident_id":"370102199506122018"}"#,
        "error.invalid_field",
        "身份证号码有误，请检查后重试",
    ),
    (
        r#"{"op":"match_products","as_of":"2026-11-28T10:00:00+08:00","profile":{"resident_id":"37010219950612201X"}}"#,
        "error.invalid_field",
        "身份证号码有误，请检查后重试",
    ),
    (
        r#"{"op":"nearby","query":{"position":{"lat":200,"lon":117,"datum":"wgs84"},"at":"2026-06-10T10:00:00+08:00"}}"#,
        "error.invalid_field",
        "纬度有误，请检查后重试",
    ),
    (
        r#"{"op":"station_status","station_id":"no_such_station","at":"2026-06-10T10:00:00+08:00"}"#,
        "error.not_found.station",
        "没有找到这个驿站，它可能已停用",
    ),
    (
        r#"{"op":"hours_on","station_id":"__first__","date":"2031-06-10"}"#,
        "error.calendar_unknown",
        "暂时没有2031年的节假日安排，无法确定那天的营业时间",
    ),
    (
        r#"{"op":"parse_opening_hours","osm":"2027 Mo-Fr 08:00-18:00"}"#,
        "error.invalid_field",
        "营业时间有误，请检查后重试",
    ),
    (
        r#"{"op":"load_catalogue","catalogue":{"schema_version":1,"stations":7}}"#,
        "error.invalid_data",
        "驿站数据有误，暂时无法使用，请稍后再试",
    ),
    // A request the app built that is not strict JSON is the app's fault, not the data's
    // and not the user's.
    (
        r#"{"op":"nearby""#,
        "error.invalid_request",
        "应用出现问题，暂时无法完成，请稍后再试",
    ),
    (
        r#"{"op":"validate_resident_id","resident_id":"370102199506122017",}"#,
        "error.invalid_request",
        "应用出现问题，暂时无法完成，请稍后再试",
    ),
    (
        r#"{"op":"check_ambassador","at":"2026-11-28T10:00:00+08:00","profile":{"city":"济南","city":"青岛"}}"#,
        "error.invalid_request",
        "应用出现问题，暂时无法完成，请稍后再试",
    ),
];

#[test]
fn errors_carry_a_key_and_a_message_people_can_read() {
    let catalogue = Catalogue::sample().expect("sample");
    let first = catalogue
        .document()
        .stations
        .first()
        .map(|s| s.id.clone())
        .unwrap_or_default();
    for (request, key, zh) in CASES {
        let request = request.replace("__first__", &first);
        let error = error_of(&catalogue, &request);
        assert_eq!(error["message_key"], *key, "{request}: {error}");
        assert_eq!(error["user_message"]["zh"], *zh, "{request}: {error}");
        let en = error["user_message"]["en"].as_str().unwrap_or_default();
        assert!(!en.is_empty(), "{request}: no en message");
        let detail = error["message"].as_str().unwrap_or_default();
        assert_ne!(detail, *zh, "the developer detail is separate");
        for text in [*zh, en] {
            assert!(
                !words::contains_internal_id(text),
                "{request}: id in {text}"
            );
        }
        assert!(words::find(key).is_some(), "{key} is in the catalogue");
    }
}

#[test]
fn the_rust_error_words_the_same_in_both_languages() {
    let catalogue = Catalogue::sample().expect("sample");
    let at = chrono::DateTime::parse_from_rfc3339("2026-06-10T10:00:00+08:00").expect("instant");
    let e = catalogue.station_status("no_such_station", at).err();
    let e = e.map(waystation::Error::from).expect("unknown station");
    assert_eq!(e.message_key(), "error.not_found.station");
    assert_eq!(e.user_message(Lang::ZhCn), "没有找到这个驿站，它可能已停用");
    assert_eq!(
        e.user_message(Lang::En),
        "This station could not be found; it may no longer be in service."
    );
    assert_eq!(e.user_messages().en, e.user_message(Lang::En));
}

/// Every station of the sample, every six hours of 2026 and into 2027 (where the calendar ends):
/// the worded status says what the data says, in Chinese typography, with no ids, and a resting
/// station is never worded like one closed for good.
#[test]
fn station_status_words_say_what_the_status_says() {
    use waystation::stations::{OpenState, Stage};
    let catalogue = Catalogue::sample().expect("sample");
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T03:00:00+08:00").expect("start");
    let mut seen_holiday = false;
    for station in &catalogue.document().stations {
        for step in 0..(4 * 400) {
            let at = start + chrono::Duration::hours(6 * step);
            let status = catalogue.station_status(&station.id, at).expect("status");
            let zh = status.describe(&at, Lang::ZhCn);
            let en = status.describe(&at, Lang::En);
            let context = format!("{} at {at}: {zh} / {en}", station.id);
            assert!(
                !words::contains_internal_id(&zh) && !words::contains_internal_id(&en),
                "{context}"
            );
            // ASCII punctuation only as the colon of a time (08:30).
            let chars: Vec<char> = zh.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let in_time = *c == ':'
                    && i > 0
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit);
                assert!(!",:;!?()[]".contains(*c) || in_time, "{context}");
            }
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{context}");
            assert!(
                !en.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)),
                "{context}"
            );
            let serving = status.stage.is_some_and(Stage::is_serving);
            match status.state {
                OpenState::Open => assert!(
                    zh.contains("营业中") && en.contains("Open now"),
                    "{context}"
                ),
                OpenState::Closed if serving => {
                    assert!(
                        zh.contains("休息中") && en.contains("Closed now"),
                        "{context}"
                    );
                }
                OpenState::Closed => assert!(!zh.contains("休息中"), "{context}"),
                OpenState::Unknown => assert!(zh.contains("无法确定"), "{context}"),
            }
            assert_eq!(
                zh.contains("已停用"),
                status.stage == Some(Stage::Closed),
                "{context}"
            );
            if let Some(day) = &status.special_day {
                seen_holiday = true;
                assert!(
                    zh.starts_with(day.name.zh.as_str()) && en.contains(day.name.en.as_str()),
                    "{context}"
                );
            }
            if let Some(change) = &status.next_change {
                let hm = change.at.format("%H:%M").to_string();
                assert!(zh.contains(&hm) && en.contains(&hm), "{context}: {hm}");
            }
        }
    }
    assert!(seen_holiday, "the sample has stations with holiday hours");
}
