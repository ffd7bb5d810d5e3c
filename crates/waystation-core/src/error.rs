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
use crate::lang::UnknownLang;
use crate::products::ProductError;
use crate::profile::ProfileError;
use crate::stations::QueryError;
use serde::{Deserialize, Serialize};

/// A failure, as callers on every platform see it.
///
/// Serialised with a `code` tag: `{"code": "not_found", "kind": "station", "id": "x", "message": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
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
    /// The input uses something this version does not support (a schema version, an OSM
    /// `opening_hours` construct, …).
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
            HoursError::OsmUnsupported { .. } | HoursError::NotExpressible { .. } => {
                Error::Unsupported { message }
            }
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
