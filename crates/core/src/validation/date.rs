//! Calendar dates as forms carry them (`YYYY-MM-DD`), and the age rules of a registration.
//!
//! A hand-written civil date rather than a date crate: the form needs parsing, comparison, a
//! day count and an age, about eighty lines, and the core stays free of time-zone databases.

use std::fmt;

use super::{ErrorCode, text::normalize_digits};
use crate::time::Timestamp;

/// The youngest age at which a person may register, on the day of registration.
pub const AGE_MIN: i32 = 16;
/// The oldest age at which a person may register, on the day of registration.
pub const AGE_MAX: i32 = 70;

/// A valid day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// A date when it exists (no 31 April, 29 February only in leap years).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, as `<input type="date">` gives it.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let input = normalize_digits(input.trim());
        if input.is_empty() {
            return Err(ErrorCode::Required);
        }
        let mut parts = input.split('-');
        let (Some(year), Some(month), Some(day), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ErrorCode::DateFormat);
        };
        let all_digits =
            |text: &str, len: usize| text.len() == len && text.chars().all(|c| c.is_ascii_digit());
        if !(all_digits(year, 4) && all_digits(month, 2) && all_digits(day, 2)) {
            return Err(ErrorCode::DateFormat);
        }
        let parsed = (year.parse().ok(), month.parse().ok(), day.parse().ok());
        let (Some(year), Some(month), Some(day)) = parsed else {
            return Err(ErrorCode::DateFormat);
        };
        Self::new(year, month, day).ok_or(ErrorCode::DateFormat)
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The calendar day in Algeria (UTC+1 all year, no daylight saving time) at `now`.
    pub fn in_algeria(now: Timestamp) -> Self {
        const MS_PER_DAY: u64 = 86_400_000;
        const UTC_OFFSET_MS: u64 = 3_600_000;
        Self::from_days_since_epoch(((now.0 + UTC_OFFSET_MS) / MS_PER_DAY) as i64)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Whole years from `self` to `on`: the person's age on that day.
    pub fn age_on(self, on: CivilDate) -> i32 {
        let before_birthday = (on.month, on.day) < (self.month, self.day);
        on.year - self.year - i32::from(before_birthday)
    }

    /// The date of birth of a person registering on `today`: the age must be between
    /// [`AGE_MIN`] and [`AGE_MAX`] inclusive. A presumed date is written as its year only (`1980`,
    /// or `1980-01-01`) and counts as the first of January of that year, as civil status does.
    pub fn parse_birth_date(
        input: &str,
        presumed: bool,
        today: CivilDate,
    ) -> Result<Self, ErrorCode> {
        let input = normalize_digits(input.trim());
        let year_only = parse_year(&input).ok();
        let date = match (presumed, year_only) {
            (true, Some(year)) => Self::new(year, 1, 1).ok_or(ErrorCode::DateFormat)?,
            (false, Some(_)) => return Err(ErrorCode::YearOnlyNeedsPresumed),
            (true, None) => {
                let date = Self::parse(&input)?;
                if (date.month, date.day) != (1, 1) {
                    return Err(ErrorCode::PresumedYearOnly);
                }
                date
            }
            (false, None) => Self::parse(&input)?,
        };
        if date > today {
            return Err(ErrorCode::DateInFuture);
        }
        let age = date.age_on(today);
        if age < AGE_MIN {
            return Err(ErrorCode::TooYoung);
        }
        if age > AGE_MAX {
            return Err(ErrorCode::TooOld);
        }
        Ok(date)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A four-digit year (a diploma's, a presumed birth).
pub fn parse_year(input: &str) -> Result<i32, ErrorCode> {
    let input = normalize_digits(input.trim());
    if input.is_empty() {
        return Err(ErrorCode::Required);
    }
    if input.len() != 4 || !input.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::YearFormat);
    }
    input.parse().map_err(|_| ErrorCode::YearFormat)
}

/// What three short fields (day, month, year, as people here write a date) make on the wire:
/// `YYYY-MM-DD`, a one-digit day or month taking its zero, Arabic-Indic digits made Latin.
/// Anything incomplete stays visible to validation (`1995-03-` is refused), and three empty
/// fields make an empty answer.
pub fn join_date_parts(day: &str, month: &str, year: &str) -> String {
    let [day, month, year] = [day, month, year].map(|part| normalize_digits(part.trim()));
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return String::new();
    }
    let pad = |part: String| if part.len() == 1 { format!("0{part}") } else { part };
    format!("{year}-{}-{}", pad(month), pad(day))
}

