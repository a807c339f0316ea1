//! The offers tables, for both engines: upserts, withdrawals and expiries that each take the next
//! change sequence number, and the feed read in sequence order.
//!
//! Each query is written once with `$n` placeholders, which SQLite and PostgreSQL both accept;
//! [`on_pool!`] expands the same code for each engine's pool. Nothing here logs.

use guichet_core::offers::{
    OfferRecord, OfferStatus, education_code, parse_education, parse_working_time,
    working_time_code,
};
use guichet_protocol::offers::{HowToApply, LocalizedText, Offer, SalaryRange};

use crate::infra::db::Database;

use crate::infra::db::on_pool;

/// Every column of `offers`, in the order rows are bound and read.
macro_rules! offer_columns {
    () => {
        "id, external_id, status, title_fr, title_ar, description_fr, description_ar, employer, \
         wilaya, commune, occupation, sector, contract, working_time, experience_years, education, \
         positions, salary_min_dzd, salary_max_dzd, driving_licence, open_to_disabled, \
         apply_method, apply_instructions, published_at, expires_at, updated_at, change_sequence"
    };
}

const SELECT_BY_EXTERNAL_ID: &str =
    concat!("SELECT ", offer_columns!(), " FROM offers WHERE external_id = $1");
const SELECT_CHANGES: &str = concat!(
    "SELECT ",
    offer_columns!(),
    " FROM offers WHERE change_sequence > $1 ORDER BY change_sequence LIMIT $2"
);
const UPSERT: &str = concat!(
    "INSERT INTO offers (",
    offer_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
     $19, $20, $21, $22, $23, $24, $25, $26, $27) \
     ON CONFLICT (external_id) DO UPDATE SET status = excluded.status, \
     title_fr = excluded.title_fr, title_ar = excluded.title_ar, \
     description_fr = excluded.description_fr, description_ar = excluded.description_ar, \
     employer = excluded.employer, wilaya = excluded.wilaya, commune = excluded.commune, \
     occupation = excluded.occupation, sector = excluded.sector, contract = excluded.contract, \
     working_time = excluded.working_time, experience_years = excluded.experience_years, \
     education = excluded.education, positions = excluded.positions, \
     salary_min_dzd = excluded.salary_min_dzd, salary_max_dzd = excluded.salary_max_dzd, \
     driving_licence = excluded.driving_licence, open_to_disabled = excluded.open_to_disabled, \
     apply_method = excluded.apply_method, apply_instructions = excluded.apply_instructions, \
     published_at = excluded.published_at, expires_at = excluded.expires_at, \
     updated_at = excluded.updated_at, change_sequence = excluded.change_sequence"
);
const NEXT_SEQUENCES: &str =
    "UPDATE offer_feed SET last_sequence = last_sequence + $1 WHERE id = 1 RETURNING last_sequence";
const FEED_STATE: &str = "SELECT epoch, last_sequence FROM offer_feed WHERE id = 1";
const NEW_EPOCH: &str = "UPDATE offer_feed SET epoch = $1 WHERE id = 1";
const DUE_FOR_EXPIRY: &str =
    "SELECT id FROM offers WHERE status = 'open' AND expires_at <= $1 ORDER BY expires_at, id";
const MARK_EXPIRED: &str = "UPDATE offers SET status = 'expired', updated_at = $2, \
     change_sequence = $3 WHERE id = $1 AND status = 'open'";
const WITHDRAW: &str = "UPDATE offers SET status = 'withdrawn', updated_at = $2, \
     change_sequence = $3 WHERE (id = $1 OR external_id = $1) AND status <> 'withdrawn'";
const FIND_ANY: &str = "SELECT status FROM offers WHERE id = $1 OR external_id = $1";
const COUNT_BY_STATUS: &str = "SELECT status, COUNT(*) FROM offers GROUP BY status";

