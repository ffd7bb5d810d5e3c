//! The languages an answer is worded in ([`Langs`]) and the values its messages show (dates,
//! instants to the minute, money), as a courier reads them.

use chrono::{Datelike, NaiveDate, Timelike};
use smol_str::SmolStr;

use crate::lang::{Lang, LocalizedText};
use crate::time::ChinaTime;

/// The languages a worded answer is rendered in: both (`Langs(None)`, the default) or the one
/// asked for. Every text of an answer is made through [`Langs::text`], which renders only the
/// languages asked for and leaves the other field of the [`LocalizedText`] empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Langs(pub Option<Lang>);

impl Langs {
    /// Both languages.
    pub const BOTH: Langs = Langs(None);

    /// Whether `lang` is rendered.
    pub fn wants(self, lang: Lang) -> bool {
        self.0.is_none_or(|l| l == lang)
    }

    /// The text rendered by `f` in each language asked for (empty in the other).
    pub fn text<S: Into<SmolStr>>(self, mut f: impl FnMut(Lang) -> S) -> LocalizedText {
        let mut one = |lang| {
            if self.wants(lang) {
                f(lang).into()
            } else {
                SmolStr::default()
            }
        };
        let zh = one(Lang::ZhCn);
        let en = one(Lang::En);
        LocalizedText { zh, en }
    }

    /// A copy of `text` in the languages asked for.
    /// Sharing its strings: a copy allocates nothing.
    pub fn copy(self, text: &LocalizedText) -> LocalizedText {
        match self.0 {
            None => text.clone(),
            Some(Lang::ZhCn) => LocalizedText {
                zh: text.zh.clone(),
                en: SmolStr::default(),
            },
            Some(Lang::En) => LocalizedText {
                zh: SmolStr::default(),
                en: text.en.clone(),
            },
        }
    }

    /// A catalogue entry with fixed arguments, in the languages asked for.
    pub fn message(self, m: &super::Message, args: &[(&str, &str)]) -> LocalizedText {
        self.text(|lang| m.text(lang, args))
    }
}

/// A date in Chinese style: `2027年3月1日`.
pub fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A date as a courier reads it: `2027年3月1日` in zh-CN, `2027-03-01` in en.
pub fn date_in(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => zh_date(d),
        Lang::En => d.to_string(),
    }
}

/// An instant to the minute as a courier reads it, in China time: `2027年5月1日10时` or
/// `2027年5月1日10时30分` in zh-CN (no ASCII colon), `2027-05-01 10:00` in en. An instant whose
/// China local time is past the last date chrono holds is written in UTC, saying so.
pub fn minute_in(t: &ChinaTime, lang: Lang) -> String {
    match lang {
        Lang::En => crate::time::format_minute(t),
        Lang::ZhCn => {
            let (local, utc) = match crate::time::china_checked(t) {
                Some(c) => (c.naive_local(), false),
                None => (t.naive_utc(), true),
            };
            let mut s = format!("{}{}时", zh_date(local.date()), local.hour());
            if local.minute() != 0 {
                s.push_str(&format!("{}分", local.minute()));
            }
            if utc {
                s.push_str("（协调世界时）");
            }
            s
        }
    }
}

/// An amount in fen, worded per language (see [`super::money`]).
pub fn money_in(fen: i64, lang: Lang) -> String {
    super::money(fen, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_without_ascii_colons_in_chinese() {
        let t: ChinaTime = "2027-05-01T10:00:00+08:00".parse().unwrap_or_else(|_| {
            chrono::DateTime::from_timestamp(0, 0)
                .unwrap_or_default()
                .fixed_offset()
        });
        assert_eq!(minute_in(&t, Lang::ZhCn), "2027年5月1日10时");
        assert_eq!(minute_in(&t, Lang::En), "2027-05-01 10:00");
        let t: ChinaTime = "2027-05-01T02:05:00Z".parse().unwrap_or(t);
        assert_eq!(minute_in(&t, Lang::ZhCn), "2027年5月1日10时5分");
        let last = crate::time::to_china(chrono::DateTime::<chrono::Utc>::MAX_UTC);
        assert!(minute_in(&last, Lang::ZhCn).ends_with("（协调世界时）"));
        assert!(!minute_in(&last, Lang::ZhCn).contains(':'));
    }

    #[test]
    fn chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or_default();
        assert_eq!(zh_date(d), "2027年3月1日");
    }
}
