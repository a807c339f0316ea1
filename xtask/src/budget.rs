//! What a first visit downloads, and the budget it must stay within.
//!
//! The first load is what the browser fetches before the first screen is usable: index.html, the
//! wasm module, its JavaScript glue, the stylesheet (inlined in index.html since the first paint
//! needs it; a separate `.css` file is counted too) and one language's messages (the largest of
//! the three, since which one is not known in advance). They travel brotli-compressed; index.html
//! is rewritten per response by the server (its nonce), so it is measured compressed here the
//! same way. The reference lists (`reference-<hash>.json`) and the offers worker
//! (`offers-worker-loader.js`, then the `offers_worker` binary's glue and wasm) are reported
//! beside it: the app fetches them after its first screen, which is usable without them (the
//! offers list says it is loading until the worker answers).
//!
//! `cargo xtask build` prints the table; `cargo xtask test` fails when the total exceeds
//! [`FIRST_LOAD_BUDGET`], naming every file and its size.

use std::path::Path;

use anyhow::{Context, Result, bail};

/// The most a first visit may download, in bytes of brotli. A ratchet: today's total with a
/// little room, so a large dependency or compiled-in data fails the tests. Issue #12 aims at
/// 250,000; lower this as the first load shrinks, never raise it without saying why.
///
/// History: 392,000 when set (388,084 measured, after the language files left the wasm);
/// 400,000 for issue #11's storage layer, quarantine and "try again" (+7.7 KB of wasm, 396,125
/// measured); 416,000 for #11's sealing at rest (hpke: X25519, HKDF-SHA256, ChaCha20-Poly1305,
/// +16.8 KB, 412,963 measured); 417,500 for issue #13's first sync from the offers snapshot
/// (its wire types' deserialisers and the sync path; 416,849 measured with it, the total before
/// it not re-measured on this branch); 380,000 for issue #12's first cuts (416,239 measured
/// before them; the kiosk's standard library compiled for size with panics that trap, -35.2 KB;
/// option wire names and the outbox export without `serde_json::Value` and its pretty printer,
/// and the birth country upper-cased in ASCII, -3.1 KB: 377,970 measured); 384,000 with #12's
/// first sync in parts with its progress and the start in slices (+4.9 KB: the progress line,
/// the parts' writer, the slicer and the indexed-field decoder; 382,938 measured with them);
/// 366,000 when the sync, the offers' storage and the search index moved into the offers worker,
/// a second module fetched after the first screen (-19.7 KB; 363,366 measured, the worker's
/// 108 KB listed apart); 343,000 when the outbox's sender and the sealing of submissions moved
/// into that worker too (-24.8 KB: 364,398 before, 339,627 after; the worker's files grew from
/// 106,563 to 170,890, since what the page still needs of the outbox's storage and wire types
/// is now in both modules), then 341,523 measured with the loading screen `hidden` (9 more raw
/// bytes of wasm that brotli packs 1.8 KB worse: a ratchet this tight moves with such noise).
pub const FIRST_LOAD_BUDGET: u64 = 343_000;

/// The offers worker's files: its loader (`assets/`), then the `offers_worker` binary's glue and
/// module as Trunk names them.
const WORKER_PREFIXES: [&str; 2] = ["offers-worker", "offers_worker"];

/// One file of the first load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    pub name: String,
    pub raw: u64,
    pub brotli: u64,
}

/// The first load of the build in `dist`, and apart what is fetched after the first screen.
#[derive(Debug)]
pub struct FirstLoad {
    pub files: Vec<FileSize>,
    pub reference: Option<FileSize>,
    /// The offers worker's files.
    pub worker: Vec<FileSize>,
}

impl FirstLoad {
    pub fn total(&self) -> u64 {
        self.files.iter().map(|file| file.brotli).sum()
    }

    /// One line per file, then the total against the budget.
    pub fn table(&self) -> String {
        let mut lines: Vec<String> = self
            .files
            .iter()
            .map(|file| format!("      {:>9} br {:>9} raw  {}", file.brotli, file.raw, file.name))
            .collect();
        lines.push(format!("      {:>9} br in all (budget {FIRST_LOAD_BUDGET})", self.total()));
        for later in self.reference.iter().chain(&self.worker) {
            lines.push(format!(
                "      {:>9} br {:>9} raw  {} (fetched after the first screen)",
                later.brotli, later.raw, later.name
            ));
        }
        lines.join("\n")
    }
}

