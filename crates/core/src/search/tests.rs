//! Searching and browsing, table-driven, on a handful of offers written as an agency would.

use guichet_protocol::offers::{EducationLevel, HowToApply, LocalizedText, Offer, WorkingTime};

use super::*;
use crate::reference::ReferenceData;

const DAY: u64 = DAY_MS;
const NOW: Timestamp = Timestamp(1_800_000_000_000);

struct Spec {
    id: &'static str,
    title_fr: Option<&'static str>,
    title_ar: Option<&'static str>,
    description_fr: &'static str,
    employer: &'static str,
    wilaya: u8,
    occupation: &'static str,
    contract: &'static str,
    published_days_ago: u64,
}

fn offer(spec: &Spec) -> Offer {
    Offer {
        id: spec.id.to_owned(),
        external_id: format!("EXT-{}", spec.id),
        title: LocalizedText {
            fr: spec.title_fr.map(str::to_owned),
            ar: spec.title_ar.map(str::to_owned),
        },
        description: LocalizedText { fr: Some(spec.description_fr.to_owned()), ar: None },
        employer: spec.employer.to_owned(),
        wilaya: spec.wilaya,
        commune: format!("{:02}01", spec.wilaya),
        occupation: spec.occupation.to_owned(),
        sector: "services".to_owned(),
        contract: spec.contract.to_owned(),
        working_time: WorkingTime::FullTime,
        experience_years: 0,
        education: EducationLevel::None,
        positions: 1,
        salary: None,
        driving_licence: None,
        open_to_disabled: false,
        how_to_apply: HowToApply::AtAgency,
        published_at: NOW.0 - spec.published_days_ago * DAY,
        expires_at: NOW.0 + 30 * DAY,
        updated_at: NOW.0 - spec.published_days_ago * DAY,
    }
}

fn offers() -> Vec<Offer> {
    let specs = [
        Spec {
            id: "macon-alger",
            title_fr: Some("Maçon qualifié"),
            title_ar: Some("بَنَّاء مؤهَّل"),
            description_fr: "Chantier de 120 logements, travail en équipe",
            employer: "SARL Bâtir El Djazair",
            wilaya: 16,
            occupation: "7112",
            contract: "cdd",
            published_days_ago: 3,
        },
        Spec {
            id: "chauffeur-oran",
            title_fr: None,
            title_ar: Some("ســائــق وزن ثقيل"),
            description_fr: "Livraisons régionales, permis C exigé",
            employer: "Transports Hadj Ali",
            wilaya: 31,
            occupation: "8332",
            contract: "cdi",
            published_days_ago: 1,
        },
        Spec {
            id: "infirmier-constantine",
            title_fr: Some("Infirmier de nuit"),
            title_ar: Some("الممرض الليلي"),
            description_fr: "Clinique privée, service de garde",
            employer: "Clinique Ibn Sina",
            wilaya: 25,
            occupation: "2221",
            contract: "cdi",
            published_days_ago: 10,
        },
        Spec {
            id: "manoeuvre-setif",
            title_fr: Some("Manœuvre polyvalent"),
            title_ar: None,
            description_fr: "Aide au maçon sur chantier, garçon de courses",
            employer: "ETB Sétif Bâtiment",
            wilaya: 19,
            occupation: "9313",
            contract: "daip-cip",
            published_days_ago: 2,
        },
        Spec {
            id: "admin-blida",
            title_fr: Some("Agent administratif"),
            title_ar: Some("عون إدارة ٢٠٢٦"),
            description_fr: "Accueil et classement à l'hôpital, poste à l'entrée du bâtiment",
            employer: "Mostashfa El Amal",
            wilaya: 9,
            occupation: "4110",
            contract: "daip-cid",
            published_days_ago: 40,
        },
    ];
    specs.iter().map(offer).collect()
}

fn index() -> SearchIndex {
    SearchIndex::build(&offers(), ReferenceData::builtin())
}

fn ids(index: &SearchIndex, text: &str, filters: Filters) -> Vec<String> {
    index.search(&Query { text: text.to_owned(), filters, limit: 50 }, NOW).ids
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(ids(&index(), text, Filters::default()), expected, "query {text:?}");
}

