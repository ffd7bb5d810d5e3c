//! Key-case mapping between the core's JSON (snake_case) and JavaScript objects (camelCase).
//!
//! Out: [`to_value`] serialises a core value into a `serde_json::Value` like `serde_json::to_value`
//! does, except that **struct field names** are written in camelCase. Map keys are data (gear
//! codes in `gear_stock`, parameter names, …) and enum variants are codes (`drinking_water`,
//! `gcj02`): both are left exactly as the core writes them. The distinction comes from serde
//! itself (`serialize_struct` vs `serialize_map`), so no list of fields is kept here.
//!
//! In: [`snake_keys`] renames object keys that contain an ASCII upper-case letter to snake_case
//! (`radiusM` → `radius_m`) and leaves every other key alone, so snake_case input is accepted too
//! and lower-case data keys (codes, ids) pass unchanged.

use serde::ser::{self, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// `station_id` → `stationId`.
pub fn to_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `stationId` → `station_id`; keys without an upper-case ASCII letter are returned unchanged.
pub fn to_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Renames camelCase object keys to snake_case, recursively (see the module docs).
///
/// A member given in both spellings in one object (`radiusM` and `radius_m`) is an error at
/// its path, as a member named twice is in JSON text: neither silently wins.
pub fn snake_keys(value: Value) -> Result<Value, (String, String)> {
    snake_keys_at(value, &mut String::new())
}

fn snake_keys_at(value: Value, path: &mut String) -> Result<Value, (String, String)> {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let renamed = if k.chars().any(|c| c.is_ascii_uppercase()) {
                    to_snake(&k)
                } else {
                    k.clone()
                };
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&renamed);
                if out.contains_key(&renamed) {
                    let message = format!(
                        "given twice: `{k}` and another spelling of it (camelCase or snake_case) name the same member"
                    );
                    return Err((path.clone(), message));
                }
                let v = snake_keys_at(v, path)?;
                path.truncate(len);
                out.insert(renamed, v);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(snake_keys_at(item, path)?);
                path.truncate(len);
            }
            Ok(Value::Array(out))
        }
        other => Ok(other),
    }
}

/// Serialises `value` with camelCase struct field names (see the module docs).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, SerError> {
    value
        .serialize(Camel(serde_json::value::Serializer))
        .map_err(|e| SerError(e.to_string()))
}

/// A value could not be serialised.
#[derive(Debug)]
pub struct SerError(String);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

// ---- Serialisation with camelCase field names ------------------------------------------------
//
// One renaming serializer, [`Camel`], wraps whichever serializer does the writing: serde_json's
// `Value` serializer for [`to_value`], or its text serializer for [`to_json`], which writes
// straight into a byte buffer: no `Value` tree is built, sorted and dropped, and no
// `fmt::Display` adaptor sits between serde_json and the buffer (a `nearby` call with 10 answers
// took about a quarter less time than through `Value`; README, section Speed). Objects keep the
// core's field order instead of being sorted by key.

/// Serialises `value` as JSON text with camelCase struct field names (see the module docs).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, SerError> {
    let mut out = Vec::with_capacity(1024);
    value
        .serialize(Camel(&mut serde_json::Serializer::new(&mut out)))
        .map_err(|e| SerError(e.to_string()))?;
    String::from_utf8(out).map_err(|e| SerError(e.to_string()))
}

/// A serializer (or one of its compound states) whose struct field names become camelCase.
struct Camel<S>(S);

/// `value`, serialised through [`Camel`] by whichever serializer receives it.
struct Wrap<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Wrap<'_, T> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Camel(serializer))
    }
}