/// A failure of the offers tables.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Often transient: a lost connection, a busy database.
    #[error("a database query on offers failed")]
    Query(#[from] sqlx::Error),
    /// Permanent: a row holds a value no version of guichet writes.
    #[error("offer {id} is stored with an invalid {column}")]
    Corrupt { id: String, column: &'static str },
}

/// An offer row as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
struct OfferRow {
    id: String,
    external_id: String,
    status: String,
    title_fr: Option<String>,
    title_ar: Option<String>,
    description_fr: Option<String>,
    description_ar: Option<String>,
    employer: String,
    wilaya: i32,
    commune: String,
    occupation: String,
    sector: String,
    contract: String,
    working_time: String,
    experience_years: i32,
    education: String,
    positions: i32,
    salary_min_dzd: Option<i32>,
    salary_max_dzd: Option<i32>,
    driving_licence: Option<String>,
    open_to_disabled: bool,
    apply_method: String,
    apply_instructions: Option<String>,
    published_at: i64,
    expires_at: i64,
    updated_at: i64,
    change_sequence: i64,
}

/// One entry of the feed: a current offer, or the id of one to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEntry {
    Upserted(Box<Offer>),
    Removed(String),
}

/// What an upsert did, offer by offer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// How a withdrawal went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    Withdrawn,
    AlreadyWithdrawn,
    NotFound,
}

/// This database's feed epoch and the last change number handed out.
pub async fn feed_state(database: &Database) -> Result<(String, i64), StoreError> {
    let state = on_pool!(database, pool => {
        sqlx::query_as::<_, (String, i64)>(FEED_STATE).fetch_one(pool).await?
    });
    Ok(state)
}

/// Up to `limit` changes after `after`, in sequence order, with the sequence of the last one.
pub async fn changes_after(
    database: &Database,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, FeedEntry)>, StoreError> {
    let rows: Vec<OfferRow> = on_pool!(database, pool => {
        sqlx::query_as(SELECT_CHANGES).bind(after).bind(limit).fetch_all(pool).await?
    });
    rows.into_iter()
        .map(|row| {
            let sequence = row.change_sequence;
            let entry = if row.status == "open" {
                FeedEntry::Upserted(Box::new(row_to_offer(row)?))
            } else {
                FeedEntry::Removed(row.id)
            };
            Ok((sequence, entry))
        })
        .collect()
}

/// Records the expiry of every open offer whose `expires_at` is at or before `now`, each with a
/// change number, so kiosks learn to delete them. Returns how many expired.
pub async fn expire_due(database: &Database, now: i64) -> Result<usize, StoreError> {
    // Most requests find nothing due: check without taking the write lock first.
    let any_due = on_pool!(database, pool => {
        sqlx::query_scalar::<_, String>(DUE_FOR_EXPIRY).bind(now).fetch_optional(pool).await?
    });
    if any_due.is_none() {
        return Ok(0);
    }
    let expired = on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        let due: Vec<(String,)> = sqlx::query_as(DUE_FOR_EXPIRY).bind(now).fetch_all(&mut *tx).await?;
        if due.is_empty() {
            return Ok(0);
        }
        let count = i64::try_from(due.len()).unwrap_or(i64::MAX);
        let last: i64 = sqlx::query_scalar(NEXT_SEQUENCES).bind(count).fetch_one(&mut *tx).await?;
        let mut sequence = last - count;
        let mut expired = 0;
        for (id,) in due {
            sequence += 1;
            let done = sqlx::query(MARK_EXPIRED)
                .bind(&id)
                .bind(now)
                .bind(sequence)
                .execute(&mut *tx)
                .await?;
            expired += usize::try_from(done.rows_affected()).unwrap_or(0);
        }
        tx.commit().await?;
        expired
    });
    Ok(expired)
}

