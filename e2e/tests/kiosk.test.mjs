// The kiosk forgets each visitor: idle, a warning with a countdown, then a wipe that leaves no
// trace in any IndexedDB store, in the form or behind Back, and never touches the outbox.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  becomeKiosk, launchBrowser, openPage, putRecord, readAllStores, startServer, tempDir, waitUntil,
} from "./harness.mjs";

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
  await page.locator(".choice-register").waitFor();
  await becomeKiosk(page, { idleMs, countdownMs });
  await page.locator(".choice-register").waitFor();
  return { server, page, consoleErrors };
}

async function startRegistering(page) {
  await page.click(".choice-register");
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
  await page.waitForFunction(() => location.pathname === "/" && document.documentElement.lang === "ar");
  await page.locator(".choice-register").waitFor();

  const stores = await waitUntil(async () => {
    const stores = await readAllStores(page);
    return (stores.drafts ?? []).length === 0 ? stores : null;
  }, { what: "the drafts store to be empty" });
  const everything = JSON.stringify(stores);
  for (const trace of Object.values(VISITOR)) {
    assert.ok(!everything.includes(trace), `IndexedDB still holds ${trace}: ${everything}`);
  }
  assert.deepEqual(stores.outbox.find((entry) => entry.client_id === queued.client_id), queued);
  const webStorage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  assert.ok(!webStorage.includes(VISITOR.latin), webStorage);

  // Back shows nothing of the visitor.
  await page.goBack();
  await page.waitForLoadState();
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
  await page.waitForFunction(() => location.pathname === "/");
  await waitUntil(async () => ((await readAllStores(page)).drafts ?? []).length === 0, {
    what: "the drafts store to be empty after Finish",
  });
});
