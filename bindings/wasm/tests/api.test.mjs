// Every export of the Node build, through the package's own name (self-reference resolves the
// "node" condition of package.json → pkg/node).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Catalogue, convertCoordinate, distanceM, inMainlandChina, parseOpeningHours, openingHoursToOsm,
  validateResidentId, validateCreditCode, mask, normaliseCreditCode, checkCourierProfile,
  loadProductCatalogue, describeStatus, parseInstant, userMessage,
} from "waystation";
import { readFileSync } from "node:fs";
import { toSnake } from "./same.mjs";

const AT = "2026-06-10T10:00:00+08:00";
const HERE = { lat: 36.6512, lon: 117.1201, datum: "gcj02" };
const catalogue = Catalogue.sample();
const courier = JSON.parse(
  readFileSync(new URL("../../../examples/data/courier.json", import.meta.url), "utf8"));

/** The same JSON answer through the `requests` API (snake_case). */
function ask(request) {
  const answer = JSON.parse(catalogue.respond(JSON.stringify(request)));
  assert.ok("ok" in answer, JSON.stringify(answer));
  return answer.ok;
}

test("catalogue: sample, version, toJson, fromJson round trip, calendarYears", () => {
  assert.match(catalogue.version, /sample/);
  const again = Catalogue.fromJson(catalogue.toJson());
  assert.equal(again.version, catalogue.version);
  assert.deepEqual(catalogue.calendarYears(), [2025, 2026]);
  assert.equal(catalogue.hasProducts, true);
  again.free();
});

test("nearby: camelCase fields, same answer as the JSON API", () => {
  const query = { position: HERE, at: AT, needs: ["charging", "drinking_water"], limit: 3 };
  const found = catalogue.nearby(query);
  assert.equal(found.length, 3);
  const first = found[0];
  assert.equal(typeof first.stationId, "string");
  assert.equal(first.location.datum, "gcj02");
  assert.ok(first.distanceM > 0 && first.distanceM <= found[1].distanceM);
  assert.equal(first.status.state, "open");
  assert.ok(first.servicesNow.includes("drinking_water"));
  assert.deepEqual(toSnake(found), ask({ op: "nearby", query: toSnake(query) }));
});

test("nearby: a Date instant and snake_case keys are accepted", () => {
  const a = catalogue.nearby({ position: HERE, at: new Date("2026-06-10T02:00:00Z"), radiusM: 5000 });
  const b = catalogue.nearby({ position: HERE, at: AT, radius_m: 5000 });
  assert.deepEqual(a.map((s) => s.stationId), b.map((s) => s.stationId));
  assert.ok(a.length > 0);
});

test("station status, details, services, hours", () => {
  const status = catalogue.stationStatus("st-jinan-01", AT);
  assert.deepEqual(toSnake(status), ask({ op: "station_status", station_id: "st-jinan-01", at: AT }));
  assert.ok(["open", "closed", "unknown"].includes(status.state));
  const details = catalogue.stationDetails("st-jinan-01", AT);
  assert.equal(details.station.id, "st-jinan-01");
  assert.equal(details.outlet.id, "jinan-01");
  assert.equal(details.outlet.location.datum, "gcj02");
  assert.ok(details.branches.some((b) => b.level === "second_level"));
  assert.ok(details.station.hours.weekly);
  assert.ok("publicHolidays" in details.station.hours);
  if (details.station.gearStock) {
    // Data keys are not renamed.
    for (const k of Object.keys(details.station.gearStock)) assert.doesNotMatch(k, /[A-Z]/);
  }
  const services = catalogue.servicesAt("st-jinan-01", AT);
  assert.deepEqual(services.map((s) => s.code), ask({ op: "services_at", station_id: "st-jinan-01", at: AT }));
  assert.ok(services.every((s) => typeof s.nameEn === "string"));
  const periods = catalogue.hoursOn("st-jinan-01", "2026-06-10");
  const expected = ask({ op: "hours_on", station_id: "st-jinan-01", date: "2026-06-10" });
  assert.deepEqual(periods, expected);
  assert.ok(periods.every((p) => p.open < p.close));
});

