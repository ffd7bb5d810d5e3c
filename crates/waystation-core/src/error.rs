//! The public error: a small enum whose variants a caller can act on.
//!
//! Inside the core every module has its own rich error (`CatalogueError`, `QueryError`,
//! `HoursError`, …) that says exactly what was wrong and where. At the boundary — the uniffi
//! and WebAssembly bindings, and the JSON [`requests`](crate::requests) API — they all map to
//! this one enum, so that Kotlin, Swift, Python and TypeScript callers see the same five cases
//! with the same codes.

use crate::calendar::CalendarError;
use crate::catalogue::{CatalogueError, Problem};
use crate::compact::CompactErrorKind;
use crate::geo::GeoError;
use crate::geojson::GeoJsonError;
use crate::hours::HoursError;
use crate::identity::IdentityError;
use crate::lang::Lang;
use crate::lang::LocalizedText;
use crate::lang::UnknownLang;
use crate::products::ProductError;
use crate::profile::ProfileError;
use crate::stations::QueryError;
use crate::words::{self, Message};
use serde::{Deserialize, Serialize};

/// A failure, as callers on every platform see it.
///
/// Serialised with a `code` tag, the fields of its case, the developer detail `message`, and
/// the end-user message: `{"code": "not_found", "kind": "station", "id": "x", "message": "…",
/// "message_key": "error.not_found.station", "user_message": {"zh": "…", "en": "…"}}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Error {
    /// The input is malformed or breaks a rule. `path` says where (`stations[12].hours`,
    /// `query.radius_m`); `problems` lists every problem when there are several.
    #[error("{message}")]
    InvalidInput {
        /// Where the (first) problem is; empty when the input as a whole is wrong.
        path: String,
        /// What is wrong.
        message: String,
        /// Every problem found, when validation found several.
        problems: Vec<Problem>,
        /// Line (from 1) in the JSON text, for input that is not (strict) JSON.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        /// Column (from 1) in the JSON text, for input that is not (strict) JSON.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        column: Option<u32>,
    },
    /// Something asked for by id or code does not exist.
    #[error("{message}")]
    NotFound {
        /// What kind of thing: `station`, `branch`, `service`, `theme`, `product`, ….
        kind: String,
        /// The id or code asked for.
        id: String,
        /// Human-readable message.
        message: String,
    },
    /// The answer depends on a holiday calendar year that is not loaded; load it and ask again.
    #[error("{message}")]
    CalendarUnknown {
        /// The year needed.
        year: i32,
        /// Human-readable message.
        message: String,
    },
    /// An explicit limit was exceeded (input size, record count, results requested, …).
    #[error("{message}")]
    LimitExceeded {
        /// Human-readable message naming the limit.
        message: String,
    },
    /// The input uses something this version does not support (a catalogue schema or compact
    /// format version, hours that OSM `opening_hours` cannot write, …). An OSM construct the
    /// reader does not take (`SH`, `sunrise`, `||`) is [`Error::InvalidInput`] at the text's
    /// path instead, as everywhere hours are read: the text is what has to change.
    #[error("{message}")]
    Unsupported {
        /// Human-readable message.
        message: String,
    },
}

