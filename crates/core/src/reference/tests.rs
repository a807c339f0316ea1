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
fn every_one_of_the_69_wilayas_has_a_french_and_an_arabic_name() {
    let codes: Vec<u8> = builtin().wilayas().iter().map(|wilaya| wilaya.code).collect();
    assert_eq!(codes, (1..=69).collect::<Vec<u8>>());
    for wilaya in builtin().wilayas() {
        assert!(!wilaya.name.fr.is_empty(), "{}", wilaya.code);
        assert!(wilaya.name.ar.chars().all(|c| ('\u{600}'..='\u{6ff}').contains(&c) || c == ' '));
    }
}

#[test]
fn the_1541_communes_all_have_names_a_daira_and_most_a_postal_code() {
    assert_eq!(builtin().reference().communes.len(), 1541);
    for commune in &builtin().reference().communes {
        assert!(!commune.name.fr.is_empty() && !commune.name.ar.is_empty(), "{commune:?}");
        assert!(!commune.daira.is_empty(), "{commune:?}");
        assert!(matches!(commune.postal_code.len(), 0 | 5), "{commune:?}");
    }
    // The source gives no postal code for five communes (see reference/README.md).
    let without: Vec<&str> = builtin()
        .reference()
        .communes
        .iter()
        .filter(|commune| commune.postal_code.is_empty())
        .map(|commune| commune.code.as_str())
        .collect();
    assert_eq!(without, ["2304", "3125", "4627", "5106", "2838"]);
    for wilaya in builtin().wilayas() {
        assert!(builtin().communes_of(wilaya.code).next().is_some(), "wilaya {}", wilaya.code);
    }
}

/// The built-in lists are the copied official ones (`/reference/*.csv`, see its README) with
/// nothing changed but the form: codes on four digits, English names as the French ones.
#[test]
fn the_builtin_lists_are_the_copied_official_files() {
    let rows = |text: &'static str| {
        text.lines().skip(1).map(|line| line.split(',').collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    let wilayas = rows(include_str!("../../../../reference/wilayas.csv"));
    assert_eq!(wilayas.len(), builtin().wilayas().len());
    for (row, wilaya) in wilayas.iter().zip(builtin().wilayas()) {
        assert_eq!(
            [row[0], row[1], row[2]],
            [wilaya.code.to_string().as_str(), &wilaya.name.fr, &wilaya.name.ar]
        );
    }
    let communes = rows(include_str!("../../../../reference/communes.csv"));
    assert_eq!(communes.len(), builtin().reference().communes.len());
    for (row, commune) in communes.iter().zip(&builtin().reference().communes) {
        let wilaya = commune.wilaya.to_string();
        let code = commune_code(row[0]).expect("official code");
        assert_eq!(
            [code.as_str(), row[1], row[2], row[3], row[4], row[5]],
            [
                commune.code.as_str(),
                &wilaya,
                &commune.daira,
                &commune.name.fr,
                &commune.name.ar,
                &commune.postal_code
            ]
        );
        assert_eq!(commune.name.en, commune.name.fr);
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
    check(59, Some(("Aflou", "آفلو")));
    check(69, Some(("El Abiodh Sidi Cheikh", "الأبيض سيدي الشيخ")));
    check(0, None);
    check(70, None);

    assert_eq!(builtin().commune("1601").map(|c| c.name.fr.as_str()), Some("Alger Centre"));
    assert_eq!(builtin().commune("1621").map(|c| c.daira.as_str()), Some("Dar El Beïda"));
    assert_eq!(builtin().commune("3101").map(|c| c.wilaya), Some(31));
    assert_eq!(builtin().commune("0319").map(|c| c.wilaya), Some(59), "Aflou moved in 2026");
    assert_eq!(builtin().commune("319"), None, "codes are canonical: see commune_code");
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
fn commune_codes_are_read_with_or_without_their_leading_zero() {
    let check = |text: &str, expected: Option<&str>| {
        assert_eq!(commune_code(text).as_deref(), expected, "{text:?}");
    };
    check("1601", Some("1601"));
    check("310", Some("0310"));
    check(" 0310 ", Some("0310"));
    check("16", None);
    check("16010", None);
    check("16a1", None);
    check("", None);
}

#[test]
fn a_moved_commune_may_be_named_with_its_old_or_its_new_wilaya() {
    let check = |commune: &str, wilaya: u8, expected: Option<bool>| {
        assert_eq!(builtin().commune_in_wilaya(commune, wilaya), expected, "{commune} {wilaya}");
    };
    check("0319", 59, Some(true));
    check("0319", 3, Some(true));
    check("0319", 16, Some(false));
    check("1621", 16, Some(true));
    check("1621", 9, Some(false));
    check("9999", 16, None);
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
    assert_eq!((BUILTIN_VERSION, digest(&files)), (2, 304_991_947_507_293_400));
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
    reference.communes[0].wilaya = 70;
    assert_eq!(
        ReferenceData::new(reference).map(|_| ()),
        Err(ReferenceError::UnknownWilaya { commune: "0101".to_owned(), wilaya: 70 })
    );
    let mut reference = builtin().reference().clone();
    reference.communes[0].code = "101".to_owned();
    assert_eq!(
        ReferenceData::new(reference).map(|_| ()),
        Err(ReferenceError::MalformedCommuneCode { commune: "101".to_owned() })
    );
    let mut reference = builtin().reference().clone();
    reference.occupations[0].group = "nowhere".to_owned();
    assert!(matches!(ReferenceData::new(reference), Err(ReferenceError::UnknownGroup { .. })));
}