#[test]
fn french_without_accents_cedilla_or_ligature() {
    check("macon", &["macon-alger", "manoeuvre-setif"]);
    check("MAÇON", &["macon-alger", "manoeuvre-setif"]);
    check("manoeuvre", &["manoeuvre-setif"]);
    check("manœuvre", &["manoeuvre-setif"]);
    check("garcon", &["manoeuvre-setif"]);
    check("setif", &["manoeuvre-setif"]);
    check("Bejaia", &[]);
}

#[test]
fn arabic_normalised() {
    // Tashkeel in the offer, none in the query, and the other way round.
    // The labourer's occupation is عامل بناء: found too, after the title match.
    check("بناء", &["macon-alger", "manoeuvre-setif"]);
    check("بَنّاء", &["macon-alger", "manoeuvre-setif"]);
    // Tatweel in the offer.
    check("سائق", &["chauffeur-oran"]);
    // Alef with hamza in the offer, bare alef typed; teh marbuta typed as heh.
    check("اداره", &["admin-blida"]);
    check("إدارة", &["admin-blida"]);
    // An article typed in front of a name is ignored.
    check("وهران", &["chauffeur-oran"]);
    check("الوهران", &["chauffeur-oran"]);
    // The article: الممرض is found by ممرض and by its prefix.
    check("ممرض", &["infirmier-constantine"]);
    check("الممر", &["infirmier-constantine"]);
}

#[test]
fn digits_in_either_script() {
    check("2026", &["admin-blida"]);
    check("٢٠٢٦", &["admin-blida"]);
    check("١٢٠", &["macon-alger"]);
}

#[test]
fn alef_maksura_and_teh_marbuta_in_place_names() {
    // Aïn Defla (44) is عين الدفلى and Constantine قسنطينة; the chef-lieu communes carry them.
    let mut all = offers();
    let mut defla = all[0].clone();
    defla.id = "defla".to_owned();
    defla.wilaya = 44;
    defla.commune = "4401".to_owned();
    all.push(defla);
    let index = SearchIndex::build(&all, ReferenceData::builtin());
    assert_eq!(ids(&index, "الدفلي", Filters::default()), ["defla"]);
    assert_eq!(ids(&index, "دفلى", Filters::default()), ["defla"]);
    assert_eq!(ids(&index, "قسنطينه", Filters::default()), ["infirmier-constantine"]);
}

#[test]
fn prefixes_match_as_you_type() {
    // Both titles match: the newest first.
    check("ma", &["manoeuvre-setif", "macon-alger"]);
    check("inf", &["infirmier-constantine"]);
    check("ممر", &["infirmier-constantine"]);
    check("سا", &["chauffeur-oran"]);
}

#[test]
fn occupation_labels_in_every_language_employer_and_place() {
    check("bricklayer", &["macon-alger"]);
    check("nurse", &["infirmier-constantine"]);
    check("ممرض", &["infirmier-constantine"]);
    check("poids lourd", &["chauffeur-oran"]);
    check("hadj ali", &["chauffeur-oran"]);
    check("oran", &["chauffeur-oran"]);
    check("قسنطينة", &["infirmier-constantine"]);
    check("Algiers", &["macon-alger"]);
}

#[test]
fn every_word_must_match() {
    check("infirmier nuit", &["infirmier-constantine"]);
    check("infirmier oran", &[]);
    check("chantier macon", &["macon-alger", "manoeuvre-setif"]);
}

#[test]
fn title_before_description_then_newest() {
    // "bâtiment": the labourer's occupation label (Manœuvre du bâtiment) and employer, and a
    // description at Blida; the occupation outranks the description.
    check("batiment", &["manoeuvre-setif", "admin-blida"]);
    // "chantier": both descriptions, so the newest first.
    check("chantier", &["manoeuvre-setif", "macon-alger"]);
    // "maçon": a title (Alger) beats a description (Sétif) although Sétif is newer.
    check("maçon", &["macon-alger", "manoeuvre-setif"]);
}

#[test]
fn an_empty_query_browses_newest_first() {
    check(
        "",
        &[
            "chauffeur-oran",
            "manoeuvre-setif",
            "macon-alger",
            "infirmier-constantine",
            "admin-blida",
        ],
    );
    check(
        " de la ",
        &[
            "chauffeur-oran",
            "manoeuvre-setif",
            "macon-alger",
            "infirmier-constantine",
            "admin-blida",
        ],
    );
}

