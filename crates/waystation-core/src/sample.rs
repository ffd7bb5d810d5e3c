//! The embedded sample: a synthetic Shandong network with its product catalogue, the data of
//! `Catalogue::sample()` and `ProductCatalogue::sample()`, for examples, tests and demos.

/// The embedded sample catalogue: a synthetic Shandong network (see `data/sample-catalogue.json`).
pub const SAMPLE_CATALOGUE_JSON: &str = include_str!("../data/sample-catalogue.json");
