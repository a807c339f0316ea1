// The desk's sign-in pages in a real browser: an account created with `guichet-server staff add`
// is activated through its link, signs in and out from the keyboard; every page passes axe-core
// in Arabic and in French, and reflows at 320 px with text at 200 %.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  launchBrowser, seriousAccessibilityViolations, serverCommand, startServer, tempDir,
} from "./harness.mjs";

const PASSWORD = "Tramway-Oran-cerise-17";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function serve(t) {
  const dir = await tempDir("guichet-desk-");
  const server = await startServer({ databaseDir: dir.path });
  t.after(async () => { await server.stop(); await dir.remove(); });
  return { server, databaseDir: dir.path };
}

/** `staff add`'s activation link (the last word it prints). */
async function addStaff(databaseDir, baseUrl, login) {
  const stdout = await serverCommand(databaseDir, [
    "staff", "add", "--agency", "16", "--role", "manager", "--login", login,
    "--name", "Amina Benali", "--base-url", baseUrl,
  ]);
  const link = stdout.trim().split(/\s+/).at(-1);
  assert.match(link, /\/desk\/activate\/[A-Za-z0-9_-]{43}$/);
  return link;
}

async function noSidewaysScroll(page, what) {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.evaluate(() => { document.documentElement.style.fontSize = "200%"; });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  await page.evaluate(() => { document.documentElement.style.fontSize = ""; });
  await page.setViewportSize({ width: 1024, height: 768 });
  assert.ok(overflow <= 0, `${what} at 320 px and 200 % overflows sideways by ${overflow} px`);
}

async function checkDesk(t, locale, language) {
  const { server, databaseDir } = await serve(t);
  const link = await addStaff(databaseDir, server.url, `amina.${language}`);
  // bypassCSP only so axe-core can be injected; the pages themselves need no inline script.
  const context = await browser.newContext({ locale, bypassCSP: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  const audit = async (what) => {
    assert.equal(await page.getAttribute("html", "lang"), language, what);
    assert.equal(await page.getAttribute("html", "dir"), language === "ar" ? "rtl" : "ltr", what);
    problems.push(...(await seriousAccessibilityViolations(page)).map((v) => `${what}: ${v}`));
    await noSidewaysScroll(page, what);
  };

  await page.goto(link);
  await audit("activation");
  // A weak password, from the keyboard: refused with its reason, announced.
  await page.focus("#password");
  await page.keyboard.type("password1234");
  await page.keyboard.press("Tab");
  await page.keyboard.type("password1234");
  await page.keyboard.press("Enter");
  await page.locator("#activate-alert li").first().waitFor();
  assert.equal(await page.getAttribute("#activate-alert", "role"), "alert");
  await audit("activation refused");
  await page.fill("#password", PASSWORD);
  await page.fill("#confirm", PASSWORD);
  await page.keyboard.press("Enter");
  await page.locator("p.notice").waitFor();
  await audit("activation done");
  const list = await serverCommand(databaseDir, ["staff", "list"]);
  assert.match(list, new RegExp(`^amina\\.${language}\tAmina Benali\tmanager\t16\tactive$`, "m"));
  assert.ok(!list.includes("$argon2"), "staff list never shows a hash");

  await page.goto(`${server.url}/desk/login`);
  await audit("login");
  await page.focus("#login");
  await page.keyboard.type(`amina.${language}`);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Not-the-password-99");
  await page.keyboard.press("Enter");
  await page.locator("#login-alert:not(:empty)").waitFor();
  await audit("login refused");
  await page.fill("#login", `amina.${language}`);
  await page.fill("#password", PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}/desk/`);
  assert.match(await page.textContent("main"), /Amina Benali/);
  await audit("home");

  await page.focus("form[action='/desk/logout'] button");
  await page.keyboard.press("Enter");
  await page.locator("p.notice").waitFor();
  await audit("signed out");
  await page.goto(`${server.url}/desk/`);
  await page.waitForURL(`${server.url}/desk/login`);
  assert.deepEqual(problems, [], `serious or critical axe violations in ${language}`);
}

test("the desk's sign-in pages pass axe-core in Arabic", (t) => checkDesk(t, "ar-DZ", "ar"));
test("the desk's sign-in pages pass axe-core in French", (t) => checkDesk(t, "fr-FR", "fr"));

test("the desk's pages load under the kiosk's Content-Security-Policy without an error", async (t) => {
  const { server } = await serve(t);
  const context = await browser.newContext({ locale: "fr-FR" });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  const response = await page.goto(`${server.url}/desk/login`);
  assert.equal(response.headers()["cache-control"], "no-store");
  assert.ok(!response.headers()["content-security-policy"].includes("unsafe-inline"));
  const stylesheet = await page.getAttribute("link[rel=stylesheet]", "href");
  assert.match(stylesheet, /^\/desk\/assets\/desk-[0-9a-f]{16}\.css$/);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("main")).marginTop !== "0px"), true);
  assert.deepEqual(errors, []);
});
