// Errors are JS `Error`s with a stable `code` (and `path` for invalid input); no input leaves the
// instance unusable (a panic in WASM would abort the instance).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Catalogue, convertCoordinate, distanceM, parseOpeningHours, openingHoursToOsm,
  validateResidentId, validateCreditCode, checkCourierProfile, loadProductCatalogue,
} from "waystation";

const AT = "2026-06-10T10:00:00+08:00";
const HERE = { lat: 36.6512, lon: 117.1201, datum: "gcj02" };
const catalogue = Catalogue.sample();

/** Runs `f`, expects a WaystationError with these fields. */
function fails(f, fields) {
  let error;
  try { f(); } catch (e) { error = e; }
  assert.ok(error instanceof Error, "expected an Error to be thrown");
  assert.equal(error.name, "WaystationError");
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(error[k], v, `${k} of ${error.message}`);
  assert.equal(typeof error.message, "string");
  return error;
}

test("every error carries a message key and an end-user message in zh-CN and en", () => {
  const bad = fails(() => checkCourierProfile({ residentId: "37010219950612201X" }),
    { code: "invalid_input", messageKey: "error.invalid_field" });
  assert.equal(bad.userMessage.zh, "身份证号码有误，请检查后重试");
  assert.equal(bad.userMessage.en, "The resident ID number is not valid. Please check it and try again.");
  assert.notEqual(bad.message, bad.userMessage.zh, "the developer detail stays apart");
  const nf = fails(() => catalogue.stationStatus("nope", AT), { code: "not_found", messageKey: "error.not_found.station" });
  assert.equal(nf.userMessage.zh, "没有找到这个驿站，它可能已停用");
  const cal = fails(() => catalogue.hoursOn("st-jinan-01", "2031-10-01"), { code: "calendar_unknown", year: 2031 });
  assert.equal(cal.userMessage.zh, "暂时没有2031年的节假日安排，无法确定那天的营业时间");
  fails(() => catalogue.nearby({ position: { ...HERE, lat: 123 }, at: AT }),
    { code: "invalid_input", messageKey: "error.invalid_field", userMessage: { zh: "纬度有误，请检查后重试", en: "The latitude is not valid. Please check it and try again." } });
});

test("invalid input carries the field path", () => {
  fails(() => catalogue.nearby({ position: { ...HERE, lat: 123 }, at: AT }),
    { code: "invalid_input", path: "query.position.lat" });
  fails(() => catalogue.nearby({ position: HERE, at: AT, radiusM: -1 }),
    { code: "invalid_input", path: "query.radius_m" });
  fails(() => catalogue.nearby({ position: HERE, at: "yesterday" }), { code: "invalid_input", path: "query.at" });
  fails(() => catalogue.nearby({ position: HERE, at: AT, bogus: 1 }), { code: "invalid_input" });
  fails(() => catalogue.nearby(undefined), { code: "invalid_input", path: "query" });
  fails(() => catalogue.stationStatus("st-jinan-01", "not a time"), { code: "invalid_input", path: "at" });
  fails(() => catalogue.stationStatus("st-jinan-01", new Date(NaN)), { code: "invalid_input", path: "at" });
  fails(() => catalogue.hoursOn("st-jinan-01", "2026-13-01"), { code: "invalid_input", path: "date" });
  fails(() => convertCoordinate({ lat: 1, lon: 2, datum: "mars" }, "wgs84"), { code: "invalid_input", path: "coordinate.datum" });
  fails(() => convertCoordinate(HERE, "mars"), { code: "invalid_input", path: "to" });
  fails(() => distanceM(HERE, { lat: NaN, lon: 1, datum: "wgs84" }), { code: "invalid_input" });
  fails(() => parseOpeningHours("whenever"), { code: "invalid_input" });
  fails(() => validateResidentId("123"), { code: "invalid_input", path: "resident_id" });
  fails(() => validateCreditCode("9144030071526726XH"), { code: "invalid_input" });
  fails(() => validateCreditCode("9144030071526726XG", "sloppy"), { code: "invalid_input", path: "mode" });
});

test("catalogue documents: every problem with its path", () => {
  const e = fails(() => Catalogue.fromJson("{"), { code: "invalid_input" });
  // Line and column have fields of their own; the path stays a field path, below the
  // argument's name as in every error of the package (and of the JSON API's load_catalogue).
  assert.equal(e.path, "catalogue");
  assert.equal(e.line, 1);
  assert.equal(e.column, 1);
  const doc = JSON.parse(Catalogue.sample().toJson());
  doc.stations[3].services.push("teleport");
  doc.outlets[0].location.lat = 999;
  const bad = fails(() => Catalogue.fromJson(JSON.stringify(doc)), { code: "invalid_input" });
  assert.ok(bad.problems.length >= 2);
  assert.ok(bad.problems.some((p) => p.path.startsWith("catalogue.stations[3]")));
  fails(() => Catalogue.fromJson(JSON.stringify({ ...doc, schema_version: 9 })), { code: "unsupported" });
  fails(() => loadProductCatalogue('{"version": "1", "rule_sets": [], "products": [{"id": 7}]}'),
    { code: "invalid_input" });
});

