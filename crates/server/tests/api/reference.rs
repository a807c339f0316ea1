//! The reference lists: served from the built-in version on a fresh database, imported as new
//! versions (all or nothing, every error with its file and line, the same files twice store
//! nothing), served at once with the new version as ETag, and used by the offers import; on
//! SQLite and PostgreSQL alike.

use std::path::{Path, PathBuf};

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use guichet_core::reference::BUILTIN_VERSION;
use guichet_protocol::reference::Reference;
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    registration::Registration,
    submission::{
        Submission, SubmissionBatch, SubmissionBody, SubmissionResults, SubmissionStatus,
    },
};
use guichet_server::reference::{
    ImportError, ImportFiles, ImportOutcome, ReferenceCache, import_files, known_versions,
};

use crate::support::{TestDatabase, TestSite};

run_against_every_database!(
    a_fresh_server_serves_the_69_wilayas_and_1541_communes,
    an_imported_version_is_served_at_once_and_the_same_files_again_store_nothing,
    an_import_with_errors_names_each_file_and_line_and_stores_nothing,
    a_registration_made_under_an_older_version_is_accepted_and_a_code_that_never_existed_is_not,
    a_submission_naming_its_version_is_accepted_with_the_codes_of_that_version_or_the_current,
    versions_are_parsed_once_per_cache_and_one_imported_elsewhere_is_seen_at_once,
    registration_check_uses_the_databases_versions_when_given_one,
);

const WILAYAS: &str = include_str!("../../../../reference/wilayas.csv");
const COMMUNES: &str = include_str!("../../../../reference/communes.csv");

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

async fn served(site: &TestSite) -> (Reference, String) {
    let response = site.get("/api/v1/reference").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    (response.json(), response.header("etag").to_owned())
}

async fn a_fresh_server_serves_the_69_wilayas_and_1541_communes(db: TestDatabase) {
    let site = TestSite::with_database(db);
    let (reference, etag) = served(&site).await;
    assert_eq!((reference.wilayas.len(), reference.communes.len()), (69, 1541));
    assert_eq!(reference.version, BUILTIN_VERSION);
    assert_eq!(etag, format!("\"reference-{BUILTIN_VERSION}\""));
    let bab_ezzouar = reference.communes.iter().find(|commune| commune.code == "1621").unwrap();
    assert_eq!(
        (
            bab_ezzouar.name.fr.as_str(),
            bab_ezzouar.daira.as_str(),
            bab_ezzouar.postal_code.as_str()
        ),
        ("Bab Ezzouar", "Dar El Beïda", "16024")
    );
}

async fn an_imported_version_is_served_at_once_and_the_same_files_again_store_nothing(
    db: TestDatabase,
) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let (_, old_etag) = served(&site).await;
    let dir = tempfile::tempdir().unwrap();
    // A wilaya 70 that takes Alger Centre, whose code stays 1601.
    let files = ImportFiles {
        wilayas: Some(write(
            dir.path(),
            "wilayas.csv",
            &format!("{}\n70,Nouvelle Wilaya,الولاية الجديدة,2027\n", WILAYAS.trim_end()),
        )),
        communes: Some(write(
            dir.path(),
            "communes.csv",
            &COMMUNES.replace("\n1601,16,", "\n1601,70,"),
        )),
        ..ImportFiles::default()
    };
    let outcome = import_files(&database, &files, 1).await.unwrap();
    let version = BUILTIN_VERSION + 1;
    assert_eq!(outcome, ImportOutcome::Stored { version });

    let (reference, etag) = served(&site).await;
    assert_eq!(reference.version, version);
    assert_eq!(etag, format!("\"reference-{version}\""));
    assert_eq!(reference.wilayas.len(), 70);
    let moved = reference.communes.iter().find(|commune| commune.code == "1601").unwrap();
    assert_eq!(moved.wilaya, 70);
    assert_eq!(
        reference.occupations.len(),
        guichet_core::reference::ReferenceData::builtin().occupations().len(),
        "kept"
    );

    // The kiosk holding the new version gets a 304; one holding the old, the new lists.
    let request = |tag: &str| {
        Request::get("/api/v1/reference").header("if-none-match", tag).body(Body::empty()).unwrap()
    };
    assert_eq!(site.send(request(&etag)).await.status, StatusCode::NOT_MODIFIED);
    assert_eq!(site.send(request(&old_etag)).await.status, StatusCode::OK);

    assert_eq!(
        import_files(&database, &files, 2).await.unwrap(),
        ImportOutcome::Unchanged { version }
    );
    // The offers import checks against the lists in force: wilaya 70 exists now.
    let current = guichet_server::reference::current(&database).await.unwrap();
    assert!(current.wilaya(70).is_some());
    assert_eq!(current.commune("1601").map(|commune| commune.wilaya), Some(70));
    let old = guichet_server::reference::version_of(&database, BUILTIN_VERSION).await.unwrap();
    assert_eq!(old.unwrap().commune("1601").map(|commune| commune.wilaya), Some(16));
    let known = known_versions(&database, &ReferenceCache::default()).await.unwrap();
    let numbers: Vec<u32> = known.all().iter().map(|version| version.version()).collect();
    assert_eq!(numbers, [BUILTIN_VERSION, version]);
    assert_eq!(known.current().version(), version);
}

