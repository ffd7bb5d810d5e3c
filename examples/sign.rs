//! The back office's bundle tool: generate a key pair, sign a catalogue, verify a bundle.
//!
//! ```text
//! cargo run --example sign -- keygen --key-id bank-2026a --out keys/bank-2026a
//!     writes keys/bank-2026a.secret (keep it secret, mode 0600) and keys/bank-2026a.pub
//! cargo run --example sign -- sign --key keys/bank-2026a.secret --catalogue catalogue.json \
//!     --version 42 --expires 2026-12-31T00:00:00+08:00 [--issued RFC3339 (default now)] \
//!     --out catalogue.wsb
//!     validates the catalogue first; refuses to sign one with problems
//! cargo run --example sign -- verify --bundle catalogue.wsb --trust keys/bank-2026a.pub \
//!     [--trust keys/bank-2025b.pub …] [--min-version 41] [--at RFC3339 (default now)]
//!     exit status 0 when the bundle would be accepted by an app, 1 with the reason otherwise
//! ```
//!
//! Key files are the text form documented in `waystation::bundles` (`type:`, `key_id:`,
//! `public_key:` / `secret_key:` lines, base64). For the JSON request API, send the bundle as
//! base64 (`base64 -w0 catalogue.wsb`) in `{"op": "verify_bundle", …}`.

use std::path::Path;
use std::process::ExitCode;

use waystation::bundles::{
    read_unverified_metadata, sign_bundle, verify_bundle, BundleMetadata, BundleSigningKey,
    TrustedKey, VerifyOptions,
};
use waystation::catalogue::{Catalogue, CatalogueError};
use waystation::time::{to_china, ChinaTime};

const USAGE: &str = "usage:
  sign keygen --key-id ID --out PATH_PREFIX
  sign sign --key SECRET_FILE --catalogue CATALOGUE_JSON --version N --expires RFC3339
            [--issued RFC3339] --out BUNDLE_FILE
  sign verify --bundle BUNDLE_FILE --trust PUBLIC_FILE [--trust PUBLIC_FILE …]
            [--min-version N] [--at RFC3339]";

fn now() -> ChinaTime {
    // The host reads the clock; the library never does.
    to_china(chrono::DateTime::<chrono::Utc>::from(
        std::time::SystemTime::now(),
    ))
}

fn parse_time(flag: &str, s: &str) -> Result<ChinaTime, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|e| format!("{flag}: {s:?} is not an RFC 3339 time: {e}"))
}

/// `--flag value` pairs; `--trust` may repeat.
struct Flags(Vec<(String, String)>);

impl Flags {
    fn parse(args: impl Iterator<Item = String>) -> Result<Flags, String> {
        let mut out = Vec::new();
        let mut args = args.peekable();
        while let Some(flag) = args.next() {
            if !flag.starts_with("--") {
                return Err(format!("unexpected argument {flag:?}"));
            }
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            out.push((flag, value));
        }
        Ok(Flags(out))
    }

    fn all(&self, flag: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(f, _)| f == flag)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn opt(&self, flag: &str) -> Option<&str> {
        self.all(flag).last().copied()
    }

    fn req(&self, flag: &str) -> Result<&str, String> {
        self.opt(flag).ok_or_else(|| format!("{flag} is required"))
    }

    fn only(&self, allowed: &[&str]) -> Result<(), String> {
        match self.0.iter().find(|(f, _)| !allowed.contains(&f.as_str())) {
            Some((f, _)) => Err(format!("unknown option {f}")),
            None => Ok(()),
        }
    }
}

fn read_text(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn write_new(path: &str, bytes: &[u8], secret: bool) -> Result<(), String> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot create {path} (existing files are never overwritten): {e}"))?;
    file.write_all(bytes)
        .map_err(|e| format!("cannot write {path}: {e}"))
}

fn keygen(flags: &Flags) -> Result<(), String> {
    flags.only(&["--key-id", "--out"])?;
    let key_id = flags.req("--key-id")?;
    let out = flags.req("--out")?;
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no randomness from the system: {e}"))?;
    let key = BundleSigningKey::from_seed(key_id, seed).map_err(|e| e.to_string())?;
    let (secret_path, public_path) = (format!("{out}.secret"), format!("{out}.pub"));
    if Path::new(&public_path).exists() {
        return Err(format!("{public_path} exists; choose another --out"));
    }
    write_new(&secret_path, key.to_text().as_bytes(), true)?;
    write_new(&public_path, key.trusted_key().to_text().as_bytes(), false)?;
    println!("secret key: {secret_path} (keep it in the back office)");
    println!("public key: {public_path} (give it to apps to trust)");
    println!(
        "key id {}, public key {}",
        key.key_id(),
        key.trusted_key().public_key_base64()
    );
    Ok(())
}

