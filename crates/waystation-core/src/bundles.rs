//! Signed catalogue bundles: how a bank delivers catalogues (and the rule sets inside them) to
//! apps so that a tampered, stale or rolled-back catalogue is never loaded.
//!
//! A bundle is the catalogue plus metadata (publisher key id, version number, issued-at,
//! expires-at, payload format), signed with Ed25519 by the bank's back office
//! (`cargo run --example sign`). The app holds a set of trusted public keys — more than one
//! during a key rotation — and the version of the catalogue it already has, and calls
//! [`verify_bundle`]. Every rejection is a precise [`BundleError`].
//!
//! # Byte format (version 1)
//!
//! ```text
//! offset  size  content
//! 0       8     magic "WSBUNDLE"
//! 8       1     format version, 1
//! 9       4     header length H, unsigned big-endian (1 ..= MAX_HEADER_BYTES)
//! 13      H     header: UTF-8 JSON object, the BundleMetadata
//! 13+H    4     payload length P, unsigned big-endian
//! 17+H    P     payload: the catalogue (payload_format says which form)
//! 17+H+P  64    Ed25519 signature over every byte before it (offsets 0 .. 17+H+P)
//! ```
//!
//! Nothing may follow the signature. The signature covers the exact bytes of the header and the
//! payload, so no canonical JSON form is needed. The header looks like
//! `{"key_id":"bank-2026a","version":42,"issued_at":"2026-06-01T09:00:00+08:00",
//! "expires_at":"2026-12-31T00:00:00+08:00","payload_format":"catalogue_json"}`.
//!
//! # Order of checks
//!
//! 1. size ([`MAX_BUNDLE_BYTES`]) and structure (magic, format version, lengths, header JSON);
//! 2. the header's `key_id` is one of the trusted keys ([`BundleError::UnknownKey`]);
//! 3. the signature with that key ([`BundleError::BadSignature`], strict verification);
//! 4. only then is the signed metadata believed: not issued in the future beyond the allowed
//!    clock skew ([`BundleError::NotYetValid`]), not expired ([`BundleError::Expired`]), a
//!    version not older than the one the app has ([`BundleError::Rollback`]);
//! 5. the payload is loaded as a catalogue with full validation
//!    ([`BundleError::InvalidCatalogue`], with the catalogue's own problem list).
//!
//! # Key text form
//!
//! Keys are exchanged as small text files of `name: value` lines (`#` starts a comment):
//!
//! ```text
//! # waystation bundle public key
//! type: waystation-ed25519-public-key
//! key_id: bank-2026a
//! public_key: <32 bytes, standard base64>
//! ```
//!
//! A secret key file has `type: waystation-ed25519-secret-key` and `secret_key: <the 32-byte
//! seed, base64>` (plus `key_id`). Key ids are 1–64 characters of ASCII letters, digits, `.`,
//! `_` and `-`.
//!
//! ```
//! use waystation::bundles::*;
//! use waystation::catalogue::SAMPLE_CATALOGUE_JSON;
//! let key = BundleSigningKey::from_seed("bank-2026a", [7; 32]).unwrap();
//! let meta = BundleMetadata::new("bank-2026a", 42,
//!     "2026-06-01T09:00:00+08:00".parse().unwrap(), "2026-12-31T00:00:00+08:00".parse().unwrap());
//! let bytes = sign_bundle(SAMPLE_CATALOGUE_JSON.as_bytes(), &meta, &key).unwrap();
//! let trusted = vec![key.trusted_key()];
//! let options = VerifyOptions::new(41, "2026-07-01T10:00:00+08:00".parse().unwrap());
//! let verified = verify_bundle(&bytes, &trusted, &options).unwrap();
//! assert_eq!(verified.metadata.version, 42);
//! let options = VerifyOptions::new(43, "2026-07-01T10:00:00+08:00".parse().unwrap());
//! assert!(matches!(verify_bundle(&bytes, &trusted, &options), Err(BundleError::Rollback { .. })));
//! ```

use crate::catalogue::{Catalogue, CatalogueError, Limits, Problem};
use crate::error::Error;
use crate::time::ChinaTime;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::Duration;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The first eight bytes of every bundle.
pub const BUNDLE_MAGIC: &[u8; 8] = b"WSBUNDLE";
/// The byte format version this library reads and writes.
pub const BUNDLE_FORMAT_VERSION: u8 = 1;
/// Largest bundle accepted, in bytes (header, payload and signature).
pub const MAX_BUNDLE_BYTES: usize = 64 * 1024 * 1024;
/// Largest header accepted, in bytes.
pub const MAX_HEADER_BYTES: usize = 4096;
/// Longest key id, in characters.
pub const MAX_KEY_ID_CHARS: usize = 64;
/// Most trusted keys accepted in one call.
pub const MAX_TRUSTED_KEYS: usize = 64;
/// Default allowance for a device clock behind the publisher's: a bundle issued at most this
/// many seconds in the future is accepted.
pub const DEFAULT_MAX_CLOCK_SKEW_SECONDS: i64 = 300;
/// Length of an Ed25519 signature.
pub const SIGNATURE_BYTES: usize = 64;

