// Enrolled kiosks: staff turn a device into a kiosk of their agency with a one-time code from
// `guichet-server devices code`; the kiosk sends its credential with every submission. Revoked
// (`guichet-server devices revoke`), it keeps what it holds and says it must be enrolled again;
// enrolled again, it delivers what it kept.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  deviceSettings, enrolmentCode, enrolOnSetup, launchBrowser, openPage, readAllStores,
  resumeDraftAt, seriousAccessibilityViolations, serverCommand, startServer, tempDir, waitForPage,
  waitUntil,
} from "./harness.mjs";
import { clientId, outboxStates, storedRegistrations } from "./outbox-support.mjs";

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);
/** ALEM Bab Ezzouar, a local agency of Algiers in reference/anem-agencies.csv. */
const AGENCY = { id: "16-04", name: /BAB EZZOUAR/i };

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A server on a fresh database; the harness has it seed ANEM's agencies. */
async function serveWithAgencies(t) {
  const data = await tempDir("guichet-e2e-enrol-");
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  return { server, data };
}

/** Sends a registration of person `index` through the wizard's review step; its client id. */
async function sendFromTheWizard(page, serverUrl, index) {
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  registration.identity.nin = String(109950123456789000n + BigInt(index));
  const id = clientId();
  await page.goto(`${serverUrl}/register`);
  await resumeDraftAt(page, { clientId: id, step: "review", registration });
  await page.click(".wizard-send");
  await waitForPage(page, `/receipt/${id}`);
  return id;
}

test("an enrolled kiosk submits; revoked, it pauses and keeps the entry; enrolled again, it delivers it", async (t) => {
  const { server, data } = await serveWithAgencies(t);
  const { context, page, consoleErrors } = await openPage(browser, { locale: "en-GB" });
  t.after(() => context.close());

  // A personal device until enrolled.
  await page.goto(`${server.url}/setup`);
  await page.locator('.setup-status[data-state="personal"]').waitFor();
  assert.equal(await enrolOnSetup(page, { code: await enrolmentCode(data.path, AGENCY.id), name: "Reception 1" }), "enrolled");
  assert.match(await page.textContent(".setup-enrolled"), AGENCY.name);
  await page.locator('.setup-status[data-state="enrolled"]').waitFor();
  assert.equal(await page.getAttribute(".setup-status", "data-agency"), AGENCY.id);
  assert.match(await page.textContent(".setup-status"), /Reception 1/);
  const first = await deviceSettings(page);
  assert.equal(first.mode, "kiosk");
  assert.equal(first.enrolment.agency.id, AGENCY.id);
  assert.ok(first.enrolment.credential.length >= 40, "a 256-bit credential");
  assert.deepEqual(first.idle, { idle_ms: 90_000, countdown_ms: 30_000 }, "the agency's delays");

  // It submits: the registration reaches the agency, and the QR code carries the client id.
  const delivered = await sendFromTheWizard(page, server.url, 1);
  assert.equal(await page.getAttribute(".receipt-qr", "data-qr"), `GUICHET:${delivered.toUpperCase()}`);
  await page.locator('.receipt-state[data-state="confirmed"]').waitFor({ timeout: 20_000 });
  assert.equal((await storedRegistrations(data.path)).rows, 1);

  // Revoked: the next registration stays on the device, and staff are told to enrol it again.
  await serverCommand(data.path, ["devices", "revoke", first.enrolment.device_id]);
  const kept = await sendFromTheWizard(page, server.url, 2);
  // Whichever learns of the 401 first pauses the outbox: the sender's own attempt, or the
  // status check the page makes when it loads.
  await page.locator(".enrol-again").waitFor({ timeout: 20_000 });
  const paused = await waitUntil(async () => {
    const { outbox = [] } = await readAllStores(page);
    const entry = outbox.find((candidate) => candidate.client_id === kept);
    return entry?.state.state === "queued" ? entry : null;
  }, { what: "the entry kept, waiting" });
  assert.ok(
    paused.state.last_error === null || paused.state.last_error.status === 401,
    JSON.stringify(paused.state),
  );
  assert.equal((await storedRegistrations(data.path)).rows, 1, "nothing more reached the agency");
  // The receipt (the home part's page: the wizard is another part) says it waits.
  await page.locator('.receipt-state[data-state="waiting"]').waitFor();
  assert.equal(await page.locator(".receipt-state").count(), 1);

  // The header's notice leads to the setup screen, which says why.
  await page.click(".enrol-again");
  await page.waitForURL("**/setup");
  await page.locator(".setup-refused").waitFor();
  await page.locator(".setup-enrol-form h2").waitFor();
  assert.match(await page.textContent(".setup-enrol-form h2"), /again/);

  // Enrolled again: the kept registration is delivered, exactly once.
  assert.equal(await enrolOnSetup(page, { code: await enrolmentCode(data.path, AGENCY.id), name: "Reception 1" }), "enrolled");
  const second = await deviceSettings(page);
  assert.notEqual(second.enrolment.device_id, first.enrolment.device_id, "a new device id");
  await waitUntil(async () => (await outboxStates(page))[kept]?.state === "confirmed", {
    timeout: 20_000, what: "the kept entry confirmed",
  });
  const stored = await storedRegistrations(data.path);
  assert.equal(stored.rows, 2);
  assert.ok(stored.byClient.has(delivered) && stored.byClient.has(kept));
  await page.locator(".setup-refused").waitFor({ state: "detached" });
  assert.equal(await page.locator(".enrol-again").count(), 0, "the notice is gone");
  assert.deepEqual(consoleErrors.filter((error) => !/Failed to load resource/.test(error)), []);
});

