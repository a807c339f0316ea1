// Submitting registrations: every one reaches the agency exactly once, whatever happens between
// the browser and the server. The browser talks to the server through a fault-injecting proxy.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  launchBrowser, openPage, putRecord, readAllStores, startServer, tempDir, waitUntil,
} from "./harness.mjs";
import { startFaultProxy } from "./fault-proxy.mjs";
import {
  clientId, countByState, outboxEntries, outboxStates, registrations, sealedOutboxEntries, seedOutbox,
  storedRegistrations,
} from "./outbox-support.mjs";

const UNLIMITED = ["--anonymous-rate", "1000000", "--device-rate", "1000000"];

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A server, a proxy in front of it, and a page of the app loaded through the proxy. */
async function setUp(t, proxyOptions = {}) {
  const data = await tempDir("guichet-e2e-outbox-");
  // These stories are about faults, not limits: every request comes from 127.0.0.1 through the
  // proxy, so the per-address limit is raised out of the way.
  const world = { data, server: await startServer({ databaseDir: data.path, extraArgs: UNLIMITED }) };
  world.proxy = await startFaultProxy({ target: world.server.url, ...proxyOptions });
  const { context, page } = await openPage(browser);
  world.context = context;
  world.page = page;
  t.after(async () => {
    await context.close();
    await world.proxy.close();
    await world.server.stop();
    await data.remove();
  });
  await page.goto(world.proxy.url);
  await page.locator("a.brand").waitFor();
  return world;
}

/** Waits until every entry is confirmed, then checks the server stored each exactly once with
 *  the reference the device shows. */
async function assertDeliveredExactlyOnce(world, page, entries, timeout) {
  const states = await waitUntil(async () => {
    const current = await outboxStates(page);
    return countByState(current).confirmed === entries.length ? current : null;
  }, { timeout, what: `${entries.length} confirmed entries` });
  const stored = await storedRegistrations(world.data.path);
  assert.equal(stored.rows, entries.length, "one row per registration");
  for (const entry of entries) {
    const reference = stored.byClient.get(entry.client_id);
    assert.ok(reference, `${entry.client_id} stored`);
    assert.equal(states[entry.client_id].reference, reference, "the device shows the server's reference");
  }
}

test("1,000 sealed registrations reach the agency exactly once through at least 300 injected faults", async (t) => {
  const world = await setUp(t, { seed: 2026 });
  const entries = await sealedOutboxEntries(world.server.url, await registrations(1000));
  assert.ok(entries.every((entry) => entry.sealed && !entry.registration && entry.protocol === 3));
  // Small batches make many requests, so many faults.
  await seedOutbox(world.page, entries, { batchSize: 2 });
  world.proxy.setFaultRate(0.6);
  const started = Date.now();
  await world.page.reload();
  await assertDeliveredExactlyOnce(world, world.page, entries, 300_000);
  const faults = world.proxy.failingFaults();
  t.diagnostic(`delivered in ${Date.now() - started} ms; proxy: ${JSON.stringify(world.proxy.stats)}`);
  assert.ok(faults >= 300, `only ${faults} failing faults were injected`);
});

test("a rejected registration is kept with its reason and does not hold up the others", async (t) => {
  const world = await setUp(t);
  const entries = outboxEntries(await registrations(6, { invalid: [2] }));
  await seedOutbox(world.page, entries, { batchSize: 1 });
  await world.page.reload();
  const states = await waitUntil(async () => {
    const current = await outboxStates(world.page);
    const counts = countByState(current);
    return counts.confirmed === 5 && counts.rejected === 1 ? current : null;
  }, { timeout: 30_000, what: "5 confirmed and 1 rejected" });
  const rejected = states[entries[2].client_id];
  assert.equal(rejected.state, "rejected");
  assert.equal(rejected.rejection.kind, "invalid");
  assert.ok(rejected.rejection.fields.includes("identity.nin"), JSON.stringify(rejected));
  assert.equal((await storedRegistrations(world.data.path)).rows, 5);

  // The outbox screen shows it, without personal details.
  await world.page.goto(`${world.proxy.url}/outbox`);
  await world.page.locator(`tr[data-client-id="${entries[2].client_id}"][data-state="rejected"]`).waitFor();
  assert.doesNotMatch(await world.page.textContent(".outbox"), /Benali|Karim|100000000000000002/);

  // On a personal device it can be saved as a file for the desk.
  const row = world.page.locator(`tr[data-client-id="${entries[2].client_id}"]`);
  const [download] = await Promise.all([world.page.waitForEvent("download"), row.locator("button.export").click()]);
  assert.match(download.suggestedFilename(), /^guichet-[0-9A-Z]{8}\.json$/);
  const saved = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.equal(saved.client_id, entries[2].client_id);
  assert.equal(saved.registration.identity.nin, "12345");
});

