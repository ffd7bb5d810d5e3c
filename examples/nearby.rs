//! The main job: the nearest open stations to a point, on the embedded sample catalogue.
//!
//! ```text
//! cargo run --example nearby -- --lat 36.6512 --lon 117.1201 --datum gcj02 --needs charging,drinking_water
//!     [--at 2026-06-10T10:00:00+08:00] [--lang zh-CN|en] [--limit 5] [--radius-km 50]
//!     [--theme little_bee] [--all] [--catalogue path/to/catalogue.json]
//! ```

use chrono::Utc;
use std::process::ExitCode;
use waystation::catalogue::Catalogue;
use waystation::geo::{Coordinate, Datum};
use waystation::lang::Lang;
use waystation::nearby::NearbyQuery;
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
    lat: f64,
    lon: f64,
    datum: Datum,
    needs: Vec<String>,
    at: ChinaTime,
    lang: Lang,
    limit: u32,
    radius_km: f64,
    theme: Option<String>,
    all: bool,
    catalogue: Option<String>,
}

const USAGE: &str = "usage: nearby --lat <deg> --lon <deg> --datum wgs84|gcj02|bd09 [--needs code,code] \
[--at <RFC 3339>] [--lang zh-CN|en] [--limit N] [--radius-km KM] [--theme CODE] [--all] [--catalogue FILE]";

const HELP: &str =
    "Nearest open stations with the services you need, on the embedded sample catalogue
(or your own with --catalogue).

  --lat, --lon DEG       where you are (required)
  --datum D              the map datum of that position: wgs84 (GPS), gcj02 (Amap, Tencent),
                         bd09 (Baidu) (required: a coordinate without its datum is ambiguous)
  --needs CODE,CODE      services the station must offer now (e.g. charging,drinking_water)
  --at TIME              an RFC 3339 time, e.g. 2026-06-10T10:00:00+08:00 (default: now)
  --lang zh-CN|en        language of the answer (default zh-CN)
  --limit N              at most N stations (default 5)
  --radius-km KM         search radius (default 50)
  --theme CODE           only stations of this theme (e.g. little_bee)
  --all                  list closed stations too
  --catalogue FILE       a catalogue JSON file instead of the sample
  -h, --help             this help";

/// What the command line asks for.
enum Command {
    Help,
    Find(Args),
}

#[allow(dead_code)] // shared by the examples; each uses part of it
#[path = "cli/options.rs"]
mod options;
use options::{worded, Spec};

const SPECS: &[Spec] = &[
    Spec {
        flag: "--lat",
        takes_value: true,
    },
    Spec {
        flag: "--lon",
        takes_value: true,
    },
    Spec {
        flag: "--datum",
        takes_value: true,
    },
    Spec {
        flag: "--needs",
        takes_value: true,
    },
    Spec {
        flag: "--at",
        takes_value: true,
    },
    Spec {
        flag: "--limit",
        takes_value: true,
    },
    Spec {
        flag: "--radius-km",
        takes_value: true,
    },
    Spec {
        flag: "--theme",
        takes_value: true,
    },
    Spec {
        flag: "--catalogue",
        takes_value: true,
    },
    Spec {
        flag: "--all",
        takes_value: false,
    },
];

fn parse_args() -> Result<Command, String> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let o = options::read(&raw, SPECS, 0).map_err(|e| format!("{e}\n{USAGE}"))?;
    if o.help {
        return Ok(Command::Help);
    }
    let number = |v: &str| v.parse::<f64>().ok().filter(|x| x.is_finite());
    let lat = o.parsed("--lat", ("数字", "a number"), number)?;
    let lon = o.parsed("--lon", ("数字", "a number"), number)?;
    // The library's codes exactly, as in JSON: `gcj02`, not `GCJ02` or `GCJ-02`.
    let datum = o.parsed(
        "--datum",
        ("wgs84、gcj02 或 bd09 之一", "wgs84, gcj02 or bd09"),
        |v| Datum::ALL.into_iter().find(|d| d.code() == v),
    )?;
    let (Some(lat), Some(lon), Some(datum)) = (lat, lon, datum) else {
        return Err(format!(
            "{}\n{USAGE}",
            o.say(
                "--lat、--lon 和 --datum 必须给出（不带坐标系的坐标有歧义）",
                "--lat, --lon and --datum are required (a coordinate without its datum is ambiguous)"
            )
        ));
    };
    Ok(Command::Find(Args {
        lat,
        lon,
        datum,
        // `charging,,wifi`: an empty code is a typing slip to point out, not to skip.
        needs: o
            .parsed(
                "--needs",
                (
                    "以逗号分隔的服务代码（不能为空）",
                    "service codes separated by commas (none empty)",
                ),
                |v| {
                    let codes: Vec<String> = v.split(',').map(str::to_string).collect();
                    (!codes.iter().any(String::is_empty)).then_some(codes)
                },
            )?
            .unwrap_or_default(),
        // The host reads the clock; the library never does.
        at: o.instant("--at")?.unwrap_or_else(|| to_china(Utc::now())),
        lang: o.lang,
        limit: o
            .parsed(
                "--limit",
                ("数量（0 或正整数）", "a count (0 or more)"),
                |v| v.parse().ok(),
            )?
            .unwrap_or(5),
        radius_km: o
            .parsed("--radius-km", ("数字", "a number"), |v| {
                v.parse::<f64>().ok().filter(|x| x.is_finite())
            })?
            .unwrap_or(50.0),
        theme: o.value("--theme").map(str::to_string),
        all: o.has("--all"),
        catalogue: o.value("--catalogue").map(str::to_string),
    }))
}

