#!/usr/bin/env node
// Builds the outline of mainland China that `geo::in_mainland_china` embeds, from Natural Earth.
//
// Source: Natural Earth 1:10m "Admin 0 – Countries", version 4.1.0 (public domain), as shipped
// in the npm package world-atlas 2.0.2 (`countries-10m.json`, TopoJSON quantised to a grid of
// 0.0036° of longitude by 0.0017° of latitude), decoded with topojson-client 3.1.0; polygon
// operations with clipper-lib 6.4.2 (Angus Johnson's Clipper, integer coordinates of 1e-5°).
// The exact versions are pinned in package.json and package-lock.json beside this file.
//
// Run it with `scripts/outline/run`, which installs those packages into a scratch folder
// outside the repository and writes crates/waystation-base/data/mainland-outline.rs.
//
// The recipe (every number is a constant below and is repeated in the generated file):
//  1. CHINA is Natural Earth's feature 156 "China": the mainland, Hainan and the islands that
//     Natural Earth draws (the Paracels among them). Hong Kong (344), Macao (446) and Taiwan (158,
//     which holds Greater Kinmen) are separate features, and Natural Earth 1:10m assigns neither
//     Kinmen nor the Matsu Islands to China: Lesser Kinmen (Lieyu) and Matsu are not drawn at
//     all at that scale. The Spratlys and Scarborough Reef are features of their own, not China.
//  2. ADDED_ISLANDS: inhabited islands of the mainland that Natural Earth 1:10m does not draw
//     and that lie farther out than the sea margin, as discs around their centres.
//     BORDER_CORRECTIONS_IN and _OUT move Natural Earth's land border where it is more than a
//     kilometre off at a border crossing (Alashankou, Friendship Pass, Boten–Mohan), by a disc
//     around the published place (joined to Natural Earth's China for the first kind).
//  3. FOREIGN is every other feature near China, plus FOREIGN_ISLANDS: the inhabited islands
//     of Taiwan-administered Kinmen and Matsu and of Hong Kong that Natural Earth 1:10m does not
//     draw, as discs around their centres.
//  4. The outline is LAND ∪ (LAND widened by SEA_MARGIN_DEG − FOREIGN widened by
//     FOREIGN_MARGIN_DEG), where LAND is CHINA and ADDED_ISLANDS less FOREIGN_ISLANDS: Natural
//     Earth's land border is kept as it is, and the sea margin (which takes in ports, piers and
//     near-shore islets Natural Earth leaves out) stops short of every other country's or
//     territory's land. Widening uses round joins.
//  5. Each ring is simplified by Douglas–Peucker with SIMPLIFY_TOLERANCE_DEG, then the rings are
//     cleaned (self-intersections resolved, even-odd rule) and written with their vertex count.
//     Nothing is dropped: every island Natural Earth assigns to China keeps its ring.
//
// Radii in km are turned into degrees at 111.32 km per degree, of latitude and longitude alike
// for the corrections (a capsule), with cos(latitude) for the discs.
// Distances are in degrees of latitude and longitude alike (a degree of longitude is
// cos(latitude) × 111 km: 0.2° is 22 km north–south and 13–21 km east–west in China).
'use strict';

const fs = require('fs');
const path = require('path');
const ClipperLib = require('clipper-lib');
const topojson = require('topojson-client');
const world = require('world-atlas/countries-10m.json');

const VERSIONS = {
  'world-atlas': require('world-atlas/package.json').version,
  'topojson-client': require('topojson-client/package.json').version,
  'clipper-lib': require('clipper-lib/package.json').version,
};

/** Sea margin around China's land, in degrees (about 22 km north–south). */
const SEA_MARGIN_DEG = 0.2;
/** How far the sea margin stays from other countries' and territories' land, in degrees. */
const FOREIGN_MARGIN_DEG = 0.02;
/** Douglas–Peucker tolerance, in degrees (about 550 m north–south, 450–530 m east–west). */
const SIMPLIFY_TOLERANCE_DEG = 0.005;
/** Integer units of the polygon operations: 1e-5° (about 1 m). */
const SCALE = 1e5;
/** Vertices of a disc. */
const DISC_VERTICES = 32;
/** The region of interest: [west, south, east, north]. */
const BOX = [70, 14, 138, 56];

