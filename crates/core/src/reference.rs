//! The reference lists offers and registrations point into, and lookups by code.
//!
//! The lists are data with a version. The agency imports new versions; the built-in one (see
//! `reference/README.md`) is compiled in only with the `builtin` feature, which the server and
//! the build tools enable: the kiosk never compiles the lists in, it loads them as a file of its
//! build (or a newer version from the agency) and indexes them with [`ReferenceData::new`]. The
//! API of [`ReferenceData`] is relied upon by registration validation: extend it, do not change
//! it.

use std::collections::HashMap;

#[cfg(feature = "server")]
pub mod file;
pub mod import;
pub mod places;

use guichet_protocol::reference::{
    Commune, ContractType, Occupation, OccupationGroup, Reference, Sector, Wilaya,
};

/// The version of the built-in lists. Bump it whenever a file under `reference/` changes.
pub const BUILTIN_VERSION: u32 = 2;

#[cfg(any(test, feature = "builtin"))]
const WILAYAS: &str = include_str!("../reference/wilayas.json");
#[cfg(any(test, feature = "builtin"))]
const COMMUNES: &str = include_str!("../reference/communes.json");
#[cfg(any(test, feature = "builtin"))]
const OCCUPATION_GROUPS: &str = include_str!("../reference/occupation_groups.json");
#[cfg(any(test, feature = "builtin"))]
const OCCUPATIONS: &str = include_str!("../reference/occupations.json");
#[cfg(any(test, feature = "builtin"))]
const CONTRACT_TYPES: &str = include_str!("../reference/contract_types.json");
#[cfg(any(test, feature = "builtin"))]
const SECTORS: &str = include_str!("../reference/sectors.json");

/// Reference lists with an index per code. Build it once and share it.
#[derive(Debug, Clone)]
pub struct ReferenceData {
    reference: Reference,
    wilayas: HashMap<u8, usize>,
    communes: HashMap<String, usize>,
    occupation_groups: HashMap<String, usize>,
    occupations: HashMap<String, usize>,
    contract_types: HashMap<String, usize>,
    sectors: HashMap<String, usize>,
}

