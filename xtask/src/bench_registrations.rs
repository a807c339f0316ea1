//! The registrations benchmarks of issues 5 and 8, part of `cargo xtask bench`: the login cost
//! (`crates/server/examples/login_cost.rs`, one Argon2id hash), the opening cost of a sealed
//! registration (`crates/server/examples/sealing_cost.rs`) and its sealing cost in Chromium
//! (`outbox::bench::bench_seal`), server ingest through
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
        .args(["build", "--release", "--package", "guichet-server"])
        .args(["--example", "ingest_baseline", "--example", "login_cost"])
        .args(["--example", "sealing_cost"])
        .current_dir(workspace);
    run_checked(&mut build, "cargo build --example ingest_baseline --example login_cost")?;

    println!("==> measuring the opening cost (one sealed registration, the server's keys)");
    let sealing = tools
        .command(&workspace.join("target/release/examples/sealing_cost").to_string_lossy())
        .stderr(Stdio::inherit())
        .output()
        .context("could not run sealing_cost")?;
    if !sealing.status.success() {
        bail!("sealing_cost failed ({})", sealing.status);
    }
    let sealing = String::from_utf8_lossy(&sealing.stdout).trim().to_owned();

    println!("==> measuring the login cost (one Argon2id hash, the server's parameters)");
    let login = tools
        .command(&workspace.join("target/release/examples/login_cost").to_string_lossy())
        .stderr(Stdio::inherit())
        .output()
        .context("could not run login_cost")?;
    if !login.status.success() {
        bail!("login_cost failed ({})", login.status);
    }
    let login = String::from_utf8_lossy(&login.stdout).trim().to_owned();

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
        // `cargo xtask seal`: the sealed ingest and drain seal their registrations with it.
        .env("GUICHET_XTASK_BIN", std::env::current_exe().context("where is xtask?")?)
        .env("BASELINE_JSON", baseline)
        .env("LOGIN_COST_JSON", login)
        .env("SEALING_COST_JSON", sealing)
        .env("BENCH_INGEST", INGEST_ROWS.to_string())
        .current_dir(workspace);
    run_checked(&mut node, "bench/registrations.mjs")
}