const PUBLIC_KEY_TYPE: &str = "waystation-ed25519-public-key";
const SECRET_KEY_TYPE: &str = "waystation-ed25519-secret-key";
const MAX_KEY_TEXT_BYTES: usize = 4096;

/// The form of the catalogue inside a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadFormat {
    /// The catalogue JSON document (`schema_version` 1), UTF-8.
    CatalogueJson,
    /// The compact binary catalogue form ([`crate::compact`]), read with the same validation.
    CatalogueCompact,
}

/// What the publisher signs along with the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleMetadata {
    /// Id of the publisher key that signed the bundle.
    pub key_id: String,
    /// The publisher's version number; apps refuse versions older than the one they have.
    #[serde(deserialize_with = "crate::json::count::version")]
    pub version: i64,
    /// When the bundle was issued.
    #[serde(deserialize_with = "crate::json::instant::deserialize")]
    pub issued_at: ChinaTime,
    /// When the bundle stops being valid (exclusive).
    #[serde(deserialize_with = "crate::json::instant::deserialize")]
    pub expires_at: ChinaTime,
    /// The payload's form.
    pub payload_format: PayloadFormat,
}

impl BundleMetadata {
    /// Metadata for a catalogue JSON payload.
    pub fn new(
        key_id: impl Into<String>,
        version: i64,
        issued_at: ChinaTime,
        expires_at: ChinaTime,
    ) -> BundleMetadata {
        BundleMetadata {
            key_id: key_id.into(),
            version,
            issued_at,
            expires_at,
            payload_format: PayloadFormat::CatalogueJson,
        }
    }
}

/// Why a bundle (or a key) was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The bundle is larger than [`MAX_BUNDLE_BYTES`] (or the payload too large to sign).
    #[error("bundle is {actual} bytes, more than the limit of {limit}")]
    TooLarge {
        /// Size given.
        actual: usize,
        /// The limit.
        limit: usize,
    },
    /// The bytes are not a bundle of the documented format: truncated, wrong magic, bad
    /// lengths, trailing bytes, a header that is not the metadata JSON, ….
    #[error("bundle is malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// The bundle uses a format version this library does not read.
    #[error("bundle format version {found} is not supported (this library reads {BUNDLE_FORMAT_VERSION})")]
    UnsupportedFormat {
        /// The version byte found.
        found: u8,
    },
    /// The key id named in the bundle is not among the trusted keys.
    #[error("bundle is signed with key `{key_id}`, which is not trusted")]
    UnknownKey {
        /// The key id named by the bundle.
        key_id: String,
    },
    /// The signature does not verify with the trusted key of that id: the bundle was altered or
    /// signed with another key.
    #[error("bundle signature does not verify with trusted key `{key_id}`")]
    BadSignature {
        /// The key id named by the bundle.
        key_id: String,
    },
    /// The bundle's validity ended at or before `now`.
    #[error("bundle expired at {expires_at} (now {now})")]
    Expired {
        /// End of validity.
        expires_at: ChinaTime,
        /// The instant of the check.
        now: ChinaTime,
    },
    /// The bundle is issued later than `now` plus the allowed clock skew.
    #[error("bundle is issued at {issued_at}, in the future (now {now})")]
    NotYetValid {
        /// Issue instant.
        issued_at: ChinaTime,
        /// The instant of the check.
        now: ChinaTime,
    },
    /// The signed validity period is empty (expires at or before it is issued).
    #[error("bundle expires at {expires_at}, not after it is issued at {issued_at}")]
    EmptyValidity {
        /// Issue instant.
        issued_at: ChinaTime,
        /// End of validity.
        expires_at: ChinaTime,
    },
    /// The bundle's version is older than the one the app already has.
    #[error("bundle version {version} is older than version {min_version} already installed")]
    Rollback {
        /// The bundle's version.
        version: i64,
        /// The smallest version accepted.
        min_version: i64,
    },
    /// The payload is in a form this version does not read (every [`PayloadFormat`] of this
    /// version is read; kept for forms added later).
    #[error("bundle payload format {format:?} is not supported")]
    UnsupportedPayload {
        /// The format named in the metadata.
        format: PayloadFormat,
    },
    /// The payload is correctly signed but is not a valid catalogue.
    #[error("bundle payload is not a valid catalogue: {0}")]
    InvalidCatalogue(CatalogueError),
    /// A trusted key (or a key file) is malformed; `index` is its place in the list given.
    #[error("trusted_keys[{index}]: {reason}")]
    InvalidKey {
        /// Position in the list of trusted keys (0 for a single key file).
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// The version the app already has is negative: versions are never negative.
    #[error("min_version must not be negative (got {min_version})")]
    NegativeMinVersion {
        /// The version given.
        min_version: i64,
    },
    /// The version the app already has is above [`crate::json::MAX_VERSION`], which no bundle
    /// can carry (versions read back exactly on every platform, JavaScript's numbers included).
    #[error("min_version must be at most {max} (got {min_version})")]
    MinVersionTooLarge {
        /// The version given.
        min_version: i64,
        /// The largest version.
        max: i64,
    },
    /// The signing key's id differs from the metadata's `key_id`.
    #[error("metadata names key `{metadata}` but the signing key is `{key}`")]
    KeyMismatch {
        /// Key id in the metadata.
        metadata: String,
        /// Id of the signing key.
        key: String,
    },
}

