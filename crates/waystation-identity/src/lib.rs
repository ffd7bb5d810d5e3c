//! Courier identity, the layer above the base types: GB 11643 resident ID numbers (18 digits,
//! or the 15-digit legacy form) and GB 32100 unified social credit codes of employers, validated
//! with their check characters and always shown masked (`3701**********123X`). See [`identity`].
//!
//! Personal data never appears in an error or a `Debug` line unmasked. This crate names only
//! `waystation-base`; apps use it through the `waystation` crate (`waystation::identity`).

// The base module under the path the code names it by (`crate::province`).
use waystation_base::province;

pub mod identity;
