//! The server's layout rule, checked on the source: dependencies run one way.
//!
//! Every top-level module has a rank; a module may name (`crate::…`) only modules of a lower
//! rank. `infra` is at the bottom, then the features in the order below (a feature may use the
//! features before it: registrations asks devices who is sending and agencies where a commune
//! belongs), then `app` (composes the features' routers), `serve` (runs the app), `cli` (runs
//! everything). So no feature imports the router or the CLI, and there is no import cycle
//! between top-level modules.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

/// Lowest first. A module not listed here fails the test: place it deliberately.
const RANKS: &[&str] = &[
    "infra",
    "health",
    "site",
    "reference",
    "offers",
    "agencies",
    "staff",
    "devices",
    "sealing",
    "registrations",
    "desk",
    "backup",
    "app",
    "serve",
    "cli",
];

#[test]
fn dependencies_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).unwrap();
        let owner = top_module(relative);
        if owner == "lib" || owner == "main" {
            continue;
        }
        let Some(owner_rank) = rank(&owner) else {
            violations.push(format!("{}: module `{owner}` has no rank", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for target in crate_paths(&text) {
            if target == owner {
                continue;
            }
            match rank(&target) {
                Some(target_rank) if target_rank < owner_rank => {}
                Some(_) => violations.push(format!(
                    "{}: `{owner}` must not depend on `{target}`",
                    relative.display()
                )),
                None => violations.push(format!(
                    "{}: `crate::{target}` names a module that has no rank",
                    relative.display()
                )),
            }
        }
    }
    assert!(violations.is_empty(), "layout rule broken:\n{}", violations.join("\n"));
}

#[test]
fn the_parser_finds_grouped_and_inline_paths() {
    let text = "use crate::{\n    app::x,\n    infra::{db, clock},\n    offers,\n};\nfn f() { crate::serve::run(); }\n// crate::cli in a comment\n";
    let found: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(found, ["app", "infra", "offers", "serve"]);
}

fn rank(module: &str) -> Option<usize> {
    RANKS.iter().position(|name| *name == module)
}

/// `offers/http.rs` and `offers.rs` belong to `offers`.
fn top_module(relative: &Path) -> String {
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_owned()
}

/// The top-level modules named by `crate::` paths in code (comments are skipped).
fn crate_paths(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `guichet_crate::…` or similar
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of a `{…}` group: split on commas at depth zero.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        push_first_segment(&item, &mut found);
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            push_first_segment(&item, &mut found);
        } else {
            push_first_segment(rest, &mut found);
        }
    }
    found
}

fn push_first_segment(item: &str, found: &mut BTreeSet<String>) {
    let name: String =
        item.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if !name.is_empty() && name != "self" {
        found.insert(name);
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}
