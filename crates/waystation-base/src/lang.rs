//! Display languages, and texts in both of them ([`LocalizedText`]).

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;
use std::fmt;
use std::str::FromStr;

/// A language the library can word its answers in.
///
/// Codes are BCP 47 tags: `zh-CN` (Simplified Chinese, the default in China) and `en`.
///
/// ```
/// use waystation::lang::Lang;
/// assert_eq!("zh-CN".parse::<Lang>().unwrap(), Lang::ZhCn);
/// assert_eq!(Lang::En.pick("你好", "hello"), "hello");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag.
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Picks the text in this language from a zh-CN / en pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The language tag given is not supported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language `{given}`: expected `zh-CN` or `en`")]
pub struct UnknownLang {
    /// What was given (cut to 32 characters).
    pub given: String,
}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh-hans" | "zh_cn" => Ok(Lang::ZhCn),
            "en" | "en-us" | "en-gb" => Ok(Lang::En),
            _ => Err(UnknownLang {
                given: s.chars().take(32).collect(),
            }),
        }
    }
}

/// A text in Simplified Chinese (zh-CN) and English.
///
/// JSON: `{"zh": "借记卡", "en": "debit card"}`.
///
/// An answer worded in one language only (`MatchOptions::lang` set to `zh-CN` or `en`) keeps
/// this shape: every text of that answer holds the language asked for, and the other
/// language's field is the empty string (`{"zh": "借记卡", "en": ""}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    /// Simplified Chinese (zh-CN).
    pub zh: SmolStr,
    /// English.
    pub en: SmolStr,
}

impl LocalizedText {
    /// A text from its two translations.
    ///
    /// ```
    /// use waystation::lang::{Lang, LocalizedText};
    /// let t = LocalizedText::new("借记卡", "debit card");
    /// assert_eq!(t.get(Lang::En), "debit card");
    /// ```
    pub fn new(zh: impl Into<SmolStr>, en: impl Into<SmolStr>) -> LocalizedText {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_tags_case_insensitively() {
        assert_eq!("ZH-cn".parse::<Lang>().unwrap(), Lang::ZhCn);
        assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
        let err = "fr".parse::<Lang>().unwrap_err();
        assert!(err.to_string().contains("`fr`"));
    }

    #[test]
    fn serde_uses_bcp47_tags() {
        assert_eq!(serde_json::to_string(&Lang::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
