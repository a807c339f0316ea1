// The page-load benchmark of issue 12, run by `cargo xtask bench --suites load`: Lighthouse (its
// defaults: mobile emulation, simulated slow 4G and 4x CPU slowdown) on `/`, `/offers` and
// `/register` of the shipped release kiosk, served by a release guichet-server whose database
// holds BENCH_OFFERS synthetic offers, in Debian's Chromium:
//   - 0 stored: a fresh browser profile, as a first visit (the app downloads, then starts its
//     initial sync of the offers while Lighthouse watches);
//   - BENCH_OFFERS stored: a profile where the app has already synced every offer into IndexedDB
//     and its service worker holds the shell, loaded with storage kept (`disableStorageReset`), as
//     a kiosk starts every morning.
// Then the repeat visit: what a warm reload of each page asks the server for, seen by a
// pass-through proxy in front of it (what the service worker answers from its cache never
// reaches it). Last, the start of /offers in that profile at this machine's real speed: when the
// list shows, and the longest main-thread task (a PerformanceObserver for `longtask`). Prints the
// tables and that line; the Lighthouse reports stay in a temporary folder.

import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "../e2e/node_modules/playwright-core/index.mjs";
import lighthouse from "../e2e/node_modules/lighthouse/core/index.js";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through \`cargo xtask bench --suites load\``);
  return value;
};
const SERVER = env("GUICHET_SERVER_BIN");
const DIST = env("GUICHET_DIST_DIR");
const DATABASE_URL = env("GUICHET_DATABASE_URL");
const COUNT = Number(env("BENCH_OFFERS"));
// Lighthouse runs per page and profile: the report kept is the median by performance score (one
// run's TBT and LCP move by 2-3x here), and the table shows the spread.
const RUNS = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? "3"));
const CHROMIUM = process.env.GUICHET_CHROMIUM ?? "/usr/bin/chromium";
const PAGES = ["/", "/offers", "/register"];
const LOCALE = "fr-FR";
// What every Chromium gets here: headless, no sandbox (root in a container), and quiet (no
// connection attempts to Google's services on a closed network).
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  // The page picks its language from the browser's: French, as a kiosk in Algiers might.
  `--lang=${LOCALE}`, `--accept-lang=${LOCALE}`,
];

async function startServer() {
  const child = spawn(SERVER, ["serve", "--addr", "127.0.0.1:0", "--database-url", DATABASE_URL, "--dist", DIST],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, RUST_LOG: "warn" } });
  const url = await new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error("server did not start in 60 s")), 60_000);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) { clearTimeout(deadline); resolve(match[1]); }
    });
    child.once("exit", (code) => { clearTimeout(deadline); reject(new Error(`server exited with ${code}`)); });
  });
  return { url, stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); }) };
}

/**
 * A pass-through HTTP proxy in front of the server: everything the browser asks for over the
 * network goes through it, and while `log` is an array each request is appended to it.
 */
async function startRecordingProxy(target) {
  const upstream = new URL(target);
  const proxy = { log: null, url: null };
  const server = http.createServer((request, response) => {
    const entry = { method: request.method, path: request.url, status: 0, bytes: 0 };
    proxy.log?.push(entry);
    const forwarded = http.request({
      host: upstream.hostname, port: upstream.port, method: request.method, path: request.url,
      headers: request.headers,
    }, (answer) => {
      entry.status = answer.statusCode;
      response.writeHead(answer.statusCode, answer.headers);
      answer.on("data", (chunk) => { entry.bytes += chunk.length; });
      answer.pipe(response);
    });
    forwarded.on("error", () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
  return proxy;
}

/** Debian's Chromium with a DevTools port for Lighthouse, on profile `userDataDir`. */
async function launchChromium(userDataDir) {
  const child = spawn(CHROMIUM, [...FLAGS, "--remote-debugging-port=0", `--user-data-dir=${userDataDir}`, "about:blank"],
    { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error("Chromium did not open its DevTools port in 60 s")), 60_000);
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
      const match = err.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//);
      if (match) { clearTimeout(deadline); resolve(Number(match[1])); }
    });
    child.once("exit", (code) => { clearTimeout(deadline); reject(new Error(`Chromium exited with ${code}: ${err}`)); });
  });
  return {
    port,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
      child.once("exit", resolve);
      child.kill("SIGTERM");
    }),
  };
}

