// Signed catalogue bundles through `verifyBundle`: success (with key rotation and re-installing
// the same version) and each rejection with its code and path. The bundles are built here with
// node:crypto's Ed25519, following the byte format documented in the core's `bundles` module —
// an independent writer of the format.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { Catalogue, verifyBundle } from "waystation";

const SAMPLE = readFileSync(
  new URL("../../../crates/waystation-core/data/sample-catalogue.json", import.meta.url));
const NOW = "2026-07-01T10:00:00+08:00";
const ISSUED = "2026-06-01T09:00:00+08:00";
const EXPIRES = "2026-12-31T00:00:00+08:00";

function keyPair(id) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  return { id, privateKey, trusted: { keyId: id, publicKey: raw.toString("base64") } };
}
const BANK = keyPair("bank-2026a");
const NEXT = keyPair("bank-2026b");
const OTHER = keyPair("bank-2026a"); // same id, different key: a forgery

const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

/** Bundle bytes: magic, format version, header length + JSON, payload length + bytes, signature. */
function bundle({
  key = BANK, keyId = key.id, version = 42, issuedAt = ISSUED, expiresAt = EXPIRES,
  payload = SAMPLE, format = "catalogue_json", formatVersion = 1, header,
} = {}) {
  const head = Buffer.from(header ?? JSON.stringify({
    key_id: keyId, version, issued_at: issuedAt, expires_at: expiresAt, payload_format: format,
  }));
  const signed = Buffer.concat([Buffer.from("WSBUNDLE"), Buffer.from([formatVersion]),
    u32(head.length), head, u32(payload.length), Buffer.from(payload)]);
  return new Uint8Array(Buffer.concat([signed, sign(null, signed, key.privateKey)]));
}

/** Runs `f`, expects a WaystationError with these fields; returns it. */
function rejects(f, fields) {
  let error;
  try { f(); } catch (e) { error = e; }
  assert.ok(error instanceof Error, "expected a rejection");
  assert.equal(error.name, "WaystationError", error.message);
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(error[k], v, `${k} of: ${error.message}`);
  return error;
}

test("a good bundle yields its metadata and a usable catalogue", () => {
  const { metadata, catalogue } = verifyBundle(bundle(), [BANK.trusted], 41, NOW);
  assert.deepEqual(metadata, {
    keyId: "bank-2026a", version: 42, issuedAt: ISSUED, expiresAt: EXPIRES,
    payloadFormat: "catalogue_json",
  });
  assert.ok(catalogue instanceof Catalogue);
  const sample = Catalogue.fromJson(SAMPLE.toString("utf8"));
  assert.equal(catalogue.version, sample.version);
  assert.equal(catalogue.dayKind("2026-02-14"), "makeup_workday");
  assert.ok(catalogue.nearby({ position: { lat: 36.6512, lon: 117.1201, datum: "gcj02" }, at: NOW }).length > 0);
  catalogue.free();
  sample.free();
});

test("the same version again, a Date for now, snake_case keys, key rotation", () => {
  verifyBundle(bundle(), [BANK.trusted], 42, new Date("2026-07-01T02:00:00Z")).catalogue.free();
  const snake = { key_id: BANK.id, public_key: BANK.trusted.publicKey };
  verifyBundle(bundle(), [snake], 0, NOW).catalogue.free();
  const rotated = verifyBundle(bundle({ key: NEXT }), [BANK.trusted, NEXT.trusted], 42, NOW);
  assert.equal(rotated.metadata.keyId, "bank-2026b");
  rotated.catalogue.free();
});

test("structure: truncated, trailing bytes, wrong magic, bad header → invalid_input at bundle", () => {
  const good = bundle();
  for (const n of [0, 5, 8, 12, 40, good.length - 1]) {
    rejects(() => verifyBundle(good.subarray(0, n), [BANK.trusted], 0, NOW), { code: "invalid_input", path: "bundle" });
  }
  const trailing = new Uint8Array([...good, 0]);
  rejects(() => verifyBundle(trailing, [BANK.trusted], 0, NOW), { code: "invalid_input", path: "bundle" });
  const magic = good.slice(); magic[0] = 0x58;
  rejects(() => verifyBundle(magic, [BANK.trusted], 0, NOW), { code: "invalid_input", path: "bundle" });
  rejects(() => verifyBundle(bundle({ header: "{\"key_id\": \"bank-2026a\"}" }), [BANK.trusted], 0, NOW),
    { code: "invalid_input", path: "bundle" });
});

test("a bundle format version this version does not read → unsupported", () => {
  rejects(() => verifyBundle(bundle({ formatVersion: 2 }), [BANK.trusted], 0, NOW), { code: "unsupported" });
});

test("a compact catalogue payload loads; a JSON payload labelled compact does not", () => {
  const json = Catalogue.sample();
  const compact = json.toCompact();
  const { metadata, catalogue } = verifyBundle(
    bundle({ format: "catalogue_compact", payload: compact }), [BANK.trusted], 41, NOW);
  assert.equal(metadata.payloadFormat, "catalogue_compact");
  assert.equal(catalogue.toJson(), json.toJson());
  rejects(() => verifyBundle(bundle({ format: "catalogue_compact" }), [BANK.trusted], 0, NOW),
    { code: "invalid_input", path: "bundle.payload.header.magic" });
  const future = compact.slice(); future[8] = 99;
  rejects(() => verifyBundle(bundle({ format: "catalogue_compact", payload: future }), [BANK.trusted], 0, NOW),
    { code: "unsupported" });
});

test("an untrusted key → not_found trusted_key", () => {
  rejects(() => verifyBundle(bundle({ key: NEXT }), [BANK.trusted], 0, NOW),
    { code: "not_found", kind: "trusted_key", id: "bank-2026b" });
  rejects(() => verifyBundle(bundle(), [], 0, NOW), { code: "not_found", kind: "trusted_key" });
});

