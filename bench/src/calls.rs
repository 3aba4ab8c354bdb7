//! The ways of making the benchmarked call, set up against one server.
//!
//! | variant | what it is |
//! | --- | --- |
//! | `generated` | `UpdateProduct::send` through a default [`whop_core::Client`] |
//! | `hand_timeouts` | hand-written ureq + serde_json, agent with timeouts ([`HandWritten::with_timeouts`]) |
//! | `hand_no_timeouts` | the same code, agent with ureq's defaults ([`HandWritten::without_timeouts`]) |
//! | `hand_by_ip` | the same code and agent as `hand_no_timeouts`, to the server's IP address |
//! | `raw_ureq` | static request to the server's IP address, agent with ureq's defaults, answer not decoded ([`Raw`]) |
//!
//! The first three address the server as `localhost`, so a client that looks the host up on every
//! call pays for it. The last two address it by IP with no timeouts, which ureq neither looks up
//! nor starts a thread for: `hand_by_ip` is the cheapest a hand-written call can be, `raw_ureq` the
//! floor of any ureq call.

use std::hint::black_box;

use whop_core::Client;

use crate::api::UpdateProduct;
use crate::hand::{HandWritten, ProductChanges, Raw};
use crate::server::Server;
use crate::{API_KEY, client, fixtures, update_changes, update_request};

/// The variants' names, in report order.
pub const VARIANTS: [&str; 5] = [
    "generated",
    "hand_timeouts",
    "hand_no_timeouts",
    "hand_by_ip",
    "raw_ureq",
];

/// Everything the four variants need, built once.
#[derive(Debug)]
pub struct Calls {
    /// The generated client.
    pub client: Client,
    request: UpdateProduct,
    hand_timeouts: HandWritten,
    hand_no_timeouts: HandWritten,
    hand_by_ip: HandWritten,
    changes: ProductChanges<'static>,
    raw: Raw,
}

impl Calls {
    /// The variants, set up to call `server` (which should answer with [`fixtures::product`]).
    pub fn new(server: &Server) -> Calls {
        let url = server.url();
        let changes = update_changes();
        let body = serde_json::to_vec(&changes).expect("serializable");
        Calls {
            client: client(&url),
            request: update_request(),
            hand_timeouts: HandWritten::with_timeouts(&url, API_KEY),
            hand_no_timeouts: HandWritten::without_timeouts(&url, API_KEY),
            hand_by_ip: HandWritten::without_timeouts(&server.ip_url(), API_KEY),
            changes,
            raw: Raw::new(&server.ip_url(), API_KEY, fixtures::PRODUCT_ID, body),
        }
    }

    /// Makes one call of `variant` (one of [`VARIANTS`]); panics if it fails or is unknown.
    pub fn call(&self, variant: &str) {
        match variant {
            "generated" => {
                black_box(self.request.send(&self.client).expect("generated call"));
            }
            "hand_timeouts" => {
                black_box(
                    self.hand_timeouts
                        .update_product(fixtures::PRODUCT_ID, &self.changes)
                        .expect("hand-written call"),
                );
            }
            "hand_no_timeouts" => {
                black_box(
                    self.hand_no_timeouts
                        .update_product(fixtures::PRODUCT_ID, &self.changes)
                        .expect("hand-written call"),
                );
            }
            "hand_by_ip" => {
                black_box(
                    self.hand_by_ip
                        .update_product(fixtures::PRODUCT_ID, &self.changes)
                        .expect("hand-written call"),
                );
            }
            "raw_ureq" => {
                black_box(self.raw.call().expect("raw call"));
            }
            other => panic!("no variant {other}"),
        }
    }
}

/// The variants of the TLS group, in report order.
///
/// | variant | what it is |
/// | --- | --- |
/// | `generated_tls` | `UpdateProduct::send` through a default [`whop_core::Client`] that trusts the benchmark's CA, to `https://localhost:PORT` |
/// | `hand_tls` | hand-written ureq + serde_json, agent with no timeouts trusting only that CA ([`HandWritten::tls_without_timeouts`]), to `https://localhost:PORT` |
/// | `hand_tls_by_ip` | the same code and agent, to `https://127.0.0.1:PORT`: no look-up |
/// | `generated_http` | `generated`: the same generated call over plain HTTP, for the side-by-side figure |
///
/// Every TLS variant keeps one connection open for the whole run, so a call costs the encryption
/// of its request and answer, not a handshake.
pub const TLS_VARIANTS: [&str; 4] = [
    "generated_tls",
    "hand_tls",
    "hand_tls_by_ip",
    "generated_http",
];

/// Everything the TLS group needs, built once.
#[derive(Debug)]
pub struct TlsCalls {
    /// The generated client over HTTPS.
    pub client_tls: Client,
    /// The generated client over plain HTTP.
    pub client_http: Client,
    request: UpdateProduct,
    hand_tls: HandWritten,
    hand_tls_by_ip: HandWritten,
    changes: ProductChanges<'static>,
}

impl TlsCalls {
    /// The variants, set up to call `tls` (an HTTPS server whose certificate the CA in `ca_pem`
    /// signed) and `plain` (a plain-HTTP server); both should answer with [`fixtures::product`].
    pub fn new(tls: &Server, plain: &Server, ca_pem: &str) -> TlsCalls {
        let client_tls = Client::builder()
            .api_key(API_KEY)
            .base_url(tls.url())
            .add_root_certificate(ca_pem.as_bytes())
            .build()
            .expect("a valid client configuration");
        TlsCalls {
            client_tls,
            client_http: client(&plain.url()),
            request: update_request(),
            hand_tls: HandWritten::tls_without_timeouts(&tls.url(), API_KEY, ca_pem),
            hand_tls_by_ip: HandWritten::tls_without_timeouts(&tls.ip_url(), API_KEY, ca_pem),
            changes: update_changes(),
        }
    }

    /// Makes one call of `variant` (one of [`TLS_VARIANTS`]); panics if it fails or is unknown.
    pub fn call(&self, variant: &str) {
        match variant {
            "generated_tls" => {
                black_box(self.request.send(&self.client_tls).expect("generated call"));
            }
            "hand_tls" => {
                black_box(
                    self.hand_tls
                        .update_product(fixtures::PRODUCT_ID, &self.changes)
                        .expect("hand-written call"),
                );
            }
            "hand_tls_by_ip" => {
                black_box(
                    self.hand_tls_by_ip
                        .update_product(fixtures::PRODUCT_ID, &self.changes)
                        .expect("hand-written call"),
                );
            }
            "generated_http" => {
                black_box(
                    self.request
                        .send(&self.client_http)
                        .expect("generated call"),
                );
            }
            other => panic!("no variant {other}"),
        }
    }
}
