//! The compact binary catalogue form: the golden file of the sample, equality with the JSON
//! form, typed errors at the right place for every kind of damage, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use waystation::catalogue::{Catalogue, CatalogueError, Limits};
use waystation::compact::{CompactErrorKind, COMPACT_FORMAT_VERSION, COMPACT_MAGIC};
use waystation::error::Error;
use waystation::geo::{Coordinate, Datum};
use waystation::nearby::NearbyQuery;
use waystation::synthetic::{varied_catalogue, DatumMix, TextStyle, VariedConfig};

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/compact/sample.wscat")
}

/// The golden file, rewritten from the sample when `WAYSTATION_BLESS` is set.
fn golden() -> Vec<u8> {
    let bytes = Catalogue::sample().unwrap().to_compact();
    if std::env::var_os("WAYSTATION_BLESS").is_some() {
        std::fs::write(golden_path(), &bytes).unwrap();
    }
    std::fs::read(golden_path()).unwrap()
}

fn compact_error(bytes: &[u8]) -> waystation::compact::CompactError {
    match Catalogue::from_compact(bytes) {
        Err(CatalogueError::Compact(e)) => e,
        other => panic!("expected a compact error, got {other:?}"),
    }
}

#[test]
fn the_sample_writes_the_golden_bytes_on_every_platform() {
    let sample = Catalogue::sample().unwrap();
    let bytes = sample.to_compact();
    assert_eq!(
        bytes,
        golden(),
        "the compact form of the sample changed: if on purpose, bump the format version or \
         re-bless with WAYSTATION_BLESS=1 cargo test --test compact"
    );
    assert_eq!(&bytes[..8], COMPACT_MAGIC);
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        COMPACT_FORMAT_VERSION
    );
    // Writing is deterministic and the reloaded catalogue writes the same bytes.
    let back = Catalogue::from_compact(&bytes).unwrap();
    assert_eq!(back.to_compact(), bytes);
}

#[test]
fn the_golden_file_loads_to_the_json_loaded_sample() {
    let json = Catalogue::sample().unwrap();
    let compact = Catalogue::from_compact(&golden()).unwrap();
    assert_eq!(compact.document(), json.document());
    assert_eq!(compact.to_json(), json.to_json());
    assert_eq!(compact.member_units(), json.member_units());
    // The same answers to nearby queries, with and without filters.
    let at = "2026-06-10T10:00:00+08:00".parse().unwrap();
    for (lat, lon, datum) in [
        (36.6512, 117.1201, Datum::Gcj02),
        (36.0671, 120.3826, Datum::Wgs84),
        (37.4638, 121.4479, Datum::Bd09),
    ] {
        let position = Coordinate::new(lat, lon, datum).unwrap();
        let mut q = NearbyQuery::new(position, at);
        q.radius_m = 200_000.0;
        q.open_only = false;
        let a = json.nearby(&q).unwrap();
        assert!(!a.is_empty());
        assert_eq!(compact.nearby(&q).unwrap(), a);
        q.open_only = true;
        q.needs = vec!["charging".into(), "wifi".into()];
        assert_eq!(compact.nearby(&q).unwrap(), json.nearby(&q).unwrap());
    }
}

#[test]
fn a_national_catalogue_round_trips() {
    use waystation::synthetic::{national_catalogue, NationalConfig};
    let doc = national_catalogue(&NationalConfig {
        stations: 3_000,
        ..NationalConfig::default()
    })
    .unwrap();
    let c = Catalogue::from_document(doc, &Limits::default()).unwrap();
    let bytes = c.to_compact();
    let back = Catalogue::from_compact(&bytes).unwrap();
    assert_eq!(back.document(), c.document());
    assert!(bytes.len() * 4 < c.to_json().len(), "{} bytes", bytes.len());
}

