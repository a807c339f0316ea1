//! The national load benchmark (`cargo xtask bench --suites national`): a mix of kiosks and
//! phones against release servers on loopback, on SQLite (one instance) and on PostgreSQL (one
//! instance, then two sharing one database), and per configuration a table of sustained
//! submissions per second, requests per second, p50/p99 latency per endpoint and the errors.
//!
//! Per configuration: a fresh database (a temporary SQLite file, or a PostgreSQL database made
//! for the run and dropped after), migrated, with ANEM's agencies and `--offers` synthetic offers
//! (the server's own `offers::generate`); the instances (`guichet-server serve`, default rate
//! limits, one sealing-key directory); `--kiosks` kiosks enrolled as staff would (a one-time
//! code, then `POST /api/v1/devices/enrol`, each from its own loopback address because enrolment
//! is limited per address). Then `--connections` simulated devices at a time, spread over the
//! instances, run scenarios back to back (closed loop, no think time: the servers are driven at
//! what they can sustain) for `--warmup` then `--seconds` seconds. Each scenario is one device,
//! drawn from 60,000 phones and the enrolled kiosks: it speaks from its own loopback address
//! (`127.x.y.z`; anonymous submissions are limited per address, kiosks per credential) over a
//! keep-alive HTTP/1.1 connection of its own, so there are never more than `--connections`
//! connections in use, and the servers' default rate limits apply as they would. Only the second period is measured. The scenarios and their default weights
//! (`--mix realistic`):
//!
//! - a phone's first visit (10): health, reference lists, sealing key, the first sync (every
//!   feed page from no cursor, [`first_sync`]), then one registration, sealed, anonymous;
//! - a phone coming back (20): health, reference and key revalidated (304), an incremental sync
//!   (from the current cursor, or from one 50 changes back);
//! - a kiosk's batch (3): `GET /api/v1/devices/me`, then a batch of 1 (70 %) or 2 to 20 (uniformly)
//!   registrations, sealed, with the kiosk's credential;
//! - a kiosk's sync (3): health, `devices/me`, an incremental sync;
//! - a re-send (1): a batch already answered, sent again as an outbox does when the answer was
//!   lost: every entry must come back `duplicate` with its first reference (the receipt).
//!
//! `--mix ingest` keeps the submissions and drops the feed (phones submit without syncing), to
//! measure what the instances hold when offers are served from elsewhere (a cache, a replica).
//!
//! There is no separate receipt endpoint: the receipt is the reference each entry's answer
//! carries (`SubmissionResult::reference`), for a re-send too.
//!
//! Every submission that fails (429, 503, a timeout, a lost connection) is retried as an outbox
//! would, and whatever is still unanswered when the time is up is sent again until answered.
//! Then the stored rows are counted: the run fails (exit 1) unless they are exactly the client
//! ids acknowledged, none lost, none doubled, and unless every re-send got its references back.

#![allow(clippy::print_stdout, reason = "the tables on stdout are this program's output")]

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use clap::{Parser, ValueEnum};
use guichet_core::offers::cursor::FeedCursor;
use guichet_core::sealing::{self, PublicKey, SecureFill};
use guichet_protocol::registration::Registration;
use guichet_protocol::sealing::SealingKey;
use guichet_protocol::submission::{
    Submission, SubmissionBatch, SubmissionBody, SubmissionResults, SubmissionStatus,
};
use guichet_protocol::{PROTOCOL_VERSION_HEADER, SEALED_PROTOCOL_VERSION};
use guichet_server::{Clock, Database, parse_database_url};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
// The database names are this program's own (`guichet_national_<pid>_<n>`), never input.
use sqlx::AssertSqlSafe;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpSocket;

const FIXTURE: &str = include_str!("../../protocol/fixtures/registration-valid.json");
/// The kiosk's page size (`src/offers/sync.rs`, `PAGE_LIMIT`).
const PAGE_LIMIT: u32 = 1_000;
/// A kiosk gives up on a request after this long (the kiosk's own page timeout).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Attempts of one submission within its scenario before it waits in the outbox.
const ATTEMPTS: u32 = 4;
/// The agency the benchmark's kiosks belong to.
const AGENCY: &str = "16-01";
/// Re-sends draw from the most recent answered batches.
const RESEND_POOL: usize = 2_000;
/// Distinct phones (each its own loopback address, as phones have their own, or their NAT's).
const PHONES: u64 = 60_000;