/**
 * Inhabited islands of mainland China absent from Natural Earth 1:10m and more than
 * SEA_MARGIN_DEG from the land it draws: [name, lat, lon, radius km]. Centres are approximate
 * (to about 0.01°, from the islands' published coordinates; Zhangzi is the western end of the
 * Waichangshan group, 39°00′31″–39°06′01″N, 122°41′59″–123°13′21″E); the radius covers the
 * island with that uncertainty.
 */
const ADDED_ISLANDS = [
  ['Zhangzi Island (Changhai County, Dalian)', 39.03, 122.73, 3.0],
  ['Shengshan and Gouqi Islands (Shengsi County, Zhoushan)', 30.72, 122.79, 3.5],
  ['Yangshan Islands (Shengsi County, Zhoushan; Yangshan Port)', 30.625, 122.06, 3.0],
  ['Dongji Islands (Putuo District, Zhoushan)', 30.19, 122.68, 3.0],
  ['Dachen Island (Jiaojiang District, Taizhou)', 28.46, 121.89, 3.0],
];

/**
 * Islands that are not mainland China and that Natural Earth 1:10m does not draw:
 * [name, lat, lon, radius km]. Lieyu's centre is its township's coordinates (24°25′41″N
 * 118°14′06″E), Nangan's the county seat's (26°09′04″N 119°55′38″E); the others are approximate
 * (to about 0.01°). Lieyu is 5 km from Xiamen at the closest, so its disc stops short of it.
 */
const FOREIGN_ISLANDS = [
  ['Lesser Kinmen (Lieyu), Kinmen', 24.42806, 118.235, 3.0],
  ['Nangan, Matsu', 26.15111, 119.92722, 3.0],
  ['Beigan, Matsu', 26.22, 119.99, 3.0],
  ['Dongju and Xiju (Juguang), Matsu', 25.965, 119.955, 3.5],
  ['Dongyin, Matsu', 26.37, 120.49, 2.5],
  ['Wuqiu, Kinmen', 24.99, 119.45, 1.5],
  ['Po Toi, Hong Kong', 22.17, 114.255, 1.5],
  ['Tung Ping Chau, Hong Kong', 22.545, 114.43, 1.2],
];

/**
 * Corrections where Natural Earth 1:10m's land border is off by more than a kilometre at a
 * border crossing: [name, lat, lon, radius km]. Land of China: the place, with everything within
 * the radius of the segment from the nearest vertex of Natural Earth's China to it.
 */
const BORDER_CORRECTIONS_IN = [
  // Natural Earth leaves the city (45°10′17″N 82°34′23″E) in Kazakhstan, its line 4 km east of
  // the crossing (45°12′05″N 82°33′11″E, 3.7 km from the city's centre).
  ['Alashankou (city and port)', 45.17139, 82.57306, 3.0],
  // Natural Earth leaves the pass (21°58′35″N 106°42′44″E), "just inside" China, in Vietnam.
  ['Friendship Pass (Youyiguan, Pingxiang)', 21.97639, 106.71222, 1.0],
];

/**
 * Corrections the other way: [name, lat, lon, radius km]. Not mainland China: the place, with
 * everything within the radius of the segment from the nearest vertex of the neighbour's land.
 */
const BORDER_CORRECTIONS_OUT = [
  // Natural Earth puts Boten (21°11′03″N 101°40′19″E), Laos, 1 km inside China.
  ['Boten, Laos (across from Mohan)', 21.18413, 101.67202, 0.5],
];

const CHINA_ID = '156';

// ----- Geometry helpers -------------------------------------------------------------------

const toPath = (ring) => ring.map(([lon, lat]) => ({ X: Math.round(lon * SCALE), Y: Math.round(lat * SCALE) }));

function clip(subject, clipPaths, type, fill = ClipperLib.PolyFillType.pftNonZero) {
  const c = new ClipperLib.Clipper();
  c.AddPaths(subject, ClipperLib.PolyType.ptSubject, true);
  if (clipPaths.length > 0) c.AddPaths(clipPaths, ClipperLib.PolyType.ptClip, true);
  const out = new ClipperLib.Paths();
  if (!c.Execute(type, out, fill, fill)) throw new Error('clipper failed');
  return out;
}
const union = (paths) => clip(paths, [], ClipperLib.ClipType.ctUnion);
const difference = (a, b) => clip(a, b, ClipperLib.ClipType.ctDifference);
const intersection = (a, b) => clip(a, b, ClipperLib.ClipType.ctIntersection);

