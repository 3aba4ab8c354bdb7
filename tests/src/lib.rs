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

/// The message of `err` and of each [`source`](std::error::Error::source) under it, outermost
/// first.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut chain = Vec::new();
    let mut next = Some(err);
    while let Some(err) = next {
        chain.push(err.to_string());
        next = err.source();
    }
    chain
}

/// Asserts that every message in `err`'s source chain is non-empty and that none repeats text
/// already shown by a message above it, so a report that prints the whole chain says each thing
/// once. Returns the chain.
pub fn assert_chain_says_each_thing_once(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let chain = error_chain(err);
    for (depth, message) in chain.iter().enumerate() {
        assert!(!message.trim().is_empty(), "an empty message in {chain:#?}");
        for parent in &chain[..depth] {
            assert!(
                !parent.contains(message.as_str()),
                "{message:?} repeats what its parent {parent:?} already says"
            );
        }
    }
    chain
}
