//! Browser tests of the registration wizard's drafts and state, in headless Chromium: drafts
//! saved and resumed through IndexedDB, expiry, the kiosk wipe that spares the outbox, and the
//! reducer's handling of "Next", "Back" and errors.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::time::Duration;

use guichet::reference::ReferenceContext;
use guichet::registration::drafts::{self, AutoSaver};
use guichet::registration::fields::{field_id, slug, unslug};
use guichet::registration::state::{Action, Edit, STEP_TITLE_ID, WizardState, control_path};
use guichet::storage::wipe_visitor;
use guichet::storage::{Database, drafts as store, stores};
use guichet_core::draft::{Draft, DraftSettings};
use guichet_core::kiosk::{DeviceMode, Visitor};
use guichet_core::reference::ReferenceData;
use guichet_core::registration::Step;
use guichet_core::time::Timestamp;
use guichet_core::validation::CivilDate;
use guichet_protocol::registration::{IdDocumentType, Registration, Sex};
use wasm_bindgen_test::*;
use yew::Reducible;

#[path = "support/locales.rs"]
mod locales;

wasm_bindgen_test_configure!(run_in_browser);

const DAY_MS: u64 = 86_400_000;

async fn fresh(name: &str) -> Database {
    Database::delete_named(name).await.expect("delete old test database");
    Database::open_named(name).await.expect("open test database")
}

fn personal(days: u64) -> DraftSettings {
    DraftSettings { mode: DeviceMode::Personal, lifetime: Duration::from_secs(days * 86_400) }
}

fn draft_with_name(name: &str, step: Step, at: u64) -> Draft {
    let mut draft = drafts::new_draft(Timestamp(at));
    let mut registration = Registration::default();
    registration.civil_status.first_name_latin = name.to_owned();
    draft.update(step, registration, Timestamp(at));
    draft
}

/// Waits, with a deadline, until `check` holds; no blind sleep.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
fn option_values_are_the_wire_names_and_read_back() {
    assert_eq!(slug(&IdDocumentType::NationalIdCard), "national_id_card");
    assert_eq!(slug(&Sex::Female), "female");
    assert_eq!(unslug::<IdDocumentType>("driving_licence"), Some(IdDocumentType::DrivingLicence));
    assert_eq!(unslug::<Sex>("male"), Some(Sex::Male));
    assert_eq!(unslug::<Sex>("Male"), None, "wire names only");
    assert_eq!(unslug::<Sex>(""), None, "the empty choice is no value");
    assert_eq!(unslug::<Sex>("\"male\""), None, "not JSON text");
}

#[wasm_bindgen_test]
async fn a_saved_draft_is_resumed_at_its_step_with_its_values() {
    let database = fresh("test-drafts-resume").await;
    let draft = draft_with_name("Karim", Step::Contact, 1_000);
    store::save(&database, &draft).await.expect("save");
    let older = draft_with_name("Old", Step::Identity, 500);
    store::save(&database, &older).await.expect("save");

    let resumed = drafts::resume(&database, personal(15), None, Timestamp(2_000)).await;
    assert!(!resumed.expired);
    assert_eq!(resumed.draft, draft, "the most recently changed draft comes back whole");
    assert_eq!(resumed.draft.step(), Step::Contact);
    database.close();
}

#[wasm_bindgen_test]
async fn client_ids_are_uuid_v7_and_kept_across_saves() {
    let first = drafts::new_draft(Timestamp(1));
    let second = drafts::new_draft(Timestamp(2));
    let parsed = uuid::Uuid::parse_str(&first.client_id).expect("a UUID");
    assert_eq!(parsed.get_version_num(), 7);
    assert_ne!(first.client_id, second.client_id);

    let database = fresh("test-drafts-id").await;
    let mut draft = first.clone();
    store::save(&database, &draft).await.expect("save");
    draft.update(Step::Identity, Registration::default(), Timestamp(5));
    store::save(&database, &draft).await.expect("save again");
    let stored = store::all(&database).await.expect("read");
    assert_eq!(stored.len(), 1, "one record per client id");
    assert_eq!(stored[0].client_id, first.client_id);
    database.close();
}

#[wasm_bindgen_test]
async fn an_expired_phone_draft_is_deleted_instead_of_resumed() {
    let database = fresh("test-drafts-expiry").await;
    let draft = draft_with_name("Karim", Step::Identity, 1_000);
    store::save(&database, &draft).await.expect("save");

    let resumed =
        drafts::resume(&database, personal(15), None, Timestamp(1_000 + 15 * DAY_MS)).await;
    assert!(resumed.expired);
    assert_ne!(resumed.draft.client_id, draft.client_id, "a new draft, a new id");
    assert!(resumed.draft.is_blank());
    assert_eq!(store::all(&database).await.expect("read"), Vec::<Draft>::new());
    database.close();
}

