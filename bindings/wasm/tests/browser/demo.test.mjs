// End-to-end test of examples/web/ in headless Chromium: fills the forms, asserts what the user
// sees in zh-CN and en, on a desktop and at a phone's 375 px (no ids, no English in the Chinese
// page beyond brand names, no Chinese in the English one), fails on any console error or request
// leaving 127.0.0.1, and saves screenshots under target/wasm-demo/ (harness.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, stopDemo, open, page, visibleText, assertReadable, findAt, texts, scenes, problems, CJK }
  from "./harness.mjs";
import { Catalogue } from "../../pkg/node/waystation_wasm.js";

// The same library under Node, to compare the page's words with the library's own.
const lib = Catalogue.sample();
function libraryError(call) {
  try { call(); } catch (e) { return e; }
  return assert.fail("the library accepted it");
}

before(startDemo);
after(stopDemo);

test("finder: nearest stations with hours and services, numbered markers that do not overlap, popups", async () => {
  await scenes("finder", async (lang) => {
    const zh = lang === "zh-CN";
    await findAt({ limit: "3", needs: ["charging", "drinking_water"] });
    const items = await texts("#results li.station-result");
    assert.equal(items.length, 3);
    assert.match(items[0], zh ? /^1\s*工商银行济南/ : /^1\s*ICBC Jinan/);
    assert.match(items[0], zh ? /\d+ 米|公里/ : /\d+ m|km/);
    assert.match(items[0], zh ? /营业中，\d\d:\d\d 结束营业/ : /Open now, closes at \d\d:\d\d/);
    assert.match(items[0], zh ? /6月10日营业时间 07:00–21:00/ : /Hours on 10 Jun: 07:00–21:00/);
    assert.match(items[0], zh ? /现有服务：.*手机充电/ : /Services now: .*Phone charging/);
    assert.match(await page.textContent("#finder-summary"), zh ? /50 公里内找到 3 个驿站/ : /3 stations within 50 km/);
    // The base map: provinces, Shandong's cities and their names, from the npm package.
    assert.ok(await page.$$eval("#map path.leaflet-interactive, #map path", (p) => p.length) >= 50);
    const labels = await page.$$eval(".city-label span", (s) => s.map((e) => e.textContent));
    assert.equal(labels.length, 17);
    assert.ok(labels.includes(zh ? "济南市" : "Jinan") && labels.includes(zh ? "青岛市" : "Qingdao"), labels.join());
    // Numbered markers, one per result, none covering another; the courier's position.
    const boxes = await page.$$eval(".pin.hit", (els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; }));
    assert.deepEqual(boxes.map((b) => b[4]).sort(), ["1", "2", "3"]);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        assert.ok(!overlap, `markers ${a[4]} and ${b[4]} overlap`);
      }
    }
    assert.equal(await page.$$eval("#map path.you", (c) => c.length), 1);
    // The popup of the first result: name, state, the day's hours, services now.
    await page.click("#results li.station-result:first-child .show-on-map");
    await page.waitForSelector(".leaflet-popup .popup");
    const popup = await page.innerText(".leaflet-popup .popup");
    assert.match(popup, zh ? /工商银行济南[\s\S]*营业中[\s\S]*营业时间 07:00–21:00[\s\S]*现有服务/ : /ICBC Jinan[\s\S]*Open[\s\S]*Hours on 10 Jun: 07:00–21:00[\s\S]*Services now/);
  });
});

test("finder: a public holiday names the holiday and its hours", async () => {
  await scenes("holiday", async (lang) => {
    const zh = lang === "zh-CN";
    await findAt({ when: "2026-10-01T10:00", limit: "8", openOnly: false });
    const items = await texts("#results li.station-result");
    assert.ok(items.length >= 3, items.join("\n"));
    assert.match(items[0], zh ? /国庆节假期，营业中，17:00 结束营业/ : /National Day holiday · Open now, closes at 17:00/);
    assert.match(items[0], zh ? /10月1日营业时间 09:00–17:00/ : /Hours on 1 Oct: 09:00–17:00/);
    assert.ok(items.some((i) => (zh ? /国庆节假期，休息中，10月8日 08:30 开门/ : /Closed now, opens at 08:30 on 8 Oct/).test(i)), items.join("\n"));
    // A make-up working day is named only where it changes the station's hours (the library's
    // specialDay): the nearest station keeps its usual hours on 10 Oct, another does not.
    await findAt({ when: "2026-10-10T10:00", limit: "3", openOnly: false });
    const makeUp = await texts("#results li.station-result");
    assert.match(makeUp[0], zh ? /10月10日营业时间/ : /Hours on 10 Oct: /);
    assert.doesNotMatch(makeUp[0], /调休|make-up/i);
    assert.ok(makeUp.some((i) => (zh ? /国庆节调休上班日，/ : /Make-up working day for National Day/).test(i)), makeUp.join("\n"));
  });
});

