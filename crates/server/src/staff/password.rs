//! Staff passwords: Argon2id at OWASP's parameters, and the strength rule.
//!
//! Hashing and verifying cost about 20 MiB and tens of milliseconds of CPU each, so they run on
//! tokio's blocking threads, never on the executor. A password is refused when it is shorter than
//! [`MIN_PASSWORD_CHARS`] or when zxcvbn (the Dropbox estimator: common-password, word, name and
//! keyboard-pattern lists) rates it guessable; the refusal says why, never echoing the password.

use std::{sync::LazyLock, time::Duration};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher as _, PasswordVerifier as _},
};
use zxcvbn::{Score, feedback::Warning};

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted, in characters: bounds the work per attempt.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// OWASP's Argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19_456;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// Why a password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRefusal {
    TooShort,
    TooLong,
    /// In the lists of the most used passwords, or close to one.
    Common,
    /// A keyboard row, a repeat or a sequence.
    Pattern,
    /// A name, a word, a date or a year by itself, or the person's own login or name.
    Personal,
    /// Guessable for another reason.
    Guessable,
}

impl PasswordRefusal {
    /// The Fluent message explaining the refusal (assets/locales/*/desk.ftl).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::TooShort => "desk-password-too-short",
            Self::TooLong => "desk-password-too-long",
            Self::Common => "desk-password-common",
            Self::Pattern => "desk-password-pattern",
            Self::Personal => "desk-password-personal",
            Self::Guessable => "desk-password-guessable",
        }
    }
}

/// Refuses a short or guessable password; `personal` are words of the person's own (login, name)
/// that make a password guessable for whoever knows them.
pub fn check_strength(password: &str, personal: &[&str]) -> Result<(), PasswordRefusal> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooShort);
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooLong);
    }
    let mut inputs: Vec<&str> = vec!["guichet", "anem", "agence", "emploi"];
    inputs.extend(personal.iter().flat_map(|text| text.split_whitespace()));
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if estimate.score() >= Score::Three {
        return Ok(());
    }
    let warning = estimate.feedback().and_then(|feedback| feedback.warning());
    Err(match warning {
        Some(
            Warning::ThisIsATop10Password
            | Warning::ThisIsATop100Password
            | Warning::ThisIsACommonPassword
            | Warning::ThisIsSimilarToACommonlyUsedPassword,
        ) => PasswordRefusal::Common,
        Some(
            Warning::StraightRowsOfKeysAreEasyToGuess
            | Warning::ShortKeyboardPatternsAreEasyToGuess
            | Warning::RepeatsLikeAaaAreEasyToGuess
            | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess
            | Warning::SequencesLikeAbcAreEasyToGuess,
        ) => PasswordRefusal::Pattern,
        Some(
            Warning::RecentYearsAreEasyToGuess
            | Warning::AWordByItselfIsEasyToGuess
            | Warning::DatesAreOftenEasyToGuess
            | Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
            | Warning::CommonNamesAndSurnamesAreEasyToGuess,
        ) => PasswordRefusal::Personal,
        // zxcvbn gives no warning when the password is built on the person's own words.
        _ if contains_personal(password, personal) => PasswordRefusal::Personal,
        _ => PasswordRefusal::Guessable,
    })
}

fn contains_personal(password: &str, personal: &[&str]) -> bool {
    let password = password.to_lowercase();
    personal
        .iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= 4)
        .any(|word| password.contains(&word.to_lowercase()))
}

/// A failure of the hashing machinery itself (never a wrong password).
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("Argon2id could not hash the password")]
    Argon2(#[source] argon2::password_hash::Error),
    #[error("the hashing thread stopped")]
    Thread(#[source] tokio::task::JoinError),
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None);
    #[allow(clippy::expect_used, reason = "constant parameters within Argon2's bounds")]
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.expect("valid Argon2 parameters"))
}

fn hash_now(password: &str) -> Result<String, HashError> {
    let hash = hasher().hash_password(password.as_bytes()).map_err(HashError::Argon2)?;
    Ok(hash.to_string())
}

/// A PHC string of a random password, verified against when the login is unknown, locked or
/// disabled, so that those answers take as long as a wrong password for a real account.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_now(&super::token::random_token()).unwrap_or_else(|_| {
        // Cannot happen with constant parameters; a hash of the right shape keeps the timing.
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$\
         2mC4w0k1hOFIbxZ3IcX5lpsPGIxgJ0W8b0yYz/3lC7k"
            .to_owned()
    })
});

/// Hashes a password with Argon2id and a fresh random salt, on a blocking thread: a PHC string.
pub async fn hash_password(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await.map_err(HashError::Thread)?
}

/// Whether `password` matches the PHC string `hash` (false for a malformed hash), on a blocking
/// thread. `None` verifies against a dummy hash and answers false, in the same time.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    let outcome = tokio::task::spawn_blocking(move || {
        let expected = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        expected && hasher().verify_password(password.as_bytes(), hash.as_str()).is_ok()
    })
    .await;
    outcome.unwrap_or(false)
}

/// Hashes one password now, on this thread, and says how long it took: the login's cost, which
/// `cargo xtask bench` reports.
pub fn measure_hash() -> Result<Duration, HashError> {
    let started = std::time::Instant::now();
    hash_now("correct horse battery staple")?;
    Ok(started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_refusals_say_why() {
        #[track_caller]
        fn check(password: &str, expected: Result<(), PasswordRefusal>) {
            assert_eq!(check_strength(password, &["amina.benali", "Amina Benali"]), expected);
        }
        check("short", Err(PasswordRefusal::TooShort));
        check("elevenchars", Err(PasswordRefusal::TooShort));
        check(&"x".repeat(257), Err(PasswordRefusal::TooLong));
        check("password1234", Err(PasswordRefusal::Common));
        check("qwertyuiopasdf", Err(PasswordRefusal::Common));
        check("aaaaaaaaaaaaaaa", Err(PasswordRefusal::Pattern));
        check("amina.benali", Err(PasswordRefusal::Personal));
        check("Tramway-Oran-cerise-17", Ok(()));
        check("كلمة سر طويلة جدا للوكالة", Ok(()));
    }

    #[tokio::test]
    async fn a_hash_is_argon2id_at_owasp_parameters_and_verifies() {
        let hash = hash_password("Tramway-Oran-cerise-17".into()).await.expect("hashed");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("Tramway-Oran-cerise-17".into(), Some(hash.clone())).await);
        assert!(!verify_password("Tramway-Oran-cerise-18".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
        assert!(!verify_password("anything".into(), Some("not a hash".into())).await);
    }
}