#[wasm_bindgen_test]
async fn a_kiosk_never_resumes_an_earlier_visitors_draft() {
    let database = fresh("test-drafts-kiosk-visitor").await;
    let kiosk = DraftSettings { mode: DeviceMode::Kiosk, ..personal(15) };
    let draft = draft_with_name("Karim", Step::Identity, 1_000);
    store::save(&database, &draft).await.expect("save");

    // The same visitor (changed since they began) gets their draft back.
    let same = drafts::resume(
        &database,
        kiosk,
        Some(Visitor::after_wipe(Timestamp(900))),
        Timestamp(1_500),
    )
    .await;
    assert_eq!(same.draft, draft);

    // The next visitor, who began after it was last changed, starts empty; the draft is gone.
    let next = drafts::resume(
        &database,
        kiosk,
        Some(Visitor::after_wipe(Timestamp(1_001))),
        Timestamp(1_500),
    )
    .await;
    assert!(!next.expired);
    assert!(next.draft.is_blank());
    assert_ne!(next.draft.client_id, draft.client_id);
    assert_eq!(store::all(&database).await.expect("read"), Vec::<Draft>::new());
    database.close();
}

#[wasm_bindgen_test]
async fn the_auto_saver_writes_within_the_debounce_and_not_after_a_wipe() {
    let database = Rc::new(fresh("test-drafts-autosave").await);
    let visitor = Rc::new(std::cell::Cell::new(0));
    let saver = AutoSaver::new(Rc::clone(&database), 0, Rc::clone(&visitor));
    let mut draft = draft_with_name("K", Step::CivilStatus, 1);
    saver.changed(draft.clone());
    draft.update(
        Step::CivilStatus,
        draft_with_name("Ka", Step::CivilStatus, 2).registration,
        Timestamp(2),
    );
    saver.changed(draft.clone());
    eventually("the latest change to be saved", || {
        let database = Rc::clone(&database);
        let expected = draft.clone();
        async move { store::all(&database).await.expect("read") == vec![expected] }
    })
    .await;

    // The kiosk moved on to the next visitor: a change still pending must not be written.
    let late = draft_with_name("Karim", Step::CivilStatus, 3);
    saver.changed(late.clone());
    visitor.set(1);
    saver.flush();
    // IndexedDB runs write transactions in order: once the next visitor's marker is stored, a
    // write by the old saver would be there too.
    let next_saver = AutoSaver::new(Rc::clone(&database), 1, Rc::clone(&visitor));
    let marker = draft_with_name("Next", Step::CivilStatus, 4);
    next_saver.changed(marker.clone());
    next_saver.flush();
    eventually("the next visitor's draft", || {
        let database = Rc::clone(&database);
        let marker = marker.clone();
        async move { store::all(&database).await.expect("read").contains(&marker) }
    })
    .await;
    let stored = store::all(&database).await.expect("read");
    assert!(!stored.iter().any(|draft| draft.client_id == late.client_id), "{stored:?}");
}

#[wasm_bindgen_test]
async fn a_hidden_page_saves_at_once_without_waiting_for_the_debounce() {
    let database = Rc::new(fresh("test-drafts-hidden").await);
    let visitor = Rc::new(std::cell::Cell::new(0));
    let saver = AutoSaver::new(Rc::clone(&database), 0, Rc::clone(&visitor));
    let draft = draft_with_name("Karim", Step::Identity, 1);
    saver.changed(draft.clone());

    // The phone is locked: the page becomes hidden.
    let document = gloo::utils::document();
    let hidden = js_sys::Object::new();
    js_sys::Reflect::set(&hidden, &"value".into(), &"hidden".into()).expect("descriptor");
    js_sys::Reflect::set(&hidden, &"configurable".into(), &true.into()).expect("descriptor");
    js_sys::Object::define_property(&document, &"visibilityState".into(), &hidden);
    let event = web_sys::Event::new("visibilitychange").expect("event");
    document.dispatch_event(&event).expect("dispatch");
    // Let the save task start (it opens its transaction at once); no timer runs meanwhile, so
    // the debounce cannot be what wrote the draft.
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL))
        .await
        .expect("microtask");
    let stored = store::all(&database).await.expect("read");
    js_sys::Reflect::delete_property(&document, &"visibilityState".into()).expect("restore");
    assert_eq!(stored, vec![draft]);
}

