// Helpers for the outbox tests: valid registrations in bulk, seeding the browser's outbox the way
// the app stores it, reading back its states, and listing what the server stored.

import { execFile, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { serverBin, tempDir, xtaskBin } from "./harness.mjs";

const execFileAsync = promisify(execFile);

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);

/** A UUIDv7-shaped client id (the server only needs a UUID; version nibble set to 7). */
export function clientId() {
  const id = randomUUID();
  return `${id.slice(0, 14)}7${id.slice(15)}`;
}

/** `count` valid registrations of different people (distinct NINs), and invalid ones at `invalid`. */
export async function registrations(count, { invalid = [] } = {}) {
  const fixture = JSON.parse(await readFile(FIXTURE, "utf8"));
  return Array.from({ length: count }, (_, index) => {
    const registration = structuredClone(fixture);
    registration.identity.nin = invalid.includes(index) ? "12345" : String(100000000000000000n + BigInt(index));
    return registration;
  });
}

/** Outbox entries as `guichet_core::outbox::OutboxEntry` serializes them, due now. */
export function outboxEntries(list, now = Date.now()) {
  return list.map((registration, index) => ({
    client_id: clientId(),
    submitted_at: new Date(now + index).toISOString(),
    submitted_at_ms: now + index,
    registration,
    reference: "00000000",
    state: { state: "queued", attempts: 0, next_attempt_at: now, last_error: null },
    submitted_on_kiosk: false,
  }));
}

/** The server's current public key, as the kiosk fetches it. */
export async function sealingKey(serverUrl) {
  const response = await fetch(`${serverUrl}/api/v1/sealing-key`);
  if (!response.ok) throw new Error(`sealing-key answered ${response.status}`);
  return response.text();
}

/** `entries` (objects with `client_id` and `registration`) with each registration sealed to the
 *  server's current key by the kiosk's own sealing code (`cargo xtask seal`): `sealed` in place of
 *  `registration`, and `protocol` 3 where the object has one. */
export async function sealEntries(serverUrl, entries) {
  const dir = await tempDir("guichet-e2e-seal-");
  try {
    const keyFile = join(dir.path, "key.json");
    await writeFile(keyFile, await sealingKey(serverUrl));
    const child = spawn(xtaskBin(), ["seal", "--key", keyFile], { stdio: ["pipe", "pipe", "pipe"] });
    const chunks = [];
    const errors = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => errors.push(chunk));
    const exited = new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    child.stdin.end(JSON.stringify(entries));
    const code = await exited;
    if (code !== 0) throw new Error(`xtask seal failed (${code}): ${Buffer.concat(errors)}`);
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } finally {
    await dir.remove();
  }
}

/** Outbox entries queued as the kiosk queues them since issue 11: record schema 3, sealed. */
export async function sealedOutboxEntries(serverUrl, list, now = Date.now()) {
  const entries = outboxEntries(list, now).map((entry) => ({ ...entry, schema: 3, protocol: 2 }));
  return sealEntries(serverUrl, entries);
}

/** Writes entries into the page's IndexedDB outbox (and the batch size setting) in one go. */
export async function seedOutbox(page, entries, { batchSize } = {}) {
  await page.evaluate(async ({ entries, batchSize }) => {
    const database = await new Promise((resolve, reject) => {
      const request = indexedDB.open("guichet");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise((resolve, reject) => {
      const transaction = database.transaction(["outbox", "settings"], "readwrite");
      for (const entry of entries) transaction.objectStore("outbox").put(entry);
      if (batchSize) transaction.objectStore("settings").put(batchSize, "outbox.batch_size");
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
    });
    database.close();
  }, { entries, batchSize });
}

/** The page's outbox: `{ client_id: { state, reference, rejection } }`. */
export async function outboxStates(page) {
  return page.evaluate(async () => {
    const database = await new Promise((resolve, reject) => {
      const request = indexedDB.open("guichet");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const entries = await new Promise((resolve, reject) => {
      const request = database.transaction("outbox").objectStore("outbox").getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    database.close();
    return Object.fromEntries(entries.map((entry) => [entry.client_id, {
      state: entry.state.state,
      reference: entry.state.reference ?? entry.reference,
      rejection: entry.state.rejection ?? null,
    }]));
  });
}

export function countByState(states) {
  const counts = {};
  for (const { state } of Object.values(states)) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

/** What the server stored: `Map(client_id → reference)`, via `guichet-server registration list`. */
export async function storedRegistrations(databaseDir) {
  const { stdout } = await execFileAsync(serverBin(), [
    "registration", "list", "--database-url", `sqlite://${join(databaseDir, "guichet.sqlite3")}`,
  ]);
  const rows = stdout.trim().split("\n").filter(Boolean).map((line) => line.split(" "));
  return { rows: rows.length, byClient: new Map(rows) };
}
