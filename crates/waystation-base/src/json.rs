//! Strict reading of the JSON interchange form: every JSON text the library accepts (catalogues,
//! product catalogues, rule sets, holiday calendars, profiles, requests, bundle headers) goes
//! through here.
//!
//! - **Strict**: a member name given twice in one object is an error (JSON parsers disagree on
//!   which one wins, so a second `"stations": []` must not silently empty a catalogue); so is
//!   nesting deeper than [`MAX_DEPTH`], trailing text, and anything `serde_json` refuses.
//! - **Located**: an error carries the field path down to the innermost field
//!   (`stations[3].hours.mo[0]`), and, separately, the line and column in the text.
//! - **Bounded**: reading is one pass over the text to check it plus one typed pass; memory is
//!   the typed result plus, while checking, the member names of the objects on the current path
//!   (borrowed from the text where they have no escapes). Nothing builds a `serde_json::Value`
//!   of the whole text.
//! - **Exact numbers**: decimal numbers are read with correct rounding (`serde_json`'s
//!   `float_roundtrip`), so a coordinate comes back exactly as written.
//!
//! - **Records from objects**: a struct is read from a JSON object only, never from an array
//!   by position ([`Objects`], around every typed read).
//! - **No values in errors**: a deserialiser's message says the kind of what was given, not
//!   the value ([`without_value`]): it may be personal data.
//!
//! Dates and instants inside documents are read strictly by [`date`] and [`instant`]:
//! `2026-02-14` and `2026-02-14T10:00:00+08:00` (RFC 3339); a year outside 0–9999 is written
//! with its sign and four to six digits (`+10000-01-01`, `-000001-01-01`, as chrono and
//! JavaScript write them), and only such a year; `2026-2-14`, `+2026-02-14`, a space for `T`,
//! or a missing offset are refused with the expected form in the message.

mod objects;

pub use objects::Objects;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

/// Deepest nesting of arrays and objects accepted (the text's own limit; `serde_json` stops at
/// 128 as well).
pub const MAX_DEPTH: usize = 100;

/// Why a JSON text was refused: what, where in the document (`path`), and where in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonFault {
    /// Field path of the offending value (`stations[3].hours`); empty for the text as a whole.
    pub path: String,
    /// Line in the text, from 1 (0 when unknown).
    pub line: usize,
    /// Column in the text, from 1 (0 when unknown).
    pub column: usize,
    /// What is wrong (without the position).
    pub message: String,
    /// Whether a limit (nesting depth) was exceeded rather than a rule broken.
    pub limit: bool,
    /// Whether the text is not JSON at all (a syntax error), rather than JSON of the wrong shape.
    pub syntax: bool,
}

impl fmt::Display for JsonFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl JsonFault {
    /// The same fault under `prefix` (`catalogue` + `stations[0]` → `catalogue.stations[0]`).
    #[must_use]
    pub fn under(mut self, prefix: &str) -> JsonFault {
        self.path = join(prefix, &self.path);
        self
    }
}

/// Joins a field path and a sub-path: `a` + `b` → `a.b`, `a` + `[0]` → `a[0]`.
pub fn join(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_string()
    } else if rest.is_empty() {
        prefix.to_string()
    } else if rest.starts_with('[') {
        format!("{prefix}{rest}")
    } else {
        format!("{prefix}.{rest}")
    }
}

/// Strips serde_json's ` at line L column C` from a message (the position has its own fields).
pub fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    if e.line() > 0 {
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        if let Some(stripped) = s.strip_suffix(&suffix) {
            return stripped.to_string();
        }
    }
    s
}

/// A deserialiser's message without the value it quotes: `invalid type: integer
/// \`370102199506122017\`, expected a string` becomes `invalid type: integer, expected a
/// string`. The value may be personal data (an ID number given as a number, an income given as
/// a string), and errors travel to logs and screens; what was given is said by its kind.
pub fn without_value(message: &str) -> String {
    plain_expected(&quoted_value_removed(message))
}

