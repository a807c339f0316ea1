//! The registrations benchmarks of issue 5, part of `cargo xtask bench`: server ingest through
//! HTTP beside the sqlx baseline (`crates/server/examples/ingest_baseline.rs`) in the same run,
//! and the drain of 1,000 queued registrations from Chromium (`bench/registrations.mjs`).

use std::path::Path;
use std::process::Stdio;

use anyhow::{Context, Result, bail};

use crate::toolchain::{CHROMIUM, Tools, run_checked};

/// Registrations stored by each ingest measurement.
const INGEST_ROWS: u32 = 20_000;

pub fn bench(workspace: &Path, tools: &Tools) -> Result<()> {
    println!("==> building the ingest baseline (release)");
    let mut build = tools.command("cargo");
    build
        .args(["build", "--release", "--package", "guichet-server", "--example", "ingest_baseline"])
        .current_dir(workspace);
    run_checked(&mut build, "cargo build --example ingest_baseline")?;

    println!("==> measuring the baseline: {INGEST_ROWS} rows straight through sqlx");
    let baseline = tools
        .command(&workspace.join("target/release/examples/ingest_baseline").to_string_lossy())
        .arg(INGEST_ROWS.to_string())
        .stderr(Stdio::inherit())
        .output()
        .context("could not run ingest_baseline")?;
    if !baseline.status.success() {
        bail!("ingest_baseline failed ({})", baseline.status);
    }
    let baseline = String::from_utf8_lossy(&baseline.stdout).trim().to_owned();

    println!("==> measuring ingest through HTTP and the drain from Chromium");
    let mut node = tools.command("node");
    node.arg(workspace.join("bench/registrations.mjs"))
        .env("GUICHET_SERVER_BIN", workspace.join("target/release/guichet-server"))
        .env("GUICHET_DIST_DIR", workspace.join("dist"))
        .env("GUICHET_CHROMIUM", CHROMIUM)
        .env("BASELINE_JSON", baseline)
        .env("BENCH_INGEST", INGEST_ROWS.to_string())
        .current_dir(workspace);
    run_checked(&mut node, "bench/registrations.mjs")
}
