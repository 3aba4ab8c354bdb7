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
