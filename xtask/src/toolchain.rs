//! The pinned toolchain, installed when missing and checked in well under a second when present.
//!
//! Every version lives here and nowhere else (a tidy test checks that Cargo.toml pins the same
//! wasm-bindgen). ../shared/TOOLCHAIN.md records why each pin is what it is.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::progress::{Step, format_duration};

/// Must equal the `wasm-bindgen` crate in Cargo.lock (root Cargo.toml pins it with `=`).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// 0.22 needs rustc >= 1.96.1.
pub const TRUNK_VERSION: &str = "0.21.14";
/// Debian's binaryen 108 cannot parse what rustc 1.95 emits; the npm build of 132 can.
pub const BINARYEN_NPM_VERSION: &str = "132.0.0";
/// Minifies the kiosk's JavaScript glue and inlined stylesheet in `cargo xtask post-build`
/// (npm's build: one native binary, no other package).
pub const ESBUILD_NPM_VERSION: &str = "0.24.2";
/// What Trunk is told to expect from `wasm-opt --version`.
pub const WASM_OPT_TRUNK_VERSION: &str = "version_132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The shipped kiosk's standard library is compiled with it, sized for download: `std` built
/// from source (`rust-src`) with its `optimize_for_size` feature, and panics that trap at once
/// instead of formatting a message nobody on a kiosk reads (`-Cpanic=immediate-abort`). Both are
/// unstable: the build sets `RUSTC_BOOTSTRAP=1` on the pinned stable compiler rather than
/// installing a nightly (the Debian route below does the same), and only for the kiosk's
/// release build; tests and clippy use the ordinary standard library. 396 KB of brotli wasm
/// became 354 KB with them (issue #12). The same build also drops what only a developer reads:
/// the source locations of `#[track_caller]` (`-Zlocation-detail=none`) and the text of `Debug`
/// formatting (`-Zfmt-debug=none`: `{:?}` writes nothing; the app shows and stores no `Debug`
/// text, its console warnings use `Display`): 4.8 KB of brotli on every part.
pub const KIOSK_BUILD_STD: &str = "std,panic_abort";
pub const KIOSK_BUILD_STD_FEATURES: &str = "optimize_for_size";
/// The whole target rustflags of the kiosk build: an environment value replaces
/// `.cargo/config.toml`'s, so its `web_sys_unstable_apis` is repeated here.
pub const KIOSK_RUSTFLAGS: &str = concat!(
    "--cfg=web_sys_unstable_apis -Zunstable-options -Cpanic=immediate-abort ",
    "-Zlocation-detail=none -Zfmt-debug=none"
);
/// The lowest Node.js major version the end-to-end tests and binaryen run on.
pub const NODE_MIN_MAJOR: u32 = 18;
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Makes the HTTPS end-to-end test's certificate authority and server certificate.
pub const OPENSSL: &str = "/usr/bin/openssl";
/// cargo-fuzz builds with libFuzzer's instrumentation flags, which only nightly rustc takes.
/// Only `cargo xtask fuzz` uses it; the workspace itself builds on the pinned stable.
pub const FUZZ_TOOLCHAIN: &str = "nightly";
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// The API contract step's fuzzer (PyPI), in a virtual environment of its own.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// The wasm size profiler of `cargo xtask size` (crates.io), installed when that command first runs.
pub const TWIGGY_VERSION: &str = "0.8.0";
/// The HTTP load generator of the feed benchmark (Debian's `wrk`).
pub const WRK: &str = "/usr/bin/wrk";

/// How wasm32 builds get their standard library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmRoute {
    /// `rustup target add wasm32-unknown-unknown`: the normal route.
    Rustup,
    /// Debian's rustc-web with the standard library built from source, for machines where
    /// rustup cannot download.
    DebianBuildStd,
}

/// The installed toolchain, and the one place where the environment of every child process is set.
#[derive(Debug)]
pub struct Tools {
    route: WasmRoute,
    path: OsString,
}

impl Tools {
    /// A command for `program` with the toolchain's PATH and, on the Debian route, its variables.
    /// All cargo invocations go through here, native ones included: changing these variables
    /// between builds would invalidate cargo's cache.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("PATH", &self.path);
        command.env("TRUNK_SKIP_VERSION_CHECK", "true");
        command.env("TRUNK_TOOLS_WASM_OPT", WASM_OPT_TRUNK_VERSION);
        command.env("TRUNK_TOOLS_WASM_BINDGEN", WASM_BINDGEN_VERSION);
        if self.route == WasmRoute::DebianBuildStd {
            command.env("RUSTC_BOOTSTRAP", "1");
            command.env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
            command.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", "wasm-ld");
        }
        command
    }

    /// [`Tools::command`] for the shipped kiosk's build: the standard library compiled for size
    /// (see [`KIOSK_RUSTFLAGS`]).
    pub fn kiosk_command(&self, program: &str) -> Command {
        let mut command = self.command(program);
        command.env("RUSTC_BOOTSTRAP", "1");
        command.env("CARGO_UNSTABLE_BUILD_STD", KIOSK_BUILD_STD);
        command.env("CARGO_UNSTABLE_BUILD_STD_FEATURES", KIOSK_BUILD_STD_FEATURES);
        command.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", KIOSK_RUSTFLAGS);
        command
    }
}

