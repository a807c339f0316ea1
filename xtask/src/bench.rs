//! `cargo xtask bench`: the offers benchmarks of issue 3, in the release kiosk in headless
//! Chromium, at 20,000 and 100,000 offers, with MiniSearch run on the same offers in the same
//! page as the baseline.
//!
//! For each size: a fresh SQLite database seeded by `guichet-server offers generate`, a release
//! server on a free port, then `bench/offers.mjs` drives the page and prints its table.
//!
//! `--suites national` is the national load benchmark (`bench_national.rs`); it needs no
//! browser, only PostgreSQL at 127.0.0.1:5432, and runs only when asked for.

use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::build;
use crate::toolchain::{self, CHROMIUM, run_checked};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Offer counts to measure, comma-separated
    #[arg(long, value_delimiter = ',', default_values_t = [20_000u32, 100_000])]
    offers: Vec<u32>,
    /// Skip building the kiosk and the server (use what dist/ and target/release hold)
    #[arg(long)]
    no_build: bool,
    /// Which benchmarks to run: offers, registrations, national (the national load benchmark,
    /// with PostgreSQL; not run unless named)
    #[arg(long, value_delimiter = ',', default_values_t = ["offers".to_owned(), "registrations".to_owned()])]
    suites: Vec<String>,
    #[command(flatten)]
    national: crate::bench_national::NationalArgs,
}

pub fn bench(workspace: &Path, args: &BenchArgs) -> Result<()> {
    let wants = |name: &str| args.suites.iter().any(|suite| suite == name);
    if let Some(unknown) = args
        .suites
        .iter()
        .find(|suite| !["offers", "registrations", "national"].contains(&suite.as_str()))
    {
        bail!("unknown suite `{unknown}`: offers, registrations or national");
    }
    if wants("offers") || wants("registrations") {
        browser_suites(workspace, args)?;
    }
    if wants("national") {
        let tools = toolchain::ensure_build_tools()?;
        crate::bench_national::bench(workspace, &tools, &args.national)?;
    }
    Ok(())
}

/// The suites measured in headless Chromium: offers and registrations.
fn browser_suites(workspace: &Path, args: &BenchArgs) -> Result<()> {
    let tools = toolchain::ensure_all(workspace)?;
    if !args.no_build {
        build::build_kiosk(workspace, &tools, build::KioskBuild::Bench)?;
        build::build_server(workspace, &tools, "release")?;
    }
    let server = workspace.join("target/release/guichet-server");
    if args.suites.iter().any(|suite| suite == "registrations") {
        crate::bench_registrations::bench(workspace, &tools)?;
    }
    if !args.suites.iter().any(|suite| suite == "offers") {
        return Ok(());
    }
    for &count in &args.offers {
        let data = tempfile_dir(count)?;
        let database_url = format!("sqlite://{}", data.join("bench.sqlite3").display());
        println!("==> seeding {count} offers");
        let mut seed = tools.command(&server.to_string_lossy());
        seed.args(["offers", "generate", "--count", &count.to_string()])
            .args(["--database-url", &database_url]);
        run_checked(&mut seed, "guichet-server offers generate")?;

        println!("==> measuring {count} offers in headless Chromium");
        let mut node = tools.command("node");
        node.arg(workspace.join("bench/offers.mjs"))
            .env("GUICHET_SERVER_BIN", &server)
            .env("GUICHET_DIST_DIR", workspace.join("dist"))
            .env("GUICHET_DATABASE_URL", &database_url)
            .env("GUICHET_CHROMIUM", CHROMIUM)
            .env("BENCH_OFFERS", count.to_string())
            .current_dir(workspace);
        let result = run_checked(&mut node, "bench/offers.mjs");
        let _ = std::fs::remove_dir_all(&data);
        result?;
    }
    Ok(())
}

fn tempfile_dir(count: u32) -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("guichet-bench-{count}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