#[test]
fn header_errors_are_typed_and_placed() {
    let good = golden();
    let e = compact_error(b"");
    assert_eq!(
        (e.kind.clone(), e.offset, e.path().as_str()),
        (CompactErrorKind::BadMagic, 0, "header.magic")
    );
    let e = compact_error(&[b"XSCATBIN".as_slice(), &good[8..]].concat());
    assert_eq!(e.kind, CompactErrorKind::BadMagic);
    assert_eq!(
        Error::from(CatalogueError::Compact(e)).code(),
        "invalid_input"
    );
    // A JSON catalogue is not a compact one.
    let e = compact_error(waystation::catalogue::SAMPLE_CATALOGUE_JSON.as_bytes());
    assert_eq!(e.kind, CompactErrorKind::BadMagic);

    // The next version, one from the future, and versions 1 to 3 (whose WGS-84 guesses were
    // computed otherwise).
    for version in [5u8, 99, 3, 2, 1] {
        let mut other = good.clone();
        other[8] = version;
        let e = compact_error(&other);
        assert_eq!(
            e.kind,
            CompactErrorKind::UnsupportedVersion {
                found: u16::from(version)
            }
        );
        assert_eq!((e.offset, e.path().as_str()), (8, "header.version"));
        let err = Error::from(CatalogueError::Compact(e));
        assert_eq!(err.code(), "unsupported");
        assert!(
            err.to_string().contains(&format!("version {version}")),
            "{err}"
        );
    }

    let mut flags = good.clone();
    flags[10] = 1;
    let e = compact_error(&flags);
    assert_eq!((e.offset, e.path().as_str()), (10, "header.flags"));

    let e = compact_error(&[&good[..], b"x"].concat());
    assert_eq!(e.path(), "header.body_length");
    assert!(matches!(e.kind, CompactErrorKind::LengthMismatch { .. }));
    let e = compact_error(&good[..good.len() - 1]);
    assert!(matches!(e.kind, CompactErrorKind::LengthMismatch { .. }));
    let e = compact_error(&good[..12]);
    assert!(matches!(e.kind, CompactErrorKind::Truncated { .. }), "{e}");
}

#[test]
fn limits_apply_to_compact_bytes() {
    let good = golden();
    let small = Limits {
        max_bytes: good.len() - 1,
        ..Limits::default()
    };
    let e = Catalogue::from_compact_with_limits(&good, &small).unwrap_err();
    assert!(matches!(e, CatalogueError::TooLarge { .. }));
    assert_eq!(Error::from(e).code(), "limit_exceeded");
    let few = Limits {
        max_records: 10,
        ..Limits::default()
    };
    let e = Catalogue::from_compact_with_limits(&good, &few).unwrap_err();
    let CatalogueError::Compact(ce) = &e else {
        panic!("{e:?}")
    };
    assert!(matches!(
        ce.kind,
        CompactErrorKind::TooManyRecords { limit: 10, .. }
    ));
    assert_eq!(ce.path(), "branches.count", "{ce}");
    assert_eq!(Error::from(e).code(), "limit_exceeded");
    // Text limits are the validation's, as for JSON.
    let short = Limits {
        max_text_chars: 8,
        ..Limits::default()
    };
    let e = Catalogue::from_compact_with_limits(&good, &short).unwrap_err();
    let CatalogueError::Invalid { problems } = e else {
        panic!("{e:?}")
    };
    let json =
        Catalogue::from_json_with_limits(waystation::catalogue::SAMPLE_CATALOGUE_JSON, &short)
            .unwrap_err();
    let CatalogueError::Invalid { problems: json } = json else {
        panic!()
    };
    assert_eq!(problems, json, "the same problems as from JSON");
}

/// Walks the documented layout to the first column (`id`) of section `tag`: its byte range.
fn first_column(bytes: &[u8], tag: u8) -> std::ops::Range<usize> {
    let varint = |at: &mut usize| {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = bytes[*at];
            *at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
        }
        v as usize
    };
    let mut at = 16;
    loop {
        let len = u32::from_le_bytes(bytes[at + 1..at + 5].try_into().unwrap()) as usize;
        if bytes[at] == tag {
            let mut p = at + 5;
            varint(&mut p); // record count
            p += 1; // column count
            let n = u32::from_le_bytes(bytes[p..p + 4].try_into().unwrap()) as usize;
            return p + 4..p + 4 + n;
        }
        at += 5 + len;
    }
}