/// Everything `cargo xtask test` needs.
pub fn ensure_all(workspace: &Path) -> Result<Tools> {
    let tools = ensure_build_tools()?;
    ensure_chromium()?;
    ensure_openssl()?;
    ensure_e2e_packages(workspace, &tools)?;
    ensure_schemathesis()?;
    Ok(tools)
}

/// What building the kiosk needs: the wasm32 standard library, wasm-bindgen, trunk, wasm-opt.
pub fn ensure_build_tools() -> Result<Tools> {
    let started = Instant::now();
    ensure_node()?;
    let route = ensure_wasm_target()?;
    let cargo_bin = cargo_home().join("bin");
    let binaryen_dir = npm_tool_dir("binaryen", BINARYEN_NPM_VERSION);
    let mut path_entries = vec![binaryen_dir.join("node_modules/.bin")];
    if route == WasmRoute::DebianBuildStd {
        path_entries.push(PathBuf::from("/usr/bin"));
    }
    path_entries.push(cargo_bin.clone());
    path_entries.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let tools = Tools { route, path: std::env::join_paths(path_entries)? };

    ensure_cargo_tool(
        &tools,
        &cargo_bin,
        CargoTool {
            krate: "wasm-bindgen-cli",
            binary: "wasm-bindgen",
            version: WASM_BINDGEN_VERSION,
            // Its lockfile names a webpki-roots the registry no longer serves.
            locked: false,
            minutes: 10,
        },
    )?;
    ensure_cargo_tool(
        &tools,
        &cargo_bin,
        CargoTool {
            krate: "trunk",
            binary: "trunk",
            version: TRUNK_VERSION,
            locked: true,
            minutes: 20,
        },
    )?;
    wasm_opt_path()?;
    ensure_esbuild()?;
    ensure_rust_src(&tools)?;
    println!("    toolchain checked in {}", format_duration(started.elapsed()));
    Ok(tools)
}

/// twiggy for `cargo xtask size` (installed the first time it runs); the path of its binary.
pub fn ensure_twiggy(tools: &Tools) -> Result<PathBuf> {
    let cargo_bin = cargo_home().join("bin");
    ensure_cargo_tool(
        tools,
        &cargo_bin,
        CargoTool {
            krate: "twiggy",
            binary: "twiggy",
            version: TWIGGY_VERSION,
            locked: true,
            minutes: 4,
        },
    )?;
    Ok(cargo_bin.join("twiggy"))
}

/// What `cargo xtask fuzz` needs: a nightly toolchain and cargo-fuzz.
pub fn ensure_fuzz_tools() -> Result<Tools> {
    let installed = command_output("rustup", &["run", FUZZ_TOOLCHAIN, "rustc", "--version"]);
    if installed.is_err() {
        let step = Step::start(format!(
            "installing the {FUZZ_TOOLCHAIN} toolchain for cargo-fuzz (rustup, minimal profile, \
             about 1 minute)"
        ));
        run_checked(
            Command::new("rustup").args([
                "toolchain",
                "install",
                FUZZ_TOOLCHAIN,
                "--profile",
                "minimal",
            ]),
            &format!("rustup toolchain install {FUZZ_TOOLCHAIN}"),
        )?;
        step.done();
    }
    let cargo_bin = cargo_home().join("bin");
    let mut path_entries = vec![cargo_bin.clone()];
    path_entries.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let tools = Tools { route: WasmRoute::Rustup, path: std::env::join_paths(path_entries)? };
    ensure_cargo_tool(
        &tools,
        &cargo_bin,
        CargoTool {
            krate: "cargo-fuzz",
            binary: "cargo-fuzz",
            version: CARGO_FUZZ_VERSION,
            locked: true,
            minutes: 4,
        },
    )?;
    Ok(tools)
}

fn ensure_node() -> Result<()> {
    let version = command_output("node", &["--version"]).unwrap_or_default();
    let major = version.trim().trim_start_matches('v').split('.').next().unwrap_or("");
    if major.parse::<u32>().is_ok_and(|major| major >= NODE_MIN_MAJOR) {
        return Ok(());
    }
    let step = Step::start(format!(
        "installing Node.js and npm from Debian (found {:?}, need >= {NODE_MIN_MAJOR}); \
         they run wasm-opt and the end-to-end tests",
        version.trim()
    ));
    apt_install(&["nodejs", "npm"])?;
    step.done();
    Ok(())
}