test("finder: far from every station, the reason names the radius and the nearest station", async () => {
  await scenes("far-away", async (lang) => {
    const zh = lang === "zh-CN";
    await page.selectOption("#place", "4"); // Urumqi
    await page.fill("#when", "2026-06-10T10:00");
    await page.click("#find");
    await page.waitForSelector("#finder-summary:not([hidden])");
    assert.equal(await page.$$eval("#results li", (l) => l.length), 0);
    const summary = await page.innerText("#finder-summary");
    assert.match(summary, zh ? /^50 公里内没有符合条件的驿站。/ : /^No matching station within 50 km\./);
    assert.match(summary, zh ? /最近的符合条件的驿站是工商银行.*距离约 [\d,]+ 公里/ : /nearest matching station is ICBC .*about [\d,]+ km away/);
    // Another radius is named as given.
    await page.fill("#radius", "120");
    await page.click("#find");
    await page.waitForFunction(() => /120/.test(document.querySelector("#finder-summary").innerText));
    assert.match(await page.innerText("#finder-summary"), zh ? /^120 公里内没有/ : /within 120 km/);
    assert.equal(await page.$$eval("#map path.you", (c) => c.length), 1);
  });
});

test("eligibility: a bad resident ID shows an error in the user's language in place of the results", async () => {
  await scenes("bad-resident-id", async (lang) => {
    const zh = lang === "zh-CN";
    await page.click("#fill-sample");
    await page.click("#match");
    await page.waitForSelector("#recommended li.product");
    await page.fill("#resident-id", "370102199506122018"); // wrong check character
    await page.click("#match");
    await page.waitForSelector("#profile-error:not([hidden])");
    const main = await page.innerText("#profile-error .error-main");
    if (zh) assert.match(main, /[\u4e00-\u9fff]/); else assert.doesNotMatch(main, CJK);
    assert.doesNotMatch(main, /invalid_input|resident_id|checksum/);
    assert.match(main, zh ? /身份证号/ : /resident ID/i);
    // The library's own message for the user when it has one, else the page's.
    const error = libraryError(() => lib.matchProducts({ residentId: "370102199506122018" }, "2026-06-01T09:00:00+08:00"));
    if (error.userMessage) assert.equal(main, zh ? error.userMessage.zh : error.userMessage.en);
    assert.equal(await page.getAttribute("#resident-id", "aria-invalid"), "true");
    // The stale results are gone.
    assert.equal(await page.isHidden("#products"), true);
    assert.equal(await page.$$eval("#recommended li, #excluded li", (l) => l.length), 0);
    // The developer detail is kept, folded away.
    const detail = await page.textContent("#profile-error details code");
    assert.match(detail, /invalid_input/);
    assert.match(detail, /profile\.resident_id/);
  });
});

test("eligibility: the product list (page's own words)", async () => {
  await scenes("products", async (lang) => {
    await page.click("#fill-sample");
    await page.fill("#as-of", "2026-06-01T09:00");
    await page.click("#match");
    await page.waitForSelector("#recommended li.product");
    const recommended = await page.$$eval("#recommended > li.product", (els) => els.map((e) => e.dataset.product));
    assert.ok(recommended.length >= 2, recommended.join());
    assert.ok(!recommended.includes("courier_debit_card"), "already held");
    // The province is asked for and given: no product waits for it.
    assert.equal(await page.$eval("#province", (s) => s.value), "shandong");
    const all = await page.innerText("#products");
    assert.doesNotMatch(all, lang === "en" ? /province missing|missing.*province/i : /缺少.*省份/);
    // The bank's internal priority is not shown.
    assert.doesNotMatch(all, /产品目录优先级|catalogue priority/i);
    // The page's own text around the core's texts reads in the user's language.
    assertReadable(await visibleText("#profile-form"), lang, "products form");
    assertReadable(await visibleText("header"), lang, "products header");
  }, { readable: false });
});

