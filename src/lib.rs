//! waystation
