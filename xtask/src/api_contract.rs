//! The API contract step of `cargo xtask test` (`--only api-contract`): Schemathesis generates
//! requests from the server's own OpenAPI document (`GET /api/v1/openapi.json`) and checks each
//! answer against it, on a live debug server.
//!
//! The server runs on a fresh SQLite database with the demo offers and ANEM's agencies, its rate
//! limits raised out of the way (a 429 would hide what the request was testing), and one kiosk
//! enrolled the way an operator does it (`devices code`, then `POST /api/v1/devices/enrol`): its
//! bearer credential goes with every request, so the routes that want one are tested past the
//! door. The run is bounded (examples per operation) and seeded, so two runs send the same
//! requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::toolchain::Tools;

/// The checks every answer must pass: no 5xx, a status the document lists for the operation,
/// its content type, its headers and its body schema.
pub const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance";
/// Test cases per operation and phase: about a minute on a shared two-core machine.
const MAX_EXAMPLES: &str = "100";
/// The same requests on every run (with no example database carried from one run to the next).
const SEED: &str = "20261129";
/// A local agency of the bundled list, for the enrolled kiosk.
const AGENCY: &str = "16-01";

/// What Schemathesis reported.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ContractSummary {
    /// Its closing lines, as printed.
    pub lines: Vec<String>,
}

/// Builds the debug server, starts it, enrols a kiosk and runs Schemathesis against it.
pub fn run(workspace: &Path, tools: &Tools, schemathesis: &Path) -> Result<ContractSummary> {
    crate::build::build_server(workspace, tools, "dev")?;
    let server_bin = std::env::var_os("GUICHET_SERVER_BIN")
        .map_or_else(|| workspace.join("target/debug/guichet-server"), PathBuf::from);
    let data = std::env::temp_dir().join(format!("guichet-api-contract-{}", std::process::id()));
    std::fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
    let result = run_in(&server_bin, &data, schemathesis);
    // The database and the server's log are worth nothing once the run is over.
    let _ = std::fs::remove_dir_all(&data);
    result
}

fn run_in(server_bin: &Path, data: &Path, schemathesis: &Path) -> Result<ContractSummary> {
    let database_url = format!("sqlite://{}", data.join("guichet.sqlite3").display());
    let log_path = data.join("server.log");
    // The API needs no kiosk build: an empty folder stands for dist/.
    let server = Server::start(server_bin, &database_url, data, &log_path)?;
    let credential = enrol_kiosk(server_bin, &database_url, &server.addr)?;
    let mut command = Command::new(schemathesis);
    command
        .arg("run")
        .arg(format!("http://{}/api/v1/openapi.json", server.addr))
        .args(["--checks", CHECKS])
        .args(["--max-examples", MAX_EXAMPLES, "--seed", SEED])
        .args(["--generation-database", "none"])
        .args(["--workers", "1", "--request-timeout", "20", "--no-color"])
        .arg("--header")
        .arg(format!("Authorization: Bearer {credential}"))
        .current_dir(data)
        .stdout(Stdio::piped());
    let mut child = command.spawn().context("could not start schemathesis")?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        lines.push(line);
    }
    let status = child.wait()?;
    drop(server);
    let summary = ContractSummary { lines: summary_lines(&lines) };
    if !status.success() {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        println!("    the server's last log lines:");
        for line in tail.into_iter().rev() {
            println!("    {line}");
        }
        bail!("schemathesis found answers that break the API document ({status})");
    }
    Ok(summary)
}

/// The lines of Schemathesis' closing summary worth quoting: operations, test cases, checks.
fn summary_lines(lines: &[String]) -> Vec<String> {
    let start = lines.iter().rposition(|line| line.contains("SUMMARY")).unwrap_or(lines.len());
    lines[start..]
        .iter()
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty() && !line.chars().all(|c| c == '='))
        .collect()
}

/// The debug server, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(bin: &Path, database_url: &str, dist: &Path, log_path: &Path) -> Result<Self> {
        let log = std::fs::File::create(log_path)
            .with_context(|| format!("creating {}", log_path.display()))?;
        let mut child = Command::new(bin)
            .args(["serve", "--addr", "127.0.0.1:0", "--database-url", database_url])
            .arg("--dist")
            .arg(dist)
            .args(["--demo-offers", "--seed-agencies"])
            .args(["--anonymous-rate", "1000000", "--device-rate", "1000000"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .with_context(|| format!("could not start {}", bin.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (sender, receiver) = mpsc::channel();
        // Reads the listening line, then keeps draining so the server never blocks on a pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.split("listening on http://").nth(1) {
                    let _ = sender.send(url.trim().to_owned());
                }
            }
        });
        let mut server = Self { child, addr: String::new() };
        match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(addr) => server.addr = addr,
            Err(_) => bail!("the server did not say it was listening within 60 s"),
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An operator's code from the CLI, then the kiosk's own enrolment request; its credential.
fn enrol_kiosk(bin: &Path, database_url: &str, addr: &str) -> Result<String> {
    let output = Command::new(bin)
        .args(["devices", "code", "--agency", AGENCY, "--database-url", database_url])
        .output()
        .context("could not run `guichet-server devices code`")?;
    if !output.status.success() {
        bail!("`devices code` failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let code = stdout.split_whitespace().last().context("`devices code` printed no code")?;
    let body = serde_json::json!({ "code": code, "name": "api contract" }).to_string();
    let (status, answer) = post_json(addr, "/api/v1/devices/enrol", &body)?;
    if status != 201 {
        bail!("enrolment answered {status}: {answer}");
    }
    let answer: serde_json::Value = serde_json::from_str(&answer).context("enrolment answer")?;
    answer["credential"].as_str().map(str::to_owned).context("no credential in the answer")
}

/// One HTTP/1.1 request on its own connection; the status and the body.
fn post_json(addr: &str, path: &str, body: &str) -> Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, body) = response.split_once("\r\n\r\n").context("no end of headers")?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .context("no status line")?;
    Ok((status, body.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_starts_at_its_banner() {
        let lines: Vec<String> = [
            "POST /api/v1/registrations ✅",
            "================ SUMMARY ================",
            "",
            "API Operations:",
            "  Selected: 16/16",
            "=========================================",
            "No issues found in 12.3s",
        ]
        .map(str::to_owned)
        .to_vec();
        let expected = [
            "================ SUMMARY ================",
            "API Operations:",
            "Selected: 16/16",
            "No issues found in 12.3s",
        ];
        assert_eq!(summary_lines(&lines), expected);
    }
}
