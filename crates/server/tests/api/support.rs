//! Fresh databases and a fake built kiosk for each test, and a small client over `oneshot`.
//!
//! Every test gets its own database: a temporary SQLite file, or a PostgreSQL schema of its own
//! (created here, dropped by `run_story` whether the story passed or panicked). PostgreSQL is the local test server unless
//! `GUICHET_TEST_POSTGRES_URL` points elsewhere.

use std::{path::Path, str::FromStr};

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Request, StatusCode},
};
use guichet_protocol::health::DatabaseKind;
use guichet_server::{AppState, Database, DatabaseUrl, app};
use http_body_util::BodyExt as _;
use sqlx::{
    AssertSqlSafe, PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::SqliteConnectOptions,
};
use tempfile::TempDir;
use tower::ServiceExt as _;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub const HASHED_JS: &str = "guichet-1a2b3c4d5e6f7a8b.js";
pub const HASHED_WASM: &str = "guichet-1a2b3c4d5e6f7a8b_bg.wasm";
pub const WASM_BYTES: &[u8] = b"\0asm\x01\0\0\0 the uncompressed module";
pub const WASM_BR_BYTES: &[u8] = b"stand-in for the brotli-compressed module";
/// What Trunk writes, with the placeholder on a script and on a link.
pub const INDEX_HTML: &str = r#"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>guichet</title>
<link rel="modulepreload" href="/guichet-1a2b3c4d5e6f7a8b.js" nonce="{{__TRUNK NONCE__}}">
<script type="module" nonce="{{__TRUNK NONCE__}}">
import init from '/guichet-1a2b3c4d5e6f7a8b.js';
init({ module_or_path: '/guichet-1a2b3c4d5e6f7a8b_bg.wasm' });
</script>
</head>
<body></body>
</html>
"#;

/// A small agency list: Algiers' wilaya agency and two local agencies, Alger Centre (serving
/// commune 1601) and Bab Ezzouar (1621), in the columns of `reference/anem-agencies.csv`.
pub const AGENCIES: &str =
    "id,type,anem_wilaya_code,name,address,phone,email,communes_served,latitude,longitude
16,AWEM,16,AWEM Alger,Rue A,(021) 1,awem@anem.dz,,36.7,3.05
16-01,ALEM,16,ALEM ALGER CENTRE,Rue B,(021) 2,a@anem.dz,ALGER CENTRE,36.7,3.05
16-05,ALEM,16,ALEM BAB EZZOUAR,Rue C,(021) 3,b@anem.dz,BAB EZZOUAR,36.72,3.18
";

/// A migrated database of its own, and what it takes to throw it away.
pub struct TestDatabase {
    pub database: Database,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code, reason = "held so the directory outlives the database")] TempDir),
    Postgres { admin: PgPool, schema: String },
}

impl TestDatabase {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        // A subdirectory that does not exist yet: connecting must create it.
        let options = SqliteConnectOptions::new().filename(dir.path().join("data/test.sqlite3"));
        let database = connect_and_migrate(DatabaseUrl::Sqlite(options)).await;
        Self { database, cleanup: Cleanup::Sqlite(dir) }
    }

    pub async fn postgres() -> Self {
        let (admin, schema, options) = new_postgres_schema().await;
        let database = connect_and_migrate(DatabaseUrl::Postgres(options)).await;
        Self { database, cleanup: Cleanup::Postgres { admin, schema } }
    }

    /// Two server instances' pools on one new, empty PostgreSQL schema, both migrating it at the
    /// same moment (as two instances started together do); the first owns the cleanup.
    pub async fn postgres_twice() -> (Self, Database) {
        let (admin, schema, options) = new_postgres_schema().await;
        let open = || async {
            Database::connect(&DatabaseUrl::Postgres(options.clone()))
                .await
                .expect("connect to the test database")
        };
        let (first, second) = tokio::join!(open(), open());
        let (migrated_first, migrated_second) = tokio::join!(first.migrate(), second.migrate());
        migrated_first.expect("the first instance migrates");
        migrated_second.expect("the second instance migrates at the same time");
        (Self { database: first, cleanup: Cleanup::Postgres { admin, schema } }, second)
    }

    /// A database opened by the test itself (its files are the test's to clean up).
    pub fn wrapping(database: Database) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Self { database, cleanup: Cleanup::Sqlite(dir) }
    }

    pub fn kind(&self) -> DatabaseKind {
        match self.cleanup {
            Cleanup::Sqlite(_) => DatabaseKind::Sqlite,
            Cleanup::Postgres { .. } => DatabaseKind::Postgres,
        }
    }
}

