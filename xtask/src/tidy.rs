//! Tidy tests: rules about the repository itself that no compiler checks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use guichet_core::parts::Part;

use crate::toolchain::WASM_BINDGEN_VERSION;

fn workspace() -> PathBuf {
    crate::workspace_root()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The message ids a Fluent file defines: lines `id = …` at the start of a line.
fn message_ids(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
        .collect()
}

#[test]
fn every_language_defines_the_same_messages() {
    let locales = workspace().join("assets/locales");
    let english_files: BTreeSet<_> = std::fs::read_dir(locales.join("en"))
        .expect("assets/locales/en")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert!(!english_files.is_empty());
    for file in &english_files {
        let english = message_ids(&read(&locales.join("en").join(file)));
        assert!(!english.is_empty(), "{file:?} defines no message");
        for language in ["ar", "fr"] {
            let other = message_ids(&read(&locales.join(language).join(file)));
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(missing.is_empty(), "{language}/{file:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{language}/{file:?} has ids English lacks: {extra:?}");
        }
    }
}

#[test]
fn message_ids_are_read_from_the_start_of_lines() {
    let ids = message_ids(
        "## group\nhello = Hi\n# comment\nbye = { $n ->\n    [one] x\n   *[other] y\n}\n",
    );
    assert_eq!(ids, BTreeSet::from(["hello".to_owned(), "bye".to_owned()]));
}

#[test]
fn wasm_bindgen_is_pinned_to_the_cli_version() {
    let manifest = read(&workspace().join("Cargo.toml"));
    let pin = format!("wasm-bindgen = \"={WASM_BINDGEN_VERSION}\"");
    assert!(
        manifest.contains(&pin),
        "Cargo.toml must pin {pin}, the wasm-bindgen-cli xtask installs"
    );
    let lock = read(&workspace().join("Cargo.lock"));
    let locked = format!("name = \"wasm-bindgen\"\nversion = \"{WASM_BINDGEN_VERSION}\"");
    assert!(lock.contains(&locked), "Cargo.lock must hold wasm-bindgen {WASM_BINDGEN_VERSION}");
}

#[test]
fn ci_runs_the_readme_test_command() {
    let ci = read(&workspace().join(".ci/run"));
    let readme = read(&workspace().join("README.md"));
    assert!(ci.contains("set -euo pipefail"));
    assert!(ci.contains("cargo xtask test"), ".ci/run must call `cargo xtask test`");
    assert!(readme.contains("cargo xtask test") && readme.contains("cargo xtask run"));
}

/// A string literal placed as a child in `html!` (`{ "Bonjour" }` or `>"Bonjour"`) would be
/// shown untranslated.
fn literal_ui_text(line: &str) -> bool {
    ["{ \"", "{\"", ">\""].iter().any(|opening| {
        line.match_indices(opening).any(|(at, matched)| {
            line[at + matched.len()..].chars().next().is_some_and(char::is_alphabetic)
        })
    })
}

#[test]
fn literal_ui_text_is_recognised() {
    assert!(literal_ui_text(r#"<p>{ "Bonjour" }</p>"#));
    assert!(literal_ui_text(r#"<p>{"مرحبا"}</p>"#));
    assert!(literal_ui_text(r#"<h1>"Welcome"</h1>"#));
    assert!(!literal_ui_text(r#"<p class="help">{ i18n.text("footer-help") }</p>"#));
    assert!(!literal_ui_text(r#"<Link<Route> to={Route::Home} classes="button">"#));
    assert!(!literal_ui_text(r#"<p>{ "" }{ " · " }</p>"#));
}

#[test]
fn ui_strings_come_from_fluent() {
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(workspace().join("src")) {
        let entry = entry.expect("walk src");
        if entry.path().extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        for (number, line) in read(entry.path()).lines().enumerate() {
            if literal_ui_text(line) {
                offenders.push(format!(
                    "{}:{}: {}",
                    entry.path().display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(offenders.is_empty(), "hard-coded text in components:\n{}", offenders.join("\n"));
}

#[test]
fn every_chromium_launch_keeps_quiet_on_the_closed_network() {
    // Without these, Chromium floods the closed network with connection attempts.
    let flags = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];
    // webdriver.json (the wasm tests), and every script that starts Chromium itself: the
    // end-to-end harness and tests, the benchmarks and the profiler.
    let webdriver = workspace().join("webdriver.json");
    let mut launchers = vec![(read(&webdriver), webdriver)];
    for folder in ["e2e/tests", "bench"] {
        for entry in walkdir::WalkDir::new(workspace().join(folder)) {
            let path = entry.expect("walk the scripts").into_path();
            if path.extension().is_some_and(|extension| extension == "mjs") {
                let text = read(&path);
                if launches_chromium(&text) {
                    launchers.push((text, path));
                }
            }
        }
    }
    assert!(launchers.len() >= 4, "too few Chromium launchers found: {}", launchers.len());
    for (text, launcher) in launchers {
        for flag in flags {
            assert!(text.contains(flag), "{} does not pass {flag} to Chromium", launcher.display());
        }
    }
}

/// Whether a script starts a Chromium of its own (Playwright's launchers, or the binary spawned).
fn launches_chromium(text: &str) -> bool {
    ["chromium.launch", "launchPersistentContext", "spawn(CHROMIUM"]
        .iter()
        .any(|launch| text.contains(launch))
}

/// The part of the app whose screens alone a kiosk source file serves (see
/// `guichet_core::parts::Part`, and the kiosk's `src/parts.rs`); `None` for the frame every part
/// has (header, kiosk, outbox, providers).
fn part_of_source(relative: &str) -> Option<Part> {
    let home_pages = ["home", "setup", "outbox", "receipt", "not_found", "elsewhere"];
    if relative == "src/pages/register.rs" || relative.starts_with("src/registration/") {
        Some(Part::Register)
    } else if relative == "src/pages/offers.rs" || relative.starts_with("src/pages/offers/") {
        Some(Part::Offers)
    } else if home_pages.iter().any(|page| relative == format!("src/pages/{page}.rs")) {
        Some(Part::Home)
    } else {
        None
    }
}

/// Each part loads one messages file (`Part::message_files`, joined by post-build): every
/// message id a source file names as a literal must be in the file of each part that has it.
#[test]
fn each_parts_messages_hold_every_message_its_screens_name() {
    let locales = workspace().join("assets/locales/fr");
    let ids_of = |file: &str| message_ids(&read(&locales.join(format!("{file}.ftl"))));
    let part_ids: Vec<(Part, BTreeSet<String>)> = Part::ALL
        .into_iter()
        .map(|part| (part, part.message_files().into_iter().flat_map(ids_of).collect()))
        .collect();
    let every_id: BTreeSet<String> = part_ids.iter().flat_map(|(_, ids)| ids.clone()).collect();
    let src = workspace().join("src");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src entry");
        if entry.path().extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(workspace())
            .expect("under the workspace")
            .to_string_lossy()
            .replace('\\', "/");
        let source = read(entry.path());
        // Every other piece between double quotes is a string literal's content.
        let named = source.split('"').skip(1).step_by(2).filter(|text| every_id.contains(*text));
        for id in named {
            for (part, ids) in &part_ids {
                if part_of_source(&relative).is_none_or(|only| only == *part) {
                    assert!(
                        ids.contains(id),
                        "{relative} names {id}, which the {} part's messages ({}) lack",
                        part.module(),
                        part.message_files().join(", ")
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} message ids found in src/");
}
