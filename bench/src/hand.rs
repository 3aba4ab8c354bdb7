//! The same calls written by hand with ureq and serde_json, the way a careful person would: one
//! agent built up front, the URL and body made with plain formatting and a derived `Serialize`,
//! the status checked, the body read with a size limit and decoded with `serde_json::from_slice`.
//!
//! Whether the agent has timeouts matters more than anything else here: ureq 3.5 looks the host up
//! before it checks its pool of connections, and when a timeout applies its resolver does so on a
//! new thread. A hand-written call with timeouts therefore pays a thread and a host look-up every
//! time, one without timeouts a look-up on the calling thread, and a call to an IP address with no
//! timeouts neither.

use std::error::Error;
use std::fmt::Write as _;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use ureq::Agent;
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};
use whop_core::Page;

use crate::api::{Product, ProductListItem};

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The largest body read, as in the generated client's default.
const BODY_LIMIT: u64 = 32 * 1024 * 1024;

/// What a hand-written call returns on failure.
pub type HandError = Box<dyn Error + Send + Sync>;

/// The members of the `PATCH /products/{id}` body the benchmarks send, in the order the
/// generated request writes them.
#[derive(Debug, Serialize)]
pub struct ProductChanges<'a> {
    /// `None` is sent as `null`, which clears the URL.
    pub custom_cta_url: Option<&'a str>,
    /// The new description.
    pub description: &'a str,
    /// The new headline.
    pub headline: &'a str,
    /// The new title.
    pub title: &'a str,
}

/// A hand-written client for two operations.
#[derive(Debug)]
pub struct HandWritten {
    agent: Agent,
    base_url: String,
    authorization: String,
}

impl HandWritten {
    /// A client for `base_url` with the generated client's default timeouts (60 s per call, 10 s
    /// to connect) and pool size: what a careful person configures.
    pub fn with_timeouts(base_url: &str, api_key: &str) -> HandWritten {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .timeout_connect(Some(Duration::from_secs(10)))
            .max_idle_connections(16)
            .max_idle_connections_per_host(16)
            .user_agent(crate::USER_AGENT)
            .build();
        HandWritten::with_agent(config.into(), base_url, api_key)
    }

    /// A client for `base_url` with ureq's default settings (no timeouts), except that a non-2xx
    /// status is an answer rather than an error and the `User-Agent` is the generated client's.
    pub fn without_timeouts(base_url: &str, api_key: &str) -> HandWritten {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(crate::USER_AGENT)
            .build();
        HandWritten::with_agent(config.into(), base_url, api_key)
    }

    /// A client for an `https://` `base_url` with ureq's default settings (no timeouts) but for
    /// its trusted roots: only the CA whose certificate `ca_pem` holds. As
    /// [`HandWritten::without_timeouts`], a non-2xx status is an answer and the `User-Agent` is
    /// the generated client's.
    pub fn tls_without_timeouts(base_url: &str, api_key: &str, ca_pem: &str) -> HandWritten {
        let roots: Vec<Certificate<'static>> = ureq::tls::parse_pem(ca_pem.as_bytes())
            .filter_map(|item| match item {
                Ok(PemItem::Certificate(cert)) => Some(cert),
                _ => None,
            })
            .collect();
        assert!(!roots.is_empty(), "the CA PEM holds a certificate");
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(crate::USER_AGENT)
            .tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::from(roots))
                    .build(),
            )
            .build();
        HandWritten::with_agent(config.into(), base_url, api_key)
    }

    fn with_agent(agent: Agent, base_url: &str, api_key: &str) -> HandWritten {
        HandWritten {
            agent,
            base_url: base_url.to_owned(),
            authorization: format!("Bearer {api_key}"),
        }
    }

    /// `PATCH /products/{id}` with `changes` as the body.
    pub fn update_product(
        &self,
        id: &str,
        changes: &ProductChanges<'_>,
    ) -> Result<Product, HandError> {
        let url = format!(
            "{}/products/{}",
            self.base_url,
            utf8_percent_encode(id, COMPONENT)
        );
        let body = serde_json::to_vec(changes)?;
        // A PATCH is not idempotent: a careful caller sends a fresh key with each call, as the
        // generated client does, so that a repeat is never applied twice.
        let key = uuid::Uuid::new_v4().to_string();
        let mut response = self
            .agent
            .patch(&url)
            .header("authorization", &self.authorization)
            .header("accept", "application/json")
            .header("api-version-date", whop_core::API_VERSION)
            .header("content-type", "application/json")
            .header("idempotency-key", &key)
            .send(&body[..])?;
        let status = response.status();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()?;
        if !status.is_success() {
            return Err(format!("status {status}").into());
        }
        Ok(serde_json::from_slice(&bytes)?)
    }

    /// `GET /products?company_id=…&first=…[&after=…]`.
    pub fn list_products(
        &self,
        company_id: &str,
        first: u32,
        after: Option<&str>,
    ) -> Result<Page<ProductListItem>, HandError> {
        // Same parameter order as the generated request, so both send the same target.
        let mut url = format!("{}/products?", self.base_url);
        if let Some(after) = after {
            let _ = write!(url, "after={}&", utf8_percent_encode(after, COMPONENT));
        }
        let _ = write!(
            url,
            "first={first}&company_id={}",
            utf8_percent_encode(company_id, COMPONENT)
        );
        let mut response = self
            .agent
            .get(&url)
            .header("authorization", &self.authorization)
            .header("accept", "application/json")
            .header("api-version-date", whop_core::API_VERSION)
            .call()?;
        let status = response.status();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()?;
        if !status.is_success() {
            return Err(format!("status {status}").into());
        }
        Ok(serde_json::from_slice(&bytes)?)
    }
}

/// The floor: the same `PATCH` with a URL, headers (its `Idempotency-Key` too) and body made once,
/// and the answer read but not
/// decoded, through an agent with no timeouts. Given a URL with an IP address (as the benchmarks
/// do), ureq neither looks anything up nor starts a thread for it.
#[derive(Debug)]
pub struct Raw {
    agent: Agent,
    url: String,
    authorization: String,
    idempotency_key: String,
    body: Vec<u8>,
}

impl Raw {
    /// A raw caller of `PATCH {base_url}/products/{id}` with a fixed body.
    pub fn new(base_url: &str, api_key: &str, id: &str, body: Vec<u8>) -> Raw {
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(crate::USER_AGENT)
            .build()
            .into();
        Raw {
            agent,
            url: format!("{base_url}/products/{id}"),
            authorization: format!("Bearer {api_key}"),
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            body,
        }
    }

    /// Sends the request; returns the body's length.
    pub fn call(&self) -> Result<usize, HandError> {
        let mut response = self
            .agent
            .patch(&self.url)
            .header("authorization", &self.authorization)
            .header("accept", "application/json")
            .header("api-version-date", whop_core::API_VERSION)
            .header("content-type", "application/json")
            .header("idempotency-key", &self.idempotency_key)
            .send(&self.body[..])?;
        Ok(response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()?
            .len())
    }
}