/// Runs a story on its database, then drops the PostgreSQL schema even if the story panicked,
/// and passes the panic on. The story runs as its own task so its panic can be caught.
pub async fn run_story<Story, Done>(db: TestDatabase, story: Story)
where
    Story: FnOnce(TestDatabase) -> Done,
    Done: Future<Output = ()> + Send + 'static,
{
    let schema = match &db.cleanup {
        Cleanup::Postgres { admin, schema } => Some((admin.clone(), schema.clone())),
        Cleanup::Sqlite(_) => None,
    };
    let outcome = tokio::spawn(story(db)).await;
    if let Some((admin, schema)) = schema {
        sqlx::query(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
            .execute(&admin)
            .await
            .expect("drop the test schema");
        admin.close().await;
    }
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

/// A new schema in the test database, and the options that make it a connection's only one.
async fn new_postgres_schema() -> (PgPool, String, PgConnectOptions) {
    let url = std::env::var("GUICHET_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap_or_else(|error| panic!("PostgreSQL must be running for these tests: {error}"));
    let schema = format!("guichet_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .expect("create the test schema");
    let options = PgConnectOptions::from_str(&url)
        .expect("a PostgreSQL URL")
        .options([("search_path", schema.as_str())]);
    (admin, schema, options)
}

async fn connect_and_migrate(url: DatabaseUrl) -> Database {
    let database = Database::connect(&url).await.expect("connect to the test database");
    database.migrate().await.expect("migrate the test database");
    database
}

/// The router over a fake kiosk build in a temporary directory and a SQLite database.
pub struct TestSite {
    router: Router,
    dist: TempDir,
    _database: TestDatabase,
}

impl TestSite {
    pub async fn new() -> Self {
        Self::with_database(TestDatabase::sqlite().await)
    }

    pub fn with_database(database: TestDatabase) -> Self {
        Self::with_configured(database, |state| state)
    }

    /// A site whose state is changed first (a manual clock, other rate limits…).
    pub fn with_configured(
        database: TestDatabase,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> Self {
        let dist = tempfile::tempdir().expect("a temporary directory");
        write_fake_kiosk(dist.path());
        let state = configure(AppState::new(database.database.clone(), dist.path()));
        Self { router: app(state), dist, _database: database }
    }

    pub fn dist_dir(&self) -> &Path {
        self.dist.path()
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).expect("a request")).await
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("a readable body").to_bytes().to_vec();
        TestResponse { status: parts.status, headers: parts.headers, body }
    }
}

fn write_fake_kiosk(dist: &Path) {
    let files: [(&str, &[u8]); 6] = [
        ("index.html", INDEX_HTML.as_bytes()),
        (HASHED_JS, b"export default function init() {}\n"),
        (HASHED_WASM, WASM_BYTES),
        ("guichet-1a2b3c4d5e6f7a8b_bg.wasm.br", WASM_BR_BYTES),
        ("sw.js", b"self.addEventListener('fetch', () => {});\n"),
        ("manifest.webmanifest", br#"{"name":"guichet"}"#),
    ];
    for (name, contents) in files {
        std::fs::write(dist.join(name), contents).expect("write a fake kiosk file");
    }
}

/// A response with its body read.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    /// The header's value; panics when it is missing, naming it.
    #[track_caller]
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
            .to_str()
            .expect("a visible ASCII header")
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    #[track_caller]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not the expected JSON ({error}): {}", self.text()))
    }

    /// The nonce named by the Content-Security-Policy, if any.
    pub fn csp_nonce(&self) -> Option<String> {
        let policy = self.header("content-security-policy");
        let start = policy.find("'nonce-")? + "'nonce-".len();
        let length = policy[start..].find('\'')?;
        Some(policy[start..start + length].to_owned())
    }
}

/// Turns each story into one test per database, each on a fresh database: the same promise,
/// checked on SQLite and on PostgreSQL.
macro_rules! run_against_every_database {
    ($($story:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $story() {
                    let db = crate::support::TestDatabase::sqlite().await;
                    crate::support::run_story(db, super::$story).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $story() {
                    let db = crate::support::TestDatabase::postgres().await;
                    crate::support::run_story(db, super::$story).await;
                }
            )+
        }
    };
}
