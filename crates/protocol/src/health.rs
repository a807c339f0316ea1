//! `GET /api/v1/health`: what the kiosk probes to know whether the agency is reachable.

use serde::{Deserialize, Serialize};

/// The answer to a health probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the server can reach its database, `degraded` otherwise.
    pub status: HealthStatus,
    /// The server's package version.
    pub version: String,
    /// The protocol version the server speaks.
    pub protocol: u32,
    /// Which database the server runs on.
    pub database: DatabaseKind,
}

/// Whether the server can do its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    Degraded,
}

/// The database engines the server supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_wire_format() {
        let health = Health {
            status: HealthStatus::Ok,
            version: "0.1.0".to_owned(),
            protocol: crate::PROTOCOL_VERSION,
            database: DatabaseKind::Sqlite,
        };
        insta::assert_json_snapshot!(health, @r#"
        {
          "status": "ok",
          "version": "0.1.0",
          "protocol": 2,
          "database": "sqlite"
        }
        "#);
    }

    #[test]
    fn degraded_postgres_round_trips() {
        let text = r#"{"status":"degraded","version":"9.9.9","protocol":1,"database":"postgres"}"#;
        let health: Health = serde_json::from_str(text).expect("valid health JSON");
        assert_eq!(health.status, HealthStatus::Degraded);
        assert_eq!(health.database, DatabaseKind::Postgres);
        assert_eq!(serde_json::to_string(&health).expect("serializes"), text);
    }
}
