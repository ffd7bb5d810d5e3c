// The shared conformance cases (tests/conformance/*.json) in headless Chromium, through the web
// build's typed API: the page imports the package as a browser does (`init()` fetching the
// `.wasm`) and the same driver as the Node suite (typed_driver.mjs), runs every case of an op
// with a typed export and hands back the differences. So every answer compares equal in Rust,
// Python, Node and the browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { startDemo, stopDemo, open, page, problems } from "./harness.mjs";

const dir = new URL("../../../../tests/conformance/", import.meta.url);
const cases = readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
  .flatMap((file) => JSON.parse(readFileSync(new URL(file, dir), "utf8")).cases.map((c) => ({ file, ...c })));

// A copy of a case with a wrong recorded answer: the page must find the difference (a check that
// the comparison in the page can fail).
const original = cases.find((c) => c.request.op === "distance" && typeof c.expected.ok === "number");
const mutant = { ...original, file: "(mutant)", expected: { ok: original.expected.ok + 1 } };

before(startDemo);
after(stopDemo);

test("conformance: every case gives the recorded answer in Chromium through the typed API", async () => {
  await open("desktop", "en");
  const results = await page.evaluate(async (all) => {
    const pkg = await import("/bindings/wasm/pkg/web/waystation_wasm.js");
    await pkg.default();
    const { driver, runCases } = await import("/bindings/wasm/tests/typed_driver.mjs");
    const d = driver(pkg);
    try {
      return { ran: runCases(d, all), browser: navigator.userAgent };
    } finally {
      d.free();
    }
  }, [...cases, mutant]);
  assert.match(results.browser, /Chrome/);
  const caught = results.ran.find((r) => r.file === "(mutant)");
  assert.match(caught?.diff ?? "", /!=/, "the wrong answer of the mutant case was not found");
  results.ran = results.ran.filter((r) => r !== caught);
  const failed = results.ran.filter((r) => r.diff !== null).map((r) => `${r.file}: ${r.name}: ${r.diff}`);
  assert.deepEqual(failed, []);
  // Every case ran but those of an op the API does not have (whose answer is an error at `op`).
  const skipped = cases.filter((c) => !results.ran.some((r) => r.file === c.file && r.name === c.name));
  assert.ok(results.ran.length >= 100, `${results.ran.length} cases`);
  for (const c of skipped) assert.equal(c.expected.error?.path, "op", c.name);
});

test("conformance page: no console errors, no failed or external requests", () => {
  assert.deepEqual(problems, []);
});
