//! The examples as a person runs them: `--help` answers with usage and exits 0, both spellings
//! of the languages work, an unknown service code lists the valid ones, and a bad input is
//! answered with the library's end-user message in the chosen language (the developer detail
//! after it), never with internal codes or a number written out digit by digit.
//!
//! The examples are the ones `cargo test` builds beside the tests (`target/<profile>/examples`);
//! run through `cargo test` (not `cargo test --test examples` alone, which builds no example).
//! A missing example fails the test, unless `WAYSTATION_NO_EXAMPLES` is set: `scripts/test-cross`
//! sets it for its `--tests` run on i686, which builds no example (the x86_64 run tests them).
#![allow(clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Whether the examples are there to be run: they are, or this run says it builds none
/// (`WAYSTATION_NO_EXAMPLES`); a missing example otherwise fails the test.
fn examples_built() -> bool {
    if std::env::var_os("WAYSTATION_NO_EXAMPLES").is_some() && find("nearby").is_none() {
        eprintln!("WAYSTATION_NO_EXAMPLES: this run builds no example; nothing to run");
        return false;
    }
    true
}

/// The newest build of example `name` next to this test's binary.
fn example(name: &str) -> PathBuf {
    match find(name) {
        Some(path) => path,
        None => panic!("example `{name}` is not built: run `cargo test` (it builds the examples)"),
    }
}

fn find(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().expect("test binary");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|profile| profile.join("examples"))
        .expect("target directory");
    let prefix = format!("{name}-");
    let newest = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let f = e.file_name().to_string_lossy().into_owned();
            (f == name || (f.starts_with(&prefix) && !f.contains('.')))
                && e.file_type().is_ok_and(|t| t.is_file())
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
    newest.map(|e| e.path())
}

fn run(name: &str, args: &[&str]) -> Output {
    Command::new(example(name))
        .args(args)
        .output()
        .expect("the example runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const HERE: [&str; 8] = [
    "--lat",
    "36.6512",
    "--lon",
    "117.1201",
    "--datum",
    "gcj02",
    "--at",
    "2026-06-10T10:00:00+08:00",
];

#[test]
fn help_is_usage_and_success() {
    if !examples_built() {
        return;
    }
    for name in ["nearby", "match"] {
        for flag in ["--help", "-h"] {
            let out = run(name, &[flag]);
            assert!(out.status.success(), "{name} {flag}: {:?}", out.status);
            assert!(text(&out.stdout).contains("usage:"), "{name} {flag}");
            assert!(
                out.stderr.is_empty(),
                "{name} {flag}: {}",
                text(&out.stderr)
            );
        }
    }
}

#[test]
fn languages_are_the_library_codes_exactly() {
    if !examples_built() {
        return;
    }
    for (lang, word) in [("zh-CN", "位置："), ("en", "Position")] {
        for name in ["nearby", "match"] {
            let args: Vec<&str> = if name == "nearby" {
                [&HERE[..], &["--lang", lang]].concat()
            } else {
                vec![
                    "examples/data/courier.json",
                    "--as-of",
                    "2026-06-10T10:00:00+08:00",
                    "--lang",
                    lang,
                ]
            };
            let out = run(name, &args);
            assert!(
                out.status.success(),
                "{name} --lang {lang}: {}",
                text(&out.stderr)
            );
            if name == "nearby" {
                assert!(text(&out.stdout).starts_with(word), "--lang {lang}");
            }
        }
    }
    // As in JSON: no guessing at other spellings.
    for lang in ["fr", "zh", "ZH-CN", "EN", "en-US"] {
        for name in ["nearby", "match"] {
            let args: Vec<&str> = if name == "nearby" {
                [&HERE[..], &["--lang", lang]].concat()
            } else {
                vec!["examples/data/courier.json", "--lang", lang]
            };
            let out = run(name, &args);
            assert!(!out.status.success(), "{name} --lang {lang} was accepted");
            assert!(text(&out.stderr).contains("zh-CN"), "{}", text(&out.stderr));
        }
    }
}

#[test]
fn options_are_read_strictly_and_answered_in_the_language_asked() {
    if !examples_built() {
        return;
    }
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--datum", "wgs84"],
            "--datum 重复给出",
            "--datum is given twice",
        ),
        (
            &["--limit", "3", "--limit", "1"],
            "--limit 重复给出",
            "--limit is given twice",
        ),
        (&["--bogus"], "未知的选项 --bogus", "unknown option --bogus"),
        (
            &["stray"],
            "多余的参数“stray”",
            "unexpected argument `stray`",
        ),
        (
            &["--limit", "-1"],
            "--limit：“-1”不是数量",
            "--limit: `-1` is not a count",
        ),
        (
            &["--needs", "charging,,wifi"],
            "--needs：“charging,,wifi”不是",
            "--needs: `charging,,wifi` is not",
        ),
    ];
    for (extra, zh, en) in cases {
        for (lang, expected) in [("zh-CN", zh), ("en", en)] {
            let args = [&HERE[..], extra, &["--lang", lang]].concat();
            let out = run("nearby", &args);
            assert!(!out.status.success(), "{args:?} was accepted");
            let err = text(&out.stderr);
            assert!(err.starts_with(expected), "{args:?}: {err}");
        }
    }
    // Codes are the library's exactly, and instants are read by the library's reader.
    let wrong: &[&[&str]] = &[
        &["--lat", "36.6512", "--lon", "117.1201", "--datum", "GCJ02"],
        &["--lat", "36.6512", "--lon", "117.1201", "--datum", "GCJ-02"],
        &[&HERE[..], &["--at", "2026-06-10 10:00:00+08:00"]].concat(),
        &[&HERE[..], &["--at", "2026-06-10T10:00:00"]].concat(),
    ];
    for args in wrong {
        let out = run("nearby", args);
        assert!(!out.status.success(), "{args:?} was accepted");
    }
    let out = run(
        "match",
        &[
            "examples/data/courier.json",
            "--as-of",
            "2026-06-10T10:00:00+08:00",
            "--as-of",
            "2020-01-01T00:00:00Z",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).starts_with("--as-of 重复给出"),
        "{}",
        text(&out.stderr)
    );
    // The zh-CN header: full-width punctuation, the datum's written name, China time in words.
    let out = run("nearby", &HERE);
    let first = text(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(first.starts_with("位置："), "{first}");
    assert!(!first.contains(['(', ')', ',', ':']), "{first}");
}