test("stationsInBranch, rollout", () => {
  const stations = catalogue.stationsInBranch("sd-jinan");
  assert.deepEqual(stations.map((s) => s.id), ask({ op: "stations_in_branch", branch_id: "sd-jinan" }));
  const report = catalogue.rollout("2023-06-01", "little_bee");
  assert.equal(report.total.withTheme, 8);
  assert.equal(report.asOf, "2023-06-01");
  assert.deepEqual(toSnake(report), ask({ op: "rollout", as_of: "2023-06-01", theme: "little_bee" }));
});

test("holiday calendar: dayKind, holidayOn", () => {
  assert.equal(catalogue.dayKind("2026-02-14"), "makeup_workday");
  assert.equal(catalogue.dayKind("2026-06-10"), "workday");
  const h = catalogue.holidayOn("2026-02-17");
  assert.equal(h.code, "spring_festival");
  assert.ok(h.daysOff.includes("2026-02-17"));
  assert.equal(catalogue.holidayOn("2026-06-10"), null);
});

test("opening hours: parse, to OSM, status with the catalogue's calendar", () => {
  const hours = parseOpeningHours("Mo-Fr 09:00-17:00; PH off");
  assert.deepEqual(hours.weekly.mo, ["09:00-17:00"]);
  assert.deepEqual(hours.publicHolidays, { policy: "closed" });
  assert.equal(openingHoursToOsm(hours), "Mo-Fr 09:00-17:00; PH off");
  assert.equal(openingHoursToOsm("Mo-Fr 09:00-17:00; PH off"), "Mo-Fr 09:00-17:00; PH off");
  const status = catalogue.openingHoursStatus("Mo-Fr 09:00-17:00; PH off", "2026-02-13T18:00:00+08:00");
  assert.equal(status.open, false);
  assert.deepEqual(status.nextChange, { at: "2026-02-24T09:00:00+08:00", opens: true });
});

test("geo: convert, distance, mainland test", () => {
  const wgs = convertCoordinate(HERE, "wgs84");
  assert.equal(wgs.datum, "wgs84");
  assert.deepEqual(wgs, ask({ op: "convert_coordinate", coordinate: HERE, to: "wgs84" }));
  // Both are the same place: distances are taken in WGS-84.
  assert.ok(distanceM(HERE, wgs) < 0.01);
  const qingdao = { lat: 36.0671, lon: 120.3826, datum: "wgs84" };
  const d = distanceM(HERE, qingdao);
  assert.ok(Math.abs(d - ask({ op: "distance", from: HERE, to: qingdao })) < 1e-6);
  assert.ok(d > 250_000 && d < 350_000, String(d));
  assert.equal(inMainlandChina(36.65, 117.12), true);
  assert.equal(inMainlandChina(48.85, 2.35), false);
});

test("identity: resident ID and credit code validation, masking", () => {
  const id = validateResidentId("11010519491231002x");
  assert.deepEqual(id, {
    masked: "1101**********002X", birthDate: "1949-12-31", sex: "female",
    province: "beijing", upgradedFromLegacy: false, warnings: [],
  });
  const code = validateCreditCode("9144030071526726xg");
  assert.equal(code.masked, "9144**********26XG");
  assert.equal(code.checksumValid, true);
  const lenient = validateCreditCode("9144030071526726XH", "lenient");
  assert.equal(lenient.checksumValid, false);
  assert.ok(lenient.warnings.includes("credit_code_checksum_ignored"));
  assert.equal(mask("13800138000", 3, 4), "138****8000");
  assert.equal(normaliseCreditCode(" 9144030071526726xg "), "9144030071526726XG");
});

test("userMessage: the words of a message key, as errors carry them", () => {
  assert.deepEqual(userMessage("error.invalid_input"), {
    zh: "填写的信息有误，请检查后重试",
    en: "Some of the information entered is not valid. Please check it and try again.",
  });
  assert.throws(() => userMessage("error.no_such_key"), { code: "not_found", kind: "message_key" });
  assert.throws(() => userMessage("error.invalid_field"), { code: "invalid_input", path: "message_key" });
  // The same words as an error of that key carries.
  assert.throws(() => Catalogue.fromJson("{"), (e) => {
    assert.equal(e.messageKey, "error.invalid_data"); // catalogue text: the data's fault
    assert.deepEqual({ ...e.userMessage }, userMessage(e.messageKey));
    return true;
  });
});

