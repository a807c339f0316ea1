// Reference lists and places (issue 10): a new version imported while a kiosk is open reaches
// every screen after one sync, and a registration made under the old one is still delivered; a
// commune found by typing a few letters in either script, from the keyboard; no screen wider
// than a 320 px phone in Arabic or French.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  isoDateFromToday, launchBrowser, offersCommand, openPage, resumeDraftAt,
  seriousAccessibilityViolations, serverCommand, startServer, tempDir, waitForConnectivity,
  waitForPage, waitForServiceWorker, waitUntil,
} from "./harness.mjs";
import { clientId, outboxStates } from "./outbox-support.mjs";

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);
const WILAYAS = new URL("../../reference/wilayas.csv", import.meta.url);
const COMMUNES = new URL("../../reference/communes.csv", import.meta.url);

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
    // axe-core is injected as a script: the page's CSP would refuse it.
    const context = await browser.newContext({ locale, bypassCSP: true });
    t.after(() => context.close());
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
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
    assert.deepEqual(errors, []);
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
  // About 330 px before the compact header; about 150 px with it (two short rows).
  assert.ok(header.height <= 160, `the header takes ${header.height} px of 844`);
  for (const control of await page.locator(".site-header a, .site-header button").all()) {
    assert.ok(await control.isVisible(), "every header control stays");
  }
  await phone.close();
});

test("a version imported while the kiosk is open reaches the offers and the wizard after one sync; a registration made offline under the old one is delivered", async (t) => {
  const data = await tempDir("guichet-e2e-reference-");
  let server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  await waitForServiceWorker(page);

  // Sent with the agency unreachable, under the built-in lists: Alger Centre (1601) in wilaya 16.
  const id = clientId();
  await resumeDraftAt(page, { clientId: id, step: "review", registration: JSON.parse(await readFile(FIXTURE, "utf8")) });
  // The agency goes away; the kiosk, reopened, knows it is offline.
  await server.stop();
  await page.reload();
  await page.locator('h1[data-step="review"]').waitFor({ timeout: 15_000 });
  await waitForConnectivity(page, "offline", 15_000);
  await page.click(".wizard-send");
  await waitForPage(page, `/receipt/${id}`);
  // The offers screen stays open through what follows (the service worker serves it offline),
  // with a mark that a reload would erase.
  await page.goto(`${server.url}/offers`);
  await waitForPage(page, "/offers");
  await page.evaluate(() => { window.sameDocument = true; });

  // Meanwhile the agency imports a new version: a wilaya 70 that takes Alger Centre (its code stays).
  const wilayas = join(data.path, "wilayas.csv");
  const communes = join(data.path, "communes.csv");
  await writeFile(wilayas, `${(await readFile(WILAYAS, "utf8")).trimEnd()}\n70,Nouvelle Wilaya,الولاية الجديدة,2027\n`);
  const moved = (await readFile(COMMUNES, "utf8")).replace(/^1601,16,/m, "1601,70,");
  assert.notEqual(moved, await readFile(COMMUNES, "utf8"));
  await writeFile(communes, moved);
  assert.match(
    await serverCommand(data.path, ["reference", "import", "--wilayas", wilayas, "--communes", communes]),
    /reference version \d+ stored/,
  );
  assert.match(await serverCommand(data.path, ["reference", "show"]), /wilayas\t70\ncommunes\t1541/);
  server = await startServer({ port: server.port, databaseDir: data.path });

  // The registration made under the old lists (wilaya 16 for 1601) reaches the agency.
  await waitUntil(async () => (await outboxStates(page))[id]?.state === "confirmed", {
    timeout: 30_000, what: "the registration confirmed",
  });

  // Without a reload, the offers filters show the new wilaya.
  await page.waitForFunction(
    () => [...document.querySelectorAll("select[name=wilaya] option")].some((option) => option.value === "70"),
    null, { timeout: 30_000 },
  );
  assert.equal(await page.evaluate(() => window.sameDocument), true, "no reload");
  // So does the wizard, its own part of the app, loaded from the offers screen's link.
  await page.click(".site-header a.brand");
  await waitForPage(page, "/");
  await page.click("#main .choice-register");
  await waitForPage(page, "/register");
  await page.locator('h1[data-step="civil_status"]').waitFor({ timeout: 15_000 });
  await page.selectOption(field("civil_status.birth_wilaya"), "70");
  await page.fill(field("civil_status.birth_commune"), "alger c");
  assert.match(await page.locator(`${field("civil_status.birth_commune")}-option-0`).textContent(), /^Alger Centre/);
  // And the receipt says it reached the agency.
  await page.goto(`${server.url}/receipt/${id}`);
  await page.locator('.receipt-state[data-state="confirmed"]').waitFor({ timeout: 15_000 });
});
