// The compact binary catalogue form through the Node build: the golden file of the sample loads
// to a catalogue answering like the JSON-loaded sample; damaged bytes are errors with a code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Catalogue } from "waystation";
import { readFileSync } from "node:fs";

const GOLDEN = new Uint8Array(
  readFileSync(new URL("../../../tests/compact/sample.wscat", import.meta.url)));
const AT = "2026-06-10T10:00:00+08:00";
const HERE = { lat: 36.6512, lon: 117.1201, datum: "gcj02" };

test("compact: the golden file answers like the JSON-loaded sample", () => {
  const json = Catalogue.sample();
  const compact = Catalogue.fromCompact(GOLDEN);
  assert.equal(compact.version, json.version);
  const bytes = compact.toCompact();
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual(bytes, GOLDEN);
  assert.equal(compact.toJson(), json.toJson());
  const query = { position: HERE, at: AT, needs: ["charging", "drinking_water"], limit: 3 };
  const found = compact.nearby(query);
  assert.ok(found.length > 0);
  assert.deepEqual(found, json.nearby(query));
});

test("compact: damaged bytes are errors with a code and a path", () => {
  assert.throws(() => Catalogue.fromCompact(new TextEncoder().encode("not compact")),
    (e) => e.code === "invalid_input" && e.path === "header.magic");
  const future = GOLDEN.slice(); // a format version from the future (99)
  future[8] = 99;
  assert.throws(() => Catalogue.fromCompact(future), (e) => e.code === "unsupported");
  assert.throws(() => Catalogue.fromCompact(GOLDEN.slice(0, GOLDEN.length >> 1)),
    (e) => e.code === "invalid_input");
});