test("a bad signature: altered payload, altered header, forged key → bundle.signature", () => {
  const good = bundle();
  const payloadByte = good.slice(); payloadByte[good.length - 100] ^= 1;
  rejects(() => verifyBundle(payloadByte, [BANK.trusted], 0, NOW), { code: "invalid_input", path: "bundle.signature" });
  const signatureByte = good.slice(); signatureByte[good.length - 1] ^= 1;
  rejects(() => verifyBundle(signatureByte, [BANK.trusted], 0, NOW), { code: "invalid_input", path: "bundle.signature" });
  // Raising the version in the header without re-signing (same length: "42" → "99").
  const text = Buffer.from(good).toString("latin1").replace('"version":42', '"version":99');
  const raised = new Uint8Array(Buffer.from(text, "latin1"));
  rejects(() => verifyBundle(raised, [BANK.trusted], 0, NOW), { code: "invalid_input", path: "bundle.signature" });
  rejects(() => verifyBundle(bundle({ key: OTHER }), [BANK.trusted], 0, NOW), { code: "invalid_input", path: "bundle.signature" });
});

test("validity: expired, empty period, issued in the future", () => {
  rejects(() => verifyBundle(bundle({ expiresAt: "2026-06-30T00:00:00+08:00" }), [BANK.trusted], 0, NOW),
    { code: "invalid_input", path: "bundle.expires_at" });
  // Expiry is exclusive: expiring exactly at `now` is expired.
  rejects(() => verifyBundle(bundle({ expiresAt: NOW }), [BANK.trusted], 0, NOW),
    { code: "invalid_input", path: "bundle.expires_at" });
  rejects(() => verifyBundle(bundle({ expiresAt: ISSUED }), [BANK.trusted], 0, NOW),
    { code: "invalid_input", path: "bundle.expires_at" });
  rejects(() => verifyBundle(bundle({ issuedAt: "2026-07-01T10:06:00+08:00" }), [BANK.trusted], 0, NOW),
    { code: "invalid_input", path: "bundle.issued_at" });
  // Up to five minutes of clock skew is accepted.
  verifyBundle(bundle({ issuedAt: "2026-07-01T10:04:00+08:00" }), [BANK.trusted], 0, NOW).catalogue.free();
});

test("rollback: a version older than the installed one → bundle.version", () => {
  rejects(() => verifyBundle(bundle({ version: 41 }), [BANK.trusted], 42, NOW),
    { code: "invalid_input", path: "bundle.version" });
});

test("a signed payload that is not a valid catalogue: every problem, under bundle.payload", () => {
  const doc = JSON.parse(SAMPLE.toString("utf8"));
  doc.stations[3].services.push("teleport");
  doc.outlets[0].location.lat = 999;
  const e = rejects(() => verifyBundle(bundle({ payload: Buffer.from(JSON.stringify(doc)) }), [BANK.trusted], 0, NOW),
    { code: "invalid_input" });
  assert.ok(e.path.startsWith("bundle.payload"), e.path);
  assert.ok(e.problems.length >= 2);
  const syntax = rejects(() => verifyBundle(bundle({ payload: Buffer.from("{") }), [BANK.trusted], 0, NOW),
    { code: "invalid_input" });
  assert.ok(syntax.path.startsWith("bundle.payload"), syntax.path);
  rejects(() => verifyBundle(bundle({ payload: Buffer.from([0xff, 0xfe]) }), [BANK.trusted], 0, NOW),
    { code: "invalid_input" });
});

test("too large → limit_exceeded", () => {
  rejects(() => verifyBundle(new Uint8Array(64 * 1024 * 1024 + 1), [BANK.trusted], 0, NOW), { code: "limit_exceeded" });
});

test("bad arguments: trusted keys, minVersion, now", () => {
  const good = bundle();
  rejects(() => verifyBundle(good, [{ keyId: "k", publicKey: "not base64!" }], 0, NOW),
    { code: "invalid_input", path: "trusted_keys[0]" });
  rejects(() => verifyBundle(good, [BANK.trusted, { keyId: "k", publicKey: "AAAA" }], 0, NOW),
    { code: "invalid_input", path: "trusted_keys[1]" });
  rejects(() => verifyBundle(good, [BANK.trusted, BANK.trusted], 0, NOW),
    { code: "invalid_input", path: "trusted_keys[1]" });
  rejects(() => verifyBundle(good, [{ ...BANK.trusted, keyId: "bad id!" }], 0, NOW),
    { code: "invalid_input", path: "trusted_keys[0]" });
  const e = rejects(() => verifyBundle(good, [{ keyId: "k" }], 0, NOW), { code: "invalid_input" });
  assert.ok(e.path.startsWith("trusted_keys"), e.path);
  rejects(() => verifyBundle(good, "bank-2026a", 0, NOW), { code: "invalid_input", path: "trusted_keys" });
  rejects(() => verifyBundle(good, [BANK.trusted], -1, NOW), { code: "invalid_input", path: "min_version" });
  rejects(() => verifyBundle(good, [BANK.trusted], 1.5, NOW), { code: "invalid_input", path: "min_version" });
  rejects(() => verifyBundle(good, [BANK.trusted], undefined, NOW), { code: "invalid_input", path: "min_version" });
  rejects(() => verifyBundle(good, [BANK.trusted], 0, "soon"), { code: "invalid_input", path: "now" });
  // Not bytes at all: the generated glue throws a TypeError; the instance stays usable.
  assert.throws(() => verifyBundle(undefined, [BANK.trusted], 0, NOW));
  verifyBundle(good, [BANK.trusted], 0, NOW).catalogue.free();
});
