//! `uniffi-bindgen`, pinned to the uniffi version of `waystation-uniffi`.
//!
//! `cargo run -p uniffi-bindgen -- generate --library target/debug/libwaystation_ffi.so -l kotlin -l swift -l python -o OUT --no-format`

fn main() {
    uniffi::uniffi_bindgen_main()
}
