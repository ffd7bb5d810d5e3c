// Every op of the request API has its typed export in the package (bindings/parity.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as waystation from "waystation";

const { ops } = JSON.parse(readFileSync(new URL("../../parity.json", import.meta.url), "utf8"));

test("every op of the request API has a typed export", () => {
  assert.ok(Object.keys(ops).length >= 20);
  const missing = [];
  for (const [op, { js }] of Object.entries(ops)) {
    const [owner, name] = js.includes(".") ? js.split(".") : [null, js];
    const found = owner
      ? typeof waystation[owner]?.prototype?.[name] === "function" || typeof waystation[owner]?.[name] === "function"
      : typeof waystation[name] === "function";
    if (!found) missing.push(`${op}: ${js}`);
  }
  assert.deepEqual(missing, []);
});

test("Catalogue.info: the catalogue in numbers, as the catalogue_info op answers", () => {
  const catalogue = waystation.Catalogue.sample();
  const info = catalogue.info();
  const viaRespond = JSON.parse(catalogue.respond('{"op":"catalogue_info"}')).ok;
  assert.equal(info.stations, viaRespond.stations);
  assert.equal(info.networkId, viaRespond.network_id);
  assert.deepEqual(info.calendarYears, viaRespond.calendar_years);
  assert.equal(info.sample, true);
});
