//! `cargo xtask fuzz --seconds N`: builds the fuzz targets of `fuzz/` (cargo-fuzz, libFuzzer,
//! nightly) and runs each for N seconds, one after the other with one job each, then prints how
//! many inputs each ran and how many crashes it found. Exits non-zero on any crash.
//!
//! Not part of `cargo xtask test`: it takes minutes. A crash is fixed in the code and its input
//! becomes an ordinary unit test beside the code it broke, which `cargo test` runs.
//!
//! Each target starts from its checked-in seeds (`fuzz/corpus/<target>/`, never written to) and
//! a working corpus in `fuzz/target/corpus/<target>/` that grows from run to run. Crashing
//! inputs land in `fuzz/artifacts/<target>/`; libFuzzer's output in
//! `fuzz/target/logs/<target>.log`. Both folders are git-ignored.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::progress::Step;
use crate::toolchain::{self, FUZZ_TOOLCHAIN, Tools, run_checked};

/// Every fuzz target of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: [&str; 6] = [
    "submission_body",
    "offers_csv",
    "offers_json",
    "reference_import",
    "feed_cursor",
    "enrolment_request",
];

/// How the targets are built, the same for `build` and `run` so `run` rebuilds nothing: with
/// debug assertions and overflow checks; no sanitizer, since our crates forbid `unsafe` and a
/// sanitizer would halve the executions for little.
const BUILD_FLAGS: [&str; 3] = ["--debug-assertions", "--sanitizer", "none"];

#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// Seconds of fuzzing for each target
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Only these targets (comma-separated; default: all)
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

/// One target's run.
#[derive(Debug)]
struct Outcome {
    target: &'static str,
    executions: Option<u64>,
    crashes: Vec<PathBuf>,
    failed: bool,
}

pub fn fuzz(workspace: &Path, args: &FuzzArgs) -> Result<()> {
    if args.seconds == 0 {
        bail!("--seconds must be at least 1");
    }
    if let Some(unknown) = args.only.iter().find(|name| !TARGETS.contains(&name.as_str())) {
        bail!("no fuzz target `{unknown}`; the targets are {}", TARGETS.join(", "));
    }
    let targets: Vec<&'static str> = TARGETS
        .into_iter()
        .filter(|target| args.only.is_empty() || args.only.iter().any(|name| name == target))
        .collect();
    let tools = toolchain::ensure_fuzz_tools()?;
    let target_dir = workspace.join("fuzz/target");
    let step = Step::start(format!(
        "building the fuzz targets ({FUZZ_TOOLCHAIN}, cargo-fuzz, into fuzz/target; the first \
         time about 4 minutes)"
    ));
    if targets.len() == TARGETS.len() {
        // `cargo fuzz build` without a name builds them all.
        run_checked(&mut cargo_fuzz(&tools, workspace, "build", &target_dir), "cargo fuzz build")?;
    } else {
        for target in &targets {
            let mut build = cargo_fuzz(&tools, workspace, "build", &target_dir);
            run_checked(build.arg(target), &format!("cargo fuzz build {target}"))?;
        }
    }
    step.done();

    let mut outcomes = Vec::new();
    for target in targets {
        outcomes.push(run_target(&tools, workspace, &target_dir, target, args.seconds)?);
    }
    println!();
    print!("{}", table(&outcomes));
    let crashed: Vec<&Outcome> =
        outcomes.iter().filter(|outcome| outcome.failed || !outcome.crashes.is_empty()).collect();
    if crashed.is_empty() {
        return Ok(());
    }
    for outcome in &crashed {
        for crash in &outcome.crashes {
            println!(
                "{}: reproduce with `cargo +{FUZZ_TOOLCHAIN} fuzz run {} --target-dir fuzz/target {} {}`",
                outcome.target,
                BUILD_FLAGS.join(" "),
                outcome.target,
                crash.strip_prefix(workspace).unwrap_or(crash).display()
            );
        }
    }
    bail!(
        "{} fuzz target(s) crashed: fix the code and turn each input into a unit test",
        crashed.len()
    )
}