#[derive(Debug, Parser)]
struct Args {
    /// The release `guichet-server` binary
    #[arg(long)]
    server: PathBuf,
    /// Configurations to run, comma-separated: sqlite (one instance), postgres (one), postgres2
    /// (two instances on one database)
    #[arg(long, value_delimiter = ',', default_values_t = ["sqlite".to_owned(), "postgres".to_owned(), "postgres2".to_owned()])]
    configs: Vec<String>,
    /// Measured seconds per configuration
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Seconds of load before the measurement starts
    #[arg(long, default_value_t = 10)]
    warmup: u64,
    /// HTTP connections, all instances together
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Synthetic offers in the feed
    #[arg(long, default_value_t = 20_000)]
    offers: usize,
    /// Enrolled kiosks (each held to the server's default 60 submissions a minute)
    #[arg(long, default_value_t = 500)]
    kiosks: usize,
    /// The scenario mix
    #[arg(long, value_enum, default_value_t = Mix::Realistic)]
    mix: Mix,
    /// A PostgreSQL database this user may create databases from
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    postgres_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Mix {
    /// Phones' first visits and returns with the feed, kiosks' batches and syncs, re-sends
    Realistic,
    /// Submissions only (phones and kiosks), the feed served elsewhere
    Ingest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    PhoneFirstVisit,
    PhoneReturn,
    KioskBatch,
    KioskSync,
    Resend,
}

impl Mix {
    fn weights(self) -> &'static [(Scenario, u32)] {
        match self {
            Self::Realistic => &[
                (Scenario::PhoneFirstVisit, 10),
                (Scenario::PhoneReturn, 20),
                (Scenario::KioskBatch, 3),
                (Scenario::KioskSync, 3),
                (Scenario::Resend, 1),
            ],
            Self::Ingest => {
                &[(Scenario::PhoneFirstVisit, 10), (Scenario::KioskBatch, 3), (Scenario::Resend, 1)]
            }
        }
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut failed = false;
    for config in &args.configs {
        let (engine, instances) = match config.as_str() {
            "sqlite" => (Engine::Sqlite, 1),
            "postgres" => (Engine::Postgres, 1),
            "postgres2" => (Engine::Postgres, 2),
            other => bail!("unknown configuration `{other}`: sqlite, postgres or postgres2"),
        };
        let report = runtime.block_on(run_config(&args, engine, instances))?;
        report.print(&args, engine, instances);
        failed |= !report.problems.is_empty();
    }
    if failed {
        bail!("the stored registrations do not match what the servers acknowledged (see above)");
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
}

/// The run's scratch: a temporary directory, and the PostgreSQL database made for it.
#[derive(Debug)]
struct Scratch {
    dir: PathBuf,
    database_url: String,
    postgres: Option<(String, String)>,
}

impl Scratch {
    async fn new(args: &Args, engine: Engine, instances: usize) -> Result<Self> {
        let name = format!("guichet_national_{}_{instances}", std::process::id());
        let dir = std::env::temp_dir().join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dist"))?;
        std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>bench</title>")?;
        let (database_url, postgres) = match engine {
            Engine::Sqlite => {
                (format!("sqlite://{}", dir.join("national.sqlite3").display()), None)
            }
            Engine::Postgres => {
                let admin = sqlx::PgPool::connect(&args.postgres_url)
                    .await
                    .with_context(|| format!("connecting to {}", args.postgres_url))?;
                sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}")))
                    .execute(&admin)
                    .await?;
                sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&admin)
                    .await?;
                admin.close().await;
                let (base, _) = args
                    .postgres_url
                    .rsplit_once('/')
                    .context("the PostgreSQL URL names no database")?;
                (format!("{base}/{name}"), Some((args.postgres_url.clone(), name.clone())))
            }
        };
        Ok(Self { dir, database_url, postgres })
    }

    async fn remove(self) {
        if let Some((admin_url, name)) = &self.postgres
            && let Ok(admin) = sqlx::PgPool::connect(admin_url).await
        {
            let _ =
                sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                    .execute(&admin)
                    .await;
            admin.close().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One `guichet-server serve`.
struct Instance {
    child: tokio::process::Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Instance {
    async fn start(server: &Path, scratch: &Scratch, index: usize) -> Result<Self> {
        let log = scratch.dir.join(format!("server-{index}.log"));
        let mut child = tokio::process::Command::new(server)
            .args(["serve", "--addr", "127.0.0.1:0", "--database-url", &scratch.database_url])
            .arg("--dist")
            .arg(scratch.dir.join("dist"))
            .arg("--sealing-keys")
            .arg(scratch.dir.join("keys"))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&log)?)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", server.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(url) = line.split("listening on http://").nth(1) {
                    return Ok(url.trim().parse::<SocketAddr>()?);
                }
            }
            bail!("the server exited before listening (see {})", log.display())
        })
        .await
        .context("the server did not start in 60 s")??;
        Ok(Self { child, addr, log })
    }

    async fn stop(mut self) -> Result<()> {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
        }
        match tokio::time::timeout(Duration::from_secs(40), self.child.wait()).await {
            Ok(status) => {
                let status = status?;
                ensure!(
                    status.success(),
                    "the server exited with {status} (see {})",
                    self.log.display()
                );
            }
            Err(_) => {
                self.child.kill().await?;
                bail!("the server did not stop in 40 s after SIGTERM");
            }
        }
        Ok(())
    }
}

async fn run_config(args: &Args, engine: Engine, instances: usize) -> Result<Report> {
    let scratch = Scratch::new(args, engine, instances).await?;
    let result = run_in(args, &scratch, instances).await;
    scratch.remove().await;
    result
}

