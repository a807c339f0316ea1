//! Finding a visitor: what the counsellor typed or scanned, read as one kind of query, and its
//! matches in the caller's scope.
//!
//! A receipt's QR text is exact (the full client id). A reference may match several
//! pre-registrations: all are listed. Phones and names are compared in Rust over the scope's
//! payloads (the person's words folded as the offers search folds them, each query word a prefix
//! of a name's word): an agency holds thousands of dossiers, not millions, and the payload stays
//! the one place the names live.

use guichet_core::{
    receipt::{Reference, client_id_from_qr},
    search::normalize::words,
    validation::{Nin, PhoneNumber},
};
use guichet_protocol::{receipt::RECEIPT_QR_PREFIX, registration::Registration};

use super::{DeskError, Listed, MAX_FOUND, Names, Scope, store};
use crate::infra::db::Database;

/// What a search text asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A receipt's QR text, or a bare client id.
    ClientId(String),
    /// A reference; `also_name` when it is all letters and could be a name too.
    Reference {
        reference: Reference,
        also_name: Option<Vec<String>>,
    },
    Nin(String),
    /// In E.164.
    Phone(String),
    /// Folded words.
    Name(Vec<String>),
}

impl Query {
    /// What the audit log says of it (never the searched value).
    pub fn kind(&self) -> &'static str {
        match self {
            Query::ClientId(_) => "qr",
            Query::Reference { .. } => "reference",
            Query::Nin(_) => "nin",
            Query::Phone(_) => "phone",
            Query::Name(_) => "name",
        }
    }
}

/// Reads a search text; `None` when it asks for nothing (empty, or one letter).
pub fn parse_query(text: &str) -> Option<Query> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(client_id) =
        client_id_from_qr(text).or_else(|| client_id_from_qr(&format!("{RECEIPT_QR_PREFIX}{text}")))
    {
        return Some(Query::ClientId(client_id));
    }
    if let Ok(nin) = Nin::parse(text) {
        return Some(Query::Nin(nin.as_str().to_owned()));
    }
    if let Ok(phone) = PhoneNumber::parse(text) {
        return Some(Query::Phone(phone.e164().to_owned()));
    }
    let name = words(text);
    let name = (name.iter().any(|word| word.chars().count() >= 2)).then_some(name);
    if let Ok(reference) = Reference::parse(text) {
        let letters_only = text.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-');
        return Some(Query::Reference { reference, also_name: name.filter(|_| letters_only) });
    }
    name.map(Query::Name)
}

/// The matches of `query` in `scope`, oldest first, at most [`MAX_FOUND`].
pub(super) async fn run(
    database: &Database,
    scope: &Scope,
    query: &Query,
) -> Result<Vec<Listed>, DeskError> {
    let mut found = match query {
        Query::ClientId(client_id) => {
            store::by_client_id(database, client_id).await?.into_iter().collect()
        }
        Query::Nin(nin) => store::by_nin(database, nin).await?,
        Query::Reference { reference, also_name } => {
            let mut rows = store::by_reference(database, reference.as_str()).await?;
            if let Some(name) = also_name {
                rows.extend(by_payload(database, scope, |r| matches_name(r, name)).await?);
            }
            rows
        }
        Query::Phone(phone) => by_payload(database, scope, |r| same_phone_as(r, phone)).await?,
        Query::Name(name) => by_payload(database, scope, |r| matches_name(r, name)).await?,
    };
    found.retain(|row| scope.contains(row.agency_id.as_deref()));
    found.sort_by(|a, b| (a.received_at_ms, &a.client_id).cmp(&(b.received_at_ms, &b.client_id)));
    found.dedup_by(|a, b| a.client_id == b.client_id);
    found.truncate(MAX_FOUND);
    found.into_iter().map(|row| row.listed()).collect()
}

/// Other pre-registrations in `scope` with the same mobile phone as `registration`.
pub(super) async fn same_phone(
    database: &Database,
    scope: &Scope,
    registration: &Registration,
    client_id: &str,
) -> Result<Vec<Listed>, DeskError> {
    let Ok(phone) = PhoneNumber::parse(&registration.contact.mobile_phone) else {
        return Ok(Vec::new());
    };
    let rows = by_payload(database, scope, |r| same_phone_as(r, phone.e164())).await?;
    rows.into_iter().filter(|row| row.client_id != client_id).map(|row| row.listed()).collect()
}

async fn by_payload(
    database: &Database,
    scope: &Scope,
    keep: impl Fn(&Registration) -> bool,
) -> Result<Vec<store::SummaryRow>, DeskError> {
    let mut kept = Vec::new();
    for row in store::in_scope(database, scope.agency()).await? {
        // A payload that does not read is skipped here; opening it says so.
        if let Ok(registration) = serde_json::from_str::<Registration>(&row.payload)
            && keep(&registration)
        {
            kept.push(row);
        }
    }
    Ok(kept)
}

fn same_phone_as(registration: &Registration, e164: &str) -> bool {
    PhoneNumber::parse(&registration.contact.mobile_phone).is_ok_and(|phone| phone.e164() == e164)
}

/// Whether every word of `query` starts a word of the person's names, in either script.
fn matches_name(registration: &Registration, query: &[String]) -> bool {
    let Names { latin, arabic } = Names::of(registration);
    let names = words(&format!("{latin} {arabic}"));
    !query.is_empty()
        && query.iter().all(|wanted| names.iter().any(|name| name.starts_with(wanted.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_text_is_read_as_one_kind_of_query() {
        #[track_caller]
        fn check(text: &str, kind: Option<&str>) {
            assert_eq!(parse_query(text).as_ref().map(Query::kind), kind, "{text}");
        }
        check("GUICHET:0190F5E2-1234-7ABC-9DEF-0123456789AB", Some("qr"));
        check(" guichet:0190f5e2-1234-7abc-9def-0123456789ab ", Some("qr"));
        check("0190f5e2-1234-7abc-9def-0123456789ab", Some("qr"));
        check("1099 8765 4321 0123 45", Some("nin"));
        check("0551 23 45 67", Some("phone"));
        check("+213551234567", Some("phone"));
        check("7K3M-9QXD", Some("reference"));
        check("7k3m9qxd", Some("reference"));
        check("Benali", Some("name"));
        check("بن علي", Some("name"));
        check("", None);
        check("a", None);
    }

    #[test]
    fn an_all_letter_reference_is_also_searched_as_a_name() {
        let Some(Query::Reference { also_name, .. }) = parse_query("ABDERRAH") else {
            panic!("a reference")
        };
        assert_eq!(also_name, Some(vec!["abderrah".to_owned()]));
        let Some(Query::Reference { also_name, .. }) = parse_query("7K3M-9QXD") else {
            panic!("a reference")
        };
        assert_eq!(also_name, None);
    }

    #[test]
    fn names_match_by_folded_word_prefixes_in_either_script() {
        let mut registration = Registration::default();
        registration.civil_status.last_name_latin = "Benaïssa".into();
        registration.civil_status.first_name_latin = "Amina".into();
        registration.civil_status.last_name_arabic = "بن عيسى".into();
        registration.civil_status.first_name_arabic = "أمينة".into();
        #[track_caller]
        fn check(registration: &Registration, text: &str, expected: bool) {
            assert_eq!(matches_name(registration, &words(text)), expected, "{text}");
        }
        check(&registration, "benaissa", true);
        check(&registration, "AMI bena", true);
        check(&registration, "امينه", true);
        check(&registration, "عيسي", true);
        check(&registration, "karim", false);
        check(&registration, "amina karim", false);
    }
}