#[test]
fn an_unknown_service_code_lists_the_valid_ones_with_their_names() {
    if !examples_built() {
        return;
    }
    let out = run("nearby", &[&HERE[..], &["--needs", "toilet"]].concat());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.starts_with("未知的服务代码“toilet”"), "{err}");
    assert!(
        err.contains("charging") && err.contains("手机充电"),
        "{err}"
    );
}

#[test]
fn bad_input_is_the_end_user_message_then_the_detail() {
    if !examples_built() {
        return;
    }
    // A latitude far out of range: the user's words first, the detail quotes the number briefly.
    for (lang, first) in [
        ("zh-CN", "纬度有误，请检查后重试"),
        (
            "en",
            "The latitude is not valid. Please check it and try again.",
        ),
    ] {
        let out = run(
            "nearby",
            &[
                "--lat", "1e308", "--lon", "117", "--datum", "wgs84", "--lang", lang,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{lang}");
        let err = text(&out.stderr);
        let mut lines = err.lines();
        assert_eq!(lines.next(), Some(first), "{lang}: {err}");
        // The developer detail (English, with the path) only in English: a zh-CN reader gets
        // the message in their language alone.
        let detail = lines.next().unwrap_or_default();
        if lang == "en" {
            assert!(detail.contains("1e308"), "{lang}: {detail}");
        } else {
            assert_eq!(detail, "", "{lang}: {err}");
        }
        assert!(err.len() < 300, "{lang}: {err}");
    }
    // A resident ID number with a wrong check character: the message names the field, not the
    // number (personal data).
    let dir = std::env::temp_dir().join(format!("waystation-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"resident_id": "110105199003071238"}"#).expect("write");
    let out = run(
        "match",
        &[
            bad.to_str().expect("path"),
            "--as-of",
            "2026-06-10T10:00:00+08:00",
        ],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert_eq!(
        err.lines().next(),
        Some("身份证号码有误，请检查后重试"),
        "{err}"
    );
    assert!(!err.contains("110105199003071238"), "{err}");
    // An accepted legacy number: its warning in words, not as codes.
    let legacy = dir.join("legacy.json");
    std::fs::write(&legacy, r#"{"resident_id": "110105900307123"}"#).expect("write");
    for (lang, warning) in [
        ("zh-CN", "! 15位旧身份证号码已按规则升级为18位"),
        (
            "en",
            "! The old 15-digit resident ID number was converted to its 18-digit form.",
        ),
    ] {
        let out = run(
            "match",
            &[
                legacy.to_str().expect("path"),
                "--as-of",
                "2026-06-10T10:00:00+08:00",
                "--lang",
                lang,
            ],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.lines().any(|l| l == warning), "{lang}: {stdout}");
        assert!(!stdout.contains("ResidentId"), "{lang}: {stdout}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    // `nearby … | head`: the reader closes the pipe before reading all (here: before the example
    // writes its first line, while it loads the catalogue); the example stops with success and
    // no panic.
    if !examples_built() {
        return;
    }
    for (name, args) in [
        ("nearby", &HERE[..]),
        (
            "match",
            &[
                "examples/data/courier.json",
                "--as-of",
                "2026-06-10T10:00:00+08:00",
            ][..],
        ),
    ] {
        let mut child = Command::new(example(name))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the example starts");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("the example ends");
        assert!(
            out.status.success(),
            "{name}: {:?}: {}",
            out.status,
            text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{name}: {}", text(&out.stderr));
    }
}