/// `expected u32` (a Rust type, from serde) as the reader of an error understands it: `expected
/// a whole number from 0 to 4294967295`.
fn plain_expected(message: &str) -> String {
    const PLAIN: [(&str, &str); 12] = [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number from 0 to 18446744073709551615"),
        ("usize", "a whole number from 0 up"),
        ("i8", "a whole number from -128 to 127"),
        ("i16", "a whole number from -32768 to 32767"),
        ("i32", "a whole number from -2147483648 to 2147483647"),
        (
            "i64",
            "a whole number from -9223372036854775808 to 9223372036854775807",
        ),
        ("isize", "a whole number"),
        ("f32", "a number"),
        ("f64", "a number"),
    ];
    if let Some((head, ty)) = message.rsplit_once(", expected ") {
        if let Some((_, plain)) = PLAIN.iter().find(|(t, _)| *t == ty) {
            return format!("{head}, expected {plain}");
        }
    }
    message.to_string()
}

fn quoted_value_removed(message: &str) -> String {
    for lead in ["invalid type: ", "invalid value: "] {
        let Some(rest) = message.strip_prefix(lead) else {
            continue;
        };
        // `string "…"` (escaped like Rust's Debug), else `kind `…``: the value runs to its
        // closing quote or backtick, which is followed by `, expected`.
        let (kind, after) = if let Some(quoted) = rest.strip_prefix("string \"") {
            let mut escaped = false;
            let end = quoted.char_indices().find_map(|(i, c)| {
                if escaped {
                    escaped = false;
                    None
                } else if c == '\\' {
                    escaped = true;
                    None
                } else if c == '"' {
                    Some(i + 1)
                } else {
                    None
                }
            });
            match end.and_then(|i| quoted.get(i..)) {
                Some(after) => ("string", after),
                None => return format!("{lead}string"),
            }
        } else if let Some((kind, value)) = rest.split_once(" `") {
            match value.find("`, ").and_then(|i| value.get(i + 1..)) {
                Some(after) if !kind.contains(',') => (kind, after),
                _ => continue,
            }
        } else {
            continue;
        };
        return format!("{lead}{kind}{after}");
    }
    message.to_string()
}

fn fault(path: String, e: &serde_json::Error) -> JsonFault {
    let message = without_value(&bare_message(e));
    let limit = message.contains("recursion limit exceeded") || message.contains(DEPTH_MESSAGE);
    JsonFault {
        path,
        line: e.line(),
        column: e.column(),
        message: if message.contains("recursion limit exceeded") {
            format!("{DEPTH_MESSAGE} of {MAX_DEPTH}")
        } else {
            message
        },
        limit,
        syntax: matches!(
            e.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ),
    }
}

const DEPTH_MESSAGE: &str = "nested deeper than the limit";

/// Checks that `text` is strict JSON: well-formed, no member name twice in an object, nesting
/// within [`MAX_DEPTH`], nothing after the value.
pub fn check(text: &str) -> Result<(), JsonFault> {
    let found = RefCell::new(None::<String>);
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Strict {
        at: &Segment::Root,
        depth: 0,
        found: &found,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            let path = found.borrow_mut().take().unwrap_or_default();
            Err(fault(path, &e))
        }
    }
}

/// Reads a `T` from strict JSON text (see [`check`]), with the field path of the first error.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, JsonFault> {
    check(text)?;
    typed(text)
}

/// Reads a `T` from JSON text already [`check`]ed.
pub fn typed<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, JsonFault> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(Objects(&mut de)).map_err(|e| {
        let mut f = fault(path_string(e.path()), e.inner());
        name_missing_field(&mut f.path, &mut f.message);
        f
    })?;
    de.end().map_err(|e| fault(String::new(), &e))?;
    Ok(value)
}

/// Reads a `T` from JSON text with `serde_json` alone (no path, no strictness pass), records
/// from objects only ([`Objects`]): for a document read once directly and, only when that
/// fails, again to locate its problems.
pub fn read<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Objects(&mut de))?;
    de.end()?;
    Ok(value)
}

/// Reads a `T` from a parsed JSON value, records from objects only ([`Objects`]).
pub fn from_value<'de, T: Deserialize<'de>>(
    value: &'de serde_json::Value,
) -> Result<T, serde_json::Error> {
    T::deserialize(Objects(value))
}

