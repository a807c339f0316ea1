//! The baseline for the ingest benchmark (`cargo xtask bench`): the same rows the HTTP ingest
//! stores, inserted straight through sqlx on the same kind of database (SQLite, WAL,
//! `synchronous = FULL`, migrated by the server's own code), 100 rows per transaction.
//! Prints one JSON line: `{"rows":…,"seconds":…,"per_second":…}`.

#![allow(clippy::print_stdout, reason = "the result line is this program's output")]

use std::time::Instant;

use guichet_protocol::registration::Registration;
use guichet_server::{Database, DatabaseUrl};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;

const BATCH: usize = 100;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: usize = std::env::args().nth(1).map_or(Ok(5000), |text| text.parse())?;
    let dir = std::env::temp_dir().join(format!("guichet-ingest-baseline-{}", std::process::id()));
    let options = SqliteConnectOptions::new().filename(dir.join("baseline.sqlite3"));
    let database = Database::connect(&DatabaseUrl::Sqlite(options)).await?;
    database.migrate().await?;
    let Database::Sqlite(pool) = &database else { anyhow::bail!("expected SQLite") };

    let fixture: Registration =
        serde_json::from_str(include_str!("../../protocol/fixtures/registration-valid.json"))?;
    // Built before the clock starts: the baseline measures the inserts only.
    let prepared: Vec<[String; 6]> = (0..rows)
        .map(|index| {
            let mut registration = fixture.clone();
            registration.identity.nin = format!("{}", 100_000_000_000_000_000u64 + index as u64);
            let payload = serde_json::to_string(&registration).unwrap_or_default();
            let hash: String = Sha256::digest(payload.as_bytes())
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            [
                format!("0190f5e2-0000-7000-8000-{index:012}"),
                format!("{index:08}"),
                registration.identity.nin,
                hash,
                payload,
                "2026-11-29T09:30:00Z".to_owned(),
            ]
        })
        .collect();

    let started = Instant::now();
    for chunk in prepared.chunks(BATCH) {
        let mut transaction = pool.begin_with("BEGIN IMMEDIATE").await?;
        for [client_id, reference, nin, hash, payload, submitted_at] in chunk {
            sqlx::query(
                "INSERT INTO pre_registrations (client_id, reference, nin, payload_sha256, \
                 payload, submitted_at, received_at_ms, agency_id, device_id, protocol) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 2)",
            )
            .bind(client_id)
            .bind(reference)
            .bind(nin)
            .bind(hash)
            .bind(payload)
            .bind(submitted_at)
            .bind(0_i64)
            .bind("16-01")
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    database.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    println!("{{\"rows\":{rows},\"seconds\":{seconds},\"per_second\":{}}}", rows as f64 / seconds);
    Ok(())
}
