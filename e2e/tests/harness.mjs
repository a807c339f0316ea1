// Shared helpers for the end-to-end tests: a real guichet-server on a free port with a temporary
// database, and Debian's Chromium driven by playwright-core. Nothing here sleeps: every wait is
// for a condition, with a deadline.

import { spawn, execFile } from "node:child_process";
import { mkdtemp, rm, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import pg from "pg";

const execFileAsync = promisify(execFile);

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test\``);
  }
  return value;
}

export const serverBin = () => required("GUICHET_SERVER_BIN");
export const distDir = () => required("GUICHET_DIST_DIR");
export const xtaskBin = () => required("GUICHET_XTASK_BIN");

/**
 * An element's text without the Unicode isolation marks Fluent puts around placeables (they keep
 * Latin names and digits in their place in Arabic text, and are invisible).
 */
export async function visibleText(page, selector) {
  const text = await page.textContent(selector);
  return text?.replace(/[\u2068\u2069]/g, "") ?? null;
}

/** A temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix) {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Where the server's database is: a folder (an SQLite file in it) or a `testDatabase`. */
function databaseUrl(database) {
  return typeof database === "string" ? `sqlite://${join(database, "guichet.sqlite3")}` : database.url;
}

/** The PostgreSQL server every session and CI run has (trust authentication). */
const POSTGRES_URL = process.env.GUICHET_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * An empty database of `engine` ("sqlite" or "postgres") for one test: `url` for the server,
 * `remove()` to throw it away. On PostgreSQL it is a schema of its own in the test database,
 * chosen through the connection's `search_path`, so tests never see each other's rows.
 */
