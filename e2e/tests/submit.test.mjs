// Sending a registration from the wizard: the receipt exists the moment the person presses
// "send", with no network, and says when the registration has reached the agency.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  launchBrowser, openPage, readAllStores, resumeDraftAt, startServer, tempDir,
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
  const draft = await reviewDraft(page, JSON.parse(await readFile(FIXTURE, "utf8")));

  await server.stop();
  await page.click(".wizard-send");
  await page.waitForURL(`**/receipt/${draft.client_id}`);
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