fn ensure_wasm_target() -> Result<WasmRoute> {
    let installed = command_output("rustup", &["target", "list", "--installed"]);
    if installed.as_deref().is_ok_and(|list| list.lines().any(|line| line.trim() == WASM_TARGET)) {
        return Ok(WasmRoute::Rustup);
    }
    if installed.is_ok() {
        let step = Step::start(format!(
            "installing the {WASM_TARGET} standard library (rustup, about 3 s)"
        ));
        let status = Command::new("rustup").args(["target", "add", WASM_TARGET]).status();
        if status.is_ok_and(|status| status.success()) {
            step.done();
            return Ok(WasmRoute::Rustup);
        }
        println!("    rustup could not add {WASM_TARGET}; falling back to Debian's rustc-web");
    }
    if !Path::new("/usr/bin/wasm-ld").exists() || !Path::new("/usr/lib/rustlib/src").exists() {
        let step = Step::start(
            "installing Debian's rustc-web, cargo-web, rust-web-src and lld (the wasm32 \
             standard library is then built from source, about 1 minute per profile)",
        );
        apt_install(&["rustc-web", "cargo-web", "rust-web-src", "lld"])?;
        step.done();
    }
    Ok(WasmRoute::DebianBuildStd)
}

#[derive(Debug, Clone, Copy)]
struct CargoTool {
    krate: &'static str,
    binary: &'static str,
    version: &'static str,
    locked: bool,
    minutes: u32,
}

fn ensure_cargo_tool(tools: &Tools, cargo_bin: &Path, tool: CargoTool) -> Result<()> {
    let binary = cargo_bin.join(tool.binary);
    let found = command_output(binary.to_str().unwrap_or(tool.binary), &["--version"]);
    if found.as_deref().is_ok_and(|text| text.split_whitespace().any(|word| word == tool.version)) {
        return Ok(());
    }
    let found = found.map(|text| text.trim().to_owned()).unwrap_or_else(|_| "none".to_owned());
    let step = Step::start(format!(
        "installing {} {} (found: {found}; one-time, about {} minutes)",
        tool.krate, tool.version, tool.minutes
    ));
    let mut command = tools.command("cargo");
    command.args(["install", tool.krate, "--version", tool.version, "--force"]);
    if tool.locked {
        command.arg("--locked");
    }
    run_checked(&mut command, &format!("cargo install {} {}", tool.krate, tool.version))?;
    step.done();
    Ok(())
}

/// The standard library's sources, which the kiosk's release build compiles (`rust-src`).
fn ensure_rust_src(tools: &Tools) -> Result<()> {
    let sysroot = tools.command("rustc").args(["--print", "sysroot"]).output();
    let sysroot = match sysroot {
        Ok(output) if output.status.success() => {
            PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
        }
        _ => bail!("rustc --print sysroot failed"),
    };
    if sysroot.join("lib/rustlib/src/rust/library/Cargo.lock").exists() {
        return Ok(());
    }
    let step = Step::start(
        "installing the standard library's sources (rustup component rust-src, about 5 s): the \
         kiosk's release build compiles std for size",
    );
    run_checked(
        tools.command("rustup").args(["component", "add", "rust-src"]),
        "rustup component add rust-src",
    )?;
    step.done();
    Ok(())
}

/// esbuild for `cargo xtask post-build`, installed from npm when missing; the path of its binary.
pub fn ensure_esbuild() -> Result<PathBuf> {
    ensure_npm_tool("esbuild", ESBUILD_NPM_VERSION, "esbuild")
}

/// The pinned wasm-opt (npm's binaryen, installed with the build tools), for Trunk and
/// `cargo xtask post-build`; the path of its binary.
pub fn wasm_opt_path() -> Result<PathBuf> {
    ensure_npm_tool("binaryen", BINARYEN_NPM_VERSION, "wasm-opt")
}

/// The folder of a pinned npm package in the tools folder.
fn npm_tool_dir(package: &str, version: &str) -> PathBuf {
    tools_dir().join(format!("{package}-{version}"))
}

