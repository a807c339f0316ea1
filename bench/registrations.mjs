// Benchmarks of issues 5 and 8, run by `cargo xtask bench`:
//   ingest  registrations per second through POST /api/v1/registrations, batches of 100, on
//           SQLite with synchronous=FULL (the server's own settings), with authentication on (an
//           enrolled kiosk's bearer credential, checked on every request, and its rate limit
//           raised out of the way), beside the baseline that `ingest_baseline` (a Rust example)
//           measures straight through sqlx in the same run;
//           both in clear (protocol 2) and sealed to the server's key (protocol 3, issue 11);
//   drain   1,000 sealed registrations queued in Chromium's outbox until all are confirmed;
//   sealing the browser's cost of sealing one registration, the server's of opening one.
// Prints one table. Environment: GUICHET_SERVER_BIN (release), GUICHET_DIST_DIR,
// GUICHET_XTASK_BIN (`cargo xtask seal`), and
// BASELINE_JSON (the baseline's result line).

import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { launchBrowser, openPage, serverBin, startServer, tempDir, waitUntil } from "../e2e/tests/harness.mjs";
import {
  clientId, countByState, outboxStates, registrations, sealEntries, sealedOutboxEntries, seedOutbox,
  storedRegistrations,
} from "../e2e/tests/outbox-support.mjs";

const INGEST_REGISTRATIONS = Number(process.env.BENCH_INGEST ?? 20000);
const DRAIN_REGISTRATIONS = 1000;
const BATCH = 100;

const execFileAsync = promisify(execFile);
/** A local agency of the bundled list, for the benchmark's kiosk. */
const AGENCY = "16-01";

/** Enrols a kiosk: an operator's code from the CLI, then the kiosk's own enrolment request. */
async function enrolKiosk(url, databaseDir) {
  const { stdout } = await execFileAsync(serverBin(), [
    "devices", "code", "--agency", AGENCY,
    "--database-url", `sqlite://${join(databaseDir, "guichet.sqlite3")}`,
  ]);
  const code = stdout.trim().split(/\s+/).at(-1);
  const response = await fetch(`${url}/api/v1/devices/enrol`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-guichet-protocol": "2" },
    body: JSON.stringify({ code, name: "bench kiosk" }),
  });
  if (response.status !== 201) throw new Error(`enrolment answered ${response.status}: ${await response.text()}`);
  return (await response.json()).credential;
}

