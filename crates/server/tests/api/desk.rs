//! The counsellors' desk, domain and store: arrivals, finding, the dossier, the actions with
//! their "changed meanwhile", authorisation by agency and the audit log, on SQLite and
//! PostgreSQL alike.

use guichet_core::{receipt::Reference, time::Timestamp, validation::CivilDate};
use guichet_protocol::registration::Registration;
use guichet_server::{
    Database,
    desk::{
        self, AUDIT_PAGE_ROWS, Action, Actor, ArrivalsFilter, AuditAction, AuditRecord, DeskError,
        EditableField, Scope, Status,
    },
};

use crate::support::TestDatabase;

run_against_every_database!(
    arrivals_are_my_agencys_pending_oldest_first_with_counts,
    a_visitor_is_found_by_qr_reference_nin_phone_and_name_within_the_agency,
    the_dossier_flags_the_same_nin_and_phone_and_hides_other_agencies,
    confirming_numbers_registrations_per_agency_and_a_stale_version_changes_nothing,
    a_correction_follows_the_kiosks_rules_and_keeps_the_received_payload,
    reject_and_duplicate_need_a_reason_and_a_visible_record,
    every_look_and_action_is_audited_and_the_log_refuses_updates_and_deletes,
    the_export_lists_the_registrations_confirmed_in_the_range,
    the_audit_log_is_read_a_page_at_a_time_newest_first,
);

/// 2026-11-29T08:00:00Z, 09:00 in Algiers.
const NOW: Timestamp = Timestamp(1_795_939_200_000);
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
const MINE: &str = "16-05";
const OTHER: &str = "31-01";
const CLIENT_A: &str = "0190f5e2-1234-7abc-9def-0123456789ab";
const CLIENT_B: &str = "0190f5e2-1234-7abc-9def-0123456789ac";
const CLIENT_C: &str = "0190f5e2-1234-7abc-9def-0123456789ad";
const CLIENT_D: &str = "0190f5e2-1234-7abc-9def-0123456789ae";
const CLIENT_OTHER: &str = "0190f5e2-1234-7abc-9def-0123456789af";

fn now_ms() -> i64 {
    i64::try_from(NOW.0).unwrap()
}

fn valid_registration() -> Registration {
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    serde_json::from_str(fixture).expect("the fixture is a registration")
}

fn reference_of(client_id: &str) -> String {
    let bytes = uuid::Uuid::parse_str(client_id).unwrap().into_bytes();
    Reference::derive(bytes, 0).as_str().to_owned()
}

async fn execute(database: &Database, sql: String) {
    match database {
        Database::Sqlite(pool) => {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap();
        }
        Database::Postgres(pool) => {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap();
        }
    }
}

/// Two agencies, a counsellor in each, a manager and an admin in mine.
async fn setup(database: &Database) {
    for (id, name) in [(MINE, "ALEM Alger Centre"), (OTHER, "ALEM Oran")] {
        execute(
            database,
            format!(
                "INSERT INTO agencies (id, kind, anem_wilaya_code, name, address, phone, email) \
                 VALUES ('{id}', 'local', 16, '{name}', '1 rue Didouche Mourad', '021000000', \
                 'alem@anem.dz')"
            ),
        )
        .await;
    }
    for (id, role, agency) in [
        ("amina", "counsellor", MINE),
        ("samir", "counsellor", MINE),
        ("nadia", "manager", MINE),
        ("omar", "counsellor", OTHER),
        ("root", "admin", MINE),
    ] {
        execute(
            database,
            format!(
                "INSERT INTO staff (id, login, full_name, role, agency_id, created_at_ms) \
                 VALUES ('{id}', '{id}', 'Name of {id}', '{role}', '{agency}', 0)"
            ),
        )
        .await;
    }
}

