//! Identity numbers: the resident ID number (GB 11643) and the unified social credit code
//! (GB 32100), validated, normalised and masked.
//!
//! Both are personal data under the Personal Information Protection Law (the credit code is the
//! courier's employer). The types below never show the raw value through `Display` or `Debug`,
//! and no error or warning of this module contains it: only lengths and character positions.
//! The raw value is available through an explicitly named accessor (`raw()`) and through
//! `Serialize`, so that a profile can travel across a binding boundary; never log either.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::province::Province;

/// Weights of the 17 body digits of a resident ID number (GB 11643, ISO 7064 MOD 11-2).
const RESIDENT_ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each value of the weighted sum modulo 11.
const RESIDENT_ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// Earliest birth year accepted in a resident ID number.
const EARLIEST_BIRTH_YEAR: i32 = 1800;

/// The 31 characters of a unified social credit code, in the order of their values (GB 32100).
const CREDIT_CODE_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the 17 body characters of a unified social credit code: 3^i mod 31.
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// Weights of the eight body characters of an organisation code (GB 11714).
const ORGANISATION_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// What was wrong with an identity number. Never contains the number itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum IdentityError {
    /// A resident ID number must have 18 characters (or 15 for a legacy number).
    #[error("a resident ID number has 18 characters (or 15 for a legacy number), got {length}")]
    ResidentIdLength {
        /// Number of characters received.
        length: usize,
    },
    /// A character that is not allowed at its position (1-based).
    #[error("resident ID number: character {position} is not allowed there (digits only, X only as the last character)")]
    ResidentIdCharacter {
        /// 1-based position of the offending character.
        position: usize,
    },
    /// Positions 7–14 do not form a real calendar date (or one before 1800).
    #[error("resident ID number: positions 7-14 are not a real birth date")]
    ResidentIdBirthDate,
    /// The check character does not match the MOD 11-2 checksum.
    #[error("resident ID number: the check character (position 18) does not match the checksum")]
    ResidentIdChecksum,
    /// A unified social credit code has 18 characters.
    #[error("a unified social credit code has 18 characters, got {length}")]
    CreditCodeLength {
        /// Number of characters received.
        length: usize,
    },
    /// A character outside the code's alphabet, or a non-digit in the region code.
    #[error("unified social credit code: character {position} is not allowed there")]
    CreditCodeCharacter {
        /// 1-based position of the offending character.
        position: usize,
    },
    /// The check character does not match the GB 32100 checksum (strict mode only).
    #[error(
        "unified social credit code: the check character (position 18) does not match the checksum"
    )]
    CreditCodeChecksum,
}

/// Something accepted but worth telling the user or the operator. Never contains the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityWarning {
    /// The region code of a resident ID number names no known province (GB/T 2260).
    ResidentIdUnknownRegion,
    /// A legacy 15-digit number was upgraded to 18 digits (century 19 and a computed check).
    ResidentIdUpgradedFromLegacy,
    /// The region code of a credit code names no known province.
    CreditCodeUnknownRegion,
    /// The credit code fails the GB 32100 checksum but was accepted in lenient mode.
    CreditCodeChecksumIgnored,
    /// The embedded organisation code (positions 9–17) fails its GB 11714 check digit.
    CreditCodeOrganisationCheckMismatch,
}

/// Sex recorded in a resident ID number (odd 17th digit: male, even: female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Odd sequence digit.
    Male,
    /// Even sequence digit.
    Female,
}

