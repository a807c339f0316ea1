//! `GET /api/v1/reference`: the lists offers and registrations refer to by code (wilayas,
//! communes, occupations, contract types, sectors), with the version of the list.
//!
//! These lists change (territorial reforms in 2019 and 2026 created wilayas and moved communes;
//! occupation lists are revised), so they are data with a version that the agency imports, never
//! Rust enums. Lookups live in `guichet_core::reference`.

use serde::{Deserialize, Serialize};

/// The same text in the three languages of the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Labels {
    pub ar: String,
    pub fr: String,
    pub en: String,
}

/// Every reference list, as one versioned document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reference {
    /// Increases whenever any list changes; a client holding this version has nothing to fetch.
    pub version: u32,
    pub wilayas: Vec<Wilaya>,
    pub communes: Vec<Commune>,
    pub occupation_groups: Vec<OccupationGroup>,
    pub occupations: Vec<Occupation>,
    pub contract_types: Vec<ContractType>,
    pub sectors: Vec<Sector>,
}

/// A wilaya (province), by its official number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Wilaya {
    /// 1 to 69 since Law 26-06 of 4 April 2026.
    pub code: u8,
    pub name: Labels,
}

/// A commune, by its official code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commune {
    /// The official code on four digits, such as `1601` or `0310`: the first two are the wilaya
    /// the commune belonged to when it was numbered. A commune moved to a new wilaya keeps its
    /// code, so they may differ from [`Commune::wilaya`].
    pub code: String,
    /// The wilaya the commune belongs to today.
    pub wilaya: u8,
    /// The daïra (district) in French, which tells apart communes of the same name. Empty when
    /// the agency's lists do not give it (a server older than protocol 2).
    #[serde(default)]
    pub daira: String,
    /// Five digits, such as `16024`; empty when unknown.
    #[serde(default)]
    pub postal_code: String,
    pub name: Labels,
}

/// A family of occupations, what the offers list filters on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccupationGroup {
    pub code: String,
    pub name: Labels,
}

/// An occupation, by its ISCO-08 unit group code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occupation {
    /// Four digits, ISCO-08.
    pub code: String,
    /// An [`OccupationGroup`] code.
    pub group: String,
    pub name: Labels,
}

/// A kind of employment contract or insertion scheme (CDI, CDD, DAIP-CID…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractType {
    pub code: String,
    pub name: Labels,
}

/// An economic sector an employer belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sector {
    pub code: String,
    pub name: Labels,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(ar: &str, fr: &str, en: &str) -> Labels {
        Labels { ar: ar.to_owned(), fr: fr.to_owned(), en: en.to_owned() }
    }

    #[test]
    fn a_commune_without_daira_or_postal_code_still_reads() {
        let commune: Commune = serde_json::from_str(
            r#"{"code":"1601","wilaya":16,"name":{"ar":"الجزائر الوسطى","fr":"Alger Centre","en":"Alger Centre"}}"#,
        )
        .expect("an older server's commune");
        assert_eq!((commune.daira.as_str(), commune.postal_code.as_str()), ("", ""));
    }

    #[test]
    fn reference_wire_format() {
        let reference = Reference {
            version: 3,
            wilayas: vec![Wilaya { code: 16, name: labels("الجزائر", "Alger", "Algiers") }],
            communes: vec![Commune {
                code: "1621".to_owned(),
                wilaya: 16,
                daira: "Dar El Beïda".to_owned(),
                postal_code: "16024".to_owned(),
                name: labels("باب الزوار", "Bab Ezzouar", "Bab Ezzouar"),
            }],
            occupation_groups: vec![OccupationGroup {
                code: "construction".to_owned(),
                name: labels("البناء", "Bâtiment", "Construction"),
            }],
            occupations: vec![Occupation {
                code: "7112".to_owned(),
                group: "construction".to_owned(),
                name: labels("بنّاء", "Maçon", "Bricklayer"),
            }],
            contract_types: vec![ContractType {
                code: "cdi".to_owned(),
                name: labels("عقد غير محدد المدة", "CDI", "Permanent contract"),
            }],
            sectors: vec![Sector {
                code: "btph".to_owned(),
                name: labels("البناء والأشغال العمومية", "BTPH", "Construction"),
            }],
        };
        insta::assert_json_snapshot!(reference, @r#"
        {
          "version": 3,
          "wilayas": [
            {
              "code": 16,
              "name": {
                "ar": "الجزائر",
                "fr": "Alger",
                "en": "Algiers"
              }
            }
          ],
          "communes": [
            {
              "code": "1621",
              "wilaya": 16,
              "daira": "Dar El Beïda",
              "postal_code": "16024",
              "name": {
                "ar": "باب الزوار",
                "fr": "Bab Ezzouar",
                "en": "Bab Ezzouar"
              }
            }
          ],
          "occupation_groups": [
            {
              "code": "construction",
              "name": {
                "ar": "البناء",
                "fr": "Bâtiment",
                "en": "Construction"
              }
            }
          ],
          "occupations": [
            {
              "code": "7112",
              "group": "construction",
              "name": {
                "ar": "بنّاء",
                "fr": "Maçon",
                "en": "Bricklayer"
              }
            }
          ],
          "contract_types": [
            {
              "code": "cdi",
              "name": {
                "ar": "عقد غير محدد المدة",
                "fr": "CDI",
                "en": "Permanent contract"
              }
            }
          ],
          "sectors": [
            {
              "code": "btph",
              "name": {
                "ar": "البناء والأشغال العمومية",
                "fr": "BTPH",
                "en": "Construction"
              }
            }
          ]
        }
        "#);
    }
}
