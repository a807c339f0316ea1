// Job offers, as a seeker meets them: the first sync, searching in Arabic and in French with the
// agency unreachable, a deep link opened offline, and a withdrawn offer leaving after the next
// sync once the agency is back; a first sync from the agency's snapshot then the changes after
// it, and from the feed alone when the agency has no snapshot.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  isoDateFromToday, launchBrowser, offersCommand, openPage, readAllStores,
  seriousAccessibilityViolations, startServer, tempDir, visibleText, waitForConnectivity,
  waitForServiceWorker, waitUntil,
} from "./harness.mjs";
import { startFaultProxy } from "./fault-proxy.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const COLUMNS = "external_id,title_fr,title_ar,employer,wilaya,commune,occupation,sector,contract,published_at,expires_at";

function offersCsv() {
  const published = isoDateFromToday(-2);
  const expires = isoDateFromToday(30);
  const rows = [
    ["E2E-MACON", "Maçon qualifié", "بنّاء مؤهل", "SARL Bâtir", 16, "1601", "7112", "btph", "cdd"],
    ["E2E-CHAUFFEUR", "Chauffeur poids lourd", "سائق وزن ثقيل", "Transports Hadj Ali", 31, "3101", "8332", "transport", "cdi"],
    ["E2E-INFIRMIER", "Infirmier de nuit", "مُمَرِّض ليلي", "Clinique Ibn Sina", 25, "2501", "2221", "health", "cdi"],
    ["E2E-CUISINIER", "Cuisinier en restauration collective", "", "Base de vie Sud", 30, "3001", "5120", "tourism", "cdd"],
    ["E2E-COMPTABLE", "", "محاسب رئيسي", "مؤسسة الأمل", 9, "0901", "2411", "services", "cdi"],
  ];
  return [COLUMNS, ...rows.map((row) => [...row, published, expires].join(","))].join("\n") + "\n";
}

async function cardTitles(page) {
  return page.locator(".offer-card .offer-title").allTextContents();
}

async function search(page, text) {
  await page.fill("#offer-search-input", text);
}

async function waitForTitles(page, expected, timeout = 10_000) {
  const wanted = JSON.stringify([...expected].sort());
  await page.waitForFunction((wanted) => {
    const titles = [...document.querySelectorAll(".offer-card .offer-title")].map((e) => e.textContent.trim());
    return JSON.stringify(titles.sort()) === wanted;
  }, wanted, { timeout }).catch(async (error) => {
    throw new Error(`expected ${wanted}, saw ${JSON.stringify(await cardTitles(page))}: ${error.message}`);
  });
}