/// Inserts or updates `records` by external id in one transaction, all or nothing. A record
/// equal to the stored one changes nothing and takes no change number: importing the same file
/// twice leaves the feed as it was.
pub async fn upsert(
    database: &Database,
    records: &[OfferRecord],
    now: i64,
) -> Result<UpsertCounts, StoreError> {
    let counts = on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        let mut counts = UpsertCounts::default();
        let mut writes: Vec<(String, &OfferRecord)> = Vec::new();
        for record in records {
            let existing: Option<OfferRow> = sqlx::query_as(SELECT_BY_EXTERNAL_ID)
                .bind(&record.external_id)
                .fetch_optional(&mut *tx)
                .await?;
            match existing {
                None => {
                    counts.inserted += 1;
                    writes.push((uuid::Uuid::new_v4().to_string(), record));
                }
                Some(row) => {
                    let id = row.id.clone();
                    if row_to_record(row)? == *record {
                        counts.unchanged += 1;
                    } else {
                        counts.updated += 1;
                        writes.push((id, record));
                    }
                }
            }
        }
        if !writes.is_empty() {
            let count = i64::try_from(writes.len()).unwrap_or(i64::MAX);
            let last: i64 =
                sqlx::query_scalar(NEXT_SEQUENCES).bind(count).fetch_one(&mut *tx).await?;
            let mut sequence = last - count;
            for (id, record) in writes {
                sequence += 1;
                let row = record_to_row(id, record, now, sequence);
                sqlx::query(UPSERT)
                    .bind(row.id)
                    .bind(row.external_id)
                    .bind(row.status)
                    .bind(row.title_fr)
                    .bind(row.title_ar)
                    .bind(row.description_fr)
                    .bind(row.description_ar)
                    .bind(row.employer)
                    .bind(row.wilaya)
                    .bind(row.commune)
                    .bind(row.occupation)
                    .bind(row.sector)
                    .bind(row.contract)
                    .bind(row.working_time)
                    .bind(row.experience_years)
                    .bind(row.education)
                    .bind(row.positions)
                    .bind(row.salary_min_dzd)
                    .bind(row.salary_max_dzd)
                    .bind(row.driving_licence)
                    .bind(row.open_to_disabled)
                    .bind(row.apply_method)
                    .bind(row.apply_instructions)
                    .bind(row.published_at)
                    .bind(row.expires_at)
                    .bind(row.updated_at)
                    .bind(row.change_sequence)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        counts
    });
    Ok(counts)
}

/// Withdraws the offer whose id or external id is `id`; it leaves the feed as a removal.
pub async fn withdraw(database: &Database, id: &str, now: i64) -> Result<Withdrawal, StoreError> {
    let outcome = on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        let status: Option<String> =
            sqlx::query_scalar(FIND_ANY).bind(id).fetch_optional(&mut *tx).await?;
        match status.as_deref() {
            None => Withdrawal::NotFound,
            Some("withdrawn") => Withdrawal::AlreadyWithdrawn,
            Some(_) => {
                let sequence: i64 =
                    sqlx::query_scalar(NEXT_SEQUENCES).bind(1_i64).fetch_one(&mut *tx).await?;
                sqlx::query(WITHDRAW).bind(id).bind(now).bind(sequence).execute(&mut *tx).await?;
                tx.commit().await?;
                Withdrawal::Withdrawn
            }
        }
    });
    Ok(outcome)
}

/// How many offers are stored in each status (`open`, `withdrawn`, `expired`).
pub async fn count_by_status(database: &Database) -> Result<Vec<(String, i64)>, StoreError> {
    let counts = on_pool!(database, pool => {
        sqlx::query_as::<_, (String, i64)>(COUNT_BY_STATUS).fetch_all(pool).await?
    });
    Ok(counts)
}

fn record_to_row(id: String, record: &OfferRecord, now: i64, sequence: i64) -> OfferRow {
    let (apply_method, apply_instructions) = match &record.how_to_apply {
        HowToApply::AtAgency => ("at_agency", None),
        HowToApply::Direct { instructions } => ("direct", Some(instructions.clone())),
    };
    OfferRow {
        id,
        external_id: record.external_id.clone(),
        status: record.status.as_str().to_owned(),
        title_fr: record.title.fr.clone(),
        title_ar: record.title.ar.clone(),
        description_fr: record.description.fr.clone(),
        description_ar: record.description.ar.clone(),
        employer: record.employer.clone(),
        wilaya: i32::from(record.wilaya),
        commune: record.commune.clone(),
        occupation: record.occupation.clone(),
        sector: record.sector.clone(),
        contract: record.contract.clone(),
        working_time: working_time_code(record.working_time).to_owned(),
        experience_years: i32::from(record.experience_years),
        education: education_code(record.education).to_owned(),
        positions: i32::from(record.positions),
        salary_min_dzd: record.salary.map(|s| i32::try_from(s.min_dzd).unwrap_or(i32::MAX)),
        salary_max_dzd: record.salary.map(|s| i32::try_from(s.max_dzd).unwrap_or(i32::MAX)),
        driving_licence: record.driving_licence.clone(),
        open_to_disabled: record.open_to_disabled,
        apply_method: apply_method.to_owned(),
        apply_instructions,
        published_at: clamp(record.published_at),
        expires_at: clamp(record.expires_at),
        updated_at: now,
        change_sequence: sequence,
    }
}

