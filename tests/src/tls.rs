//! Certificates a test makes for a hub on loopback: an authority of its own
//! and a certificate it signed for `127.0.0.1` and `localhost`, and clients
//! that trust that authority alone.

use sha2::{Digest, Sha256};

pub struct TestCertificate {
    /// The authority's certificate, PEM.
    pub authority: String,
    /// The hub's certificate, PEM.
    pub certificate: String,
    /// The hub's key, PEM.
    pub key: String,
    /// The SHA-256 of the hub key's public part, base64: what Chromium's
    /// `--ignore-certificate-errors-spki-list` takes.
    pub spki_sha256: String,
}

impl TestCertificate {
    /// A new authority named `name` and a certificate it signed.
    pub fn new(name: &str) -> TestCertificate {
        use base64::Engine;
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
        let mut authority = CertificateParams::new(Vec::<String>::new()).expect("parameters");
        authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        authority
            .distinguished_name
            .push(DnType::CommonName, format!("{name} test CA"));
        let authority_key = KeyPair::generate().expect("a key");
        let authority = authority.self_signed(&authority_key).expect("signed");
        let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("parameters");
        leaf.distinguished_name.push(DnType::CommonName, "hub");
        let leaf_key = KeyPair::generate().expect("a key");
        let leaf = leaf
            .signed_by(&leaf_key, &authority, &authority_key)
            .expect("signed");
        TestCertificate {
            authority: authority.pem(),
            certificate: leaf.pem(),
            key: leaf_key.serialize_pem(),
            spki_sha256: base64::engine::general_purpose::STANDARD
                .encode(Sha256::digest(leaf_key.public_key_der())),
        }
    }

    /// The certificate and key written to `folder`, as the hub takes them:
    /// `(fullchain.pem, privkey.pem)`.
    pub fn write(&self, folder: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
        let (cert, key) = (folder.join("fullchain.pem"), folder.join("privkey.pem"));
        std::fs::write(&key, &self.key).expect("the key written");
        std::fs::write(&cert, &self.certificate).expect("the certificate written");
        (cert, key)
    }

    /// A client that trusts this authority alone.
    pub fn client(&self) -> ureq::Agent {
        let root = ureq::tls::Certificate::from_pem(self.authority.as_bytes()).expect("a PEM");
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(10)))
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::new_with_certs(&[root]))
                    .build(),
            )
            .build()
            .into()
    }
}
