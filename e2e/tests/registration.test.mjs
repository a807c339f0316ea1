// Registering: filling the wizard, leaving and coming back, mistakes shown and announced, and
// every screen checked with axe-core in Arabic and French.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  launchBrowser, openPage, putRecord, readAllStores, resumeDraftAt, seriousAccessibilityViolations,
  startServer, tempDir, waitUntil,
} from "./harness.mjs";

const FIXTURE = new URL("../../crates/protocol/fixtures/registration-valid.json", import.meta.url);
const STEPS = ["civil_status", "identity", "contact", "education", "experience", "consent", "review"];

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function serve(t) {
  const data = await tempDir("guichet-e2e-");
  const server = await startServer({ databaseDir: data.path });
  t.after(async () => { await server.stop(); await data.remove(); });
  return server;
}

const field = (path) => `#field-${path.replaceAll(".", "-")}`;

/** Types a few letters into a commune combobox and chooses the first option from the keyboard. */
async function chooseCommune(page, path, typed) {
  await page.fill(field(path), typed);
  await page.locator(`${field(path)}-option-0`).waitFor();
  await page.press(field(path), "ArrowDown");
  await page.press(field(path), "Enter");
}

/** Fills the day, month and year fields of a date. */
async function fillDate(page, path, [day, month, year]) {
  await page.fill(field(path), day);
  await page.fill(`${field(path)}-month`, month);
  await page.fill(`${field(path)}-year`, year);
}

async function waitForStep(page, step) {
  await page.locator(`h1[data-step="${step}"]`).waitFor({ timeout: 10_000 });
}

/** The stored drafts, once one of them satisfies `condition`. */
async function waitForDraft(page, condition, what) {
  return waitUntil(async () => {
    const { drafts = [] } = await readAllStores(page);
    return drafts.find(condition);
  }, { what });
}

test("three steps filled, then a reload: the same step and the same values", async (t) => {
  const server = await serve(t);
  const { context, page, consoleErrors } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  // Nothing sends a draft: the only requests allowed are reads.
  const sent = [];
  page.on("request", (request) => {
    if (request.method() !== "GET") sent.push(`${request.method()} ${request.url()}`);
  });
  await page.goto(`${server.url}/register`);
  await waitForStep(page, "civil_status");

  await page.fill(field("civil_status.last_name_latin"), "Benali");
  await page.fill(field("civil_status.first_name_latin"), "Karim");
  await page.fill(field("civil_status.last_name_arabic"), "بن علي");
  await page.fill(field("civil_status.first_name_arabic"), "كريم");
  await page.check(field("civil_status.sex"));
  await fillDate(page, "civil_status.birth_date", ["14", "3", "1995"]);
  await page.selectOption(field("civil_status.birth_wilaya"), "16");
  await chooseCommune(page, "civil_status.birth_commune", "alger cent");
  await page.check(field("civil_status.marital_status"));
  await page.check(field("civil_status.national_service"));
  await page.click(".wizard-next");
  await waitForStep(page, "identity");
  // A new step moves the focus to its title, so a screen reader starts there.
  assert.equal(await page.evaluate(() => document.activeElement?.id), "wizard-step-title");

  await page.fill(field("identity.nin"), "109950123456789012");
  await page.check(field("identity.id_document_type"));
  await page.fill(field("identity.id_document_number"), "201234567");
  await page.fill(field("identity.id_document_issue_date"), "2019-06-02");
  await page.click(".wizard-next");
  await waitForStep(page, "contact");

  await page.fill(field("contact.mobile_phone"), "0550 12 34 56");
  await page.selectOption(field("contact.residence_wilaya"), "16");
  await chooseCommune(page, "contact.residence_commune", "alger cent");
  await page.fill(field("contact.address"), "12 rue Didouche Mourad");

  // Saved within 300 ms of the last change: wait for it in IndexedDB, not for a fixed time.
  const saved = await waitForDraft(
    page,
    (draft) => draft.registration.contact.address === "12 rue Didouche Mourad",
    "the draft with the address",
  );
  assert.equal(saved.step, "contact");
  assert.equal(saved.registration.civil_status.birth_date, "1995-03-14");
  assert.equal(saved.registration.civil_status.birth_commune, "1601");
  assert.equal(saved.registration.contact.residence_commune, "1601");
  assert.match(saved.client_id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(saved.registration.identity.nin, "109950123456789012");

  await page.reload();
  await waitForStep(page, "contact");
  assert.equal(await page.inputValue(field("contact.mobile_phone")), "0550 12 34 56");
  assert.equal(await page.inputValue(field("contact.residence_wilaya")), "16");
  assert.equal(await page.inputValue(field("contact.residence_commune")), "Alger Centre");
  assert.equal(await page.inputValue(field("contact.address")), "12 rue Didouche Mourad");
  // On a personal device the person sees until when the draft is kept.
  assert.match(await page.textContent(".kept-until"), /gardé sur cet appareil jusqu'au/);

  await page.click(".wizard-back");
  await waitForStep(page, "identity");
  assert.equal(await page.inputValue(field("identity.nin")), "109950123456789012");
  await page.click(".wizard-back");
  await waitForStep(page, "civil_status");
  assert.equal(await page.inputValue(field("civil_status.last_name_latin")), "Benali");
  assert.equal(await page.inputValue(field("civil_status.birth_date")), "14");
  assert.equal(await page.inputValue(`${field("civil_status.birth_date")}-month`), "03");
  assert.equal(await page.inputValue(`${field("civil_status.birth_date")}-year`), "1995");
  assert.ok(await page.isChecked(field("civil_status.national_service")));

  const { drafts } = await readAllStores(page);
  assert.equal(drafts.length, 1, "one draft, under one client id");
  assert.equal(drafts[0].client_id, saved.client_id);
  assert.deepEqual(sent, [], "a draft is never sent");
  assert.deepEqual(consoleErrors, []);
});

test("mistakes are shown on leaving a field and on Next, announced, and focused", async (t) => {
  const server = await serve(t);
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  await waitForStep(page, "civil_status");

  await page.click(".wizard-next");
  await waitForStep(page, "civil_status");
  const first = field("civil_status.last_name_latin");
  await page.waitForFunction(() => document.activeElement?.id === "field-civil_status-last_name_latin");
  assert.equal(await page.getAttribute(first, "aria-invalid"), "true");
  const describedBy = await page.getAttribute(first, "aria-describedby");
  assert.equal(
    await page.textContent(`#${describedBy.split(" ").at(-1)}`),
    "Ce champ est obligatoire",
  );
  assert.match(await page.textContent(".wizard-summary[role=alert]"), /champs sont à corriger/);

  // Latin letters only, shown when the person leaves the field, and gone once corrected.
  await page.fill(first, "Benali2");
  await page.press(first, "Tab");
  const error = "#field-civil_status-last_name_latin-error";
  assert.equal(
    await page.textContent(error),
    "Utilisez seulement des lettres latines, des espaces, des tirets et des apostrophes",
  );
  assert.equal(await page.getAttribute(error, "aria-live"), "polite");
  await page.fill(first, "Benali");
  await page.waitForFunction((selector) => document.querySelector(selector)?.textContent === "", error);

  // From the keyboard: Enter in a field presses Next, and the focus moves to the next mistake.
  await page.focus(field("civil_status.first_name_latin"));
  await page.keyboard.type("Karim");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.id === "field-civil_status-last_name_arabic");

  // Every control is large enough to touch (44 px).
  const boxes = await page.locator(
    ".wizard-form input[type=text], .wizard-form select, .choice-option, .wizard-actions button, .wizard-keep button",
  ).evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON()));
  assert.ok(boxes.length > 10);
  for (const box of boxes) {
    assert.ok(box.height >= 44 && box.width >= 44, `touch target too small: ${JSON.stringify(box)}`);
  }

  // National service is asked of men only.
  assert.equal(await page.locator(field("civil_status.national_service")).count(), 0);
  await page.check(field("civil_status.sex"));
  assert.equal(await page.locator(field("civil_status.national_service")).count(), 1);
});