/// Moves the field serde names in "missing field `x`" into the path, so that the path names
/// the innermost field like every other error's.
pub fn name_missing_field(path: &mut String, message: &mut String) {
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(field, _)| field.to_string())
    {
        *path = join(path, &field);
        *message = "missing: this field is required".to_string();
    }
}

/// A `serde_path_to_error` path written the library's way: `a.b[0].c`.
pub fn path_string(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment as S;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            S::Seq { index } => out.push_str(&format!("[{index}]")),
            S::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            S::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            S::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The strictness pass.

/// Where the value being checked sits, as a chain of parents (built only on the stack).
enum Segment<'p> {
    Root,
    Index(&'p Segment<'p>, usize),
    Key(&'p Segment<'p>, &'p str),
}

impl Segment<'_> {
    fn path(&self) -> String {
        match self {
            Segment::Root => String::new(),
            Segment::Index(parent, i) => format!("{}[{i}]", parent.path()),
            Segment::Key(parent, k) => join(&parent.path(), k),
        }
    }
}

struct Strict<'p, 'f> {
    at: &'p Segment<'p>,
    depth: usize,
    found: &'f RefCell<Option<String>>,
}

impl Strict<'_, '_> {
    fn fail<E: de::Error>(&self, path: String, message: String) -> E {
        *self.found.borrow_mut() = Some(path);
        E::custom(message)
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(self.at.path(), format!("{DEPTH_MESSAGE} of {MAX_DEPTH}")));
        }
        let mut i = 0usize;
        loop {
            let at = Segment::Index(self.at, i);
            let seed = Strict {
                at: &at,
                depth: self.depth + 1,
                found: self.found,
            };
            if seq.next_element_seed(seed)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(self.at.path(), format!("{DEPTH_MESSAGE} of {MAX_DEPTH}")));
        }
        // Small objects (nearly all) are searched linearly; large ones by hash.
        let mut few: Vec<Cow<'de, str>> = Vec::new();
        let mut many: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let seen = if many.is_empty() {
                few.contains(&key)
            } else {
                many.contains(&key)
            };
            if seen {
                let path = join(&self.at.path(), &key);
                let message = format!(
                    "the member name `{}` appears more than once in this object",
                    clip(&key)
                );
                return Err(self.fail(path, message));
            }
            {
                let at = Segment::Key(self.at, &key);
                map.next_value_seed(Strict {
                    at: &at,
                    depth: self.depth + 1,
                    found: self.found,
                })?;
            }
            if many.is_empty() && few.len() < 16 {
                few.push(key);
            } else {
                if many.is_empty() {
                    many.extend(few.drain(..));
                }
                many.insert(key);
            }
        }
        Ok(())
    }
}

/// A member name, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// At most 64 characters of a text quoted in a message.
pub fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(64).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Streaming a list.

/// Calls `each(index, raw_text_of_element)` for every element of the JSON array `text`
/// (already [`check`]ed), without holding more than one element; stops after `max` elements
/// and returns `Err(count_so_far)` when there are more.
pub fn for_each_element<'de>(
    text: &'de str,
    max: usize,
    mut each: impl FnMut(usize, &'de str),
) -> Result<Result<usize, usize>, JsonFault> {
    struct Elements<'a, F> {
        max: usize,
        each: &'a mut F,
        over: &'a mut bool,
    }
    impl<'de, F: FnMut(usize, &'de str)> Visitor<'de> for Elements<'_, F> {
        type Value = usize;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
            let mut n = 0usize;
            while let Some(raw) = seq.next_element::<&'de serde_json::value::RawValue>()? {
                if n >= self.max {
                    *self.over = true;
                    // Count the rest without keeping them.
                    n += 1;
                    while seq.next_element::<IgnoredAny>()?.is_some() {
                        n += 1;
                    }
                    return Ok(n);
                }
                (self.each)(n, raw.get());
                n += 1;
            }
            Ok(n)
        }
    }
    let mut over = false;
    let mut de = serde_json::Deserializer::from_str(text);
    let n = de::Deserializer::deserialize_seq(
        &mut de,
        Elements {
            max,
            each: &mut each,
            over: &mut over,
        },
    )
    .map_err(|e| fault(String::new(), &e))?;
    Ok(if over { Err(n) } else { Ok(n) })
}

