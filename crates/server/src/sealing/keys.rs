//! The private keys on disk: `DIR/<key id>.key`, a JSON object with the id, the creation date and
//! the key (base64url). The directory is 0700 and each file 0600; anything wider, or unreadable,
//! refuses the start with a message naming the path and the fix. Key material never reaches a
//! log, an error or `keys list`.

use std::{
    fs, io,
    io::Write as _,
    os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _},
    path::{Path, PathBuf},
};

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use guichet_core::sealing::{self, Keyring, PrivateKey, SecureFill};
use serde::{Deserialize, Serialize};

/// A key's id and creation date (what `keys list` prints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub key_id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    key_id: String,
    created_at: String,
    private_key: String,
}

#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    #[error(
        "the sealing key directory {} may be read by its group or others (mode {mode:03o}): it \
         holds the keys that open every sealed registration; run `chmod 700` on it",
        path.display()
    )]
    DirectoryExposed { path: PathBuf, mode: u32 },
    #[error(
        "the sealing key file {} may be read by its group or others (mode {mode:03o}): run \
         `chmod 600` on it",
        path.display()
    )]
    FileExposed { path: PathBuf, mode: u32 },
    #[error("{} is not a directory (from --sealing-keys or GUICHET_SEALING_KEYS)", path.display())]
    NotADirectory { path: PathBuf },
    #[error("cannot read or write the sealing keys at {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the sealing key file {} is not a key written by guichet-server", path.display())]
    Malformed { path: PathBuf },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> KeysError + '_ {
    move |source| KeysError::Io { path: path.to_owned(), source }
}

/// The keys of `dir`, oldest first (empty when the directory is).
pub fn load(dir: &Path) -> Result<(Keyring, Vec<KeyInfo>), KeysError> {
    check_directory(dir)?;
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let path = entry.map_err(io_error(dir))?.path();
        if path.extension().is_none_or(|extension| extension != "key") {
            continue;
        }
        let mode = fs::metadata(&path).map_err(io_error(&path))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(KeysError::FileExposed { path, mode: mode & 0o777 });
        }
        let text = fs::read_to_string(&path).map_err(io_error(&path))?;
        let file: KeyFile =
            serde_json::from_str(&text).map_err(|_| KeysError::Malformed { path: path.clone() })?;
        let bytes = URL_SAFE_NO_PAD
            .decode(&file.private_key)
            .map_err(|_| KeysError::Malformed { path: path.clone() })?;
        let key = PrivateKey::from_bytes(file.key_id.clone(), &bytes)
            .map_err(|_| KeysError::Malformed { path: path.clone() })?;
        found.push((KeyInfo { key_id: file.key_id, created_at: file.created_at }, key));
    }
    found.sort_by(|(a, _), (b, _)| (&a.created_at, &a.key_id).cmp(&(&b.created_at, &b.key_id)));
    let (infos, keys) = found.into_iter().unzip();
    Ok((Keyring::new(keys), infos))
}

/// The keys of `dir`, creating the directory and a first key when there is none (first start).
pub fn load_or_create(dir: &Path, now_millis: i64) -> Result<Keyring, KeysError> {
    create_directory(dir)?;
    let (keyring, _) = load(dir)?;
    if keyring.current().is_some() {
        return Ok(keyring);
    }
    let created = rotate(dir, now_millis)?;
    tracing::info!(key_id = %created.key_id, dir = %dir.display(), "first sealing key created");
    Ok(load(dir)?.0)
}

