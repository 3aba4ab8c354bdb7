//! A certificate authority generated when a benchmark starts, and the server configuration it
//! signs, so the clients speak real HTTPS to the loopback server (the same approach as the test
//! toolkit's CA in `tests/src/tls.rs`).

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};

/// A CA made for one run; its certificate is what the clients trust.
pub struct BenchCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl BenchCa {
    /// A new CA with a fresh P-256 key.
    pub fn new() -> BenchCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "whop-bench CA");
        let key = KeyPair::generate().expect("a CA key");
        BenchCa {
            issuer: CertifiedIssuer::self_signed(params, key).expect("a self-signed CA"),
        }
    }

    /// The CA's certificate in PEM, for `ClientBuilder::add_root_certificate` and ureq's
    /// `TlsConfig`.
    pub fn cert_pem(&self) -> String {
        self.issuer.pem()
    }

    /// A server configuration (rustls with the `ring` provider) with a certificate for
    /// `localhost` and `127.0.0.1`, signed by this CA.
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .expect("server parameters");
        let key = KeyPair::generate().expect("a server key");
        let cert = params
            .signed_by(&key, &self.issuer)
            .expect("a server certificate");
        let key = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der())
            .expect("the server key in DER");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert.der().clone()], key)
            .expect("a server configuration");
        Arc::new(config)
    }
}

impl Default for BenchCa {
    fn default() -> BenchCa {
        BenchCa::new()
    }
}

impl std::fmt::Debug for BenchCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BenchCa").finish_non_exhaustive()
    }
}
