//! The `guichet-server` process as an operator and the end-to-end tests see it: the listening
//! line, a real HTTP request, graceful shutdown on SIGTERM, `migrate`, and configuration errors.
//!
//! Every wait has a deadline; nothing sleeps.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::{path::Path, process::Stdio, time::Duration};

use tokio::{
    io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader},
    net::TcpStream,
    process::{Child, Command},
    time::timeout,
};

const DEADLINE: Duration = Duration::from_secs(30);
const LISTENING_PREFIX: &str = "guichet-server listening on http://";

/// The server binary with a clean environment: no GUICHET_* or RUST_LOG from the caller.
fn guichet_server(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_guichet-server"));
    command
        .args(args)
        .env_remove("GUICHET_ADDR")
        .env_remove("GUICHET_DATABASE_URL")
        .env_remove("GUICHET_DIST_DIR")
        .env_remove("GUICHET_SEALING_KEYS")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("nested/dir/guichet.sqlite3").display())
}

async fn http_get(addr: &str, path_and_query: &str) -> String {
    let mut stream = timeout(DEADLINE, TcpStream::connect(addr)).await.unwrap().unwrap();
    let request =
        format!("GET {path_and_query} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    timeout(DEADLINE, stream.read_to_string(&mut response)).await.unwrap().unwrap();
    response
}

async fn stderr_of(child: &mut Child) -> String {
    let mut stderr = String::new();
    let pipe = child.stderr.as_mut().unwrap();
    timeout(DEADLINE, pipe.read_to_string(&mut stderr)).await.unwrap().unwrap();
    stderr
}

#[tokio::test]
async fn serve_announces_its_port_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<script nonce=\"{{__TRUNK NONCE__}}\"></script>")
        .unwrap();
    // The metrics address: a port of its own, found free here (0 would not be announced).
    let metrics_addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().to_string()
    };
    let mut child = guichet_server(&["serve", "--addr", "127.0.0.1:0"])
        .env("GUICHET_METRICS_ADDR", &metrics_addr)
        .env("GUICHET_DATABASE_URL", sqlite_url(dir.path()))
        .env("GUICHET_DIST_DIR", &dist)
        .spawn()
        .unwrap();

    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = timeout(DEADLINE, stdout.next_line()).await.unwrap().unwrap().unwrap();
    let addr = line.strip_prefix(LISTENING_PREFIX).unwrap_or_else(|| panic!("{line:?}"));
    let port: u16 = addr.rsplit_once(':').unwrap().1.parse().unwrap();
    assert_ne!(port, 0, "the line names the bound port, not the requested one");

    // The query string stands in for personal data that must never reach the log.
    let response = http_get(addr, "/api/v1/health?nin=109870123456789").await;
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.contains(r#""status":"ok""#), "{response}");
    assert!(http_get(addr, "/register").await.contains("nonce-"));
    // Metrics on their address, counting the request above under its route; not on the public one.
    let metrics = http_get(&metrics_addr, "/metrics").await;
    assert!(metrics.starts_with("HTTP/1.1 200 OK\r\n"), "{metrics}");
    assert!(metrics.contains("route=\"/api/v1/health\""), "{metrics}");
    assert!(!http_get(addr, "/metrics").await.contains("guichet_http_requests_total"));

    let pid = child.id().unwrap().to_string();
    let kill = Command::new("kill").args(["-TERM", &pid]).status().await.unwrap();
    assert!(kill.success());
    let status = timeout(DEADLINE, child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "{status}");

    assert_eq!(timeout(DEADLINE, stdout.next_line()).await.unwrap().unwrap(), None, "one line");
    let log = stderr_of(&mut child).await;
    assert!(log.contains("guichet-server stopped"), "{log}");
    assert!(log.contains("path=/api/v1/health"), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(!log.contains("109870123456789"), "the query string was logged: {log}");
    assert!(dir.path().join("nested/dir/guichet.sqlite3").exists());
}

#[tokio::test]
async fn migrate_creates_the_database_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(dir.path());
    let mut child = guichet_server(&["migrate", "--database-url", &url]).spawn().unwrap();
    let status = timeout(DEADLINE, child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "{status}: {}", stderr_of(&mut child).await);
    assert!(dir.path().join("nested/dir/guichet.sqlite3").exists());
}

#[tokio::test]
async fn invalid_configuration_is_a_clear_error_not_a_panic() {
    let cases = [
        ("GUICHET_ADDR", "localhost:http", "GUICHET_ADDR"),
        ("GUICHET_DATABASE_URL", "mysql://root:hunter2@db/guichet", "unknown database URL scheme"),
        ("GUICHET_METRICS_ADDR", "everywhere", "invalid metrics address"),
    ];
    // Were parsing to go wrong and open the default database, it would land here.
    let dir = tempfile::tempdir().unwrap();
    for (variable, value, expected) in cases {
        let mut command = guichet_server(&["serve"]);
        let mut child = command.env(variable, value).current_dir(dir.path()).spawn().unwrap();
        let status = timeout(DEADLINE, child.wait()).await.unwrap().unwrap();
        let stderr = stderr_of(&mut child).await;
        assert!(!status.success(), "{variable}={value}");
        assert!(stderr.contains(expected), "{variable}={value}: {stderr}");
        assert!(stderr.contains(variable), "{variable}={value}: {stderr}");
        assert!(!stderr.contains("panicked"), "{variable}={value}: {stderr}");
        assert!(!stderr.contains("hunter2"), "{variable}={value}: {stderr}");
    }
}

