//! Core of waystation: every rule of the domain, as plain values and pure functions.

pub mod time;