impl From<BundleError> for Error {
    fn from(e: BundleError) -> Error {
        let message = e.to_string();
        let invalid = |path: &str| Error::InvalidInput {
            path: path.to_string(),
            // A message that already begins with its path (`trusted_keys[0]: …`) is not
            // prefixed again.
            message: if message.starts_with(&format!("{path}: ")) {
                message.clone()
            } else {
                format!("{path}: {message}")
            },
            problems: Vec::new(),
            line: None,
            column: None,
        };
        match e {
            BundleError::TooLarge { .. } => Error::LimitExceeded { message },
            BundleError::UnsupportedFormat { .. } | BundleError::UnsupportedPayload { .. } => {
                Error::Unsupported { message }
            }
            BundleError::UnknownKey { key_id } => Error::NotFound {
                kind: "trusted_key".into(),
                id: key_id,
                message,
            },
            BundleError::Malformed { .. } => invalid("bundle"),
            BundleError::BadSignature { .. } => invalid("bundle.signature"),
            BundleError::Expired { .. } => invalid("bundle.expires_at"),
            BundleError::NotYetValid { .. } => invalid("bundle.issued_at"),
            BundleError::EmptyValidity { .. } => invalid("bundle.expires_at"),
            BundleError::Rollback { .. } => invalid("bundle.version"),
            BundleError::KeyMismatch { .. } => invalid("bundle.key_id"),
            BundleError::NegativeMinVersion { .. } | BundleError::MinVersionTooLarge { .. } => {
                invalid("min_version")
            }
            BundleError::InvalidKey { index, .. } => invalid(&format!("trusted_keys[{index}]")),
            BundleError::InvalidCatalogue(inner) => Error::from(inner).at("bundle.payload"),
        }
    }
}

fn malformed(reason: impl Into<String>) -> BundleError {
    BundleError::Malformed {
        reason: reason.into(),
    }
}

fn key_error(index: usize, reason: impl Into<String>) -> BundleError {
    BundleError::InvalidKey {
        index,
        reason: reason.into(),
    }
}

/// Checks a key id: 1 to [`MAX_KEY_ID_CHARS`] ASCII letters, digits, `.`, `_`, `-`.
fn key_id_problem(key_id: &str) -> Option<String> {
    if key_id.is_empty() {
        return Some("key id must not be empty".into());
    }
    if key_id.len() > MAX_KEY_ID_CHARS {
        return Some(format!(
            "key id is longer than {MAX_KEY_ID_CHARS} characters"
        ));
    }
    if !key_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Some("key id may hold only ASCII letters, digits, '.', '_' and '-'".into());
    }
    None
}

/// A key id shortened and stripped to printable ASCII, for messages about untrusted input.
fn clip_id(key_id: &str) -> String {
    key_id
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(MAX_KEY_ID_CHARS)
        .collect()
}

/// A publisher's public key that the app trusts, with its id.
#[derive(Clone, PartialEq, Eq)]
pub struct TrustedKey {
    key_id: String,
    key: VerifyingKey,
}

impl fmt::Debug for TrustedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustedKey")
            .field("key_id", &self.key_id)
            .field("public_key", &self.public_key_base64())
            .finish()
    }
}

