//! `cargo xtask test`: every check CI runs, in the order that fails fastest, with a summary.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::build;
use crate::progress::format_duration;
use crate::toolchain::{self, CHROMEDRIVER, Tools, WASM_TARGET};

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Run only these phases (fmt, clippy, native, wasm, e2e, api-contract); all when absent
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

/// One line of the summary.
#[derive(Debug)]
struct PhaseReport {
    name: &'static str,
    outcome: Outcome,
    counts: TestCounts,
    elapsed: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    Skipped,
}

/// Tests counted from the runners' own closing lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct TestCounts {
    passed: u64,
    failed: u64,
}

pub fn test(workspace: &Path, args: &TestArgs) -> Result<()> {
    let started = Instant::now();
    let wanted = |phase: &str| args.only.is_empty() || args.only.iter().any(|only| only == phase);
    let setup_started = Instant::now();
    let tools = toolchain::ensure_all(workspace)?;
    let mut reports = vec![PhaseReport {
        name: "toolchain",
        outcome: Outcome::Passed,
        counts: TestCounts::default(),
        elapsed: setup_started.elapsed(),
    }];

    let phases: [(&'static str, &'static str, PhaseFn); 8] = [
        ("fmt", "fmt", fmt),
        ("clippy native", "clippy", clippy_native),
        ("clippy wasm32", "clippy", clippy_wasm),
        ("native tests", "native", native_tests),
        ("wasm tests", "wasm", wasm_tests),
        ("build", "e2e", build_for_e2e),
        ("end-to-end", "e2e", end_to_end),
        ("api contract", "api-contract", api_contract),
    ];
    let mut build_failed = false;
    for (name, group, phase) in phases {
        if !wanted(group) || (name == "end-to-end" && build_failed) {
            reports.push(PhaseReport {
                name,
                outcome: Outcome::Skipped,
                counts: TestCounts::default(),
                elapsed: Duration::ZERO,
            });
            continue;
        }
        println!("\n==> {name}");
        let phase_started = Instant::now();
        let result = phase(workspace, &tools);
        let elapsed = phase_started.elapsed();
        let (outcome, counts) = match result {
            Ok(counts) if counts.failed == 0 => (Outcome::Passed, counts),
            Ok(counts) => (Outcome::Failed, counts),
            Err(error) => {
                println!("    {name} failed: {error:#}");
                (Outcome::Failed, TestCounts::default())
            }
        };
        if name == "build" && outcome == Outcome::Failed {
            build_failed = true;
        }
        println!("    {name}: {outcome:?} in {}", format_duration(elapsed));
        reports.push(PhaseReport { name, outcome, counts, elapsed });
    }
    print_summary(&reports, started.elapsed());
    if reports.iter().any(|report| report.outcome == Outcome::Failed) {
        bail!("some checks failed: see the summary above");
    }
    Ok(())
}

type PhaseFn = fn(&Path, &Tools) -> Result<TestCounts>;

fn fmt(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    let mut cargo = tools.command("cargo");
    cargo.args(["fmt", "--all", "--check"]).current_dir(workspace);
    run_counting(&mut cargo, "cargo fmt --check")
}

fn clippy_native(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    let mut cargo = tools.command("cargo");
    cargo
        .args(["clippy", "--workspace", "--exclude", "guichet", "--all-targets", "--"])
        .args(["-D", "warnings"])
        .current_dir(workspace);
    run_counting(&mut cargo, "cargo clippy (native)")
}