/// Masks the middle of an identifier, keeping `head` leading and `tail` trailing characters.
///
/// Identifiers too short to keep anything hidden are masked entirely.
///
/// ```
/// use waystation::identity::mask;
/// assert_eq!(mask("37010219900307123X", 4, 4), "3701**********123X");
/// assert_eq!(mask("1234", 4, 4), "****");
/// ```
pub fn mask(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n <= head.saturating_add(tail) {
        return "*".repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

/// [`mask`] with the counts as every platform passes them (`i32`: Java has no unsigned
/// integers): a negative count keeps no character.
///
/// ```
/// use waystation::identity::mask_counts;
/// assert_eq!(mask_counts("37010219900307123X", 4, 4), "3701**********123X");
/// assert_eq!(mask_counts("37010219900307123X", -1, 4), "**************123X");
/// ```
pub fn mask_counts(value: &str, head: i32, tail: i32) -> String {
    let keep = |n: i32| usize::try_from(n).unwrap_or(0);
    mask(value, keep(head), keep(tail))
}

/// A validated 18-character resident ID number (GB 11643).
///
/// Stored normalised (upper-case `X`). `Display` and `Debug` show the masked form
/// `3701**********123X`; [`ResidentId::raw`] returns the number itself.
///
/// ```
/// use waystation::identity::{ResidentId, Sex};
/// let id = ResidentId::parse("11010519491231002x").unwrap();
/// assert_eq!(id.to_string(), "1101**********002X");
/// assert_eq!(id.birth_date().to_string(), "1949-12-31");
/// assert_eq!(id.sex(), Sex::Female);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId {
    value: String,
    birth_date: NaiveDate,
    upgraded_from_legacy: bool,
}

impl ResidentId {
    /// Validates an 18-character number, or upgrades a legacy 15-digit one.
    ///
    /// Surrounding whitespace is ignored and a lower-case `x` accepted. An unknown region code
    /// is not an error: see [`ResidentId::warnings`].
    pub fn parse(input: &str) -> Result<ResidentId, IdentityError> {
        let trimmed = input.trim();
        let chars: Vec<char> = trimmed.chars().collect();
        match chars.len() {
            18 => Self::parse_18(&chars, false),
            15 => {
                if let Some(position) = chars.iter().position(|c| !c.is_ascii_digit()) {
                    return Err(IdentityError::ResidentIdCharacter {
                        position: position + 1,
                    });
                }
                // Legacy numbers: 6 region + YYMMDD (all in the 1900s) + 3 sequence digits.
                let mut body: Vec<char> = Vec::with_capacity(18);
                body.extend(chars.iter().take(6));
                body.extend(['1', '9']);
                body.extend(chars.iter().skip(6));
                let check = resident_check_char(&body).ok_or(IdentityError::ResidentIdBirthDate)?;
                body.push(check);
                Self::parse_18(&body, true)
            }
            length => Err(IdentityError::ResidentIdLength { length }),
        }
    }

    fn parse_18(chars: &[char], upgraded: bool) -> Result<ResidentId, IdentityError> {
        for (i, c) in chars.iter().enumerate() {
            let ok = c.is_ascii_digit() || (i == 17 && (*c == 'X' || *c == 'x'));
            if !ok {
                return Err(IdentityError::ResidentIdCharacter { position: i + 1 });
            }
        }
        let value: String = chars.iter().map(|c| c.to_ascii_uppercase()).collect();
        let birth_date = value
            .get(6..14)
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y%m%d").ok())
            .filter(|d| d.year() >= EARLIEST_BIRTH_YEAR)
            .ok_or(IdentityError::ResidentIdBirthDate)?;
        let body: Vec<char> = value.chars().take(17).collect();
        let expected = resident_check_char(&body).ok_or(IdentityError::ResidentIdChecksum)?;
        if value.chars().nth(17) != Some(expected) {
            return Err(IdentityError::ResidentIdChecksum);
        }
        Ok(ResidentId {
            value,
            birth_date,
            upgraded_from_legacy: upgraded,
        })
    }

    /// The full 18-character number. Personal data: never log or display it.
    pub fn raw(&self) -> &str {
        &self.value
    }

    /// The masked form `3701**********123X`.
    pub fn masked(&self) -> String {
        mask(&self.value, 4, 4)
    }

    /// Birth date encoded in positions 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Sex encoded in the parity of the 17th digit.
    pub fn sex(&self) -> Sex {
        let odd = self
            .value
            .chars()
            .nth(16)
            .and_then(|c| c.to_digit(10))
            .is_some_and(|d| d % 2 == 1);
        if odd {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Province of the issuing region (first two digits), if known.
    pub fn region_province(&self) -> Option<Province> {
        self.value.get(0..2).and_then(Province::from_code)
    }

    /// Whether the number was given in the legacy 15-digit form.
    pub fn upgraded_from_legacy(&self) -> bool {
        self.upgraded_from_legacy
    }

    /// Warnings about an accepted number (unknown region, legacy upgrade).
    pub fn warnings(&self) -> Vec<IdentityWarning> {
        let mut out = Vec::new();
        // 83: residence permits of Taiwan residents use region 830000.
        let prefix = self.value.get(0..2).unwrap_or_default();
        if Province::from_code(prefix).is_none() && prefix != "83" {
            out.push(IdentityWarning::ResidentIdUnknownRegion);
        }
        if self.upgraded_from_legacy {
            out.push(IdentityWarning::ResidentIdUpgradedFromLegacy);
        }
        out
    }
}

/// The MOD 11-2 check character for 17 body digits; `None` if a body character is not a digit.
fn resident_check_char(body: &[char]) -> Option<char> {
    if body.len() != 17 {
        return None;
    }
    let mut sum: u32 = 0;
    for (c, w) in body.iter().zip(RESIDENT_ID_WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    RESIDENT_ID_CHECK.get((sum % 11) as usize).copied()
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PiiStringVisitor {
            expecting: "a resident ID number as a string",
            parse: |s| ResidentId::parse(s).map_err(|e| e.to_string()),
        })
    }
}

/// Validation mode of a unified social credit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CreditCodeMode {
    /// The GB 32100 checksum must match.
    #[default]
    Strict,
    /// A well-formed code failing the checksum is accepted with a warning: some legally issued
    /// codes do not satisfy it.
    Lenient,
}

/// A unified social credit code of an organisation (GB 32100), normalised to upper case.
///
/// Layout: registration authority (1), organisation type (1), region code (6 digits),
/// organisation code (9, GB 11714), check character (1). `Display`/`Debug` are masked.
///
/// ```
/// use waystation::identity::{CreditCodeMode, UnifiedCreditCode};
/// let code = UnifiedCreditCode::parse("9144030071526726xg", CreditCodeMode::Strict).unwrap();
/// assert_eq!(code.to_string(), "9144**********26XG");
/// assert!(UnifiedCreditCode::parse("9144030071526726XH", CreditCodeMode::Strict).is_err());
/// assert!(UnifiedCreditCode::parse("9144030071526726XH", CreditCodeMode::Lenient).is_ok());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnifiedCreditCode {
    value: String,
    checksum_valid: bool,
}

