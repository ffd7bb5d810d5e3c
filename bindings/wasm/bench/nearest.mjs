// Nearest open stations in WebAssembly under Node, against what a web developer would write
// without the library: kdbush + geokdbush over the catalogue's GeoJSON with a filter.
//
//   node bench/nearest.mjs CATALOGUE.json QUERIES.json [NATIVE_LOADS.json] [--smoke]
//
// The files come from `cargo run --release --example national -- --out … --queries …` (see
// BENCHMARKS.md). The query is the one of benches/nearest.rs: the 10 nearest stations within
// 50 km that offer `charging` and `wifi` and are open at Wednesday 2026-06-10 10:00 China time.
// Before timing, every query's answer is compared between the two (same station ids, same
// order); any difference fails the run.
//
// Loads: `Catalogue.fromJson` of the file and `Catalogue.fromCompact` of its compact form
// (`toCompact`), median of 5 each, against the native loads of the same catalogue in the same
// run when NATIVE_LOADS.json is given (the line `cargo run --example national -- --time-loads`
// prints; bench/run.sh passes it).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import KDBush from "kdbush";
import { around } from "geokdbush";
import { Catalogue } from "../pkg/node/waystation_wasm.js";

const [catalogueFile, queriesFile, nativeFile] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith("--"));
const smoke = process.argv.includes("--smoke");
if (!catalogueFile || !queriesFile) {
  console.error("usage: node bench/nearest.mjs CATALOGUE.json QUERIES.json [NATIVE_LOADS.json] [--smoke]");
  process.exit(2);
}

const AT = "2026-06-10T10:00:00+08:00";
const NEEDS = ["charging", "wifi"];
const LIMIT = 10;
const RADIUS_M = 50_000;

function ms(t0) {
  return (performance.now() - t0).toFixed(0);
}

// ---- load ------------------------------------------------------------------------------------
let t0 = performance.now();
const text = readFileSync(catalogueFile, "utf8");
const catalogue = Catalogue.fromJson(text);
const loadMs = ms(t0);
const { positions } = JSON.parse(readFileSync(queriesFile, "utf8"));

// ---- loads, in WebAssembly and natively --------------------------------------------------------
function medianMs(load) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    load().free();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return times[2];
}
const compact = catalogue.toCompact();
const loads = [
  ["fromJson", "from_json", `${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB of JSON`, medianMs(() => Catalogue.fromJson(text))],
  ["fromCompact", "from_compact", `${(compact.length / 1e6).toFixed(1)} MB compact`, medianMs(() => Catalogue.fromCompact(compact))],
];
const native = nativeFile ? JSON.parse(readFileSync(nativeFile, "utf8")) : null;
console.log("| load | input | WebAssembly | native | ratio |");
console.log("|---|---|---|---|---|");
for (const [js, rust, input, wasmMs] of loads) {
  const nativeMs = native?.[`${rust}_ms`];
  const ratio = nativeMs ? `${(wasmMs / nativeMs).toFixed(1)}×` : "—";
  const nat = nativeMs ? `${nativeMs.toFixed(0)} ms` : "—";
  console.log(`| \`${js}\` | ${input} | ${wasmMs.toFixed(0)} ms | ${nat} | ${ratio} |`);
}

if (catalogue.dayKind("2026-06-10") !== "workday") {
  throw new Error("the bench instant must be an ordinary workday for the JS baseline");
}

// ---- the JS baseline's setup: GeoJSON (WGS-84) → kdbush, per-station filter data ---------------
t0 = performance.now();
const features = catalogue.toGeoJson().features;
const index = new KDBush(features.length);
for (const f of features) index.add(f.geometry.coordinates[0], f.geometry.coordinates[1]);
index.finish();

const DAY = ["su", "mo", "tu", "we", "th", "fr", "sa"];
const SERVING = new Set(["pilot", "launched", "operational"]);
const minutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const parseIntervals = (list) =>
  (list ?? []).map((iv) => {
    const [a, b] = iv.split("-");
    return [minutes(a), minutes(b)];
  });
// What a developer would precompute once per station: services as a Set, intervals in minutes.
const stations = features.map((f) => {
  const p = f.properties;
  const weekly = {};
  for (const d of DAY) weekly[d] = parseIntervals(p.hours.weekly[d]);
  const exceptions = new Map(p.hours.exceptions.map((e) => [e.date, parseIntervals(e.intervals)]));
  return { id: p.station_id, services: new Set(p.services), lifecycle: p.lifecycle, weekly, exceptions };
});
const setupMs = ms(t0);