test("courier profile check; product catalogue", () => {
  assert.deepEqual(checkCourierProfile({ occupation: "express_courier" }), []);
  const products = catalogue.productCatalogue();
  assert.ok(products.products.some((p) => p.id === "courier_debit_card"));
  assert.equal(typeof products.parameters.seniorAge, "number");
  // Parameter names and grade codes are data keys: not renamed.
  for (const k of Object.keys(products.parameters.suitability)) assert.match(k, /^c[1-5]$/);
  const text = JSON.stringify({ version: "1", rule_sets: [], products: [] });
  assert.deepEqual(loadProductCatalogue(text).products, []);
});

test("matching: personalised and not, with reasons and hints", () => {
  const asOf = "2026-06-01T09:00:00+08:00";
  const result = catalogue.matchProducts(courier, asOf);
  assert.equal(result.personalised, true);
  assert.ok(result.recommended.length > 0);
  assert.equal(result.recommended[0].rank, 1);
  const entry = result.recommended[0];
  assert.ok(entry.factors.length > 0 && typeof entry.factors[0].message.en === "string");
  assert.ok(entry.decision.rules.every((r) => Array.isArray(r.criteria)));
  assert.equal(entry.decision.stamp.catalogueVersion, catalogue.version);
  const flat = catalogue.matchProducts(courier, asOf, { personalised: false });
  assert.equal(flat.personalised, false);
  assert.equal(flat.recommended.length + flat.excluded.length,
    result.recommended.length + result.excluded.length);
  // An 18-year-old-to-be: ineligible now, with the earliest date.
  const young = {
    residentId: "110105200805030012", occupation: "express_courier", employerCode: "91370102MA3C4U7K58",
    employmentStart: "2025-09-01", city: "济南", monthlyIncomeFen: 680000, kycLevel: "verified",
    riskAssessment: { grade: "c2", assessedAt: "2026-03-20T10:00:00+08:00" }, heldProducts: [],
  };
  const d = catalogue.checkProduct("little_bee_credit_card", young, "2026-05-02T12:00:00+08:00");
  assert.equal(d.status, "ineligible");
  assert.equal(d.eligibleOn, "2026-05-03");
  assert.ok(d.rules.flatMap((r) => r.criteria).some((c) => c.reason === "age_below_minimum"));
});

test("toGeoJson: a FeatureCollection in WGS-84", () => {
  const fc = catalogue.toGeoJson();
  assert.equal(fc.type, "FeatureCollection");
  assert.equal(fc.features.length, 38);
  const [lon, lat] = fc.features[0].geometry.coordinates;
  assert.ok(inMainlandChina(lat, lon));
  assert.equal(typeof fc.features[0].properties.station_id, "string");
});

test("programmes: gear claim, events, registration, ambassador", () => {
  const member = { occupation: "express_courier", employerCode: "91370100MA3C7K1P71", employmentStart: "2025-01-01" };
  const at = "2026-07-01T10:00:00+08:00";
  const claim = catalogue.checkGearClaim("st-jinan-01", "sun_hat", member, [], at);
  assert.equal(claim.status, "approved");
  assert.ok(claim.checks.every((c) => c.passed === true));
  assert.ok(claim.stock > 0);
  const again = catalogue.checkGearClaim("st-jinan-01", "sun_hat", member,
    [{ gearCode: "sun_hat", stationId: "st-jinan-01", claimedAt: "2026-06-01T10:00:00+08:00" }], at);
  assert.equal(again.status, "rejected");
  assert.ok(again.checks.some((c) => c.code === "within_allowance" && c.passed === false));
  const events = catalogue.eventsBetween(null, "2025-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00");
  assert.ok(Array.isArray(events));
  if (events.length > 0) {
    const e = events[0];
    assert.equal(typeof e.titleEn, "string");
    const r = catalogue.checkEventRegistration(e.id, member, 0, false, e.startsAt);
    assert.ok(["approved", "rejected", "unknown"].includes(r.status));
    assert.equal(typeof r.seatsLeft, "number");
  }
  const amb = catalogue.checkAmbassador(member, at);
  assert.ok(["eligible", "ineligible", "unknown"].includes(amb.status));
  assert.throws(() => catalogue.checkGearClaim("nope", "sun_hat", member, [], at), { code: "not_found" });
  assert.throws(() => catalogue.checkGearClaim("st-jinan-01", "sun_hat", member, [{ gearCode: 1 }], at),
    (e) => e.code === "invalid_input" && e.path.startsWith("history"));
});