/// `station_id` → `stationId`, without allocating for names that need no change.
fn camel_key(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains('_') {
        std::borrow::Cow::Owned(to_camel(name))
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

impl<S: ser::Serializer> ser::Serializer for Camel<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Camel<S::SerializeSeq>;
    type SerializeTuple = Camel<S::SerializeTuple>;
    type SerializeTupleStruct = Camel<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Camel<S::SerializeTupleVariant>;
    type SerializeMap = Camel<S::SerializeMap>;
    type SerializeStruct = Camel<S::SerializeMap>;
    type SerializeStructVariant = StructVariant<S::SerializeMap>;

    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_i64(v)
    }
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_u64(v)
    }
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Wrap(value))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Wrap(value))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Wrap(value))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Camel)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Camel)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Camel)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Camel)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Camel)
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        // A struct becomes a map so that its keys can be renamed at run time.
        self.0.serialize_map(None).map(Camel)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        // `{"variant": {fields}}`: the fields are collected (camelCase keys) and written at the end.
        let mut map = self.0.serialize_map(Some(1))?;
        ser::SerializeMap::serialize_key(&mut map, variant)?;
        Ok(StructVariant {
            map,
            fields: Map::new(),
        })
    }
}

impl<S: ser::SerializeSeq> ser::SerializeSeq for Camel<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Wrap(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTuple> ser::SerializeTuple for Camel<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Wrap(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTupleStruct> ser::SerializeTupleStruct for Camel<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Wrap(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTupleVariant> ser::SerializeTupleVariant for Camel<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Wrap(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeMap> ser::SerializeMap for Camel<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        // Map keys are data: kept as they are.
        self.0.serialize_key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Wrap(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeMap> ser::SerializeStruct for Camel<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_entry(&*camel_key(key), &Wrap(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// An externally tagged struct variant being written: its fields wait in a `Value` map.
struct StructVariant<M> {
    map: M,
    fields: Map<String, Value>,
}

impl<M: ser::SerializeMap> ser::SerializeStructVariant for StructVariant<M> {
    type Ok = M::Ok;
    type Error = M::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        let value = to_value(value).map_err(<M::Error as ser::Error>::custom)?;
        self.fields.insert(to_camel(key), value);
        Ok(())
    }
    fn end(mut self) -> Result<M::Ok, M::Error> {
        self.map.serialize_value(&Value::Object(self.fields))?;
        self.map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Inner {
        gear_stock: BTreeMap<String, u32>,
        radius_m: f64,
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        DrinkingWater,
        MinAge { min_years: u32 },
    }

    #[test]
    fn fields_camel_map_keys_and_variants_kept() {
        let mut gear = BTreeMap::new();
        gear.insert("rain_coat".to_string(), 3);
        let v = to_value(&(
            Inner {
                gear_stock: gear,
                radius_m: 1.5,
            },
            Kind::DrinkingWater,
            Kind::MinAge { min_years: 18 },
        ))
        .unwrap();
        assert_eq!(
            v,
            json!([{"gearStock": {"rain_coat": 3}, "radiusM": 1.5}, "drinking_water",
                   {"min_age": {"minYears": 18}}])
        );
    }

    #[test]
    fn direct_text_equals_the_value_path() {
        let mut gear = BTreeMap::new();
        gear.insert("rain_coat".to_string(), 3);
        let value = (
            Inner {
                gear_stock: gear,
                radius_m: f64::NAN,
            },
            Kind::DrinkingWater,
            Kind::MinAge { min_years: 18 },
            Some(vec![Some("台风"), None]),
        );
        let text = to_json(&value).unwrap();
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, to_value(&value).unwrap());
        // Field order is the core's, not sorted.
        assert!(text.starts_with(r#"[{"gearStock":{"rain_coat":3},"radiusM":null}"#));
    }

    #[test]
    fn snake_keys_only_touches_upper_case_keys() {
        let v = snake_keys(json!({"radiusM": 1, "open_only": true, "gearStock": {"rain_coat": 1}}));
        assert_eq!(
            v,
            Ok(json!({"radius_m": 1, "open_only": true, "gear_stock": {"rain_coat": 1}}))
        );
        // Both spellings of one member: an error at its path, whichever comes first.
        let twice = json!({"query": {"list": [{}, {"radius_m": 1, "radiusM": 2}]}});
        let (path, message) = snake_keys(twice).unwrap_err();
        assert_eq!(path, "query.list[1].radius_m");
        assert!(message.contains("given twice"), "{message}");
        assert!(snake_keys(json!({"gearStock": 1, "gear_stock": 2})).is_err());
        assert_eq!(to_camel("name_zh"), "nameZh");
        assert_eq!(to_snake("nameZh"), "name_zh");
        assert_eq!(to_camel("_x"), "x");
    }
}
