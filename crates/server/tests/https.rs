//! `guichet-server serve` over HTTPS as an operator runs it: a certificate from the agency's own
//! certificate authority, the redirect listener, HSTS, graceful shutdown, and the errors a bad
//! TLS setup gives.
//!
//! The client trusts only the test CA, so a passing test shows the server presents the chain it
//! was given. Every wait has a deadline; nothing sleeps.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::{path::Path, process::Stdio, sync::Arc, time::Duration};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use tokio::{
    io::{AsyncBufReadExt as _, AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _},
    net::TcpStream,
    process::{Child, Command},
    time::timeout,
};
use tokio_rustls::{
    TlsConnector,
    rustls::{self, RootCertStore, pki_types::ServerName},
};

const DEADLINE: Duration = Duration::from_secs(30);

/// An agency CA and a server certificate it signed for 127.0.0.1 and localhost, as PEM files
/// in `dir`; the CA certificate (DER) for the client to trust.
fn write_certificates(dir: &Path) -> Vec<u8> {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.distinguished_name.push(DnType::CommonName, "guichet test agency CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().unwrap();
    let server_params =
        CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();
    // The chain as a real deployment would hold it: the server's certificate, then the CA's.
    std::fs::write(dir.join("cert.pem"), server_cert.pem() + &ca_cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), server_key.serialize_pem()).unwrap();
    ca_cert.der().to_vec()
}