impl TrustedKey {
    /// A trusted key from its id and the 32 bytes of the Ed25519 public key.
    pub fn from_bytes(key_id: &str, public_key: &[u8]) -> Result<TrustedKey, BundleError> {
        if let Some(reason) = key_id_problem(key_id) {
            return Err(key_error(0, reason));
        }
        let bytes: [u8; 32] = public_key.try_into().map_err(|_| {
            key_error(
                0,
                format!(
                    "an Ed25519 public key is 32 bytes, not {}",
                    public_key.len()
                ),
            )
        })?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| key_error(0, "not a valid Ed25519 public key"))?;
        if key.is_weak() {
            return Err(key_error(0, "a weak (small-order) Ed25519 public key"));
        }
        Ok(TrustedKey {
            key_id: key_id.to_string(),
            key,
        })
    }

    /// A trusted key from its id and the public key in standard base64.
    pub fn from_base64(key_id: &str, public_key: &str) -> Result<TrustedKey, BundleError> {
        let bytes = STANDARD
            .decode(public_key.trim())
            .map_err(|e| key_error(0, format!("public key is not base64: {e}")))?;
        TrustedKey::from_bytes(key_id, &bytes)
    }

    /// Reads a public key file (see "Key text form" in the module docs).
    pub fn from_text(text: &str) -> Result<TrustedKey, BundleError> {
        let fields = key_fields(text, PUBLIC_KEY_TYPE)?;
        TrustedKey::from_base64(&fields.key_id, &fields.key)
    }

    /// The public key file text.
    pub fn to_text(&self) -> String {
        format!(
            "# waystation bundle public key: give it to apps to trust\ntype: {PUBLIC_KEY_TYPE}\nkey_id: {}\npublic_key: {}\n",
            self.key_id,
            self.public_key_base64()
        )
    }

    /// The key id.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The 32-byte public key in standard base64.
    pub fn public_key_base64(&self) -> String {
        STANDARD.encode(self.key.as_bytes())
    }

    /// Puts the error of a key at `index` of a list.
    fn at(
        result: Result<TrustedKey, BundleError>,
        index: usize,
    ) -> Result<TrustedKey, BundleError> {
        result.map_err(|e| match e {
            BundleError::InvalidKey { reason, .. } => BundleError::InvalidKey { index, reason },
            other => other,
        })
    }
}

/// A trusted key in JSON form: `{"key_id": "bank-2026a", "public_key": "<base64>"}` (used by the
/// JSON request API and the bindings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKeyJson {
    /// Key id.
    pub key_id: String,
    /// The 32-byte Ed25519 public key, standard base64.
    pub public_key: String,
}

/// Reads a list of trusted keys given as JSON records; an error names the key's position.
///
/// Two keys with the same id are an error (which one would be meant is ambiguous).
pub fn trusted_keys_from_json(keys: &[TrustedKeyJson]) -> Result<Vec<TrustedKey>, BundleError> {
    if keys.len() > MAX_TRUSTED_KEYS {
        return Err(BundleError::InvalidKey {
            index: MAX_TRUSTED_KEYS,
            reason: format!(
                "{} trusted keys, more than the limit of {MAX_TRUSTED_KEYS}",
                keys.len()
            ),
        });
    }
    let mut out: Vec<TrustedKey> = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        let key = TrustedKey::at(TrustedKey::from_base64(&k.key_id, &k.public_key), i)?;
        if out.iter().any(|o| o.key_id == key.key_id) {
            return Err(key_error(
                i,
                format!("key id `{}` is given twice", key.key_id),
            ));
        }
        out.push(key);
    }
    Ok(out)
}

/// The back office's signing key. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct BundleSigningKey {
    key_id: String,
    key: SigningKey,
}

impl fmt::Debug for BundleSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BundleSigningKey")
            .field("key_id", &self.key_id)
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

