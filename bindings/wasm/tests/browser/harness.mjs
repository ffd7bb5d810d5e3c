// Harness of the demo page's browser tests: serves examples/web/ and what it loads from
// 127.0.0.1, drives headless Chromium (Debian `chromium` + playwright-core) with one context per
// language, records console errors and any request leaving 127.0.0.1, and holds the checks of what
// the user reads. Screenshots go to target/wasm-demo/ (not committed).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, normalize, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SHOTS = join(ROOT, "target/wasm-demo");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".json": "application/json", ".map": "application/json", ".png": "image/png" };
// Only the demo page, the built package and the page's npm dependencies are served.
// (And the typed conformance driver the browser suite imports into the page.)
const SERVED = ["/examples/web/", "/bindings/wasm/pkg/web/", "/bindings/wasm/node_modules/leaflet/dist/",
  "/bindings/wasm/node_modules/leaflet.markercluster/dist/", "/bindings/wasm/node_modules/china-geojson/src/geojson/",
  "/bindings/wasm/tests/typed_driver.mjs", "/bindings/wasm/tests/same.mjs"];
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 812 } };
export const LANGS = ["zh-CN", "en"];

// Latin words allowed in the zh-CN page: brand and package names, datum names, and the codes of
// investor risk grades (C1–C5) and product risk ratings (R1–R5) that Chinese banks print as is.
const BRANDS = new Set(["ICBC", "waystation", "Leaflet", "china-geojson", "AntV", "GCJ-02", "WGS-84", "BD-09",
  "Wi-Fi", "C1", "C2", "C3", "C4", "C5", "R1", "R2", "R3", "R4", "R5"]);
// Each language switch is named in its own language.
const LANGUAGE_NAMES = { "zh-CN": "English", en: "中文" };
const ID_PATTERN = /\b[a-z]+_[a-z_]+\b/g;
export const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

let server; let browser; let base;
/** The page of the language last opened (see `open`). */
export let page;
const pages = {};
/** Console errors, failed requests and requests leaving 127.0.0.1, for a final test to check. */
export const problems = [];

export async function startDemo() {
  await mkdir(SHOTS, { recursive: true });
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!SERVED.some((p) => path.startsWith(p))) { res.writeHead(404).end(); return; }
    const file = join(ROOT, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // One browser context per language, its locale (Accept-Language, navigator.language) set to
  // match, as a user's browser would be.
  for (const lang of LANGS) {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: lang === "en" ? "en-GB" : "zh-CN" });
    const p = await context.newPage();
    p.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    p.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    p.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    // No external network: any request leaving 127.0.0.1 is a failure.
    await p.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
      problems.push(`external request: ${url}`);
      return route.abort();
    });
    pages[lang] = p;
  }
}

export async function stopDemo() {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
}

/** A fresh page at `viewport` in `lang`. */
export async function open(viewport = "desktop", lang = "zh-CN") {
  page = pages[lang];
  await page.setViewportSize(VIEWPORTS[viewport]);
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await page.click(lang === "en" ? "#lang-en" : "#lang-zh");
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** What the user can read: rendered text, every option of every select, the title, and the
 * tooltips and accessible names (`title`, `aria-label`, `alt`) of what is shown. */
export async function visibleText(selector = "body") {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    const parts = [root.innerText, document.title];
    for (const s of root.querySelectorAll("select")) for (const o of s.options) parts.push(o.textContent);
    for (const e of root.querySelectorAll("[title], [aria-label], [alt]")) {
      if (e.closest("[hidden], details:not([open]) > :not(summary)")) continue;
      for (const a of ["title", "aria-label", "alt"]) if (e.getAttribute(a)) parts.push(e.getAttribute(a));
    }
    return parts.join("\n");
  }, selector);
}

/** No ids, no English in zh-CN beyond brands, no Chinese in en. */
export function assertReadable(text, lang, where) {
  const ids = text.match(ID_PATTERN) ?? [];
  assert.deepEqual(ids, [], `${where} (${lang}): ids in visible text`);
  text = text.split(LANGUAGE_NAMES[lang]).join("");
  if (lang === "zh-CN") {
    const latin = (text.match(/[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]/g) ?? []).filter((w) => !BRANDS.has(w));
    assert.deepEqual([...new Set(latin)], [], `${where} (zh-CN): English words in the Chinese page`);
  } else {
    const rest = text;
    const cjk = rest.match(new RegExp(CJK.source, "g")) ?? [];
    const lines = rest.split("\n").filter((l) => CJK.test(l));
    assert.deepEqual(cjk.length, 0, `${where} (en): Chinese in the English page:\n${lines.join("\n")}`);
  }
}

export async function assertLayout(viewport, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${where} (${viewport}): page wider than the screen by ${overflow}px`);
}

export async function shot(name) {
  await page.waitForTimeout(350); // Leaflet's zoom animation
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export async function findAt({ place = "0", when = "2026-06-10T10:00", limit = "5", needs = [], openOnly = true }) {
  await page.selectOption("#place", place);
  await page.fill("#when", when);
  await page.fill("#limit", limit);
  for (const n of needs) await page.check(`input[name=need][value=${n}]`);
  if (openOnly) await page.check("#open-only"); else await page.uncheck("#open-only");
  await page.click("#find");
  await page.waitForSelector("#finder-summary:not([hidden])");
  await page.waitForTimeout(400); // the map's zoom animation
}

export const texts = (sel) => page.$$eval(sel, (els) => els.map((e) => e.innerText));

/** Each scene in zh-CN and en, on a desktop and a phone: assert, then screenshot. */
export async function scenes(name, run, { readable = true } = {}) {
  for (const viewport of Object.keys(VIEWPORTS)) {
    for (const lang of LANGS) {
      await open(viewport, lang);
      await run(lang, viewport);
      if (readable) assertReadable(await visibleText(), lang, name);
      await assertLayout(viewport, name);
      await shot(`${name}-${lang}-${viewport}`);
    }
  }
}