async fn run_in(args: &Args, scratch: &Scratch, instance_count: usize) -> Result<Report> {
    println!("==> preparing {} with {} offers", scratch.database_url, args.offers);
    let database = Database::connect(&parse_database_url(&scratch.database_url)?).await?;
    database.migrate().await?;
    guichet_server::agencies::seed_bundled_if_empty(&database).await?;
    let now = Clock::System.now();
    guichet_server::offers::generate(&database, args.offers, now.0).await?;

    let mut instances = Vec::new();
    for index in 0..instance_count {
        instances.push(Instance::start(&args.server, scratch, index).await?);
    }
    let targets: Vec<SocketAddr> = instances.iter().map(|instance| instance.addr).collect();
    let result = drive(args, &database, &targets).await;
    let mut stopped = Ok(());
    for instance in instances {
        let result = instance.stop().await;
        if stopped.is_ok() {
            stopped = result;
        }
    }
    let mut report = result?;
    stopped?;
    let stored = count_rows(&database).await?;
    database.close().await;
    report.rows_total = stored;
    let acknowledged = report.acknowledged.len() as u64;
    if stored != acknowledged {
        report.problems.push(format!(
            "{stored} registrations stored, {acknowledged} acknowledged: {}",
            if stored > acknowledged {
                "some stored unacknowledged or doubled"
            } else {
                "some lost"
            }
        ));
    }
    Ok(report)
}