impl BundleSigningKey {
    /// A signing key from its id and a 32-byte secret seed (take it from the operating system's
    /// random source: the library never reads randomness itself).
    pub fn from_seed(key_id: &str, seed: [u8; 32]) -> Result<BundleSigningKey, BundleError> {
        if let Some(reason) = key_id_problem(key_id) {
            return Err(key_error(0, reason));
        }
        Ok(BundleSigningKey {
            key_id: key_id.to_string(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// Reads a secret key file (see "Key text form" in the module docs).
    pub fn from_text(text: &str) -> Result<BundleSigningKey, BundleError> {
        let fields = key_fields(text, SECRET_KEY_TYPE)?;
        let bytes = STANDARD
            .decode(fields.key.trim())
            .map_err(|_| key_error(0, "secret key is not base64"))?;
        let seed: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| key_error(0, "a secret key seed is 32 bytes"))?;
        BundleSigningKey::from_seed(&fields.key_id, seed)
    }

    /// The secret key file text. Keep it secret.
    pub fn to_text(&self) -> String {
        format!(
            "# waystation bundle SECRET signing key: keep it in the back office, never ship it\ntype: {SECRET_KEY_TYPE}\nkey_id: {}\nsecret_key: {}\n",
            self.key_id,
            STANDARD.encode(self.key.to_bytes())
        )
    }

    /// The key id.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The matching public key, to be trusted by apps.
    pub fn trusted_key(&self) -> TrustedKey {
        TrustedKey {
            key_id: self.key_id.clone(),
            key: self.key.verifying_key(),
        }
    }
}

struct KeyFields {
    key_id: String,
    key: String,
}

fn key_fields(text: &str, expected_type: &str) -> Result<KeyFields, BundleError> {
    if text.len() > MAX_KEY_TEXT_BYTES {
        return Err(key_error(
            0,
            format!("key text is longer than {MAX_KEY_TEXT_BYTES} bytes"),
        ));
    }
    let key_name = if expected_type == PUBLIC_KEY_TYPE {
        "public_key"
    } else {
        "secret_key"
    };
    let (mut kind, mut key_id, mut key) = (None, None, None);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(key_error(
                0,
                format!("line {}: expected `name: value`", n + 1),
            ));
        };
        let slot = match name.trim() {
            "type" => &mut kind,
            "key_id" => &mut key_id,
            other if other == key_name => &mut key,
            other => {
                return Err(key_error(
                    0,
                    format!("line {}: unknown field `{}`", n + 1, clip_id(other)),
                ))
            }
        };
        if slot.replace(value.trim().to_string()).is_some() {
            return Err(key_error(0, format!("line {}: field given twice", n + 1)));
        }
    }
    match kind.as_deref() {
        Some(t) if t == expected_type => {}
        Some(t) => {
            return Err(key_error(
                0,
                format!("type is `{}`, expected `{expected_type}`", clip_id(t)),
            ))
        }
        None => return Err(key_error(0, "missing `type`")),
    }
    Ok(KeyFields {
        key_id: key_id.ok_or_else(|| key_error(0, "missing `key_id`"))?,
        key: key.ok_or_else(|| key_error(0, format!("missing `{key_name}`")))?,
    })
}

/// Signs a payload with its metadata into bundle bytes.
///
/// The metadata's `key_id` must be the signing key's. The payload is not checked here: the
/// signing tool validates the catalogue first.
pub fn sign_bundle(
    payload: &[u8],
    metadata: &BundleMetadata,
    key: &BundleSigningKey,
) -> Result<Vec<u8>, BundleError> {
    if metadata.key_id != key.key_id {
        return Err(BundleError::KeyMismatch {
            metadata: clip_id(&metadata.key_id),
            key: key.key_id.clone(),
        });
    }
    if !(0..=crate::json::MAX_VERSION).contains(&metadata.version) {
        return Err(malformed(format!(
            "version must be from 0 to {} (got {})",
            crate::json::MAX_VERSION,
            metadata.version
        )));
    }
    if metadata.expires_at <= metadata.issued_at {
        return Err(BundleError::EmptyValidity {
            issued_at: metadata.issued_at,
            expires_at: metadata.expires_at,
        });
    }
    let header = serde_json::to_vec(metadata)
        .map_err(|e| malformed(format!("metadata could not be written: {e}")))?;
    let total = 8 + 1 + 4 + header.len() + 4 + payload.len() + SIGNATURE_BYTES;
    if total > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge {
            actual: total,
            limit: MAX_BUNDLE_BYTES,
        });
    }
    let header_len = u32::try_from(header.len()).map_err(|_| malformed("header too long"))?;
    let payload_len = u32::try_from(payload.len()).map_err(|_| malformed("payload too long"))?;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(BUNDLE_MAGIC);
    out.push(BUNDLE_FORMAT_VERSION);
    out.extend_from_slice(&header_len.to_be_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&payload_len.to_be_bytes());
    out.extend_from_slice(payload);
    let signature = key.key.sign(&out);
    out.extend_from_slice(&signature.to_bytes());
    Ok(out)
}

/// The parts of bundle bytes, not yet verified.
struct Parts<'a> {
    signed: &'a [u8],
    metadata: BundleMetadata,
    payload: &'a [u8],
    signature: Signature,
}

fn take<'a>(rest: &mut &'a [u8], n: usize, what: &str) -> Result<&'a [u8], BundleError> {
    let (head, tail) = rest
        .split_at_checked(n)
        .ok_or_else(|| malformed(format!("truncated in the {what}")))?;
    *rest = tail;
    Ok(head)
}

fn take_len(rest: &mut &[u8], what: &str) -> Result<usize, BundleError> {
    let b = take(rest, 4, what)?;
    let arr: [u8; 4] = b
        .try_into()
        .map_err(|_| malformed(format!("truncated in the {what}")))?;
    usize::try_from(u32::from_be_bytes(arr)).map_err(|_| malformed(format!("{what} too large")))
}