impl Error {
    /// The stable code: `invalid_input`, `not_found`, `calendar_unknown`, `limit_exceeded` or
    /// `unsupported`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::NotFound { .. } => "not_found",
            Error::CalendarUnknown { .. } => "calendar_unknown",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::Unsupported { .. } => "unsupported",
        }
    }

    /// An invalid-input error at `path`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Error {
        let path = path.into();
        let message = message.into();
        Error::InvalidInput {
            message: if path.is_empty() {
                message
            } else {
                format!("{path}: {message}")
            },
            path,
            problems: Vec::new(),
            line: None,
            column: None,
        }
    }

    /// Puts `prefix` in front of an invalid-input path: an error about `lat` found while reading
    /// the argument `position` becomes an error at `position.lat`.
    #[must_use]
    pub fn at(self, prefix: &str) -> Error {
        match self {
            Error::InvalidInput {
                path,
                message,
                problems,
                line,
                column,
            } => {
                let path = if path == "$" { String::new() } else { path };
                let full = crate::json::join(prefix, &path);
                let message = match message.strip_prefix(&format!("{path}: ")) {
                    Some(rest) if !path.is_empty() => format!("{full}: {rest}"),
                    _ => format!("{prefix}: {message}"),
                };
                Error::InvalidInput {
                    path: full,
                    message,
                    problems: problems
                        .into_iter()
                        .map(|p| Problem {
                            path: crate::json::join(prefix, &p.path),
                            message: p.message,
                        })
                        .collect(),
                    line,
                    column,
                }
            }
            other => other,
        }
    }

    /// The stable key of the end-user message (an entry of the [message catalogue](crate::words)):
    /// `error.invalid_field`, `error.not_found.station`, `error.calendar_unknown`, …. Apps may
    /// map keys to texts of their own; the list is in `docs/WORDS.md`.
    pub fn message_key(&self) -> &'static str {
        self.user_words().0.key
    }

    /// A short message for the person using the app, in `lang`: what went wrong and what to do,
    /// without codes, paths or internal ids (the developer detail is its `Display`, `to_string()`).
    ///
    /// ```
    /// use waystation::error::Error;
    /// use waystation::lang::Lang;
    /// let e = Error::invalid("resident_id", "the check character does not match").at("profile");
    /// assert_eq!(e.message_key(), "error.invalid_field");
    /// assert_eq!(e.user_message(Lang::ZhCn), "身份证号码有误，请检查后重试");
    /// assert_eq!(e.user_message(Lang::En), "The resident ID number is not valid. Please check it and try again.");
    /// ```
    pub fn user_message(&self, lang: Lang) -> String {
        let (message, arg) = self.user_words();
        match arg {
            UserArg::None => message.render(lang, &[]),
            UserArg::Field(field) => message.render(lang, &[("field", field.template(lang))]),
            UserArg::Year(year) => message.render(lang, &[("year", &year.to_string())]),
        }
    }

    /// The end-user message in zh-CN and en.
    pub fn user_messages(&self) -> LocalizedText {
        LocalizedText::new(self.user_message(Lang::ZhCn), self.user_message(Lang::En))
    }

    fn user_words(&self) -> (&'static Message, UserArg) {
        match self {
            Error::InvalidInput {
                path, line, column, ..
            } => {
                if line.is_some() || column.is_some() {
                    // Text that is not (strict) JSON comes from a program, never from a person:
                    // data the app loaded (a catalogue, a rule set, a bundle) or a request the
                    // app built.
                    let root = path_segments(path).next().unwrap_or_default();
                    let data = root == "bundle" || DATA_ROOTS.contains(&root);
                    let message = if data {
                        &words::errors::ERROR_INVALID_DATA
                    } else {
                        &words::errors::ERROR_INVALID_REQUEST
                    };
                    return (message, UserArg::None);
                }
                invalid_input_words(path)
            }
            Error::NotFound { kind, .. } => {
                let message = match kind.as_str() {
                    "station" => &words::errors::ERROR_NOT_FOUND_STATION,
                    "branch" => &words::errors::ERROR_NOT_FOUND_BRANCH,
                    "service" => &words::errors::ERROR_NOT_FOUND_SERVICE,
                    "theme" => &words::errors::ERROR_NOT_FOUND_THEME,
                    "product" => &words::errors::ERROR_NOT_FOUND_PRODUCT,
                    "event" => &words::errors::ERROR_NOT_FOUND_EVENT,
                    "programme" => &words::errors::ERROR_NOT_FOUND_PROGRAMME,
                    "rule_set" => &words::errors::ERROR_NOT_FOUND_RULE_SET,
                    "product_catalogue" => &words::errors::ERROR_NOT_FOUND_PRODUCT_CATALOGUE,
                    "trusted_key" => &words::errors::ERROR_NOT_FOUND_TRUSTED_KEY,
                    _ => &words::errors::ERROR_NOT_FOUND,
                };
                (message, UserArg::None)
            }
            Error::CalendarUnknown { year, .. } => {
                (&words::errors::ERROR_CALENDAR_UNKNOWN, UserArg::Year(*year))
            }
            Error::LimitExceeded { .. } => (&words::errors::ERROR_LIMIT_EXCEEDED, UserArg::None),
            Error::Unsupported { .. } => (&words::errors::ERROR_UNSUPPORTED, UserArg::None),
        }
    }

    fn not_found(kind: &str, id: String, message: String) -> Error {
        Error::NotFound {
            kind: kind.to_string(),
            id,
            message,
        }
    }

    fn calendar(year: i32, message: String) -> Error {
        Error::CalendarUnknown { year, message }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // A struct, not a map: field names go through the serialiser (camelCase in JavaScript).
        let mut s = serializer.serialize_struct("Error", 9)?;
        s.serialize_field("code", self.code())?;
        match self {
            Error::InvalidInput {
                path,
                message,
                problems,
                line,
                column,
            } => {
                s.serialize_field("path", path)?;
                s.serialize_field("message", message)?;
                s.serialize_field("problems", problems)?;
                match line {
                    Some(line) => s.serialize_field("line", line)?,
                    None => s.skip_field("line")?,
                }
                match column {
                    Some(column) => s.serialize_field("column", column)?,
                    None => s.skip_field("column")?,
                }
            }
            Error::NotFound { kind, id, message } => {
                s.serialize_field("kind", kind)?;
                s.serialize_field("id", id)?;
                s.serialize_field("message", message)?;
            }
            Error::CalendarUnknown { year, message } => {
                s.serialize_field("year", year)?;
                s.serialize_field("message", message)?;
            }
            Error::LimitExceeded { message } | Error::Unsupported { message } => {
                s.serialize_field("message", message)?;
            }
        }
        s.serialize_field("message_key", self.message_key())?;
        s.serialize_field("user_message", &self.user_messages())?;
        s.end()
    }
}

