// End-to-end test of examples/web/ in headless Chromium (Debian `chromium` + playwright-core),
// served from 127.0.0.1 by a small static server: fills the forms, asserts what the page shows,
// fails on any console error, and saves screenshots under target/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".json": "application/json" };

let server; let browser; let page; let base;
const problems = [];

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    // Only the demo page and the built package are served.
    if (!path.startsWith("/examples/web/") && !path.startsWith("/bindings/wasm/pkg/web/")) {
      res.writeHead(404).end(); return;
    }
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
  page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  // No external network: any request leaving 127.0.0.1 is a failure.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    problems.push(`external request: ${url}`);
    return route.abort();
  });
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

test("station finder: sample location, services, map, zh-CN/en", async () => {
  assert.equal(await page.textContent("#finder-title"), "找驿站");
  await page.selectOption("#place", "0");
  await page.fill("#when", "2026-06-10T10:00");
  await page.check("input[name=need][value=charging]");
  await page.check("input[name=need][value=drinking_water]");
  await page.fill("#limit", "3");
  await page.click("#find");
  await page.waitForSelector("#results li.station-result");
  const items = await page.$$eval("#results li.station-result", (els) => els.map((e) => e.textContent));
  assert.equal(items.length, 3);
  assert.match(items[0], /^1\. 工商银行济南/);
  assert.match(items[0], /\d+ m|km/);
  assert.match(items[0], /营业中/);
  assert.match(items[0], /关门 06-10 \d\d:\d\d/);
  assert.equal(await page.$$eval("#map circle.station.hit", (c) => c.length), 3);
  assert.ok(await page.$$eval("#map circle.station", (c) => c.length) >= 38);
  assert.equal(await page.$$eval("#map circle.me", (c) => c.length), 1);

  await page.click("#lang-en");
  assert.equal(await page.textContent("#finder-title"), "Find a station");
  const en = await page.textContent("#results li.station-result");
  assert.match(en, /^1\. ICBC Jinan/);
  assert.match(en, /open · closes/);

  // Typed coordinates in another datum (BD-09, Yantai) at night: closed stations listed too.
  await page.fill("#lat", "37.5306"); await page.fill("#lon", "121.5169");
  await page.selectOption("#datum", "bd09");
  await page.fill("#when", "2026-06-10T23:30");
  await page.uncheck("#open-only");
  await page.uncheck("input[name=need][value=charging]");
  await page.uncheck("input[name=need][value=drinking_water]");
  await page.click("#find");
  await page.waitForFunction(() => document.querySelector("#results li")?.textContent.includes("Yantai"));
  const night = await page.$$eval("#results li.station-result", (els) => els.map((e) => e.textContent));
  assert.ok(night.some((t) => /closed · opens/.test(t)), night.join("\n"));

  // Bad input shows the error code and path.
  await page.fill("#lat", "123");
  await page.click("#find");
  await page.waitForSelector("#finder-error:not([hidden])");
  assert.match(await page.textContent("#finder-error"), /invalid_input \[query\.position\.lat\]/);
  await page.fill("#lat", "36.6512"); await page.fill("#lon", "117.1201");
  await page.selectOption("#datum", "gcj02"); await page.fill("#when", "2026-06-10T10:00");
  await page.check("#open-only");
  await page.click("#find");
  await page.waitForSelector("#finder-error[hidden]", { state: "attached" });
  await page.screenshot({ path: join(ROOT, "target/wasm-demo-finder.png"), fullPage: true });
});

test("eligibility panel: ranked products with reasons, hints, non-personalised", async () => {
  await page.click("#lang-zh");
  await page.click("#fill-sample");
  await page.fill("#as-of", "2026-06-01T09:00");
  await page.click("#match");
  await page.waitForSelector("#recommended li.product");
  const recommended = await page.$$eval("#recommended > li.product", (els) => els.map((e) => e.dataset.product));
  assert.ok(recommended.length >= 2, recommended.join());
  assert.ok(!recommended.includes("courier_debit_card"), "already held");
  const excluded = await page.$$eval("#excluded > li.product", (els) => els.map((e) => e.dataset.product));
  assert.ok(excluded.includes("courier_debit_card"));
  assert.ok(await page.$$eval("#recommended li.criterion.passed", (c) => c.length) > 0);
  assert.ok(await page.$$eval("#recommended ul.factors li", (c) => c.length) > 0);
  const personalisedOrder = recommended.join();

  await page.click("#lang-en");
  await page.check("#non-personalised");
  await page.click("#match");
  await page.waitForSelector("#match-notices .notice[data-code=not_personalised]");
  assert.equal(await page.$$eval("#recommended ul.factors li", (els) =>
    els.filter((e) => /need|occupation/i.test(e.textContent)).length), 0);
  const flat = await page.$$eval("#recommended > li.product", (els) => els.map((e) => e.dataset.product));
  assert.notEqual(flat.join(), personalisedOrder);

  // A courier turning 18 soon: ineligible with the earliest date shown.
  await page.uncheck("#non-personalised");
  await page.fill("#resident-id", "110105200805030012");
  await page.uncheck("input[name=held][value=courier_debit_card]");
  await page.fill("#as-of", "2026-05-02T12:00");
  await page.click("#match");
  const card = "#excluded li[data-product=little_bee_credit_card]";
  await page.waitForSelector(`${card} .eligible-on`);
  assert.match(await page.textContent(`${card} .eligible-on`), /eligible from: 2026-05-03/);
  await page.click(`${card} details summary`);
  assert.ok(await page.$$eval(`${card} li.criterion.failed`, (c) => c.length) > 0);

  // An invalid profile shows the field path.
  await page.fill("#resident-id", "123");
  await page.click("#match");
  await page.waitForSelector("#profile-error:not([hidden])");
  assert.match(await page.textContent("#profile-error"), /invalid_input \[profile\.resident_id\]/);
  await page.fill("#resident-id", "370102199506122017");
  await page.click("#match");
  await page.screenshot({ path: join(ROOT, "target/wasm-demo.png"), fullPage: true });
});

test("no console errors, no external requests", () => {
  assert.deepEqual(problems, []);
});
