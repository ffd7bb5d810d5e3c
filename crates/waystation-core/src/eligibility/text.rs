//! Bilingual text and the formatting of values shown in messages.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A text in Simplified Chinese (zh-CN) and English.
///
/// JSON: `{"zh": "借记卡", "en": "debit card"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    /// Simplified Chinese (zh-CN).
    pub zh: String,
    /// English.
    pub en: String,
}

impl LocalizedText {
    /// A text from its two translations.
    ///
    /// ```
    /// use waystation_core::eligibility::LocalizedText;
    /// use waystation_core::lang::Lang;
    /// let t = LocalizedText::new("借记卡", "debit card");
    /// assert_eq!(t.get(Lang::En), "debit card");
    /// ```
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> LocalizedText {
        LocalizedText {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// Whether either translation is blank.
    pub fn is_incomplete(&self) -> bool {
        self.zh.trim().is_empty() || self.en.trim().is_empty()
    }
}

impl fmt::Display for LocalizedText {
    /// Shows the English text; use [`LocalizedText::get`] for a chosen language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// An amount in fen as yuan with two decimals and thousands separators: `¥3,000.00`.
pub(crate) fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = abs / 100;
    let cents = abs % 100;
    let digits = yuan.to_string();
    let mut grouped = String::new();
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{cents:02}")
}

/// A date in Chinese style: `2027年3月1日`.
pub(crate) fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped() {
        assert_eq!(format_fen(0), "¥0.00");
        assert_eq!(format_fen(5), "¥0.05");
        assert_eq!(format_fen(300_000), "¥3,000.00");
        assert_eq!(format_fen(123_456_789), "¥1,234,567.89");
        assert_eq!(format_fen(-100), "-¥1.00");
        assert_eq!(format_fen(i64::MIN), "-¥92,233,720,368,547,758.08");
    }

    #[test]
    fn chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or_default();
        assert_eq!(zh_date(d), "2027年3月1日");
    }
}