test("a wrong, used or mistyped code, or no network, gets a clear message, and nothing changes", async (t) => {
  const { server, data } = await serveWithAgencies(t);
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/setup`);

  // Mistyped: the screen says so without asking the agency, and focuses the field.
  await page.locator("#setup-code").waitFor();
  await page.fill("#setup-code", "7K3M");
  await page.fill("#setup-name", "Accueil 2");
  await page.click("button.setup-enrol");
  assert.match(await page.textContent("#setup-code-error"), /8 lettres et chiffres/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "setup-code");

  // No name: refused too.
  await page.fill("#setup-code", "7K3M-9QXD");
  await page.fill("#setup-name", "   ");
  await page.click("button.setup-enrol");
  assert.match(await page.textContent("#setup-name-error"), /nom/);

  // Wrong: the agency refuses it, and says the same as for a used or expired one.
  assert.equal(await enrolOnSetup(page, { code: "7K3M-9QXD", name: "Accueil 2" }), "setup-error-code-refused");
  assert.match(await page.textContent(".setup-enrol-error"), /erroné, déjà utilisé ou expiré/);

  // Offline: the screen says the agency cannot be reached, and the code is still good after.
  const code = await enrolmentCode(data.path, AGENCY.id);
  await context.setOffline(true);
  assert.equal(await enrolOnSetup(page, { code, name: "Accueil 2" }), "setup-error-network");
  assert.match(await page.textContent(".setup-enrol-error"), /injoignable/);
  await context.setOffline(false);

  // Used: a code serves once.
  assert.equal(await enrolOnSetup(page, { code, name: "Accueil 2" }), "enrolled");
  const enrolled = await deviceSettings(page);
  assert.equal(await enrolOnSetup(page, { code, name: "Accueil 3" }), "setup-error-code-refused");
  assert.deepEqual(await deviceSettings(page), enrolled, "the enrolment is unchanged");
});

test("the setup screen reads right to left in Arabic, fits 320 px and passes axe-core", async (t) => {
  const { server } = await serveWithAgencies(t);
  const context = await browser.newContext({
    locale: "ar-DZ", bypassCSP: true, viewport: { width: 320, height: 800 },
  });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${server.url}/setup`);
  await page.locator("#setup-code").waitFor();
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("#setup-code", "dir"), "ltr", "a code reads left to right");
  await page.click("button.setup-enrol");
  await page.locator("#setup-code[aria-invalid=true]").waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `the setup screen overflows 320 px by ${overflow} px`);
});