async fn count_rows(database: &Database) -> Result<u64> {
    const SQL: &str = "SELECT COUNT(*) FROM pre_registrations";
    let count: i64 = match database {
        Database::Sqlite(pool) => sqlx::query_scalar(SQL).fetch_one(pool).await?,
        Database::Postgres(pool) => sqlx::query_scalar(SQL).fetch_one(pool).await?,
    };
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Enrols the kiosks, learns the key and the cursors, then runs the load and the drain.
async fn drive(args: &Args, database: &Database, targets: &[SocketAddr]) -> Result<Report> {
    println!("==> enrolling {} kiosks", args.kiosks);
    let mut kiosks = Vec::with_capacity(args.kiosks);
    for index in 0..args.kiosks {
        let target = targets[index % targets.len()];
        let issued =
            guichet_server::devices::create_code(database, Clock::System.now(), AGENCY, None)
                .await?;
        let mut conn = Conn::new(source_address(1, index), target);
        let body =
            serde_json::json!({ "code": issued.code.as_str(), "name": format!("bench {index}") });
        let answer = conn.send(Method::POST, "/api/v1/devices/enrol", body.to_string(), &[]).await;
        let (status, bytes) =
            answer.map_err(|failure| anyhow::anyhow!("enrolment: {failure:?}"))?;
        ensure!(status == StatusCode::CREATED, "enrolment answered {status}");
        #[derive(Deserialize)]
        struct Enrolled {
            credential: String,
        }
        let enrolled: Enrolled = serde_json::from_slice(&bytes)?;
        kiosks.push(Arc::from(format!("Bearer {}", enrolled.credential)));
    }

    let mut conn = Conn::new(source_address(2, 0), targets[0]);
    let (status, bytes) = conn
        .send(Method::GET, "/api/v1/sealing-key", String::new(), &[])
        .await
        .map_err(|failure| anyhow::anyhow!("sealing key: {failure:?}"))?;
    ensure!(status == StatusCode::OK, "the sealing key answered {status}");
    let wire: SealingKey = serde_json::from_slice(&bytes)?;
    let public_key = PublicKey::from_wire(&wire)?;
    let (status, bytes) = conn
        .send(Method::GET, "/api/v1/reference", String::new(), &[])
        .await
        .map_err(|failure| anyhow::anyhow!("reference: {failure:?}"))?;
    ensure!(status == StatusCode::OK, "the reference lists answered {status}");
    #[derive(Deserialize)]
    struct Version {
        version: u32,
    }
    let reference_version = serde_json::from_slice::<Version>(&bytes)?.version;
    // The feed's end, for incremental syncs from it and from 50 changes before it.
    let mut probe = Stats::default();
    let current = first_sync(&mut conn, &mut probe, false)
        .await
        .map_err(|()| anyhow::anyhow!("the setup's first sync failed: {:?}", probe.errors))?;
    let mut behind = FeedCursor::decode(&current).map_err(|error| anyhow::anyhow!("{error}"))?;
    behind.sequence = behind.sequence.saturating_sub(50);

    let fixture: Registration = serde_json::from_str(FIXTURE)?;
    let started = Instant::now();
    let window_start = started + Duration::from_secs(args.warmup);
    let window_end = window_start + Duration::from_secs(args.seconds);
    let shared = Arc::new(Shared {
        kiosks,
        public_key,
        reference_version,
        cursors: [current, behind.encode()],
        fixture,
        next_nin: AtomicU64::new(0),
        answered: Mutex::new(VecDeque::new()),
        outbox: Mutex::new(Vec::new()),
        window_start,
        window_end,
        weights: args.mix.weights(),
        feed: args.mix == Mix::Realistic,
    });

    println!(
        "==> {} connections, {} s warm-up then {} s measured",
        args.connections, args.warmup, args.seconds
    );
    let counter = {
        let database = database.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until(window_start.into()).await;
            let first = count_rows(&database).await;
            tokio::time::sleep_until(window_end.into()).await;
            let last = count_rows(&database).await;
            Ok::<_, anyhow::Error>((first?, last?))
        })
    };
    let mut workers = Vec::new();
    for index in 0..args.connections {
        let conn = Conn::new(source_address(3, index), targets[index % targets.len()]);
        let shared = Arc::clone(&shared);
        workers.push(tokio::spawn(worker(shared, conn, index as u64)));
    }
    let mut stats = Stats::default();
    for worker in workers {
        stats.merge(worker.await?);
    }
    let (rows_at_start, rows_at_end) = counter.await??;

    // The outbox's drain: whatever was never answered goes again, until answered.
    let pending = std::mem::take(&mut *lock(&shared.outbox));
    let mut driver = Driver {
        shared: Arc::clone(&shared),
        conn: Conn::new(source_address(4, 0), targets[0]),
        stats,
        choice: Choice(1),
    };
    let mut unresolved = 0;
    for batch in pending {
        let mut answered = false;
        for _ in 0..20 {
            if driver.send_batch(&batch, Endpoint::Drain).await {
                answered = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        unresolved += u64::from(!answered);
    }
    let stats = driver.stats;
    let mut report = Report::new(stats, rows_at_start, rows_at_end, args.seconds);
    if unresolved > 0 {
        report.problems.push(format!("{unresolved} batches never answered after the run"));
    }
    let mismatches = report.stats.resend_mismatches;
    if mismatches > 0 {
        report
            .problems
            .push(format!("{mismatches} re-sent entries not answered with their receipt"));
    }
    if report.stats.created_twice > 0 {
        report.problems.push(format!("{} client ids created twice", report.stats.created_twice));
    }
    Ok(report)
}

/// Loopback source addresses: `127.<group>.x.y`, a different one per index.
fn source_address(group: u8, index: usize) -> IpAddr {
    let index = u16::try_from(index % 60_000).unwrap_or(0) + 1;
    let [high, low] = index.to_be_bytes();
    IpAddr::V4(Ipv4Addr::new(127, group + 10, high, low))
}

struct Shared {
    /// Each enrolled kiosk's `Authorization` value.
    kiosks: Vec<Arc<str>>,
    public_key: PublicKey,
    reference_version: u32,
    /// The feed's end, and a cursor 50 changes before it.
    cursors: [String; 2],
    fixture: Registration,
    next_nin: AtomicU64,
    /// Batches answered, for re-sends: the body, who sent it, the references given.
    answered: Mutex<VecDeque<Arc<Batch>>>,
    /// Batches that went unanswered through all their attempts.
    outbox: Mutex<Vec<Arc<Batch>>>,
    window_start: Instant,
    window_end: Instant,
    weights: &'static [(Scenario, u32)],
    /// Whether phones sync offers (the realistic mix) or only submit.
    feed: bool,
}

struct Batch {
    body: Bytes,
    client_ids: Vec<String>,
    /// A kiosk's `Authorization` value; `None` for a phone.
    credential: Option<Arc<str>>,
    /// The sender's address, which a re-send comes from again.
    source: IpAddr,
    /// The references the first answer gave, once answered.
    references: Mutex<Option<Vec<Option<String>>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Per endpoint, for latencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Endpoint {
    Health,
    Reference,
    SealingKey,
    DevicesMe,
    SnapshotPointer,
    Snapshot,
    FeedFirstSyncPage,
    FeedIncremental,
    PhoneSubmission,
    KioskBatch,
    Resend,
    Drain,
    /// A whole first sync, every page (a scenario step, not a request).
    FirstSyncWhole,
}

impl Endpoint {
    fn label(self) -> &'static str {
        match self {
            Self::Health => "GET  /api/v1/health",
            Self::Reference => "GET  /api/v1/reference",
            Self::SealingKey => "GET  /api/v1/sealing-key",
            Self::DevicesMe => "GET  /api/v1/devices/me",
            Self::SnapshotPointer => "GET  /api/v1/offers/snapshot, first sync",
            Self::Snapshot => "GET  /api/v1/offers/snapshots/<cursor>, first sync",
            Self::FeedFirstSyncPage => "GET  /api/v1/offers/changes, first sync page",
            Self::FeedIncremental => "GET  /api/v1/offers/changes, incremental",
            Self::PhoneSubmission => "POST /api/v1/registrations, phone (1)",
            Self::KioskBatch => "POST /api/v1/registrations, kiosk batch",
            Self::Resend => "POST /api/v1/registrations, re-send",
            Self::Drain => "POST /api/v1/registrations, drain after",
            Self::FirstSyncWhole => "first sync, whole (scenario)",
        }
    }
}

#[derive(Debug, Default)]
struct Stats {
    /// Microseconds, measured window only.
    latencies: BTreeMap<Endpoint, Vec<u32>>,
    /// By kind (`429`, `503`, `timeout`, …), whole run.
    errors: BTreeMap<String, u64>,
    requests_in_window: u64,
    created_in_window: u64,
    /// Every client id answered `created` or `duplicate` on a first send or its retries.
    acknowledged: HashSet<String>,
    created_twice: u64,
    resend_mismatches: u64,
    resent_entries: u64,
    scenarios: BTreeMap<&'static str, u64>,
}

impl Stats {
    fn merge(&mut self, other: Self) {
        for (endpoint, times) in other.latencies {
            self.latencies.entry(endpoint).or_default().extend(times);
        }
        for (kind, count) in other.errors {
            *self.errors.entry(kind).or_default() += count;
        }
        self.requests_in_window += other.requests_in_window;
        self.created_in_window += other.created_in_window;
        for id in other.acknowledged {
            if !self.acknowledged.insert(id) {
                self.created_twice += 1;
            }
        }
        self.created_twice += other.created_twice;
        self.resend_mismatches += other.resend_mismatches;
        self.resent_entries += other.resent_entries;
        for (name, count) in other.scenarios {
            *self.scenarios.entry(name).or_default() += count;
        }
    }

    fn error(&mut self, kind: impl Into<String>) {
        *self.errors.entry(kind.into()).or_default() += 1;
    }

    fn failure(&mut self, failure: &Failure) {
        match failure {
            Failure::Timeout => self.error("timeout (30 s)"),
            Failure::Connection(reason) => self.error(format!("connection: {reason}")),
        }
    }
}

/// Why a request got no answer.
#[derive(Debug)]
enum Failure {
    Timeout,
    Connection(String),
}

/// One keep-alive HTTP/1.1 connection from a fixed source address; reconnects after a failure.
struct Conn {
    source: IpAddr,
    target: SocketAddr,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Conn {
    fn new(source: IpAddr, target: SocketAddr) -> Self {
        Self { source, target, sender: None }
    }

    /// From now on, requests come from `source`: another device, so another connection.
    fn become_device(&mut self, source: IpAddr) {
        if source != self.source {
            self.source = source;
            self.sender = None;
        }
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, Failure> {
        let failed = |error: std::io::Error| Failure::Connection(error.kind().to_string());
        let socket = TcpSocket::new_v4().map_err(failed)?;
        socket.bind(SocketAddr::new(self.source, 0)).map_err(failed)?;
        let stream = socket.connect(self.target).await.map_err(failed)?;
        stream.set_nodelay(true).map_err(failed)?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|error| Failure::Connection(error.to_string()))?;
        tokio::spawn(connection);
        Ok(sender)
    }

    /// Sends one request; the body of the answer, gunzipped when it came compressed.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: impl Into<Bytes>,
        headers: &[(&str, &str)],
    ) -> Result<(StatusCode, Bytes), Failure> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.target.to_string())
            .header(header::ACCEPT_ENCODING, "gzip")
            // Sealed entries are protocol 3, as a kiosk with the agency's key sends them.
            .header(PROTOCOL_VERSION_HEADER, SEALED_PROTOCOL_VERSION.to_string());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(body.into()))
            .map_err(|error| Failure::Connection(error.to_string()))?;
        let answer = tokio::time::timeout(REQUEST_TIMEOUT, async {
            let mut sender = match self.sender.take() {
                Some(sender) if !sender.is_closed() => sender,
                _ => self.connect().await?,
            };
            sender.ready().await.map_err(|error| Failure::Connection(error.to_string()))?;
            let response = sender
                .send_request(request)
                .await
                .map_err(|error| Failure::Connection(error.to_string()))?;
            let status = response.status();
            let gzipped = response
                .headers()
                .get(header::CONTENT_ENCODING)
                .is_some_and(|value| value.as_bytes() == b"gzip");
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|error| Failure::Connection(error.to_string()))?
                .to_bytes();
            self.sender = Some(sender);
            Ok((status, bytes, gzipped))
        })
        .await;
        let (status, bytes, gzipped) = match answer {
            Ok(answer) => answer?,
            Err(_) => {
                self.sender = None;
                return Err(Failure::Timeout);
            }
        };
        if !gzipped {
            return Ok((status, bytes));
        }
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut plain)
            .map_err(|error| Failure::Connection(format!("gzip: {error}")))?;
        Ok((status, plain.into()))
    }
}