#[test]
fn filters() {
    let index = index();
    let check = |text: &str, filters: Filters, expected: &[&str]| {
        assert_eq!(ids(&index, text, filters.clone()), expected, "{text:?} {filters:?}");
    };
    check("", Filters { wilaya: Some(31), ..Filters::default() }, &["chauffeur-oran"]);
    check("macon", Filters { wilaya: Some(16), ..Filters::default() }, &["macon-alger"]);
    let construction =
        Filters { occupation_group: Some("construction".to_owned()), ..Filters::default() };
    check("", construction, &["manoeuvre-setif", "macon-alger"]);
    let cdi = Filters { contract: Some("cdi".to_owned()), ..Filters::default() };
    check("", cdi, &["chauffeur-oran", "infirmier-constantine"]);
    let week = Filters { published_within_days: Some(7), ..Filters::default() };
    check("", week, &["chauffeur-oran", "manoeuvre-setif", "macon-alger"]);
    let everything = Filters {
        wilaya: Some(25),
        occupation_group: Some("health".to_owned()),
        contract: Some("cdi".to_owned()),
        published_within_days: Some(30),
    };
    check("infirmier", everything, &["infirmier-constantine"]);
}

#[test]
fn expired_offers_are_never_shown() {
    let mut all = offers();
    all[1].expires_at = NOW.0;
    let index = SearchIndex::build(&all, ReferenceData::builtin());
    assert_eq!(ids(&index, "سائق", Filters::default()), Vec::<String>::new());
    assert_eq!(index.current_count(NOW), 4);
    assert_eq!(index.current_count(Timestamp(NOW.0 - 1)), 5);
    assert_eq!(index.len(), 5);
}

#[test]
fn updates_and_removals() {
    let mut index = index();
    let mut changed = offers()[0].clone();
    changed.title = LocalizedText { fr: Some("Carreleur".to_owned()), ar: None };
    changed.occupation = "7122".to_owned();
    changed.description = LocalizedText::default();
    index.upsert(&changed, ReferenceData::builtin());
    assert_eq!(ids(&index, "carreleur", Filters::default()), ["macon-alger"]);
    assert_eq!(ids(&index, "macon", Filters::default()), ["manoeuvre-setif"]);
    assert_eq!(index.len(), 5);

    index.remove("macon-alger");
    index.remove("macon-alger");
    index.remove("never-existed");
    assert_eq!(ids(&index, "carreleur", Filters::default()), Vec::<String>::new());
    assert_eq!(index.len(), 4);
}

#[test]
fn limit_and_total() {
    let results = index().search(&Query { text: String::new(), limit: 2, ..Query::default() }, NOW);
    assert_eq!(results.total, 5);
    assert_eq!(results.ids, ["chauffeur-oran", "manoeuvre-setif"]);
    let results =
        index().search(&Query { text: "a".to_owned(), limit: 0, ..Query::default() }, NOW);
    assert!(results.ids.is_empty());
    assert!(results.total > 0);
}

#[test]
fn compaction_keeps_every_answer() {
    let reference = ReferenceData::builtin();
    let base = offers();
    let mut index = SearchIndex::build(&base, reference);
    // 3,000 replacements of the same offers: enough dead slots to compact several times.
    for round in 0..600u64 {
        for offer in &base {
            let mut offer = offer.clone();
            offer.published_at += round;
            index.upsert(&offer, reference);
        }
    }
    assert!(index.slot_count() < 3_005, "compaction ran: {} slots", index.slot_count());
    assert_eq!(index.len(), 5);
    assert_eq!(ids(&index, "macon", Filters::default()), ["macon-alger", "manoeuvre-setif"]);
    assert_eq!(ids(&index, "سائق", Filters::default()), ["chauffeur-oran"]);
    index.remove("chauffeur-oran");
    assert_eq!(index.search(&Query { limit: 10, ..Query::default() }, NOW).total, 4);
}

#[test]
fn folded_fields_are_the_words_the_index_holds() {
    let offers = offers();
    let reference = ReferenceData::builtin();
    let [title, occupation, place, description] = folded_fields(&offers[0], reference);
    assert_eq!(title, "macon qualifie بناء مؤهل");
    assert!(occupation.split(' ').any(|word| word == "bricklayer"), "{occupation}");
    assert!(place.starts_with("sarl batir el djazair "), "{place}");
    assert!(place.split(' ').any(|word| word == "algiers"), "{place}");
    assert_eq!(description, "chantier 120 logements travail equipe");
    // Each field's words are what a query matches against: one space between words, no empty ones.
    for field in folded_fields(&offers[1], reference) {
        assert!(field.split(' ').all(|word| !word.is_empty()), "{field:?}");
    }
}

