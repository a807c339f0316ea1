// A new deploy: pages open from the service worker's cache (the old build, at once); the browser's
// update check on that load installs the new build beside the old one, and the load after shows
// the new build, which then works offline.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  cacheNames, copyDist, launchBrowser, openPage, postBuild, startServer, tempDir,
  waitForServiceWorker, waitUntil,
} from "./harness.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const buildShown = (page) => page.getAttribute(".build", "data-build");

test("a rebuilt version is served from the load after the new worker takes over", async (t) => {
  const data = await tempDir("guichet-e2e-");
  const site = await tempDir("guichet-dist-");
  const dist = await copyDist(join(site.path, "dist"));
  let server = await startServer({ databaseDir: data.path, dist });
  t.after(async () => { await server.stop(); await data.remove(); await site.remove(); });
  const { context, page } = await openPage(browser);
  t.after(() => context.close());

  await page.goto(server.url);
  await waitForServiceWorker(page);
  const first = await buildShown(page);
  t.diagnostic(`first build ${first}`);
  assert.match(first, /^[0-9a-f]{16}$/);
  assert.deepEqual(await cacheNames(page), [`guichet-shell-${first}`]);

  // Redeploy: a changed index.html, then the same post-build step a real build runs.
  const indexPath = join(dist, "index.html");
  const index = await readFile(indexPath, "utf8");
  await writeFile(indexPath, index.replace("</body>", "<!-- redeployed -->\n</body>"));
  await postBuild(dist);

  // The reload is answered from the cache: still the first build, without asking the server.
  await page.reload();
  await page.locator(".build").waitFor();
  assert.equal(await buildShown(page), first, "the reload opens the cached shell");

  // Its navigation made the browser check sw.js: the new worker completes its cache, takes over,
  // and removes the old cache.
  let second;
  await waitUntil(
    async () => {
      const names = await cacheNames(page);
      second = names[0]?.replace("guichet-shell-", "");
      return names.length === 1 && second !== first;
    },
    { timeout: 30_000, what: "the new build's cache to replace the old one" },
  );
  assert.match(second, /^[0-9a-f]{16}$/);
  t.diagnostic(`second build ${second}`);

  // The next load shows the new build.
  await page.reload();
  await page.locator(".build").waitFor();
  assert.equal(await buildShown(page), second);
  const shellBuild = await page.evaluate(async (name) => {
    const shell = await (await caches.open(name)).match("/");
    return (await shell.text()).match(/guichet-build" content="([^"]*)"/)?.[1];
  }, `guichet-shell-${second}`);
  assert.equal(shellBuild, second, "the new cache holds the new shell");

  // And the new build is what opens offline.
  await server.stop();
  await page.reload();
  await page.locator(".build").waitFor({ timeout: 10_000 });
  assert.equal(await buildShown(page), second);
  server = await startServer({ port: server.port, databaseDir: data.path, dist });
});
