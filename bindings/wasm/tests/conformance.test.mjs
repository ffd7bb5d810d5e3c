// The shared conformance cases (tests/conformance/*.json) through the binding's `respond`, on the
// embedded sample catalogue; numbers equal within 1e-7 absolute + 1e-9 relative, all else equal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { Catalogue } from "waystation";
import { same } from "./same.mjs";

const dir = new URL("../../../tests/conformance/", import.meta.url);
const catalogue = Catalogue.sample();

const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
test("conformance files exist", () => assert.ok(files.length > 0));
for (const file of files) {
  const { cases } = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      const answer = JSON.parse(catalogue.respond(JSON.stringify(c.request)));
      const diff = same(answer, c.expected, "$");
      assert.equal(diff, null, diff ?? "");
    });
  }
}
