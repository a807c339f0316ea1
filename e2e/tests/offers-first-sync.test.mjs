// The first download of a large catalogue, as a seeker on a phone meets it: the status says how
// many offers have arrived out of how many, and what has arrived is listed and searched while
// the rest comes. And a start asks the agency for each thing once.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  launchBrowser, offersCommand, openPage, seriousAccessibilityViolations, startServer, tempDir,
  visibleText, waitUntil,
} from "./harness.mjs";
import { startFaultProxy } from "./fault-proxy.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const OFFERS = 20_000;
/** `SNAPSHOT_PART` of src/offers/sync.rs: offers stored per transaction. */
const PART = 2_000;
/** `SNAPSHOT_HEAD_OFFERS` of crates/protocol: the newest offers a snapshot's head holds. */
const HEAD = 60;

/** The numbers of a text, thousands separators (spaces, commas, U+202F) and bidi marks dropped. */
function numbers(text) {
  return [...text.replace(/(\d)[\s,\u202f\u00a0]+(?=\d{3}\b)/g, "$1").matchAll(/\d+/g)].map(Number);
}

/** The offers the list shows, by their links, in order. */
const listed = (page) => page.locator(".offer-list a.offer-card").evaluateAll(
  (links) => links.map((link) => link.getAttribute("href")));

async function resultCount(page) {
  const [count] = numbers(await visibleText(page, ".offers-result-count"));
  return count;
}

/**
 * A server holding OFFERS offers behind a proxy that holds the snapshot back until
 * `sendSnapshot()` (the offers worker asks for it, and Playwright's routing may miss a worker's
 * requests); `page` opened on its /offers. The snapshot's head is held with it, or sent at once
 * (`head: "sent"`), or its request given to `head` when that is a function (the proxy forwards
 * it once what that returns settles). Everything is closed after the test.
 */
async function heldFirstSync(t, page, { head = "held" } = {}) {
  const data = await tempDir("guichet-e2e-first-sync-");
  assert.match(await offersCommand(data.path, ["generate", "--count", String(OFFERS)]), /20000/);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  let sendSnapshot;
  const snapshotSent = new Promise((resolve) => { sendSnapshot = resolve; });
  const proxy = await startFaultProxy({ target: server.url });
  t.after(() => proxy.close());
  proxy.setIntercept(async (request) => {
    const path = new URL(request.url, proxy.url).pathname;
    if (!path.startsWith("/api/v1/offers/snapshots/")) return;
    if (path.endsWith("/head") && typeof head === "function") await head(request);
    else if (!path.endsWith("/head") || head === "held") await snapshotSent;
  });
  await page.goto(`${proxy.url}/offers`);
  return { sendSnapshot };
}