async fn an_import_with_errors_names_each_file_and_line_and_stores_nothing(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let dir = tempfile::tempdir().unwrap();
    let wilayas =
        write(dir.path(), "w.csv", "code,name_fr,name_ar\n1,Adrar,أدرار\n1,Adrar,أدرار\n");
    let communes = write(
        dir.path(),
        "c.csv",
        "code,wilaya_code,daira,name_fr,name_ar,postal_code\n101,1,Adrar,Adrar,أدرار,01000\n9999,99,X,Y,ي,\n",
    );
    let files = ImportFiles {
        wilayas: Some(wilayas.clone()),
        communes: Some(communes.clone()),
        ..ImportFiles::default()
    };
    let Err(ImportError::Invalid(errors)) = import_files(&database, &files, 1).await else {
        panic!("an invalid import must fail");
    };
    assert_eq!(
        errors,
        [
            format!("{}: line 3: code: 1 is on an earlier line too", wilayas.display()),
            format!(
                "{}: line 3: wilaya_code: `99` is not valid: expected the code of a wilaya of the wilaya file",
                communes.display()
            ),
        ]
    );
    let (reference, _) = served(&site).await;
    assert_eq!(reference.version, BUILTIN_VERSION, "nothing stored");
    assert!(matches!(
        import_files(&database, &ImportFiles::default(), 1).await,
        Err(ImportError::NothingToImport)
    ));
}

/// Sends one registration, naming the version of the lists it was checked against (or none, as a
/// kiosk older than that field does).
async fn submit(
    site: &TestSite,
    client_id: &str,
    reference_version: Option<u32>,
    registration: Registration,
) -> SubmissionResults {
    let batch = SubmissionBatch {
        registrations: vec![Submission {
            client_id: client_id.to_owned(),
            submitted_at: "2026-11-29T09:30:00Z".to_owned(),
            reference_version,
            body: SubmissionBody::Clear(registration),
        }],
    };
    let request = Request::post("/api/v1/registrations")
        .header("content-type", "application/json")
        .header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION.to_string())
        .body(Body::from(serde_json::to_string(&batch).unwrap()))
        .unwrap();
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