fn split(bytes: &[u8]) -> Result<Parts<'_>, BundleError> {
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge {
            actual: bytes.len(),
            limit: MAX_BUNDLE_BYTES,
        });
    }
    let mut rest = bytes;
    if take(&mut rest, 8, "magic").ok() != Some(&BUNDLE_MAGIC[..]) {
        return Err(malformed("does not start with the bundle magic `WSBUNDLE`"));
    }
    let version = take(&mut rest, 1, "format version")?;
    match version.first() {
        Some(&BUNDLE_FORMAT_VERSION) => {}
        Some(&found) => return Err(BundleError::UnsupportedFormat { found }),
        None => return Err(malformed("truncated in the format version")),
    }
    let header_len = take_len(&mut rest, "header length")?;
    if header_len == 0 || header_len > MAX_HEADER_BYTES {
        return Err(malformed(format!(
            "header length {header_len} is outside 1..={MAX_HEADER_BYTES}"
        )));
    }
    let header = take(&mut rest, header_len, "header")?;
    let payload_len = take_len(&mut rest, "payload length")?;
    let payload = take(&mut rest, payload_len, "payload")?;
    let signature = take(&mut rest, SIGNATURE_BYTES, "signature")?;
    if !rest.is_empty() {
        return Err(malformed(format!(
            "{} bytes follow the signature",
            rest.len()
        )));
    }
    let signed = bytes
        .len()
        .checked_sub(SIGNATURE_BYTES)
        .and_then(|n| bytes.get(..n))
        .ok_or_else(|| malformed("truncated"))?;
    let signature =
        Signature::from_slice(signature).map_err(|_| malformed("the signature is not 64 bytes"))?;
    let header = std::str::from_utf8(header)
        .map_err(|e| malformed(format!("header is not UTF-8 (byte {})", e.valid_up_to())))?;
    let metadata: BundleMetadata = crate::json::from_str(header)
        .map_err(|e| malformed(format!("header is not bundle metadata: {e}")))?;
    if let Some(reason) = key_id_problem(&metadata.key_id) {
        return Err(malformed(format!("header key_id: {reason}")));
    }
    Ok(Parts {
        signed,
        metadata,
        payload,
        signature,
    })
}

/// Reads a bundle's metadata **without verifying anything**: for tools and diagnostics only.
/// Never act on it; use [`verify_bundle`].
pub fn read_unverified_metadata(bytes: &[u8]) -> Result<BundleMetadata, BundleError> {
    split(bytes).map(|p| p.metadata)
}

/// What the app knows when it checks a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The smallest version accepted: the version the app already has (the same version is
    /// accepted again, an older one is a [`BundleError::Rollback`]).
    pub min_version: i64,
    /// The instant of the check (the library never reads the clock).
    pub now: ChinaTime,
    /// How far in the future `issued_at` may be (device clocks run late).
    pub max_clock_skew: Duration,
    /// Limits for loading the catalogue inside.
    pub limits: Limits,
}

impl VerifyOptions {
    /// Options with the default clock skew and catalogue limits.
    pub fn new(min_version: i64, now: ChinaTime) -> VerifyOptions {
        VerifyOptions {
            min_version,
            now,
            max_clock_skew: Duration::seconds(DEFAULT_MAX_CLOCK_SKEW_SECONDS),
            limits: Limits::default(),
        }
    }
}

/// A bundle that passed every check: its metadata and the loaded catalogue.
#[derive(Debug, Clone)]
pub struct VerifiedBundle {
    /// The signed metadata.
    pub metadata: BundleMetadata,
    /// The catalogue, validated and indexed.
    pub catalogue: Catalogue,
}

/// [`verify_bundle`] with the trusted keys as records (`{key_id, public_key}`), as apps and the
/// bindings hold them: reads the keys with [`trusted_keys_from_json`], then verifies.
pub fn verify_bundle_with_key_records(
    bytes: &[u8],
    trusted: &[TrustedKeyJson],
    options: &VerifyOptions,
) -> Result<VerifiedBundle, BundleError> {
    verify_bundle(bytes, &trusted_keys_from_json(trusted)?, options)
}