#[wasm_bindgen_test]
async fn the_kiosk_wipe_deletes_drafts_and_confirmed_entries_and_keeps_the_rest_of_the_outbox() {
    let database = Database::open().await.expect("open guichet");
    let draft = draft_with_name("Karim", Step::Contact, 1_000);
    store::save(&database, &draft).await.expect("save draft");
    let queued = serde_json::json!({ "client_id": "queued-1", "state": "queued" });
    database.put_json(stores::OUTBOX, None, &queued).await.expect("queue");
    // Entries as the outbox stores them (the state a tagged object): the wipe reads only the key
    // and the tag, deleting what the agency confirmed and keeping what still waits.
    let waiting = serde_json::json!({
        "client_id": "waiting-1",
        "state": { "state": "queued", "attempts": 1, "next_attempt_at": 5, "last_error": null },
    });
    let confirmed = serde_json::json!({
        "client_id": "confirmed-1",
        "state": { "state": "confirmed", "reference": "7K3M9QXD", "confirmed_at": 5 },
    });
    database.put_json(stores::OUTBOX, None, &waiting).await.expect("queue");
    database.put_json(stores::OUTBOX, None, &confirmed).await.expect("confirm");
    database.put_json(stores::SETTINGS, Some("probe"), &"kept").await.expect("setting");

    wipe_visitor().await.expect("wipe");

    assert_eq!(database.count(stores::DRAFTS).await.expect("count"), 0);
    let kept: Option<serde_json::Value> =
        database.get_json(stores::OUTBOX, "queued-1").await.expect("read outbox");
    assert_eq!(kept, Some(queued), "the outbox is never wiped");
    let still: Option<serde_json::Value> =
        database.get_json(stores::OUTBOX, "waiting-1").await.expect("read outbox");
    assert_eq!(still, Some(waiting), "an entry still waiting stays");
    let gone: Option<serde_json::Value> =
        database.get_json(stores::OUTBOX, "confirmed-1").await.expect("read outbox");
    assert_eq!(gone, None, "a confirmed entry, which holds the person's registration, goes");
    let setting: Option<String> = database.get_json(stores::SETTINGS, "probe").await.expect("read");
    assert_eq!(setting.as_deref(), Some("kept"));
    database.delete(stores::OUTBOX, "queued-1").await.expect("clean up");
    database.delete(stores::OUTBOX, "waiting-1").await.expect("clean up");
    database.delete(stores::SETTINGS, "probe").await.expect("clean up");
    database.close();
}

fn loaded() -> Rc<WizardState> {
    let today = CivilDate::parse("2026-11-29").expect("date");
    let state = Rc::new(WizardState::new(today));
    let reference = ReferenceContext(Rc::new(ReferenceData::builtin().clone()));
    state.reduce(Action::Reference(reference)).reduce(Action::Loaded {
        draft: Box::new(drafts::new_draft(Timestamp(1))),
        expired: false,
        today,
    })
}

fn edit(apply: impl Fn(&mut Registration) + 'static) -> Action {
    Action::Edit { edit: Edit(Rc::new(apply)), now: Timestamp(10) }
}

#[wasm_bindgen_test]
fn next_on_an_empty_step_shows_its_errors_and_focuses_the_first() {
    let state = loaded().reduce(Action::Next { now: Timestamp(5) });
    assert_eq!(state.step(), Step::CivilStatus, "the step is not left with errors");
    assert!(state.summary);
    let (_, focus) = state.focus.clone().expect("a focus request");
    assert_eq!(focus, field_id("civil_status.last_name_latin"));
    assert_eq!(focus, "field-civil_status-last_name_latin");
    assert!(state.shown_error("civil_status.sex").is_some());
    assert!(state.shown_error("identity.nin").is_none(), "other steps stay quiet");
}

#[wasm_bindgen_test]
fn errors_on_list_elements_show_on_the_list_control() {
    assert_eq!(control_path("experience.occupations.0.code"), "experience.occupations");
    assert_eq!(control_path("experience.languages.3"), "experience.languages");
    assert_eq!(control_path("education.diplomas.0.year"), "education.diplomas.0.year");
    assert_eq!(control_path("identity.nin"), "identity.nin");

    // Years chosen before the occupation: the error shows on the occupation select.
    let state = loaded()
        .reduce(Action::GoTo { step: Step::Experience, now: Timestamp(2) })
        .reduce(edit(|r| {
            r.experience.occupations = vec![guichet_protocol::registration::OccupationWish {
                code: String::new(),
                years_of_experience: 2,
            }];
        }))
        .reduce(Action::Next { now: Timestamp(3) });
    assert_eq!(state.step(), Step::Experience);
    assert_eq!(
        state.shown_error("experience.occupations").map(|code| code.as_str()),
        Some("required")
    );
    assert_eq!(
        state.focus.as_ref().map(|(_, id)| id.as_str()),
        Some("field-experience-occupations")
    );
}

