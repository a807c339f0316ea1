// The kiosk forgets each visitor: idle, a warning with a countdown, then a wipe that leaves no
// trace in any IndexedDB store, in the form or behind Back, and never touches the outbox; from
// any screen, the welcome screen included; and a device started at /kiosk is a kiosk whatever
// its storage holds.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  becomeKiosk, deviceSettings, launchBrowser, openPage, putRecord, readAllStores, resumeDraftAt,
  startServer, tempDir, waitForDatabase, waitForPage, waitUntil,
} from "./harness.mjs";
import { clientId } from "./outbox-support.mjs";

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const VISITOR = { latin: "Zerrouki", arabic: "زروقي", nin: "109950123456789099" };
const field = (path) => `#field-${path.replaceAll(".", "-")}`;

async function kioskPage(t, { idleMs, countdownMs }) {
  const data = await tempDir("guichet-e2e-");
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(server.url);
  await page.locator("#main .choice-register").waitFor();
  await becomeKiosk(page, { idleMs, countdownMs });
  await page.locator("#main .choice-register").waitFor();
  return { server, page, consoleErrors };
}

async function startRegistering(page) {
  await page.click("#main .choice-register");
  await page.locator('h1[data-step="civil_status"]').waitFor();
  await page.fill(field("civil_status.last_name_latin"), VISITOR.latin);
  await page.fill(field("civil_status.last_name_arabic"), VISITOR.arabic);
  await waitUntil(async () => {
    const { drafts = [] } = await readAllStores(page);
    return drafts.some((draft) => draft.registration.civil_status.last_name_arabic === VISITOR.arabic);
  }, { what: "the visitor's draft in IndexedDB" });
}

test("idle, warning, wipe: nothing of the visitor is left, and the outbox is kept", async (t) => {
  const { page, consoleErrors } = await kioskPage(t, { idleMs: 2_000, countdownMs: 3_000 });
  const queued = { client_id: "0192f0c0-0000-7000-8000-0000000000aa", state: "queued", note: "keep me" };
  await putRecord(page, "outbox", queued);
  await startRegistering(page);
  // The browser must not remember personal fields for the next visitor.
  assert.equal(await page.getAttribute(field("civil_status.last_name_latin"), "autocomplete"), "off");
  assert.equal(await page.getAttribute("form.wizard-form", "autocomplete"), "off");

  await page.locator(".idle-dialog").waitFor({ timeout: 10_000 });
  const seconds = Number(await page.getAttribute(".idle-seconds", "data-seconds"));
  assert.ok(seconds >= 1 && seconds <= 3, `countdown shows ${seconds}`);
  assert.match(await page.textContent("#idle-body"), /sera effacé dans/);
  assert.equal(
    await page.evaluate(() => document.activeElement?.classList.contains("idle-still-here")),
    true,
    "the large button has the focus",
  );

  // The countdown runs out: the welcome screen returns, in the default language (Arabic).
  await page.locator(".idle-dialog").waitFor({ state: "detached", timeout: 10_000 });
  await waitForPage(page, "/");
  await page.waitForFunction(() => document.documentElement.lang === "ar");
  await page.locator("#main .choice-register").waitFor();

  const stores = await waitUntil(async () => {
    const stores = await readAllStores(page);
    return (stores.drafts ?? []).length === 0 ? stores : null;
  }, { what: "the drafts store to be empty" });
  const everything = JSON.stringify(stores);
  for (const trace of Object.values(VISITOR)) {
    assert.ok(!everything.includes(trace), `IndexedDB still holds ${trace}: ${everything}`);
  }
  // Kept: in the outbox, or (this record is not one the app can read) set aside as it was.
  const kept = stores.outbox.find((entry) => entry.client_id === queued.client_id)
    ?? JSON.parse((stores.quarantine ?? []).find((record) => record.key === queued.client_id)?.raw ?? "null");
  assert.deepEqual(kept, queued);
  const webStorage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  assert.ok(!webStorage.includes(VISITOR.latin), webStorage);

  // Back shows nothing of the visitor.
  await page.goBack();
  // Back may lead to another part of the app, whose page then loads.
  await waitForPage(page, new URL(page.url()).pathname);
  const text = await page.evaluate(() => document.body.innerText);
  const values = await page.evaluate(
    () => [...document.querySelectorAll("input")].map((input) => input.value).join("|"),
  );
  for (const trace of Object.values(VISITOR)) {
    assert.ok(!text.includes(trace), `the page behind Back shows ${trace}`);
    assert.ok(!values.includes(trace), `a field behind Back holds ${trace}`);
  }
  assert.deepEqual(consoleErrors, []);
});