test("on a phone: save and finish later, and a draft older than 15 days is gone", async (t) => {
  const server = await serve(t);
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  await waitForStep(page, "civil_status");
  await page.fill(field("civil_status.first_name_latin"), "Karim");
  await page.click(".wizard-save-later");
  assert.match(await page.textContent(".saved-later"), /enregistré sur cet appareil/);
  await waitForDraft(page, (draft) => draft.registration.civil_status.first_name_latin === "Karim", "the draft");

  // Alone on the device, a draft last changed 16 days ago: deleted on opening, and the person is told.
  await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open("guichet");
    open.onsuccess = () => {
      const transaction = open.result.transaction(["drafts"], "readwrite");
      transaction.objectStore("drafts").clear();
      transaction.oncomplete = () => { open.result.close(); resolve(); };
    };
  }));
  const longAgo = Date.now() - 16 * 86_400_000;
  await putRecord(page, "drafts", {
    client_id: "0192f0c0-0000-7000-8000-0000000000ee",
    step: "identity",
    registration: { civil_status: { first_name_latin: "Ancien" } },
    created_at: longAgo,
    updated_at: longAgo + 1,
  });
  await page.reload();
  await waitForStep(page, "civil_status");
  // Fluent isolates the number with U+2068/U+2069.
  assert.match(await page.textContent(".notice"), /avait plus de \u2068?15\u2069? jours/);
  assert.equal(await page.inputValue(field("civil_status.first_name_latin")), "");
  await waitUntil(async () => {
    const { drafts = [] } = await readAllStores(page);
    return !drafts.some((draft) => draft.client_id.endsWith("ee"));
  }, { what: "the expired draft to be deleted" });
});

