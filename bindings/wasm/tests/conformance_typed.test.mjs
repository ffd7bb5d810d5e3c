// The shared conformance cases through the package's typed API under Node (the driver, shared
// with the browser suite, is typed_driver.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as pkg from "waystation";
import { driver, compare } from "./typed_driver.mjs";

const dir = new URL("../../../tests/conformance/", import.meta.url);
const d = driver(pkg);

const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
let checked = 0;
for (const file of files) {
  const { cases } = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
  for (const c of cases) {
    if (!d.has(c.request.op)) continue; // an op the API does not have (a case of its error)
    checked += 1;
    test(`typed ${file}: ${c.name}`, () => {
      const diff = compare(d.answer(c.request), c.expected);
      assert.equal(diff, null, diff ?? "");
    });
  }
}
test("typed conformance: every case of an op with a typed export runs", () => {
  const all = files.flatMap((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")).cases);
  const skipped = all.filter((c) => !d.has(c.request.op));
  assert.ok(checked >= 100, `${checked} cases`);
  for (const c of skipped) assert.equal(c.expected.error?.path, "op", c.name);
});
