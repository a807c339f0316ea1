// Where a page's main thread goes while it starts: `node bench/profile.mjs URL [SECONDS] [MIN_MS]`
// opens URL in Debian's Chromium with a fresh profile (a first visit; no throttling), records a
// trace and a sampling CPU profile for SECONDS (default 6), and prints each task of the page's
// main thread longer than MIN_MS (default 12: the tasks Lighthouse's 4x CPU slowdown makes 50 ms
// or more), with the trace events it holds and the functions most often on its stack.
//
// Function names need a wasm with its names kept: `cargo xtask size --part <module>` writes one
// (/tmp/guichet-size/guichet_named.wasm) for that part of the last build; copy dist/ elsewhere,
// put that file in place of the part's module (`guichet_bg.wasm`, `guichet_offers_bg.wasm` or
// `guichet_register_bg.wasm`, removing its .br and .gz), and serve the copy with
// `guichet-server serve --dist <copy>`. With the shipped wasm the tasks and events still show.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "../e2e/node_modules/playwright-core/index.mjs";

const [url, seconds = "6", minMs = "12"] = process.argv.slice(2);
if (!url) throw new Error("usage: node bench/profile.mjs URL [SECONDS] [MIN_MS]");
const CHROMIUM = process.env.GUICHET_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=fr-FR", "--accept-lang=fr-FR",
];

const dir = await mkdtemp(join(tmpdir(), "guichet-profile-"));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: CHROMIUM, headless: true, locale: "fr-FR", args: FLAGS, viewport: { width: 412, height: 823 },
});
let events = [];
let profile;
try {
  const page = context.pages()[0] ?? await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  cdp.on("Tracing.dataCollected", (data) => { events = events.concat(data.value); });
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", {
    categories: "toplevel,devtools.timeline,v8.execute,v8,v8.wasm,disabled-by-default-v8.compile,blink,loading",
    transferMode: "ReportEvents",
  });
  await cdp.send("Profiler.start");
  await page.goto(url);
  await page.waitForTimeout(Number(seconds) * 1000);
  ({ profile } = await cdp.send("Profiler.stop"));
  await cdp.send("Tracing.end");
  await complete;
} finally {
  await context.close();
  await rm(dir, { recursive: true, force: true });
}

// The page's main thread: the renderer thread that ran the page's own scripts.
const mainThreads = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain")
  .map((e) => `${e.pid}:${e.tid}`));
const host = new URL(url).host;
const ours = events.find((e) => ["FunctionCall", "EvaluateScript", "ParseHTML"].includes(e.name)
  && mainThreads.has(`${e.pid}:${e.tid}`) && JSON.stringify(e.args ?? {}).includes(host));
if (!ours) throw new Error("no event of the page's main thread in the trace");
const onMain = events.filter((e) => e.pid === ours.pid && e.tid === ours.tid && e.ph === "X");
const start = (events.find((e) => e.name === "navigationStart" && e.pid === ours.pid) ?? onMain[0]).ts;
const tasks = onMain.filter((e) => e.name === "ThreadControllerImpl::RunTask" && e.dur > Number(minMs) * 1000);

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
let clock = profile.startTime;
const times = profile.timeDeltas.map((delta) => (clock += delta));
const plumbing = /^\((root|program|garbage collector)\)$|^$|wasm_bindgen|js-to-wasm|wasm-to-js|^real$|run_scheduler|Queue>::new/;
const short = (name) => name.replace(/<[^<>]*>/g, (generic) => (generic.length > 60 ? "<…>" : generic)).slice(0, 150);

console.log(`${tasks.length} task(s) over ${minMs} ms on the page's main thread (times from navigation)`);
for (const task of tasks) {
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur);
  const longestOf = {};
  for (const event of inside) longestOf[event.name] = Math.max(longestOf[event.name] ?? 0, event.dur);
  const held = Object.entries(longestOf).sort((a, b) => b[1] - a[1]).slice(0, 6)
    .map(([name, dur]) => `${name} ${(dur / 1000).toFixed(0)}`).join(", ");
  const onStack = new Map();
  profile.samples.forEach((id, at) => {
    if (times[at] < task.ts || times[at] > task.ts + task.dur) return;
    const seen = new Set();
    for (let node = id; node !== undefined; node = parents.get(node)) {
      const name = nodes.get(node).callFrame.functionName;
      if (!seen.has(name)) { seen.add(name); onStack.set(name, (onStack.get(name) ?? 0) + 1); }
    }
  });
  console.log(`\n${((task.ts - start) / 1000).toFixed(0).padStart(6)} ms  ${(task.dur / 1000).toFixed(0).padStart(4)} ms  ${held}`);
  for (const [name, samples] of [...onStack].filter(([name]) => !plumbing.test(name)).sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`    ${String(samples).padStart(4)} samples  ${short(name)}`);
  }
}
