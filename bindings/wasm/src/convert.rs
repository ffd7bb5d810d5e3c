//! Type mapping at the boundary: JS values in, JS values out, core errors as JS `Error`s.

use crate::camel;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use waystation_core::error::Error;
use waystation_core::profile::CourierProfile;

/// What every fallible export returns: the value, or a thrown JS `Error` (see [`BindingError`]).
pub type Fallible<T> = Result<T, BindingError>;

/// A core [`Error`] on its way to JavaScript, where it becomes an `Error` object with
/// `name = "WaystationError"`, the message, and the core error's fields in camelCase: `code`
/// (`invalid_input`, `not_found`, `calendar_unknown`, `limit_exceeded`, `unsupported`) and,
/// by code, `path` and `problems`, `kind` and `id`, or `year`.
#[derive(Debug)]
pub struct BindingError(pub Error);

impl From<Error> for BindingError {
    fn from(e: Error) -> BindingError {
        BindingError(e)
    }
}

impl From<BindingError> for JsValue {
    fn from(e: BindingError) -> JsValue {
        let error = js_sys::Error::new(&e.0.to_string());
        error.set_name("WaystationError");
        if let Ok(Value::Object(fields)) = camel::to_value(&e.0) {
            for (key, value) in fields {
                if key == "message" {
                    continue;
                }
                let value = js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL);
                // Setting a property on a fresh Error object cannot fail.
                let _ = js_sys::Reflect::set(&error, &JsValue::from_str(&key), &value);
            }
        }
        error.into()
    }
}

/// Reads a JS value (object, string, `Date`, …) as JSON: camelCase keys become snake_case.
/// `name` is the argument's name, used as the path of errors.
pub fn input(value: &JsValue, name: &str) -> Result<Value, Error> {
    if value.is_undefined() {
        return Err(Error::invalid(name, "missing"));
    }
    // A `Date` becomes its ISO 8601 (UTC) string, which reads as an instant.
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid(name, "not representable as JSON"))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Error::invalid(name, format!("not representable as JSON: {e}")))?;
    camel::snake_keys(value).map_err(|(path, message)| Error::invalid(path, message).at(name))
}

/// Reads an argument into a core type; errors carry the path below the argument's name
/// (`query.position.lat`).
pub fn arg<T: DeserializeOwned>(value: &JsValue, name: &str) -> Result<T, Error> {
    let value = input(value, name)?;
    serde_path_to_error::deserialize::<_, T>(waystation_core::json::Objects(value)).map_err(|e| {
        // Paths and missing fields named the way the core's own JSON reader names them, so
        // that an answer's error is the same on every platform (`query.position.datum`).
        let mut path = waystation_core::json::path_string(e.path());
        let mut message = waystation_core::json::without_value(&e.into_inner().to_string());
        waystation_core::json::name_missing_field(&mut path, &mut message);
        Error::invalid(path, message).at(name)
    })
}

/// What a JS value is, for an error that says what was given instead (never the value: it may
/// be personal data).
fn kind_of(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if value.is_array() {
        "an array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// A string argument. wasm-bindgen's own glue assumes a `string` where Rust takes `&str` (a
/// number there is a trap of the instance, `memory access out of bounds`), so every string
/// argument crosses as a JS value and is checked here: anything else is an `invalid_input` error
/// at `name`.
pub fn text(value: &JsValue, name: &str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid(name, format!("expected a string, found {}", kind_of(value))))
}

/// An optional string argument: `undefined` or `null` is none.
pub fn optional_text(value: &JsValue, name: &str) -> Result<Option<String>, Error> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        text(value, name).map(Some)
    }
}

/// A number argument (a finite JS `number`; no string or `null` coerced to one).
pub fn number(value: &JsValue, name: &str) -> Result<f64, Error> {
    match value.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => Err(Error::invalid(name, "expected a finite number")),
        None => Err(Error::invalid(
            name,
            format!("expected a number, found {}", kind_of(value)),
        )),
    }
}

/// A count argument, `i32` as on every platform: a whole number from −2^31 to 2^31 − 1 (no
/// number wrapped around, no fraction cut).
pub fn int32(value: &JsValue, name: &str) -> Result<i32, Error> {
    let x = number(value, name)?;
    if x.fract() != 0.0 || !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&x) {
        return Err(Error::invalid(
            name,
            "expected a whole number from -2147483648 to 2147483647",
        ));
    }
    // In range and whole: the conversion is exact.
    Ok(x as i32)
}

/// A date argument: a string written `YYYY-MM-DD`, read as strictly as dates in JSON
/// (`2026-2-14` and ` 2026-02-14` are errors, as they are in `respond`).
pub fn date(value: &JsValue, name: &str) -> Result<chrono::NaiveDate, Error> {
    match value.as_string() {
        Some(s) => waystation_core::json::parse_date(&s).map_err(|e| Error::invalid(name, e)),
        None => Err(Error::invalid(
            name,
            format!(
                "expected a date written {}, found {}",
                waystation_core::json::DATE_FORM,
                kind_of(value)
            ),
        )),
    }
}

/// An instant argument: an RFC 3339 string with its offset (read as strictly as instants in
/// JSON), or a valid JS `Date`.
pub fn instant(value: &JsValue, name: &str) -> Result<waystation_core::time::ChinaTime, Error> {
    let text = if let Some(d) = value.dyn_ref::<js_sys::Date>() {
        if d.get_time().is_nan() {
            return Err(Error::invalid(name, "an invalid Date"));
        }
        String::from(d.to_iso_string())
    } else if let Some(s) = value.as_string() {
        s
    } else {
        return Err(Error::invalid(
            name,
            format!(
                "expected {}, or a Date, found {}",
                waystation_core::json::INSTANT_FORM,
                kind_of(value)
            ),
        ));
    };
    waystation_core::json::parse_instant(&text).map_err(|e| Error::invalid(name, e))
}

/// A bytes argument: a `Uint8Array` (no string or array of numbers coerced to bytes).
pub fn bytes(value: &JsValue, name: &str) -> Result<Vec<u8>, Error> {
    if value.is_instance_of::<js_sys::Uint8Array>() {
        Ok(js_sys::Uint8Array::new(value).to_vec())
    } else {
        Err(Error::invalid(
            name,
            format!("expected a Uint8Array, found {}", kind_of(value)),
        ))
    }
}

/// Writes a core value as a JS value with camelCase field names.
pub fn out<T: Serialize + ?Sized>(value: &T) -> Fallible<JsValue> {
    let text = camel::to_json(value)
        .map_err(|e| Error::invalid("", format!("answer could not be serialised: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|e| {
        BindingError(Error::invalid(
            "",
            format!(
                "answer could not be converted: {}",
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_default()
            ),
        ))
    })
}

/// Reads a courier profile argument (as the `requests` API does: profile errors at `profile.…`).
pub fn profile(value: &JsValue) -> Result<CourierProfile, Error> {
    CourierProfile::from_value(&input(value, "profile")?).map_err(|e| Error::from(e).at("profile"))
}

/// A plain JS object with these properties (for answers that hold a wasm object, such as a
/// `Catalogue`, next to plain data).
pub fn object(properties: &[(&str, JsValue)]) -> Fallible<JsValue> {
    let object = js_sys::Object::new();
    for (key, value) in properties {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), value).map_err(|_| {
            BindingError(Error::invalid(
                "",
                format!("answer field `{key}` could not be set"),
            ))
        })?;
    }
    Ok(object.into())
}