fn sign(flags: &Flags) -> Result<(), String> {
    flags.only(&[
        "--key",
        "--catalogue",
        "--version",
        "--expires",
        "--issued",
        "--out",
    ])?;
    let key = BundleSigningKey::from_text(&read_text(flags.req("--key")?)?)
        .map_err(|e| format!("{}: {e}", flags.opt("--key").unwrap_or_default()))?;
    let catalogue_path = flags.req("--catalogue")?;
    let catalogue = read_text(catalogue_path)?;
    // Never sign a catalogue an app would refuse.
    if let Err(e) = Catalogue::from_json(&catalogue) {
        let mut message = format!("{catalogue_path} is not a valid catalogue: {e}");
        if let CatalogueError::Invalid { problems } = &e {
            for p in problems {
                message.push_str(&format!("\n  {p}"));
            }
        }
        return Err(message);
    }
    let version: u64 = flags
        .req("--version")?
        .parse()
        .map_err(|e| format!("--version: {e}"))?;
    let version = i64::try_from(version)
        .ok()
        .filter(|v| *v <= waystation::json::MAX_VERSION)
        .ok_or("--version: at most 9007199254740991 (2^53 - 1)")?;
    let expires = parse_time("--expires", flags.req("--expires")?)?;
    let issued = match flags.opt("--issued") {
        Some(s) => parse_time("--issued", s)?,
        None => now(),
    };
    let metadata = BundleMetadata::new(key.key_id(), version, issued, expires);
    let bytes = sign_bundle(catalogue.as_bytes(), &metadata, &key).map_err(|e| e.to_string())?;
    let out = flags.req("--out")?;
    write_new(out, &bytes, false)?;
    println!(
        "signed {catalogue_path} as {out}: {} bytes, key {}, version {version}, valid {} to {}",
        bytes.len(),
        key.key_id(),
        issued.to_rfc3339(),
        expires.to_rfc3339()
    );
    Ok(())
}

fn verify(flags: &Flags) -> Result<(), String> {
    flags.only(&["--bundle", "--trust", "--min-version", "--at"])?;
    let path = flags.req("--bundle")?;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut trusted = Vec::new();
    for file in flags.all("--trust") {
        trusted.push(TrustedKey::from_text(&read_text(file)?).map_err(|e| format!("{file}: {e}"))?);
    }
    if trusted.is_empty() {
        return Err("give at least one --trust PUBLIC_FILE".into());
    }
    let min_version: u64 = match flags.opt("--min-version") {
        Some(v) => v.parse().map_err(|e| format!("--min-version: {e}"))?,
        None => 0,
    };
    let min_version = i64::try_from(min_version)
        .ok()
        .filter(|v| *v <= waystation::json::MAX_VERSION)
        .ok_or("--min-version: at most 9007199254740991 (2^53 - 1)")?;
    let at = match flags.opt("--at") {
        Some(s) => parse_time("--at", s)?,
        None => now(),
    };
    match verify_bundle(&bytes, &trusted, &VerifyOptions::new(min_version, at)) {
        Ok(v) => {
            let m = &v.metadata;
            println!("OK: {path}");
            println!("  key {}  version {}", m.key_id, m.version);
            println!(
                "  valid {} to {}",
                m.issued_at.to_rfc3339(),
                m.expires_at.to_rfc3339()
            );
            let d = v.catalogue.document();
            println!(
                "  catalogue {:?}: {} stations, {} outlets, {} branches",
                d.version,
                d.stations.len(),
                d.outlets.len(),
                d.branches.len()
            );
            Ok(())
        }
        Err(e) => {
            let mut message = format!("REJECTED: {path}: {e}");
            if let Ok(m) = read_unverified_metadata(&bytes) {
                message.push_str(&format!(
                    "\n  (unverified header: key {}, version {})",
                    m.key_id, m.version
                ));
            }
            Err(message)
        }
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let result = Flags::parse(args).and_then(|flags| match command.as_str() {
        "keygen" => keygen(&flags),
        "sign" => sign(&flags),
        "verify" => verify(&flags),
        _ => Err(USAGE.to_string()),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
