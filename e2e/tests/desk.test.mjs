// The counsellors' desk end to end (issue 9): a manager creates an enrolment code on the desk, a
// kiosk enrols with it, a visitor registers; the arrival appears on the counsellor's open page
// within 10 seconds; the counsellor finds it by the receipt's QR text and by its reference,
// corrects a field, confirms; the attestation prints to one A4 PDF; the day's export holds the
// row; the manager's audit log shows each step with the counsellor's name. Another agency's
// counsellor gets 404, a logged-out visit the login page, a form without its token 403 and no
// change; axe-core finds nothing serious on the desk's pages in Arabic and French.

import { test, before, after } from "node:test";
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  enrolOnSetup, launchBrowser, openPage, resumeDraftAt, seriousAccessibilityViolations,
  serverCommand, startServer, testDatabase, waitForPage,
} from "./harness.mjs";
import { clientId } from "./outbox-support.mjs";

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);
const PASSWORD = "Tramway-Oran-cerise-17";
/** ALEM Bab Ezzouar; ALEM Sidi M'Hamed is the other agency. */
const AGENCY = "16-04";
const OTHER_AGENCY = "16-01";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Creates an account with `staff add`, activates it and signs in; its browser context. */
async function signIn(server, database, { login, name, role, agency }, on = browser) {
  const stdout = await serverCommand(database, [
    "staff", "add", "--agency", agency, "--role", role, "--login", login, "--name", name,
    "--base-url", server.url,
  ]);
  const link = stdout.trim().split(/\s+/).at(-1);
  // bypassCSP only so axe-core can be injected; the pages need no inline script.
  const context = await on.newContext({ locale: "fr-FR", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(link);
  await page.fill("#password", PASSWORD);
  await page.fill("#confirm", PASSWORD);
  await page.keyboard.press("Enter");
  await page.locator("p.notice").waitFor();
  await page.goto(`${server.url}/desk/login`);
  await page.fill("#login", login);
  await page.fill("#password", PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/desk/`);
  return { context, page };
}

/** The day in Algeria (UTC+1), as the export's dates. */
function todayInAlgeria() {
  return new Date(Date.now() + 3_600_000).toISOString().slice(0, 10);
}

for (const engine of ["sqlite", "postgres"]) {
  test(`${engine}: from a manager's enrolment code to a confirmed, certified, exported and audited registration`, async (t) => {
    const database = await testDatabase(engine);
    const server = await startServer({ databaseDir: database });
    t.after(async () => { await server.stop(); await database.remove(); });
    const base = server.url;

    const manager = await signIn(server, database, { login: "nadia", name: "Nadia Ferhat", role: "manager", agency: AGENCY });
    const counsellor = await signIn(server, database, { login: "amina", name: "Amina Benali", role: "counsellor", agency: AGENCY });
    const stranger = await signIn(server, database, { login: "omar", name: "Omar Kaci", role: "counsellor", agency: OTHER_AGENCY });
    t.after(() => Promise.all([manager, counsellor, stranger].map(({ context }) => context.close())));

    // The manager creates an enrolment code on the desk: text and QR.
    await manager.page.goto(`${base}/desk/kiosks`);
    await manager.page.click("form[action^='/desk/kiosks/code'] button");
    await manager.page.locator(".enrolment-code").waitFor();
    const code = (await manager.page.textContent(".enrolment-code")).trim();
    assert.match(code, /^[0-9A-Z]{8}$/);
    assert.equal(await manager.page.locator("section.notice svg").count(), 1);

    // The counsellor watches the arrivals while a kiosk enrols and a visitor registers.
    await counsellor.page.goto(`${base}/desk/arrivals?filter=today`);
    const kiosk = await openPage(browser, { locale: "fr-FR" });
    t.after(() => kiosk.context.close());
    await kiosk.page.goto(`${base}/setup`);
    assert.equal(await enrolOnSetup(kiosk.page, { code, name: "Accueil 1" }), "enrolled");
    const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
    const id = clientId();
    await kiosk.page.goto(`${base}/register`);
    await resumeDraftAt(kiosk.page, { clientId: id, step: "review", registration });
    await kiosk.page.click(".wizard-send");
    await waitForPage(kiosk.page, `/receipt/${id}`);
    const dossierLink = `a[href="/desk/dossiers/${id}"]`;
    await counsellor.page.locator(dossierLink).waitFor({ timeout: 10_000 });
    assert.match(await counsellor.page.textContent("#arrivals"), /Accueil 1/);

    // Found by the receipt's QR text, then by its reference.
    const find = async (page, text) => {
      await page.goto(`${base}/desk/find`);
      await page.fill("#q", text);
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/desk\/find\?q=/);
      return page.locator(dossierLink).count();
    };
    assert.equal(await find(counsellor.page, `GUICHET:${id.toUpperCase()}`), 1);
    await counsellor.page.click(dossierLink);
    const reference = (await counsellor.page.textContent("dl.identity dd[dir=ltr]")).trim();
    assert.match(reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal(await find(counsellor.page, reference), 1);
    assert.equal(await find(stranger.page, `GUICHET:${id.toUpperCase()}`), 0);

    // Another agency's counsellor: 404 on the dossier and its actions; logged out: the login page.
    const dossier = `${base}/desk/dossiers/${id}`;
    assert.equal((await stranger.page.goto(dossier)).status(), 404);
    const anonymous = await browser.newContext();
    t.after(() => anonymous.close());
    const anonymousPage = await anonymous.newPage();
    await anonymousPage.goto(dossier);
    assert.equal(new URL(anonymousPage.url()).pathname, "/desk/login");

    // Without the CSRF token nothing changes.
    const forged = await counsellor.context.request.post(`${dossier}/reject`, {
      form: { version: "1", reason: "forged" }, maxRedirects: 0,
    });
    assert.equal(forged.status(), 403);

    // Correct a field, then confirm.
    await counsellor.page.goto(dossier);
    await counsellor.page.selectOption("#correct-field", "contact.address");
    await counsellor.page.fill("#correct-value", "3 rue Larbi Ben M'hidi");
    await counsellor.page.click("form[action*='/correct'] button");
    await counsellor.page.waitForURL(/\/desk\/dossiers\//);
    assert.match(await counsellor.page.textContent("ol.history"), /Larbi Ben M'hidi/);
    await counsellor.page.click("form[action*='/confirm'] button");
    await counsellor.page.waitForURL(/\/desk\/dossiers\//);
    const year = todayInAlgeria().slice(0, 4);
    const number = `${AGENCY}/${year}/000001`;
    assert.match(await counsellor.page.textContent("main"), new RegExp(number));
    const strangerConfirm = await stranger.context.request.post(`${dossier}/confirm`, {
      form: { version: "3", csrf_token: "" }, maxRedirects: 0,
    });
    assert.ok([403, 404].includes(strangerConfirm.status()));

    // The attestation prints to one A4 page.
    await counsellor.page.click("a[href$='/attestation']");
    await counsellor.page.locator(".attestation svg").waitFor();
    const pdf = await counsellor.page.pdf({ format: "A4", printBackground: true });
    assert.ok(pdf.subarray(0, 5).toString() === "%PDF-" && pdf.length > 2_000);
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.equal(pages.length, 1, "the attestation fits one A4 page");

    // The day's export holds the row; another agency's does not.
    const day = todayInAlgeria();
    const exportUrl = `${base}/desk/export?from=${day}&to=${day}`;
    const csv = await counsellor.context.request.get(exportUrl);
    const body = await csv.body();
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(body.toString("utf8"), new RegExp(`${number}.*${id}`));
    assert.ok(!(await (await stranger.context.request.get(exportUrl)).text()).includes(id));

    // The manager's audit log shows each step with the counsellor's name.
    await manager.page.goto(`${base}/desk/audit?lang=fr`);
    const log = await manager.page.textContent("table");
    for (const step of ["Code d'enrôlement créé", "Recherche", "Ouverture du dossier", "Correction", "Confirmation", "Attestation imprimée", "Export"]) {
      assert.ok(log.includes(step), `${step} in the audit log`);
    }
    assert.match(log, /Amina Benali/);

    // axe-core on every desk page, in Arabic and French.
    const problems = [];
    const pagesToCheck = [
      [counsellor.page, "/desk/arrivals?filter=all"], [counsellor.page, "/desk/find?q=benali"],
      [counsellor.page, `/desk/dossiers/${id}`], [counsellor.page, `/desk/dossiers/${id}/attestation`],
      [counsellor.page, "/desk/export"], [manager.page, "/desk/kiosks"], [manager.page, "/desk/staff"],
      [manager.page, "/desk/audit"],
    ];
    for (const language of ["ar", "fr"]) {
      for (const [page, path] of pagesToCheck) {
        const separator = path.includes("?") ? "&" : "?";
        await page.goto(`${base}${path}${separator}lang=${language}`);
        assert.equal(await page.getAttribute("html", "lang"), language);
        problems.push(...(await seriousAccessibilityViolations(page)).map((v) => `${language} ${path}: ${v}`));
        // 320 px wide with text at 200 %: nothing scrolls sideways (tables scroll in their box).
        await page.setViewportSize({ width: 320, height: 700 });
        await page.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        await page.evaluate(() => { document.documentElement.style.fontSize = ""; });
        await page.setViewportSize({ width: 1024, height: 768 });
        assert.ok(overflow <= 0, `${language} ${path} overflows at 320 px and 200 % by ${overflow} px`);
      }
    }
    assert.deepEqual(problems, []);
  });
}

// Chromium on Linux has no barcode detector (the Shape Detection API has no backend there), so
// the scan is driven through a stand-in `BarcodeDetector` that reads nothing until it is given a
// live camera track, and Chromium's fake camera. What is tested is the page's part: the button
// only where a detector exists, the camera opened and stopped, a code that is not a receipt
// ignored, the receipt's text searched.
test("the find page reads a receipt's QR code with the desk's camera where the browser can", async (t) => {
  const database = await testDatabase("sqlite");
  const server = await startServer({ databaseDir: database });
  t.after(async () => { await server.stop(); await database.remove(); });
  const camera = await chromium.launch({
    executablePath: process.env.GUICHET_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage",
      "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ],
  });
  t.after(() => camera.close());
  const desk = await signIn(server, database, { login: "amina", name: "Amina Benali", role: "counsellor", agency: AGENCY }, camera);
  const id = clientId().toUpperCase();

  // The Permissions-Policy lets this page, and only this one, ask for the camera.
  const find = await desk.page.goto(`${server.url}/desk/find`);
  assert.equal(find.headers()["permissions-policy"], "camera=(self), microphone=(), geolocation=()");
  const arrivals = await desk.page.goto(`${server.url}/desk/arrivals`);
  assert.match(arrivals.headers()["permissions-policy"], /camera=\(\)/);

  // Without a detector (Chromium on Linux) the button stays hidden: the field takes a scanner's text.
  await desk.page.goto(`${server.url}/desk/find`);
  await desk.page.locator("#q").waitFor();
  await desk.page.waitForLoadState("load");
  assert.equal(await desk.page.evaluate(() => "BarcodeDetector" in window), false);
  assert.equal(await desk.page.locator("#scanner").isHidden(), true);

  await desk.context.grantPermissions(["camera"], { origin: server.url });
  await desk.context.addInitScript((receipt) => {
    window.BarcodeDetector = class {
      static async getSupportedFormats() { return ["qr_code", "ean_13"]; }
      async detect(source) {
        const track = source?.srcObject?.getVideoTracks?.()[0];
        if (!(source instanceof HTMLVideoElement) || track?.readyState !== "live") return [];
        window.liveFrames = (window.liveFrames ?? 0) + 1;
        if (window.liveFrames < 3) return [];
        return [{ rawValue: "https://example.com/", format: "qr_code" }, { rawValue: receipt, format: "qr_code" }];
      }
    };
    // Records the camera's tracks so the test can see them stopped.
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      window.cameraTracks = stream.getTracks();
      return stream;
    };
  }, `GUICHET:${id}`);
  await desk.page.goto(`${server.url}/desk/find?lang=fr`);
  const start = desk.page.locator("#scan-start");
  await start.waitFor();
  assert.equal(await start.textContent(), "Lire le code QR avec la caméra");
  // Keyboard only: focus the button and press Enter.
  await start.focus();
  await desk.page.keyboard.press("Enter");
  await desk.page.waitForURL(/\/desk\/find\?q=GUICHET/);
  assert.equal(new URL(desk.page.url()).searchParams.get("q"), `GUICHET:${id}`);
  assert.equal(await desk.page.inputValue("#q"), `GUICHET:${id}`);
  assert.match(await desk.page.textContent("main"), /Aucun dossier ne correspond/);

  // Stopping by hand turns the camera off and says so.
  await desk.context.addInitScript(() => {
    window.BarcodeDetector.prototype.detect = async () => [];
  });
  await desk.page.goto(`${server.url}/desk/find?lang=fr`);
  await desk.page.click("#scan-start");
  await desk.page.locator("#scan-stop").waitFor();
  await desk.page.waitForFunction(() => window.cameraTracks?.every((track) => track.readyState === "live"));
  await desk.page.click("#scan-stop");
  assert.equal(await desk.page.evaluate(() => window.cameraTracks.map((track) => track.readyState).join()), "ended");
  assert.equal(await desk.page.textContent("#scan-status"), "Caméra arrêtée.");
  assert.equal(await desk.page.locator("video").isHidden(), true);
  await desk.context.close();
});