export async function testDatabase(engine) {
  if (engine === "sqlite") {
    const dir = await tempDir("guichet-e2e-db-");
    return { engine, url: databaseUrl(dir.path), path: dir.path, remove: dir.remove };
  }
  if (engine !== "postgres") throw new Error(`unknown engine ${engine}`);
  const schema = `guichet_e2e_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect().catch((error) => {
    throw new Error(`PostgreSQL must be running at ${POSTGRES_URL} for this test: ${error.message}`);
  });
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  // The sealing keys of this test's servers: with PostgreSQL the default (data/keys in the
  // working directory) would be shared by every test.
  const keys = await tempDir("guichet-e2e-keys-");
  return {
    engine,
    url: url.toString(),
    keysPath: join(keys.path, "keys"),
    async remove() {
      await keys.remove();
      const cleaner = new pg.Client({ connectionString: POSTGRES_URL });
      await cleaner.connect();
      try {
        await cleaner.query(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await cleaner.end();
      }
    },
  };
}

/** Copies the built kiosk, so a test can redeploy a changed build without touching dist/. */
export async function copyDist(target) {
  await cp(distDir(), target, { recursive: true });
  return target;
}

/** Runs `cargo xtask post-build --dir <dir>` through the already built xtask binary. */
export async function postBuild(dir) {
  await execFileAsync(required("GUICHET_XTASK_BIN"), ["post-build", "--dir", dir], {
    cwd: required("GUICHET_WORKSPACE"),
  });
}

/** `--sealing-keys` for a PostgreSQL `testDatabase` (SQLite keeps them beside its file). */
function sealingKeysArgs(database) {
  return typeof database === "object" && database.keysPath ? ["--sealing-keys", database.keysPath] : [];
}

/**
 * Starts guichet-server and resolves once it prints its listening line. `port` 0 picks a free
 * port; pass the same port again to restart the "same" server after stopping it.
 */
export async function startServer({ port = 0, databaseDir, dist = distDir(), extraArgs = [] }) {
  // `databaseDir`: a folder for an SQLite file, or a `testDatabase` of either engine.
  const child = spawn(
    serverBin(),
    [
      "serve",
      "--addr", `127.0.0.1:${port}`,
      "--database-url", databaseUrl(databaseDir),
      "--dist", dist,
      // ANEM's agencies, so a kiosk can be enrolled and a phone's pre-registration routed.
      "--seed-agencies",
      ...sealingKeysArgs(databaseDir),
      ...extraArgs,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: "warn" } },
  );
  let stderr = "";
  let stdoutSoFar = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = await new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`server did not start in 30 s: ${stderr}`)), 30_000);
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      stdoutSoFar = stdout;
      const match = stdout.match(/listening on (https?:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(deadline);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(deadline);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    });
  });
  // With --http-redirect-addr, the server names the redirect listener just before that line.
  const redirect = stdoutSoFar.match(/redirecting (http:\/\/[^\s]+) to https/);
  return {
    url,
    port: Number(new URL(url).port),
    /** The plain-HTTP listener that only redirects to HTTPS, when one was asked for. */
    redirectUrl: redirect?.[1] ?? null,
    /** SIGTERM, then resolves when the process has exited (graceful shutdown). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    /** SIGKILL: the process dies wherever it is, as in a power cut. */
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-gpu",
  "--disable-dev-shm-usage",
];

/**
 * Debian's Chromium, headless. `extraArgs` are added to the quiet flags (the HTTPS test trusts its
 * test certificate with `--ignore-certificate-errors-spki-list`).
 */
export async function launchBrowser({ extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.GUICHET_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", ...QUIET_FLAGS, ...extraArgs],
  });
}

/**
 * A page that records console errors and failed requests, so a test can assert that none
 * happened (a Content-Security-Policy violation shows up as a console error).
 */
export async function openPage(browser, { locale = "en-US", serviceWorkers = "allow" } = {}) {
  const context = await browser.newContext({ locale, serviceWorkers });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  return { context, page, consoleErrors };
}

/** Resolves when the page is controlled by an active service worker. */
export async function waitForServiceWorker(page, timeout = 30_000) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout });
}

/** The connectivity indicator's state: checking, online or offline. */
export async function waitForConnectivity(page, state, timeout) {
  await page.locator(`.connectivity[data-state="${state}"]`).waitFor({ timeout });
}

/**
 * Polls `condition` (an async function returning a truthy value when satisfied) until it holds,
 * failing with `what` after `timeout` ms. For conditions Playwright cannot wait on itself, such as
 * asynchronous browser APIs (page.waitForFunction does not await a returned promise).
 */
export async function waitUntil(condition, { timeout = 10_000, what = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await condition();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
}

/** Resolves once the app shows `path` from the module of its part of the app (`Part` in
 *  src/route.rs; the loader in index.html picks it by the first segment): after a move to another
 *  part, once that part's page has loaded, so that nothing asked of the page is lost to the load. */
export async function waitForPage(page, path) {
  const segment = path.split("/")[1];
  const module = { offers: "guichet_offers", register: "guichet_register" }[segment] ?? "guichet";
  await page.waitForFunction((path) => location.pathname === path, path);
  await page.locator(`#app #main[data-part="${module}"]`).waitFor();
}

/** The names of the page's Cache Storage caches. */
export async function cacheNames(page) {
  return page.evaluate(() => caches.keys());
}

// ---- Registration and kiosk (issue 4) ----------------------------------------------------

/** Resolves once the app has created its IndexedDB database "guichet". */
export async function waitForDatabase(page) {
  await waitUntil(
    () => page.evaluate(async () => (await indexedDB.databases()).some((db) => db.name === "guichet")),
    { what: "the guichet IndexedDB database" },
  );
}

/** Every record of every store of the "guichet" database: `{ storeName: [records] }`. */
export async function readAllStores(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("guichet");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const result = {};
      if (names.length === 0) { db.close(); resolve(result); return; }
      const transaction = db.transaction(names, "readonly");
      for (const name of names) {
        const request = transaction.objectStore(name).getAll();
        request.onsuccess = () => { result[name] = request.result; };
      }
      transaction.oncomplete = () => { db.close(); resolve(result); };
      transaction.onerror = () => reject(transaction.error);
    };
  }));
}