/** One Lighthouse run of `url` on profile `userDataDir`; resolves the report (LHR). */
async function audit(url, userDataDir, keepStorage) {
  const browser = await launchChromium(userDataDir);
  try {
    const result = await lighthouse(url, {
      port: browser.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
      disableStorageReset: keepStorage,
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await browser.close();
  }
}

/** The page's offers count in the app's own IndexedDB database. */
const storedOffers = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open("guichet");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    if (!open.result.objectStoreNames.contains("offers")) { open.result.close(); resolve(0); return; }
    const request = open.result.transaction("offers").objectStore("offers").count();
    request.onsuccess = () => { resolve(request.result); open.result.close(); };
    request.onerror = () => reject(request.error);
  };
}));

/**
 * Opens /offers in a persistent profile and waits until the app has synced every offer and its
 * service worker controls the page; then reloads each page once warm, recording what reaches the
 * server. Resolves `{ page: requests }`.
 */
async function syncProfile(userDataDir, proxy) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, locale: LOCALE, args: FLAGS.filter((flag) => flag !== "--headless"),
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(`${proxy.url}/offers`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    const status = page.locator(".offers-sync-status[data-state=current]");
    // The app has opened its database once it shows a status; the sync is done when it says it
    // is current and IndexedDB holds every offer.
    await page.locator(".offers-sync-status").waitFor({ timeout: 120_000 });
    const deadline = Date.now() + 600_000;
    let stored = 0;
    for (;;) {
      stored = await storedOffers(page);
      if (stored >= COUNT && await status.count() > 0) break;
      if (Date.now() > deadline) throw new Error(`the app stored ${stored} offers in 10 minutes, expected ${COUNT}`);
      await page.waitForTimeout(500);
    }
    const repeat = {};
    for (const path of PAGES) {
      // The navigation's own start (the offers worker syncs a moment after the page loads) is
      // over before the reload, so none of its requests is counted as the reload's.
      proxy.log = [];
      await page.goto(`${proxy.url}${path}`, { waitUntil: "load" });
      await settled(proxy.log);
      proxy.log = [];
      await page.reload({ waitUntil: "load" });
      await settled(proxy.log);
      repeat[path] = proxy.log;
      proxy.log = null;
    }
    return { stored, repeat, start: await measureStart(page, proxy) };
  } finally {
    await context.close();
  }
}

/**
 * The start of /offers on this machine's real speed (no throttling), with the offers stored:
 * how long from navigation until the list shows (the index built), and every task of 50 ms or
 * more meanwhile, watched from before the page's first script until the start's sync is over.
 */
async function measureStart(page, proxy) {
  await page.addInitScript(() => {
    window.guichetLongTasks = [];
    new PerformanceObserver((list) => window.guichetLongTasks.push(...list.getEntries().map((entry) => entry.duration)))
      .observe({ type: "longtask", buffered: true });
  });
  proxy.log = [];
  await page.goto(`${proxy.url}/offers`);
  await page.locator(".offers-sync-status").waitFor({ timeout: 120_000 });
  const shownAfter = await page.evaluate(() => performance.now());
  await settled(proxy.log);
  proxy.log = null;
  const tasks = await page.evaluate(() => window.guichetLongTasks);
  return { shownAfter, tasks: tasks.length, longest: Math.max(0, ...tasks) };
}

/**
 * Resolves once the app's start is over, as the server sees it: every page syncs at start (after
 * reading the stored offers and building the index, which takes seconds with 20,000), so wait for
 * the feed's answer, then for a second without any new request.
 */
