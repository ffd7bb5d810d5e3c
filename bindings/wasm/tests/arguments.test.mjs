// Every export called with arguments of the wrong type: the library's `invalid_input` error,
// naming the argument, never a JS TypeError and never a trap of the instance ("memory access
// out of bounds": wasm-bindgen's glue assumes a string where Rust takes &str).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pkg from "waystation";

const { Catalogue } = pkg;
const catalogue = Catalogue.sample();

// Values no parameter takes where a string, a number, bytes or a record goes.
const WRONG = [5, "x", {}, [], true, null, Symbol("s"), 2 ** 40, -1, 1.5];

function exports() {
  const found = [];
  for (const [name, value] of Object.entries(pkg)) {
    if (typeof value !== "function" || name === "default" || name.startsWith("init")) continue;
    if (value === Catalogue) continue;
    if (/^[A-Z]/.test(name)) continue; // other classes: none take arguments of their own
    found.push([name, value, undefined]);
  }
  for (const name of Object.getOwnPropertyNames(Catalogue)) {
    if (typeof Catalogue[name] === "function" && !["length", "name", "prototype", "__wrap"].includes(name)) {
      found.push([`Catalogue.${name}`, Catalogue[name], Catalogue]);
    }
  }
  for (const name of Object.getOwnPropertyNames(Catalogue.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Catalogue.prototype, name);
    if (name === "constructor" || typeof d.value !== "function" || name.startsWith("__")) continue;
    found.push([`catalogue.${name}`, d.value, catalogue]);
  }
  return found.filter(([, fn]) => fn.length > 0);
}

test("the table covers the API", () => {
  const names = exports().map(([n]) => n);
  for (const n of ["mask", "userMessage", "verifyBundle", "inMainlandChina", "Catalogue.fromJson",
    "Catalogue.fromCompact", "catalogue.stationDetails", "catalogue.eventsBetween", "catalogue.respond"]) {
    assert.ok(names.includes(n), n);
  }
});

for (const [name, fn, self] of exports()) {
  test(`${name}: a wrong type is invalid_input, never a trap`, () => {
    for (const wrong of WRONG) {
      const args = Array.from({ length: fn.length }, () => wrong);
      let answer;
      try {
        answer = fn.apply(self, args);
      } catch (e) {
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${name}(${String(wrong)}): trap ${e}`);
        assert.ok(!(e instanceof TypeError), `${name}(${String(wrong)}): ${e}`);
        // The library's error (a string may be a valid but unknown id: not_found).
        assert.ok(["invalid_input", "not_found"].includes(e.code), `${name}(${String(wrong)}): ${e}`);
        assert.ok(e.userMessage.zh && e.userMessage.en, `${name}(${String(wrong)})`);
        continue;
      }
      // A symbol is of no parameter's type: nothing may answer it (no coercion), except
      // respond, which never throws: the error is its answer.
      if (typeof wrong === "symbol") {
        assert.equal(name, "catalogue.respond", `${name}(symbol) answered ${String(answer)}`);
        assert.equal(JSON.parse(answer).error.code, "invalid_input", `${name}(symbol)`);
      }
    }
    // The instance still answers.
    assert.equal(catalogue.info().stations, 38);
  });
}

test("arguments are strict: no coercion, and the error names the argument", () => {
  const at = "2026-06-10T10:00:00+08:00";
  assert.throws(() => catalogue.stationDetails(5, at), { code: "invalid_input", path: "station_id" });
  // Counts are i32 on every platform; a negative one keeps nothing, as in Python and Kotlin.
  assert.equal(pkg.mask("13800138000", -1, 4), "*******8000");
  assert.throws(() => pkg.mask("13800138000", 2 ** 31, 4), { code: "invalid_input", path: "head" });
  assert.throws(() => pkg.mask("13800138000", 1.5, 4), { code: "invalid_input", path: "head" });
  assert.throws(() => pkg.mask("13800138000", "3", 4), { code: "invalid_input", path: "head" });
  assert.equal(pkg.mask("13800138000", 3, 4), "138****8000");
  assert.throws(() => pkg.inMainlandChina("36.6", 117.1), { code: "invalid_input", path: "lat" });
  assert.throws(() => pkg.inMainlandChina(NaN, 117.1), { code: "invalid_input", path: "lat" });
  assert.throws(() => Catalogue.fromCompact("WSCATBIN"), { code: "invalid_input", path: "bytes" });
  assert.throws(() => Catalogue.fromCompact([87, 83]), { code: "invalid_input", path: "bytes" });
  assert.throws(() => pkg.userMessage(5), { code: "invalid_input", path: "message_key" });
  assert.equal(JSON.parse(catalogue.respond(5)).error.path, "request_json");
  assert.deepEqual(catalogue.eventsBetween(undefined, at, at), catalogue.eventsBetween(null, at, at));
});

test("date and instant arguments are read as strictly as in respond", () => {
  for (const bad of ["2026-2-14", " 2026-02-14", "2026-02-14 ", "26-02-14", "+2026-02-14", "+002026-02-14"]) {
    assert.throws(() => catalogue.dayKind(bad), { code: "invalid_input", path: "date" }, bad);
    const answer = JSON.parse(catalogue.respond(JSON.stringify({ op: "day_kind", date: bad })));
    assert.equal(answer.error.path, "date", bad);
  }
  assert.equal(catalogue.dayKind("2026-02-14"), "makeup_workday");
  for (const bad of ["2026-06-10 10:00:00+08:00", "2026-06-10T10:00:00", "+2026-06-10T10:00:00+08:00"]) {
    assert.throws(() => catalogue.stationStatus("st-jinan-01", bad), { code: "invalid_input", path: "at" }, bad);
  }
  assert.throws(() => catalogue.stationStatus("st-jinan-01", new Date(NaN)), { code: "invalid_input", path: "at" });
  const viaDate = catalogue.stationStatus("st-jinan-01", new Date("2026-06-10T02:00:00Z"));
  const viaText = catalogue.stationStatus("st-jinan-01", "2026-06-10T10:00:00+08:00");
  assert.deepEqual(viaDate, viaText);
});

test("an answer passed back in (describeStatus) is read as strictly as any argument", () => {
  const at = "2026-06-10T10:00:00+08:00";
  const status = catalogue.stationStatus("st-jinan-01", at);
  assert.equal(typeof pkg.describeStatus(status, at, "zh-CN"), "string");
  assert.throws(() => pkg.describeStatus({ ...status, extra: 1 }, at, "zh-CN"), { code: "invalid_input", path: "status.extra" });
});

test("a member given in both spellings is an error, not a silent choice", () => {
  const position = { lat: 36.65, lon: 117.12, datum: "gcj02" };
  const at = "2026-06-10T10:00:00+08:00";
  assert.throws(() => catalogue.nearby({ position, at, radiusM: 1e7, radius_m: 5 }), { code: "invalid_input", path: "query.radius_m" });
  assert.throws(() => catalogue.nearby({ position: { ...position, Lat: 1 }, at }), { code: "invalid_input" });
  // One spelling of each is fine, whichever it is.
  assert.deepEqual(catalogue.nearby({ position, at, radiusM: 5000 }), catalogue.nearby({ position, at, radius_m: 5000 }));
});
