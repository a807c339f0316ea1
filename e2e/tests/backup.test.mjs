// Backup and restore as an agency lives them (issue 13): the server is backed up while it serves a
// kiosk, the database is lost, the backup is restored, and the kiosk in Chromium resumes. Its
// offers cursor starts over cleanly (nothing of the lost interval stays on the device, nothing
// after the restore is missed) and every pre-registration it holds reaches the agency exactly
// once: those the backup holds are answered as duplicates, those still queued are stored.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  isoDateFromToday, launchBrowser, offersCommand, openPage, serverCommand, startServer, tempDir,
  waitForConnectivity, waitForDatabase, waitUntil,
} from "./harness.mjs";
import {
  countByState, outboxStates, registrations, sealedOutboxEntries, seedOutbox, storedRegistrations,
} from "./outbox-support.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const COLUMNS = "external_id,title_fr,title_ar,employer,wilaya,commune,occupation,sector,contract,published_at,expires_at";

/** An offers import file of `titles` (external id → French title), all live for a month. */
async function offersFile(dir, name, titles) {
  const published = isoDateFromToday(-2);
  const expires = isoDateFromToday(30);
  const rows = Object.entries(titles).map(([id, title]) =>
    [id, title, "", "SARL Test", 16, "1601", "7112", "btph", "cdd", published, expires].join(","));
  const path = join(dir, name);
  await writeFile(path, [COLUMNS, ...rows].join("\n") + "\n");
  return path;
}

/** The titles of the offers the kiosk holds in IndexedDB (what the list is built from). */
async function storedOfferTitles(page) {
  return page.evaluate(async () => {
    const database = await new Promise((resolve, reject) => {
      const request = indexedDB.open("guichet");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const records = await new Promise((resolve, reject) => {
      const request = database.transaction("offers").objectStore("offers").getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    database.close();
    return records
      .map((record) => (typeof record === "string" ? JSON.parse(record) : record))
      .map((offer) => offer.title.fr)
      .sort();
  });
}

async function waitForOfferTitles(page, expected, what) {
  const wanted = JSON.stringify([...expected].sort());
  let seen = [];
  await waitUntil(async () => {
    // The list syncs on load and when the agency comes back; a reload starts one now.
    seen = await storedOfferTitles(page);
    return JSON.stringify(seen) === wanted;
  }, { timeout: 30_000, what: `${what}: ${wanted} (last seen ${JSON.stringify(seen)})` });
}

test("back up while serving, lose the database, restore: the kiosk resumes with nothing lost or doubled", async (t) => {
  const data = await tempDir("guichet-e2e-backup-");
  const copies = await tempDir("guichet-e2e-backup-copies-");
  t.after(async () => { await data.remove(); await copies.remove(); });
  await offersCommand(data.path, ["import", await offersFile(data.path, "before.csv", {
    "BK-1": "Maçon", "BK-2": "Chauffeur", "BK-3": "Infirmier",
  })]);

  let server = await startServer({ databaseDir: data.path });
  t.after(() => server.stop());
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());

  // The kiosk syncs the catalogue and delivers five pre-registrations.
  await page.goto(`${server.url}/offers`);
  await waitForDatabase(page);
  await waitForOfferTitles(page, ["Maçon", "Chauffeur", "Infirmier"], "the first sync");
  const people = await registrations(12);
  const delivered = await sealedOutboxEntries(server.url, people.slice(0, 5));
  const queued = await sealedOutboxEntries(server.url, people.slice(5, 10));
  await seedOutbox(page, delivered);
  await page.reload();
  const before = await waitUntil(async () => {
    const states = await outboxStates(page);
    return countByState(states).confirmed === 5 ? states : null;
  }, { timeout: 30_000, what: "5 confirmed before the backup" });

  // The backup, while the server serves.
  const copy = join(copies.path, "guichet.sqlite3");
  await serverCommand(data.path, ["backup", "--to", copy]);
  assert.equal((await stat(copy)).mode & 0o777, 0o600, "the copy is readable by its owner only");

  // After the backup: an offer the restore will not know, which the kiosk takes in.
  await offersCommand(data.path, ["import", await offersFile(data.path, "lost.csv", { "BK-LOST": "Plombier" })]);
  await page.reload();
  await waitForOfferTitles(page, ["Maçon", "Chauffeur", "Infirmier", "Plombier"], "the change after the backup");

  // The agency goes down and loses its database. Meanwhile the kiosk queues five more, and one of
  // the delivered five is queued again, as when a confirmation was lost on the way.
  await server.stop();
  for (const suffix of ["", "-wal", "-shm"]) await rm(join(data.path, `guichet.sqlite3${suffix}`), { force: true });
  const resent = { ...delivered[0], state: { state: "queued", attempts: 0, next_attempt_at: Date.now(), last_error: null } };
  await seedOutbox(page, [...queued, resent]);

  // Restore, then the same server comes back on the same address.
  const restored = await serverCommand(data.path, ["restore", "--from", copy]);
  assert.match(restored, /epoch/i, restored);
  await offersCommand(data.path, ["import", await offersFile(data.path, "after.csv", { "BK-NEW": "Cuisinier" })]);
  server = await startServer({ port: server.port, databaseDir: data.path });
  await page.reload();
  await waitForConnectivity(page, "online", 15_000);

  // Offers: the cursor started over. The offer of the lost interval is gone from the device, the
  // one published after the restore arrived.
  await waitForOfferTitles(page, ["Maçon", "Chauffeur", "Infirmier", "Cuisinier"], "the sync after the restore");

  // Pre-registrations: all ten confirmed, each stored once, the resent one with its reference.
  const after = await waitUntil(async () => {
    const states = await outboxStates(page);
    return countByState(states).confirmed === 10 ? states : null;
  }, { timeout: 60_000, what: "10 confirmed after the restore" });
  const stored = await storedRegistrations(data.path);
  assert.equal(stored.rows, 10, "every registration stored exactly once");
  for (const entry of [...delivered, ...queued]) {
    const reference = stored.byClient.get(entry.client_id);
    assert.ok(reference, `${entry.client_id} stored`);
    assert.equal(after[entry.client_id].reference, reference, "the device shows the agency's reference");
  }
  assert.equal(after[delivered[0].client_id].reference, before[delivered[0].client_id].reference,
    "the resent registration keeps the reference it had");
});
