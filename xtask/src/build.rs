//! Building what guichet ships: the kiosk (Trunk, release, wasm-opt, precompressed) and the server.

use std::path::Path;

use anyhow::{Context, Result};

use crate::progress::Step;
use crate::toolchain::{Tools, run_checked};

/// What a kiosk build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskBuild {
    /// What kiosks and phones download.
    Shipped,
    /// The same, plus the measurements `cargo xtask bench` calls (the `bench` feature).
    Bench,
}

/// `trunk build --release` into dist/; Trunk's post-build hook then runs `cargo xtask post-build`.
pub fn build_kiosk(workspace: &Path, tools: &Tools, kind: KioskBuild) -> Result<()> {
    let step = Step::start(match kind {
        KioskBuild::Shipped => "building the kiosk in release (trunk, wasm-opt, precompression)",
        KioskBuild::Bench => "building the kiosk in release with the bench exports (trunk)",
    });
    // Trunk builds offline; the standard library compiled for the kiosk has crates of its own
    // (dlmalloc…), which a fresh machine has not downloaded yet. Instant once they are there.
    let mut fetch = tools.kiosk_command("cargo");
    fetch
        .args(["fetch", "--quiet", "--target", crate::toolchain::WASM_TARGET])
        .current_dir(workspace);
    run_checked(&mut fetch, "cargo fetch (the kiosk's standard library crates)")?;
    let mut trunk = tools.kiosk_command("trunk");
    trunk.args(["build", "--release", "--offline"]).current_dir(workspace);
    // Trunk's post-build hook runs this binary (Trunk.toml).
    trunk.env("GUICHET_XTASK_BIN", std::env::current_exe()?);
    if kind == KioskBuild::Bench {
        trunk.args(["--features", "bench"]);
    }
    run_checked(&mut trunk, "trunk build --release")?;
    step.done();
    report_shipped_size(&workspace.join("dist"))
}

/// Builds the server binary in `profile` ("dev" or "release").
pub fn build_server(workspace: &Path, tools: &Tools, profile: &str) -> Result<()> {
    let step = Step::start(format!("building guichet-server ({profile})"));
    let mut cargo = tools.command("cargo");
    cargo
        .args(["build", "--package", "guichet-server", "--profile", profile])
        .current_dir(workspace);
    run_checked(&mut cargo, "cargo build --package guichet-server")?;
    step.done();
    Ok(())
}

/// Prints what a client downloads: the app (wasm + js + css) raw, gzip and brotli, then the
/// first load file by file against its budget.
fn report_shipped_size(dist: &Path) -> Result<()> {
    let mut totals = [0u64; 3];
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let is_app = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| matches!(extension, "wasm" | "js" | "css"));
        let is_service_worker = path.file_name().is_some_and(|name| name == "sw.js");
        if !is_app || is_service_worker {
            continue;
        }
        for (total, suffix) in totals.iter_mut().zip(["", ".gz", ".br"]) {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            *total += std::fs::metadata(&name).map(|metadata| metadata.len()).unwrap_or(0);
        }
    }
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    println!(
        "    shipped wasm + js + css: {:.1} KiB raw, {:.1} KiB gzip, {:.1} KiB brotli",
        kib(totals[0]),
        kib(totals[1]),
        kib(totals[2])
    );
    println!("    first load:\n{}", crate::budget::measure(dist)?.table());
    Ok(())
}
