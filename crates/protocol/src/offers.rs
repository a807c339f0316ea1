//! Job offers on the wire: one offer, `GET /api/v1/offers/changes`, the change feed a kiosk
//! follows to keep its own copy of every current offer, and the snapshot a first sync starts
//! from (`GET /api/v1/offers/snapshot`, then the immutable file it names).
//!
//! Times are milliseconds since the Unix epoch (UTC), the unit `guichet_core::time` uses. Codes
//! (wilaya, commune, occupation, contract type, sector) refer to the versioned lists of
//! [`crate::reference`].

use serde::{Deserialize, Serialize};

/// The query parameter naming the cursor a client resumes from.
pub const CHANGES_SINCE_PARAM: &str = "since";
/// The query parameter asking for at most this many changes.
pub const CHANGES_LIMIT_PARAM: &str = "limit";

/// A job offer, as a kiosk stores and shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    /// A UUID minted by the agency backend, stable for the offer's life.
    pub id: String,
    /// The identifier in the system the offer was imported from; what the desk looks up.
    pub external_id: String,
    /// At least one of the two languages is present.
    pub title: LocalizedText,
    pub description: LocalizedText,
    pub employer: String,
    pub wilaya: u8,
    /// A four-digit commune code.
    pub commune: String,
    /// An ISCO-08 code from the occupation list.
    pub occupation: String,
    /// A sector code.
    pub sector: String,
    /// A contract type code (`cdi`, `cdd`, `daip-cid`…).
    pub contract: String,
    pub working_time: WorkingTime,
    /// Years of experience required; 0 when none.
    pub experience_years: u8,
    pub education: EducationLevel,
    pub positions: u16,
    pub salary: Option<SalaryRange>,
    /// A driving licence category (`B`, `C`…), when one is required.
    pub driving_licence: Option<String>,
    pub open_to_disabled: bool,
    pub how_to_apply: HowToApply,
    pub published_at: u64,
    pub expires_at: u64,
    pub updated_at: u64,
}

/// Text an agency writes in French, Arabic or both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkingTime {
    FullTime,
    PartTime,
    Shifts,
}

/// The lowest level of education an offer asks for: the same scale a job seeker declares.
pub use crate::registration::EducationLevel;

/// A monthly gross salary range in Algerian dinars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalaryRange {
    pub min_dzd: u32,
    pub max_dzd: u32,
}

/// How a seeker applies. Most offers go through the agency: "ask at the desk".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum HowToApply {
    /// At the agency desk, quoting the offer's reference.
    AtAgency,
    /// Directly to the employer, as the text says (an address, a phone number of the employer).
    Direct { instructions: String },
}

/// One page of the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferChanges {
    /// Offers created or changed since the cursor, oldest change first.
    pub offers: Vec<Offer>,
    /// Ids of offers withdrawn or expired since the cursor: delete them.
    pub removed: Vec<String>,
    /// Where to resume. Opaque: store it and send it back as `since`, never interpret it.
    pub cursor: String,
    /// True when more changes are waiting: ask again at once with the new cursor.
    pub has_more: bool,
    /// True when the cursor sent belongs to another database (the server was restored or
    /// replaced): drop every stored offer, then apply this page, which starts from the beginning.
    #[serde(default)]
    pub reset: bool,
}

/// Where the current snapshot of the catalogue is: `GET /api/v1/offers/snapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferSnapshotPointer {
    /// The feed cursor the snapshot was taken at; also its name.
    pub cursor: String,
    /// The path of the snapshot (`/api/v1/offers/snapshots/<cursor>`), immutable and cacheable.
    pub url: String,
    /// How many offers it holds: what a first sync will have once it has applied it.
    pub offers: u64,
    /// The path of the snapshot's head (`/api/v1/offers/snapshots/<cursor>/head`): its newest
    /// [`SNAPSHOT_HEAD_OFFERS`] offers, a document of a few kilobytes that a first sync shows
    /// while the whole snapshot downloads. Absent for a snapshot taken by an older server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
}

/// How many offers a snapshot's head holds: two screens of the offers list.
pub const SNAPSHOT_HEAD_OFFERS: usize = 60;

/// Every live offer at one cursor: a first sync applies it, then follows the change feed from
/// `cursor`, which delivers everything after it (removals included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferSnapshot {
    pub cursor: String,
    /// In change order, as the feed replayed from the beginning would leave them.
    pub offers: Vec<Offer>,
}

/// The path a snapshot named `cursor` is served at.
pub fn snapshot_path(cursor: &str) -> String {
    format!("/api/v1/offers/snapshots/{cursor}")
}

