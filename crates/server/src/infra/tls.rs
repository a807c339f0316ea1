//! `serve --tls-cert FILE --tls-key FILE`: the two PEM files, read and checked once at start, and
//! turned into the rustls configuration the HTTPS listener uses.
//!
//! Every error names the file and what is wrong with it, so an operator can fix a deployment
//! from the message alone. This module must never print key material, in an error or a log.

use std::{
    io,
    path::{Path, PathBuf},
    sync::Arc,
};

use rustls::{
    ServerConfig,
    pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject as _},
};

/// The HTTPS configuration `serve` was given: a checked certificate chain and its key.
#[derive(Clone)]
pub struct TlsConfig {
    /// Where the certificate chain was read from (for the start-up log).
    pub cert_path: PathBuf,
    pub server_config: Arc<ServerConfig>,
}

impl std::fmt::Debug for TlsConfig {
    // Hand-written so a debug print of the configuration shows no part of the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConfig").field("cert_path", &self.cert_path).finish_non_exhaustive()
    }
}

/// Why the TLS flags or files cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error(
        "{given} is set but {missing} is not: HTTPS needs both the certificate \
         (--tls-cert or GUICHET_TLS_CERT) and its private key (--tls-key or GUICHET_TLS_KEY)"
    )]
    HalfConfigured { given: &'static str, missing: &'static str },
    #[error("cannot read the TLS {what} file {}", path.display())]
    Read {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the TLS certificate file {} holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)", path.display())]
    NoCertificate { path: PathBuf },
    #[error("the TLS certificate file {} is not valid PEM: {reason}", path.display())]
    InvalidCertificate { path: PathBuf, reason: String },
    #[error(
        "the TLS key file {} holds no PEM private key (`-----BEGIN PRIVATE KEY-----`, \
         `RSA PRIVATE KEY` or `EC PRIVATE KEY`; encrypted keys are not supported): {reason}",
        path.display()
    )]
    InvalidKey { path: PathBuf, reason: String },
    #[error(
        "the TLS key file {} does not go with the certificate file {}: {reason}",
        key.display(),
        cert.display()
    )]
    Mismatch { cert: PathBuf, key: PathBuf, reason: String },
}

/// Reads and checks the TLS files: `None` when neither is given (plain HTTP), an error when only
/// one is.
pub fn load_tls(cert: Option<&Path>, key: Option<&Path>) -> Result<Option<TlsConfig>, TlsError> {
    match (cert, key) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(TlsError::HalfConfigured {
            given: "--tls-cert (GUICHET_TLS_CERT)",
            missing: "--tls-key (GUICHET_TLS_KEY)",
        }),
        (None, Some(_)) => Err(TlsError::HalfConfigured {
            given: "--tls-key (GUICHET_TLS_KEY)",
            missing: "--tls-cert (GUICHET_TLS_CERT)",
        }),
        (Some(cert), Some(key)) => load_pair(cert, key).map(Some),
    }
}

fn load_pair(cert_path: &Path, key_path: &Path) -> Result<TlsConfig, TlsError> {
    let chain = read_certificates(cert_path)?;
    let key = read_key(key_path)?;
    // Built with the ring provider explicitly: no process-wide default to install or forget.
    let server_config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .and_then(|builder| builder.with_no_client_auth().with_single_cert(chain, key))
            .map_err(|error| TlsError::Mismatch {
                cert: cert_path.to_owned(),
                key: key_path.to_owned(),
                reason: error.to_string(),
            })?;
    let mut server_config = server_config;
    // HTTP/1.1 only: handlers read the Host header (the CSRF check's fallback, the desk's
    // activation links), which HTTP/2 replaces by the `:authority` pseudo-header.
    server_config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsConfig { cert_path: cert_path.to_owned(), server_config: Arc::new(server_config) })
}

fn read_file(what: &'static str, path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|source| TlsError::Read { what, path: path.to_owned(), source })
}