// China wall time of the instant (UTC+8, no daylight saving).
function chinaParts(iso) {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const date = d.toISOString().slice(0, 10);
  const y = new Date(d.getTime() - 86_400_000);
  return {
    date,
    day: DAY[d.getUTCDay()],
    yesterday: DAY[y.getUTCDay()],
    minute: d.getUTCHours() * 60 + d.getUTCMinutes(),
  };
}

function isServing(lifecycle, date) {
  let stage = null;
  for (const e of lifecycle) if (e.date <= date) stage = e.stage;
  return stage !== null && SERVING.has(stage);
}

function isOpen(s, t) {
  const today = s.exceptions.get(t.date) ?? s.weekly[t.day];
  for (const [a, b] of today) {
    if (b > a ? t.minute >= a && t.minute < b : t.minute >= a) return true;
  }
  // Yesterday's intervals that run past midnight.
  for (const [a, b] of s.weekly[t.yesterday]) {
    if (b <= a && t.minute < b) return true;
  }
  return false;
}

function jsNearest(lat, lon) {
  const t = chinaParts(AT);
  const hits = around(index, lon, lat, LIMIT, RADIUS_M / 1000, (i) => {
    const s = stations[i];
    return (
      NEEDS.every((n) => s.services.has(n)) && isServing(s.lifecycle, t.date) && isOpen(s, t)
    );
  });
  return hits.map((i) => stations[i].id);
}

function wasmNearest(lat, lon) {
  const found = catalogue.nearby({
    position: { lat, lon, datum: "wgs84" },
    at: AT,
    needs: NEEDS,
    limit: LIMIT,
    radiusM: RADIUS_M,
  });
  return found.map((s) => s.stationId);
}

// ---- identical answers ---------------------------------------------------------------------------
let found = 0;
let differ = 0;
for (const [lat, lon] of positions) {
  const a = wasmNearest(lat, lon);
  const b = jsNearest(lat, lon);
  found += a.length;
  if (a.join() !== b.join()) {
    differ += 1;
    if (differ <= 3) console.error(`differs at ${lat},${lon}:\n  wasm ${a}\n  js   ${b}`);
  }
}
if (differ > 0) {
  console.error(`${differ} of ${positions.length} queries differ`);
  process.exit(1);
}

// ---- timing --------------------------------------------------------------------------------------
// Rounds over all query positions; the median of several timed batches, after a warm-up.
function measure(fn) {
  const run = () => {
    for (const [lat, lon] of positions) fn(lat, lon);
  };
  run();
  let rounds = 1;
  const budget = smoke ? 20 : 400;
  for (;;) {
    const t = performance.now();
    for (let r = 0; r < rounds; r++) run();
    if (performance.now() - t >= budget) break;
    rounds *= 2;
  }
  const samples = [];
  for (let s = 0; s < (smoke ? 1 : 7); s++) {
    const t = performance.now();
    for (let r = 0; r < rounds; r++) run();
    samples.push(((performance.now() - t) * 1000) / (rounds * positions.length));
  }
  samples.sort((x, y) => x - y);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [
  ["wasm/nearby", "Catalogue.nearby: search + 10 full answers (names, status, next change)", measure(wasmNearest)],
  ["js/kdbush_geokdbush", "geokdbush.around + filter (Set services, lifecycle, weekly minutes)", measure(jsNearest)],
];
console.log(
  `summary: ${features.length} stations; ${positions.length} queries, ${(found / positions.length).toFixed(1)} stations found per query, answers identical; ` +
    `load fromJson ${loadMs} ms; JS setup (toGeoJson + kdbush + filter data) ${setupMs} ms; node ${process.version}`,
);
const base = rows[1][2];
console.log("| function | what | time / query | vs kdbush |");
console.log("|---|---|---|---|");
for (const [name, what, us] of rows) {
  const ratio = name === rows[1][0] ? "—" : us <= base ? `${(base / us).toFixed(1)}× faster` : `${(us / base).toFixed(1)}× slower`;
  console.log(`| \`${name}\` | ${what} | ${us.toFixed(2)} µs | ${ratio} |`);
}
catalogue.free();