test("a first sync counts the offers as they arrive, and lists and searches those already here", async (t) => {
  // CSP bypassed for axe's injected script only; the other tests keep the page's own policy.
  const context = await browser.newContext({ locale: "fr-FR", bypassCSP: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  // The snapshot waits until the search is typed and the page records what it shows.
  const { sendSnapshot } = await heldFirstSync(t, page);

  // The pointer gave the total before a byte of the snapshot came.
  await page.locator(".offers-progress-text").waitFor({ timeout: 15_000 });
  assert.deepEqual(numbers(await visibleText(page, ".offers-progress-text")), [0, OFFERS]);
  assert.equal(await page.getAttribute(".offers-progress-text", "role"), "status");

  // The seeker types a search before anything has arrived; the page records what it shows at
  // every change while the parts land.
  await page.fill("#offer-search-input", "macon");
  await page.evaluate(() => {
    window.seen = [];
    const text = (selector) => document.querySelector(selector)?.textContent ?? null;
    new MutationObserver(() => {
      window.seen.push({
        progress: text(".offers-progress-text"),
        bar: document.querySelector(".offers-progress progress")?.getAttribute("value") ?? null,
        offers: text(".offers-count"),
        results: text(".offers-result-count"),
        titles: [...document.querySelectorAll(".offer-card .offer-title")].map((title) => title.textContent),
      });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  sendSnapshot();
  await page.locator(".offers-sync-status[data-state=current]").waitFor({ timeout: 60_000 });
  const seen = await page.evaluate(() => window.seen);

  // "Offres reçues : 2 000 sur 20 000…", in whole parts, the bar and the list's count agreeing,
  // and the search already answered from those offers: masons among them, fewer than all.
  const partial = seen.filter((state) => {
    if (state.progress === null || state.results === null) return false;
    const [received, total] = numbers(state.progress);
    const [results] = numbers(state.results);
    return received > 0 && received < OFFERS && total === OFFERS && received % PART === 0
      && Number(state.bar) === received && numbers(state.offers)[0] === received
      && results > 0 && results < received && state.titles.some((title) => title.includes("Maçon"));
  });
  assert.ok(partial.length > 0, JSON.stringify(seen.slice(0, 40)));
  assert.match(partial[0].progress.replace(/[\u2068\u2069]/g, ""), /^Offres reçues : .* sur .*…$/);
  const [fewer] = numbers(partial[0].results);

  // Then every offer, the same search finds more, and the progress is gone.
  assert.deepEqual(numbers(await visibleText(page, ".offers-count")), [OFFERS]);
  assert.equal(await page.locator(".offers-progress").count(), 0);
  await waitUntil(async () => (await resultCount(page)) > fewer, { what: "more masons once all arrived" });
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  assert.deepEqual(consoleErrors.filter((text) => !text.includes("Failed to load resource")), []);
});

test("a first sync stores the newest offers first: the list browsed after one part is the list it ends with", async (t) => {
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  const { sendSnapshot } = await heldFirstSync(t, page);
  await page.locator(".offers-progress-text").waitFor({ timeout: 15_000 });
  // The offers each list shows (their links), recorded at every change while the parts land.
  await page.evaluate(() => {
    window.seen = [];
    new MutationObserver(() => {
      const progress = document.querySelector(".offers-progress-text")?.textContent ?? null;
      const links = [...document.querySelectorAll(".offer-list a.offer-card")].map((link) => link.getAttribute("href"));
      window.seen.push({ progress, links });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  sendSnapshot();
  await page.locator(".offers-sync-status[data-state=current]").waitFor({ timeout: 60_000 });
  const seen = await page.evaluate(() => window.seen);
  const final = await listed(page);
  assert.equal(final.length, 30, "a first page of results");

  // While parts were still arriving, the list already showed the offers it shows at the end, in
  // the same order, and never others (drawn a few cards at a time: each state is a beginning of
  // the final list, and the whole of it before the sync ends).
  const during = seen.filter((state) => state.progress !== null && state.links.length > 0);
  assert.ok(during.length > 0, "the list showed offers while the parts arrived");
  const [received] = numbers(during[0].progress);
  assert.ok(received < OFFERS, `the first list came with part of the offers (${during[0].progress})`);
  for (const state of during) assert.deepEqual(state.links, final.slice(0, state.links.length), state.progress);
  assert.ok(during.some((state) => state.links.length === final.length), "the whole list while the parts arrived");
});

test("while the snapshot downloads, its head lists the newest offers: the list the sync ends with", async (t) => {
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  const { sendSnapshot } = await heldFirstSync(t, page, { head: "sent" });
  // The snapshot is held: what shows came from the head alone.
  await waitUntil(async () => (await listed(page)).length === 30, { timeout: 30_000, what: "a first page of offers from the head" });
  assert.deepEqual(numbers(await visibleText(page, ".offers-progress-text")), [HEAD, OFFERS]);
  assert.deepEqual(numbers(await visibleText(page, ".offers-count")), [HEAD]);
  const early = await listed(page);
  sendSnapshot();
  await page.locator(".offers-sync-status[data-state=current]").waitFor({ timeout: 60_000 });
  assert.deepEqual(numbers(await visibleText(page, ".offers-count")), [OFFERS]);
  assert.deepEqual(await listed(page), early, "the head's list is the beginning of the whole catalogue's");
});

test("a snapshot that comes before its head abandons the head's request, and the worker carries on", async (t) => {
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  const warnings = [];
  page.on("console", (message) => warnings.push(message.text()));
  // The head is never answered: the worker must give up its request once the snapshot is in.
  let headAbandoned = false;
  const { sendSnapshot } = await heldFirstSync(t, page, {
    head: (request) => new Promise(() => { request.socket.once("close", () => { headAbandoned = true; }); }),
  });
  sendSnapshot();
  await page.locator(".offers-sync-status[data-state=current]").waitFor({ timeout: 60_000 });
  await waitUntil(async () => headAbandoned, { what: "the head's request abandoned" });
  // Still running: it answers a search from every offer.
  await page.fill("#offer-search-input", "macon");
  await waitUntil(async () => (await resultCount(page)) > 0, { what: "masons found" });
  assert.deepEqual(numbers(await visibleText(page, ".offers-count")), [OFFERS]);
  assert.deepEqual(warnings.filter((text) => text.includes("worker")), []);
});

test("a start asks for the offers' changes, the sealing key and the reference lists once each", async (t) => {
  const data = await tempDir("guichet-e2e-first-sync-");
  await offersCommand(data.path, ["generate", "--count", "50"]);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  // Counted by a proxy in front of the server: the offers worker asks, and Playwright may not see
  // a worker's requests.
  const proxy = await startFaultProxy({ target: server.url });
  t.after(() => proxy.close());
  const asked = [];
  proxy.setIntercept((request) => {
    const path = new URL(request.url, proxy.url).pathname;
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
    if (visit === "first") await page.goto(`${proxy.url}/offers`);
    else await page.reload();
    await settled();
    for (const path of ["/api/v1/offers/changes", "/api/v1/sealing-key", "/api/v1/reference"]) {
      assert.equal(count(path), 1, `${visit} visit, ${path}: ${JSON.stringify(asked)}`);
    }
  }
});
