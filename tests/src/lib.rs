//! Shared helpers of the whop-rs integration tests: a loopback HTTP server that records requests.

pub mod faults;
pub mod sandbox;
pub mod server;

pub use server::{RecordedRequest, Reply, TestServer};

/// The API key test clients use; tests assert it never leaks into error text.
pub const TEST_API_KEY: &str = "apik_test_5ecret_never_printed";