fn run() -> Result<(), String> {
    let a = match parse_args()? {
        Command::Help => {
            say!("{USAGE}\n\n{HELP}");
            return Ok(());
        }
        Command::Find(a) => a,
    };
    let zh = a.lang == Lang::ZhCn;
    let t = |zh_text: &'static str, en_text: &'static str| if zh { zh_text } else { en_text };
    let catalogue = match &a.catalogue {
        None => Catalogue::sample(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            Catalogue::from_json(&text)
        }
    }
    .map_err(|e| worded(e, a.lang))?;
    // An unknown service code: say which codes there are, with their names.
    if let Some(unknown) = a.needs.iter().find(|c| catalogue.service(c).is_none()) {
        let valid: Vec<String> = catalogue
            .document()
            .services
            .iter()
            .map(|s| format!("  {:<20} {}", s.code, a.lang.pick(&s.name_zh, &s.name_en)))
            .collect();
        return Err(format!(
            "{}\n{}",
            if zh {
                format!("未知的服务代码“{unknown}”。可用的代码：")
            } else {
                format!("unknown service code `{unknown}`; the codes are:")
            },
            valid.join("\n")
        ));
    }
    let position = Coordinate::new(a.lat, a.lon, a.datum).map_err(|e| worded(e, a.lang))?;
    let mut query = NearbyQuery::new(position, a.at);
    query.needs = a.needs.clone();
    query.theme = a.theme.clone();
    query.limit = i32::try_from(a.limit).unwrap_or(i32::MAX);
    query.radius_m = a.radius_km * 1000.0;
    query.open_only = !a.all;
    let found = catalogue.nearby(&query).map_err(|e| worded(e, a.lang))?;

    let service_name = |code: &str| {
        catalogue.service(code).map_or(code.to_string(), |s| {
            a.lang.pick(&s.name_zh, &s.name_en).to_string()
        })
    };
    let sep = t("、", ", ");
    if zh {
        say!(
            "位置：{:.4}，{:.4}（{}）· 时间：{}（北京时间）",
            a.lat,
            a.lon,
            a.datum.written_name(),
            waystation::words::minute_in(&a.at, Lang::ZhCn),
        );
    } else {
        say!(
            "Position {:.4}, {:.4} ({}) · time {} (China time)",
            a.lat,
            a.lon,
            a.datum.written_name(),
            a.at.format("%Y-%m-%d %H:%M"),
        );
    }
    if !a.needs.is_empty() {
        let needs: Vec<String> = a.needs.iter().map(|c| service_name(c)).collect();
        say!("{}{}", t("需要：", "Needs: "), needs.join(sep));
    }
    if catalogue.document().sample {
        say!(
            "{}",
            t(
                "（示例数据：网点名称和地址均为虚构）",
                "(sample data: outlet names and addresses are fictional)"
            )
        );
    }
    say!();
    if found.is_empty() {
        say!(
            "{}",
            t(
                "附近没有符合条件的开放驿站。可用 --all 查看已关闭的驿站。",
                "No open station nearby meets the needs. Try --all to list closed ones too."
            )
        );
    }
    for (n, s) in found.iter().enumerate() {
        let distance = if s.distance_m < 1000.0 {
            format!("{:.0} m", s.distance_m)
        } else {
            format!("{:.1} km", s.distance_m / 1000.0)
        };
        say!(
            "{}. {}  ·  {}",
            n + 1,
            a.lang.pick(&s.name_zh, &s.name_en),
            distance
        );
        say!("   {}", a.lang.pick(&s.address_zh, &s.address_en));
        // The library's own words: 营业中 / 休息中 and when that changes, the holiday or make-up
        // working day that changes the hours, or the lifecycle stage (暂停服务, 已停用).
        say!("   {}", s.status.describe(&a.at, a.lang));
        let today = waystation::time::china_date(&a.at);
        if let Ok(periods) = catalogue.hours_on(&s.station_id, today) {
            let text: Vec<String> = periods
                .iter()
                .map(|p| {
                    let (open, close) = (p.open, p.close);
                    let end = match (close.date_naive() - today).num_days() {
                        0 => close.format("%H:%M").to_string(),
                        1 if close.time() == chrono::NaiveTime::MIN => "24:00".to_string(),
                        _ => format!("{} (+1)", close.format("%H:%M")),
                    };
                    format!("{}-{}", open.format("%H:%M"), end)
                })
                .collect();
            let text = if text.is_empty() {
                t("不营业", "closed").to_string()
            } else {
                text.join(t("、", ", "))
            };
            say!("   {}{}", t("今日营业时间：", "Hours today: "), text);
        }
        let services: Vec<String> = s.services_now.iter().map(|c| service_name(c)).collect();
        say!(
            "   {}{}",
            t("现有服务：", "Services now: "),
            services.join(sep)
        );
        if !s.themes.is_empty() {
            let themes: Vec<String> = s
                .themes
                .iter()
                .map(|code| {
                    catalogue
                        .document()
                        .themes
                        .iter()
                        .find(|th| &th.code == code)
                        .map_or(code.clone(), |th| {
                            a.lang.pick(&th.name_zh, &th.name_en).to_string()
                        })
                })
                .collect();
            say!("   {}{}", t("主题：", "Themes: "), themes.join(sep));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
