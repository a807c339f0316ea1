//! The `agencies` and `agency_communes` tables, for both engines.
//!
//! Each query is written once with `$n` placeholders, which SQLite and PostgreSQL both accept;
//! `on_pool!` expands the same code for each engine's pool. Nothing here logs.

use std::collections::BTreeMap;

use guichet_protocol::devices::KioskSettings;

use super::{
    Agency, CheckedKioskSettings,
    file::{AgencyKind, AgencyRecord},
    matching::Assignment,
};
use crate::infra::db::Database;

use crate::infra::db::on_pool;

/// Every column of `agencies`, in the order [`AgencyRow`] reads them.
macro_rules! agency_columns {
    () => {
        "id, kind, anem_wilaya_code, name, address, phone, email, latitude, longitude, \
         kiosk_idle_seconds, kiosk_countdown_seconds, kiosk_rejected_retention_days"
    };
}

const SELECT_AGENCY: &str = concat!("SELECT ", agency_columns!(), " FROM agencies WHERE id = $1");
const SELECT_AGENCIES: &str = concat!("SELECT ", agency_columns!(), " FROM agencies ORDER BY id");
const INSERT_AGENCY: &str = "INSERT INTO agencies (id, kind, anem_wilaya_code, name, address, \
     phone, email, latitude, longitude) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
// The kiosk settings are the managers', not ANEM's: an import leaves them alone.
const UPDATE_AGENCY: &str = "UPDATE agencies SET kind = $2, anem_wilaya_code = $3, name = $4, \
     address = $5, phone = $6, email = $7, latitude = $8, longitude = $9 WHERE id = $1";
const SELECT_ASSIGNMENTS: &str = "SELECT commune_code, agency_id, assigned_by FROM agency_communes";
const INSERT_ASSIGNMENT: &str =
    "INSERT INTO agency_communes (commune_code, agency_id, assigned_by) VALUES ($1, $2, $3)";
const UPDATE_ASSIGNMENT: &str =
    "UPDATE agency_communes SET agency_id = $2, assigned_by = $3 WHERE commune_code = $1";
const DELETE_ASSIGNMENT: &str = "DELETE FROM agency_communes WHERE commune_code = $1";
const SERVING_COMMUNE: &str = "SELECT agency_id FROM agency_communes WHERE commune_code = $1";
const COUNT_AGENCIES: &str = "SELECT COUNT(*) FROM agencies";
const COMMUNES_PER_AGENCY: &str =
    "SELECT agency_id, COUNT(*) FROM agency_communes GROUP BY agency_id";
const SET_KIOSK_SETTINGS: &str = "UPDATE agencies SET kiosk_idle_seconds = $2, kiosk_countdown_seconds = $3, \
     kiosk_rejected_retention_days = $4 WHERE id = $1";

/// An agency row as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
struct AgencyRow {
    id: String,
    kind: String,
    anem_wilaya_code: i32,
    name: String,
    address: String,
    phone: String,
    email: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    kiosk_idle_seconds: i32,
    kiosk_countdown_seconds: i32,
    kiosk_rejected_retention_days: i32,
}

/// What an import changed, row by row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteCounts {
    pub agencies_inserted: usize,
    pub agencies_updated: usize,
    pub agencies_unchanged: usize,
    pub communes_inserted: usize,
    pub communes_updated: usize,
    pub communes_unchanged: usize,
    pub communes_removed: usize,
}

impl WriteCounts {
    /// Whether the import changed any row.
    pub fn changed_anything(&self) -> bool {
        self.agencies_inserted
            + self.agencies_updated
            + self.communes_inserted
            + self.communes_updated
            + self.communes_removed
            > 0
    }
}

/// Writes the agencies and the commune assignments in one transaction: new rows are inserted,
/// changed ones updated, assignments of communes not in `assignments` removed, and rows equal to
/// what is stored left alone (so importing the same list twice writes nothing the second time).
pub async fn write(
    database: &Database,
    agencies: &[AgencyRecord],
    assignments: &BTreeMap<String, Assignment>,
) -> Result<WriteCounts, sqlx::Error> {
    let mut counts = WriteCounts::default();
    on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        let stored: Vec<AgencyRow> =
            sqlx::query_as(SELECT_AGENCIES).fetch_all(&mut *tx).await?;
        let stored: BTreeMap<String, AgencyRow> =
            stored.into_iter().map(|row| (row.id.clone(), row)).collect();
        for agency in agencies {
            let statement = match stored.get(&agency.id) {
                None => {
                    counts.agencies_inserted += 1;
                    INSERT_AGENCY
                }
                Some(row) if same_agency(row, agency) => {
                    counts.agencies_unchanged += 1;
                    continue;
                }
                Some(_) => {
                    counts.agencies_updated += 1;
                    UPDATE_AGENCY
                }
            };
            sqlx::query(statement)
                .bind(&agency.id)
                .bind(agency.kind.as_str())
                .bind(i32::from(agency.anem_wilaya_code))
                .bind(&agency.name)
                .bind(&agency.address)
                .bind(&agency.phone)
                .bind(&agency.email)
                .bind(agency.latitude)
                .bind(agency.longitude)
                .execute(&mut *tx)
                .await?;
        }
        let stored: Vec<(String, String, String)> =
            sqlx::query_as(SELECT_ASSIGNMENTS).fetch_all(&mut *tx).await?;
        let stored: BTreeMap<String, (String, String)> = stored
            .into_iter()
            .map(|(commune, agency, assigned_by)| (commune, (agency, assigned_by)))
            .collect();
        for (commune, assignment) in assignments {
            let wanted = (assignment.agency_id.as_str(), assignment.assigned_by.as_str());
            let statement = match stored.get(commune) {
                None => {
                    counts.communes_inserted += 1;
                    INSERT_ASSIGNMENT
                }
                Some((agency, how)) if (agency.as_str(), how.as_str()) == wanted => {
                    counts.communes_unchanged += 1;
                    continue;
                }
                Some(_) => {
                    counts.communes_updated += 1;
                    UPDATE_ASSIGNMENT
                }
            };
            sqlx::query(statement)
                .bind(commune)
                .bind(wanted.0)
                .bind(wanted.1)
                .execute(&mut *tx)
                .await?;
        }
        for commune in stored.keys().filter(|commune| !assignments.contains_key(*commune)) {
            sqlx::query(DELETE_ASSIGNMENT).bind(commune).execute(&mut *tx).await?;
            counts.communes_removed += 1;
        }
        tx.commit().await?;
    });
    Ok(counts)
}