/** Writes one record into a store of "guichet" (`key` for stores with out-of-line keys). */
export async function putRecord(page, store, value, key) {
  await page.evaluate(([store, value, key]) => new Promise((resolve, reject) => {
    const open = indexedDB.open("guichet");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const transaction = db.transaction([store], "readwrite");
      transaction.objectStore(store).put(value, key ?? undefined);
      transaction.oncomplete = () => { db.close(); resolve(); };
      transaction.onerror = () => reject(transaction.error);
    };
  }), [store, value, key ?? null]);
}

/**
 * Stores a current draft (updated a minute from now, so it is the latest) at `step`, reloads, and
 * resolves once the wizard has resumed there.
 */
export async function resumeDraftAt(page, { clientId, step, registration }) {
  await waitForDatabase(page);
  const now = Date.now();
  await putRecord(page, "drafts", {
    client_id: clientId, step, registration, created_at: now, updated_at: now + 60_000,
  });
  await page.reload();
  await page.locator(`h1[data-step="${step}"]`).waitFor({ timeout: 10_000 });
}

/**
 * Makes the device a kiosk with short delays, then reloads. Shorter than an agency may set (the
 * kiosk keeps at least 20 s of countdown), and with no enrolment, so no agency refreshes them.
 */
export async function becomeKiosk(page, { idleMs, countdownMs }) {
  await waitForDatabase(page);
  await putRecord(page, "settings", {
    mode: "kiosk",
    idle: { idle_ms: idleMs, countdown_ms: countdownMs },
    draft_lifetime_days: 15,
    enrolment: null,
  }, "device");
  await page.reload();
}

/**
 * Runs axe-core on the page and returns its serious and critical violations, each as
 * "rule: target". The page's context must be created with `bypassCSP: true` so the script loads.
 */
export async function seriousAccessibilityViolations(page) {
  const axePath = new URL("../node_modules/axe-core/axe.min.js", import.meta.url).pathname;
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ path: axePath });
  }
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
  }));
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
}

/** Runs `guichet-server offers …` on the database of `databaseDir`; resolves its stdout. */
export async function offersCommand(databaseDir, args) {
  return serverCommand(databaseDir, ["offers", ...args]);
}

/**
 * Runs a `guichet-server` subcommand on the database of `databaseDir` (a folder for SQLite, or a
 * `testDatabase`); resolves its stdout.
 */
export async function serverCommand(databaseDir, args) {
  const { stdout } = await execFileAsync(serverBin(), [
    ...args, "--database-url", databaseUrl(databaseDir),
  ], { env: { ...process.env, RUST_LOG: "warn" } });
  return stdout;
}

// ---- Enrolled kiosks (issue 8) -------------------------------------------------------------

/** A one-time enrolment code for `agency`, from `guichet-server devices code` (its last word). */
export async function enrolmentCode(databaseDir, agency) {
  const stdout = await serverCommand(databaseDir, ["devices", "code", "--agency", agency]);
  const code = stdout.trim().split(/\s+/).at(-1);
  if (!code) throw new Error(`devices code printed no code: ${stdout}`);
  return code;
}

/** Fills the setup screen's enrolment form from the keyboard and resolves its outcome. */
export async function enrolOnSetup(page, { code, name }) {
  await page.locator("#setup-code").waitFor();
  const answers = Number(await page.getAttribute(".setup-enrol-form", "data-answers"));
  await page.focus("#setup-code");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(code);
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");
  await page.locator(`.setup-enrol-form[data-answers="${answers + 1}"]`).waitFor({ timeout: 15_000 });
  return (await page.locator(".setup-enrolled").count()) > 0
    ? "enrolled"
    : page.getAttribute(".setup-enrol-error", "data-error");
}

/** The device record the kiosk keeps in IndexedDB (`settings`, key `device`). */
export async function deviceSettings(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("guichet");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction(["settings"]).objectStore("settings").get("device");
      request.onsuccess = () => { db.close(); resolve(request.result ?? null); };
      request.onerror = () => reject(request.error);
    };
  }));
}

/** An ISO date `days` from today (negative: in the past), for offers that are current now. */
export function isoDateFromToday(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
