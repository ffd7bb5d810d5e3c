// The shared conformance cases (tests/conformance/*.json) through the binding's `respond`, on the
// embedded sample catalogue; numbers equal within 1e-7 absolute + 1e-9 relative, all else equal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { Catalogue } from "waystation";

const dir = new URL("../../../tests/conformance/", import.meta.url);
const catalogue = Catalogue.sample();

function same(actual, expected, path) {
  if (typeof expected === "number" && typeof actual === "number") {
    const ok = Math.abs(actual - expected) <= 1e-7 + 1e-9 * Math.abs(expected);
    return ok ? null : `${path}: ${actual} != ${expected}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: array length differs`;
    for (let i = 0; i < expected.length; i++) {
      const d = same(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return `${path}: not an object`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) {
      if (!(k in actual)) return `${path}.${k}: missing`;
      if (!(k in expected)) return `${path}.${k}: unexpected`;
      const d = same(actual[k], expected[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return actual === expected ? null : `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
}

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