function widen(paths, deg) {
  const co = new ClipperLib.ClipperOffset(2, 0.0005 * SCALE);
  co.AddPaths(paths, ClipperLib.JoinType.jtRound, ClipperLib.EndType.etClosedPolygon);
  const out = new ClipperLib.Paths();
  co.Execute(out, deg * SCALE);
  return out;
}

function disc(lat, lon, km) {
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.cos((lat * Math.PI) / 180));
  const ring = [];
  for (let i = 0; i < DISC_VERTICES; i++) {
    const a = (2 * Math.PI * i) / DISC_VERTICES;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  return toPath(ring);
}

/**
 * The place (lat, lon) and everything within `km` of the segment joining it to the nearest
 * vertex of `paths` (a capsule), in degrees scaled at the place's latitude.
 */
function reach(paths, lat, lon, km) {
  const p = toPath([[lon, lat]])[0];
  let nearest = p;
  let best = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const path of paths) {
    for (const v of path) {
      const d = ((v.X - p.X) * k) ** 2 + (v.Y - p.Y) ** 2;
      if (d < best) [best, nearest] = [d, v];
    }
  }
  const co = new ClipperLib.ClipperOffset(2, 0.0005 * SCALE);
  co.AddPath([nearest, p], ClipperLib.JoinType.jtRound, ClipperLib.EndType.etOpenRound);
  const out = new ClipperLib.Paths();
  co.Execute(out, (km / 111.32) * SCALE);
  return out[0];
}

/** A feature's polygons as Clipper paths, outer rings and holes oriented for the nonzero rule. */
function featurePaths(feature) {
  const g = feature.geometry;
  if (!g) return [];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const paths = [];
  for (const polygon of polygons) {
    const rings = polygon.map((ring) => toPath(ring.slice(0, -1))).filter((r) => ClipperLib.Clipper.Area(r) !== 0);
    if (rings.length === 0) continue; // specks that vanish at 1e-5°, all far from China
    paths.push(...clip(rings, [], ClipperLib.ClipType.ctUnion, ClipperLib.PolyFillType.pftEvenOdd));
  }
  return paths;
}