/// npm's `package@version` installed into its own folder of the tools folder when its `binary`
/// is missing; the path of that binary.
fn ensure_npm_tool(package: &str, version: &str, binary: &str) -> Result<PathBuf> {
    let dir = npm_tool_dir(package, version);
    let path = dir.join("node_modules/.bin").join(binary);
    if path.exists() {
        return Ok(path);
    }
    let step = Step::start(format!(
        "installing {binary} from npm {package}@{version} into {} (about 5 s)",
        dir.display()
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut command = Command::new("npm");
    command
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(format!("{package}@{version}"));
    run_checked(&mut command, &format!("npm install {package}"))?;
    step.done();
    Ok(path)
}

fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let step = Step::start(
        "installing Debian's chromium and chromium-driver for the browser tests (about 1 minute)",
    );
    apt_install(&["chromium", "chromium-driver"])?;
    step.done();
    Ok(())
}

/// Debian's `wrk`, the HTTP load generator of `cargo xtask bench --suites feed`.
pub fn ensure_wrk() -> Result<()> {
    if Path::new(WRK).exists() {
        return Ok(());
    }
    let step = Step::start("installing Debian's wrk for the feed benchmark (a few seconds)");
    apt_install(&["wrk"])?;
    step.done();
    Ok(())
}

fn ensure_openssl() -> Result<()> {
    if Path::new(OPENSSL).exists() {
        return Ok(());
    }
    let step = Step::start(
        "installing Debian's openssl for the HTTPS end-to-end test's test certificates (a few seconds)",
    );
    apt_install(&["openssl"])?;
    step.done();
    Ok(())
}

/// Schemathesis in a Python virtual environment beside the other tools (installed when missing);
/// the path of its command.
pub fn ensure_schemathesis() -> Result<PathBuf> {
    let venv = tools_dir().join(format!("schemathesis-{SCHEMATHESIS_VERSION}"));
    let command = venv.join("bin/schemathesis");
    // Written after pip succeeded: a half-made environment is made again.
    let stamp = venv.join(".guichet-installed");
    if stamp.exists() {
        return Ok(command);
    }
    let has_venv = Command::new("python3")
        .args(["-c", "import ensurepip, venv"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !has_venv {
        let step = Step::start(
            "installing Debian's python3 and python3-venv for Schemathesis (a few seconds)",
        );
        apt_install(&["python3", "python3-venv"])?;
        step.done();
    }
    let step = Step::start(format!(
        "installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into {} (about 30 s)",
        venv.display()
    ));
    run_checked(
        Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv),
        "python3 -m venv",
    )?;
    run_checked(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
        &format!("pip install schemathesis=={SCHEMATHESIS_VERSION}"),
    )?;
    std::fs::write(&stamp, SCHEMATHESIS_VERSION)?;
    step.done();
    Ok(command)
}

/// `npm ci` in e2e/ when its lockfile changed since the last install.
fn ensure_e2e_packages(workspace: &Path, tools: &Tools) -> Result<()> {
    let e2e = workspace.join("e2e");
    let lockfile = std::fs::read(e2e.join("package-lock.json"))
        .with_context(|| format!("reading {}/package-lock.json", e2e.display()))?;
    let stamp_path = e2e.join("node_modules/.guichet-lock-digest");
    let digest = crate::postbuild::hex_digest(&lockfile);
    if std::fs::read_to_string(&stamp_path).is_ok_and(|stamp| stamp == digest) {
        return Ok(());
    }
    let step = Step::start("installing the end-to-end test packages (npm ci in e2e/, about 10 s)");
    let mut command = tools.command("npm");
    command.args(["ci", "--no-audit", "--no-fund"]).current_dir(&e2e);
    run_checked(&mut command, "npm ci in e2e/")?;
    std::fs::write(&stamp_path, digest)?;
    step.done();
    Ok(())
}

fn apt_install(packages: &[&str]) -> Result<()> {
    let uid = command_output("id", &["-u"]).unwrap_or_default();
    if uid.trim() != "0" {
        bail!(
            "these Debian packages are missing: {}. Install them as root: \
             apt-get update && apt-get install -y {}",
            packages.join(", "),
            packages.join(" ")
        );
    }
    run_checked(Command::new("apt-get").arg("update").arg("-qq"), "apt-get update")?;
    run_checked(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
        &format!("apt-get install {}", packages.join(" ")),
    )
}

/// Runs `command` with inherited output and fails with `what` if it does not succeed.
pub fn run_checked(command: &mut Command, what: &str) -> Result<()> {
    let status = command.status().with_context(|| format!("could not start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// The standard output of a short command, or an error if it cannot run or fails.
fn command_output(program: &str, args: &[&str]) -> Result<String> {
    let output = Command::new(program).args(args).stderr(Stdio::null()).output()?;
    if !output.status.success() {
        bail!("{program} exited with {}", output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/root"))
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|| home().join(".cargo"))
}

/// Tools installed outside cargo, shared by every clone on this machine.
fn tools_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cache"));
    cache.join("guichet/tools")
}
