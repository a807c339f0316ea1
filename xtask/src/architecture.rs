//! The kiosk's storage rules, checked on its source (ARCHITECTURE.md, "Invariants"): only the
//! storage layer (`src/storage.rs`, `src/storage/`) touches IndexedDB, pages and components
//! never reach the storage layer: they go through the providers' contexts, and the offers' heavy
//! work (the search index, the sync) is only in the offers worker's engine.

use std::path::{Path, PathBuf};

/// Words that mean IndexedDB is used directly.
const INDEXED_DB: &[&str] = &["rexie", "idb::", "Idb", "indexed_db"];
/// Words that mean the storage layer is used.
const STORAGE: &[&str] = &["storage::", "Database"];
/// Words that mean the offers' heavy work: the search index, building it, syncing.
const OFFERS_WORK: &[&str] = &["SearchIndex", "index_from_storage", "sync_until_current"];

fn source_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|error| panic!("{dir:?}: {error}")) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The code lines of `source` (comments left out) naming one of `words`, as `line: text`.
fn offending_lines(source: &str, words: &[&str]) -> Vec<String> {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .filter(|(_, line)| words.iter().any(|word| line.contains(word)))
        .map(|(number, line)| format!("{}: {}", number + 1, line.trim()))
        .collect()
}

fn violations(files: &[PathBuf], words: &[&str]) -> Vec<String> {
    files
        .iter()
        .flat_map(|path| {
            let source = std::fs::read_to_string(path).expect("read source");
            offending_lines(&source, words)
                .into_iter()
                .map(move |line| format!("{}:{line}", path.display()))
        })
        .collect()
}

#[test]
fn only_the_storage_layer_touches_indexed_db() {
    let src = crate::workspace_root().join("src");
    let outside: Vec<PathBuf> = source_files(&src)
        .into_iter()
        .filter(|path| !path.starts_with(src.join("storage")) && *path != src.join("storage.rs"))
        .collect();
    assert!(outside.len() > 10, "the kiosk's source was not found under {src:?}");
    let found = violations(&outside, INDEXED_DB);
    assert!(found.is_empty(), "IndexedDB used outside src/storage:\n{}", found.join("\n"));
}

#[test]
fn pages_and_components_never_reach_storage() {
    let src = crate::workspace_root().join("src");
    let mut files = source_files(&src.join("pages"));
    files.extend(source_files(&src.join("components")));
    files.extend([src.join("pages.rs"), src.join("components.rs")]);
    assert!(files.len() > 5);
    let found = violations(&files, STORAGE);
    assert!(
        found.is_empty(),
        "pages and components use providers, not storage:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_offers_heavy_work_stays_in_the_worker() {
    let src = crate::workspace_root().join("src");
    let offers = src.join("offers");
    // The engine runs in the worker; the bench feature's exports measure the same code in a page.
    let allowed = [offers.join("engine.rs"), offers.join("bench.rs"), offers.join("sync.rs")];
    let files: Vec<PathBuf> =
        source_files(&src).into_iter().filter(|path| !allowed.contains(path)).collect();
    let found = violations(&files, OFFERS_WORK);
    assert!(
        found.is_empty(),
        "the search index and the sync belong to the offers worker (src/offers/engine.rs):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rules_see_code_and_skip_comments() {
    let source = "//! The page reads storage::outbox through the provider\nuse crate::storage::Database;\nlet x = 1;\n";
    assert_eq!(offending_lines(source, STORAGE), ["2: use crate::storage::Database;"]);
    assert_eq!(offending_lines("use rexie::Rexie;\n", INDEXED_DB).len(), 1);
    assert!(offending_lines("let database = open();\n", INDEXED_DB).is_empty());
}