/// The queries the equivalence tests ask: words of every field, prefixes, both scripts, filters.
const PROBES: [&str; 12] =
    ["", "ma", "macon", "بناء", "nurse", "oran", "hadj", "chantier", "ممر", "a", "algiers", "zzz"];

#[test]
fn extending_page_by_page_answers_as_upserting_one_by_one() {
    let reference = ReferenceData::builtin();
    let base = offers();
    let mut upserted = SearchIndex::default();
    let mut extended = SearchIndex::default();
    // Pages of two offers, each offer changed in every round (a replacement takes a new slot):
    // enough dead slots for compaction to run in both indexes, at different moments.
    for round in 0..500u64 {
        let changed: Vec<Offer> = base
            .iter()
            .map(|offer| {
                let mut offer = offer.clone();
                offer.published_at += round;
                if round % 2 == 1 {
                    offer.title.fr = Some(format!("Chauffeur livreur {round}"));
                }
                offer
            })
            .collect();
        for page in changed.chunks(2) {
            let mut builder = SearchIndexBuilder::extending(extended, reference);
            for offer in page {
                upserted.upsert(offer, reference);
                builder.add(&IndexedOffer::from(offer));
            }
            extended = builder.finish();
        }
        assert!(extended.slot_count() < 5 * 3 + 2 * 1024, "compacted: {}", extended.slot_count());
    }
    assert_eq!(extended.len(), 5);
    for text in PROBES.into_iter().chain(["livreur", "499", "498"]) {
        for wilaya in [None, Some(31)] {
            let filters = Filters { wilaya, ..Filters::default() };
            let query = Query { text: text.to_owned(), filters, limit: 50 };
            assert_eq!(extended.search(&query, NOW), upserted.search(&query, NOW), "{text:?}");
        }
    }
    assert_eq!(ids(&extended, "498", Filters::default()), Vec::<String>::new());
    assert!(!ids(&extended, "499", Filters::default()).is_empty());
}

#[test]
fn building_at_once_answers_as_upserting_one_by_one() {
    let reference = ReferenceData::builtin();
    let mut all = offers();
    // The same id twice: the later one replaces the earlier, as in storage order.
    let mut replaced = all[1].clone();
    replaced.title = LocalizedText { fr: Some("Chauffeur livreur".to_owned()), ar: None };
    all.push(replaced);
    let built = SearchIndex::build(&all, reference);
    let mut upserted = SearchIndex::default();
    for offer in &all {
        upserted.upsert(offer, reference);
    }
    assert_eq!(built.len(), 5);
    for text in PROBES {
        for wilaya in [None, Some(31)] {
            let filters = Filters { wilaya, ..Filters::default() };
            let query = Query { text: text.to_owned(), filters, limit: 50 };
            assert_eq!(built.search(&query, NOW), upserted.search(&query, NOW), "{text:?}");
        }
    }
    assert_eq!(ids(&built, "livreur", Filters::default()), ["chauffeur-oran"]);
}

