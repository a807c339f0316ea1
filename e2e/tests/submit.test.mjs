// Sending a registration from the wizard: the receipt exists the moment the person presses
// "send", with no network, and says when the registration has reached the agency.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  launchBrowser, openPage, readAllStores, resumeDraftAt, startServer, tempDir, waitForPage,
  waitForServiceWorker, waitUntil,
} from "./harness.mjs";
import { clientId, storedRegistrations } from "./outbox-support.mjs";

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A complete draft waiting on the review step, as the wizard stores it. */
async function reviewDraft(page, registration) {
  const draft = { client_id: clientId(), step: "review", registration };
  await resumeDraftAt(page, { clientId: draft.client_id, step: "review", registration });
  return draft;
}

test("sent offline, the receipt shows its reference at once and turns 'reached the agency' when the server returns", async (t) => {
  const data = await tempDir("guichet-e2e-submit-");
  let server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  // Kept by the service worker: the receipt, another part of the app, opens with the agency gone.
  await waitForServiceWorker(page);
  const draft = await reviewDraft(page, JSON.parse(await readFile(FIXTURE, "utf8")));

  await server.stop();
  await page.click(".wizard-send");
  await waitForPage(page, `/receipt/${draft.client_id}`);
  const reference = await page.locator(".receipt-reference").getAttribute("data-reference");
  assert.match(reference, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(await page.locator('.receipt-state[data-state="waiting"]').count(), 1);
  assert.equal(await page.locator(".receipt-qr svg").count(), 1, "a QR code");
  const stores = await readAllStores(page);
  assert.deepEqual(stores.drafts, [], "the draft became the outbox entry");
  assert.equal(stores.outbox.length, 1);
  assert.equal(stores.outbox[0].client_id, draft.client_id);

  server = await startServer({ port: server.port, databaseDir: data.path });
  await page.locator('.receipt-state[data-state="confirmed"]').waitFor({ timeout: 20_000 });
  const stored = await storedRegistrations(data.path);
  assert.equal(stored.rows, 1);
  assert.equal(stored.byClient.get(draft.client_id), reference.replace("-", ""), "the same reference");
  await page.locator(".outbox-indicator").waitFor();
  assert.deepEqual(consoleErrors.filter((error) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(error)), []);
});

test("queued, a registration is sealed: IndexedDB holds none of its NIN, names or phone numbers", async (t) => {
  const data = await tempDir("guichet-e2e-sealed-");
  let server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  await waitForServiceWorker(page);
  // The agency's public key arrives with the first sync.
  await waitUntil(async () => {
    const { settings = [] } = await readAllStores(page);
    return settings.some((record) => record && typeof record.public_key === "string");
  }, { timeout: 20_000, what: "the agency's sealing key" });
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  const draft = await reviewDraft(page, registration);

  await server.stop();
  await page.click(".wizard-send");
  await waitForPage(page, `/receipt/${draft.client_id}`);
  const stores = await readAllStores(page);
  assert.equal(stores.outbox.length, 1);
  const [entry] = stores.outbox;
  assert.equal(entry.protocol, 3);
  assert.equal(entry.registration, undefined, "no registration in clear");
  assert.ok(entry.sealed?.ciphertext, "the sealed form");
  const everything = JSON.stringify(stores);
  const clear = [
    registration.identity.nin,
    registration.civil_status.last_name_latin,
    registration.civil_status.first_name_latin,
    registration.civil_status.last_name_arabic,
    registration.civil_status.first_name_arabic,
    registration.contact.mobile_phone,
  ].filter((value) => value);
  for (const value of clear) assert.ok(!everything.includes(value), `${value} in IndexedDB`);

  // The agency opens it, validates it and stores it once.
  server = await startServer({ port: server.port, databaseDir: data.path });
  await page.locator('.receipt-state[data-state="confirmed"]').waitFor({ timeout: 20_000 });
  const stored = await storedRegistrations(data.path);
  assert.equal(stored.rows, 1);
});

test("a registration with a mistake is not sent: the wizard opens the step to correct", async (t) => {
  const data = await tempDir("guichet-e2e-submit-");
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  registration.identity.nin = "12345";
  await reviewDraft(page, registration);

  await page.click(".wizard-send");
  await page.locator('h1[data-step="identity"]').waitFor({ timeout: 10_000 });
  await page.locator("#field-identity-nin[aria-invalid=true]").waitFor({ timeout: 10_000 });
  const stores = await readAllStores(page);
  assert.equal(stores.outbox.length, 0, "nothing was queued");
  assert.equal(stores.drafts.length, 1, "the draft is kept");
});