/// What an end-user message is filled in with.
enum UserArg {
    None,
    Field(&'static Message),
    Year(i32),
}

/// The identifier segments of a path (`query.position.lat` → `query`, `position`, `lat`;
/// indices such as `[3]` are skipped).
fn path_segments(path: &str) -> impl Iterator<Item = &str> {
    path.split(['.', '[', ']'])
        .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
}

/// Top-level members of the documents an app loads (catalogue, product catalogue, rule set,
/// bundle): a problem under one of them is in the data, not in what the user entered.
const DATA_ROOTS: &[&str] = &[
    "catalogue",
    "product_catalogue",
    "rule_set",
    "trusted_keys",
    "stations",
    "services",
    "outlets",
    "branches",
    "network",
    "themes",
    "holiday_years",
    "programmes",
    "products",
    "rules",
    "versions",
    "schema_version",
    "version",
    "gear",
];

/// The end-user message of `message_key` in zh-CN and en: an entry of the
/// [message catalogue](crate::words) that takes no parameters, such as `error.invalid_input`
/// (every key is in `docs/WORDS.md`). For an app, or a binding, that words a failure of its own
/// the way the library words its errors.
///
/// Errors: [`Error::NotFound`] (kind `message_key`) for a key the catalogue does not have;
/// [`Error::InvalidInput`] (path `message_key`) for a message that takes parameters (it is
/// worded only with what it says, as part of an answer or an error).
///
/// ```
/// use waystation::error::{user_message, Error};
/// let words = user_message("error.invalid_input").unwrap();
/// assert_eq!(words.zh, "填写的信息有误，请检查后重试");
/// assert!(matches!(user_message("error.no_such_key"), Err(Error::NotFound { .. })));
/// assert!(matches!(user_message("error.invalid_field"), Err(Error::InvalidInput { .. })));
/// ```
pub fn user_message(message_key: &str) -> Result<LocalizedText, Error> {
    let Some(message) = words::find(message_key) else {
        return Err(Error::not_found(
            "message_key",
            message_key.to_string(),
            format!("no message has the key '{message_key}' (see docs/WORDS.md)"),
        ));
    };
    if !message.params.is_empty() {
        return Err(Error::invalid(
            "message_key",
            format!(
                "the message '{message_key}' takes parameters ({}): it is worded only within an answer or an error",
                message.params.join(", ")
            ),
        ));
    }
    Ok(LocalizedText::new(
        message.render(Lang::ZhCn, &[]),
        message.render(Lang::En, &[]),
    ))
}

fn invalid_input_words(path: &str) -> (&'static Message, UserArg) {
    let mut segments = path_segments(path);
    let first = segments.next().unwrap_or_default();
    if first == "bundle" {
        let message = match segments.next() {
            Some("signature") => &words::errors::ERROR_BUNDLE_UNTRUSTED,
            Some("expires_at") => &words::errors::ERROR_BUNDLE_EXPIRED,
            Some("issued_at" | "version") => &words::errors::ERROR_BUNDLE_OUTDATED,
            _ => &words::errors::ERROR_INVALID_DATA,
        };
        return (message, UserArg::None);
    }
    if DATA_ROOTS.contains(&first) {
        return (&words::errors::ERROR_INVALID_DATA, UserArg::None);
    }
    let field = path_segments(path).filter_map(field_words).last();
    match field {
        Some(field) => (&words::errors::ERROR_INVALID_FIELD, UserArg::Field(field)),
        None => (&words::errors::ERROR_INVALID_INPUT, UserArg::None),
    }
}

/// The catalogue entry naming a field a user fills in, by its name in paths.
fn field_words(segment: &str) -> Option<&'static Message> {
    Some(match segment {
        "resident_id" => &words::errors::FIELD_RESIDENT_ID,
        "employer_code" => &words::errors::FIELD_EMPLOYER_CODE,
        "credit_code" => &words::errors::FIELD_CREDIT_CODE,
        "occupation" => &words::errors::FIELD_OCCUPATION,
        "employment_start" => &words::errors::FIELD_EMPLOYMENT_START,
        "province" => &words::errors::FIELD_PROVINCE,
        "city" => &words::errors::FIELD_CITY,
        "monthly_income_fen" => &words::errors::FIELD_MONTHLY_INCOME,
        "held_products" => &words::errors::FIELD_HELD_PRODUCTS,
        "risk_assessment" | "grade" | "assessed_at" => &words::errors::FIELD_RISK_ASSESSMENT,
        "assessment_history" => &words::errors::FIELD_ASSESSMENT_HISTORY,
        "kyc_level" => &words::errors::FIELD_KYC_LEVEL,
        "needs" => &words::errors::FIELD_NEEDS,
        "position" | "coordinate" => &words::errors::FIELD_POSITION,
        "lat" => &words::errors::FIELD_LATITUDE,
        "lon" => &words::errors::FIELD_LONGITUDE,
        "datum" => &words::errors::FIELD_DATUM,
        "radius_m" => &words::errors::FIELD_RADIUS,
        "limit" => &words::errors::FIELD_LIMIT,
        "at" | "as_of" | "now" | "instant" => &words::errors::FIELD_TIME,
        "date" | "day" | "year" | "start" | "end" | "on" => &words::errors::FIELD_DATE,
        "osm" | "hours" => &words::errors::FIELD_OPENING_HOURS,
        "lang" => &words::errors::FIELD_LANG,
        _ => return None,
    })
}