/// The agency `id`, if it exists.
pub async fn find(database: &Database, id: &str) -> Result<Option<Agency>, sqlx::Error> {
    let row: Option<AgencyRow> = on_pool!(database, pool => {
        sqlx::query_as(SELECT_AGENCY).bind(id).fetch_optional(pool).await?
    });
    row.map(into_agency).transpose()
}

/// Every agency, by id.
pub async fn list(database: &Database) -> Result<Vec<Agency>, sqlx::Error> {
    let rows: Vec<AgencyRow> = on_pool!(database, pool => {
        sqlx::query_as(SELECT_AGENCIES).fetch_all(pool).await?
    });
    rows.into_iter().map(into_agency).collect()
}

/// How many communes each agency serves (agencies serving none are absent).
pub async fn communes_per_agency(
    database: &Database,
) -> Result<BTreeMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = on_pool!(database, pool => {
        sqlx::query_as(COMMUNES_PER_AGENCY).fetch_all(pool).await?
    });
    Ok(rows.into_iter().collect())
}

/// The id of the local agency serving `commune_code` (four digits), if any.
pub async fn serving_commune(
    database: &Database,
    commune_code: &str,
) -> Result<Option<String>, sqlx::Error> {
    on_pool!(database, pool => {
        sqlx::query_scalar(SERVING_COMMUNE).bind(commune_code).fetch_optional(pool).await
    })
}

/// How many agencies are stored.
pub async fn count(database: &Database) -> Result<i64, sqlx::Error> {
    on_pool!(database, pool => sqlx::query_scalar(COUNT_AGENCIES).fetch_one(pool).await)
}

/// Stores the kiosk settings of `agency_id`; `false` when there is no such agency.
pub async fn set_kiosk_settings(
    database: &Database,
    agency_id: &str,
    settings: CheckedKioskSettings,
) -> Result<bool, sqlx::Error> {
    let KioskSettings { idle_seconds, countdown_seconds, rejected_retention_days } = settings.get();
    let idle = i32::try_from(idle_seconds).unwrap_or(i32::MAX);
    let countdown = i32::try_from(countdown_seconds).unwrap_or(i32::MAX);
    let rejected_retention = i32::try_from(rejected_retention_days).unwrap_or(i32::MAX);
    let result = on_pool!(database, pool => {
        sqlx::query(SET_KIOSK_SETTINGS)
            .bind(agency_id)
            .bind(idle)
            .bind(countdown)
            .bind(rejected_retention)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(result == 1)
}

fn same_agency(row: &AgencyRow, agency: &AgencyRecord) -> bool {
    row.kind == agency.kind.as_str()
        && row.anem_wilaya_code == i32::from(agency.anem_wilaya_code)
        && row.name == agency.name
        && row.address == agency.address
        && row.phone == agency.phone
        && row.email == agency.email
        && row.latitude == agency.latitude
        && row.longitude == agency.longitude
}

fn into_agency(row: AgencyRow) -> Result<Agency, sqlx::Error> {
    let corrupt = |column: &str| {
        sqlx::Error::Decode(format!("agency {} holds an invalid {column}", row.id).into())
    };
    let kind = AgencyKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?;
    let anem_wilaya_code =
        u8::try_from(row.anem_wilaya_code).map_err(|_| corrupt("anem_wilaya_code"))?;
    let idle_seconds =
        u32::try_from(row.kiosk_idle_seconds).map_err(|_| corrupt("kiosk_idle_seconds"))?;
    let countdown_seconds = u32::try_from(row.kiosk_countdown_seconds)
        .map_err(|_| corrupt("kiosk_countdown_seconds"))?;
    let rejected_retention_days = u32::try_from(row.kiosk_rejected_retention_days)
        .map_err(|_| corrupt("kiosk_rejected_retention_days"))?;
    Ok(Agency {
        id: row.id,
        kind,
        anem_wilaya_code,
        name: row.name,
        address: row.address,
        phone: row.phone,
        email: row.email,
        latitude: row.latitude,
        longitude: row.longitude,
        kiosk: KioskSettings { idle_seconds, countdown_seconds, rejected_retention_days },
    })
}
