//! TLS settings beyond ureq's defaults: extra root certificates, and telling a certificate that
//! was not accepted apart from a connection that merely broke.

use ureq::tls::{Certificate, PemItem, RootCerts};

/// The roots a client trusts: Mozilla's (as ureq uses by default) plus the given PEM bundles.
///
/// Each bundle must hold at least one `CERTIFICATE` block; anything else in it (a key, comments)
/// is skipped. The error says which bundle is unusable and why.
pub(crate) fn root_certs(extra_pems: &[Vec<u8>]) -> Result<RootCerts, String> {
    let mut certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    for (n, pem) in extra_pems.iter().enumerate() {
        let before = certs.len();
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(PemItem::Certificate(cert)) => certs.push(cert),
                Ok(_) => {}
                Err(err) => {
                    return Err(format!(
                        "root certificate {} is not valid PEM: {err}",
                        n + 1
                    ));
                }
            }
        }
        if certs.len() == before {
            return Err(format!(
                "root certificate {} holds no PEM CERTIFICATE block",
                n + 1
            ));
        }
    }
    Ok(RootCerts::from(certs))
}

/// Whether a failure is about the server's certificate (untrusted, expired, for another name):
/// a problem that repeats identically on every attempt, so it is never retried.
pub(crate) fn is_certificate_error(err: &ureq::Error) -> bool {
    let rustls_error = match err {
        ureq::Error::Rustls(inner) => Some(inner),
        // The handshake runs inside rustls' stream, which reports its errors as I/O errors.
        ureq::Error::Io(io) => io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        _ => None,
    };
    matches!(
        rustls_error,
        Some(
            rustls::Error::InvalidCertificate(_)
                | rustls::Error::NoCertificatesPresented
                | rustls::Error::InvalidCertRevocationList(_)
        )
    )
}

/// What an [`Error::Transport`](crate::Error::Transport) says when the server's certificate was
/// not accepted; the TLS layer's own report (which check failed) is the error's `source`.
pub(crate) const CERTIFICATE_REJECTED: &str = "the server's TLS certificate was not accepted; if a \
     proxy or a private CA signs it, trust that CA with ClientBuilder::add_root_certificate";
