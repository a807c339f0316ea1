// Places and narrow screens (issue 10): a commune found by typing a few letters in either script,
// from the keyboard, and no screen wider than a 320 px phone in Arabic or French.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  isoDateFromToday, launchBrowser, offersCommand, openPage, seriousAccessibilityViolations,
  startServer, tempDir,
} from "./harness.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const field = (path) => `#field-${path.replaceAll(".", "-")}`;

async function serve(t, { offers = false } = {}) {
  const data = await tempDir("guichet-e2e-reference-");
  if (offers) {
    const csv = join(data.path, "offres.csv");
    const columns = "external_id,title_fr,title_ar,employer,wilaya,commune,occupation,sector,contract,published_at,expires_at";
    // Commune 319 (Aflou) moved to the new wilaya 59 in 2026: its official code is taken as is.
    const row = ["E2E-AFLOU", "Agent de sécurité", "عون أمن", "SARL Garde", 59, "319", "5414", "services", "cdi",
      isoDateFromToday(-1), isoDateFromToday(30)];
    await writeFile(csv, `${columns}\n${row.join(",")}\n`);
    await offersCommand(data.path, ["import", csv]);
  }
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  return server;
}

async function openRegister(page, server) {
  await page.goto(`${server.url}/register`);
  await page.locator('h1[data-step="civil_status"]').waitFor({ timeout: 15_000 });
}

for (const [locale, typed] of [["fr-FR", "bab ezz"], ["ar-DZ", "باب الز"]]) {
  test(`typing «${typed}» with Algiers chosen offers Bab Ezzouar (${locale})`, async (t) => {
    const server = await serve(t);
    const { context, page, consoleErrors } = await openPage(browser, { locale });
    t.after(() => context.close());
    await openRegister(page, server);

    // The wilaya list holds the 69 wilayas of 2026, code and name.
    const wilayas = await page.locator(`${field("civil_status.birth_wilaya")} option`).count();
    assert.equal(wilayas, 70, "69 wilayas and the empty choice");
    await page.selectOption(field("civil_status.birth_wilaya"), "16");

    const combobox = field("civil_status.birth_commune");
    assert.equal(await page.getAttribute(combobox, "role"), "combobox");
    await page.focus(combobox);
    await page.keyboard.type(typed);
    const first = page.locator(`${combobox}-option-0`);
    await first.waitFor();
    assert.match(await first.textContent(), locale === "fr-FR" ? /^Bab Ezzouar/ : /^باب الزوار/);
    assert.match(await first.textContent(), /Dar El Beïda/, "the daïra tells communes apart");
    assert.equal(await page.getAttribute(combobox, "aria-expanded"), "true");
    assert.deepEqual(await seriousAccessibilityViolations(page), [], "axe, list open");

    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getAttribute(combobox, "aria-activedescendant"), "field-civil_status-birth_commune-option-0");
    await page.keyboard.press("Enter");
    assert.equal(await page.getAttribute(combobox, "aria-expanded"), "false");
    assert.equal(await page.inputValue(combobox), locale === "fr-FR" ? "Bab Ezzouar" : "باب الزوار");
    // Enter chose the commune; it did not submit the step.
    assert.equal(await page.locator('h1[data-step="civil_status"]').count(), 1);

    // Another wilaya empties the commune.
    await page.selectOption(field("civil_status.birth_wilaya"), "31");
    await page.waitForFunction((selector) => document.querySelector(selector)?.value === "", combobox);
    assert.deepEqual(await seriousAccessibilityViolations(page), [], "axe, list closed");
    assert.deepEqual(consoleErrors, []);
  });
}

test("the date of birth is three fields that take Arabic-Indic digits, or a year alone", async (t) => {
  const server = await serve(t);
  const { context, page } = await openPage(browser, { locale: "ar-DZ" });
  t.after(() => context.close());
  await openRegister(page, server);
  const day = field("civil_status.birth_date");
  assert.equal(await page.locator(`${day}[type=date]`).count(), 0, "never the browser's date picker");
  await page.fill(day, "١٤");
  await page.fill(`${day}-month`, "٣");
  await page.fill(`${day}-year`, "١٩٩٥");
  await page.press(`${day}-year`, "Tab");
  assert.equal(await page.textContent(`${day}-error`), "");
  await page.check(field("civil_status.birth_date_presumed"));
  assert.equal(await page.inputValue(day), "1995", "a presumed date keeps the year typed");
});

const SCREENS = ["/", "/offers", "/register", "/outbox", "/setup", "/nowhere"];

test("no screen scrolls sideways at 320 px, and the header stays short on a phone", async (t) => {
  const server = await serve(t, { offers: true });
  for (const locale of ["ar-DZ", "fr-FR"]) {
    const context = await browser.newContext({ locale, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    const screens = [...SCREENS];
    for (const path of screens) {
      await page.goto(`${server.url}${path}`);
      await page.locator("main :is(h1, h2, p)").first().waitFor({ timeout: 15_000 });
      if (path === "/offers") {
        await page.locator(".offer-card").first().waitFor({ timeout: 15_000 });
        screens.push(await page.getAttribute(".offer-card", "href"));
      }
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(widths.scroll <= widths.client, `${locale} ${path}: ${widths.scroll} px wide in ${widths.client}`);
    }
    await context.close();
  }
  const phone = await browser.newContext({ locale: "ar-DZ", viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await page.goto(`${server.url}/register`);
  await page.locator('h1[data-step="civil_status"]').waitFor({ timeout: 15_000 });
  const header = await page.locator(".site-header").boundingBox();
  assert.ok(header.height <= 140, `the header takes ${header.height} px of 844`);
  for (const control of await page.locator(".site-header a, .site-header button").all()) {
    assert.ok(await control.isVisible(), "every header control stays");
  }
  await phone.close();
});
