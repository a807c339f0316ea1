//! A reference file as `guichet-server reference import` reads it
//! (`guichet_core::reference::file::read_csv`), then checked as each of the lists
//! (`guichet_core::reference::import`): wilayas, communes (against the built-in wilayas),
//! codes with names (occupation groups, contract types, sectors) and occupations (against the
//! built-in groups).
//!
//! Properties: lists a parser accepted always make consistent reference data with the lists
//! they were checked against (`ReferenceData::new`, what the server runs before storing), every
//! entry is found by its code, and the lists read back equal from the JSON the server stores.

#![no_main]

use guichet_core::reference::file::read_csv;
use guichet_core::reference::import::{
    parse_communes, parse_named, parse_occupations, parse_wilayas,
};
use guichet_core::reference::{BUILTIN_VERSION, ReferenceData};
use guichet_protocol::reference::{OccupationGroup, Reference};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(rows) = read_csv(text) else { return };
    let builtin = ReferenceData::builtin();
    let empty = Reference {
        version: BUILTIN_VERSION + 1,
        wilayas: Vec::new(),
        communes: Vec::new(),
        occupation_groups: Vec::new(),
        occupations: Vec::new(),
        contract_types: Vec::new(),
        sectors: Vec::new(),
    };

    if let Ok(wilayas) = parse_wilayas(&rows) {
        let data = check(Reference { wilayas, ..empty.clone() });
        for wilaya in data.wilayas() {
            assert_eq!(data.wilaya(wilaya.code), Some(wilaya));
        }
    }
    if let Ok(communes) = parse_communes(&rows, builtin.wilayas()) {
        let wilayas = builtin.wilayas().to_vec();
        let data = check(Reference { wilayas, communes, ..empty.clone() });
        for commune in &data.reference().communes {
            assert_eq!(data.commune(&commune.code), Some(commune));
            assert_eq!(data.commune_in_wilaya(&commune.code, commune.wilaya), Some(true));
        }
    }
    if let Ok(named) = parse_named(&rows) {
        let occupation_groups = named
            .into_iter()
            .map(|named| OccupationGroup { code: named.code, name: named.name })
            .collect();
        let data = check(Reference { occupation_groups, ..empty.clone() });
        for group in data.occupation_groups() {
            assert_eq!(data.occupation_group(&group.code), Some(group));
        }
    }
    let groups: Vec<String> =
        builtin.occupation_groups().iter().map(|group| group.code.clone()).collect();
    if let Ok(occupations) = parse_occupations(&rows, &groups) {
        let occupation_groups = builtin.occupation_groups().to_vec();
        let data = check(Reference { occupation_groups, occupations, ..empty });
        for occupation in data.occupations() {
            assert_eq!(data.occupation(&occupation.code), Some(occupation));
        }
    }
});

/// What the server does with accepted lists before storing them: index them (which must
/// succeed) and write them as JSON (which must read back the same).
fn check(reference: Reference) -> ReferenceData {
    let json = serde_json::to_string(&reference).expect("lists serialize");
    let again: Reference = serde_json::from_str(&json).expect("their JSON reads back");
    assert_eq!(again, reference);
    match ReferenceData::new(reference) {
        Ok(data) => data,
        Err(error) => panic!("accepted lists are not consistent: {error}"),
    }
}