test("\"I'm still here\" keeps everything; \"Finish\" wipes at once", async (t) => {
  const { page } = await kioskPage(t, { idleMs: 1_500, countdownMs: 30_000 });
  await startRegistering(page);
  await page.locator(".idle-dialog").waitFor({ timeout: 10_000 });
  // From the keyboard: the focus stays in the dialog, and Enter on the big button answers it.
  const focused = () => page.evaluate(() => document.activeElement?.className ?? "");
  await page.waitForFunction(() => document.activeElement?.classList.contains("idle-still-here"));
  await page.keyboard.press("Tab");
  assert.match(await focused(), /idle-finish/);
  await page.keyboard.press("Tab");
  assert.match(await focused(), /idle-still-here/);
  await page.keyboard.press("Enter");
  await page.locator(".idle-dialog").waitFor({ state: "detached" });
  assert.equal(await page.inputValue(field("civil_status.last_name_latin")), VISITOR.latin);
  const { drafts } = await readAllStores(page);
  assert.equal(drafts.length, 1);
  assert.equal(drafts[0].registration.civil_status.last_name_latin, VISITOR.latin);

  // The warning comes back after another idle period, and typing alone does not dismiss it.
  await page.locator(".idle-dialog").waitFor({ timeout: 10_000 });
  await page.click(".idle-finish");
  await waitForPage(page, "/");
  await waitUntil(async () => ((await readAllStores(page)).drafts ?? []).length === 0, {
    what: "the drafts store to be empty after Finish",
  });
});

/** What a visitor of the fixture leaves if anything: names, NIN, phone, address. */
const FIXTURE_TRACES = ["Benali", "بن علي", "109950123456789012", "550 12 34 56", "Didouche"];

/** Waits for the warning and the end of its countdown, then checks nothing of the visitor is
 *  left: in the page, in any IndexedDB store (outbox entries still waiting excepted: they were
 *  submitted and must be delivered), in web storage, or behind Back. */
async function assertVisitorLeftNothing(page, traces) {
  await page.locator(".idle-dialog").waitFor({ timeout: 10_000 });
  await page.locator(".idle-dialog").waitFor({ state: "detached", timeout: 10_000 });
  await waitForPage(page, "/");
  await page.locator("#main .choice-register").waitFor();
  const stores = await waitUntil(async () => {
    const stores = await readAllStores(page);
    const empty = (stores.drafts ?? []).length === 0 && (stores.receipts ?? []).length === 0;
    return empty ? stores : null;
  }, { what: "the drafts and receipts stores to be empty" });
  const waiting = (entry) => entry.state?.state === "queued" || entry.state?.state === "sending";
  stores.outbox = (stores.outbox ?? []).filter((entry) => !waiting(entry));
  const everything = JSON.stringify(stores);
  const webStorage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  const shown = async () => page.evaluate(() => document.body.innerText + "|" +
    [...document.querySelectorAll("input, textarea, select")].map((input) => input.value).join("|"));
  for (const trace of traces) {
    assert.ok(!everything.includes(trace), `IndexedDB still holds ${trace}: ${everything}`);
    assert.ok(!webStorage.includes(trace), `web storage holds ${trace}`);
    assert.ok(!(await shown()).includes(trace), `the welcome screen shows ${trace}`);
  }
  await page.goBack();
  // Back may lead to another part of the app, whose page then loads.
  await waitForPage(page, new URL(page.url()).pathname);
  for (const trace of traces) {
    assert.ok(!(await shown()).includes(trace), `the page behind Back shows ${trace}`);
  }
}

