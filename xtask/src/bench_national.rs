//! The national load benchmark of issue 13, `cargo xtask bench --suites national`: many kiosks
//! and phones (`crates/server/examples/national_load.rs`) against release servers on loopback,
//! on SQLite (one instance) and on PostgreSQL at 127.0.0.1:5432 (one instance, then two on one
//! database), first with the realistic mix (phones' first syncs of the whole feed, incremental
//! syncs, kiosks' batches, re-sends), then with the submissions alone (the feed served from
//! elsewhere). Each run prints a table per configuration; a run whose stored registrations are
//! not exactly the acknowledged ones fails.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use crate::toolchain::{Tools, run_checked};

#[derive(Debug, Args)]
pub struct NationalArgs {
    /// Measured seconds per configuration and mix (after a 10 s warm-up)
    #[arg(long, default_value_t = 60)]
    national_seconds: u64,
    /// Configurations: sqlite, postgres (one instance), postgres2 (two instances)
    #[arg(long, value_delimiter = ',', default_values_t = ["sqlite".to_owned(), "postgres".to_owned(), "postgres2".to_owned()])]
    national_configs: Vec<String>,
    /// Mixes: realistic, ingest
    #[arg(long, value_delimiter = ',', default_values_t = ["realistic".to_owned(), "ingest".to_owned()])]
    national_mixes: Vec<String>,
}

pub fn bench(workspace: &Path, tools: &Tools, args: &NationalArgs) -> Result<()> {
    println!("==> building guichet-server and the national load generator (release)");
    // One command, so the server and the example share one build of their dependencies.
    let mut build = tools.command("cargo");
    build
        .args(["build", "--release", "--package", "guichet-server"])
        .args(["--bin", "guichet-server", "--example", "national_load"])
        .current_dir(workspace);
    run_checked(&mut build, "cargo build --example national_load")?;
    let release = target_dir(workspace, tools)?.join("release");
    for mix in &args.national_mixes {
        let mut load = tools.command(&release.join("examples/national_load").to_string_lossy());
        load.arg("--server")
            .arg(release.join("guichet-server"))
            .args(["--mix", mix, "--seconds", &args.national_seconds.to_string()])
            .args(["--configs", &args.national_configs.join(",")])
            .current_dir(workspace);
        run_checked(&mut load, "national_load")?;
    }
    Ok(())
}

/// Where cargo puts what it builds: `target/` unless a `.cargo/config.toml` or
/// `CARGO_TARGET_DIR` says otherwise (cargo's own answer).
pub fn target_dir(workspace: &Path, tools: &Tools) -> Result<PathBuf> {
    let output = tools
        .command("cargo")
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(workspace)
        .output()
        .context("could not run cargo metadata")?;
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("cargo metadata's answer")?;
    let dir = metadata["target_directory"].as_str().context("cargo metadata names no target")?;
    Ok(PathBuf::from(dir))
}