test("offers sync, are searched offline in Arabic and French, and a withdrawal syncs away", async (t) => {
  const data = await tempDir("guichet-e2e-offers-");
  const csv = join(data.path, "offres.csv");
  await writeFile(csv, offersCsv());
  const imported = await offersCommand(data.path, ["import", csv]);
  assert.match(imported, /5 rows, 5 new/);

  let server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());

  // First visit: the whole feed lands in IndexedDB.
  await page.goto(`${server.url}/offers`);
  await waitForServiceWorker(page);
  await page.locator(".offers-sync-status[data-state=current] .offers-count").waitFor({ timeout: 15_000 });
  assert.equal((await visibleText(page, ".offers-count")).trim(), "5 offres");
  assert.match(await visibleText(page, ".offers-updated"), /Mis à jour il y a moins d'une minute/);
  await waitForTitles(page, [
    "Maçon qualifié", "Chauffeur poids lourd", "Infirmier de nuit",
    "Cuisinier en restauration collective", "محاسب رئيسي",
  ]);

  // The worker keeps its index with the cursor it was made at: the reload below starts from it
  // rather than from every stored offer.
  await waitUntil(async () => {
    const { cursor, kept } = await keptIndex(page);
    return cursor !== undefined && kept?.cursor === cursor && kept.bytes > 0;
  }, { what: "the index kept at the stored cursor" });

  // The agency goes away; a reload still opens the list from the device.
  await server.stop();
  await page.reload();
  await page.locator(".offers-sync-status").waitFor({ timeout: 10_000 });
  await waitForTitles(page, [
    "Maçon qualifié", "Chauffeur poids lourd", "Infirmier de nuit",
    "Cuisinier en restauration collective", "محاسب رئيسي",
  ]);

  // Arabic: without the diacritics the offer was written with, and by a word of its title.
  await search(page, "ممرض");
  await waitForTitles(page, ["Infirmier de nuit"]);
  await search(page, "سائق");
  await waitForTitles(page, ["Chauffeur poids lourd"]);
  await search(page, "محاس");
  await waitForTitles(page, ["محاسب رئيسي"]);
  // French: without the cedilla, and by prefix as one types.
  await search(page, "macon");
  await waitForTitles(page, ["Maçon qualifié"]);
  await search(page, "restau");
  await waitForTitles(page, ["Cuisinier en restauration collective"]);
  await search(page, "plombier");
  await page.locator(".empty-state[data-state=no-match]").waitFor();

  // Filters, offline too: a wilaya, then a contract type with an occupation group.
  await search(page, "");
  await page.selectOption("select[name=wilaya]", "25");
  await waitForTitles(page, ["Infirmier de nuit"]);
  await page.selectOption("select[name=wilaya]", "");
  await page.selectOption("select[name=contract]", "cdi");
  await waitForTitles(page, ["Chauffeur poids lourd", "Infirmier de nuit", "محاسب رئيسي"]);
  await page.selectOption("select[name=group]", "health");
  await waitForTitles(page, ["Infirmier de nuit"]);
  await page.selectOption("select[name=group]", "");
  await page.selectOption("select[name=contract]", "");

  // A deep link to one offer opens offline, with how to apply.
  await search(page, "macon");
  await waitForTitles(page, ["Maçon qualifié"]);
  const href = await page.getAttribute(".offer-card", "href");
  await page.goto(`${server.url}${href}`);
  await page.locator(".offer-detail h1").waitFor({ timeout: 10_000 });
  assert.equal((await page.textContent(".offer-detail h1")).trim(), "Maçon qualifié");
  assert.match(await visibleText(page, ".offer-reference"), /E2E-MACON/);
  assert.match(await page.textContent(".apply-at-agency"), /guichet/);

  // The agency withdraws an offer and comes back: the next sync removes it.
  const withdrawn = await offersCommand(data.path, ["withdraw", "E2E-CHAUFFEUR"]);
  assert.match(withdrawn, /withdrawn/);
  server = await startServer({ port: server.port, databaseDir: data.path });
  await page.click(".back-to-list");
  await waitForConnectivity(page, "online", 15_000);
  await waitForTitles(page, [
    "Maçon qualifié", "Infirmier de nuit", "Cuisinier en restauration collective", "محاسب رئيسي",
  ], 15_000);
  assert.equal((await visibleText(page, ".offers-count")).trim(), "4 offres");
  await search(page, "chauffeur");
  await page.locator(".empty-state[data-state=no-match]").waitFor();
  assert.deepEqual(consoleErrors.filter((text) => !text.includes("Failed to load resource")), []);
});

/** The stored feed cursor and the search index kept with it (`offers_sync`'s two records). */
function keptIndex(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("guichet");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const transaction = db.transaction(["offers_sync"], "readonly");
      const store = transaction.objectStore("offers_sync");
      const cursor = store.get("cursor");
      const kept = store.get("index");
      transaction.oncomplete = () => {
        db.close();
        const index = kept.result;
        resolve({
          cursor: cursor.result,
          kept: index && { cursor: index.cursor, bytes: index.bytes?.length ?? 0 },
        });
      };
      transaction.onerror = () => reject(transaction.error);
    };
  }));
}

/** The ids of the offers a device following the server's feed from the beginning ends with. */
async function liveOfferIds(serverUrl) {
  const held = new Set();
  let query = "";
  for (;;) {
    const page = await (await fetch(`${serverUrl}/api/v1/offers/changes?limit=2${query}`)).json();
    for (const offer of page.offers) held.add(offer.id);
    for (const id of page.removed) held.delete(id);
    if (!page.has_more) return [...held].sort();
    query = `&since=${encodeURIComponent(page.cursor)}`;
  }
}

