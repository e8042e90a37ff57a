//! HTTPS for the hub (rustls): a certificate chain and its key in PEM files,
//! as certbot or a venue's own CA writes them. Both are looked at again on
//! each new connection, and read again when either changed, so a renewed
//! certificate is served without a restart; a renewal that cannot be read
//! is logged and the certificate before it stays.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{}: cannot read a certificate from it: {reason} (fix: give the PEM file of the certificate chain, e.g. certbot's fullchain.pem)", path.display())]
    Certificate { path: PathBuf, reason: String },
    #[error("{}: cannot read a private key from it: {reason} (fix: give the PEM file of the certificate's key, e.g. certbot's privkey.pem)", path.display())]
    Key { path: PathBuf, reason: String },
    #[error(
        "the certificate and the key do not go together: {0} (fix: give the key the certificate was made for)"
    )]
    Mismatch(String),
}

/// The hub's certificate, kept current with its files.
#[derive(Debug)]
pub struct Certificates {
    certificate: PathBuf,
    key: PathBuf,
    loaded: RwLock<Loaded>,
    provider: Arc<CryptoProvider>,
}

#[derive(Debug)]
struct Loaded {
    changed: (Option<SystemTime>, Option<SystemTime>),
    key: Arc<CertifiedKey>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Certificates {
    /// The certificate chain in `certificate` with its key in `key`.
    pub fn load(certificate: &Path, key: &Path) -> Result<Arc<Certificates>, TlsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let loaded = read(certificate, key, &provider)?;
        Ok(Arc::new(Certificates {
            certificate: certificate.to_owned(),
            key: key.to_owned(),
            loaded: RwLock::new(loaded),
            provider,
        }))
    }

    /// What takes a TLS connection with the current certificate.
    pub fn acceptor(self: &Arc<Self>) -> TlsAcceptor {
        let mut config = rustls::ServerConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default versions")
            .with_no_client_auth()
            .with_cert_resolver(self.clone());
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        TlsAcceptor::from(Arc::new(config))
    }

    fn current(&self) -> Arc<CertifiedKey> {
        let changed = (modified(&self.certificate), modified(&self.key));
        {
            let loaded = self.loaded.read().unwrap_or_else(|e| e.into_inner());
            if loaded.changed == changed {
                return loaded.key.clone();
            }
        }
        let mut loaded = self.loaded.write().unwrap_or_else(|e| e.into_inner());
        match read(&self.certificate, &self.key, &self.provider) {
            Ok(renewed) => {
                tracing::info!(
                    "{}: the renewed certificate is served",
                    self.certificate.display()
                );
                *loaded = renewed;
            }
            Err(error) => {
                tracing::error!("{error}; the certificate before stays");
                // Not tried again until the files change again.
                loaded.changed = changed;
            }
        }
        loaded.key.clone()
    }
}

impl ResolvesServerCert for Certificates {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current())
    }
}

fn read(certificate: &Path, key: &Path, provider: &CryptoProvider) -> Result<Loaded, TlsError> {
    let changed = (modified(certificate), modified(key));
    let chain = CertificateDer::pem_file_iter(certificate)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|error| TlsError::Certificate {
            path: certificate.to_owned(),
            reason: error.to_string(),
        })?;
    if chain.is_empty() {
        return Err(TlsError::Certificate {
            path: certificate.to_owned(),
            reason: "it holds no certificate".to_owned(),
        });
    }
    let secret = PrivateKeyDer::from_pem_file(key).map_err(|error| TlsError::Key {
        path: key.to_owned(),
        reason: error.to_string(),
    })?;
    let signing = provider
        .key_provider
        .load_private_key(secret)
        .map_err(|error| TlsError::Key {
            path: key.to_owned(),
            reason: error.to_string(),
        })?;
    let certified = CertifiedKey::new(chain, signing);
    certified
        .keys_match()
        .map_err(|error| TlsError::Mismatch(error.to_string()))?;
    Ok(Loaded {
        changed,
        key: Arc::new(certified),
    })
}
