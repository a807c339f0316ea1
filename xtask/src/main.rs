//! `cargo xtask …`: the project's developer commands, in Rust so they run wherever cargo does.
//!
//! `run` and `test` are the two commands of the README; `setup` installs the pinned toolchain;
//! `fuzz` runs the fuzz targets of `fuzz/` (not part of `test`: it takes minutes per target);
//! `post-build` is Trunk's post-build hook (service-worker precache list, build id, precompression).

// This binary is a command-line tool: its output is its interface.
#![allow(clippy::print_stdout)]

mod api_contract;
#[cfg(test)]
mod architecture;
mod bench;
mod bench_feed;
mod bench_national;
mod bench_registrations;
mod budget;
mod build;
mod fuzz;
mod postbuild;
mod progress;
mod run;
mod seal;
mod seed;
mod size;
mod test;
#[cfg(test)]
mod tidy;
mod toolchain;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "guichet's developer commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Install what is missing, build the kiosk and the server in release, and serve both on an
    /// embedded SQLite database
    Run(run::RunArgs),
    /// Run every check CI runs: formatting, clippy (native and wasm32), native tests, wasm tests
    /// in headless Chromium, end-to-end tests against a real server, the API contract
    /// (Schemathesis against a live server)
    Test(test::TestArgs),
    /// Install or check the pinned toolchain (wasm32 target, wasm-bindgen-cli, trunk, wasm-opt,
    /// Chromium, Node packages for the end-to-end tests)
    Setup,
    /// Build the kiosk in release into dist/ (what `run` and `test` do first)
    Build,
    /// Build the kiosk, then print where the wasm's bytes go: the largest functions and data
    /// (twiggy, pinned, installed on first use) and the bytes of each crate
    Size(size::SizeArgs),
    /// Measure the offers and registrations benchmarks (release builds, headless Chromium), and
    /// with `--suites national` the national load benchmark (SQLite and PostgreSQL)
    Bench(bench::BenchArgs),
    /// Fill a database with synthetic offers for benchmarks (up to 100,000)
    Seed(seed::SeedArgs),
    /// Seal test registrations (a JSON array on stdin) to an agency's public key, as a kiosk
    /// does at submission: for end-to-end tests and benchmarks of sealed entries
    Seal(seal::SealArgs),
    /// Build and run every fuzz target for N seconds each (nightly, cargo-fuzz); a table of
    /// executions and crashes, non-zero on any crash
    Fuzz(fuzz::FuzzArgs),
    /// Trunk's post_build hook; also usable on a built folder with --dir
    PostBuild {
        /// The staged build folder (default: $TRUNK_STAGING_DIR)
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match dispatch(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The whole chain on one line; a backtrace would bury what to do.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> Result<()> {
    let workspace = workspace_root();
    match cli.command {
        Command::Run(args) => run::run(&workspace, &args),
        Command::Test(args) => test::test(&workspace, &args),
        Command::Bench(args) => bench::bench(&workspace, &args),
        Command::Size(args) => size::size(&workspace, &args),
        Command::Seed(args) => seed::seed(&workspace, &args),
        Command::Seal(args) => seal::seal(&args),
        Command::Fuzz(args) => fuzz::fuzz(&workspace, &args),
        Command::Setup => toolchain::ensure_all(&workspace).map(drop),
        Command::Build => {
            let tools = toolchain::ensure_build_tools()?;
            build::build_kiosk(&workspace, &tools, build::KioskBuild::Shipped)
        }
        Command::PostBuild { dir } => {
            let dir = match dir {
                Some(dir) => dir,
                None => {
                    std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from).ok_or_else(|| {
                        anyhow::anyhow!(
                            "post-build needs --dir or TRUNK_STAGING_DIR (set by Trunk)"
                        )
                    })?
                }
            };
            let minifier = postbuild::Minifier {
                esbuild: toolchain::ensure_esbuild()?,
                wasm_opt: toolchain::wasm_opt_path()?,
            };
            postbuild::post_build(&workspace, &dir, Some(&minifier))
        }
    }
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}