/// A small fast generator for the workload's choices (not for anything secret).
struct Choice(u64);

impl Choice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

async fn worker(shared: Arc<Shared>, conn: Conn, seed: u64) -> Stats {
    let choice = Choice(0x9E37_79B9_7F4A_7C15 ^ (seed + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    let mut driver = Driver { shared, conn, stats: Stats::default(), choice };
    let total: u32 = driver.shared.weights.iter().map(|(_, weight)| weight).sum();
    while Instant::now() < driver.shared.window_end {
        let mut pick = u32::try_from(driver.choice.below(u64::from(total))).unwrap_or(0);
        let mut scenario = driver.shared.weights[0].0;
        for (candidate, weight) in driver.shared.weights {
            if pick < *weight {
                scenario = *candidate;
                break;
            }
            pick -= weight;
        }
        match scenario {
            Scenario::PhoneFirstVisit => driver.phone_first_visit().await,
            Scenario::PhoneReturn => driver.phone_return().await,
            Scenario::KioskBatch => driver.kiosk_batch().await,
            Scenario::KioskSync => driver.kiosk_sync().await,
            Scenario::Resend => driver.resend().await,
        }
        *driver.stats.scenarios.entry(scenario.name()).or_default() += 1;
    }
    driver.stats
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Self::PhoneFirstVisit => "phone first visit",
            Self::PhoneReturn => "phone return",
            Self::KioskBatch => "kiosk batch",
            Self::KioskSync => "kiosk sync",
            Self::Resend => "re-send",
        }
    }
}

/// One slot of `--connections`: the devices it plays one after the other, phones (anonymous)
/// and kiosks (with their credential), each from its own address.
struct Driver {
    shared: Arc<Shared>,
    conn: Conn,
    stats: Stats,
    choice: Choice,
}

impl Driver {
    fn in_window(&self, at: Instant) -> bool {
        at >= self.shared.window_start && at < self.shared.window_end
    }