fn clippy_wasm(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    let mut cargo = tools.command("cargo");
    cargo
        // `--features bench`: the benchmark's exports are linted too.
        .args(["clippy", "--target", WASM_TARGET, "--all-targets", "--features", "guichet/bench"])
        .args([
            "--package",
            "guichet",
            "--package",
            "guichet-core",
            "--package",
            "guichet-protocol",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(workspace);
    run_counting(&mut cargo, "cargo clippy (wasm32)")
}

fn native_tests(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    let mut cargo = tools.command("cargo");
    cargo.args(["test", "--workspace", "--exclude", "guichet"]).current_dir(workspace);
    run_counting(&mut cargo, "cargo test (native)")
}

fn wasm_tests(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    let mut cargo = tools.command("cargo");
    cargo
        .args(["test", "--target", WASM_TARGET, "--package", "guichet"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
        .current_dir(workspace);
    run_counting(&mut cargo, "cargo test (wasm32, headless Chromium)")
}

fn build_for_e2e(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    build::build_kiosk(workspace, tools, build::KioskBuild::Shipped)?;
    // The first-load budget, on the build the end-to-end tests use.
    let first_load = crate::budget::check(&workspace.join("dist"))?;
    for part in &first_load.parts {
        println!(
            "    first load of the {} part within its budget: {} bytes of brotli (budget {})",
            part.name,
            first_load.part_total(part),
            crate::budget::FIRST_LOAD_BUDGET
        );
    }
    build::build_server(workspace, tools, "dev")?;
    Ok(TestCounts { passed: 1, failed: 0 })
}

fn end_to_end(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    let mut node = tools.command("node");
    node.args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .arg("tests/")
        .env("GUICHET_SERVER_BIN", workspace.join("target/debug/guichet-server"))
        .env("GUICHET_DIST_DIR", workspace.join("dist"))
        .env("GUICHET_WORKSPACE", workspace)
        .env("GUICHET_XTASK_BIN", std::env::current_exe()?)
        .current_dir(workspace.join("e2e"));
    run_counting(&mut node, "end-to-end tests (node --test, Playwright, Chromium)")
}

/// Schemathesis against a live server: every answer must match the API document.
fn api_contract(workspace: &Path, tools: &Tools) -> Result<TestCounts> {
    let schemathesis = toolchain::ensure_schemathesis()?;
    let summary = crate::api_contract::run(workspace, tools, &schemathesis)?;
    // Its whole report is above; the figures again, on the lines a closing note quotes.
    let figures = ["Selected:", "Tested:", "generated", "Seed:"];
    println!("    schemathesis, checks {}:", crate::api_contract::CHECKS);
    for line in summary.lines.iter().filter(|line| figures.iter().any(|f| line.contains(f))) {
        println!("      {line}");
    }
    Ok(TestCounts { passed: 1, failed: 0 })
}

/// Runs `command`, echoing its standard output while counting the tests its runner reports.
/// A failing exit status is an error even when no test failed (a build error, say).
fn run_counting(command: &mut Command, what: &str) -> Result<TestCounts> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {what}"))?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut counts = TestCounts::default();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        let found = parse_counts(&line);
        counts.passed += found.passed;
        counts.failed += found.failed;
    }
    let status = child.wait()?;
    if !status.success() && counts.failed == 0 {
        bail!("{what} failed ({status})");
    }
    Ok(counts)
}

/// Reads a closing line of cargo's test harness, wasm-bindgen-test-runner or node's spec reporter.
fn parse_counts(line: &str) -> TestCounts {
    let line = line.trim();
    let number_before = |text: &str, word: &str| -> u64 {
        text.split(';')
            .filter_map(|part| part.trim().strip_suffix(word))
            .filter_map(|number| number.trim().rsplit(' ').next()?.parse::<u64>().ok())
            .sum()
    };
    if let Some(rest) = line.strip_prefix("test result: ") {
        return TestCounts {
            passed: number_before(rest, "passed"),
            failed: number_before(rest, "failed"),
        };
    }
    let node_count = |prefix: &str| line.strip_prefix(prefix).and_then(|n| n.trim().parse().ok());
    if let Some(passed) = node_count("ℹ pass ") {
        return TestCounts { passed, failed: 0 };
    }
    if let Some(failed) = node_count("ℹ fail ") {
        return TestCounts { passed: 0, failed };
    }
    TestCounts::default()
}

fn print_summary(reports: &[PhaseReport], total: Duration) {
    println!("\n==> summary");
    println!("    {:<16} {:<8} {:>7} {:>7} {:>8}", "phase", "result", "passed", "failed", "time");
    let mut totals = TestCounts::default();
    for report in reports {
        totals.passed += report.counts.passed;
        totals.failed += report.counts.failed;
        println!(
            "    {:<16} {:<8} {:>7} {:>7} {:>8}",
            report.name,
            format!("{:?}", report.outcome).to_lowercase(),
            report.counts.passed,
            report.counts.failed,
            format_duration(report.elapsed)
        );
    }
    println!("    total time {}", format_duration(total));
    println!("{} passed, {} failed", totals.passed, totals.failed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_lines_of_each_runner_are_counted() {
        let check = |line: &str, passed: u64, failed: u64| {
            assert_eq!(parse_counts(line), TestCounts { passed, failed }, "{line}");
        };
        check(
            "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
            12,
            0,
        );
        check(
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out",
            3,
            2,
        );
        check(
            "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            0,
            0,
        );
        check("ℹ pass 7", 7, 0);
        check("ℹ fail 1", 0, 1);
        check("ℹ tests 8", 0, 0);
        check("running 4 tests", 0, 0);
        check("test it_passed ... ok", 0, 0);
    }
}