/** Posts every batch, `concurrency` requests in flight at a time (kiosks send concurrently). */
async function postAll(url, batches, concurrency, credential, protocol) {
  let next = 0;
  async function worker() {
    while (next < batches.length) {
      const body = batches[next++];
      const response = await fetch(`${url}/api/v1/registrations`, {
        method: "POST",
        headers: {
          "content-type": "application/json", "x-guichet-protocol": String(protocol),
          authorization: `Bearer ${credential}`,
        },
        body,
      });
      if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
      const { results } = await response.json();
      if (results.some((result) => result.status !== "created")) throw new Error("a registration was not created");
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Ingest of `INGEST_REGISTRATIONS`: in clear (protocol 2, what older kiosks send) or sealed to
 *  the server's key (protocol 3, what kiosks send since issue 11: the server opens each one). */
async function ingest(concurrency, { sealed = false } = {}) {
  const data = await tempDir("guichet-bench-ingest-");
  const server = await startServer({
    databaseDir: data.path, extraArgs: ["--device-rate", "1000000"],
  });
  try {
    const credential = await enrolKiosk(server.url, data.path);
    const people = await registrations(INGEST_REGISTRATIONS);
    let submissions = people.map((registration) => ({
      client_id: clientId(), submitted_at: new Date().toISOString(), registration,
    }));
    if (sealed) submissions = await sealEntries(server.url, submissions);
    const batches = [];
    for (let start = 0; start < submissions.length; start += BATCH) {
      batches.push(JSON.stringify({ registrations: submissions.slice(start, start + BATCH) }));
    }
    const started = performance.now();
    await postAll(server.url, batches, concurrency, credential, sealed ? 3 : 2);
    const seconds = (performance.now() - started) / 1000;
    const stored = await storedRegistrations(data.path);
    if (stored.rows !== INGEST_REGISTRATIONS) throw new Error(`stored ${stored.rows}`);
    return { perSecond: INGEST_REGISTRATIONS / seconds, seconds };
  } finally {
    await server.stop();
    await data.remove();
  }
}

/** Sealings measured in the browser. */
const SEAL_ROUNDS = 500;

async function drain() {
  const data = await tempDir("guichet-bench-drain-");
  const server = await startServer({ databaseDir: data.path });
  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser);
    await page.goto(server.url);
    await page.locator("a.brand").waitFor();
    const people = await registrations(DRAIN_REGISTRATIONS);
    const entries = await sealedOutboxEntries(server.url, people);
    await seedOutbox(page, entries);
    const started = performance.now();
    await page.reload();
    await waitUntil(async () => countByState(await outboxStates(page)).confirmed === entries.length, {
      timeout: 120_000, what: "the drain",
    });
    const seconds = (performance.now() - started) / 1000;
    const stored = await storedRegistrations(data.path);
    if (stored.rows !== DRAIN_REGISTRATIONS) throw new Error(`stored ${stored.rows}`);
    // What sealing adds to a submission in this browser (the release kiosk's own code).
    await page.waitForFunction(() => window.wasmBindings?.bench_seal, null, { timeout: 60_000 });
    const sealing = await page.evaluate(([registration, rounds]) =>
      window.wasmBindings.bench_seal(registration, rounds),
    [JSON.stringify(people[0]), SEAL_ROUNDS]);
    return { seconds, sealing };
  } finally {
    await browser.close();
    await server.stop();
    await data.remove();
  }
}

const baseline = JSON.parse(process.env.BASELINE_JSON ?? "{}");
const sequential = await ingest(1);
const ingested = await ingest(4);
const sealedSequential = await ingest(1, { sealed: true });
const sealedIngested = await ingest(4, { sealed: true });
const drained = await drain();
// The baseline inserts one batch at a time; so does the ingest figure compared with it.
const ratio = sequential.perSecond / baseline.per_second;
console.log("\nregistrations benchmark (SQLite, WAL, synchronous=FULL, batches of 100, enrolled kiosk's credential checked on every request)");
console.log(`  ingest, one request at a time${sequential.perSecond.toFixed(0).padStart(8)} registrations/s  (${INGEST_REGISTRATIONS} in ${sequential.seconds.toFixed(2)} s)`);
console.log(`  ingest, 4 requests in flight ${ingested.perSecond.toFixed(0).padStart(8)} registrations/s  (${INGEST_REGISTRATIONS} in ${ingested.seconds.toFixed(2)} s)`);
console.log(`  baseline straight via sqlx   ${Number(baseline.per_second).toFixed(0).padStart(8)} registrations/s  (${baseline.rows} in ${Number(baseline.seconds).toFixed(2)} s)`);
console.log(`  ingest / baseline            ${ratio.toFixed(2).padStart(8)}                   target >= 0.50  ${ratio >= 0.5 ? "met" : "MISSED"}`);
const sealedRatio = sealedSequential.perSecond / baseline.per_second;
console.log(`  sealed ingest, one at a time ${sealedSequential.perSecond.toFixed(0).padStart(7)} registrations/s  (${INGEST_REGISTRATIONS} in ${sealedSequential.seconds.toFixed(2)} s, protocol 3: opened by the server)`);
console.log(`  sealed ingest, 4 in flight   ${sealedIngested.perSecond.toFixed(0).padStart(8)} registrations/s  (${INGEST_REGISTRATIONS} in ${sealedIngested.seconds.toFixed(2)} s)`);
console.log(`  sealed ingest / baseline     ${sealedRatio.toFixed(2).padStart(8)}                   target >= 0.50  ${sealedRatio >= 0.5 ? "met" : "MISSED"}`);
const login = JSON.parse(process.env.LOGIN_COST_JSON ?? "{}");
console.log(`  login (one Argon2id hash)    ${Number(login.median_ms).toFixed(1).padStart(8)} ms median of ${login.rounds} (min ${login.min_ms}, max ${login.max_ms})`);
console.log(`  drain of ${DRAIN_REGISTRATIONS} from Chromium    ${drained.seconds.toFixed(2).padStart(8)} s                 target <= 10 s  ${drained.seconds <= 10 ? "met" : "MISSED"}`);
const opening = JSON.parse(process.env.SEALING_COST_JSON ?? "{}");
console.log(`  sealing, in Chromium         ${Number(drained.sealing.median_ms).toFixed(3).padStart(8)} ms per registration, median of ${drained.sealing.rounds}`);
console.log(`  opening, on the server       ${(Number(opening.open_us_median) / 1000).toFixed(3).padStart(8)} ms per registration, median of ${opening.rounds} (sealing natively ${(Number(opening.seal_us_median) / 1000).toFixed(3)} ms)`);