/// The PostgreSQL server every session and CI run has.
fn postgres_url() -> String {
    std::env::var("GUICHET_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A fresh PostgreSQL schema in the test database: its URL for the server, and the schema's name
/// to drop afterwards.
async fn postgres_schema(admin: &sqlx::PgPool, base: &str) -> (String, String) {
    let schema = format!("guichet_https_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(admin)
        .await
        .unwrap();
    (format!("{base}?options=-c%20search_path%3D{schema}"), schema)
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("guichet.sqlite3").display())
}

/// The server binary with a clean environment, on a fresh SQLite database and an empty kiosk.
fn guichet_server(dir: &Path, args: &[&str]) -> Command {
    guichet_server_on(dir, &sqlite_url(dir), args)
}

/// The server binary with a clean environment, on `database_url` and an empty kiosk.
fn guichet_server_on(dir: &Path, database_url: &str, args: &[&str]) -> Command {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<p>kiosk</p>").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_guichet-server"));
    command
        .arg("serve")
        .args(args)
        .env_clear()
        .env("GUICHET_DATABASE_URL", database_url)
        .env("GUICHET_DIST_DIR", &dist)
        .env("RUST_LOG", "info")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Sends a GET with `host` and reads the whole answer (the connection is closed after it).
async fn get(stream: impl AsyncRead + AsyncWrite + Unpin, host: &str, path: &str) -> String {
    let mut stream = stream;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    // A server may close a TLS connection without close_notify; what was read is the answer.
    let _ = timeout(DEADLINE, stream.read_to_end(&mut response)).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

async fn https_get(addr: &str, ca: &[u8], server_name: &str, path: &str) -> String {
    let mut roots = RootCertStore::empty();
    roots.add(ca.to_vec().into()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let tcp = timeout(DEADLINE, TcpStream::connect(addr)).await.unwrap().unwrap();
    let name = ServerName::try_from(server_name.to_owned()).unwrap();
    let tls = timeout(DEADLINE, TlsConnector::from(Arc::new(config)).connect(name, tcp))
        .await
        .unwrap()
        .unwrap();
    get(tls, server_name, path).await
}

async fn stderr_of(child: &mut Child) -> String {
    let mut stderr = String::new();
    let pipe = child.stderr.as_mut().unwrap();
    timeout(DEADLINE, pipe.read_to_string(&mut stderr)).await.unwrap().unwrap();
    stderr
}

#[tokio::test]
async fn serve_speaks_https_with_hsts_and_redirects_plain_http_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    serve_speaks_https_with_hsts_and_redirects_plain_http(dir.path(), &sqlite_url(dir.path()))
        .await;
}

#[tokio::test]
async fn serve_speaks_https_with_hsts_and_redirects_plain_http_on_postgres() {
    let base = postgres_url();
    let admin = sqlx::PgPool::connect(&base)
        .await
        .unwrap_or_else(|error| panic!("PostgreSQL must be running for this test: {error}"));
    let (url, schema) = postgres_schema(&admin, &base).await;
    let dir = tempfile::tempdir().unwrap();
    serve_speaks_https_with_hsts_and_redirects_plain_http(dir.path(), &url).await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(&admin)
        .await
        .unwrap();
}

async fn serve_speaks_https_with_hsts_and_redirects_plain_http(dir: &Path, database_url: &str) {
    let ca = write_certificates(dir);
    let mut child = guichet_server_on(
        dir,
        database_url,
        &["--addr", "127.0.0.1:0", "--http-redirect-addr", "127.0.0.1:0"],
    )
    .env("GUICHET_TLS_CERT", dir.join("cert.pem"))
    .env("GUICHET_TLS_KEY", dir.join("key.pem"))
    .spawn()
    .unwrap();

    let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = timeout(DEADLINE, stdout.next_line()).await.unwrap().unwrap().unwrap();
    let redirect_addr = first
        .strip_prefix("guichet-server redirecting http://")
        .and_then(|rest| rest.strip_suffix(" to https"))
        .unwrap_or_else(|| panic!("{first:?}"))
        .to_owned();
    let second = timeout(DEADLINE, stdout.next_line()).await.unwrap().unwrap().unwrap();
    let addr = second
        .strip_prefix("guichet-server listening on https://")
        .unwrap_or_else(|| panic!("{second:?}"))
        .to_owned();
    let port = addr.rsplit_once(':').unwrap().1;

    for server_name in ["127.0.0.1", "localhost"] {
        let response = https_get(&addr, &ca, server_name, "/api/v1/health").await;
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{server_name}: {response}");
        assert!(
            response
                .to_ascii_lowercase()
                .contains("\r\nstrict-transport-security: max-age=31536000\r\n"),
            "{response}"
        );
    }

    let plain = TcpStream::connect(&redirect_addr).await.unwrap();
    let redirect = get(plain, "localhost", "/register?lang=ar").await;
    assert!(redirect.starts_with("HTTP/1.1 308 Permanent Redirect\r\n"), "{redirect}");
    assert!(
        redirect
            .to_ascii_lowercase()
            .contains(&format!("\r\nlocation: https://localhost:{port}/register?lang=ar\r\n")),
        "{redirect}"
    );
    assert!(!redirect.contains("kiosk"), "nothing is served in clear: {redirect}");

    // Plain HTTP on the HTTPS port gets no page either.
    let plain = TcpStream::connect(&addr).await.unwrap();
    assert!(!get(plain, "localhost", "/").await.contains("kiosk"));

    let pid = child.id().unwrap().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().await.unwrap().success());
    let status = timeout(DEADLINE, child.wait()).await.unwrap().unwrap();
    assert!(status.success(), "{status}");
    let log = stderr_of(&mut child).await;
    assert!(log.contains("guichet-server stopped"), "both listeners stopped: {log}");
}

#[tokio::test]
async fn a_bad_tls_setup_is_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write_certificates(dir.path());
    std::fs::write(dir.path().join("garbage.pem"), "not a key").unwrap();
    let cert = dir.path().join("cert.pem").display().to_string();
    let garbage = dir.path().join("garbage.pem").display().to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["--tls-cert", &cert], "--tls-key (GUICHET_TLS_KEY) is not"),
        (&["--tls-cert", &cert, "--tls-key", &garbage], "garbage.pem holds no PEM private key"),
        (&["--tls-cert", "missing.pem", "--tls-key", &garbage], "TLS certificate file missing.pem"),
        (&["--http-redirect-addr", "0.0.0.0:80"], "needs --tls-cert and --tls-key"),
    ];
    for (args, expected) in cases {
        let mut child = guichet_server(dir.path(), args).spawn().unwrap();
        let status = timeout(DEADLINE, child.wait()).await.unwrap().unwrap();
        let stderr = stderr_of(&mut child).await;
        assert!(!status.success(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!dir.path().join("guichet.sqlite3").exists(), "stopped before the database");
    }
}
