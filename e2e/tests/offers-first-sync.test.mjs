// The first download of a large catalogue, as a seeker on a phone meets it: the status says how
// many offers have arrived out of how many, and what has arrived is listed and searched while
// the rest comes. And a start asks the agency for each thing once.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  launchBrowser, offersCommand, openPage, seriousAccessibilityViolations, startServer, tempDir,
  visibleText, waitUntil,
} from "./harness.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const OFFERS = 20_000;
/** `SNAPSHOT_PART` of src/offers/sync.rs: offers stored per transaction. */
const PART = 2_000;

/** The numbers of a text, thousands separators (spaces, commas, U+202F) and bidi marks dropped. */
function numbers(text) {
  return [...text.replace(/(\d)[\s,\u202f\u00a0]+(?=\d{3}\b)/g, "$1").matchAll(/\d+/g)].map(Number);
}

async function resultCount(page) {
  const [count] = numbers(await visibleText(page, ".offers-result-count"));
  return count;
}

test("a first sync counts the offers as they arrive, and lists and searches those already here", async (t) => {
  const data = await tempDir("guichet-e2e-first-sync-");
  assert.match(await offersCommand(data.path, ["generate", "--count", String(OFFERS)]), /20000/);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());

  // The snapshot waits until the test is ready to catch the sync between two of its parts.
  let sendSnapshot;
  const snapshotSent = new Promise((resolve) => { sendSnapshot = resolve; });
  await page.route("**/api/v1/offers/snapshots/*", async (route) => { await snapshotSent; await route.continue(); });
  await page.goto(`${server.url}/offers`);

  // The pointer gave the total before a byte of the snapshot came.
  await page.locator(".offers-progress-text").waitFor({ timeout: 15_000 });
  assert.deepEqual(numbers(await visibleText(page, ".offers-progress-text")), [0, OFFERS]);
  assert.equal(await page.getAttribute(".offers-progress-text", "role"), "status");

  // As soon as a part is shown, a transaction of the test's own takes the offers store: the next
  // part waits behind it (IndexedDB runs overlapping readwrite transactions in turn), so the
  // page stays with part of the catalogue for as long as the test looks.
  await page.evaluate(async () => {
    const database = await new Promise((resolve, reject) => {
      const request = indexedDB.open("guichet");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const received = () => {
      const text = document.querySelector(".offers-progress-text")?.textContent ?? "";
      return Number(text.split(/sur/)[0].replace(/\D/g, ""));
    };
    new MutationObserver((_, observer) => {
      if (!(received() > 0)) return;
      observer.disconnect();
      const store = database.transaction("offers", "readwrite").objectStore("offers");
      window.partsHeld = true;
      const hold = () => { if (!window.partsReleased) store.get("none").onsuccess = hold; };
      hold();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  sendSnapshot();
  await page.waitForFunction(() => window.partsHeld === true, null, { timeout: 30_000 });

  // "Offres reçues : 2 000 sur 20 000…": whole parts, fewer than all; the bar says the same.
  const [received, total] = numbers(await visibleText(page, ".offers-progress-text"));
  assert.equal(total, OFFERS);
  assert.ok(received > 0 && received < OFFERS && received % PART === 0, `received ${received}`);
  assert.match(await visibleText(page, ".offers-progress-text"), /^Offres reçues : .* sur .*…$/);
  assert.equal(Number(await page.getAttribute(".offers-progress progress", "value")), received);
  assert.equal(Number(await page.getAttribute(".offers-progress progress", "max")), OFFERS);
  assert.equal(await page.getAttribute(".offers-sync-status", "data-state"), "syncing");
  // The list holds what arrived, and searching it answers at once.
  assert.deepEqual(numbers(await visibleText(page, ".offers-count")), [received]);
  await page.locator(".offer-card").first().waitFor();
  await page.fill("#offer-search-input", "macon");
  await page.locator(".offer-card .offer-title", { hasText: "Maçon" }).first().waitFor({ timeout: 5_000 });
  const partial = await resultCount(page);
  assert.ok(partial > 0 && partial < received, `${partial} masons among ${received}`);
  assert.deepEqual(await seriousAccessibilityViolations(page), []);

  // The rest comes: every offer, the same search finds more, and the progress goes away.
  await page.evaluate(() => { window.partsReleased = true; });
  await page.locator(".offers-sync-status[data-state=current]").waitFor({ timeout: 60_000 });
  assert.deepEqual(numbers(await visibleText(page, ".offers-count")), [OFFERS]);
  assert.equal(await page.locator(".offers-progress").count(), 0);
  await waitUntil(async () => (await resultCount(page)) > partial, { what: "more masons once all arrived" });
  assert.deepEqual(consoleErrors.filter((text) => !text.includes("Failed to load resource")), []);
});

test("a start asks for the offers' changes, the sealing key and the reference lists once each", async (t) => {
  const data = await tempDir("guichet-e2e-first-sync-");
  await offersCommand(data.path, ["generate", "--count", "50"]);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  const asked = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (["/api/v1/offers/changes", "/api/v1/sealing-key", "/api/v1/reference"].includes(path)) asked.push(path);
  });
  const settled = async () => {
    await page.locator(".offers-sync-status[data-state=current]").waitFor({ timeout: 15_000 });
    // The reference lists come last in a sync; a second sync would start as soon as they are in.
    await waitUntil(async () => asked.includes("/api/v1/reference"), { what: "the reference lists asked" });
    await page.waitForTimeout(1_500);
  };
  const count = (path) => asked.filter((asked) => asked === path).length;

  // A first visit (the connectivity probe says online while the first sync runs), then a repeat
  // visit (online from the start, from the last contact stored).
  for (const visit of ["first", "repeat"]) {
    asked.length = 0;
    if (visit === "first") await page.goto(`${server.url}/offers`);
    else await page.reload();
    await settled();
    for (const path of ["/api/v1/offers/changes", "/api/v1/sealing-key", "/api/v1/reference"]) {
      assert.equal(count(path), 1, `${visit} visit, ${path}: ${JSON.stringify(asked)}`);
    }
  }
});
