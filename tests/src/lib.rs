//! Shared helpers of the whop-rs integration tests: a loopback HTTP server that records requests,
//! a scripted fault server, the tour's sandbox, and the OpenAPI spec read at test time.

pub mod faults;
pub mod proxy;
pub mod sandbox;
pub mod server;
pub mod spec;
pub mod tls;

pub use server::{RecordedRequest, Reply, TestServer};

/// The API key test clients use; tests assert it never leaks into error text.
pub const TEST_API_KEY: &str = "apik_test_5ecret_never_printed";
