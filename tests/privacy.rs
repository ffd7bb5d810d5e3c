//! Personal data never leaves the library unmasked: every answer and error that a profile full
//! of personal data can reach is searched for the raw values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::json;
use waystation::catalogue::Catalogue;
use waystation::requests::respond;

const ID: &str = "370102199506122017";
const EMPLOYER: &str = "91370100MA3C7K1P71";
const INCOME: i64 = 684_321;

fn assert_clean(what: &str, text: &str) {
    for raw in [ID, EMPLOYER, &INCOME.to_string(), "6843.21", "6,843.21"] {
        assert!(!text.contains(raw), "{what} leaks `{raw}`: {text}");
    }
}

#[test]
fn no_answer_or_error_contains_raw_personal_data() {
    let c = Catalogue::sample().unwrap();
    let profile = json!({
        "resident_id": ID, "occupation": "express_courier", "employer_code": EMPLOYER,
        "employment_start": "2025-09-01", "province": "shandong", "city": "济南",
        "monthly_income_fen": INCOME, "held_products": [],
        "risk_assessment": {"grade": "c3", "assessed_at": "2026-03-20T15:30:00+08:00"},
        "kyc_level": "verified", "needs": ["save", "borrow", "protect", "pay", "learn"]
    });
    let at = "2026-07-01T10:00:00+08:00";
    let mut requests = vec![
        json!({"op": "match_products", "profile": profile, "as_of": at}),
        json!({"op": "match_products", "profile": profile, "as_of": at, "options": {"personalised": false}}),
        json!({"op": "check_gear_claim", "station_id": "st-jinan-01", "gear_code": "sun_hat", "profile": profile, "at": at}),
        json!({"op": "check_event_registration", "event_id": "edu-2026-12-qingdao-02", "profile": profile, "registered": 0, "at": at}),
        json!({"op": "check_ambassador", "profile": profile, "at": at}),
        json!({"op": "validate_resident_id", "resident_id": ID}),
        json!({"op": "validate_credit_code", "credit_code": EMPLOYER}),
        // Errors: a wrong check character, a wrong type, an unknown field next to the data.
        json!({"op": "validate_resident_id", "resident_id": "370102199506122018"}),
        json!({"op": "match_products", "profile": {"resident_id": "370102199506122018", "monthly_income_fen": INCOME}, "as_of": at}),
        json!({"op": "match_products", "profile": {"resident_id": 370102199506122017_u64, "employer_code": EMPLOYER, "x": 1}, "as_of": at}),
        json!({"op": "match_products", "profile": {"monthly_income_fen": -INCOME}, "as_of": at}),
        json!({"op": "match_products", "profile": {"monthly_income_fen": "684321"}, "as_of": at}),
    ];
    for product in c.products().unwrap().products.iter().map(|p| p.id.clone()) {
        requests.push(
            json!({"op": "check_product", "product_id": product, "profile": profile, "as_of": at}),
        );
    }
    for r in &requests {
        assert_clean(&r["op"].to_string(), &respond(&c, &r.to_string()));
    }

    // The typed API: Debug of the profile and of every outcome.
    let p = waystation::profile::CourierProfile::from_value(&profile).unwrap();
    assert_clean("profile Debug", &format!("{p:?}"));
    let t = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    let m = c.match_products(&p, t, &Default::default()).unwrap();
    assert_clean("match Debug", &format!("{m:?}"));
    let g = c
        .check_gear_claim("st-jinan-01", "sun_hat", &p, &[], t)
        .unwrap();
    assert_clean("gear Debug", &format!("{g:?}"));
}