async fn a_registration_made_under_an_older_version_is_accepted_and_a_code_that_never_existed_is_not(
    db: TestDatabase,
) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    // The new version drops Bab Ezzouar (1621); a kiosk still offline filled a form with it.
    let dir = tempfile::tempdir().unwrap();
    let communes: String = COMMUNES
        .lines()
        .filter(|line| !line.starts_with("1621,"))
        .map(|line| format!("{line}\n"))
        .collect();
    let files = ImportFiles {
        communes: Some(write(dir.path(), "communes.csv", &communes)),
        ..ImportFiles::default()
    };
    assert!(matches!(
        import_files(&database, &files, 1).await.unwrap(),
        ImportOutcome::Stored { .. }
    ));
    let (reference, _) = served(&site).await;
    assert_eq!(reference.communes.len(), 1540);

    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    let mut registration: Registration = serde_json::from_str(fixture).unwrap();
    registration.contact.residence_commune = "1621".to_owned();
    let answer =
        submit(&site, "0190f5e2-1234-7abc-9def-0123456789e1", None, registration.clone()).await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Created, "{:?}", answer.results[0]);

    registration.contact.residence_commune = "9999".to_owned();
    let answer = submit(&site, "0190f5e2-1234-7abc-9def-0123456789e2", None, registration).await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Invalid);
    let fields: Vec<(&str, &str)> = answer.results[0]
        .errors
        .iter()
        .map(|error| (error.field.as_str(), error.code.as_str()))
        .collect();
    assert_eq!(fields, [("contact.residence_commune", "unknown_commune")]);
}

/// Imports the reform of these tests as the next version: a wilaya 70 that takes Alger Centre
/// (1601, whose code stays) and a new commune 7001, while Bab Ezzouar (1621) is dropped.
async fn import_the_reform(database: &guichet_server::Database) -> u32 {
    let dir = tempfile::tempdir().unwrap();
    let communes: String = COMMUNES
        .replace("\n1601,16,", "\n1601,70,")
        .lines()
        .filter(|line| !line.starts_with("1621,"))
        .map(|line| format!("{line}\n"))
        .chain(["7001,70,Nouvelle,Nouvelle Commune,البلدية الجديدة,70000\n".to_owned()])
        .collect();
    let files = ImportFiles {
        wilayas: Some(write(
            dir.path(),
            "wilayas.csv",
            &format!("{}\n70,Nouvelle Wilaya,الولاية الجديدة,2027\n", WILAYAS.trim_end()),
        )),
        communes: Some(write(dir.path(), "communes.csv", &communes)),
        ..ImportFiles::default()
    };
    match import_files(database, &files, 1).await.unwrap() {
        ImportOutcome::Stored { version } => version,
        ImportOutcome::Unchanged { .. } => panic!("the reform changes the lists"),
    }
}

/// A submission's named version, its wilaya and commune of residence, the errors expected.
type Case = (Option<u32>, u8, &'static str, &'static [(&'static str, &'static str)]);

/// The valid fixture living in `wilaya`/`commune` (born in Oran, a commune of every version).
fn living_in(wilaya: u8, commune: &str) -> Registration {
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    let mut registration: Registration = serde_json::from_str(fixture).unwrap();
    registration.civil_status.birth_wilaya = Some(31);
    registration.civil_status.birth_commune = "3101".to_owned();
    registration.contact.residence_wilaya = Some(wilaya);
    registration.contact.residence_commune = commune.to_owned();
    registration
}

async fn a_submission_naming_its_version_is_accepted_with_the_codes_of_that_version_or_the_current(
    db: TestDatabase,
) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let reform = import_the_reform(&database).await;
    let old = Some(BUILTIN_VERSION);
    let new = Some(reform);
    // Each case: the version named, where the person lives, and the errors expected.
    let unknown_commune: &[(&str, &str)] = &[("contact.residence_commune", "unknown_commune")];
    let cases: [Case; 12] = [
        // Filled under the older version: Bab Ezzouar, dropped since.
        (old, 16, "1621", &[]),
        // Alger Centre moved to 70: either wilaya, whichever version was named.
        (old, 16, "1601", &[]),
        (old, 70, "1601", &[]),
        (new, 70, "1601", &[]),
        (new, 16, "1601", &[]),
        // The new commune, named under the older version: the current one holds it.
        (old, 70, "7001", &[]),
        (new, 70, "7001", &[]),
        // Named the current version with a commune only the older one had: accepted, since
        // the agency refuses only codes that never existed (and logs the disagreement).
        (new, 16, "1621", &[]),
        // Codes that never existed, whatever the version named or not.
        (old, 16, "9999", unknown_commune),
        (new, 70, "7002", unknown_commune),
        (None, 16, "9999", unknown_commune),
        // A version this server never had: checked against every version it has.
        (Some(reform + 40), 71, "1621", &[("contact.residence_wilaya", "unknown_wilaya")]),
    ];
    for (index, (version, wilaya, commune, expected)) in cases.into_iter().enumerate() {
        let client_id = format!("0190f5e2-1234-7abc-9def-0123456789{index:02}");
        let answer = submit(&site, &client_id, version, living_in(wilaya, commune)).await;
        let result = &answer.results[0];
        let errors: Vec<(&str, &str)> =
            result.errors.iter().map(|error| (error.field.as_str(), error.code.as_str())).collect();
        assert_eq!(errors, expected, "case {index}: {version:?}, {wilaya}, {commune}");
        let status =
            if expected.is_empty() { SubmissionStatus::Created } else { SubmissionStatus::Invalid };
        assert_eq!(result.status, status, "case {index}");
    }
}