/// Why a set of reference lists is inconsistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("the {list} list holds the code {code} twice")]
    DuplicateCode { list: &'static str, code: String },
    #[error("commune {commune} belongs to wilaya {wilaya}, which is not in the list")]
    UnknownWilaya { commune: String, wilaya: u8 },
    #[error("commune code {commune} is not four digits")]
    MalformedCommuneCode { commune: String },
    #[error("occupation {occupation} names the group {group}, which is not in the list")]
    UnknownGroup { occupation: String, group: String },
    #[error("the reference file {file} is not valid: {message}")]
    Malformed { file: &'static str, message: String },
}

impl ReferenceData {
    /// The lists compiled into this build, parsed once.
    #[cfg(any(test, feature = "builtin"))]
    pub fn builtin() -> &'static ReferenceData {
        static BUILTIN: std::sync::OnceLock<ReferenceData> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The files are compiled in and checked by this crate's tests: failing here is a
            // build defect, not a runtime condition.
            Self::parse_builtin().expect("the built-in reference data is consistent")
        })
    }

    /// Indexes `reference`, refusing duplicate codes and dangling links between lists.
    pub fn new(reference: Reference) -> Result<Self, ReferenceError> {
        let wilayas = index("wilaya", reference.wilayas.iter().map(|w| w.code))?;
        let communes = index("commune", reference.communes.iter().map(|c| c.code.clone()))?;
        let occupation_groups =
            index("occupation group", reference.occupation_groups.iter().map(|g| g.code.clone()))?;
        let occupations =
            index("occupation", reference.occupations.iter().map(|o| o.code.clone()))?;
        let contract_types =
            index("contract type", reference.contract_types.iter().map(|c| c.code.clone()))?;
        let sectors = index("sector", reference.sectors.iter().map(|s| s.code.clone()))?;
        for commune in &reference.communes {
            if !wilayas.contains_key(&commune.wilaya) {
                return Err(ReferenceError::UnknownWilaya {
                    commune: commune.code.clone(),
                    wilaya: commune.wilaya,
                });
            }
            if commune_code(&commune.code).as_deref() != Some(commune.code.as_str()) {
                return Err(ReferenceError::MalformedCommuneCode { commune: commune.code.clone() });
            }
        }
        for occupation in &reference.occupations {
            if !occupation_groups.contains_key(&occupation.group) {
                return Err(ReferenceError::UnknownGroup {
                    occupation: occupation.code.clone(),
                    group: occupation.group.clone(),
                });
            }
        }
        Ok(Self {
            reference,
            wilayas,
            communes,
            occupation_groups,
            occupations,
            contract_types,
            sectors,
        })
    }

    /// The lists as served at `GET /api/v1/reference`.
    pub fn reference(&self) -> &Reference {
        &self.reference
    }

    pub fn version(&self) -> u32 {
        self.reference.version
    }

    pub fn wilaya(&self, code: u8) -> Option<&Wilaya> {
        self.wilayas.get(&code).map(|&at| &self.reference.wilayas[at])
    }

    /// A commune by its four-digit code (`"1601"`, `"0310"`).
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.communes.get(code).map(|&at| &self.reference.communes[at])
    }

    /// Whether `commune` may be named with `wilaya`: the wilaya it belongs to today, or the one
    /// its code was given in (a commune moved by a reform keeps its code, and a form filled
    /// before the reform names its old wilaya). `None` for an unknown commune.
    pub fn commune_in_wilaya(&self, commune: &str, wilaya: u8) -> Option<bool> {
        let found = self.commune(commune)?;
        Some(found.wilaya == wilaya || original_wilaya(&found.code) == Some(wilaya))
    }

    /// An occupation by its ISCO-08 code (`"7112"`).
    pub fn occupation(&self, code: &str) -> Option<&Occupation> {
        self.occupations.get(code).map(|&at| &self.reference.occupations[at])
    }

    pub fn occupation_group(&self, code: &str) -> Option<&OccupationGroup> {
        self.occupation_groups.get(code).map(|&at| &self.reference.occupation_groups[at])
    }

    /// A contract type by its code (`"cdi"`, `"daip-cid"`).
    pub fn contract_type(&self, code: &str) -> Option<&ContractType> {
        self.contract_types.get(code).map(|&at| &self.reference.contract_types[at])
    }

    pub fn sector(&self, code: &str) -> Option<&Sector> {
        self.sectors.get(code).map(|&at| &self.reference.sectors[at])
    }

    pub fn wilayas(&self) -> &[Wilaya] {
        &self.reference.wilayas
    }

    /// The communes of one wilaya today, in list order.
    pub fn communes_of(&self, wilaya: u8) -> impl Iterator<Item = &Commune> {
        self.reference.communes.iter().filter(move |commune| commune.wilaya == wilaya)
    }

    pub fn occupation_groups(&self) -> &[OccupationGroup] {
        &self.reference.occupation_groups
    }

    pub fn occupations(&self) -> &[Occupation] {
        &self.reference.occupations
    }

    pub fn contract_types(&self) -> &[ContractType] {
        &self.reference.contract_types
    }

    pub fn sectors(&self) -> &[Sector] {
        &self.reference.sectors
    }

    #[cfg(any(test, feature = "builtin"))]
    fn parse_builtin() -> Result<Self, ReferenceError> {
        Self::new(Reference {
            version: BUILTIN_VERSION,
            wilayas: parse("wilayas.json", WILAYAS)?,
            communes: parse("communes.json", COMMUNES)?,
            occupation_groups: parse("occupation_groups.json", OCCUPATION_GROUPS)?,
            occupations: parse("occupations.json", OCCUPATIONS)?,
            contract_types: parse("contract_types.json", CONTRACT_TYPES)?,
            sectors: parse("sectors.json", SECTORS)?,
        })
    }
}

/// A commune code in its canonical form, four digits: the official code is often written
/// without its leading zero (`310` for `0310`), and both are accepted.
pub fn commune_code(text: &str) -> Option<String> {
    let text = text.trim();
    let digits = text.len();
    if !(3..=4).contains(&digits) || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(format!("{text:0>4}"))
}

/// The wilaya a commune's code was given in: its first two digits.
pub fn original_wilaya(code: &str) -> Option<u8> {
    code.get(..2)?.parse().ok()
}

#[cfg(any(test, feature = "builtin"))]
fn parse<T: serde::de::DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<T, ReferenceError> {
    serde_json::from_str(text)
        .map_err(|error| ReferenceError::Malformed { file, message: error.to_string() })
}

fn index<K: std::hash::Hash + Eq + ToString>(
    list: &'static str,
    codes: impl Iterator<Item = K>,
) -> Result<HashMap<K, usize>, ReferenceError> {
    let mut map = HashMap::new();
    for (at, code) in codes.enumerate() {
        let text = code.to_string();
        if map.insert(code, at).is_some() {
            return Err(ReferenceError::DuplicateCode { list, code: text });
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests;