test("an unreadable entry is set aside and shown as such while the others are delivered", async (t) => {
  const world = await setUp(t);
  const entries = outboxEntries(await registrations(3));
  // A record no version of the app wrote: an unknown state, a registration that is not one.
  const unreadable = {
    client_id: clientId(), state: { state: "teleported" }, registration: "Karim Benali", submitted_on_kiosk: false,
  };
  await seedOutbox(world.page, [entries[0], unreadable, ...entries.slice(1)]);
  await world.page.reload();
  await assertDeliveredExactlyOnce(world, world.page, entries, 30_000);
  const stores = await readAllStores(world.page);
  assert.ok(!stores.outbox.some((record) => record.client_id === unreadable.client_id), "it left the outbox");
  assert.equal(stores.quarantine.length, 1);
  assert.deepEqual(JSON.parse(stores.quarantine[0].raw), unreadable, "kept as it was stored");
  // Schema 3 is the current outbox record (crates/core/src/outbox/stored.rs, ENTRY_SCHEMA).
  assert.ok(stores.outbox.every((record) => record.schema === 3), "the others were migrated on read");

  // The outbox screen lists it as "cannot be read", without its content.
  await world.page.goto(`${world.proxy.url}/outbox`);
  const row = world.page.locator(`tr[data-key="${unreadable.client_id}"][data-state="unreadable"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Cannot be read/);
  assert.doesNotMatch(await world.page.textContent(".outbox"), /Benali|Karim/);
  assert.equal(await world.page.locator('tr[data-state="confirmed"]').count(), 3);

  // On a personal device it can be saved as a file for the desk, as stored.
  const [download] = await Promise.all([world.page.waitForEvent("download"), row.locator("button.export").click()]);
  assert.match(download.suggestedFilename(), /^guichet-unreadable-[0-9A-Z]{8}\.json$/);
  assert.deepEqual(JSON.parse(await readFile(await download.path(), "utf8")), unreadable);
});

test("a refused registration tried again once the agency fixed it is delivered, once", async (t) => {
  const world = await setUp(t);
  const entries = outboxEntries(await registrations(2));
  const culprit = entries[1].client_id;
  // The agency cannot take this one (until it fixes something on its side).
  world.proxy.setRefuseBatch((batch) =>
    batch.registrations.some((entry) => entry.client_id === culprit) ? 400 : null);
  await seedOutbox(world.page, entries, { batchSize: 1 });
  await world.page.reload();
  await waitUntil(async () => {
    const counts = countByState(await outboxStates(world.page));
    return counts.confirmed === 1 && counts.rejected === 1;
  }, { timeout: 30_000, what: "1 confirmed and 1 rejected" });

  world.proxy.setRefuseBatch(null);
  await world.page.goto(`${world.proxy.url}/outbox`);
  await world.page.locator(`tr[data-client-id="${culprit}"][data-state="rejected"] button.retry`).click();
  await assertDeliveredExactlyOnce(world, world.page, entries, 30_000);
  await world.page.locator(`tr[data-client-id="${culprit}"][data-state="confirmed"]`).waitFor();
});

test("on a kiosk, a refused or unreadable registration leaves the device after the agency's days", async (t) => {
  const world = await setUp(t);
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const [old, recent] = outboxEntries(await registrations(2)).map((entry, index) => ({
    ...entry,
    state: { state: "rejected", rejection: { kind: "conflict" }, rejected_at: now - (index === 0 ? 4 : 1) * day },
  }));
  await seedOutbox(world.page, [old, recent]);
  // Records set aside as unreadable (their raw JSON may hold a visitor's data in clear).
  const setAside = (key, daysAgo) => ({
    key, raw: JSON.stringify({ client_id: key, registration: "Karim Benali" }), reason: "test",
    quarantined_at: now - daysAgo * day,
  });
  await putRecord(world.page, "quarantine", setAside("old-unreadable", 4));
  await putRecord(world.page, "quarantine", setAside("recent-unreadable", 1));
  // A kiosk whose agency keeps refused registrations 3 days.
  await putRecord(world.page, "settings", {
    mode: "kiosk", idle: { idle_ms: 90_000, countdown_ms: 30_000 }, draft_lifetime_days: 15,
    enrolment: null, rejected_retention_days: 3,
  }, "device");
  await world.page.reload();
  await waitUntil(async () => {
    const states = await outboxStates(world.page);
    return !(old.client_id in states) ? states : null;
  }, { timeout: 30_000, what: "the old refused registration deleted" });
  const states = await outboxStates(world.page);
  assert.equal(states[recent.client_id]?.state, "rejected", "the recent one stays for the desk");
  const quarantine = await waitUntil(async () => {
    const { quarantine } = await readAllStores(world.page);
    return quarantine.length === 1 ? quarantine : null;
  }, { timeout: 30_000, what: "the old unreadable record deleted" });
  assert.equal(quarantine[0].key, "recent-unreadable", "the recent one stays");
});

test("a batch of 100 refused as a whole for one entry delivers the 99 others and rejects that one", async (t) => {
  const world = await setUp(t);
  const entries = outboxEntries(await registrations(100));
  const culprit = entries[42].client_id;
  // As an agency or a proxy that cannot take one entry would: the whole batch gets a 400.
  world.proxy.setRefuseBatch((batch) =>
    batch.registrations.some((entry) => entry.client_id === culprit) ? 400 : null);
  await seedOutbox(world.page, entries);
  await world.page.reload();
  const states = await waitUntil(async () => {
    const current = await outboxStates(world.page);
    const counts = countByState(current);
    return counts.confirmed === 99 && counts.rejected === 1 ? current : null;
  }, { timeout: 60_000, what: "99 confirmed and 1 rejected" });
  assert.equal(states[culprit].state, "rejected");
  assert.deepEqual(states[culprit].rejection, { kind: "status", status: 400 });
  const stored = await storedRegistrations(world.data.path);
  assert.equal(stored.rows, 99);
  assert.ok(!stored.byClient.has(culprit));
  // Split in halves, not one request per entry.
  assert.ok(world.proxy.stats.requests <= 20, JSON.stringify(world.proxy.stats));
});

test("a proxy's 413 for large batches costs no registration", async (t) => {
  const world = await setUp(t);
  const entries = outboxEntries(await registrations(10));
  world.proxy.setRefuseBatch((batch) => (batch.registrations.length > 3 ? 413 : null));
  await seedOutbox(world.page, entries);
  await world.page.reload();
  await assertDeliveredExactlyOnce(world, world.page, entries, 30_000);
});

test("two tabs never send at the same time", async (t) => {
  const world = await setUp(t, { seed: 7, faultRate: 1, kinds: ["delay"], delayMs: [30, 120] });
  const entries = outboxEntries(await registrations(40));
  await seedOutbox(world.page, entries, { batchSize: 2 });
  // Start from no page at all: a request of a closed page may still be in flight at the proxy
  // (the browser gave up on it, the server has not answered yet); that is not a second sender.
  await world.page.close();
  await waitUntil(() => world.proxy.stats.inFlight === 0, { what: "no request in flight" });
  world.proxy.stats.maxInFlight = 0;
  const first = await world.context.newPage();
  const second = await world.context.newPage();
  await Promise.all([first.goto(world.proxy.url), second.goto(world.proxy.url)]);
  await assertDeliveredExactlyOnce(world, second, entries, 60_000);
  assert.equal(world.proxy.stats.maxInFlight, 1, "one sender across tabs");
  assert.ok(world.proxy.stats.requests >= 20);
});

test("a page reloaded in the middle of a send resumes, and nothing is stored twice", async (t) => {
  const world = await setUp(t);
  const entries = outboxEntries(await registrations(10));
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let firstHeld;
  const held = new Promise((resolve) => { firstHeld = resolve; });
  world.proxy.setHold(async (request) => {
    if (request === 1) {
      firstHeld();
      await released;
    }
  });
  await seedOutbox(world.page, entries, { batchSize: 5 });
  await world.page.reload();
  await held;
  // The first batch is in flight and marked "sending": reload now, then let the server answer.
  await world.page.reload();
  release();
  await assertDeliveredExactlyOnce(world, world.page, entries, 60_000);
});

test("the server killed with SIGKILL in the middle of a batch loses nothing and stores nothing twice", async (t) => {
  const world = await setUp(t);
  const entries = outboxEntries(await registrations(300));
  let killed = false;
  world.proxy.setOnForwarded((request) => {
    if (request === 2 && !killed) {
      killed = true;
      world.server.kill();
    }
  });
  await seedOutbox(world.page, entries, { batchSize: 100 });
  await world.page.reload();
  await waitUntil(async () => killed && world.proxy.stats.requests >= 2, { timeout: 30_000, what: "the kill" });
  world.server = await startServer({ port: world.server.port, databaseDir: world.data.path, extraArgs: UNLIMITED });
  await assertDeliveredExactlyOnce(world, world.page, entries, 120_000);
});
