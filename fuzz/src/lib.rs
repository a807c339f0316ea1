//! What several fuzz targets check: the properties of an offers import, whichever its format.

use std::collections::HashSet;

use guichet_core::offers::OfferRecord;
#[cfg(doc)]
use guichet_core::offers::file::read_rows;
use guichet_core::offers::file::{Format, LineError, RawRow, validate_file};
use guichet_core::reference::ReferenceData;

/// Validates `text` as the server validates an import file and checks what it promises:
/// records that only name what the reference lists hold, one record per row and per external
/// id. `rows` is what [`read_rows`] made of the same text, which the validation must agree with
/// (the CSV reader is slow to build under coverage instrumentation: each target reads once).
pub fn check_offers_file(
    format: Format,
    text: &str,
    rows: &Result<Vec<(usize, RawRow)>, Vec<LineError>>,
    reference: &ReferenceData,
) -> Result<Vec<OfferRecord>, Vec<LineError>> {
    let outcome = validate_file(format, text, reference);
    match (rows, &outcome) {
        (Err(read_errors), Err(errors)) => assert_eq!(read_errors, errors),
        (Err(_), Ok(_)) => panic!("a file that does not read validated"),
        (Ok(rows), _) => {
            let lines: Vec<usize> = rows.iter().map(|(line, _)| *line).collect();
            assert!(lines.windows(2).all(|pair| pair[0] <= pair[1]), "{lines:?}");
            assert!(lines.iter().all(|line| *line >= 1), "{lines:?}");
            if let Ok(records) = &outcome {
                assert_eq!(records.len(), rows.len());
            }
        }
    }
    if let Ok(records) = &outcome {
        let mut ids = HashSet::new();
        for record in records {
            assert!(ids.insert(record.external_id.as_str()), "{}", record.external_id);
            check_record(record, reference);
        }
    }
    if let Err(errors) = &outcome {
        assert!(!errors.is_empty());
    }
    outcome
}

fn check_record(record: &OfferRecord, reference: &ReferenceData) {
    assert!(!record.external_id.is_empty() && record.external_id.len() <= 64);
    assert!(record.title.fr.is_some() || record.title.ar.is_some());
    assert!(reference.wilaya(record.wilaya).is_some(), "{}", record.wilaya);
    let commune = reference.commune(&record.commune).expect("a commune of the lists");
    assert_eq!(commune.wilaya, record.wilaya);
    assert!(reference.occupation(&record.occupation).is_some(), "{}", record.occupation);
    assert!(reference.sector(&record.sector).is_some(), "{}", record.sector);
    assert!(reference.contract_type(&record.contract).is_some(), "{}", record.contract);
    assert!(record.positions >= 1);
    if let Some(salary) = &record.salary {
        assert!(salary.min_dzd <= salary.max_dzd, "{salary:?}");
    }
}

/// The messages without their lines: what two formats of the same rows must both say.
pub fn messages(errors: &[LineError]) -> Vec<&str> {
    errors.iter().map(|error| error.message.as_str()).collect()
}
