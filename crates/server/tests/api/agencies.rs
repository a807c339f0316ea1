//! ANEM's agencies: importing the bundled list (all 331 agencies, every commune placed), all or
//! nothing on a broken file, idempotent re-import, the commune a phone's pre-registration goes
//! to, kiosk settings, and the `agencies` commands, on SQLite and PostgreSQL alike.

use clap::Parser as _;
use guichet_protocol::devices::KioskSettings;
use guichet_server::{
    Database,
    agencies::{self, AgenciesCommand, BUNDLED_LIST, CheckedKioskSettings, ImportError},
    cli::{self, Command},
};

use crate::support::TestDatabase;

run_against_every_database!(
    the_bundled_list_places_every_commune_and_a_second_import_changes_nothing,
    a_broken_list_writes_nothing,
    unmatched_names_are_imported_only_when_allowed_and_are_listed,
    a_changed_list_updates_what_changed_and_keeps_the_kiosk_settings,
    serve_seeds_the_bundled_list_into_an_empty_database_only,
);

const HEADER: &str =
    "id,type,anem_wilaya_code,name,address,phone,email,communes_served,latitude,longitude";

/// Alger's wilaya agency and two local ones, one serving every commune of Alger by the rule.
fn small_list(extra_served: &str) -> String {
    [
        HEADER.to_owned(),
        "16,AWEM,16,AWEM Alger,Rue A,(021) 1,awem@anem.dz,,36.7,3.05".to_owned(),
        "16-01,ALEM,16,ALEM ALGER CENTRE,Rue B,(021) 2,a@anem.dz,\"ALGER CENTRE,EL BIAR\",36.7,3.05"
            .to_owned(),
        format!("16-05,ALEM,16,ALEM BAB EZZOUAR,Rue C,(021) 3,b@anem.dz,\"BEB EZZOUAR{extra_served}\",,"),
    ]
    .join("\n")
}

async fn agency_count(database: &Database) -> i64 {
    agencies::count(database).await.unwrap()
}

async fn the_bundled_list_places_every_commune_and_a_second_import_changes_nothing(
    db: TestDatabase,
) {
    let database = &db.database;
    let first = agencies::import(database, BUNDLED_LIST, false).await.unwrap();
    assert_eq!(first.agencies, 331);
    assert_eq!(first.plan.matched_by_folding + first.plan.matched_by_alias, 1_547);
    assert!(first.plan.unmatched.is_empty());
    assert_eq!((first.counts.agencies_inserted, first.counts.communes_inserted), (331, 1_541));
    assert_eq!(agency_count(database).await, 331);

    // Where a phone's pre-registration goes: Alger Centre (listed as ALGER), a commune listed
    // by three agencies (Oran), a commune of a 2026 wilaya (Aïn Oussera, 65, formerly Djelfa).
    for (commune, agency) in [("1601", "16-01"), ("3101", "31-01"), ("1731", "17-02")] {
        let serving = agencies::serving_commune(database, commune).await.unwrap();
        assert_eq!(serving.as_deref(), Some(agency), "commune {commune}");
    }
    assert_eq!(agencies::serving_commune(database, "9999").await.unwrap(), None);

    let bab_ezzouar = agencies::find(database, "16-04").await.unwrap().expect("16-04 exists");
    assert_eq!(bab_ezzouar.kind, agencies::AgencyKind::Local);
    assert_eq!(bab_ezzouar.kiosk, KioskSettings::default());
    assert_eq!(agencies::find(database, "99-99").await.unwrap(), None);

    let second = agencies::import(database, BUNDLED_LIST, false).await.unwrap();
    assert!(!second.counts.changed_anything(), "{:?}", second.counts);
    assert_eq!((second.counts.agencies_unchanged, second.counts.communes_unchanged), (331, 1_541));
}