    /// Sends one request and records its latency (in the window) or its failure; the answer
    /// when it is 2xx or 304.
    async fn request(
        &mut self,
        endpoint: Endpoint,
        method: Method,
        path: &str,
        body: Bytes,
        headers: &[(&str, &str)],
    ) -> Option<Bytes> {
        let started = Instant::now();
        let answer = self.conn.send(method, path, body, headers).await;
        let in_window = self.in_window(started);
        if in_window {
            self.stats.requests_in_window += 1;
        }
        match answer {
            Ok((status, bytes)) => {
                if in_window {
                    let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
                    self.stats.latencies.entry(endpoint).or_default().push(micros);
                }
                if status.is_success() || status == StatusCode::NOT_MODIFIED {
                    Some(bytes)
                } else {
                    self.stats.error(format!("HTTP {}", status.as_u16()));
                    None
                }
            }
            Err(failure) => {
                self.stats.failure(&failure);
                None
            }
        }
    }

    async fn get(&mut self, endpoint: Endpoint, path: &str, headers: &[(&str, &str)]) {
        let _ = self.request(endpoint, Method::GET, path, Bytes::new(), headers).await;
    }

    /// A phone drawn at random: its own address, its own connection.
    fn phone(&mut self) {
        let phone = usize::try_from(self.choice.below(PHONES)).unwrap_or(0);
        self.conn.become_device(source_address(3, phone));
    }

    async fn phone_first_visit(&mut self) {
        self.phone();
        if self.shared.feed {
            self.get(Endpoint::Health, "/api/v1/health", &[]).await;
            self.get(Endpoint::Reference, "/api/v1/reference", &[]).await;
            self.get(Endpoint::SealingKey, "/api/v1/sealing-key", &[]).await;
            let timed = self.in_window(Instant::now());
            if first_sync(&mut self.conn, &mut self.stats, timed).await.is_err() {
                return;
            }
        }
        let batch = Arc::new(new_batch(&self.shared, 1, None, self.conn.source));
        self.submit(&batch, Endpoint::PhoneSubmission).await;
    }

    async fn phone_return(&mut self) {
        self.phone();
        let version = format!("\"reference-{}\"", self.shared.reference_version);
        let key = format!("\"key-{}\"", self.shared.public_key.id());
        self.get(Endpoint::Health, "/api/v1/health", &[]).await;
        self.get(Endpoint::Reference, "/api/v1/reference", &[("if-none-match", &version)]).await;
        self.get(Endpoint::SealingKey, "/api/v1/sealing-key", &[("if-none-match", &key)]).await;
        self.incremental_sync().await;
    }

    /// From the feed's end (a device synced a moment ago) or from 50 changes before it.
    async fn incremental_sync(&mut self) {
        let cursor = &self.shared.cursors[usize::from(self.choice.below(2) == 1)];
        let path = format!("/api/v1/offers/changes?limit={PAGE_LIMIT}&since={cursor}");
        self.get(Endpoint::FeedIncremental, &path, &[]).await;
    }

    /// A kiosk drawn at random: its credential, from its own address and connection.
    fn kiosk(&mut self) -> Arc<str> {
        let index =
            usize::try_from(self.choice.below(self.shared.kiosks.len() as u64)).unwrap_or(0);
        self.conn.become_device(source_address(5, index));
        Arc::clone(&self.shared.kiosks[index])
    }

    async fn kiosk_batch(&mut self) {
        let credential = self.kiosk();
        let size = if self.choice.below(10) < 7 { 1 } else { 2 + self.choice.below(19) };
        let auth = [("authorization", &*credential)];
        self.get(Endpoint::DevicesMe, "/api/v1/devices/me", &auth).await;
        let size = usize::try_from(size).unwrap_or(1);
        let batch = Arc::new(new_batch(&self.shared, size, Some(credential), self.conn.source));
        self.submit(&batch, Endpoint::KioskBatch).await;
    }

    async fn kiosk_sync(&mut self) {
        let credential = self.kiosk();
        self.get(Endpoint::Health, "/api/v1/health", &[]).await;
        self.get(Endpoint::DevicesMe, "/api/v1/devices/me", &[("authorization", &*credential)])
            .await;
        self.incremental_sync().await;
    }

    async fn resend(&mut self) {
        let batch = {
            let answered = lock(&self.shared.answered);
            if answered.is_empty() {
                return;
            }
            let index = usize::try_from(self.choice.below(answered.len() as u64)).unwrap_or(0);
            Arc::clone(&answered[index])
        };
        self.conn.become_device(batch.source);
        let _ = self.send_batch(&batch, Endpoint::Resend).await;
    }