test("a kiosk visitor who leaves from the welcome screen leaves nothing, and the next starts empty", async (t) => {
  const { page, consoleErrors } = await kioskPage(t, { idleMs: 2_000, countdownMs: 3_000 });
  await startRegistering(page);
  // Back to the welcome screen by the agency's name, and away.
  await page.click(".brand");
  await waitForPage(page, "/");
  await assertVisitorLeftNothing(page, Object.values(VISITOR));
  // The next visitor's form is empty.
  await page.goto(new URL("/", page.url()).href);
  await page.click("#main .choice-register");
  await page.locator('h1[data-step="civil_status"]').waitFor();
  assert.equal(await page.inputValue(field("civil_status.last_name_latin")), "");
  assert.equal(await page.inputValue(field("civil_status.last_name_arabic")), "");
  assert.deepEqual(consoleErrors, []);
});

test("a kiosk visitor who leaves from the review leaves nothing", async (t) => {
  const { server, page } = await kioskPage(t, { idleMs: 2_000, countdownMs: 3_000 });
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  await page.goto(`${server.url}/register`);
  await resumeDraftAt(page, { clientId: clientId(), step: "review", registration });
  assert.match(await page.textContent(".wizard"), /Benali/);
  await assertVisitorLeftNothing(page, FIXTURE_TRACES);
});

test("a kiosk visitor who leaves from the receipt leaves nothing, and their receipt is gone", async (t) => {
  const { server, page } = await kioskPage(t, { idleMs: 2_000, countdownMs: 3_000 });
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  const id = clientId();
  await page.goto(`${server.url}/register`);
  await resumeDraftAt(page, { clientId: id, step: "review", registration });
  await page.click(".wizard-send");
  await waitForPage(page, `/receipt/${id}`);
  await page.locator(".receipt-reference").waitFor();
  // Past the idle delay the countdown covers the receipt.
  await page.locator(".idle-dialog").waitFor({ timeout: 10_000 });
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.querySelector(".idle-backdrop")).backgroundColor),
    "rgb(0, 0, 0)",
  );
  await assertVisitorLeftNothing(page, FIXTURE_TRACES);
  // The receipt's address, reached again within the app, shows nothing of the visitor.
  await page.evaluate((id) => {
    history.pushState(null, "", `/receipt/${id}`);
    dispatchEvent(new PopStateEvent("popstate"));
  }, id);
  await page.locator(".notice").waitFor();
  assert.equal(await page.locator(".receipt-reference").count(), 0);
});

test("a kiosk whose site data was cleared, started at /kiosk, is a kiosk and still wipes", async (t) => {
  const data = await tempDir("guichet-e2e-");
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  // A fresh browser profile: nothing stored at all.
  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/kiosk`);
  await page.waitForFunction(() => location.pathname === "/");
  // Not enrolled: the welcome screen asks staff to enrol it.
  await page.locator('.kiosk-not-enrolled a[href="/setup"]').waitFor();
  await waitForDatabase(page);
  const remembered = await waitUntil(async () => {
    const settings = await deviceSettings(page).catch(() => null);
    return settings?.mode === "kiosk" ? settings : null;
  }, { what: "the kiosk mode stored" });
  assert.equal(remembered.enrolment, null);
  assert.equal(await page.evaluate(() => localStorage.getItem("guichet.kiosk")), "true");

  // Its IndexedDB record says "personal" (as after a partial clear), with short delays: opened at
  // "/" now, the web storage witness still makes it a kiosk, and it wipes.
  await putRecord(page, "settings", {
    mode: "personal", idle: { idle_ms: 2_000, countdown_ms: 3_000 }, draft_lifetime_days: 15, enrolment: null,
  }, "device");
  await page.goto(server.url);
  await page.locator(".kiosk-not-enrolled").waitFor();
  await startRegistering(page);
  assert.equal(await page.getAttribute("form.wizard-form", "autocomplete"), "off");
  await assertVisitorLeftNothing(page, Object.values(VISITOR));
  assert.equal((await deviceSettings(page)).mode, "kiosk");
  assert.deepEqual(consoleErrors, []);
});