impl UnifiedCreditCode {
    /// Normalises a code for comparison: trims whitespace and upper-cases it. Use the same
    /// function for the member-unit list of the catalogue.
    pub fn normalise(input: &str) -> String {
        input.trim().to_ascii_uppercase()
    }

    /// Validates a code in the given mode.
    pub fn parse(input: &str, mode: CreditCodeMode) -> Result<UnifiedCreditCode, IdentityError> {
        let value = Self::normalise(input);
        let chars: Vec<char> = value.chars().collect();
        if chars.len() != 18 {
            return Err(IdentityError::CreditCodeLength {
                length: chars.len(),
            });
        }
        let mut values: Vec<u32> = Vec::with_capacity(18);
        for (i, c) in chars.iter().enumerate() {
            let in_region = (2..8).contains(&i);
            let v = credit_char_value(*c)
                .filter(|_| !in_region || c.is_ascii_digit())
                .ok_or(IdentityError::CreditCodeCharacter { position: i + 1 })?;
            values.push(v);
        }
        let sum: u32 = values
            .iter()
            .zip(CREDIT_CODE_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        let expected = (31 - sum % 31) % 31;
        let checksum_valid = values.get(17) == Some(&expected);
        if !checksum_valid && mode == CreditCodeMode::Strict {
            return Err(IdentityError::CreditCodeChecksum);
        }
        Ok(UnifiedCreditCode {
            value,
            checksum_valid,
        })
    }

    /// The code itself. The employer of a person is personal data: never log it.
    pub fn raw(&self) -> &str {
        &self.value
    }

    /// The masked form, e.g. `9144**********26XG`.
    pub fn masked(&self) -> String {
        mask(&self.value, 4, 4)
    }

    /// Whether the GB 32100 checksum matched.
    pub fn checksum_valid(&self) -> bool {
        self.checksum_valid
    }

    /// Province of the registration region (positions 3–4), if known.
    pub fn region_province(&self) -> Option<Province> {
        self.value.get(2..4).and_then(Province::from_code)
    }

    /// Warnings about an accepted code.
    pub fn warnings(&self) -> Vec<IdentityWarning> {
        let mut out = Vec::new();
        if self.region_province().is_none() {
            out.push(IdentityWarning::CreditCodeUnknownRegion);
        }
        if !self.checksum_valid {
            out.push(IdentityWarning::CreditCodeChecksumIgnored);
        }
        if !organisation_check_ok(self.value.get(8..17).unwrap_or_default()) {
            out.push(IdentityWarning::CreditCodeOrganisationCheckMismatch);
        }
        out
    }
}

/// Value of a credit-code character (0–30), `None` outside the alphabet.
fn credit_char_value(c: char) -> Option<u32> {
    CREDIT_CODE_CHARSET
        .find(c)
        .and_then(|i| u32::try_from(i).ok())
}

/// GB 11714 check of a 9-character organisation code (8 body characters and a check digit).
fn organisation_check_ok(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 9 {
        return false;
    }
    let mut sum: u32 = 0;
    for (c, w) in chars.iter().zip(ORGANISATION_CODE_WEIGHTS) {
        // Digits count as their value, letters A–Z as 10–35.
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        sum += v * w;
    }
    let expected = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('?'),
    };
    chars.get(8) == Some(&expected)
}