    /// A first send and its retries; unanswered after them, the batch waits in the outbox.
    async fn submit(&mut self, batch: &Arc<Batch>, endpoint: Endpoint) {
        for attempt in 0..ATTEMPTS {
            if self.send_batch(batch, endpoint).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200 << attempt)).await;
        }
        lock(&self.shared.outbox).push(Arc::clone(batch));
    }

    /// Sends a batch once; true when it was answered. The first answer's references are kept,
    /// and every later answer (a re-send) must be `duplicate` with the same ones.
    async fn send_batch(&mut self, batch: &Arc<Batch>, endpoint: Endpoint) -> bool {
        let mut headers = vec![("content-type", "application/json")];
        if let Some(credential) = &batch.credential {
            headers.push(("authorization", credential));
        }
        let started = Instant::now();
        let path = "/api/v1/registrations";
        let Some(bytes) =
            self.request(endpoint, Method::POST, path, batch.body.clone(), &headers).await
        else {
            return false;
        };
        let Ok(SubmissionResults { results }) = serde_json::from_slice(&bytes) else {
            self.stats.error("answer unreadable");
            return false;
        };
        if results.len() != batch.client_ids.len() {
            self.stats.error("answer of another length");
            return false;
        }
        let references: Vec<Option<String>> =
            results.iter().map(|result| result.reference.clone()).collect();
        let earlier = {
            let mut kept = lock(&batch.references);
            let earlier = kept.clone();
            if earlier.is_none() {
                *kept = Some(references);
            }
            earlier
        };
        if let Some(earlier) = earlier {
            self.stats.resent_entries += results.len() as u64;
            for (result, earlier) in results.iter().zip(earlier) {
                let same =
                    result.status == SubmissionStatus::Duplicate && result.reference == earlier;
                self.stats.resend_mismatches += u64::from(!same);
            }
            return true;
        }
        let in_window = self.in_window(started);
        let mut all_acknowledged = true;
        for (result, client_id) in results.iter().zip(&batch.client_ids) {
            let acknowledged =
                matches!(result.status, SubmissionStatus::Created | SubmissionStatus::Duplicate);
            if !acknowledged || result.client_id != *client_id || result.reference.is_none() {
                all_acknowledged = false;
                let fields: Vec<String> = result
                    .errors
                    .iter()
                    .map(|error| format!("{} {}", error.field, error.code))
                    .collect();
                self.stats.error(format!(
                    "submission answered {:?} {}",
                    result.status,
                    fields.join(", ")
                ));
                continue;
            }
            if result.status == SubmissionStatus::Created && in_window {
                self.stats.created_in_window += 1;
            }
            if !self.stats.acknowledged.insert(client_id.clone()) {
                self.stats.created_twice += 1;
            }
        }
        if !all_acknowledged {
            return true;
        }
        let mut answered = lock(&self.shared.answered);
        if answered.len() == RESEND_POOL {
            answered.pop_front();
        }
        answered.push_back(Arc::clone(batch));
        true
    }
}

/// A device's first sync: every page of the feed from no cursor, as the kiosk does it
/// (`src/offers/sync.rs`). Returns the last cursor. Kept in this one function so that the
/// catalogue snapshot can take its place.
/// A device's first sync, as the kiosk does it: where the catalogue snapshot is, the snapshot,
/// then the feed from its cursor to the end (`first_sync_from`); the feed from the beginning when
/// the server has no snapshot.
async fn first_sync(conn: &mut Conn, stats: &mut Stats, timed: bool) -> Result<String, ()> {
    #[derive(Deserialize)]
    struct Pointer {
        cursor: String,
        url: String,
    }
    let started = Instant::now();
    let pointer =
        match timed_get(conn, stats, timed, Endpoint::SnapshotPointer, "/api/v1/offers/snapshot")
            .await?
        {
            Some(bytes) => Some(
                serde_json::from_slice::<Pointer>(&bytes)
                    .map_err(|_| stats.error("snapshot pointer unreadable"))?,
            ),
            None => None,
        };
    let since = match pointer {
        Some(pointer) => {
            let Some(_snapshot) =
                timed_get(conn, stats, timed, Endpoint::Snapshot, &pointer.url).await?
            else {
                stats.error("snapshot named by the pointer is missing");
                return Err(());
            };
            Some(pointer.cursor)
        }
        None => None,
    };
    let cursor = first_sync_from(conn, stats, timed, since).await?;
    if timed {
        let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        stats.latencies.entry(Endpoint::FirstSyncWhole).or_default().push(micros);
    }
    Ok(cursor)
}

/// One GET of a first sync: its body on 200, `None` on 404, an error otherwise.
async fn timed_get(
    conn: &mut Conn,
    stats: &mut Stats,
    timed: bool,
    endpoint: Endpoint,
    path: &str,
) -> Result<Option<Bytes>, ()> {
    let started = Instant::now();
    let answer = match conn.send(Method::GET, path, Bytes::new(), &[]).await {
        Ok((StatusCode::OK, bytes)) => Some(bytes),
        Ok((StatusCode::NOT_FOUND, _)) => None,
        Ok((status, _)) => {
            stats.error(format!("HTTP {}", status.as_u16()));
            return Err(());
        }
        Err(failure) => {
            stats.failure(&failure);
            return Err(());
        }
    };
    if timed {
        let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        stats.latencies.entry(endpoint).or_default().push(micros);
        stats.requests_in_window += 1;
    }
    Ok(answer)
}