/// The string value of member `name` of the JSON object `text` (already checked), if it has
/// one; for naming a record that could not be read.
pub fn member_str(text: &str, name: &str) -> Option<String> {
    struct Find<'n>(&'n str);
    impl<'de> Visitor<'de> for Find<'_> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
            let mut found = None;
            while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                if key == self.0 && found.is_none() {
                    found = map.next_value::<Option<Cow<'de, str>>>().ok().flatten();
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found.map(Cow::into_owned))
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de::Deserializer::deserialize_map(&mut de, Find(name))
        .ok()
        .flatten()
}

// ---------------------------------------------------------------------------------------------
// Strict dates and instants.

/// The form of a date, quoted in messages.
pub const DATE_FORM: &str = "YYYY-MM-DD, e.g. 2026-02-14";
/// The form of an instant, quoted in messages.
pub const INSTANT_FORM: &str =
    "an RFC 3339 date and time with its offset, e.g. 2026-02-14T10:00:00+08:00";

/// Reads the year of a strict date: four digits, or a sign and four to six digits.
fn year_part(s: &str) -> Option<(i32, &str)> {
    let (sign, digits_from) = match s.as_bytes().first()? {
        b'+' => (1, 1),
        b'-' => (-1, 1),
        _ => (1, 0),
    };
    let rest = s.get(digits_from..)?;
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    let ok = if digits_from == 0 {
        n == 4
    } else {
        (4..=6).contains(&n)
    };
    if !ok {
        return None;
    }
    let year: i32 = sign * rest.get(..n)?.parse::<i32>().ok()?;
    // A sign only for a year that four digits cannot write (as chrono and JavaScript write
    // them): `+2026-02-14`, `+002026-02-14` and `-0000-01-01` are not dates in either form.
    if digits_from == 1 && (0..=9999).contains(&year) {
        return None;
    }
    Some((year, rest.get(n..)?))
}

fn two_digits(s: &str) -> Option<(u32, &str)> {
    let d = s.get(..2)?;
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((d.parse().ok()?, s.get(2..)?))
}

fn date_prefix(s: &str) -> Result<(chrono::NaiveDate, &str), String> {
    let form = || format!("`{}` is not a date written {DATE_FORM}", clip(s));
    let (year, rest) = year_part(s).ok_or_else(form)?;
    let rest = rest.strip_prefix('-').ok_or_else(form)?;
    let (month, rest) = two_digits(rest).ok_or_else(form)?;
    let rest = rest.strip_prefix('-').ok_or_else(form)?;
    let (day, rest) = two_digits(rest).ok_or_else(form)?;
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        format!(
            "`{}` is not a day of the calendar (month 01–12, a day the month has; years {} to {})",
            clip(s),
            chrono::NaiveDate::MIN.format("%Y"),
            chrono::NaiveDate::MAX.format("%Y"),
        )
    })?;
    Ok((date, rest))
}

/// Parses a date written `YYYY-MM-DD` (or `±YYYYYY-MM-DD`), strictly.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    match date_prefix(s)? {
        (date, "") => Ok(date),
        _ => Err(format!("`{}` is not a date written {DATE_FORM}", clip(s))),
    }
}

