// The offers' heavy work (sync, storage, search index) runs in a dedicated worker, a second wasm
// module, with the outbox's sender and sealing: the page's own module carries none of it, the
// list is answered by the worker, and a worker that cannot start costs the offers and the
// sending alone, never the rest of the app nor anything the person typed.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  distDir, launchBrowser, offersCommand, openPage, readAllStores, resumeDraftAt, startServer, tempDir,
} from "./harness.mjs";
import { startFaultProxy } from "./fault-proxy.mjs";
import { clientId } from "./outbox-support.mjs";

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The feed's path, which only the sync (`src/offers/sync.rs`) names. */
const FEED_PATH = "/api/v1/offers/changes";
/** The path submissions are posted to, which only the outbox's sender names. */
const REGISTRATIONS_PATH = "/api/v1/registrations";
const WORKER_PATH = "/offers-worker-loader.js";
/** The worker's module, which the loader fetches after the glue. */
const WORKER_MODULE = "/offers_worker_bg.wasm";

test("the page's modules hold no sync or sending code; the worker syncs and answers the list", async (t) => {
  const names = await readdir(distDir());
  const pageModules = names.filter((name) => name.startsWith("guichet") && name.endsWith("_bg.wasm"));
  assert.deepEqual(pageModules.sort(), ["guichet_bg.wasm", "guichet_offers_bg.wasm", "guichet_register_bg.wasm"]);
  assert.ok(names.includes("offers_worker_bg.wasm"), `no worker module in ${names}`);
  const workerBytes = await readFile(join(distDir(), "offers_worker_bg.wasm"));
  for (const pageModule of pageModules) {
    const pageBytes = await readFile(join(distDir(), pageModule));
    assert.equal(pageBytes.includes(FEED_PATH), false, `${pageModule} names the feed`);
    assert.equal(pageBytes.includes(REGISTRATIONS_PATH), false, `${pageModule} sends registrations`);
  }
  assert.equal(workerBytes.includes(FEED_PATH), true, "the worker's module names the feed");
  assert.equal(workerBytes.includes(REGISTRATIONS_PATH), true, "the worker's module sends them");

  const data = await tempDir("guichet-e2e-offers-worker-");
  await offersCommand(data.path, ["generate", "--count", "50"]);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/offers`);
  await page.locator(".offer-card").first().waitFor({ timeout: 15_000 });
  const workers = page.workers().map((worker) => new URL(worker.url()).pathname);
  assert.deepEqual(workers, [WORKER_PATH]);
  assert.equal(await page.locator(".offer-card").count(), 30, "the first page of 50 offers");
  assert.deepEqual(consoleErrors, []);
});

test("when the offers worker cannot start, the offers and the outbox say so, the wizard works, and a send that cannot be queued keeps the draft", async (t) => {
  const data = await tempDir("guichet-e2e-offers-worker-");
  await offersCommand(data.path, ["generate", "--count", "50"]);
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  // The loader and the glue arrive; the module does not (a broken download, a full disk). A
  // proxy in front of the server refuses it: the worker asks, and Playwright's routing may miss
  // a worker's requests.
  const proxy = await startFaultProxy({ target: server.url });
  t.after(() => proxy.close());
  const moduleAsked = proxy.answerInstead((path) => path.startsWith(WORKER_MODULE), { status: 404 });
  await page.goto(`${proxy.url}/offers`);
  const notice = page.locator('.empty-state[data-state="unavailable"]');
  await notice.waitFor({ timeout: 15_000 });
  assert.match(await notice.innerText(), /ne peut pas conserver les offres/);
  assert.ok(moduleAsked.count >= 1, "the worker asked for its module");

  await page.goto(`${proxy.url}/register`);
  await page.locator('h1[data-step]').waitFor({ timeout: 10_000 });

  // Sealing and queueing happen in the worker: without it, "send" says the registration could
  // not be saved, and the draft stays as it was.
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  const id = clientId();
  await resumeDraftAt(page, { clientId: id, step: "review", registration });
  await page.click(".wizard-send");
  await page.locator(".wizard .field-error").waitFor({ timeout: 10_000 });
  assert.match(await page.locator(".wizard .field-error").innerText(), /n'a pas pu être enregistrée/);
  const stores = await readAllStores(page);
  assert.deepEqual(stores.drafts.map((draft) => draft.client_id), [id], "the draft is kept");
  assert.deepEqual(stores.drafts[0].registration, registration);
  assert.deepEqual(stores.outbox, []);
  assert.equal(new URL(page.url()).pathname, "/register");

  // The outbox's screen reads the store through the worker too: it says it cannot, rather than
  // that nothing waits.
  await page.goto(`${proxy.url}/outbox`);
  const unavailable = page.locator(".outbox-unavailable");
  await unavailable.waitFor({ timeout: 10_000 });
  assert.match(await unavailable.innerText(), /ne peut pas être lue/);
  assert.equal(await page.getByText("Aucune inscription n'attend").count(), 0);
  await page.goto(`${proxy.url}/receipt/${id}`);
  const receipt = page.locator(".receipt-unavailable");
  await receipt.waitFor({ timeout: 10_000 });
  assert.match(await receipt.innerText(), /ne peut pas être lu/);
});
