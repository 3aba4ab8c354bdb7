//! Benchmarks of whop-rs: the generated client next to the same calls written by hand with ureq
//! and serde_json, over a loopback server in the benchmark process.
//!
//! - `cargo bench -p whop-bench --bench paired`: per call (over plain HTTP and over kept-alive
//!   HTTPS) and decoding, the variants interleaved, for ratios of wall and of whole-process CPU
//!   time.
//! - `cargo bench -p whop-bench --bench client`: the same with criterion, for absolute times.
//! - `cargo run --release -p whop-bench --bin per_call_census`: heap allocations per call; with
//!   `--run VARIANT CALLS` under `strace`, threads created and host look-ups.
//! - `cargo run --release -p whop-bench --bin pagination_memory`: peak memory while iterating
//!   1,000 and 100,000 items.
//! - `scripts/bench` runs everything, the compile budget included, and prints a summary.

pub mod api;
pub mod calls;
pub mod fixtures;
pub mod hand;
pub mod memory;
pub mod paired;
pub mod pieces;
pub mod server;

use whop_core::{Client, Nullable};

use crate::api::UpdateProduct;
use crate::hand::ProductChanges;

/// The common name of the certificate authority the HTTPS benchmarks make for their run (with
/// the test toolkit's [`whop_tests::tls::TestCa`]).
pub const CA_NAME: &str = "whop-bench CA";

/// The API key every variant sends.
pub const API_KEY: &str = "apik_bench_0123456789abcdef";

/// The `User-Agent` every variant sends: the generated client's default.
pub const USER_AGENT: &str = concat!("whop-rs/", env!("CARGO_PKG_VERSION"));

/// A generated-API client for `base_url` with default settings.
pub fn client(base_url: &str) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .build()
        .expect("a valid client configuration")
}

/// The update the benchmarks send, as a generated request.
pub fn update_request() -> UpdateProduct {
    let mut request = UpdateProduct::new(fixtures::PRODUCT_ID);
    request.custom_cta_url = Nullable::Null;
    request.description =
        Nullable::Value("Track your revenue, members, and growth in real time.".to_owned());
    request.headline = Nullable::Value("Real-time data analytics for creators".to_owned());
    request.title = Nullable::Value("Pickaxe Analytics".to_owned());
    request
}

/// The same update, as the hand-written body.
pub fn update_changes() -> ProductChanges<'static> {
    ProductChanges {
        custom_cta_url: None,
        description: "Track your revenue, members, and growth in real time.",
        headline: "Real-time data analytics for creators",
        title: "Pickaxe Analytics",
    }
}

#[cfg(test)]
mod tests;