#[wasm_bindgen_test]
fn an_error_shows_once_the_field_is_left_and_clears_when_fixed() {
    let state = loaded().reduce(edit(|r| r.identity.nin = "123".into()));
    assert!(state.shown_error("identity.nin").is_none(), "not while typing");
    let state = state.reduce(Action::Blur("identity.nin".into()));
    assert_eq!(state.shown_error("identity.nin").map(|code| code.as_str()), Some("nin_length"));
    let state = state.reduce(edit(|r| r.identity.nin = "109950123456789012".into()));
    assert!(state.shown_error("identity.nin").is_none());
}

#[wasm_bindgen_test]
fn back_and_next_keep_every_answer_and_count_as_changes() {
    let state = loaded().reduce(Action::GoTo { step: Step::Identity, now: Timestamp(3) });
    let revision = state.revision;
    let state = state.reduce(edit(|r| r.identity.nin = "1099".into()));
    let state = state.reduce(Action::Back { now: Timestamp(4) });
    assert_eq!(state.step(), Step::CivilStatus);
    assert_eq!(state.focus.as_ref().map(|(_, id)| id.as_str()), Some(STEP_TITLE_ID));
    let state = state.reduce(Action::GoTo { step: Step::Identity, now: Timestamp(5) });
    let draft = state.draft.clone().expect("draft");
    assert_eq!(draft.registration.identity.nin, "1099");
    assert_eq!(draft.step(), Step::Identity);
    assert!(state.revision >= revision + 3, "step moves are saved too");
}

/// What `cargo xtask post-build` does for a real build: the built-in reference lists as a file,
/// named in `<meta name="guichet-reference">` (here a blob URL, the test runner serving no file).
fn name_builtin_reference_file(document: &web_sys::Document) {
    let json = serde_json::to_string(ReferenceData::builtin().reference()).expect("json");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&json));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).expect("blob");
    let url = web_sys::Url::create_object_url_with_blob(&blob).expect("url");
    let meta = document.create_element("meta").expect("meta");
    meta.set_attribute("name", "guichet-reference").expect("name");
    meta.set_attribute("content", &url).expect("content");
    document.head().expect("head").append_child(&meta).expect("append");
}

/// Polls the DOM under `root` for `selector`, flushing Yew's scheduler, with a deadline.
async fn element(root: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    for _ in 0..200 {
        yew::scheduler::flush().await;
        if let Some(found) = root.query_selector(selector).expect("selector") {
            return found.dyn_into().expect("an HTML element");
        }
        gloo::timers::future::TimeoutFuture::new(25).await;
    }
    panic!("no {selector} after 5 s");
}

#[wasm_bindgen_test]
async fn the_wizard_mounts_labels_every_field_and_shows_an_error_when_a_field_is_left() {
    use wasm_bindgen::JsCast;
    let window = gloo::utils::window();
    window
        .history()
        .expect("history")
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/register"))
        .expect("push");
    let document = gloo::utils::document();
    name_builtin_reference_file(&document);
    locales::name_locale_files(&document);
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let app = yew::Renderer::<guichet::app::App<guichet::parts::RegisterScreens>>::with_root(
        root.clone(),
    )
    .render();

    let title = element(&root, "h1[data-step=\"civil_status\"]").await;
    assert_eq!(title.id(), STEP_TITLE_ID);
    // Every control has a label (or, for radios and checkbox groups, a legend around it).
    let controls = root.query_selector_all("form input, form select").expect("selector");
    assert!(controls.length() > 10);
    for index in 0..controls.length() {
        let control: web_sys::Element =
            controls.item(index).expect("node").dyn_into().expect("element");
        let labelled = root
            .query_selector(&format!("label[for=\"{}\"]", control.id()))
            .expect("selector")
            .is_some();
        assert!(labelled, "no label for #{}", control.id());
    }

    let arabic_name = element(&root, "#field-civil_status-last_name_arabic").await;
    let input: web_sys::HtmlInputElement = arabic_name.dyn_into().expect("input");
    input.set_value("Karim");
    input.dispatch_event(&web_sys::InputEvent::new("input").expect("event")).expect("dispatch");
    input.dispatch_event(&web_sys::FocusEvent::new("blur").expect("event")).expect("dispatch");
    yew::scheduler::flush().await;
    let error = element(&root, "#field-civil_status-last_name_arabic-error").await;
    // The message renders with the next flush; poll with a deadline rather than assume it.
    for _ in 0..200 {
        if error.text_content().is_some_and(|text| !text.is_empty()) {
            break;
        }
        yew::scheduler::flush().await;
        gloo::timers::future::TimeoutFuture::new(25).await;
    }
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(error.text_content().is_some_and(|text| !text.is_empty()), "an error message shows");
    assert_eq!(error.get_attribute("aria-live").as_deref(), Some("polite"));

    app.destroy();
    root.remove();
    window
        .history()
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"))
        .expect("reset");
}