test("finder: other datums, closed stations at night, bad input replaces the results", async () => {
  await open("desktop", "en");
  // Typed coordinates in another datum (BD-09, Yantai) at night: closed stations listed too.
  await page.fill("#lat", "37.5306"); await page.fill("#lon", "121.5169");
  await page.selectOption("#datum", "bd09");
  await page.fill("#when", "2026-06-10T23:30");
  await page.uncheck("#open-only");
  await page.click("#find");
  await page.waitForFunction(() => document.querySelector("#results li")?.textContent.includes("Yantai"));
  const night = await texts("#results li.station-result");
  assert.ok(night.some((t) => /Closed now, opens at \d\d:\d\d tomorrow/.test(t)), night.join("\n"));

  // Bad input: the error in the user's language, the developer detail folded, no stale results.
  await page.fill("#lat", "123");
  await page.click("#find");
  await page.waitForSelector("#finder-error:not([hidden])");
  assert.doesNotMatch(await page.innerText("#finder-error .error-main"), /invalid_input|query\.|_/);
  assert.match(await page.textContent("#finder-error details code"), /invalid_input( \/ error\.invalid_field)? \[query\.position\.lat\]/);
  assert.equal(await page.$$eval("#results li", (l) => l.length), 0);
  assert.equal(await page.isHidden("#finder-summary"), true);
  assert.equal(await page.$$eval(".pin.hit", (l) => l.length), 0);
  await page.click("#lang-zh");
  assert.match(await page.innerText("#finder-error .error-main"), /纬度|位置/);
  await page.click("#lang-en");
  await page.fill("#lat", "36.6512"); await page.fill("#lon", "117.1201");
  await page.selectOption("#datum", "gcj02"); await page.fill("#when", "2026-06-10T10:00");
  await page.check("#open-only");
  await page.click("#find");
  await page.waitForSelector("#finder-error[hidden]", { state: "attached" });
  assert.ok(await page.$$eval("#results li.station-result", (l) => l.length) > 0);
});

test("map: at the province's scale, nearby stations gather into clusters; none is lost", async () => {
  await open("desktop", "zh-CN");
  const clusters = await page.$$eval(".cluster span", (s) => s.map((e) => Number(e.textContent)));
  const single = await page.$$eval(".pin.other", (p) => p.length);
  assert.ok(clusters.length > 0 && clusters.every((n) => n >= 2), clusters.join());
  assert.equal(clusters.reduce((a, b) => a + b, 0) + single, 38);
  // A click on a cluster zooms in and splits it.
  await page.click(".cluster");
  await page.waitForTimeout(500);
  assert.ok(await page.$$eval(".pin.other", (p) => p.length) > single);
  // Any station's marker opens its popup, worded for the time of the form.
  await page.click(".pin.other");
  await page.waitForSelector(".leaflet-popup .popup");
  assert.match(await page.innerText(".leaflet-popup .popup"), /工商银行[\s\S]*(营业中|休息中)[\s\S]*(营业|不营业)/);
});

test("finder: a suspended station says so, in the list and its popup", async () => {
  await open("desktop", "zh-CN");
  await page.fill("#lat", "36.765622"); await page.fill("#lon", "118.072909");
  await page.selectOption("#datum", "wgs84");
  await page.fill("#when", "2026-11-02T10:00");
  await page.uncheck("#open-only");
  await page.fill("#limit", "1");
  await page.click("#find");
  await page.waitForSelector("#results li.station-result");
  const item = await page.innerText("#results li.station-result");
  assert.match(item, /淄博淄川示例支行4号网点[\s\S]*暂停服务/);
  await page.click("#results li.station-result .show-on-map");
  await page.waitForSelector(".leaflet-popup .popup");
  assert.match(await page.innerText(".leaflet-popup .popup"), /暂停服务/);
  await page.click("#lang-en");
  assert.match(await page.innerText("#results li.station-result"), /Temporarily out of service/);
});

test("eligibility: every input, ranking, non-personalised, earliest date, reasons", async () => {
  await open("desktop", "zh-CN");
  // Every field of the courier profile has an input, with labelled options.
  for (const id of ["resident-id", "occupation", "employer", "employment-start", "province", "city", "income",
    "kyc", "risk-grade", "assessed-at", "as-of", "non-personalised"]) {
    assert.ok(await page.$(`#${id}`), id);
  }
  assert.deepEqual(await page.$$eval("#kyc option", (o) => o.map((e) => e.textContent)),
    ["未填写", "未核验", "基础核验（证件和手机号）", "远程实名核验", "临柜核验（本人到网点）"]);
  assert.equal(await page.$$eval("#province option", (o) => o.length), 35);
  await page.click("#fill-sample");
  assert.equal(await page.$$eval("#history-list .history-at", (i) => i.length), 1);
  await page.click("#history-add");
  await page.fill("#history-list .history-row:last-child .history-at", "2025-12-01T09:00");
  await page.fill("#as-of", "2026-06-01T09:00");
  await page.click("#match");
  await page.waitForSelector("#recommended li.product");
  const recommended = await page.$$eval("#recommended > li.product", (els) => els.map((e) => e.dataset.product));
  assert.ok(recommended.includes("courier_micro_loan"), `micro-loan with the province given: ${recommended.join()}`);
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
    els.filter((e) => /need|occupation|courier/i.test(e.textContent)).length), 0);
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
  assert.match(await page.textContent(`${card} .eligible-on`), /Eligible from 2026-05-03/);
  await page.click(`${card} details summary`);
  assert.ok(await page.$$eval(`${card} li.criterion.failed`, (c) => c.length) > 0);
});

test("no console errors, no failed or external requests", () => {
  assert.deepEqual(problems, []);
});
