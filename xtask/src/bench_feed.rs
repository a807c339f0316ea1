//! The feed benchmark of issue 13 (item 4), part of `cargo xtask bench` (`--suites feed`): what
//! one first sync costs a server instance, measured with Debian's `wrk` on loopback against one
//! release server over SQLite with 20,000 offers.
//!
//! Before: the first sync pages through the whole feed (`limit=500`: 40 pages at 20,000 offers);
//! `wrk` cycles through exactly those pages, and first syncs per second are its requests per
//! second over the number of pages. After: the first sync asks where the snapshot is, downloads
//! it, then asks the feed for what came after it; `wrk` cycles through those three requests,
//! and first syncs per second are its requests per second over three. Both in the same run, on
//! the same database, with the same connections.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::toolchain::{self, Tools, WRK};

/// Offers in the database: the launch catalogue of the issue.
const OFFERS: u32 = 20_000;
/// Changes per feed page, as in the issue's measurement.
const PAGE: u32 = 500;
/// `wrk`'s connections and threads (two cores here).
const CONNECTIONS: u32 = 32;
const THREADS: u32 = 2;
/// Seconds per `wrk` run.
const SECONDS: u32 = 15;

pub fn bench(workspace: &Path, tools: &Tools) -> Result<()> {
    toolchain::ensure_wrk()?;
    // `GUICHET_SERVER_BIN` names another build (a copy, when the target directory is shared).
    let server_bin = std::env::var_os("GUICHET_SERVER_BIN")
        .map_or_else(|| workspace.join("target/release/guichet-server"), Into::into);
    let data = std::env::temp_dir().join(format!("guichet-bench-feed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
    let result = measure(tools, &server_bin, &data);
    let _ = std::fs::remove_dir_all(&data);
    result
}

fn measure(tools: &Tools, server_bin: &Path, data: &Path) -> Result<()> {
    let database_url = format!("sqlite://{}", data.join("bench.sqlite3").display());
    println!("==> feed: seeding {OFFERS} offers");
    let mut seed = tools.command(&server_bin.to_string_lossy());
    seed.args(["offers", "generate", "--count", &OFFERS.to_string()])
        .args(["--database-url", &database_url])
        .stdout(Stdio::null());
    toolchain::run_checked(&mut seed, "guichet-server offers generate")?;
    let server = Server::start(server_bin, &database_url, data)?;
    let base = server.base.clone();

    // The requests of a first sync, as a kiosk makes them.
    let mut pages = Vec::new();
    let mut since = String::new();
    loop {
        let path = format!("/api/v1/offers/changes?limit={PAGE}{since}");
        let page = get_json(&format!("{base}{path}"))?;
        pages.push(path);
        if page["has_more"] != Value::Bool(true) {
            break;
        }
        let cursor = page["cursor"].as_str().context("a feed page without a cursor")?;
        since = format!("&since={cursor}");
    }
    let pointer_path = "/api/v1/offers/snapshot".to_owned();
    let pointer = get_json(&format!("{base}{pointer_path}"))?;
    let snapshot_path = pointer["url"].as_str().context("a pointer without a url")?.to_owned();
    let cursor = pointer["cursor"].as_str().context("a pointer without a cursor")?;
    // The kiosk asks for 1,000 changes a page after a snapshot; none came here.
    let tail_path = format!("/api/v1/offers/changes?limit=1000&since={cursor}");
    println!(
        "==> feed: {} pages of {PAGE} from the beginning; snapshot {snapshot_path} ({} offers)",
        pages.len(),
        pointer["offers"]
    );

    let wrk = |paths: &[String], encoding: &str| run_wrk(tools, data, &base, paths, encoding);
    let feed_gzip = wrk(&pages, "gzip")?;
    let snapshot_gzip = wrk(std::slice::from_ref(&snapshot_path), "gzip")?;
    let snapshot_br = wrk(std::slice::from_ref(&snapshot_path), "br")?;
    let tail = wrk(std::slice::from_ref(&tail_path), "gzip")?;
    let page_one = wrk(&pages[..1], "gzip")?;
    let first_sync_br =
        wrk(&[pointer_path.clone(), snapshot_path.clone(), tail_path.clone()], "br")?;
    let first_sync_gzip = wrk(&[pointer_path, snapshot_path, tail_path], "gzip")?;
    drop(server);

    let count = pages.len() as f64;
    println!();
    println!(
        "first syncs per second, one release instance, SQLite, {OFFERS} offers, wrk -c{CONNECTIONS} -t{THREADS} -d{SECONDS}s on loopback"
    );
    println!("  {:<58} {:>12} {:>14}", "", "requests/s", "first syncs/s");
    let row = |label: &str, rate: &Rate, per_sync: f64| {
        println!(
            "  {label:<58} {:>12.1} {:>14.1}   ({:.1} MB/s)",
            rate.requests,
            rate.requests / per_sync,
            rate.megabytes
        );
    };
    row(&format!("before: {} feed pages of {PAGE} (gzip)", pages.len()), &feed_gzip, count);
    row("after: pointer + snapshot + empty tail page (br)", &first_sync_br, 3.0);
    row("after: pointer + snapshot + empty tail page (gzip)", &first_sync_gzip, 3.0);
    row("  the snapshot alone (br)", &snapshot_br, 1.0);
    row("  the snapshot alone (gzip)", &snapshot_gzip, 1.0);
    row("  the empty tail page alone", &tail, 1.0);
    row(&format!("  one full feed page of {PAGE} (the first, gzip)"), &page_one, 1.0);
    // A snapshot is retaken after 1,000 changes: a first sync then also pages through up to
    // 999 changes, two pages of 500 at most, each costing what a full page costs.
    let worst = 1.0 / (3.0 / first_sync_br.requests + 2.0 / page_one.requests);
    println!(
        "  after, worst tail (999 changes since the snapshot: + 2 full pages): {worst:.1} first syncs/s"
    );
    println!(
        "  speed-up: {:.0}x (empty tail), {:.0}x (worst tail)",
        first_sync_br.requests / 3.0 / (feed_gzip.requests / count),
        worst / (feed_gzip.requests / count)
    );
    Ok(())
}

/// One `wrk` run's throughput.
struct Rate {
    requests: f64,
    megabytes: f64,
}

/// Runs `wrk` cycling through `paths` with `Accept-Encoding: encoding`; fails on any error or
/// non-2xx answer.
fn run_wrk(
    tools: &Tools,
    data: &Path,
    base: &str,
    paths: &[String],
    encoding: &str,
) -> Result<Rate> {
    let list: Vec<String> = paths.iter().map(|path| format!("{path:?}")).collect();
    let script = format!(
        "local paths = {{ {} }}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n",
        list.join(", ")
    );
    let script_path = data.join("paths.lua");
    std::fs::write(&script_path, script)?;
    println!("==> wrk: {} path(s), Accept-Encoding: {encoding}", paths.len());
    let output = tools
        .command(WRK)
        .args(["-t", &THREADS.to_string(), "-c", &CONNECTIONS.to_string()])
        .args(["-d", &format!("{SECONDS}s"), "--timeout", "30s"])
        .args(["-H", &format!("Accept-Encoding: {encoding}")])
        .arg("-s")
        .arg(&script_path)
        .arg(base)
        .output()
        .context("could not run wrk")?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!("wrk failed ({}): {text}", output.status);
    }
    if text.contains("Non-2xx") || text.contains("Socket errors") {
        bail!("wrk saw failed requests:\n{text}");
    }
    let field = |name: &str| -> Result<&str> {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(name))
            .map(str::trim)
            .with_context(|| format!("no `{name}` in wrk's output:\n{text}"))
    };
    let requests: f64 = field("Requests/sec:")?.parse().context("wrk's Requests/sec")?;
    let transfer = field("Transfer/sec:")?;
    let megabytes = if let Some(mb) = transfer.strip_suffix("MB") {
        mb.parse::<f64>().unwrap_or(0.0)
    } else if let Some(kb) = transfer.strip_suffix("KB") {
        kb.parse::<f64>().unwrap_or(0.0) / 1024.0
    } else if let Some(gb) = transfer.strip_suffix("GB") {
        gb.parse::<f64>().unwrap_or(0.0) * 1024.0
    } else {
        0.0
    };
    Ok(Rate { requests, megabytes })
}

fn get_json(url: &str) -> Result<Value> {
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "--fail", "--compressed", url])
        .output()
        .context("could not run curl")?;
    if !output.status.success() {
        bail!("curl {url}: {}", String::from_utf8_lossy(&output.stderr));
    }
    serde_json::from_slice(&output.stdout).with_context(|| format!("{url} answered no JSON"))
}

/// A release server on a free loopback port, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(server_bin: &Path, database_url: &str, data: &Path) -> Result<Self> {
        let mut child = Command::new(server_bin)
            .args(["serve", "--addr", "127.0.0.1:0", "--database-url", database_url])
            .arg("--dist")
            .arg(data.join("dist"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("could not start the release server")?;
        let stdout = child.stdout.take().context("the server's stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let Some(line) = lines.next() else {
                let _ = child.kill();
                bail!("the server stopped before listening");
            };
            let line = line?;
            if let Some(address) = line.strip_prefix("guichet-server listening on ") {
                break address.trim().to_owned();
            }
        };
        // Keep reading what it prints, so a full pipe never stalls it.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(Self { child, base })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
