// The malformed-input corpus (tests/malformed/, see its README) through the binding's `respond`:
// every file must yield its typed error (code, and path where the manifest gives one), and the
// instance must stay usable afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Catalogue } from "waystation";

const dir = new URL("../../../tests/malformed/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", dir), "utf8"));
const catalogue = Catalogue.sample();

function requestFor(c) {
  const entry = manifest.entries[c.entry];
  const data = readFileSync(new URL(c.file, dir));
  const insert = {
    raw: () => data.toString("utf8"),
    string: () => JSON.stringify(data.toString("utf8")),
    base64: () => JSON.stringify(data.toString("base64")),
  }[entry.insert]();
  return entry.template.replace("@FILE@", () => insert).padEnd(c.pad_to_bytes ?? 0, " ");
}

test("the corpus is there", () => assert.ok(manifest.cases.length >= 50));

for (const c of manifest.cases) {
  test(`malformed ${c.file}`, () => {
    const answer = JSON.parse(catalogue.respond(requestFor(c)));
    if (c.issue) {
      assert.ok(answer.ok, JSON.stringify(answer).slice(0, 300));
      assert.ok(answer.ok.some((i) => i.code === c.issue));
    } else {
      assert.ok(answer.error, JSON.stringify(answer).slice(0, 300));
      assert.equal(answer.error.code, c.code);
      if (c.path !== undefined) assert.equal(answer.error.path, c.path);
    }
    assert.ok(JSON.parse(catalogue.respond('{"op": "catalogue_info"}')).ok);
  });
}