/// `value` keeping, at every depth, only the properties named in `INDEXED_FIELDS`: what
/// `JSON.stringify(offer, INDEXED_FIELDS)` gives the kiosk.
fn keep_indexed_fields(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(object) => serde_json::Value::Object(
            object
                .into_iter()
                .filter(|(key, _)| INDEXED_FIELDS.contains(&key.as_str()))
                .map(|(key, value)| (key, keep_indexed_fields(value)))
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn an_offer_keeping_only_the_indexed_fields_decodes_as_the_whole_offer() {
    let mut all = offers();
    // Text JSON must escape: quotes, a backslash, a line break.
    all[0].description.fr = Some("Chantier \"Les Pins\"\\ligne 2\nÉquipe".to_owned());
    for offer in &all {
        let stored = serde_json::to_value(offer).expect("serialize");
        let text = serde_json::to_string(&keep_indexed_fields(stored)).expect("serialize");
        let decoded: IndexedOffer = serde_json::from_str(&text).expect("decode");
        assert_eq!(decoded, IndexedOffer::from(offer), "{}", offer.id);
    }
    // A batch decodes at once, and a record that is not an offer is refused.
    let text = serde_json::to_string(&all).expect("serialize");
    let batch: Vec<IndexedOffer> = serde_json::from_str(&text).expect("decode");
    assert_eq!(batch.len(), all.len());
    assert!(serde_json::from_str::<IndexedOffer>(r#"{"id":"x","title":{}}"#).is_err());
}

#[test]
fn a_stored_index_answers_as_the_one_it_was_made_from() {
    let reference = ReferenceData::builtin();
    let mut index = index();
    // A replaced and a removed offer: dead slots travel with it.
    let mut changed = offers()[0].clone();
    changed.title = LocalizedText { fr: Some("Carreleur".to_owned()), ar: None };
    index.upsert(&changed, reference);
    index.remove("chauffeur-oran");
    let mut restored = SearchIndex::from_bytes(&index.to_bytes()).expect("decodes");
    assert_eq!(restored.len(), index.len());
    for text in PROBES.into_iter().chain(["carreleur", "سائق"]) {
        for wilaya in [None, Some(31)] {
            let filters = Filters { wilaya, ..Filters::default() };
            let query = Query { text: text.to_owned(), filters, limit: 50 };
            assert_eq!(restored.search(&query, NOW), index.search(&query, NOW), "{text:?}");
        }
    }
    // It goes on as the original would: an update replaces, a removal removes.
    let mut moved = offers()[1].clone();
    moved.wilaya = 16;
    restored.upsert(&moved, reference);
    index.upsert(&moved, reference);
    restored.remove("macon-alger");
    index.remove("macon-alger");
    for text in PROBES {
        let query = Query { text: text.to_owned(), limit: 50, ..Query::default() };
        assert_eq!(restored.search(&query, NOW), index.search(&query, NOW), "{text:?}");
    }
}

#[test]
fn damaged_stored_bytes_are_an_error_never_a_panic() {
    let bytes = index().to_bytes();
    assert!(SearchIndex::from_bytes(&bytes).is_ok());
    assert!(SearchIndex::from_bytes(&[]).is_err());
    // Every truncation, and every byte changed in turn: an error or an index, never a panic.
    for len in 0..bytes.len() {
        assert!(SearchIndex::from_bytes(&bytes[..len]).is_err(), "truncated to {len}");
    }
    for at in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x5a;
        if let Ok(index) = SearchIndex::from_bytes(&damaged) {
            for text in PROBES {
                let _ = index
                    .search(&Query { text: text.to_owned(), limit: 50, ..Query::default() }, NOW);
            }
        }
    }
    let mut trailing = bytes;
    trailing.push(0);
    assert!(SearchIndex::from_bytes(&trailing).is_err());
}

#[test]
fn a_stored_index_of_another_format_is_refused() {
    let mut bytes = index().to_bytes();
    // The format is the first varint (a single byte below 251).
    bytes[0] = u8::try_from(STORED_INDEX_FORMAT + 1).expect("small");
    assert_eq!(
        SearchIndex::from_bytes(&bytes).err(),
        Some(StoredIndexError::Format(STORED_INDEX_FORMAT + 1))
    );
}

/// What the folding makes of every kind of letter it treats apart, with the format a kept index
/// is stored under: a change to the one without the other fails here. Kiosks keep their index
/// between starts (`stored.rs`); one kept by an older folding would hold words the new one's
/// queries never fold to, so changing the folding must bump `STORED_INDEX_FORMAT`.
#[test]
fn the_folding_is_the_one_kept_indexes_of_this_format_hold() {
    let probe = "Électricien ÉQUIPE Maçon MANŒUVRE ex æquo d'hôtel Ele\u{301}ve \
                 الممرِّضة إلى أحمد آمال إسلام مدرسة مستشفى وـــهران ٣٢١ ۴۵ ڤ Straße";
    let folded = normalize::words(probe);
    assert_eq!(
        (STORED_INDEX_FORMAT, folded.iter().map(String::as_str).collect::<Vec<_>>()),
        (
            1,
            vec![
                "electricien",
                "equipe",
                "macon",
                "manoeuvre",
                "ex",
                "aequo",
                "hotel",
                "eleve",
                "ممرضه",
                "احمد",
                "امال",
                "اسلام",
                "مدرسه",
                "مستشفي",
                "وهران",
                "321",
                "45",
                "ڤ",
                "straße",
            ]
        ),
    );
}
