// The product list as the user reads it, every rule's reasons open: no ids, nothing in the other
// language. Kept apart from demo.test.mjs on purpose: these texts come from the core's message
// catalogue (issue 15), not from the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, stopDemo, open, page, visibleText, assertReadable, problems, LANGS } from "./harness.mjs";

before(startDemo);
after(stopDemo);

test("eligibility: the product list's texts have no ids and match the page's language", async () => {
  for (const lang of LANGS) {
    await open("desktop", lang);
    await page.click("#fill-sample");
    await page.click("#match");
    await page.waitForSelector("#recommended li.product");
    await page.$$eval("#products details", (ds) => ds.forEach((d) => { d.open = true; }));
    assertReadable(await visibleText("#products"), lang, "product list");
  }
});

test("no console errors, no failed or external requests", () => {
  assert.deepEqual(problems, []);
});
