#!/usr/bin/env node
// Expectations for tests/osm_reference.rs from the reference implementation of OSM
// `opening_hours`: the npm package `opening_hours`, version 3.15.0 (the evaluator the
// OpenStreetMap editors use).
//
// Reproduce (outside the repository, node 20 or later):
//   mkdir /tmp/osmref && cd /tmp/osmref && npm install opening_hours@3.15.0
//   NODE_PATH=/tmp/osmref/node_modules node scripts/osm-reference/generate.js
// It reads scripts/osm-reference/strings.txt (one OSM string a line; blank lines and lines
// starting with '#' are skipped; a line starting with '! ' is a string the library refuses as
// unsupported, which the test checks) and writes tests/osm_reference/expectations.json.
//
// For every string it records the reference's answer over the comparison windows below
// (China Standard Time): whether it is open at the start of each window and every instant in
// the window at which the state changes. Public holidays: the reference's Chinese holidays are
// not the State Council calendar the library uses, so the windows are chosen to hold no public
// holiday in either calendar (checked here for the reference, in the Rust test for the
// library), nor on the day before a window (an interval past midnight would carry it in).
'use strict';
process.env.TZ = 'Asia/Shanghai'; // the reference evaluates in the process's local time
const fs = require('fs');
const path = require('path');
const OpeningHours = require('opening_hours');

const VERSION = '3.15.0';
const installed = require('opening_hours/package.json').version;
if (installed !== VERSION) {
  console.error(`opening_hours ${installed} is installed; the expectations are for ${VERSION}`);
  process.exit(1);
}

const root = path.join(__dirname, '..', '..');
const input = path.join(__dirname, 'strings.txt');
const output = path.join(root, 'tests', 'osm_reference', 'expectations.json');

// [from, to) in China Standard Time, whole days.
const WINDOWS = [
  ['2026-03-10', '2026-04-03'],
  ['2026-07-06', '2026-07-27'],
];

// Nominatim-style location: Beijing, so that `PH` means the reference's Chinese holidays.
const NOMINATIM = { lat: 39.9, lon: 116.4, address: { country_code: 'cn', state: '' } };

const localDate = (iso) => new Date(`${iso}T00:00:00`);
const pad = (n) => String(n).padStart(2, '0');
const fmt = (d) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:` +
  `${pad(d.getMinutes())}:00`;

function changes(oh, from, to) {
  const it = oh.getIterator(from);
  const open = it.getState();
  const list = [];
  while (it.advance(to)) {
    if (it.getDate() >= to) break;
    if (it.getState() !== (list.length % 2 === 0 ? open : !open)) {
      list.push(fmt(it.getDate()));
    }
  }
  return { open, changes: list };
}

// The windows and the day before each must hold no public holiday for the reference.
const ph = new OpeningHours('PH', NOMINATIM, { mode: 0 });
for (const [from, to] of WINDOWS) {
  const start = new Date(localDate(from).getTime() - 86400000);
  const r = changes(ph, start, localDate(to));
  if (r.open || r.changes.length) {
    console.error(`the reference has a public holiday in ${from}..${to}: ${JSON.stringify(r)}`);
    process.exit(1);
  }
}

const strings = fs
  .readFileSync(input, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));
const seen = new Set();
const cases = [];
for (const line of strings) {
  const refusedByLibrary = line.startsWith('! ');
  const osm = refusedByLibrary ? line.slice(2) : line;
  const library = refusedByLibrary ? { library: 'unsupported' } : {};
  if (seen.has(osm)) {
    console.error(`duplicate string: ${osm}`);
    process.exit(1);
  }
  seen.add(osm);
  let oh;
  try {
    oh = new OpeningHours(osm, NOMINATIM, { mode: 0 });
  } catch (e) {
    cases.push({ osm, ...library, reference: 'refused' });
    continue;
  }
  const windows = WINDOWS.map(([from, to]) => {
    const start = localDate(from);
    const r = changes(oh, start, localDate(to));
    // Changes as minutes from the window's start (China Standard Time).
    return { open: r.open, changes: r.changes.map((c) => (new Date(c) - start) / 60000) };
  });
  cases.push({ osm, ...library, windows });
}

const doc = {
  generator: 'scripts/osm-reference/generate.js',
  reference: `opening_hours ${VERSION} (npm)`,
  time_zone: '+08:00',
  windows: WINDOWS.map(([from, to]) => ({ from, to })),
  cases,
};
// One case a line: compact, and diffs stay readable.
const text =
  '{\n' +
  Object.entries(doc)
    .map(([k, v]) =>
      k === 'cases'
        ? `  "cases": [\n${v.map((c) => '    ' + JSON.stringify(c)).join(',\n')}\n  ]`
        : `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
    )
    .join(',\n') +
  '\n}\n';
fs.writeFileSync(output, text);
const refused = cases.filter((c) => c.reference === 'refused').length;
console.log(`${cases.length} strings (${refused} refused by the reference) -> ${output}`);
