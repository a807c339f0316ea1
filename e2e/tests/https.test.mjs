// HTTPS: the kiosk served by guichet-server's own TLS (`--tls-cert`/`--tls-key`) under a name
// that is not localhost, as on an agency's LAN. Browsers withhold service workers and Web Locks
// from plain HTTP on such a name; with a certificate from the agency's CA the kiosk gets both,
// enrols and delivers a registration; staff sign in with Secure cookies. The plain-HTTP port
// only redirects.
//
// The certificates are made at test time with Debian's `openssl`: a test CA and a server
// certificate it signs for guichet.test, localhost and 127.0.0.1. Chromium resolves guichet.test
// to 127.0.0.1 and trusts the CA's key through --ignore-certificate-errors-spki-list, the
// documented way for tests (a real kiosk has the CA in its trust store, see the README).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { request } from "node:http";
import { promisify } from "node:util";
import {
  enrolmentCode, enrolOnSetup, launchBrowser, openPage, resumeDraftAt, serverCommand, startServer,
  tempDir, waitForPage, waitForServiceWorker,
} from "./harness.mjs";
import { clientId, storedRegistrations } from "./outbox-support.mjs";

const execFileAsync = promisify(execFile);
const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);
/** ALEM Bab Ezzouar, a local agency of Algiers in reference/anem-agencies.csv. */
const AGENCY = "16-04";
/** Not localhost: only HTTPS makes it a secure context. */
const HOST = "guichet.test";
const PASSWORD = "Tramway-Oran-cerise-17";

/** Runs openssl in `dir`, failing with a hint when it is not installed. */
async function openssl(dir, args) {
  try {
    await execFileAsync("openssl", args, { cwd: dir });
  } catch (error) {
    if (error.code === "ENOENT") throw new Error("this test needs openssl: apt-get install openssl");
    throw new Error(`openssl ${args.join(" ")} failed: ${error.stderr ?? error.message}`);
  }
}

/**
 * A test CA and a server certificate it signed, in `dir`: `chain` (server then CA), `key`, and
 * the CA's SPKI hash (base64 SHA-256 of its public key) for Chromium.
 */
async function makeCertificates(dir) {
  await openssl(dir, [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=guichet e2e test CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await openssl(dir, [
    "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", "server.key", "-out", "server.csr", "-subj", `/CN=${HOST}`,
  ]);
  await writeFile(join(dir, "server.ext"), [
    `subjectAltName=DNS:${HOST},DNS:localhost,IP:127.0.0.1`,
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=serverAuth",
    "",
  ].join("\n"));
  await openssl(dir, [
    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
    "-days", "2", "-extfile", "server.ext", "-out", "server.pem",
  ]);
  const ca = await readFile(join(dir, "ca.pem"), "utf8");
  const chain = join(dir, "chain.pem");
  await writeFile(chain, (await readFile(join(dir, "server.pem"), "utf8")) + ca);
  const spki = new X509Certificate(ca).publicKey.export({ type: "spki", format: "der" });
  return {
    chain,
    key: join(dir, "server.key"),
    caSpki: createHash("sha256").update(spki).digest("base64"),
  };
}

/** A plain-HTTP GET to `url` with `host` as the Host header: status and Location. */
function plainGet(url, host) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode, location: response.headers.location });
    });
    req.on("error", reject);
    req.end();
  });
}

let world;
before(async () => {
  const data = await tempDir("guichet-e2e-https-");
  const certificates = await makeCertificates(data.path);
  const server = await startServer({
    databaseDir: data.path,
    extraArgs: [
      "--tls-cert", certificates.chain,
      "--tls-key", certificates.key,
      "--http-redirect-addr", "127.0.0.1:0",
    ],
  });
  const browser = await launchBrowser({
    extraArgs: [
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${certificates.caSpki}`,
    ],
  });
  world = { data, server, browser, origin: `https://${HOST}:${server.port}` };
});
after(async () => {
  await world?.browser.close();
  await world?.server.stop();
  await world?.data.remove();
});

test("over HTTPS on a LAN name the kiosk has its service worker, enrols and delivers a registration", async (t) => {
  const { data, server, browser, origin } = world;
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const { context, page, consoleErrors } = await openPage(browser, { locale: "en-GB" });
  t.after(() => context.close());

  const response = await page.goto(`${origin}/setup`);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()["strict-transport-security"], "max-age=31536000");
  assert.equal(await page.evaluate(() => location.origin), origin);
  assert.equal(await page.evaluate(() => isSecureContext), true);
  assert.equal(await page.evaluate(() => "locks" in navigator), true, "Web Locks for the outbox");
  await waitForServiceWorker(page);

  assert.equal(await enrolOnSetup(page, { code: await enrolmentCode(data.path, AGENCY), name: "Reception 1" }), "enrolled");

  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  const id = clientId();
  await page.goto(`${origin}/register`);
  await resumeDraftAt(page, { clientId: id, step: "review", registration });
  await page.click(".wizard-send");
  await waitForPage(page, `/receipt/${id}`);
  await page.locator('.receipt-state[data-state="confirmed"]').waitFor({ timeout: 20_000 });
  const stored = await storedRegistrations(data.path);
  assert.equal(stored.rows, 1);
  assert.ok(stored.byClient.has(id), `the server stored ${id}`);

  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.state), "activated");
  assert.deepEqual(consoleErrors.filter((error) => !/Failed to load resource/.test(error)), []);
});

test("the plain-HTTP listener only redirects to the same path over HTTPS", async (t) => {
  const { server, browser, origin } = world;
  assert.ok(server.redirectUrl, "the server named its redirect listener");
  const redirectPort = new URL(server.redirectUrl).port;

  const answer = await plainGet(`${server.redirectUrl}/register?lang=ar`, `${HOST}:${redirectPort}`);
  assert.deepEqual(answer, { status: 308, location: `${origin}/register?lang=ar` });
  const api = await plainGet(`${server.redirectUrl}/api/v1/health`, HOST);
  assert.deepEqual(api, { status: 308, location: `${origin}/api/v1/health` });

  // A browser typing the plain address lands on the HTTPS kiosk.
  const { context, page } = await openPage(browser);
  t.after(() => context.close());
  await page.goto(`http://${HOST}:${redirectPort}/setup`);
  assert.equal(page.url(), `${origin}/setup`);
});

test("over HTTPS staff activate their account and sign in with Secure __Host- cookies", async (t) => {
  const { data, browser, origin } = world;
  const stdout = await serverCommand(data.path, [
    "staff", "add", "--agency", "16", "--role", "manager", "--login", "amina.tls",
    "--name", "Amina Benali", "--base-url", origin,
  ]);
  const link = stdout.trim().split(/\s+/).at(-1);
  assert.ok(link.startsWith(`${origin}/desk/activate/`), link);
  const context = await browser.newContext({ locale: "fr-FR" });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(link);
  await page.fill("#password", PASSWORD);
  await page.fill("#confirm", PASSWORD);
  await page.keyboard.press("Enter");
  await page.locator("p.notice").waitFor();
  await page.goto(`${origin}/desk/login`);
  await page.fill("#login", "amina.tls");
  await page.fill("#password", PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${origin}/desk/`);
  const cookies = await context.cookies(origin);
  assert.ok(cookies.length > 0, "the desk set its cookies");
  for (const cookie of cookies) {
    assert.ok(cookie.name.startsWith("__Host-"), cookie.name);
    assert.equal(cookie.secure, true, cookie.name);
  }
});
