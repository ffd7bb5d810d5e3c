//! Rule sets: parsing and the static check of any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::eligibility::{
    check_rule_set, check_rule_set_json, parse_rule_set, Parameters,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let params = Parameters::default();
    let _ = check_rule_set_json(text, &params);
    if let Ok(rs) = parse_rule_set(text) {
        let _ = check_rule_set(&rs, &params);
        let json = serde_json::to_string(&rs).unwrap_or_default();
        assert!(
            parse_rule_set(&json).is_ok(),
            "a parsed rule set must reparse"
        );
    }
});
