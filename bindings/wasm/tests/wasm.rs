//! wasm-bindgen-test: the boundary mapping inside a real wasm instance (run under Node by
//! `wasm-bindgen-test-runner`): errors become JS `Error`s with `code`/`path`, answers are camelCase
//! objects, `Date`s read as instants.
#![cfg(target_arch = "wasm32")]
// Tests may unwrap (clippy.toml allows it in `#[test]`s, but it does not recognise
// `#[wasm_bindgen_test]` functions and helpers): a failing unwrap is a failing test.
#![allow(clippy::unwrap_used)]

use js_sys::{Date, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use waystation_wasm::{convert_coordinate, validate_resident_id, Catalogue};

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn parse(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_code_and_path() {
    let e: JsValue = convert_coordinate(
        parse(r#"{"lat": 1, "lon": 2, "datum": "mars"}"#),
        JsValue::from_str("wgs84"),
    )
    .unwrap_err()
    .into();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "name"), "WaystationError");
    assert_eq!(get(&e, "code"), "invalid_input");
    assert_eq!(get(&e, "path"), "coordinate.datum");
    assert!(js_sys::Array::is_array(&get(&e, "problems")));

    let c = Catalogue::sample().unwrap();
    let e: JsValue = c
        .station_status(
            "nope".into(),
            JsValue::from(Date::new(&JsValue::from_str("2026-06-10T02:00:00Z"))),
        )
        .unwrap_err()
        .into();
    assert_eq!(get(&e, "code"), "not_found");
    assert_eq!(get(&e, "kind"), "station");
    assert_eq!(get(&e, "id"), "nope");
    assert!(get(&e, "path").is_undefined());
}

#[wasm_bindgen_test]
fn answers_are_camel_case_objects() {
    let c = Catalogue::sample().unwrap();
    let at = JsValue::from(Date::new(&JsValue::from_str("2026-06-10T02:00:00Z")));
    let query =
        parse(r#"{"position": {"lat": 36.6512, "lon": 117.1201, "datum": "gcj02"}, "limit": 1}"#);
    Reflect::set(&query, &JsValue::from_str("at"), &at).unwrap();
    let found = c.nearby(query).unwrap();
    let first = js_sys::Array::from(&found).get(0);
    assert!(get(&first, "stationId").is_string());
    assert!(get(&first, "distanceM").as_f64().unwrap() > 0.0);
    assert!(get(&first, "station_id").is_undefined());
    let id = validate_resident_id("11010519491231002x".into()).unwrap();
    assert_eq!(get(&id, "birthDate"), "1949-12-31");
}
