//! `backup` and `restore` (issue 13): a consistent copy of a live SQLite database taken while
//! submissions keep arriving, the database lost, the copy restored; then the kiosks resume: a
//! cursor from before the loss starts over cleanly (reset), a registration the backup holds is
//! a duplicate when sent again, a new one is stored, nothing twice.

use std::path::Path;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    offers::OfferChanges,
    registration::Registration,
    submission::{
        Submission, SubmissionBatch, SubmissionBody, SubmissionResults, SubmissionStatus,
    },
};
use guichet_server::{
    Database,
    backup::{self, BackupError},
    infra::{config::parse_database_url, db::DatabaseUrl},
    offers,
};

use crate::support::{AGENCIES, TestDatabase, TestSite};

const NOW: u64 = 1_795_939_200_000;

fn submission(client_id: &str) -> SubmissionBatch {
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    let registration: Registration = serde_json::from_str(fixture).unwrap();
    SubmissionBatch {
        registrations: vec![Submission {
            client_id: client_id.to_owned(),
            submitted_at: "2026-11-29T09:30:00Z".to_owned(),
            reference_version: None,
            body: SubmissionBody::Clear(registration),
        }],
    }
}

async fn submit(site: &TestSite, client_id: &str) -> SubmissionStatus {
    let request = Request::post("/api/v1/registrations")
        .header(header::CONTENT_TYPE, "application/json")
        .header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION.to_string())
        .body(Body::from(serde_json::to_string(&submission(client_id)).unwrap()))
        .unwrap();
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json::<SubmissionResults>().results[0].status
}

async fn stored(database: &Database) -> i64 {
    let Database::Sqlite(pool) = database else { unreachable!("SQLite only") };
    sqlx::query_scalar("SELECT COUNT(*) FROM pre_registrations").fetch_one(pool).await.unwrap()
}

fn client(n: u32) -> String {
    format!("0190f5e2-1234-7abc-9def-{n:012x}")
}

/// A site over the SQLite database at `path`, migrated, with the test agencies.
async fn site_at(url: &DatabaseUrl) -> (TestSite, Database) {
    let database = Database::connect(url).await.unwrap();
    database.migrate().await.unwrap();
    guichet_server::agencies::import(&database, AGENCIES, true).await.unwrap();
    (TestSite::with_database(TestDatabase::wrapping(database.clone())), database)
}

fn sqlite_url(path: &Path) -> DatabaseUrl {
    parse_database_url(&format!("sqlite://{}", path.display())).unwrap()
}

#[tokio::test]
async fn a_live_backup_restored_after_a_loss_lets_the_kiosks_resume_without_loss_or_double() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("data/guichet.sqlite3");
    let url = sqlite_url(&db_path);
    let (site, database) = site_at(&url).await;
    offers::generate(&database, 300, NOW).await.unwrap();
    for n in 0..10 {
        assert_eq!(submit(&site, &client(n)).await, SubmissionStatus::Created);
    }

    // The backup is taken while submissions keep arriving.
    let file = dir.path().join("backups/guichet-backup.sqlite3");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let writer = async {
        for n in 10..40 {
            assert_eq!(submit(&site, &client(n)).await, SubmissionStatus::Created);
        }
    };
    let (bytes, ()) = tokio::join!(backup::backup(&url, &file), writer);
    assert!(bytes.unwrap() > 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup holds personal data: owner only");
    }
    let again = backup::backup(&url, &file).await;
    assert!(matches!(again, Err(BackupError::TargetExists(_))), "{again:?}");

    // A kiosk synced after the backup: its cursor is ahead of what the backup holds.
    offers::generate(&database, 50, NOW + 1).await.unwrap();
    let page: OfferChanges = site.get("/api/v1/offers/changes?limit=1000").await.json();
    let kiosk_cursor = page.cursor;
    let total_before = stored(&database).await;
    assert_eq!(total_before, 40);

    // The database is lost.
    database.close().await;
    drop(site);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
    assert!(!db_path.exists());

    let restored = backup::restore(&url, &file, false).await.unwrap();
    assert_eq!(restored.path, db_path);
    let (site, database) = site_at(&url).await;
    let in_backup = stored(&database).await;
    assert!((10..=40).contains(&in_backup), "the backup holds a consistent snapshot: {in_backup}");

    // The kiosk resumes: its cursor starts over cleanly, with every offer the database has.
    let page: OfferChanges =
        site.get(&format!("/api/v1/offers/changes?since={kiosk_cursor}&limit=1000")).await.json();
    assert!(page.reset, "a cursor from before the restore starts over");
    assert_eq!(page.offers.len(), 300, "the restored catalogue, from the beginning");
    // What the backup holds is a duplicate when sent again; nothing is stored twice.
    for n in 0..10 {
        assert_eq!(submit(&site, &client(n)).await, SubmissionStatus::Duplicate, "client {n}");
    }
    // Registrations acknowledged after the backup are not in it (the README's recovery point):
    // sent again, as a kiosk still holding them would, they are stored once.
    let mut created = 0;
    for n in 10..40 {
        if submit(&site, &client(n)).await == SubmissionStatus::Created {
            created += 1;
        }
    }
    assert_eq!(in_backup + created, 40);
    assert_eq!(stored(&database).await, 40, "every registration once");
}

#[tokio::test]
async fn restore_refuses_what_it_cannot_put_in_place_safely() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("guichet.sqlite3");
    let url = sqlite_url(&db_path);
    let (_site, database) = site_at(&url).await;
    let file = dir.path().join("copy.sqlite3");
    backup::backup(&url, &file).await.unwrap();

    // A database in place is only replaced when asked (the server must be stopped).
    let refused = backup::restore(&url, &file, false).await;
    assert!(matches!(refused, Err(BackupError::DatabaseExists(_))), "{refused:?}");
    database.close().await;
    backup::restore(&url, &file, true).await.unwrap();

    // Not a database, or not guichet's: refused, nothing touched.
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database at all").unwrap();
    let refused = backup::restore(&url, &garbage, true).await;
    assert!(matches!(refused, Err(BackupError::NotABackup(..))), "{refused:?}");
    let missing = backup::restore(&url, &dir.path().join("none.sqlite3"), true).await;
    assert!(matches!(missing, Err(BackupError::NotABackup(..))), "{missing:?}");
    assert!(db_path.exists());

    // PostgreSQL has its own tools.
    let postgres = parse_database_url("postgres://postgres@127.0.0.1:5432/test").unwrap();
    let refused = backup::backup(&postgres, &dir.path().join("pg.sqlite3")).await;
    assert!(matches!(refused, Err(BackupError::Postgres)), "{refused:?}");
    assert!(refused.unwrap_err().to_string().contains("pg_dump"));
}