impl fmt::Display for UnifiedCreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for UnifiedCreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnifiedCreditCode({})", self.masked())
    }
}

impl Serialize for UnifiedCreditCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

/// Deserialises leniently: a legally issued code may fail the checksum (see
/// [`UnifiedCreditCode::warnings`]).
impl<'de> Deserialize<'de> for UnifiedCreditCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PiiStringVisitor {
            expecting: "a unified social credit code as a string",
            parse: |s| {
                UnifiedCreditCode::parse(s, CreditCodeMode::Lenient).map_err(|e| e.to_string())
            },
        })
    }
}

/// A visitor for personal-data strings whose errors never echo the input (serde's default
/// "invalid type" messages quote numbers and strings verbatim).
struct PiiStringVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Visitor<'_> for PiiStringVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
        Err(E::custom(format!("expected {}", self.expecting)))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
        Err(E::custom(format!("expected {}", self.expecting)))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
        Err(E::custom(format!("expected {}", self.expecting)))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
        Err(E::custom(format!("expected {}", self.expecting)))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<T, E> {
        Err(E::custom(format!("expected {}", self.expecting)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    #[test]
    fn standard_examples_are_valid() {
        // The two examples printed in GB 11643-1999.
        let a = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(
            a.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(a.sex(), Sex::Female);
        assert_eq!(a.region_province(), Some(Province::Beijing));
        let b = ResidentId::parse("440524188001010014").unwrap();
        assert_eq!(b.birth_date(), NaiveDate::from_ymd_opt(1880, 1, 1).unwrap());
        assert_eq!(b.sex(), Sex::Male);
        assert!(b.warnings().is_empty());
    }

    #[test]
    fn lower_case_x_and_whitespace_are_normalised() {
        let id = ResidentId::parse("  11010519491231002x ").unwrap();
        assert_eq!(id.raw(), "11010519491231002X");
    }

    #[test]
    fn checksum_errors_are_detected() {
        assert_eq!(
            ResidentId::parse("110105194912310021"),
            Err(IdentityError::ResidentIdChecksum)
        );
        // A transposition of two digits changes the checksum.
        assert_eq!(
            ResidentId::parse("440524188001010041"),
            Err(IdentityError::ResidentIdChecksum)
        );
    }

    #[test]
    fn impossible_birth_dates_are_rejected() {
        // 1990-02-30 does not exist; body checksum computed so only the date is wrong.
        let body: Vec<char> = "37010219900230123".chars().collect();
        let id: String = body
            .iter()
            .chain(std::iter::once(&resident_check_char(&body).unwrap()))
            .collect();
        assert_eq!(
            ResidentId::parse(&id),
            Err(IdentityError::ResidentIdBirthDate)
        );
        // Month 13.
        let body: Vec<char> = "37010219901301123".chars().collect();
        let id: String = body
            .iter()
            .chain(std::iter::once(&resident_check_char(&body).unwrap()))
            .collect();
        assert_eq!(
            ResidentId::parse(&id),
            Err(IdentityError::ResidentIdBirthDate)
        );
    }

    #[test]
    fn leap_day_birth_dates_follow_the_calendar() {
        let make = |body: &str| {
            let b: Vec<char> = body.chars().collect();
            let c = resident_check_char(&b).unwrap();
            format!("{body}{c}")
        };
        assert!(ResidentId::parse(&make("37010220000229123")).is_ok());
        assert_eq!(
            ResidentId::parse(&make("37010219000229123")),
            Err(IdentityError::ResidentIdBirthDate)
        );
    }

    #[test]
    fn wrong_lengths_and_characters() {
        assert_eq!(
            ResidentId::parse("1101051949123100"),
            Err(IdentityError::ResidentIdLength { length: 16 })
        );
        assert_eq!(
            ResidentId::parse("1101051949123100X2"),
            Err(IdentityError::ResidentIdCharacter { position: 17 })
        );
        assert_eq!(
            ResidentId::parse("11010519491231002Y"),
            Err(IdentityError::ResidentIdCharacter { position: 18 })
        );
        assert_eq!(
            ResidentId::parse("１10105194912310021"),
            Err(IdentityError::ResidentIdCharacter { position: 1 })
        );
    }

    #[test]
    fn legacy_numbers_are_upgraded() {
        // 15-digit form of 11010519491231002X: drop "19" and the check character.
        let id = ResidentId::parse("110105491231002").unwrap();
        assert_eq!(id.raw(), "11010519491231002X");
        assert!(id.upgraded_from_legacy());
        assert_eq!(
            id.warnings(),
            vec![IdentityWarning::ResidentIdUpgradedFromLegacy]
        );
        assert_eq!(
            ResidentId::parse("110105491331002"),
            Err(IdentityError::ResidentIdBirthDate)
        );
        assert_eq!(
            ResidentId::parse("11010549123100X"),
            Err(IdentityError::ResidentIdCharacter { position: 15 })
        );
    }

    #[test]
    fn unknown_region_is_a_warning_not_an_error() {
        let b: Vec<char> = "99010219900307123".chars().collect();
        let id = format!("99010219900307123{}", resident_check_char(&b).unwrap());
        let parsed = ResidentId::parse(&id).unwrap();
        assert_eq!(
            parsed.warnings(),
            vec![IdentityWarning::ResidentIdUnknownRegion]
        );
        assert_eq!(parsed.region_province(), None);
    }

    #[test]
    fn masking_hides_the_middle() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(format!("{id}"), "1101**********002X");
        assert_eq!(format!("{id:?}"), "ResidentId(1101**********002X)");
        assert_eq!(mask("", 4, 4), "");
        assert_eq!(mask("abcdefghi", 4, 4), "abcd*fghi");
    }

    #[test]
    fn errors_never_contain_the_number() {
        for bad in [
            "110105194912310021",
            "11010519491231002Y",
            "1101051949123100",
        ] {
            let e = ResidentId::parse(bad).unwrap_err();
            assert!(!e.to_string().contains("1949"), "{e}");
            assert!(!format!("{e:?}").contains("1949"));
        }
        let e = serde_json::from_str::<ResidentId>("110105194912310021").unwrap_err();
        assert!(!e.to_string().contains("19491231"), "{e}");
        let e = serde_json::from_str::<ResidentId>("\"110105194912310021\"").unwrap_err();
        assert!(!e.to_string().contains("19491231"), "{e}");
    }

    #[test]
    fn real_credit_codes_are_valid() {
        for code in [
            "9144030071526726XG", // Shenzhen Tencent Computer Systems
            "91330100799655058B", // Alibaba (China) Network Technology
            "91110108551385082Q", // Xiaomi Technology
            "91350100M000100Y43", // example of the standard's explanatory material
        ] {
            let c = UnifiedCreditCode::parse(code, CreditCodeMode::Strict).unwrap();
            assert!(c.checksum_valid());
            assert_eq!(c.raw(), code);
        }
        let tencent =
            UnifiedCreditCode::parse("9144030071526726XG", CreditCodeMode::Strict).unwrap();
        assert_eq!(tencent.region_province(), Some(Province::Guangdong));
        assert!(tencent.warnings().is_empty(), "{:?}", tencent.warnings());
    }

    #[test]
    fn credit_code_errors_and_lenient_mode() {
        assert_eq!(
            UnifiedCreditCode::parse("9144030071526726XH", CreditCodeMode::Strict),
            Err(IdentityError::CreditCodeChecksum)
        );
        let lenient =
            UnifiedCreditCode::parse("9144030071526726XH", CreditCodeMode::Lenient).unwrap();
        assert!(!lenient.checksum_valid());
        assert!(lenient
            .warnings()
            .contains(&IdentityWarning::CreditCodeChecksumIgnored));
        // Lenient mode still rejects malformed codes.
        assert_eq!(
            UnifiedCreditCode::parse("9144030071526726X", CreditCodeMode::Lenient),
            Err(IdentityError::CreditCodeLength { length: 17 })
        );
        // I, O, S, V, Z are not in the alphabet.
        assert_eq!(
            UnifiedCreditCode::parse("9144030071526726IG", CreditCodeMode::Lenient),
            Err(IdentityError::CreditCodeCharacter { position: 17 })
        );
        // The region code (positions 3-8) is numeric.
        assert_eq!(
            UnifiedCreditCode::parse("91A4030071526726XG", CreditCodeMode::Lenient),
            Err(IdentityError::CreditCodeCharacter { position: 3 })
        );
        assert_eq!(
            UnifiedCreditCode::normalise(" 9144030071526726xg\n"),
            "9144030071526726XG"
        );
    }

    #[test]
    fn organisation_code_check_is_reported() {
        assert!(organisation_check_ok("71526726X"));
        assert!(!organisation_check_ok("715267260"));
    }

    #[test]
    fn credit_code_debug_is_masked() {
        let c = UnifiedCreditCode::parse("9144030071526726XG", CreditCodeMode::Strict).unwrap();
        assert_eq!(format!("{c:?}"), "UnifiedCreditCode(9144**********26XG)");
        let e = serde_json::from_str::<UnifiedCreditCode>("\"9144030071526726IG\"").unwrap_err();
        assert!(!e.to_string().contains("71526726"), "{e}");
    }
}