fn run_target(
    tools: &Tools,
    workspace: &Path,
    target_dir: &Path,
    target: &'static str,
    seconds: u64,
) -> Result<Outcome> {
    let step = Step::start(format!("fuzzing {target} for {seconds} s"));
    let working = target_dir.join("corpus").join(target);
    let artifacts = workspace.join("fuzz/artifacts").join(target);
    let logs = target_dir.join("logs");
    for dir in [&working, &artifacts, &logs] {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let before = findings(&artifacts)?;
    let log_path = logs.join(format!("{target}.log"));
    let log =
        File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let mut run = cargo_fuzz(tools, workspace, "run", target_dir);
    run.arg(target)
        .arg(&working)
        .arg(workspace.join("fuzz/corpus").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        // An input that takes 10 s is a hang: reported like a crash.
        .arg("-timeout=10")
        .stdout(log.try_clone()?)
        .stderr(log);
    let status = run.status().context("could not start cargo fuzz run")?;
    let text = fs::read_to_string(&log_path).unwrap_or_default();
    let crashes: Vec<PathBuf> =
        findings(&artifacts)?.into_iter().filter(|path| !before.contains(path)).collect();
    let executions = executed_units(&text);
    step.done();
    println!(
        "    {} executions, {} crash(es); log in {}",
        executions.map_or_else(|| "?".to_owned(), thousands),
        crashes.len(),
        log_path.strip_prefix(workspace).unwrap_or(&log_path).display()
    );
    Ok(Outcome { target, executions, crashes, failed: !status.success() })
}

/// `cargo +nightly fuzz <subcommand>` with the build flags, run from the repository root.
fn cargo_fuzz(
    tools: &Tools,
    workspace: &Path,
    subcommand: &str,
    target_dir: &Path,
) -> std::process::Command {
    let mut command = tools.command("cargo");
    command
        .arg(format!("+{FUZZ_TOOLCHAIN}"))
        .args(["fuzz", subcommand])
        .args(BUILD_FLAGS)
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(workspace);
    // What the outer `cargo xtask` set for itself must not pick the toolchain or the target
    // folder of the fuzz build.
    for variable in ["RUSTUP_TOOLCHAIN", "CARGO", "CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"] {
        command.env_remove(variable);
    }
    command
}

/// The inputs libFuzzer saved as findings (crashes, leaks, timeouts, out of memory).
fn findings(artifacts: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in
        fs::read_dir(artifacts).with_context(|| format!("reading {}", artifacts.display()))?
    {
        let path = entry?.path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if ["crash-", "leak-", "timeout-", "oom-"].iter().any(|prefix| name.starts_with(prefix)) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// libFuzzer's final count of inputs run (`-print_final_stats=1`).
fn executed_units(log: &str) -> Option<u64> {
    log.lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("stat::number_of_executed_units:"))
        .and_then(|count| count.trim().parse().ok())
}

fn table(outcomes: &[Outcome]) -> String {
    let mut text = format!("{:<20} {:>14} {:>8}\n", "target", "executions", "crashes");
    for outcome in outcomes {
        let executions = outcome.executions.map_or_else(|| "?".to_owned(), thousands);
        text +=
            &format!("{:<20} {:>14} {:>8}\n", outcome.target, executions, outcome.crashes.len());
    }
    let total: u64 = outcomes.iter().filter_map(|outcome| outcome.executions).sum();
    let crashes: usize = outcomes.iter().map(|outcome| outcome.crashes.len()).sum();
    text += &format!("{:<20} {:>14} {:>8}\n", "total", thousands(total), crashes);
    text
}

/// `12,345,678`.
fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut text = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_final_count_of_executions_is_read_from_the_log() {
        let log = "#2\tINITED cov: 12 ft: 13 corp: 3/64b exec/s: 0 rss: 40Mb\n\
                   Done 7863 runs in 11 second(s)\n\
                   stat::number_of_executed_units: 7863\n\
                   stat::average_exec_per_sec:     714\n";
        assert_eq!(executed_units(log), Some(7863));
        assert_eq!(executed_units("==1== ERROR: libFuzzer: deadly signal\n"), None);
    }

    #[test]
    fn the_table_sums_the_targets() {
        let outcome = |target, executions, crashes: usize| Outcome {
            target,
            executions,
            crashes: vec![PathBuf::from("crash-1"); crashes],
            failed: crashes > 0,
        };
        let table =
            table(&[outcome("feed_cursor", Some(12_345_678), 0), outcome("offers_csv", None, 1)]);
        assert_eq!(
            table,
            "target                   executions  crashes\n\
             feed_cursor              12,345,678        0\n\
             offers_csv                        ?        1\n\
             total                    12,345,678        1\n"
        );
    }

    #[test]
    fn every_target_has_a_seed_corpus_and_a_bin() {
        let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
        let manifest = fs::read_to_string(fuzz.join("Cargo.toml")).expect("fuzz/Cargo.toml");
        for target in TARGETS {
            assert!(manifest.contains(&format!("name = \"{target}\"")), "{target} in Cargo.toml");
            let seeds = fs::read_dir(fuzz.join("corpus").join(target)).expect("a seed folder");
            assert!(seeds.count() > 0, "{target} has seeds");
        }
        let declared = manifest.matches("[[bin]]").count();
        assert_eq!(declared, TARGETS.len(), "every bin of fuzz/Cargo.toml is in TARGETS");
    }
}
