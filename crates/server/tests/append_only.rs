//! The audit log is append-only: no statement in the server's source updates, deletes or
//! truncates `audit_log`. The migrations' triggers refuse it at run time too (the desk stories
//! try); this test keeps a code path from even trying.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};

/// The statements that would change or remove audit rows, in folded SQL (lower case, one space).
const FORBIDDEN: &[&str] = &[
    "update audit_log",
    "delete from audit_log",
    "truncate audit_log",
    "truncate table audit_log",
    "drop table audit_log",
    "alter table audit_log",
];

#[test]
fn no_code_path_updates_or_deletes_the_audit_log() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in files(&src, "rs") {
        let text = fold(&std::fs::read_to_string(&file).unwrap());
        for statement in FORBIDDEN {
            if text.contains(statement) {
                found.push(format!("{}: {statement}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "the audit log is append-only:\n{}", found.join("\n"));
}

#[test]
fn the_folding_sees_statements_split_across_lines() {
    let text = fold("\"DELETE \\\n     FROM   Audit_Log WHERE id = $1\"");
    assert!(text.contains("delete from audit_log"), "{text}");
}

/// Lower case, `\` line continuations and quotes dropped, every run of white space one space.
fn fold(text: &str) -> String {
    let text = text.to_lowercase().replace(['\\', '"'], " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path, extension));
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
    found
}