#[test]
fn semantic_rules_are_the_json_rules() {
    // Station ids are stored as (bytes shared with the previous id, rest): make one id equal
    // to the one before it by editing its last byte.
    let good = golden();
    let ids = first_column(&good, 10);
    let mut at = ids.start;
    let mut prev: Vec<u8> = Vec::new();
    let mut record = 0;
    let target = loop {
        assert!(
            at < ids.end,
            "no station id differs from the previous in its last byte"
        );
        let (shared, len) = (good[at] as usize, good[at + 1] as usize);
        let rest = &good[at + 2..at + 2 + len];
        let mut id = prev[..shared].to_vec();
        id.extend_from_slice(rest);
        if len == 1 && shared + 1 == prev.len() {
            break (at + 2, *prev.last().unwrap(), record);
        }
        prev = id;
        record += 1;
        at += 2 + len;
    };
    let mut bad = good.clone();
    bad[target.0] = target.1;
    match Catalogue::from_compact(&bad) {
        Err(CatalogueError::Invalid { problems }) => {
            let path = format!("stations[{}].id", target.2);
            assert!(
                problems
                    .iter()
                    .any(|p| p.path == path && p.message.contains("duplicate id")),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// The generated seeds of the `compact` fuzz target: name, seed, outlets, stations, datums,
/// texts, optional parts.
const VARIED_SEEDS: [(&str, u64, usize, usize, DatumMix, TextStyle, bool); 6] = [
    (
        "varied-all-wgs84",
        1,
        6,
        4,
        DatumMix::AllWgs84,
        TextStyle::Plain,
        false,
    ),
    (
        "varied-one-wgs84",
        2,
        1,
        1,
        DatumMix::AllWgs84,
        TextStyle::Cjk,
        false,
    ),
    (
        "varied-all-gcj02-long",
        3,
        3,
        2,
        DatumMix::AllGcj02,
        TextStyle::Long,
        false,
    ),
    (
        "varied-all-bd09-escapes",
        4,
        4,
        4,
        DatumMix::AllBd09,
        TextStyle::Escapes,
        false,
    ),
    (
        "varied-mixed",
        5,
        10,
        7,
        DatumMix::Mixed,
        TextStyle::Mixed,
        true,
    ),
    (
        "varied-empty",
        6,
        0,
        0,
        DatumMix::AllWgs84,
        TextStyle::EmptyOptional,
        false,
    ),
];

/// The seed corpus of the `compact` fuzz target (fuzz/corpus/compact/), rewritten with
/// `WAYSTATION_BLESS=1`: the golden sample, small catalogues (from JSON and generated), and a
/// few broken headers.
#[test]
fn fuzz_seeds_are_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let load = |name: &str| {
        let text =
            std::fs::read_to_string(root.join("fuzz/corpus/catalogue_json").join(name)).unwrap();
        Catalogue::from_json(&text).unwrap().to_compact()
    };
    let sample = golden();
    let mut next = load("one-station.json");
    next[8] = 99;
    let mut seeds: Vec<(String, Vec<u8>)> = vec![
        ("sample.wscat".into(), sample.clone()),
        ("minimal.wscat".into(), load("minimal.json")),
        ("one-station.wscat".into(), load("one-station.json")),
        ("version-99.wscat".into(), next),
        (
            "truncated.wscat".into(),
            sample[..sample.len() / 3].to_vec(),
        ),
    ];
    // Small generated catalogues of every datum mix (all WGS-84 among them: an empty `wgs84`
    // column), of the text styles and with and without optional parts.
    for (name, seed, outlets, stations, datums, texts, optional) in VARIED_SEEDS {
        let config = VariedConfig {
            seed,
            outlets,
            stations,
            datums,
            texts,
            optional,
            max_text_chars: 64,
        };
        let doc = varied_catalogue(&config).unwrap();
        let bytes = Catalogue::from_document(doc, &Limits::default())
            .unwrap()
            .to_compact();
        assert!(bytes.len() < 8192, "{name}: {} bytes", bytes.len());
        seeds.push((format!("{name}.wscat"), bytes));
    }
    let dir = root.join("fuzz/corpus/compact");
    for (name, bytes) in seeds {
        if std::env::var_os("WAYSTATION_BLESS").is_some() {
            std::fs::write(dir.join(&name), &bytes).unwrap();
        }
        assert_eq!(
            std::fs::read(dir.join(&name)).unwrap(),
            bytes,
            "{name}: re-bless"
        );
    }
}

/// Loads damaged bytes: a typed error, or a valid catalogue that writes and reloads equal.
fn load_damaged(bytes: &[u8]) -> bool {
    match Catalogue::from_compact(bytes) {
        Ok(c) => {
            let again = Catalogue::from_compact(&c.to_compact()).unwrap();
            assert_eq!(again.document(), c.document());
            true
        }
        Err(e) => {
            // Every error converts to a public error with a code and a message.
            let public = Error::from(e.clone());
            assert!(!public.to_string().is_empty());
            if let CatalogueError::Compact(ce) = &e {
                assert!(ce.offset as usize <= bytes.len(), "{ce}");
            }
            false
        }
    }
}

#[test]
fn damaged_bytes_never_panic() {
    let good = golden();
    // Every truncation is an error (the header declares the body length).
    for n in 0..good.len() {
        assert!(Catalogue::from_compact(&good[..n]).is_err(), "cut at {n}");
    }
    // Truncations with the declared length fixed: the sections must notice.
    let step = (good.len() / 400).max(1);
    for n in (16..good.len()).step_by(step) {
        let mut cut = good[..n].to_vec();
        let len = (n - 16) as u32;
        cut[12..16].copy_from_slice(&len.to_le_bytes());
        assert!(Catalogue::from_compact(&cut).is_err(), "cut at {n}");
    }
    // Flipped bits and bytes at many offsets (every byte of the header and the start of the
    // sections, then spread over the rest).
    let mut loaded = 0;
    let mut failed = 0;
    let step = (good.len() / 1200).max(1);
    let offsets = (0..good.len().min(400)).chain((400..good.len()).step_by(step));
    for at in offsets {
        for mask in [0x01u8, 0x80, 0xff] {
            if mask != 0x01 && at % 3 != 0 {
                continue;
            }
            let mut bad = good.clone();
            bad[at] ^= mask;
            if load_damaged(&bad) {
                loaded += 1;
            } else {
                failed += 1;
            }
        }
    }
    assert!(failed > 0 && loaded > 0, "{failed} failed, {loaded} loaded");
    // Large lengths and counts are refused before anything is allocated for them.
    for at in (16..good.len() - 4).step_by(step * 3) {
        let mut bad = good.clone();
        bad[at..at + 4].copy_from_slice(&[0xff, 0xff, 0xff, 0x7f]);
        load_damaged(&bad);
    }
}

/// The defect as users met it: a catalogue whose outlets are all, or all but one, in WGS-84
/// (GPS-sourced data) loads from its own compact form, and a correctly signed
/// `catalogue_compact` bundle of it verifies and loads, directly and through the request API
/// every binding answers with.
#[test]
fn signed_compact_bundles_of_wgs84_catalogues_load() {
    use base64::Engine as _;
    use waystation::bundles::{
        sign_bundle, verify_bundle, BundleMetadata, BundleSigningKey, PayloadFormat, VerifyOptions,
    };
    let sample = Catalogue::sample().unwrap();
    let mut all = sample.document().clone();
    for o in &mut all.outlets {
        o.location = o.location.to_datum(Datum::Wgs84);
    }
    let mut all_but_one = all.clone();
    all_but_one.outlets[0].location = sample.document().outlets[0].location;
    let key = BundleSigningKey::from_seed("k1", [9; 32]).unwrap();
    let meta = BundleMetadata {
        payload_format: PayloadFormat::CatalogueCompact,
        ..BundleMetadata::new(
            "k1",
            7,
            "2026-01-01T00:00:00+08:00".parse().unwrap(),
            "2027-01-01T00:00:00+08:00".parse().unwrap(),
        )
    };
    let now = "2026-07-01T10:00:00+08:00";
    for doc in [all, all_but_one] {
        let c = Catalogue::from_document(doc, &Limits::default()).unwrap();
        let compact = c.to_compact();
        assert_eq!(
            Catalogue::from_compact(&compact).unwrap().document(),
            c.document()
        );
        let bundle = sign_bundle(&compact, &meta, &key).unwrap();
        let options = VerifyOptions::new(7, now.parse().unwrap());
        let verified = verify_bundle(&bundle, &[key.trusted_key()], &options).unwrap();
        assert_eq!(verified.catalogue.document(), c.document());
        let request = serde_json::json!({
            "op": "verify_bundle",
            "bundle": base64::engine::general_purpose::STANDARD.encode(&bundle),
            "trusted_keys": [{"key_id": "k1", "public_key": key.trusted_key().public_key_base64()}],
            "min_version": 7,
            "now": now,
        });
        let answer: serde_json::Value = serde_json::from_str(&waystation::requests::respond(
            &sample,
            &request.to_string(),
        ))
        .unwrap();
        assert_eq!(
            answer["ok"]["payload_format"], "catalogue_compact",
            "{answer}"
        );
        assert_eq!(answer["ok"]["catalogue"]["outlets"], 42, "{answer}");
    }
}