impl From<crate::json::JsonFault> for Error {
    /// A fault of the strict JSON reader: `limit_exceeded` past the nesting limit, else
    /// `invalid_input` at its path, with its line and column when known.
    fn from(f: crate::json::JsonFault) -> Error {
        if f.limit {
            return Error::LimitExceeded { message: f.message };
        }
        let known = |n: usize| u32::try_from(n).ok().filter(|&n| n > 0);
        let (line, column) = (known(f.line), known(f.column));
        match Error::invalid(f.path, f.message) {
            Error::InvalidInput {
                path,
                message,
                problems,
                ..
            } => Error::InvalidInput {
                path,
                message,
                problems,
                line,
                column,
            },
            other => other,
        }
    }
}

impl From<CatalogueError> for Error {
    fn from(e: CatalogueError) -> Error {
        let message = e.to_string();
        match e {
            CatalogueError::TooLarge { .. } => Error::LimitExceeded { message },
            CatalogueError::Json {
                path,
                line,
                column,
                limit,
                ..
            } => {
                if limit {
                    Error::LimitExceeded { message }
                } else {
                    Error::InvalidInput {
                        path,
                        message,
                        problems: Vec::new(),
                        line: u32::try_from(line).ok(),
                        column: u32::try_from(column).ok(),
                    }
                }
            }
            CatalogueError::TooManyRecords { .. } | CatalogueError::MemberTooLarge { .. } => {
                Error::LimitExceeded { message }
            }
            CatalogueError::UnsupportedSchema { .. } => Error::Unsupported { message },
            CatalogueError::Compact(e) => match e.kind {
                CompactErrorKind::UnsupportedVersion { .. } => Error::Unsupported { message },
                CompactErrorKind::TooManyRecords { .. } => Error::LimitExceeded { message },
                _ => Error::InvalidInput {
                    path: e.path(),
                    message,
                    problems: Vec::new(),
                    line: None,
                    column: None,
                },
            },
            CatalogueError::Invalid { problems } => Error::InvalidInput {
                path: problems.first().map(|p| p.path.clone()).unwrap_or_default(),
                message,
                problems,
                line: None,
                column: None,
            },
        }
    }
}