async fn insert_pre_registration(
    database: &Database,
    client_id: &str,
    agency: Option<&str>,
    received_at_ms: i64,
    registration: &Registration,
) {
    let payload = serde_json::to_string(registration).unwrap().replace('\'', "''");
    let nin = &registration.identity.nin;
    let agency = agency.map_or("NULL".to_owned(), |agency| format!("'{agency}'"));
    let reference = reference_of(client_id);
    execute(
        database,
        format!(
            "INSERT INTO pre_registrations (client_id, reference, nin, payload_sha256, payload, \
             submitted_at, received_at_ms, agency_id, device_id, protocol) VALUES \
             ('{client_id}', '{reference}', '{nin}', 'x', '{payload}', '2026-11-29T09:30:00Z', \
             {received_at_ms}, {agency}, NULL, 2)"
        ),
    )
    .await;
}

fn actor(id: &str, agency: &str, scope: Scope) -> Actor {
    Actor {
        staff_id: id.to_owned(),
        staff_name: format!("Name of {id}"),
        agency_id: agency.to_owned(),
        scope,
        address: Some("192.0.2.10".to_owned()),
    }
}

fn amina() -> Actor {
    actor("amina", MINE, Scope::Agency(MINE.to_owned()))
}

fn samir() -> Actor {
    actor("samir", MINE, Scope::Agency(MINE.to_owned()))
}

fn omar() -> Actor {
    actor("omar", OTHER, Scope::Agency(OTHER.to_owned()))
}

fn person(last: &str, first: &str, nin: &str, phone: &str) -> Registration {
    let mut registration = valid_registration();
    registration.civil_status.last_name_latin = last.to_owned();
    registration.civil_status.first_name_latin = first.to_owned();
    registration.identity.nin = nin.to_owned();
    registration.contact.mobile_phone = phone.to_owned();
    registration
}

/// A: mine, 3 days ago, Benali. B: mine, 1 hour ago, Haddad. C: mine, 10 days ago, Benali's
/// NIN. D: no agency (a phone nobody serves). OTHER: Oran, with A's NIN and phone.
async fn seed(database: &Database) {
    setup(database).await;
    let benali = valid_registration();
    let mut haddad = person("Haddad", "Sara", "209950123456789012", "0661 22 33 44");
    haddad.civil_status.last_name_arabic = "حداد".to_owned();
    haddad.civil_status.first_name_arabic = "سارة".to_owned();
    let benali_again = person("Benali", "Karim", &benali.identity.nin, "0770 11 22 33");
    insert_pre_registration(database, CLIENT_A, Some(MINE), now_ms() - 3 * DAY, &benali).await;
    insert_pre_registration(database, CLIENT_B, Some(MINE), now_ms() - HOUR, &haddad).await;
    insert_pre_registration(database, CLIENT_C, Some(MINE), now_ms() - 10 * DAY, &benali_again)
        .await;
    insert_pre_registration(database, CLIENT_D, None, now_ms() - 2 * HOUR, &haddad).await;
    insert_pre_registration(database, CLIENT_OTHER, Some(OTHER), now_ms() - DAY, &benali).await;
}

fn ids(listed: &[desk::Listed]) -> Vec<&str> {
    listed.iter().map(|row| row.client_id.as_str()).collect()
}

async fn arrivals_are_my_agencys_pending_oldest_first_with_counts(db: TestDatabase) {
    let database = db.database.clone();
    seed(&database).await;
    let scope = Scope::Agency(MINE.to_owned());
    let all = desk::arrivals(&database, &scope, ArrivalsFilter::AllPending, NOW).await.unwrap();
    assert_eq!(ids(&all.listed), [CLIENT_C, CLIENT_A, CLIENT_B]);
    assert_eq!((all.today, all.week, all.all_pending), (1, 2, 3));
    assert_eq!(all.listed[1].names.latin, "Benali Karim");
    assert_eq!(all.listed[1].names.arabic, "بن علي كريم");
    assert_eq!(all.listed[1].device_name, None, "a phone");
    let week = desk::arrivals(&database, &scope, ArrivalsFilter::Week, NOW).await.unwrap();
    assert_eq!(ids(&week.listed), [CLIENT_A, CLIENT_B]);
    let today = desk::arrivals(&database, &scope, ArrivalsFilter::Today, NOW).await.unwrap();
    assert_eq!(ids(&today.listed), [CLIENT_B]);
    let everything =
        desk::arrivals(&database, &Scope::All, ArrivalsFilter::AllPending, NOW).await.unwrap();
    assert_eq!(everything.all_pending, 5, "an admin sees every agency and the unrouted");
    // Acting takes a dossier out of the arrivals.
    desk::act(&database, &amina(), CLIENT_B, 1, Action::Confirm, NOW).await.unwrap();
    let today = desk::arrivals(&database, &scope, ArrivalsFilter::Today, NOW).await.unwrap();
    assert!(today.listed.is_empty());
    assert_eq!(today.all_pending, 2);
}