/// Verifies a bundle against the trusted keys and loads its catalogue (order of checks: see the
/// module documentation).
pub fn verify_bundle(
    bytes: &[u8],
    trusted: &[TrustedKey],
    options: &VerifyOptions,
) -> Result<VerifiedBundle, BundleError> {
    if options.min_version < 0 {
        return Err(BundleError::NegativeMinVersion {
            min_version: options.min_version,
        });
    }
    if options.min_version > crate::json::MAX_VERSION {
        return Err(BundleError::MinVersionTooLarge {
            min_version: options.min_version,
            max: crate::json::MAX_VERSION,
        });
    }
    let parts = split(bytes)?;
    let meta = parts.metadata;
    let key = trusted
        .iter()
        .find(|k| k.key_id == meta.key_id)
        .ok_or_else(|| BundleError::UnknownKey {
            key_id: clip_id(&meta.key_id),
        })?;
    key.key
        .verify_strict(parts.signed, &parts.signature)
        .map_err(|_| BundleError::BadSignature {
            key_id: key.key_id.clone(),
        })?;
    // From here on the metadata is the publisher's.
    if meta.expires_at <= meta.issued_at {
        return Err(BundleError::EmptyValidity {
            issued_at: meta.issued_at,
            expires_at: meta.expires_at,
        });
    }
    let latest_issue = options
        .now
        .checked_add_signed(options.max_clock_skew)
        .unwrap_or(options.now);
    if meta.issued_at > latest_issue {
        return Err(BundleError::NotYetValid {
            issued_at: meta.issued_at,
            now: options.now,
        });
    }
    if meta.expires_at <= options.now {
        return Err(BundleError::Expired {
            expires_at: meta.expires_at,
            now: options.now,
        });
    }
    if meta.version < options.min_version {
        return Err(BundleError::Rollback {
            version: meta.version,
            min_version: options.min_version,
        });
    }
    let catalogue = match meta.payload_format {
        PayloadFormat::CatalogueJson => {
            let json = std::str::from_utf8(parts.payload).map_err(|e| {
                BundleError::InvalidCatalogue(CatalogueError::Invalid {
                    problems: vec![Problem {
                        path: "$".into(),
                        message: format!(
                            "catalogue JSON is not UTF-8 (invalid byte at offset {})",
                            e.valid_up_to()
                        ),
                    }],
                })
            })?;
            Catalogue::from_json_with_limits(json, &options.limits)
        }
        PayloadFormat::CatalogueCompact => {
            Catalogue::from_compact_with_limits(parts.payload, &options.limits)
        }
    }
    .map_err(BundleError::InvalidCatalogue)?;
    Ok(VerifiedBundle {
        metadata: meta,
        catalogue,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> ChinaTime {
        s.parse().unwrap()
    }

    #[test]
    fn key_texts_round_trip_and_debug_hides_the_secret() {
        let key = BundleSigningKey::from_seed("k1", [9; 32]).unwrap();
        let back = BundleSigningKey::from_text(&key.to_text()).unwrap();
        assert_eq!(back.trusted_key(), key.trusted_key());
        let public = TrustedKey::from_text(&key.trusted_key().to_text()).unwrap();
        assert_eq!(public, key.trusted_key());
        let secret_b64 = STANDARD.encode([9u8; 32]);
        assert!(!format!("{key:?}").contains(&secret_b64));
        // A secret key file is not a public key file, and vice versa.
        assert!(TrustedKey::from_text(&key.to_text()).is_err());
        assert!(BundleSigningKey::from_text(&public.to_text()).is_err());
    }

    #[test]
    fn signing_refuses_a_mismatched_key_and_an_empty_validity() {
        let key = BundleSigningKey::from_seed("k1", [9; 32]).unwrap();
        let meta = BundleMetadata::new(
            "k2",
            1,
            t("2026-01-01T00:00:00+08:00"),
            t("2027-01-01T00:00:00+08:00"),
        );
        assert!(matches!(
            sign_bundle(b"{}", &meta, &key),
            Err(BundleError::KeyMismatch { .. })
        ));
        let meta = BundleMetadata::new(
            "k1",
            1,
            t("2026-01-01T00:00:00+08:00"),
            t("2026-01-01T00:00:00+08:00"),
        );
        assert!(matches!(
            sign_bundle(b"{}", &meta, &key),
            Err(BundleError::EmptyValidity { .. })
        ));
    }

    #[test]
    fn versions_stay_within_what_every_platform_reads_exactly() {
        let key = BundleSigningKey::from_seed("k1", [9; 32]).unwrap();
        let (from, to) = (
            t("2026-01-01T00:00:00+08:00"),
            t("2027-01-01T00:00:00+08:00"),
        );
        let max = crate::json::MAX_VERSION;
        assert_eq!(max, (1i64 << 53) - 1);
        let top = sign_bundle(b"{}", &BundleMetadata::new("k1", max, from, to), &key).unwrap();
        for too_big in [max + 1, i64::MAX] {
            let meta = BundleMetadata::new("k1", too_big, from, to);
            assert!(matches!(
                sign_bundle(b"{}", &meta, &key),
                Err(BundleError::Malformed { .. })
            ));
        }
        // The largest version reads back, and an app holding it can still verify.
        let trusted = [key.trusted_key()];
        let now = t("2026-06-01T00:00:00+08:00");
        let parts = split(&top).unwrap();
        assert_eq!(parts.metadata.version, max);
        let e = verify_bundle(&top, &trusted, &VerifyOptions::new(max + 1, now)).unwrap_err();
        assert!(matches!(e, BundleError::MinVersionTooLarge { .. }), "{e}");
        assert!(matches!(
            crate::error::Error::from(e),
            crate::error::Error::InvalidInput { path, .. } if path == "min_version"
        ));
        // A header carrying a larger version (written by another tool) is refused as it is read.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct V {
            #[serde(deserialize_with = "crate::json::count::version")]
            version: i64,
        }
        assert!(crate::json::from_str::<V>(&format!(r#"{{"version": {max}}}"#)).is_ok());
        let e = crate::json::from_str::<V>(&format!(r#"{{"version": {}}}"#, max + 1)).unwrap_err();
        assert_eq!(e.path, "version");
    }

    #[test]
    fn a_compact_payload_loads_after_its_signature_is_checked() {
        let key = BundleSigningKey::from_seed("k1", [9; 32]).unwrap();
        let meta = BundleMetadata {
            payload_format: PayloadFormat::CatalogueCompact,
            ..BundleMetadata::new(
                "k1",
                7,
                t("2026-01-01T00:00:00+08:00"),
                t("2027-01-01T00:00:00+08:00"),
            )
        };
        let sample = Catalogue::sample().unwrap();
        let compact = sample.to_compact();
        let bytes = sign_bundle(&compact, &meta, &key).unwrap();
        let trusted = [key.trusted_key()];
        let options = VerifyOptions::new(7, t("2026-07-01T10:00:00+08:00"));
        let verified = verify_bundle(&bytes, &trusted, &options).unwrap();
        assert_eq!(
            verified.metadata.payload_format,
            PayloadFormat::CatalogueCompact
        );
        assert_eq!(verified.catalogue.document(), sample.document());

        // One payload byte changed after signing: the signature catches it.
        let mut tampered = bytes.clone();
        let at = bytes.len() - SIGNATURE_BYTES - compact.len() / 2;
        tampered[at] ^= 0x01;
        assert!(matches!(
            verify_bundle(&tampered, &trusted, &options),
            Err(BundleError::BadSignature { .. })
        ));

        // Well signed but not a compact catalogue: a typed error from the compact reader.
        let mut broken = compact.clone();
        broken[8] = 9;
        let e = verify_bundle(
            &sign_bundle(&broken, &meta, &key).unwrap(),
            &trusted,
            &options,
        )
        .unwrap_err();
        let BundleError::InvalidCatalogue(CatalogueError::Compact(ce)) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(ce.path(), "header.version");
        assert_eq!(Error::from(e).code(), "unsupported");
        let cut = &compact[..compact.len() - 3];
        let e =
            verify_bundle(&sign_bundle(cut, &meta, &key).unwrap(), &trusted, &options).unwrap_err();
        assert!(
            matches!(
                &e,
                BundleError::InvalidCatalogue(CatalogueError::Compact(_))
            ),
            "{e:?}"
        );
        let Error::InvalidInput { path, .. } = Error::from(e) else {
            panic!()
        };
        assert!(path.starts_with("bundle.payload"), "{path}");
        // A JSON catalogue signed as compact is refused too.
        let e = verify_bundle(
            &sign_bundle(sample.to_json().as_bytes(), &meta, &key).unwrap(),
            &trusted,
            &options,
        )
        .unwrap_err();
        assert!(
            matches!(&e, BundleError::InvalidCatalogue(CatalogueError::Compact(ce)) if ce.kind == crate::compact::CompactErrorKind::BadMagic),
            "{e:?}"
        );
    }

    #[test]
    fn every_truncation_is_malformed_never_a_panic() {
        let key = BundleSigningKey::from_seed("k1", [9; 32]).unwrap();
        let meta = BundleMetadata::new(
            "k1",
            1,
            t("2026-01-01T00:00:00+08:00"),
            t("2027-01-01T00:00:00+08:00"),
        );
        let bytes = sign_bundle(b"{}", &meta, &key).unwrap();
        for n in 0..bytes.len() {
            let cut = bytes.get(..n).unwrap();
            assert!(
                matches!(
                    read_unverified_metadata(cut),
                    Err(BundleError::Malformed { .. })
                ),
                "{n}"
            );
        }
    }
}