/** Douglas–Peucker on a closed ring (Clipper path), tolerance in integer units. */
function simplifyRing(ring, tol) {
  const n = ring.length;
  if (n < 4) return ring;
  // Anchor at the first vertex and the vertex farthest from it.
  let far = 0;
  let best = -1;
  for (let i = 1; i < n; i++) {
    const d = (ring[i].X - ring[0].X) ** 2 + (ring[i].Y - ring[0].Y) ** 2;
    if (d > best) [best, far] = [d, i];
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  const at = (i) => ring[i % n];
  const stack = [[0, far], [far, n]];
  while (stack.length > 0) {
    const [a, b] = stack.pop();
    if (b - a < 2) continue;
    const A = at(a);
    const B = at(b);
    const dx = B.X - A.X;
    const dy = B.Y - A.Y;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstAt = -1;
    for (let i = a + 1; i < b; i++) {
      const P = at(i);
      let d;
      if (len2 === 0) {
        d = Math.hypot(P.X - A.X, P.Y - A.Y);
      } else {
        const t = Math.max(0, Math.min(1, ((P.X - A.X) * dx + (P.Y - A.Y) * dy) / len2));
        d = Math.hypot(P.X - (A.X + t * dx), P.Y - (A.Y + t * dy));
      }
      if (d > worst) [worst, worstAt] = [d, i];
    }
    if (worst > tol) {
      keep[worstAt % n] = 1;
      stack.push([a, worstAt], [worstAt, b]);
    }
  }
  return ring.filter((_, i) => keep[i]);
}

const ringArea = (p) => Math.abs(ClipperLib.Clipper.Area(p)) / SCALE / SCALE;

/** Whether a feature has a vertex within BOX. */
function near(feature) {
  const g = feature.geometry;
  if (!g) return false;
  const [w, s, e, n] = BOX;
  return JSON.stringify(g.coordinates)
    .match(/-?[0-9.]+,-?[0-9.]+/g)
    .some((pair) => {
      const [lon, lat] = pair.split(',').map(Number);
      return lon >= w && lon <= e && lat >= s && lat <= n;
    });
}

/**
 * The parts of `paths` (outer rings with their holes) that hold some of `land`: pockets of sea
 * margin cut off from China's land by other land (within Hong Kong, at the Tumen's mouth) go.
 */
function withLand(paths, land) {
  const c = new ClipperLib.Clipper();
  c.AddPaths(paths, ClipperLib.PolyType.ptSubject, true);
  const tree = new ClipperLib.PolyTree();
  if (!c.Execute(ClipperLib.ClipType.ctUnion, tree, 1, 1)) throw new Error('clipper failed');
  const kept = [];
  const visit = (node) => {
    for (const outer of node.Childs()) {
      const holes = outer.Childs();
      const part = [outer.Contour(), ...holes.map((h) => h.Contour())];
      const overlap = clip(part, land, ClipperLib.ClipType.ctIntersection);
      if (overlap.some((p) => ClipperLib.Clipper.Area(p) !== 0)) kept.push(...part);
      for (const hole of holes) visit(hole);
    }
  };
  visit(tree);
  return kept;
}

// ----- The recipe -------------------------------------------------------------------------

function build() {
  const features = topojson.feature(world, world.objects.countries).features;
  const [w, s, e, n] = BOX.map((v) => Math.round(v * SCALE));
  const box = [[{ X: w, Y: s }, { X: e, Y: s }, { X: e, Y: n }, { X: w, Y: n }]];
  const china = features.find((f) => f.id === CHINA_ID);
  if (!china) throw new Error('no China feature');

  const added = ADDED_ISLANDS.map(([, lat, lon, km]) => disc(lat, lon, km));
  const foreignIslands = FOREIGN_ISLANDS.map(([, lat, lon, km]) => disc(lat, lon, km));
  let foreign = [];
  for (const f of features) {
    if (f === china || !near(f)) continue;
    foreign.push(...intersection(featurePaths(f), box));
  }
  const chinaPaths = featurePaths(china);
  const corrections = BORDER_CORRECTIONS_IN.map(([, lat, lon, km]) => reach(chinaPaths, lat, lon, km));
  const outCorrections = BORDER_CORRECTIONS_OUT.map(([, lat, lon, km]) => reach(foreign, lat, lon, km));
  const notChina = [...foreignIslands, ...outCorrections];
  foreign = union([...foreign, ...notChina]);
  const land = difference(union([...chinaPaths, ...added, ...corrections]), notChina);

  const sea = difference(widen(land, SEA_MARGIN_DEG), widen(foreign, FOREIGN_MARGIN_DEG));
  const outline = withLand(union([...land, ...sea]), land);
  const simplified = outline
    .map((r) => simplifyRing(r, SIMPLIFY_TOLERANCE_DEG * SCALE))
    .filter((r) => r.length >= 3);
  const clean = ClipperLib.Clipper.SimplifyPolygons(simplified, ClipperLib.PolyFillType.pftEvenOdd);
  // Largest first, so that the mainland is ring 0.
  clean.sort((a, b) => ringArea(b) - ringArea(a));
  return { rings: clean, inputVertices: outline.reduce((k, r) => k + r.length, 0) };
}

// ----- Output -----------------------------------------------------------------------------

const deg = (v) => {
  const s = (v / SCALE).toFixed(5).replace(/0+$/, '');
  return s.endsWith('.') ? `${s}0` : s;
};
// The same value as an integer number of 1e-5° (SCALE = 1e5): the digits of `deg` without the
// point. Stored as i32 pairs, half the size of f64 pairs in the library; geo.rs divides by 1e5,
// which gives exactly the f64 the decimal reads as.
const units = (v) => String(Number((v / SCALE).toFixed(5).replace('.', '')));

function write(rings, inputVertices, file) {
  const total = rings.reduce((k, r) => k + r.length + 1, 0);
  const lines = [];
  lines.push('// @generated by scripts/outline/build-outline.js: do not edit by hand; run scripts/outline/run.');
  lines.push('//');
  lines.push('// The outline of mainland China for `geo::in_mainland_china`, from Natural Earth 1:10m');
  lines.push('// "Admin 0 – Countries" 4.1.0 (public domain), via npm packages');
  lines.push(`// ${Object.entries(VERSIONS).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  lines.push(
    `// Sea margin ${SEA_MARGIN_DEG}°, kept ${FOREIGN_MARGIN_DEG}° from other land; ` +
      `Douglas–Peucker tolerance ${SIMPLIFY_TOLERANCE_DEG}°.`,
  );
  lines.push('// Islands added (absent from Natural Earth 1:10m):');
  for (const [name, lat, lon, km] of ADDED_ISLANDS) lines.push(`//   ${name}: ${km} km around (${lat}, ${lon})`);
  lines.push('// Islands excluded (absent from Natural Earth 1:10m):');
  for (const [name, lat, lon, km] of FOREIGN_ISLANDS) lines.push(`//   ${name}: ${km} km around (${lat}, ${lon})`);
  lines.push('// Border corrections, mainland (around the place, joined to Natural Earth\'s China):');
  for (const [name, lat, lon, km] of BORDER_CORRECTIONS_IN) lines.push(`//   ${name}: ${km} km around (${lat}, ${lon})`);
  lines.push('// Border corrections, not mainland:');
  for (const [name, lat, lon, km] of BORDER_CORRECTIONS_OUT) lines.push(`//   ${name}: ${km} km around (${lat}, ${lon})`);
  lines.push(`// ${rings.length} rings, ${total - rings.length} vertices (${inputVertices} before simplification).`);
  lines.push('//');
  lines.push('// Vertices are (lat, lon) in WGS-84, in units of 1e-5° (the generator\'s grid; the degrees are');
  lines.push('// the units divided by 1e5, exactly as the decimal would be read). Every ring is stored closed');
  lines.push('// (its first vertex repeated at its end) and the rings follow one another; OUTLINE_RING_ENDS');
  lines.push("// holds the index one past each ring's last vertex. A point is inside when a ray from it");
  lines.push('// crosses the rings an odd number of times (even-odd rule): holes are rings too.');
  lines.push('');
  const ends = [];
  let k = 0;
  for (const r of rings) {
    k += r.length + 1;
    ends.push(k);
  }
  lines.push('/// Index one past the last vertex of each ring of [`OUTLINE_VERTICES`].');
  lines.push('#[rustfmt::skip]');
  lines.push(`static OUTLINE_RING_ENDS: [usize; ${rings.length}] = [`);
  for (let i = 0; i < ends.length; i += 12) lines.push('    ' + ends.slice(i, i + 12).join(', ') + ',');
  lines.push('];');
  lines.push('');
  lines.push('/// The vertices of every ring, (lat, lon) in units of 1e-5°, each ring closed.');
  lines.push('#[rustfmt::skip]');
  lines.push(`static OUTLINE_VERTICES: [(i32, i32); ${total}] = [`);
  rings.forEach((r, i) => {
    const ys = r.map((p) => p.Y);
    const xs = r.map((p) => p.X);
    lines.push(
      `    // ring ${i}: ${r.length} vertices, lat ${deg(Math.min(...ys))} to ${deg(Math.max(...ys))}, ` +
        `lon ${deg(Math.min(...xs))} to ${deg(Math.max(...xs))}`,
    );
    const closed = [...r, r[0]];
    for (let j = 0; j < closed.length; j += 4) {
      lines.push('    ' + closed.slice(j, j + 4).map((p) => `(${units(p.Y)}, ${units(p.X)})`).join(', ') + ',');
    }
  });
  lines.push('];');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return total;
}

const out = process.argv[2] || path.join(__dirname, '../../crates/waystation-base/data/mainland-outline.rs');
const { rings, inputVertices } = build();
const total = write(rings, inputVertices, out);
console.log(`${rings.length} rings, ${total - rings.length} vertices (from ${inputVertices}) -> ${out}`);
console.log(`packages: ${JSON.stringify(VERSIONS)}`);