async fn a_visitor_is_found_by_qr_reference_nin_phone_and_name_within_the_agency(db: TestDatabase) {
    let database = db.database.clone();
    seed(&database).await;
    #[track_caller]
    fn check(found: &[desk::Listed], expected: &[&str]) {
        assert_eq!(ids(found), expected);
    }
    let find = async |actor: &Actor, text: &str| desk::find(&database, actor, text, NOW).await;
    let qr = format!("GUICHET:{}", CLIENT_A.to_ascii_uppercase());
    check(&find(&amina(), &qr).await.unwrap(), &[CLIENT_A]);
    check(&find(&omar(), &qr).await.unwrap(), &[]);
    let reference = Reference::parse(&reference_of(CLIENT_B)).unwrap().to_string();
    check(&find(&amina(), &reference).await.unwrap(), &[CLIENT_B]);
    check(&find(&amina(), &reference.to_lowercase()).await.unwrap(), &[CLIENT_B]);
    check(&find(&amina(), "1099 5012 3456 7890 12").await.unwrap(), &[CLIENT_C, CLIENT_A]);
    check(&find(&omar(), "109950123456789012").await.unwrap(), &[CLIENT_OTHER]);
    check(&find(&amina(), "0550123456").await.unwrap(), &[CLIENT_A]);
    check(&find(&amina(), "benali").await.unwrap(), &[CLIENT_C, CLIENT_A]);
    check(&find(&amina(), "بن على").await.unwrap(), &[CLIENT_C, CLIENT_A]);
    check(&find(&amina(), "HADD sar").await.unwrap(), &[CLIENT_B]);
    check(&find(&amina(), "ساره").await.unwrap(), &[CLIENT_B]);
    check(&find(&amina(), "nobody").await.unwrap(), &[]);
    let admin = actor("root", MINE, Scope::All);
    check(&find(&admin, "haddad").await.unwrap(), &[CLIENT_D, CLIENT_B]);
}

async fn the_dossier_flags_the_same_nin_and_phone_and_hides_other_agencies(db: TestDatabase) {
    let database = db.database.clone();
    seed(&database).await;
    let dossier = desk::open_dossier(&database, &amina(), CLIENT_A, NOW).await.unwrap();
    assert_eq!(dossier.listed.status, Status::Pending);
    assert_eq!(dossier.version, 1);
    assert_eq!(dossier.registration, valid_registration());
    assert_eq!(ids(&dossier.same_nin), [CLIENT_C]);
    assert_eq!(dossier.same_nin_elsewhere, 1, "Oran's, counted but not linked");
    assert!(dossier.same_phone.is_empty(), "Oran's is outside the scope");
    let oran = desk::open_dossier(&database, &omar(), CLIENT_OTHER, NOW).await.unwrap();
    assert_eq!(oran.same_nin_elsewhere, 2);
    for (actor, client_id) in
        [(omar(), CLIENT_A), (amina(), CLIENT_OTHER), (amina(), CLIENT_D), (amina(), "nope")]
    {
        let error = desk::open_dossier(&database, &actor, client_id, NOW).await.unwrap_err();
        assert!(matches!(error, DeskError::NotFound), "{client_id}: {error:?}");
    }
    let admin = actor("root", MINE, Scope::All);
    let unrouted = desk::open_dossier(&database, &admin, CLIENT_D, NOW).await.unwrap();
    assert_eq!(ids(&unrouted.same_phone), [CLIENT_B]);
}