/// Parses an RFC 3339 instant (`2026-02-14T10:00:00+08:00`, fractions of a second allowed,
/// `Z` for UTC), strictly.
pub fn parse_instant(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    let form = || format!("`{}` is not {INSTANT_FORM}", clip(s));
    let (date, rest) =
        date_prefix(s).map_err(|e| if e.contains("not a day") { e } else { form() })?;
    let rest = rest
        .strip_prefix('T')
        .or_else(|| rest.strip_prefix('t'))
        .ok_or_else(form)?;
    let (h, rest) = two_digits(rest).ok_or_else(form)?;
    let rest = rest.strip_prefix(':').ok_or_else(form)?;
    let (m, rest) = two_digits(rest).ok_or_else(form)?;
    let rest = rest.strip_prefix(':').ok_or_else(form)?;
    let (sec, mut rest) = two_digits(rest).ok_or_else(form)?;
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 9 {
            return Err(form());
        }
        let digits = frac.get(..n).ok_or_else(form)?;
        nanos = digits.parse::<u32>().map_err(|_| form())? * 10u32.pow(9 - n as u32);
        rest = frac.get(n..).ok_or_else(form)?;
    }
    let offset_secs = match rest {
        "Z" | "z" => 0,
        _ => {
            let (sign, r) = match rest.as_bytes().first() {
                Some(b'+') => (1, rest.get(1..).ok_or_else(form)?),
                Some(b'-') => (-1, rest.get(1..).ok_or_else(form)?),
                _ => return Err(form()),
            };
            let (oh, r) = two_digits(r).ok_or_else(form)?;
            let r = r.strip_prefix(':').ok_or_else(form)?;
            let (om, r) = two_digits(r).ok_or_else(form)?;
            if !r.is_empty() || oh > 23 || om > 59 {
                return Err(form());
            }
            sign * (oh as i32 * 3600 + om as i32 * 60)
        }
    };
    if sec == 60 {
        return Err(format!(
            "`{}`: leap seconds are not accepted; {INSTANT_FORM}",
            clip(s)
        ));
    }
    let time = chrono::NaiveTime::from_hms_nano_opt(h, m, sec, nanos).ok_or_else(|| {
        format!(
            "`{}` is not a time of day (hours 00–23, minutes and seconds 00–59)",
            clip(s)
        )
    })?;
    let offset = chrono::FixedOffset::east_opt(offset_secs).ok_or_else(form)?;
    date.and_time(time)
        .and_local_timezone(offset)
        .single()
        .ok_or_else(|| {
            format!(
                "`{}` is outside the range of instants this library handles",
                clip(s)
            )
        })
}

/// `#[serde(deserialize_with = "crate::json::date::deserialize")]` for a strict date.
pub mod date {
    use serde::{Deserialize, Deserializer};
    use std::borrow::Cow;

    /// Reads a date written `YYYY-MM-DD`, strictly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<chrono::NaiveDate, D::Error> {
        let s = Cow::<'de, str>::deserialize(d)?;
        super::parse_date(&s).map_err(serde::de::Error::custom)
    }

    /// The same for a list of dates.
    pub mod list {
        use serde::{Deserialize, Deserializer};
        use std::borrow::Cow;

        /// Reads a list of dates written `YYYY-MM-DD`, strictly.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<chrono::NaiveDate>, D::Error> {
            Vec::<Cow<'de, str>>::deserialize(d)?
                .iter()
                .map(|s| super::super::parse_date(s).map_err(serde::de::Error::custom))
                .collect()
        }
    }

    /// The same for an optional date.
    pub mod option {
        use serde::{Deserialize, Deserializer};
        use std::borrow::Cow;

        /// Reads an optional date written `YYYY-MM-DD`, strictly.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<chrono::NaiveDate>, D::Error> {
            match Option::<Cow<'de, str>>::deserialize(d)? {
                None => Ok(None),
                Some(s) => super::super::parse_date(&s)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
            }
        }
    }
}

/// Counts: `#[serde(deserialize_with = "crate::json::count::deserialize")]` (and `count::opt`,
/// `count::version`) for a number of things read from JSON.
///
/// Counts are signed in the library's types (`i32`; `i64` for versions) so that every platform
/// can use them (Java has no unsigned integers), and never negative: these read a JSON integer
/// from 0 up, and refuse a negative one with an error at the field, as an unsigned type would.
pub mod count {
    use serde::{Deserialize, Deserializer};

    fn check<T: PartialOrd + Default + std::fmt::Display, E: serde::de::Error>(
        n: T,
    ) -> Result<T, E> {
        if n < T::default() {
            Err(E::custom(format_args!("must not be negative (got {n})")))
        } else {
            Ok(n)
        }
    }

