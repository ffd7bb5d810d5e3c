//! The one public error: [`WaystationError`], the core's [`waystation_core::error::Error`]
//! mapped 1:1 (`WaystationException` in Kotlin, `WaystationError` in Swift and Python).

use waystation_core::catalogue::Problem;
use waystation_core::eligibility::LocalizedText;
use waystation_core::error::Error;

/// A failure a caller can act on. The same five cases, with the same fields, as the core's
/// public error and the `error` answers of `respond`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum WaystationError {
    /// The input is malformed or breaks a rule; `path` says where (`stations[12].hours`,
    /// `position.lat`), `problems` lists every problem when validation found several.
    #[error("{message}")]
    InvalidInput {
        /// Where the (first) problem is; empty when the input as a whole is wrong.
        path: String,
        /// What is wrong.
        message: String,
        /// Every problem found, when there are several.
        problems: Vec<Problem>,
        /// Line (from 1) in the JSON text, for input that is not (strict) JSON.
        line: Option<i32>,
        /// Column (from 1) in the JSON text, for input that is not (strict) JSON.
        column: Option<i32>,
        /// The stable key of the end-user message (`error.invalid_field`; see `docs/WORDS.md`).
        message_key: String,
        /// A short message for the person using the app, in zh-CN and en (no codes or ids).
        user_message: LocalizedText,
    },
    /// Something asked for by id or code does not exist.
    #[error("{message}")]
    NotFound {
        /// `station`, `branch`, `service`, `theme`, `product`, ….
        kind: String,
        /// The id or code asked for.
        id: String,
        /// Human-readable message.
        message: String,
        /// The stable key of the end-user message (`error.invalid_field`; see `docs/WORDS.md`).
        message_key: String,
        /// A short message for the person using the app, in zh-CN and en (no codes or ids).
        user_message: LocalizedText,
    },
    /// The answer needs a holiday calendar year that is not loaded.
    #[error("{message}")]
    CalendarUnknown {
        /// The year needed.
        year: i32,
        /// Human-readable message.
        message: String,
        /// The stable key of the end-user message (`error.invalid_field`; see `docs/WORDS.md`).
        message_key: String,
        /// A short message for the person using the app, in zh-CN and en (no codes or ids).
        user_message: LocalizedText,
    },
    /// An explicit limit was exceeded.
    #[error("{message}")]
    LimitExceeded {
        /// Human-readable message naming the limit.
        message: String,
        /// The stable key of the end-user message (`error.invalid_field`; see `docs/WORDS.md`).
        message_key: String,
        /// A short message for the person using the app, in zh-CN and en (no codes or ids).
        user_message: LocalizedText,
    },
    /// Something this version does not support.
    #[error("{message}")]
    Unsupported {
        /// Human-readable message.
        message: String,
        /// The stable key of the end-user message (`error.invalid_field`; see `docs/WORDS.md`).
        message_key: String,
        /// A short message for the person using the app, in zh-CN and en (no codes or ids).
        user_message: LocalizedText,
    },
}

impl From<Error> for WaystationError {
    fn from(e: Error) -> Self {
        let message_key = e.message_key().to_string();
        let user_message = e.user_messages();
        match e {
            Error::InvalidInput {
                path,
                message,
                problems,
                line,
                column,
            } => WaystationError::InvalidInput {
                path,
                message,
                problems,
                line: line.and_then(|n| i32::try_from(n).ok()),
                column: column.and_then(|n| i32::try_from(n).ok()),
                message_key,
                user_message,
            },
            Error::NotFound { kind, id, message } => WaystationError::NotFound {
                kind,
                id,
                message,
                message_key,
                user_message,
            },
            Error::CalendarUnknown { year, message } => WaystationError::CalendarUnknown {
                year,
                message,
                message_key,
                user_message,
            },
            Error::LimitExceeded { message } => WaystationError::LimitExceeded {
                message,
                message_key,
                user_message,
            },
            Error::Unsupported { message } => WaystationError::Unsupported {
                message,
                message_key,
                user_message,
            },
        }
    }
}

/// Maps any core error through the core's public error.
pub(crate) fn map<E: Into<Error>>(e: E) -> WaystationError {
    WaystationError::from(e.into())
}

/// Maps a core error found while reading the argument `arg` (`position`, `query`, …): its path
/// is put under the argument's name, as the core's request API does.
pub(crate) fn map_at<E: Into<Error>>(arg: &str) -> impl FnOnce(E) -> WaystationError + '_ {
    move |e| WaystationError::from(e.into().at(arg))
}