async function settled(log) {
  const deadline = Date.now() + 300_000;
  const synced = () => log.some((request) => request.path.startsWith("/api/v1/offers/changes") && request.status !== 0);
  let seen = -1;
  let quietSince = Date.now();
  while (!(synced() && log.length === seen && Date.now() - quietSince >= 1000)) {
    if (Date.now() > deadline) throw new Error(`the app did not finish its start in 5 minutes: ${JSON.stringify(log)}`);
    if (log.length !== seen) { seen = log.length; quietSince = Date.now(); }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const score = (lhr, category) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
const msOf = (lhr, id) => lhr.audits[id]?.numericValue;
function longestTask(lhr) {
  const items = lhr.audits["long-tasks"]?.details?.items ?? [];
  if (items.length === 0) return "none ≥ 50 ms";
  const longest = items.reduce((a, b) => (b.duration > a.duration ? b : a));
  const file = String(longest.url ?? "").split("/").pop() || String(longest.url ?? "");
  return `${Math.round(longest.duration)} ms (${file})`;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Runs `run` (one Lighthouse audit) RUNS times; resolves the median report by performance score,
 * with the spread of every run's score and TBT in `spread`.
 */
async function median(run) {
  const reports = [];
  for (let at = 0; at < RUNS; at++) reports.push(await run());
  reports.sort((a, b) => score(a, "performance") - score(b, "performance"));
  const chosen = reports[Math.floor((reports.length - 1) / 2)];
  const tbts = reports.map((lhr) => Math.round(msOf(lhr, "total-blocking-time"))).sort((a, b) => a - b);
  chosen.spread = reports.length === 1 ? "1 run"
    : `${score(reports[0], "performance")}–${score(reports.at(-1), "performance")}, TBT ${tbts[0]}–${tbts.at(-1)} ms`;
  return chosen;
}

const server = await startServer();
const proxy = await startRecordingProxy(server.url);
const reports = await mkdtemp(join(tmpdir(), "guichet-lighthouse-"));
const synced = await mkdtemp(join(tmpdir(), "guichet-lighthouse-profile-"));
try {
  const rows = [];
  const firstVisits = {};
  for (const path of PAGES) {
    console.log(`==> Lighthouse: ${path}, fresh profile (${RUNS} run(s), each on a new profile)`);
    const lhr = await median(async () => {
      const fresh = await mkdtemp(join(tmpdir(), "guichet-lighthouse-fresh-"));
      try {
        return await audit(`${proxy.url}${path}`, fresh, false);
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    });
    await writeFile(join(reports, `${path.replace(/\W/g, "") || "home"}-0.json`), JSON.stringify(lhr));
    rows.push([path, 0, lhr]);
    firstVisits[path] = lhr;
  }
  console.log(`==> syncing ${COUNT} offers into a browser profile (the app's own sync)`);
  const { stored, repeat, start } = await syncProfile(synced, proxy);
  for (const path of PAGES) {
    console.log(`==> Lighthouse: ${path}, ${stored} offers stored (${RUNS} run(s))`);
    const lhr = await median(() => audit(`${proxy.url}${path}`, synced, true));
    await writeFile(join(reports, `${path.replace(/\W/g, "") || "home"}-${stored}.json`), JSON.stringify(lhr));
    rows.push([path, stored, lhr]);
  }

  const width = [10, 13, 11, 13, 14, 8, 6, 6, 40, 22, 26];
  const line = (cells, widths = width) => `| ${cells.map((cell, at) => String(cell).padEnd(widths[at])).join(" | ")} |`;
  const version = rows[0][2].lighthouseVersion;
  console.log(`\nLighthouse ${version}, median of ${RUNS} run(s) by performance score (mobile emulation, simulated slow 4G, 4x CPU slowdown), Chromium ${rows[0][2].environment.hostUserAgent.match(/Chrome\/(\S+)/)?.[1] ?? "?"}, server holding ${COUNT} offers`);
  console.log(line(["page", "offers stored", "performance", "accessibility", "best-practices", "TBT", "FCP", "LCP", "longest main-thread task", "requests / transferred", `runs (${RUNS}): range`]));
  console.log(line(width.map((w) => "-".repeat(w))));
  for (const [path, count, lhr] of rows) {
    const requests = lhr.audits["network-requests"]?.details?.items ?? [];
    const transferred = requests.reduce((sum, request) => sum + (request.transferSize ?? 0), 0);
    console.log(line([
      path, count, score(lhr, "performance"), score(lhr, "accessibility"), score(lhr, "best-practices"),
      `${Math.round(msOf(lhr, "total-blocking-time"))} ms`,
      `${(msOf(lhr, "first-contentful-paint") / 1000).toFixed(1)} s`,
      `${(msOf(lhr, "largest-contentful-paint") / 1000).toFixed(1)} s`,
      longestTask(lhr), `${requests.length} / ${kb(transferred)}`, lhr.spread,
    ]));
  }
  console.log("(TBT, FCP, LCP and task lengths are Lighthouse's simulation of the throttled device; the lists above count every request of the load, the offers feed included)");

  const fileWidth = [60, 12, 12];
  console.log(`\nFirst visit of / as Lighthouse saw it: every request, bytes on the wire and decoded`);
  console.log(line(["request", "transferred", "resource"], fileWidth));
  console.log(line(fileWidth.map((w) => "-".repeat(w)), fileWidth));
  for (const request of firstVisits["/"].audits["network-requests"]?.details?.items ?? []) {
    const url = new URL(request.url);
    const name = url.origin === proxy.url ? `${url.pathname}${url.search}` : request.url;
    console.log(line([name.length > 60 ? `${name.slice(0, 57)}...` : name, request.transferSize ?? 0, request.resourceSize ?? 0], fileWidth));
  }

  const repeatWidth = [9, 60, 6, 8];
  console.log(`\nRepeat visit (${stored} offers stored, service worker in control): what a warm reload asks the server for`);
  console.log(line(["page", "request", "status", "bytes"], repeatWidth));
  console.log(line(repeatWidth.map((w) => "-".repeat(w)), repeatWidth));
  for (const [path, requests] of Object.entries(repeat)) {
    if (requests.length === 0) console.log(line([path, "(nothing)", "", ""], repeatWidth));
    for (const request of requests) {
      const name = `${request.method} ${request.path}`;
      console.log(line([path, name.length > 60 ? `${name.slice(0, 57)}...` : name, request.status, request.bytes], repeatWidth));
    }
  }
  // Chromium checks the service worker's script for an update (a conditional GET of /sw.js)
  // about two seconds after a navigation's load, whatever the page does: the browser's request,
  // not the app's, counted apart when it changed nothing (304).
  const all = Object.values(repeat).flat();
  const updateChecks = all.filter((request) => request.path === "/sw.js" && request.status === 304);
  const notApi = all.filter((request) => !request.path.startsWith("/api/") && !updateChecks.includes(request));
  console.log(notApi.length === 0
    ? "Every request of a warm reload is an API call."
    : `${notApi.length} request(s) of a warm reload are not API calls: ${[...new Set(notApi.map((request) => request.path))].join(", ")}`);
  if (updateChecks.length > 0) {
    console.log(`(and ${updateChecks.length} check(s) of /sw.js answered 304: the browser's own service-worker update check)`);
  }
  console.log(`\nStart of /offers with ${stored} offers stored, unthrottled (this machine, Playwright's Chromium): list shown ${Math.round(start.shownAfter)} ms after navigation; `
    + (start.tasks === 0 ? "no task of 50 ms or more" : `longest task ${Math.round(start.longest)} ms (${start.tasks} tasks of 50 ms or more)`)
    + " until the start's sync was answered");
  console.log(`Lighthouse reports (JSON): ${reports}`);
} finally {
  await proxy.close();
  await server.stop();
  await rm(synced, { recursive: true, force: true });
}