/// The path the head of the snapshot named `cursor` is served at: an [`OfferSnapshot`] with the
/// same cursor and the snapshot's newest offers (by `published_at`, newest first; offers
/// published at the same time in the snapshot's order), the offers a first sync lists first.
pub fn snapshot_head_path(cursor: &str) -> String {
    format!("/api/v1/offers/snapshots/{cursor}/head")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer() -> Offer {
        Offer {
            id: "0b9e4c36-5a43-4d2c-9a8e-2f4f1c0de001".to_owned(),
            external_id: "ANEM-16-2026-0042".to_owned(),
            title: LocalizedText {
                fr: Some("Maçon qualifié".to_owned()),
                ar: Some("بنّاء مؤهل".to_owned()),
            },
            description: LocalizedText { fr: Some("Chantier de logements".to_owned()), ar: None },
            employer: "SARL Bâtir El Djazair".to_owned(),
            wilaya: 16,
            commune: "1601".to_owned(),
            occupation: "7112".to_owned(),
            sector: "btph".to_owned(),
            contract: "cdd".to_owned(),
            working_time: WorkingTime::FullTime,
            experience_years: 2,
            education: EducationLevel::Vocational,
            positions: 3,
            salary: Some(SalaryRange { min_dzd: 40_000, max_dzd: 55_000 }),
            driving_licence: None,
            open_to_disabled: false,
            how_to_apply: HowToApply::AtAgency,
            published_at: 1_795_000_000_000,
            expires_at: 1_797_600_000_000,
            updated_at: 1_795_000_000_000,
        }
    }

    #[test]
    fn offer_changes_wire_format() {
        let page = OfferChanges {
            offers: vec![offer()],
            removed: vec!["5f1d7a2e-0000-4000-8000-000000000007".to_owned()],
            cursor: "c1.k3v9.42".to_owned(),
            has_more: false,
            reset: false,
        };
        insta::assert_json_snapshot!(page, @r#"
        {
          "offers": [
            {
              "id": "0b9e4c36-5a43-4d2c-9a8e-2f4f1c0de001",
              "external_id": "ANEM-16-2026-0042",
              "title": {
                "fr": "Maçon qualifié",
                "ar": "بنّاء مؤهل"
              },
              "description": {
                "fr": "Chantier de logements"
              },
              "employer": "SARL Bâtir El Djazair",
              "wilaya": 16,
              "commune": "1601",
              "occupation": "7112",
              "sector": "btph",
              "contract": "cdd",
              "working_time": "full_time",
              "experience_years": 2,
              "education": "vocational",
              "positions": 3,
              "salary": {
                "min_dzd": 40000,
                "max_dzd": 55000
              },
              "driving_licence": null,
              "open_to_disabled": false,
              "how_to_apply": {
                "method": "at_agency"
              },
              "published_at": 1795000000000,
              "expires_at": 1797600000000,
              "updated_at": 1795000000000
            }
          ],
          "removed": [
            "5f1d7a2e-0000-4000-8000-000000000007"
          ],
          "cursor": "c1.k3v9.42",
          "has_more": false,
          "reset": false
        }
        "#);
    }

    #[test]
    fn direct_application_wire_format() {
        let how = HowToApply::Direct { instructions: "Se présenter au siège".to_owned() };
        insta::assert_json_snapshot!(how, @r#"
        {
          "method": "direct",
          "instructions": "Se présenter au siège"
        }
        "#);
    }

    #[test]
    fn a_page_without_reset_reads_as_no_reset() {
        let text = r#"{"offers":[],"removed":[],"cursor":"x","has_more":true}"#;
        let page: OfferChanges = serde_json::from_str(text).expect("valid page");
        assert!(page.has_more);
        assert!(!page.reset);
    }

    #[test]
    fn snapshot_wire_format() {
        let pointer = OfferSnapshotPointer {
            cursor: "0123456789abcdef.42".to_owned(),
            url: snapshot_path("0123456789abcdef.42"),
            offers: 1,
            head: Some(snapshot_head_path("0123456789abcdef.42")),
        };
        insta::assert_json_snapshot!(pointer, @r#"
        {
          "cursor": "0123456789abcdef.42",
          "url": "/api/v1/offers/snapshots/0123456789abcdef.42",
          "offers": 1,
          "head": "/api/v1/offers/snapshots/0123456789abcdef.42/head"
        }
        "#);
        // An older server's pointer has no head: still read.
        let older: OfferSnapshotPointer =
            serde_json::from_str(r#"{"cursor":"c","url":"/u","offers":3}"#).expect("valid pointer");
        assert_eq!(older.head, None);
        let snapshot =
            OfferSnapshot { cursor: "0123456789abcdef.42".to_owned(), offers: vec![offer()] };
        let text = serde_json::to_value(&snapshot).expect("serialises");
        assert_eq!(text["cursor"], "0123456789abcdef.42");
        assert_eq!(text["offers"][0], serde_json::to_value(offer()).expect("serialises"));
        assert_eq!(text.as_object().map(|fields| fields.len()), Some(2));
    }
}