async fn confirming_numbers_registrations_per_agency_and_a_stale_version_changes_nothing(
    db: TestDatabase,
) {
    let database = db.database.clone();
    seed(&database).await;
    desk::act(&database, &amina(), CLIENT_A, 1, Action::Confirm, NOW).await.unwrap();
    // Samir read version 1 too: his action is refused, whatever it is.
    for action in [
        Action::Confirm,
        Action::Reject { reason: "documents".into() },
        Action::Correct { field: EditableField::Address, value: "3 rue Larbi Ben M'hidi".into() },
    ] {
        let error = desk::act(&database, &samir(), CLIENT_A, 1, action, NOW).await.unwrap_err();
        assert!(matches!(error, DeskError::ChangedMeanwhile), "{error:?}");
    }
    // On the current version, a confirmed dossier is no longer pending.
    let error = desk::act(&database, &samir(), CLIENT_A, 2, Action::Confirm, NOW).await;
    assert!(matches!(error, Err(DeskError::NotPending)), "{error:?}");
    desk::act(&database, &samir(), CLIENT_B, 1, Action::Confirm, NOW).await.unwrap();
    desk::act(&database, &omar(), CLIENT_OTHER, 1, Action::Confirm, NOW).await.unwrap();
    let a = desk::read_dossier(&database, &Scope::All, CLIENT_A).await.unwrap();
    let b = desk::read_dossier(&database, &Scope::All, CLIENT_B).await.unwrap();
    let other = desk::read_dossier(&database, &Scope::All, CLIENT_OTHER).await.unwrap();
    let record = a.record.unwrap();
    assert_eq!(record.number, "16-05/2026/000001");
    assert_eq!(record.confirmed_on, "2026-11-29");
    assert_eq!(record.counsellor_name, "Name of amina");
    assert_eq!(b.record.unwrap().number, "16-05/2026/000002");
    assert_eq!(other.record.unwrap().number, "31-01/2026/000001");
    assert_eq!((a.listed.status, a.version), (Status::Confirmed, 2));
    assert_eq!(a.history.len(), 1);
    assert_eq!(a.history[0].kind, "confirm");
    // Another agency's counsellor cannot act, and learns nothing from trying.
    let error = desk::act(&database, &omar(), CLIENT_C, 1, Action::Confirm, NOW).await;
    assert!(matches!(error, Err(DeskError::NotFound)), "{error:?}");
    // A phone's pre-registration no agency serves waits to be routed.
    let admin = actor("root", MINE, Scope::All);
    let error = desk::act(&database, &admin, CLIENT_D, 1, Action::Confirm, NOW).await;
    assert!(matches!(error, Err(DeskError::NoAgency)), "{error:?}");
}

async fn a_correction_follows_the_kiosks_rules_and_keeps_the_received_payload(db: TestDatabase) {
    let database = db.database.clone();
    seed(&database).await;
    let refused = desk::act(
        &database,
        &amina(),
        CLIENT_A,
        1,
        Action::Correct { field: EditableField::Nin, value: "12345".into() },
        NOW,
    )
    .await;
    let Err(DeskError::Invalid(errors)) = refused else { panic!("{refused:?}") };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "identity.nin");
    assert_eq!(errors[0].code.message_id(), "registration-error-nin-length");
    let correct = Action::Correct { field: EditableField::Nin, value: "209950123456789012".into() };
    desk::act(&database, &amina(), CLIENT_A, 1, correct, NOW).await.unwrap();
    let dossier = desk::read_dossier(&database, &Scope::All, CLIENT_A).await.unwrap();
    assert_eq!(dossier.registration.identity.nin, "209950123456789012");
    assert!(dossier.corrected);
    assert_eq!(dossier.version, 2);
    assert_eq!(ids(&dossier.same_nin), [CLIENT_D, CLIENT_B], "the flags follow the corrected NIN");
    let entry = &dossier.history[0];
    assert_eq!(entry.field.as_deref(), Some("identity.nin"));
    assert_eq!(entry.old_value.as_deref(), Some("109950123456789012"));
    assert_eq!(entry.new_value.as_deref(), Some("209950123456789012"));
    let received: String = match &database {
        Database::Sqlite(pool) => {
            sqlx::query_scalar("SELECT payload FROM pre_registrations WHERE client_id = $1")
                .bind(CLIENT_A)
                .fetch_one(pool)
                .await
                .unwrap()
        }
        Database::Postgres(pool) => {
            sqlx::query_scalar("SELECT payload FROM pre_registrations WHERE client_id = $1")
                .bind(CLIENT_A)
                .fetch_one(pool)
                .await
                .unwrap()
        }
    };
    let received: Registration = serde_json::from_str(&received).unwrap();
    assert_eq!(received, valid_registration(), "a replay must still find what was sent");
}