test("several occupations, each with its years of experience", async (t) => {
  const server = await serve(t);
  const { context, page } = await openPage(browser, { locale: "en-GB" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  await waitForStep(page, "civil_status");
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  await resumeDraftAt(page, { clientId: "0192f0c0-0000-7000-8000-0000000000cc", step: "experience", registration });
  assert.equal(await page.locator(".occupation-row").count(), 2);
  assert.equal(await page.inputValue(field("experience.occupations.1.years_of_experience")), "1");

  await page.click(".occupation-add");
  assert.equal(await page.locator(".occupation-row").count(), 3);
  await page.click(".wizard-next");
  await page.waitForFunction(() => document.activeElement?.id === "field-experience-occupations-2-code");
  assert.equal(await page.textContent("#field-experience-occupations-2-code-error"), "This field is required");
  await page.selectOption(field("experience.occupations.2.code"), "7112");
  await page.selectOption(field("experience.occupations.2.years_of_experience"), "4");
  await page.locator(".occupation-remove").first().click();
  assert.equal(await page.locator(".occupation-row").count(), 2);
  await page.click(".wizard-next");
  await waitForStep(page, "consent");
  const saved = await waitForDraft(page, (draft) => draft.step === "consent", "the draft at consent");
  assert.deepEqual(
    saved.registration.experience.occupations,
    [{ code: "2512", years_of_experience: 3 }, { code: "7112", years_of_experience: 4 }],
  );
});

test("several diplomas, the highest first", async (t) => {
  const server = await serve(t);
  const { context, page } = await openPage(browser, { locale: "fr-FR" });
  t.after(() => context.close());
  await page.goto(`${server.url}/register`);
  await waitForStep(page, "civil_status");
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  await resumeDraftAt(page, { clientId: "0192f0c0-0000-7000-8000-0000000000dd", step: "education", registration });
  assert.equal(await page.locator(".diploma-row").count(), 1);
  assert.equal(await page.inputValue(field("education.diplomas.0.title")), "Licence");

  await page.click(".diploma-add");
  assert.equal(await page.locator(".diploma-row").count(), 2);
  await page.fill(field("education.diplomas.1.title"), "BTS");
  await page.fill(field("education.diplomas.1.field"), "Électrotechnique");
  await page.fill(field("education.diplomas.1.year"), "2014");
  await page.click(".wizard-next");
  await waitForStep(page, "experience");
  const saved = await waitForDraft(page, (draft) => draft.step === "experience", "the draft at experience");
  assert.deepEqual(saved.registration.education.diplomas, [
    { title: "Licence", field: "Informatique", year: "2018" },
    { title: "BTS", field: "Électrotechnique", year: "2014" },
  ]);

  await page.click(".wizard-back");
  await waitForStep(page, "education");
  await page.locator(".diploma-remove").click();
  assert.equal(await page.locator(".diploma-row").count(), 1);
  await page.click(".wizard-next");
  await waitForStep(page, "experience");
  const after = await waitForDraft(
    page,
    (draft) => draft.step === "experience" && draft.registration.education.diplomas.length === 1,
    "one diploma left",
  );
  assert.equal(after.registration.education.diplomas[0].title, "Licence");
});

async function axeEveryStep(t, locale, language) {
  const server = await serve(t);
  const context = await browser.newContext({ locale, bypassCSP: true });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${server.url}/register`);
  await waitForStep(page, "civil_status");

  const problems = [];
  // The empty first step with its errors showing.
  await page.click(".wizard-next");
  await page.locator(".field-invalid").first().waitFor();
  problems.push(...(await seriousAccessibilityViolations(page)).map((v) => `errors: ${v}`));

  // A complete draft, resumed at the review, then every step through its Edit button.
  const registration = JSON.parse(await readFile(FIXTURE, "utf8"));
  await resumeDraftAt(page, { clientId: "0192f0c0-0000-7000-8000-00000000a11y", step: "review", registration });
  assert.equal(await page.getAttribute("html", "lang"), language);
  assert.match(await page.textContent(".review-status"), language === "ar" ? /مكتمل/ : /complète/);
  problems.push(...(await seriousAccessibilityViolations(page)).map((v) => `review: ${v}`));
  for (const step of STEPS.slice(0, -1)) {
    await page.click(`.review-group button[data-step="${step}"]`);
    await waitForStep(page, step);
    problems.push(...(await seriousAccessibilityViolations(page)).map((v) => `${step}: ${v}`));
    // Back to the review for the next step: Next through the remaining, complete steps.
    for (const next of STEPS.slice(STEPS.indexOf(step) + 1)) {
      await page.click(".wizard-next");
      await waitForStep(page, next);
    }
  }
  assert.deepEqual(problems, [], `serious or critical axe violations in ${language}`);

  // Text at 200 % on a phone-sized screen: nothing is cut off sideways.
  await page.setViewportSize({ width: 640, height: 900 });
  await page.evaluate(() => { document.documentElement.style.fontSize = "225%"; });
  for (const step of ["review", "civil_status"]) {
    if (step !== "review") {
      await page.click(`.review-group button[data-step="${step}"]`);
      await waitForStep(page, step);
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${step} at 200 % overflows sideways by ${overflow} px in ${language}`);
  }
}

test("every wizard screen passes axe-core in Arabic", (t) => axeEveryStep(t, "ar-DZ", "ar"));
test("every wizard screen passes axe-core in French", (t) => axeEveryStep(t, "fr-FR", "fr"));