async fn a_broken_list_writes_nothing(db: TestDatabase) {
    let database = &db.database;
    // One bad row among good ones: nothing is written, and the line is named.
    let broken = format!("{}\n16-09,ALEM,16,,Rue,(021),c@anem.dz,KOUBA,north,3.0", small_list(""));
    let error = agencies::import(database, &broken, false).await.expect_err("a broken row");
    let ImportError::Invalid { errors } = &error else { panic!("not a row error: {error}") };
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages, ["line 5: name: empty", "line 5: latitude: `north` is not a coordinate"]);
    assert_eq!(agency_count(database).await, 0);

    // A name that matches no commune: nothing either, even though every row reads.
    let unmatched = small_list(",NOWHERE");
    let error = agencies::import(database, &unmatched, false).await.expect_err("NOWHERE");
    assert!(
        error.to_string().contains("line 4: agency 16-05: `NOWHERE` matches no commune"),
        "{error}"
    );
    assert_eq!(agency_count(database).await, 0);

    // The whole bundled list, one commune name misspelt: still nothing.
    let misspelt = BUNDLED_LIST.replacen("BOUDA,", "BOUDAX,", 1);
    let error = agencies::import(database, &misspelt, false).await.expect_err("BOUDAX");
    assert!(error.to_string().contains("line 3: agency 01-01: `BOUDAX`"), "{error}");
    assert_eq!(agency_count(database).await, 0);
}

async fn unmatched_names_are_imported_only_when_allowed_and_are_listed(db: TestDatabase) {
    let database = &db.database;
    let list = small_list(",NOWHERE");
    let report = agencies::import(database, &list, true).await.unwrap();
    assert_eq!(report.agencies, 3);
    let unmatched: Vec<&str> = report.plan.unmatched.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(unmatched, ["NOWHERE"]);
    // Alger's communes not listed go to the agency of Alger Centre, its chef-lieu; other
    // wilayas' communes have no agency in this list.
    assert_eq!(
        agencies::serving_commune(database, "1621").await.unwrap().as_deref(),
        Some("16-05")
    );
    assert_eq!(
        agencies::serving_commune(database, "1605").await.unwrap().as_deref(),
        Some("16-01")
    );
    assert_eq!(agencies::serving_commune(database, "3101").await.unwrap(), None);
    // Without the flag, a list leaving communes without an agency is refused.
    let error = agencies::import(database, &small_list(""), false).await.expect_err("partial");
    assert!(matches!(error, ImportError::Unassigned { .. }), "{error}");
}

async fn a_changed_list_updates_what_changed_and_keeps_the_kiosk_settings(db: TestDatabase) {
    let database = &db.database;
    agencies::import(database, &small_list(""), true).await.unwrap();
    let settings =
        KioskSettings { idle_seconds: 120, countdown_seconds: 45, rejected_retention_days: 3 };
    let checked = CheckedKioskSettings::new(settings).unwrap();
    assert!(agencies::set_kiosk_settings(database, "16-05", checked).await.unwrap());
    assert!(!agencies::set_kiosk_settings(database, "99-99", checked).await.unwrap());
    assert_eq!(agencies::kiosk_settings(database, "16-05").await.unwrap(), Some(settings));

    // El Biar moves from 16-01 to 16-05, and 16-05 gets a phone number.
    let changed = small_list(",EL BIAR")
        .replace("\"ALGER CENTRE,EL BIAR\"", "ALGER CENTRE")
        .replace("(021) 3", "(021) 33");
    let report = agencies::import(database, &changed, true).await.unwrap();
    assert_eq!(
        (report.counts.agencies_updated, report.counts.agencies_unchanged),
        (1, 2),
        "{:?}",
        report.counts
    );
    assert_eq!(report.counts.communes_updated, 1, "{:?}", report.counts);
    assert_eq!(
        agencies::serving_commune(database, "1610").await.unwrap().as_deref(),
        Some("16-05")
    );
    let agency = agencies::find(database, "16-05").await.unwrap().unwrap();
    assert_eq!((agency.phone.as_str(), agency.kiosk), ("(021) 33", settings));
}

