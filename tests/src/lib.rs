//! Shared helpers of the whop-rs integration tests, and of the benchmarks' HTTPS set-up.
//!
//! The servers all run on 127.0.0.1 and are built on one core, [`loopback`] (a listener that
//! hands each connection to a thread, counts connections, and stops when dropped, and the
//! HTTP/1.1 request loop over plain TCP or TLS):
//!
//! - [`TestServer`] records every request and answers with the test's handler, over HTTP or, with
//!   a [`tls::TestCa`], HTTPS;
//! - [`faults::FaultServer`] follows a script of misbehaviours (resets, slow bodies, …);
//! - [`proxy::ConnectProxy`] is an HTTP `CONNECT` proxy that records what it tunnelled.
//!
//! [`spec`] reads the OpenAPI spec at test time and resolves its `$ref`s.

pub mod faults;
pub mod loopback;
pub mod proxy;
pub mod server;
pub mod spec;
pub mod tls;

pub use loopback::closed_port;
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

/// `GET /ping` answered with any JSON: the smallest hand-written endpoint, for tests about the
/// client rather than about an operation.
#[derive(Debug, Clone, Copy)]
pub struct Ping;

impl whop_core::Endpoint for Ping {
    const METHOD: whop_core::Method = whop_core::Method::Get;
    const PATH: &'static str = "/ping";
    const SCOPES: &'static [&'static str] = &[];
    type Response = serde_json::Value;

    fn write_request(&self, _parts: &mut whop_core::RequestParts) -> Result<(), whop_core::Error> {
        Ok(())
    }
}

/// The examples of the READMEs, compiled (and, but for those marked `no_run`, run) as doctests,
/// so that what a reader copies works as written.
#[cfg(doctest)]
pub mod readmes {
    #[doc = include_str!("../../README.md")]
    pub struct Workspace;
    #[doc = include_str!("../../whop-core/README.md")]
    pub struct WhopCore;
    #[doc = include_str!("../../whop-endpoints/README.md")]
    pub struct WhopEndpoints;
    #[doc = include_str!("../../whop-macros/README.md")]
    pub struct WhopMacros;
}