impl From<QueryError> for Error {
    fn from(e: QueryError) -> Error {
        let message = e.to_string();
        match e {
            QueryError::UnknownStation { id } => Error::not_found("station", id, message),
            QueryError::UnknownBranch { id } => Error::not_found("branch", id, message),
            QueryError::UnknownService { code } => Error::not_found("service", code, message),
            QueryError::UnknownTheme { code } => Error::not_found("theme", code, message),
            QueryError::UnknownProduct { id } => Error::not_found("product", id, message),
            QueryError::UnknownEvent { id } => Error::not_found("event", id, message),
            QueryError::NoProgramme { programme } => {
                Error::not_found("programme", programme.to_string(), message)
            }
            QueryError::NoRuleSetInEffect { id, .. } => Error::not_found("rule_set", id, message),
            QueryError::NoProductCatalogue => {
                Error::not_found("product_catalogue", String::new(), message)
            }
            QueryError::TooManyResults { .. } => Error::LimitExceeded { message },
            QueryError::InvalidArgument { field, message } => Error::invalid(field, message),
            QueryError::InvalidEntry {
                list,
                index,
                field,
                message,
            } => Error::invalid(format!("{list}[{index}].{field}"), message),
            QueryError::CalendarUnknown { year } => Error::calendar(year, message),
        }
    }
}

impl From<GeoError> for Error {
    fn from(e: GeoError) -> Error {
        let path = match &e {
            GeoError::NotFinite { field } | GeoError::OutOfRange { field, .. } => {
                (*field).to_string()
            }
            GeoError::UnknownDatum { .. } => "datum".to_string(),
        };
        Error::invalid(path, e.to_string())
    }
}

