//! Loading catalogues: the sample, round trips, and bad catalogues reported whole.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{json, Value};
use waystation::catalogue::{Catalogue, CatalogueError, Limits, SAMPLE_CATALOGUE_JSON};

fn sample_value() -> Value {
    serde_json::from_str(SAMPLE_CATALOGUE_JSON).unwrap()
}

fn problems(value: &Value) -> Vec<String> {
    match Catalogue::from_json(&value.to_string()) {
        Err(CatalogueError::Invalid { problems }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn sample_is_the_shandong_network() {
    let c = Catalogue::sample().unwrap();
    let doc = c.document();
    assert!(
        doc.sample,
        "the embedded catalogue is marked as sample data"
    );
    assert_eq!(doc.network.name_zh, "工行驿站");
    let second_level = doc
        .branches
        .iter()
        .filter(|b| b.parent.as_deref() == Some("sd"))
        .count();
    assert!(second_level >= 6);
    assert!(c.branch("sd-jinan").is_some());
    assert!(doc.stations.len() >= 30, "a few dozen base stations");
    for o in &doc.outlets {
        assert!(
            o.address_zh.contains("示例") && o.address_en.contains("sample"),
            "{} is marked fictional",
            o.id
        );
    }
    // The eight base services with their stable codes.
    for code in waystation::services::BASE_SERVICE_CODES {
        assert!(c.service(code).is_some(), "{code}");
    }
    assert_eq!(c.member_units().len(), doc.partners[0].member_units.len());
}

#[test]
fn json_round_trip_gives_an_equal_catalogue() {
    let c = Catalogue::sample().unwrap();
    let again = Catalogue::from_json(&c.to_json()).unwrap();
    assert_eq!(c.document(), again.document());
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let mut v = sample_value();
    let stations = v["stations"].as_array_mut().unwrap();
    let first_id = stations[0]["id"].clone();
    stations[3]["id"] = first_id; // duplicate id
    stations[5]["services"] = json!(["charging", "teleporter"]); // unknown code
    stations[7]["hours"] = json!("Mo-Fr 25:00-17:00"); // bad hours
    stations[9]["outlet"] = json!("nowhere"); // unknown outlet
    v["outlets"][2]["branch"] = json!("sd-atlantis"); // unknown branch
    v["outlets"][4]["location"]["lat"] = json!(91.5); // out of range
    v["outlets"][6]["location"]["datum"] = json!("osgb36"); // unknown datum
    let p = problems(&v);
    let has = |path: &str, word: &str| p.iter().any(|m| m.starts_with(path) && m.contains(word));
    assert!(has("stations[3].id", "duplicate"), "{p:#?}");
    assert!(has("stations[5].services[1]", "teleporter"), "{p:#?}");
    assert!(has("stations[7].hours", ""), "{p:#?}");
    assert!(has("stations[9].outlet", "nowhere"), "{p:#?}");
    assert!(has("outlets[2].branch", "sd-atlantis"), "{p:#?}");
    assert!(has("outlets[4].location", ""), "{p:#?}");
    assert!(has("outlets[6].location", ""), "{p:#?}");
    assert!(p.len() >= 7);
}

#[test]
fn wrong_types_and_unknown_fields_are_located() {
    let mut v = sample_value();
    v["stations"][0]["services"] = json!("charging");
    v["stations"][1]["colour"] = json!("red");
    v["branches"][1]["level"] = json!("district");
    v["mystery"] = json!(1);
    let p = problems(&v);
    let has = |path: &str| p.iter().any(|m| m.starts_with(path));
    assert!(has("stations[0].services"), "{p:#?}");
    assert!(
        has("stations[1]") && p.iter().any(|m| m.contains("colour")),
        "{p:#?}"
    );
    assert!(has("branches[1].level"), "{p:#?}");
    assert!(has("mystery"), "{p:#?}");
}

#[test]
fn references_and_lifecycles_are_checked() {
    let mut v = sample_value();
    v["stations"][0]["lifecycle"] = json!([
        {"stage": "operational", "date": "2023-06-01"},
        {"stage": "pilot", "date": "2023-05-01"}
    ]);
    v["stations"][1]["themes"] = json!([{"code": "union"}]);
    v["stations"][4]["gear_stock"] = json!({"sun_hat": 3}); // not a Little Bee station
    v["services"][0]["season"] = json!("winter");
    v["branches"][2]["parent"] = v["branches"][1]["id"].clone();
    let p = problems(&v);
    let has = |path: &str| p.iter().any(|m| m.starts_with(path));
    assert!(has("stations[0].lifecycle[1]"), "{p:#?}");
    assert!(has("stations[1].themes[0].code"), "{p:#?}");
    assert!(has("stations[4].gear_stock.sun_hat"), "{p:#?}");
    assert!(has("services[0].season"), "{p:#?}");
    assert!(has("branches[2].parent"), "{p:#?}");
}

#[test]
fn bad_credit_code_of_a_member_unit_is_reported() {
    let mut v = sample_value();
    // `I` is not in the GB 32100 alphabet; a 17-character code is too short.
    v["partners"][0]["member_units"][1]["credit_code"] = json!("91370100MA3D2F8QXI");
    v["partners"][0]["member_units"][2]["credit_code"] = json!("91370100MA3E5R2T6");
    v["partners"][0]["member_units"][3]["credit_code"] =
        v["partners"][0]["member_units"][0]["credit_code"].clone();
    // A valid code written otherwise than as issued (spaces, lower case) is not data to keep.
    let code = v["partners"][0]["member_units"][0]["credit_code"]
        .as_str()
        .unwrap()
        .to_string();
    v["partners"][0]["member_units"][4]["credit_code"] =
        json!(format!("  {}  ", code.to_lowercase()));
    let p = problems(&v);
    for i in 1..=4 {
        let path = format!("partners[0].member_units[{i}].credit_code");
        assert!(p.iter().any(|m| m.starts_with(&path)), "{path}: {p:#?}");
    }
}

#[test]
fn a_rule_set_without_its_id_names_the_field() {
    use waystation::eligibility::{check_rule_set_json, Parameters};
    let issues = check_rule_set_json(
        r#"{"version": "1", "description": {"zh": "规则", "en": "rules"}, "rules": []}"#,
        &Parameters::default(),
    );
    assert!(
        issues
            .iter()
            .any(|i| i.path == "id" && i.message.contains("required")),
        "{issues:?}"
    );
}

#[test]
fn not_json_schema_and_size_errors() {
    match Catalogue::from_json("{\n \"schema_version\": 1,\n oops }") {
        Err(CatalogueError::Json { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    let mut v = sample_value();
    v["schema_version"] = json!(2);
    assert!(matches!(
        Catalogue::from_json(&v.to_string()),
        Err(CatalogueError::UnsupportedSchema { .. })
    ));
    v.as_object_mut().unwrap().remove("schema_version");
    assert!(matches!(
        Catalogue::from_json(&v.to_string()),
        Err(CatalogueError::UnsupportedSchema { .. })
    ));
    let tight = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        Catalogue::from_json_with_limits(SAMPLE_CATALOGUE_JSON, &tight),
        Err(CatalogueError::TooLarge { .. })
    ));
    let few = Limits {
        max_records: 10,
        ..Limits::default()
    };
    let err = Catalogue::from_json_with_limits(SAMPLE_CATALOGUE_JSON, &few).unwrap_err();
    assert!(err.to_string().contains("limit of 10"), "{err}");
    assert!(matches!(
        Catalogue::from_json("[]"),
        Err(CatalogueError::Invalid { .. })
    ));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        Catalogue::from_json(&deep),
        Err(CatalogueError::Json { .. })
    ));
}

#[test]
fn geojson_round_trip_keeps_stations_in_wgs84() {
    let c = Catalogue::sample().unwrap();
    let fc = c.to_geojson();
    let back = waystation::geojson::stations_from_geojson(&fc.to_string()).unwrap();
    assert_eq!(back.stations, c.document().stations);
    for o in &back.outlets {
        let original = c.outlet(&o.id).unwrap();
        assert_eq!(o.location.datum(), waystation::geo::Datum::Wgs84);
        assert!(o.location.distance_m(&original.location) < 0.5, "{}", o.id);
    }
}

#[test]
fn bad_geojson_features_are_located() {
    let c = Catalogue::sample().unwrap();
    let mut fc = c.to_geojson();
    fc["features"][1]["geometry"]["coordinates"] = json!([200.0, 36.0]);
    fc["features"][2]["properties"]["hours"] = json!("sunrise-sunset");
    fc["features"][3]["geometry"] = json!({"type": "LineString", "coordinates": []});
    match waystation::geojson::stations_from_geojson(&fc.to_string()) {
        Err(waystation::geojson::GeoJsonError::Invalid { problems }) => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert!(
                paths.contains(&"features[1].geometry.coordinates"),
                "{paths:?}"
            );
            assert!(
                paths
                    .iter()
                    .any(|p| p.starts_with("features[2].properties.hours")),
                "{paths:?}"
            );
            assert!(paths.contains(&"features[3].geometry"), "{paths:?}");
        }
        other => panic!("{other:?}"),
    }
    // Strict as every JSON input: an unknown property, a member named twice.
    let mut fc = c.to_geojson();
    fc["features"][0]["properties"]["colour"] = json!("red");
    match waystation::geojson::stations_from_geojson(&fc.to_string()) {
        Err(waystation::geojson::GeoJsonError::Invalid { problems }) => {
            assert!(
                problems
                    .iter()
                    .any(|p| p.path.starts_with("features[0].properties")
                        && p.message.contains("colour")),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let text = c.to_geojson().to_string();
    let twice = text.replacen(
        "\"type\":\"FeatureCollection\"",
        "\"type\":\"FeatureCollection\",\"type\":\"FeatureCollection\"",
        1,
    );
    assert_ne!(twice, text);
    assert!(matches!(
        waystation::geojson::stations_from_geojson(&twice),
        Err(waystation::geojson::GeoJsonError::Json { .. })
    ));
}

#[test]
fn programmes_and_products_are_validated() {
    let mut v = sample_value();
    v["programmes"]["gear_claims"]["rule_set"] = json!("nobody");
    v["programmes"]["events"][0]["station"] = json!("st-nowhere");
    v["programmes"]["events"][1]["ends_at"] = v["programmes"]["events"][1]["starts_at"].clone();
    v["programmes"]["events"][2]["capacity"] = json!(0);
    v["product_catalogue"]["products"][0]["rule_set_id"] = json!("missing_rules");
    let p = problems(&v);
    let has = |path: &str| p.iter().any(|m| m.starts_with(path));
    assert!(has("programmes.gear_claims.rule_set"), "{p:#?}");
    assert!(has("programmes.events[0].station"), "{p:#?}");
    assert!(has("programmes.events[1].ends_at"), "{p:#?}");
    assert!(has("programmes.events[2].capacity"), "{p:#?}");
    assert!(has("product_catalogue.products[0]"), "{p:#?}");
}

/// Texts a courier reads hold visible characters only, wherever they come from: holiday names
/// (they name the day in a station's status), product names and summaries, rule descriptions
/// and citations; ids and cities are not padded with spaces (two ids that read alike).
#[test]
fn every_courier_facing_text_follows_the_text_rules() {
    use waystation::calendar::HolidayCalendar;
    use waystation::eligibility::{check_rule_set_json, Parameters};
    use waystation::products::ProductCatalogue;

    for bad in ["\u{202e}国庆节", "国庆\u{0}节", "National\u{200b}Day"] {
        let year = json!({"year": 2027, "source": "test notice", "holidays": [
            {"code": "national_day", "name_zh": bad, "name_en": "National Day", "days_off": ["2027-10-01"]}]});
        let e = HolidayCalendar::builtin()
            .with_years_json(&year.to_string())
            .expect_err(bad);
        assert!(e.to_string().contains("holidays[0].name_zh"), "{e}");
        assert!(e.to_string().contains("invisible character"), "{e}");
    }
    let source = json!({"year": 2027, "source": "test\u{0}notice", "holidays": []});
    assert!(HolidayCalendar::builtin()
        .with_years_json(&source.to_string())
        .is_err());

    let mut doc = sample_value();
    doc["product_catalogue"]["products"][0]["name"]["zh"] = json!("借记卡\u{202e}");
    doc["product_catalogue"]["products"][1]["summary"]["en"] = json!("a\u{0}b");
    doc["product_catalogue"]["rule_sets"][0]["rules"][0]["description"]["zh"] =
        json!("年满\u{200b}18岁");
    doc["product_catalogue"]["rule_sets"][0]["id"] = json!(" padded ");
    let all = problems(&doc).join("\n");
    for path in [
        "products[0].name.zh",
        "products[1].summary.en",
        "rules[0].description.zh",
        "rule_sets[0].id",
    ] {
        assert!(all.contains(path), "{path} not reported:\n{all}");
    }
    let catalogue = doc["product_catalogue"].to_string();
    assert!(ProductCatalogue::from_json(&catalogue).is_err());

    // A rule set checked on its own: a padded city would match no courier.
    let rule_set = json!({"id": "rs", "version": "1", "description": {"zh": "规则", "en": "rules"},
        "rules": [{"id": "city", "description": {"zh": "在济南工作", "en": "works in Jinan"},
            "source": {"document": "《通知》"}, "criterion": {"city_in": {"cities": [" 济南 "]}}}]});
    let issues = check_rule_set_json(&rule_set.to_string(), &Parameters::default());
    assert!(
        issues
            .iter()
            .any(|i| i.path == "rules[0].criterion.city_in.cities[0]"),
        "{issues:?}"
    );
}