async fn reject_and_duplicate_need_a_reason_and_a_visible_record(db: TestDatabase) {
    let database = db.database.clone();
    seed(&database).await;
    #[track_caller]
    fn incomplete(result: &Result<(), DeskError>) {
        assert!(matches!(result, Err(DeskError::Incomplete)), "{result:?}");
    }
    let act = async |client_id: &str, action: Action| {
        desk::act(&database, &amina(), client_id, 1, action, NOW).await
    };
    incomplete(&act(CLIENT_A, Action::Reject { reason: "  ".into() }).await);
    incomplete(&act(CLIENT_A, Action::Duplicate { of: CLIENT_A.into() }).await);
    incomplete(&act(CLIENT_A, Action::Duplicate { of: CLIENT_OTHER.into() }).await);
    incomplete(&act(CLIENT_A, Action::Duplicate { of: "not an id".into() }).await);
    act(CLIENT_A, Action::Duplicate { of: CLIENT_C.into() }).await.unwrap();
    act(CLIENT_B, Action::Reject { reason: "Wrong agency".into() }).await.unwrap();
    let a = desk::read_dossier(&database, &Scope::All, CLIENT_A).await.unwrap();
    assert_eq!(a.listed.status, Status::Duplicate);
    assert_eq!(a.duplicate_of.as_deref(), Some(CLIENT_C));
    let b = desk::read_dossier(&database, &Scope::All, CLIENT_B).await.unwrap();
    assert_eq!(b.listed.status, Status::Rejected);
    assert_eq!(b.rejection_reason.as_deref(), Some("Wrong agency"));
    assert_eq!(b.history[0].note.as_deref(), Some("Wrong agency"));
}

async fn every_look_and_action_is_audited_and_the_log_refuses_updates_and_deletes(
    db: TestDatabase,
) {
    let database = db.database.clone();
    seed(&database).await;
    desk::find(&database, &amina(), "nobody", NOW).await.unwrap();
    desk::find(&database, &amina(), "benali", NOW).await.unwrap();
    desk::open_dossier(&database, &amina(), CLIENT_A, NOW).await.unwrap();
    desk::act(&database, &amina(), CLIENT_A, 1, Action::Confirm, NOW).await.unwrap();
    desk::act(&database, &omar(), CLIENT_OTHER, 1, Action::Confirm, NOW).await.unwrap();
    let refused = desk::act(&database, &samir(), CLIENT_A, 1, Action::Confirm, NOW).await;
    assert!(refused.is_err());
    let mine =
        desk::audit_log(&database, &Scope::Agency(MINE.to_owned()), None).await.unwrap().entries;
    let actions: Vec<(&str, &str)> =
        mine.iter().map(|entry| (entry.action.as_str(), entry.staff_name.as_str())).collect();
    assert_eq!(
        actions,
        [
            ("confirm", "Name of amina"),
            ("open_dossier", "Name of amina"),
            ("search", "Name of amina")
        ],
        "newest first; the empty search, the refused action and Oran's are not in it"
    );
    assert_eq!(mine[0].detail.as_deref(), Some("16-05/2026/000001"));
    assert_eq!(mine[2].detail.as_deref(), Some("name: 2"), "the kind and count, not the name");
    assert_eq!(mine[1].address.as_deref(), Some("192.0.2.10"));
    assert_eq!(mine[1].client_id.as_deref(), Some(CLIENT_A));
    assert_eq!(mine[0].action, AuditAction::Confirm.as_str());
    let all = desk::audit_log(&database, &Scope::All, None).await.unwrap();
    assert_eq!(all.older, None, "one page");
    let all = all.entries;
    assert_eq!(all.len(), 4);
    for sql in ["UPDATE audit_log SET staff_name = 'x'", "DELETE FROM audit_log"] {
        let refused = match &database {
            Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        };
        assert!(refused.is_err(), "{sql}");
    }
    assert_eq!(desk::audit_log(&database, &Scope::All, None).await.unwrap().entries, all);
}