test("checkProduct: the same decision as the JSON API", () => {
  const asOf = "2026-06-01T09:00:00+08:00";
  const d = catalogue.checkProduct("courier_debit_card", courier, asOf);
  assert.ok(["eligible", "ineligible", "unknown"].includes(d.status));
  assert.equal(d.benefitId, "courier_debit_card");
  assert.deepEqual(toSnake(d), ask({ op: "check_product", product_id: "courier_debit_card",
    profile: courier, as_of: asOf }));
});

test("checkRuleSet: issues with paths, against the catalogue's parameters", () => {
  const ruleSet = {
    id: "r", version: "1", description: { zh: "测", en: "t" },
    rules: [{ id: "a", description: { zh: "年龄", en: "age" }, source: { document: "x" },
      criterion: { all: [{ age_range: { min: 60, max: 18 } }, { income_at_least: { monthly_fen: { parameter: "no_such_param" } } }] } }],
  };
  const issues = catalogue.checkRuleSet(JSON.stringify(ruleSet));
  assert.ok(issues.some((i) => i.code === "impossible_range" && i.severity === "error"
    && i.path === "rules[0].criterion.all[0].age_range"), JSON.stringify(issues));
  // Checked against the catalogue's parameters: an unknown parameter name is an issue.
  assert.ok(issues.some((i) => i.code === "unknown_parameter"), JSON.stringify(issues));
  assert.deepEqual(issues, ask({ op: "check_rule_set", rule_set: ruleSet }));
  // A well-formed rule set from the sample: no errors.
  const sample = catalogue.productCatalogue().ruleSets[0];
  const text = JSON.stringify(JSON.parse(catalogue.toJson()).product_catalogue.rule_sets[0]);
  assert.equal(sample.id, JSON.parse(text).id);
  assert.ok(catalogue.checkRuleSet(text).every((i) => i.severity !== "error"));
  // Parse problems are issues too, located by path; not-JSON is one `invalid_json` issue.
  const unknown = catalogue.checkRuleSet(JSON.stringify({ ...ruleSet, extra: 1 }));
  assert.ok(unknown.some((i) => i.code === "unknown_field"), JSON.stringify(unknown));
  assert.deepEqual(catalogue.checkRuleSet("{").map((i) => i.code), ["invalid_json"]);
});

test("station status in words: holiday named, resting never worded as closed for good", () => {
  const night = "2026-10-05T22:00:00+08:00";
  assert.equal(catalogue.describeStationStatus("st-jinan-07", night, "zh-CN"), "国庆节假期，休息中，10月8日 08:30 开门");
  assert.equal(catalogue.describeStationStatus("st-jinan-07", night), "国庆节假期，休息中，10月8日 08:30 开门");
  const status = catalogue.stationStatus("st-jinan-07", night);
  assert.deepEqual(status.specialDay, { kind: "public_holiday", holiday: "national_day", name: { zh: "国庆节", en: "National Day" } });
  assert.equal(describeStatus(status, night, "en"), "National Day holiday · Closed now, opens at 08:30 on 8 Oct");
  assert.equal(catalogue.describeStationStatus("st-zibo-04", "2026-11-01T10:00:00+08:00", "zh-CN"), "暂停服务");
  assert.throws(() => catalogue.describeStationStatus("st-jinan-07", night, "fr"),
    (e) => e.code === "invalid_input" && e.path === "lang");
});

test("parseInstant: the library's strict reader, answered in China time", () => {
  assert.equal(parseInstant("2026-06-10T02:00:00Z"), "2026-06-10T10:00:00+08:00");
  assert.equal(parseInstant("2026-06-10T10:00:00+08:00"), "2026-06-10T10:00:00+08:00");
  for (const bad of ["2026-06-10T10:00:00", "2026-06-10 10:00:00+08:00", "soon"]) {
    assert.throws(() => parseInstant(bad),
      (e) => e.code === "invalid_input" && e.path === "instant" && e.messageKey === "error.invalid_field");
  }
});
