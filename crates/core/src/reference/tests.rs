use guichet_protocol::reference::Labels;

use super::*;

fn builtin() -> &'static ReferenceData {
    ReferenceData::builtin()
}

#[test]
fn the_builtin_lists_are_consistent() {
    assert_eq!(ReferenceData::parse_builtin().map(|data| data.version()), Ok(BUILTIN_VERSION));
}

#[test]
fn every_one_of_the_58_wilayas_has_a_french_and_an_arabic_name() {
    let codes: Vec<u8> = builtin().wilayas().iter().map(|wilaya| wilaya.code).collect();
    assert_eq!(codes, (1..=58).collect::<Vec<u8>>());
    for wilaya in builtin().wilayas() {
        assert!(!wilaya.name.fr.is_empty(), "{}", wilaya.code);
        assert!(wilaya.name.ar.chars().all(|c| ('\u{600}'..='\u{6ff}').contains(&c) || c == ' '));
    }
}

#[test]
fn lookups_by_code() {
    let check = |code: u8, expected: Option<(&str, &str)>| {
        let actual = builtin().wilaya(code).map(|w| (w.name.fr.as_str(), w.name.ar.as_str()));
        assert_eq!(actual, expected, "wilaya {code}");
    };
    check(1, Some(("Adrar", "أدرار")));
    check(16, Some(("Alger", "الجزائر")));
    check(31, Some(("Oran", "وهران")));
    check(58, Some(("El Meniaa", "المنيعة")));
    check(0, None);
    check(59, None);

    assert_eq!(builtin().commune("1601").map(|c| c.name.fr.as_str()), Some("Alger-Centre"));
    assert_eq!(builtin().commune("3101").map(|c| c.wilaya), Some(31));
    assert_eq!(builtin().commune("16"), None);
    assert_eq!(builtin().occupation("7112").map(|o| o.name.fr.as_str()), Some("Maçon"));
    assert_eq!(builtin().occupation("7112").map(|o| o.group.as_str()), Some("construction"));
    assert_eq!(builtin().occupation("0000"), None);
    assert_eq!(builtin().contract_type("daip-cid").map(|c| c.code.as_str()), Some("daip-cid"));
    assert_eq!(builtin().contract_type("CDI"), None, "codes are lower case");
    assert!(builtin().sector("btph").is_some());
    assert!(builtin().occupation_group("health").is_some());
}

#[test]
fn every_wilaya_has_its_chef_lieu_commune() {
    for wilaya in builtin().wilayas() {
        let communes: Vec<_> = builtin().communes_of(wilaya.code).collect();
        assert!(!communes.is_empty(), "wilaya {}", wilaya.code);
        assert_eq!(communes[0].code, format!("{:02}01", wilaya.code));
    }
}

#[test]
fn the_lists_cover_what_the_issue_asks() {
    assert!(builtin().occupations().len() >= 40);
    let contracts: Vec<&str> = builtin().contract_types().iter().map(|c| c.code.as_str()).collect();
    assert_eq!(contracts, ["cdi", "cdd", "cta", "daip-cid", "daip-cip", "daip-cfi", "seasonal"]);
    for occupation in builtin().occupations() {
        assert_eq!(occupation.code.len(), 4, "{occupation:?}");
        assert!(occupation.code.bytes().all(|b| b.is_ascii_digit()), "{occupation:?}");
        let Labels { ar, fr, en } = &occupation.name;
        assert!(!ar.is_empty() && !fr.is_empty() && !en.is_empty(), "{occupation:?}");
    }
}

/// FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
fn digest(texts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in texts.iter().flat_map(|text| text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[test]
fn a_change_to_the_lists_bumps_the_version() {
    let files = [WILAYAS, COMMUNES, OCCUPATION_GROUPS, OCCUPATIONS, CONTRACT_TYPES, SECTORS];
    // When this fails, a file under reference/ changed: bump BUILTIN_VERSION, then pin the new
    // digest and version here together.
    assert_eq!((BUILTIN_VERSION, digest(&files)), (1, 10_009_615_600_801_398_902));
}

#[test]
fn inconsistent_lists_are_refused() {
    let mut reference = builtin().reference().clone();
    reference.communes[0].code = "3101".to_owned();
    assert_eq!(
        ReferenceData::new(reference).map(|_| ()),
        Err(ReferenceError::DuplicateCode { list: "commune", code: "3101".to_owned() })
    );
    let mut reference = builtin().reference().clone();
    reference.communes[0].wilaya = 2;
    assert_eq!(
        ReferenceData::new(reference).map(|_| ()),
        Err(ReferenceError::CommuneOutsideWilaya { commune: "0101".to_owned(), wilaya: 2 })
    );
    let mut reference = builtin().reference().clone();
    reference.occupations[0].group = "nowhere".to_owned();
    assert!(matches!(ReferenceData::new(reference), Err(ReferenceError::UnknownGroup { .. })));
}