test("a first sync takes the snapshot, then the changes after it, and holds exactly the live offers", async (t) => {
  const data = await tempDir("guichet-e2e-offers-");
  const csv = join(data.path, "offres.csv");
  await writeFile(csv, offersCsv());
  await offersCommand(data.path, ["import", csv]);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });

  // The agency takes its snapshot (5 offers); then one offer comes and one goes.
  const pointer = await (await fetch(`${server.url}/api/v1/offers/snapshot`)).json();
  assert.equal(pointer.offers, 5);
  const late = join(data.path, "late.csv");
  await writeFile(late, [COLUMNS, ["E2E-SOUDEUR", "Soudeur", "لحام", "Chantiers navals", 31, "3101",
    "7212", "industry", "cdd", isoDateFromToday(-1), isoDateFromToday(20)].join(",")].join("\n") + "\n");
  assert.match(await offersCommand(data.path, ["import", late]), /1 rows, 1 new/);
  assert.match(await offersCommand(data.path, ["withdraw", "E2E-INFIRMIER"]), /withdrawn/);
  // Too few changes for a new snapshot: the kiosk gets the one taken before them.
  const again = await (await fetch(`${server.url}/api/v1/offers/snapshot`)).json();
  assert.equal(again.cursor, pointer.cursor);

  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  const feedRequests = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/v1/offers/")) feedRequests.push(url.pathname + url.search);
  });
  await page.goto(`${server.url}/offers`);
  await waitForTitles(page, [
    "Maçon qualifié", "Chauffeur poids lourd", "Cuisinier en restauration collective",
    "محاسب رئيسي", "Soudeur",
  ], 15_000);
  await page.locator(".offers-sync-status[data-state=current]").waitFor({ timeout: 15_000 });

  // The snapshot by its name, then the feed from its cursor; never the feed from the beginning.
  assert.ok(feedRequests.includes(pointer.url), JSON.stringify(feedRequests));
  const sinceSnapshot = `since=${encodeURIComponent(pointer.cursor)}`;
  assert.ok(feedRequests.some((path) => path.startsWith("/api/v1/offers/changes") && path.includes(sinceSnapshot)),
    JSON.stringify(feedRequests));
  assert.ok(!feedRequests.some((path) => path.startsWith("/api/v1/offers/changes") && !path.includes("since=")),
    JSON.stringify(feedRequests));
  // Exactly the server's live offers, in IndexedDB, with a cursor past the snapshot's.
  const stores = await readAllStores(page);
  assert.deepEqual(stores.offers.map((offer) => offer.id).sort(), await liveOfferIds(server.url));
  assert.equal(stores.offers.length, 5);
  assert.deepEqual(consoleErrors.filter((text) => !text.includes("Failed to load resource")), []);
});

test("against an agency without snapshots, a first sync follows the feed from the beginning", async (t) => {
  const data = await tempDir("guichet-e2e-offers-");
  const csv = join(data.path, "offres.csv");
  await writeFile(csv, offersCsv());
  await offersCommand(data.path, ["import", csv]);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  // An older server: no such endpoint (answered by a proxy in front of the server: the offers
  // worker asks, and Playwright's routing may miss a worker's requests).
  const proxy = await startFaultProxy({ target: server.url });
  t.after(() => proxy.close());
  const pointerAsked = proxy.answerInstead((path) => path === "/api/v1/offers/snapshot", {
    status: 404, headers: { "content-type": "application/json" },
    body: JSON.stringify({ error: { code: "not_found", message: "no API endpoint at this path" } }),
  });
  await page.goto(`${proxy.url}/offers`);
  await waitForTitles(page, [
    "Maçon qualifié", "Chauffeur poids lourd", "Infirmier de nuit",
    "Cuisinier en restauration collective", "محاسب رئيسي",
  ], 15_000);
  assert.equal(pointerAsked.count, 1, "the app asked for the snapshot once, and was refused");
  const stores = await readAllStores(page);
  assert.deepEqual(stores.offers.map((offer) => offer.id).sort(), await liveOfferIds(server.url));
});

test("an unknown offer's deep link says so and leads back to the list", async (t) => {
  const data = await tempDir("guichet-e2e-offers-");
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "ar" });
  t.after(() => context.close());

  await page.goto(`${server.url}/offers/00000000-0000-4000-8000-000000000000`);
  await page.locator(".offer-missing h1").waitFor({ timeout: 10_000 });
  assert.equal((await page.textContent(".offer-missing h1")).trim(), "العرض غير متوفر");
  await page.click(".back-to-list");
  await page.locator(".empty-state[data-state=empty]").waitFor({ timeout: 10_000 });
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
});

for (const locale of ["ar", "fr-FR"]) {
  test(`the list and an offer page have no serious accessibility violation (${locale})`, async (t) => {
    const data = await tempDir("guichet-e2e-offers-");
    const csv = join(data.path, "offres.csv");
    await writeFile(csv, offersCsv());
    await offersCommand(data.path, ["import", csv]);
    const server = await startServer({ databaseDir: data.path });
    t.after(async () => { await server.stop(); await data.remove(); });
    const context = await browser.newContext({ locale, bypassCSP: true });
    t.after(() => context.close());
    const page = await context.newPage();

    await page.goto(`${server.url}/offers`);
    await page.locator(".offer-card").nth(4).waitFor({ timeout: 15_000 });
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    await page.click(".offer-card >> nth=0");
    await page.locator(".offer-detail h1").waitFor({ timeout: 10_000 });
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
  });
}
