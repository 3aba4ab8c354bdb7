//! Runtime of whop-rs, a blocking Rust client for the [Whop REST API](https://docs.whop.com).
//!
//! This crate holds everything that is not specific to one operation:
//!
//! - [`Client`] and [`ClientBuilder`]: one pooled HTTP agent, the API key, the base URL, timeouts.
//! - [`Endpoint`]: the trait every request type implements, usually through the
//!   [`endpoint`](macro@endpoint) attribute macro.
//! - [`Error`] and [`ApiError`]: every way a call can fail, as typed values, each naming the
//!   [`Call`] that failed (`UpdateProduct (PATCH /products/{id})`).
//! - [`Nullable`]: a field that can be left out, sent as `null`, or sent with a value.
//! - [`Timestamp`]: date-times as Whop sends them (RFC 3339 or Unix seconds).
//! - [`Page`]: one page of a cursor-paginated list, and the [`Pages`] and [`Items`] iterators.
//! - `Webhook` (feature `webhooks`, on by default): verifying and decoding Whop's signed webhook
//!   deliveries, with [`WebhookError`] for every reason one is refused.
//! - `UserTokenVerifier` (feature `user-token`, on by default): verifying the
//!   `x-whop-user-token` header Whop adds to the requests it forwards to an app's backend.
//! - [`lenient`]: number fields that also accept numbers written as strings, as the API sends them.
//! - [`decode_json`]: decoding a response body the way the client does, with the same errors.
//!
//! The operations themselves live in the `whop-endpoints` crate.
//!
//! ```no_run
//! use whop_core::{endpoint, Client, Nullable};
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! pub struct Product { pub id: String, pub title: String }
//!
//! /// Update a product.
//! #[endpoint(PATCH "/products/<id>", scopes = ["access_pass:update"], response = Product)]
//! pub struct RenameProduct {
//!     pub id: String,
//!     pub title: Nullable<String>,
//! }
//!
//! # fn main() -> Result<(), whop_core::Error> {
//! let client = Client::from_env()?;
//! let mut request = RenameProduct::new("prod_XXXXXXXX");
//! request.title = "New title".to_string().into();
//! let product = request.send(&client)?;
//! println!("{}", product.title);
//! # Ok(())
//! # }
//! ```
//!
//! # Cargo features
//!
//! | feature | default | what it adds | dependencies it brings |
//! | --- | --- | --- | --- |
//! | `webhooks` | on | `Webhook`: checking the signature and time of a delivery | `hmac`, `sha2`, `base64` |
//! | `user-token` | on | `UserTokenVerifier` and the other user-token items | `jsonwebtoken`, `p256`, `base64` |
//! | `fuzzing` | off | `whop_core::fuzzing`: entry points for the fuzz targets | none |
//!
//! A script that only calls the API can leave the first two out (`default-features = false`;
//! `whop-endpoints` forwards both under the same names). [`WebhookError`], [`UndecodableEvent`]
//! and the generated event types stay without `webhooks`: decoding an event needs no crypto. The
//! `fuzzing` feature is for the `fuzz/` targets only; it is not part of the API and is not covered
//! by semantic versioning.
//!
//! # Reliability
//!
//! Calls are meant to run unattended against an API that moves money. Each one returns a value or
//! a typed [`Error`] within a bounded time, and never makes the server apply an operation twice.
//!
//! **Timeouts.** Each attempt has one deadline, [`ClientBuilder::timeout`] (60 s by default;
//! [`RequestOptions::timeout`] for one call). It covers connecting, sending, following redirects,
//! the response head and the whole body, so a server that stalls before its status line or in the
//! middle of its body ends the attempt with [`Error::Timeout`]. Opening a connection is also
//! bounded on its own by [`ClientBuilder::connect_timeout`] (10 s). A call lasts at most
//! `(max_retries + 1) × timeout` plus the waits between attempts.
//!
//! **Retries.** A failed attempt is retried up to [`ClientBuilder::max_retries`] times (2 by
//! default; [`RequestOptions::max_retries`] for one call) when the failure may be transient: a
//! connection that could not be made or broke, a timeout, or one of the statuses 408, 409, 429, 500,
//! 502, 503 and 504. A response header `x-should-retry: true` or `false` overrides the status.
//! Before retry *n* the client waits 0.5 s × 2<sup>n−1</sup>, at most 8 s, less up to 25% of
//! random jitter; when the answer carries `retry-after-ms` or `Retry-After` (seconds or an HTTP
//! date), that wait is used instead, shortened to 60 s at most; a 429 without either header is
//! waited out as long as its message asks (Whop's says "Try again in 12 seconds."). When no
//! attempt is left, the call
//! returns the last attempt's outcome: [`Error::Api`] with its status, or [`Error::Timeout`] /
//! [`Error::Transport`] with the number of attempts made. A 2xx answer is never repeated, even when
//! its body does not decode, and neither is a body over
//! [`max_response_bytes`](ClientBuilder::max_response_bytes) (counted after decompression).
//!
//! **Idempotency.** Repeating `GET`, `PUT` or `DELETE` is harmless: RFC 9110 (§9.2.2) defines
//! them as idempotent. `POST` and `PATCH` are not (RFC 5789 §2: "PATCH is neither safe nor
//! idempotent"; a patch may append to a list or depend on the current state), so every `POST` and
//! every `PATCH` carries an `Idempotency-Key` header: a random UUID made once per call, or the key
//! given with [`RequestOptions::idempotency_key`]. Every attempt of the call sends that same key,
//! so the API applies the operation once however many attempts reach it. With generated keys
//! turned off ([`ClientBuilder::idempotency_keys`]`(false)`) and no key given, a `POST` or `PATCH`
//! is retried only when none of its bytes can have reached the server (connection refused, DNS
//! failure, connect timeout); once they may have, its first failure is returned as is, whatever
//! the status or `x-should-retry` says.
//!
//! **Kept-alive connections.** A client keeps up to
//! [`max_idle_connections`](ClientBuilder::max_idle_connections) (16) idle connections, shared by
//! all its clones and threads. A call holds one connection from sending its request to reading the
//! end of the answer, so up to 16 threads calling at once open no more than 16 connections. An idle
//! connection is checked before reuse, and dropped if the server has closed it. If the server
//! closes it just as the request goes out, so the request fails on a reused connection before any
//! byte of an answer, the call is sent again at once on a new connection. That does not count as a
//! retry, happens at most once per call, and only when repeating the call is safe.
//!
//! **Redirects** are followed (up to 10), but the `Authorization` header is never sent where a
//! redirect points, whether on another host or the same one.
//!
//! **Secrets.** The API key appears in no `Debug` output and no error message, and the transport's
//! debug logs leave out the header that carries it.

