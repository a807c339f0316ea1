//! `cargo xtask bench`: the offers benchmarks of issue 3, in the release kiosk in headless
//! Chromium, at 20,000 and 100,000 offers, with MiniSearch and FlexSearch run on the same offers in
//! the same page as baselines; the registrations benchmarks; and the page-load benchmark of issue
//! 12 (Lighthouse on the shipped release build); and the feed suite of issue 13 (`bench_feed`:
//! first syncs per second per server instance, feed pages against the snapshot).
//!
//! `--suites national` is the national load benchmark (`bench_national.rs`); it needs no
//! browser, only PostgreSQL at 127.0.0.1:5432, and runs only when asked for.
//!
//! Offers, for each size: a fresh SQLite database seeded by `guichet-server offers generate`, a
//! release server on a free port, then `bench/offers.mjs` drives the page and prints its tables.
//! Load: the first load's files (`budget`), then `bench/load.mjs` runs Lighthouse on three pages
//! with an empty browser profile and with one holding [`LOAD_OFFERS`] synced offers.

use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::build::{self, KioskBuild};
use crate::toolchain::{self, CHROMIUM, Tools, run_checked};

/// The suites `--suites` accepts.
const SUITES: [&str; 5] = ["load", "offers", "registrations", "feed", "national"];
/// The suites run when `--suites` is not given (the national one needs PostgreSQL and 15 minutes).
const DEFAULT_SUITES: [&str; 4] = ["load", "offers", "registrations", "feed"];
/// The offers the server holds in the load suite, and the synced profile stores.
const LOAD_OFFERS: u32 = 20_000;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Offer counts to measure, comma-separated
    #[arg(long, value_delimiter = ',', default_values_t = [20_000u32, 100_000])]
    offers: Vec<u32>,
    /// Skip building the kiosk and the server (use what dist/ and target/release hold)
    #[arg(long)]
    no_build: bool,
    /// Which benchmarks to run: load, offers, registrations, feed, national (the national load
    /// benchmark, with PostgreSQL; not run unless named)
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_SUITES.map(str::to_owned))]
    suites: Vec<String>,
    /// Load suite: also measure this earlier build (a dist/ folder made by `cargo xtask build`
    /// on an older commit), first, in the same run and against the same server, as the baseline
    #[arg(long, value_name = "DIR")]
    baseline_dist: Option<std::path::PathBuf>,
    /// Load suite: Lighthouse runs per page and profile; the median by performance score is
    /// reported, with the spread of all runs
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=9))]
    lighthouse_runs: u32,
    #[command(flatten)]
    national: crate::bench_national::NationalArgs,
}

pub fn bench(workspace: &Path, args: &BenchArgs) -> Result<()> {
    if let Some(unknown) = args.suites.iter().find(|suite| !SUITES.contains(&suite.as_str())) {
        bail!("unknown suite `{unknown}`: expected {}", SUITES.join(", "));
    }
    let wants = |name: &str| args.suites.iter().any(|suite| suite == name);
    if wants("national") {
        let tools = toolchain::ensure_build_tools()?;
        crate::bench_national::bench(workspace, &tools, &args.national)?;
        if args.suites.len() == 1 {
            return Ok(());
        }
    }
    let tools = toolchain::ensure_all(workspace)?;
    if !args.no_build {
        build::build_server(workspace, &tools, "release")?;
    }
    let server = workspace.join("target/release/guichet-server");
    if wants("feed") {
        crate::bench_feed::bench(workspace, &tools)?;
    }
    if wants("load") {
        // What kiosks and phones download, without the bench exports.
        if !args.no_build {
            build::build_kiosk(workspace, &tools, KioskBuild::Shipped)?;
        }
        if let Some(baseline) = &args.baseline_dist {
            load(workspace, &tools, &server, baseline, "the baseline", args.lighthouse_runs)?;
        }
        let dist = workspace.join("dist");
        load(workspace, &tools, &server, &dist, "this build", args.lighthouse_runs)?;
    }
    if !(wants("offers") || wants("registrations")) {
        return Ok(());
    }
    if !args.no_build {
        build::build_kiosk(workspace, &tools, KioskBuild::Bench)?;
    }
    if wants("registrations") {
        crate::bench_registrations::bench(workspace, &tools)?;
    }
    if !wants("offers") {
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

/// Lighthouse on the kiosk in `dist`, served by a release server holding [`LOAD_OFFERS`] offers.
fn load(
    workspace: &Path,
    tools: &Tools,
    server: &Path,
    dist: &Path,
    label: &str,
    runs: u32,
) -> Result<()> {
    if !dist.join("index.html").is_file() {
        bail!(
            "{} holds no kiosk build (index.html): make one with `cargo xtask build`",
            dist.display()
        );
    }
    println!(
        "==> {label}: first load of the build in {} (bytes per file, as the budget counts them)",
        dist.display()
    );
    println!("{}", crate::budget::measure(dist)?.table());
    let data = tempfile_dir(LOAD_OFFERS)?;
    let database_url = format!("sqlite://{}", data.join("bench.sqlite3").display());
    println!("==> seeding {LOAD_OFFERS} offers");
    let mut seed = tools.command(&server.to_string_lossy());
    seed.args(["offers", "generate", "--count", &LOAD_OFFERS.to_string()])
        .args(["--database-url", &database_url]);
    run_checked(&mut seed, "guichet-server offers generate")?;
    println!(
        "==> {label}: Lighthouse on /, /offers and /register, {runs} run(s) each (about a minute a run)"
    );
    let mut node = tools.command("node");
    node.arg(workspace.join("bench/load.mjs"))
        .env("GUICHET_SERVER_BIN", server)
        .env("GUICHET_DIST_DIR", dist)
        .env("GUICHET_DATABASE_URL", &database_url)
        .env("GUICHET_CHROMIUM", CHROMIUM)
        .env("BENCH_OFFERS", LOAD_OFFERS.to_string())
        .env("BENCH_LIGHTHOUSE_RUNS", runs.to_string())
        .current_dir(workspace);
    let result = run_checked(&mut node, "bench/load.mjs");
    let _ = std::fs::remove_dir_all(&data);
    result
}

fn tempfile_dir(count: u32) -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("guichet-bench-{count}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}