    /// Reads a count (0 to 2,147,483,647).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
        check(i32::deserialize(d)?)
    }

    /// Reads an optional count.
    pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
        Option::<i32>::deserialize(d)?.map(check).transpose()
    }

    /// A count read on its own, so that an error inside a map names the member.
    struct Count(i32);

    impl<'de> Deserialize<'de> for Count {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d).map(Count)
        }
    }

    /// Reads a map of counts (`{"raincoat": 12}`); a negative one is refused at its member.
    pub fn map<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<std::collections::BTreeMap<String, i32>, D::Error> {
        let map = std::collections::BTreeMap::<String, Count>::deserialize(d)?;
        Ok(map.into_iter().map(|(k, Count(n))| (k, n)).collect())
    }

    /// Reads a version number (0 to [`MAX_VERSION`](super::MAX_VERSION), 9,007,199,254,740,991).
    pub fn version<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let v = check(i64::deserialize(d)?)?;
        if v > super::MAX_VERSION {
            return Err(serde::de::Error::custom(format_args!(
                "must be at most {} (2^53 - 1, the largest whole number JavaScript reads exactly)",
                super::MAX_VERSION
            )));
        }
        Ok(v)
    }
}

/// The largest version number (of a signed bundle): 2^53 − 1, so that a version reads back
/// exactly on every platform, JavaScript's numbers included.
pub const MAX_VERSION: i64 = 9_007_199_254_740_991;

/// `#[serde(deserialize_with = "crate::json::instant::deserialize")]` for a strict instant.
pub mod instant {
    use serde::{Deserialize, Deserializer};
    use std::borrow::Cow;