/// The certificate chain, leaf first, as the file lists it.
fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let pem = read_file("certificate", path)?;
    let chain =
        CertificateDer::pem_slice_iter(&pem).collect::<Result<Vec<_>, _>>().map_err(|error| {
            TlsError::InvalidCertificate { path: path.to_owned(), reason: error.to_string() }
        })?;
    if chain.is_empty() {
        return Err(TlsError::NoCertificate { path: path.to_owned() });
    }
    Ok(chain)
}

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    let pem = read_file("key", path)?;
    PrivateKeyDer::from_pem_slice(&pem)
        .map_err(|error| TlsError::InvalidKey { path: path.to_owned(), reason: error.to_string() })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

    use super::*;

    /// A self-signed certificate for localhost and its key, as PEM.
    fn certificate_and_key() -> (String, String) {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        (certified.cert.pem(), certified.signing_key.serialize_pem())
    }

    /// Writes `cert` and `key` to files and loads them; the error message if that fails.
    fn load(cert: &str, key: &str) -> Result<TlsConfig, String> {
        let dir = tempfile::tempdir().unwrap();
        let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        std::fs::write(&cert_path, cert).unwrap();
        std::fs::write(&key_path, key).unwrap();
        load_tls(Some(&cert_path), Some(&key_path))
            .map(|config| config.unwrap())
            .map_err(|error| error.to_string())
    }

    #[test]
    fn no_flags_is_plain_http() {
        assert!(load_tls(None, None).unwrap().is_none());
    }

    #[test]
    fn a_matching_pair_is_loaded() {
        let (cert, key) = certificate_and_key();
        let config = load(&cert, &key).unwrap();
        assert_eq!(config.server_config.alpn_protocols, [b"http/1.1"]);
    }

    #[test]
    fn half_a_configuration_names_the_missing_half() {
        let cert = Path::new("/etc/guichet/cert.pem");
        let message = load_tls(Some(cert), None).unwrap_err().to_string();
        assert!(
            message.starts_with(
                "--tls-cert (GUICHET_TLS_CERT) is set but --tls-key (GUICHET_TLS_KEY) is not"
            ),
            "{message}"
        );
        let message = load_tls(None, Some(cert)).unwrap_err().to_string();
        assert!(
            message.starts_with(
                "--tls-key (GUICHET_TLS_KEY) is set but --tls-cert (GUICHET_TLS_CERT) is not"
            ),
            "{message}"
        );
    }

    #[test]
    fn a_bad_file_is_named_with_what_is_wrong() {
        let (cert, key) = certificate_and_key();
        let (other_cert, _) = certificate_and_key();
        #[track_caller]
        fn check(result: Result<TlsConfig, String>, file: &str, fragment: &str) {
            let message = result.err().unwrap();
            assert!(message.contains(file), "{message}");
            assert!(message.contains(fragment), "{message}");
            assert!(!message.contains("PRIVATE KEY-----\n"), "no key material: {message}");
        }
        check(load("garbage", &key), "cert.pem", "holds no PEM certificate");
        check(load(&key, &key), "cert.pem", "holds no PEM certificate");
        check(load(&cert, "garbage"), "key.pem", "holds no PEM private key");
        check(load(&cert, &cert), "key.pem", "holds no PEM private key");
        check(load(&cert.replace('M', "!"), &key), "cert.pem", "the TLS certificate file");
        check(load(&other_cert, &key), "does not go with the certificate file", "cert.pem");
    }

    #[test]
    fn an_unreadable_file_is_named() {
        let missing = Path::new("/nonexistent/guichet/key.pem");
        let (cert, _) = certificate_and_key();
        let dir = tempfile::tempdir().unwrap();
        let cert_path = dir.path().join("cert.pem");
        std::fs::write(&cert_path, cert).unwrap();
        let message = load_tls(Some(&cert_path), Some(missing)).unwrap_err().to_string();
        assert_eq!(message, "cannot read the TLS key file /nonexistent/guichet/key.pem");
    }
}