test("profiles: every bad field listed", () => {
  const e = fails(() => checkCourierProfile({ occupation: "pilot", age: 3 }), { code: "invalid_input" });
  assert.deepEqual(e.problems.map((p) => p.path), ["profile.age", "profile.occupation"]);
  assert.equal(e.path, "profile.age");
  fails(() => catalogue.matchProducts({ kycLevel: "platinum" }, AT), { code: "invalid_input" });
});

test("not found, calendar unknown, limit exceeded, unsupported", () => {
  fails(() => catalogue.stationStatus("nope", AT), { code: "not_found", kind: "station", id: "nope" });
  fails(() => catalogue.stationsInBranch("nope"), { code: "not_found", kind: "branch" });
  fails(() => catalogue.nearby({ position: HERE, at: AT, needs: ["teleport"] }), { code: "not_found", kind: "service", id: "teleport" });
  fails(() => catalogue.rollout("2026-01-01", "nope"), { code: "not_found", kind: "theme" });
  fails(() => catalogue.checkProduct("nope", {}, AT), { code: "not_found", kind: "product", id: "nope" });
  fails(() => catalogue.checkProduct("courier_debit_card", { age: -4 }, AT), { code: "invalid_input", path: "profile.age" });
  fails(() => catalogue.checkProduct("courier_debit_card", {}, "soon"), { code: "invalid_input", path: "as_of" });
  // A catalogue without a product catalogue: product questions are `not_found`.
  const bare = JSON.parse(catalogue.toJson());
  delete bare.product_catalogue;
  delete bare.programmes; // their rule sets live in the product catalogue
  const noProducts = Catalogue.fromJson(JSON.stringify(bare));
  assert.equal(noProducts.hasProducts, false);
  fails(() => noProducts.checkProduct("courier_debit_card", {}, AT), { code: "not_found", kind: "product_catalogue" });
  fails(() => noProducts.matchProducts({}, AT), { code: "not_found", kind: "product_catalogue" });
  fails(() => noProducts.checkRuleSet("{}"), { code: "not_found", kind: "product_catalogue" });
  fails(() => noProducts.productCatalogue(), { code: "not_found", kind: "product_catalogue" });
  noProducts.free();
  fails(() => catalogue.dayKind("2031-05-01"), { code: "calendar_unknown", year: 2031 });
  fails(() => catalogue.openingHoursStatus("Mo-Fr 09:00-17:00; PH off", "2031-05-01T10:00:00+08:00"),
    { code: "calendar_unknown", year: 2031 });
  fails(() => catalogue.nearby({ position: HERE, at: AT, limit: 100000 }), { code: "limit_exceeded" });
  fails(() => openingHoursToOsm({ weekly: { mo: ["09:00-17:00"] }, makeupWorkdays: { policy: "as_weekday", weekday: "tu" } }),
    { code: "unsupported" });
  const answer = JSON.parse(catalogue.respond("x".repeat(1024 * 1024 + 1)));
  assert.equal(answer.error.code, "limit_exceeded");
});

const str = (g) => { try { return String(g); } catch { return "?"; } };

test("no input kills the instance: garbage everywhere, then a normal call still works", () => {
  const garbage = [undefined, null, 0, -1, 1e308, NaN, "", "💥".repeat(1000), [], {}, [[[]]],
    { lat: "x" }, new Date(NaN), true, { __proto__: null }, "2026-02-30", "9".repeat(10000)];
  let thrown = 0;
  for (const g of garbage) {
    for (const call of [
      () => catalogue.nearby(g), () => catalogue.nearby({ position: g, at: g }),
      () => catalogue.stationStatus(str(g), g), () => catalogue.stationDetails("st-jinan-01", g),
      () => catalogue.hoursOn("st-jinan-01", g), () => catalogue.rollout(g, str(g)),
      () => catalogue.dayKind(g), () => catalogue.holidayOn(g), () => catalogue.openingHoursStatus(g, AT),
      () => catalogue.matchProducts(g, g, g), () => catalogue.checkProduct(str(g), g, g),
      () => catalogue.checkRuleSet(str(g)),
      () => convertCoordinate(g, g), () => distanceM(g, g), () => parseOpeningHours(str(g)),
      () => openingHoursToOsm(g), () => validateResidentId(str(g)), () => validateCreditCode(str(g), g),
      () => checkCourierProfile(g), () => loadProductCatalogue(str(g)), () => Catalogue.fromJson(str(g)),
      () => catalogue.respond(str(g)),
    ]) {
      try { call(); } catch (e) {
        thrown++;
        assert.equal(e.name, "WaystationError", `${e.name}: ${e.message}`);
        assert.ok(["invalid_input", "not_found", "calendar_unknown", "limit_exceeded", "unsupported"].includes(e.code));
      }
    }
  }
  assert.ok(thrown > 100);
  // Deeply nested input (serde's recursion limit, not a stack overflow).
  let deep = "Mo 09:00-17:00"; let nested = {}; let cur = nested;
  for (let i = 0; i < 5000; i++) { cur.weekly = {}; cur = cur.weekly; }
  try { catalogue.openingHoursStatus(nested, AT); } catch (e) { assert.equal(e.code, "invalid_input"); }
  assert.equal(catalogue.dayKind("2026-02-14"), "makeup_workday");
  assert.ok(catalogue.nearby({ position: HERE, at: AT }).length > 0);
  assert.ok(parseOpeningHours(deep));
});
