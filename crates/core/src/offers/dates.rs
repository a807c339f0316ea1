//! The dates of import files, read into milliseconds since the Unix epoch without a date
//! library: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SSZ` (or with a `+HH:MM` offset).
//!
//! A bare date means midnight UTC at the start of that day.

/// Milliseconds since the Unix epoch for an RFC 3339 instant or a bare date; `None` when the
/// text is neither or names a day that does not exist.
pub fn parse_instant(text: &str) -> Option<u64> {
    let text = text.trim();
    let (date, time) = match text.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let days = parse_date(date)?;
    let seconds_of_day = match time {
        None => 0,
        Some(time) => parse_time(time)?,
    };
    let seconds = days.checked_mul(86_400)?.checked_add(seconds_of_day)?;
    u64::try_from(seconds).ok()?.checked_mul(1000)
}

/// `YYYY-MM-DD` for the UTC day of `millis`.
pub fn format_date(millis: u64) -> String {
    let days = i64::try_from(millis / 86_400_000).unwrap_or(i64::MAX);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = digits(&text[0..4])?;
    let month: u32 = digits(&text[5..7])?;
    let day: u32 = digits(&text[8..10])?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Seconds into the UTC day, from `HH:MM:SS` (optional fraction) and `Z` or `±HH:MM`.
fn parse_time(text: &str) -> Option<i64> {
    let (clock, offset_seconds) = if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = text.rfind(['+', '-'])?;
        let (clock, offset) = text.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = offset[1..].split_once(':')?;
        let hours: i64 = digits(hours)?;
        let minutes: i64 = digits(minutes)?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        (clock, sign * (hours * 3600 + minutes * 60))
    };
    let clock = clock.split_once('.').map_or(clock, |(whole, _fraction)| whole);
    let mut parts = clock.split(':');
    let hours: i64 = digits(parts.next()?)?;
    let minutes: i64 = digits(parts.next()?)?;
    let seconds: i64 = digits(parts.next()?)?;
    if parts.next().is_some() || hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    Some(hours * 3600 + minutes * 60 + seconds - offset_seconds)
}

fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants() {
        #[track_caller]
        fn check(text: &str, expected: Option<u64>) {
            assert_eq!(parse_instant(text), expected, "{text:?}");
        }
        check("1970-01-01", Some(0));
        check("2026-11-29", Some(1_795_910_400_000));
        check("2026-11-29T10:30:00Z", Some(1_795_910_400_000 + 37_800_000));
        check("2026-11-29T11:30:00+01:00", Some(1_795_910_400_000 + 37_800_000));
        check("2026-11-29T10:30:00.250Z", Some(1_795_910_400_000 + 37_800_000));
        check("2024-02-29", Some(1_709_164_800_000));
        check("2025-02-29", None);
        check("2026-13-01", None);
        check("2026-00-10", None);
        check("29/11/2026", None);
        check("2026-11-29T25:00:00Z", None);
        check("2026-11-29T10:30Z", None);
        check("", None);
        check("1969-12-31", None);
    }

    #[test]
    fn dates_format_back() {
        for text in ["1970-01-01", "2000-02-29", "2026-11-29", "2099-12-31"] {
            let millis = parse_instant(text).expect("a valid date");
            assert_eq!(format_date(millis), text);
            assert_eq!(format_date(millis + 86_399_999), text);
        }
    }
}