async fn run_to_end(args: &[&str]) -> (bool, String, String) {
    let child = guichet_server(args).spawn().unwrap();
    let output = timeout(DEADLINE, child.wait_with_output()).await.unwrap().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test]
async fn keys_rotate_and_list_print_ids_and_dates_never_keys() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let keys = keys.to_str().unwrap();
    let (ok, first, stderr) = run_to_end(&["keys", "rotate", "--sealing-keys", keys]).await;
    assert!(ok, "{stderr}");
    assert!(first.starts_with("new current sealing key "), "{first}");
    let (ok, _, stderr) = run_to_end(&["keys", "rotate", "--sealing-keys", keys]).await;
    assert!(ok, "{stderr}");
    let (ok, listed, stderr) = run_to_end(&["keys", "list", "--sealing-keys", keys]).await;
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(lines[1].ends_with(" current"), "{listed}");
    for entry in std::fs::read_dir(dir.path().join("keys")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        let secret = file["private_key"].as_str().unwrap();
        assert!(!listed.contains(secret) && !first.contains(secret));
    }
}

#[tokio::test]
async fn serve_refuses_a_key_directory_others_may_read() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o755)).unwrap();
    let url = format!("sqlite://{}", dir.path().join("guichet.sqlite3").display());
    let (ok, _, stderr) =
        run_to_end(&["serve", "--addr", "127.0.0.1:0", "--database-url", &url]).await;
    assert!(!ok);
    assert!(stderr.contains("chmod 700") && stderr.contains("keys"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn registration_open_prints_or_validates_an_exported_sealed_entry() {
    use guichet_core::sealing::{self, SecureFill};
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let keyring = guichet_server::sealing::load_or_create(&keys, 1_796_000_000_000).unwrap();
    let fixture = include_str!("../../protocol/fixtures/registration-valid.json");
    let registration: guichet_protocol::registration::Registration =
        serde_json::from_str(fixture).unwrap();
    let client_id = "0190f5e2-1234-7abc-9def-0123456789ab";
    let mut rng = SecureFill(|buffer: &mut [u8]| getrandom::fill(buffer).unwrap());
    let public = keyring.current().unwrap().public_key();
    let export = guichet_protocol::sealing::SealedExport {
        client_id: client_id.to_owned(),
        sealed: sealing::seal(&registration, client_id, &public, &mut rng),
    };
    let file = dir.path().join("refused.json");
    std::fs::write(&file, serde_json::to_string(&export).unwrap()).unwrap();
    let (keys, file) = (keys.to_str().unwrap(), file.to_str().unwrap());
    let (ok, printed, stderr) =
        run_to_end(&["registration", "open", "--sealing-keys", keys, file]).await;
    assert!(ok, "{stderr}");
    let opened: guichet_protocol::registration::Registration =
        serde_json::from_str(&printed).unwrap();
    assert_eq!(opened, registration);
    let validate = ["registration", "open", "--validate", "--on", "2026-11-29"];
    let (ok, report, stderr) =
        run_to_end(&[&validate[..], &["--sealing-keys", keys, file]].concat()).await;
    assert!(ok, "{stderr}");
    assert_eq!(report, "Inscription valide\n");
    // The file the outbox screen saves for a refused entry: the whole submission.
    let submission = guichet_protocol::submission::Submission {
        client_id: client_id.to_owned(),
        submitted_at: "2026-11-29T09:30:00Z".to_owned(),
        reference_version: Some(1),
        body: guichet_protocol::submission::SubmissionBody::Sealed(export.sealed.clone()),
    };
    std::fs::write(file, serde_json::to_string_pretty(&submission).unwrap()).unwrap();
    let (ok, printed, stderr) =
        run_to_end(&["registration", "open", "--sealing-keys", keys, file]).await;
    assert!(ok, "{stderr}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&printed).unwrap()["identity"]["nin"],
        registration.identity.nin
    );
    // Under another client id the seal does not open.
    let mut moved = export.clone();
    moved.client_id = "0190f5e2-1234-7abc-9def-0123456789ac".to_owned();
    std::fs::write(file, serde_json::to_string(&moved).unwrap()).unwrap();
    let (ok, printed, stderr) =
        run_to_end(&["registration", "open", "--sealing-keys", keys, file]).await;
    assert!(!ok);
    assert!(printed.is_empty());
    assert!(stderr.contains("does not open"), "{stderr}");
}