#[tokio::test]
async fn check_passes_the_bundled_list_and_shows_what_the_rule_gives_communes_listed_by_several() {
    let mut out = Vec::new();
    let command = Command::Agencies(AgenciesCommand::Check(agencies::CheckArgs { file: None }));
    // Every name matches and every commune ends up with one agency: listed by several is ANEM's
    // data, mended by the rule, and shown.
    cli::run(command, &mut out).await.expect("the bundled list serves every commune once");
    let report = String::from_utf8(out).unwrap();
    assert!(report.contains("the bundled list: 331 agencies"), "{report}");
    assert!(
        report.contains("served names: 1239 matched by folding, 308 by alias, 0 unmatched"),
        "{report}"
    );
    assert!(
        report.contains(
            "communes: 1541 of 1541, 1536 listed by one local agency, 5 by several, 0 by none"
        ),
        "{report}"
    );
    assert!(report.contains("  3101 Oran: 31-01, 31-02, 31-08 -> 31-01"), "{report}");
}

#[tokio::test]
async fn check_lists_what_the_rule_assigns_and_import_and_list_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agencies.csv");
    std::fs::write(&file, small_list(",NOWHERE")).unwrap();
    let mut out = Vec::new();
    let check =
        Command::Agencies(AgenciesCommand::Check(agencies::CheckArgs { file: Some(file.clone()) }));
    cli::run(check, &mut out).await.expect_err("NOWHERE and unplaced communes");
    let report = String::from_utf8(out).unwrap();
    assert!(report.contains("line 4: agency 16-05: `NOWHERE` matches no commune"), "{report}");
    assert!(report.contains("  1605 Bab El Oued -> 16-01"), "{report}");
    assert!(report.contains("  3101 Oran -> no agency (its chef-lieu has none)"), "{report}");

    let url = format!("sqlite://{}", dir.path().join("guichet.sqlite3").display());
    let import = cli::Cli::try_parse_from([
        "guichet-server",
        "agencies",
        "import",
        &file.display().to_string(),
        "--allow-unmatched",
        "--database-url",
        &url,
    ])
    .unwrap();
    let mut out = Vec::new();
    cli::run(import.command, &mut out).await.unwrap();
    let report = String::from_utf8(out).unwrap();
    assert!(report.contains("agencies: 3 new, 0 updated, 0 unchanged"), "{report}");
    let list =
        cli::Cli::try_parse_from(["guichet-server", "agencies", "list", "--database-url", &url])
            .unwrap();
    let mut out = Vec::new();
    cli::run(list.command, &mut out).await.unwrap();
    let listing = String::from_utf8(out).unwrap();
    assert!(listing.lines().any(|line| line.starts_with("16-05  local")), "{listing}");
    assert!(listing.ends_with("3 agencies\n"), "{listing}");
}

async fn serve_seeds_the_bundled_list_into_an_empty_database_only(db: TestDatabase) {
    let database = &db.database;
    let seeded = agencies::seed_bundled_if_empty(database).await.unwrap();
    assert_eq!(seeded.map(|report| report.agencies), Some(331));
    assert!(agencies::seed_bundled_if_empty(database).await.unwrap().is_none());
    assert_eq!(agency_count(database).await, 331);
}

#[test]
fn serve_takes_the_seed_agencies_flag() {
    let parse = |args: &[&str]| {
        let cli = cli::Cli::try_parse_from(args).unwrap();
        let Command::Serve(args) = cli.command else { panic!("serve") };
        args.into_config().unwrap().seed_agencies
    };
    assert!(parse(&["guichet-server", "serve", "--seed-agencies"]));
    assert!(
        !parse(&["guichet-server", "serve"]) || std::env::var_os("GUICHET_SEED_AGENCIES").is_some()
    );
}