fn clamp(millis: u64) -> i64 {
    i64::try_from(millis).unwrap_or(i64::MAX)
}

fn row_to_offer(row: OfferRow) -> Result<Offer, StoreError> {
    let id = row.id.clone();
    let updated_at = u64::try_from(row.updated_at).unwrap_or(0);
    Ok(row_to_record(row)?.to_offer(&id, updated_at))
}

/// The stored row as the record it was written from. An `expired` row reads as open: expiry
/// is the clock's doing, not a change of content.
fn row_to_record(row: OfferRow) -> Result<OfferRecord, StoreError> {
    let corrupt = |column| StoreError::Corrupt { id: row.id.clone(), column };
    let status = match row.status.as_str() {
        "open" | "expired" => OfferStatus::Open,
        "withdrawn" => OfferStatus::Withdrawn,
        _ => return Err(corrupt("status")),
    };
    let salary = match (row.salary_min_dzd, row.salary_max_dzd) {
        (Some(min), Some(max)) => Some(SalaryRange {
            min_dzd: u32::try_from(min).map_err(|_| corrupt("salary_min_dzd"))?,
            max_dzd: u32::try_from(max).map_err(|_| corrupt("salary_max_dzd"))?,
        }),
        (None, None) => None,
        _ => return Err(corrupt("salary_max_dzd")),
    };
    let how_to_apply = match (row.apply_method.as_str(), &row.apply_instructions) {
        ("at_agency", None) => HowToApply::AtAgency,
        ("direct", Some(instructions)) => HowToApply::Direct { instructions: instructions.clone() },
        _ => return Err(corrupt("apply_method")),
    };
    Ok(OfferRecord {
        status,
        title: LocalizedText { fr: row.title_fr.clone(), ar: row.title_ar.clone() },
        description: LocalizedText {
            fr: row.description_fr.clone(),
            ar: row.description_ar.clone(),
        },
        wilaya: u8::try_from(row.wilaya).map_err(|_| corrupt("wilaya"))?,
        working_time: parse_working_time(&row.working_time)
            .ok_or_else(|| corrupt("working_time"))?,
        experience_years: u8::try_from(row.experience_years)
            .map_err(|_| corrupt("experience_years"))?,
        education: parse_education(&row.education).ok_or_else(|| corrupt("education"))?,
        positions: u16::try_from(row.positions).map_err(|_| corrupt("positions"))?,
        salary,
        how_to_apply,
        published_at: u64::try_from(row.published_at).map_err(|_| corrupt("published_at"))?,
        expires_at: u64::try_from(row.expires_at).map_err(|_| corrupt("expires_at"))?,
        external_id: row.external_id,
        employer: row.employer,
        commune: row.commune,
        occupation: row.occupation,
        sector: row.sector,
        contract: row.contract,
        driving_licence: row.driving_licence,
        open_to_disabled: row.open_to_disabled,
    })
}

/// Gives the feed a new epoch: every kiosk's next sync starts over from the beginning. For after
/// a backup is restored, when kiosks may hold changes the restored database never had.
pub async fn new_epoch(database: &Database) -> Result<String, StoreError> {
    let epoch = uuid::Uuid::new_v4().simple().to_string()[..16].to_owned();
    on_pool!(database, pool => {
        sqlx::query(NEW_EPOCH).bind(&epoch).execute(pool).await?;
    });
    Ok(epoch)
}