// The modules form layers with no import cycle; each uses only modules listed before it (the
// leaves `nullable`, `timestamp`, `response`, `loopback` and `tls` use none):
//
// - `call`: `Method` and `Call`, the name of an operation in errors.
// - `error`: every error type, `UploadError` included (it holds the `Error` of its step).
// - `attempt`: what one attempt came to (answer, failure, wire activity); uses nothing.
// - `path`, `query`, `request`: encoding a request; `endpoint`: the trait, over `request`.
// - `decode`: response bodies into the declared types.
// - `config`: the builder's settings and all their validation, producing `Settings`.
// - `retry`: when to retry and how long to wait; reads `attempt` facts only.
// - `wire`: the ureq adapter (the only user of `ureq::unversioned`); runs one attempt.
// - `transport`: a call's attempts under the retry rules, from validated `Settings`.
// - `client`, then `upload`, `page` and `scopes`: the public API over all of it.
// - `webhook` and `user_token` stand apart (they use `loopback` at most); `envelope` (the webhook
//   `Event<T>` and `webhook_events!`) and `union` (`tagged_union!`, `untagged_union!`) are the
//   fixed parts of generated code; `fuzzing` and `__private` sit on top.
mod attempt;
mod call;
mod client;
mod config;
mod decode;
mod endpoint;
mod envelope;
mod error;
mod loopback;
mod nullable;
mod page;
mod path;
mod query;
mod request;
mod response;
mod retry;
mod scopes;
mod timestamp;
mod tls;
mod transport;
mod union;
mod upload;
#[cfg(feature = "user-token")]
mod user_token;
mod webhook;
mod wire;

#[doc(hidden)]
pub mod __private;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod lenient;
#[doc(hidden)]
pub mod string_enum;

pub use call::{Call, Method};
pub use client::{Client, ClientBuilder};
pub use config::{API_VERSION, DEFAULT_BASE_URL};
pub use decode::decode_json;
pub use endpoint::Endpoint;
pub use error::{ApiError, DecodeError, Error, UploadError};
pub use nullable::Nullable;
pub use page::{Items, Page, PageInfo, Pages, Paginated};
pub use request::{Presence, RequestOptions, RequestParts};
pub use response::Response;
pub use scopes::{EndpointInfo, EndpointSet, ScopeSet, scopes};
pub use timestamp::Timestamp;
#[cfg(feature = "user-token")]
pub use user_token::{
    DEFAULT_JWKS_URL, USER_TOKEN_HEADER, UserToken, UserTokenError, UserTokenVerifier,
};
#[cfg(feature = "webhooks")]
pub use webhook::Webhook;
pub use webhook::{UndecodableEvent, WebhookError};

/// The outcome of a call: the decoded response, or an [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Declares a request type; see the `whop-macros` crate for the full syntax.
pub use whop_macros::endpoint;

/// The `http` crate, re-exported so header maps and names line up with this crate's version.
pub use http;