/// Adds a new current key to `dir`; the older ones stay to open what was sealed to them.
pub fn rotate(dir: &Path, now_millis: i64) -> Result<KeyInfo, KeysError> {
    create_directory(dir)?;
    check_directory(dir)?;
    let created_at = crate::devices::rfc3339(now_millis);
    let mut suffix = [0u8; 4];
    os_random(&mut suffix);
    let stamp: String = created_at.chars().filter(char::is_ascii_alphanumeric).collect();
    let key_id = format!("{stamp}-{}", hex(&suffix));
    let key = sealing::generate(key_id.clone(), &mut SecureFill(os_random));
    let file = KeyFile {
        key_id: key_id.clone(),
        created_at: created_at.clone(),
        private_key: URL_SAFE_NO_PAD.encode(key.to_bytes()),
    };
    let path = dir.join(format!("{key_id}.key"));
    let mut out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(io_error(&path))?;
    let text =
        serde_json::to_string(&file).map_err(|_| KeysError::Malformed { path: path.clone() })?;
    out.write_all(text.as_bytes()).map_err(io_error(&path))?;
    out.sync_all().map_err(io_error(&path))?;
    Ok(KeyInfo { key_id, created_at })
}

/// The ids and dates of the keys of `dir`, oldest first.
pub fn list(dir: &Path) -> Result<Vec<KeyInfo>, KeysError> {
    Ok(load(dir)?.1)
}

fn create_directory(dir: &Path) -> Result<(), KeysError> {
    if dir.exists() {
        return Ok(());
    }
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(io_error(dir))?;
    // The mode above is narrowed by the umask, never widened; set it exactly.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_error(dir))
}

fn check_directory(dir: &Path) -> Result<(), KeysError> {
    let metadata = fs::metadata(dir).map_err(io_error(dir))?;
    if !metadata.is_dir() {
        return Err(KeysError::NotADirectory { path: dir.to_owned() });
    }
    let mode = metadata.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(KeysError::DirectoryExposed { path: dir.to_owned(), mode: mode & 0o777 });
    }
    Ok(())
}

fn os_random(buffer: &mut [u8]) {
    // Without the operating system's randomness no key can be made safely: stop.
    getrandom::fill(buffer).expect("the operating system's random number generator");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_000_000_000;

    #[test]
    fn the_first_start_creates_an_owner_only_directory_and_key() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("keys");
        let keyring = load_or_create(&dir, NOW).unwrap();
        assert_eq!(keyring.keys().len(), 1);
        assert_eq!(fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        let file = fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        // A second start keeps the key.
        let again = load_or_create(&dir, NOW + 1000).unwrap();
        assert_eq!(again.current().unwrap().id(), keyring.current().unwrap().id());
    }

    #[test]
    fn rotation_adds_a_current_key_and_keeps_the_old_one() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("keys");
        let first = load_or_create(&dir, NOW).unwrap().current().unwrap().id().to_owned();
        let second = rotate(&dir, NOW + 60_000).unwrap();
        let listed = list(&dir).unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].key_id, first);
        assert_eq!(listed[1], second);
        assert_eq!(load(&dir).unwrap().0.current().unwrap().id(), second.key_id);
    }

    #[test]
    fn keys_others_may_read_refuse_the_start() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("keys");
        load_or_create(&dir, NOW).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o750)).unwrap();
        let error = load_or_create(&dir, NOW).unwrap_err();
        assert!(matches!(error, KeysError::DirectoryExposed { mode: 0o750, .. }), "{error}");
        assert!(error.to_string().contains("chmod 700"));
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        let file = fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let error = load_or_create(&dir, NOW).unwrap_err();
        assert!(matches!(error, KeysError::FileExposed { mode: 0o644, .. }), "{error}");
        let text = error.to_string();
        assert!(text.contains("chmod 600"), "{text}");
    }

    #[test]
    fn a_file_that_is_not_a_key_refuses_the_start_without_echoing_it() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("keys");
        load_or_create(&dir, NOW).unwrap();
        let path = dir.join("odd.key");
        fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).unwrap();
        fs::write(&path, "secret-looking text").unwrap();
        let error = load(&dir).unwrap_err();
        assert!(matches!(error, KeysError::Malformed { .. }));
        assert!(!error.to_string().contains("secret-looking"));
    }
}
