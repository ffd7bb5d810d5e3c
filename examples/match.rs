//! Ranks the sample products for a courier profile and explains every answer.
//!
//! ```text
//! cargo run --example match -- examples/data/courier.json [--lang en|zh-CN] [--as-of 2026-06-01T09:00:00+08:00]
//!     [--catalogue FILE] [--not-personalised]
//! ```
//!
//! Products, rules and the partner association's member units come from the catalogue: the
//! embedded sample unless `--catalogue` names another.

use std::process::ExitCode;

use waystation::catalogue::Catalogue;
use waystation::eligibility::{CheckStatus, LocalizedText, RuleStatus};
use waystation::lang::Lang;
use waystation::matching::{MatchEntry, MatchOptions};
use waystation::profile::CourierProfile;
use waystation::time::{to_china, ChinaTime};

/// Prints a line to standard output; when the reader has gone (`| head`), the output ends
/// quietly with success instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

struct Args {
    path: String,
    lang: Lang,
    as_of: ChinaTime,
    catalogue: Option<String>,
    personalised: bool,
}

const USAGE: &str = "usage: match PROFILE.json [--lang zh-CN|en] [--as-of INSTANT] [--catalogue FILE] [--not-personalised]

Products for a courier, ranked with the reason for every answer, on the embedded sample catalogue.

  PROFILE.json           the courier profile (see examples/data/courier.json)
  --lang zh-CN|en        language of the answer (default zh-CN)
  --as-of TIME           an RFC 3339 time, e.g. 2026-11-28T10:00:00+08:00 (default: now)
  --catalogue FILE       a catalogue JSON file instead of the sample
  --not-personalised     the non-personalised ranking (what a courier who opted out sees)
  -h, --help             this help";

#[allow(dead_code)] // shared by the examples; each uses part of it
#[path = "cli/options.rs"]
mod options;
use options::{worded, Spec};

const SPECS: &[Spec] = &[
    Spec {
        flag: "--as-of",
        takes_value: true,
    },
    Spec {
        flag: "--catalogue",
        takes_value: true,
    },
    Spec {
        flag: "--not-personalised",
        takes_value: false,
    },
];

fn parse_args() -> Result<Option<Args>, String> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let o = options::read(&raw, SPECS, 1).map_err(|e| format!("{e}\n{USAGE}"))?;
    if o.help {
        return Ok(None);
    }
    let Some(path) = o.positional.first().cloned() else {
        return Err(format!(
            "{}\n{USAGE}",
            o.say(
                "缺少快递员档案文件（PROFILE.json）",
                "the courier profile file (PROFILE.json) is missing"
            )
        ));
    };
    Ok(Some(Args {
        path,
        lang: o.lang,
        // The host reads the clock; the library never does.
        as_of: o.instant("--as-of")?.unwrap_or_else(|| {
            to_china(chrono::DateTime::<chrono::Utc>::from(
                std::time::SystemTime::now(),
            ))
        }),
        catalogue: o.value("--catalogue").map(str::to_string),
        personalised: !o.has("--not-personalised"),
    }))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let Some(args) = parse_args()? else {
        say!("{USAGE}");
        return Ok(());
    };
    let json = std::fs::read_to_string(&args.path).map_err(|e| format!("{}: {e}", args.path))?;
    let profile = CourierProfile::from_json(&json).map_err(|e| worded(e, args.lang))?;
    let catalogue = match &args.catalogue {
        None => Catalogue::sample(),
        Some(path) => Catalogue::from_json(
            &std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?,
        ),
    }
    .map_err(|e| worded(e, args.lang))?;
    // Only the language shown is rendered.
    let options = MatchOptions {
        personalised: args.personalised,
        lang: Some(args.lang),
        ..MatchOptions::default()
    };
    let result = catalogue
        .match_products(&profile, args.as_of, &options)
        .map_err(|e| worded(e, args.lang))?;
    let l = args.lang;
    let t = |text: &LocalizedText| text.get(l).to_string();
    let zh = l == Lang::ZhCn;

    say!(
        "{} {} · {} {} · {}",
        if zh { "评估时间" } else { "as of" },
        result.stamp.as_of.format("%Y-%m-%d %H:%M %:z"),
        if zh { "产品目录" } else { "products" },
        result.stamp.product_catalogue_version,
        if result.personalised {
            if zh {
                "个性化排序"
            } else {
                "personalised order"
            }
        } else if zh {
            "非个性化排序"
        } else {
            "non-personalised order"
        }
    );
    for w in profile.warnings() {
        say!("! {}", w.words().render(l, &[]));
    }
    for n in &result.notices {
        say!("! {}", t(&n.message));
    }
    say!();
    say!(
        "{}",
        if zh {
            "== 推荐 =="
        } else {
            "== Recommended =="
        }
    );
    for e in &result.recommended {
        print_entry(e, l);
    }
    say!();
    say!(
        "{}",
        if zh {
            "== 未推荐 =="
        } else {
            "== Not recommended =="
        }
    );
    for e in &result.excluded {
        print_entry(e, l);
    }
    Ok(())
}

fn print_entry(e: &MatchEntry, l: Lang) {
    let t = |text: &LocalizedText| text.get(l).to_string();
    let rank = e
        .rank
        .map(|r| format!("{r}. "))
        .unwrap_or_else(|| "-  ".into());
    let zh = l == Lang::ZhCn;
    let kind = match e.risk_rating {
        Some(r) => format!(
            "{}{}{}",
            t(&e.kind.label()),
            if zh { "，" } else { ", " },
            r.code()
        ),
        None => t(&e.kind.label()),
    };
    let kind = if zh {
        format!("（{kind}）")
    } else {
        format!(" ({kind})")
    };
    say!("{rank}{}{kind} — {}", t(&e.name), t(&e.summary));
    if let Some(x) = &e.exclusion {
        say!("     ✗ {}", t(&x.message));
    } else {
        // The reasons of the order; their points are the bank's, not the courier's.
        for f in &e.factors {
            say!("     + {}", t(&f.message));
        }
    }
    for n in &e.notices {
        say!("     ! {}", t(&n.message));
    }
    if e.exclusion.is_some() {
        for rule in &e.decision.rules {
            if matches!(rule.status, RuleStatus::Passed | RuleStatus::NotInEffect) {
                continue;
            }
            let leaf = rule
                .criteria
                .iter()
                .rev()
                .find(|c| c.status != CheckStatus::Passed);
            let why = leaf.map(|c| t(&c.message)).unwrap_or_default();
            // Sources are cited by their Chinese titles, which have no English form: shown in
            // the Chinese answer only.
            if zh {
                let source = match &rule.source.provision {
                    Some(p) => format!("{}{p}", rule.source.document),
                    None => rule.source.document.to_string(),
                };
                say!("     · {} — {why}（{source}）", t(&rule.description));
            } else {
                say!("     · {} — {why}", t(&rule.description));
            }
        }
        for h in &e.decision.hints {
            say!("     → {}", t(&h.message));
        }
    }
}
