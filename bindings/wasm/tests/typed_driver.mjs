// The driver of the shared conformance cases (tests/conformance/*.json) through the package's
// typed API, not `respond`: each case's request becomes the typed call a page makes (arguments as
// the TypeScript types name them, objects in camelCase), its answer is renamed back to snake_case
// and compared with the recorded answer. So the binding's own mappings (argument names, camelCase
// both ways, instants, error fields) are tested on every case, not only the core behind
// `respond`. Plain ES module: Node (conformance_typed.test.mjs) and Chromium
// (browser/conformance.test.mjs) run the same driver on the same cases.
import { same, toSnake } from "./same.mjs";

const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** Object keys renamed snake → camel, as a page writes them. */
export function toCamel(v) {
  if (Array.isArray(v)) return v.map(toCamel);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), toCamel(x)]));
  return v;
}

/** The typed calls of package `pkg` (its exports, initialised), one per op of the request API,
 *  each answering what `respond` answers. */
export function driver(pkg) {
  const { Catalogue, convertCoordinate, distanceM, parseOpeningHours, validateResidentId, validateCreditCode } = pkg;
  const catalogue = Catalogue.sample();
  const typed = {
    catalogue_info: () => catalogue.info(),
    load_catalogue: (r) => {
      const loaded = Catalogue.fromJson(JSON.stringify(r.catalogue));
      try { return loaded.info(); } finally { loaded.free(); }
    },
    nearby: (r) => catalogue.nearby(toCamel(r.query)),
    station_status: (r) => catalogue.stationStatus(r.station_id, r.at),
    describe_station_status: (r) => ({
      status: catalogue.stationStatus(r.station_id, r.at),
      text: catalogue.describeStationStatus(r.station_id, r.at, r.lang),
    }),
    station_details: (r) => catalogue.stationDetails(r.station_id, r.at),
    services_at: (r) => catalogue.servicesAt(r.station_id, r.at).map((s) => s.code),
    hours_on: (r) => catalogue.hoursOn(r.station_id, r.date),
    stations_in_branch: (r) => catalogue.stationsInBranch(r.branch_id).map((s) => s.id),
    rollout: (r) => catalogue.rollout(r.as_of, r.theme),
    day_kind: (r) => catalogue.dayKind(r.date),
    convert_coordinate: (r) => convertCoordinate(toCamel(r.coordinate), r.to),
    distance: (r) => distanceM(toCamel(r.from), toCamel(r.to)),
    parse_opening_hours: (r) => parseOpeningHours(r.osm),
    opening_hours_status: (r) => catalogue.openingHoursStatus(toCamel(r.hours), r.at),
    validate_resident_id: (r) => validateResidentId(r.resident_id),
    validate_credit_code: (r) => validateCreditCode(r.credit_code, r.mode),
    check_product: (r) => catalogue.checkProduct(r.product_id, toCamel(r.profile), r.as_of),
    match_products: (r) => catalogue.matchProducts(toCamel(r.profile), r.as_of, r.options && toCamel(r.options)),
    check_rule_set: (r) => catalogue.checkRuleSet(JSON.stringify(r.rule_set)),
    check_gear_claim: (r) => catalogue.checkGearClaim(
      r.station_id, r.gear_code, toCamel(r.profile), toCamel(r.history ?? []), r.at),
    events_between: (r) => catalogue.eventsBetween(r.station_id, r.from, r.to),
    check_event_registration: (r) => catalogue.checkEventRegistration(
      r.event_id, toCamel(r.profile), r.registered, r.already_registered ?? false, r.at),
    check_ambassador: (r) => catalogue.checkAmbassador(toCamel(r.profile), r.at),
  };
  return {
    /** Whether the API has a typed export for `op` (a case of an unknown op has none). */
    has: (op) => Object.prototype.hasOwnProperty.call(typed, op),
    /** What the typed call of `request` gives, in the shape of a `respond` answer. */
    answer(request) {
      try {
        return { ok: toSnake(typed[request.op](request)) };
      } catch (e) {
        if (e?.name !== "WaystationError") throw e;
        const error = toSnake(Object.fromEntries(Object.entries(e).filter(([k]) => k !== "name")));
        error.message = e.message;
        return { error };
      }
    },
    /** Frees the catalogue the calls share. */
    free: () => catalogue.free(),
  };
}

/** The error fields a page acts on; the message is the developer detail and may word the
 *  argument its own way. */
function errorFields(error) {
  const { message, ...rest } = error;
  return rest;
}

/** `null` when answer `got` is the case's `expected` answer, else the first difference. */
export function compare(got, expected) {
  if ("ok" in expected) return same(got, expected, "$");
  if ("error" in got) return same(errorFields(got.error), errorFields(expected.error), "$.error");
  return `$: expected an error, got ${JSON.stringify(got).slice(0, 200)}`;
}

/** Runs `cases` (with `file` and `name`) through `d`: one `{ file, name, diff }` per case of an op
 *  with a typed export; `diff` is `null` when the answer is the recorded one. */
export function runCases(d, cases) {
  return cases.filter((c) => d.has(c.request.op)).map((c) => {
    let diff;
    try {
      diff = compare(d.answer(c.request), c.expected);
    } catch (e) {
      diff = `threw ${e?.name}: ${e?.message}`;
    }
    return { file: c.file, name: c.name, diff };
  });
}
