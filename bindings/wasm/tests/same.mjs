// Helpers of the tests that compare the package's answers with the JSON API's.

const snake = (k) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

/** Object keys renamed camel → snake (the JSON API's names), except below `gearStock` (its keys
 *  are gear codes, data). */
export function toSnake(v) {
  if (Array.isArray(v)) return v.map(toSnake);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), k === "gearStock" ? x : toSnake(x)]));
  }
  return v;
}

/** Conformance comparison: numbers equal within 1e-7 absolute + 1e-9 relative (platforms'
 *  maths libraries may differ in the last bits), object key order ignored, all else equal.
 *  `null` when equal, else the first difference with its path. */
export function same(actual, expected, path) {
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
