//! `bindings/parity.json` lists every op of the JSON request API with its typed export on each
//! platform; the binding suites check that each export exists. This test checks the table itself:
//! exactly the ops the API names, no more, none missing, so that a new op cannot land without
//! its typed export on every platform.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use serde_json::Value;
use waystation::requests::respond;
use waystation::Catalogue;

#[test]
fn the_parity_table_lists_every_op_of_the_request_api() {
    let catalogue = Catalogue::sample().unwrap();
    // The API names its ops when it is asked for one it does not know.
    let answer: Value =
        serde_json::from_str(&respond(&catalogue, r#"{"op": "no_such_op"}"#)).unwrap();
    let message = answer["error"]["message"].as_str().unwrap();
    let named: BTreeSet<&str> = message.split('`').skip(3).step_by(2).collect();
    assert!(named.len() >= 20, "{message}");

    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bindings/parity.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let ops = table["ops"].as_object().expect("ops");
    let listed: BTreeSet<&str> = ops.keys().map(String::as_str).collect();
    assert_eq!(
        listed, named,
        "bindings/parity.json against the request API's ops"
    );
    for (op, names) in ops {
        for platform in ["uniffi", "js"] {
            let name = names[platform].as_str().unwrap_or_default();
            let last = name.rsplit('.').next().unwrap_or_default();
            assert!(!last.is_empty(), "{op}: no {platform} name");
            let valid = match platform {
                "uniffi" => last.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                _ => last.bytes().all(|b| b.is_ascii_alphanumeric()),
            };
            assert!(
                valid,
                "{op}: {platform} name {name:?} is not in the platform's case"
            );
        }
    }
}