impl From<HoursError> for Error {
    fn from(e: HoursError) -> Error {
        let message = e.to_string();
        match e {
            HoursError::CalendarUnknown { year } => Error::calendar(year, message),
            HoursError::OsmTooLong { .. } => Error::LimitExceeded { message },
            // Valid OSM the library does not read (school holidays, `||`): the text given is
            // what has to change, so it is invalid input at its path, as it is inside a
            // catalogue or an `opening_hours_status` request.
            HoursError::OsmUnsupported { .. } => Error::InvalidInput {
                path: String::new(),
                message,
                problems: Vec::new(),
                line: None,
                column: None,
            },
            // Hours the library holds that OSM cannot write: the library's limit.
            HoursError::NotExpressible { .. } => Error::Unsupported { message },
            HoursError::Overlap { path, .. }
            | HoursError::DuplicateException { path, .. }
            | HoursError::EmptyHolidayHours { path } => Error::InvalidInput {
                path,
                message,
                problems: Vec::new(),
                line: None,
                column: None,
            },
            HoursError::OsmSyntax { .. }
            | HoursError::InvalidInterval { .. }
            | HoursError::OutOfRange { .. } => Error::InvalidInput {
                path: String::new(),
                message,
                problems: Vec::new(),
                line: None,
                column: None,
            },
        }
    }
}

impl From<CalendarError> for Error {
    fn from(e: CalendarError) -> Error {
        match e {
            CalendarError::UnknownYear { year } => Error::calendar(year, e.to_string()),
            CalendarError::TooManyYears { .. } => Error::LimitExceeded {
                message: e.to_string(),
            },
            other => Error::InvalidInput {
                path: String::new(),
                message: other.to_string(),
                problems: Vec::new(),
                line: None,
                column: None,
            },
        }
    }
}

impl From<GeoJsonError> for Error {
    fn from(e: GeoJsonError) -> Error {
        let message = e.to_string();
        match e {
            GeoJsonError::Json { .. } => Error::invalid("", message),
            GeoJsonError::Invalid { problems } => Error::InvalidInput {
                path: problems.first().map(|p| p.path.clone()).unwrap_or_default(),
                message,
                problems,
                line: None,
                column: None,
            },
        }
    }
}

impl From<UnknownLang> for Error {
    fn from(e: UnknownLang) -> Error {
        Error::invalid("lang", e.to_string())
    }
}

impl From<IdentityError> for Error {
    fn from(e: IdentityError) -> Error {
        // Identity errors carry lengths and positions only, never the number itself.
        Error::invalid("", e.to_string())
    }
}

impl From<ProfileError> for Error {
    fn from(e: ProfileError) -> Error {
        let message = e.to_string();
        match e {
            ProfileError::Syntax { .. } => Error::invalid("", message),
            ProfileError::Invalid { problems } => Error::InvalidInput {
                path: problems.first().map(|p| p.path.clone()).unwrap_or_default(),
                message,
                problems: problems
                    .into_iter()
                    .map(|p| Problem {
                        path: p.path,
                        message: p.message,
                    })
                    .collect(),
                line: None,
                column: None,
            },
        }
    }
}

impl From<ProductError> for Error {
    fn from(e: ProductError) -> Error {
        let message = e.to_string();
        match e {
            ProductError::Syntax { .. } => Error::invalid("", message),
            ProductError::Invalid { issues } => Error::InvalidInput {
                path: issues.first().map(|i| i.path.clone()).unwrap_or_default(),
                message,
                problems: issues
                    .into_iter()
                    .map(|i| Problem {
                        path: i.path,
                        message: i.message,
                    })
                    .collect(),
                line: None,
                column: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_paths() {
        let e = Error::from(QueryError::UnknownStation { id: "x".into() });
        assert_eq!(e.code(), "not_found");
        assert_eq!(e.to_string(), "unknown station `x`");
        let e = Error::invalid("lat", "must be between -90 and 90").at("position");
        assert!(matches!(&e, Error::InvalidInput { path, .. } if path == "position.lat"));
        assert_eq!(e.to_string(), "position.lat: must be between -90 and 90");
        let e = Error::invalid("", "not a coordinate").at("position");
        assert_eq!(e.to_string(), "position: not a coordinate");
    }

    #[test]
    fn serialises_with_a_code_tag() {
        let e = Error::from(HoursError::CalendarUnknown { year: 2031 });
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["code"], "calendar_unknown");
        assert_eq!(v["year"], 2031);
        let back: Error = serde_json::from_value(v).unwrap_or(Error::Unsupported {
            message: String::new(),
        });
        assert_eq!(back, e);
    }
}
