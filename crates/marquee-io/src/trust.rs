//! Whom a screen trusts to be the hub it follows. A hub with a public
//! certificate is verified against the public roots, as every fetch is; a
//! venue that makes its own certificates gives their authority once at
//! start (`marquee kiosk --hub-ca FILE`), for the hub's origin alone: every
//! fetch to that origin (the programme, reports, screenshots, enrolment)
//! and the hub's event stream ([`client_config`]) then verify the hub
//! against that authority, and nothing else is trusted by it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("{}: cannot read a certificate authority from it: {reason} (fix: give the PEM file of the authority that signed the hub's certificate)", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("the hub's certificate authority is given already")]
    GivenAlready,
}

/// The hub's origin (`https://HOST:PORT`) and the authorities it is verified against.
static HUB: OnceLock<(String, Arc<Vec<CertificateDer<'static>>>)> = OnceLock::new();

/// Trusts the authorities in `pem` for `origin`, the hub's address, alone.
pub fn trust_for(origin: &str, pem: &Path) -> Result<(), TrustError> {
    let unreadable = |reason: String| TrustError::Unreadable {
        path: pem.to_owned(),
        reason,
    };
    let authorities = CertificateDer::pem_file_iter(pem)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|error| unreadable(error.to_string()))?;
    if authorities.is_empty() {
        return Err(unreadable("it holds no certificate".to_owned()));
    }
    HUB.set((
        origin.trim_end_matches('/').to_owned(),
        Arc::new(authorities),
    ))
    .map_err(|_| TrustError::GivenAlready)
}

/// The authorities to verify `address` against, when it is the hub's and
/// the hub's were given.
pub fn authorities_for(address: &str) -> Option<Arc<Vec<CertificateDer<'static>>>> {
    let (origin, authorities) = HUB.get()?;
    let rest = address.strip_prefix(origin.as_str())?;
    (rest.is_empty() || rest.starts_with('/')).then(|| authorities.clone())
}

/// A TLS client for `address`: verified against the hub's authorities
/// when it is the hub's, else against the public roots.
pub fn client_config(address: &str) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    match authorities_for(address) {
        Some(authorities) => {
            for authority in authorities.iter() {
                let _ = roots.add(authority.clone());
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default versions")
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}