/// Measures the build in `dist` (a Trunk build after `cargo xtask post-build`).
pub fn measure(dist: &Path) -> Result<FirstLoad> {
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .map(|entry| entry.map(|entry| entry.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    let mut files = Vec::new();
    let mut locales = Vec::new();
    let mut reference = None;
    let mut worker = Vec::new();
    for name in names {
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let worker_file = WORKER_PREFIXES.iter().any(|prefix| name.starts_with(prefix));
        if worker_file && (name.ends_with(".js") || name.ends_with(".wasm")) {
            worker.push(size_of(dist, &name)?);
            continue;
        }
        let first_load = name == "index.html"
            || (name.starts_with("guichet-") && (name.ends_with(".js") || name.ends_with(".wasm")))
            || name.ends_with(".css");
        let is_locale = name.starts_with("locale-") && name.ends_with(".ftl");
        let is_reference = name.starts_with("reference-") && name.ends_with(".json");
        if !(first_load || is_locale || is_reference) {
            continue;
        }
        let sized = size_of(dist, &name)?;
        if is_locale {
            locales.push(sized);
        } else if is_reference {
            reference = Some(sized);
        } else {
            files.push(sized);
        }
    }
    if !files.iter().any(|file| file.name.ends_with(".wasm")) {
        bail!("{} holds no wasm module: build the kiosk first", dist.display());
    }
    if let Some(largest) = locales.into_iter().max_by_key(|file| file.brotli) {
        files.push(largest);
    }
    Ok(FirstLoad { files, reference, worker })
}

/// A file's raw size and its brotli size (the precompressed sibling, or compressed here).
fn size_of(dist: &Path, name: &str) -> Result<FileSize> {
    let path = dist.join(name);
    let content = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let brotli = match std::fs::metadata(dist.join(format!("{name}.br"))) {
        Ok(metadata) => metadata.len(),
        Err(_) => {
            let params =
                brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut content.as_slice(), &mut out, &params)?;
            out.len() as u64
        }
    };
    Ok(FileSize { name: name.to_owned(), raw: content.len() as u64, brotli })
}

/// Fails when the first load of `dist` exceeds [`FIRST_LOAD_BUDGET`].
pub fn check(dist: &Path) -> Result<FirstLoad> {
    let first_load = measure(dist)?;
    if first_load.total() > FIRST_LOAD_BUDGET {
        bail!(
            "the first load is {} bytes of brotli, over the budget of {FIRST_LOAD_BUDGET} \
             (xtask/src/budget.rs):\n{}",
            first_load.total(),
            first_load.table()
        );
    }
    Ok(first_load)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist_with(files: &[(&str, usize)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, size) in files {
            // Bytes that do not compress, so brotli keeps their size.
            let mut state = 0x2545_f491_u32;
            let bytes: Vec<u8> = (0..*size)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    state.to_le_bytes()[0]
                })
                .collect();
            std::fs::write(dir.path().join(name), bytes).expect("write");
        }
        dir
    }

    #[test]
    fn counts_the_first_screens_files_and_the_largest_language() {
        let dist = dist_with(&[
            ("index.html", 100),
            ("guichet-0123456789abcdef_bg.wasm", 1_000),
            ("guichet-0123456789abcdef.js", 200),
            ("styles-0123456789abcdef.css", 50),
            ("locale-ar-0123456789abcdef.ftl", 300),
            ("locale-fr-0123456789abcdef.ftl", 250),
            ("reference-0123456789abcdef.json", 5_000),
            ("offers_worker_bg.wasm", 9_000),
            ("offers_worker.js", 300),
            ("offers-worker-loader.js", 90),
            ("sw.js", 400),
            ("manifest.webmanifest", 60),
        ]);
        let first_load = check(dist.path()).expect("within the budget");
        let names: Vec<&str> = first_load.files.iter().map(|file| file.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "guichet-0123456789abcdef.js",
                "guichet-0123456789abcdef_bg.wasm",
                "index.html",
                "styles-0123456789abcdef.css",
                "locale-ar-0123456789abcdef.ftl"
            ]
        );
        let raw: u64 = first_load.files.iter().map(|file| file.raw).sum();
        assert_eq!(raw, 1_650);
        assert!(first_load.total() >= 1_650, "incompressible bytes stay about their size");
        assert_eq!(first_load.reference.map(|file| file.raw), Some(5_000));
        let worker: Vec<(&str, u64)> =
            first_load.worker.iter().map(|file| (file.name.as_str(), file.raw)).collect();
        assert_eq!(
            worker,
            [
                ("offers-worker-loader.js", 90),
                ("offers_worker.js", 300),
                ("offers_worker_bg.wasm", 9_000)
            ]
        );
    }

    #[test]
    fn a_large_dependency_fails_the_budget_naming_the_files() {
        let over = usize::try_from(FIRST_LOAD_BUDGET).expect("fits") + 1;
        let dist = dist_with(&[("index.html", 100), ("guichet-0123456789abcdef_bg.wasm", over)]);
        let error = check(dist.path()).expect_err("over the budget").to_string();
        assert!(error.contains(&format!("over the budget of {FIRST_LOAD_BUDGET}")), "{error}");
        assert!(error.contains("guichet-0123456789abcdef_bg.wasm"), "{error}");
        assert!(error.contains("index.html"), "{error}");
    }

    #[test]
    fn an_empty_folder_is_not_a_build() {
        let dist = tempfile::tempdir().expect("temp dir");
        assert!(measure(dist.path()).is_err());
    }
}