    /// Reads an RFC 3339 instant, strictly.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<chrono::DateTime<chrono::FixedOffset>, D::Error> {
        let s = Cow::<'de, str>::deserialize(d)?;
        super::parse_instant(&s).map_err(serde::de::Error::custom)
    }

    /// The same for a list of instants.
    pub mod list {
        use serde::{Deserialize, Deserializer};
        use std::borrow::Cow;

        /// Reads a list of RFC 3339 instants, strictly.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<chrono::DateTime<chrono::FixedOffset>>, D::Error> {
            Vec::<Cow<'de, str>>::deserialize(d)?
                .iter()
                .map(|s| super::super::parse_instant(s).map_err(serde::de::Error::custom))
                .collect()
        }
    }

    /// The same for an optional instant.
    pub mod option {
        use serde::{Deserialize, Deserializer};
        use std::borrow::Cow;

        /// Reads an optional RFC 3339 instant, strictly.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, D::Error> {
            match Option::<Cow<'de, str>>::deserialize(d)? {
                None => Ok(None),
                Some(s) => super::super::parse_instant(&s)
                    .map(Some)
                    .map_err(serde::de::Error::custom),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn duplicate_member_names_are_refused_with_their_path() {
        let e = check(r#"{"a": 1, "b": [{"c": 1, "c": 2}]}"#).unwrap_err();
        assert_eq!(e.path, "b[0].c");
        assert!(e.message.contains("more than once"), "{e}");
        assert_eq!((e.line, e.column > 0), (1, true));
        let e = check(r#"{"stations": [], "x": 1, "stations": []}"#).unwrap_err();
        assert_eq!(e.path, "stations");
        // Escaped and plain spellings of one name are one name.
        assert!(check(r#"{"a": 1, "\u0061": 2}"#).is_err());
        // Many members: the hashed path.
        let many: String = (0..40).map(|i| format!("\"k{i}\": {i},")).collect();
        assert!(check(&format!("{{{many} \"k39\": 0}}")).is_err());
        assert!(check(&format!("{{{many} \"k40\": 0}}")).is_ok());
    }

    #[test]
    fn nesting_is_bounded_and_reported_as_a_limit() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = check(&deep).unwrap_err();
        assert!(e.limit, "{e}");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(check(&ok).is_ok());
        let e = check(&"[".repeat(10_000)).unwrap_err();
        assert!(e.limit || e.syntax, "{e}");
    }

    #[test]
    fn syntax_errors_keep_line_and_column_out_of_the_path() {
        let e = check("{\n  \"a\": [1, 2,\n}").unwrap_err();
        assert_eq!(e.path, "");
        assert_eq!(e.line, 3);
        assert!(e.syntax);
        assert!(!e.message.contains("line"), "{}", e.message);
        assert!(check("{} x").is_err());
    }

    #[test]
    fn typed_errors_name_the_innermost_field() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: Vec<Vec<u8>>,
            m: BTreeMap<String, u8>,
        }
        let e = from_str::<T>(r#"{"a": [[1], [2, 300]], "m": {}}"#).unwrap_err();
        assert_eq!(e.path, "a[1][1]");
        let e = from_str::<T>(r#"{"a": [], "m": {"k": -1}}"#).unwrap_err();
        assert_eq!(e.path, "m.k");
    }

    #[test]
    fn decimal_numbers_read_exactly() {
        // Correctly rounded: the same bits as Rust's own parser, for many decimal coordinates.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = 1 + (x % 15) as usize;
            let s = format!(
                "{}.{:0digits$}",
                x % 180,
                (x >> 8) % 10u64.pow(digits as u32)
            );
            let ours: f64 = from_str(&s).unwrap();
            let exact: f64 = s.parse().unwrap();
            assert_eq!(ours.to_bits(), exact.to_bits(), "{s}");
        }
    }

    #[test]
    fn records_are_read_from_objects_only_at_every_depth() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Point {
            lat: f64,
            lon: f64,
        }
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Query {
            at: Point,
            #[serde(default)]
            also: Vec<Point>,
            #[serde(default)]
            maybe: Option<Point>,
            #[serde(default)]
            by_name: std::collections::BTreeMap<String, Point>,
        }
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        enum Op {
            Distance { from: Point, to: Point },
            Near(Point),
        }
        let p = Point { lat: 1.0, lon: 2.0 };
        let ok = from_str::<Query>(
            r#"{"at": {"lat": 1, "lon": 2}, "also": [{"lat": 1, "lon": 2}], "maybe": {"lat": 1, "lon": 2}, "by_name": {"a": {"lat": 1, "lon": 2}}}"#,
        )
        .unwrap();
        assert_eq!(ok.at, p);
        assert_eq!(ok.by_name.get("a"), Some(&p));
        for (text, path) in [
            (r#"[{"lat": 1, "lon": 2}]"#, ""),
            (r#"{"at": [1, 2]}"#, "at"),
            (
                r#"{"at": {"lat": 1, "lon": 2}, "also": [{"lat": 1, "lon": 2}, [1, 2]]}"#,
                "also[1]",
            ),
            (r#"{"at": {"lat": 1, "lon": 2}, "maybe": [1, 2]}"#, "maybe"),
            (
                r#"{"at": {"lat": 1, "lon": 2}, "by_name": {"a": [1, 2]}}"#,
                "by_name.a",
            ),
        ] {
            let e = from_str::<Query>(text).unwrap_err();
            assert_eq!(e.path, path, "{text}: {e}");
            assert!(
                e.message.starts_with("invalid type: sequence"),
                "{text}: {e}"
            );
        }
        // Struct variants and newtype variants of a struct, too.
        assert_eq!(
            from_str::<Op>(r#"{"near": {"lat": 1, "lon": 2}}"#).unwrap(),
            Op::Near(Point { lat: 1.0, lon: 2.0 })
        );
        assert!(from_str::<Op>(
            r#"{"distance": {"from": {"lat": 1, "lon": 2}, "to": {"lat": 1, "lon": 2}}}"#
        )
        .is_ok());
        assert_eq!(
            from_str::<Op>(r#"{"distance": [{"lat": 1, "lon": 2}, {"lat": 1, "lon": 2}]}"#)
                .unwrap_err()
                .path,
            "distance"
        );
        assert_eq!(
            from_str::<Op>(r#"{"distance": {"from": [1, 2], "to": {"lat": 1, "lon": 2}}}"#)
                .unwrap_err()
                .path,
            "distance.from"
        );
        assert!(from_str::<Op>(r#"{"near": [1, 2]}"#).is_err());
        // The same through a parsed value.
        let v: serde_json::Value = serde_json::from_str(r#"{"at": [1, 2]}"#).unwrap();
        assert!(from_value::<Query>(&v).is_err());
        assert!(read::<Query>(r#"{"at": [1, 2]}"#).is_err());
        // Raw values pass through untouched.
        let raw: Box<serde_json::value::RawValue> = from_str(r#"[1, {"a": 2}]"#).unwrap();
        assert_eq!(raw.get(), r#"[1, {"a": 2}]"#);
    }

    #[test]
    fn errors_never_quote_the_value_given() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct P {
            id: String,
            income: i64,
            flag: Option<bool>,
        }
        for (text, kind) in [
            (r#"{"id": 370102199506122017, "income": 1}"#, "integer"),
            (r#"{"id": "x", "income": "370102199506122017"}"#, "string"),
            (
                r#"{"id": "x", "income": "37010219950612, expected \"2017"}"#,
                "string",
            ),
            (
                r#"{"id": 3701021995.0612201, "income": 1}"#,
                "floating point",
            ),
            (
                r#"{"id": "x", "income": 370102199506122017370102199506122017}"#,
                "floating point",
            ),
            (
                r#"{"id": "x", "income": 1, "flag": "370102199506122017"}"#,
                "string",
            ),
        ] {
            let e = from_str::<P>(text).unwrap_err();
            assert!(!e.message.contains("3701021995"), "{text}: {e}");
            assert!(!e.to_string().contains("3701021995"), "{text}: {e}");
            assert!(
                e.message
                    .starts_with(&format!("invalid type: {kind}, expected")),
                "{text}: {e}"
            );
        }
        // Messages without a quoted value are kept as they are.
        assert_eq!(without_value("missing field `id`"), "missing field `id`");
        assert_eq!(
            without_value("invalid type: character `````, expected a string"),
            "invalid type: character, expected a string"
        );
        assert_eq!(
            without_value("invalid value: integer `-5`, expected u32"),
            "invalid value: integer, expected a whole number from 0 to 4294967295"
        );
        assert_eq!(
            without_value("invalid type: string \"unterminated"),
            "invalid type: string"
        );
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(parse_date("2026-02-14").unwrap().to_string(), "2026-02-14");
        assert!(parse_date("+262142-12-31").is_ok());
        assert!(parse_date("-262143-01-01").is_ok());
        for bad in [
            "2026-2-14",
            " 2026-02-14",
            "2026-02-14 ",
            "02026-02-14",
            "26-02-14",
            "+6-01",
            // A sign (and room for six digits) only for years four digits cannot write.
            "+2026-02-14",
            "+002026-02-14",
            "-0000-01-01",
            "+9999-12-31",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        // Years outside 0–9999 as chrono writes them (at least four digits) and as JavaScript
        // does (six), and what the library writes reads back.
        for (text, year) in [
            ("+10000-01-01", 10000),
            ("+010000-01-01", 10000),
            ("-0001-01-01", -1),
            ("-000001-01-01", -1),
        ] {
            assert_eq!(
                chrono::Datelike::year(&parse_date(text).unwrap()),
                year,
                "{text}"
            );
        }
        for year in [-262_143, -10_000, -1, 0, 1, 9999, 10_000, 262_142] {
            let d = chrono::NaiveDate::from_ymd_opt(year, 3, 1).unwrap();
            assert_eq!(parse_date(&d.to_string()).unwrap(), d, "{d}");
        }
        let e = parse_date("2026-02-30").unwrap_err();
        assert!(e.contains("2026-02-30") && e.contains("not a day"), "{e}");
        assert!(parse_date("+999999-01-01").is_err());
    }

    #[test]
    fn instants_are_read_strictly() {
        let t = parse_instant("2026-02-14T10:00:00+08:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-02-14T10:00:00+08:00");
        assert_eq!(
            parse_instant("2026-02-14T02:00:00.25Z")
                .unwrap()
                .to_rfc3339(),
            "2026-02-14T02:00:00.250+00:00"
        );
        assert!(parse_instant("+262142-12-31T23:59:59+08:00").is_ok());
        for bad in [
            "2026-2-14T10:00:00+08:00",
            "2026-02-14 10:00:00+08:00",
            "2026-02-14T10:00:00",
            "2026-02-14T10:00+08:00",
            "2026-02-14T10:00:00+0800",
            "2026-02-14T24:00:00+08:00",
            "2026-02-14T10:00:00.+08:00",
            "+2026-02-14T10:00:00+08:00",
            "+002026-06-10T10:00:00+08:00",
        ] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
        // Past chrono's last instant once the offset is applied.
        assert!(parse_instant("+262143-12-31T23:59:59-12:00").is_err());
    }
}