async fn the_export_lists_the_registrations_confirmed_in_the_range(db: TestDatabase) {
    let database = db.database.clone();
    seed(&database).await;
    desk::act(&database, &amina(), CLIENT_A, 1, Action::Confirm, NOW).await.unwrap();
    let tomorrow = Timestamp(NOW.0 + 86_400_000);
    desk::act(&database, &amina(), CLIENT_B, 1, Action::Confirm, tomorrow).await.unwrap();
    desk::act(&database, &omar(), CLIENT_OTHER, 1, Action::Confirm, NOW).await.unwrap();
    let day = |text: &str| CivilDate::parse(text).unwrap();
    let today =
        desk::export(&database, &amina(), day("2026-11-29"), day("2026-11-29"), NOW).await.unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].client_id, CLIENT_A);
    assert_eq!(today[0].number, "16-05/2026/000001");
    assert_eq!(today[0].counsellor_name, "Name of amina");
    let both =
        desk::export(&database, &amina(), day("2026-11-01"), day("2026-11-30"), NOW).await.unwrap();
    assert_eq!(
        both.iter().map(|row| row.client_id.as_str()).collect::<Vec<_>>(),
        [CLIENT_A, CLIENT_B]
    );
    let admin = actor("root", MINE, Scope::All);
    let everything =
        desk::export(&database, &admin, day("2026-11-29"), day("2026-11-29"), NOW).await.unwrap();
    assert_eq!(everything.len(), 2);
    let log =
        desk::audit_log(&database, &Scope::Agency(MINE.to_owned()), None).await.unwrap().entries;
    assert_eq!(log[0].action, "export");
}

async fn the_audit_log_is_read_a_page_at_a_time_newest_first(db: TestDatabase) {
    let database = db.database.clone();
    // Two and a half pages of my agency's entries, one of another agency's between each.
    let total = AUDIT_PAGE_ROWS * 5 / 2;
    for n in 0..total {
        let at = Timestamp(NOW.0 + n as u64);
        for (actor, agency) in [(amina(), MINE), (omar(), OTHER)] {
            let record = AuditRecord {
                action: AuditAction::RevokeDevice,
                agency_id: Some(agency.to_owned()),
                client_id: None,
                detail: Some(format!("kiosk {n}")),
            };
            desk::record_audit(&database, &actor, record, at).await.unwrap();
        }
    }
    let mine = Scope::Agency(MINE.to_owned());
    let mut seen = Vec::new();
    let mut before = None;
    let mut pages = 0;
    loop {
        let page = desk::audit_log(&database, &mine, before).await.unwrap();
        assert_eq!(page.before, before);
        assert!(page.entries.len() <= AUDIT_PAGE_ROWS);
        pages += 1;
        seen.extend(page.entries.iter().map(|entry| entry.detail.clone().unwrap()));
        assert!(page.entries.iter().all(|entry| entry.agency_id.as_deref() == Some(MINE)));
        match page.older {
            Some(older) => {
                assert_eq!(page.entries.len(), AUDIT_PAGE_ROWS, "only the last page is short");
                assert_eq!(Some(older), page.entries.last().map(|entry| entry.id));
                before = Some(older);
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..total).rev().map(|n| format!("kiosk {n}")).collect();
    assert_eq!(seen, expected, "every entry once, newest first");
    // An admin reads both agencies' entries through the same pages.
    let first = desk::audit_log(&database, &Scope::All, None).await.unwrap();
    assert_eq!(first.entries.len(), AUDIT_PAGE_ROWS);
    assert!(first.entries.iter().any(|entry| entry.agency_id.as_deref() == Some(OTHER)));
}