/// The feed from `since` (the beginning when `None`) to its end; the last cursor.
async fn first_sync_from(
    conn: &mut Conn,
    stats: &mut Stats,
    timed: bool,
    since: Option<String>,
) -> Result<String, ()> {
    #[derive(Deserialize)]
    struct Page {
        cursor: String,
        has_more: bool,
    }
    let mut cursor = since;
    loop {
        let path = match &cursor {
            None => format!("/api/v1/offers/changes?limit={PAGE_LIMIT}"),
            Some(cursor) => format!("/api/v1/offers/changes?limit={PAGE_LIMIT}&since={cursor}"),
        };
        let page_started = Instant::now();
        let page = match conn.send(Method::GET, &path, Bytes::new(), &[]).await {
            Ok((StatusCode::OK, bytes)) => serde_json::from_slice::<Page>(&bytes)
                .map_err(|_| stats.error("feed page unreadable"))?,
            Ok((status, _)) => {
                stats.error(format!("HTTP {}", status.as_u16()));
                return Err(());
            }
            Err(failure) => {
                stats.failure(&failure);
                return Err(());
            }
        };
        if timed {
            let micros = u32::try_from(page_started.elapsed().as_micros()).unwrap_or(u32::MAX);
            stats.latencies.entry(Endpoint::FeedFirstSyncPage).or_default().push(micros);
            stats.requests_in_window += 1;
        }
        cursor = Some(page.cursor);
        if !page.has_more {
            break;
        }
    }
    cursor.ok_or(())
}

/// `size` new registrations (distinct NINs and client ids), sealed to the agency's key, from a
/// kiosk (its credential) or a phone (`None`).
fn new_batch(shared: &Shared, size: usize, credential: Option<Arc<str>>, source: IpAddr) -> Batch {
    let mut registrations = Vec::with_capacity(size);
    let mut client_ids = Vec::with_capacity(size);
    for _ in 0..size {
        let serial = shared.next_nin.fetch_add(1, Ordering::Relaxed);
        let mut registration = shared.fixture.clone();
        registration.identity.nin = format!("{}", 200_000_000_000_000_000u64 + serial);
        let client_id = uuid::Uuid::new_v4().to_string();
        let sealed = sealing::seal(
            &registration,
            &client_id,
            &shared.public_key,
            &mut SecureFill(os_random),
        );
        registrations.push(Submission {
            client_id: client_id.clone(),
            submitted_at: "2026-11-29T09:30:00Z".to_owned(),
            reference_version: Some(shared.reference_version),
            body: SubmissionBody::Sealed(sealed),
        });
        client_ids.push(client_id);
    }
    let body = serde_json::to_vec(&SubmissionBatch { registrations }).unwrap_or_default();
    Batch { body: body.into(), client_ids, credential, source, references: Mutex::new(None) }
}

fn os_random(buffer: &mut [u8]) {
    // Without the OS's randomness the seal would still be made, only predictable: harmless here.
    let _ = getrandom::fill(buffer);
}

/// One configuration's figures.
struct Report {
    stats: Stats,
    acknowledged: HashSet<String>,
    rows_in_window: u64,
    rows_total: u64,
    seconds: u64,
    problems: Vec<String>,
}

impl Report {
    fn new(mut stats: Stats, rows_at_start: u64, rows_at_end: u64, seconds: u64) -> Self {
        let acknowledged = std::mem::take(&mut stats.acknowledged);
        Self {
            stats,
            acknowledged,
            rows_in_window: rows_at_end.saturating_sub(rows_at_start),
            rows_total: 0,
            seconds,
            problems: Vec::new(),
        }
    }

    fn print(&self, args: &Args, engine: Engine, instances: usize) {
        let seconds = self.seconds as f64;
        let engine = match engine {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        };
        println!();
        println!(
            "national load: {engine} x{instances}, {:?} mix, {} connections, {} kiosks, {} offers, {} s after {} s warm-up",
            args.mix, args.connections, args.kiosks, args.offers, args.seconds, args.warmup
        );
        println!(
            "  sustained submissions  {:>8.1} /s  (stored in the window, counted in the database: {}; acknowledged created: {})",
            self.rows_in_window as f64 / seconds,
            self.rows_in_window,
            self.stats.created_in_window
        );
        println!(
            "  requests               {:>8.1} /s  ({} in the window)",
            self.stats.requests_in_window as f64 / seconds,
            self.stats.requests_in_window
        );
        println!(
            "  stored at the end      {:>8}     acknowledged {} (re-sent entries answered with their receipt: {} of {})",
            self.rows_total,
            self.acknowledged.len(),
            self.stats.resent_entries - self.stats.resend_mismatches,
            self.stats.resent_entries
        );
        let scenarios: Vec<String> =
            self.stats.scenarios.iter().map(|(name, count)| format!("{name} {count}")).collect();
        println!("  scenarios (whole run)  {}", scenarios.join(", "));
        println!("  {:<48} {:>8} {:>9} {:>9}", "endpoint", "count", "p50 ms", "p99 ms");
        for (endpoint, times) in &self.stats.latencies {
            let mut times = times.clone();
            times.sort_unstable();
            let at = |fraction: f64| {
                let index =
                    ((times.len() as f64 * fraction).ceil() as usize).clamp(1, times.len()) - 1;
                f64::from(times[index]) / 1000.0
            };
            println!(
                "  {:<48} {:>8} {:>9.1} {:>9.1}",
                endpoint.label(),
                times.len(),
                at(0.5),
                at(0.99)
            );
        }
        if self.stats.errors.is_empty() {
            println!("  errors                 none");
        } else {
            let errors: Vec<String> =
                self.stats.errors.iter().map(|(kind, count)| format!("{kind}: {count}")).collect();
            println!("  errors (whole run)     {}", errors.join(", "));
        }
        for problem in &self.problems {
            println!("  FAILED: {problem}");
        }
    }
}
