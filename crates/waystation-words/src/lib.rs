//! The message catalogue of waystation, the layer above the base types: every word the library
//! shows people, under a stable key, in zh-CN and en, with its parameters, and the formatters of
//! money, dates and times per language. See [`words`].
//!
//! This crate names only `waystation-base`; apps use it through the `waystation` crate
//! (`waystation::words`).

// The base modules under the paths the code names them by (`crate::lang`, `crate::time`).
use waystation_base::{lang, time};

pub mod words;