/// The day, month and year fields of a wire date (`YYYY-MM-DD`, a lone year, or what
/// [`join_date_parts`] made of incomplete fields).
pub fn split_date_parts(wire: &str) -> [String; 3] {
    let mut parts = wire.splitn(3, '-');
    let year = parts.next().unwrap_or_default().to_owned();
    let month = parts.next().unwrap_or_default().to_owned();
    let day = parts.next().unwrap_or_default().to_owned();
    [day, month, year]
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn three_fields_make_one_wire_date_and_back() {
        let check = |(day, month, year): (&str, &str, &str), wire: &str| {
            assert_eq!(join_date_parts(day, month, year), wire, "{day} {month} {year}");
            if !wire.is_empty() {
                let [d, m, y] = split_date_parts(wire);
                assert_eq!(join_date_parts(&d, &m, &y), wire, "round trip of {wire}");
            }
        };
        check(("14", "3", "1995"), "1995-03-14");
        check(("١٤", "٠٣", "١٩٩٥"), "1995-03-14");
        check((" 4 ", "11", "2001"), "2001-11-04");
        check(("", "", ""), "");
        check(("", "", "1980"), "1980--");
        check(("31", "", ""), "--31");
        assert_eq!(split_date_parts("1980"), ["", "", "1980"].map(str::to_owned));
        assert_eq!(
            CivilDate::parse(&join_date_parts("14", "3", "1995")),
            CivilDate::parse("1995-03-14")
        );
        assert!(CivilDate::parse(&join_date_parts("", "3", "1995")).is_err());
    }

    use super::*;

    fn date(text: &str) -> CivilDate {
        CivilDate::parse(text).expect("valid test date")
    }

    #[test]
    fn parsing() {
        #[track_caller]
        fn check(input: &str, expected: Result<&str, ErrorCode>) {
            let actual = CivilDate::parse(input).map(|d| d.to_string());
            assert_eq!(actual, expected.map(str::to_owned), "{input:?}");
        }
        check("1995-03-14", Ok("1995-03-14"));
        check(" 2000-02-29 ", Ok("2000-02-29"));
        check("١٩٩٥-٠٣-١٤", Ok("1995-03-14"));
        check("", Err(ErrorCode::Required));
        check("1900-02-29", Err(ErrorCode::DateFormat));
        check("1995-04-31", Err(ErrorCode::DateFormat));
        check("1995-13-01", Err(ErrorCode::DateFormat));
        check("1995-00-10", Err(ErrorCode::DateFormat));
        check("14/03/1995", Err(ErrorCode::DateFormat));
        check("1995-3-14", Err(ErrorCode::DateFormat));
        check("1995-03-14-01", Err(ErrorCode::DateFormat));
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(CivilDate::from_days_since_epoch(0), date("1970-01-01"));
        assert_eq!(CivilDate::from_days_since_epoch(-1), date("1969-12-31"));
        assert_eq!(CivilDate::from_days_since_epoch(11_016), date("2000-02-29"));
        assert_eq!(CivilDate::from_days_since_epoch(20_785), date("2026-11-28"));
    }

    #[test]
    fn the_day_in_algeria_starts_at_23_00_utc() {
        // 2026-11-28T22:59:59Z and 2026-11-28T23:00:00Z.
        assert_eq!(CivilDate::in_algeria(Timestamp(1_795_906_799_000)), date("2026-11-28"));
        assert_eq!(CivilDate::in_algeria(Timestamp(1_795_906_800_000)), date("2026-11-29"));
    }

    #[test]
    fn birth_dates_at_the_age_limits() {
        let today = date("2026-11-29");
        #[track_caller]
        fn check(input: &str, presumed: bool, today: CivilDate, expected: Result<&str, ErrorCode>) {
            let actual = CivilDate::parse_birth_date(input, presumed, today).map(|d| d.to_string());
            assert_eq!(actual, expected.map(str::to_owned), "{input:?} presumed={presumed}");
        }
        // 16 today is allowed; 16 tomorrow is not yet.
        check("2010-11-29", false, today, Ok("2010-11-29"));
        check("2010-11-30", false, today, Err(ErrorCode::TooYoung));
        // 70 until the eve of the 71st birthday.
        check("1955-11-30", false, today, Ok("1955-11-30"));
        check("1955-11-29", false, today, Err(ErrorCode::TooOld));
        check("2026-11-30", false, today, Err(ErrorCode::DateInFuture));
        check("2026-11-29", false, today, Err(ErrorCode::TooYoung));
        // Born on 29 February: 16 on 1 March of a common year.
        check("2008-02-29", false, date("2024-02-28"), Err(ErrorCode::TooYoung));
        check("2008-02-29", false, date("2024-02-29"), Ok("2008-02-29"));
        check("2009-02-28", false, date("2025-02-28"), Ok("2009-02-28"));
        // Presumed: the year only, counted from 1 January.
        check("1980", true, today, Ok("1980-01-01"));
        check("1980-01-01", true, today, Ok("1980-01-01"));
        check("1980-06-15", true, today, Err(ErrorCode::PresumedYearOnly));
        check("1980", false, today, Err(ErrorCode::YearOnlyNeedsPresumed));
        check("2010", true, today, Ok("2010-01-01"));
        check("2011", true, today, Err(ErrorCode::TooYoung));
        check("1956", true, today, Ok("1956-01-01"));
        check("1955", true, today, Err(ErrorCode::TooOld));
        check("198", true, today, Err(ErrorCode::DateFormat));
        check("", false, today, Err(ErrorCode::Required));
        check("", true, today, Err(ErrorCode::Required));
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2018"), Ok(2018));
        assert_eq!(parse_year("٢٠١٨"), Ok(2018));
        assert_eq!(parse_year(""), Err(ErrorCode::Required));
        assert_eq!(parse_year("18"), Err(ErrorCode::YearFormat));
        assert_eq!(parse_year("20x8"), Err(ErrorCode::YearFormat));
    }
}