async fn versions_are_parsed_once_per_cache_and_one_imported_elsewhere_is_seen_at_once(
    db: TestDatabase,
) {
    let database = db.database.clone();
    let cache = ReferenceCache::default();
    let numbers = |known: &guichet_server::reference::KnownVersions| -> Vec<u32> {
        known.all().iter().map(|version| version.version()).collect()
    };
    // Only the built-in lists: nothing to parse.
    let known = known_versions(&database, &cache).await.unwrap();
    assert_eq!((numbers(&known), cache.parsed()), (vec![BUILTIN_VERSION], 0));

    let reform = import_the_reform(&database).await;
    let known = known_versions(&database, &cache).await.unwrap();
    assert_eq!((numbers(&known), cache.parsed()), (vec![BUILTIN_VERSION, reform], 1));
    assert_eq!(known.current().commune("1601").map(|commune| commune.wilaya), Some(70));
    // Asked again (the next batch): the version is held, not read and parsed again.
    let again = known_versions(&database, &cache).await.unwrap();
    assert_eq!((numbers(&again), cache.parsed()), (vec![BUILTIN_VERSION, reform], 1));
    assert!(std::ptr::eq(again.current(), known.current()), "the same parsed lists");

    // Another instance on the same database imports a newer version: this one sees it at its
    // next look and parses only that one.
    let dir = tempfile::tempdir().unwrap();
    let files = ImportFiles {
        wilayas: Some(write(
            dir.path(),
            "wilayas.csv",
            &format!("{}\n70,Wilaya Renommée,الولاية الجديدة,2027\n", WILAYAS.trim_end()),
        )),
        ..ImportFiles::default()
    };
    let ImportOutcome::Stored { version: newer } =
        import_files(&database, &files, 2).await.unwrap()
    else {
        panic!("a renamed wilaya is a new version");
    };
    let known = known_versions(&database, &cache).await.unwrap();
    assert_eq!((numbers(&known), cache.parsed()), (vec![BUILTIN_VERSION, reform, newer], 2));
    assert_eq!(
        known.current().wilaya(70).map(|wilaya| wilaya.name.fr.as_str()),
        Some("Wilaya Renommée")
    );
}

async fn registration_check_uses_the_databases_versions_when_given_one(db: TestDatabase) {
    let database = db.database.clone();
    import_the_reform(&database).await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "registration.json",
        &serde_json::to_string(&living_in(70, "7001")).unwrap(),
    );
    let args = guichet_server::registrations::CheckArgs {
        file,
        on: Some("2026-11-29".to_owned()),
        database_url: None,
    };
    let clock = guichet_server::Clock::System;
    let check = async |database| {
        let mut out = Vec::new();
        let valid = guichet_server::registrations::check_against(&args, database, &clock, &mut out)
            .await
            .unwrap();
        (valid, String::from_utf8(out).unwrap())
    };
    // The built-in lists know neither wilaya 70 nor commune 7001.
    let (valid, report) = check(None).await;
    assert!(!valid, "{report}");
    assert!(report.starts_with("contact.residence_wilaya\tunknown_wilaya\t"), "{report}");
    // The database's versions do.
    let (valid, report) = check(Some(&database)).await;
    assert!(valid, "{report}");
    assert_eq!(report, "Inscription valide\n");
}
