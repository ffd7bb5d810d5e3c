//! The examples' command lines, read strictly and answered in the language asked for.
//!
//! An option the command does not know, an option given twice, an option without its value and
//! a stray argument are errors, never a guess (no "the last one wins"); codes are the library's
//! exact codes (`gcj02`, `zh-CN`), as in JSON; instants go through the library's own strict
//! reader. `--lang` is read first, so that every other error is worded in that language.

use waystation::lang::Lang;
use waystation::time::{to_china, ChinaTime};

/// An option a command takes: its flag, and whether a value follows it.
pub struct Spec {
    /// `--lat`.
    pub flag: &'static str,
    /// Whether the next argument is its value (`--lat 36.65`) or it stands alone (`--all`).
    pub takes_value: bool,
}

/// What a command line holds: each option once (with its value), the positional arguments, and
/// the language to answer in.
pub struct Parsed {
    /// The language of `--lang` (zh-CN when absent).
    pub lang: Lang,
    /// Whether `--help` or `-h` was given.
    pub help: bool,
    options: Vec<(&'static str, Option<String>)>,
    /// Positional arguments, in order.
    pub positional: Vec<String>,
}

impl Parsed {
    /// The value of `flag`, if given.
    pub fn value(&self, flag: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(f, _)| *f == flag)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Whether the stand-alone option `flag` was given.
    pub fn has(&self, flag: &str) -> bool {
        self.options.iter().any(|(f, _)| *f == flag)
    }

    /// `zh` in zh-CN, `en` in English.
    pub fn say(&self, zh: &str, en: &str) -> String {
        self.lang.pick(zh, en).to_string()
    }

    /// The value of `flag` read by `read`; `what` names what it must be, in both languages.
    pub fn parsed<T>(
        &self,
        flag: &str,
        what: (&str, &str),
        read: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, String> {
        match self.value(flag) {
            None => Ok(None),
            Some(v) => read(v).map(Some).ok_or_else(|| {
                self.say(
                    &format!("{flag}：“{v}”不是{}", what.0),
                    &format!("{flag}: `{v}` is not {}", what.1),
                )
            }),
        }
    }

    /// The instant of `flag`, read by the library's strict RFC 3339 reader.
    pub fn instant(&self, flag: &str) -> Result<Option<ChinaTime>, String> {
        match self.value(flag) {
            None => Ok(None),
            Some(v) => waystation::json::parse_instant(v)
                .map(to_china)
                .map(Some)
                .map_err(|e| {
                    self.say(
                        &format!("{flag}：“{v}”不是带时区的时间，例如 2026-11-28T10:00:00+08:00"),
                        &format!("{flag}: {e}"),
                    )
                }),
        }
    }
}

/// The language asked for by `--lang`: `zh-CN` or `en` exactly, as in JSON.
fn language(args: &[String]) -> Result<Lang, String> {
    let mut found = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--lang" {
            if found.is_some() {
                return Err("--lang 重复给出 / --lang is given twice".to_string());
            }
            found = Some(it.next().map(String::as_str).unwrap_or_default());
        }
    }
    match found {
        None | Some("zh-CN") => Ok(Lang::ZhCn),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(format!(
            "--lang：“{other}”不是可用的语言，请用 zh-CN 或 en / --lang: `{other}` is not a language this tool speaks: use zh-CN or en"
        )),
    }
}

/// Reads `args` (without the program name) against `specs`, with at most `max_positional`
/// positional arguments. `--lang` and `--help` are always known.
pub fn read(args: &[String], specs: &[Spec], max_positional: usize) -> Result<Parsed, String> {
    let lang = language(args)?;
    let mut parsed = Parsed {
        lang,
        help: false,
        options: Vec::new(),
        positional: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--help" || arg == "-h" {
            parsed.help = true;
            continue;
        }
        if arg == "--lang" {
            it.next();
            continue;
        }
        if !arg.starts_with('-') || arg == "-" {
            if parsed.positional.len() >= max_positional {
                return Err(parsed.say(
                    &format!("多余的参数“{arg}”"),
                    &format!("unexpected argument `{arg}`"),
                ));
            }
            parsed.positional.push(arg.clone());
            continue;
        }
        let Some(spec) = specs.iter().find(|s| s.flag == arg) else {
            return Err(parsed.say(
                &format!("未知的选项 {arg}"),
                &format!("unknown option {arg}"),
            ));
        };
        if parsed.has(spec.flag) {
            return Err(parsed.say(
                &format!("{arg} 重复给出：每个选项只能给一次"),
                &format!("{arg} is given twice: each option is given once"),
            ));
        }
        let value = if spec.takes_value {
            match it.next() {
                Some(v) => Some(v.clone()),
                None => {
                    return Err(
                        parsed.say(&format!("{arg} 缺少取值"), &format!("{arg} needs a value"))
                    )
                }
            }
        } else {
            None
        };
        parsed.options.push((spec.flag, value));
    }
    Ok(parsed)
}

/// A library error as a person reads it, in `lang`: the end-user message, and in English the
/// developer detail after it (it is English only, and says where).
pub fn worded(e: impl Into<waystation::error::Error>, lang: Lang) -> String {
    let e: waystation::error::Error = e.into();
    match lang {
        Lang::ZhCn => e.user_message(lang),
        Lang::En => format!("{}\n(detail: {e})", e.user_message(lang)),
    }
}
